"""Fixtures for the importer tests: cities loaded once, a JSON file writer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from importer_helpers import ARRONDISSEMENTS, DELFT, LYON, PARIS19, data_file  # noqa: F401


@pytest.fixture(scope="session")
def delft_city():
    from importers import open_city

    return open_city(data_file(DELFT))


@pytest.fixture(scope="session")
def lyon_city():
    from importers import open_city

    return open_city(data_file(LYON))


@pytest.fixture(scope="session")
def paris19_city():
    from importers import open_city

    return open_city(data_file(PARIS19))


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[[str, Any], Path]:
    """Write a Python object as JSON to tmp_path/name and return the path."""

    def write(name: str, content: Any) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(content, allow_nan=True))
        return path

    return write
