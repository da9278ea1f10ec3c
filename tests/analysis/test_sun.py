"""Sun positions: the NREL SPA report's worked example, the site of a city, Paris clock time."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis.sun import Site, site_of, solar_position, sun_direction_at, sun_path, sun_vectors


def test_spa_worked_example_of_reda_and_andreas_2004():
    """NREL/TP-560-34302 table A5.1: 2003-10-17 12:30:30 UTC-7 at Golden, Colorado."""
    site = Site(39.742476, -105.1786, 1830.14)
    times = pd.DatetimeIndex([pd.Timestamp("2003-10-17 12:30:30", tz="Etc/GMT+7")])
    pos = solar_position(times, site, pressure_pa=82_000.0, temperature_c=11.0, delta_t_s=67.0)
    assert pos["apparent_zenith"].iloc[0] == pytest.approx(50.11162, abs=0.001)
    assert pos["azimuth"].iloc[0] == pytest.approx(194.34024, abs=0.001)


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="tz-aware"):
        solar_position(pd.DatetimeIndex([pd.Timestamp("2025-06-21 12:00")]), Site(48.85, 2.35))


def test_site_of_the_demo_district_is_clichy_batignolles(demo_city):
    site = site_of(demo_city)
    assert site.latitude_deg == pytest.approx(48.891, abs=0.002)
    assert site.longitude_deg == pytest.approx(2.314, abs=0.002)
    # Paris lies west of Lambert-93's central meridian (3° E): true north is ~0.5° east of grid north
    assert site.grid_convergence_deg == pytest.approx(0.5, abs=0.05)


def test_sun_vectors_axes():
    v = sun_vectors(np.array([0.0, 90.0, 90.0, 45.0]), np.array([0.0, 90.0, 180.0, 270.0]))
    np.testing.assert_allclose(v[0], [0, 0, 1], atol=1e-12)
    np.testing.assert_allclose(v[1], [1, 0, 0], atol=1e-12)  # east
    np.testing.assert_allclose(v[2], [0, -1, 0], atol=1e-12)  # south
    np.testing.assert_allclose(v[3], [-np.sqrt(0.5), 0, np.sqrt(0.5)], atol=1e-12)


def test_paris_clock_time_includes_daylight_saving():
    site = Site(48.8566, 2.3522, 35.0)
    # 21 June 13:50 CEST is about Paris's solar noon: the sun is due south, ~64.6° high
    vec, elevation = sun_direction_at(site, dt.datetime(2025, 6, 21, 13, 50))
    assert elevation == pytest.approx(64.6, abs=0.3)
    assert abs(vec[0]) < 0.02 and vec[1] < 0
    # the same instant given aware, in UTC
    vec_utc, el_utc = sun_direction_at(site, pd.Timestamp("2025-06-21 11:50", tz="UTC"))
    np.testing.assert_allclose(vec, vec_utc, atol=1e-9)
    # in winter (no DST) solar noon is near 12:55
    vec_w, _ = sun_direction_at(site, dt.datetime(2025, 12, 21, 12, 55))
    assert abs(vec_w[0]) < 0.03


def test_sun_path_of_a_dst_change_day_has_23_hours():
    site = Site(48.8566, 2.3522)
    times, dirs, elevation = sun_path(site, dt.date(2025, 3, 30), step_minutes=60)
    assert len(times) == 23
    assert dirs.shape == (23, 3) and np.allclose(np.linalg.norm(dirs, axis=1), 1.0)
    assert (elevation > 0).sum() in (12, 13)
