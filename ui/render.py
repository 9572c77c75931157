"""Pure helpers of the Streamlit UI: no Streamlit, no I/O, plain unit tests.

Everything here turns SDK values (answer dicts, citation dicts, status dicts)
into strings the page shows. HTML is built from escaped text only, so a
document can never inject markup into the page.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

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


# --- outcomes, drafts and clickable citations ---------------------------------------------

_DONT_SAY = re.compile(r"^\s*the sources (do not|don't|don’t) (say|answer)", re.IGNORECASE)


def not_answered_text(text: str) -> str:
    """The banner of a not-answered turn: says "The sources don't say." exactly once."""
    if not text.strip():
        return "The sources don't say."
    return text if _DONT_SAY.match(text) else "The sources don't say. " + text


OUTCOME_LABELS: dict[str, str] = {
    "answered": "Answered from the sources",
    "closest": "Not answered directly: the closest the sources come",
    "not_answered": "Not answered: the sources don't say",
}


def outcome_of(answer: Mapping[str, Any]) -> str:
    """``answer["outcome"]``, or what ``grounded`` implies for answers stored before it existed."""
    outcome = answer.get("outcome")
    if outcome in OUTCOME_LABELS:
        return str(outcome)
    return "answered" if answer.get("grounded", True) else "not_answered"


DRAFT_LABEL = "Draft, checking against the sources…"


def draft_html(text: str) -> str:
    """The model's unchecked draft: greyed, labelled, never styled as an answer."""
    return (
        '<div class="draft" data-testid="answer-draft" style="color:#8b949e;opacity:0.75;font-style:italic">'
        f'<div style="font-size:0.8rem;font-style:normal;font-weight:600">{html.escape(DRAFT_LABEL)}</div>'
        + _html_text(text)
        + " ▌</div>"
    )


def citation_ref(citation: Mapping[str, Any]) -> str:
    """One citation as a URL parameter value: ``n:start-end:hash`` or ``n:details:field``.

    The hash of the quote lets the viewer tell when the document changed since the answer.
    """
    if citation.get("kind") == "details":
        return f"{citation['n']}:details:{citation.get('field') or 'details'}"
    digest = hashlib.sha1(str(citation.get("quote", "")).encode("utf-8")).hexdigest()[:8]
    return f"{citation['n']}:{citation['start']}-{citation['end']}:{digest}"


@dataclass(frozen=True, kw_only=True, slots=True)
class CitationRef:
    """A citation as the viewer receives it from the URL."""

    n: int
    kind: str  # "text" or "details"
    start: int = 0
    end: int = 0
    digest: str = ""
    field: str = ""


def parse_citation_ref(value: str) -> CitationRef | None:
    """The inverse of :func:`citation_ref`; None for anything malformed."""
    parts = value.split(":")
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    n = int(parts[0])
    if parts[1] == "details":
        return CitationRef(n=n, kind="details", field=parts[2][:40])
    start, dash, end = parts[1].partition("-")
    if not (dash and start.isdigit() and end.isdigit()) or int(start) > int(end):
        return None
    return CitationRef(n=n, kind="text", start=int(start), end=int(end), digest=parts[2][:16])


def quote_digest(quote: str) -> str:
    return hashlib.sha1(quote.encode("utf-8")).hexdigest()[:8]


def viewer_url(source: str, citations: Sequence[Mapping[str, Any]], focus: int | None = None) -> str:
    """A link to the source viewer page for ``source`` with its ``citations`` marked."""
    params: list[tuple[str, str]] = [("doc", source)]
    params += [("c", citation_ref(c)) for c in citations]
    if focus is not None:
        params.append(("focus", str(focus)))
    return "source?" + urlencode(params, quote_via=quote)


