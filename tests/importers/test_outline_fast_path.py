"""The outline of ground surfaces, fast path against the former implementation, on real files.

``outline_polygons`` was rewritten for speed (one packed sort of the edges,
pointer jumping that stops when done, rings placed without a sort, polygons
built in bulk by ``Polygon2D.from_rings``). Its output must be the former one
exactly: same polygons, same order, same points. The former code is kept here,
verbatim, as the reference; both run on the faces the Delft import really
outlines, and on the ground faces of the 3D BAG and Delft buildings.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from importer_helpers import DELFT, MULTI_LOD, data_file

import importers._outline as outline_module
import importers.cityjson as cityjson_module
from city.model import Polygon2D
from importers._mesh import ring_starts
from importers._outline import MIN_RING_AREA_M2, outline_polygons
from importers.cityjson import read_cityjson

# --------------------------------------------------------------------------- the former implementation

def _former_groups_of(mask: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    out = np.zeros(n_groups, dtype=bool)
    out[group[mask]] = True
    return out


def _former_unique_by_vertex(key: np.ndarray, point_vertex: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_index=True, return_inverse=True)[1:]``, sorting one point per vertex only.

    The first point of each vertex stands for it (its points share the key):
    in point order, the first of them with a key is the first point with it.
    """
    n = len(key)
    first_of_vertex = np.full(int(point_vertex.max()) + 1, n, dtype=np.int64)
    np.minimum.at(first_of_vertex, point_vertex, np.arange(n))
    stand_ins = np.sort(first_of_vertex[first_of_vertex < n])
    _, first, inverse = np.unique(key[stand_ins], return_index=True, return_inverse=True)
    vid_of_vertex = np.empty(len(first_of_vertex), dtype=np.int64)
    vid_of_vertex[point_vertex[stand_ins]] = inverse.ravel()
    return stand_ins[first], vid_of_vertex[point_vertex]


