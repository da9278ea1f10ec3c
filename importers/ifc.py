"""IFC 2x3 / IFC4 building models (STEP files) -> :class:`city.model.City`, with ifcopenshell.

An architect's design imported as one building (see
:mod:`importers._project_model`): the id is the GlobalId of the file's
IfcBuilding (the file's stem when it has none or several), with the
attributes ``project`` (True), ``source_file``, ``units``, ``placed``,
``placement_from``, ``placement`` (the :class:`~city.placement.ModelPlacement`
as JSON), ``name``, ``ifc_project`` and ``ifc_building`` (their names) and
``ifc_schema``. ifcopenshell is an optional dependency (``maquette[ifc]``);
without it, :class:`~importers.errors.MissingDependency` says how to install it.

Geometry
--------
ifcopenshell.geom meshes every product's body in world coordinates, in the
file's units (``convert-back-units``: the placement's scale converts, so the
user can override it), openings cut. Spaces, openings, the site's terrain,
annotations, grids and virtual elements are not part of the building: skipped
and counted by type, like products that yield no body geometry.

Surface types
-------------
By entity: IfcRoof (and what it aggregates) and IfcSlab ``ROOF`` are ROOF;
IfcWall (IfcWallStandardCase...), IfcCurtainWall (and its parts), IfcWindow
and IfcDoor are WALL; IfcSlab ``BASESLAB``, and ``FLOOR`` in the lowest
storey, are GROUND. Every other triangle is typed by which way it faces
(:func:`~importers._project_model.surface_types_from_normals`).

Placement
---------
Without ``placement``: the file's IfcMapConversion (IFC4; the
``ePSet_MapConversion`` property set in IFC2x3) maps the model context's
coordinate system (after its WorldCoordinateSystem: offset and turn about the
vertical; a tilted one is refused) to the map: origin (Eastings, Northings,
OrthogonalHeight, in the IfcProjectedCRS's MapUnit, else the CRS's own unit),
rotation (XAxisAbscissa, XAxisOrdinate) and scale (Scale, project units to map
units; the file's unit converted to the map unit when absent), in the CRS its
IfcProjectedCRS names (``crs=`` overrides it), reprojected to Lambert-93
(rotation corrected for the difference of norths). IFC 4.3's IfcRigidOperation
is read the same way: FirstCoordinate, SecondCoordinate and Height (lengths)
as Eastings, Northings and OrthogonalHeight, no rotation, and no scale but the
file's unit converted to the map unit (one with plane angles, for a geographic
CRS, is not read: a note says so). TrueNorth is then ignored, as IFC says.
Failing that, the IfcSite's RefLatitude, RefLongitude and RefElevation with
the model context's TrueNorth (in the WCS's axes) place it approximately
(``placement_from`` and a note say so). Failing that, the model is not placed (``placed`` False, a note "not
georeferenced: place it"). A (0, 0) map conversion or site reference is taken
as a placeholder, not a position. The IFC unit comes from IfcUnitAssignment.
"""

from __future__ import annotations

import math
from dataclasses import replace
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from city.crs import WORKING_CRS
from city.model import City, SurfaceType
from city.placement import ModelPlacement, apply_placement, placement_in_lambert93
from importers._common import CancelCallback, ProgressCallback, Steps, horizontal_crs
from importers._project_model import BY_NORMAL, build_model_city, to_lambert93, unit_name
from importers.errors import CrsRequired, ImporterError, InvalidFile, MissingDependency, UnsupportedFormat
from importers.report import ImportReport

SKIPPED_TYPES = (
    "IfcSpace",
    "IfcOpeningElement",
    "IfcSite",
    "IfcAnnotation",
    "IfcGrid",
    "IfcVirtualElement",
)
"""Products with geometry that is not the building's: air volumes, voids, the plot's terrain, drawings."""

WALL_TYPES = ("IfcWall", "IfcCurtainWall", "IfcWindow", "IfcDoor")

MESH_THREADS = 1
"""ifcopenshell.geom threads. One keeps the products in file order; more were slower on a 2-core machine."""

_HEAD_BYTES = 1024
_TAIL_BYTES = 4096


