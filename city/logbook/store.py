"""Durable storage of building logbooks: the :class:`LogbookStore` interface and its SQLite implementation.

One SQLite file per city project. What the file guarantees:

- **Nothing is overwritten.** Every change is a row of an append-only history
  (``field_history``, ``event_history``) with its author, its UTC time and
  its reason; triggers in the schema reject ``UPDATE`` and ``DELETE`` of
  those rows, whoever issues them.
- **Current state is derived from history**, in the same transaction, by
  triggers on the history tables (``field_current``, ``event_current``,
  ``inspection_due`` are caches that :meth:`SQLiteLogbookStore.verify` can
  rebuild and compare).
- **Durability**: WAL journal, ``synchronous=FULL`` (a write that returned
  survives a power cut), every write in one explicit ``BEGIN IMMEDIATE``
  transaction (all of it or none of it), a busy timeout and a retry loop so
  that "database is locked" never reaches the user while another process
  writes.
- **Schema versions** in ``PRAGMA user_version``; a migration first copies the
  file with the SQLite online backup API, then runs in one transaction.

The save contract (what a form relies on)
-----------------------------------------
A write method either returns (the change is on disk) or raises:

- :class:`~city.logbook.fields.FieldValueError` (a ``ValueError``): a value
  is not allowed; nothing was written.
- :class:`LogbookWriteError` (with :class:`LogbookReadOnlyError` and
  :class:`LogbookBusyError`): the change could not be saved (read-only
  mode, read-only folder or file, disk full, I/O error, another program
  holding the file too long). The transaction was rolled back: the logbook
  is exactly as before the call and stays usable.

In both cases the library has kept nothing: the caller keeps the user's
unsaved edit (the form's contents) and offers to retry. Write methods take
all their input as arguments, so a retry is the same call again.

Documents are files stored beside the database, in a folder named after it,
under their SHA-256 (see :meth:`SQLiteLogbookStore.attach_document`).

The interface, and what another store must do
---------------------------------------------
:class:`LogbookStore` lists every operation the application, the importers
(:mod:`city.logbook.io`) and the sample generator use; they are typed
against it, never against SQLite. ``tests/city/logbook/test_logbook_conformance.py``
is parametrised over store factories: a new store joins its factory list
and must pass it (history kept, nothing silently overwritten, authors
recorded, all-or-nothing durable writes, a reader while another writes,
read-only refusal, documents by content hash that no name can escape).

A shared PostgreSQL store would map as follows (not written yet):

- **Tables**: the same ones. ``field_history`` and ``event_history`` with a
  ``bigserial`` ``seq`` and ``timestamptz`` ``recorded_at``; ``data`` as
  ``jsonb``; values in a ``jsonb`` column (SQLite's dynamic typing has no
  equivalent). Append-only by ``BEFORE UPDATE OR DELETE`` triggers that
  raise, and by granting the application role ``INSERT, SELECT`` only.
  ``field_current``, ``event_current`` and ``inspection_due`` maintained
  by ``AFTER INSERT`` triggers in the same transaction (or a materialised
  view refreshed in it); ``meta`` a key-value table; the schema version in
  a one-row table instead of ``user_version``, migrations in one
  transaction (PostgreSQL DDL is transactional) after ``pg_dump``.
- **Transactions**: each write method is one ``BEGIN ... COMMIT`` at
  ``READ COMMITTED``; ``BEGIN IMMEDIATE`` (one writer at a time) becomes
  ``pg_advisory_xact_lock(<logbook id>, hashtext(building_id))`` per
  building written, so writers to different buildings do not wait for each
  other and the "no change when equal to the current value" check cannot
  race. Serialisation failures and lock timeouts are retried like
  ``SQLITE_BUSY`` and end in :class:`LogbookBusyError`; a lost connection
  in :class:`LogbookWriteError` (the caller keeps its edit). Durability is
  the server's (``synchronous_commit = on``).
- **Authors**: recorded from the store's ``author`` as now; the database
  role may add the login for audit.
- **Read-only**: a role with ``SELECT`` only, and the store refuses writes
  before sending them (:class:`LogbookReadOnlyError`).
- **Change notification**: ``add_listener`` is local (the store's own
  commits); ``changed_elsewhere`` uses ``LISTEN``/``NOTIFY`` sent by the
  history triggers instead of ``PRAGMA data_version``.
- **Documents**: blobs in a ``documents (sha256 primary key, content bytea)``
  table or an object store keyed by hash; ``document_path`` then writes
  the verified content to a local cache folder named by the hash.
- **Filters and colouring**: :func:`city.logbook.query.compile_filter` emits
  SQL over ``field_current``; the same SQL runs on PostgreSQL except for
  parameter markers (``?`` -> ``%s``).
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import errno
import hashlib
import json
import logging
import mimetypes
import os
import re
import sqlite3
import stat
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from city.atomic import fsync_dir
from city.logbook.fields import (
    EVENT_KINDS,
    FIELDS,
    GROUPS,
    FieldType,
    FieldValueError,
    field_spec,
    validate_event_data,
    validate_field,
)
from city.logbook.messages import LogbookMessage, message
from city.logbook.query import DERIVED_COLUMNS, compile_filter

__all__ = [
    "SCHEMA_VERSION",
    "BuildingSummary",
    "ChangeEvent",
    "DocumentError",
    "EventRevision",
    "FieldEntry",
    "InspectionDue",
    "LogbookBusyError",
    "LogbookError",
    "LogbookReadOnlyError",
    "LogbookSchemaError",
    "LogbookStore",
    "LogbookWriteError",
    "Migration",
    "SQLiteLogbookStore",
    "TimelineEvent",
]

T = TypeVar("T")
_log = logging.getLogger(__name__)

APPLICATION_ID = 0x4D514C42  # "MQLB": tells our logbooks from other SQLite files
SAMPLE_SOURCE = "sample"
DEFAULT_DOCUMENT_LIMIT_BYTES = 50 * 1024 * 1024
_MAX_BUILDING_ID = 200
_EVENT_ID = re.compile(r"[0-9a-f]{32}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


# --------------------------------------------------------------------------- errors


class LogbookError(Exception):
    """Something went wrong with a logbook; the message says what, for the user."""


class LogbookWriteError(LogbookError):
    """A change could not be saved. Nothing was written; the caller keeps its edit for a retry."""


class LogbookReadOnlyError(LogbookWriteError):
    """The logbook is open read-only (viewer mode)."""


class LogbookBusyError(LogbookWriteError):
    """Another program held the logbook longer than the store waits."""


class LogbookSchemaError(LogbookError):
    """The file is not a logbook, was written by a newer version, or a migration failed."""


class DocumentError(LogbookError):
    """A document cannot be stored or read (too large, not a file, unsafe location)."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class FieldEntry:
    """One entry of a field's history. ``value`` is None for ``action == "clear"``."""

    seq: int
    building_id: str
    field: str
    value: Any
    action: str  # "set" | "correct" | "clear"
    recorded_at: dt.datetime  # UTC
    author: str
    reason: str
    source: str | None = None


@dataclass(frozen=True)
class EventRevision:
    """One revision of a timeline event (revision 1 is its creation)."""

    seq: int
    event_id: str
    revision: int
    building_id: str
    kind: str
    data: dict[str, Any]
    action: str  # "add" | "amend" | "retract"
    recorded_at: dt.datetime
    author: str
    reason: str
    source: str | None = None


@dataclass(frozen=True)
class TimelineEvent:
    """The current revision of an event, as the timeline shows it."""

    event_id: str
    building_id: str
    kind: str
    date: str  # ISO date: when it happened (not when it was recorded)
    data: dict[str, Any]
    revision: int
    retracted: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    author: str  # of the latest revision
    source: str | None = None


@dataclass(frozen=True)
class InspectionDue:
    """The latest inspection of one kind for a building and when the next is due."""

    inspection_kind: str
    last_inspected_on: str
    next_due: str | None
    overdue: bool
    event_id: str


@dataclass(frozen=True)
class BuildingSummary:
    """What the summary card of a building's logbook shows.

    ``groups`` maps each group of :data:`~city.logbook.fields.GROUPS` to the
    current values of its fields (only fields that have a value).
    """

    building_id: str
    groups: dict[str, dict[str, Any]]
    next_inspections: list[InspectionDue]
    event_counts: dict[str, int]
    dpe_valid: bool | None  # None when no DPE validity is recorded
    last_changed_at: dt.datetime | None
    last_changed_by: str | None
    sample_data: bool  # some current values come from the sample generator

    @property
    def identity(self) -> dict[str, Any]:
        return self.groups.get("identity", {})

    @property
    def construction(self) -> dict[str, Any]:
        return self.groups.get("construction", {})

    @property
    def energy(self) -> dict[str, Any]:
        return self.groups.get("energy", {})

    @property
    def systems(self) -> dict[str, Any]:
        return self.groups.get("systems", {})

    @property
    def is_empty(self) -> bool:
        return not any(self.groups.values()) and not self.event_counts


