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
        plotter.window_size = [width + 300, 830]  # resized: laid out again at the next render
        plotter.screenshot(return_img=True)
        assert bar._maquette_title_actor.GetInput() == title
        remove_legend(plotter.renderer, bar, observer)
        assert not plotter.renderer.HasViewProp(bar._maquette_title_actor)
    finally:
        plotter.close()
