"""The benchmark's Markdown table: each figure beside the baseline's, with their ratio."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.report import main, markdown


def test_each_size_gets_product_baseline_and_ratio_columns_in_size_order() -> None:
    rows = [
        {"size": 10000, "chunks": 10649, "baseline_chunks": 8278, "rss_loaded_mb": 397.0, "baseline_rss_loaded_mb": 319.0},
        {"size": 1000, "chunks": 1016, "baseline_chunks": 775, "ingest_s": 66.5, "ingest_model_s": 62.1,
         "rss_loaded_mb": 312.0, "baseline_rss_loaded_mb": 306.0},
    ]
    table = markdown(rows).splitlines()
    assert table[0].startswith("| figure | 1k product | 1k baseline | ratio | 10k product | 10k baseline | ratio |")
    memory = next(line for line in table if line.startswith("| memory"))
    assert "| 312 MB | 306 MB | 1.02x | 397 MB | 319 MB | 1.24x |" in memory
    # The share of the ingest inside the model is derived; chunk counts get no ratio.
    assert "| 0.93 |" in next(line for line in table if line.startswith("| share of the ingest"))
    assert "x" not in next(line for line in table if line.startswith("| chunks")).split("|", 2)[2]
    # A figure no size has is left out.
    assert not any(line.startswith("| retrieval p50") for line in table)


def test_the_report_reads_a_run_in_parts_and_says_what_is_under_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = {
        "machine": {"commit": "abc1234", "nproc": 2, "cpu": "x", "ram_gb": 23.5, "python": "3.11.7"},
        "parts": [{"began": "2026-11-30 13:52:02 UTC", "load_average_at_start": [2.0, 1.4, 1.6], "minutes": 50.0}],
        "rows": [{"size": 100000, "phases": ["corpus"], "chunks": 100037}],
    }
    (tmp_path / "state.json").write_text(json.dumps(state))
    assert main([str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "| 100k product |" in printed and "100k: under way, phases done: corpus" in printed
    assert "commit abc1234" in printed and "load 2.0, 1.4, 1.6" in printed


def test_a_folder_without_a_run_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 2
    assert "give the run's --out folder" in capsys.readouterr().err
