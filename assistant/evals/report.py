"""Write an eval report: ``report.json`` (every figure), ``report.md`` and PNG charts.

``report.json`` is the runner's dict as is, so ``--compare`` can read an old one back.
Charts use matplotlib's Agg backend (no display needed): headline metrics, the latency
histogram, the per-category breakdown and, when several retrieval modes ran, the modes
side by side.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import UsageError

__all__ = ["HEADLINE", "Change", "compare", "load_report", "render_markdown", "write_report"]

# (key, label, better): "higher" or "lower" is better; figures are ratios, latencies shown in ms.
HEADLINE: tuple[tuple[str, str, str], ...] = (
    ("recall_at_1", "Recall@1", "higher"),
    ("recall_at_3", "Recall@3", "higher"),
    ("recall_at_5", "Recall@5", "higher"),
    ("mrr_at_10", "MRR@10", "higher"),
    ("ndcg_at_10", "nDCG@10", "higher"),
    ("citation_validity", "Citation validity", "higher"),
    ("faithfulness", "Faithfulness", "higher"),
    ("citation_recall", "Citation recall (ALCE)", "higher"),
    ("citation_precision", "Citation precision (ALCE)", "higher"),
    ("answered_gold", "Answered from the gold passage", "higher"),
    ("section_quoted", "Answered from the gold passage's section", "higher"),
    ("summaries_answered", "Summaries answered (from the named document)", "higher"),
    ("summary_gold_covered", "Summary main points quoted", "higher"),
    ("answer_phrase_lead", "Answer phrase in the first 120 characters", "higher"),
    ("wrong_leads", "Answers led by a phrase stating no key fact", "lower"),
    ("pass_rate", "Cases passed", "higher"),
    ("refusal_recall", "Refusal recall (unanswerables declined)", "higher"),
    ("false_refusal_rate", "False-refusal rate", "lower"),
    ("refusal_balanced_accuracy", "Refusal balanced accuracy", "higher"),
    ("key_fact_recall", "Key-fact recall", "higher"),
    ("latency_p50", "Latency p50", "lower"),
    ("latency_p95", "Latency p95", "lower"),
)
_SECONDS = {"latency_p50", "latency_p95", "latency_mean"}
_RATIOS = [key for key, _, _ in HEADLINE if key not in _SECONDS]
# Timing noise on a shared machine: a latency change counts only beyond this share.
_LATENCY_TOLERANCE = 0.10


def _fmt(key: str, value: Any) -> str:
    if value is None:
        return "n/a"
    if key in _SECONDS:
        return f"{value * 1000:.0f} ms"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


@dataclass(frozen=True, kw_only=True)
class Change:
    """One row of the regression table."""

    key: str
    label: str
    old: float | None
    new: float | None
    delta: float | None
    verdict: str  # "better", "worse", "same" or "n/a"


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Headline metrics of two reports, with the direction each moved."""
    rows = []
    for key, label, better in HEADLINE:
        a = old.get("metrics", {}).get(key)
        b = new.get("metrics", {}).get(key)
        if a is None or b is None:
            rows.append(Change(key=key, label=label, old=a, new=b, delta=None, verdict="n/a"))
            continue
        delta = b - a
        threshold = abs(a) * _LATENCY_TOLERANCE if key in _SECONDS else 1e-9
        if abs(delta) <= threshold:
            verdict = "same"
        else:
            verdict = "better" if (delta > 0) == (better == "higher") else "worse"
        rows.append(Change(key=key, label=label, old=a, new=b, delta=delta, verdict=verdict))
    return rows


