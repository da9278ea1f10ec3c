"""Adding one city's layers to another (File > Add layer).

Both cities are in the working CRS (importers reproject); the added layers
are moved from their local origin to the target's. Nothing is modified in
place: a new City is returned, so a failed merge leaves the open city as it
was.

Ground heights: layers read without any terrain (trees from an inventory,
LoD1 footprints with no altitude, whose floors are at z = 0) are set on the
target's terrain when it has one; and when the added layer *is* a terrain,
such layers of the target are set on it. Point clouds and meshes with real
altitudes are never moved vertically.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from city.model import BuildingSet, City, CityModelError, GroundPatch, Parcel, Polygon2D, Site, SurfaceType, Terrain, Trees, Zone
from city.raster import GeoImage, ScalarGrid


def _shift_polygon(p: Polygon2D, d: np.ndarray) -> Polygon2D:
    return Polygon2D(p.exterior + d, [h + d for h in p.holes])


def _drape_trees(trees: Trees, terrain: Terrain | None) -> Trees:
    if terrain is None or not len(trees):
        return trees
    z = terrain.height_at(trees.positions[:, 0], trees.positions[:, 1])
    positions = trees.positions.copy()
    positions[:, 2] = np.where(np.isfinite(z), z, positions[:, 2])
    return dataclasses.replace(trees, positions=positions)


def _drape_flat_buildings(buildings: BuildingSet, terrain: Terrain | None) -> BuildingSet:
    """Lift buildings whose floor is at z = 0 (no altitude in the source) onto the terrain."""
    if terrain is None or not len(buildings):
        return buildings
    v = buildings.vertices.copy()
    tb = buildings.triangle_building
    vert_building = np.full(len(v), -1, dtype=np.int64)
    vert_building[buildings.triangles.ravel()] = np.repeat(tb, 3)
    used = vert_building >= 0
    zmin = np.full(len(buildings), np.inf)
    np.minimum.at(zmin, vert_building[used], v[used, 2])
    floors = buildings.triangle_surface == SurfaceType.GROUND
    ground = np.full(len(buildings), np.nan)
    if floors.any():
        pts = v[buildings.triangles[floors].ravel()]
        h = terrain.height_at(pts[:, 0], pts[:, 1])
        owner = np.repeat(tb[floors], 3)
        lowest = np.full(len(buildings), np.inf)
        np.minimum.at(lowest, owner, np.where(np.isfinite(h), h, np.inf))
        ground = np.where(np.isfinite(lowest), lowest, np.nan)
    lift = np.where((np.abs(zmin) < 1e-9) & np.isfinite(ground), ground, 0.0)
    if not lift.any():
        return buildings
    v[used, 2] += lift[vert_building[used]]
    out = BuildingSet(buildings.ids, v, buildings.triangles, tb, buildings.triangle_surface, buildings.attributes)
    out.face_data.update(buildings.face_data)
    return out


def _merge_buildings(a: BuildingSet, b: BuildingSet, shift: np.ndarray) -> BuildingSet:
    if not len(b):
        return a
    if not len(a):
        a_empty = True
    else:
        a_empty = False
    clash = set(a.ids) & set(b.ids)
    if clash:
        first = sorted(clash)[0]
        raise CityModelError(f"building id {first!r} is already in the city ({len(clash)} ids in common)")
    if a_empty:
        v = b.vertices + shift
        out = BuildingSet(b.ids, v, b.triangles, b.triangle_building, b.triangle_surface, b.attributes)
        out.face_data.update(b.face_data)
        return out
    names = list(dict.fromkeys([*a.attributes, *b.attributes]))
    attrs = {}
    for name in names:
        ca = a.attributes.get(name, np.full(len(a), None, dtype=object))
        cb = b.attributes.get(name, np.full(len(b), None, dtype=object))
        if ca.dtype.kind in "if" and cb.dtype.kind in "if":
            attrs[name] = np.concatenate([ca.astype(float), cb.astype(float)])
        else:
            attrs[name] = np.concatenate([ca.astype(object), cb.astype(object)])
    return BuildingSet(
        [*a.ids, *b.ids],
        np.concatenate([a.vertices, b.vertices + shift]),
        np.concatenate([a.triangles, b.triangles + len(a.vertices)]),
        np.concatenate([a.triangle_building, b.triangle_building + len(a)]),
        np.concatenate([a.triangle_surface, b.triangle_surface]),
        attrs,
    )


def add_layers(target: City, other: City) -> City:
    """A new city: ``target`` with every layer of ``other`` added (see the module docstring)."""
    if target.crs != other.crs:
        raise CityModelError(f"cannot add layers in {other.crs} to a city in {target.crs}")
    d3 = other.frame.origin_array - target.frame.origin_array
    d2 = d3[:2]
    terrain = target.terrain
    buildings_target = target.buildings
    trees_target = target.trees
    if other.terrain is not None:
        t = other.terrain
        terrain = Terrain(t.x0 + d2[0], t.y0 + d2[1], t.dx, t.dy, t.heights + d3[2], t.vertical_datum)
        if target.terrain is None:  # the target's flat layers now get a ground
            buildings_target = _drape_flat_buildings(buildings_target, terrain)
            if len(trees_target) and np.all(trees_target.positions[:, 2] == 0):
                trees_target = _drape_trees(trees_target, terrain)
    buildings_other = other.buildings
    trees_other = dataclasses.replace(other.trees, positions=other.trees.positions + d3) if len(other.trees) else other.trees
    if other.terrain is None:
        buildings_other_shifted = _merge_buildings(BuildingSet.empty(), buildings_other, d3)
        buildings_other_shifted = _drape_flat_buildings(buildings_other_shifted, terrain)
        if len(trees_other) and np.all(other.trees.positions[:, 2] == 0):
            trees_other = _drape_trees(trees_other, terrain)
        buildings = _merge_buildings(buildings_target, buildings_other_shifted, np.zeros(3))
    else:
        buildings = _merge_buildings(buildings_target, buildings_other, d3)
    trees = trees_target
    if len(trees_other):
        if len(trees_target):
            keys = list(dict.fromkeys([*trees_target.attributes, *trees_other.attributes]))
            trees = Trees(
                [*trees_target.ids, *trees_other.ids],
                np.concatenate([trees_target.positions, trees_other.positions]),
                np.concatenate([trees_target.height_m, trees_other.height_m]),
                np.concatenate([trees_target.crown_diameter_m, trees_other.crown_diameter_m]),
                np.concatenate([trees_target.trunk_diameter_m, trees_other.trunk_diameter_m]),
                {
                    k: np.concatenate([
                        np.asarray(trees_target.attributes.get(k, np.full(len(trees_target), None, dtype=object)), dtype=object),
                        np.asarray(trees_other.attributes.get(k, np.full(len(trees_other), None, dtype=object)), dtype=object),
                    ])
                    for k in keys
                },
            )
        else:
            trees = trees_other
    clouds = [*target.point_clouds]
    for c in other.point_clouds:
        clouds.append(dataclasses.replace(c, positions=c.positions + d3))
    imagery = [*target.imagery]
    for im in other.imagery:
        x0, x1, y0, y1 = im.extent
        imagery.append(GeoImage(im.name, im.rgb, (x0 + d2[0], x1 + d2[0], y0 + d2[1], y1 + d2[1]), im.kind, im.attributes))
    grids = [*target.grids]
    for g in other.grids:
        grids.append(ScalarGrid(g.name, g.values, g.x0 + d2[0], g.y0 + d2[1], g.dx, g.dy, g.kind, g.unit, g.attributes))
    ground = [*target.ground, *(GroundPatch(p.cover, _shift_polygon(p.polygon, d2), p.name) for p in other.ground)]
    zones = [*target.zones, *(Zone(z.id, z.name, _shift_polygon(z.polygon, d2), z.kind, z.attributes) for z in other.zones)]
    parcels = [*target.parcels, *(Parcel(p.id, _shift_polygon(p.polygon, d2), p.attributes) for p in other.parcels)]
    sites = [
        *target.sites,
        *(Site(s.id, s.kind, s.position + d2, _shift_polygon(s.polygon, d2) if s.polygon is not None else None, s.attributes)
          for s in other.sites),
    ]
    provenance = " + ".join(p for p in (target.provenance, other.provenance) if p)
    merged = dataclasses.replace(
        target,
        buildings=buildings,
        terrain=terrain,
        ground=ground,
        trees=trees,
        zones=zones,
        parcels=parcels,
        sites=sites,
        point_clouds=clouds,
        imagery=imagery,
        grids=grids,
        provenance=provenance,
    )
    # how the terrain shown was simplified (and which window of its file was read), for the layer's properties
    terrain_report = getattr(other if other.terrain is not None else target, "terrain_report", None)
    if terrain_report is not None:
        merged.terrain_report = terrain_report  # type: ignore[attr-defined]
    # how each tree inventory's rows were read and its trees sized, for the trees layer's properties
    tree_reports = [*tree_reports_of(target), *tree_reports_of(other)]
    if tree_reports:
        merged.tree_reports = tree_reports  # type: ignore[attr-defined]
    return merged


def tree_reports_of(city: City) -> list:
    """The import reports of the tree inventories in ``city`` (``importers.trees.TreeImportReport``), one per
    inventory file: a city read from one inventory has ``tree_report``, layers added keep them all."""
    reports = getattr(city, "tree_reports", None)
    if reports is not None:
        return list(reports)
    report = getattr(city, "tree_report", None)
    return [report] if report is not None else []


def layers_extent(city: City) -> tuple[float, float, float, float] | None:
    """(xmin, ymin, xmax, ymax) in the working CRS (world coordinates, not local) of everything ``city`` holds:
    buildings, terrain, ground patches, trees, zones, parcels, sites, point clouds, images and grids.
    None for a city with nothing in it.

    The part of a raster to read when it is added to this city (see ``importers.layers``).
    """
    boxes: list[tuple[float, float, float, float]] = []  # local (xmin, xmax, ymin, ymax)
    b = city.buildings
    if len(b.triangles):
        x0, x1, y0, y1, _, _ = b.bounds()
        boxes.append((x0, x1, y0, y1))
    if city.terrain is not None:
        boxes.append(city.terrain.extent)
    rings = [p.polygon.exterior for p in city.ground] + [z.polygon.exterior for z in city.zones]
    rings += [p.polygon.exterior for p in city.parcels]
    rings += [s.polygon.exterior if s.polygon is not None else np.atleast_2d(s.position[:2]) for s in city.sites]
    if len(city.trees):
        rings.append(city.trees.positions[:, :2])
    rings += [c.positions[:, :2] for c in city.point_clouds if len(c)]
    for xy in rings:
        lo, hi = np.min(xy, axis=0), np.max(xy, axis=0)
        boxes.append((lo[0], hi[0], lo[1], hi[1]))
    boxes += [im.extent for im in city.imagery] + [g.extent for g in city.grids]
    if not boxes:
        return None
    e = np.array(boxes, dtype=np.float64)
    ox, oy = city.frame.origin_array[:2]
    return (float(e[:, 0].min() + ox), float(e[:, 2].min() + oy), float(e[:, 1].max() + ox), float(e[:, 3].max() + oy))


__all__ = ["add_layers", "layers_extent"]
