"""Check evaluation case files against their documents (stdlib + yaml + bs4 only).

Usage:  python evals/dev/check_cases.py [CASES.yaml ...]
        (no arguments: every evals/dev/*/cases.yaml and evals/fresh/*.yaml)

Document text, i.e. what gold quotes and key facts must occur in, verbatim:
  * .html: BeautifulSoup(html, "html.parser").get_text() of the whole file, with every run of
    whitespace (str.split(): spaces, tabs, newlines, NBSP, ...) replaced by one ASCII space and
    the ends stripped.  Typographic quotes (’ “ ”) and Sphinx's pilcrow (¶) are kept as they are.
  * .pdf: the text the repository's loader (assistant.documents.load) reads, whitespace runs
    collapsed as for .html.
  * .md / .txt: the file text after the closing `---` of a YAML front matter (if any), leading
    blank lines removed; no other normalisation (this is the repo's `document text`).
Documents live in `docs/` next to a dev cases file, and in the repo's `corpus/` for
evals/fresh/*.yaml.  A case's `document:` overrides the file-level `document:`.

Rules checked: unique ids of [a-z0-9] words joined by '-'; known category; non-empty turns;
`answerable` is a bool; unanswerable cases have no gold quotes or key facts; every gold quote
occurs verbatim in the document text; every key fact occurs (case- and quote-insensitively) in
one of the case's gold quotes and verbatim in the document; `split` is fit|test on dev sets.
Exit status 1 on any failure.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
EVALS = HERE.parent
REPO = EVALS.parent
CATEGORIES = {"answerable", "followup", "unanswerable", "offtopic", "adversarial", "summary", "false_premise"}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def normalise_ws(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=None)
def document_text(path: Path) -> str:
    if path.suffix == ".pdf":
        # A PDF's text is what the repository's loader reads from it (pypdfium2, page
        # furniture left out, outline headings as paragraphs), with whitespace runs collapsed.
        sys.path.insert(0, str(REPO))
        from assistant.documents import load

        return normalise_ws(load(path, corpus_dir=path.parent).text)
    raw = path.read_text(encoding="utf-8")
    if path.suffix in (".html", ".htm"):
        return normalise_ws(BeautifulSoup(raw, "html.parser").get_text())
    if path.suffix == ".txt":
        # Plain text is wrapped by hand: a quote reads across its line breaks and indents.
        return normalise_ws(raw)
    if raw.startswith("---\n"):
        end = raw.find("\n---\n", 4)
        if end != -1:
            raw = raw[end + 5:]
    return raw.lstrip("\n")


def fold(s: str) -> str:
    return s.translate(QUOTES).casefold()


def check_file(path: Path) -> list[str]:
    errors: list[str] = []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    docs_dir = REPO / "corpus" if path.parent.name == "fresh" else path.parent / "docs"
    is_dev = "dev" in path.relative_to(EVALS).parts
    seen: set[str] = set()
    for case in data["cases"]:
        cid = case.get("id", "?")
        where = f"{path.relative_to(REPO)}:{cid}"
        if not ID_RE.match(cid) or cid in seen:
            errors.append(f"{where}: bad or duplicate id")
        seen.add(cid)
        if case.get("category") not in CATEGORIES:
            errors.append(f"{where}: unknown category {case.get('category')!r}")
        turns = case.get("turns") or []
        if not turns or not all(isinstance(t, str) and t.strip() for t in turns):
            errors.append(f"{where}: empty turns")
        if case.get("category") == "followup" and len(turns) < 2:
            errors.append(f"{where}: followup needs >= 2 turns")
        if case.get("category") in ("answerable", "unanswerable") and len(turns) != 1:
            errors.append(f"{where}: needs exactly one turn")
        if not isinstance(case.get("answerable"), bool):
            errors.append(f"{where}: answerable must be a bool")
        quotes, facts = case.get("gold_quotes") or [], case.get("key_facts") or []
        if case.get("answerable") is False and (quotes or facts):
            errors.append(f"{where}: unanswerable case with gold quotes/key facts")
        if case.get("answerable") and case.get("category") in ("answerable", "followup") and not quotes:
            errors.append(f"{where}: answerable case without gold quotes")
        if is_dev and case.get("split") not in ("fit", "test"):
            errors.append(f"{where}: split must be fit or test")
        doc_name = case.get("document") or data.get("document")
        if not doc_name:
            errors.append(f"{where}: no document")
            continue
        doc_path = docs_dir / doc_name
        if not doc_path.is_file():
            errors.append(f"{where}: missing document {doc_path}")
            continue
        text = document_text(doc_path)
        for q in quotes:
            if q not in text:
                errors.append(f"{where}: gold quote not in {doc_name}: {q!r}")
        for k in facts:
            if not any(fold(k) in fold(q) for q in quotes):
                errors.append(f"{where}: key fact not in a gold quote: {k!r}")
            if k not in text:
                errors.append(f"{where}: key fact not verbatim in {doc_name}: {k!r}")
    return errors


def main(argv: list[str]) -> int:
    files = [Path(a).resolve() for a in argv] or sorted(HERE.glob("*/cases.yaml")) + sorted((EVALS / "fresh").glob("*.yaml"))
    failures = 0
    for f in files:
        errs = check_file(f)
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        counts: dict[str, int] = {}
        for c in data["cases"]:
            key = f"{c['category']}/{c.get('split', '-')}"
            counts[key] = counts.get(key, 0) + 1
        print(f"{f.relative_to(REPO)}: {len(data['cases'])} cases, {len(errs)} errors; " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        for e in errs:
            print("  " + e)
        failures += len(errs)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
