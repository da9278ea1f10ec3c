"""Building picking figures: prints, it is not a timed test.

    .venv/bin/python benchmarks/bench_picking.py [n_buildings]

Milliseconds per click on a building, top view, 800 x 450, on the demo district
and on a generated city (36,000 buildings, about a million triangles, by
default): ``Scene.pick_building`` (camera ray into a cell locator) against a
plain ``vtkCellPicker`` on the buildings actor, which tests every triangle
(what picking did before the locator was used).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _project(plotter, local_xyz) -> tuple[float, float]:
    from viewer import camera

    x, y = camera.display_point(plotter.renderer, local_xyz)
    return float(x), float(y)


def picking(city, label: str) -> None:
    import pyvista as pv
    from vtkmodules.vtkRenderingCore import vtkCellPicker

    from viewer import camera
    from viewer.scene import Scene

    plotter = pv.Plotter(off_screen=True, window_size=[800, 450])
    plotter.ren_win.SetMultiSamples(0)
    try:
        scene = Scene(plotter, city)
        camera.top_view(plotter, city)
        plotter.render()
        sample = np.linspace(0, len(city.buildings) - 1, 40).astype(int)
        pixels = [_project(plotter, scene.building_centre(i)) for i in sample]
        t = time.perf_counter()
        scene.pick_building(*pixels[0])
        t_first = time.perf_counter() - t
        t = time.perf_counter()
        ours = [scene.pick_building(*xy) for xy in pixels]
        t_ours = (time.perf_counter() - t) / len(pixels)

        plain = vtkCellPicker()
        plain.SetTolerance(0.0)
        plain.PickFromListOn()
        plain.AddPickList(scene.actors["buildings"][0])
        t = time.perf_counter()
        for xy in pixels[:10]:
            plain.Pick(*xy, 0.0, plotter.renderer)
        t_plain = (time.perf_counter() - t) / 10
        right = int((np.array(ours) == sample).sum())
        print(f"picking, {label} ({scene.buildings_mesh.n_cells:,} triangles): {t_ours * 1e3:.3f} ms per pick "
              f"(first pick, building the locator, {t_first * 1e3:.0f} ms), plain vtkCellPicker {t_plain * 1e3:.1f} ms; "
              f"{right}/{len(sample)} picks on the right building")
    finally:
        plotter.close()


if __name__ == "__main__":
    from city.district import generate_district, generate_synthetic_city

    picking(generate_district(), "demo district")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 36_000
    picking(generate_synthetic_city(n), f"generated city of {n:,} buildings")
