"""GeoTIFF rasters: terrain from a DEM with an honest error figure, orthophotos, NDVI, broken files."""

from __future__ import annotations

import numpy as np
import pytest

from city.merge import add_layers
from importers.errors import CrsRequired, InvalidFile
from importers.raster import dem_to_terrain, read_raster
from tests.conftest import shared_data

R = "rasters/montpellier_77055_627760_"


def test_dtm_becomes_the_terrain_in_place():
    import rasterio

    path = shared_data(R + "DTM_50cm.tif")
    city = read_raster(path)
    t = city.terrain
    assert t is not None and t.heights.shape == (100, 100) and t.dx == 0.5
    report = city.terrain_report
    assert report.max_error_m == 0.0 and report.source_shape == (100, 100)
    with rasterio.open(path) as src:
        data = src.read(1, masked=True)
        # the centre of the north-west cell, read back through the terrain
        x, y = src.xy(0, 0)
        expected = float(data[0, 0]) if not data.mask[0, 0] else None
        lo, hi = float(data.min()), float(data.max())
    lx, ly = city.frame.to_local([x, y])
    if expected is not None:
        assert float(t.height_at(lx, ly)) == pytest.approx(expected, abs=1e-6)
    # ground 20.8-21.6 m (SOURCES.md); the 5 no-data cells are filled inside that range
    assert np.nanmin(t.heights) == pytest.approx(lo) and np.nanmax(t.heights) == pytest.approx(hi)
    assert report.nodata_cells == 5


def test_simplified_dem_states_its_error():
    from affine import Affine

    rng = np.random.default_rng(0)
    x = np.linspace(0, 20, 400)
    dem = 30 + 5 * np.sin(x)[None, :] * np.cos(x)[:, None] + rng.normal(0, 0.01, (400, 400))
    transform = Affine(1.0, 0, 650000.0, 0, -1.0, 6860400.0)
    terrain, report = dem_to_terrain(dem, transform, (650200.0, 6860200.0), budget=20_000)
    assert 2 * (terrain.heights.shape[0] - 1) * (terrain.heights.shape[1] - 1) <= 20_000
    assert 0 < report.rms_error_m <= report.max_error_m < 2.0
    # the stated error is the real one
    gx, gy = np.meshgrid(650000.5 + np.arange(400) - 650200.0, 6860399.5 - np.arange(400) - 6860200.0)
    real = np.abs(terrain.height_at(gx, gy) - dem)
    assert np.nanmax(real) == pytest.approx(report.max_error_m, rel=1e-6)


def test_rgb_orthophoto_and_irc_ndvi():
    rgb = read_raster(shared_data(R + "ortho_rgb_20cm.tif"))
    assert rgb.imagery[0].rgb.shape == (252, 252, 3) and not rgb.grids
    irc = read_raster(shared_data(R + "ortho_irc_20cm.tif"))
    ndvi = irc.grids[0]
    assert ndvi.kind == "ndvi" and ndvi.values.shape == (252, 252)
    assert -1 <= np.nanmin(ndvi.values) < 0 < 0.5 < np.nanmax(ndvi.values) <= 1
    # vegetation (DHM > 3 m and not a building) is greener than the rest
    dhm = read_raster(shared_data(R + "DHM_50cm.tif"))
    merged = add_layers(add_layers(irc, dhm), read_raster(shared_data(R + "DSM_50cm.tif")))
    g_ndvi, g_dhm = merged.grids[0], merged.grids[1]
    xs, ys = np.meshgrid(np.linspace(-20, 20, 60), np.linspace(-20, 20, 60))
    v = g_ndvi.value_at(xs, ys)
    h = g_dhm.value_at(xs, ys)
    assert np.nanmean(v[h > 5]) != np.nanmean(v[h < 0.5])
    world = irc.frame.to_world(np.array([[irc.imagery[0].extent[0], irc.imagery[0].extent[2]]]))
    assert world[0] == pytest.approx([770549.8, 6277549.8], abs=0.01)


def test_orthophoto_white_pixels_are_kept_not_taken_for_nodata():
    """The RGB orthophoto declares nodata 255: a pixel with 255 in one band only (a white roof) is still a pixel."""
    import rasterio

    path = shared_data(R + "ortho_rgb_20cm.tif")
    with rasterio.open(path) as src:
        assert src.nodata == 255
        data = src.read()
    partly_255 = (data == 255).any(axis=0) & ~(data == 255).all(axis=0)
    assert partly_255.sum() > 0  # the file has such pixels: bright roofs and the pool's rim
    image = read_raster(path).imagery[0].rgb[::-1].transpose(2, 0, 1)  # back to the file's rows and bands
    assert np.array_equal(image[:, partly_255], data[:, partly_255])
    assert np.array_equal(image, data)


def test_dsm_and_dhm_are_grids():
    assert read_raster(shared_data(R + "DSM_50cm.tif")).grids[0].kind == "dsm"
    dhm = read_raster(shared_data(R + "DHM_50cm.tif")).grids[0]
    assert dhm.kind == "dhm" and np.nanmax(dhm.values) == pytest.approx(18.36, abs=0.01)


def test_orthophoto_draped_on_the_terrain_and_trees_set_on_it():
    from city.model import City, Trees

    city = add_layers(read_raster(shared_data(R + "DTM_50cm.tif")), read_raster(shared_data(R + "ortho_rgb_20cm.tif")))
    assert city.terrain is not None and len(city.imagery) == 1
    trees = City("t", frame=city.frame, trees=Trees(["a"], [[0.0, 0.0, 0.0]], [10.0], [5.0], [0.3]))
    merged = add_layers(city, trees)
    assert merged.trees.positions[0, 2] == pytest.approx(float(city.terrain.height_at(0.0, 0.0)))


@pytest.mark.parametrize("content", [b"", b"II*\x00" + b"\x00" * 4, b"not a tiff at all, just text"])
def test_broken_rasters(tmp_path, content):
    path = tmp_path / "broken.tif"
    path.write_bytes(content)
    with pytest.raises(InvalidFile, match="broken.tif: "):
        read_raster(path)


def test_truncated_geotiff_pixels(tmp_path):
    src = shared_data(R + "DTM_50cm.tif")
    data = src.read_bytes()
    path = tmp_path / "cut.tif"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(InvalidFile, match="cut.tif: "):
        read_raster(path)


def test_raster_without_crs_asks_for_one(tmp_path):
    import rasterio
    from affine import Affine

    path = tmp_path / "nocrs.tif"
    with rasterio.open(path, "w", driver="GTiff", width=4, height=4, count=1, dtype="float32",
                       transform=Affine(1, 0, 1841000, 0, -1, 5176000)) as dst:
        dst.write(np.full((1, 4, 4), 170.0, dtype=np.float32))
    with pytest.raises(CrsRequired, match="nocrs.tif"):
        read_raster(path)
    city = read_raster(path, crs="EPSG:3946")
    assert city.terrain is not None
    assert 840_000 < city.frame.origin[0] < 850_000  # Lyon, reprojected to Lambert-93
