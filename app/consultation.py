"""The consultation dock: saved viewpoints, named tours, comments pinned in 3D, and presentation mode.

For facilitators: save the views they want to show, string them into named
tours (each its own order, flight and pause times; without any, the tour is
every viewpoint in order), play a tour with smooth flights, present full
screen with PageDown / PageUp (what a presenter remote sends) through the
chosen tour, and pin the audience's comments where they point, then export
them to CSV for the consultation report. Viewpoints, tours and comments are
saved in the project.
"""

from __future__ import annotations

import csv
import datetime as dt
import textwrap
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QLocale, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from city.atomic import atomic_open
from city.logbook.io import escape_cell
from city.project import Comment, Tour, ViewpointRef
from viewer.video import Viewpoint, tour_cameras

CATEGORIES = ("question", "concern", "proposal", "support")
FLIGHT_S = 1.2
"""Flight to a viewpoint picked in the list, and in the default tour (every viewpoint in order)."""
HOLD_S = 3.0
"""Pause on each viewpoint of the default tour."""
FRAME_MS = 33
PRESENTING_LABEL_PT = 26
"""Type size of zone labels, pin labels and legends in presentation mode (16 at the desk): read from the back of a room."""
CALLOUT_PRESENTING_PT = 24
"""Font size of a clicked comment's text beside its pin in presentation mode (a projected room reads it)."""
CALLOUT_WIDTH_CHARS = 48
CALLOUT_LINES = 8


