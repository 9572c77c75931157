"""Slack Block Kit rendering of an :class:`~assistant.types.Answer` (pure, no I/O).

Contract of :func:`answer_blocks`: the blocks always respect Slack's limits
(at most :data:`MAX_BLOCKS` blocks, section text at most :data:`MAX_SECTION`
characters, at most :data:`MAX_CONTEXT_ELEMENTS` context elements) and the
fallback text (shown in notifications and to clients without blocks) is at
most :data:`MAX_FALLBACK` characters. Truncation ends with an ellipsis and
never cuts inside an ``&amp;``/``&lt;``/``&gt;`` escape or a ``<...>`` link.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.types import Answer, Citation

__all__ = [
    "MAX_BLOCKS",
    "MAX_CONTEXT_ELEMENTS",
    "MAX_FALLBACK",
    "MAX_SECTION",
    "CLOSEST_HEADER",
    "NOT_GROUNDED_HEADER",
    "answer_blocks",
    "error_blocks",
    "escape",
    "markdown_to_mrkdwn",
    "placeholder_blocks",
    "truncate",
]

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_FALLBACK = 4000
# Long answers are rare; past this many sections the rest is cut rather than
# crowding the sources out of the 50-block budget.
MAX_ANSWER_SECTIONS = 8
# A quote longer than this is shortened so that one source cannot fill a screen.
MAX_QUOTE = 1200

NOT_GROUNDED_HEADER = ":grey_question: The sources don't say."
CLOSEST_HEADER = ":mag: Not a direct answer: the closest the sources come."
PLACEHOLDER_TEXT = ":hourglass_flowing_sand: Looking it up…"
ELLIPSIS = "…"

Block = dict[str, Any]


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn reserves (``&``, ``<``, ``>``)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC_STAR = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_BULLET = re.compile(r"^([ \t]*)[*+-][ \t]+", re.MULTILINE)
_CODE = re.compile(r"(```.*?```|`[^`\n]+`)", re.DOTALL)
_BOLD_MARK = "\x00"


def _convert_prose(text: str) -> str:
    text = _HEADING.sub(lambda m: f"{_BOLD_MARK}{m.group(1)}{_BOLD_MARK}", text)
    text = _BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    # Bold first, parked behind a marker, so that its stars are not read as italics.
    text = _BOLD.sub(lambda m: f"{_BOLD_MARK}{m.group(2)}{_BOLD_MARK}", text)
    text = _ITALIC_STAR.sub(lambda m: f"_{m.group(1)}_", text)
    text = _STRIKE.sub(lambda m: f"~{m.group(1)}~", text)
    text = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", text)
    return text.replace(_BOLD_MARK, "*")


def markdown_to_mrkdwn(text: str) -> str:
    """Convert common Markdown to Slack mrkdwn, escaping ``&``, ``<``, ``>``.

    Handles ``**bold**``/``__bold__``, ``*italic*``, ``~~strike~~``,
    ``[label](https://url)`` links, ``#`` headings and ``-``/``*`` bullets;
    code spans pass through untouched. ``[n]`` citation markers stay as they are.
    """
    escaped = escape(text)
    parts = _CODE.split(escaped)
    # Odd indexes are code spans (the split pattern has one group).
    return "".join(part if i % 2 else _convert_prose(part) for i, part in enumerate(parts))


def _safe_cut(text: str, limit: int) -> int:
    """The largest cut position <= ``limit`` that does not split an escape or a link."""
    cut = max(0, limit)
    amp = text.rfind("&", max(0, cut - 5), cut)
    if amp != -1 and ";" not in text[amp:cut]:
        cut = amp
    opening = text.rfind("<", 0, cut)
    if opening != -1 and text.rfind(">", opening, cut) == -1:
        cut = opening
    return cut


def truncate(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else a prefix ending in an ellipsis.

    The cut prefers a word boundary near the limit and never splits an
    ``&amp;``-style escape or a ``<url|label>`` link.
    """
    if len(text) <= limit:
        return text
    cut = _safe_cut(text, limit - len(ELLIPSIS))
    space = text.rfind(" ", 0, cut)
    if space > cut - 40 and space > 0:
        # A label inside a link may hold the space: check the cut again.
        cut = _safe_cut(text, space)
    return text[:cut].rstrip() + ELLIPSIS


def _split(text: str, size: int, max_parts: int) -> list[str]:
    """Split ``text`` into at most ``max_parts`` pieces of at most ``size`` characters.

    Splits at paragraph, line or sentence ends where possible; the last piece is
    truncated with an ellipsis when the text does not fit.
    """
    parts: list[str] = []
    rest = text.strip()
    while rest:
        if len(parts) == max_parts - 1 or len(rest) <= size:
            parts.append(truncate(rest, size))
            break
        window = rest[:size]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            position = window.rfind(separator)
            if position > size // 2:
                cut = position + len(separator)
                break
        if cut == -1:
            cut = size
        cut = _safe_cut(rest, cut) or size
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return parts


def _quote(text: str, limit: int = MAX_QUOTE) -> str:
    body = truncate(escape(" ".join(text.split())), limit)
    return f"> {body}"


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION)}}


