"""The greening dock: planting by click and along a line, green spaces, the targets dashboard, saved in the project."""

from __future__ import annotations

import numpy as np
import pytest


def test_plant_by_click_and_along_a_100_m_line(make_window, qtbot):
    window = make_window()
    p = window.planting
    p.panel.tool_buttons["tree"].setChecked(True)
    w, h = window.view.width(), window.view.height()
    window.view.iren.interactor.SetEventPosition(w // 2, h // 2)
    window._on_left_press()
    window._on_left_release()
    assert len(p.scenario.trees) == 1
    assert window.scene.selected is None  # the click planted, it did not select a building
    assert "scenario_trees" in window.view.renderer.actors
    # a 100 m line at 8 m spacing: 13 trees (0, 8, ..., 96 m)
    p.panel.tool_buttons["line"].setChecked(True)
    assert not p.panel.tool_buttons["tree"].isChecked()
    p.panel.spacing.setValue(8.0)
    p.click(np.array([0.0, -300.0, 35.0]))
    p.click(np.array([100.0, -300.0, 35.0]))
    assert "sketch" in window.view.renderer.actors
    p.finish()
    assert len(p.scenario.trees) == 1 + 13
    xs = sorted(t.x for t in p.scenario.trees[1:])
    x0 = window.city.frame.origin[0]
    assert xs[0] == pytest.approx(x0) and xs[-1] == pytest.approx(x0 + 96.0)
    assert "sketch" not in window.view.renderer.actors
    assert window.windowTitle().endswith("*")


def test_green_space_counts_toward_the_targets_and_is_saved_in_the_project(make_window, qtbot, tmp_path):
    window = make_window()
    p = window.planting
    x0, y0 = window.city.frame.origin[:2]
    p.add_green_space("Jardin Cardinet", [(x0, y0), (x0 + 100, y0), (x0 + 100, y0 + 50), (x0, y0 + 50)], "urban farm")
    rows = {r["key"]: r for r in p.dashboard_rows()}
    assert rows["new_green_space_ha"]["scenario"] == pytest.approx(0.5)
    assert rows["urban_agriculture_ha"]["scenario"] == pytest.approx(0.5)
    assert rows["greened_roofs_walls_ha"]["offer"] is None  # not computed yet: not shown as zero
    # the offer comes from the vegetation analysis
    window.act_vegetation.trigger()
    qtbot.waitUntil(lambda: window.analyses.vegetation_result is not None, timeout=60000)
    rows = {r["key"]: r for r in p.dashboard_rows()}
    assert rows["greened_roofs_walls_ha"]["offer"] > 1.0
    assert "Existing trees" in p.panel.stats.text()
    # the zone chosen in the dashboard filters everything
    p.panel.zone.setCurrentIndex(p.panel.zone.findText("Clichy-Batignolles"))
    zone_rows = {r["key"]: r for r in p.dashboard_rows()}
    assert zone_rows["greened_roofs_walls_ha"]["offer"] < rows["greened_roofs_walls_ha"]["offer"]
    # saved and reopened
    path = tmp_path / "green.maquette"
    window.project_ui.path = path
    assert window.project_ui.save()
    other = make_window()
    other.project_ui.open_project(path)
    qtbot.waitUntil(lambda: len(other.planting.scenario.green_spaces) == 1, timeout=60000)
    assert other.planting.scenario.green_spaces[0].kind == "urban farm"
    assert "scenario_spaces" in other.view.renderer.actors


def test_planted_trees_join_the_city_for_the_analyses(make_window):
    window = make_window()
    p = window.planting
    x0, y0 = window.city.frame.origin[:2]
    p.panel.tool_buttons["tree"].setChecked(True)
    p.click(np.array([5.0, 5.0, 35.0]))
    city = p.city_for_analyses()
    assert len(city.trees) == len(window.city.trees) + 1
    assert city.buildings is window.city.buildings
