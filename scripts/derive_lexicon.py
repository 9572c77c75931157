#!/usr/bin/env python3
"""Derive antonym lexicon data for the sentence verifier from WordNet 3.0.

Stdlib only. Reads the WordNet 3.0 database as packaged by Debian
(``apt-get install wordnet-base``; files in /usr/share/wordnet/) and writes:

* assistant/data/antonyms.tsv           direct antonyms (WordNet ``!`` pointers)
* assistant/data/antonyms_indirect.tsv  adjective satellites (``&`` similar-to)
                                        paired with the antonym of their head
* assistant/data/inflections.tsv        irregular inflected form -> lemma
                                        (WordNet *.exc files), only for lemmas
                                        that occur in the antonym files
* assistant/data/LICENSE-WordNet.txt    the WordNet 3.0 licence, verbatim

Decisions (also written as '#' header lines in the TSVs):

* Lemmas only, lowercase, single words (WordNet collocations contain '_' and
  are dropped; hyphenated words such as "de-escalate" are kept). The consumer
  lemmatises: regular inflections by suffix stripping, irregular ones through
  inflections.tsv. Inflected forms are not expanded into the antonym list.
* Every pair is written in both orders (symmetric), then sorted and
  deduplicated. Pairs whose two lemmas are identical are dropped.
* pos is WordNet's: n, v, a (adjective; satellites 's' are folded into 'a'), r.
* Nothing is hand-added. Pairs from any other source must go to a separate
  file with their provenance (there are none at present).

Usage: python scripts/derive_lexicon.py [--wordnet /usr/share/wordnet] [--out assistant/data]
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
COPYRIGHT = Path("/usr/share/doc/wordnet-base/copyright")
ADJ_MARKER = re.compile(r"\((a|p|ip)\)$")


def clean(word: str) -> str | None:
    w = ADJ_MARKER.sub("", word).lower()
    if "_" in w or " " in w or not w:
        return None
    return w


def parse_data(path: Path):
    """Yield (offset, pos, words, pointers) for each synset line."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("  "):  # licence header
                continue
            data = line.split(" | ", 1)[0].split()
            offset, ss_type = data[0], data[2]
            w_cnt = int(data[3], 16)
            words = [data[4 + 2 * i] for i in range(w_cnt)]
            i = 4 + 2 * w_cnt
            p_cnt = int(data[i])
            i += 1
            ptrs = []
            for _ in range(p_cnt):
                sym, off, pos, st = data[i : i + 4]
                ptrs.append((sym, off, pos, int(st[:2], 16), int(st[2:], 16)))
                i += 4
            yield offset, ("a" if ss_type == "s" else ss_type), ss_type, words, ptrs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "assistant" / "data"))
    args = ap.parse_args()
    wn, out = Path(args.wordnet), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    synsets: dict[tuple[str, str], tuple[str, list[str], list]] = {}
    for pos, name in POS_FILES.items():
        for offset, p, ss_type, words, ptrs in parse_data(wn / f"data.{name}"):
            synsets[(p, offset)] = (ss_type, words, ptrs)

    direct: set[tuple[str, str, str]] = set()
    # word-level antonyms keyed by (pos, offset) of head synsets, for satellites
    head_antonyms: dict[tuple[str, str], set[str]] = {}
    for (pos, offset), (ss_type, words, ptrs) in synsets.items():
        for sym, toff, tpos, src, tgt in ptrs:
            if sym != "!":
                continue
            tpos = "a" if tpos == "s" else tpos
            target = synsets.get((tpos, toff))
            if target is None or src == 0 or tgt == 0:
                continue
            a, b = clean(words[src - 1]), clean(target[1][tgt - 1])
            if pos == "a":
                head_antonyms.setdefault((pos, offset), set()).add(target[1][tgt - 1])
            if a and b and a != b:
                direct.add((a, b, pos))
                direct.add((b, a, pos))

    indirect: set[tuple[str, str, str]] = set()
    for (pos, offset), (ss_type, words, ptrs) in synsets.items():
        if ss_type != "s":
            continue
        for sym, toff, tpos, _src, _tgt in ptrs:
            if sym != "&":
                continue
            for anto in head_antonyms.get(("a", toff), ()):
                b = clean(anto)
                for w in words:
                    a = clean(w)
                    if a and b and a != b and (a, b, "a") not in direct:
                        indirect.add((a, b, "a"))
                        indirect.add((b, a, "a"))

    lemmas = {a for a, _, _ in direct | indirect}
    inflections: set[tuple[str, str, str]] = set()
    for pos, name in POS_FILES.items():
        exc = wn / f"{name}.exc"
        if not exc.exists():
            continue
        for line in exc.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split()
            if len(parts) < 2:
                continue
            form = clean(parts[0])
            for lemma in parts[1:]:
                lem = clean(lemma)
                if form and lem and lem in lemmas and form != lem:
                    inflections.add((form, lem, pos))

    src_note = "# Derived from WordNet 3.0 (Princeton University) by scripts/derive_lexicon.py; licence: LICENSE-WordNet.txt\n"
    lemma_note = ("# Lemmas only, lowercase, single words (hyphenated kept). The consumer lemmatises "
                  "(regular suffixes itself, irregular forms via inflections.tsv). Symmetric, sorted, deduplicated.\n")
    (out / "antonyms.tsv").write_text(
        src_note + lemma_note
        + "# Columns: lemma\tantonym\tpos (n, v, a, r). Direct antonyms: WordNet '!' pointers.\n"
        + "".join(f"{a}\t{b}\t{p}\n" for a, b, p in sorted(direct)), encoding="utf-8")
    (out / "antonyms_indirect.tsv").write_text(
        src_note + lemma_note
        + "# Columns: lemma\tantonym\tpos. Indirect adjective antonyms: a satellite ('&' similar-to a head)"
          " paired with the head's direct antonym (e.g. damp/dry via wet). Weaker evidence than antonyms.tsv.\n"
        + "".join(f"{a}\t{b}\t{p}\n" for a, b, p in sorted(indirect)), encoding="utf-8")
    (out / "inflections.tsv").write_text(
        src_note
        + "# Columns: inflected_form\tlemma\tpos. Irregular forms from WordNet's *.exc files, restricted to"
          " lemmas that occur in antonyms.tsv or antonyms_indirect.tsv.\n"
        + "".join(f"{a}\t{b}\t{p}\n" for a, b, p in sorted(inflections)), encoding="utf-8")

    lic = COPYRIGHT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, l in enumerate(lic) if l.startswith("License: WordNet3.0"))
    end = next((i for i in range(start + 1, len(lic)) if lic[i] and not lic[i].startswith(" ")), len(lic))
    (out / "LICENSE-WordNet.txt").write_text(
        "The following files are derived from WordNet 3.0 (Princeton University) by\n"
        "scripts/derive_lexicon.py and are distributed under the licence below:\n"
        "assistant/data/antonyms.tsv, assistant/data/antonyms_indirect.tsv,\n"
        "assistant/data/inflections.tsv.\n\n"
        f"The licence text is copied verbatim from {COPYRIGHT} (Debian package\n"
        "wordnet-base 1:3.0), stanza 'License: WordNet3.0':\n\n"
        + "\n".join(lic[start:end]) + "\n", encoding="utf-8")
    print(f"antonyms: {len(direct)//2} pairs; indirect: {len(indirect)//2} pairs; inflections: {len(inflections)}")


if __name__ == "__main__":
    main()
