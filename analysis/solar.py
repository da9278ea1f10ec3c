"""Solar irradiation on every roof and facade: kernels and the city-wide run.

Method (each model cited where it is implemented):

* sun positions: NREL SPA (Reda & Andreas 2004) through pvlib, :mod:`analysis.sun`;
* sky: pvlib's Perez 1990 model split into an isotropic Tregenza sky (Tregenza
  1987), a circumsolar beam and a horizon line source, :mod:`analysis.sky`;
* direct sun: hourly DNI binned on the sun's path (6° x 15° bins, about 95
  for a year; :func:`analysis.sky.build_cumulative_sky` gives the measured error);
* ground-reflected: ``albedo · GHI · (1 − cos β) / 2``, *unobstructed*
  (albedo 0.2 by default). With pure occlusion rays a ground mesh below
  every sensor would block all of it, and the ground a facade sees is itself
  lit and shaded in ways a single albedo cannot follow; the isotropic
  unobstructed term is what pvlib's transposition uses, so the reflected part
  equals pvlib's everywhere. It is about 130 kWh/m²/yr on any wall with the
  Lyon EPW, 13% (south) to 33% (north) of an open wall's total, and it over-states reflection
  in deep streets and courtyards, whose ground is mostly in shade. Two
  exceptions: GroundSurface faces (floors on the ground) and samples whose
  every ray is blocked (party walls against a neighbour) get none;
* occlusion: Embree rays from face samples (:mod:`analysis.raycast`): buildings,
  terrain and tree crowns block sky patches, horizon directions and sun bins.

City-wide runs split into tiles on a Dask cluster: :mod:`analysis.solar_tiles`.
Results are cached by geometry, weather and settings: :mod:`analysis.solar_cache`.

A direction counts for a sample only when ``normal · direction > 0``
strictly (> ``FACING_COS_MIN`` = 1e-6, above float32 round-off): sky
patches lying in a face's plane (east and west patches of an east-west
wall) belong to neither side, and casting them would blur shadow edges
(SOLAR-NOTES). Each counted direction is weighted by its cosine.

References
----------
Perez, R., Ineichen, P., Seals, R., Michalsky, J. and Stewart, R. (1990).
Modeling daylight availability and irradiance components from direct and
global irradiance. Solar Energy 44(5), 271-289.

Tregenza, P. R. (1987). Subdivision of the sky hemisphere for luminance
measurements. Lighting Research and Technology 19(1), 13-14.

Reda, I. and Andreas, A. (2004). Solar position algorithm for solar radiation
applications. Solar Energy 76(5), 577-589.
"""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from analysis.progress import CancelCallback, Cancelled, ProgressCallback, check, report
from analysis.raycast import MAX_SAMPLE_AREA_M2, SAMPLE_OFFSET_M, FaceSamples, OcclusionScene, face_samples
from analysis.sky import DEFAULT_ALBEDO, CumulativeSky, build_cumulative_sky
from analysis.solar_cache import CachedSolar, SolarCache, solar_cache_key
from analysis.sun import Site, site_of, sun_path
from analysis.weather import Weather

#: Per-triangle arrays written to ``BuildingSet.face_data`` (and as VTK cell arrays).
FACE_ARRAYS = (
    "solar_irradiation_kwh_m2",
    "solar_direct_kwh_m2",
    "solar_diffuse_kwh_m2",
    "solar_reflected_kwh_m2",
    "sky_view_factor",
    "sunlight_hours",
    "pv_usable_fraction",
)

ROOF, WALL, GROUND = 1, 2, 3  # city.model.SurfaceType values, kept as ints: kernels take plain arrays

#: A direction counts for a face when normal · direction exceeds this: "strictly in front",
#: with room for float32 round-off (1e-7) so directions lying in the face's plane never count.
FACING_COS_MIN = 1e-6


@dataclass
class SolarSettings:
    """Everything a solar run depends on (with the weather and the geometry).

    Sampling: ``max_sample_area_m2`` (4 m²) and ``sample_offset_m`` (0.05 m).
    Sky: ``albedo`` 0.2, sun bins 6° x 15°, 36 horizon directions at 3°.
    Period: ``period_start`` <= hour centre < ``period_end`` (tz-aware), or the whole record.
    Sunlight hours: from ``sunlight_first_day`` to ``sunlight_last_day`` (inclusive; one day if
    None), Paris local days, sun every ``sunlight_step_minutes``, one day in
    ``sunlight_day_stride`` sampled for a period; ``sunlight_first_day=None`` skips them.
    PV: roof faces tilted at most ``pv_max_tilt_deg``; steeper than
    ``pv_flat_tilt_deg`` they must face within ``pv_max_azimuth_from_south_deg``
    of south; samples getting at least ``pv_min_irradiation_kwh_m2_year`` (the
    Paris solar cadastre's "favourable", prorated to the period's hours);
    a building's usable total must reach ``pv_min_area_m2``. Modules lie in the
    roof plane: kWp = area · efficiency · 1 kW/m² (STC); kWh = incident kWh · efficiency · PR.
    """

    albedo: float = DEFAULT_ALBEDO
    max_sample_area_m2: float = MAX_SAMPLE_AREA_M2
    sample_offset_m: float = SAMPLE_OFFSET_M
    sun_bin_declination_deg: float = 6.0
    sun_bin_hour_angle_deg: float = 15.0
    horizon_directions: int = 36
    period_start: pd.Timestamp | None = None
    period_end: pd.Timestamp | None = None
    sunlight_first_day: dt.date | None = dt.date(2025, 3, 21)
    sunlight_last_day: dt.date | None = None
    sunlight_step_minutes: float = 15.0
    sunlight_day_stride: int = 7
    include_terrain: bool = True
    include_trees: bool = True
    pv_max_tilt_deg: float = 60.0
    pv_flat_tilt_deg: float = 10.0
    pv_max_azimuth_from_south_deg: float = 90.0
    pv_min_area_m2: float = 10.0
    pv_min_irradiation_kwh_m2_year: float = 1000.0
    pv_module_efficiency: float = 0.20
    pv_performance_ratio: float = 0.80
    chunk_samples: int = 4096
    threads: int | None = None
    robust_rays: bool = False


