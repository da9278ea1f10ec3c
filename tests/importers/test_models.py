"""Project models: glTF / GLB, OBJ, PLY, STL (trimesh) and IFC (ifcopenshell), placement, before/after."""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import trimesh
from pyproj import Proj, Transformer

from city.merge import add_layers
from city.model import BuildingSetBuilder, City, Polygon2D, SurfaceType
from city.placement import (
    ModelPlacement,
    apply_placement,
    buildings_under,
    footprint_centres,
    model_footprint,
    placement_in_lambert93,
)
from importers import Cancelled, ImporterError, InvalidFile, MissingDependency, UnsupportedFormat, open_city
from importers._project_model import surface_types_from_normals
from importers.ifc import read_ifc
from importers.models import read_model
from tests.conftest import shared_data
from tests.importers.ifc_helpers import body_context, box_mesh, ifc2x3_mesh_file

FZK = "architecture/AC20-FZK-Haus.ifc"
TOUR = "architecture/lyon_tour_part_dieu.obj"
PALAIS = "architecture/lyon_palais_de_justice.obj"

X0, Y0 = 652_000.0, 6_862_000.0  # Lambert-93, Paris 17e


def _box_file(directory: Path, suffix: str, extents=(10.0, 8.0, 6.0), name: str = "box") -> Path:
    """A z-up box with one corner at the origin and the opposite one at ``extents``, written by trimesh."""
    box = trimesh.creation.box(extents=extents)
    box.apply_translation(np.asarray(extents) / 2)
    path = directory / f"{name}.{suffix}"
    box.export(path)
    return path


def _world(city: City) -> np.ndarray:
    return city.frame.to_world(city.buildings.vertices)


def _raises(error: type[ImporterError], path: Path, match: str) -> ImporterError:
    with pytest.raises(error) as info:
        open_city(path)
    message = str(info.value)
    assert message.startswith(path.name + ": "), message
    assert match in message, message
    return info.value


# --------------------------------------------------------------------------- placement


def test_rotation_is_clockwise_from_north():
    # 90 degrees turns the model's +x (east) to -y (south) and its +y (north) to +x (east).
    p = ModelPlacement(x=X0, y=Y0, elevation_m=35.0, rotation_deg=90.0)
    out = apply_placement(np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]]), p)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [[X0, Y0 - 1, 35.0], [X0 + 1, Y0, 35.0], [X0, Y0, 36.0]])
    p45 = ModelPlacement(rotation_deg=45.0, elevation_m=0.0)
    np.testing.assert_allclose(apply_placement(np.array([[0.0, 1.0, 0]]), p45), [[np.sqrt(0.5), np.sqrt(0.5), 0]])


def test_y_up_scale_and_elevation():
    p = ModelPlacement(x=10.0, y=20.0, elevation_m=5.0, scale=0.001, up_axis="y")
    # glTF: +y is up, +z (the model's front) faces south.
    out = apply_placement(np.array([[1000.0, 0, 0], [0, 1000.0, 0], [0, 0, 1000.0]]), p)
    np.testing.assert_array_equal(out, [[11.0, 20.0, 5.0], [10.0, 20.0, 6.0], [10.0, 19.0, 5.0]])
    # No elevation: the lowest point goes to z = 0 (set on the terrain when added to a city).
    out = apply_placement(np.array([[0.0, 0, -3.0], [0.0, 0, 4.0]]), ModelPlacement())
    np.testing.assert_array_equal(out[:, 2], [0.0, 7.0])


def test_placement_keeps_float64_precision():
    p = ModelPlacement(x=652_345.123456, y=6_862_987.654321, elevation_m=0.0, rotation_deg=30.0)
    out = apply_placement(np.array([[0.001, 0.0, 0.0]]), p)
    np.testing.assert_allclose(out[0, :2] - [p.x, p.y], [0.001 * np.cos(np.radians(30)), -0.0005], atol=1e-9)


def test_placement_round_trips_through_json():
    p = ModelPlacement(x=X0, y=Y0, elevation_m=None, rotation_deg=-12.5, scale=0.001, up_axis="y")
    assert ModelPlacement.from_dict(json.loads(json.dumps(p.to_dict()))) == p
    assert ModelPlacement.from_dict({"x": 1, "y": 2}) == ModelPlacement(x=1.0, y=2.0)
    with pytest.raises(ValueError, match="unknown placement keys: colour"):
        ModelPlacement.from_dict({"colour": "red"})
    for bad in ({"scale": 0.0}, {"up_axis": "x"}, {"x": float("nan")}, {"elevation_m": float("inf")}):
        with pytest.raises(ValueError):
            ModelPlacement(**bad)


