"""Helpers shared by the importers: reading, JSON, CRS, progress, attribute columns."""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from city.crs import WORKING_CRS, LocalFrame
from importers.errors import Cancelled, ImporterError, InvalidFile

ProgressCallback = Callable[[float, str], None]
CancelCallback = Callable[[], bool]


# --------------------------------------------------------------------------- reading


def read_bytes(path: str | PathLike[str]) -> bytes:
    """The whole file; a missing or empty file is an :class:`ImporterError` naming it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImporterError(path, "no such file") from None
    except IsADirectoryError:
        raise ImporterError(path, "is a folder, not a file") from None
    except OSError as e:
        raise ImporterError(path, f"cannot be read ({e.strerror or e})") from None
    if not data or data.isspace():  # isspace: no copy of a large file, unlike strip()
        raise InvalidFile(path, "the file is empty", location="byte 0")
    return data


def load_json(path: Path, data: bytes | memoryview | str, *, first_line: int = 1) -> Any:
    """Parse JSON, raising :class:`InvalidFile` with the line and column of the fault.

    orjson is several times faster than the standard library; the standard
    library is the fallback because it accepts the ``NaN`` and ``Infinity``
    literals that some writers emit: such files then fail later, at the
    coordinate checks, with a message that names the object instead of a byte.
    ``first_line`` is the file's line number of the first line of ``data``
    (CityJSONSeq parses its lines one by one).
    """
    import orjson

    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    where = f"line {first_line}" if first_line != 1 else None
    if isinstance(data, memoryview):
        data = data.tobytes()  # the standard library wants bytes; only the failure path gets here
    try:
        return json.loads(data)
    except json.JSONDecodeError as e:
        # e.pos counts characters of the decoded text: an error at its very end means the file stops early.
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        hint = " (the file looks truncated)" if e.pos >= len(text.rstrip()) else ""
        location = f"line {first_line + e.lineno - 1}, column {e.colno}"
        raise InvalidFile(path, f"not valid JSON at {location}: {e.msg}{hint}", location=location) from None
    except UnicodeDecodeError:
        prefix = f"{where}: " if where else ""
        raise InvalidFile(path, f"{prefix}not valid JSON: the bytes are not UTF-8 text", location=where) from None
    except (ValueError, RecursionError) as e:
        prefix = f"{where}: " if where else ""
        reason = "nested too deeply" if isinstance(e, RecursionError) else str(e)
        raise InvalidFile(path, f"{prefix}not valid JSON: {reason}", location=where) from None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a big file is turned into objects.

    Parsing allocates millions of lists and dicts, none of them garbage; each
    allocation batch would trigger a collection pass over all of them (4x the
    parse time for a 14 MB GeoJSON). Nothing here makes reference cycles, so
    collection can wait until the import is over.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --------------------------------------------------------------------------- CRS

# The EPSG code in every spelling files use: OGC URLs (CityJSON 1.1+), OGC URNs
# (CityJSON 1.0, CityGML, legacy GeoJSON "crs"), and plain "EPSG:2154".
_EPSG_CODE = re.compile(r"EPSG(?:/\d+(?:\.\d+)*/|:{1,2}(?:\d+(?:\.\d+)*:)?|/)(\d+)\s*$", re.IGNORECASE)
_CRS84 = re.compile(r"CRS:?84", re.IGNORECASE)


def horizontal_crs(path: Path, text: str, *, from_file: bool = True) -> str:
    """Normalise a CRS reference to the horizontal CRS as ``"EPSG:nnnn"`` (or WKT).

    Compound CRSs (EPSG:7415 = RD New + NAP height) keep their horizontal part:
    heights are kept as they are, only x and y are reprojected.
    A reference pyproj does not know raises :class:`InvalidFile` (from the
    file) or :class:`ImporterError` (from the caller).
    """
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    text = str(text).strip()
    if _CRS84.search(text):
        # OGC CRS84 is WGS84 with lon/lat order; the transformers are built with
        # always_xy, so EPSG:4326 reads it the same way.
        return "EPSG:4326"
    match = _EPSG_CODE.search(text)
    try:
        crs = CRS.from_user_input(f"EPSG:{match.group(1)}" if match else text)
    except CRSError:
        message = f"unknown coordinate reference system {text!r}"
        if from_file:
            raise InvalidFile(path, message, location="referenceSystem") from None
        raise ImporterError(path, message) from None
    if crs.is_compound:
        crs = crs.sub_crs_list[0]
    if crs.is_vertical:
        message = f"coordinate reference system {text!r} is vertical only"
        raise (InvalidFile(path, message) if from_file else ImporterError(path, message))
    authority = crs.to_authority(min_confidence=90)
    if authority is not None:
        return f"{authority[0]}:{authority[1]}"
    return crs.to_wkt()


def is_geographic(crs: str) -> bool:
    from pyproj import CRS

    return bool(CRS.from_user_input(crs).is_geographic)


def local_frame_for(x: np.ndarray, y: np.ndarray) -> LocalFrame:
    """A Lambert-93 frame whose origin is the rounded centre of the data's extent.

    z stays absolute (origin z = 0): heights in the files are altitudes, and
    terrain, trees and buildings from different files then agree.
    """
    if len(x) == 0:
        return LocalFrame(WORKING_CRS, (0.0, 0.0, 0.0))
    cx = 0.5 * (float(np.min(x)) + float(np.max(x)))
    cy = 0.5 * (float(np.min(y)) + float(np.max(y)))
    return LocalFrame(WORKING_CRS, (float(round(cx)), float(round(cy)), 0.0))


def looks_like_lon_lat(x: np.ndarray, y: np.ndarray) -> bool:
    """True when every coordinate fits lon/lat degrees (a projected CRS would be suspicious)."""
    return bool(len(x)) and bool(np.all(np.abs(x) <= 180.0) and np.all(np.abs(y) <= 90.0))


# --------------------------------------------------------------------------- progress


class Steps:
    """Progress and cancellation for one import.

    ``steps(fraction, message)`` reports progress (clamped to 0..1) after
    asking ``cancel()``; :class:`Cancelled` is raised, before anything is
    handed back, as soon as it answers True.
    """

    def __init__(self, path: Path, progress: ProgressCallback | None, cancel: CancelCallback | None) -> None:
        self.path = path
        self.progress = progress
        self.cancel = cancel

    def __call__(self, fraction: float, message: str) -> None:
        self.check()
        if self.progress is not None:
            self.progress(min(max(float(fraction), 0.0), 1.0), message)

    def check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled(self.path)


# --------------------------------------------------------------------------- attributes


class AttributeColumns:
    """Per-building attributes gathered row by row, handed out as typed columns.

    Filling dense columns per (row, key) would cost rows x keys; an OSM export
    has hundreds of keys, most on a few rows, so each key keeps only the rows
    that have it and the column is built once at the end.
    """

    def __init__(self) -> None:
        self._rows: dict[str, list[int]] = {}
        self._values: dict[str, list[Any]] = {}

    def add_row(self, row: int, attributes: dict[str, Any] | None) -> None:
        if not attributes:
            return
        for key, value in attributes.items():
            if value is None:
                continue
            rows = self._rows.get(key)
            if rows is None:
                rows = self._rows[key] = []
                self._values[key] = []
            rows.append(row)
            self._values[key].append(value)

    def columns(self, n: int, keep: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Columns of length ``n`` (or of the rows where ``keep`` is True).

        All-integer complete columns become int64, numeric ones float64 (NaN
        for unknown), anything else (strings, booleans, lists) stays object
        with None for unknown: the same rules as ``BuildingSetBuilder``.
        """
        remap = None
        if keep is not None:
            remap = np.cumsum(keep) - 1
            n_out = int(keep.sum())
        else:
            n_out = n
        out: dict[str, np.ndarray] = {}
        for key, rows in self._rows.items():
            values = self._values[key]
            idx = np.asarray(rows, dtype=np.int64)
            if remap is not None:
                mask = keep[idx]
                idx = remap[idx[mask]]
                values = [v for v, m in zip(values, mask, strict=True) if m]
                if not len(idx):
                    continue
            out[key] = _typed_column(values, idx, n_out)
        return out


