"""VTK pipeline stage of the vegetation analysis (green roofs and walls).

Thin, per STYLE.md: read the building mesh's arrays, call the kernel, add
named cell arrays (``green_roof_suitability``, ``urban_farm_suitability``,
``green_wall_area_m2``) to the output.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.util.vtkAlgorithm import VTKPythonAlgorithmBase
from vtkmodules.vtkCommonDataModel import vtkPolyData

from analysis.vegetation import green_wall_area_m2, roof_suitability

ROOF, WALL = 1, 2


class GreenRoofSuitabilityFilter(VTKPythonAlgorithmBase):
    """Adds green roof / urban farm suitability and green wall area to a building mesh.

    Input: triangles with ``building_index`` and ``surface_type`` cell arrays
    (as :func:`city.polydata.buildings_polydata` makes them); optional
    ``solar_irradiation_kwh_m2``. Ground altitude for the shop-front rule is
    each building's lowest point.
    """

    def __init__(self) -> None:
        super().__init__(nInputPorts=1, nOutputPorts=1, inputType="vtkPolyData", outputType="vtkPolyData")

    def RequestData(self, request, in_info, out_info) -> int:  # noqa: N802 (VTK API)
        source = vtkPolyData.GetData(in_info[0])
        output = vtkPolyData.GetData(out_info)
        output.ShallowCopy(source)
        cells = source.GetCellData()
        for name in ("building_index", "surface_type"):
            if cells.GetArray(name) is None:
                raise ValueError(f"GreenRoofSuitabilityFilter needs the cell array {name!r}")
        building = vtk_to_numpy(cells.GetArray("building_index")).astype(np.int64)
        surface = vtk_to_numpy(cells.GetArray("surface_type"))
        pts = vtk_to_numpy(source.GetPoints().GetData()).astype(np.float64)
        conn = vtk_to_numpy(source.GetPolys().GetConnectivityArray()).reshape(-1, 3)
        p = pts[conn]
        cross = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
        norm = np.linalg.norm(cross, axis=1)
        normals = np.where(norm[:, None] > 0, cross / np.maximum(norm, 1e-12)[:, None], 0.0)
        irr = cells.GetArray("solar_irradiation_kwh_m2")
        roofs = roof_suitability(normals, 0.5 * norm, surface == ROOF, building,
                                 vtk_to_numpy(irr) if irr is not None else None)
        low = np.full(building.max() + 1 if len(building) else 0, np.inf)
        np.minimum.at(low, np.repeat(building, 3), p[:, :, 2].ravel())
        walls = green_wall_area_m2(pts, conn, surface == WALL, low[building])
        for name, values in (("green_roof_suitability", roofs.green_roof.astype(np.uint8)),
                             ("urban_farm_suitability", roofs.urban_farm.astype(np.uint8)),
                             ("green_wall_area_m2", walls)):
            arr = numpy_to_vtk(np.ascontiguousarray(values), deep=True)
            arr.SetName(name)
            output.GetCellData().AddArray(arr)
        return 1
