"""A Chroma server asked for several ids while a writer deletes one of them fails the whole read
("Error finding id"); the store then reads the ids one at a time and leaves the deleted ones out
(they belong to a version already switched out). Any other failure still raises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant import Settings
from assistant.errors import IndexUnavailableError
from assistant.index._chroma import ChromaStore, _vanished


class _Deleting:
    """A chunk collection whose ``gone`` ids were deleted meanwhile: any read naming one fails as
    a Chroma server's does."""

    def __init__(self, gone: set[str], message: str = "Error executing plan: Internal error: Error finding id") -> None:
        self.gone = gone
        self.message = message

    def get(self, *, ids: list[str], include: list[str]) -> dict[str, Any]:
        if self.gone & set(ids):
            raise RuntimeError(self.message)
        return {
            "ids": list(ids),
            "documents": [f"text of {i}" for i in ids],
            "metadatas": [{"n": i} for i in ids],
            "embeddings": [[float(len(i))] for i in ids] if "embeddings" in include else None,
        }


def _store(tmp_path: Path) -> ChromaStore:
    return ChromaStore(Settings(corpus_dir=tmp_path, data_dir=tmp_path / "data"), model_id="m", dimensions=1)


def test_the_ids_still_there_are_read_and_the_deleted_left_out(tmp_path: Path) -> None:
    store = _store(tmp_path)
    got = store._get_each(_Deleting({"b"}), ["a", "b", "cc"], ["documents", "metadatas", "embeddings"])
    assert got["ids"] == ["a", "cc"]
    assert got["documents"] == ["text of a", "text of cc"]
    assert got["embeddings"] == [[1.0], [2.0]]


def test_another_failure_still_raises(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(IndexUnavailableError):
        store._get_each(_Deleting({"b"}, message="disk I/O error"), ["a", "b"], ["documents", "metadatas"])
    assert not _vanished(IndexUnavailableError("failed", hint="x"))
