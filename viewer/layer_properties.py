"""What each layer of a city holds, for its properties: source, CRS, extent, counts and memory. No Qt here.

``layer_properties(city, key)`` returns (label, value) rows for the layer
``key`` (see :data:`viewer.layers.LAYER_KEYS`). Labels are English and come
from :data:`LABELS` (the app translates them); values are formatted for
reading, numbers with a thin-space thousands separator.

Extent: (x min, y min, x max, y max) in the city's CRS (Lambert-93), from the
local coordinates and ``city.frame``. Memory: the sum of the ``nbytes`` of the
layer's numpy arrays (an object column counts its pointers, not the Python
strings they point to).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from city.model import City, Polygon2D

#: Every label :func:`layer_properties` may use, in the order a reader meets them.
LABELS = (
    "Source",
    "Format",
    "Working CRS",
    "Source CRS",
    "X min (m)",
    "Y min (m)",
    "X max (m)",
    "Y max (m)",
    "Altitudes (m)",
    "Buildings",
    "Triangles",
    "Vertices",
    "Attributes",
    "Analysis results",
    "Terrain grid (cells)",
    "Terrain cell size (m)",
    "Terrain source grid (cells)",
    "Terrain simplification error, max / RMS (m)",
    "Vertical datum",
    "Ground patches",
    "Trees",
    "Tree heights (m)",
    "Distinct species",
    "Inventory rows read",
    "Heights as recorded",
    "Heights from the development stage (young 5 m, young adult 8 m, adult 12 m, mature 18 m)",
    "Heights typical of the trunk (16 d^0.6 m)",
    "Heights by default (8 m)",
    "Implausible heights, drawn by the rule",
    "Trunks from the circumference (else 2.5 % of the height)",
    "Rows skipped: no position",
    "Rows skipped: position not a number",
    "Rows skipped: height or circumference not a number",
    "Rows skipped: outside Île-de-France",
    "Rows skipped",
    "Zones",
    "Parcels",
    "Sites",
    "Points",
    "Point cloud",
    "File",
    "Points per class",
    "Image",
    "Raster",
    "Kind",
    "Size (cells)",
    "Cell size (m)",
    "Values",
    "No-data cells",
    "Read window",
    "Memory (MB)",
)


def _n(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}".replace(",", "\u202f")


def _range(lo: float, hi: float, decimals: int = 1) -> str:
    return f"{_n(lo, decimals)} – {_n(hi, decimals)}"


def _nbytes(arrays: Iterable[object]) -> int:
    return int(sum(a.nbytes for a in arrays if isinstance(a, np.ndarray)))


def _polygons_bounds(polygons: Iterable[Polygon2D]) -> tuple[float, float, float, float] | None:
    """(xmin, xmax, ymin, ymax) of polygons, local metres; None when there are none."""
    b = [p.bounds for p in polygons]
    if not b:
        return None
    arr = np.asarray(b)
    return (arr[:, 0].min(), arr[:, 1].max(), arr[:, 2].min(), arr[:, 3].max())


def _polygon_arrays(polygons: Iterable[Polygon2D]) -> list[np.ndarray]:
    return [ring for p in polygons for ring in (p.exterior, *p.holes)]


def _union(boxes: Iterable[tuple[float, float, float, float] | None]) -> tuple[float, float, float, float] | None:
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return None
    arr = np.asarray(boxes, dtype=np.float64)
    return (arr[:, 0].min(), arr[:, 1].max(), arr[:, 2].min(), arr[:, 3].max())


def _extent_rows(city: City, local: tuple[float, float, float, float] | None) -> list[tuple[str, str]]:
    if local is None:
        return []
    xmin, xmax, ymin, ymax = local
    (x0, y0), (x1, y1) = city.frame.to_world(np.array([[xmin, ymin], [xmax, ymax]]))
    return [("X min (m)", _n(x0, 2)), ("Y min (m)", _n(y0, 2)), ("X max (m)", _n(x1, 2)), ("Y max (m)", _n(y1, 2))]


def _cells(shape: tuple[int, ...]) -> str:
    return f"{shape[1]} × {shape[0]}"  # columns × rows, as image sizes are read


def _cell_size(dx: float, dy: float) -> str:
    return f"{dx:.4g} × {dy:.4g}"


#: Provenance prefixes our importers write, and the layers such a source can feed.
_SOURCE_LAYERS = {"Raster ": ("ground", "imagery", "grids"), "LiDAR": ("points",), "Tree inventory ": ("trees",)}


def _item_files(city: City) -> dict[str, list[str]]:
    """File names of the layers whose items know their file: point clouds, images, rasters."""
    return {
        "points": [Path(str(f)).name for c in city.point_clouds for f in c.attributes.get("files", [])],
        "imagery": [str(i.attributes["source"]) for i in city.imagery if i.attributes.get("source")],
        "grids": [str(g.attributes["source"]) for g in city.grids if g.attributes.get("source")],
    }


def layer_source(city: City, key: str) -> str:
    """Where layer ``key`` comes from: its items' files, else the parts of ``city.provenance`` that can feed it.

    A city with layers added has a provenance "A + B + C"; the parts naming
    another layer's files, or written by an importer of other layers (a
    "LiDAR: ..." part for the buildings), are left out.
    """
    files = _item_files(city)
    if files.get(key):
        return "\n".join(dict.fromkeys(files[key]))
    others = {f for names in files.values() for f in names}

    def feeds(part: str) -> bool:
        if any(f in part for f in others):
            return False
        for prefix, layers in _SOURCE_LAYERS.items():
            if part.startswith(prefix):
                return key in layers
        return True

    own = [part for part in (p.strip() for p in city.provenance.split(" + ")) if part and feeds(part)]
    return "\n".join(own) or "—"


def _source_rows(city: City, key: str) -> list[tuple[str, str]]:
    rows = [("Source", layer_source(city, key))]
    report = city.import_report
    if report is not None and getattr(report, "kind", None) == key:
        rows.append(("Format", f"{report.format} ({report.source})"))
    rows.append(("Working CRS", city.crs))
    if report is not None and getattr(report, "kind", None) == key and report.source_crs:
        rows.append(("Source CRS", str(report.source_crs)))
    return rows


def _buildings(city: City) -> tuple[list[tuple[str, str]], tuple | None, int]:
    b = city.buildings
    rows: list[tuple[str, str]] = [
        ("Buildings", _n(len(b))),
        ("Triangles", _n(len(b.triangles))),
        ("Vertices", _n(len(b.vertices))),
    ]
    if b.attributes:
        rows.append(("Attributes", ", ".join(b.attributes)))
    if b.face_data:
        rows.append(("Analysis results", ", ".join(b.face_data)))
    extent = None
    if len(b.triangles):
        x0, x1, y0, y1, z0, z1 = b.bounds()
        extent = (x0, x1, y0, y1)
        rows.append(("Altitudes (m)", _range(z0 + city.frame.origin[2], z1 + city.frame.origin[2])))
    arrays = [b.vertices, b.triangles, b.triangle_building, b.triangle_surface, b.triangle_offsets,
              *b.attributes.values(), *b.face_data.values(), b._areas, b._normals]
    return rows, extent, _nbytes(arrays)


def _ground(city: City) -> tuple[list[tuple[str, str]], tuple | None, int]:
    rows: list[tuple[str, str]] = []
    boxes = []
    arrays: list[np.ndarray] = []
    t = city.terrain
    if t is not None:
        report = getattr(city, "terrain_report", None)
        rows.append(("Terrain grid (cells)", _cells(t.shape)))
        rows.append(("Terrain cell size (m)", _cell_size(t.dx, t.dy)))
        if report is not None and tuple(report.source_shape) != tuple(t.shape):
            rows.append(("Terrain source grid (cells)", _cells(report.source_shape)))
            rows.append(("Terrain simplification error, max / RMS (m)",
                         f"{report.max_error_m:.2f} / {report.rms_error_m:.2f}"))
        if report is not None and getattr(report, "source_crs", ""):
            rows.append(("Source CRS", report.source_crs))
        rows.append(("Vertical datum", t.vertical_datum))
        finite = t.heights[np.isfinite(t.heights)]
        if finite.size:
            rows.append(("Altitudes (m)", _range(finite.min() + city.frame.origin[2], finite.max() + city.frame.origin[2])))
        boxes.append(t.extent)
        arrays.append(t.heights)
    rows.append(("Ground patches", _n(len(city.ground))))
    boxes.append(_polygons_bounds(p.polygon for p in city.ground))
    arrays += _polygon_arrays(p.polygon for p in city.ground)
    return rows, _union(boxes), _nbytes(arrays)


#: Counts of ``importers.trees.TreeImportReport`` and their labels: each rule in words (see ``SIZING_RULE``).
_TREE_REPORT_LABELS = (
    ("read", "Inventory rows read"),
    ("height_from_inventory", "Heights as recorded"),
    ("height_from_stage", "Heights from the development stage (young 5 m, young adult 8 m, adult 12 m, mature 18 m)"),
    ("height_from_circumference", "Heights typical of the trunk (16 d^0.6 m)"),
    ("height_default", "Heights by default (8 m)"),
    ("height_implausible", "Implausible heights, drawn by the rule"),
    ("trunk_from_circumference", "Trunks from the circumference (else 2.5 % of the height)"),
)
#: The reasons ``importers.trees`` skips a row for, and their labels.
_TREE_SKIP_LABELS = {
    "no position": "Rows skipped: no position",
    "position not a number": "Rows skipped: position not a number",
    "height or circumference not a number": "Rows skipped: height or circumference not a number",
    "outside Île-de-France": "Rows skipped: outside Île-de-France",
}


def _tree_report_rows(city: City) -> list[tuple[str, str]]:
    """How the inventories' rows were read and their trees sized, summed over the inventory files added."""
    from city.merge import tree_reports_of

    reports = tree_reports_of(city)
    if not reports:
        return []
    rows = [(label, _n(sum(getattr(r, name, 0) for r in reports))) for name, label in _TREE_REPORT_LABELS]
    rows = [rows[0], *(row for row in rows[1:] if row[1] != "0")]  # the rules that sized no tree are left out
    skipped: dict[str, int] = {}
    for r in reports:
        for reason, n in getattr(r, "skipped", {}).items():
            skipped[reason] = skipped.get(reason, 0) + n
    for reason, n in skipped.items():
        if reason in _TREE_SKIP_LABELS:
            rows.append((_TREE_SKIP_LABELS[reason], _n(n)))
        else:
            rows.append(("Rows skipped", f"{reason}: {_n(n)}"))
    return rows


