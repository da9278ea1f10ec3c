"""The embedded demo district: what a planner sees must be plausible and in the right place."""

from __future__ import annotations

import numpy as np
import pytest

from city import SurfaceType
from city.district import CLICHY_BATIGNOLLES_L93, DEMO_PROVENANCE, generate_district, generate_synthetic_city
from city.polydata import buildings_polydata, ground_polydata, zones_polydata

from tests.conftest import shared_data


def test_district_is_deterministic(demo_city):
    again = generate_district()
    assert again.buildings.ids == demo_city.buildings.ids
    assert np.array_equal(again.buildings.vertices, demo_city.buildings.vertices)
    assert generate_district(seed=1).buildings.ids != demo_city.buildings.ids or not np.array_equal(
        generate_district(seed=1).buildings.vertices[:100], demo_city.buildings.vertices[:100]
    )


def test_district_is_labelled_as_generated(demo_city):
    assert demo_city.is_generated
    assert demo_city.provenance == DEMO_PROVENANCE
    assert "not survey data" in demo_city.provenance
    assert set(demo_city.buildings.attributes["source"]) == {"generated demo"}


def test_district_has_a_few_thousand_buildings_trees_ground_and_the_zone(demo_city):
    s = demo_city.summary()
    assert 500 <= s["buildings"] <= 5000
    assert s["trees"] >= 500
    assert demo_city.zones[0].name == "Clichy-Batignolles"
    assert demo_city.crs == "EPSG:2154"
    covers = {p.cover.name for p in demo_city.ground}
    assert {"SIDEWALK", "COURTYARD", "PARK"} <= covers


def test_zone_outline_matches_its_wgs84_definition_and_area():
    pyproj = pytest.importorskip("pyproj")
    wgs84 = [(2.31126, 48.88697), (2.31752, 48.88651), (2.31907, 48.89064), (2.31697, 48.89509), (2.31228, 48.89586), (2.30932, 48.89142)]
    t = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    l93 = np.array([t.transform(lon, lat) for lon, lat in wgs84])
    assert np.abs(l93 - CLICHY_BATIGNOLLES_L93).max() < 2.0  # metres
    zone = generate_district().zones[0]
    assert 50 <= zone.polygon.area_m2 / 1e4 <= 60  # the ZAC covers about 54 ha


def test_district_lies_in_paris_17e(demo_city):
    shapely = pytest.importorskip("shapely")
    import json

    from shapely.geometry import Point, shape
    from shapely.ops import transform

    from city.crs import transformer

    path = shared_data("boundaries/paris_arrondissements.geojson")
    features = json.loads(path.read_text())["features"]
    arr17 = next(f for f in features if int(f["properties"]["c_ar"]) == 17)
    poly = transform(transformer("EPSG:4326").transform, shape(arr17["geometry"]))
    centre = demo_city.frame.to_world(demo_city.zones[0].polygon.exterior.mean(axis=0))
    assert poly.contains(Point(*centre))
    del shapely


def test_haussmann_heights_and_the_courthouse(demo_city):
    b = demo_city.buildings
    heights = b.attributes["height_m"]
    ids = np.array(b.ids)
    hauss = np.char.startswith(ids.astype(str), "CB-B")
    assert hauss.sum() > 0.7 * len(ids)
    # 6-8 storeys, 18-25 m to the roof top
    assert 17.5 <= heights[hauss].min() and heights[hauss].max() <= 26.0
    tj = b["CB-TJ"]
    assert tj.height_m == pytest.approx(160.3, abs=0.5)
    assert tj.attributes["height_m"] == 160.0


def test_surfaces_face_outwards(demo_city):
    b = demo_city.buildings
    n = b.triangle_normals()
    s = b.triangle_surface
    assert (n[s == SurfaceType.ROOF][:, 2] > 0.15).all()  # roofs look up
    assert np.abs(n[s == SurfaceType.WALL][:, 2]).max() < 1e-6  # walls are vertical
    assert (n[s == SurfaceType.GROUND][:, 2] < -0.99).all()  # floors look down
    # each building's walls point away from its centre
    tb = b.triangle_building
    centres = np.zeros((len(b), 3))
    np.add.at(centres, tb, b.vertices[b.triangles].mean(axis=1))
    centres /= np.bincount(tb)[:, None]
    walls = s == SurfaceType.WALL
    tri_centre = b.vertices[b.triangles[walls]].mean(axis=1)
    outward = ((tri_centre - centres[tb[walls]])[:, :2] * n[walls][:, :2]).sum(axis=1)
    assert (outward > 0).mean() > 0.99


def test_buildings_stand_on_the_ground(demo_city):
    b = demo_city.buildings
    floors = b.triangle_surface == SurfaceType.GROUND
    pts = b.vertices[b.triangles[floors].ravel()]
    ground = demo_city.ground_height_at(pts[:, 0], pts[:, 1])
    gap = pts[:, 2] - ground
    assert np.nanmax(gap) <= 0.0 and np.nanmin(gap) > -3.0


def test_merged_polydata_is_one_mesh_with_cell_arrays(demo_city):
    poly = buildings_polydata(demo_city.buildings)
    assert poly.GetNumberOfCells() == len(demo_city.buildings.triangles)
    bi = poly.GetCellData().GetArray("building_index")
    st = poly.GetCellData().GetArray("surface_type")
    assert bi.GetNumberOfTuples() == poly.GetNumberOfCells() and st is not None
    assert bi.GetRange() == (0, len(demo_city.buildings) - 1)
    # VTK gets float32 *local* offsets only
    assert poly.GetPoints().GetDataType() == 10  # VTK_FLOAT
    assert max(abs(v) for v in poly.GetBounds()) < 10_000
    assert ground_polydata(demo_city.ground, demo_city.terrain).GetNumberOfCells() > 0
    assert zones_polydata(demo_city.zones, demo_city.terrain).GetNumberOfLines() == 1


def test_synthetic_city_reaches_the_requested_size():
    city = generate_synthetic_city(5000)
    assert len(city.buildings) == 5000
    assert len(set(city.buildings.ids)) == 5000
