"""A conversation turn (the question and its answer) is stored whole or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from assistant.errors import SessionError
from assistant.sessions import SQLiteSessionStore
from assistant.types import Turn

ROOT = Path(__file__).resolve().parents[1]


class _Unstorable:
    """An answer payload the JSON encoder refuses: the write fails after the question's row."""


def test_a_failed_answer_write_leaves_no_lone_question(tmp_path: Path) -> None:
    store = SQLiteSessionStore(tmp_path / "sessions.sqlite3")
    question = Turn(role="user", content="Who wrote the study?", resolved="Who wrote the study?")
    broken = Turn(role="assistant", content="x", answer={"bad": _Unstorable()})  # type: ignore[dict-item]
    with pytest.raises((SessionError, TypeError)):
        store.append("s1", question, broken)
    assert store.history("s1") == []
    store.append("s1", question, Turn(role="assistant", content="Nora Al Habsi [1].", answer={"text": "ok"}))
    assert [t.role for t in store.history("s1")] == ["user", "assistant"]
    store.close()


_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from assistant import Assistant, Settings
    from assistant.testing import HashingEmbedder, InMemoryStore

    corpus, data = Path(sys.argv[1]), Path(sys.argv[2])
    settings = Settings(corpus_dir=corpus, data_dir=data)
    with Assistant(settings, embedder=HashingEmbedder(), store=InMemoryStore()) as assistant:
        assistant.chat("loop", "Who wrote the study?")
        print("ready", flush=True)
        while True:
            assistant.chat("loop", "Who wrote the study?")
    """
)


@pytest.mark.slow
def test_sigkill_while_chatting_never_leaves_a_question_without_its_answer(corpus_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    kills = 10
    for i in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(corpus_dir), str(data)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == b"ready", child.stderr.read()
            time.sleep(0.05 + 0.037 * i)  # kill at a different point of the loop each time
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait(timeout=30)
    store = SQLiteSessionStore(data / "sessions.sqlite3")
    roles = [t.role for t in store.history("loop", limit=1_000_000)]
    store.close()
    assert len(roles) >= 2 * kills
    lone = sum(1 for i, role in enumerate(roles) if role == "user" and (i + 1 == len(roles) or roles[i + 1] != "assistant"))
    print(f"\n{kills} kills, {len(roles) // 2} turns stored, {lone} questions without an answer")
    assert lone == 0
    assert roles == ["user", "assistant"] * (len(roles) // 2)
