"""Helpers for the importer tests: the real-data folder and small CityJSON documents.

A module of its own (not conftest.py) so that test files can import it by a
name no other test folder uses.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def data_file(relative: str) -> Path:
    """A file of ../shared/data, or skip naming the folder it should be in."""
    path = DATA / relative
    if not path.exists():
        pytest.skip(f"real test data not found: {relative} (expected in the folder {DATA}, see its SOURCES.md)")
    return path


DELFT = "buildings_3d/cityjson/delft.city.json"
MULTI_LOD = "buildings_3d/cityjson/3dbag_multi_lod.city.json"
LYON = "footprints/lyon1er_bdtopo_batiments_epsg3946.geojson"
PARIS19 = "footprints/paris19_osm_buildings.geojson"
ARRONDISSEMENTS = "boundaries/paris_arrondissements.geojson"
QUARTIERS = "boundaries/paris_quartiers.geojson"


def cityjson_doc(objects: dict[str, Any], vertices: list[list[float]], **extra: Any) -> dict[str, Any]:
    """A minimal CityJSON 2.0 document in EPSG:2154 with an identity-like transform (mm)."""
    doc: dict[str, Any] = {
        "type": "CityJSON",
        "version": "2.0",
        "transform": {"scale": [0.001, 0.001, 0.001], "translate": [650000.0, 6860000.0, 0.0]},
        "metadata": {"referenceSystem": "https://www.opengis.net/def/crs/EPSG/0/2154"},
        "CityObjects": objects,
        "vertices": vertices,
    }
    doc.update(extra)
    return doc


# A 10 m x 8 m x 6 m box in millimetres, outward-facing rings (counter-clockwise seen from outside).
BOX_VERTICES = [
    [0, 0, 0], [10000, 0, 0], [10000, 8000, 0], [0, 8000, 0],
    [0, 0, 6000], [10000, 0, 6000], [10000, 8000, 6000], [0, 8000, 6000],
]  # fmt: skip
BOX_SHELL = [
    [[0, 3, 2, 1]],  # floor, facing down
    [[4, 5, 6, 7]],  # roof, facing up
    [[0, 1, 5, 4]],
    [[1, 2, 6, 5]],
    [[2, 3, 7, 6]],
    [[3, 0, 4, 7]],
]
BOX_SEMANTICS = {
    "surfaces": [{"type": "GroundSurface"}, {"type": "RoofSurface"}, {"type": "WallSurface"}],
    "values": [[0, 1, 2, 2, 2, 2]],
}


def box_building(**extra: Any) -> dict[str, Any]:
    """A CityJSON Building holding the box (a deep copy: tests may break it)."""
    obj = {
        "type": "Building",
        "attributes": {"measuredHeight": 6.0, "name": "box"},
        "geometry": [{"type": "Solid", "lod": "2", "boundaries": [BOX_SHELL], "semantics": BOX_SEMANTICS}],
    }
    obj.update(extra)
    return copy.deepcopy(obj)
