"""Off-screen rendering of a city to an image file (no window, no Qt)."""

from __future__ import annotations

from pathlib import Path

import pyvista as pv

from city.model import City
from viewer import camera
from viewer.scene import Scene


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
        plotter.add_text(f"{city.crs} · {len(city.buildings)} buildings", position="upper_left", font_size=9, color="#222222")
        plotter.screenshot(str(out))
    finally:
        plotter.close()
    return Path(out)
