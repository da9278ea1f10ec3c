"""The cumulative sky: Tregenza patches and the Perez 1990 split (against pvlib itself)."""

from __future__ import annotations

import numpy as np
import pvlib
import pytest

from analysis.sky import build_cumulative_sky, horizon_ring, perez_split, tregenza_patches, weather_sun
from analysis.solar import horizon_weights, sky_patch_weights
from analysis.sun import Site


def test_tregenza_has_145_patches_covering_the_hemisphere():
    dirs, omega = tregenza_patches()
    assert dirs.shape == (145, 3) and omega.shape == (145,)
    assert omega.sum() == pytest.approx(2 * np.pi)
    np.testing.assert_allclose(np.linalg.norm(dirs, axis=1), 1.0)
    assert (dirs[:, 2] > 0).all()
    # 30 + 30 + 24 + 24 + 18 + 12 + 6 + 1
    assert len(np.unique(np.round(dirs[:, 2], 9))) == 8


@pytest.mark.parametrize("tilt", [0.0, 30.0, 60.0, 90.0, 120.0, 180.0])
@pytest.mark.parametrize("azimuth", [0.0, 45.0, 90.0, 180.0, 263.0])
def test_unobstructed_weights_integrate_exactly(tilt, azimuth):
    t, a = np.radians(tilt), np.radians(azimuth)
    n = np.array([[np.sin(t) * np.sin(a), np.sin(t) * np.cos(a), np.cos(t)]])
    dirs, omega = tregenza_patches()
    w = sky_patch_weights(n, dirs, omega)
    assert w.sum() == pytest.approx(np.pi * (1 + np.cos(t)) / 2, abs=1e-9)
    assert (w[0][n[0] @ dirs.T <= 0] == 0).all()  # strictly in front only
    h = horizon_weights(n, horizon_ring())
    assert h.sum() == pytest.approx(2 * np.sin(t), abs=1e-9)


def test_in_plane_patches_count_for_neither_side():
    """An east wall and a west wall: north and south patches lie in their plane."""
    dirs, omega = tregenza_patches()
    normals = np.array([[1.0, 0.0, 0.0], [-1.0, 0.0, 0.0]])
    w = sky_patch_weights(normals, dirs, omega)
    in_plane = np.abs(dirs[:, 0]) < 1e-12
    assert in_plane.sum() > 0
    assert (w[:, in_plane] == 0).all()


def test_perez_split_reproduces_pvlib_for_any_plane(lyon):
    site = Site(lyon.latitude_deg, lyon.longitude_deg, lyon.altitude_m)
    d = lyon.data
    pos = weather_sun(lyon, site)
    zen, az = pos["apparent_zenith"].to_numpy(), pos["azimuth"].to_numpy()
    extra = pvlib.irradiance.get_extra_radiation(d.index).to_numpy()
    am = pvlib.atmosphere.get_relative_airmass(zen)
    iso, circ, hor = perez_split(d["dhi"], d["dni"], extra, zen, az, am)
    rng = np.random.default_rng(5)
    for tilt, surf_az in zip(rng.uniform(0, 180, 6), rng.uniform(0, 360, 6), strict=True):
        ref = np.nan_to_num(pvlib.irradiance.perez(tilt, surf_az, d["dhi"].to_numpy(), d["dni"].to_numpy(), extra, zen, az, am))
        cos_aoi = np.clip(pvlib.irradiance.aoi_projection(tilt, surf_az, zen, az), 0, None)
        ours = iso * (1 + np.cos(np.radians(tilt))) / 2 + circ * cos_aoi + hor * np.sin(np.radians(tilt))
        ours = np.where(ref == 0, 0, ours)  # pvlib clips a plane's negative total to zero
        assert ours.sum() == pytest.approx(ref.sum(), rel=1e-9)


def test_cumulative_sky_keeps_the_energy(lyon):
    site = Site(lyon.latitude_deg, lyon.longitude_deg, lyon.altitude_m)
    sky = build_cumulative_sky(lyon, site)
    # ~95 sun-path bins of 6° x 15° for a year of hourly sun (4,450 daytime hours)
    assert 70 < len(sky.sun_directions) < 130
    np.testing.assert_allclose(np.linalg.norm(sky.sun_directions, axis=1), 1.0)
    # horizontal: isotropic + vertical parts of the beams = GHI less pvlib's night-time diffuse
    horizontal = np.pi * sky.isotropic_radiance_kwh_m2_sr + sky.sun_direct_kwh_m2[:, 2].sum() + sky.sun_circumsolar_kwh_m2[:, 2].sum()
    assert horizontal == pytest.approx(sky.ghi_kwh_m2, rel=0.03)
    assert sky.measured and sky.n_hours == 8760 and sky.albedo == 0.2
    with pytest.raises(ValueError, match="albedo"):
        build_cumulative_sky(lyon, site, albedo=1.5)


def test_period_bounds_need_a_time_zone_and_a_night_has_no_sun():
    import pandas as pd

    from analysis.weather import clear_sky_year

    weather = clear_sky_year(48.9, 2.3)
    site = Site(48.9, 2.3)
    with pytest.raises(ValueError, match="no time zone"):
        build_cumulative_sky(weather, site, start=pd.Timestamp("2019-01-01"))
    night = build_cumulative_sky(
        weather, site, start=pd.Timestamp("2019-01-01 00:00", tz="Europe/Paris"),
        end=pd.Timestamp("2019-01-01 05:00", tz="Europe/Paris"),
    )
    assert night.n_hours == 5 and night.sun_directions.shape == (0, 3) and night.ghi_kwh_m2 == 0
    with pytest.raises(ValueError, match="no weather records"):
        build_cumulative_sky(weather, site, start=pd.Timestamp("2030-01-01", tz="UTC"))
