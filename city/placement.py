"""Where a project model (an architect's building design) stands in the city.

A model file (IFC, glTF, OBJ...) has coordinates of its own: an origin
somewhere on the site, a unit, an up axis, and an orientation that is rarely
north. :class:`ModelPlacement` says how they map to Lambert-93 and
:func:`apply_placement` does the arithmetic, in float64 throughout.

For the before/after view, :func:`model_footprint` outlines a model seen from
above and :func:`buildings_under` tells which existing buildings stand inside
that outline (the ones the project replaces, hidden in the "after" state).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import numpy as np
import shapely

from city.crs import WORKING_CRS, reproject_xy
from city.model import BuildingSet, City, CityModelError, Polygon2D

UP_AXES = ("y", "z")
"""The model axes that may point up. ``"y"``: glTF by specification, most OBJ exporters by habit."""

FOOTPRINT_MIN_AREA_M2 = 1e-6
"""Triangles whose shadow on the ground is smaller than this (walls) add nothing to a footprint."""


@dataclass(frozen=True)
class ModelPlacement:
    """How a model's own coordinates map to Lambert-93 (EPSG:2154).

    Applied in this order (:func:`apply_placement`): multiply by ``scale``,
    turn ``up_axis`` into z, rotate about the vertical, translate.

    Attributes
    ----------
    x, y : float
        Lambert-93 metres where the model's origin goes.
    elevation_m : float or None
        Altitude of the model's origin. None: not known yet; the model's lowest
        point is put at z = 0, so that :func:`city.merge.add_layers` sets it on
        the terrain (as it does for footprints without altitude).
    rotation_deg : float
        Clockwise seen from above, about the vertical: 90 turns the model's +x
        (east when unrotated) to -y (south) and its +y (north) to +x (east).
    scale : float
        Metres per model unit: 1 for metres, 0.001 for millimetres.
    up_axis : str
        ``"z"`` or ``"y"``. A y-up model's (x, y, z) becomes (x, -z, y): its
        +y goes up and its +z (glTF's "front") faces south.

    The values are plain numbers and a string: :meth:`to_dict` and
    :meth:`from_dict` store it in a project file as JSON.
    """

    x: float = 0.0
    y: float = 0.0
    elevation_m: float | None = None
    rotation_deg: float = 0.0
    scale: float = 1.0
    up_axis: str = "z"

    def __post_init__(self) -> None:
        for name in ("x", "y", "rotation_deg", "scale"):
            value = float(getattr(self, name))
            if not math.isfinite(value):
                raise ValueError(f"placement {name} must be a finite number, got {getattr(self, name)!r}")
            object.__setattr__(self, name, value)
        if self.elevation_m is not None:
            elevation = float(self.elevation_m)
            if not math.isfinite(elevation):
                raise ValueError(f"placement elevation_m must be a finite number or None, got {self.elevation_m!r}")
            object.__setattr__(self, "elevation_m", elevation)
        if self.scale <= 0:
            raise ValueError(f"placement scale must be positive, got {self.scale}")
        if self.up_axis not in UP_AXES:
            raise ValueError(f"placement up_axis must be one of {', '.join(UP_AXES)}, got {self.up_axis!r}")

    def to_dict(self) -> dict[str, Any]:
        """Plain values, for JSON."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelPlacement:
        """The inverse of :meth:`to_dict`; missing keys take their defaults, unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown placement keys: {', '.join(unknown)}")
        return cls(**dict(data))


def _cos_sin(degrees: float) -> tuple[float, float]:
    """cos and sin, exact for multiples of 90 degrees (cos(pi / 2) is 6e-17 in floating point)."""
    quarter = degrees / 90.0
    if quarter == round(quarter):
        return ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0))[int(round(quarter)) % 4]
    radians = math.radians(degrees)
    return math.cos(radians), math.sin(radians)


def z_up(vertices: np.ndarray, up_axis: str) -> np.ndarray:
    """(n, 3) model coordinates with ``up_axis`` turned into z (right-handed: y-up (x, y, z) -> (x, -z, y))."""
    v = np.asarray(vertices, dtype=np.float64).reshape(-1, 3)
    if up_axis == "z":
        return v
    if up_axis == "y":
        return np.column_stack([v[:, 0], -v[:, 2], v[:, 1]])
    raise ValueError(f"up_axis must be one of {', '.join(UP_AXES)}, got {up_axis!r}")


def apply_placement(vertices: np.ndarray, placement: ModelPlacement) -> np.ndarray:
    """Model coordinates -> Lambert-93 coordinates.

    Parameters
    ----------
    vertices : (n, 3) float
        In model units, the model's own axes.
    placement : ModelPlacement

    Returns
    -------
    (n, 3) float64
        Lambert-93 x, y and altitude in metres (see :class:`ModelPlacement`
        for ``elevation_m=None``).
    """
    v = z_up(np.asarray(vertices, dtype=np.float64).reshape(-1, 3) * placement.scale, placement.up_axis)
    c, s = _cos_sin(placement.rotation_deg)
    out = np.empty_like(v)
    # Clockwise by theta: (x, y) -> (x cos + y sin, -x sin + y cos).
    out[:, 0] = c * v[:, 0] + s * v[:, 1] + placement.x
    out[:, 1] = -s * v[:, 0] + c * v[:, 1] + placement.y
    if placement.elevation_m is not None:
        out[:, 2] = v[:, 2] + placement.elevation_m
    else:
        out[:, 2] = v[:, 2] - (v[:, 2].min() if len(v) else 0.0)
    return out


def placement_in_lambert93(placement: ModelPlacement, crs: str) -> ModelPlacement:
    """A placement whose x, y are in ``crs`` (lon, lat for a geographic one), converted to Lambert-93.

    The origin is reprojected and the rotation corrected by the angle between
    the two CRSs' norths at that point: ``rotation_deg`` is measured from
    ``crs``'s north (true north for lon/lat, grid north for a projected CRS),
    Lambert-93's grid north differs from it by up to a few degrees (meridian
    convergence). The scale is kept: the difference in scale factor between
    two projections is under 0.1 % on French territory.
    """
    if crs == WORKING_CRS:
        return placement
    from pyproj import CRS

    step = 1e-5 if CRS.from_user_input(crs).is_geographic else 1.0  # about one metre north
    x, y = reproject_xy(np.array([placement.x, placement.x]), np.array([placement.y, placement.y + step]), crs)
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError(f"({placement.x}, {placement.y}) in {crs} cannot be projected to Lambert-93")
    # Clockwise angle, in Lambert-93, of the direction that is north in ``crs``.
    north_cw_deg = math.degrees(math.atan2(x[1] - x[0], y[1] - y[0]))
    return replace(placement, x=float(x[0]), y=float(y[0]), rotation_deg=placement.rotation_deg + north_cw_deg)


# --------------------------------------------------------------------------- before / after


FootprintLike = Polygon2D | np.ndarray | Sequence[Polygon2D]


def model_footprint(buildings: BuildingSet, building: int | str, *, convex_hull: bool = False) -> list[Polygon2D]:
    """The outline of one building seen from above, in the set's local metres.

    The union of its triangles projected on the ground (walls, seen edge-on,
    add nothing), one polygon per separate part; or, with ``convex_hull``, the
    convex hull of its vertices (one polygon, faster, but it covers the inner
    corner of an L-shaped model).
    """
    index = buildings.index_of(building) if isinstance(building, str) else int(building)
    tris = buildings[index].triangles
    if not len(tris):
        raise CityModelError(f"building {buildings.ids[index]!r} has no triangles")
    xy = buildings.vertices[:, :2]
    if convex_hull:
        hull = shapely.MultiPoint(xy[np.unique(tris)]).convex_hull
        if not isinstance(hull, shapely.Polygon):
            raise CityModelError(f"building {buildings.ids[index]!r} has no extent seen from above")
        return [Polygon2D(np.asarray(hull.exterior.coords))]
    a, b, c = xy[tris[:, 0]], xy[tris[:, 1]], xy[tris[:, 2]]
    shadow = 0.5 * np.abs((b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0]))
    keep = shadow >= FOOTPRINT_MIN_AREA_M2
    if not keep.any():
        raise CityModelError(f"building {buildings.ids[index]!r} has no extent seen from above")
    rings = np.stack([a[keep], b[keep], c[keep], a[keep]], axis=1)
    # A millimetre of grid snaps the shared edges of neighbouring triangles
    # together: without it, float noise leaves slivers and pinholes in the union.
    union = shapely.union_all(shapely.polygons(rings), grid_size=1e-3)
    parts = list(union.geoms) if hasattr(union, "geoms") else [union]
    return [
        Polygon2D(np.asarray(p.exterior.coords), [np.asarray(h.coords) for h in p.interiors])
        for p in parts
        if isinstance(p, shapely.Polygon) and not p.is_empty
    ]


def _as_shapely(footprint: FootprintLike) -> shapely.Geometry:
    if isinstance(footprint, Polygon2D):
        polygons = [footprint]
    elif isinstance(footprint, np.ndarray):
        polygons = [Polygon2D(footprint)]
    else:
        polygons = list(footprint)
        if not all(isinstance(p, Polygon2D) for p in polygons):
            raise TypeError("a footprint is a Polygon2D, an (n, 2) ring or a sequence of Polygon2D")
    return shapely.union_all([shapely.Polygon(p.exterior, p.holes) for p in polygons])


def footprint_centres(buildings: BuildingSet) -> np.ndarray:
    """(b, 2) centre of each building seen from above, local metres.

    The centroid of its triangles' shadows on the ground, weighted by their
    area: for a building standing straight, roof and floor cast the same
    shadow, so this is the centroid of its footprint. A building whose every
    triangle is vertical gets the mean of its triangle centres.
    """
    n = len(buildings)
    if not n:
        return np.zeros((0, 2))
    v = buildings.vertices[:, :2]
    t = buildings.triangles
    tb = buildings.triangle_building
    a, b, c = v[t[:, 0]], v[t[:, 1]], v[t[:, 2]]
    centre = (a + b + c) / 3.0
    shadow = 0.5 * np.abs((b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0]))
    weight = np.bincount(tb, weights=shadow, minlength=n)
    count = np.bincount(tb, minlength=n).astype(np.float64)
    out = np.full((n, 2), np.nan)
    for k in range(2):
        weighted = np.bincount(tb, weights=shadow * centre[:, k], minlength=n)
        plain = np.bincount(tb, weights=centre[:, k], minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, k] = np.where(weight > 0, weighted / np.where(weight > 0, weight, 1.0), plain / count)
    return out


def buildings_under(city: City, footprint_xy: FootprintLike) -> np.ndarray:
    """Which buildings of ``city`` stand where a project model would go.

    Parameters
    ----------
    city : City
    footprint_xy : Polygon2D, (n, 2) ring, or sequence of Polygon2D
        The model's outline seen from above (:func:`model_footprint`), in the
        city's local metres.

    Returns
    -------
    (b,) bool
        True for the buildings whose footprint centre (:func:`footprint_centres`)
        is inside the outline. Project models themselves (attribute
        ``project`` True) are never under one.
    """
    buildings = city.buildings
    if not len(buildings):
        return np.zeros(0, dtype=bool)
    centres = footprint_centres(buildings)
    inside = np.asarray(shapely.contains_xy(_as_shapely(footprint_xy), centres[:, 0], centres[:, 1]), dtype=bool)
    project = buildings.attributes.get("project")
    if project is not None:
        inside &= ~np.array([v is True or v == 1 for v in project], dtype=bool)
    return inside


def project_models(buildings: BuildingSet) -> np.ndarray:
    """(b,) bool: the buildings that are project models (attribute ``project`` true)."""
    project = buildings.attributes.get("project")
    if project is None:
        return np.zeros(len(buildings), dtype=bool)
    return np.array([bool(v) if v is not None and v == v else False for v in project], dtype=bool)


def project_masks(city: City) -> tuple[np.ndarray, np.ndarray]:
    """(project models, existing buildings they replace): two (b,) bool masks.

    "Before" is the city without the models; "after" is the city without the
    buildings standing inside a model's footprint (:func:`buildings_under`).
    """
    b = city.buildings
    models = project_models(b)
    under = np.zeros(len(b), dtype=bool)
    if models.any():
        footprints = [p for i in np.flatnonzero(models) for p in model_footprint(b, int(i))]
        if footprints:
            under = buildings_under(city, footprints) & ~models
    return models, under


__all__ = [
    "ModelPlacement",
    "UP_AXES",
    "apply_placement",
    "buildings_under",
    "footprint_centres",
    "model_footprint",
    "placement_in_lambert93",
    "project_masks",
    "project_models",
    "z_up",
]
