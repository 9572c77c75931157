"""Pure helpers of the Streamlit UI: no Streamlit, no I/O, plain unit tests.

Everything here turns SDK values (answer dicts, citation dicts, status dicts)
into strings the page shows. HTML is built from escaped text only, so a
document can never inject markup into the page.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "SUPPORTED_UPLOADS",
    "UnsafeNameError",
    "Window",
    "answer_markdown",
    "citation_heading",
    "citation_location",
    "corpus_target",
    "escape_markdown",
    "highlight_html",
    "passage_window",
    "related_html",
    "safe_filename",
    "status_lines",
    "unindexed_files",
    "unsupported_reason",
]

#: Extensions the Documents page accepts; anything else is reported as skipped.
SUPPORTED_UPLOADS: tuple[str, ...] = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")

_MAX_NAME = 120
# Characters Markdown (and Streamlit's LaTeX and colour extensions) would interpret.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$:])")
_MARKER = re.compile(r"\\\[(\d{1,3})\\\]")


class UnsafeNameError(ValueError):
    """An upload name cannot be mapped to a file inside the corpus folder."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Window:
    """A quote in its context: ``before + quote + after`` is a slice of the document.

    ``found`` is false when the quote could not be located in the document
    text (the document changed since the answer was given); then ``before``
    and ``after`` are empty.
    """

    before: str
    quote: str
    after: str
    clipped_start: bool
    clipped_end: bool
    found: bool = True


def escape_markdown(text: str) -> str:
    """Escape ``text`` so Streamlit's Markdown shows it literally.

    Keeps inline citation markers readable: ``[3]`` stays ``[3]`` on screen.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    # A lone newline is a soft break in Markdown; keep the answer's line structure.
    return escaped.replace("\n", "  \n")


def answer_markdown(text: str) -> str:
    """The Markdown of an answer's text, with ``[n]`` markers shown in bold."""
    return _MARKER.sub(r"**\\[\1\\]**", escape_markdown(text))


def passage_window(document: str, *, start: int, end: int, quote: str, context: int = 150) -> Window:
    """Locate ``quote`` in ``document`` and take up to ``context`` characters each side.

    The citation contract says ``document[start:end] == quote``; when that no
    longer holds (the file was edited after the answer), the quote is searched
    for instead, and failing that returned alone with ``found=False``. Cuts
    snap outwards to whitespace so words are not split.
    """
    if not (0 <= start <= end <= len(document) and document[start:end] == quote):
        located = document.find(quote) if quote else -1
        if located < 0:
            return Window(
                before="", quote=quote, after="", clipped_start=False, clipped_end=False, found=False
            )
        start, end = located, located + len(quote)
    lo = max(0, start - context)
    hi = min(len(document), end + context)
    if lo > 0:
        space = document.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(document):
        space = document.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return Window(
        before=document[lo:start],
        quote=document[start:end],
        after=document[end:hi],
        clipped_start=lo > 0,
        clipped_end=hi < len(document),
    )


def _html_text(text: str) -> str:
    # No blank lines may reach Markdown (they would end the HTML block), and "$"
    # would start LaTeX in Streamlit's Markdown.
    escaped = html.escape(text, quote=True).replace("$", "&#36;")
    return re.sub(r"\s*\n\s*", "<br>", escaped) if "\n" in escaped else escaped


def highlight_html(window: Window) -> str:
    """One ``<div>`` with the quote in ``<mark>`` inside its escaped context."""
    if not window.found:
        return (
            '<div class="passage"><mark>'
            + _html_text(window.quote)
            + "</mark><br><small>(This passage is no longer in the document as indexed.)</small></div>"
        )
    return (
        '<div class="passage">'
        + ("… " if window.clipped_start else "")
        + _html_text(window.before)
        + "<mark>"
        + _html_text(window.quote)
        + "</mark>"
        + _html_text(window.after)
        + (" …" if window.clipped_end else "")
        + "</div>"
    )


