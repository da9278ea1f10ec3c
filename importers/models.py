"""Project models in mesh formats (glTF 2.0 / GLB, Wavefront OBJ, PLY, STL) -> :class:`city.model.City`.

An architect's design, exported from a modelling tool, imported as one
building (see :mod:`importers._project_model`) with the attributes
``project`` (True), ``source_file``, ``units``, ``placed``, ``placement_from``
and ``placement`` (the :class:`~city.placement.ModelPlacement` as JSON).

Reading
-------
trimesh parses the file; a glTF scene's node transforms are applied and its
meshes joined, its points and lines skipped and counted. Before trimesh sees
the bytes, the counts a binary header declares are checked against the file
(GLB total length, binary STL triangle count); an OBJ face pointing at a
vertex the file does not have is reported with its line. Any other parser
failure is an :class:`~importers.errors.InvalidFile` naming the file.

Units and axes
--------------
glTF is in metres, y up, by specification. OBJ, PLY and STL say neither
(unless trimesh finds a unit in the file): a model more than 1,000 units
across is taken as millimetres, otherwise metres
(:data:`~importers._project_model.MM_GUESS_MIN_EXTENT`); OBJ is taken as
y-up (most exporters' habit), PLY and STL as z-up, unless the geometry
clearly says otherwise (:func:`~importers._project_model.guess_up_axis`). Each
guess is a note in ``city.import_report.notes``; the user overrides it with
``placement``.

Placement
---------
These formats carry no geolocation. Without ``placement`` the model's origin
is put at the origin of a frame at (0, 0), the building's ``placed``
attribute is False and a note says "not georeferenced: place it", for the
app to ask where it goes. With ``placement`` (Lambert-93 unless ``crs`` says
otherwise) it is placed there; its scale and up axis are taken as given.
Heights: see :class:`~city.placement.ModelPlacement` (``elevation_m=None``
sets the model on the terrain when it is added to a city).
"""

from __future__ import annotations

import io
import struct
from os import PathLike
from pathlib import Path

import numpy as np

from city.model import City
from city.placement import ModelPlacement
from importers._common import CancelCallback, ProgressCallback, Steps, read_bytes
from importers._project_model import BY_NORMAL, build_model_city, guess_scale, guess_up_axis, to_lambert93
from importers.errors import InvalidFile, UnsupportedFormat
from importers.report import ImportReport

FORMAT_LABELS = {
    "glb": "glTF 2.0 binary (GLB)",
    "gltf": "glTF 2.0",
    "obj": "Wavefront OBJ",
    "ply": "PLY",
    "stl": "STL",
}

DEFAULT_UP_AXIS = {"glb": "y", "gltf": "y", "obj": "y", "ply": "z", "stl": "z"}
"""glTF is y-up by specification; OBJ y-up by the habit of most exporters; PLY and STL (scanners, CAD) z-up."""

_GLB_HEADER = struct.Struct("<4sII")
_STL_HEADER_BYTES = 84
_STL_TRIANGLE_BYTES = 50


