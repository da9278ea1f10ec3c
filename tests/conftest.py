"""Shared fixtures: the real-data folder and the demo district."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"

# Analyses cache their results (solar); the tests, and the commands they start, keep theirs out of the user's cache.
os.environ.setdefault("MAQUETTE_CACHE", tempfile.mkdtemp(prefix="maquette-test-cache-"))


def shared_data(relative: str) -> Path:
    """A file of ../shared/data, or skip the test naming the folder."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"real data not available: {path} (folder {SHARED_DATA})")
    return path


@pytest.fixture(scope="session")
def demo_city():
    from city.district import generate_district

    return generate_district()
