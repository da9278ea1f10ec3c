"""The solar cache stays under its size cap (least recently used entries go first) and follows the code."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from solar_helpers import LYON_BRON, city_of, courtyard_block, frame_at

import analysis.solar_cache as solar_cache
from analysis.solar import FACE_ARRAYS, SolarSettings, compute_solar
from analysis.solar_cache import (
    DEFAULT_MAX_BYTES,
    RESULT_MODULES,
    SOLAR_CODE_VERSION,
    CachedSolar,
    SolarCache,
    code_version,
    default_max_bytes,
    solar_cache_key,
)
from analysis.weather import clear_sky_year

N = 20_000  # triangles per entry: random float32, so about 80 kB per array after compression


def _entry(seed: int) -> CachedSolar:
    rng = np.random.default_rng(seed)
    arrays = {name: rng.random(N, dtype=np.float32) for name in FACE_ARRAYS}
    return CachedSolar(arrays, rng.random(N), rng.random(N), n_samples=seed, n_rays=seed)


def _age(cache: SolarCache, key: str, seconds_ago: float) -> None:
    t = time.time() - seconds_ago
    os.utime(cache.path(key), (t, t))


def test_the_least_recently_used_entries_go_when_the_cap_is_passed(tmp_path):
    probe = SolarCache(tmp_path / "probe")
    size = probe.store("probe", _entry(0)).stat().st_size
    cache = SolarCache(tmp_path / "cache", max_bytes=int(2.5 * size))
    for k, key in enumerate("abc"):
        cache.store(key, _entry(k))
        _age(cache, key, 300 - 100 * k)  # a written first, then b, then c
    # three entries do not fit in 2.5: the oldest, a, went when c was written
    assert sorted(p.stem for p, _, _ in cache.entries()) == ["b", "c"]
    assert cache.size_bytes() <= cache.max_bytes
    # reading b makes it the most recently used: the next write evicts c, not b
    got = cache.load("b", N, FACE_ARRAYS)
    assert got is not None and got.n_samples == 1
    cache.store("d", _entry(3))
    assert sorted(p.stem for p, _, _ in cache.entries()) == ["b", "d"]
    assert cache.load("c", N, FACE_ARRAYS) is None


def test_an_entry_larger_than_the_cap_is_kept_alone(tmp_path):
    cache = SolarCache(tmp_path, max_bytes=1000)
    cache.store("old", _entry(1))
    cache.store("new", _entry(2))
    assert [p.stem for p, _, _ in cache.entries()] == ["new"]
    assert cache.load("new", N, FACE_ARRAYS).n_rays == 2


def test_stale_temporary_files_of_a_dead_writer_are_removed(tmp_path):
    cache = SolarCache(tmp_path)
    stale, fresh = tmp_path / ".k1.npz.x1.tmp", tmp_path / ".k2.npz.x2.tmp"
    stale.write_bytes(b"half an entry")
    fresh.write_bytes(b"being written")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    cache.store("k", _entry(0))
    assert not stale.exists() and fresh.exists()  # a live writer's file is left alone


def test_readers_meanwhile_get_whole_entries_or_misses(tmp_path):
    """Writers evicting with a tiny cap while readers read: every read is whole or a miss, never an error."""
    cache = SolarCache(tmp_path, max_bytes=1)  # every write evicts every other entry
    entries = {f"k{k}": _entry(k) for k in range(4)}
    for key, entry in entries.items():
        SolarCache(tmp_path, max_bytes=10**12).store(key, entry)
    errors: list[BaseException] = []
    hits = [0]
    stop = threading.Event()

    def read() -> None:
        reader = SolarCache(tmp_path, max_bytes=1)
        while not stop.is_set():
            for key, entry in entries.items():
                try:
                    got = reader.load(key, N, FACE_ARRAYS)
                except BaseException as exc:  # noqa: BLE001 - the test reports any
                    errors.append(exc)
                    return
                if got is not None:
                    hits[0] += 1
                    if not np.array_equal(got.arrays["solar_irradiation_kwh_m2"],
                                          entry.arrays["solar_irradiation_kwh_m2"]):
                        errors.append(AssertionError(f"{key}: another entry's data"))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for t in readers:
        t.start()
    for _ in range(15):
        for key, entry in entries.items():
            cache.store(key, entry)
    stop.set()
    for t in readers:
        t.join(30)
    assert not errors, errors[:3]
    assert hits[0] > 0
    assert len(cache.entries()) == 1


@pytest.mark.skipif(os.name == "nt", reason="Windows refuses to delete an open file")
def test_an_entry_evicted_while_open_is_still_read_whole(tmp_path):
    cache = SolarCache(tmp_path, max_bytes=1)
    cache.store("k", _entry(7))
    with np.load(cache.path("k")) as npz:
        cache.store("other", _entry(8))  # evicts k under the open reader
        assert not cache.path("k").exists()
        assert np.array_equal(npz["face_sky_view_factor"], _entry(7).arrays["sky_view_factor"])


def test_the_cap_is_settable(monkeypatch, tmp_path):
    monkeypatch.delenv("MAQUETTE_CACHE_MAX_GB", raising=False)
    assert default_max_bytes() == DEFAULT_MAX_BYTES == 2 * 1024**3
    assert SolarCache(tmp_path).max_bytes == DEFAULT_MAX_BYTES
    monkeypatch.setenv("MAQUETTE_CACHE_MAX_GB", "0.5")
    assert SolarCache(tmp_path).max_bytes == 512 * 1024**2
    assert SolarCache(tmp_path, max_bytes=10).max_bytes == 10
    monkeypatch.setenv("MAQUETTE_CACHE_MAX_GB", "lots")
    with pytest.raises(ValueError, match="MAQUETTE_CACHE_MAX_GB='lots': not a number"):
        SolarCache(tmp_path)
    monkeypatch.setenv("MAQUETTE_CACHE_MAX_GB", "-1")
    with pytest.raises(ValueError, match="must be 0 or more"):
        SolarCache(tmp_path)


def test_a_run_keeps_the_cache_under_its_cap(tmp_path):
    """Two cities and room for one: the newer run's result stays and reopens from the cache."""
    june = dict(period_start=pd.Timestamp("2019-06-01", tz="Etc/GMT-1"),
                period_end=pd.Timestamp("2019-06-08", tz="Etc/GMT-1"))
    settings = SolarSettings(max_sample_area_m2=float("inf"), sunlight_first_day=None, threads=1, **june)
    weather = clear_sky_year(*LYON_BRON)
    low, high = (city_of(courtyard_block(h), frame_at(*LYON_BRON)) for h in (12.0, 24.0))
    cache = SolarCache(tmp_path, max_bytes=1)
    compute_solar(low, weather, settings, cache=cache)
    compute_solar(high, weather, settings, cache=cache)
    [(kept, _, _)] = cache.entries()
    assert kept.stem == solar_cache_key(high, weather, settings)
    assert compute_solar(city_of(courtyard_block(24.0), frame_at(*LYON_BRON)), weather, settings,
                         cache=cache).from_cache
    assert not compute_solar(city_of(courtyard_block(12.0), frame_at(*LYON_BRON)), weather, settings,
                             cache=cache).from_cache


