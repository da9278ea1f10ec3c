"""CityGML 1.0 / 2.0 / 3.0 (``.gml``, ``.xml``, gzipped or not) -> :class:`city.model.City`.

What becomes what
-----------------
- Each top-level ``Building`` becomes a building, keeping its ``gml:id``. Its
  ``BuildingPart`` s (nested at any depth) and ``BuildingInstallation`` s are
  merged into it (their ids are listed in the ``building_parts`` attribute and
  counted in ``import_report.imported``); a ``BuildingPart`` met at the top
  level is a building of its own. Interior detail (``Room`` /
  ``BuildingRoom``, ``IntBuildingInstallation``, ``BuildingFurniture``,
  ``Storey``, ``BuildingUnit``, ``BuildingConstructiveElement``) is skipped and
  counted, as is every other top-level feature (``Road``, ``ReliefFeature``,
  ``CityFurniture``...), by type in ``import_report.skipped``.
- Geometry is read from the ``lod0``..``lod4`` properties (``lodNSolid``,
  ``lodNMultiSurface``, ``lodNGeometry``, 2.0's ``lod0FootPrint`` and
  ``lod0RoofEdge``, 3.0's ``lodNSolid`` / ``lodNMultiSurface`` in core) of the
  building, its parts and its boundary surfaces (2.0 ``bldg:boundedBy``, 3.0
  ``core:boundary``), openings included. Curves, points and implicit
  geometries are skipped and counted.
- Semantic surfaces map to :class:`~city.model.SurfaceType` as in the CityJSON
  importer (RoofSurface, WallSurface, GroundSurface; ClosureSurface,
  OuterCeilingSurface, Window, Door... are OTHER); 2.0 footprints are GROUND and
  roof edges ROOF. Faces with no semantic surface above them are OTHER, and
  counted in ``faces_without_semantics`` (the CityJSON importer does the same:
  neither guesses a type from the normal).
- Attributes of the top-level building: generic attributes (2.0
  ``gen:stringAttribute``, ``intAttribute``, ``doubleAttribute``,
  ``dateAttribute``, ``uriAttribute``, ``measureAttribute`` and sets; 3.0
  ``core:genericAttribute``), ``measuredHeight``, ``storeysAboveGround``,
  ``storeysBelowGround``, ``yearOfConstruction``, ``yearOfDemolition``,
  ``function``, ``usage``, ``class``, ``roofType``, 3.0's ``con:height``
  (as ``height``) and the first ``gml:name`` (as ``name``); plus ``lod``, the
  LoD used. Integers and doubles become numeric columns.

Geometry
--------
Each building takes its highest LoD (over the building, its parts and its
boundary surfaces) unless ``lod`` asks for one; a building without that LoD
takes its highest and is counted in ``import_report.notes``. Every geometry
at that LoD is taken once: a polygon reached twice (a ``lod2Solid`` whose
surface members are ``xlink:href`` s to the boundary surfaces' polygons, the
usual CityGML 2.0 encoding) counts once, with its semantic surface, and an
unnamed solid face that repeats a semantic face vertex for vertex is dropped
and counted in ``import_report.repaired``. ``xlink:href`` s are resolved
within the file: inside the building first, then (for references to polygons
of other features) by a second streaming pass over the file; references that
stay unresolved, or point at other files, are counted in
``import_report.skipped``. ``gml:Polygon``, ``PolygonPatch``, ``Triangle`` and
``Rectangle`` are read, with their holes (``gml:interior``), from ``posList``
(with ``srsDimension`` on it or an ancestor; 3 by default), ``pos`` or
GML 2 ``coordinates``; ``OrientableSurface orientation="-"`` reverses its
rings. Faces are triangulated in their own plane (:mod:`importers._mesh`);
zero-area faces are dropped and counted.

Coordinates
-----------
The CRS is the ``srsName`` of the model's ``gml:Envelope``, else of the first
envelope or geometry that has one (``EPSG:n``, OGC URN, OGC URL; a compound
``urn:ogc:def:crs,crs:EPSG::2154,crs:EPSG::5720`` or ``crs-compound?1=...``
keeps its horizontal part). x and y are reprojected to Lambert-93
(EPSG:2154), heights are kept as the file gives them, and the city's local
origin is the rounded centre of the buildings. A file without ``srsName``,
read with ``crs=None``, raises :class:`~importers.errors.CrsRequired`;
``crs=`` overrides the file.

Safety and failures
-------------------
lxml parses with entity expansion, DTD loading and network access off (an
external entity is not read, an entity bomb is refused by libxml2).
Malformed XML, a truncated or corrupt file, a ``posList`` whose count is not a
multiple of its dimension, a coordinate that is not a finite number, a ring
of fewer than three points: each is an :class:`~importers.errors.InvalidFile`
naming the file, the line and the polygon or building. XML whose root is not
a CityGML ``CityModel`` is :class:`~importers.errors.UnsupportedFormat`.

Memory
------
The file is streamed (``lxml.etree.iterparse``): each top-level member is
read, turned into flat numpy arrays and cleared before the next one is
parsed, so memory follows the largest building, not the file.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import IO, Any

import numpy as np
from lxml import etree

from city.crs import reproject_xy
from city.model import BuildingSet, BuildingSetBuilder, City, SurfaceType
from importers._common import (
    AttributeColumns,
    CancelCallback,
    ProgressCallback,
    Steps,
    gc_paused,
    horizontal_crs,
    is_geographic,
    local_frame_for,
    looks_like_lon_lat,
    unique_ids,
)
from importers._mesh import triangulate_faces
from importers.errors import CrsRequired, ImporterError, InvalidFile, UnsupportedFormat
from importers.report import ImportReport

GZIP_MAGIC = b"\x1f\x8b"

PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,  # no entity is expanded: no XXE, no entity bomb
    "no_network": True,
    "load_dtd": False,
    "huge_tree": True,  # posLists of large surfaces go beyond libxml2's 10 MB text limit
    "remove_comments": True,
    "remove_pis": True,
}
"""lxml parser options (the keywords of ``etree.XMLParser``, as ``iterparse`` takes them)."""

LODS = (0, 1, 2, 3, 4)

_GML = frozenset({"http://www.opengis.net/gml", "http://www.opengis.net/gml/3.2"})
_CITYGML = "http://www.opengis.net/citygml"
_GML_IDS = ("{http://www.opengis.net/gml}id", "{http://www.opengis.net/gml/3.2}id")
_HREF = "{http://www.w3.org/1999/xlink}href"

_MEMBER_TAGS = ("{*}cityObjectMember", "{*}featureMember", "{*}featureMembers", "{*}appearanceMember", "{*}CityModel")
"""Top-level children of a CityModel that are read (or cleared) one at a time, and the model itself."""

_BUILDING_TYPES = frozenset({"Building", "BuildingPart"})
_MERGED_TYPES = frozenset({"BuildingPart", "BuildingInstallation"})
"""Merged into the building above them."""
_INTERIOR_TYPES = frozenset(
    {
        "Room",
        "BuildingRoom",
        "IntBuildingInstallation",
        "BuildingFurniture",
        "Storey",
        "BuildingUnit",
        "BuildingConstructiveElement",
    }
)
_OPENING_TYPES = frozenset({"Window", "Door"})
_NOT_GEOMETRY = frozenset({"appearance", "address", "externalReference", "generalizesTo", "relatedTo"})

_LOD_PROPERTY = re.compile(r"^lod([0-4])([A-Za-z]+)$")
_SURFACE_PROPERTIES = {
    "Solid": None,
    "MultiSolid": None,
    "MultiSurface": None,
    "CompositeSurface": None,
    "Geometry": None,
    "FootPrint": int(SurfaceType.GROUND),
    "RoofEdge": int(SurfaceType.ROOF),
}
"""``lodN...`` properties holding surfaces, and the semantic type they imply (None: inherited)."""

_POLYGONS = frozenset({"Polygon", "PolygonPatch", "Triangle", "Rectangle"})
_ORIENTABLE = frozenset({"OrientableSurface", "TexturedSurface"})
_CURVES_AND_POINTS = frozenset(
    {"LineString", "MultiCurve", "CompositeCurve", "Curve", "MultiLineString", "Point", "MultiPoint"}
)

_NO_SEMANTICS = -1

_ATTRIBUTE_TYPES: dict[str, type] = {
    "measuredHeight": float,
    "storeysAboveGround": int,
    "storeysBelowGround": int,
    "yearOfConstruction": int,
    "yearOfDemolition": int,
    "function": str,
    "usage": str,
    "class": str,
    "roofType": str,
}
"""Building properties (2.0 and 3.0 alike) read as attributes, with their type."""

_GENERIC_TYPES: dict[str, type] = {
    "stringattribute": str,
    "intattribute": int,
    "doubleattribute": float,
    "dateattribute": str,
    "uriattribute": str,
    "measureattribute": float,
    "codeattribute": str,
}
"""Generic attribute element names (lower-cased: 2.0 ``intAttribute``, 3.0 ``IntAttribute``) -> type."""

_COMPOUND_URN = re.compile(r"^urn:ogc:def:crs,crs:(.+?)(?:,crs:.*)?$", re.IGNORECASE)
_COMPOUND_URL = re.compile(r"crs-compound\?1=([^&]+)", re.IGNORECASE)


def read_citygml(
    path: str | PathLike[str],
    *,
    crs: str | None = None,
    lod: str | float | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> City:
    """Read a CityGML file (plain or gzipped) into a city in Lambert-93.

    Parameters
    ----------
    path : path-like
        ``.gml`` / ``.xml``, or ``.gml.gz`` / ``.xml.gz`` (gzip is recognised by
        its magic bytes, whatever the suffix).
    crs : str, optional
        CRS of the file's coordinates (``"EPSG:3946"``...); overrides the file's
        ``srsName``. Required when the file has none.
    lod : str or float, optional
        The LoD to take (0 to 4); default: the highest of each building. A
        building without it takes its highest (counted in the report's notes).
    progress : callable(fraction, message), optional
    cancel : callable() -> bool, optional
        Polled while reading and between stages; True raises
        :class:`~importers.errors.Cancelled`.

    Returns
    -------
    City
        With ``city.import_report`` (:class:`~importers.report.ImportReport`).

    Raises
    ------
    InvalidFile, UnsupportedFormat, CrsRequired, Cancelled
    """
    path = Path(path)
    lod_wanted = _lod_number(lod)
    steps = Steps(path, progress, cancel)
    with gc_paused():
        steps(0.0, f"reading {path.name}")
        source = _Source(path)
        version = source.check_root()
        reader = _Reader(path, version, lod_wanted, steps)
        reader.read(source)
        return reader.finish(source, crs)


def _lod_number(lod: str | float | None) -> int | None:
    if lod is None:
        return None
    try:
        key = float(lod)
    except (TypeError, ValueError):
        key = float("nan")
    if key not in LODS:
        raise ValueError(f"CityGML LoDs are whole numbers from 0 to 4, got {lod!r}")
    return int(key)


# --------------------------------------------------------------------------- the file


class _Source:
    """The file, opened (and gunzipped) afresh for each pass, with the share of it read so far."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.size = path.stat().st_size
            with path.open("rb") as fh:
                head = fh.read(2)
        except FileNotFoundError:
            raise ImporterError(path, "no such file") from None
        except IsADirectoryError:
            raise ImporterError(path, "is a folder, not a file") from None
        except OSError as e:
            raise ImporterError(path, f"cannot be read ({e.strerror or e})") from None
        if not head:
            raise InvalidFile(path, "the file is empty", location="byte 0")
        self.gzipped = head == GZIP_MAGIC
        self.fraction = 0.0
        # Where the XML text ended, to tell a truncated file from one broken inside.
        self._at_end = False
        self._lines = 0
        self._last_line_chars = 0

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """The file's XML bytes as a stream, read errors (corrupt gzip...) turned into InvalidFile."""
        path = self.path
        raw = path.open("rb")
        try:
            stream: Any = gzip.GzipFile(fileobj=raw, mode="rb") if self.gzipped else raw
            size = max(self.size, 1)
            self._at_end, self._lines, self._last_line_chars = False, 0, 0

            def read(n: int = -1) -> bytes:
                data = stream.read(n)
                self.fraction = raw.tell() / size
                if not data:
                    self._at_end = True
                else:
                    # Characters of the last line so far (libxml2 counts columns in characters).
                    newlines = data.count(b"\n")
                    self._lines += newlines
                    tail = data[data.rfind(b"\n") + 1 :] if newlines else data
                    chars = len(tail.decode("utf-8", "ignore"))
                    self._last_line_chars = chars if newlines else self._last_line_chars + chars
                return data

            reader = _Readable(read)
            try:
                yield reader
            except (EOFError, zlib.error, gzip.BadGzipFile) as e:
                what = "the gzip data is truncated" if isinstance(e, EOFError) else f"the gzip data is corrupt ({e})"
                raise InvalidFile(path, what, location=f"byte {raw.tell()}") from None
            except etree.XMLSyntaxError as e:
                raise _xml_error(path, e, self._ends_at(e)) from None
            except OSError as e:
                raise ImporterError(path, f"cannot be read ({e.strerror or e})") from None
        finally:
            raw.close()

    def _ends_at(self, error: etree.XMLSyntaxError) -> bool:
        """Whether the error is at the very end of the text, once all of it has been read: the file stops early."""
        line, column = error.position if error.position else (error.lineno or 0, 0)
        last_line = self._lines + (1 if self._last_line_chars else 0)
        return self._at_end and (line > last_line or (line == last_line and column >= self._last_line_chars))

    def check_root(self) -> str:
        """The CityGML version ("1.0", "2.0", "3.0"), from the root element; anything else is refused.

        Only the start of the file is parsed: XML that is not CityGML is refused
        without reading the rest.
        """
        with self.open() as stream:
            parser = etree.XMLPullParser(events=("start",), **PARSER_OPTIONS)
            root = None
            seen_text = False
            while root is None:
                chunk = stream.read(64 * 1024)
                if not chunk:
                    if not seen_text:
                        raise InvalidFile(self.path, "the file is empty", location="byte 0")
                    parser.close()  # raises the syntax error of an unfinished document
                    break
                seen_text = seen_text or not chunk.isspace()
                parser.feed(chunk)
                for _, element in parser.read_events():
                    root = element
                    break
        if root is None:
            raise InvalidFile(self.path, "the file holds no XML element", location="byte 0")
        ns, local = _split(root.tag)
        match = re.search(r"/([123])\.0$", ns)
        if local != "CityModel" or not ns.startswith(_CITYGML) or match is None:
            what = f"<{local}>" + (f" in namespace {ns}" if ns else " (no namespace)")
            raise UnsupportedFormat(
                self.path, f"not a CityGML file: its root element is {what}, not a CityGML 1.0-3.0 <CityModel>"
            )
        return f"{match.group(1)}.0"


class _Readable:
    """A file-like ``read`` for lxml (which takes any object with one)."""

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self.read = read


def _xml_error(path: Path, error: etree.XMLSyntaxError, at_end: bool) -> InvalidFile:
    message = re.sub(r",\s*line \d+, column \d+\s*$", "", (error.msg or str(error)).strip())
    line, column = error.position if error.position else (error.lineno, 0)
    if "amplification" in message or ("entity" in message.lower() and "loop" in message.lower()):
        return InvalidFile(
            path, f"line {line}: XML entities expand too far (refused: {message})", location=f"line {line}"
        )
    truncated = at_end or "Premature end of data" in message
    hint = " (the file looks truncated)" if truncated else ""
    location = f"line {line}, column {column}"
    return InvalidFile(path, f"not valid XML at {location}: {message}{hint}", location=location)


@lru_cache(maxsize=4096)
def _split(tag: str) -> tuple[str, str]:
    """``"{ns}local"`` -> (ns, local)."""
    if tag[:1] == "{":
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _gml_id(element: Any) -> str | None:
    return element.get(_GML_IDS[0]) or element.get(_GML_IDS[1])


def _children(element: Any) -> Iterator[tuple[Any, str, str]]:
    """(child, namespace, local name) of the element children (entities and the like left out)."""
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            ns, local = _split(tag)
            yield child, ns, local


# --------------------------------------------------------------------------- one building


@dataclass(slots=True)
class _Face:
    rings: list[np.ndarray]  # (n, 3) float64 each, not closed; the exterior first
    code: int  # SurfaceType, or _NO_SEMANTICS
    polygon_id: str | None
    from_solid: bool  # reached through a lodN geometry of the object itself, not a boundary surface


@dataclass(slots=True)
class _Pending:
    """An ``xlink:href`` to an element outside the building, resolved by a second pass."""

    target: str
    code: int
    flip: bool
    line: int | None


class _FeatureReader:
    """Reads the geometry (per LoD), parts and attributes of one top-level building element."""

    def __init__(self, reader: _Reader, feature: Any, building_id: str) -> None:
        self.reader = reader
        self.path = reader.path
        self.report = reader.report
        self.feature = feature
        self.building_id = building_id
        self.lods: dict[int, list[_Face | _Pending]] = {}
        self.parts: list[tuple[str, str | None]] = []  # (type, gml:id) of the merged parts
        self._ids: dict[str, Any] | None = None
        self._following: list[str] = []

    # -- city objects ------------------------------------------------------------------

    def read_object(self, element: Any, code: int = _NO_SEMANTICS, from_solid: bool = True) -> None:
        """Gather the geometry below a city object, a boundary surface or a property."""
        for child, ns, local in _children(element):
            if ns in _GML:
                if local == "boundedBy":
                    self.reader.note_envelope(child)
                continue
            if not ns.startswith(_CITYGML):
                continue  # ADEs, xAL addresses
            lod = _LOD_PROPERTY.match(local)
            if lod is not None:
                self._lod_property(child, int(lod.group(1)), lod.group(2), code, from_solid)
            elif local in _INTERIOR_TYPES:
                self.report.skipped[local] += 1
            elif local in _MERGED_TYPES:
                self.parts.append((local, _gml_id(child)))
                self.read_object(child)
            elif local in _NOT_GEOMETRY:
                continue
            elif local in _OPENING_TYPES or (local.endswith("Surface") and local[:1].isupper()):
                # A semantic surface (RoofSurface, con:WallSurface...) or an opening.
                self.read_object(child, int(SurfaceType.from_name(local)), from_solid=False)
            else:
                # A property (boundedBy, boundary, consistsOfBuildingPart, opening...): look inside.
                self.read_object(child, code, from_solid)

    def _lod_property(self, prop: Any, lod: int, kind: str, code: int, from_solid: bool) -> None:
        if kind not in _SURFACE_PROPERTIES:
            implicit = kind == "ImplicitRepresentation"
            reason = "ImplicitGeometry (templates are not read yet)" if implicit else f"lod{lod}{kind} geometry"
            self.report.skipped[reason] += 1
            return
        implied = _SURFACE_PROPERTIES[kind]
        faces = self.lods.setdefault(lod, [])
        self.geometry(prop, code if implied is None else implied, False, faces, from_solid)

    # -- GML geometry ------------------------------------------------------------------

    def geometry(self, element: Any, code: int, flip: bool, out: list[_Face | _Pending], from_solid: bool) -> None:
        """Append the polygons of a GML geometry (or of a property holding one, or an href to one) to ``out``."""
        ns, local = _split(element.tag)
        if local in _POLYGONS:
            out.append(self._polygon(element, code, flip, from_solid))
            return
        href = element.get(_HREF)
        if href is not None and not len(element):
            self._follow(href, element, code, flip, out, from_solid)
            return
        srs = element.get("srsName")
        if srs:
            self.reader.note_srs(srs)
        if local in _ORIENTABLE:
            flip ^= element.get("orientation") == "-"
        elif local in _CURVES_AND_POINTS:
            self.report.skipped[f"{local} geometry"] += 1
            return
        for child, child_ns, child_local in _children(element):
            if child_local in ("appearance", "boundedBy") or not (child_ns in _GML or child_ns.startswith(_CITYGML)):
                continue
            self.geometry(child, code, flip, out, from_solid)

    def _follow(
        self, href: str, element: Any, code: int, flip: bool, out: list[_Face | _Pending], from_solid: bool
    ) -> None:
        document, hash_, target = href.strip().partition("#")
        if not hash_ or not target or (document and Path(document).name != self.path.name):
            self.report.skipped["surface with an xlink:href outside the file (not followed)"] += 1
            return
        if target in self._following:
            chain = " -> ".join([*self._following[self._following.index(target) :], target])
            raise InvalidFile(
                self.path,
                f"line {element.sourceline}: xlink:href references go round in a circle ({chain}) "
                f"in {self._context()}",
                location=f"line {element.sourceline}",
            )
        found = self._id_map().get(target)
        if found is None:
            out.append(_Pending(target, code, flip, element.sourceline))
            return
        self._following.append(target)
        self.geometry(found, code, flip, out, from_solid)
        self._following.pop()

    def target(self, target_id: str, element: Any, code: int, flip: bool) -> list[_Face | _Pending]:
        """The polygons of an element another feature points at (second pass)."""
        out: list[_Face | _Pending] = []
        self._following.append(target_id)
        self.geometry(element, code, flip, out, from_solid=True)
        self._following.pop()
        return out

    def _id_map(self) -> dict[str, Any]:
        if self._ids is None:
            ids: dict[str, Any] = {}
            for element in self.feature.iter():
                gid = _gml_id(element) if isinstance(element.tag, str) else None
                if gid is not None:
                    ids.setdefault(gid, element)
            self._ids = ids
        return self._ids

    def _context(self, polygon: Any = None) -> str:
        pid = _gml_id(polygon) if polygon is not None else None
        of = f"building {self.building_id!r}"
        return f"gml:Polygon {pid!r} of {of}" if pid else of

    def _polygon(self, polygon: Any, code: int, flip: bool, from_solid: bool) -> _Face:
        exterior: np.ndarray | None = None
        holes: list[np.ndarray] = []
        for child, _, local in _children(polygon):
            if local in ("exterior", "outerBoundaryIs", "interior", "innerBoundaryIs"):
                ring = next((c for c, _, _ in _children(child)), None)
                if ring is None:
                    continue
                points = self._ring(ring, polygon)
                if local in ("exterior", "outerBoundaryIs"):
                    exterior = points
                else:
                    holes.append(points)
        if exterior is None:
            raise self._invalid(polygon, polygon, "the polygon has no exterior ring")
        rings = [exterior, *holes]
        if flip:
            rings = [r[::-1] for r in rings]
        return _Face(rings, code, _gml_id(polygon), from_solid)

    def _ring(self, ring: Any, polygon: Any) -> np.ndarray:
        """(n, 3) points of a LinearRing (or Ring), the closing point dropped."""
        _, kind = _split(ring.tag)
        if kind == "Ring":
            # A ring of curves: their points in order, joints counted once.
            parts = [self._coordinates(c, polygon) for c in ring.iter("{*}posList", "{*}coordinates")]
            points = np.concatenate(parts) if parts else np.zeros((0, 3))
            if len(points) > 1:
                points = points[np.r_[True, (np.diff(points, axis=0) != 0).any(axis=1)]]
        elif kind == "LinearRing":
            lists = [c for c, _, local in _children(ring) if local in ("posList", "coordinates")]
            if lists:
                points = self._coordinates(lists[0], polygon)
            else:
                positions = [self._coordinates(p, polygon) for p in ring.iter("{*}pos")]
                widths = {p.shape[1] for p in positions}
                if len(widths) > 1:
                    raise self._invalid(ring, polygon, "the gml:pos of one ring have different numbers of coordinates")
                points = np.concatenate(positions) if positions else np.zeros((0, 3))
        else:
            raise self._invalid(ring, polygon, f"a polygon boundary is a gml:{kind}, expected a gml:LinearRing")
        if len(points) > 1 and (points[0] == points[-1]).all():
            points = points[:-1]
        elif len(points) > 2:
            self.report.repaired["unclosed gml:LinearRing (closed)"] += 1
        if len(points) < 3:
            raise self._invalid(
                ring, polygon, f"a ring has {len(points)} distinct points, a polygon needs at least 3"
            )
        return points

    def _coordinates(self, element: Any, polygon: Any) -> np.ndarray:
        """(n, 3) float64 from a posList, a pos or a GML 2 coordinates element (z = 0 for 2-D data)."""
        _, local = _split(element.tag)
        text = element.text or ""
        if local == "coordinates":
            # GML 2: "x,y,z x,y,z", with its own separators.
            decimal, cs, ts = element.get("decimal", "."), element.get("cs", ","), element.get("ts", " ")
            tuples = [t for t in (text.split() if ts.isspace() else text.split(ts)) if t.strip()]
            rows = [[_number(v.replace(decimal, "."), self, element, polygon) for v in t.split(cs)] for t in tuples]
            if len({len(r) for r in rows}) > 1:
                raise self._invalid(element, polygon, "gml:coordinates tuples have different numbers of values")
            values = np.asarray(rows, dtype=np.float64).reshape(len(rows), -1) if rows else np.zeros((0, 3))
            dimension = values.shape[1]
        else:
            tokens = text.split()
            try:
                values = np.array(tokens, dtype=np.float64)
            except ValueError:
                bad = next(t for t in tokens if not _is_float(t))
                reason = f"gml:{local} holds {bad[:40]!r}, which is not a number"
                raise self._invalid(element, polygon, reason) from None
            if local == "pos":
                dimension = len(values) if len(values) in (2, 3) else _dimension(element)
            else:
                dimension = _dimension(element)
            if dimension not in (2, 3):
                raise self._invalid(element, polygon, f"srsDimension is {dimension}; only 2 and 3 are read")
            if len(values) % dimension:
                raise self._invalid(
                    element,
                    polygon,
                    f"gml:{local} holds {len(values)} numbers, not a multiple of its dimension {dimension} "
                    "(srsDimension)",
                )
            values = values.reshape(-1, dimension)
        if not np.isfinite(values).all():
            bad_value = values[~np.isfinite(values)][0]
            raise self._invalid(element, polygon, f"coordinate {bad_value} is not a finite number")
        if values.shape[1] == 2:
            values = np.column_stack([values, np.zeros(len(values))])
        elif values.shape[1] != 3:
            raise self._invalid(element, polygon, f"points of {values.shape[1]} coordinates; only 2 and 3 are read")
        return values

    def _invalid(self, element: Any, polygon: Any, reason: str) -> InvalidFile:
        line = element.sourceline
        return InvalidFile(self.path, f"line {line}, {self._context(polygon)}: {reason}", location=f"line {line}")

    # -- choosing ----------------------------------------------------------------------

    def chosen(self, lod: int) -> tuple[list[_Face], list[_Pending]]:
        """The faces at one LoD, each polygon once (see the module notes), and its unresolved references."""
        items = self.lods.get(lod, [])
        faces = [f for f in items if isinstance(f, _Face)]
        pending = [p for p in items if isinstance(p, _Pending)]
        # The same polygon reached twice (solid member and boundary surface): keep it once, with semantics.
        first: dict[str, int] = {}
        keep = [True] * len(faces)
        for k, face in enumerate(faces):
            if face.polygon_id is None:
                continue
            j = first.get(face.polygon_id)
            if j is None:
                first[face.polygon_id] = k
            elif faces[j].code == _NO_SEMANTICS and face.code != _NO_SEMANTICS:
                keep[j] = False
                first[face.polygon_id] = k
            else:
                keep[k] = False
        faces = [f for f, k in zip(faces, keep, strict=True) if k]
        # The same polygon written twice (a solid copying its boundary surfaces): drop the copy without semantics.
        if any(f.code == _NO_SEMANTICS and f.from_solid for f in faces) and any(
            f.code != _NO_SEMANTICS for f in faces
        ):
            semantic = {_face_key(f) for f in faces if f.code != _NO_SEMANTICS}
            kept = [f for f in faces if not (f.code == _NO_SEMANTICS and f.from_solid and _face_key(f) in semantic)]
            if len(kept) != len(faces):
                self.report.repaired["solid face repeating a boundary surface (dropped)"] += len(faces) - len(kept)
            faces = kept
        return faces, pending

    # -- attributes --------------------------------------------------------------------

    def attributes(self) -> dict[str, Any]:
        """The top-level building's own attributes (not its parts')."""
        out: dict[str, Any] = {}
        for child, ns, local in _children(self.feature):
            if ns in _GML:
                if local == "name" and "name" not in out and child.text is not None:
                    out["name"] = child.text.strip()
                continue
            if not ns.startswith(_CITYGML):
                continue
            if local.lower() in _GENERIC_TYPES or local.lower() == "genericattributeset":
                self._generic(child, out, "")
            elif local == "genericAttribute":  # 3.0: a property holding one generic attribute
                for inner, _, _ in _children(child):
                    self._generic(inner, out, "")
            elif local in _ATTRIBUTE_TYPES:
                value = self._typed(child.text, _ATTRIBUTE_TYPES[local], local)
                if value is None:
                    continue
                if local in out and isinstance(value, str):
                    out[local] = f"{out[local]}, {value}"  # function, usage: one column, every value
                else:
                    out.setdefault(local, value)
            elif local == "height" and "height" not in out:  # 3.0: con:height/con:Height/con:value
                value_element = next(child.iter("{*}value"), None)
                if value_element is not None:
                    value = self._typed(value_element.text, float, "height")
                    if value is not None:
                        out["height"] = value
        return out

    def _generic(self, element: Any, out: dict[str, Any], prefix: str) -> None:
        _, local = _split(element.tag)
        kind = local.lower()
        # 2.0: <gen:intAttribute name="n"><gen:value>; 3.0: <gen:IntAttribute><gen:name>n</gen:name><gen:value>.
        name = element.get("name")
        value_text = None
        for child, _, child_local in _children(element):
            if child_local == "name" and name is None:
                name = (child.text or "").strip()
            elif child_local == "value":
                value_text = child.text
        if not name:
            return
        key = prefix + name
        if kind == "genericattributeset":
            for child, _, child_local in _children(element):
                if child_local.lower() in _GENERIC_TYPES or child_local.lower() == "genericattributeset":
                    self._generic(child, out, key + ".")
                elif child_local == "genericAttribute":
                    for inner, _, _ in _children(child):
                        self._generic(inner, out, key + ".")
            return
        kind_type = _GENERIC_TYPES.get(kind)
        if kind_type is None or value_text is None:
            return
        value = self._typed(value_text, kind_type, key)
        if value is not None:
            out[key] = value

    def _typed(self, text: str | None, kind: type, name: str) -> Any:
        if text is None:
            return None
        text = text.strip()
        if kind is str:
            return text
        if not text:
            return None
        try:
            return int(text) if kind is int else float(text)
        except ValueError:
            if kind is int:
                try:
                    number = float(text)
                    if number == int(number):
                        return int(number)
                except (ValueError, OverflowError):
                    pass
            self.report.repaired["numeric attribute that is not a number (kept as text)"] += 1
            return text


def _dimension(element: Any) -> int:
    """srsDimension of a posList: on it, else on the nearest ancestor that says; 3 when none does."""
    value = element.get("srsDimension")
    if value is None:
        for ancestor in element.iterancestors():
            value = ancestor.get("srsDimension")
            if value is not None:
                break
    try:
        return int(value) if value is not None else 3
    except ValueError:
        return 0


def _is_float(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _number(token: str, reader: _FeatureReader, element: Any, polygon: Any) -> float:
    try:
        return float(token)
    except ValueError:
        reason = f"gml:coordinates holds {token[:40]!r}, which is not a number"
        raise reader._invalid(element, polygon, reason) from None


def _face_key(face: _Face) -> frozenset[tuple[int, int, int]]:
    """The exterior ring's points to the millimetre, as a set: the same face written twice has the same key."""
    return frozenset(map(tuple, np.round(face.rings[0] * 1000.0).astype(np.int64).tolist()))


# --------------------------------------------------------------------------- the import


class _Reader:
    """One import: streams the file, gathers flat face arrays per building, then builds the city (or raises)."""

    def __init__(self, path: Path, version: str, lod: int | None, steps: Steps) -> None:
        self.path = path
        self.steps = steps
        self.lod = lod
        self.report = ImportReport(source=path.name, format=f"CityGML {version}", lod=None if lod is None else str(lod))
        self.srs_names: dict[str, None] = {}  # in the order met; the model's envelope first
        self.building_ids: list[str] = []
        self.building_kind: list[str] = []
        self.building_lod: list[str] = []
        self.building_parts: list[list[str]] = []
        self.attributes = AttributeColumns()
        self.lod_fallbacks = 0
        # Flat faces, one array per building (or per batch of resolved references).
        self.points: list[np.ndarray] = []
        self.ring_lengths: list[np.ndarray] = []
        self.face_rings: list[np.ndarray] = []
        self.face_code: list[np.ndarray] = []
        self.face_row: list[np.ndarray] = []
        self.pending: list[tuple[int, _Pending]] = []
        self._model_srs_seen = False
        self._members = 0

    # -- streaming ---------------------------------------------------------------------

    def _members_of(self, source: _Source) -> Iterator[Any]:
        """Each top-level member element, cleared (and its earlier siblings freed) once the caller is done."""
        with source.open() as stream:
            for _, element in etree.iterparse(stream, events=("end",), tag=_MEMBER_TAGS, **PARSER_OPTIONS):
                parent = element.getparent()
                if parent is None:  # the CityModel itself has ended
                    self._model_children(element)
                    return
                if _split(element.tag)[1] == "CityModel":
                    continue  # a CityModel nested in another: its members have been read
                self._model_children(parent, before=element)
                yield element
                element.clear(keep_tail=True)

    def _model_children(self, model: Any, before: Any = None) -> None:
        """Read the model's envelope and free the children read so far (all, or those before ``before``)."""
        for child in list(model):
            if child is before:
                break
            if not self._model_srs_seen and isinstance(child.tag, str):
                ns, local = _split(child.tag)
                if ns in _GML and local == "boundedBy":
                    self.note_envelope(child)
                    self._model_srs_seen = True
            if before is not None:
                model.remove(child)

    def read(self, source: _Source) -> None:
        for member in self._members_of(source):
            self._members += 1
            if self._members % 64 == 0:
                self.steps(0.02 + 0.55 * source.fraction, "reading buildings")
            if _split(member.tag)[1] == "appearanceMember":
                continue
            features = list(_children(member))
            if not features and member.get(_HREF) is not None:
                self.report.skipped["city object given by reference (xlink:href)"] += 1
            for feature, ns, local in features:
                if local in _BUILDING_TYPES and ns.startswith(_CITYGML):
                    self._building(feature, local)
                else:
                    self.report.skipped[local] += 1
        if self.pending:
            self.steps(0.58, "resolving xlink:href references")
            self._resolve_pending(source)

    def note_srs(self, srs: str) -> None:
        srs = srs.strip()
        if srs and srs not in self.srs_names:
            self.srs_names[srs] = None

    def note_envelope(self, bounded_by: Any) -> None:
        for envelope, _, _ in _children(bounded_by):
            srs = envelope.get("srsName")
            if srs:
                self.note_srs(srs)

    # -- buildings ---------------------------------------------------------------------

    def _building(self, feature: Any, kind: str) -> None:
        report = self.report
        building_id = _gml_id(feature)
        if not building_id:
            building_id = f"{kind} at line {feature.sourceline}"
            report.repaired["building without gml:id (named after its line)"] += 1
        reader = _FeatureReader(self, feature, building_id)
        try:
            reader.read_object(feature)
            attributes = reader.attributes()
        except RecursionError:
            raise InvalidFile(
                self.path,
                f"line {feature.sourceline}: {kind} {building_id!r} is nested too deeply to read",
                location=f"line {feature.sourceline}",
            ) from None
        if not reader.lods:
            self._skip(reader, f"{kind} without geometry")
            return
        lod = self.lod if self.lod in reader.lods else max(reader.lods)
        if self.lod is not None and lod != self.lod:
            self.lod_fallbacks += 1
        faces, pending = reader.chosen(lod)
        if not faces and not pending:
            self._skip(reader, f"{kind} without surfaces")
            return
        row = len(self.building_ids)
        self._add_faces(faces, row)
        self.pending.extend((row, p) for p in pending)
        report.imported[kind] += 1
        for part_kind, _ in reader.parts:
            report.imported[part_kind] += 1
        self.building_ids.append(building_id)
        self.building_kind.append(kind)
        self.building_lod.append(str(lod))
        self.building_parts.append([pid for _, pid in reader.parts if pid])
        self.attributes.add_row(row, attributes)

    def _skip(self, reader: _FeatureReader, reason: str) -> None:
        self.report.skipped[reason] += 1
        for part_kind, _ in reader.parts:
            self.report.skipped[f"{part_kind} of a skipped building"] += 1

    def _add_faces(self, faces: list[_Face], row: int) -> None:
        if not faces:
            return
        rings = [r for f in faces for r in f.rings]
        self.points.append(np.concatenate(rings))
        self.ring_lengths.append(np.fromiter(map(len, rings), dtype=np.int64, count=len(rings)))
        self.face_rings.append(np.fromiter((len(f.rings) for f in faces), dtype=np.int64, count=len(faces)))
        self.face_code.append(np.fromiter((f.code for f in faces), dtype=np.int64, count=len(faces)))
        self.face_row.append(np.full(len(faces), row, dtype=np.int64))

    def _resolve_pending(self, source: _Source) -> None:
        """Second pass: find the elements that buildings point at in other features, and read them."""
        wanted: dict[str, list[tuple[int, _Pending]]] = {}
        for row, p in self.pending:
            wanted.setdefault(p.target, []).append((row, p))
        self.pending = []
        for member in self._members_of(source):
            if not wanted:
                break
            self.steps.check()
            for element in member.iter():
                gid = _gml_id(element) if isinstance(element.tag, str) else None
                if gid is None or gid not in wanted:
                    continue
                for row, p in wanted.pop(gid):
                    reader = _FeatureReader(self, member, self.building_ids[row])
                    try:
                        out = reader.target(gid, element, p.code, p.flip)
                    except RecursionError:
                        raise InvalidFile(
                            self.path,
                            f"line {element.sourceline}: {gid!r} is nested too deeply to read",
                            location=f"line {element.sourceline}",
                        ) from None
                    faces = [f for f in out if isinstance(f, _Face)]
                    self._add_faces(faces, row)
                    unresolved = len(out) - len(faces)
                    if unresolved:
                        self.report.skipped["surface with an unresolved xlink:href"] += unresolved
        unresolved = sum(len(v) for v in wanted.values())
        if unresolved:
            self.report.skipped["surface with an unresolved xlink:href"] += unresolved

    # -- the city ----------------------------------------------------------------------

    def finish(self, source: _Source, crs: str | None) -> City:
        path, report = self.path, self.report
        if self.lod_fallbacks:
            report.notes.append(
                f"{self.lod_fallbacks} building{'s have' if self.lod_fallbacks > 1 else ' has'} no LoD {self.lod}: "
                "the highest LoD of each was taken instead"
            )
        world = np.concatenate(self.points) if self.points else np.zeros((0, 3))
        self.points = []

        # The CRS last: a broken file is reported as broken before the user is asked for a CRS.
        if crs is not None:
            source_crs = horizontal_crs(path, crs, from_file=False)
            report.crs_from = "caller"
        elif self.srs_names:
            found = [(name, self._file_crs(name)) for name in self.srs_names]
            source_crs = found[0][1]
            others = sorted({c for _, c in found} - {source_crs})
            if others:
                report.notes.append(
                    f"the file names several coordinate reference systems ({', '.join([source_crs, *others])}); "
                    f"every coordinate was read as {source_crs}"
                )
        else:
            extent = None
            if len(world):
                lo, hi = world.min(axis=0), world.max(axis=0)
                extent = (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))
            raise CrsRequired(path, extent=extent)
        report.source_crs = source_crs

        self.steps(0.62, "reprojecting")
        x, y = reproject_xy(world[:, 0], world[:, 1], source_crs)
        if len(x) and not (np.isfinite(x).all() and np.isfinite(y).all()):
            bad = int(np.flatnonzero(~(np.isfinite(x) & np.isfinite(y)))[0])
            raise InvalidFile(
                path,
                f"point {world[bad].tolist()} cannot be projected from {source_crs} to Lambert-93 "
                "(is the file's CRS right?)",
            )
        if len(world) and not is_geographic(source_crs) and looks_like_lon_lat(world[:, 0], world[:, 1]):
            report.notes.append(f"coordinates look like longitude/latitude, but the CRS is {source_crs}")
        frame = local_frame_for(x, y)
        local = np.column_stack([x - frame.origin[0], y - frame.origin[1], world[:, 2] - frame.origin[2]])
        del world, x, y

        self.steps(0.7, "triangulating buildings")
        buildings = self._build_buildings(local)
        report.buildings = len(buildings)
        report.triangles = len(buildings.triangles)
        self.steps(1.0, "done")
        return City(
            name=_file_stem(path),
            frame=frame,
            buildings=buildings,
            provenance=f"{path.name} ({report.format}, {source_crs})",
            import_report=report,
        )

    def _file_crs(self, name: str) -> str:
        horizontal = name
        compound = _COMPOUND_URN.match(name.strip())
        if compound is not None:
            horizontal = "urn:ogc:def:crs:" + compound.group(1)
        else:
            url = _COMPOUND_URL.search(name)
            if url is not None:
                horizontal = url.group(1)
        try:
            return horizontal_crs(self.path, horizontal)
        except InvalidFile as e:
            raise InvalidFile(self.path, f"srsName {name!r}: {e.message}", location="srsName") from None

    def _build_buildings(self, local: np.ndarray) -> BuildingSet:
        report = self.report
        builder = BuildingSetBuilder()
        n = len(self.building_ids)
        if not n:
            return builder.build()
        ring_lengths = np.concatenate(self.ring_lengths) if self.ring_lengths else np.zeros(0, np.int64)
        face_rings = np.concatenate(self.face_rings) if self.face_rings else np.zeros(0, np.int64)
        face_code = np.concatenate(self.face_code) if self.face_code else np.zeros(0, np.int64)
        face_row = np.concatenate(self.face_row) if self.face_row else np.zeros(0, np.int64)
        result = triangulate_faces(local, ring_lengths, face_rings)
        report.dropped_faces += int(result.face_dropped.sum())
        report.degenerate_triangles += result.degenerate_triangles
        report.faces_without_semantics += int(((face_code == _NO_SEMANTICS) & ~result.face_dropped).sum())
        surface = np.where(face_code == _NO_SEMANTICS, int(SurfaceType.OTHER), face_code).astype(np.uint8)

        # Faces read by the second pass come after every building: order the triangles by building.
        tri_row = face_row[result.triangle_face]
        order = np.argsort(tri_row, kind="stable")
        triangles, tri_row, tri_face = result.triangles[order], tri_row[order], result.triangle_face[order]

        # Compact the vertex array to the vertices the triangles use.
        in_use = np.zeros(len(local), dtype=bool)
        in_use[triangles] = True
        used = np.flatnonzero(in_use)
        inverse = (np.cumsum(in_use) - 1)[triangles]
        keep = np.zeros(n, dtype=bool)
        keep[tri_row] = True
        for row in np.flatnonzero(~keep).tolist():
            # Buildings whose every face had zero area, or whose references all failed.
            kind = self.building_kind[row]
            report.skipped[f"{kind} without usable surfaces"] += 1
            report.imported[kind] -= 1
        remap = np.cumsum(keep) - 1
        ids = [bid for bid, k in zip(self.building_ids, keep, strict=True) if k]
        ids, repeats = unique_ids(ids)
        if repeats:
            report.repaired["duplicate gml:id (suffixed -2, -3...)"] += repeats
        builder.add_many(ids, local[used], inverse.reshape(-1, 3), remap[tri_row], surface[tri_face])
        buildings = builder.build()
        for name, column in self.attributes.columns(n, keep).items():
            buildings.set_attribute(name, column)
        kept_rows = np.flatnonzero(keep)
        buildings.set_attribute("lod", np.array([self.building_lod[i] for i in kept_rows], dtype=object))
        if any(self.building_parts[i] for i in kept_rows):
            parts = np.full(len(kept_rows), None, dtype=object)
            for j, i in enumerate(kept_rows):
                if self.building_parts[i]:
                    parts[j] = list(self.building_parts[i])
            buildings.set_attribute("building_parts", parts)
        return buildings


def _file_stem(path: Path) -> str:
    """``lyon.gml.gz`` -> ``lyon``; ``lyon.gml`` -> ``lyon``."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return Path(name).stem or name


__all__ = ["read_citygml"]
