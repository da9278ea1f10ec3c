"""The Analyses menu and the shadow study dock, in a real window."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest


def test_green_roofs_run_in_the_background_and_colour_the_city(make_window, qtbot):
    window = make_window()
    window.act_vegetation.trigger()
    qtbot.waitUntil(lambda: "green_roof_suitability" in window.city.buildings.face_data, timeout=60000)
    qtbot.waitUntil(lambda: window.scene.overlay is not None, timeout=10000)
    assert window.scene.overlay.title == "Green roof suitability"
    combo = window.layers_panel.theme
    assert "Greenable wall area (m²)" in [combo.itemText(i) for i in range(combo.count())]
    # yes/no per roof face: a legend of categories a planner reads, not a 0-1 scale
    overlay = window.scene.overlay
    assert overlay.categories == ("roofs suited to a green roof", "other roofs (too steep or too small)",
                                  "walls and other faces")
    buildings = window.city.buildings
    suited = buildings.face_data["green_roof_suitability"] > 0.5
    roofs = buildings.triangle_surface == 1
    assert suited.any() and (roofs & ~suited).any()
    shown = window.scene._base_rgb
    assert (shown[suited] == [0x2E, 0x7D, 0x32]).all()
    assert (shown[roofs & ~suited] == [0xD8, 0xC9, 0xA3]).all()
    assert (shown[~roofs] == [0xC9, 0xC9, 0xC9]).all()
    assert [n.GetInput() for n in window.scene._legend._maquette_chips[1]] == list(overlay.categories)


def test_solar_irradiation_from_the_window(make_window, qtbot):
    from app.analyses import run_solar
    from tests.conftest import shared_data

    window = make_window()
    window.open_path(shared_data("buildings_3d/cityjson/3dbag_multi_lod.city.json"), crs="EPSG:7415")
    qtbot.waitUntil(lambda: len(window.city.buildings) == 10, timeout=30000)
    controller = window.analyses
    controller._start("Solar irradiation", run_solar, (window.city, None), controller._solar_done)
    qtbot.waitUntil(lambda: "solar_irradiation_kwh_m2" in window.city.buildings.face_data, timeout=120000)
    qtbot.waitUntil(lambda: window.scene.overlay is not None, timeout=10000)
    irr = window.city.buildings.face_data["solar_irradiation_kwh_m2"]
    roofs = window.city.buildings.triangle_surface == 1
    assert np.nanmax(irr[roofs]) > 1000  # a clear-sky year in the Netherlands, on open roofs
    assert window.scene._legend is not None


def test_shadow_study_dock_draws_shadows_and_stops_with_a_new_city(make_window, qtbot):
    window = make_window()
    controller = window.analyses
    controller.shadow_time.day = dt.date(2026, 12, 21)
    controller.shadow_time.minutes = 12 * 60
    controller.shadow_time.enabled = True
    qtbot.waitUntil(lambda: window.scene._shade is not None, timeout=30000)
    assert "above the horizon" in controller.shadow_panel.sun_label.text()
    # the shade changes with the hour
    before = window.scene._shade.copy()
    controller.shadow_time.minutes = 15 * 60
    qtbot.waitUntil(lambda: not np.array_equal(window.scene._shade, before), timeout=30000)
    controller.shadow_time.enabled = False
    assert window.scene._shade is None and controller.shadow_study is None


def test_geothermal_dock_computes_colours_and_updates_when_a_parameter_changes(make_window, qtbot):
    window = make_window()
    window.act_geothermal.trigger()
    controller = window.analyses
    qtbot.waitUntil(lambda: controller.geothermal_result is not None, timeout=60000)
    assert window.geothermal_dock.isVisible()
    assert window.scene.overlay is not None
    assert window.scene.overlay.title == "Geothermal share of the heat demand (%)"
    assert window.scene.overlay.limits() == (0.0, 100.0)  # a share, read in per cent
    coverage = window.city.buildings.face_data["geothermal_coverage"]
    assert np.allclose(window.scene.overlay.values, 100 * coverage, equal_nan=True)
    assert window.scene._legend.GetLabelFormat() == "%.0f"
    panel = controller.geothermal_panel
    assert "Boreholes" in panel.summary.text() and "Clichy-Batignolles" in panel.summary.text()
    first = controller.geothermal_result
    best = int(np.argmax(first.boreholes))
    window.select_building(best)
    rows = dict(window.building_panel.rows())
    assert rows["Geothermal: boreholes"] == str(int(first.boreholes[best]))
    assert "Heat demand (MWh/year)" in rows
    # a deeper borehole: the overlay updates by itself, power grows in proportion
    panel.spins["depth_m"].setValue(150.0)
    qtbot.waitUntil(lambda: controller.geothermal_result is not first, timeout=60000)
    second = controller.geothermal_result
    assert second.settings.depth_m == 150.0
    assert second.power_kw.sum() == pytest.approx(first.power_kw.sum() * 1.5)
    assert dict(window.building_panel.rows())["Geothermal: boreholes"] == str(int(second.boreholes[best]))
    # an invalid setting is refused with the reason, and nothing is recomputed
    panel.spins["spacing_m"].setValue(5.0)
    qtbot.waitUntil(lambda: "VDI 4640" in panel.message.text(), timeout=5000)
    assert controller.geothermal_result is second


def test_canopy_cover_map_on_the_montpellier_tile(make_window, qtbot):
    """Green roofs and walls on a LiDAR tile: the canopy cover of 5 m squares is drawn on the ground, with its legend."""
    from analysis.vegetation import canopy_grid
    from importers import open_city
    from tests.conftest import shared_data

    city = open_city(shared_data("lidar/lidarhd_montpellier_77055_627760_LA93_IGN69.laz"))
    window = make_window(city)
    window.act_vegetation.trigger()
    qtbot.waitUntil(lambda: window.analyses.vegetation_result is not None, timeout=60000)
    result = window.analyses.vegetation_result
    assert result.canopy is not None and "LiDAR classes 4-5" in result.canopy_source
    actor, legend, _ = window.scene._analysis_grid
    assert legend._maquette_title == "Tree canopy cover (%) in 5 m squares"
    assert window.scene.overlay is None  # no buildings on the tile: no roof colouring, no second legend
    # the map's squares hold the share of canopy cells of the analysis' own mask
    mask = canopy_grid(city).mask
    assert 0 < mask.mean() < 1
    assert "grids" in window.layers_panel.rows  # the map can be hidden from the Layers panel
    window.layers_panel.rows["grids"].visible.setChecked(False)
    assert not actor.GetVisibility() and not legend.GetVisibility()


def test_canopy_legend_sits_above_the_buildings_legend(make_window, qtbot):
    from analysis.vegetation import CanopyGrid, canopy_cover_grid

    window = make_window()
    window.colour_buildings_by("construction_year")
    mask = np.zeros((100, 100), dtype=bool)
    mask[:50, :50] = True
    grid = canopy_cover_grid(CanopyGrid(mask, (-50.0, 50.0, -50.0, 50.0), "test"), 5.0)
    assert grid.values.shape == (20, 20) and grid.values[:10, :10].min() == 100.0 and grid.values[10:, :].max() == 0.0
    window.scene.set_analysis_grid(grid, "Tree canopy cover (%)")
    window.view.render()
    _, canopy_legend, _ = window.scene._analysis_grid
    buildings_legend = window.scene._legend
    assert canopy_legend.GetPosition()[1] > buildings_legend._maquette_top  # stacked, not overlapping
    window.colour_buildings_by("")  # the buildings' legend goes: the canopy's comes down
    window.view.render()
    assert canopy_legend.GetPosition()[1] == pytest.approx(0.05)
    window.scene.set_analysis_grid(None)
    assert window.scene._analysis_grid is None


def test_raster_legend_titles_follow_the_window_language(make_window, qtbot):
    from city.merge import add_layers
    from importers import open_city
    from tests.conftest import shared_data

    r = "rasters/montpellier_77055_627760_"
    city = add_layers(open_city(shared_data(r + "DTM_50cm.tif")), open_city(shared_data(r + "DHM_50cm.tif")))
    window = make_window(city, language="fr")
    legend = window.scene._grid_legend
    assert legend._maquette_title == "Hauteur au-dessus du sol (m)"
    window.translations.set_language("en")
    qtbot.waitUntil(lambda: legend._maquette_title == "Height above ground (m)", timeout=3000)  # LanguageChange is posted
