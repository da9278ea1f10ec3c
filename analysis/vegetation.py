"""Vegetation kernels: canopy cover, green roof and wall suitability, tree planting.

Pure functions, arrays in and arrays out, units in the names. The thresholds
are stated here and shown to users with the results.

Canopy (tree cover seen from above) is computed two ways, which a planner can
compare on the same area:

- from LiDAR classes: a cell is canopy when a point of class 4 or 5 (medium /
  high vegetation, ASPRS) stands at least ``CANOPY_MIN_HEIGHT_M`` above the
  ground there (ground = lowest class-2 point of the cell or its
  neighbourhood);
- from rasters: a cell is canopy when the height above ground (DHM = DSM -
  DTM) is at least ``CANOPY_MIN_HEIGHT_M`` and the NDVI at least
  ``CANOPY_MIN_NDVI`` (a green, tall surface: a tree, not a roof).

Canopy cover is given per zone, over the whole canopy grid, and around each
building: the share of canopy cells in the ring from its footprint out to
``CANOPY_SURROUNDINGS_BUFFER_M`` (:func:`canopy_cover_around`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

CANOPY_MIN_HEIGHT_M = 2.0
"""A tree crown starts 2 m above the ground (shrubs and lawns below are not canopy)."""
CANOPY_MIN_NDVI = 0.1
"""NDVI of green vegetation in IGN IRC orthophotos: above 0.1. These NDVI come from 8-bit digital
numbers, not reflectances, and run lower than textbook values (0.2-0.3): on the Montpellier tile
the median NDVI over LiDAR canopy is 0.22 and a 0.2 threshold drops half the crowns."""

GREEN_ROOF_MAX_SLOPE_DEG = 15.0
"""Extensive green roofs on slopes up to 15° without anti-slip measures (FLL guidelines, 2018)."""
GREEN_ROOF_MIN_AREA_M2 = 20.0
URBAN_FARM_MAX_SLOPE_DEG = 5.0
"""Urban agriculture needs a flat roof (people walk and work on it)."""
URBAN_FARM_MIN_AREA_M2 = 100.0
URBAN_FARM_MIN_IRRADIATION_KWH_M2 = 900.0
"""Enough sun for vegetables: at least 900 kWh/m²/year when the solar analysis has run."""
GREEN_WALL_MIN_AREA_M2 = 30.0
GREEN_WALL_SHOPFRONT_HEIGHT_M = 4.0
"""The ground floor (shop fronts, doors) is not greened: walls start 4 m above the ground."""


def canopy_from_points(
    xyz: np.ndarray, classification: np.ndarray, extent: tuple[float, float, float, float], cell_m: float = 1.0,
    min_height_m: float = CANOPY_MIN_HEIGHT_M,
) -> np.ndarray:
    """Canopy mask from classified LiDAR points.

    xyz : (n, 3) float, local metres; classification : (n,) uint8
    extent : (xmin, xmax, ymin, ymax) of the grid; cell_m : cell size
    Returns (ny, nx) bool, row 0 at ymin.
    """
    xmin, xmax, ymin, ymax = extent
    nx = max(1, int(round((xmax - xmin) / cell_m)))
    ny = max(1, int(round((ymax - ymin) / cell_m)))
    i = np.floor((xyz[:, 0] - xmin) / cell_m).astype(np.int64)
    j = np.floor((xyz[:, 1] - ymin) / cell_m).astype(np.int64)
    inside = (i >= 0) & (i < nx) & (j >= 0) & (j < ny)
    cell = j * nx + i
    ground = np.full(ny * nx, np.inf)
    g = inside & (classification == 2)
    np.minimum.at(ground, cell[g], xyz[g, 2])
    ground = _fill_from_neighbours(ground.reshape(ny, nx))
    veg = inside & np.isin(classification, (4, 5))
    top = np.full(ny * nx, -np.inf)
    np.maximum.at(top, cell[veg], xyz[veg, 2])
    top = top.reshape(ny, nx)
    return np.isfinite(top) & (top - ground >= min_height_m)


def _fill_from_neighbours(ground: np.ndarray, rounds: int = 50) -> np.ndarray:
    """Cells with no ground point take the lowest ground of their 3x3 neighbours, repeatedly."""
    g = ground.copy()
    for _ in range(rounds):
        missing = ~np.isfinite(g)
        if not missing.any():
            break
        padded = np.pad(g, 1, constant_values=np.inf)
        neigh = np.min([padded[dy : dy + g.shape[0], dx : dx + g.shape[1]] for dy in range(3) for dx in range(3)], axis=0)
        g = np.where(missing, neigh, g)
    if not np.isfinite(g).any():
        return np.zeros_like(g)
    return np.where(np.isfinite(g), g, np.nanmin(np.where(np.isfinite(g), g, np.nan)))


def canopy_from_rasters(
    height_above_ground_m: np.ndarray, ndvi: np.ndarray,
    min_height_m: float = CANOPY_MIN_HEIGHT_M, min_ndvi: float = CANOPY_MIN_NDVI,
) -> np.ndarray:
    """Canopy mask from a DHM and an NDVI grid sampled on the same cells (NaN = no data -> not canopy)."""
    with np.errstate(invalid="ignore"):
        return (np.nan_to_num(height_above_ground_m, nan=-1.0) >= min_height_m) & (np.nan_to_num(ndvi, nan=-1.0) >= min_ndvi)


def cover_fraction(mask: np.ndarray, inside: np.ndarray | None = None) -> float:
    """Share (0..1) of cells of ``inside`` (default: all) that are canopy."""
    if inside is None:
        return float(mask.mean()) if mask.size else 0.0
    n = int(inside.sum())
    return float((mask & inside).sum() / n) if n else 0.0


def polygon_mask(ring: np.ndarray, extent: tuple[float, float, float, float], shape: tuple[int, int]) -> np.ndarray:
    """Cells (row 0 at ymin) whose centre lies in the polygon ``ring`` (even-odd rule)."""
    import shapely

    xmin, xmax, ymin, ymax = extent
    ny, nx = shape
    xs = xmin + (np.arange(nx) + 0.5) * (xmax - xmin) / nx
    ys = ymin + (np.arange(ny) + 0.5) * (ymax - ymin) / ny
    gx, gy = np.meshgrid(xs, ys)
    return shapely.contains_xy(shapely.Polygon(ring), gx, gy)


@dataclass(frozen=True)
class RoofSuitability:
    """Per roof triangle: green roof and urban agriculture suitability (bool arrays, length t)."""

    green_roof: np.ndarray
    urban_farm: np.ndarray
    slope_deg: np.ndarray


def roof_slope_deg(normals: np.ndarray) -> np.ndarray:
    """Slope of each face from its unit normal, degrees (0 = flat)."""
    return np.degrees(np.arccos(np.clip(np.abs(normals[:, 2]), 0.0, 1.0)))


def roof_suitability(
    normals: np.ndarray, areas_m2: np.ndarray, is_roof: np.ndarray, building: np.ndarray,
    irradiation_kwh_m2: np.ndarray | None = None,
) -> RoofSuitability:
    """Which roof faces suit an extensive green roof, and which urban agriculture.

    A face qualifies when its slope is within the limit and its building has
    at least the minimum area of such faces (a 5 m² dormer roof is no
    garden). Urban agriculture also needs ``URBAN_FARM_MIN_IRRADIATION_KWH_M2``
    when irradiation (per face, kWh/m²/year) is given.

    normals (t, 3) unit; areas_m2 (t,); is_roof (t,) bool; building (t,) int
    """
    slope = roof_slope_deg(normals)
    n_b = int(building.max()) + 1 if len(building) else 0

    def qualifying(face_ok: np.ndarray, min_area: float) -> np.ndarray:
        area = np.bincount(building, weights=areas_m2 * face_ok, minlength=n_b)
        return face_ok & (area[building] >= min_area)

    green = qualifying(is_roof & (slope <= GREEN_ROOF_MAX_SLOPE_DEG), GREEN_ROOF_MIN_AREA_M2)
    farm_ok = is_roof & (slope <= URBAN_FARM_MAX_SLOPE_DEG)
    if irradiation_kwh_m2 is not None:
        farm_ok &= np.nan_to_num(irradiation_kwh_m2, nan=0.0) >= URBAN_FARM_MIN_IRRADIATION_KWH_M2
    farm = qualifying(farm_ok, URBAN_FARM_MIN_AREA_M2)
    return RoofSuitability(green, farm, slope)


def green_wall_area_m2(
    vertices: np.ndarray, triangles: np.ndarray, is_wall: np.ndarray, ground_z: np.ndarray,
    shopfront_m: float = GREEN_WALL_SHOPFRONT_HEIGHT_M,
) -> np.ndarray:
    """Area of each wall triangle above the shop-front level, m² (0 for other faces).

    ground_z : (t,) ground altitude under each face. The part of a wall
    triangle below ``ground_z + shopfront_m`` is cut off exactly (clipping
    the triangle by a horizontal plane).
    """
    p = vertices[triangles]  # (t, 3, 3)
    cut = ground_z + shopfront_m
    area = np.zeros(len(triangles))
    w = np.flatnonzero(is_wall)
    if not len(w):
        return area
    area[w] = _area_above(p[w], cut[w])
    return area


def _area_above(tri: np.ndarray, z_cut: np.ndarray) -> np.ndarray:
    """Area of each triangle's part above z = z_cut, by exact clipping of a triangle by a plane."""
    full = 0.5 * np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    z = tri[:, :, 2]
    above = z >= z_cut[:, None]
    n_above = above.sum(axis=1)
    out = np.where(n_above == 3, full, 0.0)
    for k in (1, 2):
        sel = np.flatnonzero(n_above == k)
        if not len(sel):
            continue
        t = tri[sel]
        zc = z_cut[sel]
        a = above[sel]
        # the lone vertex (above when k == 1, below when k == 2) and the two others
        lone = np.argmax(a if k == 1 else ~a, axis=1)
        o1, o2 = (lone + 1) % 3, (lone + 2) % 3
        r = np.arange(len(sel))
        pl, p1, p2 = t[r, lone], t[r, o1], t[r, o2]
        f1 = (zc - pl[:, 2]) / (p1[:, 2] - pl[:, 2])
        f2 = (zc - pl[:, 2]) / (p2[:, 2] - pl[:, 2])
        q1 = pl + (p1 - pl) * f1[:, None]
        q2 = pl + (p2 - pl) * f2[:, None]
        small = 0.5 * np.linalg.norm(np.cross(q1 - pl, q2 - pl), axis=1)  # the lone vertex's corner
        out[sel] = small if k == 1 else full[sel] - small
    return out


