"""Benchmark runner: prints figures (it is not a timed test).

    .venv/bin/python benchmarks/run.py [--quick]

Each figure is measured in a fresh subprocess so start-up and memory are real.
Start-up needs a display: under no $DISPLAY, Xvfb is started with xvfb-run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable

BUILD_SCRIPT = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from city.district import generate_district, generate_synthetic_city
from city.polydata import buildings_polydata
t_import = time.perf_counter() - t0
n = int(sys.argv[1])
t1 = time.perf_counter()
city = generate_district() if n == 0 else generate_synthetic_city(n)
t_model = time.perf_counter() - t1
t2 = time.perf_counter()
poly = buildings_polydata(city.buildings)
t_poly = time.perf_counter() - t2
print(json.dumps({
    "buildings": len(city.buildings), "triangles": len(city.buildings.triangles),
    "import_s": t_import, "model_s": t_model, "polydata_s": t_poly,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

FRAME_SCRIPT = r"""
import json, sys, time
import pyvista as pv
from city.district import generate_district
from viewer.scene import Scene
from viewer import camera
city = generate_district()
pl = pv.Plotter(off_screen=True, window_size=[1280, 720]); pl.ren_win.SetMultiSamples(0)
Scene(pl, city); camera.home_view(pl, city)
pl.screenshot(return_img=True)
times = []
for k in range(10):
    camera.orbit(pl, 3.0)
    t = time.perf_counter(); pl.render(); pl.ren_win.WaitForCompletion(); times.append(time.perf_counter() - t)
print(json.dumps({"frame_ms_median": sorted(times)[len(times)//2] * 1000}))
"""


EXPORT_SCRIPT = r"""
import json, sys, tempfile, time
from pathlib import Path
from city.district import generate_district
from viewer.export import ImageSpec, export_image
from viewer.overlay import attribute_overlay
city = generate_district()
out = Path(tempfile.mkdtemp()) / "4k.png"
t = time.perf_counter()
export_image(city, out, ImageSpec(size=(3840, 2160), title="Clichy-Batignolles",
             overlay=attribute_overlay(city.buildings, "construction_year", "Construction year")))
print(json.dumps({"export_4k_s": time.perf_counter() - t, "bytes": out.stat().st_size}))
"""


def _json_line(cmd: list[str], env: dict | None = None, timeout: float = 600) -> dict:
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env, timeout=timeout)
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"{cmd[:3]} failed: {out.stderr[-2000:]}")


def startup_first_frame(runs: int = 3) -> list[float]:
    """Seconds from spawning `maquette` (Python not yet started) to its first rendered frame."""
    env = dict(os.environ, MAQUETTE_BENCH_FIRST_FRAME="1", QT_QPA_PLATFORM="xcb")
    env.pop("PYVISTA_OFF_SCREEN", None)
    xvfb = None
    if not env.get("DISPLAY"):
        if not shutil.which("Xvfb"):
            raise RuntimeError("no $DISPLAY and no Xvfb: install xvfb")
        display = f":{100 + os.getpid() % 400}"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        env["DISPLAY"] = display
    cmd = [str(Path(PY).parent / "maquette"), "--lang", "en"]
    figures = []
    try:
        for _ in range(runs):
            env["MAQUETTE_BENCH_T0"] = repr(time.time())
            out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
            value = [ln for ln in out.stdout.splitlines() if ln.startswith("first_frame_s=")]
            if not value:
                raise RuntimeError(f"start-up run failed: {out.stderr[-2000:]}")
            figures.append(float(value[0].split("=")[1]))
    finally:
        if xvfb is not None:
            xvfb.terminate()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-building city")
    args = parser.parse_args()
    print("Maquette benchmarks")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores\n")

    firsts = startup_first_frame()
    print(f"start-up to first frame, demo district (target < 3 s): {' / '.join(f'{v:.2f}' for v in firsts)} s "
          f"(best {min(firsts):.2f} s)")

    frame = _json_line([PY, "-c", FRAME_SCRIPT])
    print(f"frame time, demo district, 1280x720 off-screen: {frame['frame_ms_median']:.0f} ms (median of 10)")

    export = _json_line([PY, "-c", EXPORT_SCRIPT])
    print(f"4K image export of the demo district with legend (target < 10 s): {export['export_4k_s']:.2f} s, "
          f"{export['bytes'] / 1e6:.1f} MB")

    sizes = [0] if args.quick else [0, 100_000]
    for n in sizes:
        r = _json_line([PY, "-c", BUILD_SCRIPT, str(n)])
        label = "demo district" if n == 0 else f"generated {n:,} buildings".replace(",", " ")
        total = r["model_s"] + r["polydata_s"]
        target = "" if n == 0 else " (target < 10 s, < 2048 MB)"
        print(
            f"{label}: {r['buildings']} buildings, {r['triangles']} triangles; model {r['model_s']:.2f} s + "
            f"merged PolyData {r['polydata_s']:.2f} s = {total:.2f} s; peak RSS {r['peak_rss_mb']:.0f} MB{target}"
        )
    for extra in sorted((REPO / "benchmarks").glob("bench_*.py")):
        print(f"\n(other benchmarks: {extra.relative_to(REPO)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
