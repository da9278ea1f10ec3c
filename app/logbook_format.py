"""How logbook content reads on screen and on paper: labels, values with units, the summary card.

Plain functions over :mod:`city.logbook` records, shared by the logbook panel,
the filter dialog, the city colouring and the PDF sheet. They need no
QApplication: interface words go through ``QCoreApplication.translate``; the
field catalogue carries its own English and French labels and
:func:`catalogue_language` picks the one matching the installed translation.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from city.logbook import (
    DPE_CLASSES,
    DPE_COLOURS,
    EVENT_FIELDS,
    EVENT_KINDS,
    FIELDS,
    GES_COLOURS,
    GROUPS,
    BuildingSummary,
    FieldEntry,
    FieldSpec,
    FieldType,
    FieldValueError,
    InspectionDue,
    TimelineEvent,
)
from city.logbook.io import ImportReport, RowProblem
from city.logbook.messages import LogbookMessage

OVERDUE_RED = "#c62828"
SAMPLE_ORANGE = "#a35200"


def catalogue_language() -> str:
    """'fr' or 'en': which label of the field catalogue to show.

    The catalogue (city.logbook.fields) holds both languages itself; the
    installed French translation translates this one word to "fr".
    """
    return "fr" if QCoreApplication.translate("Logbook", "en", "language code of the field catalogue labels") == "fr" else "en"


def _pick(pair: tuple[str, str], lang: str | None = None) -> str:
    return pair[1] if (lang or catalogue_language()) == "fr" else pair[0]


# --------------------------------------------------------------------------- labels


def field_label(key: str, lang: str | None = None) -> str:
    """Label of a building field (or of the derived column ``next_inspection_due``)."""
    if key == "next_inspection_due":
        return QCoreApplication.translate("Logbook", "Next inspection due")
    spec = FIELDS[key]
    return spec.label_fr if (lang or catalogue_language()) == "fr" else spec.label_en


def group_label(group: str, lang: str | None = None) -> str:
    return _pick(GROUPS[group], lang)


def event_kind_label(kind: str, lang: str | None = None) -> str:
    return _pick(EVENT_KINDS[kind], lang) if kind in EVENT_KINDS else kind


def spec_label(spec: FieldSpec, lang: str | None = None) -> str:
    return spec.label_fr if (lang or catalogue_language()) == "fr" else spec.label_en


def unit_label(unit: str) -> str:
    units = {
        "kWh/m²/year": QCoreApplication.translate("Logbook", "kWh/m²/year"),
        "kgCO2eq/m²/year": QCoreApplication.translate("Logbook", "kgCO2eq/m²/year"),
        "EUR": "€",
        "B": QCoreApplication.translate("Logbook", "bytes"),
    }
    return units.get(unit, unit)


def choice_label(spec: FieldSpec, value: Any, lang: str | None = None) -> str:
    pair = spec.choice_labels.get(value)
    return _pick(pair, lang) if pair else str(value)


# --------------------------------------------------------------------------- values


def format_date(value: str | dt.date | None, lang: str | None = None) -> str:
    """ISO date -> 01/03/2024 in French, 2024-03-01 in English (ISO, unambiguous)."""
    if value is None:
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return day.strftime("%d/%m/%Y") if (lang or catalogue_language()) == "fr" else day.isoformat()


def format_time(value: dt.datetime | None, lang: str | None = None) -> str:
    """A recorded UTC time in the user's local time, to the minute."""
    if value is None:
        return ""
    local = value.astimezone() if value.tzinfo else value
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def format_number(value: float, decimals: int = 1, lang: str | None = None) -> str:
    text = f"{value:,.{decimals}f}" if abs(value) >= 10_000 else f"{value:.{decimals}f}"
    if decimals and "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", "\u202f")
    return text.replace(".", ",") if (lang or catalogue_language()) == "fr" else text


def format_value(spec: FieldSpec, value: Any, lang: str | None = None, *, unit: bool = True) -> str:
    """A stored value as a reader sees it: choice labels, yes/no, dates, numbers with units."""
    if value is None:
        return ""
    kind = spec.type
    if kind is FieldType.ENUM:
        return choice_label(spec, value, lang)
    if kind is FieldType.BOOL:
        return QCoreApplication.translate("Logbook", "yes") if value else QCoreApplication.translate("Logbook", "no")
    if kind is FieldType.DATE:
        return format_date(value, lang)
    if kind is FieldType.INTEGER:
        text = str(int(value))
    elif kind is FieldType.REAL:
        text = format_number(float(value), 1, lang)
    else:
        return str(value)
    return f"{text} {unit_label(spec.unit)}" if unit and spec.unit else text


def format_field(key: str, value: Any, lang: str | None = None) -> str:
    return format_value(FIELDS[key], value, lang)


def format_size(size_bytes: int, lang: str | None = None) -> str:
    if size_bytes < 1024:
        return f"{size_bytes} " + QCoreApplication.translate("Logbook", "bytes")
    if size_bytes < 1024 * 1024:
        return f"{format_number(size_bytes / 1024, 0, lang)} " + QCoreApplication.translate("Logbook", "KB")
    return f"{format_number(size_bytes / 1024 / 1024, 1, lang)} " + QCoreApplication.translate("Logbook", "MB")


