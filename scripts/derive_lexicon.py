#!/usr/bin/env python3
"""Derive antonym lexicon data for the sentence verifier from WordNet 3.0.

Stdlib only. Reads the WordNet 3.0 database as packaged by Debian
(``apt-get install wordnet-base``; files in /usr/share/wordnet/) and writes:

* assistant/data/antonyms.tsv           direct antonyms (WordNet ``!`` pointers)
* assistant/data/antonyms_indirect.tsv  adjective satellites (``&`` similar-to)
                                        paired with the antonym of their head
* assistant/data/antonyms_derived.tsv   pairs implied by antonym pointers between
                                        synsets and by derivational links
                                        (:func:`derive_pairs`)
* assistant/data/inflections.tsv        irregular inflected form -> lemma
                                        (WordNet *.exc files), only for lemmas
                                        that occur in the antonym files
* assistant/data/english_words.txt      every single-word lemma and irregular form
                                        (:func:`derive_english_words`)
* assistant/data/common_nouns.txt, name_nouns.txt, non_nouns.txt
                                        nouns written in lower case, nouns written
                                        capitalised (names), and words that are no noun
* assistant/data/person_nouns.txt       nouns most of whose senses name a person
                                        (:func:`derive_person_nouns`)
* assistant/data/group_nouns.txt        nouns most of whose senses name a group or body
                                        (:func:`derive_group_nouns`)
* assistant/data/synonyms.tsv           each single-word lemma's synonyms in its first
                                        SYNONYM_SENSES senses as a noun, a verb and an
                                        adjective (:func:`derive_synonyms`; also alone:
                                        ``--synonyms``)
* assistant/data/phrasal_verbs.txt     two-word verb collocations with a particle
                                        ("look after"; :func:`derive_phrasal_verbs`; also
                                        alone: ``--phrasal``)
* assistant/data/LICENSE-WordNet.txt    the WordNet 3.0 licence, verbatim
* assistant/data/antonym_forms.tsv      the stems of every antonym lemma's forms, as the
                                        verifier matches them (:func:`write_forms`; also
                                        alone, from the files above: ``--forms``)

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

Usage: python scripts/derive_lexicon.py [--wordnet /usr/share/wordnet] [--out assistant/data] [--forms] [--synonyms] [--phrasal]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
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


def sense_counts(wn: Path) -> dict[tuple[str, str], int]:
    """(lemma, pos) -> number of WordNet senses (index.* files, field sense_cnt)."""
    counts: dict[tuple[str, str], int] = {}
    for pos, name in POS_FILES.items():
        for line in (wn / f"index.{name}").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("  "):
                continue
            fields = line.split()
            if len(fields) > 2 and fields[2].isdigit():
                counts[(fields[0].lower(), pos)] = int(fields[2])
    return counts


def derive_pairs(synsets: dict, direct: set[tuple[str, str, str]]) -> set[tuple[str, str, str, str]]:
    """Antonym pairs implied by WordNet's pointers (see the antonyms_derived.tsv header).

    * synset: an antonym pointer between a word of synset S and a word of synset T pairs
      every lemma of S with every lemma of T (WordNet draws antonymy between words, but the
      opposition holds for the senses: "improve" and "worsen" sit in the synsets of
      "better" and "worsen", which are antonyms);
    * derivation: when x and y are antonyms and x', y' are their derivationally related
      ('+') words of one part of speech, the synsets of x' and y' are opposed the same way;
    * entailment: a verb's troponym entails it, so it contradicts the verb's antonyms.
    """
    def synset_pairs(pos_a: str, off_a: str, pos_b: str, off_b: str, how: str) -> set[tuple[str, str, str, str]]:
        sa, sb = synsets.get((pos_a, off_a)), synsets.get((pos_b, off_b))
        if sa is None or sb is None or pos_a != pos_b:
            return set()
        out = set()
        for wa in sa[1]:
            for wb in sb[1]:
                a, b = clean(wa), clean(wb)
                if a and b and a != b:
                    out.add((a, b, pos_a, how))
                    out.add((b, a, pos_a, how))
        return out

    found: set[tuple[str, str, str, str]] = set()
    antonym_links: list[tuple[str, str, int, str, str, int]] = []
    for (pos, offset), (_ss_type, _words, ptrs) in synsets.items():
        for sym, toff, tpos, src, tgt in ptrs:
            if sym != "!":
                continue
            tpos = "a" if tpos == "s" else tpos
            found |= synset_pairs(pos, offset, tpos, toff, "synset")
            antonym_links.append((pos, offset, src, tpos, toff, tgt))

    def related(pos: str, offset: str, word: int) -> list[tuple[str, str]]:
        """Synsets of the words derivationally related to word number ``word`` of a synset."""
        entry = synsets.get((pos, offset))
        if entry is None:
            return []
        return [("a" if tp == "s" else tp, to) for sym, to, tp, src, _tgt in entry[2] if sym == "+" and src == word]

    for pos, offset, src, tpos, toff, tgt in antonym_links:
        if src == 0 or tgt == 0:
            continue
        for rp, ro in related(pos, offset, src):
            for tp, to in related(tpos, toff, tgt):
                if rp == tp:
                    found |= synset_pairs(rp, ro, tp, to, "derivation")
    # Entailment: a verb's troponym (a synset whose hypernym '@' it is) entails it, so it
    # contradicts what the verb contradicts ("deteriorate" is a way to "worsen", the
    # antonym of "improve"). One level down, verbs only.
    opposed: dict[str, set[str]] = {}
    for pos, offset, _src, tpos, toff, _tgt in antonym_links:
        if pos == "v" and tpos == "v":
            opposed.setdefault(offset, set()).add(toff)
    for (pos, offset), (_ss_type, _words, ptrs) in synsets.items():
        if pos != "v":
            continue
        for sym, toff, tpos, _src, _tgt in ptrs:
            if sym == "@" and tpos == "v":
                for anti in opposed.get(toff, ()):
                    if anti != offset:
                        found |= synset_pairs("v", offset, "v", anti, "entailment")
    direct_pairs = {(a, b) for a, b, _ in direct}
    best: dict[tuple[str, str, str], str] = {}
    for a, b, pos, how in sorted(found, key=lambda r: ({"synset": 0, "derivation": 1}.get(r[3], 2), r)):
        if (a, b) not in direct_pairs:
            best.setdefault((a, b, pos), how)
    return {(a, b, pos, how) for (a, b, pos), how in best.items()}


def _single_word_nouns(wn: Path, *, capitalised: bool) -> set[str]:
    """WordNet's single-word noun forms written in lower case (``capitalised=False``: common
    nouns) or capitalised (names), lower-cased."""
    found: set[str] = set()
    with (wn / "data.noun").open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("  "):
                continue
            parts = line.split()
            for i in range(int(parts[3], 16)):
                word = re.sub(r"\(.*\)$", "", parts[4 + 2 * i])
                if "_" not in word and word[:1].isupper() == capitalised and word[:1].isalpha() and word.isascii():
                    found.add(word.lower())
    return found


def _write_words(path: Path, description: str, words: Iterable[str]) -> None:
    """Write a derived word list: the provenance line, ``description`` as a comment, then the
    words sorted, one a line."""
    path.write_text(
        "# Derived from WordNet 3.0 (Princeton University) by scripts/derive_lexicon.py; licence: LICENSE-WordNet.txt\n"
        f"# {description}\n" + "".join(f"{w}\n" for w in sorted(words)),
        encoding="utf-8",
    )


def derive_common_nouns(wn: Path, out: Path) -> int:
    """common_nouns.txt: single-word noun forms WordNet writes in lower case ("research",
    "movement"), as opposed to names it writes capitalised ("Ali", "Taliban"). A capitalised
    name made only of words outside this list reads as a person's name."""
    common = _single_word_nouns(wn, capitalised=False)
    _write_words(
        out / "common_nouns.txt",
        "Single-word noun forms WordNet writes in lower case (common nouns), one a line.",
        common,
    )
    return len(common)


