"""CityJSON: the streamed parse of big files, CityJSONSeq in batches, and GeometryInstance (geometry templates)."""

from __future__ import annotations

import copy
import json

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


# --------------------------------------------------------------------------- boundaries parsed as bytes

# The box as 12 triangles (two per side, wound like the quads), with a semantic value per triangle.
BOX_TRIANGLES = [[[a, b, c]] for (q,) in BOX_SHELL for a, b, c in ((q[0], q[1], q[2]), (q[0], q[2], q[3]))]
TRIANGLE_VALUES = [0, 0, 1, 1, 2, 2, 2, None, 2, 2, 2, 2]


def _write_compact(tmp_path, name, doc):
    """CityJSON as tools write it (no whitespace): the form whose boundaries are parsed as bytes."""
    path = tmp_path / name
    path.write_text(json.dumps(doc, separators=(",", ":")))
    return path


def _triangulated_objects():
    solid = {"type": "Solid", "lod": "2.2", "boundaries": [BOX_TRIANGLES]}
    solid["semantics"] = {"surfaces": BOX_SEMANTICS["surfaces"], "values": [TRIANGLE_VALUES]}
    surface = {"type": "MultiSurface", "lod": "2.2", "boundaries": BOX_TRIANGLES}
    surface["semantics"] = {"surfaces": BOX_SEMANTICS["surfaces"], "values": TRIANGLE_VALUES[::-1]}
    plain = {"type": "CompositeSurface", "lod": "2.2", "boundaries": BOX_TRIANGLES[:5]}
    other = {"type": "MultiSurface", "lod": "1", "boundaries": [[[0, 1, 2]]]}
    return {
        "S": {"type": "Building", "attributes": {"name": "solid"}, "geometry": [solid]},
        "M": {"type": "Building", "children": ["M-1"], "geometry": [surface]},
        "M-1": {"type": "BuildingPart", "parents": ["M"], "geometry": [plain]},
        "R": {"type": "Road", "geometry": [{"type": "MultiSurface", "lod": "1", "boundaries": BOX_TRIANGLES[:2]}]},
        "G": {"type": "GenericCityObject", "geometry": [other]},
    }


def _polygonal_objects():
    holed = [[[0, 1, 2, 3], [0, 3, 2, 1]], [[4, 5, 6, 7]]]  # a floor with a (degenerate) hole, a roof
    two_shells = [BOX_SHELL, [[[4, 5, 6, 7]]]]
    objects = {
        "B": box_building(),
        "H": {"type": "Building", "geometry": [{"type": "MultiSurface", "lod": "2", "boundaries": holed}]},
        "C": {
            "type": "Building",
            "geometry": [
                {
                    "type": "CompositeSolid",
                    "lod": "2",
                    "boundaries": [two_shells, [BOX_SHELL]],
                    "semantics": {
                        "surfaces": BOX_SEMANTICS["surfaces"],
                        "values": [[[0, 1, 2, 2, 2, None], None], None],
                    },
                }
            ],
        },
        "L": {"type": "LandUse", "geometry": [{"type": "MultiSurface", "lod": "1", "boundaries": [[[0, 1, 2, 3]]]}]},
    }
    objects.update(_triangulated_objects())  # triangles in the same batch: the general parse for all
    return objects


def _assert_same_everything(a, b):
    _assert_same_city(a, b)
    np.testing.assert_array_equal(a.buildings.triangle_building, b.buildings.triangle_building)
    assert a.buildings.attributes.keys() == b.buildings.attributes.keys()
    for name, column in a.buildings.attributes.items():
        assert list(map(repr, column.tolist())) == list(map(repr, b.buildings.attributes[name].tolist()))  # NaN too
    for p, q in zip(a.ground, b.ground, strict=True):
        np.testing.assert_array_equal(p.polygon.exterior, q.polygon.exterior)
    assert a.import_report == b.import_report


@pytest.fixture
def byte_parses(monkeypatch):
    """Records which batches had their boundaries parsed as bytes, and how (triangles / general)."""
    calls = {"batches": [], "triangles": []}
    load, triangles = cityjson._load_batch, cityjson._triangle_shape

    def spy_load(text, **kw):
        result = load(text, **kw)
        calls["batches"].append(result is not None)
        return result

    def spy_triangles(*args):
        result = triangles(*args)
        calls["triangles"].append(result is not None)
        return result

    monkeypatch.setattr(cityjson, "_load_batch", spy_load)
    monkeypatch.setattr(cityjson, "_triangle_shape", spy_triangles)
    return calls


