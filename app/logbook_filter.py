"""The planner's logbook dialog: filter buildings across the city, colour the city by a logbook field.

The logic is in plain functions (:mod:`app.logbook_overlay`:
``filter_overlay``, ``logbook_overlay``); this dialog collects an expression
or a field and asks for the resulting overlay to be shown
(:attr:`LogbookFilterDialog.overlay_requested`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.logbook_format import OVERDUE_RED, catalogue_language, choice_label, error_text, field_label
from app.logbook_overlay import COLOUR_FIELDS, filter_overlay, logbook_overlay
from city.logbook import FIELDS, FieldType, FieldValueError, FilterError, LogbookError, LogbookStore
from city.model import BuildingSet

# Ready-made filters; their labels are translated in retranslate().
PRESETS: tuple[str, ...] = (
    "dpe_class in (F, G) and construction_year < 1948",
    "inspection_overdue()",
    "dpe_class in (F, G)",
    "dpe_valid_until < {today}",
)
OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "in")
MAX_LISTED = 500


def quote_value(spec_type: FieldType | None, text: str) -> str:
    """A value as the filter language reads it: words and numbers bare, other text quoted."""
    text = text.strip()
    if spec_type in (FieldType.TEXT, None) and not text.replace("_", "").isalnum():
        return "'" + text.replace("'", "") + "'"
    return text


def condition(field: str, operator: str, value: str) -> str:
    """One condition of a filter expression from the builder's three inputs."""
    spec = FIELDS.get(field)
    kind = spec.type if spec is not None else FieldType.DATE
    if operator == "in":
        values = [quote_value(kind, v) for v in value.split(",") if v.strip()]
        return f"{field} in ({', '.join(values)})"
    return f"{field} {operator} {quote_value(kind, value)}"


