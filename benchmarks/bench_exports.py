"""Consultation exports (issue 9): prints, it is not a timed test.

    .venv/bin/python benchmarks/bench_exports.py [--skip-video]

Each export runs through the command line in a fresh process, as the window's
File > Export does.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(*args: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=REPO, check=True, capture_output=True, timeout=900)
    return time.perf_counter() - t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-video", action="store_true")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp())
    web = out / "scene.html"
    s = _run("export", "web", "--zone", "all", "--out", str(web))
    print(f"web scene of the whole demo district (2,301 buildings; target < 20 MB): {web.stat().st_size / 1e6:.1f} MB "
          f"in {s:.1f} s")
    pdf = out / "handout.pdf"
    s = _run("export", "pdf", "--out", str(pdf))
    print(f"PDF handout A4: {s:.1f} s, {pdf.stat().st_size / 1e6:.1f} MB")
    if not args.skip_video:
        video = out / "tour.mp4"
        s = _run("export", "video", "--seconds", "30", "--fps", "25", "--size", "1920x1080", "--out", str(video))
        print(f"30 s 1080p tour video at 25 fps (750 frames; target < 180 s): {s:.1f} s, "
              f"{video.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
