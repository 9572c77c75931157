"""A PDF page's lines as a reader reads them: pure functions over the text PDFium extracts.

A printed page carries more than its text: a running header or footer (the title, the
chapter, "7 / 57"), a page number, the leader dots of a table of contents. Read as text they
glue themselves to the first and last sentences of every page ("2 R Basics 2.1 What is R? R
is a system ...") and look like answers to questions that name the document. They are told
apart here the way layout-analysis tools do it (pdfminer's and poppler's reflow, the
header/footer pass of document converters): by where they sit (the first and last lines of
a page) and by repeating from page to page, with the number in them counting along with the
pages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

__all__ = [
    "OutlineEntry",
    "body_size",
    "fold_page_text",
    "font_marks",
    "footnotes",
    "outline_marks",
    "page_lines",
    "paragraphs",
    "place_headings",
    "repeated_furniture",
    "run_on_pages",
    "sized_lines",
]

# How many lines at the top and at the bottom of a page may be furniture.
MARGIN_LINES = 2
# On how many pages a line must recur (with the same text, or with its number moving with
# the page number) to be furniture rather than text.
MIN_PAGES = 3
# A running header that names each chapter ("Chapter 2: R Basics 9") recurs on only as many
# pages as the chapter has; what it shares across the document is its page number, at its
# end, counting with the pages. On this share of the pages at least, such lines are furniture.
NUMBERED_SHARE = 0.25

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What PDFium reports for a hyphen at a line break inside a word: U+FFFE (some producers
# write a soft hyphen, U+00AD). The hyphen and the line break after it go; the halves join.
_BREAK_HYPHENS = "\ufffe\u00ad"
_NUMBER = re.compile(r"\d+")
# The number a line ends with, alone or as "N / M", "N of M".
_END_NUMBER = re.compile(r"(\d{1,4})(?:\s*(?:/|of)\s*\d{1,4})?\s*$")
# A well-formed Roman numeral (front-matter page numbers: "vii"); not any word of those
# letters ("did", "civil").
_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
# "7", "- 7 -", "vii", "Page 7", "7 / 57", "Page 7 of 57".
_PAGE_NUMBER = re.compile(
    rf"^[-–—\s]*(?:page\s+)?(?:\d{{1,4}}|{_ROMAN})(?:\s*(?:/|of)\s*\d{{1,4}})?[-–—\s]*$", re.IGNORECASE
)
# A table-of-contents entry: leader dots, then the page number ("2.1 Syntax . . . . 12").
_TOC_LEADER = re.compile(rf"(?:\s?\.){{4,}}\s*(?:\d{{1,4}}|{_ROMAN})\s*$", re.IGNORECASE)
# A table-of-contents entry without leader dots: a section number, a title, perhaps the page
# number ("2 First steps 6", "A Advanced packaging 53": an appendix letter before a capital,
# "7.18 Why does the output from anova() depend on the", whose title goes on in the dotted line
# below). Such a line is furniture only
# beside a dotted entry or another such one (:func:`_contents_entries`): in a typeset table of
# contents the chapters' lines are set in bold without leaders, and a long title wraps.
_TOC_NUMBERED = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?\s+\S|[A-Z](?:\.\d{1,3})*\.?\s+[A-Z0-9])")
_TOC_PAGE = re.compile(rf"\s(?:\d{{1,4}}|{_ROMAN})\s*$", re.IGNORECASE)
# A running header that ends with a Roman page number ("Debian New Maintainers' Guide iv"),
# as front matter is numbered: furniture when the numeral counts with the pages.
_END_ROMAN = re.compile(rf"\s({_ROMAN})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
# What may stand before a heading's title on its line: "2.1", "2.1.", "A.3", "Chapter 4:".
_SECTION_NUMBER = re.compile(
    r"^(?:(?:chapter|part|appendix|section)\s+)?(?:\d+|[a-z]|[ivxlcdm]+)(?:\.\d+)*[.:]?$", re.IGNORECASE
)
# A line of its own before a heading's title: "Chapter 3", "Appendix B".
_LABEL_LINE = re.compile(r"^(?:chapter|part|appendix)\s+(?:\d+|[a-z]|[ivxlcdm]+)\.?$", re.IGNORECASE)
# A paragraph's last line ends a sentence (perhaps with a footnote mark: "outdated. 1") and
# stops well short of the page's full lines.
_SENTENCE_END = re.compile(r"[.!?:][)\]\"'’”]*(?:\s?\d{1,2})?$")
SHORT_LINE = 0.8
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A bookmark of the document outline: its level (1 = top), title and 0-based page."""

    level: int
    title: str
    page: int


