"""Domain model of Maquette: buildings, terrain, ground cover, trees, zones, CRS.

Depends on no other package of ours and on nothing that needs a screen.
"""

from __future__ import annotations

from city.crs import WORKING_CRS, LocalFrame
from city.model import (
    Building,
    BuildingSet,
    BuildingSetBuilder,
    City,
    CityModelError,
    GroundCover,
    GroundPatch,
    Polygon2D,
    SurfaceType,
    Terrain,
    Trees,
    Zone,
)

__all__ = [
    "WORKING_CRS",
    "LocalFrame",
    "Building",
    "BuildingSet",
    "BuildingSetBuilder",
    "City",
    "CityModelError",
    "GroundCover",
    "GroundPatch",
    "Polygon2D",
    "SurfaceType",
    "Terrain",
    "Trees",
    "Zone",
]
