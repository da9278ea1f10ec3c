"""Tours (named viewpoints played in order) and their MP4 video.

A viewpoint is a camera (local metres). A tour flies from one viewpoint to
the next with an ease-in-out, the camera's position and target moving
together, and holds each for a moment. Frames are rendered off screen and
piped to ffmpeg (the binary shipped by imageio-ffmpeg), H.264 in MP4,
yuv420p so every player opens it.

Rendering is most of the time of an export (about 200 ms a 1080p frame in
software GL): a pause's frame is rendered once and sent again. Rendering in
worker processes was measured and left out: on a 2-core machine llvmpipe
already keeps both cores busy, and two renderers gave fewer frames a second
than one; feeding ffmpeg from a thread gained nothing measurable either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkUnsignedCharArray

from city.model import City
from viewer import camera
from viewer.scene import Scene


@dataclass(frozen=True)
class Viewpoint:
    """A named camera: position and focal point in local metres, view-up, view angle (degrees)."""

    name: str
    position: tuple[float, float, float]
    focal_point: tuple[float, float, float]
    up: tuple[float, float, float] = (0.0, 0.0, 1.0)
    view_angle: float = 30.0

    @classmethod
    def from_plotter(cls, name: str, plotter: pv.Plotter) -> Viewpoint:
        c = plotter.camera
        return cls(name, tuple(c.position), tuple(c.focal_point), tuple(c.up), float(c.view_angle))

    def apply(self, plotter: pv.Plotter) -> None:
        c = plotter.camera
        c.position, c.focal_point, c.up, c.view_angle = self.position, self.focal_point, self.up, self.view_angle
        plotter.renderer.ResetCameraClippingRange()


def orbit_tour(city: City, n: int = 4) -> list[Viewpoint]:
    """A default tour: the home view, then around the area of interest by quarter turns."""
    plotter = pv.Plotter(off_screen=True, window_size=[64, 64])
    try:
        views = []
        for k in range(n):
            camera.home_view(plotter, city, azimuth_deg=200.0 + 360.0 * k / n)
            views.append(Viewpoint.from_plotter(f"view {k + 1}", plotter))
        return views
    finally:
        plotter.close()


def _ease(t: np.ndarray | float) -> np.ndarray | float:
    return 0.5 - 0.5 * np.cos(np.pi * t)


def tour_cameras(views: list[Viewpoint], seconds: float, fps: int, hold_fraction: float = 0.3, loop: bool = True) -> list[Viewpoint]:
    """One camera per frame over ``seconds``, shared evenly between the legs: each leg holds on a viewpoint
    for ``hold_fraction`` of its time, then flies to the next (the default orbit, every viewpoint in order)."""
    if len(views) < 2:
        raise ValueError("a tour needs at least two viewpoints")
    if not 0.0 <= hold_fraction < 1.0:
        raise ValueError(f"hold_fraction must be in [0, 1), got {hold_fraction!r}")
    leg_s = seconds / (len(views) if loop else len(views) - 1)
    return timed_tour_cameras(views, leg_s * (1.0 - hold_fraction), leg_s * hold_fraction, fps, loop)


def timed_tour_cameras(
    views: list[Viewpoint],
    flight_s: float | Sequence[float],
    hold_s: float | Sequence[float],
    fps: int,
    loop: bool = True,
) -> list[Viewpoint]:
    """One camera per frame: each leg holds on a viewpoint for ``hold_s``, then flies to the next in ``flight_s``.

    ``flight_s``, ``hold_s``: seconds, one for every leg or one per leg (a loop
    has as many legs as viewpoints, the last flying back to the first). Frame
    ``f`` shows time ``f / fps``; there are ``round(total × fps)`` frames, so a
    pause of 3 s at 25 fps is 75 frames of the same camera. Flights turn around
    the target (interpolating azimuth, elevation and distance) rather than
    cutting straight through the city, with an ease-in-out.
    """
    if len(views) < 2:
        raise ValueError("a tour needs at least two viewpoints")
    if fps < 1:
        raise ValueError(f"fps must be at least 1, got {fps!r}")
    legs = len(views) if loop else len(views) - 1
    flights = np.broadcast_to(np.asarray(flight_s, dtype=np.float64), (legs,))
    holds = np.broadcast_to(np.asarray(hold_s, dtype=np.float64), (legs,))
    if not (np.isfinite(flights).all() and np.isfinite(holds).all() and (flights > 0).all() and (holds >= 0).all()):
        raise ValueError(f"flights must last more than 0 s and pauses at least 0 s, got {flight_s!r} and {hold_s!r}")
    ends = np.cumsum(flights + holds)
    starts = ends - (flights + holds)
    n_frames = max(1, int(round(ends[-1] * fps)))
    out = []
    for f in range(n_frames):
        time_s = f / fps
        leg = min(int(np.searchsorted(ends, time_s, side="right")), legs - 1)
        into_s = time_s - starts[leg]
        t = 0.0 if into_s < holds[leg] else float(_ease(min(1.0, (into_s - holds[leg]) / flights[leg])))
        a, b = views[leg], views[(leg + 1) % len(views)]
        fa, fb = np.array(a.focal_point), np.array(b.focal_point)
        focal = fa + (fb - fa) * t
        da, db = np.array(a.position) - fa, np.array(b.position) - fb
        ra, rb = np.linalg.norm(da), np.linalg.norm(db)
        az_a, az_b = np.arctan2(da[1], da[0]), np.arctan2(db[1], db[0])
        d_az = (az_b - az_a + np.pi) % (2 * np.pi) - np.pi  # the short way round
        el_a, el_b = np.arcsin(da[2] / ra), np.arcsin(db[2] / rb)
        az, el, r = az_a + d_az * t, el_a + (el_b - el_a) * t, ra + (rb - ra) * t
        pos = focal + r * np.array([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)])
        out.append(Viewpoint(f"frame {f}", tuple(pos), tuple(focal), (0.0, 0.0, 1.0), a.view_angle))
    return out


def _camera_key(cam: Viewpoint) -> tuple:
    return cam.position, cam.focal_point, cam.up, cam.view_angle


def export_video(
    city: City,
    out: Path,
    views: list[Viewpoint] | None = None,
    seconds: float = 30.0,
    fps: int = 25,
    size: tuple[int, int] = (1920, 1080),
    title: str = "",
    progress: Callable[[float, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    flight_s: float | None = None,
    hold_s: float | None = None,
) -> dict:
    """Render the tour to ``out`` (.mp4). ``cancel()`` returning True stops and removes the partial file.

    A named tour gives ``flight_s`` and ``hold_s``: each leg pauses and flies
    that long, and the video lasts legs × (flight + pause) (``seconds`` unused);
    otherwise each leg is ``seconds`` / legs, 30 % pause and 70 % flight.
    """
    import imageio_ffmpeg

    views = views or orbit_tour(city)
    if (flight_s is None) != (hold_s is None):
        raise ValueError("a tour's timing needs both its flight and its pause times")
    cams = (tour_cameras(views, seconds, fps) if flight_s is None
            else timed_tour_cameras(views, flight_s, hold_s, fps))
    w, h = size
    if w % 2 or h % 2:
        raise ValueError(f"video size must be even (H.264 with yuv420p), got {w}x{h}")
    plotter = pv.Plotter(off_screen=True, window_size=[w, h])
    plotter.ren_win.SetMultiSamples(0)
    writer = imageio_ffmpeg.write_frames(
        str(out), (w, h), fps=fps, codec="libx264", pix_fmt_out="yuv420p", quality=None,
        output_params=["-preset", "veryfast", "-crf", "23", "-movflags", "+faststart"], macro_block_size=2,
    )
    writer.send(None)  # start ffmpeg
    done = 0
    try:
        Scene(plotter, city)
        caption = (title or city.name) + (f" — {city.provenance}" if city.provenance else "")
        text = plotter.add_text(caption, position="lower_left", font_size=max(10, h // 80), color="#222222")
        text.GetTextProperty().SetBackgroundColor(1.0, 1.0, 1.0)  # readable over a dark street or a shaded side
        text.GetTextProperty().SetBackgroundOpacity(0.8)
        plotter.screenshot(return_img=True)  # the first render sets the window up
        pixels = vtkUnsignedCharArray()
        frame, shown = None, None  # the last frame rendered and its camera
        for k, cam in enumerate(cams):
            if cancel is not None and cancel():
                raise KeyboardInterrupt("export cancelled")
            # a pause repeats one camera for seconds (30 % of the default tour): its frame is rendered once
            if _camera_key(cam) != shown:
                cam.apply(plotter)
                plotter.render()
                # the back buffer read directly: screenshot() copies the image twice more (70 ms a 1080p frame here)
                plotter.ren_win.GetPixelData(0, 0, w - 1, h - 1, 0, pixels, 0)
                frame, shown = np.ascontiguousarray(vtk_to_numpy(pixels).reshape(h, w, 3)[::-1]), _camera_key(cam)
            try:
                writer.send(frame)
            except OSError as exc:  # ffmpeg quit; what it said is on stderr
                reason = (str(exc).strip().splitlines() or ["no reason given"])[0]
                raise RuntimeError(f"{out}: ffmpeg stopped writing the video ({reason})") from exc
            done = k + 1
            if progress is not None and (k % fps == 0 or done == len(cams)):
                progress(done / len(cams), f"frame {done} / {len(cams)}")
        writer.close()
        if not Path(out).is_file():  # ffmpeg quit after reading every frame
            raise RuntimeError(f"{out}: ffmpeg wrote no video (see its messages above)")
    except BaseException:
        writer.close()
        Path(out).unlink(missing_ok=True)  # no half video left behind
        raise
    finally:
        plotter.close()
    return {"frames": done, "fps": fps, "size": size, "bytes": Path(out).stat().st_size}