class LogbookFilterDialog(QDialog):
    """Find buildings by their logbook and colour the city by a logbook field (non-modal)."""

    overlay_requested = Signal(object)
    """The Overlay highlighting the matches of :attr:`applied_expression`, or None for the natural colours."""
    colouring_requested = Signal(str, object)
    """A logbook field and the Overlay colouring the city by it."""
    building_requested = Signal(str)
    """The id of a matching building the user wants to look at."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logbook_filter")
        self.store: LogbookStore | None = None
        self.buildings: BuildingSet | None = None
        self.matches: list[str] = []
        self.applied_expression = ""
        """The filter whose matches were last highlighted ("" after Clear)."""
        self.buildings_source: Callable[[], BuildingSet | None] | None = None
        """Where the buildings of the city shown come from (read at each search)."""
        layout = QVBoxLayout(self)

        self.filter_box = QGroupBox()
        filter_layout = QVBoxLayout(self.filter_box)
        self.expression = QLineEdit()
        self.expression.setObjectName("filter_expression")
        self.expression.returnPressed.connect(self.apply_filter)
        self.presets = QComboBox()
        self.presets.setObjectName("filter_presets")
        self.presets.activated.connect(self._use_preset)
        # builder: field, operator, value -> "and" condition
        builder = QHBoxLayout()
        self.build_field = QComboBox()
        self.build_field.setObjectName("filter_build_field")
        self.build_field.currentIndexChanged.connect(self._fill_values)
        self.build_operator = QComboBox()
        self.build_operator.setObjectName("filter_build_operator")
        self.build_operator.addItems(OPERATORS)
        self.build_value = QComboBox()
        self.build_value.setObjectName("filter_build_value")
        self.build_value.setEditable(True)
        self.build_value.setMinimumContentsLength(8)
        self.build_add = QPushButton()
        self.build_add.setObjectName("filter_build_add")
        self.build_add.clicked.connect(self.add_condition)
        builder.addWidget(self.build_field, 3)
        builder.addWidget(self.build_operator, 0)
        builder.addWidget(self.build_value, 2)
        builder.addWidget(self.build_add, 0)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("filter_apply")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply_filter)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("filter_clear")
        self.clear_button.clicked.connect(self.clear)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        self.count = QLabel()
        self.count.setObjectName("filter_count")
        self.count.setWordWrap(True)
        self.match_list = QListWidget()
        self.match_list.setObjectName("filter_matches")
        self.match_list.itemActivated.connect(lambda item: self.building_requested.emit(item.text()))
        self.expression_label = QLabel()
        self.builder_label = QLabel()
        filter_layout.addWidget(self.presets)
        filter_layout.addWidget(self.expression_label)
        filter_layout.addWidget(self.expression)
        filter_layout.addWidget(self.builder_label)
        filter_layout.addLayout(builder)
        filter_layout.addLayout(buttons)
        filter_layout.addWidget(self.count)
        filter_layout.addWidget(self.match_list, 1)
        layout.addWidget(self.filter_box, 1)

        self.colour_box = QGroupBox()
        colour_layout = QHBoxLayout(self.colour_box)
        self.colour_field = QComboBox()
        self.colour_field.setObjectName("colour_field")
        self.colour_button = QPushButton()
        self.colour_button.setObjectName("colour_apply")
        self.colour_button.clicked.connect(self.apply_colouring)
        colour_layout.addWidget(self.colour_field, 1)
        colour_layout.addWidget(self.colour_button)
        layout.addWidget(self.colour_box)
        self.resize(520, 560)
        self.retranslate()

    def set_context(self, store: LogbookStore | None, buildings: BuildingSet | None) -> None:
        self.store, self.buildings = store, buildings
        ready = store is not None and buildings is not None
        for w in (self.apply_button, self.colour_button, self.build_add):
            w.setEnabled(ready)
        if not ready:
            self.count.setText(QCoreApplication.translate("LogbookFilter", "No logbook is open."))

    # ------------------------------------------------------------------ filtering

    def _use_preset(self, index: int) -> None:
        expression = self.presets.itemData(index)
        if expression:
            self.expression.setText(expression.replace("{today}", dt.date.today().isoformat()))
            self.apply_filter()

    def _fill_values(self, *_: object) -> None:
        key = self.build_field.currentData()
        spec = FIELDS.get(key)
        with QSignalBlocker(self.build_value):
            self.build_value.clear()
            if spec is not None and spec.type is FieldType.ENUM:
                lang = catalogue_language()
                for choice in spec.choices:
                    self.build_value.addItem(f"{choice}", choice)
                    self.build_value.setItemData(self.build_value.count() - 1, choice_label(spec, choice, lang), Qt.ItemDataRole.ToolTipRole)
            self.build_value.setCurrentText("")

    def add_condition(self) -> None:
        value = self.build_value.currentText()
        if not value.strip():
            self._error(QCoreApplication.translate("LogbookFilter", "Type or choose a value for the condition."))
            return
        new = condition(self.build_field.currentData(), self.build_operator.currentText(), value)
        current = self.expression.text().strip()
        self.expression.setText(f"{current} and {new}" if current else new)

    def _error(self, text: str) -> None:
        self.count.setStyleSheet(f"color: {OVERDUE_RED};")
        self.count.setText(text)

    def apply_filter(self) -> int | None:
        """Find the matching buildings, list them and highlight them in 3D; returns the count."""
        self._follow_city()
        if self.store is None or self.buildings is None:
            return None
        expression = self.expression.text().strip()
        if not expression:
            self._error(QCoreApplication.translate("LogbookFilter", "Type a filter, choose a ready-made one or build one below."))
            return None
        try:
            overlay, mask = filter_overlay(self.store, self.buildings, expression)
        except (FilterError, FieldValueError) as exc:
            self._error(QCoreApplication.translate("LogbookFilter", "This filter cannot be read: %1").replace("%1", error_text(exc)))
            return None
        except LogbookError as exc:
            self._error(error_text(exc))
            return None
        self.matches = [bid for bid, hit in zip(self.buildings.ids, mask) if hit]
        count = len(self.matches)
        self.count.setStyleSheet("")
        self.count.setText(
            QCoreApplication.translate("LogbookFilter", "%1 of %2 buildings match; they are highlighted in magenta in the 3D view.")
            .replace("%1", str(count)).replace("%2", str(len(self.buildings.ids)))
        )
        self.applied_expression = expression
        self.match_list.clear()
        for bid in self.matches[:MAX_LISTED]:
            self.match_list.addItem(QListWidgetItem(bid))
        if len(self.matches) > MAX_LISTED:
            more = QListWidgetItem(QCoreApplication.translate("LogbookFilter", "… and %1 more").replace("%1", str(len(self.matches) - MAX_LISTED)))
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.match_list.addItem(more)
        self.overlay_requested.emit(overlay)
        return count

    def clear(self) -> None:
        self.matches = []
        self.applied_expression = ""
        self.match_list.clear()
        self.count.setText("")
        self.overlay_requested.emit(None)

    # ------------------------------------------------------------------ colouring

    def _follow_city(self) -> None:
        if self.buildings_source is not None:
            self.buildings = self.buildings_source()

    def apply_colouring(self) -> None:
        self._follow_city()
        if self.store is None or self.buildings is None:
            return
        field = self.colour_field.currentData()
        try:
            overlay = logbook_overlay(self.store, self.buildings, field)
        except (LogbookError, ValueError, KeyError) as exc:
            self._error(error_text(exc))
            return
        self.colouring_requested.emit(field, overlay)

    # ------------------------------------------------------------------ language

    def retranslate(self) -> None:
        lang = catalogue_language()
        self.setWindowTitle(QCoreApplication.translate("LogbookFilter", "Logbook: filter and colour the city"))
        self.filter_box.setTitle(QCoreApplication.translate("LogbookFilter", "Find buildings"))
        self.colour_box.setTitle(QCoreApplication.translate("LogbookFilter", "Colour the city by a logbook field"))
        self.expression_label.setText(QCoreApplication.translate("LogbookFilter", "Filter (fields, and / or / not, in (…), inspection_overdue()):"))
        self.expression.setPlaceholderText("dpe_class in (F, G) and construction_year < 1948")
        self.builder_label.setText(QCoreApplication.translate("LogbookFilter", "Or build it, one condition at a time:"))
        self.build_add.setText(QCoreApplication.translate("LogbookFilter", "Add"))
        self.build_add.setToolTip(QCoreApplication.translate("LogbookFilter", "Add this condition to the filter with “and”"))
        self.apply_button.setText(QCoreApplication.translate("LogbookFilter", "Find and highlight"))
        self.clear_button.setText(QCoreApplication.translate("LogbookFilter", "Clear"))
        self.clear_button.setToolTip(QCoreApplication.translate("LogbookFilter", "Back to the natural colours"))
        self.colour_button.setText(QCoreApplication.translate("LogbookFilter", "Colour"))
        self.match_list.setToolTip(QCoreApplication.translate("LogbookFilter", "Double-click a building to select it and open its logbook"))
        labels = {
            PRESETS[0]: QCoreApplication.translate("LogbookFilter", "DPE F or G, built before 1948"),
            PRESETS[1]: QCoreApplication.translate("LogbookFilter", "An inspection is overdue"),
            PRESETS[2]: QCoreApplication.translate("LogbookFilter", "Energy sieves: DPE F or G"),
            PRESETS[3]: QCoreApplication.translate("LogbookFilter", "DPE expired"),
        }
        with QSignalBlocker(self.presets):
            self.presets.clear()
            self.presets.addItem(QCoreApplication.translate("LogbookFilter", "Ready-made filters…"), "")
            for expression in PRESETS:
                self.presets.addItem(labels[expression], expression)
        # The fields planners filter on most come first.
        fields = [*COLOUR_FIELDS, *(k for k in FIELDS if k not in COLOUR_FIELDS)]
        for combo, keys in ((self.build_field, fields), (self.colour_field, list(COLOUR_FIELDS))):
            with QSignalBlocker(combo):
                index = combo.currentIndex()
                combo.clear()
                for key in keys:
                    combo.addItem(field_label(key, lang), key)
                combo.setCurrentIndex(max(index, 0))
        self._fill_values()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
