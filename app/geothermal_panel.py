"""The geothermal dock: every parameter of the method with its unit, the run's progress, totals and zone figures.

Widgets hold no logic (STYLE.md): each spin box writes one field of a
:class:`~analysis.geothermal.GeothermalSettings`; a change asks the
controller to compute again (after a short pause, so a user typing 150 does
not start three runs); the overlay then updates without reloading anything.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from analysis.geothermal import REASONS, GeothermalResult, GeothermalSettings, Note, fill_template

# (field, minimum, maximum, step, decimals)
_FIELDS = (
    ("depth_m", 10.0, 200.0, 10.0, 0),
    ("spacing_m", 5.0, 30.0, 0.5, 1),
    ("boundary_setback_m", 0.0, 20.0, 0.5, 1),
    ("building_clearance_m", 0.0, 20.0, 0.5, 1),
    ("buffer_m", 1.0, 50.0, 1.0, 0),
    ("conductivity_w_mk", 0.2, 10.0, 0.1, 2),
    ("operating_hours", 500.0, 8760.0, 100.0, 0),
    ("cop", 1.5, 8.0, 0.1, 1),
    ("default_demand_kwh_m2", 20.0, 600.0, 10.0, 0),
    ("network_distance_m", 0.0, 20000.0, 100.0, 0),
    ("pile_spacing_m", 2.0, 20.0, 0.5, 1),
    ("pile_length_m", 5.0, 60.0, 1.0, 0),
    ("pile_w_per_m", 0.0, 80.0, 1.0, 0),
)


def field_label(name: str) -> str:
    return {
        "depth_m": QCoreApplication.translate("Geothermal", "Borehole depth (m)"),
        "spacing_m": QCoreApplication.translate("Geothermal", "Distance between boreholes (m)"),
        "boundary_setback_m": QCoreApplication.translate("Geothermal", "Setback from parcel boundaries (m)"),
        "building_clearance_m": QCoreApplication.translate("Geothermal", "Clearance from buildings (m)"),
        "buffer_m": QCoreApplication.translate("Geothermal", "Ground around a building, without parcels (m)"),
        "conductivity_w_mk": QCoreApplication.translate("Geothermal", "Ground conductivity (W/m/K)"),
        "operating_hours": QCoreApplication.translate("Geothermal", "Full-load hours per year (h)"),
        "cop": QCoreApplication.translate("Geothermal", "Heat pump COP"),
        "default_demand_kwh_m2": QCoreApplication.translate("Geothermal", "Default heat demand (kWh/m²/year)"),
        "network_distance_m": QCoreApplication.translate("Geothermal", "Near a geothermal network within (m)"),
        "pile_spacing_m": QCoreApplication.translate("Geothermal", "Energy piles: one per square of (m)"),
        "pile_length_m": QCoreApplication.translate("Geothermal", "Energy pile length (m)"),
        "pile_w_per_m": QCoreApplication.translate("Geothermal", "Energy pile heat extraction (W/m)"),
    }[name]


def field_tip(name: str) -> str:
    return {
        "depth_m": QCoreApplication.translate("Geothermal", "At most 200 m: France's 'géothermie de minime importance' regime for closed loops."),
        "spacing_m": QCoreApplication.translate("Geothermal", "VDI 4640 part 2: at least 6 m for boreholes deeper than 50 m (5 m for 40-50 m)."),
        "boundary_setback_m": QCoreApplication.translate("Geothermal", "Boreholes keep this distance from the parcel's boundaries."),
        "building_clearance_m": QCoreApplication.translate("Geothermal", "Boreholes keep this distance from every building."),
        "buffer_m": QCoreApplication.translate("Geothermal", "When no parcels are loaded, a building's boreholes lie within this distance of it."),
        "conductivity_w_mk": QCoreApplication.translate("Geothermal", "Used where no conductivity raster is loaded. About 2 W/m/K for the Paris basin's sediments (BRGM)."),
        "operating_hours": QCoreApplication.translate("Geothermal", "1800 h for heating only, 2400 h with hot water (VDI 4640 table 2)."),
        "cop": QCoreApplication.translate("Geothermal", "Seasonal coefficient of performance: heat delivered = ground heat x COP / (COP - 1)."),
        "default_demand_kwh_m2": QCoreApplication.translate("Geothermal", "For buildings with neither a DPE class nor a construction year."),
        "network_distance_m": QCoreApplication.translate("Geothermal", "Buildings this close to a geothermal heating plant are flagged."),
        "pile_spacing_m": QCoreApplication.translate("Geothermal", "Pile density under a project model: one pile per square of this side."),
        "pile_length_m": QCoreApplication.translate("Geothermal", "Length of each energy pile (foundation depth)."),
        "pile_w_per_m": QCoreApplication.translate("Geothermal", "SIA D 0190: 20 to 40 W per metre of energy pile; 30 W/m by default."),
    }[name]


class GeothermalPanel(QWidget):
    """Parameters, progress and results of the geothermal analysis."""

    settings_changed = Signal(object)
    """A new :class:`GeothermalSettings` (valid) after the user paused editing."""
    run_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, settings: GeothermalSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("geothermal_panel")
        self.settings = settings or GeothermalSettings()
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.form = QFormLayout()
        self.spins: dict[str, QDoubleSpinBox] = {}
        self.labels: dict[str, QLabel] = {}
        for name, lo, hi, step, decimals in _FIELDS:
            spin = QDoubleSpinBox()
            spin.setObjectName(f"geo_{name}")
            spin.setRange(lo, hi)
            spin.setSingleStep(step)
            spin.setDecimals(decimals)
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(self._on_edit)
            label = QLabel()
            self.spins[name], self.labels[name] = spin, label
            self.form.addRow(label, spin)
        layout.addLayout(self.form)
        row = QHBoxLayout()
        self.run_button = QPushButton()
        self.run_button.setObjectName("geo_run")
        self.run_button.clicked.connect(self.run_requested)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("geo_cancel")
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.setEnabled(False)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.message = QLabel()
        self.message.setObjectName("geo_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b02a37;")
        layout.addWidget(self.message)
        self.summary = QLabel()
        self.summary.setObjectName("geo_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.method = QLabel()
        self.method.setObjectName("geo_method")
        self.method.setWordWrap(True)
        self.method.setStyleSheet("color: #555;")
        layout.addWidget(self.method)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self._emit_settings)
        self.result: GeothermalResult | None = None
        self._refresh_spins()
        self.retranslate()

    # ------------------------------------------------------------------ editing

    def _refresh_spins(self) -> None:
        for name, spin in self.spins.items():
            with QSignalBlocker(spin):
                spin.setValue(float(getattr(self.settings, name)))

    def set_settings(self, settings: GeothermalSettings) -> None:
        self.settings = settings
        self._refresh_spins()

    def _on_edit(self, *_args) -> None:
        self._debounce.start()

    def _emit_settings(self) -> None:
        candidate = self.settings.replace(**{name: spin.value() for name, spin in self.spins.items()})
        try:
            candidate.validate()
        except ValueError as exc:
            self.message.setText(error_text(exc))
            return
        self.message.setText("")
        self.settings = candidate
        self.settings_changed.emit(candidate)

    # ------------------------------------------------------------------ running

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.run_button.setEnabled(not busy)
        if busy:
            self.progress.setValue(0)

    def show_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat(f"{step_label(message)} %p%")

    def show_error(self, text: str) -> None:
        self.message.setText(text)

    def show_result(self, result: GeothermalResult | None) -> None:
        self.result = result
        self.summary.setText(self._summary_html(result) if result is not None else "")

    def _summary_html(self, r: GeothermalResult) -> str:
        cov = np.nan_to_num(r.coverage)
        rows = [
            (QCoreApplication.translate("Geothermal", "Boreholes"), f"{int(r.boreholes.sum()):,}"),
            (QCoreApplication.translate("Geothermal", "Heat from the ground"), f"{r.power_kw.sum() / 1000:,.1f} MW"),
            (QCoreApplication.translate("Geothermal", "Heat delivered"), QCoreApplication.translate("Geothermal", "%1 GWh/year").replace("%1", f"{r.delivered_mwh.sum() / 1000:,.1f}")),
            (QCoreApplication.translate("Geothermal", "Heat demand"), QCoreApplication.translate("Geothermal", "%1 GWh/year").replace("%1", f"{r.demand.demand_mwh.sum() / 1000:,.1f}")),
            (QCoreApplication.translate("Geothermal", "Buildings covered at 50 %"), f"{int((cov >= 0.5).sum()):,}"),
            (QCoreApplication.translate("Geothermal", "Buildings covered at 100 %"), f"{int((cov >= 1.0).sum()):,}"),
            (QCoreApplication.translate("Geothermal", "Above 500 kW (full permit)"), f"{int(r.exceeds_minime.sum()):,}"),
        ]
        if r.counts.get("plants"):
            rows.append((QCoreApplication.translate("Geothermal", "Near a geothermal network"), f"{int(r.near_network.sum()):,}"))
        body = "".join(f"<tr><td>{html.escape(a)}</td><td align='right'><b>{b.replace(',', ' ')}</b></td></tr>" for a, b in rows)
        parts = [f"<table cellspacing='3'>{body}</table>"]
        for name, z in r.zones.items():
            share = z["delivered_mwh"] / z["demand_mwh"] if z["demand_mwh"] else 0.0
            text = QCoreApplication.translate("Geothermal", "%1: %2 buildings, %3 % of the heat demand, covered at 50 %: %4, at 100 %: %5")
            for k, v in enumerate((name, f"{int(z['buildings'])}", f"{share * 100:.0f}", f"{int(z['covered_50'])}",
                                   f"{int(z['covered_100'])}"), start=1):
                text = text.replace(f"%{k}", v)
            bar = int(round(min(share, 1.0) * 100))
            parts.append(f"<p><b>{html.escape(text)}</b><br><span style='background:#e8590c'>{'&nbsp;' * max(1, bar // 2)}</span>"
                         f"<span style='background:#dee2e6'>{'&nbsp;' * max(0, 50 - bar // 2)}</span></p>")
        parts.append("<p style='color:#555'>" + "<br>".join(html.escape(note_text(n)) for n in r.note_items()) + "</p>")
        return "".join(parts)

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        for name, label in self.labels.items():
            label.setText(field_label(name))
            self.spins[name].setToolTip(field_tip(name))
            label.setToolTip(field_tip(name))
        self.run_button.setText(QCoreApplication.translate("Geothermal", "Compute"))
        self.cancel_button.setText(QCoreApplication.translate("Geothermal", "Cancel"))
        self.method.setText(QCoreApplication.translate(
            "Geothermal",
            "Method: closed-loop boreholes on each building's free ground (its parcel, or the ground around it), on a "
            "square grid; heat extraction per metre after VDI 4640 part 2 (2001), from ground conductivity and "
            "operating hours; heat delivered by a heat pump = ground heat x COP / (COP - 1); heat demand = floor area x "
            "a demand by DPE class, construction period or the default. Above 500 kW or 200 m a borehole field leaves "
            "France's 'minime importance' regime. Screening figures: a real project needs a thermal response test "
            "and a design.") + " " + QCoreApplication.translate(
            "Geothermal",
            "Energy piles go only under imported project models whose footprint centre lies in one of the city's "
            "redevelopment zones."))
        if self.result is not None:
            self.show_result(self.result)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def note_template(key: str) -> str:
    """The translated template of a result note (see analysis.geothermal.NOTE_TEMPLATES, which holds the English)."""
    return {
        "method_default": QCoreApplication.translate("Geothermal", "boreholes %1 m deep, %2 m apart; %3 W/m (VDI 4640-2, lambda %4 W/m/K (stated default), %5 h/year); heat pump COP %6"),
        "method_raster": QCoreApplication.translate("Geothermal", "boreholes %1 m deep, %2 m apart; %3 W/m (VDI 4640-2, lambda from the raster at %4 of %5 boreholes, %6 W/m/K elsewhere, %7 h/year); heat pump COP %8"),
        "ground_parcels": QCoreApplication.translate("Geothermal", "free ground: %1 parcels, %2 m from their boundaries, %3 m from buildings"),
        "ground_buffer": QCoreApplication.translate("Geothermal", "free ground: within %1 m of each building (no parcels loaded), %2 m from buildings"),
        "ground_buffer_open": QCoreApplication.translate("Geothermal", "free ground: within %1 m of each building (no parcels loaded), on courtyards, parks and plazas only, %2 m from buildings"),
        "demand": QCoreApplication.translate("Geothermal", "heat demand of %1 buildings from their DPE class, %2 from their construction period, %4 from the default %3 kWh/m²/year; storeys from the height / %5 m for %6"),
        "invalid_parcels": QCoreApplication.translate("Geothermal", "%1 invalid parcels repaired"),
        "overlapping_parcels": QCoreApplication.translate("Geothermal", "%1 parcel overlaps given to the parcel read first"),
        "orphan_boreholes": QCoreApplication.translate("Geothermal", "%1 boreholes possible on parcels without a building, not counted"),
        "no_parcel": QCoreApplication.translate("Geothermal", "%1 buildings on no loaded parcel"),
        "no_free_ground": QCoreApplication.translate("Geothermal", "%1 buildings without free ground for a borehole"),
        "exceeds_minime": QCoreApplication.translate("Geothermal", "%1 buildings above %2 kW: beyond the 'géothermie de minime importance' regime, a full permit is needed"),
        "plants": QCoreApplication.translate("Geothermal", "%1 geothermal heating plants; %2 buildings within %3 m of one"),
        "piles": QCoreApplication.translate("Geothermal", "energy piles under %1 project models whose footprint centre lies in a redevelopment zone: one per %2 m square of footprint, %3 m long, %4 W/m"),
        "projects_outside_zones": QCoreApplication.translate("Geothermal", "%1 project models outside every redevelopment zone: no energy piles"),
        "settings_depth": QCoreApplication.translate("Geothermal", "borehole depth %1 m: must be over 0 and at most %2 m (géothermie de minime importance)"),
        "settings_spacing": QCoreApplication.translate("Geothermal", "borehole spacing %1 m: VDI 4640 asks at least %2 m for %3 m boreholes"),
        "settings_setback": QCoreApplication.translate("Geothermal", "the setback from parcel boundaries cannot be negative"),
        "settings_clearance": QCoreApplication.translate("Geothermal", "the clearance from buildings cannot be negative"),
        "settings_buffer": QCoreApplication.translate("Geothermal", "the ground buffer around buildings must be over 0 m"),
        "settings_conductivity": QCoreApplication.translate("Geothermal", "ground conductivity %1 W/m/K: expected 0.2 to 10"),
        "settings_hours": QCoreApplication.translate("Geothermal", "operating hours %1 h/year: expected 500 to 8760"),
        "settings_cop": QCoreApplication.translate("Geothermal", "heat pump COP %1: must be over 1"),
        "settings_storey_height": QCoreApplication.translate("Geothermal", "storey height must be over 1 m"),
        "settings_default_demand": QCoreApplication.translate("Geothermal", "the default heat demand must be over 0 kWh/m²/year"),
        "settings_network_distance": QCoreApplication.translate("Geothermal", "the network distance cannot be negative"),
        "settings_piles": QCoreApplication.translate("Geothermal", "energy piles: spacing, length and W/m must be positive"),
    }[key]


def note_text(note: Note) -> str:
    """A result note in the interface's language."""
    return fill_template(note_template(note.key), note.args)


