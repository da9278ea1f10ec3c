"""CityJSON 1.0 / 1.1 / 2.0 and CityJSONSeq (``.city.jsonl``) -> :class:`city.model.City`.

What becomes what
-----------------
- ``Building`` objects become buildings, keeping the file's id. Their
  ``BuildingPart`` and ``BuildingInstallation`` descendants are merged into
  them (the part ids are listed in the ``building_parts`` attribute); a part
  with no building above it is a building of its own. Other descendants
  (``BuildingRoom``, ``BuildingStorey``, ``BuildingUnit``,
  ``BuildingConstructiveElement``, ``BuildingFurniture``) are interior detail:
  skipped and counted.
- ``Road``, ``TransportSquare``, ``Railway``, ``PlantCover``, ``WaterBody`` and
  ``LandUse`` become :class:`city.model.GroundPatch` es (ROAD, PLAZA, RAIL, PARK,
  WATER and PLAZA) when their faces lie flat (area-weighted mean ``|n_z|`` of
  at least 0.9): the faces of each object are merged into its outline seen
  from above, from the edges its faces share (:mod:`importers._outline`), or
  by a GEOS union where the faces overlap or are not noded edge to edge.
  Objects of these types that stand up (a water body given as a solid, tree
  canopies as volumes) are skipped and counted.
- Everything else (``Bridge``, ``Tunnel``, ``GenericCityObject``,
  ``CityFurniture``, ``SolitaryVegetationObject``, ``TINRelief``,
  ``CityObjectGroup``, extension types ``+Foo``...) is skipped and counted by
  type in ``city.import_report.skipped``. So are point / line geometries.
- A ``GeometryInstance`` is real geometry: its template (from
  ``geometry-templates``, whose ``vertices-templates`` are real coordinates
  that ``transform`` does not touch) multiplied by ``transformationMatrix``
  (4x4, row by row) and added to its reference point (``boundaries``: one
  vertex index); it has its template's LoD and semantics.

Geometry
--------
``transform`` (scale, translate) maps the integer vertices to coordinates;
a zero or non-finite scale is an :class:`~importers.errors.InvalidFile`. Each
building takes its highest LoD (over the building and its parts) unless
``lod`` asks for one; a building without that LoD is skipped and counted.
Every geometry at that LoD is taken (a part that lacks it adds nothing; an
object with a Solid and a MultiSurface at the same LoD gets both).
``MultiSurface``, ``CompositeSurface``, ``Solid``, ``MultiSolid`` and
``CompositeSolid`` are read; faces (with holes) are triangulated in their own
plane (:mod:`importers._mesh`), zero-area faces are dropped and counted.
Semantic surfaces map to :class:`~city.model.SurfaceType` (RoofSurface,
WallSurface, GroundSurface; anything else OTHER); faces with no semantics are
OTHER too, and counted. Object attributes become building attribute columns
(plus ``lod``, the LoD used).

Coordinates
-----------
The CRS is ``metadata.referenceSystem`` (any of the OGC URL, OGC URN or
``EPSG:n`` spellings); a compound CRS keeps its horizontal part (EPSG:7415 ->
EPSG:28992). x and y are reprojected to Lambert-93 (EPSG:2154); heights are
kept as the file gives them. The city's local origin is the rounded centre
of the imported data. A file without a CRS, read with ``crs=None``, raises
:class:`~importers.errors.CrsRequired`; ``crs=`` overrides the file's CRS.

Checks
------
Every vertex index is checked against the vertex count (negative ones too),
every parent and child must exist and no object may be its own ancestor,
coordinates must be finite: each failure is an
:class:`~importers.errors.InvalidFile` naming the object. Nothing is built
until the whole file has been read and checked.

Memory
------
The nested lists of the file are flattened into numpy arrays in a few C-level
passes. A plain CityJSON file is not parsed whole (that makes about 7 times
its size in Python objects): its braces and quotes are located with numpy,
then its CityObjects are parsed a few megabytes at a time
(:data:`STREAM_BATCH_BYTES`; a smaller file in one go) and their boundaries
flattened to int32 arrays at once, and its vertices go straight to an array
(:func:`_parse_streamed`). In a compact file (no whitespace in the arrays, as
tools write them) the boundaries and the vertices are not even made Python
lists: they are cut out of the text before the JSON parser sees it and read as
bytes (:func:`_parse_int_arrays`, :func:`_triangle_shape` for triangulated
geometries), with the same checks. A file that does not stream cleanly
(invalid JSON, NaN literals) is parsed whole, for messages with line and
column. A CityJSONSeq file is parsed a few megabytes of lines at a time, each
line's vertices and boundaries read as bytes the same way
(:func:`_parse_features`; a batch with anything unusual is parsed line by
line, for the same result or the message naming the line), and flattened in
batches (:data:`FLUSH_FACES`), its Python objects freed as it goes. Ground
outlines are computed in batches of objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, pairwise, repeat
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from city.crs import reproject_xy
from city.model import BuildingSet, BuildingSetBuilder, City, GroundCover, GroundPatch, Polygon2D, SurfaceType
from importers._common import (
    AttributeColumns,
    CancelCallback,
    ProgressCallback,
    Steps,
    file_stem,
    gc_paused,
    horizontal_crs,
    load_json,
    local_frame_for,
    read_bytes,
    split_collections,
)
from importers._mesh import ZERO_AREA_M2, newell_vectors, ring_starts, triangulate_faces
from importers._outline import outline_polygons
from importers.errors import CrsRequired, InvalidFile, UnsupportedFormat
from importers.report import ImportReport

SUPPORTED_VERSIONS = ("1.0", "1.1", "2.0")

BUILDING_TYPES = frozenset({"Building"})
PART_TYPES = frozenset({"BuildingPart", "BuildingInstallation"})
"""Merged into the building above them."""

GROUND_TYPES: dict[str, GroundCover] = {
    "Road": GroundCover.ROAD,
    "TransportSquare": GroundCover.PLAZA,
    "Railway": GroundCover.RAIL,
    "PlantCover": GroundCover.PARK,
    "WaterBody": GroundCover.WATER,
    # Land use in city models is mostly unbuilt, unvegetated open ground
    # (yards, paved areas): the closest cover we draw is a plaza.
    "LandUse": GroundCover.PLAZA,
}

FLUSH_FACES = 250_000
"""CityJSONSeq: queued faces that trigger flattening (and freeing) of the lines read so far."""

GROUND_BATCH_FACES = 500_000
"""Ground faces outlined per batch of objects: bounds the memory of the edge arrays."""

FLAT_GROUND_MIN_NZ = 0.9
"""Ground objects whose faces' area-weighted mean |n_z| is below this are not ground surfaces."""

_SURFACE_GEOMETRIES = ("MultiSurface", "CompositeSurface")
_SOLID_GEOMETRIES = ("MultiSolid", "CompositeSolid")
_NO_SEMANTICS = -1


def read_cityjson(
    path: str | PathLike[str],
    *,
    crs: str | None = None,
    lod: str | float | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> City:
    """Read a CityJSON or CityJSONSeq file into a city in Lambert-93.

    Parameters
    ----------
    path : path-like
        ``.city.json`` / ``.json`` (CityJSON) or ``.city.jsonl`` / ``.jsonl`` (CityJSONSeq).
    crs : str, optional
        CRS of the file's coordinates (``"EPSG:7415"``...); overrides the file's
        ``referenceSystem``. Required when the file has none.
    lod : str or float, optional
        The LoD to take (``"2.2"``, ``1``); default: the highest of each building.
    progress : callable(fraction, message), optional
    cancel : callable() -> bool, optional
        Polled between stages; True raises :class:`~importers.errors.Cancelled`.

    Returns
    -------
    City
        With ``city.import_report`` (:class:`~importers.report.ImportReport`).

    Raises
    ------
    InvalidFile, UnsupportedFormat, CrsRequired, Cancelled
    """
    path = Path(path)
    steps = Steps(path, progress, cancel)
    with gc_paused():
        steps(0.0, f"reading {path.name}")
        data = read_bytes(path)
        steps(0.05, "parsing JSON")
        doc = _Document.parse(path, data, steps)
        del data
        steps(0.25, "checking objects")
        reader = _Reader(path, doc, lod, steps)
        return reader.run(crs)


# --------------------------------------------------------------------------- parsing


@dataclass
class _Chunk:
    """A set of CityObjects with their own vertex list: the whole file, or one CityJSONSeq line."""

    where: str  # "" or "line 12: " (prefix for messages)
    objects: dict[str, Any]
    vertices: np.ndarray  # (n, 3) float64, transformed, in the file's CRS


@dataclass
class _Document:
    """The file's header and its chunks: one for CityJSON, one per line for CityJSONSeq.

    CityJSONSeq lines are parsed a batch at a time by :meth:`iter_chunks`, so
    the reader can flatten them and let their Python objects go before the
    next: memory follows a batch (or the largest line), not the file.
    """

    path: Path
    version: str
    format: str
    reference_system: str | None
    chunks: list[_Chunk] = field(default_factory=list)
    lines: list[tuple[int, memoryview]] = field(default_factory=list)  # CityJSONSeq: (line number, bytes)
    transform: tuple[np.ndarray, np.ndarray] | None = None
    templates: _Templates | None = None  # "geometry-templates", for GeometryInstance geometries

    @property
    def expected_chunks(self) -> int:
        return len(self.chunks) + len(self.lines)

    @classmethod
    def parse(cls, path: Path, data: bytes, steps: Steps | None = None) -> _Document:
        name = path.name.lower()
        if name.endswith(".jsonl"):
            return cls._parse_seq(path, data)
        streamed = _parse_streamed(path, data, steps)
        if streamed is not None:
            header, objects, vertices = streamed
            version = _check_header(path, header, expected="CityJSON")
            doc = cls(path, version, f"CityJSON {version}", _reference_system(path, header))
            transform = _transform(path, header)
            if transform is not None:
                scale, translate = transform
                vertices = vertices * scale + translate
            doc.templates = _templates(path, header)
            doc.chunks.append(_Chunk("", objects, vertices))
            return doc
        # Not a plain, well-formed CityJSON file: parse it whole, for the exact message
        # (line and column), the NaN literals orjson refuses, or CityJSONSeq with a .json suffix.
        try:
            root = load_json(path, data)
        except InvalidFile:
            # A CityJSONSeq file with a .json suffix: its first line alone is a CityJSON header.
            first = data.lstrip().split(b"\n", 1)[0]
            try:
                header = load_json(path, first)
            except InvalidFile:
                header = None
            if isinstance(header, dict) and header.get("type") == "CityJSON" and b"\n" in data.strip():
                return cls._parse_seq(path, data)
            raise
        if not isinstance(root, dict):
            raise InvalidFile(path, "not a CityJSON file: the top level is not a JSON object", location="top level")
        version = _check_header(path, root, expected="CityJSON")
        doc = cls(path, version, f"CityJSON {version}", _reference_system(path, root))
        transform = _transform(path, root)
        objects = root.get("CityObjects")
        if not isinstance(objects, dict):
            raise InvalidFile(path, "'CityObjects' is missing or not an object", location="CityObjects")
        doc.templates = _templates(path, root)
        doc.chunks.append(_Chunk("", objects, _vertices(path, root.get("vertices"), transform, "")))
        return doc

    @classmethod
    def _parse_seq(cls, path: Path, data: bytes) -> _Document:
        # Lines as views into the file's bytes: no copy of the file line by line.
        view = memoryview(data)
        numbered: list[tuple[int, memoryview]] = []
        start, no = 0, 0
        while start < len(data):
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            no += 1
            if not view[start:end].tobytes().isspace() and end > start:
                numbered.append((no, view[start:end]))
            start = end + 1
        if not numbered:
            raise InvalidFile(path, "the file is empty", location="byte 0")
        first_no, first = numbered[0]
        header = load_json(path, first, first_line=first_no)
        if not isinstance(header, dict):
            raise InvalidFile(path, f"line {first_no}: not a CityJSON header object", location=f"line {first_no}")
        version = _check_header(path, header, expected="CityJSON")
        doc = cls(path, version, f"CityJSONSeq {version}", _reference_system(path, header))
        doc.transform = _transform(path, header)
        doc.templates = _templates(path, header)
        doc.lines = numbered[1:]
        return doc

    def iter_chunks(self) -> Iterator[_Chunk]:
        """Every chunk; CityJSONSeq lines are parsed as they are reached, a few megabytes at a time.

        A batch of lines is parsed with its boundaries and vertices as bytes
        (:func:`_parse_features`) or, where that does not apply, line by line
        (:meth:`_parse_line`): the same chunks, or the message naming the line.
        """
        yield from list(self.chunks)
        lines = self.lines
        at = 0
        while at < len(lines):
            end, size = at + 1, len(lines[at][1])
            while end < len(lines) and size + len(lines[end][1]) <= STREAM_BATCH_BYTES:
                size += len(lines[end][1])
                end += 1
            batch = lines[at:end]
            chunks: Iterator[_Chunk] | list[_Chunk] | None = _parse_features(batch, self.transform)
            if chunks is None:
                chunks = (self._parse_line(no, line) for no, line in batch)
            for chunk in chunks:
                self.chunks.append(chunk)
                yield chunk
            del chunks
            at = end
        self.lines = []

    def _parse_line(self, no: int, line: memoryview) -> _Chunk:
        """One CityJSONSeq line as a chunk, its boundaries left as lists."""
        path, where = self.path, f"line {no}: "
        feature = load_json(path, line, first_line=no)
        if not isinstance(feature, dict) or feature.get("type") != "CityJSONFeature":
            kind = feature.get("type") if isinstance(feature, dict) else type(feature).__name__
            raise InvalidFile(path, f"{where}expected a CityJSONFeature, found {kind!r}", location=f"line {no}")
        objects = feature.get("CityObjects")
        if not isinstance(objects, dict):
            raise InvalidFile(path, f"{where}'CityObjects' is missing or not an object", location=f"line {no}")
        return _Chunk(where, objects, _vertices(path, feature.get("vertices"), self.transform, where))


def _check_header(path: Path, root: dict[str, Any], expected: str) -> str:
    kind = root.get("type")
    if kind != expected:
        raise InvalidFile(path, f"not a CityJSON file: 'type' is {kind!r}, expected {expected!r}", location="type")
    version = str(root.get("version", ""))
    if not any(version == v or version.startswith(v + ".") for v in SUPPORTED_VERSIONS):
        raise UnsupportedFormat(
            path, f"CityJSON version {version!r} is not supported (versions {', '.join(SUPPORTED_VERSIONS)} are)"
        )
    return version


def _reference_system(path: Path, root: dict[str, Any]) -> str | None:
    metadata = root.get("metadata")
    if not isinstance(metadata, dict):
        return None
    ref = metadata.get("referenceSystem")
    if ref in (None, ""):
        return None
    if not isinstance(ref, str):
        raise InvalidFile(
            path, f"metadata.referenceSystem is not a string: {ref!r}", location="metadata.referenceSystem"
        )
    return ref


def _transform(path: Path, root: dict[str, Any]) -> tuple[np.ndarray, np.ndarray] | None:
    """(scale, translate) or None. CityJSON stores integer vertices; ``transform`` maps them to metres."""
    transform = root.get("transform")
    if transform is None:
        return None
    where = "transform"
    try:
        scale = np.asarray(transform["scale"], dtype=np.float64)
        translate = np.asarray(transform["translate"], dtype=np.float64)
    except (KeyError, TypeError, ValueError):
        raise InvalidFile(
            path, "'transform' needs 'scale' and 'translate', three numbers each", location=where
        ) from None
    if scale.shape != (3,) or translate.shape != (3,):
        raise InvalidFile(path, "'transform' scale and translate must have three numbers each", location=where)
    if not np.isfinite(scale).all() or (scale == 0).any():
        raise InvalidFile(
            path,
            f"transform scale {scale.tolist()} is not usable: every factor must be finite and non-zero",
            location=where,
        )
    if not np.isfinite(translate).all():
        raise InvalidFile(path, f"transform translate {translate.tolist()} is not finite", location=where)
    return scale, translate


def _vertices(path: Path, raw: Any, transform: tuple[np.ndarray, np.ndarray] | None, where: str) -> np.ndarray:
    if raw is None or (isinstance(raw, list) and not raw):
        return np.zeros((0, 3))
    if not isinstance(raw, list):
        raise InvalidFile(path, f"{where}'vertices' is not an array", location=where.rstrip(": ") or "vertices")
    vertices = None
    try:
        # Every vertex a list of 3 (one pass in C), then the numbers in one go:
        # twice as fast as np.asarray on the nested lists.
        if set(map(type, raw)) == {list} and set(map(len, raw)) == {3}:
            vertices = np.fromiter(chain.from_iterable(raw), dtype=np.float64, count=3 * len(raw)).reshape(-1, 3)
    except (ValueError, TypeError):
        vertices = None
    if vertices is None:
        bad = next(
            (
                i
                for i, v in enumerate(raw)
                if not (isinstance(v, list) and len(v) == 3 and all(_is_number(c) for c in v))
            ),
            0,
        )
        raise InvalidFile(
            path, f"{where}vertex {bad} is {raw[bad]!r}, expected three numbers", location=f"{where}vertex {bad}"
        )
    if transform is not None:
        scale, translate = transform
        vertices = vertices * scale + translate
    return vertices


@dataclass
class _Templates:
    """``geometry-templates``: template geometries and their own vertices (real coordinates, no ``transform``)."""

    geometries: list[Any]
    vertices: np.ndarray  # (n, 3) float64


def _templates(path: Path, root: dict[str, Any]) -> _Templates | None:
    raw = root.get("geometry-templates")
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("templates"), list):
        raise InvalidFile(
            path, "'geometry-templates' needs a 'templates' array", location="geometry-templates"
        )
    # The spec stores template vertices uncompressed: 'transform' does not apply to them.
    vertices = _vertices(path, raw.get("vertices-templates"), None, "geometry-templates: ")
    return _Templates(raw["templates"], vertices)


