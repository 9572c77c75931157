"""What the further-set builders (further.py ... further5.py) share: reading a page's (or a report's) text, checking
each passage is verbatim in it, the judge's span for a row, and writing the rows.

A row is ``(kind, passage keys, sentence, verdict)`` with verdict S (supported), N (not
supported) or C (contradicted); a passage is ``(document key, text)``.
"""
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[3]
STOP = set("a an the of and or to in on for with by is are was were be been it its this that these those as at from not no but which who will has have had can could may".split())
VERDICT = {"S": "supported", "N": "not_supported", "C": "contradicted"}

Row = tuple[str, list[str], str, str]


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", s.lower().replace("’", "'")) if w not in STOP}


def _best(passage: str, sentence: str) -> str:
    parts = [p for p in re.split(r"(?<=[.!?])\s+(?=[A-Za-z“\"])", passage) if p]
    return max(parts, key=lambda p: len(_words(p) & _words(sentence)))


def _path(rel: str) -> Path:
    return Path(rel) if Path(rel).is_absolute() else ROOT / rel


def build(
    files: Mapping[str, str],
    passages: Mapping[str, tuple[str, str]],
    rows: Sequence[Row],
    out_name: str,
    label: Callable[[str, str], dict[str, str]],
) -> int:
    """Check every passage against its page's text, then write ``evals/checker_llm/<out_name>``.
    ``label(document key, kind)``, called once per row in order, gives its ``id``, ``doc`` and
    ``source``."""
    texts = {}
    for key, rel in files.items():
        raw = _path(rel).read_text(encoding="utf-8")
        # HTML pages are read as their text; other files (Markdown reports) as they are.
        text = BeautifulSoup(raw, "html.parser").get_text() if rel.endswith(".html") else raw
        texts[key] = re.sub(r"\s+", " ", text)
    for name, (src, passage) in passages.items():
        if passage not in texts[src]:
            print(f"passage {name} is not in {files[src]}", file=sys.stderr)
            return 1
    out = []
    for kind, keys, sentence, verdict in rows:
        texts_cited = [passages[k][1] for k in keys]
        span = "" if verdict == "N" else " ... ".join(_best(p, sentence) for p in texts_cited)
        out.append({**label(passages[keys[0]][0], kind), "passages": texts_cited, "sentence": sentence,
                    "label": "supported" if verdict == "S" else "unsupported", "kind": kind,
                    "judge": {"verdict": VERDICT[verdict], "span": span}})
    with open(ROOT / "evals" / "checker_llm" / out_name, "w", encoding="utf-8") as fh:
        for row in out:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(len(out))
    return 0
