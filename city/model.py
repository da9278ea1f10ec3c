"""The city model: buildings, terrain, ground cover, trees and zones.

This is what importers produce and what the viewer and the analyses consume.

Buildings are stored *column-wise* in a :class:`BuildingSet`: one float64
vertex array, one triangle array and one per-triangle building index and
semantic surface type for the whole city, the triangles of each building
contiguous. 100 000 buildings are then a handful of numpy arrays (and one VTK
actor), per-face analysis results are plain arrays aligned with
``BuildingSet.triangles``, and :class:`Building` is only a light view for the
code (and the user) that looks at one building at a time.

All coordinates are metres relative to ``City.frame.origin`` (see
:mod:`city.crs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

import numpy as np

from city.crs import LocalFrame


class SurfaceType(IntEnum):
    """Semantic type of a building surface (CityGML/CityJSON boundary surfaces).

    CityGML's other boundary surfaces (closure, outer ceiling, outer floor...)
    map to OTHER; the original name can be kept in a face array by importers.
    """

    OTHER = 0
    ROOF = 1
    WALL = 2
    GROUND = 3

    @classmethod
    def from_name(cls, name: str) -> SurfaceType:
        """Map a CityGML / CityJSON semantic surface name to a SurfaceType."""
        return _SEMANTIC_NAMES.get(name, cls.OTHER)


_SEMANTIC_NAMES = {
    "RoofSurface": SurfaceType.ROOF,
    "WallSurface": SurfaceType.WALL,
    "GroundSurface": SurfaceType.GROUND,
}


class CityModelError(ValueError):
    """A city model was given inconsistent data (message says what and where)."""


# --------------------------------------------------------------------------- buildings


@dataclass(frozen=True)
class Building:
    """A view on one building of a :class:`BuildingSet` (no copy of its geometry)."""

    _set: BuildingSet = field(repr=False)
    index: int

    @property
    def id(self) -> str:
        return self._set.ids[self.index]

    @property
    def attributes(self) -> dict[str, Any]:
        return self._set.attributes_of(self.index)

    @property
    def triangle_slice(self) -> slice:
        off = self._set.triangle_offsets
        return slice(int(off[self.index]), int(off[self.index + 1]))

    @property
    def triangles(self) -> np.ndarray:
        """(t, 3) indices into ``BuildingSet.vertices``."""
        return self._set.triangles[self.triangle_slice]

    @property
    def surface_types(self) -> np.ndarray:
        return self._set.triangle_surface[self.triangle_slice]

    def surface_area_m2(self, surface: SurfaceType | None = None) -> float:
        areas = self._set.triangle_areas_m2()[self.triangle_slice]
        if surface is not None:
            areas = areas[self.surface_types == surface]
        return float(areas.sum())

    @property
    def bounds(self) -> tuple[float, float, float, float, float, float]:
        """(xmin, xmax, ymin, ymax, zmin, zmax), local metres."""
        pts = self._set.vertices[self.triangles.ravel()]
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        return (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])

    @property
    def height_m(self) -> float:
        b = self.bounds
        return float(b[5] - b[4])


class BuildingSet:
    """All buildings of a city, stored column-wise.

    Parameters
    ----------
    ids : sequence of str, (b,)
        Stable building identifiers (from the source file, or generated).
        Unique; the logbook and the project file refer to buildings by them.
    vertices : (v, 3) float64
        Local coordinates in metres.
    triangles : (t, 3) int
        Vertex indices. The triangles of building ``i`` are contiguous and
        come after those of building ``i - 1``.
    triangle_building : (t,) int
        Index of the building owning each triangle (non-decreasing).
    triangle_surface : (t,) uint8
        :class:`SurfaceType` of each triangle.
    attributes : mapping str -> sequence of length b
        Attribute columns. ``None`` (or NaN in float columns) means unknown.
    """

    def __init__(
        self,
        ids: Sequence[str],
        vertices: np.ndarray,
        triangles: np.ndarray,
        triangle_building: np.ndarray,
        triangle_surface: np.ndarray,
        attributes: Mapping[str, Sequence[Any]] | None = None,
    ) -> None:
        self.ids: list[str] = [str(i) for i in ids]
        self.vertices = np.ascontiguousarray(vertices, dtype=np.float64).reshape(-1, 3)
        self.triangles = np.ascontiguousarray(triangles, dtype=np.int64).reshape(-1, 3)
        self.triangle_building = np.ascontiguousarray(triangle_building, dtype=np.int32).ravel()
        self.triangle_surface = np.ascontiguousarray(triangle_surface, dtype=np.uint8).ravel()
        self.attributes: dict[str, np.ndarray] = {}
        self.face_data: dict[str, np.ndarray] = {}
        """Per-triangle results (e.g. ``solar_irradiation_kwh_m2``), aligned with ``triangles``."""
        self._validate()
        self._index = {bid: i for i, bid in enumerate(self.ids)}
        if len(self._index) != len(self.ids):
            seen: set[str] = set()
            dup = next(b for b in self.ids if b in seen or seen.add(b))  # type: ignore[func-returns-value]
            raise CityModelError(f"building id {dup!r} is used by more than one building")
        counts = np.bincount(self.triangle_building, minlength=len(self.ids))
        self.triangle_offsets = np.zeros(len(self.ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=self.triangle_offsets[1:])
        for name, column in (attributes or {}).items():
            self.set_attribute(name, column)
        self._areas: np.ndarray | None = None
        self._normals: np.ndarray | None = None

    # -- construction ------------------------------------------------------------------

    @classmethod
    def empty(cls) -> BuildingSet:
        return cls([], np.zeros((0, 3)), np.zeros((0, 3), np.int64), np.zeros(0, np.int32), np.zeros(0, np.uint8))

    def _validate(self) -> None:
        t = len(self.triangles)
        if len(self.triangle_building) != t or len(self.triangle_surface) != t:
            raise CityModelError(
                f"{t} triangles but {len(self.triangle_building)} building indices "
                f"and {len(self.triangle_surface)} surface types"
            )
        if not np.isfinite(self.vertices).all():
            bad = int(np.flatnonzero(~np.isfinite(self.vertices).all(axis=1))[0])
            raise CityModelError(f"vertex {bad} is not finite: {self.vertices[bad].tolist()}")
        if t:
            lo, hi = int(self.triangles.min()), int(self.triangles.max())
            if lo < 0 or hi >= len(self.vertices):
                raise CityModelError(
                    f"triangles refer to vertex {lo if lo < 0 else hi}, there are {len(self.vertices)} vertices"
                )
            tb = self.triangle_building
            if tb.min() < 0 or tb.max() >= len(self.ids):
                raise CityModelError(f"triangle owned by building {int(tb.max())}, there are {len(self.ids)} buildings")
            if (np.diff(tb) < 0).any():
                raise CityModelError("triangles must be grouped by building, in building order")
            if self.triangle_surface.max() > max(SurfaceType):
                raise CityModelError(f"unknown surface type {int(self.triangle_surface.max())}")

    def set_attribute(self, name: str, column: Sequence[Any] | np.ndarray) -> None:
        """Set (or replace) an attribute column of length ``len(self)``."""
        arr = np.asarray(column)
        if arr.dtype.kind in "US":  # keep strings as Python objects: None stays None
            arr = arr.astype(object)
        if arr.ndim != 1 or len(arr) != len(self.ids):
            raise CityModelError(f"attribute {name!r} has {len(arr)} values for {len(self.ids)} buildings")
        self.attributes[name] = arr

    # -- access ------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[Building]:
        return (Building(self, i) for i in range(len(self.ids)))

    def __getitem__(self, key: int | str) -> Building:
        if isinstance(key, str):
            return Building(self, self._index[key])
        if not -len(self.ids) <= key < len(self.ids):
            raise IndexError(f"building index {key} out of range ({len(self.ids)} buildings)")
        return Building(self, key % len(self.ids))

    def index_of(self, building_id: str) -> int:
        """Index of the building with this id (KeyError if none)."""
        return self._index[building_id]

    def __contains__(self, building_id: object) -> bool:
        return building_id in self._index

    def attributes_of(self, index: int) -> dict[str, Any]:
        """The known attributes of one building, as Python values."""
        out: dict[str, Any] = {}
        for name, column in self.attributes.items():
            value = column[index]
            if value is None or (isinstance(value, float | np.floating) and np.isnan(value)):
                continue
            out[name] = value.item() if isinstance(value, np.generic) else value
        return out

    # -- derived geometry (cached) -----------------------------------------------------

    def triangle_normals(self) -> np.ndarray:
        """(t, 3) unit normals (right-hand rule on the vertex order); zero for degenerate triangles."""
        if self._normals is None:
            self._compute_normals()
        assert self._normals is not None
        return self._normals

    def triangle_areas_m2(self) -> np.ndarray:
        """(t,) triangle areas in m²."""
        if self._areas is None:
            self._compute_normals()
        assert self._areas is not None
        return self._areas

    def _compute_normals(self) -> None:
        v = self.vertices
        t = self.triangles
        cross = np.cross(v[t[:, 1]] - v[t[:, 0]], v[t[:, 2]] - v[t[:, 0]])
        norm = np.linalg.norm(cross, axis=1)
        self._areas = 0.5 * norm
        with np.errstate(invalid="ignore", divide="ignore"):
            self._normals = np.where(norm[:, None] > 0, cross / norm[:, None], 0.0)

    def surface_area_by_building_m2(self, surface: SurfaceType) -> np.ndarray:
        """(b,) summed area of one surface type per building, m²."""
        weights = self.triangle_areas_m2() * (self.triangle_surface == surface)
        return np.bincount(self.triangle_building, weights=weights, minlength=len(self))

    def bounds(self) -> tuple[float, float, float, float, float, float]:
        """(xmin, xmax, ymin, ymax, zmin, zmax) of all buildings, local metres."""
        if not len(self.triangles):
            return (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        used = self.vertices[np.unique(self.triangles)]
        lo, hi = used.min(axis=0), used.max(axis=0)
        return (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])


class BuildingSetBuilder:
    """Collects buildings one at a time or in vectorised batches, then builds a BuildingSet."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._vertices: list[np.ndarray] = []
        self._triangles: list[np.ndarray] = []
        self._tri_building: list[np.ndarray] = []
        self._tri_surface: list[np.ndarray] = []
        self._attributes: list[tuple[int, int, dict[str, Sequence[Any]]]] = []
        self._n_vertices = 0

    def __len__(self) -> int:
        return len(self._ids)

    def add(
        self,
        building_id: str,
        vertices: np.ndarray,
        triangles: np.ndarray,
        surface_types: np.ndarray | int,
        attributes: Mapping[str, Any] | None = None,
    ) -> int:
        """Add one building; returns its index. ``triangles`` index ``vertices``."""
        triangles = np.asarray(triangles, dtype=np.int64).reshape(-1, 3)
        surface = np.broadcast_to(np.asarray(surface_types, dtype=np.uint8), (len(triangles),))
        return self.add_many(
            [building_id],
            vertices,
            triangles,
            np.zeros(len(triangles), dtype=np.int32),
            surface,
            {k: [v] for k, v in (attributes or {}).items()},
        )

    def add_many(
        self,
        ids: Sequence[str],
        vertices: np.ndarray,
        triangles: np.ndarray,
        triangle_building: np.ndarray,
        triangle_surface: np.ndarray,
        attributes: Mapping[str, Sequence[Any]] | None = None,
    ) -> int:
        """Add a batch of buildings sharing one vertex array.

        ``triangle_building`` indexes ``ids`` (0..len(ids)-1), grouped in order.
        Returns the index of the first building of the batch.
        """
        first = len(self._ids)
        vertices = np.asarray(vertices, dtype=np.float64).reshape(-1, 3)
        self._ids.extend(ids)
        self._vertices.append(vertices)
        self._triangles.append(np.asarray(triangles, dtype=np.int64).reshape(-1, 3) + self._n_vertices)
        self._tri_building.append(np.asarray(triangle_building, dtype=np.int32) + first)
        self._tri_surface.append(np.asarray(triangle_surface, dtype=np.uint8))
        self._n_vertices += len(vertices)
        if attributes:
            self._attributes.append((first, len(ids), dict(attributes)))
        return first

    def build(self) -> BuildingSet:
        n = len(self._ids)
        columns: dict[str, np.ndarray] = {}
        for first, count, attrs in self._attributes:
            for name, values in attrs.items():
                if name not in columns:
                    columns[name] = np.full(n, None, dtype=object)
                columns[name][first : first + count] = np.asarray(values, dtype=object)
        for name, col in columns.items():  # numeric columns back to numeric dtypes
            columns[name] = _narrow_column(col)
        if not n:
            return BuildingSet.empty()
        return BuildingSet(
            self._ids,
            np.concatenate(self._vertices),
            np.concatenate(self._triangles),
            np.concatenate(self._tri_building),
            np.concatenate(self._tri_surface),
            columns,
        )


