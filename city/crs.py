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


def reproject_xy(x: np.ndarray, y: np.ndarray, src: str, dst: str = WORKING_CRS) -> tuple[np.ndarray, np.ndarray]:
    """Reproject coordinate arrays from ``src`` to ``dst`` (any pyproj CRS string)."""
    if src == dst:
        return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    tx, ty = transformer(src, dst).transform(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))
    return np.asarray(tx, dtype=np.float64), np.asarray(ty, dtype=np.float64)


def crs_name(crs: str) -> str:
    """Human name of a CRS, e.g. 'RGF93 v1 / Lambert-93' for EPSG:2154."""
    from pyproj import CRS

    return CRS.from_user_input(crs).name


__all__ = ["WORKING_CRS", "LocalFrame", "transformer", "reproject_xy", "crs_name"]
