"""Broken files: each raises the right error, naming the file (and where), or is repaired and counted."""

from __future__ import annotations

import gzip
import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
from importer_helpers import BOX_VERTICES, DELFT, box_building, cityjson_doc, data_file

from importers import CrsRequired, ImporterError, InvalidFile, UnsupportedFormat, open_city
from importers.cityjson import read_cityjson
from importers.geojson import read_geojson


def _raises(error: type[ImporterError], path: Path, match: str | None = None, **kwargs) -> ImporterError:
    with pytest.raises(error) as info:
        open_city(path, **kwargs)
    message = str(info.value)
    assert message.startswith(path.name + ": "), message
    if match is not None:
        assert match in message, message
    return info.value


def _box_doc(**changes):
    building = box_building()
    building.update(changes.pop("building", {}))
    doc = cityjson_doc({"B12": building}, changes.pop("vertices", BOX_VERTICES))
    doc.update(changes)
    return doc


# --------------------------------------------------------------------------- any file


@pytest.mark.parametrize("name", ["empty.city.json", "empty.geojson", "empty.json", "empty.city.jsonl"])
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    _raises(InvalidFile, path, "empty")


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.geojson"
    path.write_text("  \n\n ")
    _raises(InvalidFile, path, "empty")


def test_truncated_cityjson(tmp_path):
    data = data_file(DELFT).read_bytes()
    path = tmp_path / "delft.city.json"
    path.write_bytes(data[: len(data) // 2])
    error = _raises(InvalidFile, path, "not valid JSON")
    assert "truncated" in str(error) and error.location.startswith("line ")


def test_truncated_geojson(tmp_path):
    path = tmp_path / "cut.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Pol')
    _raises(InvalidFile, path, "not valid JSON")


def test_invalid_json(tmp_path):
    path = tmp_path / "bad.city.json"
    path.write_text('{"type": "CityJSON", "version": "2.0",, }')
    error = _raises(InvalidFile, path, "line 1, column")
    assert error.location == "line 1, column 39"


def test_random_bytes_with_a_known_suffix(tmp_path):
    path = tmp_path / "noise.city.json"
    path.write_bytes(np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    _raises(InvalidFile, path)


def test_random_bytes_with_an_unknown_suffix(tmp_path):
    path = tmp_path / "noise.bin"
    path.write_bytes(os.urandom(2048).replace(b"\x1f\x8b", b"xx"))
    _raises(UnsupportedFormat, path, "not a file format")


def test_missing_file(tmp_path):
    with pytest.raises(ImporterError, match=r"nothere\.city\.json: no such file"):
        open_city(tmp_path / "nothere.city.json")


def test_wrong_suffix_is_sniffed(tmp_path, write_json):
    cityjson = _box_doc()
    for name in ("box.geojson", "box.txt", "box.json"):
        city = open_city(write_json(name, cityjson))
        assert city.buildings.ids == ["B12"], name
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"height": 3},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[2.35, 48.85], [2.351, 48.85], [2.351, 48.851], [2.35, 48.85]]],
                },
            }
        ],
    }
    assert len(open_city(write_json("footprints.city.json", geojson)).buildings) == 1


def test_known_but_unsupported_formats(tmp_path):
    archive = tmp_path / "models.json"  # wrong suffix on purpose: the content decides
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("model.obj", b"v 0 0 0")
    _raises(UnsupportedFormat, archive, "ZIP archive holds no Shapefile")
    packed = tmp_path / "notes.gz"
    packed.write_bytes(gzip.compress(b"hello"))
    _raises(UnsupportedFormat, packed, "gzip-compressed")


# --------------------------------------------------------------------------- CityJSON


def test_vertex_index_out_of_range(write_json):
    building = box_building()
    building["geometry"][0]["boundaries"][0][1] = [[4, 5, 6, 9001]]
    path = write_json("zone.city.json", _box_doc(building=building))
    error = _raises(InvalidFile, path)
    assert str(error) == "zone.city.json: CityObject 'B12' points at vertex 9001, file has 8"
    assert error.location == "CityObject 'B12'"


def test_negative_vertex_index(write_json):
    building = box_building()
    building["geometry"][0]["boundaries"][0][0] = [[0, 3, -1, 1]]
    path = write_json("neg.city.json", _box_doc(building=building))
    _raises(InvalidFile, path, "CityObject 'B12' points at vertex -1, file has 8")


def test_non_integer_vertex_index(write_json):
    building = box_building()
    building["geometry"][0]["boundaries"][0][0] = [[0, 3, 2.5, 1]]
    path = write_json("float.city.json", _box_doc(building=building))
    _raises(InvalidFile, path, "CityObject 'B12'")


def test_malformed_boundaries(write_json):
    building = box_building()
    building["geometry"][0]["boundaries"] = [[0, 1, 2]]
    path = write_json("shape.city.json", _box_doc(building=building))
    _raises(InvalidFile, path, "CityObject 'B12': malformed Solid geometry")


