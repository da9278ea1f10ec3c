"""City-wide solar runs split into square tiles, executed by Dask.

Tiles
-----
The plane is cut into squares of ``TileSettings.size_m`` (500 m) anchored at
the local origin (tile ``(i, j)`` spans ``[i·s, (i+1)·s) x [j·s, (j+1)·s)``,
so adding a building far away does not move the other tiles). A tile computes
the building triangles whose centroid falls in it, against the occluders
(building triangles, terrain triangles, tree crowns) that can shade them.

Shading margin
--------------
A ray leaving a sample at height z with elevation e is at z + d·tan e after a
horizontal distance d, so it cannot meet an occluder whose top is lower than
that. A tile therefore keeps each occluder triangle whose horizontal distance
d from the bounding box of the tile's faces satisfies
``d <= (top of the triangle − lowest point of the tile's faces) / tan(e_min)``:
every ray at or above ``e_min`` then sees exactly what it sees in the whole
city, and far-away occluders are kept only if they are tall (a 20 m building
on flat ground shades from 230 m at 5°; the ground itself only from where it
rises above the tile). The largest such reach, (highest occluder − lowest
face) / tan(e_min), is the run's *shading margin*: 480 m for the generated
8,000-building city (32-74 m NGF), 1.9 km for the demo district with its
160 m tower (only that tower is kept that far out).

Rays below ``e_min`` (the horizon ring at 3°, sun bins of the first and last
minutes of daylight) may pass over the reach and miss a distant occluder:
tiled results can only be *brighter* than untiled ones, and only through
those rays. ``min_elevation_deg`` defaults to 5°: the lowest Tregenza band
(centre 6°) is exact. ``margin_m`` replaces the rule with a fixed distance
(every occluder within it of the tile's faces, whatever its height).

Determinism
-----------
:func:`run_tile` is a pure function of its tile, the city mesh, the sky and the
settings: it builds its own Embree scene from the occluders in index order,
samples its faces in triangle order and casts them in fixed chunks on one
thread. Which worker runs it, when, or how often (a retry) does not change a
bit of its result, and :func:`compute_solar_tiled` writes each tile's arrays
to its own triangles, so the assembled result does not depend on the order
tiles finish in either.

Scheduling
----------
A local cluster by default (``LocalCluster(n_workers, threads_per_worker=1,
processes=True)``), or an existing scheduler's address. The city mesh is
scattered once to every worker; the biggest tiles are started first. A tile
that raises is resubmitted ``retries`` times (Dask's ``retries=``); a tile
whose worker dies is rescheduled on another worker by the scheduler (up to
``distributed.scheduler.allowed-failures``, 3, deaths). A worker that dies
loses its copy of the mesh, so a one-worker cluster that loses its worker
fails the run.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from analysis.progress import CancelCallback, ProgressCallback, check, report
from analysis.raycast import OcclusionScene, tree_crown_mesh
from analysis.sky import CumulativeSky
from analysis.solar import (
    FACE_ARRAYS,
    SolarResult,
    SolarSettings,
    cache_lookup,
    cache_store,
    irradiate_mesh,
    solar_result_from_faces,
    solar_sky,
    sunlight_directions,
)
from analysis.solar_cache import CachedSolar, SolarCache
from analysis.sun import Site, site_of
from analysis.weather import Weather

#: Default tile side, metres.
DEFAULT_TILE_SIZE_M = 500.0

#: Default lowest ray elevation for which tiled results equal untiled ones, degrees.
DEFAULT_MIN_ELEVATION_DEG = 5.0


@dataclass(frozen=True)
class TileSettings:
    """How a city-wide run is split (module docstring).

    size_m : tile side, metres (500)
    margin_m : None (default): keep occluders by height, exact above ``min_elevation_deg``;
        or a fixed distance, metres: every occluder within it of the tile's faces
    min_elevation_deg : rays at or above this elevation are exact (5°)
    retries : times a tile that raised is run again (2)
    """

    size_m: float = DEFAULT_TILE_SIZE_M
    margin_m: float | None = None
    min_elevation_deg: float = DEFAULT_MIN_ELEVATION_DEG
    retries: int = 2

    def validate(self) -> None:
        if not (self.size_m > 0 and np.isfinite(self.size_m)):
            raise ValueError(f"tile size must be a positive number of metres, got {self.size_m}")
        if self.margin_m is not None and not (self.margin_m >= 0 and np.isfinite(self.margin_m)):
            raise ValueError(f"shading margin must be 0 or more metres, got {self.margin_m}")
        if not 0.0 < self.min_elevation_deg < 90.0:
            raise ValueError(f"min_elevation_deg must be between 0 and 90°, got {self.min_elevation_deg}")
        if self.retries < 0:
            raise ValueError(f"retries must be 0 or more, got {self.retries}")


@dataclass
class CityMesh:
    """What the tiles need of a city, as one picklable object (scattered once to every worker).

    vertices : (v, 3) float64, local metres: building vertices first, then terrain, then tree crowns
    triangles : (t, 3) int64: the building triangles first (same indices as ``city.buildings.triangles``)
    boxes : (t, 4) float64, each triangle's xmin, xmax, ymin, ymax
    top_z, bottom_z : (t,) float64, each triangle's highest and lowest z
    surface : (b,) uint8, SurfaceType of the b building triangles
    """

    vertices: np.ndarray
    triangles: np.ndarray
    boxes: np.ndarray
    top_z: np.ndarray
    bottom_z: np.ndarray
    surface: np.ndarray

    @property
    def n_building_triangles(self) -> int:
        return len(self.surface)


def city_mesh(city, settings: SolarSettings) -> CityMesh:
    """Buildings, and terrain and tree crowns when the settings let them shade (as ``OcclusionScene.from_city``)."""
    b = city.buildings
    parts_v, parts_t = [b.vertices], [b.triangles]
    n = len(b.vertices)
    if settings.include_terrain and city.terrain is not None:
        tv, tt = city.terrain.mesh()
        parts_v.append(tv)
        parts_t.append(tt + n)
        n += len(tv)
    if settings.include_trees and len(city.trees):
        cv, ct = tree_crown_mesh(city.trees.positions, city.trees.height_m, city.trees.crown_diameter_m)
        parts_v.append(cv)
        parts_t.append(ct + n)
    vertices = np.concatenate(parts_v)
    triangles = np.concatenate(parts_t).astype(np.int64)
    a, b_, c = (vertices[triangles[:, k]] for k in range(3))
    lo, hi = np.minimum(np.minimum(a, b_), c), np.maximum(np.maximum(a, b_), c)
    boxes = np.column_stack([lo[:, 0], hi[:, 0], lo[:, 1], hi[:, 1]])
    return CityMesh(vertices, triangles, boxes, hi[:, 2].copy(), lo[:, 2].copy(), b.triangle_surface.copy())


def shading_margin_m(mesh: CityMesh, tiles: TileSettings) -> float:
    """The largest distance an occluder is kept at, metres: ``tiles.margin_m``, or
    (highest occluder − lowest face) / tan(e_min) (module docstring)."""
    if tiles.margin_m is not None:
        return float(tiles.margin_m)
    n = mesh.n_building_triangles
    lowest = float(mesh.bottom_z[:n].min()) if n else 0.0
    highest = float(mesh.top_z.max()) if len(mesh.top_z) else 0.0
    return max(0.0, highest - lowest) / float(np.tan(np.radians(tiles.min_elevation_deg)))


@dataclass(frozen=True, eq=False)
class Tile:
    """One square of the plan: ``bounds`` (xmin, xmax, ymin, ymax) and its faces (increasing triangle indices)."""

    column: int
    row: int
    bounds: tuple[float, float, float, float]
    faces: np.ndarray

    @property
    def name(self) -> str:
        return f"{self.column}_{self.row}"

    def __repr__(self) -> str:
        return f"Tile({self.name}, {len(self.faces)} faces)"


def plan_tiles(vertices: np.ndarray, triangles: np.ndarray, size_m: float) -> list[Tile]:
    """Tiles holding at least one triangle's centroid, ordered by (row, column).

    vertices : (v, 3) float, triangles : (t, 3) int (the building triangles); size_m : tile side, metres
    """
    centroids = np.asarray(vertices)[np.asarray(triangles)].mean(axis=1)
    cells = np.floor(centroids[:, :2] / size_m).astype(np.int64)
    order = np.lexsort((np.arange(len(cells)), cells[:, 0], cells[:, 1]))  # by row, column, then index
    cells_sorted = cells[order]
    breaks = np.flatnonzero(np.any(np.diff(cells_sorted, axis=0) != 0, axis=1)) + 1
    tiles = []
    for group in np.split(np.arange(len(order)), breaks):
        if not len(group):
            continue
        i, j = (int(v) for v in cells_sorted[group[0]])
        bounds = (i * size_m, (i + 1) * size_m, j * size_m, (j + 1) * size_m)
        tiles.append(Tile(i, j, bounds, np.sort(order[group])))
    return tiles


@dataclass
class TileResult:
    """What :func:`run_tile` returns: the tile's faces and their per-triangle arrays.

    faces : (f,) int64 triangle indices; arrays : name -> (f,) float32 (FACE_ARRAYS)
    pv_area_m2, pv_incident_kwh : (f,) float64; n_occluders : triangles in the tile's scene
    seconds : the tile's wall time in its worker (scene, rays and all)
    """

    name: str
    faces: np.ndarray
    arrays: dict[str, np.ndarray]
    pv_area_m2: np.ndarray
    pv_incident_kwh: np.ndarray
    n_samples: int
    n_rays: int
    n_occluders: int
    ray_seconds: float
    seconds: float


def tile_occluders(tile: Tile, mesh: CityMesh, tiles: TileSettings, offset_m: float) -> np.ndarray:
    """(t,) bool: the occluder triangles that can shade the tile's faces (module docstring).

    offset_m : how far samples are lifted off their faces (their origins can be that much lower or outside).
    """
    corners = mesh.vertices[mesh.triangles[tile.faces]]
    x0, y0, z_low = corners.min(axis=(0, 1)) - offset_m
    x1, y1, _ = corners.max(axis=(0, 1)) + offset_m
    box = mesh.boxes
    dx = np.maximum(0.0, np.maximum(box[:, 0] - x1, x0 - box[:, 1]))
    dy = np.maximum(0.0, np.maximum(box[:, 2] - y1, y0 - box[:, 3]))
    tan_e = np.tan(np.radians(tiles.min_elevation_deg))
    farthest = tiles.margin_m if tiles.margin_m is not None else (mesh.top_z.max(initial=z_low) - z_low) / tan_e
    # distance >= dx and >= dy: only the few triangles within reach along both axes need the exact test
    # (most of a city lies beyond every reach; the test itself is unchanged, so is what it keeps)
    near = np.zeros(len(box), dtype=bool)
    candidates = np.flatnonzero((dx <= farthest) & (dy <= farthest))
    distance = np.hypot(dx[candidates], dy[candidates])
    if tiles.margin_m is not None:
        near[candidates] = distance <= tiles.margin_m
    else:
        reach = (mesh.top_z[candidates] - z_low) / tan_e
        near[candidates] = (distance == 0.0) | (distance <= reach)
    return near


def run_tile(tile: Tile, mesh: CityMesh, sky: CumulativeSky, site: Site, settings: SolarSettings,
             tiles: TileSettings) -> TileResult:
    """Solar results of one tile's faces, shaded by the occluders that can reach them (:func:`tile_occluders`).

    Deterministic: a function of its arguments only (module docstring). Runs on one thread.
    """
    t0 = time.perf_counter()
    near = tile_occluders(tile, mesh, tiles, settings.sample_offset_m)
    one_thread = dataclasses.replace(settings, threads=1)
    sunlight = worker_sunlight_directions(site, settings)
    # only the vertices the kept triangles use (Embree builds 3x faster than with the whole city's),
    # with their exact float64 values: the same float32 corners as the untiled scene
    triangles = mesh.triangles[near]
    used = np.zeros(len(mesh.vertices), dtype=bool)
    used[triangles] = True
    new_index = np.cumsum(used) - 1
    scene = OcclusionScene(mesh.vertices[used], new_index[triangles], robust=settings.robust_rays, threads=1)
    try:
        res = irradiate_mesh(mesh.vertices, mesh.triangles[tile.faces], mesh.surface[tile.faces], scene, sky, site,
                             one_thread, sunlight=sunlight)
    finally:
        scene.close()
    return TileResult(tile.name, tile.faces, res.arrays, res.pv_area_m2, res.pv_incident_kwh, res.n_samples,
                      res.n_rays, int(near.sum()), res.ray_seconds, time.perf_counter() - t0)


_SUNLIGHT: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}


def worker_sunlight_directions(site: Site, settings: SolarSettings) -> tuple[np.ndarray, np.ndarray]:
    """:func:`analysis.solar.sunlight_directions`, computed once per process and shared by its tiles.

    pvlib's SPA over the sampled days costs about 10 ms, the same for every tile
    of a run. Keyed by the site and the settings that the directions depend on;
    the arrays are read-only.
    """
    key = (site, settings.sunlight_first_day, settings.sunlight_last_day, settings.sunlight_step_minutes,
           settings.sunlight_day_stride)
    found = _SUNLIGHT.get(key)
    if found is None:
        if len(_SUNLIGHT) >= 8:  # a long-lived worker serving many runs: keep the latest few
            _SUNLIGHT.pop(next(iter(_SUNLIGHT)))
        directions, hours = sunlight_directions(site, settings)
        directions.setflags(write=False)
        hours.setflags(write=False)
        found = _SUNLIGHT[key] = (directions, hours)
    return found


TileFunction = Callable[[Tile, CityMesh, CumulativeSky, Site, SolarSettings, TileSettings], TileResult]


def _load_analysis() -> None:
    """Import what a tile needs (pvlib, pandas, embreex: about a second) in a new worker process."""
    import analysis.solar_tiles  # noqa: F401


@contextmanager
def dask_client(workers: int = 2, scheduler: str | None = None, connect_timeout_s: float = 10.0) -> Iterator:
    """A ``distributed.Client``: on ``scheduler`` (an address such as ``tcp://host:8786``) when
    given, else on a new local cluster of ``workers`` processes with one thread each. Closed on exit.

    Raises ConnectionError when the scheduler cannot be reached within ``connect_timeout_s``.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=connect_timeout_s)
        except (OSError, TimeoutError) as exc:
            raise ConnectionError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    if workers < 1:
        raise ValueError(f"a local cluster needs at least one worker, got {workers}")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=logging.ERROR)
    try:
        client = Client(cluster)
        try:
            client.run(_load_analysis)  # part of starting: the first tile of each worker would pay for it
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def run_tiles(
    client,
    tiles: list[Tile],
    mesh: CityMesh,
    sky: CumulativeSky,
    site: Site,
    settings: SolarSettings,
    tile_settings: TileSettings,
    *,
    tile_function: TileFunction = run_tile,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    progress_span: tuple[float, float] = (0.0, 1.0),
) -> list[TileResult]:
    """Run ``tile_function`` on every tile through ``client``; results in ``tiles``' order.

    Each tile is submitted with ``retries=tile_settings.retries``, the biggest first.

    Progress is "tiles: done/total"; ``cancel()`` is polled about five times a
    second and cancels every unfinished tile's future before raising :class:`analysis.progress.Cancelled`.
    A tile that still fails after its retries raises its error (the other tiles are cancelled).
    """
    from distributed import wait

    lo, hi = progress_span
    run_id = uuid.uuid4().hex[:12]  # unique keys: a new run never reuses an earlier run's results
    [mesh_future] = client.scatter([mesh], broadcast=True, hash=False)
    futures = {
        client.submit(tile_function, tile, mesh_future, sky, site, settings, tile_settings,
                      key=f"solar-tile-{tile.name}-{run_id}", retries=tile_settings.retries, pure=False,
                      priority=len(tile.faces)): k
        for k, tile in enumerate(tiles)
    }
    results: list[TileResult | None] = [None] * len(tiles)
    pending = set(futures)
    report(progress, lo, f"tiles: 0/{len(tiles)}")
    try:
        while pending:
            check(cancel)
            try:
                finished, pending = wait(pending, timeout=0.2, return_when="FIRST_COMPLETED")
            except TimeoutError:
                continue
            for fut in finished:
                results[futures[fut]] = fut.result()  # a tile that failed after its retries raises here
                fut.release()
            done = len(tiles) - len(pending)
            report(progress, lo + (hi - lo) * done / len(tiles), f"tiles: {done}/{len(tiles)}")
    except BaseException:
        client.cancel(list(pending))
        raise
    finally:
        client.cancel([mesh_future])
    return results  # type: ignore[return-value]


