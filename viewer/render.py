"""Off-screen rendering of a city to an image file (no window, no Qt)."""

from __future__ import annotations

from pathlib import Path

import pyvista as pv

from city.model import City
from viewer import camera
from viewer.scene import Scene


def contents(city: City) -> str:
    """What the image shows, counted: "1,234 buildings · 3,542 trees · 289,055 points · terrain · 2 rasters"."""

    def count(n: int, noun: str) -> str:
        return f"{n:,} {noun}" + ("" if n == 1 else "s")

    parts = [count(len(city.buildings), "building")] if len(city.buildings) else []
    if len(city.trees):
        parts.append(count(len(city.trees), "tree"))
    if city.point_clouds:
        parts.append(count(sum(len(c.positions) for c in city.point_clouds), "point"))
    if city.terrain is not None:
        parts.append("terrain")
    rasters = len(city.imagery) + len(city.grids)
    if rasters:
        parts.append(count(rasters, "raster"))
    return " · ".join(parts) or "0 buildings"


def render_city_image(city: City, out: Path, size: tuple[int, int] = (1920, 1080), view: str = "home") -> Path:
    """Render ``city`` off screen to ``out`` (PNG or JPEG by suffix); returns the path.

    ``view`` is "home" (oblique, from the south-south-west) or "top".
    """
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    plotter.ren_win.SetMultiSamples(0)  # MSAA costs 3-5x frame time on software GL
    try:
        Scene(plotter, city)
        if view == "top":
            camera.top_view(plotter, city)
        else:
            camera.home_view(plotter, city)
        caption = city.name + (f" — {city.provenance}" if city.provenance else "")
        plotter.add_text(caption, position="lower_left", font_size=10, color="#222222")
        plotter.add_text(f"{city.crs} · {contents(city)}", position="upper_left", font_size=9, color="#222222")
        plotter.screenshot(str(out))
    finally:
        plotter.close()
    return Path(out)
