"""Streamlit glue shared by the pages: the one Assistant, answer rendering, uploads.

Only the public SDK is imported (``from assistant import ...``). Every
expected failure is an :class:`AssistantError`, shown as its one-line ``str``.
"""

from __future__ import annotations

import json
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
    "uploaded_files",
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


def render_answer(
    answer: Mapping[str, Any],
    assistant: Assistant,
    *,
    key: str | None = None,
    feedback: tuple[str, int] | None = None,
) -> None:
    """Show an answer dict (``Answer.to_dict()``): outcome, text with clickable ``[n]``
    markers, notice, and its checkable sources grouped by document.

    ``key`` makes the copy and feedback widgets unique; ``feedback`` is
    ``(session_id, answer number)`` when the answer can be rated.
    """
    st.markdown(PASSAGE_CSS, unsafe_allow_html=True)
    read_as = reading_of(str(answer.get("question") or ""), str(answer.get("resolved_question") or ""))
    if read_as:
        st.caption(f"Read as: {read_as}")
    outcome = render.outcome_of(answer)
    text = str(answer.get("answer") or "")
    citations = list(answer.get("citations") or [])
    links = render.marker_links(citations)
    if outcome == "answered":
        st.markdown(render.linked_answer_markdown(text, links))
    elif outcome == "closest":
        st.info(
            render.OUTCOME_LABELS["closest"] + ". " + render.linked_answer_markdown(text, links),
            icon=":material/travel_explore:",
        )
    else:
        st.warning(render.escape_markdown(render.not_answered_text(text)), icon=":material/search_off:")
    meta = [render.OUTCOME_LABELS[outcome]]
    meta.append("written by the model, checked against the sources" if answer.get("mode") == "llm"
                else "quoted from the sources")
    st.caption(" · ".join(meta))
    if answer.get("notice"):
        st.info(str(answer["notice"]), icon=":material/info:")
    unsupported = answer.get("unsupported") or []
    if unsupported:
        st.caption(
            f"{len(unsupported)} sentence{'s' if len(unsupported) != 1 else ''} of the model's draft "
            "were not supported by the cited passages and were left out."
        )
    if outcome != "not_answered" and citations:
        texts: dict[str, str | None] = {}
        label = "Sources" if outcome == "answered" else "Closest passages"
        with st.expander(f"{label} ({len(citations)})", expanded=True):
            for source, group in render.group_citations(citations):
                title = str(group[0].get("title") or source)
                markers = " ".join(f"\\[{c['n']}\\]" for c in group)
                url = render.viewer_url(source, group, focus=int(group[0]["n"]))
                st.markdown(f"**{markers}** [{render.escape_markdown(title)}]({url})")
                st.caption(source)
                for citation in group:
                    if citation.get("kind") == "details":
                        st.markdown(
                            f"**\\[{citation['n']}\\]** {render.details_label(citation)}: "
                            f"{render.escape_markdown(str(citation['quote']))}"
                        )
                        continue
                    where = render.citation_pages(citation)
                    if len(group) > 1 or where:
                        st.caption(f"[{citation['n']}]" + (f" {where}" if where else ""))
                    document = _document_text(assistant, source, texts)
                    window = render.passage_window(
                        document or "",
                        start=int(citation["start"]),
                        end=int(citation["end"]),
                        quote=str(citation["quote"]),
                    )
                    st.markdown(render.highlight_html(window), unsafe_allow_html=True)
    related = list(answer.get("related") or [])
    if outcome == "not_answered" and related:
        with st.expander(f"Related passages ({len(related)}), not sources", expanded=False):
            st.caption("The closest passages found. They do not answer the question.")
            for passage in related:
                st.markdown(f"**{render.escape_markdown(str(passage.get('title') or passage['source']))}**")
                st.caption(str(passage["source"]))
                st.markdown(render.related_html(str(passage.get("text") or "")), unsafe_allow_html=True)
    if key is not None:
        _answer_actions(answer, assistant, key=key, feedback=feedback)


