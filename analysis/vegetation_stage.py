"""VTK pipeline stage of the vegetation analysis (green roofs and walls, canopy around buildings).

Thin, per STYLE.md: read the building mesh's arrays, call the kernel that
:func:`analysis.vegetation.compute_vegetation` calls too
(:func:`~analysis.vegetation.face_suitability`, with the same party-wall,
orientation and shop-front rules), add named cell arrays
(``green_roof_suitability``, ``urban_farm_suitability``,
``green_wall_area_m2``, ``pv_green_conflict``, ``canopy_cover_surroundings``)
to the output.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.util.vtkAlgorithm import VTKPythonAlgorithmBase
from vtkmodules.vtkCommonDataModel import vtkPolyData

from analysis import vegetation as veg


class GreenRoofSuitabilityFilter(VTKPythonAlgorithmBase):
    """Adds green roof / urban farm suitability, green wall area and the PV conflict to a building mesh.

    Input: triangles with ``building_index`` and ``surface_type`` cell arrays
    (as :func:`city.polydata.buildings_polydata` makes them); optional
    ``solar_irradiation_kwh_m2`` (then ``pv_green_conflict`` is added too).
    The ground under each face, for the shop-front rule, is the terrain of the
    city given to :meth:`SetCity`, else each building's lowest point. With a
    city holding LiDAR vegetation or DHM + NDVI, ``canopy_cover_surroundings``
    (0..1, per building, on each of its faces) is added.
    """

    def __init__(self, buffer_m: float = veg.CANOPY_SURROUNDINGS_BUFFER_M) -> None:
        super().__init__(nInputPorts=1, nOutputPorts=1, inputType="vtkPolyData", outputType="vtkPolyData")
        self.city = None
        self.buffer_m = buffer_m

    def SetCity(self, city) -> None:  # noqa: N802 (VTK style)
        """The city the mesh was made from (same local frame): its terrain and its canopy layers."""
        self.city = city
        self.Modified()

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
        if source.GetNumberOfPoints() == 0 or not len(building):
            return 1
        pts = vtk_to_numpy(source.GetPoints().GetData()).astype(np.float64)
        polys = source.GetPolys()
        if polys.GetNumberOfCells() != len(building) or polys.GetConnectivityArray().GetNumberOfValues() != 3 * len(building):
            raise ValueError("GreenRoofSuitabilityFilter needs a mesh of triangles only, each with a building_index")
        conn = vtk_to_numpy(polys.GetConnectivityArray()).reshape(-1, 3)
        n_b = int(building.max()) + 1
        irr_array = cells.GetArray("solar_irradiation_kwh_m2")
        irr = vtk_to_numpy(irr_array).astype(np.float64) if irr_array is not None else None
        height_at = self.city.ground_height_at if self.city is not None else None
        ground = veg.face_ground_z(pts, conn, building, n_b, height_at)
        fs = veg.face_suitability(pts, conn, building, surface, ground, irr, n_b)
        arrays = {
            "green_roof_suitability": fs.green_roof.astype(np.uint8),
            "urban_farm_suitability": fs.urban_farm.astype(np.uint8),
            "green_wall_area_m2": fs.green_wall_area_m2,
        }
        if irr is not None:
            arrays["pv_green_conflict"] = fs.pv_green_conflict.astype(np.uint8)
        canopy = veg.canopy_grid(self.city) if self.city is not None else None
        if canopy is not None:
            corners, owner = veg.footprint_triangles(pts, conn, building, surface, n_b)
            around = veg.canopy_cover_around_triangles(canopy.mask, canopy.extent, corners, owner, n_b, self.buffer_m)
            arrays["canopy_cover_surroundings"] = around[building]
        for name, values in arrays.items():
            arr = numpy_to_vtk(np.ascontiguousarray(values), deep=True)
            arr.SetName(name)
            output.GetCellData().AddArray(arr)
        return 1
