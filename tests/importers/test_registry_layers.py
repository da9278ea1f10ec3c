"""The registry routes point GeoJSON to the tree reader, GeoTIFF to the raster reader, CSV to trees."""

from __future__ import annotations

import json

import pytest

from importers import file_dialog_filters, open_city
from tests.conftest import shared_data


def test_point_geojson_opens_as_trees():
    city = open_city(shared_data("vegetation/paris_les_arbres_extract.geojson"))
    assert len(city.trees) == 3542 and not len(city.buildings)


def test_geotiff_opens_as_terrain_or_image():
    assert open_city(shared_data("rasters/montpellier_77055_627760_DTM_50cm.tif")).terrain is not None
    assert open_city(shared_data("rasters/montpellier_77055_627760_ortho_rgb_20cm.tif")).imagery


def test_polygons_still_open_as_footprints(tmp_path):
    path = tmp_path / "one.geojson"
    ring = [[2.35, 48.85], [2.3502, 48.85], [2.3502, 48.8502], [2.35, 48.8502], [2.35, 48.85]]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"height": 12, "building": "yes"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]}))
    city = open_city(path)
    assert len(city.buildings) == 1 and not len(city.trees)


def test_dialog_lists_the_new_formats():
    patterns = {p for _, pats in file_dialog_filters() for p in pats}
    assert {"*.tif", "*.laz", "*.csv", "*.geojson"} <= patterns


def test_footprints_added_to_a_dem_stand_on_the_ground(tmp_path):
    """LoD1 blocks read without altitudes take their ground height from the DEM (issue 4)."""
    import numpy as np

    from city.merge import add_layers
    from city.model import SurfaceType

    dem = open_city(shared_data("rasters/montpellier_77055_627760_DTM_50cm.tif"))
    x0, y0 = dem.frame.origin[:2]  # the 50 m tile's centre, Lambert-93
    squares = [[[x0 + dx, y0 + dy], [x0 + dx + 8, y0 + dy], [x0 + dx + 8, y0 + dy + 8], [x0 + dx, y0 + dy + 8], [x0 + dx, y0 + dy]]
               for dx, dy in ((-20, -20), (10, 5))]
    path = tmp_path / "blocks.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection",
                                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
                                "features": [{"type": "Feature", "properties": {"HAUTEUR": 9.0},
                                              "geometry": {"type": "Polygon", "coordinates": [ring]}} for ring in squares]}))
    city = add_layers(dem, open_city(path))
    b = city.buildings
    assert len(b) == 2
    for k in range(2):
        tris = b.triangles[b.triangle_building == k]
        z = b.vertices[tris.ravel(), 2]
        floor = b.vertices[b.triangles[(b.triangle_building == k) & (b.triangle_surface == SurfaceType.GROUND)].ravel()]
        ground = np.nanmin(city.terrain.height_at(floor[:, 0], floor[:, 1]))
        assert 20.5 < ground < 22.0  # the tile's ground is at 20.8-21.6 m (SOURCES.md)
        assert z.min() == pytest.approx(ground, abs=1e-6)  # the floor sits on the ground, not at 0 m
        assert z.max() - z.min() == pytest.approx(9.0, abs=1e-6)  # and keeps its 9 m height
