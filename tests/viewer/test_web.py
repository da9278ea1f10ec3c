"""The offline web scene, opened in headless Chromium with the network cut off."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest

from viewer.web import export_web_scene

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    # no network at all: every host name fails to resolve, and the page's CSP forbids fetching anyway
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
]


@pytest.fixture(scope="module")
def page(tmp_path_factory, demo_city):
    out = tmp_path_factory.mktemp("web") / "zone.html"
    summary = export_web_scene(demo_city, out, demo_city.zones[0], subtitle="test")
    return out, summary


def test_page_is_self_contained_and_small(page, demo_city):
    out, summary = page
    text = out.read_text()
    assert summary["buildings"] > 100
    assert out.stat().st_size < 20e6
    # nothing to fetch: no http(s) URL outside the embedded library's comments and no external src/href
    assert not re.search(r'(src|href)\s*=\s*["\']https?:', text)
    assert "default-src 'none'" in text


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (packaging/install.sh --test installs it)")
def test_page_loads_offline_and_shows_the_zone(page, tmp_path):
    out, summary = page
    profile = tmp_path / "profile"
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=8000", "--dump-dom", out.as_uri()],
        capture_output=True, text=True, timeout=120,
    ).stdout
    assert f'data-buildings="{summary["buildings"]}"' in dom and 'data-ready="true"' in dom
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1280,720", "--virtual-time-budget=8000",
         f"--screenshot={shot}", out.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    from PIL import Image

    with Image.open(shot) as img:
        rgb = np.asarray(img.convert("RGB")).astype(int)
    background = (np.abs(rgb - [223, 231, 238]).sum(-1) < 10).mean()
    assert background < 0.7, "the 3D scene is blank"
    # the stone and zinc of the buildings are there
    assert (np.abs(rgb - [180, 180, 175]).sum(-1) < 60).mean() > 0.05
