"""Polygon2D.from_rings: many polygons from one array of points, checked once, equal to the constructor's."""

from __future__ import annotations

import numpy as np
import pytest

from city.model import CityModelError, Polygon2D

SQUARE = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]]
HOLE = [[2.0, 2.0], [2.0, 4.0], [4.0, 4.0], [4.0, 2.0]]
TRIANGLE = [[20.0, 0.0], [23.0, 0.0], [20.0, 4.0]]


def _rings(*rings: list[list[float]], z: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    coords = np.concatenate([np.asarray(r, dtype=float) for r in rings])
    if z is not None:
        coords = np.column_stack([coords, np.full(len(coords), z)])
    lengths = np.array([len(r) for r in rings])
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    return coords, starts, lengths


def test_polygons_equal_those_built_one_by_one():
    closed_square = [*SQUARE, SQUARE[0]]
    closed_hole = [*HOLE, HOLE[0]]
    coords, starts, lengths = _rings(closed_square, HOLE, closed_hole, TRIANGLE, z=35.0)
    polygons = Polygon2D.from_rings(coords, starts, lengths, [3, 1])
    expected = [Polygon2D(np.asarray(closed_square), [np.asarray(HOLE), np.asarray(closed_hole)]), Polygon2D(TRIANGLE)]
    assert len(polygons) == 2
    for got, want in zip(polygons, expected, strict=True):
        np.testing.assert_array_equal(got.exterior, want.exterior)
        assert len(got.holes) == len(want.holes)
        for h, w in zip(got.holes, want.holes, strict=True):
            np.testing.assert_array_equal(h, w)
        assert got.area_m2 == want.area_m2
    # The closing points are dropped, z is left out, and the areas are the user's figures.
    assert polygons[0].exterior.shape == (4, 2) and polygons[0].holes[1].shape == (4, 2)
    assert polygons[0].area_m2 == pytest.approx(100.0 - 4.0 - 4.0)
    assert polygons[1].area_m2 == pytest.approx(6.0)
    assert polygons[1].bounds == (20.0, 23.0, 0.0, 4.0)


def test_rings_are_taken_in_any_order_from_the_points():
    coords, starts, lengths = _rings(HOLE, TRIANGLE, SQUARE)
    (polygon,) = Polygon2D.from_rings(coords, starts[[2, 0]], lengths[[2, 0]], [2])
    assert polygon.area_m2 == pytest.approx(96.0)
    assert Polygon2D.from_rings(coords, [], [], []) == []


def test_a_ring_of_two_distinct_points_gives_the_constructors_error():
    coords, starts, lengths = _rings(SQUARE, [[0.0, 0.0], [1.0, 1.0], [0.0, 0.0]], TRIANGLE)
    with pytest.raises(CityModelError) as one_by_one:
        Polygon2D(SQUARE, [coords[4:7]])
    with pytest.raises(CityModelError) as bulk:
        Polygon2D.from_rings(coords, starts, lengths, [2, 1])
    assert str(bulk.value) == str(one_by_one.value) == "a polygon ring needs at least 3 distinct points, got 2"


def test_non_finite_points_are_refused_naming_the_first_bad_ring():
    coords, starts, lengths = _rings(SQUARE, TRIANGLE, [[0.0, 0.0], [1.0, 0.0]])
    coords[5, 1] = np.nan  # in the triangle, before the short ring
    with pytest.raises(CityModelError, match="non-finite coordinates"):
        Polygon2D.from_rings(coords, starts, lengths, [1, 1, 1])
    coords[5, 1] = np.inf
    with pytest.raises(CityModelError, match="non-finite coordinates"):
        Polygon2D.from_rings(coords, starts, lengths, [1, 1, 1])
    # A NaN outside every ring is no one's business.
    coords, starts, lengths = _rings(SQUARE, TRIANGLE)
    coords[5] = np.nan
    (polygon,) = Polygon2D.from_rings(coords, starts[:1], lengths[:1], [1])
    assert polygon.area_m2 == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("starts", "lengths", "rings_of", "message"),
    [
        ([0, 4], [4], [2], "2 ring starts for 1 ring lengths"),
        ([0, 4], [4, 3], [1], "polygons of 1 rings"),
        ([0, 4], [4, 3], [2, 0], "each at least 1"),
        ([0, 4], [4, 4], [1, 1], "outside the 7 points"),
        ([-1, 4], [4, 3], [1, 1], "outside the 7 points"),
    ],
)
def test_a_layout_that_does_not_fit_the_points_is_refused(starts, lengths, rings_of, message):
    coords, _, _ = _rings(SQUARE, TRIANGLE)
    with pytest.raises(ValueError, match=message):
        Polygon2D.from_rings(coords, starts, lengths, rings_of)
