"""The field catalogue: validation, DPE thresholds and colours."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from city.logbook import (
    DPE_CLASSES,
    DPE_COLOURS,
    EVENT_FIELDS,
    FIELDS,
    GROUPS,
    FieldValueError,
    construction_period_of,
    dpe_class_from_values,
    validate_event_data,
    validate_field,
)


def test_catalogue_is_complete_and_labelled() -> None:
    for key in (
        "address", "cadastral_parcel", "rnb_id", "bdtopo_id", "construction_year", "construction_period",
        "structure", "heritage_protection", "dpe_class", "dpe_energy_kwh_m2_year", "dpe_ghg_kgco2_m2_year",
        "dpe_date", "dpe_valid_until", "heating_system", "heating_installed_on", "heating_installer",
        "cooling_system", "hot_water_system", "ventilation_system", "wall_insulation", "main_use",
    ):
        assert key in FIELDS
    for spec in FIELDS.values():
        assert spec.label_en and spec.label_fr and spec.group in GROUPS
        for choice in spec.choices:
            assert choice in spec.choice_labels
    assert FIELDS["dpe_energy_kwh_m2_year"].unit == "kWh/m²/year"
    assert FIELDS["dpe_ghg_kgco2_m2_year"].unit == "kgCO2eq/m²/year"
    assert set(EVENT_FIELDS) == {"works", "inspection", "document", "note"}
    assert "installer" in EVENT_FIELDS["works"] and "next_due" in EVENT_FIELDS["inspection"]


@pytest.mark.parametrize(
    ("key", "given", "stored"),
    [
        ("construction_year", "1932", 1932),
        ("construction_year", 1932.0, 1932),
        ("dpe_energy_kwh_m2_year", "245,5", 245.5),
        ("dpe_class", "f", "F"),
        ("dpe_date", dt.date(2024, 3, 1), "2024-03-01"),
        ("dpe_date", " 2024-03-01 ", "2024-03-01"),
        ("cadastral_parcel", "75111000AB0042", "75111000AB0042"),
        ("bdtopo_id", "BATIMENT0000000241234567", "BATIMENT0000000241234567"),
        ("postcode", "75011", "75011"),
        ("address", "  12 rue Oberkampf ", "12 rue Oberkampf"),
    ],
)
def test_valid_values_are_normalised(key: str, given: object, stored: object) -> None:
    assert validate_field(key, given) == stored


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("construction_year", 999, "minimum"),
        ("construction_year", "19x2", "whole number"),
        ("construction_year", 1932.5, "whole number"),
        ("construction_year", True, "boolean"),
        ("dpe_class", "H", "one of"),
        ("dpe_energy_kwh_m2_year", -1, "minimum"),
        ("dpe_energy_kwh_m2_year", math.nan, "finite"),
        ("dpe_date", "01/03/2024", "YYYY-MM-DD"),
        ("dpe_date", "2005-01-01", "before"),
        ("postcode", "7501", "form"),
        ("bdtopo_id", "BATIMENT12", "form"),
        ("address", "", "empty"),
        ("address", "a\x00b", "control"),
        ("no_such_field", 1, "unknown field"),
    ],
)
def test_invalid_values_name_field_and_value(key: str, value: object, words: str) -> None:
    with pytest.raises(FieldValueError) as info:
        validate_field(key, value)
    message = str(info.value)
    assert message.startswith(f"{key}: ")
    assert repr(value)[:10] in message
    assert words in message
    assert info.value.field == key
    assert isinstance(info.value, ValueError)


def test_none_is_not_a_value() -> None:
    with pytest.raises(FieldValueError, match="clear the field"):
        validate_field("dpe_class", None)


@pytest.mark.parametrize(
    ("energy", "ghg", "expected"),
    [
        (70, 6, "A"),  # bounds are inclusive
        (70.1, 6, "B"),
        (100, 40, "D"),  # energy B, emissions D: the worse wins
        (330, 11, "E"),
        (421, 0, "G"),
        (50, 101, "G"),
        (0, 0, "A"),
    ],
)
def test_dpe_double_threshold(energy: float, ghg: float, expected: str) -> None:
    assert dpe_class_from_values(energy, ghg) == expected


def test_dpe_rejects_bad_numbers() -> None:
    with pytest.raises(ValueError):
        dpe_class_from_values(-1, 0)
    with pytest.raises(ValueError):
        dpe_class_from_values(math.inf, 0)


def test_dpe_colours_are_the_label_colours() -> None:
    assert tuple(DPE_COLOURS) == DPE_CLASSES
    assert DPE_COLOURS["A"] == "#009C6D" and DPE_COLOURS["G"] == "#D7221F"
    for colour in DPE_COLOURS.values():
        assert len(colour) == 7 and int(colour[1:], 16) >= 0


def test_construction_periods() -> None:
    assert construction_period_of(1700) == "before_1850"
    assert construction_period_of(1880) == "1850_1913"
    assert construction_period_of(1947) == "1914_1947"
    assert construction_period_of(1948) == "1948_1974"
    assert construction_period_of(2030) == "after_2021"


def test_event_validation() -> None:
    data = validate_event_data(
        "works",
        {"date": "2020-05-01", "end_date": "2020-06-01", "category": "roof_insulation", "installer": "ACME",
         "installer_siret": "12345678901234", "rge_certified": "oui", "cost_eur": "12000", "description": ""},
    )
    assert data == {"date": "2020-05-01", "end_date": "2020-06-01", "category": "roof_insulation",
                    "installer": "ACME", "installer_siret": "12345678901234", "rge_certified": True, "cost_eur": 12000.0}
    with pytest.raises(FieldValueError, match="category: None is required"):
        validate_event_data("works", {"date": "2020-05-01"})
    with pytest.raises(FieldValueError, match="end_date: '2020-04-01' is before the start date"):
        validate_event_data("works", {"date": "2020-05-01", "end_date": "2020-04-01", "category": "windows"})
    with pytest.raises(FieldValueError, match="colour: 'red' is for a field that inspection events do not have"):
        validate_event_data("inspection", {"date": "2020-05-01", "inspection_kind": "lift", "colour": "red"})
    with pytest.raises(FieldValueError, match="kind: 'party' is not an event kind"):
        validate_event_data("party", {})
    with pytest.raises(FieldValueError, match="next_due"):
        validate_event_data("inspection", {"date": "2020-05-01", "inspection_kind": "lift", "next_due": "2019-01-01"})
