"""A project model's triangles -> a city of one building; shared by :mod:`importers.models` and :mod:`importers.ifc`.

A project model (an architect's design) is one object for the planner: the
whole file becomes one building, placed in Lambert-93 by a
:class:`~city.placement.ModelPlacement`, its triangles typed by what the file
says (IFC entity types) or, where it says nothing, by which way they face
(:func:`surface_types_from_normals`). What the importer guessed (units, up
axis, placement) goes to ``city.import_report.notes`` for the user to check.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from city.crs import WORKING_CRS, LocalFrame
from city.model import BuildingSetBuilder, City, SurfaceType
from city.placement import ModelPlacement, apply_placement, placement_in_lambert93
from importers._common import Steps, horizontal_crs, local_frame_for
from importers._mesh import DEGENERATE_TRIANGLE_M2, cross3
from importers.errors import ImporterError, InvalidFile
from importers.report import ImportReport

BY_NORMAL = 255
"""Surface code of a triangle the file gives no type for: typed by :func:`surface_types_from_normals`."""

WALL_MAX_ABS_NZ = 0.25
"""Triangles tilted less than about 14 degrees from vertical (``|n_z|`` below this) are walls.

Steeper than any roof but a mansard's brisis (70-75 degrees, ``|n_z|`` 0.26-0.34),
looser than exactly vertical so that slightly battered or tapering facades
stay walls.
"""

MAX_MODEL_EXTENT_M = 5_000.0
"""A model larger than this once placed is refused: its unit is almost surely wrong."""

MM_GUESS_MIN_EXTENT = 1_000.0
"""Files without units (OBJ, PLY, STL): a model over this many units across is taken as millimetres.

The largest buildings are under 1 km; a design drawn in millimetres is
thousands of units across (a 12 m house is 12 000).
"""

UP_GUESS_RATIO = 3.0
"""No up convention in the file: an axis is "clearly up" with this many times more area facing along it than against."""

_UNIT_NAMES = {1.0: "m", 0.001: "mm", 0.01: "cm", 0.1: "dm", 0.0254: "in", 0.3048: "ft", 1000.0: "km"}


def unit_name(scale: float) -> str:
    """``"m"``, ``"mm"``... for metres per model unit (``"0.5 m"`` for one without a name)."""
    for factor, name in _UNIT_NAMES.items():
        if math.isclose(scale, factor, rel_tol=1e-9):
            return name
    return f"{scale:g} m"


def surface_types_from_normals(normals: np.ndarray) -> np.ndarray:
    """(n,) uint8 :class:`~city.model.SurfaceType` of triangles from their unit normals (n, 3), z up.

    Facing up: ROOF; facing down: GROUND (floors, and the undersides of
    overhangs); within :data:`WALL_MAX_ABS_NZ` of vertical: WALL. A zero
    normal (a degenerate triangle) is OTHER.
    """
    n = np.asarray(normals, dtype=np.float64).reshape(-1, 3)
    out = np.full(len(n), int(SurfaceType.WALL), dtype=np.uint8)
    out[n[:, 2] > WALL_MAX_ABS_NZ] = SurfaceType.ROOF
    out[n[:, 2] < -WALL_MAX_ABS_NZ] = SurfaceType.GROUND
    out[~np.isfinite(n).all(axis=1) | ~n.any(axis=1)] = SurfaceType.OTHER
    return out


def guess_scale(vertices: np.ndarray) -> tuple[float, str]:
    """(metres per unit, note) for a file that does not say its unit (rule: :data:`MM_GUESS_MIN_EXTENT`)."""
    extent = float(np.ptp(vertices, axis=0).max()) if len(vertices) else 0.0
    if extent > MM_GUESS_MIN_EXTENT:
        return 0.001, (
            f"units guessed: millimetres (the model is {extent:,.0f} units across; a file without units over "
            f"{MM_GUESS_MIN_EXTENT:,.0f} units is taken as millimetres): set the placement scale if it is wrong"
        )
    return 1.0, (
        f"units guessed: metres (the model is {extent:,.0f} units across; a file without units up to "
        f"{MM_GUESS_MIN_EXTENT:,.0f} units is taken as metres): set the placement scale if it is wrong"
    )


def guess_up_axis(vertices: np.ndarray, triangles: np.ndarray, default: str) -> tuple[str, str | None]:
    """(up axis, note or None) for a file without an up convention of its own.

    A building has more surface facing up (roofs, terraces) than down (one
    floor, often missing from exports), while its facades face both ways
    along the horizontal axes. When exactly one of y and z is clearly up
    (:data:`UP_GUESS_RATIO`) and it is not ``default``, it wins and the note
    says so; otherwise ``default`` stands (a closed box is the same all ways).
    """
    v = np.asarray(vertices, dtype=np.float64)
    t = np.asarray(triangles, dtype=np.int64)
    if not len(t):
        return default, None
    cross = cross3(v[t[:, 1]] - v[t[:, 0]], v[t[:, 2]] - v[t[:, 0]])
    double_area = np.linalg.norm(cross, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.where(double_area[:, None] > 0, cross / double_area[:, None], 0.0)
    total = double_area.sum()
    clearly_up: list[str] = []
    facing: dict[str, tuple[float, float]] = {}
    for axis, k in (("y", 1), ("z", 2)):
        up = float(double_area[n[:, k] > 0.5].sum()) / 2
        down = float(double_area[n[:, k] < -0.5].sum()) / 2
        facing[axis] = (up, down)
        if up > UP_GUESS_RATIO * down and 2 * up > 0.05 * total:
            clearly_up.append(axis)
    if len(clearly_up) == 1 and clearly_up[0] != default:
        axis = clearly_up[0]
        up, down = facing[axis]
        return axis, (
            f"up axis guessed: {axis} ({up:,.0f} square units face +{axis}, {down:,.0f} face -{axis}; "
            f"the usual convention for this format is {default}-up): set the placement up axis if it is wrong"
        )
    return default, None


def to_lambert93(path: Path, placement: ModelPlacement, crs: str | None) -> ModelPlacement:
    """The caller's placement, its x, y given in ``crs`` (None: Lambert-93)."""
    if crs is None:
        return placement
    source = horizontal_crs(path, crs, from_file=False)
    try:
        return placement_in_lambert93(placement, source)
    except ValueError as e:
        raise ImporterError(path, f"the placement {e}") from None


