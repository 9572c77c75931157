"""The form of an offline answer: document details, summaries, and the answer text built
around the quoted sentences (the answer phrase first, yes/no and false-premise readings,
the three outcomes).

:func:`offline_answer` is the extractive mode's entry point: the pipeline hands it the
question, its reading and the retrieval; sentence selection stays the answerer's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..index import Corpus, Retrieved
from ..protocols import Answerer
from ..types import Answer, Passage
from ._details import answer_details, read_detail_question
from ._questions import QuestionInfo
from ._summary import is_summary_request, summarize

__all__ = ["offline_answer"]


def offline_answer(
    *,
    corpus: Corpus,
    answerer: Answerer,
    question: str,
    info: QuestionInfo,
    found: Retrieved,
    passages: Sequence[Passage],
) -> Answer:
    """The extractive answer to ``question`` from ``passages`` (the retrieved, quotable ones)."""
    if not info.is_attack and read_detail_question(question) is not None:
        details = answer_details(question, corpus.sources(), passages)
        if details is not None:
            return details
    if not info.is_attack and is_summary_request(question):
        summary = summarize(
            question,
            sources=corpus.sources(),
            passages=passages,
            document_sentences=corpus.document_sentences,
            embed=corpus.embed_query,
        )
        if summary is not None:
            return summary
    answer = answerer.answer(question, found.vector, list(passages), found.sentence_vectors, info=info)
    return replace(answer, outcome=answer.outcome)
