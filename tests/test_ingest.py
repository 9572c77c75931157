"""Incremental ingest: only what changed is embedded, nothing good is ever lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.index import MiniLMEmbeddings
from assistant.errors import IndexMismatchError
from bench.synthetic import write_corpus
from tests.plugins.chroma_server import assert_index_matches_corpus, expected_chunk_ids, index_state


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """Three short synthetic reports (small, so every test embeds little)."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3, seed=11, sections=2, paragraphs=1)
    return Settings(corpus_dir=corpus, data_dir=tmp_path / "data")


@pytest.fixture()
def assistant(settings: Settings, embedder: MiniLMEmbeddings) -> Assistant:
    with Assistant(settings, embedder=embedder) as a:
        yield a


def _all_sources(settings: Settings) -> set[str]:
    return set(expected_chunk_ids(settings))


def test_first_ingest_indexes_every_document(assistant: Assistant, settings: Settings) -> None:
    report = assistant.ingest()
    expected = expected_chunk_ids(settings)
    assert set(report.added) == set(expected)
    assert report.chunks_embedded == sum(len(ids) for ids in expected.values())
    assert_index_matches_corpus(settings)


def test_same_corpus_twice_embeds_nothing(assistant: Assistant, settings: Settings) -> None:
    assistant.ingest()
    again = assistant.ingest()
    assert again.chunks_embedded == 0
    assert set(again.unchanged) == _all_sources(settings)
    assert (again.added, again.updated, again.removed) == ((), (), ())


def test_a_new_process_sees_the_corpus_unchanged(settings: Settings, embedder: MiniLMEmbeddings) -> None:
    with Assistant(settings, embedder=embedder) as first:
        first.ingest()
    with Assistant(settings, embedder=embedder) as second:
        again = second.ingest()
    assert again.chunks_embedded == 0
    assert set(again.unchanged) == _all_sources(settings)


def test_editing_one_document_reembeds_only_it(assistant: Assistant, settings: Settings) -> None:
    assistant.ingest()
    edited = settings.corpus_dir / "report-000001.md"
    edited.write_text(edited.read_text() + "\n\nA new paragraph was added in the latest revision of this report.\n")
    report = assistant.ingest()
    assert report.updated == ("report-000001.md",)
    assert report.added == () and report.removed == ()
    assert report.chunks_embedded == len(expected_chunk_ids(settings)["report-000001.md"])
    assert "report-000001.md" not in report.unchanged
    assert_index_matches_corpus(settings)
    assert "latest revision" in assistant.document_text("report-000001.md")


def test_deleting_a_file_removes_its_chunks(assistant: Assistant, settings: Settings) -> None:
    assistant.ingest()
    before, _ = index_state(settings)
    (settings.corpus_dir / "report-000002.md").unlink()
    report = assistant.ingest()
    assert report.removed == ("report-000002.md",)
    assert report.chunks_deleted == len(before["report-000002.md"])
    stored, records = index_state(settings)
    assert "report-000002.md" not in stored and "report-000002.md" not in records
    assert "report-000002.md" not in {s.source for s in assistant.sources()}
    assert_index_matches_corpus(settings)


def test_the_sources_listed_follow_every_change_of_the_index(assistant: Assistant, settings: Settings) -> None:
    """The list is read once per index revision: a removal, an edit and an addition each show
    in the next listing of the same assistant, and a caller changing a listing changes nothing."""
    assistant.ingest()
    first = assistant.sources()
    assert "report-000002.md" in {s.source for s in first}
    first[0].metadata["scribbled"] = "by a caller"  # type: ignore[index]
    assert "scribbled" not in assistant.sources()[0].metadata
    (settings.corpus_dir / "report-000002.md").unlink()
    assistant.ingest()
    assert "report-000002.md" not in {s.source for s in assistant.sources()}
    edited = settings.corpus_dir / "report-000001.md"
    before = {s.source: s.chunks for s in assistant.sources()}["report-000001.md"]
    edited.write_text(edited.read_text() + "\n\n" + "A new paragraph with several more sentences. " * 60 + "\n")
    assistant.ingest()
    assert {s.source: s.chunks for s in assistant.sources()}["report-000001.md"] > before
    (settings.corpus_dir / "report-000009.md").write_text("# A new report\n\nIt says one new thing.\n")
    assistant.ingest()
    assert "report-000009.md" in {s.source for s in assistant.sources()}

def test_ingesting_named_paths_removes_nothing_else(assistant: Assistant, settings: Settings) -> None:
    assistant.ingest()
    (settings.corpus_dir / "report-000002.md").unlink()
    report = assistant.ingest([settings.corpus_dir / "report-000001.md"])
    assert report.removed == ()
    stored, _ = index_state(settings)
    assert "report-000002.md" in stored


@pytest.mark.parametrize(
    ("name", "content", "reason_word"),
    [
        ("empty.md", b"", "empty"),
        ("blank.txt", b"   \n\n  \t\n", "empty"),
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("broken.pdf", b"%PDF-1.7\n this is not really a PDF \x00\x01\x02", "pdf"),
        ("broken.docx", b"PK\x03\x04 not a zip archive at all", "docx"),
    ],
)
def test_bad_files_are_skipped_with_a_reason_and_lose_nothing(
    assistant: Assistant, settings: Settings, name: str, content: bytes, reason_word: str
) -> None:
    assistant.ingest()
    before, _ = index_state(settings)
    (settings.corpus_dir / name).write_bytes(content)
    report = assistant.ingest()
    skipped = {s.source: s.reason for s in report.skipped}
    assert name in skipped
    assert reason_word in skipped[name].lower()
    assert "\n" not in skipped[name]
    stored, _ = index_state(settings)
    assert stored == before
    assert report.chunks_embedded == 0 and report.removed == ()