def _trees(city: City) -> tuple[list[tuple[str, str]], tuple | None, int]:
    trees = city.trees
    rows = [("Trees", _n(len(trees)))]
    extent = None
    if len(trees):
        rows.append(("Tree heights (m)", _range(trees.height_m.min(), trees.height_m.max())))
        species = trees.attributes.get("species")
        if species is not None:
            rows.append(("Distinct species", _n(len({s for s in species if s}))))
        lo, hi = trees.positions[:, :2].min(axis=0), trees.positions[:, :2].max(axis=0)
        extent = (lo[0], hi[0], lo[1], hi[1])
    rows += _tree_report_rows(city)
    arrays = [trees.positions, trees.height_m, trees.crown_diameter_m, trees.trunk_diameter_m, *trees.attributes.values()]
    return rows, extent, _nbytes(arrays)


def _polygon_layer(label: str, items: list, city: City) -> tuple[list[tuple[str, str]], tuple | None, int]:
    polygons = [i.polygon for i in items if getattr(i, "polygon", None) is not None]
    boxes = [_polygons_bounds(polygons)]
    arrays = _polygon_arrays(polygons)
    positions = [i.position for i in items if getattr(i, "position", None) is not None]
    if positions:  # sites: a marker each, with or without an outline
        xy = np.asarray(positions)
        boxes.append((xy[:, 0].min(), xy[:, 0].max(), xy[:, 1].min(), xy[:, 1].max()))
        arrays += positions
    return [(label, _n(len(items)))], _union(boxes), _nbytes(arrays)


