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
