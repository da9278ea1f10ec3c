"""Interface languages: English (source strings) and French (Qt translation files).

``app/i18n/maquette_fr.ts`` is produced by ``pyside6-lupdate`` from the app's
sources and compiled to ``maquette_fr.qm`` by ``pyside6-lrelease``
(``python -m app.i18n`` does both; tests check nothing is left untranslated).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

I18N_DIR = Path(__file__).with_name("i18n")
LANGUAGES = {"en": "English", "fr": "Français"}


def system_language() -> str:
    """'fr' when the system locale is French, else 'en'."""
    return "fr" if QLocale.system().language() == QLocale.Language.French else "en"


class Translations:
    """Installs the translator of the chosen language on the application."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.language = "en"
        self._translator: QTranslator | None = None

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; available: {', '.join(LANGUAGES)}")
        if self._translator is not None:
            self.app.removeTranslator(self._translator)
            self._translator = None
        if language != "en":
            translator = QTranslator(self.app)
            qm = I18N_DIR / f"maquette_{language}.qm"
            if not translator.load(str(qm)):
                raise FileNotFoundError(f"{qm}: translation file missing or unreadable")
            self.app.installTranslator(translator)
            self._translator = translator
        self.language = language


def update_translation_files() -> None:
    """Regenerate the .ts from the sources and compile the .qm (a developer's step)."""
    bindir = Path(sys.executable).parent
    sources = sorted(str(p) for p in Path(__file__).parent.glob("*.py"))
    ts = I18N_DIR / "maquette_fr.ts"
    subprocess.run([str(bindir / "pyside6-lupdate"), *sources, "-ts", str(ts), "-no-obsolete"], check=True)
    subprocess.run([str(bindir / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


if __name__ == "__main__":  # pragma: no cover
    update_translation_files()
