"""What an import did, for the user and for tests: :class:`ImportReport`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ImportReport:
    """Counts and decisions of one import, attached to the city as ``city.import_report``.

    Nothing an importer drops, repairs or guesses goes unrecorded: a user
    comparing the model with the file reads here why they differ.

    Attributes
    ----------
    source : str
        File name.
    format : str
        ``"CityJSON 2.0"``, ``"CityJSONSeq 2.0"``, ``"GeoJSON"``...
    source_crs : str or None
        CRS of the file's coordinates (as read, or as given by the caller).
    crs_from : str
        ``"file"`` or ``"caller"``.
    kind : str
        ``"buildings"`` or ``"zones"`` (what the file was read as).
    lod : str or None
        LoD asked for (None: the highest of each building).
    buildings, triangles, zones, ground_patches : int
        What the city holds.
    dropped_faces : int
        Zero-area faces (polygons) of the file left out.
    degenerate_triangles : int
        Zero-area triangles left out after triangulation (collinear points).
    faces_without_semantics : int
        Building faces with no semantic surface: stored as ``SurfaceType.OTHER``.
    imported : Counter
        Objects of the file that made it into the city, by type (``"Building"``,
        ``"BuildingPart"`` (merged into their building), ``"Road"``...).
    skipped : Counter
        Objects or features not imported, by reason (``"GenericCityObject"``,
        ``"Bridge"``, ``"Point geometry"``, ``"no geometry at LoD 2.2"``...).
    repaired : Counter
        Geometry fixed on the way in, by kind (``"unclosed ring"``,
        ``"invalid polygon (make_valid)"``, ``"duplicate id"``...).
    height_rules : Counter
        Footprints only: how many buildings took their height from each rule
        (``"attribute"``, ``"levels x 3 m"``, ``"default 9 m"``).
    base_rules : Counter
        Footprints only: where each building's base altitude came from.
    notes : list of str
        Anything else a user should know (e.g. coordinates that look like lon/lat).
    """

    source: str
    format: str
    source_crs: str | None = None
    crs_from: str = "file"
    kind: str = "buildings"
    lod: str | None = None
    buildings: int = 0
    triangles: int = 0
    zones: int = 0
    ground_patches: int = 0
    dropped_faces: int = 0
    degenerate_triangles: int = 0
    faces_without_semantics: int = 0
    imported: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    repaired: Counter[str] = field(default_factory=Counter)
    height_rules: Counter[str] = field(default_factory=Counter)
    base_rules: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    @property
    def skipped_objects(self) -> int:
        """Total of :attr:`skipped`."""
        return sum(self.skipped.values())

    def as_dict(self) -> dict[str, Any]:
        """Plain values (for logs, the project file and the status bar)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            out[name] = (
                dict(value) if isinstance(value, Counter) else (list(value) if isinstance(value, list) else value)
            )
        return out

    def summary(self) -> str:
        """One line for a status bar."""
        parts = [f"{self.source}: {self.buildings} buildings"]
        if self.zones:
            parts.append(f"{self.zones} zones")
        if self.ground_patches:
            parts.append(f"{self.ground_patches} ground patches")
        if self.skipped:
            parts.append(f"{self.skipped_objects} objects skipped")
        if self.dropped_faces:
            parts.append(f"{self.dropped_faces} zero-area faces dropped")
        if self.repaired:
            parts.append(f"{sum(self.repaired.values())} geometries repaired")
        return ", ".join(parts)


__all__ = ["ImportReport"]
