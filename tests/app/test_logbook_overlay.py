"""Colouring the city by a logbook field and highlighting filter matches: plain functions, no QApplication."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from city.logbook import DPE_COLOURS, FilterError, SQLiteLogbookStore
from city.model import BuildingSet

TODAY = dt.date(2026, 1, 10)


def _hex_rgb(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)]


@pytest.fixture
def buildings():
    """Buildings of 2, 1, 3 and 2 triangles, so the spreading to triangles is checked."""
    counts = [2, 1, 3, 2]
    triangle_building = np.repeat(np.arange(4), counts)
    t = len(triangle_building)
    vertices = np.zeros((3, 3))
    vertices[1, 0] = vertices[2, 1] = 1.0
    return BuildingSet(
        ids=["A1", "A2", "A3", "A4"],
        vertices=vertices,
        triangles=np.tile([0, 1, 2], (t, 1)),
        triangle_building=triangle_building,
        triangle_surface=np.zeros(t, dtype=np.int8),
    )


@pytest.fixture
def store(tmp_path):
    s = SQLiteLogbookStore(tmp_path / "l.sqlite", author="test")
    s.write_fields(
        [
            ("A1", "dpe_class", "G"), ("A1", "construction_year", 1890), ("A1", "construction_period", "1850_1913"),
            ("A2", "dpe_class", "A"), ("A2", "construction_year", 2015), ("A2", "construction_period", "2013_2021"),
            ("A3", "dpe_class", "F"), ("A3", "construction_year", 1930),
            ("A3", "heating_system", "gas_boiler"), ("A4", "heating_system", "district_heating"),
        ],
        reason="test",
    )
    s.add_event("A1", "inspection", {"date": "2020-01-01", "inspection_kind": "lift", "next_due": "2025-01-01"}, reason="t")
    s.add_event("A2", "inspection", {"date": "2025-06-01", "inspection_kind": "lift", "next_due": "2026-02-01"}, reason="t")
    s.add_event("A3", "inspection", {"date": "2025-06-01", "inspection_kind": "facade", "next_due": "2035-06-01"}, reason="t")
    yield s
    s.close()


def test_energy_class_uses_the_official_colours_and_a_grey_no_value_category(store, buildings):
    from app.logbook_overlay import NO_DATA_COLOUR, logbook_overlay

    overlay = logbook_overlay(store, buildings, "dpe_class")
    assert overlay.categories == ("A", "B", "C", "D", "E", "F", "G", "no value recorded")
    assert overlay.title == "DPE energy class"
    rgb = overlay.rgb()
    assert len(rgb) == len(buildings.triangle_building)
    # buildings A1 (G, triangles 0-1), A2 (A, triangle 2), A3 (F, 3-5), A4 (none, 6-7)
    assert rgb[0].tolist() == rgb[1].tolist() == _hex_rgb(DPE_COLOURS["G"])
    assert rgb[2].tolist() == _hex_rgb(DPE_COLOURS["A"])
    assert rgb[5].tolist() == _hex_rgb(DPE_COLOURS["F"])
    assert rgb[7].tolist() == _hex_rgb(NO_DATA_COLOUR)


def test_every_category_colour_is_exact_for_all_classes(tmp_path):
    from app.logbook_overlay import logbook_overlay

    classes = "ABCDEFG"
    b = BuildingSet(
        ids=list(classes), vertices=np.eye(3), triangles=np.tile([0, 1, 2], (7, 1)),
        triangle_building=np.arange(7), triangle_surface=np.zeros(7, dtype=np.int8),
    )
    with SQLiteLogbookStore(tmp_path / "x.sqlite", author="t") as s:
        s.write_fields([(c, "dpe_class", c) for c in classes], reason="t")
        overlay = logbook_overlay(s, b, "dpe_class")
    assert overlay.categories == tuple(classes)  # nobody lacks a value: no grey category
    assert overlay.rgb().tolist() == [_hex_rgb(DPE_COLOURS[c]) for c in classes]


def test_construction_period_is_categorical_oldest_to_newest(store, buildings):
    from app.logbook_overlay import logbook_overlay

    overlay = logbook_overlay(store, buildings, "construction_period")
    assert overlay.categories[0] == "before 1850" and overlay.categories[-1] == "no value recorded"
    assert overlay.values[0] == 1 and overlay.values[2] == 7  # 1850-1913, 2013-2021
    assert np.isfinite(overlay.values).all()


def test_next_inspection_state(store, buildings):
    from app.logbook_overlay import logbook_overlay

    overlay = logbook_overlay(store, buildings, "next_inspection_due", today=TODAY)
    assert overlay.categories == ("overdue", "due within 3 months", "due within a year", "due later", "no value recorded")
    per_building = overlay.values[buildings.triangle_offsets[:-1]]
    assert per_building.tolist() == [0, 1, 3, 4]


def test_numeric_field_is_continuous_with_unit_and_nan_for_unknown(store, buildings):
    from app.logbook_overlay import logbook_overlay

    overlay = logbook_overlay(store, buildings, "construction_year")
    assert overlay.categories == ()
    assert overlay.values[buildings.triangle_offsets[:-1]][:3].tolist() == [1890, 2015, 1930]
    assert np.isnan(overlay.values[-1])
    energy = logbook_overlay(store, buildings, "dpe_energy_kwh_m2_year")
    assert energy.title == "Primary energy use (kWh/m²/year)"


def test_choice_field_lists_only_the_values_present(store, buildings):
    from app.logbook_overlay import logbook_overlay

    overlay = logbook_overlay(store, buildings, "heating_system")
    assert overlay.categories == ("gas boiler", "district heating (CPCU)", "no value recorded")


def test_filter_overlay_highlights_matches_and_counts(store, buildings):
    from app.logbook_overlay import MATCH_COLOUR, NO_MATCH_COLOUR, filter_overlay

    overlay, mask = filter_overlay(store, buildings, "dpe_class in (F, G) and construction_year < 1948")
    assert mask.tolist() == [True, False, True, False]
    assert overlay.categories == ("does not match", "matches: 2")
    rgb = overlay.rgb()
    assert rgb[0].tolist() == _hex_rgb(MATCH_COLOUR) and rgb[2].tolist() == _hex_rgb(NO_MATCH_COLOUR)
    overdue, mask = filter_overlay(store, buildings, "inspection_overdue()", today=TODAY)
    assert mask.tolist() == [True, False, False, False]


def test_bad_filter_and_unknown_field_raise_with_a_message(store, buildings):
    from app.logbook_overlay import filter_overlay, logbook_overlay

    with pytest.raises(ValueError, match="H"):
        filter_overlay(store, buildings, "dpe_class in (F, H)")
    with pytest.raises(FilterError):
        filter_overlay(store, buildings, "dpe_class in (F")
    with pytest.raises(KeyError, match="height"):
        logbook_overlay(store, buildings, "height")


def test_categorical_legend_has_one_labelled_swatch_per_category(store, buildings):
    from app.logbook_overlay import logbook_overlay
    from viewer.overlay import legend_actor

    overlay = logbook_overlay(store, buildings, "dpe_class")
    lut = legend_actor(overlay).GetLookupTable()
    assert lut.GetIndexedLookup()
    assert lut.GetNumberOfAnnotatedValues() == len(overlay.categories)
    assert [lut.GetAnnotation(i) for i in range(8)] == list(overlay.categories)
    r, g, b, _ = lut.GetTableValue(5)
    assert [round(c * 255) for c in (r, g, b)] == _hex_rgb(DPE_COLOURS["F"])


def test_filter_builder_conditions_read_back_by_the_filter_language(store, buildings):
    from app.logbook_filter import condition
    from app.logbook_overlay import filter_overlay

    assert condition("dpe_class", "in", "F, G") == "dpe_class in (F, G)"
    assert condition("construction_year", "<", "1948") == "construction_year < 1948"
    assert condition("address", "=", "12 rue des Dames") == "address = '12 rue des Dames'"
    expression = f"{condition('dpe_class', 'in', 'F,G')} and {condition('construction_year', '<', '1948')}"
    _, mask = filter_overlay(store, buildings, expression)
    assert mask.tolist() == [True, False, True, False]
