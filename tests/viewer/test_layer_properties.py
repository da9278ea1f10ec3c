"""Layer properties without Qt: source, CRS, extent in Lambert-93, counts and memory of each layer."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.layer_properties import LABELS, layer_properties
from viewer.layers import LAYER_KEYS, layer_keys
from tests.conftest import shared_data

R = "rasters/montpellier_77055_627760_"


def _props(city, key) -> dict[str, str]:
    rows = layer_properties(city, key)
    assert all(label in LABELS for label, _ in rows), [label for label, _ in rows if label not in LABELS]
    out: dict[str, str] = {}
    for label, value in rows:
        out.setdefault(label, value)  # the first of repeated labels (a layer total before its items)
    return out


def _number(text: str) -> float:
    return float(text.replace("\u202f", "").replace(" ", ""))


def test_demo_buildings_counts_extent_and_memory(demo_city):
    props = _props(demo_city, "buildings")
    b = demo_city.buildings
    assert props["Source"] == demo_city.provenance and props["Working CRS"] == "EPSG:2154"
    assert _number(props["Buildings"]) == len(b) == 2301
    assert _number(props["Triangles"]) == len(b.triangles)
    assert _number(props["Vertices"]) == len(b.vertices)
    x0, x1, y0, y1, _, _ = b.bounds()
    ox, oy, _ = demo_city.frame.origin
    assert _number(props["X min (m)"]) == pytest.approx(x0 + ox, abs=0.005)
    assert _number(props["Y min (m)"]) == pytest.approx(y0 + oy, abs=0.005)
    assert _number(props["X max (m)"]) == pytest.approx(x1 + ox, abs=0.005)
    assert _number(props["Y max (m)"]) == pytest.approx(y1 + oy, abs=0.005)
    # the demo stands around Lambert-93 (649 700, 6 865 900)
    assert 648_000 < _number(props["X min (m)"]) < _number(props["X max (m)"]) < 651_000
    nbytes = sum(a.nbytes for a in (b.vertices, b.triangles, b.triangle_building, b.triangle_surface,
                                     b.triangle_offsets, *b.attributes.values(), *b.face_data.values()))
    cached = sum(a.nbytes for a in (b._areas, b._normals) if a is not None)
    assert float(props["Memory (MB)"]) == pytest.approx((nbytes + cached) / 1e6, abs=0.006)


def test_demo_other_layers(demo_city):
    trees = _props(demo_city, "trees")
    assert _number(trees["Trees"]) == len(demo_city.trees) == 1264
    lo, hi = trees["Tree heights (m)"].split(" – ")
    assert float(lo) == pytest.approx(demo_city.trees.height_m.min(), abs=0.05)
    assert float(hi) == pytest.approx(demo_city.trees.height_m.max(), abs=0.05)
    t = demo_city.trees
    assert float(trees["Memory (MB)"]) == pytest.approx(
        sum(a.nbytes for a in (t.positions, t.height_m, t.crown_diameter_m, t.trunk_diameter_m, *t.attributes.values())) / 1e6,
        abs=0.006)
    ground = _props(demo_city, "ground")
    ny, nx = demo_city.terrain.shape
    assert ground["Terrain grid (cells)"] == f"{nx} × {ny}"
    assert _number(ground["Ground patches"]) == len(demo_city.ground)
    assert ground["Vertical datum"] == "NGF-IGN69"
    assert _number(_props(demo_city, "zones")["Zones"]) == len(demo_city.zones) == 1


def test_every_layer_key_answers_and_unknown_keys_are_refused(demo_city):
    for key in LAYER_KEYS:  # even layers the city lacks: zero counts, no extent
        rows = dict(layer_properties(demo_city, key))
        assert "Memory (MB)" in rows and "Working CRS" in rows
    assert "X min (m)" not in dict(layer_properties(demo_city, "points"))
    with pytest.raises(KeyError, match="no layer 'roads'"):
        layer_properties(demo_city, "roads")


@pytest.fixture(scope="module")
def montpellier():
    from city.merge import add_layers
    from importers.las import read_las
    from importers.raster import read_raster

    city = read_raster(shared_data(R + "DTM_50cm.tif"))
    for name in ("DSM_50cm.tif", "ortho_rgb_20cm.tif"):
        city = add_layers(city, read_raster(shared_data(R + name)))
    return add_layers(city, read_las(shared_data("lidar/lidarhd_montpellier_77055_627760_LA93_IGN69.laz")))


def test_montpellier_points_per_class_and_memory(montpellier):
    assert set(layer_keys(montpellier)) >= {"points", "imagery", "grids", "ground"}
    props = _props(montpellier, "points")
    assert _number(props["Points"]) == 60653
    per_class = dict(line.split(": ") for line in props["Points per class"].split("\n"))
    assert {int(k.split()[0]): int(_number(v)) for k, v in per_class.items()} == {
        1: 581, 2: 22343, 3: 2497, 4: 2449, 5: 17875, 6: 14908}
    assert "2 Ground" in per_class
    assert props["Source CRS"] == "EPSG:2154"
    assert props["File"] == "lidarhd_montpellier_77055_627760_LA93_IGN69.laz"
    assert float(props["Memory (MB)"]) == pytest.approx(montpellier.point_clouds[0].memory_bytes / 1e6, abs=0.006)
    # the tile is X 770550-770600, Y 6277550-6277600 (SOURCES.md)
    assert _number(props["X min (m)"]) == pytest.approx(770550, abs=0.1)
    assert _number(props["Y max (m)"]) == pytest.approx(6277600, abs=0.1)


def test_montpellier_rasters_size_cell_size_and_extent(montpellier):
    grids = _props(montpellier, "grids")
    assert grids["Raster"] == "montpellier_77055_627760_DSM_50cm" and grids["Kind"] == "dsm"
    assert grids["Size (cells)"] == "100 × 100" and grids["Cell size (m)"] == "0.5 × 0.5"
    assert grids["File"] == "montpellier_77055_627760_DSM_50cm.tif" and grids["Source CRS"] == "EPSG:2154"
    # cell edges, as rasterio gives the file's bounds
    assert [_number(grids[k]) for k in ("X min (m)", "Y min (m)", "X max (m)", "Y max (m)")] == pytest.approx(
        [770549.75, 6277550.25, 770599.75, 6277600.25], abs=0.005)
    assert float(grids["Memory (MB)"]) == pytest.approx(100 * 100 * 8 / 1e6, abs=0.006)
    imagery = _props(montpellier, "imagery")
    assert imagery["Size (cells)"] == "252 × 252" and imagery["Cell size (m)"] == "0.2 × 0.2"
    assert float(imagery["Memory (MB)"]) == pytest.approx(252 * 252 * 3 / 1e6, abs=0.006)
    ground = _props(montpellier, "ground")
    assert ground["Terrain grid (cells)"] == "100 × 100" and ground["Terrain cell size (m)"] == "0.5 × 0.5"
    lo, hi = (float(v) for v in ground["Altitudes (m)"].split(" – "))
    assert 20.7 < lo < hi < 21.7  # ground 20.8-21.6 m (SOURCES.md)


def test_source_crs_of_an_import_report():
    from importers.report import ImportReport
    from city.model import City

    city = City("x", import_report=ImportReport(source="lyon.gml", format="CityGML 2.0", source_crs="EPSG:3946"))
    props = _props(city, "buildings")
    assert props["Source CRS"] == "EPSG:3946" and props["Format"] == "CityGML 2.0 (lyon.gml)"
    assert "Source CRS" not in _props(city, "zones")  # the report is about the buildings


def test_reprojected_raster_names_its_source_crs(tmp_path):
    import rasterio
    from affine import Affine

    from importers.raster import read_raster

    path = tmp_path / "lyon_cc46_dsm.tif"
    with rasterio.open(path, "w", driver="GTiff", width=8, height=8, count=1, dtype="float32", crs="EPSG:3946",
                       transform=Affine(1, 0, 1841000, 0, -1, 5176000)) as dst:
        dst.write(np.full((1, 8, 8), 170.0, dtype=np.float32))
    props = _props(read_raster(path), "grids")
    assert props["Source CRS"] == "EPSG:3946" and props["Working CRS"] == "EPSG:2154"
    assert 840_000 < _number(props["X min (m)"]) < 850_000  # Lyon, in Lambert-93


def test_each_layer_names_its_own_source(montpellier, demo_city):
    from city.merge import add_layers
    from importers.trees import read_tree_inventory

    assert _props(montpellier, "points")["Source"] == "lidarhd_montpellier_77055_627760_LA93_IGN69.laz"
    assert _props(montpellier, "grids")["Source"] == "montpellier_77055_627760_DSM_50cm.tif"
    assert _props(montpellier, "ground")["Source"] == "Raster montpellier_77055_627760_DTM_50cm.tif"
    assert _props(montpellier, "buildings")["Source"] == "—"  # no building came from these files
    paris = read_tree_inventory(shared_data("vegetation/paris_les_arbres_extract.geojson"))
    merged = add_layers(demo_city, paris)
    assert _props(merged, "trees")["Source"] == (
        "Generated demo district (not survey data)\nTree inventory paris_les_arbres_extract.geojson")
    assert _props(merged, "buildings")["Source"] == "Generated demo district (not survey data)"
    assert _number(_props(merged, "trees")["Trees"]) == len(demo_city.trees) + len(paris.trees)


def test_trees_layer_tells_how_the_inventory_was_read(demo_city, tmp_path):
    """The Paris extract added to the demo: its 3,542 rows, each height rule's count, the 3 implausible heights;
    a second, hand-made inventory adds its counts and names why its rows were skipped."""
    import json

    from city.merge import add_layers
    from importers.trees import read_tree_inventory

    assert "Inventory rows read" not in _props(demo_city, "trees")  # generated trees: no inventory
    merged = add_layers(demo_city, read_tree_inventory(shared_data("vegetation/paris_les_arbres_extract.geojson")))
    props = _props(merged, "trees")
    assert props["Inventory rows read"] == "3\u202f542"
    assert props["Heights as recorded"] == "3\u202f248"
    assert props["Heights from the development stage (young 5 m, young adult 8 m, adult 12 m, mature 18 m)"] == "69"
    assert props["Heights typical of the trunk (16 d^0.6 m)"] == "1"
    assert props["Heights by default (8 m)"] == "224"
    assert props["Implausible heights, drawn by the rule"] == "3"
    assert props["Trunks from the circumference (else 2.5 % of the height)"] == "3\u202f324"
    assert not any(label.startswith("Rows skipped") for label in props)

    def tree(lon, lat, **attributes):
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": attributes}

    path = tmp_path / "more_trees.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        tree(2.35, 48.85, idbase=1, hauteurenm=12, circonferenceencm=100),
        tree(2.35, 48.85, idbase=2, hauteurenm="tall"),
        tree(-73.98, 40.75, idbase=3, hauteurenm=10),  # New York
        tree(-73.98, 40.75, idbase=4, hauteurenm=11),
    ]}))
    props = _props(add_layers(merged, read_tree_inventory(path)), "trees")
    assert props["Inventory rows read"] == "3\u202f546"
    assert props["Heights as recorded"] == "3\u202f249"  # the two trees in New York, dropped, are not counted
    assert props["Rows skipped: height or circumference not a number"] == "1"
    assert props["Rows skipped: outside Île-de-France"] == "2"
