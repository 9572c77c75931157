"""Core fixtures: a study corpus copy, settings in a temp dir, a shared embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.index import MiniLMEmbeddings

ROOT = Path(__file__).resolve().parents[2]
STUDY = ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md"


@pytest.fixture(scope="session")
def embedder() -> MiniLMEmbeddings:
    return MiniLMEmbeddings()


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled corpus."""
    target = tmp_path / "corpus"
    target.mkdir()
    shutil.copy(STUDY, target / STUDY.name)
    return target


@pytest.fixture()
def settings(tmp_path: Path, corpus_dir: Path) -> Settings:
    return Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data")
