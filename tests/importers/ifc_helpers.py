"""IFC files built for the tests with ifcopenshell's API (a module of its own so test files can share it)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest


def box_mesh(lo: tuple[float, float, float], hi: tuple[float, float, float]):
    """(8 vertices, 6 outward quads) of the box from corner ``lo`` to corner ``hi``."""
    (x0, y0, z0), (x1, y1, z1) = lo, hi
    v = [(x0, y0, z0), (x1, y0, z0), (x1, y1, z0), (x0, y1, z0), (x0, y0, z1), (x1, y0, z1), (x1, y1, z1), (x0, y1, z1)]
    faces = [(0, 3, 2, 1), (4, 5, 6, 7), (0, 1, 5, 4), (1, 2, 6, 5), (2, 3, 7, 6), (3, 0, 4, 7)]
    return v, faces


def body_context(f):
    """The Model context and its Body subcontext of a new IFC file; returns the Body one."""
    from ifcopenshell.api import run

    model = run("context.add_context", f, context_type="Model")
    return run("context.add_context", f, context_type="Model", context_identifier="Body",
               target_view="MODEL_VIEW", parent=model)


def ifc2x3_mesh_file(
    path: Path,
    monkeypatch: pytest.MonkeyPatch,
    vertices: Sequence[tuple[float, float, float]],
    faces: Sequence[tuple[int, ...]],
    map_conversion: dict[str, float],
    *,
    wcs_x: float | None = None,
    crs: str = "EPSG:2154",
) -> Path:
    """An IFC2X3 file in metres: one proxy element with this mesh, georeferenced the IFC2X3 way
    (ePSet_MapConversion and ePSet_ProjectedCRS on the project), its WCS moved ``wcs_x`` m east if given."""
    import ifcopenshell.api.owner.settings as owner
    from ifcopenshell.api import run

    f = run("project.create_file", version="IFC2X3")
    user = run(
        "owner.add_person_and_organisation",
        f,
        person=run("owner.add_person", f),
        organisation=run("owner.add_organisation", f),
    )
    application = run("owner.add_application", f)
    monkeypatch.setattr(owner, "get_user", lambda _f: user)
    monkeypatch.setattr(owner, "get_application", lambda _f: application)
    project = run("root.create_entity", f, ifc_class="IfcProject", name="P")
    run("unit.assign_unit", f, units=[run("unit.add_si_unit", f, unit_type="LENGTHUNIT")])
    body = body_context(f)
    building = run("root.create_entity", f, ifc_class="IfcBuilding", name="B")
    run("aggregate.assign_object", f, relating_object=project, products=[building])
    proxy = run("root.create_entity", f, ifc_class="IfcBuildingElementProxy", name="box")
    representation = run("geometry.add_mesh_representation", f, context=body, vertices=[list(vertices)],
                         faces=[list(faces)])
    run("geometry.assign_representation", f, product=proxy, representation=representation)
    run("geometry.edit_object_placement", f, product=proxy, matrix=np.eye(4))
    run("spatial.assign_container", f, relating_structure=building, products=[proxy])
    if wcs_x is not None:
        run("georeference.edit_wcs", f, x=wcs_x)
    pset = run("pset.add_pset", f, product=project, name="ePSet_MapConversion")
    run("pset.edit_pset", f, pset=pset, properties=map_conversion)
    pset = run("pset.add_pset", f, product=project, name="ePSet_ProjectedCRS")
    run("pset.edit_pset", f, pset=pset, properties={"Name": crs})
    f.write(str(path))
    return path
