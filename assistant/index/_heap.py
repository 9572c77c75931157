"""Giving the C heap's free memory back to the operating system after a large load."""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

__all__ = ["release_free_heap"]


def _find_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # glibc; musl and others have none
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


_TRIM = _find_trim()


def release_free_heap() -> None:
    """Hand the heap's free pages back to the operating system (glibc's ``malloc_trim``).

    Opening an index decodes megabytes of JSON (the keyword index's state, the vocabulary)
    into temporaries that are freed at once; glibc keeps the pages they freed, fragmented
    between the objects that live on, and they stay resident for the life of the process
    (60 MB at 10k chunks, measured). Called once after each such load; a no-op where the C
    library has no ``malloc_trim``.
    """
    if _TRIM is not None:
        _TRIM(0)
