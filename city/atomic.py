"""Atomic file replacement: write beside, flush and fsync, optionally keep the previous version, rename into place.

A crash at any moment leaves either the old file or the new one, whole, and
never a half-written file under the target's name.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_open(target: str | os.PathLike[str], mode: str = "w", *, backup: Path | None = None,
                **open_kwargs: Any) -> Iterator[IO]:
    """Open a temporary file beside ``target``; on a clean exit it replaces ``target``.

    ``backup``: the previous ``target`` is kept there (hard link when possible).
    On an exception the temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    folder = target.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        if backup is not None and target.exists():
            backup.unlink(missing_ok=True)
            try:
                os.link(target, backup)  # the old file stays in place until the rename
            except OSError:
                backup.write_bytes(target.read_bytes())
        os.replace(tmp, target)
        fsync_dir(folder)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
