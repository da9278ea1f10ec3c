"""Clicking a tree in the window: it is highlighted and its attributes fill the building dock."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.app.window_helpers import panel_values, screen_pos
from tests.conftest import shared_data


def _look_down_at_tree(window, index: int) -> None:
    top = window.scene.tree_top(index)
    cam = window.view.camera
    cam.focal_point = tuple(top)
    cam.position = tuple(top + [0.0, -1.0, 120.0])
    cam.up = (0.0, 1.0, 0.0)
    window.view.renderer.ResetCameraClippingRange()
    window.view.render()


def _click_tree(window, qtbot, index: int) -> list:
    pos = screen_pos(window, window.scene.tree_top(index) - [0.0, 0.0, 0.3])
    with qtbot.waitSignal(window.tree_selection.tree_picked, timeout=3000) as sig:
        qtbot.mouseClick(window.view, Qt.MouseButton.LeftButton, pos=pos)
    return sig.args


def test_clicking_a_demo_tree_shows_its_attributes_and_highlights_it(make_window, qtbot):
    window = make_window()
    trees = window.city.trees
    index = int(np.argmax(trees.height_m))  # the tallest: nothing covers its crown from above
    _look_down_at_tree(window, index)
    assert _click_tree(window, qtbot, index) == [trees.ids[index]]
    assert window.scene.selected_tree == index and window.scene.selected is None
    values = panel_values(window)
    assert values["Identifier"] == trees.ids[index]
    assert values["Species"] == trees.attributes["species"][index]
    assert values["Height (m)"] == f"{trees.height_m[index]:.1f}"
    assert values["Trunk circumference (cm)"] == f"{trees.trunk_diameter_m[index] * np.pi * 100:.0f}"
    assert values["Crown diameter (m)"] == f"{trees.crown_diameter_m[index]:.1f}"
    assert "EPSG:2154" in next(k for k in values if k.startswith("Position"))
    assert trees.ids[index] in window.building_panel.title.text()
    assert "Generated demo district" in window.building_panel.provenance.text()
    assert window.building_dock.windowTitle() == "Tree" and window.building_dock.isVisible()
    # the highlight shows in the view once the event loop has repainted it
    qtbot.wait(100)
    img = window.view.screenshot(return_img=True).astype(int)
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    assert ((r > 170) & (b < 110) & (r - b > 110)).mean() > 0.005


def test_a_building_click_after_a_tree_clears_the_tree(make_window, qtbot):
    window = make_window()
    trees = window.city.trees
    index = int(np.argmax(trees.height_m))
    _look_down_at_tree(window, index)
    _click_tree(window, qtbot, index)
    window.top_view()
    window.view.render()
    building = window.city.buildings.index_of("CB-TJ")
    pos = screen_pos(window, window.scene.building_centre(building))
    with qtbot.waitSignal(window.building_picked, timeout=3000) as sig:
        qtbot.mouseClick(window.view, Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args == ["CB-TJ"]
    assert window.scene.selected_tree is None and window.scene.selected == building
    assert panel_values(window)["Identifier"] == "CB-TJ"
    assert window.building_dock.windowTitle() == "Building"
    # a building chosen elsewhere (the logbook) clears a tree too
    _look_down_at_tree(window, index)
    _click_tree(window, qtbot, index)
    window.select_building(0)
    assert window.scene.selected_tree is None


def test_french_tree_panel(make_window, qtbot):
    window = make_window(language="fr")
    trees = window.city.trees
    index = int(np.argmax(trees.height_m))
    _look_down_at_tree(window, index)
    _click_tree(window, qtbot, index)
    values = panel_values(window)
    assert values["Espèce"] == trees.attributes["species"][index]
    assert "Hauteur (m)" in values and "Circonférence du tronc (cm)" in values
    assert window.building_dock.windowTitle() == "Arbre"


@pytest.fixture(scope="module")
def paris_trees():
    from importers import open_city

    return open_city(shared_data("vegetation/paris_les_arbres_extract.geojson"))


def test_clicking_a_real_paris_tree(make_window, qtbot, paris_trees):
    window = make_window(city=paris_trees)
    trees = paris_trees.trees
    common = trees.attributes["common_name"]
    stage = trees.attributes["stage"]
    # a tree with every attribute known, tall enough to stand out
    known = [i for i in range(len(trees)) if common[i] and stage[i] and trees.height_m[i] >= 10]
    index = max(known, key=lambda i: trees.height_m[i])
    _look_down_at_tree(window, index)
    assert _click_tree(window, qtbot, index) == [trees.ids[index]]
    values = panel_values(window)
    assert values["Identifier"] == trees.ids[index]
    assert values["Common name"] == common[index] and values["Development stage"] == stage[index]
    assert values["Address"] == trees.attributes["address"][index]
    assert values["Species"] == trees.attributes["species"][index]
    x, y = paris_trees.frame.to_world(trees.positions[index, :2])
    position = next(v for k, v in values.items() if k.startswith("Position"))
    px, py = (float(t.replace(" ", "").replace("\u202f", "")) for t in position.split("  "))
    assert (px, py) == pytest.approx((x, y), abs=0.06)
    assert 640_000 < px < 665_000 and 6_855_000 < py < 6_870_000  # Paris in Lambert-93
    assert "paris_les_arbres_extract.geojson" in window.building_panel.provenance.text()


def test_a_tree_with_an_implausible_recorded_height_says_so(make_window, qtbot, paris_trees):
    """The 43 m cornel of the Paris extract (11 cm trunk): drawn at 5 m, the recorded 43 m shown and explained."""
    window = make_window(city=paris_trees)
    trees = paris_trees.trees
    index = trees.ids.index("2038830")
    window.building_panel.show_tree(paris_trees, index)
    values = panel_values(window)
    assert values["Height (m)"] == "5.0"
    assert values["Recorded height (m)"] == "43 — implausible, not drawn: above 9.8 m, the most a trunk of 11 cm can hold up"
    assert "height_implausible" not in values and "recorded_height_m" not in values
