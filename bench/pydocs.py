"""A realistic retrieval benchmark: the Python 3.11 HTML documentation and its FAQ.

``scripts/setup-pydocs.sh`` installs Debian's ``python3.11-doc`` (HTML under
``/usr/share/doc/python3.11/html``). This module then

1. indexes the documentation pages through the SDK (the generated index pages,
   ``genindex*``, ``py-modindex`` and ``search``, are link lists and are left out);
2. builds question-to-section pairs from the FAQ pages: every section heading that
   asks a question (h2/h3 ending in "?") is a case; its gold quote is the first
   ~200 characters of the section's answer *as they appear in the loader's text of
   that page* (``Assistant.document_text``), so citations and retrieval relevance use
   the same offsets as for any other document;
3. runs the eval runner over those cases with bm25, dense and hybrid retrieval.

``python -m bench.pydocs --out DIR`` writes ``pydocs-faq.yaml`` (the dataset,
one ``document`` per case), the usual report files, and prints the retrieval table.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup

from assistant import Assistant, AssistantError, Settings
from assistant.errors import UsageError
from assistant.evals.report import write_report
from assistant.evals.runner import RETRIEVAL_MODES, load_dataset, run_eval

__all__ = ["DOC_DIRS", "FaqEntry", "build_dataset", "doc_pages", "faq_entries", "find_docs", "main"]

DOC_DIRS = (Path("/usr/share/doc/python3.11/html"), Path("/usr/share/doc/python3-doc/html"))
GOLD_CHARS = 200
_GENERATED = re.compile(r"^(genindex.*|py-modindex|search)\.html$")


def find_docs(explicit: Path | None = None) -> Path:
    """The documentation folder; :class:`UsageError` says how to install it when missing."""
    for candidate in ([explicit] if explicit else list(DOC_DIRS)):
        if candidate is not None and (candidate / "faq").is_dir():
            return candidate
    raise UsageError(
        f"No Python documentation at {explicit or DOC_DIRS[0]}",
        hint="run scripts/setup-pydocs.sh (apt-get install python3.11-doc) or pass --docs DIR",
    )


def doc_pages(root: Path) -> list[Path]:
    """Every documentation page except the generated link lists and the raw sources."""
    return sorted(
        p for p in root.rglob("*.html")
        if not _GENERATED.match(p.name) and not p.relative_to(root).parts[0].startswith("_")
    )


class FaqEntry:
    """One FAQ question with the plain text of its answer (from the HTML)."""

    def __init__(self, *, page: str, anchor: str, question: str, answer: str) -> None:
        self.page = page
        self.anchor = anchor
        self.question = question
        self.answer = answer

    def __repr__(self) -> str:
        return f"FaqEntry({self.page}#{self.anchor}: {self.question!r})"


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00b6", " ").split())


def faq_entries(root: Path) -> list[FaqEntry]:
    """Question headings (ending in "?") of ``root/faq/*.html`` and the text that answers each."""
    entries = []
    for page in sorted((root / "faq").glob("*.html")):
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        body = soup.find("div", attrs={"role": "main"}) or soup.find("div", class_="body") or soup
        for section in body.find_all("section"):
            heading = section.find(["h2", "h3", "h4"], recursive=False)
            if heading is None:
                continue
            question = _clean(heading.get_text(" "))
            if not question.endswith("?"):
                continue
            parts = []
            for child in section.find_all(recursive=False):
                if child.name in ("section", "h2", "h3", "h4"):
                    if child.name == "section":
                        break
                    continue
                parts.append(_clean(child.get_text(" ")))
            answer = " ".join(p for p in parts if p)
            if len(answer) >= 40:
                entries.append(FaqEntry(page=page.relative_to(root).as_posix(), anchor=str(section.get("id") or ""),
                                        question=question, answer=answer))
    return entries


_WORD = re.compile(r"\w+")


def locate(answer: str, text: str, *, after: int = 0, limit: int = GOLD_CHARS) -> str | None:
    """The first ~``limit`` characters of ``answer`` as an exact substring of ``text``.

    The loader's text and the HTML's text differ in spacing and punctuation around inline
    markup, so the answer's first words are matched with anything but letters between them.
    """
    words = _WORD.findall(answer)
    for n in (12, 8, 5):
        if len(words) < n and n != 5:
            continue
        pattern = r"\W+".join(re.escape(w) for w in words[:n])
        if not pattern:
            return None
        match = re.compile(pattern).search(text, after) or re.compile(pattern).search(text)
        if match:
            start = match.start()
            end = min(len(text), start + limit)
            cut = text.rfind(" ", start + limit // 2, end) if end < len(text) else end
            piece = text[start : cut if cut > start else end].rstrip()
            # A gold quote within one paragraph: stop at a blank line.
            return piece.split("\n\n")[0].rstrip() or None
    return None


def build_dataset(assistant: Assistant, root: Path) -> dict[str, Any]:
    """The FAQ dataset (evals/README.md schema plus a ``document`` per case)."""
    cases = []
    seen: set[str] = set()
    texts: dict[str, str] = {}
    for entry in faq_entries(root):
        if entry.page not in texts:
            texts[entry.page] = assistant.document_text(entry.page)
        text = texts[entry.page]
        heading_at = text.find(entry.question.rstrip("?"))
        gold = locate(entry.answer, text, after=max(0, heading_at))
        if not gold:
            continue
        base = "faq-" + re.sub(r"[^a-z0-9]+", "-", Path(entry.page).stem + "-" + entry.anchor.lower()).strip("-")[:70]
        base = base.strip("-")
        case_id, n = base, 2
        while case_id in seen:
            case_id, n = f"{base}-{n}", n + 1
        seen.add(case_id)
        cases.append({
            "id": case_id,
            "category": "answerable",
            "turns": [entry.question],
            "answerable": True,
            "document": entry.page,
            "gold_quotes": [gold],
            "key_facts": [],
        })
    return {"version": 1, "document": None, "cases": cases}


def run(docs: Path, out: Path, *, pages: int | None = None, progress: bool = True) -> dict[str, Any]:
    """Index the docs into ``out/data``, build the FAQ dataset, evaluate; returns the report."""
    out.mkdir(parents=True, exist_ok=True)
    files = doc_pages(docs)
    faq = [p for p in files if p.relative_to(docs).parts[0] == "faq"]
    if pages is not None:
        files = sorted(set(faq) | set(files[:pages]))
    settings = Settings(corpus_dir=docs, data_dir=out / "data")
    with Assistant(settings) as assistant:
        bar: Any = None

        def on_progress(done: int, total: int, source: str) -> None:
            nonlocal bar
            if bar is None:
                from tqdm import tqdm

                bar = tqdm(total=total, unit="chunk", desc="Indexing", file=sys.stderr)
            bar.update(done - bar.n)

        began = time.perf_counter()
        try:
            ingest = assistant.ingest(files, progress=on_progress if progress else None)
        finally:
            if bar is not None:
                bar.close()
        ingest_seconds = time.perf_counter() - began
        dataset_path = out / "pydocs-faq.yaml"
        data = build_dataset(assistant, docs)
        dataset_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
        report = run_eval(assistant, load_dataset(dataset_path), retrieval_modes=("hybrid", "bm25", "dense"),
                          progress=progress)
    report["corpus"] = {
        "docs": str(docs),
        "pages": len(files),
        "ingest_seconds": round(ingest_seconds, 1),
        "ingest": ingest.to_dict() | {"added": len(ingest.added), "unchanged": len(ingest.unchanged)},
        "faq_questions": len(faq_entries(docs)),
        "cases": len(data["cases"]),
    }
    write_report(report, out)
    return report


def table(report: dict[str, Any]) -> str:
    rows = ["| retrieval | Recall@1 | Recall@5 | MRR@10 | nDCG@10 |", "|---|---|---|---|---|"]
    for mode in RETRIEVAL_MODES:
        r = report["retrieval_modes"].get(mode)
        if r:
            rows.append(f"| {mode} | {r['recall_at_1']:.3f} | {r['recall_at_5']:.3f} | {r['mrr_at_10']:.3f} | "
                        f"{r['ndcg_at_10']:.3f} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pydocs", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=None, help="the html folder (default: the Debian path)")
    parser.add_argument("--out", type=Path, default=Path(".assistant/evals/pydocs"))
    parser.add_argument("--pages", type=int, default=None, help="index only the FAQ plus the first N pages")
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    try:
        report = run(find_docs(args.docs), args.out, pages=args.pages, progress=not args.no_progress)
    except AssistantError as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, UsageError) else 1
    c = report["corpus"]
    print(f"{c['pages']} pages, {report['index']['chunks']} chunks, indexed in {c['ingest_seconds']} s; "
          f"{c['cases']} FAQ cases of {c['faq_questions']} questions")
    print(table(report))
    m = report["metrics"]
    print(f"answers: latency p50 {m['latency_p50'] * 1000:.0f} ms, p95 {m['latency_p95'] * 1000:.0f} ms; "
          f"false refusals {m['false_refusal_rate']:.3f}; faithfulness {m['faithfulness']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
