"""The real `maquette` command starts, draws the demo district and exits cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


def test_maquette_command_draws_a_first_frame(tmp_path):
    if not os.environ.get("DISPLAY"):
        pytest.skip("needs the virtual screen of pytest-xvfb")
    exe = Path(sys.executable).parent / "maquette"
    env = dict(os.environ, MAQUETTE_BENCH_FIRST_FRAME="1", MAQUETTE_BENCH_T0=repr(time.time()), QT_QPA_PLATFORM="xcb")
    env["XDG_CONFIG_HOME"] = str(tmp_path)  # QSettings of this run only
    env.pop("PYVISTA_OFF_SCREEN", None)
    result = subprocess.run([str(exe), "--lang", "fr"], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("first_frame_s="))
    assert 0 < float(line.split("=")[1]) < 60
    assert "Traceback" not in result.stderr
    # closing saved the window layout
    assert (tmp_path / "Maquette" / "Maquette.conf").exists()
