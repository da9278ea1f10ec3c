"""LAS/LAZ point clouds: real IGN LiDAR HD and Lyon tiles, and broken files."""

from __future__ import annotations

import glob
import shutil
import struct

import numpy as np
import pytest

from city.pointcloud import PointCloud
from importers.errors import CrsRequired, InvalidFile
from importers.las import read_las
from tests.conftest import SHARED_DATA, shared_data

MONTPELLIER = "lidar/lidarhd_montpellier_77055_627760_LA93_IGN69.laz"


def test_ign_lidar_hd_tile_counts_classes_and_place():
    city = read_las(shared_data(MONTPELLIER))
    cloud = city.point_clouds[0]
    assert len(cloud) == 60653
    assert cloud.class_histogram() == {1: 581, 2: 22343, 3: 2497, 4: 2449, 5: 17875, 6: 14908}
    assert city.crs == "EPSG:2154" and cloud.source_crs == "EPSG:2154"
    world = city.frame.to_world(cloud.positions)
    # the tile is X 770550-770600, Y 6277550-6277600 (SOURCES.md), Z 20.7-39.6 m
    assert 770549.9 <= world[:, 0].min() and world[:, 0].max() <= 770600.1
    assert 6277549.9 <= world[:, 1].min() and world[:, 1].max() <= 6277600.1
    assert world[:, 2].min() == pytest.approx(20.72, abs=0.01) and world[:, 2].max() == pytest.approx(39.62, abs=0.01)
    assert cloud.nir is not None and cloud.rgb is not None  # point format 8


def test_several_tiles_open_as_one_layer():
    shared_data("lidar/montpellier_mosaic")
    tiles = sorted(glob.glob(str(SHARED_DATA / "lidar/montpellier_mosaic/*.laz"))) + [str(SHARED_DATA / MONTPELLIER)]
    city = read_las(tiles)
    assert len(city.point_clouds) == 1
    assert len(city.point_clouds[0]) == 73355 + 56035 + 72770 + 83518 + 60653
    assert city.point_clouds[0].attributes["tiles" if "tiles" in city.point_clouds[0].attributes else "files"]


def test_lyon_cc46_is_reprojected_to_lambert93():
    city = read_las(shared_data("lidar/lyon2018_isolated_trees_epsg3946.las"))
    cloud = city.point_clouds[0]
    assert cloud.source_crs == "EPSG:3946"
    assert cloud.class_histogram() == {1: 11180, 2: 36968, 5: 7636, 7: 1}
    import laspy
    from pyproj import Transformer

    raw = laspy.read(str(shared_data("lidar/lyon2018_isolated_trees_epsg3946.las")))
    x, y = Transformer.from_crs(3946, 2154, always_xy=True).transform(np.asarray(raw.x[:50]), np.asarray(raw.y[:50]))
    world = city.frame.to_world(cloud.positions[:50])
    assert np.abs(world[:, 0] - x).max() < 1e-6 and np.abs(world[:, 1] - y).max() < 1e-6
    assert np.abs(world[:, 2] - np.asarray(raw.z[:50])).max() < 1e-9  # heights are kept
    assert 840_000 < world[:, 0].mean() < 850_000  # Lyon in Lambert-93


def _lyon_copy(tmp_path) -> tuple:
    src = shared_data("lidar/lyon2018_dense_vegetation_epsg3946.las")
    dst = tmp_path / "copy.las"
    shutil.copy(src, dst)
    return dst, bytearray(dst.read_bytes())


def test_truncated_las_is_refused_by_the_header_check(tmp_path):
    path, data = _lyon_copy(tmp_path)
    path.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(InvalidFile, match=r"copy\.las: header declares 10,185 points .* truncated"):
        read_las(path)


def test_absurd_point_count_is_refused_without_allocating(tmp_path):
    path, data = _lyon_copy(tmp_path)
    struct.pack_into("<I", data, 107, 4_000_000_000)  # legacy point count of LAS 1.2
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidFile, match="copy.las: header declares"):
        read_las(path)


def test_zero_scale_is_refused(tmp_path):
    path, data = _lyon_copy(tmp_path)
    struct.pack_into("<d", data, 131, 0.0)  # x scale factor
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidFile, match="copy.las: header scale factors"):
        read_las(path)


@pytest.mark.parametrize("content", [b"", b"LASF", bytes(np.random.default_rng(1).integers(0, 256, 5000, dtype=np.uint8))])
def test_empty_short_and_random_files(tmp_path, content):
    path = tmp_path / "bad.laz"
    path.write_bytes(content)
    with pytest.raises(InvalidFile, match="bad.laz: "):
        read_las(path)


def test_file_without_crs_asks_for_one(tmp_path):
    import laspy

    header = laspy.LasHeader(point_format=3, version="1.2")
    header.scales = [0.01, 0.01, 0.01]
    header.offsets = [1848000.0, 5170000.0, 0.0]
    las = laspy.LasData(header)
    las.x = np.array([1848100.0, 1848110.0])
    las.y = np.array([5170100.0, 5170120.0])
    las.z = np.array([170.0, 171.0])
    path = tmp_path / "nocrs.las"
    las.write(str(path))
    with pytest.raises(CrsRequired, match="nocrs.las") as info:
        read_las(path)
    assert info.value.extent[0] == pytest.approx(1848100.0)
    city = read_las(path, crs="EPSG:3946")
    assert len(city.point_clouds[0]) == 2


def test_display_budget_and_class_visibility():
    from viewer.pointcloud import display_mesh

    city = read_las(shared_data(MONTPELLIER))
    cloud: PointCloud = city.point_clouds[0]
    mesh = display_mesh(cloud, "classification", hidden_classes=(2,), budget=10_000)
    assert 9_000 < mesh.n_points < 11_000
    assert 2 not in set(np.unique(mesh.point_data["classification"]))
    full = display_mesh(cloud, "height", budget=10**9)
    assert full.n_points == len(cloud)  # the full cloud stays in the model either way
    assert len(cloud) == 60653