def test_semantic_value_out_of_range(write_json):
    building = box_building()
    building["geometry"][0]["semantics"]["values"] = [[0, 1, 2, 2, 2, 7]]
    path = write_json("sem.city.json", _box_doc(building=building))
    _raises(InvalidFile, path, "semantic value 7")


@pytest.mark.parametrize("scale", [[0.001, 0.0, 0.001], [float("nan"), 0.001, 0.001], [0.001, 0.001, float("inf")]])
def test_unusable_transform_scale(write_json, scale):
    doc = _box_doc()
    doc["transform"]["scale"] = scale
    path = write_json("scale.city.json", doc)
    error = _raises(InvalidFile, path, "transform scale")
    assert error.location == "transform"


def test_nan_coordinates(write_json):
    vertices = [list(v) for v in BOX_VERTICES]
    vertices[5] = [float("nan"), 0, 6000]
    path = write_json("nan.city.json", _box_doc(vertices=vertices))
    _raises(InvalidFile, path, "CityObject 'B12' uses vertex 5")


def test_infinite_coordinates(tmp_path):
    text = json.dumps(_box_doc()).replace("[10000, 0, 6000]", "[1e999, 0, 6000]", 1)
    path = tmp_path / "inf.city.json"
    path.write_text(text)
    _raises(InvalidFile, path, "not finite")


def test_bad_vertex_entry(write_json):
    vertices = [list(v) for v in BOX_VERTICES]
    vertices[2] = [1, 2]
    path = write_json("vert.city.json", _box_doc(vertices=vertices))
    _raises(InvalidFile, path, "vertex 2 is [1, 2], expected three numbers")


def test_missing_parent(write_json):
    path = write_json("parent.city.json", _box_doc(building={"type": "BuildingPart", "parents": ["GHOST"]}))
    _raises(InvalidFile, path, "CityObject 'B12' names parent 'GHOST', which is not in the file")


def test_missing_child(write_json):
    path = write_json("child.city.json", _box_doc(building={"children": ["GHOST"]}))
    _raises(InvalidFile, path, "names child 'GHOST'")


def test_cyclic_parents(write_json):
    doc = cityjson_doc(
        {
            "A": box_building(type="BuildingPart", parents=["B"]),
            "B": {"type": "BuildingPart", "parents": ["C"]},
            "C": {"type": "Building", "parents": ["A"]},
        },
        BOX_VERTICES,
    )
    error = _raises(InvalidFile, write_json("cycle.city.json", doc), "its own ancestor")
    assert "'A'" in str(error) and "'B'" in str(error) and "'C'" in str(error)


def test_object_that_is_its_own_parent(write_json):
    path = write_json("self.city.json", _box_doc(building={"parents": ["B12"]}))
    _raises(InvalidFile, path, "CityObject 'B12' is its own ancestor")


def test_unsupported_version(write_json):
    _raises(UnsupportedFormat, write_json("old.city.json", _box_doc(version="0.9")), "version '0.9'")


def test_not_a_cityjson_type(write_json):
    _raises(InvalidFile, write_json("what.city.json", _box_doc(type="CityGML")), "'type' is 'CityGML'")


def test_unknown_reference_system(write_json):
    doc = _box_doc()
    doc["metadata"]["referenceSystem"] = "https://www.opengis.net/def/crs/EPSG/0/999999"
    _raises(InvalidFile, write_json("crs.city.json", doc), "unknown coordinate reference system")


def test_cityjson_without_crs_asks_for_one(write_json):
    doc = _box_doc()
    del doc["metadata"]
    error = _raises(CrsRequired, write_json("nocrs.city.json", doc))
    assert error.extent == pytest.approx((650000, 6860000, 650010, 6860008))


def test_bad_seq_line(tmp_path):
    header = json.dumps(cityjson_doc({}, []))
    feature = json.dumps({"type": "CityJSONFeature", "CityObjects": {"B": box_building()}, "vertices": BOX_VERTICES})
    path = tmp_path / "seq.city.jsonl"
    path.write_text("\n".join([header, feature, feature[:-20]]) + "\n")
    error = _raises(InvalidFile, path, "line 3")
    assert error.location.startswith("line 3")


# --------------------------------------------------------------------------- GeoJSON rings (repaired, not errors)


def _footprint(coordinates, geometry_type="Polygon", **properties):
    return {
        "type": "Feature",
        "properties": {"building": "yes", **properties},
        "geometry": {"type": geometry_type, "coordinates": coordinates},
    }


def _collection(*features):
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
        "features": list(features),
    }


def test_unclosed_ring_is_closed_and_counted(write_json):
    unclosed = [[650000, 6860000], [650010, 6860000], [650010, 6860010], [650000, 6860010]]
    city = read_geojson(write_json("open.geojson", _collection(_footprint([unclosed]))))
    assert len(city.buildings) == 1
    assert city.import_report.repaired["unclosed ring closed"] == 1
    assert city.buildings[0].surface_area_m2(1) == pytest.approx(100.0)


