"""Broken GeoTIFF and LAS headers the issue lists: a clear error naming the file, quickly, nothing allocated from the header.

The GeoTIFFs are written valid by rasterio, then their TIFF header is patched:
the image size tags, the strip / tile offsets, the first IFD's offset.
"""

from __future__ import annotations

import shutil
import struct
import time
from pathlib import Path

import numpy as np
import pytest

from importers import InvalidFile, open_city
from importers.las import read_las
from tests.conftest import shared_data

IMAGE_WIDTH, IMAGE_LENGTH, STRIP_OFFSETS, TILE_OFFSETS = 256, 257, 273, 324
_TYPE_SIZES = {3: 2, 4: 4, 16: 8}  # SHORT, LONG, LONG8


def _geotiff(path: Path, size: int = 64, **profile) -> Path:
    import rasterio
    from affine import Affine

    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=1, dtype="float32", crs="EPSG:2154",
                       transform=Affine(0.5, 0, 650000.0, 0, -0.5, 6860000.0), **profile) as dst:
        dst.write(np.arange(size * size, dtype=np.float32).reshape(1, size, size))
    return path


def _ifd(data: bytes) -> dict[int, tuple[int, int, int, int]]:
    """Tags of a little-endian classic TIFF's first IFD: tag -> (entry offset, type, count, value or offset)."""
    assert data[:4] == b"II*\x00"
    ifd = struct.unpack_from("<I", data, 4)[0]
    entries = {}
    for k in range(struct.unpack_from("<H", data, ifd)[0]):
        at = ifd + 2 + 12 * k
        tag, kind, count, value = struct.unpack_from("<HHII", data, at)
        entries[tag] = (at, kind, count, value)
    return entries


def _patch_size(path: Path, width: int, height: int) -> None:
    data = bytearray(path.read_bytes())
    tags = _ifd(data)
    for tag, value in ((IMAGE_WIDTH, width), (IMAGE_LENGTH, height)):
        struct.pack_into("<HHII", data, tags[tag][0], tag, 4, 1, value)  # as a LONG, whatever it was
    path.write_bytes(bytes(data))


def _patch_offsets(path: Path, tag: int, new_offsets) -> None:
    """Overwrite the first values of a strip / tile offsets array."""
    data = bytearray(path.read_bytes())
    at, kind, count, value = _ifd(data)[tag]
    size = _TYPE_SIZES[kind]
    fmt = {2: "<H", 4: "<I", 8: "<Q"}[size]
    start = at + 8 if count * size <= 4 else value  # inline in the entry, or at its offset
    for k, offset in enumerate(new_offsets):
        struct.pack_into(fmt, data, start + k * size, offset)
    path.write_bytes(bytes(data))


def _refused(path: Path, *fragments: str) -> str:
    start = time.perf_counter()
    with pytest.raises(InvalidFile) as info:
        open_city(path)
    assert time.perf_counter() - start < 5.0, "a broken header must be refused quickly"
    message = str(info.value)
    assert message.startswith(path.name + ": "), message
    for fragment in fragments:
        assert fragment in message, message
    return message


# --------------------------------------------------------------------------- GeoTIFF


def test_the_patching_helpers_leave_a_good_file_good(tmp_path):
    path = _geotiff(tmp_path / "good_dsm.tif")
    data = path.read_bytes()
    at, kind, count, value = _ifd(data)[STRIP_OFFSETS]
    _patch_offsets(path, STRIP_OFFSETS, [value] if count == 1 else struct.unpack_from(f"<{count}I", data, value))
    assert path.read_bytes() == data
    assert open_city(path).grids[0].values.shape == (64, 64)


@pytest.mark.parametrize(
    ("side", "said"),
    [
        (100_000, "declares 100000 x 100000 pixels: implausible"),  # our check: 10^10 pixels
        (4_000_000_000, "Too large image size: 4000000000 x 4000000000"),  # GDAL's own, when opening
    ],
)
def test_geotiff_declaring_an_enormous_size(tmp_path, side, said):
    path = _geotiff(tmp_path / "huge_dsm.tif")
    _patch_size(path, side, side)
    _refused(path, said)


def test_geotiff_declaring_more_pixels_than_it_holds(tmp_path):
    """Below the plausibility limit (20 000 x 20 000) but the file holds 64 x 64: refused, not read for minutes."""
    path = _geotiff(tmp_path / "big_dsm.tif")
    _patch_size(path, 20_000, 20_000)
    _refused(path, "truncated or corrupt")


