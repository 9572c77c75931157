"""Quality page: the latest eval report (or run one here), and readers' ratings of answers."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from assistant import AssistantError
from assistant.evals import load_dataset, run_eval
from assistant.evals.report import load_report, write_report
from ui import app, render

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATASET = ROOT / "evals" / "study.yaml"

assistant = app.get_assistant()
latest = Path(assistant.settings.data_dir) / "evals" / "latest"
report_md = latest / "report.md"
report_json = latest / "report.json"

st.title("Answer quality")

with st.expander("Run the evaluation", expanded=not report_json.is_file()):
    st.caption(
        "Asks every question of the dataset against the indexed documents and measures retrieval, "
        "citation validity, faithfulness, refusals and latency. The study set takes about a minute."
    )
    dataset_path = st.text_input("Dataset (YAML)", value=str(DEFAULT_DATASET), key="eval-dataset")
    if st.button("Run the evaluation", icon=":material/play_arrow:", type="primary"):
        bar = st.progress(0.0, text="Loading the dataset…")

        def _progress(done: int, total: int, case_id: str) -> None:
            bar.progress(min(1.0, done / total) if total else 1.0, text=f"Case {done} of {total}: {case_id}")

        try:
            dataset = load_dataset(dataset_path)
            if not assistant.sources():  # opened before any question: index the corpus first
                bar.progress(0.0, text="Indexing the documents…")
                assistant.ingest()
            previous = load_report(report_json) if report_json.is_file() else None
            report = run_eval(assistant, dataset, progress=_progress)
            write_report(report, latest, previous=previous)
        except AssistantError as exc:
            bar.empty()
            st.error(str(exc), icon=":material/error:")
        else:
            bar.empty()
            st.session_state["_eval_done"] = f"Evaluated {report['cases']} cases in {report['seconds']:.0f} s."
            st.rerun()
    if done := st.session_state.pop("_eval_done", None):
        st.success(done, icon=":material/check_circle:")

charts = sorted(latest.glob("*.png")) if latest.is_dir() else []
if not (report_md.is_file() or report_json.is_file() or charts):
    st.info(
        "No evaluation report yet: run one above, or from a terminal with\n\n"
        f"`assistant eval --out {latest}`",
        icon=":material/straighten:",
    )
else:
    if report_md.is_file():
        # Our own eval runner's Markdown, without its image lines: the charts follow, once.
        st.markdown(render.report_without_images(report_md.read_text(encoding="utf-8", errors="replace")))
    if charts:
        st.subheader("Charts")
    for chart in charts:
        st.image(str(chart), caption=chart.stem.replace("_", " ").replace("-", " "))
    if report_json.is_file():
        with st.expander("Raw report (report.json)"):
            try:
                st.json(json.loads(report_json.read_text(encoding="utf-8")), expanded=False)
            except (OSError, ValueError) as exc:
                st.warning(f"report.json could not be read: {exc}")
    st.caption(f"From `{latest}`.")

st.header("Readers' ratings")
try:
    ratings = assistant.feedback_list()
except AssistantError as exc:
    ratings = []
    st.error(str(exc))
if not ratings:
    st.caption("No ratings yet. Rate an answer with the thumbs under it on the Chat page.")
else:
    ups = sum(1 for r in ratings if r.rating == "up")
    st.caption(f"{len(ratings)} rated answers: {ups} helpful, {len(ratings) - ups} not helpful.")
    st.dataframe(
        [
            {
                "When": r.created_at[:16].replace("T", " "),
                "Rating": "👍" if r.rating == "up" else "👎",
                "Question": r.question,
                "Comment": r.comment,
                "Answer": str(r.answer.get("answer", ""))[:200],
            }
            for r in ratings
        ],
        hide_index=True,
        width="stretch",
    )
    st.download_button(
        "Export as JSONL (for new eval cases)",
        data="".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in ratings),
        file_name="feedback.jsonl",
        mime="application/jsonl",
        icon=":material/download:",
    )
