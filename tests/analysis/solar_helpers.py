"""Tiny hand-built cities for the solar tests (a module of its own so tests can import it)."""

from __future__ import annotations

import numpy as np

from city.crs import LocalFrame, reproject_xy
from city.district import box_buildings
from city.model import BuildingSetBuilder, City, SurfaceType

LYON_BRON = (45.7261, 4.9378, 198.0)  # the EPW station: lat, lon, altitude


def frame_at(latitude_deg: float, longitude_deg: float, altitude_m: float = 0.0) -> LocalFrame:
    x, y = reproject_xy(np.array([longitude_deg]), np.array([latitude_deg]), "EPSG:4326", "EPSG:2154")
    return LocalFrame("EPSG:2154", (float(x[0]), float(y[0]), altitude_m))


def panel(tilt_deg: float, azimuth_deg: float, centre=(0.0, 0.0, 0.0), size_m: float = 2.0):
    """A square of two triangles facing (tilt, azimuth in the local grid), right-hand normal outwards."""
    t, a = np.radians(tilt_deg), np.radians(azimuth_deg)
    normal = np.array([np.sin(t) * np.sin(a), np.sin(t) * np.cos(a), np.cos(t)])
    u = np.array([np.cos(a), -np.sin(a), 0.0])  # horizontal, in the plane
    v = np.cross(normal, u)
    h = size_m / 2
    c = np.asarray(centre, dtype=np.float64)
    verts = np.array([c - h * u - h * v, c + h * u - h * v, c + h * u + h * v, c - h * u + h * v])
    tris = np.array([[0, 1, 2], [0, 2, 3]])
    assert np.allclose(np.cross(verts[1] - verts[0], verts[2] - verts[0]) / size_m**2, normal)
    return verts, tris


def city_of(parts, frame: LocalFrame, name: str = "test") -> City:
    """parts: list of (vertices, triangles, surface types) -> one building each."""
    builder = BuildingSetBuilder()
    for k, (v, t, s) in enumerate(parts):
        builder.add(f"B{k}", v, t, s)
    return City(name=name, frame=frame, buildings=builder.build())


def courtyard_block(height_m: float = 18.0):
    """Four flat-roofed bars around a 16 m x 16 m courtyard, 40 m x 40 m outside."""
    quads = np.array(
        [
            [[-20, -20], [20, -20], [20, -8], [-20, -8]],  # south bar
            [[-20, 8], [20, 8], [20, 20], [-20, 20]],  # north bar
            [[-20, -8], [-8, -8], [-8, 8], [-20, 8]],  # west bar
            [[8, -8], [20, -8], [20, 8], [8, 8]],  # east bar
        ],
        dtype=np.float64,
    )
    v, t, s = box_buildings(quads, np.zeros(4), np.full(4, height_m))
    parts = []
    for k in range(4):
        parts.append((v[8 * k : 8 * k + 8], t[12 * k : 12 * k + 12] - 8 * k, s[12 * k : 12 * k + 12]))
    return parts


ROOF, WALL = int(SurfaceType.ROOF), int(SurfaceType.WALL)
