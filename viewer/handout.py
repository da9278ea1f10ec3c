"""PDF handout for consultation sessions (A4 or A3, landscape): title, views, legend, the zone's figures, credits.

Views are rendered off screen by :func:`viewer.export.export_image` (with
their legend, north arrow and scale bar); the page is laid out with
matplotlib's PDF backend, fonts embedded, so the file prints the same
everywhere.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np

from city.model import City, SurfaceType, Zone
from viewer.export import ImageSpec, export_image
from viewer.gltf import buildings_in_zone
from viewer.overlay import Overlay

PAPER_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # landscape

_TEXT = {
    "en": {
        "buildings": "Buildings", "footprint": "Footprint area", "floor": "Floor area (est.)", "height": "Height (median / max)",
        "built": "Built before 1914 / since 2000", "roofs": "Roof area", "area": "Zone area", "figures": "The zone in figures",
        "oblique": "View from the south-west", "top": "Plan view", "date": "Printed", "page": "page",
        "floor_note": "floor area = footprint x storeys, where storeys are known",
    },
    "fr": {
        "buildings": "Bâtiments", "footprint": "Emprise au sol", "floor": "Surface de plancher (est.)",
        "height": "Hauteur (médiane / max)", "built": "Construits avant 1914 / depuis 2000", "roofs": "Surface de toitures",
        "area": "Surface de la zone", "figures": "La zone en chiffres", "oblique": "Vue depuis le sud-ouest",
        "top": "Vue en plan", "date": "Imprimé le", "page": "page",
        "floor_note": "plancher = emprise x niveaux, quand les niveaux sont connus",
    },
}


def zone_figures(city: City, zone: Zone | None, language: str = "en") -> list[tuple[str, str]]:
    """(label, value) rows a planner reads about a zone."""
    t = _TEXT.get(language, _TEXT["en"])
    b = city.buildings
    idx = buildings_in_zone(city, zone)
    footprint = b.surface_area_by_building_m2(SurfaceType.GROUND)[idx]
    roofs = b.surface_area_by_building_m2(SurfaceType.ROOF)[idx]
    rows = []
    if zone is not None:
        rows.append((t["area"], f"{zone.polygon.area_m2 / 1e4:,.1f} ha"))
    rows.append((t["buildings"], f"{len(idx):,}"))
    rows.append((t["footprint"], f"{footprint.sum() / 1e4:,.2f} ha"))
    storeys = b.attributes.get("storeys")
    if storeys is not None and storeys.dtype.kind in "if":
        s = storeys.astype(float)[idx]
        known = np.isfinite(s)
        rows.append((t["floor"], f"{(footprint[known] * s[known]).sum() / 1e4:,.1f} ha"))
    heights = b.attributes.get("height_m")
    if heights is not None and heights.dtype.kind in "if" and len(idx):
        h = heights.astype(float)[idx]
        rows.append((t["height"], f"{np.nanmedian(h):.0f} m / {np.nanmax(h):.0f} m"))
    years = b.attributes.get("construction_year")
    if years is not None and years.dtype.kind in "if" and len(idx):
        y = years.astype(float)[idx]
        rows.append((t["built"], f"{int((y < 1914).sum())} / {int((y >= 2000).sum())}"))
    rows.append((t["roofs"], f"{roofs.sum() / 1e4:,.2f} ha"))
    return [(label, value.replace(",", "\u202f")) for label, value in rows]


def export_handout(
    city: City,
    out: Path,
    zone: Zone | None = None,
    title: str = "",
    subtitle: str = "",
    paper: str = "A4",
    overlay: Overlay | None = None,
    language: str = "en",
) -> dict:
    """Write a one-page PDF handout of ``zone`` to ``out``; returns a summary."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if paper not in PAPER_MM:
        raise ValueError(f"paper must be one of {', '.join(PAPER_MM)}, got {paper!r}")
    t = _TEXT.get(language, _TEXT["en"])
    w_mm, h_mm = PAPER_MM[paper]
    dpi = 200
    view_px = (int(w_mm * 0.62 / 25.4 * dpi), int(h_mm * 0.40 / 25.4 * dpi))
    title = title or (zone.name if zone else city.name)
    with tempfile.TemporaryDirectory() as tmp:
        oblique = export_image(city, Path(tmp) / "oblique.png",
                               ImageSpec(size=view_px, title=t["oblique"], view="home", overlay=overlay))
        top = export_image(city, Path(tmp) / "top.png", ImageSpec(size=view_px, title=t["top"], view="top", overlay=overlay))
        images = [plt.imread(oblique), plt.imread(top)]
    fig = plt.figure(figsize=(w_mm / 25.4, h_mm / 25.4))
    fig.text(0.03, 0.95, title, fontsize=22 if paper == "A4" else 30, weight="bold", va="top")
    if subtitle:
        fig.text(0.03, 0.905, subtitle, fontsize=12 if paper == "A4" else 16, va="top", color="#333333")
    for k, img in enumerate(images):
        ax = fig.add_axes((0.03, 0.47 - k * 0.44, 0.62, 0.42))
        ax.imshow(img)
        ax.set_axis_off()
    ax = fig.add_axes((0.68, 0.30, 0.29, 0.56))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    ax.text(0.0, 1.0, t["figures"], fontsize=14, weight="bold", va="top")
    rows = zone_figures(city, zone, language)
    for k, (label, value) in enumerate(rows):
        y = 0.90 - k * 0.085
        ax.text(0.0, y, label, fontsize=10, va="top", color="#444444")
        ax.text(1.0, y, value, fontsize=11, va="top", ha="right", weight="bold")
        ax.plot([0, 1], [y - 0.06, y - 0.06], color="#dddddd", lw=0.6)
    ax.text(0.0, 0.90 - len(rows) * 0.085 - 0.02, t["floor_note"], fontsize=7, va="top", color="#777777")
    credits = f"Maquette · {city.crs}"
    if city.provenance:
        credits += f" · {city.provenance}"
    fig.text(0.68, 0.06, credits, fontsize=7, color="#555555", wrap=True, va="bottom")
    fig.text(0.68, 0.03, f"{t['date']} {dt.date.today().isoformat()}", fontsize=8, color="#555555")
    fig.savefig(out, format="pdf", metadata={"Title": title, "Creator": "Maquette"})
    plt.close(fig)
    return {"pages": 1, "bytes": Path(out).stat().st_size, "paper": paper}
