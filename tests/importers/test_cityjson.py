"""CityJSON importer: real files (Delft, 3D BAG) and small files with known geometry."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest
from importer_helpers import (
    BOX_SEMANTICS,
    BOX_SHELL,
    BOX_VERTICES,
    DELFT,
    MULTI_LOD,
    box_building,
    cityjson_doc,
    data_file,
)
from pyproj import Transformer

from city.model import GroundCover, SurfaceType
from importers import Cancelled, ImporterError, open_city
from importers.cityjson import read_cityjson


def _file_buildings_world(path, crs_from: str, building_types=("Building", "BuildingPart")):
    """The file's own building vertices, transformed with pyproj to Lambert-93 (independent of the importer)."""
    doc = json.loads(path.read_text())
    t = doc["transform"]
    vertices = np.asarray(doc["vertices"], dtype=float) * t["scale"] + t["translate"]
    used: set[int] = set()

    def walk(b):
        if isinstance(b, int):
            used.add(b)
        else:
            for item in b:
                walk(item)

    for obj in doc["CityObjects"].values():
        if obj["type"] in building_types:
            for g in obj.get("geometry", []):
                walk(g["boundaries"])
    v = vertices[sorted(used)]
    x, y = Transformer.from_crs(crs_from, "EPSG:2154", always_xy=True).transform(v[:, 0], v[:, 1])
    return np.column_stack([x, y, v[:, 2]]), doc


def _signed_volumes(buildings) -> np.ndarray:
    v, t = buildings.vertices, buildings.triangles
    six_v = np.einsum("ij,ij->i", v[t[:, 0]], np.cross(v[t[:, 1]], v[t[:, 2]]))
    return np.bincount(buildings.triangle_building, weights=six_v, minlength=len(buildings)) / 6.0


# --------------------------------------------------------------------------- Delft (real data)


def test_delft_counts_per_type(delft_city):
    path = data_file(DELFT)
    file_types = Counter(o["type"] for o in json.loads(path.read_text())["CityObjects"].values())
    report = delft_city.import_report
    assert len(delft_city.buildings) == file_types["Building"] == 160
    assert report.imported["Building"] == 160
    assert report.skipped["GenericCityObject"] == file_types["GenericCityObject"] == 54
    assert report.skipped["Bridge"] == file_types["Bridge"] == 3
    for kind in ("Road", "PlantCover", "LandUse", "WaterBody"):
        accounted = report.imported[kind] + sum(
            n for reason, n in report.skipped.items() if reason.startswith(kind + " ")
        )
        assert accounted == file_types[kind], kind
    # Every object of the file is either imported or skipped, none lost silently.
    assert sum(report.imported.values()) + report.skipped_objects == sum(file_types.values()) == 570
    assert report.format == "CityJSON 2.0"
    assert report.source_crs == "EPSG:28992"  # horizontal part of EPSG:7415
    assert delft_city.crs == "EPSG:2154"


def test_delft_building_ids_attributes_and_triangles(delft_city):
    doc = json.loads(data_file(DELFT).read_text())
    buildings = {k: o for k, o in doc["CityObjects"].items() if o["type"] == "Building"}
    assert set(delft_city.buildings.ids) == set(buildings)
    # Delft's LoD1 solids are triangulated already: one triangle per face.
    n_faces = sum(len(shell) for o in buildings.values() for g in o["geometry"] for shell in g["boundaries"])
    assert len(delft_city.buildings.triangles) == n_faces == 5563
    some_id, some = next(iter(buildings.items()))
    attrs = delft_city.buildings[some_id].attributes
    assert attrs["measuredHeight"] == some["attributes"]["measuredHeight"]
    assert attrs["identificatiebagpnd"] == some["attributes"]["identificatiebagpnd"]
    assert attrs["lod"] == "1"
    # No semantics in this file: every face is OTHER, and the report says so.
    assert (delft_city.buildings.triangle_surface == SurfaceType.OTHER).all()
    assert delft_city.import_report.faces_without_semantics == n_faces


