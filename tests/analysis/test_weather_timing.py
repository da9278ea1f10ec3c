"""The PVGIS offset check: a weather file's hours line up with the sun (EPW and PVGIS TMY time stamps)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pvlib
import pytest

from analysis.sun import Site, check_irradiance_timing, irradiance_time_shift_minutes
from analysis.weather import clear_sky_year, read_epw, read_pvgis_tmy
from tests.conftest import shared_data

LAT, LON, ALT = 45.0, 8.0, 250.0
PVGIS_53_OFFSET_H = 0.1761  # "Irradiance Time Offset (h)" of a PVGIS 5.3 TMY at 45° N, 8° E


def _clear_sky_at(instants: pd.DatetimeIndex) -> pd.DataFrame:
    return pvlib.location.Location(LAT, LON, altitude=ALT).get_clearsky(instants, model="ineichen")


def _labels() -> pd.DatetimeIndex:
    return pd.date_range("2007-01-01 00:00", periods=8760, freq="h", tz="UTC")


def _pvgis_csv(path, sky: pd.DataFrame, offset_h: float | None) -> str:
    """A PVGIS 5.x TMY CSV as the PVGIS tool writes it (the layout pvlib's reader parses)."""
    lines = [f"Latitude (decimal degrees): {LAT:.3f}", f"Longitude (decimal degrees): {LON:.3f}",
             f"Elevation (m): {ALT:.1f}"]
    if offset_h is not None:
        lines.append(f"Irradiance Time Offset (h): {offset_h}")
    lines.append("month,year")
    lines += [f"{m},2007" for m in range(1, 13)]
    lines.append("time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP")
    for t, (ghi, dni, dhi) in zip(_labels(), sky[["ghi", "dni", "dhi"]].to_numpy(), strict=True):
        lines.append(f"{t:%Y%m%d:%H%M},10.0,70.0,{ghi:.2f},{dni:.2f},{dhi:.2f},300.0,2.0,180,98000")
    lines += ["T2m: 2-m air temperature (degree Celsius)", "G(h): Global irradiance on the horizontal plane (W/m2)"]
    path.write_bytes("\r\n".join(lines).encode() + b"\r\n")
    return path


def _pvgis_json(path, sky: pd.DataFrame):
    rows = [{"time(UTC)": f"{t:%Y%m%d:%H%M}", "T2m": 10.0, "RH": 70.0, "G(h)": g, "Gb(n)": b, "Gd(h)": d,
             "IR(h)": 300.0, "WS10m": 2.0, "WD10m": 180.0, "SP": 98000.0}
            for t, (g, b, d) in zip(_labels(), sky[["ghi", "dni", "dhi"]].to_numpy(), strict=True)]
    doc = {"inputs": {"location": {"latitude": LAT, "longitude": LON, "elevation": ALT}},
           "outputs": {"months_selected": [{"month": m, "year": 2007} for m in range(1, 13)], "tmy_hourly": rows},
           "meta": {"inputs": {}}}
    path.write_text(json.dumps(doc))
    return path


def test_a_clear_sky_year_lines_up_to_the_minute():
    for lat, lon, utc_offset in ((48.85, 2.35, 1), (-33.9, 151.2, 10), (40.7, -74.0, -5)):
        w = clear_sky_year(lat, lon, utc_offset_h=utc_offset)
        assert abs(irradiance_time_shift_minutes(w.data["ghi"], Site(lat, lon))) < 1.0
    # the measured shift is the shift made
    w = clear_sky_year(48.85, 2.35)
    late = w.data["ghi"].copy()
    late.index = late.index + pd.Timedelta(minutes=40)  # stamps 40 min late: the sun is 40 min earlier
    assert irradiance_time_shift_minutes(late, Site(48.85, 2.35)) == pytest.approx(-40.0, abs=1.0)


def test_pvgis_json_hour_labels_are_hour_means_centred_half_past(tmp_path):
    """PVGIS 5.2 TMY: UTC labels at HH:00 for the hour's mean; read as HH:30, the data meet the sun."""
    sky = _clear_sky_at(_labels() + pd.Timedelta(minutes=30))
    w = read_pvgis_tmy(_pvgis_json(tmp_path / "tmy_45.000_8.000.json", sky))
    assert abs(check_irradiance_timing(w)) < 1.0


def test_pvgis_53_csv_irradiance_time_offset_is_applied(tmp_path):
    """PVGIS 5.3 states an irradiance time offset: the values stand for label + offset (not label + 30 min)."""
    sky = _clear_sky_at(_labels() + pd.Timedelta(hours=PVGIS_53_OFFSET_H))
    with_offset = read_pvgis_tmy(_pvgis_csv(tmp_path / "tmy_53.csv", sky, PVGIS_53_OFFSET_H))
    assert with_offset.data.index[0] == pd.Timestamp("2019-01-01 00:10:33.96", tz="UTC")
    assert abs(check_irradiance_timing(with_offset)) < 1.0
    # the same values without the offset line are taken as hour means: 19 min off, and the check says so
    lost = read_pvgis_tmy(_pvgis_csv(tmp_path / "tmy_no_offset.csv", sky, None))
    site = Site(LAT, LON)
    assert irradiance_time_shift_minutes(lost.data["ghi"], site) == pytest.approx(
        PVGIS_53_OFFSET_H * 60 - 30, abs=1.0)
    with pytest.raises(ValueError, match=r"tmy_no_offset.csv: the irradiance matches the sun 19 min earlier"):
        check_irradiance_timing(lost, tolerance_minutes=10.0)


def test_local_time_read_as_utc_is_caught(tmp_path):
    """A file whose 'UTC' labels are Paris winter time: the sun is an hour earlier than stamped."""
    sky = _clear_sky_at(_labels() + pd.Timedelta(minutes=30) - pd.Timedelta(hours=1))
    w = read_pvgis_tmy(_pvgis_json(tmp_path / "tmy_local.json", sky))
    with pytest.raises(ValueError, match=r"tmy_local.json: .* 60 min earlier .*local time read as UTC"):
        check_irradiance_timing(w)


def test_the_real_lyon_epw_lines_up_and_the_wrong_label_convention_does_not():
    """SOLAR-NOTES: EPW hour 1 covers 00:00-01:00; read_epw labels it 00:00; the centre is label + 30 min."""
    w = read_epw(shared_data("weather/FRA_AR_Lyon-Bron.AP.074800_TMYx.2004-2018.epw"))
    shift = check_irradiance_timing(w)
    assert abs(shift) < 10.0  # measured: -6.4 min (modelled TMYx irradiance, cloud asymmetry)
    site = Site(w.latitude_deg, w.longitude_deg)
    # the label taken as the centre (no + 30 min), or shifted the wrong way (label - 30 min)
    for index, expected in ((w.data.index - pd.Timedelta(minutes=30), shift + 30.0),
                            (w.data.index - pd.Timedelta(minutes=60), shift + 60.0)):
        assert irradiance_time_shift_minutes(w.data["ghi"].set_axis(index), site) == pytest.approx(expected, abs=1.0)
    moved = type(w)(**{**w.__dict__, "data": w.data.set_axis(w.data.index - pd.Timedelta(minutes=60))})
    with pytest.raises(ValueError, match="FRA_AR_Lyon-Bron.AP.074800_TMYx.2004-2018.epw: .* 54 min later"):
        check_irradiance_timing(moved)


def test_bad_input_is_refused():
    naive = pd.Series(np.ones(24), index=pd.date_range("2019-06-21", periods=24, freq="h"))
    with pytest.raises(ValueError, match="tz-aware"):
        irradiance_time_shift_minutes(naive, Site(LAT, LON))
    dark = pd.Series(np.zeros(24), index=pd.date_range("2019-06-21", periods=24, freq="h", tz="UTC"))
    with pytest.raises(ValueError, match="no daylight irradiance"):
        irradiance_time_shift_minutes(dark, Site(LAT, LON))
