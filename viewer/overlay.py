"""Thematic colouring of the buildings (overlays) and their legends.

An overlay maps per-triangle values (an analysis result from
``BuildingSet.face_data``, or a building attribute spread to its triangles)
through a colour map to RGB, so the single buildings actor keeps its per-cell
RGB colours and the selection highlight works the same with or without an
overlay. The legend is a VTK scalar bar built from the same colour map.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import ListedColormap
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


def listed_colormap(colours: Sequence[str]) -> str:
    """Name of a matplotlib colour map with exactly these colours (registered once): for categorical overlays."""
    name = "maquette_" + hashlib.sha1("|".join(colours).encode()).hexdigest()[:12]
    if name not in colormaps:
        colormaps.register(ListedColormap(list(colours), name=name))
    return name


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


LEGEND_BOTTOM = 0.05
"""Bottom of the legend box, as a fraction of the view's height (above the credits line of exported images)."""


def legend_title(bar: vtkScalarBarActor) -> str:
    """The title a legend shows (drawn by its own text actor for continuous legends, see :func:`add_legend`)."""
    return getattr(bar, "_maquette_title", None) or bar.GetTitle()


def fit_legend(bar: vtkScalarBarActor, renderer) -> None:
    """Lay out a horizontal legend for the view's current size (called before each render).

    VTK's scalar bar stacks its title on its tick labels when the title is wide or
    the box is narrow, so a continuous legend's title is a text actor of its own,
    centred above the box (on two lines when one would not fit); the box is widened,
    centred, to the title's width (at least half the view).
    """
    title_actor = getattr(bar, "_maquette_title_actor", None)
    width_px, height_px = renderer.GetSize()
    if title_actor is None or width_px <= 0 or height_px <= 0:
        return
    title = legend_title(bar)
    bottom = _legend_bottom(bar, renderer)
    if getattr(bar, "_maquette_chips", None) is not None:
        _fit_category_legend(bar, title, width_px, height_px, bottom)
        return
    prop = _title_prop(bar)

    def needed(t: str) -> float:
        return (_text_size(prop, t)[0] + 24) / width_px

    shown = title
    if needed(title) > 0.96 and " " in title:  # two lines, split at the space nearest the middle
        spaces = [i for i, ch in enumerate(title) if ch == " "]
        cut = min(spaces, key=lambda i: abs(i - len(title) / 2))
        shown = title[:cut] + "\n" + title[cut + 1:]
    fraction = min(0.96, max(0.5, needed(shown)))
    label_px = bar.GetLabelTextProperty().GetFontSize()
    box_height = min(0.3, (2.6 * label_px + 18) / height_px)  # tick labels above a bar of about their height
    # The end labels are centred on the bar's ends: the bar is inset by half the widest so they stay in the box.
    lo, hi = bar.GetLookupTable().GetRange()
    ends = [bar.GetLabelFormat() % v for v in (lo, hi)]
    inset = (max(_text_size(bar.GetLabelTextProperty(), t)[0] for t in ends) / 2 + 8) / width_px
    bar_width = max(0.2, fraction - 2 * inset)
    if (abs(bar.GetWidth() - bar_width) > 1e-3 or abs(bar.GetHeight() - box_height) > 1e-3
            or abs(bar.GetPosition()[1] - bottom) > 1e-4):
        bar.SetWidth(bar_width)
        bar.SetHeight(box_height)
        bar.SetPosition((1.0 - bar_width) / 2, bottom)
    _place_quad(bar._maquette_backdrop, 0, (1.0 - fraction) / 2 * width_px, bottom * height_px,
                fraction * width_px, box_height * height_px)
    bar._maquette_backdrop.SetVisibility(bar.GetVisibility())
    title_actor.SetInput(shown)
    title_actor.SetPosition(0.5, bottom + box_height + 4 / height_px)
    title_actor.SetVisibility(bar.GetVisibility())
    bar._maquette_top = bottom + box_height + (4 + _text_size(prop, shown)[1]) / height_px  # type: ignore[attr-defined]


def _legend_bottom(bar: vtkScalarBarActor, renderer) -> float:
    """Where a legend's box starts: at :data:`LEGEND_BOTTOM` (or ``bar._maquette_floor()``, e.g. above a
    caption), or above the legend it is stacked on (``bar._maquette_below``, a callable giving that legend
    or None) when that one is shown."""
    floor = getattr(bar, "_maquette_floor", None)
    lowest = floor() if floor is not None else LEGEND_BOTTOM
    below = getattr(bar, "_maquette_below", None)
    other = below() if below is not None else None
    if other is None or other is bar or not other.GetVisibility():
        return lowest
    fit_legend(other, renderer)
    return max(lowest, getattr(other, "_maquette_top", LEGEND_BOTTOM) + 8 / max(renderer.GetSize()[1], 1))