def group_citations(citations: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """Citations grouped by document, in the order each document is first cited."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for citation in citations:
        groups.setdefault(str(citation["source"]), []).append(citation)
    return list(groups.items())


def marker_links(citations: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """``n -> viewer URL`` for every citation, each link marking all of its document's citations."""
    links: dict[int, str] = {}
    for source, group in group_citations(citations):
        for citation in group:
            links[int(citation["n"])] = viewer_url(source, group, focus=int(citation["n"]))
    return links


def linked_answer_markdown(text: str, links: Mapping[int, str]) -> str:
    """:func:`answer_markdown` with each ``[n]`` a link to the source viewer (when known)."""

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        url = links.get(n)
        return f"**[\\[{n}\\]]({url})**" if url else f"**\\[{n}\\]**"

    return _MARKER.sub(link, escape_markdown(text))


def citation_pages(citation: Mapping[str, Any]) -> str:
    """``page 3`` or ``pages 2–3``, or "" for documents without pages."""
    page, page_end = citation.get("page"), citation.get("page_end")
    if not page:
        return ""
    return f"pages {page}–{page_end}" if page_end and page_end != page else f"page {page}"


def details_label(citation: Mapping[str, Any]) -> str:
    """How a details citation is named: ``document details: authors``."""
    return f"document details: {citation.get('field') or 'details'}"


def document_html(
    text: str,
    marks: Sequence[tuple[int, int, int]],
    *,
    pages: Sequence[tuple[int, int, int]] = (),
    focus: int | None = None,
) -> str:
    """The whole document as escaped HTML, each ``(n, start, end)`` in ``<mark id="cite-n">``.

    ``pages`` are ``(page, start, end)`` spans: a page heading is put where each starts.
    Overlapping marks are merged into the first. ``focus`` gets the ``focus`` class.
    """
    cuts: list[tuple[int, int, str]] = []  # (offset, order, html)
    for page, start, _end in pages:
        cuts.append((start, 0, f'<span class="page-break" id="page-{page}">Page {page}</span>'))
    last_end = -1
    for n, start, end in sorted(marks, key=lambda m: (m[1], m[2])):
        start = max(start, last_end)
        if start >= end:
            continue
        classes = "quote focus" if n == focus else "quote"
        cuts.append((start, 2, f'<mark id="cite-{n}" class="{classes}"><sup>[{n}]</sup>'))
        cuts.append((end, 1, "</mark>"))
        last_end = end
    cuts.sort(key=lambda c: (c[0], c[1]))
    out: list[str] = []
    position = 0
    for offset, _order, tag in cuts:
        out.append(_html_text(text[position:offset]))
        out.append(tag)
        position = offset
    out.append(_html_text(text[position:]))
    return '<div class="document">' + "".join(out) + "</div>"


def example_questions(titles: Sequence[str], *, limit: int = 3) -> list[str]:
    """Questions to start with, made from the indexed documents' titles (first ones first).

    Each document gets a different kind of question; with fewer documents than ``limit``
    the first ones get more than one.
    """
    templates = ("What are the main points of “{t}”?", "Who wrote “{t}”?", "What does “{t}” conclude?")
    clean: list[str] = []
    for title in titles:
        title = re.sub(r"\s+", " ", title or "").strip()
        if title and title not in clean:
            clean.append(title if len(title) <= 90 else title[:89].rsplit(" ", 1)[0] + "…")
    pairs = [(i, t) for i, t in enumerate(clean)]
    questions: list[str] = []
    for round_ in range(len(templates)):
        for index, title in pairs:
            template = templates[(index + round_) % len(templates)]
            question = template.format(t=title)
            if question not in questions:
                questions.append(question)
            if len(questions) >= limit:
                return questions
    return questions


def conversation_origin(session_id: str) -> str:
    """Where a conversation started, from its id: ``web``, ``cli``, ``slack`` or ``sdk``."""
    if session_id.startswith("web-"):
        return "web"
    if session_id.startswith("cli-"):
        return "cli"
    if session_id.startswith("slack:"):
        return "slack"
    return "sdk"


ORIGIN_LABELS = {"web": "This app", "cli": "Command line", "slack": "Slack", "sdk": "Python SDK"}


def conversation_when(updated_at: str, today: str) -> str:
    """``14:05`` for today (``today`` is ``YYYY-MM-DD``), else ``2026-11-28``."""
    day, _, clock = updated_at.partition("T")
    return clock[:5] if day == today else day


_REPORT_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$", re.MULTILINE)


def report_without_images(markdown: str) -> str:
    """An eval report's Markdown without its image lines (relative links break in the page;
    the page shows the charts itself) and without a Charts heading left empty."""
    stripped = _REPORT_IMAGE.sub("", markdown)
    stripped = re.sub(r"\n## Charts\s*(?=\n## |\Z)", "\n", stripped)
    return re.sub(r"\n{3,}", "\n\n", stripped).rstrip() + "\n"


def too_long(question: str, limit: int) -> str | None:
    """Why ``question`` cannot be sent (over ``limit`` characters), or None."""
    if len(question) <= limit:
        return None
    return (
        f"This question is {len(question)} characters; the limit is {limit}. "
        "Shorten it (your text is kept in the box) and send it again."
    )


def plain_answer(answer: Mapping[str, Any]) -> str:
    """An answer as plain text to copy: the text with its markers, then each source."""
    lines = [str(answer.get("answer") or "")]
    citations = list(answer.get("citations") or [])
    if citations:
        lines.append("")
        lines.append("Sources:")
    for citation in citations:
        if citation.get("kind") == "details":
            where = details_label(citation)
        else:
            where = ", ".join(x for x in (str(citation["source"]), citation_pages(citation)) if x)
        quote = str(citation.get("quote") or "").replace("\n", " ")
        lines.append(f"[{citation['n']}] {citation.get('title') or citation['source']} ({where}): “{quote}”")
    return "\n".join(lines)


def html_text(text: str) -> str:
    """``text`` escaped for the page's HTML (public name of the shared escaper)."""
    return _html_text(text)


#: Document details the viewer lists, in this order (the loaders' metadata keys).
DETAIL_FIELDS: tuple[str, ...] = ("title", "authors", "author", "publisher", "date", "published", "source", "kind")

VIEWER_CSS = """
<style>
.details-table td { padding: 0.15rem 0.6rem 0.15rem 0; vertical-align: top; }
.details-table tr.cited td { background: #ffe58f; }
.cite-line { margin: 0.2rem 0; }
</style>
"""


def details_html(details: Mapping[str, Any], cited: Mapping[str, int], *, focus: int | None = None) -> str:
    """The document's details as a small table; a cited field is highlighted with its ``[n]``."""
    rows = []
    for key in [*DETAIL_FIELDS, *(k for k in cited if k not in DETAIL_FIELDS)]:
        if key not in details and key not in cited:
            continue
        value = details.get(key, "")
        n = cited.get(key)
        mark = f' id="cite-{n}" class="cited"' if n is not None else ""
        label = f"<b>[{n}]</b> " if n is not None else ""
        rows.append(f"<tr{mark}><td>{label}{html.escape(key)}</td><td>{_html_text(str(value))}</td></tr>")
    return '<table class="details-table">' + "".join(rows) + "</table>"


def viewer_html(
    text: str,
    marks: Sequence[tuple[int, int, int]],
    *,
    pages: Sequence[tuple[int, int, int]] = (),
    focus: int | None = None,
) -> str:
    """The scrollable document with its marks, and a script that scrolls to ``focus``."""
    style = (
        "<style>"
        ".document-box { max-height: 70vh; overflow-y: auto; padding: 0.75rem 1rem; line-height: 1.6;"
        " border: 1px solid rgba(127,127,127,0.3); border-radius: 6px; white-space: normal; }"
        ".document-box mark.quote { background: #fff1b8; padding: 0 0.1rem; }"
        ".document-box mark.focus { background: #ffd666; outline: 2px solid #d48806; }"
        ".document-box sup { color: #ad6800; font-weight: 600; margin-right: 0.15rem; }"
        ".document-box .page-break { display: block; margin: 0.8rem 0 0.4rem; color: #8b949e;"
        " font-size: 0.8rem; border-top: 1px dashed rgba(127,127,127,0.5); }"
        "</style>"
    )
    target = f"cite-{focus}" if focus is not None and any(m[0] == focus for m in marks) else ""
    script = (
        "<script>(function(){var t=document.getElementById("
        + repr(target)
        + ");if(t){t.scrollIntoView({block:'center'});}})();</script>"
        if target
        else ""
    )
    body = document_html(text, marks, pages=pages, focus=focus)
    return style + '<div class="document-box" data-testid="source-document">' + body + "</div>" + script


def _names(items: Sequence[str]) -> str:
    return ", ".join(items[:6]) + (f" and {len(items) - 6} more" if len(items) > 6 else "")


def upload_messages(outcome: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(kind, text)`` lines for an upload or sync outcome (``UploadOutcome.to_dict()``).

    ``kind`` is ``success``, ``info``, ``warning`` or ``error``. There is a success line
    only when something was indexed, and every count is of what actually happened.
    """
    lines: list[tuple[str, str]] = []
    if outcome.get("error"):
        lines.append(("error", str(outcome["error"])))
    report = outcome.get("report") or {}
    saved = [str(n) for n in outcome.get("saved") or []]
    added = [str(n) for n in report.get("added") or []]
    updated = [str(n) for n in report.get("updated") or []]
    removed = [str(n) for n in report.get("removed") or []]
    unchanged = [str(n) for n in report.get("unchanged") or []]
    if outcome.get("sync"):
        changed = len(added) + len(updated) + len(removed)
        if changed:
            parts = [f"{len(added)} added", f"{len(updated)} updated", f"{len(removed)} removed"]
            lines.append(("success", "Synced the corpus folder: " + ", ".join(parts) + "."))
        elif report:
            lines.append(("info", "The corpus folder and the index already match."))
    else:
        indexed = [n for n in [*added, *updated] if n in saved]
        if indexed:
            noun = "file" if len(indexed) == 1 else "files"
            lines.append(("success", f"Indexed {len(indexed)} {noun}: {_names(indexed)}."))
        also = [n for n in added if n not in saved]
        if also:
            lines.append(("info", f"Also indexed from the corpus folder on first use: {_names(also)}."))
        same = [n for n in unchanged if n in saved]
        if same:
            lines.append(("info", f"Already indexed and unchanged: {_names(same)}."))
    for name, reason in [*(tuple(r) for r in outcome.get("refused") or []),
                         *((s["source"], s["reason"]) for s in report.get("skipped") or [])]:
        lines.append(("warning", f"Skipped {name}: {reason}"))
    total = int(outcome.get("files") or 0)
    if total and not outcome.get("sync") and not saved and not outcome.get("error"):
        text = (
            "Nothing was indexed: the file was not accepted."
            if total == 1
            else f"Nothing was indexed: none of the {total} files was accepted."
        )
        lines.insert(0, ("error", text))
    return lines


def css_escape(identifier: str) -> str:
    """``identifier`` usable in a CSS class selector (``slack:T1:C1:1.2`` has ``:`` and ``.``)."""
    return re.sub(r"([^A-Za-z0-9_-])", r"\\\1", identifier)