@dataclass(frozen=True)
class ChangeEvent:
    """Sent to listeners after a write was committed by this store."""

    building_ids: frozenset[str]


@dataclass(frozen=True)
class Migration:
    """A schema step to ``to_version``; ``apply`` runs inside the migration's transaction.

    ``apply`` must use ``conn.execute`` only (``executescript`` commits, which
    would break all-or-nothing).
    """

    to_version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


# --------------------------------------------------------------------------- interface


class LogbookStore(abc.ABC):
    """The logbooks of a city's buildings: what the application and its panels use.

    SQLite implements it (:class:`SQLiteLogbookStore`); a shared PostgreSQL
    store can implement it later. Buildings are referred to by their stable
    ids (``City.buildings.ids``). Values are the Python values of
    :mod:`city.logbook.fields` (dates as ISO strings).
    """

    author: str
    read_only: bool

    # -- where it is ---------------------------------------------------------------------

    @property
    @abc.abstractmethod
    def location(self) -> str:
        """Where the logbook is, as the user reads it: the file's path for SQLite,
        the server and database for a shared store (never a password)."""

    @abc.abstractmethod
    def reopen(self, *, read_only: bool, author: str | None = None) -> LogbookStore:
        """A new connection to the same logbook: read-only (viewer), or for editing as ``author``.

        This store stays open: the caller closes it once the new one is there,
        so a reopen that fails (a read-only folder, a server down) leaves the
        user with the logbook they had. Raises :class:`LogbookError` (or
        ``ValueError`` for editing without an author).
        """

    # -- writing -------------------------------------------------------------------------

    @abc.abstractmethod
    def set_fields(
        self,
        building_id: str,
        values: Mapping[str, Any],
        *,
        reason: str,
        correction: bool = False,
        source: str | None = None,
        author: str | None = None,
    ) -> int:
        """Record new values of some fields of one building, in one transaction.

        ``correction=True`` records them as corrections of wrong values (the
        history shows the difference between a change and a fix). Values equal
        to the current ones are not recorded. Returns the number of entries written.
        """

    @abc.abstractmethod
    def clear_fields(self, building_id: str, keys: Iterable[str], *, reason: str, author: str | None = None) -> int:
        """Record that some fields no longer have a known value."""

    @abc.abstractmethod
    def write_fields(
        self,
        changes: Iterable[tuple[str, str, Any]],
        *,
        reason: str,
        correction: bool = False,
        source: str | None = None,
        author: str | None = None,
    ) -> int:
        """Bulk version of :meth:`set_fields`: ``(building_id, field, value)`` triples, one transaction."""

    @abc.abstractmethod
    def add_event(
        self,
        building_id: str,
        kind: str,
        data: Mapping[str, Any],
        *,
        reason: str,
        source: str | None = None,
        author: str | None = None,
        event_id: str | None = None,
    ) -> str:
        """Add a timeline event (works, inspection, document, note); returns its id."""

    @abc.abstractmethod
    def add_events(
        self,
        events: Iterable[tuple[str, str, Mapping[str, Any]]],
        *,
        reason: str,
        source: str | None = None,
        author: str | None = None,
        event_ids: Sequence[str] | None = None,
    ) -> list[str]:
        """Bulk version of :meth:`add_event`: ``(building_id, kind, data)``, one transaction.

        ``event_ids`` (32 lowercase hex digits each) are for reproducible
        generated data; by default each event gets a random UUID.
        """

    @abc.abstractmethod
    def amend_event(
        self, event_id: str, changes: Mapping[str, Any], *, reason: str, author: str | None = None
    ) -> int:
        """Record a new revision of an event (``changes`` merged into its data, None removes a key)."""

    @abc.abstractmethod
    def retract_event(self, event_id: str, *, reason: str, author: str | None = None) -> int:
        """Record that an event was entered in error (it leaves the timeline, not the history)."""

    @abc.abstractmethod
    def attach_document(
        self,
        building_id: str,
        file_path: str | os.PathLike[str],
        *,
        reason: str,
        document_kind: str = "other",
        title: str | None = None,
        date: str | dt.date | None = None,
        attached_to: str | None = None,
        author: str | None = None,
    ) -> str:
        """Store a file by content hash and add a ``document`` event for it; returns the event id."""

    @abc.abstractmethod
    def append_history(
        self,
        building_id: str,
        field_entries: Sequence[Mapping[str, Any]],
        event_revisions: Sequence[Mapping[str, Any]],
        *,
        source: str | None,
    ) -> int:
        """Append a history written elsewhere (a JSON logbook) with its own authors, times and reasons.

        Only for a building without entries here (else :class:`FieldValueError`
        on ``building_id``); all entries are validated, then written in one
        transaction. Each entry's revisions must make a history (revision 1
        an add, then amends, at most one retraction last, no gaps, in time
        order, one kind), else :class:`FieldValueError`. Returns the number
        of entries written.
        """

    @abc.abstractmethod
    def set_meta(self, key: str, value: str) -> None:
        """Record a property of the whole logbook (``sample_data`` marks generated demo data)."""

    # -- change notification -----------------------------------------------------------

    @abc.abstractmethod
    def add_listener(self, callback: Callable[[ChangeEvent], None]) -> Callable[[], None]:
        """Call ``callback(ChangeEvent)`` after each write this store committed; returns the remover.

        The callback runs in the writing thread, after the commit; if it
        raises, the write still counts as saved.
        """

    @abc.abstractmethod
    def changed_elsewhere(self) -> bool:
        """True once someone else (another process or store) has committed since the last call."""

    # -- reading -------------------------------------------------------------------------

    @abc.abstractmethod
    def building_ids(self) -> list[str]:
        """Ids of the buildings that have any logbook entry, sorted."""

    @abc.abstractmethod
    def current(self, building_id: str) -> dict[str, Any]:
        """Current value of every known field of a building."""

    @abc.abstractmethod
    def building_summary(self, building_id: str, *, today: dt.date | None = None) -> BuildingSummary:
        """Data of the summary card."""

    @abc.abstractmethod
    def history(self, building_id: str, field: str | None = None) -> list[FieldEntry]:
        """Every entry of one field (or of all fields) of a building, oldest first."""

    @abc.abstractmethod
    def timeline(self, building_id: str, *, include_retracted: bool = False) -> list[TimelineEvent]:
        """Events of a building, by date then order of entry."""

    @abc.abstractmethod
    def event_history(self, event_id: str) -> list[EventRevision]:
        """Every revision of one event, oldest first."""

    @abc.abstractmethod
    def filter(self, expression: str, *, today: dt.date | None = None) -> list[str]:
        """Ids of the buildings matching a filter expression (see :mod:`city.logbook.query`), sorted."""

    @abc.abstractmethod
    def column(self, field: str, ids: Sequence[str] | None = None) -> dict[str, Any] | np.ndarray:
        """Current value of a field for every building, to colour the city by it.

        Without ``ids``: a dict id -> value for the buildings that have one.
        With ``ids``: an array aligned with them (float64 with NaN for
        numeric fields, object with None otherwise).
        """

    @abc.abstractmethod
    def meta(self) -> dict[str, str]:
        """Properties of the whole logbook (``created_at``, ``sample_data``...)."""

    def count(self, expression: str, *, today: dt.date | None = None) -> int:
        """Number of buildings matching a filter expression."""
        return len(self.filter(expression, today=today))

    @abc.abstractmethod
    def document_path(self, sha256: str) -> Path:
        """Local path of a stored document (to open it), checked to be a regular file inside the documents folder.

        Raises :class:`DocumentError` for anything but 64 lowercase hex digits:
        a hash is the only name a document has, so no input can reach
        another file.
        """

    @abc.abstractmethod
    def read_document(self, sha256: str, *, verify: bool = True) -> bytes:
        """Content of a stored document; with ``verify``, checked against its hash."""

    @abc.abstractmethod
    def backup(self, destination: str | os.PathLike[str]) -> Path:
        """Consistent copy of the whole logbook while it stays in use."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def filter_mask(self, expression: str, ids: Sequence[str], *, today: dt.date | None = None) -> np.ndarray:
        """Boolean array aligned with ``ids``: which buildings match (for highlighting)."""
        matches = set(self.filter(expression, today=today))
        return np.fromiter((i in matches for i in ids), dtype=bool, count=len(ids))

    def __enter__(self) -> LogbookStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- schema

_SCHEMA_V1: list[str] = [
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID""",
    """CREATE TABLE buildings (building_id TEXT PRIMARY KEY, first_seen TEXT NOT NULL) WITHOUT ROWID""",
    # `value` has no declared type on purpose: no affinity, so 1948 stays an
    # integer and '0123' stays text, and SQL comparisons in filters behave.
    """CREATE TABLE field_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        building_id TEXT NOT NULL CHECK (length(building_id) BETWEEN 1 AND 200),
        field TEXT NOT NULL,
        value,
        action TEXT NOT NULL CHECK (action IN ('set', 'correct', 'clear')),
        recorded_at TEXT NOT NULL,
        author TEXT NOT NULL CHECK (author <> ''),
        reason TEXT NOT NULL CHECK (reason <> ''),
        source TEXT,
        CHECK ((action = 'clear') = (value IS NULL))
    )""",
    """CREATE INDEX field_history_by_building ON field_history (building_id, field, seq)""",
    """CREATE TABLE field_current (
        building_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (building_id, field)
    ) WITHOUT ROWID""",
    # Covering index: colouring reads (field -> building_id, value) and
    # filters range-scan (field, value) without touching the table.
    """CREATE INDEX field_current_by_value ON field_current (field, value, building_id)""",
    """CREATE TABLE event_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL,
        revision INTEGER NOT NULL CHECK (revision >= 1),
        building_id TEXT NOT NULL CHECK (length(building_id) BETWEEN 1 AND 200),
        kind TEXT NOT NULL,
        event_date TEXT NOT NULL,
        subkind TEXT,
        due_date TEXT,
        data TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('add', 'amend', 'retract')),
        recorded_at TEXT NOT NULL,
        author TEXT NOT NULL CHECK (author <> ''),
        reason TEXT NOT NULL CHECK (reason <> ''),
        source TEXT,
        UNIQUE (event_id, revision)
    )""",
    """CREATE INDEX event_history_by_building ON event_history (building_id, seq)""",
    """CREATE TABLE event_current (
        event_id TEXT PRIMARY KEY,
        building_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        event_date TEXT NOT NULL,
        subkind TEXT,
        due_date TEXT,
        data TEXT NOT NULL,
        revision INTEGER NOT NULL,
        retracted INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        author TEXT NOT NULL,
        source TEXT,
        seq INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE INDEX event_current_by_building ON event_current (building_id, event_date, seq)""",
    """CREATE TABLE inspection_due (
        building_id TEXT NOT NULL,
        inspection_kind TEXT NOT NULL,
        event_id TEXT NOT NULL,
        inspected_on TEXT NOT NULL,
        next_due TEXT,
        PRIMARY KEY (building_id, inspection_kind)
    ) WITHOUT ROWID""",
    """CREATE INDEX inspection_due_by_date ON inspection_due (next_due, building_id)""",
    """CREATE TABLE documents (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        size_bytes INTEGER NOT NULL,
        stored_at TEXT NOT NULL
    ) WITHOUT ROWID""",
    # -- history is append-only, whoever writes to the file
    """CREATE TRIGGER field_history_no_update BEFORE UPDATE ON field_history
       BEGIN SELECT RAISE(ABORT, 'logbook history is append-only: field_history rows cannot be updated'); END""",
    """CREATE TRIGGER field_history_no_delete BEFORE DELETE ON field_history
       BEGIN SELECT RAISE(ABORT, 'logbook history is append-only: field_history rows cannot be deleted'); END""",
    """CREATE TRIGGER event_history_no_update BEFORE UPDATE ON event_history
       BEGIN SELECT RAISE(ABORT, 'logbook history is append-only: event_history rows cannot be updated'); END""",
    """CREATE TRIGGER event_history_no_delete BEFORE DELETE ON event_history
       BEGIN SELECT RAISE(ABORT, 'logbook history is append-only: event_history rows cannot be deleted'); END""",
    # -- current state follows history in the same transaction
    """CREATE TRIGGER field_history_derive AFTER INSERT ON field_history BEGIN
        INSERT OR IGNORE INTO buildings (building_id, first_seen) VALUES (NEW.building_id, NEW.recorded_at);
        DELETE FROM field_current
            WHERE NEW.value IS NULL AND building_id = NEW.building_id AND field = NEW.field;
        INSERT OR REPLACE INTO field_current (building_id, field, value, seq)
            SELECT NEW.building_id, NEW.field, NEW.value, NEW.seq WHERE NEW.value IS NOT NULL;
    END""",
    """CREATE TRIGGER event_history_derive AFTER INSERT ON event_history BEGIN
        INSERT OR IGNORE INTO buildings (building_id, first_seen) VALUES (NEW.building_id, NEW.recorded_at);
        INSERT OR REPLACE INTO event_current (
            event_id, building_id, kind, event_date, subkind, due_date, data, revision, retracted,
            created_at, updated_at, author, source, seq)
        VALUES (
            NEW.event_id, NEW.building_id, NEW.kind, NEW.event_date, NEW.subkind, NEW.due_date, NEW.data,
            NEW.revision, NEW.action = 'retract',
            coalesce((SELECT created_at FROM event_current WHERE event_id = NEW.event_id), NEW.recorded_at),
            NEW.recorded_at, NEW.author, NEW.source, NEW.seq);
        DELETE FROM inspection_due WHERE NEW.kind = 'inspection' AND building_id = NEW.building_id;
        -- SQLite takes bare columns from the row holding max(): the latest inspection of each kind.
        INSERT INTO inspection_due (building_id, inspection_kind, event_id, inspected_on, next_due)
            SELECT building_id, subkind, event_id, max(event_date), due_date
            FROM event_current
            WHERE NEW.kind = 'inspection' AND building_id = NEW.building_id
              AND kind = 'inspection' AND NOT retracted
            GROUP BY subkind;
    END""",
]


