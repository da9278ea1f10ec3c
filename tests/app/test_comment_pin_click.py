"""Clicking a comment pin in the 3D view: the comment is selected in the list and shown beside its pin."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt

from tests.app.window_helpers import screen_pos
from viewer.camera import oblique_view

TIME = "2025-03-14T15:42:08+01:00"


def _pin_on_the_tower(window):
    """Two comments; the second pinned on the roof of the tower, seen from above. Returns (its head, the tower's index)."""
    c = window.consultation
    city = window.city
    tower = city.buildings.index_of("CB-TJ")
    oblique_view(window.view, window.scene.building_centre(tower), 150.0, elevation_deg=70.0)  # zoomed in on it
    c.add_comment(window.scene.building_centre(city.buildings.index_of("CB-Z047")), "Un autre avis", "M. Martin", "question")
    comment = c.add_comment(window.scene.building_centre(tower), "Plus d'arbres au pied de la tour, et des bancs à l'ombre",
                            "Mme Dupont", "proposal")
    comment.time = TIME
    window.view.render()
    return window.scene._comment_heads[1][1], tower


def _click(window, qtbot, pos: QPoint) -> list[str]:
    """Click at ``pos``; the building ids the window announced."""
    picked: list[str] = []
    window.building_picked.connect(picked.append)
    qtbot.mouseClick(window.view, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.wait(50)
    window.building_picked.disconnect(picked.append)
    return picked


def _vtk(window, pos: QPoint) -> tuple[int, int]:
    return pos.x(), window.view.height() - 1 - pos.y()


def test_a_click_on_a_pin_selects_its_comment_and_shows_it_beside_the_pin(make_window, qtbot):
    window = make_window()
    head, tower = _pin_on_the_tower(window)
    pos = screen_pos(window, head)
    assert window.scene.pick_building(*_vtk(window, pos)) == tower  # the tower's roof is behind the pin

    picked = _click(window, qtbot, pos)

    assert picked == []  # the pin won: the tower was not picked
    assert window.scene.selected is None
    comments = window.consultation.panel.comments
    assert comments.currentRow() == 1 and comments.currentItem().isSelected()
    assert "Mme Dupont" in comments.currentItem().text()
    assert window.consultation_dock.isVisible() and not window.consultation_dock.visibleRegion().isEmpty()
    shown = window.scene.callout_text()
    assert shown.splitlines()[0] == "2. Proposal  ·  Mme Dupont  ·  14 Mar 2025, 15:42"
    assert " ".join(shown.splitlines()[1:]) == "Plus d'arbres au pied de la tour, et des bancs à l'ombre"
    # the box is drawn beside the pin's head, in the view: dark grey, framed in the proposal green
    qtbot.wait(100)
    img = window.view.screenshot(return_img=True)[..., :3].astype(int)
    ratio = window.view.devicePixelRatioF()
    hx, hy = round(pos.x() * ratio), round(pos.y() * ratio)
    box = img[hy:hy + 40, hx + 25:hx + 200]
    dark = (np.abs(box - [33, 37, 41]).sum(-1) < 40).mean()
    green = (np.abs(img - [0x2F, 0x9E, 0x44]).sum(-1) < 40).sum()
    assert dark > 0.5, f"{dark:.0%} of the area right of the pin is the callout's dark grey"
    assert green > 600, f"{green} proposal-green pixels (pin and frame)"


def test_a_click_beside_a_pin_still_picks_the_building_and_hides_the_comment(make_window, qtbot):
    window = make_window()
    head, tower = _pin_on_the_tower(window)
    _click(window, qtbot, screen_pos(window, head))
    assert window.scene.callout_text()

    # just right of what the pin takes (its head as drawn, and a few pixels of leeway)
    reach = next(dx for dx in range(60) if window.scene.comment_at(*_vtk(window, screen_pos(window, head) + QPoint(dx, 0))) is None)
    assert 8 < reach < 30
    beside = screen_pos(window, head) + QPoint(reach + 3, 0)
    assert window.scene.pick_building(*_vtk(window, beside)) == tower

    picked = _click(window, qtbot, beside)

    assert picked == ["CB-TJ"] and window.scene.selected == tower
    assert window.consultation.panel.comments.currentRow() == -1
    assert window.scene.callout_text() == ""


def test_choosing_a_comment_in_the_list_shows_it_at_its_pin_and_pins_are_clickable_when_presenting(make_window, qtbot):
    window = make_window()
    c = window.consultation
    head, _tower = _pin_on_the_tower(window)
    c.panel.comments.setCurrentRow(0)
    assert window.scene.callout_text().startswith("1. Question  ·  M. Martin  ·  ")

    c.start_presentation()
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    oblique_view(window.view, window.scene.building_centre(window.city.buildings.index_of("CB-TJ")), 150.0, elevation_deg=70.0)
    window.view.render()
    picked = _click(window, qtbot, screen_pos(window, head))

    assert picked == [] and c.panel.comments.currentRow() == 1
    assert window.scene.callout_text().startswith("2. Proposal  ·  Mme Dupont")
    assert window.scene._callout.GetTextProperty().GetFontSize() == 24  # larger type for the room
    assert window.consultation_dock.isHidden() and window.isFullScreen()  # nothing else pops up for the audience
    c.stop_presentation()
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)
    assert window.scene._callout.GetTextProperty().GetFontSize() == window.scene.label_font_size
