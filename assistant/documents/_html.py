"""HTML (BeautifulSoup): readable paragraphs separated by blank lines, page chrome dropped."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..types import HeadingSpan, MetaValue
from ._common import _ParsedWithHeadings, _SPACES
from ._decode import _decode


_HTML_DROP = frozenset(
    {"script", "style", "nav", "header", "footer", "noscript", "template", "head", "svg", "iframe"}
)
# ARIA landmarks that stand for the same page furniture as <nav>, <header> and <footer>.
_HTML_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
_HTML_META: Mapping[str, str] = {"author": "authors", "description": "description", "date": "date"}
_HTML_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "option",
        "legend",
    ]
)


def _parse_html(data: bytes, path: Path, source: str) -> _ParsedWithHeadings:
    from bs4 import BeautifulSoup
    from bs4.dammit import EncodingDetector
    from bs4.element import Tag

    declared = EncodingDetector.find_declared_encoding(
        data[:4096], is_html=True, search_entire_document=False
    )
    soup = BeautifulSoup(_decode(data, source, declared), "html.parser")

    title = ""
    first_h1: Tag | None = None
    main: Tag | None = None
    metadata: dict[str, MetaValue] = {}
    dropped: list[Tag] = []
    # One pass over the tags: every find() would walk the whole tree again.
    for tag in soup.find_all(True):
        name = tag.name
        if name == "title" and not title:
            title = tag.get_text(" ")
        elif name == "meta":
            key = _HTML_META.get(str(tag.get("name") or "").strip().lower())
            content = tag.get("content")
            if key and key not in metadata and isinstance(content, str) and content.strip():
                metadata[key] = _SPACES.sub(" ", content).strip()
        elif name == "h1" and first_h1 is None:
            first_h1 = tag
        role = str(tag.get("role") or "").strip().lower()
        if main is None and (name == "main" or role == "main"):
            main = tag
        # Sphinx and similar generators end every heading with a "¶" permalink.
        headerlink = name == "a" and "headerlink" in (tag.get("class") or ())
        if name in _HTML_DROP or role in _HTML_DROP_ROLES or headerlink:
            dropped.append(tag)
    for tag in dropped:
        if not tag.decomposed:  # a dropped ancestor already took it
            tag.decompose()
    if not title and first_h1 is not None and not first_h1.decomposed:
        title = first_h1.get_text(" ")

    # The page's main landmark, when it has text, is the document; the rest is chrome.
    root = main if main is not None and not main.decomposed and main.get_text().strip() else soup
    levels: list[int] = []
    paragraphs = _html_paragraphs(root, levels)
    # Headings are section boundaries for chunking (a chunk never runs across one).
    headings: list[HeadingSpan] = []
    offset = 0
    for paragraph, level in zip(paragraphs, levels, strict=True):
        if level:
            headings.append(HeadingSpan(level=level, start=offset, end=offset + len(paragraph)))
        offset += len(paragraph) + 2
    return title, "\n\n".join(paragraphs), metadata, [], headings


_HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def _html_paragraphs(soup: Any, levels: list[int] | None = None) -> list[str]:
    """Text grouped by its nearest block element; one paragraph per run of the same block.

    ``levels``, when given, receives each paragraph's heading level (0 for body text).

    Walks ``descendants`` (iterative in bs4) rather than recursing, so deeply nested
    markup cannot exhaust the stack. Inside ``<pre>`` whitespace is kept; elsewhere it is
    collapsed, with ``<br>`` kept as a line break.
    """
    from bs4.element import NavigableString, PreformattedString, Tag

    nearest: dict[int, Any] = {}

    def block_of(node: Any) -> Any:
        chain = []
        current = node
        while current is not None and id(current) not in nearest:
            if isinstance(current, Tag) and current.name in _HTML_BLOCKS:
                nearest[id(current)] = current
                break
            chain.append(current)
            current = current.parent
        found = nearest.get(id(current)) if current is not None else None
        for item in chain:
            nearest[id(item)] = found
        return found

    def in_pre(block: Any) -> bool:
        return getattr(block, "name", None) == "pre"

    paragraphs: list[str] = []
    current_block: Any = object()
    lines: list[list[str]] = [[]]

    def flush() -> None:
        nonlocal lines
        if in_pre(current_block):
            text = "".join("".join(parts) for parts in lines).strip("\n")
            text = text if text.strip() else ""
        else:
            collapsed = [_SPACES.sub(" ", "".join(parts)).strip() for parts in lines]
            text = "\n".join(line for line in collapsed if line)
        if text:
            paragraphs.append(text)
            if levels is not None:
                levels.append(_HEADING_LEVELS.get(getattr(current_block, "name", ""), 0))
        lines = [[]]

    for node in soup.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                block = block_of(node)
                if block is not current_block:
                    flush()
                    current_block = block
                lines.append([])
            continue
        if not isinstance(node, NavigableString) or isinstance(node, PreformattedString):
            continue
        block = block_of(node)
        if block is not current_block:
            flush()
            current_block = block
        lines[-1].append(str(node))
    flush()
    return paragraphs
