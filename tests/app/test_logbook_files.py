"""Logbooks of any city from the window: new, open read-only or for editing, import and export."""

from __future__ import annotations

import abc
import csv

from PySide6.QtWidgets import QFileDialog

from city.logbook import LogbookError, LogbookStore, SQLiteLogbookStore


def test_new_logbook_for_a_city_import_export_and_view_only_mode(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    dock = window.logbook_dock
    path = tmp_path / "batignolles.logbook.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    dock.act_new.trigger()
    assert dock.store is not None and path.is_file() and not dock.store.read_only
    assert dock.act_edit.isChecked() and dock.act_import_csv.isEnabled()
    ids = window.city.buildings.ids
    rows = tmp_path / "dpe.csv"
    rows.write_text("building_id,dpe_class,construction_year\n"
                    f"{ids[0]},F,1905\n{ids[1]},B,2016\nNOPE-1,C,1990\n{ids[2]},Z,1950\n", encoding="utf-8")
    report = dock.import_file(rows, "csv")
    assert len(report.accepted) == 2 and len(report.unmatched) == 1 and len(report.rejected) == 1
    assert dock.store.current(ids[0])["dpe_class"] == "F"
    # view only: the same file, nothing editable, import disabled
    dock.act_edit.trigger()
    assert dock.store.read_only and not dock.act_edit.isChecked() and not dock.act_import_csv.isEnabled()
    assert dock.store.current(ids[1])["dpe_class"] == "B"
    out = tmp_path / "export.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    dock.export_dialog("csv")
    exported = {r["building_id"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert exported[ids[0]]["dpe_class"] == "F" and exported[ids[0]]["construction_year"] == "1905"
    # back to editing: the author is recorded
    dock.act_edit.trigger()
    assert not dock.store.read_only and dock.store.author


class ServerLikeStore(LogbookStore):
    """A logbook store of another kind, as a shared PostgreSQL one would be: no file path, the interface only.

    It keeps its logbook in SQLite behind the interface (forwarding each
    method) and names its location like a database server.
    """

    def __init__(self, backend: LogbookStore, location: str) -> None:
        self.backend, self._location, self.closed = backend, location, False

    @property
    def location(self) -> str:
        return self._location

    @property
    def read_only(self) -> bool:  # type: ignore[override]
        return self.backend.read_only

    @property
    def author(self) -> str:  # type: ignore[override]
        return self.backend.author

    def reopen(self, *, read_only: bool, author: str | None = None) -> ServerLikeStore:
        return ServerLikeStore(self.backend.reopen(read_only=read_only, author=author), self._location)

    def close(self) -> None:
        self.closed = True
        self.backend.close()


def _forward(name: str):
    def method(self, *args, **kwargs):
        return getattr(self.backend, name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in LogbookStore.__abstractmethods__ - set(vars(ServerLikeStore)):
    setattr(ServerLikeStore, _name, _forward(_name))
abc.update_abstractmethods(ServerLikeStore)


def test_the_editing_switch_reopens_a_store_that_is_not_a_file(make_window, qtbot, tmp_path, monkeypatch):
    from app.logbook_dock import user_name
    from app.logbook_pdf import logbook_sheet_html

    window = make_window()
    dock = window.logbook_dock
    ids = window.city.buildings.ids
    backend = SQLiteLogbookStore(tmp_path / "server-side.sqlite", author="alice")
    backend.set_fields(ids[0], {"dpe_class": "E"}, reason="DPE 2021")
    first = ServerLikeStore(backend, "postgresql://logbooks.example/paris")
    assert not hasattr(first, "path")
    dock.set_store(first)
    window.select_building(window.city.buildings.index_of(ids[0]))
    assert dock.panel.building_id == ids[0] and dock.panel.field_box.isEnabled()
    assert dock.act_edit.isEnabled() and dock.act_edit.isChecked()

    dock.act_edit.trigger()  # view only
    viewer = dock.store
    assert isinstance(viewer, ServerLikeStore) and viewer is not first and first.closed
    assert viewer.read_only and viewer.location == "postgresql://logbooks.example/paris"
    assert not dock.act_edit.isChecked() and not dock.act_import_csv.isEnabled()
    assert not dock.panel.field_box.isEnabled() and "read-only" in dock.panel.field_box.toolTip()
    assert "E" in dock.panel.summary.toPlainText()
    assert "from the logbook paris." in logbook_sheet_html(viewer, ids[0])  # the PDF sheet names it too

    # The server cannot be reached: the user keeps the logbook as it was, and reads why.
    def unreachable(self, *, read_only, author=None):
        raise LogbookError("could not connect to logbooks.example")

    monkeypatch.setattr(ServerLikeStore, "reopen", unreachable)
    dock.act_edit.trigger()
    assert dock.store is viewer and not viewer.closed and viewer.read_only
    assert not dock.act_edit.isChecked()
    assert dock.panel.busy.text() == "Cannot switch to editing: could not connect to logbooks.example"
    monkeypatch.undo()

    dock.act_edit.trigger()  # editing again, as the user
    editor = dock.store
    assert not editor.read_only and editor.author == user_name() and viewer.closed
    assert dock.panel.busy.isHidden() and dock.panel.field_box.isEnabled()
    editor.set_fields(ids[0], {"dpe_class": "C"}, reason="after insulation")
    assert [(e.value, e.author) for e in editor.history(ids[0], "dpe_class")] == [("E", "alice"), ("C", user_name())]
