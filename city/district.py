"""The embedded default district: a *generated* demo, not survey data.

A Haussmannian neighbourhood laid out at the real location of the
Clichy-Batignolles redevelopment zone (Paris 17e) in Lambert-93: closed
perimeter blocks with courtyards, 6-8 storeys with mansard roofs, and inside
the zone a park, open blocks of recent buildings, a few 50 m towers and a
160 m courthouse standing for the Tribunal de Paris. Streets, sidewalks,
courtyards, street and park trees, and the zone's outline as a zone.

Everything is deterministic for a given seed. Buildings are built by
vectorised kernels (:func:`mansard_buildings`, :func:`box_buildings`), which
also serve :func:`generate_synthetic_city` for 100 000-building benchmarks.

The zone outline is an *approximation* of the ZAC Clichy-Batignolles
perimeter (about 54 ha): WGS84 points (2.31126 48.88697), (2.31752 48.88651),
(2.31907 48.89064), (2.31697 48.89509), (2.31228 48.89586), (2.30932
48.89142) converted to Lambert-93 with pyproj (checked by the tests).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from shapely.geometry import MultiPoint

from city.crs import WORKING_CRS, LocalFrame
from city.model import (
    BuildingSetBuilder,
    City,
    GroundCover,
    GroundPatch,
    Parcel,
    Polygon2D,
    SurfaceType,
    Terrain,
    Trees,
    Zone,
)

DEMO_PROVENANCE = "Generated demo district (not survey data)"

#: Lambert-93 origin of the demo district: between the park and the courthouse.
DEMO_ORIGIN = (649700.0, 6865900.0, 0.0)

#: Approximate ZAC Clichy-Batignolles outline, Lambert-93 (see module docstring).
CLICHY_BATIGNOLLES_L93 = np.array(
    [
        [649495.0, 6865438.0],
        [649953.0, 6865382.0],
        [650071.0, 6865841.0],
        [649921.0, 6866337.0],
        [649578.0, 6866426.0],
        [649357.0, 6865934.0],
    ]
)

#: Lambert-93 position of the real Tribunal de Paris (approximate), where the demo courthouse stands.
TRIBUNAL_L93 = (649682.0, 6866300.0)

_R, _W, _G = int(SurfaceType.ROOF), int(SurfaceType.WALL), int(SurfaceType.GROUND)

# --------------------------------------------------------------------------- geometry kernels

# Mansard building template. Vertices 0-3: footprint A, B, C, D at the base
# (A-B on the street, D-C on the courtyard, A-D and B-C party walls);
# 4-7: the same at the cornice; 8-11: mansard break, pulled in along A-D / B-C;
# 12-15: the top terrace.
_MANSARD_TRIANGLES = np.array(
    [
        # walls: street, party B-C, courtyard, party D-A
        (0, 1, 5), (0, 5, 4), (1, 2, 6), (1, 6, 5), (2, 3, 7), (2, 7, 6), (3, 0, 4), (3, 4, 7),
        # gable ends of the roof over the party walls
        (7, 4, 8), (7, 8, 12), (7, 12, 15), (7, 15, 11),
        (5, 6, 10), (5, 10, 14), (5, 14, 13), (5, 13, 9),
        # steep mansard slopes (street, courtyard), upper slopes, terrace
        (4, 5, 9), (4, 9, 8), (6, 7, 11), (6, 11, 10),
        (8, 9, 13), (8, 13, 12), (10, 11, 15), (10, 15, 14),
        (12, 13, 14), (12, 14, 15),
        # floor, facing down
        (0, 3, 2), (0, 2, 1),
    ],
    dtype=np.int64,
)
_MANSARD_SURFACES = np.array([_W] * 8 + [_W] * 8 + [_R] * 10 + [_G] * 2, dtype=np.uint8)

_BOX_TRIANGLES = np.array(
    [
        (0, 1, 5), (0, 5, 4), (1, 2, 6), (1, 6, 5), (2, 3, 7), (2, 7, 6), (3, 0, 4), (3, 4, 7),
        (4, 5, 6), (4, 6, 7),
        (0, 3, 2), (0, 2, 1),
    ],
    dtype=np.int64,
)
_BOX_SURFACES = np.array([_W] * 8 + [_R] * 2 + [_G] * 2, dtype=np.uint8)


def _orient_ccw(quads: np.ndarray) -> np.ndarray:
    """Quads (b, 4, 2) -> True where the vertex order is clockwise (needs flipping)."""
    x, y = quads[..., 0], quads[..., 1]
    area2 = (x * np.roll(y, -1, axis=1) - np.roll(x, -1, axis=1) * y).sum(axis=1)
    return area2 < 0


def _stack(vertices: np.ndarray, template: np.ndarray, clockwise: np.ndarray) -> np.ndarray:
    """Per-building copies of a triangle template, offset into a shared vertex array."""
    b, nv = vertices.shape[0], vertices.shape[1]
    tri = np.broadcast_to(template, (b, *template.shape)).copy()
    tri[clockwise] = tri[clockwise][:, :, ::-1]  # a mirrored footprint needs the other winding
    tri += (np.arange(b) * nv)[:, None, None]
    return tri.reshape(-1, 3)


def mansard_buildings(
    quads: np.ndarray,
    base_z: np.ndarray,
    cornice_z: np.ndarray,
    mansard_height_m: float = 3.0,
    mansard_inset_m: float = 1.0,
    terrace_rise_m: float = 0.9,
    terrace_inset_m: float = 2.6,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Haussmannian buildings with a mansard roof, vectorised.

    Parameters
    ----------
    quads : (b, 4, 2) float
        Footprints A, B, C, D: A-B on the street, D-C on the courtyard.
    base_z, cornice_z : (b,) float
        Altitude of the footprint and of the cornice, metres.
    mansard_height_m, mansard_inset_m
        The steep (about 70°) lower slope: rise and horizontal inset.
    terrace_rise_m, terrace_inset_m
        The shallow upper slope up to the flat terrace.

    Returns
    -------
    vertices : (16 b, 3) float64
    triangles : (28 b, 3) int64, outward-facing
    surfaces : (28 b,) uint8 SurfaceType
    """
    quads = np.asarray(quads, dtype=np.float64)
    b = len(quads)
    a, bb, c, d = (quads[:, k] for k in range(4))
    depth_ad = np.linalg.norm(d - a, axis=1, keepdims=True)
    depth_bc = np.linalg.norm(c - bb, axis=1, keepdims=True)
    # never pull the roof in by more than a third of the depth (shallow corner parcels)
    f1_ad = np.minimum(mansard_inset_m / depth_ad, 0.2)
    f1_bc = np.minimum(mansard_inset_m / depth_bc, 0.2)
    f2_ad = np.minimum(terrace_inset_m / depth_ad, 0.35)
    f2_bc = np.minimum(terrace_inset_m / depth_bc, 0.35)
    ring1 = np.stack([a + (d - a) * f1_ad, bb + (c - bb) * f1_bc, c + (bb - c) * f1_bc, d + (a - d) * f1_ad], axis=1)
    ring2 = np.stack([a + (d - a) * f2_ad, bb + (c - bb) * f2_bc, c + (bb - c) * f2_bc, d + (a - d) * f2_ad], axis=1)
    z0 = np.broadcast_to(np.asarray(base_z, dtype=np.float64), (b,))
    z1 = np.broadcast_to(np.asarray(cornice_z, dtype=np.float64), (b,))
    z2 = z1 + mansard_height_m
    z3 = z2 + terrace_rise_m
    vertices = np.empty((b, 16, 3))
    for k, (ring, z) in enumerate(((quads, z0), (quads, z1), (ring1, z2), (ring2, z3))):
        vertices[:, 4 * k : 4 * k + 4, :2] = ring
        vertices[:, 4 * k : 4 * k + 4, 2] = z[:, None]
    triangles = _stack(vertices, _MANSARD_TRIANGLES, _orient_ccw(quads))
    surfaces = np.tile(_MANSARD_SURFACES, b)
    return vertices.reshape(-1, 3), triangles, surfaces


