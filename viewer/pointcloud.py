"""Point cloud display: a decimated copy within a point budget, coloured by
classification, height, RGB or intensity, with per-class visibility.

The full cloud stays in the city model for the analyses; only the displayed
subset goes to VTK (as float32 local offsets).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from matplotlib import colormaps

from city.pointcloud import CLASS_COLORS, PointCloud

COLOR_MODES = ("classification", "height", "rgb", "intensity")
DEFAULT_BUDGET = 300_000
"""Points drawn at most. Software OpenGL here draws about 2 million points a second at
1280x720, so this keeps a view turning at 5 frames per second or more whatever the cloud's size."""


def class_rgb(classification: np.ndarray) -> np.ndarray:
    lut = np.full((256, 3), 200, dtype=np.uint8)
    for cls, color in CLASS_COLORS.items():
        lut[cls] = color
    return lut[classification]


def point_colors(cloud: PointCloud, index: np.ndarray, mode: str) -> np.ndarray:
    """(k, 3) uint8 colours of the points ``index`` in a colour mode."""
    if mode == "classification":
        return class_rgb(cloud.classification[index])
    if mode == "rgb":
        if cloud.rgb is None:
            raise ValueError(f"point cloud {cloud.name!r} has no RGB colours")
        rgb = cloud.rgb[index]
        # LAS stores 16-bit colours; some writers fill only the low byte
        return (rgb >> 8).astype(np.uint8) if rgb.max() > 255 else rgb.astype(np.uint8)
    if mode == "height":
        z = cloud.positions[index, 2]
        lo, hi = np.percentile(cloud.positions[:, 2], [1, 99]) if len(cloud) else (0.0, 1.0)
        t = np.clip((z - lo) / max(hi - lo, 1e-6), 0, 1)
        return colormaps["viridis"](t, bytes=True)[:, :3]
    if mode == "intensity":
        v = cloud.intensity[index].astype(float)
        lo, hi = np.percentile(cloud.intensity, [2, 98]) if len(cloud) else (0.0, 1.0)
        g = (np.clip((v - lo) / max(hi - lo, 1e-6), 0, 1) * 255).astype(np.uint8)
        return np.column_stack([g, g, g])
    raise ValueError(f"unknown colour mode {mode!r}; choose from {', '.join(COLOR_MODES)}")


def display_mesh(
    cloud: PointCloud, mode: str = "classification", hidden_classes: tuple[int, ...] = (), budget: int = DEFAULT_BUDGET
) -> pv.PolyData:
    """The points to draw: hidden classes removed, then decimated to the budget."""
    shown = ~np.isin(cloud.classification, hidden_classes) if hidden_classes else np.ones(len(cloud), dtype=bool)
    n_shown = int(shown.sum())
    if n_shown > budget:
        # a fixed random draw (Bernoulli, O(n)): density patterns survive, no flicker between redraws
        shown &= np.random.default_rng(0).random(len(cloud)) < budget / n_shown
    keep = np.flatnonzero(shown)
    mesh = pv.PolyData(cloud.positions[keep].astype(np.float32))
    mesh.point_data["rgb"] = point_colors(cloud, keep, mode)
    mesh.point_data["classification"] = cloud.classification[keep]
    return mesh
