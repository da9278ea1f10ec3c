"""Tree inventories: the real Paris "les arbres" extract, sizing rules, broken rows and files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from importers.errors import InvalidFile
from importers.trees import height_limit_m, read_tree_inventory
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
    assert report.height_from_inventory == with_height - 2  # two implausible heights below 80 m (next test)
    assert report.height_from_inventory + report.height_from_stage + report.height_from_circumference + report.height_default == 3542
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


def test_paris_trees_with_implausible_heights_are_flagged_and_drawn_by_the_rule():
    city = read_tree_inventory(shared_data(ARBRES))
    trees, report = city.trees, city.tree_report
    flagged = {trees.ids[i]: i for i, why in enumerate(trees.attributes["height_implausible"]) if why is not None}
    # a fruit pear at 150 m (12 cm), a cornel at 43 m (11 cm), a serviceberry at 25 m (20 cm): nothing else
    assert sorted(flagged) == ["2038830", "2040469", "2043155"]
    assert report.height_implausible == 3
    cornel = flagged["2038830"]
    assert trees.attributes["common_name"][cornel] == "Cornouiller"
    assert trees.attributes["recorded_height_m"][cornel] == 43.0
    assert "above 9.8 m" in trees.attributes["height_implausible"][cornel]
    assert trees.height_m[cornel] == 5.0  # its stage, "Jeune (arbre)", is below the 9.8 m limit
    serviceberry = flagged["2040469"]  # no stage: the typical height for a 20 cm circumference
    assert trees.height_m[serviceberry] == pytest.approx(16.0 * (0.20 / np.pi) ** 0.6)
    assert trees.height_m[flagged["2043155"]] == 5.0
    # redrawn, they stand within what their trunk can hold up
    idx = list(flagged.values())
    assert (trees.height_m[idx] <= height_limit_m(trees.trunk_diameter_m[idx])).all()
    unflagged = [i for i, why in enumerate(trees.attributes["height_implausible"]) if why is None]
    assert all(trees.attributes["recorded_height_m"][i] is None for i in unflagged)


def test_each_height_check_on_a_hand_made_inventory(tmp_path):
    path = _write(
        tmp_path,
        [
            _tree(2.35, 48.85, idbase=1, hauteurenm=20, circonferenceencm=120),  # 38.2 cm trunk, limit 42.6 m: kept
            _tree(2.35, 48.85, idbase=2, hauteurenm=43, circonferenceencm=11, stadedeveloppement="Jeune (arbre)"),
            _tree(2.35, 48.85, idbase=3, hauteurenm=25, circonferenceencm=20),  # no stage: 16 d^0.6
            _tree(2.35, 48.85, idbase=4, hauteurenm=30, stadedeveloppement="Jeune (arbre)"),  # > 3 x 5 m, no trunk
            _tree(2.35, 48.85, idbase=5, hauteurenm=95),  # nothing else known: 8 m
            _tree(2.35, 48.85, idbase=6, hauteurenm=14, stadedeveloppement="Jeune (arbre)"),  # < 15 m: kept
            _tree(2.35, 48.85, idbase=7, hauteurenm=9, circonferenceencm=8, stadedeveloppement="Adulte"),  # limit 7.2 m
        ],
    )
    city = read_tree_inventory(path)
    trees, why = city.trees, city.trees.attributes["height_implausible"]
    assert [w is not None for w in why] == [False, True, True, True, True, False, True]
    assert city.tree_report.height_implausible == 5
    assert trees.height_m[[0, 5]].tolist() == [20.0, 14.0]
    assert trees.height_m[1] == 5.0
    assert trees.height_m[2] == pytest.approx(16.0 * (0.2 / np.pi) ** 0.6)
    assert trees.height_m[3] == 5.0 and trees.height_m[4] == 8.0
    assert trees.height_m[6] == pytest.approx(1.3 + 79.0 * (0.08 / np.pi) ** (2 / 3), abs=0.05)  # stage 12 m, capped
    assert list(trees.attributes["recorded_height_m"]) == [None, 43.0, 25.0, 30.0, 95.0, None, 9.0]
    assert "80 m or more" in why[4] and "development stage" in why[3] and "buckling" in why[6]
    assert height_limit_m(0.11 / np.pi) == pytest.approx(9.8, abs=0.05)  # the cornel of the Paris extract
    # the glyphs: crown never more than 0.8 x the (rule) height, trunk from the circumference
    assert trees.crown_diameter_m[1] == 2.0 and trees.trunk_diameter_m[1] == pytest.approx(0.11 / np.pi)


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
    # the rule counts cover the trees kept only: New York's tree, dropped, is not in them
    assert (r.height_from_inventory, r.height_from_stage, r.height_from_circumference, r.height_default) == (1, 1, 0, 0)
    assert r.trunk_from_circumference == 1


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
