"""Tree inventories: the real Paris "les arbres" extract, sizing rules, broken rows and files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from importers.errors import InvalidFile
from importers.trees import read_tree_inventory
from tests.conftest import shared_data

ARBRES = "vegetation/paris_les_arbres_extract.geojson"


def test_paris_trees_counts_heights_and_place():
    path = shared_data(ARBRES)
    features = json.loads(path.read_text())["features"]
    city = read_tree_inventory(path)
    trees = city.trees
    assert len(trees) == 3542
    report = city.tree_report
    with_height = sum(1 for f in features if 0 < f["properties"]["hauteurenm"] < 80)
    assert report.height_from_inventory == with_height
    assert report.height_from_inventory + report.height_from_stage + report.height_default == 3542
    # heights from the file are kept as they are
    by_id = {str(f["properties"]["idbase"]): f["properties"] for f in features}
    i = next(k for k, t in enumerate(trees.ids) if by_id[t]["hauteurenm"] > 10 and by_id[t]["circonferenceencm"] > 0)
    assert trees.height_m[i] == by_id[trees.ids[i]]["hauteurenm"]
    assert trees.trunk_diameter_m[i] == pytest.approx(by_id[trees.ids[i]]["circonferenceencm"] / 100 / np.pi)
    assert (trees.crown_diameter_m >= 2.0).all() and (trees.crown_diameter_m <= np.maximum(0.8 * trees.height_m, 2.0) + 1e-9).all()
    world = city.frame.to_world(trees.positions[:, :2])
    # Paris with its woods and cemeteries, in Lambert-93
    assert 640_000 < world[:, 0].min() and world[:, 0].max() < 665_000
    assert 6_850_000 < world[:, 1].min() and world[:, 1].max() < 6_870_000
    assert trees.attributes["common_name"][i]


def _write(tmp_path, features, name="trees.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _tree(lon, lat, **props):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def test_bad_rows_are_skipped_and_counted(tmp_path):
    path = _write(
        tmp_path,
        [
            _tree(2.35, 48.85, idbase=1, hauteurenm=12, circonferenceencm=100),
            _tree(2.35, 48.85, idbase=2, hauteurenm="tall", circonferenceencm=80),  # not a number
            _tree(-73.98, 40.75, idbase=3, hauteurenm=10),  # New York
            {"type": "Feature", "geometry": None, "properties": {"idbase": 4}},
            _tree(2.36, 48.86, idbase=5, hauteurenm=0, stadedeveloppement="Adulte"),
        ],
    )
    city = read_tree_inventory(path)
    assert city.trees.ids == ["1", "5"]
    r = city.tree_report
    assert r.skipped == {"height or circumference not a number": 1, "outside Île-de-France": 1, "no position": 1}
    assert city.trees.height_m.tolist() == [12.0, 12.0]  # the second from its stage "Adulte"
    assert city.trees.crown_diameter_m[0] == pytest.approx(25 * 1.0 / np.pi)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b'{"type": "FeatureCollection", "features": [', "invalid JSON at line 1"),
        (b'{"type": "Topology"}', "not a GeoJSON FeatureCollection"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_broken_files(tmp_path, content, message):
    path = tmp_path / "broken.geojson"
    path.write_bytes(content)
    with pytest.raises(InvalidFile, match=f"broken.geojson: .*{message}"):
        read_tree_inventory(path)


def test_all_trees_in_the_wrong_place_is_an_error(tmp_path):
    path = _write(tmp_path, [_tree(600000.0, 6800000.0, idbase=1, hauteurenm=5)])  # Lambert-93 read as lon/lat
    with pytest.raises(InvalidFile, match="trees.geojson: no .*tree"):
        read_tree_inventory(path)


def test_csv_inventory_with_geo_point_column(tmp_path):
    path = tmp_path / "arbres.csv"
    path.write_text("IDBASE;HAUTEUR (m);CIRCONFERENCE (cm);geo_point_2d\n1;9;60;48.85, 2.35\n2;abc;20;48.86, 2.36\n", encoding="utf-8")
    city = read_tree_inventory(path)
    # the open-data CSV headers ("HAUTEUR (m)") are recognised like the GeoJSON keys
    assert city.trees.ids == ["1"] and city.trees.height_m.tolist() == [9.0]
    assert city.tree_report.skipped == {"height or circumference not a number": 1}
