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


# --- outcomes, links, viewer, lists (pure helpers) -----------------------------------------


def test_not_answered_text_says_it_once() -> None:
    from ui.render import not_answered_text

    assert not_answered_text("The sources don't say. The closest passages are listed below.") == (
        "The sources don't say. The closest passages are listed below."
    )
    assert not_answered_text("The sources do not say who funded it.").count("do not say") == 1
    assert not_answered_text("No passage names a date.") == "The sources don't say. No passage names a date."
    assert not_answered_text("") == "The sources don't say."


def test_citation_refs_round_trip_and_reject_garbage() -> None:
    from ui.render import citation_ref, parse_citation_ref, quote_digest

    text = {"n": 3, "start": 10, "end": 25, "quote": "fifteen letters"}
    ref = parse_citation_ref(citation_ref(text))
    assert ref is not None and (ref.n, ref.kind, ref.start, ref.end) == (3, "text", 10, 25)
    assert ref.digest == quote_digest("fifteen letters")
    details = parse_citation_ref(citation_ref({"n": 2, "kind": "details", "field": "authors"}))
    assert details is not None and (details.kind, details.field) == ("details", "authors")
    for bad in ("", "x:1-2:ab", "1:5-2:ab", "1:a-b:cd", "1:2:3:4"):
        assert parse_citation_ref(bad) is None, bad


def test_markers_link_to_the_viewer_with_their_document_group() -> None:
    from urllib.parse import parse_qs

    from ui.render import linked_answer_markdown, marker_links

    cites = [
        {"n": 1, "source": "a b.md", "start": 0, "end": 3, "quote": "abc"},
        {"n": 2, "source": "other.pdf", "start": 5, "end": 9, "quote": "defg", "page": 2},
        {"n": 3, "source": "a b.md", "start": 7, "end": 9, "quote": "hi"},
    ]
    links = marker_links(cites)
    query = parse_qs(links[3].split("?", 1)[1])
    assert query["doc"] == ["a b.md"] and query["focus"] == ["3"] and len(query["c"]) == 2
    md = linked_answer_markdown("One [1], two [2], four [4].", links)
    assert f"**[\\[1\\]]({links[1]})**" in md and "**\\[4\\]**" in md and "(http" not in md


def test_document_html_marks_pages_and_escapes() -> None:
    from ui.render import document_html

    out = document_html("<b>x</b> quote here", [(1, 9, 14)], pages=[(1, 0, 9), (2, 9, 19)], focus=1)
    assert "&lt;b&gt;" in out and "<b>" not in out
    assert '<span class="page-break" id="page-2">Page 2</span><mark id="cite-1" class="quote focus">' in out
    assert "<sup>[1]</sup>quote</mark>" in out


def test_example_questions_use_titles_not_fixed_text() -> None:
    from ui.render import example_questions

    assert example_questions([]) == []
    one = example_questions(["Harbour report"])
    assert len(one) == 3 and all("“Harbour report”" in q for q in one) and len(set(one)) == 3
    many = example_questions(["A", "B", "C", "D"])
    assert [q.split("“")[1][0] for q in many] == ["A", "B", "C"]


def test_conversation_origin_and_date() -> None:
    from ui.render import conversation_origin, conversation_when

    assert [conversation_origin(s) for s in ("web-1", "cli-2", "slack:T:C:1.2", "thread-1")] == [
        "web", "cli", "slack", "sdk"
    ]
    assert conversation_when("2026-11-29T14:05:09+00:00", "2026-11-29") == "14:05"
    assert conversation_when("2026-11-20T14:05:09+00:00", "2026-11-29") == "2026-11-20"


def test_report_without_images_drops_links_and_empty_heading() -> None:
    from ui.render import report_without_images

    md = "# R\n\n## Metrics\n\n| a | b |\n\n## Charts\n\n![metrics](metrics.png)\n![latency](latency.png)\n"
    out = report_without_images(md)
    assert "![" not in out and "## Charts" not in out and "| a | b |" in out


def test_upload_messages_count_what_happened() -> None:
    from ui.render import upload_messages

    rejected = {"files": 2, "report": None, "saved": [], "error": None,
                "refused": [["a.png", "not supported"], ["b.exe", "not supported"]]}
    kinds = [k for k, _ in upload_messages(rejected)]
    assert kinds == ["error", "warning", "warning"]
    ok = {"files": 2, "saved": ["n.md"], "error": None, "refused": [["a.png", "no"]],
          "report": {"added": ["n.md", "study.md"], "updated": [], "unchanged": [], "skipped": []}}
    lines = upload_messages(ok)
    assert lines[0] == ("success", "Indexed 1 file: n.md.")
    assert ("info", "Also indexed from the corpus folder on first use: study.md.") in lines
    same = {"files": 1, "saved": ["n.md"], "error": None, "refused": [],
            "report": {"added": [], "updated": [], "unchanged": ["n.md"], "skipped": []}}
    assert upload_messages(same) == [("info", "Already indexed and unchanged: n.md.")]


def test_draft_is_marked_as_a_draft_and_escaped() -> None:
    from ui.render import draft_html

    out = draft_html("<script>x</script> text [1]")
    assert "checking against the sources" in out and "&lt;script&gt;" in out and "<script>" not in out


def test_plain_answer_for_copying() -> None:
    from ui.render import plain_answer

    text = plain_answer({"answer": "Paktika [1].", "citations": [
        {"n": 1, "source": "s.pdf", "title": "T", "quote": "in Paktika", "page": 2, "page_end": 3},
        {"n": 2, "source": "s.pdf", "title": "T", "quote": "Ada", "kind": "details", "field": "authors"},
    ]})
    assert text.splitlines()[0] == "Paktika [1]."
    assert "[1] T (s.pdf, pages 2–3): “in Paktika”" in text and "[2] T (document details: authors): “Ada”" in text


def test_css_escape_for_session_keys() -> None:
    from ui.render import css_escape

    assert css_escape("web-0a1b") == "web-0a1b"
    assert css_escape("slack:T1:C1:1.2") == "slack\\:T1\\:C1\\:1\\.2"
