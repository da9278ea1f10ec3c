"""The sun path of the shadow study, switched from the panel in a real window."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QPoint, Qt


def _click_box(qtbot, box) -> None:
    """Click a check box on its indicator (a click past the end of its text does nothing)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def _orange_pixels(window) -> int:
    """Pixels of the view in the sun path's orange (viewer.shadows.SUN_PATH_RGB, #f08c00)."""
    img = window.view.screenshot(None, return_img=True).astype(int)
    return int((np.abs(img[..., :3] - [240, 140, 0]).sum(axis=-1) < 60).sum())


def test_the_panel_draws_the_sun_path_which_follows_the_date_and_goes_with_the_study(make_window, qtbot, tmp_path):
    window = make_window()
    controller = window.analyses
    panel = controller.shadow_panel
    window.shadow_dock.show()
    window.shadow_dock.raise_()
    qtbot.waitUntil(panel.sun_path.isVisible, timeout=3000)
    controller.shadow_time.day = dt.date(2026, 6, 21)
    controller.shadow_time.minutes = 12 * 60
    before = _orange_pixels(window)

    _click_box(qtbot, panel.sun_path)
    assert controller.shadow_time.sun_path and controller.shadow_time.enabled  # the path switches the study on
    qtbot.waitUntil(lambda: "sun_path" in window.view.actors, timeout=30000)
    layer = controller.shadow_study.sun_path
    assert layer.arc.day == dt.date(2026, 6, 21)
    assert layer.arc.hour_labels[0] == "06:00" and layer.arc.hour_labels[-1] == "21:00"  # Paris summer time
    assert layer.arc.now_point is not None and "sun_path_now" in window.view.actors
    window.view.render()
    window.view.screenshot(str(tmp_path / "sun_path_21_june_12h.png"))
    assert _orange_pixels(window) > before + 500  # the arc, its hour marks and labels are on screen

    # it follows the date: 21 December's path, low in the south, from 09:00 to 17:00
    qtbot.mouseClick(panel.winter, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.shadow_study.sun_path.arc is not None
                    and controller.shadow_study.sun_path.arc.day == dt.date(2026, 12, 21), timeout=30000)
    arc = controller.shadow_study.sun_path.arc
    assert arc.elevation_deg.max() < 19.0 and arc.hour_labels[0] == "09:00" and arc.hour_labels[-1] == "16:00"

    # unticked: the path goes, the shadows stay
    _click_box(qtbot, panel.sun_path)
    qtbot.waitUntil(lambda: "sun_path" not in window.view.actors, timeout=30000)
    assert not any(name.startswith("sun_path") for name in window.view.actors)
    assert controller.shadow_study is not None and window.scene._shade is not None

    # ticked again, then the study switched off: the path goes with it
    _click_box(qtbot, panel.sun_path)
    qtbot.waitUntil(lambda: "sun_path" in window.view.actors, timeout=30000)
    _click_box(qtbot, panel.enabled)
    assert controller.shadow_study is None
    assert not any(name.startswith("sun_path") for name in window.view.actors)
    assert panel.sun_path.isChecked()  # the choice is kept for the next study
