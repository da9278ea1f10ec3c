"""Named tours in the Consultation dock: made, renamed, reordered, played, presented, saved and reopened."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def answers(monkeypatch):
    """Names typed into the next input dialogs; message boxes recorded instead of blocking."""
    typed: list[str] = []
    seen: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (typed.pop(0), True))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: seen.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: seen.append(text))
    return typed, seen


def _stops(panel) -> list[str]:
    return [panel.stops.item(k).text() for k in range(panel.stops.count())]


def _three_views(window):
    c = window.consultation
    window.home_view()
    c.add_view("Whole district")
    window.top_view()
    c.add_view("From above")
    window.view.camera.position = (300.0, -400.0, 120.0)
    window.view.camera.focal_point = (-100.0, -280.0, 40.0)
    c.add_view("Park")
    return c


def _two_tours(window, tmp_path):
    """Three viewpoints, an "Evening walk" (4 s flights, 1.5 s pauses) and a "Morning" tour; the project's path set."""
    c = _three_views(window)
    c.new_tour("Evening walk", ["Park", "From above"])
    c.set_timing(transition_s=4.0, hold_s=1.5)
    c.new_tour("Morning", ["From above", "Whole district", "Park"])
    path = tmp_path / "session.maquette"
    window.project_ui.path = path
    return c, path


def test_a_named_tour_is_made_reordered_and_played_in_its_order_and_timing(make_window, qtbot, answers, monkeypatch):
    typed, seen = answers
    window = make_window()
    c = _three_views(window)
    p = c.panel
    # no named tour yet: the tour is every viewpoint in order, as before
    assert p.tour_choice.currentText() == "All viewpoints, in order"
    assert _stops(p) == ["1. Whole district", "2. From above", "3. Park"]
    assert not p.add_stop.isEnabled() and not p.transition.isEnabled()

    typed.append("Evening walk")
    qtbot.mouseClick(p.new_tour, LEFT)
    assert p.tour_choice.currentText() == "Evening walk" and _stops(p) == []
    for row in (2, 0, 1):  # pick a viewpoint above, add it to the tour
        p.views.setCurrentRow(row)
        qtbot.mouseClick(p.add_stop, LEFT)
    assert _stops(p) == ["1. Park", "2. Whole district", "3. From above"]
    p.stops.setCurrentRow(2)
    qtbot.mouseClick(p.stop_up, LEFT)
    assert _stops(p) == ["1. Park", "2. From above", "3. Whole district"]
    assert p.stops.currentRow() == 1  # the moved stop stays selected
    p.transition.setValue(0.6)
    p.hold.setValue(0.3)
    assert (c.tour().transition_s, c.tour().hold_s) == (0.6, 0.3)
    assert window.windowTitle().endswith("*")

    visited: list[int] = []
    go_to = c.go_to
    monkeypatch.setattr(c, "go_to", lambda index, *a, **k: (visited.append(index), go_to(index, *a, **k)))
    start = time.monotonic()
    qtbot.mouseClick(p.play, LEFT)
    qtbot.waitUntil(lambda: len(visited) == 3 and not c._timer.isActive(), timeout=15000)
    elapsed = time.monotonic() - start
    assert [c.viewpoints[k].name for k in visited] == ["Park", "From above", "Whole district"]
    assert tuple(window.view.camera.position) == pytest.approx(c.viewpoints[0].position)
    assert elapsed >= 3 * 0.6 + 2 * 0.3 - 0.1  # three flights, two pauses: the tour's own timing
    assert not seen


def test_tours_are_renamed_deleted_and_a_deleted_viewpoint_leaves_them(make_window, qtbot, answers):
    typed, seen = answers
    window = make_window()
    c = _three_views(window)
    p = c.panel
    typed += ["Short", "Long"]
    qtbot.mouseClick(p.new_tour, LEFT)
    p.views.setCurrentRow(0)
    qtbot.mouseClick(p.add_stop, LEFT)
    qtbot.mouseClick(p.new_tour, LEFT)
    assert [p.tour_choice.itemText(k) for k in range(p.tour_choice.count())] == ["All viewpoints, in order", "Short", "Long"]
    typed.append("Short")  # taken: refused with a message, nothing renamed
    qtbot.mouseClick(p.rename_tour, LEFT)
    assert seen == ["There is already a tour called Short."] and c.tour_name == "Long"
    p.tour_choice.setCurrentIndex(1)
    assert c.tour_name == "Short" and _stops(p) == ["1. Whole district"]
    typed.append("Quick look")
    qtbot.mouseClick(p.rename_tour, LEFT)
    assert p.tour_choice.currentText() == "Quick look" and c.tour("Quick look").viewpoints == ["Whole district"]
    p.views.setCurrentRow(0)
    qtbot.mouseClick(p.delete_view, LEFT)  # the viewpoint goes, and with it its stop in every tour
    assert c.tour("Quick look").viewpoints == [] and _stops(p) == []
    qtbot.mouseClick(p.play, LEFT)
    assert seen[-1] == "Add at least two viewpoints to the tour Quick look first."
    qtbot.mouseClick(p.delete_tour, LEFT)
    assert [t.name for t in c.tours] == ["Long"]
    assert p.tour_choice.currentText() == "All viewpoints, in order" and _stops(p) == ["1. From above", "2. Park"]


def test_presentation_pages_through_the_chosen_tour(make_window, qtbot, answers):
    typed, _seen = answers
    window = make_window()
    c = _three_views(window)
    c.new_tour("Two stops", ["Park", "Whole district"])
    c.start_presentation()
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    caption = window.view.renderer.actors["caption"].GetInput()
    assert "Park" in caption and "1 / 2" in caption
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: c.current == 0 and not c._timer.isActive(), timeout=5000)
    caption = window.view.renderer.actors["caption"].GetInput()
    assert "Whole district" in caption and "2 / 2" in caption
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # the end of the tour: stays on its last view
    assert c.current == 0
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)


