"""Offline interactive web scene: one self-contained HTML file a member of the public opens in a browser.

three.js (MIT, vendored in ``assets/web``) and the zone's buildings are
embedded in the page (an import map of ``data:`` URLs and base64 arrays); the
page's Content-Security-Policy forbids any network access. Visitors orbit,
pan and zoom with the mouse and click a building to read its attributes.
Coordinates are the city's local metres (x east, y up, z south), float32.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
from pathlib import Path

import numpy as np

from assets import ASSETS_DIR
from city.model import City, Zone
from viewer import palette
from viewer.gltf import buildings_in_zone

WEB_DIR = ASSETS_DIR / "web"

_TEXT = {
    "en": {
        "help": "Drag to turn · right-drag to move · wheel to zoom · click a building to read about it",
        "nowebgl": "This browser cannot show 3D (WebGL is off).",
        "exported": "exported",
    },
    "fr": {
        "help": "Glisser pour tourner · clic droit glissé pour déplacer · molette pour zoomer · cliquer un bâtiment pour le décrire",
        "nowebgl": "Ce navigateur ne peut pas afficher la 3D (WebGL désactivé).",
        "exported": "exporté le",
    },
}


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def export_web_scene(
    city: City, out: Path, zone: Zone | None = None, title: str = "", subtitle: str = "", language: str = "en"
) -> dict:
    """Write the web scene of ``zone``'s buildings (or all) to ``out`` (.html); returns a summary."""
    text = _TEXT.get(language, _TEXT["en"])
    b = city.buildings
    chosen = buildings_in_zone(city, zone)
    if not len(chosen):
        raise ValueError("no building to put in the web scene")
    rgb_all = palette.building_colors(b)
    to_web = np.array([[1.0, 0, 0], [0, 0, 1.0], [0, -1.0, 0]])  # (x, y, z) -> (x, z, -y): Y up
    positions, colors, offsets, entries = [], [], [0], []
    for i in chosen:
        building = b[int(i)]
        sl = building.triangle_slice
        tri = b.vertices[b.triangles[sl]]  # (t, 3, 3)
        positions.append((tri.reshape(-1, 3) @ to_web.T).astype(np.float32))
        colors.append(np.repeat(rgb_all[sl], 3, axis=0))
        offsets.append(offsets[-1] + len(tri))
        attrs = {k: (f"{v:.1f}" if isinstance(v, float) and not float(v).is_integer() else str(int(v)) if isinstance(v, float) else str(v))
                 for k, v in building.attributes.items()}
        entries.append({"id": building.id, "attributes": attrs})
    pos = np.concatenate(positions)
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    centre = (lo + hi) / 2
    outline = []
    if zone is not None:
        ring = zone.polygon.exterior
        z = city.ground_height_at(ring[:, 0], ring[:, 1])
        z = np.where(np.isfinite(z), z, lo[1]) + 0.5
        outline = np.column_stack([ring[:, 0], z, -ring[:, 1]]).round(2).tolist()
    data = {
        "positions": _b64(pos),
        "colors": _b64(np.concatenate(colors).astype(np.uint8)),
        "offsets": _b64(np.asarray(offsets, dtype=np.uint32)),
        "buildings": entries,
        "ground": {"x": float(centre[0]), "y": float(lo[1]), "z": float(centre[2]),
                   "size": float(1.3 * max(hi[0] - lo[0], hi[2] - lo[2], 50.0))},
        "outline": outline,
        "crs": city.crs,
        "local_origin": list(city.frame.origin),
    }
    credits = f"Maquette · {city.crs}"
    if city.provenance:
        credits += f" · {city.provenance}"
    credits += f" · {text['exported']} {dt.date.today().isoformat()} · three.js (MIT)"
    page = (WEB_DIR / "scene.html").read_text(encoding="utf-8")
    replacements = {
        "__LANG__": language,
        "__TITLE__": html.escape(title or (zone.name if zone else city.name)),
        "__SUBTITLE__": html.escape(subtitle or f"{len(chosen)} buildings"),
        "__HELP__": html.escape(text["help"]),
        "__NOWEBGL__": html.escape(text["nowebgl"]),
        "__CREDITS__": html.escape(credits),
        "__THREE__": base64.b64encode((WEB_DIR / "three.module.min.js").read_bytes()).decode("ascii"),
        "__ORBIT__": base64.b64encode((WEB_DIR / "OrbitControls.js").read_bytes()).decode("ascii"),
        # "</" cannot appear inside the JSON script element
        "__DATA__": json.dumps(data, separators=(",", ":")).replace("</", "<\\/"),
    }
    for key, value in replacements.items():
        page = page.replace(key, value)
    Path(out).write_text(page, encoding="utf-8")
    return {"buildings": int(len(chosen)), "bytes": Path(out).stat().st_size}
