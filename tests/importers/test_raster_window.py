"""Reading only a window of a GeoTIFF: the right cells, size and transform, and nothing outside."""

from __future__ import annotations

import numpy as np
import pytest

from importers import open_city
from importers.errors import InvalidFile
from importers.raster import read_raster
from tests.conftest import shared_data

R = "rasters/montpellier_77055_627760_"
# inside the tile X 770549.75-770599.75, Y 6277550.25-6277600.25 (0.5 m cells), off the cell edges
WINDOW = (770560.3, 6277560.1, 770580.7, 6277590.2)


def _world_extent(city, extent):
    (x0, y0), (x1, y1) = city.frame.to_world(np.array([[extent[0], extent[2]], [extent[1], extent[3]]]))
    return x0, y0, x1, y1


def test_dsm_window_has_the_right_size_transform_and_values():
    import rasterio

    path = shared_data(R + "DSM_50cm.tif")
    city = read_raster(path, window=WINDOW)
    grid = city.grids[0]
    # widened to whole cells: columns 21..61, rows 20..80 of the file
    assert grid.values.shape == (61, 41) and (grid.dx, grid.dy) == (0.5, 0.5)
    assert _world_extent(city, grid.extent) == pytest.approx((770560.25, 6277559.75, 770580.75, 6277590.25), abs=1e-6)
    assert grid.attributes["window"] == WINDOW and grid.attributes["source_crs"] == "EPSG:2154"
    with rasterio.open(path) as src:
        full = src.read(1, masked=True).astype(float).filled(np.nan)
        row, col = src.index(770570.0, 6277575.0)  # a cell centre (cells start at 770549.75, 6277600.25)
    expected = full[20:81, 21:62][::-1]  # row 0 of a ScalarGrid is the south edge
    assert np.array_equal(np.isnan(grid.values), np.isnan(expected))
    assert np.nanmax(np.abs(grid.values - expected)) == 0.0
    # that cell read back at its Lambert-93 centre
    lx, ly = city.frame.to_local([770570.0, 6277575.0])
    assert float(grid.value_at(lx, ly)) == full[row, col]


def test_dtm_window_becomes_a_smaller_terrain_in_place():
    full = read_raster(shared_data(R + "DTM_50cm.tif"))
    part = read_raster(shared_data(R + "DTM_50cm.tif"), window=WINDOW)
    assert part.terrain.heights.shape == (61, 41)
    assert part.terrain_report.source_shape == (61, 41)
    # the same ground at the same Lambert-93 point
    world = np.array([[770570.1, 6277575.3], [770562.0, 6277588.0]])
    a = full.terrain.height_at(*full.frame.to_local(world).T)
    b = part.terrain.height_at(*part.frame.to_local(world).T)
    assert b == pytest.approx(a, abs=1e-9)


def test_window_larger_than_the_raster_reads_it_all():
    path = shared_data(R + "DSM_50cm.tif")
    whole = read_raster(path).grids[0]
    city = read_raster(path, window=(770000.0, 6277000.0, 771000.0, 6278000.0))
    assert np.array_equal(city.grids[0].values, whole.values, equal_nan=True)


def test_orthophoto_window_through_open_city():
    city = open_city(shared_data(R + "ortho_rgb_20cm.tif"), window=WINDOW)
    image = city.imagery[0]
    # 0.2 m pixels from 770549.8: columns 52..154, rows 50..202
    assert image.rgb.shape == (151, 103, 3)
    assert _world_extent(city, image.extent) == pytest.approx((770560.2, 6277560.0, 770580.8, 6277590.2), abs=1e-6)


def test_window_outside_the_raster_is_refused():
    path = shared_data(R + "DSM_50cm.tif")
    with pytest.raises(InvalidFile, match=r"DSM_50cm\.tif: the raster .* does not overlap the window"):
        read_raster(path, window=(650000.0, 6860000.0, 650100.0, 6860100.0))
    with pytest.raises(ValueError, match="xmin < xmax"):
        read_raster(path, window=(770580.0, 6277560.0, 770560.0, 6277590.0))


def test_window_of_a_raster_in_another_crs(tmp_path):
    """A CC46 (Lyon) raster, windowed in Lambert-93: the window is taken in the file's CRS first."""
    import rasterio
    from affine import Affine
    from pyproj import Transformer

    path = tmp_path / "lyon_dsm.tif"
    values = np.arange(200 * 200, dtype=np.float32).reshape(1, 200, 200)
    with rasterio.open(path, "w", driver="GTiff", width=200, height=200, count=1, dtype="float32", crs="EPSG:3946",
                       transform=Affine(1, 0, 1841000, 0, -1, 5176000)) as dst:
        dst.write(values)
    to93 = Transformer.from_crs(3946, 2154, always_xy=True)
    cx, cy = to93.transform(1841100.0, 5175900.0)  # the raster's centre, in Lambert-93
    city = read_raster(path, window=(cx - 20, cy - 20, cx + 20, cy + 20))
    grid = city.grids[0]
    x0, y0, x1, y1 = _world_extent(city, grid.extent)
    assert x0 <= cx - 20 and y0 <= cy - 20 and x1 >= cx + 20 and y1 >= cy + 20  # covers the window
    assert x1 - x0 < 60 and y1 - y0 < 60  # and not much more: 40 m asked, 1 m cells, a small rotation
    assert grid.attributes["source_crs"] == "EPSG:3946"
