"""Messages of the logbook library (refused values, import reports) in the interface language."""

from __future__ import annotations

import contextlib
import re

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from city.logbook import validate_field
from city.logbook.io import ImportReport, RowProblem
from city.logbook.messages import ENGLISH, message


def test_every_library_message_has_a_translatable_template_with_its_parameters(qapp):
    from app.logbook_format import _message_templates

    templates = _message_templates()
    assert set(templates) == set(ENGLISH), "a message code of city.logbook has no entry in app.logbook_format"
    for code, (template, names) in templates.items():
        english_fields = set(re.findall(r"{(\w+)", ENGLISH[code]))
        assert set(names) <= english_fields, code  # only parameters the library gives
        assert {int(n) for n in re.findall(r"%(\d)", template)} == set(range(1, len(names) + 1)), code


def test_messages_read_in_english_with_labels_and_nested_reasons(qapp):
    from app.logbook_format import error_text, import_report_text, message_text

    with pytest.raises(ValueError) as refused:
        validate_field("construction_year", 950)
    assert error_text(refused.value) == "Construction year: 950 is below the minimum 1000"
    report = ImportReport("dpe.csv", accepted=[2], entries_written=1)
    report.rejected.append(RowProblem(3, "B-9", message("bad_cell", column="dpe_class", value="Z",
                                                         reason=message("not_a_choice", choices="A, B"))))
    report.unmatched.append(RowProblem(4, "NOPE", message("no_such_building")))
    assert import_report_text(report).splitlines() == [
        "dpe.csv: 1 rows accepted, 1 rejected, 1 matched no building; 1 entries recorded",
        "",
        "line 3 (B-9): column dpe_class: 'Z' is not one of A, B",
        "line 4 (NOPE): no building of the city has this id",
    ]
    assert message_text("plain text from elsewhere") == "plain text from elsewhere"


def _skip_unless_the_french_catalogue_has_the_messages() -> None:
    from PySide6.QtCore import QTranslator

    from app import i18n

    translator = QTranslator()
    qm = i18n.I18N_DIR / "maquette_fr.qm"
    if not translator.load(str(qm)) or not translator.translate("LogbookMessages", "no building of the city has this id"):
        # test_i18n.py fails too until then: the French is added with the other new strings.
        pytest.skip(f"{qm} has no French for the LogbookMessages strings yet (run `python -m app.i18n` and translate)")


def test_french_window_says_in_french_why_an_entry_or_an_import_row_is_refused(make_window, qtbot, tmp_path, monkeypatch):
    _skip_unless_the_french_catalogue_has_the_messages()
    window = make_window(language="fr")
    dock = window.logbook_dock
    path = tmp_path / "ville.logbook.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    dock.act_new.trigger()
    assert dock.store is not None and not dock.store.read_only
    ids = window.city.buildings.ids
    window.select_building(window.city.buildings.index_of(ids[0]))
    panel = dock.panel
    assert panel.building_id == ids[0]

    # An inspection whose next due date is before the inspection itself: refused, said in French.
    panel.event_kind.setCurrentIndex(panel.event_kind.findData("inspection"))
    editors = panel.event_editors["inspection"]
    editors["date"].widget.setDate(QDate(2025, 1, 10))
    editors["next_due"].widget.setDate(QDate(2024, 1, 10))
    kind = editors["inspection_kind"].widget
    kind.setCurrentIndex(kind.findData("gas"))
    qtbot.keyClicks(panel.event_reason, "rapport du controle")
    qtbot.mouseClick(panel.event_add, Qt.MouseButton.LeftButton)
    status = panel.event_status.text()
    assert "précède la date du contrôle 10/01/2025" in status, status
    assert "before" not in status
    assert dock.store.timeline(ids[0]) == []

    # A CSV import: a bad DPE class and an unknown building, reported row by row in French.
    rows = tmp_path / "dpe.csv"
    rows.write_text(f"building_id,dpe_class\n{ids[0]},F\n{ids[1]},Z\nNOPE-1,C\n", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(rows), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: shown.append(text))
    dock.act_import_csv.trigger()
    assert len(shown) == 1
    report = shown[0]
    assert "1 lignes acceptées, 1 rejetées, 1 sans bâtiment correspondant" in report, report
    assert f"ligne 3 ({ids[1]}) : colonne dpe_class : 'Z' ne fait pas partie des valeurs A, B, C, D, E, F, G" in report
    assert "ligne 4 (NOPE-1) : aucun bâtiment de la ville n'a cet identifiant" in report
    assert "is not one of" not in report and "no building" not in report
    assert dock.store.current(ids[0])["dpe_class"] == "F"



