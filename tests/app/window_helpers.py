"""Helpers of the window tests (a module of its own so test files can share it)."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from viewer.camera import display_point


def screen_pos(window, local_xyz) -> QPoint:
    """Widget position (Qt, y down, device-independent pixels) of a point in local metres."""
    dx, dy = display_point(window.view.renderer, local_xyz)
    ratio = window.view.devicePixelRatioF()
    return QPoint(round(dx / ratio), window.view.height() - 1 - round(dy / ratio))


def panel_values(window) -> dict[str, str]:
    """What the building panel shows: label -> value."""
    table = window.building_panel.table
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
