"""How well the sentence checkers of the LLM mode do on ``evals/checker_llm/pairs.jsonl``.

Each labelled row is a sentence a capable model might write and the passages it cites
(schema: ``evals/checker_llm/README.md``). Both checkers run through the pipeline's own code
path, :func:`assistant.answering.check_sentences`:

* **offline**: the offline checker alone (with the embedding similarity when given);
* **judge**: the model judge (one JSON request per batch of rows) with the offline vetoes.
  With no endpoint, the judge model is :class:`assistant.testing.JudgingChatModel`
  replaying the verdicts recorded in each row's ``judge`` field: the JSON still goes
  through the real request, parser and veto code.

Reported, overall, by kind and by document: *faithful kept* (supported rows the checker keeps)
and *unsupported removed*, for all rows and for the fit and held-out splits (:func:`split_of`:
by document; the study's rows are never in the fit split, so any fitting leaves them out).

``python -m assistant.evals.checker [--pairs P] [--further F ...] [--json OUT]`` prints the tables;
each ``--further`` adds the rows of a further set reported on its own
(``evals/checker_llm/further.jsonl`` to ``further5.jsonl``, development data since their misses
were studied; ``evals/checker_llm/further6.jsonl``, untuned: measured before and after a round of
rules only).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.answering import ModelJudge, Similarity, check_sentences
from assistant.errors import UsageError
from assistant.protocols import ChatClient
from assistant.testing import JudgingChatModel

from .judge import read_jsonl

__all__ = ["DEFAULT_FURTHER", "DEFAULT_PAIRS", "FIT_DOCUMENTS", "evaluate_checkers", "load_labelled", "replaying_judge", "split_of"]

DEFAULT_PAIRS = Path("evals/checker_llm/pairs.jsonl")
DEFAULT_FURTHER = Path("evals/checker_llm/further.jsonl")
FIT_DOCUMENTS = frozenset(["python-faq", "debian-reference"])
"""The documents whose rows settings are fitted on; the study's rows (and any other document's)
are held out."""
_BATCH = 8  # rows per judge request (an answer has a handful of sentences)


def load_labelled(path: Path) -> list[dict[str, Any]]:
    """The rows of ``path`` (JSON lines with id, passages, sentence, label, kind, judge)."""
    return read_jsonl(
        path,
        "labelled pairs",
        lambda row: row.get("label") in ("supported", "unsupported")
        and bool(row.get("passages"))
        and bool(row.get("sentence")),
        "sentence, passages and a label",
        "see evals/checker_llm/README.md",
    )


def split_of(row: dict[str, Any]) -> str:
    """``"fit"`` for the rows of :data:`FIT_DOCUMENTS`, ``"heldout"`` for the others (the study's
    among them): thresholds are fitted on documents that are not the study."""
    return "fit" if row.get("doc") in FIT_DOCUMENTS else "heldout"


def replaying_judge(rows: Sequence[dict[str, Any]]) -> JudgingChatModel:
    """The CI stand-in for a judge model: replays each row's recorded ``judge`` verdict."""
    verdicts = {r["sentence"]: {"verdict": r["judge"]["verdict"], "span": r["judge"].get("span", "")} for r in rows}
    return JudgingChatModel(verdicts=verdicts, default=None)


def _of_doc(doc: str) -> Callable[[dict[str, Any]], bool]:
    return lambda row: row.get("doc", "") == doc


