"""The zones dock: draw or pick a zone and read its figures, with small charts.

For each zone (a redevelopment zone, an EcoQuartier, an arrondissement...):
buildings, footprint and floor area, heights and ages (as the PDF handout
states them), then whatever the analyses and the logbook provide: solar
irradiation of the roofs, geothermal coverage, greening potential, and the
distribution of energy classes (DPE, official A-G colours). Zones drawn here
are saved in the project.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from city.model import Polygon2D, SurfaceType, Zone
from viewer.gltf import buildings_in_zone
from viewer.handout import zone_figures


class ZonesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("zones_panel")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.zone = QComboBox()
        self.zone.setObjectName("zone_choice")
        row.addWidget(self.zone, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.draw = QPushButton()
        self.draw.setObjectName("draw_zone")
        self.draw.setCheckable(True)
        self.finish = QPushButton()
        self.finish.setObjectName("finish_zone")
        self.remove = QPushButton()
        for b in (self.draw, self.finish, self.remove):
            row.addWidget(b)
        layout.addLayout(row)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #c2255c;")
        layout.addWidget(self.hint)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("zone_figures")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(4.2, 2.6), dpi=90, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName("zone_charts")
        self.canvas.setMinimumHeight(200)
        layout.addWidget(self.canvas)
        self.retranslate()

    def retranslate(self) -> None:
        self.draw.setText(QCoreApplication.translate("Zones", "Draw a zone"))
        self.draw.setToolTip(QCoreApplication.translate("Zones", "Click the outline in the 3D view, then Finish"))
        self.finish.setText(QCoreApplication.translate("Zones", "Finish"))
        self.remove.setText(QCoreApplication.translate("Zones", "Remove the zone"))
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("Zones", "Figure"),
                                              QCoreApplication.translate("Zones", "Value")])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ZonesController(QObject):
    """Zone figures, charts and the zone drawing tool of a window."""

    changed = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.panel = ZonesPanel()
        self.sketch: list[np.ndarray] = []
        self.drawn: list[dict] = []
        """Zones drawn by the user (Lambert-93 rings), saved in the project."""
        p = self.panel
        p.zone.currentIndexChanged.connect(lambda *_: self.refresh())
        p.draw.toggled.connect(self._draw_toggled)
        p.finish.clicked.connect(self.finish)
        p.remove.clicked.connect(self.remove_current)
        self._draw_toggled(False)

    # ------------------------------------------------------------------ drawing

    def handles_click(self) -> bool:
        return self.panel.draw.isChecked()

    def _draw_toggled(self, on: bool) -> None:
        self.sketch = []
        scene = self.window.scene if hasattr(self.window, "scene") else None
        if scene is not None:
            scene.set_sketch(None)
        self.panel.finish.setEnabled(on)
        self.panel.hint.setText(QCoreApplication.translate("Zones", "Click the zone's outline in the 3D view, then Finish.")
                                if on else "")

    def click(self, local_xyz) -> None:
        if local_xyz is None:
            return
        self.sketch.append(np.asarray(local_xyz, dtype=np.float64))
        self.window.scene.set_sketch(np.array(self.sketch), closed=True)
        self.window.view.update()

    def finish(self) -> None:
        w = self.window
        if len(self.sketch) < 3:
            self.panel.hint.setText(QCoreApplication.translate("Zones", "A zone needs at least 3 points."))
            return
        name, ok = QInputDialog.getText(w, QCoreApplication.translate("Zones", "New zone"),
                                        QCoreApplication.translate("Zones", "Name:"),
                                        text=QCoreApplication.translate("Zones", "Zone %1").replace("%1", str(len(w.city.zones) + 1)))
        if not ok:
            return
        ring = [w.city.frame.to_world(p[:2]) for p in self.sketch]
        self.add_zone(name.strip() or "zone", ring)
        self.panel.draw.setChecked(False)

    def add_zone(self, name: str, ring_lambert93, kind: str = "drawn zone") -> Zone:
        """Add a zone (outline in Lambert-93) to the city shown, draw it and select it."""
        w = self.window
        ring = np.asarray(ring_lambert93, dtype=np.float64)
        zid = f"drawn-{len(self.drawn) + 1}"
        zone = Zone(zid, name, Polygon2D(ring - w.city.frame.origin_array[:2]), kind=kind)
        self.drawn.append({"id": zid, "name": name, "kind": kind, "ring": ring.tolist()})
        w.scene.set_zones([*w.city.zones, zone])
        w.view.update()
        self.fill_zones(select=name)
        self.changed.emit()
        return zone

    def remove_current(self) -> None:
        w = self.window
        name = self.panel.zone.currentText()
        zones = [z for z in w.city.zones if z.name != name]
        if len(zones) == len(w.city.zones):
            return
        self.drawn = [d for d in self.drawn if d["name"] != name]
        w.scene.set_zones(zones)
        w.view.update()
        self.fill_zones()
        self.changed.emit()

    def restore(self, drawn: list[dict]) -> list[str]:
        """Zones of a project (drawn earlier) added to the city; returns warnings for unreadable ones."""
        warnings, zones = [], list(self.window.city.zones)
        self.drawn = []
        for d in drawn or []:
            try:
                ring = np.asarray(d["ring"], dtype=np.float64)
                zone = Zone(str(d.get("id", f"drawn-{len(self.drawn) + 1}")), str(d["name"]),
                            Polygon2D(ring - self.window.city.frame.origin_array[:2]), kind=str(d.get("kind", "drawn zone")))
            except (KeyError, TypeError, ValueError) as exc:
                warnings.append(f"zone {d.get('name', '?')!r} not restored: {exc}")
                continue
            zones.append(zone)
            self.drawn.append({"id": zone.id, "name": zone.name, "kind": zone.kind, "ring": ring.tolist()})
        if self.window.scene is not None:
            self.window.scene.set_zones(zones)
        self.fill_zones()
        return warnings

    # ------------------------------------------------------------------ figures

    def fill_zones(self, select: str | None = None) -> None:
        p = self.panel
        current = select or p.zone.currentText()
        blocked = p.zone.blockSignals(True)
        p.zone.clear()
        for z in self.window.city.zones:
            p.zone.addItem(z.name)
        k = p.zone.findText(current)
        p.zone.setCurrentIndex(k if k >= 0 else 0)
        p.zone.blockSignals(blocked)
        self.refresh()

    def city_replaced(self) -> None:
        self.sketch = []
        self.panel.draw.setChecked(False)
        self.fill_zones()

    def zone(self) -> Zone | None:
        name = self.panel.zone.currentText()
        return next((z for z in self.window.city.zones if z.name == name), None)

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) of the zone chosen: what the handout states, then the analyses' and the logbook's figures."""
        w = self.window
        zone = self.zone()
        if zone is None:
            return []
        city = w.city
        rows = zone_figures(city, zone, w.translations.language if hasattr(w, "translations") else "en")
        idx = buildings_in_zone(city, zone)
        b = city.buildings
        irr = b.face_data.get("solar_irradiation_kwh_m2")
        if irr is not None and len(idx):
            faces = np.isin(b.triangle_building, idx) & (b.triangle_surface == SurfaceType.ROOF)
            areas = b.triangle_areas_m2()
            if faces.any():
                mean = np.average(np.nan_to_num(irr[faces]), weights=areas[faces])
                good = areas[faces][np.nan_to_num(irr[faces]) >= 1000].sum()
                rows.append((QCoreApplication.translate("Zones", "Roofs: mean sun (kWh/m²/year)"), f"{mean:,.0f}"))
                rows.append((QCoreApplication.translate("Zones", "Roofs favourable to PV (≥ 1,000 kWh/m²)"),
                             f"{good / 1e4:,.2f} ha"))
        geo = getattr(w.analyses, "geothermal_result", None)
        if geo is not None and zone.name in geo.zones:
            z = geo.zones[zone.name]
            share = z["delivered_mwh"] / z["demand_mwh"] if z["demand_mwh"] else 0.0
            rows.append((QCoreApplication.translate("Zones", "Geothermal: share of the heat demand"), f"{share:.0%}"))
            rows.append((QCoreApplication.translate("Zones", "Geothermal: buildings covered at 50 % / 100 %"),
                         f"{int(z['covered_50'])} / {int(z['covered_100'])}"))
        veg = getattr(w.analyses, "vegetation_result", None)
        if veg is not None and zone.name in veg.zones:
            z = veg.zones[zone.name]
            rows.append((QCoreApplication.translate("Zones", "Green roofs possible"), f"{z['green_roof_ha']:.2f} ha"))
            rows.append((QCoreApplication.translate("Zones", "of which urban agriculture"), f"{z['urban_farm_ha']:.2f} ha"))
            rows.append((QCoreApplication.translate("Zones", "Green walls possible"), f"{z['green_wall_ha']:.2f} ha"))
            if "canopy_cover" in z:
                rows.append((QCoreApplication.translate("Zones", "Tree canopy cover"), f"{z['canopy_cover']:.1%}"))
        trees = self.tree_stats()
        if trees is not None:
            rows.append((QCoreApplication.translate("Zones", "Trees"), f"{trees['trees']:,}"))
            rows.append((QCoreApplication.translate("Zones", "Tree species (Shannon diversity)"),
                         f"{trees['species']} ({trees['shannon']:.2f})"))
            from analysis.vegetation import CIRCUMFERENCE_BINS_CM

            edges = [f"{a:g}" for a in CIRCUMFERENCE_BINS_CM[:-1]]
            names = [f"{a}-{b}" for a, b in zip(edges, edges[1:])] + [f"{edges[-1]}+"]
            rows.append((QCoreApplication.translate("Zones", "Trees by trunk circumference (cm)"),
                         " · ".join(f"{name}: {n}" for name, n in zip(names, trees["circumference_counts"]))))
        counts = self.dpe_counts()
        if counts is not None and sum(counts.values()):
            known = sum(counts.values())
            rows.append((QCoreApplication.translate("Zones", "Energy class known (logbook)"),
                         f"{known} / {len(idx)}"))
            rows.append((QCoreApplication.translate("Zones", "Energy classes F and G"),
                         f"{counts.get('F', 0) + counts.get('G', 0)}"))
        return [(a, v.replace(",", " ")) for a, v in rows]

    def tree_stats(self) -> dict | None:
        """The zone's trees (count, species, height and circumference classes); None when it has none."""
        from analysis.vegetation import trees_by_zone

        zone = self.zone()
        if zone is None or not len(self.window.city.trees):
            return None
        stats = trees_by_zone(self.window.city).get(zone.name)
        return stats if stats and stats["trees"] else None

    def dpe_counts(self) -> dict[str, int] | None:
        """Buildings of the zone per DPE class, from the open logbook (None without one)."""
        w = self.window
        store = getattr(getattr(w, "logbook_dock", None), "store", None)
        zone = self.zone()
        if store is None or zone is None:
            return None
        idx = buildings_in_zone(w.city, zone)
        try:
            values = store.column("dpe_class", [w.city.buildings.ids[i] for i in idx])
        except Exception:  # a logbook without that field
            return None
        out: dict[str, int] = {}
        for v in values:
            if isinstance(v, str) and v:
                out[v] = out.get(v, 0) + 1
        return out

    def refresh(self) -> None:
        rows = self.rows()
        t = self.panel.table
        t.setRowCount(len(rows))
        for r, (label, value) in enumerate(rows):
            t.setItem(r, 0, QTableWidgetItem(label))
            t.setItem(r, 1, QTableWidgetItem(value))
        t.resizeColumnToContents(0)
        self._charts()

    def _charts(self) -> None:
        from city.logbook import DPE_CLASSES, DPE_COLOURS

        fig = self.panel.figure
        fig.clear()
        zone = self.zone()
        if zone is None:
            self.panel.canvas.draw_idle()
            return
        w = self.window
        counts = self.dpe_counts()
        idx = buildings_in_zone(w.city, zone)
        heights = w.city.buildings.attributes.get("height_m")
        axes = []
        if counts is not None and sum(counts.values()):
            axes.append("dpe")
        if heights is not None and heights.dtype.kind in "if" and len(idx):
            axes.append("height")
        trees = self.tree_stats()
        if trees is not None:
            axes.append("trees")
        for k, kind in enumerate(axes):
            ax = fig.add_subplot(1, len(axes), k + 1)
            if kind == "dpe":
                classes = list(DPE_CLASSES)
                ax.bar(classes, [counts.get(c, 0) for c in classes], color=[DPE_COLOURS[c] for c in classes])
                ax.set_title(QCoreApplication.translate("Zones", "Energy classes (DPE)"), fontsize=8)
            elif kind == "trees":
                from analysis.vegetation import HEIGHT_BINS_M

                edges = [f"{a:g}" for a in HEIGHT_BINS_M[:-1]]
                names = [f"{a}-{b}" for a, b in zip(edges, edges[1:])] + [f"{edges[-1]}+"]
                ax.bar(names, trees["height_counts"], color="#4f7a3a")
                ax.set_title(QCoreApplication.translate("Zones", "Trees by height (m)"), fontsize=8)
            else:
                h = heights.astype(float)[idx]
                ax.hist(h[np.isfinite(h)], bins=10, color="#748ffc")
                ax.set_title(QCoreApplication.translate("Zones", "Building heights (m)"), fontsize=8)
            ax.tick_params(labelsize=7)
        self.panel.canvas.draw_idle()

