"""The shadow study: shadows fall where the sun says, by the same ray casting as the solar analysis."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyvista as pv

from viewer import camera
from viewer.scene import Scene
from viewer.shadows import ShadowStudy


def _courthouse_alone(demo_city):
    """The demo's courthouse on the demo's ground, nothing else (a clean analytic case)."""
    from city.model import BuildingSetBuilder, City

    b = demo_city.buildings
    tj = b["CB-TJ"]
    used, inverse = np.unique(tj.triangles, return_inverse=True)
    builder = BuildingSetBuilder()
    builder.add("CB-TJ", b.vertices[used], inverse.reshape(-1, 3), tj.surface_types, tj.attributes)
    return City("courthouse", frame=demo_city.frame, buildings=builder.build(), terrain=demo_city.terrain)


def test_courthouse_shadow_points_away_from_the_sun(demo_city):
    demo_city = _courthouse_alone(demo_city)
    pl = pv.Plotter(off_screen=True, window_size=[400, 300])
    scene = Scene(pl, demo_city)
    camera.top_view(pl, demo_city)
    study = ShadowStudy(scene, spacing_m=4.0)
    try:
        b = demo_city.buildings
        tj = b["CB-TJ"]
        x0, x1, y0, y1, _, _ = tj.bounds
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

        def shaded(x, y, when):
            from analysis.solar import shadow_mask

            study.at(when)
            return bool(shadow_mask(study.occlusion, np.array([[x, y, float(demo_city.ground_height_at(x, y))]]), study.direction)[0])

        noon = dt.datetime(2026, 12, 21, 12, 51)  # solar noon in Paris (2.3° E, UTC+1)
        assert 17 < study.at(noon) < 18.5  # winter solstice at 48.9° N: 90 - 48.9 - 23.4 = 17.7°

        morning = dt.datetime(2026, 6, 21, 9, 0)
        elevation = study.at(morning)
        away = -study.direction[:2] / np.linalg.norm(study.direction[:2])  # the shadow runs away from the sun
        across = np.array([-away[1], away[0]])

        def any_shaded(distance):
            return any(shaded(*(np.array([cx, cy]) + away * distance + across * t), morning) for t in np.linspace(-25, 25, 11))

        # the 160 m tower's shadow is 160 / tan(elevation) long, and ends there
        length = 160.3 / np.tan(np.radians(elevation))
        assert 250 < length < 350
        assert any_shaded(0.5 * length) and any_shaded(0.9 * length)
        assert not any_shaded(1.15 * length)
        # towards the sun the ground is lit
        assert not any(shaded(*(np.array([cx, cy]) - away * 0.5 * length + across * t), morning) for t in (-20, 0, 20))
        study.at(noon)
        # faces: the walls turned from the sun are darkened, those facing it are not
        shade = scene._shade
        n = b.triangle_normals()[tj.triangle_slice]
        s = shade[tj.triangle_slice]
        facing = n @ study.direction
        walls = np.abs(n[:, 2]) < 0.1
        assert s[walls & (facing < -0.1)].max() < 1.0  # walls turned from the sun are in their own shadow
        assert s[walls & (facing > 0.1)].max() == 1.0  # some walls facing the sun are fully lit
    finally:
        study.close()
        assert scene._shade is None
        pl.close()
