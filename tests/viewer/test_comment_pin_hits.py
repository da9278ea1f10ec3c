"""Which comment pin a click at a screen pixel designates, and where the clicked comment's box is drawn."""

from __future__ import annotations

import numpy as np

from tests.viewer.test_comment_pins import STREET, _blocks
from viewer.camera import display_point
from viewer.scene import Scene


def _street_scene(plotter) -> Scene:
    scene = Scene(plotter, _blocks(STREET))
    scene.set_comments([(np.array([0.0, 0.0, 18.0]), "1. here", "concern"),
                        (np.array([60.0, 0.0, 18.0]), "2. there", "proposal")])
    plotter.camera.position, plotter.camera.focal_point, plotter.camera.up = (30.0, -150.0, 80.0), (30.0, 0.0, 10.0), (0, 0, 1)
    plotter.renderer.ResetCameraClippingRange()
    plotter.render()
    return scene


def test_a_pixel_on_a_head_gives_its_pin_and_a_pixel_off_it_none(plotter):
    scene = _street_scene(plotter)
    for k, (_actor, head) in enumerate(scene._comment_heads):
        x, y = display_point(plotter.renderer, head)
        assert scene.comment_at(x, y) == k
        assert scene.comment_at(x + 5, y - 5) == k  # the disc is 9 px across its ring, plus 4 px leeway
        assert scene.comment_at(x + 25, y) is None


def test_pins_behind_the_camera_are_not_hit(plotter):
    scene = _street_scene(plotter)
    x, y = display_point(plotter.renderer, scene._comment_heads[0][1])
    plotter.camera.position, plotter.camera.focal_point = (0.0, 100.0, 30.0), (0.0, 300.0, 30.0)  # looking away
    plotter.renderer.ResetCameraClippingRange()
    hits = [scene.comment_at(px, py) for px in range(0, 800, 4) for py in range(0, 450, 4)]
    assert not any(h is not None for h in hits)
    assert scene.comment_at(x, y) is None


def test_the_box_of_a_pin_near_the_right_edge_opens_to_its_left_inside_the_view(plotter, tmp_path):
    scene = _street_scene(plotter)
    scene.show_comment_callout(1, "2. Proposal  ·  Mme Dupont\nUn texte assez long pour être large à l'écran")
    img = plotter.screenshot(str(tmp_path / "callout_left.png"), return_img=True)
    x, y = display_point(plotter.renderer, scene._comment_heads[1][1])
    bounds = [0.0] * 4
    scene._callout.GetBoundingBox(plotter.renderer, bounds)
    width = bounds[1] - bounds[0]
    left, _bottom = scene._callout.GetPosition()
    assert x + 20 + width > 800  # no room on the right: the box is on the left of the head
    assert 0 <= left and left + width < x
    # the dark box is drawn there (rows from the top in the image)
    row = 450 - 1 - round(y) + 12
    box = img[row, round(left):round(left + width), :3].astype(int)
    assert (np.abs(box - [33, 37, 41]).sum(-1) < 60).mean() > 0.5
    scene.show_comment_callout(None)
    assert scene.callout_text() == "" and "comment_callout" not in plotter.renderer.actors