def derive_name_nouns(wn: Path, out: Path) -> int:
    """name_nouns.txt: single-word noun forms WordNet writes capitalised, as names ("Java",
    "Python", "Boston"), lower-cased. A word of common_nouns.txt that is not here is never a
    name in WordNet ("software", "manual"): capitalised only to open a sentence, it is no name."""
    names = _single_word_nouns(wn, capitalised=True)
    _write_words(
        out / "name_nouns.txt",
        "Single-word noun forms WordNet writes capitalised (names), lower-cased, one a line.",
        names,
    )
    return len(names)


def _index_lemmas(wn: Path, name: str) -> set[str]:
    """The single-word ASCII lemmas of WordNet's ``index.<name>`` (its licence header skipped)."""
    found: set[str] = set()
    with (wn / f"index.{name}").open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            w = clean(line.split(" ", 1)[0])
            if w and w.isascii():
                found.add(w)
    return found


def derive_english_words(wn: Path, out: Path) -> int:
    """english_words.txt: every single-word lemma of WordNet (index.noun/verb/adj/adv, lower
    case, hyphenated kept) and every irregular form of its exception lists: a word not here,
    nor a regular inflection of one, is not general English ("dpkg", "listbugs")."""
    words: set[str] = set()
    for name in POS_FILES.values():
        words |= _index_lemmas(wn, name)
        exc = wn / f"{name}.exc"
        if exc.exists():
            for line in exc.read_text(encoding="utf-8", errors="replace").splitlines():
                parts = line.split()
                w = clean(parts[0]) if parts else None
                if w and w.isascii():
                    words.add(w)
    _write_words(
        out / "english_words.txt",
        "Single-word lemmas of index.noun/verb/adj/adv and the irregular forms of the *.exc files, lower case, one a line.",
        words,
    )
    return len(words)