# --------------------------------------------------------------------------- kernels


def sky_patch_weights(
    normals: np.ndarray,
    patch_directions: np.ndarray,
    patch_solid_angles_sr: np.ndarray,
    cosines: np.ndarray | None = None,
) -> np.ndarray:
    """Cosine-weighted solid angle of each sky patch seen from each face (Tregenza 1987 patches).

    Patches count only where ``normal · centre > 0`` strictly. Rows are then
    scaled so that an unobstructed face gets exactly π (1 + cos β) / 2, the
    integral of cos θ over the sky in front of a plane of tilt β: centre-point
    sampling of 12°-wide patches is a few percent off on walls otherwise.

    Parameters
    ----------
    normals : (n, 3) float, unit (zero rows allowed: they get zero weights)
    patch_directions : (p, 3) float, unit; patch_solid_angles_sr : (p,) float, sr
    cosines : (n, p) float, optional: ``normals @ patch_directions.T`` if already computed

    Returns
    -------
    (n, p) float, sr (cosine-weighted); each row sums to π (1 + n_z) / 2 (0 for zero normals)
    """
    cos = normals @ patch_directions.T if cosines is None else cosines
    w = np.where(cos > FACING_COS_MIN, cos, 0.0) * patch_solid_angles_sr.astype(cos.dtype)
    target = (np.pi * (1.0 + normals[:, 2]) / 2.0).astype(cos.dtype)
    total = w.sum(axis=1)
    scale = np.divide(target, total, out=np.zeros_like(total), where=total > 0)
    return w * scale[:, None]


def horizon_weights(normals: np.ndarray, ring_directions: np.ndarray) -> np.ndarray:
    """Weights of the horizon line source's directions for each face (Perez et al. 1990).

    Perez's horizon band gives a plane of tilt β the irradiance F2·DHI·sin β:
    a line source at the horizon of radiance F2·DHI/2 per radian, seen with
    the cosine between the horizontal part of the normal and each direction.
    Rows sum to 2·sin β (= 2·|horizontal part of the normal|) for an open face.

    Parameters
    ----------
    normals : (n, 3) float, unit; ring_directions : (m, 3) float, unit, near the horizon

    Returns
    -------
    (n, m) float64, radians (cosine-weighted); zero where ``normal · direction <= 0``
    """
    ring_h = ring_directions[:, :2] / np.linalg.norm(ring_directions[:, :2], axis=1, keepdims=True)
    cos_h = normals[:, :2] @ ring_h.T
    facing = (normals @ ring_directions.T) > FACING_COS_MIN
    w = np.where((cos_h > FACING_COS_MIN) & facing, cos_h, 0.0)
    target = 2.0 * np.linalg.norm(normals[:, :2], axis=1)
    total = w.sum(axis=1)
    scale = np.divide(target, total, out=np.zeros_like(total), where=total > 0)
    return w * scale[:, None]


def beam_irradiation(normals: np.ndarray, visible: np.ndarray, beam_vectors_kwh_m2: np.ndarray) -> np.ndarray:
    """Irradiation from binned beams (direct sun, circumsolar) on faces.

    Each bin's vector is Σ_h E_h·s_h (kWh/m² times unit sun vectors), so
    ``normal · vector`` is the bin's cosine-weighted irradiation exactly when
    the face sees every hour of the bin.

    normals : (n, 3) float, unit; visible : (n, b) bool, from the ray caster
    beam_vectors_kwh_m2 : (b, 3) float, kWh/m²
    Returns (n,) float64, kWh/m² over the period.
    """
    cos = np.clip(normals @ beam_vectors_kwh_m2.T, 0.0, None)
    return (cos * visible).sum(axis=1)


def ground_reflected_irradiation(normals: np.ndarray, ghi_kwh_m2: float, albedo: float) -> np.ndarray:
    """Isotropic ground reflection, unobstructed: albedo · GHI · (1 − cos β) / 2 (as pvlib ``get_ground_diffuse``).

    normals : (n, 3) float, unit; ghi_kwh_m2 : float, kWh/m²; albedo : float in [0, 1]
    Returns (n,) float64, kWh/m² (0 for zero normals).
    """
    nz = normals[:, 2]
    has_normal = np.any(normals != 0.0, axis=1)
    return np.where(has_normal, albedo * ghi_kwh_m2 * (1.0 - nz) / 2.0, 0.0)


