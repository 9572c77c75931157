"""Several processes on one embedded index: long-running askers and an ingest from another
process. The embedded index takes writes only from a process that has it alone, so the
ingest is refused with the next step (stop the others, or the Chroma server mode) and
the askers never see an error or a wrong answer; once they are gone the ingest runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.index import MiniLMEmbeddings

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md"

_ASKER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from assistant import Assistant, Settings
    from assistant.errors import AssistantError

    stop = Path(sys.argv[1])
    with Assistant(Settings()) as assistant:
        first = True
        while not stop.exists():
            try:
                answer = assistant.ask("Who wrote the study?")
                line = {"ok": True, "text": answer.text, "grounded": answer.grounded}
            except AssistantError as exc:
                line = {"ok": False, "error": type(exc).__name__, "message": str(exc)}
            print(json.dumps(line), flush=True)
            if first:
                print("ready", file=sys.stderr, flush=True)
                first = False
    """
)


def _env(corpus: Path, data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return {**env, "PYTHONPATH": str(ROOT), "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_DATA_DIR": str(data)}


@pytest.mark.slow
def test_an_ingest_from_another_process_is_refused_while_askers_run(tmp_path: Path, embedder: MiniLMEmbeddings) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    corpus.mkdir()
    study = corpus / "study.md"
    study.write_bytes(STUDY.read_bytes())
    with Assistant(Settings(corpus_dir=corpus, data_dir=data), embedder=embedder) as assistant:
        assistant.ingest()
    env = _env(corpus, data)
    stop = tmp_path / "stop"
    askers = [
        subprocess.Popen(
            [sys.executable, "-c", _ASKER, str(stop)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    try:
        for asker in askers:
            assert asker.stderr is not None and asker.stderr.readline().strip() == "ready"
        # Another process changes the study's authors and ingests.
        study.write_text(study.read_text().replace("Nora Al Habsi", "Jane Roe"))
        ingest = subprocess.run(
            [sys.executable, "-m", "assistant.cli", "ingest"], env=env, capture_output=True, text=True, timeout=300
        )
        time.sleep(1.0)  # the askers keep asking after the refused ingest
    finally:
        stop.touch()
        outputs = [asker.communicate(timeout=120) for asker in askers]
    assert ingest.returncode == 1, ingest.stdout + ingest.stderr
    [message] = ingest.stderr.strip().splitlines()
    assert "Another process has the index" in message and "ASSISTANT_CHROMA_URL" in message and "chroma run" in message

    lines = [json.loads(line) for out, _ in outputs for line in out.splitlines()]
    errors = [line for line in lines if not line["ok"]]
    wrong = [line for line in lines if line["ok"] and ("Nora Al Habsi" not in line["text"] or not line["grounded"])]
    print(f"\n{len(lines)} answers from 2 askers during the refused ingest: {len(errors)} errors, {len(wrong)} wrong")
    assert errors == [] and wrong == []
    assert all(asker.returncode == 0 for asker in askers), [err for _, err in outputs]

    # With the askers gone, the same ingest runs, and the next process sees the new text.
    again = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ingest"], env=env, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stderr
    with Assistant(Settings(corpus_dir=corpus, data_dir=data), embedder=embedder) as assistant:
        assert "Jane Roe" in assistant.ask("Who wrote the study?").text


def test_one_process_may_open_the_index_many_times_and_still_write(tmp_path: Path, embedder: MiniLMEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "study.md").write_bytes(STUDY.read_bytes())
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    with Assistant(settings, embedder=embedder) as reader, Assistant(settings, embedder=embedder) as writer:
        reader.ingest()
        assert reader.ask("Who wrote the study?").grounded
        (corpus / "notes.md").write_text("# Notes\n\nThe archive moved to the east wing in 2019.\n")
        assert writer.ingest().added == ("notes.md",)
        assert writer.remove("notes.md")