def test_placement_from_another_crs():
    # Lambert-93 -> CC49 -> back: same point; the rotation takes the difference of grid norths.
    e, n = Transformer.from_crs("EPSG:2154", "EPSG:3949", always_xy=True).transform(X0, Y0)
    p = placement_in_lambert93(ModelPlacement(x=e, y=n, rotation_deg=10.0), "EPSG:3949")
    assert p.x == pytest.approx(X0, abs=1e-6) and p.y == pytest.approx(Y0, abs=1e-6)
    lon, lat = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True).transform(X0, Y0)
    convergence_l93 = Proj("EPSG:2154").get_factors(lon, lat).meridian_convergence
    convergence_cc49 = Proj("EPSG:3949").get_factors(lon, lat).meridian_convergence
    assert p.rotation_deg == pytest.approx(10.0 + convergence_cc49 - convergence_l93, abs=1e-4)


def test_surface_types_from_normals():
    normals = np.array([[0, 0, 1.0], [0, 0.5, np.sqrt(0.75)], [1.0, 0, 0], [0, 0.99, 0.14], [0, 0, -1.0], [0, 0, 0]])
    expected = [SurfaceType.ROOF, SurfaceType.ROOF, SurfaceType.WALL, SurfaceType.WALL, SurfaceType.GROUND, 0]
    assert surface_types_from_normals(normals).tolist() == [int(s) for s in expected]


# --------------------------------------------------------------------------- mesh formats


@pytest.mark.parametrize("suffix", ["glb", "obj", "ply", "stl"])
def test_box_placed_exactly(tmp_path, suffix):
    path = _box_file(tmp_path, suffix)
    placement = ModelPlacement(x=X0, y=Y0, elevation_m=35.0, rotation_deg=90.0, up_axis="z")
    city = open_city(path, placement=placement)
    b = city.buildings
    assert b.ids == ["box"] and len(b.triangles) == 12
    world = _world(city)
    # Rotated 90 degrees clockwise: the 10 m along x now runs south from the origin, the 8 m along y east.
    np.testing.assert_array_equal(world.min(axis=0), [X0, Y0 - 10.0, 35.0])
    np.testing.assert_array_equal(world.max(axis=0), [X0 + 8.0, Y0, 41.0])
    assert b[0].surface_area_m2(SurfaceType.ROOF) == pytest.approx(80.0, abs=1e-9)
    assert b[0].surface_area_m2(SurfaceType.GROUND) == pytest.approx(80.0, abs=1e-9)
    assert b[0].surface_area_m2(SurfaceType.WALL) == pytest.approx(2 * (60.0 + 48.0), abs=1e-9)
    # The frame's origin is near the model, so local offsets stay small (float32-safe for VTK); z stays absolute.
    assert np.abs(b.vertices[:, :2]).max() < 20.0 and city.frame.crs == "EPSG:2154" and city.frame.origin[2] == 0.0
    attributes = b.attributes_of(0)
    assert attributes["project"] is True and attributes["placed"] is True and attributes["units"] == "m"
    assert attributes["source_file"] == f"box.{suffix}" and attributes["placement_from"] == "caller"
    assert ModelPlacement.from_dict(json.loads(attributes["placement"])) == placement


@pytest.mark.parametrize(("suffix", "up"), [("glb", "y"), ("obj", "y"), ("ply", "z"), ("stl", "z")])
def test_box_not_placed(tmp_path, suffix, up):
    city = read_model(_box_file(tmp_path, suffix))
    world = _world(city)
    assert city.frame.origin == (0.0, 0.0, 0.0)
    attributes = city.buildings.attributes_of(0)
    assert attributes["placed"] is False and attributes["placement_from"] == "not georeferenced"
    assert any(note.startswith("not georeferenced: place it") for note in city.import_report.notes)
    assert json.loads(attributes["placement"])["up_axis"] == up
    if up == "y":
        # glTF by specification, OBJ by convention (a closed box gives no hint): the box's z (6 m) faces south.
        np.testing.assert_array_equal(world.min(axis=0), [0.0, -6.0, 0.0])
        np.testing.assert_array_equal(world.max(axis=0), [10.0, 0.0, 8.0])
    else:
        np.testing.assert_array_equal(world.min(axis=0), [0.0, 0.0, 0.0])
        np.testing.assert_array_equal(world.max(axis=0), [10.0, 8.0, 6.0])
    if suffix != "glb":
        assert any(note.startswith("units guessed: metres") for note in city.import_report.notes)