def sunlight_hours(visible: np.ndarray, step_hours: np.ndarray) -> np.ndarray:
    """Hours of direct sun: sun positions a face faces (strictly) and sees.

    visible : (n, k) bool, from the ray caster (already False where the face does not face the sun)
    step_hours : (k,) float, hours each sun position stands for
    Returns (n,) float64, hours.
    """
    return visible.astype(np.float64) @ np.asarray(step_hours, dtype=np.float64)


# --------------------------------------------------------------------------- the ray engine


@dataclass
class _Sources:
    """All directions of one run in one array, with the slices of each kind."""

    directions32: np.ndarray  # (d, 3) float32: sky patches, horizon ring, sun bins, sunlight positions
    dot_matrix: np.ndarray  # (3, d + 2b) float32: directions, then direct and circumsolar bin vectors
    sky: slice
    horizon: slice
    sun: slice
    day: slice
    direct: slice
    circumsolar: slice
    day_hours: np.ndarray


def _sources(sky: CumulativeSky, day_directions: np.ndarray, day_hours: np.ndarray) -> _Sources:
    parts = [sky.patch_directions, sky.horizon_directions, sky.sun_directions, day_directions.reshape(-1, 3)]
    ends = np.cumsum([0] + [len(p) for p in parts])
    d = np.concatenate(parts)
    nd, nb = len(d), len(sky.sun_directions)
    return _Sources(
        directions32=d.astype(np.float32),
        dot_matrix=np.concatenate([d, sky.sun_direct_kwh_m2, sky.sun_circumsolar_kwh_m2]).T.astype(np.float32).copy(),
        sky=slice(ends[0], ends[1]),
        horizon=slice(ends[1], ends[2]),
        sun=slice(ends[2], ends[3]),
        day=slice(ends[3], ends[4]),
        direct=slice(nd, nd + nb),
        circumsolar=slice(nd + nb, nd + 2 * nb),
        day_hours=np.asarray(day_hours, dtype=np.float32),
    )


def _plan_chunk(normals: np.ndarray, sky: CumulativeSky, src: _Sources):
    """Per-face weights of every source and which (face, direction) pairs need a ray.

    One float32 product gives every cosine of the chunk (directions and bin
    vectors alike): a (c, 3) x (3, k) product is memory-bound, so one pass beats five.
    """
    n32 = normals.astype(np.float32)
    dots = n32 @ src.dot_matrix
    nd = src.directions32.shape[0]
    cast = dots[:, :nd] > FACING_COS_MIN  # strictly in front: in-plane directions belong to neither side
    w_sky = sky_patch_weights(normals, sky.patch_directions, sky.patch_solid_angles_sr, cosines=dots[:, src.sky])
    w_hor = horizon_weights(normals, sky.horizon_directions)
    cast[:, src.horizon] &= w_hor > 0.0  # a flat roof faces the ring but gets nothing from it
    # direct and circumsolar cosines side by side (contiguous: one pass, in place)
    beam = np.maximum(dots[:, nd:], 0.0, out=dots[:, nd:])
    return cast, w_sky, w_hor, beam


def chunk_rays(points: np.ndarray, normals: np.ndarray, cast: np.ndarray, directions32: np.ndarray, offset_m: float):
    """The rays of one chunk, face by face: all directions of a sample, then the next sample.

    points, normals : (c, 3); cast : (c, d) bool; directions32 : (d, 3) float32
    Returns origins, directions : (r, 3) float32 with r = cast.sum(), in ``cast``'s row-major order.
    """
    origins = (points + offset_m * normals).astype(np.float32)
    ray_origins = np.repeat(origins, np.count_nonzero(cast, axis=1), axis=0)
    # the direction column of every cast pair, as small ints (np.nonzero builds two int64 arrays: slower)
    d = cast.shape[1]
    columns = np.broadcast_to(np.arange(d, dtype=np.int16 if d < 2**15 else np.int32), cast.shape)[cast]
    ray_dirs = np.take(directions32, columns, axis=0)
    return ray_origins, ray_dirs


def _run_chunk(points, normals, scene: OcclusionScene, sky: CumulativeSky, src: _Sources, offset_m: float):
    cast, w_sky, w_hor, beam = _plan_chunk(normals, sky, src)
    origins, dirs = chunk_rays(points, normals, cast, src.directions32, offset_m)
    hit = scene.occluded_serial(origins, dirs)
    visible = cast.copy()
    visible[cast] = ~hit  # boolean-mask assignment walks cast row-major: the rays' order
    seen_sky = np.where(visible[:, src.sky], w_sky, 0.0).sum(axis=1, dtype=np.float64)
    horizon = np.where(visible[:, src.horizon], w_hor, 0.0).sum(axis=1)
    c, nb = len(points), src.sun.stop - src.sun.start
    # (c, 2, b): direct then circumsolar cosine-weighted kWh/m², kept where the bin is seen
    beam_seen = (beam.reshape(c, 2, nb) * visible[:, None, src.sun]).sum(axis=2, dtype=np.float64)
    out = {
        "direct": beam_seen[:, 0],
        "circumsolar": beam_seen[:, 1],
        "isotropic": sky.isotropic_radiance_kwh_m2_sr * seen_sky,
        "horizon": 0.5 * sky.horizon_vertical_kwh_m2 * horizon,
        "sky_view_factor": seen_sky / np.pi,
        "sunlight_hours": sunlight_hours(visible[:, src.day], src.day_hours),
        # every ray blocked: a party wall against its neighbour, or a face inside another building
        "enclosed": (cast.any(axis=1) & ~visible.any(axis=1)).astype(np.float64),
    }
    return out, len(origins)


