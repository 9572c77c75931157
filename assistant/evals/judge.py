"""Support judges for faithfulness and ALCE citation scores.

A judge answers one question, the definition in evals/README.md: *do these cited
passages, taken together, support this sentence?* Two implementations:

* :class:`OfflineJudge`: :func:`assistant.answering.check_support` with the
  assistant's own embedding similarity (``Assistant.similarity``). Passages are
  tried one by one and then joined, since the checker looks for support inside
  one passage at a time.
* :class:`LLMJudge`: an OpenAI-compatible model at temperature 0 with a strict
  yes/no prompt stating the same definition. Verdicts are cached on disk in a
  JSON-lines file keyed by the SHA-256 of the prompt, so a re-run costs nothing
  and a report can be reproduced.

:func:`judge_accuracy` scores a judge on the labelled pairs in
``evals/checker_pairs.jsonl``, so every report says how far its judge can be trusted.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from assistant import Settings
from assistant.errors import ConfigError, UsageError
from assistant.evals.metrics import balanced_accuracy
from assistant.answering import check_support

__all__ = [
    "JUDGE_PROMPT",
    "Judge",
    "LLMJudge",
    "OfflineJudge",
    "build_judge",
    "judge_accuracy",
    "load_pairs",
]

Similarity = Callable[[str, Sequence[str]], Sequence[float]]


class Judge(Protocol):
    """``judge(sentence, passages) -> bool`` plus a ``name`` for the report."""

    name: str
    kind: str

    def __call__(self, sentence: str, passages: tuple[str, ...]) -> bool: ...


class OfflineJudge:
    """The offline checker (:mod:`assistant.answering._verify`) as a :class:`Judge`."""

    kind = "offline"

    def __init__(self, similarity: Similarity | None = None) -> None:
        self._similarity = similarity
        self.name = "assistant.answering.check_support" + (" + embedding similarity" if similarity else " (lexical)")

    def __call__(self, sentence: str, passages: tuple[str, ...]) -> bool:
        texts = [p for p in passages if p.strip()]
        if not texts:
            return False
        if check_support(sentence, texts, similarity=self._similarity).supported:
            return True
        # Support that needs two passages at once only shows in their concatenation.
        return len(texts) > 1 and check_support(sentence, ["\n".join(texts)], similarity=self._similarity).supported


JUDGE_PROMPT = """You check whether a sentence is supported by the passages it cites.

Definition: the sentence is SUPPORTED only if everything it states follows from the passages
taken together: every number, date, name, place and quoted phrase must appear in them, negations
must agree, and it must not add claims, causes, opinions or details the passages do not give.
Paraphrase is fine. Anything else, including partial support, is NOT supported.

Passages:
{passages}

Sentence: {sentence}

Answer with exactly one word: yes (supported) or no (not supported)."""


class LLMJudge:
    """An LLM applying :data:`JUDGE_PROMPT` at temperature 0, with an on-disk verdict cache.

    ``complete(messages) -> str`` is any chat-completions call (an
    :class:`assistant.llm.LLMClient`'s ``complete``). An answer that does not start
    with yes or no counts as "no": the judge must be strict.
    """

    kind = "llm"

    def __init__(self, complete: Callable[[list[dict[str, str]]], str], *, model: str, cache_path: Path) -> None:
        self._complete = complete
        self.name = model
        self._cache_path = cache_path
        self._lock = threading.Lock()
        self._cache: dict[str, bool] = {}
        if cache_path.is_file():
            for line in cache_path.read_text(encoding="utf-8").splitlines():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut short by an interrupted run
                if isinstance(row, dict) and row.get("model") == model and isinstance(row.get("supported"), bool):
                    self._cache[str(row.get("key"))] = row["supported"]

    @staticmethod
    def prompt(sentence: str, passages: tuple[str, ...]) -> str:
        shown = "\n\n".join(f"[{i}] {p.strip()}" for i, p in enumerate(passages, start=1))
        return JUDGE_PROMPT.format(passages=shown, sentence=sentence.strip())

    def __call__(self, sentence: str, passages: tuple[str, ...]) -> bool:
        if not any(p.strip() for p in passages):
            return False
        prompt = self.prompt(sentence, passages)
        key = hashlib.sha256(prompt.encode("utf-8")).hexdigest()
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        reply = self._complete([{"role": "user", "content": prompt}])
        supported = reply.strip().lower().lstrip("\"'*`").startswith("yes")
        with self._lock:
            self._cache[key] = supported
            self._cache_path.parent.mkdir(parents=True, exist_ok=True)
            with self._cache_path.open("a", encoding="utf-8") as handle:
                row = {"key": key, "model": self.name, "supported": supported, "reply": reply.strip()[:200]}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        return supported


def build_judge(
    settings: Settings,
    out_dir: Path,
    similarity: Similarity | None,
    *,
    complete: Callable[[list[dict[str, str]]], str] | None = None,
) -> Judge:
    """The LLM judge when ``settings.judge_base_url`` and ``judge_model`` are set, else the offline one.

    ``complete`` sends chat messages to the judge endpoint (temperature 0); front doors
    reach models only through the SDK, which owns that client and closes it.
    """
    if not settings.judge_base_url:
        return OfflineJudge(similarity)
    if not settings.judge_model:
        raise UsageError("ASSISTANT_JUDGE_BASE_URL is set but no judge model", hint="set ASSISTANT_JUDGE_MODEL")
    if complete is None:
        raise ConfigError(
            "This version cannot reach the LLM judge", hint="unset ASSISTANT_JUDGE_BASE_URL to use the offline checker"
        )
    return LLMJudge(complete, model=settings.judge_model, cache_path=out_dir / "judge-cache.jsonl")


def read_jsonl(path: Path, what: str, valid: Callable[[dict[str, Any]], bool], need: str, hint: str) -> list[dict[str, Any]]:
    """The JSON objects of the lines of ``path`` (blank lines skipped); a line that is not JSON,
    or for which ``valid`` is false, is a :class:`UsageError` naming it and what it ``need``s."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"Cannot read the {what} at {path}: {exc.strerror}", hint="check the path") from exc
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{number} is not JSON", hint="fix that line") from exc
        if not isinstance(row, dict) or not valid(row):
            raise UsageError(f"{path}:{number} needs {need}", hint=hint)
        rows.append(row)
    return rows


def load_pairs(path: Path) -> list[dict[str, Any]]:
    """Labelled ``{"sentence", "passage", "supported"}`` rows (evals/checker_pairs.jsonl)."""
    return read_jsonl(
        path,
        "checker pairs",
        lambda row: isinstance(row.get("supported"), bool) and bool(row.get("sentence")) and bool(row.get("passage")),
        "sentence, passage and a boolean supported",
        "fix that line",
    )


def judge_accuracy(judge: Judge, pairs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Balanced accuracy of ``judge`` on labelled pairs; positives are the unsupported pairs (caught)."""
    tp = fn = tn = fp = 0
    for row in pairs:
        verdict = judge(row["sentence"], (row["passage"],))
        if row["supported"]:
            tn, fp = (tn + 1, fp) if verdict else (tn, fp + 1)
        else:
            tp, fn = (tp, fn + 1) if verdict else (tp + 1, fn)
    return {
        "judge": judge.name,
        "pairs": len(pairs),
        "balanced_accuracy": balanced_accuracy(tp, fn, tn, fp),
        "caught_unsupported": tp,
        "missed_unsupported": fn,
        "accepted_supported": tn,
        "rejected_supported": fp,
    }
