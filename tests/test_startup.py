"""What a new process loads before its first answer: only what the command needs."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant, Settings, lexicon
from assistant.index import ChromaStore, MiniLMEmbeddings
from assistant.text import STOPWORDS
from assistant.sdk import Startup
from assistant.sessions import SQLiteSessionStore

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


def _modules_after(code: str) -> dict[str, bool]:
    """Run ``code`` in a new interpreter; report which heavy packages it imported."""
    probe = (
        code + "\nimport json, sys\n"
        "print(json.dumps({m: m in sys.modules for m in"
        " ('chromadb', 'onnxruntime', 'langchain_chroma', 'assistant.answering', 'assistant.sdk')}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_command_line_imports_neither_the_index_nor_the_model_to_parse_or_help() -> None:
    loaded = _modules_after("from assistant import cli\ncli._parser(['ask', 'x']).parse_args(['ask', 'x'])")
    assert not any(loaded.values()), loaded  # not even the SDK: `ask` is parsed on the package's own code
    helped = _modules_after(
        "import contextlib, io\nfrom assistant import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    cli._parser(['--help']).parse_args(['--help'])\n"
    )
    assert not helped["chromadb"] and not helped["onnxruntime"] and not helped["langchain_chroma"], helped


def _assistant(args: list[str], settings: Settings) -> subprocess.CompletedProcess[str]:
    """``assistant ARGS`` in a new process, as a user runs it, on ``settings``' folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_CORPUS_DIR=str(settings.corpus_dir), ASSISTANT_DATA_DIR=str(settings.data_dir))
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_ask_ends_without_teardown_yet_keeps_the_index_and_the_conversation(settings: Settings) -> None:
    """`ask` ends with os._exit once its output is flushed: the index it built on the way
    (a first question indexes the corpus folder) and the session's turns are on disk."""
    first = _assistant(["ask", "--session", "s1", "Who wrote the study?"], settings)
    assert first.returncode == 0, first.stderr
    assert "Nora Al Habsi" in first.stdout and first.stdout.endswith("\n")
    listed = _assistant(["sources", "--json"], settings)
    assert listed.returncode == 0, listed.stderr
    [source] = json.loads(listed.stdout)
    assert source["chunks"] > 0 and source["source"].startswith("escalation")
    follow = _assistant(["ask", "--session", "s1", "--json", "What does the second author specialise in?"], settings)
    assert follow.returncode == 0, follow.stderr
    assert "political Islam" in json.loads(follow.stdout)["answer"]
    sessions = SQLiteSessionStore(settings.sessions_path)
    try:
        turns = sessions.history("s1")
    finally:
        sessions.close()
    questions = [t.content for t in turns if t.role == "user"]
    assert questions == ["Who wrote the study?", "What does the second author specialise in?"]


def test_an_index_that_cannot_be_used_is_one_line_and_exit_1(settings: Settings) -> None:
    """The index opens in a background thread: its failure still reaches the reader as the
    error tree's one line, not a traceback, and the exit code says so."""
    other = ChromaStore(settings, model_id="another-model", dimensions=384)
    try:
        other.open()  # an index built with another embedding model
    finally:
        other.close()
    result = _assistant(["ask", "Who wrote the study?"], settings)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "another-model" in line and "assistant ingest --rebuild" in line


