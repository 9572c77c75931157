"""One shared Assistant under many threads, questions during an ingest, two ingesting processes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from assistant import Assistant, Settings
from assistant.index import ChromaStore, sentence_id
from assistant.index import DIMENSIONS, MODEL_ID, MiniLMEmbeddings
from assistant.errors import IndexBusyError
from assistant.index import Ingestor
from bench.synthetic import questions, write_corpus
from tests.plugins.chroma_server import assert_index_matches_corpus

ROOT = Path(__file__).resolve().parent.parent
THREADS = 16
PER_THREAD = 25
STUDY_QUESTIONS = [
    "Who wrote the study?",
    "What does the study say about attacks by the TTP?",
    "Where were the airstrikes?",
    "What are the implications for relations between Afghanistan and Pakistan?",
    "Who published the study?",
    "How many attacks did the TTP carry out in 2023?",
    "What is the capital of France?",
]


def _key(answer: Any) -> tuple[Any, ...]:
    return (
        answer.text,
        answer.grounded,
        tuple((c.source, c.chunk_id, c.start, c.end, c.quote) for c in answer.citations),
        tuple(p.chunk.id for p in answer.related),
    )


@pytest.fixture()
def settings(corpus_dir: Path, tmp_path: Path) -> Settings:
    write_corpus(corpus_dir, 3, seed=21, sections=2, paragraphs=1)
    return Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data")


@pytest.mark.slow
def test_sixteen_threads_get_the_serial_answers(settings: Settings, embedder: MiniLMEmbeddings) -> None:
    asked = (STUDY_QUESTIONS + questions(PER_THREAD, seed=3))[:PER_THREAD]
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()
        serial = {q: _key(assistant.ask(q)) for q in asked}
        assert any(key[1] for key in serial.values()) and not all(key[1] for key in serial.values())

        def worker(shift: int) -> list[tuple[str, tuple[Any, ...]]]:
            order = asked[shift:] + asked[:shift]  # every thread starts somewhere else
            return [(q, _key(assistant.ask(q))) for q in order]

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            results = list(pool.map(worker, [i % len(asked) for i in range(THREADS)]))
    assert sum(len(r) for r in results) == THREADS * PER_THREAD
    mismatched = [q for r in results for q, key in r if key != serial[q]]
    assert mismatched == []


def _version_text(version: int) -> str:
    """A document whose every sentence carries a fixed-width version tag at the same offsets."""
    paragraphs = []
    for p in range(4):
        sentences = [
            f"Revision {version:03d} of the field log records that the river crossing number {p}{s} "
            f"was {('open', 'closed', 'contested', 'patrolled')[(version + s) % 4]} during the survey."
            for s in range(4)
        ]
        paragraphs.append(" ".join(sentences))
    return "# Field log\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.mark.slow
def test_questions_during_ingest_never_see_a_half_updated_document(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    moving = settings.corpus_dir / "field-log.md"
    versions = [_version_text(v) for v in range(8)]
    moving.write_text(versions[0])
    problems: list[str] = []
    observed: set[int] = set()
    stop = threading.Event()

    def version_of(source_text: str, start: int, end: int) -> int | None:
        found = [v for v, text in enumerate(versions) if text[start:end] == source_text]
        return found[0] if len(found) == 1 else None

    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()

        def reader() -> int:
            checked = 0
            while not stop.is_set() or checked == 0:
                answer = assistant.ask("What does the field log record about the river crossing?")
                seen: set[int] = set()
                in_passages: set[int] = set()
                for c in answer.citations:
                    if c.source == "field-log.md":
                        v = version_of(c.quote, c.start, c.end)
                        if v is None:
                            problems.append(f"citation matches no single version: {c.quote[:60]!r}")
                        else:
                            seen.add(v)
                    elif assistant.document_text(c.source)[c.start : c.end] != c.quote:
                        problems.append(f"citation of {c.source} does not slice its document")
                passages = assistant.retrieve("river crossing field log revision", k=8)
                for p in passages:
                    if p.chunk.source == "field-log.md":
                        v = version_of(p.chunk.text, p.chunk.start, p.chunk.end)
                        if v is None:
                            problems.append(f"chunk matches no single version: {p.chunk.text[:60]!r}")
                        else:
                            in_passages.add(v)
                if len(seen) > 1:
                    problems.append(f"one answer mixed versions {sorted(seen)}")
                if len(in_passages) > 1:
                    problems.append(f"one retrieval mixed versions {sorted(in_passages)}")
                text = assistant.document_text("field-log.md")
                if text not in versions:
                    problems.append("document_text is no version of the file")
                observed.update(seen | in_passages)
                checked += 1
            return checked

        with ThreadPoolExecutor(max_workers=3) as pool:
            readers = [pool.submit(reader) for _ in range(3)]
            try:
                for version in versions[1:]:
                    moving.write_text(version)
                    report = assistant.ingest([moving])
                    assert report.updated == ("field-log.md",)
            finally:
                stop.set()
            checks = sum(r.result() for r in readers)
        assert assistant.document_text("field-log.md") == versions[-1]
    assert problems == []
    assert checks >= 3
    assert len(observed) >= 2, "the readers never overlapped with a re-ingest"
    assert_index_matches_corpus(settings)


_INGEST_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from assistant import Assistant, Settings
    from assistant.errors import AssistantError
    settings = Settings(corpus_dir=Path(sys.argv[1]), data_dir=Path(sys.argv[2]))
    try:
        with Assistant(settings) as assistant:
            print("started", flush=True)
            report = assistant.ingest()
        print(json.dumps({"ok": True, "embedded": report.chunks_embedded, "added": len(report.added),
                          "unchanged": len(report.unchanged)}))
    except AssistantError as exc:
        print(json.dumps({"ok": False, "error": type(exc).__name__, "message": str(exc)}))
    """
)


