"""A logbook that is not a file (a shared server's store) is saved in the project by its location (issue 8)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from city.logbook import LogbookError, LogbookStore, SQLiteLogbookStore, register_store_kind


class _ServerStoreBase(LogbookStore):
    """Stands for a shared store (PostgreSQL later): reached by a URL, no file the project could find.

    The "server" is a folder of SQLite databases, one per logbook name, that
    the project never sees; every method of the interface but ``location``
    and ``reopen`` is forwarded to the database (see :data:`ServerLogbookStore`).
    """

    servers: dict[str, Path] = {}
    """Host name -> folder standing for that server."""

    def __init__(self, url: str, *, read_only: bool, author: str | None) -> None:
        host, _, name = url.removeprefix("fake://").partition("/")
        if host not in self.servers:
            raise LogbookError(f"cannot reach the logbook server {host}")
        self.url = url
        self._db = SQLiteLogbookStore(self.servers[host] / f"{name}.sqlite", author=author, read_only=read_only)
        self.read_only, self.author = self._db.read_only, self._db.author

    @property
    def location(self) -> str:
        return self.url

    def reopen(self, *, read_only: bool, author: str | None = None) -> LogbookStore:
        return ServerLogbookStore(self.url, read_only=read_only, author=author)


def _forwarded(name: str) -> Callable[..., Any]:
    def method(self: _ServerStoreBase, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._db, name)(*args, **kwargs)

    method.__name__ = name
    return method


ServerLogbookStore = type(
    "ServerLogbookStore",
    (_ServerStoreBase,),
    {name: _forwarded(name) for name in LogbookStore.__abstractmethods__ if name not in ("location", "reopen")},
)


@pytest.fixture
def server(tmp_path):
    """A registered fake:// kind of store, with one server called "mairie17"."""
    folder = tmp_path / "server-side"
    folder.mkdir()
    _ServerStoreBase.servers = {"mairie17": folder}
    unregister = register_store_kind(
        "fake", lambda url, *, read_only, author: ServerLogbookStore(url, read_only=read_only, author=author))
    yield folder
    unregister()


@pytest.fixture
def dialogs(monkeypatch):
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text, *a, **k: seen.append((title, text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k: seen.append((title, text)))
    return seen


def test_a_server_logbook_reopens_with_the_project_by_its_location(make_window, qtbot, tmp_path, server, dialogs):
    window = make_window()
    building = window.city.buildings.ids[0]
    store = ServerLogbookStore("fake://mairie17/batignolles", read_only=False, author="Anne")
    assert not isinstance(store, SQLiteLogbookStore)
    store.set_fields(building, {"dpe_class": "E"}, reason="DPE 2025")
    window.logbook_dock.set_store(store)
    window.select_building(0)
    assert "DPE" in window.logbook_dock.panel.summary.toPlainText()  # the panel works through the interface only

    combo = window.layers_panel.theme
    combo.setCurrentIndex(combo.findText("Logbook: DPE energy class"))  # the city coloured by the server's logbook
    project = tmp_path / "session" / "consultation.maquette"
    project.parent.mkdir()
    window.project_ui.path = project
    assert window.project_ui.save()
    saved = json.loads(project.read_text(encoding="utf-8"))["logbook"]
    assert saved["location"] == "fake://mairie17/batignolles" and saved["path"] == "" and saved["read_only"] is False

    other = make_window()
    other.project_ui.open_project(project)
    qtbot.waitUntil(lambda: other.logbook_dock.store is not None, timeout=60000)
    reopened = other.logbook_dock.store
    assert isinstance(reopened, ServerLogbookStore) and reopened.location == "fake://mairie17/batignolles"
    assert not reopened.read_only and reopened.current(building) == {"dpe_class": "E"}
    assert other.layers_panel.theme.currentText() == "Logbook: DPE energy class"
    assert other.scene.overlay is not None and other.scene.overlay.title == "DPE energy class"
    assert not dialogs

    other.logbook_dock.act_edit.trigger()  # view only: reopened through the interface, recorded in the project
    assert other.logbook_dock.store.read_only
    assert other.project_ui.save()
    third = make_window()
    third.project_ui.open_project(project)
    qtbot.waitUntil(lambda: third.logbook_dock.store is not None, timeout=60000)
    assert third.logbook_dock.store.read_only and third.logbook_dock.store.location == "fake://mairie17/batignolles"
    assert not third.logbook_dock.act_import_csv.isEnabled()
    assert not dialogs


def test_a_server_that_cannot_be_reached_is_reported_and_the_project_still_opens(make_window, qtbot, tmp_path, server,
                                                                                   dialogs):
    window = make_window()
    ServerLogbookStore("fake://mairie17/batignolles", read_only=False, author="Anne").close()  # made on the server
    window.logbook_dock.set_store(ServerLogbookStore("fake://mairie17/batignolles", read_only=True, author=None))
    window.home_view()
    window.consultation.add_view("Home")
    project = tmp_path / "p.maquette"
    window.project_ui.path = project
    assert window.project_ui.save()
    _ServerStoreBase.servers = {}  # the server is down

    other = make_window()
    other.project_ui.open_project(project)
    qtbot.waitUntil(lambda: len(other.consultation.viewpoints) == 1, timeout=60000)  # the rest of the project is there
    assert other.logbook_dock.store is None
    assert len(dialogs) == 1 and "fake://mairie17/batignolles: cannot be opened" in dialogs[0][1]
    assert "cannot reach the logbook server mairie17" in other.logbook_dock.panel.busy.text()
