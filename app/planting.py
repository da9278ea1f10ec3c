"""The greening dock: plant trees and draw green spaces in 3D, and the targets dashboard.

Tools: plant one tree per click; plant along a line (click its points, then
Finish: trees every N metres, both ends included); draw a green space (click
its outline, then Finish). The scenario is saved in the project, drawn in
light green, shades the solar analysis and counts toward the targets.

The dashboard puts the plan's targets (20,000 new trees, 30 ha of new green
space, 100 ha of greened roofs and walls of which a third for urban
agriculture) next to what the loaded area offers (green roof and wall
suitability) and what the scenario adds, in total or for one zone, with the
zone's tree statistics.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis import vegetation as veg
from city.scenario import GREEN_SPACE_KINDS, GreenSpace, PlantedTree, PlantingScenario, with_scenario

TOOLS = ("tree", "line", "space")


def kind_label(kind: str) -> str:
    return {
        "park": QCoreApplication.translate("Planting", "park"),
        "garden": QCoreApplication.translate("Planting", "garden"),
        "urban farm": QCoreApplication.translate("Planting", "urban farm"),
    }.get(kind, kind)


def target_label(key: str) -> str:
    return {
        "new_trees": QCoreApplication.translate("Planting", "New trees"),
        "new_green_space_ha": QCoreApplication.translate("Planting", "New green space (ha)"),
        "greened_roofs_walls_ha": QCoreApplication.translate("Planting", "Greened roofs and walls (ha)"),
        "urban_agriculture_ha": QCoreApplication.translate("Planting", "of which urban agriculture (ha)"),
    }[key]


class PlantingPanel(QWidget):
    """Widgets only; the controller does the work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planting_panel")
        layout = QVBoxLayout(self)
        self.tools_box = QGroupBox()
        t = QVBoxLayout(self.tools_box)
        row = QHBoxLayout()
        self.tool_buttons: dict[str, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        for tool in TOOLS:
            b = QPushButton()
            b.setCheckable(True)
            b.setObjectName(f"tool_{tool}")
            self.group.addButton(b)
            self.tool_buttons[tool] = b
            row.addWidget(b)
        t.addLayout(row)
        form = QFormLayout()
        self.species = QLineEdit()
        self.species.setObjectName("planting_species")
        self.height = self._spin(1.0, 40.0, 6.0, " m")
        self.crown = self._spin(0.5, 30.0, 3.0, " m")
        self.spacing = self._spin(2.0, 50.0, 8.0, " m")
        self.species_label, self.height_label = QLabel(), QLabel()
        self.crown_label, self.spacing_label = QLabel(), QLabel()
        form.addRow(self.species_label, self.species)
        form.addRow(self.height_label, self.height)
        form.addRow(self.crown_label, self.crown)
        form.addRow(self.spacing_label, self.spacing)
        t.addLayout(form)
        row = QHBoxLayout()
        self.finish = QPushButton()
        self.finish.setObjectName("planting_finish")
        self.cancel = QPushButton()
        row.addWidget(self.finish)
        row.addWidget(self.cancel)
        t.addLayout(row)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #2b8a3e;")
        t.addWidget(self.hint)
        self.items = QListWidget()
        self.items.setObjectName("scenario_items")
        self.items.setMaximumHeight(110)
        t.addWidget(self.items)
        self.delete = QPushButton()
        t.addWidget(self.delete)
        layout.addWidget(self.tools_box)
        self.dash_box = QGroupBox()
        d = QVBoxLayout(self.dash_box)
        row = QHBoxLayout()
        self.zone = QComboBox()
        self.zone.setObjectName("dashboard_zone")
        self.offer_button = QPushButton()
        self.offer_button.setObjectName("compute_offer")
        row.addWidget(self.zone, 1)
        row.addWidget(self.offer_button)
        d.addLayout(row)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(4.2, 3.4), dpi=90, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName("targets_chart")
        self.canvas.setMinimumHeight(260)
        d.addWidget(self.canvas)
        self.stats = QLabel()
        self.stats.setObjectName("tree_stats")
        self.stats.setWordWrap(True)
        d.addWidget(self.stats)
        layout.addWidget(self.dash_box, 1)
        self.retranslate()

    @staticmethod
    def _spin(lo: float, hi: float, value: float, suffix: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(lo, hi)
        spin.setValue(value)
        spin.setDecimals(1)
        spin.setSuffix(suffix)
        return spin

    def retranslate(self) -> None:
        self.tools_box.setTitle(QCoreApplication.translate("Planting", "Greening scenario"))
        self.tool_buttons["tree"].setText(QCoreApplication.translate("Planting", "Plant trees"))
        self.tool_buttons["line"].setText(QCoreApplication.translate("Planting", "Along a line"))
        self.tool_buttons["space"].setText(QCoreApplication.translate("Planting", "Green space"))
        self.tool_buttons["tree"].setToolTip(QCoreApplication.translate("Planting", "Each click in the 3D view plants a tree"))
        self.tool_buttons["line"].setToolTip(QCoreApplication.translate("Planting", "Click the points of a line, then Finish: a tree every spacing"))
        self.tool_buttons["space"].setToolTip(QCoreApplication.translate("Planting", "Click the outline of a new green space, then Finish"))
        self.species_label.setText(QCoreApplication.translate("Planting", "Species"))
        self.height_label.setText(QCoreApplication.translate("Planting", "Height"))
        self.crown_label.setText(QCoreApplication.translate("Planting", "Crown"))
        self.spacing_label.setText(QCoreApplication.translate("Planting", "Spacing along a line"))
        self.finish.setText(QCoreApplication.translate("Planting", "Finish"))
        self.cancel.setText(QCoreApplication.translate("Planting", "Cancel drawing"))
        self.delete.setText(QCoreApplication.translate("Planting", "Remove the selected item"))
        self.dash_box.setTitle(QCoreApplication.translate("Planting", "Greening targets"))
        self.offer_button.setText(QCoreApplication.translate("Planting", "Compute what roofs and walls offer"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PlantingController(QObject):
    """The window's greening scenario, its drawing tools and the targets dashboard."""

    changed = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.scenario = PlantingScenario()
        self.sketch: list[np.ndarray] = []
        self.panel = PlantingPanel()
        p = self.panel
        for tool, button in p.tool_buttons.items():
            button.toggled.connect(lambda on, t=tool: self._tool_toggled(t, on))
        p.finish.clicked.connect(self.finish)
        p.cancel.clicked.connect(self.cancel_drawing)
        p.delete.clicked.connect(self.delete_selected)
        p.zone.currentIndexChanged.connect(lambda *_: self.refresh_dashboard())
        p.offer_button.clicked.connect(lambda: self.window.analyses.vegetation())
        self._refresh_hint()

    # ------------------------------------------------------------------ tools

    def tool(self) -> str | None:
        return next((t for t, b in self.panel.tool_buttons.items() if b.isChecked()), None)

    def _tool_toggled(self, tool: str, on: bool) -> None:
        if on:
            for other, b in self.panel.tool_buttons.items():
                if other != tool and b.isChecked():
                    b.setChecked(False)
        self.cancel_drawing(keep_tool=True)
        self._refresh_hint()

    def handles_click(self) -> bool:
        return self.tool() is not None

    def click(self, local_xyz: np.ndarray | None) -> None:
        """A click in the 3D view while a tool is on."""
        if local_xyz is None:
            return
        tool = self.tool()
        if tool == "tree":
            x, y = self.window.city.frame.to_world(np.asarray(local_xyz)[:2])
            self.scenario.trees.append(self._tree(float(x), float(y)))
            self._changed()
        elif tool in ("line", "space"):
            self.sketch.append(np.asarray(local_xyz, dtype=np.float64))
            self.window.scene.set_sketch(np.array(self.sketch), closed=tool == "space")
            self.window.view.update()
        self._refresh_hint()

    def _tree(self, x: float, y: float) -> PlantedTree:
        p = self.panel
        return PlantedTree(x, y, p.species.text().strip(), p.height.value(), p.crown.value())

    def finish(self) -> None:
        """End the line (plant along it) or the outline (ask the green space's name and kind)."""
        tool = self.tool()
        w = self.window
        if tool == "line" and len(self.sketch) >= 2:
            world = np.array([w.city.frame.to_world(p[:2]) for p in self.sketch])
            for x, y in veg.trees_along_line(world, self.panel.spacing.value()):
                self.scenario.trees.append(self._tree(float(x), float(y)))
            self._changed()
        elif tool == "space" and len(self.sketch) >= 3:
            name, ok = QInputDialog.getText(w, QCoreApplication.translate("Planting", "New green space"),
                                            QCoreApplication.translate("Planting", "Name:"),
                                            text=QCoreApplication.translate("Planting", "Green space %1").replace(
                                                "%1", str(len(self.scenario.green_spaces) + 1)))
            if not ok:
                return
            labels = [kind_label(k) for k in GREEN_SPACE_KINDS]
            kind, ok = QInputDialog.getItem(w, QCoreApplication.translate("Planting", "New green space"),
                                            QCoreApplication.translate("Planting", "Kind:"), labels, 0, False)
            if not ok:
                return
            self.add_green_space(name.strip() or "green space", [w.city.frame.to_world(p[:2]) for p in self.sketch],
                                 GREEN_SPACE_KINDS[labels.index(kind)])
            return
        self.cancel_drawing(keep_tool=True)

    def add_green_space(self, name: str, ring_lambert93, kind: str = "park") -> GreenSpace:
        space = GreenSpace(name, [[float(x), float(y)] for x, y in ring_lambert93], kind)
        self.scenario.green_spaces.append(space)
        self.cancel_drawing(keep_tool=True)
        self._changed()
        return space

    def cancel_drawing(self, keep_tool: bool = False) -> None:
        self.sketch = []
        if self.window.scene is not None:
            self.window.scene.set_sketch(None)
            self.window.view.update()
        if not keep_tool:
            for b in self.panel.tool_buttons.values():
                b.setChecked(False)
        self._refresh_hint()

    def delete_selected(self) -> None:
        row = self.panel.items.currentRow()
        n_trees = len(self.scenario.trees)
        if 0 <= row < n_trees:
            del self.scenario.trees[row]
        elif n_trees <= row < n_trees + len(self.scenario.green_spaces):
            del self.scenario.green_spaces[row - n_trees]
        else:
            return
        self._changed()

    def _refresh_hint(self) -> None:
        tool = self.tool()
        text = {
            None: QCoreApplication.translate("Planting", "Choose a tool, then click in the 3D view."),
            "tree": QCoreApplication.translate("Planting", "Click where each tree goes."),
            "line": QCoreApplication.translate("Planting", "Click the points of the line (%1 so far), then Finish."),
            "space": QCoreApplication.translate("Planting", "Click the outline (%1 points so far), then Finish."),
        }[tool]
        self.panel.hint.setText(text.replace("%1", str(len(self.sketch))))
        self.panel.finish.setEnabled(tool in ("line", "space"))

    # ------------------------------------------------------------------ state

    def _changed(self) -> None:
        self.show()
        self.refresh_dashboard()
        self.changed.emit()

    def show(self) -> None:
        """Draw the scenario in the scene and list its items."""
        w = self.window
        if w.scene is not None:
            w.scene.set_scenario(self.scenario.trees_local(w.city), self.scenario.spaces_local(w.city))
            w.view.update()
        p = self.panel
        p.items.clear()
        for k, t in enumerate(self.scenario.trees, start=1):
            p.items.addItem(QCoreApplication.translate("Planting", "Tree %1").replace("%1", str(k))
                            + (f" — {t.species}" if t.species else "") + f" ({t.height_m:g} m)")
        for g in self.scenario.green_spaces:
            p.items.addItem(f"{g.name} — {kind_label(g.kind)}, {g.area_m2 / 1e4:.2f} ha")

    def set_scenario(self, scenario: PlantingScenario) -> None:
        self.scenario = scenario
        self.cancel_drawing()
        self.show()
        self.refresh_dashboard()

    def city_for_analyses(self):
        """The city with the scenario's trees and green spaces, for solar and vegetation runs."""
        return with_scenario(self.window.city, self.scenario)

    def city_replaced(self) -> None:
        p = self.panel
        current = p.zone.currentText()
        with_blocker = p.zone.blockSignals(True)
        p.zone.clear()
        p.zone.addItem(QCoreApplication.translate("Planting", "The whole area loaded"), "")
        for z in self.window.city.zones:
            p.zone.addItem(z.name, z.name)
        k = p.zone.findText(current)
        p.zone.setCurrentIndex(max(k, 0))
        p.zone.blockSignals(with_blocker)
        self.cancel_drawing()
        self.show()
        self.refresh_dashboard()

    # ------------------------------------------------------------------ dashboard

    def dashboard_rows(self) -> list[dict]:
        """The rows of the chart for the zone chosen (all when none): target, offer, scenario."""
        w = self.window
        zone_name = self.panel.zone.currentData() or ""
        result = getattr(w.analyses, "vegetation_result", None)
        offer = {}
        if result is not None:
            if zone_name and zone_name in result.zones:
                z = result.zones[zone_name]
                offer = {"green_roof_ha": z["green_roof_ha"], "green_wall_ha": z["green_wall_ha"],
                         "urban_farm_ha": z["urban_farm_ha"]}
            elif not zone_name:
                offer = {"green_roof_ha": float(veg.hectares(result.roof_green_m2.sum())),
                         "green_wall_ha": float(veg.hectares(result.wall_green_m2.sum())),
                         "urban_farm_ha": float(veg.hectares(result.roof_farm_m2.sum()))}
        trees, spaces = self.scenario.trees, self.scenario.green_spaces
        if zone_name:
            import shapely

            zone = w.city.zone(zone_name)
            poly = shapely.Polygon(zone.polygon.exterior + w.city.frame.origin_array[:2], [])
            trees = [t for t in trees if poly.intersects(shapely.Point(t.x, t.y))]
            spaces = [g for g in spaces if poly.intersects(shapely.Polygon(g.ring).representative_point())]
        added = {"trees": len(trees), "green_space_ha": sum(g.area_m2 for g in spaces) / 1e4,
                 "urban_farm_ha": sum(g.area_m2 for g in spaces if g.kind == "urban farm") / 1e4}
        rows = veg.targets(offer, added)
        if result is None:
            for r in rows:
                if r["key"] in ("greened_roofs_walls_ha", "urban_agriculture_ha"):
                    r["offer"] = None
        return rows

    def refresh_dashboard(self) -> None:
        rows = self.dashboard_rows()
        fig = self.panel.figure
        fig.clear()
        ax = fig.add_subplot(111)
        labels = [target_label(r["key"]) for r in rows]
        y = np.arange(len(rows))[::-1]
        offer = np.array([(r["offer"] or 0.0) / r["target"] * 100 for r in rows])
        added = np.array([r["scenario"] / r["target"] * 100 for r in rows])
        ax.barh(y, np.full(len(rows), 100.0), color="#f1f3f5", edgecolor="#adb5bd", height=0.7,
                label=QCoreApplication.translate("Planting", "target"))
        ax.barh(y + 0.15, np.minimum(offer, 100), color="#b2f2bb", height=0.3,
                label=QCoreApplication.translate("Planting", "possible here"))
        ax.barh(y - 0.15, np.minimum(added, 100), color="#2f9e44", height=0.3,
                label=QCoreApplication.translate("Planting", "scenario"))
        for yi, r in zip(y, rows):
            def number(v):
                return f"{v:,.0f}".replace(",", " ") if r["unit"] == "trees" else f"{v:.1f}"
            parts = [] if r["offer"] is None else [number(r["offer"])]
            parts.append(number(r["scenario"]))
            ax.text(102, yi, " | ".join(parts) + f" / {number(r['target'])}", va="center", fontsize=7)
        ax.set_yticks(y, labels, fontsize=8)
        ax.set_xlim(0, 175)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.set_xlabel(QCoreApplication.translate("Planting", "% of the Paris target"), fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        self.panel.canvas.draw_idle()
        self.panel.stats.setText(self._stats_text())

    def _stats_text(self) -> str:
        w = self.window
        zone_name = self.panel.zone.currentData() or ""
        if zone_name:
            s = veg.trees_by_zone(w.city).get(zone_name)
        else:
            t = w.city.trees
            s = veg.tree_stats(np.asarray(t.attributes.get("species", np.full(len(t), None, dtype=object))),
                               t.height_m, t.trunk_diameter_m)
        if not s or not s["trees"]:
            return QCoreApplication.translate("Planting", "No existing trees here.")
        top = ", ".join(f"{name} {n}" for name, n in s["top_species"][:3])
        text = QCoreApplication.translate(
            "Planting", "Existing trees: %1, %2 species (Shannon diversity %3). Most common: %4. Heights 0-5 / 5-10 / "
                        "10-15 / 15-20 / 20+ m: %5.")
        for k, v in enumerate((f"{s['trees']:,}".replace(",", " "), str(s["species"]), f"{s['shannon']:.2f}", top,
                               " / ".join(str(c) for c in s["height_counts"])), start=1):
            text = text.replace(f"%{k}", v)
        if self.scenario.trees:
            text += " " + QCoreApplication.translate("Planting", "Planted in the scenario: %1.").replace(
                "%1", str(len(self.scenario.trees)))
        return text
