"""A tour's video honours its flight and pause times; the default orbit keeps its 30 % pauses."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.video import Viewpoint, timed_tour_cameras, tour_cameras

VIEWS = [Viewpoint("street", (400.0, -400.0, 120.0), (0.0, 0.0, 30.0)),
         Viewpoint("north", (0.0, 600.0, 200.0), (0.0, 0.0, 30.0)),
         Viewpoint("east", (700.0, 50.0, 300.0), (100.0, 0.0, 20.0))]


def _runs(cams: list[Viewpoint]) -> list[tuple[int, int]]:
    """(first frame, frames) of each run of identical cameras longer than one frame: the pauses."""
    key = [(c.position, c.focal_point) for c in cams]
    runs, start = [], 0
    for f in range(1, len(cams) + 1):
        if f == len(cams) or key[f] != key[start]:
            if f - start > 1:
                runs.append((start, f - start))
            start = f
    return runs


def test_each_stop_pauses_and_each_flight_lasts_the_tour_s_times():
    # 3 legs (back to the first) of 0.4 s pause + 1.2 s flight at 25 fps: 3 x 1.6 s = 120 frames
    cams = timed_tour_cameras(VIEWS, flight_s=1.2, hold_s=0.4, fps=25)
    assert len(cams) == 120
    # the camera rests from the start of each leg to the end of its pause, both instants included:
    # 0.4 s at 25 fps is 10 frame intervals, 11 frames of one camera, then it flies for 1.2 s
    assert _runs(cams) == [(0, 11), (40, 11), (80, 11)]
    for (start, _n), view in zip(_runs(cams), VIEWS):
        assert np.allclose(cams[start].position, view.position) and cams[start].focal_point == view.focal_point
    # the flight to the next stop ends on it: the frame before the next pause is nearly there
    assert np.linalg.norm(np.subtract(cams[39].position, VIEWS[1].position)) < 15.0


def test_the_frame_count_is_the_tour_s_length_times_the_frame_rate():
    # 2 stops, there and back: 2 x (1.31 + 0.45) = 3.52 s at 25 fps = 88 frames; 3.52 s at 30 fps = 105.6 -> 106
    assert len(timed_tour_cameras(VIEWS[:2], 1.31, 0.45, 25)) == 88
    assert len(timed_tour_cameras(VIEWS[:2], 1.31, 0.45, 30)) == 106
    # per-leg times, and no loop: 1 + 2 s flights, 0.5 + 0 s pauses at 10 fps
    cams = timed_tour_cameras(VIEWS, [1.0, 2.0], [0.5, 0.0], 10, loop=False)
    assert len(cams) == 35 and _runs(cams) == [(0, 6)]


def test_the_default_orbit_still_pauses_30_percent_of_each_leg():
    # 30 s over 4 legs (a loop of 4 viewpoints): 7.5 s each, 2.25 s paused: frames 0..56 at 25 fps
    views = VIEWS + [Viewpoint("west", (-600.0, 0.0, 250.0), (0.0, 0.0, 30.0))]
    cams = tour_cameras(views, 30.0, 25)
    assert len(cams) == 750
    assert _runs(cams) == [(0, 57), (188, 56), (375, 57), (563, 56)]


@pytest.mark.parametrize("flight_s, hold_s", [(0.0, 1.0), (1.0, -0.5), (float("nan"), 1.0), ([1.0, 1.0], 1.0)])
def test_impossible_timings_are_refused(flight_s, hold_s):
    with pytest.raises(ValueError):
        timed_tour_cameras(VIEWS, flight_s, hold_s, 25)