def _narrow_column(col: np.ndarray) -> np.ndarray:
    """Object column -> int64 when all are integers, float64 (NaN for None) when all known are numbers."""
    known = [v for v in col if v is not None]
    if not known or any(isinstance(v, bool | np.bool_) for v in known):
        return col
    if len(known) == len(col) and all(isinstance(v, int | np.integer) for v in known):
        return np.array(known, dtype=np.int64)
    if all(isinstance(v, int | float | np.integer | np.floating) for v in known):
        return np.array([np.nan if v is None else float(v) for v in col], dtype=np.float64)
    return col


# --------------------------------------------------------------------------- terrain


@dataclass
class Terrain:
    """A height field on a regular grid, in local metres.

    ``heights[j, i]`` is the ground altitude at ``(x0 + i * dx, y0 + j * dy)``.
    Altitudes are in the vertical datum named by ``vertical_datum``
    (NGF-IGN69 for French data).
    """

    x0: float
    y0: float
    dx: float
    dy: float
    heights: np.ndarray
    vertical_datum: str = "NGF-IGN69"

    def __post_init__(self) -> None:
        self.heights = np.asarray(self.heights, dtype=np.float64)
        if self.heights.ndim != 2 or min(self.heights.shape) < 2:
            raise CityModelError(f"terrain needs a 2-D grid of at least 2 x 2 heights, got {self.heights.shape}")
        if not (self.dx > 0 and self.dy > 0):
            raise CityModelError(f"terrain cell size must be positive, got {self.dx} x {self.dy}")

    @property
    def shape(self) -> tuple[int, int]:
        return self.heights.shape  # type: ignore[return-value]

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """(xmin, xmax, ymin, ymax), local metres."""
        ny, nx = self.heights.shape
        return (self.x0, self.x0 + (nx - 1) * self.dx, self.y0, self.y0 + (ny - 1) * self.dy)

    def height_at(self, x: np.ndarray | float, y: np.ndarray | float) -> np.ndarray:
        """Bilinear ground altitude at local (x, y); NaN outside the grid."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        ny, nx = self.heights.shape
        fx = (x - self.x0) / self.dx
        fy = (y - self.y0) / self.dy
        inside = (fx >= 0) & (fx <= nx - 1) & (fy >= 0) & (fy <= ny - 1)
        i = np.clip(np.floor(fx).astype(np.int64), 0, nx - 2)
        j = np.clip(np.floor(fy).astype(np.int64), 0, ny - 2)
        tx = np.clip(fx - i, 0.0, 1.0)
        ty = np.clip(fy - j, 0.0, 1.0)
        h = self.heights
        z = (h[j, i] * (1 - tx) + h[j, i + 1] * tx) * (1 - ty) + (h[j + 1, i] * (1 - tx) + h[j + 1, i + 1] * tx) * ty
        return np.where(inside, z, np.nan)

    def mesh(self) -> tuple[np.ndarray, np.ndarray]:
        """(vertices (n, 3) float64, triangles (m, 3) int64) of the grid."""
        ny, nx = self.heights.shape
        xs = self.x0 + np.arange(nx) * self.dx
        ys = self.y0 + np.arange(ny) * self.dy
        gx, gy = np.meshgrid(xs, ys)
        vertices = np.column_stack([gx.ravel(), gy.ravel(), self.heights.ravel()])
        idx = np.arange(nx * ny).reshape(ny, nx)
        a, b = idx[:-1, :-1].ravel(), idx[:-1, 1:].ravel()
        c, d = idx[1:, 1:].ravel(), idx[1:, :-1].ravel()
        triangles = np.concatenate([np.column_stack([a, b, c]), np.column_stack([a, c, d])])
        return vertices, triangles


# --------------------------------------------------------------------------- 2-D features


@dataclass
class Polygon2D:
    """A polygon in local metres: an exterior ring and optional holes (rings not closed)."""

    exterior: np.ndarray
    holes: list[np.ndarray] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.exterior = _ring(self.exterior)
        self.holes = [_ring(h) for h in self.holes]

    @classmethod
    def from_rings(
        cls,
        coords: np.ndarray,
        ring_start: np.ndarray,
        ring_length: np.ndarray,
        polygon_rings: np.ndarray,
    ) -> list[Polygon2D]:
        """Many polygons whose rings lie in one array, checked once for all.

        An importer outlining thousands of ground patches pays more for the
        per-ring checks of the constructor than for the outlines; here the same
        checks run as a few array passes, and the polygons are then assembled
        without them. The result equals ``Polygon2D(exterior, holes)`` polygon
        by polygon, and a bad ring raises the error the constructor would give
        for the first bad one.

        Parameters
        ----------
        coords : (n, >= 2) float
            Points, local metres; only x, y are used.
        ring_start, ring_length : (r,) int
            Ring ``j`` is ``coords[ring_start[j] : ring_start[j] + ring_length[j]]``,
            closed (first point repeated last) or not.
        polygon_rings : (p,) int
            Rings of each polygon (exterior first), taking the rings in order.

        Returns
        -------
        list of Polygon2D, whose rings are views of ``coords``.
        """
        xy = np.asarray(coords, dtype=np.float64)[:, :2]
        start = np.asarray(ring_start, dtype=np.int64).ravel()
        length = np.asarray(ring_length, dtype=np.int64).ravel()
        rings_of = np.asarray(polygon_rings, dtype=np.int64).ravel()
        if len(start) != len(length):
            raise ValueError(f"{len(start)} ring starts for {len(length)} ring lengths")
        if (rings_of < 1).any() or int(rings_of.sum()) != len(start):
            raise ValueError(f"polygons of {int(rings_of.sum())} rings (each at least 1) for {len(start)} rings")
        if len(start) and ((start < 0).any() or (length < 0).any() or (start + length > len(xy)).any()):
            raise ValueError(f"rings reach outside the {len(xy)} points")
        end = start + length
        # As in _ring: a ring closed by repeating its first point loses the repeat.
        can_close = np.flatnonzero(length > 1)
        first, last = xy[start[can_close]], xy[end[can_close] - 1]
        end[can_close[(first[:, 0] == last[:, 0]) & (first[:, 1] == last[:, 1])]] -= 1
        not_finite = np.zeros(len(xy) + 1, dtype=np.int64)
        np.cumsum(~np.isfinite(xy).all(axis=1), out=not_finite[1:])
        short = end - start < 3
        bad = np.flatnonzero(short | (not_finite[end] > not_finite[start]))
        if len(bad):
            j = int(bad[0])
            _ring(xy[start[j] : start[j] + length[j]])  # raises the constructor's error for that ring
        rings = [xy[s:e] for s, e in zip(start.tolist(), end.tolist(), strict=True)]
        polygons: list[Polygon2D] = []
        new = object.__new__
        r = 0
        for n in rings_of.tolist():
            polygon = new(cls)
            polygon.exterior = rings[r]
            polygon.holes = rings[r + 1 : r + n]
            polygons.append(polygon)
            r += n
        return polygons

    @property
    def area_m2(self) -> float:
        return abs(_signed_area(self.exterior)) - sum(abs(_signed_area(h)) for h in self.holes)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return (
            float(self.exterior[:, 0].min()),
            float(self.exterior[:, 0].max()),
            float(self.exterior[:, 1].min()),
            float(self.exterior[:, 1].max()),
        )


def _ring(points: np.ndarray) -> np.ndarray:
    ring = np.asarray(points, dtype=np.float64)[:, :2]
    if len(ring) > 1 and np.array_equal(ring[0], ring[-1]):
        ring = ring[:-1]
    if len(ring) < 3:
        raise CityModelError(f"a polygon ring needs at least 3 distinct points, got {len(ring)}")
    if not np.isfinite(ring).all():
        raise CityModelError("a polygon ring has non-finite coordinates")
    return ring


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


class GroundCover(IntEnum):
    """What covers the ground: drawn draped on the terrain."""

    ROAD = 0
    SIDEWALK = 1
    COURTYARD = 2
    PARK = 3
    RAIL = 4
    WATER = 5
    PLAZA = 6


@dataclass
class GroundPatch:
    """A polygon of ground cover (a street, a park, a courtyard...)."""

    cover: GroundCover
    polygon: Polygon2D
    name: str = ""


@dataclass
class Zone:
    """A named polygon: a redevelopment zone, an EcoQuartier, an arrondissement..."""

    id: str
    name: str
    polygon: Polygon2D
    kind: str = "zone"
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Parcel:
    """A cadastral parcel (land plot): where a building's own ground is, e.g. for geothermal boreholes."""

    id: str
    polygon: Polygon2D
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Site:
    """A located facility drawn as its outline and a marker: a heating plant, a substation...

    ``kind`` says what it is (``"heating_plant"``); ``position`` is (x, y) in
    local metres (the outline's centroid when there is an outline).
    """

    id: str
    kind: str
    position: np.ndarray
    polygon: Polygon2D | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.position = np.asarray(self.position, dtype=np.float64).reshape(-1)[:2]
        if len(self.position) != 2 or not np.isfinite(self.position).all():
            raise CityModelError(f"site {self.id!r}: position must be two finite numbers")


