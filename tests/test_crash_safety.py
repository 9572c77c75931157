"""An ingest killed with SIGKILL half-way is repaired by the next one: nothing duplicated, orphaned or missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.index import MiniLMEmbeddings
from bench.synthetic import write_corpus
from tests.plugins.chroma_server import assert_index_matches_corpus, expected_chunk_ids, index_state

ROOT = Path(__file__).resolve().parent.parent
# Written in embedding groups of about 256 sentences: 100 documents are three groups (42, 43
# and 15 documents), so the kill after the 20th reported document lands once the first group
# is written and two more are still to come; 60 are two groups (43 and 17).
DOCUMENTS = 100
CHANGED = 60  # two embedding groups, so the kill lands before the last write
# The subprocess reports progress after every document it writes; if it never does,
# this bounds the wait (the test fails rather than hangs).
_GIVE_UP = 600.0

_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from assistant import Assistant, Settings
    settings = Settings(corpus_dir=Path(sys.argv[1]), data_dir=Path(sys.argv[2]))

    def progress(done, total, source):
        print(f"{done} {total} {source}", flush=True)

    with Assistant(settings) as assistant:
        assistant.ingest(progress=progress)
    print("finished", flush=True)
    """
)


def _ingest_and_kill(settings: Settings, tmp_path: Path, after_documents: int) -> int:
    """Run an ingest in a subprocess and SIGKILL it once it has written ``after_documents``; returns that count."""
    script = tmp_path / "ingest_slowly.py"
    script.write_text(_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, str(script), str(settings.corpus_dir), str(settings.data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    written = 0
    try:
        assert process.stdout is not None
        for line in process.stdout:  # one line per document written
            if line.strip() == "finished":
                pytest.fail("the ingest finished before it could be killed; give it more documents")
            written += 1
            if written >= after_documents:
                os.kill(process.pid, signal.SIGKILL)
                break
        process.wait(timeout=_GIVE_UP)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL, process.stderr.read()[-2000:] if process.stderr else ""
    return written


@pytest.mark.slow
def test_a_killed_ingest_is_repaired_by_the_next_one(tmp_path: Path, embedder: MiniLMEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, DOCUMENTS, seed=4, sections=1, paragraphs=1)
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    expected = expected_chunk_ids(settings)
    assert len(expected) == DOCUMENTS

    _ingest_and_kill(settings, tmp_path, 20)  # mid-way through a batch of writes

    _, records = index_state(settings)
    complete = {s for s, r in records.items() if r.status == "complete"}
    assert 0 < len(complete) < DOCUMENTS, "the kill did not land mid-ingest"

    with Assistant(settings, embedder=embedder) as assistant:
        report = assistant.ingest()
        assert set(report.unchanged) == complete
        assert set(report.added) | set(report.updated) | complete == set(expected)
        assert report.skipped == ()
    assert_index_matches_corpus(settings)


@pytest.mark.slow
def test_a_killed_reingest_of_changed_documents_is_repaired(tmp_path: Path, embedder: MiniLMEmbeddings) -> None:
    """Killed while replacing documents already indexed: their old chunks must not linger."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, CHANGED, seed=4, sections=1, paragraphs=1)
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()
    write_corpus(corpus, CHANGED, seed=5, sections=1, paragraphs=1)  # every file changes

    _ingest_and_kill(settings, tmp_path, 1)

    with Assistant(settings, embedder=embedder) as assistant:
        report = assistant.ingest()
        assert report.added == ()
        assert len(report.updated) + len(report.unchanged) == CHANGED
        assert report.updated
    assert_index_matches_corpus(settings)
