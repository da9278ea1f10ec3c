from __future__ import annotations

import pytest
import pyvista as pv


@pytest.fixture
def plotter():
    pl = pv.Plotter(off_screen=True, window_size=[800, 450])
    pl.ren_win.SetMultiSamples(0)
    yield pl
    pl.close()