@pytest.mark.parametrize("batch_bytes", [None, 400])  # the file in one go; a few objects at a time
@pytest.mark.parametrize(("objects", "triangles"), [(_triangulated_objects, True), (_polygonal_objects, False)])
def test_boundaries_parsed_as_bytes_match_the_whole_file_parse(
    tmp_path, monkeypatch, byte_parses, objects, triangles, batch_bytes
):
    vertices = [*BOX_VERTICES, [5000, 4000, 9000]]
    path = _write_compact(tmp_path, "varied.city.json", cityjson_doc(objects(), vertices))
    if batch_bytes:
        monkeypatch.setattr(cityjson, "STREAM_BATCH_BYTES", batch_bytes)
    city = read_cityjson(path)
    if batch_bytes:
        assert len(byte_parses["batches"]) > 2 and all(byte_parses["batches"])
    else:
        assert byte_parses == {"batches": [True], "triangles": [triangles]}
    reference = _read_whole(path)
    _assert_same_everything(city, reference)
    assert city.buildings["S"].surface_area_m2(SurfaceType.ROOF) == pytest.approx(80.0)
    assert city.buildings["S"].surface_area_m2(SurfaceType.WALL) == pytest.approx(2 * (10 + 8) * 6 - 24.0)
    assert city.buildings["M"].attributes["building_parts"] == ["M-1"]
    # A null value in S and in M, the 5 faces of M-1; H's 2 faces, C's null shells (1 + 6 faces) and null value.
    assert city.import_report.faces_without_semantics == 1 + 1 + 5 + (0 if triangles else 2 + 1 + 6 + 1)


def _box_with_boundaries(text, values=None):
    """A compact file whose Building 'B' has ``text`` as the boundaries of its MultiSurface (and ``values``)."""
    geometry = {"type": "MultiSurface", "lod": "2", "boundaries": "@"}
    if values is not None:
        geometry["semantics"] = {"surfaces": BOX_SEMANTICS["surfaces"], "values": "%"}
    doc = cityjson_doc({"B": {"type": "Building", "geometry": [geometry]}}, BOX_VERTICES)
    return json.dumps(doc, separators=(",", ":")).replace('"@"', text).replace('"%"', values or "")


ODD_BOUNDARIES = [
    "[[[0,1,2]],[[0,2,3]]]",  # the fast path
    "[[[0, 1, 2]], [[0,2,3]]]",  # whitespace
    "[[[0,1,2,3]],[[4,5,6,7],[4,7,6,5]]]",  # a quad, a hole
    "[[[0,1,2]],[]]",  # an empty surface
    "[[[0,1,2]],[[]]]",  # an empty ring
    "[[0,1,2]]",  # too shallow for a MultiSurface
    "[[[[0,1,2]]]]",  # too deep
    "[[[0,1,2],5]]",  # an index beside a ring
    "[[[0,-1,2]]]",  # a negative index
    "[[[0,1.0,2]]]",  # not an integer
    "[[[0,1,99999999999999999999]]]",  # beyond 64 bits
    "[[[01,1,2]]]",  # a leading zero: not JSON
    "[[[0,1,2,]]]",  # a trailing comma: not JSON
    "[[[0,,1,2]]]",  # an empty item: not JSON
    "[[[0,1-2]]]",  # a minus inside a number: not JSON
    "[[[0,1,2]][[0,2,3]]]",  # a missing comma: not JSON
    "[[[0,1,2]]],[[[0,2,3]]]",  # two arrays: not JSON here
]


@pytest.mark.parametrize("boundaries", ODD_BOUNDARIES)
def test_odd_boundaries_give_what_the_whole_file_parse_gives(tmp_path, boundaries):
    _assert_same_outcome(tmp_path, _box_with_boundaries(boundaries))


@pytest.mark.parametrize(
    "values", ["[0,2]", "[null,1]", "[0]", "[0,3]", "[0,-1]", "[0,1.5]", "[0,true]", "[[0],[1]]", "7"]
)
def test_odd_semantic_values_give_what_the_whole_file_parse_gives(tmp_path, values):
    _assert_same_outcome(tmp_path, _box_with_boundaries("[[[0,1,2]],[[0,2,3]]]", values))


def _assert_same_outcome(tmp_path, text):
    path = tmp_path / "odd.city.json"
    path.write_text(text)
    try:
        expected = _read_whole(path)
    except Exception as error:  # noqa: BLE001 - whatever it is, the streamed parse must give the same
        with pytest.raises(type(error)) as got:
            read_cityjson(path)
        assert str(got.value) == str(error)
    else:
        _assert_same_everything(read_cityjson(path), expected)