def history_action_label(action: str) -> str:
    return {"set": QCoreApplication.translate("Logbook", "set"), "correct": QCoreApplication.translate("Logbook", "correction"), "clear": QCoreApplication.translate("Logbook", "cleared")}.get(action, action)


# --------------------------------------------------------------------------- events


def _cap(text: str) -> str:
    """First letter upper case, the rest untouched ("DPE report", not "Dpe report")."""
    return text[:1].upper() + text[1:]


def label_value(label: str, value: str) -> str:
    """"Label: value", with the French space before the colon."""
    return QCoreApplication.translate("Logbook", "%1: %2").replace("%1", label).replace("%2", value)


def _event_value(kind: str, key: str, data: Mapping[str, Any], lang: str | None) -> str:
    spec = EVENT_FIELDS[kind].get(key)
    value = data.get(key)
    if spec is None or value in (None, ""):
        return ""
    if key == "size_bytes":
        return format_size(int(value), lang)
    return format_value(spec, value, lang)


def event_text(event: TimelineEvent, lang: str | None = None) -> str:
    """One line saying what happened: what a timeline row and the PDF show."""
    d, kind = event.data, event.kind
    v = lambda key: _event_value(kind, key, d, lang)  # noqa: E731
    if kind == "works":
        parts = [_cap(v("category"))]
        if v("description"):
            parts.append(v("description"))
        if v("installer"):
            parts.append(QCoreApplication.translate("Logbook", "by %1").replace("%1", v("installer")))
        if v("cost_eur"):
            parts.append(v("cost_eur"))
        return " — ".join(parts)
    if kind == "inspection":
        text = _cap(v("inspection_kind"))
        if v("result"):
            text = label_value(text, v("result"))
        if v("next_due"):
            text += " — " + QCoreApplication.translate("Logbook", "next due %1").replace("%1", v("next_due"))
        if v("findings"):
            text += f" — {v('findings')}"
        return text
    if kind == "document":
        title = v("title") or v("original_name")
        text = _cap(v("document_kind"))
        if title:
            text = label_value(text, title)
        if v("size_bytes"):
            text += f" ({v('size_bytes')})"
        return text
    if kind == "note":
        return v("text")
    return ", ".join(f"{k}={val}" for k, val in d.items())


def event_details(event: TimelineEvent, lang: str | None = None) -> str:
    """Every field of an event, one per line (the timeline row's tooltip)."""
    lines = [label_value(spec_label(spec, lang), _event_value(event.kind, key, event.data, lang))
             for key, spec in EVENT_FIELDS.get(event.kind, {}).items()
             if key not in ("date", "sha256", "attached_to") and _event_value(event.kind, key, event.data, lang)]
    lines.append(QCoreApplication.translate("Logbook", "Recorded by %1 on %2").replace("%1", event.author).replace("%2", format_time(event.updated_at, lang)))
    if event.revision > 1:
        lines.append(QCoreApplication.translate("Logbook", "Revision %1").replace("%1", str(event.revision)))
    if event.source == "sample":
        lines.append(QCoreApplication.translate("Logbook", "Generated sample data, not surveyed"))
    return "\n".join(lines)


def timeline_rows(events: list[TimelineEvent], lang: str | None = None) -> list[tuple[str, str, str, str]]:
    """(date, kind, what, recorded by) per event, newest first."""
    ordered = sorted(events, key=lambda e: (e.date, e.created_at), reverse=True)
    return [(format_date(e.date, lang), event_kind_label(e.kind, lang), event_text(e, lang), e.author) for e in ordered]


def inspection_kind_label(kind: str, lang: str | None = None) -> str:
    return choice_label(EVENT_FIELDS["inspection"]["inspection_kind"], kind, lang)


# --------------------------------------------------------------------------- summary card


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def text_colour_on(hex_colour: str) -> str:
    """Black or white, whichever reads better on ``hex_colour``."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


def energy_label_html(letter: str | None, colours: Mapping[str, str] = DPE_COLOURS) -> str:
    """The A-G scale in its official colours, the building's class large and framed."""
    cells = []
    for c in DPE_CLASSES:
        colour = colours[c]
        if c == letter:
            cells.append(
                f'<td bgcolor="{colour}" style="color:{text_colour_on(colour)}; font-size:x-large; '
                f'font-weight:bold; border:2px solid #000000; padding:2px 10px;">{c}</td>'
            )
        else:
            cells.append(f'<td bgcolor="{colour}" style="color:{text_colour_on(colour)}; padding:2px 5px;">{c}</td>')
    return f'<table cellspacing="1" cellpadding="2" style="margin:2px 0;"><tr>{"".join(cells)}</tr></table>'


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "".join(
        f'<tr><td style="color:#555555; padding-right:8px;">{label}</td><td>{value}</td></tr>' for label, value in pairs if value
    )


def _section(title: str, body: str) -> str:
    if not body:
        return ""
    return f'<h4 style="margin:8px 0 2px 0;">{_esc(title)}</h4><table cellspacing="0" cellpadding="1">{body}</table>'


def _field_rows(values: Mapping[str, Any], keys: list[str] | None, lang: str | None) -> list[tuple[str, str]]:
    keys = list(values) if keys is None else [k for k in keys if k in values]
    return [(_esc(field_label(k, lang)), _esc(format_field(k, values[k], lang))) for k in keys]


