"""Filter syntax errors, malformed JSON imports and failed exports are coded messages too; logbooks open by location."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from city.logbook import (
    FilterError,
    LogbookError,
    LogbookWriteError,
    SQLiteLogbookStore,
    open_store,
    register_store_kind,
)
from city.logbook.io import JSON_FORMAT, JSON_VERSION, export_csv, export_json, import_json
from city.project import LogbookRef, Project


@pytest.mark.parametrize(
    ("expression", "code", "params", "english"),
    [
        ("", "filter_empty", {}, "the filter is empty"),
        ("dpe_class ~ F", "filter_unreadable", {"text": "~ F", "position": 10}, "cannot read '~ F' at position 10"),
        ("dpe_class in (F, G", "filter_expected_at_end", {"position": 18},
         "expected a closing parenthesis ')' at position 18, but the filter ends there"),
        ("dpe_class = F G", "filter_expected", {"position": 14, "found": "G"},
         "expected 'and', 'or' or the end of the filter at position 14, found 'G'"),
        ("construction_year < and", "filter_expected", {"position": 20, "found": "and"},
         "expected a value (number, date YYYY-MM-DD, word or 'quoted text') at position 20, found 'and'"),
        ("dpe_class is F", "filter_expected", {"position": 13, "found": "F"}, "expected 'null' at position 13, found 'F'"),
        ("classe = F", "filter_unknown_field", {"word": "classe", "position": 0}, "unknown field 'classe' at position 0"),
        ("dpe_class F", "filter_want_operator", {"word": "dpe_class", "position": 10},
         "expected a comparison (=, !=, <, <=, >, >=), 'in' or 'is' after 'dpe_class' at position 10"),
        ("inspection_due_before(gas)", "filter_needs_date", {"function": "inspection_due_before", "position": 0},
         "inspection_due_before() at position 0 needs a date"),
    ],
)
def test_a_filter_that_cannot_be_read_says_why_and_where_with_a_code(tmp_path, expression, code, params, english):
    with SQLiteLogbookStore(tmp_path / "l.sqlite", author="alice") as store, pytest.raises(FilterError) as refused:
        store.filter(expression)
    reason = refused.value.args[0]
    assert reason.code == code
    assert params.items() <= reason.params.items()
    assert str(refused.value).startswith(english)


def _jsonl(path: Path, *lines: str) -> Path:
    header = json.dumps({"format": JSON_FORMAT, "version": JSON_VERSION})
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def test_malformed_json_documents_are_rejected_line_by_line_with_codes(tmp_path):
    event = {"event_id": "a" * 32, "revision": 1, "kind": "note", "action": "add", "data": "not an object",
             "recorded_at": "2025-01-02T00:00:00+00:00", "author": "Anne", "reason": "visit"}
    good = {"building_id": "B6", "history": [{"field": "dpe_class", "value": "E", "action": "set",
                                              "recorded_at": "2025-01-02T00:00:00+00:00", "author": "Anne",
                                              "reason": "DPE"}]}
    source = _jsonl(
        tmp_path / "logbooks.jsonl",
        '{"building_id": B2}',  # line 2: text without quotes
        '{"building_id": "B3", "history": ["set dpe_class E"]}',
        json.dumps({"building_id": "B4", "events": [event]}),
        '{"building_id": "B5"} {"building_id": "B5b"}',  # two documents on one line
        json.dumps(good),
        '{"building_id": "B7" "history": []}',
        "{'building_id': 'B8'}",
    )
    with SQLiteLogbookStore(tmp_path / "l.sqlite", author="alice") as store:
        report = import_json(store, source)
        assert store.current("B6") == {"dpe_class": "E"}  # the good building is imported
    assert report.accepted == [6]
    found = {p.line: p.reason for p in report.rejected}
    assert found[2].code == "not_json" and found[2].params["error"].code == "json_expecting_value"
    assert str(found[2]).startswith("not JSON at column 17: a value is missing")
    assert (found[3].code, found[3].params) == ("json_item_not_object", {"number": 1, "list": "history"})
    assert found[4].code == "json_data_not_object"
    assert found[5].params["error"].code == "json_extra_data"
    assert found[7].params["error"].code == "json_expecting_delimiter" and found[7].params["error"].params == {"delimiter": ","}
    assert found[8].params["error"].code == "json_expecting_name"
    assert not any("Expecting" in str(p) or "object has no attribute" in str(p) for p in report.rejected)


def test_a_header_that_is_not_json_is_coded(tmp_path):
    source = tmp_path / "broken.jsonl"
    source.write_text('{"format": "maquette-building-logbook", "version": 1\n', encoding="utf-8")
    with SQLiteLogbookStore(tmp_path / "l.sqlite", author="alice") as store:
        report = import_json(store, source)
    assert report.file_error.code == "header_not_json"
    assert report.file_error.params["error"].code == "json_expecting_delimiter"


def test_an_export_into_a_missing_folder_or_onto_a_folder_fails_with_a_coded_reason(tmp_path):
    with SQLiteLogbookStore(tmp_path / "l.sqlite", author="alice") as store:
        store.set_field("B1", "dpe_class", "D", reason="DPE")
        missing = tmp_path / "gone" / "logbook.csv"
        with pytest.raises(LogbookWriteError) as failed:
            export_csv(store, missing)
        reason = failed.value.args[0]
        assert (reason.code, reason.params["reason"].code) == ("export_failed", "no_folder")
        assert str(reason) == f"the export {missing} failed: the folder {missing.parent} does not exist; no file was written"
        folder = tmp_path / "a folder.jsonl"
        folder.mkdir()
        with pytest.raises(LogbookWriteError) as onto_folder:
            export_json(store, folder)
        assert onto_folder.value.args[0].params["reason"].code == "system_error"
    assert not missing.parent.exists() and list(folder.iterdir()) == []


def test_a_logbook_opens_from_its_location_by_path_or_by_a_registered_kind_of_store(tmp_path):
    path = tmp_path / "city.logbook.sqlite"
    with open_store(str(path), read_only=False, author="Anne") as store:
        assert isinstance(store, SQLiteLogbookStore) and store.location == str(path)
        store.set_field("B1", "dpe_class", "C", reason="DPE")
    with pytest.raises(LogbookError) as unknown:
        open_store("pgsql://server/paris17", read_only=True)
    assert unknown.value.args[0].code == "unknown_store_kind"
    assert str(unknown.value) == "no kind of logbook store opens 'pgsql://server/paris17': pgsql:// is not known here"

    opened: list[tuple[str, bool, str | None]] = []

    def open_on_server(location: str, *, read_only: bool, author: str | None) -> SQLiteLogbookStore:
        opened.append((location, read_only, author))
        return SQLiteLogbookStore(path, author=author, read_only=read_only)

    unregister = register_store_kind("PGSQL", open_on_server)
    try:
        with open_store("pgsql://server/paris17", read_only=True, author="Anne") as store:
            assert store.current("B1") == {"dpe_class": "C"}
    finally:
        unregister()
    assert opened == [("pgsql://server/paris17", True, None)]  # a viewer has no author
    with pytest.raises(LogbookError):
        open_store("pgsql://server/paris17", read_only=True)
    with pytest.raises(ValueError, match="not a URL scheme"):
        register_store_kind("C:", open_on_server)


def test_a_project_keeps_a_logbook_that_is_not_a_file_by_its_location(tmp_path):
    server = Project(name="p", logbook=LogbookRef("", read_only=True, location="pgsql://server/paris17"))
    doc = json.loads(server.to_json())
    assert doc["logbook"] == {"path": "", "read_only": True, "sample": False, "absolute_path": "",
                              "location": "pgsql://server/paris17"}
    again = Project.from_json(server.to_json()).logbook
    assert again == server.logbook and again.find(tmp_path) is None and again.candidates(tmp_path) == []
    # A logbook file is written as before (readers that predate "location" open it), and later keys are ignored.
    file_ref = LogbookRef.of(tmp_path / "l.sqlite", tmp_path / "p.maquette")
    doc = json.loads(Project(logbook=file_ref).to_json())
    assert "location" not in doc["logbook"] and doc["logbook"]["path"] == "l.sqlite"
    doc["logbook"]["written_by_a_later_version"] = 1
    assert Project.from_json(json.dumps(doc)).logbook == file_ref
