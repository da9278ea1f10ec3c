"""Outlines of flat triangulated surfaces (ground patches of CityJSON roads, land use...)."""

from __future__ import annotations

import numpy as np
import pytest

from importers._outline import outline_polygons


def _triangulated_grid(cells: list[tuple[int, int]], flip: set[int] = frozenset()) -> np.ndarray:
    """Unit squares at the given (i, j) cells, two counter-clockwise triangles each; (t, 3, 2) points."""
    triangles = []
    for k, (i, j) in enumerate(cells):
        a, b, c, d = (i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)
        for t in ([a, b, c], [a, c, d]):
            triangles.append(t[::-1] if k in flip else t)
    return np.asarray(triangles, dtype=float)


def _outline(triangles: np.ndarray, group: np.ndarray | None = None):
    n = len(triangles)
    xy = triangles.reshape(-1, 2)
    a, b, c = triangles[:, 0], triangles[:, 1], triangles[:, 2]
    up = (b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0]) > 0
    group = np.zeros(n, dtype=np.int64) if group is None else group
    return outline_polygons(xy, np.full(n, 3), np.ones(n, dtype=np.int64), up, group, int(group.max()) + 1)


def test_square_ring_gives_one_polygon_with_a_hole():
    cells = [(i, j) for i in range(5) for j in range(5) if not (1 <= i <= 3 and 1 <= j <= 3)]
    polygons, group, fallback = _outline(_triangulated_grid(cells, flip={0, 3, 7}))
    assert not fallback.any()
    assert len(polygons) == 1 and group.tolist() == [0]
    assert len(polygons[0].holes) == 1
    assert polygons[0].area_m2 == pytest.approx(25 - 9)
    # The grid's mid-edge vertices stay in the ring (collinear points are harmless).
    assert len(polygons[0].exterior) == 20


def test_separate_patches_and_groups():
    cells = [(0, 0), (1, 0), (5, 5)]
    triangles = _triangulated_grid(cells)
    group = np.array([0, 0, 0, 0, 1, 1])
    polygons, polygon_group, fallback = _outline(triangles, group)
    assert not fallback.any()
    assert polygon_group.tolist() == [0, 1]
    assert [p.area_m2 for p in polygons] == pytest.approx([2.0, 1.0])
    two = _triangulated_grid([(0, 0), (3, 0)])
    polygons, polygon_group, _ = _outline(two)
    assert polygon_group.tolist() == [0, 0] and sum(p.area_m2 for p in polygons) == pytest.approx(2.0)


def test_touching_corners_fall_back():
    polygons, _, fallback = _outline(_triangulated_grid([(0, 0), (1, 1)]))
    assert fallback.tolist() == [True] and polygons == []


def test_overlapping_faces_fall_back():
    triangles = np.concatenate([_triangulated_grid([(0, 0)]), _triangulated_grid([(0, 0)])])
    _, _, fallback = _outline(triangles)
    assert fallback.tolist() == [True]


def test_t_junction_falls_back():
    # A 2 x 1 rectangle as one triangle pair on top of two unit squares: the long edge is not shared.
    top = np.array([[[0, 1], [2, 1], [2, 2]], [[0, 1], [2, 2], [0, 2]]], dtype=float)
    triangles = np.concatenate([_triangulated_grid([(0, 0), (1, 0)]), top])
    polygons, _, fallback = _outline(triangles)
    assert fallback.tolist() == [True] and polygons == []
