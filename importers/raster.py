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

Only the pixels needed are read: ``window=`` (Lambert-93 bounds, e.g. the open
city's extent plus a margin) reads only the blocks that window covers
(``rasterio.windows.from_bounds``); images wider than ``MAX_IMAGE_PIXELS`` on
a side and terrains larger than the budget are read decimated by rasterio
(``out_shape``), so a header declaring an enormous raster never sizes an
allocation. Before any pixel is read, every TIFF block to be read is checked
to lie inside the file (a truncated download or a corrupt offset is reported
as such, naming the block). Rasters in another CRS are reprojected to Lambert-93 with
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
from importers.report import ImportReport

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
    source_crs: str = ""
    window: tuple[float, float, float, float] | None = None
    """Lambert-93 (xmin, ymin, xmax, ymax) asked for when only a window of the file was read."""


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


def _crs_label(crs) -> str:
    """'EPSG:NNNN' when the CRS has a code, else its name."""
    epsg = crs.to_epsg()
    if epsg:
        return f"EPSG:{epsg}"
    from pyproj import CRS

    return CRS.from_wkt(crs.to_wkt()).name


def _pixel_window(path: Path, src, src_crs, bounds_l93: tuple[float, float, float, float]):
    """The whole-pixel rasterio Window covering ``bounds_l93`` (xmin, ymin, xmax, ymax, Lambert-93), clipped to the raster."""
    from rasterio.warp import transform_bounds
    from rasterio.windows import Window, from_bounds

    xmin, ymin, xmax, ymax = (float(v) for v in bounds_l93)
    if not (np.isfinite([xmin, ymin, xmax, ymax]).all() and xmax > xmin and ymax > ymin):
        raise ValueError(f"window must be (xmin, ymin, xmax, ymax) with xmin < xmax and ymin < ymax, got {bounds_l93}")
    if not _is_lambert93(src_crs.to_wkt(), src.bounds):
        xmin, ymin, xmax, ymax = transform_bounds(WORKING_CRS, src_crs, xmin, ymin, xmax, ymax, densify_pts=21)
    w = from_bounds(xmin, ymin, xmax, ymax, transform=src.transform)
    eps = 1e-6  # a bound on a pixel edge does not take in the next pixel
    col0 = max(0, int(np.floor(w.col_off + eps)))
    row0 = max(0, int(np.floor(w.row_off + eps)))
    col1 = min(src.width, int(np.ceil(w.col_off + w.width - eps)))
    row1 = min(src.height, int(np.ceil(w.row_off + w.height - eps)))
    if col1 <= col0 or row1 <= row0:
        b = src.bounds
        raise InvalidFile(
            path,
            f"the raster ({b.left:.1f}, {b.bottom:.1f}, {b.right:.1f}, {b.top:.1f}) does not overlap the window "
            f"({bounds_l93[0]:.1f}, {bounds_l93[1]:.1f}, {bounds_l93[2]:.1f}, {bounds_l93[3]:.1f})",
            location="window",
        )
    return Window(col0, row0, col1 - col0, row1 - row0)


def _check_blocks(path: Path, src, window, bands: list[int]) -> None:
    """Every TIFF block of ``window`` must lie inside the file: offsets past the end mean a truncated or corrupt file.

    GDAL reports each block's offset and byte count (metadata domain "TIFF");
    sparse blocks (no offset) read as no data and are fine.
    """
    if src.driver != "GTiff":
        return
    size = path.stat().st_size
    bh, bw = src.block_shapes[0]
    bx0, bx1 = int(window.col_off) // bw, (int(window.col_off + window.width) - 1) // bw
    by0, by1 = int(window.row_off) // bh, (int(window.row_off + window.height) - 1) // bh
    planes = bands if src.interleaving is not None and src.interleaving.name == "band" else bands[:1]
    for b in planes:
        for by in range(by0, by1 + 1):
            for bx in range(bx0, bx1 + 1):
                offset = src.get_tag_item(f"BLOCK_OFFSET_{bx}_{by}", "TIFF", bidx=b)
                if offset is None:
                    continue
                nbytes = src.get_tag_item(f"BLOCK_SIZE_{bx}_{by}", "TIFF", bidx=b)
                end = int(offset) + int(nbytes or 0)
                if end > size:
                    raise InvalidFile(
                        path,
                        f"band {b}, block (row {by}, column {bx}) lies at bytes {int(offset):,}-{end:,} but the file has "
                        f"{size:,} bytes: truncated or corrupt file",
                        location=f"block {by},{bx}",
                    )


def _read(path: Path, src, out_shape: tuple[int, int] | None, bands: list[int], src_crs, window=None):
    """Read bands of ``window`` (all by default), decimated to out_shape, reprojected to Lambert-93; returns (array, transform)."""
    import rasterio
    from rasterio.coords import BoundingBox
    from rasterio.enums import Resampling
    from rasterio.warp import calculate_default_transform, reproject
    from rasterio.windows import Window

    window = window or Window(0, 0, src.width, src.height)
    _check_blocks(path, src, window, bands)
    shape = out_shape or (int(window.height), int(window.width))
    try:
        data = src.read(bands, window=window, out_shape=(len(bands), *shape), resampling=Resampling.average, masked=True)
    except rasterio.errors.RasterioIOError as exc:
        raise InvalidFile(path, f"pixel data unreadable ({exc}): truncated or corrupt file", location="pixels") from None
    base = src.window_transform(window)
    transform = base @ base.scale(window.width / shape[1], window.height / shape[0])
    bounds = BoundingBox(*src.window_bounds(window))
    if len(bands) > 1 and np.ma.is_masked(data):
        # An image pixel is missing only when all its bands hold the nodata value: a white roof
        # (255 in one band of an 8-bit orthophoto whose nodata is 255) is a pixel, not a hole.
        data = np.ma.masked_array(data.data, mask=np.broadcast_to(np.ma.getmaskarray(data).all(axis=0), data.shape))
    values = data.astype(np.float64).filled(np.nan)
    if _is_lambert93(src_crs.to_wkt(), bounds):
        return values, transform
    dst_transform, w, h = calculate_default_transform(src_crs, WORKING_CRS, shape[1], shape[0], *bounds)
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
    path: str | PathLike[str],
    *,
    crs: str | None = None,
    kind: str | None = None,
    window: tuple[float, float, float, float] | None = None,
    progress=None,
    cancel=None,
) -> City:
    """Read a GeoTIFF into a new city (terrain, draped image, or scalar grid); see the module docstring.

    Parameters
    ----------
    crs : str, optional
        CRS of a file that declares none.
    kind : str, optional
        "terrain", "dsm", "dhm", "conductivity", "image" or "irc" (default: guessed).
    window : (xmin, ymin, xmax, ymax), optional
        Lambert-93 bounds of the part to read, widened to whole pixels and
        clipped to the raster; only the blocks it covers are read. A window
        that misses the raster raises :class:`~importers.errors.InvalidFile`.
    """
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
        from rasterio.windows import Window

        win = Window(0, 0, src.width, src.height) if window is None else _pixel_window(path, src, src_crs, window)
        height, width = int(win.height), int(win.width)
        if kind in ("image", "irc"):
            scale = max(width, height) / MAX_IMAGE_PIXELS
            shape = (max(1, int(height / scale)), max(1, int(width / scale))) if scale > 1 else None
            bands, transform = _read(path, src, shape, [1, 2, 3], src_crs, win)
            # pixels with no data are drawn in the file's own nodata colour (an 8-bit orthophoto's 255 is white)
            fill = float(src.nodata) if src.nodata is not None and 0 <= src.nodata <= 255 else 0.0
        else:
            factor = max(1, int(np.ceil(np.sqrt(width * height / (4 * TERRAIN_TRIANGLE_BUDGET)))))
            shape = (int(np.ceil(height / factor)), int(np.ceil(width / factor))) if factor > 1 else None
            bands, transform = _read(path, src, shape, [1], src_crs, win)
        source_crs = _crs_label(src_crs)
        file_shape = (src.height, src.width)
        crs_from = "file" if src.crs is not None else "caller"
        if progress is not None:
            progress(0.7, f"{path.name}: read")
    h, w = bands.shape[1:]
    west, north = transform.c, transform.f
    east, south = west + transform.a * w, north + transform.e * h
    origin = (float(np.round((west + east) / 2, -1)), float(np.round((south + north) / 2, -1)), 0.0)
    frame = LocalFrame(WORKING_CRS, origin)
    # kind "raster": the layer properties show a raster's file and CRS from its layer, not from this report
    report = ImportReport(source=path.name, format="GeoTIFF", source_crs=source_crs, crs_from=crs_from, kind="raster")
    report.imported[f"{kind} raster"] = 1
    if window is not None:
        report.notes.append(
            f"read only the window {window[0]:.1f}, {window[1]:.1f} - {window[2]:.1f}, {window[3]:.1f} (Lambert-93): "
            f"{width} x {height} of the file's {file_shape[1]} x {file_shape[0]} pixels"
        )
    city = City(name=path.stem, frame=frame, provenance=f"Raster {path.name}", import_report=report)
    extent = (west - origin[0], east - origin[0], south - origin[1], north - origin[1])
    layer_attributes = {"source": path.name, "source_crs": source_crs}
    if window is not None:
        layer_attributes["window"] = tuple(float(v) for v in window)
    if kind in ("image", "irc"):
        rgb = np.nan_to_num(bands, nan=fill).clip(0, 255).astype(np.uint8).transpose(1, 2, 0)[::-1]
        city.imagery.append(GeoImage(path.stem, rgb, extent, kind="orthophoto (infrared)" if kind == "irc" else "orthophoto",
                                     attributes=dict(layer_attributes)))
        if kind == "irc":  # IGN IRC: band 1 near infrared, band 2 red, band 3 green
            values = ndvi(bands[0], bands[1])[::-1]
            city.grids.append(
                ScalarGrid(f"NDVI {path.stem}", values, extent[0] + transform.a / 2, extent[2] - transform.e / 2,
                           transform.a, -transform.e, "ndvi", "", attributes=dict(layer_attributes))
            )
    elif kind == "terrain":
        try:
            terrain, terrain_report = dem_to_terrain(bands[0], transform, origin[:2])
        except ValueError as exc:
            raise InvalidFile(path, str(exc)) from None
        terrain_report.source_crs = source_crs
        terrain_report.window = None if window is None else tuple(float(v) for v in window)
        city.terrain = terrain
        city.terrain_report = terrain_report  # type: ignore[attr-defined]
    elif kind in ("dsm", "dhm", "conductivity"):
        values = bands[0][::-1]
        if kind == "conductivity":
            finite = values[np.isfinite(values)]
            if finite.size and (finite.min() < 0 or finite.max() > 10):
                raise InvalidFile(path, f"ground thermal conductivity from {finite.min():g} to {finite.max():g} W/m/K: "
                                        "expected 0 to 10 (is this really a conductivity raster?)")
        city.grids.append(
            ScalarGrid(path.stem, values, extent[0] + transform.a / 2, extent[2] - transform.e / 2,
                       transform.a, -transform.e, kind, "W/m/K" if kind == "conductivity" else "m",
                       attributes=dict(layer_attributes))
        )
    else:
        raise ValueError(f"unknown raster kind {kind!r}: choose terrain, dsm, dhm, conductivity, image or irc")
    return city