def test_a_good_file_turned_corrupt_keeps_its_old_chunks(assistant: Assistant, settings: Settings) -> None:
    assistant.ingest()
    before, records_before = index_state(settings)
    target = settings.corpus_dir / "report-000000.md"
    target.write_bytes(b"\x00\xff\xfe binary junk \x00" * 200)
    report = assistant.ingest()
    assert "report-000000.md" in {s.source for s in report.skipped}
    assert report.removed == () and report.updated == ()
    stored, records = index_state(settings)
    assert stored == before
    assert records["report-000000.md"].status == "complete"
    assert records["report-000000.md"].doc_hash == records_before["report-000000.md"].doc_hash
    assert "report-000000.md" in {s.source for s in assistant.sources()}


def test_rebuild_reembeds_everything(assistant: Assistant, settings: Settings) -> None:
    first = assistant.ingest()
    report = assistant.ingest(rebuild=True)
    assert report.chunks_embedded == first.chunks_embedded > 0
    assert set(report.added) == _all_sources(settings)
    assert report.unchanged == ()
    assert_index_matches_corpus(settings)


class _OtherModel(MiniLMEmbeddings):
    """The same vectors under another model id: an index built "with another model"."""

    model_id = "some-other-embedding-model"


def test_an_index_from_another_model_asks_for_a_rebuild(settings: Settings, embedder: MiniLMEmbeddings) -> None:
    with Assistant(settings, embedder=_OtherModel()) as other:
        other.ingest()
    with Assistant(settings, embedder=embedder) as current:
        with pytest.raises(IndexMismatchError) as caught:
            current.ingest()
        message = str(caught.value)
        assert "assistant ingest --rebuild" in message
        assert "some-other-embedding-model" in message
        assert "\n" not in message
        with pytest.raises(IndexMismatchError):
            current.ask("What did local police report about roadside bombings?")
        report = current.ingest(rebuild=True)
        assert set(report.added) == _all_sources(settings)
        assert current.retrieve("roadside bombings near checkpoints")
    assert_index_matches_corpus(settings)


def test_symlinks_leading_outside_the_corpus_are_not_ingested(
    assistant: Assistant, settings: Settings, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    write_corpus(outside, 2, seed=99)
    os.symlink(outside / "report-000000.md", settings.corpus_dir / "linked-file.md")
    os.symlink(outside, settings.corpus_dir / "linked-folder")
    report = assistant.ingest()
    indexed = {s.source for s in assistant.sources()}
    assert not any(name.startswith("linked") for name in indexed)
    assert not any(name.startswith("linked") for name in report.added)
    skipped = {s.source: s.reason for s in report.skipped}
    assert any("outside" in reason for source, reason in skipped.items() if source.startswith("linked"))
    stored, _ = index_state(settings)
    outside_texts = {p.read_text() for p in outside.iterdir()}
    assert not any(assistant.document_text(source) in outside_texts for source in stored)


def test_progress_reports_every_chunk(assistant: Assistant) -> None:
    calls: list[tuple[int, int, str]] = []
    report = assistant.ingest(progress=lambda done, total, source: calls.append((done, total, source)))
    assert calls, "progress was never called"
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    assert calls[-1][0] == calls[-1][1] == report.chunks_embedded


def _revision(settings: Settings) -> str:
    from assistant.index import ChromaStore
    from assistant.index import DIMENSIONS, MODEL_ID

    store = ChromaStore(settings, model_id=MODEL_ID, dimensions=DIMENSIONS)
    try:
        return store.revision()
    finally:
        store.close()


def test_the_index_revision_changes_exactly_when_documents_do(assistant: Assistant, settings: Settings) -> None:
    """The keyword index is rebuilt when the revision changes, so it must track every change."""
    assistant.ingest()
    first = _revision(settings)
    assistant.ingest()
    assert _revision(settings) == first
    edited = settings.corpus_dir / "report-000001.md"
    edited.write_text(edited.read_text() + "\n\nOne more sentence about the checkpoints.\n")
    assistant.ingest()
    second = _revision(settings)
    assert second != first
    assert assistant.remove("report-000001.md")
    assert _revision(settings) not in (first, second)
    assert {s.source for s in assistant.sources()} == {"report-000000.md", "report-000002.md"}


def test_a_pdf_read_by_an_earlier_reader_is_read_again(
    assistant: Assistant, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.index import _ingest
    from tests.test_loaders import make_pdf

    (settings.corpus_dir / "notes.pdf").write_bytes(make_pdf([["The quay was rebuilt in stone."]]))
    assistant.ingest()
    monkeypatch.setitem(_ingest._READER_VERSIONS, ".pdf", "reader of another day")
    report = assistant.ingest()
    assert report.updated == ("notes.pdf",)
    assert set(report.unchanged) == _all_sources(settings) - {"notes.pdf"}
