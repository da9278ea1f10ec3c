"""Picking trees in the glyph actor, off screen: a picked cell maps back to its tree, what is in front wins."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from city.model import BuildingSetBuilder, City, SurfaceType, Trees
from viewer import camera, palette
from viewer.scene import Scene
from tests.conftest import shared_data


def _project(plotter, local_xyz) -> tuple[float, float]:
    x, y = camera.display_point(plotter.renderer, local_xyz)
    return float(x), float(y)


def _crown_centre(trees: Trees, i: int) -> np.ndarray:
    """Centre of the crown's top half (the rule of viewer.trees: crown 0.9 x diameter tall, top at the height)."""
    return trees.positions[i] + [0.0, 0.0, trees.height_m[i] - 0.2 * trees.crown_diameter_m[i]]


def test_every_tree_of_the_demo_picks_back_to_itself(plotter, demo_city):
    scene = Scene(plotter, demo_city)
    camera.top_view(plotter, demo_city)
    plotter.render()
    trees = demo_city.trees
    sample = range(0, len(trees), 25)
    picked = [scene.pick_tree(*_project(plotter, scene.tree_top(i) - [0, 0, 0.3])) for i in sample]
    assert sum(p == i for p, i in zip(picked, sample)) >= 0.9 * len(sample)
    for p, i in zip(picked, sample):
        if p != i:  # a taller neighbour's crown covers this tree's top: the ray meets it first
            assert trees.height_m[p] > trees.height_m[i] - 0.3
            gap = np.linalg.norm(trees.positions[p, :2] - trees.positions[i, :2])
            assert gap < trees.crown_diameter_m[p] / 2 + 0.5
    assert scene.pick_tree(2, 2) is None  # a corner of the view: sky or street, no tree


def test_paris_trees_pick_back_to_themselves():
    from importers.trees import read_tree_inventory

    city = read_tree_inventory(shared_data("vegetation/paris_les_arbres_extract.geojson"))
    plotter = pv.Plotter(off_screen=True, window_size=[1600, 1200])
    plotter.ren_win.SetMultiSamples(0)
    try:
        scene = Scene(plotter, city)
        camera.top_view(plotter, city)
        plotter.render()
        sample = np.arange(0, len(city.trees), 37)
        picked = np.array([scene.pick_tree(*_project(plotter, scene.tree_top(i) - [0, 0, 0.1])) for i in sample])
        # a taller neighbour's crown may cover a small tree's top (as in the demo): nearly all, not all
        assert (picked == sample).mean() > 0.9
        assert all(p is not None for p in picked)
    finally:
        plotter.close()


def _street(tree_x: float) -> City:
    """A 20 m box building at x 0..10, y 0..10 and one 12 m tree at (tree_x, 5)."""
    v = np.array([[0, 0, 0], [10, 0, 0], [10, 10, 0], [0, 10, 0], [0, 0, 20], [10, 0, 20], [10, 10, 20], [0, 10, 20]], float)
    faces = [[4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4], [1, 2, 6], [1, 6, 5], [2, 3, 7], [2, 7, 6], [3, 0, 4], [3, 4, 7]]
    surface = [SurfaceType.ROOF] * 2 + [SurfaceType.WALL] * 8
    builder = BuildingSetBuilder()
    builder.add("B1", v, faces, np.array(surface))
    trees = Trees(["T1"], [[tree_x, 5.0, 0.0]], [12.0], [6.0], [0.4], {"species": np.array(["Tilia"], dtype=object)})
    return City("street", buildings=builder.build(), trees=trees)


@pytest.mark.parametrize(("tree_x", "expected"), [(-8.0, "tree"), (18.0, "building")])
def test_what_is_in_front_wins(plotter, tree_x, expected):
    """Looking east along the x axis: a tree west of the facade hides it, a tree east of it is hidden."""
    city = _street(tree_x)
    scene = Scene(plotter, city)
    plotter.camera.position = (-80.0, 5.0, 9.0)
    plotter.camera.focal_point = (10.0, 5.0, 9.0)
    plotter.camera.up = (0.0, 0.0, 1.0)
    plotter.renderer.ResetCameraClippingRange()
    plotter.render()
    x, y = _project(plotter, [tree_x, 5.0, 12.0 - 2.7])  # the crown's centre
    assert scene.pick(x, y) == (expected, 0)
    assert scene.pick_tree(x, y) == 0  # on its own, the tree picker sees through buildings
    assert scene.pick(*_project(plotter, [0.0, 9.0, 18.0])) == ("building", 0)  # the facade beside the crown


def test_selected_tree_is_highlighted_and_restored(plotter, demo_city):
    scene = Scene(plotter, demo_city)
    mesh = scene.trees_mesh
    index = mesh.cell_data["tree_index"]
    before = np.array(mesh.cell_data["rgb"])
    scene.select_tree(3)
    rgb = mesh.cell_data["rgb"]
    crown = (index == 3) & (mesh.cell_data["tree_part"] == 0)
    trunk = (index == 3) & (mesh.cell_data["tree_part"] == 1)
    assert (rgb[crown] == palette.SELECTION_ROOF).all() and (rgb[trunk] == palette.SELECTION).all()
    assert np.array_equal(rgb[index != 3], before[index != 3])
    scene.select_tree(8)
    assert np.array_equal(rgb[index == 3], before[index == 3])
    scene.select_tree(None)
    assert np.array_equal(np.asarray(mesh.cell_data["rgb"]), before) and scene.selected_tree is None
    # and it shows: orange pixels around the selected crown in a close top view
    scene.select_tree(3)
    top = scene.tree_top(3)
    plotter.camera.position = tuple(top + [0.0, -1.0, 60.0])
    plotter.camera.focal_point = tuple(top)
    plotter.camera.up = (0.0, 1.0, 0.0)
    plotter.renderer.ResetCameraClippingRange()
    img = plotter.screenshot(return_img=True).astype(int)
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    assert ((r > 170) & (b < 110) & (r - b > 110)).mean() > 0.01


def test_a_city_without_trees_picks_none(plotter):
    city = _street(-8.0)
    city.trees = Trees.empty()
    scene = Scene(plotter, city)
    assert scene.pick_tree(10, 10) is None
    scene.select_tree(None)
    assert scene.selected_tree is None
