"""What every :class:`~city.logbook.LogbookStore` must do, whatever its database.

Parametrised over store factories: a new store (a shared PostgreSQL one)
adds its factory to ``STORE_FACTORIES`` and must pass the whole file. Only
the interface is used here, never SQLite; what is proper to one file on
disk (killed writer processes, read-only folders, migrations) is tested in
test_logbook_store.py and test_logbook_reliability.py.

A factory is called with a pytest ``tmp_path`` and returns ``open_store``:
``open_store(author=..., read_only=...)`` opens a new connection to the same
logbook each time (empty on the first call).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from city.logbook import (
    ChangeEvent,
    DocumentError,
    FieldValueError,
    LogbookReadOnlyError,
    LogbookStore,
    SQLiteLogbookStore,
)

OpenStore = Callable[..., LogbookStore]


def _sqlite_factory(tmp_path: Path) -> OpenStore:
    path = tmp_path / "conformance.logbook.sqlite"

    def open_store(author: str | None = None, read_only: bool = False) -> LogbookStore:
        return SQLiteLogbookStore(path, author=author, read_only=read_only, lock_timeout_s=10.0)

    return open_store


STORE_FACTORIES: dict[str, Callable[[Path], OpenStore]] = {
    "sqlite": _sqlite_factory,
}


@pytest.fixture(params=sorted(STORE_FACTORIES))
def open_store(request, tmp_path):
    opened: list[LogbookStore] = []
    factory = STORE_FACTORIES[request.param](tmp_path)

    def opener(author: str | None = None, read_only: bool = False) -> LogbookStore:
        store = factory(author=author, read_only=read_only)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store) -> LogbookStore:
    return open_store(author="alice")


WORKS = {"date": "2019-05-02", "category": "roof_insulation", "installer": "Toitures Exemple"}


def test_a_store_is_a_logbook_store(store):
    assert isinstance(store, LogbookStore)
    assert store.author == "alice" and not store.read_only


def test_every_value_stays_in_the_history(store):
    assert store.set_fields("B1", {"dpe_class": "F", "construction_year": 1880}, reason="DPE 2019") == 2
    assert store.set_fields("B1", {"dpe_class": "D"}, reason="after insulation works") == 1
    assert store.set_fields("B1", {"dpe_class": "E"}, reason="typo in the report", correction=True) == 1
    assert store.clear_fields("B1", ["construction_year"], reason="year unknown after all") == 1

    dpe = store.history("B1", "dpe_class")
    assert [(e.value, e.action, e.reason) for e in dpe] == [
        ("F", "set", "DPE 2019"), ("D", "set", "after insulation works"), ("E", "correct", "typo in the report"),
    ]
    assert [e.seq for e in dpe] == sorted(e.seq for e in dpe)
    year = store.history("B1", "construction_year")
    assert [(e.value, e.action) for e in year] == [(1880, "set"), (None, "clear")]
    assert len(store.history("B1")) == 5
    assert store.current("B1") == {"dpe_class": "E"}
    assert store.building_ids() == ["B1"]


def test_nothing_is_overwritten_or_recorded_twice(store):
    store.set_fields("B1", {"dpe_class": "C"}, reason="DPE")
    # The same value again is no change: nothing recorded, nothing replaced.
    assert store.set_fields("B1", {"dpe_class": "C"}, reason="re-import") == 0
    assert len(store.history("B1", "dpe_class")) == 1

    event_id = store.add_event("B1", "works", WORKS, reason="invoice")
    assert store.amend_event(event_id, {"installer": "Toitures Exemple et fils"}, reason="name on the invoice") == 2
    assert store.retract_event(event_id, reason="entered on the wrong building") == 3
    revisions = store.event_history(event_id)
    assert [(r.revision, r.action) for r in revisions] == [(1, "add"), (2, "amend"), (3, "retract")]
    assert revisions[0].data["installer"] == "Toitures Exemple"  # the first revision is still as it was written
    assert store.timeline("B1") == []
    assert [e.retracted for e in store.timeline("B1", include_retracted=True)] == [True]
    with pytest.raises(FieldValueError) as refused:
        store.amend_event(event_id, {"installer": "X"}, reason="too late")
    assert refused.value.code == "event_retracted"
    # An event id cannot be reused for another entry.
    with pytest.raises(FieldValueError) as reused:
        store.add_event("B2", "note", {"date": "2024-01-01", "text": "x"}, reason="r", event_id=event_id)
    assert reused.value.code == "event_id_used"
    assert store.timeline("B2") == []


def test_the_author_time_and_reason_of_each_change_are_recorded(open_store):
    alice = open_store(author="alice")
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    alice.set_fields("B1", {"dpe_class": "G"}, reason="DPE 2018")
    alice.set_fields("B1", {"dpe_class": "F"}, reason="countersigned", author="bob")
    event_id = alice.add_event("B1", "note", {"date": "2024-02-01", "text": "visit"}, reason="visit")
    entries = alice.history("B1", "dpe_class")
    assert [(e.author, e.reason) for e in entries] == [("alice", "DPE 2018"), ("bob", "countersigned")]
    assert all(before <= e.recorded_at <= dt.datetime.now(dt.timezone.utc) for e in entries)
    assert alice.timeline("B1")[0].author == "alice" and alice.event_history(event_id)[0].author == "alice"
    summary = alice.building_summary("B1")
    assert summary.energy["dpe_class"] == "F" and summary.last_changed_by == "alice"  # the note came last
    with pytest.raises(ValueError):
        open_store(author="   ")  # an editor must say who they are
    with pytest.raises(FieldValueError):
        alice.set_fields("B1", {"dpe_class": "E"}, reason="  ")  # and why
    assert alice.current("B1")["dpe_class"] == "F"


def test_a_write_is_all_or_nothing(store):
    store.set_fields("B1", {"dpe_class": "D"}, reason="DPE")
    with pytest.raises(FieldValueError) as bad:
        store.write_fields(
            [("B1", "dpe_class", "B"), ("B2", "construction_year", 1930), ("B3", "dpe_class", "H")], reason="bulk"
        )
    assert bad.value.field == "dpe_class" and bad.value.value == "H" and bad.value.code == "not_a_choice"
    assert store.current("B1") == {"dpe_class": "D"} and store.current("B2") == {}
    # A failure found inside the transaction (the second event reuses the first one's id) undoes the first too.
    same = "0123456789abcdef0123456789abcdef"
    with pytest.raises(FieldValueError):
        store.add_events([("B4", "works", WORKS), ("B5", "works", WORKS)], reason="bulk", event_ids=[same, same])
    assert store.timeline("B4") == [] and store.timeline("B5") == []
    assert store.building_ids() == ["B1"]


def test_a_confirmed_write_is_there_for_the_next_connection(open_store):
    writer = open_store(author="alice")
    writer.set_fields("B1", {"dpe_class": "A", "dpe_date": "2024-06-01"}, reason="new DPE")
    event_id = writer.add_event("B1", "works", WORKS, reason="invoice")
    writer.close()
    again = open_store(read_only=True)
    assert again.current("B1") == {"dpe_class": "A", "dpe_date": "2024-06-01"}
    assert [e.event_id for e in again.timeline("B1")] == [event_id]


def test_a_reader_reads_while_another_connection_writes(open_store):
    writer = open_store(author="alice")
    reader = open_store(read_only=True)
    writer.set_fields("B1", {"floor_area_m2": 1.0}, reason="start")
    reader.changed_elsewhere()
    n_writes = 150
    failures: list[BaseException] = []

    def write() -> None:
        try:
            for i in range(2, n_writes + 2):
                writer.set_fields("B1", {"floor_area_m2": float(i)}, reason=f"write {i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    seen: list[int] = []
    while thread.is_alive() or not seen:
        entries = reader.history("B1", "floor_area_m2")
        # What a reader sees is a committed state: the current value is the latest entry it sees.
        current = reader.current("B1")["floor_area_m2"]
        assert current >= entries[-1].value
        seen.append(len(entries))
    thread.join()
    assert not failures
    assert seen == sorted(seen)  # never goes back
    assert len(reader.history("B1", "floor_area_m2")) == n_writes + 1
    assert reader.current("B1")["floor_area_m2"] == float(n_writes + 1)
    assert reader.changed_elsewhere() and not reader.changed_elsewhere()


def test_a_read_only_store_refuses_every_write(open_store, tmp_path):
    writer = open_store(author="alice")
    event_id = writer.add_event("B1", "works", WORKS, reason="invoice")
    writer.set_fields("B1", {"dpe_class": "D"}, reason="DPE")
    document = tmp_path / "dpe.pdf"
    document.write_bytes(b"%PDF-1.4 report")
    viewer = open_store(read_only=True)
    assert viewer.read_only
    writes = {
        "set_fields": lambda: viewer.set_fields("B1", {"dpe_class": "A"}, reason="r"),
        "write_fields": lambda: viewer.write_fields([("B2", "dpe_class", "A")], reason="r"),
        "clear_fields": lambda: viewer.clear_fields("B1", ["dpe_class"], reason="r"),
        "add_event": lambda: viewer.add_event("B1", "note", {"date": "2024-01-01", "text": "t"}, reason="r"),
        "add_events": lambda: viewer.add_events([("B1", "note", {"date": "2024-01-01", "text": "t"})], reason="r"),
        "amend_event": lambda: viewer.amend_event(event_id, {"installer": "X"}, reason="r"),
        "retract_event": lambda: viewer.retract_event(event_id, reason="r"),
        "attach_document": lambda: viewer.attach_document("B1", document, reason="r"),
        "append_history": lambda: viewer.append_history("B9", [], [], source=None),
        "set_meta": lambda: viewer.set_meta("k", "v"),
    }
    for name, write in writes.items():
        with pytest.raises(LogbookReadOnlyError) as refused:
            write()
        assert refused.value.args[0].code == "read_only", name
    assert viewer.current("B1") == {"dpe_class": "D"} and viewer.building_ids() == ["B1"]
    assert [(r.revision, r.action) for r in viewer.event_history(event_id)] == [(1, "add")]
    assert "k" not in viewer.meta()


def test_a_store_reopens_its_logbook_read_only_or_for_editing_without_knowing_its_database(store, tmp_path):
    """What the application's "Editing" switch does: it knows the interface only, never a file path."""
    event_id = store.add_event("B1", "works", WORKS, reason="invoice")
    store.set_fields("B1", {"dpe_class": "E"}, reason="DPE 2020")
    document = tmp_path / "dpe.pdf"
    document.write_bytes(b"%PDF-1.4 report")
    document_id = store.attach_document("B1", document, reason="scan")
    assert isinstance(store.location, str) and store.location
    with store.reopen(read_only=True) as viewer:
        assert isinstance(viewer, LogbookStore) and viewer.read_only
        assert viewer.location == store.location
        assert viewer.current("B1") == {"dpe_class": "E"}
        assert {e.event_id for e in viewer.timeline("B1")} == {event_id, document_id}
        sha = next(e.data["sha256"] for e in viewer.timeline("B1") if e.kind == "document")
        assert viewer.read_document(sha) == b"%PDF-1.4 report"  # the same documents too
        with pytest.raises(LogbookReadOnlyError):
            viewer.set_fields("B1", {"dpe_class": "A"}, reason="r")
        with viewer.reopen(read_only=False, author="bob") as editor:
            assert not editor.read_only and editor.author == "bob" and editor.location == store.location
            editor.set_fields("B1", {"dpe_class": "C"}, reason="after works")
        assert viewer.current("B1")["dpe_class"] == "C"  # a write of the reopened store is seen by all
    assert [(e.value, e.author) for e in store.history("B1", "dpe_class")] == [("E", "alice"), ("C", "bob")]
    assert store.current("B1")["dpe_class"] == "C"  # the store that was reopened is still open and usable
    with pytest.raises(ValueError):
        store.reopen(read_only=False)  # editing needs the person recorded with each change