def former_outline_polygons(
    xy: np.ndarray,
    ring_lengths: np.ndarray,
    face_rings: np.ndarray,
    face_up: np.ndarray,
    face_group: np.ndarray,
    n_groups: int,
    point_vertex: np.ndarray | None = None,
) -> tuple[list[Polygon2D], np.ndarray, np.ndarray]:
    """``outline_polygons`` as it was before the bulk path (Polygon2D built one by one)."""
    fallback = np.zeros(n_groups, dtype=bool)
    empty = ([], np.zeros(0, np.int64), fallback)
    if not len(xy):
        return empty
    # Vertex identity by position to the millimetre: files may repeat a vertex
    # under several indices, and only x, y matter for an outline.
    q = np.round(xy * 1000.0).astype(np.int64)
    qx, qy = q[:, 0], q[:, 1]  # column by column: reductions along axis 0 of (k, 2) are slow
    x0, y0 = qx.min(), qy.min()
    span = (qx.max() - x0 + 1, qy.max() - y0 + 1)
    if float(span[0]) * float(span[1]) > 2**62:
        fallback[np.unique(face_group)] = True
        return [], np.zeros(0, np.int64), fallback
    key = (qx - x0) * span[1] + (qy - y0)
    if point_vertex is None:
        _, first, vid = np.unique(key, return_index=True, return_inverse=True)
    else:
        first, vid = _former_unique_by_vertex(key, point_vertex)
    vid = vid.ravel()
    vertex_xy = xy[first]
    n_vertices = len(first)

    # Directed edges of every ring, turned so that every face runs counter-clockwise.
    starts = ring_starts(ring_lengths)
    n_points = len(xy)
    nxt = np.arange(1, n_points + 1)
    nxt[starts + ring_lengths - 1] = starts
    point_face = np.repeat(np.repeat(np.arange(len(face_rings)), face_rings), ring_lengths)
    a, b = vid, vid[nxt]
    down = ~face_up[point_face]
    a, b = np.where(down, b, a), np.where(down, a, b)
    group = face_group[point_face]
    keep = a != b
    a, b, group = a[keep], b[keep], group[keep]

    # Interior edges come in opposite pairs; outline edges are alone.
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    if float(n_groups) * n_vertices * n_vertices < 2**62:
        order = np.argsort((group * n_vertices + lo) * n_vertices + hi)  # one key sorts faster than three
    else:
        order = np.lexsort((hi, lo, group))
    a, b, group, lo, hi = a[order], b[order], group[order], lo[order], hi[order]
    new_run = np.r_[True, (group[1:] != group[:-1]) | (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])]
    run_id = np.cumsum(new_run) - 1
    run_length = np.bincount(run_id)[run_id]
    pair_first = new_run & (run_length == 2)
    same_direction = np.zeros(len(a), dtype=bool)
    idx = np.flatnonzero(pair_first)
    same_direction[idx] = a[idx] == a[idx + 1]
    fallback |= _former_groups_of((run_length > 2) | same_direction, group, n_groups)
    outline = (run_length == 1) & ~fallback[group]
    a, b, group = a[outline], b[outline], group[outline]

    # Chain outline edges: each edge's successor starts where it ends. A vertex
    # starting two outline edges (the outline touches itself) is left to GEOS.
    while True:
        if not len(a):
            return [], np.zeros(0, np.int64), fallback
        key = group * n_vertices + a
        order = np.argsort(key, kind="stable")
        a, b, group, key = a[order], b[order], group[order], key[order]
        dup = np.r_[key[1:] == key[:-1], False] | np.r_[False, key[1:] == key[:-1]]
        want = group * n_vertices + b
        succ = np.searchsorted(key, want)
        missing = (succ >= len(key)) | (key[np.minimum(succ, len(key) - 1)] != want)
        bad = _former_groups_of(dup | missing, group, n_groups)
        if not bad.any():
            break
        # Dropping whole groups leaves the others' chains intact: one more pass re-indexes them.
        fallback |= bad
        ok = ~fallback[group]
        a, b, group = a[ok], b[ok], group[ok]
    n_edges = len(a)

    # Cycles of the successor permutation, by pointer jumping: each edge's
    # cycle label is the smallest edge index on it, then the distance to the
    # cycle's end orders the edges from that head round.
    label = np.arange(n_edges)
    jump = succ.copy()
    steps = 1
    while steps < n_edges:
        label = np.minimum(label, label[jump])
        jump = jump[jump]
        steps *= 2
    label = np.minimum(label, label[jump])
    is_head = label == np.arange(n_edges)
    stop = succ.copy()
    ends_cycle = is_head[succ]
    stop[ends_cycle] = np.flatnonzero(ends_cycle)
    to_end = (stop != np.arange(n_edges)).astype(np.int64)
    steps = 1
    while steps < n_edges:
        to_end = to_end + to_end[stop]
        stop = stop[stop]
        steps *= 2
    order = np.lexsort((-to_end, label))
    ring_vertex = a[order]
    ring_label = label[order]
    ring_group = group[order]
    first_of_ring = np.r_[True, ring_label[1:] != ring_label[:-1]]
    ring_start = np.flatnonzero(first_of_ring)
    ring_len = np.diff(np.r_[ring_start, n_edges])
    ring_grp = ring_group[ring_start]

    # Signed areas: counter-clockwise rings are exteriors, clockwise ones holes.
    pts = vertex_xy[ring_vertex]
    nxt = np.arange(1, n_edges + 1)
    nxt[ring_start + ring_len - 1] = ring_start
    origin = pts[np.repeat(ring_start, ring_len)]
    p, r = pts - origin, pts[nxt] - origin
    area = 0.5 * np.add.reduceat(p[:, 0] * r[:, 1] - r[:, 0] * p[:, 1], ring_start)
    real = (np.abs(area) >= MIN_RING_AREA_M2) & (ring_len >= 3)
    exterior = real & (area > 0)
    hole = real & (area < 0)
    n_ext = np.bincount(ring_grp[exterior], minlength=n_groups)
    n_hole = np.bincount(ring_grp[hole], minlength=n_groups)
    # Holes with several exteriors to choose from, or holes with none: GEOS sorts them out.
    fallback |= ((n_ext > 1) & (n_hole > 0)) | ((n_ext == 0) & (n_hole > 0))

    polygons: list[Polygon2D] = []
    polygon_group: list[int] = []
    holes_of: dict[int, list[np.ndarray]] = {}
    for j in np.flatnonzero(hole & ~fallback[ring_grp]).tolist():
        s = ring_start[j]
        holes_of.setdefault(int(ring_grp[j]), []).append(pts[s : s + ring_len[j]])
    for j in np.flatnonzero(exterior & ~fallback[ring_grp]).tolist():
        s = ring_start[j]
        g = int(ring_grp[j])
        polygons.append(Polygon2D(pts[s : s + ring_len[j]], holes_of.get(g, [])))
        polygon_group.append(g)
    polygon_group_arr = np.asarray(polygon_group, dtype=np.int64)
    order = np.argsort(polygon_group_arr, kind="stable")
    return [polygons[i] for i in order.tolist()], polygon_group_arr[order], fallback