def trees_along_line(points_xy: np.ndarray, spacing_m: float) -> np.ndarray:
    """Positions of trees planted along a polyline every ``spacing_m``, both ends included.

    A 100 m line at 8 m spacing gives 13 trees (0, 8, ..., 96 m): the last
    full spacing, not a squeezed tree at 100 m.
    """
    pts = np.asarray(points_xy, dtype=np.float64)
    if spacing_m <= 0:
        raise ValueError(f"spacing must be positive, got {spacing_m} m")
    if len(pts) < 2:
        return pts.copy()
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    along = np.concatenate([[0.0], np.cumsum(seg)])
    stations = np.arange(0.0, along[-1] + 1e-9, spacing_m)
    x = np.interp(stations, along, pts[:, 0])
    y = np.interp(stations, along, pts[:, 1])
    return np.column_stack([x, y])


def hectares(area_m2: float | np.ndarray) -> float | np.ndarray:
    return np.asarray(area_m2) / 10_000.0


# --------------------------------------------------------------------------- city-level runs


def party_walls(buildings, probe_m: float = 0.3) -> np.ndarray:
    """(t,) bool: wall faces of ``buildings`` (a BuildingSet) that touch another building; see :func:`party_walls_of`."""
    b = buildings
    return party_walls_of(b.vertices, b.triangles, b.triangle_building, b.triangle_surface, probe_m, b.triangle_normals())