# --------------------------------------------------------------------------- streamed parsing

STREAM_BATCH_BYTES = 4 << 20
"""Bytes of CityObjects (or of vertices; or of CityJSONSeq lines) parsed into Python objects at a time."""

_SCAN_BYTES = 16 << 20
_WHITESPACE = b" \t\r\n"


def _parse_streamed(
    path: Path, data: bytes, steps: Steps | None
) -> tuple[dict[str, Any], dict[str, Any], np.ndarray] | None:
    """(header, CityObjects, untransformed vertices) of a plain CityJSON file, or None.

    Parsing the whole file at once makes about seven times its size in Python
    objects, most of them the integers of ``vertices`` and of the boundaries.
    Instead, the braces and quotes of the file (a few percent of its bytes) are
    located with numpy, which gives the byte span of each CityObject and of the
    vertex array; the objects are then parsed a few megabytes at a time and
    their boundaries flattened to arrays at once (:func:`_preflatten`), and
    the vertices go straight to an array. None means "parse it whole": any
    surprise (invalid JSON, NaN literals, a CityJSONSeq with a .json suffix,
    a file without CityObjects or vertices) is left to the whole-file path,
    whose messages name the line and column.
    """
    import orjson

    if len(data) <= STREAM_BATCH_BYTES:
        # Small enough to parse in one go (its boundaries as bytes all the same): no need
        # to locate its objects first.
        small = _parse_small(path, data)
        if small is not None:
            return small
    spans = _top_level_spans(data)
    if spans is None:
        return None
    (co_start, co_end, object_ends), (v_start, v_end) = spans
    # The header: the file with the two big values cut out.
    cuts = sorted([(co_start, co_end, b"{}"), (v_start, v_end, b"[]")])
    pieces, at = [], 0
    for lo, hi, empty in cuts:
        pieces += [data[at:lo], empty]
        at = hi
    pieces.append(data[at:])
    try:
        header = orjson.loads(b"".join(pieces))
        del pieces
        if not isinstance(header, dict):
            return None
        vertices = _stream_vertices(path, data, v_start, v_end)
        if vertices is None:
            return None
        # Cut after every few megabytes of whole objects.
        object_ends = np.asarray(object_ends, dtype=np.int64)
        bounds, k = [co_start + 1], 0
        while k < len(object_ends):
            j = max(int(np.searchsorted(object_ends, bounds[-1] + STREAM_BATCH_BYTES)), k + 1)
            bounds.append(int(object_ends[j - 1]) + 1)
            k = j
        bounds.append(co_end - 1)  # what follows the last object, up to the closing brace
        objects: dict[str, Any] = {}
        view = memoryview(data)
        for n, (lo, hi) in enumerate(pairwise(bounds)):
            text = bytes(view[lo:hi]).strip(_WHITESPACE)
            if n > 0:
                # After an object: a comma and more members, or nothing.
                if not text:
                    continue
                if text[:1] != b",":
                    return None
                text = text[1:]
            batch = _load_batch(text)
            if batch is None:
                batch = orjson.loads(b"{" + text + b"}")
                if not isinstance(batch, dict):
                    return None
                _preflatten(batch)
            del text
            objects.update(batch)
            del batch
            if steps is not None:
                steps(0.05 + 0.2 * (hi - co_start) / max(co_end - co_start, 1), "parsing JSON")
    except orjson.JSONDecodeError:
        return None
    except InvalidFile:
        return None
    return header, objects, vertices


def _parse_small(path: Path, data: bytes) -> tuple[dict[str, Any], dict[str, Any], np.ndarray] | None:
    """:func:`_parse_streamed` for a file of at most one batch: one :func:`_load_batch` of the whole file.

    The vertex array is cut out first and parsed as bytes (:func:`_int_triples`).
    """
    import orjson

    span = _vertex_span(data)
    if span is None:
        return None
    start, end = span
    root = _load_batch(data[:start] + b'"@vertices"' + data[end:], whole=True)
    if root is None or root.get("vertices") != "@vertices":
        return None
    objects = root["CityObjects"]
    root["CityObjects"], root["vertices"] = {}, []
    vertices = _int_triples(data[start:end])
    if vertices is None:
        try:
            vertices = _vertices(path, orjson.loads(data[start:end]), None, "")
        except (orjson.JSONDecodeError, InvalidFile):
            return None
    return root, objects, vertices.astype(np.float64)


def _vertex_span(data: bytes) -> tuple[int, int] | None:
    """Byte span of the array of the one ``"vertices"`` member of ``data``.

    None when there is none, or a ``"vertices"`` member elsewhere too (an
    attribute): the caller then takes the general way.
    """
    found = list(_array_members(data, b'"vertices"'))
    if len(found) != 1:
        return None
    start = found[0]
    # The vertex array holds no quote and no brace: it ends before the next one.
    following = (data.find(b'"', start), data.find(b"{", start), data.find(b"}", start))
    stop = min((p for p in following if p >= 0), default=len(data))
    end = start + len(data[start:stop].rstrip(_WHITESPACE))
    if data[end - 1 : end] == b",":
        end = start + len(data[start : end - 1].rstrip(_WHITESPACE))
    if data[end - 1 : end] != b"]":
        return None
    return start, end


def _parse_features(
    lines: list[tuple[int, memoryview]], transform: tuple[np.ndarray, np.ndarray] | None
) -> list[_Chunk] | None:
    """The chunks of a batch of CityJSONSeq lines, their boundaries and vertices parsed as bytes.

    What :meth:`_Document.iter_chunks` makes of each line one by one, in a
    few passes for the whole batch: each line's vertex array and its
    boundaries are cut out (:func:`_cut_arrays`) before the JSON parser
    sees the line, and read with numpy (:func:`_int_triples`,
    :func:`_flatten_selected`). None where that does not apply cleanly
    (invalid JSON, a line that is not a CityJSONFeature, whitespace or
    non-integers in the arrays, a malformed geometry...): the caller then
    parses the batch line by line, for the same result or the message naming
    the line.
    """
    import orjson

    joined = b"\n".join([line for _, line in lines])
    cut = _cut_arrays(joined, b'"vertices"')
    if cut is None or len(cut[1]) != len(lines):
        return None
    # One "vertices" array per line: checked below, where line k's feature must hold placeholder k.
    without_vertices, v_starts, v_ends = cut
    runs = _vertex_runs([joined[a:b] for a, b in zip(v_starts, v_ends, strict=True)])
    del joined
    if runs is None:
        return None
    cut = _cut_arrays(without_vertices)
    if cut is None:
        return None
    placed, starts, ends = cut
    # Each line parsed on its own, as the general path does: a line that is not one JSON
    # value fails here. (An array of numbers never holds a line break; a cut that spans
    # one, from a truncated line, shows in the count.)
    parts = placed.split(b"\n")
    if len(parts) != len(lines):
        return None
    try:
        features = [orjson.loads(part) for part in parts]
    except orjson.JSONDecodeError:
        return None
    del parts, placed
    batches: list[dict[str, Any]] = []
    for feature in features:
        if not (
            isinstance(feature, dict)
            and feature.get("type") == "CityJSONFeature"
            and isinstance(feature.get("CityObjects"), dict)
            and feature.get("vertices") == ~len(batches)
        ):
            return None
        batches.append(feature["CityObjects"])
    del features
    if not _restore_boundaries(without_vertices, starts, ends, batches, None):
        return None
    numbers, counts = runs
    vertices = numbers.astype(np.float64)
    if transform is not None:
        scale, translate = transform
        vertices = vertices * scale + translate
    at = np.r_[0, np.cumsum(counts)].tolist()
    return [
        _Chunk(f"line {no}: ", objects, vertices[at[k] : at[k + 1]])
        for k, ((no, _), objects) in enumerate(zip(lines, batches, strict=True))
    ]


def _vertex_runs(texts: list[bytes]) -> tuple[np.ndarray, list[int]] | None:
    """Vertex arrays ``[[x,y,z],...]`` (compact integers) as one (n, 3) int64 array and each one's count.

    The arrays are parsed as one: their brackets stripped and joined with
    commas. Each begins with ``[[`` and ends with ``]]`` (or is ``[]``), so a
    valid whole holds whole triples from each.
    """
    counts: list[int] = []
    inner: list[bytes] = []
    for text in texts:
        if text == b"[]":
            counts.append(0)
            continue
        if text[:2] != b"[[" or text[-2:] != b"]]":
            return None
        counts.append(text.count(b"[") - 1)
        inner.append(text[1:-1])
    if not inner:
        return np.zeros((0, 3), dtype=np.int64), counts
    numbers = _int_triples(b"[" + b",".join(inner) + b"]")
    if numbers is None or len(numbers) != sum(counts):
        return None
    return numbers, counts


