"""The main window: 3D view, layers and building docks, status bar, menus."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QEvent, QObject, QProcess, QSettings, Qt, QTemporaryDir, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QTabBar,
    QWidget,
)
from pyvistaqt import QtInteractor

from app.analyses import (
    FACE_THEMES,
    PERCENT_THEMES,
    ROOF_FLAG_THEMES,
    AnalysesController,
    face_theme_label,
    grid_titles,
    impact_building_rows,
    roof_flag_categories,
)
from app.i18n import LANGUAGES, Translations, system_language
from app.geothermal_panel import building_rows as geothermal_building_rows
from app.consultation import ConsultationController
from app.planting import PlantingController
from app.zones_panel import ZonesController
from app.project_models import ModelsController
from app.project_ui import ProjectController
from app.projects import is_project
from app.jobs import no_cyclic_gc, progress_dialog, start_worker
from assets import APP_ICON
from app.panels import BuildingPanel, LayersPanel, TreeSelection, theme_label
from app.layer_properties import show_layer_properties  # layer properties (issue 4)
from app.logbook_dock import LogbookDock  # logbook (issue 8)
from app.logbook_overlay import is_logbook_theme  # logbook (issue 8)
from city.model import City, SurfaceType
from viewer import camera
from viewer.layers import default_styles, layer_keys
from viewer.overlay import Overlay, attribute_overlay, face_data_overlay, listed_colormap
from viewer.scene import Scene

APP_NAME = "Maquette"
VERSION = "0.1.0"
CLICK_TOLERANCE_PX = 4


class View3D(QtInteractor):
    """The 3D view. VTK's own key bindings are switched off ('q' quits, 'w'
    wireframes...): the window's actions own the keyboard."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        event.ignore()

    def keyReleaseEvent(self, event) -> None:  # noqa: N802
        event.ignore()


