"""The Streamlit app driven headlessly with AppTest against the real Assistant.

Each test points Settings at a temp corpus (a copy of the study) and data dir
through the environment, and clears ``st.cache_resource`` so every test
builds (and afterwards closes) its own Assistant.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
QUESTION = "Which provinces did Pakistan strike?"


@pytest.fixture()
def app_env(tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    data_dir = tmp_path / "data"
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus_dir))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / ".cache"))
    st.cache_resource.clear()
    yield {"corpus": corpus_dir, "data": data_dir}
    st.cache_resource.clear()  # closes the Assistant this test built


def _start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def _ask(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return at


def _bubble_text(at: AppTest, index: int) -> str:
    """Everything shown in one chat bubble (markdown, alerts and captions)."""
    bubble = at.chat_message[index]
    parts = [m.value for m in bubble.markdown]
    parts += [e.value for e in (*bubble.warning, *bubble.info, *bubble.error, *bubble.caption)]
    return "\n".join(parts)


def _main_messages(at: AppTest) -> list[str]:
    return [at.chat_message[i].name for i in range(len(at.chat_message))]


def test_question_gets_a_cited_answer_with_highlighted_source(app_env: dict[str, Path]) -> None:
    at = _ask(_start(), QUESTION)
    assert _main_messages(at) == ["user", "assistant"]
    shown = _bubble_text(at, 1)
    assert "Paktika" in shown and "Khost" in shown
    assert r"**\[1\]**" in shown
    sources = [e for e in at.chat_message[1].expander if e.label.startswith("Sources (")]
    assert sources, "no Sources panel"
    passages = [m.value for m in sources[0].markdown if "<mark>" in m.value]
    assert any("Paktika" in p.split("<mark>", 1)[1].split("</mark>", 1)[0] for p in passages), passages
    assert any("escalation-of-threats-by-the-pakistani-taliban.md" in c.value for c in sources[0].caption)
    # The marked quote is the exact slice of the document the citation points at.
    study = (app_env["corpus"] / "escalation-of-threats-by-the-pakistani-taliban.md").read_text(
        encoding="utf-8"
    )
    import html

    for passage in passages:
        quote = html.unescape(passage.split("<mark>", 1)[1].split("</mark>", 1)[0])
        assert quote in study
    # The sidebar now lists this conversation.
    assert any(QUESTION[:30] in b.label for b in at.sidebar.button)


def test_follow_up_is_answered_in_the_same_conversation(app_env: dict[str, Path]) -> None:
    at = _ask(_start(), QUESTION)
    session = at.session_state["session_id"]
    at = _ask(at, "Who wrote it?")
    assert at.session_state["session_id"] == session
    assert _main_messages(at) == ["user", "assistant", "user", "assistant"]
    shown = _bubble_text(at, 3)
    assert "Nora Al Habsi" in shown or "Ali Bakr" in shown, shown
    assert [e for e in at.chat_message[3].expander if e.label.startswith("Sources (")]


def test_the_question_as_read_is_shown_when_it_differs(app_env: dict[str, Path]) -> None:
    at = _ask(_start(), "What does the second author specialise in?")
    shown = _bubble_text(at, 1)
    assert "Read as: What does Ali Bakr specialise in?" in shown, shown
    assert "political Islam" in shown


def test_conversations_can_be_resumed_started_and_deleted(app_env: dict[str, Path]) -> None:
    at = _ask(_start(), QUESTION)
    first = at.session_state["session_id"]
    next(b for b in at.sidebar.button if b.label == "New conversation").click().run()
    assert at.session_state["session_id"] != first
    assert _main_messages(at) == []
    at = _ask(at, "Who are the authors of the study?")
    second = at.session_state["session_id"]
    assert sum(1 for b in at.sidebar.button if b.key and b.key.startswith("open-")) == 2

    next(b for b in at.sidebar.button if b.key == f"open-{first}").click().run()
    assert at.session_state["session_id"] == first
    assert _main_messages(at) == ["user", "assistant"]
    assert "Paktika" in _bubble_text(at, 1)  # rebuilt from the stored history, sources included
    assert [e for e in at.chat_message[1].expander if e.label.startswith("Sources (")]

    # Deleting asks first; Cancel keeps the conversation.
    next(b for b in at.sidebar.button if b.key == f"delete-{second}").click().run()
    assert not at.exception
    assert any("cannot be undone" in w.value for w in at.sidebar.warning)
    assert [b for b in at.sidebar.button if b.key == f"open-{second}"]
    next(b for b in at.sidebar.button if b.key == "cancel-delete").click().run()
    assert not at.sidebar.warning
    assert [b for b in at.sidebar.button if b.key == f"open-{second}"]

    next(b for b in at.sidebar.button if b.key == f"delete-{second}").click().run()
    next(b for b in at.sidebar.button if b.key == "confirm-delete").click().run()
    assert not at.exception
    assert not [b for b in at.sidebar.button if b.key == f"open-{second}"]
    assert at.session_state["session_id"] == first  # deleting another chat leaves this one open


def test_unanswerable_question_is_shown_as_such(app_env: dict[str, Path]) -> None:
    at = _ask(_start(), "What is the capital of Australia?")
    bubble = at.chat_message[1]
    assert bubble.warning and "The sources don't say" in bubble.warning[0].value
    assert not [e for e in bubble.expander if e.label.startswith("Sources (")]
    related = [e for e in bubble.expander if e.label.startswith("Related passages")]
    assert related and "not sources" in related[0].label
    assert "Canberra" not in _bubble_text(at, 1)


def test_whitespace_only_message_gets_a_note_and_changes_nothing(app_env: dict[str, Path]) -> None:
    at = _ask(_start(), QUESTION)
    at = _ask(at, "   \n\t ")
    assert _main_messages(at) == ["user", "assistant"]
    assert any("Type a question first" in i.value for i in at.info)
    assert not at.error


def test_overlong_paste_is_refused_and_the_conversation_stays(app_env: dict[str, Path]) -> None:
    at = _ask(_start(), QUESTION)
    at = _ask(at, "Paktika " * 1000)  # 8000 characters, over the default limit of 4000
    assert len(at.error) == 1
    message = at.error[0].value
    assert "limit is 4000" in message and "\n" not in message and "Traceback" not in message
    assert _main_messages(at) == ["user", "assistant"]
    at = _ask(at, "Who wrote it?")  # the chat still works and still knows its history
    assert _main_messages(at) == ["user", "assistant", "user", "assistant"]
    assert not at.error


def _upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at.switch_page("ui/pages/documents.py").run()
    assert not at.exception, at.exception
    for name, data, mime in files:
        at.file_uploader[0].upload(name, data, mime)
    next(b for b in at.button if "Add and index" in b.label).click().run()
    assert not at.exception, at.exception
    return at


NOTES = (
    b"# Field notes on the Kurram valley\n\n"
    b"The survey team counted 412 checkpoints along the Kurram valley road in 2023. "
    b"Most checkpoints were staffed by the Frontier Corps.\n"
)


def test_upload_ingest_and_ask_about_it(app_env: dict[str, Path]) -> None:
    at = _start()
    at = _upload(at, [("../Field notes.md", NOTES, "text/markdown")])
    assert (app_env["corpus"] / "Field_notes.md").read_bytes() == NOTES  # safe name, inside the corpus
    assert not list(app_env["corpus"].parent.glob("*.md"))
    # The count is what happened: one file indexed (the study was indexed when the app opened).
    assert [s.value for s in at.success] == ["Indexed 1 file: Field_notes.md."]
    table = at.dataframe[0].value
    assert "Field_notes.md" in list(table["File"])

    at.switch_page("ui/pages/chat.py").run()
    at = _ask(at, "How many checkpoints did the survey team count along the Kurram valley road?")
    shown = _bubble_text(at, 1)
    assert "412" in shown, shown
    sources = next(e for e in at.chat_message[1].expander if e.label.startswith("Sources ("))
    assert any("Field_notes.md" in c.value for c in sources.caption)


def test_unsupported_and_corrupt_uploads_are_skipped_with_reasons(app_env: dict[str, Path]) -> None:
    study = app_env["corpus"] / "escalation-of-threats-by-the-pakistani-taliban.md"
    before = study.read_bytes()
    at = _start()
    at = _upload(
        at,
        [
            ("photo.png", b"\x89PNG\r\n\x1a\nnot really", "image/png"),
            ("broken.pdf", b"%PDF-1.7 this is not a PDF body", "application/pdf"),
            ("broken.docx", b"PK\x03\x04 not a zip", "application/octet-stream"),
            ("notes.md", NOTES, "text/markdown"),
        ],
    )
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Skipped photo.png:") and "'.png'" in w for w in warnings), warnings
    assert any(w.startswith("Skipped broken.pdf:") for w in warnings), warnings
    assert any(w.startswith("Skipped broken.docx:") for w in warnings), warnings
    assert all("Traceback" not in w and "\n" not in w for w in warnings)
    # Nothing lost, nothing broken left behind: the good upload and the study are indexed and on disk.
    assert sorted(p.name for p in app_env["corpus"].iterdir()) == sorted([study.name, "notes.md"])
    assert study.read_bytes() == before
    assert sorted(at.dataframe[0].value["File"]) == sorted([study.name, "notes.md"])


def test_remove_a_document_asks_first_and_keeps_files_it_did_not_upload(app_env: dict[str, Path]) -> None:
    study = app_env["corpus"] / "escalation-of-threats-by-the-pakistani-taliban.md"
    at = _upload(_start(), [("notes.md", NOTES, "text/markdown")])

    # The bundled study: only "remove from the index" is offered, never deleting its file.
    at.selectbox[0].select(study.name).run()
    delete = next(b for b in at.button if b.label == "Remove and delete the file")
    assert delete.disabled
    assert any("was not uploaded here" in c.value for c in at.caption)

    # An uploaded file: deleting asks first; Cancel changes nothing.
    at.selectbox[0].select("notes.md").run()
    next(b for b in at.button if b.label == "Remove and delete the file").click().run()
    assert any("delete its file?" in w.value for w in at.warning)
    assert (app_env["corpus"] / "notes.md").exists()
    next(b for b in at.button if b.key == "cancel-removal").click().run()
    assert not at.warning
    assert sorted(at.dataframe[0].value["File"]) == sorted([study.name, "notes.md"])

    # Remove from the index only: the file stays on disk.
    next(b for b in at.button if b.label == "Remove from the index").click().run()
    next(b for b in at.button if b.key == "confirm-removal").click().run()
    assert not at.exception, at.exception
    assert (app_env["corpus"] / "notes.md").read_bytes() == NOTES
    assert list(at.dataframe[0].value["File"]) == [study.name]
    assert any("Removed notes.md from the index; its file stays" in i.value for i in at.info)

    # Index it again, then remove it and delete the file.
    at = _upload(at, [("notes.md", NOTES, "text/markdown")])
    at.selectbox[0].select("notes.md").run()
    next(b for b in at.button if b.label == "Remove and delete the file").click().run()
    next(b for b in at.button if b.key == "confirm-removal").click().run()
    assert not (app_env["corpus"] / "notes.md").exists()
    assert list(at.dataframe[0].value["File"]) == [study.name]
    assert any("deleted its file" in i.value for i in at.info)
    assert study.is_file()


class _MidStreamFailure(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that starts streaming an answer and then drops the connection."""

    def do_GET(self) -> None:
        body = json.dumps({"object": "list", "data": [{"id": "broken", "object": "model"}]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.end_headers()
        chunk = {
            "id": "x",
            "object": "chat.completion.chunk",
            "choices": [{"index": 0, "delta": {"content": "Pakistan "}}],
        }
        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b'data: {"choices": [{"delta": {"content"')  # cut off mid-event
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def mid_stream_failure_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _MidStreamFailure)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_endpoint_failing_mid_stream_falls_back_with_a_notice(
    app_env: dict[str, Path], mid_stream_failure_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", mid_stream_failure_url)
    monkeypatch.setenv("ASSISTANT_LLM_MAX_RETRIES", "0")
    at = _start()
    assert any("model at" in c.value for c in at.sidebar.caption), [c.value for c in at.sidebar.caption]
    at = _ask(at, QUESTION)
    assert _main_messages(at) == ["user", "assistant"]
    shown = _bubble_text(at, 1)
    assert "Paktika" in shown and "Khost" in shown
    notices = [i.value for i in at.chat_message[1].info]
    assert notices and all("\n" not in n and "Traceback" not in n for n in notices), notices
    assert at.session_state["messages"][-1]["answer"]["mode"] == "extractive"
    assert at.session_state["messages"][-1]["answer"]["notice"]


def test_quality_page_without_and_with_a_report(app_env: dict[str, Path]) -> None:
    at = _start()
    at.switch_page("ui/pages/quality.py").run()
    assert not at.exception, at.exception
    assert any("assistant eval --out" in i.value for i in at.info)

    latest = app_env["data"] / "evals" / "latest"
    latest.mkdir(parents=True)
    (latest / "report.md").write_text(
        "# Eval report\n\n| metric | value |\n|---|---|\n| citation validity | 1.0 |\n"
    )
    (latest / "report.json").write_text(json.dumps({"metrics": {"citation_validity": 1.0}}))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 2))
    ax.bar(["a", "b"], [1, 2])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    (latest / "faithfulness.png").write_bytes(buffer.getvalue())

    at.run()
    assert not at.exception, at.exception
    assert any("# Eval report" in m.value for m in at.markdown)
    assert not any("assistant eval --out" in i.value for i in at.info)
    assert len(at.image) == 1


@pytest.mark.llm
def test_llm_mode_streams_from_a_real_llama_server(
    app_env: dict[str, Path], llama_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", llama_server)
    at = _start()
    assert any("reachable" in c.value and "not reachable" not in c.value for c in at.sidebar.caption)
    at = _ask(at, QUESTION)
    assert _main_messages(at) == ["user", "assistant"]
    assert not at.error
    answer = at.session_state["messages"][-1]["answer"]
    # The tiny model's sentences may all fail verification; whatever is shown must be checkable.
    study = (app_env["corpus"] / "escalation-of-threats-by-the-pakistani-taliban.md").read_text(
        encoding="utf-8"
    )
    shown = _bubble_text(at, 1)
    import html

    marked = [
        html.unescape(p.split("<mark>", 1)[1].split("</mark>", 1)[0])
        for p in shown.split("\n")
        if "<mark>" in p
    ]
    for citation in answer["citations"]:
        assert citation["quote"] in study
        assert citation["quote"] in marked
    assert answer["answer"].split()[0] in shown
    print(f"llm answer ({answer['mode']}): {answer['answer'][:200]!r}; notice: {answer['notice']!r}")