def _quads(n: int, rgb: np.ndarray | None = None):
    """A 2-D actor of ``n`` rectangles in display pixels (placed by :func:`_place_quad`), coloured per
    rectangle by ``rgb`` (n, 3) uint8 when given."""
    from vtkmodules.vtkCommonCore import vtkPoints, vtkUnsignedCharArray
    from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
    from vtkmodules.vtkRenderingCore import vtkActor2D, vtkPolyDataMapper2D

    points = vtkPoints()
    points.SetNumberOfPoints(4 * n)
    for i in range(4 * n):
        points.SetPoint(i, 0, 0, 0)
    cells = vtkCellArray()
    for i in range(n):
        cells.InsertNextCell(4, [4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3])
    poly = vtkPolyData()
    poly.SetPoints(points)
    poly.SetPolys(cells)
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(poly)
    if rgb is not None:
        colours = vtkUnsignedCharArray()
        colours.SetNumberOfComponents(3)
        for c in rgb:
            colours.InsertNextTuple3(*(int(v) for v in c))
        poly.GetCellData().SetScalars(colours)
        mapper.SetColorModeToDirectScalars()
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    return actor


def _place_quad(actor, i: int, x: float, y: float, w: float, h: float) -> None:
    """Put rectangle ``i`` of a :func:`_quads` actor at (x, y), ``w`` x ``h`` display pixels."""
    points = actor.GetMapper().GetInput().GetPoints()
    for k, (px, py) in enumerate(((x, y), (x + w, y), (x + w, y + h), (x, y + h))):
        points.SetPoint(4 * i + k, px, py, 0.0)
    points.Modified()


def _title_prop(bar: vtkScalarBarActor):
    prop = bar._maquette_title_actor.GetTextProperty()
    prop.ShallowCopy(bar.GetTitleTextProperty())  # callers size the title through the bar's title property
    prop.SetJustificationToCentered()
    prop.SetVerticalJustificationToBottom()
    prop.SetBackgroundColor(1.0, 1.0, 1.0)
    prop.SetBackgroundOpacity(0.82)
    return prop


def _text_size(prop, text: str) -> tuple[int, int]:
    import vtkmodules.vtkRenderingFreeType  # noqa: F401  (registers the FreeType text renderer)
    from vtkmodules.vtkRenderingCore import vtkTextRenderer

    box = [0, 0, 0, 0]
    vtkTextRenderer.GetInstance().GetBoundingBox(prop, text, box, 72)
    return box[1] - box[0], box[3] - box[2]


def _fit_category_legend(bar: vtkScalarBarActor, title: str, width_px: int, height_px: int,
                         bottom: float = LEGEND_BOTTOM) -> None:
    """Lay out a categorical legend: a swatch and its name per category, in rows that wrap to the view.

    The box (the scalar bar's own background; its colour bar and labels are not
    drawn) is as wide as the longest row, centred at the bottom; the title sits
    above it, as for continuous legends.
    """
    swatches, names = bar._maquette_chips
    label_px = bar.GetLabelTextProperty().GetFontSize()
    size = max(8, round(1.1 * label_px))  # square swatch
    gap, spacing, pad = round(0.45 * label_px), round(1.3 * label_px), round(0.6 * label_px) + 4
    widths = []
    for actor in names:
        prop = actor.GetTextProperty()
        prop.ShallowCopy(bar.GetLabelTextProperty())
        prop.SetJustificationToLeft()
        prop.SetVerticalJustificationToCentered()
        prop.SetBackgroundOpacity(0.0)
        widths.append(size + gap + _text_size(prop, actor.GetInput())[0])
    limit = 0.96 * width_px - 2 * pad
    rows: list[list[int]] = [[]]
    row_width = 0.0
    for i, w in enumerate(widths):
        if rows[-1] and row_width + spacing + w > limit:
            rows.append([])
            row_width = 0.0
        row_width += (spacing if rows[-1] else 0) + w
        rows[-1].append(i)
    row_widths = [sum(widths[i] for i in row) + spacing * (len(row) - 1) for row in rows]
    row_h = max(size, round(1.25 * label_px)) + round(0.35 * label_px)
    box_w = min(0.98 * width_px, max(row_widths) + 2 * pad)
    box_h = len(rows) * row_h + 2 * pad - round(0.35 * label_px)
    x0 = (width_px - box_w) / 2
    y0 = bottom * height_px
    bar.SetPosition(x0 / width_px, bottom)
    bar.SetWidth(box_w / width_px)
    bar.SetHeight(box_h / height_px)
    for r, row in enumerate(rows):
        cy = y0 + box_h - pad - (r + 0.5) * row_h + round(0.35 * label_px) / 2
        x = x0 + pad
        for i in row:
            _place_quad(swatches, i, x, cy - size / 2, size, size)
            names[i].SetDisplayPosition(round(x + size + gap), round(cy))
            x += widths[i] + spacing
    title_actor = bar._maquette_title_actor
    prop = _title_prop(bar)
    title_actor.SetInput(title)
    title_actor.SetPosition(0.5, (y0 + box_h + 4) / height_px)
    bar._maquette_top = (y0 + box_h + 4 + _text_size(prop, title)[1]) / height_px  # type: ignore[attr-defined]
    visible = bar.GetVisibility()
    for actor in (title_actor, swatches, *names):
        actor.SetVisibility(visible)


