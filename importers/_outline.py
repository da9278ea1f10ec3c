"""Outlines of flat triangulated surfaces, from their topology (no polygon union).

A road or a land-use parcel in a city model is a flat surface cut into
triangles (or polygons) that share vertices. Seen from above, its outline is
made of the edges that belong to one face only; chained end to start they
form the rings of the outline: counter-clockwise rings are exteriors,
clockwise ones holes. This is a few numpy passes over all edges of all
surfaces at once, where a GEOS union per surface costs milliseconds each.

Surfaces that are not clean 2-manifolds seen from above (overlapping faces,
an edge shared by three faces, a boundary touching itself at a vertex, a
T-junction, several exteriors with holes to sort between them) are reported
back, for the general (GEOS) union to handle.
"""

from __future__ import annotations

import numpy as np

from city.model import Polygon2D
from importers._mesh import ring_starts

MIN_RING_AREA_M2 = 1e-4
"""Rings smaller than 1 cm² (slivers from cracks) are left out."""


def _groups_of(mask: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    out = np.zeros(n_groups, dtype=bool)
    out[group[mask]] = True
    return out


def _unique_by_vertex(key: np.ndarray, point_vertex: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def outline_polygons(
    xy: np.ndarray,
    ring_lengths: np.ndarray,
    face_rings: np.ndarray,
    face_up: np.ndarray,
    face_group: np.ndarray,
    n_groups: int,
    point_vertex: np.ndarray | None = None,
) -> tuple[list[Polygon2D], np.ndarray, np.ndarray]:
    """The outline polygons of each group of faces.

    Parameters
    ----------
    xy : (k, 2) float64
        Ring points, ring after ring, rings not closed, local metres.
    ring_lengths : (r,) int
    face_rings : (f,) int
        Rings per face (exterior first).
    face_up : (f,) bool
        Whether each face turns counter-clockwise seen from above.
    face_group : (f,) int
        The surface (ground object) of each face, in 0..n_groups-1.
    point_vertex : (k,) int, optional
        The vertex each point is (non-negative; points of a vertex have the same
        ``xy``). Only a shortcut: with it, points are matched by position once
        per vertex instead of once per point.

    Returns
    -------
    polygons : list of Polygon2D
    polygon_group : (p,) int64
        Group of each polygon, non-decreasing.
    fallback : (n_groups,) bool
        Groups this method cannot outline; their polygons are not in the result.
    """
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
        first, vid = _unique_by_vertex(key, point_vertex)
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
    fallback |= _groups_of((run_length > 2) | same_direction, group, n_groups)
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
        bad = _groups_of(dup | missing, group, n_groups)
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
