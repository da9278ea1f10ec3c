"""Tours (named viewpoints played in order) and their MP4 video.

A viewpoint is a camera (local metres). A tour flies from one viewpoint to
the next with an ease-in-out, the camera's position and target moving
together, and holds each for a moment. Frames are rendered off screen and
piped to ffmpeg (the binary shipped by imageio-ffmpeg), H.264 in MP4,
yuv420p so every player opens it.
"""

from __future__ import annotations

from collections.abc import Callable
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
    """One camera per frame: each leg holds on a viewpoint, then flies to the next (around the focal point).

    Flights turn around the target (interpolating azimuth, elevation and
    distance) rather than cutting straight through the city.
    """
    if len(views) < 2:
        raise ValueError("a tour needs at least two viewpoints")
    legs = len(views) if loop else len(views) - 1
    n_frames = max(1, int(round(seconds * fps)))
    out = []
    for f in range(n_frames):
        x = f / n_frames * legs
        leg = min(int(x), legs - 1)
        t = x - leg
        t = 0.0 if t < hold_fraction else _ease((t - hold_fraction) / (1 - hold_fraction))
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
) -> dict:
    """Render the tour to ``out`` (.mp4). ``cancel()`` returning True stops and removes the partial file."""
    import imageio_ffmpeg

    views = views or orbit_tour(city)
    cams = tour_cameras(views, seconds, fps)
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
        plotter.add_text(caption, position="lower_left", font_size=max(10, h // 80), color="#222222")
        plotter.screenshot(return_img=True)  # the first render sets the window up
        pixels = vtkUnsignedCharArray()
        for k, cam in enumerate(cams):
            if cancel is not None and cancel():
                raise KeyboardInterrupt("export cancelled")
            cam.apply(plotter)
            plotter.render()
            # the back buffer read directly: screenshot() copies the image twice more (70 ms a 1080p frame here)
            plotter.ren_win.GetPixelData(0, 0, w - 1, h - 1, 0, pixels, 0)
            writer.send(np.ascontiguousarray(vtk_to_numpy(pixels).reshape(h, w, 3)[::-1]))
            done = k + 1
            if progress is not None and (k % fps == 0 or done == len(cams)):
                progress(done / len(cams), f"frame {done} / {len(cams)}")
        writer.close()
    except BaseException:
        writer.close()
        Path(out).unlink(missing_ok=True)  # no half video left behind
        raise
    finally:
        plotter.close()
    return {"frames": done, "fps": fps, "size": size, "bytes": Path(out).stat().st_size}