def derive_non_nouns(wn: Path, out: Path) -> int:
    """non_nouns.txt: single-word lemmas of index.adj/adv/verb that are no noun at all (neither
    in index.noun nor capitalised there): "whatever", "ideally", "unlike". Names are nouns, so
    such a word capitalised at a sentence's start is no name."""
    nouns = _index_lemmas(wn, "noun")
    words = (_index_lemmas(wn, "adj") | _index_lemmas(wn, "adv") | _index_lemmas(wn, "verb")) - nouns
    _write_words(
        out / "non_nouns.txt",
        "Single-word lemmas of index.adj/adv/verb that index.noun does not list in any case, one a line.",
        words,
    )
    return len(words)


def _majority_nouns(wn: Path, lex_filenum: int) -> set[str]:
    """Single-word lower-case nouns at least half of whose senses (written in lower case) belong
    to WordNet's lexicographer file ``lex_filenum``."""
    lex_file: dict[str, int] = {}
    lower_words: dict[str, set[str]] = {}  # synset offset -> its words written in lower case
    with (wn / "data.noun").open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.startswith("  "):
                parts = line.split()
                lex_file[parts[0]] = int(parts[1])
                forms = (re.sub(r"\(.*\)$", "", parts[4 + 2 * i]) for i in range(int(parts[3], 16)))
                lower_words[parts[0]] = {f for f in forms if f[:1].islower()}
    words: set[str] = set()
    with (wn / "index.noun").open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            parts = line.split()
            lemma, p_cnt = parts[0], int(parts[3])
            w = clean(lemma)
            if not (w and w.isascii() and w.isalpha()):
                continue
            # "jackson" is a name (WordNet writes it "Jackson"): only senses written in lower case count.
            senses = [o for o in parts[4 + p_cnt + 2 :] if w in lower_words.get(o, ())]
            if senses and 2 * sum(1 for o in senses if lex_file.get(o) == lex_filenum) >= len(senses):
                words.add(w)
    return words


