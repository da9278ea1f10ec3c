"""A disk cache of solar results, keyed by everything the results depend on.

The key is a SHA-256 of the code version (:data:`SOLAR_CODE_VERSION`, a hash of
the code of the modules that compute solar results), the
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
is a miss: the run computes again and rewrites it.

The folder is kept under a size cap (:data:`DEFAULT_MAX_BYTES`, or
``$MAQUETTE_CACHE_MAX_GB``, or ``SolarCache(max_bytes=...)``): after each write
the least recently used entries are deleted until the rest fit. Reading an
entry marks it used (its modification time is set to now). Eviction is safe
with readers in other threads or processes: an entry is read whole inside one
``np.load``, a file deleted under a reader is a miss, and on POSIX a file
deleted while open stays readable by whoever opened it (on Windows an open
file cannot be deleted and is skipped until the next write).
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import os
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from city.atomic import atomic_open

#: The modules whose code decides solar results, this one included (it decides the key and the entries' layout).
#: Code elsewhere that changes results (the city model's normals, say) still needs one of these to change.
RESULT_MODULES = ("solar.py", "solar_tiles.py", "raycast.py", "sky.py", "sun.py", "solar_cache.py")

#: Default size cap of the cache folder, bytes.
DEFAULT_MAX_BYTES = 2 * 1024**3

#: Temporary files of a writer that died are removed after this long, seconds.
_STALE_TMP_S = 3600.0


def code_version(paths) -> str:
    """A hash of the code of ``paths`` (Python source files): the part of the key that follows the code.

    Each file is hashed as its syntax tree with docstrings removed, so editing
    a comment or a docstring keeps the cache, and any change of code (a
    constant, an expression, a new function) gives another version. A file
    that cannot be read (an install without sources) is hashed by its name
    and the installed Maquette version instead.
    """
    h = hashlib.sha256()
    for path in paths:
        path = Path(path)
        h.update(f"{path.name}\n".encode())
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (OSError, SyntaxError, UnicodeDecodeError):
            h.update(f"unreadable:{_installed_version()}\n".encode())
            continue
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body
                    and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                node.body = body[1:] or [ast.Pass()]
        h.update(ast.dump(tree, annotate_fields=False, include_attributes=False).encode())
    return h.hexdigest()


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("maquette")
    except PackageNotFoundError:
        return "unknown"


#: Part of every key, derived from the code of :data:`RESULT_MODULES` (:func:`code_version`):
#: results of older code are never served for the new.
SOLAR_CODE_VERSION = "maquette-solar-" + code_version(Path(__file__).with_name(m) for m in RESULT_MODULES)[:16]

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


def default_max_bytes() -> int:
    """The cache's size cap: ``$MAQUETTE_CACHE_MAX_GB`` (gigabytes, 2**30 bytes) when set, else :data:`DEFAULT_MAX_BYTES`."""
    text = os.environ.get("MAQUETTE_CACHE_MAX_GB")
    if not text:
        return DEFAULT_MAX_BYTES
    try:
        gb = float(text)
    except ValueError:
        raise ValueError(f"MAQUETTE_CACHE_MAX_GB={text!r}: not a number of gigabytes") from None
    if not gb >= 0:
        raise ValueError(f"MAQUETTE_CACHE_MAX_GB={text!r}: must be 0 or more")
    return int(gb * 1024**3)


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
    max_bytes : size cap of the folder's entries (default :func:`default_max_bytes`); the least
        recently used entries are deleted after a write until the rest fit (the new entry always stays).
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None, max_bytes: int | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()
        self.max_bytes = default_max_bytes() if max_bytes is None else int(max_bytes)
        if self.max_bytes < 0:
            raise ValueError(f"solar cache size cap {self.max_bytes} bytes: must be 0 or more")

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
        try:
            os.utime(path)  # used now: the last to be evicted
        except OSError:
            pass  # deleted meanwhile, or a read-only cache: the entry was read whole all the same
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
        self.evict(keep=path)
        return path

    def entries(self) -> list[tuple[Path, int, float]]:
        """(path, size in bytes, last use as a POSIX time) of each entry, least recently used first."""
        found = []
        try:
            paths = list(self.folder.glob("*.npz"))
        except OSError:
            return []
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue  # evicted by another process meanwhile
            found.append((p, st.st_size, st.st_mtime))
        found.sort(key=lambda e: (e[2], e[0].name))
        return found

    def size_bytes(self) -> int:
        """Total size of the entries, bytes."""
        return sum(size for _, size, _ in self.entries())

    def evict(self, keep: Path | None = None) -> list[Path]:
        """Delete least recently used entries until the rest fit in :attr:`max_bytes`; returns those deleted.

        keep : an entry never deleted (the one just written). Temporary files
        left by a writer that died more than an hour ago are removed too.
        """
        now = time.time()
        for tmp in self.folder.glob(".*.npz.*.tmp"):
            try:
                if now - tmp.stat().st_mtime > _STALE_TMP_S:
                    tmp.unlink()
            except OSError:
                pass
        entries = self.entries()
        total = sum(size for _, size, _ in entries)
        deleted = []
        for path, size, _ in entries:
            if total <= self.max_bytes:
                break
            if keep is not None and path == keep:
                continue
            try:
                path.unlink()
            except FileNotFoundError:
                pass  # another process evicted it
            except OSError:
                continue  # open elsewhere (Windows) or not ours to delete: try the next one
            else:
                deleted.append(path)
            total -= size
        return deleted
