"""Documents page: what is indexed, add files, remove a document."""

from __future__ import annotations

import streamlit as st

from assistant import AssistantError
from ui import app, render

assistant = app.get_assistant()
corpus_dir = assistant.settings.corpus_dir

st.title("Documents")
st.caption(f"Files live in `{corpus_dir}`; answers cite them by path.")

try:
    sources = assistant.sources()
except AssistantError as exc:
    sources = []
    st.error(str(exc))

if sources:
    st.dataframe(
        [
            {
                "Title": s.title,
                "File": s.source,
                "Passages": s.chunks,
                "Indexed": s.ingested_at[:16].replace("T", " "),
            }
            for s in sources
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "Title": st.column_config.TextColumn(width="large"),
            "File": st.column_config.TextColumn(width="medium"),
            "Passages": st.column_config.NumberColumn(width="small"),
            "Indexed": st.column_config.TextColumn("Indexed (UTC)", width="medium"),
        },
    )
else:
    st.info("Nothing is indexed yet. Add files below, or index the corpus folder.", icon=":material/inbox:")

on_disk = render.unindexed_files(corpus_dir, {s.source for s in sources})
if on_disk:
    st.caption(
        f"{len(on_disk)} file{'s' if len(on_disk) != 1 else ''} in the corpus folder "
        f"{'are' if len(on_disk) != 1 else 'is'} not indexed yet ({', '.join(on_disk[:5])}"
        f"{', …' if len(on_disk) > 5 else ''}): they are indexed on the first question, or with Sync below."
    )

st.subheader("Add documents")
with st.form("upload", clear_on_submit=True):
    uploads = st.file_uploader(
        "Markdown, text, HTML, PDF or Word files",
        accept_multiple_files=True,
        help="Supported: " + ", ".join(render.SUPPORTED_UPLOADS),
    )
    submitted = st.form_submit_button("Add and index", icon=":material/upload_file:")

if submitted and uploads:
    bar = st.progress(0.0, text="Saving…")

    def _progress(done: int, total: int, source: str) -> None:
        bar.progress(
            min(1.0, done / total) if total else 1.0, text=f"Indexing {source}: {done}/{total} passages"
        )

    outcome = app.handle_uploads(assistant, [(f.name, f.getvalue()) for f in uploads], progress=_progress)
    bar.empty()
    st.session_state["last_upload"] = outcome.to_dict()
    app.invalidate_status()
    st.rerun()  # the table above must list the new documents
elif submitted:
    st.info("Choose one or more files first.", icon=":material/attach_file:")

# Shown once: a later action (any rerun) clears it.
if last := st.session_state.pop("last_upload", None):
    show = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}
    icons = {
        "success": ":material/check_circle:",
        "info": ":material/info:",
        "warning": ":material/skip_next:",
        "error": ":material/error:",
    }
    for kind, text in render.upload_messages(last):
        show[kind](text, icon=icons[kind])

with st.expander("Index the whole corpus folder"):
    st.caption("Adds new files, re-indexes changed ones and drops deleted ones.")
    if st.button("Sync corpus folder", icon=":material/sync:"):
        bar = st.progress(0.0, text="Reading the folder…")

        def _sync_progress(done: int, total: int, source: str) -> None:
            bar.progress(min(1.0, done / total) if total else 1.0, text=f"Indexing {source}: {done}/{total}")

        try:
            report = assistant.ingest(None, progress=_sync_progress)
        except AssistantError as exc:
            bar.empty()
            st.error(str(exc), icon=":material/error:")
        else:
            bar.empty()
            st.session_state["last_upload"] = {
                "report": report.to_dict(),
                "summary": report.summary(),
                "refused": [],
                "error": None,
                "saved": [],
                "sync": True,
            }
            app.invalidate_status()
            st.rerun()



def _ask_removal(source: str, delete_file: bool) -> None:
    st.session_state["_pending_removal"] = (source, delete_file)


def _cancel_removal() -> None:
    st.session_state.pop("_pending_removal", None)


def _confirm_removal() -> None:
    pending = st.session_state.pop("_pending_removal", None)
    if not pending:
        return
    source, delete_file = pending
    try:
        st.session_state["last_removal"] = app.remove_document(assistant, source, delete_file=delete_file)
    except AssistantError as exc:
        st.session_state["last_removal"] = str(exc)
    app.invalidate_status()


if sources:
    st.subheader("Remove a document")
    uploaded = app.uploaded_files(assistant)
    choice = st.selectbox(
        "Document", [s.source for s in sources], index=None, placeholder="Choose a document"
    )
    deletable = choice is not None and choice in uploaded
    left, right = st.columns(2)
    left.button(
        "Remove from the index",
        icon=":material/playlist_remove:",
        disabled=choice is None,
        on_click=_ask_removal,
        args=(choice, False),
        help="Answers stop citing it; the file stays in the corpus folder.",
    )
    right.button(
        "Remove and delete the file",
        icon=":material/delete:",
        disabled=not deletable,
        on_click=_ask_removal,
        args=(choice, True),
        help="Only for files uploaded on this page; documents that came with the app stay on disk."
        if not deletable
        else "Removes it from the index and deletes the uploaded file.",
    )
    if choice is not None and not deletable:
        st.caption(f"{choice} was not uploaded here, so its file cannot be deleted from this page.")
    if pending := st.session_state.get("_pending_removal"):
        source, delete_file = pending
        what = "remove it from the index and delete its file" if delete_file else "remove it from the index"
        st.warning(f"{source}: {what}?", icon=":material/help:")
        yes, no = st.columns(2)
        yes.button("Yes, " + ("delete" if delete_file else "remove"), key="confirm-removal", type="primary",
                   on_click=_confirm_removal)
        no.button("Cancel", key="cancel-removal", on_click=_cancel_removal)
if removal := st.session_state.pop("last_removal", None):
    st.info(removal, icon=":material/info:")
