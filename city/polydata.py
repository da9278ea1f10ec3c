"""City model -> VTK data objects (no rendering, no OpenGL).

One merged ``vtkPolyData`` per layer: all buildings are one mesh with the
cell arrays ``building_index`` and ``surface_type`` (plus any per-face analysis
arrays of ``BuildingSet.face_data``), so 100 000 buildings are one actor.
Points are float32 *local* offsets (see :mod:`city.crs`).
"""

from __future__ import annotations

from collections.abc import Sequence

import mapbox_earcut
import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData

from city.model import BuildingSet, GroundPatch, Polygon2D, Terrain, Trees, Zone

BUILDING_INDEX = "building_index"
SURFACE_TYPE = "surface_type"
GROUND_COVER = "ground_cover"
ZONE_INDEX = "zone_index"


def _cells(sizes_and_connectivity: tuple[np.ndarray, np.ndarray]) -> vtkCellArray:
    offsets, connectivity = sizes_and_connectivity
    cells = vtkCellArray()
    cells.SetData(
        numpy_to_vtkIdTypeArray(np.ascontiguousarray(offsets, dtype=np.int64), deep=True),
        numpy_to_vtkIdTypeArray(np.ascontiguousarray(connectivity, dtype=np.int64), deep=True),
    )
    return cells


def _points(xyz: np.ndarray) -> vtkPoints:
    points = vtkPoints()
    points.SetData(numpy_to_vtk(np.ascontiguousarray(xyz, dtype=np.float32), deep=True))
    return points


def _add_cell_array(poly: vtkPolyData, name: str, values: np.ndarray) -> None:
    arr = numpy_to_vtk(np.ascontiguousarray(values), deep=True)
    arr.SetName(name)
    poly.GetCellData().AddArray(arr)


def _add_point_array(poly: vtkPolyData, name: str, values: np.ndarray) -> None:
    arr = numpy_to_vtk(np.ascontiguousarray(values), deep=True)
    arr.SetName(name)
    poly.GetPointData().AddArray(arr)


def triangles_polydata(vertices: np.ndarray, triangles: np.ndarray) -> vtkPolyData:
    """A vtkPolyData of triangles; ``vertices`` are local metres."""
    triangles = np.asarray(triangles, dtype=np.int64).reshape(-1, 3)
    poly = vtkPolyData()
    poly.SetPoints(_points(vertices))
    offsets = np.arange(0, 3 * len(triangles) + 1, 3, dtype=np.int64)
    poly.SetPolys(_cells((offsets, triangles.ravel())))
    return poly


def buildings_polydata(buildings: BuildingSet) -> vtkPolyData:
    """All buildings as one mesh with ``building_index`` and ``surface_type`` cell arrays.

    Cell ``k`` of the result is ``buildings.triangles[k]``, so per-face results
    and picks map back without a lookup table.
    """
    poly = triangles_polydata(buildings.vertices, buildings.triangles)
    _add_cell_array(poly, BUILDING_INDEX, buildings.triangle_building)
    _add_cell_array(poly, SURFACE_TYPE, buildings.triangle_surface)
    for name, values in buildings.face_data.items():
        _add_cell_array(poly, name, values)
    return poly


def terrain_polydata(terrain: Terrain) -> vtkPolyData:
    vertices, triangles = terrain.mesh()
    return triangles_polydata(vertices, triangles)


def triangulate_polygon(polygon: Polygon2D) -> tuple[np.ndarray, np.ndarray]:
    """Ear-cut a polygon with holes: (vertices (n, 2), triangles (m, 3))."""
    rings = [polygon.exterior, *polygon.holes]
    vertices = np.concatenate(rings)
    ends = np.cumsum([len(r) for r in rings]).astype(np.uint32)
    tri = np.asarray(mapbox_earcut.triangulate_float64(vertices, ends), dtype=np.int64).reshape(-1, 3)
    return vertices, tri


def subdivide_triangles(vertices: np.ndarray, triangles: np.ndarray, max_edge: float) -> tuple[np.ndarray, np.ndarray]:
    """Split every triangle in four until the longest edge is at most ``max_edge``.

    All triangles are split together, so shared edges get the same midpoint
    and no T-junction (crack) appears. Midpoints are not merged: a draped
    patch is drawn, never welded.
    """
    v, t = np.asarray(vertices, dtype=np.float64), np.asarray(triangles, dtype=np.int64)
    while len(t):
        p = v[t]
        longest = np.linalg.norm(p - np.roll(p, -1, axis=1), axis=2).max()
        if not longest > max_edge:
            break
        a, b, c = p[:, 0], p[:, 1], p[:, 2]
        ab, bc, ca = (a + b) / 2, (b + c) / 2, (c + a) / 2
        corners = np.stack([a, ab, ca, ab, b, bc, ca, bc, c, ab, bc, ca], axis=1)  # 4 triangles each
        v = corners.reshape(-1, v.shape[1])
        t = np.arange(len(v), dtype=np.int64).reshape(-1, 3)
    return v, t