def _score(rows: Sequence[dict[str, Any]], kept: Sequence[bool]) -> dict[str, Any]:
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, keep in zip(rows, kept, strict=True):
        right = keep if row["label"] == "supported" else not keep
        by_kind[row["kind"]][0] += int(right)
        by_kind[row["kind"]][1] += 1

    def share(label: str, keep_row: Callable[[dict[str, Any]], bool] = lambda _r: True) -> dict[str, Any]:
        picked = [(r, k) for r, k in zip(rows, kept) if r["label"] == label and keep_row(r)]
        good = sum((k if label == "supported" else not k) for _, k in picked)
        return {"n": len(picked), "right": good, "rate": good / len(picked) if picked else None}

    def both(keep_row: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        return {"faithful_kept": share("supported", keep_row), "unsupported_removed": share("unsupported", keep_row)}

    docs = sorted({r.get("doc", "") for r in rows})
    return {
        "faithful_kept": share("supported"),
        "unsupported_removed": share("unsupported"),
        "fit": both(lambda r: split_of(r) == "fit"),
        "heldout": both(lambda r: split_of(r) == "heldout"),
        "by_doc": {d: both(_of_doc(d)) for d in docs},
        "by_kind": {k: {"right": v[0], "n": v[1], "label": next(r["label"] for r in rows if r["kind"] == k)} for k, v in sorted(by_kind.items())},
    }


def evaluate_checkers(
    rows: Sequence[dict[str, Any]],
    *,
    similarity: Similarity | None = None,
    judge_client: ChatClient | None = None,
    judge_name: str | None = None,
    deadline: float = 120.0,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Score the offline checker and the model judge on ``rows``.

    ``judge_client`` is the judge endpoint (None: :func:`replaying_judge`). A judge request
    that fails leaves the offline verdicts for its rows (as in an answer); their count is
    reported as ``judge_fallbacks``.
    """
    items = [(r["sentence"], list(r["passages"])) for r in rows]
    offline_checks, _ = check_sentences(items, similarity=similarity)
    replay = judge_client is None
    client: ChatClient = judge_client if judge_client is not None else replaying_judge(rows)
    judge = ModelJudge(client, model=judge_name or ("replayed verdicts" if replay else "judge"))
    judged: list[bool] = []
    fallbacks = 0
    for start in range(0, len(items), _BATCH):
        batch = items[start : start + _BATCH]
        checks, notice = check_sentences(batch, similarity=similarity, judge=judge, deadline=deadline)
        fallbacks += len(batch) if notice and "unavailable" in notice else 0
        judged.extend(c.supported for c in checks)
        if progress is not None:
            progress(min(start + _BATCH, len(items)), len(items))
    return {
        "pairs": len(rows),
        "offline": {"name": "offline checker" + (" + embedding similarity" if similarity else " (lexical)"),
                    **_score(rows, [c.supported for c in offline_checks])},
        "judge": {"name": "replayed judge verdicts (CI stand-in)" if replay else f"model judge ({judge.model})",
                  "judge_fallbacks": fallbacks, "requests": judge.requests, **_score(rows, judged)},
    }


def format_table(result: dict[str, Any]) -> str:
    """A Markdown table of ``evaluate_checkers``' result: by kind, then the totals."""

    def rate(x: dict[str, Any]) -> str:
        return f"{x['right']}/{x['n']} ({x['rate']:.3f})" if x.get("rate") is not None else "-"

    off, jud = result["offline"], result["judge"]
    lines = [f"| kind | label | {off['name']} | {jud['name']} |", "|---|---|---|---|"]
    for kind, o in off["by_kind"].items():
        j = jud["by_kind"][kind]
        lines.append(f"| {kind} | {o['label']} | {o['right']}/{o['n']} | {j['right']}/{j['n']} |")
    for label, key in (("faithful kept", "faithful_kept"), ("unsupported removed", "unsupported_removed")):
        lines.append(f"| **{label}** | all | {rate(off[key])} | {rate(jud[key])} |")
        for part, shown in (("fit", "fit split (not the study)"), ("heldout", "held-out split")):
            if off[part][key]["n"]:
                lines.append(f"| {label} | {shown} | {rate(off[part][key])} | {rate(jud[part][key])} |")
        if len(off.get("by_doc", {})) > 1:
            for doc, figures in off["by_doc"].items():
                lines.append(f"| {label} | {doc} | {rate(figures[key])} | {rate(jud['by_doc'][doc][key])} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.evals.checker", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument(
        "--further", type=Path, action="append", default=None,
        help="also report this further set on its own (repeatable: further.jsonl ... further6.jsonl)",
    )
    parser.add_argument("--lexical", action="store_true", help="no embedding similarity (no model load)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    try:
        sets = {"pairs": load_labelled(args.pairs)}
        further = {_set_name(path, k): path for k, path in enumerate(args.further or [])}
        for name, path in further.items():
            sets[name] = load_labelled(path)
        if args.lexical:
            results = {name: evaluate_checkers(rows) for name, rows in sets.items()}
        else:
            import tempfile

            from assistant import Assistant, Settings
            from assistant.testing import InMemoryStore

            # The assistant's own embedding similarity; no index is needed.
            with tempfile.TemporaryDirectory() as tmp, Assistant(
                Settings(data_dir=Path(tmp), corpus_dir=Path(tmp), llm_base_url=None), store=InMemoryStore()
            ) as assistant:
                results = {name: evaluate_checkers(rows, similarity=assistant.similarity) for name, rows in sets.items()}
    except UsageError as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        return 2
    print(format_table(results["pairs"]))
    for name, path in further.items():
        print(f"\nFurther set {name} ({path}):\n")
        print(format_table(results[name]))
    if args.json is not None:
        payload = {**results["pairs"], **{name: results[name] for name in further}}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


def _set_name(path: Path, index: int) -> str:
    """``further`` for the first further set (the key earlier reports used), else the file's stem."""
    return "further" if index == 0 else path.stem


if __name__ == "__main__":
    raise SystemExit(main())