def test_compact_file_with_geometry_templates_matches_the_whole_file_parse(tmp_path, byte_parses):
    objects = {
        "P": box_building(),
        "T": {"type": "Building", "geometry": [_instance(0, SCALE_4_3_2)]},
        "R": {"type": "Road", "geometry": [{"type": "MultiSurface", "lod": "1", "boundaries": BOX_TRIANGLES[:2]}]},
    }
    objects["P"]["geometry"][0]["boundaries"] = [[[[i + 2 for i in r] for r in s] for s in BOX_SHELL]]
    path = _write_compact(tmp_path, "templates.city.json", _template_doc(objects, extra_vertices=BOX_VERTICES))
    city = read_cityjson(path)
    assert byte_parses["batches"] == [True]
    assert city.buildings.ids == ["P", "T"]
    assert city.buildings["T"].surface_area_m2(SurfaceType.ROOF) == pytest.approx(12.0)
    _assert_same_everything(city, _read_whole(path))


def test_ground_outline_matching_points_by_vertex_is_np_unique():
    from importers._outline import _unique_by_vertex

    rng = np.random.default_rng(7)
    vertex_key = rng.integers(0, 40, 300)  # 300 vertices, several at one position (repeated in files)
    point_vertex = rng.integers(0, 300, 2000)  # the points of the rings, vertices shared by faces
    key = vertex_key[point_vertex]
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    got_first, got_inverse = _unique_by_vertex(key, point_vertex)
    np.testing.assert_array_equal(got_first, first)
    np.testing.assert_array_equal(got_inverse, inverse)


# --------------------------------------------------------------------------- CityJSONSeq, parsed in batches as bytes


def _write_seq(path, doc, *, pretty=()):
    """``doc`` as CityJSONSeq (compact, as tools write it): a header line, then one feature per object
    without parents, holding its descendants and only the vertices they use (renumbered as met).

    ``pretty``: ids of features written with whitespace (the form the byte parse leaves to the general one).
    """
    objects, all_vertices = doc["CityObjects"], doc["vertices"]
    header = {k: v for k, v in doc.items() if k not in ("CityObjects", "vertices")}
    lines = [json.dumps({**header, "CityObjects": {}, "vertices": []}, separators=(",", ":"))]
    for oid, obj in objects.items():
        if obj.get("parents"):
            continue
        members = [oid]
        for member in members:
            members += objects[member].get("children", [])
        renumber: dict[int, int] = {}

        def renumbered(b):
            if isinstance(b, int):
                return renumber.setdefault(b, len(renumber))
            return [renumbered(x) for x in b]

        feature_objects = {}
        for m in members:
            geometry = [{**g, "boundaries": renumbered(g["boundaries"])} for g in objects[m].get("geometry", [])]
            feature_objects[m] = {**objects[m], "geometry": geometry}
        vertices = [all_vertices[k] for k in renumber]  # dicts keep the order indices were met
        feature = {"type": "CityJSONFeature", "id": oid, "CityObjects": feature_objects, "vertices": vertices}
        lines.append(json.dumps(feature, indent=1 if oid in pretty else None, separators=(",", ":")).replace("\n", ""))
    path.write_text("\n".join(lines) + "\n")
    return path


def _read_line_by_line(path, **kw):
    """The import with every CityJSONSeq line parsed on its own (the reference the batches must match)."""
    batched = cityjson._parse_features
    cityjson._parse_features = lambda *a: None
    try:
        return read_cityjson(path, **kw)
    finally:
        cityjson._parse_features = batched


@pytest.fixture
def seq_batches(monkeypatch):
    """Records, per batch of CityJSONSeq lines, whether it was parsed as bytes."""
    calls: list[bool] = []
    original = cityjson._parse_features

    def spy(*args):
        result = original(*args)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(cityjson, "_parse_features", spy)
    return calls


