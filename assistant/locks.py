"""Locks: a readers-writer lock (many questions at once, ingest writes alone) within a
process, a file lock saying which processes have an embedded index open, and the one lock
around PDFium."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["PDFIUM_LOCK", "ProcessShareLock", "RWLock"]

# PDFium (pypdfium2) is one C library with global state and no locking of its own: the
# loader reading a PDF's text and the UI drawing a page must not call into it at once.
PDFIUM_LOCK = threading.RLock()


class RWLock:
    """Writer-preferring readers-writer lock (not re-entrant for writers)."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class ProcessShareLock:
    """Which processes have one embedded index open, on an ``flock``ed file.

    Every process that opens the index holds the file shared (one open file per process
    and path, however many stores it builds); a writer upgrades to exclusive, which
    succeeds only when no other process has the index open. So a second process never
    writes under a long-running one whose cached view would go stale.
    Get one with :meth:`open`; :meth:`close` once per :meth:`open`.
    """

    _registry: dict[str, ProcessShareLock] = {}
    _registry_lock = threading.Lock()

    def __init__(self, path: str, handle: Any) -> None:
        self.path = path
        self._handle = handle
        self._users = 0
        self._writers = 0
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path, *, wait: float) -> ProcessShareLock:
        """This process's shared hold on ``path``, waiting up to ``wait`` seconds while another
        process writes; :class:`TimeoutError` when it still does."""
        key = os.path.abspath(path)
        with cls._registry_lock:
            lock = cls._registry.get(key)
            if lock is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                handle = open(key, "a+")  # noqa: SIM115 - held until the last close()
                if not _retry(lambda: fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB), wait):
                    handle.close()
                    raise TimeoutError(key)
                lock = cls._registry[key] = ProcessShareLock(key, handle)
            lock._users += 1
            return lock

    def close(self) -> None:
        with ProcessShareLock._registry_lock:
            self._users -= 1
            if self._users == 0:
                ProcessShareLock._registry.pop(self.path, None)
                self._handle.close()  # releases the flock

    @contextmanager
    def exclusive(self, *, wait: float) -> Iterator[None]:
        """Hold ``path`` alone (re-entrant within this process); :class:`BlockingIOError`
        when another process still has it open after ``wait`` seconds."""
        with self._lock:
            if self._writers == 0:
                fd = self._handle.fileno()
                if not _retry(lambda: fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB), wait):
                    # A refused upgrade may have dropped the shared hold (flock converts by
                    # unlocking first): take it back before saying no.
                    fcntl.flock(fd, fcntl.LOCK_SH)
                    raise BlockingIOError(self.path)
            self._writers += 1
        try:
            yield
        finally:
            with self._lock:
                self._writers -= 1
                if self._writers == 0:
                    fcntl.flock(self._handle.fileno(), fcntl.LOCK_SH)


def _retry(attempt: Callable[[], None], wait: float) -> bool:
    """Call a non-blocking ``flock`` until it succeeds (True) or ``wait`` seconds pass (False)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            attempt()
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
