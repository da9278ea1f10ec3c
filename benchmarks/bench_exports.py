"""Consultation exports (issue 9): prints, it is not a timed test.

    .venv/bin/python benchmarks/bench_exports.py [--skip-video | --video-only]

Each export runs through the command line in a fresh process, as the window's
File > Export does. The video's line also gives the CPU time of the export
(ffmpeg included) and, on Linux, the CPU time the other processes of the
machine took meanwhile: on a shared 2-core machine, rerun when that is large.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _busy_cpu_s() -> float | None:
    """CPU seconds the whole machine spent busy since boot (Linux), else None."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(fields) - fields[3] - fields[4]) / 100.0  # all but idle and iowait, in USER_HZ ticks


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(*args: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=REPO, check=True, capture_output=True, timeout=900)
    return time.perf_counter() - t


def _cpu_note(busy_before: float | None, children_before: float) -> str:
    """ "CPU x s (others y s)": the export's CPU time, its ffmpeg included, and the rest of the machine's."""
    mine = _children_cpu_s() - children_before
    busy_after = _busy_cpu_s()
    if busy_before is None or busy_after is None:
        return f"CPU {mine:.0f} s"
    return f"CPU {mine:.0f} s (other processes {max(0.0, busy_after - busy_before - mine):.0f} s)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--skip-video", action="store_true")
    only.add_argument("--video-only", action="store_true")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp())
    if not args.video_only:
        web = out / "scene.html"
        s = _run("export", "web", "--zone", "all", "--out", str(web))
        print(f"web scene of the whole demo district (2,301 buildings; target < 20 MB): {web.stat().st_size / 1e6:.1f} MB "
              f"in {s:.1f} s")
        pdf = out / "handout.pdf"
        s = _run("export", "pdf", "--out", str(pdf))
        print(f"PDF handout A4: {s:.1f} s, {pdf.stat().st_size / 1e6:.1f} MB")
    if not args.skip_video:
        video = out / "tour.mp4"
        busy, children = _busy_cpu_s(), _children_cpu_s()
        s = _run("export", "video", "--seconds", "30", "--fps", "25", "--size", "1920x1080", "--out", str(video))
        print(f"30 s 1080p tour video at 25 fps (750 frames; target < 180 s): {s:.1f} s, "
              f"{video.stat().st_size / 1e6:.1f} MB; {_cpu_note(busy, children)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
