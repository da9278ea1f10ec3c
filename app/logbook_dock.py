"""The "Logbook" dock of the main window: the logbook panel, its store, the demo sample, the filter dialog.

The demo district gets a generated sample logbook in the user's data folder
(``demo-logbook.sqlite``), made once in a background thread (about 4 s for
the 2,300 buildings) and labelled as generated sample data everywhere.
"""

from __future__ import annotations

import gc
import getpass
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSignalBlocker, QStandardPaths, QThread, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

from app.logbook_filter import LogbookFilterDialog
from app.logbook_format import error_text
from app.logbook_overlay import (
    LOGBOOK_FILTER_THEME,
    LOGBOOK_THEME_PREFIX,
    filter_overlay,
    is_logbook_theme,
    logbook_overlay,
    logbook_theme_keys,
)
from app.logbook_panel import LogbookPanel
from city.logbook import LogbookError, LogbookStore, SQLiteLogbookStore, generate_sample_logbook, open_store
from city.logbook.sample import SAMPLE_AUTHOR
from viewer.overlay import Overlay

DEMO_LOGBOOK_NAME = "demo-logbook.sqlite"


def demo_logbook_path() -> Path:
    """Where the demo district's sample logbook lives: the user's data folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder) / DEMO_LOGBOOK_NAME


def user_name() -> str:
    """The author recorded with the user's changes."""
    try:
        return getpass.getuser() or "user"
    except (KeyError, OSError):  # no login name (containers)
        return "user"


class SampleLogbookWorker(QObject):
    """Generates a sample logbook off the GUI thread: into a side file, then a consistent copy at ``path``."""

    finished = Signal(object)  # Path
    failed = Signal(object)  # exception

    def __init__(self, path: Path, ids: Sequence[str], attributes: Mapping[str, Sequence[Any]]) -> None:
        super().__init__()
        self.path, self.ids, self.attributes = path, list(ids), dict(attributes)

    @Slot()
    def run(self) -> None:
        partial = self.path.with_name(self.path.name + ".partial")
        # No cyclic garbage collection in this thread: it would finalize VTK and Qt objects
        # that belong to the GUI thread (a closed window's plotter), which deadlocks VTK.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
                leftover.unlink(missing_ok=True)
            store = SQLiteLogbookStore(partial, author=SAMPLE_AUTHOR)
            try:
                generate_sample_logbook(store, self.ids, self.attributes)
                # The backup API writes a complete file and renames it into place:
                # an interrupted generation never leaves a half logbook at `path`.
                store.backup(self.path)
            finally:
                store.close()
                partial.unlink(missing_ok=True)
        except BaseException as exc:  # reported in the panel, never crashes the window
            self.failed.emit(exc)
        else:
            self.finished.emit(self.path)
        finally:
            if collecting:
                gc.enable()


