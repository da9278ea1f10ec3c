"""The shadow study: the sun's shadows at a date and time (Paris clock), computed by ray casting.

The same Embree scene and sun positions as the solar analysis (so what a
planner sees is what the analysis counts): ground points every
``spacing_m`` over the area of interest are tested against the sun, and
drawn as a translucent shadow layer on the ground; each building face is
darkened by the share of its sample points in shadow (faces turned away
from the sun are in their own shadow). The light of the scene follows the sun.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyvista as pv

from analysis.raycast import OcclusionScene
from analysis.solar import shadow_mask
from analysis.sun import site_of, sun_direction_at
from viewer.camera import area_of_interest
from viewer.scene import Scene

SHADOW_RGBA = (38, 42, 64, 150)
FACE_SHADE = 0.35
"""A face fully in shadow keeps 65 % of its colour (sky light still reaches it; the sun light already darkens faces turned away)."""


@dataclass(frozen=True)
class ShadowFrame:
    """The shadows of one instant, ready to draw."""

    when: dt.datetime
    direction: np.ndarray
    elevation_deg: float
    face_shade: np.ndarray
    ground_rgba: np.ndarray


class ShadowStudy:
    """Shadows of a scene's city for chosen instants; ``close()`` restores the scene."""

    def __init__(self, scene: Scene, spacing_m: float = 2.0, margin: float = 1.4) -> None:
        self.scene = scene
        city = scene.city
        self.site = site_of(city)
        self.occlusion = OcclusionScene.from_city(city)
        centre, radius = area_of_interest(city)
        half = radius * margin
        n = max(2, int(2 * half / spacing_m))
        xs = centre[0] - half + (np.arange(n) + 0.5) * (2 * half / n)
        ys = centre[1] - half + (np.arange(n) + 0.5) * (2 * half / n)
        gx, gy = np.meshgrid(xs, ys)
        z = city.ground_height_at(gx, gy)
        self._ground_ok = np.isfinite(z)
        self._ground = np.column_stack([gx.ravel(), gy.ravel(), np.nan_to_num(z, nan=0.0).ravel()])
        self._extent = (centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half)
        self._shape = gx.shape
        b = city.buildings
        tri = b.vertices[b.triangles]  # (t, 3, 3): samples at the centroid and halfway to each corner
        centroid = tri.mean(axis=1)
        self._face_points = np.concatenate([centroid[:, None], (tri + centroid[:, None]) / 2], axis=1).reshape(-1, 3)
        self._face_normals = np.repeat(b.triangle_normals(), 4, axis=0)
        self._actor = None
        self.direction: np.ndarray | None = None
        self.elevation_deg: float | None = None

    def compute(self, when: dt.datetime) -> ShadowFrame:
        """The shadows at ``when`` (naive: Paris clock time, daylight saving applied).

        No VTK here: a GUI runs this in a worker thread (Embree releases the
        GIL) and hands the frame to :meth:`show` on the GUI thread.
        """
        direction, elevation = sun_direction_at(self.site, when)
        ground_shaded = shadow_mask(self.occlusion, self._ground, direction)
        faces = shadow_mask(self.occlusion, self._face_points, direction, normals=self._face_normals)
        shade = 1.0 - FACE_SHADE * faces.reshape(-1, 4).mean(axis=1)
        rgba = np.zeros((*self._shape, 4), dtype=np.uint8)
        rgba[ground_shaded.reshape(self._shape) & self._ground_ok] = SHADOW_RGBA
        return ShadowFrame(when, direction, elevation, shade, rgba)

    def show(self, frame: ShadowFrame) -> None:
        """Draw a computed frame (GUI thread)."""
        self.direction, self.elevation_deg = frame.direction, frame.elevation_deg
        self.scene.set_face_shading(frame.face_shade)
        self._draw(frame.ground_rgba)
        if frame.elevation_deg > 0:
            self.scene.set_sun(frame.direction)
        self.scene.request_render()

    def at(self, when: dt.datetime) -> float:
        """Compute and show the shadows at ``when``; returns the sun's elevation (degrees)."""
        frame = self.compute(when)
        self.show(frame)
        return frame.elevation_deg

    def _draw(self, rgba: np.ndarray) -> None:
        texture = pv.Texture(rgba)
        if self._actor is None:
            mesh = self.scene._drape_mesh(self._extent, lift_m=0.15)
            self._actor = self.scene.plotter.add_mesh(mesh, texture=texture, name="shadow_study", lighting=False,
                                                      reset_camera=False, pickable=False)
            self._actor.GetProperty().SetOpacity(0.999)  # blend the texture's alpha
        else:
            self._actor.texture = texture

    def close(self) -> None:
        if self._actor is not None:
            self.scene.plotter.remove_actor(self._actor)
            self._actor = None
        self.scene.set_face_shading(None)
        self.scene.set_sun(self.scene.sun.direction())
        self.occlusion.close()