def _top_level_spans(data: bytes) -> tuple[tuple[int, int, list[int]], tuple[int, int]] | None:
    """Byte spans of the ``CityObjects`` value (with each object's closing brace) and of ``vertices``.

    Only braces and quotes are located: the vertex array and the boundaries
    hold neither, so this touches a few percent of the bytes in Python.
    Returns None when the file is not one JSON object with both members.
    """
    arr = np.frombuffer(data, dtype=np.uint8)
    quote_parts, brace_parts, has_backslash = [], [], False
    for lo in range(0, len(arr), _SCAN_BYTES):
        part = arr[lo : lo + _SCAN_BYTES]
        quote_parts.append(np.flatnonzero(part == ord('"')) + lo)
        brace_parts.append(np.flatnonzero((part == ord("{")) | (part == ord("}"))) + lo)
        has_backslash = has_backslash or bool((part == ord("\\")).any())
    quotes = np.concatenate(quote_parts)
    braces = np.concatenate(brace_parts)
    del quote_parts, brace_parts
    if has_backslash and len(quotes):
        # A quote after an odd run of backslashes is inside a string.
        after_backslash = quotes[(quotes > 0) & (arr[np.maximum(quotes - 1, 0)] == ord("\\"))]
        escaped = []
        for q in after_backslash.tolist():
            run = 0
            while q - run - 1 >= 0 and data[q - run - 1] == ord("\\"):
                run += 1
            if run % 2:
                escaped.append(q)
        if escaped:
            quotes = np.setdiff1d(quotes, np.asarray(escaped, dtype=np.int64))
    if len(quotes) % 2 or not len(braces):
        return None
    braces = braces[np.searchsorted(quotes, braces) % 2 == 0]  # outside strings
    if not len(braces):
        return None
    depth = np.cumsum(np.where(arr[braces] == ord("{"), 1, -1))  # after each brace
    if depth.min() < 0 or depth[-1] != 0 or (depth[:-1] == 0).any():
        return None
    if data[: braces[0]].strip(_WHITESPACE) or data[braces[-1] + 1 :].strip(_WHITESPACE):
        return None  # not one object (a CityJSONSeq file with a .json suffix, or junk around it)

    starts, ends = quotes[0::2], quotes[1::2]
    at_brace = np.searchsorted(braces, starts) - 1
    string_depth = np.where(at_brace >= 0, depth[np.maximum(at_brace, 0)], 0)
    members: dict[bytes, int] = {}
    for s, e in zip(starts[string_depth == 1].tolist(), ends[string_depth == 1].tolist(), strict=True):
        key = data[s + 1 : e]
        if key in (b"CityObjects", b"vertices") and key not in members:
            colon = _skip_whitespace(data, e + 1)
            if data[colon : colon + 1] == b":":
                members[key] = _skip_whitespace(data, colon + 1)
    if len(members) != 2:
        return None

    co_start = members[b"CityObjects"]
    i = int(np.searchsorted(braces, co_start))
    if i >= len(braces) or braces[i] != co_start:
        return None  # CityObjects is not an object
    closing = np.flatnonzero(depth[i + 1 :] == 1)
    if not len(closing):
        return None
    j = i + 1 + int(closing[0])
    co_end = int(braces[j]) + 1
    inner = depth[i + 1 : j]
    object_ends = braces[i + 1 : j][(inner == 2) & (arr[braces[i + 1 : j]] == ord("}"))].tolist()

    v_start = members[b"vertices"]
    if data[v_start : v_start + 1] != b"[":
        return None
    # The vertex array holds no brace and no quote: it ends before the next one.
    q = int(np.searchsorted(quotes, v_start))
    b = int(np.searchsorted(braces, v_start))
    following = min(int(quotes[q]) if q < len(quotes) else len(data), int(braces[b]) if b < len(braces) else len(data))
    v_end = v_start + len(data[v_start:following].rstrip(_WHITESPACE))
    if data[v_end - 1 : v_end] == b"," and data[following : following + 1] == b'"':
        v_end = v_start + len(data[v_start : v_end - 1].rstrip(_WHITESPACE))
    if data[v_end - 1 : v_end] != b"]":
        return None
    return (co_start, co_end, object_ends), (v_start, v_end)


def _skip_whitespace(data: bytes, at: int) -> int:
    while at < len(data) and data[at] in _WHITESPACE:
        at += 1
    return at


def _stream_vertices(path: Path, data: bytes, start: int, end: int) -> np.ndarray | None:
    """The vertex array ``data[start:end]`` (``[[x, y, z], ...]``), parsed a few megabytes at a time."""
    import orjson

    parts: list[np.ndarray] = []
    at, stop = start + 1, end - 1  # inside the outer brackets
    view = memoryview(data)
    while _skip_whitespace(data, at) < stop:
        # Each inner ']' closes a vertex: cut after one.
        cut = data.find(b"]", min(at + STREAM_BATCH_BYTES, stop - 1), stop)
        cut = stop if cut < 0 else cut + 1
        triples = _int_triples(b"[" + view[at:cut] + b"]")
        if triples is not None:
            parts.append(triples.astype(np.float64))
        else:
            raw = orjson.loads(b"[" + view[at:cut] + b"]")
            parts.append(_vertices(path, raw, None, ""))
            del raw
        at = _skip_whitespace(data, cut)
        if at < stop:
            if data[at : at + 1] != b",":
                return None
            at += 1
    return np.concatenate(parts) if parts else np.zeros((0, 3))


# --------------------------------------------------------------------------- integer arrays, parsed by numpy

# Each byte of an array of integers as a code: "[" 0, "]" 1, "," 2, a digit 1-9 3, "0" 4, "-" 5; anything
# else (whitespace included: the fast path takes compact text only) is 7.
_CODES = bytearray([7] * 256)
for _c, _code in zip(b"[],0123456789-", [0, 1, 2, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 5], strict=True):
    _CODES[_c] = _code
_CODES = bytes(_CODES)
_JSON_INT_ARRAY = b"[],0123456789-"
# What may follow what, per pair of codes (first << 3 | second): bit 1 set for a pair JSON forbids
# (an empty array "[]" too: the fast path leaves those to the general one); bit 2 for a "0" that
# starts a number; bit 4 for a "0" followed by a digit (a leading zero, with bit 2 just before).
_PAIR_FLAGS = bytearray([1] * 256)
for _a, _b in [("[", "["), ("[", "1"), ("[", "0"), ("[", "-"), ("]", "]"), ("]", ","), (",", "["), (",", "1"),
               (",", "0"), (",", "-"), ("1", "1"), ("1", "0"), ("1", ","), ("1", "]"), ("0", "1"), ("0", "0"),
               ("0", ","), ("0", "]"), ("-", "1"), ("-", "0")]:  # fmt: skip
    _pair = _CODES[ord(_a)] << 3 | _CODES[ord(_b)]
    _PAIR_FLAGS[_pair] = (2 if _a in "[,-" and _b == "0" else 0) | (4 if _a == "0" and _b in "10" else 0)
_PAIR_FLAGS = bytes(_PAIR_FLAGS)
_DIGITS = b"0123456789-"
_TO_SPACES = bytes.maketrans(b"[],", b"   ")
_INT64_LIMITS = (np.iinfo(np.int64).min, np.iinfo(np.int64).max)


def _json_int_codes(compact: bytes) -> np.ndarray | None:
    """The byte codes (:data:`_CODES`) of ``compact`` (no whitespace) if its bytes may be JSON arrays of integers.

    Checks the characters and which may follow which (commas, brackets,
    minus signs, no leading zeros, no empty array); the nesting is checked by
    the caller.
    """
    if not compact or compact.translate(None, _JSON_INT_ARRAY):
        return None
    codes = np.frombuffer(compact.translate(_CODES), dtype=np.uint8)
    pairs = codes[:-1] << 3
    pairs |= codes[1:]
    flags = np.frombuffer(pairs.tobytes().translate(_PAIR_FLAGS), dtype=np.uint8)
    if (flags & 1).any() or (flags[:-1] & (flags[1:] >> 1) & 2).any():
        return None
    return codes


def _int_numbers(compact: bytes) -> np.ndarray | None:
    """The integers of checked compact text, in order; None if one does not fit in an int64."""
    numbers = np.fromstring(compact.translate(_TO_SPACES), dtype=np.int64, sep=" ")
    if len(numbers) and (numbers.min() == _INT64_LIMITS[0] or numbers.max() == _INT64_LIMITS[1]):
        return None  # numpy saturates what it cannot hold
    return numbers


@dataclass
class _IntArrays:
    """Nested JSON arrays of integers, flat: the numbers and, per array, its number of items.

    Arrays are listed in the order their ``[`` appear (depth first). ``level`` is
    1 for the outermost array of each text, ``text`` the text each array is in,
    ``items`` its number of elements (numbers for the innermost arrays, arrays
    otherwise).
    """

    numbers: np.ndarray  # int64
    level: np.ndarray
    text: np.ndarray
    items: np.ndarray


def _parse_int_arrays(texts: list[bytes], depth: np.ndarray) -> _IntArrays | None:
    """Parse JSON texts that are arrays of integers nested exactly ``depth[k]`` deep.

    The vertex array and the ``boundaries`` of CityJSON are nested lists of
    integers. A few byte-level passes in C (``bytes.translate``) and numpy
    parse them several times faster than building the Python lists and
    flattening them, and hold no Python object per number.

    Returns None unless every text is compact (no whitespace), valid JSON of
    that shape without empty arrays, with integers that fit in an int64: the
    caller then parses them the general way, for its results and messages.
    """
    compact = b",".join(texts)
    all_codes = _json_int_codes(compact)
    if all_codes is None:
        return None
    # The structure: brackets and commas alone, a few times shorter than the text.
    where = np.flatnonzero(all_codes < 3)
    codes = all_codes[where]
    opening, closing = codes == 0, codes == 1
    after = np.cumsum(opening.view(np.int8), dtype=np.int16)
    after -= np.cumsum(closing.view(np.int8), dtype=np.int16)  # depth after each mark
    if after.min() < 0 or after[-1] != 0:
        return None
    opens = np.flatnonzero(opening)
    level = after[opens]
    text_start = np.r_[0, np.cumsum(np.fromiter(map(len, texts), np.int64, len(texts)) + 1)[:-1]]
    roots = where[opens[level == 1]]
    if len(roots) != len(texts) or (roots != text_start).any():
        return None  # a text that is not one array
    text = np.cumsum(level == 1) - 1
    open_depth = depth[text]
    if (level > open_depth).any():
        return None
    # Items of each array. The innermost hold numbers and no bracket (level <= depth): 1 + the
    # commas up to their closing bracket. The others: the arrays one level down between them
    # and the next array of their level. A number anywhere else is in no innermost array: the
    # count of numbers then differs (no "[]" here, so every array holds at least one item).
    items = np.zeros(len(opens), dtype=np.int64)
    innermost = level == open_depth
    first = opens[innermost]
    closes = np.flatnonzero(closing)
    items[innermost] = closes[np.searchsorted(closes, first)] - first
    by_level = [np.flatnonzero(level == lvl) for lvl in range(1, int(level.max()) + 2)]
    for lvl in range(1, len(by_level)):
        rows = by_level[lvl - 1]
        rows = rows[~innermost[rows]]
        bounds = np.r_[opens[rows], len(codes)]
        items[rows] = np.diff(np.searchsorted(opens[by_level[lvl]], bounds))
    numbers = _int_numbers(compact)
    if numbers is None or len(numbers) != int(items[innermost].sum()):
        return None
    return _IntArrays(numbers, level, text, items)


def _int_triples(compact: bytes) -> np.ndarray | None:
    """``[[a,b,c],[d,e,f],...]`` (compact) as an (n, 3) int64 array, or None if it is not just that."""
    if _json_int_codes(compact) is None:
        return None
    marks = compact.translate(None, _DIGITS)
    n = (len(marks) - 1) // 5
    if n < 1 or marks != b"[" + b"[,,]," * (n - 1) + b"[,,]]":
        return None
    numbers = _int_numbers(compact)
    if numbers is None or len(numbers) != 3 * n:
        return None
    return numbers.reshape(-1, 3)


_ARRAY_VALUE = re.compile(rb"\s*:\s*\[")


def _array_members(text: bytes, key: bytes) -> Iterator[int]:
    """Where the value of each ``"key": [...]`` member of ``text`` starts (its ``[``).

    ``bytes.find`` skips to each key (many times faster than a regular
    expression searching the whole text); strings holding the key are the
    caller's to rule out.
    """
    at = text.find(key)
    while at >= 0:
        match = _ARRAY_VALUE.match(text, at + len(key))
        if match:
            yield match.end() - 1
        at = text.find(key, at + 1)