class LogbookDock(QDockWidget):
    """Dock holding the :class:`LogbookPanel`, owner of the logbook store the window uses."""

    store_changed = Signal()
    """A logbook was opened or closed (zone figures read it)."""
    file_changed = Signal()
    """The user opened another logbook file or switched editing on or off (the project records both)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("logbook_dock")
        self.window_ = window
        self.panel = LogbookPanel()
        self.setWidget(self.panel)
        self.store: LogbookStore | None = None
        self.sample = False
        """The open logbook is the demo district's generated sample."""
        self._pending_sample: Path | None = None
        """The sample being generated, to open when ready; any logbook set meanwhile (a project's) cancels it."""
        self.filter_dialog: LogbookFilterDialog | None = None
        self._job: tuple[SampleLogbookWorker, QThread] | None = None
        self.act_filter = QAction(self)
        self.act_filter.setObjectName("act_logbook_filter")
        self.act_filter.triggered.connect(self.open_filter_dialog)
        self.act_new = self._action("act_logbook_new", self.new_dialog)
        self.act_open = self._action("act_logbook_open", lambda: self.open_dialog(read_only=False))
        self.act_open_read_only = self._action("act_logbook_open_read_only", lambda: self.open_dialog(read_only=True))
        self.act_edit = self._action("act_logbook_edit", self.set_editing)
        self.act_edit.setCheckable(True)
        self.act_import_csv = self._action("act_logbook_import_csv", lambda: self.import_dialog("csv"))
        self.act_import_json = self._action("act_logbook_import_json", lambda: self.import_dialog("json"))
        self.act_export_csv = self._action("act_logbook_export_csv", lambda: self.export_dialog("csv"))
        self.act_export_json = self._action("act_logbook_export_json", lambda: self.export_dialog("json"))
        self._update_actions()
        self.panel.saved.connect(lambda text: self.window_.statusBar().showMessage(text, 6000))
        # A logbook opened, closed, imported into or edited: the city's logbook colouring follows.
        self.store_changed.connect(self._follow_logbook)
        self.panel.saved.connect(lambda _text: self._follow_logbook())
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.retranslate()

    # ------------------------------------------------------------------ store

    def set_store(self, store: LogbookStore | None, *, sample: bool = False) -> None:
        """Use this logbook (the dock closes the previous one)."""
        if self.store is not None and self.store is not store:
            self.store.close()
        self.store = store
        self.sample = sample and store is not None
        self._pending_sample = None
        if store is not None:
            self.panel.set_busy("")  # an earlier "cannot open" no longer applies
        self.panel.set_store(store, sample=sample)
        if self.filter_dialog is not None:
            self.filter_dialog.set_context(store, self._buildings())
        if store is not None:
            self.raise_()
        self._update_actions()
        self.store_changed.emit()

    def open_logbook(self, path: Path, *, read_only: bool = False, sample: bool = False) -> LogbookStore | None:
        """Open a logbook file (for editing as the user, or read-only); errors go to the panel."""
        try:
            store = SQLiteLogbookStore(path, author=None if read_only else user_name(), read_only=read_only)
        except LogbookError as exc:
            message = QCoreApplication.translate("LogbookDock", "Cannot open the logbook: %1").replace("%1", error_text(exc))
            self.panel.set_busy(message, working=False)
            return None
        self.set_store(store, sample=sample)
        return store

    def open_location(self, location: str, *, read_only: bool = False) -> LogbookStore | None:
        """Open a logbook by its :attr:`~city.logbook.LogbookStore.location` (a file, or a shared store's URL)."""
        try:
            store = open_store(location, read_only=read_only, author=user_name())
        except LogbookError as exc:
            message = QCoreApplication.translate("LogbookDock", "Cannot open the logbook: %1").replace("%1", error_text(exc))
            self.panel.set_busy(message, working=False)
            return None
        self.set_store(store)
        return store

    def open_demo_logbook(self, path: Path | None = None) -> None:
        """Open the demo district's sample logbook, generating it first (in the background) if needed."""
        path = path or demo_logbook_path()
        city = getattr(self.window_, "city", None)
        if path.is_file() and self._is_sample_for_city(path):
            self.open_logbook(path, sample=True)
            return
        if city is None:
            return
        self.generate_sample_logbook(path, city.buildings.ids, city.buildings.attributes)

    def _is_sample_for_city(self, path: Path) -> bool:
        city = getattr(self.window_, "city", None)
        try:
            with SQLiteLogbookStore(path, read_only=True) as probe:
                if not probe.meta().get("sample_data"):  # type: ignore[attr-defined]
                    return False
                return city is None or not city.buildings.ids or not probe.building_summary(city.buildings.ids[0]).is_empty
        except LogbookError:
            return False

    def generate_sample_logbook(self, path: Path, ids: Sequence[str], attributes: Mapping[str, Sequence[Any]]) -> QThread:
        """Generate a sample logbook at ``path`` in a worker thread, then open it; returns the thread."""
        self.set_store(None)
        self._pending_sample = path
        self.panel.set_busy(
            QCoreApplication.translate("LogbookDock", "Generating the sample logbook of the demo district (a few seconds)…")
        )
        worker = SampleLogbookWorker(path, ids, attributes)
        thread = QThread()
        worker.moveToThread(thread)
        thread.started.connect(worker.run)

        # Bound slots of this dock (a GUI-thread object): Qt queues the calls to the GUI thread.
        # A plain closure would run in the worker thread.
        worker.finished.connect(self._sample_ready)
        worker.failed.connect(self._sample_failed)
        for sig in (worker.finished, worker.failed):
            sig.connect(thread.quit)
        thread.finished.connect(self._forget_job)
        self._job = (worker, thread)  # keep both alive until done
        thread.start()
        return thread

    @Slot(object)
    def _sample_ready(self, path: Path) -> None:
        if self._pending_sample != path:
            return  # another logbook was opened meanwhile (a project's): it stays
        self.panel.set_busy("")
        self.open_logbook(path, sample=True)

    @Slot(object)
    def _sample_failed(self, exc: BaseException) -> None:
        if self.store is not None:
            return  # another logbook was opened meanwhile: no failure to show over it
        message = QCoreApplication.translate("LogbookDock", "The sample logbook could not be generated: %1")
        self.panel.set_busy(message.replace("%1", error_text(exc)), working=False)

    def _forget_job(self) -> None:
        job, self._job = self._job, None
        if job is not None:
            job[0].deleteLater()
            job[1].deleteLater()

    def _buildings(self):
        city = getattr(self.window_, "city", None)
        return city.buildings if city is not None else None

    def shutdown(self) -> None:
        """Wait for a running generation and close the store (at application exit)."""
        if self._job is not None:
            self._job[1].wait()
        if self.store is not None:
            self.store.close()
            self.store = None

    # ------------------------------------------------------------------ filter and colouring

    def open_filter_dialog(self) -> LogbookFilterDialog:
        if self.filter_dialog is None:
            self.filter_dialog = LogbookFilterDialog(self.window_)
            self.filter_dialog.buildings_source = self._buildings  # the window may open another city meanwhile
            self.filter_dialog.overlay_requested.connect(self.show_overlay)
            self.filter_dialog.colouring_requested.connect(self.show_colouring)
            self.filter_dialog.building_requested.connect(self.select_building)
        self.filter_dialog.set_context(self.store, self._buildings())
        self.filter_dialog.show()
        self.filter_dialog.raise_()
        return self.filter_dialog

    def show_overlay(self, overlay: Overlay | None) -> None:
        """Highlight the filter's matches (None: back to the natural colours); "Colour buildings by" says so."""
        self._show_theme(LOGBOOK_FILTER_THEME if overlay is not None else "", overlay)

    def show_colouring(self, field: str, overlay: Overlay) -> None:
        """Colour the city by a logbook field; "Colour buildings by" shows that field."""
        self._show_theme(LOGBOOK_THEME_PREFIX + field, overlay)

    def _show_theme(self, key: str, overlay: Overlay | None) -> None:
        window = self.window_
        scene = getattr(window, "scene", None)
        if scene is None or (overlay is not None and len(overlay.values) != len(scene.city.buildings.triangles)):
            return  # computed for a city that is no longer shown
        window.show_theme(key, overlay)

    def theme_keys(self) -> list[str]:
        """The colourings the open logbook offers in the Layers panel's "Colour buildings by" list."""
        if self.store is None:
            return []
        return logbook_theme_keys(with_filter=self.filter_dialog is not None and bool(self.filter_dialog.applied_expression))

    def theme_overlay(self, key: str) -> Overlay | None:
        """The overlay of a logbook colouring (:func:`logbook_theme_keys`); None, saying why, when there is none."""
        buildings = self._buildings()
        if self.store is None or buildings is None:
            return None
        try:
            if key == LOGBOOK_FILTER_THEME:
                expression = self.filter_dialog.applied_expression if self.filter_dialog is not None else ""
                return filter_overlay(self.store, buildings, expression)[0] if expression else None
            return logbook_overlay(self.store, buildings, key.removeprefix(LOGBOOK_THEME_PREFIX))
        except (LogbookError, ValueError, KeyError) as exc:
            message = QCoreApplication.translate("LogbookDock", "Cannot colour the city by the logbook: %1")
            self.window_.statusBar().showMessage(message.replace("%1", error_text(exc)), 10000)
            return None

    def _follow_logbook(self) -> None:
        """After a logbook was opened, closed or changed: offer its colourings, and show the colouring anew."""
        window = self.window_
        if getattr(window, "scene", None) is None or not hasattr(window, "theme_choices"):
            return
        key = getattr(window, "_theme_key", "")
        if is_logbook_theme(key):
            window.refresh_themes(key)  # the same field, read from the logbook open now (natural colours: none open)
        else:
            window.layers_panel.set_themes(window.theme_choices(), key)

    def select_building(self, building_id: str) -> None:
        window = self.window_
        city = getattr(window, "city", None)
        if city is None or building_id not in city.buildings.ids:
            return
        window.select_building(city.buildings.index_of(building_id))  # emits building_picked: the panel follows
        self.show()
        self.raise_()

    # ------------------------------------------------------------------ language

    # ------------------------------------------------------------------ files (any city's logbook)

    def _action(self, name: str, slot) -> QAction:
        act = QAction(self)
        act.setObjectName(name)
        act.triggered.connect(slot)
        return act

    def _update_actions(self) -> None:
        has = self.store is not None
        editing = has and not self.store.read_only
        for act in (self.act_export_csv, self.act_export_json):
            act.setEnabled(has)
        for act in (self.act_import_csv, self.act_import_json):
            act.setEnabled(editing)
        self.act_edit.setEnabled(has)
        with QSignalBlocker(self.act_edit):
            self.act_edit.setChecked(editing)

    def _start_dir(self) -> str:
        settings = getattr(self.window_, "settings", None)
        return str(settings.value("last_logbook_dir", str(Path.home()))) if settings is not None else str(Path.home())

    def _remember_dir(self, path: Path) -> None:
        settings = getattr(self.window_, "settings", None)
        if settings is not None:
            settings.setValue("last_logbook_dir", str(path.parent))

    def new_dialog(self) -> None:
        """A new, empty logbook file for the city shown (its buildings get entries as managers add them)."""
        from PySide6.QtWidgets import QFileDialog

        name = f"{getattr(self.window_.city, 'name', 'city')}.logbook.sqlite".replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(self.window_, QCoreApplication.translate("LogbookDock", "New logbook"),
                                              str(Path(self._start_dir()) / name),
                                              QCoreApplication.translate("LogbookDock", "Logbook (*.sqlite)"))
        if path:
            self._remember_dir(Path(path))
            if Path(path).exists():
                Path(path).unlink()  # the dialog asked to overwrite
            if self.open_logbook(Path(path)) is not None:
                self.file_changed.emit()

    def open_dialog(self, read_only: bool = False) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self.window_, QCoreApplication.translate("LogbookDock", "Open a logbook"),
                                              self._start_dir(),
                                              QCoreApplication.translate("LogbookDock", "Logbook (*.sqlite *.db)"))
        if path:
            self._remember_dir(Path(path))
            if self.open_logbook(Path(path), read_only=read_only) is not None:
                self.file_changed.emit()

    def set_editing(self, editing: bool) -> None:
        """Switch between viewing (read-only) and editing (changes recorded under the user's name).

        The store reopens itself (:meth:`LogbookStore.reopen`), whatever its
        database; when that fails the logbook stays open as it was, saying why.
        """
        store = self.store
        if store is None or editing == (not store.read_only):
            self._update_actions()
            return
        try:
            reopened = store.reopen(read_only=not editing, author=user_name() if editing else None)
        except LogbookError as exc:
            message = (QCoreApplication.translate("LogbookDock", "Cannot switch to editing: %1") if editing
                       else QCoreApplication.translate("LogbookDock", "Cannot switch to viewing: %1"))
            self.panel.set_busy(message.replace("%1", error_text(exc)), working=False)
            self._update_actions()
            return
        self.set_store(reopened, sample=self.sample)  # closes the previous connection
        self.file_changed.emit()

    def import_dialog(self, kind: str) -> None:
        """Import a CSV (one row per building) or JSON Lines logbook export; the report lists each rejected row."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        if self.store is None or self.store.read_only:
            return
        pattern = "CSV (*.csv)" if kind == "csv" else "JSON Lines (*.jsonl *.json)"
        path, _ = QFileDialog.getOpenFileName(self.window_, QCoreApplication.translate("LogbookDock", "Import into the logbook"),
                                              self._start_dir(), pattern)
        if not path:
            return
        report = self.import_file(Path(path), kind)
        from app.logbook_format import import_report_text  # the report in the interface language

        QMessageBox.information(self.window_, QCoreApplication.translate("LogbookDock", "Import"), import_report_text(report))

    def import_file(self, path: Path, kind: str):
        from city.logbook.io import import_csv, import_json

        ids = list(getattr(self.window_.city.buildings, "ids", []))
        report = import_csv(self.store, path, ids) if kind == "csv" else import_json(self.store, path, ids)
        self.store_changed.emit()
        return report

    def export_dialog(self, kind: str) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from city.logbook import LogbookWriteError
        from city.logbook.io import export_csv, export_json

        if self.store is None:
            return
        suffix, pattern = (".csv", "CSV (*.csv)") if kind == "csv" else (".jsonl", "JSON Lines (*.jsonl)")
        path, _ = QFileDialog.getSaveFileName(self.window_, QCoreApplication.translate("LogbookDock", "Export the logbook"),
                                              str(Path(self._start_dir()) / f"logbook{suffix}"), pattern)
        if not path:
            return
        try:
            n = export_csv(self.store, path) if kind == "csv" else export_json(self.store, path)
        except LogbookWriteError as exc:
            QMessageBox.warning(self.window_, QCoreApplication.translate("LogbookDock", "Export failed"), error_text(exc))
            return
        self.window_.statusBar().showMessage(
            QCoreApplication.translate("LogbookDock", "%1 buildings exported to %2").replace("%1", str(n)).replace("%2", path), 8000)

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("LogbookDock", "Logbook"))
        self.act_new.setText(QCoreApplication.translate("LogbookDock", "&New logbook for this city…"))
        self.act_open.setText(QCoreApplication.translate("LogbookDock", "&Open a logbook…"))
        self.act_open_read_only.setText(QCoreApplication.translate("LogbookDock", "Open a logbook &read-only…"))
        self.act_edit.setText(QCoreApplication.translate("LogbookDock", "&Editing (building manager)"))
        self.act_edit.setToolTip(QCoreApplication.translate(
            "LogbookDock", "Off: view only. On: changes are recorded with your name, the time and a reason."))
        self.act_import_csv.setText(QCoreApplication.translate("LogbookDock", "Import &CSV…"))
        self.act_import_json.setText(QCoreApplication.translate("LogbookDock", "Import &JSON…"))
        self.act_export_csv.setText(QCoreApplication.translate("LogbookDock", "Export C&SV…"))
        self.act_export_json.setText(QCoreApplication.translate("LogbookDock", "Export JS&ON…"))
        self.act_filter.setText(QCoreApplication.translate("LogbookDock", "Logbook &filter and colours…"))
        self.act_filter.setToolTip(
            QCoreApplication.translate("LogbookDock", "Find buildings by their logbook and colour the city by a logbook field")
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