def test_the_expected_form_of_a_patterned_field_is_said_in_french(qapp):
    from app.logbook_format import message_text
    from city.logbook import EVENT_FIELDS, FIELDS

    specs = [*FIELDS.values(), *(s for kind in EVENT_FIELDS.values() for s in kind.values())]
    assert all(s.description_fr for s in specs if s.pattern and s.description)  # every form has its French
    with pytest.raises(ValueError) as refused:
        validate_field("postcode", "7501")
    reason = refused.value.reason
    assert message_text(reason, "en") == "does not have the expected form (five digits)"
    assert message_text(reason, "fr").endswith("(cinq chiffres)")


FRENCH_NEW_MESSAGES = {  # strings added since the French catalogue was last regenerated
    "a quoted cell is followed by text instead of the separator %1 (write a quote inside a quoted cell as two quotes: \"\")":
        "une cellule entre guillemets est suivie de texte au lieu du séparateur %1 "
        "(dans une cellule entre guillemets, un guillemet s'écrit doublé : \"\")",
    "a quote opened on this line is never closed: the file ends inside that cell, so the lines after it were not read":
        "un guillemet ouvert sur cette ligne n'est jamais refermé : le fichier se termine dans cette cellule, "
        "les lignes suivantes n'ont donc pas été lues",
    "%1. The logbook is unchanged; your entry is kept, try again.":
        "%1. Le carnet est inchangé ; votre saisie est conservée, réessayez.",
    "the disk holding %1 is full": "le disque contenant %1 est plein",
}


@contextlib.contextmanager
def _french_messages():
    """The French catalogue, plus the strings it does not have yet."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from app import i18n

    _skip_unless_the_french_catalogue_has_the_messages()

    class NewStrings(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002
            # None (a null QString) lets Qt ask the next translator; "" would translate to nothing.
            return FRENCH_NEW_MESSAGES.get(source) if context == "LogbookMessages" else None

    catalogue, new = QTranslator(), NewStrings()
    assert catalogue.load(str(i18n.I18N_DIR / "maquette_fr.qm"))
    QCoreApplication.installTranslator(catalogue)
    QCoreApplication.installTranslator(new)
    try:
        yield
    finally:
        QCoreApplication.removeTranslator(new)
        QCoreApplication.removeTranslator(catalogue)


def test_a_french_user_reads_in_french_why_the_csv_reader_refused_a_line(qapp, tmp_path):
    """Python's CSV reader speaks English only: its findings reach the report as coded, translated messages."""
    from app.logbook_format import import_report_text
    from city.logbook import SQLiteLogbookStore
    from city.logbook.io import import_csv

    rows = tmp_path / "dpe.csv"
    rows.write_text('building_id;dpe_class\nB1;"F"x\nB2;E\nB3;"D\nB4;C\n', encoding="utf-8")
    with SQLiteLogbookStore(tmp_path / "l.sqlite", author="alice") as store:
        report = import_csv(store, rows)
    with _french_messages():
        text = import_report_text(report)
    lines = text.splitlines()
    assert lines[2:] == [
        "ligne 2 : illisible en CSV : une cellule entre guillemets est suivie de texte au lieu du séparateur ';' "
        "(dans une cellule entre guillemets, un guillemet s'écrit doublé : \"\")",
        "ligne 4 : illisible en CSV : un guillemet ouvert sur cette ligne n'est jamais refermé : le fichier se termine "
        "dans cette cellule, les lignes suivantes n'ont donc pas été lues",
    ], text
    assert "1 lignes acceptées, 2 rejetées" in lines[0]
    assert "expected" not in text and "end of data" not in text


def test_a_save_on_a_full_disk_is_explained_in_the_interface_language(qapp, tmp_path):
    from app.logbook_format import error_text
    from city.logbook import LogbookWriteError, SQLiteLogbookStore

    path = tmp_path / "ville.sqlite"
    with SQLiteLogbookStore(path, author="alice") as store:
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages}")  # what SQLite hits when the disk is full
        with pytest.raises(LogbookWriteError) as failed:
            store.write_fields([(f"N{i}", "address", f"{i} rue de Rivoli") for i in range(2000)], reason="bulk")
        assert store.building_ids() == []
    exc = failed.value
    assert exc.args[0].code == "write_failed" and exc.args[0].params["reason"].code == "disk_full"
    assert error_text(exc) == f"the disk holding {path} is full. The logbook is unchanged; your entry is kept, try again."
    with _french_messages():
        assert error_text(exc) == f"le disque contenant {path} est plein. Le carnet est inchangé ; votre saisie est conservée, réessayez."
