"""Fixtures of the solar tests: the real Lyon-Bron weather file (skips naming the folder when absent)."""

from __future__ import annotations

import pytest

from tests.conftest import shared_data

LYON_EPW = "weather/FRA_AR_Lyon-Bron.AP.074800_TMYx.2004-2018.epw"


@pytest.fixture(scope="session")
def lyon_epw_path():
    return shared_data(LYON_EPW)


@pytest.fixture(scope="session")
def lyon(lyon_epw_path):
    from analysis.weather import read_epw

    return read_epw(lyon_epw_path)