def test_delft_bounds_in_lambert93_match_pyproj(delft_city):
    world, _ = _file_buildings_world(data_file(DELFT), "EPSG:28992")
    b = delft_city.buildings.bounds()
    origin = np.asarray(delft_city.frame.origin)
    got_lo = np.array([b[0], b[2], b[4]]) + origin
    got_hi = np.array([b[1], b[3], b[5]]) + origin
    np.testing.assert_allclose(got_lo, world.min(axis=0), atol=1e-6)
    np.testing.assert_allclose(got_hi, world.max(axis=0), atol=1e-6)
    # Delft lies north of France: far up the Lambert-93 grid.
    assert 780_000 < origin[0] < 810_000 and 7_200_000 < origin[1] < 7_230_000


def test_delft_origin_is_rounded_centre_and_heights_kept(delft_city):
    origin = delft_city.frame.origin
    assert origin[0] == round(origin[0]) and origin[1] == round(origin[1]) and origin[2] == 0.0
    b = delft_city.buildings.bounds()
    # Local x, y are centred on the data (buildings and ground together).
    assert abs(b[0] + b[1]) < 400 and abs(b[2] + b[3]) < 400
    assert -1.0 < b[4] < 0.0 and 8.0 < b[5] < 20.0  # NAP heights, untouched


def test_delft_solids_are_closed_and_face_outwards(delft_city):
    volumes = _signed_volumes(delft_city.buildings)
    assert (volumes > 0).all()


def test_delft_ground_patches(delft_city):
    covers = Counter(p.cover for p in delft_city.ground)
    assert covers[GroundCover.ROAD] >= delft_city.import_report.imported["Road"]
    assert covers[GroundCover.WATER] >= 3
    assert all(p.polygon.area_m2 > 0 for p in delft_city.ground)
    assert delft_city.import_report.ground_patches == len(delft_city.ground)


# --------------------------------------------------------------------------- 3D BAG multi-LoD (real data)


def test_multi_lod_needs_a_crs():
    from importers import CrsRequired

    with pytest.raises(CrsRequired, match=r"3dbag_multi_lod\.city\.json"):
        open_city(data_file(MULTI_LOD))


def test_multi_lod_takes_the_highest_by_default():
    city = open_city(data_file(MULTI_LOD), crs="EPSG:7415")
    assert len(city.buildings) == 10
    assert set(city.buildings.attributes["lod"]) == {"2.2"}
    assert city.import_report.crs_from == "caller"
    surfaces = set(np.unique(city.buildings.triangle_surface).tolist())
    assert surfaces == {SurfaceType.ROOF, SurfaceType.WALL, SurfaceType.GROUND}
    assert city.buildings[0].attributes["oorspronkelijk_bouwjaar"] == 1965
    assert (_signed_volumes(city.buildings) > 0).all()


@pytest.mark.parametrize("lod", ["1.2", 1.3, "2.2"])
def test_multi_lod_takes_the_requested_lod(lod):
    path = data_file(MULTI_LOD)
    doc = json.loads(path.read_text())
    expected = sum(
        len(g["boundaries"][0])
        for o in doc["CityObjects"].values()
        for g in o["geometry"]
        if float(g["lod"]) == float(lod)
    )
    city = read_cityjson(path, crs="EPSG:7415", lod=lod)
    assert len(city.buildings) == 10
    assert len(city.buildings.triangles) == expected  # all faces are triangles in this file
    assert set(city.buildings.attributes["lod"]) == {str(lod)}
    assert city.import_report.lod == str(lod)


def test_multi_lod_missing_lod_skips_and_counts():
    city = read_cityjson(data_file(MULTI_LOD), crs="EPSG:7415", lod=3)
    assert len(city.buildings) == 0
    assert city.import_report.skipped["Building without LoD 3"] == 10


