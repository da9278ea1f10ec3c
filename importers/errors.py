"""The importers' one error family.

``ImportError`` is Python's own (a module that cannot be imported), so ours is
:class:`ImporterError`. Every message names the file, where in it, and what
is wrong::

    delft.city.json: CityObject 'B12' points at vertex 9001, file has 4000

The importers raise; only app/ turns these into dialogs. :class:`CrsRequired`
is not a fault of the file as such: the app answers it by asking the user for
a CRS and importing again with ``crs=``.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any


class ImporterError(Exception):
    """A file could not be imported.

    Parameters
    ----------
    path : path-like
        The file being imported; ``str(error)`` starts with its name.
    message : str
        What is wrong, and where, as a sentence fragment a user can read.
    """

    def __init__(self, path: str | PathLike[str], message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path.name}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle as cls(*args); ours take (path, message), so say so
        # explicitly or they would not cross a process pool.
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: type[ImporterError], state: dict[str, Any]) -> ImporterError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, str(error))
    return error


class UnsupportedFormat(ImporterError):
    """No importer reads this kind of file (or this version of the format)."""


class InvalidFile(ImporterError):
    """The file is of a known format but broken: truncated, malformed, inconsistent.

    Parameters
    ----------
    path, message
        As for :class:`ImporterError`; the message says where.
    location : str, optional
        The same "where" for programs: ``"CityObject 'B12'"``, ``"line 3, column 7"``,
        ``"feature 41"``.
    """

    def __init__(self, path: str | PathLike[str], message: str, *, location: str | None = None) -> None:
        self.location = location
        super().__init__(path, message)


class MissingDependency(ImporterError):
    """Reading this format needs an optional package that is not installed.

    Parameters
    ----------
    path : path-like
    package : str
        The distribution to install (``"ifcopenshell"``).
    extra : str, optional
        The maquette extra that installs it (``"ifc"``).
    """

    def __init__(self, path: str | PathLike[str], package: str, extra: str | None = None) -> None:
        self.package = package
        self.extra = extra
        how = f"pip install 'maquette[{extra}]'" if extra else f"pip install {package}"
        super().__init__(path, f"reading this file needs the optional package {package!r} ({how})")


class CrsRequired(ImporterError):
    """The file does not say which CRS its coordinates are in, and none was given.

    The app asks the user and imports again with ``crs=``. ``extent`` (xmin,
    ymin, xmax, ymax in the file's own units) helps the user (or a guess list)
    tell Lambert-93 from a conic zone or lon/lat.
    """

    def __init__(
        self,
        path: str | PathLike[str],
        message: str | None = None,
        *,
        extent: tuple[float, float, float, float] | None = None,
    ) -> None:
        self.extent = extent
        if message is None:
            message = "the file does not say which coordinate reference system it uses; give one (e.g. EPSG:2154)"
            if extent is not None:
                message += (
                    f" - its coordinates span x {extent[0]:.6g}..{extent[2]:.6g}, y {extent[1]:.6g}..{extent[3]:.6g}"
                )
        super().__init__(path, message)


class Cancelled(ImporterError):
    """The user cancelled the import (``cancel()`` returned True); nothing was loaded.

    A subclass of :class:`ImporterError` so that code handling import failures
    never leaks it; the app catches it first to stay silent.
    """

    def __init__(self, path: str | PathLike[str], message: str = "import cancelled") -> None:
        super().__init__(path, message)


__all__ = ["Cancelled", "CrsRequired", "ImporterError", "InvalidFile", "MissingDependency", "UnsupportedFormat"]
