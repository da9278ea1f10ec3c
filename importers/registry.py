"""Which importer reads which file: suffixes, sniffed content, lazy loading.

Readers are named by ``"module:function"`` strings and imported only when a
file of their kind is opened, so an optional heavy package (ifcopenshell,
rasterio) costs nothing until it is needed, and its absence is a
:class:`~importers.errors.MissingDependency` for that format only (trimesh's
``*_loaders`` tables and PyVista's reader registry work the same way).

The content decides over the suffix: the first bytes are sniffed and a
CityJSON file named ``.geojson`` (or ``.txt``) is read as CityJSON. A ZIP
archive is read as the Shapefile it holds (and refused, saying why, when it
holds none or several). Formats that are recognised but not read yet (gzip of
anything but CityGML) raise :class:`~importers.errors.UnsupportedFormat` saying so.
"""

from __future__ import annotations

import importlib
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from city.model import City
from importers._common import CancelCallback, ProgressCallback
from importers.errors import ImporterError, InvalidFile, MissingDependency, UnsupportedFormat


@dataclass(frozen=True)
class Format:
    """One file format an importer reads."""

    name: str
    label: str
    """For the File > Open dialog."""
    suffixes: tuple[str, ...]
    """Lower-case, longest first where they overlap (``.city.json`` before ``.json``)."""
    reader: str
    """``"module:function"``, imported on first use."""
    extra: str | None = None
    """The pip extra that provides the reader's optional dependencies, if any."""


FORMATS: tuple[Format, ...] = (
    Format("cityjson", "CityJSON", (".city.json", ".cityjson"), "importers.cityjson:read_cityjson"),
    Format("cityjsonseq", "CityJSON Text Sequence", (".city.jsonl", ".jsonl"), "importers.cityjson:read_cityjson"),
    Format("geojson", "GeoJSON footprints, zones and tree inventories", (".geojson",), "importers.registry:read_geojson_any"),
    Format("tiff", "GeoTIFF rasters (terrain, orthophotos, NDVI)", (".tif", ".tiff"), "importers.raster:read_raster"),
    Format("trees_csv", "Tree inventory (CSV)", (".csv",), "importers.trees:read_tree_inventory"),
    Format("las", "LAS/LAZ point clouds", (".laz", ".las"), "importers.las:read_las"),
    Format("citygml", "CityGML 2.0/3.0", (".gml.gz", ".xml.gz", ".gml", ".xml"), "importers.citygml:read_citygml"),
    Format("geopackage", "GeoPackage (footprints, parcels, zones)", (".gpkg",), "importers.vector:read_vector"),
    Format("shapefile", "Shapefile footprints", (".shp",), "importers.vector:read_vector"),
    Format("zip", "Zipped Shapefile footprints", (".zip",), "importers.vector:read_shapefile_zip"),
    Format("ifc", "IFC project models (IFC2x3, IFC4)", (".ifc",), "importers.ifc:read_ifc", extra="ifc"),
    Format("gltf", "glTF project models", (".gltf",), "importers.models:read_model"),
    Format("glb", "glTF binary project models (GLB)", (".glb",), "importers.models:read_model"),
    Format("obj", "Wavefront OBJ project models", (".obj",), "importers.models:read_model"),
    Format("ply", "PLY project models", (".ply",), "importers.models:read_model"),
    Format("stl", "STL project models", (".stl",), "importers.models:read_model"),
)
_BY_NAME = {f.name: f for f in FORMATS}

# Known formats that no importer reads yet: a clear message instead of "unknown file".
_NOT_YET = {
    "gzip": "gzip-compressed",
}
_NOT_YET_SUFFIXES = {
    ".gz": "gzip",
}

SNIFF_BYTES = 64 * 1024