def party_walls_of(
    vertices: np.ndarray, triangles: np.ndarray, triangle_building: np.ndarray, triangle_surface: np.ndarray,
    probe_m: float = 0.3, normals: np.ndarray | None = None,
) -> np.ndarray:
    """(t,) bool: wall faces that touch another building (a point ``probe_m`` outside them is built on).

    Party walls between terraced buildings cannot be greened; the built area is
    the union of the buildings' ground surfaces. ``normals`` (t, 3): the faces'
    unit normals when already known.
    """
    import shapely

    from city.model import SurfaceType

    out = np.zeros(len(triangles), dtype=bool)
    is_floor = triangle_surface == SurfaceType.GROUND
    walls = np.flatnonzero(triangle_surface == SurfaceType.WALL)
    if not is_floor.any() or not len(walls):
        return out
    tri = vertices[triangles[is_floor]][:, :, :2]
    floor_owner = triangle_building[is_floor]
    # the floor triangles themselves index the built area: no costly union of 100 000 footprints
    tree = shapely.STRtree(shapely.polygons(np.concatenate([tri, tri[:, :1]], axis=1)))
    n = normals[walls] if normals is not None else _unit_normals(vertices, triangles[walls])[0]
    horizontal = n[:, :2] / np.maximum(np.linalg.norm(n[:, :2], axis=1, keepdims=True), 1e-12)
    probe = vertices[triangles[walls]].mean(axis=1)[:, :2] + horizontal * probe_m
    # bounding-box candidates from the tree, then an exact point-in-triangle test in numpy
    # (GEOS predicates on 1.6 million points cost several times more)
    cand_probe, cand_floor = tree.query(shapely.points(probe))
    keep = floor_owner[cand_floor] != triangle_building[walls][cand_probe]
    cand_probe, cand_floor = cand_probe[keep], cand_floor[keep]
    a, bb, c = tri[cand_floor, 0], tri[cand_floor, 1], tri[cand_floor, 2]
    p = probe[cand_probe]

    def side(u, v, w):
        return (v[:, 0] - u[:, 0]) * (w[:, 1] - u[:, 1]) - (v[:, 1] - u[:, 1]) * (w[:, 0] - u[:, 0])

    s1, s2, s3 = side(a, bb, p), side(bb, c, p), side(c, a, p)
    inside = ((s1 >= 0) & (s2 >= 0) & (s3 >= 0)) | ((s1 <= 0) & (s2 <= 0) & (s3 <= 0))
    out[walls[cand_probe[inside]]] = True
    return out


def _unit_normals(vertices: np.ndarray, triangles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(t, 3) unit normals (right-hand rule, zero when degenerate) and (t,) areas in m², as BuildingSet computes them."""
    v = np.asarray(vertices, dtype=np.float64)
    cross = np.cross(v[triangles[:, 1]] - v[triangles[:, 0]], v[triangles[:, 2]] - v[triangles[:, 0]])
    norm = np.linalg.norm(cross, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        normals = np.where(norm[:, None] > 0, cross / norm[:, None], 0.0)
    return normals, 0.5 * norm


def face_ground_z(
    vertices: np.ndarray, triangles: np.ndarray, triangle_building: np.ndarray, n_buildings: int,
    ground_height_at=None,
) -> np.ndarray:
    """(t,) ground altitude under each face: the terrain's under its centre (``ground_height_at(x, y)``),
    else, where there is no terrain, its building's lowest point."""
    v = np.asarray(vertices, dtype=np.float64)
    centre = v[triangles].mean(axis=1)
    ground = (np.full(len(triangles), np.nan) if ground_height_at is None
              else np.asarray(ground_height_at(centre[:, 0], centre[:, 1]), dtype=np.float64))
    if not np.isfinite(ground).all():
        low = np.full(n_buildings, np.inf)
        np.minimum.at(low, np.repeat(triangle_building, 3), v[triangles.ravel(), 2])
        ground = np.where(np.isfinite(ground), ground, low[triangle_building])
    return ground


@dataclass(frozen=True)
class FaceSuitability:
    """Per face (length t) and per building (length b) results of :func:`face_suitability`."""

    green_roof: np.ndarray
    """(t,) bool"""
    urban_farm: np.ndarray
    """(t,) bool"""
    green_wall_area_m2: np.ndarray
    """(t,) m² of each wall face that can be greened (0 elsewhere)"""
    pv_green_conflict: np.ndarray
    """(t,) bool, False everywhere without irradiation"""
    areas_m2: np.ndarray
    """(t,) face areas"""
    roof_green_m2: np.ndarray
    roof_farm_m2: np.ndarray
    wall_green_m2: np.ndarray


def face_suitability(
    vertices: np.ndarray, triangles: np.ndarray, triangle_building: np.ndarray, triangle_surface: np.ndarray,
    ground_z: np.ndarray, irradiation_kwh_m2: np.ndarray | None = None, n_buildings: int | None = None,
    normals_areas: tuple[np.ndarray, np.ndarray] | None = None,
) -> FaceSuitability:
    """Green roof, urban farm and green wall suitability of every face of a building mesh.

    The one kernel behind :func:`compute_vegetation` and the pipeline stage
    :class:`analysis.vegetation_stage.GreenRoofSuitabilityFilter`. Rules:
    :func:`roof_suitability` for roofs; walls lose their party walls
    (:func:`party_walls_of`), the walls without light for climbers
    (:func:`wall_orientation_ok`) and their part below the shop-front level,
    and a building needs ``GREEN_WALL_MIN_AREA_M2`` of what is left.

    vertices (v, 3) float, local metres; triangles (t, 3) int; triangle_building (t,) int;
    triangle_surface (t,) SurfaceType codes; ground_z (t,) ground altitude under each face, m;
    irradiation_kwh_m2 (t,) per face, kWh/m²/year, or None; normals_areas: the faces' (t, 3) unit normals
    and (t,) areas in m² when already known (a BuildingSet caches them).
    """
    from city.model import SurfaceType

    building = np.asarray(triangle_building, dtype=np.int64)
    n_b = n_buildings if n_buildings is not None else (int(building.max()) + 1 if len(building) else 0)
    normals, areas = normals_areas if normals_areas is not None else _unit_normals(vertices, triangles)
    irr = None if irradiation_kwh_m2 is None else np.asarray(irradiation_kwh_m2, dtype=np.float64)
    roofs = roof_suitability(normals, areas, triangle_surface == SurfaceType.ROOF, building, irr)
    is_wall = triangle_surface == SurfaceType.WALL
    is_wall &= ~party_walls_of(vertices, triangles, building, triangle_surface, normals=normals)
    is_wall &= wall_orientation_ok(normals, irr)
    wall_area = green_wall_area_m2(np.asarray(vertices, dtype=np.float64), triangles, is_wall, ground_z)
    wall_ok = np.bincount(building, weights=wall_area, minlength=n_b)
    wall_ok = np.where(wall_ok >= GREEN_WALL_MIN_AREA_M2, wall_ok, 0.0)
    wall_area = np.where(wall_ok[building] > 0, wall_area, 0.0)
    return FaceSuitability(
        roofs.green_roof, roofs.urban_farm, wall_area, pv_green_conflicts(irr, roofs.green_roof), areas,
        np.bincount(building, weights=areas * roofs.green_roof, minlength=n_b),
        np.bincount(building, weights=areas * roofs.urban_farm, minlength=n_b),
        wall_ok,
    )


# --------------------------------------------------------------------------- canopy around buildings

CANOPY_SURROUNDINGS_BUFFER_M = 20.0
"""A building's surroundings: the ring from its footprint out to 20 m (the footprint itself left out), where its
street trees and courtyard trees stand."""
CANOPY_SURROUNDINGS_MIN_COVERED = 0.5
"""A building gets no surroundings figure (NaN) when less than half of its ring lies on the canopy grid."""
CANOPY_ARC_STEPS = 16
"""Each corner of a footprint triangle grows by an arc of at most 180°, drawn with 16 chords (11.25° or less, as
shapely's default buffer), the chords' ends on the circle."""


@dataclass(frozen=True)
class CanopyGrid:
    """A canopy mask (row 0 at ymin) over ``extent`` = (xmin, xmax, ymin, ymax), local metres, and how it was made."""

    mask: np.ndarray
    extent: tuple[float, float, float, float]
    source: str


def canopy_grid(city, cell_m: float = 1.0) -> CanopyGrid | None:
    """The canopy of what ``city`` holds: its LiDAR clouds' vegetation classes when they have some, else its
    DHM and NDVI grids (sampled on the DHM's cells); None when it has neither."""
    clouds = [c for c in city.point_clouds if len(c) and np.isin(c.classification, (4, 5)).any()]
    if clouds:
        xyz = np.concatenate([c.positions for c in clouds])
        cls = np.concatenate([c.classification for c in clouds])
        lo, hi = xyz.min(axis=0), xyz.max(axis=0)
        extent = (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))
        return CanopyGrid(canopy_from_points(xyz, cls, extent, cell_m), extent,
                          f"LiDAR classes 4-5, {CANOPY_MIN_HEIGHT_M:g} m above ground, {cell_m:g} m cells")
    dhm = next((g for g in city.grids if g.kind == "dhm"), None)
    nd = next((g for g in city.grids if g.kind == "ndvi"), None)
    if dhm is None or nd is None:
        return None
    ny, nx = dhm.values.shape
    gx, gy = np.meshgrid(dhm.x0 + np.arange(nx) * dhm.dx, dhm.y0 + np.arange(ny) * dhm.dy)
    return CanopyGrid(canopy_from_rasters(dhm.values, nd.value_at(gx, gy)), dhm.extent,
                      f"DHM >= {CANOPY_MIN_HEIGHT_M:g} m and NDVI >= {CANOPY_MIN_NDVI:g}, {dhm.dx:g} m cells")


