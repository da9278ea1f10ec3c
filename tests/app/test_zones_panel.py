"""The zones dock: figures of a zone, drawing a zone, analyses' and logbook's figures, charts, saved in the project."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QInputDialog

from viewer.gltf import buildings_in_zone


def test_zone_figures_and_charts_follow_the_analyses_and_the_logbook(make_window, qtbot):
    window = make_window()
    z = window.zones
    assert z.panel.zone.currentText() == "Clichy-Batignolles"
    rows = dict(z.rows())
    n = len(buildings_in_zone(window.city, window.city.zone("Clichy-Batignolles")))
    assert rows["Buildings"] == str(n)
    assert "Geothermal: share of the heat demand" not in rows
    window.act_geothermal.trigger()
    qtbot.waitUntil(lambda: window.analyses.geothermal_result is not None, timeout=60000)
    rows = dict(z.rows())
    share = window.analyses.geothermal_result.zones["Clichy-Batignolles"]
    assert rows["Geothermal: share of the heat demand"] == f"{share['delivered_mwh'] / share['demand_mwh']:.0%}"
    window.logbook_dock.open_demo_logbook()
    qtbot.waitUntil(lambda: window.logbook_dock.store is not None, timeout=60000)
    counts = z.dpe_counts()
    assert counts and sum(counts.values()) > 0 and set(counts) <= set("ABCDEFG")
    assert len(z.panel.figure.axes) == 3  # DPE classes, building heights and the zone's trees
    assert [ax.get_title() for ax in z.panel.figure.axes][2] == "Trees by height (m)"
    # the zone's trees: counted, their species, and their heights in the chart
    from analysis.vegetation import trees_by_zone

    stats = trees_by_zone(window.city)["Clichy-Batignolles"]
    assert stats["trees"] > 0
    rows = dict(z.rows())
    assert rows["Trees"] == f"{stats['trees']:,}".replace(",", " ")
    assert rows["Tree species (Shannon diversity)"] == f"{stats['species']} ({stats['shannon']:.2f})"
    circumference = rows["Trees by trunk circumference (cm)"]
    assert circumference.startswith("0-50: ") and circumference.count(" · ") == 4
    assert sum(int(part.split(": ")[1]) for part in circumference.split(" · ")) == stats["trees"]
    bars = [patch.get_height() for patch in z.panel.figure.axes[2].patches]
    assert bars == stats["height_counts"] and sum(bars) == stats["trees"]
    assert dict(z.rows())["Energy classes F and G"] == str(counts.get("F", 0) + counts.get("G", 0))


def test_draw_a_zone_then_remove_it_and_keep_it_in_the_project(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    z = window.zones
    n_zones = len(window.city.zones)
    z.panel.draw.setChecked(True)
    for xy in ([-200.0, -200.0], [0.0, -200.0], [0.0, 0.0], [-200.0, 0.0]):
        z.click(np.array([*xy, 35.0]))
    assert "sketch" in window.view.renderer.actors
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Îlot test", True))
    z.finish()
    assert len(window.city.zones) == n_zones + 1 and z.panel.zone.currentText() == "Îlot test"
    assert not z.panel.draw.isChecked() and "sketch" not in window.view.renderer.actors
    rows = dict(z.rows())
    assert rows["Zone area"] == "4.0 ha"
    path = tmp_path / "z.maquette"
    window.project_ui.path = path
    assert window.project_ui.save()
    other = make_window()
    other.project_ui.open_project(path)
    qtbot.waitUntil(lambda: len(other.city.zones) == n_zones + 1, timeout=60000)
    assert other.city.zones[-1].name == "Îlot test"
    z.remove_current()
    assert len(window.city.zones) == n_zones