def _typed_column(values: list[Any], rows: np.ndarray, n: int) -> np.ndarray:
    types = set(map(type, values))
    try:
        if types <= {int} and len(rows) == n:
            column = np.zeros(n, dtype=np.int64)
            column[rows] = np.fromiter(values, dtype=np.int64, count=len(values))
            return column
        if types <= {int, float}:
            column = np.full(n, np.nan)
            column[rows] = np.fromiter(values, dtype=np.float64, count=len(values))
            return column
    except OverflowError:
        pass  # integers beyond 64 bits (identifiers written as numbers): kept as Python objects
    column = np.full(n, None, dtype=object)
    column[rows] = np.fromiter(values, dtype=object, count=len(values))
    return column


def unique_ids(ids: list[str]) -> tuple[list[str], int]:
    """Make ids unique by suffixing ``-2``, ``-3``... to repeats; returns (ids, repeats)."""
    seen: dict[str, int] = {}
    out: list[str] = []
    repeats = 0
    taken = set(ids)
    for bid in ids:
        if bid not in seen:
            seen[bid] = 1
            out.append(bid)
            continue
        repeats += 1
        k = seen[bid]
        while True:
            k += 1
            candidate = f"{bid}-{k}"
            if candidate not in taken:
                break
        seen[bid] = k
        taken.add(candidate)
        out.append(candidate)
    return out, repeats


def file_stem(path: Path) -> str:
    """``delft.city.json`` -> ``delft``; ``a.geojson`` -> ``a``."""
    name = path.name
    for suffix in (".city.jsonl", ".city.json", ".geojson", ".jsonl", ".json"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return path.stem


def split_collections(parts: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split shapely MultiPolygons and collections, repeatedly, into their parts.

    ``owner`` (one index per input geometry) follows each part; parts stay grouped
    by owner in a stable order. Returns (parts, owner, shapely type id of each part).
    """
    import shapely

    while True:
        types = shapely.get_type_id(parts)
        multi = (types == 6) | (types == 7)
        if not multi.any():
            return parts, owner, types
        sub, sub_index = shapely.get_parts(parts[multi], return_index=True)
        parts = np.concatenate([parts[~multi], sub])
        owner = np.concatenate([owner[~multi], owner[multi][sub_index]])
        order = np.argsort(owner, kind="stable")
        parts, owner = parts[order], owner[order]
