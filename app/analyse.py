"""`maquette analyse KIND ...`: analyses without a window, results as VTK PolyData + CSV.

The .vtp holds the building mesh (float32 local offsets) with the analysis'
named cell arrays, and, as field data, the CRS and the float64 local origin
needed to put it back in Lambert-93. A per-building CSV is written beside it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonCore import vtkDoubleArray, vtkStringArray
from vtkmodules.vtkIOXML import vtkXMLPolyDataWriter

from city.logbook.io import escape_cell
from city.model import City
from city.polydata import buildings_polydata


def write_result(city: City, face_arrays: dict[str, np.ndarray], out: Path) -> Path:
    """The building mesh with ``face_arrays`` as cell arrays, georeferenced by field data, to ``out`` (.vtp)."""
    poly = buildings_polydata(city.buildings)
    for name, values in face_arrays.items():
        arr = numpy_to_vtk(np.ascontiguousarray(values), deep=True)
        arr.SetName(name)
        poly.GetCellData().AddArray(arr)
    return _write_polydata(_georeferenced(poly, city), out)


def _georeferenced(poly, city: City):
    """``poly`` with the CRS, the float64 local origin and the building ids as field data."""
    crs = vtkStringArray()
    crs.SetName("crs")
    crs.InsertNextValue(city.crs)
    origin = vtkDoubleArray()
    origin.SetName("local_origin")
    for v in city.frame.origin:
        origin.InsertNextValue(v)
    ids = vtkStringArray()
    ids.SetName("building_id")
    for bid in city.buildings.ids:
        ids.InsertNextValue(bid)
    for arr in (crs, origin, ids):
        poly.GetFieldData().AddArray(arr)
    return poly


def _write_polydata(poly, out: Path) -> Path:
    writer = vtkXMLPolyDataWriter()
    writer.SetFileName(str(out))
    writer.SetInputData(poly)
    writer.SetDataModeToBinary()
    writer.SetCompressorTypeToZLib()
    if not writer.Write():
        raise OSError(f"{out}: could not write the result")
    return out


def write_building_csv(city: City, columns: dict[str, np.ndarray], out: Path) -> Path:
    """One row per building: its id then ``columns`` (cells escaped against spreadsheet formulas)."""
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["building_id", *columns])
        cells = [_csv_cells(np.asarray(values)) for values in columns.values()]
        for i, bid in enumerate(city.buildings.ids):
            w.writerow([escape_cell(bid), *(col[i] for col in cells)])
    return out


def _csv_cells(values: np.ndarray) -> list[str]:
    if values.dtype.kind == "b":
        return ["yes" if v else "no" for v in values]
    if values.dtype.kind in "iu":
        return [str(v) for v in values]
    if values.dtype.kind == "f":
        return ["" if not np.isfinite(v) else f"{v:.2f}" for v in values]
    return [escape_cell("" if v is None else str(v)) for v in values]


def analyse_vegetation(city: City, out: Path, lidar: City | None = None, rasters: City | None = None) -> str:
    """Run the vegetation analysis; write ``out`` (.vtp) and ``out``.csv; return a printable summary."""
    from analysis import vegetation as veg

    mask = extent = None
    source = ""
    if lidar is not None and lidar.point_clouds:
        cloud = lidar.point_clouds[0]
        shift = lidar.frame.origin_array - city.frame.origin_array
        xyz = cloud.positions + shift
        lo, hi = xyz.min(axis=0), xyz.max(axis=0)
        extent = (lo[0], hi[0], lo[1], hi[1])
        mask = veg.canopy_from_points(xyz, cloud.classification, extent, 1.0)
        source = "LiDAR classes 4-5, 2 m above ground"
    elif rasters is not None:
        dhm = next((g for g in rasters.grids if g.kind == "dhm"), None)
        nd = next((g for g in rasters.grids if g.kind == "ndvi"), None)
        if dhm is not None and nd is not None:
            shift = rasters.frame.origin_array[:2] - city.frame.origin_array[:2]
            e = dhm.extent
            extent = (e[0] + shift[0], e[1] + shift[0], e[2] + shift[1], e[3] + shift[1])
            ny, nx = dhm.values.shape
            gx, gy = np.meshgrid(e[0] + (np.arange(nx) + 0.5) * dhm.dx, e[2] + (np.arange(ny) + 0.5) * dhm.dy)
            mask = veg.canopy_from_rasters(dhm.value_at(gx, gy), nd.value_at(gx, gy))
            source = f"DHM >= {veg.CANOPY_MIN_HEIGHT_M} m and NDVI >= {veg.CANOPY_MIN_NDVI}"
    result = veg.compute_vegetation(city, mask, extent, canopy_source=source)
    write_result(city, result.face_arrays(city.buildings.triangle_building), out)
    columns = {"green_roof_m2": result.roof_green_m2, "urban_farm_m2": result.roof_farm_m2, "green_wall_m2": result.wall_green_m2}
    around = result.canopy_cover_surroundings
    if len(around):
        columns["canopy_cover_surroundings"] = around
    write_building_csv(city, columns, out.with_suffix(".csv"))
    lines = [
        f"{len(city.buildings)} buildings: green roofs {veg.hectares(result.roof_green_m2.sum()):.2f} ha, "
        f"of which urban agriculture {veg.hectares(result.roof_farm_m2.sum()):.2f} ha; "
        f"green walls {veg.hectares(result.wall_green_m2.sum()):.2f} ha",
    ]
    if mask is not None:
        lines.append(f"canopy cover over the canopy grid: {veg.cover_fraction(mask):.1%} ({source})")
    elif result.canopy_source:
        lines.append(f"canopy from the city's layers: {result.canopy_source}")
    known = around[np.isfinite(around)]
    if len(known):
        buffer_m = result.thresholds["canopy_surroundings_buffer_m"]
        lines.append(f"canopy cover within {buffer_m:g} m of the buildings (footprints left out), {len(known)} buildings "
                     f"on the canopy grid: median {np.median(known):.1%}, from {known.min():.1%} to {known.max():.1%}")
    for name, z in result.zones.items():
        text = (f"zone {name}: {int(z['buildings'])} buildings, green roofs {z['green_roof_ha']:.2f} ha, "
                f"urban agriculture {z['urban_farm_ha']:.2f} ha, green walls {z['green_wall_ha']:.2f} ha")
        if "canopy_cover" in z:
            text += f", canopy {z['canopy_cover']:.1%}"
        lines.append(text)
    lines.append("rules: " + ", ".join(f"{k} = {v:g}" for k, v in result.thresholds.items()))
    return "\n".join(lines)


def load_weather(city: City, weather_path: Path | None):
    """The weather file's year, or a clear-sky year at the city's site (labelled as such)."""
    from analysis.sun import site_of
    from analysis.weather import clear_sky_year, read_weather

    if weather_path is not None:
        try:
            return read_weather(weather_path)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
    site = site_of(city)
    return clear_sky_year(site.latitude_deg, site.longitude_deg, site.altitude_m)


def analyse_impact(city: City, out: Path, weather_path: Path | None, day, sample_m2: float = 4.0,
                   radius_m: float | None = None, progress=None) -> str:
    """The project models' effect on the neighbours' sun; write ``out`` (.vtp) and the neighbours' CSV.

    Raises analysis.impact.NoProjectModel when the city holds no project model.
    """
    from analysis.impact import solar_impact
    from analysis.solar import SolarSettings

    weather = load_weather(city, weather_path)
    settings = SolarSettings(max_sample_area_m2=sample_m2, sunlight_first_day=day)
    result = solar_impact(city, weather, settings, radius_m=radius_m, progress=progress)
    write_result(city, result.face_data, out)
    table = result.buildings.copy()
    table.index = table.index.map(escape_cell)
    table.to_csv(out.with_suffix(".csv"), index=True, float_format="%.2f")
    losers = result.losers()
    lines = [
        f"{result.n_models} project model(s) replacing {result.n_replaced} building(s); "
        f"{len(table)} neighbouring buildings within {result.radius_m:.0f} m, {result.n_faces:,} faces, "
        f"in {result.timings_s['total']:.1f} s",
        f"{len(losers)} buildings have faces losing an hour of sun or more on {day.isoformat()}: "
        f"{losers['area_losing_1h_m2'].sum():,.0f} m² in all",
    ]
    lines += [
        f"  {bid}: {row.area_losing_1h_m2:,.0f} m² lose ≥ 1 h; faces {row.sunlight_hours_before:.1f} h → "
        f"{row.sunlight_hours_after:.1f} h on average; {row.irradiation_change_pct:+.1f} % sun energy"
        for bid, row in losers.head(10).iterrows()
    ]
    lines += [f"note: {n}" for n in result.notes]
    return "\n".join(lines)


def analyse_solar(
    city: City,
    out: Path,
    weather_path: Path | None,
    sample_m2: float = 4.0,
    progress=None,
    *,
    tile_size_m: float | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> str:
    """Run the solar analysis; write ``out`` (.vtp with the solar cell arrays) and the per-building CSV.

    ``tile_size_m``: split the city into tiles of that side run by Dask (a local
    cluster of ``workers`` processes, or the scheduler at ``scheduler``); None runs
    in this process. Results are cached (``cache_dir``, default the user's cache
    folder or ``$MAQUETTE_CACHE``) unless ``use_cache`` is False.
    """
    from analysis.solar import SolarSettings, compute_solar
    from analysis.solar_cache import SolarCache

    weather = load_weather(city, weather_path)
    settings = SolarSettings(max_sample_area_m2=sample_m2)
    cache = SolarCache(cache_dir) if use_cache else None
    if tile_size_m is None:
        result = compute_solar(city, weather, settings, progress=progress, cache=cache)
    else:
        from analysis.solar_tiles import TileSettings, compute_solar_tiled

        result = compute_solar_tiled(city, weather, settings, TileSettings(size_m=tile_size_m), workers=workers,
                                     scheduler=scheduler, progress=progress, cache=cache)
    write_result(city, result.face_data, out)
    table = result.buildings.copy()
    table.index = table.index.map(escape_cell)  # ids come from files: no spreadsheet formulas
    table.to_csv(out.with_suffix(".csv"), index=True, float_format="%.2f")
    irr = result.face_data["solar_irradiation_kwh_m2"]
    roof = city.buildings.triangle_surface == 1
    areas = city.buildings.triangle_areas_m2()
    lines = [
        f"weather: {result.weather_label}"
        + ("" if result.measured or "not measured" in result.weather_label else " (clear sky, not measured weather)"),
        f"{len(city.buildings)} buildings, {result.n_samples:,} samples, {result.n_rays / 1e6:.1f} M rays "
        + (f"(read from the cache {cache.folder} in {result.timings_s['total']:.2f} s)" if result.from_cache
           else f"in {result.timings_s['total']:.1f} s"),
        f"roofs: mean {np.average(irr[roof], weights=areas[roof]):.0f} kWh/m² over the period",
    ]
    for column in ("pv_kwp", "pv_kwh"):
        if column in table:
            lines.append(f"{column}: {table[column].sum():,.0f} in all")
    lines.extend(f"note: {n}" for n in result.notes)
    return "\n".join(lines)



def analyse_geothermal(city: City, out: Path, settings=None, progress=None) -> str:
    """Run the geothermal analysis as a VTK pipeline stage; write ``out`` (.vtp) and ``out``.csv; return a summary."""
    from analysis.geothermal import building_table
    from analysis.geothermal_stage import GeothermalPotentialFilter

    stage = GeothermalPotentialFilter(settings)
    stage.SetCity(city)
    stage.SetInputDataObject(buildings_polydata(city.buildings))
    stage.Update()
    result = stage.result
    _write_polydata(_georeferenced(stage.GetOutputDataObject(0), city), out)
    write_building_csv(city, building_table(result), out.with_suffix(".csv"))
    cov = np.nan_to_num(result.coverage)
    lines = [
        f"{len(city.buildings)} buildings, {int(result.boreholes.sum()):,} boreholes: "
        f"{result.power_kw.sum() / 1000:,.1f} MW from the ground, {result.delivered_mwh.sum():,.0f} MWh/year delivered "
        f"for a demand of {result.demand.demand_mwh.sum():,.0f} MWh/year",
        f"buildings covered at 50 %: {int((cov >= 0.5).sum())}, at 100 %: {int((cov >= 1.0).sum())}",
        *result.notes(),
    ]
    for name, z in result.zones.items():
        lines.append(
            f"zone {name}: {int(z['buildings'])} buildings, {z['delivered_mwh']:,.0f} of {z['demand_mwh']:,.0f} MWh/year, "
            f"covered at 50 %: {int(z['covered_50'])}, at 100 %: {int(z['covered_100'])}"
        )
    return "\n".join(lines)