# --------------------------------------------------------------------------- trees


@dataclass
class Trees:
    """Trees as columns: trunk base position, height, crown and trunk sizes.

    positions : (n, 3) float64 local metres (trunk base on the ground)
    height_m, crown_diameter_m, trunk_diameter_m : (n,) float64
    """

    ids: list[str]
    positions: np.ndarray
    height_m: np.ndarray
    crown_diameter_m: np.ndarray
    trunk_diameter_m: np.ndarray
    attributes: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ids = [str(i) for i in self.ids]
        n = len(self.ids)
        self.positions = np.asarray(self.positions, dtype=np.float64).reshape(-1, 3)
        for name in ("height_m", "crown_diameter_m", "trunk_diameter_m"):
            arr = np.asarray(getattr(self, name), dtype=np.float64).ravel()
            if len(arr) != n:
                raise CityModelError(f"trees: {name} has {len(arr)} values for {n} trees")
            setattr(self, name, arr)
        if len(self.positions) != n:
            raise CityModelError(f"trees: {len(self.positions)} positions for {n} trees")

    @classmethod
    def empty(cls) -> Trees:
        return cls([], np.zeros((0, 3)), np.zeros(0), np.zeros(0), np.zeros(0))

    def __len__(self) -> int:
        return len(self.ids)