def pin_label(text: str, limit: int = 40) -> str:
    """A comment's first words for its pin: whole words up to ``limit`` characters, then "…" if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    head = text[:cut] if cut >= limit // 2 else text[:limit - 1]  # a very long first word is cut where it must
    return head.rstrip(" ,;:.-—") + "…"


def category_label(key: str) -> str:
    return {
        "question": QCoreApplication.translate("Consultation", "Question"),
        "concern": QCoreApplication.translate("Consultation", "Concern"),
        "proposal": QCoreApplication.translate("Consultation", "Proposal"),
        "support": QCoreApplication.translate("Consultation", "Support"),
    }.get(key, key)


class CommentDialog(QDialog):
    """Author, category and text of a comment."""

    def __init__(self, parent: QWidget, author: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("comment_dialog")
        self.setWindowTitle(QCoreApplication.translate("Consultation", "New comment"))
        form = QFormLayout(self)
        self.author = QLineEdit(author)
        self.category = QComboBox()
        for key in CATEGORIES:
            self.category.addItem(category_label(key), key)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(QCoreApplication.translate("Consultation", "What was said, in the participant's words"))
        form.addRow(QCoreApplication.translate("Consultation", "Author"), self.author)
        form.addRow(QCoreApplication.translate("Consultation", "Category"), self.category)
        form.addRow(QCoreApplication.translate("Consultation", "Comment"), self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ConsultationPanel(QWidget):
    """Widgets only: the controller fills the lists and reacts to the buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consultation_panel")
        layout = QVBoxLayout(self)
        self.views_box = QGroupBox()
        v = QVBoxLayout(self.views_box)
        self.views = QListWidget()
        self.views.setObjectName("viewpoint_list")
        v.addWidget(self.views)
        row = QHBoxLayout()
        self.save_view = QPushButton()
        self.save_view.setObjectName("save_view")
        self.delete_view = QPushButton()
        self.move_up = QPushButton("▲")
        self.move_down = QPushButton("▼")
        for b in (self.save_view, self.delete_view, self.move_up, self.move_down):
            row.addWidget(b)
        v.addLayout(row)
        layout.addWidget(self.views_box)
        self.tours_box = QGroupBox()
        t = QVBoxLayout(self.tours_box)
        self.tour_choice = QComboBox()
        self.tour_choice.setObjectName("tour_choice")
        t.addWidget(self.tour_choice)
        row = QHBoxLayout()
        self.new_tour = QPushButton()
        self.new_tour.setObjectName("new_tour")
        self.rename_tour = QPushButton()
        self.rename_tour.setObjectName("rename_tour")
        self.delete_tour = QPushButton()
        self.delete_tour.setObjectName("delete_tour")
        for b in (self.new_tour, self.rename_tour, self.delete_tour):
            row.addWidget(b)
        t.addLayout(row)
        self.stops = QListWidget()
        self.stops.setObjectName("tour_stops")
        t.addWidget(self.stops)
        row = QHBoxLayout()
        self.add_stop = QPushButton()
        self.add_stop.setObjectName("add_stop")
        self.remove_stop = QPushButton()
        self.remove_stop.setObjectName("remove_stop")
        self.stop_up = QPushButton("▲")
        self.stop_up.setObjectName("stop_up")
        self.stop_down = QPushButton("▼")
        self.stop_down.setObjectName("stop_down")
        for b in (self.add_stop, self.remove_stop, self.stop_up, self.stop_down):
            row.addWidget(b)
        t.addLayout(row)
        timing = QFormLayout()
        self.transition = QDoubleSpinBox()
        self.transition.setObjectName("tour_transition")
        self.transition.setRange(0.1, 120.0)
        self.transition.setDecimals(1)
        self.transition.setSingleStep(0.5)
        self.hold = QDoubleSpinBox()
        self.hold.setObjectName("tour_hold")
        self.hold.setRange(0.0, 600.0)
        self.hold.setDecimals(1)
        self.hold.setSingleStep(0.5)
        self.transition_label = QLabel()
        self.hold_label = QLabel()
        timing.addRow(self.transition_label, self.transition)
        timing.addRow(self.hold_label, self.hold)
        t.addLayout(timing)
        row = QHBoxLayout()
        self.play = QPushButton()
        self.play.setObjectName("play_tour")
        self.present = QPushButton()
        self.present.setObjectName("present")
        row.addWidget(self.play)
        row.addWidget(self.present)
        t.addLayout(row)
        layout.addWidget(self.tours_box)
        self.comments_box = QGroupBox()
        c = QVBoxLayout(self.comments_box)
        self.comments = QListWidget()
        self.comments.setObjectName("comment_list")
        self.comments.setWordWrap(True)
        c.addWidget(self.comments)
        row = QHBoxLayout()
        self.add_comment = QPushButton()
        self.add_comment.setObjectName("add_comment")
        self.add_comment.setCheckable(True)
        self.delete_comment = QPushButton()
        self.export_comments = QPushButton()
        self.export_comments.setObjectName("export_comments")
        for b in (self.add_comment, self.delete_comment, self.export_comments):
            row.addWidget(b)
        c.addLayout(row)
        layout.addWidget(self.comments_box, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.views_box.setTitle(QCoreApplication.translate("Consultation", "Viewpoints"))
        self.save_view.setText(QCoreApplication.translate("Consultation", "Save this view…"))
        self.delete_view.setText(QCoreApplication.translate("Consultation", "Delete"))
        self.tours_box.setTitle(QCoreApplication.translate("Consultation", "Tours"))
        self.tour_choice.setToolTip(QCoreApplication.translate("Consultation", "The tour to play and to present"))
        self.new_tour.setText(QCoreApplication.translate("Consultation", "New tour…"))
        self.rename_tour.setText(QCoreApplication.translate("Consultation", "Rename…"))
        self.delete_tour.setText(QCoreApplication.translate("Consultation", "Delete tour"))
        self.add_stop.setText(QCoreApplication.translate("Consultation", "Add view"))
        self.add_stop.setToolTip(QCoreApplication.translate("Consultation", "Add the viewpoint selected above to the end of this tour"))
        self.remove_stop.setText(QCoreApplication.translate("Consultation", "Remove"))
        self.transition_label.setText(QCoreApplication.translate("Consultation", "Flight between views"))
        self.transition.setSuffix(QCoreApplication.translate("Consultation", " s"))
        self.hold_label.setText(QCoreApplication.translate("Consultation", "Pause on each view"))
        self.hold.setSuffix(QCoreApplication.translate("Consultation", " s"))
        self.play.setText(QCoreApplication.translate("Consultation", "Play the tour"))
        self.present.setText(QCoreApplication.translate("Consultation", "Present (F5)"))
        self.comments_box.setTitle(QCoreApplication.translate("Consultation", "Comments"))
        self.add_comment.setText(QCoreApplication.translate("Consultation", "Pin a comment…"))
        self.add_comment.setToolTip(QCoreApplication.translate("Consultation", "Then click where the comment is about, in the 3D view"))
        self.delete_comment.setText(QCoreApplication.translate("Consultation", "Delete"))
        self.export_comments.setText(QCoreApplication.translate("Consultation", "Export CSV…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ConsultationController(QObject):
    """Viewpoints, tour, comments and presentation mode of a window."""

    changed = Signal()
    """Viewpoints, tours or comments changed (the project has unsaved changes)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.viewpoints: list[Viewpoint] = []
        self.tours: list[Tour] = []
        self.tour_name = ""
        """The chosen tour ("": every viewpoint in order, the tour of a project without named tours)."""
        self.comments: list[Comment] = []
        self.panel = ConsultationPanel()
        self.presenting = False
        self.current = -1
        self.step = -1
        """Position of the current viewpoint in the chosen tour (-1: not reached through the tour)."""
        self._queue: list[int] = []
        self._frames: list[Viewpoint] = []
        self._flight_s = FLIGHT_S
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._next_frame)
        self._hidden_docks: list = []
        p = self.panel
        p.save_view.clicked.connect(self.save_view_dialog)
        p.delete_view.clicked.connect(self.delete_view)
        p.move_up.clicked.connect(lambda: self.move_view(-1))
        p.move_down.clicked.connect(lambda: self.move_view(1))
        p.views.itemActivated.connect(lambda item: self.go_to(p.views.row(item)))
        p.play.clicked.connect(self.play_tour)
        p.tour_choice.currentIndexChanged.connect(lambda _i: self.choose_tour(p.tour_choice.currentData() or ""))
        p.new_tour.clicked.connect(self.new_tour_dialog)
        p.rename_tour.clicked.connect(self.rename_tour_dialog)
        p.delete_tour.clicked.connect(self.delete_tour)
        p.add_stop.clicked.connect(lambda: self.add_stop(p.views.currentRow()))
        p.remove_stop.clicked.connect(lambda: self.remove_stop(p.stops.currentRow()))
        p.stop_up.clicked.connect(lambda: self.move_stop(p.stops.currentRow(), -1))
        p.stop_down.clicked.connect(lambda: self.move_stop(p.stops.currentRow(), 1))
        p.stops.itemActivated.connect(lambda item: self.go_to_step(p.stops.row(item)))
        p.transition.valueChanged.connect(lambda v: self.set_timing(transition_s=v))
        p.hold.valueChanged.connect(lambda v: self.set_timing(hold_s=v))
        p.present.clicked.connect(self.toggle_presentation)
        p.delete_comment.clicked.connect(self.delete_comment)
        p.comments.currentRowChanged.connect(lambda row: self._show_comment(row if row >= 0 else None))
        self.shown_comment: int | None = None
        """The comment whose text is shown beside its pin (None: none)."""
        p.export_comments.clicked.connect(self.export_dialog)
        self.act_present = self._action("act_present", self.toggle_presentation, "F5")
        self.act_next = self._action("act_next_view", self.next_view, "PgDown")
        self.act_next.setShortcuts([QKeySequence("PgDown"), QKeySequence("Space")])
        self.act_prev = self._action("act_previous_view", self.previous_view, "PgUp")
        self.act_exit = self._action("act_exit_presentation", self.stop_presentation, "Esc")
        self.act_exit.setEnabled(False)
        self.act_next.setEnabled(False)
        self.act_prev.setEnabled(False)
        self.retranslate()

    def _action(self, name: str, slot, shortcut: str) -> QAction:
        act = QAction(self.window)
        act.setObjectName(name)
        act.setShortcut(QKeySequence(shortcut))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(slot)
        self.window.addAction(act)
        return act

    def retranslate(self) -> None:
        self.act_present.setText(QCoreApplication.translate("Consultation", "&Presentation mode"))
        self.act_next.setText(QCoreApplication.translate("Consultation", "Next viewpoint"))
        self.act_prev.setText(QCoreApplication.translate("Consultation", "Previous viewpoint"))
        self.panel.retranslate()
        self._refresh_lists()

    # ------------------------------------------------------------------ viewpoints

    def save_view_dialog(self) -> None:
        default = QCoreApplication.translate("Consultation", "View %1").replace("%1", str(len(self.viewpoints) + 1))
        name, ok = QInputDialog.getText(self.window, QCoreApplication.translate("Consultation", "Save this view"),
                                        QCoreApplication.translate("Consultation", "Name shown to the audience:"),
                                        text=default)
        if ok and name.strip():
            self.add_view(name.strip())

    def add_view(self, name: str) -> Viewpoint:
        """Save the current camera; tours name their viewpoints, so a name already taken gets " (2)", " (3)"..."""
        taken = {v.name for v in self.viewpoints}
        unique, k = name, 1
        while unique in taken:
            k += 1
            unique = f"{name} ({k})"
        view = Viewpoint.from_plotter(unique, self.window.view)
        self.viewpoints.append(view)
        self._refresh_lists()
        self.panel.views.setCurrentRow(len(self.viewpoints) - 1)
        self.changed.emit()
        return view

    def delete_view(self) -> None:
        row = self.panel.views.currentRow()
        if 0 <= row < len(self.viewpoints):
            name = self.viewpoints.pop(row).name
            for tour in self.tours:  # no tour keeps a stop that no longer exists
                tour.viewpoints = [n for n in tour.viewpoints if n != name]
            self._refresh_lists()
            self.changed.emit()

    def move_view(self, step: int) -> None:
        row = self.panel.views.currentRow()
        new = row + step
        if 0 <= row < len(self.viewpoints) and 0 <= new < len(self.viewpoints):
            self.viewpoints[row], self.viewpoints[new] = self.viewpoints[new], self.viewpoints[row]
            self._refresh_lists()
            self.panel.views.setCurrentRow(new)
            self.changed.emit()

    def go_to(self, index: int, animate: bool = True, flight_s: float = FLIGHT_S, step: int = -1) -> None:
        """Fly to viewpoint ``index`` (a smooth flight of ``flight_s`` around the target, or at once).

        ``step``: its position in the chosen tour, when the tour brought it there.
        """
        if not (0 <= index < len(self.viewpoints)):
            return
        self.current = index
        self.step = step
        target = self.viewpoints[index]
        if animate:
            here = Viewpoint.from_plotter("", self.window.view)
            fps = 1000 / FRAME_MS
            self._flight_s = flight_s
            self._frames = tour_cameras([here, target], flight_s, int(round(fps)), hold_fraction=0.0, loop=False)
            self._frames.append(target)
            self._flight_start = time.monotonic()
            self._timer.start()
        else:
            self._timer.stop()
            target.apply(self.window.view)
            self.window.view.update()
        self._caption()

    def _next_frame(self) -> None:
        """The flight's frame for the time elapsed: a slow renderer skips frames, the flight still lasts its time."""
        if not self._frames:
            self._timer.stop()
            return
        k = int((time.monotonic() - self._flight_start) / self._flight_s * (len(self._frames) - 1))
        if k >= len(self._frames) - 1:
            self._frames[-1].apply(self.window.view)
            self._frames = []
            self._timer.stop()
            self.window.view.update()
            self._play_queue_next()
            return
        self._frames[k].apply(self.window.view)
        self.window.view.update()

    def play_tour(self) -> None:
        """Fly through the chosen tour's viewpoints in order, pausing on each (default: all, 1.2 s flights, 3 s pauses)."""
        sequence = self.sequence()
        if len(sequence) < 2:
            text = (QCoreApplication.translate("Consultation", "Save at least two viewpoints first.") if not self.tour_name
                    else QCoreApplication.translate("Consultation", "Add at least two viewpoints to the tour %1 first.")
                    .replace("%1", self.tour_name))
            QMessageBox.information(self.window, QCoreApplication.translate("Consultation", "Tour"), text)
            return
        self._queue = list(range(len(sequence)))
        self.go_to_step(self._queue.pop(0), keep_queue=True)

    def _play_queue_next(self) -> None:
        queue = self._queue
        if queue:
            hold_ms = int(round(self.timing()[1] * 1000))
            QTimer.singleShot(hold_ms, lambda: self.go_to_step(queue.pop(0), keep_queue=True)
                              if queue is self._queue and queue else None)

    def go_to_step(self, step: int, animate: bool = True, keep_queue: bool = False) -> None:
        """Fly to the ``step``-th viewpoint of the chosen tour, taking the tour's flight time."""
        if not keep_queue:
            self._queue = []  # a hand on the controls stops a playing tour
        sequence = self.sequence()
        if 0 <= step < len(sequence):
            self.go_to(sequence[step], animate=animate, flight_s=self.timing()[0], step=step)

    def _current_step(self) -> int:
        sequence = self.sequence()
        if 0 <= self.step < len(sequence) and sequence[self.step] == self.current:
            return self.step
        return sequence.index(self.current) if self.current in sequence else -1

    def next_view(self) -> None:
        sequence = self.sequence()
        if sequence:
            self.go_to_step(min(self._current_step() + 1, len(sequence) - 1))

    def previous_view(self) -> None:
        if self.sequence():
            self.go_to_step(max(self._current_step() - 1, 0))

    # ------------------------------------------------------------------ tours

    def tour(self, name: str | None = None) -> Tour | None:
        """The named tour (default: the chosen one); None for the default tour or an unknown name."""
        name = self.tour_name if name is None else name
        return next((t for t in self.tours if t.name == name), None)

    def sequence(self) -> list[int]:
        """Indices in :attr:`viewpoints` of the chosen tour's stops, in order."""
        tour = self.tour()
        if tour is None:
            return list(range(len(self.viewpoints)))
        index = {v.name: k for k, v in enumerate(self.viewpoints)}
        return [index[n] for n in tour.viewpoints if n in index]

    def timing(self) -> tuple[float, float]:
        """(flight, pause) in seconds of the chosen tour."""
        tour = self.tour()
        return (FLIGHT_S, HOLD_S) if tour is None else (tour.transition_s, tour.hold_s)

    def choose_tour(self, name: str) -> None:
        """Play and present this tour ("" : every viewpoint in order)."""
        if name and self.tour(name) is None:
            raise KeyError(name)
        chosen_another = name != self.tour_name
        if chosen_another:
            self.tour_name = name
            self._queue = []
            self.step = -1
        self._refresh_tours()
        if chosen_another:
            self.changed.emit()  # the chosen tour is saved in the project

    def new_tour_dialog(self) -> None:
        default = QCoreApplication.translate("Consultation", "Tour %1").replace("%1", str(len(self.tours) + 1))
        name, ok = QInputDialog.getText(self.window, QCoreApplication.translate("Consultation", "New tour"),
                                        QCoreApplication.translate("Consultation", "Name of the tour:"), text=default)
        if ok and name.strip():
            self._apply_name(name.strip(), self.new_tour)

    def _apply_name(self, name: str, apply) -> None:
        try:
            apply(name)
        except ValueError as exc:
            QMessageBox.information(self.window, QCoreApplication.translate("Consultation", "Tours"), str(exc))

    def _check_tour_name(self, name: str) -> None:
        if not name:
            raise ValueError(QCoreApplication.translate("Consultation", "A tour needs a name."))
        if self.tour(name) is not None:
            raise ValueError(QCoreApplication.translate("Consultation", "There is already a tour called %1.").replace("%1", name))

    def new_tour(self, name: str, viewpoints: list[str] | None = None) -> Tour:
        """A new tour (empty, or of these viewpoint names), chosen at once; ValueError if the name is taken."""
        self._check_tour_name(name)
        tour = Tour(name, list(viewpoints or []))
        self.tours.append(tour)
        self.tour_name = name
        self.step = -1
        self._refresh_tours()
        self.changed.emit()
        return tour

    def rename_tour_dialog(self) -> None:
        tour = self.tour()
        if tour is None:
            return
        name, ok = QInputDialog.getText(self.window, QCoreApplication.translate("Consultation", "Rename the tour"),
                                        QCoreApplication.translate("Consultation", "New name:"), text=tour.name)
        if ok and name.strip() and name.strip() != tour.name:
            self._apply_name(name.strip(), self.rename_tour)

    def rename_tour(self, name: str) -> None:
        tour = self.tour()
        if tour is None or name == tour.name:
            return
        self._check_tour_name(name)
        tour.name = self.tour_name = name
        self._refresh_tours()
        self.changed.emit()

    def delete_tour(self) -> None:
        """Delete the chosen tour (its viewpoints stay); the default tour is chosen."""
        tour = self.tour()
        if tour is None:
            return
        self.tours.remove(tour)
        self.tour_name, self._queue, self.step = "", [], -1
        self._refresh_tours()
        self.changed.emit()

    def add_stop(self, viewpoint_index: int) -> None:
        """Append viewpoint ``viewpoint_index`` to the chosen tour."""
        tour = self.tour()
        if tour is None or not (0 <= viewpoint_index < len(self.viewpoints)):
            return
        tour.viewpoints.append(self.viewpoints[viewpoint_index].name)
        self._refresh_tours()
        self.panel.stops.setCurrentRow(len(tour.viewpoints) - 1)
        self.changed.emit()

    def remove_stop(self, step: int) -> None:
        tour = self.tour()
        if tour is None or not (0 <= step < len(tour.viewpoints)):
            return
        del tour.viewpoints[step]
        self._refresh_tours()
        self.panel.stops.setCurrentRow(min(step, len(tour.viewpoints) - 1))
        self.changed.emit()

    def move_stop(self, step: int, by: int) -> None:
        tour = self.tour()
        new = step + by
        if tour is None or not (0 <= step < len(tour.viewpoints) and 0 <= new < len(tour.viewpoints)):
            return
        stops = tour.viewpoints
        stops[step], stops[new] = stops[new], stops[step]
        self._refresh_tours()
        self.panel.stops.setCurrentRow(new)
        self.changed.emit()

    def set_timing(self, transition_s: float | None = None, hold_s: float | None = None) -> None:
        """Flight and pause times of the chosen tour (the default tour's are fixed)."""
        tour = self.tour()
        if tour is None:
            return
        if transition_s is not None:
            tour.transition_s = min(120.0, max(0.1, float(transition_s)))
        if hold_s is not None:
            tour.hold_s = min(600.0, max(0.0, float(hold_s)))
        self._refresh_tours()
        self.changed.emit()

    # ------------------------------------------------------------------ presentation

    def toggle_presentation(self) -> None:
        if self.presenting:
            self.stop_presentation()
        else:
            self.start_presentation()

    def start_presentation(self) -> None:
        """Full screen, the 3D view alone, large caption; PageDown/PageUp move between viewpoints, Esc ends."""
        w = self.window
        if self.presenting:
            return
        self.presenting = True
        self._was_maximized = w.isMaximized()
        self._hidden_docks = [d for d in w.findChildren(type(w.layers_dock)) if d.isVisible()]
        for dock in self._hidden_docks:
            dock.hide()
        w.menuBar().hide()
        w.statusBar().hide()
        for act in (self.act_exit, self.act_next, self.act_prev):
            act.setEnabled(True)
        w.showFullScreen()
        w.activateWindow()  # the remote's PageDown must reach this window
        w.view.setFocus()
        if w.scene is not None:
            self._desk_label_pt = w.scene.label_font_size
            w.scene.set_label_font_size(PRESENTING_LABEL_PT)
            self.show_pins()
        if self.sequence():
            self.go_to_step(max(self._current_step(), 0), animate=False)
        self._caption()
        self._show_comment(self.shown_comment)  # in the presentation's larger type

    def stop_presentation(self) -> None:
        w = self.window
        if not self.presenting:
            return
        self.presenting = False
        for act in (self.act_exit, self.act_next, self.act_prev):
            act.setEnabled(False)
        w.menuBar().show()
        w.statusBar().show()
        for dock in self._hidden_docks:
            dock.show()
        self._hidden_docks = []
        if self._was_maximized:
            w.showMaximized()
        else:
            w.showNormal()
        if w.scene is not None:
            w.scene.set_caption("")
            w.scene.set_label_font_size(getattr(self, "_desk_label_pt", 16))
            self.show_pins()
        self._show_comment(self.shown_comment)

    def _caption(self) -> None:
        scene = self.window.scene
        if scene is None:
            return
        step, sequence = self._current_step(), self.sequence()
        if self.presenting and 0 <= self.current < len(self.viewpoints) and step >= 0:
            scene.set_caption(f"{self.viewpoints[self.current].name}   ({step + 1} / {len(sequence)})")
        elif self.presenting and 0 <= self.current < len(self.viewpoints):
            scene.set_caption(self.viewpoints[self.current].name)
        elif self.presenting:
            scene.set_caption(self.window.city.name)
        else:
            scene.set_caption("")

    # ------------------------------------------------------------------ comments

    def pick_mode(self) -> bool:
        return self.panel.add_comment.isChecked()

    def place_comment(self, local_xyz: np.ndarray | None) -> None:
        """The click after "Pin a comment": ask for it, pin it there."""
        self.panel.add_comment.setChecked(False)
        if local_xyz is None:
            self.window.statusBar().showMessage(
                QCoreApplication.translate("Consultation", "Click on the city (the ground or a building) to pin a comment."), 5000)
            return
        settings = self.window.settings
        dialog = CommentDialog(self.window, str(settings.value("comment_author", "")))
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.text.toPlainText().strip():
            return
        settings.setValue("comment_author", dialog.author.text().strip())
        self.add_comment(local_xyz, dialog.text.toPlainText().strip(), dialog.author.text().strip(),
                         dialog.category.currentData())

    def add_comment(self, local_xyz, text: str, author: str = "", category: str = "question") -> Comment:
        comment = Comment(text=text, position=[float(v) for v in local_xyz], author=author,
                          time=dt.datetime.now().astimezone().isoformat(timespec="seconds"), category=category)
        self.comments.append(comment)
        self._refresh_lists()
        self.show_pins()
        self.changed.emit()
        return comment

    def delete_comment(self) -> None:
        row = self.panel.comments.currentRow()
        if 0 <= row < len(self.comments):
            del self.comments[row]
            self._refresh_lists()
            self.show_pins()
            self.changed.emit()

    def show_pins(self) -> None:
        scene = self.window.scene
        if scene is not None:
            scene.set_comments([(np.array(c.position), f"{k + 1}. {pin_label(c.text)}", c.category)
                                for k, c in enumerate(self.comments)])
            self._show_comment(self.shown_comment)  # the pins were drawn anew, without their callout
            self.window.view.update()

    def click_pin(self, x: int, y: int) -> bool:
        """A click at display pixel (x, y) (VTK, y up): on a pin, select its comment and say True; elsewhere
        clear the comment shown and say False (the click is then the building's or the tree's)."""
        scene = self.window.scene
        index = None if scene is None else scene.comment_at(x, y)
        self.select_comment(index)
        return index is not None

    def select_comment(self, index: int | None) -> None:
        """Select comment ``index`` in the list, scrolled to, and show it beside its pin; None clears both."""
        comments = self.panel.comments
        if index is None or not 0 <= index < len(self.comments):
            with QSignalBlocker(comments):
                comments.setCurrentRow(-1)
            self._show_comment(None)
            return
        with QSignalBlocker(comments):
            comments.setCurrentRow(index)
        comments.scrollToItem(comments.item(index))
        if not self.presenting:  # the list is where the facilitator edits or deletes it
            dock = self.window.consultation_dock
            dock.show()
            dock.raise_()
            dock.widget().ensureWidgetVisible(self.panel.comments_box)
        self._show_comment(index)

    def comment_summary(self, index: int) -> str:
        """Number, category, author and time on a first line, then the text, wrapped: what the callout shows."""
        c = self.comments[index]
        head = [f"{index + 1}. {category_label(c.category)}"] + [c.author] * bool(c.author)
        when = QDateTime.fromString(c.time, Qt.DateFormat.ISODate)
        if when.isValid():
            french = self.window.translations.language == "fr"
            head.append(QLocale(QLocale.Language.French if french else QLocale.Language.English)
                        .toString(when, "d MMM yyyy, HH:mm"))
        elif c.time:
            head.append(c.time)
        lines = textwrap.wrap(c.text, CALLOUT_WIDTH_CHARS) or [""]
        if len(lines) > CALLOUT_LINES:
            lines = lines[:CALLOUT_LINES - 1] + [lines[CALLOUT_LINES - 1] + " …"]
        return "\n".join(["  ·  ".join(head), *lines])

    def _show_comment(self, index: int | None) -> None:
        self.shown_comment = index if index is not None and 0 <= index < len(self.comments) else None
        scene = getattr(self.window, "scene", None)  # None too while the window is being built
        if scene is None:
            return
        if self.shown_comment is None:
            scene.show_comment_callout(None)
        else:
            scene.show_comment_callout(self.shown_comment, self.comment_summary(self.shown_comment),
                                       font_size=CALLOUT_PRESENTING_PT if self.presenting else None)

    def export_dialog(self) -> None:
        start = str(Path(str(self.window.settings.value("last_export_dir", str(Path.home())))) / "comments.csv")
        path, _ = QFileDialog.getSaveFileName(self.window, QCoreApplication.translate("Consultation", "Export the comments"),
                                              start, "CSV (*.csv)")
        if path:
            try:
                self.export_csv(Path(path))
            except OSError as exc:
                QMessageBox.warning(self.window, QCoreApplication.translate("Consultation", "Export failed"), f"{path}: {exc}")

    def export_csv(self, path: Path) -> Path:
        """One row per comment, Lambert-93 coordinates, cells escaped against spreadsheet formulas."""
        frame = self.window.city.frame
        with atomic_open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["number", "time", "author", "category", "comment", "x_lambert93", "y_lambert93", "z_m", "crs"])
            for k, c in enumerate(self.comments, start=1):
                x, y = frame.to_world(c.position[:2])
                z = c.position[2] + frame.origin[2]
                w.writerow([k, c.time, escape_cell(c.author), escape_cell(c.category), escape_cell(c.text),
                            f"{x:.2f}", f"{y:.2f}", f"{z:.2f}", frame.crs])
        return path

    # ------------------------------------------------------------------ lists and project

    def _refresh_lists(self) -> None:
        p = self.panel
        row = p.views.currentRow()
        p.views.clear()
        for k, v in enumerate(self.viewpoints, start=1):
            p.views.addItem(QListWidgetItem(f"{k}. {v.name}"))
        if 0 <= row < p.views.count():
            p.views.setCurrentRow(row)
        p.comments.clear()
        for k, c in enumerate(self.comments, start=1):
            who = f" — {c.author}" if c.author else ""
            p.comments.addItem(QListWidgetItem(f"{k}. [{category_label(c.category)}] {c.text}{who}"))
        self._refresh_tours()

    def _refresh_tours(self) -> None:
        """The tour list, the chosen tour's stops and timing, with signals blocked (nothing loops back)."""
        p = self.panel
        tour = self.tour()
        with QSignalBlocker(p.tour_choice):
            p.tour_choice.clear()
            p.tour_choice.addItem(QCoreApplication.translate("Consultation", "All viewpoints, in order"), "")
            for t in self.tours:
                p.tour_choice.addItem(t.name, t.name)
            p.tour_choice.setCurrentIndex(max(0, p.tour_choice.findData(self.tour_name)))
        row = p.stops.currentRow()
        p.stops.clear()
        names = {v.name for v in self.viewpoints}
        stops = [v.name for v in self.viewpoints] if tour is None else tour.viewpoints
        for k, name in enumerate(stops, start=1):
            p.stops.addItem(QListWidgetItem(f"{k}. {name}" if name in names else f"{k}. {name} (?)"))
        if 0 <= row < p.stops.count():
            p.stops.setCurrentRow(row)
        flight, hold = self.timing()
        for box, value in ((p.transition, flight), (p.hold, hold)):
            with QSignalBlocker(box):
                box.setValue(value)
        editable = tour is not None
        for w in (p.rename_tour, p.delete_tour, p.add_stop, p.remove_stop, p.stop_up, p.stop_down, p.transition, p.hold):
            w.setEnabled(editable)

    def to_project(self) -> tuple[list[ViewpointRef], list[Tour], list[Comment]]:
        refs = [ViewpointRef(v.name, list(v.position), list(v.focal_point), list(v.up), float(v.view_angle))
                for v in self.viewpoints]
        tours = [Tour(t.name, list(t.viewpoints), t.transition_s, t.hold_s) for t in self.tours]
        return refs, tours, list(self.comments)

    def from_project(self, viewpoints: list[ViewpointRef], comments: list[Comment], tours: list[Tour] | None = None,
                     chosen_tour: str | None = None) -> None:
        """Show a project's viewpoints, tours and comments; ``chosen_tour`` as saved (None: the first tour)."""
        self.viewpoints = [Viewpoint(v.name, tuple(v.position), tuple(v.focal_point), tuple(v.up), float(v.view_angle))
                           for v in viewpoints]
        self.tours = [Tour(t.name, list(t.viewpoints), t.transition_s, t.hold_s) for t in tours or []]
        if chosen_tour is not None and (chosen_tour == "" or self.tour(chosen_tour) is not None):
            self.tour_name = chosen_tour
        else:
            self.tour_name = self.tours[0].name if self.tours else ""
        self.comments = list(comments)
        self.current, self.step, self._queue = -1, -1, []
        self._refresh_lists()
        self.show_pins()

    def city_replaced(self) -> None:
        """A new city is shown: pins are drawn again on its scene (same local frame for a reopened project)."""
        self.show_pins()
