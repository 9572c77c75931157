"""Bounded memory and time for any input: huge files, decompression bombs, text without
punctuation, and a model that never stops talking. Memory is the peak resident size of a
child process (``ru_maxrss`` from ``wait4``); big inputs are sparse files or generated
streams, so the tests stay quick."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.documents import chunk_document
from assistant.errors import LLMResponseError
from assistant.index import MiniLMEmbeddings
from assistant.llm import LLMClient
from assistant.testing import HashingEmbedder
from assistant.types import Document

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md"


_MEASURE = textwrap.dedent(
    """
    import json, os, subprocess, sys
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = child.stdout.read(); err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    print(json.dumps({"code": os.waitstatus_to_exitcode(status), "out": out.decode(errors="replace"),
                      "err": err.decode(errors="replace"), "peak_mb": usage.ru_maxrss / 1024}))
    """
)


def measured(args: list[str], env: dict[str, str]) -> dict[str, object]:
    """Run ``args`` in a child and return its exit code, output and peak resident memory (MB)."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _env(corpus: Path, data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return {**env, "PYTHONPATH": str(ROOT), "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_DATA_DIR": str(data)}


@pytest.mark.slow
def test_a_2gb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "study.md").write_bytes(STUDY.read_bytes())
    with (corpus / "huge.txt").open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: no disk is used
    result = measured([sys.executable, "-m", "assistant.cli", "ingest"], _env(corpus, tmp_path / "data"))
    print(f"\ningest with a 2 GB file: peak {result['peak_mb']:.0f} MB")
    assert result["code"] == 0, result["err"]
    assert "skipped huge.txt: Cannot load huge.txt: file too large (2048.0 MB > 50 MB)" in str(result["out"])
    assert "1 added" in str(result["out"])
    assert float(result["peak_mb"]) < 600  # the embedding model and Chroma; the file would add 2 GB


