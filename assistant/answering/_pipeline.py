"""The one answer pipeline. Every front door runs it, through :class:`~assistant.Assistant`.

A question goes, top-down:

1. checked (not empty, not too long);
2. read: a follow-up is resolved against the session's history (the offline method,
   then the model's rewrite when one is configured); "the second author" becomes the
   author's name, taken from the best document's metadata;
3. retrieved (:meth:`Corpus.search <assistant.index.Corpus.search>`);
4. answered: extractively, or by the model from numbered passages (streamed or not);
   an instruction attack never reaches the model;
5. verified: the model's sentences are checked against the passages they cite;
   when none survive, the quoted sentences are shown instead; when the model fails,
   the extractive answer is shown with the reason;
6. returned as an :class:`~assistant.types.Answer` and, in a session, recorded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..config import Settings
from ..errors import LLMError, LLMTimeoutError, UsageError
from ..index import Corpus
from ..protocols import Answerer, ChatClient, SessionStore
from ..text import clean_text, has_words
from ..types import Answer, Citation, Passage, SentenceSpan, Turn
from ._compose import challenged, offline_answer
from ._details import read_detail_claim
from ._more import NOTHING_TO_GO_ON, SOURCES_CHANGED, continued, sources_of
from ._extractive import reason_after
from ._followups import (
    Resolution,
    answer_may_repeat,
    refers_by_position,
    repeats_shown,
    resolve_followup,
    resolve_references,
)
from ._generative import build_messages, injected, is_instruction, to_answer, verify_answer
from ._judge import ModelJudge
from ._prompts import build_rewrite_messages, clean_rewrite
from ._questions import QuestionInfo, analyze_followup, analyze_question, read_question
from ._spelling import corrected
from ._summary import is_summary_request
from ._verify import Similarity, make_similarity

__all__ = ["AnswerPipeline", "Deadline"]


_CONTEXT_CHARS = 20_000  # of a document before a cited passage, for the verifier's references


class Deadline:
    """The one time budget of one answer: every model call (follow-up rewrite, answer, judge)
    gets what is left of it, so the answer never takes longer than ``seconds`` in total."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())


def retrieval_query(resolution: Resolution) -> str:
    """What to search the collection with. A question asked after scene-setting sentences
    ("My sister is a doctor ... Is there a Debian effort aimed at healthcare?") is searched
    with the question itself weighed twice: the scene's words still help (the topic may be
    there, "freezing it" after "I'm packaging a Tkinter tool"), but alone they pull passages
    about themselves. A follow-up's query is built by its resolution."""
    if resolution.is_followup or resolution.query != resolution.text:
        return resolution.query
    reading = read_question(resolution.query)
    # A question wrapped in a request ("Do you happen to know how many points ...?", "Could you
    # please tell me ...") is searched and compared as asked: the wrapper's words are in no answer.
    return f"{reading.asked} {resolution.query}" if reading.context else reading.asked


def _quotable_passage(passage: Passage, hiding: Resolution | None) -> Passage:
    """``passage`` with only the sentences that may be quoted (:func:`_quotable`)."""
    sentences = tuple(x for x in passage.chunk.sentences if _quotable(passage, x, hiding))
    return replace(passage, chunk=replace(passage.chunk, sentences=sentences))


def _quotable(passage: Passage, sentence: SentenceSpan, hiding: Resolution | None) -> bool:
    """May ``sentence`` be quoted? Never an instruction inside a document (data, not an answer);
    with ``hiding``, not the sentence that follow-up's last answer led with when it repeats it."""
    if is_instruction(sentence.text):
        return False
    return not (
        hiding is not None
        and (passage.chunk.source, sentence.start, sentence.end) in hiding.shown
        and repeats_shown(sentence.text, hiding.message, hiding.previous)
    )


def _reason_follows(passages: Sequence[Passage], shown: Sequence[tuple[str, int, int]]) -> bool:
    """Does a sentence after a ``shown`` one, in a retrieved passage, state its cause or
    purpose (:func:`reason_after`)? Every passage holding the shown sentence is read: chunks
    overlap, and the one that ends with it does not hold what follows."""
    chunks = [p.chunk for p in passages]
    return any(reason_after(chunks, source, start) is not None for source, start, _ in shown)