def inspection_line(due: InspectionDue, today: dt.date | None = None, lang: str | None = None) -> tuple[str, bool]:
    """'Lift: due 2026-03-01' and whether it is overdue."""
    name = _cap(inspection_kind_label(due.inspection_kind, lang))
    if due.next_due is None:
        return QCoreApplication.translate("Logbook", "%1: last %2, no next date recorded").replace("%1", name).replace("%2", format_date(due.last_inspected_on, lang)), False
    if due.overdue:
        return QCoreApplication.translate("Logbook", "%1: OVERDUE since %2").replace("%1", name).replace("%2", format_date(due.next_due, lang)), True
    return QCoreApplication.translate("Logbook", "%1: due %2").replace("%1", name).replace("%2", format_date(due.next_due, lang)), False


def summary_html(summary: BuildingSummary, lang: str | None = None, *, today: dt.date | None = None) -> str:
    """The summary card: identity, construction, energy (DPE label in colour), systems, inspections due."""
    if summary.is_empty:
        return "<p>" + _esc(QCoreApplication.translate("Logbook", "This building has no logbook entries yet.")) + "</p>"
    parts: list[str] = []
    parts.append(_section(group_label("identity", lang), _rows(_field_rows(summary.identity, None, lang))))
    parts.append(_section(group_label("construction", lang), _rows(_field_rows(summary.construction, None, lang))))

    energy = summary.energy
    body = ""
    if "dpe_class" in energy:
        body += f'<tr><td colspan="2">{_esc(field_label("dpe_class", lang))}{energy_label_html(energy["dpe_class"])}</td></tr>'
    if "ges_class" in energy:
        body += (f'<tr><td colspan="2">{_esc(field_label("ges_class", lang))}'
                 f'{energy_label_html(energy["ges_class"], GES_COLOURS)}</td></tr>')
    rest = [k for k in energy if k not in ("dpe_class", "ges_class")]
    rows = _field_rows(energy, rest, lang)
    if summary.dpe_valid is False:
        expired = _esc(QCoreApplication.translate("Logbook", "expired"))
        rows = [(label, f'<span style="color:{OVERDUE_RED}; font-weight:bold;">{value} — {expired}</span>')
                if label == _esc(field_label("dpe_valid_until", lang)) else (label, value) for label, value in rows]
    body += _rows(rows)
    if not energy:
        no_dpe = _esc(QCoreApplication.translate("Logbook", "No energy performance diagnosis (DPE) recorded."))
        body += f'<tr><td colspan="2"><i>{no_dpe}</i></td></tr>'
    parts.append(_section(group_label("energy", lang), body))
    parts.append(_section(group_label("envelope", lang), _rows(_field_rows(summary.groups.get("envelope", {}), None, lang))))
    parts.append(_section(group_label("systems", lang), _rows(_field_rows(summary.systems, None, lang))))
    parts.append(_section(group_label("occupancy", lang), _rows(_field_rows(summary.groups.get("occupancy", {}), None, lang))))

    lines = []
    for due in summary.next_inspections:
        text, overdue = inspection_line(due, today, lang)
        style = f' style="color:{OVERDUE_RED}; font-weight:bold;"' if overdue else ""
        lines.append(f"<li{style}>{_esc(text)}</li>")
    none = QCoreApplication.translate("Logbook", "No inspection recorded.")
    inspections = '<ul style="margin:0;">' + "".join(lines) + "</ul>" if lines else f"<p><i>{_esc(none)}</i></p>"
    heading = _esc(QCoreApplication.translate("Logbook", "Next inspections"))
    parts.append(f'<h4 style="margin:8px 0 2px 0;">{heading}</h4>{inspections}')

    counts = ", ".join(f"{n} × {event_kind_label(k, lang).lower()}" for k, n in sorted(summary.event_counts.items()))
    footer = []
    if counts:
        footer.append(QCoreApplication.translate("Logbook", "Timeline: %1").replace("%1", counts))
    if summary.last_changed_at is not None:
        footer.append(QCoreApplication.translate("Logbook", "Last change %1 by %2").replace("%1", format_time(summary.last_changed_at, lang))
                      .replace("%2", summary.last_changed_by or "?"))
    if footer:
        parts.append(f'<p style="color:#555555;">{"<br>".join(_esc(f) for f in footer)}</p>')
    return "".join(parts)


def sample_warning() -> str:
    return QCoreApplication.translate("Logbook", "Generated sample data: plausible values, not surveyed. Do not use for decisions.")


def history_rows(entries: list[FieldEntry], lang: str | None = None) -> list[tuple[str, str, str, str, str]]:
    """(recorded at, value, change, author, reason) per entry of one field, newest first."""
    out = []
    for e in reversed(entries):
        spec = FIELDS.get(e.field)
        value = QCoreApplication.translate("Logbook", "(cleared)") if e.action == "clear" else (format_value(spec, e.value, lang) if spec else str(e.value))
        out.append((format_time(e.recorded_at, lang), value, history_action_label(e.action), e.author, e.reason))
    return out


# --------------------------------------------------------------------------- library messages


