"""The building logbook (carnet de santé numérique): field catalogue, durable store, queries, bulk I/O.

Pure Python, ``sqlite3`` and numpy: no Qt, no VTK. A panel binds to a
:class:`LogbookStore`: it reads :meth:`~LogbookStore.building_summary`,
:meth:`~LogbookStore.timeline` and :meth:`~LogbookStore.history`, writes with
:meth:`~LogbookStore.set_fields` / :meth:`~LogbookStore.add_event` (each a
transaction that either returns or raises, leaving the caller its edit), and
listens with :meth:`~LogbookStore.add_listener`. The viewer colours the
city with :meth:`~LogbookStore.column` and highlights
:meth:`~LogbookStore.filter` matches. Callers type against the
:class:`LogbookStore` interface; :class:`SQLiteLogbookStore` is the one
implementation today. :func:`open_store` opens a logbook from its
:attr:`~LogbookStore.location` (a file path, or a URL of a store kind
registered with :func:`register_store_kind`).

What the user reads from the library (refused values, import reports) is a
:class:`~city.logbook.messages.LogbookMessage`: English text with a stable
code and parameters, which the application translates.
"""

from __future__ import annotations

from city.logbook.fields import (
    DPE_CLASSES,
    DPE_COLOURS,
    EVENT_FIELDS,
    EVENT_KINDS,
    FIELDS,
    GES_COLOURS,
    GROUPS,
    PERIODS,
    FieldSpec,
    FieldType,
    FieldValueError,
    construction_period_of,
    dpe_class_from_values,
    validate_event_data,
    validate_field,
)
from city.logbook.locations import open_store, register_store_kind
from city.logbook.messages import LogbookMessage
from city.logbook.query import FilterError
from city.logbook.sample import generate_sample_logbook
from city.logbook.store import (
    BuildingSummary,
    ChangeEvent,
    DocumentError,
    EventRevision,
    FieldEntry,
    InspectionDue,
    LogbookBusyError,
    LogbookError,
    LogbookReadOnlyError,
    LogbookSchemaError,
    LogbookStore,
    LogbookWriteError,
    SQLiteLogbookStore,
    TimelineEvent,
)

__all__ = [
    "DPE_CLASSES",
    "DPE_COLOURS",
    "EVENT_FIELDS",
    "EVENT_KINDS",
    "FIELDS",
    "GES_COLOURS",
    "GROUPS",
    "PERIODS",
    "BuildingSummary",
    "ChangeEvent",
    "DocumentError",
    "EventRevision",
    "FieldEntry",
    "FieldSpec",
    "FieldType",
    "FieldValueError",
    "FilterError",
    "InspectionDue",
    "LogbookBusyError",
    "LogbookError",
    "LogbookMessage",
    "LogbookReadOnlyError",
    "LogbookSchemaError",
    "LogbookStore",
    "LogbookWriteError",
    "SQLiteLogbookStore",
    "TimelineEvent",
    "construction_period_of",
    "dpe_class_from_values",
    "generate_sample_logbook",
    "open_store",
    "register_store_kind",
    "validate_event_data",
    "validate_field",
]
