"""Markdown and plain text: characters kept as written (newlines normalised), YAML front
matter as metadata, the first heading as the title; a plain-text file's headings read from
its layout (``_plaintext``)."""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..types import MetaValue
from ._common import _Parsed, _ParsedWithHeadings, _fail
from ._decode import _decode
from ._plaintext import text_headings


_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE)
# Front matter starts with a key, a comment or its closing line; anything else after a
# leading "---" is a thematic break followed by prose, which YAML must not be asked to parse.
_FRONT_MATTER_FIRST_LINE = re.compile(
    r"""[ \t]*(?:\#|(?:[A-Za-z_][\w.-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?:[ \t]|$)|(?:---|\.\.\.)[ \t]*$)""",
    re.MULTILINE,
)
_MAX_FRONT_MATTER_CHARS = 64 * 1024
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
_ATX_H1 = re.compile(r"^[ ]{0,3}#[ \t]+([^\n]*)", re.MULTILINE)


def _parse_text(data: bytes, path: Path, source: str) -> _ParsedWithHeadings:
    text = _LEADING_BLANK_LINES.sub("", _decode(data, source))
    # A short first line without closing punctuation reads as a title; otherwise the
    # file name is a better one.
    first = text.split("\n", 1)[0].strip()
    title = first if 0 < len(first) <= 100 and first[-1] not in ".,;:!?" else ""
    return title, text, {}, [], text_headings(text)


def _parse_markdown(data: bytes, path: Path, source: str) -> _Parsed:
    text = _decode(data, source)
    metadata: dict[str, MetaValue] = {}
    body = text
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is not None and _FRONT_MATTER_FIRST_LINE.match(text, opening.end()):
        window = text[: opening.end() + _MAX_FRONT_MATTER_CHARS]
        close = _FRONT_MATTER_CLOSE.search(window, opening.end())
        if close is not None:
            parsed = _load_yaml(text[opening.end() : close.start()], source)
            if parsed is None or isinstance(parsed, Mapping):
                metadata = _flatten_metadata(parsed or {})
                body = text[close.end() :]
                if not body.strip():
                    raise _fail(
                        source, "no text after the front matter", "add the document's text below the --- line"
                    )
    body = _LEADING_BLANK_LINES.sub("", body)
    title = str(metadata.get("title", "")).strip()
    if not title:
        heading = _ATX_H1.search(body)
        title = _strip_closing_hashes(heading.group(1)[:1000]) if heading else ""
    return title, body, metadata, []


def _strip_closing_hashes(heading: str) -> str:
    """``# Title ##`` -> ``Title`` (string operations: regexes backtrack on long space runs)."""
    heading = heading.strip()
    without = heading.rstrip("#")
    if without != heading and (not without or without[-1] in " \t"):
        heading = without.strip()
    return heading


def _load_yaml(block: str, source: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise _fail(
            source, f"invalid YAML front matter{where}: {problem}", "fix the block between the --- lines"
        ) from exc


def _flatten_metadata(raw: Mapping[Any, Any]) -> dict[str, MetaValue]:
    """Front matter to flat metadata: scalars kept, lists joined with "; ", dates as ISO."""
    out: dict[str, MetaValue] = {}
    for key, value in raw.items():
        if key is None:
            continue
        scalar = _scalar(value)
        if scalar is None and isinstance(value, (list, tuple, set)):
            items = [s for s in (_scalar(v) for v in value) if s is not None and str(s).strip()]
            scalar = "; ".join(str(s).strip() for s in items) if items else None
        if scalar is not None:
            out[str(key).strip()] = scalar.strip() if isinstance(scalar, str) else scalar
    if "authors" not in out and "author" in out:
        out["authors"] = out["author"]
    return out


def _scalar(value: Any) -> MetaValue | None:
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return None