def iter_chunk_rays(
    points: np.ndarray,
    normals: np.ndarray,
    sky: CumulativeSky,
    *,
    day_directions: np.ndarray | None = None,
    day_hours: np.ndarray | None = None,
    offset_m: float = SAMPLE_OFFSET_M,
    chunk_samples: int = 4096,
):
    """Yield (origins, directions) float32 arrays: exactly the rays :func:`irradiate_samples` casts.

    For benchmarks (raw Embree throughput on the same rays) and for debugging.
    """
    day_directions = np.zeros((0, 3)) if day_directions is None else np.asarray(day_directions, dtype=np.float64)
    src = _sources(sky, day_directions, np.zeros(len(day_directions)) if day_hours is None else day_hours)
    for a in range(0, len(points), chunk_samples):
        cast = _plan_chunk(normals[a : a + chunk_samples], sky, src)[0]
        yield chunk_rays(points[a : a + chunk_samples], normals[a : a + chunk_samples], cast, src.directions32, offset_m)


@dataclass
class SampleIrradiation:
    """Per-sample results of :func:`irradiate_samples` (kWh/m² over the period, hours, unitless SVF)."""

    direct_kwh_m2: np.ndarray
    diffuse_kwh_m2: np.ndarray
    reflected_kwh_m2: np.ndarray
    sky_view_factor: np.ndarray
    sunlight_hours: np.ndarray
    n_rays: int
    ray_seconds: float

    @property
    def total_kwh_m2(self) -> np.ndarray:
        return self.direct_kwh_m2 + self.diffuse_kwh_m2 + self.reflected_kwh_m2


def irradiate_samples(
    points: np.ndarray,
    normals: np.ndarray,
    scene: OcclusionScene,
    sky: CumulativeSky,
    *,
    day_directions: np.ndarray | None = None,
    day_hours: np.ndarray | None = None,
    offset_m: float = SAMPLE_OFFSET_M,
    chunk_samples: int = 4096,
    threads: int | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    progress_span: tuple[float, float] = (0.0, 1.0),
) -> SampleIrradiation:
    """Irradiation of sample points by the cumulative sky, with occlusion.

    Parameters
    ----------
    points : (s, 3) float64, sample points on faces (local metres, not yet offset)
    normals : (s, 3) float64, unit normals of their faces
    scene : OcclusionScene
    sky : CumulativeSky
    day_directions : (k, 3) float, sun directions for sunlight hours (above the horizon)
    day_hours : (k,) float, hours each of them stands for
    offset_m : float, metres the ray origins are lifted along the normal
    chunk_samples : int, samples per chunk (progress and cancel are checked between chunks)
    threads : int, chunks cast at once (default: the scene's thread count)

    Returns
    -------
    SampleIrradiation with (s,) arrays. Diffuse = isotropic + circumsolar +
    horizon (clipped at 0: Perez's horizon term can be negative).

    Raises
    ------
    Cancelled
        When ``cancel()`` returns True between chunks.
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    normals = np.asarray(normals, dtype=np.float64).reshape(-1, 3)
    if len(points) != len(normals):
        raise ValueError(f"{len(points)} sample points but {len(normals)} normals")
    day_directions = np.zeros((0, 3)) if day_directions is None else np.asarray(day_directions, dtype=np.float64)
    day_hours = np.zeros(0) if day_hours is None else np.asarray(day_hours, dtype=np.float64)
    if len(day_hours) != len(day_directions):
        raise ValueError(f"{len(day_directions)} sunlight directions but {len(day_hours)} durations")
    src = _sources(sky, day_directions, day_hours)
    n = len(points)
    keys = ("direct", "circumsolar", "isotropic", "horizon", "sky_view_factor", "sunlight_hours", "enclosed")
    acc = {k: np.zeros(n) for k in keys}
    bounds = list(range(0, n, max(1, int(chunk_samples)))) + [n]
    chunks = list(zip(bounds[:-1], bounds[1:]))
    workers = max(1, threads if threads is not None else scene.threads)
    lo, hi = progress_span
    n_rays = 0
    t0 = time.perf_counter()
    done = 0
    # Our threads are the parallelism: BLAS threads on top of them (the small matrix products of
    # _plan_chunk) only contend for the same cores (untiled, 8,000 buildings: 11 s of CPU instead of 8.5 s).
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        pending = {}
        queue = iter(chunks)

        def submit_next() -> bool:
            try:
                a, b = next(queue)
            except StopIteration:
                return False
            fut = pool.submit(_run_chunk, points[a:b], normals[a:b], scene, sky, src, offset_m)
            pending[fut] = (a, b)
            return True

        for _ in range(2 * workers):  # keep every thread busy, never the whole city in memory
            if not submit_next():
                break
        try:
            while pending:
                check(cancel)
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    a, b = pending.pop(fut)
                    out, rays = fut.result()
                    n_rays += rays
                    for k in keys:
                        acc[k][a:b] = out[k]
                    done += 1
                    report(progress, lo + (hi - lo) * done / len(chunks), f"ray casting: {done}/{len(chunks)} chunks")
                    submit_next()
        except Cancelled:
            for fut in pending:
                fut.cancel()
            raise
    ray_seconds = time.perf_counter() - t0
    diffuse = np.clip(acc["isotropic"] + acc["circumsolar"] + acc["horizon"], 0.0, None)
    return SampleIrradiation(
        direct_kwh_m2=acc["direct"],
        diffuse_kwh_m2=diffuse,
        # unobstructed reflection (module docstring), except on faces that see nothing at all
        reflected_kwh_m2=ground_reflected_irradiation(normals, sky.ghi_kwh_m2, sky.albedo) * (acc["enclosed"] == 0),
        sky_view_factor=acc["sky_view_factor"],
        sunlight_hours=acc["sunlight_hours"],
        n_rays=n_rays,
        ray_seconds=ray_seconds,
    )


def shadow_mask(scene: OcclusionScene, points: np.ndarray, sun_direction: np.ndarray, offset_m: float = SAMPLE_OFFSET_M,
                normals: np.ndarray | None = None) -> np.ndarray:
    """Which points are in shadow for one sun direction (the shadow study, ground samples).

    points : (n, 3) float, local metres; sun_direction : (3,) unit vector to the sun
    normals : (n, 3) float, optional; points are lifted by ``offset_m`` along
        them (straight up without) and faces turned away from the sun are shaded.
    Returns (n,) bool, True in shadow.
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    sun = np.asarray(sun_direction, dtype=np.float64).reshape(3)
    if sun[2] <= 0.0:
        return np.ones(len(points), dtype=bool)
    lift = np.array([0.0, 0.0, 1.0]) if normals is None else np.asarray(normals, dtype=np.float64)
    origins = points + offset_m * lift
    dirs = np.broadcast_to(sun, points.shape)
    shaded = scene.occluded(origins, dirs)
    if normals is not None:
        shaded |= ~((np.asarray(normals) @ sun) > FACING_COS_MIN)
    return shaded


