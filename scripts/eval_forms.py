"""Answer-form figures on a case file: answer phrase first, summaries, outcomes.

    python scripts/eval_forms.py evals/dev/pyfaq/cases.yaml --corpus evals/dev/pyfaq/docs [--split fit]
    python scripts/eval_forms.py evals/fresh/study-fresh.yaml --corpus corpus   # evaluation only

Prints, for the extractive mode:

* factoid answer first: of the answerable cases asking who / when / where / how many / which,
  the share whose answer text holds a key fact within its first 120 characters;
* summaries answered: of the summary cases, the share answered (outcome "answered") with at
  least two cited sentences, and the share that also cites a gold passage;
* pass: answerable cases answered with every key fact (or, without key facts, citing a gold
  passage); unanswerable ones not answered;
* outcomes by category.

The index lives in a temporary data folder (``--data`` to keep it between runs).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import yaml

from assistant import Assistant, Settings
from assistant.answering import analyze_question

_FACTOID = re.compile(r"^\s*(?:and\s+)?(?:which|what\s+(?:year|date|month|day|number|percentage|proportion))\b", re.IGNORECASE)


def _norm(text: str) -> str:
    text = re.sub(r"\[\d+\]", " ", text)
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.lower().split())


def factoid(question: str) -> bool:
    """A question asking for a short answer phrase (who / when / where / how many / which)."""
    info = analyze_question(question)
    return info.wh in ("who", "when", "where", "how many") or bool(_FACTOID.match(question))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--split", choices=("fit", "test"), default=None)
    parser.add_argument("--show", action="store_true", help="print every failing case")
    args = parser.parse_args(argv)
    cases = yaml.safe_load(args.cases.read_text(encoding="utf-8"))["cases"]
    if args.split:
        cases = [c for c in cases if c.get("split") == args.split]
    data = args.data or Path(tempfile.mkdtemp(prefix="eval-forms-"))
    settings = Settings(corpus_dir=args.corpus, data_dir=data, llm_base_url=None)
    counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    outcomes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    with Assistant(settings) as assistant:
        assistant.ingest()
        for case in cases:
            session = f"forms-{uuid.uuid4().hex[:8]}"
            for turn in case["turns"][:-1]:
                assistant.chat(session, turn)
            answer = assistant.chat(session, case["turns"][-1])
            assistant.delete_session(session)
            cat = case["category"]
            outcomes[cat][answer.outcome or "?"] += 1
            text = _norm(answer.text)
            facts = [_norm(f) for f in case.get("key_facts") or []]
            golds = [_norm(g) for g in case.get("gold_quotes") or []]
            quotes = [_norm(c.quote) for c in answer.citations]
            cites_gold = any(g in q or q in g for g in golds for q in quotes if q)
            answered = answer.outcome == "answered"
            ok: bool
            if case["answerable"]:
                if cat == "summary":
                    ok = answered and len(answer.citations) >= 2
                    counts["summaries answered"][0] += ok
                    counts["summaries answered"][1] += 1
                    counts["summaries citing gold"][0] += ok and (cites_gold or not golds)
                    counts["summaries citing gold"][1] += 1
                else:
                    ok = answered and (all(f in text for f in facts) if facts else cites_gold)
                    if facts and factoid(case["turns"][-1]):
                        first = answered and any(f in text[:120] for f in facts)
                        counts["factoid answer first (120 chars)"][0] += first
                        counts["factoid answer first (120 chars)"][1] += 1
                        if not first and args.show:
                            print(f"  [first] {case['id']}: {case['turns'][-1]!r} -> {answer.text[:160]!r}")
            else:
                ok = not answered
            counts["pass"][0] += ok
            counts["pass"][1] += 1
            counts[f"pass {cat}"][0] += ok
            counts[f"pass {cat}"][1] += 1
            if args.show and not ok:
                print(f"  [fail] {case['id']} ({cat}, {answer.outcome}): {case['turns'][-1]!r} -> {answer.text[:200]!r}")
    print(f"{args.cases} ({len(cases)} cases{', split ' + args.split if args.split else ''})")
    for name, (hit, total) in counts.items():
        print(f"  {name:36s} {hit:4d}/{total:<4d} {hit / total if total else 0:.2f}")
    for cat, counter in sorted(outcomes.items()):
        print(f"  outcomes {cat:27s} {dict(counter)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
