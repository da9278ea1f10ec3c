"""Camera presets and keyboard moves (home, top, orbit, pan, zoom)."""

from __future__ import annotations

import numpy as np
import pyvista as pv

from city.model import City


def area_of_interest(city: City) -> tuple[np.ndarray, float]:
    """Centre (local x, y, z) and radius (m) that the default views frame.

    The first zone when there is one (a planner opens a district to look at
    its zone), otherwise the buildings' extent.
    """
    if city.zones:
        xmin, xmax, ymin, ymax = city.zones[0].polygon.bounds
    elif len(city.buildings):
        xmin, xmax, ymin, ymax, _, _ = city.buildings.bounds()
    elif city.terrain is not None:
        xmin, xmax, ymin, ymax = city.terrain.extent
    elif getattr(city, "point_clouds", None):
        xmin, xmax, ymin, ymax = (
            min(c.bounds[0] for c in city.point_clouds), max(c.bounds[1] for c in city.point_clouds),
            min(c.bounds[2] for c in city.point_clouds), max(c.bounds[3] for c in city.point_clouds),
        )
    elif len(city.trees):
        p = city.trees.positions
        xmin, xmax, ymin, ymax = p[:, 0].min(), p[:, 0].max(), p[:, 1].min(), p[:, 1].max()
    else:
        return np.zeros(3), 100.0
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    z = city.ground_height_at(cx, cy)
    if np.isfinite(z):
        cz = float(z)
    elif getattr(city, "point_clouds", None):  # no terrain: the cloud's ground level
        cz = float(np.percentile(city.point_clouds[0].positions[:, 2], 5))
    elif len(city.buildings):  # no terrain: the buildings' feet (a CityGML house stands at 197 m in Lyon)
        cz = float(city.buildings.bounds()[4])
    else:
        cz = 0.0
    radius = max(xmax - xmin, ymax - ymin) / 2
    return np.array([cx, cy, cz]), max(radius, 20.0)


def display_point(renderer, local_xyz) -> np.ndarray:
    """(x, y) display pixels (origin bottom left) of a point in local metres, for the renderer's current camera."""
    renderer.SetWorldPoint(*local_xyz, 1.0)
    renderer.WorldToDisplay()
    return np.array(renderer.GetDisplayPoint()[:2])


def home_view(plotter: pv.Plotter, city: City, azimuth_deg: float = 200.0, elevation_deg: float = 34.0) -> None:
    """Oblique view from the south-south-west, framing the area of interest."""
    centre, radius = area_of_interest(city)
    oblique_view(plotter, centre, radius, azimuth_deg, elevation_deg)


def oblique_view(plotter: pv.Plotter, centre: np.ndarray, radius: float, azimuth_deg: float = 200.0,
                 elevation_deg: float = 34.0) -> None:
    """Look at ``centre`` (local x, y, z) from ``azimuth_deg`` (clockwise from north) and ``elevation_deg``,
    framing a circle of ``radius`` metres."""
    centre = np.asarray(centre, dtype=np.float64)
    cam = plotter.camera
    view_angle = np.radians(cam.view_angle)
    distance = 0.95 * radius / np.tan(view_angle / 2)
    az, el = np.radians(azimuth_deg), np.radians(elevation_deg)
    offset = np.array([np.sin(az) * np.cos(el), np.cos(az) * np.cos(el), np.sin(el)]) * distance
    cam.focal_point = tuple(centre)
    cam.position = tuple(centre + offset)
    cam.up = (0.0, 0.0, 1.0)
    plotter.renderer.ResetCameraClippingRange()


def top_view(plotter: pv.Plotter, city: City) -> None:
    """Straight down, north up, framing the area of interest."""
    centre, radius = area_of_interest(city)
    cam = plotter.camera
    distance = 1.15 * radius / np.tan(np.radians(cam.view_angle) / 2)
    cam.focal_point = tuple(centre)
    cam.position = tuple(centre + [0.0, 0.0, distance])
    cam.up = (0.0, 1.0, 0.0)
    plotter.renderer.ResetCameraClippingRange()


def zoom(plotter: pv.Plotter, factor: float) -> None:
    """Move towards the focal point (factor > 1) or away (< 1)."""
    plotter.camera.Dolly(factor)
    plotter.renderer.ResetCameraClippingRange()


def orbit(plotter: pv.Plotter, azimuth_deg: float, elevation_deg: float = 0.0) -> None:
    """Turn around the focal point; elevation stays between 5° and 89.5° above the horizon."""
    cam = plotter.camera
    cam.Azimuth(azimuth_deg)
    focal = np.array(cam.focal_point)
    offset = np.array(cam.position) - focal
    dist = np.linalg.norm(offset)
    el = np.degrees(np.arcsin(np.clip(offset[2] / dist, -1, 1)))
    new_el = np.clip(el + elevation_deg, 5.0, 89.5)
    if new_el != el:
        horiz = offset[:2] / max(np.linalg.norm(offset[:2]), 1e-9)
        e = np.radians(new_el)
        cam.position = tuple(focal + np.r_[horiz * np.cos(e), np.sin(e)] * dist)
        cam.up = (0.0, 0.0, 1.0)
    plotter.renderer.ResetCameraClippingRange()


def pan(plotter: pv.Plotter, right_fraction: float, forward_fraction: float) -> None:
    """Slide the view over the ground: fractions of the distance to the focal point."""
    cam = plotter.camera
    focal = np.array(cam.focal_point)
    position = np.array(cam.position)
    dist = np.linalg.norm(position - focal)
    forward = focal - position
    forward[2] = 0.0
    if np.linalg.norm(forward) < 1e-6:  # looking straight down: forward is the view's up
        forward = np.array(cam.up, dtype=float)
        forward[2] = 0.0
    forward /= np.linalg.norm(forward)
    right = np.array([forward[1], -forward[0], 0.0])
    shift = (right * right_fraction + forward * forward_fraction) * dist
    cam.focal_point = tuple(focal + shift)
    cam.position = tuple(position + shift)
    plotter.renderer.ResetCameraClippingRange()
