"""Answering: pick the sentences that answer a question, or say the sources don't.

The extractive answerer quotes sentences verbatim from the retrieved passages, so
every claim is its own citation. Each sentence gets features (its similarity to the
question, how much of the question's topic it covers, lexically or through close word
vectors, whether it holds the kind of answer asked for, where it sits in the document's
structure: its section heading, whether it is a heading, a table-of-contents or
cross-reference line, or only restates the question) and a learned scorer
(``_scoring``, fitted by ``scripts/fit_answering.py`` on the development collections)
turns them into the probability that it answers. The best sentence's probability decides
the outcome: answered, the closest the sources come, or not answered.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from ._questions import (
    NAMING,
    QuestionInfo,
    analyze_question,
    attributed_words,
    clause_spans,
    counts_head,
    enumerates_head,
    credits_creator,
    has_answer_type,
    is_acronym,
    is_cross_reference,
    is_label_like,
    is_yes_no,
    lemma_stem,
    proper_names,
    reason_cue,
    restrictors,
)
from ._scoring import FEATURES, AnswerModel, Gate, TermEvidence, default_model
from ._summary import SummaryParams
from ..lexicon import (
    AUTHOR_WORDS,
    AUXILIARIES,
    CAUSAL_MARKERS,
    COHESIVE_DEMONSTRATIVES,
    COHESIVE_PRONOUNS,
    DETERMINERS,
    INDEFINITE_QUANTIFIERS,
    NAME_CONNECTORS,
    NOMINALISING_SUFFIXES,
    NON_AGENT_BY,
    ORDINALS,
    PREPOSITIONS,
    PURPOSE_MARKERS,
    REASON_NOUNS,
    SYMBOL_NAMES,
    english_words,
    irregular_lemmas,
    noun_lemma,
    person_nouns,
    phrasal_verbs,
    regular_bases,
    synonyms,
)
from ..text import STOPWORDS, ends_as_question, normalize, stem, tokens
from ..types import Answer, Chunk, Citation, Outcome, Passage, SentenceSpan

__all__ = [
    "NOT_ANSWERED",
    "REFUSED_INSTRUCTION",
    "Candidate",
    "ExtractiveAnswerer",
    "Selection",
    "Thresholds",
    "choose",
    "citation_for",
    "clause_window_spans",
]

NOT_ANSWERED = "The sources don't say. The closest passages are listed below."
REFUSED_INSTRUCTION = (
    "I only answer questions from the documents, and I don't follow instructions given in a question. "
    "The sources don't say this."
)

WordVectors = Callable[[Sequence[str]], np.ndarray]

# Where a candidate's features say what its heading tells (``_scoring.FEATURES``).
AFTER_HEADING = FEATURES.index("after_heading")
HEADING_COSINE = FEATURES.index("heading_cosine")
_NAMES_FOUND = FEATURES.index("names_found")


@dataclass(frozen=True, kw_only=True, slots=True)
class Thresholds:
    """Search limits of the extractive answerer (they bound work) and its coverage parameters."""

    # Sentences (best by the cheap features) that get word-vector matching and clause scoring.
    # Chosen by scripts/fit_coverage.py on the development fit splits (6 Dec 2026): 6 passes 592
    # fit cases, 8 and 10 pass 594, 12 and 16 pass 595 (a reader's question whose answer is the
    # ninth sentence by the cheap features), none declining fewer unanswerable questions; the
    # lower of the best is taken. It costs about 1.3 ms of CPU an answer at 10k chunks (p50 21.8
    # -> 23.1 ms on the benchmark's 60 questions, warm, the two taking turns).
    deep_candidates: int = 12
    # Clause windows: each clause of a deep candidate, and each pair of neighbouring clauses.
    clause_pairs: bool = True
    # Used only when the index holds no stored clause windows (ingest stores them; an index
    # built before that, or a store without them, does not): the most a sentence's clause
    # windows are taken to raise its similarity to the question
    # (``local_cosine`` over ``cosine``) when deciding whose windows to embed: a deep candidate
    # whose probability or rule score could not reach the best ones' even with this gain keeps
    # its own similarity (see ExtractiveAnswerer.candidates). None embeds every deep
    # candidate's windows. 0.35 is the 99th percentile of the gain on the development questions.
    window_gain: float | None = 0.35
    # The rule gate's thresholds live in the model (``AnswerModel.gate``; scripts/fit_gate.py
    # fits them). The coverage parameters below change the candidates themselves, so the gate's
    # fit holds them fixed. The four word-matching ones (``word_match``, ``close_sentence``,
    # ``close_word_match``, ``head_match``) were set before the development collections existed;
    # scripts/fit_coverage.py checks each end to end on the development fit splits (6 Dec 2026:
    # of 594 fit cases passed with these values, no other value of its grid passes more without
    # declining fewer unanswerable questions or losing cases on one of the collections).
    word_match: float = 0.55
    # In a sentence this close to the question as a whole, a less similar word is its counterpart.
    close_sentence: float = 0.65
    close_word_match: float = 0.45
    head_match: float = 0.6
    # A topic term the sentence does not say counts half (as when its passage says it by form)
    # when a word of the sentence's passage is this close to it in the word-vector space: a
    # reworded question ("Could people who cannot see install it?") whose words the passage
    # says in its own ("visually impaired"). Fitted by scripts/fit_passage_match.py on the
    # development fit splits (30 Nov 2026: the highest balanced accuracy among the values that
    # decline no fewer fit unanswerables than None; 0.45 and 0.50 answer more, 0.733 and 0.722
    # of the fit questions with a gold quote against 0.705, but answer one more unanswerable
    # one); None: by form only.
    passage_word_match: float | None = 0.55
    # A topic term that only the sentence before says, in a sentence opening with a pronoun or
    # demonstrative that points back to it ("Tails ... aims at anonymity. It ... uses the Tor
    # network"): what it counts. On the development fit splits (scripts/eval_sets.py, 1 Dec
    # 2026) 0.55 passes one more case, 0.7 and 0.9 two; the lower of the two is taken.
    anaphor_match: float = 0.7
    # How much a topic term that only a message's scene-setting sentences say
    # (``QuestionInfo.scene``) weighs in coverage, as a share of its IDF weight; such a term is
    # never a hard miss. Fitted by scripts/fit_scene_weight.py on the development fit splits
    # (2 Dec 2026): of the 12 fit cases that set a scene, 1 (weighed as asked) passes 4, 0.5 to
    # 0.2 pass 6, 0.1 and 0 pass 7; the larger of the best is taken.
    scene_weight: float = 0.1
    # A section whose heading restates the question holds its answer (an FAQ entry's question,
    # a manual's "How do I ...?"): the first sentence under a heading at least this similar to
    # the question answers it, as the rule gate would (its passage names the question's names;
    # a typed question's sentence holds an answer of the asked kind). None: never. Fitted by
    # scripts/fit_heading_answer.py on the development fit splits (7 Dec 2026): against None,
    # 0.8 to 0.7 pass the same 603 fit cases, 0.65 604, 0.6 605 (+3 plain-text FAQ readers'
    # questions, -1 a Python FAQ follow-up), 0.55 604 and 0.5 601, both declining fewer
    # unanswerable ones; the test splits pass 262 -> 265 at 0.6.
    heading_answer: float | None = 0.6
    # How many of the likeliest quotable sentences are looked at for it. Swept by the same
    # script at the chosen threshold: 5 passes 605 fit cases, 10 and 30 606 (a plain-text
    # reader's question whose bare "Yes." is the eighth), but 10 takes the plain-text FAQs'
    # faithfulness (a bare reply is no claim the judge can check) to 0.829, below its CI floor
    # of 0.84 (evals/floors-dev.yaml), so 5 is kept.
    heading_depth: int = 5
    max_sentences: int = 3


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    """One sentence of a retrieved passage, scored as an answer to the question."""

    passage: Passage
    sentence: SentenceSpan
    sentence_id: str
    cosine: float
    local_cosine: float  # the best of the sentence's and its clauses' similarity to the question
    # Topic coverage as the rule gate reads it: the coverage feature, plus the terms its passage
    # says in other words (``Thresholds.passage_word_match``).
    coverage: float
    hard_misses: int
    type_ok: bool
    score: float  # the same as ``probability`` (kept for callers that rank by score)
    # It credits someone with making the document, as a question about its makers asks.
    credited: bool = False
    # The probability that this sentence answers the question (the learned scorer,
    # assistant/data/answer_model.json), and the features it was computed from.
    probability: float = 0.0
    features: tuple[float, ...] = ()
    rule_score: float = 0.0  # similarity and coverage, as the rule gate weighs them
    section: str = ""  # the heading trail of the sentence's section
    is_heading: bool = False
    position: int = 0  # the sentence's index in its chunk


@dataclass(frozen=True, kw_only=True, slots=True)
class Selection:
    """What the extractive answerer found for a question, before any answer text is written.

    ``candidates``: every scored sentence, best first. ``chosen``: the sentences to quote, in
    reading order (a short window of consecutive sentences of one section, perhaps with
    another close one); empty unless ``band`` is "answered". ``probability``: that the
    question is answered (the fitted answerability model over the best candidates and
    where the question's topic terms occur). ``band``: "answered" (probability at or above the fitted answer threshold),
    "closest" (in the band below it: related evidence that does not answer), or
    "not_answered". ``instruction``: the question tried to instruct the assistant.
    """

    info: QuestionInfo
    candidates: tuple[Candidate, ...]
    chosen: tuple[Candidate, ...]
    probability: float
    band: Outcome
    instruction: bool = False

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def citation_for(n: int, passage: Passage, span: SentenceSpan) -> Citation:
    """A citation of ``span`` (absolute offsets) inside ``passage``'s document."""
    chunk = passage.chunk
    quote = chunk.text[span.start - chunk.start : span.end - chunk.start]
    page, page_end = chunk.pages_of(span.start, span.end)
    return Citation(
        n=n,
        source=chunk.source,
        title=chunk.title,
        chunk_id=chunk.id,
        start=span.start,
        end=span.end,
        quote=quote,
        page=page,
        page_end=page_end,
    )


class ExtractiveAnswerer:
    """Answers from retrieved passages without any language model."""

    def __init__(
        self,
        *,
        idf: Callable[[str], float],
        known: Callable[[str], bool] | None = None,
        word_vectors: WordVectors | None,
        sentence_id: Callable[[str, int, int], str],
        thresholds: Thresholds | None = None,
        model: AnswerModel | None = None,
    ) -> None:
        self._idf = idf
        self._known = known or (lambda term: True)
        self._word_vectors = word_vectors
        self._sentence_id = sentence_id
        self.thresholds = thresholds or Thresholds()
        self._model = model

    @property
    def model(self) -> AnswerModel:
        """The scorer and decision thresholds (the shipped model unless one was given)."""
        return self._model if self._model is not None else default_model()

    @model.setter
    def model(self, model: AnswerModel) -> None:
        self._model = model

    # -- scoring -------------------------------------------------------------------
    def _coverage(
        self,
        info: QuestionInfo,
        sentence: str,
        context: str,
        *,
        semantic: bool = True,
        word_match: float | None = None,
        vectors: WordVectors | None = None,
        weights: Sequence[float] | None = None,
        passage_sims: Sequence[float] | None = None,
    ) -> tuple[float, int, set[str], bool]:
        """:meth:`_coverage_parts` without the passage credit."""
        coverage, hard, head_tokens, event, _ = self._coverage_parts(
            info, sentence, context, semantic=semantic, word_match=word_match, vectors=vectors, weights=weights,
            passage_sims=passage_sims,
        )
        return coverage, hard, head_tokens, event

    def _coverage_parts(
        self,
        info: QuestionInfo,
        sentence: str,
        context: str,
        *,
        semantic: bool = True,
        word_match: float | None = None,
        vectors: WordVectors | None = None,
        weights: Sequence[float] | None = None,
        passage_sims: Sequence[float] | None = None,
        antecedent: str = "",
    ) -> tuple[float, int, set[str], bool, float]:
        """IDF-weighted share of the question's focus terms the sentence matches, how many focus
        terms unknown to the whole collection it leaves unmatched ("hard misses"), the
        sentence's tokens that match the question's head term, and whether it says one of the
        question's event terms (``QuestionInfo.event``; True when there are none). Word vectors come from
        ``vectors`` (the deep pass's prefetched table) or the answerer's ``word_vectors``;
        ``weights``, the focus terms' weights, are computed when not given.

        Last, the passage credit: ``passage_sims`` gives, per focus term, its best word-vector
        similarity to a word of the passage (``context``); a term the sentence does not say, nor
        its passage by form, counts half when that reaches ``Thresholds.passage_word_match``.
        The credit is what that adds to the coverage; the rule gate adds it (``Candidate.coverage``),
        the learned scorer's coverage feature does not (it is as it was fitted). Such a term
        stays a hard miss when the collection never uses it: only its form makes it known."""
        vectors = vectors or self._word_vectors
        if not info.focus:
            return 1.0, 0, set(), True, 0.0
        sent_tokens = tokens(sentence)
        sent_stems = _stem_set(sentence)
        if weights is None:
            weights = self._focus_weights(info)
        matched = [0.0] * len(info.focus)
        head_tokens: set[str] = set()
        missing: list[int] = []
        near = self.thresholds.passage_word_match
        by_vector: set[int] = set()  # said in the passage only by a close word
        acronyms = _acronyms(info.names)
        for i, f in enumerate(info.focus):
            # A word that shares only the stem ("found" of "find" for "founded") says another thing.
            stems = sent_stems - {f} if f in sent_stems and _stem_false_friend(info.focus_words[i], f, tuple(sent_tokens)) else sent_stems
            if f in stems:
                matched[i] = 1.0
                if f == info.head:
                    head_tokens.update(_same_relation_tokens(info, sent_tokens, lambda t: stem(t) == f))
            elif (lemma := lemma_stem(info.focus_words[i])) in _lemma_stem_set(sentence):
                matched[i] = 1.0  # an irregular form of the same verb: "led" for "leads", "wrote" for "written"
                if f == info.head:
                    head_tokens.update(_same_relation_tokens(info, sent_tokens, lambda t: lemma_stem(t) == lemma))
            elif f in NAMING and stems & NAMING:
                matched[i] = 0.9
            elif len(f) >= 4 and _ends_one(f, stems):
                matched[i] = 0.9  # compounds: "strike" in "airstrikes"
                if f == info.head:
                    head_tokens.update(t for t in sent_tokens if stem(t).endswith(f))
            elif len(f) >= 3 and _relates_to_one(f, stems):
                matched[i] = 0.9  # a verb and its noun: "directs" in "under the direction of"
                if f == info.head:
                    head_tokens.update(t for t in sent_tokens if same_relation(f, stem(t)))
            elif (acronym := acronyms.get(info.focus_words[i])) and spelled_by_initials(acronym, sentence):
                matched[i] = 1.0  # the name the acronym stands for: "Python Software Foundation" for "PSF"
            elif antecedent and f in _stem_set(antecedent):
                matched[i] = self.thresholds.anaphor_match  # said in the sentence before, which its opening pronoun points back to
                missing.append(i)
            else:
                if _synonym_stems(info.focus_words[i]) & stems and not _in_names(info.focus_words[i], info.names):
                    # A WordNet synonym ("effects" for "consequences") counts as a word vector at
                    # its threshold does; a closer vector still raises it below.
                    matched[i] = self.thresholds.word_match
                elif f in _stem_set(context) and not _stem_false_friend(info.focus_words[i], f, tuple(tokens(context))):
                    matched[i] = 0.5
                elif near is not None and passage_sims is not None and passage_sims[i] >= near:
                    by_vector.add(i)
                missing.append(i)
        if semantic and missing and vectors is not None and sent_tokens:
            words = sorted({t for t in sent_tokens if len(t) > 2})
            if words:
                q_vecs = vectors([info.focus_words[i] for i in missing])
                s_vecs = vectors(words)
                sims = q_vecs @ s_vecs.T
                for row, i in enumerate(missing):
                    best = float(sims[row].max())
                    if best >= (word_match or self.thresholds.word_match) and best > matched[i]:
                        matched[i] = best
                    if info.focus[i] == info.head:
                        # A word the question itself uses is not evidence of the asked relation
                        # ("foreigners" is not a nationality).
                        head_tokens.update(
                            w
                            for w, sim in zip(words, sims[row], strict=True)
                            if sim >= self.thresholds.head_match and stem(w) not in info.focus
                        )
        # Never 0: a term outside the scene weighs at least 0.2, and a question with a scene keeps
        # at least one such term (``_questions._scene_terms``).
        total = sum(weights)
        coverage = float(sum(w * m for w, m in zip(weights, matched, strict=True)) / total)
        credit = float(sum(weights[i] * max(0.0, 0.5 - matched[i]) for i in by_vector) / total)
        # A term the collection never uses is missed unless the sentence says it in form: a word
        # vector's neighbour ("glibc2" for "eglibc") is another thing.
        # A symbol's name (``symbol_names``) stands in for the symbol the reader wrote: a
        # collection that writes the symbol and never its name does not miss it.
        # A scene-setting word ("my uncle swears ...") is what the question is asked against,
        # not what it asks about: a collection need not use it.
        hard = sum(
            1
            for i, f in enumerate(info.focus)
            if i in missing and not self._known(f) and info.focus_words[i] not in _SYMBOL_WORDS and f not in info.scene
        )
        # Found in the sentence itself (0.5 is "only elsewhere in its passage").
        # A close sentence's looser word matching (``close_word_match``) is for its topic, not
        # for which event it dates or places: an event term needs the plain ``word_match``.
        # (A match by form counts 0.9 or 1; "only elsewhere in its passage" 0.5 never does.)
        strict = self.thresholds.word_match
        event = not info.event or any(m >= strict for f, m in zip(info.focus, matched, strict=True) if f in info.event)
        return coverage, hard, head_tokens, event, credit

    def _focus_weights(self, info: QuestionInfo) -> list[float]:
        """The weight of each focus term in coverage: its IDF, at least 0.2; a term only the
        scene-setting sentences say, ``Thresholds.scene_weight`` of that."""
        scene = self.thresholds.scene_weight
        return [max(self._idf(f), 0.2) * (scene if f in info.scene else 1.0) for f in info.focus]

    def _windows(self, text: str) -> list[str]:
        """The sentence's clauses and pairs of neighbouring clauses (the sentence itself excluded)."""
        return list(_clause_windows(text, self.thresholds.clause_pairs))

    def _deep_vectors(
        self,
        info: QuestionInfo,
        sentences: Sequence[str],
        *,
        words: bool = True,
        windows: bool = True,
        table: dict[str, np.ndarray] | None = None,
    ) -> tuple[WordVectors, dict[str, np.ndarray]] | None:
        """Every vector the deep pass over ``sentences`` can ask for (with ``words``: the
        question's focus words and each sentence's words; with ``windows``: each sentence's
        clause windows), fetched with one ``word_vectors`` call, so whatever is neither cached
        nor in the vocabulary reaches the model in one batch; then served, with what ``table``
        already holds, from one table (returned with its lookup, to be extended later)."""
        if self._word_vectors is None:
            return None
        table = dict(table or {})
        wanted: dict[str, None] = dict.fromkeys(info.focus_words) if words else {}
        for text in sentences:
            if windows:
                wanted.update(dict.fromkeys(self._windows(text)))
            if words:
                wanted.update(dict.fromkeys(sorted({t for t in tokens(text) if len(t) > 2})))
        texts = [t for t in wanted if t not in table]
        if texts:
            table.update(zip(texts, np.asarray(self._word_vectors(texts)), strict=True))

        def lookup(items: Sequence[str]) -> np.ndarray:
            return np.stack([table[t] for t in items])

        return lookup, table

    def _typed(self, info: QuestionInfo, windows: Sequence[str], head_tokens: set[str]) -> bool:
        """Does one window hold both an answer of the asked kind and the asked relation?"""
        for window in windows:
            if info.answer_type == "person" and info.head and (
                describes_agent(window, head_tokens) or names_agent(window, head_tokens, info.text)
            ):
                return True
            if _credited_work(info, window):
                return True  # "an article called Counting potatoes ..., by Jesús González Barahona"
            if not head_tokens and passive_agent(info, window):
                return True  # "This port of R for macOS is maintained by Simon Urbanek"
            if info.wh == "how many" and info.head and enumerates_head(window, head_tokens):
                return True  # the members listed: "... HP PA-RISC, IA-64 and IBM s/390 ports"
            if not has_answer_type(window, info):
                continue
            if info.head and info.answer_type == "number":
                gate = self.model.gate
                if counts_head(window, info, head_tokens, after=gate.count_after, before=gate.count_before):
                    return True
            elif not info.head or info.answer_type != "person" or head_tokens & set(tokens(window)):
                return True
        return False

    # -- features ------------------------------------------------------------------
    def _section_vectors(self, sections: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors of the section headings (the last part of each trail), cached like words."""
        heads = sorted({_last_heading(s) for s in sections if s})
        if not heads or self._word_vectors is None:
            return {}
        return dict(zip(heads, self._word_vectors(heads), strict=True))

    def _features(
        self,
        info: QuestionInfo,
        question_vector: np.ndarray,
        passage: Passage,
        index: int,
        sid: str,
        cosine: float,
        heading_vectors: Mapping[str, np.ndarray],
        *,
        deep: bool,
        vectors: WordVectors | None = None,
        facts: _QuestionFacts | None = None,
        exact: float | None = None,
        window_vectors: bool = True,
        assume_local: float | None = None,
    ) -> Candidate:
        """Score one sentence (``passage.chunk.sentences[index]``) with the learned model
        (``vectors``: the deep pass's prefetched word and window vectors; ``facts``: what the
        question's sentences share, computed once; ``exact``: the sentence's lexical coverage,
        when the cheap pass computed it already). Without ``window_vectors`` a deep sentence's
        clause windows still count for the answer type, but its ``local_cosine`` is its own
        similarity (a lower bound of what the windows give), or ``assume_local`` when given."""
        chunk = passage.chunk
        span = chunk.sentences[index]
        t = self.thresholds
        facts = facts or _QuestionFacts(self, info, question_vector, heading_vectors)
        weights = facts.weights
        vectors = vectors or self._word_vectors
        windows = self._windows(span.text) if deep else []
        local = cosine
        if assume_local is not None:
            local = max(cosine, assume_local)
        elif windows and vectors is not None and window_vectors:
            local = max(cosine, float((vectors(windows) @ question_vector).max()))
        word_match = t.close_word_match if local >= t.close_sentence else t.word_match
        coverage, hard, head_tokens, event, passage_credit = self._coverage_parts(
            info,
            span.text,
            chunk.text,
            semantic=deep,
            word_match=word_match,
            vectors=vectors,
            weights=weights,
            passage_sims=facts.passage_sims(chunk) if deep else None,
            antecedent=chunk.sentences[index - 1].text if index and opens_with_anaphor(span.text) else "",
        )
        if not deep:
            exact = coverage
        elif exact is None:
            exact = self._coverage(info, span.text, chunk.text, semantic=False, weights=weights)[0]
        if info.acronym and re.search(rf"\(\s*{re.escape(info.acronym)}\s*\)", span.text):
            coverage, hard, passage_credit = 1.0, 0, 0.0  # "Name (ACRONYM)" spells the acronym out
        credit = credits_creator(span.text, info)
        if info.creator:
            # Who made the document: only a sentence crediting someone with it answers.
            coverage, hard = (1.0, 0) if credit else (0.0, hard)
            passage_credit = 0.0
            type_ok = bool(credit) and has_answer_type(span.text, info)
        elif info.head and not head_tokens and not _credited_work(info, span.text) and not passive_agent(info, span.text):
            type_ok = False  # the sentence does not say the asked relation or kind of thing
        elif not event:
            type_ok = False  # its date or place is of another event than the one asked about
        elif not _restrictors_said(info.text, chunk.sentences, index):
            type_ok = False  # not "the most", "the first", "the next" one the question asks about
        elif is_typed(info) and not facts.of(chunk).numbers_found:
            type_ok = False  # its passage is about another version or year than the one asked about
        elif info.answer_type in ("any", "reason"):
            type_ok = True
        else:
            type_ok = self._typed(info, [span.text, *windows], head_tokens)
        typed = is_typed(info)

        passage_facts = facts.of(chunk)
        heading = passage_facts.heading
        heading_cos = passage_facts.heading_cos
        heading_cov = passage_facts.heading_cov
        is_heading = bool(heading) and _squash(span.text) == passage_facts.squashed_heading
        after_heading = (
            index > 0 and bool(heading) and _squash(chunk.sentences[index - 1].text) == passage_facts.squashed_heading
        )
        content = [stem(w) for w in tokens(span.text) if w not in STOPWORDS]
        question_stems = facts.question_stems
        novelty = (sum(1 for w in content if w not in question_stems) / len(content)) if content else 0.0
        names_found = passage_facts.names_found
        features = (
            cosine,
            local,
            coverage,
            exact,
            float(hard > 0),
            float(type_ok),
            float(typed and not type_ok),
            float(credit),
            float(info.answer_type == "reason" and reason_cue(span.text)),
            heading_cos,
            heading_cov,
            float(is_heading),
            float(after_heading),
            math.log1p(index),
            float(is_label_like(span.text)),
            float(is_cross_reference(span.text)),
            float(ends_as_question(span.text)),
            novelty,
            float(coverage >= 0.8 and novelty < 0.25),
            names_found,
            1.0 / max(passage.rank, 1),
            math.log(max(len(span.text), 1)),
        )
        probability = self.model.probability(features)
        # The rule gate's coverage counts the topic terms the passage says in other words.
        gate_coverage = min(1.0, coverage + passage_credit)
        rule_score = rule_score_of(self.model.gate.cosine_weight, local, gate_coverage, bool(credit), passage.rank)
        return Candidate(
            rule_score=rule_score,
            passage=passage,
            sentence=span,
            sentence_id=sid,
            cosine=cosine,
            local_cosine=local,
            coverage=gate_coverage,
            hard_misses=hard,
            type_ok=type_ok,
            score=probability,
            credited=bool(credit),
            probability=probability,
            features=features,
            section=chunk.section,
            is_heading=is_heading,
            position=index,
        )

    def candidates(
        self,
        info: QuestionInfo,
        question_vector: np.ndarray,
        passages: Sequence[Passage],
        sentence_vectors: dict[str, np.ndarray],
    ) -> list[Candidate]:
        """Every sentence of ``passages``, scored, best first. The cheap features (precomputed
        vectors, exact coverage) score every sentence; word-vector matching and clause windows
        rescore only the best few. Their words' and windows' vectors are read from the index
        (the vocabulary file; ``sentence_vectors`` holds the windows stored at ingest, keyed by
        :func:`sentence_id` of their offsets); what is not stored is embedded in one call."""
        seen: set[tuple[str, int, int]] = set()
        items: list[tuple[Passage, int, str, float]] = []
        for passage in passages:
            chunk = passage.chunk
            for index, span in enumerate(chunk.sentences):
                key = (chunk.source, span.start, span.end)
                if key in seen:
                    continue
                seen.add(key)
                sid = self._sentence_id(chunk.source, span.start, span.end)
                vec = sentence_vectors.get(sid)
                if vec is None:
                    continue
                items.append((passage, index, sid, float(np.dot(question_vector, vec))))
        headings = self._section_vectors([p.chunk.section for p in passages])
        facts = _QuestionFacts(self, info, question_vector, headings)
        rough = [
            self._features(info, question_vector, p, i, sid, cos, headings, deep=False, facts=facts)
            for p, i, sid, cos in items
        ]
        n = self.thresholds.deep_candidates
        by_model = sorted(range(len(rough)), key=lambda j: -rough[j].probability)[:n]
        by_rule = sorted(range(len(rough)), key=lambda j: -rough[j].rule_score)[:n]
        out = list(rough)
        deep = list(dict.fromkeys(by_model + by_rule))
        if not deep:
            out.sort(key=lambda c: -c.probability)
            return out
        texts = {j: items[j][0].chunk.sentences[items[j][1]].text for j in deep}

        def rescore(
            j: int, vectors: WordVectors | None, window_vectors: bool = True, assume_local: float | None = None
        ) -> Candidate:
            p, i, sid, cos = items[j]
            return self._features(
                info, question_vector, p, i, sid, cos, headings, deep=True, vectors=vectors, facts=facts,
                exact=rough[j].features[_EXACT_COVERAGE], window_vectors=window_vectors, assume_local=assume_local,
            )

        t = self.thresholds
        # Clause windows stored at ingest come with the passages (read by their offsets).
        stored, complete = self._stored_windows([(items[j][0].chunk, items[j][1]) for j in deep], sentence_vectors)
        if t.window_gain is None or complete:
            # Every deep sentence with its exact clause similarity: nothing more to embed when
            # ingest stored the windows (and the vocabulary the words); else one model call at
            # most for the whole deep pass (not one per sentence).
            fetched = self._deep_vectors(info, list(texts.values()), table=stored)
            for j in deep:
                out[j] = rescore(j, fetched[0] if fetched else None)
        else:
            # Two steps, still one model call at most when the vocabulary stored at ingest holds
            # the passages' words: the deep features with each sentence's own similarity, then
            # the clause windows of only those sentences whose windows could change the answer.
            fetched = self._deep_vectors(info, list(texts.values()), windows=False, table=stored)
            words = fetched[0] if fetched else None
            windowed = [j for j in deep if self._windows(texts[j])]
            crossing: dict[int, Candidate] = {}
            for j in deep:
                out[j] = rescore(j, words, window_vectors=False)
            for j in windowed:
                raised = min(1.0, items[j][3] + t.window_gain)
                if items[j][3] < t.close_sentence <= raised:
                    # Raised this far, the sentence's words would match more loosely.
                    crossing[j] = rescore(j, words, assume_local=raised)
            opened = self._open_windows(out, windowed, crossing)
            if opened and fetched:
                more = self._deep_vectors(info, [texts[j] for j in opened], words=False, table=fetched[1])
                lookup = more[0] if more else None
                for j in opened:
                    cos = items[j][3]
                    local = max(cos, float((lookup(self._windows(texts[j])) @ question_vector).max())) if lookup else cos
                    # Only the similarity changed, unless it crossed ``close_sentence`` (word matching).
                    same = crossing.get(j) if local >= t.close_sentence > cos else out[j]
                    if same is not None and (local >= t.close_sentence) == (same.local_cosine >= t.close_sentence):
                        out[j] = self._with_local(same, local)
                    else:
                        out[j] = rescore(j, lookup)
        out.sort(key=lambda c: -c.probability)
        return out

    def _stored_windows(
        self, sentences: Sequence[tuple[Chunk, int]], sentence_vectors: Mapping[str, np.ndarray]
    ) -> tuple[dict[str, np.ndarray], bool]:
        """The clause-window vectors that came with the passages for ``sentences`` (``(chunk,
        index)`` pairs), by window text, and whether every window of them is there. Stored
        windows are keyed like sentences, by :func:`sentence_id` of their offsets in the
        document (an index built without them, or a custom store, gives none)."""
        table: dict[str, np.ndarray] = {}
        complete = True
        for chunk, index in sentences:
            span = chunk.sentences[index]
            for a, b in clause_window_spans(span.text, self.thresholds.clause_pairs):
                vec = sentence_vectors.get(self._sentence_id(chunk.source, span.start + a, span.start + b))
                if vec is None:
                    complete = False
                else:
                    table[span.text[a:b]] = np.asarray(vec, dtype=np.float32)
        return table, complete

    def _with_local(self, cand: Candidate, local: float) -> Candidate:
        """``cand`` with ``local`` as its best clause similarity (its word matching unchanged)."""
        features = list(cand.features)
        features[_LOCAL_COSINE] = local
        probability = self.model.probability(features)
        return replace(
            cand,
            local_cosine=local,
            features=tuple(features),
            probability=probability,
            score=probability,
            rule_score=rule_score_of(
                self.model.gate.cosine_weight, local, cand.coverage, cand.credited, cand.passage.rank
            ),
        )

    def _open_windows(
        self, scored: Sequence[Candidate], windowed: Sequence[int], crossing: Mapping[int, Candidate]
    ) -> list[int]:
        """Which of the ``windowed`` sentences (indices into ``scored``, each scored with its own
        similarity as ``local_cosine``) need their clause windows embedded: those that, were their
        windows to raise their similarity by ``Thresholds.window_gain``, could rank among the best
        ``_EXACT_RANKS`` quotable sentences, reach the window threshold, or become the best
        sentence holding an answer of the asked kind (by probability, by rule score, or by
        similarity and coverage, as the answerability features and the rule gate pick it).
        The others keep their own similarity: as long as no window raises a sentence's
        similarity by more than the gain, their windows cannot change which sentences these
        are. ``crossing`` holds, for a sentence whose raised similarity would reach
        ``close_sentence`` (which loosens its word matching), its features at that similarity:
        the bound is the better of the two."""
        t = self.thresholds
        gain = t.window_gain or 0.0
        model = self.model
        quotable = [c for c in scored if quotable_sentence(c)]
        probs = sorted((c.probability for c in quotable), reverse=True)
        # The best sentence of all (a heading may be it) is exact too: its passage is read.
        cut = min(
            probs[min(_EXACT_RANKS, len(probs)) - 1] if probs else math.inf,
            max(c.probability for c in scored),
            model.window_threshold,
        )
        typed = [c for c in quotable if c.type_ok]
        best_typed = max((c.probability for c in typed), default=-math.inf)
        best_rule = max((c.rule_score for c in typed), default=-math.inf)
        best_relevant = max((c.features[_COVERAGE] + c.local_cosine for c in typed), default=-math.inf)
        opened = []
        for j in windowed:
            c = scored[j]
            raised = min(1.0, c.cosine + gain)
            features = list(c.features)
            features[_LOCAL_COSINE] = raised
            probability = max(c.probability, model.probability(features))
            rule = c.rule_score + model.gate.cosine_weight * (raised - c.local_cosine)
            relevant = c.features[_COVERAGE] + raised
            type_ok = c.type_ok
            other = crossing.get(j)
            if other is not None:
                probability = max(probability, other.probability)
                rule = max(rule, other.rule_score)
                relevant = max(relevant, other.features[_COVERAGE] + raised)
                type_ok = type_ok or other.type_ok
            if probability >= cut or (
                type_ok
                and quotable_sentence(c)
                and (probability >= best_typed or rule >= best_rule or relevant >= best_relevant)
            ):
                opened.append(j)
        return opened

    # -- answering -----------------------------------------------------------------
    def select(
        self,
        question: str,
        question_vector: np.ndarray,
        passages: Sequence[Passage],
        sentence_vectors: dict[str, np.ndarray],
        *,
        info: QuestionInfo | None = None,
        following: Sequence[Passage] = (),
    ) -> Selection:
        """Score every retrieved sentence and decide: answered, closest or not answered.
        ``following`` (``Retrieved.following``): the chunks that go on after a passage's last
        sentence; their sentences are quoted only after the one that introduces them."""
        info = info or analyze_question(question)
        if info.is_attack:
            return Selection(info=info, candidates=(), chosen=(), probability=0.0, band="not_answered", instruction=True)
        cands = self.candidates(info, question_vector, passages, sentence_vectors)
        quotable = [c for c in cands if quotable_sentence(c)]
        evidence = self.term_evidence(info, quotable, passages)
        by_rule = self.rule_gate(info, cands)
        under_heading = None if by_rule else self.heading_answer(info, quotable)
        pool = cands
        if under_heading is not None:
            # Its section answers: the likelier sentences of other sections are not what it asks.
            section = (under_heading.passage.chunk.source, under_heading.section)
            pool = [
                under_heading,
                *(c for c in cands if c is not under_heading and (c.passage.chunk.source, c.section) == section),
            ]
        gate = by_rule or under_heading is not None or (
            bool(quotable)
            and self.model.answer_probability(quotable, is_typed(info), evidence) >= self.model.override_threshold
        )
        chosen, band, probability = choose(
            pool,
            self.model,
            self.thresholds.max_sentences,
            typed=is_typed(info),
            evidence=evidence,
            gate=gate,
            following=self._followers(following),
        )
        if band == "answered" and under_heading is None:
            chosen = with_evidence(chosen, cands, info, self.model.gate, self.thresholds.max_sentences, by_rule=by_rule)
        # A yes/no question asks whether something is a reason ("Is pressure one of the reasons
        # for the attacks?"): the sentence that says so answers it, not the cause of that sentence.
        if band == "answered" and info.answer_type == "reason" and not is_yes_no(info.text):
            chosen = _with_stated_reasons(chosen, quotable, self.thresholds.max_sentences)
        if band == "answered":
            chosen = _with_continuations(chosen, quotable, info, self.thresholds.max_sentences)
        return Selection(info=info, candidates=tuple(cands), chosen=tuple(chosen), probability=probability, band=band)

    def _followers(self, passages: Sequence[Passage]) -> list[Candidate]:
        """The sentences of ``passages`` as candidates that are never scored (probability 0):
        quoted only after the sentence that introduces them (:func:`choose`)."""
        return [
            Candidate(
                passage=passage,
                sentence=span,
                sentence_id=self._sentence_id(passage.chunk.source, span.start, span.end),
                cosine=0.0,
                local_cosine=0.0,
                coverage=0.0,
                hard_misses=0,
                type_ok=False,
                score=0.0,
                features=tuple(0.0 for _ in FEATURES),
                section=passage.chunk.section,
                position=i,
            )
            for passage in passages
            for i, span in enumerate(passage.chunk.sentences)
        ]

    def acceptable(self, cand: Candidate) -> bool:
        """Does this sentence answer the question well enough to quote it (the rule gate, with
        the model's fitted ``Gate``)?"""
        return acceptable(self.model.gate, cand)

    def rule_gate(self, info: QuestionInfo, cands: Sequence[Candidate]) -> bool:
        """Answered or not by rule: the best sentence holding an answer of the asked kind covers
        the question's topic, and the question's names occur in its passage, or in the title or
        heading trail it sits under (a passage of the Debian handbook is about Debian whether or
        not it says so)."""
        decided = gate_sentence(cands, self.model.gate)
        if decided is None or not self.acceptable(decided):
            return False
        chunk = decided.passage.chunk
        # The section the sentence sits in speaks of one thing across its chunks: a name said
        # once before a long quotation ("written by Guido van Rossum: ... I decided ...") is
        # still what the quotation is about.
        same_section = [
            c.passage.chunk.text
            for c in cands
            if c.passage.chunk.source == chunk.source and c.passage.chunk.section == chunk.section and chunk.section
        ]
        context = normalize(
            " ".join(
                dict.fromkeys(
                    [*(c.passage.chunk.text for c in [*cands[:1], decided]), *same_section, chunk.title, chunk.section]
                )
            )
        ).lower()
        # Whose account the question asks for ("according to Bill Mitchell") is often named
        # once before a long quotation: anywhere in the retrieved passages of the same document.
        source = attributed_words(info.text)
        document = (
            normalize(" ".join(dict.fromkeys(c.passage.chunk.text for c in cands if c.passage.chunk.source == chunk.source))).lower()
            if source
            else ""
        )
        found = all(
            _name_in(name, context) or (set(tokens(name)) <= source and _name_in(name, document)) for name in info.names
        )
        if found and info.wh in ("where", "when") and info.names:
            # A place or a date sets the scene of what its own sentence (or the one before, which
            # its pronouns may point back to) is about: the question's names must be there,
            # by their form or a derived one ("Afghan-Pakistani" for Afghanistan and Pakistan).
            best = decided
            near = " ".join(s.text for s in chunk.sentences[max(0, best.position - 1) : best.position + 1])
            local = {part for w in tokens(f"{near} {chunk.section}") for part in (w, *w.split("-"))}
            return all(set(tokens(name)) <= source or _named_near(name, local) for name in info.names)
        return found

    def heading_answer(self, info: QuestionInfo, quotable: Sequence[Candidate]) -> Candidate | None:
        """The first sentence under the heading that restates the question
        (``Thresholds.heading_answer``), among the ``Thresholds.heading_depth`` likeliest quotable
        ones: its passage names the question's names, and for a typed question it holds an
        answer of the asked kind."""
        floor = self.thresholds.heading_answer
        if floor is None:
            return None
        under = [
            c
            for c in quotable[: self.thresholds.heading_depth]
            if c.features[AFTER_HEADING] > 0.5
            and c.features[HEADING_COSINE] >= floor
            and c.features[_NAMES_FOUND] >= 1.0
            and (c.type_ok or not is_typed(info))
        ]
        return max(under, key=lambda c: c.features[HEADING_COSINE], default=None)

    def term_evidence(self, info: QuestionInfo, quotable: Sequence[Candidate], passages: Sequence[Passage]) -> TermEvidence:
        """Where the question's topic terms and names occur: in the best sentence, in its
        passage, anywhere in the retrieved passages, anywhere in the collection. The rarer
        terms are those at or above the median IDF of the question's terms (at least one)."""
        names = info.names
        everywhere = normalize(" ".join(p.chunk.text for p in passages)).lower()
        names_missing = sum(1 for n in names if not _name_in(n, everywhere)) / len(names) if names else 0.0
        if not info.focus:
            return TermEvidence(names_missing=names_missing)
        weights = [max(self._idf(f), 0.2) for f in info.focus]
        cut = sorted(weights)[len(weights) // 2]
        rare = [i for i, w in enumerate(weights) if w >= cut]

        def share(stems: set[str], among: Sequence[int]) -> float:
            total = sum(weights[i] for i in among)
            return sum(weights[i] for i in among if _stem_found(info.focus[i], stems)) / total

        best = quotable[0] if quotable else None
        typed = next((c for c in quotable[:5] if c.type_ok), None) if is_typed(info) else best
        sentence = {stem(t) for t in tokens(best.sentence.text)} if best else set()
        typed_sentence = {stem(t) for t in tokens(typed.sentence.text)} if typed else set()
        section = {stem(t) for t in tokens(f"{best.section} {best.passage.chunk.text}")} if best else set()
        anywhere = {stem(t) for p in passages for t in tokens(f"{p.chunk.section} {p.chunk.text}")}
        everything = range(len(info.focus))
        return TermEvidence(
            rare_in_sentence=share(sentence, rare),
            rare_in_section=share(section, rare),
            rare_in_typed=share(typed_sentence, rare),
            missing_everywhere=1.0 - share(anywhere, everything),
            unknown_terms=sum(1 for f in info.focus if not self._known(f) and f not in info.scene) / len(info.focus),
            names_missing=names_missing,
            topic_terms=len(info.focus),
        )

    def answer(
        self,
        question: str,
        question_vector: np.ndarray,
        passages: Sequence[Passage],
        sentence_vectors: dict[str, np.ndarray],
        *,
        info: QuestionInfo | None = None,
        following: Sequence[Passage] = (),
    ) -> Answer:
        """An extractive answer, or a grounded=False answer with the closest passages."""
        selection = self.select(question, question_vector, passages, sentence_vectors, info=info, following=following)
        related = tuple(passages[:3])
        if selection.instruction:
            return Answer(text=REFUSED_INSTRUCTION, grounded=False, mode="extractive", related=related)
        if not selection.chosen:
            return Answer(text=NOT_ANSWERED, grounded=False, mode="extractive", related=related)
        citations = []
        parts = []
        for n, cand in enumerate(selection.chosen, start=1):
            citations.append(citation_for(n, cand.passage, cand.sentence))
            parts.append(f"{cand.sentence.text} [{n}]")
        return Answer(text=" ".join(parts), grounded=True, mode="extractive", citations=tuple(citations))


def choose(
    cands: Sequence[Candidate],
    model: AnswerModel,
    max_sentences: int = 3,
    *,
    typed: bool = False,
    evidence: TermEvidence | None = None,
    gate: bool | None = None,
    following: Sequence[Candidate] = (),
) -> tuple[list[Candidate], Outcome, float]:
    """The sentences to quote (reading order) and the band, from scored candidates (best first).

    A heading or a question is never quoted (``quotable_sentence``). The best sentence answers
    when the answerability probability reaches the model's answer threshold (or, when ``gate``
    is given, when the gate says so), and the outcome is "closest" when it reaches only the
    closest threshold; the sentences right after it in the same section join it
    while they reach the window threshold (an answer that takes more than one sentence), or
    while the sentence before introduces them (:func:`introduces_next`); the runner-up joins
    when it is right before or after the best sentence in its section and its probability is
    at least ``PAIR_RATIO`` times the best's (None: never); another sentence joins when its
    probability is close to the best's.
    """
    quotable = [c for c in cands if quotable_sentence(c)]
    if not quotable:
        return [], "not_answered", 0.0
    best = quotable[0]
    answerable = model.answer_probability(quotable, typed, evidence)
    answered = answerable >= model.answer_threshold if gate is None else gate
    if not answered:
        return [], ("closest" if answerable >= model.closest_threshold else "not_answered"), answerable
    # The sentences that go on after a passage's last one: reached only from the one before.
    reachable = [*quotable, *(c for c in following if quotable_sentence(c))]
    chosen = [best]
    cursor = best
    while len(chosen) < max_sentences:
        after = _next_in_section(cursor, reachable)
        if after is None:
            break
        # A sentence that introduces the next ("... is as follows:", "Yes, there is.") is
        # quoted with what it introduces, however likely that is on its own.
        if (
            after.probability < model.window_threshold
            and not introduces_next(cursor.sentence.text)
            and not names_what_it_quantifies(cursor.sentence.text, after.sentence.text)
        ):
            break
        chosen.append(after)
        cursor = after
    # The runner-up right before or after the best sentence in its section: the answer takes
    # both ("Before this syntax was introduced ..." / "Yes, there is ...").
    if PAIR_RATIO is not None and len(quotable) > 1 and len(chosen) < max_sentences:
        second = quotable[1]
        if second not in chosen and _adjacent(best, second) and second.probability >= PAIR_RATIO * best.probability:
            chosen.append(second)
    for cand in quotable[1:]:
        if len(chosen) >= max_sentences:
            break
        if cand in chosen or cand.probability < model.extra_ratio * best.probability:
            continue
        chosen.append(cand)
    return in_reading_order(_with_listed_items(chosen, reachable)), "answered", answerable


# How many sentences an answer quotes at most when a colon introduces a list (its lead-in
# included): as many as a summary quotes for a document's main points (``SummaryParams.sentences``,
# fitted by scripts/fit_summary.py), a list's items being points of one answer.
LIST_LIMIT = SummaryParams().sentences


_BULLETS = ("•", "–", "- ", "* ")
_SYMBOL_WORDS = frozenset(SYMBOL_NAMES.values())


def is_list_item(sentence: str) -> bool:
    """Is ``sentence`` an item of a list that goes on: it ends with a semicolon or a comma, or
    opens with a bullet ("the standard C library (glibc), ...;", "• debian-mentors@...")?"""
    text = sentence.strip()
    return text.endswith((";", ",")) or text.startswith(_BULLETS)


def _with_listed_items(chosen: list[Candidate], quotable: Sequence[Candidate]) -> list[Candidate]:
    """``chosen`` with the whole list that a quoted sentence ending with a colon introduces
    ("Among the common libraries, you can find:"): the sentences after it in its section while
    each is an item that goes on (:func:`is_list_item`), and the one that closes the list, up
    to ``LIST_LIMIT`` sentences in all. A list's items answer together; its first alone gives
    one of them as if it were all."""
    out = list(chosen)
    for cand in chosen:
        if not cand.sentence.text.rstrip().endswith(":"):
            continue
        cursor = cand
        while len(out) < LIST_LIMIT:
            following = _next_in_section(cursor, quotable)
            if following is None:
                break
            if following not in out:
                out.append(following)
            cursor = following
            if not is_list_item(following.sentence.text):
                break
    return out


# The runner-up next to the best sentence joins it at this share of the best's probability,
# fitted by scripts/fit_lead.py --windows on the development fit splits (30 Nov 2026: answered
# questions quoting the gold passage 0.770 never -> 0.786 at 0.3 -> 0.794 at 0.0; the F1 of
# the quoted sentences 0.671 -> 0.651 -> 0.606; 0.3 is the best within 0.05 of F1).
PAIR_RATIO: float | None = 0.3

# A bare reply: "yes" or "no" and then only function words ("Yes, there is.", "No, it doesn't.").
_BARE_REPLY = re.compile(r"^\W*(?:yes|no)\b", re.IGNORECASE)


def introduces_next(sentence: str) -> bool:
    """Does ``sentence`` introduce the sentence after it: it ends with a colon ("... works as
    follows:"), or it is a bare reply (:func:`is_bare_reply`)?"""
    return sentence.rstrip().endswith(":") or is_bare_reply(sentence)


def is_bare_reply(sentence: str) -> bool:
    """Is ``sentence`` "yes" or "no" with no content word after it ("Yes, there is.", "No.",
    the answer being the sentence that says what there is)?"""
    text = sentence.rstrip()
    if not _BARE_REPLY.match(text):
        return False
    return all(w in STOPWORDS or w in AUXILIARIES or w in ("yes", "no") for w in tokens(text))


_QUANTIFIED = re.compile(
    rf"\b(?:{'|'.join(sorted(INDEFINITE_QUANTIFIERS))}|a few)\s+(?:of\s+the\s+)?(?:[a-z][\w-]*\s+){{0,2}}?[a-z][\w-]*s\b"
)


def names_what_it_quantifies(sentence: str, following: str) -> bool:
    """Does ``sentence`` speak of some things without naming them ("some of the companies ...
    closed down", "several manufacturers have ...") and the sentence after it name them ("Corel
    sold ..., Stormix declared ..."): the general noun phrase points forward to the names
    (Halliday & Hasan, 1976, ch. 6, general nouns)? Then the two answer together."""
    if not _QUANTIFIED.search(sentence) or proper_names(sentence)[1:]:
        return False
    return len(proper_names(following)) >= 2


def _adjacent(a: Candidate, b: Candidate) -> bool:
    """Are ``a`` and ``b`` consecutive sentences of one chunk (so of one section)?"""
    return a.passage.chunk.id == b.passage.chunk.id and abs(a.position - b.position) == 1


def gate_sentence(cands: Sequence[Candidate], gate: Gate | None = None) -> Candidate | None:
    """The sentence the rule gate decides on: the quotable one holding an answer of the asked
    kind with the best rule score; with ``gate``, the best of those it finds acceptable, when
    one is (a sentence that says the answer in other words scores below one that repeats the
    question's words without it)."""
    typed = [c for c in cands if c.type_ok and quotable_sentence(c)]
    if gate is not None:
        typed = [c for c in typed if acceptable(gate, c)] or typed
    return max(typed, key=lambda c: c.rule_score, default=None)


def with_evidence(
    chosen: list[Candidate], cands: Sequence[Candidate], info: QuestionInfo, gate: Gate, limit: int, *, by_rule: bool
) -> list[Candidate]:
    """``chosen`` with the sentence an answer rests on: the one the rule gate answered on, when it
    did (the decision's evidence is cited); when the answerability override answered a how-many
    question, the sentence that counts the asked thing (:func:`gate_sentence`), for the count is
    what was asked and the likeliest sentence need not give one. (For other kinds of question the
    override's likeliest sentences stand: a place or date in a sentence the likelihood ranks lower
    is more often another event's.)"""
    if by_rule or (info.wh == "how many" and info.head):
        return _with_gate_sentence(chosen, gate_sentence(cands, gate), limit)
    return chosen


def _with_gate_sentence(chosen: list[Candidate], sentence: Candidate | None, limit: int) -> list[Candidate]:
    """``chosen`` with the gate's ``sentence`` among them (in reading order) when fewer than
    ``limit`` are quoted."""
    if sentence is None or sentence in chosen or not chosen or len(chosen) >= limit:
        return chosen
    return in_reading_order([*chosen, sentence])


def rule_score_of(cosine_weight: float, local_cosine: float, coverage: float, credited: bool, rank: int) -> float:
    """The rule gate's score of a sentence: similarity and topic coverage weighed by
    ``cosine_weight``, a credit of the document's makers, a little less for later passages."""
    return cosine_weight * local_cosine + (1 - cosine_weight) * coverage + 0.1 * credited - 0.01 * (rank - 1)


def acceptable(gate: Gate, cand: Candidate) -> bool:
    """Does this sentence answer the question well enough to quote it (``Gate`` explains how)?"""
    missed = cand.hard_misses and cand.coverage < gate.min_coverage
    if missed and cand.local_cosine < gate.paraphrase_cosine + gate.miss_margin:
        return False
    # A terse question ("Publisher?") is barely similar to any sentence; a credit answers it.
    similar = cand.local_cosine >= gate.min_cosine or cand.credited
    direct = cand.rule_score >= gate.min_score and similar and cand.coverage >= gate.min_coverage
    paraphrase = cand.local_cosine >= gate.paraphrase_cosine and cand.coverage >= gate.paraphrase_coverage
    return direct or paraphrase


def quotable_sentence(cand: Candidate) -> bool:
    """Headings, sentences that are themselves questions (a table-of-contents entry, a FAQ
    heading repeated, the reader's question restated) and title-like lines (``is_label_like``:
    a sidebar's or a figure's title, a navigation line) are never an answer. A line that holds
    a link is quotable although it reads like a label: the link may be what is asked for; so is
    a line a colon introduces ("... a common idiom was to use logical operators:" / "[expression]
    and [on_true] or [on_false]"): a code line, a command or an entry, not a title."""
    text = cand.sentence.text
    if cand.is_heading or ends_as_question(text) or heading_part(cand.passage.chunk, cand.position):
        return False
    return "://" in text or not is_label_like(text) or _introduced(cand)


def heading_part(chunk: Chunk, index: int) -> bool:
    """Is sentence ``index`` of ``chunk`` one of the sentences its section's heading was cut
    into ("Q:  I have installed xz, but my tar doesn't recognize .tar.xz files." of a heading
    that goes on "How can I extract .tar.xz files?")? See :func:`_heading_sentences`."""
    return index < _heading_sentences(chunk)


def _heading_sentences(chunk: Chunk) -> int:
    """How many of ``chunk``'s first sentences spell its section's heading: its section number
    at most (a sentence without letters), then the heading's words, whole; 0 when the chunk
    does not open with the heading."""
    heading = _squash(_last_heading(chunk.section))
    spelled = ""
    for i, span in enumerate(chunk.sentences if heading else ()):
        if not spelled and not any(ch.isalpha() for ch in span.text):
            continue  # the section number ("5.1.")
        spelled = f"{spelled} {_squash(span.text)}".strip()
        if spelled == heading:
            return i + 1
        if not heading.startswith(spelled):
            return 0
    return 0


def _introduced(cand: Candidate) -> bool:
    """Does the sentence before ``cand`` in its chunk end with a colon?"""
    sentences = cand.passage.chunk.sentences
    return 0 < cand.position <= len(sentences) and sentences[cand.position - 1].text.rstrip().endswith(":")


def in_reading_order(cands: Sequence[Candidate]) -> list[Candidate]:
    """``cands`` as a reader meets them: by document, then by position in it."""
    return sorted(cands, key=lambda c: (c.passage.chunk.source, c.sentence.start))


def is_typed(info: QuestionInfo) -> bool:
    """Does the question ask for an answer of a kind (a name, a date, a place, a number, ...)?"""
    return info.answer_type not in ("any", "reason") or bool(info.creator)


def _content_lemmas(text: str) -> frozenset[str]:
    """The lemma stems of ``text``'s words that are not stop words."""
    return frozenset(lemma_stem(t) for t in tokens(text) if t not in STOPWORDS)


def _next_in_section(cand: Candidate, cands: Sequence[Candidate]) -> Candidate | None:
    """The candidate sentence right after ``cand`` in its section, if scored: the next of its
    chunk, or after a chunk's last sentence the first of the section's next chunk, when that
    chunk was retrieved too (a chunk ends where a paragraph starts once it is half full, so a
    list's items run on into the next chunk)."""
    chunk = cand.passage.chunk
    if cand.position + 1 < len(chunk.sentences):
        return _candidate_at(chunk, cand.position + 1, cands)
    following = next(
        (
            c.passage.chunk
            for c in cands
            if c.passage.chunk.source == chunk.source
            and c.passage.chunk.index == chunk.index + 1
            and c.passage.chunk.section == chunk.section
        ),
        None,
    )
    if following is None:
        return None
    # Chunks may repeat a sentence or two of the one before: the first that starts after this one.
    index = next((i for i, s in enumerate(following.sentences) if s.start >= cand.sentence.end), None)
    return _candidate_at(following, index, cands) if index is not None else None


def _candidate_at(chunk: Chunk, index: int, cands: Sequence[Candidate]) -> Candidate | None:
    """The candidate of ``chunk``'s sentence ``index``, if there is one and it was scored."""
    if index >= len(chunk.sentences):
        return None
    span = chunk.sentences[index]
    return next((c for c in cands if c.passage.chunk.source == chunk.source and c.sentence.start == span.start), None)


# "This is due to ...", "It stems from ...": a sentence whose anaphoric subject points back at
# the sentence before it and whose first words give a cause (a causal marker of the lexicon).
_ANAPHORIC_SUBJECT = re.compile(r"^\s*(?:this|that|it|these|those|such)\b", re.IGNORECASE)


# "The goal here is to prevent ...", "The reason for this is that ...": a sentence whose subject
# is a definite noun naming a reason or a purpose (lexicon.REASON_NOUNS) that points back
# ("here", "for this", "behind it") or stands alone before its verb "be".
_REASON_SUBJECT = re.compile(
    rf"^\s*(?:the|its|their|his|her|our)\s+(?:main\s+|primary\s+)?(?:{'|'.join(sorted(REASON_NOUNS))})\b"
    r"(?:\s+here|\s+(?:for|of|behind)\s+(?:this|that|it|these|those))?\s+(?:is|was|are|were)\b",
    re.IGNORECASE,
)


def gives_reason_for_previous(sentence: str) -> bool:
    """Does ``sentence`` state the cause (or the purpose) of what the sentence before it says:
    an anaphoric subject and a causal marker ("This is due to ..."), or a subject that names a
    reason or purpose ("The goal here is to prevent ...")?"""
    if _REASON_SUBJECT.match(sentence):
        return True
    if not _ANAPHORIC_SUBJECT.match(sentence):
        return False
    opening = " ".join(tokens(sentence)[:8])
    return any(f" {marker} " in f" {opening} " for marker in CAUSAL_MARKERS | PURPOSE_MARKERS)


def stated_reason(sentences: Sequence[SentenceSpan], i: int) -> int | None:
    """The index of the sentence of ``sentences`` (a chunk's) that states the cause or purpose
    of sentence ``i`` (:func:`gives_reason_for_previous`): the next one, or the one after it
    when that says again what it explains ("A new distribution testing was introduced.
    Mainly, ... This was introduced in order to reduce freeze time."); else None."""
    for j in (i + 1, i + 2):
        if j >= len(sentences) or not gives_reason_for_previous(sentences[j].text):
            continue
        if j == i + 1 or _content_lemmas(sentences[j].text) & _content_lemmas(sentences[i].text):
            return j
    return None


def reason_after(chunks: Iterable[Chunk], source: str, start: int) -> tuple[Chunk, int] | None:
    """The chunk and index of the sentence that states the cause or purpose of ``source``'s
    sentence at offset ``start`` (:func:`stated_reason`), read in every one of ``chunks`` that
    holds that sentence: chunks overlap, and the one that ends with it does not hold what
    follows."""
    for chunk in chunks:
        if chunk.source != source:
            continue
        i = next((n for n, span in enumerate(chunk.sentences) if span.start == start), None)
        j = stated_reason(chunk.sentences, i) if i is not None else None
        if j is not None:
            return chunk, j
    return None


def _stated_reason_candidate(cand: Candidate, quotable: Sequence[Candidate]) -> Candidate | None:
    """The candidate that states ``cand``'s cause or purpose (:func:`reason_after`)."""
    chunks = {c.passage.chunk.id: c.passage.chunk for c in (cand, *quotable)}
    found = reason_after(chunks.values(), cand.passage.chunk.source, cand.sentence.start)
    return _candidate_at(found[0], found[1], quotable) if found is not None else None


def _with_stated_reasons(chosen: list[Candidate], quotable: Sequence[Candidate], limit: int) -> list[Candidate]:
    """For a why-question, the sentence that gives a chosen one's cause (:func:`stated_reason`:
    "This is due to ...") is part of the answer: it joins, in place of the weakest extra."""
    result = list(chosen)
    for cand in chosen:
        following = _stated_reason_candidate(cand, quotable)
        if following is None or following in result:
            continue
        if len(result) >= limit:
            extras = [c for c in result if c is not cand]
            if not extras:
                continue
            result.remove(min(extras, key=lambda c: c.probability))
        result.append(following)
    return in_reading_order(result)


def _with_continuations(chosen: list[Candidate], quotable: Sequence[Candidate], info: QuestionInfo, limit: int) -> list[Candidate]:
    """The sentence after a chosen one that goes on about the asked thing by a demonstrative
    and the noun the question asks with ("Starting Setup involves pressing a key ..." / "This
    key is often Del or Esc ..." for "bios setup key?"): the demonstrative refers back to the
    thing the chosen sentence introduced (Halliday & Hasan 1976, 2.4), so the two answer
    together. It joins while fewer than ``limit`` sentences are quoted."""
    nouns = {lemma for word in info.focus_words if (lemma := noun_lemma(word.lower()))}
    result = list(chosen)
    for cand in chosen:
        following = _next_in_section(cand, quotable)
        if len(result) >= limit or following is None or following in result:
            continue
        words = tokens(following.sentence.text)[:2]
        if len(words) == 2 and words[0] in COHESIVE_DEMONSTRATIVES and noun_lemma(words[1]) in nouns:
            result.append(following)
    return in_reading_order(result)


_EXACT_COVERAGE = FEATURES.index("exact_coverage")
_COVERAGE = FEATURES.index("coverage")
_LOCAL_COSINE = FEATURES.index("local_cosine")
# The best quotable sentences whose scores the deep pass keeps exact (up to the window gain):
# the answer, the runner-up and the third best, which the answerability features and the
# extra quoted sentences read.
_EXACT_RANKS = 3


class _PassageFacts:
    """What every sentence of one passage shares in its features."""

    __slots__ = ("heading", "squashed_heading", "heading_cos", "heading_cov", "names_found", "numbers_found")

    def __init__(
        self, heading: str, heading_cos: float, heading_cov: float, names_found: float, numbers_found: bool
    ) -> None:
        self.heading = heading
        self.squashed_heading = _squash(heading)
        self.heading_cos = heading_cos
        self.heading_cov = heading_cov
        self.names_found = names_found
        # Every number the question names ("Debian 5.0", "in 2009") is in the passage: a
        # passage without it speaks of another version or year.
        self.numbers_found = numbers_found


class _QuestionFacts:
    """What the features of one question's sentences share, computed once per question: the
    focus terms' weights, the question's stems, and each passage's heading similarity and
    coverage and the share of the question's names it holds (memoised by chunk)."""

    def __init__(
        self,
        answerer: ExtractiveAnswerer,
        info: QuestionInfo,
        question_vector: np.ndarray,
        heading_vectors: Mapping[str, np.ndarray],
    ) -> None:
        self._answerer = answerer
        self._info = info
        self._question_vector = question_vector
        self._heading_vectors = heading_vectors
        self.weights = answerer._focus_weights(info)
        self.question_stems = set(info.focus) | {stem(w) for w in tokens(info.text)}
        self._passages: dict[tuple[str, str, str], _PassageFacts] = {}
        self._passage_sims: dict[tuple[str, str], tuple[float, ...] | None] = {}

    def passage_sims(self, chunk: Chunk) -> tuple[float, ...] | None:
        """Per focus term, its best word-vector similarity to a word of ``chunk``'s text (the
        words the vocabulary stored at ingest holds: every token longer than two characters),
        computed once per passage; None without word vectors or a threshold to compare with."""
        answerer = self._answerer
        if answerer._word_vectors is None or answerer.thresholds.passage_word_match is None or not self._info.focus:
            return None
        key = (chunk.id, chunk.text)
        if key not in self._passage_sims:
            words = sorted({t for t in tokens(chunk.text) if len(t) > 2})
            if not words:
                self._passage_sims[key] = None
            else:
                focus = list(self._info.focus_words)
                vecs = np.asarray(answerer._word_vectors([*focus, *words]))
                sims = vecs[: len(focus)] @ vecs[len(focus) :].T
                self._passage_sims[key] = tuple(float(v) for v in sims.max(axis=1))
        return self._passage_sims[key]

    def of(self, chunk: Chunk) -> _PassageFacts:
        key = (chunk.id, chunk.section, chunk.text)
        found = self._passages.get(key)
        if found is not None:
            return found
        info = self._info
        heading = _last_heading(chunk.section)
        heading_vec = self._heading_vectors.get(heading)
        heading_cos = float(np.dot(self._question_vector, heading_vec)) if heading_vec is not None else 0.0
        heading_cov = (
            self._answerer._coverage(info, chunk.section, chunk.section, semantic=False, weights=self.weights)[0]
            if chunk.section
            else 0.0
        )
        context = normalize(chunk.text).lower()
        names_found = sum(1 for n in info.names if _name_in(n, context)) / len(info.names) if info.names else 1.0
        numbers = {f for f in info.focus if any(c.isdigit() for c in f)}
        numbers_found = not numbers or numbers <= _stem_set(chunk.text)
        found = self._passages[key] = _PassageFacts(heading, heading_cos, heading_cov, names_found, numbers_found)
        return found


def _stem_false_friend(word: str, stemmed: str, sentence_tokens: Sequence[str]) -> bool:
    """Do the sentence's words of stem ``stemmed`` share only the stem with the question's
    ``word``: each an irregular form of another verb, or ``word`` one (WordNet's exception
    lists: "found" of "find" and "founded" of "found"; "bore" of "bear" and "bored")? The
    question's word is matched then by lemma, if at all."""
    irregular = irregular_lemmas()
    own = _lemma_stems(word)
    same = [t for t in sentence_tokens if stem(t) == stemmed]
    return bool(same) and all((t in irregular or word in irregular) and not own & _lemma_stems(t) for t in same)


def _lemma_stems(word: str) -> frozenset[str]:
    """The stems of every lemma ``word`` may be a form of: its irregular one and the English
    words it is a regular inflection of ("bases": "basis" and "base")."""
    return frozenset([lemma_stem(word), *(stem(b) for b in regular_bases(word) if b in english_words())])


@lru_cache(maxsize=1024)
def _stem_set(text: str) -> frozenset[str]:
    """The stems of ``text``'s tokens (memoised: a passage is the context of each of its sentences)."""
    return frozenset(stem(t) for t in tokens(text))


@lru_cache(maxsize=1024)
def clause_window_spans(text: str, pairs: bool = True) -> tuple[tuple[int, int], ...]:
    """Where a sentence's clause windows are in it: ``(start, end)`` offsets into ``text`` of
    its clauses and (``pairs``) pairs of neighbouring clauses, each text once, only those of
    two words or more; none for a sentence of one clause. Ingest embeds and stores them (see
    ``index.Corpus``), so a question reads them by offsets instead of embedding them."""
    spans = clause_spans(text)
    if len(spans) <= 1:
        return ()
    out = list(spans)
    if pairs:
        out += [(spans[i][0], spans[i + 1][1]) for i in range(len(spans) - 1)]
    kept: dict[str, tuple[int, int]] = {}
    for a, b in out:
        window = text[a:b]
        if window not in kept and len(window.split()) >= 2:
            kept[window] = (a, b)
    return tuple(kept.values())


@lru_cache(maxsize=1024)
def _clause_windows(text: str, pairs: bool = True) -> tuple[str, ...]:
    """A sentence's clauses and (``pairs``) pairs of neighbouring clauses (:func:`clause_window_spans`)."""
    return tuple(text[a:b] for a, b in clause_window_spans(text, pairs))


# "Who wrote X?": the author words of the lexicon (write, wrote, written, authored, penned, ...).
_WRITING = frozenset(lemma_stem(w) for w in AUTHOR_WORDS) | frozenset(stem(w) for w in AUTHOR_WORDS)
_BY_NAME = re.compile(r"(?:^|[,;:]\s*|\s)by\s+[A-Z][\w’'.-]*\s+[A-Z]")


def _phrasal_particle(word: str, following: str) -> str:
    """``following`` when ``word`` and it make a WordNet phrasal verb ("looks after", "look
    for"; :func:`assistant.lexicon.phrasal_verbs`), else ""."""
    bases = {word, irregular_lemmas().get(word, word), *regular_bases(word)}
    return following if any(f"{b} {following}" in phrasal_verbs() for b in bases) else ""


@lru_cache(maxsize=1024)
def _asked_particle(question: str, head: str) -> str:
    """The particle of the question's relation when it is a phrasal verb ("after" of "Who looks
    after X?"), else ""."""
    words = tokens(question)
    return next(
        (p for w, nxt in zip(words, words[1:]) if stem(w) == head and (p := _phrasal_particle(w, nxt))), ""
    )


def _same_relation_tokens(info: QuestionInfo, words: Sequence[str], same: Callable[[str], bool]) -> set[str]:
    """The ``words`` that say the question's relation (``same``: its word's stem), leaving out
    a use of the word in another phrasal verb than the question's: "Look for a PEP ..." says
    nothing of "Who looks after X?" (a phrasal verb's particle makes it another verb: Quirk et
    al. 1985, 16.2-16.3); "maintained", "looks" and "looked after" still count."""
    asked = _asked_particle(info.text, info.head)
    out: set[str] = set()
    for k, w in enumerate(words):
        if not same(w):
            continue
        other = _phrasal_particle(w, words[k + 1]) if asked and k + 1 < len(words) else ""
        if not other or other == asked:
            out.add(w)
    return out


# "... is maintained by Simon Urbanek", "was sponsored by the GNU Project": a form of "be", an
# optional adverb, a past participle (any word: "made", "run" and "held" are irregular) and
# "by" with the agent (Quirk et al. 1985, 3.63-3.74, the passive's agent). Not a "by" phrase of
# manner, means or time (``lexicon.NON_AGENT_BY``) or a gerund ("by using"), which name no doer.
_PASSIVE_BY = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+(?:[a-z]+ly\s+)?[a-z]+\s+by\s+"
    r"((?:(?:the|a|an|its|their|his|her)\s+)?[A-Za-z][\w’'-]*(?:\s+[A-Za-z][\w’'-]*){0,3})"
)


def passive_agent(info: QuestionInfo, text: str) -> bool:
    """Does ``text`` name a doer in a passive's "by" phrase ("This port of R for macOS is
    maintained by Simon Urbanek") while the question asks who does something to what the
    passive's subject says? The passive names who does its verb, whatever verb the question
    uses for it ("Who looks after the macOS version?"), when its subject is one of the
    question's names or says one of its topic words beyond them ("The creation of Debian was
    sponsored by ..." says nothing of "the new Debian logo"), and its agent is not the
    question's own ("... is managed by the Python Infrastructure Team" does not say who leads
    the Python Infrastructure Team)."""
    if info.answer_type != "person" or not info.head:
        return False
    named = {stem(w) for n in info.names for w in tokens(n)}
    topic = {f for f in info.focus if f not in named and f != info.head}
    asked = {stem(w) for w in tokens(info.text)}
    for m in _PASSIVE_BY.finditer(text):
        # The agent's noun phrase, up to a preposition or conjunction ("volunteers of the ...").
        words = tokens(m.group(1))
        cut = next((i for i, w in enumerate(words) if i and (w in PREPOSITIONS or w in ("and", "or"))), len(words))
        agent = [w for w in words[:cut] if w not in STOPWORDS]
        if not agent or agent[0] in NON_AGENT_BY or agent[0].endswith("ing") or all(stem(w) in asked for w in agent):
            continue
        subject = [w for w in tokens(re.split(r"[,;:(]", text[: m.start()])[-1]) if w not in STOPWORDS]
        stems = {stem(w) for w in subject} | {lemma_stem(w) for w in subject}
        if stems & topic or (subject and all(stem(w) in named for w in subject)):
            return True
    return False


def _credited_work(info: QuestionInfo, text: str) -> bool:
    """Does ``text`` credit a work to someone by name ("..., by Jesús González Barahona") while
    the question asks who wrote it? A work's "by <name>" says so, as "written by" does."""
    return info.answer_type == "person" and info.head in _WRITING and bool(_BY_NAME.search(text))


def names_agent(window: str, head_tokens: set[str], question: str) -> bool:
    """Does ``window`` say who does the asked relation by a noun for people rather than a name:
    a WordNet person noun (:func:`assistant.lexicon.person_nouns`) in the plural or after a
    determiner, before the relation's word and not the question's own ("A group of users ...
    started Devuan", "the leader has real authority; their vote resolves tie votes; they can make
    any decision")? The relation's word must not itself name people ("leaders" says who the
    leaders are no more than the question does)."""
    words = tokens(window)
    people = person_nouns()
    at = next((i for i, w in enumerate(words) if w in head_tokens and (noun_lemma(w) or w) not in people), None)
    if at is None:
        return False
    asked = set(tokens(question))
    for k, word in enumerate(words[:at]):
        lemma = noun_lemma(word)
        if word in asked or lemma not in people:
            continue
        if lemma != word or (k > 0 and words[k - 1] in DETERMINERS):
            return True
    return False


def describes_agent(window: str, head_tokens: set[str]) -> bool:
    """Does ``window`` say who does the asked relation without naming them: the relation's word
    (one of ``head_tokens``) in the same clause window as the personal relative pronoun "who"
    (Quirk et al. 1985, §6.33: "who" refers to persons), as in "the project secretary, who is in
    charge of the organization of votes" or "the one who does things gets to decide"?"""
    words = set(tokens(window))
    return "who" in words and bool(head_tokens & words)


@lru_cache(maxsize=16384)
def _synonym_stems(word: str) -> frozenset[str]:
    """The stems of ``word``'s WordNet synonyms (:func:`assistant.lexicon.synonyms`)."""
    return frozenset(stem(w) for w in synonyms(word))


def _restrictors_said(question: str, sentences: Sequence[SentenceSpan], index: int) -> bool:
    """Does ``sentences[index]``, or a sentence beside it ("It was the first DebConf in
    Africa." after the one giving its place), say each modifier of the question that picks one
    thing out of its kind (:func:`restrictors`), by its form or a WordNet synonym?"""
    needed = restrictors(question)
    if not needed:
        return True
    if _other_ordinal(question, sentences[index].text):
        return False
    if _narrowed_ordinals(question, sentences[index].text):
        return False
    # "It was the first DebConf in Africa" beside a sentence says no "first" of the one asked.
    near = " ".join(s.text for s in sentences[max(0, index - 1) : index + 2])
    for start, end in reversed(_narrowed_ordinals(question, near)):
        near = near[:start] + " " + near[end:]
    said = _stem_set(near)
    return all(stem(w) in said or _synonym_stems(w) & said for w in needed)


_ORDINAL_OF = re.compile(rf"\b({'|'.join(sorted(ORDINALS))})\s+([\w-]+)", re.IGNORECASE)
_RESTRICTING_PHRASE = re.compile(rf"\s+(?:{'|'.join(sorted(PREPOSITIONS))})\b", re.IGNORECASE)


# A phrase that complements a noun of content names what the thing is ("the first release of
# Debian", "the first article about Python", "the first book on Debian": Quirk et al. 1985,
# 17.38-17.41, a noun's prepositional complement): it narrows nothing.
_NARROWING = "|".join(sorted(p for p in PREPOSITIONS if p not in {"of", "about", "on", "concerning", "regarding"}))


_NARROWED = re.compile(
    rf"\b({'|'.join(sorted(ORDINALS))})\s+([\w-]+)\s+(?:{_NARROWING})\s+(?:(?:the|a|an)\s+)?([\w-]+)", re.IGNORECASE
)


@lru_cache(maxsize=256)
def _unrestricted_ordinals(question: str) -> frozenset[tuple[str, str]]:
    """The question's ordinals with the stem of their noun, where no phrase restricts the noun
    ("first", "debconf" of "the first DebConf", not of "the first DebConf in Africa")."""
    return frozenset(
        (m.group(1).lower(), stem(m.group(2).lower()))
        for m in _ORDINAL_OF.finditer(question)
        if not _RESTRICTING_PHRASE.match(question, m.end())
    )


def _narrowed_ordinals(question: str, text: str) -> list[tuple[int, int]]:
    """Where ``text`` narrows an ordinal of the question whose noun nothing restricts ("the
    first DebConf") by a prepositional phrase the question does not have ("the first DebConf
    in Africa", "the first release to use ELF"): first of a part of the series, which need not
    be the one asked about. A noun's complement ("of Debian", "about Python") narrows nothing;
    a phrase whose word the question says is the question's own."""
    asked = _unrestricted_ordinals(question)
    if not asked:
        return []
    own = _stem_set(question)
    return [
        (m.start(), m.end())
        for m in _NARROWED.finditer(text)
        if (m.group(1).lower(), stem(m.group(2).lower())) in asked and stem(m.group(3).lower()) not in own
    ]


def _other_ordinal(question: str, sentence: str) -> bool:
    """Does ``sentence`` put another ordinal on the noun the question's ordinal picks ("The
    seventeenth DebConf" for "the first DebConf")? It then speaks of another one of the series,
    whatever a sentence beside it says."""
    # "the first DebConf in Africa" is first of a part of the series, which "the seventeenth
    # DebConf" may be: only an ordinal whose noun no prepositional phrase restricts counts.
    asked = {
        (m.group(1).lower(), stem(m.group(2).lower()))
        for m in _ORDINAL_OF.finditer(question)
        if not _RESTRICTING_PHRASE.match(question, m.end())
    }
    said = {(m.group(1).lower(), stem(m.group(2).lower())) for m in _ORDINAL_OF.finditer(sentence)}
    nouns = {noun for _, noun in asked - said}  # a sentence saying the asked one too may answer
    return any(noun in nouns and (ordinal, noun) not in asked for ordinal, noun in said)


def _in_names(word: str, names: Sequence[str]) -> bool:
    """Is ``word`` part of one of the question's names (a name has no synonyms)?"""
    low = word.lower()
    return any(low in tokens(name) for name in names)


@lru_cache(maxsize=1024)
def _lemma_stem_set(text: str) -> frozenset[str]:
    """The lemma stems (:func:`lemma_stem`) of ``text``'s tokens."""
    return frozenset(lemma_stem(t) for t in tokens(text))


_NOMINALISING = tuple(sorted(NOMINALISING_SUFFIXES, key=len, reverse=True))
# The agent-noun suffixes among them (Quirk et al. I.35: -er, -or).
_AGENT_SUFFIXES = frozenset(["er", "ers", "or", "ors"])


def _spelling(stemmed: str) -> str:
    """A stem with British -ise spelled -ize and a final e dropped ("organis" -> "organiz")."""
    w = stemmed.removesuffix("e")
    return w[:-2] + "iz" if w.endswith("is") and len(w) > 5 else w


@lru_cache(maxsize=8192)
def same_relation(a: str, b: str) -> bool:
    """Two stems that say one relation: a verb and the noun made from it by a nominalising
    suffix ("direct" / "direction", "organis" / "organize", "govern" / "government"), either way
    round, the shorter at least four letters."""
    a, b = _spelling(a), _spelling(b)
    if a == b:
        return len(a) >= 4
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if not long_.startswith(short):
        # -ion after a base ending in d, de or t spells it s or ss (Quirk et al. I.32):
        # "extend" / "extension", "decide" / "decision", "permit" / "permission".
        root = re.sub(r"s?sions?$", "", long_)
        return root != long_ and len(root) >= 4 and short[-1] in "dt" and short[:-1] == root
    if len(short) < 4:
        # A short verb and its agent noun: "use" / "user" (the stemmer leaves "user" whole; the
        # agent nouns of longer verbs, "owner", "buyer", already share their verb's stem).
        return len(short) >= 2 and long_[len(short) :] in _AGENT_SUFFIXES
    return long_[len(short) :] in _NOMINALISING


# A question's focus term is matched against each of its passages' sentences in the cheap pass
# and again in the deep pass, and a sentence's stems are one cached frozenset (``_stem_set``):
# the two scans below are remembered by term and set (about 1,500 stem comparisons a question).
@lru_cache(maxsize=8192)
def _ends_one(term: str, stems: frozenset[str]) -> bool:
    """Some stem of ``stems`` ends with ``term`` (a compound: "strike" in "airstrikes")."""
    return any(s.endswith(term) for s in stems)


_ANAPHORS = COHESIVE_PRONOUNS | COHESIVE_DEMONSTRATIVES
_FIRST_WORD = re.compile(r"\W*(\w+)")


def opens_with_anaphor(sentence: str) -> bool:
    """Does ``sentence`` open with a pronoun or demonstrative that points back ("It takes great
    care ...", "This key is often Del")? Its topic is then the sentence before's (the
    backward-looking center, Grosz, Joshi & Weinstein, 1995)."""
    first = _FIRST_WORD.match(sentence)
    return first is not None and first.group(1).lower() in _ANAPHORS


@lru_cache(maxsize=8192)
def _relates_to_one(term: str, stems: frozenset[str]) -> bool:
    """Some stem of ``stems`` says the relation ``term`` says (:func:`same_relation`)."""
    return any(same_relation(term, s) for s in stems)


def _stem_found(term: str, stems: set[str]) -> bool:
    """A topic term (a stem) among ``stems``, alone or ending a compound ("strike" in "airstrikes")."""
    return term in stems or (len(term) >= 4 and any(s.endswith(term) for s in stems))


# A run of capitalised words, with the words that join the parts of one name between them
# ("Python Software Foundation", "Bureau of Labor Statistics": lexicon.NAME_CONNECTORS).
_CONNECTOR = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(NAME_CONNECTORS, key=len, reverse=True))
_CAPITALISED_RUN = re.compile(rf"[A-Z][\w’'-]*(?:\s+(?:(?:{_CONNECTOR})\s+)?[A-Z][\w’'-]*)+")


@lru_cache(maxsize=256)
def _acronyms(names: tuple[str, ...]) -> Mapping[str, str]:
    """The acronyms among a question's ``names``, by their lower-case form (the form of its
    focus words): read once per question, not once per sentence scored."""
    return {n.lower(): n for n in names if is_acronym(n)}


def spelled_by_initials(acronym: str, sentence: str) -> bool:
    """Does ``sentence`` name what ``acronym`` stands for, by the initials of a run of
    capitalised words ("Python Software Foundation" for "PSF"; a function word inside it,
    "Bureau of Labor Statistics" for "BLS", adds no letter)?"""
    for m in _CAPITALISED_RUN.finditer(sentence):
        initials = "".join(w[0] for w in m.group(0).split() if w[:1].isupper())
        if acronym in initials:
            return True
    return False


def _last_heading(section: str) -> str:
    return section.rsplit(" > ", 1)[-1] if section else ""


def _squash(text: str) -> str:
    """Text compared as a heading: case, spacing and Markdown's leading #s ignored."""
    return " ".join(normalize(text).lstrip("#").lower().split())


def _named_near(name: str, words: set[str]) -> bool:
    """Is every word of ``name`` among ``words``, or one sharing its first five letters (or the
    whole of a shorter one): "Afghan" for "Afghanistan", "Pakistani" for "Pakistan"? Five is
    hand-set, not fitted: four, five and six letters give the same answers on every development
    and study set (30 Nov 2026)."""
    for part in tokens(name):
        if part in STOPWORDS:
            continue  # "Afghanistan and Pakistan": the names, not the "and"
        stem_len = min(len(part), 5)
        if not any(w == part or (len(w) >= stem_len and w[:stem_len] == part[:stem_len]) for w in words):
            return False
    return True


# An acronym's plural: its capitals and a lower-case "s" ("DVDs", "PCs", "CPUs").
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")


def _name_in(name: str, context: str) -> bool:
    """A question's name occurs in ``context`` ("Kabul and Islamabad": either form will do); an
    acronym's plural occurs as its singular too ("DVDs" in "18 DVD-ROMs")."""
    for form in dict.fromkeys([name, _ACRONYM_PLURAL.sub(r"\1", name)]):
        low = normalize(form).lower()
        parts = re.split(r"\s+and\s+", low)
        if low in context or all(part in context for part in parts):
            return True
    return False