def derive_person_nouns(wn: Path, out: Path) -> int:
    """person_nouns.txt: single-word lower-case nouns at least half of whose senses (written in
    lower case) belong to WordNet's noun.person lexicographer file (lex_filenum 18):
    "maintainer", "founder", "developer", not "package" or "committee". Such a noun names
    someone: "it" does not stand for it, "he" and "she" may."""
    words = _majority_nouns(wn, 18)
    _write_words(
        out / "person_nouns.txt",
        "Single-word nouns at least half of whose lower-case senses are in the noun.person lexicographer file, one a line.",
        words,
    )
    return len(words)


def derive_group_nouns(wn: Path, out: Path) -> int:
    """group_nouns.txt: single-word lower-case nouns at least half of whose senses (written in
    lower case) belong to WordNet's noun.group lexicographer file (lex_filenum 14): "party",
    "army", "company", "team", not "movement" or "project". A name ending in one ("Turkistan
    Islamic Party", "Canonical Group") names a body, not a person."""
    words = _majority_nouns(wn, 14)
    _write_words(
        out / "group_nouns.txt",
        "Single-word nouns at least half of whose lower-case senses are in the noun.group lexicographer file, one a line.",
        words,
    )
    return len(words)


# How many of a lemma's senses (WordNet orders them by frequency in its tagged corpus) give
# synonyms: chosen on the development fit splits (evals/dev/*) by the answer coverage that
# reads them (assistant/answering/_extractive.py): 2 and 3 answer the same, 1 answers one
# Python FAQ question fewer (1 Dec 2026).
SYNONYM_SENSES = 2


def derive_synonyms(wn: Path, out: Path, senses: int = SYNONYM_SENSES) -> int:
    """synonyms.tsv: for every single-word lemma of index.noun/verb/adj, the other single words
    of its first ``senses`` synsets in each of those parts of speech ("want": desire, ...;
    "blame": fault, ...), lower case. A sense's synonyms say the same thing in other words;
    later senses drift ("want" as "privation")."""
    words_of: dict[str, list[str]] = {}
    for name in ("noun", "verb", "adj"):
        for offset, pos, _ss_type, words, _ptrs in parse_data(wn / f"data.{name}"):
            words_of[f"{pos}{offset}"] = [w for w in (clean(x) for x in words) if w and w.isascii()]
    table: dict[str, set[str]] = {}
    for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj")):
        with (wn / f"index.{name}").open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith(" "):
                    continue
                parts = line.split()
                lemma, p_cnt = clean(parts[0]), int(parts[3])
                # Numbers are facts, not words with synonyms ("1": "i", "ace"), and a single
                # letter is no synonym of anything.
                if not (lemma and lemma.isascii()) or any(c.isdigit() for c in lemma):
                    continue
                for offset in parts[4 + p_cnt + 2 :][:senses]:
                    same = {
                        w
                        for w in words_of.get(f"{pos}{offset}", ())
                        if w != lemma and len(w) > 1 and not any(c.isdigit() for c in w)
                    }
                    if same:
                        table.setdefault(lemma, set()).update(same)
    (out / "synonyms.tsv").write_text(
        "# Derived from WordNet 3.0 (Princeton University) by scripts/derive_lexicon.py; licence: LICENSE-WordNet.txt\n"
        f"# Columns: lemma\tsynonyms (space-separated): the other single words of the lemma's first {senses} senses\n"
        "# (synsets, in index.noun/verb/adj order) as a noun, a verb and an adjective, lower case; words with\n"
        "# digits (numbers are facts) and one-letter synonyms are left out.\n"
        + "".join(f"{w}\t{' '.join(sorted(table[w]))}\n" for w in sorted(table)),
        encoding="utf-8",
    )
    return len(table)


