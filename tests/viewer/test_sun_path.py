"""The sun path over the scene: where pvlib puts the sun, on the map's axes, drawn and removed with the study."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pvlib
import pytest
import pyvista as pv

from analysis.sun import DEFAULT_DELTA_T_S, site_of
from viewer import camera
from viewer.scene import Scene
from viewer.shadows import ShadowStudy, sun_path_arc


def _pvlib_sun(site, times: pd.DatetimeIndex) -> pd.DataFrame:
    """pvlib called directly, as analysis.sun documents its settings (SPA, refraction at the site's pressure)."""
    return pvlib.solarposition.get_solarposition(
        times, site.latitude_deg, site.longitude_deg, altitude=site.altitude_m,
        pressure=pvlib.atmosphere.alt2pres(site.altitude_m), method="nrel_numpy", temperature=12.0,
        delta_t=DEFAULT_DELTA_T_S)


def _angles(points, centre, radius_m, convergence_deg):
    """Elevation and true azimuth of arc points seen from the dome's centre (local frame: x grid east, y grid north)."""
    d = (points - centre) / radius_m
    elevation = np.degrees(np.arcsin(np.clip(d[:, 2], -1, 1)))
    grid_azimuth = np.degrees(np.arctan2(d[:, 0], d[:, 1]))
    return elevation, (grid_azimuth - convergence_deg) % 360.0


def test_arc_points_are_where_pvlib_puts_the_sun(demo_city):
    site = site_of(demo_city)
    # Paris lies west of Lambert-93's central meridian (3° E): its meridian leans east going north,
    # so true north is 0.5° clockwise from the grid's +y
    assert 0.4 < site.grid_convergence_deg < 0.6
    centre, radius = np.array([120.0, -40.0, 35.0]), 400.0
    noon = dt.datetime(2026, 6, 21, 12, 0)
    arc = sun_path_arc(site, dt.date(2026, 6, 21), centre, radius, now=noon)
    assert np.allclose(np.linalg.norm(arc.points - centre, axis=1), radius)
    sun = _pvlib_sun(site, arc.times)
    elevation, azimuth = _angles(arc.points, centre, radius, site.grid_convergence_deg)
    assert np.abs(elevation - sun["apparent_elevation"].to_numpy()).max() < 1e-6
    assert np.abs(azimuth - sun["azimuth"].to_numpy()).max() < 1e-6
    # true north is not grid north: read as true azimuths, the grid's would be off by the convergence
    grid_only = (np.degrees(np.arctan2(*(arc.points - centre)[:, :2].T)) % 360.0)
    assert np.abs(grid_only - sun["azimuth"].to_numpy()).min() > 0.4
    # the whole day above the horizon, every 5 minutes, on the Paris clock (summer time)
    assert arc.elevation_deg.min() > 0 and len(arc.times) == 194
    assert arc.times[0].tz_convert("Europe/Paris").strftime("%H:%M") == "05:50"  # sunrise 05:47 in Paris
    assert arc.hour_labels == tuple(f"{h:02d}:00" for h in range(6, 22))
    assert 64.0 < arc.elevation_deg.max() < 65.0  # 90 - 48.9 + 23.4 at solar noon
    top = arc.times[int(np.argmax(arc.elevation_deg))].tz_convert("Europe/Paris")
    assert dt.time(13, 40) <= top.time() <= dt.time(14, 0)  # solar noon 13:52 summer time at 2.3° E
    # the highlighted sun: pvlib's at 12:00 Paris summer time (10:00 UTC)
    [(now_elevation, now_azimuth)] = zip(*_angles(arc.now_point[None], centre, radius, site.grid_convergence_deg),
                                         strict=True)
    now_sun = _pvlib_sun(site, pd.DatetimeIndex([pd.Timestamp("2026-06-21 10:00", tz="UTC")]))
    assert now_elevation == pytest.approx(now_sun["apparent_elevation"].iloc[0], abs=1e-6)
    assert now_azimuth == pytest.approx(now_sun["azimuth"].iloc[0], abs=1e-6)
    assert arc.now == pd.Timestamp(noon, tz=ZoneInfo("Europe/Paris"))


def test_winter_arc_and_a_sun_below_the_horizon(demo_city):
    site = site_of(demo_city)
    arc = sun_path_arc(site, dt.date(2026, 12, 21), np.zeros(3), 100.0, now=dt.datetime(2026, 12, 21, 19, 0))
    assert arc.now_point is None  # night: no sun to highlight
    assert arc.hour_labels == tuple(f"{h:02d}:00" for h in range(9, 17))
    assert 17.0 < arc.elevation_deg.max() < 18.5
    # low in the south: every point south of the centre
    assert (arc.points[:, 1] < 0).all()
    with pytest.raises(ValueError, match="sun path radius"):
        sun_path_arc(site, dt.date(2026, 12, 21), np.zeros(3), 0.0)


def _sun_path_actors(pl) -> set[str]:
    return {name for name in pl.actors if name.startswith("sun_path")}


def test_the_study_draws_the_path_follows_the_date_and_removes_it(demo_city):
    pl = pv.Plotter(off_screen=True, window_size=[400, 300])
    pl.ren_win.SetMultiSamples(0)
    scene = Scene(pl, demo_city)
    study = ShadowStudy(scene, spacing_m=8.0)
    try:
        study.at(dt.datetime(2026, 6, 21, 12, 0))
        assert not _sun_path_actors(pl)  # not asked for
        study.at(dt.datetime(2026, 6, 21, 12, 0), sun_path=True)
        assert {"sun_path", "sun_path_hours", "sun_path_now", "sun_path_solstices", "sun_path_horizon"} <= \
            _sun_path_actors(pl)
        june = pl.actors["sun_path"].mapper.dataset.points.copy()
        # the solstices: June's faint path is the day's own, December's is lower
        solstices = pl.actors["sun_path_solstices"].mapper.dataset.points
        assert solstices[:, 2].max() == pytest.approx(june[:, 2].max(), rel=1e-3)
        study.at(dt.datetime(2026, 12, 21, 12, 0), sun_path=True)
        december = pl.actors["sun_path"].mapper.dataset.points
        assert december[:, 2].max() < 0.5 * june[:, 2].max() and len(december) < len(june)
        study.at(dt.datetime(2026, 12, 21, 20, 0), sun_path=True)
        assert "sun_path" in pl.actors and "sun_path_now" not in pl.actors  # the day's path, no sun at night
        study.at(dt.datetime(2026, 12, 21, 12, 0))
        assert not _sun_path_actors(pl)
        study.at(dt.datetime(2026, 12, 21, 12, 0), sun_path=True)
    finally:
        study.close()
    assert not _sun_path_actors(pl)
    pl.close()


def test_sun_path_image_matches_reviewed_cache(verify_image_cache, demo_city):
    """21 June at 12:00, home view: compared with tests/viewer/image_cache/ (reviewed by eye when added)."""
    pl = pv.Plotter(off_screen=True, window_size=[800, 450])
    pl.ren_win.SetMultiSamples(0)
    scene = Scene(pl, demo_city)
    camera.home_view(pl, demo_city)
    study = ShadowStudy(scene, spacing_m=4.0)
    try:
        study.at(dt.datetime(2026, 6, 21, 12, 0), sun_path=True)
        pl.show()  # the image is compared as the plotter closes
    finally:
        study.close()
