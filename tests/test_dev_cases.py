"""The development collections' case files hold to their schema: evals/dev/check_cases.py finds
no error in any of them (gold quotes verbatim in the document text, key facts inside a gold
quote, known categories, unique ids), and every case's split is the one its id fixes."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
import yaml

DEV = Path(__file__).resolve().parent.parent / "evals" / "dev"
CASE_FILES = sorted(DEV.glob("*/cases.yaml"))


@cache
def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, DEV / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_three_collections() -> None:
    assert {f.parent.name for f in CASE_FILES} >= {"pyfaq", "debian-handbook", "debian-history"}


@pytest.mark.parametrize("cases", CASE_FILES, ids=lambda p: p.parent.name)
def test_cases_check_clean(cases: Path) -> None:
    assert _module("check_cases").check_file(cases) == []


@pytest.mark.parametrize("cases", CASE_FILES, ids=lambda p: p.parent.name)
def test_split_is_fixed_by_the_id(cases: Path) -> None:
    split_of = _module("build_cases").split_of
    data = yaml.safe_load(cases.read_text(encoding="utf-8"))
    assert [c["split"] for c in data["cases"]] == [split_of(c["id"]) for c in data["cases"]]
