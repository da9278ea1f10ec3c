"""VTK pipeline stages of the analyses (data objects only: no rendering, no OpenGL).

:class:`SolarIrradiationFilter` takes the merged building mesh of
:func:`city.polydata.buildings_polydata` (one triangle per cell, cell arrays
``building_index`` and ``surface_type``) and adds the solar cell arrays of
:data:`analysis.solar.FACE_ARRAYS`. The work is :func:`analysis.solar.irradiate_mesh`;
this class only moves arrays in and out of VTK.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.util.vtkAlgorithm import VTKPythonAlgorithmBase
from vtkmodules.vtkCommonDataModel import vtkPolyData

from analysis.progress import CancelCallback, ProgressCallback
from analysis.raycast import OcclusionScene, tree_crown_mesh
from analysis.sky import build_cumulative_sky
from analysis.solar import SolarSettings, building_table, irradiate_mesh
from analysis.sun import Site, site_of
from analysis.weather import Weather

BUILDING_INDEX = "building_index"  # the names city.polydata writes
SURFACE_TYPE = "surface_type"


def _triangles_of(poly: vtkPolyData) -> np.ndarray:
    """(t, 3) int64 point ids of a polydata made only of triangles, cell order kept."""
    polys = poly.GetPolys()
    n_cells = poly.GetNumberOfCells()
    if poly.GetNumberOfVerts() or poly.GetNumberOfLines() or poly.GetNumberOfStrips():
        raise ValueError("SolarIrradiationFilter: the building mesh must hold triangles only (found verts, lines or strips)")
    if polys is None or polys.GetNumberOfCells() != n_cells:
        raise ValueError("SolarIrradiationFilter: the building mesh has cells that are not polygons")
    offsets = vtk_to_numpy(polys.GetOffsetsArray())
    sizes = np.diff(offsets)
    if (sizes != 3).any():
        bad = int(np.flatnonzero(sizes != 3)[0])
        raise ValueError(f"SolarIrradiationFilter: cell {bad} has {int(sizes[bad])} points, only triangles are analysed")
    return vtk_to_numpy(polys.GetConnectivityArray()).astype(np.int64).reshape(-1, 3)


class SolarIrradiationFilter(VTKPythonAlgorithmBase):
    """Adds ``solar_irradiation_kwh_m2``, ``solar_direct_kwh_m2``, ``solar_diffuse_kwh_m2``,
    ``solar_reflected_kwh_m2``, ``sky_view_factor``, ``sunlight_hours`` and
    ``pv_usable_fraction`` cell arrays to a building mesh.

    Parameters
    ----------
    weather : Weather
    site : Site (latitude, longitude, grid convergence of the mesh's local frame)
    settings : SolarSettings, optional
    occluders : (vertices (v, 3), triangles (t, 3)), optional
        Terrain, tree crowns... in the mesh's local frame; they shade, they are not analysed.
    progress, cancel : optional callbacks, as for :func:`analysis.solar.compute_solar`

    After an update, :attr:`buildings` holds the per-building table indexed by ``building_index``.
    """

    def __init__(
        self,
        weather: Weather | None = None,
        site: Site | None = None,
        settings: SolarSettings | None = None,
        occluders: tuple[np.ndarray, np.ndarray] | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> None:
        super().__init__(nInputPorts=1, inputType="vtkPolyData", nOutputPorts=1, outputType="vtkPolyData")
        self.weather = weather
        self.site = site
        self.settings = settings or SolarSettings()
        self.occluders = occluders
        self._progress = progress
        self._cancel = cancel
        self.buildings = None

    @classmethod
    def for_city(cls, city, weather: Weather, settings: SolarSettings | None = None, **kwargs) -> SolarIrradiationFilter:
        """A filter set up for ``buildings_polydata(city.buildings)``: the city's site, terrain and trees."""
        settings = settings or SolarSettings()
        parts_v, parts_t, n = [], [], 0
        if settings.include_terrain and city.terrain is not None:
            v, t = city.terrain.mesh()
            parts_v.append(v)
            parts_t.append(t)
            n += len(v)
        if settings.include_trees and len(city.trees):
            v, t = tree_crown_mesh(city.trees.positions, city.trees.height_m, city.trees.crown_diameter_m)
            parts_v.append(v)
            parts_t.append(t + n)
        occluders = (np.concatenate(parts_v), np.concatenate(parts_t)) if parts_v else None
        return cls(weather, site_of(city), settings, occluders, **kwargs)

    def SetWeather(self, weather: Weather) -> None:  # noqa: N802 (VTK naming)
        self.weather = weather
        self.Modified()

    def SetSettings(self, settings: SolarSettings) -> None:  # noqa: N802
        self.settings = settings
        self.Modified()

    def RequestData(self, request, in_info, out_info) -> int:  # noqa: N802
        if self.weather is None or self.site is None:
            raise ValueError("SolarIrradiationFilter: set a weather and a site before updating")
        source = vtkPolyData.GetData(in_info[0])
        output = vtkPolyData.GetData(out_info)
        output.ShallowCopy(source)
        if source.GetNumberOfCells() == 0:
            return 1
        vertices = vtk_to_numpy(source.GetPoints().GetData()).astype(np.float64)
        triangles = _triangles_of(source)
        cells = source.GetCellData()
        surface = cells.GetArray(SURFACE_TYPE)
        surface = vtk_to_numpy(surface).astype(np.uint8) if surface is not None else None
        scene_v, scene_t = vertices, triangles
        if self.occluders is not None:
            ov, ot = self.occluders
            scene_v = np.concatenate([vertices, np.asarray(ov, dtype=np.float64)])
            scene_t = np.concatenate([triangles, np.asarray(ot, dtype=np.int64) + len(vertices)])
        s = self.settings
        sky = build_cumulative_sky(
            self.weather, self.site, albedo=s.albedo, start=s.period_start, end=s.period_end,
            sun_bin_declination_deg=s.sun_bin_declination_deg, sun_bin_hour_angle_deg=s.sun_bin_hour_angle_deg,
            horizon_directions=s.horizon_directions,
        )
        scene = OcclusionScene(scene_v, scene_t, robust=s.robust_rays, threads=s.threads)

        def progress(fraction: float, message: str) -> None:
            self.UpdateProgress(fraction)
            if self._progress is not None:
                self._progress(fraction, message)

        def cancel() -> bool:
            return bool(self.GetAbortExecute()) or (self._cancel is not None and self._cancel())

        try:
            result = irradiate_mesh(vertices, triangles, surface, scene, sky, self.site, s, progress=progress, cancel=cancel)
        finally:
            scene.close()
        for name, values in result.arrays.items():
            arr = numpy_to_vtk(np.ascontiguousarray(values), deep=True)
            arr.SetName(name)
            output.GetCellData().AddArray(arr)
        index = cells.GetArray(BUILDING_INDEX)
        if index is not None and surface is not None:
            tb = vtk_to_numpy(index).astype(np.int64)
            corners = vertices[triangles]
            areas = 0.5 * np.linalg.norm(np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0]), axis=1)
            ids = [str(i) for i in range(int(tb.max()) + 1)]
            self.buildings = building_table(
                ids, tb, surface, areas, result.arrays["solar_irradiation_kwh_m2"], result.pv_area_m2,
                result.pv_incident_kwh, s, exposed=result.arrays["sky_view_factor"] > 0,
            )
        return 1
