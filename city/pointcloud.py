"""Point clouds (LiDAR): columns of local float64 positions and per-point attributes.

The full cloud is kept for the analyses (canopy, terrain); the viewer draws a
decimated copy (:meth:`PointCloud.display_indices`) within a point budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from city.model import CityModelError

#: ASPRS LAS 1.4 standard classes, plus the classes IGN LiDAR HD uses.
CLASS_NAMES: dict[int, str] = {
    0: "Created, never classified",
    1: "Unclassified",
    2: "Ground",
    3: "Low vegetation",
    4: "Medium vegetation",
    5: "High vegetation",
    6: "Building",
    7: "Low point (noise)",
    8: "Model key point",
    9: "Water",
    10: "Rail",
    11: "Road surface",
    12: "Overlap",
    13: "Wire guard",
    14: "Wire conductor",
    15: "Transmission tower",
    16: "Wire connector",
    17: "Bridge deck",
    18: "High noise",
    64: "Permanent structure (IGN: perennial above-ground)",
    65: "Artefact (IGN)",
    66: "Virtual point (IGN)",
    67: "Miscellaneous building (IGN)",
}

#: Display colours (RGB 0-255) of the classes, close to the usual LiDAR viewers'.
CLASS_COLORS: dict[int, tuple[int, int, int]] = {
    0: (170, 170, 170),
    1: (190, 190, 190),
    2: (166, 118, 70),
    3: (170, 214, 118),
    4: (92, 170, 72),
    5: (34, 110, 44),
    6: (214, 72, 58),
    7: (255, 0, 255),
    9: (64, 130, 220),
    17: (240, 200, 60),
    18: (255, 0, 255),
    64: (140, 90, 160),
    65: (255, 120, 200),
    66: (255, 255, 255),
    67: (230, 140, 90),
}

VEGETATION_CLASSES = (3, 4, 5)


@dataclass
class PointCloud:
    """A point cloud in a city's local frame.

    positions : (n, 3) float64, local metres
    classification : (n,) uint8, ASPRS / IGN classes
    intensity : (n,) uint16
    rgb : (n, 3) uint16 or None (LAS colours are 16-bit)
    nir : (n,) uint16 or None (near infrared, LAS point formats 8 and 10)
    """

    name: str
    positions: np.ndarray
    classification: np.ndarray
    intensity: np.ndarray
    rgb: np.ndarray | None = None
    nir: np.ndarray | None = None
    source_crs: str = ""
    attributes: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.positions = np.asarray(self.positions, dtype=np.float64).reshape(-1, 3)
        n = len(self.positions)
        self.classification = np.asarray(self.classification, dtype=np.uint8).ravel()
        self.intensity = np.asarray(self.intensity, dtype=np.uint16).ravel()
        for name, arr in (("classification", self.classification), ("intensity", self.intensity)):
            if len(arr) != n:
                raise CityModelError(f"point cloud {self.name!r}: {len(arr)} {name} values for {n} points")
        if self.rgb is not None:
            self.rgb = np.asarray(self.rgb, dtype=np.uint16).reshape(-1, 3)
            if len(self.rgb) != n:
                raise CityModelError(f"point cloud {self.name!r}: {len(self.rgb)} colours for {n} points")
        if self.nir is not None:
            self.nir = np.asarray(self.nir, dtype=np.uint16).ravel()

    def __len__(self) -> int:
        return len(self.positions)

    @property
    def bounds(self) -> tuple[float, float, float, float, float, float]:
        lo, hi = self.positions.min(axis=0), self.positions.max(axis=0)
        return (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])

    def class_histogram(self) -> dict[int, int]:
        values, counts = np.unique(self.classification, return_counts=True)
        return {int(v): int(c) for v, c in zip(values, counts)}

    @property
    def memory_bytes(self) -> int:
        arrays = [self.positions, self.classification, self.intensity, self.rgb, self.nir]
        return int(sum(a.nbytes for a in arrays if a is not None))

    def display_indices(self, budget: int, seed: int = 0) -> np.ndarray:
        """Indices of about ``budget`` points spread evenly over the cloud.

        A random subset keeps the density pattern of the cloud (dense roofs stay
        denser than sparse walls) and is fast; it is fixed for a seed so the
        view does not flicker between redraws.
        """
        n = len(self)
        if budget >= n:
            return np.arange(n)
        rng = np.random.default_rng(seed)
        return np.flatnonzero(rng.random(n) < budget / n)  # about ``budget`` points, in O(n)

    @staticmethod
    def concatenate(name: str, clouds: list[PointCloud]) -> PointCloud:
        """Several tiles as one layer (they must share the local frame)."""
        if not clouds:
            raise CityModelError("no point cloud to merge")
        rgb = [c.rgb for c in clouds]
        nir = [c.nir for c in clouds]
        return PointCloud(
            name,
            np.concatenate([c.positions for c in clouds]),
            np.concatenate([c.classification for c in clouds]),
            np.concatenate([c.intensity for c in clouds]),
            np.concatenate(rgb) if all(r is not None for r in rgb) else None,
            np.concatenate(nir) if all(v is not None for v in nir) else None,
            clouds[0].source_crs,
            {"tiles": len(clouds)},
        )
