"""The logbook open in a session is saved in the project and reopened with it (issue 8)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from city.logbook import SQLiteLogbookStore


@pytest.fixture
def dialogs(monkeypatch):
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text, *a, **k: seen.append((title, text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k: seen.append((title, text)))
    return seen


def _logbook(path, building_id: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    with SQLiteLogbookStore(path, author="Anne") as store:
        store.set_field(building_id, "dpe_class", "E", reason="DPE 2025")
    return path


def test_the_logbook_reopens_with_the_project_for_editing_then_read_only(make_window, qtbot, tmp_path, dialogs,
                                                                          monkeypatch):
    window = make_window()
    building = window.city.buildings.ids[0]
    logbook = _logbook(tmp_path / "session" / "data" / "city.sqlite", building)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(logbook), ""))
    window.logbook_dock.act_open.trigger()  # File > Logbook > Open a logbook… (for editing)
    assert window.windowTitle().endswith("*")  # the project now names a logbook
    project = tmp_path / "session" / "batignolles.maquette"
    window.project_ui.path = project
    assert window.project_ui.save()
    saved = json.loads(project.read_text(encoding="utf-8"))["logbook"]
    assert saved["path"] == "data/city.sqlite" and saved["read_only"] is False  # beside the project: relative

    moved = tmp_path / "copied-session"
    (tmp_path / "session").rename(moved)  # the folder copied to another machine: still found
    other = make_window()
    other.project_ui.open_project(moved / project.name)
    qtbot.waitUntil(lambda: other.logbook_dock.store is not None, timeout=60000)
    store = other.logbook_dock.store
    assert store.path == (moved / "data" / "city.sqlite").absolute()
    assert not store.read_only and other.logbook_dock.act_edit.isChecked()
    assert store.current(building)["dpe_class"] == "E"
    assert not dialogs

    other.logbook_dock.act_edit.trigger()  # view only
    assert other.windowTitle().endswith("*")
    assert other.project_ui.save()
    third = make_window()
    third.project_ui.open_project(moved / project.name)
    qtbot.waitUntil(lambda: third.logbook_dock.store is not None, timeout=60000)
    assert third.logbook_dock.store.read_only and not third.logbook_dock.act_edit.isChecked()
    assert not third.logbook_dock.act_import_csv.isEnabled()


def test_a_missing_logbook_is_reported_and_the_project_still_opens(make_window, qtbot, tmp_path, dialogs):
    window = make_window()
    logbook = _logbook(tmp_path / "city.sqlite", window.city.buildings.ids[0])
    window.logbook_dock.open_logbook(logbook, read_only=True)
    window.home_view()
    window.consultation.add_view("Home")
    project = tmp_path / "p.maquette"
    window.project_ui.path = project
    assert window.project_ui.save()
    window.logbook_dock.set_store(None)  # closes the file before it goes away
    logbook.unlink()

    other = make_window()
    other.project_ui.open_project(project)
    qtbot.waitUntil(lambda: len(other.consultation.viewpoints) == 1, timeout=60000)  # the rest of the project is there
    assert other.logbook_dock.store is None
    assert len(dialogs) == 1 and "city.sqlite: not found" in dialogs[0][1]
    assert "missing" in other.logbook_dock.panel.busy.text() and "city.sqlite" in other.logbook_dock.panel.busy.text()
