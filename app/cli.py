"""The ``maquette`` command.

    maquette                       open the window on the embedded demo district
    maquette open FILE [--crs ..]  open the window on a file
    maquette render [FILE [LAYER...]] --out view.png [--size 1920x1080] [--view home|top] [--crs EPSG:NNNN]
    maquette analyse solar [FILE...] --out result.vtp [--weather FILE.epw] [--sample-m2 4]
                           [--tiles 500] [--workers 2 | --scheduler ADDRESS] [--cache-dir DIR | --no-cache]
    maquette analyse vegetation [FILE...] --out result.vtp [--lidar LAZ...] [--ndvi IRC --dhm DHM] [--trees FILE]
    maquette analyse geothermal [FILE...] --out result.vtp [--conductivity RASTER] [--parcels FILE] [--plants FILE]
                                [--depth 100] [--spacing 6] [--lambda 2.0] [--hours 1800] [--cop 4] [--network-distance 1000]
    maquette analyse impact PROJECT.maquette --out result.vtp [--day 2025-12-21] [--radius 150] [--weather FILE]
    maquette export video [FILE... | PROJECT.maquette [--tour NAME]] --out tour.mp4 [--seconds 30] [--fps 25] [--size 1920x1080]
    maquette export pdf [FILE...] --out handout.pdf [--paper A4|A3] [--zone NAME] [--lang fr] [--no-impact]
    maquette export gltf|web [FILE...] --out zone.glb|zone.html [--zone NAME|all] [--lang fr]
    maquette export image [FILE] --out view.png [--size 3840x2160] [--title T] [--subtitle S]
                                 [--colour-by ATTRIBUTE] [--view home|top] [--crs EPSG:NNNN]

Bad input (missing file, unknown option, unwritable output) prints one line
``maquette: error: ...`` on stderr and exits with status 2, no traceback.
Qt is imported only by the commands that open a window.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from typing import NoReturn

PROCESS_START = time.time()

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        raise UsageError(message)


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{2,5})[xX](\d{2,5})", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"size must look like 1920x1080, got {text!r}")
    w, h = int(m.group(1)), int(m.group(2))
    if not (16 <= w <= 16384 and 16 <= h <= 16384):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is out of range (16..16384 pixels a side)")
    return w, h


def _crs(text: str) -> str:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        CRS.from_user_input(text)
    except CRSError:
        raise argparse.ArgumentTypeError(f"unknown CRS {text!r} (try EPSG:2154 or EPSG:3946)") from None
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="maquette", description="Maquette: a 3D model of Paris for planning and consultation.")
    parser.add_argument("--lang", choices=["en", "fr"], help="interface language (default: the system's)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p_open = sub.add_parser("open", help="open the window on a file")
    p_open.add_argument("file", type=Path)
    p_open.add_argument("--crs", type=_crs, help="CRS of a file that declares none, e.g. EPSG:3946")
    p_open.add_argument("--lang", choices=["en", "fr"], default=argparse.SUPPRESS)

    p_render = sub.add_parser("render", help="render a view to an image, without a window")
    p_render.add_argument("files", type=Path, nargs="*", help="city file, then layers to add (default: the embedded demo district)")
    p_render.add_argument("--out", type=Path, required=True, help="image to write (.png or .jpg)")
    p_render.add_argument("--size", type=_size, default=(1920, 1080), help="WIDTHxHEIGHT, default 1920x1080")
    p_render.add_argument("--view", choices=["home", "top"], default="home")
    p_render.add_argument("--crs", type=_crs, help="CRS of a file that declares none, e.g. EPSG:3946")

    p_export = sub.add_parser("export", help="export for a consultation: a view (image) or a zone's buildings (gltf)")
    p_export.add_argument("kind", choices=["image", "pdf", "video", "gltf", "web"], help="what to export")
    p_export.add_argument("files", type=Path, nargs="*", help="city file, then layers to add (default: the embedded demo district)")
    p_export.add_argument("--out", type=Path, required=True, help="file to write (.png/.jpg image, .pdf handout, .mp4 video, .glb model, .html web scene)")
    p_export.add_argument("--seconds", type=float, default=None,
                          help="video: length (default 30 s; with --tour, the tour's flights and pauses, "
                               "stretched alike to this length when given)")
    p_export.add_argument("--tour", default="", help="video: the project's tour to follow (default: every viewpoint in order)")
    p_export.add_argument("--fps", type=int, default=25, help="video: frames per second")
    p_export.add_argument("--paper", choices=["A4", "A3"], default="A4", help="pdf: paper size (landscape)")
    p_export.add_argument("--no-impact", action="store_true",
                          help="pdf: leave out the project's effect on the neighbours' sun (computed when the city "
                               "holds a project model: clear sky, spring equinox)")
    p_export.add_argument("--zone", default="", help="gltf, web: the zone to export (default: the first zone; 'all' for every building)")
    p_export.add_argument("--lang", choices=["en", "fr"], default="en", help="pdf, web: language of the document")
    p_export.add_argument("--size", type=_size, default=None, help="WIDTHxHEIGHT: image default 3840x2160 (4K), video 1920x1080")
    p_export.add_argument("--view", choices=["home", "top"], default="home")
    p_export.add_argument("--title", default="", help="title printed on the image (default: the city's name)")
    p_export.add_argument("--subtitle", default="")
    p_export.add_argument("--colour-by", default="", help="numeric building attribute to colour by, with a legend")
    p_export.add_argument("--crs", type=_crs, help="CRS of a file that declares none, e.g. EPSG:3946")
    p_export.add_argument("--camera", type=_camera, help='JSON {"position": [x,y,z], "focal_point": [..], "up": [..], "view_angle": deg} in local metres')

    p_an = sub.add_parser("analyse", help="run an analysis without a window: VTK PolyData + per-building CSV")
    p_an.add_argument("kind", choices=["solar", "vegetation", "geothermal", "impact"],
                      help="which analysis (impact: a project model's effect on its neighbours' sun)")
    p_an.add_argument("files", type=Path, nargs="*", help="city file, then layers to add (default: the demo district)")
    p_an.add_argument("--out", type=Path, required=True, help="result (.vtp); the CSV goes beside it")
    p_an.add_argument("--weather", type=Path, help="solar: EPW or PVGIS TMY file (default: a clear-sky year, labelled as such)")
    p_an.add_argument("--sample-m2", type=float, default=4.0, help="solar: largest face area one sample stands for (m²)")
    p_an.add_argument("--tiles", type=float, metavar="METRES",
                      help="solar: split the city into square tiles of this side, run by Dask (default 500 with --workers or --scheduler)")
    p_an.add_argument("--workers", type=int, help="solar: worker processes of the local Dask cluster, one thread each (default 2)")
    p_an.add_argument("--scheduler", metavar="ADDRESS", help="solar: a running Dask scheduler (tcp://host:8786) instead of a local cluster")
    p_an.add_argument("--cache-dir", type=Path, help="solar: cache folder (default $MAQUETTE_CACHE/solar or the user's cache folder)")
    p_an.add_argument("--no-cache", action="store_true", help="solar: neither read nor write cached results")
    p_an.add_argument("--day", type=_day, default=None,
                      help="impact: the day of the sunlight hours, YYYY-MM-DD (default the spring equinox, 2025-03-21)")
    p_an.add_argument("--radius", type=float, help="impact: analyse the faces within this distance of the project, m "
                                                    "(default: the project's shadow at 15° of sun, 30 to 400 m)")
    p_an.add_argument("--lidar", type=Path, nargs="+", help="vegetation: LAS/LAZ tiles for canopy cover")
    p_an.add_argument("--ndvi", type=Path, help="infrared (IRC) orthophoto for canopy cover, with --dhm")
    p_an.add_argument("--dhm", type=Path, help="height-above-ground raster for canopy cover, with --ndvi")
    p_an.add_argument("--trees", type=Path, help="tree inventory to add to the city")
    p_an.add_argument("--conductivity", type=Path, help="geothermal: ground thermal conductivity raster (GeoTIFF, W/m/K)")
    p_an.add_argument("--parcels", type=Path, help="geothermal: cadastral parcels (GeoPackage, Shapefile...)")
    p_an.add_argument("--plants", type=Path, help="geothermal: heating plants of district heating networks (GeoJSON)")
    p_an.add_argument("--depth", type=float, help="geothermal: borehole depth, m (default 100, at most 200)")
    p_an.add_argument("--spacing", type=float, help="geothermal: distance between boreholes, m (default 6, VDI 4640)")
    p_an.add_argument("--lambda", dest="conductivity_w_mk", type=float, help="geothermal: ground conductivity where no raster, W/m/K (default 2.0)")
    p_an.add_argument("--hours", type=float, help="geothermal: full-load hours per year (default 1800, heating only)")
    p_an.add_argument("--cop", type=float, help="geothermal: seasonal COP of the heat pump (default 4)")
    p_an.add_argument("--network-distance", type=float, help="geothermal: 'near a geothermal network' within this distance, m (default 1000)")
    p_an.add_argument("--crs", type=_crs, help="CRS of files that declare none, e.g. EPSG:3946")
    return parser


def _day(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _camera(text: str) -> dict:
    import json

    try:
        cam = json.loads(text)
        out = {k: [float(v) for v in cam[k]] for k in ("position", "focal_point", "up")}
        out["view_angle"] = float(cam.get("view_angle", 30.0))
    except (ValueError, KeyError, TypeError):
        raise argparse.ArgumentTypeError("camera must be JSON with position, focal_point and up (3 numbers each)") from None
    if any(len(out[k]) != 3 for k in ("position", "focal_point", "up")):
        raise argparse.ArgumentTypeError("camera position, focal_point and up need 3 numbers each")
    return out


def _offscreen() -> None:
    """Render without a window; with no X display, go straight to EGL (no 'bad X server' warning)."""
    os.environ.setdefault("PYVISTA_OFF_SCREEN", "true")
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")


def _check_input(path: Path) -> None:
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(f"{path}: is a folder, not a file")
    if not os.access(path, os.R_OK):
        raise UsageError(f"{path}: not readable")


def _check_output(path: Path) -> None:
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise UsageError(f"{path}: output must be .png or .jpg")
    parent = path.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{path}: folder {parent} does not exist")
    if path.exists() and path.is_dir():
        raise UsageError(f"{path}: is a folder")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{path}: cannot write there (permission denied)")


def load_city(paths: Path | list[Path] | None, crs: str | None = None):
    """The demo district, or the city in the first file (a city file or a .maquette project) with the others' layers added."""
    if isinstance(paths, Path):
        paths = [paths]
    if not paths:
        from city.district import generate_district

        return generate_district()
    from app.projects import is_project, open_project_file
    from city.merge import add_layers
    from city.project import ProjectError
    from importers import open_city
    from importers.layers import open_layer

    if is_project(paths[0]):
        try:
            city = open_project_file(paths[0]).city
        except ProjectError as exc:
            raise UsageError(str(exc)) from None
    else:
        city = open_city(paths[0], crs=crs)
    for extra in paths[1:]:
        city = add_layers(city, open_layer(extra, city, crs=crs))
    return city


