"""Reading a file as a layer for a city already open (File > Add layer, a project's later layers).

Like :func:`importers.open_city`, except that a GeoTIFF is read only where
the open city is: the window of its layers' extent plus ``LAYER_WINDOW_MARGIN_M``
(:func:`city.merge.layers_extent`, then ``read_raster(window=...)``), so a
département-wide DEM added to a district reads a few blocks, not the file. The
import report says so (``city.import_report.notes``), and so do the layer's
attributes (``"window"``) and its terrain report.
"""

from __future__ import annotations

from os import PathLike
from typing import Any

from city.merge import layers_extent
from city.model import City
from importers._common import CancelCallback, ProgressCallback
from importers.errors import InvalidFile
from importers.registry import format_for, open_city

LAYER_WINDOW_MARGIN_M = 100.0
"""Read 100 m of a raster around the open city: its edge buildings keep their surroundings (shade, canopy)."""


def layer_window(target: City, margin_m: float = LAYER_WINDOW_MARGIN_M) -> tuple[float, float, float, float] | None:
    """Lambert-93 (xmin, ymin, xmax, ymax) of what ``target`` holds, grown by ``margin_m``; None when it is empty."""
    extent = layers_extent(target)
    if extent is None:
        return None
    xmin, ymin, xmax, ymax = extent
    return (xmin - margin_m, ymin - margin_m, xmax + margin_m, ymax + margin_m)


def open_layer(
    path: str | PathLike[str],
    target: City,
    *,
    crs: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    margin_m: float = LAYER_WINDOW_MARGIN_M,
    **options: Any,
) -> City:
    """Read ``path`` to add to ``target`` (with :func:`city.merge.add_layers`): a new city, ``target`` untouched.

    A GeoTIFF is read only over ``target``'s extent plus ``margin_m`` (unless
    ``window=`` is given); a raster outside it raises
    :class:`~importers.errors.InvalidFile` naming the file and both extents.
    Other formats are read whole, as :func:`importers.open_city` reads them.
    """
    window = None
    if "window" not in options and format_for(path).name == "tiff":
        window = layer_window(target, margin_m)
        if window is not None:
            options["window"] = window
    try:
        city = open_city(path, crs=crs, progress=progress, cancel=cancel, **options)
    except InvalidFile as exc:
        if window is None or exc.location != "window":
            raise
        raise InvalidFile(
            path, exc.message.replace("does not overlap the window", f"lies outside the open city's extent plus {margin_m:g} m")
            + ": nothing of it would be seen", location="window") from None
    if window is not None and city.import_report is not None:
        city.import_report.notes.append(f"window: the open city's extent plus {margin_m:g} m")
    return city


__all__ = ["LAYER_WINDOW_MARGIN_M", "layer_window", "open_layer"]
