"""Raster layers of a city: images draped on the ground and scalar grids (NDVI, DSM, height above ground).

Both are north-up grids in the city's local frame; row 0 is the *south* edge
(y grows with the row), as in :class:`city.model.Terrain`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from city.model import CityModelError


@dataclass
class GeoImage:
    """An RGB image (an orthophoto) covering ``extent`` = (xmin, xmax, ymin, ymax), local metres.

    rgb : (h, w, 3) uint8, row 0 at ymin (south)
    """

    name: str
    rgb: np.ndarray
    extent: tuple[float, float, float, float]
    kind: str = "orthophoto"
    attributes: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rgb = np.ascontiguousarray(self.rgb, dtype=np.uint8)
        if self.rgb.ndim != 3 or self.rgb.shape[2] != 3:
            raise CityModelError(f"image {self.name!r} must be (rows, columns, 3) RGB, got {self.rgb.shape}")
        xmin, xmax, ymin, ymax = self.extent
        if not (xmax > xmin and ymax > ymin):
            raise CityModelError(f"image {self.name!r} has an empty extent {self.extent}")


@dataclass
class ScalarGrid:
    """Values on a regular grid: ``values[j, i]`` at cell centre (x0 + i dx, y0 + j dy), local metres.

    kind : "ndvi", "dsm", "dhm" (height above ground), "conductivity"... ;
    unit : e.g. "m", "" for NDVI. NaN = no data.
    """

    name: str
    values: np.ndarray
    x0: float
    y0: float
    dx: float
    dy: float
    kind: str
    unit: str = ""
    attributes: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values, dtype=np.float64)
        if self.values.ndim != 2:
            raise CityModelError(f"grid {self.name!r} must be 2-D, got {self.values.shape}")

    @property
    def extent(self) -> tuple[float, float, float, float]:
        ny, nx = self.values.shape
        return (self.x0 - self.dx / 2, self.x0 + (nx - 0.5) * self.dx, self.y0 - self.dy / 2, self.y0 + (ny - 0.5) * self.dy)

    def value_at(self, x: np.ndarray | float, y: np.ndarray | float) -> np.ndarray:
        """Nearest-cell value at local (x, y); NaN outside."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        ny, nx = self.values.shape
        i = np.floor((x - self.x0) / self.dx + 0.5).astype(np.int64)
        j = np.floor((y - self.y0) / self.dy + 0.5).astype(np.int64)
        inside = (i >= 0) & (i < nx) & (j >= 0) & (j < ny)
        return np.where(inside, self.values[np.clip(j, 0, ny - 1), np.clip(i, 0, nx - 1)], np.nan)


def ndvi(nir: np.ndarray, red: np.ndarray) -> np.ndarray:
    """Normalised difference vegetation index (NIR - red) / (NIR + red).

    Rouse et al. 1974 (NASA SP-351). Inputs are digital numbers of the same
    sensor (e.g. the NIR and red bands of an IGN IRC orthophoto); 0 / 0 gives
    NaN (no data). Returns values in [-1, 1].
    """
    nir = np.asarray(nir, dtype=np.float64)
    red = np.asarray(red, dtype=np.float64)
    total = nir + red
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (nir - red) / total, np.nan)
