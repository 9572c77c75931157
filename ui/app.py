"""Streamlit glue shared by the pages: the one Assistant, answer rendering, uploads.

Only the public SDK is imported (``from assistant import ...``). Every
expected failure is an :class:`AssistantError`, shown as its one-line ``str``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from assistant import Answer, Assistant, AssistantError, IngestReport
from assistant.types import reading_of
from ui import render

__all__ = [
    "SavedUpload",
    "UploadOutcome",
    "current_session",
    "get_assistant",
    "handle_uploads",
    "invalidate_status",
    "load_conversation",
    "new_conversation",
    "remove_document",
    "render_answer",
    "status",
]

_STATUS_TTL = 20.0  # seconds; status() may probe the model endpoint, so not on every rerun

PASSAGE_CSS = """
<style>
.passage { font-size: 0.92rem; line-height: 1.5; padding: 0.5rem 0.75rem;
           border-left: 3px solid #d0d7de; background: rgba(127,127,127,0.06); }
.passage mark { background: #ffe58f; color: inherit; padding: 0 0.1rem; border-radius: 2px; }
</style>
"""


@st.cache_resource(show_spinner="Loading the document index…", on_release=lambda a: a.close())
def get_assistant() -> Assistant:
    """The process-wide Assistant (thread-safe), configured from the environment."""
    return Assistant()


# --- status --------------------------------------------------------------------------


def status(assistant: Assistant) -> dict[str, Any]:
    """``assistant.status()``, reused for a few seconds within one browser session."""
    cached = st.session_state.get("_status")
    if cached and time.monotonic() - cached[0] < _STATUS_TTL:
        return dict(cached[1])
    value = assistant.status()
    st.session_state["_status"] = (time.monotonic(), value)
    return dict(value)


def invalidate_status() -> None:
    st.session_state.pop("_status", None)


# --- conversations -------------------------------------------------------------------


def current_session() -> str:
    """This chat's conversation id, created on first use."""
    if "session_id" not in st.session_state:
        new_conversation()
    return str(st.session_state["session_id"])


def new_conversation() -> None:
    st.session_state["session_id"] = f"web-{uuid.uuid4().hex[:16]}"
    st.session_state["messages"] = []


def load_conversation(session_id: str) -> None:
    """Make ``session_id`` the current chat, its turns rebuilt from the SDK's history."""
    assistant = get_assistant()
    messages: list[dict[str, Any]] = []
    for turn in assistant.history(session_id):
        if turn.role == "assistant" and turn.answer is not None:
            messages.append({"role": "assistant", "content": turn.content, "answer": dict(turn.answer)})
        else:
            messages.append({"role": turn.role, "content": turn.content})
    st.session_state["session_id"] = session_id
    st.session_state["messages"] = messages


# --- answers -------------------------------------------------------------------------


def _document_text(assistant: Assistant, source: str, cache: dict[str, str | None]) -> str | None:
    if source not in cache:
        try:
            cache[source] = assistant.document_text(source)
        except AssistantError:
            cache[source] = None  # the document was removed since; the quote is still shown
    return cache[source]


def render_answer(answer: Mapping[str, Any], assistant: Assistant) -> None:
    """Show an answer dict (``Answer.to_dict()``): text, notice, and its checkable sources."""
    st.markdown(PASSAGE_CSS, unsafe_allow_html=True)
    read_as = reading_of(str(answer.get("question") or ""), str(answer.get("resolved_question") or ""))
    if read_as:
        st.caption(f"Read as: {read_as}")
    text = str(answer.get("answer") or "")
    if answer.get("grounded", True):
        st.markdown(render.answer_markdown(text))
    else:
        st.warning(
            "The sources don't say. " + text if text else "The sources don't say.",
            icon=":material/search_off:",
        )
    if answer.get("notice"):
        st.info(str(answer["notice"]), icon=":material/info:")
    unsupported = answer.get("unsupported") or []
    if unsupported:
        st.caption(
            f"{len(unsupported)} sentence{'s' if len(unsupported) != 1 else ''} of the model's draft "
            "were not supported by the cited passages and were left out."
        )
    citations = list(answer.get("citations") or [])
    if answer.get("grounded", True) and citations:
        texts: dict[str, str | None] = {}
        with st.expander(f"Sources ({len(citations)})", expanded=True):
            for citation in citations:
                st.markdown(render.citation_heading(citation))
                st.caption(render.citation_location(citation))
                document = _document_text(assistant, str(citation["source"]), texts)
                window = render.passage_window(
                    document or "",
                    start=int(citation["start"]),
                    end=int(citation["end"]),
                    quote=str(citation["quote"]),
                )
                st.markdown(render.highlight_html(window), unsafe_allow_html=True)
    related = list(answer.get("related") or [])
    if not answer.get("grounded", True) and related:
        with st.expander(f"Related passages ({len(related)}), not sources", expanded=False):
            st.caption("The closest passages found. They do not answer the question.")
            for passage in related:
                st.markdown(f"**{render.escape_markdown(str(passage.get('title') or passage['source']))}**")
                st.caption(str(passage["source"]))
                st.markdown(render.related_html(str(passage.get("text") or "")), unsafe_allow_html=True)


def answer_turn(assistant: Assistant, session_id: str, question: str, mode: str) -> Answer:
    """Answer ``question`` inside the current chat bubble; stream in LLM mode.

    Raises :class:`AssistantError`; the caller shows it and keeps the chat as it was.
    """
    if mode != "llm":
        with st.spinner("Searching the sources…"):
            return assistant.chat(session_id, question)
    placeholder = st.empty()
    shown = ""
    final: Answer | None = None
    for piece in assistant.stream(question, session_id=session_id):
        if isinstance(piece, str):
            shown += piece
            placeholder.markdown(render.escape_markdown(shown) + " ▌")
        else:
            final = piece
    # The verified answer replaces the draft: unsupported sentences may have been removed.
    placeholder.empty()
    if final is None:
        raise AssistantError("The answer stream ended without an answer.", hint="ask again")
    return final


# --- documents -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class SavedUpload:
    name: str
    path: Path
    previous: bytes | None  # the bytes it replaced, restored if the new file cannot be indexed


@dataclass(frozen=True, kw_only=True, slots=True)
class UploadOutcome:
    """What an upload did: the SDK's report plus uploads refused before ingest."""

    report: IngestReport | None
    refused: tuple[tuple[str, str], ...] = ()
    error: str | None = None
    saved: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "report": self.report.to_dict() if self.report else None,
            "summary": self.report.summary() if self.report else None,
            "refused": [list(item) for item in self.refused],
            "error": self.error,
            "saved": list(self.saved),
        }


def handle_uploads(
    assistant: Assistant,
    files: Sequence[tuple[str, bytes]],
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> UploadOutcome:
    """Save uploads into ``corpus_dir`` under safe names and index them.

    Unsupported types are refused before anything is written. A file the
    loader cannot read is reported as skipped and taken out of the corpus
    folder again (or the file it replaced is put back), so nothing is lost.
    """
    corpus_dir = Path(assistant.settings.corpus_dir)
    refused: list[tuple[str, str]] = []
    saved: list[SavedUpload] = []
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return UploadOutcome(report=None, error=f"Cannot write to {corpus_dir}: {exc.strerror or exc}.")
    for name, data in files:
        reason = render.unsupported_reason(name)
        if reason is None and not data:
            reason = "the file is empty"
        if reason is not None:
            refused.append((name, reason))
            continue
        try:
            target = render.corpus_target(corpus_dir, name)
            previous = target.read_bytes() if target.is_file() else None
            target.write_bytes(data)
        except (render.UnsafeNameError, OSError) as exc:
            refused.append((name, str(exc)))
            continue
        saved.append(SavedUpload(name=name, path=target, previous=previous))
    if not saved:
        return UploadOutcome(report=None, refused=tuple(refused))
    try:
        # Into an empty index, sync the whole folder: the bundled study is indexed on
        # first use, and an upload before any question must not leave it out.
        first = not assistant.sources()
        report = assistant.ingest(None if first else [u.path for u in saved], progress=progress)
    except AssistantError as exc:
        _restore(saved)
        return UploadOutcome(report=None, refused=tuple(refused), error=str(exc))
    skipped = {Path(s.source).name for s in report.skipped}
    _restore([u for u in saved if u.path.name in skipped])
    return UploadOutcome(
        report=report,
        refused=tuple(refused),
        saved=tuple(u.path.name for u in saved if u.path.name not in skipped),
    )


def _restore(uploads: Sequence[SavedUpload]) -> None:
    for upload in uploads:
        try:
            if upload.previous is None:
                upload.path.unlink(missing_ok=True)
            else:
                upload.path.write_bytes(upload.previous)
        except OSError:
            pass  # best effort: the index was not changed for this file either way


def remove_document(assistant: Assistant, source: str) -> str:
    """Drop ``source`` from the index and delete its file if it lives in ``corpus_dir``."""
    removed = assistant.remove(source)
    root = Path(assistant.settings.corpus_dir).resolve()
    path = (root / source).resolve()
    deleted = False
    if path.is_file() and path.is_relative_to(root):
        path.unlink()
        deleted = True
    if not removed and not deleted:
        return f"{source} was not in the library."
    return f"Removed {source}" + (" and deleted its file." if deleted else " from the index.")