@pytest.mark.parametrize("suffix", ["obj", "stl", "ply"])
def test_millimetres_are_detected(tmp_path, suffix):
    city = read_model(_box_file(tmp_path, suffix, extents=(10_000.0, 8_000.0, 6_000.0)))
    b = city.buildings
    assert b.attributes_of(0)["units"] == "mm"
    notes = city.import_report.notes
    assert any(note.startswith("units guessed: millimetres") and "10,000 units" in note for note in notes), notes
    world = _world(city)
    np.testing.assert_allclose(np.ptp(world, axis=0), [10.0, 6.0, 8.0] if suffix == "obj" else [10.0, 8.0, 6.0])
    assert b[0].surface_area_m2() == pytest.approx(2 * (80.0 + 60.0 + 48.0))


def test_a_model_kilometres_wide_is_refused(tmp_path):
    # glTF is metres by specification: a box drawn in millimetres would be 10 km wide.
    path = _box_file(tmp_path, "glb", extents=(10_000.0, 8_000.0, 6_000.0))
    error = _raises(InvalidFile, path, "10.0 km across")
    assert "unit is probably wrong" in str(error) and "0.001" in str(error)
    stl = _box_file(tmp_path, "stl", extents=(10_000.0, 8_000.0, 6_000.0))
    with pytest.raises(InvalidFile, match="unit is probably wrong"):
        read_model(stl, placement=ModelPlacement(scale=1.0))
    assert len(read_model(stl, placement=ModelPlacement(scale=0.001)).buildings) == 1


def test_up_axis_guess_follows_an_open_building(tmp_path):
    # A y-up box with no floor (exports often lack it) written as OBJ, and as STL whose convention is z-up.
    box = trimesh.creation.box(extents=(10.0, 6.0, 8.0))
    floor = box.face_normals[:, 1] < -0.9
    open_box = trimesh.Trimesh(box.vertices, box.faces[~floor], process=False)
    for suffix in ("obj", "stl"):
        path = tmp_path / f"open.{suffix}"
        open_box.export(path)
        city = read_model(path)
        assert json.loads(city.buildings.attributes_of(0)["placement"])["up_axis"] == "y"
        np.testing.assert_allclose(np.ptp(_world(city), axis=0), [10.0, 8.0, 6.0])
        guessed = [n for n in city.import_report.notes if n.startswith("up axis guessed")]
        assert bool(guessed) == (suffix == "stl"), city.import_report.notes


def test_gltf_scene_transforms_are_applied(tmp_path):
    scene = trimesh.Scene()
    box = trimesh.creation.box(extents=(2.0, 2.0, 2.0))
    scene.add_geometry(box, node_name="a", transform=trimesh.transformations.translation_matrix([10.0, 1.0, 0.0]))
    scene.add_geometry(box, node_name="b", transform=trimesh.transformations.translation_matrix([-10.0, 1.0, 0.0]))
    path = tmp_path / "two.glb"
    path.write_bytes(scene.export(file_type="glb"))
    city = read_model(path, placement=ModelPlacement(x=X0, y=Y0, elevation_m=0.0, up_axis="y"))
    world = _world(city)
    np.testing.assert_allclose(world.min(axis=0), [X0 - 11.0, Y0 - 1.0, 0.0])
    np.testing.assert_allclose(world.max(axis=0), [X0 + 11.0, Y0 + 1.0, 2.0])
    assert len(city.buildings) == 1 and len(city.buildings.triangles) == 24


def test_placement_given_in_another_crs(tmp_path):
    lon, lat = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True).transform(X0, Y0)
    placement = ModelPlacement(x=lon, y=lat, elevation_m=0.0)
    city = read_model(_box_file(tmp_path, "ply"), placement=placement, crs="EPSG:4326")
    world = _world(city)
    # The box's origin corner lands on the point; its edges turn by the meridian convergence (under 1 degree).
    corner = world[np.argmin(np.linalg.norm(world - [X0, Y0, 0.0], axis=1))]
    np.testing.assert_allclose(corner, [X0, Y0, 0.0], atol=1e-6)
    assert city.import_report.source_crs == "EPSG:4326" and city.import_report.crs_from == "caller"


def test_gltf_with_its_buffers_beside_it(tmp_path):
    files = trimesh.creation.box(extents=(10.0, 8.0, 6.0)).export(file_type="gltf")
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    city = open_city(tmp_path / "model.gltf")
    np.testing.assert_allclose(np.ptp(_world(city), axis=0), [10.0, 6.0, 8.0])
    buffer = sorted(n for n in files if n.endswith(".bin"))[0]
    (tmp_path / buffer).unlink()
    _raises(InvalidFile, tmp_path / "model.gltf", f"a file it refers to is missing: {buffer}")


