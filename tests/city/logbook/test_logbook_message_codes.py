"""Library messages carry a stable code and parameters; their text stays English."""

from __future__ import annotations

import pickle

import pytest

from city.logbook import FieldValueError, SQLiteLogbookStore, validate_event_data, validate_field
from city.logbook.io import import_csv
from city.logbook.messages import ENGLISH, LogbookMessage, message


def test_a_refused_value_has_a_code_parameters_and_the_same_english_text():
    with pytest.raises(FieldValueError) as refused:
        validate_field("dpe_class", "H")
    exc = refused.value
    assert str(exc) == "dpe_class: 'H' is not one of A, B, C, D, E, F, G"
    assert (exc.field, exc.value, exc.code, exc.params) == ("dpe_class", "H", "not_a_choice", {"choices": "A, B, C, D, E, F, G"})
    with pytest.raises(FieldValueError) as low:
        validate_field("dpe_energy_kwh_m2_year", -5)
    assert low.value.code == "below_minimum" and low.value.params["unit"] == "kWh/m²/year"
    assert str(low.value) == "dpe_energy_kwh_m2_year: -5 is below the minimum 0 kWh/m²/year"
    with pytest.raises(FieldValueError) as late:
        validate_event_data("inspection", {"date": "2025-01-10", "inspection_kind": "gas", "next_due": "2024-01-10"})
    assert late.value.code == "before_inspection_date" and late.value.params == {"date": "2025-01-10"}


def test_import_reports_give_codes_for_every_rejected_row_and_refused_file(tmp_path):
    rows = tmp_path / "dpe.csv"
    rows.write_text("building_id,dpe_class\nB1,F\nB2,Z\nB1,E\nNOPE,C\n,A\n", encoding="utf-8")
    with SQLiteLogbookStore(tmp_path / "l.sqlite", author="alice") as store:
        report = import_csv(store, rows, ["B1", "B2"])
        utf16 = tmp_path / "utf16.csv"
        utf16.write_text("building_id,dpe_class\nB1,F\n", encoding="utf-16")
        refused = import_csv(store, utf16)
    codes = [(p.line, p.reason.code) for p in report.rejected]
    assert codes == [(3, "bad_cell"), (4, "duplicate_building"), (6, "id_empty")]
    bad = report.rejected[0].reason
    assert str(bad) == "column dpe_class: 'Z' is not one of A, B, C, D, E, F, G"
    assert bad.params["reason"].code == "not_a_choice"  # the nested reason is a message too
    assert [(p.line, p.reason.code) for p in report.unmatched] == [(5, "no_such_building")]
    assert refused.file_error.code == "file_utf16" and "UTF-16" in refused.file_error


def test_a_message_is_a_string_that_survives_pickling_and_unknown_codes_are_refused():
    text = message("cell_count", cells=3, columns=5)
    assert isinstance(text, str) and text == "has 3 cells, the header has 5"
    again = pickle.loads(pickle.dumps(text))
    assert isinstance(again, LogbookMessage) and (again.code, again.params, str(again)) == (text.code, text.params, str(text))
    with pytest.raises(KeyError):
        message("no_such_code")
    assert all(isinstance(template, str) and template for template in ENGLISH.values())


def test_what_the_csv_reader_cannot_read_is_a_coded_message_on_the_line_to_fix(tmp_path):
    # Line 2: text after a closing quote; line 3: a two-line note whose closing quote is followed by text
    # on line 4; line 5 is fine; line 6 opens a quote that the file never closes (lines 7-8 are swallowed).
    rows = tmp_path / "dpe.csv"
    rows.write_text(
        'building_id;dpe_class;notes\nB1;"F"x;\nB2;E;"two\nlines"!\nB3;D;\nB4;C;"unclosed\nB5;B;\nB6;A;\n',
        encoding="utf-8",
    )
    with SQLiteLogbookStore(tmp_path / "l.sqlite", author="alice") as store:
        report = import_csv(store, rows)
        assert store.current("B3") == {"dpe_class": "D"}  # the good row is imported
        assert store.building_ids() == ["B3"]
    assert report.accepted == [5]
    problems = [(p.line, p.reason.code, p.reason.params["error"].code) for p in report.rejected]
    assert problems == [(2, "row_unreadable", "csv_text_after_quote"), (4, "row_unreadable", "csv_text_after_quote"),
                        (6, "row_unreadable", "csv_quote_not_closed")]
    first = report.rejected[0].reason
    assert first.params["error"].params == {"delimiter": ";"}
    assert str(report.rejected[0]) == (
        "line 2: cannot be read as CSV: a quoted cell is followed by text instead of the separator ';' "
        '(write a quote inside a quoted cell as two quotes: "")'
    )
    assert "expected after" not in report.summary() + "".join(map(str, report.rejected))  # not Python's own words


def test_an_oversized_cell_and_an_unreadable_header_are_coded_too(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text('building_id,notes\nB1,"' + "x" * 200_000 + '"\nB2,ok\n', encoding="utf-8")
    header = tmp_path / "header.csv"
    header.write_text('"building_id"x,dpe_class\nB1,F\n', encoding="utf-8")
    with SQLiteLogbookStore(tmp_path / "l.sqlite", author="alice") as store:
        report = import_csv(store, big)
        refused = import_csv(store, header)
    (problem,) = report.rejected
    assert (problem.line, problem.reason.params["error"].code) == (2, "csv_cell_too_long")
    assert problem.reason.params["error"].params == {"limit": 131072}
    assert report.accepted == [3]
    assert refused.file_error.code == "header_unreadable"
    assert refused.file_error.params["error"].code == "csv_text_after_quote"
    assert str(refused.file_error).startswith("the header line cannot be read: a quoted cell is followed by text")
