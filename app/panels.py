"""Dock panels: layers and building (or tree). Widgets hold no logic (see STYLE.md §4).

A widget's slot writes the model (a LayerStyle, the selection); a model event
refreshes the widget with its signals blocked, so nothing loops.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from city.model import City, SurfaceType
from viewer.layers import LayerStyle


def layer_label(key: str) -> str:
    labels = {
        "buildings": QCoreApplication.translate("Panels", "Buildings"),
        "ground": QCoreApplication.translate("Panels", "Ground and streets"),
        "trees": QCoreApplication.translate("Panels", "Trees"),
        "zones": QCoreApplication.translate("Panels", "Zones"),
        "parcels": QCoreApplication.translate("Panels", "Parcels"),
        "sites": QCoreApplication.translate("Panels", "Heating plants"),
        "points": QCoreApplication.translate("Panels", "Point clouds"),
        "imagery": QCoreApplication.translate("Panels", "Orthophotos"),
        "grids": QCoreApplication.translate("Panels", "Rasters (NDVI, heights)"),
    }
    return labels.get(key, key)


class LayerRow:
    """One layer: a visibility check box and an opacity slider bound to a LayerStyle, and a properties button."""

    def __init__(self, style: LayerStyle, grid: QGridLayout, row: int) -> None:
        self.style = style
        self.properties = QToolButton()
        self.properties.setObjectName(f"layer_properties_{style.key}")
        self.properties.setIcon(self.properties.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView))
        self.properties.setAutoRaise(True)
        self.visible = QCheckBox()
        self.visible.setObjectName(f"layer_visible_{style.key}")
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setObjectName(f"layer_opacity_{style.key}")
        self.opacity.setRange(0, 100)
        self.percent = QLabel()
        self.percent.setMinimumWidth(36)
        grid.addWidget(self.visible, row, 0)
        grid.addWidget(self.opacity, row, 1)
        grid.addWidget(self.percent, row, 2)
        grid.addWidget(self.properties, row, 3)
        self.visible.toggled.connect(lambda on: setattr(self.style, "visible", bool(on)))
        self.opacity.valueChanged.connect(lambda v: setattr(self.style, "opacity", v / 100))
        style.events.visible.connect(self._refresh)
        style.events.opacity.connect(self._refresh)
        self._refresh()
        self.retranslate()

    def _refresh(self, *_: Any) -> None:
        with QSignalBlocker(self.visible), QSignalBlocker(self.opacity):
            self.visible.setChecked(self.style.visible)
            self.opacity.setValue(round(self.style.opacity * 100))
            self.opacity.setEnabled(self.style.visible)
        self.percent.setText(f"{round(self.style.opacity * 100)} %")

    def retranslate(self) -> None:
        self.visible.setText(layer_label(self.style.key))
        self.opacity.setToolTip(QCoreApplication.translate("Panels", "Opacity of the layer"))
        self.properties.setToolTip(QCoreApplication.translate("Panels", "Properties of the layer: source, CRS, extent, counts, memory"))

    def disconnect(self) -> None:
        self.style.events.visible.disconnect(self._refresh)
        self.style.events.opacity.disconnect(self._refresh)


class LayersPanel(QWidget):
    """Visibility and opacity of each layer, and what the buildings are coloured by."""

    theme_chosen = Signal(str)
    """The key of the chosen colouring ("" for the buildings' natural colours)."""
    properties_requested = Signal(str)
    """The key of the layer whose properties the user asked for."""

    def __init__(self, styles: dict[str, LayerStyle], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layers_panel")
        layout = QVBoxLayout(self)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.theme_label = QLabel()
        self.theme = QComboBox()
        self.theme.setObjectName("theme_combo")
        layout.addSpacing(8)
        layout.addWidget(self.theme_label)
        layout.addWidget(self.theme)
        self.points = PointCloudControls()
        self.points.setVisible(False)
        layout.addWidget(self.points)
        self.relief = QCheckBox()
        self.relief.setObjectName("grid_relief")
        self.relief.setVisible(False)
        layout.addWidget(self.relief)
        layout.addStretch(1)
        self.rows: dict[str, LayerRow] = {}
        self._themes: list[str] = []
        self.set_styles(styles)
        self.theme.currentIndexChanged.connect(lambda i: self.theme_chosen.emit(self._themes[i] if i >= 0 else ""))
        self.retranslate()

    def set_themes(self, keys: list[str], current: str = "") -> None:
        """Offer these colourings (building attribute or analysis keys), plus natural colours."""
        self._themes = ["", *keys]
        with QSignalBlocker(self.theme):
            self.theme.clear()
            self.theme.addItems([theme_label(k) for k in self._themes])
            self.theme.setCurrentIndex(self._themes.index(current) if current in self._themes else 0)

    def set_relief_available(self, city: City) -> None:
        """Offer the relief display when the city has a surface model (DSM, DHM); a new city starts draped."""
        with QSignalBlocker(self.relief):
            self.relief.setChecked(False)
        self.relief.setVisible(any(g.kind in ("dsm", "dhm") for g in city.grids))

    def retranslate(self) -> None:
        self.relief.setText(QCoreApplication.translate("Panels", "Surface models (DSM, DHM) in relief"))
        self.relief.setToolTip(QCoreApplication.translate(
            "Panels", "Off: a colour drape on the ground. On: a lit surface at the model's heights, in the same colours."))
        self.theme_label.setText(QCoreApplication.translate("Panels", "Colour buildings by"))
        with QSignalBlocker(self.theme):
            for i, key in enumerate(self._themes):
                self.theme.setItemText(i, theme_label(key))

    def set_styles(self, styles: dict[str, LayerStyle]) -> None:
        for row in self.rows.values():
            row.disconnect()
            for w in (row.visible, row.opacity, row.percent, row.properties):
                w.deleteLater()
        self.rows = {key: LayerRow(style, self.grid, i) for i, (key, style) in enumerate(styles.items())}
        for key, row in self.rows.items():
            row.properties.clicked.connect(lambda _=False, k=key: self.properties_requested.emit(k))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            for row in self.rows.values():
                row.retranslate()
            self.retranslate()
            self.points.retranslate()
        super().changeEvent(event)


class PointCloudControls(QGroupBox):
    """Colour mode and per-class visibility of the point clouds (the full data stays loaded)."""

    changed = Signal(str, tuple)
    """(colour mode, hidden classes)."""

    MODES = ("classification", "height", "rgb", "intensity")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("point_cloud_controls")
        layout = QVBoxLayout(self)
        self.mode_label = QLabel()
        self.mode = QComboBox()
        self.mode.setObjectName("point_colour_mode")
        self.classes = QListWidget()
        self.classes.setObjectName("point_classes")
        self.classes.setMaximumHeight(180)
        layout.addWidget(self.mode_label)
        layout.addWidget(self.mode)
        layout.addWidget(self.classes)
        self._modes: list[str] = []
        self.mode.currentIndexChanged.connect(lambda _i: self._emit())
        self.classes.itemChanged.connect(lambda _item: self._emit())
        self.retranslate()

    def set_cloud(self, histogram: dict[int, int] | None, has_rgb: bool, mode: str) -> None:
        """Show the classes of the clouds (None hides the group)."""
        from city.pointcloud import CLASS_NAMES

        self.setVisible(histogram is not None)
        if histogram is None:
            return
        self._modes = [m for m in self.MODES if m != "rgb" or has_rgb]
        with QSignalBlocker(self.mode), QSignalBlocker(self.classes):
            self.mode.clear()
            self.mode.addItems([self._mode_label(m) for m in self._modes])
            self.mode.setCurrentIndex(self._modes.index(mode) if mode in self._modes else 0)
            self.classes.clear()
            for cls, count in sorted(histogram.items()):
                item = QListWidgetItem(f"{cls} {CLASS_NAMES.get(cls, '')} ({count:,})".replace(",", "\u202f"))
                item.setData(Qt.ItemDataRole.UserRole, cls)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.classes.addItem(item)

    def hidden_classes(self) -> tuple[int, ...]:
        return tuple(
            int(self.classes.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.classes.count())
            if self.classes.item(i).checkState() != Qt.CheckState.Checked
        )

    def _emit(self) -> None:
        i = self.mode.currentIndex()
        if 0 <= i < len(self._modes):
            self.changed.emit(self._modes[i], self.hidden_classes())

    @staticmethod
    def _mode_label(mode: str) -> str:
        return {
            "classification": QCoreApplication.translate("Panels", "Classification"),
            "height": QCoreApplication.translate("Panels", "Height"),
            "rgb": QCoreApplication.translate("Panels", "Colours (RGB)"),
            "intensity": QCoreApplication.translate("Panels", "Intensity"),
        }[mode]

    def retranslate(self) -> None:
        self.setTitle(QCoreApplication.translate("Panels", "Point clouds"))
        self.mode_label.setText(QCoreApplication.translate("Panels", "Colour points by"))
        self.classes.setToolTip(QCoreApplication.translate("Panels", "Untick a class to hide its points"))
        with QSignalBlocker(self.mode):
            for i, m in enumerate(self._modes):
                self.mode.setItemText(i, self._mode_label(m))


def theme_label(key: str) -> str:
    """Label of a colouring in the Colour-by list and the legend title (with units)."""
    labels = {
        "": QCoreApplication.translate("Panels", "Natural colours"),
        "construction_year": QCoreApplication.translate("Panels", "Construction year"),
        "height_m": QCoreApplication.translate("Panels", "Height (m)"),
        "storeys": QCoreApplication.translate("Panels", "Storeys"),
    }
    if key in labels:
        return labels[key]
    from app.logbook_overlay import is_logbook_theme, logbook_theme_label

    if is_logbook_theme(key):
        return logbook_theme_label(key)
    from app.analyses import face_theme_label

    return face_theme_label(key)


def attribute_label(key: str) -> str:
    labels = {
        "name": QCoreApplication.translate("Panels", "Name"),
        "usage": QCoreApplication.translate("Panels", "Use"),
        "storeys": QCoreApplication.translate("Panels", "Storeys"),
        "height_m": QCoreApplication.translate("Panels", "Height (m)"),
        "construction_year": QCoreApplication.translate("Panels", "Construction year"),
        "roof": QCoreApplication.translate("Panels", "Roof"),
        "source": QCoreApplication.translate("Panels", "Source"),
    }
    return labels.get(key, key)


def tree_attribute_label(key: str) -> str:
    labels = {
        "species": QCoreApplication.translate("Panels", "Species"),
        "common_name": QCoreApplication.translate("Panels", "Common name"),
        "stage": QCoreApplication.translate("Panels", "Development stage"),
        "address": QCoreApplication.translate("Panels", "Address"),
    }
    return labels.get(key, key)


def _implausible_height_text(recorded_m: float, trunk_m: float) -> str:
    """Why the inventory's height is not the one drawn (the rule of importers.trees)."""
    from importers.trees import MAX_HEIGHT_M, height_limit_m

    limit = float(height_limit_m(trunk_m)) if trunk_m > 0 else float("inf")
    if recorded_m >= MAX_HEIGHT_M:
        why = QCoreApplication.translate("Panels", "%1 m or more").replace("%1", f"{MAX_HEIGHT_M:g}")
    elif recorded_m > limit:
        why = (QCoreApplication.translate("Panels", "above %1 m, the most a trunk of %2 cm can hold up")
               .replace("%1", f"{limit:.1f}").replace("%2", f"{trunk_m * 100 * np.pi:.0f}"))
    else:
        why = QCoreApplication.translate("Panels", "over 3 times the usual height of its development stage")
    return (QCoreApplication.translate("Panels", "%1 — implausible, not drawn: %2")
            .replace("%1", f"{recorded_m:g}").replace("%2", why))


class BuildingPanel(QWidget):
    """Identity and attributes of the selected building, or of the selected tree (:meth:`show_tree`)."""

    showing_tree = Signal(bool)
    """Emitted whenever the panel is refreshed: True while it shows a tree (its dock is titled accordingly)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("building_panel")
        self.city: City | None = None
        self.index: int | None = None
        self.tree: int | None = None
        """Index in ``city.trees`` of the tree shown (None: a building, or nothing, is shown)."""
        self.sections: list = []
        """Callables (index) -> [(label, value)] adding analysis figures (geothermal...) after the geometry."""
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("building_title")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setWordWrap(True)
        self.provenance = QLabel()
        self.provenance.setWordWrap(True)
        self.provenance.setStyleSheet("color: #a35200; font-style: italic;")
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("building_attributes")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.provenance)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def show_building(self, city: City | None, index: int | None) -> None:
        self.city, self.index, self.tree = city, index, None
        self._refresh()

    def show_tree(self, city: City | None, index: int | None) -> None:
        """Show tree ``index`` of ``city.trees`` (None: nothing selected)."""
        self.city, self.index, self.tree = city, None, index
        self._refresh()

    def tree_rows(self) -> list[tuple[str, str]]:
        """(label, value) pairs of the tree shown: the inventory's attributes and the sizes it is drawn with."""
        if self.city is None or self.tree is None:
            return []
        trees, i = self.city.trees, self.tree
        rows = [(QCoreApplication.translate("Panels", "Identifier"), trees.ids[i])]
        attrs = {}
        for key, column in trees.attributes.items():
            value = column[i]
            if value is not None and not (isinstance(value, float | np.floating) and np.isnan(value)) and value != "":
                attrs[key] = value.item() if isinstance(value, np.generic) else value
        for key in ("species", "common_name", "stage"):
            if key in attrs:
                rows.append((tree_attribute_label(key), _format(attrs.pop(key))))
        rows.append((QCoreApplication.translate("Panels", "Height (m)"), f"{trees.height_m[i]:.1f}"))
        recorded = attrs.pop("recorded_height_m", None)
        if attrs.pop("height_implausible", None) and recorded is not None:
            rows.append((QCoreApplication.translate("Panels", "Recorded height (m)"),
                         _implausible_height_text(float(recorded), float(trees.trunk_diameter_m[i]))))
        rows.append((QCoreApplication.translate("Panels", "Trunk circumference (cm)"),
                     f"{trees.trunk_diameter_m[i] * np.pi * 100:.0f}"))
        rows.append((QCoreApplication.translate("Panels", "Crown diameter (m)"), f"{trees.crown_diameter_m[i]:.1f}"))
        if "address" in attrs:
            rows.append((tree_attribute_label("address"), _format(attrs.pop("address"))))
        x, y = self.city.frame.to_world(trees.positions[i, :2])
        rows.append((QCoreApplication.translate("Panels", "Position (%1)").replace("%1", self.city.crs),
                     f"{x:,.1f}  {y:,.1f}".replace(",", " ")))
        ground = float(self.city.frame.to_world(trees.positions[i])[2])
        if ground != 0.0:
            rows.append((QCoreApplication.translate("Panels", "Ground altitude (m)"), f"{ground:.1f}"))
        for key in sorted(attrs):
            rows.append((tree_attribute_label(key), _format(attrs[key])))
        return rows

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) pairs shown: what a user reads in the panel."""
        if self.tree is not None:
            return self.tree_rows()
        if self.city is None or self.index is None:
            return []
        b = self.city.buildings[self.index]
        rows = [(QCoreApplication.translate("Panels", "Identifier"), b.id)]
        attrs = b.attributes
        for key in ("name", "usage", "construction_year", "storeys", "height_m", "roof"):
            if key in attrs:
                rows.append((attribute_label(key), _format(attrs.pop(key))))
        rows.append((QCoreApplication.translate("Panels", "Footprint area (m²)"), f"{b.surface_area_m2(SurfaceType.GROUND):,.0f}".replace(",", " ")))
        rows.append((QCoreApplication.translate("Panels", "Roof area (m²)"), f"{b.surface_area_m2(SurfaceType.ROOF):,.0f}".replace(",", " ")))
        rows.append((QCoreApplication.translate("Panels", "Facade area (m²)"), f"{b.surface_area_m2(SurfaceType.WALL):,.0f}".replace(",", " ")))
        x0, x1, y0, y1, _, _ = b.bounds
        cx, cy = self.city.frame.to_world([(x0 + x1) / 2, (y0 + y1) / 2])
        rows.append((QCoreApplication.translate("Panels", "Centre (%1)").replace("%1", self.city.crs), f"{cx:,.1f}  {cy:,.1f}".replace(",", " ")))
        for section in self.sections:
            rows.extend(section(self.index))
        for key in sorted(attrs):
            rows.append((attribute_label(key), _format(attrs[key])))
        return rows

    def refresh(self) -> None:
        """Show again (after an analysis added figures)."""
        self._refresh()

    def _refresh(self) -> None:
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for r, (label, value) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(label))
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            self.table.setItem(r, 1, item)
        self.table.resizeRowsToContents()
        if self.city is not None and self.tree is not None:
            tree = QCoreApplication.translate("Panels", "Tree %1").replace("%1", self.city.trees.ids[self.tree])
            self.title.setText(f"<b>{tree}</b>")
            self.provenance.setText(
                QCoreApplication.translate("MainWindow", "Generated demo district — not survey data")
                if self.city.is_generated
                else self.city.provenance
            )
        elif self.city is None or self.index is None:
            self.title.setText(QCoreApplication.translate("Panels", "No building selected. Click a building or a tree in the 3D view."))
            self.provenance.setText("")
        else:
            building = QCoreApplication.translate("Panels", "Building %1").replace("%1", self.city.buildings.ids[self.index])
            self.title.setText(f"<b>{building}</b>")
            self.provenance.setText(
                QCoreApplication.translate("MainWindow", "Generated demo district — not survey data")
                if self.city.is_generated
                else self.city.provenance
            )
        self.showing_tree.emit(self.city is not None and self.tree is not None)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("Panels", "Attribute"), QCoreApplication.translate("Panels", "Value")])
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _format(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"
    return str(value)


class TreeSelection(QObject):
    """What a click in the 3D view selects: a building or a tree, whichever is in front.

    A tree is shown in the building dock (``BuildingPanel.show_tree``) and
    highlighted in the scene; selecting a building, by a click or from the
    logbook, clears the tree selection.
    """

    tree_picked = Signal(str)
    """Emitted with the tree's id when the user clicks a tree (empty string: the click selected no tree)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        window.building_picked.connect(self._on_building_picked)
        window.building_panel.showing_tree.connect(self._title_dock)

    def click(self, x: int, y: int) -> None:
        """Select what is under display pixel (x, y) (VTK coordinates, y up); nothing there clears the selection."""
        w = self.window
        hit = w.scene.pick(x, y)
        tree = hit[1] if hit is not None and hit[0] == "tree" else None
        w.select_building(hit[1] if hit is not None and hit[0] == "building" else None)
        self.select(tree)

    def select(self, index: int | None) -> None:
        """Select tree ``index`` of the city shown (None clears the tree selection)."""
        w = self.window
        w.scene.select_tree(index)
        if index is not None:
            w.building_panel.show_tree(w.city, index)
            w.building_dock.show()
            w.building_dock.raise_()
        self.tree_picked.emit(w.city.trees.ids[index] if index is not None else "")

    def _on_building_picked(self, building_id: str) -> None:
        if building_id and self.window.scene is not None and self.window.scene.selected_tree is not None:
            self.window.scene.select_tree(None)

    def _title_dock(self, tree: bool) -> None:
        title = QCoreApplication.translate("Panels", "Tree") if tree else QCoreApplication.translate("MainWindow", "Building")
        self.window.building_dock.setWindowTitle(title)
