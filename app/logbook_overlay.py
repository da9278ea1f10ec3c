"""Colour the city by a logbook field, and highlight the buildings matching a filter.

Plain functions from a :class:`~city.logbook.LogbookStore` and the city's
buildings to a :class:`viewer.overlay.Overlay`; no widget, no QApplication
needed (labels go through ``QCoreApplication.translate``).

Categorical fields (energy class, construction period, any choice field, the
state of the next inspection) become categorical overlays: value ``i`` per
triangle is the ``i``-th category, drawn in its own colour (the official A-G
colours for the DPE), with a last grey category for buildings with no value,
so the legend explains every colour in the view. Numeric fields become
continuous overlays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from matplotlib import colormaps
from PySide6.QtCore import QCoreApplication

from app.logbook_format import catalogue_language, choice_label, field_label, unit_label
from city.logbook import DPE_CLASSES, DPE_COLOURS, FIELDS, GES_COLOURS, PERIODS, FieldType, LogbookStore
from city.model import BuildingSet
from viewer.overlay import Overlay, listed_colormap

NO_DATA_COLOUR = "#969696"  # viewer.overlay.NO_DATA_RGB
MATCH_COLOUR = "#d4007a"  # magenta: unlike the orange and cyan of the selection, and unlike any DPE colour
NO_MATCH_COLOUR = "#dcdcdc"
INSPECTION_COLOURS = ("#D7221F", "#EB8235", "#F4E70F", "#52B153")  # overdue, < 3 months, < 1 year, later
SOON_DAYS, YEAR_DAYS = 91, 365

COLOUR_FIELDS: tuple[str, ...] = (
    "dpe_class",
    "ges_class",
    "construction_period",
    "next_inspection_due",
    "construction_year",
    "dpe_energy_kwh_m2_year",
    "dpe_ghg_kgco2_m2_year",
    "heating_system",
    "heating_energy",
    "wall_insulation",
    "main_use",
    "owner_type",
    "heritage_protection",
)
"""Fields offered in "Colour city by logbook field", most asked for first."""


def _categorical(title: str, index: np.ndarray, buildings: BuildingSet, names: list[str], colours: list[str]) -> Overlay:
    """Overlay from a category index per building (-1: no value -> a last, grey, category)."""
    if (index < 0).any():
        index = np.where(index < 0, len(names), index)
        names = [*names, QCoreApplication.translate("Logbook", "no value recorded")]
        colours = [*colours, NO_DATA_COLOUR]
    per_triangle = index.astype(np.float64)[buildings.triangle_building]
    return Overlay(title, per_triangle, listed_colormap(colours), categories=tuple(names))


def _category_colours(key: str, k: int) -> list[str]:
    if key == "dpe_class":
        return [DPE_COLOURS[c] for c in DPE_CLASSES]
    if key == "ges_class":
        return [GES_COLOURS[c] for c in DPE_CLASSES]
    if key == "construction_period":  # oldest dark purple to newest yellow, like "Construction year"
        return [_hex(c) for c in colormaps["plasma"](np.linspace(0.05, 0.95, k))]
    source = colormaps["tab20" if k > 10 else "tab10"]
    return [_hex(source(i)) for i in range(k)]


def _hex(rgba: Sequence[float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgba[:3])


def inspection_status(next_due: np.ndarray, today: dt.date) -> np.ndarray:
    """Category per building from its earliest next-inspection date (ISO text or None).

    0 overdue, 1 due within 3 months, 2 within a year, 3 later, -1 no date recorded.
    """
    out = np.full(len(next_due), -1, dtype=np.int64)
    soon = (today + dt.timedelta(days=SOON_DAYS)).isoformat()
    year = (today + dt.timedelta(days=YEAR_DAYS)).isoformat()
    day = today.isoformat()
    for i, due in enumerate(next_due):
        if due is None:
            continue
        out[i] = 0 if due < day else 1 if due <= soon else 2 if due <= year else 3
    return out


def logbook_overlay(
    store: LogbookStore, buildings: BuildingSet, field: str, *, today: dt.date | None = None
) -> Overlay:
    """Colour every building by the current value of a logbook field.

    Parameters
    ----------
    store : LogbookStore
    buildings : BuildingSet
        The city's buildings; the logbook is matched by building id.
    field : str
        A key of :data:`city.logbook.FIELDS` or ``"next_inspection_due"``.
    today : date, optional
        Reference day for the inspection state (default: today).

    Returns
    -------
    Overlay
        Categorical for choice fields and the inspection state (with a grey
        "no value recorded" category when some building has none),
        continuous for numbers (NaN, drawn grey, where unknown).
    """
    ids = buildings.ids
    lang = catalogue_language()
    if field == "next_inspection_due":
        column = store.column(field, ids)
        index = inspection_status(column, today or dt.date.today())
        names = [
            QCoreApplication.translate("Logbook", "overdue"),
            QCoreApplication.translate("Logbook", "due within 3 months"),
            QCoreApplication.translate("Logbook", "due within a year"),
            QCoreApplication.translate("Logbook", "due later"),
        ]
        return _categorical(field_label(field, lang), index, buildings, names, list(INSPECTION_COLOURS))
    if field not in FIELDS:
        raise KeyError(QCoreApplication.translate("LogbookOverlay", "no logbook field %1; fields: %2")
                       .replace("%2", ", ".join([*FIELDS, "next_inspection_due"])).replace("%1", repr(field)))
    spec = FIELDS[field]
    column = store.column(field, ids)
    title = field_label(field, lang)
    if spec.type is FieldType.ENUM:
        position = {c: i for i, c in enumerate(spec.choices)}
        index = np.fromiter((position.get(v, -1) if v is not None else -1 for v in column), dtype=np.int64, count=len(ids))
        names = [choice_label(spec, c, lang) for c in spec.choices]
        colours = _category_colours(field, len(names))
        if field not in ("dpe_class", "ges_class", "construction_period"):
            # Long lists (heating systems...): only the values present, so the legend stays readable.
            used = sorted(set(index[index >= 0].tolist()))
            remap = np.full(len(names) + 1, -1, dtype=np.int64)
            remap[used] = np.arange(len(used))
            index = np.where(index >= 0, remap[index], -1)
            names = [names[u] for u in used]
            colours = _category_colours(field, len(names))
        if field == "construction_period":
            names = [PERIODS[c][3] if lang == "fr" else PERIODS[c][2] for c in spec.choices]
        return _categorical(title, index, buildings, names, colours)
    if spec.type is FieldType.BOOL:
        index = np.fromiter((-1 if v is None else int(bool(v)) for v in column), dtype=np.int64, count=len(ids))
        names = [QCoreApplication.translate("Logbook", "no"), QCoreApplication.translate("Logbook", "yes")]
        return _categorical(title, index, buildings, names, ["#9e9ac8", "#31a354"])
    if spec.is_numeric:
        values = np.asarray(column, dtype=np.float64)
        if spec.unit:
            title = f"{title} ({unit_label(spec.unit)})"
        cmap = "plasma" if field == "construction_year" else "YlOrRd" if field.startswith("dpe_") else "viridis"
        return Overlay(title, values[buildings.triangle_building], cmap)
    raise ValueError(QCoreApplication.translate(
        "LogbookOverlay", "the logbook field %1 cannot colour the city; choose a field with choices, a yes/no field or a number field"
    ).replace("%1", field_label(field, lang)))


def filter_overlay(
    store: LogbookStore, buildings: BuildingSet, expression: str, *, today: dt.date | None = None
) -> tuple[Overlay, np.ndarray]:
    """Highlight the buildings matching a filter.

    Returns the overlay and a boolean mask aligned with ``buildings.ids`` (its
    sum is the number of matching buildings of the city).

    Raises :class:`city.logbook.FilterError` or ``FieldValueError`` (both
    ``ValueError``) with a message saying what is wrong in the expression.
    """
    mask = store.filter_mask(expression, buildings.ids, today=today)
    count = int(mask.sum())
    names = [
        QCoreApplication.translate("Logbook", "does not match"),
        QCoreApplication.translate("Logbook", "matches: %1").replace("%1", str(count)),
    ]
    title = QCoreApplication.translate("Logbook", "Filter: %1").replace("%1", expression.strip())
    per_triangle = mask.astype(np.float64)[buildings.triangle_building]
    return Overlay(title, per_triangle, listed_colormap([NO_MATCH_COLOUR, MATCH_COLOUR]), categories=tuple(names)), mask


# --------------------------------------------------------------------------- the "Colour buildings by" list

LOGBOOK_THEME_PREFIX = "logbook:"
"""Keys of the Layers panel's "Colour buildings by" list that colour by the open logbook: ``logbook:dpe_class``."""
LOGBOOK_FILTER_THEME = "logbook:filter"
"""The key shown there while the matches of the logbook filter are highlighted."""


def is_logbook_theme(key: str) -> bool:
    return key.startswith(LOGBOOK_THEME_PREFIX)


def logbook_theme_keys(with_filter: bool = False) -> list[str]:
    """The colourings a logbook offers in the "Colour buildings by" list (the filter's once one is applied)."""
    keys = [LOGBOOK_THEME_PREFIX + field for field in COLOUR_FIELDS]
    return [*keys, LOGBOOK_FILTER_THEME] if with_filter else keys


def logbook_theme_label(key: str) -> str:
    """Label of a logbook colouring in the "Colour buildings by" list."""
    if key == LOGBOOK_FILTER_THEME:
        return QCoreApplication.translate("Logbook", "Logbook filter (matches in magenta)")
    field = key.removeprefix(LOGBOOK_THEME_PREFIX)
    return QCoreApplication.translate("Logbook", "Logbook: %1").replace("%1", field_label(field))