def _render(args: argparse.Namespace) -> int:
    for path in args.files:
        _check_input(path)
    _check_output(args.out)
    _offscreen()
    city = _load_or_usage_error(args.files, args.crs)
    from viewer.render import contents, render_city_image

    render_city_image(city, args.out, size=args.size, view=args.view)
    print(f"wrote {args.out} ({args.size[0]}x{args.size[1]}, {contents(city)})")
    return 0


def _export(args: argparse.Namespace) -> int:
    for path in args.files:
        _check_input(path)
    if args.kind in ("gltf", "web", "pdf", "video"):
        return _export_model(args)
    _check_output(args.out)
    _offscreen()
    city = _load_or_usage_error(args.files, args.crs)
    from viewer.export import ImageSpec, export_image

    overlay = _colour_by(city, args.colour_by)
    args.size = args.size or (3840, 2160)
    spec = ImageSpec(size=args.size, title=args.title, subtitle=args.subtitle, view=args.view, overlay=overlay)
    camera_state = None
    if args.camera:
        cam = args.camera

        def camera_state(plotter) -> None:
            plotter.camera.position = cam["position"]
            plotter.camera.focal_point = cam["focal_point"]
            plotter.camera.up = cam["up"]
            plotter.camera.view_angle = cam["view_angle"]
            plotter.renderer.ResetCameraClippingRange()

    export_image(city, args.out, spec, camera_state)
    print(f"wrote {args.out} ({args.size[0]}x{args.size[1]})")
    return 0


