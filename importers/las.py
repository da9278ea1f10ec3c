"""LAS / LAZ point clouds (laspy with the lazrs backend) -> a city with a point cloud layer.

IGN LiDAR HD tiles (LAS 1.4, point formats 6 and 8, classes 1-6, 9, 17,
64-67, Lambert-93 + IGN69) and older LAS 1.2 files open alike. Points are read
in chunks (``laspy`` ``chunk_iterator``) into preallocated arrays, after the
header's point count has been checked against the file size: a header is
never trusted to size an allocation.

Speed: LAZ chunks are decompressed on every core (lazrs' parallel backend),
and in LAS 1.4 point formats 6-10 only the layers kept are decompressed (x, y,
z, classification, intensity, RGB, NIR; not GPS time, scan angle, flags, user
data, point source): about 40 % less work on IGN tiles. Coordinates are scaled
straight into the output array. ``benchmarks/bench_layers.py`` prints the
throughput against laspy alone.

CRS: from the header (WKT or GeoTIFF keys, ``LasHeader.parse_crs``); a
compound CRS contributes its horizontal part (heights are kept as they are).
No CRS and none given -> :class:`~importers.errors.CrsRequired`. Coordinates
are reprojected to Lambert-93 and stored relative to a local origin.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path

import numpy as np

from city.crs import WORKING_CRS, LocalFrame, reproject_xy
from city.model import City
from city.pointcloud import PointCloud
from importers.errors import Cancelled, CrsRequired, InvalidFile, MissingDependency

CHUNK_POINTS = 2_000_000
#: A compressed LAZ point takes at least this many bytes (LASzip: about 2-10 in practice).
_MIN_LAZ_BYTES_PER_POINT = 0.5


def _horizontal_crs(crs) -> str:
    """'EPSG:NNNN' of a pyproj CRS's horizontal part, else its WKT."""
    if crs.is_compound:
        crs = crs.sub_crs_list[0]
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else crs.to_wkt()


def _check_header(path: Path, header, file_size: int) -> int:
    count = int(header.point_count)
    if count < 0:
        raise InvalidFile(path, f"header declares a negative point count ({count})", location="header")
    scales = np.asarray(header.scales, dtype=float)
    if not np.all(np.isfinite(scales)) or np.any(scales == 0):
        raise InvalidFile(path, f"header scale factors {scales.tolist()} must be finite and non-zero", location="header")
    offsets = np.asarray(header.offsets, dtype=float)
    # every int32 record times the scale plus the offset must be a finite float: then no point can be inf
    if not np.all(np.isfinite(offsets)) or not np.all(np.isfinite(np.abs(scales) * 2.0**31 + np.abs(offsets))):
        raise InvalidFile(path, f"header offsets {offsets.tolist()} or scales {scales.tolist()} are not finite", location="header")
    data_bytes = file_size - int(header.offset_to_point_data)
    if header.are_points_compressed:
        if count * _MIN_LAZ_BYTES_PER_POINT > max(data_bytes, 0):
            raise InvalidFile(
                path,
                f"header declares {count:,} points but the compressed data is {data_bytes:,} bytes: "
                "truncated or corrupt file",
                location="header",
            )
    else:
        needed = count * int(header.point_format.size)
        if needed > data_bytes:
            have = max(data_bytes, 0) // max(int(header.point_format.size), 1)
            raise InvalidFile(
                path,
                f"header declares {count:,} points ({needed:,} bytes) but the file holds {have:,}: truncated download?",
                location="header",
            )
    return count


def _kept_layers(laspy):
    """The LAZ layers to decompress (LAS 1.4 formats 6-10; laspy ignores it for others): what PointCloud keeps."""
    s = laspy.DecompressionSelection
    return s.base().decompress_z().decompress_classification().decompress_intensity().decompress_rgb().decompress_nir()


