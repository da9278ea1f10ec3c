"""Progress reporting and cancellation for long analyses (no Qt: app/ wires these to widgets)."""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[float, str], None]
"""``progress(fraction, message)``: fraction in [0, 1]."""

CancelCallback = Callable[[], bool]
"""``cancel() -> bool``: True asks the analysis to stop at the next chunk."""


class Cancelled(Exception):
    """The analysis stopped because ``cancel()`` returned True; nothing was written to the city."""


def report(progress: ProgressCallback | None, fraction: float, message: str) -> None:
    if progress is not None:
        progress(min(max(float(fraction), 0.0), 1.0), message)


def check(cancel: CancelCallback | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled("solar analysis cancelled")