def sunlight_hours_at_points(
    city,
    points: np.ndarray,
    normals: np.ndarray | None = None,
    settings: SolarSettings | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> np.ndarray:
    """Sunlight hours at any points (ground, squares, a terrain grid) for the settings' day or period.

    Parameters
    ----------
    city : city.model.City, whose buildings, terrain and trees shade
    points : (n, 3) float, local metres (e.g. terrain grid nodes)
    normals : (n, 3) float, optional; straight up (horizontal ground) when omitted
    settings : SolarSettings, ``sunlight_*`` fields (default: 21 March, every 15 min)

    Returns
    -------
    (n,) float64, hours of direct sun (geometric: clouds are not counted).
    """
    settings = settings or SolarSettings()
    points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    normals = np.tile([0.0, 0.0, 1.0], (len(points), 1)) if normals is None else np.asarray(normals, dtype=np.float64)
    site = site_of(city)
    dirs, hours = sunlight_directions(site, settings)
    scene = OcclusionScene.from_city(
        city, terrain=settings.include_terrain, trees=settings.include_trees, robust=settings.robust_rays,
        threads=settings.threads,
    )
    out = np.zeros(len(points))
    try:
        step = max(1, settings.chunk_samples * 16)
        for a in range(0, len(points), step):
            check(cancel)
            p, n = points[a : a + step], normals[a : a + step]
            cast = (n @ dirs.T) > FACING_COS_MIN
            origins, rays = chunk_rays(p, n, cast, dirs.astype(np.float32), settings.sample_offset_m)
            visible = cast.copy()
            visible[cast] = ~scene.occluded(origins, rays)
            out[a : a + step] = sunlight_hours(visible, hours)
            report(progress, min(1.0, (a + step) / len(points)), "sunlight hours")
    finally:
        scene.close()
    return out


# --------------------------------------------------------------------------- per-triangle results


def sunlight_directions(site: Site, settings: SolarSettings) -> tuple[np.ndarray, np.ndarray]:
    """Sun directions (above the horizon) and the hours each stands for, for sunlight hours.

    Returns (k, 3) float64 unit vectors and (k,) float64 hours.
    """
    first = settings.sunlight_first_day
    if first is None:
        return np.zeros((0, 3)), np.zeros(0)
    last = settings.sunlight_last_day or first
    if last < first:
        raise ValueError(f"sunlight period ends ({last}) before it starts ({first})")
    n_days = (last - first).days + 1
    stride = max(1, int(settings.sunlight_day_stride))
    dirs, hours = [], []
    for offset in range(0, n_days, stride):
        day = first + dt.timedelta(days=offset)
        represented = min(stride, n_days - offset)
        _, d, elevation = sun_path(site, day, settings.sunlight_step_minutes)
        up = elevation > 0.0
        dirs.append(d[up])
        hours.append(np.full(int(up.sum()), settings.sunlight_step_minutes / 60.0 * represented))
    return np.concatenate(dirs), np.concatenate(hours)


@dataclass
class MeshIrradiation:
    """Per-triangle results of :func:`irradiate_mesh` (``arrays`` keyed by :data:`FACE_ARRAYS`)."""

    arrays: dict[str, np.ndarray]
    pv_area_m2: np.ndarray  # (t,) usable roof area of each triangle, m²
    pv_incident_kwh: np.ndarray  # (t,) irradiation on that usable area, kWh
    n_samples: int
    n_rays: int
    ray_seconds: float


def triangle_tilt_azimuth(normals: np.ndarray, grid_convergence_deg: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Tilt (0 = facing up) and true azimuth (clockwise from north) of unit normals, degrees."""
    tilt = np.degrees(np.arccos(np.clip(normals[:, 2], -1.0, 1.0)))
    azimuth = (np.degrees(np.arctan2(normals[:, 0], normals[:, 1])) - grid_convergence_deg) % 360.0
    return tilt, azimuth


def pv_suitable_triangles(
    surface: np.ndarray, normals: np.ndarray, settings: SolarSettings, grid_convergence_deg: float = 0.0
) -> np.ndarray:
    """(t,) bool: roof faces whose slope and aspect allow PV modules (see :class:`SolarSettings`)."""
    tilt, azimuth = triangle_tilt_azimuth(normals, grid_convergence_deg)
    from_south = np.abs(((azimuth - 180.0) + 180.0) % 360.0 - 180.0)
    aspect_ok = (tilt <= settings.pv_flat_tilt_deg) | (from_south <= settings.pv_max_azimuth_from_south_deg)
    has_normal = np.any(normals != 0.0, axis=1)
    return (surface == ROOF) & has_normal & (tilt <= settings.pv_max_tilt_deg) & aspect_ok


def irradiate_mesh(
    vertices: np.ndarray,
    triangles: np.ndarray,
    surface: np.ndarray | None,
    scene: OcclusionScene,
    sky: CumulativeSky,
    site: Site,
    settings: SolarSettings,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    progress_span: tuple[float, float] = (0.0, 1.0),
    sunlight: tuple[np.ndarray, np.ndarray] | None = None,
) -> MeshIrradiation:
    """Solar results for every triangle of a mesh (the scene must contain the mesh itself).

    Parameters
    ----------
    vertices : (v, 3) float, local metres; triangles : (t, 3) int
    surface : (t,) uint8 SurfaceType (ROOF = 1 for PV), or None (no PV)
    scene, sky, site, settings : see :func:`compute_solar`
    sunlight : :func:`sunlight_directions` of ``site`` and ``settings`` when the caller has them
        already (a tiled run computes them once, not once per tile); computed here when None

    Returns
    -------
    MeshIrradiation: (t,) float32 arrays, area-weighted means of the triangle's samples.
    """
    vertices = np.asarray(vertices, dtype=np.float64).reshape(-1, 3)
    triangles = np.asarray(triangles, dtype=np.int64).reshape(-1, 3)
    t = len(triangles)
    corners = vertices[triangles]
    cross = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    norm = np.linalg.norm(cross, axis=1)
    normals = np.divide(cross, norm[:, None], out=np.zeros_like(cross), where=norm[:, None] > 0)
    samples: FaceSamples = face_samples(vertices, triangles, settings.max_sample_area_m2)
    day_dirs, day_hours = sunlight_directions(site, settings) if sunlight is None else sunlight
    res = irradiate_samples(
        samples.points,
        normals[samples.triangle],
        scene,
        sky,
        day_directions=day_dirs,
        day_hours=day_hours,
        offset_m=settings.sample_offset_m,
        chunk_samples=settings.chunk_samples,
        threads=settings.threads,
        progress=progress,
        cancel=cancel,
        progress_span=progress_span,
    )
    if surface is not None:
        # a GroundSurface is the floor on the ground: nothing is reflected onto it from below
        res.reflected_kwh_m2[np.asarray(surface)[samples.triangle] == GROUND] = 0.0
    total = res.total_kwh_m2
    mean = lambda values: samples.per_triangle_mean(values, t).astype(np.float32)  # noqa: E731
    arrays = {
        "solar_irradiation_kwh_m2": mean(total),
        "solar_direct_kwh_m2": mean(res.direct_kwh_m2),
        "solar_diffuse_kwh_m2": mean(res.diffuse_kwh_m2),
        "solar_reflected_kwh_m2": mean(res.reflected_kwh_m2),
        "sky_view_factor": mean(res.sky_view_factor),
        "sunlight_hours": mean(res.sunlight_hours),
    }
    # PV: slope/aspect per triangle, irradiation per sample (a half-shaded roof keeps its sunny half)
    if surface is None:
        suitable = np.zeros(t, dtype=bool)
    else:
        suitable = pv_suitable_triangles(np.asarray(surface), normals, settings, site.grid_convergence_deg)
    threshold = settings.pv_min_irradiation_kwh_m2_year * sky.n_hours / 8760.0
    usable = suitable[samples.triangle] & (total >= threshold)
    pv_area = np.bincount(samples.triangle, weights=samples.area_m2 * usable, minlength=t)
    pv_kwh = np.bincount(samples.triangle, weights=samples.area_m2 * usable * total, minlength=t)
    arrays["pv_usable_fraction"] = mean(usable.astype(np.float64))
    return MeshIrradiation(arrays, pv_area, pv_kwh, len(samples), res.n_rays, res.ray_seconds)


def building_table(
    ids: list[str],
    triangle_building: np.ndarray,
    surface: np.ndarray,
    areas_m2: np.ndarray,
    irradiation_kwh_m2: np.ndarray,
    pv_area_m2: np.ndarray,
    pv_incident_kwh: np.ndarray,
    settings: SolarSettings,
    exposed: np.ndarray | None = None,
) -> pd.DataFrame:
    """Per-building roof and facade figures and PV potential.

    Parameters
    ----------
    ids : (b,) building ids; triangle_building : (t,) int; surface : (t,) uint8 SurfaceType
    areas_m2 : (t,) float, m²; irradiation_kwh_m2 : (t,) float, kWh/m² over the period
    pv_area_m2, pv_incident_kwh : (t,) float, from :func:`irradiate_mesh`
    exposed : (t,) bool, optional: faces that see some sky (``sky_view_factor > 0``).
        Facade figures count exposed walls only, so a party wall against its
        neighbour does not pull a terrace house's facade mean down.

    Returns
    -------
    DataFrame indexed by ``building_id`` with ``roof_area_m2``, ``facade_area_m2`` (exposed walls),
    ``roof_irradiation_kwh_m2``, ``facade_irradiation_kwh_m2`` (area-weighted
    means, kWh/m² over the period), ``roof_irradiation_kwh``, ``pv_area_m2``,
    ``pv_kwp``, ``pv_kwh`` (kWh over the period).
    """
    b = len(ids)
    tb = np.asarray(triangle_building)
    irr = np.asarray(irradiation_kwh_m2, dtype=np.float64)

    def by_building(weights: np.ndarray) -> np.ndarray:
        return np.bincount(tb, weights=weights, minlength=b)

    roof, wall = surface == ROOF, surface == WALL
    if exposed is not None:
        wall = wall & np.asarray(exposed, dtype=bool)
    roof_area = by_building(areas_m2 * roof)
    wall_area = by_building(areas_m2 * wall)
    roof_kwh = by_building(areas_m2 * roof * irr)
    wall_kwh = by_building(areas_m2 * wall * irr)
    pv_area = by_building(pv_area_m2)
    pv_incident = by_building(pv_incident_kwh)
    enough = pv_area >= settings.pv_min_area_m2
    pv_area = np.where(enough, pv_area, 0.0)
    pv_incident = np.where(enough, pv_incident, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        table = pd.DataFrame(
            {
                "roof_area_m2": roof_area,
                "facade_area_m2": wall_area,
                "roof_irradiation_kwh_m2": np.where(roof_area > 0, roof_kwh / roof_area, np.nan),
                "facade_irradiation_kwh_m2": np.where(wall_area > 0, wall_kwh / wall_area, np.nan),
                "roof_irradiation_kwh": roof_kwh,
                "pv_area_m2": pv_area,
                "pv_kwp": pv_area * settings.pv_module_efficiency,  # 1 kW/m² at STC
                "pv_kwh": pv_incident * settings.pv_module_efficiency * settings.pv_performance_ratio,
            },
            index=pd.Index(ids, name="building_id"),
        )
    return table


@dataclass
class SolarResult:
    """What :func:`compute_solar` returns (its face arrays are also in ``city.buildings.face_data``).

    face_data : name -> (t,) float32 per building triangle (:data:`FACE_ARRAYS`)
    buildings : per-building DataFrame (:func:`building_table`)
    sky : the cumulative sky used (period, weather label, ``measured``)
    from_cache : the face arrays were read from the cache (``n_samples`` and
        ``n_rays`` are then those of the run that wrote it)
    """

    face_data: dict[str, np.ndarray]
    buildings: pd.DataFrame
    sky: CumulativeSky
    site: Site
    settings: SolarSettings
    weather_label: str
    measured: bool
    n_samples: int
    n_rays: int
    timings_s: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """Things to show with the results (clear sky, a distant weather station)."""
    from_cache: bool = False

    @property
    def rays_per_second(self) -> float:
        return self.n_rays / max(self.timings_s.get("total", 0.0), 1e-9)


def solar_sky(weather: Weather, site: Site, settings: SolarSettings) -> CumulativeSky:
    """The cumulative sky of the settings' period (see :func:`analysis.sky.build_cumulative_sky`)."""
    return build_cumulative_sky(
        weather,
        site,
        albedo=settings.albedo,
        start=settings.period_start,
        end=settings.period_end,
        sun_bin_declination_deg=settings.sun_bin_declination_deg,
        sun_bin_hour_angle_deg=settings.sun_bin_hour_angle_deg,
        horizon_directions=settings.horizon_directions,
    )


def solar_result_from_faces(
    city,
    weather: Weather,
    sky: CumulativeSky,
    site: Site,
    settings: SolarSettings,
    faces: CachedSolar,
    timings: dict[str, float],
    *,
    from_cache: bool = False,
    notes: list[str] | None = None,
) -> SolarResult:
    """The per-building table, the notes and the result of a run whose per-triangle arrays are known.

    Writes ``faces.arrays`` to ``city.buildings.face_data``: call it only once the rays are all cast.
    """
    buildings = city.buildings
    t3 = time.perf_counter()
    table = building_table(
        buildings.ids, buildings.triangle_building, buildings.triangle_surface, buildings.triangle_areas_m2(),
        faces.arrays["solar_irradiation_kwh_m2"], faces.pv_area_m2, faces.pv_incident_kwh, settings,
        exposed=faces.arrays["sky_view_factor"] > 0,
    )
    buildings.face_data.update(faces.arrays)
    timings["table"] = time.perf_counter() - t3
    notes = list(notes or [])
    if not weather.measured:
        notes.append(weather.label)
    distance_km = _great_circle_km(site.latitude_deg, site.longitude_deg, weather.latitude_deg, weather.longitude_deg)
    if distance_km > 50.0:
        notes.append(f"weather from {weather.label}, {distance_km:.0f} km from the site")
    return SolarResult(
        face_data=faces.arrays,
        buildings=table,
        sky=sky,
        site=site,
        settings=settings,
        weather_label=weather.label,
        measured=weather.measured,
        n_samples=faces.n_samples,
        n_rays=faces.n_rays,
        timings_s=timings,
        notes=notes,
        from_cache=from_cache,
    )


def cache_lookup(cache: SolarCache | None, city, weather: Weather, settings: SolarSettings, variant: str):
    """(key, entry or None) for a run; (None, None) without a cache."""
    if cache is None:
        return None, None
    key = solar_cache_key(city, weather, settings, variant)
    return key, cache.load(key, len(city.buildings.triangles), FACE_ARRAYS)


def cache_store(cache: SolarCache | None, key: str | None, faces: CachedSolar, notes: list[str]) -> None:
    """Write a run's arrays to the cache; a cache that cannot be written is a note, not a failure."""
    if cache is None or key is None:
        return
    try:
        cache.store(key, faces)
    except OSError as exc:
        notes.append(f"results not cached: {exc}")


def compute_solar(
    city,
    weather: Weather,
    settings: SolarSettings | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    cache: SolarCache | None = None,
) -> SolarResult:
    """Irradiation, sky view factor, sunlight hours and PV potential of every building face.

    Parameters
    ----------
    city : city.model.City (buildings shaded by themselves, the terrain and tree crowns)
    weather : Weather (``read_epw``, ``read_pvgis_tmy`` or ``clear_sky_year``)
    settings : SolarSettings, optional
    progress : ``progress(fraction, message)``, optional
    cancel : ``cancel() -> bool``, optional, polled between chunks of rays
    cache : SolarCache, optional: per-triangle results are read from it when
        the geometry, weather and settings are those of an earlier run, and
        written to it otherwise (:mod:`analysis.solar_cache`)

    Returns
    -------
    SolarResult. On success the face arrays are written to
    ``city.buildings.face_data``; if cancelled (:class:`Cancelled`) or failed,
    the city is left untouched.
    """
    settings = settings or SolarSettings()
    buildings = city.buildings
    if not len(buildings.triangles):
        raise ValueError(f"{city.name}: no building faces to analyse")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    key, cached = cache_lookup(cache, city, weather, settings, "untiled")
    timings["cache"] = time.perf_counter() - t0
    report(progress, 0.0, "sun and sky")
    site = site_of(city)
    sky = solar_sky(weather, site, settings)
    timings["sky"] = time.perf_counter() - t0 - timings["cache"]
    notes: list[str] = []
    if cached is not None:
        result = solar_result_from_faces(city, weather, sky, site, settings, cached, timings, from_cache=True)
        timings["total"] = time.perf_counter() - t0
        report(progress, 1.0, "done (from the cache)")
        return result
    check(cancel)
    report(progress, 0.02, "building the ray-casting scene")
    t1 = time.perf_counter()
    scene = OcclusionScene.from_city(
        city, terrain=settings.include_terrain, trees=settings.include_trees,
        robust=settings.robust_rays, threads=settings.threads,
    )
    timings["scene"] = time.perf_counter() - t1
    try:
        check(cancel)
        t2 = time.perf_counter()
        mesh = irradiate_mesh(
            buildings.vertices, buildings.triangles, buildings.triangle_surface, scene, sky, site, settings,
            progress=progress, cancel=cancel, progress_span=(0.05, 0.97),
        )
        timings["rays"] = mesh.ray_seconds
        timings["mesh"] = time.perf_counter() - t2
    finally:
        scene.close()
    faces = CachedSolar(mesh.arrays, mesh.pv_area_m2, mesh.pv_incident_kwh, mesh.n_samples, mesh.n_rays)
    cache_store(cache, key, faces, notes)
    result = solar_result_from_faces(city, weather, sky, site, settings, faces, timings, notes=notes)
    timings["total"] = time.perf_counter() - t0
    report(progress, 1.0, "done")
    return result


def _great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    cos_angle = np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl)
    return float(6371.0 * np.arccos(np.clip(cos_angle, -1.0, 1.0)))