def _load_batch(text: bytes, *, whole: bool = False) -> dict[str, Any] | None:
    """``orjson.loads(b"{" + text + b"}")`` followed by :func:`_preflatten`, faster.

    The ``boundaries`` arrays (most of the bytes of a city) are cut out of the
    text before it is parsed, replaced by placeholders, and parsed by
    :func:`_parse_int_arrays` instead. Returns None where that does not apply
    cleanly (a placeholder not found back in a geometry, a malformed or
    unexpected geometry...): the caller then takes the general path, which
    gives the same result, or the message.

    ``whole``: ``text`` is a whole CityJSON document (``orjson.loads(text)``),
    whose ``CityObjects`` are treated so (and the boundaries of its geometry
    templates left as lists).
    """
    import orjson

    cut = _cut_arrays(text)
    if cut is None:
        return None
    placed, starts, ends = cut
    try:
        loaded = orjson.loads(placed if whole else b"{" + placed + b"}")
    except orjson.JSONDecodeError:
        return None
    del placed
    if not isinstance(loaded, dict):
        return None
    batch = loaded.get("CityObjects") if whole else loaded
    if not isinstance(batch, dict):
        return None
    templates = loaded.get("geometry-templates") if whole else None
    if not _restore_boundaries(text, starts, ends, [batch], templates):
        return None
    return loaded


def _cut_arrays(text: bytes, key: bytes = b'"boundaries"') -> tuple[bytes, list[int], list[int]] | None:
    """``text`` with the array of each ``key`` member replaced by a placeholder, and the arrays' spans.

    For arrays of numbers (``boundaries``, ``vertices``). Placeholder k is the
    number -1 - k. None when an array does not end where it should, or there
    is none.
    """
    pieces: list[bytes] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    find = text.find
    for s in _array_members(text, key):
        if s < at:
            return None
        # Arrays of numbers hold no quote and no brace: the array ends before the next one.
        stop = find(b'"', s)
        stop = len(text) if stop < 0 else stop
        for brace in (b"{", b"}"):
            b = find(brace, s, stop)
            stop = stop if b < 0 else b
        e = stop
        while text[e - 1] in _WHITESPACE:
            e -= 1
        if text[e - 1] == ord(","):
            e -= 1
            while text[e - 1] in _WHITESPACE:
                e -= 1
        if text[e - 1] != ord("]") or e <= s:
            return None
        pieces += [text[at:s], b"%d" % ~len(starts)]  # placeholder k: -1 - k
        starts.append(s)
        ends.append(e)
        at = e
    if not starts:
        return None
    pieces.append(text[at:])
    return b"".join(pieces), starts, ends


def _restore_boundaries(
    text: bytes, starts: list[int], ends: list[int], batches: list[dict[str, Any]], templates: Any
) -> bool:
    """Put back the boundaries :func:`_cut_arrays` took out of ``text``, in the parsed CityObjects.

    ``batches``: the parsed ``CityObjects`` (one dict, or one per CityJSONSeq
    line); ``templates``: the parsed ``geometry-templates`` or None. The
    geometries the reader may use get :class:`_Flat` arrays, the others lists
    (as :func:`_preflatten` leaves them). False where a placeholder is not
    found back in exactly one geometry, or a geometry does not flatten: the
    caller then takes the general path.
    """
    import orjson

    # Find every placeholder back, each in one geometry's "boundaries".
    n = len(starts)
    found: list[Any] = [None] * n
    if isinstance(templates, dict) and isinstance(templates.get("templates"), list):
        for g in templates["templates"]:
            k = g.get("boundaries") if isinstance(g, dict) else None
            if type(k) is int and -n <= k < 0 and found[~k] is None:
                found[~k] = g
                g["boundaries"] = orjson.loads(text[starts[~k] : ends[~k]])
    buildings = BUILDING_TYPES | PART_TYPES
    selected: list[tuple[int, dict[str, Any]]] = []  # (placeholder, geometry) to flatten
    for batch in batches:
        for obj in batch.values():
            if not isinstance(obj, dict):
                continue
            geometries = obj.get("geometry")
            if not isinstance(geometries, list):
                continue
            kind = obj.get("type")
            keep = kind in buildings or kind in GROUND_TYPES
            for g in geometries:
                if not isinstance(g, dict):
                    continue
                k = g.get("boundaries")
                if type(k) is not int or not -n <= k < 0 or found[~k] is not None:
                    return False
                found[~k] = g
                if not keep:
                    continue
                if g.get("type") in _BOUNDARY_DEPTH:
                    selected.append((~k, g))
                else:  # GeometryInstance, points, lines: as lists, like the general path leaves them
                    g["boundaries"] = orjson.loads(text[starts[~k] : ends[~k]])
    if any(g is None for g in found):
        return False

    selected.sort(key=lambda item: item[0])  # text order
    if selected and not _flatten_selected(text, starts, ends, selected):
        return False
    for batch in batches:
        for obj in batch.values():
            if isinstance(obj, dict) and obj.get("type") not in buildings:
                # As :func:`_preflatten`: nothing but the type (and hierarchy) of these is read.
                obj.pop("attributes", None)
                if obj.get("type") not in GROUND_TYPES:
                    obj.pop("geometry", None)
    return True


def _flatten_selected(text: bytes, starts: list[int], ends: list[int], selected: list[tuple[int, dict]]) -> bool:
    """Set the ``boundaries`` of the selected geometries to :class:`_Flat` arrays parsed from ``text``.

    False (and nothing changed) when a geometry does not have the shape its type
    says, or its semantic values do not match its surfaces.
    """
    texts = [text[starts[k] : ends[k]] for k, _ in selected]
    kinds = [g["type"] for _, g in selected]
    shape = _triangle_shape(texts, kinds) or _general_shape(texts, kinds)
    del texts
    if shape is None:
        return False
    semantic = _selected_semantics(selected, shape)
    if semantic is None:
        return False
    _attach_flat(
        [g for _, g in selected],
        (shape.numbers.astype(np.int32), shape.ring_lengths.astype(np.int32), shape.face_rings.astype(np.int32), semantic),
        np.r_[0, np.cumsum(shape.n_faces)], np.r_[0, np.cumsum(shape.n_rings)], np.r_[0, np.cumsum(shape.n_points)],
    )
    return True


def _attach_flat(geometries: list[dict[str, Any]], arrays: tuple[np.ndarray, ...], face_at: np.ndarray,
                 ring_at: np.ndarray, point_at: np.ndarray) -> None:
    """Give each geometry its slices of the flat (indices, ring lengths, face rings, semantics) arrays as a
    :class:`_Flat`: geometry k owns faces ``face_at[k]:face_at[k + 1]``, and the rings and points likewise."""
    indices, ring_lengths, face_rings, semantic = arrays
    f, r, v = face_at.tolist(), ring_at.tolist(), point_at.tolist()
    for k, g in enumerate(geometries):
        g["boundaries"] = _Flat(
            indices[v[k] : v[k + 1]],
            ring_lengths[r[k] : r[k + 1]],
            face_rings[f[k] : f[k + 1]],
            semantic[f[k] : f[k + 1]],
        )
        if isinstance(g.get("semantics"), dict):
            g["semantics"]["values"] = None  # in the _Flat now


@dataclass
class _Shape:
    """The boundaries of a batch of geometries, flat (see :func:`_flatten_selected`)."""

    numbers: np.ndarray  # vertex indices, int64
    ring_lengths: np.ndarray
    face_rings: np.ndarray
    n_faces: np.ndarray  # per geometry
    n_rings: np.ndarray  # per geometry
    n_points: np.ndarray  # per geometry
    faces_of_shell: np.ndarray  # per shell (the whole geometry of a MultiSurface)
    shell_geometry: np.ndarray  # geometry of each shell
    shells_of_solid: np.ndarray  # per solid (the whole geometry of a Solid)
    solid_geometry: np.ndarray  # geometry of each solid


def _general_shape(texts: list[bytes], kinds: list[str]) -> _Shape | None:
    depth = np.fromiter((_BOUNDARY_DEPTH[k] for k in kinds), dtype=np.int64, count=len(kinds))
    parsed = _parse_int_arrays(texts, depth)
    if parsed is None:
        return None
    # Arrays by their height above the vertex indices: 0 rings, 1 surfaces, 2 shells (the
    # whole geometry of a MultiSurface), 3 solids (a Solid).
    height = depth[parsed.text] - parsed.level
    ring_lengths = parsed.items[height == 0]
    n = len(texts)
    return _Shape(
        parsed.numbers,
        ring_lengths,
        parsed.items[height == 1],
        np.bincount(parsed.text[height == 1], minlength=n),
        np.bincount(parsed.text[height == 0], minlength=n),
        np.bincount(parsed.text[height == 0], weights=ring_lengths, minlength=n).astype(np.int64),
        parsed.items[height == 2],
        parsed.text[height == 2],
        parsed.items[height == 3],
        parsed.text[height == 3],
    )


_TRIANGLES = b"[[,,]]," * 4096
"""The brackets and commas of a run of triangles without holes: what most city models are made of."""


def _triangle_shape(texts: list[bytes], kinds: list[str]) -> _Shape | None:
    """:func:`_general_shape` for a batch of triangulated MultiSurfaces and one-shell Solids, faster.

    Such a geometry is all in its length once the digits are left out (its
    brackets and commas follow a fixed pattern), so there is no structure to
    work out. None if any geometry of the batch is anything else.
    """
    n_faces = []
    for text, kind in zip(texts, kinds, strict=True):
        marks = text.translate(None, _DIGITS)
        if kind == "MultiSurface" or kind == "CompositeSurface":
            inner = marks[1:-1]
        elif kind == "Solid" and marks[:2] == b"[[" and marks[-2:] == b"]]":
            inner = marks[2:-2]
        else:
            return None
        n, rest = divmod(len(inner) + 1, 7)
        if rest or not n:
            return None
        pattern = _TRIANGLES if len(inner) <= len(_TRIANGLES) else _TRIANGLES[:7] * n
        if not pattern.startswith(inner) or marks[0] != 0x5B or marks[-1] != 0x5D:  # "[" and "]"
            return None
        n_faces.append(n)
    compact = b",".join(texts)
    if _json_int_codes(compact) is None:
        return None
    numbers = _int_numbers(compact)
    faces = np.asarray(n_faces, dtype=np.int64)
    total = int(faces.sum())
    if numbers is None or len(numbers) != 3 * total:
        return None
    solid = np.flatnonzero(np.fromiter((k == "Solid" for k in kinds), dtype=bool, count=len(kinds)))
    return _Shape(
        numbers,
        np.full(total, 3, dtype=np.int64),
        np.ones(total, dtype=np.int64),
        faces,
        faces,
        3 * faces,
        faces,
        np.arange(len(texts)),
        np.ones(len(solid), dtype=np.int64),
        solid,
    )


def _selected_semantics(selected: list[tuple[int, dict]], shape: _Shape) -> np.ndarray | None:
    """(faces,) int32 semantic value of each face of the selected geometries (-1: none), or None if they do not fit."""
    n_faces = shape.n_faces
    semantic = np.full(int(n_faces.sum()), _NO_SEMANTICS, dtype=np.int32)
    with_values: list[int] = []
    for k, (_, g) in enumerate(selected):
        semantics = g.get("semantics")
        if isinstance(semantics, dict) and semantics.get("values") is not None:
            with_values.append(k)
    if not with_values:
        return semantic
    # Surfaces per shell and shells per solid, for the geometries that need them.
    shell_at = np.r_[0, np.cumsum(np.bincount(shape.shell_geometry, minlength=len(selected)))].tolist()
    solid_at = np.r_[0, np.cumsum(np.bincount(shape.solid_geometry, minlength=len(selected)))].tolist()
    face_at = np.r_[0, np.cumsum(n_faces)]
    faces_of_shell_list = shape.faces_of_shell.tolist()
    shells_of_solid_list = shape.shells_of_solid.tolist()
    per_face: list[Any] = []
    n_codes: list[int] = []
    rows: list[np.ndarray] = []
    for k in with_values:
        g = selected[k][1]
        semantics = g["semantics"]
        values = semantics["values"]
        surfaces = semantics.get("surfaces")
        kind = g["type"]
        if not isinstance(values, list):
            return None
        if kind in _SURFACE_GEOMETRIES:
            if len(values) != n_faces[k]:
                return None
            per_face += values
        else:
            shells = faces_of_shell_list[shell_at[k] : shell_at[k + 1]]
            if kind == "Solid":
                shell_values = values
            else:
                solids = shells_of_solid_list[solid_at[k] : solid_at[k + 1]]
                if len(values) != len(solids):
                    return None
                shell_values = []
                for v, m in zip(values, solids, strict=True):
                    if v is None:
                        shell_values += [None] * m
                    elif isinstance(v, list):
                        shell_values += v
                    else:
                        return None
            if len(shell_values) != len(shells):
                return None
            for v, m in zip(shell_values, shells, strict=True):
                if v is None:
                    per_face += [None] * m
                elif isinstance(v, list) and len(v) == m:
                    per_face += v
                else:
                    return None
        n_codes.append(len(surfaces) if isinstance(surfaces, list) else 0)
        rows.append(np.arange(face_at[k], face_at[k + 1]))
    try:
        vals = np.array(per_face, dtype=np.float64)  # null -> NaN
    except (TypeError, ValueError):
        return None
    if vals.ndim != 1:
        return None
    rows_all = np.concatenate(rows)
    limit = np.repeat(np.asarray(n_codes, dtype=np.int64), [len(r) for r in rows])
    known = ~np.isnan(vals)
    if (known & ((vals != np.floor(vals)) | (vals < 0) | (vals >= limit))).any():
        return None
    semantic[rows_all] = np.where(known, np.nan_to_num(vals), _NO_SEMANTICS).astype(np.int32)
    return semantic


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _lod_key(lod: Any) -> float | None:
    """LoD as a number for comparisons (CityJSON 1.0 writes 2, 2.0 writes "2.2")."""
    try:
        return float(lod)
    except (TypeError, ValueError):
        return None


