"""GeoTIFF rasters (rasterio) -> terrain, draped orthophotos and scalar grids.

What a file becomes (``kind=`` overrides the guess from bands and file name):

- ``"terrain"``: one band of altitudes (DEM / DTM / MNT): the city's terrain,
  simplified to a triangle budget by block averaging, with the error that
  costs stated (``city.terrain_report``: max and RMS difference from the full
  grid, metres);
- ``"dsm"`` / ``"dhm"``: surface model / height above ground, kept as a
  :class:`~city.raster.ScalarGrid` for the analyses (file names with DSM/MNS,
  DHM/MNH/CHM);
- ``"conductivity"``: ground thermal conductivity, W/m/K, for the geothermal
  analysis (file names with conductivity/conductivite/lambda); values outside
  0-10 W/m/K are refused;
- ``"image"``: an RGB orthophoto, draped on the terrain;
- ``"irc"``: an infrared (NIR, red, green) orthophoto: draped as it is, and an
  NDVI grid computed from it (file names with IRC).

Only the pixels needed are read: images wider than ``MAX_IMAGE_PIXELS`` on a
side and terrains larger than the budget are read decimated by rasterio
(``out_shape``), so a header declaring an enormous raster never sizes an
allocation. Rasters in another CRS are reprojected to Lambert-93 with
``rasterio.warp``; one whose CRS is Lambert-93 under another name (a custom
WKT) is recognised by transforming its corners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import numpy as np

from city.crs import WORKING_CRS, LocalFrame
from city.model import City, Terrain
from city.raster import GeoImage, ScalarGrid, ndvi
from importers.errors import CrsRequired, InvalidFile, MissingDependency

MAX_IMAGE_PIXELS = 4096
"""Longest side of a draped image (textures larger than this do not show more on screen)."""
TERRAIN_TRIANGLE_BUDGET = 2_000_000
MAX_DECLARED_PIXELS = 4_000_000_000
"""A raster declaring more pixels than this (60 000 x 60 000) is refused as implausible."""


@dataclass
class TerrainReport:
    """How the terrain was simplified, for the user: an honest error figure."""

    source_shape: tuple[int, int]
    terrain_shape: tuple[int, int]
    max_error_m: float
    rms_error_m: float
    nodata_cells: int


def _guess_kind(path: Path, count: int, dtype: str) -> str:
    name = path.stem.lower()
    if count >= 3:
        return "irc" if re.search(r"irc|infra|cir\b", name) else "image"
    if re.search(r"conductiv|lambda", name):
        return "conductivity"
    if re.search(r"dhm|mnh|chm|ndsm", name):
        return "dhm"
    if re.search(r"dsm|mns", name):
        return "dsm"
    return "terrain"


def _is_lambert93(crs_wkt: str, bounds) -> bool:
    from pyproj import CRS, Transformer

    crs = CRS.from_wkt(crs_wkt)
    if crs.to_epsg() == 2154:
        return True
    try:
        t = Transformer.from_crs(crs, WORKING_CRS, always_xy=True)
        xs = np.array([bounds.left, bounds.right, bounds.left, bounds.right])
        ys = np.array([bounds.bottom, bounds.bottom, bounds.top, bounds.top])
        tx, ty = t.transform(xs, ys)
    except Exception:
        return False
    return bool(np.all(np.abs(tx - xs) < 0.01) and np.all(np.abs(ty - ys) < 0.01))


def _read(path: Path, src, out_shape: tuple[int, int] | None, bands: list[int], src_crs):
    """Read bands (decimated to out_shape), reprojected to Lambert-93; returns (array, transform)."""
    import rasterio
    from rasterio.enums import Resampling
    from rasterio.warp import calculate_default_transform, reproject

    shape = out_shape or (src.height, src.width)
    try:
        data = src.read(bands, out_shape=(len(bands), *shape), resampling=Resampling.average, masked=True)
    except rasterio.errors.RasterioIOError as exc:
        raise InvalidFile(path, f"pixel data unreadable ({exc}): truncated or corrupt file", location="pixels") from None
    transform = src.transform * src.transform.scale(src.width / shape[1], src.height / shape[0])
    values = data.astype(np.float64).filled(np.nan)
    if _is_lambert93(src_crs.to_wkt(), src.bounds):
        return values, transform
    dst_transform, w, h = calculate_default_transform(src_crs, WORKING_CRS, shape[1], shape[0], *src.bounds)
    out = np.full((len(bands), h, w), np.nan)
    for b in range(len(bands)):
        reproject(
            values[b], out[b], src_transform=transform, src_crs=src_crs, dst_transform=dst_transform,
            dst_crs=WORKING_CRS, resampling=Resampling.bilinear, src_nodata=np.nan, dst_nodata=np.nan,
        )
    return out, dst_transform


def _block_mean(values: np.ndarray, factor: int) -> np.ndarray:
    """Mean of factor x factor blocks, ignoring NaN (the last partial blocks included)."""
    if factor <= 1:
        return values
    ny, nx = values.shape
    py, px = (-ny) % factor, (-nx) % factor
    padded = np.pad(values, ((0, py), (0, px)), constant_values=np.nan)
    blocks = padded.reshape(padded.shape[0] // factor, factor, padded.shape[1] // factor, factor)
    valid = ~np.isnan(blocks)
    total = np.where(valid, blocks, 0.0).sum(axis=(1, 3))
    count = valid.sum(axis=(1, 3))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)


def _linear_weights(n_src: int, factor: int, n_grid: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For source cells 0..n_src-1 and grid nodes at block centres: left node, weight, covered mask."""
    pos = (np.arange(n_src) - (factor - 1) / 2) / factor  # source cell centre in node units
    covered = (pos >= 0) & (pos <= n_grid - 1)
    i0 = np.clip(np.floor(pos).astype(np.int64), 0, n_grid - 2)
    return i0, np.clip(pos - i0, 0.0, 1.0), covered


