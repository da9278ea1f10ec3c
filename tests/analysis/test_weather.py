"""Weather files: EPW and PVGIS TMY into one hourly frame; clear errors for broken files."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.sky import declination_hour_angle, weather_sun
from analysis.sun import Site, sun_vectors
from analysis.weather import CLEAR_SKY_LABEL, clear_sky_year, read_epw, read_pvgis_tmy, read_weather


def test_lyon_epw_is_read_with_hour_centres_in_standard_time(lyon):
    d = lyon.data
    assert len(d) == 8760 and list(d.columns) == ["ghi", "dni", "dhi", "temp_air"]
    assert d.index[0] == pd.Timestamp("2019-01-01 00:30", tz="Etc/GMT-1")
    assert d.index.is_monotonic_increasing and str(d.index.tz) in ("UTC+01:00", "Etc/GMT-1")
    assert lyon.annual_ghi_kwh_m2() == pytest.approx(1321.0, abs=1.0)
    assert (lyon.latitude_deg, lyon.longitude_deg) == (45.7261, 4.9378)
    assert lyon.measured and "Lyon" in lyon.label


def test_lyon_epw_irradiance_is_centred_on_solar_noon(lyon):
    """With the right half-hour shift, irradiance is symmetric about solar noon.

    Shifting the wrong way (label - 30 min) puts the GHI-weighted mean hour angle
    about 15° off; the right one leaves only the weather's own asymmetry.
    """
    site = Site(lyon.latitude_deg, lyon.longitude_deg, lyon.altitude_m)
    pos = weather_sun(lyon, site)
    _, hour = declination_hour_angle(sun_vectors(pos["apparent_zenith"], pos["azimuth"]), site.latitude_deg)
    ghi = lyon.data["ghi"].to_numpy()
    mean_hour_angle = float((ghi * hour).sum() / ghi.sum())
    assert abs(mean_hour_angle) < 3.0


def _epw_lines(path):
    return path.read_text(encoding="latin-1").splitlines()


@pytest.mark.parametrize(
    ("line", "field", "value", "message"),
    [
        (100, 13, "abc", r"line 100: field 14 \(global horizontal radiation\) 'abc' is not a number"),
        (4000, 14, "9999", r"line 4000: field 15 \(direct normal radiation\) 9999.0 W/m² is missing"),
        (20, 15, "-5", r"line 20: field 16 \(diffuse horizontal radiation\) -5.0 W/m² is missing or out of range"),
    ],
)
def test_broken_epw_names_file_line_and_field(tmp_path, lyon_epw_path, line, field, value, message):
    lines = _epw_lines(lyon_epw_path)
    fields = lines[line - 1].split(",")
    fields[field] = value
    lines[line - 1] = ",".join(fields)
    bad = tmp_path / "broken.epw"
    bad.write_text("\n".join(lines) + "\n", encoding="latin-1")
    with pytest.raises(ValueError, match=f"broken.epw: {message}"):
        read_epw(bad)


def test_truncated_epw_and_bad_location(tmp_path, lyon_epw_path):
    lines = _epw_lines(lyon_epw_path)
    short = tmp_path / "short.epw"
    short.write_text("\n".join(lines[:5000]) + "\n", encoding="latin-1")
    with pytest.raises(ValueError, match="short.epw: 4992 hourly records"):
        read_epw(short)
    loc = tmp_path / "loc.epw"
    loc.write_text("\n".join(["LOCATION,Nowhere,,,,,north,4.9,1.0,198.0", *lines[1:]]) + "\n", encoding="latin-1")
    with pytest.raises(ValueError, match="loc.epw: line 1: LOCATION latitude 'north' is not a number"):
        read_epw(loc)
    missing = tmp_path / "missing.epw"
    with pytest.raises(ValueError, match="missing.epw: cannot read"):
        read_epw(missing)


def _pvgis_json(path, hours=8760, drop=None):
    times = pd.date_range("2007-01-01 00:00", periods=hours, freq="h", tz="UTC")
    cs = clear_sky_year(45.0, 8.0, 250.0, utc_offset_h=0).data
    rows = []
    for t, (_, r) in zip(times, cs.iterrows(), strict=False):
        row = {"time(UTC)": t.strftime("%Y%m%d:%H%M"), "T2m": 10.0, "RH": 70.0, "G(h)": r["ghi"],
               "Gb(n)": r["dni"], "Gd(h)": r["dhi"], "IR(h)": 300.0, "WS10m": 2.0, "WD10m": 180.0, "SP": 98000.0}
        if drop:
            row.pop(drop)
        rows.append(row)
    doc = {
        "inputs": {"location": {"latitude": 45.0, "longitude": 8.0, "elevation": 250.0}},
        "outputs": {"months_selected": [{"month": m, "year": 2007} for m in range(1, 13)], "tmy_hourly": rows},
        "meta": {"inputs": {}},
    }
    path.write_text(json.dumps(doc))
    return path


def test_pvgis_tmy_json_is_read_into_the_same_frame(tmp_path):
    w = read_pvgis_tmy(_pvgis_json(tmp_path / "tmy_45.000_8.000.json"))
    assert len(w.data) == 8760 and list(w.data.columns) == ["ghi", "dni", "dhi", "temp_air"]
    assert w.data.index[0] == pd.Timestamp("2019-01-01 00:30", tz="UTC")
    assert (w.latitude_deg, w.longitude_deg, w.altitude_m) == (45.0, 8.0, 250.0)
    assert w.measured
    assert read_weather(tmp_path / "tmy_45.000_8.000.json").n_hours == 8760


def test_broken_pvgis_files(tmp_path):
    with pytest.raises(ValueError, match="nodni.json: PVGIS TMY lacks the column"):
        read_pvgis_tmy(_pvgis_json(tmp_path / "nodni.json", hours=48, drop="Gb(n)"))
    bad = tmp_path / "bad.json"
    bad.write_text('{"inputs": {"location": ')
    with pytest.raises(ValueError, match="bad.json: line 1: not valid JSON"):
        read_pvgis_tmy(bad)
    with pytest.raises(ValueError, match="tmy.txt: PVGIS TMY files are"):
        read_pvgis_tmy(tmp_path / "tmy.txt")


def test_clear_sky_year_is_labelled_not_measured():
    w = clear_sky_year(48.89, 2.31, 40.0)
    assert not w.measured and w.label == CLEAR_SKY_LABEL == "clear sky, not measured weather"
    assert len(w.data) == 8760 and w.data.index[0] == pd.Timestamp("2019-01-01 00:30", tz="Etc/GMT-1")
    # a cloudless Paris year: ~1,700 kWh/m² on the ground, ~40% above a measured year
    assert 1600 < w.annual_ghi_kwh_m2() < 1800
    assert np.isnan(w.data["temp_air"]).all()
