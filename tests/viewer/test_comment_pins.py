"""Comment pins stay readable whatever the scale: their size follows the area the view frames."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from city.model import BuildingSetBuilder, City, SurfaceType
from viewer import camera
from viewer.scene import Scene

CONCERN_RED = np.array([0xE0, 0x31, 0x31])


def _blocks(centres_xy: list[tuple[float, float]], side_m: float = 20.0, height_m: float = 18.0) -> City:
    """One box building per centre (local metres)."""
    builder = BuildingSetBuilder()
    h = side_m / 2
    corners = np.array([[-h, -h], [h, -h], [h, h], [-h, h]])
    faces = [[0, 1, 2], [0, 2, 3], [4, 6, 5], [4, 7, 6]]
    for k in range(4):
        a, b = k, (k + 1) % 4
        faces += [[a, b, b + 4], [a, b + 4, a + 4]]
    surfaces = [SurfaceType.GROUND] * 2 + [SurfaceType.ROOF] * 2 + [SurfaceType.WALL] * 8
    for k, (x, y) in enumerate(centres_xy):
        xy = corners + [x, y]
        vertices = np.vstack([np.column_stack([xy, np.zeros(4)]), np.column_stack([xy, np.full(4, height_m)])])
        builder.add(f"B{k}", vertices, np.array(faces), np.array(surfaces, dtype=np.uint8))
    return City("blocks", buildings=builder.build())


STREET = [(0.0, 0.0), (30.0, 0.0), (60.0, 0.0)]  # three buildings along a street: ~80 m across
DISTRICT = [(x, y) for x in np.linspace(-500, 500, 6) for y in np.linspace(-500, 500, 6)]  # 1 km across


def _pin_diameter_m(plotter: pv.Plotter) -> float:
    xmin, xmax, *_ = plotter.renderer.actors["comment_pins"].GetBounds()
    return xmax - xmin


@pytest.mark.parametrize("layout, diameter_m", [(STREET, 4.4), (DISTRICT, 15.3)])
def test_pin_size_scales_with_the_scene_extent(plotter, layout, diameter_m):
    scene = Scene(plotter, _blocks(layout))
    scene.set_comments([(np.array([0.0, 0.0, 18.0]), "1. here", "concern")])
    # street scale keeps the 2.2 m head; a 1 km district gets 1.5 % of the 510 m radius it frames
    assert _pin_diameter_m(plotter) == pytest.approx(diameter_m, rel=0.02)
    stem = plotter.renderer.actors["comment_stems"].GetBounds()
    assert stem[5] - stem[4] == pytest.approx(2.7 * diameter_m / 2, rel=0.05)  # the head floats above its point


def test_a_pin_is_readable_in_the_home_view_of_a_district(tmp_path):
    """At 1600x900 the whole district fits: the pin head covers a disc of ~7 pixels radius, not a 2-pixel dot."""
    city = _blocks(DISTRICT)
    plotter = pv.Plotter(off_screen=True, window_size=[1600, 900])
    plotter.ren_win.SetMultiSamples(0)
    scene = Scene(plotter, city)
    scene.set_comments([(np.array([0.0, 0.0, 18.0]), "1. here", "concern")])
    camera.home_view(plotter, city)
    img = plotter.screenshot(str(tmp_path / "pin.png"), return_img=True)[..., :3].astype(int)
    plotter.close()
    red = (np.abs(img - CONCERN_RED).sum(-1) < 90) | (  # lit or in shade: red dominates
        (img[..., 0] > 120) & (img[..., 0] > 2.2 * img[..., 1]) & (img[..., 0] > 2.2 * img[..., 2]))
    assert red.sum() > 80, f"the pin covers {red.sum()} pixels"


def _red_pixels(img: np.ndarray) -> np.ndarray:
    img = img[..., :3].astype(int)
    return (np.abs(img - CONCERN_RED).sum(-1) < 90) | (
        (img[..., 0] > 120) & (img[..., 0] > 2.2 * img[..., 1]) & (img[..., 0] > 2.2 * img[..., 2]))


def test_a_pin_behind_a_building_still_shows_its_head_to_the_audience(plotter, tmp_path):
    """From the street south of a 40 m block, a pin at the foot of its north face is hidden by the block:
    its head is drawn over the block, where the hidden pin is, in the category colour."""
    scene = Scene(plotter, _blocks([(0.0, 0.0)], height_m=40.0))
    point = np.array([0.0, 25.0, 0.0])
    scene.set_comments([(point, "1. behind", "concern")])
    plotter.camera.position, plotter.camera.focal_point, plotter.camera.up = (0.0, -150.0, 15.0), (0.0, 25.0, 10.0), (0, 0, 1)
    plotter.renderer.ResetCameraClippingRange()
    shown = _red_pixels(plotter.screenshot(str(tmp_path / "pin_behind.png"), return_img=True))
    assert shown.sum() > 100, f"the head covers {shown.sum()} pixels"
    # where the hidden head is: the head's point projected to the screen
    head = point + [0.0, 0.0, 2.7 * scene.comment_pin_radius_m()]
    plotter.renderer.SetWorldPoint(*head, 1.0)
    plotter.renderer.WorldToDisplay()
    x, y, _ = plotter.renderer.GetDisplayPoint()
    rows, cols = np.nonzero(shown)
    assert abs(cols.mean() - x) < 2 and abs((plotter.window_size[1] - 1 - rows.mean()) - y) < 2

    for actor, _point in scene._comment_heads:  # the 3D pin alone, as it was drawn before
        plotter.remove_actor(actor, render=False)
    plotter.render()
    hidden = _red_pixels(plotter.screenshot(str(tmp_path / "pin_behind_3d_only.png"), return_img=True))
    assert hidden.sum() == 0, "the block hides the 3D pin from this street"


def test_heads_of_pins_behind_the_camera_are_not_drawn_mirrored(plotter):
    scene = Scene(plotter, _blocks(STREET))
    scene.set_comments([(np.array([0.0, 0.0, 18.0]), "1. here", "concern")])
    plotter.camera.position, plotter.camera.focal_point, plotter.camera.up = (0.0, 100.0, 15.0), (0.0, 200.0, 10.0), (0, 0, 1)
    plotter.renderer.ResetCameraClippingRange()
    assert _red_pixels(plotter.screenshot(return_img=True)).sum() == 0
    scene.set_comments([])
    assert not [name for name in plotter.renderer.actors if name.startswith("comment")]