CANOPY_MAP_BLOCK_M = 5.0
"""The canopy map shows the cover of 5 m x 5 m blocks: a tree crown reads as a patch, a street's row of trees as a band."""


def canopy_cover_grid(canopy: CanopyGrid, block_m: float = CANOPY_MAP_BLOCK_M):
    """Canopy cover (%) of ``block_m`` blocks of the canopy mask, as a ScalarGrid of kind "canopy" (row 0 at ymin).

    Each block's value is the share of its mask cells that are canopy; the blocks at the
    north and east edges may be partial and count only the cells they hold.
    """
    from city.raster import ScalarGrid

    mask = np.asarray(canopy.mask, dtype=np.float64)
    ny, nx = mask.shape
    xmin, xmax, ymin, ymax = canopy.extent
    cell_x, cell_y = (xmax - xmin) / nx, (ymax - ymin) / ny
    f = max(1, int(round(block_m / max(cell_x, cell_y))))
    by, bx = -(-ny // f), -(-nx // f)
    padded = np.full((by * f, bx * f), np.nan)
    padded[:ny, :nx] = mask
    blocks = padded.reshape(by, f, bx, f)
    cover = 100.0 * np.nanmean(blocks, axis=(1, 3))
    return ScalarGrid("Tree canopy cover", cover, xmin + f * cell_x / 2, ymin + f * cell_y / 2, f * cell_x, f * cell_y,
                      "canopy", "%", attributes={"source": canopy.source})


def building_footprints(
    vertices: np.ndarray, triangles: np.ndarray, triangle_building: np.ndarray, triangle_surface: np.ndarray,
    n_buildings: int,
) -> np.ndarray:
    """(b,) shapely geometries: each building's ground surfaces seen from above (its roofs when it has none);
    None for a building with neither."""
    import shapely

    from city.model import SurfaceType

    out = np.full(n_buildings, None, dtype=object)
    done = np.zeros(n_buildings, dtype=bool)
    building = np.asarray(triangle_building, dtype=np.int64)
    for surface in (SurfaceType.GROUND, SurfaceType.ROOF):
        faces = np.flatnonzero((triangle_surface == surface) & ~done[building])
        if not len(faces):
            continue
        tri = np.asarray(vertices, dtype=np.float64)[triangles[faces]][:, :, :2]
        polys = shapely.polygons(np.concatenate([tri, tri[:, :1]], axis=1))
        owner = building[faces]
        order = np.argsort(owner, kind="stable")
        owners, starts = np.unique(owner[order], return_index=True)
        for k, parts in zip(owners, np.split(polys[order], starts[1:])):
            # snapping to a millimetre grid closes the slivers between the triangles of one floor
            out[k] = shapely.union_all(parts, grid_size=0.001)
        done[owners] = True
    return out


def footprint_triangles(
    vertices: np.ndarray, triangles: np.ndarray, triangle_building: np.ndarray, triangle_surface: np.ndarray,
    n_buildings: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each building's footprint as triangles seen from above: its ground surfaces, its roofs when it has none.

    Returns (m, 3, 2) float64 corners (local metres) and (m,) int64 the building of each; a building with neither
    has no triangle. The triangles may overlap (roofs); :func:`canopy_cover_around_triangles` takes them as they are.
    """
    from city.model import SurfaceType

    building = np.asarray(triangle_building, dtype=np.int64)
    done = np.zeros(n_buildings, dtype=bool)
    picked = []
    for surface in (SurfaceType.GROUND, SurfaceType.ROOF):
        faces = np.flatnonzero((np.asarray(triangle_surface) == surface) & ~done[building])
        picked.append(faces)
        done[building[faces]] = True
    faces = np.concatenate(picked)
    return np.asarray(vertices, dtype=np.float64)[np.asarray(triangles)[faces]][:, :, :2], building[faces]


def canopy_cover_around(
    mask: np.ndarray, extent: tuple[float, float, float, float], footprints: np.ndarray,
    buffer_m: float = CANOPY_SURROUNDINGS_BUFFER_M,
) -> np.ndarray:
    """Canopy cover (0..1) of each building's surroundings: the cells whose centre lies within ``buffer_m`` of the
    footprint and outside it.

    mask : (ny, nx) bool, row 0 at ymin, over ``extent`` = (xmin, xmax, ymin, ymax); footprints : (b,) shapely
    geometries or None. Returns (b,) float; NaN where there is no footprint or less than
    ``CANOPY_SURROUNDINGS_MIN_COVERED`` of the ring's cells lie on the grid. The footprints are triangulated
    (constrained Delaunay, holes kept) and measured by :func:`canopy_cover_around_triangles`.
    """
    import shapely

    if buffer_m <= 0:
        raise ValueError(f"the surroundings buffer must be positive, got {buffer_m} m")
    geoms = np.asarray(footprints, dtype=object)
    parts, owner = shapely.get_parts(shapely.constrained_delaunay_triangles(geoms), return_index=True)
    keep = shapely.get_type_id(parts) == 3
    corners = shapely.get_coordinates(shapely.get_exterior_ring(parts[keep])).reshape(-1, 4, 2)[:, :3]
    return canopy_cover_around_triangles(mask, extent, corners, owner[keep], len(geoms), buffer_m)


def canopy_cover_around_triangles(
    mask: np.ndarray, extent: tuple[float, float, float, float], triangles_xy: np.ndarray, owner: np.ndarray,
    n_buildings: int, buffer_m: float = CANOPY_SURROUNDINGS_BUFFER_M,
) -> np.ndarray:
    """Canopy cover (0..1) of each building's surroundings, its footprint given as triangles.

    A cell is in a building's ring when its centre lies within ``buffer_m`` of one of the building's triangles
    and inside none of them. A triangle grown by ``buffer_m`` (edges moved out, corners rounded by arcs of
    ``CANOPY_ARC_STEPS`` chords) is convex, so it covers one span of cells per row, between the two places its
    outline crosses the row. The spans of one building's triangles on a row are merged by a sweep over their ends,
    counting the grown and the plain triangles open there, so triangles may touch or overlap. Each merged span's
    canopy cells come from a per-row running sum of the mask: the work grows with the number of (triangle, row)
    pairs, not with the rings' areas, and no polygon is unioned (the demo's 2,301 buildings: 0.15 s, the former
    cell-by-cell test of shapely rings took 1.9 s with the unions).

    mask : (ny, nx) bool, row 0 at ymin, over ``extent`` = (xmin, xmax, ymin, ymax); triangles_xy : (m, 3, 2)
    float, local metres; owner : (m,) int, the building (0..n_buildings-1) of each triangle. Returns
    (n_buildings,) float; NaN for a building without triangles, or with less than
    ``CANOPY_SURROUNDINGS_MIN_COVERED`` of its ring's cells on the grid.
    """
    if buffer_m <= 0:
        raise ValueError(f"the surroundings buffer must be positive, got {buffer_m} m")
    mask = np.asarray(mask, dtype=bool)
    out = np.full(n_buildings, np.nan)
    tri = np.array(triangles_xy, dtype=np.float64).reshape(-1, 3, 2)  # a copy: turned below
    owner = np.asarray(owner, dtype=np.int64)
    # counter-clockwise, as the sweep needs; flat triangles (walls seen from above) cover nothing
    (ax, ay), (bx, by) = (tri[:, 1] - tri[:, 0]).T, (tri[:, 2] - tri[:, 0]).T
    twice_area = ax * by - ay * bx
    tri[twice_area < 0] = tri[twice_area < 0][:, ::-1]
    flat = np.abs(twice_area) <= 1e-9 * np.maximum(ax * ax + ay * ay + bx * bx + by * by, 1e-300)
    tri, owner = tri[~flat], owner[~flat]
    if not len(tri) or not mask.size:
        return out
    xmin, xmax, ymin, ymax = extent
    ny, nx = mask.shape
    cx, cy = (xmax - xmin) / nx, (ymax - ymin) / ny
    lo, hi = tri.min(axis=1) - buffer_m, tri.max(axis=1) + buffer_m
    # buildings whose ring cannot reach the grid are left out at once (most of a city around a LiDAR tile)
    near = np.zeros(n_buildings, dtype=bool)
    near[owner[(hi[:, 0] > xmin) & (lo[:, 0] < xmax) & (hi[:, 1] > ymin) & (lo[:, 1] < ymax)]] = True
    keep = np.flatnonzero(near[owner])
    if not len(keep):
        return out
    # rows of cell centres each grown triangle spans (rows off the grid count toward the ring's size)
    j0 = np.ceil((lo[keep, 1] - ymin) / cy - 0.5).astype(np.int64)
    rows = np.maximum(np.ceil((hi[keep, 1] - ymin) / cy - 0.5).astype(np.int64) - j0, 0)
    # buildings in order of their lowest row, so that each chunk of a million or so (triangle, row) pairs
    # covers a band of rows, the only rows whose running sums it needs
    first_row = np.full(n_buildings, np.iinfo(np.int64).max)
    np.minimum.at(first_row, owner[keep], j0)
    order = np.lexsort((owner[keep], first_row[owner[keep]]))
    keep, j0, rows = keep[order], j0[order], rows[order]
    kept_owner = owner[keep]
    last_of_building = np.flatnonzero(np.r_[kept_owner[1:] != kept_owner[:-1], True])
    pairs_before = np.cumsum(rows)[last_of_building]
    chunk = pairs_before // 1_000_000
    stops = last_of_building[np.r_[chunk[1:] != chunk[:-1], True]] + 1
    sums = np.zeros((3, n_buildings))  # ring cells, ring cells on the grid, canopy cells
    start = 0
    for stop in stops:
        s = slice(start, stop)
        _ring_cells(mask, (xmin, ymin, cx, cy), tri[keep[s]], kept_owner[s], buffer_m, sums)
        start = stop
    ring, on_grid, canopy = sums
    ok = (on_grid > 0) & (on_grid >= CANOPY_SURROUNDINGS_MIN_COVERED * ring)
    out[ok] = canopy[ok] / on_grid[ok]
    return out


def _grown_triangles(tri: np.ndarray, buffer_m: float) -> np.ndarray:
    """(m, 3, 2) counter-clockwise triangles -> (m, 3 * (CANOPY_ARC_STEPS + 1), 2) counter-clockwise convex
    polygons: each triangle grown by ``buffer_m`` (its edges moved out, its corners rounded)."""
    edge = np.roll(tri, -1, axis=1) - tri  # edge k runs from corner k to corner k + 1
    normal_rad = np.arctan2(-edge[..., 0], edge[..., 1])  # outward (right-hand) normal of each edge, radians
    start = np.roll(normal_rad, 1, axis=1)  # corner k turns from the normal of edge k - 1 to that of edge k
    turn = np.mod(normal_rad - start, 2 * np.pi)
    angle = start[..., None] + turn[..., None] * np.linspace(0.0, 1.0, CANOPY_ARC_STEPS + 1)
    arcs = tri[:, :, None, :] + buffer_m * np.stack([np.cos(angle), np.sin(angle)], axis=-1)
    return arcs.reshape(len(tri), -1, 2)


def _row_crossings(polygons: np.ndarray, group: np.ndarray, grid: tuple[float, float, float, float],
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Where the edges of counter-clockwise ``polygons`` (m, v, 2) cross the rows of cell centres.

    Returns, per crossing: the polygon's ``group``, the row, the first column whose centre lies at or beyond the
    crossing, and whether the polygon opens there (an edge going down: the left side) or closes (going up). Each
    edge counts the rows from its lower end up to, not including, its upper end, so a row through a vertex is
    crossed once on each side."""
    xmin, ymin, cx, cy = grid
    a = polygons.reshape(-1, 2)
    b = np.roll(polygons, -1, axis=1).reshape(-1, 2)
    j_a = np.ceil((a[:, 1] - ymin) / cy - 0.5).astype(np.int64)
    j_b = np.ceil((b[:, 1] - ymin) / cy - 0.5).astype(np.int64)
    first, rows = np.minimum(j_a, j_b), np.abs(j_b - j_a)
    edges = np.flatnonzero(rows)
    first, rows = first[edges], rows[edges]
    ax, ay, bx, by = a[edges, 0], a[edges, 1], b[edges, 0], b[edges, 1]
    slope = (bx - ax) / (by - ay)
    # the crossing's column, as a fraction, is linear in the row: u = at_row_0 + row * per_row
    per_row = slope * cy / cx
    at_row_0 = (ax + (ymin + 0.5 * cy - ay) * slope - xmin) / cx - 0.5
    k = np.repeat(np.arange(len(edges)), rows)
    row = np.repeat(first - np.cumsum(rows) + rows, rows) + np.arange(len(k))
    col = np.ceil(at_row_0[k] + row * per_row[k]).astype(np.int64)
    return group[edges // polygons.shape[1]][k], row, col, (by < ay)[k]


def _ring_cells(mask: np.ndarray, grid: tuple[float, float, float, float], tri: np.ndarray, owner: np.ndarray,
                buffer_m: float, sums: np.ndarray) -> None:
    """Add to ``sums`` (3, b) the ring cells, those on the grid and the canopy ones of the buildings of the
    counter-clockwise triangles ``tri`` (whole buildings, ``owner`` grouped); see
    :func:`canopy_cover_around_triangles`."""
    ny, nx = mask.shape
    local = np.r_[0, np.cumsum(owner[1:] != owner[:-1])]
    buildings = owner[np.r_[0, np.flatnonzero(owner[1:] != owner[:-1]) + 1]]
    grown = _row_crossings(_grown_triangles(tri, buffer_m), local, grid)
    plain = _row_crossings(tri, local, grid)
    group = np.concatenate([grown[0], plain[0]])
    row = np.concatenate([grown[1], plain[1]])
    col = np.concatenate([grown[2], plain[2]])
    # kinds 0/1 open/close a grown triangle, 2/3 a plain one
    kind = np.concatenate([1 - grown[3], 3 - plain[3]]).astype(np.int64)
    if not len(col):
        return
    row0, col0 = int(row.min()), int(col.min())
    row_bits, col_bits = (int(row.max()) - row0).bit_length(), (int(col.max()) - col0).bit_length()
    if (len(buildings) - 1).bit_length() + row_bits + col_bits + 2 > 63:
        raise ValueError(f"canopy grid of {nx} x {ny} cells too large for the surroundings sweep: use coarser cells")
    # one sortable integer per crossing: (building, row, column, kind) in bit fields. Crossings at the same
    # column enclose no cell, so their order among themselves does not matter.
    keys = (((((group << row_bits) | (row - row0)) << col_bits) | (col - col0)) << 2) | kind
    keys.sort()
    kind = keys & 3
    col = ((keys >> 2) & ((1 << col_bits) - 1)) + col0
    line = keys >> (2 + col_bits)  # (building, row)
    # every polygon closes on each row it opens, so the open counts come back to 0 at each new (building, row)
    grown_open = np.cumsum((kind == 0).astype(np.int32) - (kind == 1))
    plain_open = np.cumsum((kind == 2).astype(np.int32) - (kind == 3))
    span = np.flatnonzero((line[:-1] == line[1:]) & (col[1:] > col[:-1]) & (grown_open[:-1] > 0)
                          & (plain_open[:-1] == 0))
    b, r = buildings[line[span] >> row_bits], (line[span] & ((1 << row_bits) - 1)) + row0
    c0, c1 = col[span], col[span + 1]
    n_b = sums.shape[1]
    sums[0] += np.bincount(b, c1 - c0, minlength=n_b)
    on = (r >= 0) & (r < ny)
    b, r, c0, c1 = b[on], r[on], np.clip(c0[on], 0, nx), np.clip(c1[on], 0, nx)
    on = c1 > c0
    b, r, c0, c1 = b[on], r[on], c0[on], c1[on]
    if not len(b):
        return
    sums[1] += np.bincount(b, c1 - c0, minlength=n_b)
    band0, band1 = int(r.min()), int(r.max()) + 1
    running = np.zeros((band1 - band0, nx + 1), dtype=np.int32)
    np.cumsum(mask[band0:band1], axis=1, dtype=np.int32, out=running[:, 1:])
    sums[2] += np.bincount(b, running[r - band0, c1] - running[r - band0, c0], minlength=n_b)


@dataclass
class VegetationResult:
    """Per-face arrays (aligned with ``BuildingSet.triangles``) and per-building / per-zone areas, m²."""

    green_roof_suitability: np.ndarray
    urban_farm_suitability: np.ndarray
    green_wall_area_m2: np.ndarray
    roof_green_m2: np.ndarray
    roof_farm_m2: np.ndarray
    wall_green_m2: np.ndarray
    zones: dict[str, dict[str, float]]
    thresholds: dict[str, float]
    pv_green_conflict: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint8))
    """(t,) 1 on roof faces favourable to PV and suited to a green roof (empty without the solar analysis)."""
    canopy_cover_surroundings: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """(b,) canopy cover (0..1) within ``CANOPY_SURROUNDINGS_BUFFER_M`` of each building (see
    :func:`canopy_cover_around`); empty without canopy data, NaN for buildings off the canopy grid."""
    canopy_source: str = ""
    """How the canopy was found ("" without canopy data)."""
    canopy: CanopyGrid | None = None
    """The canopy mask the figures come from (None without canopy data); :func:`canopy_cover_grid` maps it."""

    def face_arrays(self, triangle_building: np.ndarray) -> dict[str, np.ndarray]:
        """The per-face arrays to add to ``BuildingSet.face_data`` (float32), the surroundings' canopy cover
        spread over every face of its building when there is one."""
        out = {
            "green_roof_suitability": self.green_roof_suitability.astype(np.float32),
            "urban_farm_suitability": self.urban_farm_suitability.astype(np.float32),
            "green_wall_area_m2": self.green_wall_area_m2.astype(np.float32),
        }
        if len(self.canopy_cover_surroundings):
            out["canopy_cover_surroundings"] = self.canopy_cover_surroundings[triangle_building].astype(np.float32)
        return out