def former_polygon_parts(geometries: np.ndarray, owner: np.ndarray) -> tuple[list[Polygon2D], np.ndarray]:
    """``importers.cityjson._polygon_parts`` as it was (Polygon2D built one by one)."""
    import shapely

    from importers._common import split_collections

    if not len(geometries):
        return [], np.zeros(0, np.int64)
    parts, index = shapely.get_parts(geometries, return_index=True)
    parts, owner, types = split_collections(parts, owner[index])
    keep = (types == 3) & (shapely.area(parts) >= 1e-4)
    parts, owner = parts[keep], owner[keep]
    if not len(parts):
        return [], owner
    _, coords, (ring_offsets, polygon_offsets) = shapely.to_ragged_array(parts)
    ro, po = ring_offsets.tolist(), polygon_offsets.tolist()
    out = []
    for k in range(len(parts)):
        rings = [coords[ro[r] : ro[r + 1], :2] for r in range(po[k], po[k + 1])]
        out.append(Polygon2D(rings[0], [h for h in rings[1:] if len(h) >= 4]))
    return out, owner


# --------------------------------------------------------------------------- comparisons


def _assert_same_polygons(got: list[Polygon2D], expected: list[Polygon2D]) -> None:
    assert len(got) == len(expected)
    for k, (p, q) in enumerate(zip(got, expected, strict=True)):
        assert np.array_equal(p.exterior, q.exterior), f"polygon {k}: exterior differs"
        assert len(p.holes) == len(q.holes), f"polygon {k}: {len(p.holes)} holes, expected {len(q.holes)}"
        for h, g in zip(p.holes, q.holes, strict=True):
            assert np.array_equal(h, g), f"polygon {k}: a hole differs"
        assert p.area_m2 == q.area_m2


def _assert_same_outlines(args: tuple, kwargs: dict) -> tuple[list[Polygon2D], np.ndarray, np.ndarray]:
    got = outline_polygons(*args, **kwargs)
    expected = former_outline_polygons(*args, **kwargs)
    _assert_same_polygons(got[0], expected[0])
    np.testing.assert_array_equal(got[1], expected[1])
    assert got[1].dtype == expected[1].dtype
    np.testing.assert_array_equal(got[2], expected[2])
    return got