def _answer_actions(
    answer: Mapping[str, Any], assistant: Assistant, *, key: str, feedback: tuple[str, int] | None
) -> None:
    """Copy the answer (text plus its sources), and rate it."""
    left, right = st.columns([1, 1], vertical_alignment="top")
    with left.popover("Copy", icon=":material/content_copy:"):
        st.caption("Use the copy icon at the top right of the box.")
        st.code(render.plain_answer(answer), language=None, wrap_lines=True)
    if feedback is None:
        return
    session_id, number = feedback
    with right:
        rating = st.feedback("thumbs", key=f"rating-{key}")
        comment_key = f"comment-{key}"
        if rating is not None:
            st.text_input("Comment (optional)", key=comment_key, placeholder="What was right or wrong?")
            if st.button("Send feedback", key=f"send-{key}", icon=":material/send:"):
                try:
                    assistant.feedback(
                        session_id, number, "up" if rating == 1 else "down", st.session_state.get(comment_key, "")
                    )
                except AssistantError as exc:
                    st.error(str(exc))
                else:
                    st.session_state[f"sent-{key}"] = True
        if st.session_state.get(f"sent-{key}"):
            st.caption("Thanks: saved with the conversation, listed on the Quality page.")


def answer_turn(assistant: Assistant, session_id: str, question: str, mode: str) -> Answer:
    """Answer ``question`` inside the current chat bubble; stream in LLM mode.

    While the model writes, its text is shown greyed as a draft under a "checking" label;
    the checked answer replaces it. Raises :class:`AssistantError`; the caller shows it
    and keeps the chat as it was.
    """
    if mode != "llm":
        with st.spinner("Searching the sources…"):
            return assistant.chat(session_id, question)
    placeholder = st.empty()
    shown = ""
    final: Answer | None = None
    placeholder.markdown(render.draft_html(""), unsafe_allow_html=True)
    for piece in assistant.stream(question, session_id=session_id):
        if isinstance(piece, str):
            shown += piece
            placeholder.markdown(render.draft_html(shown), unsafe_allow_html=True)
        else:
            final = piece
    # The checked answer replaces the draft: unsupported sentences may have been removed.
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
    files: int = 0  # how many files were uploaded

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
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
        return UploadOutcome(
            report=None, error=f"Cannot write to {corpus_dir}: {exc.strerror or exc}.", files=len(files)
        )
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
        return UploadOutcome(report=None, refused=tuple(refused), files=len(files))
    try:
        # Into an empty index, sync the whole folder: the bundled study is indexed on
        # first use, and an upload before any question must not leave it out.
        first = not assistant.sources()
        report = assistant.ingest(None if first else [u.path for u in saved], progress=progress)
    except AssistantError as exc:
        _restore(saved)
        return UploadOutcome(report=None, refused=tuple(refused), error=str(exc), files=len(files))
    skipped = {Path(s.source).name for s in report.skipped}
    _restore([u for u in saved if u.path.name in skipped])
    _record_uploads(assistant, [u.path.name for u in saved if u.path.name not in skipped and u.previous is None])
    return UploadOutcome(
        report=report,
        refused=tuple(refused),
        saved=tuple(u.path.name for u in saved if u.path.name not in skipped),
        files=len(files),
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


_UPLOADS_FILE = "uploads.json"


def uploaded_files(assistant: Assistant) -> set[str]:
    """Names of the files this page saved into the corpus folder (the only ones it may delete)."""
    path = Path(assistant.settings.data_dir) / _UPLOADS_FILE
    try:
        names = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {str(n) for n in names} if isinstance(names, list) else set()


def _record_uploads(assistant: Assistant, added: Sequence[str], dropped: Sequence[str] = ()) -> None:
    names = (uploaded_files(assistant) | set(added)) - set(dropped)
    path = Path(assistant.settings.data_dir) / _UPLOADS_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(sorted(names)), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # then the file is simply not offered for deletion later


def remove_document(assistant: Assistant, source: str, *, delete_file: bool = False) -> str:
    """Drop ``source`` from the index; with ``delete_file``, also delete its file.

    Only a file uploaded through this page (directly inside ``corpus_dir``) is ever
    deleted: documents that came with the app or were put there by hand stay on disk.
    """
    if delete_file and source not in uploaded_files(assistant):
        return f"{source} was not uploaded here, so its file is kept; it was not removed."
    removed = assistant.remove(source)
    deleted = False
    if delete_file:
        root = Path(assistant.settings.corpus_dir).resolve()
        path = (root / source).resolve()
        if path.is_file() and path.parent == root:
            path.unlink()
            deleted = True
            _record_uploads(assistant, (), (source,))
    if not removed and not deleted:
        return f"{source} was not in the library."
    if deleted:
        return f"Removed {source} from the index and deleted its file."
    return (
        f"Removed {source} from the index; its file stays in the corpus folder "
        "(Sync corpus folder would index it again)."
    )