# --------------------------------------------------------------------------- city


@dataclass
class City:
    """A city (or district): what is loaded in the application.

    ``provenance`` is shown to the user wherever the city is: survey data and
    generated data must never be confused.
    """

    name: str
    frame: LocalFrame = field(default_factory=LocalFrame)
    buildings: BuildingSet = field(default_factory=BuildingSet.empty)
    terrain: Terrain | None = None
    ground: list[GroundPatch] = field(default_factory=list)
    trees: Trees = field(default_factory=Trees.empty)
    zones: list[Zone] = field(default_factory=list)
    parcels: list[Parcel] = field(default_factory=list)
    """Cadastral parcels (when loaded): each building's own ground."""
    sites: list[Site] = field(default_factory=list)
    """Located facilities (heating plants of district heating networks...)."""
    provenance: str = ""
    is_generated: bool = False
    point_clouds: list[Any] = field(default_factory=list)
    """:class:`city.pointcloud.PointCloud` layers (LiDAR), in the same local frame."""
    imagery: list[Any] = field(default_factory=list)
    """:class:`city.raster.GeoImage` layers (orthophotos) draped on the ground."""
    grids: list[Any] = field(default_factory=list)
    """:class:`city.raster.ScalarGrid` layers (NDVI, DSM, height above ground...)."""
    import_report: Any = None
    """What the importer did (an ``importers.ImportReport``: counts, rules used, repairs); None if not imported."""

    @property
    def crs(self) -> str:
        return self.frame.crs

    def ground_height_at(self, x: np.ndarray | float, y: np.ndarray | float) -> np.ndarray:
        """Ground altitude at local (x, y): the terrain's, NaN where there is none."""
        if self.terrain is None:
            return np.full(np.broadcast(np.asarray(x), np.asarray(y)).shape, np.nan)
        return self.terrain.height_at(x, y)

    def zone(self, name_or_id: str) -> Zone:
        for z in self.zones:
            if name_or_id in (z.id, z.name):
                return z
        raise KeyError(name_or_id)

    def summary(self) -> dict[str, Any]:
        """Counts a user checks after loading."""
        return {
            "buildings": len(self.buildings),
            "triangles": len(self.buildings.triangles),
            "trees": len(self.trees),
            "zones": len(self.zones),
            "ground_patches": len(self.ground),
            "parcels": len(self.parcels),
            "sites": len(self.sites),
            "points": sum(len(c) for c in self.point_clouds),
            "crs": self.crs,
        }


def iter_rings(polygons: Iterable[Polygon2D]) -> Iterator[np.ndarray]:
    """Every ring (exterior then holes) of the polygons."""
    for p in polygons:
        yield p.exterior
        yield from p.holes
