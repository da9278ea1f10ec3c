"""What a tile reuses or skips to cost less CPU changes no result: the occluders it keeps, its sunlight hours."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis.solar import SolarSettings, compute_solar, solar_sky, sunlight_directions
from analysis.solar_tiles import (
    TileSettings,
    assemble_tiles,
    city_mesh,
    plan_tiles,
    run_tile,
    tile_occluders,
    worker_sunlight_directions,
)
from analysis.sun import site_of
from analysis.weather import clear_sky_year
from city.district import generate_synthetic_city

JUNE = dict(period_start=pd.Timestamp("2019-06-01", tz="Etc/GMT-1"),
            period_end=pd.Timestamp("2019-07-01", tz="Etc/GMT-1"))
# sunlight hours on: every tile casts the same day's sun positions
SETTINGS = SolarSettings(max_sample_area_m2=float("inf"), sunlight_first_day=dt.date(2025, 6, 21), threads=1, **JUNE)


@pytest.fixture(scope="module")
def city():
    return generate_synthetic_city(300)  # 8,400 triangles on a hilly ground, with trees


def _occluders_by_the_rule(tile, mesh, tiles: TileSettings, offset_m: float) -> np.ndarray:
    """The module's rule, written out for every triangle: d <= (top - lowest face) / tan(e_min), or d <= margin."""
    corners = mesh.vertices[mesh.triangles[tile.faces]]
    x0, y0, z_low = corners.min(axis=(0, 1)) - offset_m
    x1, y1, _ = corners.max(axis=(0, 1)) + offset_m
    keep = np.zeros(len(mesh.triangles), dtype=bool)
    for k, (bx0, bx1, by0, by1) in enumerate(mesh.boxes):
        d = float(np.hypot(max(0.0, bx0 - x1, x0 - bx1), max(0.0, by0 - y1, y0 - by1)))
        if tiles.margin_m is not None:
            keep[k] = d <= tiles.margin_m
        else:
            keep[k] = d == 0.0 or d <= (mesh.top_z[k] - z_low) / np.tan(np.radians(tiles.min_elevation_deg))
    return keep


@pytest.mark.parametrize("tiles", [TileSettings(size_m=150.0), TileSettings(size_m=150.0, min_elevation_deg=12.0),
                                   TileSettings(size_m=150.0, margin_m=120.0),
                                   TileSettings(size_m=150.0, margin_m=0.0)],
                         ids=["by height 5°", "by height 12°", "120 m", "0 m"])
def test_each_tile_keeps_exactly_the_occluders_of_the_rule(city, tiles):
    mesh = city_mesh(city, SETTINGS)
    plan = plan_tiles(city.buildings.vertices, city.buildings.triangles, tiles.size_m)
    counts = []
    for tile in plan[::3]:
        kept = tile_occluders(tile, mesh, tiles, SETTINGS.sample_offset_m)
        assert np.array_equal(kept, _occluders_by_the_rule(tile, mesh, tiles, SETTINGS.sample_offset_m)), tile
        assert kept[tile.faces].all()  # a tile's own faces always shade each other
        counts.append(int(kept.sum()))
    assert min(counts) < 0.7 * len(mesh.triangles)  # the rule leaves much of the city out of some tiles


def test_sunlight_directions_are_computed_once_per_process_and_equal_the_direct_ones(city):
    site = site_of(city)
    first = worker_sunlight_directions(site, SETTINGS)
    direct = sunlight_directions(site, SETTINGS)
    assert len(first[0]) > 40  # 21 June: about 16 h of sun every 15 minutes
    assert np.array_equal(first[0], direct[0]) and np.array_equal(first[1], direct[1])
    # another tile (same site and days, other unrelated settings): the very same arrays, read-only
    again = worker_sunlight_directions(site, dataclasses.replace(SETTINGS, albedo=0.3, threads=2))
    assert again[0] is first[0] and again[1] is first[1]
    assert not first[0].flags.writeable and not first[1].flags.writeable
    # another day is another entry
    winter = worker_sunlight_directions(site, dataclasses.replace(SETTINGS, sunlight_first_day=dt.date(2025, 12, 21)))
    assert len(winter[0]) < 0.6 * len(first[0])


def test_tiles_covering_the_city_give_the_untiled_sunlight_hours_and_irradiation_exactly(city):
    site = site_of(city)
    weather = clear_sky_year(site.latitude_deg, site.longitude_deg, site.altitude_m)
    whole = compute_solar(city, weather, SETTINGS)
    tiles = TileSettings(size_m=150.0, margin_m=5000.0)
    mesh = city_mesh(city, SETTINGS)
    sky = solar_sky(weather, site, SETTINGS)
    plan = plan_tiles(city.buildings.vertices, city.buildings.triangles, tiles.size_m)
    faces = assemble_tiles([run_tile(t, mesh, sky, site, SETTINGS, tiles) for t in plan], len(city.buildings.triangles))
    hours = faces.arrays["sunlight_hours"]
    assert hours.max() > 10.0 and (hours == 0).any()  # long sun on the roofs, none in some courtyards
    for name, values in faces.arrays.items():
        assert np.array_equal(values, whole.face_data[name]), name
