"""Hourly weather for the solar analysis: EPW, PVGIS TMY, or a clear-sky year.

Every source becomes one :class:`Weather`: an hourly frame with ``ghi``,
``dni``, ``dhi`` (W/m², hourly means) and ``temp_air`` (°C) indexed by the
*centre* of each hour, tz-aware, in standard time (no daylight saving: that
belongs to the clock shown to users, never to weather data).

Time stamps, measured (see ../shared/SOLAR-NOTES.md): EPW record "hour 1"
covers 00:00-01:00 local standard time and pvlib 0.16's ``read_epw`` labels it
00:00, the interval's start, so the centre is the label **plus** 30 minutes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

CLEAR_SKY_LABEL = "clear sky, not measured weather"

#: Columns of :attr:`Weather.data`.
COLUMNS = ("ghi", "dni", "dhi", "temp_air")

# EPW data fields (0-based) the analysis reads, with their names in the EPW spec
# and the value the spec uses for "missing".
_EPW_FIELDS = {6: ("dry bulb temperature", 99.9), 13: ("global horizontal radiation", 9999.0),
               14: ("direct normal radiation", 9999.0), 15: ("diffuse horizontal radiation", 9999.0)}
_EPW_MIN_FIELDS = 22  # up to "wind speed"; pvlib needs the radiation fields in 13-15


@dataclass
class Weather:
    """Hourly weather for one site.

    data : DataFrame indexed by tz-aware interval-centre instants (standard time),
        columns ``ghi``, ``dni``, ``dhi`` (W/m², mean over the hour), ``temp_air`` (°C, NaN if unknown)
    latitude_deg, longitude_deg, altitude_m : the station (or clear-sky site)
    source : file name, or a description
    measured : False for a modelled clear sky, which must be labelled wherever it is shown
    label : text for the user ("Lyon Bron AP (EPW)", or :data:`CLEAR_SKY_LABEL`)
    """

    data: pd.DataFrame
    latitude_deg: float
    longitude_deg: float
    altitude_m: float
    source: str
    measured: bool = True
    label: str = ""
    metadata: dict = field(default_factory=dict)

    @property
    def interval_h(self) -> float:
        """Length of one record, hours (1 for all the sources read here)."""
        return 1.0

    @property
    def n_hours(self) -> int:
        return len(self.data)

    def annual_ghi_kwh_m2(self) -> float:
        """Global horizontal irradiation over the whole record, kWh/m²."""
        return float(self.data["ghi"].sum()) * self.interval_h / 1000.0


# --------------------------------------------------------------------------- EPW


def _check_epw_text(path: Path) -> None:
    """Fail with the file, line and field of the first thing pvlib would misread or choke on."""
    name = path.name
    try:
        lines = path.read_text(encoding="latin-1").splitlines()
    except OSError as exc:
        raise ValueError(f"{name}: cannot read the weather file: {exc.strerror or exc}") from exc
    if not lines or not lines[0].startswith("LOCATION"):
        raise ValueError(f"{name}: line 1: an EPW file starts with a LOCATION record")
    loc = lines[0].split(",")
    if len(loc) < 10:
        raise ValueError(f"{name}: line 1: LOCATION has {len(loc)} fields, an EPW has 10")
    for idx, what in ((6, "latitude"), (7, "longitude"), (8, "time zone"), (9, "elevation")):
        try:
            float(loc[idx])
        except ValueError:
            raise ValueError(f"{name}: line 1: LOCATION {what} {loc[idx]!r} is not a number") from None
    if not -90 <= float(loc[6]) <= 90 or not -180 <= float(loc[7]) <= 180:
        raise ValueError(f"{name}: line 1: LOCATION latitude/longitude {loc[6]}, {loc[7]} out of range")
    data = lines[8:]
    while data and not data[-1].strip():
        data.pop()
    if len(data) not in (8760, 8784):
        raise ValueError(f"{name}: {len(data)} hourly records after the 8 header lines, a year has 8760 (or 8784)")
    for offset, line in enumerate(data):
        lineno = offset + 9
        fields = line.split(",")
        if len(fields) < _EPW_MIN_FIELDS:
            raise ValueError(f"{name}: line {lineno}: {len(fields)} fields, an EPW record has 35")
        for k, (what, missing) in _EPW_FIELDS.items():
            try:
                value = float(fields[k])
            except ValueError:
                raise ValueError(f"{name}: line {lineno}: field {k + 1} ({what}) {fields[k]!r} is not a number") from None
            if k == 6:
                if value >= missing or not -70 <= value <= 70:
                    raise ValueError(f"{name}: line {lineno}: field {k + 1} ({what}) {value} is missing or out of range")
            elif value >= missing or not 0 <= value <= 1400:
                raise ValueError(
                    f"{name}: line {lineno}: field {k + 1} ({what}) {value} W/m² is missing or out of range 0-1400"
                )


def read_epw(path: str | Path, *, year: int = 2019) -> Weather:
    """Read an EnergyPlus weather file (TMY/TMYx, hourly) with pvlib.

    Parameters
    ----------
    path : the .epw file
    year : int
        TMY files mix years month by month; all records are put in this
        (non-leap) year so the index is monotonic. The sun's position differs
        by under 0.01° between years.

    Raises
    ------
    ValueError
        Naming the file, the line and the field: missing (9999) or
        out-of-range radiation, a short record, a wrong record count.
    """
    path = Path(path)
    _check_epw_text(path)
    try:
        raw, meta = pvlib.iotools.read_epw(str(path), coerce_year=year)
    except Exception as exc:  # pandas raises many kinds; say which file
        raise ValueError(f"{path.name}: not a readable EPW file: {exc}") from exc
    if len(raw) == 8784:  # a leap-year file coerced into a non-leap year: drop 29 February
        raw = raw[~((raw.index.month == 2) & (raw.index.day == 29))]
    data = raw[["ghi", "dni", "dhi", "temp_air"]].astype(np.float64).copy()
    # pvlib labels each hour with its start: the hour's mean belongs to its centre
    data.index = raw.index + pd.Timedelta(minutes=30)
    data = data.sort_index()
    label = f"{meta.get('city', path.stem)} (EPW)"
    return Weather(
        data=data,
        latitude_deg=float(meta["latitude"]),
        longitude_deg=float(meta["longitude"]),
        altitude_m=float(meta["altitude"]),
        source=path.name,
        measured=True,
        label=label,
        metadata=dict(meta),
    )


# --------------------------------------------------------------------------- PVGIS


def read_pvgis_tmy(path: str | Path, *, year: int = 2019) -> Weather:
    """Read a PVGIS typical meteorological year (.json, .csv or .epw) with pvlib.

    PVGIS time stamps are UTC hour labels (``time(UTC)``: 20070101:0000). The
    values are taken as representative of ``label + 30 min`` (hourly means, as
    EPW), or of ``label + offset`` when the file states an "Irradiance Time
    Offset" (PVGIS 5.3 CSV). The index stays in UTC, a standard time.

    Raises
    ------
    ValueError
        Naming the file and what is wrong (unknown format, missing columns,
        missing or out-of-range values with their time stamp).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".epw":
        return read_epw(path, year=year)
    if suffix not in (".json", ".csv"):
        raise ValueError(f"{path.name}: PVGIS TMY files are .json, .csv or .epw, not {suffix or 'no suffix'!r}")
    try:
        raw, meta = pvlib.iotools.read_pvgis_tmy(str(path), map_variables=True)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.name}: line {exc.lineno}: not valid JSON: {exc.msg}") from exc
    except KeyError as exc:
        raise ValueError(f"{path.name}: not a PVGIS TMY file: no {exc.args[0]!r} entry") from exc
    except Exception as exc:
        raise ValueError(f"{path.name}: not a readable PVGIS TMY file: {exc}") from exc
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise ValueError(f"{path.name}: PVGIS TMY lacks the column(s) {', '.join(missing)}")
    data = raw[list(COLUMNS)].apply(pd.to_numeric, errors="coerce").astype(np.float64)
    for col in ("ghi", "dni", "dhi"):
        bad = ~data[col].between(0.0, 1400.0)
        if bad.any():
            first = data.index[np.flatnonzero(bad.to_numpy())[0]]
            raise ValueError(f"{path.name}: {col} at {first:%Y-%m-%d %H:%M} UTC is missing or out of range 0-1400 W/m²")
    inputs = meta.get("inputs", {}) if isinstance(meta, dict) else {}
    offset_h = inputs.get("irradiance time offset")
    shift = pd.Timedelta(hours=float(offset_h)) if offset_h is not None else pd.Timedelta(minutes=30)
    # TMY months come from different years: put them all in one (non-leap) year
    feb29 = (raw.index.month == 2) & (raw.index.day == 29)
    data = data[~feb29]
    idx = pd.DatetimeIndex([t.replace(year=year) for t in raw.index[~feb29]])
    data.index = idx + shift
    data = data.sort_index()
    loc = inputs.get("location", inputs)
    try:
        lat, lon = float(loc["latitude"]), float(loc["longitude"])
        alt = float(loc.get("elevation", 0.0))
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"{path.name}: PVGIS TMY has no readable latitude/longitude") from None
    return Weather(
        data=data,
        latitude_deg=lat,
        longitude_deg=lon,
        altitude_m=alt,
        source=path.name,
        measured=True,
        label=f"PVGIS TMY {lat:.3f}, {lon:.3f}",
        metadata=dict(meta) if isinstance(meta, dict) else {},
    )


