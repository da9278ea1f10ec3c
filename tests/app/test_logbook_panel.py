"""The logbook panel as a building manager uses it: real widgets, real clicks, a small SQLite logbook."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from city.logbook import LogbookWriteError, SQLiteLogbookStore

BUILDING = "B-1"
OTHER = "B-2"


@pytest.fixture
def logbook_path(tmp_path):
    """A logbook of three buildings: B-1 fully described, with events; B-2 sparse; B-3 only in history."""
    path = tmp_path / "city.logbook.sqlite"
    with SQLiteLogbookStore(path, author="Alice Martin") as store:
        store.set_fields(
            BUILDING,
            {
                "address": "12 rue des Dames",
                "postcode": "75017",
                "construction_year": 1905,
                "construction_period": "1850_1913",
                "dpe_class": "F",
                "ges_class": "C",
                "dpe_energy_kwh_m2_year": 395.5,
                "dpe_date": "2023-05-02",
                "dpe_valid_until": "2033-05-01",
                "heating_system": "gas_boiler",
            },
            reason="initial survey",
        )
        store.set_fields(BUILDING, {"construction_year": 1906}, reason="archives say 1906", correction=True)
        store.add_event(BUILDING, "works", {"date": "2019-04-01", "category": "windows", "installer": "Menuiserie Dupont",
                                            "cost_eur": 42000}, reason="invoice")
        store.add_event(BUILDING, "inspection", {"date": "2015-06-01", "inspection_kind": "lift", "result": "minor_defects",
                                                 "next_due": "2020-06-01"}, reason="report")
        store.add_event(BUILDING, "note", {"date": "2024-01-15", "text": "Owners' meeting voted the roof insulation"},
                        reason="minutes")
        store.set_fields(OTHER, {"construction_year": 1972, "dpe_class": "C"}, reason="DPE extract")
    return path


@pytest.fixture
def store(logbook_path):
    s = SQLiteLogbookStore(logbook_path, author="Bob Durand")
    yield s
    s.close()


@pytest.fixture
def panel(qtbot, store):
    from app.logbook_panel import LogbookPanel

    widget = LogbookPanel(store)
    qtbot.addWidget(widget)
    widget.resize(480, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_building(BUILDING)
    return widget


def _timeline_texts(panel) -> list[list[str]]:
    tree = panel.timeline
    return [[tree.topLevelItem(i).text(c) for c in range(3)] for i in range(tree.topLevelItemCount())]


def _history(panel) -> list[list[str]]:
    table = panel.history_table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def _click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _choose_field(panel, key: str) -> None:
    panel.edit_field.setCurrentIndex(panel.edit_field.findData(key))


def test_summary_card_shows_identity_energy_class_in_colour_and_overdue_inspection(panel):
    html = panel.summary.toHtml()
    text = panel.summary.toPlainText()
    assert "12 rue des Dames" in text and "1906" in text
    assert "395.5 kWh/m²/year" in text
    assert "#eb8235" in html.lower()  # the official colour of class F
    assert "Lift: OVERDUE since 2020-06-01" in text
    assert "B-1" in panel.title.text()
    assert panel.notice.text() == ""  # real data: no sample warning


def test_timeline_lists_events_newest_first(panel, qtbot):
    rows = _timeline_texts(panel)
    assert [r[0] for r in rows] == ["2024-01-15", "2019-04-01", "2015-06-01"]
    assert [r[1] for r in rows] == ["Note", "Works", "Inspection"]
    assert "Menuiserie Dupont" in rows[1][2] and "Windows and doors" in rows[1][2]
    assert "next due 2020-06-01" in rows[2][2] and rows[2][2].startswith("OVERDUE — Lift: minor defects")
    assert "Alice Martin" in panel.timeline.topLevelItem(0).toolTip(0)
    # clicking an entry shows all its details below the list
    item = panel.timeline.topLevelItem(1)
    rect = panel.timeline.visualItemRect(item)
    qtbot.mouseClick(panel.timeline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    details = panel.timeline_details.toPlainText()
    assert "Cost: 42\u202f000 €" in details
    assert "Company: Menuiserie Dupont" in details


def test_field_history_shows_every_value_with_author_and_reason(panel, qtbot):
    panel.tabs.setCurrentIndex(2)
    panel.history_field.setCurrentIndex(panel.history_field.findData("construction_year"))
    rows = _history(panel)
    assert [r[2] for r in rows] == ["1906", "1905"]
    assert rows[0][3:] == ["correction", "Alice Martin", "archives say 1906"]
    assert rows[1][3:] == ["set", "Alice Martin", "initial survey"]
    # "All fields": the building's whole audit trail, newest first
    panel.history_field.setCurrentIndex(0)
    rows = _history(panel)
    assert len(rows) == 11 and rows[0][1] == "Construction year" and rows[0][2] == "1906"


def test_set_a_field_through_the_form_records_author_and_reason(panel, qtbot, store):
    panel.tabs.setCurrentIndex(3)
    _choose_field(panel, "dpe_energy_kwh_m2_year")
    editor = panel._editors["dpe_energy_kwh_m2_year"].widget
    assert editor.suffix() == " kWh/m²/year"  # units shown in the form
    assert editor.value() == pytest.approx(395.5)  # prefilled with the current value
    editor.setValue(240.0)
    qtbot.keyClicks(panel.field_reason, "new DPE after works")
    _click(qtbot, panel.field_save)
    assert "Saved" in panel.field_status.text()
    entry = store.history(BUILDING, "dpe_energy_kwh_m2_year")[-1]
    assert (entry.value, entry.author, entry.reason, entry.action) == (240.0, "Bob Durand", "new DPE after works", "set")
    # the store's change event refreshed the card and the history
    assert "240 kWh/m²/year" in panel.summary.toPlainText()
    assert _history(panel)[0][2] == "240 kWh/m²/year"
    assert panel.field_reason.text() == ""


def test_reason_is_required_and_nothing_is_written_without_it(panel, qtbot, store):
    _choose_field(panel, "dpe_class")
    combo = panel._editors["dpe_class"].widget
    combo.setCurrentIndex(combo.findData("D"))
    before = len(store.history(BUILDING))
    _click(qtbot, panel.field_save)
    assert "reason" in panel.field_status.text().lower()
    assert len(store.history(BUILDING)) == before
    assert combo.currentData() == "D"  # the input is kept


def test_invalid_value_is_reported_on_the_field_and_kept_for_retry(panel, qtbot, store):
    _choose_field(panel, "postcode")
    line = panel._editors["postcode"].widget
    line.setText("7501")
    qtbot.keyClicks(panel.field_reason, "typo")
    _click(qtbot, panel.field_save)
    status = panel.field_status.text()
    assert "Not saved" in status and "Postcode" in status and "'7501'" in status
    assert "red" in line.styleSheet() or "#c62828" in line.styleSheet()
    assert line.text() == "7501" and panel.field_reason.text() == "typo"
    assert store.current(BUILDING)["postcode"] == "75017"
    # fix and retry with the same button
    line.setText("75018")
    _click(qtbot, panel.field_save)
    assert store.current(BUILDING)["postcode"] == "75018"
    assert "Saved" in panel.field_status.text()


def test_write_failure_keeps_the_unsaved_input(panel, qtbot, store, monkeypatch):
    def disk_full(*args, **kwargs):
        raise LogbookWriteError("the field was not saved: the disk holding x.sqlite is full. The logbook is unchanged")

    monkeypatch.setattr(store, "set_fields", disk_full)
    _choose_field(panel, "address")
    line = panel._editors["address"].widget
    line.setText("14 rue des Dames")
    qtbot.keyClicks(panel.field_reason, "renumbered")
    _click(qtbot, panel.field_save)
    assert "disk" in panel.field_status.text() and "kept" in panel.field_status.text()
    assert line.text() == "14 rue des Dames" and panel.field_reason.text() == "renumbered"
    monkeypatch.undo()
    _click(qtbot, panel.field_save)  # retry once the disk has room
    assert store.current(BUILDING)["address"] == "14 rue des Dames"


def test_add_a_works_event(panel, qtbot, store):
    panel.tabs.setCurrentIndex(3)
    panel.event_kind.setCurrentIndex(panel.event_kind.findData("works"))
    editors = panel.event_editors["works"]
    _click(qtbot, panel.event_add)  # nothing filled in: required fields are named
    assert "Start date" in panel.event_status.text() and "Category" in panel.event_status.text()
    editors["date"].widget.setDate(QDate(2025, 3, 10))
    combo = editors["category"].widget
    combo.setCurrentIndex(combo.findData("roof_insulation"))
    qtbot.keyClicks(editors["installer"].widget, "Isolation Paris Nord")
    editors["cost_eur"].widget.setValue(18500)
    qtbot.keyClicks(panel.event_reason, "invoice received")
    _click(qtbot, panel.event_add)
    events = [e for e in store.timeline(BUILDING) if e.kind == "works"]
    new = next(e for e in events if e.date == "2025-03-10")
    assert new.data["category"] == "roof_insulation" and new.data["cost_eur"] == 18500
    assert new.author == "Bob Durand"
    rows = _timeline_texts(panel)
    assert rows[0][0] == "2025-03-10" and "Roof insulation" in rows[0][2]


def test_inspection_next_due_before_its_date_is_refused_and_kept(panel, qtbot, store):
    panel.event_kind.setCurrentIndex(panel.event_kind.findData("inspection"))
    editors = panel.event_editors["inspection"]
    editors["date"].widget.setDate(QDate(2025, 1, 10))
    editors["next_due"].widget.setDate(QDate(2024, 1, 10))
    kind = editors["inspection_kind"].widget
    kind.setCurrentIndex(kind.findData("gas"))
    qtbot.keyClicks(panel.event_reason, "report")
    _click(qtbot, panel.event_add)
    assert "Not saved" in panel.event_status.text() and "Next due" in panel.event_status.text()
    assert editors["next_due"].widget.date() == QDate(2024, 1, 10)
    assert not [e for e in store.timeline(BUILDING) if e.data.get("inspection_kind") == "gas"]


def test_attach_a_document_and_size_limit_error(panel, qtbot, store, tmp_path, monkeypatch):
    doc = tmp_path / "DPE 2023.pdf"
    doc.write_bytes(b"%PDF-1.4 tiny")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(doc), "")))
    kind = panel.document_kind.widget
    kind.setCurrentIndex(kind.findData("dpe_report"))
    qtbot.keyClicks(panel.document_reason, "received from the diagnostician")
    _click(qtbot, panel.document_attach)
    assert "attached" in panel.document_status.text()
    documents = [e for e in store.timeline(BUILDING) if e.kind == "document"]
    assert len(documents) == 1 and documents[0].data["original_name"] == "DPE 2023.pdf"
    assert any("DPE report" in r[2] for r in _timeline_texts(panel))
    # a file over the limit: clear message, input kept
    store.document_limit_bytes = 4
    qtbot.keyClicks(panel.document_reason, "again")
    _click(qtbot, panel.document_attach)
    assert "limited to" in panel.document_status.text() or "limit" in panel.document_status.text()
    assert panel.document_reason.text() == "again"


def test_read_only_logbook_disables_editing_and_says_why(qtbot, logbook_path):
    from app.logbook_panel import LogbookPanel

    with SQLiteLogbookStore(logbook_path, read_only=True) as viewer:
        widget = LogbookPanel(viewer)
        qtbot.addWidget(widget)
        widget.show_building(BUILDING)
        for box in (widget.field_box, widget.event_box, widget.document_box):
            assert not box.isEnabled()
            assert "read-only" in box.toolTip()
        assert "Read-only" in widget.notice.text()
        assert len(_timeline_texts(widget)) == 3  # reading still works
        assert widget.save_field() is False


def test_panel_follows_changes_written_by_another_store(panel, qtbot, logbook_path):
    with SQLiteLogbookStore(logbook_path, author="Carla") as other:
        other.add_event(BUILDING, "note", {"date": "2025-02-01", "text": "Boiler replaced"}, reason="call")
    qtbot.waitUntil(lambda: any("Boiler replaced" in r[2] for r in _timeline_texts(panel)), timeout=5000)


def test_switching_building_and_none(panel):
    panel.show_building(OTHER)
    assert "B-2" in panel.title.text()
    assert "Nothing recorded yet." in _timeline_texts(panel)[0][2]
    panel.show_building(None)
    assert "No building selected" in panel.title.text()
    assert not panel.field_box.isEnabled()


def test_sample_data_is_labelled(qtbot, tmp_path):
    from app.logbook_panel import LogbookPanel
    from city.logbook import generate_sample_logbook

    with SQLiteLogbookStore(tmp_path / "sample.sqlite", author="me") as store:
        generate_sample_logbook(store, ["S-1", "S-2"], seed=1)
        widget = LogbookPanel(store)
        qtbot.addWidget(widget)
        widget.show_building("S-1")
        assert "sample data" in widget.notice.text()


def test_french_panel(qtbot, store):
    from PySide6.QtWidgets import QApplication

    from app.i18n import Translations
    from app.logbook_panel import LogbookPanel

    translations = Translations(QApplication.instance())
    translations.set_language("fr")
    try:
        widget = LogbookPanel(store)
        qtbot.addWidget(widget)
        widget.show_building(BUILDING)
        assert widget.tabs.tabText(1) == "Chronologie"
        rows = _timeline_texts(widget)
        assert rows[0][0] == "15/01/2024" and rows[1][1] == "Travaux"
        assert "Menuiseries extérieures" in rows[1][2]
        assert "EN RETARD" in widget.summary.toPlainText()
        assert "395,5 kWh/m²/an" in widget.summary.toPlainText()
    finally:
        translations.set_language("en")


# ------------------------------------------------------------------ the dock in the main window


def test_logbook_dock_follows_the_picked_building(make_window, qtbot, tmp_path, store, demo_city):
    window = make_window()
    ids = demo_city.buildings.ids[:2]
    store.set_fields(ids[0], {"construction_year": 1890, "dpe_class": "G"}, reason="test")
    store.add_event(ids[0], "note", {"date": "2025-01-02", "text": "Cracks in the courtyard facade"}, reason="visit")
    window.logbook_dock.set_store(store)
    window.select_building(demo_city.buildings.index_of(ids[0]))
    panel = window.logbook_dock.panel
    assert panel.building_id == ids[0]
    assert "Cracks in the courtyard facade" in _timeline_texts(panel)[0][2]
    view_actions = [a.objectName() for a in window.menu_view.actions()]
    assert "act_logbook_filter" in view_actions
    assert window.logbook_dock.toggleViewAction() in window.menu_view.actions()
    window.logbook_dock.store = None  # the fixture closes the store


def test_filter_dialog_counts_and_highlights_matches(make_window, qtbot, store, demo_city):
    window = make_window()
    ids = demo_city.buildings.ids
    store.write_fields(
        [(ids[0], "dpe_class", "F"), (ids[0], "construction_year", 1900),
         (ids[1], "dpe_class", "G"), (ids[1], "construction_year", 1930),
         (ids[2], "dpe_class", "G"), (ids[2], "construction_year", 1990)],
        reason="test",
    )
    window.logbook_dock.set_store(store)
    assert window.logbook_dock.act_filter in window.menu_view.actions()
    window.logbook_dock.act_filter.trigger()  # as the View menu entry does
    dialog = window.logbook_dock.filter_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.expression, "dpe_class in (F,G) and construction_year < 1948")
    _click(qtbot, dialog.apply_button)
    assert dialog.count.text().startswith("2 of")
    assert [dialog.match_list.item(i).text() for i in range(dialog.match_list.count())] == [ids[0], ids[1]]
    overlay = window.scene.overlay
    assert overlay is not None and overlay.categories[1] == "matches: 2"
    assert window.scene._legend is not None
    # a bad filter says where, keeps the view
    dialog.expression.setText("dpe_class in (F, H)")
    _click(qtbot, dialog.apply_button)
    assert "cannot be read" in dialog.count.text() and "'H'" in dialog.count.text()
    assert window.scene.overlay is overlay
    # double-clicking a match selects it and opens its logbook
    dialog.building_requested.emit(ids[1])
    assert window.logbook_dock.panel.building_id == ids[1]
    # colour the city by energy class, with the official colours and a legend
    dialog.colour_field.setCurrentIndex(dialog.colour_field.findData("dpe_class"))
    _click(qtbot, dialog.colour_button)
    overlay = window.scene.overlay
    assert overlay.categories[:7] == ("A", "B", "C", "D", "E", "F", "G")
    first = demo_city.buildings[0].triangle_slice
    assert window.scene._base_rgb[first][0].tolist() == [0xEB, 0x82, 0x35]  # F
    _click(qtbot, dialog.clear_button)
    assert window.scene.overlay is None
    dialog.close()
    window.logbook_dock.store = None


def test_sample_logbook_is_generated_in_the_background(make_window, qtbot, tmp_path, demo_city):
    window = make_window()
    dock = window.logbook_dock
    path = tmp_path / "data" / "demo-logbook.sqlite"
    few = demo_city.buildings.ids[:5]
    attributes = {k: v[:5] for k, v in demo_city.buildings.attributes.items()}
    thread = dock.generate_sample_logbook(path, few, attributes)
    assert thread.isRunning() or dock.store is not None
    assert dock.panel.busy.isVisible() and dock.panel.busy_bar.isVisible()
    qtbot.waitUntil(lambda: dock.store is not None and dock._job is None, timeout=20000)
    assert path.is_file() and not path.with_name(path.name + ".partial").exists()
    assert not dock.panel.busy.isVisible()
    dock.panel.show_building(few[0])
    assert "sample data" in dock.panel.notice.text()
    dock.shutdown()


# ------------------------------------------------------------------ PDF sheet


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_pdf_sheet_renders_with_title_summary_and_timeline(qtbot, store, tmp_path):
    from app.logbook_pdf import export_logbook_pdf

    out = export_logbook_pdf(store, BUILDING, tmp_path / "sheet.pdf", today=dt.date(2026, 1, 5))
    assert out.is_file()
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert 1 <= len(pages) <= 3
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())  # table cells wrap
    assert "Building logbook" in text and "B-1" in text
    assert "12 rue des Dames" in text
    assert "Menuiserie Dupont" in text and "Owners' meeting" in text
    assert "Generated by Maquette on 2026-01-05" in text
    assert "sample data" not in text
    assert "OVERDUE" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_sheet_of_sample_data_carries_the_warning(qtbot, tmp_path):
    from app.logbook_pdf import export_logbook_pdf
    from city.logbook import generate_sample_logbook

    with SQLiteLogbookStore(tmp_path / "sample.sqlite", author="me") as store:
        generate_sample_logbook(store, ["S-1"], seed=3)
        out = export_logbook_pdf(store, "S-1", tmp_path / "s.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Generated sample data" in text


def test_clicking_the_pdf_button_writes_the_sheet(panel, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "owner.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(panel.saved, timeout=5000):
        qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert target.read_bytes().startswith(b"%PDF")
