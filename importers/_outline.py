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

_PACKED_KEY_LIMIT = 2.0**62
"""Edges are sorted by one integer key (group, vertex pair, direction) when these fit below this."""


def _groups_of(mask: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    out = np.zeros(n_groups, dtype=bool)
    out[group[mask]] = True
    return out


def _first_point_of_each_vertex(point_vertex: np.ndarray) -> np.ndarray:
    """The first point of each vertex that has points, in point order."""
    n = len(point_vertex)
    first_of_vertex = np.full(int(point_vertex.max()) + 1, n, dtype=np.int64)
    np.minimum.at(first_of_vertex, point_vertex, np.arange(n))
    return np.sort(first_of_vertex[first_of_vertex < n])


def _unique_by_vertex(key: np.ndarray, point_vertex: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_index=True, return_inverse=True)[1:]``, sorting one point per vertex only.

    The first point of each vertex stands for it (its points share the key):
    in point order, the first of them with a key is the first point with it.
    """
    stand_ins = _first_point_of_each_vertex(point_vertex)
    return _stand_in_ids(key[stand_ins], stand_ins, point_vertex)


def _stand_in_ids(
    stand_in_key: np.ndarray, stand_ins: np.ndarray, point_vertex: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(first point of each distinct key, id of each point's key), from the keys of the stand-ins only."""
    _, first, inverse = np.unique(stand_in_key, return_index=True, return_inverse=True)
    vid_of_vertex = np.empty(int(point_vertex.max()) + 1, dtype=np.int64)
    vid_of_vertex[point_vertex[stand_ins]] = inverse.ravel()
    return stand_ins[first], vid_of_vertex.take(point_vertex)


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
    # under several indices, and only x, y matter for an outline. With the
    # vertex of each point known, one point per vertex is enough to key (a
    # vertex has a few points: one per face around it).
    stand_ins = None if point_vertex is None else _first_point_of_each_vertex(point_vertex)
    q = np.round((xy if stand_ins is None else xy.take(stand_ins, axis=0)) * 1000.0).astype(np.int64)
    qx, qy = q[:, 0], q[:, 1]  # column by column: reductions along axis 0 of (k, 2) are slow
    x0, y0 = qx.min(), qy.min()
    span = (qx.max() - x0 + 1, qy.max() - y0 + 1)
    if float(span[0]) * float(span[1]) > 2**62:
        fallback[np.unique(face_group)] = True
        return [], np.zeros(0, np.int64), fallback
    key = (qx - x0) * span[1] + (qy - y0)
    if stand_ins is None:
        _, first, vid = np.unique(key, return_index=True, return_inverse=True)
        vid = vid.ravel()
    else:
        first, vid = _stand_in_ids(key, stand_ins, point_vertex)
    vertex_xy = xy.take(first, axis=0)
    n_vertices = len(first)

    # Directed edges of every ring (point to next point), turned so that every
    # face runs counter-clockwise: kept as the pair lo < hi of vertex ids and
    # whether the turned edge runs from hi to lo.
    starts = ring_starts(ring_lengths)
    n_points = len(xy)
    nxt = np.arange(1, n_points + 1)
    nxt[starts + ring_lengths - 1] = starts
    face_code = np.asarray(face_group, dtype=np.int64) * 2
    face_code += ~np.asarray(face_up, dtype=bool)
    point_code = np.repeat(np.repeat(face_code, face_rings), ring_lengths)
    a, b = vid, vid.take(nxt)
    keep = a != b
    a, b, point_code = a[keep], b[keep], point_code[keep]
    down = (point_code & 1).astype(bool)
    group = point_code >> 1
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    backwards = (a > b) ^ down

    # Interior edges come in opposite pairs; outline edges are alone.
    if float(n_groups) * n_vertices * n_vertices * 2 < _PACKED_KEY_LIMIT:
        a, b, group = _lone_edges_packed(group, lo, hi, backwards, n_vertices, fallback)
    else:
        a, b, group = _lone_edges(group, lo, hi, backwards, fallback)

    # Chain outline edges: each edge's successor starts where it ends. A vertex
    # starting two outline edges (the outline touches itself) is left to GEOS.
    while True:
        if not len(a):
            return [], np.zeros(0, np.int64), fallback
        key = group * n_vertices + a
        order = np.argsort(key, kind="stable")
        a, b, group, key = a.take(order), b.take(order), group.take(order), key.take(order)
        repeated = key[1:] == key[:-1]
        dup = np.r_[repeated, False] | np.r_[False, repeated]
        want = group * n_vertices + b
        succ = np.searchsorted(key, want)
        missing = (succ >= len(key)) | (key.take(np.minimum(succ, len(key) - 1)) != want)
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
    # cycle's end places the edges from that head round. Jumping stops once
    # nothing changes: a label that a doubled window leaves as it was is
    # already its cycle's minimum (every window's minimum equals the next
    # one's, all round the cycle).
    label = np.arange(n_edges)
    jump = succ.copy()
    while True:
        lower = np.minimum(label, label.take(jump))
        if np.array_equal(lower, label):
            break
        label = lower
        jump = jump.take(jump)
    is_head = label == np.arange(n_edges)
    stop = succ.copy()
    ends_cycle = is_head[succ]
    stop[ends_cycle] = np.flatnonzero(ends_cycle)
    to_end = (stop != np.arange(n_edges)).astype(np.int64)
    while True:
        further = stop.take(stop)
        if np.array_equal(further, stop):  # every edge sees its cycle's end, whose distance is 0
            break
        to_end += to_end.take(stop)
        stop = further
    # Rings in the order of their heads, each from its head round: the head is
    # the farthest from the end.
    heads = np.flatnonzero(is_head)
    ring_len = to_end[heads] + 1
    ring_start = ring_starts(ring_len)
    position = np.empty(n_edges, dtype=np.int64)
    position[heads] = ring_start + ring_len - 1
    position = position.take(label) - to_end
    ring_vertex = np.empty(n_edges, dtype=np.int64)
    ring_vertex[position] = a
    ring_grp = group[heads]

    # Signed areas: counter-clockwise rings are exteriors, clockwise ones holes.
    pts = vertex_xy.take(ring_vertex, axis=0)
    nxt = np.arange(1, n_edges + 1)
    nxt[ring_start + ring_len - 1] = ring_start
    origin = pts.take(np.repeat(ring_start, ring_len), axis=0)
    p, r = pts - origin, pts.take(nxt, axis=0) - origin
    area = 0.5 * np.add.reduceat(p[:, 0] * r[:, 1] - r[:, 0] * p[:, 1], ring_start)
    real = (np.abs(area) >= MIN_RING_AREA_M2) & (ring_len >= 3)
    exterior = real & (area > 0)
    hole = real & (area < 0)
    n_ext = np.bincount(ring_grp[exterior], minlength=n_groups)
    n_hole = np.bincount(ring_grp[hole], minlength=n_groups)
    # Holes with several exteriors to choose from, or holes with none: GEOS sorts them out.
    fallback |= ((n_ext > 1) & (n_hole > 0)) | ((n_ext == 0) & (n_hole > 0))

    # Polygons by group, in ring order: a group with holes has one exterior,
    # which takes them all; each exterior of the others is a polygon alone.
    rings = np.flatnonzero(real & ~fallback[ring_grp])
    rings = rings[np.argsort(ring_grp[rings] * 2 + hole[rings], kind="stable")]
    polygon_first = np.flatnonzero(exterior[rings])
    polygons = Polygon2D.from_rings(
        pts, ring_start[rings], ring_len[rings], np.diff(np.r_[polygon_first, len(rings)])
    )
    return polygons, ring_grp[rings[polygon_first]], fallback


def _lone_edges_packed(
    group: np.ndarray, lo: np.ndarray, hi: np.ndarray, backwards: np.ndarray, n_vertices: int, fallback: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The edges (a, b, group) that no other edge of their group runs along, by one sort of packed keys.

    Groups where an edge is met by two others, or by one running the same way
    (overlapping or folded faces), are marked in ``fallback`` and left out.
    """
    key = group * n_vertices
    key += lo
    key *= n_vertices
    key += hi
    key <<= 1
    key += backwards
    key.sort()
    edge = key >> 1
    new_run = np.empty(len(key), dtype=bool)
    new_run[:1] = True
    np.not_equal(edge[1:], edge[:-1], out=new_run[1:])
    run_start = np.flatnonzero(new_run)
    run_length = np.diff(run_start, append=len(key))
    pair = run_start[run_length == 2]
    fallback[edge[run_start[run_length > 2]] // (n_vertices * n_vertices)] = True
    fallback[edge[pair[key[pair] == key[pair + 1]]] // (n_vertices * n_vertices)] = True
    lone = key[run_start[run_length == 1]]
    backwards = (lone & 1).astype(bool)
    lone >>= 1
    hi = lone % n_vertices
    lone //= n_vertices
    lo = lone % n_vertices
    group = lone // n_vertices
    ok = ~fallback[group]
    a, b = np.where(backwards, hi, lo), np.where(backwards, lo, hi)
    return a[ok], b[ok], group[ok]


def _lone_edges(
    group: np.ndarray, lo: np.ndarray, hi: np.ndarray, backwards: np.ndarray, fallback: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_lone_edges_packed` for vertex and group counts too large to pack in one integer."""
    order = np.lexsort((backwards, hi, lo, group))
    group, lo, hi, backwards = group[order], lo[order], hi[order], backwards[order]
    new_run = np.r_[True, (group[1:] != group[:-1]) | (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])]
    run_start = np.flatnonzero(new_run)
    run_length = np.diff(run_start, append=len(group))
    pair = run_start[run_length == 2]
    fallback[group[run_start[run_length > 2]]] = True
    fallback[group[pair[backwards[pair] == backwards[pair + 1]]]] = True
    lone = run_start[run_length == 1]
    lone = lone[~fallback[group[lone]]]
    group, lo, hi, backwards = group[lone], lo[lone], hi[lone], backwards[lone]
    return np.where(backwards, hi, lo), np.where(backwards, lo, hi), group