def _colour_by(city, key: str):
    """The overlay of a numeric building attribute, or None; a usage error names the valid ones."""
    if not key:
        return None
    from viewer.overlay import attribute_overlay

    column = city.buildings.attributes.get(key)
    if column is None or column.dtype.kind not in "if":
        numeric = sorted(k for k, c in city.buildings.attributes.items() if c.dtype.kind in "if")
        raise UsageError(f"--colour-by {key!r}: not a numeric building attribute (try: {', '.join(numeric)})")
    return attribute_overlay(city.buildings, key, key.replace("_", " "))


def _export_model(args: argparse.Namespace) -> int:
    suffix = {"gltf": ".glb", "web": ".html", "pdf": ".pdf", "video": ".mp4"}[args.kind]
    if args.out.suffix.lower() != suffix:
        raise UsageError(f"{args.out}: a {args.kind} export is a {suffix} file")
    parent = args.out.resolve().parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise UsageError(f"{args.out}: cannot write in {parent}")
    city = _load_or_usage_error(args.files, args.crs)
    zone = None
    if args.zone != "all" and city.zones:
        try:
            zone = city.zone(args.zone) if args.zone else city.zones[0]
        except KeyError:
            names = ", ".join(z.name for z in city.zones)
            raise UsageError(f"--zone {args.zone!r}: no such zone (zones: {names}, or all)") from None
    if args.kind == "video":
        _offscreen()
        from viewer.video import export_video

        views, seconds, timing = _project_tour(args.files, args.tour)
        if args.seconds is not None:
            if timing is not None:  # the tour's flights and pauses, stretched alike to that length
                timing = (timing[0] * args.seconds / seconds, timing[1] * args.seconds / seconds)
            seconds = args.seconds
        if not (1 <= args.fps <= 120) or not (0.5 <= seconds <= 3600):
            raise UsageError("--fps must be 1-120 and --seconds 0.5-3600")
        size = args.size or (1920, 1080)
        flight_s, hold_s = timing or (None, None)
        summary = export_video(city, args.out, views=views, seconds=seconds, fps=args.fps,
                               size=size, title=args.title, flight_s=flight_s, hold_s=hold_s,
                               progress=lambda f, m: print(f"\r{m}", end="", file=sys.stderr, flush=True))
        print(f"\nwrote {args.out}: {summary['frames']} frames at {args.fps} fps, {size[0]}x{size[1]}")
        return 0
    if args.kind == "pdf":
        _offscreen()
        from viewer.handout import export_handout

        overlay = _colour_by(city, args.colour_by)
        impact = None if args.no_impact else _project_impact(city)
        summary = export_handout(city, args.out, zone, title=args.title, subtitle=args.subtitle, paper=args.paper,
                                 overlay=overlay, language=args.lang, impact=impact)
        print(f"wrote {args.out}: {args.paper} handout of {zone.name if zone else city.name}, {summary['pages']} page(s)")
        return 0
    if args.kind == "web":
        from viewer.web import export_web_scene

        summary = export_web_scene(city, args.out, zone, title=args.title, subtitle=args.subtitle, language=args.lang)
    else:
        from viewer.gltf import export_gltf

        summary = export_gltf(city, args.out, zone)
    where = f"zone {zone.name}" if zone else "all buildings"
    print(f"wrote {args.out}: {summary['buildings']} buildings ({where}), {summary['bytes'] / 1e6:.2f} MB")
    return 0