def _message_templates() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Code of each :mod:`city.logbook.messages` message -> (translated template, parameters for %1, %2...).

    Literal translate calls, so that lupdate finds them; a test checks that
    every code of the library has its entry here.
    """
    return {
        "empty_value": (QCoreApplication.translate("LogbookMessages", "is empty; clear the field instead"), ()),
        "below_minimum": (QCoreApplication.translate("LogbookMessages", "is below the minimum %1 %2"), ("minimum", "unit")),
        "above_maximum": (QCoreApplication.translate("LogbookMessages", "is above the maximum %1 %2"), ("maximum", "unit")),
        "bool_not_integer": (QCoreApplication.translate("LogbookMessages", "is yes/no, expected a whole number"), ()),
        "not_integer": (QCoreApplication.translate("LogbookMessages", "is not a whole number"), ()),
        "type_not_integer": (QCoreApplication.translate("LogbookMessages", "is of type %1, expected a whole number"), ("type_name",)),
        "bool_not_number": (QCoreApplication.translate("LogbookMessages", "is yes/no, expected a number"), ()),
        "not_number": (QCoreApplication.translate("LogbookMessages", "is not a number"), ()),
        "type_not_number": (QCoreApplication.translate("LogbookMessages", "is of type %1, expected a number"), ("type_name",)),
        "not_finite": (QCoreApplication.translate("LogbookMessages", "is not a finite number"), ()),
        "not_date": (QCoreApplication.translate("LogbookMessages", "is not a date YYYY-MM-DD"), ()),
        "type_not_date": (QCoreApplication.translate("LogbookMessages", "is of type %1, expected a date YYYY-MM-DD"), ("type_name",)),
        "date_before": (QCoreApplication.translate("LogbookMessages", "is before %1"), ("minimum",)),
        "date_after": (QCoreApplication.translate("LogbookMessages", "is after %1"), ("maximum",)),
        "not_bool": (QCoreApplication.translate("LogbookMessages", "is not yes/no (true/false, oui/non, 1/0)"), ()),
        "not_a_choice": (QCoreApplication.translate("LogbookMessages", "is not one of %1"), ("choices",)),
        "type_not_text": (QCoreApplication.translate("LogbookMessages", "is of type %1, expected text"), ("type_name",)),
        "empty_text": (QCoreApplication.translate("LogbookMessages", "is empty"), ()),
        "too_long": (QCoreApplication.translate("LogbookMessages", "is longer than %1 characters"), ("max_length",)),
        "control_characters": (QCoreApplication.translate("LogbookMessages", "contains control characters"), ()),
        "wrong_form": (QCoreApplication.translate("LogbookMessages", "does not have the expected form (%1)"), ("form",)),
        "unknown_field": (QCoreApplication.translate("LogbookMessages", "is for an unknown field"), ()),
        "not_event_kind": (QCoreApplication.translate("LogbookMessages", "is not a kind of entry (%1)"), ("kinds",)),
        "not_field_of_event": (QCoreApplication.translate("LogbookMessages", "is not a field of “%1” entries"), ("kind",)),
        "required_for_event": (QCoreApplication.translate("LogbookMessages", "is required for a “%1” entry"), ("kind",)),
        "before_start_date": (QCoreApplication.translate("LogbookMessages", "is before the start date %1"), ("date",)),
        "before_inspection_date": (QCoreApplication.translate("LogbookMessages", "is before the inspection date %1"), ("date",)),
        "not_iso_time": (QCoreApplication.translate("LogbookMessages", "is not an ISO date and time"), ()),
        "not_building_id": (QCoreApplication.translate("LogbookMessages", "is not a building id (non-empty text)"), ()),
        "building_id_too_long": (QCoreApplication.translate("LogbookMessages", "is not a building id (at most %1 printable characters)"), ("max_length",)),
        "required_text": (QCoreApplication.translate("LogbookMessages", "is required (non-empty text)"), ()),
        "not_entry_of_building": (QCoreApplication.translate("LogbookMessages", "is not an entry of building %1"), ("building_id",)),
        "not_event_id": (QCoreApplication.translate("LogbookMessages", "is not an entry id (32 lowercase hexadecimal digits)"), ()),
        "event_id_used": (QCoreApplication.translate("LogbookMessages", "is already used by another entry"), ()),
        "event_retracted": (QCoreApplication.translate("LogbookMessages", "was withdrawn; add a new entry instead"), ()),
        "document_hash_fixed": (QCoreApplication.translate("LogbookMessages", "cannot change: attach a new document"), ()),
        "not_field_action": (QCoreApplication.translate("LogbookMessages", "is not set, correct or clear"), ()),
        "not_event_action": (QCoreApplication.translate("LogbookMessages", "is not add, amend or retract"), ()),
        "not_revision": (QCoreApplication.translate("LogbookMessages", "is not a revision number"), ()),
        "revision_stored": (QCoreApplication.translate("LogbookMessages", "revision %1 is already stored"), ("revision",)),
        "building_has_logbook": (QCoreApplication.translate("LogbookMessages", "already has a logbook here; a full-history import needs a building without entries"), ()),
        "revision_missing": (QCoreApplication.translate("LogbookMessages", "of entry %1 comes without its revision %2"), ("event_id", "missing")),
        "revision_twice": (QCoreApplication.translate("LogbookMessages", "appears twice for entry %1"), ("event_id",)),
        "first_revision_not_add": (QCoreApplication.translate("LogbookMessages", "cannot start entry %1: its revision 1 must be add"), ("event_id",)),
        "add_after_first": (QCoreApplication.translate("LogbookMessages", "is revision %1 of entry %2: only revision 1 can be add"), ("revision", "event_id")),
        "revised_after_retraction": (QCoreApplication.translate("LogbookMessages", "of entry %1 comes after its retraction (revision %2)"), ("event_id", "retracted")),
        "kind_changed": (QCoreApplication.translate("LogbookMessages", "differs from %1, the kind of revision 1 of entry %2"), ("kind", "event_id")),
        "recorded_before_previous": (QCoreApplication.translate("LogbookMessages", "(revision %1 of entry %2) is before the time of its revision %3"), ("revision", "event_id", "previous")),
        "row_unreadable": (QCoreApplication.translate("LogbookMessages", "cannot be read as CSV: %1"), ("error",)),
        "csv_text_after_quote": (QCoreApplication.translate("LogbookMessages", "a quoted cell is followed by text instead of the separator %1 (write a quote inside a quoted cell as two quotes: \"\")"), ("delimiter",)),
        "csv_quote_not_closed": (QCoreApplication.translate("LogbookMessages", "a quote opened on this line is never closed: the file ends inside that cell, so the lines after it were not read"), ()),
        "csv_cell_too_long": (QCoreApplication.translate("LogbookMessages", "a cell is longer than %1 characters"), ("limit",)),
        "csv_newline_in_cell": (QCoreApplication.translate("LogbookMessages", "a cell holds a line break but is not quoted"), ()),
        "cell_count": (QCoreApplication.translate("LogbookMessages", "has %1 cells, the header has %2"), ("cells", "columns")),
        "id_formula": (QCoreApplication.translate("LogbookMessages", "building_id %1 looks like a spreadsheet formula"), ("building_id",)),
        "id_empty": (QCoreApplication.translate("LogbookMessages", "building_id is empty"), ()),
        "no_such_building": (QCoreApplication.translate("LogbookMessages", "no building of the city has this id"), ()),
        "duplicate_building": (QCoreApplication.translate("LogbookMessages", "the building is already on line %1"), ("line",)),
        "cell_formula": (QCoreApplication.translate("LogbookMessages", "column %1: %2 looks like a spreadsheet formula; refused"), ("column", "value")),
        "bad_cell": (QCoreApplication.translate("LogbookMessages", "column %1: %2 %3"), ("column", "value", "reason")),
        "bad_entry": (QCoreApplication.translate("LogbookMessages", "%1: %2 %3"), ("field", "value", "reason")),
        "not_json": (QCoreApplication.translate("LogbookMessages", "not JSON at column %1: %2"), ("column", "error")),
        "not_building_document": (QCoreApplication.translate("LogbookMessages", "not a building document (no building_id)"), ()),
        "history_not_lists": (QCoreApplication.translate("LogbookMessages", "history and events must be lists"), ()),
        "json_item_not_object": (QCoreApplication.translate("LogbookMessages", "item %1 of %2 is not a JSON object"), ("number", "list")),
        "json_data_not_object": (QCoreApplication.translate("LogbookMessages", "the data of item %1 of events is not a JSON object"), ("number",)),
        "json_expecting_value": (QCoreApplication.translate("LogbookMessages", "a value is missing or not JSON (text goes in double quotes; numbers, true, false and null do not)"), ()),
        "json_expecting_delimiter": (QCoreApplication.translate("LogbookMessages", "a %1 is missing"), ("delimiter",)),
        "json_expecting_name": (QCoreApplication.translate("LogbookMessages", "a name in double quotes is missing (JSON uses \", not '; no comma after the last item)"), ()),
        "json_unterminated_text": (QCoreApplication.translate("LogbookMessages", "a text in double quotes is never closed"), ()),
        "json_control_character": (QCoreApplication.translate("LogbookMessages", "a text holds a control character (write a tab as \\t, a line break as \\n)"), ()),
        "json_invalid_escape": (QCoreApplication.translate("LogbookMessages", "a text holds an invalid backslash escape (write a backslash as \\\\)"), ()),
        "json_trailing_comma": (QCoreApplication.translate("LogbookMessages", "a comma follows the last item"), ()),
        "json_extra_data": (QCoreApplication.translate("LogbookMessages", "more text follows the end of the document (one document per line)"), ()),
        "file_too_large": (QCoreApplication.translate("LogbookMessages", "the file is %1 MB; imports are limited to %2 MB"), ("size_mb", "limit_mb")),
        "file_unreadable": (QCoreApplication.translate("LogbookMessages", "cannot read the file: %1"), ("error",)),
        "file_utf16": (QCoreApplication.translate("LogbookMessages", "the file is UTF-16; save it as UTF-8 (“CSV UTF-8” in spreadsheet programs)"), ()),
        "file_bad_encoding": (QCoreApplication.translate("LogbookMessages", "the file is not valid %1: byte 0x%2 on line %3"), ("encoding", "byte", "line")),
        "file_bad_encoding_cp1252": (QCoreApplication.translate("LogbookMessages", "the file is not valid %1: byte 0x%2 on line %3; it looks like Windows-1252/Latin-1 (common for spreadsheet exports): save it as UTF-8"), ("encoding", "byte", "line")),
        "unknown_encoding": (QCoreApplication.translate("LogbookMessages", "unknown encoding %1"), ("encoding",)),
        "file_empty": (QCoreApplication.translate("LogbookMessages", "the file is empty"), ()),
        "header_unreadable": (QCoreApplication.translate("LogbookMessages", "the header line cannot be read: %1"), ("error",)),
        "no_id_column": (QCoreApplication.translate("LogbookMessages", "no building_id column (columns found: %1)"), ("columns",)),
        "duplicate_columns": (QCoreApplication.translate("LogbookMessages", "columns appear twice: %1"), ("columns",)),
        "header_not_json": (QCoreApplication.translate("LogbookMessages", "line 1 is not JSON: %1"), ("error",)),
        "not_logbook_header": (QCoreApplication.translate("LogbookMessages", "line 1 is not a %1 header"), ("format",)),
        "unsupported_version": (QCoreApplication.translate("LogbookMessages", "format version %1 is not supported (this version reads %2)"), ("version", "supported")),
        "export_failed": (QCoreApplication.translate("LogbookMessages", "the export %1 failed: %2; no file was written"), ("path", "reason")),
        "no_folder": (QCoreApplication.translate("LogbookMessages", "the folder %1 does not exist"), ("path",)),
        "system_error": (QCoreApplication.translate("LogbookMessages", "the system reported: %1"), ("error",)),
        "filter_empty": (QCoreApplication.translate("LogbookMessages", "the filter is empty"), ()),
        "filter_unreadable": (QCoreApplication.translate("LogbookMessages", "cannot read %1 at position %2"), ("text", "position")),
        "filter_expected": (QCoreApplication.translate("LogbookMessages", "expected %1 at position %2, found %3"), ("expected", "position", "found")),
        "filter_expected_at_end": (QCoreApplication.translate("LogbookMessages", "expected %1 at position %2, but the filter ends there"), ("expected", "position")),
        "filter_want_value": (QCoreApplication.translate("LogbookMessages", "a value (number, date YYYY-MM-DD, word or 'quoted text')"), ()),
        "filter_want_field": (QCoreApplication.translate("LogbookMessages", "a field name"), ()),
        "filter_want_open": (QCoreApplication.translate("LogbookMessages", "an opening parenthesis '('"), ()),
        "filter_want_close": (QCoreApplication.translate("LogbookMessages", "a closing parenthesis ')'"), ()),
        "filter_want_in": (QCoreApplication.translate("LogbookMessages", "'in'"), ()),
        "filter_want_null": (QCoreApplication.translate("LogbookMessages", "'null'"), ()),
        "filter_want_end": (QCoreApplication.translate("LogbookMessages", "'and', 'or' or the end of the filter"), ()),
        "filter_unknown_field": (QCoreApplication.translate("LogbookMessages", "unknown field %1 at position %2; known fields: %3"), ("word", "position", "fields")),
        "filter_want_operator": (QCoreApplication.translate("LogbookMessages", "expected a comparison (=, !=, <, <=, >, >=), 'in' or 'is' after %1 at position %2"), ("word", "position")),
        "filter_needs_date": (QCoreApplication.translate("LogbookMessages", "%1() at position %2 needs a date"), ("function", "position")),
        "unknown_store_kind": (QCoreApplication.translate("LogbookMessages", "no kind of logbook store opens %1: %2:// is not known here"), ("location", "scheme")),
        "read_only": (QCoreApplication.translate("LogbookMessages", "the logbook %1 is open read-only (viewer mode): nothing was saved"), ("name",)),
        "document_too_large": (QCoreApplication.translate("LogbookMessages", "%1 is %2 MB; documents are limited to %3 MB"), ("name", "size_mb", "limit_mb")),
        "document_grew_too_large": (QCoreApplication.translate("LogbookMessages", "%1 is larger than the %2 MB document limit"), ("name", "limit_mb")),
        "document_not_file": (QCoreApplication.translate("LogbookMessages", "%1 is not a regular file"), ("path",)),
        "write_failed": (QCoreApplication.translate("LogbookMessages", "%1. The logbook is unchanged; your entry is kept, try again."), ("reason",)),
        "busy_saving": (QCoreApplication.translate("LogbookMessages", "another program kept the logbook %1 busy for more than %2 s while saving; nothing was changed, try again"), ("path", "seconds")),
        "busy_reading": (QCoreApplication.translate("LogbookMessages", "another program kept the logbook %1 busy for more than %2 s while reading; try again"), ("path", "seconds")),
        "cannot_create_no_folder": (QCoreApplication.translate("LogbookMessages", "cannot create the logbook %1: the folder does not exist"), ("path",)),
        "cannot_create_read_only_folder": (QCoreApplication.translate("LogbookMessages", "cannot create the logbook %1: the folder is read-only"), ("path",)),
        "cannot_open_for_editing": (QCoreApplication.translate("LogbookMessages", "cannot open %1 for editing: %2"), ("path", "reason")),
        "cannot_edit_read_only_folder": (QCoreApplication.translate("LogbookMessages", "cannot open %1 for editing: the file or its folder is read-only; open it read-only to view it, or copy it to a writable folder"), ("path",)),
        "disk_full": (QCoreApplication.translate("LogbookMessages", "the disk holding %1 is full"), ("path",)),
        "path_read_only": (QCoreApplication.translate("LogbookMessages", "%1 or its folder is read-only"), ("path",)),
        "cannot_open_for_writing": (QCoreApplication.translate("LogbookMessages", "%1 cannot be opened for writing (missing folder or no permission)"), ("path",)),
        "io_error": (QCoreApplication.translate("LogbookMessages", "the system reported an input/output error writing %1"), ("path",)),
        "file_damaged": (QCoreApplication.translate("LogbookMessages", "%1 is damaged (%2); restore a backup"), ("path", "error")),
        "sqlite_write_error": (QCoreApplication.translate("LogbookMessages", "SQLite error writing %1: %2"), ("path", "error")),
        "wal_refused": (QCoreApplication.translate("LogbookMessages", "the file system refused WAL mode (%1)"), ("mode",)),
        "no_logbook": (QCoreApplication.translate("LogbookMessages", "no logbook at %1"), ("path",)),
        "cannot_open_logbook": (QCoreApplication.translate("LogbookMessages", "cannot open the logbook %1: %2"), ("path", "reason")),
        "cannot_read_logbook": (QCoreApplication.translate("LogbookMessages", "cannot read the logbook %1: %2"), ("path", "reason")),
        "not_sqlite": (QCoreApplication.translate("LogbookMessages", "%1 is not a logbook (not a SQLite database)"), ("path",)),
        "not_maquette_logbook": (QCoreApplication.translate("LogbookMessages", "%1 is a SQLite database but not a Maquette logbook"), ("path",)),
        "schema_too_new": (QCoreApplication.translate("LogbookMessages", "%1 was written by a newer version of Maquette (logbook schema %2, this version knows up to %3); update Maquette to open it"), ("path", "version", "known")),
        "schema_needs_upgrade": (QCoreApplication.translate("LogbookMessages", "%1 uses logbook schema %2; open it once for editing to upgrade it to %3 (a backup is made first)"), ("path", "version", "target")),
        "upgrade_backup_failed": (QCoreApplication.translate("LogbookMessages", "%1 needs an upgrade to logbook schema %2, but the backup before it failed (%3); the file was not changed"), ("path", "target", "reason")),
        "upgrade_failed": (QCoreApplication.translate("LogbookMessages", "upgrading %1 from logbook schema %2 to %3 failed (%4); the file was left at schema %2"), ("path", "version", "target", "reason")),
        "upgrade_failed_backup": (QCoreApplication.translate("LogbookMessages", "upgrading %1 from logbook schema %2 to %3 failed (%4); the file was left at schema %2; the backup made before it is %5"), ("path", "version", "target", "reason", "backup")),
        "cannot_open_for_reading": (QCoreApplication.translate("LogbookMessages", "%1 cannot be opened (no permission, or the file was moved or deleted)"), ("path",)),
        "io_error_reading": (QCoreApplication.translate("LogbookMessages", "the system reported an input/output error reading %1"), ("path",)),
        "logbook_closed": (QCoreApplication.translate("LogbookMessages", "the logbook is closed"), ()),
        "sqlite_read_error": (QCoreApplication.translate("LogbookMessages", "SQLite error reading %1: %2"), ("path", "error")),
        "cannot_create_documents_folder": (QCoreApplication.translate("LogbookMessages", "cannot create the documents folder %1: %2"), ("path", "reason")),
        "documents_folder_link": (QCoreApplication.translate("LogbookMessages", "the documents folder %1 is a symbolic link; refusing to use it"), ("path",)),
        "not_document_hash": (QCoreApplication.translate("LogbookMessages", "%1 is not a document hash (64 lowercase hex digits)"), ("value",)),
        "not_plain_folder": (QCoreApplication.translate("LogbookMessages", "%1 is not a plain folder; refusing to use it"), ("path",)),
        "folder_outside_documents": (QCoreApplication.translate("LogbookMessages", "%1 resolves outside the documents folder %2"), ("path", "root")),
        "document_unreadable": (QCoreApplication.translate("LogbookMessages", "cannot read %1: %2"), ("path", "reason")),
        "documents_folder_not_writable": (QCoreApplication.translate("LogbookMessages", "cannot write in the documents folder %1: %2"), ("path", "reason")),
        "document_not_saved": (QCoreApplication.translate("LogbookMessages", "the document %1 was not saved: %2"), ("name", "reason")),
        "document_missing": (QCoreApplication.translate("LogbookMessages", "document %1... is missing from %2"), ("short", "folder")),
        "document_is_link": (QCoreApplication.translate("LogbookMessages", "document %1... is not a regular file (a link?); refusing to open it"), ("short",)),
        "stored_document_unreadable": (QCoreApplication.translate("LogbookMessages", "cannot read document %1...: %2"), ("short", "reason")),
        "document_damaged": (QCoreApplication.translate("LogbookMessages", "document %1... is damaged: its content no longer matches its hash"), ("short",)),
        "backup_over_itself": (QCoreApplication.translate("LogbookMessages", "a backup cannot overwrite the logbook itself"), ()),
        "backup_not_writable": (QCoreApplication.translate("LogbookMessages", "cannot write the backup %1: %2"), ("path", "reason")),
        "backup_failed": (QCoreApplication.translate("LogbookMessages", "the backup %1 failed: %2"), ("path", "reason")),
        "no_permission": (QCoreApplication.translate("LogbookMessages", "no permission to use %1"), ("path",)),
        "not_found": (QCoreApplication.translate("LogbookMessages", "%1 does not exist"), ("path",)),
        "file_in_the_way": (QCoreApplication.translate("LogbookMessages", "a file stands where a folder of %1 should be"), ("path",)),
    }


_QUOTED_PARAMS = frozenset({"value", "building_id", "encoding", "version", "delimiter", "text", "found", "word", "location"})
"""Parameters shown quoted (``repr``), as the English text shows them."""


def _form_description(description: str, lang: str) -> str:
    """A field's expected form (``FieldSpec.description``) in ``lang``."""
    if lang != "fr":
        return description
    specs = [*FIELDS.values(), *(spec for kind in EVENT_FIELDS.values() for spec in kind.values())]
    return next((s.description_fr for s in specs if s.description == description and s.description_fr), description)


