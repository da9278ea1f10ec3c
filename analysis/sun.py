"""Sun positions (NREL SPA through pvlib) and sun direction vectors in the city's frame.

The city's local frame is Lambert-93 (x = grid east, y = grid north, z up).
Grid north differs from true north by the meridian convergence (in Paris,
west of Lambert-93's central meridian at 3° E, true north lies about 0.5°
clockwise of grid north: :attr:`Site.grid_convergence_deg` = +0.498°);
:func:`site_of` measures it with pyproj and every direction returned here is
already rotated into the grid frame, so shadows fall where they fall on the map.

References
----------
Reda, I. and Andreas, A. (2004). Solar position algorithm for solar radiation
applications. Solar Energy 76(5), 577-589 (NREL/TP-560-34302, revised 2008).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pvlib

from city.crs import reproject_xy

#: The clock shown to users: Paris local time, with daylight saving.
PARIS_TZ = "Europe/Paris"

#: Default ΔT = TT − UT1 (s) for the 2020s (IERS: 69.2 s in 2020, about 69 s since).
DEFAULT_DELTA_T_S = 69.0


@dataclass(frozen=True)
class Site:
    """Where the sun is seen from.

    latitude_deg, longitude_deg : WGS84 degrees (north, east positive)
    altitude_m : metres above sea level
    grid_convergence_deg : azimuth of *true* north measured clockwise from the
        local frame's +y axis (grid north), degrees. A true azimuth ``A`` is
        grid azimuth ``A + grid_convergence_deg``.
    """

    latitude_deg: float
    longitude_deg: float
    altitude_m: float = 0.0
    grid_convergence_deg: float = 0.0


def site_of(city) -> Site:
    """The site of a :class:`city.model.City`: its origin reprojected to WGS84.

    Altitude is the origin's z plus the median terrain height (local terrain
    heights are relative to the origin), or the origin's z without terrain.
    """
    ox, oy, oz = city.frame.origin
    lon, lat = reproject_xy(np.array([ox]), np.array([oy]), city.crs, "EPSG:4326")
    altitude = float(oz)
    if city.terrain is not None:
        altitude += float(np.nanmedian(city.terrain.heights))
    # grid convergence: where does a point 1 km true-north of the origin land on the grid?
    nx, ny = reproject_xy(lon, lat + 1000.0 / 111_320.0, "EPSG:4326", city.crs)
    convergence = float(np.degrees(np.arctan2(nx[0] - ox, ny[0] - oy)))
    return Site(float(lat[0]), float(lon[0]), altitude, convergence)


def solar_position(
    times: pd.DatetimeIndex,
    site: Site,
    *,
    pressure_pa: float | None = None,
    temperature_c: float = 12.0,
    delta_t_s: float = DEFAULT_DELTA_T_S,
) -> pd.DataFrame:
    """Solar position by the NREL SPA (Reda & Andreas 2004) via pvlib ``nrel_numpy``.

    Parameters
    ----------
    times : (n,) tz-aware DatetimeIndex
        Instants (a naive index is refused: the hour would be ambiguous).
    site : Site
    pressure_pa : float, optional
        Station pressure for refraction, Pa; default from the altitude (pvlib ``alt2pres``).
    temperature_c : float
        Air temperature for refraction, °C.
    delta_t_s : float
        TT − UT1, seconds.

    Returns
    -------
    DataFrame indexed by ``times`` with pvlib's columns: ``apparent_zenith``,
    ``zenith``, ``apparent_elevation``, ``elevation``, ``azimuth`` (degrees,
    true azimuth clockwise from north), ``equation_of_time`` (minutes).
    """
    times = pd.DatetimeIndex(times)
    if times.tz is None:
        raise ValueError("solar_position needs tz-aware times (a naive time is ambiguous)")
    if pressure_pa is None:
        pressure_pa = float(pvlib.atmosphere.alt2pres(site.altitude_m))
    return pvlib.solarposition.get_solarposition(
        times,
        site.latitude_deg,
        site.longitude_deg,
        altitude=site.altitude_m,
        pressure=pressure_pa,
        method="nrel_numpy",
        temperature=temperature_c,
        delta_t=delta_t_s,
    )


def sun_vectors(zenith_deg: np.ndarray, azimuth_deg: np.ndarray, grid_convergence_deg: float = 0.0) -> np.ndarray:
    """Unit vectors towards the sun in the local frame (x east, y north, z up).

    Parameters
    ----------
    zenith_deg, azimuth_deg : (n,) float, degrees
        Zenith angle and true azimuth (clockwise from north).
    grid_convergence_deg : float
        :attr:`Site.grid_convergence_deg`; 0 gives true-north axes.

    Returns
    -------
    (n, 3) float64, unit vectors pointing *to* the sun.
    """
    zen = np.radians(np.asarray(zenith_deg, dtype=np.float64))
    az = np.radians(np.asarray(azimuth_deg, dtype=np.float64) + grid_convergence_deg)
    sin_zen = np.sin(zen)
    return np.stack([sin_zen * np.sin(az), sin_zen * np.cos(az), np.cos(zen)], axis=-1)


def paris_time(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> pd.Timestamp:
    """A wall-clock time in Paris (daylight saving applied), tz-aware."""
    return pd.Timestamp(dt.datetime(year, month, day, hour, minute), tz=ZoneInfo(PARIS_TZ))


def sun_direction_at(site: Site, when: dt.datetime | pd.Timestamp, tz: str = PARIS_TZ) -> tuple[np.ndarray, float]:
    """Sun direction for the shadow study.

    Parameters
    ----------
    site : Site
    when : datetime
        A naive datetime is read as wall-clock time in ``tz`` (Paris, with
        daylight saving); an aware one is used as it is.

    Returns
    -------
    direction : (3,) float64 unit vector to the sun, local frame (x east, y north, z up)
    elevation_deg : float, apparent elevation (negative: the sun is down, no shadows to draw)
    """
    stamp = pd.Timestamp(when)
    if stamp.tz is None:
        # ambiguous / missing wall times at the DST changes resolve to the earlier/shifted instant
        stamp = stamp.tz_localize(ZoneInfo(tz), ambiguous=True, nonexistent="shift_forward")
    pos = solar_position(pd.DatetimeIndex([stamp]), site)
    vec = sun_vectors(pos["apparent_zenith"].to_numpy(), pos["azimuth"].to_numpy(), site.grid_convergence_deg)[0]
    return vec, float(pos["apparent_elevation"].iloc[0])


def sun_path(
    site: Site, day: dt.date, step_minutes: float = 10.0, tz: str = PARIS_TZ
) -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray]:
    """The sun's path over one local day (for drawing it, and for sunlight hours).

    Returns
    -------
    times : (n,) tz-aware DatetimeIndex, the centres of ``step_minutes`` intervals of the day
    directions : (n, 3) float64 unit vectors to the sun (local frame)
    elevation_deg : (n,) float64 apparent elevation
    """
    start = pd.Timestamp(dt.datetime(day.year, day.month, day.day), tz=ZoneInfo(tz))
    nxt = day + dt.timedelta(days=1)
    end = pd.Timestamp(dt.datetime(nxt.year, nxt.month, nxt.day), tz=ZoneInfo(tz))  # calendar day: 23-25 h
    # a DST day has 23 or 25 hours: step through real instants, not wall-clock minutes
    n = int(round((end - start) / pd.Timedelta(minutes=step_minutes)))
    times = start + pd.Timedelta(minutes=step_minutes) * (np.arange(n) + 0.5)
    pos = solar_position(pd.DatetimeIndex(times), site)
    dirs = sun_vectors(pos["apparent_zenith"].to_numpy(), pos["azimuth"].to_numpy(), site.grid_convergence_deg)
    return pd.DatetimeIndex(times), dirs, pos["apparent_elevation"].to_numpy()


# --------------------------------------------------------------------------- do the weather's hours line up with the sun?


def irradiance_time_shift_minutes(
    ghi_w_m2: pd.Series, site: Site, *, search_minutes: float = 120.0
) -> float:
    """How far a weather record's irradiance is from the sun its time stamps say, minutes.

    Each day's global horizontal irradiance is fitted by a multiple of the
    cosine of the sun's zenith at ``index + shift`` (clouds change the day's
    multiple, not the time of the sun), and the shift of best fit over all
    days is returned: 0 when the stamps are right; +30 when each hour is
    stamped at its start but the analysis takes stamps as centres; -60 when
    local standard time (UTC+1) was read as UTC. Asymmetric cloud (afternoon
    convection) moves the result by a few minutes at most.

    Parameters
    ----------
    ghi_w_m2 : (n,) Series, W/m², indexed by tz-aware instants (what each value stands for)
    site : Site (the station's latitude and longitude)
    search_minutes : shifts from ``-search_minutes`` to ``+search_minutes`` are tried, 1 min apart

    Returns
    -------
    float, minutes: the data at ``t`` match the sun at ``t + shift``.

    References
    ----------
    Spencer, J. W. (1971). Fourier series representation of the position of the sun.
    Search 2(5), 172 (declination and equation of time, via pvlib; within 0.1° and 1 min,
    far below the one-minute step searched here).
    """
    index = pd.DatetimeIndex(ghi_w_m2.index)
    if index.tz is None:
        raise ValueError("irradiance_time_shift_minutes needs tz-aware times (a naive time is ambiguous)")
    ghi = np.nan_to_num(np.asarray(ghi_w_m2, dtype=np.float64), nan=0.0)
    if not (ghi > 0).any():
        raise ValueError("no daylight irradiance in the record: nothing to line up with the sun")
    utc = index.tz_convert("UTC")
    doy = utc.dayofyear.to_numpy()
    declination = pvlib.solarposition.declination_spencer71(doy)
    eot_min = pvlib.solarposition.equation_of_time_spencer71(doy)
    hour_angle = pvlib.solarposition.hour_angle(utc, site.longitude_deg, eot_min)  # degrees
    shifts = np.arange(-np.floor(search_minutes), np.floor(search_minutes) + 1.0)
    lat = np.radians(site.latitude_deg)
    a = np.sin(lat) * np.sin(declination)
    b = np.cos(lat) * np.cos(declination)
    # the sun turns 0.25° of hour angle a minute; declination barely moves in two hours
    cos_zen = np.clip(a[:, None] + b[:, None] * np.cos(np.radians(hour_angle[:, None] + 0.25 * shifts[None, :])),
                      0.0, None)
    # a "day" runs from solar midnight to solar midnight, so that no daylight is split
    solar_day = np.floor((utc.asi8 / 3.6e12 + site.longitude_deg / 15.0) / 24.0).astype(np.int64)
    order = np.argsort(solar_day, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(solar_day[order]) != 0])
    num = np.add.reduceat(ghi[order, None] * cos_zen[order], starts, axis=0)
    den = np.add.reduceat(cos_zen[order] ** 2, starts, axis=0)
    score = np.where(den > 0, num**2 / np.where(den > 0, den, 1.0), 0.0).sum(axis=0)
    k = int(np.argmax(score))
    if 0 < k < len(shifts) - 1:  # a parabola through the best minute and its neighbours
        left, mid, right = score[k - 1], score[k], score[k + 1]
        curvature = left - 2 * mid + right
        if curvature < 0:
            return float(shifts[k] + 0.5 * (left - right) / curvature)
    return float(shifts[k])


def check_irradiance_timing(weather, tolerance_minutes: float = 15.0) -> float:
    """Check that a weather record's hours line up with the sun; returns the shift (minutes).

    weather : analysis.weather.Weather (its ``ghi`` column and station coordinates)
    tolerance_minutes : a larger shift (:func:`irradiance_time_shift_minutes`) is an error

    Raises
    ------
    ValueError
        Naming the file and the shift, with the usual causes (an hour stamped
        at its start or end instead of its centre: 30 min; local time read as
        UTC: 60 min; a PVGIS irradiance time offset not applied: 10-20 min).
    """
    site = Site(weather.latitude_deg, weather.longitude_deg, weather.altitude_m)
    shift = irradiance_time_shift_minutes(weather.data["ghi"], site)
    if abs(shift) > tolerance_minutes:
        way = "later" if shift > 0 else "earlier"
        raise ValueError(
            f"{weather.source}: the irradiance matches the sun {abs(shift):.0f} min {way} than its time stamps say "
            f"(more than {tolerance_minutes:g} min): are hours stamped at their start or end instead of their "
            f"centre (30 min), local time read as UTC (60 min), or a PVGIS irradiance time offset lost?"
        )
    return shift