def compute_vegetation(city, canopy_mask=None, canopy_extent=None, buffer_m: float = CANOPY_SURROUNDINGS_BUFFER_M,
                       canopy_source: str = "") -> VegetationResult:
    """Green roof and wall suitability for every building, areas per building and zone, canopy cover.

    Uses the solar analysis' ``solar_irradiation_kwh_m2`` face array when the
    buildings have it (urban agriculture needs sun). ``canopy_mask`` (row 0 at
    ymin) over ``canopy_extent`` gives the canopy; without it, the city's own
    LiDAR or DHM + NDVI layers do (:func:`canopy_grid`). With a canopy, the
    result has the canopy cover per zone and around each building (within
    ``buffer_m`` of its footprint). ``canopy_source`` says how a given mask was made.
    """
    b = city.buildings
    irr = b.face_data.get("solar_irradiation_kwh_m2")
    ground = face_ground_z(b.vertices, b.triangles, b.triangle_building, len(b), city.ground_height_at)
    fs = face_suitability(b.vertices, b.triangles, b.triangle_building, b.triangle_surface, ground, irr, len(b),
                          (b.triangle_normals(), b.triangle_areas_m2()))
    areas = fs.areas_m2
    canopy = None
    if canopy_mask is not None and canopy_extent is not None:
        canopy = CanopyGrid(np.asarray(canopy_mask, dtype=bool), tuple(canopy_extent),
                            canopy_source or "canopy grid given")
    elif canopy_mask is None:
        canopy = canopy_grid(city)
    around = np.zeros(0)
    if canopy is not None and len(b):
        corners, owner = footprint_triangles(b.vertices, b.triangles, b.triangle_building, b.triangle_surface, len(b))
        around = canopy_cover_around_triangles(canopy.mask, canopy.extent, corners, owner, len(b), buffer_m)
    zones = {}
    if city.zones and len(b):
        import shapely

        centre = b.vertices[b.triangles].mean(axis=1)
        footprint_centre = np.zeros((len(b), 2))
        np.add.at(footprint_centre, b.triangle_building, centre[:, :2])
        footprint_centre /= np.maximum(np.bincount(b.triangle_building, minlength=len(b)), 1)[:, None]
        for zone in city.zones:
            inside = shapely.contains_xy(shapely.Polygon(zone.polygon.exterior), footprint_centre[:, 0], footprint_centre[:, 1])
            z = {
                "buildings": float(inside.sum()),
                "green_roof_ha": float(hectares(fs.roof_green_m2[inside].sum())),
                "urban_farm_ha": float(hectares(fs.roof_farm_m2[inside].sum())),
                "green_wall_ha": float(hectares(fs.wall_green_m2[inside].sum())),
                "pv_green_conflict_ha": float(hectares((areas * fs.pv_green_conflict)[inside[b.triangle_building]].sum())),
            }
            if canopy is not None:
                mask = polygon_mask(zone.polygon.exterior, canopy.extent, canopy.mask.shape)
                z["canopy_cover"] = cover_fraction(canopy.mask, mask)
            zones[zone.name] = z
    thresholds = {
        "green_roof_max_slope_deg": GREEN_ROOF_MAX_SLOPE_DEG, "green_roof_min_area_m2": GREEN_ROOF_MIN_AREA_M2,
        "urban_farm_max_slope_deg": URBAN_FARM_MAX_SLOPE_DEG, "urban_farm_min_area_m2": URBAN_FARM_MIN_AREA_M2,
        "urban_farm_min_irradiation_kwh_m2": URBAN_FARM_MIN_IRRADIATION_KWH_M2,
        "green_wall_min_area_m2": GREEN_WALL_MIN_AREA_M2, "green_wall_shopfront_m": GREEN_WALL_SHOPFRONT_HEIGHT_M,
        ("green_wall_min_irradiation_kwh_m2" if irr is not None else "green_wall_not_within_deg_of_north"):
            GREEN_WALL_MIN_IRRADIATION_KWH_M2 if irr is not None else GREEN_WALL_NORTH_HALF_ANGLE_DEG,
        "pv_favourable_kwh_m2": PV_FAVOURABLE_KWH_M2,
    }
    if canopy is not None:
        thresholds.update({"canopy_min_height_m": CANOPY_MIN_HEIGHT_M, "canopy_surroundings_buffer_m": buffer_m})
    return VegetationResult(
        fs.green_roof.astype(np.uint8), fs.urban_farm.astype(np.uint8), fs.green_wall_area_m2,
        fs.roof_green_m2, fs.roof_farm_m2, fs.wall_green_m2, zones, thresholds,
        fs.pv_green_conflict.astype(np.uint8), around, canopy.source if canopy is not None else "", canopy,
    )


