"""Loaders: real files of every supported format, broken files, and corpus discovery."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from assistant.errors import LoaderError
from assistant.documents import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, chunk_document, discover, load, source_name

ROOT = Path(__file__).resolve().parent.parent
STUDY = ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md"


# --------------------------------------------------------------------------- builders


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], *, title: str | None = None, author: str | None = None) -> bytes:
    """A minimal valid PDF: one Helvetica text line per item, a correct xref table."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    kids: list[int] = []
    next_id = 4
    for lines in pages:
        page_id, content_id = next_id, next_id + 1
        next_id += 2
        ops = ["BT /F1 12 Tf 72 720 Td 14 TL", *(f"({_pdf_string(line)}) Tj T*" for line in lines), "ET"]
        stream = "\n".join(ops).encode("latin-1")
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        objects[page_id] = (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ).encode()
        kids.append(page_id)
    objects[2] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    )
    info_id = None
    if title is not None or author is not None:
        info_id = next_id
        next_id += 1
        entries = ""
        if title is not None:
            entries += f" /Title ({_pdf_string(title)})"
        if author is not None:
            entries += f" /Author ({_pdf_string(author)})"
        objects[info_id] = f"<<{entries} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in range(1, next_id):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % next_id)
    for number in range(1, next_id):
        out.write(b"%010d 00000 n \n" % offsets[number])
    trailer = (
        f"trailer\n<< /Size {next_id} /Root 1 0 R" + (f" /Info {info_id} 0 R" if info_id else "") + " >>\n"
    )
    out.write(trailer.encode() + b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def make_docx(*, title: str | None = "Border Report", author: str | None = "Jane Roe") -> bytes:
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    # The blank template carries its own author ("python-docx"); clear it when asked.
    document.core_properties.author = author or ""
    document.add_heading("Findings", level=1)
    document.add_paragraph("Attacks rose in North Waziristan.")
    document.add_paragraph("")  # empty paragraphs must not leave stray blank lines
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Province"
    table.cell(0, 1).text = "Events"
    table.cell(1, 0).text = "Khost"
    table.cell(1, 1).text = "12"
    document.add_heading("Outlook", level=2)
    document.add_paragraph("Negotiations stalled.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _reason(path: Path, corpus: Path) -> str:
    with pytest.raises(LoaderError) as info:
        load(path, corpus_dir=corpus)
    return str(info.value)


# --------------------------------------------------------------------------- Markdown


def test_study_front_matter_becomes_metadata(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / STUDY.name
    path.write_bytes(STUDY.read_bytes())

    document = load(path, corpus_dir=corpus)

    assert document.source == STUDY.name
    assert (
        document.title == "The Escalation of Threats by the Pakistani Taliban: Indications and Implications"
    )
    assert document.metadata["authors"] == "Nora Al Habsi; Ali Bakr"
    assert document.metadata["publisher"] == "TRENDS Research and Advisory"
    assert document.metadata["kind"] == "study summary"
    assert document.metadata["format"] == "md"
    assert document.metadata["bytes"] == len(STUDY.read_bytes())
    assert document.text.startswith("A recent study by TRENDS Research and Advisory")
    assert "---" not in document.text.split("\n", 1)[0]
    # The body is kept verbatim: it is the exact tail of the file.
    assert STUDY.read_text(encoding="utf-8").endswith(document.text)


def test_markdown_title_falls_back_to_heading_then_stem(tmp_path: Path) -> None:
    heading = _write(tmp_path, "notes.md", "\n\n# Field Notes #\n\nSome *text* here.\n")
    plain = _write(tmp_path, "field-report_2024.markdown", "Just text.\r\nSecond line.\r\n")

    with_heading = load(heading, corpus_dir=tmp_path)
    without = load(plain, corpus_dir=tmp_path)

    assert with_heading.title == "Field Notes"
    assert with_heading.text == "# Field Notes #\n\nSome *text* here.\n"
    assert without.title == "Field report 2024"
    assert without.text == "Just text.\nSecond line.\n"
    assert without.metadata["format"] == "md"


def test_front_matter_values_are_flattened(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "doc.md",
        "---\ntitle: Report\nauthor: Sam Lee\ndate: 2024-03-01\npages: 12\nscore: 0.5\ndraft: false\n"
        "tags: [a, b, 3]\nnested: {x: 1}\nempty:\n---\nBody.\n",
    )

    meta = load(path, corpus_dir=tmp_path).metadata

    assert meta["title"] == "Report"
    assert meta["authors"] == "Sam Lee"
    assert meta["date"] == "2024-03-01"
    assert meta["pages"] == 12 and meta["score"] == 0.5 and meta["draft"] is False
    assert meta["tags"] == "a; b; 3"
    assert "nested" not in meta and "empty" not in meta
    assert all(isinstance(v, (str, int, float, bool)) for v in meta.values())


def test_front_matter_cannot_override_format_and_size(tmp_path: Path) -> None:
    path = _write(tmp_path, "doc.md", "---\nformat: pdf\nbytes: 1\n---\nBody.\n")
    meta = load(path, corpus_dir=tmp_path).metadata
    assert meta["format"] == "md"
    assert meta["bytes"] == path.stat().st_size


def test_leading_rule_that_is_not_front_matter_is_kept(tmp_path: Path) -> None:
    text = "---\n- one\n- two\n---\nAfter the list.\n"
    path = _write(tmp_path, "rule.md", text)
    assert load(path, corpus_dir=tmp_path).text == text


def test_broken_front_matter_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.md", "---\ntitle: [unclosed\n---\nBody.\n")
    assert "invalid YAML front matter" in _reason(path, tmp_path)


def test_front_matter_without_body_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "only.md", "---\ntitle: Nothing else\n---\n\n")
    assert "no text after the front matter" in _reason(path, tmp_path)


# --------------------------------------------------------------------------- plain text


def test_text_encodings(tmp_path: Path) -> None:
    bom = _write(tmp_path, "bom.txt", "\ufeffCafé report\r\nline two\rline three".encode())
    latin = _write(tmp_path, "latin.txt", "Café – “quoted”".encode("cp1252"))
    mixed = _write(tmp_path, "mixed.txt", "naïve ".encode() + "café".encode("latin-1"))
    utf16 = _write(tmp_path, "utf16.txt", "Peshawar talks\nended".encode("utf-16"))
    utf16_plain = _write(tmp_path, "utf16le.txt", "Peshawar talks ended".encode("utf-16-le"))

    assert load(bom, corpus_dir=tmp_path).text == "Café report\nline two\nline three"
    assert load(bom, corpus_dir=tmp_path).title == "Café report"
    assert load(latin, corpus_dir=tmp_path).text == "Café – “quoted”"
    assert load(mixed, corpus_dir=tmp_path).text == "naïve café"
    assert load(utf16, corpus_dir=tmp_path).text == "Peshawar talks\nended"
    assert load(utf16_plain, corpus_dir=tmp_path).text == "Peshawar talks ended"


def test_text_title_is_stem_when_first_line_is_a_sentence(tmp_path: Path) -> None:
    path = _write(tmp_path, "field_notes.txt", "The talks failed in 2022.\nMore.\n")
    document = load(path, corpus_dir=tmp_path)
    assert document.title == "Field notes"
    assert document.metadata == {"format": "txt", "bytes": path.stat().st_size}


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\t\n", "empty file"),
        ("nul.txt", b"text\x00with\x00nul bytes here", "binary data"),
        ("controls.md", bytes(range(1, 9)) * 20 + b"abc", "binary data"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
        ("bad-bom.txt", b"\xff\xfe\x00\xd8", "undecodable text"),
    ],
)
def test_bad_text_files_are_rejected(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = _write(tmp_path, name, data)
    message = _reason(path, tmp_path)
    assert reason in message
    assert name in message
    assert "\n" not in message


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    assert "not found" in _reason(tmp_path / "gone.txt", tmp_path)
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:  # sparse: no need to write 50 MB
        handle.truncate(MAX_FILE_BYTES + 1)
    assert "file too large" in _reason(big, tmp_path)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    assert "not a regular file" in _reason(folder, tmp_path)


def test_unsupported_suffix_is_rejected_by_load(tmp_path: Path) -> None:
    path = _write(tmp_path, "sheet.xlsx", b"PK\x03\x04")
    assert "unsupported file type .xlsx" in _reason(path, tmp_path)


# --------------------------------------------------------------------------- HTML

_HTML = """<!doctype html>
<html><head><title>  Threat
  Assessment </title><style>p { color: red }</style>
<meta name="author" content="Ali Bakr"><script>var x = "<p>hidden</p>";</script></head>
<body>
<header>Site banner</header><nav><a href="/">Home</a></nav>
<h1>Main heading</h1>
<p>First   paragraph
   spans lines with <b>bold</b> and <a href="#">a link</a>.</p>
<!-- a comment that must not appear -->
<div>Loose text<p>Inner paragraph</p>tail text</div>
<h2>Second heading</h2>
<ul><li>Item one</li><li>Item two</li></ul>
<p>Line one<br>Line two</p>
<table><tr><td>Cell A</td><td>Cell B</td></tr></table>
<pre>keep   this
  layout</pre>
<footer>Copyright</footer>
</body></html>"""


def test_html_paragraphs_title_and_dropped_parts(tmp_path: Path) -> None:
    path = _write(tmp_path, "page.html", _HTML)

    document = load(path, corpus_dir=tmp_path)
    paragraphs = document.text.split("\n\n")

    assert document.title == "Threat Assessment"
    assert document.metadata["authors"] == "Ali Bakr"
    assert document.metadata["format"] == "html"
    assert paragraphs[:3] == [
        "Main heading",
        "First paragraph spans lines with bold and a link.",
        "Loose text",
    ]
    assert paragraphs[3:6] == ["Inner paragraph", "tail text", "Second heading"]
    assert "Item one" in paragraphs and "Item two" in paragraphs
    assert "Line one\nLine two" in paragraphs
    assert "Cell A" in document.text and "Cell B" in document.text
    assert "keep   this\n  layout" in paragraphs
    for dropped in ("Site banner", "Home", "hidden", "color", "comment", "Copyright", "var x"):
        assert dropped not in document.text


def test_html_charset_from_meta_and_h1_title(tmp_path: Path) -> None:
    body = '<html><head><meta charset="windows-1252"></head><body><h1>Caf\xe9</h1><p>\x93Quoted\x94 text</p></body></html>'
    path = _write(tmp_path, "legacy.htm", body.encode("latin-1"))

    document = load(path, corpus_dir=tmp_path)

    assert document.title == "Café"
    assert document.text == "Café\n\n“Quoted” text"


def test_html_http_equiv_charset(tmp_path: Path) -> None:
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><body><p>Привет</p></body></html>'
    path = _write(tmp_path, "ru.html", html.encode("koi8-r"))
    assert load(path, corpus_dir=tmp_path).text == "Привет"


def test_html_without_text_is_rejected(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "empty.html", "<html><head><title>T</title><script>x()</script></head><body> </body></html>"
    )
    assert "no extractable text" in _reason(path, tmp_path)


def test_deeply_nested_html_loads(tmp_path: Path) -> None:
    path = _write(tmp_path, "deep.html", "<div>" * 5000 + "deep text" + "</div>" * 5000)
    assert load(path, corpus_dir=tmp_path).text == "deep text"


# --------------------------------------------------------------------------- PDF


def test_pdf_pages_title_and_spans(tmp_path: Path) -> None:
    data = make_pdf(
        [["Attacks rose in 2023 (sharply).", "Second line"], [], ["Page three text"]],
        title="Microsoft Word - Border Study",
        author="Nora Al Habsi",
    )
    path = _write(tmp_path, "study.pdf", data)

    document = load(path, corpus_dir=tmp_path)

    assert document.title == "Border Study"
    assert document.metadata["authors"] == "Nora Al Habsi"
    assert document.metadata["pages"] == 3
    assert document.metadata["format"] == "pdf"
    assert [span.page for span in document.pages] == [1, 3]
    first, third = document.pages
    assert document.text[first.start : first.end] == "Attacks rose in 2023 (sharply).\nSecond line"
    assert document.text[third.start : third.end] == "Page three text"
    assert document.text == "Attacks rose in 2023 (sharply).\nSecond line\n\nPage three text"
    assert document.page_at(document.text.index("three")) == 3
    assert document.page_at(0) == 1


def test_pdf_title_falls_back_to_first_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "untitled.pdf", make_pdf([["Quarterly Review", "Body text."]]))
    assert load(path, corpus_dir=tmp_path).title == "Quarterly Review"


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Secret text"]]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_needs_password(tmp_path: Path) -> None:
    locked = _write(tmp_path, "locked.pdf", _encrypted("secret"))
    open_to_all = _write(tmp_path, "owner-only.pdf", _encrypted(""))

    assert "encrypted PDF" in _reason(locked, tmp_path)
    assert load(open_to_all, corpus_dir=tmp_path).text == "Secret text"


def test_pdf_without_text_and_broken_pdfs(tmp_path: Path) -> None:
    valid = make_pdf([["Some text on a page"]])
    no_text = _write(tmp_path, "scan.pdf", make_pdf([[]]))
    truncated = _write(tmp_path, "cut.pdf", valid[: len(valid) // 3])
    garbage = _write(tmp_path, "junk.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4)
    text_as_pdf = _write(tmp_path, "notes.pdf", b"just some notes, not a PDF\n")

    assert "no extractable text" in _reason(no_text, tmp_path)
    assert "OCR" in _reason(no_text, tmp_path)
    for broken in (truncated, garbage):
        message = _reason(broken, tmp_path)
        assert "PDF" in message or "no extractable text" in message
    assert "not a PDF file" in _reason(text_as_pdf, tmp_path)


# --------------------------------------------------------------------------- DOCX


def test_docx_paragraphs_headings_tables(tmp_path: Path) -> None:
    path = _write(tmp_path, "report.docx", make_docx())

    document = load(path, corpus_dir=tmp_path)

    assert document.title == "Border Report"
    assert document.metadata["authors"] == "Jane Roe"
    assert document.metadata["format"] == "docx"
    assert document.text.split("\n\n") == [
        "Findings",
        "Attacks rose in North Waziristan.",
        "Province | Events",
        "Khost | 12",
        "Outlook",
        "Negotiations stalled.",
    ]
    # Word's heading styles are the document's sections.
    assert [(h.level, document.text[h.start : h.end]) for h in document.headings] == [(1, "Findings"), (2, "Outlook")]
    sections = {s.text: c.section for c in chunk_document(document) for s in c.sentences}
    assert sections["Negotiations stalled."] == "Findings > Outlook"


def test_docx_title_falls_back_to_first_heading(tmp_path: Path) -> None:
    path = _write(tmp_path, "plain.docx", make_docx(title=None, author=None))
    document = load(path, corpus_dir=tmp_path)
    assert document.title == "Findings"
    assert "authors" not in document.metadata


def test_broken_docx_files(tmp_path: Path) -> None:
    valid = make_docx()
    truncated = _write(tmp_path, "cut.docx", valid[: len(valid) // 2])
    text_as_docx = _write(tmp_path, "notes.docx", b"plain words, not a document")
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "hi")
    not_word = _write(tmp_path, "archive.docx", other_zip.getvalue())
    broken_xml = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(valid)) as source, zipfile.ZipFile(broken_xml, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, content[:50] if item.filename == "word/document.xml" else content)
    bad_xml = _write(tmp_path, "badxml.docx", broken_xml.getvalue())

    assert "corrupt DOCX" in _reason(truncated, tmp_path)
    assert "not a DOCX file" in _reason(text_as_docx, tmp_path)
    assert "word/document.xml is missing" in _reason(not_word, tmp_path)
    assert "corrupt DOCX" in _reason(bad_xml, tmp_path)


def test_wrong_extensions(tmp_path: Path) -> None:
    pdf_as_md = _write(tmp_path, "x.md", make_pdf([["Hi"]]) + bytes(range(32)) * 10)
    docx_as_txt = _write(tmp_path, "x.txt", make_docx())
    html_as_pdf = _write(tmp_path, "x.pdf", "<html><body><p>Hi</p></body></html>")

    assert "binary data" in _reason(pdf_as_md, tmp_path)
    assert "binary data" in _reason(docx_as_txt, tmp_path)
    assert "not a PDF file" in _reason(html_as_pdf, tmp_path)


# --------------------------------------------------------------------------- discovery


def _tree(corpus: Path) -> None:
    _write(corpus, "a.md", "# A\n\ntext")
    _write(corpus, "sub/deeper/b.TXT", "b text")
    _write(corpus, "sub/c.html", "<p>c</p>")
    _write(corpus, "sub/d.pdf", make_pdf([["d"]]))
    _write(corpus, "e.docx", make_docx())
    _write(corpus, ".hidden.md", "secret")
    _write(corpus, ".git/config.md", "git internals")
    _write(corpus, "sub/.DS_Store", b"\x00\x01")
    _write(corpus, "data.csv", "a,b")
    _write(corpus, "README", "no suffix")


def test_discover_walks_nested_folders_and_skips_with_reasons(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _tree(corpus)

    files, skipped = discover(corpus)

    assert [source_name(p, corpus) for p in files] == [
        "a.md",
        "e.docx",
        "sub/c.html",
        "sub/d.pdf",
        "sub/deeper/b.TXT",
    ]
    reasons = {s.source: s.reason for s in skipped}
    assert set(reasons) == {"data.csv", "README"}
    assert reasons["data.csv"].startswith("unsupported file type .csv; supported: ")
    assert all(suffix in reasons["data.csv"] for suffix in SUPPORTED_SUFFIXES)
    assert reasons["README"].startswith("unsupported file type (no extension)")


def test_discover_symlinks(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    outside = tmp_path / "outside"
    _write(corpus, "real/inner.md", "inner")
    _write(outside, "secret.md", "outside text")
    (corpus / "link-out.md").symlink_to(outside / "secret.md")
    (corpus / "dir-out").symlink_to(outside, target_is_directory=True)
    (corpus / "link-in.md").symlink_to(corpus / "real" / "inner.md")
    (corpus / "dir-in").symlink_to(corpus / "real", target_is_directory=True)
    (corpus / "real" / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "dangling.md").symlink_to(tmp_path / "nowhere.md")

    files, skipped = discover(corpus)

    assert [source_name(p, corpus) for p in files] == ["dir-in/inner.md", "link-in.md", "real/inner.md"]
    reasons = {s.source: s.reason for s in skipped}
    assert reasons == {
        "link-out.md": "symlink points outside the corpus folder",
        "dir-out": "symlink points outside the corpus folder",
        "dangling.md": "broken symlink",
    }
    assert load(files[1], corpus_dir=corpus).source == "link-in.md"


def test_discover_explicit_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    _tree(corpus)
    extra = _write(tmp_path / "elsewhere", "notes.txt", "outside but named")
    monkeypatch.chdir(tmp_path)

    files, skipped = discover(
        corpus,
        [
            corpus / "sub",
            Path("a.md"),
            extra,
            corpus / "a.md",
            Path("missing.md"),
            corpus / ".hidden.md",
            corpus / "data.csv",
        ],
    )

    names = [source_name(p, corpus) for p in files]
    assert names == sorted(names)
    assert set(names) == {"a.md", "sub/c.html", "sub/d.pdf", "sub/deeper/b.TXT", extra.resolve().as_posix()}
    reasons = {s.source: s.reason for s in skipped}
    assert reasons["missing.md"] == "not found"
    assert reasons[".hidden.md"] == "hidden file or folder"
    assert reasons["data.csv"].startswith("unsupported file type .csv")
    assert load(extra, corpus_dir=corpus).source == extra.resolve().as_posix()


def test_discover_missing_corpus(tmp_path: Path) -> None:
    files, skipped = discover(tmp_path / "nope")
    assert files == []
    assert [s.reason for s in skipped] == ["not found"]


def test_source_name_through_symlinked_corpus(tmp_path: Path) -> None:
    real = tmp_path / "real"
    _write(real, "x/doc.md", "doc")
    alias = tmp_path / "alias"
    alias.symlink_to(real, target_is_directory=True)

    assert source_name(alias / "x" / "doc.md", alias) == "x/doc.md"
    assert source_name(real / "x" / "doc.md", alias) == "x/doc.md"
    assert source_name(Path(os.path.relpath(real / "x" / "doc.md")), real) == "x/doc.md"
    assert source_name(tmp_path / "other.md", real) == (tmp_path / "other.md").as_posix()


def test_markdown_thematic_break_then_prose_is_not_front_matter(tmp_path: Path) -> None:
    text = "---\nThe talks failed in 2022: they may resume.\n\n---\n\nMore prose.\n"
    path = _write(tmp_path, "rule2.md", text)
    assert load(path, corpus_dir=tmp_path).text == text


def test_heading_with_long_space_run_loads(tmp_path: Path) -> None:
    path = _write(tmp_path, "spaces.md", "# Title" + " " * 200_000 + "x\n\nBody.\n")
    document = load(path, corpus_dir=tmp_path)
    assert document.title == "Title"


def test_html_main_landmark_and_aria_chrome(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Docs</title></head><body>"
        '<div role="navigation"><a href="/">index</a> | <a href="/n">next</a></div>'
        '<div class="sidebar"><p>Table of contents</p></div>'
        '<div role="main"><h2>Usage<a class="headerlink" href="#usage">¶</a></h2><p>Call it.</p></div>'
        '<div role="contentinfo">© 2024</div></body></html>'
    )
    path = _write(tmp_path, "docs.html", html)
    assert load(path, corpus_dir=tmp_path).text == "Usage\n\nCall it."