def build_model_city(
    path: Path,
    vertices: np.ndarray,
    triangles: np.ndarray,
    surface: np.ndarray,
    placement: ModelPlacement,
    *,
    placed: bool,
    placement_from: str,
    building_id: str,
    attributes: dict[str, Any],
    report: ImportReport,
    steps: Steps,
) -> City:
    """Place the model and make it a city of one building.

    Parameters
    ----------
    vertices : (v, 3) float
        Model units, model axes.
    triangles : (t, 3) int
        Indices into ``vertices`` (checked by the caller).
    surface : (t,) uint8
        SurfaceType per triangle, :data:`BY_NORMAL` where the file gives none.
    placement : ModelPlacement
        In Lambert-93.
    placed : bool
        False when the model's position is not known (it is then at the
        origin of a frame at (0, 0), for the app to ask the user).
    placement_from : str
        Where the placement came from, for the user.

    Raises
    ------
    InvalidFile
        Non-finite coordinates; a model over :data:`MAX_MODEL_EXTENT_M` once
        placed (its unit is wrong); no triangle with an area.
    """
    steps(0.9, "placing the model")
    triangles = np.asarray(triangles, dtype=np.int64).reshape(-1, 3)
    used = np.unique(triangles)
    vertices = np.asarray(vertices, dtype=np.float64).reshape(-1, 3)
    finite = np.isfinite(vertices[used]).all(axis=1)
    if not finite.all():
        bad = int(used[np.flatnonzero(~finite)[0]])
        raise InvalidFile(path, f"vertex {bad} is not finite: {vertices[bad].tolist()}", location=f"vertex {bad}")
    # Keep only the vertices in use: their rows, in order, and each triangle's rows among them.
    inverse = np.searchsorted(used, triangles)
    world = apply_placement(vertices[used], placement)

    extent_m = float(np.ptp(world, axis=0).max()) if len(world) else 0.0
    if extent_m > MAX_MODEL_EXTENT_M:
        units = float(np.ptp(vertices[used], axis=0).max())
        raise InvalidFile(
            path,
            f"the model would be {extent_m / 1000:,.1f} km across ({units:,.6g} units at {placement.scale:g} m "
            f"per unit): its unit is probably wrong (for millimetres the scale is 0.001)",
            location="units",
        )

    cross = cross3(world[inverse[:, 1]] - world[inverse[:, 0]], world[inverse[:, 2]] - world[inverse[:, 0]])
    double_area = np.linalg.norm(cross, axis=1)
    good = 0.5 * double_area >= DEGENERATE_TRIANGLE_M2
    report.degenerate_triangles += int((~good).sum())
    if not good.any():
        raise InvalidFile(path, "no triangle of the model has an area", location="geometry")
    inverse, cross, double_area = inverse[good], cross[good], double_area[good]
    surface = np.asarray(surface, dtype=np.uint8)[good].copy()
    by_normal = surface == BY_NORMAL
    if by_normal.any():
        surface[by_normal] = surface_types_from_normals(cross[by_normal] / double_area[by_normal, None])

    if placed:
        frame = local_frame_for(world[:, 0], world[:, 1])
    else:
        frame = LocalFrame(WORKING_CRS, (0.0, 0.0, 0.0))
    local = frame.to_local(world)

    columns: dict[str, Any] = {
        "project": True,
        "source_file": path.name,
        "units": unit_name(placement.scale),
        "placed": placed,
        "placement_from": placement_from,
        "placement": json.dumps(placement.to_dict()),
    }
    columns.update(attributes)
    builder = BuildingSetBuilder()
    builder.add(building_id, local, inverse, surface, columns)
    buildings = builder.build()
    report.buildings = 1
    report.triangles = len(buildings.triangles)
    report.imported["project model"] += 1
    steps(1.0, "done")
    return City(
        name=building_id,
        frame=frame,
        buildings=buildings,
        provenance=f"{path.name} (project model, {report.format})",
        import_report=report,
    )
