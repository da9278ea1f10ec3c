"""GeoJSON -> :class:`city.model.City`: building footprints as LoD1 blocks, or zones.

Footprints (IGN BD TOPO, OpenStreetMap)
---------------------------------------
Each Polygon / MultiPolygon feature becomes one building, extruded from its
base to base + height: walls (WALL), a flat roof (ROOF, ear-cut with its holes)
and a floor (GROUND). The height is, in this order:

1. ``HAUTEUR`` / ``hauteur`` / ``height`` (a number or a string such as
   ``"12 m"``), when positive;
2. otherwise ``NB_ETAGES`` / ``nombre_d_etages`` / ``building:levels`` x 3 m;
3. otherwise a default height (9 m unless ``default_height_m`` says otherwise).

The base altitude is ``Z_MIN_SOL`` / ``altitude_minimale_sol`` when present;
otherwise the median of the file's known bases (so that a building without
one does not sink to sea level among its neighbours), otherwise 0. Both rules
are counted in ``city.import_report`` (``height_rules``, ``base_rules``) and
kept per building in the ``height_m`` and ``height_rule`` attributes. All
properties become building attributes.

Building ids come from the feature's ``id``, else its ``ID`` / ``id`` /
``@id`` / ``cleabs`` property, else ``<file stem>-<n>``; repeated ids get a
``-2``, ``-3``... suffix (counted).

Zones (arrondissements, quartiers, project perimeters)
------------------------------------------------------
Features with none of the building properties above load as
:class:`city.model.Zone` s named from ``l_ar`` / ``l_qu`` / ``name`` / ``nom`` /
``nom_officiel`` (one zone per polygon of a MultiPolygon). ``kind="buildings"`` or
``kind="zones"`` overrides the guess.

Geometry and CRS
----------------
Rings that are not closed are closed; rings of fewer than 3 points are
dropped; invalid polygons (self-intersections...) go through shapely's
``make_valid``; polygons with nothing left are skipped. Each of these is
counted, never an error. Coordinates are WGS84 lon/lat (RFC 7946) unless the
legacy ``crs`` member names another CRS (the Lyon BD TOPO export says
EPSG:3946) or ``crs=`` is given; x and y are reprojected to Lambert-93. A
file without a ``crs`` member whose coordinates cannot be lon/lat raises
:class:`~importers.errors.CrsRequired`.

The GeoPackage and Shapefile reader (:mod:`importers.vector`) uses the same
rules through :func:`footprint_heights`, :func:`lod1_buildings`,
:func:`valid_polygons`, :func:`to_lambert93` and :func:`polygon_zones`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from os import PathLike
from pathlib import Path
from typing import Any

import mapbox_earcut
import numpy as np

from city.crs import WORKING_CRS, reproject_xy
from city.model import BuildingSet, BuildingSetBuilder, City, Polygon2D, SurfaceType, Zone
from importers._common import (
    AttributeColumns,
    CancelCallback,
    ProgressCallback,
    Steps,
    file_stem,
    gc_paused,
    horizontal_crs,
    is_geographic,
    load_json,
    local_frame_for,
    looks_like_lon_lat,
    read_bytes,
    split_collections,
    unique_ids,
)
from importers._mesh import DEGENERATE_TRIANGLE_M2, ring_starts
from importers.errors import CrsRequired, InvalidFile
from importers.report import ImportReport

HEIGHT_KEYS = ("HAUTEUR", "hauteur", "height")
LEVEL_KEYS = ("NB_ETAGES", "nombre_d_etages", "building:levels")
BASE_KEYS = ("Z_MIN_SOL", "altitude_minimale_sol")
ID_KEYS = ("ID", "id", "@id", "cleabs")
ZONE_NAME_KEYS = ("l_ar", "l_qu", "name", "nom", "NOM", "libelle", "l_aroff", "nom_officiel")

STOREY_HEIGHT_M = 3.0
DEFAULT_HEIGHT_M = 9.0

BUILDING_KEYS = frozenset(
    {"building", *HEIGHT_KEYS, *LEVEL_KEYS, *BASE_KEYS, "Z_MIN_TOIT", "Z_MAX_TOIT", "hauteur_moyenne", "building:part"}
)
"""Properties that mark a feature as a building footprint."""

RULE_ATTRIBUTE = "attribute"
RULE_LEVELS = "levels x 3 m"
RULE_DEFAULT = "default"

_NUMBER = re.compile(r"^\s*\+?(\d+(?:[.,]\d*)?|[.,]\d+)\s*(?:m|meters?|metres?|mètres?)?\s*$", re.IGNORECASE)


def read_geojson(
    path: str | PathLike[str],
    *,
    crs: str | None = None,
    kind: str | None = None,
    default_height_m: float = DEFAULT_HEIGHT_M,
    storey_height_m: float = STOREY_HEIGHT_M,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> City:
    """Read a GeoJSON file of footprints (as LoD1 buildings) or of zones.

    Parameters
    ----------
    path : path-like
    crs : str, optional
        CRS of the coordinates; overrides the file's legacy ``crs`` member and
        the RFC 7946 default (WGS84).
    kind : {"buildings", "zones"}, optional
        What the features are; default: guessed from their properties.
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
        Buildings or zones, with ``city.import_report``.
    """
    path = Path(path)
    if kind not in (None, "buildings", "zones"):
        raise ValueError(f"kind must be 'buildings', 'zones' or None, got {kind!r}")
    if not (default_height_m > 0 and storey_height_m > 0):
        raise ValueError("default_height_m and storey_height_m must be positive")
    with gc_paused():
        return _read(path, crs, kind, default_height_m, storey_height_m, Steps(path, progress, cancel))


def _read(
    path: Path, crs: str | None, kind: str | None, default_height_m: float, storey_height_m: float, steps: Steps
) -> City:
    steps(0.0, f"reading {path.name}")
    data = read_bytes(path)
    steps(0.05, "parsing JSON")
    root = load_json(path, data)
    del data
    steps(0.2, "reading features")
    features, file_crs = _features(path, root)
    report = ImportReport(source=path.name, format="GeoJSON")
    geometry = _Geometry.gather(path, features, report, steps)

    properties = [features[i].get("properties") or {} for i in geometry.feature_index]
    if kind is None:
        kind = "buildings" if _looks_like_buildings(properties) else "zones"
    report.kind = kind

    # CRS: the caller's, else the file's legacy member, else RFC 7946's WGS84.
    if crs is not None:
        source_crs = horizontal_crs(path, crs, from_file=False)
        report.crs_from = "caller"
    elif file_crs is not None:
        source_crs = horizontal_crs(path, file_crs)
    else:
        source_crs = "EPSG:4326"
        report.crs_from = "RFC 7946 default"
        if len(geometry.xy) and not looks_like_lon_lat(geometry.xy[:, 0], geometry.xy[:, 1]):
            xy = geometry.xy
            raise CrsRequired(
                path,
                extent=(float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max())),
            )
    report.source_crs = source_crs

    steps(0.35, "reprojecting")
    x, y = to_lambert93(
        path, geometry.xy, source_crs, report, lambda point: f"feature {geometry.feature_of_point(point)}"
    )
    frame = local_frame_for(x, y)
    geometry.xy = np.column_stack([x - frame.origin[0], y - frame.origin[1]])

    steps(0.45, "checking polygons")
    polygons, polygon_feature = geometry.repaired_polygons(report)
    steps(0.6, "building the model")
    stem = file_stem(path)
    ids = [_feature_id(features[i], properties[k], stem, i) for k, i in enumerate(geometry.feature_index)]
    city = City(name=stem, frame=frame, provenance=f"{path.name} (GeoJSON, {source_crs})", import_report=report)
    if kind == "zones":
        city.zones = polygon_zones(ids, properties, polygons, polygon_feature)
        report.zones = len(city.zones)
        steps(1.0, "done")
        return city

    n_features = len(ids)
    selected = np.flatnonzero(np.bincount(polygon_feature, minlength=n_features) > 0)
    base, height = np.zeros(n_features), np.zeros(n_features)
    rules = np.full(n_features, None, dtype=object)
    chosen = [properties[k] for k in selected.tolist()]
    base[selected], height[selected], rules[selected] = footprint_heights(
        lambda key: [p.get(key) for p in chosen], len(chosen), report, default_height_m, storey_height_m
    )
    columns = AttributeColumns()
    for k in selected.tolist():
        columns.add_row(k, properties[k])
    # All that is needed from the parsed JSON is in arrays and columns now: free
    # it (several times the file's size) before the meshes are built.
    del root, features, properties, chosen

    city.buildings = lod1_buildings(
        ids,
        polygons,
        polygon_feature,
        base,
        height,
        rules,
        lambda keep: columns.columns(n_features, keep),
        report,
        steps,
    )
    steps(1.0, "done")
    return city


def to_lambert93(
    path: Path, xy: np.ndarray, source_crs: str, report: ImportReport, where: Callable[[int], str]
) -> tuple[np.ndarray, np.ndarray]:
    """Reproject (n, 2) coordinates to Lambert-93 (float64 x and y).

    Coordinates that look like lon/lat under a projected CRS are noted in
    ``report`` (a CRS set wrongly upstream); a point that cannot be projected
    raises :class:`InvalidFile` located by ``where(point index)``.
    """
    projected = source_crs != "EPSG:4326" and not is_geographic(source_crs)
    if projected and len(xy) and looks_like_lon_lat(xy[:, 0], xy[:, 1]):
        report.notes.append(f"coordinates look like longitude/latitude, but the CRS is {source_crs}")
    x, y = reproject_xy(xy[:, 0], xy[:, 1], source_crs, WORKING_CRS)
    if len(x) and not (np.isfinite(x).all() and np.isfinite(y).all()):
        bad = int(np.flatnonzero(~(np.isfinite(x) & np.isfinite(y)))[0])
        raise InvalidFile(
            path,
            f"{where(bad)}: {xy[bad].tolist()} cannot be projected from {source_crs} to Lambert-93 (is the CRS right?)",
            location=where(bad),
        )
    return x, y


def lod1_buildings(
    ids: Sequence[str],
    polygons: np.ndarray,
    polygon_feature: np.ndarray,
    base: np.ndarray,
    height: np.ndarray,
    rules: np.ndarray,
    attribute_columns: Callable[[np.ndarray], Mapping[str, np.ndarray]],
    report: ImportReport,
    steps: Steps,
) -> BuildingSet:
    """LoD1 blocks of footprints, one building per feature with at least one polygon.

    Parameters
    ----------
    ids : (f,) str
        Feature ids; repeats get ``-2``, ``-3``... (counted in ``report``).
    polygons : (p,) shapely Polygons, valid, local metres
    polygon_feature : (p,) int
        Feature of each polygon, non-decreasing.
    base, height, rules : (f,)
        Base altitude (m), height (m) and height rule of each feature (see :func:`footprint_heights`).
    attribute_columns : callable(keep) -> {name: column}
        The feature attributes of the buildings kept (``keep``: (f,) bool), called once the meshes are built.
    """
    n_features = len(ids)
    vertices, triangles, tri_feature, surface = _block_meshes(polygons, polygon_feature, base, height, report, steps)
    keep = np.zeros(n_features, dtype=bool)
    keep[tri_feature] = True
    kept = np.flatnonzero(keep)
    building_ids, repeats = unique_ids([str(ids[k]) for k in kept.tolist()])
    if repeats:
        report.repaired["repeated id made unique"] += repeats

    steps(0.85, "storing buildings")
    builder = BuildingSetBuilder()
    builder.add_many(building_ids, vertices, triangles, (np.cumsum(keep) - 1)[tri_feature], surface)
    del vertices, triangles, tri_feature, surface
    buildings = builder.build()
    for name, column in attribute_columns(keep).items():
        buildings.set_attribute(name, column)
    if "height_m" not in buildings.attributes:
        buildings.set_attribute("height_m", height[kept])
    if "height_rule" not in buildings.attributes:
        buildings.set_attribute("height_rule", rules[kept])
    report.buildings = len(buildings)
    report.triangles = len(buildings.triangles)
    return buildings


# --------------------------------------------------------------------------- reading


def _features(path: Path, root: Any) -> tuple[list[dict[str, Any]], str | None]:
    if not isinstance(root, dict):
        raise InvalidFile(path, "not a GeoJSON file: the top level is not a JSON object", location="top level")
    kind = root.get("type")
    if kind == "FeatureCollection":
        features = root.get("features")
        if not isinstance(features, list):
            raise InvalidFile(path, "'features' is missing or not an array", location="features")
    elif kind == "Feature":
        features = [root]
    elif kind in (
        "Polygon",
        "MultiPolygon",
        "Point",
        "LineString",
        "MultiPoint",
        "MultiLineString",
        "GeometryCollection",
    ):
        features = [{"type": "Feature", "geometry": root, "properties": {}}]
    else:
        raise InvalidFile(path, f"not a GeoJSON file: 'type' is {kind!r}", location="type")
    return features, _legacy_crs(path, root.get("crs"))


def _legacy_crs(path: Path, member: Any) -> str | None:
    """The CRS named by the GeoJSON 2008 ``crs`` member (gone from RFC 7946, still written by GIS tools)."""
    if member is None:
        return None
    props = member.get("properties") if isinstance(member, dict) else None
    if isinstance(props, dict):
        if isinstance(props.get("name"), str):
            return props["name"]
        if member.get("type") == "EPSG" and props.get("code") is not None:
            return f"EPSG:{props['code']}"
    raise CrsRequired(path, f"its 'crs' member {member!r:.80} is not one we can read; give the CRS explicitly")


def _looks_like_buildings(properties: list[dict[str, Any]]) -> bool:
    if not properties:
        return True
    marked = sum(1 for p in properties if isinstance(p, dict) and not BUILDING_KEYS.isdisjoint(p))
    return marked >= 0.5 * len(properties)


def _feature_id(feature: dict[str, Any], properties: dict[str, Any], stem: str, index: int) -> str:
    fid = feature.get("id")
    if fid is None:
        for key in ID_KEYS:
            if properties.get(key) not in (None, ""):
                fid = properties[key]
                break
    return str(fid) if fid is not None and fid != "" else f"{stem}-{index + 1}"


class _Geometry:
    """The polygons of every usable feature, flat.

    ``xy`` holds every ring point (rings closed, as in the file); each ring has
    a length, each polygon a ring count, each polygon a feature (an index in
    ``feature_index``, which lists the features kept, in file order).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.xy = np.zeros((0, 2))
        self.ring_lengths = np.zeros(0, np.int64)
        self.polygon_rings = np.zeros(0, np.int64)
        self.polygon_feature = np.zeros(0, np.int64)  # index into feature_index
        self.feature_index: list[int] = []

    @classmethod
    def gather(cls, path: Path, features: list[Any], report: ImportReport, steps: Steps) -> _Geometry:
        out = cls(path)
        positions: list[Any] = []
        ring_lengths: list[int] = []
        polygon_rings: list[int] = []
        polygon_feature: list[int] = []
        for i, feature in enumerate(features):
            if i % 4096 == 0:
                steps.check()
            if not isinstance(feature, dict):
                raise InvalidFile(path, f"feature {i} is not a JSON object", location=f"feature {i}")
            if not isinstance(feature.get("properties") or {}, dict):
                raise InvalidFile(path, f"feature {i}: 'properties' is not a JSON object", location=f"feature {i}")
            geometry = feature.get("geometry")
            if geometry is None:
                report.skipped["feature without geometry"] += 1
                continue
            gtype = geometry.get("type") if isinstance(geometry, dict) else None
            coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
            if gtype == "Polygon":
                polygons = [coordinates]
            elif gtype == "MultiPolygon":
                polygons = coordinates
            else:
                report.skipped[f"{gtype} geometry"] += 1
                continue
            try:
                # chain/map keep the walk over thousands of small lists in C.
                rings = list(chain.from_iterable(polygons))
                counts = list(map(len, polygons))
                lengths = list(map(len, rings))
                points = list(chain.from_iterable(rings))
            except TypeError:
                raise InvalidFile(
                    path,
                    f"feature {i}: {gtype} coordinates are not nested arrays of positions",
                    location=f"feature {i}",
                ) from None
            if not rings:
                report.skipped["empty polygon"] += 1
                continue
            k = len(out.feature_index)
            out.feature_index.append(i)
            positions.extend(points)
            ring_lengths.extend(lengths)
            polygon_rings.extend(counts)
            polygon_feature.extend([k] * len(counts))
        out.ring_lengths = np.asarray(ring_lengths, dtype=np.int64)
        out.polygon_rings = np.asarray(polygon_rings, dtype=np.int64)
        out.polygon_feature = np.asarray(polygon_feature, dtype=np.int64)
        out.xy = out._positions_xy(positions)
        return out

    def _positions_xy(self, positions: list[Any]) -> np.ndarray:
        if not positions:
            return np.zeros((0, 2))
        try:
            arr = np.array(positions, dtype=np.float64)
            ok = arr.ndim == 2 and arr.shape[1] >= 2
        except (ValueError, TypeError):
            ok = False
        if not ok:
            # Mixed 2-D and 3-D positions, or something that is not a position.
            try:
                arr = np.array([p[:2] for p in positions], dtype=np.float64)
                ok = arr.ndim == 2 and arr.shape[1] == 2 and all(len(p) >= 2 for p in positions)
            except (ValueError, TypeError, KeyError):
                ok = False
            if not ok:
                bad = next(
                    i
                    for i, p in enumerate(positions)
                    if not (
                        isinstance(p, list)
                        and len(p) >= 2
                        and all(isinstance(c, int | float) and not isinstance(c, bool) for c in p[:2])
                    )
                )
                raise InvalidFile(
                    self.path,
                    f"feature {self.feature_of_point(bad)}: position {positions[bad]!r:.60} is not [x, y] numbers",
                    location=f"feature {self.feature_of_point(bad)}",
                )
        xy = np.ascontiguousarray(arr[:, :2])
        finite = np.isfinite(xy).all(axis=1)
        if not finite.all():
            bad = int(np.flatnonzero(~finite)[0])
            feature = self.feature_of_point(bad)
            raise InvalidFile(
                self.path,
                f"feature {feature} has a coordinate that is not a finite number: {xy[bad].tolist()}",
                location=f"feature {feature}",
            )
        return xy

    def feature_of_point(self, point: int) -> int:
        """The file's feature index holding a point (for messages)."""
        ring = int(np.searchsorted(np.cumsum(self.ring_lengths), point, side="right"))
        polygon = int(np.searchsorted(np.cumsum(self.polygon_rings), ring, side="right"))
        return self.feature_index[int(self.polygon_feature[min(polygon, len(self.polygon_feature) - 1)])]

    def repaired_polygons(self, report: ImportReport) -> tuple[np.ndarray, np.ndarray]:
        """Valid shapely polygons and the feature of each.

        Unclosed rings are closed, rings of fewer than 3 points dropped (a
        polygon without its exterior is skipped), invalid polygons made valid:
        all counted in ``report``.
        """
        import shapely

        lengths = self.ring_lengths
        n_rings = len(lengths)
        if not n_rings:
            return np.zeros(0, dtype=object), np.zeros(0, np.int64)
        starts = ring_starts(lengths)
        nonempty = lengths > 0
        last = starts + lengths - 1
        closed = np.zeros(n_rings, dtype=bool)
        closed[nonempty] = (self.xy[starts[nonempty]] == self.xy[last[nonempty]]).all(axis=1) & (lengths[nonempty] > 1)
        distinct = np.where(closed, lengths - 1, lengths)
        usable = distinct >= 3
        unclosed = usable & ~closed
        if unclosed.any():
            report.repaired["unclosed ring closed"] += int(unclosed.sum())

        # Rings without enough points: an exterior takes its polygon with it, a hole goes alone.
        polygon_first = ring_starts(self.polygon_rings)
        ring_polygon = np.repeat(np.arange(len(self.polygon_rings)), self.polygon_rings)
        is_exterior = np.zeros(n_rings, dtype=bool)
        is_exterior[polygon_first] = True
        polygon_ok = usable[polygon_first]
        if (~polygon_ok).any():
            report.skipped["polygon with fewer than 3 points"] += int((~polygon_ok).sum())
        bad_holes = ~usable & ~is_exterior & polygon_ok[ring_polygon]
        if bad_holes.any():
            report.repaired["hole with fewer than 3 points dropped"] += int(bad_holes.sum())
        keep_ring = usable & polygon_ok[ring_polygon]

        # Closed rings for GEOS: every distinct point, then the first again.
        kl = distinct[keep_ring]
        ks = starts[keep_ring]
        out_len = kl + 1
        pos = np.arange(int(out_len.sum())) - np.repeat(ring_starts(out_len), out_len)
        rows = np.repeat(ks, out_len) + np.where(pos == np.repeat(kl, out_len), 0, pos)
        coords = self.xy[rows]
        ring_offsets = np.concatenate([[0], np.cumsum(out_len)])
        rings_per_polygon = np.bincount(ring_polygon[keep_ring], minlength=len(self.polygon_rings))[polygon_ok]
        polygon_offsets = np.concatenate([[0], np.cumsum(rings_per_polygon)])
        polygons = shapely.from_ragged_array(shapely.GeometryType.POLYGON, coords, (ring_offsets, polygon_offsets))
        return valid_polygons(polygons, self.polygon_feature[polygon_ok], report)


