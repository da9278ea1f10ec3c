"""Project models in the window: placing an architect's model, and the before / after views.

A model that is not georeferenced (OBJ, glTF, most IFC exports) comes with
the place dialog: the point where its origin goes (typed in Lambert-93, or
picked on the map), its elevation (on the terrain by default), its rotation
and its unit (the importer's guess, which the user can override). The
placement is kept in the project so the model reopens in place.

Before / after: "after" hides the existing buildings standing inside a
project model's footprint, "before" hides the project models; "side by side"
opens both in one window with linked cameras.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from city.model import City
from city.placement import ModelPlacement, project_masks

UNITS = (("metres", 1.0), ("centimetres", 0.01), ("millimetres", 0.001), ("inches", 0.0254), ("feet", 0.3048))


def unit_label(key: str) -> str:
    return {
        "metres": QCoreApplication.translate("Models", "metres"),
        "centimetres": QCoreApplication.translate("Models", "centimetres"),
        "millimetres": QCoreApplication.translate("Models", "millimetres"),
        "inches": QCoreApplication.translate("Models", "inches"),
        "feet": QCoreApplication.translate("Models", "feet"),
    }[key]


def needs_placement(city: City) -> bool:
    """A city read from a model file that does not say where it stands."""
    b = city.buildings
    placed = b.attributes.get("placed")
    project = b.attributes.get("project")
    return len(b) == 1 and placed is not None and project is not None and not bool(placed[0]) and bool(project[0])


def guessed_placement(city: City) -> ModelPlacement:
    """The unit and up axis the importer guessed (kept in the ``placement`` attribute)."""
    text = city.buildings.attributes.get("placement")
    try:
        return ModelPlacement.from_dict(json.loads(str(text[0]))) if text is not None else ModelPlacement()
    except (ValueError, TypeError):
        return ModelPlacement()


class PlacementDialog(QDialog):
    """Where a project model goes: x, y in Lambert-93, elevation, rotation, unit, up axis."""

    PICK = 2
    """Result code: the user wants to pick the point on the map (the dialog is shown again afterwards)."""

    def __init__(self, parent: QWidget, name: str, placement: ModelPlacement, notes: list[str]) -> None:
        super().__init__(parent)
        self.setObjectName("placement_dialog")
        self.setWindowTitle(QCoreApplication.translate("Models", "Place the project model %1").replace("%1", name))
        layout = QVBoxLayout(self)
        intro = QLabel(QCoreApplication.translate(
            "Models", "This model does not say where it stands. Give the point (Lambert-93, EPSG:2154) where its "
                      "origin goes, or pick it on the map."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.x = self._spin(0.0, 1_300_000.0, 2, placement.x)
        self.y = self._spin(6_000_000.0, 7_200_000.0, 2, max(placement.y, 6_000_000.0))
        self.on_terrain = QCheckBox(QCoreApplication.translate("Models", "on the ground (terrain)"))
        self.on_terrain.setChecked(placement.elevation_m is None)
        self.elevation = self._spin(-100.0, 5000.0, 2, placement.elevation_m or 0.0)
        self.elevation.setEnabled(placement.elevation_m is not None)
        self.on_terrain.toggled.connect(lambda on: self.elevation.setEnabled(not on))
        self.rotation = self._spin(-360.0, 360.0, 1, placement.rotation_deg)
        self.rotation.setSuffix(" °")
        self.unit = QComboBox()
        for key, scale in UNITS:
            self.unit.addItem(unit_label(key), scale)
        k = next((i for i, (_, s) in enumerate(UNITS) if abs(s - placement.scale) < 1e-12), -1)
        if k < 0:
            self.unit.addItem(f"{placement.scale:g} m", placement.scale)
            k = self.unit.count() - 1
        self.unit.setCurrentIndex(k)
        self.up = QComboBox()
        self.up.addItem(QCoreApplication.translate("Models", "z is up (IFC, most CAD)"), "z")
        self.up.addItem(QCoreApplication.translate("Models", "y is up (glTF, many OBJ)"), "y")
        self.up.setCurrentIndex(0 if placement.up_axis == "z" else 1)
        self.hide_existing = QCheckBox(QCoreApplication.translate("Models", "hide the existing buildings it replaces"))
        self.hide_existing.setChecked(True)
        form.addRow(QCoreApplication.translate("Models", "X (m, east)"), self.x)
        form.addRow(QCoreApplication.translate("Models", "Y (m, north)"), self.y)
        form.addRow(QCoreApplication.translate("Models", "Elevation"), self.on_terrain)
        form.addRow("", self.elevation)
        form.addRow(QCoreApplication.translate("Models", "Rotation (clockwise)"), self.rotation)
        form.addRow(QCoreApplication.translate("Models", "Model unit"), self.unit)
        form.addRow(QCoreApplication.translate("Models", "Up axis"), self.up)
        form.addRow("", self.hide_existing)
        layout.addLayout(form)
        if notes:
            note = QLabel("\n".join(notes))
            note.setWordWrap(True)
            note.setStyleSheet("color: #555;")
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.pick = QPushButton(QCoreApplication.translate("Models", "Pick on the map"))
        self.pick.setObjectName("pick_on_map")
        buttons.addButton(self.pick, QDialogButtonBox.ButtonRole.ActionRole)
        self.pick.clicked.connect(lambda: self.done(self.PICK))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _spin(lo: float, hi: float, decimals: int, value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(lo, hi)
        spin.setDecimals(decimals)
        spin.setValue(value)
        spin.setGroupSeparatorShown(True)
        return spin

    def placement(self) -> ModelPlacement:
        return ModelPlacement(
            x=self.x.value(), y=self.y.value(),
            elevation_m=None if self.on_terrain.isChecked() else self.elevation.value(),
            rotation_deg=self.rotation.value(), scale=float(self.unit.currentData()), up_axis=str(self.up.currentData()),
        )


class ModelsController(QObject):
    """Placing project models and switching before / after in a window."""

    STATES = ("all", "before", "after")

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.placements: dict[str, dict] = {}
        """Placement of each model file (absolute path -> ModelPlacement.to_dict()), saved in the project."""
        self.state = "after"
        self._pending: dict | None = None
        self._under_cache: tuple[int, np.ndarray, np.ndarray] | None = None
        self.group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for state in self.STATES:
            act = QAction(window, checkable=True)
            act.setObjectName(f"act_state_{state}")
            act.triggered.connect(lambda _=False, s=state: self.set_state(s))
            self.group.addAction(act)
            self.actions[state] = act
        self.actions["after"].setChecked(True)
        self.act_split = QAction(window)
        self.act_split.setObjectName("act_before_after_split")
        self.act_split.triggered.connect(self.show_split)
        self.split_window: QMainWindow | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.actions["all"].setText(QCoreApplication.translate("Models", "Existing and project together"))
        self.actions["before"].setText(QCoreApplication.translate("Models", "Before (the city as it is)"))
        self.actions["after"].setText(QCoreApplication.translate("Models", "After (with the project)"))
        self.act_split.setText(QCoreApplication.translate("Models", "Before / after side by side…"))

    # ------------------------------------------------------------------ placing

    def ask_placement(self, path: Path, model: City, crs: str | None, placement: ModelPlacement | None = None) -> None:
        """Show the place dialog for ``model`` (read from ``path``); on OK read it again, placed, and add it."""
        w = self.window
        if placement is None:
            guess = guessed_placement(model)
            focal = np.asarray(w.view.camera.focal_point, dtype=float)
            x, y = w.city.frame.to_world(focal[:2])
            placement = ModelPlacement(x=float(x), y=float(y), elevation_m=None, rotation_deg=0.0,
                                       scale=guess.scale, up_axis=guess.up_axis)
        notes = list(getattr(model.import_report, "notes", []) or [])
        dialog = PlacementDialog(w, path.name, placement, [n for n in notes if "place it" not in n])
        result = dialog.exec()
        if result == PlacementDialog.PICK:
            self._pending = {"path": path, "model": model, "crs": crs, "placement": dialog.placement()}
            w.statusBar().showMessage(QCoreApplication.translate("Models", "Click on the map where the model goes."), 15000)
            return
        if result != QDialog.DialogCode.Accepted:
            w.statusBar().showMessage(QCoreApplication.translate("Models", "Model not added: the city shown is unchanged."), 5000)
            return
        self.place(path, dialog.placement(), crs, hide_existing=dialog.hide_existing.isChecked())

    def picking(self) -> bool:
        return self._pending is not None

    def picked(self, local_xyz: np.ndarray | None) -> None:
        """The map click after "Pick on the map": the dialog comes back with that point."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        placement = pending["placement"]
        if local_xyz is not None:
            x, y = self.window.city.frame.to_world(np.asarray(local_xyz)[:2])
            placement = ModelPlacement(float(x), float(y), placement.elevation_m, placement.rotation_deg,
                                       placement.scale, placement.up_axis)
        self.ask_placement(pending["path"], pending["model"], pending["crs"], placement)

    def place(self, path: Path, placement: ModelPlacement, crs: str | None = None, hide_existing: bool = True) -> None:
        """Read the model again with ``placement`` and add it to the city (background, cancellable).

        ``hide_existing``: show the "after" state (the buildings it replaces hidden), else everything.
        """
        self.placements[str(Path(path).resolve())] = placement.to_dict()
        self.state = "after" if hide_existing else "all"
        self.window.open_path(Path(path), crs=crs, add=True, options={"placement": placement})

    def options_for(self, path: Path) -> dict:
        """Reader options a project reopens a model file with (its placement)."""
        saved = self.placements.get(str(Path(path).resolve()))
        return {"placement": ModelPlacement.from_dict(saved)} if saved else {}

    # ------------------------------------------------------------------ before / after

    def masks(self) -> tuple[np.ndarray, np.ndarray]:
        """(project models, existing buildings under them): bool per building of the city shown."""
        city = self.window.city
        b = city.buildings
        key = id(b)
        if self._under_cache is not None and self._under_cache[0] == key:
            return self._under_cache[1], self._under_cache[2]
        models, under = project_masks(city)
        self._under_cache = (key, models, under)
        return models, under

    def hidden_for(self, state: str) -> np.ndarray | None:
        models, under = self.masks()
        if not models.any() or state == "all":
            return None
        return under if state == "after" else models

    def set_state(self, state: str) -> None:
        self.state = state
        self.actions[state].setChecked(True)
        scene = self.window.scene
        if scene is not None:
            scene.set_hidden_buildings(self.hidden_for(state))
            self.window.view.update()

    def city_replaced(self) -> None:
        self._under_cache = None
        self.set_state(self.state)

    def show_split(self) -> None:
        """Before and after side by side, cameras linked."""
        from pyvistaqt import QtInteractor

        from viewer.scene import Scene

        w = self.window
        if self.split_window is not None:
            self.split_window.close()
        win = QMainWindow(w)
        win.setObjectName("before_after_window")
        win.setWindowTitle(QCoreApplication.translate("Models", "Before / after — %1").replace("%1", w.city.name))
        view = QtInteractor(win, shape=(1, 2), auto_update=False)
        view.ren_win.SetMultiSamples(0)
        win.setCentralWidget(view)
        scenes = []
        for col, (state, title) in enumerate((("before", QCoreApplication.translate("Models", "Before")),
                                              ("after", QCoreApplication.translate("Models", "After")))):
            view.subplot(0, col)
            scene = Scene(view, w.city)
            scene.set_hidden_buildings(self.hidden_for(state))
            view.add_text(title, position="upper_edge", font_size=18, color="white", shadow=True, name=f"title_{state}")
            scenes.append(scene)
        view.link_views()
        cam = w.view.camera
        view.camera.position, view.camera.focal_point, view.camera.up = cam.position, cam.focal_point, cam.up
        view.camera.view_angle = cam.view_angle
        view.renderer.ResetCameraClippingRange()
        win._scenes = scenes  # type: ignore[attr-defined]  # kept alive with the window
        win._view = view  # type: ignore[attr-defined]
        win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        win.resize(max(1200, w.width()), max(600, w.height() * 2 // 3))
        win.show()
        view.update()
        self.split_window = win
        win.destroyed.connect(lambda *_: setattr(self, "split_window", None))
