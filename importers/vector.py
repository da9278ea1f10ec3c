"""GeoPackage and Shapefile -> :class:`city.model.City`: footprints, parcels and zones.

Read with pyogrio (GDAL): geometries as WKB, turned into shapely polygons;
attributes as typed columns. A ``.zip`` holding one Shapefile is unpacked
safely to a temporary folder and read the same way (:func:`read_shapefile_zip`).

Which layer is what
-------------------
A GeoPackage holds several layers, a Shapefile one. Each layer with polygons
is read as one kind, by the first of these rules that applies:

1. ``kind=`` (with ``layer=``, or for a file of one layer);
2. **buildings** when it has building fields (the GeoJSON importer's:
   ``HAUTEUR`` / ``hauteur`` / ``height``, ``NB_ETAGES`` /
   ``nombre_d_etages`` / ``building:levels``, ``Z_MIN_SOL`` /
   ``altitude_minimale_sol``, ``building``...);
3. **parcels** when it has the cadastre's fields: ``idu``, or ``section``
   and ``numero`` (Parcellaire Express, Etalab cadastre);
4. by the words of its name (split on ``_``, spaces..., accents removed,
   matched by their beginning): ``bati`` / ``building`` / ``bldg`` ->
   buildings (``bdtopo_batiment``); ``parcel`` / ``cadastr`` -> parcels
   (``cadastre_parcellaire``); ``perim`` / ``boundar`` / ``limit`` /
   ``zone`` / ``commune`` / ``arrondissement`` / ``quartier`` / ``iris`` /
   ``secteur`` -> zones (``perimetre_st_denis``);
5. otherwise the layer is of no known kind and skipped; but a layer chosen
   with ``layer=``, or the only layer of the file, is read as buildings (the
   height rules then say how many took the default height).

A layer that is a building layer by its name only is skipped when another
layer of the file has building fields: it would put a second, guessed block
on footprints that have heights (the Saint-Denis file's
``potentielsolaire_bati`` beside ``bdtopo_batiment``). Point and line layers,
layers without a geometry column and empty layers are skipped. Every layer
read and every layer skipped (with why) is in ``city.import_report.notes``;
the features of skipped layers are counted in ``import_report.skipped``.
``layer=`` reads that layer only, and an empty, geometry-less or point layer
chosen that way is an error rather than a skip.

Buildings, parcels, zones
-------------------------
Buildings are LoD1 blocks with the GeoJSON importer's height and base rules
(:func:`importers.geojson.footprint_heights`, counted in
``import_report.height_rules`` and ``base_rules``); their fields become
building attributes. Parcels become :class:`city.model.Parcel` s, zones
:class:`city.model.Zone` s (named from ``nom`` / ``nom_officiel`` / ``name``...),
one per polygon of a MultiPolygon (``id#1``, ``id#2``...). Ids come from
``ID`` / ``id`` / ``@id`` / ``cleabs`` (parcels: ``idu`` / ``id``); for
buildings also from a ``cleabs...`` field holding BD TOPO building ids
(``BATIMENT...``, renamed ``cleabs_left__bat`` by joins); else
``<layer>-<FID>``.

Geometry and CRS
----------------
Polygons and MultiPolygons, holes included; z is dropped (the base comes
from the attributes). Invalid polygons go through shapely's ``make_valid``,
what has no area left is skipped, features without geometry or with other
geometry types are skipped: all counted. The CRS is the layer's (the
GeoPackage's ``gpkg_spatial_ref_sys``, the Shapefile's ``.prj``) unless
``crs=`` is given; x and y are reprojected to Lambert-93 in float64 around a
local origin shared by all layers. A layer without a CRS (a Shapefile
without ``.prj``) raises :class:`~importers.errors.CrsRequired`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from pyogrio import raw
from pyogrio.errors import DataLayerError, DataSourceError

from city.model import BuildingSet, City, Parcel, Polygon2D, Zone
from importers._common import (
    CancelCallback,
    ProgressCallback,
    Steps,
    horizontal_crs,
    local_frame_for,
    split_collections,
    unique_ids,
)
from importers.errors import CrsRequired, ImporterError, InvalidFile, UnsupportedFormat
from importers.geojson import (
    BUILDING_KEYS,
    DEFAULT_HEIGHT_M,
    ID_KEYS,
    STOREY_HEIGHT_M,
    footprint_heights,
    lod1_buildings,
    polygon_zones,
    to_lambert93,
    valid_polygons,
)
from importers.report import ImportReport

KINDS = ("buildings", "parcels", "zones")

PARCEL_ID_KEYS = ("idu", "IDU", "id", "ID")
_BUILDING_WORDS = ("bati", "building", "bldg")
_PARCEL_WORDS = ("parcel", "cadastr")
_ZONE_WORDS = ("perim", "boundar", "limit", "zone", "commune", "arrondissement", "quartier", "iris", "secteur")
_POLYGON_TYPES = ("Polygon", "MultiPolygon")
_MIXED_TYPES = ("Unknown", "Geometry", "GeometryCollection")

_TYPE_NAMES = {0: "Point", 1: "LineString", 2: "LinearRing", 4: "MultiPoint", 5: "MultiLineString"}

_SQLITE_MAGIC = b"SQLite format 3\x00"
_SHAPEFILE_CODE = 9994


def read_vector(
    path: str | PathLike[str],
    *,
    crs: str | None = None,
    layer: str | None = None,
    kind: str | None = None,
    default_height_m: float = DEFAULT_HEIGHT_M,
    storey_height_m: float = STOREY_HEIGHT_M,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> City:
    """Read the footprints, parcels and zones of a GeoPackage (``.gpkg``) or Shapefile (``.shp``).

    Parameters
    ----------
    path : path-like
        A ``.gpkg``, or a ``.shp`` with its ``.shx`` and ``.dbf`` (and
        ``.prj``) beside it.
    crs : str, optional
        CRS of the coordinates, for layers without one (or to override theirs).
    layer : str, optional
        Read this layer only (default: every layer of a known kind).
    kind : {"buildings", "parcels", "zones"}, optional
        What the layer is (with ``layer=``, or for a file of one layer);
        default: from its fields and name (see the module docstring).
    default_height_m : float
        Height of buildings with neither a height nor a number of levels.
    storey_height_m : float
        Height of one level, for buildings known by their number of levels.
    progress : callable(fraction, message), optional
    cancel : callable() -> bool, optional
        Polled between stages; True raises :class:`~importers.errors.Cancelled`.

    Returns
    -------
    City
        Buildings, ``parcels`` and zones, with ``city.import_report``.

    Raises
    ------
    InvalidFile
        Not a GeoPackage or Shapefile, a truncated ``.shp``, a missing
        ``.shx`` / ``.dbf``, an empty or geometry-less layer asked for, no
        layer of a known kind.
    UnsupportedFormat
        A layer asked for that holds points or lines; an SQLite database that is not a GeoPackage.
    CrsRequired
        A layer that does not say its CRS, and no ``crs=``.
    """
    path = Path(path)
    if kind not in (None, *KINDS):
        raise ValueError(f"kind must be one of {KINDS} or None, got {kind!r}")
    if not (default_height_m > 0 and storey_height_m > 0):
        raise ValueError("default_height_m and storey_height_m must be positive")
    steps = Steps(path, progress, cancel)
    steps(0.0, f"reading {path.name}")
    is_shapefile = path.suffix.lower() == ".shp"
    if is_shapefile:
        _check_shapefile(path)
    else:
        _check_geopackage(path)
    source_format = "Shapefile" if is_shapefile else "GeoPackage"
    report = ImportReport(source=path.name, format=source_format)

    plans = _plan_layers(path, source_format, layer, kind, report)
    tables: list[_Layer] = []
    for i, plan in enumerate(plans):
        steps(0.05 + 0.3 * i / len(plans), f"reading layer {plan.name}")
        tables.append(_read_layer(path, plan, crs, report))

    steps(0.35, "reprojecting")
    report.crs_from = "caller" if crs is not None else "file"
    report.source_crs = ", ".join(dict.fromkeys(t.source_crs for t in tables))
    lambert = [_lambert93(path, t, report) for t in tables]
    x = np.concatenate([xy[0] for xy in lambert]) if lambert else np.zeros(0)
    y = np.concatenate([xy[1] for xy in lambert]) if lambert else np.zeros(0)
    frame = local_frame_for(x, y)
    steps(0.45, "checking polygons")
    for table, (lx, ly) in zip(tables, lambert, strict=True):
        local = np.column_stack([lx - frame.origin[0], ly - frame.origin[1]])
        polygons = shapely.set_coordinates(table.polygons.copy(), local)
        table.polygons, table.polygon_feature = valid_polygons(polygons, table.polygon_feature, report)

    steps(0.6, "building the model")
    stem = path.stem
    layers_read = ", ".join(t.name for t in tables)
    city = City(
        name=stem,
        frame=frame,
        provenance=f"{path.name} ({source_format} {layers_read}, {report.source_crs})",
        import_report=report,
    )
    for table in tables:
        if table.kind == "parcels":
            city.parcels.extend(_parcels(table))
        elif table.kind == "zones":
            city.zones.extend(polygon_zones(table.ids, table.rows(), table.polygons, table.polygon_feature))
    city.zones = _unique_zone_ids(city.zones)
    buildings = [t for t in tables if t.kind == "buildings"]
    if buildings:
        city.buildings = _buildings(buildings, report, default_height_m, storey_height_m, steps)
    report.zones = len(city.zones)
    for name, count in (("Building", len(city.buildings)), ("Parcel", len(city.parcels)), ("Zone", len(city.zones))):
        if count:
            report.imported[name] += count
    report.kind = "buildings" if buildings else tables[0].kind
    steps(1.0, "done")
    return city


# --------------------------------------------------------------------------- zipped Shapefiles

ZIP_MAX_BYTES = 4 << 30
"""Most bytes a zipped Shapefile may unpack to (its .shp, .shx, .dbf, .prj, .cpg together)."""

_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_COPY_BYTES = 1 << 20


def read_shapefile_zip(path: str | PathLike[str], **options: Any) -> City:
    """Read the Shapefile a ``.zip`` holds (as they are downloaded), as :func:`read_vector` reads a ``.shp``.

    The archive must hold exactly one ``.shp`` (in any folder; macOS
    ``__MACOSX`` entries are ignored) with its ``.shx`` and ``.dbf`` beside
    it. Only those parts (and ``.prj``, ``.cpg``) are unpacked, into a
    temporary folder that is removed afterwards, under their base names only:
    a member named ``../../x.shp`` cannot write outside that folder. The
    unpacked size is checked against :data:`ZIP_MAX_BYTES` before anything is
    written (and :mod:`zipfile` never writes more than a member declares).
    Errors name the archive, then the Shapefile inside it.

    Raises
    ------
    UnsupportedFormat
        No Shapefile in the archive, several, or a compression method Python cannot read.
    InvalidFile
        Not a readable ZIP archive, password-protected, too large unpacked,
        a missing ``.shx`` / ``.dbf``, or anything :func:`read_vector` raises.
    """
    import shutil
    import tempfile
    import zipfile
    import zlib

    path = Path(path)
    steps = Steps(path, options.get("progress"), options.get("cancel"))
    steps(0.0, f"opening {path.name}")
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ImporterError(path, "no such file") from None
    except IsADirectoryError:
        raise ImporterError(path, "is a folder, not a file") from None
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InvalidFile(path, f"not a readable ZIP archive ({e})", location="central directory") from None
    with archive, tempfile.TemporaryDirectory(prefix="maquette-zip-") as folder:
        members = _shapefile_members(path, archive)
        total = sum(m.file_size for m in members.values())
        if total > ZIP_MAX_BYTES:
            raise InvalidFile(
                path,
                f"its Shapefile would unpack to {total / 2**20:.0f} MB, more than the "
                f"{ZIP_MAX_BYTES / 2**30:.0f} GB allowed",
                location=members[".shp"].filename,
            )
        if shutil.disk_usage(folder).free < total + (64 << 20):
            raise ImporterError(path, f"not enough free disk space to unpack its {total / 2**20:.0f} MB Shapefile")
        shp_name = _base_name(members[".shp"].filename)
        stem = shp_name[: -len(".shp")]
        for suffix, member in members.items():
            target = Path(folder) / f"{stem}{suffix}"  # a base name only: nothing outside the folder
            written = 0
            try:
                with archive.open(member) as source, target.open("wb") as out:
                    while chunk := source.read(_COPY_BYTES):
                        written += len(chunk)
                        if written > member.file_size:  # the archive lied about a size
                            raise zipfile.BadZipFile(f"{member.filename} is larger than it declares")
                        out.write(chunk)
                        steps.check()
            except RuntimeError as e:  # zipfile: "File ... is encrypted, password required"
                raise InvalidFile(
                    path, f"{member.filename} is password-protected ({e})", location=member.filename
                ) from None
            except NotImplementedError as e:
                raise UnsupportedFormat(
                    path, f"{member.filename} is compressed with a method Python cannot read ({e})"
                ) from None
            except (zipfile.BadZipFile, zlib.error, EOFError) as e:
                raise InvalidFile(
                    path, f"{member.filename} cannot be unpacked ({e})", location=member.filename
                ) from None
        steps(0.05, f"reading {shp_name}")
        try:
            city = read_vector(Path(folder) / f"{stem}.shp", **options)
        except ImporterError as error:
            # Name the archive the user opened, then the Shapefile inside it.
            error.path, error.message = path, f"{members['.shp'].filename}: {error.message}"
            error.args = (str(error),)
            raise
    city.provenance = f"{path.name}: {city.provenance}"
    city.import_report.source = f"{path.name}/{members['.shp'].filename}"
    return city


def _base_name(member_name: str) -> str:
    """The file name of an archive member, whatever the separators (``a\\b/c.shp`` -> ``c.shp``)."""
    return member_name.replace("\\", "/").rsplit("/", 1)[-1]


def _shapefile_members(path: Path, archive: Any) -> dict[str, Any]:
    """The archive members of its one Shapefile, by part suffix (``.shp``, ``.shx``, ``.dbf``, and ``.prj`` ...)."""
    entries = [
        m
        for m in archive.infolist()
        if not m.is_dir()
        and "__MACOSX" not in m.filename.replace("\\", "/").split("/")
        and not _base_name(m.filename).startswith("._")
    ]
    shapefiles = [m for m in entries if m.filename.lower().endswith(".shp")]
    if not shapefiles:
        listed = ", ".join(m.filename for m in entries[:5]) + (", ..." if len(entries) > 5 else "")
        raise UnsupportedFormat(
            path,
            "this ZIP archive holds no Shapefile (.shp), and only zipped Shapefiles can be imported"
            + (f"; it holds {listed}" if entries else "; it is empty"),
        )
    if len(shapefiles) > 1:
        names = ", ".join(m.filename for m in shapefiles[:5]) + (", ..." if len(shapefiles) > 5 else "")
        raise UnsupportedFormat(
            path, f"this ZIP archive holds {len(shapefiles)} Shapefiles ({names}): unpack it and open one of them"
        )
    shp = shapefiles[0]
    stem = _base_name(shp.filename)[: -len(".shp")]
    prefix = shp.filename[: -len(".shp")].lower()
    parts = {m.filename[len(prefix) :].lower(): m for m in entries if m.filename.lower().startswith(prefix)}
    members = {suffix: parts[suffix] for suffix in _SHAPEFILE_PARTS if suffix in parts}
    for suffix, what in ((".shx", "index"), (".dbf", "attribute table")):
        if suffix not in members:
            raise InvalidFile(
                path,
                f"its Shapefile {shp.filename} has no {what} ({stem}{suffix}) beside it in the archive",
                location=shp.filename,
            )
    return members


# --------------------------------------------------------------------------- files


def _check_geopackage(path: Path) -> None:
    """A clear error before GDAL's for what is plainly not a GeoPackage."""
    head = _head(path, len(_SQLITE_MAGIC))
    if head != _SQLITE_MAGIC:
        raise InvalidFile(path, "not a GeoPackage: the file is not an SQLite database", location="byte 0")


