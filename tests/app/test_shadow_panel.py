"""The shadow study panel edits its model; the model drives the panel."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app.shadow_panel import STEP_MINUTES, ShadowPanel, ShadowTime


def test_buttons_slider_and_play(qtbot):
    model = ShadowTime()
    panel = ShadowPanel(model)
    qtbot.addWidget(panel)
    qtbot.mouseClick(panel.winter, Qt.MouseButton.LeftButton)
    assert model.day == dt.date(2026, 12, 21) and model.enabled
    panel.time.setValue(9 * 60 // STEP_MINUTES)
    assert model.when == dt.datetime(2026, 12, 21, 9, 0)
    assert panel.time_value.text() == "09:00"
    model.minutes = 17 * 60  # the model drives the widgets too
    assert panel.time.value() == 17 * 60 // STEP_MINUTES and panel.time_value.text() == "17:00"
    qtbot.mouseClick(panel.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: model.minutes != 17 * 60, timeout=3000)
    qtbot.mouseClick(panel.play, Qt.MouseButton.LeftButton)
    assert not panel.play.isChecked()
    panel.show_sun(-2.0)
    assert "below the horizon" in panel.sun_label.text()
