"""Bulk CSV and JSON Lines import/export: row-by-row reports, encodings, formula injection."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from city.logbook import SQLiteLogbookStore
from city.logbook.io import (
    CSV_COLUMNS,
    escape_cell,
    export_csv,
    export_json,
    import_csv,
    import_json,
)

CITY_IDS = {"B1", "B2", "B3", "B4"}


@pytest.fixture
def store(tmp_path: Path) -> SQLiteLogbookStore:
    s = SQLiteLogbookStore(tmp_path / "city.sqlite", author="alice")
    yield s
    s.close()


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_import_reports_row_by_row(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    source = _write(
        tmp_path / "dpe.csv",
        "building_id,dpe_class,dpe_energy_kwh_m2_year,dpe_date,colour\n"  # line 1
        "B1,F,345.5,2024-03-01,red\n"  # 2 accepted
        "B2,H,120,2024-03-01,\n"  # 3 bad class
        "B3,C,\"12,5\",01/03/2024,\n"  # 4 bad date (the decimal comma is fine)
        "ZZ9,A,50,2024-01-01,\n"  # 5 no such building
        "B4,D\n"  # 6 missing cells
        "\n"  # 7 blank: skipped
        "B1,E,,,\n"  # 8 duplicate
        "B4,D,200,,\n",  # 9 accepted, empty cells leave fields alone
    )
    report = import_csv(store, source, CITY_IDS)
    assert report.file_error is None
    assert report.accepted == [2, 9]
    assert [(p.line, p.building_id) for p in report.rejected] == [(3, "B2"), (4, "B3"), (6, None), (8, "B1")]
    assert "dpe_class: 'H' is not one of A, B, C, D, E, F, G" in report.rejected[0].reason
    assert "dpe_date: '01/03/2024' is not a date" in report.rejected[1].reason
    assert "has 2 cells, the header has 5" in report.rejected[2].reason
    assert "already on line 2" in report.rejected[3].reason
    assert [(p.line, p.building_id) for p in report.unmatched] == [(5, "ZZ9")]
    assert report.unknown_columns == ["colour"]
    assert report.entries_written == 5
    assert "2 rows accepted, 4 rejected, 1 matched no building" in report.summary()
    assert store.current("B1") == {"dpe_class": "F", "dpe_energy_kwh_m2_year": 345.5, "dpe_date": "2024-03-01"}
    assert store.current("B4") == {"dpe_class": "D", "dpe_energy_kwh_m2_year": 200.0}
    assert store.current("B2") == {} and store.current("B3") == {}
    entry = store.history("B1", "dpe_class")[0]
    assert entry.reason == "CSV import of dpe.csv" and entry.source == "csv:dpe.csv"
    # Importing the same file again records nothing new.
    assert import_csv(store, source, CITY_IDS).entries_written == 0


def test_csv_dry_run_writes_nothing(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    source = _write(tmp_path / "a.csv", "building_id,dpe_class\nB1,F\n")
    report = import_csv(store, source, CITY_IDS, dry_run=True)
    assert report.accepted == [2] and report.entries_written == 0
    assert store.building_ids() == []


def test_csv_semicolons_bom_and_french_booleans(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    source = _write(tmp_path / "excel.csv", "\ufeffbuilding_id;construction_year;address\r\nB1;1902;\"3, rue de Charonne\"\r\n")
    report = import_csv(store, source, CITY_IDS)
    assert report.accepted == [2], report.rejected
    assert store.current("B1") == {"address": "3, rue de Charonne", "construction_year": 1902}


def test_wrong_encoding_is_detected_and_nothing_imported(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    source = _write(tmp_path / "latin1.csv", "building_id,address\nB1,12 rue de la Fontaine-au-Roi\nB2,5 allée Célestin\n", "cp1252")
    report = import_csv(store, source, CITY_IDS)
    assert report.file_error is not None
    assert "not valid utf-8" in report.file_error and "line 3" in report.file_error
    assert "Windows-1252" in report.file_error
    assert store.building_ids() == []
    # Told the right encoding, the same file imports.
    report = import_csv(store, source, CITY_IDS, encoding="cp1252")
    assert report.accepted == [2, 3]
    assert store.current("B2")["address"] == "5 allée Célestin"
    utf16 = tmp_path / "utf16.csv"
    utf16.write_text("building_id,address\nB1,x\n", encoding="utf-16")
    assert "UTF-16" in (import_csv(store, utf16, CITY_IDS).file_error or "")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("address,dpe_class\nx,F\n", "no building_id column"),
        ("", "empty"),
        ("building_id,dpe_class,dpe_class\nB1,F,G\n", "twice"),
    ],
)
def test_csv_file_errors(store: SQLiteLogbookStore, tmp_path: Path, text: str, error: str) -> None:
    report = import_csv(store, _write(tmp_path / "bad.csv", text), CITY_IDS)
    assert error in (report.file_error or "")
    assert not report.ok


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.5", "-12.5"),
        ("12 rue Oberkampf", "12 rue Oberkampf"),
    ],
)
def test_escape_cell(cell: str, escaped: str) -> None:
    assert escape_cell(cell) == escaped


def test_csv_export_escapes_formulas_and_round_trips(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    store.set_fields("B1", {"address": "=HYPERLINK(\"http://evil\",\"x\")", "dpe_class": "F",
                            "construction_year": 1880, "manager": "@Syndic"}, reason="survey")
    store.set_fields("=B2", {"address": "+33 rue", "dpe_energy_kwh_m2_year": 120.5}, reason="survey")
    target = tmp_path / "export.csv"
    assert export_csv(store, target) == 2
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(target, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not (cell.startswith("-") and not cell[1:].replace(".", "").isdigit()), cell
    by_id = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert by_id["'=B2"]["address"] == "'+33 rue"
    assert by_id["B1"]["construction_year"] == "1880"
    # Round trip: the escape is removed on import, values come back identical.
    other = SQLiteLogbookStore(tmp_path / "other.sqlite", author="bob")
    report = import_csv(other, target)
    assert report.ok, report.rejected
    assert other.current("B1") == store.current("B1")
    assert other.current("=B2") == store.current("=B2")
    other.close()


def test_csv_import_refuses_formula_cells(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    source = _write(
        tmp_path / "evil.csv",
        "building_id,address,dpe_energy_kwh_m2_year\n"
        "B1,=cmd|' /C calc'!A0,100\n"
        "B2,@SUM(A1),100\n"
        "=B3,x,100\n"
        "B4,'=1+1,100\n",  # our own escape: neutral text
    )
    report = import_csv(store, source, None)
    assert [p.line for p in report.rejected] == [2, 3, 4]
    assert all("formula" in p.reason for p in report.rejected)
    assert report.accepted == [5]
    assert store.current("B4")["address"] == "=1+1"
    assert store.building_ids() == ["B4"]


def test_json_round_trip_keeps_full_history(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    store.set_fields("B1", {"dpe_class": "F", "construction_year": 1880}, reason="survey")
    store.set_fields("B1", {"dpe_class": "E"}, reason="typo", correction=True)
    works = store.add_event("B1", "works", {"date": "2023-01-01", "category": "windows"}, reason="invoice")
    store.amend_event(works, {"installer": "Menuiserie Exemple"}, reason="name")
    note = store.add_event("B1", "note", {"date": "2023-02-01", "text": "x"}, reason="visit")
    store.retract_event(note, reason="wrong building")
    store.set_fields("B2", {"dpe_class": "A"}, reason="survey")
    target = tmp_path / "logbook.jsonl"
    assert export_json(store, target) == 2
    lines = target.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "maquette-building-logbook"
    doc = json.loads(lines[1])
    assert doc["building_id"] == "B1" and doc["current"] == {"construction_year": 1880, "dpe_class": "E"}
    assert len(doc["history"]) == 3 and len(doc["events"]) == 4

    other = SQLiteLogbookStore(tmp_path / "other.sqlite", author="bob")
    report = import_json(other, target, {"B1"})
    assert report.accepted == [2]
    assert [(p.line, p.building_id) for p in report.unmatched] == [(3, "B2")]
    assert report.entries_written == 7
    assert other.current("B1") == store.current("B1")
    assert [(e.value, e.action, e.author, e.recorded_at) for e in other.history("B1")] == [
        (e.value, e.action, e.author, e.recorded_at) for e in store.history("B1")
    ]
    assert [e.event_id for e in other.timeline("B1", include_retracted=True)] == [works, note]
    assert other.timeline("B1")[0].data["installer"] == "Menuiserie Exemple"
    assert other.verify() == []
    # A building that already has a logbook is reported, not merged.
    again = import_json(other, target, {"B1"})
    assert [p.line for p in again.rejected] == [2] and "already has a logbook" in again.rejected[0].reason
    other.close()


def test_json_import_rejects_bad_documents(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    header = json.dumps({"format": "maquette-building-logbook", "version": 1})
    good = {"building_id": "B1", "history": [{"field": "dpe_class", "value": "F", "action": "set",
                                                "recorded_at": "2024-01-01T00:00:00+00:00", "author": "x", "reason": "y"}]}
    bad_value = {"building_id": "B2", "history": [{**good["history"][0], "value": "Q"}]}
    no_author = {"building_id": "B3", "history": [{**good["history"][0], "author": ""}]}
    source = _write(
        tmp_path / "in.jsonl",
        "\n".join([header, json.dumps(good), "{not json", json.dumps(bad_value), json.dumps([1]), json.dumps(no_author)]) + "\n",
    )
    report = import_json(store, source, None)
    assert report.accepted == [2]
    assert [p.line for p in report.rejected] == [3, 4, 5, 6]
    assert "not JSON" in report.rejected[0].reason
    assert "dpe_class: 'Q'" in report.rejected[1].reason
    assert "author" in report.rejected[3].reason
    assert store.building_ids() == ["B1"]
    wrong = _write(tmp_path / "wrong.jsonl", json.dumps({"format": "other"}) + "\n")
    assert "header" in (import_json(store, wrong).file_error or "")
    latin = _write(tmp_path / "latin.jsonl", header + "\n" + json.dumps({"building_id": "é"}, ensure_ascii=False), "cp1252")
    assert "not valid utf-8" in (import_json(store, latin).file_error or "")