@pytest.fixture(scope="module")
def delft_ground_inputs(monkeypatch_module) -> list[tuple[tuple, dict]]:
    """The arguments of every outline_polygons call a Delft import makes (its roads, water, land use...)."""
    calls: list[tuple[tuple, dict]] = []

    def spy(*args, **kwargs):
        calls.append((args, kwargs))
        return outline_polygons(*args, **kwargs)

    monkeypatch_module.setattr(cityjson_module, "outline_polygons", spy)
    read_cityjson(data_file(DELFT))
    monkeypatch_module.undo()
    return calls


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_delft_ground_outlines_equal_the_former_ones(delft_ground_inputs):
    assert delft_ground_inputs, "the Delft import outlines its ground objects"
    n_polygons = n_holes = n_fallback = 0
    for args, kwargs in delft_ground_inputs:
        for point_vertex in (kwargs["point_vertex"], None):  # points matched by vertex, and by position only
            polygons, _, fallback = _assert_same_outlines(args, {"point_vertex": point_vertex})
        n_polygons += len(polygons)
        n_holes += sum(len(p.holes) for p in polygons)
        n_fallback += int(fallback.sum())
    # What the file holds: 210 outlined patches (69 holes), one surface folded over itself left to GEOS.
    assert (n_polygons, n_holes, n_fallback) == (210, 69, 1)


def test_delft_ground_outlines_equal_the_former_ones_with_unpacked_keys(delft_ground_inputs, monkeypatch):
    # Sorting edges by several keys is the path for counts too large for one integer key.
    monkeypatch.setattr(outline_module, "_PACKED_KEY_LIMIT", 0.0)
    for args, kwargs in delft_ground_inputs:
        _assert_same_outlines(args, kwargs)


def test_delft_ground_patches_equal_the_former_import(monkeypatch):
    city = read_cityjson(data_file(DELFT))
    monkeypatch.setattr(cityjson_module, "outline_polygons", former_outline_polygons)
    monkeypatch.setattr(cityjson_module, "_polygon_parts", former_polygon_parts)
    former = read_cityjson(data_file(DELFT))
    assert len(city.ground) == len(former.ground) == 211
    assert [(p.cover, p.name) for p in city.ground] == [(p.cover, p.name) for p in former.ground]
    _assert_same_polygons([p.polygon for p in city.ground], [p.polygon for p in former.ground])
    assert str(city.import_report) == str(former.import_report)


def _building_bottom_faces(path: Path, *, crs: str | None, lod: str | None):
    """The triangles of each building turned straight down (its footprint), as outline_polygons inputs.

    By orientation rather than semantics: LoD 1.2 and 1.3 of the 3D BAG and Delft have none.
    """
    buildings = read_cityjson(path, crs=crs, lod=lod).buildings
    triangles = buildings.triangles
    corners = buildings.vertices[triangles]
    normal = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    bottom = normal[:, 2] < -0.99 * np.linalg.norm(normal, axis=1)
    group = buildings.triangle_building[bottom].astype(np.int64)
    n = int(bottom.sum())
    args = (
        corners[bottom][:, :, :2].reshape(-1, 2),
        np.full(n, 3),
        np.ones(n, dtype=np.int64),
        normal[bottom, 2] > 0,
        group,
        len(buildings),
    )
    return args, triangles[bottom].ravel()


@pytest.mark.parametrize("lod", ["1.2", "1.3", "2.2"])
def test_3dbag_footprints_equal_the_former_ones(lod):
    args, point_vertex = _building_bottom_faces(data_file(MULTI_LOD), crs="EPSG:7415", lod=lod)
    for vertex in (point_vertex, None):
        polygons, group, fallback = _assert_same_outlines(args, {"point_vertex": vertex})
    # Each of the 10 buildings stands on one footprint, as large as the floor faces it merges.
    assert group.tolist() == list(range(10)) and not fallback.any()
    xy = args[0].reshape(-1, 3, 2)
    a, b, c = xy[:, 0], xy[:, 1], xy[:, 2]
    face_area = 0.5 * np.abs((b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0]))
    floor_area = np.bincount(args[4], weights=face_area, minlength=10)
    np.testing.assert_allclose([p.area_m2 for p in polygons], floor_area, rtol=1e-9)
    assert floor_area.min() > 9.0