def read_ifc(
    path: str | PathLike[str],
    *,
    crs: str | None = None,
    placement: ModelPlacement | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> City:
    """Read an IFC file (STEP) into a city of one building.

    Parameters
    ----------
    path : path-like
    crs : str, optional
        With ``placement``: the CRS of its x, y when not Lambert-93. Without:
        the CRS of the file's IfcMapConversion, overriding its IfcProjectedCRS.
    placement : ModelPlacement, optional
        Where the model goes, overriding the file's georeferencing.
    progress : callable(fraction, message), optional
    cancel : callable() -> bool, optional
        Polled between products; True raises :class:`~importers.errors.Cancelled`.

    Returns
    -------
    City
        One building, with ``city.import_report``.

    Raises
    ------
    MissingDependency, InvalidFile, UnsupportedFormat, CrsRequired, Cancelled
    """
    path = Path(path)
    steps = Steps(path, progress, cancel)
    steps(0.0, f"reading {path.name}")
    _check_step_file(path)  # first: a file that is not IFC is said so, even without ifcopenshell
    try:
        import ifcopenshell
        import ifcopenshell.geom
        import ifcopenshell.util.element
        import ifcopenshell.util.placement
        import ifcopenshell.util.unit
    except ModuleNotFoundError:
        raise MissingDependency(path, "ifcopenshell", "ifc") from None
    try:
        model = ifcopenshell.open(str(path))
    except Exception as e:
        # ifcopenshell.Error for a bad header, RuntimeError or others from the parser.
        message = str(e) or type(e).__name__
        if "schema" in message.lower():
            raise UnsupportedFormat(path, f"IFC schema not supported ({message})") from None
        raise InvalidFile(path, f"not a readable IFC file ({message})") from None
    report = ImportReport(source=path.name, format=f"IFC {model.schema}", kind="buildings")
    unit_scale = _unit_scale(model, report)

    steps(0.1, "meshing IFC products")
    vertices, triangles, surface = _mesh(path, model, report, steps)

    if placement is not None:
        placement = to_lambert93(path, placement, crs)
        report.source_crs = crs or WORKING_CRS
        report.crs_from = "caller"
        placed, placement_from = True, "caller"
    else:
        found = _map_conversion(path, model, unit_scale, crs, report) or _site_reference(
            path, model, unit_scale, report
        )
        if found is not None:
            placement, placement_from = found
            placed = True
        else:
            placement = ModelPlacement(scale=unit_scale, up_axis="z")
            placed, placement_from = False, "not georeferenced"
            report.notes.append("not georeferenced: place it (the model's origin is at the frame's origin, 0, 0)")

    building_id, attributes = _identity(path, model)
    report.notes.append(f"IFC units: {unit_name(unit_scale)}")
    return build_model_city(
        path,
        vertices,
        triangles,
        surface,
        placement,
        placed=placed,
        placement_from=placement_from,
        building_id=building_id,
        attributes=attributes,
        report=report,
        steps=steps,
    )


# --------------------------------------------------------------------------- reading


def _check_step_file(path: Path) -> None:
    """An IFC file is STEP text: ``ISO-10303-21;`` first, ``END-ISO-10303-21;`` last (else truncated)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - _TAIL_BYTES))
            tail = fh.read()
    except FileNotFoundError:
        raise ImporterError(path, "no such file") from None
    except IsADirectoryError:
        raise ImporterError(path, "is a folder, not a file") from None
    except OSError as e:
        raise ImporterError(path, f"cannot be read ({e.strerror or e})") from None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        raise InvalidFile(path, "the file is empty", location="byte 0")
    if text.startswith(b"PK\x03\x04"):
        raise UnsupportedFormat(path, "a zipped IFC (ifcZIP) is not read: unzip it and open the .ifc inside")
    if text.startswith(b"<"):
        raise UnsupportedFormat(path, "IFC-XML is not read: export the model as IFC (STEP, .ifc)")
    if not text.startswith(b"ISO-10303-21"):
        raise InvalidFile(path, "not an IFC file: IFC (STEP) text starts with 'ISO-10303-21;'", location="byte 0")
    if b"END-ISO-10303-21" not in tail:
        raise InvalidFile(
            path, "the file looks truncated: it does not end with 'END-ISO-10303-21;'", location=f"byte {size}"
        )


def _unit_scale(model: Any, report: ImportReport) -> float:
    """Metres per file length unit (IfcUnitAssignment); 1 with a note when the file has none."""
    import ifcopenshell.util.unit

    try:
        scale = float(ifcopenshell.util.unit.calculate_unit_scale(model))
    except Exception:  # no IfcProject or no length unit: ifcopenshell fails in various ways
        scale = float("nan")
    if not (math.isfinite(scale) and scale > 0):
        report.notes.append("the file declares no length unit: metres assumed")
        return 1.0
    return scale


def _mesh(path: Path, model: Any, report: ImportReport, steps: Steps) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(vertices (v, 3) float64 file units, triangles (t, 3) int64, surface (t,) uint8) of every product's body."""
    import ifcopenshell.geom

    storeys = model.by_type("IfcBuildingStorey")
    lowest = min(storeys, key=_storey_height).id() if storeys else None

    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    settings.set("convert-back-units", True)
    vertex_parts: list[np.ndarray] = []
    triangle_parts: list[np.ndarray] = []
    surface_parts: list[np.ndarray] = []
    meshed: set[int] = set()
    offset = 0
    iterator = ifcopenshell.geom.iterator(settings, model, MESH_THREADS, exclude=list(SKIPPED_TYPES))
    if iterator.initialize():
        while True:
            shape = iterator.get()
            steps(0.1 + 0.75 * iterator.progress() / 100.0, "meshing IFC products")
            element = model.by_id(shape.id)
            geometry = shape.geometry
            v = np.frombuffer(geometry.verts_buffer, dtype=np.float64).reshape(-1, 3)
            t = np.frombuffer(geometry.faces_buffer, dtype=np.int32).reshape(-1, 3).astype(np.int64)
            if len(t):
                if t.min() < 0 or t.max() >= len(v):  # never seen: ifcopenshell's own output, but cheap to check
                    raise InvalidFile(path, f"{element.is_a()} #{element.id()}: meshed into bad triangles")
                vertex_parts.append(v.copy())
                triangle_parts.append(t + offset)
                surface_parts.append(np.full(len(t), _surface_of(element, lowest), dtype=np.uint8))
                offset += len(v)
                meshed.add(element.id())
                report.imported[element.is_a()] += 1
            if not iterator.next():
                break

    for product in model.by_type("IfcProduct"):
        if product.Representation is None or product.id() in meshed:
            continue
        kind = product.is_a()
        if any(product.is_a(s) for s in SKIPPED_TYPES):
            report.skipped[kind] += 1
        else:
            report.skipped[f"{kind} without body geometry"] += 1
    if not triangle_parts:
        raise InvalidFile(path, "the file has no building geometry (no product with a body to mesh)", location="DATA")
    return np.concatenate(vertex_parts), np.concatenate(triangle_parts), np.concatenate(surface_parts)


def _storey_height(storey: Any) -> float:
    if storey.Elevation is not None:
        return float(storey.Elevation)
    import ifcopenshell.util.placement

    if storey.ObjectPlacement is not None:
        return float(ifcopenshell.util.placement.get_local_placement(storey.ObjectPlacement)[2, 3])
    return 0.0


def _predefined_type(element: Any) -> str | None:
    """The element's own PredefinedType, else its type object's (IFC4 puts it on either)."""
    import ifcopenshell.util.element

    own = getattr(element, "PredefinedType", None)
    if own not in (None, "NOTDEFINED", "USERDEFINED"):
        return own
    return ifcopenshell.util.element.get_predefined_type(element)


def _surface_of(element: Any, lowest_storey: int | None) -> int:
    """SurfaceType of every triangle of an element, or BY_NORMAL (see the module docstring)."""
    import ifcopenshell.util.element

    if element.is_a("IfcRoof"):
        return SurfaceType.ROOF
    if any(element.is_a(t) for t in WALL_TYPES):
        return SurfaceType.WALL
    if element.is_a("IfcSlab"):
        kind = _predefined_type(element)
        if kind == "ROOF":
            return SurfaceType.ROOF
        if kind == "BASESLAB":
            return SurfaceType.GROUND
        container = ifcopenshell.util.element.get_container(element)
        if kind == "FLOOR" and container is not None and container.id() == lowest_storey:
            return SurfaceType.GROUND
    whole = ifcopenshell.util.element.get_aggregate(element)
    if whole is not None:
        if whole.is_a("IfcRoof"):
            return SurfaceType.ROOF
        if whole.is_a("IfcCurtainWall"):
            return SurfaceType.WALL
    return BY_NORMAL


def _identity(path: Path, model: Any) -> tuple[str, dict[str, Any]]:
    """(building id, attributes): the IfcBuilding's GlobalId when there is exactly one, else the file's stem."""
    projects = model.by_type("IfcProject")
    buildings = model.by_type("IfcBuilding")
    project_name = (projects[0].Name or projects[0].LongName) if projects else None
    attributes: dict[str, Any] = {"ifc_schema": model.schema}
    if project_name:
        attributes["ifc_project"] = project_name
    if len(buildings) == 1:
        building = buildings[0]
        if building.Name:
            attributes["ifc_building"] = building.Name
        attributes["name"] = building.Name or project_name or path.stem
        return str(building.GlobalId), attributes
    attributes["name"] = project_name or path.stem
    return path.stem, attributes


# --------------------------------------------------------------------------- georeferencing


_MAP_CONVERSION_NUMBERS = (
    "Eastings",
    "Northings",
    "OrthogonalHeight",
    "XAxisAbscissa",
    "XAxisOrdinate",
    "Scale",
    "FactorX",
    "FactorY",
    "FactorZ",
)
_POSITIVE = ("Scale", "FactorX", "FactorY", "FactorZ")
_SAME_SCALE_RTOL = 1e-9
_VERTICAL_TOLERANCE = 1e-9
"""The WCS's z axis may lean this much (sine of the angle) and still be the vertical: float noise, not a tilt."""


def _map_conversion(
    path: Path, model: Any, unit_scale: float, crs: str | None, report: ImportReport
) -> tuple[ModelPlacement, str] | None:
    """The placement an IfcMapConversion (an IfcRigidOperation, or IFC2x3 ``ePSet_MapConversion``) gives, or None.

    IFC4 maps the coordinate system of the model context (the one its
    WorldCoordinateSystem establishes) to the map: a point as the products'
    placements put it (what ifcopenshell.geom returns) is first expressed in
    that system (the inverse of the WCS), then scaled (Scale: project units to
    map units), rotated (XAxisAbscissa, XAxisOrdinate) and moved (Eastings,
    Northings, OrthogonalHeight, in map units: IfcProjectedCRS.MapUnit). That
    is what ``ifcopenshell.util.geolocation.auto_xyz2enh`` computes; here its
    parts (``get_wcs``, ``get_helmert_transformation_parameters``,
    ``xyz2enh``) give the images of the model's origin and axes, read back as
    one :class:`ModelPlacement` in metres. TrueNorth is not used: IFC says it
    is informative only when a map conversion exists.
    """
    import ifcopenshell.util.element
    import ifcopenshell.util.geolocation as geolocation

    crs_name: str | None = None
    map_unit: Any = None
    label = "IfcMapConversion"
    if model.schema == "IFC2X3":
        projects = model.by_type("IfcProject")
        values = ifcopenshell.util.element.get_pset(projects[0], "ePSet_MapConversion") if projects else None
        if not values:
            return None
        projected = ifcopenshell.util.element.get_pset(projects[0], "ePSet_ProjectedCRS") or {}
        crs_name, map_unit = projected.get("Name"), projected.get("MapUnit")
        where = f"IfcPropertySet ePSet_MapConversion #{values.get('id')}"
        crs_where = f"IfcPropertySet ePSet_ProjectedCRS #{projected.get('id')}" if projected else "ePSet_ProjectedCRS"
    else:
        operations = model.by_type("IfcCoordinateOperation")
        if not operations:
            return None
        conversion = operations[0]  # the one ifcopenshell.util.geolocation reads
        where = f"{conversion.is_a()} #{conversion.id()}"
        if conversion.is_a("IfcRigidOperation"):
            label = "IfcRigidOperation"
            values = _rigid_operation_values(conversion, where, report)
            if values is None:
                return None
        elif conversion.is_a("IfcMapConversion"):
            values = conversion.get_info()
        else:
            report.notes.append(
                f"{where} is not read (only IfcMapConversion and IfcRigidOperation are): the model is not placed "
                "from it"
            )
            return None
        target = conversion.TargetCRS
        crs_name = getattr(target, "Name", None) if target is not None else None
        map_unit = getattr(target, "MapUnit", None) if target is not None else None
        crs_where = f"{target.is_a()} #{target.id()}" if target is not None else "TargetCRS"
    numbers = _map_conversion_numbers(path, values, where)
    east, north = numbers.get("Eastings", 0.0), numbers.get("Northings", 0.0)
    if east == 0.0 and north == 0.0:
        report.notes.append(f"{label} at (0, 0) taken as a placeholder, not a position")
        return None
    if crs is not None:
        source = horizontal_crs(path, crs, from_file=False)
        report.crs_from = "caller"
    elif crs_name:
        source = horizontal_crs(path, crs_name)
    else:
        raise CrsRequired(
            path,
            f"the file's {label} does not name its coordinate reference system (IfcProjectedCRS); "
            "give one (e.g. EPSG:2154)",
            extent=(east, north, east, north),
        )
    report.source_crs = source

    crs_unit_m = _crs_unit_m(source)
    # Without MapUnit, Eastings and Northings are taken in the CRS's own unit (metres for Lambert-93).
    map_unit_m = _map_unit_m(path, map_unit, crs_where, report) or crs_unit_m or 1.0
    parameters = geolocation.get_helmert_transformation_parameters(model)
    if "Scale" not in numbers:
        # IFC says 1 when Scale is absent, but a millimetre model "scaled" 1:1 onto metres
        # is an authoring slip, not a building 1000 times too large. A rigid operation
        # preserves distances: its model in millimetres lands on a map in metres the same way.
        parameters = parameters._replace(scale=unit_scale / map_unit_m)
        if not math.isclose(unit_scale, map_unit_m, rel_tol=1e-12):
            report.notes.append(
                f"{label} has no Scale: the file's unit ({unit_name(unit_scale)}) converted to the map "
                f"unit ({unit_name(map_unit_m)})"
            )
    wcs = geolocation.get_wcs(model)
    to_context = np.linalg.inv(wcs) if wcs is not None else np.eye(4)
    origin = np.array(geolocation.xyz2enh(*to_context[:3, 3], *parameters), dtype=np.float64)
    linear = parameters._replace(e=0.0, n=0.0, h=0.0)
    # Rows: where the model's x, y and z unit vectors go on the map, in map units.
    axes = np.array([geolocation.xyz2enh(*to_context[:3, k], *linear) for k in range(3)], dtype=np.float64)
    _check_vertical(path, _model_context(model), axes[2])
    horizontal = math.hypot(axes[0, 0], axes[0, 1])
    if not math.isclose(horizontal, math.hypot(axes[1, 0], axes[1, 1]), rel_tol=_SAME_SCALE_RTOL):
        raise UnsupportedFormat(
            path,
            f"{where}: FactorX {numbers.get('FactorX')} and FactorY {numbers.get('FactorY')} differ; "
            "a map conversion that stretches one axis more than the other is not supported",
        )
    if not math.isclose(axes[2, 2], horizontal, rel_tol=_SAME_SCALE_RTOL):
        report.notes.append(
            f"{where}: vertical scale {axes[2, 2]:.9g} differs from the horizontal {horizontal:.9g} "
            "map units per file unit; the horizontal one is used for both"
        )
    to_crs_units = map_unit_m / crs_unit_m if crs_unit_m else 1.0
    placement = ModelPlacement(
        x=float(origin[0]) * to_crs_units,
        y=float(origin[1]) * to_crs_units,
        elevation_m=float(origin[2]) * map_unit_m if "OrthogonalHeight" in numbers else None,
        # The map direction of the model's x axis, counter-clockwise from east; ours is clockwise.
        rotation_deg=-math.degrees(math.atan2(axes[0, 1], axes[0, 0])),
        scale=horizontal * map_unit_m,
        up_axis="z",
    )
    try:
        placement = placement_in_lambert93(placement, source)
    except ValueError as e:
        raise InvalidFile(path, f"{where}: {e}", location=where) from None
    return placement, f"{label} ({source})"


def _rigid_operation_values(operation: Any, where: str, report: ImportReport) -> dict[str, Any] | None:
    """An IfcRigidOperation's numbers under the names of the map conversion it amounts to, or None (with a note).

    IFC 4.3: FirstCoordinate and SecondCoordinate are lengths along the
    projected CRS's axes (in its MapUnit, like Eastings and Northings) or,
    for a geographic CRS, plane angles, which are not read. Height is the
    OrthogonalHeight. No rotation and no Scale.
    """
    coordinates = (operation.FirstCoordinate, operation.SecondCoordinate)
    if not all(c is not None and c.is_a("IfcLengthMeasure") for c in coordinates):
        kinds = " and ".join(c.is_a() if c is not None else "nothing" for c in coordinates)
        report.notes.append(
            f"{where} is not read: its coordinates are {kinds}, not lengths in a projected CRS; "
            "the model is not placed from it"
        )
        return None
    first, second = (c.wrappedValue for c in coordinates)
    return {"Eastings": first, "Northings": second, "OrthogonalHeight": operation.Height}


def _map_conversion_numbers(path: Path, values: dict[str, Any], where: str) -> dict[str, float]:
    """The map conversion's numeric attributes that are set, as floats; non-finite, or a scale <= 0: an error."""
    numbers: dict[str, float] = {}
    for name in _MAP_CONVERSION_NUMBERS:
        value = values.get(name)
        if value is None:
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not math.isfinite(number):
            raise InvalidFile(path, f"{where}: {name} is {value!r}, not a finite number", location=where)
        if name in _POSITIVE and number <= 0:
            raise InvalidFile(path, f"{where}: {name} is {value!r}; it must be a positive number", location=where)
        numbers[name] = number
    return numbers


def _crs_unit_m(crs: str) -> float | None:
    """Metres per unit of a projected CRS's axes (0.3048 for a foot CRS); None for a geographic one."""
    from pyproj import CRS

    parsed = CRS.from_user_input(crs)
    if not parsed.is_projected or not parsed.axis_info:
        return None
    return float(parsed.axis_info[0].unit_conversion_factor)


def _map_unit_m(path: Path, unit: Any, crs_where: str, report: ImportReport) -> float | None:
    """Metres per map unit (IfcProjectedCRS.MapUnit), None when the file gives none; a unit of no length is an error."""
    import ifcopenshell
    import ifcopenshell.util.unit

    if unit is None:
        return None
    if not isinstance(unit, ifcopenshell.entity_instance):
        report.notes.append(f"{crs_where}: MapUnit {unit!r} is not a unit entity: the CRS's own unit used")
        return None
    name = f"{unit.is_a()} #{unit.id()}"
    unit_type = getattr(unit, "UnitType", None)
    if not unit.is_a("IfcNamedUnit") or unit_type != "LENGTHUNIT":
        raise InvalidFile(
            path,
            f"{crs_where}: its MapUnit {name} is a {unit_type or unit.is_a()}, not a length unit",
            location=crs_where,
        )
    try:
        metres = float(ifcopenshell.util.unit.get_named_unit_scale(unit))
    except Exception:  # a conversion-based unit with a missing or odd factor: ifcopenshell fails in various ways
        metres = float("nan")
    if not (math.isfinite(metres) and metres > 0):
        raise InvalidFile(path, f"{crs_where}: its MapUnit {name} is {metres:g} m long, not a length", location=name)
    return metres


def _model_context(model: Any) -> Any:
    """The context whose WorldCoordinateSystem ifcopenshell.util.geolocation.get_wcs reads: the 3D model one."""
    chosen = None
    for context in model.by_type("IfcGeometricRepresentationContext", include_subtypes=False):
        chosen = context
        if context.ContextType == "Model":
            break
    return chosen


def _check_vertical(path: Path, context: Any, z_image: np.ndarray) -> None:
    """The model's z must stay the map's up: a WorldCoordinateSystem that tilts it is not supported."""
    length = float(np.linalg.norm(z_image))
    if z_image[2] > 0 and math.hypot(z_image[0], z_image[1]) <= _VERTICAL_TOLERANCE * length:
        return
    wcs = context.WorldCoordinateSystem
    raise UnsupportedFormat(
        path,
        f"{context.is_a()} #{context.id()}: its WorldCoordinateSystem {wcs.is_a()} #{wcs.id()} tilts the model's "
        "vertical axis; only a turn about the vertical and an offset are supported",
    )


def _wcs_turn_deg(path: Path, context: Any) -> float:
    """Counter-clockwise angle, degrees, of the context's WorldCoordinateSystem x axis in the products' axes."""
    import ifcopenshell.util.placement

    wcs = context.WorldCoordinateSystem
    if wcs is None:
        return 0.0
    matrix = ifcopenshell.util.placement.get_axis2placement(wcs)
    _check_vertical(path, context, np.linalg.inv(matrix)[:3, 2])
    return math.degrees(math.atan2(matrix[1, 0], matrix[0, 0]))


def _site_reference(
    path: Path, model: Any, unit_scale: float, report: ImportReport
) -> tuple[ModelPlacement, str] | None:
    """An approximate placement from the IfcSite's latitude, longitude and elevation and the TrueNorth, or None."""
    import ifcopenshell.util.geolocation as geolocation
    import ifcopenshell.util.placement

    site = next((s for s in model.by_type("IfcSite") if s.RefLatitude and s.RefLongitude), None)
    if site is None:
        return None
    lat, lon = _degrees(site.RefLatitude), _degrees(site.RefLongitude)
    if lat == 0.0 and lon == 0.0:
        report.notes.append("IfcSite reference point at latitude 0, longitude 0 taken as a placeholder")
        return None
    rotation_deg, north_note = 0.0, "no TrueNorth: the model's +y taken as north"
    for context in model.by_type("IfcGeometricRepresentationContext", include_subtypes=False):
        if context.ContextType == "Model" and context.TrueNorth is not None:
            tx, ty = (float(c) for c in context.TrueNorth.DirectionRatios[:2])
            # True north points at angle phi (counter-clockwise from the context's +x): turning
            # clockwise by phi - 90 (yaxis2angle) brings it to +y. TrueNorth is given in the axes of
            # the context's WorldCoordinateSystem, turned from the products' axes by the WCS's angle.
            rotation_deg = geolocation.yaxis2angle(tx, ty) + _wcs_turn_deg(path, context)
            north_note = f"TrueNorth {rotation_deg:+.1f} degrees"
            break
    origin = np.zeros(3)
    if site.ObjectPlacement is not None:
        origin = ifcopenshell.util.placement.get_local_placement(site.ObjectPlacement)[:3, 3].astype(np.float64)
    geographic = ModelPlacement(x=lon, y=lat, elevation_m=0.0, rotation_deg=rotation_deg, scale=unit_scale)
    placement = placement_in_lambert93(geographic, "EPSG:4326")
    # The reference point is the site's origin, not the model's: move the model so that it lands there.
    site_origin = apply_placement(origin[None], placement)[0]
    elevation = site.RefElevation
    placement = replace(
        placement,
        x=2 * placement.x - site_origin[0],
        y=2 * placement.y - site_origin[1],
        elevation_m=float(elevation) * unit_scale - site_origin[2] if elevation is not None else None,
    )
    report.source_crs = "EPSG:4326"
    report.notes.append(
        f"placed approximately from the IfcSite reference point (latitude {lat:.6f}, longitude {lon:.6f}; "
        f"{north_note}): check the placement"
    )
    return placement, "IfcSite reference point (approximate)"


def _degrees(compound: Any) -> float:
    """IfcCompoundPlaneAngleMeasure (degrees, minutes, seconds, millionths; all of one sign) -> degrees."""
    parts = [float(p) for p in compound] + [0.0] * (4 - len(compound))
    return parts[0] + parts[1] / 60.0 + parts[2] / 3600.0 + parts[3] / 3.6e9


__all__ = ["read_ifc"]