def read_model(
    path: str | PathLike[str],
    *,
    crs: str | None = None,
    placement: ModelPlacement | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> City:
    """Read a glTF / GLB, OBJ, PLY or STL project model into a city of one building.

    Parameters
    ----------
    path : path-like
    crs : str, optional
        CRS of ``placement.x`` / ``placement.y`` when they are not Lambert-93.
    placement : ModelPlacement, optional
        Where the model goes; default: not placed (see the module docstring).
    progress : callable(fraction, message), optional
    cancel : callable() -> bool, optional
        Polled between stages; True raises :class:`~importers.errors.Cancelled`.

    Returns
    -------
    City
        One building, id the file's stem, with ``city.import_report``.

    Raises
    ------
    InvalidFile, UnsupportedFormat, Cancelled
    """
    path = Path(path)
    steps = Steps(path, progress, cancel)
    steps(0.0, f"reading {path.name}")
    data = read_bytes(path)
    kind = _kind(path, data)
    _check_header(path, kind, data)
    report = ImportReport(source=path.name, format=FORMAT_LABELS[kind], source_crs=None, kind="buildings")
    steps(0.1, f"parsing {FORMAT_LABELS[kind]}")
    vertices, triangles, stated_scale = _load(path, kind, data, report)
    del data
    steps(0.8, "checking the geometry")

    if placement is not None:
        placement = to_lambert93(path, placement, crs)
        report.source_crs = crs or "EPSG:2154"
        report.crs_from = "caller"
        placed, placement_from = True, "caller"
    else:
        if crs is not None:
            report.notes.append(f"crs {crs} not used: it is the CRS of a placement, and none was given")
        if kind in ("glb", "gltf"):
            scale = 1.0  # metres, by the glTF specification
            up_axis = "y"
        else:
            if stated_scale is not None:
                scale = stated_scale
                report.notes.append(f"units from the file: {stated_scale:g} m per unit")
            else:
                scale, note = guess_scale(vertices[np.unique(triangles)])
                report.notes.append(note)
            up_axis, up_note = guess_up_axis(vertices, triangles, DEFAULT_UP_AXIS[kind])
            if up_note:
                report.notes.append(up_note)
        placement = ModelPlacement(scale=scale, up_axis=up_axis)
        placed, placement_from = False, "not georeferenced"
        report.notes.append("not georeferenced: place it (the model's origin is at the frame's origin, 0, 0)")
    return build_model_city(
        path,
        vertices,
        triangles,
        np.full(len(triangles), BY_NORMAL, dtype=np.uint8),
        placement,
        placed=placed,
        placement_from=placement_from,
        building_id=path.stem,
        attributes={},
        report=report,
        steps=steps,
    )


def _kind(path: Path, data: bytes) -> str:
    """The format from the content where it has a signature, else the suffix."""
    if data[:4] == b"glTF":
        return "glb"
    text = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"ply"):
        return "ply"
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMAT_LABELS:
        return suffix
    if text.startswith(b"{"):
        return "gltf"
    raise UnsupportedFormat(path, f"not a model format Maquette reads ({', '.join(FORMAT_LABELS.values())})")


def _check_header(path: Path, kind: str, data: bytes) -> None:
    """Declared sizes against the bytes, before a parser trusts them."""
    if kind == "glb":
        if len(data) < _GLB_HEADER.size:
            raise InvalidFile(
                path, f"truncated GLB: {len(data)} bytes, shorter than its 12-byte header", location="header"
            )
        _, version, length = _GLB_HEADER.unpack_from(data)
        if version != 2:
            raise UnsupportedFormat(path, f"glTF version {version} is not supported (glTF 2.0 is)")
        if length > len(data):
            raise InvalidFile(
                path, f"truncated GLB: its header says {length:,} bytes, the file has {len(data):,}", location="header"
            )
    elif kind == "stl" and not _is_ascii_stl(data):
        if len(data) < _STL_HEADER_BYTES:
            raise InvalidFile(
                path, f"truncated binary STL: {len(data)} bytes, shorter than its 84-byte header", location="header"
            )
        (count,) = struct.unpack_from("<I", data, 80)
        expected = _STL_HEADER_BYTES + _STL_TRIANGLE_BYTES * count
        if count == 0:
            raise InvalidFile(path, "the STL file holds no triangles", location="header")
        if len(data) < expected:
            raise InvalidFile(
                path,
                f"truncated binary STL: its header declares {count:,} triangles ({expected:,} bytes), "
                f"the file has {len(data):,} bytes",
                location="header",
            )


def _is_ascii_stl(data: bytes) -> bool:
    # Some binary STL headers start with "solid" too: an ASCII file also has facets (or ends its solid).
    head = data[:1024].lstrip()
    return head[:5].lower() == b"solid" and (b"facet" in head or b"endsolid" in data[-1024:])