def test_documents_are_stored_by_content_hash_and_no_name_reaches_another_file(store, tmp_path):
    content = b"%PDF-1.4 diagnostic de performance energetique"
    sha = hashlib.sha256(content).hexdigest()
    first = tmp_path / "DPE 2024.pdf"
    first.write_bytes(content)
    odd_folder = tmp_path / ".." / tmp_path.name / "sub"
    odd_folder.mkdir()
    second = odd_folder / "..;copy.pdf"
    second.write_bytes(content)
    one = store.attach_document("B1", first, reason="DPE received", document_kind="dpe_report", date="2024-03-01")
    two = store.attach_document("B1", second, reason="copy", document_kind="dpe_report", date="2024-03-02")
    events = {e.event_id: e for e in store.timeline("B1")}
    assert events[one].data["sha256"] == events[two].data["sha256"] == sha
    assert events[one].data["original_name"] == "DPE 2024.pdf" and events[one].data["size_bytes"] == len(content)
    stored = store.document_path(sha)
    assert stored.read_bytes() == content and stored.name == sha
    assert store.read_document(sha) == content
    for name in ("../../../etc/passwd", "/etc/passwd", sha.upper(), sha[:63], sha + "/..", "..", ""):
        with pytest.raises(DocumentError):
            store.document_path(name)
        with pytest.raises(DocumentError):
            store.read_document(name)
    with pytest.raises(DocumentError):
        store.attach_document("B1", tmp_path, reason="a folder is not a document")