def _lod_label(key: float) -> str:
    return f"{key:g}" if key != int(key) else str(int(key))


_HORIZONTAL_CRS: dict[tuple[str, bool], str] = {}


def _horizontal_crs(path: Path, text: str, *, from_file: bool = True) -> str:
    """:func:`~importers._common.horizontal_crs`, remembered: pyproj takes a millisecond to parse a CRS."""
    key = (text, from_file)
    crs = _HORIZONTAL_CRS.get(key)
    if crs is None:
        crs = horizontal_crs(path, text, from_file=from_file)  # raises for a bad one: not remembered
        if len(_HORIZONTAL_CRS) < 64:
            _HORIZONTAL_CRS[key] = crs
    return crs


# --------------------------------------------------------------------------- reading


@dataclass
class _Geometry:
    """One geometry waiting to be flattened, with what messages about it need."""

    kind: str
    boundaries: Any
    values: Any  # semantics.values, or None
    n_codes: int  # semantic surfaces it declares
    sem_offset: int  # where they start in _Faces.semantic_codes
    owner: int
    n_faces: int
    oid: str
    where: str
    vertex_offset: int  # of its chunk's vertices in the file's concatenated vertices
    n_vertices: int  # in its chunk
    flat: _Flat | None = None  # the boundaries, flattened already


class _Faces:
    """Faces gathered from geometries, flat: vertex indices, ring lengths, rings per face.

    Geometries are queued by :meth:`add` and flattened together by :meth:`flush`
    (once per file, or once per CityJSONSeq line): a handful of C-level passes
    over the nested lists instead of a few numpy calls per geometry (a
    triangulated city is tens of thousands of small geometries).
    """

    def __init__(self) -> None:
        self.pending: list[_Geometry] = []
        self._flushed: list[tuple[np.ndarray, ...]] = []
        self.semantic_codes: list[int] = []
        self.objects: list[tuple[str, int]] = []  # (object id, chunk number)
        self.n_faces = 0
        self.n_pending = 0  # faces queued, not flushed yet

    def add(self, geometry: _Geometry) -> None:
        self.pending.append(geometry)
        self.n_faces += geometry.n_faces
        self.n_pending += geometry.n_faces

    def flush(self, path: Path) -> None:
        """Flatten the queued geometries into arrays (and let go of their Python lists).

        Malformed geometries raise InvalidFile naming their object.
        """
        pending = self.pending
        if not pending:
            return
        try:
            blocks = _flat_blocks(pending) if any(g.flat is not None for g in pending) else _blocks(pending)[:4]
        except (TypeError, KeyError, IndexError, ValueError, AttributeError, RecursionError):
            # Find the culprit, one geometry at a time, for the message.
            for g in pending:
                try:
                    if g.flat is None:
                        _block(g.kind, g.boundaries, g.values, g.n_codes)
                except (TypeError, KeyError, IndexError, ValueError, AttributeError, RecursionError) as e:
                    raise InvalidFile(
                        path,
                        f"{g.where}CityObject {g.oid!r}: malformed {g.kind} geometry ({e})",
                        location=f"CityObject {g.oid!r}",
                    ) from None
            raise
        indices, ring_lengths, face_rings, _ = blocks
        n_faces = np.fromiter((g.n_faces for g in pending), dtype=np.int64, count=len(pending))
        owners = np.repeat(np.fromiter((g.owner for g in pending), np.int64, len(pending)), n_faces)
        # Check every index against its chunk's vertex count (negative too), then
        # make it an index into the file's concatenated vertices.
        point_bounds = np.r_[0, np.cumsum(ring_lengths)][np.r_[0, np.cumsum(face_rings)][np.r_[0, np.cumsum(n_faces)]]]
        per_geometry = np.diff(point_bounds)
        limit = np.repeat(np.fromiter((g.n_vertices for g in pending), np.int64, len(pending)), per_geometry)
        bad = (indices < 0) | (indices >= limit)
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            g = pending[int(np.searchsorted(point_bounds, first, side="right")) - 1]
            raise InvalidFile(
                path,
                f"{g.where}CityObject {g.oid!r} points at vertex {int(indices[first])}, "
                f"{'its feature' if g.where else 'file'} has {g.n_vertices}",
                location=f"CityObject {g.oid!r}",
            )
        del limit, bad
        if any(g.vertex_offset for g in pending):
            indices += np.repeat(np.fromiter((g.vertex_offset for g in pending), np.int64, len(pending)), per_geometry)
        self._flushed.append((*blocks, owners))
        self.pending = []
        self.n_pending = 0

    def finish(self, path: Path) -> None:
        """Set ``indices``, ``ring_lengths``, ``face_rings``, ``face_semantic`` and ``face_owner``.

        Indices are checked and global (into the file's concatenated vertices).
        """
        self.flush(path)
        flushed, self._flushed = self._flushed, []
        joined = []
        for column in range(5):
            # Copy batch by batch into one array, letting each batch go: peak = total + one batch.
            out = np.empty(sum(len(batch[column]) for batch in flushed), dtype=np.int64)
            at = 0
            for batch in flushed:
                part = batch[column]
                out[at : at + len(part)] = part
                at += len(part)
            joined.append(out)
            for k, batch in enumerate(flushed):
                flushed[k] = (*batch[:column], None, *batch[column + 1 :])
        self.indices, self.ring_lengths, self.face_rings, self.face_semantic, self.face_owner = joined


def _flat_blocks(pending: list[_Geometry]) -> _Block:
    """The arrays of :func:`_blocks` from geometries flattened already (others are flattened here)."""
    flats = [
        g.flat if g.flat is not None else _Flat(*_block(g.kind, g.boundaries, g.values, g.n_codes)) for g in pending
    ]
    indices = np.concatenate([f.indices for f in flats], dtype=np.int64)
    ring_lengths = np.concatenate([f.ring_lengths for f in flats], dtype=np.int64)
    face_rings = np.concatenate([f.face_rings for f in flats], dtype=np.int64)
    semantic = np.concatenate([f.semantic for f in flats], dtype=np.int64)
    n_faces = np.fromiter((len(f.face_rings) for f in flats), dtype=np.int64, count=len(flats))
    offsets = np.repeat(np.fromiter((g.sem_offset for g in pending), np.int64, len(pending)), n_faces)
    semantic = np.where(semantic >= 0, semantic + offsets, _NO_SEMANTICS)
    return indices, ring_lengths, face_rings, semantic


def _count_faces(kind: str, boundaries: Any) -> int:
    if not isinstance(boundaries, list):
        raise TypeError(f"boundaries is {type(boundaries).__name__}, expected an array")
    if kind in _SURFACE_GEOMETRIES:
        return len(boundaries)
    if kind == "Solid":
        return sum(map(len, boundaries))
    return sum(map(len, chain.from_iterable(boundaries)))


def _surfaces_and_values(g: _Geometry) -> tuple[list[Any], list[Any] | None]:
    """The surfaces of a geometry, flat, and their semantic values (None: no semantics)."""
    boundaries, values = g.boundaries, g.values
    if g.kind in _SURFACE_GEOMETRIES:
        if values is not None and (not isinstance(values, list) or len(values) != len(boundaries)):
            raise ValueError(f"semantic values do not match the {len(boundaries)} surfaces")
        return boundaries, values
    shells = boundaries if g.kind == "Solid" else list(chain.from_iterable(boundaries))
    surfaces = list(chain.from_iterable(shells))
    if values is None:
        return surfaces, None
    if g.kind != "Solid":
        if len(values) != len(boundaries):
            raise ValueError(f"{len(values)} semantic values for {len(boundaries)} solids")
        values = list(
            chain.from_iterable(
                v if v is not None else [None] * len(solid) for v, solid in zip(values, boundaries, strict=True)
            )
        )
    if len(values) != len(shells):
        raise ValueError(f"{len(values)} semantic values for {len(shells)} shells")
    per_face: list[Any] = []
    for shell, v in zip(shells, values, strict=True):
        if v is None:
            per_face.extend([None] * len(shell))
        elif not isinstance(v, list) or len(v) != len(shell):
            raise ValueError(f"semantic values do not match the {len(shell)} surfaces of a shell")
        else:
            per_face.extend(v)
    return surfaces, per_face


def _blocks(pending: list[_Geometry]) -> tuple[np.ndarray, ...]:
    """:func:`_block` for many geometries at once (semantic values offset to the shared code list)."""
    surfaces_per: list[list[Any]] = []
    values: list[Any] = []
    for g in pending:
        surfaces, vals = _surfaces_and_values(g)
        surfaces_per.append(surfaces)
        values.extend(vals if vals is not None else repeat(None, len(surfaces)))
    surfaces = list(chain.from_iterable(surfaces_per))
    rings = list(chain.from_iterable(surfaces))
    face_rings = np.fromiter(map(len, surfaces), dtype=np.int64, count=len(surfaces))
    ring_lengths = np.fromiter(map(len, rings), dtype=np.int64, count=len(rings))
    flat = list(chain.from_iterable(rings))
    if not set(map(type, flat)) <= {int}:
        raise TypeError("a vertex index is not an integer")
    indices = np.array(flat, dtype=np.int64) if flat else np.zeros(0, np.int64)
    if len(indices) != int(ring_lengths.sum()) or len(face_rings) != len(values):
        raise ValueError("rings are not arrays of vertex indices")
    n_faces = np.fromiter(map(len, surfaces_per), dtype=np.int64, count=len(surfaces_per))
    if values.count(None) == len(values):  # no semantics at all (a C-level count): no conversion
        return indices, ring_lengths, face_rings, np.full(len(values), _NO_SEMANTICS, dtype=np.int64), n_faces
    vals = np.array(values, dtype=np.float64)  # null -> NaN
    n_codes = np.repeat(np.fromiter((g.n_codes for g in pending), np.int64, len(pending)), n_faces)
    offsets = np.repeat(np.fromiter((g.sem_offset for g in pending), np.int64, len(pending)), n_faces)
    known = ~np.isnan(vals)
    if (known & ((vals != np.floor(vals)) | (vals < 0) | (vals >= n_codes))).any():
        raise ValueError("a semantic value does not name one of the geometry's semantic surfaces")
    semantic = np.where(known, np.nan_to_num(vals).astype(np.int64) + offsets, _NO_SEMANTICS)
    return indices, ring_lengths, face_rings, semantic, n_faces


class _Flat:
    """A geometry's boundaries already flattened (:func:`_preflatten`): views into its batch's arrays.

    ``semantic`` holds the geometry's own semantic value per face (-1: none),
    not yet offset into a :class:`_Faces`' code list.
    """

    __slots__ = ("indices", "ring_lengths", "face_rings", "semantic")

    def __init__(self, indices: np.ndarray, ring_lengths: np.ndarray, face_rings: np.ndarray, semantic: np.ndarray):
        self.indices = indices
        self.ring_lengths = ring_lengths
        self.face_rings = face_rings
        self.semantic = semantic


def _preflatten(objects: dict[str, Any]) -> None:
    """Replace the ``boundaries`` of the geometries the reader may use by :class:`_Flat` arrays, in place.

    One batch of parsed objects at a time: their nested lists go as soon as
    the batch is flattened, so the import never holds the whole file's
    boundaries as Python objects. A geometry that does not flatten is left as
    it is: the reader reports it, naming its object, if it uses it.
    """
    buildings = BUILDING_TYPES | PART_TYPES
    geometries: list[dict[str, Any]] = []
    pending: list[_Geometry] = []
    for obj in objects.values():
        if not isinstance(obj, dict):
            continue
        kind = obj.get("type")
        if kind not in buildings:
            # The reader keeps no attributes of these, nor anything but the type
            # (and the hierarchy) of the types it skips: let them go now.
            obj.pop("attributes", None)
            if kind not in GROUND_TYPES:
                obj.pop("geometry", None)
                continue
        if not isinstance(obj.get("geometry"), list):
            continue
        for g in obj["geometry"]:
            if not isinstance(g, dict) or g.get("type") not in _BOUNDARY_DEPTH:
                continue
            if not isinstance(g.get("boundaries"), list):
                continue
            semantics = g.get("semantics")
            surfaces = semantics.get("surfaces") if isinstance(semantics, dict) else None
            values = semantics.get("values") if isinstance(semantics, dict) else None
            n_codes = len(surfaces) if isinstance(surfaces, list) else 0
            geometries.append(g)
            pending.append(_Geometry(g["type"], g["boundaries"], values, n_codes, 0, 0, 0, "", "", 0, 0))
    if not pending:
        return
    try:
        indices, ring_lengths, face_rings, semantic, n_faces = _blocks(pending)
    except (TypeError, KeyError, IndexError, ValueError, AttributeError, RecursionError):
        # Some geometry is malformed: flatten the others one by one.
        for g, p in zip(geometries, pending, strict=True):
            try:
                g["boundaries"] = _Flat(*_block(p.kind, p.boundaries, p.values, p.n_codes))
            except (TypeError, KeyError, IndexError, ValueError, AttributeError, RecursionError):
                pass
        return
    face_at = np.r_[0, np.cumsum(n_faces)]
    ring_at = np.r_[0, np.cumsum(face_rings)][face_at]
    point_at = np.r_[0, np.cumsum(ring_lengths)][ring_at]
    # Held until the whole file is read: half the memory in int32 (indices are checked, and
    # made int64, when the reader takes them).
    arrays = tuple(a.astype(np.int32) for a in (indices, ring_lengths, face_rings, semantic))
    _attach_flat(geometries, arrays, face_at, ring_at, point_at)


