"""Tile functions that misbehave once, for the Dask tests (a module of its own: worker processes import it by name).

Each takes a folder first (bind it with functools.partial): a file per tile
there records the first attempt, so the second attempt, wherever it runs, behaves.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from analysis.solar_tiles import run_tile


def _first_attempt(folder: str, name: str) -> bool:
    """True the first time it is asked for ``name`` (in any process); counts every attempt."""
    attempts = Path(folder) / f"{name}.attempts"
    with open(attempts, "a") as f:
        f.write(f"{os.getpid()}\n")
    return len(attempts.read_text().splitlines()) == 1


def attempts(folder: str | Path, name: str) -> int:
    path = Path(folder) / f"{name}.attempts"
    return len(path.read_text().splitlines()) if path.exists() else 0


def fails_once(folder: str, victim: str, tile, *args):
    """run_tile, but the tile named ``victim`` raises OSError on its first attempt."""
    if tile.name == victim and _first_attempt(folder, tile.name):
        raise OSError(f"tile {tile.name}: transient failure (first attempt)")
    return run_tile(tile, *args)


def kills_its_worker_once(folder: str, victim: str, tile, *args):
    """run_tile, but the first attempt at the tile named ``victim`` kills its worker process outright."""
    if tile.name == victim and _first_attempt(folder, tile.name):
        os._exit(1)  # as a worker killed by the OOM killer: no exception, no goodbye to the scheduler
    return run_tile(tile, *args)


def slow(seconds: float, tile, *args):
    """run_tile after a pause: long enough runs to cancel in the middle."""
    time.sleep(seconds)
    return run_tile(tile, *args)
