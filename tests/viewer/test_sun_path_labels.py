"""The sun path's hour labels never overlap: thinned to every 2nd, 3rd... hour, for any view size and camera."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import pyvista as pv

from viewer import camera
from viewer.camera import display_point
from viewer.scene import Scene
from viewer.shadows import ShadowStudy, hour_label_mask

JUNE_NOON = dt.datetime(2026, 6, 21, 12, 0)  # the longest arc: 16 hour labels, 06:00 to 21:00


def _label_box_px(layer) -> tuple[float, float]:
    """The drawn box of a label, measured on a render of one label alone (text plus the mapper's margins)."""
    font = layer.actors["labels"].GetMapper().GetInputAlgorithm().GetTextProperty().GetFontSize()
    pl = pv.Plotter(off_screen=True, window_size=[300, 200])
    pl.ren_win.SetMultiSamples(0)
    pl.background_color = "black"
    pl.add_point_labels(np.zeros((1, 3)), ["00:00"], font_size=font, text_color="white", shape_color="#f08c00",
                        shape_opacity=1.0, show_points=False, always_visible=True)
    pl.camera.position, pl.camera.focal_point, pl.camera.up = (0, 0, 10), (0, 0, 0), (0, 1, 0)
    image = pl.screenshot(return_img=True)
    pl.close()
    rows, cols = np.nonzero(image.sum(axis=2) > 30)
    return cols.max() - cols.min() + 1, rows.max() - rows.min() + 1


def _shown_anchors_px(pl, layer) -> np.ndarray:
    """Display pixels of the drawn labels' anchors, projected through the camera as it is now."""
    every = dict(zip(layer.arc.hour_labels, layer.label_anchor_points(), strict=True))
    return np.array([display_point(pl.renderer, every[label]) for label in layer.shown_hour_labels])


def _overlapping_pairs(anchors_px: np.ndarray, box_px: tuple[float, float]) -> list[tuple[int, int]]:
    width, height = box_px
    return [(i, j) for i in range(len(anchors_px)) for j in range(i + 1, len(anchors_px))
            if abs(anchors_px[i, 0] - anchors_px[j, 0]) < width and abs(anchors_px[i, 1] - anchors_px[j, 1]) < height]


def _min_gap_px(anchors_px: np.ndarray, box_px: tuple[float, float]) -> float:
    """The smallest clear space between two label boxes (negative: they overlap)."""
    width, height = box_px
    return min(max(abs(a[0] - b[0]) - width, abs(a[1] - b[1]) - height)
               for k, a in enumerate(anchors_px) for b in anchors_px[k + 1:])


@pytest.fixture
def sun_path_view(demo_city):
    plotters, studies = [], []

    def make(width: int, height: int):
        pl = pv.Plotter(off_screen=True, window_size=[width, height])
        pl.ren_win.SetMultiSamples(0)
        scene = Scene(pl, demo_city)
        camera.home_view(pl, demo_city)
        study = ShadowStudy(scene, spacing_m=8.0)
        study.at(JUNE_NOON, sun_path=True)
        pl.show(auto_close=False)
        plotters.append(pl)
        studies.append(study)
        return pl, study.sun_path

    yield make
    for study in studies:
        study.close()
    for pl in plotters:
        pl.close()


def test_no_two_hour_labels_overlap_in_a_small_view(sun_path_view):
    pl, layer = sun_path_view(800, 450)
    box = _label_box_px(layer)
    every = np.array([display_point(pl.renderer, p) for p in layer.label_anchor_points()])
    assert len(every) == 16
    # drawn hourly, labels of the home view would cover each other (10:00 and 11:00, 20:00 and 21:00...)
    assert len(_overlapping_pairs(every, box)) >= 4
    shown = _shown_anchors_px(pl, layer)
    assert not _overlapping_pairs(shown, box)
    assert _min_gap_px(shown, box) >= 2.0
    # thinned evenly on round hours, keeping noon: every 2nd or 3rd hour, not a lone label
    hours = [int(label[:2]) for label in layer.shown_hour_labels]
    step = np.diff(hours)
    assert len(set(step)) == 1 and step[0] in (2, 3) and 12 in hours and len(hours) >= 5


def test_every_hour_is_labelled_in_a_full_hd_view_none_overlapping(sun_path_view):
    pl, layer = sun_path_view(1920, 1080)
    box = _label_box_px(layer)
    assert layer.shown_hour_labels == layer.arc.hour_labels and len(layer.shown_hour_labels) == 16
    shown = _shown_anchors_px(pl, layer)
    assert not _overlapping_pairs(shown, box)
    assert _min_gap_px(shown, box) >= 2.0


def test_the_labels_follow_the_camera_and_the_view_size(sun_path_view):
    pl, layer = sun_path_view(800, 450)
    box = _label_box_px(layer)
    small = layer.shown_hour_labels
    # a close look at the arc: there is room for every hour, and every hour comes back
    pl.camera.zoom(3.0)
    pl.render()
    zoomed = layer.shown_hour_labels
    assert len(zoomed) > len(small)
    assert not _overlapping_pairs(_shown_anchors_px(pl, layer), box)
    # from far away the labels thin out further, still apart
    pl.camera.zoom(1 / 9.0)
    pl.render()
    far = layer.shown_hour_labels
    assert len(far) < len(small) and "12:00" in far
    assert not _overlapping_pairs(_shown_anchors_px(pl, layer), box)
    # the window resized to full HD: the home view's labels spread out, every hour fits
    camera.home_view(pl, layer.scene.city)
    pl.window_size = [1920, 1080]
    pl.render()
    assert layer.shown_hour_labels == layer.arc.hour_labels
    assert not _overlapping_pairs(_shown_anchors_px(pl, layer), box)


def test_hiding_the_path_stops_the_thinning(sun_path_view):
    pl, layer = sun_path_view(800, 450)
    layer.hide()
    assert layer.shown_hour_labels == () and "sun_path_labels-labels" not in pl.actors
    pl.camera.zoom(2.0)
    pl.render()  # no observer left to touch the removed labels
    assert layer.shown_hour_labels == () and "sun_path_labels-labels" not in pl.actors


def test_mask_picks_the_smallest_even_step_and_ignores_labels_off_screen():
    hours = np.arange(6, 22)
    box = (37.0, 18.0)
    # hours 30 px apart along x: hourly labels (39 px with the gap) clash, every 2nd hour fits
    anchors = np.column_stack([100.0 + 30.0 * (hours - 6), np.full(len(hours), 200.0)])
    mask = hour_label_mask(anchors, hours, box, (1000, 400))
    assert list(hours[mask]) == [6, 8, 10, 12, 14, 16, 18, 20]
    # far apart: all of them
    spread = np.column_stack([100.0 + 60.0 * (hours - 6), np.full(len(hours), 200.0)])
    assert hour_label_mask(spread, hours, box, (1000, 400)).all()
    # the crowded ones off the view, or behind the camera, do not count
    crowded = spread.copy()
    crowded[:3] = [[-500.0, 200.0], [-499.0, 200.0], [-498.0, 200.0]]
    assert hour_label_mask(crowded, hours, box, (1000, 400)).all()
    crowded[:3] = [[300.0, 200.0], [301.0, 200.0], [302.0, 200.0]]
    behind = np.arange(len(hours)) >= 3
    assert hour_label_mask(crowded, hours, box, (1000, 400), in_front=behind).all()
    # labels stacked vertically clash as well; all on one spot: noon only
    stacked = np.column_stack([np.full(len(hours), 300.0), 100.0 + 9.0 * (hours - 6)])
    assert list(hours[hour_label_mask(stacked, hours, box, (1000, 400))]) == [6, 9, 12, 15, 18, 21]
    assert list(hours[hour_label_mask(np.zeros((16, 2)) + 50, hours, box, (1000, 400))]) == [12]
    with pytest.raises(ValueError, match="3 label anchors for 16 hours"):
        hour_label_mask(np.zeros((3, 2)), hours, box, (1000, 400))
