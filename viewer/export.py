"""View exports for consultation: a high-resolution image with title, legend,
north arrow, scale bar and data credits, rendered off screen (independent of
any window size)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkCoordinate, vtkPolyDataMapper2D, vtkTextActor

from city.model import City
from viewer import camera
from viewer.overlay import Overlay
from viewer.scene import Scene


@dataclass(frozen=True)
class ImageSpec:
    """What goes on an exported image."""

    size: tuple[int, int] = (3840, 2160)
    title: str = ""
    subtitle: str = ""
    view: str = "home"  # "home" or "top"
    overlay: Overlay | None = None
    credits: str = ""
    hidden: np.ndarray | None = None
    """(b,) bool: buildings left out of the view (before / after a project)."""


def _text(renderer, text: str, x: float, y: float, size: int, bold: bool = False, align: str = "left", color=(0.1, 0.1, 0.1), frame: bool = False) -> vtkTextActor:
    actor = vtkTextActor()
    actor.SetInput(text)
    prop = actor.GetTextProperty()
    prop.SetFontSize(size)
    prop.SetBold(bold)
    prop.SetColor(*color)
    prop.SetJustification({"left": 0, "center": 1, "right": 2}[align])
    if frame:
        prop.SetBackgroundColor(1.0, 1.0, 1.0)
        prop.SetBackgroundOpacity(0.8)
    actor.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
    actor.SetPosition(x, y)
    renderer.AddViewProp(actor)
    return actor


def _polygon_2d(renderer, points_px: np.ndarray, color, lines: bool = False) -> vtkActor2D:
    pts = vtkPoints()
    for x, y in points_px:
        pts.InsertNextPoint(float(x), float(y), 0.0)
    cells = vtkCellArray()
    cells.InsertNextCell(len(points_px) + (1 if lines else 0))
    for i in range(len(points_px)):
        cells.InsertCellPoint(i)
    if lines:
        cells.InsertCellPoint(0)
    poly = vtkPolyData()
    poly.SetPoints(pts)
    if lines:
        poly.SetLines(cells)
    else:
        poly.SetPolys(cells)
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(poly)
    coord = vtkCoordinate()
    coord.SetCoordinateSystemToDisplay()
    mapper.SetTransformCoordinate(coord)
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    actor.GetProperty().SetColor(*color)
    actor.GetProperty().SetLineWidth(2)
    renderer.AddViewProp(actor)
    return actor


def north_angle_rad(renderer, focal: np.ndarray) -> float:
    """Screen angle of geographic north at the focal point (0 = up, positive = clockwise)."""
    a = camera.display_point(renderer, focal)
    b = camera.display_point(renderer, focal + np.array([0.0, 50.0, 0.0]))
    d = b - a
    return float(np.arctan2(d[0], d[1]))


def metres_per_pixel(renderer, focal: np.ndarray) -> float:
    """Ground metres per pixel at the focal point, along the screen's horizontal."""
    a = camera.display_point(renderer, focal)
    best = np.inf
    for direction in (np.array([50.0, 0.0, 0.0]), np.array([0.0, 50.0, 0.0])):
        b = camera.display_point(renderer, focal + direction)
        px = abs(b[0] - a[0]) + 1e-9  # horizontal screen extent of 50 m
        best = min(best, 50.0 / px if px > 5 else np.inf)
    return float(best)


def _nice_length(max_m: float) -> float:
    for v in (5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1):
        if v <= max_m:
            return float(v)
    return 1.0


def _add_north_arrow(renderer, size: tuple[int, int], angle: float) -> None:
    w, h = size
    s = h * 0.045
    cx, cy = w - s * 2.2, h - s * 2.6
    rot = np.array([[np.cos(angle), np.sin(angle)], [-np.sin(angle), np.cos(angle)]])
    left = np.array([[0, s], [-0.55 * s, -0.8 * s], [0, -0.35 * s]]) @ rot.T + [cx, cy]
    right = np.array([[0, s], [0.55 * s, -0.8 * s], [0, -0.35 * s]]) @ rot.T + [cx, cy]
    _polygon_2d(renderer, left, (0.15, 0.15, 0.15))
    _polygon_2d(renderer, right, (0.95, 0.95, 0.95))
    _polygon_2d(renderer, np.vstack([left, right[1:2]]), (0.15, 0.15, 0.15), lines=True)
    tip = np.array([0, s * 1.55]) @ rot.T + [cx, cy]
    _text(renderer, "N", tip[0] / w, (tip[1] - s * 0.3) / h, int(s * 0.7), bold=True, align="center")


