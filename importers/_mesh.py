"""Triangulating planar 3-D polygons with holes, vectorised where the shape allows.

CityJSON and CityGML faces are planar polygons (an exterior ring and holes)
in 3-D. Each face is projected onto its own plane (an orthonormal basis built
from its Newell normal) and cut there. Most faces of real city models are
triangles or convex quads: those are cut with numpy alone (as-is, or as a fan);
only concave faces and faces with holes go through ear-cutting one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import mapbox_earcut
import numpy as np

ZERO_AREA_M2 = 1e-6
"""Faces smaller than this (1 mm²) are zero-area faces: dropped and counted."""

DEGENERATE_TRIANGLE_M2 = 1e-9
"""Triangles smaller than this after cutting (collinear points) are dropped and counted."""


@dataclass
class FaceTriangles:
    """Triangles of a batch of faces.

    triangles : (m, 3) int64
        Indices into the rows of the ``points`` given to :func:`triangulate_faces`.
    triangle_face : (m,) int64
        Face of each triangle, non-decreasing.
    face_dropped : (f,) bool
        Faces left out for having (almost) no area, or a ring of fewer than 3 points.
    degenerate_triangles : int
        Zero-area triangles left out.
    face_normal : (f, 3) float64
        Unit normal of each face's exterior ring (Newell; zero if dropped).
    """

    triangles: np.ndarray
    triangle_face: np.ndarray
    face_dropped: np.ndarray
    degenerate_triangles: int
    face_normal: np.ndarray


def cross3(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Row-wise cross product of (n, 3) arrays (np.cross is several times slower on long arrays)."""
    out = np.empty_like(u)
    out[:, 0] = u[:, 1] * v[:, 2] - u[:, 2] * v[:, 1]
    out[:, 1] = u[:, 2] * v[:, 0] - u[:, 0] * v[:, 2]
    out[:, 2] = u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]
    return out


def ring_starts(ring_lengths: np.ndarray) -> np.ndarray:
    starts = np.zeros(len(ring_lengths), dtype=np.int64)
    if len(ring_lengths) > 1:
        np.cumsum(ring_lengths[:-1], out=starts[1:])
    return starts


def newell_vectors(points: np.ndarray, ring_lengths: np.ndarray) -> np.ndarray:
    """(r, 3) Newell vector of each ring (rings not closed): twice the vector area."""
    if len(points) == 3 * len(ring_lengths) and (ring_lengths == 3).all():
        # Only triangles (a TIN, a triangulated city): three points per row, no gathers.
        corners = points.reshape(-1, 3, 3)
        a = corners[:, 0]
        return cross3(corners[:, 1] - a, corners[:, 2] - a)
    triangle = ring_lengths == 3
    if triangle.any():
        # Most rings of city models are triangles: a cross product, no sums.
        out = np.zeros((len(ring_lengths), 3))
        starts = ring_starts(ring_lengths)
        s = starts[triangle]
        a = points[s]
        out[triangle] = cross3(points[s + 1] - a, points[s + 2] - a)
        if not triangle.all():
            others = ~triangle
            out[others] = _newell_general(points[np.repeat(others, ring_lengths)], ring_lengths[others])
        return out
    return _newell_general(points, ring_lengths)


def _newell_general(points: np.ndarray, ring_lengths: np.ndarray) -> np.ndarray:
    n_points = len(points)
    starts = ring_starts(ring_lengths)
    point_ring = np.repeat(np.arange(len(ring_lengths)), ring_lengths)
    # Centre each ring on its first point: sums of products of coordinates
    # hundreds of metres from the origin would lose the area of a small face.
    q = points - points[starts[point_ring]]
    nxt = np.arange(1, n_points + 1)
    ends = starts + ring_lengths
    nonempty = ring_lengths > 0
    nxt[ends[nonempty] - 1] = starts[nonempty]
    a, b = q, q[nxt] if n_points else q
    contrib = np.column_stack(
        [
            (a[:, 1] - b[:, 1]) * (a[:, 2] + b[:, 2]),
            (a[:, 2] - b[:, 2]) * (a[:, 0] + b[:, 0]),
            (a[:, 0] - b[:, 0]) * (a[:, 1] + b[:, 1]),
        ]
    )
    out = np.zeros((len(ring_lengths), 3))
    if n_points:
        out[nonempty] = np.add.reduceat(contrib, starts[nonempty], axis=0)
    return out