def _message_param(name: str, value: Any, lang: str) -> str:
    if isinstance(value, LogbookMessage):
        return message_text(value, lang)
    if name == "form":
        return _form_description(str(value), lang)
    if name in _QUOTED_PARAMS:
        return repr(value)
    if name == "kind" and value in EVENT_KINDS:
        return event_kind_label(value, lang)
    if name == "unit":
        return unit_label(value)
    if name in ("date", "minimum", "maximum") and isinstance(value, str):
        try:
            return format_date(value, lang)
        except ValueError:
            return value
    if name in ("size_mb", "limit_mb"):
        return format_number(float(value), 0 if value >= 10 else 1, lang)
    if isinstance(value, float):
        return format_number(value, 2, lang)
    return str(value)


def message_text(text: str, lang: str | None = None) -> str:
    """A library message in the interface language; any other text as it is.

    ``text`` is a :class:`~city.logbook.messages.LogbookMessage` (a string
    with a ``code`` and ``params``) from a refused value, an import report or
    a store error; parameters that are messages themselves are translated too.
    """
    if not isinstance(text, LogbookMessage):
        return str(text)
    entry = _message_templates().get(text.code)
    if entry is None:
        return str(text)
    lang = lang or catalogue_language()
    template, names = entry
    return _fill(template, *(_message_param(name, text.params.get(name), lang) for name in names)).rstrip()


