"""Trees as one mesh: a trunk and a crown per tree, instanced from templates.

Rule (documented for users): the crown is an ellipsoid of the tree's crown
diameter, 0.9 of it tall, whose top is at the tree's height; the trunk is a
prism of the trunk diameter from the ground to the crown's centre.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from city.model import Trees

CROWN_RGB = np.array([79, 122, 58])
TRUNK_RGB = np.array([104, 84, 62], dtype=np.uint8)


def _templates() -> tuple[pv.PolyData, pv.PolyData]:
    crown = pv.Icosphere(radius=0.5, nsub=1)  # 80 faces: round enough at city scale
    trunk = pv.Cylinder(center=(0, 0, 0.5), direction=(0, 0, 1), radius=0.5, height=1.0, resolution=6, capping=False)
    return crown.triangulate(), trunk.triangulate()


def crown_centres(trees: Trees) -> np.ndarray:
    """(n, 3) float64: the centre of each tree's crown (its top at the tree's height, 0.9 of its diameter tall)."""
    return np.column_stack([trees.positions[:, :2], trees.positions[:, 2] + trees.height_m - 0.45 * trees.crown_diameter_m])


def trees_mesh(trees: Trees, seed: int = 0) -> pv.PolyData:
    """One PolyData for all trees, with cell arrays ``rgb``, ``tree_index`` (the tree each cell
    belongs to: what picking maps a cell back to) and ``tree_part`` (0 crown, 1 trunk)."""
    crown_t, trunk_t = _templates()
    n = len(trees)
    crown_pts = np.asarray(crown_t.points, dtype=np.float64)
    trunk_pts = np.asarray(trunk_t.points, dtype=np.float64)
    crown_faces = crown_t.regular_faces
    trunk_faces = trunk_t.regular_faces

    d = trees.crown_diameter_m
    crown_centre = crown_centres(trees)
    centre_z = crown_centre[:, 2]
    crown_scale = np.column_stack([d, d, 0.9 * d])
    crowns = crown_pts[None] * crown_scale[:, None] + crown_centre[:, None]

    trunk_len = np.maximum(centre_z - trees.positions[:, 2], 0.5)
    trunk_scale = np.column_stack([trees.trunk_diameter_m, trees.trunk_diameter_m, trunk_len])
    trunks = trunk_pts[None] * trunk_scale[:, None] + trees.positions[:, None]

    ncp, ntp = len(crown_pts), len(trunk_pts)
    points = np.concatenate([crowns.reshape(-1, 3), trunks.reshape(-1, 3)])
    cf = (crown_faces[None] + (np.arange(n) * ncp)[:, None, None]).reshape(-1, 3)
    tf = (trunk_faces[None] + (n * ncp + np.arange(n) * ntp)[:, None, None]).reshape(-1, 3)
    mesh = pv.PolyData.from_regular_faces(points.astype(np.float32), np.concatenate([cf, tf]))
    shade = 0.85 + 0.3 * np.random.default_rng(seed).random(n)
    crown_rgb = np.clip(CROWN_RGB[None] * shade[:, None], 0, 255).astype(np.uint8)
    rgb = np.concatenate([np.repeat(crown_rgb, len(crown_faces), axis=0), np.tile(TRUNK_RGB, (n * len(trunk_faces), 1))])
    mesh.cell_data["rgb"] = rgb
    mesh.cell_data["tree_index"] = np.concatenate(
        [np.repeat(np.arange(n), len(crown_faces)), np.repeat(np.arange(n), len(trunk_faces))]
    ).astype(np.int32)
    mesh.cell_data["tree_part"] = np.concatenate(
        [np.zeros(n * len(crown_faces), dtype=np.uint8), np.ones(n * len(trunk_faces), dtype=np.uint8)]
    )
    return mesh
