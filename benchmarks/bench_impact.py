"""Before / after benchmark: a project's effect on its neighbours' sun (analysis.impact.solar_impact).

    .venv/bin/python benchmarks/bench_impact.py [--sample-m2 16 4] [--height 60]

A box tower (30 m x 30 m, ``--height`` m) is placed in the demo district,
250 m east and 150 m south of the Tribunal, replacing what stands there; with
../shared/data present, the Lyon Part-Dieu tower OBJ (165 m) is also placed on
the Tribunal. For each sample size it prints the radius, the neighbours and
faces analysed, the time of each part, and how many neighbours have faces
losing an hour of sun or more on the spring equinox (clear-sky year).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PART_DIEU = REPO.parent / "shared" / "data" / "architecture" / "lyon_tour_part_dieu.obj"
sys.path.insert(0, str(REPO))


def _with_model(city, path: Path, x: float, y: float):
    from city.merge import add_layers
    from city.placement import ModelPlacement
    from importers.models import read_model

    return add_layers(city, read_model(path, placement=ModelPlacement(x=x, y=y)))


def main(argv: list[str] | None = None) -> int:
    import tempfile

    import trimesh

    from analysis.impact import solar_impact
    from analysis.solar import SolarSettings
    from analysis.sun import site_of
    from analysis.weather import clear_sky_year
    from city.district import TRIBUNAL_L93, generate_district

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample-m2", type=float, nargs="+", default=[16.0, 4.0])
    parser.add_argument("--height", type=float, default=60.0)
    args = parser.parse_args(argv)

    base = generate_district()
    site = site_of(base)
    weather = clear_sky_year(site.latitude_deg, site.longitude_deg, site.altitude_m)
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        box = trimesh.creation.box(extents=(30.0, 30.0, args.height))
        box.apply_translation((0, 0, args.height / 2))
        obj = Path(tmp) / "tower.obj"
        box.export(obj)
        cases.append((f"{args.height:g} m box tower", _with_model(base, obj, TRIBUNAL_L93[0] + 250, TRIBUNAL_L93[1] - 150)))
    if PART_DIEU.exists():
        cases.append(("Part-Dieu tower OBJ on the Tribunal", _with_model(base, PART_DIEU, *TRIBUNAL_L93[:2])))
    else:
        print(f"(no {PART_DIEU}: the real model case is left out)")
    for name, city in cases:
        for sample in args.sample_m2:
            t = time.perf_counter()
            result = solar_impact(city, weather, SolarSettings(max_sample_area_m2=sample))
            total = time.perf_counter() - t
            parts = ", ".join(f"{k} {v:.2f} s" for k, v in result.timings_s.items() if k != "total")
            losers = result.losers()
            print(f"{name}, {sample:g} m² per sample: {total:.1f} s ({parts}); radius {result.radius_m:.0f} m, "
                  f"{len(result.buildings)} neighbours, {result.n_faces:,} faces; {len(losers)} with faces losing "
                  f">= 1 h ({losers['area_losing_1h_m2'].sum():,.0f} m²)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