def valid_polygons(polygons: np.ndarray, feature: np.ndarray, report: ImportReport) -> tuple[np.ndarray, np.ndarray]:
    """Polygons made valid, and the feature of each (non-decreasing, as given).

    Invalid polygons (self-intersections, bow ties...) go through shapely's
    ``make_valid`` and may split in several; what has no area left is
    skipped. Both are counted in ``report``.
    """
    import shapely

    invalid = ~shapely.is_valid(polygons)
    if invalid.any():
        fixed = shapely.make_valid(polygons[invalid])
        parts, owner = shapely.get_parts(fixed, return_index=True)
        # make_valid may also return lines and points (the collapsed bits): keep the areas.
        parts, owner, types = split_collections(parts, owner)
        keep = (types == 3) & (shapely.area(parts) > 0)
        parts, owner = parts[keep], owner[keep]
        gone = np.setdiff1d(np.arange(int(invalid.sum())), owner)
        report.repaired["invalid polygon made valid"] += int(invalid.sum()) - len(gone)
        if len(gone):
            report.skipped["invalid polygon with no area"] += len(gone)
        polygons = np.concatenate([polygons[~invalid], parts])
        feature = np.concatenate([feature[~invalid], feature[invalid][owner]])
        order = np.argsort(feature, kind="stable")
        polygons, feature = polygons[order], feature[order]
    empty = shapely.area(polygons) <= 0
    if empty.any():
        report.skipped["polygon with no area"] += int(empty.sum())
        polygons, feature = polygons[~empty], feature[~empty]
    return polygons, feature