def test_startup_parts_answer_as_the_assistant_would_and_the_store_outlives_it(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    with Assistant(settings, embedder=embedder) as plain:
        plain.ingest()
        expected = plain.ask("Who wrote the study?").to_dict()
    with Startup(settings) as startup:
        with Assistant(settings, embedder=startup.embedder, store=startup.store) as assistant:
            assistant.warm_up()
            assert assistant.ask("Who wrote the study?").to_dict() == expected
        # The Assistant closes only what it built: the store Startup opened still reads.
        assert startup.store.count() > 0


def test_a_process_that_closes_its_startup_at_once_ends_cleanly(settings: Settings) -> None:
    """Closing waits for the loading threads: an interpreter that shuts down while
    onnxruntime still builds its session in a thread aborts ("terminate called without an
    active exception", exit 134), which happened to about one run in four without the wait."""
    code = (
        "import sys\nfrom assistant import Settings\nfrom assistant.sdk import Startup\n"
        "with Startup(Settings(corpus_dir=sys.argv[1], data_dir=sys.argv[2])):\n    pass\nprint('closed')\n"
    )
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", code, str(settings.corpus_dir), str(settings.data_dir)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "closed"


def test_the_shipped_antonym_forms_are_the_stemmer_s_forms_of_every_antonym_lemma() -> None:
    from assistant.answering._verify import antonym_forms, comparison_forms

    shipped = lexicon.antonym_forms()
    lemmas = {a for pair in lexicon.antonym_pairs(indirect=True, derived_senses=10**6) for a in pair}
    assert set(shipped) == lemmas, "run scripts/derive_lexicon.py --forms"
    for lemma, (comparison, every) in shipped.items():
        assert comparison == comparison_forms(lemma) and every == antonym_forms(lemma), (
            f"{lemma}: run scripts/derive_lexicon.py --forms"
        )
        # What lets the checker's tables (_verify._FormPairs) look a stem up among only the
        # lemmas sharing its first three letters (two for a three-letter lemma) and the shorter ones.
        low = lemma.lower()
        if len(low) >= 3:
            prefix = low[:3] if len(low) > 3 else low[:2]
            assert all(form.startswith(prefix) for form in every), lemma


def test_form_pairs_hold_every_pair_of_forms_of_paired_lemmas_and_nothing_else() -> None:
    from assistant.answering._verify import _FormPairs, antonym_forms

    pairs = sorted(lexicon.antonym_pairs(derived_senses=3))[:80] + [("speed", "speeds")]
    for skip in (True, False):
        expected: set[tuple[str, str]] = set()
        for a, b in pairs:
            fa, fb = antonym_forms(a), antonym_forms(b)
            if skip and fa & fb:
                continue
            expected.update((x, y) for x in fa for y in fb if x != y)
        held = _FormPairs(pairs, antonym_forms, skip_overlapping=skip)
        stems = sorted({x for x, _ in expected} | {y for _, y in expected})
        assert all(p in held for p in expected)
        assert sum(1 for x in stems for y in stems if (x, y) in held) == len(expected)
    assert ("rise", "fall") in _FormPairs([("rise", "fall")], antonym_forms, skip_overlapping=True)
    assert ("speed", "spe") not in _FormPairs([("speed", "speeds")], antonym_forms, skip_overlapping=True)


def test_the_checker_s_tables_answer_as_tables_of_every_form_would() -> None:
    """The lazily read tables (the antonyms by lemma, the adjective opposites) answer every
    lookup as a table holding every pair of forms of every pair of lemmas does (built here in
    full), for the forms of a sample of lemmas against the forms of all their partners."""
    from assistant.answering._verify import (
        ADJECTIVE_MAX_SENSES,
        ANTONYM_MAX_SENSES,
        _adjective_opposites,
        _antonym_stems,
        antonym_forms,
        comparison_forms,
    )

    antonyms = lexicon.antonym_table(derived_senses=ANTONYM_MAX_SENSES)
    direct = lexicon.antonym_pairs()
    adjectives = [
        (a, b)
        for a, b in lexicon.antonym_pairs(indirect_senses=ADJECTIVE_MAX_SENSES) - direct
        if a.isalpha() and b.isalpha() and a not in STOPWORDS and b not in STOPWORDS
    ]
    cases = (
        (_antonym_stems(ANTONYM_MAX_SENSES), [(a, b) for a in antonyms for b in antonyms[a]], antonym_forms, True),
        (_adjective_opposites(ADJECTIVE_MAX_SENSES), adjectives, comparison_forms, False),
    )
    for held, pairs, form_fn, skip in cases:
        forms = functools.cache(lambda lemma, form_fn=form_fn: frozenset(form_fn(lemma)))
        lemmas_of: dict[str, set[str]] = {}
        partners: dict[str, set[str]] = {}
        for a, b in pairs:
            if skip and forms(a) & forms(b):
                continue
            partners.setdefault(a, set()).add(b)
            for x in forms(a):
                lemmas_of.setdefault(x, set()).add(a)

        def full(x: str, y: str) -> bool:
            return x != y and any(y in forms(b) for a in lemmas_of.get(x, ()) for b in partners[a])

        sample = sorted(partners)[::701]
        xs = sorted({x for a in sample for x in forms(a)} | {"xyzzy"})
        ys = sorted({y for a in sample for b in partners[a] for y in forms(b)} | set(xs))
        found = 0
        for x in xs:
            for y in ys:
                assert ((x, y) in held) == full(x, y), (x, y)
                found += full(x, y)
        assert found > 100