# --------------------------------------------------------------------------- trees, targets and conflicts

PLAN_TARGETS = {"new_trees": 20_000, "new_green_space_ha": 30.0, "greened_roofs_walls_ha": 100.0,
                "urban_agriculture_share": 1 / 3}
"""The greening targets of "Paris intelligent et durable — Perspective 2020 et au-delà" (Ville de Paris, 2015),
for the whole city: 20,000 new trees, 30 ha of new green space, 100 ha of greened roofs and walls of which a
third for urban agriculture."""

HEIGHT_BINS_M = (0.0, 5.0, 10.0, 15.0, 20.0, np.inf)
CIRCUMFERENCE_BINS_CM = (0.0, 50.0, 100.0, 150.0, 200.0, np.inf)
PV_FAVOURABLE_KWH_M2 = 1000.0
"""Paris's solar cadastre calls a roof "favourable" to PV from 1,000 kWh/m²/year."""
GREEN_WALL_NORTH_HALF_ANGLE_DEG = 30.0
"""Without the solar analysis, walls facing within 30° of north are left out (too little light for most climbers)."""
GREEN_WALL_MIN_IRRADIATION_KWH_M2 = 250.0
"""With the solar analysis: a wall needs 250 kWh/m²/year or more to be greened."""


def tree_stats(species: np.ndarray, height_m: np.ndarray, trunk_diameter_m: np.ndarray) -> dict[str, Any]:
    """Count, species diversity (number of species and Shannon index H = -sum p ln p), height and
    circumference distributions (counts per bin of HEIGHT_BINS_M and CIRCUMFERENCE_BINS_CM)."""
    n = len(height_m)
    names = np.array([str(s).strip() for s in species if s is not None and str(s).strip() not in ("", "nan", "None")],
                     dtype=str)
    unique, counts = np.unique(names, return_counts=True) if len(names) else (np.array([], dtype=str), np.zeros(0, int))
    p = counts / counts.sum() if len(counts) else np.zeros(0)
    order = np.argsort(-counts, kind="stable")
    circumference_cm = np.asarray(trunk_diameter_m, dtype=np.float64) * np.pi * 100.0
    return {
        "trees": n,
        "species": int(len(counts)),
        "shannon": float(-(p * np.log(p)).sum()) if len(p) else 0.0,
        "top_species": [(str(unique[k]), int(counts[k])) for k in list(order)[:5]],
        "height_counts": np.histogram(np.asarray(height_m, dtype=np.float64), bins=HEIGHT_BINS_M)[0].tolist(),
        "circumference_counts": np.histogram(circumference_cm, bins=CIRCUMFERENCE_BINS_CM)[0].tolist(),
    }


