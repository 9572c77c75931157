"""What a new process loads before its first answer: only what the command needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assistant import lexicon

ROOT = Path(__file__).resolve().parent.parent


def _loaded_after(argv: list[str]) -> dict[str, object]:
    """Parse ``argv`` as the CLI does in a new interpreter; report the command and what got imported."""
    code = (
        "import json, sys\n"
        "from assistant import cli\n"
        f"args = cli._parser({argv!r}).parse_args({argv!r})\n"
        "print(json.dumps({'command': args.command, 'evals': 'assistant.evals' in sys.modules,"
        " 'yaml': 'yaml' in sys.modules, 'dataset': str(getattr(args, 'dataset', ''))}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_ask_parses_without_importing_the_evaluation_package() -> None:
    got = _loaded_after(["ask", "Who wrote the study?"])
    assert got["command"] == "ask" and got["evals"] is False and got["yaml"] is False
    got = _loaded_after(["-v", "chat", "--session", "eval"])
    assert got["command"] == "chat" and got["evals"] is False


def test_eval_and_help_still_get_the_full_eval_parser() -> None:
    got = _loaded_after(["eval", "--dataset", "x.yaml"])
    assert got["command"] == "eval" and got["evals"] is True and got["dataset"] == "x.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "eval", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "--dataset" in done.stdout
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and "eval" in done.stdout and "ask" in done.stdout


def test_the_antonym_table_holds_exactly_the_antonym_pairs() -> None:
    for args in ({}, {"derived_senses": 3}, {"indirect": True, "derived_senses": 2}):
        pairs = lexicon.antonym_pairs(**args)
        table = lexicon.antonym_table(**args)
        assert {(a, b) for a, opposites in table.items() for b in opposites} == pairs
    direct = lexicon.antonym_pairs()
    derived = lexicon.antonym_pairs(derived_senses=3)
    assert ("rise", "fall") in direct and direct < derived  # derived pairs add to the direct ones
    assert lexicon.antonym_pairs(derived_senses=1) <= derived
