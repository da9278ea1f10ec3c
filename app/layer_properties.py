"""The properties of a layer: source, CRS, extent, counts and memory, in a dialog.

The figures come from :func:`viewer.layer_properties.layer_properties` (no Qt);
this module only shows them, with their labels translated. The layers panel's
per-layer button opens it on that layer; a list in the dialog goes to the others.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.panels import layer_label
from city.district import DEMO_PROVENANCE
from city.model import City
from viewer.layer_properties import layer_properties
from viewer.layers import layer_keys


def property_label(label: str) -> str:
    """The translation of a label of :data:`viewer.layer_properties.LABELS`."""
    labels = {
        "Source": QCoreApplication.translate("LayerProperties", "Source"),
        "Format": QCoreApplication.translate("LayerProperties", "Format"),
        "Working CRS": QCoreApplication.translate("LayerProperties", "Working CRS"),
        "Source CRS": QCoreApplication.translate("LayerProperties", "Source CRS"),
        "X min (m)": QCoreApplication.translate("LayerProperties", "X min (m)"),
        "Y min (m)": QCoreApplication.translate("LayerProperties", "Y min (m)"),
        "X max (m)": QCoreApplication.translate("LayerProperties", "X max (m)"),
        "Y max (m)": QCoreApplication.translate("LayerProperties", "Y max (m)"),
        "Altitudes (m)": QCoreApplication.translate("LayerProperties", "Altitudes (m)"),
        "Buildings": QCoreApplication.translate("LayerProperties", "Buildings"),
        "Triangles": QCoreApplication.translate("LayerProperties", "Triangles"),
        "Vertices": QCoreApplication.translate("LayerProperties", "Vertices"),
        "Attributes": QCoreApplication.translate("LayerProperties", "Attributes"),
        "Analysis results": QCoreApplication.translate("LayerProperties", "Analysis results"),
        "Terrain grid (cells)": QCoreApplication.translate("LayerProperties", "Terrain grid (cells)"),
        "Terrain cell size (m)": QCoreApplication.translate("LayerProperties", "Terrain cell size (m)"),
        "Terrain source grid (cells)": QCoreApplication.translate("LayerProperties", "Terrain source grid (cells)"),
        "Terrain simplification error, max / RMS (m)": QCoreApplication.translate(
            "LayerProperties", "Terrain simplification error, max / RMS (m)"),
        "Vertical datum": QCoreApplication.translate("LayerProperties", "Vertical datum"),
        "Ground patches": QCoreApplication.translate("LayerProperties", "Ground patches"),
        "Trees": QCoreApplication.translate("LayerProperties", "Trees"),
        "Tree heights (m)": QCoreApplication.translate("LayerProperties", "Tree heights (m)"),
        "Distinct species": QCoreApplication.translate("LayerProperties", "Distinct species"),
        "Inventory rows read": QCoreApplication.translate("LayerProperties", "Inventory rows read"),
        "Heights as recorded": QCoreApplication.translate("LayerProperties", "Heights as recorded"),
        "Heights from the development stage (young 5 m, young adult 8 m, adult 12 m, mature 18 m)":
            QCoreApplication.translate(
                "LayerProperties", "Heights from the development stage (young 5 m, young adult 8 m, adult 12 m, mature 18 m)"),
        "Heights typical of the trunk (16 d^0.6 m)": QCoreApplication.translate(
            "LayerProperties", "Heights typical of the trunk (16 d^0.6 m)"),
        "Heights by default (8 m)": QCoreApplication.translate("LayerProperties", "Heights by default (8 m)"),
        "Implausible heights, drawn by the rule": QCoreApplication.translate(
            "LayerProperties", "Implausible heights, drawn by the rule"),
        "Trunks from the circumference (else 2.5 % of the height)": QCoreApplication.translate(
            "LayerProperties", "Trunks from the circumference (else 2.5 % of the height)"),
        "Rows skipped: no position": QCoreApplication.translate("LayerProperties", "Rows skipped: no position"),
        "Rows skipped: position not a number": QCoreApplication.translate(
            "LayerProperties", "Rows skipped: position not a number"),
        "Rows skipped: height or circumference not a number": QCoreApplication.translate(
            "LayerProperties", "Rows skipped: height or circumference not a number"),
        "Rows skipped: outside Île-de-France": QCoreApplication.translate(
            "LayerProperties", "Rows skipped: outside Île-de-France"),
        "Rows skipped": QCoreApplication.translate("LayerProperties", "Rows skipped"),
        "Zones": QCoreApplication.translate("LayerProperties", "Zones"),
        "Parcels": QCoreApplication.translate("LayerProperties", "Parcels"),
        "Sites": QCoreApplication.translate("LayerProperties", "Sites"),
        "Points": QCoreApplication.translate("LayerProperties", "Points"),
        "Point cloud": QCoreApplication.translate("LayerProperties", "Point cloud"),
        "File": QCoreApplication.translate("LayerProperties", "File"),
        "Points per class": QCoreApplication.translate("LayerProperties", "Points per class"),
        "Image": QCoreApplication.translate("LayerProperties", "Image"),
        "Raster": QCoreApplication.translate("LayerProperties", "Raster"),
        "Kind": QCoreApplication.translate("LayerProperties", "Kind"),
        "Size (cells)": QCoreApplication.translate("LayerProperties", "Size (cells)"),
        "Cell size (m)": QCoreApplication.translate("LayerProperties", "Cell size (m)"),
        "Values": QCoreApplication.translate("LayerProperties", "Values"),
        "No-data cells": QCoreApplication.translate("LayerProperties", "No-data cells"),
        "Read window": QCoreApplication.translate("LayerProperties", "Read window"),
        "Memory (MB)": QCoreApplication.translate("LayerProperties", "Memory (MB)"),
    }
    return labels.get(label, label)


#: Rows that start a new item of a layer (one point cloud, image or raster among several): shown in bold.
_ITEM_LABELS = ("Point cloud", "Image", "Raster")


class LayerPropertiesDialog(QDialog):
    """Source, CRS, extent, counts and memory of one layer of the city shown; a list to go to the others."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layer_properties_dialog")
        self.city: City | None = None
        self._keys: list[str] = []
        self._rows: list[tuple[str, str, bool]] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.layer_caption = QLabel()
        self.layer = QComboBox()
        self.layer.setObjectName("layer_properties_layer")
        top.addWidget(self.layer_caption)
        top.addWidget(self.layer, 1)
        layout.addLayout(top)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("layer_properties_table")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy = QPushButton()
        self.copy.setObjectName("layer_properties_copy")
        self.buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.copy.clicked.connect(self.copy_to_clipboard)
        layout.addWidget(self.buttons)
        self.layer.currentIndexChanged.connect(self._on_layer_chosen)
        self.resize(620, 560)
        self.retranslate()

    def show_layer(self, city: City, key: str) -> None:
        """Show layer ``key`` of ``city`` (the list offers the city's other layers)."""
        self.city = city
        self._keys = list(layer_keys(city))
        if key not in self._keys:
            self._keys.append(key)
        with QSignalBlocker(self.layer):
            self.layer.clear()
            self.layer.addItems([layer_label(k) for k in self._keys])
            self.layer.setCurrentIndex(self._keys.index(key))
        self._refresh()

    @property
    def key(self) -> str:
        i = self.layer.currentIndex()
        return self._keys[i] if 0 <= i < len(self._keys) else ""

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) pairs shown, labels translated: what a user reads."""
        return [(label, value) for label, value, _ in self._rows]

    def _compute(self) -> list[tuple[str, str, bool]]:
        """(translated label, value, starts an item) of the layer shown."""
        if self.city is None or not self.key:
            return []
        rows = []
        for label, value in layer_properties(self.city, self.key):
            if label == "Source" and self.city.is_generated:
                value = value.replace(
                    DEMO_PROVENANCE, QCoreApplication.translate("MainWindow", "Generated demo district — not survey data"))
            rows.append((property_label(label), value, label in _ITEM_LABELS))
        return rows

    def _refresh(self) -> None:
        self._rows = self._compute()
        self.table.setRowCount(len(self._rows))
        for r, (label, value, item_start) in enumerate(self._rows):
            label_item = QTableWidgetItem(label)
            value_item = QTableWidgetItem(value)
            value_item.setToolTip(value)
            if item_start:
                font = label_item.font()
                font.setBold(True)
                label_item.setFont(font)
                value_item.setFont(font)
            self.table.setItem(r, 0, label_item)
            self.table.setItem(r, 1, value_item)
        self.table.resizeRowsToContents()
        if not self.key:
            return
        self.setWindowTitle(
            QCoreApplication.translate("LayerProperties", "Properties of the layer %1").replace("%1", layer_label(self.key))
        )

    def _on_layer_chosen(self, _index: int) -> None:
        self._refresh()

    def copy_to_clipboard(self) -> None:
        """The rows as tab-separated text (to paste into a report or a spreadsheet)."""
        text = "\n".join(f"{label}\t{value.replace(chr(10), '; ')}" for label, value in self.rows())
        QGuiApplication.clipboard().setText(text)

    def retranslate(self) -> None:
        self.layer_caption.setText(QCoreApplication.translate("LayerProperties", "Layer:"))
        self.copy.setText(QCoreApplication.translate("LayerProperties", "Copy"))
        # Qt's own button texts need Qt's translations, which the app does not load
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(QCoreApplication.translate("LayerProperties", "Close"))
        self.copy.setToolTip(QCoreApplication.translate("LayerProperties", "Copy the properties as text (tab-separated)"))
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("LayerProperties", "Property"), QCoreApplication.translate("LayerProperties", "Value")]
        )
        with QSignalBlocker(self.layer):
            for i, key in enumerate(self._keys):
                self.layer.setItemText(i, layer_label(key))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def show_layer_properties(window: QWidget, city: City, key: str) -> LayerPropertiesDialog:
    """Open (or bring back) the window's properties dialog on layer ``key`` of ``city``.

    Window-modal: the figures are those of the city shown when it opened.
    """
    dialog = window.findChild(LayerPropertiesDialog, "layer_properties_dialog")
    if dialog is None:
        dialog = LayerPropertiesDialog(window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show_layer(city, key)
    dialog.open()
    dialog.raise_()
    return dialog
