"""Real windows under Xvfb (pytest-xvfb), driven by pytest-qt. See ../shared/HEADLESS.md."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "xcb"  # 'offscreen' gives a black QtInteractor
os.environ.pop("PYVISTA_OFF_SCREEN", None)

import pytest  # noqa: E402


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    s = QSettings(str(tmp_path / "maquette.ini"), QSettings.Format.IniFormat)
    s.setValue("ask_to_save", "false")  # no modal "save changes?" when a test closes its window
    return s


@pytest.fixture
def make_window(qtbot, settings, demo_city):
    from PySide6.QtWidgets import QApplication

    from app.i18n import Translations
    from app.main_window import MainWindow

    windows = []

    def make(city=demo_city, language="en", settings=settings):
        translations = Translations(QApplication.instance())
        translations.set_language(language)
        window = MainWindow(city, settings, translations)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # shortcuts need an active window; Xvfb has no window manager to do it
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        window.view.render()
        windows.append((window, translations))
        return window

    yield make
    for window, translations in windows:
        translations.set_language("en")
    import gc

    gc.collect()  # a closed window's VTK objects are finalized here, on the GUI thread, not in a later test's worker
