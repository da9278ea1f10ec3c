"""IFC georeferencing: IfcMapConversion (and IFC 4.3's IfcRigidOperation) after a WorldCoordinateSystem, map
units other than metres, TrueNorth.

Each file is a 10 x 6 x 3 m box, drawn in millimetres from the products' origin, with a map
conversion at a known Lambert-93 point; the tests assert where its corners land in Lambert-93,
worked out by hand and checked against ifcopenshell.util.geolocation.auto_xyz2enh.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pyproj import Proj, Transformer

from city.model import City
from importers import CrsRequired, InvalidFile, UnsupportedFormat, open_city
from importers.ifc import read_ifc
from tests.importers.ifc_helpers import body_context, box_mesh, ifc2x3_mesh_file

X0, Y0, H0 = 652_000.0, 6_862_000.0, 35.0  # Lambert-93, Paris 17e; NGF-IGN69 altitude
FOOT_M = 0.3048
BOX_M = (10.0, 6.0, 3.0)
CORNERS_M = np.array([(0.0, 0.0, 0.0), (10.0, 0.0, 0.0), (10.0, 6.0, 0.0), (0.0, 6.0, 0.0), (0.0, 0.0, 3.0)])

ifcopenshell = pytest.importorskip("ifcopenshell")


def _box_ifc(
    path: Path,
    *,
    conversion: dict[str, Any] | None = None,
    crs: str = "EPSG:2154",
    map_unit: str | None = None,
    wcs: dict[str, float] | None = None,
    true_north: tuple[float, float] | None = None,
    site_reference: tuple[tuple[int, ...], tuple[int, ...]] | None = None,
    version: str = "IFC4",
    operation: str = "IfcMapConversion",
) -> Path:
    """An IFC4 (or ``version``) file in millimetres: one proxy, a box from the origin to ``BOX_M``.

    conversion: attributes of the ``operation`` (IfcMapConversion or IfcRigidOperation; map units; a
    (type, number) tuple is that IFC measure). map_unit: ``"foot"``, or ``"radian"`` for a broken one.
    wcs: georeference.edit_wcs arguments (metres, degrees anticlockwise). true_north: the
    model context's TrueNorth. site_reference: the IfcSite's RefLatitude and RefLongitude.
    """
    from ifcopenshell.api import run

    f = run("project.create_file", version=version)
    project = run("root.create_entity", f, ifc_class="IfcProject", name="Box")
    run("unit.assign_unit", f, units=[run("unit.add_si_unit", f, unit_type="LENGTHUNIT", prefix="MILLI")])
    body = body_context(f)
    site = run("root.create_entity", f, ifc_class="IfcSite", name="Site")
    building = run("root.create_entity", f, ifc_class="IfcBuilding", name="Box")
    run("aggregate.assign_object", f, relating_object=project, products=[site])
    run("aggregate.assign_object", f, relating_object=site, products=[building])
    v, faces = box_mesh((0, 0, 0), BOX_M)
    proxy = run("root.create_entity", f, ifc_class="IfcBuildingElementProxy", name="box")
    representation = run("geometry.add_mesh_representation", f, context=body, vertices=[v], faces=[faces])
    run("geometry.assign_representation", f, product=proxy, representation=representation)
    run("geometry.edit_object_placement", f, product=proxy, matrix=np.eye(4))
    run("spatial.assign_container", f, relating_structure=building, products=[proxy])
    if wcs is not None:
        run("georeference.edit_wcs", f, **wcs)
    if true_north is not None:
        run("georeference.edit_true_north", f, true_north=true_north)
    if site_reference is not None:
        site.RefLatitude, site.RefLongitude = site_reference
    if conversion is not None:
        run("georeference.add_georeferencing", f, ifc_class=operation)
        entity = f.by_type(operation)[0]
        for key, value in conversion.items():
            setattr(entity, key, f.create_entity(*value) if isinstance(value, tuple) else value)
        entity.TargetCRS.Name = crs
        if map_unit == "foot":
            entity.TargetCRS.MapUnit = run("unit.add_conversion_based_unit", f, name="foot")
        elif map_unit is not None:
            entity.TargetCRS.MapUnit = run("unit.add_si_unit", f, unit_type="PLANEANGLEUNIT")
    f.write(str(path))
    return path


def _corners(city: City) -> np.ndarray:
    """Lambert-93 x, y, z of the city's vertices (the box's corners)."""
    return city.frame.to_world(city.buildings.vertices)


def _assert_corners(city: City, expected: np.ndarray) -> None:
    world = _corners(city)
    for corner in expected:
        distance = np.linalg.norm(world - corner, axis=1).min()
        assert distance < 1e-6, f"no vertex at {corner.tolist()} (nearest {distance:.3g} m away)"
    # Eight corners of a box and nothing else.
    assert len(np.unique(np.round(world, 6), axis=0)) == 8


def _library_corners(path: Path, unit_m: float) -> np.ndarray:
    """The corners mapped by ifcopenshell.util.geolocation (map units), as a reference."""
    import ifcopenshell.util.geolocation as geolocation

    f = ifcopenshell.open(str(path))
    return np.array([geolocation.auto_xyz2enh(f, *(c / 0.001)) for c in CORNERS_M]) * unit_m


def test_wcs_offset_is_taken_away_before_the_map_conversion(tmp_path):
    # The context's system starts 100 m east, 50 m north and 2 m up of the products' origin:
    # the box's corner (0, 0, 0) is at (-100, -50, -2) in it, which the conversion puts at (X0, Y0, H0) + that.
    path = _box_ifc(
        tmp_path / "offset.ifc",
        conversion={"Eastings": X0, "Northings": Y0, "OrthogonalHeight": H0, "Scale": 0.001},
        wcs={"x": 100.0, "y": 50.0, "z": 2.0},
    )
    city = open_city(path)
    expected = CORNERS_M + [X0 - 100.0, Y0 - 50.0, H0 - 2.0]
    _assert_corners(city, expected)
    np.testing.assert_allclose(_library_corners(path, 1.0), expected, atol=1e-9)
    placement = json.loads(city.buildings.attributes_of(0)["placement"])
    assert placement["x"] == pytest.approx(X0 - 100.0) and placement["y"] == pytest.approx(Y0 - 50.0)
    assert placement["elevation_m"] == pytest.approx(H0 - 2.0) and placement["scale"] == pytest.approx(0.001)


def test_wcs_rotation_turns_the_model_before_the_map_conversion(tmp_path):
    # The context's x axis is the products' +y (90 degrees anticlockwise), its origin at (100, 50) m:
    # a product point (px, py) is (py - 50, 100 - px) in the context, so the box's 10 m along x run
    # south on the map and its 6 m along y run east.
    path = _box_ifc(
        tmp_path / "turned.ifc",
        conversion={"Eastings": X0, "Northings": Y0, "OrthogonalHeight": H0, "Scale": 0.001},
        wcs={"x": 100.0, "y": 50.0, "rotation": 90.0},
    )
    city = open_city(path)
    px, py, pz = CORNERS_M.T
    expected = np.column_stack([X0 + py - 50.0, Y0 + 100.0 - px, H0 + pz])
    _assert_corners(city, expected)
    np.testing.assert_allclose(_library_corners(path, 1.0), expected, atol=1e-9)
    world = _corners(city)
    np.testing.assert_allclose(world.min(axis=0), [X0 - 50.0, Y0 + 90.0, H0], atol=1e-6)
    np.testing.assert_allclose(world.max(axis=0), [X0 - 44.0, Y0 + 100.0, H0 + 3.0], atol=1e-6)
    assert json.loads(city.buildings.attributes_of(0)["placement"])["rotation_deg"] == pytest.approx(90.0)


def test_map_conversion_rotation_after_a_turned_wcs(tmp_path):
    # XAxisAbscissa/XAxisOrdinate: the context's x axis points 30 degrees north of east on the map.
    angle = math.radians(30.0)
    conversion = {"Eastings": X0, "Northings": Y0, "OrthogonalHeight": H0, "Scale": 0.001}
    conversion.update(XAxisAbscissa=math.cos(angle), XAxisOrdinate=math.sin(angle))
    city = open_city(_box_ifc(tmp_path / "xaxis.ifc", conversion=conversion))
    px, py, pz = CORNERS_M.T
    c, s = math.cos(angle), math.sin(angle)
    _assert_corners(city, np.column_stack([X0 + c * px - s * py, Y0 + s * px + c * py, H0 + pz]))
    assert json.loads(city.buildings.attributes_of(0)["placement"])["rotation_deg"] == pytest.approx(-30.0)

    # With the WCS turned 90 degrees as well: the box turns -90 into the context, then +30 onto the map.
    path = _box_ifc(tmp_path / "both.ifc", conversion=conversion, wcs={"rotation": 90.0})
    city = open_city(path)
    c, s = math.cos(math.radians(-60.0)), math.sin(math.radians(-60.0))
    expected = np.column_stack([X0 + c * px - s * py, Y0 + s * px + c * py, H0 + pz])
    _assert_corners(city, expected)
    np.testing.assert_allclose(_library_corners(path, 1.0), expected, atol=1e-9)


def test_map_unit_in_feet(tmp_path):
    # Eastings, Northings and OrthogonalHeight in feet; Scale turns millimetres into feet.
    conversion = {"Eastings": X0 / FOOT_M, "Northings": Y0 / FOOT_M, "OrthogonalHeight": H0 / FOOT_M}
    path = _box_ifc(tmp_path / "feet.ifc", conversion=conversion | {"Scale": 0.001 / FOOT_M}, map_unit="foot")
    city = open_city(path)
    expected = CORNERS_M + [X0, Y0, H0]
    _assert_corners(city, expected)
    np.testing.assert_allclose(_library_corners(path, FOOT_M), expected, atol=1e-6)
    attributes = city.buildings.attributes_of(0)
    assert attributes["units"] == "mm" and json.loads(attributes["placement"])["scale"] == pytest.approx(0.001)

    # No Scale: the file's millimetres are converted to the map's feet, and a note says so.
    city = open_city(_box_ifc(tmp_path / "feet_no_scale.ifc", conversion=conversion, map_unit="foot"))
    _assert_corners(city, expected)
    assert "IfcMapConversion has no Scale: the file's unit (mm) converted to the map unit (ft)" in (
        city.import_report.notes
    )


def test_map_conversion_in_a_foot_crs_without_map_unit(tmp_path):
    # EPSG:2263 (New York Long Island, US survey feet): with no MapUnit, Eastings and Northings are
    # in the CRS's own unit, and Scale turns millimetres into it.
    us_foot_m = 1200.0 / 3937.0
    lon, lat = -73.9857, 40.7484
    e, n = Transformer.from_crs("EPSG:4326", "EPSG:2263", always_xy=True).transform(lon, lat)
    conversion = {"Eastings": e, "Northings": n, "OrthogonalHeight": 0.0, "Scale": 0.001 / us_foot_m}
    city = open_city(_box_ifc(tmp_path / "nyc.ifc", conversion=conversion, crs="EPSG:2263"))
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True).transform(lon, lat)
    placement = json.loads(city.buildings.attributes_of(0)["placement"])
    assert placement["x"] == pytest.approx(x, abs=1e-3) and placement["y"] == pytest.approx(y, abs=1e-3)
    assert placement["scale"] == pytest.approx(0.001, rel=1e-9)
    # Reprojected to Lambert-93 so far away, the box turns (meridian convergence) but keeps its size.
    world = _corners(city)
    across = np.linalg.norm(world[:, None, :2] - world[None, :, :2], axis=2).max()
    assert across == pytest.approx(math.hypot(10.0, 6.0), abs=1e-6)
    assert np.ptp(world[:, 2]) == pytest.approx(3.0, abs=1e-9)


def test_true_north_is_not_added_to_a_map_conversion(tmp_path):
    # IFC: with a map conversion, TrueNorth is informative only. Here it says north is the model's +x.
    conversion = {"Eastings": X0, "Northings": Y0, "OrthogonalHeight": H0, "Scale": 0.001}
    city = open_city(_box_ifc(tmp_path / "north.ifc", conversion=conversion, true_north=(1.0, 0.0)))
    _assert_corners(city, CORNERS_M + [X0, Y0, H0])


def test_site_reference_true_north_in_a_turned_wcs(tmp_path):
    # No map conversion: the IfcSite reference point and TrueNorth place the box. TrueNorth (0, 1) is
    # the context's +y, which a WCS turned 90 degrees anticlockwise makes the products' -x.
    latitude, longitude = (48, 53, 0, 0), (2, 18, 0, 0)
    path = _box_ifc(tmp_path / "site.ifc", true_north=(0.0, 1.0), site_reference=(latitude, longitude))
    unturned = json.loads(open_city(path).buildings.attributes_of(0)["placement"])
    path = _box_ifc(
        tmp_path / "site_turned.ifc", true_north=(0.0, 1.0), site_reference=(latitude, longitude), wcs={"rotation": 90}
    )
    turned = json.loads(open_city(path).buildings.attributes_of(0)["placement"])
    convergence = Proj("EPSG:2154").get_factors(2.3, 48 + 53 / 60).meridian_convergence
    assert unturned["rotation_deg"] == pytest.approx(-convergence, abs=1e-6)
    # Clockwise 90: the products' -x goes north.
    assert turned["rotation_deg"] == pytest.approx(90.0 - convergence, abs=1e-6)
    assert (turned["x"], turned["y"]) == pytest.approx((unturned["x"], unturned["y"]), abs=1e-6)


def test_ifc4x3_rigid_operation_places_the_model_like_a_map_conversion(tmp_path):
    # IFC 4.3: FirstCoordinate, SecondCoordinate and Height are Eastings, Northings and OrthogonalHeight,
    # with no rotation and no scale: the file's millimetres land on the map's metres, after the WCS offset.
    rigid = {"FirstCoordinate": ("IfcLengthMeasure", X0), "SecondCoordinate": ("IfcLengthMeasure", Y0), "Height": H0}
    path = _box_ifc(
        tmp_path / "rigid.ifc", conversion=rigid, wcs={"x": 100.0, "y": 50.0}, version="IFC4X3",
        operation="IfcRigidOperation",
    )
    assert ifcopenshell.open(str(path)).schema == "IFC4X3"
    city = open_city(path)
    assert city.import_report.format == "IFC IFC4X3"
    _assert_corners(city, CORNERS_M + [X0 - 100.0, Y0 - 50.0, H0])
    attributes = city.buildings.attributes_of(0)
    assert attributes["placed"] and attributes["placement_from"] == "IfcRigidOperation (EPSG:2154)"
    placement = json.loads(attributes["placement"])
    assert placement["rotation_deg"] == 0.0 and placement["scale"] == pytest.approx(0.001)
    assert placement["elevation_m"] == pytest.approx(H0)
    assert "IfcRigidOperation has no Scale: the file's unit (mm) converted to the map unit (m)" in (
        city.import_report.notes
    )

    # The same numbers as an IfcMapConversion with Scale 0.001 put the box at the same place.
    conversion = {"Eastings": X0, "Northings": Y0, "OrthogonalHeight": H0, "Scale": 0.001}
    same = open_city(_box_ifc(tmp_path / "map.ifc", conversion=conversion, wcs={"x": 100.0, "y": 50.0}))
    np.testing.assert_allclose(_corners(city), _corners(same), atol=1e-9)


def test_ifc4x3_rigid_operation_in_plane_angles_is_not_read(tmp_path):
    # Plane angles: a geographic target CRS, which this reader does not place from; a note says why.
    rigid = {"FirstCoordinate": ("IfcPlaneAngleMeasure", 2.3), "SecondCoordinate": ("IfcPlaneAngleMeasure", 48.9)}
    path = _box_ifc(tmp_path / "angles.ifc", conversion=rigid, version="IFC4X3", operation="IfcRigidOperation")
    (operation_id,) = _ids(path, "IfcRigidOperation")
    city = open_city(path)
    attributes = city.buildings.attributes_of(0)
    assert not attributes["placed"] and attributes["placement_from"] == "not georeferenced"
    assert (
        f"IfcRigidOperation #{operation_id} is not read: its coordinates are IfcPlaneAngleMeasure and "
        "IfcPlaneAngleMeasure, not lengths in a projected CRS; the model is not placed from it"
    ) in city.import_report.notes


def test_ifc4x3_rigid_operation_without_a_crs_asks_for_one(tmp_path):
    rigid = {"FirstCoordinate": ("IfcLengthMeasure", X0), "SecondCoordinate": ("IfcLengthMeasure", Y0)}
    path = _box_ifc(tmp_path / "nocrs.ifc", conversion=rigid, crs="", version="IFC4X3", operation="IfcRigidOperation")
    message = _raises(CrsRequired, path, "the file's IfcRigidOperation does not name its coordinate reference system")
    assert "give one (e.g. EPSG:2154)" in message
    city = read_ifc(path, crs="EPSG:2154")
    assert city.import_report.crs_from == "caller"
    _assert_corners(city, CORNERS_M + [X0, Y0, 0.0])


# --------------------------------------------------------------------------- bad georeferencing


def _raises(error: type[Exception], path: Path, *fragments: str) -> str:
    with pytest.raises(error) as info:
        read_ifc(path)
    message = str(info.value)
    assert message.startswith(path.name + ": "), message
    for fragment in fragments:
        assert fragment in message, message
    return message


def _ids(path: Path, ifc_class: str) -> list[int]:
    return [e.id() for e in ifcopenshell.open(str(path)).by_type(ifc_class)]


@pytest.mark.parametrize("scale", [0.0, -0.001])
def test_map_conversion_scale_not_positive(tmp_path, scale):
    conversion = {"Eastings": X0, "Northings": Y0, "OrthogonalHeight": H0, "Scale": scale}
    path = _box_ifc(tmp_path / "zero_scale.ifc", conversion=conversion)
    (conversion_id,) = _ids(path, "IfcMapConversion")
    _raises(InvalidFile, path, f"IfcMapConversion #{conversion_id}: Scale is {scale!r}; it must be a positive number")


def test_map_unit_that_is_not_a_length(tmp_path):
    conversion = {"Eastings": X0, "Northings": Y0, "OrthogonalHeight": H0, "Scale": 0.001}
    path = _box_ifc(tmp_path / "radians.ifc", conversion=conversion, map_unit="radian")
    (crs_id,) = _ids(path, "IfcProjectedCRS")
    unit_id = ifcopenshell.open(str(path)).by_id(crs_id).MapUnit.id()
    _raises(
        InvalidFile,
        path,
        f"IfcProjectedCRS #{crs_id}: its MapUnit IfcSIUnit #{unit_id} is a PLANEANGLEUNIT, not a length unit",
    )


def test_tilted_world_coordinate_system(tmp_path):
    conversion = {"Eastings": X0, "Northings": Y0, "OrthogonalHeight": H0, "Scale": 0.001}
    path = _box_ifc(tmp_path / "tilted.ifc", conversion=conversion)
    f = ifcopenshell.open(str(path))
    context = next(c for c in f.by_type("IfcGeometricRepresentationContext", include_subtypes=False))
    context.WorldCoordinateSystem = f.createIfcAxis2Placement3D(
        f.createIfcCartesianPoint((0.0, 0.0, 0.0)), f.createIfcDirection((0.0, 1.0, 0.0)), None
    )
    f.write(str(path))
    wcs_id = context.WorldCoordinateSystem.id()
    _raises(
        UnsupportedFormat,
        path,
        f"IfcGeometricRepresentationContext #{context.id()}: its WorldCoordinateSystem IfcAxis2Placement3D "
        f"#{wcs_id} tilts the model's vertical axis",
    )


def _ifc2x3_box(path: Path, monkeypatch: pytest.MonkeyPatch, conversion: dict[str, float]) -> Path:
    """An IFC2X3 file in metres, the box with its WCS 100 m east, and an ePSet_MapConversion on its project."""
    v, faces = box_mesh((0, 0, 0), BOX_M)
    return ifc2x3_mesh_file(path, monkeypatch, v, faces, conversion, wcs_x=100.0)


def test_ifc2x3_property_sets_after_the_wcs(tmp_path, monkeypatch):
    conversion = {"Eastings": X0, "Northings": Y0, "OrthogonalHeight": H0}
    city = open_city(_ifc2x3_box(tmp_path / "old.ifc", monkeypatch, conversion))
    assert city.import_report.format == "IFC IFC2X3"
    _assert_corners(city, CORNERS_M + [X0 - 100.0, Y0, H0])

    path = _ifc2x3_box(tmp_path / "old_zero.ifc", monkeypatch, conversion | {"Scale": 0.0})
    psets = ifcopenshell.open(str(path)).by_type("IfcPropertySet")
    pset_id = next(p.id() for p in psets if p.Name == "ePSet_MapConversion")
    _raises(InvalidFile, path, f"IfcPropertySet ePSet_MapConversion #{pset_id}: Scale is 0.0; it must be a positive")