def load_report(path: str | Path) -> dict[str, Any]:
    """A ``report.json`` written earlier; :class:`UsageError` when it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UsageError(f"No report at {path}", hint="pass --compare the report.json of an earlier run") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path} is not a JSON report", hint="pass the report.json an earlier run wrote") from exc
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise UsageError(f"{path} has no `metrics`", hint="pass the report.json an earlier run wrote")
    return data


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_markdown(report: Mapping[str, Any], changes: Sequence[Change] | None = None,
                    charts: Sequence[str] = ()) -> str:
    """The human-readable report."""
    m = report["metrics"]
    judge = report.get("judge", {})
    out = [
        "# Eval report",
        "",
        (f"Dataset `{report['dataset']}`: {report['cases']} cases; answers in "
        f"{', '.join(report.get('answer_modes') or ['-'])} mode; retrieval metrics for "
        f"{report['retrieval_mode']} retrieval; index of {report['index'].get('documents')} documents "
        f"({report['index'].get('chunks')} chunks); {report['seconds']:.1f} s."),
        "",
        f"Support judge: {judge.get('kind')} (`{judge.get('name')}`).",
    ]
    accuracy = report.get("judge_accuracy") or []
    for row in accuracy:
        ba = row.get("balanced_accuracy")
        out.append(
            f"- `{row['judge']}` on {row['pairs']} labelled pairs: balanced accuracy "
            f"{_fmt('ratio', ba)} ({row['caught_unsupported']} of "
            f"{row['caught_unsupported'] + row['missed_unsupported']} unsupported caught, "
            f"{row['rejected_supported']} of {row['accepted_supported'] + row['rejected_supported']} supported rejected)."
        )
    checker = report.get("checker_llm")
    if checker:
        from .checker import format_table

        out += [
            "",
            "## Sentence checkers of the LLM mode",
            "",
            f"On {checker['pairs']} labelled sentences (`evals/checker_llm/pairs.jsonl`): faithful sentences kept "
            "and unsupported ones removed, by kind, for the offline checker and the model judge (with the offline vetoes).",
            "",
            format_table(checker),
        ]
    out += ["", "## Metrics", ""]
    out += _table(["metric", "value"], [(label, _fmt(key, m.get(key))) for key, label, _ in HEADLINE])
    out += [
        "",
        (f"{m.get('citations', 0)} citations, {m.get('invalid_citations', 0)} invalid; "
        f"{m.get('errors', 0)} cases ended in an error; latency over {m.get('latency_n', 0)} turns."),
    ]
    if changes:
        out += ["", "## Compared with the earlier run", ""]
        out += _table(
            ["metric", "before", "now", "change", ""],
            [
                (c.label, _fmt(c.key, c.old), _fmt(c.key, c.new),
                 "" if c.delta is None else (_fmt(c.key, c.delta) if c.key in _SECONDS else f"{c.delta:+.3f}"),
                 c.verdict)
                for c in changes
            ],
        )
        worse = [c.label for c in changes if c.verdict == "worse"]
        out += ["", f"Worse: {', '.join(worse)}." if worse else "Nothing got worse."]
    modes = report.get("retrieval_modes") or {}
    if len(modes) > 1:
        out += ["", "## Retrieval modes", ""]
        keys = ["recall_at_1", "recall_at_3", "recall_at_5", "mrr_at_10", "ndcg_at_10"]
        out += _table(
            ["mode", "Recall@1", "Recall@3", "Recall@5", "MRR@10", "nDCG@10", "cases"],
            [(mode, *(_fmt(k, row.get(k)) for k in keys), str(row.get("cases"))) for mode, row in modes.items()],
        )
    cats = report.get("by_category") or {}
    if cats:
        out += ["", "## By category", ""]
        keys = ["pass_rate", "answered_gold", "refusal_recall", "false_refusal_rate", "faithfulness", "key_fact_recall",
                "recall_at_5"]
        out += _table(
            ["category", "cases", "passed", "gold quoted", "refusal recall", "false refusals", "faithfulness",
             "key facts", "recall@5"],
            [(cat, str(row["cases"]), *(_fmt(k, row.get(k)) for k in keys)) for cat, row in cats.items()],
        )
    misses = _misses(report.get("case_results") or [])
    if misses:
        out += ["", "## Cases to look at", ""]
        out += _table(["case", "category", "problem", "answer"], misses)
    if charts:
        out += ["", "## Charts", ""]
        out += [f"![{Path(c).stem}]({Path(c).name})" for c in charts]
    return "\n".join(out) + "\n"


def _misses(rows: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, str, str]]:
    found = []
    for r in rows:
        problems = []
        if r.get("error"):
            problems.append(f"error: {r['error']}")
        if r["answerable"] and r["refused"]:
            problems.append("refused an answerable question")
        elif r.get("gold_hit") is False:
            problems.append("did not quote the gold passage")
        if not r["answerable"] and not r["refused"]:
            problems.append("answered an unanswerable question")
        if r.get("invalid_citations"):
            problems.append(f"invalid citations {r['invalid_citations']}")
        if r.get("faithfulness") is not None and r["faithfulness"] < 1:
            problems.append(f"faithfulness {r['faithfulness']:.2f}")
        if r.get("key_fact_recall") is not None and r["key_fact_recall"] < 1 and not r["refused"]:
            problems.append(f"key facts {r['key_fact_recall']:.2f}")
        if problems:
            answer = " ".join(str(r.get("answer") or "").split())
            answer = answer if len(answer) <= 120 else answer[:117] + "..."
            found.append((r["id"], r["category"], "; ".join(problems), answer.replace("|", "\\|")))
    return found


def _charts(report: Mapping[str, Any], out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    paths: list[Path] = []
    m = report["metrics"]

    keys = [(key, label) for key, label, _ in HEADLINE if key in _RATIOS and m.get(key) is not None]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.barh([label for _, label in keys][::-1], [m[key] for key, _ in keys][::-1], color="#3b6ea8")
    ax.set_xlim(0, 1)
    ax.set_title("Eval metrics")
    for i, (key, _) in enumerate(keys[::-1]):
        ax.text(min(m[key], 0.88) + 0.01, i, f"{m[key]:.3f}", va="center", fontsize=8)
    fig.tight_layout()
    paths.append(out / "metrics.png")
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)

    seconds = [r["seconds"] * 1000 for r in report.get("case_results") or [] if r.get("seconds") is not None]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    if seconds:
        ax.hist(seconds, bins=max(5, min(40, int(math.sqrt(len(seconds))) * 2)), color="#5a9e6f")
        for name, colour in (("latency_p50", "black"), ("latency_p95", "#b04040")):
            if m.get(name) is not None:
                ax.axvline(m[name] * 1000, color=colour, linestyle="--", label=f"{name[-3:]} {m[name] * 1000:.0f} ms")
        ax.legend()
    ax.set_xlabel("milliseconds per evaluated turn")
    ax.set_ylabel("cases")
    ax.set_title("Latency")
    fig.tight_layout()
    paths.append(out / "latency.png")
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)

    cats = report.get("by_category") or {}
    if cats:
        shown = [("refusal_recall", "refusal recall"), ("false_refusal_rate", "false refusals"),
                 ("faithfulness", "faithfulness"), ("key_fact_recall", "key facts")]
        fig, ax = plt.subplots(figsize=(8, 4))
        width = 0.8 / len(shown)
        names = list(cats)
        for j, (key, label) in enumerate(shown):
            values = [cats[c].get(key) for c in names]
            xs = [i + j * width for i in range(len(names))]
            ax.bar([x for x, v in zip(xs, values) if v is not None], [v for v in values if v is not None],
                   width=width, label=label)
        ax.set_xticks([i + 0.4 - width / 2 for i in range(len(names))], names)
        ax.set_ylim(0, 1.2)
        ax.set_title("By category (a missing bar: not measured there)")
        ax.legend(fontsize=8, ncol=4, loc="upper center")
        fig.tight_layout()
        paths.append(out / "categories.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)

    modes = report.get("retrieval_modes") or {}
    if len(modes) > 1:
        shown = [("recall_at_1", "R@1"), ("recall_at_3", "R@3"), ("recall_at_5", "R@5"),
                 ("mrr_at_10", "MRR@10"), ("ndcg_at_10", "nDCG@10")]
        fig, ax = plt.subplots(figsize=(8, 4))
        width = 0.8 / len(modes)
        for j, (mode, row) in enumerate(modes.items()):
            ax.bar([i + j * width for i in range(len(shown))], [row.get(k) or 0.0 for k, _ in shown],
                   width=width, label=mode)
        ax.set_xticks([i + 0.4 - width / 2 for i in range(len(shown))], [label for _, label in shown])
        ax.set_ylim(0, 1.2)
        ax.set_title("Retrieval modes")
        ax.legend(ncol=len(modes), loc="upper center")
        fig.tight_layout()
        paths.append(out / "retrieval-modes.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)
    return paths


def write_report(report: Mapping[str, Any], out: str | Path, *, previous: Mapping[str, Any] | None = None) -> list[Path]:
    """Write ``report.json``, the charts and ``report.md`` into ``out``; returns the paths written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    changes = compare(previous, report) if previous is not None else None
    data = dict(report)
    if changes is not None:
        data["comparison"] = [
            {"metric": c.key, "old": c.old, "new": c.new, "delta": c.delta, "verdict": c.verdict} for c in changes
        ]
    json_path = out / "report.json"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    charts = _charts(report, out)
    md_path = out / "report.md"
    md_path.write_text(render_markdown(report, changes, [str(c) for c in charts]), encoding="utf-8")
    return [json_path, md_path, *charts]
