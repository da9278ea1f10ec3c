"""The cumulative sky: a period's weather turned into a few hundred light sources.

Each hour's diffuse horizontal irradiance is split with pvlib's Perez 1990
model into its three parts, and each part becomes sources the ray caster can
test for visibility:

* **isotropic** part: uniform radiance over the 145 Tregenza patches;
* **circumsolar** part: a beam from the sun's direction, binned with the direct sun;
* **horizon brightening**: a line source at the horizon, a ring of directions
  just above it (``HORIZON_ELEVATION_DEG``), so that a plane of tilt β gets
  DHI·F2·sin β from it, as in the model.

Direct normal irradiance (plus the circumsolar beam) is binned onto a grid of
the sun's path (declination × hour angle, 6° x 15° by default). Each bin keeps the *vector sum*
Σ E_h s_h of its hours: for any plane n facing every hour of the bin,
n · Σ E_h s_h = Σ E_h (n · s_h) exactly, so binning only approximates the
shading, not the cosine law.

The sky model is pvlib's ``perez`` (Perez et al. 1990, all-sites composite
coefficients), not Radiance's ``gendaymtx`` (Perez all-weather 1993); on
vertical faces the two differ by about ±5% (SOLAR-NOTES).

References
----------
Perez, R., Ineichen, P., Seals, R., Michalsky, J. and Stewart, R. (1990).
Modeling daylight availability and irradiance components from direct and
global irradiance. Solar Energy 44(5), 271-289.

Tregenza, P. R. (1987). Subdivision of the sky hemisphere for luminance
measurements. Lighting Research and Technology 19(1), 13-14.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pvlib

from analysis.sun import Site, solar_position, sun_vectors
from analysis.weather import Weather

#: Tregenza's bands: (lower altitude, upper altitude, patches), degrees; then the zenith cap.
TREGENZA_BANDS = ((0, 12, 30), (12, 24, 30), (24, 36, 24), (36, 48, 24), (48, 60, 18), (60, 72, 12), (72, 84, 6))

#: Elevation of the horizon-brightening ring, degrees: low enough to be "the horizon",
#: high enough that a ray from a roof does not graze the ground it stands on.
HORIZON_ELEVATION_DEG = 3.0

#: Default albedo of the ground for the reflected term (grass, asphalt and stone: 0.1-0.3).
DEFAULT_ALBEDO = 0.2


def tregenza_patches() -> tuple[np.ndarray, np.ndarray]:
    """The 145 Tregenza sky patches (Tregenza 1987).

    Patches are centred in their band's altitude and at azimuths
    ``k * 360 / n`` clockwise from north (the first patch of each band faces
    north), plus one zenith cap above 84°.

    Returns
    -------
    directions : (145, 3) float64, unit vectors to the patch centres (x east, y north, z up)
    solid_angles_sr : (145,) float64, sr; they sum to 2π
    """
    dirs, omega = [], []
    for lo, hi, n in TREGENZA_BANDS:
        alt = np.radians((lo + hi) / 2)
        az = np.radians(np.arange(n) * 360.0 / n)
        dirs.append(np.column_stack([np.cos(alt) * np.sin(az), np.cos(alt) * np.cos(az), np.full(n, np.sin(alt))]))
        omega.append(np.full(n, 2 * np.pi * (np.sin(np.radians(hi)) - np.sin(np.radians(lo))) / n))
    dirs.append(np.array([[0.0, 0.0, 1.0]]))
    omega.append(np.array([2 * np.pi * (1 - np.sin(np.radians(84.0)))]))
    return _snap(np.concatenate(dirs)), np.concatenate(omega)


def _snap(directions: np.ndarray) -> np.ndarray:
    """Exact zeros where sin/cos of 90°, 180°... leave 1e-16: in-plane must test as in-plane."""
    return np.where(np.abs(directions) < 1e-12, 0.0, directions)


def horizon_ring(n_directions: int = 36, elevation_deg: float = HORIZON_ELEVATION_DEG) -> np.ndarray:
    """(m, 3) unit vectors of the horizon-brightening line source, clockwise from north."""
    az = np.radians(np.arange(n_directions) * 360.0 / n_directions)
    el = np.radians(elevation_deg)
    return _snap(np.column_stack([np.cos(el) * np.sin(az), np.cos(el) * np.cos(az), np.full(n_directions, np.sin(el))]))


def perez_split(
    dhi_w_m2: np.ndarray,
    dni_w_m2: np.ndarray,
    dni_extra_w_m2: np.ndarray,
    zenith_deg: np.ndarray,
    azimuth_deg: np.ndarray,
    airmass: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split diffuse horizontal irradiance into Perez 1990's three sources.

    Derived from pvlib's own ``irradiance.perez`` (``return_components=True``)
    on two planes, so its coefficients and edge cases (no diffuse at night,
    F1 ≥ 0) are pvlib's: on any unobstructed plane of tilt β,

        isotropic_horizontal · (1 + cos β) / 2
        + circumsolar_normal · max(cos AOI, 0)
        + horizon_vertical · sin β

    is pvlib's ``poa_sky_diffuse`` (Perez et al. 1990, Solar Energy 44(5)).

    Parameters
    ----------
    dhi_w_m2, dni_w_m2, dni_extra_w_m2 : (h,) float, W/m²
    zenith_deg, azimuth_deg : (h,) float, degrees (apparent zenith, true azimuth)
    airmass : (h,) float, relative air mass (NaN at night, as pvlib returns it)

    Returns
    -------
    isotropic_horizontal_w_m2 : (h,) DHI·(1 − F1), on a horizontal plane
    circumsolar_normal_w_m2 : (h,) DHI·F1 / max(cos z, cos 85°), on a plane facing the sun
    horizon_vertical_w_m2 : (h,) DHI·F2, on a vertical plane (may be negative: F2 < 0)
    """
    common = dict(
        dhi=np.asarray(dhi_w_m2, dtype=np.float64),
        dni=np.asarray(dni_w_m2, dtype=np.float64),
        dni_extra=np.asarray(dni_extra_w_m2, dtype=np.float64),
        solar_zenith=np.asarray(zenith_deg, dtype=np.float64),
        solar_azimuth=np.asarray(azimuth_deg, dtype=np.float64),
        airmass=np.asarray(airmass, dtype=np.float64),
        return_components=True,
    )
    flat = pvlib.irradiance.perez(surface_tilt=0.0, surface_azimuth=180.0, **common)
    isotropic = np.nan_to_num(np.asarray(flat["poa_isotropic"], dtype=np.float64))
    dhi = common["dhi"]
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(dhi > 0, 1.0 - isotropic / dhi, 0.0)
    f1 = np.where(isotropic == 0.0, 0.0, f1)  # pvlib's night (and clipped hours): no sky diffuse at all
    b = np.maximum(np.cos(np.radians(common["solar_zenith"])), np.cos(np.radians(85.0)))
    circumsolar = dhi * f1 / b
    # F2 from a vertical plane facing the sun: its total is positive whenever F2 is defined
    wall = pvlib.irradiance.perez(surface_tilt=90.0, surface_azimuth=common["solar_azimuth"], **common)
    horizon = np.nan_to_num(np.asarray(wall["poa_horizon"], dtype=np.float64))
    return isotropic, circumsolar, horizon