def _category_chips(bar: vtkScalarBarActor, rgb: np.ndarray, categories: tuple[str, ...]) -> None:
    """The swatches (one 2-D actor of quads, placed by :func:`_fit_category_legend`) and name actors."""
    from vtkmodules.vtkRenderingCore import vtkTextActor

    names = []
    for name in categories:
        actor = vtkTextActor()
        actor.SetInput(name)
        names.append(actor)
    bar._maquette_chips = (_quads(len(categories), rgb), names)  # type: ignore[attr-defined]


def _extra_props(bar: vtkScalarBarActor) -> list:
    """The actors drawn with a legend besides its scalar bar: title, swatches and names."""
    extra = []
    if getattr(bar, "_maquette_backdrop", None) is not None:
        extra.append(bar._maquette_backdrop)
    if getattr(bar, "_maquette_title_actor", None) is not None:
        extra.append(bar._maquette_title_actor)
    if getattr(bar, "_maquette_chips", None) is not None:
        swatches, names = bar._maquette_chips
        extra += [swatches, *names]
    return extra


def add_legend(renderer, bar: vtkScalarBarActor) -> int:
    """Add ``bar`` (and its title actor) to ``renderer``, laid out before each render (:func:`fit_legend`).

    Returns the observer id; :func:`remove_legend` undoes it.
    """
    backdrop = getattr(bar, "_maquette_backdrop", None)
    if backdrop is not None:  # under the bar: 2-D props are drawn in the order they were added
        renderer.AddViewProp(backdrop)
    renderer.AddViewProp(bar)
    for prop in _extra_props(bar):
        if prop is not backdrop:
            renderer.AddViewProp(prop)
    fit_legend(bar, renderer)
    return renderer.AddObserver("StartEvent", lambda *_: fit_legend(bar, renderer))


def remove_legend(renderer, bar: vtkScalarBarActor, observer: int) -> None:
    renderer.RemoveViewProp(bar)
    for prop in _extra_props(bar):
        renderer.RemoveViewProp(prop)
    renderer.RemoveObserver(observer)


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
    # The title is a text actor of its own (see fit_legend).
    from vtkmodules.vtkRenderingCore import vtkTextActor

    title_actor = vtkTextActor()
    title_actor.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
    bar._maquette_title = overlay.title  # type: ignore[attr-defined]
    bar._maquette_title_actor = title_actor  # type: ignore[attr-defined]
    bar.SetTitle("")
    bar.SetBarRatio(0.5)
    if overlay.categories:
        # A swatch and its name per category, drawn by actors of their own; the bar draws only the box.
        bar.SetDrawColorBar(False)
        bar.SetDrawTickLabels(False)
        bar.SetDrawAnnotations(False)
        k = len(overlay.categories)
        rgb = np.round(255 * colormaps[overlay.cmap]((np.arange(k) + 0.5) / k)[:, :3]).astype(np.uint8)
        _category_chips(bar, rgb, overlay.categories)
    else:
        bar.SetDrawBackground(False)  # a backdrop of its own, wider than the bar (see fit_legend)
        backdrop = bar._maquette_backdrop = _quads(1)  # type: ignore[attr-defined]
        backdrop.GetProperty().SetColor(1.0, 1.0, 1.0)
        backdrop.GetProperty().SetOpacity(0.82)
    return bar
