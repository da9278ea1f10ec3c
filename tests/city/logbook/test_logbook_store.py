"""SQLite logbook store: history, derived current state, events, queries, durability contract."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from city.logbook import (
    ChangeEvent,
    LogbookBusyError,
    FieldValueError,
    FilterError,
    LogbookReadOnlyError,
    LogbookSchemaError,
    LogbookWriteError,
    SQLiteLogbookStore,
)
from city.logbook.store import SCHEMA_VERSION, Migration

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def store(tmp_path: Path) -> SQLiteLogbookStore:
    s = SQLiteLogbookStore(tmp_path / "city.sqlite", author="alice")
    yield s
    s.close()


def _fill(store: SQLiteLogbookStore) -> None:
    rows = {
        "B1": {"construction_year": 1880, "dpe_class": "G", "dpe_energy_kwh_m2_year": 450.0},
        "B2": {"construction_year": 1930, "dpe_class": "F", "dpe_energy_kwh_m2_year": 380.0},
        "B3": {"construction_year": 1965, "dpe_class": "F"},
        "B4": {"construction_year": 1890, "dpe_class": "C"},
        "B5": {"construction_year": 2015},
    }
    for building_id, values in rows.items():
        store.set_fields(building_id, values, reason="survey 2025")
    store.add_event("B1", "inspection", {"date": "2020-01-10", "inspection_kind": "lift", "next_due": "2025-01-10"},
                    reason="report received")
    store.add_event("B4", "inspection", {"date": "2024-03-01", "inspection_kind": "facade", "next_due": "2034-03-01"},
                    reason="report received")


def test_history_records_every_change_with_author_time_reason(store: SQLiteLogbookStore) -> None:
    before = dt.datetime.now(dt.timezone.utc)
    assert store.set_fields("B1", {"dpe_class": "F", "construction_year": 1880}, reason="DPE 2023") == 2
    assert store.set_fields("B1", {"dpe_class": "D"}, reason="after insulation works") == 1
    assert store.set_fields("B1", {"dpe_class": "E"}, reason="typo in the report", correction=True) == 1
    history = store.history("B1", "dpe_class")
    assert [(e.value, e.action, e.reason) for e in history] == [
        ("F", "set", "DPE 2023"), ("D", "set", "after insulation works"), ("E", "correct", "typo in the report"),
    ]
    assert all(e.author == "alice" and e.recorded_at.tzinfo is not None and e.recorded_at >= before for e in history)
    assert [e.field for e in store.history("B1")] == ["dpe_class", "construction_year", "dpe_class", "dpe_class"]
    assert store.current("B1") == {"construction_year": 1880, "dpe_class": "E"}
    with pytest.raises(KeyError, match="unknown logbook field"):
        store.history("B1", "colour")


def test_unchanged_values_are_not_recorded_again(store: SQLiteLogbookStore) -> None:
    store.set_fields("B1", {"dpe_class": "F", "construction_year": 1880}, reason="survey")
    assert store.set_fields("B1", {"dpe_class": "F", "construction_year": "1880"}, reason="re-import") == 0
    assert len(store.history("B1")) == 2


def test_clear_removes_the_current_value_but_not_the_history(store: SQLiteLogbookStore) -> None:
    store.set_fields("B1", {"dpe_class": "F"}, reason="survey")
    assert store.clear_fields("B1", ["dpe_class", "construction_year"], reason="DPE withdrawn") == 1
    assert store.current("B1") == {}
    assert [(e.action, e.value) for e in store.history("B1", "dpe_class")] == [("set", "F"), ("clear", None)]


def test_invalid_values_write_nothing(store: SQLiteLogbookStore) -> None:
    with pytest.raises(FieldValueError, match="dpe_class: 'H'"):
        store.set_fields("B1", {"construction_year": 1900, "dpe_class": "H"}, reason="survey")
    assert store.current("B1") == {} and store.history("B1") == []
    with pytest.raises(FieldValueError, match="reason"):
        store.set_fields("B1", {"construction_year": 1900}, reason=" ")
    with pytest.raises(FieldValueError, match="building_id"):
        store.set_fields("", {"construction_year": 1900}, reason="survey")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE field_history SET value = 'A'",
        "DELETE FROM field_history",
        "UPDATE event_history SET data = '{}'",
        "DELETE FROM event_history WHERE revision = 1",
    ],
)
def test_history_is_append_only_even_for_raw_sqlite(store: SQLiteLogbookStore, statement: str) -> None:
    _fill(store)
    raw = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute(statement)
        raw.commit()
    raw.close()
    assert store.current("B1")["dpe_class"] == "G"
    assert len(store.timeline("B1")) == 1
    assert store.verify() == []


def test_current_state_is_derived_from_history_by_the_schema(store: SQLiteLogbookStore) -> None:
    _fill(store)
    raw = sqlite3.connect(store.path)
    raw.execute(
        "INSERT INTO field_history (building_id, field, value, action, recorded_at, author, reason) "
        "VALUES ('B1', 'dpe_class', 'C', 'correct', '2026-01-01T00:00:00+00:00', 'bob', 'raw fix')"
    )
    raw.commit()
    raw.close()
    assert store.current("B1")["dpe_class"] == "C"
    assert store.verify() == []


def test_events_are_revised_never_overwritten(store: SQLiteLogbookStore) -> None:
    works = store.add_event(
        "B1", "works", {"date": "2023-04-01", "category": "roof_insulation", "installer": "Toits de Paris"},
        reason="invoice received",
    )
    note = store.add_event("B1", "note", {"date": "2022-01-01", "text": "first visit"}, reason="visit")
    assert store.amend_event(works, {"installer": "Toits de Paris SARL", "cost_eur": 18000}, reason="name on invoice") == 2
    assert store.retract_event(note, reason="wrong building") == 2
    timeline = store.timeline("B1")
    assert [e.event_id for e in timeline] == [works]
    assert timeline[0].data["installer"] == "Toits de Paris SARL" and timeline[0].revision == 2
    assert [e.event_id for e in store.timeline("B1", include_retracted=True)] == [note, works]
    revisions = store.event_history(works)
    assert [(r.revision, r.action, r.data.get("installer")) for r in revisions] == [
        (1, "add", "Toits de Paris"), (2, "amend", "Toits de Paris SARL"),
    ]
    with pytest.raises(FieldValueError, match="retracted"):
        store.amend_event(note, {"text": "again"}, reason="x")
    with pytest.raises(KeyError):
        store.amend_event("0" * 32, {"text": "x"}, reason="x")
    with pytest.raises(FieldValueError, match="category"):
        store.amend_event(works, {"category": "party"}, reason="x")
    assert store.event_history(works)[-1].revision == 2


def test_summary_card(store: SQLiteLogbookStore) -> None:
    _fill(store)
    store.set_fields("B1", {"address": "3 rue de la Roquette", "heating_system": "gas_boiler",
                            "dpe_valid_until": "2033-01-01"}, reason="survey")
    summary = store.building_summary("B1", today=TODAY)
    assert summary.identity == {"address": "3 rue de la Roquette"}
    assert summary.construction == {"construction_year": 1880}
    assert summary.energy["dpe_class"] == "G" and summary.dpe_valid is True
    assert summary.systems == {"heating_system": "gas_boiler"}
    assert [(d.inspection_kind, d.next_due, d.overdue) for d in summary.next_inspections] == [
        ("lift", "2025-01-10", True)
    ]
    assert summary.event_counts == {"inspection": 1}
    assert summary.last_changed_by == "alice" and not summary.sample_data
    assert store.building_summary("nobody").is_empty


def test_a_newer_inspection_replaces_the_due_date(store: SQLiteLogbookStore) -> None:
    _fill(store)
    assert store.filter("inspection_overdue()", today=TODAY) == ["B1"]
    store.add_event("B1", "inspection", {"date": "2025-02-01", "inspection_kind": "lift", "next_due": "2030-02-01"},
                    reason="new report")
    assert store.filter("inspection_overdue()", today=TODAY) == []
    latest = store.timeline("B1")[-1]
    store.retract_event(latest.event_id, reason="report was for another lift")
    assert store.filter("inspection_overdue()", today=TODAY) == ["B1"]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("dpe_class in (F,G) and construction_year < 1948", ["B1", "B2"]),
        ("DPE_CLASS IN ('F', 'G') AND construction_year < 1948", ["B1", "B2"]),
        ("dpe_class in (f, g)", ["B1", "B2", "B3"]),
        ("dpe_class not in (F, G)", ["B4"]),
        ("not dpe_class in (F, G)", ["B4", "B5"]),
        ("dpe_class is null", ["B5"]),
        ("dpe_energy_kwh_m2_year >= 380 or construction_year > 2000", ["B1", "B2", "B5"]),
        ("(dpe_class = G or dpe_class = C) and not construction_year >= 1885", ["B1"]),
        ("construction_year != 1880", ["B2", "B3", "B4", "B5"]),
        ("inspection_overdue()", ["B1"]),
        ("inspection_overdue(2040-01-01)", ["B1", "B4"]),
        ("inspection_overdue(facade, 2040-01-01)", ["B4"]),
        ("inspection_due_before(2030-01-01)", ["B1"]),
        ("next_inspection_due < 2026-01-01", ["B1"]),
        ("inspection_overdue() or dpe_class = C", ["B1", "B4"]),
    ],
)
def test_filter(store: SQLiteLogbookStore, expression: str, expected: list[str]) -> None:
    _fill(store)
    assert store.filter(expression, today=TODAY) == expected
    assert store.count(expression, today=TODAY) == len(expected)


@pytest.mark.parametrize(
    ("expression", "error", "words"),
    [
        ("dpe_class in (F, H)", FieldValueError, "dpe_class: 'H' is not one of"),
        ("colour = red", FilterError, "unknown field 'colour'"),
        ("construction_year <", FilterError, "expected a value (number, date YYYY-MM-DD, word or 'quoted text') at position 19"),
        ("construction_year < 1948 and", FilterError, "position"),
        ("construction_year < abc", FieldValueError, "not a number"),
        ("", FilterError, "empty"),
        ("dpe_class ~ F", FilterError, "cannot read"),
        ("inspection_overdue(party)", FieldValueError, "inspection_kind"),
    ],
)
def test_filter_errors_say_what_and_where(store: SQLiteLogbookStore, expression: str, error: type, words: str) -> None:
    with pytest.raises(error, match=re.escape(words)):
        store.filter(expression)


def test_filter_values_are_parameters_not_sql(store: SQLiteLogbookStore) -> None:
    _fill(store)
    assert store.filter("address = \"x' OR 1=1 --\"") == []
    with pytest.raises(FilterError):
        store.filter("address = 'x'' OR 1=1 --'")
    assert store.filter("address = \"'; DROP TABLE field_history; --\"") == []
    assert len(store.history("B1")) == 3


def test_column_for_colouring(store: SQLiteLogbookStore) -> None:
    _fill(store)
    assert store.column("dpe_class") == {"B1": "G", "B2": "F", "B3": "F", "B4": "C"}
    ids = ["B5", "B1", "X9", "B2"]
    classes = store.column("dpe_class", ids)
    assert classes.dtype == object and list(classes) == [None, "G", None, "F"]
    energy = store.column("dpe_energy_kwh_m2_year", ids)
    assert energy.dtype == np.float64
    np.testing.assert_array_equal(energy, [np.nan, 450.0, np.nan, 380.0])
    assert store.column("next_inspection_due") == {"B1": "2025-01-10", "B4": "2034-03-01"}
    assert list(store.filter_mask("dpe_class = G", ids)) == [False, True, False, False]
    with pytest.raises(KeyError):
        store.column("colour")


def test_read_only_mode_rejects_every_write(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    _fill(store)
    viewer = SQLiteLogbookStore(store.path, read_only=True)
    assert viewer.current("B1")["dpe_class"] == "G"
    attempts = [
        lambda: viewer.set_fields("B1", {"dpe_class": "A"}, reason="x"),
        lambda: viewer.clear_fields("B1", ["dpe_class"], reason="x"),
        lambda: viewer.add_event("B1", "note", {"date": "2024-01-01", "text": "x"}, reason="x"),
        lambda: viewer.retract_event(viewer.timeline("B1")[0].event_id, reason="x"),
    ]
    for attempt in attempts:
        with pytest.raises(LogbookReadOnlyError, match="read-only"):
            attempt()
    viewer.close()
    assert store.current("B1")["dpe_class"] == "G"
    with pytest.raises(Exception, match="no logbook"):
        SQLiteLogbookStore(tmp_path / "missing.sqlite", read_only=True)


def test_disk_full_raises_a_clear_error_and_the_edit_can_be_retried(store: SQLiteLogbookStore) -> None:
    _fill(store)
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    # The same limit SQLite hits when the disk is full: no page can be added.
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    edit = [(f"N{i}", "address", f"{i} avenue de la République, Paris") for i in range(2000)]
    with pytest.raises(LogbookWriteError, match="disk .* is full.*unchanged"):
        store.write_fields(edit, reason="bulk")
    assert store.building_ids() == ["B1", "B2", "B3", "B4", "B5"]
    assert store.integrity_check() == [] and store.verify() == []
    store._conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.write_fields(edit, reason="bulk") == 2000  # same call, retried: the caller kept its edit


def test_listeners_hear_committed_changes(store: SQLiteLogbookStore) -> None:
    heard: list[ChangeEvent] = []
    remove = store.add_listener(heard.append)
    store.set_fields("B1", {"dpe_class": "F"}, reason="x")
    with pytest.raises(FieldValueError):
        store.set_fields("B2", {"dpe_class": "Z"}, reason="x")
    store.set_fields("B1", {"dpe_class": "F"}, reason="unchanged: nothing to hear")
    remove()
    store.set_fields("B3", {"dpe_class": "F"}, reason="x")
    assert heard == [ChangeEvent(frozenset({"B1"}))]


def test_a_failing_listener_does_not_turn_a_saved_change_into_an_error(store: SQLiteLogbookStore) -> None:
    def broken(event: ChangeEvent) -> None:
        raise RuntimeError("panel bug")

    store.add_listener(broken)
    assert store.set_fields("B1", {"dpe_class": "F"}, reason="x") == 1
    assert store.current("B1") == {"dpe_class": "F"}


def test_changes_by_another_process_are_noticed(store: SQLiteLogbookStore) -> None:
    assert not store.changed_elsewhere()
    other = SQLiteLogbookStore(store.path, author="bob")
    other.set_fields("B1", {"dpe_class": "F"}, reason="x")
    other.close()
    assert store.changed_elsewhere()
    assert not store.changed_elsewhere()


def test_author_is_required_for_editing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="author"):
        SQLiteLogbookStore(tmp_path / "x.sqlite")


def test_durability_settings(store: SQLiteLogbookStore) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_online_backup(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    _fill(store)
    target = store.backup(tmp_path / "copy.sqlite")
    with SQLiteLogbookStore(target, read_only=True) as copy:
        assert copy.current("B1") == store.current("B1")
        assert copy.integrity_check() == []
    with pytest.raises(Exception, match="cannot overwrite"):
        store.backup(store.path)


def _v2_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE buildings ADD COLUMN label TEXT")


def _v2_broken(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE buildings ADD COLUMN label TEXT")
    conn.execute("CREATE TABLE meta (x)")  # fails: exists


class _StoreV2(SQLiteLogbookStore):
    migrations = (*SQLiteLogbookStore.migrations, Migration(2, "label buildings", _v2_column))
    schema_version = 2


class _BrokenStoreV2(SQLiteLogbookStore):
    migrations = (*SQLiteLogbookStore.migrations, Migration(2, "broken", _v2_broken))
    schema_version = 2


def test_migration_backs_up_first_then_upgrades(store: SQLiteLogbookStore) -> None:
    _fill(store)
    store.close()
    with _StoreV2(store.path, author="alice") as upgraded:
        backup = upgraded.last_migration_backup
        assert upgraded.current("B1")["dpe_class"] == "G"
        assert upgraded._conn.execute("PRAGMA user_version").fetchone()[0] == 2
        columns = [r[1] for r in upgraded._conn.execute("PRAGMA table_info(buildings)")]
        assert "label" in columns
    assert backup is not None and backup.exists()
    raw = sqlite3.connect(backup)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    assert raw.execute("SELECT count(*) FROM field_history").fetchone()[0] == 11
    raw.close()
    # This version does not know schema 2: it refuses rather than guessing.
    with pytest.raises(LogbookSchemaError, match="newer version"):
        SQLiteLogbookStore(store.path, author="alice")


def test_failed_migration_changes_nothing(store: SQLiteLogbookStore) -> None:
    _fill(store)
    store.close()
    with pytest.raises(LogbookSchemaError, match="left at schema 1.*backup"):
        _BrokenStoreV2(store.path, author="alice")
    raw = sqlite3.connect(store.path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "label" not in [r[1] for r in raw.execute("PRAGMA table_info(buildings)")]
    raw.close()
    with SQLiteLogbookStore(store.path, author="alice") as again:
        assert again.current("B1")["dpe_class"] == "G"
        assert again.integrity_check() == []
    assert list(store.path.parent.glob("city.sqlite.schema1-*.bak"))


def test_read_only_store_does_not_migrate(store: SQLiteLogbookStore) -> None:
    store.close()
    with pytest.raises(LogbookSchemaError, match="open it once for editing"):
        _StoreV2(store.path, read_only=True)


def test_other_sqlite_files_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    raw = sqlite3.connect(other)
    raw.execute("CREATE TABLE x (a)")
    raw.commit()
    raw.close()
    with pytest.raises(LogbookSchemaError, match="not a Maquette logbook"):
        SQLiteLogbookStore(other, author="alice")
    text = tmp_path / "notes.sqlite"
    text.write_text("hello, this is not a database at all" * 100)
    with pytest.raises(LogbookSchemaError):
        SQLiteLogbookStore(text, author="alice")


def test_a_writer_waits_for_another_then_gives_a_clear_busy_error(tmp_path: Path) -> None:
    store = SQLiteLogbookStore(tmp_path / "busy.sqlite", author="alice", lock_timeout_s=0.5)
    store.set_fields("B1", {"dpe_class": "F"}, reason="survey")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        assert store.current("B1") == {"dpe_class": "F"}  # WAL: reading goes on
        with pytest.raises(LogbookBusyError, match="busy for more than 0.5 s while saving; nothing was changed"):
            store.set_fields("B1", {"dpe_class": "E"}, reason="new DPE")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.set_fields("B1", {"dpe_class": "E"}, reason="new DPE") == 1
    store.close()


def test_imported_times_are_normalised_to_utc(store: SQLiteLogbookStore) -> None:
    entry = {"field": "dpe_class", "value": "F", "action": "set", "author": "x", "reason": "y"}
    store.append_history("B1", [{**entry, "recorded_at": "2024-01-01T12:00:00+02:00"},
                                {**entry, "value": "E", "recorded_at": "2024-01-01T11:00:00"}], [], source="test")
    history = store.history("B1", "dpe_class")
    assert [(e.value, e.recorded_at.isoformat()) for e in history] == [
        ("F", "2024-01-01T10:00:00+00:00"), ("E", "2024-01-01T11:00:00+00:00"),
    ]
    with pytest.raises(FieldValueError, match="recorded_at: 'yesterday' is not an ISO date-time"):
        store.append_history("B2", [{**entry, "recorded_at": "yesterday"}], [], source="test")


def test_two_writers_take_turns_without_errors(tmp_path: Path) -> None:
    import threading

    path = tmp_path / "two.sqlite"
    SQLiteLogbookStore(path, author="setup").close()
    errors: list[Exception] = []

    def write(name: str) -> None:
        try:
            with SQLiteLogbookStore(path, author=name) as store:
                for i in range(150):
                    store.set_fields(f"{name}{i}", {"construction_year": 1800 + i, "dpe_class": "D"}, reason="race")
        except Exception as exc:  # collected: the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in ("alice", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with SQLiteLogbookStore(path, read_only=True) as store:
        assert len(store.building_ids()) == 300
        assert store.count("dpe_class = D") == 300