def test_cancel_stops_a_model_import(tmp_path):
    polls = 0

    def cancel() -> bool:
        nonlocal polls
        polls += 1
        return polls > 2

    with pytest.raises(Cancelled, match=r"^box\.obj: import cancelled"):
        open_city(_box_file(tmp_path, "obj"), cancel=cancel)
    seen: list[float] = []
    open_city(_box_file(tmp_path, "stl"), progress=lambda f, _m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_lyon_obj_models():
    """Two buildings of the Métropole de Lyon 2018 model exported to OBJ with their known holes, in metres, z up."""
    for relative, vertices, triangles, extents in (
        (TOUR, 607, 1124, (205.375, 153.5, 169.040)),
        (PALAIS, 427, 850, (85.125, 96.5, 23.816)),
    ):
        path = shared_data(relative)
        start = time.perf_counter()
        city = open_city(path)
        seconds = time.perf_counter() - start
        b = city.buildings
        assert b.ids == [path.stem] and len(b.vertices) == vertices and len(b.triangles) == triangles
        np.testing.assert_allclose(np.ptp(_world(city), axis=0), extents, atol=1e-3)
        notes = city.import_report.notes
        assert any(n.startswith("units guessed: metres") for n in notes), notes
        # OBJ's habit is y-up, but these have roofs along z and (almost) no floor: z is guessed.
        assert any(n.startswith("up axis guessed: z") for n in notes), notes
        assert json.loads(b.attributes_of(0)["placement"])["up_axis"] == "z"
        # The known missing faces: edges that only one triangle uses.
        edges = np.sort(b.triangles[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2), axis=1)
        _, uses = np.unique(edges, axis=0, return_counts=True)
        assert (uses == 1).sum() > 0
        assert b[0].surface_area_m2(SurfaceType.ROOF) > 0 and b[0].surface_area_m2(SurfaceType.WALL) > 0
        assert seconds < 5.0


# --------------------------------------------------------------------------- mesh formats: bad input


def test_truncated_glb(tmp_path):
    data = _box_file(tmp_path, "glb").read_bytes()
    path = tmp_path / "cut.glb"
    path.write_bytes(data[: len(data) // 2])
    message = f"truncated GLB: its header says {len(data):,} bytes, the file has {len(data) // 2:,}"
    error = _raises(InvalidFile, path, message)
    assert error.location == "header"


def test_glb_with_broken_json(tmp_path):
    data = bytearray(_box_file(tmp_path, "glb").read_bytes())
    data[20:30] = b"@@@@@@@@@@"  # inside the JSON chunk
    path = tmp_path / "broken.glb"
    path.write_bytes(bytes(data))
    _raises(InvalidFile, path, "not a readable glTF 2.0 binary (GLB) file")


def test_obj_face_points_at_a_missing_vertex(tmp_path):
    path = tmp_path / "bad.obj"
    path.write_text("# one triangle\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 2 9\n")
    error = _raises(InvalidFile, path, "line 6: a face points at vertex 9, the file has 3")
    assert error.location == "line 6"


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "the file is empty"),
        (bytes(80) + b"\x00\x00\x00\x00", "the STL file holds no triangles"),
        (
            bytes(80) + b"\x05\x00\x00\x00",
            "truncated binary STL: its header declares 5 triangles (334 bytes), the file has 84",
        ),
        (b"solid empty\nendsolid empty\n", "holds no faces"),
    ],
)
def test_empty_stl(tmp_path, content, match):
    path = tmp_path / "empty.stl"
    path.write_bytes(content)
    _raises(InvalidFile, path, match)


def test_ply_with_points_only(tmp_path):
    path = tmp_path / "cloud.ply"
    properties = "".join(f"property float {c}\n" for c in "xyz")
    header = f"ply\nformat ascii 1.0\nelement vertex 3\n{properties}end_header\n"
    path.write_text(header + "0 0 0\n1 0 0\n0 1 0\n")
    _raises(InvalidFile, path, "nothing to import as a building")


def test_a_broken_model_leaves_the_city_as_it_was(tmp_path, demo_city):
    before = demo_city.summary()
    path = tmp_path / "cut.glb"
    path.write_bytes(_box_file(tmp_path, "glb").read_bytes()[:100])
    with pytest.raises(InvalidFile):
        add_layers(demo_city, open_city(path))
    assert demo_city.summary() == before


# --------------------------------------------------------------------------- IFC


