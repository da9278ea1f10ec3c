"""Coordinate reference systems and the local origin.

Every coordinate in a :class:`city.model.City` is stored in float64 metres
*relative to* ``City.frame.origin``; world coordinates are ``local + origin``
in ``City.frame.crs`` (Lambert-93, EPSG:2154, unless an importer says
otherwise). Lambert-93 values near 650 000, 6 860 000 lose centimetres in
float32, so only local offsets are ever handed to VTK as float32.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

WORKING_CRS = "EPSG:2154"
"""RGF93 v1 / Lambert-93: the working CRS of the product."""


@dataclass(frozen=True)
class LocalFrame:
    """A projected CRS plus a float64 local origin (x, y, z) in that CRS."""

    crs: str = WORKING_CRS
    origin: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def __post_init__(self) -> None:
        origin = tuple(float(v) for v in self.origin)
        if len(origin) != 3 or not all(np.isfinite(origin)):
            raise ValueError(f"local origin must be three finite numbers, got {self.origin!r}")
        object.__setattr__(self, "origin", origin)

    @property
    def origin_array(self) -> np.ndarray:
        return np.asarray(self.origin, dtype=np.float64)

    def to_world(self, local_xyz: np.ndarray) -> np.ndarray:
        """Local (n, 2|3) float -> world coordinates in ``crs`` (float64)."""
        local_xyz = np.asarray(local_xyz, dtype=np.float64)
        return local_xyz + self.origin_array[: local_xyz.shape[-1]]

    def to_local(self, world_xyz: np.ndarray) -> np.ndarray:
        """World (n, 2|3) coordinates in ``crs`` -> local float64."""
        world_xyz = np.asarray(world_xyz, dtype=np.float64)
        return world_xyz - self.origin_array[: world_xyz.shape[-1]]


@lru_cache(maxsize=32)
def transformer(src: str, dst: str = WORKING_CRS):
    """A cached pyproj transformer with x = easting / longitude order."""
    from pyproj import Transformer

    return Transformer.from_crs(src, dst, always_xy=True)


APPROXIMATION_TOLERANCE_M = 1e-3
"""Largest error (metres) :func:`reproject_xy` allows itself where it approximates."""

_CHECK_TOLERANCE_M = 1e-4  # at the check points: a margin of 10 for the points between them
_APPROXIMATE_FROM = 4096  # points; under this the ~400 exact control and check points cost as much
_GRID = 9  # control points per side of the bounding box
_SAMPLE = 256  # of the points themselves, among the check points
_CHUNK = 1 << 18  # points evaluated at a time: the temporaries stay a few MB


def reproject_xy(
    x: np.ndarray, y: np.ndarray, src: str, dst: str = WORKING_CRS, *, exact: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Reproject coordinate arrays from ``src`` to ``dst`` (any pyproj CRS string), float64.

    Only x and y: heights are the caller's (importers keep them as they are,
    e.g. NAP heights of an EPSG:7415 file; :func:`importers._common.horizontal_crs`
    drops the vertical part of a compound CRS).

    Many points over a small extent (a city: a few km) into a CRS in metres are
    transformed like GDAL's approximate transformer does: exactly at a few
    hundred points only, and by a fitted polynomial elsewhere
    (:func:`approximate_transform`), which is used only where it stays within
    ``APPROXIMATION_TOLERANCE_M`` (1 mm) of the exact transform; anything else
    (a large extent, non-finite input, points pyproj cannot project, a CRS in
    degrees, few points, ``exact=True``) goes through pyproj point by point.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if src == dst:
        return x, y
    if not exact and x.size >= _APPROXIMATE_FROM and x.shape == y.shape:
        fit = approximate_transform(x, y, src, dst)
        if fit is not None:
            return fit(x, y)
    tx, ty = transformer(src, dst).transform(x, y)
    return np.asarray(tx, dtype=np.float64), np.asarray(ty, dtype=np.float64)


@dataclass(frozen=True)
class CubicTransform:
    """A bivariate cubic standing in for a CRS transformation over a bounding box.

    ``(x, y)`` in the source CRS -> ``(u, v) = ((x, y) - centre) / half_span``
    in [-1, 1]; each output coordinate is ``offset + sum(coef[k] * term_k(u, v))``
    over the terms 1, u, v, u², uv, v², u³, u²v, uv², v³.
    ``max_check_error_m`` is the largest distance to the exact transform found
    at the check points.
    """

    centre: tuple[float, float]
    half_span: tuple[float, float]
    offset: tuple[float, float]
    coef: np.ndarray  # (10, 2) float64
    max_check_error_m: float

    def __call__(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(n,) source coordinates -> (n,) float64 output x and y."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        out_x = np.empty(x.shape, dtype=np.float64)
        out_y = np.empty(x.shape, dtype=np.float64)
        flat = (x.reshape(-1), y.reshape(-1), out_x.reshape(-1), out_y.reshape(-1))
        for start in range(0, x.size, _CHUNK):
            xs, ys, ox, oy = (a[start : start + _CHUNK] for a in flat)
            u = (xs - self.centre[0]) / self.half_span[0]
            v = (ys - self.centre[1]) / self.half_span[1]
            ox[:] = _cubic(self.coef[:, 0], u, v) + self.offset[0]
            oy[:] = _cubic(self.coef[:, 1], u, v) + self.offset[1]
        return out_x, out_y


def _cubic_terms(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """(n, 10) terms 1, u, v, u², uv, v², u³, u²v, uv², v³ (the order of ``CubicTransform.coef``)."""
    return np.column_stack([np.ones_like(u), u, v, u * u, u * v, v * v, u**3, u * u * v, u * v * v, v**3])


def _cubic(c: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    # Horner's scheme in u with polynomials in v: no (n, 10) matrix for millions of points.
    in_v = c[0] + v * (c[2] + v * (c[5] + v * c[9]))
    return in_v + u * (c[1] + v * (c[4] + v * c[8]) + u * (c[3] + v * c[7] + u * c[6]))


def approximate_transform(x: np.ndarray, y: np.ndarray, src: str, dst: str = WORKING_CRS) -> CubicTransform | None:
    """A cubic fit of ``src`` -> ``dst`` over the bounding box of the points, or None where it is not good enough.

    The fit is a least-squares cubic on a 9 x 9 grid of exactly transformed
    control points over the points' bounding box. It is then checked against
    the exact transform at the centres of the grid's cells, the points with the
    least and greatest x and y, and 256 of the points themselves, evenly
    spread through the arrays; it is returned only where every check point is
    within 0.1 mm, so that points between them stay well within
    ``APPROXIMATION_TOLERANCE_M`` (1 mm): within a city, the fit's error is
    below a micrometre (Delft RD New, Lyon CC46, Paris in WGS84 to Lambert-93),
    while across France it is metres and the fit is refused. pyproj may use
    another operation for points in another area of use (a country's own
    datum grid at its border); a jump there larger than the tolerance fails
    the check wherever a check point falls on the other side.

    None for: ``dst`` not in metres, non-finite input, all points at one place,
    or a control or check point that pyproj cannot project.
    """
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if x.size == 0 or x.size != y.size or not _in_metres(dst):
        return None
    lo = np.array([x.min(), y.min()])
    hi = np.array([x.max(), y.max()])
    if not (np.isfinite(lo).all() and np.isfinite(hi).all()):
        return None
    centre = (lo + hi) / 2
    half = (hi - lo) / 2
    if half.max() <= 0:
        return None
    half = np.where(half > 0, half, half.max())  # points on a line: a square around them

    steps = np.linspace(-1.0, 1.0, _GRID)
    grid_u, grid_v = (a.reshape(-1) for a in np.meshgrid(steps, steps))
    mids = (steps[:-1] + steps[1:]) / 2
    mid_u, mid_v = (a.reshape(-1) for a in np.meshgrid(mids, mids))
    spread = np.linspace(0, x.size - 1, _SAMPLE).astype(np.int64)
    picks = np.unique(np.concatenate([spread, [x.argmin(), x.argmax(), y.argmin(), y.argmax()]]))
    check_u = np.concatenate([mid_u, (x[picks] - centre[0]) / half[0]])
    check_v = np.concatenate([mid_v, (y[picks] - centre[1]) / half[1]])
    check_x = np.concatenate([centre[0] + mid_u * half[0], x[picks]])
    check_y = np.concatenate([centre[1] + mid_v * half[1], y[picks]])

    # One pyproj call for the control and the check points together.
    all_x = np.concatenate([centre[0] + grid_u * half[0], check_x])
    all_y = np.concatenate([centre[1] + grid_v * half[1], check_y])
    tx, ty = transformer(src, dst).transform(all_x, all_y)
    tx = np.asarray(tx, dtype=np.float64)
    ty = np.asarray(ty, dtype=np.float64)
    if not (np.isfinite(tx).all() and np.isfinite(ty).all()):
        return None
    n_grid = grid_u.size
    offset = np.array([tx[n_grid // 2], ty[n_grid // 2]])  # the centre's image: small numbers to fit
    targets = np.column_stack([tx[:n_grid], ty[:n_grid]]) - offset
    coef, *_ = np.linalg.lstsq(_cubic_terms(grid_u, grid_v), targets, rcond=None)
    error = np.hypot(
        _cubic(coef[:, 0], check_u, check_v) + offset[0] - tx[n_grid:],
        _cubic(coef[:, 1], check_u, check_v) + offset[1] - ty[n_grid:],
    ).max()
    if not error <= _CHECK_TOLERANCE_M:
        return None
    return CubicTransform(
        centre=(float(centre[0]), float(centre[1])),
        half_span=(float(half[0]), float(half[1])),
        offset=(float(offset[0]), float(offset[1])),
        coef=coef,
        max_check_error_m=float(error),
    )


@lru_cache(maxsize=32)
def _in_metres(crs: str) -> bool:
    """True where both horizontal axes of ``crs`` are in metres (a tolerance in metres means something)."""
    from pyproj import CRS

    axes = CRS.from_user_input(crs).axis_info[:2]
    return len(axes) == 2 and all(a.unit_name == "metre" for a in axes)


def crs_name(crs: str) -> str:
    """Human name of a CRS, e.g. 'RGF93 v1 / Lambert-93' for EPSG:2154."""
    from pyproj import CRS

    return CRS.from_user_input(crs).name


__all__ = [
    "WORKING_CRS",
    "APPROXIMATION_TOLERANCE_M",
    "LocalFrame",
    "CubicTransform",
    "transformer",
    "reproject_xy",
    "approximate_transform",
    "crs_name",
]
