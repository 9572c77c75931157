"""Benchmark corpora of distinct, real text: Debian's documentation.

:func:`build_corpus` copies documentation files into a folder until the product's own
loader and chunker give the target number of chunks. Files come in a fixed order: the
development corpora first (``evals/dev/*/docs``, so the benchmark questions have
answers), then every HTML page under ``/usr/share/doc`` (the Python 3.11 manuals,
the Debian Administrator's Handbook, valgrind, pip, ...), then the plain-text files
there, compressed ones included (READMEs, NEWS; not changelogs, whose lines repeat
from package to package). A file whose text was already taken (Debian ships some
manuals twice), or more than 30% of whose sentences already are, is skipped, so the
text is distinct; the sentences real documentation still repeats (boilerplate,
navigation) stay, and the report counts them.

:func:`questions` gives the development cases' questions, in a fixed order.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

__all__ = ["build_corpus", "questions", "recall_cases", "sources"]

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "evals" / "dev"
DOC_ROOT = Path("/usr/share/doc")
_HTML = (".html", ".htm")
_SKIP_PARTS = {"genindex", "py-modindex", "search", "_sources", "_static", "_images"}
_MIN_TEXT_BYTES = 2000  # copyright stubs and one-line READMEs add nothing to read
# A document most of whose sentences are already in the corpus (another version of
# the same manual page, a translated page's untranslated parts) is left out.
_MAX_REPEATED = 0.3


def sources() -> Iterator[tuple[str, bytes]]:
    """``(name, bytes)`` of every candidate file, in the fixed order (the name keeps its suffix)."""
    for folder in sorted(DEV.glob("*/docs")):
        for path in sorted(folder.iterdir()):
            if path.is_file():
                yield f"dev/{folder.parent.name}/{path.name}", path.read_bytes()
    html = sorted(p for p in DOC_ROOT.rglob("*") if p.suffix in _HTML and p.is_file())
    for path in html:
        if _SKIP_PARTS & set(path.with_suffix("").parts) or path.stem.startswith(("genindex", "py-modindex")):
            continue
        yield f"doc/{path.relative_to(DOC_ROOT)}", path.read_bytes()
    texts = sorted(p for p in DOC_ROOT.rglob("*") if p.is_file() and not p.is_symlink() and p.suffix not in _HTML)
    for path in texts:
        name = path.name.removesuffix(".gz")
        if name.startswith(("copyright", "changelog")) or Path(name).suffix not in ("", ".txt", ".md", ".rst"):
            continue
        try:
            raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            raw.decode("utf-8")
        except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile):
            continue
        if len(raw) >= _MIN_TEXT_BYTES:
            stem = str(path.relative_to(DOC_ROOT)).removesuffix(".gz")
            yield f"doc/{stem}.txt" if not stem.endswith((".txt", ".md")) else f"doc/{stem}", raw


def build_corpus(folder: Path, target_chunks: int, settings: Any) -> dict[str, Any]:
    """Fill ``folder`` with distinct documentation files until they give ``target_chunks`` chunks.

    Returns ``documents``, ``chunks`` (the product's chunk count), ``chunk_texts``,
    ``sentences`` and ``distinct_sentences`` (what the product embeds at most).
    """
    from assistant import documents as loaders
    from assistant.errors import LoaderError

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    seen: set[str] = set()
    texts: list[str] = []
    sentence_count = 0
    distinct: set[str] = set()
    documents = 0
    for name, raw in sources():
        if len(texts) >= target_chunks:
            break
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        try:
            document = loaders.load(path, corpus_dir=folder)
        except LoaderError:
            path.unlink()
            continue
        digest = hashlib.sha256(document.text.encode()).hexdigest()
        chunks = loaders.chunk_document(document, size=settings.chunk_size, overlap=settings.chunk_overlap)
        spans = {(s.start, s.end): s.text for c in chunks for s in c.sentences}
        repeated = sum(1 for t in spans.values() if t in distinct)
        if digest in seen or not chunks or repeated > _MAX_REPEATED * len(spans):
            path.unlink()
            continue
        seen.add(digest)
        documents += 1
        texts.extend(c.text for c in chunks)
        sentence_count += len(spans)
        distinct.update(spans.values())
    return {
        "documents": documents,
        "chunks": len(texts),
        "chunk_texts": texts,
        "sentences": sentence_count,
        "distinct_sentences": len(distinct),
    }


def questions(limit: int | None = None) -> list[str]:
    """The first turn of every development case (answerable or not), pyfaq then the handbook."""
    out: list[str] = []
    for cases in sorted(DEV.glob("*/cases.yaml")):
        for case in yaml.safe_load(cases.read_text())["cases"]:
            out.append(str(case["turns"][0]))
    return out[:limit] if limit else out


def recall_cases() -> list[tuple[str, Path, list[dict[str, Any]]]]:
    """``(collection, docs folder, cases)`` of every development collection: its answerable
    single-turn cases with gold quotes, the ones recall@k is measured (and fitted) on."""
    out = []
    for cases_file in sorted(DEV.glob("*/cases.yaml")):
        cases = [
            c
            for c in yaml.safe_load(cases_file.read_text())["cases"]
            if c.get("answerable") and c.get("gold_quotes") and len(c["turns"]) == 1
        ]
        out.append((cases_file.parent.name, cases_file.parent / "docs", cases))
    return out