def declination_hour_angle(directions: np.ndarray, latitude_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Sun-path coordinates of true-north direction vectors.

    directions : (n, 3) unit vectors (x east, y true north, z up)
    Returns declination and hour angle, (n,) degrees (hour angle negative in the morning).
    """
    phi = np.radians(latitude_deg)
    pole = np.array([0.0, np.cos(phi), np.sin(phi)])
    meridian = np.array([0.0, -np.sin(phi), np.cos(phi)])  # the equator's highest point
    decl = np.degrees(np.arcsin(np.clip(directions @ pole, -1.0, 1.0)))
    hour = np.degrees(np.arctan2(-directions[:, 0], directions @ meridian))
    return decl, hour


@dataclass
class CumulativeSky:
    """The sources of one period's irradiation, in the city's local frame.

    All energies are kWh/m² over the period.

    patch_directions : (145, 3) unit vectors; patch_solid_angles_sr : (145,)
    isotropic_radiance_kwh_m2_sr : uniform radiance of the isotropic part (kWh/m²/sr)
    horizon_directions : (m, 3) unit vectors of the horizon ring
    horizon_vertical_kwh_m2 : Σ DHI·F2: what an unobstructed vertical plane gets from the horizon band
    sun_directions : (b, 3) unit vectors of the occupied sun-path bins
    sun_direct_kwh_m2 : (b, 3) vector sums Σ DNI·Δt·s of each bin
    sun_circumsolar_kwh_m2 : (b, 3) vector sums of the circumsolar beam
    ghi_kwh_m2 : global horizontal irradiation (for the ground-reflected part)
    albedo : ground albedo used for the reflected part
    """

    patch_directions: np.ndarray
    patch_solid_angles_sr: np.ndarray
    isotropic_radiance_kwh_m2_sr: float
    horizon_directions: np.ndarray
    horizon_vertical_kwh_m2: float
    sun_directions: np.ndarray
    sun_direct_kwh_m2: np.ndarray
    sun_circumsolar_kwh_m2: np.ndarray
    ghi_kwh_m2: float
    dhi_kwh_m2: float
    dni_kwh_m2: float
    albedo: float
    n_hours: int
    period_start: pd.Timestamp | None
    period_end: pd.Timestamp | None
    weather_label: str
    measured: bool
    sun_bin_deg: tuple[float, float]

    @property
    def n_directions(self) -> int:
        return len(self.patch_directions) + len(self.horizon_directions) + len(self.sun_directions)


def weather_sun(weather: Weather, site: Site) -> pd.DataFrame:
    """Solar positions at the weather's interval centres, seen from ``site``.

    The city's site is used, not the station's: a Lyon file lights a Paris
    model with Paris's sun. Refraction uses the record's air temperature.
    """
    temp = weather.data["temp_air"].to_numpy()
    mean_temp = float(np.nanmean(temp)) if np.isfinite(temp).any() else 12.0
    return solar_position(weather.data.index, site, temperature_c=mean_temp)


def build_cumulative_sky(
    weather: Weather,
    site: Site,
    *,
    albedo: float = DEFAULT_ALBEDO,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
    sun_bin_declination_deg: float = 6.0,
    sun_bin_hour_angle_deg: float = 15.0,
    horizon_directions: int = 36,
) -> CumulativeSky:
    """Turn a weather record into a :class:`CumulativeSky` for ``site``.

    Parameters
    ----------
    weather : Weather
    site : Site, whose ``grid_convergence_deg`` rotates every direction into the local grid
    albedo : float, ground albedo for the reflected part
    start, end : optional tz-aware bounds of the period (``start <= t < end`` on interval centres)
    sun_bin_declination_deg, sun_bin_hour_angle_deg : float
        Size of the sun-path bins: 6° of declination (about 2-3 weeks near
        the equinoxes, 2 months at the solstices) by 15° of hour angle (one
        clock hour: hour centres fall at the same minutes every day). A year
        of Paris sun occupies about 95 bins. Measured on 10,400 faces of the
        demo district with the Lyon EPW against casting every hour (3,339
        positions, 13x more rays): per-face annual total within 1.2% at the
        95th percentile, no bias (0.7% with 4° x 7.5° bins, 198 bins, +38% rays).
    horizon_directions : int, directions of the horizon ring (every 10° by default)
    """
    if not 0.0 <= albedo <= 1.0:
        raise ValueError(f"albedo must be between 0 and 1, got {albedo}")
    for bound in (start, end):
        if bound is not None and pd.Timestamp(bound).tz is None:
            raise ValueError(f"period bound {bound} has no time zone: give it one (e.g. Europe/Paris)")
    data = weather.data
    if start is not None:
        data = data[data.index >= start]
    if end is not None:
        data = data[data.index < end]
    if data.empty:
        raise ValueError(f"{weather.source}: no weather records in the period {start} - {end}")
    pos = weather_sun(Weather(data, weather.latitude_deg, weather.longitude_deg, weather.altitude_m, weather.source), site)
    zenith = pos["apparent_zenith"].to_numpy()
    azimuth = pos["azimuth"].to_numpy()
    dni_extra = pvlib.irradiance.get_extra_radiation(data.index).to_numpy()
    airmass = pvlib.atmosphere.get_relative_airmass(zenith)
    dhi = data["dhi"].to_numpy()
    dni = data["dni"].to_numpy()
    iso_h, circ_n, hor_v = perez_split(dhi, dni, dni_extra, zenith, azimuth, airmass)
    hours_to_kwh = weather.interval_h / 1000.0

    # direct and circumsolar beams, binned on the sun's path (in true-north axes, then rotated to the grid)
    true_dirs = sun_vectors(zenith, azimuth)
    beam = (dni + circ_n) > 0
    decl, hour = declination_hour_angle(true_dirs[beam], site.latitude_deg)
    di = np.floor(decl / sun_bin_declination_deg).astype(np.int64)
    hi = np.floor(hour / sun_bin_hour_angle_deg).astype(np.int64)
    _, bin_of = np.unique(np.column_stack([di, hi]), axis=0, return_inverse=True)
    bin_of = bin_of.ravel()
    n_bins = int(bin_of.max()) + 1 if len(bin_of) else 0
    grid_dirs = sun_vectors(zenith[beam], azimuth[beam], site.grid_convergence_deg)
    direct_vec = np.zeros((n_bins, 3))
    circ_vec = np.zeros((n_bins, 3))
    for k in range(3):
        direct_vec[:, k] = np.bincount(bin_of, weights=dni[beam] * hours_to_kwh * grid_dirs[:, k], minlength=n_bins)
        circ_vec[:, k] = np.bincount(bin_of, weights=circ_n[beam] * hours_to_kwh * grid_dirs[:, k], minlength=n_bins)
    total = direct_vec + circ_vec
    norm = np.linalg.norm(total, axis=1)
    keep = norm > 0
    sun_dirs = total[keep] / norm[keep, None]

    patches, omega = tregenza_patches()
    return CumulativeSky(
        patch_directions=patches,
        patch_solid_angles_sr=omega,
        isotropic_radiance_kwh_m2_sr=float(iso_h.sum() * hours_to_kwh / np.pi),
        horizon_directions=horizon_ring(horizon_directions),
        horizon_vertical_kwh_m2=float(hor_v.sum() * hours_to_kwh),
        sun_directions=sun_dirs,
        sun_direct_kwh_m2=direct_vec[keep],
        sun_circumsolar_kwh_m2=circ_vec[keep],
        ghi_kwh_m2=float(data["ghi"].sum() * hours_to_kwh),
        dhi_kwh_m2=float(dhi.sum() * hours_to_kwh),
        dni_kwh_m2=float(dni.sum() * hours_to_kwh),
        albedo=float(albedo),
        n_hours=len(data),
        period_start=data.index[0] - pd.Timedelta(hours=weather.interval_h / 2),
        period_end=data.index[-1] + pd.Timedelta(hours=weather.interval_h / 2),
        weather_label=weather.label,
        measured=weather.measured,
        sun_bin_deg=(sun_bin_declination_deg, sun_bin_hour_angle_deg),
    )
