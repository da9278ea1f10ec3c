"""A French user reads in French why a filter, a JSON import or an export failed (issue 8)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from city.logbook import SQLiteLogbookStore
from city.logbook.io import JSON_FORMAT, JSON_VERSION


@pytest.fixture
def store(tmp_path):
    s = SQLiteLogbookStore(tmp_path / "ville.logbook.sqlite", author="Anne Martin")
    yield s
    s.close()


def test_a_french_planner_reads_what_is_wrong_in_a_filter_and_where(make_window, qtbot, store):
    window = make_window(language="fr")
    ids = window.city.buildings.ids
    store.set_fields(ids[0], {"dpe_class": "F"}, reason="DPE 2024")
    window.logbook_dock.set_store(store)
    dialog = window.logbook_dock.open_filter_dialog()
    qtbot.waitExposed(dialog)
    said = {}
    for expression in ("dpe_class in (F, G", "dpe_class = F G", "classe_dpe = F", "dpe_class ~ F", "annee < 1948 et"):
        dialog.expression.setText(expression)
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        said[expression] = dialog.count.text()
    assert said["dpe_class in (F, G"] == (
        "Ce filtre est illisible : à la position 18, on attend une parenthèse fermante ')', mais le filtre s'arrête là")
    assert said["dpe_class = F G"] == (
        "Ce filtre est illisible : à la position 14, on attend 'and', 'or' ou la fin du filtre et non 'G'")
    assert said["classe_dpe = F"].startswith(
        "Ce filtre est illisible : champ inconnu 'classe_dpe' à la position 0 ; champs connus : address, postcode,")
    assert said["dpe_class ~ F"] == "Ce filtre est illisible : impossible de lire '~ F' à la position 10"
    assert said["annee < 1948 et"].startswith("Ce filtre est illisible : champ inconnu 'annee' à la position 0")
    assert not any(word in text for text in said.values() for word in ("expected", "unknown", "found", "ends there"))
    assert window.scene.overlay is None  # nothing highlighted by a filter that was not understood
    dialog.close()
    window.logbook_dock.store = None  # the fixture closes it


def test_a_french_manager_reads_why_json_lines_were_rejected(make_window, store, tmp_path, monkeypatch):
    window = make_window(language="fr")
    dock = window.logbook_dock
    dock.set_store(store)
    ids = window.city.buildings.ids
    header = json.dumps({"format": JSON_FORMAT, "version": JSON_VERSION})
    good = {"building_id": ids[2], "history": [{"field": "dpe_class", "value": "E", "action": "set",
                                                "recorded_at": "2025-01-02T00:00:00+00:00", "author": "Anne",
                                                "reason": "DPE"}]}
    source = tmp_path / "carnets.jsonl"
    source.write_text("\n".join([
        header,
        '{"building_id": ' + ids[0] + "}",  # an id without its quotes
        json.dumps({"building_id": ids[1], "history": ["dpe_class=E"]}),
        json.dumps(good) + " {}",
        json.dumps(good),
    ]) + "\n", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: shown.append(text))
    dock.act_import_json.trigger()
    (report,) = shown
    lines = report.splitlines()
    assert "1 lignes acceptées, 3 rejetées" in lines[0], report
    assert lines[2:] == [
        "ligne 2 : pas du JSON à la colonne 17 : une valeur manque ou n'est pas du JSON (le texte s'écrit entre "
        "guillemets doubles ; les nombres, true, false et null sans guillemets)",
        f"ligne 3 ({ids[1]}) : l'élément 1 de history n'est pas un objet JSON",
        f"ligne 4 : pas du JSON à la colonne {len(json.dumps(good)) + 2} : du texte suit la fin du document "
        "(un document par ligne)",
    ]
    assert store.current(ids[2]) == {"dpe_class": "E"}
    window.logbook_dock.store = None


def test_a_french_user_reads_why_an_export_failed(make_window, store, tmp_path, monkeypatch):
    window = make_window(language="fr")
    store.set_fields(window.city.buildings.ids[0], {"dpe_class": "F"}, reason="DPE 2024")
    window.logbook_dock.set_store(store)
    target = tmp_path / "clé USB retirée" / "carnet.csv"
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: warned.append((title, text)))
    window.logbook_dock.act_export_csv.trigger()
    assert warned == [("Échec de l'export", f"l'export {target} a échoué : le dossier {target.parent} n'existe pas ; "
                                             "aucun fichier n'a été écrit")]
    assert not target.parent.exists()
    window.logbook_dock.store = None