def read_weather(path: str | Path) -> Weather:
    """EPW or PVGIS TMY by suffix (an .epw from PVGIS is an EPW), its hours checked against the sun.

    Raises ValueError (naming the file) when the irradiance is more than 15 min
    off the sun (:func:`analysis.sun.check_irradiance_timing`): hours stamped at
    their start, local time read as UTC, a PVGIS time offset lost.
    """
    from analysis.sun import check_irradiance_timing

    path = Path(path)
    weather = read_epw(path) if path.suffix.lower() == ".epw" else read_pvgis_tmy(path)
    check_irradiance_timing(weather)
    return weather


# --------------------------------------------------------------------------- clear sky


def clear_sky_year(
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float = 0.0,
    *,
    year: int = 2019,
    utc_offset_h: int = 1,
) -> Weather:
    """A modelled clear-sky year (Ineichen-Perez with pvlib's monthly Linke turbidity).

    Used when no weather file is given. It is *not* weather: every day is
    cloudless, so annual totals run about 30% above a measured year in Paris.
    ``measured`` is False and ``label`` is :data:`CLEAR_SKY_LABEL`: show it.

    References
    ----------
    Ineichen, P. and Perez, R. (2002). A new airmass independent formulation
    for the Linke turbidity coefficient. Solar Energy 73(3), 151-157.
    """
    tz = f"Etc/GMT{-utc_offset_h:+d}" if utc_offset_h else "UTC"
    # hour centres in standard time, as for EPW data
    times = pd.date_range(f"{year}-01-01 00:30", periods=8760, freq="h", tz=tz)
    location = pvlib.location.Location(latitude_deg, longitude_deg, altitude=altitude_m, tz=tz)
    cs = location.get_clearsky(times, model="ineichen")
    data = pd.DataFrame(
        {"ghi": cs["ghi"], "dni": cs["dni"], "dhi": cs["dhi"], "temp_air": np.nan}, index=times
    ).astype(np.float64)
    return Weather(
        data=data,
        latitude_deg=latitude_deg,
        longitude_deg=longitude_deg,
        altitude_m=altitude_m,
        source="pvlib Ineichen clear sky",
        measured=False,
        label=CLEAR_SKY_LABEL,
    )
