"""The project file (``.maquette``): what a session is made of, saved without ever losing the previous version.

A project names the data it shows (by path, with a size and SHA-256 to tell
when a file changed since), and holds what the users made on top: zones,
viewpoints and tours, comments pinned in 3D, overlay settings, and the
placement of project models. It is JSON (UTF-8), versioned: version 2 added named tours (each its own
order of viewpoints and timing) and the logbook in use; version 1 files
still open (their automatic "all viewpoints" tour is the default again).
Later version 2 files also name the chosen tour (``chosen_tour``); readers
that predate it ignore it, and files without it choose their first tour.

Saving never destroys the previous version: the new content is written to a
temporary file beside the project, flushed and ``fsync``-ed, the previous
file becomes ``NAME.maquette.bak``, and the new one is moved into place with
an atomic rename (then the folder is synced). A crash at any moment leaves
either the old or the new project whole, and the backup. Autosave writes the
same way to ``NAME.maquette.autosave``, which :func:`recover` offers back.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from city.atomic import atomic_open

FORMAT = "maquette-project"
VERSION = 2
SUFFIX = ".maquette"


class ProjectError(ValueError):
    """A project file cannot be read: the message names the file, where and why."""


@dataclass
class LayerRef:
    """A data file shown in the project, as it was when added."""

    path: str
    sha256: str = ""
    size: int = 0
    crs: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, path: str | os.PathLike[str], crs: str | None = None, **options: Any) -> LayerRef:
        p = Path(path)
        return cls(str(p.resolve()), file_sha256(p), p.stat().st_size, crs, dict(options))

    def status(self, base: Path | None = None) -> str:
        """'ok', 'missing' or 'changed' (the file is no longer the one that was added)."""
        p = self.resolved(base)
        if not p.is_file():
            return "missing"
        if p.stat().st_size != self.size or (self.sha256 and file_sha256(p) != self.sha256):
            return "changed"
        return "ok"

    def resolved(self, base: Path | None = None) -> Path:
        p = Path(self.path)
        return p if p.is_absolute() or base is None else (base / p)


@dataclass
class ViewpointRef:
    name: str
    position: list[float]
    focal_point: list[float]
    up: list[float] = field(default_factory=lambda: [0.0, 0.0, 1.0])
    view_angle: float = 30.0


@dataclass
class Tour:
    """A named tour: viewpoint names in the order they are shown, the flight between two and the pause on each (s)."""

    name: str
    viewpoints: list[str] = field(default_factory=list)
    transition_s: float = 2.0
    hold_s: float = 3.0

    def check(self, source: str = "project") -> None:
        """Raise :class:`ProjectError` for timings no player can follow."""
        if not (math.isfinite(self.transition_s) and 0.1 <= self.transition_s <= 120):
            raise ProjectError(f"{source}: tour {self.name!r}: transition_s must be 0.1-120 s, got {self.transition_s!r}")
        if not (math.isfinite(self.hold_s) and 0 <= self.hold_s <= 600):
            raise ProjectError(f"{source}: tour {self.name!r}: hold_s must be 0-600 s, got {self.hold_s!r}")


@dataclass
class LogbookRef:
    """The building logbook open in the session: where, and whether it was open for editing.

    ``path`` is relative to the project file's folder when the project was saved
    with one (the pair moves together); ``absolute_path`` is where it was then.
    ``sample``: the demo district's generated sample logbook (made again if gone).
    ``location``: a logbook that is not a file (a shared server's store), as its
    :attr:`~city.logbook.LogbookStore.location` (``path`` is then empty); written
    only when set, so that files of logbooks stay as earlier versions wrote them.
    """

    path: str
    read_only: bool = False
    sample: bool = False
    absolute_path: str = ""
    location: str = ""

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        if not self.location:
            del doc["location"]
        return doc

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> LogbookRef:
        """From a project file; keys of later versions are ignored."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in doc.items() if k in names})

    @classmethod
    def of(cls, logbook: str | os.PathLike[str], project_path: str | os.PathLike[str] | None, *,
           read_only: bool = False, sample: bool = False) -> LogbookRef:
        absolute = Path(logbook).resolve()
        path = str(absolute)
        if project_path is not None:
            try:
                path = os.path.relpath(absolute, Path(project_path).resolve().parent)
            except ValueError:  # another drive (Windows): absolute only
                pass
        return cls(Path(path).as_posix() if not Path(path).is_absolute() else path, read_only, sample, str(absolute))

    def candidates(self, base: Path | None) -> list[Path]:
        """Where to look, in order: beside the project as saved, then where it was (none: not a file)."""
        if not self.path:
            return []
        p = Path(self.path)
        out = [p if p.is_absolute() or base is None else base / p]
        if self.absolute_path and Path(self.absolute_path) not in out:
            out.append(Path(self.absolute_path))
        return out

    def find(self, base: Path | None) -> Path | None:
        """The logbook file, or None when it is in none of :meth:`candidates`."""
        return next((p for p in self.candidates(base) if p.is_file()), None)


@dataclass
class Comment:
    """A remark pinned at a 3D position during a session (local metres)."""

    text: str
    position: list[float]
    author: str = ""
    time: str = ""
    category: str = ""


@dataclass
class Project:
    name: str = "Untitled"
    crs: str = "EPSG:2154"
    origin: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    layers: list[LayerRef] = field(default_factory=list)
    uses_demo_district: bool = True
    viewpoints: list[ViewpointRef] = field(default_factory=list)
    tours: list[Tour] = field(default_factory=list)
    """Named tours, in the order the user lists them; none: the tour is every viewpoint in order."""
    comments: list[Comment] = field(default_factory=list)
    zones: list[dict[str, Any]] = field(default_factory=list)
    overlays: dict[str, Any] = field(default_factory=dict)
    placements: dict[str, dict[str, Any]] = field(default_factory=dict)
    scenario: dict[str, Any] = field(default_factory=dict)
    """The greening scenario (:class:`city.scenario.PlantingScenario` as a dict): planted trees, new green spaces."""
    logbook: LogbookRef | None = None
    """The building logbook open when saved (reopened with the project)."""
    chosen_tour: str | None = None
    """The tour chosen to play, present and export ("": every viewpoint in order); None: not saved
    (a file written before it was), the first tour."""

    def tour(self, name: str) -> Tour:
        """The tour called ``name``; KeyError names the tours there are."""
        for tour in self.tours:
            if tour.name == name:
                return tour
        raise KeyError(f"no tour {name!r} (tours: {', '.join(t.name for t in self.tours) or 'none'})")

    def to_json(self) -> str:
        doc = {"format": FORMAT, "version": VERSION, **asdict(self)}
        if self.logbook is not None:
            doc["logbook"] = self.logbook.to_dict()
        return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False)

    @classmethod
    def from_json(cls, text: str, source: str = "project") -> Project:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProjectError(f"{source}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ProjectError(f"{source}: not a Maquette project (no \"format\": \"{FORMAT}\")")
        version = doc.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise ProjectError(f"{source}: project version {version!r} is newer than this Maquette reads ({VERSION})")
        try:
            viewpoints = [ViewpointRef(**v) for v in doc.get("viewpoints", [])]
            tours = _read_tours(doc.get("tours", []), [v.name for v in viewpoints], source)
            chosen_tour = doc.get("chosen_tour")
            if chosen_tour is not None and not isinstance(chosen_tour, str):
                raise ProjectError(f"{source}: \"chosen_tour\" must be a tour's name, got {chosen_tour!r}")
            if chosen_tour and chosen_tour not in (t.name for t in tours):
                chosen_tour = None  # edited by hand since: the first tour, as before it was saved
            logbook = doc.get("logbook")
            project = cls(
                name=str(doc.get("name", "Untitled")),
                crs=str(doc.get("crs", "EPSG:2154")),
                origin=[float(v) for v in doc.get("origin", [0, 0, 0])],
                layers=[LayerRef(**layer) for layer in doc.get("layers", [])],
                uses_demo_district=bool(doc.get("uses_demo_district", True)),
                viewpoints=viewpoints,
                tours=tours,
                chosen_tour=chosen_tour,
                comments=[Comment(**c) for c in doc.get("comments", [])],
                zones=list(doc.get("zones", [])),
                overlays=dict(doc.get("overlays", {})),
                placements=dict(doc.get("placements", {})),
                scenario=dict(doc.get("scenario", {})),
                logbook=LogbookRef.from_dict(logbook) if logbook is not None else None,
            )
        except ProjectError:
            raise
        except (TypeError, ValueError, AttributeError) as exc:
            raise ProjectError(f"{source}: unexpected content ({exc})") from None
        return project


def _read_tours(raw: Any, viewpoint_names: list[str], source: str) -> list[Tour]:
    """Version 2: a list of tours. Version 1: ``{name: [viewpoint names]}``, where Maquette wrote
    ``{"tour": every viewpoint in order}`` by itself: that one is the default tour, not a named one."""
    if isinstance(raw, dict):
        return [Tour(str(name), [str(n) for n in names]) for name, names in raw.items()
                if not (name == "tour" and list(names) == viewpoint_names)]
    if not isinstance(raw, list):
        raise ProjectError(f"{source}: \"tours\" must be a list, got {type(raw).__name__}")
    tours = []
    for k, item in enumerate(raw):
        if not isinstance(item, dict):
            raise ProjectError(f"{source}: tour {k + 1} is not an object")
        tour = Tour(str(item.get("name", "")), [str(n) for n in item.get("viewpoints", [])],
                    float(item.get("transition_s", 2.0)), float(item.get("hold_s", 3.0)))
        if not tour.name:
            raise ProjectError(f"{source}: tour {k + 1} has no name")
        if tour.name in (t.name for t in tours):
            raise ProjectError(f"{source}: two tours are called {tour.name!r}")
        tour.check(source)
        tours.append(tour)
    return tours


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def save(project: Project, path: str | os.PathLike[str]) -> Path:
    """Save ``project`` to ``path`` (see the module docstring); the previous version becomes ``.bak``.

    Raises OSError (disk full, read-only folder...) with the project file untouched.
    """
    path = Path(path)
    if path.suffix != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    with atomic_open(path, "wb", backup=path.with_name(path.name + ".bak")) as f:
        f.write(project.to_json().encode("utf-8"))
    path.with_name(path.name + ".autosave").unlink(missing_ok=True)  # saved: nothing to recover
    return path


def autosave(project: Project, path: str | os.PathLike[str]) -> Path:
    """Write the crash-recovery copy beside the project (the project file itself is untouched)."""
    path = Path(path)
    target = path.with_name(path.name + ".autosave")
    with atomic_open(target, "wb") as f:
        f.write(project.to_json().encode("utf-8"))
    return target


def load(path: str | os.PathLike[str]) -> Project:
    """Read a project; :class:`ProjectError` names the file and what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProjectError(f"{path.name}: no such project file") from None
    except UnicodeDecodeError as exc:
        raise ProjectError(f"{path.name}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ProjectError(f"{path.name}: cannot be read ({exc.strerror})") from None
    return Project.from_json(text, path.name)


def recover(path: str | os.PathLike[str]) -> Project | None:
    """The autosaved project if it is newer than the saved one (after a crash), else None."""
    path = Path(path)
    auto = path.with_name(path.name + ".autosave")
    if not auto.exists():
        return None
    if path.exists() and path.stat().st_mtime >= auto.stat().st_mtime:
        return None
    try:
        return load(auto)
    except ProjectError:
        return None
