"""Thematic colouring of the buildings (overlays) and their legends.

An overlay maps per-triangle values (an analysis result from
``BuildingSet.face_data``, or a building attribute spread to its triangles)
through a colour map to RGB, so the single buildings actor keeps its per-cell
RGB colours and the selection highlight works the same with or without an
overlay. The legend is a VTK scalar bar built from the same colour map.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib import colormaps
from vtkmodules.vtkCommonCore import vtkLookupTable, vtkVariant
from vtkmodules.vtkRenderingAnnotation import vtkScalarBarActor

from city.model import BuildingSet

NO_DATA_RGB = np.array([150, 150, 150], dtype=np.uint8)


@dataclass(frozen=True)
class Overlay:
    """What the buildings are coloured by.

    title : str     legend title, with its unit, e.g. "Construction year"
    values : (t,)   float per triangle; NaN means no data (drawn grey)
    cmap : str      a matplotlib colour map name
    clim : (lo, hi) value range of the colour map
    categories : names of the values 0, 1, ... k-1 of a categorical overlay (energy
        classes...): the legend shows one swatch per name instead of a numeric scale;
        empty for continuous values
    """

    title: str
    values: np.ndarray
    cmap: str = "viridis"
    clim: tuple[float, float] | None = None
    categories: tuple[str, ...] = ()

    def limits(self) -> tuple[float, float]:
        if self.clim is not None:
            return self.clim
        if self.categories:  # value i sits in the middle of the i-th of k equal bands
            return (-0.5, len(self.categories) - 0.5)
        finite = self.values[np.isfinite(self.values)]
        if not len(finite):
            return (0.0, 1.0)
        lo, hi = np.percentile(finite, [2, 98])
        return (float(lo), float(hi if hi > lo else lo + 1.0))

    def rgb(self) -> np.ndarray:
        """(t, 3) uint8 colours; grey where there is no data."""
        lo, hi = self.limits()
        t = np.clip((self.values - lo) / (hi - lo), 0.0, 1.0)
        rgba = colormaps[self.cmap](np.nan_to_num(t, nan=0.0), bytes=True)
        rgb = rgba[:, :3].copy()
        rgb[~np.isfinite(self.values)] = NO_DATA_RGB
        return rgb


def attribute_overlay(buildings: BuildingSet, attribute: str, title: str, cmap: str = "viridis") -> Overlay:
    """Overlay of a numeric building attribute (NaN / missing -> no data)."""
    column = buildings.attributes.get(attribute)
    if column is None:
        raise KeyError(f"no building attribute {attribute!r}")
    values = np.array([np.nan if v is None else v for v in column], dtype=np.float64) if column.dtype == object else column.astype(np.float64)
    return Overlay(title, values[buildings.triangle_building], cmap)


def face_data_overlay(buildings: BuildingSet, name: str, title: str, cmap: str = "inferno", clim=None) -> Overlay:
    """Overlay of a per-face analysis result of ``buildings.face_data``."""
    if name not in buildings.face_data:
        raise KeyError(f"no analysis result {name!r} on the buildings")
    return Overlay(title, np.asarray(buildings.face_data[name], dtype=np.float64), cmap, clim)


def legend_actor(overlay: Overlay, n_colors: int = 256) -> vtkScalarBarActor:
    """A scalar bar for ``overlay``, placed at the right of the view."""
    lo, hi = overlay.limits()
    lut = vtkLookupTable()
    lut.SetNumberOfTableValues(n_colors)
    lut.SetRange(lo, hi)
    colors = colormaps[overlay.cmap](np.linspace(0.0, 1.0, n_colors))
    for i, (r, g, b, a) in enumerate(colors):
        lut.SetTableValue(i, r, g, b, a)
    if overlay.categories:
        # One swatch per category, labelled by name (the numbers mean nothing to a reader).
        k = len(overlay.categories)
        lut.SetNumberOfTableValues(k)
        for i, (r, g, b, a) in enumerate(colormaps[overlay.cmap]((np.arange(k) + 0.5) / k)):
            lut.SetTableValue(i, r, g, b, a)
            lut.SetAnnotation(vtkVariant(i), overlay.categories[i])
        lut.IndexedLookupOn()
    lut.Build()
    bar = vtkScalarBarActor()
    bar.SetLookupTable(lut)
    bar.SetTitle(overlay.title)
    bar.SetNumberOfLabels(5)
    bar.SetLabelFormat("%.0f" if hi - lo >= 10 else "%.2f")
    # horizontal, bottom centre: long titles ("Annual irradiation (kWh/m²)") fit above the bar
    bar.SetOrientationToHorizontal()
    bar.SetPosition(0.25, 0.02)
    bar.SetWidth(0.5)
    bar.SetHeight(0.13)
    bar.SetBarRatio(0.3)
    bar.UnconstrainedFontSizeOn()
    bar.SetDrawBackground(True)  # readable over any part of the city
    bar.GetBackgroundProperty().SetColor(1.0, 1.0, 1.0)
    bar.GetBackgroundProperty().SetOpacity(0.82)
    bar.SetVerticalTitleSeparation(6)
    for prop in (bar.GetTitleTextProperty(), bar.GetLabelTextProperty()):
        prop.SetColor(0.1, 0.1, 0.1)
        prop.SetShadow(False)
        prop.SetBold(False)
        prop.SetItalic(False)
        prop.SetFontSize(14)
    bar.GetTitleTextProperty().SetFontSize(15)
    bar.GetTitleTextProperty().SetBold(True)
    if overlay.categories:
        # Names above the swatches (on a light ground, readable over the city), title below.
        bar.SetDrawTickLabels(False)
        bar.SetTextPositionToPrecedeScalarBar()
        bar.SetHeight(0.1)
        bar.SetAnnotationTextScaling(False)
        bar.SetAnnotationLeaderPadding(2)
        names = bar.GetAnnotationTextProperty()
        names.SetColor(0.1, 0.1, 0.1)
        names.SetShadow(False)
        names.SetItalic(False)
        names.SetFontSize(14)
        names.SetBackgroundColor(1.0, 1.0, 1.0)
        names.SetBackgroundOpacity(0.82)
    return bar
