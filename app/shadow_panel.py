"""Shadow study panel: a date, a time of day (Paris clock), solstice and equinox buttons, play the day.

The panel holds no logic: it edits a :class:`ShadowTime` (date, minutes
after midnight, enabled, sun path drawn or not); the window listens to it and
computes shadows off the GUI thread (:class:`ShadowWorker`), drawing each
finished frame (with the day's sun path when asked: it follows the date and
goes with the study).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from psygnal import evented
from app.jobs import no_cyclic_gc
from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

STEP_MINUTES = 15
FIRST_MINUTE, LAST_MINUTE = 4 * 60, 22 * 60



@evented
@dataclass
class ShadowTime:
    """What the shadow study shows: a Paris clock time on a day (and the sun's path or not), or nothing."""

    day: dt.date = dt.date(2026, 6, 21)
    minutes: int = 12 * 60
    enabled: bool = False
    sun_path: bool = False

    @property
    def when(self) -> ShadowInstant:
        """The Paris clock time shown, carrying whether the sun path is drawn with it."""
        return ShadowInstant.of(dt.datetime.combine(self.day, dt.time(self.minutes // 60, self.minutes % 60)),
                                sun_path=self.sun_path)


class ShadowInstant(dt.datetime):
    """A naive Paris clock time (a datetime, equal to it) that also says whether to draw the sun path.

    The window hands the model's ``when`` to :class:`ShadowWorker` as it is;
    carrying the choice in it puts the sun path in the same frame as the
    shadows, so it follows every change of date and time and goes with the study.
    """

    sun_path: bool = False

    @classmethod
    def of(cls, when: dt.datetime, sun_path: bool) -> ShadowInstant:
        instant = cls(when.year, when.month, when.day, when.hour, when.minute, when.second, when.microsecond)
        instant.sun_path = bool(sun_path)
        return instant


class ShadowWorker(QObject):
    """Computes shadow frames in a worker thread; only the latest request is computed."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, study) -> None:
        super().__init__()
        self.study = study

    @Slot(object)
    def compute(self, when: dt.datetime) -> None:
        with no_cyclic_gc():  # see app.jobs: no VTK finalizers off the GUI thread
            try:
                self.done.emit(self.study.compute(when, sun_path=isinstance(when, ShadowInstant) and when.sun_path))
            except Exception as exc:  # shown in the status bar, never a crash
                self.failed.emit(f"{type(exc).__name__}: {exc}")


class ShadowPanel(QWidget):
    """Date, time slider, shortcuts and play for the shadow study."""

    def __init__(self, model: ShadowTime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shadow_panel")
        self.model = model
        layout = QVBoxLayout(self)
        self.enabled = QCheckBox()
        self.enabled.setObjectName("shadow_enabled")
        layout.addWidget(self.enabled)
        grid = QGridLayout()
        self.date_label = QLabel()
        self.date = QDateEdit()
        self.date.setObjectName("shadow_date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.time_label = QLabel()
        self.time = QSlider(Qt.Orientation.Horizontal)
        self.time.setObjectName("shadow_time")
        self.time.setRange(FIRST_MINUTE // STEP_MINUTES, LAST_MINUTE // STEP_MINUTES)
        self.time_value = QLabel()
        grid.addWidget(self.date_label, 0, 0)
        grid.addWidget(self.date, 0, 1, 1, 2)
        grid.addWidget(self.time_label, 1, 0)
        grid.addWidget(self.time, 1, 1)
        grid.addWidget(self.time_value, 1, 2)
        layout.addLayout(grid)
        buttons = QHBoxLayout()
        self.summer = QPushButton()
        self.winter = QPushButton()
        self.equinox = QPushButton()
        for b in (self.summer, self.winter, self.equinox):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.play = QPushButton()
        self.play.setObjectName("shadow_play")
        self.play.setCheckable(True)
        layout.addWidget(self.play)
        self.sun_path = QCheckBox()
        self.sun_path.setObjectName("shadow_sun_path")
        layout.addWidget(self.sun_path)
        self.sun_label = QLabel()
        self.sun_label.setObjectName("shadow_sun")
        self.sun_label.setWordWrap(True)
        layout.addWidget(self.sun_label)
        layout.addStretch(1)
        self._timer = QTimer(self, interval=700)
        self._timer.timeout.connect(self._advance)

        self.enabled.toggled.connect(lambda on: setattr(self.model, "enabled", bool(on)))
        self.sun_path.toggled.connect(self._set_sun_path)
        self.date.dateChanged.connect(lambda d: setattr(self.model, "day", dt.date(d.year(), d.month(), d.day())))
        self.time.valueChanged.connect(lambda v: setattr(self.model, "minutes", v * STEP_MINUTES))
        year = model.day.year
        self.summer.clicked.connect(lambda: self._go(dt.date(year, 6, 21)))
        self.winter.clicked.connect(lambda: self._go(dt.date(year, 12, 21)))
        self.equinox.clicked.connect(lambda: self._go(dt.date(year, 3, 20)))
        self.play.toggled.connect(lambda on: self._timer.start() if on else self._timer.stop())
        model.events.connect(self._refresh)
        self._refresh()
        self.retranslate()

    def _set_sun_path(self, on: bool) -> None:
        """Drawing the sun path switches the study on (the path is drawn with its shadows)."""
        self.model.sun_path = bool(on)  # first: switching the study on then computes its first frame with the path
        if on:
            self.model.enabled = True

    def _go(self, day: dt.date) -> None:
        self.model.day = day
        self.model.enabled = True

    def _advance(self) -> None:
        """Play the day: one step at a time, back to the morning after the evening."""
        m = self.model.minutes + STEP_MINUTES * 2
        self.model.minutes = FIRST_MINUTE + 2 * 60 if m > LAST_MINUTE - 60 else m
        self.model.enabled = True

    def _refresh(self, *_) -> None:
        with (QSignalBlocker(self.enabled), QSignalBlocker(self.date), QSignalBlocker(self.time),
              QSignalBlocker(self.sun_path)):
            self.enabled.setChecked(self.model.enabled)
            self.sun_path.setChecked(self.model.sun_path)
            d = self.model.day
            self.date.setDate(QDate(d.year, d.month, d.day))
            self.time.setValue(self.model.minutes // STEP_MINUTES)
        self.time_value.setText(f"{self.model.minutes // 60:02d}:{self.model.minutes % 60:02d}")

    def show_sun(self, elevation_deg: float | None, busy: bool = False) -> None:
        if busy:
            self.sun_label.setText(QCoreApplication.translate("ShadowPanel", "Computing shadows…"))
        elif elevation_deg is None:
            self.sun_label.setText("")
        elif elevation_deg <= 0:
            self.sun_label.setText(QCoreApplication.translate("ShadowPanel", "The sun is below the horizon."))
        else:
            self.sun_label.setText(QCoreApplication.translate("ShadowPanel", "Sun %1° above the horizon (Paris time, daylight saving applied).").replace(
                "%1", f"{elevation_deg:.0f}"))

    def retranslate(self) -> None:
        self.enabled.setText(QCoreApplication.translate("ShadowPanel", "Show the sun's shadows"))
        self.date_label.setText(QCoreApplication.translate("ShadowPanel", "Day"))
        self.time_label.setText(QCoreApplication.translate("ShadowPanel", "Time"))
        self.summer.setText(QCoreApplication.translate("ShadowPanel", "21 June"))
        self.winter.setText(QCoreApplication.translate("ShadowPanel", "21 December"))
        self.equinox.setText(QCoreApplication.translate("ShadowPanel", "Equinox"))
        self.play.setText(QCoreApplication.translate("ShadowPanel", "Play the day"))
        self.sun_path.setText(QCoreApplication.translate("ShadowPanel", "Draw the sun's path"))
        self.sun_path.setToolTip(QCoreApplication.translate(
            "ShadowPanel", "The sun's path of the day over the scene, with the hours of the Paris clock, "
                           "the sun at the chosen time, and the solstices' paths in grey"))
        self.time.setToolTip(QCoreApplication.translate("ShadowPanel", "Time of day, Paris clock"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
