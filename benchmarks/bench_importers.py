"""Importer benchmarks on the real data of ../shared/data, printed as a table.

    .venv/bin/python benchmarks/bench_importers.py [--repeat 5] [--large-mb 100]

- Delft CityJSON (1.4 MB, 570 objects) to a triangle mesh with semantics:
  ours (``read_cityjson``: buildings, plus the ground patches we also build)
  and, side by side (in turns) on the same file, cjio's
  ``cityjson.reader`` followed by ``triangulate(sloppy=False)`` when cjio is
  installed (``pip install 'maquette[bench]'``).
- Optionally (``--large-mb N``) the same on a generated CityJSON of about N MB
  (Delft's objects tiled side by side with fresh ids), and ours on the same
  city written as CityJSONSeq.
- The 24,600 OSM footprints of north-east Paris (13.7 MB GeoJSON) extruded to
  LoD1 blocks; the target is under 5 s.

Times are the median and the best of ``--repeat`` runs, after one warm-up run
(pyproj builds its transformers on first use). Ours and cjio run in turns,
each in a fresh interpreter (:func:`timed_in_turns`), so that the load of a
shared machine weighs on both alike (the load average is printed with each
result) and neither runs in the heap the other left behind. Peak memory is the growth of
the resident set over one import, in a fresh interpreter (psutil and
``getrusage``).
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
DELFT = DATA / "buildings_3d" / "cityjson" / "delft.city.json"
PARIS_NE = DATA / "footprints" / "paris_nordest_osm_buildings_full_export.geojson"
FOOTPRINT_TARGET_S = 5.0

sys.path.insert(0, str(REPO))


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(median s, best s, last result) over ``repeat`` runs after a warm-up."""
    result = run()
    times = []
    for _ in range(repeat):
        del result
        gc.collect()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


_TIMING_SCRIPT = """
import gc, json, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
sys.path.insert(0, {benchmarks!r})
{imports}
run({warm_up!r})  # imports, pyproj's transformers: not what is measured
times, cpu = [], []
for _ in range({repeat}):
    result = None
    gc.collect()
    start, start_cpu = time.perf_counter(), time.process_time()
    result = run({path!r})
    times.append(time.perf_counter() - start)
    cpu.append(time.process_time() - start_cpu)
print(json.dumps({{"times": times, "cpu": cpu, "info": info(result)}}))
"""

_OURS = """
from importers.cityjson import read_cityjson as run
def info(city):
    r = city.import_report
    return f"{r.buildings} buildings, {r.triangles} triangles, {r.ground_patches} ground patches"
"""

_CJIO = """
from bench_importers import cjio_read_and_triangulate
def run(path):
    return cjio_read_and_triangulate(Path(path))
def info(model):
    return f"{len(model.j['CityObjects'])} objects triangulated"
"""


def timed_in_turns(path: Path, repeat: int, rounds: int) -> dict[str, tuple[float, float, str, float]]:
    """(median s, best s, what was built, median CPU s) of ours and cjio on ``path``, side by side.

    Each tool runs ``repeat`` times in a fresh interpreter (after a warm-up on
    Delft), and the two take turns ``rounds`` times: a change in the load of a
    shared machine weighs on both alike, and neither runs in a heap the other
    has left behind (millions of freed Python objects slow the next import).
    """
    import subprocess

    times: dict[str, list[float]] = {"ours": [], "cjio": []}
    cpu: dict[str, list[float]] = {"ours": [], "cjio": []}
    info: dict[str, str] = {}
    for _ in range(rounds):
        for name, imports in (("ours", _OURS), ("cjio", _CJIO)):
            script = _TIMING_SCRIPT.format(
                repo=str(REPO),
                benchmarks=str(REPO / "benchmarks"),
                imports=imports,
                warm_up=str(DELFT),
                repeat=repeat,
                path=str(path),
            )
            out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO)
            got = json.loads(out.stdout.strip().splitlines()[-1])
            times[name] += got["times"]
            cpu[name] += got["cpu"]
            info[name] = got["info"]
    return {name: (statistics.median(t), min(t), info[name], statistics.median(cpu[name])) for name, t in times.items()}


def load_average() -> str:
    try:
        return "load average %.2f, %.2f, %.2f" % os.getloadavg()
    except OSError:
        return "load average unknown"