def sniff(head: bytes) -> str | None:
    """The format of a file from its first bytes, or None.

    JSON formats are told apart by the members they must have: a CityJSON
    file's ``"CityObjects"`` may come after megabytes of vertices, so the
    ``"type"`` values are looked at too.
    """
    if not head:
        return None
    if head[:2] == b"\x1f\x8b":
        # gzipped CityGML is read as such; other gzipped content is not read yet.
        return "citygml" if sniff(_gunzipped_head(head)) == "citygml" else "gzip"
    if head[:4] == b"PK\x03\x04":
        return "zip"
    if head[:16] == b"SQLite format 3\x00":
        return "geopackage"
    if head[:4] == b"glTF":
        return "glb"
    if head[:4] == b"LASF":
        return "las"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"ISO-10303-21"):
        return "ifc"
    if text.startswith(b"ply"):
        return "ply"
    if text.startswith(b"<"):
        if re.search(rb"CityModel|opengis\.net/citygml", text):
            return "citygml"
        return None
    if text.startswith((b"{", b"[")):
        if re.search(rb'"type"\s*:\s*"CityJSON"', text):
            first_line = text.split(b"\n", 1)[0]
            if b"\n" in text.strip() and re.search(rb'"type"\s*:\s*"CityJSON"', first_line):
                following = text.split(b"\n", 1)[1]
                if re.search(rb'"type"\s*:\s*"CityJSONFeature"', following):
                    return "cityjsonseq"
            return "cityjson"
        if re.search(rb'"type"\s*:\s*"CityJSONFeature"', text):
            return "cityjsonseq"
        if re.search(rb'"CityObjects"\s*:', text):
            return "cityjson"
        if re.search(rb'"asset"\s*:\s*\{', text) and re.search(rb'"version"\s*:\s*"2', text):
            return "gltf"
        if re.search(rb'"type"\s*:\s*"(FeatureCollection|Feature)"', text) or re.search(rb'"features"\s*:', text):
            return "geojson"
        return None
    return None


def _gunzipped_head(head: bytes) -> bytes:
    """The start of what a gzip stream holds (as much as ``head`` gives), or b"" when it cannot be read."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


def format_for(path: str | PathLike[str], head: bytes | None = None) -> Format:
    """The format to read ``path`` with: sniffed content first, then the suffix.

    Raises
    ------
    UnsupportedFormat
        When neither the content nor the suffix names a format we read.
    """
    path = Path(path)
    if head is None:
        try:
            with path.open("rb") as fh:
                head = fh.read(SNIFF_BYTES)
        except FileNotFoundError:
            raise ImporterError(path, "no such file") from None
        except OSError as e:
            raise ImporterError(path, f"cannot be read ({e.strerror or e})") from None
    sniffed = sniff(head)
    if sniffed in _BY_NAME:
        return _BY_NAME[sniffed]
    name = path.name.lower()
    by_suffix = next((f for f in FORMATS for s in f.suffixes if name.endswith(s)), None)
    if sniffed in _NOT_YET:
        raise UnsupportedFormat(path, f"{_NOT_YET[sniffed]} files cannot be imported yet")
    if by_suffix is not None:
        # Content we do not recognise under a suffix we know: the reader says what is wrong
        # with it (empty, truncated, not JSON...).
        return by_suffix
    if name.endswith(".json"):
        if not head.strip():
            raise InvalidFile(path, "the file is empty", location="byte 0")
        # CityJSON writers may put megabytes of vertices before "CityObjects":
        # look through the whole file (a C-speed scan), else let the GeoJSON
        # reader say what is wrong.
        return _BY_NAME["cityjson" if _file_contains(path, b'"CityObjects"') else "geojson"]
    suffix = Path(name).suffix
    if suffix in _NOT_YET_SUFFIXES:
        raise UnsupportedFormat(path, f"{_NOT_YET[_NOT_YET_SUFFIXES[suffix]]} files cannot be imported yet")
    if not head.strip():
        raise InvalidFile(path, "the file is empty", location="byte 0")
    known = ", ".join(s for f in FORMATS for s in f.suffixes)
    raise UnsupportedFormat(path, f"not a file format Maquette reads (it reads {known})")


_FIRST_GEOMETRY = re.compile(rb'"geometry"\s*:\s*\{\s*"type"\s*:\s*"(\w+)"')
_PLANT_MARK = re.compile(rb'"(id_chauff|combustib)"\s*:')


def read_geojson_any(path: str | PathLike[str], *, kind: str | None = None, **options: Any) -> City:
    """GeoJSON: points are a tree inventory, polygons footprints, zones or heating plants.

    ``kind`` ("trees", "heating_plants", "buildings", "zones") forces one reading.
    """
    if kind is None:
        with Path(path).open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
        first = _FIRST_GEOMETRY.search(head)
        if first is not None and first.group(1) in (b"Point", b"MultiPoint"):
            kind = "trees"
        elif _PLANT_MARK.search(head):
            kind = "heating_plants"
    if kind == "heating_plants":
        from importers.sites import read_heating_plants

        return read_heating_plants(path, crs=options.get("crs"), progress=options.get("progress"), cancel=options.get("cancel"))
    if kind == "trees":
        from importers.trees import read_tree_inventory

        return read_tree_inventory(path, crs=options.get("crs"), progress=options.get("progress"), cancel=options.get("cancel"))
    from importers.geojson import read_geojson

    return read_geojson(path, kind=kind, **options)


def _file_contains(path: Path, needle: bytes) -> bool:
    import mmap

    try:
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
            return view.find(needle) >= 0
    except (OSError, ValueError):
        return False


def load_reader(fmt: Format, path: str | PathLike[str]) -> Callable[..., City]:
    """Import a format's reader function, turning a missing optional package into :class:`MissingDependency`."""
    module_name, _, function = fmt.reader.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name and not e.name.startswith(("importers", "city")):
            raise MissingDependency(path, e.name.split(".")[0], fmt.extra) from e
        raise
    return getattr(module, function)


