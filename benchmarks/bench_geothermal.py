"""Geothermal figures (issue 6): prints, it is not a timed test.

    .venv/bin/python benchmarks/bench_geothermal.py [N_BUILDINGS]

Times the whole analysis on a synthetic city with one parcel per building, then on the same city without
parcels (the buffer rule), each with its stages, and prints the machine's load (the figures move with it).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _timed(city):
    from analysis.geothermal import compute_geothermal

    stages: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    result = compute_geothermal(city, progress=lambda f, m: stages.append((m, time.perf_counter() - t0)))
    dt = time.perf_counter() - t0
    merged: dict[str, float] = {}
    for (message, at), (_, end) in zip(stages, [*stages[1:], ("", dt)]):
        merged[message] = merged.get(message, 0.0) + end - at
    return result, dt, merged


def whole_analysis(n: int) -> None:
    from city.district import generate_synthetic_city

    city = generate_synthetic_city(n, with_parcels=True)
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())} ({os.cpu_count()} CPUs)")
    result, dt, stages = _timed(city)
    cov = np.nan_to_num(result.coverage)
    print(f"geothermal potential, {len(city.buildings):,} buildings with {len(city.parcels):,} parcels: {dt:.2f} s "
          f"(target < 20 s); {int(result.boreholes.sum()):,} boreholes, {result.power_kw.sum() / 1000:,.0f} MW, "
          f"covered at 50 %: {int((cov >= 0.5).sum()):,}, overlapping parcels {result.counts['overlapping_parcels']:,}")
    for message, seconds in stages.items():
        print(f"    {message:<28} {seconds:6.2f} s")
    result, dt, stages = _timed(city.__class__(**{**city.__dict__, "parcels": []}))
    print(f"same city without parcels (ground within 8 m of each building): {dt:.2f} s (target < 20 s); "
          f"{int(result.boreholes.sum()):,} boreholes")
    for message, seconds in stages.items():
        print(f"    {message:<28} {seconds:6.2f} s")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    whole_analysis(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
