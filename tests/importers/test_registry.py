"""The registry: which reader opens which file, File > Open filters, the error family."""

from __future__ import annotations

import pickle
import sys

import pytest
from importer_helpers import ARRONDISSEMENTS, DELFT, LYON, MULTI_LOD, data_file

from importers import (
    FORMATS,
    Cancelled,
    CrsRequired,
    ImporterError,
    InvalidFile,
    MissingDependency,
    UnsupportedFormat,
    file_dialog_filters,
    format_for,
    open_city,
)
from importers.registry import Format, load_reader, sniff


def test_file_dialog_filters():
    filters = file_dialog_filters()
    assert filters[0][0] == "All supported files" and filters[-1] == ("All files", ["*"])
    everything = set(filters[0][1])
    assert {"*.city.json", "*.city.jsonl", "*.geojson", "*.json"} <= everything
    assert {"*.ifc", "*.glb", "*.gltf", "*.obj", "*.ply", "*.stl"} <= everything
    for label, patterns in filters:
        assert label and patterns and all(p.startswith("*") for p in patterns)
        if label not in ("All supported files", "All files"):
            assert set(patterns) <= everything


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'{"type": "CityJSON", "version": "2.0"', "cityjson"),
        (b'{"CityObjects": {"a": {}}', "cityjson"),
        (b'{"type":"CityJSON","version":"2.0"}\n{"type":"CityJSONFeature","id":"a"}\n', "cityjsonseq"),
        (b'{"type": "FeatureCollection", "features": []}', "geojson"),
        (b'\xef\xbb\xbf{"type": "Feature"}', "geojson"),
        (b'<?xml version="1.0"?><core:CityModel', "citygml"),
        (b"ISO-10303-21;", "ifc"),
        (b"glTF\x02\x00\x00\x00", "glb"),
        (b"ply\nformat binary_little_endian 1.0\n", "ply"),
        (b'{"asset": {"version": "2.0"}, "meshes": []}', "gltf"),
        (b"\x1f\x8b\x08", "gzip"),
        (b"SQLite format 3\x00", "geopackage"),
        (b"LASF", "las"),
        (b"hello", None),
        (b"", None),
    ],
)
def test_sniff(head, expected):
    assert sniff(head) == expected


def test_real_files_get_the_right_reader():
    assert format_for(data_file(DELFT)).name == "cityjson"
    assert format_for(data_file(MULTI_LOD)).name == "cityjson"
    assert format_for(data_file(LYON)).name == "geojson"
    assert format_for(data_file(ARRONDISSEMENTS)).name == "geojson"
    laz = "lidar/lidarhd_montpellier_77055_627760_LA93_IGN69.laz"
    assert format_for(data_file(laz)).name == "las"
    assert format_for(data_file("buildings_3d/citygml_lyon/LYON_1ER_BATI_2015_small_house.gml")).name == "citygml"
    assert format_for(data_file("architecture/AC20-FZK-Haus.ifc")).name == "ifc"
    assert format_for(data_file("architecture/lyon_tour_part_dieu.obj")).name == "obj"


def test_a_cityjson_whose_objects_come_late_is_found(tmp_path):
    # "CityObjects" after the first 64 KiB, and no "type" before it.
    path = tmp_path / "late.json"
    path.write_text('{"vertices": [' + ",".join(["[0, 0, 0]"] * 10000) + '], "CityObjects": {}, "type": "CityJSON"}')
    assert format_for(path).name == "cityjson"


def test_open_city_passes_options():
    city = open_city(data_file(MULTI_LOD), crs="EPSG:7415", lod="1.2")
    assert set(city.buildings.attributes["lod"]) == {"1.2"}
    zones_as_buildings = open_city(data_file(ARRONDISSEMENTS), kind="buildings")
    assert len(zones_as_buildings.buildings) == 20


def test_progress_is_reported_from_0_to_1():
    seen: list[tuple[float, str]] = []
    open_city(data_file(ARRONDISSEMENTS), progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert all(isinstance(m, str) and m for _, m in seen)


@pytest.mark.parametrize("relative", [DELFT, LYON])
def test_cancel_stops_the_import(relative):
    polls = 0

    def cancel() -> bool:
        nonlocal polls
        polls += 1
        return polls > 3

    with pytest.raises(Cancelled) as info:
        open_city(data_file(relative), cancel=cancel)
    assert info.value.path.name in str(info.value)


def test_missing_optional_dependency_is_named(tmp_path, monkeypatch):
    module = tmp_path / "fake_reader_needing_pkg.py"
    module.write_text("import a_package_that_is_not_installed\n\ndef read(path, **kw):\n    return None\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    fmt = Format("fake", "Fake", (".fake",), "fake_reader_needing_pkg:read", extra="fake")
    with pytest.raises(MissingDependency) as info:
        load_reader(fmt, tmp_path / "model.fake")
    assert info.value.package == "a_package_that_is_not_installed"
    assert "model.fake" in str(info.value) and "maquette[fake]" in str(info.value)
    sys.modules.pop("fake_reader_needing_pkg", None)


def test_readers_are_loaded_lazily():
    for fmt in FORMATS:
        module, _, function = fmt.reader.partition(":")
        assert module.startswith("importers.") and function.startswith("read_")


@pytest.mark.parametrize(
    "error",
    [
        ImporterError("a/b/zone.city.json", "something"),
        InvalidFile(
            "zone.city.json", "CityObject 'B12' points at vertex 9001, file has 4000", location="CityObject 'B12'"
        ),
        UnsupportedFormat("x.gml", "CityGML files cannot be imported yet"),
        MissingDependency("house.ifc", "ifcopenshell", "ifc"),
        CrsRequired("lyon.gml", extent=(1.0, 2.0, 3.0, 4.0)),
        Cancelled("big.geojson"),
    ],
)
def test_errors_name_the_file_and_pickle(error):
    assert str(error).startswith(error.path.name + ": ")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error) and copy.__dict__ == error.__dict__


def test_error_message_format():
    error = InvalidFile(
        "data/zone.city.json", "CityObject 'B12' points at vertex 9001, file has 4000", location="CityObject 'B12'"
    )
    assert str(error) == "zone.city.json: CityObject 'B12' points at vertex 9001, file has 4000"
    assert error.location == "CityObject 'B12'"
