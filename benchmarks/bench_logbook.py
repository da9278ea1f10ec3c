"""Benchmark of the building logbook store (issue 8 figures).

With 100,000 buildings and 1,000,000 history entries (field entries plus
event revisions), measures:

- opening one building's logbook (summary card + timeline + full field history): target < 50 ms;
- colouring the city by a field (one value per building, aligned to the city's ids, to colours): target < 1 s;
- a filter across all buildings: target < 500 ms.

The logbook is generated through the public bulk API into a temporary
folder (deleted afterwards). Run: ``python benchmarks/bench_logbook.py``
(``--buildings``/``--entries`` to scale down).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from city.logbook import DPE_CLASSES, DPE_COLOURS, SQLiteLogbookStore  # noqa: E402

TODAY = dt.date(2026, 6, 1)


def generate(store: SQLiteLogbookStore, n_buildings: int, n_entries: int, rng: np.random.Generator) -> tuple[list[str], int]:
    """Fill the store; returns (ids, history entries written)."""
    ids = [f"BATIMENT{i:016d}" for i in range(n_buildings)]
    years = rng.integers(1700, 2024, n_buildings)
    classes = rng.choice(list(DPE_CLASSES), n_buildings, p=[0.02, 0.06, 0.15, 0.3, 0.25, 0.12, 0.1])
    energy = rng.uniform(40, 500, n_buildings).round(1)
    ghg = rng.uniform(2, 90, n_buildings).round(1)
    storeys = rng.integers(1, 12, n_buildings)
    heating = rng.choice(["gas_boiler", "district_heating", "electric_direct", "heat_pump_air_water"], n_buildings)
    dpe_days = rng.integers(0, 1700, n_buildings)
    base = dt.date(2021, 7, 1)
    n_events = n_entries // 7  # inspections, one revision each
    n_fields_first = 7 * n_buildings
    n_updates = max(0, n_entries - n_events - n_fields_first)
    written = 0
    chunk = 20_000
    for start in range(0, n_buildings, chunk):
        rows = []
        for i in range(start, min(start + chunk, n_buildings)):
            b = ids[i]
            rows += [
                (b, "construction_year", int(years[i])),
                (b, "dpe_class", str(classes[i])),
                (b, "dpe_energy_kwh_m2_year", float(energy[i])),
                (b, "dpe_ghg_kgco2_m2_year", float(ghg[i])),
                (b, "dpe_date", (base + dt.timedelta(days=int(dpe_days[i]))).isoformat()),
                (b, "storeys_above_ground", int(storeys[i])),
                (b, "heating_system", str(heating[i])),
            ]
        written += store.write_fields(rows, reason="benchmark survey", source="bench")
    # Later changes: new DPEs and corrections, so fields have several entries.
    targets = rng.integers(0, n_buildings, n_updates)
    new_classes = rng.choice(list(DPE_CLASSES), n_updates)
    new_energy = rng.uniform(40, 500, n_updates).round(1)
    for start in range(0, n_updates, 100_000):
        rows = []
        for k in range(start, min(start + 100_000, n_updates)):
            b = ids[int(targets[k])]
            rows.append((b, "dpe_class", str(new_classes[k])) if k % 2 else (b, "dpe_energy_kwh_m2_year", float(new_energy[k])))
        written += store.write_fields(rows, reason="benchmark update", source="bench")
    # Updates equal to the current value are not recorded (1 in 7 class draws): top up with energy values.
    while written + n_events < n_entries:
        missing = n_entries - n_events - written
        picks = rng.integers(0, n_buildings, missing)
        values = rng.uniform(40, 500, missing)
        written += store.write_fields(
            [(ids[int(b)], "dpe_energy_kwh_m2_year", float(v)) for b, v in zip(picks, values)],
            reason="benchmark update", source="bench",
        )
    kinds = ["facade", "lift", "boiler", "electricity"]
    owners = rng.integers(0, n_buildings, n_events)
    inspected = rng.integers(0, 3000, n_events)
    for start in range(0, n_events, 50_000):
        events = []
        for k in range(start, min(start + 50_000, n_events)):
            done = dt.date(2016, 1, 1) + dt.timedelta(days=int(inspected[k]))
            events.append((ids[int(owners[k])], "inspection", {
                "date": done, "inspection_kind": kinds[k % 4], "next_due": done + dt.timedelta(days=365 * (1 + k % 5)),
                "result": "compliant",
            }))
        written += len(store.add_events(events, reason="benchmark inspections", source="bench"))
    return ids, written


CPU_TIMES: dict[str, float] = {}
"""CPU time (s) of the best run of each measure: on a shared machine wall time includes waiting for a core."""


def timed(fn, repeat: int = 1, name: str | None = None) -> tuple[float, object]:
    best, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        if wall < best:
            best, best_cpu = wall, cpu
    if name is not None:
        CPU_TIMES[name] = best_cpu
    return best, result


def cpu_ms(name: str) -> str:
    return f"CPU {CPU_TIMES[name] * 1e3:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buildings", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory(prefix="bench-logbook-") as folder:
        path = Path(folder) / "bench.sqlite"
        t0 = time.perf_counter()
        with SQLiteLogbookStore(path, author="benchmark") as store:
            ids, written = generate(store, args.buildings, args.entries, rng)
        gen_s = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
        print(f"generated {len(ids):,} buildings, {written:,} history entries in {gen_s:.0f} s ({size_mb:.0f} MB)")

        # A fresh store, as when the application opens the project.
        t0 = time.perf_counter()
        store = SQLiteLogbookStore(path, author="benchmark")
        open_store_s = time.perf_counter() - t0

        def open_logbook(building_id: str) -> int:
            summary = store.building_summary(building_id, today=TODAY)
            timeline = store.timeline(building_id)
            history = store.history(building_id)
            return len(summary.groups) + len(timeline) + len(history)

        sample = [ids[int(i)] for i in rng.integers(0, len(ids), 300)]
        first_s, _ = timed(lambda: open_logbook(sample[0]), name="first")
        times, cpu_times = [], []
        for building_id in sample[1:]:
            t, _ = timed(lambda: open_logbook(building_id), name="open")
            times.append(t)
            cpu_times.append(CPU_TIMES["open"])
        times.sort()
        cpu_times.sort()
        p95 = times[int(0.95 * len(times))]

        colours = np.array([DPE_COLOURS[c] for c in DPE_CLASSES] + ["#BBBBBB"])
        lookup = {c: i for i, c in enumerate(DPE_CLASSES)}

        def colour_by_class() -> np.ndarray:
            column = store.column("dpe_class", ids)
            index = np.fromiter((lookup.get(c, len(DPE_CLASSES)) for c in column), dtype=np.int64, count=len(ids))
            return colours[index]

        colour_s, coloured = timed(colour_by_class, repeat=3, name="colour")
        year_s, _ = timed(lambda: store.column("construction_year", ids), repeat=3, name="year")
        due_s, _ = timed(lambda: store.column("next_inspection_due", ids), repeat=3, name="due")
        assert len(coloured) == len(ids)

        filters = {}
        for expression in (
            "dpe_class in (F, G) and construction_year < 1948",
            "inspection_overdue()",
            "(dpe_class = G or dpe_energy_kwh_m2_year > 420) and not heating_system = district_heating",
        ):
            t, matches = timed(lambda: store.filter(expression, today=TODAY), repeat=3, name=expression)
            filters[expression] = (t, len(matches))
        store.close()

    ok = lambda value, limit: "ok" if value < limit else "TOO SLOW"  # noqa: E731
    print(f"open the store: {open_store_s * 1e3:.0f} ms")
    print(
        f"open one building's logbook (summary + timeline + history): median {statistics.median(times) * 1e3:.1f} ms, "
        f"p95 {p95 * 1e3:.1f} ms, max {times[-1] * 1e3:.1f} ms, first {first_s * 1e3:.1f} ms "
        f"[target < 50 ms: {ok(max(times[-1], first_s), 0.05)}]; "
        f"CPU median {statistics.median(cpu_times) * 1e3:.1f} ms, max {cpu_times[-1] * 1e3:.1f} ms"
    )
    print(f"colour {len(ids):,} buildings by energy class: {colour_s * 1e3:.0f} ms ({cpu_ms('colour')}) "
          f"[target < 1 s: {ok(colour_s, 1.0)}]")
    print(f"  construction_year column: {year_s * 1e3:.0f} ms ({cpu_ms('year')}); "
          f"next_inspection_due column: {due_s * 1e3:.0f} ms ({cpu_ms('due')})")
    for expression, (t, count) in filters.items():
        print(f"filter {expression!r}: {t * 1e3:.0f} ms ({cpu_ms(expression)}), {count:,} matches "
              f"[target < 500 ms: {ok(t, 0.5)}]")


if __name__ == "__main__":
    main()
