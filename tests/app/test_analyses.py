"""The Analyses menu and the shadow study dock, in a real window."""

from __future__ import annotations

import datetime as dt

import numpy as np


def test_green_roofs_run_in_the_background_and_colour_the_city(make_window, qtbot):
    window = make_window()
    window.act_vegetation.trigger()
    qtbot.waitUntil(lambda: "green_roof_suitability" in window.city.buildings.face_data, timeout=60000)
    qtbot.waitUntil(lambda: window.scene.overlay is not None, timeout=10000)
    assert window.scene.overlay.title == "Green roof suitability"
    combo = window.layers_panel.theme
    assert "Greenable wall area (m²)" in [combo.itemText(i) for i in range(combo.count())]


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
