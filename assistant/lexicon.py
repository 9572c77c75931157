"""Every word list the answering and verification code uses, in one place, each with its provenance.

The lists are general English: none names one document's words. Derived data (WordNet 3.0
antonyms and inflections) ships in ``assistant/data/`` with its licence and is read lazily.
Sections:

* question reading (function words, auxiliaries, question words, summary and yes/no cues);
* verification (polarity: antonyms; causal and degree markers; negation);

A rule that uses a list earns its place by the figures on the development corpora
(``evals/dev/``), never by one case.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["antonym_pairs", "irregular_lemmas"]


# -- question reading ------------------------------------------------------------------


# -- verification ----------------------------------------------------------------------


# -- derived data (assistant/data, WordNet 3.0; see assistant/data/README.md) -------------
def _rows(name: str) -> list[list[str]]:
    text = resources.files("assistant").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def antonym_pairs(*, indirect: bool = False) -> frozenset[tuple[str, str]]:
    """Lemma pairs WordNet 3.0 records as antonyms, in both orders (``indirect`` adds the
    adjective-cluster pairs of ``antonyms_indirect.tsv``)."""
    names = ["antonyms.tsv", *(["antonyms_indirect.tsv"] if indirect else [])]
    return frozenset((row[0], row[1]) for name in names for row in _rows(name))


@lru_cache(maxsize=1)
def irregular_lemmas() -> dict[str, str]:
    """Irregular inflected form -> lemma (WordNet 3.0 exception lists), e.g. ``rose`` -> ``rise``."""
    return {row[0]: row[1] for row in _rows("inflections.tsv")}
