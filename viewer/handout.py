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
        "ba_title": "Before / after", "before": "Before: the site today", "after": "After: with the project",
        "impact_view": "Sun hours gained (blue) or lost (red) on %s", "models": "Project models",
        "replaced": "Buildings replaced", "model_height": "Project height (max)", "model_footprint": "Project footprint",
        "neighbours": "Neighbours analysed (within %s m)", "losers": "with faces losing 1 h of sun or more",
        "losing_area": "Their faces losing 1 h or more", "energy": "Sun energy on neighbours' faces",
        "impact_note": "after minus before, same sky and sun; sun hours on %s, sun energy over the year of: %s",
        "clear_sky": "a clear-sky year (modelled, not measured weather)", "colon": ": ",
    },
    "fr": {
        "buildings": "Bâtiments", "footprint": "Emprise au sol", "floor": "Surface de plancher (est.)",
        "height": "Hauteur (médiane / max)", "built": "Construits avant 1914 / depuis 2000", "roofs": "Surface de toitures",
        "area": "Surface de la zone", "figures": "La zone en chiffres", "oblique": "Vue depuis le sud-ouest",
        "top": "Vue en plan", "date": "Imprimé le", "page": "page",
        "floor_note": "plancher = emprise x niveaux, quand les niveaux sont connus",
        "ba_title": "Avant / après", "before": "Avant : le site aujourd'hui", "after": "Après : avec le projet",
        "impact_view": "Heures de soleil gagnées (bleu) ou perdues (rouge) le %s", "models": "Maquettes de projet",
        "replaced": "Bâtiments remplacés", "model_height": "Hauteur du projet (max)", "model_footprint": "Emprise du projet",
        "neighbours": "Voisins analysés (à moins de %s m)", "losers": "dont faces perdant 1 h de soleil ou plus",
        "losing_area": "Leurs faces perdant 1 h ou plus", "energy": "Énergie solaire sur les faces voisines",
        "impact_note": "après moins avant, même ciel et même soleil ; heures de soleil le %s, énergie solaire sur "
                       "l'année : %s",
        "clear_sky": "une année de ciel clair (modélisée, pas une météo mesurée)", "colon": " : ",
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
    impact=None,
) -> dict:
    """Write a PDF handout of ``zone`` to ``out``; returns a summary.

    Page 1: two views, the legend and the zone's figures. When the city holds
    project models, page 2 shows the site before and after side by side and
    the project's figures; with ``impact`` (an :class:`analysis.impact.SolarImpact`
    of this city) also the neighbours' sun hours gained or lost.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    from city.placement import project_masks

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
    pages = [fig]
    models, under = project_masks(city)
    if models.any():
        pages.append(_before_after_page(city, models, under, impact, t, paper, dpi))
    with PdfPages(out, metadata={"Title": title, "Creator": "Maquette"}) as pdf:
        for page in pages:
            pdf.savefig(page)
            plt.close(page)
    return {"pages": len(pages), "bytes": Path(out).stat().st_size, "paper": paper}


def _before_after_page(city: City, models: np.ndarray, under: np.ndarray, impact, t: dict, paper: str, dpi: int):
    """The project page: before and after from the same camera, the project's figures, the neighbours' sun."""
    import matplotlib.pyplot as plt

    from city.placement import model_footprint
    from viewer import camera

    b = city.buildings
    footprints = [p for i in np.flatnonzero(models) for p in model_footprint(b, int(i))]
    xmin = min(p.bounds[0] for p in footprints)
    xmax = max(p.bounds[1] for p in footprints)
    ymin = min(p.bounds[2] for p in footprints)
    ymax = max(p.bounds[3] for p in footprints)
    z = b.vertices[np.unique(b.triangles[models[b.triangle_building]]), 2]
    height = float(z.max() - z.min())
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    ground = city.ground_height_at(cx, cy)
    centre = np.array([cx, cy, float(ground) if np.isfinite(ground) else float(z.min())])
    # the project and its neighbours within reach of its shadow at midday (about one height around it)
    radius = max(1.5 * max(xmax - xmin, ymax - ymin), 2.0 * height, 120.0)

    def look(plotter) -> None:
        camera.oblique_view(plotter, centre, radius, 200.0, 42.0)

    w_mm, h_mm = PAPER_MM[paper]
    view_px = (int(w_mm * 0.46 / 25.4 * dpi), int(h_mm * 0.40 / 25.4 * dpi))
    names = [b.ids[i] for i in np.flatnonzero(models)]
    views = [(t["before"], models, None), (t["after"], under, None)]
    if impact is not None and "impact_sunlight_hours" in impact.face_data:
        values = np.asarray(impact.face_data["impact_sunlight_hours"], dtype=np.float64)
        finite = np.abs(values[np.isfinite(values)])
        top = max(float(np.percentile(finite, 98)) if len(finite) else 0.0, 0.1)
        day = impact.day.strftime("%d/%m") if impact.day else ""
        overlay = Overlay(t["impact_view"] % day + " (h)", values, "RdBu", (-top, top))
        views.append((t["impact_view"] % day, under, overlay))
    with tempfile.TemporaryDirectory() as tmp:
        images = []
        for k, (label, hidden, overlay) in enumerate(views):
            path = export_image(city, Path(tmp) / f"view{k}.png",
                                ImageSpec(size=view_px, title=label, hidden=hidden, overlay=overlay),
                                camera_state=look)
            images.append(plt.imread(path))
    fig = plt.figure(figsize=(w_mm / 25.4, h_mm / 25.4))
    fig.text(0.03, 0.965, f"{t['ba_title']}{t['colon']}{', '.join(names)}", fontsize=20 if paper == "A4" else 28,
             weight="bold", va="top")
    boxes = [(0.03, 0.47, 0.46, 0.44), (0.51, 0.47, 0.46, 0.44), (0.03, 0.02, 0.46, 0.44)]
    for img, box in zip(images, boxes):
        ax = fig.add_axes(box)
        ax.imshow(img)
        ax.set_axis_off()
    rows = [
        (t["models"], f"{len(names)}"),
        (t["replaced"], f"{int(under.sum())}"),
        (t["model_height"], f"{height:.0f} m"),
        (t["model_footprint"], f"{sum(p.area_m2 for p in footprints):,.0f} m²"),
    ]
    note = ""
    if impact is not None:
        losers = impact.losers()
        rows += [
            (t["neighbours"] % f"{impact.radius_m:.0f}", f"{len(impact.buildings):,}"),
            (t["losers"], f"{len(losers):,}"),
            (t["losing_area"], f"{losers['area_losing_1h_m2'].sum():,.0f} m²"),
            (t["energy"], f"{impact.buildings['irradiation_kwh_change'].sum() / 1000:+,.0f} MWh/yr"),
        ]
        weather = impact.weather_label if impact.measured else t["clear_sky"]
        note = t["impact_note"] % (impact.day.strftime("%d/%m") if impact.day else "", weather)
    ax = fig.add_axes((0.53, 0.06, 0.44, 0.38))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    for k, (label, value) in enumerate(rows):
        y = 0.98 - k * 0.105
        ax.text(0.0, y, label, fontsize=10, va="top", color="#444444")
        ax.text(1.0, y, value.replace(",", "\u202f"), fontsize=11, va="top", ha="right", weight="bold")
        ax.plot([0, 1], [y - 0.07, y - 0.07], color="#dddddd", lw=0.6)
    if note:
        ax.text(0.0, 0.98 - len(rows) * 0.105 - 0.02, note, fontsize=7, va="top", color="#777777", wrap=True)
    return fig