def _analyse(args: argparse.Namespace) -> int:
    extra = [*(args.lidar or []), *(p for p in (args.ndvi, args.dhm, args.trees) if p)]
    for path in [*args.files, *extra]:
        _check_input(path)
    if args.out.suffix.lower() != ".vtp":
        raise UsageError(f"{args.out}: the result is VTK PolyData, name it .vtp")
    parent = args.out.resolve().parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise UsageError(f"{args.out}: cannot write in {parent}")
    if bool(args.ndvi) != bool(args.dhm):
        raise UsageError("--ndvi and --dhm go together (canopy = tall and green)")
    if args.weather is not None:
        _check_input(args.weather)
    if args.kind == "solar":
        _solar_tiles(args)  # bad tiling options fail before the city is loaded
    city = _load_or_usage_error(args.files, args.crs)
    if args.kind == "geothermal":
        return _analyse_geothermal(args, city)
    if args.kind == "impact":
        return _analyse_impact(args, city)
    if args.kind == "solar":
        if not (0.1 <= args.sample_m2 <= 1000):
            raise UsageError("--sample-m2 must be between 0.1 and 1000")
        tile_size_m = _solar_tiles(args)
        from app.analyse import analyse_solar

        try:
            summary = analyse_solar(
                city, args.out, args.weather, args.sample_m2,
                progress=lambda f, m: print(f"\r{f:5.1%} {m:<40}", end="", file=sys.stderr, flush=True),
                tile_size_m=tile_size_m, workers=args.workers or 2, scheduler=args.scheduler,
                cache_dir=args.cache_dir, use_cache=not args.no_cache,
            )
        except ConnectionError as exc:
            print(file=sys.stderr)  # end the progress line
            raise UsageError(str(exc)) from None
        print(file=sys.stderr)  # end the progress line
        print(summary)
        print(f"wrote {args.out} and {args.out.with_suffix('.csv')}")
        return 0
    if args.trees:
        from city.merge import add_layers

        city = add_layers(city, _load_or_usage_error([args.trees], args.crs))
    lidar = _load_or_usage_error(args.lidar, args.crs) if args.lidar else None
    rasters = _load_or_usage_error([args.dhm, args.ndvi], args.crs) if args.ndvi else None
    from app.analyse import analyse_vegetation

    print(analyse_vegetation(city, args.out, lidar, rasters))
    print(f"wrote {args.out} and {args.out.with_suffix('.csv')}")
    return 0