@pytest.mark.parametrize(
    ("name", "crs", "lod"), [(DELFT, None, None), (MULTI_LOD, "EPSG:7415", None), (MULTI_LOD, "EPSG:7415", "1.2")]
)
def test_real_files_as_seq_in_batches_match_line_by_line(tmp_path, monkeypatch, seq_batches, name, crs, lod):
    source = data_file(name)
    path = _write_seq(tmp_path / "real.city.jsonl", json.loads(source.read_text()))
    reference = _read_line_by_line(path, crs=crs, lod=lod)
    monkeypatch.setattr(cityjson, "STREAM_BATCH_BYTES", path.stat().st_size // 10)  # about 10 batches of lines
    city = read_cityjson(path, crs=crs, lod=lod)
    assert len(seq_batches) >= 8 and all(seq_batches)
    _assert_same_everything(city, reference)
    # The same buildings, surfaces and areas as the CityJSON file itself.
    original = read_cityjson(source, crs=crs, lod=lod)
    assert city.buildings.ids == original.buildings.ids
    assert len(city.buildings.triangles) == len(original.buildings.triangles)
    for kind in (SurfaceType.ROOF, SurfaceType.WALL, SurfaceType.GROUND):
        np.testing.assert_allclose(
            city.buildings.surface_area_by_building_m2(kind), original.buildings.surface_area_by_building_m2(kind)
        )
    if name == DELFT:
        assert len(city.buildings) == 160 and len(city.buildings.triangles) == 5563 and len(city.ground) == 211


def _varied_doc():
    objects = {**_polygonal_objects(), **_triangulated_objects()}
    objects["T"] = {"type": "Building", "geometry": [_instance(0, SCALE_4_3_2)]}
    return _template_doc(objects, extra_vertices=BOX_VERTICES)


def test_varied_geometries_as_seq_match_line_by_line(tmp_path, monkeypatch, seq_batches):
    path = _write_seq(tmp_path / "varied.city.jsonl", _varied_doc())
    reference = _read_line_by_line(path)
    city = read_cityjson(path)
    assert seq_batches == [True]
    _assert_same_everything(city, reference)
    assert city.buildings.ids == ["B", "H", "C", "S", "M", "T"]
    assert city.buildings["M"].attributes["building_parts"] == ["M-1"]
    assert city.buildings["T"].surface_area_m2(SurfaceType.ROOF) == pytest.approx(12.0)
    assert city.import_report.format == "CityJSONSeq 2.0"
    # One feature per batch: the same again.
    monkeypatch.setattr(cityjson, "STREAM_BATCH_BYTES", 1)
    _assert_same_everything(read_cityjson(path), reference)
    assert len(seq_batches) == 1 + 9 and all(seq_batches)  # 9 features


def test_a_line_with_whitespace_is_parsed_on_its_own_with_the_same_result(tmp_path, monkeypatch, seq_batches):
    path = _write_seq(tmp_path / "mixed.city.jsonl", _varied_doc(), pretty={"H"})
    monkeypatch.setattr(cityjson, "STREAM_BATCH_BYTES", 600)  # a few features per batch
    city = read_cityjson(path)
    assert False in seq_batches and seq_batches.count(True) >= 2
    _assert_same_everything(city, _read_line_by_line(path))


def test_errors_in_batched_lines_name_the_line(tmp_path, seq_batches):
    doc = cityjson_doc({f"B{k}": box_building() for k in range(4)}, BOX_VERTICES)
    path = _write_seq(tmp_path / "seq.city.jsonl", doc)
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace('"boundaries":[[[[0,', '"boundaries":[[[[9001,', 1)
    path.write_text("\n".join(lines))
    with pytest.raises(InvalidFile) as error:
        read_cityjson(path)
    assert seq_batches == [True]
    assert str(error.value) == "seq.city.jsonl: line 4: CityObject 'B2' points at vertex 9001, its feature has 8"
    assert error.value.location == "CityObject 'B2'"

    lines[3] = lines[3].replace("9001", "-1")
    path.write_text("\n".join(lines))
    with pytest.raises(InvalidFile, match=r"seq.city.jsonl: line 4: CityObject 'B2' points at vertex -1, its feature"):
        read_cityjson(path)

    lines[3] = lines[3][:-30]  # truncated: the batch is parsed line by line, for the message
    path.write_text("\n".join(lines))
    with pytest.raises(InvalidFile, match=r"seq.city.jsonl: not valid JSON at line 4, column \d+") as error:
        read_cityjson(path)
    assert error.value.location.startswith("line 4")
    assert seq_batches[-1] is False


@pytest.mark.parametrize("boundaries", ODD_BOUNDARIES)
def test_odd_boundaries_in_a_seq_line_give_what_line_by_line_gives(tmp_path, boundaries):
    header = json.dumps(cityjson_doc({}, []), separators=(",", ":"))
    geometry = '{"type":"MultiSurface","lod":"2","boundaries":' + boundaries + "}"
    feature = {"type": "CityJSONFeature", "CityObjects": {"B": {"type": "Building", "geometry": ["@"]}}}
    feature["vertices"] = BOX_VERTICES
    path = tmp_path / "odd.city.jsonl"
    path.write_text(header + "\n" + json.dumps(feature, separators=(",", ":")).replace('"@"', geometry) + "\n")
    try:
        expected = _read_line_by_line(path)
    except Exception as error:  # noqa: BLE001 - whatever it is, the batched parse must give the same
        with pytest.raises(type(error)) as got:
            read_cityjson(path)
        assert str(got.value) == str(error)
    else:
        _assert_same_everything(read_cityjson(path), expected)