def error_text(exc: BaseException) -> str:
    """An error in the interface's language: a refused setting (``SettingsError``) from its note, others as
    they are."""
    note = getattr(exc, "note", None)
    return note_text(note) if isinstance(note, Note) else str(exc)


def step_label(message: str) -> str:
    """A progress step of the analysis in the interface's language (unknown steps as they are)."""
    return {
        "footprints": QCoreApplication.translate("Geothermal", "footprints"),
        "free ground": QCoreApplication.translate("Geothermal", "free ground"),
        "borehole grid": QCoreApplication.translate("Geothermal", "borehole grid"),
        "clearance from buildings": QCoreApplication.translate("Geothermal", "clearance from buildings"),
        "boreholes to buildings": QCoreApplication.translate("Geothermal", "boreholes to buildings"),
        "heat extraction": QCoreApplication.translate("Geothermal", "heat extraction"),
        "heat demand": QCoreApplication.translate("Geothermal", "heat demand"),
        "heating networks": QCoreApplication.translate("Geothermal", "heating networks"),
        "done": QCoreApplication.translate("Geothermal", "done"),
    }.get(message, message)


def rule_label(rule: int) -> str:
    return (QCoreApplication.translate("Geothermal", "DPE class"),
            QCoreApplication.translate("Geothermal", "construction period"),
            QCoreApplication.translate("Geothermal", "default"))[rule]