def _load(path: Path, kind: str, data: bytes, report: ImportReport) -> tuple[np.ndarray, np.ndarray, float | None]:
    """(vertices (v, 3) float64, triangles (t, 3) int64, metres per unit stated by the file or None)."""
    import trimesh

    label = FORMAT_LABELS[kind]
    try:
        loaded = trimesh.load(
            io.BytesIO(data),
            file_type=kind,
            resolver=trimesh.resolvers.FilePathResolver(path),
            process=False,
        )
        geometries = loaded.dump() if isinstance(loaded, trimesh.Scene) else [loaded]
    except FileNotFoundError as e:
        # A .gltf's buffers and textures, an .obj's materials: files beside it.
        missing = Path(str(e.filename or (e.args[0] if e.args else "?"))).name
        raise InvalidFile(path, f"a file it refers to is missing: {missing} (expected beside it)") from None
    except IndexError as e:
        if kind == "obj":
            _raise_bad_obj_face(path, data)
        raise InvalidFile(path, f"not a readable {label} file (IndexError: {e})") from None
    except Exception as e:
        # trimesh's parsers fail with whatever their input made them hit
        # (ValueError, KeyError, struct.error, JSON errors...): all mean a broken file.
        raise InvalidFile(path, f"not a readable {label} file ({type(e).__name__}: {e})") from None

    vertex_parts: list[np.ndarray] = []
    triangle_parts: list[np.ndarray] = []
    offset = 0
    units: set[str | None] = set()
    for geometry in geometries:
        if not isinstance(geometry, trimesh.Trimesh):
            report.skipped[f"{type(geometry).__name__} geometry"] += 1
            continue
        if kind == "obj":
            # trimesh splits vertices per texture coordinate and normal: join them back.
            geometry.merge_vertices(merge_tex=True, merge_norm=True)
        v = np.asarray(geometry.vertices, dtype=np.float64).reshape(-1, 3)
        t = np.asarray(geometry.faces, dtype=np.int64).reshape(-1, 3)
        if len(t) and (t.min() < 0 or t.max() >= len(v)):
            bad = int(t.max() if t.max() >= len(v) else t.min())
            raise InvalidFile(path, f"a face points at vertex {bad + 1}, the mesh has {len(v)}", location="faces")
        vertex_parts.append(v)
        triangle_parts.append(t + offset)
        offset += len(v)
        units.add(getattr(geometry, "units", None))
    triangles = np.concatenate(triangle_parts) if triangle_parts else np.zeros((0, 3), np.int64)
    if not len(triangles):
        what = "only points or lines" if report.skipped else "no faces"
        raise InvalidFile(path, f"the {label} file holds {what}: nothing to import as a building", location="geometry")
    stated = None
    if kind not in ("glb", "gltf") and len(units) == 1 and None not in units:
        try:
            stated = float(trimesh.units.unit_conversion(units.pop(), "meters"))
        except Exception:  # a unit name trimesh does not know: guessed like a file without units
            stated = None
    return np.concatenate(vertex_parts), triangles, stated


def _raise_bad_obj_face(path: Path, data: bytes) -> None:
    """Find the OBJ face that points at a missing vertex, and say where (only called on failure)."""
    lines = data.split(b"\n")
    total = sum(1 for line in lines if line.lstrip().startswith(b"v "))
    seen = 0
    for no, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith(b"v "):
            seen += 1
        elif stripped.startswith(b"f "):
            for token in stripped.split()[1:]:
                try:
                    index = int(token.split(b"/")[0])
                except ValueError:
                    what = token.decode(errors="replace")
                    message = f"line {no}: {what!r} is not a vertex index"
                    raise InvalidFile(path, message, location=f"line {no}") from None
                # Negative indices count back from the last vertex read so far.
                absolute = seen + index + 1 if index < 0 else index
                if not 1 <= absolute <= total:
                    raise InvalidFile(
                        path, f"line {no}: a face points at vertex {index}, the file has {total}", location=f"line {no}"
                    )
    raise InvalidFile(path, "a face points at a vertex, texture coordinate or normal the file does not have")


__all__ = ["read_model"]
