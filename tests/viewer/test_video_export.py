"""The MP4 of a tour: pauses hold the picture of their viewpoint, cancel and ffmpeg failures leave no file."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from viewer.video import export_video, orbit_tour

W, H, FPS = 320, 180, 10


def _frames(path) -> list[np.ndarray]:
    import imageio_ffmpeg

    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert meta["size"] == (W, H) and meta["fps"] == FPS
    return [np.frombuffer(f, np.uint8).reshape(H, W, 3).astype(int) for f in reader]


def _mad(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).mean())


def _no_ffmpeg_left_running() -> None:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            comm, fields = stat.read_text().rsplit(")", 1)
        except OSError:  # gone meanwhile
            continue
        if int(fields.split()[1]) == os.getpid():
            children.append(comm.split("(", 1)[1])
    assert not [c for c in children if c.startswith("ffmpeg")], "an ffmpeg process outlived the export"


def test_a_pause_holds_the_picture_of_its_viewpoint(tmp_path, demo_city):
    views = orbit_tour(demo_city)[:2]
    # 2 legs of 0.4 s pause + 0.6 s flight at 10 fps: frames 0-3 pause on the first view, 10-13 on the second
    there = tmp_path / "there.mp4"
    export_video(demo_city, there, views=views, fps=FPS, size=(W, H), flight_s=0.6, hold_s=0.4)
    back = tmp_path / "back.mp4"
    export_video(demo_city, back, views=views[::-1], fps=FPS, size=(W, H), flight_s=0.6, hold_s=0.4)
    a, b = _frames(there), _frames(back)
    assert len(a) == len(b) == 20
    for pause in (a[0:4], a[10:14], b[0:4]):
        assert max(_mad(pause[0], f) for f in pause[1:]) < 0.5  # a still picture
    assert min(_mad(a[k], a[k + 1]) for k in range(5, 9)) > 1.0  # the flight moves every frame
    # after its flight, the second pause shows what a tour starting there shows first, not the previous picture
    assert _mad(a[0], b[0]) > 8.0
    assert _mad(a[10], b[0]) < 5.0 and _mad(a[0], b[10]) < 5.0  # the same view, compressed once as a key frame
    # the caption (bottom left) sits on a light box, readable over the dark streets and shaded sides
    for frame in (a[0], a[12], b[0]):
        assert frame[H - 9:H - 3, 4:60].mean() > 170


def test_cancel_stops_the_export_and_removes_the_partial_file(tmp_path, demo_city):
    out = tmp_path / "tour.mp4"
    reported: list[float] = []
    with pytest.raises(KeyboardInterrupt, match="cancelled"):
        export_video(demo_city, out, seconds=4.0, fps=FPS, size=(W, H),
                     progress=lambda f, _m: reported.append(f), cancel=lambda: len(reported) >= 2)
    assert reported == [1 / 40, 11 / 40]  # frames 1 and 11 of 40 reported, then cancelled
    assert not out.exists()
    _no_ffmpeg_left_running()


def test_an_ffmpeg_failure_names_the_file_and_leaves_nothing(tmp_path, demo_city):
    out = tmp_path / "no such folder" / "tour.mp4"  # ffmpeg cannot open it
    with pytest.raises(RuntimeError, match=r"tour\.mp4: ffmpeg (stopped writing|wrote no video)"):
        export_video(demo_city, out, seconds=2.0, fps=FPS, size=(W, H))
    assert not out.exists()
    _no_ffmpeg_left_running()
