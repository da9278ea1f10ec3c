"""File > New / Open / Save / Save as / Recent projects, autosave and crash recovery, in the window.

The project file itself (atomic save, backup, autosave copy) is
:mod:`city.project`; the city a project names is rebuilt off the GUI thread
by :func:`app.projects.city_from_project`, so a project that fails to open
leaves the window as it was.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from app.jobs import no_cyclic_gc, progress_dialog, start_worker
from app.logbook_overlay import is_logbook_theme
from app.projects import OpenedProject, city_from_project, make_project
from city import project as project_file

RECENT_KEY = "recent_projects"
MAX_RECENT = 8
AUTOSAVE_MS = 120_000


class ProjectWorker(QObject):
    """Rebuilds a project's city off the GUI thread."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, project: project_file.Project, base_dir: Path) -> None:
        super().__init__()
        self.project, self.base_dir = project, base_dir
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        with no_cyclic_gc():  # see app.jobs: no VTK finalizers off the GUI thread
            try:
                opened = city_from_project(self.project, self.base_dir,
                                           progress=lambda f, m="": self.progress.emit(float(f), str(m)),
                                           cancel=lambda: self.cancelled)
            except BaseException as exc:  # shown in a dialog; the window keeps its city
                self.failed.emit(exc)
            else:
                self.finished.emit(opened)


