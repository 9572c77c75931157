"""Helpers for fixtures that start real processes."""

from __future__ import annotations

import os
import signal
import subprocess

__all__ = ["stop_process"]


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started with ``start_new_session=True`` and the children it spawned."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, PermissionError):
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
