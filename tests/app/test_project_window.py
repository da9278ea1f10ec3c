"""Projects in the window: save, reopen, recent list, autosave and recovery, missing files, bad files."""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.conftest import shared_data


@pytest.fixture
def dialogs(monkeypatch):
    """Modal message boxes answered and recorded instead of blocking the test."""
    seen: list[tuple[str, str, str]] = []

    def record(kind, answer=None):
        def box(_parent, title, text, *args, **kwargs):
            seen.append((kind, title, text))
            return answer
        return box

    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return seen


def _trees_copy(tmp_path):
    src = shared_data("vegetation/paris_les_arbres_extract.geojson")
    dst = tmp_path / "trees.geojson"
    shutil.copy(src, dst)
    return dst


def test_save_and_reopen_restores_layers_camera_and_parameters(make_window, qtbot, tmp_path, dialogs):
    window = make_window()
    trees = _trees_copy(tmp_path)
    n_demo = len(window.city.trees)
    window.open_path(trees, add=True)
    qtbot.waitUntil(lambda: len(window.city.trees) > n_demo, timeout=30000)
    n_trees = len(window.city.trees)
    assert window.windowTitle().endswith("*")  # added a layer: unsaved
    window.analyses.geothermal_panel.set_settings(window.analyses.geothermal_panel.settings.replace(depth_m=150.0, cop=3.2))
    window.view.camera.position = (100.0, -900.0, 400.0)
    window.view.camera.focal_point = (0.0, 0.0, 40.0)
    path = tmp_path / "batignolles.maquette"
    window.project_ui.path = path
    assert window.project_ui.save()
    assert not window.windowTitle().endswith("*") and "batignolles" in window.windowTitle()
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["uses_demo_district"] is True
    assert [layer["path"] for layer in doc["layers"]] == [str(trees.resolve())]
    assert len(doc["layers"][0]["sha256"]) == 64
    assert doc["overlays"]["geothermal"]["depth_m"] == 150.0

    other = make_window()
    other.project_ui.open_project(path)
    qtbot.waitUntil(lambda: len(other.city.trees) == n_trees, timeout=60000)
    assert len(other.city.buildings) == len(window.city.buildings)
    assert other.analyses.geothermal_panel.settings.depth_m == 150.0
    assert other.analyses.geothermal_panel.settings.cop == pytest.approx(3.2)
    assert tuple(other.view.camera.position) == pytest.approx((100.0, -900.0, 400.0))
    assert other.project_ui.recent()[0] == path.resolve()
    assert not other.windowTitle().endswith("*")
    assert not dialogs  # nothing to warn about


def test_saving_twice_keeps_the_previous_version_as_backup(make_window, tmp_path, dialogs):
    window = make_window()
    path = tmp_path / "p.maquette"
    window.project_ui.path = path
    assert window.project_ui.save()
    first = path.read_text(encoding="utf-8")
    window.analyses.geothermal_panel.set_settings(window.analyses.geothermal_panel.settings.replace(cop=5.0))
    assert window.project_ui.save()
    assert (tmp_path / "p.maquette.bak").read_text(encoding="utf-8") == first
    assert json.loads(path.read_text(encoding="utf-8"))["overlays"]["geothermal"]["cop"] == 5.0


def test_a_missing_file_is_left_out_and_reported(make_window, qtbot, tmp_path, dialogs):
    window = make_window()
    trees = _trees_copy(tmp_path)
    window.open_path(trees, add=True)
    qtbot.waitUntil(lambda: bool(window.city_sources), timeout=30000)
    path = tmp_path / "p.maquette"
    window.project_ui.path = path
    window.project_ui.save()
    trees.unlink()
    other = make_window()
    before = len(other.city.trees)
    other.project_ui.open_project(path)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=60000)
    kind, _title, text = dialogs[-1]
    assert kind == "information" and "trees.geojson: missing, left out" in text
    assert len(other.city.trees) == before  # the demo district alone


def test_a_broken_project_file_leaves_the_window_as_it_was(make_window, tmp_path, dialogs):
    window = make_window()
    city = window.city
    bad = tmp_path / "bad.maquette"
    bad.write_text('{"format": "maquette-project", "version": 1, "layers": [{"nope": 1}]}', encoding="utf-8")
    window.project_ui.open_project(bad)
    assert dialogs and dialogs[-1][0] == "warning" and "bad.maquette" in dialogs[-1][2]
    assert window.city is city


def test_autosave_writes_beside_the_project_and_is_offered_back(make_window, qtbot, tmp_path, dialogs):
    window = make_window()
    path = tmp_path / "p.maquette"
    window.project_ui.path = path
    window.project_ui.save()
    assert window.project_ui.autosave() is None  # nothing changed: nothing written
    window.analyses.geothermal_panel.set_settings(window.analyses.geothermal_panel.settings.replace(depth_m=80.0))
    window.project_ui.mark_dirty()
    auto = window.project_ui.autosave()
    assert auto == tmp_path / "p.maquette.autosave" and auto.is_file()
    assert json.loads(path.read_text(encoding="utf-8"))["overlays"]["geothermal"]["depth_m"] == 100.0  # untouched
    # "crash": a new window opens the project and is offered the newer autosaved copy
    other = make_window()
    other.project_ui.open_project(path)
    qtbot.waitUntil(lambda: other.analyses.geothermal_panel.settings.depth_m == 80.0, timeout=60000)
    assert dialogs[0][0] == "question" and "autosaved" in dialogs[0][2]
    assert other.windowTitle().endswith("*")  # recovered changes are not saved yet
