#!/usr/bin/env python3
"""Validate evals/checker_llm/pairs.jsonl (stdlib only).

Checks: JSON per line and schema; ids unique; kinds and labels consistent;
at least MIN_PER_KIND rows per kind; at least MIN_ROWS rows; labels roughly
balanced; at least three docs; study rows <= 45%; every passage is a verbatim
substring of its source document's text; every judge span (each part, when
joined by " ... ") is a substring of the row's passages; verdict agrees with
the label.

Source text normalisation (both sides then have whitespace runs collapsed to
one space and are stripped):
  * .html     -> text of the HTML (BeautifulSoup(html, "html.parser").get_text()
                 when bs4 is importable; otherwise an equivalent stdlib
                 html.parser extractor that concatenates text nodes, skipping
                 comments; the two agree on every passage in this set)
  * .gz       -> gunzipped UTF-8 text
  * otherwise -> the file's UTF-8 text
Relative source paths are resolved from the repository root. A source that is
not installed (e.g. /usr/share/doc/... on a machine without python3.11-doc or
debian-reference-en) is reported and its passages are skipped, unless --strict.

Usage: python evals/checker_llm/validate.py [--strict] [path/to/pairs.jsonl]
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SUPPORTED_KINDS = {"close_paraphrase", "rewording", "synthesis_two_passages", "derived_count",
                   "entity_alias", "partial_restatement"}
UNSUPPORTED_KINDS = {"antonym_flip", "causal_added", "degree_added", "role_swap", "outside_fact",
                     "wrong_number", "wrong_name", "negation_flip", "unsupported_generalisation"}
VERDICTS = {"supported", "not_supported", "contradicted"}
FIELDS = {"id", "doc", "source", "passages", "sentence", "label", "kind", "judge"}
MIN_PER_KIND, MIN_ROWS, MAX_STUDY_SHARE, MIN_DOCS = 12, 220, 0.45, 3


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def source_text(path: Path) -> str:
    if path.suffix == ".gz":
        return collapse(gzip.open(path, "rt", encoding="utf-8").read())
    raw = path.read_text(encoding="utf-8")
    if path.suffix in (".html", ".htm"):
        try:
            from bs4 import BeautifulSoup  # optional
            return collapse(BeautifulSoup(raw, "html.parser").get_text())
        except ImportError:
            p = _Text()
            p.feed(raw)
            return collapse("".join(p.parts))
    return collapse(raw)


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else HERE / "pairs.jsonl"
    errors: list[str] = []
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: bad JSON: {e}")
    cache: dict[str, str | None] = {}
    missing: set[str] = set()
    ids = Counter(r.get("id") for r in rows)
    for r in rows:
        rid = r.get("id")
        if set(r) != FIELDS:
            errors.append(f"{rid}: fields {sorted(set(r) ^ FIELDS)} wrong")
            continue
        if ids[rid] > 1:
            errors.append(f"{rid}: duplicate id")
        kind, label, judge = r["kind"], r["label"], r["judge"]
        if kind in SUPPORTED_KINDS:
            if label != "supported":
                errors.append(f"{rid}: kind {kind} needs label supported")
        elif kind in UNSUPPORTED_KINDS:
            if label != "unsupported":
                errors.append(f"{rid}: kind {kind} needs label unsupported")
        else:
            errors.append(f"{rid}: unknown kind {kind}")
        ps = r["passages"]
        if not isinstance(ps, list) or not ps or not all(isinstance(p, str) and p for p in ps):
            errors.append(f"{rid}: passages must be a non-empty list of strings")
            continue
        if (kind == "synthesis_two_passages") != (len(ps) == 2) or len(ps) > 2:
            errors.append(f"{rid}: synthesis rows have exactly two passages, others one")
        if not isinstance(judge, dict) or set(judge) != {"verdict", "span"} or judge["verdict"] not in VERDICTS:
            errors.append(f"{rid}: bad judge {judge}")
            continue
        if (judge["verdict"] == "supported") != (label == "supported"):
            errors.append(f"{rid}: judge verdict {judge['verdict']} disagrees with label {label}")
        if judge["verdict"] == "not_supported" and judge["span"]:
            errors.append(f"{rid}: not_supported verdicts carry an empty span")
        if judge["verdict"] != "not_supported" and not judge["span"]:
            errors.append(f"{rid}: {judge['verdict']} verdicts need a span")
        for part in filter(None, judge["span"].split(" ... ")):
            if not any(part in p for p in ps):
                errors.append(f"{rid}: span part not in passages: {part[:60]!r}")
        src = r["source"]
        if src not in cache:
            sp = Path(src) if Path(src).is_absolute() else ROOT / src
            cache[src] = source_text(sp) if sp.exists() else None
            if cache[src] is None:
                missing.add(src)
        text = cache[src]
        if text is not None:
            for p in ps:
                if collapse(p) not in text:
                    errors.append(f"{rid}: passage not verbatim in {src}: {p[:60]!r}")
    kinds = Counter(r.get("kind") for r in rows)
    for k in SUPPORTED_KINDS | UNSUPPORTED_KINDS:
        if kinds[k] < MIN_PER_KIND:
            errors.append(f"kind {k}: {kinds[k]} rows < {MIN_PER_KIND}")
    docs = Counter(r.get("doc") for r in rows)
    labels = Counter(r.get("label") for r in rows)
    if len(rows) < MIN_ROWS:
        errors.append(f"{len(rows)} rows < {MIN_ROWS}")
    if len(docs) < MIN_DOCS:
        errors.append(f"{len(docs)} docs < {MIN_DOCS}")
    if rows and docs["study"] / len(rows) > MAX_STUDY_SHARE:
        errors.append(f"study share {docs['study'] / len(rows):.2f} > {MAX_STUDY_SHARE}")
    if rows and not 0.4 <= labels["supported"] / len(rows) <= 0.6:
        errors.append(f"labels unbalanced: {dict(labels)}")
    for src in sorted(missing):
        msg = f"source not installed, passages not checked: {src}"
        (errors.append if strict else print)(("" if strict else "warning: ") + msg)
    print(f"rows {len(rows)}; labels {dict(labels)}; docs {dict(docs)}")
    print("verdicts", dict(Counter(r["judge"]["verdict"] for r in rows if isinstance(r.get("judge"), dict))))
    print("kinds", dict(sorted(kinds.items())))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
