"""The legend stays readable in a narrow view: its title above the tick labels, never over them."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from viewer.overlay import Overlay, add_legend, legend_actor, legend_title, remove_legend

LONG = "Heures de soleil gagnées ou perdues avec le projet (h)"


def _boxes(plotter, bar):
    """Display-pixel boxes (x0, x1, y0, y1) of the legend's box and of its title."""
    ren = plotter.renderer
    w, h = ren.GetSize()
    backdrop = getattr(bar, "_maquette_backdrop", None)
    if backdrop is not None:  # continuous legends: the white box is wider than the bar
        corners = np.array([backdrop.GetMapper().GetInput().GetPoint(i) for i in range(4)])
        box = (corners[:, 0].min(), corners[:, 0].max(), corners[:, 1].min(), corners[:, 1].max())
    else:
        x, y = bar.GetPosition()
        box = (x * w, (x + bar.GetWidth()) * w, y * h, (y + bar.GetHeight()) * h)
    title = bar._maquette_title_actor
    bb = [0.0] * 4
    title.GetBoundingBox(ren, bb)  # its size (relative to its anchor)
    cx, bottom = title.GetPositionCoordinate().GetComputedDisplayValue(ren)  # centred, bottom-justified
    half = (bb[1] - bb[0]) / 2
    return box, (cx - half, cx + half, bottom, bottom + bb[3] - bb[2])


@pytest.mark.parametrize("width, title, lines", [(430, LONG, 2), (900, LONG, 1), (430, "Sky view factor", 1)])
def test_legend_title_sits_above_the_labels_and_fits_the_view(width, title, lines):
    plotter = pv.Plotter(off_screen=True, window_size=[width, 830])
    try:
        plotter.add_mesh(pv.Sphere())
        bar = legend_actor(Overlay(title, np.linspace(-1, 1, 10), "RdBu", (-0.5, 0.5)))
        observer = add_legend(plotter.renderer, bar)
        plotter.screenshot(return_img=True)
        box, text = _boxes(plotter, bar)
        assert legend_title(bar) == title and bar.GetTitle() == ""  # VTK draws no title of its own
        assert bar._maquette_title_actor.GetInput().count("\n") == lines - 1
        assert text[2] >= box[3]  # the title's bottom is above the box (tick labels and bar)
        assert 0 <= text[0] and text[1] <= width  # inside the view
        assert box[1] - box[0] >= min(text[1] - text[0], 0.96 * width) - 1  # the box is as wide as the title
        # the end labels ("-0.50", "0.50"), centred on the bar's ends, stay inside the box
        from viewer.overlay import _text_size
        x0, bar_w = bar.GetPosition()[0] * width, bar.GetWidth() * width
        half = max(_text_size(bar.GetLabelTextProperty(), t)[0] for t in ("-0.50", "0.50")) / 2
        assert box[0] <= x0 - half and x0 + bar_w + half <= box[1]
        plotter.window_size = [width + 300, 830]  # resized: laid out again at the next render
        plotter.screenshot(return_img=True)
        assert bar._maquette_title_actor.GetInput() == title
        remove_legend(plotter.renderer, bar, observer)
        assert not plotter.renderer.HasViewProp(bar._maquette_title_actor)
    finally:
        plotter.close()


def _text_box(renderer, actor):
    bb = [0.0] * 4
    actor.GetBoundingBox(renderer, bb)
    x, y = actor.GetPositionCoordinate().GetComputedDisplayValue(renderer)  # left-justified, vertically centred
    return x, x + bb[1] - bb[0], y - (bb[3] - bb[2]) / 2, y + (bb[3] - bb[2]) / 2


@pytest.mark.parametrize("width, categories, rows", [
    (1000, tuple("ABCDEFG"), 1),
    (900, ("matches the filter", "does not match"), 1),
    (430, ("before 1850", "1850-1913", "1914-1947", "1948-1974", "1975-2000", "after 2000", "unknown"), 3),
])
def test_category_legend_names_sit_beside_their_swatches_inside_the_box(width, categories, rows):
    plotter = pv.Plotter(off_screen=True, window_size=[width, 700])
    try:
        plotter.add_mesh(pv.Sphere())
        bar = legend_actor(Overlay("Construction period", np.arange(len(categories), dtype=float), "viridis",
                                   categories=categories))
        add_legend(plotter.renderer, bar)
        plotter.screenshot(return_img=True)
        ren = plotter.renderer
        box, title = _boxes(plotter, bar)
        swatches, names = bar._maquette_chips
        assert [n.GetInput() for n in names] == list(categories)
        points = np.array([swatches.GetMapper().GetInput().GetPoint(i) for i in range(4 * len(categories))])
        texts = [_text_box(ren, n) for n in names]
        for i, (x0, x1, y0, y1) in enumerate(texts):
            quad = points[4 * i: 4 * i + 4]
            assert box[0] <= quad[:, 0].min() and x1 <= box[1] + 1  # swatch and name inside the box
            assert box[2] <= min(y0, quad[:, 1].min()) and max(y1, quad[:, 1].max()) <= box[3] + 1
            assert quad[:, 0].max() < x0  # the name right of its own swatch
            assert abs((y0 + y1) / 2 - quad[:, 1].mean()) < 2  # on the same line
        for a in range(len(texts)):  # no two names overlap
            for b in range(a + 1, len(texts)):
                ta, tb = texts[a], texts[b]
                assert ta[1] <= tb[0] or tb[1] <= ta[0] or ta[3] <= tb[2] or tb[3] <= ta[2]
        assert len({round(quad_y) for quad_y in points[::4, 1]}) == rows
        assert title[2] >= box[3] and legend_title(bar) == "Construction period"
        assert 0 <= box[0] and box[1] <= width
        # the colours are the overlay's, one per category
        rgb = np.array([swatches.GetMapper().GetInput().GetCellData().GetScalars().GetTuple3(i) for i in range(len(categories))])
        assert len({tuple(c) for c in rgb}) == len(categories)
    finally:
        plotter.close()
