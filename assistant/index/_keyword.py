"""BM25 over chunk texts (bm25s), with document frequencies for term weighting.

A term's document frequency is the length of its column in bm25s's sparse score matrix
(a BM25 score is positive wherever the term occurs), so the vocabulary is held once, in
bm25s's own token table: a second table of frequencies and a set of the terms cost as
much again (tens of MB at 100k chunks).

The index is rebuilt in memory from the vector store's chunk texts whenever the
store's revision changes, and cached on disk under the data directory so a new
process does not re-tokenise an unchanged collection. The cache also records which analyser
made it (:data:`ANALYZER`): one saved by another version's stop words or stemmer is rebuilt,
since its terms would not match the queries'.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..lexicon import irregular_lemmas
from ..text import STOPWORDS, stem, tokens
from ._heap import release_free_heap

__all__ = ["BM25Index", "KeywordIndexCache", "analyze"]


def analyze(text: str) -> list[str]:
    """The one tokeniser used for indexing and querying: stems without stopwords."""
    return [_term(t) for t in tokens(text) if t not in STOPWORDS]


# What marks a stem told apart from another verb's irregular form (``_term``).
_APART = "_"


def _term(token: str) -> str:
    """``token``'s stem, told apart from an irregular form of another verb that stripping its
    ending made of it: "founded", "founder" and "founding" stem to "found", which is also the
    past of "find" ("can be found"); they index as "found_" (WordNet 3.0's exception lists,
    ``lexicon.irregular_lemmas``)."""
    stemmed = stem(token)
    if stemmed != token.lower() and stemmed in irregular_lemmas():
        return f"{stemmed}{_APART}"
    return stemmed


# Words of many shapes (inflections, contractions, hyphens, numbers, a stop word or two), whose
# analysis stands for the tokeniser and the stemmer in the analyser's fingerprint.
_PROBE = (
    "The developers' releases were delayed; packaging tools, re-implemented in 1998, didn't "
    "support listing archives quickly. Studies say running, ran and runs differ: Python 3.11 isn't C++. "
    "Its founder found it."
)
# The analyser's fingerprint: its stop words and what it makes of the probe.
ANALYZER = hashlib.sha256(json.dumps([sorted(STOPWORDS), analyze(_PROBE)]).encode()).hexdigest()[:16]


class BM25Index:
    """A BM25 index over ``(id, text)`` pairs. Immutable once built; rebuild to change."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str], *, revision: str = "") -> None:
        import bm25s

        self.revision = revision
        self._ids = list(ids)
        analyzed = [analyze(t) for t in texts]
        self._n = len(analyzed)
        self._retriever = bm25s.BM25()
        if analyzed:
            # bm25s rejects an empty document list, and an all-stopword text has no tokens.
            self._retriever.index([terms or [""] for terms in analyzed], show_progress=False)
        self._bind()

    def _bind(self) -> None:
        self._tokens: dict[str, int] = getattr(self._retriever, "vocab_dict", None) or {}
        self._indptr = self._retriever.scores["indptr"] if self._n else None
        self._rows = self._retriever.scores["indices"] if self._n else None

    def _column(self, term: str) -> Any:
        """The chunks (rows) an analysed term occurs in; None when it occurs in none."""
        column = self._tokens.get(term) if term else None
        if column is None or self._indptr is None or self._rows is None or column + 1 >= len(self._indptr):
            return None
        return self._rows[self._indptr[column] : self._indptr[column + 1]]

    def df(self, term: str) -> int:
        """The number of chunks ``term`` occurs in: an analysed term, or a stem as
        :func:`~assistant.text.stem` writes it, which counts in both its forms when the analyser
        tells it apart ("found" of "founded" and of "can be found")."""
        columns = [c for c in (self._column(term), self._column(f"{term}{_APART}") if term else None) if c is not None]
        if len(columns) < 2:
            return len(columns[0]) if columns else 0
        return len(set(columns[0].tolist()) | set(columns[1].tolist()))

    def __len__(self) -> int:
        return self._n

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of an analysed term (unknown terms get the maximum)."""
        df = self.df(term)
        return math.log(1.0 + (self._n - df + 0.5) / (df + 0.5))

    def contains(self, term: str) -> bool:
        """Does ``term`` occur (an analysed term, or a stem in either of its forms, as ``df``)?"""
        return bool(term) and (term in self._tokens or f"{term}{_APART}" in self._tokens)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        terms = [t for t in analyze(query) if t and t in self._tokens]
        if not terms or not self._n:
            return []
        k = min(k, self._n)
        # n_threads=0: in this thread (1 would start a thread pool for every query).
        results, scores = self._retriever.retrieve([terms], k=k, show_progress=False, n_threads=0)
        return [(self._ids[int(i)], float(s)) for i, s in zip(results[0], scores[0], strict=False) if s > 0]

    def warm_up(self) -> None:
        """Run one search, so that a process's first question does not pay for what bm25s
        does on its first search (importing multiprocessing, starting tqdm's monitor)."""
        term = next((t for t in self._tokens if t), None)
        if term is not None:
            self._retriever.retrieve([[term]], k=1, show_progress=False, n_threads=0)

    # -- disk cache ----------------------------------------------------------------
    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        (tmp / "state.json").write_text(
            json.dumps({"revision": self.revision, "analyzer": ANALYZER, "ids": self._ids, "n": self._n})
        )
        if self._n:
            self._retriever.save(str(tmp), show_progress=False)
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)

    @classmethod
    def load(cls, folder: Path, revision: str) -> BM25Index | None:
        """The cached index for ``revision``, or None when absent or stale (another revision,
        or made by another analyser)."""
        import bm25s

        state_file = folder / "state.json"
        try:
            state = json.loads(state_file.read_text())
            if state.get("revision") != revision or state.get("analyzer") != ANALYZER:
                return None
            self = cls.__new__(cls)
            self.revision = revision
            # (Indexes written before frequencies came from bm25s also hold "df": not read.)
            self._ids = list(state["ids"])
            self._n = int(state["n"])
            del state
            self._retriever = (
                bm25s.BM25.load(str(folder), show_progress=False, verbosity=0) if self._n else bm25s.BM25()
            )
            self._bind()
            return self
        except (OSError, ValueError, KeyError):
            return None


class KeywordIndexCache:
    """Keeps the BM25 index in step with the vector store's revision."""

    def __init__(self, folder: Path | None) -> None:
        self._folder = folder
        self._index: BM25Index | None = None
        self._lock = threading.Lock()

    def get(self, revision: str, load_chunks: Callable[[], tuple[list[str], list[str]]]) -> BM25Index:
        current = self._index
        if current is not None and current.revision == revision:
            return current
        with self._lock:
            if self._index is not None and self._index.revision == revision:
                return self._index
            index = BM25Index.load(self._folder, revision) if self._folder else None
            if index is None:
                ids, texts = load_chunks()
                index = BM25Index(ids, texts, revision=revision)
                if self._folder:
                    try:
                        index.save(self._folder)
                    except OSError:
                        pass  # the cache is an optimisation; a read-only data dir still answers
            self._index = index
            release_free_heap()  # the load's temporaries: tens of MB at 10k chunks
            return index