# --------------------------------------------------------------------------- the code version


def test_the_code_version_follows_code_not_comments(tmp_path):
    source = Path(solar_cache.__file__).with_name("sky.py")
    copy = tmp_path / "sky.py"
    shutil.copy(source, copy)
    before = code_version([copy])
    assert before == code_version([source])
    text = source.read_text(encoding="utf-8")
    copy.write_text("# a new comment\n" + text.replace('"""', '"""Reworded. ', 1), encoding="utf-8")
    assert code_version([copy]) == before  # comments and docstrings do not throw results away
    copy.write_text(text + "\n\nEXTRA_CONSTANT = 1.0\n", encoding="utf-8")
    assert code_version([copy]) != before
    copy.write_text(text.replace("DEFAULT_ALBEDO = 0.2", "DEFAULT_ALBEDO = 0.25"), encoding="utf-8")
    assert "DEFAULT_ALBEDO = 0.2" in text and code_version([copy]) != before


def test_the_key_carries_the_code_version_of_every_result_module(monkeypatch):
    folder = Path(solar_cache.__file__).parent
    assert {"solar.py", "raycast.py", "sky.py", "sun.py", "solar_tiles.py"} <= set(RESULT_MODULES)
    assert all((folder / m).is_file() for m in RESULT_MODULES)
    assert SOLAR_CODE_VERSION == "maquette-solar-" + code_version(folder / m for m in RESULT_MODULES)[:16]
    city = city_of(courtyard_block(18.0), frame_at(*LYON_BRON))
    weather = clear_sky_year(*LYON_BRON)
    key = solar_cache_key(city, weather, SolarSettings())
    monkeypatch.setattr(solar_cache, "SOLAR_CODE_VERSION", "maquette-solar-other-code")
    assert solar_cache_key(city, weather, SolarSettings()) != key
