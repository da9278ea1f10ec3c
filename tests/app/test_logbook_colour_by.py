"""The Layers panel's "Colour buildings by" says what the city is coloured by, logbook fields included (issue 8)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from city.logbook import SQLiteLogbookStore


@pytest.fixture
def store(tmp_path):
    s = SQLiteLogbookStore(tmp_path / "ville.logbook.sqlite", author="Anne Martin")
    yield s
    s.close()


def _combo(window) -> tuple[str, list[str]]:
    combo = window.layers_panel.theme
    return combo.currentText(), [combo.itemText(i) for i in range(combo.count())]


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_colour_by_list_follows_the_logbook_colouring_and_offers_its_fields(make_window, qtbot, store):
    window = make_window()
    ids = window.city.buildings.ids
    store.write_fields([(ids[0], "dpe_class", "F"), (ids[1], "dpe_class", "B"), (ids[0], "construction_year", 1890)],
                       reason="DPE 2024")
    assert not any(label.startswith("Logbook") for label in _combo(window)[1])  # no logbook open: none offered
    dock = window.logbook_dock
    dock.set_store(store)
    current, labels = _combo(window)
    assert current == "Natural colours"
    assert "Logbook: DPE energy class" in labels and "Logbook: Construction period" in labels

    # Colour the city from the logbook's dialog: the list says so, and the legend is the DPE's.
    dialog = dock.open_filter_dialog()
    qtbot.waitExposed(dialog)
    dialog.colour_field.setCurrentIndex(dialog.colour_field.findData("dpe_class"))
    _click(qtbot, dialog.colour_button)
    assert _combo(window)[0] == "Logbook: DPE energy class"
    assert window.scene.overlay.title == "DPE energy class" and window.scene.overlay.categories[:7] == tuple("ABCDEFG")

    # The filter's highlight is named too; Clear goes back to the natural colours, and says so.
    dialog.expression.setText("dpe_class in (F, G)")
    _click(qtbot, dialog.apply_button)
    assert _combo(window)[0] == "Logbook filter (matches in magenta)"
    assert window.scene.overlay.categories[1] == "matches: 1"
    _click(qtbot, dialog.clear_button)
    assert _combo(window)[0] == "Natural colours" and window.scene.overlay is None
    assert "Logbook filter (matches in magenta)" not in _combo(window)[1]

    # Choosing a logbook field in the Layers panel colours the city by it.
    combo = window.layers_panel.theme
    combo.setCurrentIndex(combo.findText("Logbook: DPE energy class"))
    overlay = window.scene.overlay
    assert overlay is not None and overlay.title == "DPE energy class"
    first = window.city.buildings[0].triangle_slice
    assert window.scene._base_rgb[first][0].tolist() == [0xEB, 0x82, 0x35]  # F, in the official colour

    # An edit in the logbook panel recolours its building at once.
    window.select_building(0)
    panel = dock.panel
    assert panel.building_id == ids[0]
    panel.edit_field.setCurrentIndex(panel._field_keys.index("dpe_class"))
    editor = panel._editors["dpe_class"].widget
    editor.setCurrentIndex(editor.findData("A"))
    qtbot.keyClicks(panel.field_reason, "DPE after insulation works")
    _click(qtbot, panel.field_save)
    assert store.current(ids[0])["dpe_class"] == "A"
    assert window.scene._base_rgb[first][0].tolist() == [0x00, 0x9C, 0x6D]  # A

    # In French, the list and the legend read in French.
    window.translations.set_language("fr")
    try:
        qtbot.waitUntil(lambda: _combo(window)[0] == "Carnet : Classe énergie DPE", timeout=3000)  # LanguageChange is posted
        assert window.scene.overlay.title == "Classe énergie DPE"
    finally:
        window.translations.set_language("en")
    qtbot.waitUntil(lambda: _combo(window)[0] == "Logbook: DPE energy class", timeout=3000)

    # The logbook closed: its colouring goes, and the list no longer offers it.
    dock.set_store(None)
    current, labels = _combo(window)
    assert current == "Natural colours" and window.scene.overlay is None
    assert not any(label.startswith("Logbook") for label in labels)
    dialog.close()