def _context(*texts: str) -> Block:
    return {
        "type": "context",
        "elements": [
            {"type": "mrkdwn", "text": truncate(t, MAX_SECTION)} for t in texts[:MAX_CONTEXT_ELEMENTS]
        ],
    }


def _pages(page: int | None, page_end: int | None = None) -> str:
    if page is None:
        return ""
    if page_end is not None and page_end != page:
        return f" (pp. {page}\u2013{page_end})"
    return f" (p. {page})"


def _source_line(n: int | None, title: str, page: int | None, page_end: int | None = None) -> str:
    label = f"[{n}] " if n is not None else ""
    return f"{label}*{escape(title or 'Untitled')}*{_pages(page, page_end)}"


def _citation_line(c: Citation) -> str:
    """``[n] *title* (p. 2)``; a document detail names its field: ``(document details: authors)``."""
    if c.kind == "details":
        return f"{_source_line(c.n, c.title, None)} (document details: {escape(c.field or 'metadata')})"
    return _source_line(c.n, c.title, c.page, c.page_end)


def answer_blocks(answer: Answer) -> tuple[list[Block], str]:
    """Blocks and fallback text for ``answer``.

    The outcome decides the frame. Answered: the text with its ``[n]`` markers, then
    "Sources": one section per citation, ``[n] *title* (p. N)`` (or ``(document details:
    field)``) and the quoted passage. Closest: a ":mag: Not a direct answer" header first and
    the citations under "Closest sources". Not answered: a ":grey_question: The sources don't
    say." header first and the closest passages as "Related passages" (they are not sources).
    A ``notice`` goes last, as context; the question as it was read (``Answer.read_as``), when
    it differs from what was asked, first.
    """
    blocks: list[Block] = []
    fallback_lines: list[str] = []
    text = markdown_to_mrkdwn(answer.text.strip())

    if answer.read_as:
        blocks.append(_context(f"Read as: {escape(answer.read_as)}"))
    header = {"closest": CLOSEST_HEADER, "not_answered": NOT_GROUNDED_HEADER}.get(str(answer.outcome))
    if header:
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": header, "emoji": True}})
        fallback_lines.append(header)
    if text:
        blocks.extend(_section(part) for part in _split(text, MAX_SECTION, MAX_ANSWER_SECTIONS))
        fallback_lines.append(text)

    if answer.citations:
        heading = "*Sources*" if answer.outcome == "answered" else "*Closest sources*"
        items = [(_citation_line(c), c.quote) for c in answer.citations]
    else:
        heading = "*Related passages*"
        items = [
            (_source_line(None, p.chunk.title, *p.chunk.pages_of(p.chunk.start, p.chunk.end)), p.chunk.text)
            for p in answer.related
        ]

    tail: list[Block] = []
    if answer.notice:
        tail.append(_context(f":information_source: {escape(answer.notice)}"))

    if items:
        blocks.append({"type": "divider"})
        blocks.append(_section(heading))
        # Keep one block spare for the "and N more" line when the sources overflow.
        room = MAX_BLOCKS - len(blocks) - len(tail)
        shown = items if len(items) <= room else items[: room - 1]
        for line, quote in shown:
            blocks.append(_section(f"{line}\n{_quote(quote)}"))
        hidden = items[len(shown) :]
        if hidden:
            blocks.append(_context(f"…and {len(hidden)} more: " + ", ".join(line for line, _ in hidden)))
        fallback_lines.append(heading.strip("*") + ": " + "; ".join(line for line, _ in items))

    blocks.extend(tail)
    if answer.notice:
        fallback_lines.append(escape(answer.notice))
    return blocks, truncate("\n\n".join(fallback_lines), MAX_FALLBACK)


def placeholder_blocks() -> tuple[list[Block], str]:
    """The short message posted at once, replaced by the answer when it is ready."""
    return [_context(PLACEHOLDER_TEXT)], PLACEHOLDER_TEXT


def error_blocks(message: str) -> tuple[list[Block], str]:
    """A one-line problem report (``message`` is plain text and gets escaped)."""
    text = truncate(f":warning: {escape(message)}", MAX_SECTION)
    return [_section(text)], text
