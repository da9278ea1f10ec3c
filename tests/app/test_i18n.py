"""Every user-visible string of app/ is translated into French, and the .qm is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from app.i18n import I18N_DIR

APP_DIR = Path(__file__).resolve().parents[2] / "app"


def _messages(ts: Path) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    root = ElementTree.parse(ts).getroot()
    out = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            out[(name, msg.findtext("source") or "")] = (tr.text if tr is not None else None, tr.get("type") if tr is not None else None)
    return out


def test_french_translation_is_complete_and_matches_the_sources(tmp_path):
    committed = I18N_DIR / "maquette_fr.ts"
    fresh = tmp_path / "maquette_fr.ts"
    shutil.copy(committed, fresh)
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    sources = sorted(str(p) for p in APP_DIR.glob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh), "-no-obsolete", "-silent"], check=True, capture_output=True)
    messages = _messages(fresh)
    assert messages.keys() == _messages(committed).keys(), "run `python -m app.i18n` and translate the new strings"
    untranslated = [src for (ctx, src), (text, kind) in messages.items() if not text or kind in ("unfinished", "vanished")]
    assert not untranslated, f"strings without a French translation: {untranslated}"
    assert "" not in {ctx for ctx, _ in messages}, "a string has no translation context (use self.tr or translate())"


def test_compiled_translation_is_newer_than_its_source():
    ts, qm = I18N_DIR / "maquette_fr.ts", I18N_DIR / "maquette_fr.qm"
    assert qm.exists()
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(qm))
    for (ctx, src), (text, _) in _messages(ts).items():
        assert translator.translate(ctx, src) == text, f"{qm.name} is stale for {src!r}: run `python -m app.i18n`"