def page_lines(raw: str, sizes: Sequence[float] | None = None) -> list[str]:
    """The non-blank lines of a page's extracted text, trailing blanks removed.

    A word hyphenated across a line break is whole again: PDFium marks such a hyphen with
    U+FFFE (and some producers with a soft hyphen, U+00AD). Typographic ligatures become
    their letters, so that "ﬁle" is found as "file".
    """
    return [line for line, _ in sized_lines(raw, sizes)]


def sized_lines(raw: str, sizes: Sequence[float] | None = None) -> list[tuple[str, float]]:
    """:func:`page_lines` with each line's font size: the size most of its letters have
    (``sizes[i]`` is the size of ``raw[i]``; 0.0 for every line without sizes)."""
    out: list[tuple[str, float]] = []
    chars: list[str] = []
    weight: defaultdict[float, int] = defaultdict(int)

    def end() -> None:
        line = _CONTROL.sub(" ", "".join(chars).translate(_LIGATURES)).rstrip()
        if line.strip():
            out.append((line, max(weight, key=lambda k: (weight[k], k)) if weight else 0.0))
        chars.clear()
        weight.clear()

    for i, ch in _unbroken(raw):
        if ch in "\r\n":
            end()
        else:
            chars.append(ch)
            if sizes is not None and i < len(sizes) and ch.isalnum():
                weight[round(sizes[i], 1)] += 1
    end()
    return out


def _unbroken(raw: str) -> Iterator[tuple[int, str]]:
    """``raw``'s characters with their indexes, less each word-breaking hyphen and the line
    break after it: the next line goes on with the word."""
    i = 0
    while i < len(raw):
        if raw[i] in _BREAK_HYPHENS:
            i += 1
            while i < len(raw) and raw[i] in "\r\n":
                i += 1
            continue
        yield i, raw[i]
        i += 1