def _write_ifc(path: Path, *, geometry: bool = True, map_conversion: dict | None = None) -> Path:
    """An IFC4 file in millimetres: a 20 m wall, a roof slab and a base slab over 20 x 12 m, and a proxy."""
    from ifcopenshell.api import run

    f = run("project.create_file", version="IFC4")
    project = run("root.create_entity", f, ifc_class="IfcProject", name="ZAC test")
    run("unit.assign_unit", f, units=[run("unit.add_si_unit", f, unit_type="LENGTHUNIT", prefix="MILLI")])
    body = body_context(f)
    site = run("root.create_entity", f, ifc_class="IfcSite", name="Site")
    building = run("root.create_entity", f, ifc_class="IfcBuilding", name="Lot B")
    storey = run("root.create_entity", f, ifc_class="IfcBuildingStorey", name="RDC")
    run("aggregate.assign_object", f, relating_object=project, products=[site])
    run("aggregate.assign_object", f, relating_object=site, products=[building])
    run("aggregate.assign_object", f, relating_object=building, products=[storey])
    if geometry:
        parts = [
            ("IfcWall", None, box_mesh((0, 0, 0), (20, 0.5, 9))),
            ("IfcSlab", "ROOF", box_mesh((0, 0, 9), (20, 12, 9.5))),
            ("IfcSlab", "BASESLAB", box_mesh((0, 0, -0.5), (20, 12, 0))),
            ("IfcBuildingElementProxy", None, box_mesh((0, 11.5, 0), (20, 12, 9))),
        ]
        for ifc_class, predefined, (v, faces) in parts:
            element = run("root.create_entity", f, ifc_class=ifc_class, name=ifc_class, predefined_type=predefined)
            # Coordinates in metres: the API writes them in the file's unit (millimetres).
            representation = run("geometry.add_mesh_representation", f, context=body, vertices=[v], faces=[faces])
            run("geometry.assign_representation", f, product=element, representation=representation)
            run("geometry.edit_object_placement", f, product=element, matrix=np.eye(4))
            run("spatial.assign_container", f, relating_structure=storey, products=[element])
    if map_conversion is not None:
        run("georeference.add_georeferencing", f)
        conversion = f.by_type("IfcMapConversion")[0]
        values = dict(map_conversion)
        target = values.pop("crs")
        for key, value in values.items():
            setattr(conversion, key, value)
        conversion.TargetCRS.Name = target
    f.write(str(path))
    return path


@pytest.fixture
def ifcopenshell():
    return pytest.importorskip("ifcopenshell")


def test_ifc_with_map_conversion(tmp_path, ifcopenshell):
    conversion = {"crs": "EPSG:2154", "Eastings": X0, "Northings": Y0, "OrthogonalHeight": 35.0}
    # The model's x axis points north on the map: 90 degrees counter-clockwise, -90 in our clockwise convention.
    conversion.update(XAxisAbscissa=0.0, XAxisOrdinate=1.0, Scale=0.001)
    path = _write_ifc(tmp_path / "lot_b.ifc", map_conversion=conversion)
    city = open_city(path)
    b = city.buildings
    assert len(b) == 1 and b.ids[0] == ifcopenshell.open(str(path)).by_type("IfcBuilding")[0].GlobalId
    attributes = b.attributes_of(0)
    assert attributes["name"] == "Lot B" and attributes["ifc_building"] == "Lot B"
    assert attributes["ifc_project"] == "ZAC test"
    assert attributes["units"] == "mm" and attributes["placed"] is True and attributes["project"] is True
    assert attributes["placement_from"] == "IfcMapConversion (EPSG:2154)"
    assert json.loads(attributes["placement"]) == {
        "x": X0, "y": Y0, "elevation_m": 35.0, "rotation_deg": -90.0, "scale": 0.001, "up_axis": "z",
    }  # fmt: skip
    world = _world(city)
    # 20 m along the model's x run north; its 12 m along y run west.
    np.testing.assert_allclose(world.min(axis=0), [X0 - 12.0, Y0, 34.5], atol=1e-9)
    np.testing.assert_allclose(world.max(axis=0), [X0, Y0 + 20.0, 44.5], atol=1e-9)
    # By entity: the roof slab (all its faces) and the proxy's top are roof; the base slab and the proxy's
    # bottom ground; the wall and the proxy's sides wall.
    assert b[0].surface_area_m2(SurfaceType.ROOF) == pytest.approx(2 * 240 + 2 * 10 + 2 * 6 + 10)
    assert b[0].surface_area_m2(SurfaceType.GROUND) == pytest.approx(2 * 240 + 2 * 10 + 2 * 6 + 10)
    assert b[0].surface_area_m2(SurfaceType.WALL) == pytest.approx((2 * 180 + 2 * 4.5 + 2 * 10) + (2 * 180 + 2 * 4.5))
    report = city.import_report
    assert report.format == "IFC IFC4" and report.source_crs == "EPSG:2154"
    assert report.imported["IfcSlab"] == 2 and report.imported["IfcWall"] == 1


