"""Source viewer: one document with the cited passages highlighted, scrolled to the one clicked.

Opened from an answer's ``[n]`` markers: ``source?doc=<path>&c=<n:start-end:hash>...&focus=<n>``
(see :func:`ui.render.citation_ref`). Without parameters it lets you pick a document.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

import streamlit as st

from assistant import AssistantError
from ui import app, pdfpages, render

assistant = app.get_assistant()
params = st.query_params
source = params.get("doc")
refs = [r for r in (render.parse_citation_ref(v) for v in params.get_all("c")) if r is not None]
focus_param = params.get("focus")
focus = int(focus_param) if focus_param and focus_param.isdigit() else (refs[0].n if refs else None)

st.markdown(app.PASSAGE_CSS + render.VIEWER_CSS, unsafe_allow_html=True)

if not source:
    st.title("Sources")
    try:
        sources = assistant.sources()
    except AssistantError as exc:
        st.error(str(exc))
        st.stop()
    if not sources:
        st.info("Nothing is indexed yet: ask a question or add documents first.", icon=":material/inbox:")
        st.stop()
    source = st.selectbox(
        "Document", [s.source for s in sources], format_func=lambda s: next(x.title for x in sources if x.source == s)
    )

try:
    document = assistant.document(str(source))
except AssistantError as exc:
    st.title("Source not found")
    st.error(str(exc))
    st.stop()

st.title(document.title or document.source)
corpus_dir = Path(assistant.settings.corpus_dir)
original = Path(document.source) if Path(document.source).is_absolute() else corpus_dir / document.source
st.caption(f"File: `{document.source}`" + (f" · {len(document.pages)} pages" if document.pages else ""))

details = {k: v for k, v in document.metadata.items() if k in render.DETAIL_FIELDS and str(v).strip()}
detail_refs = [r for r in refs if r.kind == "details"]
if details or detail_refs:
    st.markdown(
        render.details_html(details, {r.field: r.n for r in detail_refs}, focus=focus), unsafe_allow_html=True
    )

if original.is_file():
    st.download_button(
        "Download the original file",
        data=original.read_bytes(),
        file_name=original.name,
        mime=mimetypes.guess_type(original.name)[0] or "application/octet-stream",
        icon=":material/download:",
    )
else:
    st.caption("The original file is no longer in the corpus folder; the indexed text is shown.")

text = document.text
marks: list[tuple[int, int, int]] = []
for ref in refs:
    if ref.kind != "text":
        continue
    if 0 <= ref.start <= ref.end <= len(text) and render.quote_digest(text[ref.start : ref.end]) == ref.digest:
        marks.append((ref.n, ref.start, ref.end))
    else:
        st.warning(f"[{ref.n}]: this passage has changed in the document since the answer was given.")

pages = [(p.page, p.start, p.end) for p in document.pages]
if marks:
    st.subheader("Cited passages")
    for n, start, end in marks:
        page, page_end = document.page_at(start), document.page_at(max(start, end - 1))
        where = render.citation_pages({"page": page, "page_end": page_end})
        quote = text[start:end]
        short = quote if len(quote) <= 160 else quote[:157].rsplit(" ", 1)[0] + " …"
        st.markdown(
            f'<p class="cite-line"><a href="#cite-{n}"><b>[{n}]</b></a> {render.html_text(where)}'
            f"{' · ' if where else ''}“{render.html_text(short)}”</p>",
            unsafe_allow_html=True,
        )

if pages and marks and original.is_file() and original.suffix.lower() == ".pdf" and pdfpages.available():
    cited_pages: dict[int, list[str]] = {}
    for n, start, end in marks:
        # A quote that runs on to the next page is boxed on each page it is on.
        first, last = document.page_at(start), document.page_at(max(start, end - 1))
        if first is not None:
            for page in range(first, (last if last is not None and last >= first else first) + 1):
                cited_pages.setdefault(page, []).append(text[start:end])
    for page, quotes in sorted(cited_pages.items()):
        try:
            png, found = pdfpages.render_page(original, page, quotes)
        except ValueError as exc:
            st.caption(f"Page {page} could not be drawn: {exc}")
            continue
        st.image(png, caption=f"Page {page}" + (", the cited passage boxed" if found else ""), width=700)

st.subheader("Document text")
st.html(
    render.viewer_html(text, marks, pages=pages, focus=focus),
    unsafe_allow_javascript=True,
)
