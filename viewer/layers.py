"""Layer styles: what the layers panel edits and the scene obeys.

A style is an evented dataclass (psygnal): widgets write it, the scene and
the widgets listen to ``style.events.<field>``. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

from psygnal import evented

#: Layer keys, in the order the layers panel lists them.
LAYER_KEYS = ("buildings", "ground", "trees", "zones")


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


def default_styles() -> dict[str, LayerStyle]:
    return {key: LayerStyle(key) for key in LAYER_KEYS}