def compute_solar_tiled(
    city,
    weather: Weather,
    settings: SolarSettings | None = None,
    tiles: TileSettings | None = None,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    client=None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    cache: SolarCache | None = None,
    tile_function: TileFunction = run_tile,
) -> SolarResult:
    """:func:`analysis.solar.compute_solar` for a whole city, tile by tile on a Dask cluster.

    Parameters
    ----------
    city, weather, settings, progress, cancel, cache : as for :func:`analysis.solar.compute_solar`
        (progress counts tiles; cache entries of tiled runs are keyed by the tiling too)
    tiles : TileSettings (500 m tiles, occluders kept by height, 2 retries)
    workers : processes of the local cluster started when neither ``client`` nor ``scheduler`` is given
    scheduler : address of a running Dask scheduler
    client : a ``distributed.Client`` to use (left open)
    tile_function : what runs per tile (default :func:`run_tile`; a wrapper may log, or fail in tests)

    Returns
    -------
    SolarResult (``timings_s``: cache (key and lookup), sky, plan, cluster, tiles (wall),
    tile_seconds (summed in the workers), rays (summed), table, total). The city is written
    only on success, as by ``compute_solar``.
    """
    settings = settings or SolarSettings()
    tiles = tiles or TileSettings()
    tiles.validate()
    buildings = city.buildings
    if not len(buildings.triangles):
        raise ValueError(f"{city.name}: no building faces to analyse")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    key, cached = cache_lookup(cache, city, weather, settings, cache_variant(tiles))
    timings["cache"] = time.perf_counter() - t0
    report(progress, 0.0, "sun and sky")
    site = site_of(city)
    sky = solar_sky(weather, site, settings)
    timings["sky"] = time.perf_counter() - t0 - timings["cache"]
    if cached is not None:
        result = solar_result_from_faces(city, weather, sky, site, settings, cached, timings, from_cache=True,
                                         notes=[f"tiles of {tiles.size_m:g} m (results read from the cache)"])
        timings["total"] = time.perf_counter() - t0
        report(progress, 1.0, "done (from the cache)")
        return result
    check(cancel)
    t1 = time.perf_counter()
    mesh = city_mesh(city, settings)
    margin = shading_margin_m(mesh, tiles)
    plan = plan_tiles(buildings.vertices, buildings.triangles, tiles.size_m)
    if tiles.margin_m is None:
        note = (f"{len(plan)} tiles of {tiles.size_m:g} m; occluders kept up to {margin:.0f} m away "
                f"(by height: exact for rays above {tiles.min_elevation_deg:g}°)")
    else:
        note = f"{len(plan)} tiles of {tiles.size_m:g} m; occluders kept up to {margin:.0f} m away"
    timings["plan"] = time.perf_counter() - t1
    report(progress, 0.02, "starting a local Dask cluster" if client is None and not scheduler else "Dask cluster")
    t1 = time.perf_counter()
    with _client_or(client, workers, scheduler) as c:
        timings["cluster"] = time.perf_counter() - t1
        check(cancel)
        t2 = time.perf_counter()
        done = run_tiles(c, plan, mesh, sky, site, settings, tiles, tile_function=tile_function, progress=progress,
                         cancel=cancel, progress_span=(0.05, 0.97))
        timings["tiles"] = time.perf_counter() - t2
    faces = assemble_tiles(done, len(buildings.triangles))
    timings["tile_seconds"] = float(sum(r.seconds for r in done))
    timings["rays"] = float(sum(r.ray_seconds for r in done))
    notes = [note]
    cache_store(cache, key, faces, notes)
    result = solar_result_from_faces(city, weather, sky, site, settings, faces, timings, notes=notes)
    timings["total"] = time.perf_counter() - t0
    report(progress, 1.0, "done")
    return result