class AnswerPipeline:
    """Question to verified :class:`Answer`, in the extractive mode (``llm`` None) or the
    LLM mode. Thread-safe when its parts are."""

    def __init__(
        self,
        *,
        settings: Settings,
        corpus: Corpus,
        answerer: Answerer,
        sessions: SessionStore,
        llm: ChatClient | None = None,
        judge: ModelJudge | None = None,
    ) -> None:
        """``judge`` decides the meaning of the model's sentences (None: the offline checker alone)."""
        self.settings = settings
        self.judge = judge
        self.corpus = corpus
        self.answerer = answerer
        self.sessions = sessions
        self.llm = llm
        self._similarity: Similarity | None = None
        self._similarity_lock = threading.Lock()

    # -- front-door entry points ---------------------------------------------------
    def ask(self, question: str, *, k: int | None = None) -> Answer:
        """Answer one stand-alone question."""
        text = self.check_question(question)
        deadline = Deadline(self.settings.llm_deadline)
        answer = self._answer(Resolution(text=text, query=text, is_followup=False), k, deadline)
        return replace(answer, question=text)

    def chat(self, session_id: str, message: str, *, k: int | None = None) -> Answer:
        """Answer ``message`` in the conversation ``session_id`` (follow-ups resolved first)."""
        text = self.check_question(message)
        deadline = Deadline(self.settings.llm_deadline)
        resolution = self.resolve(session_id, text, deadline)
        answer = replace(self._answer(resolution, k, deadline), question=text, session=session_id)
        self._record(session_id, text, resolution, answer)
        return answer

    def stream(self, question: str, *, session_id: str | None = None, k: int | None = None) -> Iterator[str | Answer]:
        """Yield the model's text as it is produced (an UNCHECKED draft, for front doors to show
        as such), then the final verified :class:`Answer`."""
        text = self.check_question(question)
        deadline = Deadline(self.settings.llm_deadline)
        if session_id:
            resolution = self.resolve(session_id, text, deadline)
        else:
            resolution = Resolution(text=text, query=text, is_followup=False)
        final: Answer | None = None
        streamed = False
        for item in self.run(resolution, k, stream=True, deadline=deadline):
            if isinstance(item, Answer):
                final = item
            else:
                streamed = True
                yield item
        assert final is not None
        final = replace(final, question=text, session=session_id)
        if session_id:
            self._record(session_id, text, resolution, final)
        if not streamed:
            yield final.text
        yield final

    # -- 1. check --------------------------------------------------------------------
    def check_question(self, question: str) -> str:
        """The question cleaned of invisible and unencodable characters; :class:`UsageError`
        when it is empty, too long, or has no words at all (only emoji, symbols, NULs)."""
        if not isinstance(question, str) or not question.strip():
            raise UsageError("The question is empty", hint="ask something about the documents")
        if len(question) > self.settings.max_question_chars:
            raise UsageError(
                f"The question is {len(question)} characters long; the limit is {self.settings.max_question_chars}",
                hint="shorten it or raise ASSISTANT_MAX_QUESTION_CHARS",
            )
        text = clean_text(question).strip()
        if not text:
            raise UsageError("The question is empty (only invisible characters)", hint="ask something about the documents")
        if not has_words(text):
            raise UsageError(
                "The question has no words, only symbols or emoji", hint="ask something about the documents in words"
            )
        return text

    # -- 2. read ---------------------------------------------------------------------
    def resolve(self, session_id: str, text: str, deadline: Deadline | None = None) -> Resolution:
        """``text`` read in the conversation ``session_id`` (a model rewrite spends from ``deadline``)."""
        if not session_id or not str(session_id).strip():
            raise UsageError("The session id is empty", hint="pass any stable id, e.g. a thread id")
        history = self.sessions.history(session_id)
        offline = resolve_followup(text, history)
        if not offline.is_followup or offline.challenge is not None or offline.more is not None or offline.sources_of is not None:
            # A doubted answer is asked again as it was read, and a request for more or for the
            # sources is about the last answer: nothing for a model to rewrite.
            return offline
        return self._rewrite(text, history, offline, deadline or Deadline(self.settings.llm_deadline))

    def _rewrite(self, message: str, history: list[Turn], fallback: Resolution, deadline: Deadline) -> Resolution:
        """Rewrite a follow-up with the LLM when one is configured (offline method otherwise).
        It may spend a third of the answer's time at most (10 s), leaving the rest to the answer."""
        budget = min(10.0, deadline.remaining() / 3)
        if self.llm is None or not history or budget <= 0.05:
            return fallback
        pairs = [(t.role, t.content) for t in history]
        try:
            output = self.llm.complete(
                build_rewrite_messages(pairs, message),
                deadline=budget,
                temperature=0.0,
                max_tokens=80,
            )
        except LLMError:
            return fallback
        rewritten = clean_rewrite(output)
        if not rewritten or len(rewritten) > self.settings.max_question_chars:
            return fallback
        # Retrieval still sees the offline context, which helps when the rewrite is poor.
        return Resolution(
            text=rewritten,
            query=f"{rewritten} {fallback.query}" if fallback.query != rewritten else rewritten,
            is_followup=True,
            shown=fallback.shown,
            previous=fallback.previous,
            message=fallback.message,
        )

    def _by_position(self, resolution: Resolution) -> Resolution:
        """"What does the second author study?" -> "What does <name> study?": the person picked
        out of the authors listed in the details of the document the question is about (its
        best passage's), when the conversation did not already name them."""
        if not refers_by_position(resolution.text):
            return resolution
        document = self.corpus.top_document(resolution.query)
        if document is None:
            return resolution
        text = resolve_references(resolution.text, [], [document.metadata])
        if text == resolution.text:
            return resolution
        query = resolve_references(resolution.query, [], [document.metadata])
        return replace(resolution, text=text, query=query)

    def _spelled(self, resolution: Resolution) -> Resolution:
        """``resolution`` with the words neither English nor the collection knows read as the
        collection's word one edit away ("Who founded Debain?" -> "Who founded Debian?"; the
        answer's ``read_as`` shows the reading)."""

        words = self.corpus.words()

        def fix(text: str) -> str:
            return corrected(text, has_word=words.__contains__, idf=self.corpus.idf)

        text = fix(resolution.text)
        if text == resolution.text:
            return resolution
        return replace(resolution, text=text, query=fix(resolution.query))

    # -- 3. retrieve -----------------------------------------------------------------
    def _retrieve_for(
        self, resolution: Resolution, k: int | None, info: QuestionInfo
    ) -> tuple[list[Passage], Callable[[], Answer]]:
        """Passages for the question, and a function computing the extractive answer from them
        (the offline mode, and the fallback of the LLM mode: scored only when needed, so the
        LLM request is not kept waiting)."""
        found = self.corpus.search(retrieval_query(resolution), k or self.settings.top_k)

        def extractive() -> Answer:
            # The question as asked, without the wrapper and scene-setting sentences around it
            # (which still count for retrieval above).
            reading = read_question(resolution.text)
            asked = reading.asked
            # A follow-up is answered first without the sentence the last answer led with, when
            # that says nothing of what the follow-up adds (``repeats_shown``) and the follow-up
            # does not ask for another kind of answer (``answer_may_repeat``): the reader has just
            # read it, and it answered the last question. Only when nothing else answers is it
            # quoted again (the words may differ: "What were they aimed at?" of a sentence saying
            # "targeting").
            hide = bool(
                resolution.shown
                and not is_summary_request(resolution.text)
                # "Did he write it alone?": the details answer, with the sentence that states
                # them, though the last answer quoted it.
                and read_detail_claim(resolution.text) is None
                and not answer_may_repeat(info, analyze_question(resolution.previous))
                # "Why?" of what the last answer said, when the source gives its reason in the
                # next sentence ("... will escalate in the border regions." / "This is due to
                # ..."): that sentence answers with the one it explains.
                and not (info.answer_type == "reason" and _reason_follows(found.passages, resolution.shown))
            )
            # The chunks that go on after a passage's last sentence: an instruction inside a
            # document is never quoted there either.
            following = [_quotable_passage(p, None) for p in found.following]
            answer: Answer | None = None
            for hide_shown in (True, False) if hide else (False,):
                quotable = [_quotable_passage(p, resolution if hide_shown else None) for p in found.passages]
                answer = offline_answer(
                    corpus=self.corpus,
                    answerer=self.answerer,
                    question=asked,
                    info=info,
                    found=found,
                    passages=quotable,
                    scene=reading.context,
                    following=following,
                )
                if answer.outcome == "answered":
                    break
            assert answer is not None
            return answer

        return found.passages, extractive

    # -- 4 and 5. answer and verify --------------------------------------------------
    def run(
        self, resolution: Resolution, k: int | None, *, stream: bool, deadline: Deadline | None = None
    ) -> Iterator[str | Answer]:
        """Yield text pieces (LLM streaming: an unchecked draft) and, last, the final verified answer.
        Every model call spends from ``deadline`` (a new one of ``llm_deadline`` s when None)."""
        deadline = deadline or Deadline(self.settings.llm_deadline)
        notice = self.corpus.ensure_index()
        if resolution.sources_of is not None:
            # "Where does it say that?": the last answer's quotes, with where each one is.
            standing = self._standing(resolution.sources_of) if resolution.sources_of else None
            if standing is None and resolution.sources_of and resolution.sources_of.get("grounded"):
                sources = Answer(text=SOURCES_CHANGED, grounded=False, mode="extractive")
            else:
                sources = sources_of(standing, self._sections(standing))
            yield replace(sources, notice=notice or None, resolved_question=f"Sources of: {resolution.text}")
            return
        if resolution.more is not None:
            # "Tell me more.": what the text says after the sentences the last answer quoted.
            more = self._more(resolution.more) if resolution.more else Answer(text=NOTHING_TO_GO_ON, grounded=False, mode="extractive")
            if more is not None:
                yield replace(more, notice=notice or None, resolved_question=f"More on: {resolution.text}")
                return
        if resolution.challenge is not None and (standing := self._standing(resolution.doubted)) is not None:
            # A doubted answer stands on its evidence: the same answer again (asked again, the
            # question might be answered from other sentences), or the sources' answer against
            # the reader's belief.
            answer = challenged(standing, resolution.challenge)
            yield replace(answer, notice=notice or None, resolved_question=resolution.text)
            return
        resolution = self._spelled(self._by_position(resolution))
        info = analyze_followup(resolution.text, resolution.topic or resolution.query)
        passages, extractive = self._retrieve_for(resolution, k, info)
        client = self.llm
        if client is None or info.is_attack:
            answer = extractive()
        else:
            marked = injected(passages)
            try:
                messages = build_messages(resolution.text, passages)
                # The judge needs time after the answer: the answer may use three quarters of what is left.
                budget = deadline.remaining() * (0.75 if self.judge is not None else 1.0)
                if budget <= 0.05:
                    raise LLMTimeoutError(
                        f"No time was left of the {deadline.seconds:g} s deadline", hint="raise ASSISTANT_LLM_DEADLINE"
                    )
                if stream:
                    pieces: list[str] = []
                    for piece in client.stream(messages, deadline=budget):
                        pieces.append(piece)
                        yield piece
                    raw = "".join(pieces)
                else:
                    raw = client.complete(messages, deadline=budget)
                answer = self._verified(raw, passages, extractive, deadline)
            except LLMError as exc:
                answer = replace(
                    extractive(),
                    mode="extractive",
                    notice=f"The language model was unavailable ({exc.message}); answered from the sources directly.",
                )
            if marked:
                shown = ", ".join(f"[{n}] {passages[n - 1].chunk.source}" for n in marked)
                warning = (
                    f"Passage {shown} contains instructions addressed to the model; "
                    "they were treated as text, not followed."
                )
                answer = replace(answer, notice=" ".join(n for n in (answer.notice, warning) if n))
        if resolution.challenge:
            answer = challenged(answer, resolution.challenge)
        notices = [n for n in (notice, answer.notice) if n]
        yield replace(answer, notice=" ".join(notices) or None, resolved_question=resolution.text)

    def _sections(self, answer: Answer | None) -> dict[str, str]:
        """The section of each chunk ``answer`` cites, by chunk id."""
        ids = sorted({c.chunk_id for c in answer.citations if c.kind == "text"}) if answer is not None else []
        return {chunk.id: chunk.section for chunk in self.corpus.chunks(ids)} if ids else {}

    def _more(self, recorded: Mapping[str, Any]) -> Answer | None:
        """What the text says after the last answer's quotes (:func:`continued`), or None when
        that answer no longer stands on its document (it is then answered again)."""
        standing = self._standing(recorded)
        texts = [c for c in standing.citations if c.kind == "text"] if standing is not None else []
        if not texts:
            return None
        last = max((c for c in texts if c.source == texts[0].source), key=lambda c: c.end)
        return continued(texts, self.corpus.section_from(last.chunk_id))

    def _standing(self, recorded: Mapping[str, Any] | None) -> Answer | None:
        """The answer a conversation recorded, as an :class:`Answer` again, when it answered and
        every quote still is its document's text at its offsets (None otherwise: a document
        changed or left since, and the question is answered again)."""
        if not recorded or recorded.get("outcome", "answered") != "answered" or not recorded.get("citations"):
            return None
        try:
            citations = tuple(Citation(**dict(c)) for c in recorded["citations"])
        except TypeError:
            return None
        texts: dict[str, str] = {}
        for citation in citations:
            if citation.kind != "text":
                continue
            if citation.source not in texts:
                try:
                    texts[citation.source] = self.corpus.document_text(citation.source)
                except UsageError:
                    return None
            if texts[citation.source][citation.start : citation.end] != citation.quote:
                return None
        return Answer(
            text=str(recorded.get("answer", "")),
            grounded=True,
            mode=recorded.get("mode", "extractive"),
            citations=citations,
            unsupported=tuple(recorded.get("unsupported") or ()),
        )

    def _answer(self, resolution: Resolution, k: int | None, deadline: Deadline | None = None) -> Answer:
        final: Answer | None = None
        for item in self.run(resolution, k, stream=False, deadline=deadline):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def similarity(self) -> Similarity:
        """The verifier's embedding similarity (built on first use)."""
        with self._similarity_lock:
            if self._similarity is None:
                self._similarity = make_similarity(self.corpus.embedder.embed_array)
            return self._similarity

    def _text_before(self, passage: Passage) -> str:
        """The document's text before ``passage`` (at most :data:`_CONTEXT_CHARS`), which the
        verifier reads to resolve "the group" to a name defined earlier; empty when the
        document is no longer indexed."""
        try:
            text = self.corpus.document_text(passage.chunk.source)
        except UsageError:
            return ""
        return text[max(0, passage.chunk.start - _CONTEXT_CHARS) : passage.chunk.start]

    def _verified(
        self, raw: str, passages: list[Passage], offline: Callable[[], Answer], deadline: Deadline
    ) -> Answer:
        """The model's answer after verification (``mode`` "llm"). When nothing it wrote
        survives, the extractive answer is shown instead (``mode`` "extractive", the reason
        in ``notice``)."""
        verified = verify_answer(
            raw,
            passages,
            similarity=self.similarity(),
            unsupported=self.settings.unsupported,
            judge=self.judge,
            deadline=deadline.remaining(),
            context_of=self._text_before,
        )
        if verified.grounded:
            return replace(to_answer(verified, passages), notice=verified.notice)
        extractive = offline()
        why = (
            "The model found no answer in the passages"
            if verified.declined
            else "The model's answer was not supported by the sources"
        )
        instead = (
            "showing the quoted sentences that answer it instead"
            if extractive.grounded
            else "answered from the sources directly"
        )
        notices = [verified.notice, f"{why}; {instead}.", extractive.notice]
        return replace(
            extractive,
            mode="extractive",
            unsupported=verified.unsupported,
            notice=" ".join(n for n in notices if n),
        )

    # -- 6. record -------------------------------------------------------------------
    def _record(self, session_id: str, text: str, resolution: Resolution, answer: Answer) -> None:
        # The question and its answer in one transaction: a crash never leaves a question unanswered.
        self.sessions.append(
            session_id,
            Turn(role="user", content=text, resolved=resolution.text),
            Turn(role="assistant", content=answer.text, answer=answer.to_dict()),
        )