def test_listeners_hear_committed_writes_only(store):
    heard: list[ChangeEvent] = []
    remove = store.add_listener(heard.append)
    store.set_fields("B1", {"dpe_class": "C"}, reason="DPE")
    store.set_fields("B1", {"dpe_class": "C"}, reason="same value")  # nothing written, nothing heard
    with pytest.raises(FieldValueError):
        store.set_fields("B2", {"dpe_class": "Z"}, reason="bad")
    store.write_fields([("B2", "dpe_class", "A"), ("B3", "dpe_class", "B")], reason="bulk")
    assert [e.building_ids for e in heard] == [frozenset({"B1"}), frozenset({"B2", "B3"})]
    remove()
    store.set_fields("B1", {"dpe_class": "D"}, reason="later")
    assert len(heard) == 2


def test_an_imported_history_keeps_its_authors_and_never_merges(store):
    fields = [{"field": "dpe_class", "value": "E", "action": "set", "recorded_at": "2015-04-01T10:00:00+00:00",
               "author": "carol", "reason": "DPE 2015"}]
    events = [{"event_id": "a" * 32, "revision": 1, "kind": "works", "data": WORKS, "action": "add",
               "recorded_at": "2019-06-01T08:00:00+00:00", "author": "dave", "reason": "invoice"}]
    assert store.append_history("B7", fields, events, source="json:old.jsonl") == 2
    entry = store.history("B7", "dpe_class")[0]
    assert (entry.author, entry.reason, entry.recorded_at.year, entry.source) == ("carol", "DPE 2015", 2015, "json:old.jsonl")
    assert store.event_history("a" * 32)[0].author == "dave"
    with pytest.raises(FieldValueError) as again:
        store.append_history("B7", fields, [], source=None)
    assert again.value.code == "building_has_logbook"
    assert len(store.history("B7")) == 1


def test_logbook_properties_filters_and_columns(store):
    store.set_meta("sample_data", "generated")
    assert store.meta()["sample_data"] == "generated"
    store.write_fields([("B1", "dpe_class", "F"), ("B1", "construction_year", 1900),
                        ("B2", "dpe_class", "B"), ("B2", "construction_year", 2010)], reason="extract")
    assert store.filter("dpe_class in (F, G) and construction_year < 1948") == ["B1"]
    assert store.count("dpe_class in (F, G)") == 1
    assert store.column("dpe_class") == {"B1": "F", "B2": "B"}
    years = store.column("construction_year", ["B2", "B9", "B1"])
    assert years[0] == 2010 and years[2] == 1900 and years[1] != years[1]  # NaN where no value
    assert list(store.filter_mask("dpe_class = B", ["B1", "B2", "B9"])) == [False, True, False]

