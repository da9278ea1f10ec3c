"""Projects between the file (:mod:`city.project`) and a running session: rebuild the city a project names.

No Qt here: the window (``app.project_ui``) and the command line (``maquette
export ... PROJECT.maquette``) both rebuild a city through
:func:`city_from_project`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from city.model import City
from city.project import SUFFIX, LayerRef, Project, ProjectError, load


@dataclasses.dataclass
class OpenedProject:
    """A city rebuilt from a project, the sources it came from, and what the user must be told."""

    city: City
    sources: list[tuple[Path, str | None]]
    uses_demo_district: bool
    warnings: list[str]


def is_project(path: Path) -> bool:
    return path.suffix.lower() == SUFFIX or path.name.lower().endswith(SUFFIX + ".autosave")


def make_project(name: str, sources: list[tuple[Path, str | None]], uses_demo_district: bool, city: City,
                 overlays: dict[str, Any] | None = None, previous: Project | None = None) -> Project:
    """A project naming the data of the session (with a checksum of each file) and its settings."""
    base = previous or Project()
    known = {layer.path: layer for layer in base.layers}
    layers = []
    for path, crs in sources:
        resolved = str(Path(path).resolve())
        old = known.get(resolved)
        if old is not None and old.crs == crs and old.status() == "ok":
            layers.append(old)  # unchanged: no need to hash it again
        else:
            layers.append(LayerRef.of(path, crs))
    return dataclasses.replace(
        base, name=name, crs=city.crs, origin=[float(v) for v in city.frame.origin], layers=layers,
        uses_demo_district=uses_demo_district, overlays=dict(overlays or {}),
    )


def city_from_project(
    project: Project,
    base_dir: Path | None = None,
    *,
    progress: Callable[[float, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> OpenedProject:
    """Read every file the project names and assemble the city (in a new object: nothing shown changes).

    A missing file is left out and reported; a file that changed since it was
    added is read and reported. Raises :class:`ProjectError` when nothing is left
    to show, and the importers' errors (naming the file) when a file cannot be read.
    """
    from city.merge import add_layers
    from importers import open_city
    from importers.layers import open_layer

    warnings: list[str] = []
    present: list[LayerRef] = []
    for layer in project.layers:
        status = layer.status(base_dir)
        if status == "missing":
            warnings.append(f"{layer.path}: missing, left out")
            continue
        if status == "changed":
            warnings.append(f"{layer.path}: changed since it was added to the project, read as it is now")
        present.append(layer)
    if not project.uses_demo_district and not present:
        raise ProjectError(f"{project.name}: none of the project's files can be found")
    city: City | None = None
    if project.uses_demo_district:
        from city.district import generate_district

        city = generate_district()
    total = max(1, len(present))
    sources: list[tuple[Path, str | None]] = []
    for k, layer in enumerate(present):
        path = layer.resolved(base_dir)

        def sub(fraction: float, message: str = "", k: int = k, name: str = path.name) -> None:
            if progress is not None:
                progress((k + fraction) / total, f"{name}: {message}")

        options = dict(layer.options)
        if isinstance(options.get("placement"), dict):  # a project model, where the user placed it
            from city.placement import ModelPlacement

            try:
                options["placement"] = ModelPlacement.from_dict(options["placement"])
            except (TypeError, ValueError) as exc:
                raise ProjectError(f"{project.name}: placement of {path.name} is not valid ({exc})") from None
        if city is None:
            part = open_city(path, crs=layer.crs, progress=sub, cancel=cancel, **options)
        else:  # a later layer: a raster is read only where the city is
            part = open_layer(path, city, crs=layer.crs, progress=sub, cancel=cancel, **options)
        city = part if city is None else add_layers(city, part)
        sources.append((path, layer.crs))
    assert city is not None
    if project.name and not project.uses_demo_district:
        city = dataclasses.replace(city, name=project.name)
    return OpenedProject(city, sources, project.uses_demo_district, warnings)


def open_project_file(path: Path, **options) -> OpenedProject:
    """:func:`load` then :func:`city_from_project`, relative paths taken from the project's folder."""
    project = load(path)
    return city_from_project(project, path.parent, **options)


__all__ = ["OpenedProject", "city_from_project", "is_project", "make_project", "open_project_file"]
