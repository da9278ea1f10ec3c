"""The greening scenario: planted trees and green spaces, saved as plain data, merged for the analyses."""

from __future__ import annotations

import json

import numpy as np
import pytest

from city.scenario import GreenSpace, PlantedTree, PlantingScenario, with_scenario


def test_scenario_round_trips_through_json_and_rejects_nonsense():
    s = PlantingScenario([PlantedTree(649700.0, 6865900.0, "Tilia cordata")],
                         [GreenSpace("Square Cardinet", [[0, 0], [100, 0], [100, 50], [0, 50]], "garden")])
    again = PlantingScenario.from_dict(json.loads(json.dumps(s.to_dict())))
    assert again == s
    assert again.green_space_m2() == pytest.approx(5000.0)
    with pytest.raises(ValueError, match="3 points"):
        GreenSpace("line", [[0, 0], [1, 1]])
    with pytest.raises(ValueError, match="kind"):
        GreenSpace("x", [[0, 0], [1, 0], [1, 1]], "car park")
    with pytest.raises(ValueError, match="plausible"):
        PlantedTree(0, 0, height_m=-3)
    with pytest.raises(ValueError, match="scenario"):
        PlantingScenario.from_dict({"trees": [{"x": 1, "y": 2, "colour": "red"}]})


def test_planted_trees_stand_on_the_terrain_and_join_the_city_for_the_analyses(demo_city):
    x0, y0 = demo_city.frame.origin[:2]
    s = PlantingScenario([PlantedTree(x0 + 10, y0 + 20, "Acer"), PlantedTree(x0 - 30, y0 + 5)],
                         [GreenSpace("new park", [[x0, y0], [x0 + 50, y0], [x0 + 50, y0 + 40]])])
    merged = with_scenario(demo_city, s)
    assert len(merged.trees) == len(demo_city.trees) + 2
    assert merged.buildings is demo_city.buildings  # results of the analyses land in the city shown
    planted = merged.trees.positions[-2:]
    assert planted[0, :2] == pytest.approx([10.0, 20.0])
    assert planted[:, 2] == pytest.approx(demo_city.ground_height_at(planted[:, 0], planted[:, 1]))
    assert merged.trees.attributes["planted"][-1] is True or merged.trees.attributes["planted"][-1] == True  # noqa: E712
    assert len(merged.ground) == len(demo_city.ground) + 1
    assert with_scenario(demo_city, PlantingScenario()) is demo_city
    assert len(demo_city.trees) == len(merged.trees) - 2  # the city itself is untouched
