"""Answering: the one pipeline and its parts.

* :class:`AnswerPipeline` (``_pipeline``): question -> reading -> retrieval ->
  extractive or generative answer -> verification -> :class:`~assistant.types.Answer`.
* ``_questions``: how a question is read (its type, the answer it wants, attacks).
* ``_followups``: follow-ups resolved against the conversation.
* ``_extractive``: :class:`ExtractiveAnswerer`, answers quoted from the passages;
  ``select()`` gives the scored sentences and the outcome band (:class:`Selection`).
* ``_scoring``: the learned sentence and answerability scorer (weights in
  ``assistant/data/answer_model.json``, fitted by ``scripts/fit_answering.py``).
* ``_generative``: the model's answer, parsed and verified sentence by sentence.
* ``_prompts``: the messages sent to the model.
* ``_judge``: :class:`ModelJudge`, the model's verdicts on the model's sentences (one
  batched JSON request per answer, cached).
* ``_verify``: the offline support checker (numbers, dates, names, quotes, negation,
  similarity) used by the LLM mode and the evals.
"""

from ._extractive import Candidate, ExtractiveAnswerer, Selection, Thresholds, clause_window_spans
from ._followups import Resolution, resolve_followup
from ._generative import (
    SentenceCheck,
    addresses_model,
    build_messages,
    check_sentences,
    is_instruction,
    to_answer,
    verify_answer,
)
from ._judge import JUDGE_SYSTEM_PROMPT, Claim, JudgeError, Judgement, ModelJudge, build_judge_messages, parse_verdicts
from ._pipeline import AnswerPipeline
from ._questions import QuestionInfo, analyze_followup, analyze_question
from ._verify import Similarity, Support, added_claims, check_support, derived_counts, fact_vetoes, make_similarity

__all__ = [
    "JUDGE_SYSTEM_PROMPT",
    "AnswerPipeline",
    "Claim",
    "JudgeError",
    "Judgement",
    "ModelJudge",
    "SentenceCheck",
    "added_claims",
    "addresses_model",
    "build_judge_messages",
    "check_sentences",
    "derived_counts",
    "fact_vetoes",
    "parse_verdicts",
    "Candidate",
    "ExtractiveAnswerer",
    "QuestionInfo",
    "Selection",
    "Resolution",
    "Similarity",
    "Support",
    "Thresholds",
    "analyze_followup",
    "analyze_question",
    "build_messages",
    "check_support",
    "clause_window_spans",
    "is_instruction",
    "make_similarity",
    "resolve_followup",
    "to_answer",
    "verify_answer",
]