def trees_by_zone(city) -> dict[str, dict[str, Any]]:
    """:func:`tree_stats` for every zone of the city (trees whose trunk stands inside)."""
    import shapely

    t = city.trees
    out = {}
    species = t.attributes.get("species", np.full(len(t), None, dtype=object))
    for zone in city.zones:
        poly = shapely.Polygon(zone.polygon.exterior, zone.polygon.holes)
        inside = shapely.intersects_xy(poly, t.positions[:, 0], t.positions[:, 1]) if len(t) else np.zeros(0, bool)
        out[zone.name] = tree_stats(np.asarray(species)[inside], t.height_m[inside], t.trunk_diameter_m[inside])
    return out


def pv_green_conflicts(irradiation_kwh_m2: np.ndarray | None, green_roof: np.ndarray) -> np.ndarray:
    """(t,) bool: roof faces both favourable to PV (>= 1,000 kWh/m²/year) and suited to a green roof.

    Planners choose between them, or combine them as a biosolar roof. False everywhere when the
    solar analysis has not run.
    """
    green = np.asarray(green_roof).astype(bool)
    if irradiation_kwh_m2 is None:
        return np.zeros(len(green), dtype=bool)
    return green & (np.nan_to_num(np.asarray(irradiation_kwh_m2, dtype=np.float64)) >= PV_FAVOURABLE_KWH_M2)