def derive_phrasal_verbs(wn: Path, out: Path) -> int:
    """Write phrasal_verbs.txt: WordNet's two-word verb collocations whose second word is a
    preposition or adverbial particle ("look after", "look for", "take over"), one per line,
    "verb particle", lower case, sorted."""
    particles = set(PARTICLES)
    found: set[str] = set()
    for line in (wn / "index.verb").read_text(encoding="utf-8", errors="replace").splitlines():
        if not line or line.startswith(" "):
            continue
        lemma = line.split(" ", 1)[0]
        parts = lemma.split("_")
        if len(parts) == 2 and parts[0].isalpha() and parts[1] in particles:
            found.add(f"{parts[0]} {parts[1]}")
    header = (
        "# Derived from WordNet 3.0 (Princeton University) by scripts/derive_lexicon.py --phrasal; licence: LICENSE-WordNet.txt\n"
        "# WordNet's two-word verb collocations whose second word is a preposition or adverbial particle\n"
        "# (Quirk et al. 1985, 16.2-16.6): \"verb particle\", one per line.\n"
    )
    (out / "phrasal_verbs.txt").write_text(header + "".join(f"{v}\n" for v in sorted(found)), encoding="utf-8")
    return len(found)


# The prepositions and adverbial particles of phrasal and prepositional verbs (Quirk et al.
# 1985, 16.2-16.6; the prepositions of assistant/lexicon.py PREPOSITIONS and the particles
# "away", "back", "forth", "apart", "aside", "together", "home").
PARTICLES = (
    "about", "above", "across", "after", "against", "along", "around", "at", "away", "back", "before", "behind",
    "by", "down", "for", "forth", "from", "in", "into", "off", "on", "onto", "out", "over", "past", "round",
    "through", "to", "together", "under", "up", "upon", "with", "apart", "aside", "home",
)