def _points(city: City) -> tuple[list[tuple[str, str]], tuple | None, int]:
    from city.pointcloud import CLASS_NAMES

    clouds = city.point_clouds
    rows = [("Points", _n(sum(len(c) for c in clouds)))]
    boxes = []
    z = []
    for cloud in clouds:
        rows.append(("Point cloud", cloud.name))
        files = cloud.attributes.get("files")
        if files:
            rows.append(("File", "\n".join(Path(str(f)).name for f in files)))
        rows.append(("Points", _n(len(cloud))))
        if cloud.source_crs:
            rows.append(("Source CRS", cloud.source_crs if len(cloud.source_crs) < 40 else cloud.source_crs[:37] + "…"))
        hist = cloud.class_histogram()
        rows.append(("Points per class", "\n".join(f"{c} {CLASS_NAMES.get(c, '')}: {_n(n)}" for c, n in sorted(hist.items()))))
        if len(cloud):
            x0, x1, y0, y1, z0, z1 = cloud.bounds
            boxes.append((x0, x1, y0, y1))
            z += [z0, z1]
    if z:
        rows.insert(1, ("Altitudes (m)", _range(min(z) + city.frame.origin[2], max(z) + city.frame.origin[2])))
    return rows, _union(boxes), sum(c.memory_bytes for c in clouds)


