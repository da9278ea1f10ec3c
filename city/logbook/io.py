"""Bulk import and export of logbooks: CSV (current values) and JSON Lines (full history).

CSV
---
One row per building, UTF-8 (with a byte-order mark on export, so that
spreadsheet programs read accents right), comma- or semicolon-separated (the
import detects which from the header). Columns:

``building_id``
    The building's stable id (``City.buildings.ids``). Required.
one column per field of :data:`~city.logbook.fields.FIELDS`
    Named by the field key, in catalogue order (the table at the end of this
    docstring, generated from the catalogue: key, type, unit, allowed values).
    An import may carry any subset of them: a DPE extract has only
    ``building_id,dpe_class,dpe_energy_kwh_m2_year,dpe_ghg_kgco2_m2_year,dpe_date``.
    An empty cell leaves the field as it is (an import never clears values).
    Decimals may use a comma; dates are ``YYYY-MM-DD``; booleans
    ``true/false`` (``oui/non``, ``1/0`` accepted).

The import validates every row and writes the accepted rows in one
transaction (all or none), recording only values that differ from the
current ones. It reports, with the file's line numbers: rows accepted, rows
rejected and why (cell count, bad value naming the column, formula-like
cell, duplicate building), and rows whose building id is not in the city.
A file that is not valid UTF-8 (or the encoding given) is refused as a
whole, saying so, rather than importing mangled text.

Formula injection: a spreadsheet runs a cell starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return as a formula. On export such text cells
are prefixed with ``'`` (OWASP's advice); plain numbers such as ``-3.5`` are
left alone. On import the ``'`` prefix is removed again, and any other cell
starting with one of those characters (not a plain number) rejects its row.

JSON Lines
----------
Line 1 is a header ``{"format": "maquette-building-logbook", "version": 1, ...}``;
each further line is one building's whole logbook::

    {"building_id": "...", "current": {field: value},
     "history": [{"field", "value", "action", "recorded_at", "author", "reason", "source"}],
     "events": [{"event_id", "revision", "kind", "data", "action", "recorded_at", "author", "reason", "source"}]}

Importing keeps the recorded authors, times and reasons (it moves a logbook
between projects), so it only accepts buildings that have no entries yet in
the target logbook; others are reported, not merged.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import json
import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from city.atomic import atomic_open
from city.logbook.fields import FIELDS, FieldValueError
from city.logbook.messages import LogbookMessage, message
from city.logbook.store import LogbookError, LogbookStore, LogbookWriteError

__all__ = [
    "CSV_COLUMNS",
    "JSON_FORMAT",
    "ImportReport",
    "RowProblem",
    "escape_cell",
    "export_csv",
    "export_json",
    "import_csv",
    "import_json",
]

CSV_COLUMNS: tuple[str, ...] = ("building_id", *FIELDS)
JSON_FORMAT = "maquette-building-logbook"
JSON_VERSION = 1
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_IMPORT_BYTES = 500 * 1024 * 1024


def _columns_table() -> str:
    lines = ["", "CSV columns", "-----------", "", "==============================  ========  ============  ======================"]
    lines.append(f"{'column':30}  {'type':8}  {'unit':12}  allowed")
    lines.append(lines[-2])
    lines.append(f"{'building_id':30}  {'text':8}  {'':12}  a building id of the city")
    for key, spec in FIELDS.items():
        if spec.choices:
            allowed = ", ".join(spec.choices)
        elif spec.minimum is not None or spec.maximum is not None:
            allowed = f"{spec.minimum if spec.minimum is not None else ''} .. {spec.maximum if spec.maximum is not None else ''}"
        else:
            allowed = spec.description
        lines.append(f"{key:30}  {spec.type.value:8}  {spec.unit:12}  {allowed}")
    lines.append(lines[4])
    return "\n".join(lines)


__doc__ = (__doc__ or "") + _columns_table()


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class RowProblem:
    """A row (CSV line or JSON line) that was not imported, and why.

    ``reason`` is English text; the library's reasons are
    :class:`~city.logbook.messages.LogbookMessage` strings, so the application
    can show them in its language from their ``code`` and ``params``.
    """

    line: int
    building_id: str | None
    reason: str

    def __str__(self) -> str:
        who = f" ({self.building_id})" if self.building_id else ""
        return f"line {self.line}{who}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did, row by row.

    ``file_error`` set means nothing was imported (unreadable file, wrong
    encoding, no ``building_id`` column); like the rows' reasons it is a
    :class:`~city.logbook.messages.LogbookMessage`. ``entries_written`` counts the
    history entries recorded (values equal to the current ones are not).
    """

    path: str
    accepted: list[int] = field(default_factory=list)
    rejected: list[RowProblem] = field(default_factory=list)
    unmatched: list[RowProblem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    file_error: str | None = None
    entries_written: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.rejected and not self.unmatched

    def summary(self) -> str:
        if self.file_error:
            return f"{self.path}: nothing imported: {self.file_error}"
        text = (
            f"{self.path}: {len(self.accepted)} rows accepted, {len(self.rejected)} rejected, "
            f"{len(self.unmatched)} matched no building; {self.entries_written} entries recorded"
        )
        if self.unknown_columns:
            text += f"; columns ignored: {', '.join(self.unknown_columns)}"
        return text


# --------------------------------------------------------------------------- helpers


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")


def _is_plain_number(text: str) -> bool:
    return _PLAIN_NUMBER.fullmatch(text) is not None


def escape_cell(text: str) -> str:
    """Neutralise a CSV cell that a spreadsheet would run as a formula (prefix ``'``)."""
    if text.startswith(FORMULA_TRIGGERS) and not _is_plain_number(text):
        return "'" + text
    return text


def _unescape_cell(text: str) -> tuple[str, bool]:
    """(value, refused): our own ``'`` prefix is removed; other formula-like cells are refused."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:], False
    if text.startswith(FORMULA_TRIGGERS) and not _is_plain_number(text):
        return text, True
    return text, False


def _format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _read_text(path: Path, encoding: str, report: ImportReport) -> str | None:
    """The file as text, or None with ``report.file_error`` saying why (encoding problems named)."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            report.file_error = message("file_too_large", size_mb=size / 1e6, limit_mb=MAX_IMPORT_BYTES / 1e6)
            return None
        data = path.read_bytes()
    except OSError as exc:
        report.file_error = message("file_unreadable", error=exc.strerror or str(exc))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.file_error = message("file_utf16")
        return None
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8") and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        code = "file_bad_encoding"
        try:
            data.decode("cp1252")
            code = "file_bad_encoding_cp1252"  # common for spreadsheet exports
        except UnicodeDecodeError:
            pass
        report.file_error = message(code, encoding=encoding, byte=bad, line=line)
        return None
    except LookupError:
        report.file_error = message("unknown_encoding", encoding=encoding)
        return None


_CSV_AFTER_QUOTE = re.compile(r"'.' expected after '.'")
_CSV_FIELD_LIMIT = re.compile(r"field larger than field limit \((\d+)\)")


def _csv_problem(exc: csv.Error, delimiter: str) -> tuple[LogbookMessage | str, bool]:
    """(what the CSV reader found wrong, whether the problem is at the start of the row).

    Python's reader says it in English only, so the known cases become coded
    messages the application translates; another text (a future Python's)
    is passed on as it is. An unclosed quote or an oversized cell is reported
    on the line where the row starts (the cell opens there), text after a
    closing quote on the line where it stands.
    """
    text = str(exc)
    if _CSV_AFTER_QUOTE.fullmatch(text):
        return message("csv_text_after_quote", delimiter=delimiter), False
    if text == "unexpected end of data":
        return message("csv_quote_not_closed"), True
    limit = _CSV_FIELD_LIMIT.fullmatch(text)
    if limit:
        return message("csv_cell_too_long", limit=int(limit.group(1))), True
    if text.startswith("new-line character seen in unquoted field"):
        return message("csv_newline_in_cell"), False
    return text, False


_JSON_DELIMITER = re.compile(r"Expecting '(.)' delimiter")


def _json_problem(exc: json.JSONDecodeError) -> LogbookMessage | str:
    """What the JSON reader found wrong, as a coded message (Python says it in English only).

    Another text (a future Python's) is passed on as it is.
    """
    text = exc.msg
    delimiter = _JSON_DELIMITER.fullmatch(text)
    if delimiter:
        return message("json_expecting_delimiter", delimiter=delimiter.group(1))
    known = {
        "Expecting value": "json_expecting_value",
        "Expecting property name enclosed in double quotes": "json_expecting_name",
        "Unterminated string starting at": "json_unterminated_text",
        "Invalid control character": "json_control_character",
        "Invalid \\escape": "json_invalid_escape",
        "Invalid \\uXXXX escape": "json_invalid_escape",
        "Extra data": "json_extra_data",
        "Illegal trailing comma": "json_trailing_comma",  # Python 3.13
    }
    for start, code in known.items():
        if text.startswith(start):
            return message(code)
    return text


def _export_failure(exc: OSError, target: Path) -> LogbookMessage:
    """Why writing an export failed, as a coded message: a full disk, no permission, no folder."""
    if exc.errno == errno.ENOSPC:
        reason = message("disk_full", path=target.parent)
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = message("path_read_only", path=target)
    elif exc.errno == errno.ENOENT and not target.parent.is_dir():
        reason = message("no_folder", path=target.parent)
    else:
        reason = message("system_error", error=exc.strerror or str(exc))
    return message("export_failed", path=target, reason=reason)


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


# --------------------------------------------------------------------------- CSV


def export_csv(
    store: LogbookStore,
    path: str | os.PathLike[str],
    ids: Iterable[str] | None = None,
    *,
    columns: Iterable[str] | None = None,
    delimiter: str = ",",
) -> int:
    """Write current values, one row per building; returns the number of rows.

    ``ids`` defaults to every building with a logbook; ``columns`` (field
    keys) to the whole catalogue. The file is written beside ``path`` and
    renamed into place, so a failed export leaves no half file.
    """
    keys = list(columns) if columns is not None else list(FIELDS)
    for key in keys:
        if key not in FIELDS:
            raise KeyError(f"unknown logbook field {key!r}")
    building_ids = list(ids) if ids is not None else store.building_ids()
    target = Path(path)
    try:
        with atomic_open(target, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
            writer.writerow(["building_id", *keys])
            for building_id in building_ids:
                values = store.current(building_id)
                row = [escape_cell(building_id)]
                for key in keys:
                    value = values.get(key)
                    row.append("" if value is None else escape_cell(_format_value(value)))
                writer.writerow(row)
    except OSError as exc:
        raise LogbookWriteError(_export_failure(exc, target)) from exc
    return len(building_ids)


def import_csv(
    store: LogbookStore,
    path: str | os.PathLike[str],
    known_ids: Collection[str] | None = None,
    *,
    reason: str | None = None,
    encoding: str = "utf-8",
    delimiter: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import current values from a CSV file (columns in the module docstring).

    Parameters
    ----------
    known_ids : collection of str, optional
        The city's building ids; rows for other ids are reported as matched
        to no building and not imported. None accepts any id.
    reason : str, optional
        Recorded with every entry; default names the file.
    encoding : str
        The file's encoding; a file that does not decode is refused whole.
    delimiter : str, optional
        Detected from the header (``,``, ``;`` or tab) when not given.
    dry_run : bool
        Validate and report without writing.

    Raises
    ------
    LogbookWriteError
        The accepted rows could not be saved (nothing was written).
    """
    source = Path(path)
    report = ImportReport(str(source), dry_run=dry_run)
    text = _read_text(source, encoding, report)
    if text is None:
        return report
    first_line = text.split("\n", 1)[0]
    delimiter = delimiter or _sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        report.file_error = message("file_empty")
        return report
    except csv.Error as exc:
        report.file_error = message("header_unreadable", error=_csv_problem(exc, delimiter)[0])
        return report
    header = [h.strip().lstrip("\ufeff") for h in header]
    if "building_id" not in header:
        report.file_error = message("no_id_column", columns=", ".join(header) or "none")
        return report
    duplicates = sorted({h for h in header if header.count(h) > 1 and h})
    if duplicates:
        report.file_error = message("duplicate_columns", columns=", ".join(duplicates))
        return report
    report.unknown_columns = [h for h in header if h and h != "building_id" and h not in FIELDS]
    id_col = header.index("building_id")
    columns = [(i, h) for i, h in enumerate(header) if h in FIELDS]
    known = set(known_ids) if known_ids is not None else None
    seen: dict[str, int] = {}
    changes: list[tuple[str, str, Any]] = []
    previous_end = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem, at_row_start = _csv_problem(exc, delimiter)
            line = previous_end + 1 if at_row_start else reader.line_num
            report.rejected.append(RowProblem(line, None, message("row_unreadable", error=problem)))
            previous_end = reader.line_num
            continue
        line = previous_end + 1
        previous_end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            report.rejected.append(RowProblem(line, None, message("cell_count", cells=len(row), columns=len(header))))
            continue
        building_id, refused = _unescape_cell(row[id_col].strip())
        if refused:
            report.rejected.append(RowProblem(line, None, message("id_formula", building_id=building_id)))
            continue
        if not building_id:
            report.rejected.append(RowProblem(line, None, message("id_empty")))
            continue
        if known is not None and building_id not in known:
            report.unmatched.append(RowProblem(line, building_id, message("no_such_building")))
            continue
        if building_id in seen:
            report.rejected.append(RowProblem(line, building_id, message("duplicate_building", line=seen[building_id])))
            continue
        row_changes: list[tuple[str, str, Any]] = []
        problem: LogbookMessage | None = None
        for i, key in columns:
            cell = row[i].strip()
            if not cell:
                continue
            cell, refused = _unescape_cell(cell)
            if refused:
                problem = message("cell_formula", column=key, value=cell)
                break
            try:
                row_changes.append((building_id, key, FIELDS[key].validate(cell)))
            except FieldValueError as exc:
                problem = message("bad_cell", column=exc.field, value=exc.value, reason=exc.reason)
                break
        if problem is not None:
            report.rejected.append(RowProblem(line, building_id, problem))
            continue
        seen[building_id] = line
        report.accepted.append(line)
        changes.extend(row_changes)
    if changes and not dry_run:
        report.entries_written = store.write_fields(
            changes, reason=reason or f"CSV import of {source.name}", source=f"csv:{source.name}"
        )
    return report


# --------------------------------------------------------------------------- JSON Lines


def _entry_json(entry: Any) -> dict[str, Any]:
    return {
        "field": entry.field,
        "value": entry.value,
        "action": entry.action,
        "recorded_at": entry.recorded_at.isoformat(),
        "author": entry.author,
        "reason": entry.reason,
        "source": entry.source,
    }


def building_document(store: LogbookStore, building_id: str) -> dict[str, Any]:
    """One building's whole logbook as a JSON-ready dict (the export's line format)."""
    revisions: list[dict[str, Any]] = []
    for event in store.timeline(building_id, include_retracted=True):
        for rev in store.event_history(event.event_id):
            revisions.append(
                {
                    "event_id": rev.event_id,
                    "revision": rev.revision,
                    "kind": rev.kind,
                    "data": rev.data,
                    "action": rev.action,
                    "recorded_at": rev.recorded_at.isoformat(),
                    "author": rev.author,
                    "reason": rev.reason,
                    "source": rev.source,
                }
            )
    revisions.sort(key=lambda r: (r["recorded_at"], r["revision"]))
    return {
        "building_id": building_id,
        "current": store.current(building_id),
        "history": [_entry_json(e) for e in store.history(building_id)],
        "events": revisions,
    }


def export_json(store: LogbookStore, path: str | os.PathLike[str], ids: Iterable[str] | None = None) -> int:
    """Write JSON Lines: a header line, then one building's full logbook per line; returns the building count."""
    building_ids = list(ids) if ids is not None else store.building_ids()
    target = Path(path)
    header = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "buildings": len(building_ids),
    }
    try:
        with atomic_open(target, "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(header, ensure_ascii=False) + "\n")
            for building_id in building_ids:
                f.write(json.dumps(building_document(store, building_id), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise LogbookWriteError(_export_failure(exc, target)) from exc
    return len(building_ids)


def _document_shape_problem(history: list[Any], events: list[Any]) -> LogbookMessage | None:
    """Why a building document's lists cannot be read entry by entry (None: they can)."""
    for name, items in (("history", history), ("events", events)):
        for k, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                return message("json_item_not_object", number=k, list=name)
    for k, rev in enumerate(events, start=1):
        if rev.get("data") is not None and not isinstance(rev.get("data"), dict):
            return message("json_data_not_object", number=k)
    return None


def import_json(
    store: LogbookStore,
    path: str | os.PathLike[str],
    known_ids: Collection[str] | None = None,
) -> ImportReport:
    """Import full logbooks from a JSON Lines export, building by building.

    Each building is one transaction: a rejected building (bad line, bad
    value, already has entries here) leaves the others imported. Stops at
    the first :class:`LogbookWriteError` (disk full...) and raises it; the
    buildings already imported stay, and the report given with the error
    (``exc.report``) says which.
    """
    source = Path(path)
    report = ImportReport(str(source))
    text = _read_text(source, "utf-8", report)
    if text is None:
        return report
    lines = text.split("\n")
    try:
        header = json.loads(lines[0]) if lines and lines[0].strip() else None
    except json.JSONDecodeError as exc:
        header = None
        report.file_error = message("header_not_json", error=_json_problem(exc))
        return report
    if not isinstance(header, dict) or header.get("format") != JSON_FORMAT:
        report.file_error = message("not_logbook_header", format=JSON_FORMAT)
        return report
    if header.get("version") != JSON_VERSION:
        report.file_error = message("unsupported_version", version=header.get("version"), supported=JSON_VERSION)
        return report
    known = set(known_ids) if known_ids is not None else None
    for number, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        try:
            document = json.loads(raw)
        except json.JSONDecodeError as exc:
            report.rejected.append(RowProblem(number, None, message("not_json", error=_json_problem(exc), column=exc.colno)))
            continue
        if not isinstance(document, dict) or not isinstance(document.get("building_id"), str):
            report.rejected.append(RowProblem(number, None, message("not_building_document")))
            continue
        building_id = document["building_id"]
        if known is not None and building_id not in known:
            report.unmatched.append(RowProblem(number, building_id, message("no_such_building")))
            continue
        history = document.get("history") or []
        events = document.get("events") or []
        if not isinstance(history, list) or not isinstance(events, list):
            report.rejected.append(RowProblem(number, building_id, message("history_not_lists")))
            continue
        shape = _document_shape_problem(history, events)
        if shape is not None:
            report.rejected.append(RowProblem(number, building_id, shape))
            continue
        try:
            written = store.append_history(building_id, history, events, source=f"json:{source.name}")
        except FieldValueError as exc:
            report.rejected.append(
                RowProblem(number, building_id, message("bad_entry", field=exc.field, value=exc.value, reason=exc.reason))
            )
            continue
        except (ValueError, TypeError, AttributeError) as exc:
            report.rejected.append(RowProblem(number, building_id, str(exc)))
            continue
        except LogbookWriteError as exc:
            exc.report = report  # type: ignore[attr-defined]
            raise
        except LogbookError as exc:
            reason = exc.args[0] if exc.args and isinstance(exc.args[0], LogbookMessage) else str(exc)
            report.rejected.append(RowProblem(number, building_id, reason))
            continue
        report.accepted.append(number)
        report.entries_written += written
    return report