class _Reader:
    """One import: reads the chunks, checks them, and builds the city (or raises)."""

    def __init__(self, path: Path, doc: _Document, lod: str | float | None, steps: Steps) -> None:
        self.path = path
        self.doc = doc
        self.steps = steps
        self.lod_key = None if lod is None else _lod_key(lod)
        if lod is not None and self.lod_key is None:
            raise ValueError(f"lod must be a number like 2 or '2.2', got {lod!r}")
        self.report = ImportReport(
            source=path.name, format=doc.format, lod=None if self.lod_key is None else _lod_label(self.lod_key)
        )
        self.buildings = _Faces()
        self.ground = _Faces()
        self.building_ids: list[str] = []
        self.building_lod: list[str] = []
        self.building_parts: list[list[str]] = []
        self.attributes = AttributeColumns()
        self.ground_objects: list[tuple[str, GroundCover, str]] = []  # (id, cover, CityJSON type)
        self._face_row_marks: list[tuple[int, int, int]] = []  # (first face, end face, building row)
        self._vertex_offset = 0  # vertices of the chunks before the one being read
        self._instance_vertices: list[np.ndarray] = []  # placed GeometryInstances of the chunk being read
        self._template_cache: dict[int, _Flat] = {}

    # -- driver ------------------------------------------------------------------------

    def run(self, crs: str | None) -> City:
        path, report = self.path, self.report
        n_chunks = self.doc.expected_chunks
        unflushed: list[_Chunk] = []
        for k, chunk in enumerate(self.doc.iter_chunks()):
            if k % 256 == 0:
                self.steps(0.25 + 0.35 * k / max(n_chunks, 1), "reading city objects")
            self._read_chunk(k, chunk)
            self._end_chunk(chunk)
            self._vertex_offset += len(chunk.vertices)
            unflushed.append(chunk)
            if self.buildings.n_pending + self.ground.n_pending > FLUSH_FACES:
                # CityJSONSeq: flatten what the lines read so far hold and let
                # their Python objects go, so memory follows a batch, not the file.
                self.buildings.flush(path)
                self.ground.flush(path)
                for done in unflushed:
                    done.objects = {}
                unflushed = []

        self.steps(0.6, "checking vertices")
        b_idx = self._global_indices(self.buildings)
        g_idx = self._global_indices(self.ground)
        for chunk in self.doc.chunks:
            # Everything needed from the parsed objects is in flat arrays now: let
            # the (many times larger) Python objects go before the heavy steps.
            chunk.objects = {}
        if len(self.doc.chunks) == 1:
            world = self.doc.chunks[0].vertices
        else:
            world = np.concatenate([c.vertices for c in self.doc.chunks]) if self.doc.chunks else np.zeros((0, 3))
        # The vertices in use, and each one's row among them (marks, not a sort: indices are bounded).
        in_use = np.zeros(len(world), dtype=bool)
        in_use[b_idx] = True
        in_use[g_idx] = True
        used = np.flatnonzero(in_use)
        row_of = np.cumsum(in_use, dtype=np.int32 if len(world) < 2**31 else np.int64)
        row_of -= 1
        xyz = world[used]
        if not np.isfinite(xyz).all():
            self._check_finite(world, used, b_idx, g_idx)
        for chunk in self.doc.chunks:
            chunk.vertices = np.zeros((0, 3))  # in `world` now (CityJSONSeq: one copy, not two)

        # The CRS last: a broken file is reported as broken before the user is asked for a CRS.
        if crs is not None:
            source_crs = _horizontal_crs(path, crs, from_file=False)
            report.crs_from = "caller"
        elif self.doc.reference_system is not None:
            source_crs = _horizontal_crs(path, self.doc.reference_system)
        else:
            raise CrsRequired(path, extent=_extent(world))
        report.source_crs = source_crs

        self.steps(0.65, "reprojecting")
        x, y = reproject_xy(xyz[:, 0], xyz[:, 1], source_crs)
        if len(x) and not (np.isfinite(x).all() and np.isfinite(y).all()):
            bad = int(np.flatnonzero(~(np.isfinite(x) & np.isfinite(y)))[0])
            raise InvalidFile(
                path,
                f"vertex {xyz[bad].tolist()} cannot be projected from {source_crs} to Lambert-93 "
                "(is the file's CRS right?)",
            )
        frame = local_frame_for(x, y)
        local = np.empty_like(xyz)
        np.subtract(x, frame.origin[0], out=local[:, 0])
        np.subtract(y, frame.origin[1], out=local[:, 1])
        np.subtract(xyz[:, 2], frame.origin[2], out=local[:, 2])
        # From here on only local coordinates and row numbers are needed: drop the
        # file-wide arrays before the heavy steps (memory follows the largest step).
        b_rows, g_rows = row_of[b_idx], row_of[g_idx]
        del world, xyz, x, y, in_use, used, row_of, b_idx, g_idx

        self.steps(0.7, "triangulating buildings")
        buildings = self._build_buildings(local, b_rows)
        del b_rows
        self.buildings = _Faces()
        self.steps(0.85, "merging ground surfaces")
        ground = self._build_ground(local, g_rows)

        report.buildings = len(buildings)
        report.triangles = len(buildings.triangles)
        report.ground_patches = len(ground)
        self.steps(1.0, "done")
        return City(
            name=file_stem(path),
            frame=frame,
            buildings=buildings,
            ground=ground,
            provenance=f"{path.name} ({self.doc.format}, {source_crs})",
            import_report=report,
        )

    # -- objects -----------------------------------------------------------------------

    def _read_chunk(self, chunk_no: int, chunk: _Chunk) -> None:
        objects = chunk.objects
        parents = self._check_hierarchy(chunk)
        skipped = self.report.skipped

        def root_building(oid: str) -> str:
            # The hierarchy has been checked for cycles, so this ends.
            current = oid
            while True:
                up = [p for p in parents.get(current, ()) if _type(objects[p]) in BUILDING_TYPES | PART_TYPES]
                if not up:
                    return current
                current = up[0]

        groups: dict[str, list[str]] = {}
        for n, (oid, obj) in enumerate(objects.items()):
            if n % 2048 == 2047:
                self.steps.check()
                self._flush_if_big()
            kind = _type(obj)
            if kind in BUILDING_TYPES or kind in PART_TYPES:
                root = root_building(oid)
                groups.setdefault(root, []).append(oid)
            elif kind in GROUND_TYPES:
                self._read_ground(chunk_no, chunk, oid, obj, GROUND_TYPES[kind])
            else:
                skipped[kind] += 1

        for n, (root, members) in enumerate(groups.items()):
            if n % 2048 == 2047:
                self._flush_if_big()
            # Keep the root first so that its attributes and id lead.
            members.sort(key=lambda m: m != root)
            self._read_building(chunk_no, chunk, root, members)

    def _flush_if_big(self) -> None:
        # Flattening in batches keeps the transient flat lists of a large file small.
        if self.buildings.n_pending > FLUSH_FACES:
            self.buildings.flush(self.path)
        if self.ground.n_pending > FLUSH_FACES:
            self.ground.flush(self.path)

    def _check_hierarchy(self, chunk: _Chunk) -> dict[str, list[str]]:
        """Parent lists (from 'parents' and 'children' both); missing ids and cycles are errors."""
        path, objects, where = self.path, chunk.objects, chunk.where
        parents: dict[str, list[str]] = {}
        for oid, obj in objects.items():
            if not isinstance(obj, dict):
                raise InvalidFile(
                    path, f"{where}CityObject {oid!r} is not a JSON object", location=f"CityObject {oid!r}"
                )
            for key in ("parents", "children"):
                refs = obj.get(key)
                if refs is None:
                    continue
                if not isinstance(refs, list):
                    raise InvalidFile(
                        path, f"{where}CityObject {oid!r}: '{key}' is not an array", location=f"CityObject {oid!r}"
                    )
                for ref in refs:
                    if not isinstance(ref, str) or ref not in objects:
                        role = "parent" if key == "parents" else "child"
                        raise InvalidFile(
                            path,
                            f"{where}CityObject {oid!r} names {role} {ref!r}, which is not in the file",
                            location=f"CityObject {oid!r}",
                        )
                    if key == "parents":
                        lst = parents.setdefault(oid, [])
                        if ref not in lst:
                            lst.append(ref)
                    else:
                        lst = parents.setdefault(ref, [])
                        if oid not in lst:
                            lst.append(oid)
        # Depth-first search on the parent links: an object met again while
        # still on the path is its own ancestor.
        state: dict[str, int] = {}
        for start in parents:
            if start in state:
                continue
            state[start] = 1
            stack: list[tuple[str, Iterator[str]]] = [(start, iter(parents.get(start, ())))]
            while stack:
                node, it = stack[-1]
                nxt = next(it, None)
                if nxt is None:
                    state[node] = 2
                    stack.pop()
                    continue
                seen = state.get(nxt)
                if seen == 1:
                    cycle = [n for n, _ in stack]
                    cycle = cycle[cycle.index(nxt) :] + [nxt]
                    raise InvalidFile(
                        path,
                        f"{where}CityObject {nxt!r} is its own ancestor (cyclic parents/children: "
                        + " -> ".join(repr(c) for c in cycle)
                        + ")",
                        location=f"CityObject {nxt!r}",
                    )
                if seen is None:
                    state[nxt] = 1
                    stack.append((nxt, iter(parents.get(nxt, ()))))
        return parents

    def _chosen_geometries(
        self, objects: dict[str, Any], members: list[str]
    ) -> tuple[float | None, list[tuple[str, Any]]]:
        """The LoD to use for a building and its parts, and the geometries at that LoD."""
        available: list[tuple[str, float, Any]] = []
        for oid in members:
            geometries = objects[oid].get("geometry") or []
            if not isinstance(geometries, list):
                raise InvalidFile(
                    self.path, f"CityObject {oid!r}: 'geometry' is not an array", location=f"CityObject {oid!r}"
                )
            for g in geometries:
                if not isinstance(g, dict):
                    raise InvalidFile(
                        self.path, f"CityObject {oid!r}: a geometry is not an object", location=f"CityObject {oid!r}"
                    )
                key = _lod_key(self._geometry_lod(g))
                available.append((oid, -1.0 if key is None else key, g))
        if not available:
            return None, []
        lod = self.lod_key if self.lod_key is not None else max(k for _, k, _ in available)
        return lod, [(oid, g) for oid, k, g in available if k == lod]

    def _read_building(self, chunk_no: int, chunk: _Chunk, root: str, members: list[str]) -> None:
        objects = chunk.objects
        lod, chosen = self._chosen_geometries(objects, members)
        if not chosen:
            reason = "Building without geometry" if lod is None else f"Building without LoD {self.report.lod}"
            self._skip_building(objects, members, reason)
            return
        faces = self.buildings
        n_before = faces.n_faces
        row = len(self.building_ids)
        owners: dict[str, int] = {}
        for oid, g in chosen:
            if oid not in owners:
                # Faces are traced to the object (root or part) that holds them, for messages.
                owners[oid] = len(faces.objects)
                faces.objects.append((oid, chunk_no))
            self._flatten(faces, chunk, oid, g, owners[oid])
        if faces.n_faces == n_before:
            self._skip_building(objects, members, "Building without surfaces")
            return
        for member in members:
            self.report.imported[_type(objects[member])] += 1
        self.building_ids.append(root)
        self.building_lod.append(_lod_label(lod) if lod is not None and lod >= 0 else "")
        self.building_parts.append([m for m in members if m != root])
        self.attributes.add_row(row, objects[root].get("attributes"))
        # Every face of this building (root and parts) maps to this row.
        self._face_row_marks.append((n_before, faces.n_faces, row))

    def _skip_building(self, objects: dict[str, Any], members: list[str], reason: str) -> None:
        self.report.skipped[reason] += 1
        for member in members[1:]:
            self.report.skipped[f"{_type(objects[member])} of a skipped building"] += 1

    def _read_ground(self, chunk_no: int, chunk: _Chunk, oid: str, obj: dict[str, Any], cover: GroundCover) -> None:
        geometries = obj.get("geometry") or []
        if not isinstance(geometries, list) or not geometries:
            self.report.skipped[f"{_type(obj)} without geometry"] += 1
            return
        keyed = [(_lod_key(self._geometry_lod(g)) if isinstance(g, dict) else None, g) for g in geometries]
        best = max((k for k, _ in keyed if k is not None), default=None)
        faces = self.ground
        n_before = faces.n_faces
        owner = len(faces.objects)
        faces.objects.append((oid, chunk_no))
        for k, g in keyed:
            if k == best:
                self._flatten(faces, chunk, oid, g, owner)
        if faces.n_faces == n_before:
            faces.objects.pop()
            self.report.skipped[f"{_type(obj)} without surfaces"] += 1
            return
        self.ground_objects.append((oid, cover, _type(obj)))

    def _flatten(self, faces: _Faces, chunk: _Chunk, oid: str, g: Any, owner: int) -> None:
        """Queue the faces of one geometry (boundaries and semantics) on ``faces``."""
        path, where = self.path, chunk.where
        kind = g.get("type")
        if kind == "GeometryInstance":
            self._flatten_instance(faces, chunk, oid, g, owner)
            return
        if kind not in _BOUNDARY_DEPTH:
            self.report.skipped[f"{kind} geometry"] += 1
            return
        try:
            boundaries = g["boundaries"]
            flat = boundaries if isinstance(boundaries, _Flat) else None
            semantics = g.get("semantics")
            values: Any = None
            sem_offset = len(faces.semantic_codes)
            if semantics:
                faces.semantic_codes.extend(
                    int(SurfaceType.from_name(s.get("type", ""))) if isinstance(s, dict) else int(SurfaceType.OTHER)
                    for s in semantics.get("surfaces") or []
                )
                values = semantics.get("values")
            n_codes = len(faces.semantic_codes) - sem_offset
            n_faces = len(flat.face_rings) if flat is not None else _count_faces(kind, boundaries)
        except (TypeError, KeyError, IndexError, ValueError, AttributeError, RecursionError) as e:
            raise InvalidFile(
                path, f"{where}CityObject {oid!r}: malformed {kind} geometry ({e})", location=f"CityObject {oid!r}"
            ) from None
        faces.add(
            _Geometry(
                kind,
                boundaries,
                values,
                n_codes,
                sem_offset,
                owner,
                n_faces,
                oid,
                where,
                self._vertex_offset,
                len(chunk.vertices),
                flat,
            )
        )

    def _geometry_lod(self, g: dict[str, Any]) -> Any:
        """A geometry's LoD; a GeometryInstance has its template's."""
        if g.get("type") == "GeometryInstance":
            templates, number = self.doc.templates, g.get("template")
            if templates is not None and type(number) is int and 0 <= number < len(templates.geometries):
                template = templates.geometries[number]
                if isinstance(template, dict):
                    return template.get("lod", g.get("lod"))
        return g.get("lod")

    def _template(self, chunk: _Chunk, oid: str, g: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """The number and geometry of the template a GeometryInstance names."""
        where, templates = chunk.where, self.doc.templates
        number = g.get("template")
        if templates is None:
            raise InvalidFile(
                self.path,
                f"{where}CityObject {oid!r} has a GeometryInstance, but the file has no 'geometry-templates'",
                location=f"CityObject {oid!r}",
            )
        if type(number) is not int or not 0 <= number < len(templates.geometries):
            raise InvalidFile(
                self.path,
                f"{where}CityObject {oid!r}: GeometryInstance names template {number!r}, "
                f"the file has {len(templates.geometries)}",
                location=f"CityObject {oid!r}",
            )
        template = templates.geometries[number]
        if not isinstance(template, dict):
            raise InvalidFile(self.path, f"geometry template {number} is not an object", location="geometry-templates")
        return number, template

    def _flatten_instance(self, faces: _Faces, chunk: _Chunk, oid: str, g: dict[str, Any], owner: int) -> None:
        """Queue a GeometryInstance as real faces: its template, moved by the matrix, at its reference point.

        CityJSON: the template's vertices (``vertices-templates``) are multiplied
        by ``transformationMatrix`` (4x4, row by row), then added to the
        reference point (``boundaries``: one index into the vertices). The new
        vertices go after the chunk's own (:meth:`_end_chunk`).
        """
        path, where = self.path, chunk.where
        number, template = self._template(chunk, oid, g)
        kind = template.get("type")
        if kind not in _BOUNDARY_DEPTH:
            self.report.skipped[f"{kind} geometry"] += 1
            return
        ref = g.get("boundaries")
        if not (isinstance(ref, list) and len(ref) == 1 and type(ref[0]) is int and 0 <= ref[0] < len(chunk.vertices)):
            raise InvalidFile(
                path,
                f"{where}CityObject {oid!r}: GeometryInstance boundaries must be one vertex index "
                f"(the reference point), got {ref!r:.40}; {'its feature' if where else 'file'} has "
                f"{len(chunk.vertices)} vertices",
                location=f"CityObject {oid!r}",
            )
        try:
            matrix = np.asarray(g.get("transformationMatrix"), dtype=np.float64)
        except (TypeError, ValueError):
            matrix = np.zeros(0)
        if matrix.shape != (16,) or not np.isfinite(matrix).all():
            raise InvalidFile(
                path,
                f"{where}CityObject {oid!r}: GeometryInstance transformationMatrix must be 16 finite numbers",
                location=f"CityObject {oid!r}",
            )
        flat = self._template_flat(number, template)
        semantics = template.get("semantics")
        sem_offset = len(faces.semantic_codes)
        if isinstance(semantics, dict):
            faces.semantic_codes.extend(
                int(SurfaceType.from_name(s.get("type", ""))) if isinstance(s, dict) else int(SurfaceType.OTHER)
                for s in semantics.get("surfaces") or []
            )
        template_vertices = self.doc.templates.vertices  # type: ignore[union-attr]  # _template checked it
        homogeneous = np.c_[template_vertices, np.ones(len(template_vertices))] @ matrix.reshape(4, 4).T
        with np.errstate(divide="ignore", invalid="ignore"):
            placed = homogeneous[:, :3] / homogeneous[:, 3:] + chunk.vertices[ref[0]]
        first = len(chunk.vertices) + sum(map(len, self._instance_vertices))
        self._instance_vertices.append(placed)
        faces.add(
            _Geometry(
                kind,
                None,
                None,
                len(faces.semantic_codes) - sem_offset,
                sem_offset,
                owner,
                len(flat.face_rings),
                oid,
                where,
                self._vertex_offset,
                first + len(placed),
                _Flat(flat.indices + first, flat.ring_lengths, flat.face_rings, flat.semantic),
            )
        )

    def _template_flat(self, number: int, template: dict[str, Any]) -> _Flat:
        """A template's faces, flattened once, with indices checked against ``vertices-templates``."""
        flat = self._template_cache.get(number)
        if flat is not None:
            return flat
        semantics = template.get("semantics")
        values = semantics.get("values") if isinstance(semantics, dict) else None
        surfaces = semantics.get("surfaces") if isinstance(semantics, dict) else None
        try:
            flat = _Flat(*_block(template["type"], template.get("boundaries"), values, len(surfaces or [])))
        except (TypeError, KeyError, IndexError, ValueError, AttributeError, RecursionError) as e:
            raise InvalidFile(
                self.path,
                f"geometry template {number}: malformed {template['type']} geometry ({e})",
                location="geometry-templates",
            ) from None
        n = len(self.doc.templates.vertices)  # type: ignore[union-attr]
        bad = (flat.indices < 0) | (flat.indices >= n)
        if bad.any():
            raise InvalidFile(
                self.path,
                f"geometry template {number} points at vertex {int(flat.indices[bad][0])}, "
                f"'vertices-templates' has {n}",
                location="geometry-templates",
            )
        self._template_cache[number] = flat
        return flat

    def _end_chunk(self, chunk: _Chunk) -> None:
        """Append the vertices of the chunk's GeometryInstances to its own."""
        if self._instance_vertices:
            chunk.vertices = np.concatenate([chunk.vertices, *self._instance_vertices])
            self._instance_vertices = []

    # -- vertices ----------------------------------------------------------------------

    def _global_indices(self, faces: _Faces) -> np.ndarray:
        """Vertex indices of ``faces`` into the concatenated vertices of all chunks (checked by the flushes)."""
        faces.finish(self.path)
        return faces.indices

    def _object_of_index(self, faces: _Faces, position: int) -> tuple[str, int]:
        ring = int(np.searchsorted(np.cumsum(faces.ring_lengths), position, side="right"))
        face = int(np.searchsorted(np.cumsum(faces.face_rings), ring, side="right"))
        return faces.objects[faces.face_owner[face]]

    def _check_finite(self, world: np.ndarray, used: np.ndarray, b_idx: np.ndarray, g_idx: np.ndarray) -> None:
        if not len(used):
            return
        finite = np.isfinite(world).all(axis=1)
        if finite[used].all():
            return
        for faces, idx in ((self.buildings, b_idx), (self.ground, g_idx)):
            bad = ~finite[idx]
            if bad.any():
                first = int(np.flatnonzero(bad)[0])
                oid, chunk_no = self._object_of_index(faces, first)
                where = self.doc.chunks[chunk_no].where
                vertex = int(idx[first]) - int(sum(len(c.vertices) for c in self.doc.chunks[:chunk_no]))
                raise InvalidFile(
                    self.path,
                    f"{where}CityObject {oid!r} uses vertex {vertex}, whose coordinates "
                    f"{world[int(idx[first])].tolist()} are not finite numbers",
                    location=f"CityObject {oid!r}",
                )

    # -- building the model ------------------------------------------------------------

    def _build_buildings(self, local: np.ndarray, idx: np.ndarray) -> BuildingSet:
        """Triangulate the building faces (``idx``: rows of ``local`` per ring point) into a BuildingSet."""
        faces, report = self.buildings, self.report
        builder = BuildingSetBuilder()
        n = len(self.building_ids)
        if not n:
            return builder.build()
        ring_lengths = np.asarray(faces.ring_lengths, dtype=np.int64)
        face_rings = np.asarray(faces.face_rings, dtype=np.int64)
        result = triangulate_faces(local[idx], ring_lengths, face_rings)
        report.dropped_faces += int(result.face_dropped.sum())
        report.degenerate_triangles += result.degenerate_triangles

        marks = np.asarray(self._face_row_marks, dtype=np.int64).reshape(-1, 3)
        face_row = np.repeat(marks[:, 2], marks[:, 1] - marks[:, 0])  # each building's faces are contiguous
        codes = np.asarray(faces.semantic_codes + [int(SurfaceType.OTHER)], dtype=np.uint8)
        face_semantic = np.asarray(faces.face_semantic, dtype=np.int64)
        report.faces_without_semantics += int(((face_semantic == _NO_SEMANTICS) & ~result.face_dropped).sum())
        face_code = codes[face_semantic]  # -1 picks the trailing OTHER

        # Compact the vertex array to the vertices the triangles use.
        tri_vertices = idx[result.triangles]
        in_use = np.zeros(len(local), dtype=bool)
        in_use[tri_vertices] = True
        used = np.flatnonzero(in_use)
        inverse = (np.cumsum(in_use) - 1)[tri_vertices]
        tri_building = face_row[result.triangle_face]
        keep = np.zeros(n, dtype=bool)
        keep[tri_building] = True
        if not keep.all():
            # Buildings whose every face had zero area.
            report.skipped["Building with only zero-area faces"] += int((~keep).sum())
            report.imported["Building"] -= int((~keep).sum())
        remap = np.cumsum(keep) - 1
        ids = [bid for bid, k in zip(self.building_ids, keep, strict=True) if k]
        builder.add_many(
            ids,
            local[used],
            inverse.reshape(-1, 3),
            remap[tri_building],
            face_code[result.triangle_face],
        )
        buildings = builder.build()
        for name, column in self.attributes.columns(n, keep).items():
            buildings.set_attribute(name, column)
        kept_rows = np.flatnonzero(keep)
        if "lod" not in buildings.attributes:
            buildings.set_attribute("lod", np.array([self.building_lod[i] for i in kept_rows], dtype=object))
        if "building_parts" not in buildings.attributes and any(self.building_parts):
            parts = np.full(len(kept_rows), None, dtype=object)
            for j, i in enumerate(kept_rows):
                if self.building_parts[i]:
                    parts[j] = list(self.building_parts[i])
            buildings.set_attribute("building_parts", parts)
        return buildings

    def _build_ground(self, local: np.ndarray, idx: np.ndarray) -> list[GroundPatch]:
        faces, report = self.ground, self.report
        if not self.ground_objects:
            return []
        ring_lengths = np.asarray(faces.ring_lengths, dtype=np.int64)
        face_rings = np.asarray(faces.face_rings, dtype=np.int64)
        face_owner = np.asarray(faces.face_owner, dtype=np.int64)
        n_obj = len(self.ground_objects)
        # Faces are grouped by object; each batch of whole objects is handled on
        # its own (points, normals, edges), so memory follows the batch size.
        object_face_start = np.searchsorted(face_owner, np.arange(n_obj + 1))
        face_ring_start = np.r_[0, np.cumsum(face_rings)]
        ring_point_start = np.r_[0, np.cumsum(ring_lengths)]
        parts: list[Polygon2D] = []
        part_objects: list[np.ndarray] = []
        merged_object: list[int] = []
        j = 0
        while j < n_obj:
            k = int(np.searchsorted(object_face_start, object_face_start[j] + GROUND_BATCH_FACES, side="right")) - 1
            k = min(max(k, j + 1), n_obj)
            f0, f1 = int(object_face_start[j]), int(object_face_start[k])
            r0, r1 = int(face_ring_start[f0]), int(face_ring_start[f1])
            p0, p1 = int(ring_point_start[r0]), int(ring_point_start[r1])
            got, got_object, kept = self._ground_batch(
                local, idx[p0:p1], ring_lengths[r0:r1], face_rings[f0:f1], face_owner[f0:f1], j, k
            )
            parts += got
            part_objects.append(got_object)
            merged_object += kept
            j = k
            self.steps.check()
        part_object = np.concatenate(part_objects) if part_objects else np.zeros(0, np.int64)
        counts = np.bincount(part_object, minlength=n_obj)
        seen = np.zeros(n_obj, dtype=np.int64)
        patches: list[GroundPatch] = []
        for polygon, k in zip(parts, part_object.tolist(), strict=True):
            oid, cover, _ = self.ground_objects[k]
            seen[k] += 1
            patches.append(GroundPatch(cover, polygon, name=oid if counts[k] == 1 else f"{oid}#{seen[k]}"))
        for k in merged_object:
            kind = self.ground_objects[k][2]
            if counts[k]:
                report.imported[kind] += 1
            else:
                report.skipped[f"{kind} with only slivers"] += 1
        return patches

    def _ground_batch(
        self,
        local: np.ndarray,
        rows: np.ndarray,
        ring_lengths: np.ndarray,
        face_rings: np.ndarray,
        face_owner: np.ndarray,
        first: int,
        end: int,
    ) -> tuple[list[Polygon2D], np.ndarray, list[int]]:
        """Outline polygons of the ground objects ``first..end-1`` (whose faces these are).

        ``rows``: the row of ``local`` of each ring point of these faces.
        Returns the polygons, the object of each, and the objects that gave any.
        """
        report = self.report
        n_obj = len(self.ground_objects)
        points = local.take(rows, axis=0)  # take: row gathers by fancy indexing are several times slower
        holes = len(ring_lengths) != len(face_rings)  # else one ring per face: ring = face
        newell = newell_vectors(points, ring_lengths)
        if holes:
            newell = newell[ring_starts(face_rings)]
        squared = newell * newell
        area2 = np.sqrt(squared[:, 0] + squared[:, 1] + squared[:, 2])  # np.linalg.norm's sum, without its overhead
        total = np.bincount(face_owner, weights=area2, minlength=n_obj)
        up = newell[:, 2]
        flat = np.bincount(face_owner, weights=np.abs(up), minlength=n_obj)
        with np.errstate(invalid="ignore", divide="ignore"):
            is_flat = flat / total >= FLAT_GROUND_MIN_NZ
        long_enough = ring_lengths >= 3
        if holes:
            long_enough = np.logical_and.reduceat(long_enough, ring_starts(face_rings))
        face_ok = long_enough & (0.5 * area2 >= ZERO_AREA_M2)
        report.dropped_faces += int((~face_ok & is_flat[face_owner]).sum())
        face_ok &= 0.5 * np.abs(up) >= ZERO_AREA_M2  # seen from above, vertical faces vanish
        selected = face_ok & is_flat[face_owner]
        faces_of = np.bincount(face_owner[selected], minlength=n_obj)
        kept: list[int] = []
        for k in range(first, end):
            kind = self.ground_objects[k][2]
            if not is_flat[k]:
                report.skipped[f"{kind} that is not a ground surface"] += 1
            elif not faces_of[k]:
                report.skipped[f"{kind} with only zero-area faces"] += 1
            else:
                kept.append(k)
        # Outlines from the faces' shared edges; what that cannot outline goes through GEOS.
        ring_sel = np.repeat(selected, face_rings) if holes else selected
        point_sel = np.flatnonzero(np.repeat(ring_sel, ring_lengths))
        parts, part_object, fallback = outline_polygons(
            points.take(point_sel, axis=0)[:, :2],
            ring_lengths[ring_sel],
            face_rings[selected],
            up[selected] > 0,
            face_owner[selected],
            n_obj,
            point_vertex=rows[point_sel],
        )
        via_geos = selected & fallback[face_owner]
        if via_geos.any():
            more, more_object = self._union_faces(points, ring_lengths, face_rings, face_owner, via_geos)
            parts = parts + more
            part_object = np.concatenate([part_object, more_object])
            order = np.argsort(part_object, kind="stable")
            parts, part_object = [parts[i] for i in order.tolist()], part_object[order]
        return parts, part_object, kept

    def _union_faces(
        self,
        points: np.ndarray,
        ring_lengths: np.ndarray,
        face_rings: np.ndarray,
        face_owner: np.ndarray,
        selected: np.ndarray,
    ) -> tuple[list[Polygon2D], np.ndarray]:
        """Polygons of the selected faces, merged per object with GEOS (overlaps, pinches...)."""
        import shapely

        ring_sel = np.repeat(selected, face_rings)
        point_sel = np.repeat(ring_sel, ring_lengths)
        sel_points = points[point_sel, :2]
        sel_lengths = ring_lengths[ring_sel]
        sel_face_rings = face_rings[selected]
        # Closed rings for GEOS: repeat each ring's first point at its end.
        closed = sel_lengths + 1
        pos = np.arange(int(closed.sum())) - np.repeat(ring_starts(closed), closed)
        rows = np.repeat(ring_starts(sel_lengths), closed) + np.where(pos == np.repeat(sel_lengths, closed), 0, pos)
        ring_offsets = np.concatenate([[0], np.cumsum(closed)])
        poly_offsets = np.concatenate([[0], np.cumsum(sel_face_rings)])
        built = shapely.from_ragged_array(shapely.GeometryType.POLYGON, sel_points[rows], (ring_offsets, poly_offsets))
        # A triangle of non-zero area is always valid: only larger faces need the check.
        maybe_invalid = (sel_face_rings > 1) | (sel_lengths[ring_starts(sel_face_rings)] > 3)
        invalid = np.zeros(len(built), dtype=bool)
        invalid[maybe_invalid] = ~shapely.is_valid(built[maybe_invalid])
        if invalid.any():
            built[invalid] = shapely.make_valid(built[invalid])
            self.report.repaired["invalid ground face (make_valid)"] += int(invalid.sum())
        owner = face_owner[selected]
        order = np.argsort(owner, kind="stable")
        merged = _union_by_group(built[order], owner[order])
        return _polygon_parts(merged, np.unique(owner))


_BOUNDARY_DEPTH = {"MultiSurface": 3, "CompositeSurface": 3, "Solid": 4, "MultiSolid": 5, "CompositeSolid": 5}
"""Array depth of ``boundaries`` (down to the vertex indices) per geometry type."""

_Block = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _block(kind: str, boundaries: Any, values: Any, n_codes: int) -> _Block:
    """Flatten one geometry's boundaries and semantic values into flat arrays.

    The nested lists are walked with ``itertools.chain`` and ``map`` (loops that
    run in C): a triangulated city is hundreds of thousands of tiny lists, and a
    Python loop over them would cost more than the rest of the import.

    Returns (vertex indices, ring lengths, rings per face, semantic value per face
    or -1); raises TypeError / ValueError on malformed input.
    """
    if not isinstance(boundaries, list):
        raise TypeError(f"boundaries is {type(boundaries).__name__}, expected an array")
    # Down to a flat list of surfaces, with the semantic values alongside.
    if kind in _SURFACE_GEOMETRIES:
        surfaces, shell_values = boundaries, [(boundaries, values)]
    else:
        shells = boundaries if kind == "Solid" else list(chain.from_iterable(boundaries))
        surfaces = list(chain.from_iterable(shells))
        if values is None:
            shell_values = [(surfaces, None)]
        else:
            if kind != "Solid":
                if len(values) != len(boundaries):
                    raise ValueError(f"{len(values)} semantic values for {len(boundaries)} solids")
                values = list(
                    chain.from_iterable(
                        v if v is not None else [None] * len(solid) for v, solid in zip(values, boundaries, strict=True)
                    )
                )
            if len(values) != len(shells):
                raise ValueError(f"{len(values)} semantic values for {len(shells)} shells")
            shell_values = list(zip(shells, values, strict=True))
    rings = list(chain.from_iterable(surfaces))
    face_rings = np.fromiter(map(len, surfaces), dtype=np.int64, count=len(surfaces))
    ring_lengths = np.fromiter(map(len, rings), dtype=np.int64, count=len(rings))
    flat = list(chain.from_iterable(rings))
    if not set(map(type, flat)) <= {int}:
        bad = next(v for v in flat if type(v) is not int)
        raise TypeError(f"vertex index {bad!r} is not an integer")
    indices = np.array(flat, dtype=np.int64) if flat else np.zeros(0, np.int64)
    if len(indices) != int(ring_lengths.sum()):
        raise ValueError("rings are not arrays of vertex indices")

    if values is None:
        semantic = np.full(len(surfaces), _NO_SEMANTICS, dtype=np.int64)
    else:
        per_face: list[Any] = []
        for shell, v in shell_values:
            if v is None:
                per_face.extend([None] * len(shell))
            elif not isinstance(v, list) or len(v) != len(shell):
                raise ValueError(f"semantic values {v!r:.40} do not match the {len(shell)} surfaces")
            else:
                per_face.extend(v)
        vals = np.array(per_face, dtype=np.float64)  # null -> NaN
        known = ~np.isnan(vals)
        wrong = known & ((vals != np.floor(vals)) | (vals < 0) | (vals >= n_codes))
        if wrong.any():
            raise ValueError(f"semantic value {vals[wrong][0]:g} does not name one of the {n_codes} semantic surfaces")
        semantic = np.where(known, np.nan_to_num(vals), _NO_SEMANTICS).astype(np.int64)
    return indices, ring_lengths, face_rings, semantic


def _union_by_group(polygons: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Union of the polygons of each group (``group`` sorted), one geometry per group present.

    The faces of a triangulated surface meet edge to edge without overlapping
    (a polygonal coverage), which GEOS merges far faster than a general union,
    and for all groups in one call. Groups whose faces do overlap come out
    invalid or with the wrong area: those get the general union.
    """
    import shapely
    from shapely.errors import GEOSException

    if not len(polygons):
        return np.zeros(0, dtype=object)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    compact = np.cumsum(np.r_[False, group[1:] != group[:-1]])
    areas = shapely.area(polygons)
    expected = np.add.reduceat(areas, starts)
    bounds = np.r_[starts, len(polygons)]
    coverage_union = getattr(shapely.lib, "coverage_union", None)  # the element-wise ufunc of coverage_union_all
    merged = np.empty(len(starts), dtype=object)
    redo = np.ones(len(starts), dtype=bool)
    if coverage_union is not None:
        collections = shapely.geometrycollections(polygons, indices=compact)

        # GEOS refuses a whole batch when one group is not noded as a coverage: work in
        # batches, and go one by one through a refused batch (that group then gets
        # the general union below).
        batch = 32
        for lo in range(0, len(starts), batch):
            hi = min(lo + batch, len(starts))
            try:
                merged[lo:hi] = coverage_union(collections[lo:hi])
                redo[lo:hi] = False
            except GEOSException:
                if hi - lo == 1:
                    continue  # that one group is the one refused: no need to ask again
                for j in range(lo, hi):
                    try:
                        merged[j] = coverage_union(collections[j])
                        redo[j] = False
                    except GEOSException:
                        pass
        done = ~redo
        redo[done] = ~shapely.is_valid(merged[done]) | (
            np.abs(shapely.area(merged[done]) - expected[done]) > 1e-6 * np.maximum(expected[done], 1.0)
        )
    for j in np.flatnonzero(redo).tolist():
        merged[j] = shapely.union_all(polygons[bounds[j] : bounds[j + 1]])
    return merged


def _polygon_parts(geometries: np.ndarray, owner: np.ndarray) -> tuple[list[Polygon2D], np.ndarray]:
    """The polygons of shapely geometries as Polygon2D, with the index (from ``owner``) of each.

    Collections and multi-polygons are split, lines and points (from
    degenerate input) and slivers under 1 cm² are left out.
    """
    import shapely

    if not len(geometries):
        return [], np.zeros(0, np.int64)
    parts, index = shapely.get_parts(geometries, return_index=True)
    parts, owner, types = split_collections(parts, owner[index])
    keep = (types == 3) & (shapely.area(parts) >= 1e-4)
    parts, owner = parts[keep], owner[keep]
    if not len(parts):
        return [], owner
    _, coords, (ring_offsets, polygon_offsets) = shapely.to_ragged_array(parts)
    ring_start, ring_length = ring_offsets[:-1], np.diff(ring_offsets)
    # Holes of under 4 points (3 closed) are degenerate: left out.
    kept = ring_length >= 4
    kept[polygon_offsets[:-1]] = True
    polygon_of_ring = np.repeat(np.arange(len(parts)), np.diff(polygon_offsets))
    rings_of = np.bincount(polygon_of_ring[kept], minlength=len(parts))
    return Polygon2D.from_rings(coords, ring_start[kept], ring_length[kept], rings_of), owner


def _extent(vertices: np.ndarray) -> tuple[float, float, float, float] | None:
    """(xmin, ymin, xmax, ymax) of the finite vertices, in the file's CRS; None if there are none."""
    v = vertices[np.isfinite(vertices).all(axis=1)]
    if not len(v):
        return None
    return (float(v[:, 0].min()), float(v[:, 1].min()), float(v[:, 0].max()), float(v[:, 1].max()))


def _type(obj: Any) -> str:
    kind = obj.get("type") if isinstance(obj, dict) else None
    return kind if isinstance(kind, str) else "CityObject without type"


__all__ = ["SUPPORTED_VERSIONS", "read_cityjson"]