_PEAK_SCRIPT = """
import resource, sys
sys.path.insert(0, {repo!r})
import psutil
{imports}

def high_water_bytes():
    # VmHWM is the new process's own peak; ru_maxrss on Linux keeps the peak of
    # the parent it was forked from (the benchmark itself), across exec.
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

base = psutil.Process().memory_info().rss
result = {call}
print((high_water_bytes() - base) / 2**20)
"""


def peak_rss_growth_mb(imports: str, call: str) -> float:
    """Peak resident-set growth (MB) of ``call`` in a fresh interpreter, over its state after ``imports``.

    A fresh process, because a Python process keeps the memory of earlier runs
    and would hide the peak of the next one.
    """
    import subprocess

    script = _PEAK_SCRIPT.format(repo=str(REPO), imports=imports, call=call)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO)
    return float(out.stdout.strip().splitlines()[-1])


def cjio_available() -> bool:
    try:
        import cjio  # noqa: F401
    except ImportError:
        return False
    return True


def cjio_read_and_triangulate(path: Path) -> Any:
    from cjio import cityjson

    with path.open(encoding="utf-8") as fh:
        model = cityjson.reader(fh)
    model.triangulate(sloppy=False)
    return model


def generate_large_cityjson(source: Path, target_mb: float, folder: Path) -> Path:
    """Delft tiled side by side until the file is about ``target_mb`` MB; fresh ids per tile."""
    doc = json.loads(source.read_text())
    base_vertices = doc["vertices"]
    n_vertices = len(base_vertices)
    extent_x = max(v[0] for v in base_vertices) - min(v[0] for v in base_vertices) + 50_000  # mm units
    tiles = max(1, round(target_mb * 2**20 / source.stat().st_size))
    objects: dict[str, Any] = {}
    vertices: list[list[int]] = []

    def shift(boundaries: Any, offset: int) -> Any:
        if isinstance(boundaries, int):
            return boundaries + offset
        return [shift(b, offset) for b in boundaries]

    for tile in range(tiles):
        offset = tile * n_vertices
        dx = (tile % 10) * extent_x
        dy = (tile // 10) * extent_x
        vertices.extend([x + dx, y + dy, z] for x, y, z in base_vertices)
        for oid, obj in doc["CityObjects"].items():
            new = copy.copy(obj)
            new["geometry"] = [dict(g, boundaries=shift(g["boundaries"], offset)) for g in obj.get("geometry", [])]
            for key in ("parents", "children"):
                if key in obj:
                    new[key] = [f"{r}-t{tile}" for r in obj[key]]
            objects[f"{oid}-t{tile}"] = new
    doc["CityObjects"] = objects
    doc["vertices"] = vertices
    doc["metadata"].pop("geographicalExtent", None)
    path = folder / f"delft_x{tiles}.city.json"
    path.write_text(json.dumps(doc, separators=(",", ":")))
    return path


def _renumber(boundaries: Any, all_vertices: list[Any], renumber: dict[int, int], vertices: list[Any]) -> Any:
    """Boundaries with indices into a feature's own vertex list (filled as indices are met)."""
    if isinstance(boundaries, int):
        if boundaries not in renumber:
            renumber[boundaries] = len(vertices)
            vertices.append(all_vertices[boundaries])
        return renumber[boundaries]
    return [_renumber(b, all_vertices, renumber, vertices) for b in boundaries]


def to_cityjson_seq(path: Path) -> Path:
    """The same city as CityJSONSeq: a header line, then one feature (object and its own vertices) per line."""
    doc = json.loads(path.read_text())
    all_vertices = doc.pop("vertices")
    objects = doc.pop("CityObjects")
    header = dict(doc, CityObjects={}, vertices=[])
    out = path.with_name(path.name.replace(".city.json", ".city.jsonl"))
    with out.open("w") as fh:
        fh.write(json.dumps(header, separators=(",", ":")) + "\n")
        for oid, obj in objects.items():
            renumber: dict[int, int] = {}
            vertices: list[list[int]] = []
            geometry = [
                dict(g, boundaries=_renumber(g["boundaries"], all_vertices, renumber, vertices))
                for g in obj.get("geometry", [])
            ]
            feature = {"type": "CityJSONFeature", "id": oid, "CityObjects": {oid: dict(obj, geometry=geometry)}}
            feature["vertices"] = vertices
            fh.write(json.dumps(feature, separators=(",", ":")) + "\n")
    return out


def bench_cityjson(path: Path, repeat: int, label: str, *, cjio: bool = True, rounds: int = 1) -> None:
    size_mb = path.stat().st_size / 2**20
    compare = cjio and cjio_available()
    if compare:
        results = timed_in_turns(path, repeat, rounds)
    else:
        from importers.cityjson import read_cityjson

        median, best, city = timed(lambda: read_cityjson(path), repeat)
        r = city.import_report
        results = {"ours": (median, best, f"{r.buildings} buildings, {r.triangles} triangles", None)}
    median, best, what, cpu = results["ours"]
    print(f"\n{label}: {path.name}, {size_mb:.1f} MB ({load_average()} after timing)")
    print(f"  ours   read_cityjson            median {median:7.3f} s   best {best:7.3f} s   {what}")
    if cpu is not None:
        print(f"         CPU time median {cpu:7.3f} s")
    ours_peak = peak_rss_growth_mb("from importers.cityjson import read_cityjson", f"read_cityjson({str(path)!r})")
    print(f"         peak memory growth ~{ours_peak:.0f} MB (file x3 + 300 MB = {3 * size_mb + 300:.0f} MB)")
    if not cjio:
        return
    if not compare:
        print("  cjio   not installed: pip install 'maquette[bench]' to compare")
        return
    c_median, c_best, c_what, c_cpu = results["cjio"]
    print(f"  cjio   reader + triangulate     median {c_median:7.3f} s   best {c_best:7.3f} s   {c_what}")
    print(f"         CPU time median {c_cpu:7.3f} s")
    cjio_peak = peak_rss_growth_mb(
        "from cjio import cityjson",
        f"cityjson.reader(open({str(path)!r}, encoding='utf-8')).triangulate(sloppy=False)",
    )
    print(f"         peak memory growth ~{cjio_peak:.0f} MB")
    print(f"  speed-up (median): {c_median / median:.2f}x, in CPU time {c_cpu / cpu:.2f}x (target 3x)")


def bench_footprints(path: Path, repeat: int) -> None:
    from importers.geojson import read_geojson

    size_mb = path.stat().st_size / 2**20
    median, best, city = timed(lambda: read_geojson(path), repeat)
    r = city.import_report
    verdict = "OK" if median < FOOTPRINT_TARGET_S else "OVER TARGET"
    print(f"\nFootprints: {path.name}, {size_mb:.1f} MB")
    print(
        f"  ours   read_geojson             median {median:7.3f} s   best {best:7.3f} s   "
        f"{r.buildings} buildings, {r.triangles} triangles  [{verdict}: target < {FOOTPRINT_TARGET_S:g} s]"
    )
    print(f"         height rules: {dict(r.height_rules)}")
    peak = peak_rss_growth_mb("from importers.geojson import read_geojson", f"read_geojson({str(path)!r})")
    print(f"         peak memory growth ~{peak:.0f} MB (file x3 + 300 MB = {3 * size_mb + 300:.0f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (after one warm-up)")
    parser.add_argument(
        "--large-mb", type=float, default=0.0, help="also bench a generated CityJSON of about this size"
    )
    args = parser.parse_args(argv)

    missing = [p for p in (DELFT, PARIS_NE) if not p.exists()]
    if missing:
        print(f"real data not found in {DATA}: {', '.join(p.name for p in missing)}")
        return 1
    import platform

    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}; repeat={args.repeat}")
    bench_cityjson(DELFT, args.repeat, "CityJSON -> triangle mesh", rounds=3)
    if args.large_mb > 0:
        with tempfile.TemporaryDirectory() as folder:
            large = generate_large_cityjson(DELFT, args.large_mb, Path(folder))
            repeat = max(1, min(args.repeat, 2))
            bench_cityjson(large, 1, "Generated CityJSON -> triangle mesh", rounds=repeat)
            seq = to_cityjson_seq(large)
            bench_cityjson(seq, repeat, "Same city as CityJSONSeq (lines parsed in batches)", cjio=False)
    bench_footprints(PARIS_NE, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
