"""A French user reads in French why a logbook did not open, a document was not attached
or a JSON entry's revisions were refused (issue 8).

These need the French of the LogbookMessages strings added with them: they pass once
the catalogue is regenerated (``python -m app.i18n``) and translated.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from city.logbook import SQLiteLogbookStore
from city.logbook.io import JSON_FORMAT, JSON_VERSION


def test_a_french_user_reads_why_a_logbook_did_not_open(make_window, tmp_path, monkeypatch):
    window = make_window(language="fr")
    dock = window.logbook_dock
    missing = tmp_path / "perdu.logbook.sqlite"
    text = tmp_path / "notes.sqlite"
    text.write_text("ceci n'est pas une base de données " * 100, encoding="utf-8")
    said = []
    for path in (missing, text):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, p=path, **k: (str(p), ""))
        dock.act_open_read_only.trigger()
        assert dock.store is None
        said.append(dock.panel.busy.text())
    assert said == [
        f"Impossible d'ouvrir le carnet : aucun carnet à l'emplacement {missing}",
        f"Impossible d'ouvrir le carnet : {text} n'est pas un carnet (ce n'est pas une base SQLite)",
    ]
    assert dock.panel.busy.isVisible()


@pytest.fixture
def store(tmp_path):
    s = SQLiteLogbookStore(tmp_path / "ville.logbook.sqlite", author="Anne Martin", document_limit_bytes=1000)
    yield s
    s.close()


def test_a_french_manager_reads_why_a_document_was_not_attached(make_window, qtbot, store, tmp_path, monkeypatch):
    window = make_window(language="fr")
    dock = window.logbook_dock
    dock.set_store(store)
    building = window.city.buildings.ids[0]
    window.select_building(window.city.buildings.index_of(building))
    panel = dock.panel
    panel.tabs.setCurrentIndex(3)
    gone = tmp_path / "DPE disparu.pdf"
    qtbot.keyClicks(panel.document_reason, "rapport DPE recu")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(gone), ""))
    qtbot.mouseClick(panel.document_attach, Qt.MouseButton.LeftButton)
    status = panel.document_status.text()
    assert status.splitlines()[0] == f"Document non joint : impossible de lire {gone} : {gone} n'existe pas", status
    assert "cannot read" not in status and "does not exist" not in status
    assert panel.document_reason.text() == "rapport DPE recu"  # kept for a retry
    assert store.timeline(building) == []
    dock.store = None  # the fixture closes it


def test_a_french_manager_reads_why_json_entries_without_a_history_were_rejected(make_window, store, tmp_path, monkeypatch):
    window = make_window(language="fr")
    dock = window.logbook_dock
    dock.set_store(store)
    ids = window.city.buildings.ids
    amend_only = {"event_id": "a" * 32, "revision": 1, "kind": "note", "action": "amend",
                  "data": {"date": "2025-01-01", "text": "visite"}, "recorded_at": "2025-01-02T00:00:00+00:00",
                  "author": "Anne", "reason": "visite"}
    second_only = {**amend_only, "event_id": "b" * 32, "revision": 2}
    good = {**amend_only, "event_id": "c" * 32, "action": "add"}
    source = tmp_path / "carnets.jsonl"
    source.write_text("\n".join([
        json.dumps({"format": JSON_FORMAT, "version": JSON_VERSION}),
        json.dumps({"building_id": ids[0], "events": [amend_only]}),
        json.dumps({"building_id": ids[1], "events": [second_only]}),
        json.dumps({"building_id": ids[2], "events": [good]}),
    ]) + "\n", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: shown.append(text))
    dock.act_import_json.trigger()
    (report,) = shown
    lines = report.splitlines()
    assert "1 lignes acceptées, 2 rejetées" in lines[0], report
    assert lines[2:] == [
        f"ligne 2 ({ids[0]}) : action : 'amend' ne peut pas commencer l'entrée {'a' * 32} : sa révision 1 doit être add",
        f"ligne 3 ({ids[1]}) : revision : 2 de l'entrée {'b' * 32} arrive sans sa révision 1",
    ]
    assert store.building_ids() == [ids[2]]
    dock.store = None
