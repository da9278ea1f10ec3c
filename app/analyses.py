"""The Analyses menu: solar irradiation and green roofs/walls run off the GUI thread, and the shadow study dock.

Results land in ``city.buildings.face_data`` and show up in the layers
panel's "Colour buildings by" list, with a legend.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.analyse import load_weather
from app.geothermal_panel import GeothermalPanel
from app.jobs import collect_on_gui_thread, no_cyclic_gc, progress_dialog, start_worker
from app.shadow_panel import ShadowPanel, ShadowTime, ShadowWorker

#: Face arrays the analyses add, with the colour map and value range of their overlay.
FACE_THEMES = {
    "solar_irradiation_kwh_m2": ("inferno", (0.0, 1400.0)),
    "solar_direct_kwh_m2": ("inferno", (0.0, 1000.0)),
    "sky_view_factor": ("cividis", (0.0, 1.0)),
    "sunlight_hours": ("YlOrRd", None),
    "green_roof_suitability": ("Greens", (0.0, 1.0)),
    "urban_farm_suitability": ("Greens", (0.0, 1.0)),
    "green_wall_area_m2": ("Greens", None),
    "pv_green_conflict": ("Oranges", (0.0, 1.0)),
    "canopy_cover_surroundings": ("Greens", (0.0, 1.0)),
    "geothermal_coverage": ("YlOrRd", (0.0, 1.0)),
    "geothermal_power_kw": ("YlOrRd", None),
    "geothermal_boreholes": ("YlOrRd", None),
    "geothermal_heat_mwh": ("YlOrRd", None),
    "geothermal_network_distance_m": ("viridis_r", None),
    "impact_sunlight_hours": ("RdBu", "symmetric"),
    "impact_irradiation_kwh_m2": ("RdBu", "symmetric"),
}
"""A ``"symmetric"`` range is centred on zero (a change: losses red, gains blue, none white)."""

#: Face arrays holding a share (0-1), shown in per cent: "25 %" reads better than "0.25".
PERCENT_THEMES = frozenset({"geothermal_coverage", "canopy_cover_surroundings"})

#: Face arrays that are yes/no per roof face: shown as categories (roofs that qualify, other roofs,
#: other faces), not on a 0-1 scale. The colours: the qualifying roofs, the other roofs, the rest.
ROOF_FLAG_THEMES = {
    "green_roof_suitability": ("#2e7d32", "#d8c9a3", "#c9c9c9"),
    "urban_farm_suitability": ("#8bc34a", "#d8c9a3", "#c9c9c9"),
    "pv_green_conflict": ("#ef6c00", "#d8c9a3", "#c9c9c9"),
}


def roof_flag_categories(key: str) -> tuple[str, str, str]:
    """The legend's names for a :data:`ROOF_FLAG_THEMES` overlay: qualifying roofs, other roofs, other faces."""
    rest = QCoreApplication.translate("Analyses", "walls and other faces")
    if key == "green_roof_suitability":
        return (QCoreApplication.translate("Analyses", "roofs suited to a green roof"),
                QCoreApplication.translate("Analyses", "other roofs (too steep or too small)"), rest)
    if key == "urban_farm_suitability":
        return (QCoreApplication.translate("Analyses", "roofs suited to urban agriculture"),
                QCoreApplication.translate("Analyses", "other roofs (too steep, too small or too little sun)"), rest)
    return (QCoreApplication.translate("Analyses", "roofs good for both PV and a green roof"),
            QCoreApplication.translate("Analyses", "other roofs"), rest)


SOLAR_SAMPLE_M2 = 16.0
"""Face area one sample stands for in the window (the command line defaults to a finer 4 m²)."""



