"""Geothermal figures (issue 6): prints, it is not a timed test.

    .venv/bin/python benchmarks/bench_geothermal.py [N_BUILDINGS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def whole_analysis(n: int) -> None:
    from analysis.geothermal import compute_geothermal
    from city.district import generate_synthetic_city

    city = generate_synthetic_city(n, with_parcels=True)
    stages: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    result = compute_geothermal(city, progress=lambda f, m: stages.append((m, time.perf_counter() - t0)))
    dt = time.perf_counter() - t0
    cov = np.nan_to_num(result.coverage)
    print(f"geothermal potential, {len(city.buildings):,} buildings with {len(city.parcels):,} parcels: {dt:.2f} s "
          f"(target < 20 s); {int(result.boreholes.sum()):,} boreholes, {result.power_kw.sum() / 1000:,.0f} MW, "
          f"covered at 50 %: {int((cov >= 0.5).sum()):,}, overlapping parcels {result.counts['overlapping_parcels']:,}")
    previous = 0.0
    for (message, at), (_, end) in zip(stages, [*stages[1:], ("", dt)]):
        print(f"    {message:<28} {end - at:6.2f} s")
        previous = end
    del previous
    t0 = time.perf_counter()
    compute_geothermal(city.__class__(**{**city.__dict__, "parcels": []}))
    print(f"  same city without parcels (ground within 8 m of each building): {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    whole_analysis(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
