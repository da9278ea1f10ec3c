"""The layers panel offers the DSM relief when the city has a surface model, and the view follows the box."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt

from tests.conftest import shared_data

R = "rasters/montpellier_77055_627760_"


def test_relief_box_shows_the_dsm_in_relief(make_window, qtbot):
    from city.merge import add_layers
    from importers.raster import read_raster

    window = make_window()
    box = window.layers_panel.relief
    assert not box.isVisible()  # the demo has no surface model
    city = add_layers(read_raster(shared_data(R + "DTM_50cm.tif")), read_raster(shared_data(R + "DSM_50cm.tif")))
    window.set_city(city)
    assert box.isVisible() and not box.isChecked()
    assert box.text() == "Surface models (DSM, DHM) in relief"
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # the box itself
    assert box.isChecked() and window.scene.grid_relief
    mesh = next(a for a in window.scene.actors["grids"] if hasattr(a, "mapper")).mapper.dataset
    assert np.ptp(np.asarray(mesh.points)[:, 2]) > 15  # roofs and crowns up to 39 m over a 21 m ground
    window.set_city(window.city)  # a new scene starts draped, the box unticked
    assert not box.isChecked() and not getattr(window.scene, "grid_relief", False)
