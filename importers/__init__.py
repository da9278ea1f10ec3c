"""Importers: one module per file format, each turning a file into a :class:`city.model.City`.

The public entry points::

    from importers import open_city, file_dialog_filters
    city = open_city("delft.city.json", progress=print)

Every failure is an :class:`ImporterError` naming the file (see
:mod:`importers.errors`); what each import did is ``city.import_report``
(:class:`ImportReport`). Importers depend on :mod:`city` only.
"""

from __future__ import annotations

from importers.errors import (
    Cancelled,
    CrsRequired,
    ImporterError,
    InvalidFile,
    MissingDependency,
    UnsupportedFormat,
)
from importers.registry import FORMATS, file_dialog_filters, format_for, open_city
from importers.report import ImportReport

__all__ = [
    "FORMATS",
    "Cancelled",
    "CrsRequired",
    "ImportReport",
    "ImporterError",
    "InvalidFile",
    "MissingDependency",
    "UnsupportedFormat",
    "file_dialog_filters",
    "format_for",
    "open_city",
]
