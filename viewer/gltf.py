"""glTF 2.0 binary (GLB) export of a zone's buildings, for architects' and web tools.

One node per building, named by its id (and the id repeated in the node's
``extras``), roof and wall colours as two materials. glTF is Y-up in metres:
x east, y up, z = -north, relative to the city's local origin; the Lambert-93
origin and CRS go in ``asset.extras`` so the model can be put back in place.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from city.model import City, SurfaceType, Zone
from viewer import palette


def buildings_in_zone(city: City, zone: Zone | None) -> np.ndarray:
    """Indices of the buildings whose footprint centre lies in ``zone`` (all buildings for None)."""
    b = city.buildings
    if zone is None:
        return np.arange(len(b))
    import shapely

    centre = np.zeros((len(b), 2))
    np.add.at(centre, b.triangle_building, b.vertices[b.triangles].mean(axis=1)[:, :2])
    centre /= np.maximum(np.bincount(b.triangle_building, minlength=len(b)), 1)[:, None]
    inside = shapely.contains_xy(shapely.Polygon(zone.polygon.exterior), centre[:, 0], centre[:, 1])
    return np.flatnonzero(inside)


def export_gltf(city: City, out: Path, zone: Zone | None = None) -> dict:
    """Write the buildings of ``zone`` (or all) to ``out`` (.glb); returns a summary dict."""
    import trimesh

    b = city.buildings
    chosen = buildings_in_zone(city, zone)
    if not len(chosen):
        raise ValueError(f"no building in zone {zone.name if zone else ''!r}")
    roof_material = trimesh.visual.material.PBRMaterial(
        name="roof", baseColorFactor=[*(palette.ROOF_ZINC / 255.0), 1.0], metallicFactor=0.0, roughnessFactor=0.8
    )
    wall_material = trimesh.visual.material.PBRMaterial(
        name="wall", baseColorFactor=[*(palette.WALL_STONE / 255.0), 1.0], metallicFactor=0.0, roughnessFactor=0.9
    )
    scene = trimesh.Scene()
    to_gltf = np.array([[1.0, 0, 0], [0, 0, 1.0], [0, -1.0, 0]])  # (x, y, z) -> (x, z, -y): Y up
    for i in chosen:
        building = b[int(i)]
        tris = building.triangles
        used, inverse = np.unique(tris, return_inverse=True)
        vertices = b.vertices[used] @ to_gltf.T
        faces = inverse.reshape(-1, 3)
        roof = building.surface_types == SurfaceType.ROOF
        for part, material in ((roof, roof_material), (~roof, wall_material)):
            if not part.any():
                continue
            mesh = trimesh.Trimesh(vertices=vertices, faces=faces[part], process=False)
            mesh.visual = trimesh.visual.TextureVisuals(material=material)
            name = f"{building.id}#{'roof' if material is roof_material else 'walls'}"
            scene.add_geometry(mesh, node_name=name, geom_name=name)
    extras = {
        "crs": city.crs,
        "local_origin": list(city.frame.origin),
        "axes": "x east, y up, z south (glTF); add local_origin to (x, -z, y) for Lambert-93",
        "provenance": city.provenance,
        "zone": zone.name if zone else "",
    }

    def annotate(tree: dict) -> None:
        tree.setdefault("asset", {})["extras"] = extras
        tree["asset"]["generator"] = "Maquette"
        for node in tree.get("nodes", []):
            name = node.get("name", "")
            if "#" in name:
                node["extras"] = {"building_id": name.rsplit("#", 1)[0]}

    data = scene.export(file_type="glb", tree_postprocessor=annotate)
    Path(out).write_bytes(data)
    return {"buildings": int(len(chosen)), "bytes": len(data)}


def glb_json(path: Path) -> dict:
    """The JSON chunk of a GLB file (for checks and tests)."""
    raw = Path(path).read_bytes()
    if raw[:4] != b"glTF":
        raise ValueError(f"{path}: not a GLB file")
    length = int.from_bytes(raw[12:16], "little")
    return json.loads(raw[20 : 20 + length])
