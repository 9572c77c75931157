"""Question–answer pairs mined from the plain-text FAQs that Debian packages ship.

    python scripts/mine_pairs.py [--out /tmp/mined-faqs]   # writes the documents, prints counts

Used by ``scripts/fit_answering.py`` as extra training data for answerability (never by the
runtime). Each FAQ under ``/usr/share/doc`` listed in ``SOURCES`` is parsed into (question,
answer) entries: a question is a line (after its "Q:" or section number) ending in "?" that is
followed by answer text before the next question; table-of-contents lines have no answer text
and are skipped. Every FAQ becomes one Markdown document of the mined collection (``# title``,
then ``## question`` and its answer paragraphs), so the question is a heading, as in a real
FAQ, and the answer is its section's body (or, with ``headings=False``, the answers alone as
continuous prose under a front-matter title: a document without headings, like the study). A pair's gold quote is the first paragraph of the answer.

Unanswerable questions are built from the answerable ones (``swap_noun`` here, the rest in
``scripts/fit_answering.py``): the question's rarest noun (by the collection's document
frequency) swapped for a noun that the collection never uses; and questions of one collection
asked of another.
Packages missing on the machine are skipped; the pairs are deterministic for given files.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DOC = Path("/usr/share/doc")
# (file, title). Plain-text FAQs of packages of a Debian 12 system, of different kinds
# (compression libraries, process tools, a text editor, a debugger, the manual pager).
SOURCES: tuple[tuple[str, str], ...] = (
    ("xz-utils/faq.txt.gz", "XZ Utils FAQ"),
    ("zlib1g-dev/FAQ.gz", "Frequently Asked Questions about zlib"),
    ("procps/FAQ.gz", "procps FAQ"),
    ("man-db/FAQ", "man-db Frequently Asked Questions"),
    ("base-files/FAQ", "Frequently Asked Questions about base-files"),
    ("valgrind/FAQ.txt.gz", "Valgrind FAQ"),
    ("sed/sedfaq.txt.gz", "The sed FAQ"),
    ("lsof/00FAQ.gz", "Frequently Asked Questions about lsof"),
)
MAX_PER_SOURCE = 40  # so that the long FAQs (lsof, sed) do not outweigh the rest

_PREFIX = re.compile(r"^\s*(?:Q[:.]\s*|\d+(?:\.\d+)*\.?\s+)")
_ANSWER_PREFIX = re.compile(r"^\s*A[:.]\s+")
_RULE = re.compile(r"^\s*([-=_~*#])\1{3,}\s*$")


@dataclass(frozen=True, kw_only=True, slots=True)
class Entry:
    question: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class Pair:
    id: str
    document: str  # file name in the mined collection
    question: str
    answerable: bool
    gold_quotes: tuple[str, ...] = ()


def read(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8", errors="replace")


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
    """The FAQ's entries that have an answer (a table of contents has none)."""
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
    seen: set[str] = set()
    unique = []
    for e in entries:
        if e.question.lower() not in seen:
            seen.add(e.question.lower())
            unique.append(e)
    return unique


def _paragraphs(lines: Iterable[str]) -> list[str]:
    """Prose paragraphs of an answer: lines joined, rules, code and lists of symbols left out."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            text = " ".join(" ".join(current).split())
            words = text.split()
            letters = sum(ch.isalpha() for ch in text)
            prose = re.search(r"[.!?:]$|[.!?]\s", text) is not None and not re.match(r"\d+(\.\d+)+\s", text)
            if len(words) >= 4 and prose and letters >= 0.6 * len(text) and not text.startswith(("*", "$", "#")):
                out.append(text)
            current.clear()

    for line in lines:
        if not line.strip() or _RULE.match(line):
            flush()
            continue
        current.append(_ANSWER_PREFIX.sub("", line).strip())
    flush()
    return out


def markdown(title: str, entries: Sequence[Entry], *, headings: bool = True) -> str:
    """The FAQ as Markdown: each question a heading over its answer, or (``headings`` false)
    only the answers, as continuous prose with the title in front matter (a document without
    any heading, as a report whose title is metadata)."""
    blocks = [f"# {title}"] if headings else ["---\ntitle: " + json.dumps(title) + "\n---"]
    for e in entries:
        if headings:
            blocks.append(f"## {e.question}")
        blocks.extend(p.replace("#", "") for p in e.paragraphs)
    return "\n\n".join(blocks) + "\n"


def mine(out: Path, *, headings: bool = True) -> list[Pair]:
    """Write the mined collection's documents under ``out`` and return its answerable pairs
    (``headings``: see ``markdown``)."""
    out.mkdir(parents=True, exist_ok=True)
    pairs: list[Pair] = []
    for rel, title in SOURCES:
        path = DOC / rel
        if not path.exists():
            continue
        entries = parse(read(path))[:MAX_PER_SOURCE]
        if len(entries) < 3:
            continue
        name = rel.split("/")[0] + ".md"
        (out / name).write_text(markdown(title, entries, headings=headings), encoding="utf-8")
        for e in entries:
            gold = e.paragraphs[0].replace("#", "")
            digest = hashlib.sha256(f"{name}:{e.question}".encode()).hexdigest()[:10]
            # The same question has the same digest in both forms, so a split by digest puts
            # both forms of it on the same side.
            prefix = "mined" if headings else "prose"
            pairs.append(Pair(id=f"{prefix}-{digest}", document=name, question=e.question, answerable=True, gold_quotes=(gold,)))
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
    args = parser.parse_args()
    pairs = mine(args.out)
    by_doc: dict[str, int] = {}
    for p in pairs:
        by_doc[p.document] = by_doc.get(p.document, 0) + 1
    for doc, n in by_doc.items():
        print(f"{doc}: {n} pairs")
    for p in pairs[:: max(1, len(pairs) // 12)]:
        print(f"- {p.question}\n    {p.gold_quotes[0][:140]}")


if __name__ == "__main__":
    main()
