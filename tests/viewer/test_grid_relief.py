"""A surface model (DSM) shown in relief: a lit surface at the model's heights, or back to a colour drape."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.scene import Scene
from tests.conftest import shared_data

R = "rasters/montpellier_77055_627760_"


@pytest.fixture(scope="module")
def dtm_dsm():
    from city.merge import add_layers
    from importers.raster import read_raster

    return add_layers(read_raster(shared_data(R + "DTM_50cm.tif")), read_raster(shared_data(R + "DSM_50cm.tif")))


def _grid_mesh(scene):
    return next(a for a in scene.actors["grids"] if hasattr(a, "mapper")).mapper.dataset


def test_dsm_relief_stands_at_the_dsm_heights(plotter, dtm_dsm):
    scene = Scene(plotter, dtm_dsm)
    draped = _grid_mesh(scene)
    assert np.ptp(np.asarray(draped.points)[:, 2]) < 1.5  # the drape follows the flat ground (20.8-21.6 m)
    scene.set_grid_relief(True)
    mesh = _grid_mesh(scene)
    grid = dtm_dsm.grids[0]
    assert mesh.n_points == grid.values.size
    z = np.asarray(mesh.points)[:, 2].reshape(grid.values.shape, order="F")
    finite = np.isfinite(grid.values)
    assert np.abs(z[finite] - (grid.values[finite] + 0.12)).max() < 1e-4  # float32 altitudes, 0.12 m lift
    # no-data cells sit on the terrain
    gx = grid.x0 + np.arange(grid.values.shape[1]) * grid.dx
    gy = grid.y0 + np.arange(grid.values.shape[0]) * grid.dy
    ground = dtm_dsm.terrain.height_at(*np.meshgrid(gx, gy))
    assert np.allclose(z[~finite], np.where(np.isfinite(ground), ground, np.nanmin(ground))[~finite] + 0.12, atol=1e-4)
    assert mesh.point_data["rgb"].shape == (grid.values.size, 3)
    assert len(scene.actors["grids"]) == 2  # the surface and its legend, not one more each time
    scene.set_grid_relief(False)
    assert np.ptp(np.asarray(_grid_mesh(scene).points)[:, 2]) < 1.5
    assert len(scene.actors["grids"]) == 2


def test_relief_of_a_large_grid_is_decimated(plotter, dtm_dsm):
    scene = Scene(plotter, dtm_dsm)
    grid = dtm_dsm.grids[0]
    overlay_rgb = np.zeros((*grid.values.shape, 3), dtype=np.uint8)
    mesh = scene._relief_mesh(grid, overlay_rgb, max_side=30)
    assert mesh.dimensions == (25, 25, 1)  # every 4th of 100 cells


def test_relief_is_visible_in_the_image(plotter, dtm_dsm):
    from viewer import camera

    scene = Scene(plotter, dtm_dsm)
    camera.home_view(plotter, dtm_dsm)
    flat = plotter.screenshot(return_img=True).astype(int)
    scene.set_grid_relief(True)
    relief = plotter.screenshot(return_img=True).astype(int)
    # buildings and trees now rise from the ground: many pixels change
    assert (np.abs(relief - flat).sum(axis=2) > 60).mean() > 0.1
