"""The VTK pipeline stage: building mesh in, the same mesh with solar cell arrays out."""

from __future__ import annotations

import numpy as np
import pytest
from solar_helpers import city_of, courtyard_block
from vtkmodules.vtkCommonDataModel import vtkPolyData

from analysis.pipeline import SolarIrradiationFilter
from analysis.solar import FACE_ARRAYS, SolarSettings, compute_solar
from analysis.sun import site_of
from analysis.weather import clear_sky_year
from city.district import DEMO_ORIGIN
from city.model import LocalFrame
from city.polydata import buildings_polydata, triangles_polydata


def test_filter_adds_the_named_cell_arrays_with_compute_solars_values():
    city = city_of(courtyard_block(18.0), LocalFrame("EPSG:2154", DEMO_ORIGIN))
    site = site_of(city)
    weather = clear_sky_year(site.latitude_deg, site.longitude_deg, site.altitude_m)
    settings = SolarSettings(max_sample_area_m2=16.0)
    poly = buildings_polydata(city.buildings)
    stage = SolarIrradiationFilter.for_city(city, weather, settings)
    stage.SetInputDataObject(0, poly)
    stage.Update()
    out = stage.GetOutputDataObject(0)
    assert isinstance(out, vtkPolyData) and out.GetNumberOfCells() == poly.GetNumberOfCells()
    expected = compute_solar(city, weather, settings).face_data
    from vtkmodules.util.numpy_support import vtk_to_numpy

    for name in FACE_ARRAYS:
        arr = out.GetCellData().GetArray(name)
        assert arr is not None, name
        # float32 points in VTK vs float64 in the model: the same to a few parts in a million
        np.testing.assert_allclose(vtk_to_numpy(arr), expected[name], rtol=1e-3, atol=1e-3)
    assert out.GetCellData().GetArray("building_index") is not None  # input arrays pass through
    assert len(stage.buildings) == len(city.buildings)
    assert poly.GetCellData().GetArray("solar_irradiation_kwh_m2") is None  # the input is not modified


def test_filter_refuses_non_triangles_and_missing_weather():
    quad = vtkPolyData()
    from vtkmodules.vtkCommonCore import vtkPoints
    from vtkmodules.vtkCommonDataModel import vtkCellArray

    pts = vtkPoints()
    for p in ([0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]):
        pts.InsertNextPoint(p)
    cells = vtkCellArray()
    cells.InsertNextCell(4, [0, 1, 2, 3])
    quad.SetPoints(pts)
    quad.SetPolys(cells)
    weather = clear_sky_year(48.89, 2.31)
    from analysis.sun import Site

    stage = SolarIrradiationFilter(weather, Site(48.89, 2.31))
    stage.SetInputDataObject(0, quad)
    with pytest.raises(ValueError, match="cell 0 has 4 points"):
        stage.RequestData(None, [_info(quad)], _info(vtkPolyData()))
    stage = SolarIrradiationFilter()
    tri = triangles_polydata(np.eye(3), np.array([[0, 1, 2]]))
    with pytest.raises(ValueError, match="set a weather and a site"):
        stage.RequestData(None, [_info(tri)], _info(vtkPolyData()))


def _info(data):
    """An information vector holding one data object, as the executive passes them to RequestData."""
    from vtkmodules.vtkCommonCore import vtkInformationVector
    from vtkmodules.vtkCommonDataModel import vtkDataObject

    vec = vtkInformationVector()
    vec.SetNumberOfInformationObjects(1)
    vec.GetInformationObject(0).Set(vtkDataObject.DATA_OBJECT(), data)
    return vec
