"""The consultation dock: saved viewpoints and their tour, comments pinned in 3D, and presentation mode.

For facilitators: save the views they want to show, play them as a tour
with smooth flights, present full screen with PageDown / PageUp (what a
presenter remote sends), and pin the audience's comments where they point,
then export them to CSV for the consultation report. Viewpoints and
comments are saved in the project.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
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
from city.project import Comment, ViewpointRef
from viewer.video import Viewpoint, tour_cameras

CATEGORIES = ("question", "concern", "proposal", "support")
FLIGHT_S = 1.2
FRAME_MS = 33


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
        row = QHBoxLayout()
        self.play = QPushButton()
        self.play.setObjectName("play_tour")
        self.present = QPushButton()
        self.present.setObjectName("present")
        row.addWidget(self.play)
        row.addWidget(self.present)
        v.addLayout(row)
        layout.addWidget(self.views_box)
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
        self.views_box.setTitle(QCoreApplication.translate("Consultation", "Viewpoints (the tour, in order)"))
        self.save_view.setText(QCoreApplication.translate("Consultation", "Save this view…"))
        self.delete_view.setText(QCoreApplication.translate("Consultation", "Delete"))
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
    """Viewpoints or comments changed (the project has unsaved changes)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.viewpoints: list[Viewpoint] = []
        self.comments: list[Comment] = []
        self.panel = ConsultationPanel()
        self.presenting = False
        self.current = -1
        self._frames: list[Viewpoint] = []
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
        p.present.clicked.connect(self.toggle_presentation)
        p.delete_comment.clicked.connect(self.delete_comment)
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
        view = Viewpoint.from_plotter(name, self.window.view)
        self.viewpoints.append(view)
        self._refresh_lists()
        self.panel.views.setCurrentRow(len(self.viewpoints) - 1)
        self.changed.emit()
        return view

    def delete_view(self) -> None:
        row = self.panel.views.currentRow()
        if 0 <= row < len(self.viewpoints):
            del self.viewpoints[row]
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

    def go_to(self, index: int, animate: bool = True) -> None:
        """Fly to viewpoint ``index`` (a smooth 1.2 s flight around the target, or at once)."""
        if not (0 <= index < len(self.viewpoints)):
            return
        self.current = index
        target = self.viewpoints[index]
        if animate:
            here = Viewpoint.from_plotter("", self.window.view)
            fps = 1000 / FRAME_MS
            self._frames = tour_cameras([here, target], FLIGHT_S, int(round(fps)), hold_fraction=0.0, loop=False)
            self._frames.append(target)
            self._flight_start = time.monotonic()
            self._timer.start()
        else:
            self._timer.stop()
            target.apply(self.window.view)
            self.window.view.update()
        self._caption()

    def _next_frame(self) -> None:
        """The flight's frame for the time elapsed: a slow renderer skips frames, the flight still lasts 1.2 s."""
        if not self._frames:
            self._timer.stop()
            return
        k = int((time.monotonic() - self._flight_start) / FLIGHT_S * (len(self._frames) - 1))
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
        """Fly through every viewpoint in order, holding each for 3 seconds."""
        if len(self.viewpoints) < 2:
            QMessageBox.information(self.window, QCoreApplication.translate("Consultation", "Tour"),
                                    QCoreApplication.translate("Consultation", "Save at least two viewpoints first."))
            return
        self._queue = list(range(len(self.viewpoints)))
        self.go_to(self._queue.pop(0))

    def _play_queue_next(self) -> None:
        queue = getattr(self, "_queue", [])
        if queue:
            QTimer.singleShot(3000, lambda: self.go_to(queue.pop(0)) if queue is self._queue and queue else None)

    def next_view(self) -> None:
        if self.viewpoints:
            self._queue = []
            self.go_to(min(self.current + 1, len(self.viewpoints) - 1))

    def previous_view(self) -> None:
        if self.viewpoints:
            self._queue = []
            self.go_to(max(self.current - 1, 0))

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
        if self.viewpoints:
            self.go_to(max(self.current, 0), animate=False)
        self._caption()

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

    def _caption(self) -> None:
        scene = self.window.scene
        if scene is None:
            return
        if self.presenting and 0 <= self.current < len(self.viewpoints):
            scene.set_caption(f"{self.viewpoints[self.current].name}   ({self.current + 1} / {len(self.viewpoints)})")
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
            scene.set_comments([(np.array(c.position), f"{k + 1}. {c.text[:40]}", c.category)
                                for k, c in enumerate(self.comments)])
            self.window.view.update()

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

    def to_project(self) -> tuple[list[ViewpointRef], dict[str, list[str]], list[Comment]]:
        refs = [ViewpointRef(v.name, list(v.position), list(v.focal_point), list(v.up), float(v.view_angle))
                for v in self.viewpoints]
        return refs, ({"tour": [v.name for v in self.viewpoints]} if self.viewpoints else {}), list(self.comments)

    def from_project(self, viewpoints: list[ViewpointRef], comments: list[Comment]) -> None:
        self.viewpoints = [Viewpoint(v.name, tuple(v.position), tuple(v.focal_point), tuple(v.up), float(v.view_angle))
                           for v in viewpoints]
        self.comments = list(comments)
        self.current = -1
        self._refresh_lists()
        self.show_pins()

    def city_replaced(self) -> None:
        """A new city is shown: pins are drawn again on its scene (same local frame for a reopened project)."""
        self.show_pins()