class ProjectController(QObject):
    """The window's project: where it is saved, whether it changed, and the File menu actions for it."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.path: Path | None = None
        self.project: project_file.Project | None = None
        self.uses_demo_district = True
        self.dirty = False
        self._job: dict[str, Any] | None = None
        w = window
        self.act_new = self._action("act_new_project", self.new_project, QKeySequence.StandardKey.New)
        self.act_open = self._action("act_open_project", self.open_dialog, "Ctrl+Shift+P")
        self.act_save = self._action("act_save_project", self.save, QKeySequence.StandardKey.Save)
        self.act_save_as = self._action("act_save_project_as", self.save_as, QKeySequence.StandardKey.SaveAs)
        self.menu_recent = QMenu(w)
        self.menu_recent.setObjectName("menu_recent_projects")
        self.menu_recent.aboutToShow.connect(self._fill_recent)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        logbook_dock = getattr(w, "logbook_dock", None)
        if logbook_dock is not None:  # the user opened another logbook, or switched editing on or off
            logbook_dock.file_changed.connect(self.mark_dirty)
        self.retranslate()

    def _action(self, name: str, slot, shortcut=None) -> QAction:
        act = QAction(self.window)
        act.setObjectName(name)
        act.triggered.connect(slot)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        self.window.addAction(act)
        return act

    def retranslate(self) -> None:
        self.act_new.setText(QCoreApplication.translate("Project", "&New project (demo district)"))
        self.act_open.setText(QCoreApplication.translate("Project", "Open &project…"))
        self.act_save.setText(QCoreApplication.translate("Project", "&Save project"))
        self.act_save_as.setText(QCoreApplication.translate("Project", "Save project &as…"))
        self.menu_recent.setTitle(QCoreApplication.translate("Project", "Recent projects"))

    # ------------------------------------------------------------------ state

    def mark_dirty(self, *_args) -> None:
        if not self.dirty:
            self.dirty = True
            self.update_title()

    def city_opened(self, added: bool) -> None:
        """The window opened a file (``added``: as a layer on top of what was shown)."""
        if not added:
            self.uses_demo_district = False
        self.mark_dirty()

    def update_title(self) -> None:
        w = self.window
        name = self.path.stem if self.path is not None else w.city.name
        w.setWindowTitle(f"{w.APP_TITLE} — {name}{' *' if self.dirty else ''}")

    def overlays(self) -> dict[str, Any]:
        """The settings of the session worth keeping: camera, colouring, layer styles, analysis parameters."""
        w = self.window
        cam = w.view.camera
        out: dict[str, Any] = {
            "camera": {"position": list(cam.position), "focal_point": list(cam.focal_point), "up": list(cam.up),
                       "view_angle": float(cam.view_angle)},
            "colour_by": getattr(w, "_theme_key", ""),
            "layers": {k: {"visible": s.visible, "opacity": s.opacity} for k, s in w.styles.items()},
            "geothermal": dataclasses.asdict(w.analyses.geothermal_panel.settings),
        }
        return out

    def logbook_ref(self, project_path: Path | None) -> project_file.LogbookRef | None:
        """The logbook open now (None: none is open).

        A logbook file by its path relative to ``project_path``'s folder (the
        pair moves together); any other store by its ``location`` (a server).
        """
        from city.logbook import SQLiteLogbookStore

        dock = getattr(self.window, "logbook_dock", None)
        store = getattr(dock, "store", None)
        if store is None:
            return None
        if isinstance(store, SQLiteLogbookStore):
            return project_file.LogbookRef.of(store.path, project_path, read_only=bool(store.read_only), sample=dock.sample)
        return project_file.LogbookRef("", read_only=bool(store.read_only), location=store.location)

    def current(self, target: Path | None = None) -> project_file.Project:
        """The session as a project; ``target``: where it will be written (the logbook's path is relative to it)."""
        w = self.window
        name = self.path.stem if self.path is not None else w.city.name
        project = make_project(name, list(w.city_sources), self.uses_demo_district, w.city, self.overlays(), self.project)
        viewpoints, tours, comments = w.consultation.to_project()
        layers = []
        for layer in project.layers:  # a project model reopens where the user placed it
            placement = w.models.placements.get(layer.path)
            options = {**layer.options, "placement": placement} if placement else dict(layer.options)
            layers.append(dataclasses.replace(layer, options=options))
        return dataclasses.replace(project, layers=layers, viewpoints=viewpoints, tours=tours, comments=comments,
                                   chosen_tour=w.consultation.tour_name,
                                   scenario=w.planting.scenario.to_dict(), zones=list(w.zones.drawn),
                                   logbook=self.logbook_ref(target or self.path))

    # ------------------------------------------------------------------ saving

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._save_to(self.path)

    def save_as(self) -> bool:
        w = self.window
        start = str(Path(str(w.settings.value("last_project_dir", str(Path.home())))) / "project.maquette")
        path, _ = QFileDialog.getSaveFileName(w, QCoreApplication.translate("Project", "Save project"), start,
                                              QCoreApplication.translate("Project", "Maquette project (*.maquette)"))
        if not path:
            return False
        w.settings.setValue("last_project_dir", str(Path(path).parent))
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            project = self.current(path)
            saved = project_file.save(project, path)
        except OSError as exc:
            QMessageBox.warning(self.window, QCoreApplication.translate("Project", "Cannot save the project"),
                                f"{path}: {exc.strerror or exc}\n\n"
                                + QCoreApplication.translate("Project", "The previous version of the file is untouched."))
            return False
        self.path, self.project, self.dirty = saved, project, False
        self._remember(saved)
        self.update_title()
        self.window.statusBar().showMessage(QCoreApplication.translate("Project", "Saved %1").replace("%1", str(saved)), 5000)
        return True

    def autosave_path(self) -> Path:
        if self.path is not None:
            return self.path
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) or Path.home())
        return folder / "untitled.maquette"

    @Slot()
    def autosave(self) -> Path | None:
        """Write the crash-recovery copy when there are unsaved changes (never the project file itself)."""
        if not self.dirty:
            return None
        target = self.autosave_path()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            return project_file.autosave(self.current(target), target)
        except OSError as exc:
            self.window.statusBar().showMessage(
                QCoreApplication.translate("Project", "Autosave failed: %1").replace("%1", str(exc)), 8000)
            return None

    # ------------------------------------------------------------------ opening

    def new_project(self) -> None:
        from city.district import generate_district

        if not self._may_discard():
            return
        w = self.window
        w.set_city(generate_district())
        w.city_sources = []
        w.consultation.from_project([], [])
        from city.scenario import PlantingScenario

        w.planting.set_scenario(PlantingScenario())
        w.zones.restore([])
        self.path, self.project, self.uses_demo_district, self.dirty = None, None, True, False
        self.update_title()

    def open_dialog(self) -> None:
        w = self.window
        start = str(w.settings.value("last_project_dir", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(w, QCoreApplication.translate("Project", "Open a project"), start,
                                              QCoreApplication.translate("Project", "Maquette project (*.maquette)"))
        if path:
            w.settings.setValue("last_project_dir", str(Path(path).parent))
            self.open_project(Path(path))

    def open_project(self, path: Path, *, ask_recover: bool = True) -> None:
        """Read the project, offer an autosaved newer copy, then rebuild its city in the background."""
        w = self.window
        if not self._may_discard():
            return
        try:
            recovered = project_file.recover(path) if ask_recover else None
            if recovered is not None:
                answer = QMessageBox.question(
                    w, QCoreApplication.translate("Project", "Recover unsaved changes?"),
                    QCoreApplication.translate("Project", "%1 has an autosaved copy newer than the file (Maquette "
                                               "closed without saving). Open the autosaved copy?").replace("%1", path.name))
                project = recovered if answer == QMessageBox.StandardButton.Yes else project_file.load(path)
            else:
                project = project_file.load(path)
        except project_file.ProjectError as exc:
            QMessageBox.warning(w, QCoreApplication.translate("Project", "Cannot open the project"), str(exc))
            return
        progress = progress_dialog(w, QCoreApplication.translate("Project", "Opening %1…").replace("%1", path.name),
                                   QCoreApplication.translate("Project", "Cancel"))
        worker = ProjectWorker(project, path.parent)
        self._job = {"worker": worker, "progress": progress, "path": path, "project": project,
                     "recovered": recovered is not None and project is recovered}
        self._job["thread"] = start_worker(self, worker, progress, self, self._on_progress, self._on_opened, self._on_failed)

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        job = self._job
        if job is not None:
            job["progress"].setLabelText(message)
            job["progress"].setValue(int(fraction * 1000))

    @Slot(object)
    def _on_opened(self, opened: OpenedProject) -> None:
        job, self._job = self._job, None
        job["progress"].close()
        w = self.window
        w.set_city(opened.city)
        w.city_sources = list(opened.sources)
        self.path, self.project = job["path"], job["project"]
        self.uses_demo_district = opened.uses_demo_district
        self.apply_overlays(job["project"].overlays)
        w.consultation.from_project(job["project"].viewpoints, job["project"].comments, job["project"].tours,
                                    job["project"].chosen_tour)
        opened.warnings.extend(self.restore_logbook(job["project"].logbook, job["path"].parent))
        colour_by = job["project"].overlays.get("colour_by") or ""
        if is_logbook_theme(colour_by) and w.logbook_dock.store is not None:
            w.refresh_themes(colour_by)  # coloured by a logbook field: only now that the logbook is open
        from city.scenario import PlantingScenario

        try:
            w.planting.set_scenario(PlantingScenario.from_dict(job["project"].scenario))
        except ValueError as exc:
            opened.warnings.append(f"greening scenario not restored: {exc}")
        opened.warnings.extend(w.zones.restore(job["project"].zones))
        w.models.placements = {layer.path: layer.options["placement"] for layer in job["project"].layers
                               if isinstance(layer.options.get("placement"), dict)}
        self.dirty = bool(job["recovered"])
        self._remember(job["path"])
        self.update_title()
        if opened.warnings:
            QMessageBox.information(w, QCoreApplication.translate("Project", "Project opened with changes"),
                                    "\n".join(opened.warnings))

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        job, self._job = self._job, None
        job["progress"].close()
        from importers.errors import Cancelled

        if isinstance(exc, Cancelled) or job["worker"].cancelled:
            self.window.statusBar().showMessage(
                QCoreApplication.translate("Project", "Opening cancelled: the city shown is unchanged."), 5000)
            return
        QMessageBox.warning(self.window, QCoreApplication.translate("Project", "Cannot open the project"),
                            f"{exc}\n\n" + QCoreApplication.translate("Project", "The city shown is unchanged."))

    def restore_logbook(self, ref: project_file.LogbookRef | None, base: Path) -> list[str]:
        """Reopen the project's logbook as it was (read-only or editing); returns what could not be done.

        A project saved without a logbook leaves the one open now as it is.
        """
        dock = getattr(self.window, "logbook_dock", None)
        if ref is None or dock is None:
            return []
        if ref.location and not ref.path:  # not a file: a shared store, opened by its location
            if dock.open_location(ref.location, read_only=ref.read_only) is None:
                return [QCoreApplication.translate("Project", "logbook %1: cannot be opened (see the Logbook panel)")
                        .replace("%1", ref.location)]
            return []
        path = ref.find(base)
        if path is None and ref.sample:
            dock.open_demo_logbook()  # the generated sample: made again when it is gone
            return []
        if path is None:
            where = " or ".join(str(p) for p in ref.candidates(base))
            dock.set_store(None)
            dock.panel.set_busy(QCoreApplication.translate("Project", "The project's logbook is missing: %1").replace("%1", where),
                                working=False)
            return [QCoreApplication.translate("Project", "logbook %1: not found (looked for %2); no logbook is open")
                    .replace("%1", ref.path).replace("%2", where)]
        if dock.open_logbook(path, read_only=ref.read_only, sample=ref.sample) is None:
            return [QCoreApplication.translate("Project", "logbook %1: cannot be opened (see the Logbook panel)")
                    .replace("%1", str(path))]
        return []

    def apply_overlays(self, overlays: dict[str, Any]) -> None:
        """Restore the saved camera, layer styles, colouring and analysis parameters (unknown keys are ignored)."""
        w = self.window
        for key, style in (overlays.get("layers") or {}).items():
            if key in w.styles and isinstance(style, dict):
                w.styles[key].visible = bool(style.get("visible", True))
                w.styles[key].opacity = min(1.0, max(0.0, float(style.get("opacity", 1.0))))
        geo = overlays.get("geothermal")
        if isinstance(geo, dict):
            from analysis.geothermal import GeothermalSettings

            names = {f.name for f in dataclasses.fields(GeothermalSettings)}
            values = {k: v for k, v in geo.items() if k in names}
            if "demand_by_period_kwh_m2" in values:
                values["demand_by_period_kwh_m2"] = tuple(tuple(p) for p in values["demand_by_period_kwh_m2"])
            try:
                settings = GeothermalSettings(**values)
                settings.validate()
            except (TypeError, ValueError):
                pass
            else:
                w.analyses.geothermal_panel.set_settings(settings)
        cam = overlays.get("camera")
        if isinstance(cam, dict):
            try:
                w.view.camera.position = [float(v) for v in cam["position"]]
                w.view.camera.focal_point = [float(v) for v in cam["focal_point"]]
                w.view.camera.up = [float(v) for v in cam["up"]]
                w.view.camera.view_angle = float(cam.get("view_angle", 30.0))
                w.view.renderer.ResetCameraClippingRange()
            except (KeyError, TypeError, ValueError):
                pass
        key = overlays.get("colour_by") or ""
        if key and (key in w.city.buildings.attributes):
            w.refresh_themes(key)
        w.view.update()

    def _may_discard(self) -> bool:
        """Unsaved changes: ask to save them first (unless the settings say not to ask)."""
        w = self.window
        if not self.dirty or str(w.settings.value("ask_to_save", "true")).lower() == "false":
            return True
        answer = QMessageBox.question(
            w, QCoreApplication.translate("Project", "Unsaved changes"),
            QCoreApplication.translate("Project", "Save the changes to the project first?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def may_close(self) -> bool:
        return self._may_discard()

    # ------------------------------------------------------------------ recent

    def recent(self) -> list[Path]:
        value = self.window.settings.value(RECENT_KEY, [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [Path(p) for p in items if p]

    def _remember(self, path: Path) -> None:
        items = [str(path.resolve())] + [str(p) for p in self.recent() if str(p) != str(path.resolve())]
        self.window.settings.setValue(RECENT_KEY, items[:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.menu_recent.clear()
        recent = self.recent()
        if not recent:
            act = self.menu_recent.addAction(QCoreApplication.translate("Project", "(none)"))
            act.setEnabled(False)
            return
        for p in recent:
            act = self.menu_recent.addAction(p.name)
            act.setToolTip(str(p))
            act.setStatusTip(str(p))
            act.setEnabled(p.is_file())
            act.triggered.connect(lambda _=False, p=p: self.open_project(p))
