"""Adding a raster to an open city reads only the window around the city (issue 4: "only windows needed are read")."""

from __future__ import annotations

import numpy as np
import pytest

from city.crs import LocalFrame
from city.district import box_buildings
from city.merge import add_layers, layers_extent
from city.model import BuildingSet, City
from importers.errors import InvalidFile
from importers.layers import layer_window, open_layer

# a 3 x 3 km raster at 1 m cells, its north-west corner at (640000, 6870000)
WEST, NORTH, SIDE = 640000.0, 6870000.0, 3000


def _big_raster(path, name: str = "big_dsm.tif"):
    import rasterio
    from affine import Affine

    out = path / name
    rows, cols = np.mgrid[0:SIDE, 0:SIDE].astype(np.float32)
    values = 30.0 + 0.01 * cols + 0.001 * rows  # each cell tells where it is
    with rasterio.open(out, "w", driver="GTiff", width=SIDE, height=SIDE, count=1, dtype="float32", crs="EPSG:2154",
                       transform=Affine(1.0, 0, WEST, 0, -1.0, NORTH), tiled=True, blockxsize=256, blockysize=256,
                       compress="deflate") as dst:
        dst.write(values[None])
    return out


def _small_city() -> City:
    """Two 10 x 10 m buildings 40 m apart, near the middle of the raster (world 641500-641550, 6868500-6868510)."""
    frame = LocalFrame("EPSG:2154", (641520.0, 6868500.0, 0.0))
    quads = np.array([[[x, 0], [x + 10, 0], [x + 10, 10], [x, 10]] for x in (-20.0, 20.0)], dtype=float)
    v, t, s = box_buildings(quads, np.zeros(2), np.full(2, 12.0))
    return City("small", frame, buildings=BuildingSet(["A", "B"], v, t, np.repeat([0, 1], 12), s, {}))


@pytest.fixture(scope="module")
def big_dsm(tmp_path_factory):
    return _big_raster(tmp_path_factory.mktemp("rasters"))


def test_a_large_raster_added_to_a_small_city_is_read_only_around_it(big_dsm, monkeypatch):
    import rasterio.io

    read_shapes = []
    real_read = rasterio.io.DatasetReader.read

    def spy(self, *args, **kwargs):
        w = kwargs.get("window")
        read_shapes.append((int(w.height), int(w.width)) if w is not None else (self.height, self.width))
        return real_read(self, *args, **kwargs)

    monkeypatch.setattr(rasterio.io.DatasetReader, "read", spy)
    city = _small_city()
    assert layers_extent(city) == pytest.approx((641500.0, 6868500.0, 641550.0, 6868510.0))
    assert layer_window(city) == pytest.approx((641400.0, 6868400.0, 641650.0, 6868610.0))
    layer = open_layer(big_dsm, city)
    assert read_shapes == [(210, 250)]  # 52,500 of the file's 9,000,000 pixels
    grid = layer.grids[0]
    assert grid.values.shape == (210, 250) and grid.attributes["window"] == pytest.approx(layer_window(city))
    notes = layer.import_report.notes
    assert "read only the window 641400.0, 6868400.0 - 641650.0, 6868610.0 (Lambert-93): 250 x 210 of the file's 3000 x 3000" \
           " pixels" in notes[0]
    assert notes[1] == "window: the open city's extent plus 100 m"
    merged = add_layers(city, layer)
    g = merged.grids[0]
    # in the open city's frame: the window's cells, each holding the value of its own place in the file
    x0, x1, y0, y1 = g.extent
    assert (x0, y0, x1, y1) == pytest.approx((641400.0 - 641520.0, 6868400.0 - 6868500.0, 641650.0 - 641520.0,
                                              6868610.0 - 6868500.0))
    col, row = 641525.5 - WEST, NORTH - 6868505.5  # the cell centred at world (641525.5, 6868505.5)
    assert float(g.value_at(5.5, 5.5)) == pytest.approx(30.0 + 0.01 * (col - 0.5) + 0.001 * (row - 0.5))


def test_a_terrain_added_to_a_small_city_keeps_its_window_in_the_terrain_report(tmp_path):
    path = _big_raster(tmp_path, "big_dtm.tif")
    city = _small_city()
    merged = add_layers(city, open_layer(path, city))
    assert merged.terrain.heights.shape == (210, 250)
    assert merged.terrain_report.source_shape == (210, 250)
    assert merged.terrain_report.window == pytest.approx(layer_window(city))
    # the flat footprints now stand on the terrain read
    ground = merged.terrain.height_at(-15.0, 5.0)
    assert merged.buildings.vertices[:, 2].min() == pytest.approx(min(ground, merged.terrain.height_at(-20, 0)), abs=0.05)


def test_a_raster_away_from_the_city_is_refused_and_an_empty_city_reads_it_all(big_dsm, tmp_path):
    far = _small_city()
    far.frame = LocalFrame("EPSG:2154", (700000.0, 6800000.0, 0.0))
    with pytest.raises(InvalidFile, match=r"big_dsm\.tif: the raster .* lies outside the open city's extent plus 100 m "
                                          r"\(699880\.0, .*\): nothing of it would be seen"):
        open_layer(big_dsm, far)
    whole = open_layer(big_dsm, City("empty"))
    # the whole file, decimated to 2 m cells to keep within the grid budget (the window above kept its 1 m cells)
    assert whole.grids[0].values.shape == (SIDE // 2, SIDE // 2) and "window" not in whole.grids[0].attributes
    assert whole.import_report.notes == []
    # a wider margin reads more, and says so
    wide = open_layer(big_dsm, _small_city(), margin_m=500.0)
    assert wide.grids[0].values.shape == (1010, 1050)
    assert wide.import_report.notes[1] == "window: the open city's extent plus 500 m"
