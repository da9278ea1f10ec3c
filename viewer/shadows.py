"""The shadow study: the sun's shadows at a date and time (Paris clock), computed by ray casting.

The same Embree scene and sun positions as the solar analysis (so what a
planner sees is what the analysis counts): ground points every
``spacing_m`` over the area of interest are tested against the sun, and
drawn as a translucent shadow layer on the ground; each building face is
darkened by the share of its sample points in shadow (faces turned away
from the sun are in their own shadow). The light of the scene follows the sun.

The sun's path of the day can be drawn over the scene (:class:`SunPathLayer`):
an arc of the sky dome around the area of interest, through the sun's
positions of the day (pvlib's SPA, apparent elevation, true azimuth turned
into map directions by the grid convergence, as the shadows are), with the
Paris clock's whole hours marked and the sun of the chosen instant
highlighted; the solstices' paths are drawn faintly for reference. The hour
labels are thinned on screen before each render (every 2nd, 3rd... hour,
:func:`hour_label_mask`) so that none overlaps another, whatever the view's
size and camera.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyvista as pv
from vtkmodules.vtkCommonCore import vtkStringArray
from vtkmodules.vtkRenderingCore import vtkTextRenderer

from analysis.raycast import OcclusionScene
from analysis.solar import shadow_mask
from analysis.sun import PARIS_TZ, Site, site_of, solar_position, sun_direction_at, sun_vectors
from viewer.camera import area_of_interest, display_point
from viewer.scene import Scene

SHADOW_RGBA = (38, 42, 64, 150)
FACE_SHADE = 0.35
"""A face fully in shadow keeps 65 % of its colour (sky light still reaches it; the sun light already darkens faces turned away)."""

SUN_PATH_RGB = "#f08c00"
SUN_NOW_RGB = "#ffd43b"
SOLSTICE_RGB = "#ced4da"
SUN_PATH_RADIUS = 0.9
"""The sun path's dome radius, as a share of the area of interest's radius (the default views frame that area)."""
SUN_PATH_STEP_MINUTES = 5.0
HOUR_LABEL_STEPS = (1, 2, 3, 4, 6, 12)
"""The hours between labels the sun path may show: whole divisors of the day, so the labels stay on round hours."""
HOUR_LABEL_GAP_PX = 2
"""Clear pixels kept between two hour labels (on top of their boxes' own 3-pixel margins)."""


@dataclass(frozen=True)
class ShadowFrame:
    """The shadows of one instant, ready to draw."""

    when: dt.datetime
    direction: np.ndarray
    elevation_deg: float
    face_shade: np.ndarray
    ground_rgba: np.ndarray
    sun_path: tuple[SunArc, ...] | None = None
    """The day's arc then the solstices' (computed with the frame, off the GUI thread), or None: no sun path."""


@dataclass(frozen=True)
class SunArc:
    """The sun's path over one day as points of a sky dome around the scene.

    times : (n,) tz-aware DatetimeIndex (Paris), every ``step_minutes`` while the sun is up
    points : (n, 3) float64, local frame: ``centre + radius_m * (unit vector to the sun)``
    azimuth_deg : (n,) true azimuth, clockwise from north; elevation_deg : (n,) apparent elevation
    hour_points : (h, 3) the whole hours of the Paris clock on the arc; hour_labels : ("08:00", ...)
    now : the instant highlighted, or None; now_point : (3,) where the sun is then, or None when it is down
    """

    day: dt.date
    times: pd.DatetimeIndex
    points: np.ndarray
    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    hour_points: np.ndarray
    hour_labels: tuple[str, ...]
    now: pd.Timestamp | None = None
    now_point: np.ndarray | None = None


def _paris(when: dt.datetime | pd.Timestamp, tz: str) -> pd.Timestamp:
    stamp = pd.Timestamp(when)
    if stamp.tz is None:  # as analysis.sun.sun_direction_at reads a naive time
        stamp = stamp.tz_localize(ZoneInfo(tz), ambiguous=True, nonexistent="shift_forward")
    return stamp


def sun_path_arc(
    site: Site,
    day: dt.date,
    centre: np.ndarray,
    radius_m: float,
    *,
    now: dt.datetime | pd.Timestamp | None = None,
    step_minutes: float = SUN_PATH_STEP_MINUTES,
    tz: str = PARIS_TZ,
) -> SunArc:
    """The sun's positions over the local calendar day ``day`` (23-25 h at the clock changes), as an arc.

    site : where the sun is seen from (:func:`analysis.sun.site_of`: its grid
    convergence turns true azimuths into map directions); centre : (3,) local
    frame, the dome's centre on the ground; radius_m : the dome's radius;
    now : the instant to highlight (naive: Paris clock time), optional.
    Sun positions: NREL SPA via pvlib (:func:`analysis.sun.solar_position`).
    """
    if not radius_m > 0:
        raise ValueError(f"sun path radius {radius_m} m: must be positive")
    start = pd.Timestamp(dt.datetime(day.year, day.month, day.day), tz=ZoneInfo(tz))
    nxt = day + dt.timedelta(days=1)
    end = pd.Timestamp(dt.datetime(nxt.year, nxt.month, nxt.day), tz=ZoneInfo(tz))
    step = pd.Timedelta(minutes=step_minutes)
    # real instants from local midnight: whole clock hours fall on samples even on a 23 h or 25 h day
    times = pd.DatetimeIndex(start + step * np.arange(int(round((end - start) / step)) + 1))
    now_stamp = _paris(now, tz) if now is not None else None
    stamps = times if now_stamp is None else times.append(pd.DatetimeIndex([now_stamp]))
    pos = solar_position(stamps, site)
    zenith = pos["apparent_zenith"].to_numpy()
    azimuth = pos["azimuth"].to_numpy()
    elevation = pos["apparent_elevation"].to_numpy()
    points = np.asarray(centre, dtype=np.float64) + radius_m * sun_vectors(zenith, azimuth, site.grid_convergence_deg)
    now_point = None
    if now_stamp is not None:
        if elevation[-1] > 0:
            now_point = points[-1]
        points, azimuth, elevation = points[:-1], azimuth[:-1], elevation[:-1]
    up = elevation > 0
    local = times.tz_convert(ZoneInfo(tz))
    whole = up & (local.minute == 0) & (local.second == 0)
    return SunArc(
        day=day,
        times=times[up],
        points=points[up],
        azimuth_deg=azimuth[up],
        elevation_deg=elevation[up],
        hour_points=points[whole],
        hour_labels=tuple(f"{t.hour:02d}:00" for t in local[whole]),
        now=now_stamp,
        now_point=now_point,
    )


def hour_label_mask(
    anchors_px: np.ndarray,
    hours: np.ndarray,
    label_size_px: tuple[float, float],
    view_size_px: tuple[float, float],
    in_front: np.ndarray | None = None,
    *,
    gap_px: float = HOUR_LABEL_GAP_PX,
    steps: tuple[int, ...] = HOUR_LABEL_STEPS,
) -> np.ndarray:
    """Which hour labels to draw so that none overlaps another: every ``step``-th clock hour, the smallest that fits.

    anchors_px : (h, 2) float, display pixels of the labels' anchors (every label sits the same way on its anchor)
    hours : (h,) int, each label's clock hour; label_size_px : (width, height) of the widest label's box
    view_size_px : (width, height) of the view: labels off it, or behind the camera (``in_front`` False), do not count
    Returns (h,) bool. Two boxes of one size overlap when their anchors are closer than a box
    (plus ``gap_px``) along both screen axes. Showing hours that are multiples of the step keeps
    the labels on round hours (12:00, then 06:00, 18:00...) whatever part of the arc is crowded.
    """
    anchors = np.asarray(anchors_px, dtype=np.float64).reshape(-1, 2)
    hours = np.asarray(hours, dtype=np.int64)
    if len(anchors) != len(hours):
        raise ValueError(f"{len(anchors)} label anchors for {len(hours)} hours")
    width, height = float(label_size_px[0]) + gap_px, float(label_size_px[1]) + gap_px
    seen = np.ones(len(hours), dtype=bool) if in_front is None else np.asarray(in_front, dtype=bool).copy()
    # a box anchored anywhere within a box's size of the view can reach into it
    seen &= (anchors[:, 0] > -width) & (anchors[:, 0] < view_size_px[0] + width)
    seen &= (anchors[:, 1] > -height) & (anchors[:, 1] < view_size_px[1] + height)
    mask = np.ones(len(hours), dtype=bool)
    for step in steps:
        mask = hours % step == 0
        xy = anchors[mask & seen]
        dx = np.abs(xy[:, None, 0] - xy[None, :, 0])
        dy = np.abs(xy[:, None, 1] - xy[None, :, 1])
        clash = (dx < width) & (dy < height)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
    return mask


class SunPathLayer:
    """The sun path's actors in a scene: the day's arc with its hours, the sun now, the solstices and the horizon faintly."""

    def __init__(self, scene: Scene, centre: np.ndarray, radius_m: float) -> None:
        self.scene = scene
        self.centre = np.asarray(centre, dtype=np.float64)
        self.radius_m = radius_m  # sizes the hour marks and the sun
        self.arc: SunArc | None = None
        self.actors: dict[str, object] = {}
        self._labels = pv.PolyData()  # the hour labels drawn now: a subset of the arc's, see _thin_labels
        self._label_anchors = np.empty((0, 3))
        self._label_hours = np.empty(0, dtype=np.int64)
        self._label_mask: np.ndarray | None = None
        self._label_observer: tuple[object, int] | None = None  # (renderer, observer id)

    @property
    def shown_hour_labels(self) -> tuple[str, ...]:
        """The hour labels drawn at the last render (the others are thinned out: they would overlap)."""
        if self.arc is None or self._label_mask is None:
            return ()
        return tuple(label for label, on in zip(self.arc.hour_labels, self._label_mask, strict=True) if on)

    def label_anchor_points(self) -> np.ndarray:
        """(h, 3) local frame: where each of the arc's hour labels is pinned (above its hour mark)."""
        return self._label_anchors.copy()

    @property
    def shown(self) -> bool:
        return self.arc is not None

    def show(self, arc: SunArc, solstices: tuple[SunArc, ...] = ()) -> None:
        """Draw ``arc`` (replacing what was drawn) and the ``solstices`` arcs (GUI thread)."""
        p = self.scene.plotter
        self.hide(render=False)
        self.arc = arc
        size = self.radius_m
        common = dict(reset_camera=False, pickable=False, lighting=False)
        angle = np.linspace(0.0, 2 * np.pi, 181)
        ring = self.centre + size * np.column_stack([np.cos(angle), np.sin(angle), np.zeros_like(angle)])
        # the dome's foot: the arc's ends stand on it, which shows where the sun rises and sets
        self.actors["horizon"] = p.add_mesh(pv.lines_from_points(ring.astype(np.float32)), color=SOLSTICE_RGB,
                                            line_width=2, opacity=0.5, name="sun_path_horizon", **common)
        faint = [a for a in solstices if len(a.points) > 1]
        if faint:
            lines = pv.merge([pv.lines_from_points(a.points.astype(np.float32)) for a in faint])
            self.actors["solstices"] = p.add_mesh(lines, color=SOLSTICE_RGB, line_width=3, opacity=0.7,
                                                  name="sun_path_solstices", **common)
        if len(arc.points) > 1:
            self.actors["path"] = p.add_mesh(pv.lines_from_points(arc.points.astype(np.float32)), color=SUN_PATH_RGB,
                                             line_width=5, name="sun_path", **common)
        if len(arc.hour_points):
            marks = pv.PolyData(arc.hour_points.astype(np.float32)).glyph(
                geom=pv.Sphere(radius=0.012 * size), scale=False, orient=False)
            self.actors["hours"] = p.add_mesh(marks, color=SUN_PATH_RGB, name="sun_path_hours", **common)
            self._label_anchors = arc.hour_points + np.array([0.0, 0.0, 0.025 * size])
            self._label_hours = np.array([int(label[:2]) for label in arc.hour_labels], dtype=np.int64)
            self._set_labels(np.ones(len(arc.hour_labels), dtype=bool))
            labels = p.add_point_labels(
                self._labels, "labels",
                name="sun_path_labels", font_size=max(10, self.scene.label_font_size - 4), text_color="white",
                shape_color=SUN_PATH_RGB, shape_opacity=0.75, show_points=False, always_visible=True,
                reset_camera=False, pickable=False,
            )
            # _thin_labels keeps the labels apart; VTK's own placer would drop arbitrary hours and still let boxes touch
            labels.GetMapper().SetPlaceAllLabels(True)
            self.actors["labels"] = labels
            self._label_observer = (p.renderer, p.renderer.AddObserver("StartEvent", self._thin_labels))
        if arc.now_point is not None:
            self.actors["now"] = p.add_mesh(pv.Sphere(radius=0.035 * size, center=arc.now_point), color=SUN_NOW_RGB,
                                            name="sun_path_now", **common)
        self.scene.request_render()

    def _set_labels(self, mask: np.ndarray) -> None:
        """Draw the hour labels of ``mask`` (the label actor reads ``self._labels``)."""
        points = pv.PolyData(self._label_anchors[mask].astype(np.float32))
        text = vtkStringArray()
        text.SetName("labels")
        for label, on in zip(self.arc.hour_labels, mask, strict=True):
            if on:
                text.InsertNextValue(label)
        points.GetPointData().AddArray(text)
        self._labels.ShallowCopy(points)
        self._label_mask = mask

    def _label_box_px(self) -> tuple[float, float]:
        """(width, height) in pixels of the widest hour label's box, as the label mapper sizes it (text and margins)."""
        mapper = self.actors["labels"].GetMapper()
        text_property = mapper.GetInputAlgorithm().GetTextProperty()
        dpi = self.scene.plotter.render_window.GetDPI()
        renderer, bounds = vtkTextRenderer.GetInstance(), [0, 0, 0, 0]
        width = height = 0.0
        for label in set(self.arc.hour_labels):
            renderer.GetBoundingBox(text_property, label, bounds, dpi)
            width, height = max(width, bounds[1] - bounds[0] + 1), max(height, bounds[3] - bounds[2] + 1)
        margin = 2 * mapper.GetMargin()
        return width + margin, height + margin

    def _thin_labels(self, renderer, _event: str) -> None:
        """Before each render: the hour labels that fit the view as it is now (size and camera)."""
        if self.arc is None or not len(self._label_anchors):
            return
        camera = renderer.GetActiveCamera()
        eye, ahead = np.array(camera.GetPosition()), np.array(camera.GetDirectionOfProjection())
        anchors = np.array([display_point(renderer, point) for point in self._label_anchors])
        origin = np.array(renderer.GetOrigin(), dtype=np.float64)
        mask = hour_label_mask(anchors - origin, self._label_hours, self._label_box_px(), renderer.GetSize(),
                               in_front=(self._label_anchors - eye) @ ahead > 0.0)
        if self._label_mask is None or not np.array_equal(mask, self._label_mask):
            self._set_labels(mask)

    def hide(self, render: bool = True) -> None:
        if self._label_observer is not None:
            renderer, observer = self._label_observer
            renderer.RemoveObserver(observer)
            self._label_observer = None
        self._label_mask = None
        self._label_anchors = np.empty((0, 3))
        self._label_hours = np.empty(0, dtype=np.int64)
        for actor in self.actors.values():
            self.scene.plotter.remove_actor(actor, render=False)
        self.actors.clear()
        if self.arc is not None and render:
            self.scene.request_render()
        self.arc = None


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
        self.sky_centre = np.array([centre[0], centre[1], float(centre[2])])
        self.sky_radius_m = SUN_PATH_RADIUS * radius
        self.sun_path = SunPathLayer(scene, self.sky_centre, self.sky_radius_m)
        self._solstices: dict[int, tuple[SunArc, ...]] = {}

    def sun_path_arcs(self, when: dt.datetime) -> tuple[SunArc, ...]:
        """The sun path of ``when``'s day with ``when`` highlighted, then the solstices' paths of that year."""
        day = pd.Timestamp(when).date()
        arc = sun_path_arc(self.site, day, self.sky_centre, self.sky_radius_m, now=when)
        solstices = self._solstices.get(day.year)
        if solstices is None:
            solstices = tuple(sun_path_arc(self.site, dt.date(day.year, m, 21), self.sky_centre, self.sky_radius_m)
                              for m in (6, 12))
            self._solstices[day.year] = solstices
        return (arc, *solstices)

    def compute(self, when: dt.datetime, sun_path: bool = False) -> ShadowFrame:
        """The shadows at ``when`` (naive: Paris clock time, daylight saving applied), and the sun path if asked.

        No VTK here: a GUI runs this in a worker thread (Embree releases the
        GIL) and hands the frame to :meth:`show` on the GUI thread.
        """
        direction, elevation = sun_direction_at(self.site, when)
        ground_shaded = shadow_mask(self.occlusion, self._ground, direction)
        faces = shadow_mask(self.occlusion, self._face_points, direction, normals=self._face_normals)
        shade = 1.0 - FACE_SHADE * faces.reshape(-1, 4).mean(axis=1)
        rgba = np.zeros((*self._shape, 4), dtype=np.uint8)
        rgba[ground_shaded.reshape(self._shape) & self._ground_ok] = SHADOW_RGBA
        arcs = self.sun_path_arcs(when) if sun_path else None
        return ShadowFrame(when, direction, elevation, shade, rgba, arcs)

    def show(self, frame: ShadowFrame) -> None:
        """Draw a computed frame (GUI thread)."""
        self.direction, self.elevation_deg = frame.direction, frame.elevation_deg
        self.scene.set_face_shading(frame.face_shade)
        self._draw(frame.ground_rgba)
        if frame.elevation_deg > 0:
            self.scene.set_sun(frame.direction)
        if frame.sun_path is not None:
            self.sun_path.show(frame.sun_path[0], frame.sun_path[1:])
        else:
            self.sun_path.hide(render=False)
        self.scene.request_render()

    def at(self, when: dt.datetime, sun_path: bool = False) -> float:
        """Compute and show the shadows (and the sun path if asked) at ``when``; returns the sun's elevation (degrees)."""
        frame = self.compute(when, sun_path)
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
        self.sun_path.hide(render=False)
        if self._actor is not None:
            self.scene.plotter.remove_actor(self._actor)
            self._actor = None
        self.scene.set_face_shading(None)
        self.scene.set_sun(self.scene.sun.direction())
        self.occlusion.close()
