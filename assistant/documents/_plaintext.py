"""Headings of a plain-text file, read from its layout.

Plain text marks its sections by convention rather than markup: numbered lines ("2.1. What is
sed?", " 9. Why do I get ...?"), "Q:" lines, underlined lines (Markdown's setext headings),
lines in capitals ("GENERAL INFORMATION"), and questions set further left than the answer
under them. Such a line is a heading where it opens a block (after a blank line or a rule). A
table of contents heads nothing: a line whose text up to the next heading is mostly numbered
lines, or a run of three or more such lines with only blank lines between. A section number
is no part of a heading's words (the chunker opens the section with it); its depth ("2.2.1."
is 3) is the heading's level.
"""

from __future__ import annotations

import re

from ..types import HeadingSpan

__all__ = ["SECTION_NUMBER", "text_headings"]

# Longer than this, a line is prose however it starts.
_MAX_HEADING = 100
# A numbered or "Q:" heading wraps onto this many lines at most (set by hand, not fitted).
_MAX_LINES = 3
# A section number: "2.", "2.1.", "2.2.1.1", "A.", "A.1".
SECTION_NUMBER = r"(?:\d{1,3}(?:\.\d{1,3})*\.?|[A-Z](?:\.\d{1,3})+\.?|[A-Z]\.)"
# A numbered line: the number, then the heading's words.
_NUMBERED = re.compile(rf"^[ \t]{{0,3}}({SECTION_NUMBER})[ \t]+(?=\S)")
_QUESTION_LABEL = re.compile(r"^[ \t]{0,3}(?:Q|Question)[ \t]*[:.)][ \t]*(?=\S)")
# A rule of dashes, equals signs, asterisks, tildes or underscores (a separator, or the
# underline of the line above it).
_RULE = re.compile(r"^[ \t]*([-=*~_])\1{2,}[ \t]*$")
_UNDERLINE = re.compile(r"^[ \t]{0,3}(?:={3,}|-{3,})[ \t]*$")
# Prose ends a line with a full stop, a comma or a semicolon; a heading does not.
_PROSE_END = re.compile(r"[.,;]['\"’”)]*$")
# A line that goes on into the next: a comma or a semicolon ends it.
_CONTINUES = re.compile(r"[,;]['\"’”)]*$")
_LETTER = re.compile(r"[A-Za-z]")
# A heading found: its level, start and end in the text, and the indexes of its first and last lines.
_Found = tuple[int, int, int, int, int]


def _indent(line: str) -> int:
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())


def _blank(line: str) -> bool:
    return not line.strip()


def _capitals(line: str) -> bool:
    """A line in capitals ("GENERAL INFORMATION"): two letters at least."""
    letters = _LETTER.findall(line)
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _block(lines: list[str], i: int) -> list[str]:
    """The lines of the block ``lines[i]`` opens, up to a blank line or a rule (one more than
    ``_MAX_LINES`` at most: a heading wraps onto that many lines at most)."""
    out = []
    for line in lines[i : i + _MAX_LINES + 1]:
        if _blank(line) or _RULE.match(line):
            break
        out.append(line)
    return out


def _next_text(lines: list[str], i: int) -> str:
    """The first non-blank line after ``lines[i]`` ("" when none)."""
    return next((lines[j] for j in range(i + 1, len(lines)) if lines[j].strip()), "")


def _kind(lines: list[str], i: int) -> tuple[int, int] | None:
    """``(level, lines it takes)`` when ``lines[i]``, which opens a block, reads as a heading:
    numbered, a "Q:" line, underlined, in capitals, or a question set further left than the
    text under it; None otherwise. A numbered or "Q:" heading may wrap onto ``_MAX_LINES``
    lines when it is a block of its own that ends with a question mark or a colon."""
    line = lines[i]
    text = line.strip()
    if not text or len(text) > _MAX_HEADING or _RULE.match(line):
        return None
    block = _block(lines, i)
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if _UNDERLINE.match(following) and not _PROSE_END.search(text):
        # Underlined as long as the words ("Title" over "=====", Markdown's setext heading).
        if abs(len(following.strip()) - len(text)) <= max(3, len(text) // 4):
            return (1 if following.strip()[0] == "=" else 2), 1
    numbered = _NUMBERED.match(line)
    labelled = numbered is not None or _QUESTION_LABEL.match(line) is not None
    if numbered is not None and not _LETTER.search(line[numbered.end() :]):
        return None
    level = numbered.group(1).rstrip(".").count(".") + 1 if numbered else 9
    if labelled:
        if len(block) > 1 and _NUMBERED.match(block[1]):
            return None  # a list or a table of contents, one entry a line
        if text.endswith("?"):
            return level, 1
        if len(block) == 1 and not _CONTINUES.search(text):
            return level, 1
        # A block of its own that ends asking (or introducing what it asks about) is the heading,
        # whatever its first line ends with: a question may take two sentences ("Q:  I have
        # installed xz, but my tar doesn't recognize .tar.xz files. / How can I extract .tar.xz
        # files?").
        if 1 < len(block) <= _MAX_LINES and block[-1].rstrip().endswith(("?", ":")):
            return level, len(block)
        return None
    if len(block) != 1 or _PROSE_END.search(text) or _indent(line) > 3:
        return None
    if _capitals(text):
        return 1, 1
    below = _next_text(lines, i)
    if text.endswith("?") and below and _indent(below) > _indent(line):
        return 9, 1
    return None


def text_headings(text: str) -> list[HeadingSpan]:
    """The headings of plain ``text`` (see the module docstring), in order."""
    lines = text.split("\n")
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    found: list[_Found] = []
    i = 0
    while i < len(lines):
        opens = i == 0 or _blank(lines[i - 1]) or bool(_RULE.match(lines[i - 1]))
        kind = _kind(lines, i) if opens else None
        if kind is None:
            i += 1
            continue
        last = i + kind[1] - 1
        line = lines[i]
        end = starts[last] + len(lines[last].rstrip())
        # A section number stays out of the heading ("40." before "Does zlib support ...?"): the
        # sentence splitter reads it as a sentence of its own, and the heading is the words.
        numbered = _NUMBERED.match(line)
        start = starts[i] + (numbered.end() if numbered else len(line) - len(line.lstrip()))
        found.append((kind[0], start, end, i, last))
        i = last + 1
    nexts = [*found[1:], None] if found else []
    found = [h for h, following in zip(found, nexts, strict=True) if not _heads_a_list(h, following, lines)]
    return [HeadingSpan(level=h[0], start=h[1], end=h[2]) for h in _without_runs(found, lines)]


def _heads_a_list(heading: _Found, following: _Found | None, lines: list[str]) -> bool:
    """Is ``heading`` an entry of a table of contents: most lines up to the next heading are
    numbered lines too?"""
    stop = following[3] if following else len(lines)
    below = [line for line in lines[heading[4] + 1 : stop] if line.strip()]
    return bool(below) and 2 * sum(1 for line in below if _NUMBERED.match(line)) >= len(below)


def _without_runs(found: list[_Found], lines: list[str]) -> list[_Found]:
    """``found`` without the runs of three or more heading-like lines that have only blank
    lines between them: a table of contents (or a list of short items) heads no text."""
    keep: list[_Found] = []
    run: list[_Found] = []
    for item in found:
        if run and not all(_blank(lines[j]) for j in range(run[-1][4] + 1, item[3])):
            keep.extend(run if len(run) < 3 else ())
            run = []
        run.append(item)
    keep.extend(run if len(run) < 3 else ())
    return keep