def related_html(text: str, *, limit: int = 400) -> str:
    """A related (not cited) passage as escaped HTML, cut at ``limit`` characters."""
    clipped = len(text) > limit
    if clipped:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > 0 else limit]
    return '<div class="passage">' + _html_text(text) + (" …" if clipped else "") + "</div>"


def citation_location(citation: Mapping[str, Any]) -> str:
    """``source`` plus ``, page N`` when the citation comes from a paged file."""
    page = citation.get("page")
    return f"{citation['source']}, page {page}" if page else str(citation["source"])


def citation_heading(citation: Mapping[str, Any]) -> str:
    """``[n] Title`` as escaped Markdown."""
    title = str(citation.get("title") or citation["source"])
    return f"**\\[{citation['n']}\\]** {escape_markdown(title)}"


def status_lines(status: Mapping[str, Any]) -> list[str]:
    """Human lines for ``Assistant.status()``: who answers, and the library size."""
    if status.get("mode") == "llm":
        url = status.get("llm_base_url") or "the configured endpoint"
        reachable = status.get("llm_reachable")
        if reachable is False:
            who = f"Model endpoint {url} is not reachable: answers fall back to quoting the sources."
        elif reachable is None:
            who = f"Answers are written by the model at {url}."
        else:
            who = f"Answers are written by the model at {url} (reachable), then checked against the sources."
    else:
        who = "Offline mode: answers quote the sentences of the sources that answer the question."
    docs = int(status.get("documents") or 0)
    chunks = int(status.get("chunks") or 0)
    library = (
        f"{docs} document{'s' if docs != 1 else ''}, {chunks} passage{'s' if chunks != 1 else ''} indexed."
    )
    return [who, library]


def unsupported_reason(name: str) -> str | None:
    """Why an upload cannot be indexed, or None when its type is supported."""
    suffix = Path(name).suffix.lower()
    if suffix in SUPPORTED_UPLOADS:
        return None
    kind = f"'{suffix}' files" if suffix else "files without an extension"
    return f"{kind} are not supported; upload {', '.join(SUPPORTED_UPLOADS)}"


def safe_filename(name: str) -> str:
    """A plain file name for an uploaded file: no folders, no hidden or special names.

    Keeps letters, digits, ``-``, ``_``, ``.`` and spaces (as ``_``); keeps the
    extension; never returns ``""``, ``.`` or ``..``.
    """
    # Accented letters keep their base letter (NFKD, then the combining marks dropped).
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    base = re.split(r"[\\/]", decomposed)[-1]
    base = re.sub(r"[^\w.\-]+", "_", base, flags=re.ASCII)
    # The extension is taken before dots are trimmed, so "..md" keeps ".md" (as "upload.md").
    stem, dot, suffix = base.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,10}", suffix):
        stem, suffix = base, ""
    suffix = suffix.lower()
    stem = re.sub(r"\.{2,}", ".", stem).strip("._")[: _MAX_NAME - len(suffix) - 1] or "upload"
    return f"{stem}.{suffix}" if suffix else stem


def corpus_target(corpus_dir: Path, name: str) -> Path:
    """The path an upload called ``name`` is saved to: always directly inside ``corpus_dir``.

    Raises :class:`UnsafeNameError` if the result would still fall outside
    the folder (for example through a symlink planted in it).
    """
    root = corpus_dir.resolve()
    target = (root / safe_filename(name)).resolve()
    if target.parent != root:
        raise UnsafeNameError(f"'{name}' cannot be saved inside {corpus_dir}")
    return target


def unindexed_files(corpus_dir: Path, indexed: set[str]) -> list[str]:
    """Supported files under ``corpus_dir`` (posix paths relative to it) not in ``indexed``."""
    if not corpus_dir.is_dir():
        return []
    found = (
        path.relative_to(corpus_dir).as_posix()
        for path in corpus_dir.rglob("*")
        if path.is_file() and path.suffix.lower() in SUPPORTED_UPLOADS and not path.name.startswith(".")
    )
    return sorted(name for name in found if name not in indexed)
