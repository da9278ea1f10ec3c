"""The project file keeps the chosen tour; files written before it choose their first tour."""

from __future__ import annotations

import json

import pytest

from city.project import Project, ProjectError, Tour, ViewpointRef, load, save

VIEWS = [ViewpointRef("a", [1.0, 2.0, 3.0], [0.0, 0.0, 0.0]), ViewpointRef("b", [4.0, 5.0, 6.0], [0.0, 0.0, 0.0])]
TOURS = [Tour("walk", ["a", "b"]), Tour("ride", ["b", "a"], 1.0, 0.5)]


@pytest.mark.parametrize("chosen", ["ride", "", None])
def test_the_chosen_tour_round_trips(tmp_path, chosen):
    path = save(Project(viewpoints=VIEWS, tours=TOURS, chosen_tour=chosen), tmp_path / "p.maquette")
    assert load(path).chosen_tour == chosen


@pytest.mark.parametrize("raw, chosen", [("absent", None), ("gone", None), ("ride", "ride"), ("", "")])
def test_an_older_or_hand_edited_file_falls_back_to_the_first_tour(tmp_path, raw, chosen):
    doc = json.loads(Project(viewpoints=VIEWS, tours=TOURS).to_json())
    doc.pop("chosen_tour")
    if raw != "absent":
        doc["chosen_tour"] = raw
    path = tmp_path / "p.maquette"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert load(path).chosen_tour == chosen


def test_a_chosen_tour_that_is_not_a_name_is_refused_naming_the_file(tmp_path):
    doc = json.loads(Project(viewpoints=VIEWS, tours=TOURS).to_json())
    doc["chosen_tour"] = 3
    path = tmp_path / "p.maquette"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ProjectError, match=r"^p\.maquette: \"chosen_tour\" must be a tour's name, got 3$"):
        load(path)
