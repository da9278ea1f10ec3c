"""The approximate reprojection of city/crs.py against pyproj's exact transform, on the real data.

What a user relies on: every coordinate lands within 1 mm of where pyproj puts
it, and an extent too large for the fit (or input pyproj cannot project) goes
through pyproj point by point, exactly as before.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from city.crs import APPROXIMATION_TOLERANCE_M, approximate_transform, reproject_xy
from tests.conftest import shared_data

pytest.importorskip("pyproj")


def cityjson_xy(relative: str) -> tuple[np.ndarray, np.ndarray]:
    # CityJSON stores integer vertices; `transform` maps them to metres.
    doc = json.loads(shared_data(relative).read_text())
    vertices = np.asarray(doc["vertices"], dtype=np.float64)
    xyz = vertices * doc["transform"]["scale"] + doc["transform"]["translate"]
    return xyz[:, 0], xyz[:, 1]


def citygml_xy(relative: str) -> tuple[np.ndarray, np.ndarray]:
    root = ET.parse(shared_data(relative)).getroot()
    values = [float(t) for e in root.iter("{http://www.opengis.net/gml}posList") for t in e.text.split()]
    xyz = np.asarray(values, dtype=np.float64).reshape(-1, 3)
    return xyz[:, 0], xyz[:, 1]


def geojson_xy(relative: str) -> tuple[np.ndarray, np.ndarray]:
    points: list[list[float]] = []

    def walk(coordinates) -> None:
        if isinstance(coordinates[0], (int, float)):
            points.append(coordinates[:2])
        else:
            for c in coordinates:
                walk(c)

    for feature in json.loads(shared_data(relative).read_text())["features"]:
        walk(feature["geometry"]["coordinates"])
    xy = np.asarray(points, dtype=np.float64)
    return xy[:, 0], xy[:, 1]


def distance_m(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    return np.hypot(a[0] - b[0], a[1] - b[1])


REAL_FILES = [
    # (reader, file, its CRS): Delft CityJSON says EPSG:7415 (RD New + NAP), the
    # 3D BAG tile and the Lyon CityGML say nothing (RD New and CC46 by their data),
    # OSM GeoJSON is WGS84.
    (cityjson_xy, "buildings_3d/cityjson/delft.city.json", "EPSG:28992"),
    (cityjson_xy, "buildings_3d/cityjson/3dbag_multi_lod.city.json", "EPSG:28992"),
    (citygml_xy, "buildings_3d/citygml_lyon/LYON_1ER_BATI_2015_small_house.gml", "EPSG:3946"),
    (geojson_xy, "footprints/lyon1er_bdtopo_batiments_epsg3946.geojson", "EPSG:3946"),
    (geojson_xy, "footprints/paris19_osm_buildings.geojson", "EPSG:4326"),
    (geojson_xy, "footprints/paris_nordest_osm_buildings_full_export.geojson", "EPSG:4326"),
]


@pytest.mark.parametrize("read, relative, crs", REAL_FILES, ids=[r[1].split("/")[-1] for r in REAL_FILES])
def test_the_fit_on_real_files_is_within_a_millimetre_of_pyproj(read, relative, crs):
    x, y = read(relative)
    exact = reproject_xy(x, y, crs, exact=True)
    fit = approximate_transform(x, y, crs)
    assert fit is not None, f"the fit was refused on {relative}"
    assert fit.max_check_error_m < 1e-4
    assert distance_m(fit(x, y), exact).max() < APPROXIMATION_TOLERANCE_M
    # And reproject_xy itself (which uses the fit for the larger files).
    got = reproject_xy(x, y, crs)
    assert got[0].dtype == np.float64 and got[0].shape == x.shape
    assert distance_m(got, exact).max() < APPROXIMATION_TOLERANCE_M


def test_delft_reprojection_uses_the_fit_and_lands_in_the_netherlands():
    x, y = cityjson_xy("buildings_3d/cityjson/delft.city.json")
    assert len(x) > 10_000  # enough points for reproject_xy to approximate
    got = reproject_xy(x, y, "EPSG:28992")
    exact = reproject_xy(x, y, "EPSG:28992", exact=True)
    assert not np.array_equal(got[0], exact[0])  # the fit was used: not bit for bit pyproj's...
    assert distance_m(got, exact).max() < 1e-5  # ...but within 10 micrometres of it
    # Back to longitude / latitude: the old town of Delft (52.01 N, 4.36 E).
    lon, lat = reproject_xy(got[0], got[1], "EPSG:2154", "EPSG:4326")
    assert 4.33 < lon.min() < lon.max() < 4.40
    assert 51.99 < lat.min() < lat.max() < 52.03


@pytest.mark.parametrize(
    "crs, lo, hi",
    [
        ("EPSG:4326", (-4.5, 42.5), (8.0, 51.0)),  # lon/lat over France: about 1000 km
        ("EPSG:3946", (1_300_000.0, 4_700_000.0), (2_200_000.0, 5_600_000.0)),  # CC46, 900 km square
    ],
)
def test_a_country_wide_extent_is_refused_and_transformed_exactly(crs, lo, hi):
    rng = np.random.default_rng(7)
    x = rng.uniform(lo[0], hi[0], 20_000)
    y = rng.uniform(lo[1], hi[1], 20_000)
    assert approximate_transform(x, y, crs) is None
    got = reproject_xy(x, y, crs)
    exact = reproject_xy(x, y, crs, exact=True)
    assert np.array_equal(got[0], exact[0]) and np.array_equal(got[1], exact[1])


def test_points_pyproj_cannot_project_keep_their_infinite_result():
    # Importers report the first point that does not project; the fit must not hide it.
    rng = np.random.default_rng(3)
    lon = rng.uniform(2.30, 2.42, 10_000)
    lat = rng.uniform(48.85, 48.91, 10_000)
    lat[1234] = 95.0  # not a latitude
    lon[4321] = np.nan
    assert approximate_transform(lon, lat, "EPSG:4326") is None
    x, y = reproject_xy(lon, lat, "EPSG:4326")
    bad = ~(np.isfinite(x) & np.isfinite(y))
    assert np.flatnonzero(bad).tolist() == [1234, 4321]


def test_points_on_one_line_are_fitted_too():
    # A street of points at one easting: no width to the bounding box.
    y = np.linspace(6_860_000.0, 6_863_000.0, 5_000)
    x = np.full_like(y, 651_000.0)
    lon, lat = reproject_xy(x, y, "EPSG:2154", "EPSG:4326")
    fit = approximate_transform(lon, lat, "EPSG:4326")
    assert fit is not None
    back = reproject_xy(lon, lat, "EPSG:4326")
    assert distance_m(back, (x, y)).max() < APPROXIMATION_TOLERANCE_M


def test_a_crs_in_degrees_is_always_transformed_exactly():
    # The 1 mm tolerance means nothing in degrees: to WGS84, every point goes through pyproj.
    x = np.linspace(650_000.0, 655_000.0, 10_000)
    y = np.linspace(6_860_000.0, 6_862_000.0, 10_000)
    assert approximate_transform(x, y, "EPSG:2154", "EPSG:4326") is None
    got = reproject_xy(x, y, "EPSG:2154", "EPSG:4326")
    exact = reproject_xy(x, y, "EPSG:2154", "EPSG:4326", exact=True)
    assert np.array_equal(got[0], exact[0]) and np.array_equal(got[1], exact[1])


def test_a_district_of_many_points_is_evaluated_piece_by_piece_within_a_millimetre():
    # More points than one evaluation piece (city.crs._CHUNK): every piece lands right, in order.
    rng = np.random.default_rng(11)
    lon = rng.uniform(2.25, 2.42, 300_000)
    lat = rng.uniform(48.81, 48.91, 300_000)
    got = reproject_xy(lon, lat, "EPSG:4326")
    exact = reproject_xy(lon, lat, "EPSG:4326", exact=True)
    assert distance_m(got, exact).max() < APPROXIMATION_TOLERANCE_M