def test_tours_are_saved_in_the_project_and_an_old_project_plays_every_viewpoint(make_window, qtbot, answers, tmp_path):
    window = make_window()
    c, path = _two_tours(window, tmp_path)
    assert window.project_ui.save()
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["tours"][0] == {"name": "Evening walk", "viewpoints": ["Park", "From above"], "transition_s": 4.0,
                               "hold_s": 1.5}

    other = make_window()
    other.project_ui.open_project(path)
    qtbot.waitUntil(lambda: len(other.consultation.viewpoints) == 3, timeout=60000)
    p = other.consultation.panel
    assert [p.tour_choice.itemText(k) for k in range(p.tour_choice.count())] == \
        ["All viewpoints, in order", "Evening walk", "Morning"]
    # the tour chosen when saved (the last one made) is chosen again
    assert p.tour_choice.currentText() == "Morning" and _stops(p) == ["1. From above", "2. Whole district", "3. Park"]
    p.tour_choice.setCurrentIndex(1)
    assert _stops(p) == ["1. Park", "2. From above"]
    assert p.transition.value() == 4.0 and p.hold.value() == 1.5

    # a project written before named tours (version 1): every viewpoint in order, the old timing
    doc.update(version=1, tours={"tour": ["Whole district", "From above", "Park"]})
    old = tmp_path / "old.maquette"
    old.write_text(json.dumps(doc), encoding="utf-8")
    third = make_window()
    third.project_ui.open_project(old)
    qtbot.waitUntil(lambda: len(third.consultation.viewpoints) == 3, timeout=60000)
    p = third.consultation.panel
    assert p.tour_choice.count() == 1 and p.tour_choice.currentText() == "All viewpoints, in order"
    assert _stops(p) == ["1. Whole district", "2. From above", "3. Park"]
    assert third.consultation.sequence() == [0, 1, 2] and third.consultation.timing() == (1.2, 3.0)


def test_the_chosen_tour_is_saved_with_the_project_and_chosen_again_on_reopening(make_window, qtbot, answers, tmp_path):
    window = make_window()
    c, path = _two_tours(window, tmp_path)
    assert window.project_ui.save() and not window.project_ui.dirty
    c.panel.tour_choice.setCurrentIndex(1)  # the facilitator picks the evening walk in the list
    assert c.tour_name == "Evening walk" and window.project_ui.dirty  # a change to save
    assert window.project_ui.save()
    assert json.loads(path.read_text(encoding="utf-8"))["chosen_tour"] == "Evening walk"
    c.panel.tour_choice.setCurrentIndex(2)  # then the morning one: not the first tour
    assert window.project_ui.save()

    other = make_window()
    other.project_ui.open_project(path)
    qtbot.waitUntil(lambda: len(other.consultation.viewpoints) == 3, timeout=60000)
    p = other.consultation.panel
    assert p.tour_choice.currentText() == "Morning" and _stops(p) == ["1. From above", "2. Whole district", "3. Park"]
    assert other.consultation.sequence() == [1, 0, 2] and other.consultation.timing() == (2.0, 3.0)
    assert not other.project_ui.dirty

    # every viewpoint in order is a choice too, kept although the project has named tours
    p.tour_choice.setCurrentIndex(0)
    assert other.project_ui.save()
    third = make_window()
    third.project_ui.open_project(path)
    qtbot.waitUntil(lambda: len(third.consultation.viewpoints) == 3, timeout=60000)
    assert third.consultation.panel.tour_choice.currentText() == "All viewpoints, in order"
    assert third.consultation.sequence() == [0, 1, 2] and third.consultation.timing() == (1.2, 3.0)

    # a project saved before the choice was (no "chosen_tour"), or naming a tour it no longer has: the first tour
    for chosen in (None, "Night walk"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc.pop("chosen_tour")
        if chosen is not None:
            doc["chosen_tour"] = chosen
        older = tmp_path / f"older-{chosen}.maquette"
        older.write_text(json.dumps(doc), encoding="utf-8")
        fourth = make_window()
        fourth.project_ui.open_project(older)
        qtbot.waitUntil(lambda w=fourth: len(w.consultation.viewpoints) == 3, timeout=60000)
        assert fourth.consultation.panel.tour_choice.currentText() == "Evening walk"


def test_the_video_export_follows_the_chosen_tour(make_window, qtbot, answers, monkeypatch, tmp_path):
    """File > Export > Video on the demo district: the session goes out as a project, with the chosen tour."""
    from PySide6.QtCore import QProcess

    from city.project import load

    typed, _seen = answers
    window = make_window()
    c = _three_views(window)
    started: list[list[str]] = []
    monkeypatch.setattr(QProcess, "start", lambda self, *a: started.append(self.arguments()))
    window.export("video", tmp_path / "all.mp4")
    args = started[-1]
    assert "--tour" not in args and args[args.index("--seconds") + 1] == "30.0"
    project = args[args.index("export") + 2]
    assert project.endswith(".maquette") and [v.name for v in load(project).viewpoints] == ["Whole district", "From above", "Park"]

    typed.append("Evening walk")
    qtbot.mouseClick(c.panel.new_tour, LEFT)
    for row in (2, 0):
        c.panel.views.setCurrentRow(row)
        qtbot.mouseClick(c.panel.add_stop, LEFT)
    window.export("video", tmp_path / "walk.mp4")
    args = started[-1]
    assert args[args.index("--tour") + 1] == "Evening walk" and "--seconds" not in args
    project = load(args[args.index("export") + 2])
    assert [t.name for t in project.tours] == ["Evening walk"]
