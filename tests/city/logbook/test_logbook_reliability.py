"""Reliability of the logbook store across processes: SIGKILL, concurrent readers, read-only folders."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from city.logbook import SQLiteLogbookStore

WORKER = Path(__file__).with_name("logbook_worker.py")
sys.path.insert(0, str(WORKER.parent))
from logbook_worker import building, expected_values  # noqa: E402

REPO = Path(__file__).resolve().parents[3]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    return env


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_during_1000_writes_loses_no_confirmed_write(tmp_path: Path) -> None:
    db = tmp_path / "kill.sqlite"
    SQLiteLogbookStore(db, author="setup").close()
    rng = random.Random(8)
    confirmed: set[int] = set()
    next_write, kills, started = 0, 0, time.monotonic()
    while next_write < 1000 and time.monotonic() - started < 50:
        proc = _spawn("write", str(db), str(next_write), "1000")
        assert proc.stdout is not None and proc.stderr is not None
        # Kill after a random number of confirmations, then a random few
        # milliseconds later: between writes, mid-transaction, mid-fsync.
        kill_after = rng.randint(1, 150)
        seen = 0
        for line in proc.stdout:
            if line.endswith("\n") and line.startswith("ok "):
                confirmed.add(int(line.split()[1]))
                seen += 1
            if seen >= kill_after:
                time.sleep(rng.uniform(0.0, 0.004))
                proc.send_signal(signal.SIGKILL)
                kills += 1
                break
        # Lines already in the pipe were printed after their commit: they count too.
        for line in proc.stdout:
            if line.endswith("\n") and line.startswith("ok "):
                confirmed.add(int(line.split()[1]))
        proc.wait()
        stderr = proc.stderr.read()
        assert proc.returncode in (0, -signal.SIGKILL), stderr
        assert "locked" not in stderr
        if confirmed:
            next_write = max(next_write, max(confirmed) + 1)
    print(f"{kills} kills, {len(confirmed)} confirmed writes")
    assert kills >= 3, f"only {kills} kills: the test did not exercise crashes"
    assert len(confirmed) == 1000 - min(confirmed) or next_write >= 1000

    with SQLiteLogbookStore(db, author="checker") as store:
        assert store.integrity_check() == []
        assert store.verify() == []
        missing = [i for i in confirmed if store.current(building(i)) != expected_values(i)]
        assert not missing, f"confirmed writes lost or partial: {missing[:10]}"
        # Written but killed before confirmation is fine; half-written is not.
        for building_id in store.building_ids():
            i = int(building_id[1:])
            assert store.current(building_id) == expected_values(i), building_id
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_one_writer_four_readers_never_see_locked(tmp_path: Path) -> None:
    db = tmp_path / "concurrent.sqlite"
    SQLiteLogbookStore(db, author="setup").close()
    writer = _spawn("write", str(db), "0", "400")
    readers = [_spawn("read", str(db), "4") for _ in range(4)]
    w_out, w_err = writer.communicate(timeout=120)
    assert writer.returncode == 0, w_err
    assert len(w_out.splitlines()) == 400
    for proc in readers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "locked" not in err.lower()
        report = json.loads(out)
        assert report["errors"] == []
        assert report["partial"] == [], "a reader saw half of a transaction"
        assert report["reads"] > 0


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temporary folder an unprivileged user can enter (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="logbook-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_read_only_folder_gives_clear_errors_and_keeps_the_file_intact(shared_tmp: Path) -> None:
    folder = shared_tmp / "project"
    folder.mkdir()
    db = folder / "logbook.sqlite"
    with SQLiteLogbookStore(db, author="alice") as store:
        store.set_fields("B1", {"dpe_class": "C", "construction_year": 1910}, reason="survey")
    before = db.read_bytes()
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        out = subprocess.run(
            [sys.executable, str(WORKER), "readonly-folder", str(db)],
            capture_output=True, text=True, env=_env(), timeout=60,
        )
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["open_for_editing"].startswith("LogbookWriteError")
    assert "read-only" in result["open_for_editing"]
    assert result["create"].startswith("LogbookWriteError")
    assert result["viewer_reads"] == {"construction_year": 1910, "dpe_class": "C"}
    assert result["viewer_write"].startswith("LogbookReadOnlyError")
    assert db.read_bytes() == before
    with SQLiteLogbookStore(db, author="alice") as store:
        assert store.integrity_check() == []
        assert store.current("B1") == {"construction_year": 1910, "dpe_class": "C"}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
