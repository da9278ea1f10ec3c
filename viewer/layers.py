"""Layer styles: what the layers panel edits and the scene obeys.

A style is an evented dataclass (psygnal): widgets write it, the scene and
the widgets listen to ``style.events.<field>``. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

from psygnal import evented

#: Layer keys, in the order the layers panel lists them.
LAYER_KEYS = ("buildings", "ground", "trees", "zones", "parcels", "sites", "points", "imagery", "grids")


@evented
@dataclass
class LayerStyle:
    """Visibility and opacity (0..1) of one layer."""

    key: str
    visible: bool = True
    opacity: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.opacity <= 1.0:
            raise ValueError(f"layer {self.key!r}: opacity must be within 0..1, got {self.opacity}")


def default_styles(keys: tuple[str, ...] = ("buildings", "ground", "trees", "zones")) -> dict[str, LayerStyle]:
    """Styles of the layers ``keys`` (the panel lists what a city has)."""
    return {key: LayerStyle(key) for key in keys}


def layer_keys(city) -> tuple[str, ...]:
    """The layers a city has, in panel order: the four base layers, plus parcels, sites, point clouds, imagery, grids if any."""
    optional = {"parcels": "parcels", "sites": "sites", "points": "point_clouds", "imagery": "imagery", "grids": "grids"}
    return tuple(k for k in LAYER_KEYS if k not in optional or getattr(city, optional[k], None))
