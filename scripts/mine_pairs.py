"""Question–answer pairs mined from the documentation that Debian packages ship.

    python scripts/mine_pairs.py [--out /tmp/mined-faqs] [--prose]   # writes the documents, prints counts

Used by ``scripts/fit_answering.py`` as extra training data for the answer scorer and the
answerability model (never by the runtime). Every source is a file under ``/usr/share/doc``;
a package that is not installed is skipped, and the pairs are deterministic for given files.
Sources, of five kinds (``Source.kind``):

* ``faq-text``: plain-text FAQs (``TEXT_FAQS``). A question is a line (after its "Q:" or
  section number) ending in "?" that is followed by answer text before the next question;
  table-of-contents lines have no answer text and are skipped.
* ``faq-html``: HTML FAQs (``HTML_FAQS``: w3m, libxslt, valgrind). A question is a heading,
  a definition term, a bold or emphasised block, or a DocBook question cell, whose text ends
  in "?" and that is not a link (a table of contents) nor inside a paragraph; its answer is
  the paragraphs up to the next question or heading.
* ``manual``: HTML manuals (``MANUALS``, and every page of the Python 3.11 documentation
  found by ``python_pages``) whose section headings ask a question ("How do I ...?", "What is
  ...?", "Why ...?"): each such heading is answered by its section's opening paragraph. The
  page's other sections are part of the document (their first paragraphs), as context.
* ``glossary``: the Python glossary; each alphabetic term asked as "What is meant by
  <term>?", answered by its definition.
* ``reference``: library pages of the Python documentation (every ``REFERENCE_STRIDE``-th
  page by name): each function's or method's entry named with its module or class asked as
  "What does <name>() do?",
  answered by its description's first paragraph (``REFERENCE_QUESTIONS`` per page).

Never mined (they are the development collections, the study, or the documents the checker's
labelled sets quote: ``EXCLUDED``): the Python FAQ, the Python HOWTOs of
``evals/checker_llm``, The Debian Administrator's Handbook, A Brief History of Debian, the
Debian Reference.

Every source becomes one Markdown document of the mined collection (``# title``, then
``## heading`` and its paragraphs), so a question is a heading, as in a real FAQ or manual
(a glossary term or a reference entry is headed by its name, as in its source), and its
answer is its section's body; or, with ``headings=False``, the paragraphs alone as
continuous prose under a front-matter title (a document without headings, like the study; a
reference entry's name stays as a line of text before its description, as in a plain-text
rendering). A pair's gold quote is the first paragraph of its answer.

Unanswerable pairs: ``REMOVED_SHARE`` of every source's questions (chosen by a hash of the
question) have their section left out of the written document; those questions are pairs
with ``answerable`` false: the nearest real negative, same vocabulary, the answer truly absent.
The other unanswerable questions are made from the answerable ones (``swap_noun`` here, the
rest in ``scripts/fit_answering.py``): the question's rarest noun (by the collection's
document frequency) swapped for a noun that the collection never uses; and questions of one
collection asked of another.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

DOC = Path("/usr/share/doc")
# (file, title). Plain-text FAQs of packages of a Debian 12 system, of different kinds
# (compression libraries, process tools, a text editor, the manual pager, the base system).
TEXT_FAQS: tuple[tuple[str, str], ...] = (
    ("xz-utils/faq.txt.gz", "XZ Utils FAQ"),
    ("zlib1g-dev/FAQ.gz", "Frequently Asked Questions about zlib"),
    ("procps/FAQ.gz", "procps FAQ"),
    ("man-db/FAQ", "man-db Frequently Asked Questions"),
    ("base-files/FAQ", "Frequently Asked Questions about base-files"),
    ("sed/sedfaq.txt.gz", "The sed FAQ"),
    ("lsof/00FAQ.gz", "Frequently Asked Questions about lsof"),
)
# HTML FAQs (a web browser, an XSLT library, a debugger: valgrind's HTML FAQ rather than its
# shorter plain-text one, which holds the same questions).
HTML_FAQS: tuple[tuple[str, str], ...] = (
    ("w3m/FAQ.html", "w3m FAQ"),
    ("libxslt1-dev/html/FAQ.html", "libxslt FAQ"),
    ("valgrind/html/faq.html", "Valgrind Frequently Asked Questions"),
)
# HTML manuals besides the Python documentation with question-shaped section headings.
MANUALS: tuple[tuple[str, str], ...] = (
    ("bzip2/manual.html", "bzip2 and libbzip2 manual"),
    ("shared-mime-info/shared-mime-info-spec.html", "Shared MIME-info Database"),
    ("libffi8/html/index.html", "libffi manual"),
)
PYTHON = "python3.11/html"
GLOSSARY = f"{PYTHON}/glossary.html"
# Never mined: the development collections (the Python FAQ, the Handbook, A Brief History of
# Debian), and the documents evals/checker_llm's labelled sets quote (its README).
EXCLUDED = (
    f"{PYTHON}/faq/",
    f"{PYTHON}/howto/functional.html",
    f"{PYTHON}/howto/logging.html",
    f"{PYTHON}/howto/sockets.html",
    f"{PYTHON}/howto/sorting.html",
    "debian-handbook/",
    "debian-history/",
    "debian-reference",
)
# Python pages that are indexes and listings, not text.
_LISTINGS = ("genindex", "py-modindex", "search.html", "contents.html", "_sources/", "_static/", "_images/")
# Questions kept per source, so that the long FAQs (lsof, sed) do not outweigh the rest.
MAX_PER_SOURCE = 150
GLOSSARY_QUESTIONS = 120
# Every REFERENCE_STRIDE-th library page (by name) gives reference questions, at most
# REFERENCE_QUESTIONS each; its document holds its first REFERENCE_ENTRIES entries.
REFERENCE_STRIDE = 2
REFERENCE_QUESTIONS = 10
REFERENCE_ENTRIES = 30
# A manual page's sections without a question heading: each keeps its first paragraph, up to
# this many sections, as the context around the asked ones.
CONTEXT_SECTIONS = 40
# Share of every source's questions whose section is removed from the indexed document.
REMOVED_SHARE = 0.15

_PREFIX = re.compile(r"^\s*(?:Q[:.]\s*|\d+(?:\.\d+)*\.?\s+)")
_ANSWER_PREFIX = re.compile(r"^\s*A[:.]\s+")
_RULE = re.compile(r"^\s*([-=_~*#])\1{3,}\s*$")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_QUESTION_TAGS = (*_HEADINGS, "dt", "b", "strong", "em")


@dataclass(frozen=True, kw_only=True, slots=True)
class Entry:
    """One section of a mined document: its heading (a question when ``asked``), its
    paragraphs, and (``lead``) a line shown before them in the prose form (a reference
    entry's name)."""

    question: str
    paragraphs: tuple[str, ...]
    asked: bool = True
    lead: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    path: str  # under /usr/share/doc
    title: str
    kind: str  # faq-text | faq-html | manual | glossary | reference


@dataclass(frozen=True, kw_only=True, slots=True)
class Pair:
    id: str
    document: str  # file name in the mined collection
    question: str
    answerable: bool
    gold_quotes: tuple[str, ...] = ()
    kind: str = ""


def read(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8", errors="replace")


# --- plain text ---------------------------------------------------------------------------


def _question_at(lines: Sequence[str], i: int) -> tuple[str, int] | None:
    """The question starting at line ``i`` (it may run over two lines) and the next line."""
    line = lines[i]
    if not line.strip() or _RULE.match(line):
        return None
    first = _PREFIX.sub("", line).strip()
    if not first or not first[0].isalpha() or len(first.split()) < 3:
        return None
    if first.endswith("?"):
        return first, i + 1
    if i + 1 < len(lines) and lines[i + 1].strip().endswith("?") and len(first) > 30:
        return f"{first} {lines[i + 1].strip()}", i + 2
    return None


def parse(text: str) -> list[Entry]:
    """The plain-text FAQ's entries that have an answer (a table of contents has none)."""
    lines = text.replace("\t", "    ").splitlines()
    entries: list[Entry] = []
    i = 0
    while i < len(lines):
        found = _question_at(lines, i)
        if found is None:
            i += 1
            continue
        question, j = found
        body: list[str] = []
        while j < len(lines) and _question_at(lines, j) is None:
            body.append(lines[j])
            j += 1
        paragraphs = _paragraphs(body)
        if paragraphs and sum(len(p) for p in paragraphs) >= 40:
            entries.append(Entry(question=" ".join(question.split()), paragraphs=tuple(paragraphs)))
        i = j
    return _unique(entries)


def _unique(entries: Iterable[Entry]) -> list[Entry]:
    seen: set[str] = set()
    unique = []
    for e in entries:
        if e.question.lower() not in seen:
            seen.add(e.question.lower())
            unique.append(e)
    return unique


def _prose(text: str) -> bool:
    """A paragraph of prose: words, sentence punctuation, mostly letters, not a list or a number."""
    words = text.split()
    letters = sum(ch.isalpha() for ch in text)
    ends = re.search(r"[.!?:]$|[.!?]\s", text) is not None and not re.match(r"\d+(\.\d+)*\.?\s", text)
    return len(words) >= 4 and ends and letters >= 0.6 * len(text) and not text.startswith(("*", "$", "#", ">>>"))


def _paragraphs(lines: Iterable[str]) -> list[str]:
    """Prose paragraphs of an answer: lines joined, rules, code and lists of symbols left out."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            text = " ".join(" ".join(current).split())
            if _prose(text):
                out.append(text)
            current.clear()

    for line in lines:
        if not line.strip() or _RULE.match(line):
            flush()
            continue
        current.append(_ANSWER_PREFIX.sub("", line).strip())
    flush()
    return out


# --- HTML ---------------------------------------------------------------------------------


def _soup(text: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return BeautifulSoup(text, "html.parser")


def _text(tag: Tag) -> str:
    """A tag's text on one line, without Sphinx's heading anchors (¶) and section numbers."""
    parts = []
    for piece in tag.descendants:
        if isinstance(piece, NavigableString) and not (isinstance(piece.parent, Tag) and "headerlink" in (piece.parent.get("class") or [])):
            parts.append(str(piece))
    return " ".join("".join(parts).replace("¶", " ").split())


def _html_question(tag: Tag) -> str | None:
    """The question a heading-like tag asks, or None: its text ends in "?", it is no link (a
    table of contents) and stands outside a paragraph."""
    if tag.name not in _QUESTION_TAGS or tag.find_parent(["a", "p"]) is not None:
        return None
    if tag.name in ("b", "strong", "em") and tag.find_parent(_QUESTION_TAGS) is not None:
        return None
    link = tag.find("a", href=True)
    if link is not None and len(_text(link)) >= 0.5 * len(_text(tag)):
        return None
    text = _PREFIX.sub("", _text(tag)).strip()
    text = re.sub(r"\s+\?$", "?", text)
    if not text.endswith("?") or len(text.split()) < 3 or not text[0].isalpha():
        return None
    return text


def _blocks(soup: BeautifulSoup) -> Iterator[tuple[str, str]]:
    """The page in reading order as ("question" | "heading" | "paragraph", text) blocks."""
    body = soup.body or soup
    for tag in body.find_all(True):
        if tag.find_parent("pre") is not None:
            continue
        question = _html_question(tag)
        if question is not None:
            yield "question", question
        elif tag.name in _HEADINGS:
            yield "heading", _PREFIX.sub("", _text(tag)).strip()
        elif tag.name == "p" and tag.find_parent(["pre", *_QUESTION_TAGS]) is None:
            text = _text(tag)
            if _prose(text):
                yield "paragraph", text


def parse_html(text: str, *, context: bool = False) -> list[Entry]:
    """The entries of an HTML FAQ or manual page: every question with the paragraphs after it
    (up to the next question or heading) that has some; with ``context``, also every other
    heading's first paragraph as an entry that is not asked (at most ``CONTEXT_SECTIONS``)."""
    entries: list[Entry] = []
    current: tuple[str, bool] | None = None
    paragraphs: list[str] = []
    others = 0

    def flush() -> None:
        nonlocal others
        if current is None or not paragraphs:
            return
        question, asked = current
        if asked and sum(len(p) for p in paragraphs) >= 40:
            entries.append(Entry(question=question, paragraphs=tuple(paragraphs)))
        elif not asked and context and others < CONTEXT_SECTIONS and question:
            others += 1
            entries.append(Entry(question=question, paragraphs=(paragraphs[0],), asked=False))

    for kind, value in _blocks(_soup(text)):
        if kind == "paragraph":
            if current is not None:
                paragraphs.append(value)
            continue
        flush()
        current, paragraphs = (value, kind == "question"), []
    flush()
    return _unique(entries)


def parse_glossary(text: str) -> list[Entry]:
    """The glossary's alphabetic terms as "What is meant by <term>?" with their definitions."""
    entries = []
    for dt in _soup(text).find_all("dt"):
        term = _text(dt)
        dd = dt.find_next_sibling("dd")
        if dd is None or not re.fullmatch(r"[A-Za-z][A-Za-z -]{2,40}", term):
            continue
        paragraphs = tuple(t for p in dd.find_all("p") if _prose(t := _text(p)))
        if paragraphs:
            entries.append(Entry(question=f"What is meant by {term}?", paragraphs=paragraphs, lead=term))
    return _unique(entries)


def parse_reference(text: str) -> list[Entry]:
    """A library page's function and method entries, each asked as "What does <name>() do?"
    (only the first ``REFERENCE_ENTRIES`` entries with a description are kept)."""
    entries = []
    for dl in _soup(text).find_all("dl", class_=["function", "method"]):
        dt, dd = dl.find("dt"), dl.find("dd")
        if dt is None or dd is None:
            continue
        name = "".join(_text(t) for t in dt.find_all("span", class_=["sig-prename", "descclassname", "sig-name", "descname"])).strip()
        first = dd.find("p", recursive=False)
        # A name without its module or class ("copy()") is ambiguous across the collection.
        if not re.fullmatch(r"[A-Za-z_]\w*(\.\w+)+", name) or first is None or not _prose(_text(first)):
            continue
        signature = _text(dt)
        entries.append(Entry(question=f"What does {name}() do?", paragraphs=(_text(first),), lead=signature))
        if len(entries) >= REFERENCE_ENTRIES:
            break
    return _unique(entries)


# --- sources ------------------------------------------------------------------------------


def _excluded(rel: str) -> bool:
    return any(rel.startswith(e) or f"/{e}" in f"/{rel}" for e in EXCLUDED)


def python_pages() -> list[str]:
    """The Python documentation's HTML pages (relative to ``DOC``), sorted, listings and the
    excluded ones left out."""
    root = DOC / PYTHON
    if not root.is_dir():
        return []
    pages = sorted(str(p.relative_to(DOC)) for p in root.rglob("*.html"))
    return [p for p in pages if not _excluded(p) and not any(x in p for x in _LISTINGS)]


_QUESTION_HEADING = re.compile(r"\?\s*(?:<a class=\"headerlink\"[^>]*>[^<]*</a>\s*)?</h[1-6]>")


def _asks(path: Path) -> bool:
    """Whether an HTML page has a heading ending in "?" (a quick look before parsing it)."""
    return _QUESTION_HEADING.search(read(path)) is not None


def sources() -> list[Source]:
    """Every source present on this machine, in a fixed order."""
    out = [Source(path=p, title=t, kind="faq-text") for p, t in TEXT_FAQS]
    out += [Source(path=p, title=t, kind="faq-html") for p, t in HTML_FAQS]
    out += [Source(path=p, title=t, kind="manual") for p, t in MANUALS]
    pages = python_pages()
    out += [Source(path=p, title="", kind="manual") for p in pages if p != GLOSSARY and _asks(DOC / p)]
    if GLOSSARY in pages:
        out.append(Source(path=GLOSSARY, title="Python Glossary", kind="glossary"))
    library = [p for p in pages if p.startswith(f"{PYTHON}/library/")]
    out += [Source(path=p, title="", kind="reference") for p in library[::REFERENCE_STRIDE]]
    return [s for s in out if (DOC / s.path).is_file() and not _excluded(s.path)]


def _title(text: str, fallback: str) -> str:
    found = re.search(r"<title>(.*?)</title>", text, re.S | re.I)
    title = " ".join(found.group(1).split()) if found else fallback
    return re.sub(r"\s+[—-]+\s+Python 3\.11.*$", "", title).replace("&#8212;", "—")


def entries_of(source: Source) -> tuple[str, list[Entry]]:
    """The source's title and entries (those asked capped at ``MAX_PER_SOURCE``)."""
    text = read(DOC / source.path)
    title = source.title or _title(text, source.path)
    if source.kind == "faq-text":
        entries = parse(text)
    elif source.kind == "faq-html":
        entries = parse_html(text)
    elif source.kind == "manual":
        entries = parse_html(text, context=True)
    elif source.kind == "glossary":
        entries = parse_glossary(text)[:GLOSSARY_QUESTIONS]
    else:
        entries = parse_reference(text)
    asked = 0
    kept = []
    limit = {"reference": REFERENCE_QUESTIONS, "glossary": GLOSSARY_QUESTIONS}.get(source.kind, MAX_PER_SOURCE)
    for e in entries:
        if e.asked:
            asked += 1
            if asked > limit:
                e = Entry(question=e.question, paragraphs=e.paragraphs, asked=False, lead=e.lead)
        kept.append(e)
    return title, kept


def markdown(title: str, entries: Sequence[Entry], *, headings: bool = True) -> str:
    """The entries as Markdown: each heading (the question, or the ``lead`` when there is one)
    over its paragraphs, or (``headings`` false) only the paragraphs (after their ``lead``
    line), as continuous prose with the title in front matter (a document without any
    heading, as a report whose title is metadata)."""
    blocks = [f"# {title}"] if headings else ["---\ntitle: " + json.dumps(title) + "\n---"]
    for e in entries:
        if headings:
            # A glossary term or a reference entry is headed by its name, as in its source.
            blocks.append(f"## {(e.lead or e.question).replace('#', '')}")
        elif e.lead:
            blocks.append(e.lead.replace("#", ""))
        blocks.extend(p.replace("#", "") for p in e.paragraphs)
    return "\n\n".join(blocks) + "\n"


def _digest(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def _name(source: Source) -> str:
    """The document's file name in the mined collection (one per source)."""
    name = re.sub(r"[^A-Za-z0-9.]+", "-", source.path.removesuffix(".gz").removesuffix(".html")).strip("-")
    # A library page can be both a manual (its question headings) and a reference source.
    return name + ("-reference" if source.kind == "reference" else "") + ".md"


def mine(out: Path, *, headings: bool = True) -> list[Pair]:
    """Write the mined collection's documents under ``out`` and return its pairs: answerable
    ones, and unanswerable ones whose section was left out (``headings``: see ``markdown``)."""
    out.mkdir(parents=True, exist_ok=True)
    pairs: list[Pair] = []
    written: set[str] = set()
    prefix = "mined" if headings else "prose"
    for source in sources():
        title, entries = entries_of(source)
        if sum(e.asked for e in entries) < (1 if source.kind in ("manual", "reference") else 3):
            continue
        name = _name(source)
        kept = []
        for e in entries:
            # The same question has the same digest in both forms, so a split by digest puts
            # both forms of it on the same side.
            digest = hashlib.sha256(f"{name}:{e.question}".encode()).hexdigest()[:10]
            removed = e.asked and _digest(f"removed:{name}:{e.question}") % 1000 < 1000 * REMOVED_SHARE
            if not removed:
                kept.append(e)
            if not e.asked:
                continue
            gold = e.paragraphs[0].replace("#", "")
            pairs.append(Pair(id=f"{prefix}-{digest}", document=name, question=e.question, answerable=not removed,
                              gold_quotes=() if removed else (gold,), kind=source.kind))
        (out / name).write_text(markdown(title, kept, headings=headings), encoding="utf-8")
        written.add(name)
    for stale in out.glob("*.md"):
        if stale.name not in written:  # from another run, or a package removed since
            stale.unlink()
    return pairs


def swap_noun(question: str, *, nouns: frozenset[str], df: dict[str, int], known: set[str], pool: Sequence[str]) -> str | None:
    """``question`` with its rarest noun known to the collection replaced by one of ``pool``
    that the collection never uses (chosen by a hash of the question, so deterministic)."""
    words = re.findall(r"[A-Za-z][a-z]+", question)
    cands = [w for w in words if w.lower() in nouns and w.lower() in known and len(w) > 3]
    if not cands:
        return None
    target = min(cands, key=lambda w: (df.get(w.lower(), 0), w))
    fresh = [p for p in pool if p not in known]
    if not fresh:
        return None
    pick = fresh[int(hashlib.sha256(question.encode()).hexdigest()[:8], 16) % len(fresh)]
    return re.sub(rf"\b{re.escape(target)}\b", pick, question, count=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/mined-faqs"))
    parser.add_argument("--prose", action="store_true", help="write the prose form (no headings)")
    args = parser.parse_args()
    pairs = mine(args.out, headings=not args.prose)
    by_kind: dict[str, list[int]] = {}
    docs: dict[str, set[str]] = {}
    for p in pairs:
        by_kind.setdefault(p.kind, [0, 0])[0 if p.answerable else 1] += 1
        docs.setdefault(p.kind, set()).add(p.document)
    for kind, (ans, una) in by_kind.items():
        print(f"{kind}: {len(docs[kind])} sources, {ans} answerable, {una} with their section removed")
    total = sum(p.answerable for p in pairs)
    print(f"total: {len({p.document for p in pairs})} sources, {total} answerable, {len(pairs) - total} removed")
    for p in pairs[:: max(1, len(pairs) // 16)]:
        print(f"- [{p.kind}{'' if p.answerable else ', removed'}] {p.question}\n    {p.gold_quotes[0][:140] if p.gold_quotes else ''}")


if __name__ == "__main__":
    main()