class OpenWorker(QObject):
    """Reads a file off the GUI thread; the scene is built on the GUI thread afterwards."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, path: Path, crs: str | None, base: City | None = None, options: dict | None = None) -> None:
        super().__init__()
        self.path, self.crs, self.base = path, crs, base
        self.options = dict(options or {})
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        with no_cyclic_gc():  # see app.jobs: no VTK finalizers off the GUI thread
            from city.merge import add_layers
            from importers import open_city
            from importers.layers import open_layer

            try:
                # a layer added to the open city: a raster is read only where the city is
                read = open_city if self.base is None else lambda path, **kw: open_layer(path, self.base, **kw)
                city = read(
                    self.path,
                    crs=self.crs,
                    progress=lambda f, msg="": self.progress.emit(float(f), str(msg)),
                    cancel=lambda: self.cancelled,
                    **self.options,
                )
                if self.base is not None and "placement" not in self.options:
                    from app.project_models import needs_placement

                    if needs_placement(city):  # a project model that does not say where it stands: ask first
                        self.finished.emit(("place", city))
                        return
                if self.base is not None:  # File > Add layer: a new city; the open one is untouched on failure
                    city = add_layers(self.base, city)
            except BaseException as exc:  # reported in a dialog, never crashes the window
                self.failed.emit(exc)
            else:
                self.finished.emit(city)


class MainWindow(QMainWindow):
    """Maquette's main window on one city."""

    APP_TITLE = APP_NAME

    building_picked = Signal(str)
    """Emitted with the building id when the user clicks a building (empty string: none)."""

    def __init__(
        self,
        city: City,
        settings: QSettings | None = None,
        translations: Translations | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.settings = settings or QSettings(APP_NAME, APP_NAME)
        self.translations = translations or Translations(QApplication.instance())
        self.city = city
        self.city_sources: list[tuple[Path, str | None]] = []
        """(file, crs) the city was read from, then each layer added; empty for the demo district."""
        self.styles = default_styles()

        self.view = View3D(self, auto_update=False)
        self.view.setObjectName("view_3d")
        self.view.ren_win.SetMultiSamples(0)  # MSAA costs 3-5x frame time on software GL
        self.view.enable_trackball_style()
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCentralWidget(self.view)

        self.layers_panel = LayersPanel(self.styles)
        self.layers_panel.theme_chosen.connect(self.colour_buildings_by)
        self.layers_panel.points.changed.connect(self._on_point_display)
        self.layers_panel.properties_requested.connect(lambda key: show_layer_properties(self, self.city, key))  # issue 4
        self.layers_panel.relief.toggled.connect(lambda on: self.scene.set_grid_relief(on))  # DSM in relief (issue 4)
        self.building_panel = BuildingPanel()
        self.layers_dock = self._dock("layers_dock", self.layers_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.building_dock = self._dock("building_dock", self.building_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.logbook_dock = LogbookDock(self)  # logbook (issue 8)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.logbook_dock)  # logbook (issue 8)
        self.tabifyDockWidget(self.building_dock, self.logbook_dock)  # logbook (issue 8)
        self.building_picked.connect(self.logbook_dock.panel.show_building)  # logbook (issue 8)
        self.tree_selection = TreeSelection(self)  # tree picking (issue 4)

        self.analyses = AnalysesController(self)
        self.shadow_dock = self._dock("shadow_dock", self.analyses.shadow_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.layers_dock, self.shadow_dock)
        self.geothermal_dock = self._dock("geothermal_dock", self.analyses.geothermal_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.layers_dock, self.geothermal_dock)
        self.building_panel.sections.append(
            lambda index: geothermal_building_rows(self.analyses.geothermal_result, index))
        self.building_panel.sections.append(
            lambda index: impact_building_rows(self.analyses.impact_result, self.city, index))
        self.layers_dock.raise_()
        self.models = ModelsController(self)
        self.zones = ZonesController(self)
        self.zones_dock = self._dock("zones_dock", _scrolling(self.zones.panel), Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.building_dock, self.zones_dock)
        self.building_dock.raise_()
        self.planting = PlantingController(self)
        self.planting_dock = self._dock("planting_dock", _scrolling(self.planting.panel), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.layers_dock, self.planting_dock)
        self.consultation = ConsultationController(self)
        self.consultation_dock = self._dock("consultation_dock", _scrolling(self.consultation.panel),
                                            Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.layers_dock, self.consultation_dock)
        self.layers_dock.raise_()
        self.project_ui = ProjectController(self)
        self.consultation.changed.connect(self.project_ui.mark_dirty)
        self.planting.changed.connect(self.project_ui.mark_dirty)
        self.zones.changed.connect(self.project_ui.mark_dirty)
        self.logbook_dock.store_changed.connect(self.zones.refresh)
        self.analyses.geothermal_panel.settings_changed.connect(self.project_ui.mark_dirty)
        self.layers_panel.theme_chosen.connect(self.project_ui.mark_dirty)

        self.coords_label = QLabel()
        self.coords_label.setObjectName("coords_label")
        self.provenance_label = QLabel()
        self.provenance_label.setObjectName("provenance_label")
        self.provenance_label.setStyleSheet("color: #a35200; font-style: italic; padding-right: 6px;")
        self.statusBar().addWidget(self.coords_label, 1)
        self.statusBar().addPermanentWidget(self.provenance_label)

        self._create_actions()
        self._create_menus()
        self.scene: Scene | None = None
        self._press_pos: tuple[int, int] | None = None
        self._hover_pos: tuple[int, int] | None = None
        self._hover_timer = QTimer(self, singleShot=True, interval=40)
        self._hover_timer.timeout.connect(self._update_cursor_readout)
        self.view.iren.add_observer("LeftButtonPressEvent", self._on_left_press)
        self.view.iren.add_observer("LeftButtonReleaseEvent", self._on_left_release)
        self.view.iren.add_observer("MouseMoveEvent", self._on_mouse_move)
        self.set_city(city)
        self.retranslate()
        self.resize(1400, 860)
        self._restore_layout()

    # ------------------------------------------------------------------ construction

    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, name: str, slot, shortcut: QKeySequence | str | None = None, view_only: bool = False) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if view_only:
            # Arrows and +/- belong to the 3D view only: sliders and tables keep theirs.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)
        action.triggered.connect(slot)
        return action

    def _create_actions(self) -> None:
        self.act_open = self._action("act_open", self.open_file_dialog, QKeySequence.StandardKey.Open)
        self.act_add_layer = self._action("act_add_layer", self.add_layer_dialog, "Ctrl+Shift+O")
        self.act_export_image = self._action("act_export_image", lambda: self.export_dialog("image"), "Ctrl+E")
        self.act_export_pdf = self._action("act_export_pdf", lambda: self.export_dialog("pdf"))
        self.act_export_video = self._action("act_export_video", lambda: self.export_dialog("video"))
        self.act_export_web = self._action("act_export_web", lambda: self.export_dialog("web"))
        self.act_export_gltf = self._action("act_export_gltf", lambda: self.export_dialog("gltf"))
        self.act_quit = self._action("act_quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_home = self._action("act_home", self.home_view, Qt.Key.Key_Home)
        self.act_top = self._action("act_top", self.top_view, Qt.Key.Key_T)
        self.act_zoom_in = self._action("act_zoom_in", lambda: self._move(camera.zoom, 1.25), "+", view_only=True)
        self.act_zoom_in.setShortcuts([QKeySequence("+"), QKeySequence("="), QKeySequence("Ctrl++")])
        self.act_zoom_out = self._action("act_zoom_out", lambda: self._move(camera.zoom, 0.8), "-", view_only=True)
        step = 0.08
        self.act_pan_left = self._action("act_pan_left", lambda: self._move(camera.pan, -step, 0), Qt.Key.Key_Left, True)
        self.act_pan_right = self._action("act_pan_right", lambda: self._move(camera.pan, step, 0), Qt.Key.Key_Right, True)
        self.act_pan_up = self._action("act_pan_up", lambda: self._move(camera.pan, 0, step), Qt.Key.Key_Up, True)
        self.act_pan_down = self._action("act_pan_down", lambda: self._move(camera.pan, 0, -step), Qt.Key.Key_Down, True)
        self.act_orbit_left = self._action("act_orbit_left", lambda: self._move(camera.orbit, -10, 0), "Shift+Left", True)
        self.act_orbit_right = self._action("act_orbit_right", lambda: self._move(camera.orbit, 10, 0), "Shift+Right", True)
        self.act_tilt_up = self._action("act_tilt_up", lambda: self._move(camera.orbit, 0, 5), "Shift+Up", True)
        self.act_tilt_down = self._action("act_tilt_down", lambda: self._move(camera.orbit, 0, -5), "Shift+Down", True)
        self.act_about = self._action("act_about", self.show_about)
        self.act_solar = self._action("act_solar", lambda: self.analyses.solar_dialog())
        self.act_vegetation = self._action("act_vegetation", lambda: self.analyses.vegetation())
        self.act_geothermal = self._action("act_geothermal", lambda: self.analyses.geothermal())
        self.act_impact = self._action("act_impact", lambda: self.analyses.impact_dialog())
        self.language_group = QActionGroup(self)
        self.act_languages: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            act = QAction(name, self, checkable=True)
            act.setObjectName(f"act_lang_{code}")
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.language_group.addAction(act)
            self.act_languages[code] = act

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_file.addAction(self.project_ui.act_new)
        self.menu_file.addAction(self.project_ui.act_open)
        self.menu_file.addAction(self.act_open)
        self.menu_file.addAction(self.act_add_layer)
        self.menu_file.addMenu(self.project_ui.menu_recent)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.project_ui.act_save)
        self.menu_file.addAction(self.project_ui.act_save_as)
        self.menu_file.addSeparator()
        self.menu_logbook = self.menu_file.addMenu("")
        lb = self.logbook_dock
        for act in (lb.act_new, lb.act_open, lb.act_open_read_only, None, lb.act_edit, None,
                    lb.act_import_csv, lb.act_import_json, lb.act_export_csv, lb.act_export_json):
            if act is None:
                self.menu_logbook.addSeparator()
            else:
                self.menu_logbook.addAction(act)
        self.menu_export = self.menu_file.addMenu("")
        for act in (self.act_export_image, self.act_export_pdf, self.act_export_video, self.act_export_web, self.act_export_gltf):
            self.menu_export.addAction(act)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_view = bar.addMenu("")
        for act in (self.act_home, self.act_top, self.act_zoom_in, self.act_zoom_out):
            self.menu_view.addAction(act)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.layers_dock.toggleViewAction())
        self.menu_view.addAction(self.building_dock.toggleViewAction())
        self.menu_view.addAction(self.consultation_dock.toggleViewAction())
        self.menu_view.addAction(self.planting_dock.toggleViewAction())
        self.menu_view.addAction(self.zones_dock.toggleViewAction())
        self.menu_view.addAction(self.consultation.act_present)
        self.menu_before_after = self.menu_view.addMenu("")
        for act in self.models.actions.values():
            self.menu_before_after.addAction(act)
        self.menu_before_after.addSeparator()
        self.menu_before_after.addAction(self.models.act_split)
        self.menu_view.addAction(self.logbook_dock.toggleViewAction())  # logbook (issue 8)
        self.menu_view.addAction(self.logbook_dock.act_filter)  # logbook (issue 8)
        self.menu_language = self.menu_view.addMenu("")
        for act in self.act_languages.values():
            self.menu_language.addAction(act)
        self.menu_analyses = bar.addMenu("")
        self.menu_analyses.addAction(self.act_solar)
        self.menu_analyses.addAction(self.act_vegetation)
        self.menu_analyses.addAction(self.act_geothermal)
        self.menu_analyses.addAction(self.act_impact)
        self.menu_analyses.addSeparator()
        self.menu_analyses.addAction(self.shadow_dock.toggleViewAction())
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_about)

    def retranslate(self) -> None:
        if self.scene is not None:
            self.scene.set_grid_titles(grid_titles())
        self.project_ui.retranslate()
        self.project_ui.update_title()
        self.consultation.retranslate()
        self.models.retranslate()
        self.planting_dock.setWindowTitle(self.tr("Greening"))
        self.zones_dock.setWindowTitle(self.tr("Zones"))
        self.menu_logbook.setTitle(self.tr("&Logbook (carnet numérique)"))
        self.menu_before_after.setTitle(self.tr("&Before / after"))
        self.consultation_dock.setWindowTitle(self.tr("Consultation"))
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.menu_analyses.setTitle(self.tr("A&nalyses"))
        self.act_solar.setText(self.tr("&Solar irradiation…"))
        self.act_vegetation.setText(self.tr("&Green roofs and walls"))
        self.act_geothermal.setText(self.tr("&Geothermal potential"))
        self.act_impact.setText(self.tr("&Project's effect on the neighbours' sun…"))
        self.geothermal_dock.setWindowTitle(self.tr("Geothermal potential"))
        self.shadow_dock.setWindowTitle(self.tr("Shadow study"))
        self.menu_language.setTitle(self.tr("Language"))
        self.act_open.setText(self.tr("&Open…"))
        self.act_add_layer.setText(self.tr("&Add layer…"))
        self.menu_export.setTitle(self.tr("&Export"))
        self.act_export_image.setText(self.tr("&Image (title, legend, north arrow, scale)…"))
        self.act_export_pdf.setText(self.tr("&PDF handout…"))
        self.act_export_video.setText(self.tr("&Video tour (MP4)…"))
        self.act_export_web.setText(self.tr("&Web scene (offline HTML)…"))
        self.act_export_gltf.setText(self.tr("&glTF model of the zone…"))
        self.act_quit.setText(self.tr("&Quit"))
        self.act_home.setText(self.tr("Default view"))
        self.act_top.setText(self.tr("Top view"))
        self.act_zoom_in.setText(self.tr("Zoom in"))
        self.act_zoom_out.setText(self.tr("Zoom out"))
        self.act_about.setText(self.tr("&About Maquette"))
        self.layers_dock.setWindowTitle(self.tr("Layers"))
        self.building_dock.setWindowTitle(self.tr("Building"))
        self.provenance_label.setText(self._provenance_text())
        self.act_languages[self.translations.language].setChecked(True)
        self._update_cursor_readout()
        if getattr(self, "_theme_key", "") and self.scene is not None:
            self.colour_buildings_by(self._theme_key)  # the legend title is translated too

    def _provenance_text(self) -> str:
        if self.city.is_generated:
            return self.tr("Generated demo district — not survey data")
        return self.city.provenance

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ city

    def set_city(self, city: City) -> None:
        """Show ``city`` (replacing what was shown). Runs on the GUI thread: VTK actors live here."""
        if self.scene is not None:
            self.analyses.shadow_time.enabled = False  # the shadow study belongs to the old scene
            self.analyses.close_shadow_study()
            self.analyses.forget_results()
            self.scene.close()
            self.view.clear()
        self.city = city
        self.styles = default_styles(layer_keys(city))
        self.layers_panel.set_styles(self.styles)
        self.scene = Scene(self.view, city, self.styles)
        self.scene.set_grid_titles(grid_titles())
        self.layers_panel.set_themes(self.theme_choices())
        if city.point_clouds:
            histogram: dict[int, int] = {}
            for cloud in city.point_clouds:
                for cls, n in cloud.class_histogram().items():
                    histogram[cls] = histogram.get(cls, 0) + n
            has_rgb = any(c.rgb is not None and c.rgb.any() for c in city.point_clouds)
            self.layers_panel.points.set_cloud(histogram, has_rgb, self.scene.point_mode)
        else:
            self.layers_panel.points.set_cloud(None, False, "")
        self.layers_panel.set_relief_available(city)  # DSM in relief (issue 4)
        self.building_panel.show_building(city, None)
        camera.home_view(self.view, city)
        if hasattr(self, "consultation"):
            self.consultation.city_replaced()
        if hasattr(self, "models"):
            self.models.city_replaced()
        if hasattr(self, "planting"):
            self.planting.city_replaced()
        if hasattr(self, "zones"):
            self.zones.city_replaced()
        if hasattr(self, "project_ui"):
            self.project_ui.update_title()
        else:
            self.setWindowTitle(f"{APP_NAME} — {city.name}")
        self.provenance_label.setText(self._provenance_text())
        self.view.update()

    def colour_buildings_by(self, key: str) -> None:
        """Colour the buildings by a numeric attribute ("" for their natural colours), with a legend."""
        assert self.scene is not None
        self._theme_key = key
        overlay = None
        if is_logbook_theme(key):  # logbook (issue 8): by a field of the open logbook, or its filter's matches
            overlay = self.logbook_dock.theme_overlay(key)
            if overlay is None:  # no logbook open, or it could not be read (the status bar says why)
                self._theme_key = ""
                self.layers_panel.set_themes(self.theme_choices(), "")
        elif key in ROOF_FLAG_THEMES and key in self.city.buildings.face_data:  # yes/no per roof face
            buildings = self.city.buildings
            flag = np.nan_to_num(np.asarray(buildings.face_data[key], dtype=np.float64)) > 0.5
            roof = buildings.triangle_surface == SurfaceType.ROOF
            index = np.where(roof, np.where(flag, 0.0, 1.0), 2.0)
            overlay = Overlay(face_theme_label(key), index, listed_colormap(ROOF_FLAG_THEMES[key]),
                              categories=roof_flag_categories(key))
        elif key in self.city.buildings.face_data:  # an analysis result, per face
            cmap, clim = FACE_THEMES.get(key, ("viridis", None))
            if clim == "symmetric":  # a change: centred on zero, so white means "no change"
                finite = np.abs(self.city.buildings.face_data[key])
                finite = finite[np.isfinite(finite)]
                top = float(np.percentile(finite, 98)) if len(finite) else 0.0
                clim = (-max(top, 0.1), max(top, 0.1))
            if key in PERCENT_THEMES:
                values = 100.0 * np.asarray(self.city.buildings.face_data[key], dtype=np.float64)
                overlay = Overlay(face_theme_label(key), values, cmap, (0.0, 100.0))
            else:
                overlay = face_data_overlay(self.city.buildings, key, face_theme_label(key), cmap, clim)
        elif key:
            cmap = {"construction_year": "plasma", "height_m": "viridis", "storeys": "viridis"}.get(key, "viridis")
            overlay = attribute_overlay(self.city.buildings, key, theme_label(key), cmap)
        self.scene.set_overlay(overlay)
        self.view.update()

    def _on_point_display(self, mode: str, hidden: tuple) -> None:
        if self.scene is not None and self.city.point_clouds:
            self.scene.set_point_display(mode, hidden)
            self.view.update()

    def refresh_themes(self, current: str = "") -> None:
        """Offer the colourings the city now has (after an analysis) and show ``current``."""
        self.layers_panel.set_themes(self.theme_choices(), current)
        self.colour_buildings_by(current)

    def theme_choices(self) -> list[str]:
        """What "Colour buildings by" offers: the city's attributes and analyses, then the open logbook's fields."""
        dock = getattr(self, "logbook_dock", None)
        return theme_keys(self.city) + (dock.theme_keys() if dock is not None else [])

    def show_theme(self, key: str, overlay: Overlay | None) -> None:
        """Show ``overlay``, computed elsewhere (the logbook dialog), as the colouring ``key``: the list says so."""
        assert self.scene is not None
        self._theme_key = key
        self.layers_panel.set_themes(self.theme_choices(), key)
        self.scene.set_overlay(overlay)
        self.view.update()

    def select_building(self, index: int | None) -> None:
        assert self.scene is not None
        self.scene.select(index)
        self.building_panel.show_building(self.city, index)
        if index is not None:
            self.building_dock.show()
        self.building_picked.emit(self.city.buildings.ids[index] if index is not None else "")

    # ------------------------------------------------------------------ mouse

    def _event_pos(self) -> tuple[int, int]:
        x, y = self.view.iren.interactor.GetEventPosition()
        return int(x), int(y)

    def _on_left_press(self, *_args) -> None:
        self._press_pos = self._event_pos()

    def _on_left_release(self, *_args) -> None:
        if self._press_pos is None or self.scene is None:
            return
        x, y = self._event_pos()
        moved = abs(x - self._press_pos[0]) + abs(y - self._press_pos[1])
        self._press_pos = None
        if moved <= CLICK_TOLERANCE_PX:  # a click, not the end of an orbit drag
            if self.zones.handles_click():
                self.zones.click(self.scene.world_point(x, y))
                return
            if self.planting.handles_click():
                self.planting.click(self.scene.world_point(x, y))
                return
            if self.models.picking():
                self.models.picked(self.scene.world_point(x, y))
                return
            if self.consultation.pick_mode():
                self.consultation.place_comment(self.scene.world_point(x, y))
                return
            if self.consultation.click_pin(x, y):  # a comment pin, drawn over the city, wins (issue 9)
                return
            self.tree_selection.click(x, y)  # a building or a tree, whichever is in front (issue 4)

    def _on_mouse_move(self, *_args) -> None:
        self._hover_pos = self._event_pos()
        if not self._hover_timer.isActive():
            self._hover_timer.start()

    def _update_cursor_readout(self) -> None:
        if self.scene is None or self._hover_pos is None:
            self.coords_label.setText(self.tr("Move the cursor over the city to read coordinates"))
            return
        local = self.scene.world_point(*self._hover_pos)
        if local is None:
            self.coords_label.setText(self.tr("Sky: no ground under the cursor"))
            return
        x, y = self.city.frame.to_world(local[:2])
        ground = float(self.city.ground_height_at(local[0], local[1]))
        text = self.tr("X %1  Y %2 (%3)").replace("%1", _fmt(x)).replace("%2", _fmt(y)).replace("%3", self.city.crs)
        if np.isfinite(ground):
            text += "   " + self.tr("ground %1 m").replace("%1", f"{ground:.1f}")
        self.coords_label.setText(text)

    # ------------------------------------------------------------------ camera

    def _move(self, fn, *args) -> None:
        fn(self.view, *args)
        self.view.update()

    def home_view(self) -> None:
        camera.home_view(self.view, self.city)
        self.view.update()

    def top_view(self) -> None:
        camera.top_view(self.view, self.city)
        self.view.update()

    # ------------------------------------------------------------------ files

    def open_file_dialog(self) -> None:
        from importers import file_dialog_filters

        filters = [f"{label} ({' '.join(patterns)})" for label, patterns in file_dialog_filters()]
        filters.insert(1, self.tr("Maquette project (*.maquette)"))
        filters[0] = filters[0][:-1] + " *.maquette)"
        start = str(self.settings.value("last_dir", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a city or project file"), start, ";;".join(filters))
        if path:
            self.settings.setValue("last_dir", str(Path(path).parent))
            if is_project(Path(path)):
                self.project_ui.open_project(Path(path))
            else:
                self.open_path(Path(path))

    def add_layer_dialog(self) -> None:
        from importers import file_dialog_filters

        filters = [f"{label} ({' '.join(patterns)})" for label, patterns in file_dialog_filters()]
        start = str(self.settings.value("last_dir", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Add a layer to the city"), start, ";;".join(filters))
        if path:
            self.settings.setValue("last_dir", str(Path(path).parent))
            self.open_path(Path(path), add=True)

    def open_path(self, path: Path, crs: str | None = None, add: bool = False, options: dict | None = None) -> None:
        """Read ``path`` in a worker thread with a cancellable progress dialog.

        ``add``: add its layers to the city shown (File > Add layer) instead of replacing it.
        """
        progress = progress_dialog(self, self.tr("Reading %1…").replace("%1", path.name), self.tr("Cancel"))
        worker = OpenWorker(path, crs, base=self.city if add else None, options=options)
        self._open_job = {"worker": worker, "progress": progress, "path": path, "crs": crs, "add": add}
        self._open_job["thread"] = start_worker(
            self, worker, progress, self, self._on_open_progress, self._on_open_finished, self._on_open_failed
        )

    @Slot(float, str)
    def _on_open_progress(self, fraction: float, _message: str) -> None:
        job = getattr(self, "_open_job", None)
        if job is not None:
            job["progress"].setValue(int(fraction * 1000))

    @Slot(object)
    def _on_open_finished(self, city) -> None:
        job = self._open_job
        job["progress"].close()
        if isinstance(city, tuple) and city[0] == "place":
            self.models.ask_placement(job["path"], city[1], job["crs"])
            return
        camera_state = self.view.camera.copy() if job["add"] else None
        self.set_city(city)
        if job["add"]:
            self.view.camera = camera_state  # adding a layer keeps the view where it was
            self.view.update()
            self.city_sources.append((job["path"], job["crs"]))
        else:
            self.city_sources = [(job["path"], job["crs"])]
        self.project_ui.city_opened(added=job["add"])

    @Slot(object)
    def _on_open_failed(self, exc: BaseException) -> None:
        job = self._open_job
        job["progress"].close()
        self._last_open_add = job["add"]
        self._report_open_error(job["path"], exc)

    def _report_open_error(self, path: Path, exc: BaseException) -> None:
        from importers.errors import Cancelled, CrsRequired, ImporterError

        if isinstance(exc, Cancelled):
            self.statusBar().showMessage(self.tr("Opening cancelled: the city shown is unchanged."), 5000)
            return
        if isinstance(exc, CrsRequired):
            crs, ok = QInputDialog.getItem(
                self,
                self.tr("Coordinate system needed"),
                self.tr("%1 does not say which coordinate system it uses. Choose it:").replace("%1", path.name),
                ["EPSG:2154", "EPSG:3946", "EPSG:4326", "EPSG:7415", "EPSG:2056", "EPSG:3949"],
                0,
                True,
            )
            if ok and crs:
                self.open_path(path, crs=crs, add=getattr(self, "_last_open_add", False))
            return
        message = str(exc) if isinstance(exc, ImporterError) else f"{path.name}: {type(exc).__name__}: {exc}"
        QMessageBox.warning(self, self.tr("Cannot open file"), message + "\n\n" + self.tr("The city shown is unchanged."))

    EXPORTS = {
        # kind: (file suffix, default name, dialog filter)
        "image": (".png", "maquette-view.png", "Images (*.png *.jpg)"),
        "pdf": (".pdf", "maquette-handout.pdf", "PDF (*.pdf)"),
        "video": (".mp4", "maquette-tour.mp4", "MP4 (*.mp4)"),
        "web": (".html", "maquette-scene.html", "HTML (*.html)"),
        "gltf": (".glb", "maquette-zone.glb", "glTF (*.glb)"),
    }

    def export_dialog(self, kind: str) -> None:
        """Ask where (and, for images, how large), then export in the background."""
        suffix, default, file_filter = self.EXPORTS[kind]
        start = str(Path(str(self.settings.value("last_export_dir", str(Path.home())))) / default)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), start, file_filter)
        if not path:
            return
        path = Path(path) if Path(path).suffix.lower() == suffix or kind == "image" else Path(path + suffix)
        options: dict[str, str] = {}
        if kind == "image":
            sizes = ["1920x1080", "3840x2160", "7680x4320"]
            size, ok = QInputDialog.getItem(self, self.tr("Export image"), self.tr("Size in pixels:"), sizes, 1, False)
            if not ok:
                return
            options["size"] = size
        elif kind == "pdf":
            paper, ok = QInputDialog.getItem(self, self.tr("PDF handout"), self.tr("Paper:"), ["A4", "A3"], 0, False)
            if not ok:
                return
            options["paper"] = paper
        self.settings.setValue("last_export_dir", str(path.parent))
        self.export(kind, path, **options)

    def export_image(self, path: Path, size: str = "3840x2160") -> QProcess:
        return self.export("image", path, size=size)

    def export(self, kind: str, path: Path, size: str = "", paper: str = "A4", seconds: float | None = None) -> QProcess:
        """Export in a separate process (the window stays responsive; Cancel kills it).

        A video follows the consultation's chosen tour (or every saved viewpoint), through the session saved
        as a project; without two viewpoints, the default orbit.
        """
        args = ["-m", "app.cli", "export", kind]
        tour = self.consultation.tour() if kind == "video" else None
        if self.city_sources or (kind == "video" and len(self.consultation.viewpoints) >= 2):
            # the session as a project: the demo district with layers added exports as it is shown
            from city.project import save as save_project

            self._export_dir = getattr(self, "_export_dir", None) or QTemporaryDir()
            args.append(str(save_project(self.project_ui.current(), Path(self._export_dir.path()) / "export.maquette")))
        args += ["--out", str(path), "--title", self.city.name]
        if kind in ("image", "video") and size:
            args += ["--size", size]
        if kind == "image":
            cam = self.view.camera
            camera_json = json.dumps(
                {"position": list(cam.position), "focal_point": list(cam.focal_point), "up": list(cam.up),
                 "view_angle": cam.view_angle}
            )
            args += ["--camera", camera_json]
        if kind in ("image", "pdf") and getattr(self, "_theme_key", "") and self._theme_key in self.city.buildings.attributes:
            args += ["--colour-by", self._theme_key]
        if kind == "pdf":
            args += ["--paper", paper]
        if kind in ("pdf", "web"):
            args += ["--lang", self.translations.language]
        if kind == "video" and tour is not None:
            args += ["--tour", tour.name]  # its flights and pauses set the length
        if kind == "video" and (seconds is not None or tour is None):
            args += ["--seconds", str(seconds or 30.0)]
        process = QProcess(self)
        process.setProgram(sys.executable)
        process.setArguments(args)
        progress = progress_dialog(self, self.tr("Exporting %1…").replace("%1", path.name), self.tr("Cancel"), 200)
        progress.setMaximum(0)  # busy indicator: the export runs in another process
        progress.canceled.connect(process.kill)

        def finished(code: int, status) -> None:  # QProcess signals arrive on the GUI thread
            progress.close()
            if status == QProcess.ExitStatus.NormalExit and code == 0:
                self.statusBar().showMessage(self.tr("Exported to %1").replace("%1", str(path)), 8000)
            elif progress.wasCanceled():
                Path(path).unlink(missing_ok=True)  # killed mid-write: no half file left behind
                self.statusBar().showMessage(self.tr("Export cancelled."), 5000)
            else:
                error = bytes(process.readAllStandardError()).decode(errors="replace").strip().splitlines()
                QMessageBox.warning(self, self.tr("Export failed"), error[-1] if error else self.tr("Export failed"))

        process.finished.connect(finished)
        process.start()
        self._export_process = process
        return process

    # ------------------------------------------------------------------ misc

    def set_language(self, language: str) -> None:
        self.translations.set_language(language)
        self.settings.setValue("language", language)
        self.act_languages[language].setChecked(True)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Maquette"),
            self.tr(
                "<h3>Maquette %1</h3><p>A 3D model of Paris for urban planning and public consultation.</p>"
                "<p>Working coordinate system: Lambert-93 (EPSG:2154).</p>"
                "<p>The default district is generated by Maquette's own code at the location of the "
                "Clichy-Batignolles redevelopment zone: it is a demonstration, not survey data.</p>"
                "<p>Built with Qt (PySide6), VTK, PyVista, pyproj, numpy.</p>"
            ).replace("%1", VERSION),
        )

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray | bytes):
            self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.hide_stale_tab_bars()

    def hide_stale_tab_bars(self) -> None:
        """Hide the dock tab bars Qt leaves behind when docks are tabified in two areas.

        Qt 6 keeps showing the bar of an earlier, smaller tab group (here "Layers | Shadow study",
        with no titles) over the left dock: a bar whose docks all belong to a larger bar is left over.
        """
        bars = [b for b in self.findChildren(QTabBar) if b.parent() is self and not b.isHidden()]
        groups = [(b, {b.tabData(i) for i in range(b.count())}) for b in bars]
        for bar, docks in groups:
            if any(other is not bar and docks < others for other, others in groups):
                bar.hide()

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.project_ui.may_close():
            event.ignore()
            return
        self.project_ui.timer.stop()
        self.save_layout()
        self.analyses.close_shadow_study()
        self.analyses.cancel_geothermal()
        self.analyses.wait_geothermal()
        if self.scene is not None:
            self.scene.close()
        self.view.close()
        super().closeEvent(event)


