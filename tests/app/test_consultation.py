"""Viewpoints, tour, presentation mode and comments, in a real window."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtCore import Qt


def test_viewpoints_fly_in_order_and_presentation_pages_through_them(make_window, qtbot):
    window = make_window()
    c = window.consultation
    window.home_view()
    c.add_view("Whole district")
    window.top_view()
    c.add_view("From above")
    assert [window.consultation.panel.views.item(k).text() for k in range(2)] == ["1. Whole district", "2. From above"]
    c.go_to(0)
    qtbot.waitUntil(lambda: not c._timer.isActive(), timeout=5000)
    assert tuple(window.view.camera.position) == pytest.approx(c.viewpoints[0].position)
    c.start_presentation()
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    assert not window.menuBar().isVisible() and not window.layers_dock.isVisible()
    window.activateWindow()  # Xvfb has no window manager to give the full-screen window the keyboard
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: c.current == 1 and not c._timer.isActive(), timeout=5000)
    assert tuple(window.view.camera.position) == pytest.approx(c.viewpoints[1].position)
    caption = window.view.renderer.actors["caption"]
    assert "From above" in caption.GetInput() and "2 / 2" in caption.GetInput()
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: c.current == 0, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)
    assert window.menuBar().isVisible() and window.layers_dock.isVisible()
    assert "caption" not in window.view.renderer.actors


def test_comments_are_pinned_listed_exported_escaped_and_saved_in_the_project(make_window, qtbot, tmp_path):
    window = make_window()
    c = window.consultation
    c.add_comment(np.array([10.0, 20.0, 35.0]), "Plus d'arbres rue Cardinet", "Mme Dupont", "proposal")
    c.add_comment(np.array([-5.0, 0.0, 36.0]), "=HYPERLINK(\"http://x\")", "@anon", "concern")
    assert c.panel.comments.count() == 2
    assert "comment_pins" in window.view.renderer.actors
    out = c.export_csv(tmp_path / "comments.csv")
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][:5] == ["number", "time", "author", "category", "comment"]
    assert rows[1][2:5] == ["Mme Dupont", "proposal", "Plus d'arbres rue Cardinet"]
    assert rows[2][4].startswith("'=") and rows[2][2] == "'@anon"  # no formula runs in the report's spreadsheet
    x, y = window.city.frame.to_world([10.0, 20.0])
    assert float(rows[1][5]) == pytest.approx(x, abs=0.01) and float(rows[1][6]) == pytest.approx(y, abs=0.01)
    assert window.windowTitle().endswith("*")
    # saved and reopened with the project
    window.home_view()
    c.add_view("Home")
    path = tmp_path / "p.maquette"
    window.project_ui.path = path
    assert window.project_ui.save()
    other = make_window()
    other.project_ui.open_project(path)
    qtbot.waitUntil(lambda: len(other.consultation.comments) == 2, timeout=60000)
    assert other.consultation.comments[0].text == "Plus d'arbres rue Cardinet"
    assert [v.name for v in other.consultation.viewpoints] == ["Home"]
    assert "comment_pins" in other.view.renderer.actors


def test_pin_mode_takes_the_next_click_in_the_view(make_window, qtbot, monkeypatch):
    from app import consultation as mod

    window = make_window()
    c = window.consultation
    placed = []
    monkeypatch.setattr(c, "place_comment", lambda xyz: placed.append(xyz))
    c.panel.add_comment.setChecked(True)
    assert c.pick_mode()
    w, h = window.view.width(), window.view.height()
    window.view.iren.interactor.SetEventPosition(w // 2, h // 2)
    window._on_left_press()
    window._on_left_release()
    assert len(placed) == 1 and placed[0] is not None and np.isfinite(placed[0]).all()
    assert mod.CATEGORIES[0] == "question"


def test_pin_labels_end_on_a_whole_word():
    from app.consultation import pin_label

    text = "La tour fait de l'ombre au square l'hiver : peut-on voir l'ombre à 16 h en décembre ?"
    assert pin_label(text) == "La tour fait de l'ombre au square…"
    assert pin_label("Très bien, enfin des logements") == "Très bien, enfin des logements"
    assert pin_label("Plus d'arbres au pied des immeubles, et des bancs") == "Plus d'arbres au pied des immeubles, et…"
    assert pin_label("x" * 60) == "x" * 39 + "…"
    assert len(pin_label(text)) <= 40 and pin_label("  deux\nlignes  ") == "deux lignes"


def test_presentation_mode_enlarges_labels_and_legend(make_window, qtbot):
    from app.consultation import PRESENTING_LABEL_PT

    window = make_window()
    c = window.consultation
    c.add_comment(np.array([10.0, 20.0, 35.0]), "Plus d'arbres rue Cardinet", "Mme Dupont", "proposal")
    window.colour_buildings_by("construction_year")
    scene = window.scene
    desk_labels = window.view.renderer.actors["zones_labels-labels"]
    desk_pin_radius = scene._comment_head_radius_px()
    assert scene.label_font_size == 16 and scene._legend.GetLabelTextProperty().GetFontSize() == 14
    c.start_presentation()
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    assert scene.label_font_size == PRESENTING_LABEL_PT == 26
    assert scene._legend.GetLabelTextProperty().GetFontSize() == round(14 * 26 / 16)
    assert scene._legend.GetTitleTextProperty().GetFontSize() == round(15 * 26 / 16)
    assert window.view.renderer.actors["zones_labels-labels"] is not desk_labels  # drawn again, larger
    assert "comment_labels-labels" in window.view.renderer.actors  # the pins, drawn again
    assert scene._comment_head_radius_px() > desk_pin_radius  # the pins' heads grow with their labels
    window.view.render()
    assert "caption" in window.view.renderer.actors
    assert scene._legend.GetPosition()[1] > scene._fit_caption() > 0.03  # the legend stands above the caption
    c.stop_presentation()
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)
    assert scene.label_font_size == 16 and scene._legend.GetLabelTextProperty().GetFontSize() == 14
