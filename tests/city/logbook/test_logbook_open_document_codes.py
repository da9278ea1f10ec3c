"""Opening a logbook, storing its documents and importing entry revisions: coded messages (issue 8)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from city.logbook import (
    DocumentError,
    LogbookError,
    LogbookSchemaError,
    LogbookWriteError,
    SQLiteLogbookStore,
)
from city.logbook.io import JSON_FORMAT, JSON_VERSION, import_json
from city.logbook.messages import LogbookMessage


def _message(exc: BaseException) -> LogbookMessage:
    (text,) = exc.args
    assert isinstance(text, LogbookMessage), f"not a coded message: {text!r}"
    return text


def test_a_logbook_that_cannot_be_opened_says_why_with_a_code(tmp_path):
    missing = tmp_path / "nowhere.logbook.sqlite"
    with pytest.raises(LogbookError) as absent:
        SQLiteLogbookStore(missing, read_only=True)
    assert (_message(absent.value).code, _message(absent.value).params) == ("no_logbook", {"path": missing})
    assert str(absent.value) == f"no logbook at {missing}"

    text = tmp_path / "notes.sqlite"
    text.write_text("not a database at all " * 200, encoding="utf-8")
    with pytest.raises(LogbookSchemaError) as not_sqlite:
        SQLiteLogbookStore(text, read_only=True)
    assert _message(not_sqlite.value).code == "not_sqlite"
    assert str(not_sqlite.value) == f"{text} is not a logbook (not a SQLite database)"

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as raw:
        raw.execute("CREATE TABLE x (a)")
    raw.close()
    with pytest.raises(LogbookSchemaError) as foreign:
        SQLiteLogbookStore(other, author="alice")
    assert _message(foreign.value).code == "not_maquette_logbook"

    newer = tmp_path / "newer.logbook.sqlite"
    SQLiteLogbookStore(newer, author="alice").close()
    with sqlite3.connect(newer) as raw:
        raw.execute("PRAGMA user_version = 7")
    raw.close()
    with pytest.raises(LogbookSchemaError) as too_new:
        SQLiteLogbookStore(newer, read_only=True)
    assert (_message(too_new.value).code, _message(too_new.value).params["version"]) == ("schema_too_new", 7)
    assert "newer version of Maquette (logbook schema 7, this version knows up to 1)" in str(too_new.value)


def test_reading_a_closed_logbook_is_a_coded_error(tmp_path):
    store = SQLiteLogbookStore(tmp_path / "l.sqlite", author="alice")
    store.close()
    with pytest.raises(LogbookError) as closed:
        store.current("B1")
    error = _message(closed.value)
    assert error.code == "cannot_read_logbook" and error.params["reason"].code == "logbook_closed"
    assert str(closed.value).endswith(": the logbook is closed")


@pytest.fixture
def store(tmp_path):
    s = SQLiteLogbookStore(tmp_path / "city.sqlite", author="alice", document_limit_bytes=1000)
    yield s
    s.close()


def test_a_document_that_cannot_be_saved_says_why_with_a_code(store, tmp_path):
    gone = tmp_path / "DPE gone.pdf"
    with pytest.raises(DocumentError) as unreadable:
        store.attach_document("B1", gone, reason="DPE")
    error = _message(unreadable.value)
    assert (error.code, error.params["reason"].code) == ("document_unreadable", "not_found")
    assert str(unreadable.value) == f"cannot read {gone}: {gone} does not exist"

    big = tmp_path / "plan.dwg"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(DocumentError) as too_large:
        store.attach_document("B1", big, reason="plan")
    assert _message(too_large.value).code == "document_too_large"

    # The documents folder cannot be created: a file stands in its place.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    small = tmp_path / "note.txt"
    small.write_text("ok", encoding="utf-8")
    with SQLiteLogbookStore(tmp_path / "b.sqlite", author="alice", documents_dir=blocked / "docs") as other:
        with pytest.raises(LogbookWriteError) as no_folder:
            other.attach_document("B1", small, reason="note")
        error = _message(no_folder.value)
        assert (error.code, error.params["reason"].code) == ("cannot_create_documents_folder", "file_in_the_way")
        assert other.timeline("B1") == []  # nothing recorded for a document that was not stored
    assert store.timeline("B1") == []


def test_a_stored_document_that_cannot_be_read_says_why_with_a_code(store, tmp_path):
    source = tmp_path / "report.pdf"
    source.write_bytes(b"%PDF-1.4 report")
    event_id = store.attach_document("B1", source, reason="report")
    sha = store.timeline("B1")[0].data["sha256"]
    assert store.timeline("B1")[0].event_id == event_id
    path = store.document_path(sha)
    path.write_bytes(b"%PDF-1.4 tampered")
    with pytest.raises(DocumentError) as damaged:
        store.read_document(sha)
    assert (_message(damaged.value).code, _message(damaged.value).params) == ("document_damaged", {"short": sha[:12]})
    path.unlink()
    with pytest.raises(DocumentError) as missing:
        store.document_path(sha)
    assert _message(missing.value).code == "document_missing"
    with pytest.raises(DocumentError) as not_hash:
        store.document_path("../../etc/passwd")
    assert (_message(not_hash.value).code, _message(not_hash.value).params) == ("not_document_hash", {"value": "../../etc/passwd"})


def test_a_backup_that_cannot_be_written_says_why_with_a_code(store, tmp_path):
    with pytest.raises(LogbookError) as itself:
        store.backup(store.path)
    assert _message(itself.value).code == "backup_over_itself"
    target = tmp_path / "no such folder" / "copy.sqlite"
    with pytest.raises(LogbookWriteError) as nowhere:
        store.backup(target)
    error = _message(nowhere.value)
    assert (error.code, error.params["reason"].code) == ("backup_not_writable", "not_found")


def _revision(event_id: str, revision: int, action: str, *, kind: str = "note", at: str | None = None,
              data: dict | None = None) -> dict:
    """One revision of a timeline entry as the JSON export writes it (revision n recorded on 2025-01-0n by default)."""
    return {"event_id": event_id, "revision": revision, "kind": kind, "action": action,
            "data": data or {"date": "2025-01-01", "text": f"revision {revision}"},
            "recorded_at": at or f"2025-01-{revision:02d}T00:00:00+00:00", "author": "Anne", "reason": "visit"}


def test_json_entries_whose_revisions_make_no_history_are_rejected_document_by_document(tmp_path):
    a, b, c, d, e, f, g = (ch * 32 for ch in "abcdef0")
    documents = [
        {"building_id": "B2", "events": [_revision(a, 1, "amend")]},  # an amend with no add before it
        {"building_id": "B3", "events": [_revision(b, 2, "amend")]},  # revision 2 without revision 1
        {"building_id": "B4", "events": [_revision(c, 1, "add"), _revision(c, 3, "amend")]},  # revision 2 missing
        {"building_id": "B5", "events": [_revision(d, 1, "add"), _revision(d, 2, "retract"), _revision(d, 3, "amend")]},
        {"building_id": "B6", "events": [_revision(e, 1, "add"), _revision(e, 1, "amend")]},
        {"building_id": "B7", "events": [_revision(f, 1, "add"), _revision(f, 2, "add")]},
        {"building_id": "B8", "events": [_revision(g, 1, "add", at="2025-03-01T00:00:00+00:00"),
                                         _revision(g, 2, "amend", at="2025-02-01T00:00:00+00:00")]},
        {"building_id": "B9", "history": [{"field": "dpe_class", "value": "E", "action": "set",
                                           "recorded_at": "2025-01-02T00:00:00+00:00", "author": "Anne", "reason": "DPE"}],
         "events": [_revision("1" * 32, 1, "add"), _revision("1" * 32, 2, "amend"), _revision("1" * 32, 3, "retract")]},
        {"building_id": "B10", "events": [_revision("2" * 32, 1, "add", kind="note"),
                                          _revision("2" * 32, 2, "amend", kind="works",
                                                    data={"date": "2025-01-01", "category": "windows"})]},
    ]
    source = tmp_path / "logbooks.jsonl"
    source.write_text("\n".join([json.dumps({"format": JSON_FORMAT, "version": JSON_VERSION}),
                                 *map(json.dumps, documents)]) + "\n", encoding="utf-8")
    with SQLiteLogbookStore(tmp_path / "l.sqlite", author="alice") as store:
        report = import_json(store, source)
        assert store.building_ids() == ["B9"]  # nothing of the rejected documents, all of the good one
        assert store.current("B9") == {"dpe_class": "E"}
        assert [(ev.revision, ev.retracted) for ev in store.timeline("B9", include_retracted=True)] == [(3, True)]
    assert report.accepted == [9]
    found = {p.line: (p.building_id, p.reason.params["field"], p.reason.params["value"], p.reason.params["reason"].code)
             for p in report.rejected}
    assert found == {
        2: ("B2", "action", "amend", "first_revision_not_add"),
        3: ("B3", "revision", 2, "revision_missing"),
        4: ("B4", "revision", 3, "revision_missing"),
        5: ("B5", "revision", 3, "revised_after_retraction"),
        6: ("B6", "revision", 1, "revision_twice"),
        7: ("B7", "action", "add", "add_after_first"),
        8: ("B8", "recorded_at", "2025-02-01T00:00:00.000000+00:00", "recorded_before_previous"),
        10: ("B10", "kind", "works", "kind_changed"),
    }
    said = {p.line: str(p) for p in report.rejected}
    assert said[2] == f"line 2 (B2): action: 'amend' cannot start entry {a}: its revision 1 must be add"
    assert said[3] == f"line 3 (B3): revision: 2 of entry {b} comes without its revision 1"
    assert said[5] == f"line 5 (B5): revision: 3 of entry {d} comes after its retraction (revision 2)"
