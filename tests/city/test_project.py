"""Project files: round trip, changed/missing data, and saves that never lose the previous version."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from city import project as P

REPO = Path(__file__).resolve().parents[2]


def _project(n_comments: int = 3) -> P.Project:
    return P.Project(
        name="Clichy-Batignolles session",
        origin=[649700.0, 6865900.0, 0.0],
        viewpoints=[P.ViewpointRef("park", [0, -800, 400], [0, -300, 40]),
                    P.ViewpointRef("square", [200, 0, 150], [0, 0, 30])],
        tours=[P.Tour("walk", ["square", "park", "square"], transition_s=4.5, hold_s=1.0),
               P.Tour("short", ["park"])],
        logbook=P.LogbookRef("logbooks/city.sqlite", read_only=True, absolute_path="/data/logbooks/city.sqlite"),
        comments=[P.Comment(f"remark {k} — « ici »", [1.0 * k, 2.0, 40.0], "Anne", "2026-11-25T18:00:00Z", "trees")
                  for k in range(n_comments)],
        overlays={"colour_by": "construction_year"},
    )


def test_round_trip_keeps_everything(tmp_path):
    p = _project()
    path = P.save(p, tmp_path / "session")
    assert path.name == "session.maquette"
    assert P.load(path) == p
    loaded = P.load(path)
    assert [t.name for t in loaded.tours] == ["walk", "short"]  # the user's order of tours
    assert loaded.tour("walk").viewpoints == ["square", "park", "square"]
    assert (loaded.tour("walk").transition_s, loaded.tour("walk").hold_s) == (4.5, 1.0)
    assert loaded.logbook.read_only and loaded.logbook.path == "logbooks/city.sqlite"
    with pytest.raises(KeyError, match="tours: walk, short"):
        loaded.tour("night")


def test_layers_know_when_their_file_changed_or_went_away(tmp_path):
    data = tmp_path / "trees.geojson"
    data.write_text('{"type": "FeatureCollection", "features": []}')
    ref = P.LayerRef.of(data)
    assert ref.status() == "ok"
    data.write_text('{"type": "FeatureCollection", "features": [ ]}')
    assert ref.status() == "changed"
    data.unlink()
    assert ref.status() == "missing"


def test_second_save_keeps_the_first_as_backup(tmp_path):
    path = P.save(_project(1), tmp_path / "s.maquette")
    P.save(_project(2), path)
    assert len(P.load(path).comments) == 2
    assert len(P.load(path.with_name("s.maquette.bak")).comments) == 1


def test_a_failed_save_leaves_the_previous_project(tmp_path, monkeypatch):
    path = P.save(_project(1), tmp_path / "s.maquette")
    before = path.read_bytes()

    def disk_full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(P.os, "replace", disk_full)
    with pytest.raises(OSError, match="No space"):
        P.save(_project(5), path)
    assert path.read_bytes() == before
    assert not [f for f in tmp_path.iterdir() if f.suffix == ".tmp"]  # no litter


def test_kill_during_saves_leaves_an_openable_project(tmp_path):
    """A writer saving in a loop is killed with SIGKILL: the project opens, whole, old or new."""
    path = tmp_path / "busy.maquette"
    P.save(_project(0), path)
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from city import project as P\n"
        "k = 0\n"
        "while True:\n"
        "    k += 1\n"
        "    P.save(P.Project(name=str(k), comments=[P.Comment('x' * 200, [0, 0, 0]) for _ in range(2000)]), %r)\n"
    ) % (str(REPO), str(path))
    for delay in (0.3, 0.55, 0.8):
        proc = subprocess.Popen([sys.executable, "-c", code])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        project = P.load(path)  # never half written
        if project.name == "Clichy-Batignolles session":  # killed before its first save finished
            assert len(project.comments) == 0
        else:
            assert int(project.name) >= 1 and len(project.comments) == 2000


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "not valid JSON"),
        (b'{"format": "something else"}', "not a Maquette project"),
        (b'{"format": "maquette-project", "version": 99}', "newer"),
        (b'{"format": "maquette-project", "version": 1, "comments": [{"oops": 1}]}', "unexpected content"),
        (b"\xff\xfe", "not UTF-8"),
        (b'{"format": "maquette-project", "version": 2, "tours": [{"name": "a", "transition_s": 0}]}',
         "tour 'a': transition_s must be 0.1-120 s"),
        (b'{"format": "maquette-project", "version": 2, "tours": [{"name": "a"}, {"name": "a"}]}',
         "two tours are called 'a'"),
        (b'{"format": "maquette-project", "version": 2, "tours": "walk"}', "tours.* must be a list"),
    ],
)
def test_broken_project_files(tmp_path, content, message):
    path = tmp_path / "bad.maquette"
    path.write_bytes(content)
    with pytest.raises(P.ProjectError, match=f"bad.maquette: .*{message}"):
        P.load(path)


def test_autosave_is_offered_after_a_crash_and_dropped_after_a_save(tmp_path):
    path = P.save(_project(1), tmp_path / "s.maquette")
    time.sleep(0.01)
    P.autosave(_project(4), path)
    os.utime(path.with_name("s.maquette.autosave"), (time.time() + 5, time.time() + 5))
    recovered = P.recover(path)
    assert recovered is not None and len(recovered.comments) == 4
    P.save(recovered, path)
    assert P.recover(path) is None


def test_a_version_1_project_still_opens_with_its_tours(tmp_path):
    """Version 1 wrote {"tour": every viewpoint} by itself: that is the default tour again; named ones are kept."""
    path = tmp_path / "old.maquette"
    path.write_text(
        '{"format": "maquette-project", "version": 1, "name": "old",'
        ' "viewpoints": [{"name": "a", "position": [0, -500, 300], "focal_point": [0, 0, 0]},'
        '                {"name": "b", "position": [500, 0, 300], "focal_point": [0, 0, 0]}],'
        ' "tours": {"tour": ["a", "b"], "evening": ["b", "a"]}, "comments": []}', encoding="utf-8")
    project = P.load(path)
    assert [v.name for v in project.viewpoints] == ["a", "b"]
    assert [(t.name, t.viewpoints) for t in project.tours] == [("evening", ["b", "a"])]
    assert project.logbook is None
    path.write_text('{"format": "maquette-project", "version": 1, "viewpoints": []}', encoding="utf-8")
    assert P.load(path).tours == []  # no tours at all: every viewpoint in order, as before


def test_logbook_path_is_relative_to_the_project_and_found_when_both_move(tmp_path):
    folder = tmp_path / "session"
    (folder / "data").mkdir(parents=True)
    logbook = folder / "data" / "city.sqlite"
    logbook.write_bytes(b"x")
    ref = P.LogbookRef.of(logbook, folder / "s.maquette", read_only=False)
    assert ref.path == "data/city.sqlite" and ref.absolute_path == str(logbook.resolve())
    path = P.save(P.Project(logbook=ref), folder / "s.maquette")
    moved = tmp_path / "moved"
    folder.rename(moved)  # the project and its logbook copied elsewhere together
    loaded = P.load(moved / path.name)
    assert loaded.logbook.find(moved) == moved / "data" / "city.sqlite"
    (moved / "data" / "city.sqlite").unlink()
    assert loaded.logbook.find(moved) is None  # reported by the window, never a crash
    outside = tmp_path / "elsewhere.sqlite"
    outside.write_bytes(b"x")
    ref = P.LogbookRef.of(outside, moved / "s.maquette")
    assert ref.path == "../elsewhere.sqlite"
    assert P.LogbookRef("gone/x.sqlite", absolute_path=str(outside)).find(moved) == outside  # where it was when saved
