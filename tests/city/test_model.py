from __future__ import annotations

import numpy as np
import pytest

from city import BuildingSetBuilder, CityModelError, LocalFrame, Polygon2D, SurfaceType, Terrain
from city.model import BuildingSet

SQUARE = np.array([[0, 0, 0], [10, 0, 0], [10, 10, 0], [0, 10, 0]], dtype=float)


def two_buildings() -> BuildingSet:
    b = BuildingSetBuilder()
    b.add("A", SQUARE + [0, 0, 12], [[0, 1, 2], [0, 2, 3]], SurfaceType.ROOF, {"storeys": 4, "name": "Alpha"})
    b.add("B", SQUARE + [20, 0, 0], [[0, 1, 2]], SurfaceType.WALL, {"storeys": None, "height_m": 9.5})
    return b.build()


def test_building_views_give_ids_attributes_and_areas():
    s = two_buildings()
    assert len(s) == 2 and s.ids == ["A", "B"]
    assert s["A"].attributes == {"storeys": 4.0, "name": "Alpha"}
    assert s["B"].attributes == {"height_m": 9.5}
    assert s["A"].surface_area_m2(SurfaceType.ROOF) == pytest.approx(100.0)
    assert s["B"].surface_area_m2() == pytest.approx(50.0)
    assert s.index_of("B") == 1 and "A" in s and "Z" not in s
    assert s["A"].bounds[4] == pytest.approx(12.0)


def test_integer_columns_stay_integers_and_missing_values_make_floats():
    b = BuildingSetBuilder()
    for i in range(3):
        b.add(f"b{i}", SQUARE, [[0, 1, 2]], SurfaceType.ROOF, {"year": 1900 + i, "levels": i if i else None})
    s = b.build()
    assert s.attributes["year"].dtype == np.int64
    assert s.attributes["levels"].dtype == np.float64 and np.isnan(s.attributes["levels"][0])


def test_triangles_are_grouped_and_offsets_slice_each_building():
    s = two_buildings()
    assert s.triangle_offsets.tolist() == [0, 2, 3]
    assert s["B"].triangles.tolist() == [[4, 5, 6]]
    roof_by_building = s.surface_area_by_building_m2(SurfaceType.ROOF)
    assert roof_by_building.tolist() == pytest.approx([100.0, 0.0])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"triangles": [[0, 1, 9]]}, "vertex 9"),
        ({"triangles": [[-1, 1, 2]]}, "vertex -1"),
        ({"vertices": [[0, 0, np.nan], [1, 0, 0], [0, 1, 0]]}, "not finite"),
        ({"triangle_surface": [9]}, "surface type"),
    ],
)
def test_inconsistent_geometry_is_refused_with_a_reason(kwargs, message):
    args = {
        "ids": ["A"],
        "vertices": [[0, 0, 0], [1, 0, 0], [0, 1, 0]],
        "triangles": [[0, 1, 2]],
        "triangle_building": [0],
        "triangle_surface": [1],
    }
    args.update(kwargs)
    with pytest.raises(CityModelError, match=message):
        BuildingSet(**args)


def test_duplicate_ids_are_refused():
    b = BuildingSetBuilder()
    b.add("A", SQUARE, [[0, 1, 2]], SurfaceType.ROOF)
    b.add("A", SQUARE, [[0, 1, 2]], SurfaceType.ROOF)
    with pytest.raises(CityModelError, match="'A'"):
        b.build()


def test_terrain_bilinear_height_and_nan_outside():
    t = Terrain(0.0, 0.0, 10.0, 10.0, [[0.0, 10.0], [20.0, 30.0]])
    assert float(t.height_at(5.0, 5.0)) == pytest.approx(15.0)
    assert float(t.height_at(10.0, 0.0)) == pytest.approx(10.0)
    assert np.isnan(t.height_at(-1.0, 5.0))
    v, tri = t.mesh()
    assert v.shape == (4, 3) and tri.shape == (2, 3)


def test_local_frame_keeps_lambert93_precision():
    frame = LocalFrame("EPSG:2154", (649700.0, 6865900.0, 0.0))
    world = np.array([[649700.123456, 6865900.654321]])
    local = frame.to_local(world)
    assert local.dtype == np.float64
    assert np.allclose(frame.to_world(local), world, atol=1e-9, rtol=0)
    # the reason for the local origin: float32 world coordinates lose decimetres
    assert abs(float(np.float32(6865900.654321)) - 6865900.654321) > 0.1


def test_polygon_area_with_hole():
    p = Polygon2D(np.array([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]), [np.array([[2, 2], [4, 2], [4, 4], [2, 4]])])
    assert p.area_m2 == pytest.approx(96.0)
    with pytest.raises(CityModelError):
        Polygon2D(np.array([[0, 0], [1, 1]]))
