"""The layer properties dialog, opened from the layers panel as a user does: a click on the layer's button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.layer_properties import LayerPropertiesDialog, property_label
from viewer.layer_properties import LABELS, layer_properties


def _open(window, qtbot, key: str) -> LayerPropertiesDialog:
    button = window.layers_panel.rows[key].properties
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(LayerPropertiesDialog, "layer_properties_dialog")
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _table(dialog) -> dict[str, str]:
    t = dialog.table
    out: dict[str, str] = {}
    for r in range(t.rowCount()):
        out.setdefault(t.item(r, 0).text(), t.item(r, 1).text())
    return out


def test_buildings_button_opens_the_buildings_properties(make_window, qtbot):
    window = make_window()
    dialog = _open(window, qtbot, "buildings")
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.key == "buildings" and dialog.layer.currentText() == "Buildings"
    values = _table(dialog)
    assert values["Buildings"] == "2\u202f301"
    assert values["Working CRS"] == "EPSG:2154"
    assert "Generated demo district" in values["Source"]
    assert values == dict((k, v) for k, v in reversed(dialog.rows()))  # what the table shows is rows()
    assert {"X min (m)", "Y min (m)", "X max (m)", "Y max (m)", "Memory (MB)"} <= values.keys()
    assert "Properties of the layer Buildings" == dialog.windowTitle()
    # the list goes to another layer of the city
    dialog.layer.setCurrentIndex(dialog.layer.findText("Trees"))
    assert dialog.key == "trees" and _table(dialog)["Trees"] == "1\u202f264"
    # Copy gives tab-separated text
    qtbot.mouseClick(dialog.copy, Qt.MouseButton.LeftButton)
    assert "Trees\t1\u202f264" in QApplication.clipboard().text().splitlines()
    dialog.reject()
    assert not dialog.isVisible()
    # opened again, on another layer: the same dialog, on that layer
    again = _open(window, qtbot, "zones")
    assert again is dialog and again.key == "zones" and _table(again)["Zones"] == "1"
    again.reject()


def test_every_label_is_translated_in_french(make_window, qtbot):
    from xml.etree import ElementTree

    from app.i18n import I18N_DIR

    # lupdate found a literal translate() call for every label (property_label's table is complete)
    root = ElementTree.parse(I18N_DIR / "maquette_fr.ts").getroot()
    context = next(c for c in root.iter("context") if c.findtext("name") == "LayerProperties")
    sources = {m.findtext("source") for m in context.iter("message")}
    assert set(LABELS) <= sources, set(LABELS) - sources
    window = make_window(language="fr")
    assert property_label("Memory (MB)") == "Mémoire (Mo)"
    dialog = _open(window, qtbot, "ground")
    values = _table(dialog)
    assert values["SCR de travail"] == "EPSG:2154"
    assert "Grille du terrain (cellules)" in values and "Mémoire (Mo)" in values
    assert dialog.windowTitle() == "Propriétés de la couche Sol et rues"
    dialog.reject()


def test_layers_panel_offers_a_properties_button_per_layer(make_window):
    window = make_window()
    for key, row in window.layers_panel.rows.items():
        assert row.properties.objectName() == f"layer_properties_{key}"
        assert row.properties.isVisible() and row.properties.toolTip()
        assert layer_properties(window.city, key)  # every layer listed has properties