def cache_variant(tiles: TileSettings) -> str:
    """What a tiled run adds to its cache key: what changes its results (not ``retries``)."""
    return f"tiles size_m={tiles.size_m!r} margin_m={tiles.margin_m!r} min_elevation_deg={tiles.min_elevation_deg!r}"


@contextmanager
def _client_or(client, workers: int, scheduler: str | None) -> Iterator:
    if client is not None:
        yield client
        return
    with dask_client(workers, scheduler) as c:
        yield c


def assemble_tiles(results: list[TileResult], n_triangles: int) -> CachedSolar:
    """Per-triangle arrays of the whole city from its tiles' results (each triangle in exactly one tile)."""
    arrays = {name: np.zeros(n_triangles, dtype=np.float32) for name in FACE_ARRAYS}
    pv_area = np.zeros(n_triangles)
    pv_kwh = np.zeros(n_triangles)
    seen = np.zeros(n_triangles, dtype=np.int64)
    for r in results:
        for name in FACE_ARRAYS:
            arrays[name][r.faces] = r.arrays[name]
        pv_area[r.faces] = r.pv_area_m2
        pv_kwh[r.faces] = r.pv_incident_kwh
        seen[r.faces] += 1
    if not (seen == 1).all():
        raise ValueError(f"tiles cover {int((seen == 0).sum())} triangles 0 times "
                         f"and {int((seen > 1).sum())} more than once")
    return CachedSolar(arrays, pv_area, pv_kwh, sum(r.n_samples for r in results), sum(r.n_rays for r in results))

