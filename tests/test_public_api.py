"""The public surface is small and pinned; the layers hold."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import assistant

ROOT = Path(__file__).resolve().parents[1]


def test_public_names_are_pinned() -> None:
    assert sorted(assistant.__all__) == [
        "Answer",
        "Assistant",
        "AssistantError",
        "Citation",
        "IngestReport",
        "Passage",
        "Settings",
        "SkippedFile",
        "SourceInfo",
        "Turn",
    ]
    for name in assistant.__all__:
        assert getattr(assistant, name) is not None


def test_answer_dict_shape() -> None:
    answer = assistant.Answer(
        text="x [1]",
        grounded=True,
        mode="extractive",
        citations=(
            assistant.Citation(n=1, source="a.md", title="A", chunk_id="c", start=0, end=1, quote="x"),
        ),
    )
    data = answer.to_dict()
    assert {"answer", "grounded", "outcome", "mode", "citations", "session"} <= set(data)
    assert data["outcome"] == "answered"
    assert set(data["citations"][0]) == {"n", "source", "title", "chunk_id", "start", "end", "quote", "kind"}
    assert data["citations"][0]["kind"] == "text"


def test_layers_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is part of the test extras"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_py_typed_ships() -> None:
    assert (Path(assistant.__file__).parent / "py.typed").is_file()
