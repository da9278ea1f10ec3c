"""A disk cache of solar results, keyed by everything the results depend on.

The key is a SHA-256 of the code version (:data:`SOLAR_CODE_VERSION`), the
geometry that is analysed and that shades (building vertices, triangles and
surface types; terrain heights and grid; tree positions and sizes, each only
when the settings let it shade), the city's frame (which fixes the site and so
the sun), the weather (every value and time stamp, and the station), the
settings (all but ``threads``, which does not change results) and the run's
variant (untiled, or the tile size and shading margin: tiled results differ
from untiled ones beyond the margin). Reopening a city that has not changed
reads the per-triangle arrays back instead of casting rays again.

Entries are ``<key>.npz`` files in :func:`default_cache_dir` (``$MAQUETTE_CACHE/solar``
when that variable is set), written beside and renamed into place
(:func:`city.atomic.atomic_open`), so a reader never sees half a file. A file
that cannot be read back whole (truncated, corrupt, another version's layout)
is a miss: the run computes again and rewrites it. Nothing is ever evicted:
the files are small (about 30 bytes per triangle, compressed), delete the
folder to reclaim the space.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from city.atomic import atomic_open

#: Part of every key: bump it whenever a change in analysis/ changes solar results,
#: so that results of the old code are never served for the new.
SOLAR_CODE_VERSION = "maquette-solar-2025.1"

#: Settings fields that change how a run is executed but not its results.
_NOT_IN_KEY = frozenset({"threads"})


def default_cache_dir() -> Path:
    """Where solar results are cached: ``$MAQUETTE_CACHE/solar``, else the user's cache folder.

    The user's cache folder follows each platform's convention (as platformdirs
    does): ``$XDG_CACHE_HOME/maquette`` or ``~/.cache/maquette`` on Linux,
    ``~/Library/Caches/maquette`` on macOS, ``%LOCALAPPDATA%\\maquette\\Cache`` on Windows.
    """
    root = os.environ.get("MAQUETTE_CACHE")
    if root:
        return Path(root).expanduser() / "solar"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "maquette" / "Cache" / "solar"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "maquette" / "solar"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "maquette" / "solar"


def _add_array(h, name: str, values: np.ndarray) -> None:
    arr = np.ascontiguousarray(values)
    h.update(f"{name}:{arr.dtype.str}:{arr.shape}:".encode())
    h.update(arr.tobytes())


def solar_cache_key(city, weather, settings, variant: str = "untiled") -> str:
    """Hex SHA-256 of everything a solar run's results depend on (module docstring).

    city : city.model.City; weather : analysis.weather.Weather; settings : analysis.solar.SolarSettings
    variant : how faces are grouped for the rays ("untiled", or the tiling's size and margin)
    """
    h = hashlib.sha256()
    h.update(f"{SOLAR_CODE_VERSION}\n{variant}\n".encode())
    for f in dataclasses.fields(settings):
        if f.name not in _NOT_IN_KEY:
            h.update(f"{f.name}={getattr(settings, f.name)!r}\n".encode())
    h.update(f"crs={city.crs}\norigin={tuple(float(v) for v in city.frame.origin)!r}\n".encode())
    b = city.buildings
    _add_array(h, "vertices", b.vertices)
    _add_array(h, "triangles", b.triangles)
    _add_array(h, "surface", b.triangle_surface)
    if settings.include_terrain and city.terrain is not None:
        t = city.terrain
        h.update(f"terrain={t.x0!r},{t.y0!r},{t.dx!r},{t.dy!r}\n".encode())
        _add_array(h, "heights", t.heights)
    if settings.include_trees and len(city.trees):
        _add_array(h, "tree_positions", city.trees.positions)
        _add_array(h, "tree_height", city.trees.height_m)
        _add_array(h, "tree_crown", city.trees.crown_diameter_m)
    data = weather.data
    h.update(f"weather={weather.latitude_deg!r},{weather.longitude_deg!r},{weather.altitude_m!r},"
             f"{data.index.tz}\n".encode())
    _add_array(h, "times", data.index.asi8)
    for column in sorted(data.columns):
        h.update(f"column={column}\n".encode())
        _add_array(h, str(column), data[column].to_numpy(dtype=np.float64))
    return h.hexdigest()


@dataclass
class CachedSolar:
    """What a cache entry holds: the per-triangle results of one run.

    arrays : name -> (t,) float32 (:data:`analysis.solar.FACE_ARRAYS`)
    pv_area_m2, pv_incident_kwh : (t,) float64; n_samples, n_rays : counts of the run that made it
    """

    arrays: dict[str, np.ndarray]
    pv_area_m2: np.ndarray
    pv_incident_kwh: np.ndarray
    n_samples: int
    n_rays: int


class SolarCache:
    """Solar results on disk, one ``<key>.npz`` per run (module docstring).

    folder : where the entries live (default :func:`default_cache_dir`); created when first written.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.npz"

    def load(self, key: str, n_triangles: int, names: tuple[str, ...]) -> CachedSolar | None:
        """The entry for ``key``, or None when there is none or it cannot be read back whole.

        n_triangles : every array must have this length; names : the face arrays it must hold.
        """
        path = self.path(key)
        if not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as npz:
                if str(npz["key"]) != key:
                    return None
                arrays = {name: np.asarray(npz[f"face_{name}"]) for name in names}
                pv_area, pv_kwh = np.asarray(npz["pv_area_m2"]), np.asarray(npz["pv_incident_kwh"])
                n_samples, n_rays = int(npz["n_samples"]), int(npz["n_rays"])
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None  # truncated or foreign: a miss, and the run rewrites it
        if any(a.shape != (n_triangles,) for a in (*arrays.values(), pv_area, pv_kwh)):
            return None
        return CachedSolar(arrays, pv_area, pv_kwh, n_samples, n_rays)

    def store(self, key: str, entry: CachedSolar) -> Path:
        """Write the entry for ``key`` atomically; returns its path. Raises OSError when it cannot."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(key)
        with atomic_open(path, "wb") as f:
            np.savez_compressed(
                f,
                key=np.array(key),
                pv_area_m2=entry.pv_area_m2,
                pv_incident_kwh=entry.pv_incident_kwh,
                n_samples=np.int64(entry.n_samples),
                n_rays=np.int64(entry.n_rays),
                **{f"face_{name}": values for name, values in entry.arrays.items()},
            )
        return path