def _scrolling(panel: QWidget) -> QScrollArea:
    """A tall panel in a scroll area, so that a dock never forces the window's minimum height."""
    area = QScrollArea()
    area.setObjectName(f"{panel.objectName()}_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(panel)
    return area


def theme_keys(city: City) -> list[str]:
    """Numeric building attributes worth colouring by (known ones first)."""
    known = ["construction_year", "height_m", "storeys"]
    numeric = [
        k for k, col in city.buildings.attributes.items()
        if col.dtype.kind in "if" and np.isfinite(col.astype(float)).any()
    ]
    analyses = [k for k in FACE_THEMES if k in city.buildings.face_data]
    return [k for k in known if k in numeric] + sorted(k for k in numeric if k not in known) + analyses


def _fmt(value: float) -> str:
    return f"{value:,.2f}".replace(",", " ")


def run_gui(path: Path | None, crs: str | None = None, lang: str | None = None, process_start: float | None = None) -> int:
    """Open the window (on ``path``, or the demo district) and run the event loop."""
    os.environ.pop("PYVISTA_OFF_SCREEN", None)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(APP_ICON)))
    settings = QSettings(APP_NAME, APP_NAME)
    translations = Translations(app)
    translations.set_language(lang or str(settings.value("language", "")) or system_language())

    from city.district import generate_district

    window = MainWindow(generate_district(), settings, translations)
    bench = os.environ.get("MAQUETTE_BENCH_FIRST_FRAME")
    if bench:
        # Benchmark hook: print the seconds from MAQUETTE_BENCH_T0 (the launcher's clock,
        # before it started this process) to the end of the first rendered frame, then quit.
        t0 = float(os.environ.get("MAQUETTE_BENCH_T0", process_start or time.time()))

        def first_frame(*_args) -> None:
            window.view.ren_win.RemoveObserver(tag)
            print(f"first_frame_s={time.time() - t0:.3f}", flush=True)
            QTimer.singleShot(0, window.close)

        tag = window.view.ren_win.AddObserver("EndEvent", first_frame)
    window.show()
    if path is None and not bench:  # logbook (issue 8): the demo sample, not during the first-frame benchmark
        window.logbook_dock.open_demo_logbook()  # logbook (issue 8)
    if path is not None and is_project(path):
        window.project_ui.open_project(path)
    elif path is not None:
        window.open_path(path, crs=crs)
    return app.exec()
