"""Long work off the GUI thread: one worker QObject in its own QThread, with a cancellable progress dialog."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Qt, QThread
from PySide6.QtWidgets import QProgressDialog, QWidget


def progress_dialog(parent: QWidget, label: str, cancel_text: str, min_duration_ms: int = 300) -> QProgressDialog:
    dialog = QProgressDialog(label, cancel_text, 0, 1000, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(min_duration_ms)
    return dialog


def start_worker(owner: QObject, worker: QObject, progress: QProgressDialog, receiver: QObject,
                 on_progress, on_finished, on_failed) -> QThread:
    """Run ``worker.run`` in a new thread owned by ``owner``.

    The worker has ``progress(float, str)``, ``finished(object)`` and
    ``failed(object)`` signals and a ``cancelled`` flag (set by the dialog's
    Cancel). ``on_*`` must be bound slots of ``receiver`` (a QObject living in
    the GUI thread): Qt then queues them to the GUI thread, where VTK actors
    may be built. (A plain closure would run in the worker thread.)
    """
    assert all(getattr(f, "__self__", None) is receiver for f in (on_progress, on_finished, on_failed))
    collect_on_gui_thread()
    thread = QThread(owner)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.progress.connect(on_progress)
    worker.finished.connect(on_finished)
    worker.failed.connect(on_failed)
    progress.canceled.connect(lambda: setattr(worker, "cancelled", True))
    for signal in (worker.finished, worker.failed):
        signal.connect(thread.quit)
    thread.finished.connect(worker.deleteLater)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread


_gc_lock = threading.Lock()
_gc_holds = 0
_gc_was_enabled = True


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """No cyclic garbage collection while a worker thread runs (wrap its ``run``).

    A collection started in a worker would finalize VTK and Qt objects that
    belong to the GUI thread (a closed window's renderer, a replaced scene):
    VTK's garbage collector then waits for a lock the GUI thread holds while
    the worker holds the GIL, and the application freezes (seen in the tests).
    Cycles are collected on the GUI thread instead (:func:`collect_on_gui_thread`).
    Nested workers are counted: collection comes back when the last one ends.
    """
    global _gc_holds, _gc_was_enabled
    with _gc_lock:
        if _gc_holds == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holds += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holds -= 1
            if _gc_holds == 0 and _gc_was_enabled:
                gc.enable()


def collect_on_gui_thread() -> None:
    """Collect garbage cycles now, on the GUI thread, before a worker starts."""
    gc.collect()
