"""`maquette export video PROJECT --tour NAME`: the video follows that tour, in its order and timing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from city.project import Project, Tour, ViewpointRef, save

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, timeout=timeout,
                          cwd=REPO, env=env)


@pytest.fixture
def project(tmp_path) -> Path:
    views = [ViewpointRef("street", [400.0, -400.0, 120.0], [0.0, 0.0, 30.0]),
             ViewpointRef("above", [0.0, -5.0, 900.0], [0.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
             ViewpointRef("north", [0.0, 600.0, 200.0], [0.0, 0.0, 30.0])]
    tours = [Tour("from above", ["above", "street"], transition_s=0.6, hold_s=0.4),
             Tour("one stop", ["north"]),
             Tour("stale", ["above", "gone"])]
    return save(Project(name="tours", viewpoints=views, tours=tours), tmp_path / "p.maquette")


def _frames(path: Path, w: int, h: int) -> list[np.ndarray]:
    import imageio_ffmpeg

    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert meta["size"] == (w, h)
    return [np.frombuffer(f, np.uint8).reshape(h, w, 3) for f in reader]


def _sky(img: np.ndarray) -> float:
    return float((img[:, :, 2].astype(int) > img[:, :, 0].astype(int) + 20).mean())


def test_the_video_follows_the_named_tour_and_lasts_its_flights_and_pauses(project, tmp_path):
    out = tmp_path / "tour.mp4"
    result = run("export", "video", str(project), "--tour", "from above", "--fps", "5", "--size", "320x180",
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    frames = _frames(out, 320, 180)
    assert len(frames) == 10  # two legs (there and back) of 0.6 s flight + 0.4 s pause, at 5 fps
    assert _sky(frames[0]) < 0.05  # starts straight down ("above"), not on the first viewpoint saved
    assert _sky(frames[5]) > 0.15  # half way: the oblique street view, with its sky
    # without --tour: every viewpoint in order, starting with "street" (30 s unless told)
    out2 = tmp_path / "all.mp4"
    result = run("export", "video", str(project), "--seconds", "1", "--fps", "4", "--size", "320x180", "--out", str(out2))
    assert result.returncode == 0, result.stderr
    assert _sky(_frames(out2, 320, 180)[0]) > 0.15


@pytest.mark.parametrize(
    "tour, message",
    [
        ("night", "p.maquette: no tour 'night' (tours: from above, one stop, stale)"),
        ("one stop", "p.maquette: tour 'one stop' has 1 viewpoint(s), a video needs two"),
        ("stale", "p.maquette: tour 'stale' names viewpoints the project does not have: gone"),
    ],
)
def test_a_tour_the_video_cannot_follow_is_one_clear_line(project, tmp_path, tour, message):
    result = run("export", "video", str(project), "--tour", tour, "--size", "320x180", "--out", str(tmp_path / "x.mp4"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"maquette: error: {message}"
    assert not (tmp_path / "x.mp4").exists()


def test_tour_needs_a_project(tmp_path):
    result = run("export", "video", "--tour", "walk", "--out", str(tmp_path / "x.mp4"))
    assert result.returncode == 2 and result.stderr.strip() == "maquette: error: --tour needs a project (.maquette) as the first file"


def test_the_video_pauses_on_each_stop_for_the_tour_s_pause_time(tmp_path):
    """0.6 s flights and 0.8 s pauses at 5 fps: 2 legs of 7 frames; the camera rests on frames 0-4 and 7-11
    (0.8 s = 4 frame intervals, both ends included), not the 30 % of each leg the default orbit pauses."""
    views = [ViewpointRef("street", [400.0, -400.0, 120.0], [0.0, 0.0, 30.0]),
             ViewpointRef("north", [0.0, 600.0, 200.0], [0.0, 0.0, 30.0])]
    project = save(Project(name="slow", viewpoints=views, tours=[Tour("slow", ["street", "north"], 0.6, 0.8)]),
                   tmp_path / "slow.maquette")
    out = tmp_path / "slow.mp4"
    result = run("export", "video", str(project), "--tour", "slow", "--fps", "5", "--size", "320x180", "--out", str(out))
    assert result.returncode == 0, result.stderr
    frames = np.array(_frames(out, 320, 180), dtype=float)
    assert len(frames) == 14
    change = np.abs(np.diff(frames, axis=0)).mean(axis=(1, 2, 3))  # change[k]: frame k -> k + 1
    still = [k for k in range(13) if change[k] < 0.5]  # H.264 leaves a few levels of noise on a still camera
    assert still == [0, 1, 2, 3, 7, 8, 9, 10], change.round(1)
    # --seconds stretches flights and pauses alike: 5.6 s is twice the tour, 28 frames
    result = run("export", "video", str(project), "--tour", "slow", "--seconds", "5.6", "--fps", "5",
                 "--size", "320x180", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "28 frames at 5 fps" in result.stdout


def test_without_tour_the_video_follows_the_tour_chosen_in_the_window(project, tmp_path):
    import dataclasses

    from city.project import load

    chosen = save(dataclasses.replace(load(project), chosen_tour="from above"), tmp_path / "chosen.maquette")
    out = tmp_path / "chosen.mp4"
    result = run("export", "video", str(chosen), "--fps", "5", "--size", "320x180", "--out", str(out))
    assert result.returncode == 0, result.stderr
    frames = _frames(out, 320, 180)
    assert len(frames) == 10 and _sky(frames[0]) < 0.05  # "from above": its timing, its first stop
    broken = save(dataclasses.replace(load(project), chosen_tour="one stop"), tmp_path / "broken.maquette")
    out = tmp_path / "broken.mp4"
    result = run("export", "video", str(broken), "--seconds", "1", "--fps", "4", "--size", "320x180", "--out", str(out))
    assert result.returncode == 0, result.stderr  # a one-stop choice: every viewpoint instead
    assert len(_frames(out, 320, 180)) == 4
