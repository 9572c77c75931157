"""The Streamlit app's answer display, source viewer, conversation list, feedback and
Quality page, driven headlessly with AppTest against the real Assistant (the scripted
model from ``assistant.testing`` stands in for an endpoint where a model is needed)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant import Assistant, Settings
from assistant.sessions import SQLiteSessionStore
from assistant.testing import ScriptedChatModel
from assistant.types import Turn
from tests.test_loaders import make_pdf
from tests.test_ui_apptest import NOTES, _ask, _bubble_text, _start, _upload, app_env  # noqa: F401
from ui import app as ui_app
from ui import render

STUDY = "escalation-of-threats-by-the-pakistani-taliban.md"


def _study_text(env: dict[str, Path]) -> str:
    """The study's indexed text; indexes the corpus into the app's data dir (closed before the app opens it)."""
    with Assistant(Settings(corpus_dir=env["corpus"], data_dir=env["data"])) as probe:
        probe.ingest()
        return probe.document_text(STUDY)


def _citation(n: int, text: str, quote: str, **extra: object) -> dict[str, object]:
    start = text.index(quote)
    return {
        "n": n, "source": STUDY, "title": "The Escalation of Threats by the Pakistani Taliban",
        "chunk_id": "x", "start": start, "end": start + len(quote), "quote": quote, "kind": "text", **extra,
    }


def _with_messages(messages: list[dict[str, object]]) -> AppTest:
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "streamlit_app.py"), default_timeout=60)
    at.session_state["session_id"] = "web-preset"
    at.session_state["messages"] = messages
    at.run()
    assert not at.exception, at.exception
    return at


# --- outcomes ------------------------------------------------------------------------------


def test_not_answered_says_so_once_and_names_the_outcome(app_env: dict[str, Path]) -> None:
    at = _ask(_start(), "What is the capital of Australia?")
    banner = at.chat_message[1].warning[0].value
    assert len(re.findall(r"sources don.t say", banner, re.IGNORECASE)) == 1, banner
    assert any(c.value.startswith("Not answered") for c in at.chat_message[1].caption)


def test_closest_outcome_and_details_citations_are_shown(app_env: dict[str, Path]) -> None:
    text = _study_text(app_env)
    quote = "Islamabad has accused anti-Pakistan militant groups of launching attacks from Afghan territory."
    closest = {
        "answer": "The sources do not give a date; they say Islamabad accused militant groups [1].",
        "grounded": False, "outcome": "closest", "mode": "extractive",
        "citations": [_citation(1, text, quote)], "question": "When did the attacks begin?",
    }
    details = {
        "answer": "Nora Al Habsi and Ali Bakr [1].", "grounded": True, "outcome": "answered",
        "mode": "extractive", "question": "Who wrote it?",
        "citations": [{"n": 1, "source": STUDY, "title": "The Escalation", "chunk_id": "", "start": 0, "end": 0,
                       "quote": "Nora Al Habsi; Ali Bakr", "kind": "details", "field": "authors"}],
    }
    at = _with_messages([
        {"role": "user", "content": "When did the attacks begin?"},
        {"role": "assistant", "content": closest["answer"], "answer": closest},
        {"role": "user", "content": "Who wrote it?"},
        {"role": "assistant", "content": details["answer"], "answer": details},
    ])
    first = at.chat_message[1]
    assert first.info and "closest the sources come" in first.info[0].value
    assert [e for e in first.expander if e.label == "Closest passages (1)"]
    assert any(c.value.startswith("Not answered directly") for c in first.caption)
    second = _bubble_text(at, 3)
    assert "document details: authors" in second and "Nora Al Habsi; Ali Bakr" in second


# --- clickable citations and the viewer -------------------------------------------------------


def test_markers_link_to_the_viewer_and_citations_group_by_document(app_env: dict[str, Path]) -> None:
    text = _study_text(app_env)
    q1 = "in Paktika and Khost provinces, claimed to target TTP bases"
    q2 = "Islamabad has accused anti-Pakistan militant groups of launching attacks from Afghan territory."
    answer = {
        "answer": "Pakistan struck Paktika and Khost [1], and accused militants [2].",
        "grounded": True, "outcome": "answered", "mode": "extractive", "question": "q",
        "citations": [_citation(1, text, q1), _citation(2, text, q2)],
    }
    at = _with_messages([{"role": "user", "content": "q"}, {"role": "assistant", "content": "", "answer": answer}])
    shown = [m.value for m in at.chat_message[1].markdown]
    answer_md = next(m for m in shown if "Pakistan struck" in m)
    links = re.findall(r"\[\\\[(\d)\\\]\]\((source\?[^)]+)\)", answer_md)
    assert [n for n, _ in links] == ["1", "2"], answer_md
    assert "focus=2" in links[1][1] and "doc=escalation-of-threats" in links[1][1]
    # One heading for the document, naming both markers.
    headings = [m for m in shown if m.startswith("**\\[1\\] \\[2\\]**")]
    assert len(headings) == 1, shown

    # The viewer, opened from marker [2]'s link.
    query = dict(p.split("=", 1) for p in links[1][1].split("?", 1)[1].split("&") if not p.startswith("c="))
    at.switch_page("ui/pages/source.py")
    at.query_params["doc"] = STUDY
    at.query_params["c"] = [render.citation_ref(c) for c in answer["citations"]]
    at.query_params["focus"] = query["focus"]
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "The Escalation of Threats by the Pakistani Taliban: Indications and Implications"
    assert any(STUDY in c.value for c in at.caption)
    details = next(m.value for m in at.markdown if m.value.startswith("<table class=\"details-table\">"))
    assert "Nora Al Habsi" in details and "TRENDS Research and Advisory" in details
    download = at.get("download_button")[0]
    assert download.proto.label == "Download the original file"
    body = "".join(h.proto.body for h in at.get("html"))
    assert '<mark id="cite-1" class="quote">' in body and '<mark id="cite-2" class="quote focus">' in body
    marked = re.search(r'<mark id="cite-2"[^>]*><sup>\[2\]</sup>(.*?)</mark>', body).group(1)
    assert marked == render.html_text(q2)
    assert "scrollIntoView" in body and "'cite-2'" in body


def test_viewer_says_when_a_passage_changed(app_env: dict[str, Path]) -> None:
    at = _start()
    at.switch_page("ui/pages/source.py")
    at.query_params["doc"] = STUDY
    at.query_params["c"] = ["1:10-60:00000000"]
    at.run()
    assert not at.exception
    assert any("changed in the document" in w.value for w in at.warning)
    assert "<mark" not in "".join(h.proto.body for h in at.get("html"))


def test_pdf_citation_shows_the_rendered_page_with_the_quote(app_env: dict[str, Path]) -> None:
    pdf = make_pdf(
        [
            ["Annual report of the harbour authority.", "Ships arrived in good order all year."],
            ["The harbour master counted 733 container ships in 2022.", "Most of them came from the north."],
        ],
        title="Harbour report",
    )
    (app_env["corpus"] / "harbour.pdf").write_bytes(pdf)
    at = _ask(_start(), "How many container ships did the harbour master count?")
    answer = at.session_state["messages"][-1]["answer"]
    cited = [c for c in answer["citations"] if c["source"] == "harbour.pdf"]
    assert cited and cited[0]["page"] == 2, answer
    assert "[1] page 2" in _bubble_text(at, 1)  # the chat names the quote's page
    at.switch_page("ui/pages/source.py")
    at.query_params["doc"] = "harbour.pdf"
    at.query_params["c"] = [render.citation_ref(c) for c in cited]
    at.run()
    assert not at.exception, at.exception
    assert at.image, "no rendered page"
    captions = [c for image in at.image for c in image.captions]
    assert "Page 2, the cited passage boxed" in captions, captions
    assert any("page 2" in m.value for m in at.markdown if "cite-line" in m.value)
    assert at.get("download_button")[0].proto.label == "Download the original file"


# --- the draft while the model writes -------------------------------------------------------


def test_model_draft_is_shown_greyed_then_replaced_by_the_checked_answer(
    app_env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    hallucination = "The strikes killed 900 fighters in Kandahar [1]."
    model = ScriptedChatModel(
        [f"Pakistani airstrikes hit Paktika and Khost provinces, claimed to target TTP bases [1]. {hallucination}"]
    )
    assistant = Assistant(Settings(corpus_dir=app_env["corpus"], data_dir=app_env["data"]), llm=model)
    drafts: list[str] = []
    real_draft = render.draft_html

    def spy(text: str) -> str:
        drafts.append(text)
        return real_draft(text)

    monkeypatch.setattr(ui_app, "get_assistant", lambda: assistant)
    monkeypatch.setattr(render, "draft_html", spy)
    try:
        at = _ask(_start(), "Which provinces did Pakistan strike?")
    finally:
        assistant.close()
    assert any("Kandahar" in d for d in drafts), "the draft was not shown through the draft view"
    assert "Draft" in real_draft("x") and "checking against the sources" in real_draft("x")
    shown = _bubble_text(at, 1)
    assert "Kandahar" not in shown and "900" not in shown  # the unchecked sentence never shows as the answer
    assert "Paktika" in shown
    assert not [m for m in at.chat_message[1].markdown if 'data-testid="answer-draft"' in m.value]


# --- asking --------------------------------------------------------------------------------


def test_overlong_question_is_refused_before_sending_and_kept_in_the_box(app_env: dict[str, Path]) -> None:
    at = _start()
    long_question = "Which provinces " * 300
    at = _ask(at, long_question)
    assert at.error and f"{len(long_question)} characters; the limit is 4000" in at.error[0].value
    assert at.chat_input[0].value == long_question
    assert at.session_state["messages"] == []
    assert not [b for b in at.sidebar.button if (b.key or "").startswith("open-")]  # nothing was sent


def test_example_questions_come_from_the_indexed_titles(app_env: dict[str, Path]) -> None:
    (app_env["corpus"] / STUDY).unlink()
    (app_env["corpus"] / "notes.md").write_bytes(NOTES)
    at = _start()
    examples = [b for b in at.button if (b.key or "").startswith("example-")]
    assert examples and all("Field notes on the Kurram valley" in b.label for b in examples), [
        b.label for b in examples
    ]
    assert not any("Taliban" in b.label for b in at.button)
    examples[0].click().run()
    assert not at.exception, at.exception
    assert [m["role"] for m in at.session_state["messages"]] == ["user", "assistant"]
    assert at.session_state["messages"][0]["content"] == examples[0].label
    assert not [b for b in at.button if (b.key or "").startswith("example-")]  # gone once the chat starts


# --- the conversation list -------------------------------------------------------------------


def test_conversation_list_shows_dates_and_marks_where_each_began(app_env: dict[str, Path]) -> None:
    store = SQLiteSessionStore(Settings(data_dir=app_env["data"]).sessions_path)
    try:
        store.append("cli-0a1b2c", Turn(role="user", content="Asked from the terminal about Khost",
                                        created_at="2026-01-02T10:00:00+00:00"))
        store.append("slack:T1:C1:1700000000.1", Turn(role="user", content="Asked in a Slack thread",
                                                      created_at="2026-01-03T10:00:00+00:00"))
    finally:
        store.close()
    at = _ask(_start(), "Which provinces did Pakistan strike?")
    labels = {b.key: b.label for b in at.sidebar.button if (b.key or "").startswith("open-")}
    assert labels["open-cli-0a1b2c"].startswith("Asked from the terminal about Khost")
    assert "2026-01-02" in labels["open-cli-0a1b2c"]
    current = at.session_state["session_id"]
    assert labels[f"open-{current}"].startswith("Which provinces did Pakistan strike?")
    assert re.search(r":gray\[\d\d:\d\d\]", labels[f"open-{current}"])  # today: the time
    groups = [c.value for c in at.sidebar.caption if c.value.startswith("**")]
    assert groups == ["**This app**", "**Command line**", "**Slack**"], groups
    # The open conversation is tinted, not shown as a primary (alarm-coloured) button.
    assert all(b.proto.type != "primary" for b in at.sidebar.button if (b.key or "").startswith("open-"))
    assert any(f".st-key-open-{current} button" in m.value for m in at.sidebar.markdown)


# --- feedback ------------------------------------------------------------------------------------


def test_feedback_is_stored_listed_on_the_quality_page_and_exported(app_env: dict[str, Path]) -> None:
    at = _ask(_start(), "Which provinces did Pakistan strike?")
    copied = at.chat_message[1].code[0].value
    assert copied.startswith("It also points to") or "Paktika" in copied
    assert "[1]" in copied and STUDY in copied
    at.feedback(key=f"rating-{at.session_state['session_id']}-1").set_value(0).run()
    at.text_input(key=f"comment-{at.session_state['session_id']}-1").input("Too long, lead with the provinces").run()
    next(b for b in at.button if b.label == "Send feedback").click().run()
    assert not at.exception, at.exception
    assert any("Thanks" in c.value for c in at.caption)

    at.switch_page("ui/pages/quality.py").run()
    assert not at.exception, at.exception
    table = at.dataframe[-1].value
    assert list(table["Question"]) == ["Which provinces did Pakistan strike?"]
    assert list(table["Comment"]) == ["Too long, lead with the provinces"]
    assert list(table["Rating"]) == ["👎"]
    export = next(d for d in at.get("download_button") if "JSONL" in d.proto.label)
    assert export is not None
    with Assistant(Settings(corpus_dir=app_env["corpus"], data_dir=app_env["data"])) as sdk:
        rows = [r.to_dict() for r in sdk.feedback_list()]
    assert rows[0]["rating"] == "down" and rows[0]["question"] == "Which provinces did Pakistan strike?"
    assert rows[0]["citations"] and rows[0]["citations"][0]["source"] == STUDY
    json.dumps(rows)  # JSONL-ready


# --- upload feedback ------------------------------------------------------------------------------


def test_all_rejected_upload_shows_no_success_and_banners_do_not_linger(app_env: dict[str, Path]) -> None:
    at = _upload(_start(), [("photo.png", b"\x89PNG\r\n\x1a\nx", "image/png"),
                            ("broken.pdf", b"%PDF-1.7 nope", "application/pdf")])
    assert not at.success, [s.value for s in at.success]
    assert [e.value for e in at.error] == ["Nothing was indexed: none of the 2 files was accepted."]
    assert sum(w.value.startswith("Skipped ") for w in at.warning) == 2
    at.selectbox[0].select(STUDY).run()  # any later action
    assert not at.error and not [w for w in at.warning if w.value.startswith("Skipped ")]


# --- the Quality page --------------------------------------------------------------------------------


def test_quality_page_runs_the_evaluation_and_shows_each_chart_once(
    app_env: dict[str, Path], tmp_path: Path
) -> None:
    dataset = tmp_path / "small.yaml"
    dataset.write_text(
        "version: 1\ndocument: " + STUDY + "\ncases:\n"
        "  - id: authors\n    category: answerable\n    turns: [\"Who wrote the study?\"]\n"
        "    answerable: true\n    key_facts: [\"Nora Al Habsi\"]\n"
        "  - id: capital\n    category: unanswerable\n    turns: [\"What is the capital of Peru?\"]\n"
        "    answerable: false\n",
        encoding="utf-8",
    )
    # Straight to the Quality page on a fresh install: nothing indexed yet.
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "streamlit_app.py"), default_timeout=90)
    at.switch_page("ui/pages/quality.py").run()
    assert not at.exception, at.exception
    assert any("No evaluation report yet" in i.value for i in at.info)
    at.text_input(key="eval-dataset").input(str(dataset)).run()
    next(b for b in at.button if b.label == "Run the evaluation").click().run()
    assert not at.exception, at.exception
    assert any("Evaluated 2 cases" in s.value for s in at.success), [s.value for s in at.success]
    latest = app_env["data"] / "evals" / "latest"
    charts = sorted(latest.glob("*.png"))
    assert charts and (latest / "report.md").read_text().count("](") >= len(charts)  # the file links them
    report = next(m.value for m in at.markdown if m.value.startswith("# Eval report"))
    assert "![" not in report and "](" not in report.split("## Metrics")[1]
    assert len(at.image) == len(charts)
    assert re.search(r"\| Latency p50 \| \d+ ms \|", report), report