def _read_one(path: Path, crs: str | None, progress, cancel, done: int, total: int):
    try:
        import laspy
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingDependency(path, "laspy", None) from None

    if not path.is_file():
        raise InvalidFile(path, "no such file")
    size = path.stat().st_size
    if size < 227:  # the smallest LAS header
        raise InvalidFile(path, f"file is {size} bytes, too small for a LAS header", location="header")
    with path.open("rb") as f:
        head = f.read(105)
    point_format = head[104] & 0x3F  # bits 6 and 7 flag LAZ compression
    if head[:4] == b"LASF" and point_format > 10:
        raise InvalidFile(path, f"unknown point format {point_format} in the header (LAS 1.4 defines 0 to 10)",
                          location="header")
    try:
        # LAZ chunks decompress on every core with lazrs' parallel backend when it is there
        backends = laspy.LazBackend.detect_available()
        parallel = laspy.LazBackend.LazrsParallel if laspy.LazBackend.LazrsParallel in backends else None
        reader = laspy.open(str(path), laz_backend=parallel, decompression_selection=_kept_layers(laspy))
    except Exception as exc:  # laspy raises LaspyException and friends on garbage
        raise InvalidFile(path, f"not a readable LAS/LAZ file ({exc})", location="header") from None
    with reader:
        header = reader.header
        count = _check_header(path, header, size)
        file_crs = None
        try:
            parsed = header.parse_crs()
        except Exception:
            parsed = None
        if parsed is not None:
            file_crs = _horizontal_crs(parsed)
        source_crs = crs or file_crs
        if source_crs is None:
            mins, maxs = header.mins, header.maxs
            raise CrsRequired(path, extent=(float(mins[0]), float(mins[1]), float(maxs[0]), float(maxs[1])))
        xyz = np.empty((count, 3), dtype=np.float64)
        scales, offsets = np.asarray(header.scales, dtype=np.float64), np.asarray(header.offsets, dtype=np.float64)
        cls = np.empty(count, dtype=np.uint8)
        intensity = np.empty(count, dtype=np.uint16)
        dims = set(header.point_format.dimension_names)
        rgb = np.empty((count, 3), dtype=np.uint16) if {"red", "green", "blue"} <= dims else None
        nir = np.empty(count, dtype=np.uint16) if "nir" in dims else None
        k = 0
        try:
            for chunk in reader.chunk_iterator(CHUNK_POINTS):
                m = len(chunk)
                if k + m > count:
                    raise InvalidFile(path, f"file holds more points than its header's {count:,}", location="points")
                for axis, name in enumerate("XYZ"):  # as laspy's chunk.x, without its temporary array
                    column = xyz[k : k + m, axis]
                    np.multiply(chunk[name], scales[axis], out=column)
                    column += offsets[axis]
                cls[k : k + m] = chunk.classification
                intensity[k : k + m] = chunk.intensity
                if rgb is not None:
                    rgb[k : k + m, 0] = chunk.red
                    rgb[k : k + m, 1] = chunk.green
                    rgb[k : k + m, 2] = chunk.blue
                if nir is not None:
                    nir[k : k + m] = chunk.nir
                k += m
                if progress is not None:
                    progress((done + k) / max(total, count, 1), f"{path.name}: {k:,} / {count:,} points")
                if cancel is not None and cancel():
                    raise Cancelled(path, "cancelled by the user")
        except (InvalidFile, Cancelled):
            raise
        except Exception as exc:  # lazrs / laspy on truncated or corrupt point data
            raise InvalidFile(path, f"point data unreadable after point {k:,} of {count:,} ({exc})", location=f"point {k}") from None
        if k != count:
            raise InvalidFile(path, f"file ends after {k:,} of the {count:,} points its header declares", location=f"point {k}")
    # no isfinite pass over the points: _check_header bounds every scaled coordinate
    if source_crs != WORKING_CRS:
        xyz[:, 0], xyz[:, 1] = reproject_xy(xyz[:, 0], xyz[:, 1], source_crs, WORKING_CRS)
    return xyz, cls, intensity, rgb, nir, source_crs


def read_las(
    paths: str | PathLike[str] | Sequence[str | PathLike[str]],
    *,
    crs: str | None = None,
    progress=None,
    cancel=None,
) -> City:
    """Read one LAS/LAZ file, or several tiles as one layer, into a new city.

    Parameters
    ----------
    paths : path or sequence of paths
    crs : str, optional
        The CRS of files that declare none (e.g. "EPSG:3946").
    progress : callable(fraction, message), optional
    cancel : callable() -> bool, optional

    Returns
    -------
    City with one :class:`~city.pointcloud.PointCloud` in ``point_clouds``.
    """
    files = [Path(paths)] if isinstance(paths, str | PathLike) else [Path(p) for p in paths]
    if not files:
        raise ValueError("no LAS/LAZ file given")
    total = 0
    if len(files) > 1:  # progress over all tiles: header counts (checked again when read)
        import laspy

        for f in files:
            try:
                with laspy.open(str(f)) as r:
                    total += int(r.header.point_count)
            except Exception:
                pass
    parts = []
    done = 0
    for f in files:
        part = _read_one(f, crs, progress, cancel, done, total)
        done += len(part[0])
        parts.append(part)
    xyz = parts[0][0] if len(parts) == 1 else np.concatenate([p[0] for p in parts])  # one tile: no copy
    sample = xyz[:: max(1, len(xyz) // 65536)]  # the median of 65,536 points places the origin as well as all of them
    origin = (float(np.round(np.median(sample[:, 0]), -1)), float(np.round(np.median(sample[:, 1]), -1)), 0.0)
    frame = LocalFrame(WORKING_CRS, origin)
    xyz -= frame.origin_array
    rgbs = [p[3] for p in parts]
    nirs = [p[4] for p in parts]

    def joined(arrays):
        return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)

    name = files[0].stem if len(files) == 1 else f"{files[0].parent.name} ({len(files)} tiles)"
    cloud = PointCloud(
        name,
        xyz,
        joined([p[1] for p in parts]),
        joined([p[2] for p in parts]),
        joined(rgbs) if all(r is not None for r in rgbs) else None,
        joined(nirs) if all(v is not None for v in nirs) else None,
        parts[0][5],
        {"files": [str(f) for f in files]},
    )
    return City(name=name, frame=frame, point_clouds=[cloud], provenance=f"LiDAR: {', '.join(f.name for f in files)}")
