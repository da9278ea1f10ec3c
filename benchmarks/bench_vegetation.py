"""Vegetation figures (issue 7): prints, it is not a timed test.

    .venv/bin/python benchmarks/bench_vegetation.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def canopy_10m_points() -> None:
    from analysis.vegetation import canopy_from_points, cover_fraction

    n = 10_000_000
    rng = np.random.default_rng(0)
    xy = rng.uniform(0, 1000, (n, 2))
    cls = rng.choice(np.array([2, 2, 3, 5, 6], dtype=np.uint8), n)
    z = 35 + np.where(cls == 5, rng.uniform(2, 20, n), np.where(cls == 6, 18.0, rng.uniform(0, 0.3, n)))
    xyz = np.column_stack([xy, z])
    t = time.perf_counter()
    mask = canopy_from_points(xyz, cls, (0.0, 1000.0, 0.0, 1000.0), 1.0)
    dt = time.perf_counter() - t
    print(f"canopy cover from 10,000,000 LiDAR points on a 1 km² grid at 1 m: {dt:.2f} s (target < 15 s), "
          f"cover {cover_fraction(mask):.1%}")


def suitability_100k() -> None:
    from analysis.vegetation import compute_vegetation
    from city.district import generate_synthetic_city

    city = generate_synthetic_city(100_000)
    t = time.perf_counter()
    result = compute_vegetation(city)
    dt = time.perf_counter() - t
    print(f"green roof and wall suitability, 100,000 buildings ({len(city.buildings.triangles):,} faces): {dt:.2f} s "
          f"(target < 10 s); green roofs {result.roof_green_m2.sum() / 1e4:.0f} ha, green walls {result.wall_green_m2.sum() / 1e4:.0f} ha")


if __name__ == "__main__":
    canopy_10m_points()
    suitability_100k()
