"""Logbooks of any city from the window: new, open read-only or for editing, import and export."""

from __future__ import annotations

import csv

from PySide6.QtWidgets import QFileDialog


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
