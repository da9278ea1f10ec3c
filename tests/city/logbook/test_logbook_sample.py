"""The generated sample logbook: deterministic, plausible, labelled as generated."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from city.logbook import DPE_CLASSES, SQLiteLogbookStore, generate_sample_logbook
from city.logbook.sample import SAMPLE_AUTHOR

REFERENCE = dt.date(2026, 6, 1)


def _generate(path: Path, seed: int = 0) -> SQLiteLogbookStore:
    store = SQLiteLogbookStore(path, author="demo")
    ids = [f"PARIS11_{i:04d}" for i in range(300)]
    years = np.where(np.arange(300) < 150, 1880.0, np.nan)  # half known, half drawn
    attributes = {"construction_year": years, "height_m": np.full(300, 21.0), "usage": ["residential"] * 300}
    generate_sample_logbook(store, ids, attributes, seed=seed, reference_date=REFERENCE)
    return store


def _snapshot(store: SQLiteLogbookStore) -> tuple:
    ids = store.building_ids()
    return (
        [store.current(i) for i in ids],
        [[(e.event_id, e.data) for e in store.timeline(i)] for i in ids],
    )


def test_sample_is_deterministic_and_labelled(tmp_path: Path) -> None:
    a = _generate(tmp_path / "a.sqlite")
    b = _generate(tmp_path / "b.sqlite")
    c = _generate(tmp_path / "c.sqlite", seed=1)
    assert _snapshot(a) == _snapshot(b)
    assert _snapshot(a) != _snapshot(c)
    entry = a.history("PARIS11_0000")[0]
    assert entry.author == SAMPLE_AUTHOR and "generated demo data" in entry.reason and entry.source == "sample"
    assert all(e.author == SAMPLE_AUTHOR and e.source == "sample" for e in a.timeline("PARIS11_0000"))
    assert a.building_summary("PARIS11_0000").sample_data
    assert "sample_data" in a.meta()
    assert a.verify() == []
    for s in (a, b, c):
        s.close()


def test_sample_is_plausible(tmp_path: Path) -> None:
    store = _generate(tmp_path / "a.sqlite")
    ids = [f"PARIS11_{i:04d}" for i in range(300)]
    years = store.column("construction_year", ids)
    assert (years[:150] == 1880).all()  # known years are kept
    assert store.column("storeys_above_ground")["PARIS11_0001"] == 7  # 21 m / 3 m
    assert set(store.column("main_use").values()) == {"residential"}
    classes = store.column("dpe_class", ids)
    assert set(classes) <= set(DPE_CLASSES)
    old = [c for c, y in zip(classes, years) if y < 1948]
    share_fg = sum(c in "FG" for c in old) / len(old)
    assert 0.15 < share_fg < 0.6  # pre-1948 Paris: about a third F or G
    # Energy class agrees with the DPE values (double threshold).
    from city.logbook import dpe_class_from_values

    for building_id in ids[:50]:
        values = store.current(building_id)
        assert values["dpe_class"] == dpe_class_from_values(values["dpe_energy_kwh_m2_year"], values["dpe_ghg_kgco2_m2_year"])
    overdue = store.count("inspection_overdue()", today=REFERENCE)
    assert 0.1 * 300 < overdue < 0.6 * 300
    assert store.count("dpe_class in (F, G) and construction_year < 1948") > 0
    store.close()


def test_sample_for_the_demo_district(tmp_path: Path) -> None:
    from city.district import generate_district

    buildings = generate_district().buildings
    with SQLiteLogbookStore(tmp_path / "demo.sqlite", author="demo") as store:
        counts = generate_sample_logbook(store, buildings.ids, buildings.attributes, seed=0, reference_date=REFERENCE)
        assert counts["buildings"] == len(buildings)
        assert store.building_ids() == sorted(buildings.ids)
        years = store.column("construction_year", buildings.ids)
        np.testing.assert_array_equal(years, buildings.attributes["construction_year"])
        assert "mixed_residential" in set(store.column("main_use").values())
        assert store.count("dpe_class in (F, G) and construction_year < 1948") > 0
        assert store.count("inspection_overdue()", today=REFERENCE) > 0
