"""Answer-form figures on a case file: answer phrase first, summaries, outcomes.

    python scripts/eval_forms.py evals/dev/pyfaq/cases.yaml --corpus evals/dev/pyfaq/docs [--split fit]
    python scripts/eval_forms.py evals/fresh/study-fresh.yaml --corpus corpus   # evaluation only

Prints, for the extractive mode:

* factoid answer first: of the answerable cases asking who / when / where / how many / which,
  the share whose answer text holds a key fact within its first 120 characters;
* answer phrases: how many factoid answers lead with a phrase (a span of a cited sentence
  before its marker), and the phrase's precision: the share of those phrases that hold a key
  fact or lie inside one (``phrase is a key fact``), and that lie inside a gold quote
  (``phrase inside a gold quote``); phrases led on other questions, and on unanswerable
  ones (wrong by definition), are counted too;
* false premises: of the false-premise cases, the share answered by saying the sources say
  otherwise; and of the other answerable questions (yes/no ones aside, where "otherwise"
  answers "no"), the share wrongly answered so;
* yes/no: of the answerable yes/no questions, the share answered citing a gold passage;
* summaries answered: of the summary cases, the share answered (outcome "answered") with at
  least two cited sentences, and the share that also cites a gold passage;
* pass: answerable cases answered with every key fact (or, without key facts, citing a gold
  passage); unanswerable ones not answered;
* outcomes by category.

The index lives in a temporary data folder (``--data`` to keep it between runs).

``--rows ROWS.json`` skips the pipeline: it reads the answers ``scripts/eval_sets.py --json``
wrote for the same case file and, for each answered factoid case, reads the answer phrase off
its cited sentences again for each value of ``PHRASE_CLAUSE_REACH`` (how far from the
question's words a phrase may lie), printing how many phrases each gives and their
precision against the key facts: the figures the setting was chosen by (fit split).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import yaml

from assistant import Answer, Assistant, Settings
from assistant.answering import analyze_question
from assistant.answering._compose import OTHERWISE, is_yes_no

_FACTOID = re.compile(r"^\s*(?:and\s+)?(?:which|what\s+(?:year|date|month|day|number|percentage|proportion))\b", re.IGNORECASE)


def _norm(text: str) -> str:
    text = re.sub(r"\[\d+\]", " ", text)
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.lower().split())


def lead_phrase(answer: Answer) -> str | None:
    """The answer phrase an answer leads with: the text before its first marker when that text
    is a span of the cited sentence, shorter than the sentence; None when it leads with a quote."""
    match = re.match(r"^(.*?)\s*\[(\d+)\]", answer.text)
    if not match:
        return None
    head, n = match.group(1).strip(), int(match.group(2))
    cited = next((c for c in answer.citations if c.n == n), None)
    if cited is None or not head or _norm(head) == _norm(cited.quote) or _norm(head) not in _norm(cited.quote):
        return None
    return head


def factoid(question: str) -> bool:
    """A question asking for a short answer phrase (who / when / where / how many / which)."""
    info = analyze_question(question)
    return info.wh in ("who", "when", "where", "how many") or bool(_FACTOID.match(question))


def sweep_reach(cases: list[dict[str, Any]], rows_file: Path) -> None:
    """Phrases and their key-fact precision for each clause reach, from stored answers."""
    from assistant.answering import _compose
    from assistant.answering._questions import analyze_question as analyze

    rows = {r["id"]: r for r in json.loads(rows_file.read_text(encoding="utf-8"))["_rows"]}
    picked = [
        (c, rows[c["id"]])
        for c in cases
        if c["id"] in rows and c["answerable"] and c["category"] != "summary" and c.get("key_facts")
        and factoid(c["turns"][-1]) and rows[c["id"]]["outcome"] == "answered"
    ]
    saved = _compose.PHRASE_CLAUSE_REACH
    try:
        for reach in (0, 1, 2, 99):
            _compose.PHRASE_CLAUSE_REACH = reach
            given = right = 0
            for case, row in picked:
                info = analyze(row.get("resolved_question") or case["turns"][-1])
                quotes = [c["quote"] for c in row["citations"] if c.get("kind", "text") == "text"]
                phrase = next((p for q in quotes if (p := _compose.answer_phrase(info, q))), None)
                if phrase is None:
                    continue
                given += 1
                p = _norm(phrase)
                right += any(f in p or p in f for f in (_norm(f) for f in case["key_facts"]))
            print(f"  reach {reach:2d}: {given:3d}/{len(picked)} answered factoids get a phrase, {right:3d} hold a key fact"
                  f" (precision {right / given if given else 0:.2f})")
    finally:
        _compose.PHRASE_CLAUSE_REACH = saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--split", choices=("fit", "test"), default=None)
    parser.add_argument("--show", action="store_true", help="print every failing case")
    parser.add_argument("--phrases", action="store_true", help="print every answer phrase with its verdict")
    parser.add_argument("--rows", type=Path, default=None, help="eval_sets.py --json output: sweep the clause reach")
    args = parser.parse_args(argv)
    cases = yaml.safe_load(args.cases.read_text(encoding="utf-8"))["cases"]
    if args.split:
        cases = [c for c in cases if c.get("split") == args.split]
    if args.rows:
        sweep_reach(cases, args.rows)
        return 0
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
            phrase = lead_phrase(answer) if answered else None
            is_factoid = case["answerable"] and cat != "summary" and factoid(case["turns"][-1])
            if phrase is not None and not is_factoid:
                counts["phrases on other questions"][0] += 1
            if phrase is not None and not case["answerable"]:
                # An unanswerable question answered with a phrase: a phrase that is wrong by definition.
                counts["phrases on unanswerable questions"][0] += 1
                if args.phrases:
                    print(f"  [phrase BAD] {case['id']} (unanswerable): {case['turns'][-1]!r} -> {phrase!r}")
            if is_factoid and answered:
                counts["factoid answers led by a phrase"][0] += phrase is not None
                counts["factoid answers led by a phrase"][1] += 1
            if is_factoid and phrase is not None:
                p = _norm(phrase)
                if facts:
                    fact_hit = any(f in p or p in f for f in facts)
                    counts["phrase is a key fact"][0] += fact_hit
                    counts["phrase is a key fact"][1] += 1
                if golds:
                    counts["phrase inside a gold quote"][0] += any(p in g for g in golds)
                    counts["phrase inside a gold quote"][1] += 1
                if args.phrases:
                    verdict = "ok " if facts and any(f in p or p in f for f in facts) else "BAD"
                    print(f"  [phrase {verdict}] {case['id']}: {case['turns'][-1]!r} -> {phrase!r} (facts {facts})")
            said = answered and answer.text.startswith(OTHERWISE)
            if cat == "false_premise":
                counts["false premises said otherwise"][0] += said
                counts["false premises said otherwise"][1] += 1
            elif case["answerable"] and cat != "summary" and not is_yes_no(case["turns"][-1]):
                # A true premise read as contradicted (yes/no questions excluded: "otherwise" answers "no").
                counts["true premises said otherwise"][0] += said
                counts["true premises said otherwise"][1] += 1
                if said and args.show:
                    print(f"  [otherwise] {case['id']}: {case['turns'][-1]!r} -> {answer.text[:160]!r}")
            if case["answerable"] and cat != "summary" and is_yes_no(case["turns"][-1]):
                counts["yes/no answered citing gold"][0] += answered and cites_gold
                counts["yes/no answered citing gold"][1] += 1
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
        if name in ("phrases on other questions", "phrases on unanswerable questions"):
            print(f"  {name:36s} {hit:4d}")
            continue
        print(f"  {name:36s} {hit:4d}/{total:<4d} {hit / total if total else 0:.2f}")
    for cat, counter in sorted(outcomes.items()):
        print(f"  outcomes {cat:27s} {dict(counter)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