def wall_orientation_ok(normals: np.ndarray, irradiation_kwh_m2: np.ndarray | None = None) -> np.ndarray:
    """(t,) bool: walls with light enough for climbers (see the two thresholds above)."""
    if irradiation_kwh_m2 is not None:
        return np.nan_to_num(np.asarray(irradiation_kwh_m2, dtype=np.float64)) >= GREEN_WALL_MIN_IRRADIATION_KWH_M2
    horizontal = normals[:, :2] / np.maximum(np.linalg.norm(normals[:, :2], axis=1, keepdims=True), 1e-12)
    return horizontal[:, 1] < np.cos(np.radians(GREEN_WALL_NORTH_HALF_ANGLE_DEG))


def targets(offer: dict[str, float], scenario: dict[str, float], zone_share: float | None = None) -> list[dict[str, Any]]:
    """Rows of the targets dashboard: each target, what the loaded area offers, what the scenario adds.

    offer : {"green_roof_ha", "green_wall_ha", "urban_farm_ha"} from the suitability analysis
    scenario : {"trees", "green_space_ha"} planted and drawn by the user
    zone_share : unused (targets are for the whole city; shares are shown as such)
    """
    greened = offer.get("green_roof_ha", 0.0) + offer.get("green_wall_ha", 0.0)
    return [
        {"key": "new_trees", "target": PLAN_TARGETS["new_trees"], "offer": None, "scenario": scenario.get("trees", 0),
         "unit": "trees"},
        {"key": "new_green_space_ha", "target": PLAN_TARGETS["new_green_space_ha"], "offer": None,
         "scenario": scenario.get("green_space_ha", 0.0), "unit": "ha"},
        {"key": "greened_roofs_walls_ha", "target": PLAN_TARGETS["greened_roofs_walls_ha"], "offer": greened,
         "scenario": 0.0, "unit": "ha"},
        {"key": "urban_agriculture_ha", "target": PLAN_TARGETS["greened_roofs_walls_ha"] * PLAN_TARGETS["urban_agriculture_share"],
         "offer": offer.get("urban_farm_ha", 0.0), "scenario": scenario.get("urban_farm_ha", 0.0), "unit": "ha"},
    ]
