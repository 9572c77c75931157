"""The command line, run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "assistant"


def run(args: list[str], env: dict[str, str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], env=env, capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture()
def env(tmp_path: Path, corpus_dir: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    e.update(ASSISTANT_CORPUS_DIR=str(corpus_dir), ASSISTANT_DATA_DIR=str(tmp_path / "data"))
    return e


def test_ask_json_contract(env: dict[str, str]) -> None:
    result = run(["ask", "Who wrote the study?", "--json"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["grounded"] is True and data["mode"] == "extractive"
    assert any("Nora Al Habsi" in c["quote"] for c in data["citations"])
    assert set(data["citations"][0]) >= {"n", "source", "title", "chunk_id", "start", "end", "quote"}

    result = run(["ask", "What is the capital of Australia?", "--json"], env)
    assert result.returncode == 0
    assert json.loads(result.stdout)["grounded"] is False


def test_readable_output_says_how_the_question_was_read(env: dict[str, str]) -> None:
    result = run(["ask", "What does the second author specialise in?"], env)
    assert result.returncode == 0, result.stderr
    assert "(Read as: What does Ali Bakr specialise in?)" in result.stdout
    assert "political Islam" in result.stdout
    plain = run(["ask", "Who wrote the study?"], env)
    assert "Read as" not in plain.stdout


def test_ingest_twice_embeds_nothing_the_second_time(env: dict[str, str], corpus_dir: Path) -> None:
    first = run(["ingest", "--json"], env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["chunks_embedded"] > 0
    second = json.loads(run(["ingest", "--json"], env).stdout)
    assert second["chunks_embedded"] == 0 and len(second["unchanged"]) == 1
    (corpus_dir / "notes.txt").write_text("The notes say the meeting is on Tuesday.\n")
    (corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    third = json.loads(run(["ingest", "--json"], env).stdout)
    assert third["added"] == ["notes.txt"] and len(third["unchanged"]) == 1
    assert [s["source"] for s in third["skipped"]] == ["broken.pdf"]
    listing = run(["sources"], env)
    assert "notes.txt" in listing.stdout and "escalation" in listing.stdout


@pytest.mark.parametrize("args", [["ask", "   "], ["ask"], ["frobnicate"], ["ask", "x", "-k", "0"]])
def test_usage_errors_exit_2_with_one_line(env: dict[str, str], args: list[str]) -> None:
    result = run(args, env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_runtime_error_exits_1_without_traceback(env: dict[str, str]) -> None:
    env = dict(env, ASSISTANT_CHROMA_URL="http://127.0.0.1:9")
    result = run(["ask", "Who wrote the study?"], env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "127.0.0.1:9" in result.stderr
    debug = run(["ask", "Who wrote the study?"], dict(env, ASSISTANT_DEBUG="1"))
    assert "Traceback" in debug.stderr


def test_chat_from_a_pipe_skips_empty_lines_and_ends_at_exit(env: dict[str, str]) -> None:
    result = run(["chat"], env, input="Tell me about the study.\n\n   \nWho wrote it?\n/exit\nWho published it?\n")
    assert result.returncode == 0, result.stderr
    assert "Nora Al Habsi" in result.stdout
    # Two questions answered: the empty lines were skipped and /exit ended it before the third.
    assert result.stdout.count("Outcome:") == 2
    assert "Traceback" not in result.stderr


def test_chat_reports_an_over_long_question_with_its_real_length(env: dict[str, str]) -> None:
    question = "Why " + "really " * 1000 + "did the talks fail?"
    result = run(["chat"], dict(env, ASSISTANT_MAX_QUESTION_CHARS="4000"), input=question + "\nWho wrote the study?\n")
    assert result.returncode == 0, result.stderr
    assert f"{len(question):,} characters long; the limit is 4,000" in result.stderr
    assert "one point at a time" in result.stderr
    # The conversation goes on after it.
    assert "Nora Al Habsi" in result.stdout


def test_answer_is_printed_once_with_source_locations(env: dict[str, str]) -> None:
    question = "Which provinces did Pakistan strike?"
    result = run(["ask", question], env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Outcome: answered.")
    assert "Paktika" in out and "[1]" in out
    answer_text, sources = out.split("\nSources:\n", 1)
    data = json.loads(run(["ask", question, "--json"], env).stdout)
    text_citations = [c for c in data["citations"] if c.get("kind", "text") == "text"]
    assert text_citations
    for c in text_citations:
        # The answer shows the quote, so the sources list names where it is and does not repeat it.
        quote = " ".join(c["quote"].split())
        assert out.count(quote) == 1, out
        assert quote in " ".join(answer_text.split())
        assert f"  [{c['n']}] {c['title']} ({c['source']})" in sources


def test_not_answered_says_so_once(env: dict[str, str]) -> None:
    result = run(["ask", "What is the capital of Australia?"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Outcome: not answered.")
    assert result.stdout.count("don't say") == 1
    assert "Closest passages (not sources):" in result.stdout


def test_version() -> None:
    result = subprocess.run([str(BIN), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    from assistant import __version__

    assert result.stdout.strip() == f"assistant {__version__}"


@pytest.mark.slow
def test_ingest_names_what_it_removes_and_guards_outside_documents(
    env: dict[str, str], corpus_dir: Path, tmp_path: Path
) -> None:
    (corpus_dir / "notes.txt").write_text("The notes say the meeting is on Tuesday.\n")
    outside = tmp_path / "elsewhere" / "memo.txt"
    outside.parent.mkdir()
    outside.write_text("The memo says the budget was approved in March.\n")
    assert run(["ingest"], env).returncode == 0
    added = run(["ingest", str(outside)], env)
    assert added.returncode == 0, added.stderr
    assert f"  added {outside.as_posix()}" in added.stdout
    assert "(1 chunk embedded" in added.stdout

    (corpus_dir / "notes.txt").unlink()
    # A plain sync would drop the memo from outside the corpus folder: it says so and changes nothing.
    refused = run(["ingest"], env, stdin=subprocess.DEVNULL)
    assert refused.returncode == 2
    assert outside.as_posix() in refused.stderr and "--prune-outside" in refused.stderr
    listed = json.loads(run(["sources", "--json"], env).stdout)
    assert {s["source"] for s in listed} >= {"notes.txt", outside.as_posix()}

    # Naming the corpus folder updates it and keeps the memo.
    kept = run(["ingest", str(corpus_dir)], env)
    assert kept.returncode == 0, kept.stderr
    assert "removed" not in kept.stdout.split("\n", 1)[1]

    pruned = run(["ingest", "--prune-outside"], env)
    assert pruned.returncode == 0, pruned.stderr
    assert "  removed notes.txt" in pruned.stdout
    assert f"  removed {outside.as_posix()}" in pruned.stdout
    listed = json.loads(run(["sources", "--json"], env).stdout)
    assert [s["source"] for s in listed] == ["escalation-of-threats-by-the-pakistani-taliban.md"]


def test_rebuild_names_the_documents_it_drops(env: dict[str, str], tmp_path: Path) -> None:
    outside = tmp_path / "memo.txt"
    outside.write_text("The memo says the budget was approved in March.\n")
    assert run(["ingest", str(outside)], env).returncode == 0
    rebuilt = run(["ingest", "--rebuild", "--prune-outside", "--json"], env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert json.loads(rebuilt.stdout)["removed"] == [outside.as_posix()]


def test_console_script_is_installed() -> None:
    assert shutil.which("assistant", path=str(BIN.parent))


def test_readable_form_names_pages_details_and_outcome() -> None:
    from assistant import Answer, Citation
    from assistant.cli import format_answer

    spanning = Citation(
        n=1, source="r.pdf", title="Report", chunk_id="c", start=10, end=90,
        quote="The ferry runs twice a day", page=1, page_end=2,
    )
    details = Citation(
        n=2, source="r.pdf", title="Report", chunk_id="", start=0, end=0, quote="Ada Quist",
        kind="details", field="authors",
    )
    text = format_answer(
        Answer(
            text="The ferry runs twice a day [1]. It was written by its harbour master [2].",
            grounded=False,
            outcome="closest",
            mode="extractive",
            citations=(spanning, details),
        )
    )
    assert text.startswith("Outcome: closest")
    assert "  [1] Report (r.pdf, pages 1\u20132)" in text
    assert "  [2] Report (r.pdf, document details: authors)\n      Ada Quist" in text
    # The quote of [1] is in the answer already: it is not printed a second time.
    assert text.count("The ferry runs twice a day") == 1