@pytest.mark.slow
def test_two_processes_ingesting_at_once_stay_consistent(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12, seed=8, sections=2, paragraphs=1)
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    script = tmp_path / "ingest_once.py"
    script.write_text(_INGEST_SCRIPT)
    env_path = {"PYTHONPATH": str(ROOT)}
    import os

    env = {**os.environ, **env_path, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    processes = [
        subprocess.Popen(
            [sys.executable, str(script), str(corpus), str(settings.data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        for _ in range(2)
    ]
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-2000:]
        assert "Traceback" not in err, err[-2000:]
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    succeeded = [o for o in outcomes if o["ok"]]
    assert succeeded, outcomes
    for failed in (o for o in outcomes if not o["ok"]):
        assert failed["error"] == "IndexBusyError"
        assert "assistant ingest" in failed["message"] and "\n" not in failed["message"]
    # Exactly one process embedded the corpus; the other found it done (or gave up busy).
    assert sorted(o["embedded"] > 0 for o in succeeded) in ([True], [False, True])
    for o in succeeded:
        if o["embedded"] == 0:
            assert o["unchanged"] == 12
    assert_index_matches_corpus(settings)


def test_a_held_ingest_lock_gives_index_busy_with_the_next_step(tmp_path: Path, embedder: MiniLMEmbeddings) -> None:
    import fcntl

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 1, seed=1, sections=1, paragraphs=1)
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    lock_path = settings.data_dir / "ingest.lock"
    lock_path.parent.mkdir(parents=True)
    from assistant import documents as loaders

    store = ChromaStore(settings, model_id=MODEL_ID, dimensions=DIMENSIONS)
    ingestor = Ingestor(
        store=store,
        embedder=embedder,
        loader=loaders,
        corpus_dir=corpus,
        lock_path=lock_path,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        sentence_id=sentence_id,
        lock_timeout=0.5,
    )
    with open(lock_path, "a+") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)  # as another process's ingest would
        with pytest.raises(IndexBusyError) as caught:
            ingestor.run()
        fcntl.flock(holder.fileno(), fcntl.LOCK_UN)
    message = str(caught.value)
    assert "Another ingest is running" in message and "assistant ingest" in message
    assert ingestor.run().added == ("report-000000.md",)
    store.close()
