"""Messages of the logbook library as stable codes with parameters.

The library raises and reports in English, but a French interface must show
the same message in French, and city/ may not import Qt. So every message the
user can see (why a value is refused, why an import row was rejected, why a
file was refused) is a :class:`LogbookMessage`: a ``str`` holding the English
text, plus a stable ``code`` and the ``params`` it was made from. Code that
only logs or compares text keeps working with the string; the application
looks the code up in its own translated table (``app/logbook_format.py``,
:func:`message_text`) and fills in the parameters, translating the nested
ones (a rejected row's reason holds the value error's reason).

A code never changes meaning once released; a new wording is a new template
under the same code, a new meaning a new code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["ENGLISH", "LogbookMessage", "message"]

ENGLISH: dict[str, str] = {
    # -- why a value is refused (FieldValueError.reason: follows "<field>: <value>") --
    "empty_value": "is empty; clear the field instead of setting None",
    "below_minimum": "is below the minimum {minimum} {unit}",
    "above_maximum": "is above the maximum {maximum} {unit}",
    "bool_not_integer": "is a boolean, expected a whole number",
    "not_integer": "is not a whole number",
    "type_not_integer": "is a {type_name}, expected a whole number",
    "bool_not_number": "is a boolean, expected a number",
    "not_number": "is not a number",
    "type_not_number": "is a {type_name}, expected a number",
    "not_finite": "is not a finite number",
    "not_date": "is not a date YYYY-MM-DD",
    "type_not_date": "is a {type_name}, expected a date YYYY-MM-DD",
    "date_before": "is before {minimum}",
    "date_after": "is after {maximum}",
    "not_bool": "is not yes/no (true/false, oui/non, 1/0)",
    "not_a_choice": "is not one of {choices}",
    "type_not_text": "is a {type_name}, expected text",
    "empty_text": "is empty",
    "too_long": "is longer than {max_length} characters",
    "control_characters": "contains control characters",
    "wrong_form": "does not have the expected form ({form})",
    "unknown_field": "is for an unknown field",
    "not_event_kind": "is not an event kind ({kinds})",
    "not_field_of_event": "is for a field that {kind} events do not have",
    "required_for_event": "is required for a {kind} event",
    "before_start_date": "is before the start date {date}",
    "before_inspection_date": "is before the inspection date {date}",
    "not_iso_time": "is not an ISO date-time",
    "not_building_id": "is not a building id (non-empty text)",
    "building_id_too_long": "is not a building id (max {max_length} printable characters)",
    "required_text": "is required (non-empty text)",
    "not_entry_of_building": "is not an entry of building {building_id!r}",
    "not_event_id": "is not an event id (32 lowercase hex digits)",
    "event_id_used": "is already used by another entry",
    "event_retracted": "was retracted; add a new entry instead",
    "document_hash_fixed": "cannot change: attach a new document",
    "not_field_action": "is not set, correct or clear",
    "not_event_action": "is not add, amend or retract",
    "not_revision": "is not a revision number",
    "revision_stored": "revision {revision} is already stored",
    "building_has_logbook": "already has a logbook here; a full-history import needs a building without entries",
    # -- why an imported entry's revisions do not make a history (follows "<field>: <value>") --
    "revision_missing": "of entry {event_id} comes without its revision {missing}",
    "revision_twice": "appears twice for entry {event_id}",
    "first_revision_not_add": "cannot start entry {event_id}: its revision 1 must be add",
    "add_after_first": "is revision {revision} of entry {event_id}: only revision 1 can be add",
    "revised_after_retraction": "of entry {event_id} comes after its retraction (revision {retracted})",
    "kind_changed": "differs from {kind}, the kind of revision 1 of entry {event_id}",
    "recorded_before_previous": "(revision {revision} of entry {event_id}) is before the time of its revision {previous}",
    # -- why an import row was rejected or matched no building (RowProblem.reason) --
    "row_unreadable": "cannot be read as CSV: {error}",
    # -- what Python's CSV reader found wrong (the {error} of row_unreadable and header_unreadable) --
    "csv_text_after_quote": (
        "a quoted cell is followed by text instead of the separator {delimiter!r} "
        "(write a quote inside a quoted cell as two quotes: \"\")"
    ),
    "csv_quote_not_closed": (
        "a quote opened on this line is never closed: the file ends inside that cell, so the lines after it were not read"
    ),
    "csv_cell_too_long": "a cell is longer than {limit} characters",
    "csv_newline_in_cell": "a cell holds a line break but is not quoted",
    "cell_count": "has {cells} cells, the header has {columns}",
    "id_formula": "building_id {building_id!r} looks like a spreadsheet formula",
    "id_empty": "building_id is empty",
    "no_such_building": "no building of the city has this id",
    "duplicate_building": "the building is already on line {line}",
    "cell_formula": "column {column}: {value!r} looks like a spreadsheet formula; refused",
    "bad_cell": "column {column}: {value!r} {reason}",
    "bad_entry": "{field}: {value!r} {reason}",
    "not_json": "not JSON at column {column}: {error}",
    "not_building_document": "not a building document (no building_id)",
    "history_not_lists": "history and events must be lists",
    "json_item_not_object": "item {number} of {list} is not a JSON object",
    "json_data_not_object": "the data of item {number} of events is not a JSON object",
    # -- what Python's JSON reader found wrong (the {error} of not_json and header_not_json) --
    "json_expecting_value": "a value is missing or not JSON (text goes in double quotes; numbers, true, false and null do not)",
    "json_expecting_delimiter": "a {delimiter!r} is missing",
    "json_expecting_name": "a name in double quotes is missing (JSON uses \", not '; no comma after the last item)",
    "json_unterminated_text": "a text in double quotes is never closed",
    "json_control_character": "a text holds a control character (write a tab as \\t, a line break as \\n)",
    "json_invalid_escape": "a text holds an invalid backslash escape (write a backslash as \\\\)",
    "json_trailing_comma": "a comma follows the last item",
    "json_extra_data": "more text follows the end of the document (one document per line)",
    # -- why a whole file was refused (ImportReport.file_error) --
    "file_too_large": "the file is {size_mb:.0f} MB; imports are limited to {limit_mb:.0f} MB",
    "file_unreadable": "cannot read the file: {error}",
    "file_utf16": "the file is UTF-16; save it as UTF-8 (\"CSV UTF-8\" in spreadsheet programs)",
    "file_bad_encoding": "the file is not valid {encoding}: byte 0x{byte} on line {line}",
    "file_bad_encoding_cp1252": (
        "the file is not valid {encoding}: byte 0x{byte} on line {line}; it looks like Windows-1252/Latin-1 "
        "(common for spreadsheet exports): save it as UTF-8, or import it with encoding='cp1252'"
    ),
    "unknown_encoding": "unknown encoding {encoding!r}",
    "file_empty": "the file is empty",
    "header_unreadable": "the header line cannot be read: {error}",
    "no_id_column": "no building_id column (columns found: {columns})",
    "duplicate_columns": "columns appear twice: {columns}",
    "header_not_json": "line 1 is not JSON: {error}",
    "not_logbook_header": "line 1 is not a {format} header",
    "unsupported_version": "format version {version!r} is not supported (this version reads {supported})",
    # -- why an export failed (LogbookWriteError's message) --
    "export_failed": "the export {path} failed: {reason}; no file was written",
    "no_folder": "the folder {path} does not exist",
    "system_error": "the system reported: {error}",
    # -- why a filter cannot be read (FilterError's message) --
    "filter_empty": "the filter is empty",
    "filter_unreadable": "cannot read {text!r} at position {position}",
    "filter_expected": "expected {expected} at position {position}, found {found!r}",
    "filter_expected_at_end": "expected {expected} at position {position}, but the filter ends there",
    "filter_want_value": "a value (number, date YYYY-MM-DD, word or 'quoted text')",
    "filter_want_field": "a field name",
    "filter_want_open": "an opening parenthesis '('",
    "filter_want_close": "a closing parenthesis ')'",
    "filter_want_in": "'in'",
    "filter_want_null": "'null'",
    "filter_want_end": "'and', 'or' or the end of the filter",
    "filter_unknown_field": "unknown field {word!r} at position {position}; known fields: {fields}",
    "filter_want_operator": "expected a comparison (=, !=, <, <=, >, >=), 'in' or 'is' after {word!r} at position {position}",
    "filter_needs_date": "{function}() at position {position} needs a date",
    # -- store errors the user sees (LogbookError's message) --
    "unknown_store_kind": "no kind of logbook store opens {location!r}: {scheme}:// is not known here",
    "read_only": "the logbook {name} is open read-only (viewer mode): {operation} was not saved",
    "document_too_large": "{name} is {size_mb:.1f} MB; documents are limited to {limit_mb:.1f} MB",
    "document_grew_too_large": "{name} is larger than the {limit_mb:.1f} MB document limit",
    "document_not_file": "{path} is not a regular file",
    "write_failed": "{operation} was not saved: {reason}. The logbook is unchanged; keep the edit and try again.",
    "busy_saving": (
        "another program kept the logbook {path} busy for more than {seconds:g} s while saving; nothing was changed, try again"
    ),
    "busy_reading": (
        "another program kept the logbook {path} busy for more than {seconds:g} s while reading; nothing was changed, try again"
    ),
    "cannot_create_no_folder": "cannot create the logbook {path}: the folder does not exist",
    "cannot_create_read_only_folder": "cannot create the logbook {path}: the folder is read-only",
    "cannot_open_for_editing": "cannot open {path} for editing: {reason}",
    "cannot_edit_read_only_folder": (
        "cannot open {path} for editing: the file or its folder is read-only; "
        "open it read-only to view it, or copy it to a writable folder"
    ),
    # -- why SQLite could not write (the {reason} of write_failed and cannot_open_for_editing) --
    "disk_full": "the disk holding {path} is full",
    "path_read_only": "{path} or its folder is read-only",
    "cannot_open_for_writing": "{path} cannot be opened for writing (missing folder or no permission)",
    "io_error": "the system reported an input/output error writing {path}",
    "file_damaged": "{path} is damaged ({error}); restore a backup",
    "sqlite_write_error": "SQLite error writing {path}: {error}",
    "wal_refused": "the file system refused WAL mode ({mode})",
    # -- opening and reading a logbook (LogbookError / LogbookSchemaError's message) --
    "no_logbook": "no logbook at {path}",
    "cannot_open_logbook": "cannot open the logbook {path}: {reason}",
    "cannot_read_logbook": "cannot read the logbook {path}: {reason}",
    "not_sqlite": "{path} is not a logbook (not a SQLite database)",
    "not_maquette_logbook": "{path} is a SQLite database but not a Maquette logbook",
    "schema_too_new": (
        "{path} was written by a newer version of Maquette (logbook schema {version}, "
        "this version knows up to {known}); update Maquette to open it"
    ),
    "schema_needs_upgrade": (
        "{path} uses logbook schema {version}; open it once for editing to upgrade it to {target} (a backup is made first)"
    ),
    "upgrade_backup_failed": (
        "{path} needs an upgrade to logbook schema {target}, but the backup before it failed ({reason}); "
        "the file was not changed"
    ),
    "upgrade_failed": (
        "upgrading {path} from logbook schema {version} to {target} failed ({reason}); the file was left at schema {version}"
    ),
    "upgrade_failed_backup": (
        "upgrading {path} from logbook schema {version} to {target} failed ({reason}); the file was left at schema "
        "{version}; the backup made before it is {backup}"
    ),
    # -- why SQLite could not read (the {reason} of cannot_open_logbook and cannot_read_logbook) --
    "cannot_open_for_reading": "{path} cannot be opened (no permission, or the file was moved or deleted)",
    "io_error_reading": "the system reported an input/output error reading {path}",
    "logbook_closed": "the logbook is closed",
    "sqlite_read_error": "SQLite error reading {path}: {error}",
    # -- storing and reading documents (DocumentError / LogbookWriteError's message) --
    "cannot_create_documents_folder": "cannot create the documents folder {path}: {reason}",
    "documents_folder_link": "the documents folder {path} is a symbolic link; refusing to use it",
    "not_document_hash": "{value!r} is not a document hash (64 lowercase hex digits)",
    "not_plain_folder": "{path} is not a plain folder; refusing to use it",
    "folder_outside_documents": "{path} resolves outside the documents folder {root}",
    "document_unreadable": "cannot read {path}: {reason}",
    "documents_folder_not_writable": "cannot write in the documents folder {path}: {reason}",
    "document_not_saved": "the document {name} was not saved: {reason}",
    "document_missing": "document {short}... is missing from {folder}",
    "document_is_link": "document {short}... is not a regular file (a link?); refusing to open it",
    "stored_document_unreadable": "cannot read document {short}...: {reason}",
    "document_damaged": "document {short}... is damaged: its content no longer matches its hash",
    # -- backups (LogbookWriteError's message) --
    "backup_over_itself": "a backup cannot overwrite the logbook itself",
    "backup_not_writable": "cannot write the backup {path}: {reason}",
    "backup_failed": "the backup {path} failed: {reason}",
    # -- what the system refused (the {reason} of the file messages above) --
    "no_permission": "no permission to use {path}",
    "not_found": "{path} does not exist",
    "file_in_the_way": "a file stands where a folder of {path} should be",
}
"""English template of every code (``str.format`` fields named after the parameters)."""


class LogbookMessage(str):
    """English text of a message, with the ``code`` and ``params`` that made it.

    Parameters may themselves be messages (the reason inside a rejected row);
    they read in English in the text and are translated with their parent.
    """

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, params: Mapping[str, Any]) -> LogbookMessage:
        try:
            template = ENGLISH[code]
        except KeyError:
            raise KeyError(f"unknown logbook message code {code!r}") from None
        text = super().__new__(cls, template.format(**params).rstrip())
        text.code = code
        text.params = dict(params)
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (LogbookMessage, (self.code, self.params))

    def __repr__(self) -> str:
        return f"LogbookMessage({self.code!r}, {self.params!r})"


def message(code: str, **params: Any) -> LogbookMessage:
    """The message ``code`` filled with ``params``: ``message("not_a_choice", choices="A, B")``."""
    return LogbookMessage(code, params)