def open_city(
    path: str | PathLike[str],
    *,
    crs: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    **options: Any,
) -> City:
    """Read any supported file into a new :class:`~city.model.City` in Lambert-93.

    Parameters
    ----------
    path : path-like
    crs : str, optional
        CRS of the file's coordinates, for files that carry none (or to override theirs).
    progress : callable(fraction, message), optional
        Called with a fraction in 0..1 and what is being done.
    cancel : callable() -> bool, optional
        Polled between stages; when it returns True the import stops with
        :class:`~importers.errors.Cancelled`.
    **options
        Passed to the format's reader (``lod=`` for CityJSON, ``kind=`` for GeoJSON...).

    Returns
    -------
    City
        A new city; nothing existing is touched, so a failed or cancelled
        import leaves the open project as it was.

    Raises
    ------
    ImporterError
        (:class:`~importers.errors.UnsupportedFormat`, :class:`~importers.errors.InvalidFile`,
        :class:`~importers.errors.CrsRequired`, :class:`~importers.errors.MissingDependency`,
        :class:`~importers.errors.Cancelled`), always naming the file.
    """
    fmt = format_for(path)
    reader = load_reader(fmt, path)
    return reader(path, crs=crs, progress=progress, cancel=cancel, **options)


def file_dialog_filters() -> list[tuple[str, list[str]]]:
    """(label, glob patterns) for a File > Open dialog, "all supported" first and "all files" last."""
    filters: list[tuple[str, list[str]]] = []
    everything: list[str] = []
    for fmt in FORMATS:
        patterns = [f"*{s}" for s in fmt.suffixes]
        filters.append((fmt.label, patterns))
        everything.extend(p for p in patterns if p not in everything)
    # Many CityJSON and GeoJSON files are plain .json: the content decides.
    everything.append("*.json")
    filters.append(("JSON (CityJSON or GeoJSON, detected)", ["*.json"]))
    return [("All supported files", everything), *filters, ("All files", ["*"])]


__all__ = ["FORMATS", "Format", "file_dialog_filters", "format_for", "load_reader", "open_city", "sniff"]
