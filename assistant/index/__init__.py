"""The index: embeddings, the Chroma store, the keyword index, fusion, hybrid retrieval,
ingest, and :class:`Corpus`, which puts them together behind one reader/writer lock.

``chromadb`` and ``langchain_chroma`` are imported only when a store first connects. The
names below are imported on first use, so that the embedding model (``_embeddings``: numpy,
then onnxruntime) can start loading in a new process before the rest of the index, and the
settings it reads (pydantic), are imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._chroma import ChromaStore, sentence_id
    from ._corpus import Corpus, Retrieved
    from ._embeddings import DIMENSIONS, MODEL_ID, MiniLMEmbeddings, default_model_files
    from ._fusion import reciprocal_rank_fusion
    from ._ingest import Ingestor
    from ._keyword import BM25Index, KeywordIndexCache, analyze
    from ._retrieval import HybridRetriever

__all__ = [
    "BM25Index",
    "ChromaStore",
    "Corpus",
    "DIMENSIONS",
    "HybridRetriever",
    "Ingestor",
    "KeywordIndexCache",
    "MODEL_ID",
    "MiniLMEmbeddings",
    "Retrieved",
    "analyze",
    "default_model_files",
    "reciprocal_rank_fusion",
    "sentence_id",
]

_WHERE = {
    "BM25Index": "._keyword",
    "ChromaStore": "._chroma",
    "Corpus": "._corpus",
    "DIMENSIONS": "._embeddings",
    "HybridRetriever": "._retrieval",
    "Ingestor": "._ingest",
    "KeywordIndexCache": "._keyword",
    "MODEL_ID": "._embeddings",
    "MiniLMEmbeddings": "._embeddings",
    "Retrieved": "._corpus",
    "analyze": "._keyword",
    "default_model_files": "._embeddings",
    "reciprocal_rank_fusion": "._fusion",
    "sentence_id": "._chroma",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