def test_self_intersecting_ring_is_made_valid_and_counted(write_json):
    bowtie = [[650000, 6860000], [650010, 6860010], [650010, 6860000], [650000, 6860010], [650000, 6860000]]
    good = [[650020, 6860000], [650030, 6860000], [650030, 6860010], [650020, 6860000]]
    city = read_geojson(
        write_json("bowtie.geojson", _collection(_footprint([bowtie], ID="bow"), _footprint([good], ID="ok")))
    )
    assert city.buildings.ids == ["bow", "ok"]
    assert city.import_report.repaired["invalid polygon made valid"] == 1
    # The bow tie becomes its two triangles, 25 m² each.
    assert city.buildings["bow"].surface_area_m2(1) == pytest.approx(50.0)


def test_degenerate_rings_are_skipped_and_counted(write_json):
    two_points = [[650000, 6860000], [650010, 6860000], [650000, 6860000]]
    flat = [[650000, 6860000], [650010, 6860000], [650020, 6860000], [650000, 6860000]]
    good = [[650020, 6860000], [650030, 6860000], [650030, 6860010], [650020, 6860000]]
    doc = _collection(_footprint([two_points], ID="a"), _footprint([flat], ID="b"), _footprint([good], ID="c"))
    city = read_geojson(write_json("degenerate.geojson", doc))
    assert city.buildings.ids == ["c"]
    skipped = city.import_report.skipped
    assert skipped["polygon with fewer than 3 points"] == 1
    assert skipped["invalid polygon with no area"] == 1


def test_geojson_nan_coordinates(write_json):
    ring = [[650000, 6860000], [float("nan"), 6860000], [650010, 6860010], [650000, 6860000]]
    path = write_json("nan.geojson", _collection(_footprint([ring]), _footprint([ring])))
    error = _raises(InvalidFile, path, "feature 0 has a coordinate that is not a finite number")
    assert error.location == "feature 0"


def test_geojson_bad_position(write_json):
    ring = [[650000, 6860000], ["x", 6860000], [650010, 6860010], [650000, 6860000]]
    _raises(InvalidFile, write_json("pos.geojson", _collection(_footprint([ring]))), "feature 0: position")


def test_geojson_wrong_type(write_json):
    _raises(InvalidFile, write_json("t.geojson", {"type": "Topology", "objects": {}}), "'type' is 'Topology'")


def test_geojson_unreadable_crs_member(write_json):
    doc = _collection(_footprint([[[0, 0], [1, 0], [1, 1], [0, 0]]]))
    doc["crs"] = {"type": "link", "properties": {"href": "http://example.com/crs", "type": "proj4"}}
    _raises(CrsRequired, write_json("link.geojson", doc), "'crs' member")


# --------------------------------------------------------------------------- nothing half-built


def test_failed_import_returns_nothing_and_touches_nothing(write_json, delft_city):
    before = delft_city.summary()
    vertices_before = delft_city.buildings.vertices.copy()
    stages: list[str] = []
    building = box_building()
    building["geometry"][0]["boundaries"][0][1] = [[4, 5, 6, 9001]]
    path = write_json("half.city.json", _box_doc(building=building))
    result = None
    with pytest.raises(InvalidFile):
        result = open_city(path, progress=lambda _f, message: stages.append(message))
    assert result is None
    assert stages and "done" not in stages  # it got going, then stopped before handing anything back
    assert delft_city.summary() == before
    np.testing.assert_array_equal(delft_city.buildings.vertices, vertices_before)


def test_errors_are_importer_errors_not_import_errors():
    assert not issubclass(ImporterError, ImportError)
    for cls in (InvalidFile, UnsupportedFormat, CrsRequired):
        assert issubclass(cls, ImporterError)


def test_read_functions_raise_the_same_errors(write_json):
    doc = _box_doc()
    doc["transform"]["scale"] = [0, 1, 1]
    path = write_json("direct.city.json", doc)
    with pytest.raises(InvalidFile, match=r"direct\.city\.json"):
        read_cityjson(path)


def test_a_broken_file_without_crs_is_reported_as_broken(write_json):
    # The user is not asked for a CRS for a file that cannot be read anyway.
    building = box_building()
    building["geometry"][0]["boundaries"][0][1] = [[4, 5, 6, 9001]]
    doc = _box_doc(building=building)
    del doc["metadata"]
    _raises(InvalidFile, write_json("broken_nocrs.city.json", doc), "points at vertex 9001")


@pytest.mark.parametrize("name", ["deep.city.json", "deep.geojson"])
def test_deeply_nested_json(tmp_path, name):
    path = tmp_path / name
    path.write_text("[" * 200_000 + "]" * 200_000)
    _raises(InvalidFile, path)


def test_geojson_properties_not_an_object(write_json):
    feature = _footprint([[[650000, 6860000], [650010, 6860000], [650010, 6860010], [650000, 6860000]]])
    feature["properties"] = ["height", 3]
    _raises(InvalidFile, write_json("props.geojson", _collection(feature)), "feature 0: 'properties'")
