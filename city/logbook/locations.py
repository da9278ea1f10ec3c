"""Open a logbook from where it is: a file path (SQLite) or the URL of another kind of store.

A project file records where its logbook is as :attr:`LogbookStore.location`
(the path of a SQLite file, ``postgresql://server/db`` for a shared store)
and opens it again with :func:`open_store`. A new kind of store registers
the URL scheme it opens (:func:`register_store_kind`); anything that is not
a URL is a SQLite file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from city.logbook.messages import message
from city.logbook.store import LogbookError, LogbookStore, SQLiteLogbookStore

__all__ = ["location_scheme", "open_store", "register_store_kind"]

StoreOpener = Callable[..., LogbookStore]
"""``opener(location, *, read_only, author) -> LogbookStore``, raising :class:`LogbookError`."""

_OPENERS: dict[str, StoreOpener] = {}

# Two letters at least before "://": "C:\\data" (a Windows drive) stays a path.
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+)://")


def location_scheme(location: str) -> str | None:
    """The URL scheme of a location (lower case), None for a file path."""
    match = _SCHEME.match(location)
    return match.group(1).lower() if match else None


def register_store_kind(scheme: str, opener: StoreOpener) -> Callable[[], None]:
    """Open locations ``scheme://...`` with ``opener``; returns the function that unregisters it."""
    key = scheme.lower()
    if not _SCHEME.fullmatch(f"{key}://"):
        raise ValueError(f"{scheme!r} is not a URL scheme (letters, digits, '+', '-', '.')")
    _OPENERS[key] = opener

    def unregister() -> None:
        if _OPENERS.get(key) is opener:
            del _OPENERS[key]

    return unregister


def open_store(location: str, *, read_only: bool, author: str | None = None) -> LogbookStore:
    """A new connection to the logbook at ``location``: read-only, or for editing as ``author``.

    Raises :class:`LogbookError` when no registered kind of store opens the
    location (or the store cannot be opened), ``ValueError`` for editing
    without an author.
    """
    scheme = location_scheme(location)
    if scheme is None:
        return SQLiteLogbookStore(Path(location), author=None if read_only else author, read_only=read_only)
    opener = _OPENERS.get(scheme)
    if opener is None:
        raise LogbookError(message("unknown_store_kind", location=location, scheme=scheme))
    return opener(location, read_only=read_only, author=None if read_only else author)
