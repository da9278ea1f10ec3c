"""Placing a project model in the window, before / after, and the placement kept in the project."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.conftest import shared_data


@pytest.fixture
def place_at(monkeypatch):
    """Answer the place dialog: first "Pick on the map" if asked, then OK with the point given."""
    from app.project_models import PlacementDialog

    answers: list[int] = []
    seen: list[PlacementDialog] = []

    def run(where, pick_first=False):
        answers[:] = [PlacementDialog.PICK] if pick_first else []

        def exec_(self):
            seen.append(self)
            if answers:
                return answers.pop(0)
            if where is not None:
                self.x.setValue(where[0])
                self.y.setValue(where[1])
            self.rotation.setValue(30.0)
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(PlacementDialog, "exec", exec_)
        return seen

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    return run


def test_a_model_without_georeference_is_placed_and_replaces_what_stands_there(make_window, qtbot, place_at, tmp_path):
    from city.district import TRIBUNAL_L93

    window = make_window()
    n = len(window.city.buildings)
    dialogs = place_at(TRIBUNAL_L93[:2])
    obj = shared_data("architecture/lyon_palais_de_justice.obj")
    window.open_path(obj, add=True)
    qtbot.waitUntil(lambda: len(window.city.buildings) == n + 1, timeout=60000)
    assert len(dialogs) == 1
    b = window.city.buildings
    model = b.index_of("lyon_palais_de_justice")
    x0, x1, y0, y1, z0, _ = b[model].bounds
    cx, cy = window.city.frame.to_world([(x0 + x1) / 2, (y0 + y1) / 2])
    assert abs(cx - TRIBUNAL_L93[0]) < 80 and abs(cy - TRIBUNAL_L93[1]) < 80  # about its origin, rotated 30°
    assert np.isfinite(window.city.ground_height_at((x0 + x1) / 2, (y0 + y1) / 2))
    # after: the buildings under the model are hidden; before: the model is
    models, under = window.models.masks()
    assert models[model] and under.sum() >= 1
    assert window.scene.hidden_buildings is not None and window.scene.hidden_buildings[under].all()
    window.models.set_state("before")
    assert window.scene.hidden_buildings[model] and not window.scene.hidden_buildings[under].any()
    window.models.set_state("all")
    assert window.scene.hidden_buildings is None
    # the placement is saved and the model reopens in place
    path = tmp_path / "p.maquette"
    window.project_ui.path = path
    assert window.project_ui.save()
    other = make_window()
    other.project_ui.open_project(path)
    qtbot.waitUntil(lambda: len(other.city.buildings) == n + 1, timeout=60000)
    assert len(dialogs) == 1  # no second question
    ob = other.city.buildings
    assert ob[ob.index_of("lyon_palais_de_justice")].bounds == pytest.approx(b[model].bounds, abs=1e-3)


def test_pick_on_the_map_brings_the_dialog_back_with_the_point(make_window, qtbot, place_at):
    window = make_window()
    n = len(window.city.buildings)
    dialogs = place_at(None, pick_first=True)
    window.open_path(shared_data("architecture/lyon_tour_part_dieu.obj"), add=True)
    qtbot.waitUntil(lambda: window.models.picking(), timeout=60000)
    assert len(window.city.buildings) == n  # nothing added yet
    window.models.picked(np.array([150.0, -60.0, 35.0]))
    qtbot.waitUntil(lambda: len(window.city.buildings) == n + 1, timeout=60000)
    x, y = window.city.frame.to_world([150.0, -60.0])
    assert dialogs[-1].x.value() == pytest.approx(x, abs=0.01) and dialogs[-1].y.value() == pytest.approx(y, abs=0.01)


def test_cancelling_the_placement_leaves_the_city_as_it_was(make_window, qtbot, monkeypatch):
    from app.project_models import PlacementDialog

    window = make_window()
    city = window.city
    monkeypatch.setattr(PlacementDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    window.open_path(shared_data("architecture/lyon_tour_part_dieu.obj"), add=True)
    qtbot.waitUntil(lambda: "Model not added" in window.statusBar().currentMessage(), timeout=60000)
    assert window.city is city


def test_side_by_side_window_links_the_cameras(make_window, qtbot, place_at):
    from city.district import TRIBUNAL_L93

    window = make_window()
    place_at(TRIBUNAL_L93[:2])
    n = len(window.city.buildings)
    window.open_path(shared_data("architecture/lyon_palais_de_justice.obj"), add=True)
    qtbot.waitUntil(lambda: len(window.city.buildings) == n + 1, timeout=60000)
    window.models.act_split.trigger()
    split = window.models.split_window
    assert split is not None and split.isVisible()
    before, after = split._scenes
    model = window.city.buildings.index_of("lyon_palais_de_justice")
    assert before.hidden_buildings[model] and not after.hidden_buildings[model]
    view = split._view
    assert view.renderers[0].GetActiveCamera() is view.renderers[1].GetActiveCamera()
    split.close()


def test_the_project_effect_on_the_neighbours_sun_is_an_overlay(make_window, qtbot, place_at, monkeypatch):
    """Analyses > Project's effect on the neighbours' sun: losses on the neighbours, figures in the building panel."""
    from PySide6.QtWidgets import QInputDialog

    from city.district import TRIBUNAL_L93

    window = make_window()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _w, _t, text, *a, **k: told.append(text))
    window.act_impact.trigger()  # no project model yet: the user is told what to do, nothing runs
    assert told and "no project model" in told[0] and window.analyses.impact_result is None

    place_at(TRIBUNAL_L93[:2])
    n = len(window.city.buildings)
    window.open_path(shared_data("architecture/lyon_tour_part_dieu.obj"), add=True)
    qtbot.waitUntil(lambda: len(window.city.buildings) == n + 1, timeout=60000)
    asked: list[str] = []

    def get_item(_parent, _title, label, items, *args, **kwargs):
        asked.append(label)
        return items[0], True  # the spring equinox, then a clear-sky year

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    window.act_impact.trigger()
    qtbot.waitUntil(lambda: window.analyses.impact_result is not None, timeout=240000)
    assert len(asked) == 2
    result = window.analyses.impact_result
    b = window.city.buildings
    hours = b.face_data["impact_sunlight_hours"]
    model = b.index_of("lyon_tour_part_dieu")
    assert np.isnan(hours[b[model].triangle_slice]).all()
    assert np.nanmin(hours) < -1.0  # a tower takes hours of sun from some faces around it
    losers = result.losers()
    assert len(losers) >= 1 and result.radius_m == 400.0  # a tall tower: the largest radius
    # shown: the "after" state, coloured by the change, a legend, a status line naming the worst hit
    assert window.models.state == "after" and window._theme_key == "impact_sunlight_hours"
    assert window.scene.overlay is not None and window.scene.overlay.cmap == "RdBu"
    lo, hi = window.scene.overlay.limits()
    assert lo == pytest.approx(-hi)
    assert str(losers.index[0]) in window.statusBar().currentMessage()
    # the worst-hit neighbour's panel shows its before and after
    window.select_building(b.index_of(str(losers.index[0])))
    rows = [window.building_panel.table.item(r, 0).text() for r in range(window.building_panel.table.rowCount())]
    assert any("before → after" in r for r in rows)
