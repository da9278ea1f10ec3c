"""A project's effect on its neighbours' sun (analysis.impact): the after-minus-before of the solar analysis."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.impact import NoProjectModel, default_radius_m, solar_impact
from analysis.solar import SolarSettings
from analysis.weather import clear_sky_year
from city.district import box_buildings
from city.model import BuildingSetBuilder, City, SurfaceType
from city.placement import project_masks
from tests.analysis.solar_helpers import frame_at

PARIS = (48.8566, 2.3522)


def _square(cx: float, cy: float, half: float) -> np.ndarray:
    return np.array([[cx - half, cy - half], [cx + half, cy - half], [cx + half, cy + half], [cx - half, cy + half]])


def _street(tower_height: float = 30.0) -> City:
    """An old 6 m house at the origin, replaced by a tower; neighbours 25 m north and south, one 400 m away."""
    blocks = [
        ("old_house", _square(0, 0, 5), 6.0, False),
        ("north", _square(0, 25, 5), 10.0, False),
        ("south", _square(0, -25, 5), 10.0, False),
        ("far", _square(0, -400, 5), 10.0, False),
        ("tower", _square(0, 0, 6), tower_height, True),
    ]
    builder = BuildingSetBuilder()
    for name, quad, height, project in blocks:
        v, t, s = box_buildings(quad[None], np.zeros(1), np.full(1, height))
        builder.add(name, v, t, s, {"project": True} if project else {})
    return City("street", frame=frame_at(*PARIS), buildings=builder.build())


@pytest.fixture(scope="module")
def weather():
    return clear_sky_year(*PARIS)


def test_the_tower_takes_the_sun_of_its_north_neighbour_only(weather):
    city = _street()
    models, under = project_masks(city)
    assert models.tolist() == [False, False, False, False, True]
    assert under.tolist() == [True, False, False, False, False]  # the old house is replaced

    impact = solar_impact(city, weather, SolarSettings(max_sample_area_m2=4.0))
    b = city.buildings
    hours = impact.face_data["impact_sunlight_hours"]
    kwh = impact.face_data["impact_irradiation_kwh_m2"]
    assert hours.shape == (len(b.triangles),)

    # 30 m / tan(15°) = 112 m: the far building, the tower and the old house are not analysed.
    assert impact.radius_m == pytest.approx(30.0 / np.tan(np.radians(15.0)))
    for name in ("far", "tower", "old_house"):
        assert np.isnan(hours[b[name].triangle_slice]).all(), name
    assert list(impact.buildings.index) == ["north", "south"]

    # The north neighbour's south wall: the tower's noon shadow at the equinox (sun ~41°) is 34 m
    # long, the 6 m house's was 7 m; the wall lost hours of sun and energy.
    north = impact.buildings.loc["north"]
    assert north["sunlight_hours_before"] > 5.0
    assert north["sunlight_hours_change"] < -0.5
    assert north["irradiation_kwh_change"] < 0 and north["irradiation_change_pct"] < -5.0
    normals = b.triangle_normals()
    sl = b["north"].triangle_slice
    south_wall = (b.triangle_surface[sl] == SurfaceType.WALL) & (normals[sl, 1] < -0.9)
    assert south_wall.any() and (hours[sl][south_wall] < -2.0).all()

    # At the equinox the sun never stands in the north: the south neighbour keeps its sun hours
    # (it loses some sky in front of its north wall, so a little energy).
    south = impact.buildings.loc["south"]
    assert abs(south["sunlight_hours_change"]) < 0.05
    assert -5.0 < south["irradiation_change_pct"] <= 0.0
    assert impact.losers().index.tolist() == ["north"]
    assert np.nanmax(kwh) <= 1e-3  # nothing gains energy from a taller neighbour here
    assert any("within 112 m" in n for n in impact.notes) and any("clear sky" in n for n in impact.notes)


def test_a_shorter_project_gives_sun_back(weather):
    """A 3 m pavilion replacing the 6 m house: no neighbour loses anything, the radius has its floor."""
    city = _street(tower_height=3.0)
    impact = solar_impact(city, weather, SolarSettings(max_sample_area_m2=4.0))
    assert impact.radius_m == 30.0
    assert sorted(impact.buildings.index) == ["north", "south"]  # 25 m away, within 30 m (walls 20 m from the pavilion)
    assert (impact.buildings["sunlight_hours_change"] >= -1e-6).all()
    assert impact.losers().empty


def test_radius_and_errors(weather):
    city = _street()
    models, _ = project_masks(city)
    assert default_radius_m(city, models) == pytest.approx(111.96, abs=0.01)
    wide = solar_impact(city, weather, SolarSettings(max_sample_area_m2=16.0), radius_m=500.0)
    assert "far" in wide.buildings.index
    # 400 m south, out of the tower's way: exactly no change of sun hours on any face (no ray-casting
    # noise), none of energy on its south wall; its north wall sees a sliver less sky (the tower).
    b = city.buildings
    far = b["far"].triangle_slice
    assert (wide.face_data["impact_sunlight_hours"][far] == 0.0).all()
    kwh = wide.face_data["impact_irradiation_kwh_m2"][far]
    facing = b.triangle_normals()[far, 1]
    assert (kwh[facing < -0.9] == 0.0).all() and (-10.0 < kwh[facing > 0.9]).all() and (kwh[facing > 0.9] < 0).all()
    with pytest.raises(ValueError, match="radius"):
        solar_impact(city, weather, radius_m=0.0)

    no_project = City("plain", frame=city.frame, buildings=city.buildings)
    no_project.buildings.set_attribute("project", [None] * len(city.buildings))
    with pytest.raises(NoProjectModel, match="plain: no project model"):
        solar_impact(no_project, weather)