def test_multi_lod_bounds_match_pyproj():
    path = data_file(MULTI_LOD)
    city = read_cityjson(path, crs="EPSG:7415", lod="2.2")
    doc = json.loads(path.read_text())
    t = doc["transform"]
    v = np.asarray(doc["vertices"], dtype=float) * t["scale"] + t["translate"]
    used = sorted(
        {
            i
            for o in doc["CityObjects"].values()
            for g in o["geometry"]
            if g["lod"] == "2.2"
            for s in g["boundaries"][0]
            for r in s
            for i in r
        }
    )
    x, y = Transformer.from_crs("EPSG:28992", "EPSG:2154", always_xy=True).transform(v[used, 0], v[used, 1])
    b = city.buildings.bounds()
    o = city.frame.origin
    np.testing.assert_allclose([b[0] + o[0], b[1] + o[0]], [x.min(), x.max()], atol=1e-6)
    np.testing.assert_allclose([b[2] + o[1], b[3] + o[1]], [y.min(), y.max()], atol=1e-6)
    np.testing.assert_allclose([b[4], b[5]], [v[used, 2].min(), v[used, 2].max()], atol=1e-9)


# --------------------------------------------------------------------------- exact geometry


def test_box_geometry_semantics_and_attributes(write_json):
    path = write_json("box.city.json", cityjson_doc({"B1": box_building()}, BOX_VERTICES))
    city = read_cityjson(path)
    b = city.buildings["B1"]
    assert b.surface_area_m2(SurfaceType.ROOF) == pytest.approx(80.0)
    assert b.surface_area_m2(SurfaceType.GROUND) == pytest.approx(80.0)
    assert b.surface_area_m2(SurfaceType.WALL) == pytest.approx(2 * (10 + 8) * 6)
    assert _signed_volumes(city.buildings)[0] == pytest.approx(480.0)
    assert b.attributes["name"] == "box" and b.attributes["measuredHeight"] == 6.0
    assert city.frame.origin == (650005.0, 6860004.0, 0.0)
    assert b.bounds == pytest.approx((-5.0, 5.0, -4.0, 4.0, 0.0, 6.0))
    normals = city.buildings.triangle_normals()
    roof = city.buildings.triangle_surface == SurfaceType.ROOF
    assert (normals[roof][:, 2] > 0.999).all()
    assert (normals[city.buildings.triangle_surface == SurfaceType.GROUND][:, 2] < -0.999).all()
    assert city.import_report.faces_without_semantics == 0


def test_polygon_with_hole_and_concave_faces(write_json):
    # A 10 x 10 floor slab with a 4 x 4 hole, and a concave L-shaped wall standing up.
    vertices = [
        [0, 0, 0], [10000, 0, 0], [10000, 10000, 0], [0, 10000, 0],
        [3000, 3000, 0], [3000, 7000, 0], [7000, 7000, 0], [7000, 3000, 0],
        # L in the x-z plane at y = 20 m: 6 x 6 minus a 3 x 3 corner = 27 m²
        [0, 20000, 0], [6000, 20000, 0], [6000, 20000, 3000], [3000, 20000, 3000], [3000, 20000, 6000], [0, 20000, 6000],
    ]  # fmt: skip
    geometry = {
        "type": "MultiSurface",
        "lod": "2",
        "boundaries": [[[0, 1, 2, 3], [4, 5, 6, 7]], [[8, 9, 10, 11, 12, 13]]],
        "semantics": {"surfaces": [{"type": "RoofSurface"}, {"type": "WallSurface"}], "values": [0, 1]},
    }
    path = write_json("holes.city.json", cityjson_doc({"H": {"type": "Building", "geometry": [geometry]}}, vertices))
    city = read_cityjson(path)
    b = city.buildings["H"]
    assert b.surface_area_m2(SurfaceType.ROOF) == pytest.approx(100 - 16)
    assert b.surface_area_m2(SurfaceType.WALL) == pytest.approx(27.0)
    normals = city.buildings.triangle_normals()
    assert (normals[city.buildings.triangle_surface == SurfaceType.ROOF][:, 2] > 0.999).all()
    # The L is counter-clockwise seen from -y: its triangles face -y too.
    assert (normals[city.buildings.triangle_surface == SurfaceType.WALL][:, 1] < -0.999).all()
    # No triangle inside the hole.
    centroids = city.frame.to_world(city.buildings.vertices[city.buildings.triangles].mean(axis=1))
    roof = centroids[city.buildings.triangle_surface == SurfaceType.ROOF] - [650000, 6860000, 0]
    inside_hole = (roof[:, 0] > 3) & (roof[:, 0] < 7) & (roof[:, 1] > 3) & (roof[:, 1] < 7)
    assert not inside_hole.any()


