"""CityJSON: the streamed parse of big files, and GeometryInstance (geometry templates)."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from importer_helpers import BOX_SEMANTICS, BOX_SHELL, BOX_VERTICES, DELFT, box_building, cityjson_doc, data_file

import importers.cityjson as cityjson
from city.model import SurfaceType
from importers.cityjson import read_cityjson
from importers.errors import InvalidFile


def _read_whole(path, **kw):
    """The import through the whole-file parse (the reference the streamed parse must match)."""
    streamed = cityjson._parse_streamed
    cityjson._parse_streamed = lambda *a: None
    try:
        return read_cityjson(path, **kw)
    finally:
        cityjson._parse_streamed = streamed


def _assert_same_city(a, b):
    assert a.buildings.ids == b.buildings.ids
    np.testing.assert_array_equal(a.buildings.triangles, b.buildings.triangles)
    np.testing.assert_array_equal(a.buildings.vertices, b.buildings.vertices)
    np.testing.assert_array_equal(a.buildings.triangle_surface, b.buildings.triangle_surface)
    assert a.frame.origin == b.frame.origin
    assert [(p.name, p.cover) for p in a.ground] == [(p.name, p.cover) for p in b.ground]
    assert a.import_report.imported == b.import_report.imported
    assert a.import_report.skipped == b.import_report.skipped


@pytest.fixture
def streamed_calls(monkeypatch):
    """Records whether each import took the streamed parse."""
    calls: list[bool] = []
    original = cityjson._parse_streamed

    def spy(*args):
        result = original(*args)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(cityjson, "_parse_streamed", spy)
    return calls


def test_delft_in_small_batches_matches_the_whole_file_parse(monkeypatch, streamed_calls):
    path = data_file(DELFT)
    reference = _read_whole(path)
    monkeypatch.setattr(cityjson, "STREAM_BATCH_BYTES", 20_000)  # ~70 batches of objects, ~20 of vertices
    city = read_cityjson(path)
    assert streamed_calls == [True]
    assert len(city.buildings) == 160 and len(city.buildings.triangles) == 5563 and len(city.ground) == 211
    _assert_same_city(city, reference)


def test_pretty_printed_file_with_escapes_and_vertices_first(write_json, tmp_path, streamed_calls):
    building = box_building(attributes={"name": 'the "box" {not a brace}', "note": "back\\slash\\"})
    doc = cityjson_doc({'B"1': building, "B2": box_building()}, BOX_VERTICES)
    ordered = {"vertices": doc.pop("vertices"), **doc}
    path = tmp_path / "pretty.city.json"
    path.write_text(json.dumps(ordered, indent=3))
    city = read_cityjson(path)
    assert streamed_calls == [True]
    assert city.buildings.ids == ['B"1', "B2"]
    assert city.buildings['B"1'].attributes["name"] == 'the "box" {not a brace}'
    assert city.buildings['B"1'].attributes["note"] == "back\\slash\\"
    assert city.buildings["B2"].surface_area_m2(SurfaceType.ROOF) == pytest.approx(80.0)


def test_errors_in_a_streamed_file_keep_their_messages(write_json):
    building = box_building()
    building["geometry"][0]["boundaries"][0][2] = [[1, 2, 6, 9001]]
    with pytest.raises(InvalidFile) as error:
        read_cityjson(write_json("zone.city.json", cityjson_doc({"B12": building}, BOX_VERTICES)))
    assert str(error.value) == "zone.city.json: CityObject 'B12' points at vertex 9001, file has 8"
    vertices = [list(v) for v in BOX_VERTICES]
    vertices[3] = [0, 1]
    with pytest.raises(InvalidFile, match=r"vert.city.json: vertex 3 is \[0, 1\], expected three numbers"):
        read_cityjson(write_json("vert.city.json", cityjson_doc({"B": box_building()}, vertices)))


def test_invalid_json_still_names_line_and_column(tmp_path):
    text = json.dumps(cityjson_doc({"B": box_building()}, BOX_VERTICES), indent=1)
    path = tmp_path / "broken.city.json"
    path.write_text(text.replace('"Building"', '"Building",,', 1))
    with pytest.raises(InvalidFile, match=r"broken.city.json: not valid JSON at line \d+, column \d+"):
        read_cityjson(path)


# --------------------------------------------------------------------------- GeometryInstance

# A 1 x 1 x 1 m unit box around its own origin (real coordinates: 'transform' does not apply).
TEMPLATE_VERTICES = [[x / 1000, y / 1000, z / 1000] for x, y, z in BOX_VERTICES]
TEMPLATE_VERTICES = [[x / 10, y / 8, z / 6] for x, y, z in TEMPLATE_VERTICES]


def _template_doc(instances: dict, extra_vertices=(), templates=None):
    """Two reference points (100, 200, 5) and (300, 200, 0) m from the translate, then ``extra_vertices``."""
    templates = templates or {
        "templates": [{"type": "Solid", "lod": "2", "boundaries": [BOX_SHELL], "semantics": BOX_SEMANTICS}],
        "vertices-templates": TEMPLATE_VERTICES,
    }
    vertices = [[100_000, 200_000, 5_000], [300_000, 200_000, 0], *extra_vertices]
    # A deep copy: the tests break it, and it shares the helpers' module-level lists.
    return copy.deepcopy(cityjson_doc(instances, vertices, **{"geometry-templates": templates}))


def _instance(ref: int, matrix: list[float], template: int = 0) -> dict:
    return {"type": "GeometryInstance", "template": template, "boundaries": [ref], "transformationMatrix": matrix}


SCALE_4_3_2 = [4, 0, 0, 0, 0, 3, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]
ROTATE_Z_90_SHIFT = [0, -1, 0, 10, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]  # x' = -y + 10, y' = x


def test_geometry_instances_are_placed_at_their_reference_points(write_json):
    doc = _template_doc(
        {
            "T1": {"type": "Building", "geometry": [_instance(0, SCALE_4_3_2)]},
            "T2": {"type": "Building", "attributes": {"kind": "kiosk"}, "geometry": [_instance(1, ROTATE_Z_90_SHIFT)]},
        }
    )
    city = read_cityjson(write_json("templates.city.json", doc))
    assert city.buildings.ids == ["T1", "T2"]
    origin = np.array(city.frame.origin)
    t1, t2 = city.buildings["T1"], city.buildings["T2"]
    # Scaled 4 x 3 x 2 m box at (650100, 6860200, 5).
    lo, hi = np.array(t1.bounds[0::2]) + origin, np.array(t1.bounds[1::2]) + origin
    np.testing.assert_allclose(lo, [650100, 6860200, 5], atol=1e-9)
    np.testing.assert_allclose(hi, [650104, 6860203, 7], atol=1e-9)
    assert t1.surface_area_m2(SurfaceType.ROOF) == pytest.approx(12.0)
    assert t1.surface_area_m2(SurfaceType.WALL) == pytest.approx(2 * (4 + 3) * 2)
    # Unit box turned a quarter about z and moved 10 m in x: x in [309, 310], y in [200, 201].
    lo, hi = np.array(t2.bounds[0::2]) + origin, np.array(t2.bounds[1::2]) + origin
    np.testing.assert_allclose(lo, [650309, 6860200, 0], atol=1e-9)
    np.testing.assert_allclose(hi, [650310, 6860201, 1], atol=1e-9)
    assert t2.surface_area_m2(SurfaceType.GROUND) == pytest.approx(1.0)
    assert t2.attributes["kind"] == "kiosk"
    # Still closed solids facing outwards: the roof points up after the rotation.
    roof = city.buildings.triangle_surface == SurfaceType.ROOF
    assert (city.buildings.triangle_normals()[roof][:, 2] > 0.999).all()


def test_geometry_instance_beside_plain_geometry_and_lod_choice(write_json):
    objects = {
        "P": box_building(),  # plain Solid, LoD 2, on vertices 2..9
        "T": {"type": "Building", "geometry": [_instance(0, SCALE_4_3_2)]},
    }
    moved = [[x, y + 50_000, z] for x, y, z in BOX_VERTICES]
    objects["P"]["geometry"][0]["boundaries"] = [[[[i + 2 for i in r] for r in s] for s in BOX_SHELL]]
    doc = _template_doc(objects, extra_vertices=moved)
    doc["geometry-templates"]["templates"][0]["lod"] = "1"
    path = write_json("mixed.city.json", doc)
    city = read_cityjson(path)
    assert city.buildings.ids == ["P", "T"]
    assert city.buildings["P"].surface_area_m2(SurfaceType.ROOF) == pytest.approx(80.0)
    assert city.buildings["T"].attributes["lod"] == "1"  # the template's LoD
    assert read_cityjson(path, lod=1).buildings.ids == ["T"]
    _assert_same_city(city, _read_whole(path))


def _geometry(doc):
    return doc["CityObjects"]["T"]["geometry"][0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("geometry-templates"), "'T' has a GeometryInstance, but the file has no 'geometry-templates'"),
        (lambda d: _geometry(d).update(template=3), "GeometryInstance names template 3, the file has 1"),
        (lambda d: _geometry(d).update(boundaries=[7]), "boundaries must be one vertex index"),
        (lambda d: _geometry(d).update(transformationMatrix=[1, 0, 0]), "must be 16 finite numbers"),
        (
            lambda d: d["geometry-templates"]["templates"][0]["boundaries"][0][0][0].append(12),
            "geometry template 0 points at vertex 12, 'vertices-templates' has 8",
        ),
        (lambda d: d["geometry-templates"]["vertices-templates"][2].pop(), "geometry-templates: vertex 2 is"),
    ],
)
def test_broken_geometry_instances_name_the_fault(write_json, change, message):
    doc = _template_doc({"T": {"type": "Building", "geometry": [_instance(0, SCALE_4_3_2)]}})
    change(doc)
    with pytest.raises(InvalidFile) as error:
        read_cityjson(write_json("inst.city.json", doc))
    assert str(error.value).startswith("inst.city.json: ")
    assert message in str(error.value)