def test_geotiff_strip_offset_past_the_end(tmp_path):
    path = _geotiff(tmp_path / "strips_dsm.tif")
    _patch_offsets(path, STRIP_OFFSETS, [10_000_000])
    size = path.stat().st_size
    _refused(path, "block (row 0, column 0) lies at bytes 10,000,000-", f"the file has {size:,} bytes")


def test_geotiff_last_strip_running_past_the_end(tmp_path):
    path = _geotiff(tmp_path / "tail_dsm.tif")
    count = _ifd(path.read_bytes())[STRIP_OFFSETS][2]
    data = path.read_bytes()
    at, kind, n, value = _ifd(data)[STRIP_OFFSETS]
    offsets = list(struct.unpack_from(f"<{n}I", data, value)) if n > 1 else [value]
    offsets[-1] = len(data) - 100  # starts inside the file, ends 8 kB past it
    _patch_offsets(path, STRIP_OFFSETS, offsets)
    _refused(path, f"block (row {count - 1}, column 0)", "truncated or corrupt")


def test_geotiff_tile_offset_past_the_end(tmp_path):
    path = _geotiff(tmp_path / "tiles_dsm.tif", tiled=True, blockxsize=16, blockysize=16)
    tiles = _ifd(path.read_bytes())[TILE_OFFSETS][2]
    assert tiles == 16
    _patch_offsets(path, TILE_OFFSETS, [0] * 5 + [2**31])
    _refused(path, "block (row 1, column 1) lies at bytes 2,147,483,648-")


def test_window_clear_of_a_broken_block_still_reads(tmp_path):
    """Only the blocks a window covers are read, and checked: a broken tile elsewhere does not matter."""
    path = _geotiff(tmp_path / "tiles_dsm.tif", tiled=True, blockxsize=16, blockysize=16)
    data = path.read_bytes()
    at, kind, n, value = _ifd(data)[TILE_OFFSETS]
    offsets = list(struct.unpack_from(f"<{n}I", data, value))
    offsets[-1] = 2**31  # the south-east tile
    _patch_offsets(path, TILE_OFFSETS, offsets)
    city = open_city(path, window=(650000.0, 6859984.0, 650008.0, 6860000.0))  # the north-west tile
    assert city.grids[0].values.shape == (32, 16)
    assert city.grids[0].values[::-1][0, 0] == 0.0  # the file's first pixel
    with pytest.raises(InvalidFile, match=r"block \(row 3, column 3\)"):
        open_city(path)


def test_geotiff_first_ifd_past_the_end(tmp_path):
    path = _geotiff(tmp_path / "ifd_dsm.tif")
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, 4, len(data) + 4096)
    path.write_bytes(bytes(data))
    _refused(path, "not a readable GeoTIFF")


# --------------------------------------------------------------------------- LAS


def _las_copy(tmp_path, name: str, source: str) -> tuple[Path, bytearray]:
    src = shared_data(source)
    dst = tmp_path / name
    shutil.copy(src, dst)
    return dst, bytearray(dst.read_bytes())


@pytest.mark.parametrize(
    ("name", "source", "byte", "shown"),
    [
        ("copy.las", "lidar/lyon2018_dense_vegetation_epsg3946.las", 42, 42),
        ("copy.las", "lidar/lyon2018_dense_vegetation_epsg3946.las", 11, 11),
        ("copy.laz", "lidar/lidarhd_montpellier_77055_627760_LA93_IGN69.laz", 0x80 | 12, 12),  # compressed flag kept
    ],
)
def test_unknown_las_point_format(tmp_path, name, source, byte, shown):
    path, data = _las_copy(tmp_path, name, source)
    data[104] = byte  # point data format ID
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidFile, match=rf"{name.replace('.', '[.]')}: unknown point format {shown} ") as info:
        read_las(path)
    assert info.value.location == "header"


def test_las_point_format_that_does_not_match_the_record_length(tmp_path):
    """Format 10 (67-byte records) in a file of 34-byte format 3 records."""
    path, data = _las_copy(tmp_path, "copy.las", "lidar/lyon2018_dense_vegetation_epsg3946.las")
    assert data[104] == 3
    data[104] = 10
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidFile, match=r"copy\.las: .*point size"):
        read_las(path)
