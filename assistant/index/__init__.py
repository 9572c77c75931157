"""The index: embeddings, the Chroma store, the keyword index, fusion, hybrid retrieval,
ingest, and :class:`Corpus`, which puts them together behind one reader/writer lock.

``chromadb`` and ``langchain_chroma`` are imported only when a store first connects.
"""

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
