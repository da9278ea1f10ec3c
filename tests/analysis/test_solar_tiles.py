"""City-wide solar runs: tiles on a Dask cluster (deterministic, retried, cancellable) and the results cache.

One local cluster of two worker processes (one thread each) serves the whole
module; the city is a small generated one and the period one month, so that
rays take a fraction of a second.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import sys
import time

import numpy as np
import pandas as pd
import pytest
from solar_helpers import LYON_BRON, city_of, courtyard_block, frame_at
from solar_tile_helpers import attempts, fails_once, kills_its_worker_once, slow

from analysis.progress import Cancelled
from analysis.solar import FACE_ARRAYS, SolarSettings, compute_solar, solar_sky
from analysis.solar_cache import SOLAR_CODE_VERSION, SolarCache, default_cache_dir, solar_cache_key
from analysis.solar_tiles import (
    TileSettings,
    city_mesh,
    compute_solar_tiled,
    dask_client,
    plan_tiles,
    run_tile,
    run_tiles,
    shading_margin_m,
    tile_occluders,
)
from analysis.sun import site_of
from analysis.weather import clear_sky_year
from city.district import box_buildings, generate_synthetic_city

JUNE = dict(period_start=pd.Timestamp("2019-06-01", tz="Etc/GMT-1"),
            period_end=pd.Timestamp("2019-07-01", tz="Etc/GMT-1"))
SETTINGS = SolarSettings(max_sample_area_m2=float("inf"), sunlight_first_day=None, threads=1, **JUNE)
TILES = TileSettings(size_m=150.0)


@pytest.fixture(scope="module")
def city():
    return generate_synthetic_city(300)  # 8,400 triangles over about 580 m x 560 m


@pytest.fixture(scope="module")
def weather(city):
    site = site_of(city)
    return clear_sky_year(site.latitude_deg, site.longitude_deg, site.altitude_m)


@pytest.fixture(scope="module")
def client():
    with dask_client(workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def untiled(city, weather):
    result = compute_solar(city, weather, SETTINGS)
    return {k: v.copy() for k, v in result.face_data.items()}, result


@pytest.fixture(scope="module")
def tiled(city, weather, client):
    result = compute_solar_tiled(city, weather, SETTINGS, TILES, client=client)
    return {k: v.copy() for k, v in result.face_data.items()}, result


def _copy(city):
    """A city of its own (a run writes face_data into the city it is given)."""
    return copy.deepcopy(city)


def _wait_until(predicate, timeout_s: float = 10.0) -> bool:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


# --------------------------------------------------------------------------- the plan


def test_tiles_partition_the_faces_by_centroid(city):
    b = city.buildings
    plan = plan_tiles(b.vertices, b.triangles, 150.0)
    faces = np.concatenate([t.faces for t in plan])
    assert np.array_equal(np.sort(faces), np.arange(len(b.triangles)))  # each face in exactly one tile
    centroids = b.vertices[b.triangles].mean(axis=1)
    for t in plan:
        x0, x1, y0, y1 = t.bounds
        c = centroids[t.faces]
        assert ((c[:, 0] >= x0) & (c[:, 0] < x1) & (c[:, 1] >= y0) & (c[:, 1] < y1)).all()
        assert x0 == t.column * 150.0 and y0 == t.row * 150.0  # anchored at the origin, not at the city
        assert (np.diff(t.faces) > 0).all()
    assert [(t.row, t.column) for t in plan] == sorted((t.row, t.column) for t in plan)
    assert 12 <= len(plan) <= 25


def test_occluders_are_kept_by_height_and_distance():
    """A tile with one low building: a far tower shades it, a far shed of the same footprint does not."""
    quads = np.array([
        [[0, 0], [10, 0], [10, 10], [0, 10]],  # the tile's own building, 10 m
        [[200, 0], [210, 0], [210, 10], [200, 10]],  # a 40 m tower 190 m away: 40 / tan 5° = 457 m
        [[0, 200], [10, 200], [10, 210], [0, 210]],  # a 10 m shed 190 m away: 10 / tan 5° = 114 m
    ], dtype=np.float64)
    v, t, s = box_buildings(quads, np.zeros(3), np.array([10.0, 40.0, 10.0]))
    parts = [(v[8 * k: 8 * k + 8], t[12 * k: 12 * k + 12] - 8 * k, s[12 * k: 12 * k + 12]) for k in range(3)]
    small = city_of(parts, frame_at(*LYON_BRON))
    mesh = city_mesh(small, SETTINGS)
    plan = plan_tiles(small.buildings.vertices, small.buildings.triangles, 100.0)
    tile = next(p for p in plan if p.column == p.row == 0)
    assert set(tile.faces) == set(range(12))
    by_building = small.buildings.triangle_building
    kept = tile_occluders(tile, mesh, TileSettings(size_m=100.0), offset_m=0.05)
    tower = by_building == 1
    assert kept[by_building == 0].all() and not kept[by_building == 2].any()
    assert kept[tower & (mesh.top_z > 0)].all() and not kept[tower & (mesh.top_z == 0)].any()  # its floor cannot shade
    assert shading_margin_m(mesh, TileSettings()) == pytest.approx(40.0 / np.tan(np.radians(5.0)))
    fixed = tile_occluders(tile, mesh, TileSettings(size_m=100.0, margin_m=205.0), offset_m=0.05)
    assert fixed.all()  # a fixed margin keeps by distance only: both within 200 m
    assert not tile_occluders(tile, mesh, TileSettings(size_m=100.0, margin_m=50.0), offset_m=0.05)[12:].any()


def test_tile_settings_are_validated():
    for bad in (TileSettings(size_m=0.0), TileSettings(margin_m=-1.0), TileSettings(min_elevation_deg=0.0),
                TileSettings(retries=-1)):
        with pytest.raises(ValueError):
            bad.validate()


# --------------------------------------------------------------------------- determinism and the untiled run


def test_a_tile_alone_equals_the_same_tile_in_a_two_worker_run(city, weather, tiled):
    arrays, result = tiled
    assert result.n_samples == len(city.buildings.triangles)
    mesh = city_mesh(city, SETTINGS)
    sky = solar_sky(weather, site_of(city), SETTINGS)
    plan = plan_tiles(city.buildings.vertices, city.buildings.triangles, TILES.size_m)
    for tile in (max(plan, key=lambda t: len(t.faces)), plan[0], plan[-1]):
        alone = run_tile(tile, mesh, sky, site_of(city), SETTINGS, TILES)
        for name in FACE_ARRAYS:
            assert np.array_equal(alone.arrays[name], arrays[name][tile.faces]), (tile, name)


def test_tiles_give_the_same_bits_in_any_order(city, weather, client, tiled):
    arrays, _ = tiled
    mesh = city_mesh(city, SETTINGS)
    site = site_of(city)
    sky = solar_sky(weather, site, SETTINGS)
    plan = plan_tiles(city.buildings.vertices, city.buildings.triangles, TILES.size_m)[::-1]
    for r in run_tiles(client, plan, mesh, sky, site, SETTINGS, TILES):
        for name in FACE_ARRAYS:
            assert np.array_equal(r.arrays[name], arrays[name][r.faces]), (r.name, name)


def test_with_a_margin_covering_the_city_tiled_equals_untiled_exactly(city, weather, client, untiled):
    arrays, _ = untiled
    result = compute_solar_tiled(_copy(city), weather, SETTINGS, TileSettings(size_m=150.0, margin_m=5000.0),
                                 client=client)
    for name in FACE_ARRAYS:
        assert np.array_equal(result.face_data[name], arrays[name]), name


def test_by_height_tiled_differs_from_untiled_only_through_low_rays(untiled, tiled):
    """Rays at 5° and above are exact: the sky view factor (patches from 6° up) is identical;
    only low sun bins and the 3° horizon ring can pass over a distant occluder, and only brighten."""
    ref, _ = untiled
    got, _ = tiled
    assert np.array_equal(got["sky_view_factor"], ref["sky_view_factor"])
    direct = got["solar_direct_kwh_m2"].astype(np.float64) - ref["solar_direct_kwh_m2"]
    assert direct.min() >= 0.0
    total = got["solar_irradiation_kwh_m2"].astype(np.float64) - ref["solar_irradiation_kwh_m2"]
    assert np.mean(total == 0.0) > 0.99
    assert np.abs(total).max() < 0.05 * ref["solar_irradiation_kwh_m2"].max()


def test_results_are_written_to_the_city_and_summed(tiled, untiled):
    _, result = tiled
    _, whole = untiled
    assert result.n_rays > 0 and result.timings_s["tiles"] > 0
    assert "tiles of 150 m" in result.notes[0]
    assert result.buildings.index.equals(whole.buildings.index)
    assert np.allclose(result.buildings["roof_irradiation_kwh_m2"], whole.buildings["roof_irradiation_kwh_m2"],
                       rtol=0.01, equal_nan=True)


# --------------------------------------------------------------------------- failures, progress, cancel


def test_a_tile_that_fails_once_is_retried(city, weather, client, tiled, tmp_path):
    arrays, _ = tiled
    plan = plan_tiles(city.buildings.vertices, city.buildings.triangles, TILES.size_m)
    victim = plan[len(plan) // 2].name
    flaky = functools.partial(fails_once, str(tmp_path), victim)
    result = compute_solar_tiled(_copy(city), weather, SETTINGS, TILES, client=client, tile_function=flaky)
    assert attempts(tmp_path, victim) == 2
    for name in FACE_ARRAYS:
        assert np.array_equal(result.face_data[name], arrays[name])

    # with no retries asked for, the same failure ends the run, and the city is untouched
    again = tmp_path / "again"
    again.mkdir()
    fresh = _copy(city)
    fresh.buildings.face_data.clear()
    with pytest.raises(OSError, match="transient"):
        compute_solar_tiled(fresh, weather, SETTINGS, TileSettings(size_m=150.0, retries=0), client=client,
                            tile_function=functools.partial(fails_once, str(again), victim))
    assert fresh.buildings.face_data == {}


def test_a_killed_workers_tile_is_run_again(city, weather, client, tiled, tmp_path):
    arrays, _ = tiled
    plan = plan_tiles(city.buildings.vertices, city.buildings.triangles, TILES.size_m)
    victim = max(plan, key=lambda t: len(t.faces)).name
    killer = functools.partial(kills_its_worker_once, str(tmp_path), victim)
    result = compute_solar_tiled(_copy(city), weather, SETTINGS, TILES, client=client, tile_function=killer)
    assert attempts(tmp_path, victim) == 2
    pids = {int(p) for p in (tmp_path / f"{victim}.attempts").read_text().split()}
    assert len(pids) == 2  # the second attempt ran in another process
    for name in FACE_ARRAYS:
        assert np.array_equal(result.face_data[name], arrays[name])
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the dead worker: the next tests have two again


def test_progress_counts_tiles(city, weather, client):
    seen: list[tuple[float, str]] = []
    compute_solar_tiled(_copy(city), weather, SETTINGS, TILES, client=client,
                        progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    counts = [m for _, m in seen if m.startswith("tiles: ")]
    n = len(plan_tiles(city.buildings.vertices, city.buildings.triangles, TILES.size_m))
    assert counts[0] == f"tiles: 0/{n}" and counts[-1] == f"tiles: {n}/{n}"


def test_cancel_cancels_the_tiles_and_leaves_the_city_untouched(city, weather, client):
    fresh = _copy(city)
    fresh.buildings.face_data.clear()
    done: list[str] = []
    with pytest.raises(Cancelled):
        compute_solar_tiled(fresh, weather, SETTINGS, TILES, client=client,
                            tile_function=functools.partial(slow, 0.5),
                            progress=lambda f, m: done.append(m),
                            cancel=lambda: any(m.startswith("tiles: 1/") for m in done))
    assert fresh.buildings.face_data == {}
    scheduler = client.cluster.scheduler
    assert _wait_until(lambda: not [k for k in scheduler.tasks if "solar-tile" in str(k)])


# --------------------------------------------------------------------------- the cache


def _courtyard():
    return city_of(courtyard_block(18.0), frame_at(*LYON_BRON))


CACHE_SETTINGS = SolarSettings(max_sample_area_m2=1.0, sunlight_first_day=None, threads=1, **JUNE)


def test_a_second_run_reads_the_cache(tmp_path, weather):
    cache = SolarCache(tmp_path)
    first = compute_solar(_courtyard(), weather, CACHE_SETTINGS, cache=cache)
    assert not first.from_cache and len(list(tmp_path.glob("*.npz"))) == 1
    reopened = _courtyard()
    second = compute_solar(reopened, weather, CACHE_SETTINGS, cache=cache)
    # no ray was cast the second time (speed is measured by benchmarks/bench_solar.py, not asserted here)
    assert second.from_cache and "rays" not in second.timings_s
    for name in FACE_ARRAYS:
        assert np.array_equal(second.face_data[name], first.face_data[name])
        assert np.array_equal(reopened.buildings.face_data[name], first.face_data[name])
    pd.testing.assert_frame_equal(second.buildings, first.buildings)
    assert (second.n_samples, second.n_rays) == (first.n_samples, first.n_rays)
    assert not [p for p in tmp_path.iterdir() if p.suffix != ".npz"]  # no temporary file left behind


def test_a_changed_setting_or_a_moved_building_misses_the_cache(tmp_path, weather):
    cache = SolarCache(tmp_path)
    base = _courtyard()
    key = solar_cache_key(base, weather, CACHE_SETTINGS)
    assert solar_cache_key(_courtyard(), weather, dataclasses.replace(CACHE_SETTINGS, threads=2)) == key
    assert solar_cache_key(base, weather, dataclasses.replace(CACHE_SETTINGS, albedo=0.3)) != key
    assert solar_cache_key(base, weather, CACHE_SETTINGS, variant="tiles") != key
    moved = _courtyard()
    moved.buildings.vertices[moved.buildings.triangles[moved.buildings.triangle_building == 2]] += [1.0, 0.0, 0.0]
    assert solar_cache_key(moved, weather, CACHE_SETTINGS) != key
    other_weather = type(weather)(**{**weather.__dict__, "data": weather.data * 1.01})
    assert solar_cache_key(base, other_weather, CACHE_SETTINGS) != key

    compute_solar(base, weather, CACHE_SETTINGS, cache=cache)
    assert not compute_solar(moved, weather, CACHE_SETTINGS, cache=cache).from_cache
    brighter_ground = dataclasses.replace(CACHE_SETTINGS, albedo=0.3)
    assert not compute_solar(_courtyard(), weather, brighter_ground, cache=cache).from_cache
    assert compute_solar(_courtyard(), weather, CACHE_SETTINGS, cache=cache).from_cache
    assert len(list(tmp_path.glob("*.npz"))) == 3


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "wrong shapes"])
def test_a_corrupt_cache_file_is_ignored_and_rewritten(tmp_path, weather, damage):
    cache = SolarCache(tmp_path)
    first = compute_solar(_courtyard(), weather, CACHE_SETTINGS, cache=cache)
    [path] = tmp_path.glob("*.npz")
    if damage == "garbage":
        path.write_bytes(b"not a zip file at all" * 100)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        faces = {f"face_{n}": np.zeros(3, np.float32) for n in FACE_ARRAYS}
        np.savez(path, key=np.array(path.stem), pv_area_m2=np.zeros(3), pv_incident_kwh=np.zeros(3),
                 n_samples=np.int64(1), n_rays=np.int64(1), **faces)
    again = compute_solar(_courtyard(), weather, CACHE_SETTINGS, cache=cache)
    assert not again.from_cache
    for name in FACE_ARRAYS:
        assert np.array_equal(again.face_data[name], first.face_data[name])
    assert compute_solar(_courtyard(), weather, CACHE_SETTINGS, cache=cache).from_cache  # rewritten whole


def test_an_unwritable_cache_is_a_note_not_a_failure(tmp_path, weather):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    result = compute_solar(_courtyard(), weather, CACHE_SETTINGS, cache=SolarCache(blocker / "solar"))
    assert any(n.startswith("results not cached") for n in result.notes)


def test_cache_folder_default_and_override(monkeypatch, tmp_path):
    monkeypatch.setenv("MAQUETTE_CACHE", str(tmp_path))
    assert default_cache_dir() == tmp_path / "solar"
    assert SolarCache().folder == tmp_path / "solar"
    monkeypatch.delenv("MAQUETTE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert default_cache_dir() == tmp_path / "xdg" / "maquette" / "solar"
    assert SolarCache(tmp_path / "mine").folder == tmp_path / "mine"
    assert SOLAR_CODE_VERSION


def test_a_tiled_run_reads_the_cache_without_a_cluster(city, weather, client, tmp_path, tiled):
    arrays, _ = tiled
    cache = SolarCache(tmp_path)
    first = compute_solar_tiled(_copy(city), weather, SETTINGS, TILES, client=client, cache=cache)
    assert not first.from_cache and "cluster" in first.timings_s
    again = compute_solar_tiled(_copy(city), weather, SETTINGS, TILES, scheduler="tcp://127.0.0.1:9", cache=cache)
    assert again.from_cache and "cluster" not in again.timings_s  # the unreachable scheduler was never called
    for name in FACE_ARRAYS:
        assert np.array_equal(again.face_data[name], arrays[name])
    assert not compute_solar(_copy(city), weather, SETTINGS, cache=cache).from_cache  # untiled is another entry


def test_an_unreachable_scheduler_says_so(city, weather):
    with pytest.raises(ConnectionError, match="127.0.0.1:9"):
        with dask_client(scheduler="tcp://127.0.0.1:9", connect_timeout_s=1.0):
            pass


# --------------------------------------------------------------------------- the command line


def test_cli_runs_tiles_on_a_local_cluster_prints_progress_and_caches(tmp_path, capsys):
    import json

    from app.cli import main

    x, y = 652_000.0, 6_862_000.0  # Paris, Lambert-93
    features = []
    for k in range(6):
        x0, y0 = x + 70.0 * (k % 3), y + 80.0 * (k // 3)
        ring = [[x0, y0], [x0 + 20, y0], [x0 + 20, y0 + 15], [x0, y0 + 15], [x0, y0]]
        features.append({"type": "Feature", "properties": {"id": f"B{k}", "hauteur": 12 + 3 * k},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    src = tmp_path / "six.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    out = tmp_path / "solar.vtp"
    argv = ["analyse", "solar", str(src), "--crs", "EPSG:2154", "--out", str(out), "--sample-m2", "50",
            "--tiles", "60", "--workers", "2", "--cache-dir", str(tmp_path / "cache")]
    assert main(argv) == 0
    printed = capsys.readouterr()
    assert "tiles of 60 m" in printed.out and out.exists() and out.with_suffix(".csv").exists()
    assert "tiles: 0/" in printed.err and "100.0% done" in printed.err
    assert main(argv) == 0
    assert "read from the cache" in capsys.readouterr().out
    assert main([*argv[:-4], "--workers", "0"]) == 2
    assert main([*argv[:-2], "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "give one of them" in capsys.readouterr().err