def test_ifc_map_conversion_in_another_crs(tmp_path, ifcopenshell):
    e, n = Transformer.from_crs("EPSG:2154", "EPSG:3949", always_xy=True).transform(X0, Y0)
    conversion = {"crs": "EPSG:3949", "Eastings": e, "Northings": n, "OrthogonalHeight": 35.0, "Scale": 0.001}
    city = read_ifc(_write_ifc(tmp_path / "cc49.ifc", map_conversion=conversion))
    placement = json.loads(city.buildings.attributes_of(0)["placement"])
    assert placement["x"] == pytest.approx(X0, abs=1e-6) and placement["y"] == pytest.approx(Y0, abs=1e-6)
    assert abs(placement["rotation_deg"]) < 0.1 and city.import_report.source_crs == "EPSG:3949"
    # The caller's CRS overrides the file's.
    city = read_ifc(_write_ifc(tmp_path / "l93.ifc", map_conversion=conversion), crs="EPSG:2154")
    assert json.loads(city.buildings.attributes_of(0)["placement"])["x"] == e


def test_ifc_not_georeferenced(tmp_path, ifcopenshell):
    city = open_city(_write_ifc(tmp_path / "plain.ifc"))
    attributes = city.buildings.attributes_of(0)
    assert attributes["placed"] is False and city.frame.origin == (0.0, 0.0, 0.0)
    assert any(note.startswith("not georeferenced: place it") for note in city.import_report.notes)
    world = _world(city)
    np.testing.assert_allclose(world.min(axis=0), [0.0, 0.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(world.max(axis=0), [20.0, 12.0, 10.0], atol=1e-9)
    # A placeholder (0, 0) map conversion is no position either.
    city = open_city(_write_ifc(tmp_path / "zero.ifc", map_conversion={"crs": "EPSG:3857"}))
    assert city.buildings.attributes_of(0)["placed"] is False
    assert "IfcMapConversion at (0, 0) taken as a placeholder, not a position" in city.import_report.notes


def test_ifc2x3_map_conversion_property_set(tmp_path, ifcopenshell, monkeypatch):
    v, faces = box_mesh((0, 0, 0), (10, 8, 6))
    path = ifc2x3_mesh_file(tmp_path / "old.ifc", monkeypatch, v, faces,
                            {"Eastings": X0, "Northings": Y0, "OrthogonalHeight": 40.0})
    city = open_city(path)
    assert city.import_report.format == "IFC IFC2X3"
    np.testing.assert_allclose(_world(city).min(axis=0), [X0, Y0, 40.0], atol=1e-9)
    np.testing.assert_allclose(_world(city).max(axis=0), [X0 + 10, Y0 + 8, 46.0], atol=1e-9)


def test_fzk_haus(ifcopenshell):
    """KIT's FZK-Haus (ArchiCAD 20, IFC4): no IfcMapConversion, an IfcSite reference point and a TrueNorth.

    Checked by hand in the file: metres; IfcSite RefLatitude (49, 6, 1, 566000), RefLongitude
    (8, 26, 11, 540400), RefElevation 110 at the project origin; TrueNorth (0.766, 0.643), 50 degrees
    clockwise from the model's +y; storeys Erdgeschoss (0.0) and Dachgeschoss (2.7); exterior walls
    12 x 10 m, base slab 'Bodenplatte' 12 x 10 x 0.2 m under z = 0, two 30-degree roof slabs 'Dach-1'
    and 'Dach-2' (ROOF) 13 x 5.5 m on plan (0.5 m eaves) up to z = 6.318 m.
    """
    path = shared_data(FZK)
    start = time.perf_counter()
    city = open_city(path)
    seconds = time.perf_counter() - start
    b = city.buildings
    assert b.ids == ["2hQBAVPOr5VxhS3Jl0O47h"]
    attributes = b.attributes_of(0)
    assert attributes["name"] == "FZK-Haus" and attributes["ifc_project"] == "Projekt-FZK-Haus"
    assert attributes["units"] == "m" and attributes["ifc_schema"] == "IFC4" and attributes["project"] is True
    assert attributes["placed"] is True and attributes["placement_from"] == "IfcSite reference point (approximate)"
    assert any(n.startswith("placed approximately from the IfcSite reference point") for n in city.import_report.notes)
    lat = 49 + 6 / 60 + 1.566 / 3600
    lon = 8 + 26 / 60 + 11.5404 / 3600
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True).transform(lon, lat)
    placement = ModelPlacement.from_dict(json.loads(attributes["placement"]))
    assert placement.x == pytest.approx(x, abs=1e-6) and placement.y == pytest.approx(y, abs=1e-6)
    assert placement.elevation_m == 110.0 and placement.scale == 1.0
    convergence = Proj("EPSG:2154").get_factors(lon, lat).meridian_convergence
    assert placement.rotation_deg == pytest.approx(-50.0 - convergence, abs=1e-4)

    report = city.import_report
    assert report.imported["IfcWallStandardCase"] == 13 and report.imported["IfcWindow"] == 11
    assert report.imported["IfcDoor"] == 5 and report.imported["IfcSlab"] == 4
    assert report.skipped["IfcSpace"] == 7 and report.skipped["IfcOpeningElement"] == 17
    assert report.skipped["IfcSite"] == 1
    assert len(b.triangles) > 10_000 and seconds < 60

    # Unrotated at the origin, to check the geometry against the numbers above.
    city = open_city(path, placement=ModelPlacement(elevation_m=0.0))
    b = city.buildings
    world = _world(city)
    np.testing.assert_allclose(world.min(axis=0), [-0.5, -0.5, -0.2], atol=1e-6)
    np.testing.assert_allclose(world.max(axis=0), [12.5, 10.5, 6.31769], atol=1e-5)
    normals, areas = b.triangle_normals(), b.triangle_areas_m2()
    roof = b.triangle_surface == SurfaceType.ROOF
    for side in (-0.5, 0.5):
        underside = roof & np.all(np.abs(normals - [0.0, side, -np.sqrt(0.75)]) < 1e-3, axis=1)
        assert areas[underside].sum() == pytest.approx(13.0 * 5.5 / np.cos(np.radians(30)), abs=0.01)
        top = roof & np.all(np.abs(normals - [0.0, side, np.sqrt(0.75)]) < 1e-3, axis=1)
        assert areas[top].sum() > 13.0 * 5.5 / np.cos(np.radians(30))
    roof_points = world[b.triangles[roof].ravel()]
    assert roof_points[:, 2].max() == pytest.approx(6.31769, abs=1e-5)
    # The base slab's top face is ground, at z = 0 over 12 x 10 m.
    ground = b.triangle_surface == SurfaceType.GROUND
    floor = ground & (normals[:, 2] > 0.999) & np.all(np.abs(world[b.triangles[:, 0], 2:]) < 1e-9, axis=1)
    assert areas[floor].sum() == pytest.approx(120.0, abs=1e-6)
    walls = world[b.triangles[b.triangle_surface == SurfaceType.WALL].ravel()]
    assert walls[:, 0].min() <= 0.0 and walls[:, 0].max() >= 12.0 and walls[:, 1].max() >= 10.0
    # Seen from above: the roof with its eaves, 13 x 11 m.
    footprint = model_footprint(b, 0)
    assert len(footprint) == 1 and footprint[0].area_m2 == pytest.approx(143.0, abs=1e-3)


# --------------------------------------------------------------------------- IFC: bad input


def test_cancel_stops_an_ifc_import(ifcopenshell):
    polls = 0

    def cancel() -> bool:
        nonlocal polls
        polls += 1
        return polls > 5

    start = time.perf_counter()
    with pytest.raises(Cancelled):
        open_city(shared_data(FZK), cancel=cancel)
    assert polls == 6 and time.perf_counter() - start < 5.0


def test_ifc_that_is_not_step_text(tmp_path):
    path = tmp_path / "house.ifc"
    path.write_text("hello, this is not IFC\n")
    _raises(InvalidFile, path, "not an IFC file: IFC (STEP) text starts with 'ISO-10303-21;'")
    xml = tmp_path / "house_xml.ifc"
    xml.write_text('<?xml version="1.0"?><ifcXML/>')
    _raises(UnsupportedFormat, xml, "IFC-XML is not read")
    empty = tmp_path / "empty.ifc"
    empty.write_bytes(b"")
    _raises(InvalidFile, empty, "the file is empty")


def test_truncated_ifc(tmp_path, ifcopenshell):
    data = shared_data(FZK).read_bytes()
    path = tmp_path / "cut.ifc"
    path.write_bytes(data[: len(data) // 2])
    _raises(InvalidFile, path, "the file looks truncated: it does not end with 'END-ISO-10303-21;'")
    header_only = tmp_path / "header.json"  # wrong suffix on purpose: the content decides
    header_only.write_text("ISO-10303-21;\nHEADER;\nEND-ISO-10303-21;\n")
    _raises(InvalidFile, header_only, "not a readable IFC file")


def test_ifc_without_geometry(tmp_path, ifcopenshell):
    path = _write_ifc(tmp_path / "empty_project.ifc", geometry=False)
    error = _raises(InvalidFile, path, "the file has no building geometry")
    assert error.location == "DATA"


def test_ifc_georeferenced_with_no_crs_name(tmp_path, ifcopenshell):
    from importers import CrsRequired

    path = _write_ifc(tmp_path / "nocrs.ifc", map_conversion={"crs": "", "Eastings": X0, "Northings": Y0})
    _raises(CrsRequired, path, "does not name its coordinate reference system")


def test_ifc_without_ifcopenshell(tmp_path, monkeypatch):
    path = tmp_path / "house.ifc"
    path.write_text("ISO-10303-21;\nEND-ISO-10303-21;\n")
    monkeypatch.setitem(sys.modules, "ifcopenshell", None)  # import ifcopenshell now fails
    error = _raises(MissingDependency, path, "pip install 'maquette[ifc]'")
    assert error.package == "ifcopenshell" and error.extra == "ifc"


def test_a_gzipped_model_is_not_a_model(tmp_path):
    path = tmp_path / "box.obj.gz"
    path.write_bytes(gzip.compress(_box_file(tmp_path, "obj").read_bytes()))
    _raises(UnsupportedFormat, path, "gzip-compressed")


# --------------------------------------------------------------------------- before / after


def _boxes(centres_xy, size=10.0, height=12.0, project=None) -> City:
    builder = BuildingSetBuilder()
    box = trimesh.creation.box(extents=(size, size, height))
    box.apply_translation((0, 0, height / 2))
    for i, (cx, cy) in enumerate(centres_xy):
        surfaces = surface_types_from_normals(box.face_normals)
        attributes = {"project": True} if project == i else {}
        builder.add(f"b{i}", box.vertices + [cx, cy, 0.0], box.faces, surfaces, attributes)
    return City("boxes", buildings=builder.build())


def test_buildings_under_a_footprint():
    city = _boxes([(0, 0), (30, 0), (100, 0), (12, 8)], project=3)
    np.testing.assert_allclose(footprint_centres(city.buildings), [(0, 0), (30, 0), (100, 0), (12, 8)], atol=1e-9)
    square = np.array([[-10.0, -10], [40, -10], [40, 10], [-10, 10]])
    # The project model itself (b3) is never "under".
    assert buildings_under(city, square).tolist() == [True, True, False, False]
    with_hole = Polygon2D(square, [np.array([[25.0, -5], [35, -5], [35, 5], [25, 5]])])
    assert buildings_under(city, with_hole).tolist() == [True, False, False, False]
    two_parts = [Polygon2D(square * 0.2), Polygon2D(square * 0.2 + [100, 0])]
    assert buildings_under(city, two_parts).tolist() == [True, False, True, False]


def test_model_footprint_union_and_hull(tmp_path):
    # An L of two boxes: the union keeps the inner corner free, the hull covers it.
    move = trimesh.transformations.translation_matrix
    scene = trimesh.util.concatenate(
        [
            trimesh.creation.box(extents=(30, 10, 10), transform=move([15, 5, 5])),
            trimesh.creation.box(extents=(10, 30, 10), transform=move([5, 15, 5])),
        ]
    )
    path = tmp_path / "ell.stl"
    scene.export(path)
    city = read_model(path, placement=ModelPlacement(elevation_m=0.0))
    union = model_footprint(city.buildings, "ell")
    assert len(union) == 1 and union[0].area_m2 == pytest.approx(500.0, abs=1e-3)
    hull = model_footprint(city.buildings, "ell", convex_hull=True)
    assert hull[0].area_m2 == pytest.approx(500.0 + 0.5 * 20 * 20, abs=1e-6)


def test_project_model_in_the_demo_city(tmp_path, demo_city):
    """Before/after: a 40 m box put on a demo building hides it, keeps its attributes and sits on the terrain."""
    target = demo_city.buildings
    centres = demo_city.frame.to_world(np.column_stack([footprint_centres(target), np.zeros(len(target))]))
    chosen = len(target) // 2
    x, y = centres[chosen, :2]
    path = _box_file(tmp_path, "glb", extents=(40.0, 30.0, 40.0), name="projet_lot_b")
    model = read_model(path, placement=ModelPlacement(x=x - 20.0, y=y + 20.0, up_axis="y"))
    merged = add_layers(demo_city, model)

    b = merged.buildings
    assert len(b) == len(target) + 1
    index = b.index_of("projet_lot_b")
    assert b.attributes_of(index)["project"] is True and b.attributes_of(index)["source_file"] == "projet_lot_b.glb"
    assert "project" not in b.attributes_of(0)
    # elevation_m None: the lowest point was at z = 0, add_layers set it on the terrain.
    lowest = b.vertices[b[index].triangles.ravel(), 2].min()
    assert demo_city.terrain is not None and lowest > 1.0

    hidden = buildings_under(merged, model_footprint(b, index))
    assert hidden[chosen] and not hidden[index]
    inside = footprint_centres(b)[hidden]
    x0, y0 = merged.frame.to_local(np.array([[x - 20.0, y + 20.0]]))[0]
    # The glTF box (y up): 40 m east (+x), 30 m high (+y), 40 m south (+z) of its origin.
    assert np.all((inside[:, 0] >= x0) & (inside[:, 0] <= x0 + 40) & (inside[:, 1] <= y0) & (inside[:, 1] >= y0 - 40))
    assert b[index].height_m == pytest.approx(30.0)