_PLACEHOLDER = re.compile(r"%(\d+)")


def _fill(template: str, *values: str) -> str:
    """Put ``values`` in place of %1, %2... in one pass (a value holding "%2" stays as it is)."""
    return _PLACEHOLDER.sub(lambda m: values[int(m.group(1)) - 1] if 0 < int(m.group(1)) <= len(values) else m.group(0), template)


def error_text(exc: BaseException, lang: str | None = None) -> str:
    """What an error of the logbook library says, in the interface language.

    A :class:`~city.logbook.FieldValueError` reads "<field label>: <value> <reason>".
    """
    if isinstance(exc, FieldValueError):
        label = field_label(exc.field, lang) if exc.field in FIELDS else exc.field
        return f"{label}: {exc.value!r} {message_text(exc.reason, lang)}"
    if exc.args and isinstance(exc.args[0], LogbookMessage):
        return message_text(exc.args[0], lang)
    return str(exc)


def row_problem_text(problem: RowProblem, lang: str | None = None) -> str:
    """One rejected or unmatched import row: "line 12 (B-1): reason"."""
    reason = message_text(problem.reason, lang)
    if problem.building_id:
        return _fill(QCoreApplication.translate("LogbookMessages", "line %1 (%2): %3"), str(problem.line), problem.building_id, reason)
    return _fill(QCoreApplication.translate("LogbookMessages", "line %1: %2"), str(problem.line), reason)


def import_report_text(report: ImportReport, *, max_rows: int = 30, lang: str | None = None) -> str:
    """What an import did, for its message box: the counts, then the first rejected and unmatched rows."""
    if report.file_error:
        return _fill(QCoreApplication.translate("LogbookMessages", "%1: nothing imported: %2"), report.path, message_text(report.file_error, lang))
    text = _fill(
        QCoreApplication.translate("LogbookMessages", "%1: %2 rows accepted, %3 rejected, %4 matched no building; %5 entries recorded"),
        report.path, str(len(report.accepted)), str(len(report.rejected)), str(len(report.unmatched)), str(report.entries_written),
    )
    if report.unknown_columns:
        text += _fill(QCoreApplication.translate("LogbookMessages", "; columns ignored: %1"), ", ".join(report.unknown_columns))
    problems = [*report.rejected, *report.unmatched]
    if problems:
        text += "\n\n" + "\n".join(row_problem_text(p, lang) for p in problems[:max_rows])
        if len(problems) > max_rows:
            text += "\n" + QCoreApplication.translate("LogbookMessages", "… and %1 more").replace("%1", str(len(problems) - max_rows))
    return text