def write_forms(out: Path) -> int:
    """Write ``antonym_forms.tsv``: for every lemma of the antonym files in ``out``, the stems
    of its forms as the verifier computes them (``lemma<TAB>comparison forms<TAB>other
    forms``, space-separated, sorted). Run after the antonym files or the stemmer change."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from assistant.answering._verify import antonym_forms, comparison_forms

    lemmas: set[str] = set()
    for name in ("antonyms.tsv", "antonyms_indirect.tsv", "antonyms_derived.tsv"):
        for line in (out / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                a, b, _ = line.split("\t", 2)
                lemmas.update((a, b))
    rows = []
    for lemma in sorted(lemmas):
        comparison = comparison_forms(lemma)
        rows.append(f"{lemma}\t{' '.join(sorted(comparison))}\t{' '.join(sorted(antonym_forms(lemma) - comparison))}")
    header = (
        "# lemma<TAB>stems of the lemma, its comparative and superlative<TAB>stems of its other regular forms\n"
        "# derived by scripts/derive_lexicon.py --forms from the antonym files and assistant.text.stem\n"
    )
    (out / "antonym_forms.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "assistant" / "data"))
    ap.add_argument("--forms", action="store_true", help="only rewrite antonym_forms.tsv from the antonym files")
    ap.add_argument("--synonyms", action="store_true", help="only rewrite synonyms.tsv from WordNet")
    ap.add_argument("--phrasal", action="store_true", help="only rewrite phrasal_verbs.txt from WordNet")
    args = ap.parse_args()
    wn, out = Path(args.wordnet), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.forms:
        print(f"antonym_forms.tsv: {write_forms(out)} lemmas")
        return
    if args.synonyms:
        print(f"synonyms.tsv: {derive_synonyms(wn, out)} lemmas")
        return
    if args.phrasal:
        print(f"phrasal_verbs.txt: {derive_phrasal_verbs(wn, out)} verbs")
        return

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

    senses = sense_counts(wn)
    # (lemma, antonym) -> the fewest senses of a satellite lemma that gives the pair.
    indirect_senses: dict[tuple[str, str], int] = {}
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
                        n = senses.get((a, "a"), 1)
                        for key in ((a, b), (b, a)):
                            indirect_senses[key] = min(n, indirect_senses.get(key, n))

    derived = derive_pairs(synsets, direct)

    lemmas = {a for a, _, _ in direct | indirect | {(x, y, q) for x, y, q, _ in derived}}
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
                # Every irregular verb form: a question's verb and a sentence's may be two forms
                # of one lemma ("overwrite" / "overwritten"), antonyms or not.
                if form and lem and (lem in lemmas or pos == "v") and form != lem:
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
        + "# Columns: lemma\tantonym\tpos\tsenses. Indirect adjective antonyms: a satellite ('&' similar-to a head)"
          " paired with the head's direct antonym (e.g. damp/dry via wet). Weaker evidence than antonyms.tsv.\n"
          "# 'senses': the WordNet adjective sense count of the satellite lemma that gives the pair (the fewest,\n"
          "# when several do): a satellite with one sense (complicated) says its cluster's meaning, one with many does not.\n"
        + "".join(f"{a}\t{b}\t{p}\t{indirect_senses[(a, b)]}\n" for a, b, p in sorted(indirect)), encoding="utf-8")
    (out / "inflections.tsv").write_text(
        src_note
        + "# Columns: inflected_form\tlemma\tpos. Irregular forms from WordNet's *.exc files: every verb's, and"
          " the other parts of speech's for lemmas that occur in antonyms.tsv or antonyms_indirect.tsv.\n"
        + "".join(f"{a}\t{b}\t{p}\n" for a, b, p in sorted(inflections)), encoding="utf-8")

    derive_common_nouns(wn, out)
    derive_name_nouns(wn, out)
    derive_english_words(wn, out)
    derive_non_nouns(wn, out)
    derive_person_nouns(wn, out)
    derive_group_nouns(wn, out)
    derive_synonyms(wn, out)
    (out / "antonyms_derived.tsv").write_text(
        src_note + lemma_note
        + "# Pairs WordNet implies but does not state word to word; 'how' is\n"
          "# 'synset': both lemmas belong to two synsets linked by an antonym pointer (any of their words);\n"
          "# 'derivation': the lemmas are derivationally related ('+') to two words that are antonyms, in the\n"
          "# same part of speech as each other (improvement/decline -> improve/decline), then widened to their synsets;\n"
          "# 'entailment': a verb synset whose direct hypernym has an antonym synset is paired with that synset's\n"
          "# lemmas (deteriorate is a way to worsen; worsen/improve are antonyms).\n"
          "# Pairs already in antonyms.tsv are left out.\n"
        + "# 'senses': the larger number of WordNet senses of the two lemmas in that part of speech (a measure\n"
          "# of ambiguity: 'take' has 42 verb senses, 'deteriorate' 2).\n"
        + "# Columns: lemma\tantonym\tpos\thow\tsenses\n"
        + "".join(
            f"{a}\t{b}\t{p}\t{h}\t{max(senses.get((a, p), 1), senses.get((b, p), 1))}\n"
            for a, b, p, h in sorted(derived)
        ), encoding="utf-8")

    lic = COPYRIGHT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, l in enumerate(lic) if l.startswith("License: WordNet3.0"))
    end = next((i for i in range(start + 1, len(lic)) if lic[i] and not lic[i].startswith(" ")), len(lic))
    (out / "LICENSE-WordNet.txt").write_text(
        "The following files are derived from WordNet 3.0 (Princeton University) by\n"
        "scripts/derive_lexicon.py and are distributed under the licence below:\n"
        "assistant/data/antonyms.tsv, assistant/data/antonyms_indirect.tsv,\n"
        "assistant/data/antonyms_derived.tsv,\n"
        "assistant/data/inflections.tsv, assistant/data/common_nouns.txt,\n"
        "assistant/data/english_words.txt, assistant/data/antonym_forms.tsv,\n"
        "assistant/data/non_nouns.txt, assistant/data/name_nouns.txt,\n"
        "assistant/data/person_nouns.txt, assistant/data/group_nouns.txt,\n"
        "assistant/data/synonyms.tsv, assistant/data/phrasal_verbs.txt.\n\n"
        f"The licence text is copied verbatim from {COPYRIGHT} (Debian package\n"
        "wordnet-base 1:3.0), stanza 'License: WordNet3.0':\n\n"
        + "\n".join(lic[start:end]) + "\n", encoding="utf-8")
    print(f"antonyms: {len(direct)//2} pairs; indirect: {len(indirect)//2} pairs; derived: {len(derived)//2} pairs; "
          f"inflections: {len(inflections)}; forms: {write_forms(out)} lemmas")


if __name__ == "__main__":
    main()