def draped_polygons_polydata(
    polygons: Sequence[Polygon2D],
    classes: Sequence[int],
    terrain: Terrain | None,
    lift_m: Sequence[float] | float = 0.05,
    class_array: str = GROUND_COVER,
) -> vtkPolyData:
    """Polygons triangulated and laid on the terrain, ``lift_m`` above it.

    With no terrain the polygons lie at z = 0. ``classes`` becomes a cell array.
    """
    lifts = np.broadcast_to(np.asarray(lift_m, dtype=np.float64), (len(polygons),))
    # long triangles would cut under a curved ground: split them to about two terrain cells
    max_edge = 2.0 * max(terrain.dx, terrain.dy) if terrain is not None else np.inf
    all_v, all_t, all_c, all_lift = [], [], [], []
    n = 0
    for polygon, cls, lift in zip(polygons, classes, lifts, strict=True):
        v2, t = triangulate_polygon(polygon)
        if not len(t):
            continue
        v2, t = subdivide_triangles(v2, t, max_edge)
        all_v.append(v2)
        all_t.append(t + n)
        all_c.append(np.full(len(t), cls, dtype=np.uint8))
        all_lift.append(np.full(len(v2), lift))
        n += len(v2)
    if not all_v:
        return vtkPolyData()
    v2 = np.concatenate(all_v)
    # one terrain lookup for every vertex of every patch
    z = terrain.height_at(v2[:, 0], v2[:, 1]) if terrain is not None else np.zeros(len(v2))
    z = np.where(np.isnan(z), np.nanmin(z) if np.isfinite(z).any() else 0.0, z) + np.concatenate(all_lift)
    poly = triangles_polydata(np.column_stack([v2, z]), np.concatenate(all_t))
    _add_cell_array(poly, class_array, np.concatenate(all_c))
    return poly


def ground_polydata(patches: Sequence[GroundPatch], terrain: Terrain | None) -> vtkPolyData:
    """Ground cover patches draped on the terrain; later kinds drawn a little higher.

    Patches overlap by design (a courtyard lies on its block's sidewalk slab);
    the lift per cover keeps the one drawn on top visible without z-fighting.
    """
    lift = {0: 0.02, 1: 0.06, 2: 0.10, 3: 0.08, 4: 0.04, 5: 0.03, 6: 0.07}
    return draped_polygons_polydata(
        [p.polygon for p in patches],
        [int(p.cover) for p in patches],
        terrain,
        [lift.get(int(p.cover), 0.05) for p in patches],
    )


def zones_polydata(zones: Sequence[Zone], terrain: Terrain | None, lift_m: float = 0.5, step_m: float = 5.0) -> vtkPolyData:
    """Zone outlines as closed polylines following the terrain (edges densified every ``step_m``)."""
    points: list[np.ndarray] = []
    offsets = [0]
    connectivity: list[np.ndarray] = []
    zone_index: list[int] = []
    n = 0
    for zi, zone in enumerate(zones):
        for ring in [zone.polygon.exterior, *zone.polygon.holes]:
            closed = np.vstack([ring, ring[:1]])
            dense = [closed[0:1]]
            for a, b in zip(closed[:-1], closed[1:]):
                k = max(1, int(np.ceil(np.linalg.norm(b - a) / step_m)))
                t = np.linspace(0.0, 1.0, k + 1)[1:, None]
                dense.append(a + (b - a) * t)
            xy = np.concatenate(dense)
            z = terrain.height_at(xy[:, 0], xy[:, 1]) if terrain is not None else np.zeros(len(xy))
            z = np.nan_to_num(z, nan=float(np.nanmin(z)) if np.isfinite(z).any() else 0.0) + lift_m
            points.append(np.column_stack([xy, z]))
            connectivity.append(np.arange(n, n + len(xy)))
            offsets.append(offsets[-1] + len(xy))
            zone_index.append(zi)
            n += len(xy)
    poly = vtkPolyData()
    if not points:
        return poly
    poly.SetPoints(_points(np.concatenate(points)))
    poly.SetLines(_cells((np.asarray(offsets), np.concatenate(connectivity))))
    _add_cell_array(poly, ZONE_INDEX, np.asarray(zone_index, dtype=np.int32))
    return poly


def zones_fill_polydata(zones: Sequence[Zone], terrain: Terrain | None, lift_m: float = 0.3) -> vtkPolyData:
    """Zone interiors draped on the terrain, with a ``zone_index`` cell array."""
    return draped_polygons_polydata(
        [z.polygon for z in zones], list(range(len(zones))), terrain, lift_m, class_array=ZONE_INDEX
    )


def trees_polydata(trees: Trees) -> vtkPolyData:
    """One vertex per tree (trunk base) with ``height_m``, ``crown_diameter_m``,
    ``trunk_diameter_m`` and ``tree_index`` point arrays, ready for glyphing."""
    poly = vtkPolyData()
    poly.SetPoints(_points(trees.positions))
    n = len(trees)
    poly.SetVerts(_cells((np.arange(n + 1, dtype=np.int64), np.arange(n, dtype=np.int64))))
    _add_point_array(poly, "height_m", trees.height_m.astype(np.float32))
    _add_point_array(poly, "crown_diameter_m", trees.crown_diameter_m.astype(np.float32))
    _add_point_array(poly, "trunk_diameter_m", trees.trunk_diameter_m.astype(np.float32))
    _add_point_array(poly, "tree_index", np.arange(n, dtype=np.int32))
    return poly