def _raster_source_rows(attributes: dict) -> list[tuple[str, str]]:
    rows = []
    if attributes.get("source"):
        rows.append(("File", str(attributes["source"])))
    if attributes.get("source_crs"):
        rows.append(("Source CRS", str(attributes["source_crs"])))
    window = attributes.get("window")
    if window is not None:
        rows.append(("Read window", ", ".join(_n(v, 1) for v in window)))
    return rows


def _imagery(city: City) -> tuple[list[tuple[str, str]], tuple | None, int]:
    rows: list[tuple[str, str]] = []
    for image in city.imagery:
        h, w = image.rgb.shape[:2]
        xmin, xmax, ymin, ymax = image.extent
        rows += [
            ("Image", image.name),
            ("Kind", image.kind),
            ("Size (cells)", _cells((h, w))),
            ("Cell size (m)", _cell_size((xmax - xmin) / w, (ymax - ymin) / h)),
            *_raster_source_rows(image.attributes),
        ]
    return rows, _union(i.extent for i in city.imagery), _nbytes(i.rgb for i in city.imagery)


def _grids(city: City) -> tuple[list[tuple[str, str]], tuple | None, int]:
    rows: list[tuple[str, str]] = []
    for grid in city.grids:
        finite = grid.values[np.isfinite(grid.values)]
        unit = f" {grid.unit}" if grid.unit else ""
        rows += [
            ("Raster", grid.name),
            ("Kind", grid.kind),
            ("Size (cells)", _cells(grid.values.shape)),
            ("Cell size (m)", _cell_size(grid.dx, grid.dy)),
        ]
        if finite.size:
            rows.append(("Values", _range(finite.min(), finite.max(), 2) + unit))
        rows.append(("No-data cells", _n(grid.values.size - finite.size)))
        rows += _raster_source_rows(grid.attributes)
    return rows, _union(g.extent for g in city.grids), _nbytes(g.values for g in city.grids)


def layer_properties(city: City, key: str) -> list[tuple[str, str]]:
    """(label, value) rows describing layer ``key`` of ``city``: source, CRS, extent, counts, memory.

    Raises KeyError for a key that is not a layer.
    """
    builders = {
        "buildings": lambda: _buildings(city),
        "ground": lambda: _ground(city),
        "trees": lambda: _trees(city),
        "zones": lambda: _polygon_layer("Zones", city.zones, city),
        "parcels": lambda: _polygon_layer("Parcels", city.parcels, city),
        "sites": lambda: _polygon_layer("Sites", city.sites, city),
        "points": lambda: _points(city),
        "imagery": lambda: _imagery(city),
        "grids": lambda: _grids(city),
    }
    if key not in builders:
        raise KeyError(f"no layer {key!r}: layers are {', '.join(builders)}")
    counts, extent, nbytes = builders[key]()
    return [
        *_source_rows(city, key),
        *_extent_rows(city, extent),
        *counts,
        ("Memory (MB)", f"{nbytes / 1e6:.2f}"),
    ]