def test_building_parts_merge_into_their_building(write_json):
    moved = [[x + 20000, y, z] for x, y, z in BOX_VERTICES]
    part_geometry = {"type": "Solid", "lod": "2", "boundaries": [[[[i + 8 for i in r] for r in s] for s in BOX_SHELL]]}
    objects = {
        "B1": {"type": "Building", "attributes": {"name": "main"}, "children": ["B1-a", "B1-b"]},
        "B1-a": box_building(type="BuildingPart", parents=["B1"]),
        "B1-b": {"type": "BuildingPart", "parents": ["B1"], "geometry": [part_geometry]},
    }
    path = write_json("parts.city.json", cityjson_doc(objects, BOX_VERTICES + moved))
    city = read_cityjson(path)
    assert city.buildings.ids == ["B1"]
    b = city.buildings["B1"]
    assert b.attributes["building_parts"] == ["B1-a", "B1-b"]
    assert b.attributes["name"] == "main"
    assert b.surface_area_m2() == pytest.approx(2 * (2 * 80 + 216))
    assert city.import_report.imported == Counter({"Building": 1, "BuildingPart": 2})


def test_multisolid_and_composite_surface(write_json):
    shell = [[[i for i in r] for r in s] for s in BOX_SHELL]
    objects = {
        "M": {"type": "Building", "geometry": [{"type": "MultiSolid", "lod": 2, "boundaries": [[shell]]}]},
        "C": {"type": "Building", "geometry": [{"type": "CompositeSurface", "lod": 2, "boundaries": shell[:2]}]},
    }
    path = write_json("multi.city.json", cityjson_doc(objects, BOX_VERTICES))
    city = read_cityjson(path)
    assert city.buildings["M"].surface_area_m2() == pytest.approx(376.0)
    assert city.buildings["C"].surface_area_m2() == pytest.approx(160.0)


def test_semantics_other_types_and_nulls(write_json):
    semantics = {
        "surfaces": [{"type": "ClosureSurface"}, {"type": "RoofSurface"}, {"type": "OuterFloorSurface"}],
        "values": [[None, 1, 0, 2, None, 0]],
    }
    building = box_building()
    building["geometry"][0]["semantics"] = semantics
    city = read_cityjson(write_json("sem.city.json", cityjson_doc({"B": building}, BOX_VERTICES)))
    counts = np.bincount(city.buildings.triangle_surface, minlength=4)
    assert counts[SurfaceType.ROOF] == 2  # one quad, two triangles
    assert counts[SurfaceType.OTHER] == 10
    assert city.import_report.faces_without_semantics == 2


def test_cityjson_1_0_without_transform(write_json):
    doc = {
        "type": "CityJSON",
        "version": "1.0",
        "metadata": {"referenceSystem": "urn:ogc:def:crs:EPSG::2154"},
        "CityObjects": {
            "B": {"type": "Building", "geometry": [{"type": "Solid", "lod": 2, "boundaries": [BOX_SHELL]}]}
        },
        "vertices": [[650000 + x / 1000, 6860000 + y / 1000, z / 1000] for x, y, z in BOX_VERTICES],
    }
    city = read_cityjson(write_json("old.json", doc))
    assert city.import_report.format == "CityJSON 1.0"
    assert city.buildings["B"].surface_area_m2() == pytest.approx(376.0)
    assert city.buildings.attributes["lod"][0] == "2"


def test_cityjson_seq(tmp_path):
    header = cityjson_doc({}, [])
    lines = [json.dumps(header)]
    for k in range(3):
        feature = {
            "type": "CityJSONFeature",
            "id": f"B{k}",
            "CityObjects": {f"B{k}": box_building()},
            "vertices": [[x + 30000 * k, y, z] for x, y, z in BOX_VERTICES],
        }
        lines.append(json.dumps(feature))
    path = tmp_path / "seq.city.jsonl"
    path.write_text("\n".join(lines) + "\n")
    city = open_city(path)
    assert city.buildings.ids == ["B0", "B1", "B2"]
    assert city.import_report.format == "CityJSONSeq 2.0"
    xs = [city.buildings[f"B{k}"].bounds[0] for k in range(3)]
    assert np.diff(xs) == pytest.approx([30.0, 30.0])
    # The same file with a plain .json suffix is recognised by its content.
    other = tmp_path / "seq.json"
    other.write_bytes(path.read_bytes())
    assert open_city(other).buildings.ids == ["B0", "B1", "B2"]


