"""Conversation store on SQLite (one file under the data directory)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .errors import SessionError
from .types import Feedback, Turn

__all__ = ["SQLiteSessionStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    resolved TEXT NOT NULL DEFAULT '',
    answer_json TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_by_session ON turns(session_id, seq);
CREATE TABLE IF NOT EXISTS feedback (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    turn INTEGER NOT NULL,
    rating TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    PRIMARY KEY (session_id, turn)
);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteSessionStore:
    """Turns keyed by session id. Safe across threads and processes (WAL, busy timeout).

    ``redact`` (e.g. :class:`~assistant.redaction.Redactor`) is applied to everything
    stored, so no configured secret is ever written to the file.
    """

    def __init__(self, path: Path, *, redact: Callable[[str], str] | None = None) -> None:
        self._path = path
        self._redact: Callable[[str], str] = redact or (lambda text: text)
        self._local = threading.local()
        self._ready = False
        self._lock = threading.Lock()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                self._path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self._path, timeout=15)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA foreign_keys=ON")
                with self._lock:
                    if not self._ready:
                        conn.executescript(_SCHEMA)
                        self._ready = True
            except (sqlite3.Error, OSError) as exc:
                raise SessionError(
                    f"Cannot open the conversation store at {self._path}: {exc}",
                    hint="check ASSISTANT_DATA_DIR is writable",
                ) from exc
            self._local.conn = conn
        return conn

    def append(self, session_id: str, *turns: Turn) -> None:
        """Store ``turns`` (a question and its answer, usually) in one transaction: all or none."""
        if not turns:
            return
        redact = self._redact
        try:
            conn = self._conn()
            with conn:
                for turn in turns:
                    now = turn.created_at or _now()
                    content = redact(turn.content)
                    title = content.strip().splitlines()[0][:80] if turn.role == "user" and content.strip() else ""
                    conn.execute(
                        "INSERT INTO sessions(id, title, created_at, updated_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at",
                        (session_id, title or session_id, now, now),
                    )
                    conn.execute(
                        "INSERT INTO turns(session_id, role, content, resolved, answer_json, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            session_id,
                            turn.role,
                            content,
                            redact(turn.resolved),
                            redact(json.dumps(dict(turn.answer), ensure_ascii=False))
                            if turn.answer is not None
                            else None,
                            now,
                        ),
                    )
        except sqlite3.Error as exc:
            raise SessionError(f"Could not save the conversation: {exc}") from exc

    def history(self, session_id: str, limit: int = 20) -> list[Turn]:
        try:
            rows = (
                self._conn()
                .execute(
                    "SELECT role, content, resolved, answer_json, created_at FROM turns "
                    "WHERE session_id = ? ORDER BY seq DESC LIMIT ?",
                    (session_id, limit),
                )
                .fetchall()
            )
        except sqlite3.Error as exc:
            raise SessionError(f"Could not read the conversation: {exc}") from exc
        return [
            Turn(role=r[0], content=r[1], resolved=r[2], answer=json.loads(r[3]) if r[3] else None, created_at=r[4])
            for r in reversed(rows)
        ]

    def list_sessions(self) -> list[tuple[str, str, str]]:
        try:
            rows = self._conn().execute("SELECT id, title, updated_at FROM sessions ORDER BY updated_at DESC, rowid DESC")
            return [(r[0], r[1], r[2]) for r in rows.fetchall()]
        except sqlite3.Error as exc:
            raise SessionError(f"Could not list conversations: {exc}") from exc

    def delete(self, session_id: str) -> bool:
        try:
            conn = self._conn()
            with conn:
                conn.execute("DELETE FROM feedback WHERE session_id = ?", (session_id,))
                conn.execute("DELETE FROM turns WHERE session_id = ?", (session_id,))
                cur = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            return cur.rowcount > 0
        except sqlite3.Error as exc:
            raise SessionError(f"Could not delete the conversation: {exc}") from exc

    # -- feedback on answers ---------------------------------------------------------
    def _answer_turns(self, conn: sqlite3.Connection, session_id: str) -> list[tuple[str, dict]]:
        """``(question, answer dict)`` of each answer of the session, in order."""
        rows = conn.execute(
            "SELECT role, content, answer_json FROM turns WHERE session_id = ? ORDER BY seq", (session_id,)
        ).fetchall()
        pairs: list[tuple[str, dict]] = []
        question = ""
        for role, content, answer_json in rows:
            if role == "user":
                question = content
            elif answer_json:
                pairs.append((question, json.loads(answer_json)))
        return pairs

    def add_feedback(self, session_id: str, turn: int, rating: str, comment: str) -> Feedback:
        """Rate answer ``turn`` (0-based among the session's answers); replaces an earlier rating."""
        try:
            conn = self._conn()
            answers = self._answer_turns(conn, session_id)
            if not 0 <= turn < len(answers):
                raise SessionError(
                    f"Conversation {session_id!r} has no answer number {turn + 1}",
                    hint="rate an answer the conversation shows",
                )
            now = _now()
            comment = self._redact(comment)  # secrets pasted into a comment are not stored either
            with conn:
                conn.execute(
                    "INSERT INTO feedback(session_id, turn, rating, comment, created_at) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(session_id, turn) DO UPDATE SET rating = excluded.rating, "
                    "comment = excluded.comment, created_at = excluded.created_at",
                    (session_id, turn, rating, comment, now),
                )
        except sqlite3.Error as exc:
            raise SessionError(f"Could not save the feedback: {exc}") from exc
        question, answer = answers[turn]
        return Feedback(
            session_id=session_id, turn=turn, rating=rating, comment=comment,  # type: ignore[arg-type]
            question=question, answer=answer, created_at=now,
        )

    def list_feedback(self) -> list[Feedback]:
        """Every rating, newest first, with the question and the answer it rates."""
        try:
            conn = self._conn()
            rows = conn.execute(
                "SELECT session_id, turn, rating, comment, created_at FROM feedback "
                "ORDER BY created_at DESC, rowid DESC"
            ).fetchall()
            cache: dict[str, list[tuple[str, dict]]] = {}
            out: list[Feedback] = []
            for session_id, turn, rating, comment, created_at in rows:
                answers = cache.setdefault(session_id, self._answer_turns(conn, session_id))
                question, answer = answers[turn] if turn < len(answers) else ("", {})
                out.append(
                    Feedback(
                        session_id=session_id, turn=turn, rating=rating, comment=comment,
                        question=question, answer=answer, created_at=created_at,
                    )
                )
            return out
        except sqlite3.Error as exc:
            raise SessionError(f"Could not read the feedback: {exc}") from exc

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