def grid_titles() -> dict[str, str]:
    """Legend titles of the rasters and maps draped on the ground, by kind (see Scene.set_grid_titles)."""
    return {
        "ndvi": QCoreApplication.translate("Analyses", "NDVI"),
        "dhm": QCoreApplication.translate("Analyses", "Height above ground (m)"),
        "dsm": QCoreApplication.translate("Analyses", "Surface altitude (m)"),
        "canopy": QCoreApplication.translate("Analyses", "Tree canopy cover (%) in 5 m squares"),
    }


def face_theme_label(key: str) -> str:
    labels = {
        "solar_irradiation_kwh_m2": QCoreApplication.translate("Analyses", "Solar irradiation (kWh/m² per year)"),
        "solar_direct_kwh_m2": QCoreApplication.translate("Analyses", "Direct sun (kWh/m² per year)"),
        "sky_view_factor": QCoreApplication.translate("Analyses", "Sky view factor"),
        "sunlight_hours": QCoreApplication.translate("Analyses", "Sunlight hours (equinox day)"),
        "green_roof_suitability": QCoreApplication.translate("Analyses", "Green roof suitability"),
        "urban_farm_suitability": QCoreApplication.translate("Analyses", "Urban agriculture suitability"),
        "green_wall_area_m2": QCoreApplication.translate("Analyses", "Greenable wall area (m²)"),
        "pv_green_conflict": QCoreApplication.translate("Analyses", "Roofs good for both PV and a green roof"),
        "canopy_cover_surroundings": QCoreApplication.translate("Analyses", "Tree canopy within 20 m of the building (%)"),
        "geothermal_coverage": QCoreApplication.translate("Analyses", "Geothermal share of the heat demand (%)"),
        "geothermal_power_kw": QCoreApplication.translate("Analyses", "Geothermal heat from the ground (kW)"),
        "geothermal_boreholes": QCoreApplication.translate("Analyses", "Geothermal boreholes"),
        "geothermal_heat_mwh": QCoreApplication.translate("Analyses", "Geothermal heat delivered (MWh/year)"),
        "geothermal_network_distance_m": QCoreApplication.translate("Analyses", "Distance to a geothermal heating plant (m)"),
        "impact_sunlight_hours": QCoreApplication.translate("Analyses", "Sun hours gained or lost with the project (h)"),
        "impact_irradiation_kwh_m2": QCoreApplication.translate("Analyses", "Sun energy gained or lost with the project (kWh/m²)"),
    }
    return labels.get(key, key)


class AnalysisWorker(QObject):
    """Runs one analysis function off the GUI thread; results and errors come back as signals."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, function, *args) -> None:
        super().__init__()
        self.function, self.args = function, args
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        with no_cyclic_gc():  # see app.jobs: no VTK finalizers off the GUI thread
            try:
                result = self.function(*self.args, progress=lambda f, m="": self.progress.emit(float(f), str(m)),
                                       cancel=lambda: self.cancelled)
            except BaseException as exc:  # shown to the user; the city is untouched on failure
                self.failed.emit(exc)
            else:
                self.finished.emit(result)


def run_solar(city, weather_path: Path | None, progress=None, cancel=None):
    from analysis.solar import SolarSettings, compute_solar
    from analysis.solar_cache import SolarCache, default_cache_dir

    weather = load_weather(city, weather_path)

    # reopening a city already analysed with the same weather and settings is instant
    return compute_solar(city, weather, SolarSettings(max_sample_area_m2=SOLAR_SAMPLE_M2), progress=progress, cancel=cancel,
                         cache=SolarCache(default_cache_dir()))


#: Days offered for the sunlight hours of the before / after comparison.
IMPACT_DAYS = (dt.date(2025, 3, 21), dt.date(2025, 12, 21), dt.date(2025, 6, 21))


def run_impact(city, weather_path: Path | None, day: dt.date, progress=None, cancel=None):
    """The project models' effect on the neighbours' sun (:func:`analysis.impact.solar_impact`)."""
    from analysis.impact import solar_impact
    from analysis.solar import SolarSettings

    weather = load_weather(city, weather_path)
    settings = SolarSettings(max_sample_area_m2=SOLAR_SAMPLE_M2, sunlight_first_day=day)
    return solar_impact(city, weather, settings, progress=progress, cancel=cancel)


def impact_building_rows(result, city, index: int) -> list[tuple[str, str]]:
    """The building panel's rows for a neighbour of a project (nothing for the others)."""
    if result is None or city is None or not 0 <= index < len(city.buildings):
        return []
    bid = city.buildings.ids[index]
    if bid not in result.buildings.index:
        return []
    row = result.buildings.loc[bid]
    day = result.day.strftime("%d/%m") if result.day else ""
    return [
        (QCoreApplication.translate("Analyses", "Sunlight hours on %1, before → after").replace("%1", day),
         f"{row['sunlight_hours_before']:.1f} h → {row['sunlight_hours_after']:.1f} h ({row['sunlight_hours_change']:+.1f} h)"),
        (QCoreApplication.translate("Analyses", "Sun energy on its faces, change with the project"),
         f"{row['irradiation_kwh_change'] / 1000:+,.1f} MWh/yr ({row['irradiation_change_pct']:+.1f} %)".replace(",", " ")),
    ]