def _add_scale_bar(renderer, size: tuple[int, int], m_per_px: float) -> None:
    if not np.isfinite(m_per_px):
        return
    w, h = size
    length_m = _nice_length(m_per_px * w * 0.18)
    px = length_m / m_per_px
    x0, y0, t = w * 0.03, h * 0.12, h * 0.008
    pad = h * 0.012  # a pale card under the bar keeps it readable over any roof
    _polygon_2d(renderer, np.array([[x0 - pad, y0 - 5 * t], [x0 + px + 3 * pad, y0 - 5 * t],
                                     [x0 + px + 3 * pad, y0 + 5 * t], [x0 - pad, y0 + 5 * t]]), (1, 1, 1)).GetProperty().SetOpacity(0.8)
    _polygon_2d(renderer, np.array([[x0, y0], [x0 + px / 2, y0], [x0 + px / 2, y0 + t], [x0, y0 + t]]), (0.1, 0.1, 0.1))
    _polygon_2d(renderer, np.array([[x0 + px / 2, y0], [x0 + px, y0], [x0 + px, y0 + t], [x0 + px / 2, y0 + t]]), (1, 1, 1))
    _polygon_2d(renderer, np.array([[x0, y0], [x0 + px, y0], [x0 + px, y0 + t], [x0, y0 + t]]), (0.1, 0.1, 0.1), lines=True)
    fs = int(h * 0.016)
    label = f"{length_m:.0f} m" if length_m < 1000 else f"{length_m / 1000:.0f} km"
    _text(renderer, "0", x0 / w, (y0 + t * 2.0) / h, fs, align="center")
    _text(renderer, label, (x0 + px) / w, (y0 + t * 2.0) / h, fs, align="center")
    _text(renderer, "scale at the centre of the view", x0 / w, (y0 - t * 3.5) / h, int(fs * 0.75), color=(0.25, 0.25, 0.25))


def export_image(
    city: City,
    out: Path,
    spec: ImageSpec | None = None,
    camera_state: Callable[[pv.Plotter], None] | None = None,
) -> Path:
    """Render ``city`` off screen to ``out`` (PNG/JPEG) with title, legend, north arrow,
    scale bar and credits. ``camera_state`` may place the camera (else ``spec.view``)."""
    spec = spec or ImageSpec()
    w, h = spec.size
    plotter = pv.Plotter(off_screen=True, window_size=[w, h])
    try:
        plotter.ren_win.SetMultiSamples(0)
        scene = Scene(plotter, city, label_font_size=max(16, int(h * 0.018)))
        if spec.hidden is not None:
            scene.set_hidden_buildings(spec.hidden)
        if spec.overlay is not None:
            scene.set_overlay(spec.overlay)
            legend = scene._legend
            if legend is not None:
                legend.GetTitleTextProperty().SetFontSize(int(h * 0.02))
                legend.GetLabelTextProperty().SetFontSize(int(h * 0.016))
        if camera_state is not None:
            camera_state(plotter)
        elif spec.view == "top":
            camera.top_view(plotter, city)
        else:
            camera.home_view(plotter, city)
        renderer = plotter.renderer
        focal = np.array(plotter.camera.focal_point)
        _text(renderer, spec.title or city.name, 0.02, 0.93, int(h * 0.035), bold=True, frame=True)
        if spec.subtitle:
            _text(renderer, spec.subtitle, 0.02, 0.89, int(h * 0.02), frame=True)
        _add_north_arrow(renderer, (w, h), north_angle_rad(renderer, focal))
        _add_scale_bar(renderer, (w, h), metres_per_pixel(renderer, focal))
        credits = spec.credits or _default_credits(city)
        _text(renderer, credits, 0.02, 0.015, int(h * 0.013), color=(0.15, 0.15, 0.15), frame=True)
        plotter.screenshot(str(out))
    finally:
        plotter.close()
    return Path(out)


def _default_credits(city: City) -> str:
    parts = [f"Maquette · {city.crs}"]
    if city.provenance:
        parts.append(city.provenance)
    parts.append(f"exported {dt.date.today().isoformat()}")
    return " · ".join(parts)