def fold_page_text(raw: str) -> tuple[str, list[int]]:
    """A page's extracted text as the loader reads its words (whitespace runs as one space, a
    word broken across lines whole, ligatures as their letters), with the index in ``raw`` of
    each of its characters: where a quote of the loaded text is on the page."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in _unbroken(raw):
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
        else:
            for letter in ch.translate(_LIGATURES):
                out.append(letter)
                where.append(i)
    return "".join(out), where


def _margins(count: int) -> list[int]:
    top = list(range(min(MARGIN_LINES, count)))
    bottom = list(range(max(count - MARGIN_LINES, 0), count))
    return sorted(set(top + bottom))


def repeated_furniture(pages: Sequence[Sequence[str]]) -> set[tuple[int, int]]:
    """``(page, line)`` indices of the lines that are page furniture, not text.

    Only a page's first and last :data:`MARGIN_LINES` lines are candidates. Furniture is a
    bare page number ("7", "vii", "Page 7 of 57"); a line that recurs on at least
    :data:`MIN_PAGES` pages with the same text ("Shared MIME-info Database"); or one that
    recurs with its digits changed where one of its numbers moves in step with the page
    number ("Debian New Maintainers' Guide 7 / 57"), which tells a running header from a
    heading that happens to recur at a page's top ("Chapter 1", "Chapter 2"); or, whatever
    its words, one that ends with a number moving in step with the page number on at least
    :data:`NUMBERED_SHARE` of the pages ("Chapter 1: Introduction 2" ... "Chapter 2: R Basics
    9"); or one that ends with a Roman numeral counting with the pages on at least
    :data:`MIN_PAGES` pages ("Debian New Maintainers' Guide iv", front matter). A
    table-of-contents line is furniture wherever it stands: leader dots and a page number, or a
    numbered entry without leaders beside such lines (:func:`_contents_entries`).
    """
    drop: set[tuple[int, int]] = set()
    same: defaultdict[str, set[int]] = defaultdict(set)
    stepped: defaultdict[tuple[str, int, int], set[int]] = defaultdict(set)
    romans: defaultdict[tuple[str, int], set[int]] = defaultdict(set)
    ending: defaultdict[tuple[bool, int], set[int]] = defaultdict(set)
    where: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
    for i, lines in enumerate(pages):
        drop.update((i, j) for j in _contents_entries(lines))
        for j in _margins(len(lines)):
            line = lines[j]
            if _PAGE_NUMBER.match(line):
                drop.add((i, j))
                continue
            text = " ".join(line.split()).casefold()
            where[i].append((j, text))
            same[text].add(i)
            key = _NUMBER.sub("#", text)
            for k, number in enumerate(_NUMBER.findall(text)):
                stepped[(key, k, int(number) - i)].add(i)
            end = _END_NUMBER.search(text)
            if end:
                ending[(j < MARGIN_LINES, int(end.group(1)) - i)].add(i)
            roman = _END_ROMAN.search(text)
            if roman:
                romans[(text[: roman.start()], roman_value(roman.group(1)) - i)].add(i)
    furniture_text = {text for text, found in same.items() if len(found) >= MIN_PAGES}
    furniture_step = {(key, k, off) for (key, k, off), found in stepped.items() if len(found) >= MIN_PAGES}
    numbered = max(MIN_PAGES, NUMBERED_SHARE * len(pages))
    furniture_end = {slot for slot, found in ending.items() if len(found) >= numbered}
    furniture_roman = {slot for slot, found in romans.items() if len(found) >= MIN_PAGES}
    for i, entries in where.items():
        for j, text in entries:
            key = _NUMBER.sub("#", text)
            numbers = _NUMBER.findall(text)
            end = _END_NUMBER.search(text)
            roman = _END_ROMAN.search(text)
            if (
                (roman is not None and (text[: roman.start()], roman_value(roman.group(1)) - i) in furniture_roman)
                or text in furniture_text
                or any((key, k, int(n) - i) in furniture_step for k, n in enumerate(numbers))
                or (end is not None and (j < MARGIN_LINES, int(end.group(1)) - i) in furniture_end)
            ):
                drop.add((i, j))
    return drop


def roman_value(numeral: str) -> int:
    """The value of a well-formed Roman numeral ("iv" -> 4, "xiv" -> 14), in either case."""
    values = [_ROMAN_VALUES[c] for c in numeral.lower()]
    return sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values))


def _contents_entries(lines: Sequence[str]) -> set[int]:
    """The indices of a page's table-of-contents lines: every line with leader dots and a page
    number, and, beside one of those or of each other, the numbered lines without leaders
    (:data:`_TOC_NUMBERED`) that end with a page number or whose title the next dotted line
    finishes."""
    found = {j for j, line in enumerate(lines) if _TOC_LEADER.search(line)}
    if not found:
        return found
    candidates = {
        j
        for j, line in enumerate(lines)
        if j not in found
        and _TOC_NUMBERED.match(line)
        and (_TOC_PAGE.search(line) or (j + 1 < len(lines) and _TOC_LEADER.search(lines[j + 1])))
    }
    grown = True
    while grown:
        joined = {j for j in candidates - found if j - 1 in found or j + 1 in found}
        grown = bool(joined)
        found |= joined
    return found


def paragraphs(lines: Sequence[str]) -> list[list[str]]:
    """``lines`` (a run of a page's text lines) cut into paragraphs where a line ends a
    sentence well short of the full line length (:data:`SHORT_LINE` of the page's longer
    lines) and the next starts with a capital, a digit or a bullet: the way reflow tools tell
    a paragraph's last line in text that has no blank lines."""
    if len(lines) < 3:
        return [list(lines)] if lines else []
    full = _full_length(lines)
    out: list[list[str]] = [[]]
    for k, line in enumerate(lines):
        out[-1].append(line)
        following = lines[k + 1].lstrip()[:1] if k + 1 < len(lines) else ""
        if (
            following
            and (following.isupper() or following.isdigit() or not following.isalnum())
            and _SENTENCE_END.search(line)
            and len(line) < SHORT_LINE * full
        ):
            out.append([])
    return [p for p in out if p]


def reflow(paragraph: Sequence[str], full: int) -> str:
    """A paragraph's lines as one text: a line that runs to the margin (at least
    :data:`SHORT_LINE` of ``full``, the page's longer lines) wrapped there, and goes on after a
    space (a URL cut after a slash goes on directly); a shorter one ended where its writer ended
    it (a code line, a list item, a verse), and keeps its line break. With ``full`` 0 (too few
    lines to tell) every line keeps its break."""
    if full <= 0:
        return "\n".join(paragraph)
    out = ""
    for k, line in enumerate(paragraph):
        if k:
            before = paragraph[k - 1].rstrip()
            if _URL_CUT.search(before):
                pass  # a URL the margin cut after a slash goes on in the next line
            elif len(before) >= SHORT_LINE * full:
                out += " "
            else:
                out += "\n"
        out += line.strip() if k else line.rstrip()
    return out


# A URL cut by the margin right after one of its slashes ("(http://" / "community.org/...").
_URL_CUT = re.compile(r"(?:https?|ftp)://(?:\S*/)?$")


def _full_length(lines: Sequence[str]) -> int:
    """The length of a page's longer lines (the 80th percentile); 0 when the page has too few
    lines to tell where its margin is."""
    lengths = sorted(len(line) for line in lines)
    return lengths[int(0.8 * (len(lengths) - 1))] if len(lengths) >= 3 else 0


def _norm(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


def _titled(line: str, title: str) -> bool:
    """Whether ``line`` is the heading ``title``, alone or after its number ("2.2 Title")."""
    line, title = _norm(line), _norm(title)
    if line == title:
        return True
    if not line.endswith(" " + title):
        return False
    return bool(_SECTION_NUMBER.match(line[: -len(title)].strip()))


Marks = dict[int, dict[int, tuple[int, int]]]  # page -> first line -> (last line, level)


def outline_marks(pages: Sequence[Sequence[str]], outline: Sequence[OutlineEntry]) -> Marks:
    """Where the outline's headings are: every entry found on its page (or the next: a
    bookmark may point at the page before).

    A heading is a line that reads as its title, bare or after its section number; a title
    the page breaks over two lines is found as two lines. A "Chapter 3" line just above it
    belongs to the heading. Entries not found on their page are left out.
    """
    marks: Marks = defaultdict(dict)
    cursor: dict[int, int] = defaultdict(int)
    for entry in outline:
        for page in (entry.page, entry.page + 1):
            if not 0 <= page < len(pages):
                continue
            lines = pages[page]
            found = None
            for j in range(cursor[page], len(lines)):
                if _titled(lines[j], entry.title):
                    found = (j, j)
                elif j + 1 < len(lines) and _titled(f"{lines[j]} {lines[j + 1]}", entry.title):
                    found = (j, j + 1)
                if found:
                    break
            if found is None:
                continue
            first, last = found
            if first > cursor[page] and _LABEL_LINE.match(lines[first - 1].strip()):
                first -= 1
            marks[page][first] = (last, entry.level)
            cursor[page] = last + 1
            break
    return marks


# A heading's type is this much larger than the body text's, at least (a 12 pt heading over
# 10.5 pt text; footnotes and captions are smaller, bold body words the same size).
HEADING_SIZE_RATIO = 1.12
# Sizes this close (points) are one heading level.
_SIZE_STEP = 0.5
# A heading is a line or a few: no longer than this.
_HEADING_MAX_CHARS = 120
_MAX_LEVELS = 4


def body_size(pages: Sequence[Sequence[tuple[str, float]]]) -> float:
    """The body text's font size: the size most letters and digits have (0.0 when unknown)."""
    weight: defaultdict[float, int] = defaultdict(int)
    for lines in pages:
        for line, size in lines:
            weight[size] += sum(1 for ch in line if ch.isalnum())
    weight.pop(0.0, None)
    return max(weight, key=lambda k: (weight[k], -k)) if weight else 0.0


# Footnotes are set smaller than the body text: at most this share of its size.
FOOTNOTE_SIZE_RATIO = 0.9
# A footnote opens with its mark: a number or a symbol, often set against the first word.
_FOOTNOTE_MARK = re.compile(r"^\s*(?:\d{1,3}|[*†‡§¶⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def footnotes(pages: Sequence[Sequence[tuple[str, float]]]) -> dict[int, int]:
    """``{page: first line}`` of each page's footnotes: the run of lines at the page's end set
    in type smaller than the body text's, the first of them opening with a footnote mark."""
    body = body_size(pages)
    out: dict[int, int] = {}
    if not body:
        return out
    for i, lines in enumerate(pages):
        j = len(lines)
        while j > 0 and 0 < lines[j - 1][1] <= body * FOOTNOTE_SIZE_RATIO:
            j -= 1
        # The run starts at its first footnote mark (a small-type line above it is a caption).
        while j < len(lines) and not _FOOTNOTE_MARK.match(lines[j][0]):
            j += 1
        if j < len(lines):
            out[i] = j
    return out


def font_marks(pages: Sequence[Sequence[tuple[str, float]]]) -> Marks:
    """Where the headings are in a document without an outline: lines set in type larger
    than the body text's (the size most letters have), the way document converters find
    them. Consecutive such lines of one size are one heading, and so are a "Chapter 3" line and
    the title below it; the larger the type, the higher the level (at most four levels). A
    line that ends with a full stop or a comma, or has no letter, is text set large (a pull
    quote, a big number), not a heading; one that ends with a question mark may be a FAQ's
    question."""
    body = body_size(pages)
    if not body:
        return {}

    def heading(line: str, size: float) -> bool:
        text = line.strip()
        return (
            size >= body * HEADING_SIZE_RATIO
            and len(text) <= _HEADING_MAX_CHARS
            and any(ch.isalpha() for ch in text)
            and not re.search(r"[.!,;]$", text)
        )

    found: list[tuple[int, int, int, float]] = []  # page, first line, last line, size
    for i, lines in enumerate(pages):
        j = 0
        while j < len(lines):
            line, size = lines[j]
            if not heading(line, size):
                j += 1
                continue
            last = j
            while last + 1 < len(lines) and abs(lines[last + 1][1] - size) < _SIZE_STEP and heading(*lines[last + 1]):
                last += 1
            if _LABEL_LINE.match(line.strip()) and last + 1 < len(lines) and heading(*lines[last + 1]):
                # "Chapter 3" above its title, each in its own size: one heading.
                size = max(size, lines[last + 1][1])
                last += 1
                while last + 1 < len(lines) and abs(lines[last + 1][1] - lines[last][1]) < _SIZE_STEP and heading(*lines[last + 1]):
                    last += 1
            found.append((i, j, last, size))
            j = last + 1
    levels: list[float] = []
    for size in sorted({f[3] for f in found}, reverse=True):
        if not levels or levels[-1] - size >= _SIZE_STEP:
            levels.append(size)
    marks: Marks = defaultdict(dict)
    for i, first, last, size in found:
        level = 1 + min(k for k, top in enumerate(levels) if top - size < _SIZE_STEP + 1e-9)
        marks[i][first] = (last, min(level, _MAX_LEVELS))
    return marks


def place_headings(
    pages: Sequence[Sequence[str]], marks: Marks, breaks: dict[int, int] | None = None
) -> tuple[list[list[str]], dict[tuple[int, int], int], dict[int, int]]:
    """Each page's lines as blocks (:func:`paragraphs`, joined by "\\n\\n" later), every
    heading of ``marks`` (:func:`outline_marks`, :func:`font_marks`) a block of its own,
    ``{(page, block): level}`` for those heading blocks, and ``{page: block}``: the first block
    at or after its break. ``breaks`` (``{page: line}``, the :func:`footnotes`) starts a new
    block at that line of the page."""
    blocks: list[list[str]] = []
    levels: dict[tuple[int, int], int] = {}
    starts: dict[int, int] = {}
    for i, lines in enumerate(pages):
        page_marks = marks.get(i, {})
        full = _full_length(lines)
        out: list[str] = []
        current: list[str] = []
        j = 0
        while j < len(lines):
            if breaks and breaks.get(i) == j:
                out.extend(reflow(p, full) for p in paragraphs(current))
                current = []
                starts[i] = len(out)
            if j in page_marks:
                last, level = page_marks[j]
                out.extend(reflow(p, full) for p in paragraphs(current))
                current = []
                levels[(i, len(out))] = level
                out.append(" ".join(line.strip() for line in lines[j : last + 1]))
                j = last + 1
                continue
            current.append(lines[j])
            j += 1
        out.extend(reflow(p, full) for p in paragraphs(current))
        blocks.append(out)
    return blocks, levels, starts


def run_on_pages(
    blocks: Sequence[Sequence[str]],
    levels: dict[tuple[int, int], int],
    notes: dict[int, int],
    pages: Sequence[Sequence[str]],
    breaks: dict[int, int] | None = None,
) -> tuple[list[list[str]], list[str]]:
    """Each page's blocks and the text that joins each page to the next (one fewer than the
    pages). A page's last paragraph runs on to the next page when it ends no sentence and the
    next page opens with a lower-case letter, neither of them a heading ("... to a place where
    users" / "can invoke it, ..."): the join is then one space when the page's last body line
    (``pages``: each page's lines; ``breaks``: ``{page: line}`` where its footnotes start) runs
    to the margin, else a line break (a code line the sentence goes on after), as
    :func:`reflow` joins a paragraph's lines on one page; the page's footnotes (``notes``:
    ``{page: its first footnote block}``, from :func:`place_headings`) come before that
    paragraph, so that the sentence reads on. Else the join is a blank line."""
    out = [list(page) for page in blocks]
    joins: list[str] = []
    for i in range(len(out) - 1):
        page, following = out[i], out[i + 1]
        body = notes.get(i, len(page))
        last = body - 1
        if (
            last < 0
            or not following
            # No heading on either side of the break, nor among the blocks that would move.
            or any(page_no == i and k >= last for page_no, k in levels)
            or (i + 1, 0) in levels
            or _SENTENCE_END.search(page[last].rstrip())
            or not following[0][:1].islower()
        ):
            joins.append("\n\n")
            continue
        body_lines = pages[i][: (breaks or {}).get(i, len(pages[i]))]
        full = _full_length(pages[i])
        line = body_lines[-1].rstrip() if body_lines else ""
        joins.append(" " if full > 0 and len(line) >= SHORT_LINE * full else "\n")
        if body < len(page):
            # The footnotes move before the paragraph that runs on; their heading levels do not
            # exist (a footnote is never a heading), so no level needs renumbering.
            out[i] = [*page[:last], *page[body:], page[last]]
    return out, joins
