"""The registry routes point GeoJSON to the tree reader, GeoTIFF to the raster reader, CSV to trees."""

from __future__ import annotations

import json

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
