"""The `maquette` command: bad input gets one line and exit status 2, no traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

MAQUETTE = [sys.executable, "-m", "app.cli"]
REPO = Path(__file__).resolve().parents[1]


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.run([*MAQUETTE, *args], capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env)


def _one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("maquette: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["open", "no/such/file.city.json"], ["no such file"]),
        (["render", "no_such.gml", "--out", "x.png"], ["no_such.gml", "no such file"]),
        (["--frobnicate"], ["--frobnicate"]),
        (["render", "--out", "x.png", "--size", "big"], ["1920x1080"]),
        (["render", "--out", "x.png", "--size", "0x0"], ["size"]),
        (["render", "--out", "/no/such/folder/view.png"], ["does not exist"]),
        (["render", "--out", "view.bmp"], [".png"]),
        (["render"], ["--out"]),
        (["render", "--out", "x.png", "--crs", "EPSG:99999999"], ["unknown CRS"]),
    ],
)
def test_bad_command_line_gets_one_line_and_status_2(args, fragments):
    _one_line_error(run(*args, timeout=60), *fragments)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere: permission test is meaningless")
def test_unwritable_output_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o500)
    _one_line_error(run("render", "--out", str(ro / "v.png")), "permission")


def test_unwritable_output_file_as_root_is_reported(tmp_path):
    # a folder where the image should go: no user can write an image there
    (tmp_path / "view.png").mkdir()
    _one_line_error(run("render", "--out", str(tmp_path / "view.png")), "folder")


def test_render_writes_the_default_district(tmp_path):
    out = tmp_path / "view.png"
    result = run("render", "--out", str(out), "--size", "640x360")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000
    assert "buildings" in result.stdout
    from PIL import Image

    with Image.open(out) as img:
        assert img.size == (640, 360)


def test_export_image_with_legend_north_arrow_and_scale(tmp_path):
    out = tmp_path / "handout.png"
    result = run("export", "image", "--out", str(out), "--size", "1280x720", "--title", "ZAC Clichy-Batignolles",
                 "--colour-by", "construction_year", "--view", "top")
    assert result.returncode == 0, result.stderr
    from PIL import Image

    with Image.open(out) as img:
        assert img.size == (1280, 720)
        rgb = np.asarray(img.convert("RGB")).astype(int)
    # the title card (top left) is white behind dark text; the legend spans the bottom centre
    assert (rgb[26:48, 30:300] > 215).all(axis=-1).mean() > 0.4
    legend_row = rgb[690, int(1280 * 0.3) : int(1280 * 0.7)]
    assert np.ptp(legend_row[:, 0]) > 100, "a colour ramp runs under the legend title"


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["export", "svg", "--out", "x.svg"], ["invalid choice", "svg"]),
        (["export", "image", "--out", "x.png", "--colour-by", "colour"], ["colour", "construction_year"]),
    ],
)
def test_bad_export_arguments(args, fragments):
    _one_line_error(run(*args, timeout=60), *fragments)


def test_analyse_vegetation_writes_a_georeferenced_result_and_csv(tmp_path):
    out = tmp_path / "veg.vtp"
    result = run("analyse", "vegetation", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "zone Clichy-Batignolles" in result.stdout and "green roofs" in result.stdout
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkIOXML import vtkXMLPolyDataReader

    reader = vtkXMLPolyDataReader()
    reader.SetFileName(str(out))
    reader.Update()
    poly = reader.GetOutput()
    green = vtk_to_numpy(poly.GetCellData().GetArray("green_roof_suitability"))
    assert len(green) == poly.GetNumberOfCells() and 0 < green.mean() < 1
    assert poly.GetFieldData().GetAbstractArray("crs").GetValue(0) == "EPSG:2154"
    origin = vtk_to_numpy(poly.GetFieldData().GetArray("local_origin"))
    assert origin.tolist() == [649700.0, 6865900.0, 0.0]
    rows = (tmp_path / "veg.csv").read_text().splitlines()
    assert rows[0] == "building_id,green_roof_m2,urban_farm_m2,green_wall_m2" and len(rows) > 1000


def test_analyse_geothermal_with_the_real_heating_plants(tmp_path):
    from tests.conftest import shared_data

    plants = shared_data("geothermal/idf_chaufferies_reseaux_de_chaleur.geojson")
    out = tmp_path / "geo.vtp"
    result = run("analyse", "geothermal", "--out", str(out), "--plants", str(plants), "--network-distance", "5000",
                 "--cop", "3.5")
    assert result.returncode == 0, result.stderr
    assert "14 geothermal heating plants" in result.stdout and "zone Clichy-Batignolles" in result.stdout
    assert "heat pump COP 3.5" in result.stdout
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkIOXML import vtkXMLPolyDataReader

    reader = vtkXMLPolyDataReader()
    reader.SetFileName(str(out))
    reader.Update()
    poly = reader.GetOutput()
    coverage = vtk_to_numpy(poly.GetCellData().GetArray("geothermal_coverage"))
    assert len(coverage) == poly.GetNumberOfCells() and 0 < np.nanmax(coverage)
    assert poly.GetCellData().GetArray("geothermal_power_kw") is not None
    rows = (tmp_path / "geo.csv").read_text().splitlines()
    header = rows[0].split(",")
    assert header[:4] == ["building_id", "boreholes", "w_per_m", "power_kw"] and "coverage" in header
    distance = [float(r.split(",")[header.index("network_distance_m")]) for r in rows[1:]]
    assert 4000 < min(distance) < 6000  # the CPCU geothermal plant of Paris 19e, 4-6 km from Batignolles


@pytest.mark.parametrize("args, fragment", [
    (["--depth", "250"], "200 m"),
    (["--spacing", "3"], "VDI 4640"),
    (["--parcels", "pyproject.toml"], "pyproject.toml"),
])
def test_analyse_geothermal_bad_settings(args, fragment):
    _one_line_error(run("analyse", "geothermal", "--out", "x.vtp", *args, timeout=60), fragment)


def test_analyse_bad_arguments():
    _one_line_error(run("analyse", "vegetation", "--out", "x.png", timeout=60), ".vtp")
    _one_line_error(run("analyse", "vegetation", "--out", "x.vtp", "--ndvi", "pyproject.toml", timeout=60), "--dhm")


def test_export_gltf_of_the_zone_keeps_building_ids_and_passes_the_khronos_validator(tmp_path):
    out = tmp_path / "zone.glb"
    result = run("export", "gltf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "zone Clichy-Batignolles" in result.stdout
    from city.district import generate_district
    from viewer.gltf import buildings_in_zone, glb_json

    city = generate_district()
    expected = {city.buildings.ids[i] for i in buildings_in_zone(city, city.zones[0])}
    doc = glb_json(out)
    ids = {n["extras"]["building_id"] for n in doc["nodes"] if "extras" in n}
    assert ids == expected and "CB-TJ" in ids
    assert doc["asset"]["extras"]["local_origin"] == [649700.0, 6865900.0, 0.0]
    validator = REPO / ".cache" / "node" / "node_modules" / "gltf-validator"
    if not validator.exists():
        pytest.skip(f"Khronos glTF validator not installed in {validator.parent} (packaging/install.sh --test does it)")
    check = subprocess.run(["node", str(REPO / "tests/support/validate_gltf.mjs"), str(out), str(validator.parent)],
                           capture_output=True, text=True, timeout=60)
    report = json.loads(check.stdout)
    assert report["errors"] == 0 and report["warnings"] == 0, report


def test_export_gltf_bad_zone():
    _one_line_error(run("export", "gltf", "--out", "x.glb", "--zone", "Atlantis", timeout=60), "Atlantis", "Clichy-Batignolles")


@pytest.mark.parametrize("paper, size_pt", [("A4", (842, 595)), ("A3", (1191, 842))])
def test_export_pdf_handout(tmp_path, paper, size_pt):
    import shutil

    out = tmp_path / "handout.pdf"
    result = run("export", "pdf", "--out", str(out), "--paper", paper, "--lang", "fr", "--subtitle", "Réunion publique")
    assert result.returncode == 0, result.stderr
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed (packaging/install.sh --test installs it)")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\n", info)
    width, height = (float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(width), round(height)) == size_pt
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    for expected in ("Clichy-Batignolles", "Réunion publique", "La zone en chiffres", "Bâtiments", "Imprimé le"):
        assert expected in text
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(out), str(tmp_path / "page")], check=True)
    from PIL import Image

    with Image.open(tmp_path / "page-1.png") as img:
        assert np.asarray(img.convert("L")).std() > 30  # the views are there, not a blank page


def test_export_video_of_the_default_tour(tmp_path):
    out = tmp_path / "tour.mp4"
    result = run("export", "video", "--out", str(out), "--seconds", "2", "--fps", "10", "--size", "320x180")
    assert result.returncode == 0, result.stderr
    import imageio_ffmpeg

    reader = imageio_ffmpeg.read_frames(str(out))
    meta = next(reader)
    frames = [np.frombuffer(f, np.uint8).reshape(180, 320, 3) for f in reader]
    assert meta["size"] == (320, 180) and meta["fps"] == 10.0 and len(frames) == 20
    # the camera moves: the first and the last frame differ
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 5


def test_export_video_odd_size_is_refused():
    result = run("export", "video", "--out", "x.mp4", "--size", "321x181", "--seconds", "1", timeout=60)
    assert result.returncode != 0 and "even" in result.stderr


def test_analyse_solar_clear_sky_is_labelled_and_results_are_per_face_and_building(tmp_path):
    out = tmp_path / "solar.vtp"
    result = run("analyse", "solar", "--out", str(out), "--sample-m2", "100", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "clear sky, not measured weather" in result.stdout
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkIOXML import vtkXMLPolyDataReader

    reader = vtkXMLPolyDataReader()
    reader.SetFileName(str(out))
    reader.Update()
    cells = reader.GetOutput().GetCellData()
    for name in ("solar_irradiation_kwh_m2", "solar_direct_kwh_m2", "sky_view_factor", "sunlight_hours"):
        assert cells.GetArray(name) is not None, name
    irr = vtk_to_numpy(cells.GetArray("solar_irradiation_kwh_m2"))
    surface = vtk_to_numpy(cells.GetArray("surface_type"))
    # a clear-sky Paris year: flat roofs in the open get well over 1,200 kWh/m², floors get nothing
    assert np.percentile(irr[surface == 1], 90) > 1200 and irr[surface == 3].max() == 0
    header = (tmp_path / "solar.csv").read_text().splitlines()[0]
    assert header.startswith("building_id,roof_area_m2") and "pv_kwp" in header


def test_export_from_a_project_file_uses_the_demo_district_and_its_layers(tmp_path):
    from city.project import LayerRef, Project, save
    from tests.conftest import shared_data

    trees = shared_data("vegetation/paris_les_arbres_extract.geojson")
    project = save(Project(name="demo + trees", layers=[LayerRef.of(trees)], uses_demo_district=True),
                   tmp_path / "p.maquette")
    out = tmp_path / "zone.glb"
    result = run("export", "gltf", str(project), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Clichy-Batignolles" in result.stdout or out.stat().st_size > 10_000
    bad = tmp_path / "bad.maquette"
    bad.write_text("{not json", encoding="utf-8")
    _one_line_error(run("export", "gltf", str(bad), "--out", str(tmp_path / "x.glb"), timeout=60), "bad.maquette", "JSON")


def test_analyse_geothermal_reads_a_conductivity_raster(tmp_path):
    import rasterio
    from rasterio.transform import from_origin

    raster = tmp_path / "conductivity_paris.tif"
    # 3.5 W/m/K over the whole demo district (Lambert-93, 10 m cells)
    with rasterio.open(raster, "w", driver="GTiff", width=200, height=200, count=1, dtype="float32",
                       crs="EPSG:2154", transform=from_origin(648700.0, 6866900.0, 10.0, 10.0)) as dst:
        dst.write(np.full((1, 200, 200), 3.5, dtype="float32"))
    out = tmp_path / "geo.vtp"
    result = run("analyse", "geothermal", "--out", str(out), "--conductivity", str(raster))
    assert result.returncode == 0, result.stderr
    assert "lambda from the raster" in result.stdout and "84 W/m" in result.stdout
    bad = tmp_path / "not_conductivity.tif"
    with rasterio.open(bad, "w", driver="GTiff", width=4, height=4, count=1, dtype="float32",
                       crs="EPSG:2154", transform=from_origin(648700.0, 6866900.0, 10.0, 10.0)) as dst:
        dst.write(np.full((1, 4, 4), 120.0, dtype="float32"))
    _one_line_error(run("analyse", "geothermal", "--out", str(out), "--conductivity", str(bad), timeout=60),
                    "not_conductivity.tif", "W/m/K")


def test_video_of_a_project_follows_its_saved_viewpoints(tmp_path):
    import subprocess as sp

    import imageio_ffmpeg

    from city.project import Project, ViewpointRef, save

    views = [ViewpointRef("high", [0.0, -5.0, 900.0], [0.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
             ViewpointRef("low", [400.0, -400.0, 120.0], [0.0, 0.0, 30.0])]
    project = save(Project(name="tour", viewpoints=views), tmp_path / "p.maquette")
    out = tmp_path / "tour.mp4"
    result = run("export", "video", str(project), "--seconds", "2", "--fps", "4", "--size", "320x180", "--out", str(out))
    assert result.returncode == 0, result.stderr
    frame = tmp_path / "first.png"
    sp.run([imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", "-i", str(out), "-frames:v", "1", str(frame)],
           check=True)
    from PIL import Image

    img = np.asarray(Image.open(frame).convert("RGB")).astype(int)
    sky = (img[:, :, 2] > img[:, :, 0] + 20).mean()
    assert sky < 0.05  # the first viewpoint looks straight down: no sky, unlike the default oblique orbit


def test_analyse_impact_of_a_placed_project_model(tmp_path):
    """`maquette analyse impact PROJECT`: a 60 m tower placed in the demo district takes sun from its neighbours."""
    import trimesh

    from city.district import TRIBUNAL_L93
    from city.project import LayerRef, Project, save

    tower = trimesh.creation.box(extents=(30.0, 30.0, 60.0))
    tower.apply_translation((0, 0, 30.0))
    obj = tmp_path / "tour.obj"
    tower.export(obj)
    x, y = TRIBUNAL_L93[0] + 250.0, TRIBUNAL_L93[1] - 150.0
    placement = {"x": x, "y": y, "up_axis": "z", "scale": 1.0}
    project = tmp_path / "p.maquette"
    save(Project(name="p", uses_demo_district=True, layers=[LayerRef.of(obj, None, placement=placement)]), project)
    out = tmp_path / "impact.vtp"
    result = run("analyse", "impact", str(project), "--out", str(out), "--day", "2025-12-21", "--sample-m2", "16",
                 timeout=300)
    assert result.returncode == 0, result.stderr
    assert "1 project model(s) replacing" in result.stdout and "within 224 m" in result.stdout  # 60 / tan 15°
    assert "losing an hour of sun or more on 2025-12-21" in result.stdout
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkIOXML import vtkXMLPolyDataReader

    reader = vtkXMLPolyDataReader()
    reader.SetFileName(str(out))
    reader.Update()
    hours = vtk_to_numpy(reader.GetOutput().GetCellData().GetArray("impact_sunlight_hours"))
    assert np.isfinite(hours).sum() > 100 and np.nanmin(hours) < -1.0
    rows = (tmp_path / "impact.csv").read_text().splitlines()
    assert rows[0].startswith("building_id,area_m2,area_losing_1h_m2,sunlight_hours_before")
    losing = [float(r.split(",")[2]) for r in rows[1:]]
    assert losing == sorted(losing, reverse=True) and losing[0] > 10.0

    # the handout gets a before / after page with the neighbours' sun
    pdf = tmp_path / "handout.pdf"
    result = run("export", "pdf", str(project), "--out", str(pdf), "--lang", "fr", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "2 page(s)" in result.stdout
    import shutil

    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-f", "2", str(pdf), "-"], capture_output=True, text=True).stdout
        for expected in ("Avant / après : tour", "Bâtiments remplacés", "Voisins analysés (à moins de 224 m)", "Hauteur du projet (max)", "60 m"):
            assert expected in text, expected
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "2", str(pdf), str(tmp_path / "page")], check=True)
        from PIL import Image

        with Image.open(next(tmp_path.glob("page-*2.png"))) as img:
            assert np.asarray(img.convert("L")).std() > 30

    no_model = run("analyse", "impact", "--out", str(tmp_path / "x.vtp"), timeout=120)
    _one_line_error(no_model, "no project model")
    _one_line_error(run("analyse", "impact", "--out", "x.vtp", "--day", "21/12", timeout=60), "YYYY-MM-DD")