def _project_impact(city):
    """The project models' effect on the neighbours' sun at the spring equinox (clear sky), or None without models."""
    from analysis.impact import solar_impact
    from analysis.solar import SolarSettings
    from app.analyse import load_weather
    from city.placement import project_masks

    if not project_masks(city)[0].any():
        return None
    print("the project's effect on the neighbours' sun…", file=sys.stderr, flush=True)
    return solar_impact(city, load_weather(city, None), SolarSettings(max_sample_area_m2=16.0))


def _analyse_impact(args: argparse.Namespace, city) -> int:
    import datetime as dt

    from analysis.impact import NoProjectModel
    from app.analyse import analyse_impact

    if not (0.1 <= args.sample_m2 <= 1000):
        raise UsageError("--sample-m2 must be between 0.1 and 1000")
    if args.radius is not None and not 0 < args.radius <= 5000:
        raise UsageError("--radius must be between 0 and 5000 m")
    try:
        summary = analyse_impact(
            city, args.out, args.weather, args.day or dt.date(2025, 3, 21), args.sample_m2, args.radius,
            progress=lambda f, m: print(f"\r{f:5.1%} {m:<40}", end="", file=sys.stderr, flush=True))
    except NoProjectModel as exc:
        raise UsageError(f"{exc}; open a project (.maquette) with a placed model, or add a georeferenced IFC") from None
    print(file=sys.stderr)
    print(summary)
    print(f"wrote {args.out} and {args.out.with_suffix('.csv')}")
    return 0


def _solar_tiles(args: argparse.Namespace) -> float | None:
    """The tile side for ``analyse solar`` (None: untiled); --workers or --scheduler alone mean 500 m tiles."""
    tile_size_m = args.tiles
    if tile_size_m is None and (args.workers is not None or args.scheduler):
        tile_size_m = 500.0
    if tile_size_m is not None and not (10.0 <= tile_size_m <= 100_000.0):
        raise UsageError("--tiles must be between 10 and 100000 metres")
    if args.workers is not None and not (1 <= args.workers <= 256):
        raise UsageError("--workers must be between 1 and 256")
    if args.workers is not None and args.scheduler:
        raise UsageError("--workers starts a local cluster, --scheduler uses a running one: give one of them")
    if args.no_cache and args.cache_dir is not None:
        raise UsageError("--no-cache and --cache-dir contradict each other")
    return tile_size_m