def box_buildings(
    quads: np.ndarray, base_z: np.ndarray, top_z: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat-roofed prisms on quadrilateral footprints, vectorised.

    quads : (b, 4, 2); base_z, top_z : (b,). Returns vertices (8 b, 3),
    triangles (12 b, 3) and surfaces (12 b,), as :func:`mansard_buildings`.
    """
    quads = np.asarray(quads, dtype=np.float64)
    b = len(quads)
    vertices = np.empty((b, 8, 3))
    vertices[:, :4, :2] = quads
    vertices[:, 4:, :2] = quads
    vertices[:, :4, 2] = np.broadcast_to(np.asarray(base_z, dtype=np.float64), (b,))[:, None]
    vertices[:, 4:, 2] = np.broadcast_to(np.asarray(top_z, dtype=np.float64), (b,))[:, None]
    triangles = _stack(vertices, _BOX_TRIANGLES, _orient_ccw(quads))
    return vertices.reshape(-1, 3), triangles, np.tile(_BOX_SURFACES, b)


def inset_convex(polygon: np.ndarray, distances: np.ndarray | float) -> np.ndarray:
    """Offset each edge of a convex CCW polygon inwards by its distance.

    Edge ``k`` runs from vertex ``k`` to ``k + 1``. Returns the new vertices,
    each the intersection of the two offset edges meeting there.
    """
    p = np.asarray(polygon, dtype=np.float64)
    dist = np.broadcast_to(np.asarray(distances, dtype=np.float64), (len(p),))
    edge = np.roll(p, -1, axis=0) - p
    inward = np.column_stack([-edge[:, 1], edge[:, 0]]) / np.linalg.norm(edge, axis=1, keepdims=True)
    c = (inward * p).sum(axis=1) + dist
    prev = np.roll(np.arange(len(p)), 1)
    m = np.stack([inward[prev], inward], axis=1)  # (n, 2, 2)
    rhs = np.stack([c[prev], c], axis=1)
    return np.linalg.solve(m, rhs[..., None])[..., 0]


def perimeter_parcels(block: np.ndarray, depth_m: float, frontage_m: np.ndarray) -> np.ndarray:
    """Cut the ring between a convex block and its courtyard into parcels.

    Each edge's trapezoid (edge, inset edge) is split into parcels of about
    ``frontage_m`` (one value per edge); corner parcels come out wedge-shaped,
    as Paris corner buildings are. Returns (p, 4, 2) quads A, B, C, D.
    """
    inner = inset_convex(block, depth_m)
    quads = []
    n = len(block)
    for k in range(n):
        a, b = block[k], block[(k + 1) % n]
        ia, ib = inner[k], inner[(k + 1) % n]
        count = max(1, int(round(np.linalg.norm(b - a) / frontage_m[k])))
        t = np.linspace(0.0, 1.0, count + 1)[:, None]
        outer_pts = a + (b - a) * t
        inner_pts = ia + (ib - ia) * t
        quads.append(np.stack([outer_pts[:-1], outer_pts[1:], inner_pts[1:], inner_pts[:-1]], axis=1))
    return np.concatenate(quads)


def _rotate(xy: np.ndarray, angle_rad: float) -> np.ndarray:
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    return xy @ np.array([[c, s], [-s, c]])


def _point_in_polygon(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Even-odd test of (n, 2) points against one ring."""
    x, y = points[:, 0:1], points[:, 1:2]
    x1, y1 = ring[:, 0], ring[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    with np.errstate(divide="ignore", invalid="ignore"):
        crosses = ((y1 > y) != (y2 > y)) & (x < (x2 - x1) * (y - y1) / (y2 - y1) + x1)
    return crosses.sum(axis=1) % 2 == 1


# --------------------------------------------------------------------------- district layout


@dataclass(frozen=True)
class DistrictSpec:
    """Knobs of the generated layout (metres)."""

    half_width_m: float = 720.0
    half_height_m: float = 720.0
    block_spacing_m: float = 112.0
    jitter_m: float = 14.0
    grid_rotation_deg: float = -28.0
    street_width_m: tuple[float, float] = (13.0, 18.0)
    boulevard_width_m: float = 32.0
    boulevard_every: int = 4
    sidewalk_m: float = 3.0
    parcel_depth_m: tuple[float, float] = (16.0, 22.0)
    frontage_m: tuple[float, float] = (13.0, 21.0)
    cornice_m: tuple[float, float] = (15.0, 20.5)
    tree_spacing_m: float = 9.0


def _terrain(extent: float, seed: int) -> Terrain:
    """Gentle ground, about 33-47 m NGF, rising to the south-east (towards Montmartre)."""
    step = 40.0
    n = int(np.ceil(2 * extent / step)) + 1
    xs = -extent + np.arange(n) * step
    gx, gy = np.meshgrid(xs, xs)
    rng = np.random.default_rng(seed + 7)
    phase = rng.uniform(0, 2 * np.pi, 2)
    z = 40.0 + 0.004 * gx - 0.003 * gy + 1.2 * np.sin(gx / 260.0 + phase[0]) * np.cos(gy / 310.0 + phase[1])
    return Terrain(float(xs[0]), float(xs[0]), step, step, z)


def _grid(spec: DistrictSpec, rng: np.random.Generator, half_w: float, half_h: float):
    """Jittered street grid in the rotated frame: node array and street widths."""
    pad = 2 * spec.block_spacing_m
    reach = np.hypot(half_w, half_h) + pad
    nx = ny = int(np.ceil(2 * reach / spec.block_spacing_m)) + 1
    gx = -reach + np.arange(nx) * spec.block_spacing_m
    gy = -reach + np.arange(ny) * spec.block_spacing_m * 0.82  # blocks longer than deep, as in the 17e
    nodes = np.stack(np.meshgrid(gx, gy), axis=-1)
    nodes += rng.uniform(-spec.jitter_m, spec.jitter_m, nodes.shape)
    w_v = rng.uniform(*spec.street_width_m, nx)
    w_h = rng.uniform(*spec.street_width_m, ny)
    w_v[:: spec.boulevard_every] = spec.boulevard_width_m
    w_h[2 :: spec.boulevard_every + 1] = spec.boulevard_width_m
    return nodes, w_v, w_h


def _block_cells(spec: DistrictSpec, rng: np.random.Generator, half_w: float, half_h: float):
    """Yield (i, j, street-edge polygon, block polygon, is_boulevard per edge) inside the extent."""
    nodes, w_v, w_h = _grid(spec, rng, half_w, half_h)
    angle = np.radians(spec.grid_rotation_deg)
    ny, nx = nodes.shape[:2]
    for j in range(ny - 1):
        for i in range(nx - 1):
            quad = np.array([nodes[j, i], nodes[j, i + 1], nodes[j + 1, i + 1], nodes[j + 1, i]])
            world = _rotate(quad, angle)
            if (np.abs(world[:, 0]) > half_w).any() or (np.abs(world[:, 1]) > half_h).any():
                continue  # whole blocks only, up to the edge of the ground
            half_streets = np.array([w_h[j], w_v[i + 1], w_h[j + 1], w_v[i]]) / 2
            kerb = inset_convex(world, half_streets)
            block = inset_convex(kerb, spec.sidewalk_m)
            boulevard = half_streets >= spec.boulevard_width_m / 2 - 1e-9
            yield i, j, kerb, block, boulevard


def generate_district(seed: int = 2020, spec: DistrictSpec | None = None) -> City:
    """The embedded default district (deterministic for a seed). Takes about 0.2 s."""
    spec = spec or DistrictSpec()
    rng = np.random.default_rng(seed)
    origin = np.array(DEMO_ORIGIN[:2])
    zac = CLICHY_BATIGNOLLES_L93 - origin
    tribunal = np.array(TRIBUNAL_L93) - origin
    park = np.array([[-175.0, -420.0], [105.0, -455.0], [175.0, -180.0], [-95.0, -120.0]])
    terrain = _terrain(max(spec.half_width_m, spec.half_height_m), seed)

    hauss_quads, hauss_cornice, hauss_ids, hauss_block = [], [], [], []
    modern: list[tuple[str, np.ndarray, float, dict]] = []  # (id, quad, height, attributes)
    ground: list[GroundPatch] = []
    tree_xy: list[np.ndarray] = []
    park_kerbs: list[np.ndarray] = []
    n_block = 0
    n_modern = 0
    for _i, _j, kerb, block, boulevard in _block_cells(spec, rng, spec.half_width_m, spec.half_height_m):
        centre = block.mean(axis=0)
        in_zac = bool(_point_in_polygon(centre[None], zac)[0])
        in_park = bool(_point_in_polygon(centre[None], park)[0])
        n_block += 1
        # street trees on boulevard sides, 2 m in from the kerb
        for k in np.flatnonzero(boulevard):
            a, b = kerb[k], kerb[(k + 1) % 4]
            length = np.linalg.norm(b - a)
            count = int(length // spec.tree_spacing_m)
            if count < 2:
                continue
            t = (np.arange(count) + 0.5) / count
            inward = np.array([-(b - a)[1], (b - a)[0]]) / length
            pts = a + (b - a) * t[:, None] - inward * 2.0
            tree_xy.append(pts[(t > 0.08) & (t < 0.92)])
        if in_park:
            park_kerbs.append(kerb)
            n_trees = int(Polygon2D(kerb).area_m2 / 180)
            pts = block.min(axis=0) + rng.uniform(0, 1, (n_trees * 2, 2)) * (block.max(axis=0) - block.min(axis=0))
            pts = pts[_point_in_polygon(pts, inset_convex(block, 4.0))][:n_trees]
            tree_xy.append(pts)
            continue
        ground.append(GroundPatch(GroundCover.SIDEWALK, Polygon2D(kerb)))
        if in_zac:
            # open block of recent buildings around a planted court
            ground.append(GroundPatch(GroundCover.COURTYARD, Polygon2D(inset_convex(block, 2.0))))
            dist_trib = np.linalg.norm(centre - tribunal)
            if dist_trib < 75:
                continue  # the courthouse parvis
            depth = rng.uniform(13.0, 17.0)
            quads = perimeter_parcels(block, depth, np.full(4, 200.0))  # one building per side
            for k, q in enumerate(quads):
                # gaps at the corners make the block "open"
                a, b, c, d = q
                shrink = 0.12
                q2 = np.array([a + (b - a) * shrink, b + (a - b) * shrink, c + (d - c) * shrink, d + (c - d) * shrink])
                tower = rng.random() < 0.22
                height = float(rng.uniform(44.0, 50.0) if tower else rng.uniform(22.0, 37.0))
                n_modern += 1
                modern.append(
                    (
                        f"CB-Z{n_modern:03d}",
                        q2,
                        height,
                        {
                            "usage": "offices" if tower and rng.random() < 0.5 else "residential",
                            "construction_year": int(rng.integers(2012, 2021)),
                            "roof": "flat (green roof)" if rng.random() < 0.5 else "flat",
                        },
                    )
                )
            continue
        depth = float(rng.uniform(*spec.parcel_depth_m))
        ground.append(GroundPatch(GroundCover.COURTYARD, Polygon2D(inset_convex(block, depth - 0.5))))
        frontage = rng.uniform(*spec.frontage_m, 4)
        quads = perimeter_parcels(block, depth, frontage)
        block_height = rng.uniform(*spec.cornice_m)
        cornice = np.clip(block_height + rng.normal(0.0, 1.2, len(quads)), spec.cornice_m[0] - 1, spec.cornice_m[1] + 1)
        hauss_quads.append(quads)
        hauss_cornice.append(cornice)
        hauss_ids.extend(f"CB-B{n_block:03d}-{k + 1:02d}" for k in range(len(quads)))
        hauss_block.append(np.full(len(quads), n_block))

    builder = BuildingSetBuilder()
    _add_haussmann(builder, np.concatenate(hauss_quads), np.concatenate(hauss_cornice), hauss_ids, terrain, rng)
    _add_modern(builder, modern, terrain)
    _add_tribunal(builder, tribunal, terrain)

    if park_kerbs:
        # one park over its blocks and the streets between them (paths, not roads)
        hull = MultiPoint(np.concatenate(park_kerbs)).convex_hull
        ground.append(GroundPatch(GroundCover.PARK, Polygon2D(np.asarray(hull.exterior.coords)), "Park (demo)"))
    trees = _trees(np.concatenate(tree_xy), terrain, rng)
    ground.insert(0, GroundPatch(GroundCover.PLAZA, Polygon2D(_square(tribunal + [0.0, -70.0], 60.0)), "Parvis"))
    zone = Zone(
        "zac-clichy-batignolles",
        "Clichy-Batignolles",
        Polygon2D(zac),
        kind="redevelopment zone",
        attributes={"outline": "approximate (demo)", "area_ha": round(Polygon2D(zac).area_m2 / 1e4, 1)},
    )
    return City(
        name="Clichy-Batignolles (demo)",
        frame=LocalFrame(WORKING_CRS, DEMO_ORIGIN),
        buildings=builder.build(),
        terrain=terrain,
        ground=ground,
        trees=trees,
        zones=[zone],
        provenance=DEMO_PROVENANCE,
        is_generated=True,
    )


def _square(centre: np.ndarray, half: float) -> np.ndarray:
    return centre + np.array([[-half, -half], [half, -half], [half, half], [-half, half]])


def _footprint_base(quads: np.ndarray, terrain: Terrain) -> np.ndarray:
    """Lowest ground under each footprint, 0.3 m below so no wall floats on a slope."""
    z = terrain.height_at(quads[..., 0], quads[..., 1])
    return np.nanmin(z, axis=1) - 0.3


def _add_haussmann(builder, quads, cornice, ids, terrain, rng) -> None:
    base = _footprint_base(quads, terrain)
    top = base + 0.3 + cornice
    vertices, triangles, surfaces = mansard_buildings(quads, base, top)
    n = len(quads)
    storeys = np.round(cornice / 2.9).astype(int) + 1  # floors under the cornice + the mansard storey
    builder.add_many(
        ids,
        vertices,
        triangles,
        np.repeat(np.arange(n), len(_MANSARD_TRIANGLES)),
        surfaces,
        {
            "usage": ["residential, shops on the ground floor"] * n,
            "storeys": storeys.tolist(),
            "height_m": np.round(top + 3.9 - base - 0.3, 1).tolist(),
            "construction_year": rng.integers(1853, 1911, n).tolist(),
            "roof": ["mansard (zinc)"] * n,
            "source": ["generated demo"] * n,
        },
    )


def _add_modern(builder, modern, terrain) -> None:
    if not modern:
        return
    quads = np.array([m[1] for m in modern])
    heights = np.array([m[2] for m in modern])
    base = _footprint_base(quads, terrain)
    vertices, triangles, surfaces = box_buildings(quads, base, base + 0.3 + heights)
    builder.add_many(
        [m[0] for m in modern],
        vertices,
        triangles,
        np.repeat(np.arange(len(modern)), len(_BOX_TRIANGLES)),
        surfaces,
        {
            "usage": [m[3]["usage"] for m in modern],
            "storeys": np.round(heights / 3.1).astype(int).tolist(),
            "height_m": np.round(heights, 1).tolist(),
            "construction_year": [m[3]["construction_year"] for m in modern],
            "roof": [m[3]["roof"] for m in modern],
            "source": ["generated demo"] * len(modern),
        },
    )


def _add_tribunal(builder, centre: np.ndarray, terrain: Terrain) -> None:
    """Three stacked boxes, about 160 m in all, as the Tribunal de Paris."""
    angle = np.radians(-28.0)
    tiers = [(70.0, 55.0, 0.0, 38.0), (52.0, 36.0, 38.0, 100.0), (40.0, 26.0, 100.0, 160.0)]
    quads = np.array([_rotate(_square(np.zeros(2), 1.0) * [w / 2, d / 2], angle) + centre for w, d, _, _ in tiers])
    base = float(_footprint_base(quads[:1], terrain)[0])
    z0 = np.array([base + t[2] for t in tiers])
    z1 = np.array([base + 0.3 + t[3] for t in tiers])
    z0[1:] += 0.3
    vertices, triangles, surfaces = box_buildings(quads, z0, z1)
    # the floors of the upper tiers are inside the building: drop them
    keep = np.ones(len(triangles), dtype=bool)
    per_box = len(_BOX_TRIANGLES)
    for tier in range(1, len(tiers)):
        keep[tier * per_box : (tier + 1) * per_box] &= surfaces[tier * per_box : (tier + 1) * per_box] != _G
    triangles, surfaces = triangles[keep], surfaces[keep]
    builder.add(
        "CB-TJ",
        vertices,
        triangles,
        surfaces,
        {
            "name": "Courthouse (stands for the Tribunal de Paris)",
            "usage": "public: courthouse",
            "storeys": 38,
            "height_m": 160.0,
            "construction_year": 2018,
            "roof": "flat, terraces",
            "source": "generated demo",
        },
    )


def _trees(xy: np.ndarray, terrain: Terrain, rng: np.random.Generator) -> Trees:
    n = len(xy)
    height = rng.uniform(9.0, 20.0, n)
    trunk = np.clip(height * 0.025, 0.2, 0.6)
    z = terrain.height_at(xy[:, 0], xy[:, 1])
    species = np.array(["Platanus x hispanica", "Tilia cordata", "Aesculus hippocastanum", "Sophora japonica"], dtype=object)
    return Trees(
        ids=[f"T{k:05d}" for k in range(n)],
        positions=np.column_stack([xy, z]),
        height_m=height,
        crown_diameter_m=0.45 * height + 1.0,
        trunk_diameter_m=trunk,
        attributes={"species": species[rng.integers(0, len(species), n)]},
    )


def generate_synthetic_city(n_buildings: int, seed: int = 7, with_parcels: bool = False) -> City:
    """A large generated city of Haussmannian blocks with about ``n_buildings`` buildings.

    For benchmarks: the same kernels as the demo district, no park or zone.
    ``with_parcels``: one cadastral parcel per building, running from the street
    into the courtyard 1.6 times the building's depth (corner parcels overlap
    their neighbours a little, as badly drawn cadastres do).
    """
    spec = DistrictSpec()
    rng = np.random.default_rng(seed)
    per_km2 = 1400.0  # buildings per km² of the demo grid, measured
    half = 500.0 * np.sqrt(n_buildings / per_km2) + 100.0
    quads, cornice = [], []
    total = 0
    for _i, _j, _kerb, block, _bd in _block_cells(spec, rng, half, half):
        q = perimeter_parcels(block, float(rng.uniform(*spec.parcel_depth_m)), rng.uniform(*spec.frontage_m, 4))
        quads.append(q)
        cornice.append(rng.uniform(*spec.cornice_m) + rng.normal(0, 1.2, len(q)))
        total += len(q)
        if total >= n_buildings:
            break
    quads_a = np.concatenate(quads)[:n_buildings]
    cornice_a = np.concatenate(cornice)[:n_buildings]
    terrain = _terrain(half, seed)
    builder = BuildingSetBuilder()
    _add_haussmann(builder, quads_a, cornice_a, [f"S{k:06d}" for k in range(len(quads_a))], terrain, rng)
    parcels = []
    if with_parcels:
        a, b, c, d = (quads_a[:, k] for k in range(4))
        deep = np.stack([a, b, b + (c - b) * 1.6, a + (d - a) * 1.6], axis=1)
        parcels = [Parcel(f"P{k:06d}", Polygon2D(q)) for k, q in enumerate(deep)]
    return City(
        name=f"Synthetic city ({len(quads_a)} buildings)",
        frame=LocalFrame(WORKING_CRS, DEMO_ORIGIN),
        buildings=builder.build(),
        terrain=terrain,
        parcels=parcels,
        provenance="Generated synthetic city (benchmark, not survey data)",
        is_generated=True,
    )