def triangulate_faces(points: np.ndarray, ring_lengths: np.ndarray, face_ring_counts: np.ndarray) -> FaceTriangles:
    """Triangulate planar faces given as flat rings.

    Parameters
    ----------
    points : (k, 3) float64
        The vertices of every ring of every face, ring after ring, rings not
        closed (the first point is not repeated), local metres.
    ring_lengths : (r,) int
        Points per ring; the first ring of each face is its exterior.
    face_ring_counts : (f,) int
        Rings per face (1 + number of holes).

    Returns
    -------
    FaceTriangles
        Each triangle is wound like its face (normal along the face's Newell
        normal), so outward-facing faces give outward-facing triangles.
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    ring_lengths = np.asarray(ring_lengths, dtype=np.int64)
    face_ring_counts = np.asarray(face_ring_counts, dtype=np.int64)
    n_faces = len(face_ring_counts)
    if n_faces == 0:
        return FaceTriangles(np.zeros((0, 3), np.int64), np.zeros(0, np.int64), np.zeros(0, bool), 0, np.zeros((0, 3)))

    r_start = ring_starts(ring_lengths)
    f_first_ring = ring_starts(face_ring_counts)
    ext_len = ring_lengths[f_first_ring]
    ext_start = r_start[f_first_ring]
    if len(ring_lengths) == n_faces:  # no holes (every face has one ring)
        short_ring = ring_lengths < 3
    else:
        ring_face = np.repeat(np.arange(n_faces), face_ring_counts)
        short_ring = np.bincount(ring_face, weights=ring_lengths < 3, minlength=n_faces) > 0

    newell = newell_vectors(points, ring_lengths)[f_first_ring]
    norm = np.linalg.norm(newell, axis=1)
    dropped = short_ring | (0.5 * norm < ZERO_AREA_M2) | ~np.isfinite(norm)
    with np.errstate(invalid="ignore", divide="ignore"):
        normal = np.where(dropped[:, None], 0.0, newell / np.where(norm > 0, norm, 1.0)[:, None])

    tri_parts: list[np.ndarray] = []
    face_parts: list[np.ndarray] = []

    single = (face_ring_counts == 1) & ~dropped
    # Triangles: as they are.
    is_tri = single & (ext_len == 3)
    f = np.flatnonzero(is_tri)
    if len(f):
        s = ext_start[f]
        tri_parts.append(np.column_stack([s, s + 1, s + 2]))
        face_parts.append(f)
    if len(f) == n_faces or not (~dropped & ~is_tri).any():
        # Nothing else to cut (a triangulated model): no plane coordinates needed.
        return _checked(points, tri_parts[0] if tri_parts else np.zeros((0, 3), np.int64), f, dropped, normal)

    # An orthonormal basis (u, v, normal) per face: u is perpendicular to the
    # normal and to whichever axis is least aligned with it.
    helper = np.zeros((n_faces, 3))
    helper[np.arange(n_faces), np.argmin(np.abs(normal), axis=1)] = 1.0
    u = cross3(helper, normal)
    u /= np.maximum(np.linalg.norm(u, axis=1), 1e-300)[:, None]
    v = cross3(normal, u)
    face_rings_total = np.add.reduceat(ring_lengths, f_first_ring) if len(ring_lengths) else np.zeros(0, np.int64)
    point_face = np.repeat(np.arange(n_faces), face_rings_total)
    q = points - points[ext_start[point_face]]
    xy = np.column_stack([np.einsum("ij,ij->i", q, u[point_face]), np.einsum("ij,ij->i", q, v[point_face])])

    # Strictly convex simple polygons: a fan from the first vertex. Convex means
    # every turn is to the left (cross > 0) and the turns add up to one full
    # circle (a pentagram turns left everywhere, but twice around).
    cand = np.flatnonzero(single & (ext_len > 3))
    convex = np.zeros(n_faces, dtype=bool)
    if len(cand):
        lens = ext_len[cand]
        starts = ext_start[cand]
        rows = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
        local = rows - np.repeat(starts, lens)
        prev_rows = np.repeat(starts, lens) + (local - 1) % np.repeat(lens, lens)
        next_rows = np.repeat(starts, lens) + (local + 1) % np.repeat(lens, lens)
        e1 = xy[rows] - xy[prev_rows]
        e2 = xy[next_rows] - xy[rows]
        cross = e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0]
        dot = np.einsum("ij,ij->i", e1, e2)
        scale = np.linalg.norm(e1, axis=1) * np.linalg.norm(e2, axis=1)
        left = cross > 1e-9 * scale
        seg = ring_starts(lens)
        all_left = np.logical_and.reduceat(left, seg)
        turning = np.add.reduceat(np.arctan2(cross, dot), seg)
        ok = all_left & (np.abs(turning - 2 * np.pi) < 1e-6)
        convex[cand[ok]] = True
        fc = cand[ok]
        if len(fc):
            n_tri = ext_len[fc] - 2
            face_rep = np.repeat(fc, n_tri)
            j = np.arange(int(n_tri.sum())) - np.repeat(ring_starts(n_tri), n_tri) + 1
            s = ext_start[face_rep]
            tri_parts.append(np.column_stack([s, s + j, s + j + 1]))
            face_parts.append(face_rep)

    # The rest (concave, or with holes): ear-cutting, one face at a time.
    rest = np.flatnonzero(~dropped & ~is_tri & ~convex)
    if len(rest):
        cut_tris: list[np.ndarray] = []
        cut_faces: list[np.ndarray] = []
        for fi in rest.tolist():
            r0 = int(f_first_ring[fi])
            nr = int(face_ring_counts[fi])
            s = int(ext_start[fi])
            ends = np.cumsum(ring_lengths[r0 : r0 + nr]).astype(np.uint32)
            t = mapbox_earcut.triangulate_float64(xy[s : s + int(ends[-1])], ends)
            if len(t):
                cut_tris.append(np.asarray(t, dtype=np.int64).reshape(-1, 3) + s)
                cut_faces.append(np.full(len(t) // 3, fi, dtype=np.int64))
        if cut_tris:
            t = np.concatenate(cut_tris)
            # Ear-cutting does not promise a winding: make every triangle turn
            # like its face (counter-clockwise in the face's own plane).
            a, b, c = xy[t[:, 0]], xy[t[:, 1]], xy[t[:, 2]]
            flip = ((b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0])) < 0
            t[flip] = t[flip][:, ::-1]
            tri_parts.append(t)
            face_parts.append(np.concatenate(cut_faces))

    if tri_parts:
        triangles = np.concatenate(tri_parts)
        tri_face = np.concatenate(face_parts)
        order = np.argsort(tri_face, kind="stable")
        triangles, tri_face = triangles[order], tri_face[order]
    else:
        triangles, tri_face = np.zeros((0, 3), np.int64), np.zeros(0, np.int64)
    return _checked(points, triangles, tri_face, dropped, normal)


def _checked(
    points: np.ndarray, triangles: np.ndarray, tri_face: np.ndarray, dropped: np.ndarray, normal: np.ndarray
) -> FaceTriangles:
    """The triangles without the degenerate ones (zero area after cutting), as a FaceTriangles."""
    p = points
    area2 = np.linalg.norm(
        cross3(p[triangles[:, 1]] - p[triangles[:, 0]], p[triangles[:, 2]] - p[triangles[:, 0]]), axis=1
    )
    good = 0.5 * area2 >= DEGENERATE_TRIANGLE_M2
    degenerate = int((~good).sum())
    if degenerate:
        triangles, tri_face = triangles[good], tri_face[good]
    return FaceTriangles(triangles, tri_face, dropped, degenerate, normal)