def _analyse_geothermal(args: argparse.Namespace, city) -> int:
    import dataclasses

    from analysis.geothermal import GeothermalSettings
    from app.analyse import analyse_geothermal
    from city.merge import add_layers

    changes = {name: getattr(args, option) for name, option in (
        ("depth_m", "depth"), ("spacing_m", "spacing"), ("conductivity_w_mk", "conductivity_w_mk"),
        ("operating_hours", "hours"), ("cop", "cop"), ("network_distance_m", "network_distance"),
    ) if getattr(args, option) is not None}
    settings = GeothermalSettings(**changes)
    try:
        settings.validate()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.parcels:
        _check_input(args.parcels)
        layer = _load_or_usage_error([args.parcels], args.crs)
        if not layer.parcels:
            raise UsageError(f"{args.parcels}: holds no parcels (a cadastre layer such as 'cadastre_parcellaire')")
        city = add_layers(city, dataclasses.replace(layer, buildings=type(layer.buildings).empty(), zones=[]))
    if args.plants:
        _check_input(args.plants)
        layer = _load_or_usage_error([args.plants], args.crs)
        if not layer.sites:
            raise UsageError(f"{args.plants}: holds no heating plants")
        city = add_layers(city, layer)
    if args.conductivity:
        _check_input(args.conductivity)
        from importers.errors import ImporterError
        from importers.raster import read_raster

        try:
            layer = read_raster(args.conductivity, crs=args.crs, kind="conductivity")
        except ImporterError as exc:
            raise UsageError(str(exc)) from None
        city = add_layers(city, layer)
    print(analyse_geothermal(city, args.out, settings))
    print(f"wrote {args.out} and {args.out.with_suffix('.csv')}")
    return 0


DEFAULT_VIDEO_S = 30.0


def _project_tour(paths: list[Path], tour_name: str = ""):
    """(viewpoints, seconds, timing) of the video: the tour ``tour_name`` of the project given first (by
    default the tour chosen when it was saved, if it has two stops), or every saved viewpoint in order; (None, 30 s, None): the default orbit (no project, or fewer than two
    viewpoints).

    A named tour's timing is its (flight, pause) in seconds, each leg pausing then flying exactly that
    long, one leg per stop (the video comes back to the first); without one, timing is None and the
    legs share the seconds (30 % pause, 70 % flight).
    """
    from app.projects import is_project

    if not paths or not is_project(paths[0]):
        if tour_name:
            raise UsageError("--tour needs a project (.maquette) as the first file")
        return None, DEFAULT_VIDEO_S, None
    from city.project import ProjectError, load
    from viewer.video import Viewpoint

    try:
        project = load(paths[0])
    except ProjectError as exc:
        raise UsageError(str(exc)) from None
    by_name = {v.name: Viewpoint(v.name, tuple(v.position), tuple(v.focal_point), tuple(v.up), float(v.view_angle))
               for v in project.viewpoints}
    if not tour_name and project.chosen_tour:
        chosen = project.tour(project.chosen_tour)
        if len(chosen.viewpoints) >= 2 and all(n in by_name for n in chosen.viewpoints):
            tour_name = chosen.name  # the tour chosen in the window when the project was saved
    if not tour_name:
        views = list(by_name.values())
        return (views if len(views) >= 2 else None), DEFAULT_VIDEO_S, None
    try:
        tour = project.tour(tour_name)
    except KeyError as exc:
        raise UsageError(f"{paths[0].name}: {exc.args[0]}") from None
    missing = [n for n in tour.viewpoints if n not in by_name]
    if missing:
        raise UsageError(f"{paths[0].name}: tour {tour_name!r} names viewpoints the project does not have: {', '.join(missing)}")
    if len(tour.viewpoints) < 2:
        raise UsageError(f"{paths[0].name}: tour {tour_name!r} has {len(tour.viewpoints)} viewpoint(s), a video needs two")
    views = [by_name[n] for n in tour.viewpoints]
    return views, len(views) * (tour.transition_s + tour.hold_s), (tour.transition_s, tour.hold_s)


def _load_or_usage_error(paths: list[Path], crs: str | None):
    try:
        return load_city(paths, crs)
    except Exception as exc:  # importer errors name the file, the place and the reason
        from city.model import CityModelError
        from importers.errors import ImporterError

        if isinstance(exc, ImporterError | CityModelError):
            raise UsageError(str(exc)) from None
        raise


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser().parse_args(argv)
        if args.command == "render":
            return _render(args)
        if args.command == "export":
            return _export(args)
        if args.command == "analyse":
            return _analyse(args)
        path = getattr(args, "file", None)
        if path is not None:
            _check_input(path)
        from app.main_window import run_gui

        return run_gui(path, crs=getattr(args, "crs", None), lang=args.lang, process_start=PROCESS_START)
    except UsageError as exc:
        print(f"maquette: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