def _bilinear_error(src: np.ndarray, grid: np.ndarray, factor: int) -> tuple[float, float]:
    """Max and RMS |grid surface - source| over the source cells the grid's mesh covers.

    Bilinear interpolation is separable: interpolate the grid along x at every
    source column, then along y at every source row (two cheap passes instead
    of a 2-D lookup per cell).
    """
    ny, nx = src.shape
    gy, gx = grid.shape
    ix, tx, cx = _linear_weights(nx, factor, gx)
    iy, ty, cy = _linear_weights(ny, factor, gy)
    rows = grid[:, ix] * (1 - tx) + grid[:, ix + 1] * tx  # (gy, nx)
    approx = rows[iy] * (1 - ty)[:, None] + rows[iy + 1] * ty[:, None]  # (ny, nx)
    diff = np.abs(approx - src)[np.ix_(cy, cx)]
    diff = diff[np.isfinite(diff)]
    if not len(diff):
        return 0.0, 0.0
    return float(diff.max()), float(np.sqrt(np.mean(diff * diff)))


def dem_to_terrain(
    heights_north_up: np.ndarray, transform, origin: tuple[float, float], budget: int = TERRAIN_TRIANGLE_BUDGET
) -> tuple[Terrain, TerrainReport]:
    """A terrain from a north-up DEM array and its affine transform (Lambert-93), within a triangle budget.

    Simplification is block averaging by the smallest integer factor that
    fits the budget; the report gives the max and RMS difference between
    every source cell and the simplified surface there (bilinear).
    """
    src = np.asarray(heights_north_up, dtype=np.float64)[::-1]  # row 0 = south, as Terrain wants
    ny, nx = src.shape
    nodata = int(np.isnan(src).sum())
    if nodata == src.size:
        raise ValueError("the DEM holds no data")
    factor = 1
    while 2 * (int(np.ceil(ny / factor)) - 1) * (int(np.ceil(nx / factor)) - 1) > budget:
        factor += 1
    grid = _block_mean(src, factor)
    if np.isnan(grid).any():  # holes: fill with the nearest valid row/column mean so the mesh stays whole
        fill = np.nanmedian(grid)
        grid = np.where(np.isnan(grid), fill, grid)
    dx, dy = transform.a * factor, -transform.e * factor
    # centre of the south-west source cell, then of the south-west block
    x_sw = transform.c + transform.a / 2
    y_sw = transform.f + transform.e * (ny - 0.5)
    x0 = x_sw + (factor - 1) * transform.a / 2 - origin[0]
    y0 = y_sw + (factor - 1) * (-transform.e) / 2 - origin[1]
    if grid.shape[0] < 2 or grid.shape[1] < 2:
        grid = np.pad(grid, ((0, max(0, 2 - grid.shape[0])), (0, max(0, 2 - grid.shape[1]))), mode="edge")
    terrain = Terrain(x0, y0, dx, dy, grid)
    max_err, rms = (0.0, 0.0) if factor == 1 else _bilinear_error(src, terrain.heights, factor)
    return terrain, TerrainReport((ny, nx), grid.shape, max_err, rms, nodata)