def run_vegetation(city, progress=None, cancel=None):
    from analysis.vegetation import compute_vegetation

    if progress is not None:
        progress(0.1, "roofs and walls")
    result = compute_vegetation(city)
    city.buildings.face_data.update(result.face_arrays(city.buildings.triangle_building))
    if "solar_irradiation_kwh_m2" in city.buildings.face_data:
        city.buildings.face_data["pv_green_conflict"] = result.pv_green_conflict.astype("float32")
    return result


def run_geothermal(city, settings, logbook=None, progress=None, cancel=None):
    """The geothermal analysis, with DPE classes and construction years from the logbook when one is open."""
    from analysis.geothermal import compute_geothermal, face_arrays

    dpe = year = None
    if logbook is not None:
        ids = list(city.buildings.ids)
        try:
            dpe = logbook.column("dpe_class", ids)
            year = logbook.column("construction_year", ids)
        except Exception:  # a logbook without these fields: attributes and defaults are used, as stated
            dpe = year = None
    result = compute_geothermal(city, settings, logbook_dpe=dpe, logbook_year=year, progress=progress, cancel=cancel)
    return result, face_arrays(result, city.buildings.triangle_building)


class AnalysesController(QObject):
    """Owns the Analyses menu's actions, their workers, and the shadow study of a window."""

    request_shadow = Signal(object)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._job = None
        self.shadow_time = ShadowTime()
        self.shadow_panel = ShadowPanel(self.shadow_time)
        self.shadow_study = None
        self._shadow_thread: QThread | None = None
        self._shadow_busy = False
        self._shadow_pending: dt.datetime | None = None
        self.shadow_time.events.connect(self._on_shadow_time)
        self.geothermal_panel = GeothermalPanel()
        self.geothermal_result = None
        self.vegetation_result = None
        self.impact_result = None
        self._geo_worker: AnalysisWorker | None = None
        self._geo_again = False
        self.geothermal_panel.run_requested.connect(self.run_geothermal)
        self.geothermal_panel.cancel_requested.connect(self.cancel_geothermal)
        self.geothermal_panel.settings_changed.connect(self._on_geothermal_settings)

    # ------------------------------------------------------------------ solar and vegetation

    def _ask_weather(self, title: str) -> tuple[bool, Path | None]:
        """(go on, weather file or None for a clear-sky year), asked in a dialog."""
        w = self.window
        choices = [QCoreApplication.translate("Analyses", "Clear-sky year (modelled, not measured weather)"), QCoreApplication.translate("Analyses", "Weather file (EPW or PVGIS TMY)…")]
        choice, ok = QInputDialog.getItem(w, title, QCoreApplication.translate("Analyses", "Sun and sky from:"), choices, 0, False)
        if not ok:
            return False, None
        if choice == choices[1]:
            path, _ = QFileDialog.getOpenFileName(w, QCoreApplication.translate("Analyses", "Weather file"), str(Path.home()), QCoreApplication.translate("Analyses", "Weather (*.epw *.csv *.json)"))
            return (True, Path(path)) if path else (False, None)
        return True, None

    def solar_dialog(self) -> None:
        title = QCoreApplication.translate("Analyses", "Solar irradiation")
        ok, weather = self._ask_weather(title)
        if ok:
            self._start(title, run_solar, (self.window.planting.city_for_analyses(), weather), self._solar_done)

    def impact_dialog(self) -> None:
        """Analyses > Project's effect on the neighbours' sun: the day, the weather, then the run."""
        w = self.window
        title = QCoreApplication.translate("Analyses", "Project's effect on the neighbours' sun")
        models, _under = w.models.masks()
        if not models.any():
            QMessageBox.information(w, title, QCoreApplication.translate(
                "Analyses", "There is no project model to compare with. Add one with File > Add layer (IFC, glTF, OBJ…) "
                            "and place it first."))
            return
        days = [QCoreApplication.translate("Analyses", "Spring equinox (21 March)"),
                QCoreApplication.translate("Analyses", "Winter solstice (21 December)"),
                QCoreApplication.translate("Analyses", "Summer solstice (21 June)")]
        choice, ok = QInputDialog.getItem(w, title, QCoreApplication.translate("Analyses", "Sunlight hours on:"), days, 0, False)
        if not ok:
            return
        ok, weather = self._ask_weather(title)
        if ok:
            self.start_impact(weather, IMPACT_DAYS[days.index(choice)])

    def start_impact(self, weather: Path | None = None, day: dt.date = IMPACT_DAYS[0]) -> None:
        self._start(QCoreApplication.translate("Analyses", "Project's effect on the neighbours' sun"), run_impact,
                    (self.window.planting.city_for_analyses(), weather, day), self._impact_done)

    def vegetation(self) -> None:
        self._start(QCoreApplication.translate("Analyses", "Green roofs and walls"), run_vegetation,
                    (self.window.planting.city_for_analyses(),), self._vegetation_done)

    def _start(self, title: str, function, args, done) -> None:
        w = self.window
        if self._job is not None:
            return
        progress = progress_dialog(w, title + "…", QCoreApplication.translate("Analyses", "Cancel"), 200)
        worker = AnalysisWorker(function, *args)
        self._job = {"worker": worker, "progress": progress, "done": done, "title": title}
        self._job["thread"] = start_worker(self, worker, progress, self, self._on_progress, self._on_finished, self._on_failed)

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        job = self._job  # setValue() may process events, and with them the end of the job
        if job is not None:
            job["progress"].setLabelText(f"{job['title']}… {message}")
            job["progress"].setValue(int(fraction * 1000))

    @Slot(object)
    def _on_finished(self, result) -> None:
        job, self._job = self._job, None
        job["progress"].close()
        job["done"](result)

    @Slot(object)
    def _on_failed(self, exc) -> None:
        job, self._job = self._job, None
        job["progress"].close()
        from analysis.progress import Cancelled

        if isinstance(exc, Cancelled) or getattr(job["worker"], "cancelled", False):
            self.window.statusBar().showMessage(QCoreApplication.translate("Analyses", "Analysis cancelled: nothing was changed."), 5000)
            return
        QMessageBox.warning(self.window, job["title"], f"{type(exc).__name__}: {exc}")

    def _solar_done(self, result) -> None:
        w = self.window
        w.zones.refresh()
        w.refresh_themes("solar_irradiation_kwh_m2")
        note = "; ".join(result.notes)
        w.statusBar().showMessage(
            QCoreApplication.translate("Analyses", "Solar irradiation computed in %1 s.").replace("%1", f"{result.timings_s.get('total', 0):.0f}")
            + (f" ({note})" if note else ""), 15000)

    def _impact_done(self, result) -> None:
        w = self.window
        faces = result.face_data
        if len(faces["impact_sunlight_hours"]) != len(w.city.buildings.triangle_building):
            return  # the city changed while computing
        self.impact_result = result
        w.city.buildings.face_data.update(faces)
        w.models.set_state("after")
        w.refresh_themes("impact_sunlight_hours")
        w.building_panel.refresh()
        losers = result.losers()
        if len(losers):
            worst = losers.iloc[0]
            text = QCoreApplication.translate(
                "Analyses", "%1 of %2 neighbouring buildings within %3 m have faces losing an hour of sun or more on "
                            "that day; most: %4 (%5 m²).")
            text = (text.replace("%1", str(len(losers))).replace("%2", str(len(result.buildings)))
                    .replace("%3", f"{result.radius_m:.0f}").replace("%4", str(losers.index[0]))
                    .replace("%5", f"{worst['area_losing_1h_m2']:,.0f}".replace(",", " ")))
        else:
            text = QCoreApplication.translate(
                "Analyses", "None of the %1 neighbouring buildings within %2 m loses an hour of sun on that day.")
            text = text.replace("%1", str(len(result.buildings))).replace("%2", f"{result.radius_m:.0f}")
        w.statusBar().showMessage(text, 30000)

    def _vegetation_done(self, result) -> None:
        w = self.window
        self.vegetation_result = result
        w.planting.refresh_dashboard()
        w.zones.refresh()
        w.refresh_themes("green_roof_suitability" if len(w.city.buildings) else "")  # no roofs: no roof colouring
        if result.canopy is not None and w.scene is not None:  # the canopy cover map, on the ground (issue 7)
            from analysis.vegetation import canopy_cover_grid

            w.scene.set_analysis_grid(canopy_cover_grid(result.canopy))  # titled by grid_titles()
            w.layers_panel.set_styles(w.scene.styles)
            w.view.update()
        total = result.roof_green_m2.sum() / 1e4
        w.statusBar().showMessage(QCoreApplication.translate("Analyses", "Green roofs possible on %1 ha of roofs.").replace("%1", f"{total:.1f}"), 15000)

    # ------------------------------------------------------------------ geothermal (its own dock, no modal dialog)

    def geothermal(self) -> None:
        """Analyses > Geothermal potential: show the dock and compute with its settings."""
        self.window.geothermal_dock.show()
        self.window.geothermal_dock.raise_()
        self.run_geothermal()

    def run_geothermal(self) -> None:
        if self._geo_worker is not None:  # a run is going: stop it, start again with the new settings
            self._geo_worker.cancelled = True
            self._geo_again = True
            return
        w = self.window
        logbook = getattr(getattr(w, "logbook_dock", None), "store", None)
        worker = AnalysisWorker(run_geothermal, w.city, self.geothermal_panel.settings, logbook)
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._geo_progress)
        worker.finished.connect(self._geo_finished)
        worker.failed.connect(self._geo_failed)
        for signal in (worker.finished, worker.failed):
            signal.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(thread.deleteLater)
        self._geo_worker, self._geo_thread = worker, thread
        self.geothermal_panel.set_busy(True)
        collect_on_gui_thread()
        thread.start()

    def cancel_geothermal(self) -> None:
        if self._geo_worker is not None:
            self._geo_worker.cancelled = True
            self._geo_again = False

    def wait_geothermal(self, timeout_ms: int = 10000) -> None:
        """Block until a running geothermal computation ends (closing the window, tests)."""
        thread = getattr(self, "_geo_thread", None)
        if self._geo_worker is not None and thread is not None:
            thread.wait(timeout_ms)

    @Slot(object)
    def _on_geothermal_settings(self, _settings) -> None:
        if self.geothermal_result is not None or self._geo_worker is not None:
            self.run_geothermal()

    @Slot(float, str)
    def _geo_progress(self, fraction: float, message: str) -> None:
        self.geothermal_panel.show_progress(fraction, message)

    def _geo_end(self) -> bool:
        """Clear the running job; True when another run was asked for meanwhile (and is started)."""
        self._geo_worker = None
        self.geothermal_panel.set_busy(False)
        if self._geo_again:
            self._geo_again = False
            self.run_geothermal()
            return True
        return False

    @Slot(object)
    def _geo_finished(self, payload) -> None:
        if self._geo_end():
            return
        result, faces = payload
        w = self.window
        if len(faces.get("geothermal_coverage", ())) != len(w.city.buildings.triangle_building):
            return  # the city changed while computing: the result belongs to the old one
        self.geothermal_result = result
        w.city.buildings.face_data.update(faces)
        self.geothermal_panel.show_result(result)
        current = getattr(w, "_theme_key", "")
        w.refresh_themes(current if current.startswith("geothermal_") else "geothermal_coverage")
        w.building_panel.refresh()
        w.zones.refresh()

    @Slot(object)
    def _geo_failed(self, exc) -> None:
        if self._geo_end():
            return
        from analysis.progress import Cancelled

        if isinstance(exc, Cancelled):
            self.geothermal_panel.show_error(QCoreApplication.translate("Analyses", "Analysis cancelled: nothing was changed."))
            return
        from app.geothermal_panel import error_text

        if isinstance(exc, ValueError):  # a refused setting: its note, in the interface's language
            self.geothermal_panel.show_error(error_text(exc))
            return
        self.geothermal_panel.show_error(f"{type(exc).__name__}: {exc}")

    def forget_results(self) -> None:
        """A new city: earlier results no longer apply."""
        self.cancel_geothermal()
        self.geothermal_result = None
        self.vegetation_result = None
        self.impact_result = None
        self.geothermal_panel.show_result(None)

    # ------------------------------------------------------------------ shadow study

    def _on_shadow_time(self, *_args) -> None:
        if not self.shadow_time.enabled:
            self.close_shadow_study()
            self.shadow_panel.show_sun(None)
            return
        if self.shadow_study is None:
            from viewer.shadows import ShadowStudy

            self.shadow_study = ShadowStudy(self.window.scene)
            self._shadow_worker = ShadowWorker(self.shadow_study)
            self._shadow_thread = QThread(self)
            self._shadow_worker.moveToThread(self._shadow_thread)
            self.request_shadow.connect(self._shadow_worker.compute)
            self._shadow_worker.done.connect(self._on_shadow_done)
            self._shadow_worker.failed.connect(self._on_shadow_failed)
            collect_on_gui_thread()
            self._shadow_thread.start()
        when = self.shadow_time.when
        if self._shadow_busy:  # only the latest request counts while one is computing
            self._shadow_pending = when
            return
        self._shadow_busy = True
        self.shadow_panel.show_sun(None, busy=True)
        self.request_shadow.emit(when)

    @Slot(object)
    def _on_shadow_done(self, frame) -> None:
        self._shadow_busy = False
        if self.shadow_study is None or not self.shadow_time.enabled:
            return
        self.shadow_study.show(frame)
        self.shadow_panel.show_sun(frame.elevation_deg)
        if self._shadow_pending is not None:
            when, self._shadow_pending = self._shadow_pending, None
            self._shadow_busy = True
            self.request_shadow.emit(when)

    @Slot(str)
    def _on_shadow_failed(self, message: str) -> None:
        self._shadow_busy = False
        self.window.statusBar().showMessage(message, 8000)

    def close_shadow_study(self) -> None:
        """Stop the shadow study (before the scene changes, or when switched off)."""
        if self._shadow_thread is not None:
            self._shadow_thread.quit()
            self._shadow_thread.wait(5000)
            self._shadow_thread = None
        if self.shadow_study is not None:
            self.shadow_study.close()
            self.shadow_study = None
        self._shadow_busy = False
        self._shadow_pending = None