def _check_shapefile(path: Path) -> None:
    """The ``.shx`` and ``.dbf`` are there, and the ``.shp`` is as long as its header and index say.

    GDAL reads a cut ``.shp`` without an error, giving features without
    geometry: the lengths are checked here instead.
    """
    siblings = {suffix: _sibling(path, suffix) for suffix in (".shx", ".dbf")}
    for (suffix, sibling), what in zip(siblings.items(), ("index", "attribute table"), strict=True):
        if sibling is None:
            raise InvalidFile(
                path,
                f"its {what} {path.stem}{suffix} is missing (a Shapefile is a .shp with its .shx and .dbf beside it)",
                location=f"{path.stem}{suffix}",
            )
    head = _head(path, 100)
    size = path.stat().st_size
    if len(head) < 100:
        raise InvalidFile(path, f"truncated: {size} bytes, shorter than a Shapefile header (100)", location="header")
    if int.from_bytes(head[:4], "big") != _SHAPEFILE_CODE:
        raise InvalidFile(path, "not a Shapefile: its header does not start with the file code 9994", location="header")
    declared = 2 * int.from_bytes(head[24:28], "big")
    if size < declared:
        raise InvalidFile(path, f"truncated: its header says {declared} bytes, the file has {size}", location="header")
    index = siblings[".shx"].read_bytes()[100:]  # type: ignore[union-attr]
    records = np.frombuffer(index[: len(index) // 8 * 8], dtype=">i4").reshape(-1, 2).astype(np.int64)
    ends = 2 * (records[:, 0] + records[:, 1]) + 8  # offset and content length in 16-bit words, + record header
    if len(ends) and ends.max() > size:
        cut = int(np.flatnonzero(ends > size)[0])
        raise InvalidFile(
            path,
            f"truncated: record {cut + 1} of {len(ends)} ends at byte {int(ends[cut])}, the file has {size}",
            location=f"record {cut + 1}",
        )


def _head(path: Path, n: int) -> bytes:
    try:
        with path.open("rb") as fh:
            head = fh.read(n)
    except FileNotFoundError:
        raise ImporterError(path, "no such file") from None
    except IsADirectoryError:
        raise ImporterError(path, "is a folder, not a file") from None
    except OSError as e:
        raise ImporterError(path, f"cannot be read ({e.strerror or e})") from None
    if not head:
        raise InvalidFile(path, "the file is empty", location="byte 0")
    return head


def _sibling(path: Path, suffix: str) -> Path | None:
    """``a.shp`` -> ``a.shx`` (or ``a.SHX``: Shapefiles come in both cases)."""
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.is_file():
            return candidate
    return None


# --------------------------------------------------------------------------- layers


@dataclass
class _Plan:
    """A layer to read, as what, and why."""

    name: str
    kind: str
    reason: str
    features: int


def _plan_layers(
    path: Path, source_format: str, layer: str | None, kind: str | None, report: ImportReport
) -> list[_Plan]:
    """The layers to read and their kinds; the others noted as skipped (see the module docstring)."""
    try:
        listed = pyogrio.list_layers(path)
    except (DataSourceError, RuntimeError) as e:
        raise InvalidFile(path, f"not a readable {source_format}: {_gdal_message(e)}") from None
    names = [str(row[0]) for row in listed]
    if not names:
        raise InvalidFile(path, f"the {source_format} has no layers")
    if layer is not None and layer not in names:
        raise ImporterError(path, f"has no layer {layer!r}; its layers are {', '.join(names)}")
    if kind is not None and layer is None and len(names) > 1:
        raise ValueError(f"kind= applies to one layer: give layer= too ({path.name} has {len(names)} layers)")
    chosen = [layer] if layer is not None else names
    one = len(chosen) == 1

    infos = {name: _info(path, name) for name in chosen}
    if source_format == "GeoPackage" and infos and next(iter(infos.values())).get("driver") not in (None, "GPKG"):
        raise UnsupportedFormat(path, "an SQLite database, but not a GeoPackage")
    plans: list[_Plan] = []
    skipped: list[tuple[str, str, int]] = []
    for name, info in infos.items():
        n = max(int(info.get("features") or 0), 0)
        gtype = info.get("geometry_type")
        base_type = str(gtype).split(" ")[0] if gtype else None
        problem = None
        if base_type is None:
            problem = "no geometry column"
        elif base_type not in _POLYGON_TYPES + _MIXED_TYPES:
            problem = f"{base_type} geometry"
        elif n == 0:
            problem = "empty"
        if problem is not None:
            if layer is not None or len(names) == 1:
                _refuse(path, name, problem)
            skipped.append((name, problem, n))
            continue
        fields = [str(f) for f in info.get("fields", ())]
        found, reason = (kind, "kind= given") if kind is not None else _layer_kind(name, fields)
        if found is None and one:
            found, reason = "buildings", "the only layer read; no building fields: footprints at the default height"
        if found is None:
            skipped.append((name, "not footprints, parcels or zones", n))
            continue
        if found == "parcels" and reason.startswith("name") and _cadastre_buildings(path, name, fields):
            # the PCI cadastre's "bâti" layer: building outlines, not land plots
            skipped.append((name, "cadastre building outlines (TYPE 'Bâtiment en dur' / 'Construction légère'), "
                                  "not parcels", n))
            continue
        plans.append(_Plan(name, found, reason, n))

    # Footprints known by name only, beside footprints with heights, would be read twice.
    with_fields = [p.name for p in plans if p.kind == "buildings" and p.reason.startswith("building fields")]
    if with_fields and layer is None:
        for p in [p for p in plans if p.kind == "buildings" and p.reason.startswith("name")]:
            plans.remove(p)
            skipped.append((p.name, f"named like buildings, without heights ({with_fields[0]} has them)", p.features))
    for name, why, n in skipped:
        report.notes.append(f"layer {name!r} skipped: {why} ({n} features)")
        if n:
            report.skipped[f"layer {name!r}: {why}"] += n
    if not plans:
        listing = "; ".join(f"{name}: {why}" for name, why, _ in skipped)
        raise InvalidFile(
            path,
            f"no layer of footprints, parcels or zones ({listing}); choose one with layer= and kind=",
        )
    for p in plans:
        report.notes.append(f"layer {p.name!r}: {p.features} features read as {p.kind} ({p.reason})")
    return plans


def _info(path: Path, name: str) -> dict[str, Any]:
    try:
        return pyogrio.read_info(path, layer=name)
    except (DataSourceError, DataLayerError, RuntimeError) as e:
        where = f"layer {name!r}"
        raise InvalidFile(path, f"{where} cannot be read ({_gdal_message(e)})", location=where) from None


def _refuse(path: Path, name: str, problem: str) -> None:
    where = f"layer {name!r}"
    if problem == "empty":
        raise InvalidFile(path, f"{where} is empty: it has no features", location=where)
    if problem == "no geometry column":
        raise InvalidFile(path, f"{where} has no geometry column (an attribute table)", location=where)
    raise UnsupportedFormat(
        path, f"{where} holds {problem}; only polygon layers (footprints, parcels, zones) are read"
    )


def _layer_kind(name: str, fields: Sequence[str]) -> tuple[str | None, str]:
    """(kind, reason) of a polygon layer from its fields, then its name; (None, "") when unknown."""
    building_fields = [f for f in fields if f in BUILDING_KEYS]
    if building_fields:
        return "buildings", f"building fields {', '.join(building_fields[:4])}"
    lower = {f.lower() for f in fields}
    if "idu" in lower or {"section", "numero"} <= lower:
        return "parcels", "cadastre fields"
    words = _words(name)
    for found, prefixes in (("buildings", _BUILDING_WORDS), ("parcels", _PARCEL_WORDS), ("zones", _ZONE_WORDS)):
        if any(w.startswith(prefixes) for w in words):
            return found, f"name {name!r}"
    return None, ""


_CADASTRE_BUILDING_TYPES = ("batiment en dur", "construction legere", "01", "02")


def _cadastre_buildings(path: Path, name: str, fields: Sequence[str]) -> bool:
    """True when a layer named like parcels holds the cadastre's building outlines (its TYPE says so)."""
    type_field = next((f for f in fields if f.lower() == "type"), None)
    if type_field is None:
        return False
    try:
        _meta, _fids, _geom, columns = raw.read(path, layer=name, columns=[type_field], read_geometry=False,
                                                         max_features=200)
    except (DataSourceError, DataLayerError, RuntimeError):
        return False
    values = ["".join(_words(str(v))).replace(" ", "") for v in columns[0] if v is not None]
    plain = {"".join(t.split()) for t in _CADASTRE_BUILDING_TYPES}
    return bool(values) and sum(v in plain for v in values) >= 0.8 * len(values)


def _words(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return [w for w in "".join(c if c.isalnum() else " " for c in plain).split() if w]


def _gdal_message(error: BaseException) -> str:
    return str(error).split("; It might help")[0].strip().rstrip(".")


# --------------------------------------------------------------------------- reading a layer


@dataclass
class _Layer:
    """One layer's polygons (flat) and fields."""

    name: str
    kind: str
    source_crs: str
    fids: np.ndarray
    fields: dict[str, np.ndarray]
    polygons: np.ndarray
    """(p,) shapely Polygons."""
    polygon_feature: np.ndarray
    """(p,) feature (row) of each polygon, non-decreasing."""
    ids: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.fids)

    def rows(self) -> list[dict[str, Any]]:
        """Each feature's known fields as Python values (None and NaN left out)."""
        out: list[dict[str, Any]] = [{} for _ in range(len(self))]
        for key, column in self.fields.items():
            for row, value in zip(out, column.tolist(), strict=True):
                if value is not None and value == value:  # NaN != NaN
                    row[key] = value
        return out


def _read_layer(path: Path, plan: _Plan, crs: str | None, report: ImportReport) -> _Layer:
    where = f"layer {plan.name!r}"
    try:
        meta, fids, wkb, columns = raw.read(
            path, layer=plan.name, force_2d=True, return_fids=True, datetime_as_string=True
        )
    except (DataSourceError, DataLayerError, RuntimeError) as e:
        raise InvalidFile(path, f"{where} cannot be read ({_gdal_message(e)})", location=where) from None
    n = len(wkb) if wkb is not None else 0
    fids = np.asarray(fids if fids is not None else np.arange(n), dtype=np.int64)
    fields = {str(k): _column(c) for k, c in zip(meta["fields"], columns, strict=True)}

    geometries = shapely.from_wkb(wkb, on_invalid="ignore")
    polygons, owner = _polygon_parts(geometries, report)
    xy = shapely.get_coordinates(polygons)

    if crs is not None:
        source_crs = horizontal_crs(path, crs, from_file=False)
    elif meta.get("crs"):
        source_crs = horizontal_crs(path, meta["crs"])
    else:
        extent = None
        span = ""
        if len(xy):
            extent = (float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max()))
            span = f" - its coordinates span x {extent[0]:.6g}..{extent[2]:.6g}, y {extent[1]:.6g}..{extent[3]:.6g}"
        whose = "there is no .prj file beside it" if path.suffix.lower() == ".shp" else f"{where} has no CRS"
        raise CrsRequired(
            path,
            f"{whose} to say which coordinate reference system it uses; give one (e.g. EPSG:2154){span}",
            extent=extent,
        )
    table = _Layer(plan.name, plan.kind, source_crs, fids, fields, polygons, owner)
    table.ids = _feature_ids(table)
    return table


def _column(values: np.ndarray) -> np.ndarray:
    """A field as the model stores attributes: int64, float64 (NaN unknown) or objects (None unknown).

    Booleans stay Python objects, as the GeoJSON importer keeps them.
    """
    if values.dtype.kind in "iu":
        return values.astype(np.int64)
    if values.dtype.kind == "f":
        return values.astype(np.float64)
    if values.dtype.kind == "b":
        return np.array(values.tolist(), dtype=object)
    return values.astype(object)


def _polygon_parts(geometries: np.ndarray, report: ImportReport) -> tuple[np.ndarray, np.ndarray]:
    """The polygons of every feature (MultiPolygons and collections split) and the feature of each."""
    types = shapely.get_type_id(geometries)
    missing = int((types < 0).sum())
    if missing:
        report.skipped["feature without geometry"] += missing
    parts = geometries
    owner = np.arange(len(geometries))
    parts, owner, types = split_collections(parts[types >= 0], owner[types >= 0])
    polygon = types == 3
    for type_id in np.unique(types[~polygon]).tolist():
        report.skipped[f"{_TYPE_NAMES.get(type_id, 'unknown')} geometry"] += int((types == type_id).sum())
    return parts[polygon], owner[polygon]


def _lambert93(path: Path, table: _Layer, report: ImportReport) -> tuple[np.ndarray, np.ndarray]:
    xy = shapely.get_coordinates(table.polygons)
    point_polygon = np.repeat(np.arange(len(table.polygons)), shapely.get_num_coordinates(table.polygons))

    def where(point: int) -> str:
        return f"layer {table.name!r}, feature {int(table.fids[table.polygon_feature[point_polygon[point]]])}"

    return to_lambert93(path, xy, table.source_crs, report, where)


def _feature_ids(table: _Layer) -> list[str]:
    """Each feature's id: the first id field with a value, else ``<layer>-<FID>``."""
    if table.kind == "parcels":
        keys = [k for k in PARCEL_ID_KEYS if k in table.fields]
    else:
        keys = [k for k in ID_KEYS if k in table.fields]
    if table.kind == "buildings":
        keys += [
            k
            for k in table.fields
            if k.lower().startswith("cleabs") and k not in keys and _bdtopo_buildings(table.fields[k])
        ]
    ids: list[str | None] = [None] * len(table)
    for key in keys:
        for i, value in enumerate(table.fields[key].tolist()):
            if ids[i] is None and value is not None and value == value and value != "":
                ids[i] = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    fids = table.fids.tolist()
    return [bid if bid is not None else f"{table.name}-{fid}" for bid, fid in zip(ids, fids, strict=True)]


def _bdtopo_buildings(column: np.ndarray) -> bool:
    known = [v for v in column.tolist() if v is not None]
    return bool(known) and all(isinstance(v, str) and v.startswith("BATIMENT") for v in known)


# --------------------------------------------------------------------------- the model


def _buildings(
    tables: list[_Layer], report: ImportReport, default_height_m: float, storey_height_m: float, steps: Steps
) -> BuildingSet:
    """One LoD1 BuildingSet from every building layer (a ``layer`` attribute tells them apart when several)."""
    offsets = np.cumsum([0, *(len(t) for t in tables)])
    n = int(offsets[-1])
    ids = [i for t in tables for i in t.ids]
    polygons = np.concatenate([t.polygons for t in tables])
    polygon_feature = np.concatenate([t.polygon_feature + offsets[k] for k, t in enumerate(tables)])
    fields = _merged_fields(tables)
    if len(tables) > 1 and "layer" not in fields:
        fields["layer"] = np.array([t.name for t in tables for _ in range(len(t))], dtype=object)

    selected = np.flatnonzero(np.bincount(polygon_feature, minlength=n) > 0)
    base, height = np.zeros(n), np.zeros(n)
    rules = np.full(n, None, dtype=object)

    def column(key: str) -> np.ndarray | None:
        values = fields.get(key)
        return None if values is None else values[selected]

    base[selected], height[selected], rules[selected] = footprint_heights(
        column, len(selected), report, default_height_m, storey_height_m
    )
    return lod1_buildings(
        ids,
        polygons,
        polygon_feature,
        base,
        height,
        rules,
        lambda keep: {name: values[keep] for name, values in fields.items()},
        report,
        steps,
    )


def _merged_fields(tables: list[_Layer]) -> dict[str, np.ndarray]:
    """The union of the layers' fields, each one column over all their features."""
    if len(tables) == 1:
        return dict(tables[0].fields)
    names = list(dict.fromkeys(k for t in tables for k in t.fields))
    out: dict[str, np.ndarray] = {}
    for name in names:
        parts = [(len(t), t.fields.get(name)) for t in tables]
        numeric = all(p is None or p.dtype.kind in "if" for _, p in parts)
        if numeric and all(p is not None and p.dtype.kind == "i" for _, p in parts):
            out[name] = np.concatenate([p for _, p in parts])  # type: ignore[misc]
        elif numeric:  # a layer without the field: NaN there, as in any float column
            out[name] = np.concatenate([np.full(n, np.nan) if p is None else p.astype(np.float64) for n, p in parts])
        else:
            out[name] = np.concatenate(
                [np.full(n, None, dtype=object) if p is None else p.astype(object) for n, p in parts]
            )
    return out


def _parcels(table: _Layer) -> list[Parcel]:
    rows = table.rows()
    counts = np.bincount(table.polygon_feature, minlength=len(table))
    seen = np.zeros(len(table), dtype=np.int64)
    ids: list[str] = []
    for k in table.polygon_feature.tolist():
        seen[k] += 1
        ids.append(table.ids[k] if counts[k] == 1 else f"{table.ids[k]}#{seen[k]}")
    ids, _ = unique_ids(ids)
    parcels: list[Parcel] = []
    for polygon, k, pid in zip(table.polygons, table.polygon_feature.tolist(), ids, strict=True):
        exterior = shapely.get_coordinates(polygon.exterior)
        holes = [shapely.get_coordinates(h) for h in polygon.interiors]
        parcels.append(Parcel(pid, Polygon2D(exterior, holes), rows[k]))
    return parcels


def _unique_zone_ids(zones: list[Zone]) -> list[Zone]:
    """Zones of several layers may share ids: suffix the repeats."""
    ids, repeats = unique_ids([z.id for z in zones])
    if repeats:
        for z, zid in zip(zones, ids, strict=True):
            z.id = zid
    return zones


__all__ = ["KINDS", "PARCEL_ID_KEYS", "read_vector"]