def reason_label(reason: int) -> str:
    return {
        1: QCoreApplication.translate("Geothermal", "no free ground for a borehole (fully built, or within the setbacks)"),
        2: QCoreApplication.translate("Geothermal", "on no loaded parcel"),
        3: QCoreApplication.translate("Geothermal", "no footprint (no ground or roof faces)"),
    }.get(reason, REASONS.get(reason, ""))


def building_rows(result: GeothermalResult | None, index: int) -> list[tuple[str, str]]:
    """The building panel's geothermal figures for building ``index``."""
    if result is None or index >= len(result.boreholes):
        return []
    rows = [
        (QCoreApplication.translate("Geothermal", "Geothermal: boreholes"), f"{int(result.boreholes[index])}"),
        (QCoreApplication.translate("Geothermal", "Geothermal: heat from the ground (kW)"), f"{result.power_kw[index]:,.0f}"),
        (QCoreApplication.translate("Geothermal", "Geothermal: heat delivered (MWh/year)"), f"{result.delivered_mwh[index]:,.0f}"),
        (QCoreApplication.translate("Geothermal", "Heat demand (MWh/year)"), f"{result.demand.demand_mwh[index]:,.0f}"),
        (QCoreApplication.translate("Geothermal", "Geothermal: share of the heat demand"),
         f"{result.coverage[index]:.0%}" if np.isfinite(result.coverage[index]) else "—"),
        (QCoreApplication.translate("Geothermal", "Heat demand from"), rule_label(int(result.demand.rule[index]))
         + f" ({result.demand.specific_kwh_m2[index]:.0f} kWh/m²/year)"),
    ]
    reason = reason_label(int(result.reason[index]))
    if reason:
        rows.append((QCoreApplication.translate("Geothermal", "Geothermal: why none"), reason))
    if result.exceeds_minime[index]:
        rows.append((QCoreApplication.translate("Geothermal", "Geothermal: permit"), QCoreApplication.translate("Geothermal", "above 500 kW: full permit needed")))
    if np.isfinite(result.plant_distance_m[index]):
        rows.append((QCoreApplication.translate("Geothermal", "Nearest geothermal heating plant (m)"), f"{result.plant_distance_m[index]:,.0f}"))
    if result.pile_power_kw[index] > 0:
        rows.append((QCoreApplication.translate("Geothermal", "Energy piles (kW)"), f"{result.pile_power_kw[index]:,.0f}"))
    elif result.project_outside_zone[index]:
        rows.append((QCoreApplication.translate("Geothermal", "Energy piles (kW)"),
                     QCoreApplication.translate("Geothermal", "none: the project model is outside every redevelopment zone")))
    return [(a, b.replace(",", " ")) for a, b in rows]
