"""Hybrid retrieval: dense (Chroma) and BM25, fused with reciprocal rank fusion."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._fusion import reciprocal_rank_fusion
from ..protocols import KeywordSearch, PassageSearch
from ..types import Passage

__all__ = ["HybridRetriever", "RetrievalMode"]

RetrievalMode = str  # "hybrid" | "dense" | "bm25"


class HybridRetriever:
    """Retrieves passages for a query from a vector store and a keyword index.

    ``store`` provides ``dense_search``, ``get_chunks``, ``revision`` and
    ``all_chunks``; ``keyword_index`` returns the BM25 index for a revision.
    """

    def __init__(
        self,
        *,
        store: PassageSearch,
        keyword_index: Callable[[], KeywordSearch],
        embed_query: Callable[[str], np.ndarray],
        depth: int = 4,
        rrf_k: int = 60,
    ) -> None:
        self._store = store
        self._keyword_index = keyword_index
        self._embed_query = embed_query
        self._depth = depth
        self._rrf_k = rrf_k

    def ranked_ids(
        self, query: str, k: int, *, vector: np.ndarray | None = None, mode: RetrievalMode = "hybrid"
    ) -> list[tuple[str, float]]:
        pool = max(k * self._depth, 20)
        dense: list[tuple[str, float]] = []
        sparse: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense"):
            vec = vector if vector is not None else self._embed_query(query)
            dense = self._store.dense_search(vec.tolist(), pool)
        if mode in ("hybrid", "bm25"):
            sparse = self._keyword_index().search(query, pool)
        if mode == "dense":
            return dense[:k]
        if mode == "bm25":
            return sparse[:k]
        fused = reciprocal_rank_fusion([[i for i, _ in dense], [i for i, _ in sparse]], k=self._rrf_k)
        return fused[:k]

    def retrieve(
        self, query: str, k: int, *, vector: np.ndarray | None = None, mode: RetrievalMode = "hybrid"
    ) -> list[Passage]:
        ranked = self.ranked_ids(query, k, vector=vector, mode=mode)
        chunks = {c.id: c for c in self._store.get_chunks([i for i, _ in ranked])}
        passages = []
        for rank, (cid, score) in enumerate(((i, s) for i, s in ranked if i in chunks), start=1):
            passages.append(Passage(chunk=chunks[cid], score=score, rank=rank))
        return passages