# --------------------------------------------------------------------------- buildings


def _positive_number(value: Any) -> float | None:
    """A positive finite number from a number or a string like ``"12"``, ``"12.5 m"`` or ``"12,5"``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        match = _NUMBER.match(value)
        if match is None:
            return None
        number = float(match.group(1).replace(",", "."))
    else:
        return None
    return number if math.isfinite(number) and number > 0 else None


def _numbers(values: Sequence[Any] | np.ndarray | None, n: int, *, positive: bool) -> np.ndarray:
    """One property's values as float64: NaN where absent, not a number, or (``positive``) not > 0."""
    out = np.full(n, np.nan)
    if values is None:
        return out
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        # Typed columns (GeoPackage, Shapefile): no per-value work.
        numbers = values.astype(np.float64)
        good = np.isfinite(numbers) & (numbers > 0 if positive else True)
        out[good] = numbers[good]
        return out
    for i, value in enumerate(values):
        if value is None:
            continue
        if positive:
            number = _positive_number(value)
        elif isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            number = float(value)
        else:
            number = None
        if number is not None:
            out[i] = number
    return out


def footprint_heights(
    column: Callable[[str], Sequence[Any] | np.ndarray | None],
    n: int,
    report: ImportReport,
    default_height_m: float,
    storey_height_m: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(base altitude m, height m, rule) of ``n`` footprints, counting the rules used in ``report``.

    ``column(key)`` gives the ``n`` values of one property (None where a
    footprint lacks it), or None when no footprint has it. The rules are the
    module's: :data:`HEIGHT_KEYS`, then :data:`LEVEL_KEYS` x ``storey_height_m``,
    then ``default_height_m``; the base is the first of :data:`BASE_KEYS`,
    else the median of the known bases, else 0.
    """
    height = np.full(n, np.nan)
    rule = np.full(n, None, dtype=object)
    for key in HEIGHT_KEYS:
        values = _numbers(column(key), n, positive=True)
        take = np.isnan(height) & ~np.isnan(values)
        height[take] = values[take]
        rule[take] = f"{RULE_ATTRIBUTE} {key}"
    from_attribute = int((~np.isnan(height)).sum())
    for key in LEVEL_KEYS:
        values = _numbers(column(key), n, positive=True)
        take = np.isnan(height) & ~np.isnan(values)
        height[take] = values[take] * storey_height_m
        rule[take] = f"{key} x {storey_height_m:g} m"
    from_levels = int((~np.isnan(height)).sum()) - from_attribute
    unknown = np.isnan(height)
    height[unknown] = default_height_m
    rule[unknown] = f"{RULE_DEFAULT} {default_height_m:g} m"
    levels_rule = RULE_LEVELS if storey_height_m == STOREY_HEIGHT_M else f"levels x {storey_height_m:g} m"
    for name, count in (
        (RULE_ATTRIBUTE, from_attribute),
        (levels_rule, from_levels),
        (RULE_DEFAULT, int(unknown.sum())),
    ):
        if count:
            report.height_rules[name] += count

    base = np.full(n, np.nan)
    for key in BASE_KEYS:
        values = _numbers(column(key), n, positive=False)
        take = np.isnan(base) & ~np.isnan(values)
        base[take] = values[take]
    known = ~np.isnan(base)
    if known.any():
        report.base_rules["attribute"] += int(known.sum())
    if not known.all():
        if known.any():
            base[~known] = float(np.median(base[known]))
            report.base_rules["median of the file"] += int((~known).sum())
        else:
            base[:] = 0.0
            report.base_rules["none (0 m)"] += n
    return base, height, rule


def _block_meshes(
    polygons: np.ndarray,
    polygon_feature: np.ndarray,
    base: np.ndarray,
    height: np.ndarray,
    report: ImportReport,
    steps: Steps,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """LoD1 blocks: walls, roof and floor of every footprint.

    Returns (vertices (v, 3) local metres, triangles (t, 3), feature of each
    triangle (non-decreasing), SurfaceType of each triangle).
    """
    import shapely

    if not len(polygons):
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64), np.zeros(0, np.int64), np.zeros(0, np.uint8)
    _, coords, (ring_offsets, polygon_offsets) = shapely.to_ragged_array(polygons)
    coords = np.ascontiguousarray(coords[:, :2], dtype=np.float64)
    n = len(coords)
    ring_lengths = np.diff(ring_offsets)
    polygon_rings = np.diff(polygon_offsets)
    point_feature = np.repeat(np.repeat(polygon_feature, polygon_rings), ring_lengths)
    z0 = base[point_feature]
    # Bottom ring points 0..n-1, top ones n..2n-1.
    vertices = np.concatenate([np.column_stack([coords, z0]), np.column_stack([coords, z0 + height[point_feature]])])

    # Rings come closed: point p and p + 1 bound a wall unless p ends its ring.
    ring_end = np.zeros(n, dtype=bool)
    ring_end[ring_offsets[1:] - 1] = True
    a = np.flatnonzero(~ring_end)
    point_ring = np.repeat(np.arange(len(ring_lengths)), ring_lengths)
    # Walls face out of the solid when exterior rings turn counter-clockwise and
    # holes clockwise; rings the other way round get their walls flipped.
    x, y = coords[:, 0], coords[:, 1]
    twice_area = np.bincount(point_ring[a], weights=x[a] * y[a + 1] - x[a + 1] * y[a], minlength=len(ring_lengths))
    is_exterior = np.zeros(len(ring_lengths), dtype=bool)
    is_exterior[polygon_offsets[:-1]] = True
    flip = np.where(is_exterior, twice_area < 0, twice_area > 0)[point_ring[a]]
    b = np.where(flip, a, a + 1)
    a = np.where(flip, a + 1, a)
    # A wall is a rectangle edge x height: degenerate only where the edge has no length.
    wall_area = np.hypot(x[b] - x[a], y[b] - y[a]) * height[point_feature[a]]
    good = 0.5 * wall_area >= DEGENERATE_TRIANGLE_M2
    report.degenerate_triangles += 2 * int((~good).sum())
    a, b = a[good], b[good]
    # Two triangles per wall, side by side, so walls stay in feature order.
    walls = np.stack([np.column_stack([a, b, b + n]), np.column_stack([a, b + n, a + n])], axis=1).reshape(-1, 3)
    walls_feature = np.repeat(point_feature[a], 2)
    del a, b, flip, wall_area, good

    steps(0.7, "triangulating roofs")
    # Ring ends relative to their polygon's first point, so each polygon's slice is a view.
    ring_polygon_start = np.repeat(ring_offsets[polygon_offsets[:-1]], polygon_rings)
    local_ends = (ring_offsets[1:] - ring_polygon_start).astype(np.uint32)
    ro, po = ring_offsets.tolist(), polygon_offsets.tolist()
    cut: list[np.ndarray] = []
    cut_start: list[int] = []
    for k in range(len(polygons)):
        r0, r1 = po[k], po[k + 1]
        s, e = ro[r0], ro[r1]
        cut.append(mapbox_earcut.triangulate_float64(coords[s:e], local_ends[r0:r1]))
        cut_start.append(s)
        if k % 4096 == 4095:
            steps.check()
    sizes = np.fromiter(map(len, cut), dtype=np.int64, count=len(cut))
    roof = np.concatenate(cut).astype(np.int64) + np.repeat(np.asarray(cut_start, dtype=np.int64), sizes)
    roof = roof.reshape(-1, 3)
    del cut, cut_start
    p, q, r = coords[roof[:, 0]], coords[roof[:, 1]], coords[roof[:, 2]]
    cross = (q[:, 0] - p[:, 0]) * (r[:, 1] - p[:, 1]) - (q[:, 1] - p[:, 1]) * (r[:, 0] - p[:, 0])
    del p, q, r
    good = 0.5 * np.abs(cross) >= DEGENERATE_TRIANGLE_M2
    report.degenerate_triangles += 2 * int((~good).sum())
    roof, cross = roof[good], cross[good]
    roof[cross < 0] = roof[cross < 0][:, ::-1]  # roofs face up, floors down
    roof_feature = point_feature[roof[:, 0]]

    # Walls, roofs and floors of one building together, buildings in order.
    triangles = np.concatenate([walls, roof + n, roof[:, ::-1]])
    tri_feature = np.concatenate([walls_feature, roof_feature, roof_feature])
    surface = np.repeat(
        np.array([SurfaceType.WALL, SurfaceType.ROOF, SurfaceType.GROUND], dtype=np.uint8),
        [len(walls), len(roof), len(roof)],
    )
    del walls, roof, walls_feature, roof_feature
    order = np.argsort(tri_feature, kind="stable")
    return vertices, triangles[order], tri_feature[order], surface[order]


# --------------------------------------------------------------------------- zones


def polygon_zones(
    ids: Sequence[str], properties: Sequence[Mapping[str, Any]], polygons: np.ndarray, polygon_feature: np.ndarray
) -> list[Zone]:
    """One zone per polygon (a MultiPolygon feature gives ``id#1``, ``id#2``...), named from its properties."""
    import shapely

    counts = np.bincount(polygon_feature, minlength=len(ids))
    seen = np.zeros(len(ids), dtype=np.int64)
    zone_ids: list[str] = []
    for k in polygon_feature.tolist():
        seen[k] += 1
        zone_ids.append(ids[k] if counts[k] == 1 else f"{ids[k]}#{seen[k]}")
    zone_ids, _ = unique_ids(zone_ids)
    zones: list[Zone] = []
    for polygon, k, zid in zip(polygons, polygon_feature.tolist(), zone_ids, strict=True):
        props = properties[k]
        name = next((str(props[key]) for key in ZONE_NAME_KEYS if props.get(key) not in (None, "")), ids[k])
        exterior = shapely.get_coordinates(polygon.exterior)
        holes = [shapely.get_coordinates(h) for h in polygon.interiors]
        zones.append(Zone(zid, name, Polygon2D(exterior, holes), kind="zone", attributes=dict(props)))
    return zones


__all__ = [
    "BASE_KEYS",
    "BUILDING_KEYS",
    "DEFAULT_HEIGHT_M",
    "HEIGHT_KEYS",
    "ID_KEYS",
    "LEVEL_KEYS",
    "STOREY_HEIGHT_M",
    "ZONE_NAME_KEYS",
    "footprint_heights",
    "lod1_buildings",
    "polygon_zones",
    "read_geojson",
    "to_lambert93",
    "valid_polygons",
]
