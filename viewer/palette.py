"""Colours of the scene: chosen to read like Paris seen from above.

Limestone walls, zinc roofs, dark asphalt, pale sidewalks, park greens.
"""

from __future__ import annotations

import numpy as np

from city.model import BuildingSet, GroundCover, SurfaceType

SKY_TOP = "#9fb8d0"
SKY_BOTTOM = "#e9eef2"
SUNLIGHT = "#fff4e0"
ZONE = "#d6336c"
PARCEL = "#5f6670"
SCENARIO_TREE = np.array([140, 214, 64], dtype=np.uint8)
SCENARIO_SPACE = "#8ce99a"
PLANT_GEOTHERMAL = "#e8590c"
PLANT_OTHER = "#5c6b7a"
SELECTION = np.array([255, 140, 26], dtype=np.uint8)
SELECTION_ROOF = np.array([255, 196, 60], dtype=np.uint8)
# over a colour map (which may hold oranges) the selection turns cyan
SELECTION_ON_OVERLAY = np.array([0, 220, 255], dtype=np.uint8)
SELECTION_ROOF_ON_OVERLAY = np.array([150, 240, 255], dtype=np.uint8)

WALL_STONE = np.array([226, 214, 190])
WALL_MODERN = np.array([214, 219, 222])
ROOF_ZINC = np.array([122, 134, 146])
ROOF_FLAT = np.array([168, 166, 160])
ROOF_GREEN = np.array([120, 150, 92])
GROUND_FLOOR = np.array([90, 90, 90])
OTHER = np.array([180, 180, 180])

GROUND_COVER = {
    GroundCover.ROAD: "#67696d",
    GroundCover.SIDEWALK: "#a7a49e",
    GroundCover.COURTYARD: "#b9b39f",
    GroundCover.PARK: "#7da05a",
    GroundCover.RAIL: "#7a6b5c",
    GroundCover.WATER: "#5d8fb5",
    GroundCover.PLAZA: "#d4cdbd",
}


def _hex_rgb(color: str) -> np.ndarray:
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.uint8)


GROUND_COVER_RGB = np.array([_hex_rgb(GROUND_COVER[c]) for c in sorted(GROUND_COVER)], dtype=np.uint8)


def building_colors(buildings: BuildingSet, seed: int = 0) -> np.ndarray:
    """(t, 3) uint8 RGB per triangle: by surface type, era and roof kind, with a
    slight per-building shade so neighbouring facades stay distinguishable."""
    n = len(buildings)
    year = buildings.attributes.get("construction_year")
    modern = np.zeros(n, dtype=bool)
    if year is not None and year.dtype.kind in "if":
        modern = np.nan_to_num(year.astype(float), nan=0.0) >= 1950
    roof_attr = buildings.attributes.get("roof")
    green = np.zeros(n, dtype=bool)
    flat = modern.copy()
    if roof_attr is not None:
        text = np.array([str(r).lower() if r is not None else "" for r in roof_attr])
        green = np.char.find(text, "green") >= 0
        flat |= np.char.find(text, "flat") >= 0

    shade = 0.93 + 0.14 * np.random.default_rng(seed).random(n)
    wall = np.where(modern[:, None], WALL_MODERN, WALL_STONE) * shade[:, None]
    roof = np.where(green[:, None], ROOF_GREEN, np.where(flat[:, None], ROOF_FLAT, ROOF_ZINC)) * shade[:, None]

    tb = buildings.triangle_building
    surf = buildings.triangle_surface
    rgb = np.empty((len(tb), 3))
    rgb[:] = OTHER
    is_wall = surf == SurfaceType.WALL
    is_roof = surf == SurfaceType.ROOF
    rgb[is_wall] = wall[tb[is_wall]]
    rgb[is_roof] = roof[tb[is_roof]]
    rgb[surf == SurfaceType.GROUND] = GROUND_FLOOR
    other = np.flatnonzero(surf == SurfaceType.OTHER)
    if len(other):  # no semantics in the source: faces looking up read as roofs, the rest as walls
        up = buildings.triangle_normals()[other, 2] > 0.5
        rgb[other] = np.where(up[:, None], roof[tb[other]], wall[tb[other]])
    return np.clip(rgb, 0, 255).astype(np.uint8)