def _docx_bomb(path: Path, xml_mb: int) -> None:
    """A Word document whose document.xml inflates to ``xml_mb`` MB of repeated paragraphs."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        paragraph = b"<w:p><w:r><w:t>All work and no play makes a dull document.</w:t></w:r></w:p>" * 1000
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><w:document {ns}><w:body>'.encode())
            for _ in range(xml_mb * 1024 * 1024 // len(paragraph)):
                part.write(paragraph)
            part.write(b"</w:body></w:document>")


_LOAD = "import sys; from pathlib import Path; from assistant.documents import load\n" \
    "try:\n    load(Path(sys.argv[1]), corpus_dir=Path(sys.argv[1]).parent)\nexcept Exception as exc:\n    print(exc)\n"


@pytest.mark.slow
def test_a_docx_decompression_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    _docx_bomb(bomb, 300)
    result = measured([sys.executable, "-c", _LOAD, str(bomb)], _env(tmp_path, tmp_path / "data"))
    print(f"\n{bomb.stat().st_size // 1024} KB docx bomb: peak {result['peak_mb']:.0f} MB; {result['out']}")
    assert "decompression bomb" in str(result["out"]) and "the limit is 32 MB" in str(result["out"])
    assert float(result["peak_mb"]) < 200


def test_text_without_punctuation_gives_bounded_chunks_and_quotes(tmp_path: Path) -> None:
    words = " ".join(f"entry{i} value{i % 97} status ok" for i in range(6000))  # about 190 KB, no full stop
    document = Document(source="log.txt", title="Log", text=words, metadata={}, pages=())
    chunks = chunk_document(document, size=700, overlap=1)
    assert len(chunks) > 100
    assert max(len(c.text) for c in chunks) <= 1400
    assert all(c.text == words[c.start : c.end] for c in chunks)
    assert all(s.end - s.start <= 1400 for c in chunks for s in c.sentences)

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "log.txt").write_text(words)
    # The bounds are the chunker's and the quote builder's, whatever the vectors: the hashing
    # embedder keeps the 280-chunk ingest quick.
    with Assistant(Settings(corpus_dir=corpus, data_dir=tmp_path / "data"), embedder=HashingEmbedder()) as assistant:
        assistant.ingest()
        answer = assistant.ask("What is the status of entry4242?")
        for c in answer.citations:
            assert len(c.quote) <= 1400 and assistant.document_text(c.source)[c.start : c.end] == c.quote


class _Chatty(BaseHTTPRequestHandler):
    """A model endpoint whose reply is 10 MB long, plain or streamed, whatever max_tokens says."""

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)))
        self.send_response(200)
        word = "blah " * 2000  # 10 KB
        if request.get("stream"):
            self.send_header("content-type", "text/event-stream")
            self.end_headers()
            event = f"data: {json.dumps({'choices': [{'index': 0, 'delta': {'content': word}}]})}\n\n".encode()
            try:
                for _ in range(1000):
                    self.wfile.write(event)
                self.wfile.write(b"data: [DONE]\n\n")
            except OSError:
                pass  # the client stopped reading, as it should
            return
        body = json.dumps({"choices": [{"index": 0, "message": {"role": "assistant", "content": word * 1000}}]}).encode()
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass


@pytest.fixture()
def chatty_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Chatty)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_10mb_model_reply_is_cut_at_the_token_budget(
    chatty_url: str, corpus_dir: Path, tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    with LLMClient(chatty_url, max_tokens=400, max_retries=0) as client:
        with pytest.raises(LLMResponseError, match="400-token budget"):
            client.complete([{"role": "user", "content": "hi"}])
        received: list[str] = []
        with pytest.raises(LLMResponseError, match="400-token budget"):
            for piece in client.stream([{"role": "user", "content": "hi"}]):
                received.append(piece)
        assert sum(map(len, received)) <= 400 * 8
    data = tmp_path / "data"
    settings = Settings(corpus_dir=corpus_dir, data_dir=data, llm_base_url=chatty_url, llm_max_retries=0)
    with Assistant(settings, embedder=embedder) as assistant:
        answer = assistant.chat("chatty", "Who wrote the study?")
        assert answer.notice and "budget" in answer.notice
        assert "Nora Al Habsi" in answer.text and "blah blah" not in answer.text
    stored = sum(p.stat().st_size for p in data.glob("sessions.sqlite3*"))
    assert stored < 1024 * 1024


def test_one_large_document_reports_progress_while_it_is_embedded(tmp_path: Path) -> None:
    from assistant.testing import HashingEmbedder, InMemoryStore

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentences = [f"Record {i} notes that the harbour office filed form {i % 311} on day {i % 29}." for i in range(7000)]
    (corpus / "ledger.txt").write_text("\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)))
    calls: list[tuple[int, int, str]] = []
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    with Assistant(settings, embedder=HashingEmbedder(), store=InMemoryStore()) as assistant:
        report = assistant.ingest(progress=lambda done, total, source: calls.append((done, total, source)))
    assert report.added == ("ledger.txt",)
    total = calls[-1][1]
    assert calls[-1][0] == total == report.chunks_embedded
    assert len(calls) >= 4  # three slices of 2,048 sentences reported before the write
    assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:]))
    assert all(0 < done < total for done, _, _ in calls[:-1])


@pytest.mark.slow
def test_one_text_limit_for_every_format_refuses_before_chunking(tmp_path: Path) -> None:
    from assistant.documents import MAX_TEXT_CHARS

    line = "The ledger of the harbour office lists every form filed this year and its number.\n"
    long_text = tmp_path / "ledger.txt"
    with long_text.open("w") as handle:
        for _ in range(MAX_TEXT_CHARS // len(line) + 1000):
            handle.write(line)
    assert long_text.stat().st_size < 50 * 1024 * 1024  # within the file size limit
    result = measured([sys.executable, "-c", _LOAD, str(long_text)], _env(tmp_path, tmp_path / "data"))
    print(f"\n{long_text.stat().st_size / 1e6:.1f} MB of text refused at peak {result['peak_mb']:.0f} MB: {result['out']}")
    assert "too much text (10.1 million characters; the limit is 10.0 million)" in str(result["out"])
    assert float(result["peak_mb"]) < 250
