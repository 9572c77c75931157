"""`assistant chat` on a real terminal (a pty): line editing and history kept in the data
folder, an empty Enter does nothing, a pasted over-long question is reported with its real
length, /exit ends."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "assistant"
UP = "\x1b[A"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")


class Terminal:
    """`assistant chat` running on the slave side of a pty; we type on the master side."""

    def __init__(self, env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [str(BIN), "chat"], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.seen = ""

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def wait_for(self, text: str, *, count: int = 1, timeout: float = 240) -> str:
        """Read until ``text`` has appeared ``count`` times in the output (a generous bound, not
        a timing assertion: the first answer indexes the corpus)."""
        end = time.monotonic() + timeout
        while self.seen.count(text) < count:
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} did not appear {count}x; the terminal shows:\n{self.seen[-3000:]}")
            # poll(), not select(): late in a long test session descriptors can exceed 1024.
            watch = select.poll()
            watch.register(self.master, select.POLLIN)
            if watch.poll(500):
                try:
                    self.seen += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:  # the child closed the terminal
                    break
        return self.seen

    def close(self) -> int:
        try:
            return self.process.wait(timeout=60)
        finally:
            os.close(self.master)


@pytest.fixture()
def env(tmp_path: Path, corpus_dir: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    e.update(
        ASSISTANT_CORPUS_DIR=str(corpus_dir),
        ASSISTANT_DATA_DIR=str(tmp_path / "data"),
        ASSISTANT_MAX_QUESTION_CHARS="4000",
        TERM="xterm",
        # readline reads ~/.inputrc: keep the user's out of the test.
        INPUTRC=str(tmp_path / "inputrc"),
    )
    (tmp_path / "inputrc").write_text("")
    return e


def test_chat_on_a_terminal(env: dict[str, str], tmp_path: Path) -> None:
    term = Terminal(env)
    try:
        term.wait_for("you> ")
        term.type("Who wrote the study?\r")
        term.wait_for("Outcome:")
        term.wait_for("you> ", count=2)
        # An empty Enter does nothing but prompt again.
        term.type("\r")
        term.wait_for("you> ", count=3)
        assert term.seen.count("Outcome:") == 1
        # A pasted question longer than the limit (and than a terminal line's 4095 characters).
        long_question = "Why " + "really " * 900 + "did the talks fail?"
        assert len(long_question) > 4096
        term.type(long_question + "\r")
        term.wait_for("characters long")
        assert f"That question is {len(long_question):,} characters long; the limit is 4,000." in term.seen
        # History: the arrow key brings back the first question; line editing lets us change it.
        term.type(UP * 2 + "\r")
        term.wait_for("Outcome:", count=2)
        term.type("/exit\r")
        assert term.close() == 0
    finally:
        if term.process.poll() is None:
            term.process.kill()
    assert "Nora Al Habsi" in term.seen
    assert "Traceback" not in term.seen

    history = tmp_path / "data" / "chat_history"
    assert "Who wrote the study?" in history.read_text()

    # A new chat starts with that history.
    again = Terminal(env)
    try:
        again.wait_for("you> ")
        again.type(UP)
        again.wait_for("/exit")  # the last line typed before comes back first
        again.type("\x15/exit\r")  # Ctrl-U clears the line, as in any shell
        assert again.close() == 0
    finally:
        if again.process.poll() is None:
            again.process.kill()