def test_flat_road_becomes_a_ground_patch(write_json):
    vertices = [[0, 0, 500], [40000, 0, 500], [40000, 6000, 600], [0, 6000, 600], [20000, 3000, 550]]
    road = {
        "type": "Road",
        "geometry": [
            {"type": "MultiSurface", "lod": "1", "boundaries": [[[0, 1, 4]], [[1, 2, 4]], [[2, 3, 4]], [[3, 0, 4]]]}
        ],
    }
    city = read_cityjson(write_json("road.city.json", cityjson_doc({"R": road}, vertices)))
    assert len(city.ground) == 1
    patch = city.ground[0]
    assert patch.cover == GroundCover.ROAD and patch.name == "R"
    assert patch.polygon.area_m2 == pytest.approx(240.0)
    assert city.import_report.imported["Road"] == 1


def test_zero_area_face_is_dropped_and_counted(write_json):
    building = box_building()
    building["geometry"][0]["boundaries"] = [BOX_SHELL + [[[0, 1, 1]]]]  # a face with a repeated vertex
    building["geometry"][0]["semantics"] = {**BOX_SEMANTICS, "values": [[0, 1, 2, 2, 2, 2, 2]]}
    city = read_cityjson(write_json("zero.city.json", cityjson_doc({"B": building}, BOX_VERTICES)))
    assert city.import_report.dropped_faces == 1
    assert city.buildings["B"].surface_area_m2() == pytest.approx(376.0)


def test_crs_argument_overrides_the_file(write_json):
    path = write_json("box.city.json", cityjson_doc({"B": box_building()}, BOX_VERTICES))
    city = read_cityjson(path, crs="EPSG:3946")
    assert city.import_report.source_crs == "EPSG:3946"
    assert city.import_report.crs_from == "caller"
    # CC46 coordinates 650 000, 6 860 000 are far from the same numbers in Lambert-93.
    assert abs(city.frame.origin[1] - 6860004) > 1000


def test_progress_and_cancel(write_json):
    path = write_json("box.city.json", cityjson_doc({"B": box_building()}, BOX_VERTICES))
    seen: list[float] = []
    read_cityjson(path, progress=lambda f, _msg: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)

    calls = iter(range(100))
    with pytest.raises(Cancelled) as err:
        read_cityjson(path, cancel=lambda: next(calls) >= 2)
    assert isinstance(err.value, ImporterError) and "box.city.json" in str(err.value)


def test_ground_outlines_in_small_batches_match(delft_city, monkeypatch):
    import importers.cityjson as module

    monkeypatch.setattr(module, "GROUND_BATCH_FACES", 50)
    batched = read_cityjson(data_file(DELFT))
    assert [p.name for p in batched.ground] == [p.name for p in delft_city.ground]
    assert [p.polygon.area_m2 for p in batched.ground] == pytest.approx([p.polygon.area_m2 for p in delft_city.ground])


def test_cityjson_seq_flushes_in_batches(tmp_path, monkeypatch):
    import importers.cityjson as module

    monkeypatch.setattr(module, "FLUSH_FACES", 5)
    header = cityjson_doc({}, [])
    lines = [json.dumps(header)]
    for k in range(4):
        feature = {
            "type": "CityJSONFeature",
            "CityObjects": {f"B{k}": box_building()},
            "vertices": [[x + 30000 * k, y, z] for x, y, z in BOX_VERTICES],
        }
        lines.append(json.dumps(feature))
    path = tmp_path / "batches.city.jsonl"
    path.write_text("\n".join(lines))
    city = read_cityjson(path)
    assert city.buildings.ids == ["B0", "B1", "B2", "B3"]
    assert city.buildings.surface_area_by_building_m2(SurfaceType.ROOF) == pytest.approx([80.0] * 4)