def _create_v1(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA_V1:
        conn.execute(statement)


MIGRATIONS: tuple[Migration, ...] = (Migration(1, "create the logbook schema", _create_v1),)
"""Schema steps, in order. Add a step here (never edit a released one) to change the schema."""

SCHEMA_VERSION = MIGRATIONS[-1].to_version


# --------------------------------------------------------------------------- helpers


def _utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def _parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _utc_iso(value: Any) -> str:
    """An imported time as our UTC ISO text (so times sort as text); naive times are taken as UTC."""
    text = _check_text("recorded_at", value)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise FieldValueError("recorded_at", value, message("not_iso_time")) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def _check_revision_chains(events: Sequence[tuple[Any, ...]]) -> None:
    """Refuse imported event revisions that do not make a history.

    Each entry is an add, then amends, then at most a retraction, numbered
    1, 2, 3... without gaps, in time order, all of the same kind.

    ``events`` holds ``(event_id, revision, kind, data, action, recorded_at, ...)`` tuples. Without
    this check an "amend" with no "add", or a revision 2 without revision 1, would be stored as the
    current state of an entry that never existed.
    """
    chains: dict[str, dict[int, tuple[Any, ...]]] = {}
    for rev in events:
        event_id, revision = rev[0], rev[1]
        chain = chains.setdefault(event_id, {})
        if revision in chain:
            raise FieldValueError("revision", revision, message("revision_twice", event_id=event_id))
        chain[revision] = rev
    for event_id, chain in chains.items():
        first = chain.get(1)
        for number in range(1, max(chain) + 1):
            if number not in chain:
                later = min(n for n in chain if n > number)
                raise FieldValueError("revision", later, message("revision_missing", event_id=event_id, missing=number))
        if first[4] != "add":
            raise FieldValueError("action", first[4], message("first_revision_not_add", event_id=event_id))
        previous = first
        for number in range(2, len(chain) + 1):
            rev = chain[number]
            if previous[4] == "retract":
                raise FieldValueError(
                    "revision", number, message("revised_after_retraction", event_id=event_id, retracted=previous[1])
                )
            if rev[4] == "add":
                raise FieldValueError("action", "add", message("add_after_first", revision=number, event_id=event_id))
            if rev[2] != first[2]:
                raise FieldValueError("kind", rev[2], message("kind_changed", kind=first[2], event_id=event_id))
            if rev[5] < previous[5]:
                raise FieldValueError("recorded_at", rev[5], message(
                    "recorded_before_previous", revision=number, event_id=event_id, previous=previous[1]
                ))
            previous = rev


def _check_building_id(building_id: Any) -> str:
    if not isinstance(building_id, str) or not building_id.strip():
        raise FieldValueError("building_id", building_id, message("not_building_id"))
    if len(building_id) > _MAX_BUILDING_ID or any(ord(c) < 32 for c in building_id):
        raise FieldValueError("building_id", building_id, message("building_id_too_long", max_length=_MAX_BUILDING_ID))
    return building_id


def _check_text(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldValueError(name, value, message("required_text"))
    return value.strip()


def _subkind_and_due(kind: str, data: Mapping[str, Any]) -> tuple[str | None, str | None]:
    if kind == "inspection":
        return data.get("inspection_kind"), data.get("next_due")
    if kind == "works":
        return data.get("category"), None
    if kind == "document":
        return data.get("document_kind"), None
    return None, None


def _is_busy(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return True
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _describe_read_failure(error: sqlite3.Error, path: Path) -> LogbookMessage:
    """The user-facing reason a logbook could not be opened or read, from SQLite's error code."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if isinstance(error, sqlite3.ProgrammingError) and "closed" in text:
        return message("logbook_closed")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return message("cannot_open_for_reading", path=path)
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text.lower():
        return message("io_error_reading", path=path)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return message("file_damaged", path=path, error=text)
    return message("sqlite_read_error", path=path, error=text)


def _describe_os_failure(error: OSError, path: Path) -> LogbookMessage:
    """The user-facing reason the system refused a file operation on ``path``."""
    if error.errno == errno.ENOSPC:
        return message("disk_full", path=path)
    if error.errno == errno.EROFS:
        return message("path_read_only", path=path)
    if error.errno in (errno.EACCES, errno.EPERM):
        return message("no_permission", path=path)
    if error.errno == errno.ENOENT:
        return message("not_found", path=path)
    if error.errno == errno.ENOTDIR:
        return message("file_in_the_way", path=path)
    return message("system_error", error=error.strerror or str(error))


def _reason_of(error: BaseException) -> LogbookMessage | str:
    """What an error says: its coded message when it has one."""
    if error.args and isinstance(error.args[0], LogbookMessage):
        return error.args[0]
    return str(error)


def _describe_write_failure(error: sqlite3.Error, path: Path) -> LogbookMessage:
    """The user-facing reason a write failed, from SQLite's error code."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return message("disk_full", path=path)
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return message("path_read_only", path=path)
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return message("cannot_open_for_writing", path=path)
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text.lower():
        return message("io_error", path=path)
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return message("file_damaged", path=path, error=text)
    return message("sqlite_write_error", path=path, error=text)


# --------------------------------------------------------------------------- SQLite store


class SQLiteLogbookStore(LogbookStore):
    """The logbooks of one city project in one SQLite file.

    Parameters
    ----------
    path : path-like
        The database file; created (with its schema) when missing, unless read-only.
    author : str
        Recorded with every change this store writes (required unless read-only).
    read_only : bool
        Viewer mode: the file is opened read-only and every write raises
        :class:`LogbookReadOnlyError`.
    documents_dir : path-like, optional
        Where attached documents are stored; default ``<path stem>_documents``
        beside the database.
    document_limit_bytes : int
        Largest document accepted (50 MiB by default).
    lock_timeout_s : float
        How long a read or write waits for other processes before giving up
        with :class:`LogbookBusyError` (SQLite's busy timeout plus retries).

    Notes
    -----
    One connection, guarded by a lock: the store can be shared between the
    GUI thread and a worker thread. Several processes can open the same file;
    WAL lets readers read while one writer writes.
    """

    schema_version: int = SCHEMA_VERSION
    migrations: tuple[Migration, ...] = MIGRATIONS
    immutable_snapshot: bool = False
    """True when a read-only store reads a file in a read-only folder as a snapshot
    (SQLite cannot share the WAL index there; later changes by others are not seen)."""
    last_migration_backup: Path | None = None
    """The backup made by the migration run when this store was opened, if any."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        author: str | None = None,
        read_only: bool = False,
        *,
        documents_dir: str | os.PathLike[str] | None = None,
        document_limit_bytes: int = DEFAULT_DOCUMENT_LIMIT_BYTES,
        lock_timeout_s: float = 30.0,
    ) -> None:
        self.path = Path(path).absolute()
        self.read_only = bool(read_only)
        if not self.read_only:
            if not isinstance(author, str) or not author.strip():
                raise ValueError("a logbook opened for editing needs an author (the person recorded with each change)")
        self.author = (author or "").strip()
        self.documents_dir = (
            Path(documents_dir).absolute() if documents_dir is not None else self.path.with_name(f"{self.path.stem}_documents")
        )
        if document_limit_bytes <= 0:
            raise ValueError(f"document_limit_bytes must be positive, got {document_limit_bytes}")
        self.document_limit_bytes = int(document_limit_bytes)
        self.lock_timeout_s = float(lock_timeout_s)
        self._lock = threading.RLock()
        self._listeners: list[Callable[[ChangeEvent], None]] = []
        self._conn = self._connect()
        try:
            self._prepare_schema()
        except BaseException:
            self._conn.close()
            raise
        self._data_version = self._pragma_int("data_version")

    @property
    def location(self) -> str:
        return str(self.path)

    def reopen(self, *, read_only: bool, author: str | None = None) -> SQLiteLogbookStore:
        return type(self)(  # a subclass (another schema version) reopens as itself
            self.path,
            author=author,
            read_only=read_only,
            documents_dir=self.documents_dir,
            document_limit_bytes=self.document_limit_bytes,
            lock_timeout_s=self.lock_timeout_s,
        )

    # -- connection and transactions ------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        busy_ms = int(min(self.lock_timeout_s, 5.0) * 1000)
        try:
            if self.read_only:
                if not self.path.is_file():
                    raise LogbookError(message("no_logbook", path=self.path))
                conn = sqlite3.connect(
                    f"{self.path.as_uri()}?mode=ro", uri=True, timeout=busy_ms / 1000,
                    isolation_level=None, check_same_thread=False,
                )
                conn.execute("PRAGMA query_only = ON")
            else:
                if not self.path.parent.is_dir():
                    raise LogbookWriteError(message("cannot_create_no_folder", path=self.path))
                if not self.path.exists() and not os.access(self.path.parent, os.W_OK):
                    raise LogbookWriteError(message("cannot_create_read_only_folder", path=self.path))
                conn = sqlite3.connect(
                    str(self.path), timeout=busy_ms / 1000, isolation_level=None, check_same_thread=False
                )
        except sqlite3.Error as exc:
            if self.read_only:
                raise LogbookError(
                    message("cannot_open_logbook", path=self.path, reason=_describe_read_failure(exc, self.path))
                ) from exc
            raise LogbookWriteError(
                message("cannot_open_for_editing", path=self.path, reason=_describe_write_failure(exc, self.path))
            ) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
            # The first read opens the WAL index (-shm), which needs a writable folder.
            self._retry(lambda: conn.execute("PRAGMA user_version").fetchone())
        except sqlite3.DatabaseError as exc:
            conn.close()
            name = getattr(exc, "sqlite_errorname", "") or ""
            if name.startswith("SQLITE_NOTADB") or not isinstance(exc, sqlite3.OperationalError):
                raise self._not_a_logbook(exc) from exc
            if not name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
                raise LogbookError(
                    message("cannot_open_logbook", path=self.path, reason=_describe_read_failure(exc, self.path))
                ) from exc
            if not self.read_only:
                raise LogbookWriteError(message("cannot_edit_read_only_folder", path=self.path)) from exc
            # A viewer in a read-only folder: SQLite cannot create the WAL index,
            # so read the file as an immutable snapshot (nobody can write there either).
            conn = sqlite3.connect(
                f"{self.path.as_uri()}?mode=ro&immutable=1", uri=True, timeout=busy_ms / 1000,
                isolation_level=None, check_same_thread=False,
            )
            conn.execute("PRAGMA query_only = ON")
            self.immutable_snapshot = True
        try:
            conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
            # FULL: the WAL is synced at every commit, so a confirmed write survives a crash or power cut.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            # 64 MiB page cache: bulk imports touch several indexes per row.
            conn.execute("PRAGMA cache_size = -65536")
        except sqlite3.Error as exc:
            conn.close()
            raise LogbookError(
                message("cannot_open_logbook", path=self.path, reason=_describe_read_failure(exc, self.path))
            ) from exc
        return conn

    def _not_a_logbook(self, error: sqlite3.DatabaseError) -> LogbookSchemaError:
        """The error for a file SQLite cannot read as a database: another kind of file, or a damaged one."""
        name = getattr(error, "sqlite_errorname", "") or ""
        if name.startswith("SQLITE_NOTADB") or "not a database" in str(error):
            return LogbookSchemaError(message("not_sqlite", path=self.path))
        return LogbookSchemaError(
            message("cannot_open_logbook", path=self.path, reason=_describe_read_failure(error, self.path))
        )

    def _pragma_int(self, name: str) -> int:
        return int(self._retry(lambda: self._conn.execute(f"PRAGMA {name}").fetchone()[0]))

    def _retry(self, operation: Callable[[], T], *, writing: bool = False) -> T:
        """Run ``operation``, retrying while another process holds the file.

        SQLite's busy handler already waits; this loop covers the cases it does
        not (a lock taken while recovering a WAL after a crash, or held longer
        than one busy timeout) so "database is locked" never reaches the user.
        """
        deadline = time.monotonic() + self.lock_timeout_s
        delay = 0.005
        while True:
            try:
                return operation()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise LogbookBusyError(
                        message("busy_saving" if writing else "busy_reading", path=self.path, seconds=self.lock_timeout_s)
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.25)

    def _check_writable(self, operation: str) -> None:
        if self.read_only:
            raise LogbookReadOnlyError(message("read_only", name=self.path.name, operation=operation))

    def _write(self, operation: str, body: Callable[[sqlite3.Connection, str], T]) -> T:
        """Run ``body(conn, now)`` in one BEGIN IMMEDIATE transaction; all of it or none of it.

        SQLite errors become :class:`LogbookWriteError`; validation errors
        (``ValueError``) pass through. Either way the transaction is rolled back.
        """
        self._check_writable(operation)

        def attempt() -> T:
            conn = self._conn
            # IMMEDIATE takes the write lock now: a deferred transaction that
            # upgrades later can fail with SQLITE_BUSY half-way through.
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = body(conn, _utc_now())
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                raise
            return result

        with self._lock:
            try:
                result = self._retry(attempt, writing=True)
            except sqlite3.Error as exc:
                raise LogbookWriteError(
                    message("write_failed", operation=operation, reason=_describe_write_failure(exc, self.path))
                ) from exc
            return result

    def _read(self, body: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``body(conn)`` in one read transaction (one consistent snapshot)."""

        def attempt() -> T:
            conn = self._conn
            conn.execute("BEGIN")
            try:
                return body(conn)
            finally:
                with contextlib.suppress(sqlite3.Error):
                    if conn.in_transaction:
                        conn.execute("COMMIT")

        with self._lock:
            try:
                return self._retry(attempt)
            except sqlite3.Error as exc:
                raise LogbookError(
                    message("cannot_read_logbook", path=self.path, reason=_describe_read_failure(exc, self.path))
                ) from exc

    # -- schema and migrations -------------------------------------------------------------

    def _prepare_schema(self) -> None:
        conn = self._conn
        try:
            version = self._pragma_int("user_version")
            app_id = self._pragma_int("application_id")
            tables = self._retry(lambda: conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise self._not_a_logbook(exc) from exc
        if app_id not in (0, APPLICATION_ID) or (version == 0 and tables):
            raise LogbookSchemaError(message("not_maquette_logbook", path=self.path))
        if version > self.schema_version:
            raise LogbookSchemaError(message("schema_too_new", path=self.path, version=version, known=self.schema_version))
        if self.read_only:
            if version < self.schema_version:
                raise LogbookSchemaError(
                    message("schema_needs_upgrade", path=self.path, version=version, target=self.schema_version)
                )
            return
        try:
            # WAL must be set outside a transaction; it is persistent in the file.
            mode = self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0], writing=True)
        except sqlite3.Error as exc:
            raise LogbookWriteError(
                message("cannot_open_for_editing", path=self.path, reason=_describe_write_failure(exc, self.path))
            ) from exc
        if str(mode).lower() != "wal":
            raise LogbookWriteError(
                message("cannot_open_for_editing", path=self.path, reason=message("wal_refused", mode=mode))
            )
        if version < self.schema_version:
            self._migrate(version)

    def _migrate(self, from_version: int) -> None:
        """Run the pending migrations in one transaction, after backing the file up."""
        backup_path: Path | None = None
        if from_version > 0:
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
            backup_path = self.path.with_name(f"{self.path.name}.schema{from_version}-{stamp}.bak")
            try:
                self.backup(backup_path)
            except (LogbookError, OSError, sqlite3.Error) as exc:
                raise LogbookSchemaError(message(
                    "upgrade_backup_failed", path=self.path, target=self.schema_version, reason=_reason_of(exc)
                )) from exc
        pending = [m for m in self.migrations if m.to_version > from_version]
        conn = self._conn

        def run() -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while we waited for the lock.
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                for step in pending:
                    if step.to_version <= current:
                        continue
                    step.apply(conn)
                    conn.execute(f"PRAGMA user_version = {int(step.to_version)}")
                if current == 0:
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    conn.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES ('created_at', ?)", (_utc_now(),)
                    )
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                raise

        with self._lock:
            try:
                self._retry(run, writing=True)
            except Exception as exc:
                reason = _describe_write_failure(exc, self.path) if isinstance(exc, sqlite3.Error) else _reason_of(exc)
                params = {"path": self.path, "version": from_version, "target": self.schema_version, "reason": reason}
                if backup_path:
                    raise LogbookSchemaError(message("upgrade_failed_backup", backup=backup_path, **params)) from exc
                raise LogbookSchemaError(message("upgrade_failed", **params)) from exc
        self.last_migration_backup = backup_path

    # -- writing ---------------------------------------------------------------------------

    def _notify(self, building_ids: Iterable[str]) -> None:
        event = ChangeEvent(frozenset(building_ids))
        if not event.building_ids:
            return
        for listener in list(self._listeners):
            # The change is committed: a failing listener must not make the
            # caller believe the save failed (the save contract).
            try:
                listener(event)
            except Exception:
                _log.exception("logbook change listener %r failed", listener)

    def add_listener(self, callback: Callable[[ChangeEvent], None]) -> Callable[[], None]:
        """Call ``callback(ChangeEvent)`` after each committed write of this store.

        It runs in the writing thread: a Qt panel re-emits it as a signal to
        reach the GUI thread. Returns a function that removes the listener.
        """
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def changed_elsewhere(self) -> bool:
        """True once another connection (another process, another store) has committed since the last call."""
        with self._lock:
            try:
                version = self._pragma_int("data_version")
            except sqlite3.Error as exc:  # closed, or the file went away
                raise LogbookError(
                    message("cannot_read_logbook", path=self.path, reason=_describe_read_failure(exc, self.path))
                ) from exc
            changed = version != self._data_version
            self._data_version = version
            return changed

    def _field_rows(
        self,
        changes: Iterable[tuple[str, str, Any]],
        action: str,
        author: str,
        reason: str,
        source: str | None,
    ) -> tuple[list[tuple[Any, ...]], set[str]]:
        rows: list[tuple[Any, ...]] = []
        buildings: set[str] = set()
        for building_id, key, value in changes:
            _check_building_id(building_id)
            stored = None if action == "clear" else validate_field(key, value)
            if action == "clear" and key not in FIELDS:
                raise FieldValueError(key, None, message("unknown_field"))
            if isinstance(stored, bool):
                stored = int(stored)
            rows.append((building_id, key, stored, action, author, reason, source))
            buildings.add(building_id)
        return rows, buildings

    def _insert_field_rows(self, conn: sqlite3.Connection, now: str, rows: list[tuple[Any, ...]]) -> int:
        # Unchanged values are not recorded: re-importing a file must not grow the history.
        set_sql = (
            "INSERT INTO field_history (building_id, field, value, action, recorded_at, author, reason, source) "
            "SELECT ?1, ?2, ?3, ?4, ?8, ?5, ?6, ?7 WHERE NOT EXISTS "
            "(SELECT 1 FROM field_current WHERE building_id = ?1 AND field = ?2 AND value IS ?3)"
        )
        clear_sql = (
            "INSERT INTO field_history (building_id, field, value, action, recorded_at, author, reason, source) "
            "SELECT ?1, ?2, NULL, 'clear', ?8, ?5, ?6, ?7 WHERE EXISTS "
            "(SELECT 1 FROM field_current WHERE building_id = ?1 AND field = ?2)"
        )
        written = 0
        sets = [r + (now,) for r in rows if r[3] != "clear"]
        clears = [r + (now,) for r in rows if r[3] == "clear"]
        if sets:
            written += conn.executemany(set_sql, sets).rowcount
        if clears:
            written += conn.executemany(clear_sql, clears).rowcount
        return written

    def _author(self, author: str | None) -> str:
        return _check_text("author", author) if author is not None else self.author

    def write_fields(
        self,
        changes: Iterable[tuple[str, str, Any]],
        *,
        reason: str,
        correction: bool = False,
        source: str | None = None,
        author: str | None = None,
    ) -> int:
        self._check_writable("the change")
        reason = _check_text("reason", reason)
        rows, buildings = self._field_rows(changes, "correct" if correction else "set", self._author(author), reason, source)
        written = self._write("the change", lambda conn, now: self._insert_field_rows(conn, now, rows))
        if written:
            self._notify(buildings)
        return written

    def set_fields(
        self,
        building_id: str,
        values: Mapping[str, Any],
        *,
        reason: str,
        correction: bool = False,
        source: str | None = None,
        author: str | None = None,
    ) -> int:
        return self.write_fields(
            ((building_id, k, v) for k, v in values.items()),
            reason=reason, correction=correction, source=source, author=author,
        )

    def set_field(self, building_id: str, key: str, value: Any, *, reason: str, correction: bool = False) -> int:
        """Shortcut for :meth:`set_fields` with one field."""
        return self.set_fields(building_id, {key: value}, reason=reason, correction=correction)

    def clear_fields(self, building_id: str, keys: Iterable[str], *, reason: str, author: str | None = None) -> int:
        self._check_writable("clearing the fields")
        reason = _check_text("reason", reason)
        rows, buildings = self._field_rows(
            ((building_id, k, None) for k in keys), "clear", self._author(author), reason, None
        )
        written = self._write("clearing the fields", lambda conn, now: self._insert_field_rows(conn, now, rows))
        if written:
            self._notify(buildings)
        return written

    def _event_row(
        self,
        conn: sqlite3.Connection,
        now: str,
        event_id: str,
        revision: int,
        building_id: str,
        kind: str,
        data: dict[str, Any],
        action: str,
        author: str,
        reason: str,
        source: str | None,
        recorded_at: str | None = None,
    ) -> None:
        subkind, due = _subkind_and_due(kind, data)
        conn.execute(
            "INSERT INTO event_history (event_id, revision, building_id, kind, event_date, subkind, due_date, data, "
            "action, recorded_at, author, reason, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event_id, revision, building_id, kind, data["date"], subkind, due,
                json.dumps(data, ensure_ascii=False, sort_keys=True), action, recorded_at or now, author, reason, source,
            ),
        )

    def _check_attached_to(self, conn: sqlite3.Connection, building_id: str, data: Mapping[str, Any]) -> None:
        target = data.get("attached_to")
        if target is None:
            return
        row = conn.execute("SELECT building_id FROM event_current WHERE event_id = ?", (target,)).fetchone()
        if row is None or row[0] != building_id:
            raise FieldValueError("attached_to", target, message("not_entry_of_building", building_id=building_id))

    def add_events(
        self,
        events: Iterable[tuple[str, str, Mapping[str, Any]]],
        *,
        reason: str,
        source: str | None = None,
        author: str | None = None,
        event_ids: Sequence[str] | None = None,
    ) -> list[str]:
        self._check_writable("the new entry")
        reason = _check_text("reason", reason)
        who = self._author(author)
        prepared = []
        for i, (building_id, kind, data) in enumerate(events):
            _check_building_id(building_id)
            clean = validate_event_data(kind, data)
            event_id = event_ids[i] if event_ids is not None else uuid.uuid4().hex
            if not _EVENT_ID.fullmatch(event_id):
                raise FieldValueError("event_id", event_id, message("not_event_id"))
            prepared.append((event_id, building_id, kind, clean))

        def body(conn: sqlite3.Connection, now: str) -> list[str]:
            for event_id, building_id, kind, clean in prepared:
                self._check_attached_to(conn, building_id, clean)
                try:
                    self._event_row(conn, now, event_id, 1, building_id, kind, clean, "add", who, reason, source)
                except sqlite3.IntegrityError as exc:
                    raise FieldValueError("event_id", event_id, message("event_id_used")) from exc
            return [p[0] for p in prepared]

        ids = self._write("the new entry", body)
        self._notify(p[1] for p in prepared)
        return ids

    def add_event(
        self,
        building_id: str,
        kind: str,
        data: Mapping[str, Any],
        *,
        reason: str,
        source: str | None = None,
        author: str | None = None,
        event_id: str | None = None,
    ) -> str:
        return self.add_events(
            [(building_id, kind, data)], reason=reason, source=source, author=author,
            event_ids=[event_id] if event_id is not None else None,
        )[0]

    def _revise_event(
        self, event_id: str, changes: Mapping[str, Any] | None, action: str, reason: str, author: str | None
    ) -> int:
        operation = "the correction of the entry" if action == "amend" else "the retraction of the entry"
        self._check_writable(operation)
        reason = _check_text("reason", reason)
        who = self._author(author)
        building: list[str] = []

        def body(conn: sqlite3.Connection, now: str) -> int:
            row = conn.execute(
                "SELECT building_id, kind, data, revision, retracted FROM event_current WHERE event_id = ?", (event_id,)
            ).fetchone()
            if row is None:
                raise KeyError(f"no logbook entry with id {event_id!r}")
            building_id, kind, data_text, revision, retracted = row
            if retracted:
                raise FieldValueError("event_id", event_id, message("event_retracted"))
            data = json.loads(data_text)
            if changes is not None:
                for key, value in changes.items():
                    if value is None:
                        data.pop(key, None)
                    else:
                        data[key] = value
                if kind == "document" and any(k in changes for k in ("sha256", "size_bytes")):
                    raise FieldValueError("sha256", changes.get("sha256"), message("document_hash_fixed"))
            clean = validate_event_data(kind, data)
            if kind == "document":
                self._check_attached_to(conn, building_id, clean)
            self._event_row(conn, now, event_id, revision + 1, building_id, kind, clean, action, who, reason, None)
            building.append(building_id)
            return int(revision + 1)

        revision = self._write(operation, body)
        self._notify(building)
        return revision

    def amend_event(self, event_id: str, changes: Mapping[str, Any], *, reason: str, author: str | None = None) -> int:
        return self._revise_event(event_id, changes, "amend", reason, author)

    def retract_event(self, event_id: str, *, reason: str, author: str | None = None) -> int:
        return self._revise_event(event_id, None, "retract", reason, author)

    def append_history(
        self,
        building_id: str,
        field_entries: Sequence[Mapping[str, Any]],
        event_revisions: Sequence[Mapping[str, Any]],
        *,
        source: str | None,
    ) -> int:
        """Append history written elsewhere (a JSON logbook), keeping its authors, times and reasons.

        Only for a building with no history here yet, so that the imported
        history stays in order and its latest entries become current. Every
        entry is validated; all of them are written or none.
        """
        self._check_writable("the import")
        _check_building_id(building_id)
        fields: list[tuple[Any, ...]] = []
        for entry in field_entries:
            action = entry.get("action")
            if action not in ("set", "correct", "clear"):
                raise FieldValueError("action", action, message("not_field_action"))
            key = entry.get("field")
            value = None if action == "clear" else validate_field(str(key), entry.get("value"))
            if action == "clear" and key not in FIELDS:
                raise FieldValueError(str(key), None, message("unknown_field"))
            if isinstance(value, bool):
                value = int(value)
            recorded = _utc_iso(entry.get("recorded_at"))
            fields.append((building_id, key, value, action, recorded, _check_text("author", entry.get("author")),
                           _check_text("reason", entry.get("reason")), source))
        events: list[tuple[Any, ...]] = []
        for rev in event_revisions:
            kind = str(rev.get("kind"))
            action = rev.get("action")
            if action not in ("add", "amend", "retract"):
                raise FieldValueError("action", action, message("not_event_action"))
            event_id = str(rev.get("event_id"))
            if not _EVENT_ID.fullmatch(event_id):
                raise FieldValueError("event_id", event_id, message("not_event_id"))
            revision = rev.get("revision")
            if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
                raise FieldValueError("revision", revision, message("not_revision"))
            clean = validate_event_data(kind, rev.get("data") or {})
            recorded = _utc_iso(rev.get("recorded_at"))
            events.append((event_id, revision, kind, clean, action, recorded, _check_text("author", rev.get("author")),
                           _check_text("reason", rev.get("reason"))))
        _check_revision_chains(events)

        def body(conn: sqlite3.Connection, now: str) -> int:
            exists = conn.execute("SELECT 1 FROM buildings WHERE building_id = ?", (building_id,)).fetchone()
            if exists:
                raise FieldValueError(
                    "building_id", building_id,
                    message("building_has_logbook"),
                )
            conn.executemany(
                "INSERT INTO field_history (building_id, field, value, action, recorded_at, author, reason, source) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                sorted(fields, key=lambda r: r[4]),
            )
            for event_id, revision, kind, clean, action, recorded, who, why in sorted(events, key=lambda r: (r[5], r[1])):
                try:
                    self._event_row(conn, now, event_id, revision, building_id, kind, clean, action, who, why,
                                    source, recorded_at=recorded)
                except sqlite3.IntegrityError as exc:
                    raise FieldValueError("event_id", event_id, message("revision_stored", revision=revision)) from exc
            return len(fields) + len(events)

        written = self._write("the import", body)
        self._notify([building_id])
        return written

    def set_meta(self, key: str, value: str) -> None:
        """Record a property of the whole logbook (e.g. that it holds sample data)."""
        self._write("the logbook property", lambda conn, now: conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value)))

    def meta(self) -> dict[str, str]:
        """Properties of the whole logbook (``created_at``, ``sample_data``...)."""
        return self._read(lambda conn: dict(conn.execute("SELECT key, value FROM meta").fetchall()))

    # -- documents ---------------------------------------------------------------------------

    def _documents_root(self, create: bool) -> Path:
        root = self.documents_dir
        if create:
            try:
                root.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LogbookWriteError(message(
                    "cannot_create_documents_folder", path=root, reason=_describe_os_failure(exc, root)
                )) from exc
        if root.is_symlink():
            raise DocumentError(message("documents_folder_link", path=root))
        return Path(os.path.realpath(root))

    def _blob_location(self, sha256: str, create: bool) -> Path:
        """Where the document with this hash lives; the name comes from the hash only."""
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise DocumentError(message("not_document_hash", value=sha256))
        root = self._documents_root(create)
        folder = root / sha256[:2]
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise DocumentError(message("not_plain_folder", path=folder))
        if create:
            try:
                folder.mkdir(exist_ok=True)
            except OSError as exc:
                raise LogbookWriteError(message(
                    "cannot_create_documents_folder", path=folder, reason=_describe_os_failure(exc, folder)
                )) from exc
        target = folder / sha256
        # Belt and braces: the resolved folder must still be inside the root.
        if os.path.commonpath([root, os.path.realpath(folder)]) != str(root):
            raise DocumentError(message("folder_outside_documents", path=folder, root=root))
        return target

    def _store_blob(self, source: Path) -> tuple[str, int]:
        """Copy ``source`` into the documents folder under its SHA-256; returns (hash, size)."""
        try:
            st = os.stat(source)
        except OSError as exc:
            raise DocumentError(message("document_unreadable", path=source, reason=_describe_os_failure(exc, source))) from exc
        if not stat.S_ISREG(st.st_mode):
            raise DocumentError(message("document_not_file", path=source))
        if st.st_size > self.document_limit_bytes:
            raise DocumentError(message(
                "document_too_large", name=source.name, size_mb=st.st_size / 1e6, limit_mb=self.document_limit_bytes / 1e6
            ))
        root = self._documents_root(create=True)
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=root)
        except OSError as exc:
            raise LogbookWriteError(message(
                "documents_folder_not_writable", path=root, reason=_describe_os_failure(exc, root)
            )) from exc
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while chunk := src.read(1 << 20):
                    size += len(chunk)
                    # The file may grow while we read it: the limit holds for what we store.
                    if size > self.document_limit_bytes:
                        raise DocumentError(message(
                            "document_grew_too_large", name=source.name, limit_mb=self.document_limit_bytes / 1e6
                        ))
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self._blob_location(sha, create=True)
            if target.is_file() and not target.is_symlink() and target.stat().st_size == size:
                tmp.unlink()  # same content already stored
            else:
                os.replace(tmp, target)
                fsync_dir(target.parent)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            if exc.filename and os.path.realpath(exc.filename) == os.path.realpath(source):
                # The source went away or became unreadable between the checks and the copy.
                raise DocumentError(
                    message("document_unreadable", path=source, reason=_describe_os_failure(exc, source))
                ) from exc
            raise LogbookWriteError(
                message("document_not_saved", name=source.name, reason=_describe_os_failure(exc, root))
            ) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return sha, size

    def attach_document(
        self,
        building_id: str,
        file_path: str | os.PathLike[str],
        *,
        reason: str,
        document_kind: str = "other",
        title: str | None = None,
        date: str | dt.date | None = None,
        attached_to: str | None = None,
        author: str | None = None,
    ) -> str:
        """Store a file by content hash and add a ``document`` event for it.

        The file is copied to ``documents_dir/<h[:2]>/<h>`` where ``h`` is its
        SHA-256: its original name is kept as metadata only and never used to
        build a path, so no name (``../../etc/passwd``, absolute paths, links)
        can place a file outside the documents folder. The copy is written
        to a temporary file, synced, then renamed. If the database write then
        fails, the stored copy is an unreferenced file that a later attach of
        the same content reuses.
        """
        self._check_writable("the document")
        _check_building_id(building_id)
        reason = _check_text("reason", reason)
        source = Path(file_path)
        original = "".join(c if ord(c) >= 32 else "?" for c in source.name)[:255] or "document"
        data: dict[str, Any] = {
            "date": date or dt.date.today(),
            "document_kind": document_kind,
            "title": title,
            "original_name": original,
            "media_type": mimetypes.guess_type(original)[0],
            "attached_to": attached_to,
            "sha256": "0" * 64,  # validated now, replaced once hashed
            "size_bytes": 0,
        }
        validate_event_data("document", data)  # fail before copying anything
        sha, size = self._store_blob(source)
        data.update(sha256=sha, size_bytes=size)
        clean = validate_event_data("document", data)
        event_id = uuid.uuid4().hex
        who = self._author(author)

        def body(conn: sqlite3.Connection, now: str) -> str:
            self._check_attached_to(conn, building_id, clean)
            conn.execute("INSERT OR IGNORE INTO documents (sha256, size_bytes, stored_at) VALUES (?, ?, ?)", (sha, size, now))
            self._event_row(conn, now, event_id, 1, building_id, "document", clean, "add", who, reason, None)
            return event_id

        result = self._write("the document", body)
        self._notify([building_id])
        return result

    def document_path(self, sha256: str) -> Path:
        target = self._blob_location(sha256, create=False)
        try:
            st = os.lstat(target)
        except OSError as exc:
            raise DocumentError(message("document_missing", short=sha256[:12], folder=self.documents_dir)) from exc
        if not stat.S_ISREG(st.st_mode):
            raise DocumentError(message("document_is_link", short=sha256[:12]))
        return target

    def read_document(self, sha256: str, *, verify: bool = True) -> bytes:
        """Content of a stored document; with ``verify``, checked against its hash."""
        target = self.document_path(sha256)
        # O_NOFOLLOW: the checked path cannot be swapped for a link between check and open.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(target, flags)
            with os.fdopen(fd, "rb") as f:
                content = f.read(self.document_limit_bytes + 1)
        except OSError as exc:
            raise DocumentError(
                message("stored_document_unreadable", short=sha256[:12], reason=_describe_os_failure(exc, target))
            ) from exc
        if verify and hashlib.sha256(content).hexdigest() != sha256:
            raise DocumentError(message("document_damaged", short=sha256[:12]))
        return content

    # -- reading ---------------------------------------------------------------------------

    def building_ids(self) -> list[str]:
        return self._read(lambda conn: [r[0] for r in conn.execute("SELECT building_id FROM buildings ORDER BY building_id")])

    def current(self, building_id: str) -> dict[str, Any]:
        return self._read(lambda conn: self._current(conn, building_id))

    @staticmethod
    def _current(conn: sqlite3.Connection, building_id: str) -> dict[str, Any]:
        rows = conn.execute("SELECT field, value FROM field_current WHERE building_id = ?", (building_id,)).fetchall()
        values = {key: FIELDS[key].decode(value) for key, value in rows if key in FIELDS}
        return {key: values[key] for key in FIELDS if key in values}  # catalogue order

    def building_summary(self, building_id: str, *, today: dt.date | None = None) -> BuildingSummary:
        day = (today or dt.date.today()).isoformat()

        def body(conn: sqlite3.Connection) -> BuildingSummary:
            values = self._current(conn, building_id)
            groups: dict[str, dict[str, Any]] = {g: {} for g in GROUPS}
            for key, value in values.items():
                groups[FIELDS[key].group][key] = value
            due = [
                InspectionDue(kind, inspected, next_due, next_due is not None and next_due < day, event_id)
                for kind, inspected, next_due, event_id in conn.execute(
                    "SELECT inspection_kind, inspected_on, next_due, event_id FROM inspection_due "
                    "WHERE building_id = ? ORDER BY next_due IS NULL, next_due",
                    (building_id,),
                )
            ]
            counts = dict(
                conn.execute(
                    "SELECT kind, count(*) FROM event_current WHERE building_id = ? AND NOT retracted GROUP BY kind",
                    (building_id,),
                ).fetchall()
            )
            # Each side reads one index entry; imported history may be older than its seq suggests.
            candidates = [
                row
                for sql in (
                    "SELECT recorded_at, author FROM field_history WHERE building_id = ? ORDER BY seq DESC LIMIT 1",
                    "SELECT recorded_at, author FROM event_history WHERE building_id = ? ORDER BY seq DESC LIMIT 1",
                )
                if (row := conn.execute(sql, (building_id,)).fetchone()) is not None
            ]
            last = max(candidates, default=None)
            sample = conn.execute(
                "SELECT 1 FROM field_current c JOIN field_history h ON h.seq = c.seq "
                "WHERE c.building_id = ? AND h.source = ? LIMIT 1",
                (building_id, SAMPLE_SOURCE),
            ).fetchone()
            valid_until = values.get("dpe_valid_until")
            return BuildingSummary(
                building_id=building_id,
                groups={g: v for g, v in groups.items()},
                next_inspections=due,
                event_counts=counts,
                dpe_valid=None if valid_until is None else valid_until >= day,
                last_changed_at=_parse_time(last[0]) if last else None,
                last_changed_by=last[1] if last else None,
                sample_data=sample is not None,
            )

        return self._read(body)

    def history(self, building_id: str, field: str | None = None) -> list[FieldEntry]:
        if field is not None:
            field_spec(field)  # KeyError naming the known fields
        sql = (
            "SELECT seq, building_id, field, value, action, recorded_at, author, reason, source "
            "FROM field_history WHERE building_id = ?"
        )
        params: tuple[Any, ...] = (building_id,)
        if field is not None:
            sql += " AND field = ?"
            params += (field,)
        sql += " ORDER BY seq"

        def body(conn: sqlite3.Connection) -> list[FieldEntry]:
            return [
                FieldEntry(seq, b, f, FIELDS[f].decode(v) if f in FIELDS else v, a, _parse_time(t), who, why, src)
                for seq, b, f, v, a, t, who, why, src in conn.execute(sql, params)
            ]

        return self._read(body)

    def timeline(self, building_id: str, *, include_retracted: bool = False) -> list[TimelineEvent]:
        sql = (
            "SELECT event_id, building_id, kind, event_date, data, revision, retracted, created_at, updated_at, "
            "author, source FROM event_current WHERE building_id = ?"
        )
        if not include_retracted:
            sql += " AND NOT retracted"
        sql += " ORDER BY event_date, seq"

        def body(conn: sqlite3.Connection) -> list[TimelineEvent]:
            return [
                TimelineEvent(eid, b, kind, day, json.loads(data), rev, bool(retracted),
                              _parse_time(created), _parse_time(updated), who, src)
                for eid, b, kind, day, data, rev, retracted, created, updated, who, src in conn.execute(sql, (building_id,))
            ]

        return self._read(body)

    def event_history(self, event_id: str) -> list[EventRevision]:
        def body(conn: sqlite3.Connection) -> list[EventRevision]:
            return [
                EventRevision(seq, eid, rev, b, kind, json.loads(data), action, _parse_time(t), who, why, src)
                for seq, eid, rev, b, kind, data, action, t, who, why, src in conn.execute(
                    "SELECT seq, event_id, revision, building_id, kind, data, action, recorded_at, author, reason, "
                    "source FROM event_history WHERE event_id = ? ORDER BY revision",
                    (event_id,),
                )
            ]

        return self._read(body)

    def filter(self, expression: str, *, today: dt.date | None = None) -> list[str]:
        sql, params = compile_filter(expression, today=today or dt.date.today())
        return self._read(lambda conn: [r[0] for r in conn.execute(sql, params)])

    def count(self, expression: str, *, today: dt.date | None = None) -> int:
        """Number of buildings matching a filter (for the planner's counts)."""
        sql, params = compile_filter(expression, today=today or dt.date.today())
        return int(self._read(lambda conn: conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]))

    def column(self, field: str, ids: Sequence[str] | None = None) -> dict[str, Any] | np.ndarray:
        if field in DERIVED_COLUMNS:
            sql, numeric = DERIVED_COLUMNS[field], False
            decode: Callable[[Any], Any] = lambda v: v  # noqa: E731
        else:
            spec = field_spec(field)
            sql = "SELECT building_id, value FROM field_current WHERE field = ?"
            numeric = spec.is_numeric
            decode = spec.decode
        params = () if field in DERIVED_COLUMNS else (field,)
        rows = self._read(lambda conn: conn.execute(sql, params).fetchall())
        if ids is None:
            if field in DERIVED_COLUMNS or FIELDS[field].type is not FieldType.BOOL:
                return dict(rows)
            return {b: decode(v) for b, v in rows}
        position = {bid: i for i, bid in enumerate(ids)}
        if numeric:
            out = np.full(len(ids), np.nan)
        else:
            out = np.full(len(ids), None, dtype=object)
        for building_id, value in rows:
            i = position.get(building_id)
            if i is not None:
                out[i] = decode(value)
        return out

    def event_kinds(self) -> dict[str, tuple[str, str]]:
        return dict(EVENT_KINDS)

    # -- maintenance -------------------------------------------------------------------------

    def integrity_check(self) -> list[str]:
        """Problems SQLite finds in the file (empty when it is sound)."""
        rows = self._read(lambda conn: [r[0] for r in conn.execute("PRAGMA integrity_check")])
        return [] if rows == ["ok"] else rows

    def verify(self) -> list[str]:
        """Rebuild the current state from the history and list every difference (empty: consistent)."""

        def body(conn: sqlite3.Connection) -> list[str]:
            problems: list[str] = []
            latest = conn.execute(
                "SELECT h.building_id, h.field, h.value FROM field_history h "
                "JOIN (SELECT max(seq) AS seq FROM field_history GROUP BY building_id, field) m ON m.seq = h.seq "
                "WHERE h.value IS NOT NULL"
            ).fetchall()
            derived = {(b, f): v for b, f, v in latest}
            cached = {(b, f): v for b, f, v in conn.execute("SELECT building_id, field, value FROM field_current")}
            for key in derived.keys() | cached.keys():
                if derived.get(key) != cached.get(key):
                    problems.append(f"{key[0]}/{key[1]}: history says {derived.get(key)!r}, current says {cached.get(key)!r}")
            ev_latest = dict(
                conn.execute(
                    "SELECT h.event_id, h.revision FROM event_history h "
                    "JOIN (SELECT max(seq) AS seq FROM event_history GROUP BY event_id) m ON m.seq = h.seq"
                ).fetchall()
            )
            ev_cached = dict(conn.execute("SELECT event_id, revision FROM event_current").fetchall())
            if ev_latest != ev_cached:
                problems.append("event_current does not match the latest revisions of event_history")
            return problems

        return self._read(body)

    def backup(self, destination: str | os.PathLike[str]) -> Path:
        """Copy the logbook with the SQLite online backup API (it stays usable meanwhile).

        The copy is written to a temporary file beside the destination and
        renamed when complete, so a failed backup never leaves a half file.
        """
        dest = Path(destination).absolute()
        if dest == self.path:
            raise LogbookError(message("backup_over_itself"))
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
            os.close(fd)
        except OSError as exc:
            raise LogbookWriteError(
                message("backup_not_writable", path=dest, reason=_describe_os_failure(exc, dest.parent))
            ) from exc
        tmp = Path(tmp_name)
        try:
            target = sqlite3.connect(tmp_name)
            try:
                with self._lock:
                    self._retry(lambda: self._conn.backup(target, pages=4096, sleep=0.001))
                target.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
            finally:
                target.close()
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
            os.replace(tmp, dest)
        except (sqlite3.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            reason = _describe_write_failure(exc, dest) if isinstance(exc, sqlite3.Error) else _describe_os_failure(exc, dest)
            raise LogbookWriteError(message("backup_failed", path=dest, reason=reason)) from exc
        return dest

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                if not self.read_only:
                    # Refresh planner statistics, sampling at most ~400 rows per index so closing stays fast.
                    self._conn.execute("PRAGMA analysis_limit = 400")
                    self._conn.execute("PRAGMA optimize")
            self._conn.close()

    def __enter__(self) -> SQLiteLogbookStore:
        return self

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else f"author={self.author!r}"
        return f"SQLiteLogbookStore({str(self.path)!r}, {mode})"

