"""A greening scenario: the trees a planner plants and the green spaces they mark, on top of the city.

Kept apart from the survey data (it is a proposal, not what exists): saved in
the project in Lambert-93, drawn in its own colours, and merged into the city
only for the analyses (:func:`with_scenario`), so that planted trees shade
the solar analysis and count toward the greening targets.

Planted trees take a stated young-tree size unless the user gives one: 6 m
tall, a 3 m crown and a 0.15 m trunk (a "16/18" nursery tree a few years
after planting), standing on the terrain.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from city.model import City, GroundCover, GroundPatch, Polygon2D, Trees

YOUNG_TREE_HEIGHT_M = 6.0
YOUNG_TREE_CROWN_M = 3.0
YOUNG_TREE_TRUNK_M = 0.15
GREEN_SPACE_KINDS = ("park", "garden", "urban farm")


@dataclass
class PlantedTree:
    """A tree of the scenario, Lambert-93 metres."""

    x: float
    y: float
    species: str = ""
    height_m: float = YOUNG_TREE_HEIGHT_M
    crown_diameter_m: float = YOUNG_TREE_CROWN_M

    def __post_init__(self) -> None:
        self.x, self.y = float(self.x), float(self.y)
        self.height_m, self.crown_diameter_m = float(self.height_m), float(self.crown_diameter_m)
        if not (np.isfinite([self.x, self.y]).all() and 0 < self.height_m < 60 and 0 < self.crown_diameter_m < 40):
            raise ValueError(f"planted tree at ({self.x}, {self.y}): height {self.height_m} m and crown "
                             f"{self.crown_diameter_m} m must be positive and plausible")


@dataclass
class GreenSpace:
    """A new green space of the scenario: its outline in Lambert-93 metres (ring not closed)."""

    name: str
    ring: list[list[float]]
    kind: str = "park"

    def __post_init__(self) -> None:
        ring = np.asarray(self.ring, dtype=np.float64).reshape(-1, 2)
        if len(ring) > 1 and np.array_equal(ring[0], ring[-1]):
            ring = ring[:-1]
        if len(ring) < 3 or not np.isfinite(ring).all():
            raise ValueError(f"green space {self.name!r}: an outline needs 3 points or more")
        if self.kind not in GREEN_SPACE_KINDS:
            raise ValueError(f"green space {self.name!r}: kind must be one of {', '.join(GREEN_SPACE_KINDS)}")
        self.ring = ring.tolist()

    @property
    def area_m2(self) -> float:
        r = np.asarray(self.ring)
        x, y = r[:, 0], r[:, 1]
        return abs(0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


@dataclass
class PlantingScenario:
    trees: list[PlantedTree] = field(default_factory=list)
    green_spaces: list[GreenSpace] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.trees) + len(self.green_spaces)

    def green_space_m2(self) -> float:
        return float(sum(g.area_m2 for g in self.green_spaces))

    def to_dict(self) -> dict[str, Any]:
        return {"trees": [dataclasses.asdict(t) for t in self.trees],
                "green_spaces": [dataclasses.asdict(g) for g in self.green_spaces]}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> PlantingScenario:
        """The inverse of :meth:`to_dict`; ValueError names what is wrong."""
        data = data or {}
        try:
            return cls([PlantedTree(**t) for t in data.get("trees", [])],
                       [GreenSpace(**g) for g in data.get("green_spaces", [])])
        except TypeError as exc:
            raise ValueError(f"planting scenario: unexpected content ({exc})") from None

    def trees_local(self, city: City) -> Trees:
        """The planted trees as :class:`Trees` in the city's local frame, standing on its terrain."""
        n = len(self.trees)
        if not n:
            return Trees.empty()
        xy = np.array([[t.x, t.y] for t in self.trees]) - city.frame.origin_array[:2]
        z = city.ground_height_at(xy[:, 0], xy[:, 1])
        z = np.where(np.isfinite(z), z, 0.0)
        crowns = np.array([t.crown_diameter_m for t in self.trees])
        return Trees(
            [f"planted-{k + 1}" for k in range(n)], np.column_stack([xy, z]),
            np.array([t.height_m for t in self.trees]), crowns, np.full(n, YOUNG_TREE_TRUNK_M),
            {"species": np.array([t.species for t in self.trees], dtype=object),
             "planted": np.ones(n, dtype=bool)},
        )

    def spaces_local(self, city: City) -> list[GroundPatch]:
        origin = city.frame.origin_array[:2]
        return [GroundPatch(GroundCover.PARK, Polygon2D(np.asarray(g.ring) - origin), g.name) for g in self.green_spaces]


def with_scenario(city: City, scenario: PlantingScenario | None) -> City:
    """The city as the scenario would make it, for the analyses: planted trees added, green spaces as parks.

    The buildings are the same object: analysis results written to their
    ``face_data`` land in the city shown.
    """
    if scenario is None or not len(scenario):
        return city
    planted = scenario.trees_local(city)
    trees = city.trees
    if len(planted):
        if len(trees):
            keys = list(dict.fromkeys([*trees.attributes, *planted.attributes]))

            def column(t: Trees, k: str) -> np.ndarray:
                return np.asarray(t.attributes.get(k, np.full(len(t), None, dtype=object)), dtype=object)

            trees = Trees([*trees.ids, *planted.ids], np.concatenate([trees.positions, planted.positions]),
                          np.concatenate([trees.height_m, planted.height_m]),
                          np.concatenate([trees.crown_diameter_m, planted.crown_diameter_m]),
                          np.concatenate([trees.trunk_diameter_m, planted.trunk_diameter_m]),
                          {k: np.concatenate([column(trees, k), column(planted, k)]) for k in keys})
        else:
            trees = planted
    return dataclasses.replace(city, trees=trees, ground=[*city.ground, *scenario.spaces_local(city)])


__all__ = ["GreenSpace", "PlantedTree", "PlantingScenario", "with_scenario"]
