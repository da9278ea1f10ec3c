"""The logbook dock panel: summary card, timeline, field history and validated edit forms.

Bound to a :class:`city.logbook.LogbookStore` the way STYLE.md §4 says:
widgets hold no logic; a button's slot makes one store call with what the
form holds; the store's change event (``add_listener``) refreshes the views.
A save either returns or raises (the store's contract); on failure the form
keeps the user's input and says why, so pressing the button again retries.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QSignalBlocker, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.logbook_format import (
    OVERDUE_RED,
    SAMPLE_ORANGE,
    catalogue_language,
    choice_label,
    error_text,
    event_details,
    event_kind_label,
    event_text,
    field_label,
    format_date,
    format_value,
    group_label,
    history_rows,
    message_text,
    sample_warning,
    spec_label,
    summary_html,
    unit_label,
)
from city.logbook import (
    EVENT_FIELDS,
    FIELDS,
    ChangeEvent,
    DocumentError,
    FieldSpec,
    FieldType,
    FieldValueError,
    LogbookError,
    LogbookStore,
    LogbookWriteError,
    TimelineEvent,
)

EDITABLE_EVENT_KINDS = ("works", "inspection", "note")
ERROR_STYLE = f"color: {OVERDUE_RED};"
OK_STYLE = "color: #2e7d32;"
BAD_INPUT_STYLE = f"border: 2px solid {OVERDUE_RED};"
POLL_OTHER_WRITERS_MS = 3000


# --------------------------------------------------------------------------- value editors


class ValueEditor:
    """One input for a logbook field, chosen by its type: text, number with unit, date, yes/no, choice.

    ``value()`` is None when the input is empty ("—"); the store validates
    what it is given, so the editor only collects.
    """

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        self.spec = spec
        kind = spec.type
        self.widget: QWidget
        if kind is FieldType.ENUM or kind is FieldType.BOOL:
            combo = QComboBox(parent)
            self.widget = combo
        elif kind is FieldType.INTEGER:
            spin = QSpinBox(parent)
            lo = int(spec.minimum) if spec.minimum is not None else -1_000_000
            hi = int(spec.maximum) if spec.maximum is not None else 1_000_000_000
            spin.setRange(lo - 1, hi)  # lo - 1 shows "—": no value
            spin.setSpecialValueText("—")
            spin.setValue(lo - 1)
            self.widget = spin
        elif kind is FieldType.REAL:
            dspin = QDoubleSpinBox(parent)
            dspin.setDecimals(2 if spec.unit == "EUR" else 1)
            lo = float(spec.minimum) if spec.minimum is not None else -1e9
            hi = float(spec.maximum) if spec.maximum is not None else 1e12
            dspin.setRange(lo - 1, hi)
            dspin.setSpecialValueText("—")
            dspin.setValue(lo - 1)
            dspin.setGroupSeparatorShown(True)
            self.widget = dspin
        elif kind is FieldType.DATE:
            date = QDateEdit(parent)
            date.setCalendarPopup(True)
            lo = dt.date.fromisoformat(str(spec.minimum)) if spec.minimum else dt.date(1800, 1, 1)
            date.setMinimumDate(QDate(lo.year, lo.month, lo.day).addDays(-1))  # the day before: "—"
            date.setSpecialValueText("—")
            date.setDate(date.minimumDate())
            self.widget = date
        elif spec.max_length >= 1000:
            text = QPlainTextEdit(parent)
            text.setFixedHeight(64)
            self.widget = text
        else:
            line = QLineEdit(parent)
            line.setMaxLength(spec.max_length)
            self.widget = line
        self.widget.setObjectName(f"edit_{spec.group}_{spec.key}")
        # Long choice labels and wide number ranges must not make the dock scroll sideways.
        self.widget.setSizePolicy(QSizePolicy.Policy.Ignored, self.widget.sizePolicy().verticalPolicy())
        self.widget.setMinimumWidth(120)
        self.retranslate()

    def retranslate(self) -> None:
        spec, w = self.spec, self.widget
        lang = catalogue_language()
        if isinstance(w, QComboBox):
            current = w.currentData()
            with QSignalBlocker(w):
                w.clear()
                w.addItem("—", None)
                if spec.type is FieldType.BOOL:
                    w.addItem(QCoreApplication.translate("LogbookPanel", "yes"), True)
                    w.addItem(QCoreApplication.translate("LogbookPanel", "no"), False)
                else:
                    for choice in spec.choices:
                        w.addItem(choice_label(spec, choice, lang), choice)
                w.setCurrentIndex(max(0, w.findData(current)))
        elif isinstance(w, QSpinBox | QDoubleSpinBox):
            w.setSuffix(f" {unit_label(spec.unit)}" if spec.unit else "")
        elif isinstance(w, QDateEdit):
            w.setDisplayFormat("dd/MM/yyyy" if lang == "fr" else "yyyy-MM-dd")
        elif isinstance(w, QLineEdit) and spec.description:
            w.setPlaceholderText(spec.description)
        w.setToolTip(spec.description or spec_label(spec, lang))

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox | QDoubleSpinBox):
            return None if w.value() == w.minimum() else w.value()
        if isinstance(w, QDateEdit):
            return None if w.date() == w.minimumDate() else w.date().toString("yyyy-MM-dd")
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip() or None
        return w.text().strip() or None

    def set_value(self, value: Any) -> None:
        w = self.widget
        if isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        elif isinstance(w, QSpinBox):
            w.setValue(w.minimum() if value is None else int(value))
        elif isinstance(w, QDoubleSpinBox):
            w.setValue(w.minimum() if value is None else float(value))
        elif isinstance(w, QDateEdit):
            if value is None:
                w.setDate(w.minimumDate())
            else:
                day = dt.date.fromisoformat(str(value))
                w.setDate(QDate(day.year, day.month, day.day))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        else:
            w.setText("" if value is None else str(value))

    def mark_bad(self, bad: bool) -> None:
        self.widget.setStyleSheet(BAD_INPUT_STYLE if bad else "")


# --------------------------------------------------------------------------- the panel


class LogbookPanel(QWidget):
    """The logbook of the selected building: summary, timeline, field history, edit forms."""

    building_changed = Signal(str)
    """The building shown ("" for none)."""
    saved = Signal(str)
    """After a successful save, with a short description for the status bar."""
    _store_changed = Signal(object)  # re-emits the store's listener call on the GUI thread

    def __init__(self, store: LogbookStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logbook_panel")
        self.store: LogbookStore | None = None
        self.building_id: str | None = None
        self.sample_logbook = False
        self._remove_listener: Callable[[], None] | None = None
        self._timeline: list[TimelineEvent] = []
        self._store_changed.connect(self._on_store_changed)  # queued when emitted by a worker thread
        self._poll = QTimer(self, interval=POLL_OTHER_WRITERS_MS)
        self._poll.timeout.connect(self._poll_other_writers)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        header = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("logbook_title")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton()
        self.export_button.setObjectName("logbook_export_pdf")
        self.export_button.clicked.connect(self.export_pdf_dialog)
        header.addWidget(self.title, 1)
        header.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        self.notice = QLabel()
        self.notice.setObjectName("logbook_notice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"color: {SAMPLE_ORANGE}; font-style: italic;")
        layout.addWidget(self.notice)
        self.busy = QLabel()
        self.busy.setObjectName("logbook_busy")
        self.busy.setWordWrap(True)
        self.busy.hide()
        layout.addWidget(self.busy)
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("logbook_busy_bar")
        self.busy_bar.setRange(0, 0)  # indeterminate: the generator reports no progress
        self.busy_bar.setMaximumHeight(10)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        layout.addWidget(self.busy_bar)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("logbook_tabs")
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)

        # summary card
        self.summary = QTextBrowser()
        self.summary.setObjectName("logbook_summary")
        self.summary.setOpenLinks(False)
        self.tabs.addTab(self.summary, "")

        # timeline
        self.timeline = QTreeWidget()
        self.timeline.setObjectName("logbook_timeline")
        self.timeline.setColumnCount(3)
        self.timeline.setRootIsDecorated(False)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setWordWrap(True)
        self.timeline.setUniformRowHeights(False)
        self.timeline.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.timeline.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.timeline.header().setStretchLastSection(True)
        self.timeline.itemDoubleClicked.connect(self._open_document_of)
        self.timeline.currentItemChanged.connect(self._show_event_details)
        self.timeline_details = QPlainTextEdit()
        self.timeline_details.setObjectName("timeline_details")
        self.timeline_details.setReadOnly(True)
        self.timeline_details.setMaximumHeight(150)
        timeline_page = QSplitter(Qt.Orientation.Vertical)
        timeline_page.addWidget(self.timeline)
        timeline_page.addWidget(self.timeline_details)
        timeline_page.setStretchFactor(0, 3)
        timeline_page.setStretchFactor(1, 1)
        self.tabs.addTab(timeline_page, "")

        # field history
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 4, 0, 0)
        self.history_field = QComboBox()
        self.history_field.setObjectName("history_field")
        self.history_field.currentIndexChanged.connect(self._refresh_history)
        self.history_field.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.history_field.setMinimumWidth(120)
        self.history_table = QTableWidget(0, 6)
        self.history_table.setObjectName("history_table")
        self.history_table.verticalHeader().setVisible(False)
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.setWordWrap(False)  # one line per change; the tooltip has it all
        self.history_table.verticalHeader().setDefaultSectionSize(22)
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.history_field_label = QLabel()
        history_layout.addWidget(self.history_field_label)
        history_layout.addWidget(self.history_field)
        history_layout.addWidget(self.history_table, 1)
        self.tabs.addTab(history, "")

        # editing
        self.tabs.addTab(self._build_edit_tab(), "")

        self._field_keys = list(FIELDS)
        self.retranslate()
        self.set_store(store)

    # ------------------------------------------------------------------ edit forms

    def _build_edit_tab(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setObjectName("logbook_edit")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(2, 4, 2, 2)
        self.edit_target = QLabel()
        self.edit_target.setObjectName("edit_target")
        self.edit_target.setWordWrap(True)
        layout.addWidget(self.edit_target)

        # set / correct one field
        self.field_box = QGroupBox()
        self.field_box.setObjectName("field_box")
        form = QFormLayout(self.field_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.edit_field = QComboBox()
        self.edit_field.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.edit_field.setMinimumWidth(120)
        self.edit_field.setObjectName("edit_field")
        self.edit_field.currentIndexChanged.connect(self._show_field_editor)
        self.field_editors = QStackedWidget()
        self._editors: dict[str, ValueEditor] = {}
        for key, spec in FIELDS.items():
            editor = ValueEditor(spec)
            self._editors[key] = editor
            self.field_editors.addWidget(editor.widget)
        self.field_current = QLabel()
        self.field_current.setObjectName("field_current")
        self.field_current.setWordWrap(True)
        self.field_correction = QCheckBox()
        self.field_correction.setObjectName("field_correction")
        self.field_reason = QLineEdit()
        self.field_reason.setObjectName("field_reason")
        self.field_save = QPushButton()
        self.field_save.setObjectName("field_save")
        self.field_save.clicked.connect(self.save_field)
        self.field_status = QLabel()
        self.field_status.setObjectName("field_status")
        self.field_status.setWordWrap(True)
        self._field_form_labels = [QLabel(), QLabel(), QLabel()]
        form.addRow(self._field_form_labels[0], self.edit_field)
        form.addRow(self._field_form_labels[1], self.field_editors)
        form.addRow("", self.field_current)
        form.addRow("", self.field_correction)
        form.addRow(self._field_form_labels[2], self.field_reason)
        form.addRow("", self.field_save)
        form.addRow(self.field_status)
        layout.addWidget(self.field_box)

        # add an event
        self.event_box = QGroupBox()
        self.event_box.setObjectName("event_box")
        event_layout = QVBoxLayout(self.event_box)
        self.event_kind = QComboBox()
        self.event_kind.setObjectName("event_kind")
        self.event_forms = QStackedWidget()
        self.event_editors: dict[str, dict[str, ValueEditor]] = {}
        self._event_labels: list[tuple[QLabel, FieldSpec]] = []
        for kind in EDITABLE_EVENT_KINDS:
            page_widget = QWidget()
            kind_form = QFormLayout(page_widget)
            kind_form.setContentsMargins(0, 0, 0, 0)
            kind_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            self.event_editors[kind] = {}
            for key, spec in EVENT_FIELDS[kind].items():
                editor = ValueEditor(spec)
                editor.widget.setObjectName(f"event_{kind}_{key}")
                label = QLabel()
                self._event_labels.append((label, spec))
                kind_form.addRow(label, editor.widget)
                self.event_editors[kind][key] = editor
            self.event_forms.addWidget(page_widget)
        self.event_kind.currentIndexChanged.connect(self.event_forms.setCurrentIndex)
        self.event_reason = QLineEdit()
        self.event_reason.setObjectName("event_reason")
        self.event_add = QPushButton()
        self.event_add.setObjectName("event_add")
        self.event_add.clicked.connect(self.add_event)
        self.event_status = QLabel()
        self.event_status.setObjectName("event_status")
        self.event_status.setWordWrap(True)
        self._event_reason_label = QLabel()
        event_layout.addWidget(self.event_kind)
        event_layout.addWidget(self.event_forms)
        row = QFormLayout()
        row.addRow(self._event_reason_label, self.event_reason)
        event_layout.addLayout(row)
        event_layout.addWidget(self.event_add)
        event_layout.addWidget(self.event_status)
        layout.addWidget(self.event_box)

        # attach a document
        self.document_box = QGroupBox()
        self.document_box.setObjectName("document_box")
        doc_form = QFormLayout(self.document_box)
        doc_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        doc_specs = EVENT_FIELDS["document"]
        self.document_kind = ValueEditor(doc_specs["document_kind"])
        self.document_kind.widget.setObjectName("document_kind")
        self.document_title = ValueEditor(doc_specs["title"])
        self.document_title.widget.setObjectName("document_title")
        self.document_reason = QLineEdit()
        self.document_reason.setObjectName("document_reason")
        self.document_attach = QPushButton()
        self.document_attach.setObjectName("document_attach")
        self.document_attach.clicked.connect(self.choose_document)
        self.document_status = QLabel()
        self.document_status.setObjectName("document_status")
        self.document_status.setWordWrap(True)
        self._doc_labels = [QLabel(), QLabel(), QLabel()]
        doc_form.addRow(self._doc_labels[0], self.document_kind.widget)
        doc_form.addRow(self._doc_labels[1], self.document_title.widget)
        doc_form.addRow(self._doc_labels[2], self.document_reason)
        doc_form.addRow("", self.document_attach)
        doc_form.addRow(self.document_status)
        layout.addWidget(self.document_box)

        self.author_label = QLabel()
        self.author_label.setObjectName("author_label")
        self.author_label.setWordWrap(True)
        self.author_label.setStyleSheet("color: #555555;")
        layout.addWidget(self.author_label)
        layout.addStretch(1)
        scroll.setWidget(page)
        return scroll

    # ------------------------------------------------------------------ binding

    def set_store(self, store: LogbookStore | None, *, sample: bool = False) -> None:
        """Show this logbook (None: none open). ``sample``: it holds generated demo data."""
        if self._remove_listener is not None:
            self._remove_listener()
            self._remove_listener = None
        self.store = store
        self.sample_logbook = sample
        if store is not None:
            # The store calls back in the writing thread: a queued signal brings it to the GUI thread.
            self._remove_listener = store.add_listener(lambda event: self._store_changed.emit(event))
            self._poll.start()
        else:
            self._poll.stop()
        self._apply_mode()
        self._refresh()

    def set_busy(self, message: str, *, working: bool = True) -> None:
        """Say what the logbook is waiting for ("" hides it), e.g. while the demo sample is generated.

        ``working=False``: a message without the progress bar (why there is no logbook).
        """
        self.busy.setText(message)
        self.busy.setStyleSheet("" if working else ERROR_STYLE)
        self.busy.setVisible(bool(message))
        self.busy_bar.setVisible(bool(message) and working)

    def show_building(self, building_id: str | None) -> None:
        """Show the logbook of this building (None or "": none)."""
        building_id = building_id or None
        if building_id != self.building_id:
            self.building_id = building_id
            self._reset_forms()
            self.building_changed.emit(building_id or "")
        self._refresh()

    def _on_store_changed(self, event: ChangeEvent) -> None:
        if self.building_id is not None and self.building_id in event.building_ids:
            self._refresh()

    def _poll_other_writers(self) -> None:
        # Another process (a colleague, an import) wrote: refresh what is shown.
        store = self.store
        if store is None or self.building_id is None or not self.isVisible():
            return
        try:
            changed = store.changed_elsewhere()
        except LogbookError:  # closed or unreadable: the next explicit refresh says so
            return
        if changed:
            self._refresh()

    @property
    def editable(self) -> bool:
        return self.store is not None and not self.store.read_only and self.building_id is not None

    def _apply_mode(self) -> None:
        read_only = self.store is not None and self.store.read_only
        why = ""
        if self.store is None:
            why = QCoreApplication.translate("LogbookPanel", "No logbook is open.")
        elif read_only:
            why = QCoreApplication.translate("LogbookPanel", "The logbook is open read-only (viewer mode): editing is disabled.")
        elif self.building_id is None:
            why = QCoreApplication.translate("LogbookPanel", "Select a building in the 3D view to edit its logbook.")
        for box in (self.field_box, self.event_box, self.document_box):
            box.setEnabled(self.editable)
            box.setToolTip(why)
        self.export_button.setEnabled(self.store is not None and self.building_id is not None)
        if self.store is not None and not read_only:
            self.author_label.setText(QCoreApplication.translate("LogbookPanel", "Changes are recorded with your name: %1").replace("%1", self.store.author))
        else:
            self.author_label.setText(why)

    # ------------------------------------------------------------------ views

    def _refresh(self) -> None:
        self._apply_mode()
        notices = []
        if self.store is None:
            self.title.setText(QCoreApplication.translate("LogbookPanel", "No logbook is open."))
        elif self.building_id is None:
            self.title.setText(QCoreApplication.translate("LogbookPanel", "No building selected. Click a building in the 3D view to open its logbook."))
        if self.store is not None and self.store.read_only:
            notices.append(QCoreApplication.translate("LogbookPanel", "Read-only: you can view this logbook but not change it."))
        store, bid = self.store, self.building_id
        if store is None or bid is None:
            self.summary.setHtml("")
            self.timeline.clear()
            self.timeline_details.setPlainText("")
            self._timeline = []
            self.history_table.setRowCount(0)
            self.edit_target.setText("")
            self.notice.setText("\n".join(notices))
            return
        lang = catalogue_language()
        try:
            summary = store.building_summary(bid)
            self._timeline = store.timeline(bid)
        except LogbookError as exc:
            self.summary.setHtml(f'<p style="color:{OVERDUE_RED};">{_escape(error_text(exc))}</p>')
            return
        identity = summary.identity
        name = identity.get("name") or identity.get("address") or ""
        building = QCoreApplication.translate("LogbookPanel", "Logbook of building %1").replace("%1", bid)
        self.title.setText(f"<b>{_escape(building)}</b>" + (f"<br>{_escape(name)}" if name else ""))
        if summary.sample_data or self.sample_logbook or any(e.source == "sample" for e in self._timeline):
            notices.insert(0, sample_warning())
        self.notice.setText("\n".join(notices))
        self.summary.setHtml(summary_html(summary, lang))
        self.edit_target.setText(
            "<b>" + _escape(QCoreApplication.translate("LogbookPanel", "Changes below apply to building %1.").replace("%1", bid)) + "</b>"
        )

        self.timeline.clear()
        self.timeline_details.setPlainText("")
        ordered = sorted(self._timeline, key=lambda e: (e.date, e.created_at), reverse=True)
        for event in ordered:
            item = QTreeWidgetItem([format_date(event.date, lang), event_kind_label(event.kind, lang), event_text(event, lang)])
            item.setData(0, Qt.ItemDataRole.UserRole, event.event_id)
            tip = event_details(event, lang)
            for col in range(3):
                item.setToolTip(col, tip)
            if event.kind == "inspection" and event.data.get("next_due") and event.data["next_due"] < dt.date.today().isoformat():
                overdue = [d for d in summary.next_inspections if d.event_id == event.event_id and d.overdue]
                if overdue:
                    item.setForeground(2, _red_brush())
                    # First, so that a narrow dock cannot hide it.
                    item.setText(2, QCoreApplication.translate("Logbook", "overdue").upper() + f" — {item.text(2)}")
            self.timeline.addTopLevelItem(item)
        if ordered:
            self.timeline.setCurrentItem(self.timeline.topLevelItem(0))  # details of the latest entry
        else:
            empty = QTreeWidgetItem(["", "", QCoreApplication.translate("LogbookPanel", "Nothing recorded yet.")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.timeline.addTopLevelItem(empty)
        self._refresh_history()
        self._show_current_value()

    def _show_event_details(self, item: QTreeWidgetItem | None, *_: Any) -> None:
        event_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        event = next((e for e in self._timeline if e.event_id == event_id), None)
        if event is None:
            self.timeline_details.setPlainText("")
            return
        text = f"{format_date(event.date)} — {event_kind_label(event.kind)}\n{event_details(event)}"
        if event.kind == "document":
            text += "\n" + QCoreApplication.translate("LogbookPanel", "Double-click the entry to open the document.")
        self.timeline_details.setPlainText(text)

    def _refresh_history(self, *_: Any) -> None:
        key = self.history_field.currentData()
        store, bid = self.store, self.building_id
        if store is None or bid is None:
            self.history_table.setRowCount(0)
            return
        lang = catalogue_language()
        entries = store.history(bid, key or None)
        rows = history_rows(entries, lang)
        fields = [field_label(e.field, lang) if e.field in FIELDS else e.field for e in reversed(entries)]
        self.history_table.setRowCount(len(rows))
        latest: set[str] = set()
        for r, (values, name) in enumerate(zip(rows, fields)):
            when, value, change, author, reason = values
            summary = f"{when} — {name}: {value} ({change}, {author})\n{reason}"
            for c, text in enumerate((when, name, value, change, author, reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(summary)
                if c == 2 and name not in latest:
                    font = item.font()
                    font.setBold(True)  # the current value of this field
                    item.setFont(font)
                self.history_table.setItem(r, c, item)
            latest.add(name)
        self.history_table.resizeColumnsToContents()
        for column in (1, 2):  # field and value: room left for who and why
            self.history_table.setColumnWidth(column, min(self.history_table.columnWidth(column), 150))

    def _show_field_editor(self, index: int) -> None:
        if index < 0:
            return
        self.field_editors.setCurrentIndex(index)
        self._editors[self._field_keys[index]].mark_bad(False)
        self._prefill_field()
        # The history tab follows the field being edited (after its "All fields" entry).
        self.history_field.setCurrentIndex(index + 1)

    def _current_values(self) -> dict[str, Any]:
        if self.store is None or self.building_id is None:
            return {}
        try:
            return self.store.current(self.building_id)
        except LogbookError:
            return {}

    def _prefill_field(self) -> None:
        key = self._field_keys[self.edit_field.currentIndex()]
        self._editors[key].set_value(self._current_values().get(key))
        self._show_current_value()

    def _show_current_value(self) -> None:
        index = self.edit_field.currentIndex()
        if index < 0:
            return
        key = self._field_keys[index]
        value = self._current_values().get(key)
        if value is None:
            self.field_current.setText(QCoreApplication.translate("LogbookPanel", "No value recorded yet."))
        else:
            self.field_current.setText(QCoreApplication.translate("LogbookPanel", "Current value: %1").replace("%1", format_value(FIELDS[key], value)))

    def _reset_forms(self) -> None:
        """A new building: forms start from its current values, with no error shown."""
        for label in (self.field_status, self.event_status, self.document_status):
            label.setText("")
        for editors in self.event_editors.values():
            for editor in editors.values():
                editor.set_value(None)
                editor.mark_bad(False)
        for line in (self.field_reason, self.event_reason, self.document_reason):
            line.clear()
        self.field_correction.setChecked(False)
        if self.edit_field.currentIndex() >= 0:
            self._prefill_field()

    # ------------------------------------------------------------------ writes

    def _fail(self, status: QLabel, exc: Exception, editors: dict[str, ValueEditor] | None = None) -> None:
        """Say why a save failed; the form keeps what the user typed so the same button retries."""
        if isinstance(exc, FieldValueError):
            spec = (editors or {}).get(exc.field)
            label = spec_label(spec.spec) if spec is not None else field_label(exc.field) if exc.field in FIELDS else exc.field
            if spec is not None:
                spec.mark_bad(True)
            text = QCoreApplication.translate("LogbookPanel", "Not saved: %1 — %2 %3.").replace("%3", message_text(exc.reason)).replace("%2", repr(exc.value)).replace("%1", label)
        elif isinstance(exc, DocumentError):
            text = QCoreApplication.translate("LogbookPanel", "Document not attached: %1").replace("%1", error_text(exc))
        else:
            text = QCoreApplication.translate("LogbookPanel", "Not saved: %1").replace("%1", error_text(exc))
        text += "\n" + QCoreApplication.translate("LogbookPanel", "Your input is kept: correct it or fix the problem, then press the button again.")
        status.setStyleSheet(ERROR_STYLE)
        status.setText(text)

    def _succeed(self, status: QLabel, text: str) -> None:
        status.setStyleSheet(OK_STYLE)
        status.setText(text)
        self.saved.emit(text)

    def _need_reason(self, line: QLineEdit, status: QLabel) -> str | None:
        reason = line.text().strip()
        if not reason:
            status.setStyleSheet(ERROR_STYLE)
            status.setText(QCoreApplication.translate("LogbookPanel", "Give a reason: it is recorded with the change (e.g. “new DPE received”, “typo”)."))
            line.setStyleSheet(BAD_INPUT_STYLE)
            line.setFocus()
            return None
        line.setStyleSheet("")
        return reason

    def save_field(self) -> bool:
        """Record the value in the field form (as a correction if ticked). True when saved."""
        if not self.editable or self.store is None or self.building_id is None:
            return False
        key = self._field_keys[self.edit_field.currentIndex()]
        editor = self._editors[key]
        editor.mark_bad(False)
        value = editor.value()
        if value is None:
            editor.mark_bad(True)
            self.field_status.setStyleSheet(ERROR_STYLE)
            self.field_status.setText(QCoreApplication.translate("LogbookPanel", "Enter a value for %1.").replace("%1", field_label(key)))
            return False
        reason = self._need_reason(self.field_reason, self.field_status)
        if reason is None:
            return False
        try:
            written = self.store.set_fields(
                self.building_id, {key: value}, reason=reason, correction=self.field_correction.isChecked()
            )
        except (FieldValueError, LogbookWriteError) as exc:
            self._fail(self.field_status, exc, {key: editor})
            return False
        self.field_reason.clear()
        self.field_correction.setChecked(False)
        if written:
            self._succeed(self.field_status, QCoreApplication.translate("LogbookPanel", "Saved: %1 = %2.").replace("%1", field_label(key)).replace("%2", format_value(FIELDS[key], value)))
        else:
            self._succeed(self.field_status, QCoreApplication.translate("LogbookPanel", "Nothing to save: %1 already has this value.").replace("%1", field_label(key)))
        self._prefill_field()
        self._refresh_history()
        return True

    def add_event(self) -> str | None:
        """Add the event in the event form to the timeline; returns its id when saved."""
        if not self.editable or self.store is None or self.building_id is None:
            return None
        kind = EDITABLE_EVENT_KINDS[self.event_kind.currentIndex()]
        editors = self.event_editors[kind]
        for editor in editors.values():
            editor.mark_bad(False)
        data = {key: editor.value() for key, editor in editors.items() if editor.value() is not None}
        missing = [key for key, editor in editors.items() if editor.spec.required and key not in data]
        if missing:
            for key in missing:
                editors[key].mark_bad(True)
            self.event_status.setStyleSheet(ERROR_STYLE)
            self.event_status.setText(
                QCoreApplication.translate("LogbookPanel", "Fill in: %1.").replace("%1", ", ".join(spec_label(editors[k].spec) for k in missing))
            )
            return None
        reason = self._need_reason(self.event_reason, self.event_status)
        if reason is None:
            return None
        try:
            event_id = self.store.add_event(self.building_id, kind, data, reason=reason)
        except (FieldValueError, LogbookWriteError) as exc:
            self._fail(self.event_status, exc, editors)
            return None
        for editor in editors.values():
            editor.set_value(None)
        self.event_reason.clear()
        self._succeed(self.event_status, QCoreApplication.translate("LogbookPanel", "Added to the timeline: %1.").replace("%1", event_kind_label(kind).lower()))
        self.tabs.setCurrentWidget(self.timeline)
        return event_id

    def choose_document(self) -> str | None:
        """Ask for a file and attach it (the reason and kind come from the form)."""
        if not self.editable:
            return None
        if self._need_reason(self.document_reason, self.document_status) is None:
            return None
        path, _ = QFileDialog.getOpenFileName(
            self, QCoreApplication.translate("LogbookPanel", "Attach a document"), str(Path.home()),
            QCoreApplication.translate("LogbookPanel", "Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.dwg *.dxf *.txt *.odt *.docx);;All files (*)"),
        )
        if not path:
            return None
        return self.attach_document(Path(path))

    def attach_document(self, path: Path) -> str | None:
        """Store ``path`` in the logbook as a document of the shown building; returns the event id."""
        if not self.editable or self.store is None or self.building_id is None:
            return None
        reason = self._need_reason(self.document_reason, self.document_status)
        if reason is None:
            return None
        try:
            event_id = self.store.attach_document(
                self.building_id, path, reason=reason,
                document_kind=self.document_kind.value() or "other", title=self.document_title.value(),
            )
        except (FieldValueError, LogbookWriteError, DocumentError) as exc:
            self._fail(self.document_status, exc, {"document_kind": self.document_kind, "title": self.document_title})
            return None
        self.document_reason.clear()
        self.document_title.set_value(None)
        self._succeed(self.document_status, QCoreApplication.translate("LogbookPanel", "Document attached: %1.").replace("%1", path.name))
        return event_id

    def _open_document_of(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        event_id = item.data(0, Qt.ItemDataRole.UserRole)
        event = next((e for e in self._timeline if e.event_id == event_id), None)
        if event is None or event.kind != "document" or self.store is None:
            return
        try:
            path = self.store.document_path(event.data["sha256"])
        except LogbookError as exc:
            self.notice.setText(error_text(exc))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def export_pdf_dialog(self) -> None:
        if self.store is None or self.building_id is None:
            return
        from app.logbook_pdf import export_logbook_pdf

        start = str(Path.home() / f"logbook-{self.building_id}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, QCoreApplication.translate("LogbookPanel", "Export the logbook as PDF"), start, QCoreApplication.translate("LogbookPanel", "PDF files (*.pdf)"))
        if not path:
            return
        try:
            export_logbook_pdf(self.store, self.building_id, Path(path))
        except (OSError, LogbookError) as exc:
            self.notice.setText(QCoreApplication.translate("LogbookPanel", "PDF not written: %1").replace("%1", error_text(exc)))
            return
        self.saved.emit(QCoreApplication.translate("LogbookPanel", "Logbook exported to %1").replace("%1", path))

    # ------------------------------------------------------------------ language

    def retranslate(self) -> None:
        lang = catalogue_language()
        self.tabs.setTabText(0, QCoreApplication.translate("LogbookPanel", "Summary"))
        self.tabs.setTabText(1, QCoreApplication.translate("LogbookPanel", "Timeline"))
        self.tabs.setTabText(2, QCoreApplication.translate("LogbookPanel", "Field history"))
        self.tabs.setTabText(3, QCoreApplication.translate("LogbookPanel", "Edit"))
        self.export_button.setText(QCoreApplication.translate("LogbookPanel", "PDF sheet…"))
        self.export_button.setToolTip(QCoreApplication.translate("LogbookPanel", "Export this building's logbook as a PDF sheet for its owner"))
        self.timeline.setHeaderLabels([QCoreApplication.translate("LogbookPanel", "Date"), QCoreApplication.translate("LogbookPanel", "Kind"), QCoreApplication.translate("LogbookPanel", "What happened")])
        self.timeline.setToolTip(QCoreApplication.translate("LogbookPanel", "Newest first. Click an entry for its details; double-click a document to open it."))
        self.timeline_details.setPlaceholderText(QCoreApplication.translate("LogbookPanel", "Click an entry above to see all its details."))
        self.history_field_label.setText(QCoreApplication.translate("LogbookPanel", "Every recorded value, newest first (bold: current):"))
        self.history_table.setHorizontalHeaderLabels([QCoreApplication.translate("LogbookPanel", "Recorded"), QCoreApplication.translate("LogbookPanel", "Field"), QCoreApplication.translate("LogbookPanel", "Value"), QCoreApplication.translate("LogbookPanel", "Change"), QCoreApplication.translate("LogbookPanel", "By"), QCoreApplication.translate("LogbookPanel", "Reason")])
        for combo in (self.edit_field, self.history_field):
            with QSignalBlocker(combo):
                index = combo.currentIndex()
                combo.clear()
                if combo is self.history_field:
                    combo.addItem(QCoreApplication.translate("LogbookPanel", "All fields"), "")
                for key in self._field_keys:
                    spec = FIELDS[key]
                    unit = f" ({unit_label(spec.unit)})" if spec.unit else ""
                    combo.addItem(f"{group_label(spec.group, lang)} › {field_label(key, lang)}{unit}", key)
                combo.setCurrentIndex(max(index, 0))
        for editor in self._editors.values():
            editor.retranslate()
        self.field_box.setTitle(QCoreApplication.translate("LogbookPanel", "Set or correct a field"))
        self._field_form_labels[0].setText(QCoreApplication.translate("LogbookPanel", "Field"))
        self._field_form_labels[1].setText(QCoreApplication.translate("LogbookPanel", "New value"))
        self._field_form_labels[2].setText(QCoreApplication.translate("LogbookPanel", "Reason *"))
        self.field_reason.setPlaceholderText(QCoreApplication.translate("LogbookPanel", "Why: new DPE, survey, typo…"))
        self.field_correction.setText(QCoreApplication.translate("LogbookPanel", "This corrects a wrong value"))
        self.field_correction.setToolTip(QCoreApplication.translate("LogbookPanel", "The history then shows a correction rather than a change of the building"))
        self.field_save.setText(QCoreApplication.translate("LogbookPanel", "Save"))
        self.event_box.setTitle(QCoreApplication.translate("LogbookPanel", "Add to the timeline"))
        with QSignalBlocker(self.event_kind):
            index = self.event_kind.currentIndex()
            self.event_kind.clear()
            for kind in EDITABLE_EVENT_KINDS:
                self.event_kind.addItem(event_kind_label(kind, lang), kind)
            self.event_kind.setCurrentIndex(max(index, 0))
        for label, spec in self._event_labels:
            label.setText(spec_label(spec, lang) + (" *" if spec.required else ""))
        for editors in self.event_editors.values():
            for editor in editors.values():
                editor.retranslate()
        self._event_reason_label.setText(QCoreApplication.translate("LogbookPanel", "Reason *"))
        self.event_reason.setPlaceholderText(QCoreApplication.translate("LogbookPanel", "Why it is recorded: invoice received, report…"))
        self.event_add.setText(QCoreApplication.translate("LogbookPanel", "Add to the timeline"))
        self.document_box.setTitle(QCoreApplication.translate("LogbookPanel", "Attach a document"))
        self.document_kind.retranslate()
        self.document_title.retranslate()
        self._doc_labels[0].setText(spec_label(self.document_kind.spec, lang))
        self._doc_labels[1].setText(spec_label(self.document_title.spec, lang))
        self._doc_labels[2].setText(QCoreApplication.translate("LogbookPanel", "Reason *"))
        self.document_reason.setPlaceholderText(QCoreApplication.translate("LogbookPanel", "e.g. DPE report received from the diagnostician"))
        self.document_attach.setText(QCoreApplication.translate("LogbookPanel", "Choose a file and attach…"))
        self.document_attach.setToolTip(
            QCoreApplication.translate("LogbookPanel", "The file is copied into the logbook's folder (PDF, images, plans; size limited).")
        )
        self._refresh()

    def sizeHint(self) -> QSize:  # noqa: N802
        # Wide enough for a timeline line and the edit forms' labels.
        return QSize(500, 720)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        self._poll.stop()
        super().closeEvent(event)


def _escape(text: str) -> str:
    return html.escape(text)


def _red_brush() -> QBrush:
    return QBrush(QColor(OVERDUE_RED))
