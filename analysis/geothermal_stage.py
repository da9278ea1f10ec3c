"""VTK pipeline stage of the geothermal analysis.

Thin, per STYLE.md: footprints and heights are read from the building mesh
(``building_index`` and ``surface_type`` cell arrays, as
:func:`city.polydata.buildings_polydata` makes them), the kernel
:func:`analysis.geothermal.geothermal_potential` does the work, and the
per-building results are added as named cell arrays on every face of the
building (``geothermal_coverage``, ``geothermal_power_kw``,
``geothermal_boreholes``, ``geothermal_heat_mwh``,
``geothermal_network_distance_m``). What the mesh cannot carry (attributes,
parcels, plants, zones, a conductivity grid) comes from the city given to
:meth:`GeothermalPotentialFilter.SetCity`.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.util.vtkAlgorithm import VTKPythonAlgorithmBase
from vtkmodules.vtkCommonDataModel import vtkPolyData

from analysis import geothermal as geo


class GeothermalPotentialFilter(VTKPythonAlgorithmBase):
    """Adds the geothermal cell arrays to a building mesh; ``result`` holds the per-building figures."""

    def __init__(self, settings: geo.GeothermalSettings | None = None) -> None:
        super().__init__(nInputPorts=1, nOutputPorts=1, inputType="vtkPolyData", outputType="vtkPolyData")
        self.settings = settings or geo.GeothermalSettings()
        self.city = None
        self.logbook_dpe = None
        self.logbook_year = None
        self.result: geo.GeothermalResult | None = None

    def SetCity(self, city) -> None:  # noqa: N802 (VTK style)
        """The city the mesh was made from: its attributes, parcels, ground cover, plants, zones and grids."""
        self.city = city
        self.Modified()

    def SetSettings(self, settings: geo.GeothermalSettings) -> None:  # noqa: N802
        settings.validate()
        self.settings = settings
        self.Modified()

    def RequestData(self, request, in_info, out_info) -> int:  # noqa: N802 (VTK API)
        source = vtkPolyData.GetData(in_info[0])
        output = vtkPolyData.GetData(out_info)
        output.ShallowCopy(source)
        cells = source.GetCellData()
        for name in ("building_index", "surface_type"):
            if cells.GetArray(name) is None:
                raise ValueError(f"GeothermalPotentialFilter needs the cell array {name!r}")
        if self.city is None:
            raise ValueError("GeothermalPotentialFilter needs SetCity() before it runs")
        building = vtk_to_numpy(cells.GetArray("building_index")).astype(np.int64)
        surface = vtk_to_numpy(cells.GetArray("surface_type"))
        n = len(self.city.buildings)
        if len(building) and building.max() >= n:
            raise ValueError(f"the mesh names building {building.max()}, the city has {n}")
        pts = vtk_to_numpy(source.GetPoints().GetData()).astype(np.float64) if source.GetPoints() else np.zeros((0, 3))
        conn = vtk_to_numpy(source.GetPolys().GetConnectivityArray()).reshape(-1, 3).astype(np.int64)
        footprints = geo.Footprints.from_mesh(pts, conn, building, surface, n)
        heights = geo.building_heights_m(pts, conn, building, n)
        city = self.city
        self.result = geo.compute_geothermal_with(city, footprints, heights, self.settings,
                                                  logbook_dpe=self.logbook_dpe, logbook_year=self.logbook_year)
        for name, values in geo.face_arrays(self.result, building).items():
            arr = numpy_to_vtk(np.ascontiguousarray(values), deep=True)
            arr.SetName(name)
            output.GetCellData().AddArray(arr)
        return 1
