"""Pure rendering helpers of the Streamlit UI."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from ui import render

STUDY = Path(__file__).resolve().parents[1] / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md"


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup.replace("<br>", "\n")))


def test_window_slices_the_document_around_the_quote() -> None:
    doc = STUDY.read_text(encoding="utf-8")
    quote = "in Paktika and Khost provinces"
    start = doc.index(quote)
    window = render.passage_window(doc, start=start, end=start + len(quote), quote=quote, context=150)
    assert window.found and window.quote == quote
    assert (
        doc[start - len(window.before) : start + len(quote) + len(window.after)]
        == window.before + quote + window.after
    )
    assert 100 <= len(window.before) <= 150 and 100 <= len(window.after) <= 150
    # Cuts fall on spaces, so no word is split at either edge.
    assert doc[start - len(window.before) - 1] == " "
    assert doc[start + len(quote) + len(window.after)] == " "
    assert window.clipped_start and window.clipped_end


def test_window_at_document_edges_is_not_clipped() -> None:
    doc = "Alpha beta. Gamma delta."
    window = render.passage_window(doc, start=0, end=11, quote="Alpha beta.", context=300)
    assert (window.before, window.after) == ("", " Gamma delta.")
    assert not window.clipped_start and not window.clipped_end


def test_window_finds_a_quote_whose_offsets_went_stale() -> None:
    doc = "New first line. The quoted sentence. Tail."
    window = render.passage_window(doc, start=0, end=20, quote="The quoted sentence.", context=5)
    assert window.found and window.quote == "The quoted sentence."
    missing = render.passage_window(doc, start=0, end=3, quote="Not there.")
    assert not missing.found and missing.quote == "Not there."
    assert "<mark>Not there.</mark>" in render.highlight_html(missing)


def test_highlight_escapes_markup_and_marks_only_the_quote() -> None:
    doc = 'Before <script>alert("x")</script> and $5 & more.\n\nThe <b>quote</b> here. After text.'
    quote = "The <b>quote</b> here."
    start = doc.index(quote)
    out = render.highlight_html(render.passage_window(doc, start=start, end=start + len(quote), quote=quote))
    assert "<script>" not in out and "<b>" not in out and "$" not in out
    assert "\n" not in out  # a blank line would end the HTML block in Markdown
    assert out.count("<mark>") == 1
    marked = re.search(r"<mark>(.*?)</mark>", out)
    assert marked and html.unescape(marked.group(1)) == quote
    assert _plain(out).replace("\n", " ").split() == doc.replace("\n", " ").split()


def test_answer_markdown_keeps_markers_and_neutralises_markdown() -> None:
    md = render.answer_markdown("Strikes hit *Paktika* [1] and cost $5 [2].\n# not a heading")
    assert r"**\[1\]**" in md and r"**\[2\]**" in md
    assert r"\*Paktika\*" in md and r"\$5" in md and r"\# not a heading" in md


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.md", "report.md"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\evil.PDF", "evil.pdf"),
        (".hidden.txt", "hidden.txt"),
        ("..", "upload"),
        ("my notes (v2).docx", "my_notes_v2.docx"),
        ("Ünïcode名.md", "Unicode.md"),
        ("..md", "upload.md"),
        ("....md", "upload.md"),
        ("notes...v2..md", "notes.v2.md"),
        ("archive.", "archive"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert render.safe_filename(name) == expected


def test_corpus_target_stays_inside_the_folder(tmp_path: Path) -> None:
    for name in ["../escape.md", "/abs/path.md", "a/../../b.md", "....md", "x" * 500 + ".md"]:
        target = render.corpus_target(tmp_path, name)
        assert target.parent == tmp_path.resolve()
        assert len(target.name) <= 120
    (tmp_path / "link.md").symlink_to(tmp_path.parent / "outside.md")
    with pytest.raises(render.UnsafeNameError):
        render.corpus_target(tmp_path, "link.md")


def test_unsupported_reason() -> None:
    assert render.unsupported_reason("Study.PDF") is None
    reason = render.unsupported_reason("image.png")
    assert reason and "'.png'" in reason and ".md" in reason
    assert render.unsupported_reason("README") is not None


def test_status_lines_say_who_answers() -> None:
    offline = render.status_lines(
        {"mode": "extractive", "llm_base_url": None, "llm_reachable": None, "documents": 1, "chunks": 12}
    )
    assert "Offline" in offline[0] and offline[1] == "1 document, 12 passages indexed."
    down = render.status_lines(
        {
            "mode": "llm",
            "llm_base_url": "http://127.0.0.1:9/v1",
            "llm_reachable": False,
            "documents": 2,
            "chunks": 1,
        }
    )
    assert "not reachable" in down[0] and "http://127.0.0.1:9/v1" in down[0]
    assert down[1] == "2 documents, 1 passage indexed."
    up = render.status_lines({"mode": "llm", "llm_base_url": "http://h/v1", "llm_reachable": True})
    assert "reachable" in up[0] and "not" not in up[0]


def test_citation_location_names_the_page_for_paged_files() -> None:
    assert render.citation_location({"source": "a.pdf", "page": 3}) == "a.pdf, page 3"
    assert render.citation_location({"source": "a.md"}) == "a.md"
    assert (
        render.citation_heading({"n": 2, "source": "a.md", "title": "A *bold* title"})
        == r"**\[2\]** A \*bold\* title"
    )


def test_unindexed_files_lists_supported_files_not_in_the_index(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ["a.md", "sub/b.PDF", "c.png", ".hidden.md"]:
        (tmp_path / name).write_text("x")
    assert render.unindexed_files(tmp_path, {"a.md"}) == ["sub/b.PDF"]
    assert render.unindexed_files(tmp_path, set()) == ["a.md", "sub/b.PDF"]
    assert render.unindexed_files(tmp_path / "missing", set()) == []