def read_raster(
    path: str | PathLike[str], *, crs: str | None = None, kind: str | None = None, progress=None, cancel=None
) -> City:
    """Read a GeoTIFF into a new city (terrain, draped image, or scalar grid); see the module docstring."""
    try:
        import rasterio
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingDependency(path, "rasterio") from None
    path = Path(path)
    if not path.is_file():
        raise InvalidFile(path, "no such file")
    if path.stat().st_size < 8:
        raise InvalidFile(path, "the file is too short to be a GeoTIFF")
    try:
        src = rasterio.open(path)
    except rasterio.errors.RasterioIOError as exc:
        raise InvalidFile(path, f"not a readable GeoTIFF ({exc})") from None
    with src:
        if src.width * src.height > MAX_DECLARED_PIXELS:
            raise InvalidFile(path, f"declares {src.width} x {src.height} pixels: implausible, refused", location="header")
        if src.crs is None:
            if crs is None:
                b = src.bounds
                raise CrsRequired(path, extent=(b.left, b.bottom, b.right, b.top))
            from rasterio.crs import CRS as RioCRS

            src_crs = RioCRS.from_user_input(crs)
        else:
            src_crs = src.crs
        kind = kind or _guess_kind(path, src.count, src.dtypes[0])
        if kind in ("image", "irc") and src.count < 3:
            raise InvalidFile(path, f"an {kind} needs 3 bands, the file has {src.count}")
        ds = src
        if kind in ("image", "irc"):
            scale = max(ds.width, ds.height) / MAX_IMAGE_PIXELS
            shape = (max(1, int(ds.height / scale)), max(1, int(ds.width / scale))) if scale > 1 else None
            bands, transform = _read(path, ds, shape, [1, 2, 3], src_crs)
        else:
            cells = ds.width * ds.height
            factor = max(1, int(np.ceil(np.sqrt(cells / (4 * TERRAIN_TRIANGLE_BUDGET)))))
            shape = (int(np.ceil(ds.height / factor)), int(np.ceil(ds.width / factor))) if factor > 1 else None
            bands, transform = _read(path, ds, shape, [1], src_crs)
        if progress is not None:
            progress(0.7, f"{path.name}: read")
    h, w = bands.shape[1:]
    west, north = transform.c, transform.f
    east, south = west + transform.a * w, north + transform.e * h
    origin = (float(np.round((west + east) / 2, -1)), float(np.round((south + north) / 2, -1)), 0.0)
    frame = LocalFrame(WORKING_CRS, origin)
    city = City(name=path.stem, frame=frame, provenance=f"Raster {path.name}")
    extent = (west - origin[0], east - origin[0], south - origin[1], north - origin[1])
    if kind in ("image", "irc"):
        rgb = np.nan_to_num(bands, nan=0.0).clip(0, 255).astype(np.uint8).transpose(1, 2, 0)[::-1]
        city.imagery.append(GeoImage(path.stem, rgb, extent, kind="orthophoto (infrared)" if kind == "irc" else "orthophoto"))
        if kind == "irc":  # IGN IRC: band 1 near infrared, band 2 red, band 3 green
            values = ndvi(bands[0], bands[1])[::-1]
            city.grids.append(
                ScalarGrid(f"NDVI {path.stem}", values, extent[0] + transform.a / 2, extent[2] - transform.e / 2,
                           transform.a, -transform.e, "ndvi", "")
            )
    elif kind == "terrain":
        try:
            terrain, report = dem_to_terrain(bands[0], transform, origin[:2])
        except ValueError as exc:
            raise InvalidFile(path, str(exc)) from None
        city.terrain = terrain
        city.terrain_report = report  # type: ignore[attr-defined]
    elif kind in ("dsm", "dhm", "conductivity"):
        values = bands[0][::-1]
        if kind == "conductivity":
            finite = values[np.isfinite(values)]
            if finite.size and (finite.min() < 0 or finite.max() > 10):
                raise InvalidFile(path, f"ground thermal conductivity from {finite.min():g} to {finite.max():g} W/m/K: "
                                        "expected 0 to 10 (is this really a conductivity raster?)")
        city.grids.append(
            ScalarGrid(path.stem, values, extent[0] + transform.a / 2, extent[2] - transform.e / 2,
                       transform.a, -transform.e, kind, "W/m/K" if kind == "conductivity" else "m")
        )
    else:
        raise ValueError(f"unknown raster kind {kind!r}: choose terrain, dsm, dhm, conductivity, image or irc")
    return city
