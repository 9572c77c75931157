"""Pure text helpers: sentence spans, tokens, stems. No I/O, no third-party imports."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .types import SentenceSpan

__all__ = [
    "REQUEST_WORDS",
    "STOPWORDS",
    "clean_text",
    "content_terms",
    "has_words",
    "printable",
    "normalize",
    "sentence_spans",
    "stem",
    "tokens",
]

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co",
    "corp", "no", "fig", "al", "gen", "col", "lt", "gov", "sen", "rep", "u.s", "u.k", "u.n", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept",
}
# A sentence ends at its closing punctuation, at a blank line, and before a line that opens a
# list item: a Markdown marker, a number, or a bullet glyph as PDFs print them ("•", "–").
_BOUNDARY = re.compile(r"""([.!?…]+["'”’)\]]*)(\s+)|(\n\s*\n)|(\n)(?=\s*(?:[#*\-+>|•◦▪‣–]|\d+[.)]\s))""")
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)
# "No" opening its sentence, after the label a FAQ in plain text gives its replies ("A:").
_REPLY_NO = re.compile(r"\s*(?:(?:A|Answer)\s*[:)]\s*)?No", re.IGNORECASE)

STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "tell", "me", "please", "give", "list", "say", "says", "said", "according", "does", "did", "do", "done", "s", "t", "d", "ll", "m", "o", "re", "ve", "y"]
)

# The words of a request that STOPWORDS holds besides the function words ("tell me", "please
# give", "list the ...", "what does it say", "according to"): not function words, and "list"
# may head a noun phrase ("which mailing list").
REQUEST_WORDS = frozenset(["tell", "please", "give", "list", "say", "says", "said", "according"])


_UNSPEAKABLE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without what no reader can see or no encoder can write: lone surrogates (from
    invalid UTF-8 in a command-line argument), control characters other than whitespace, and
    invisible format characters (zero-width spaces and joiners, bidi marks, BOMs)."""
    text = _UNSPEAKABLE.sub("", text)
    return "".join(
        ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )


def has_words(text: str) -> bool:
    """True when ``text`` has at least one letter or digit (emoji and punctuation are not words)."""
    return any(ch.isalnum() for ch in text)


def printable(name: str) -> str:
    """``name`` safe to print on a terminal or in a log: control, format (bidi overrides,
    zero-width) and unencodable characters escaped as ``\\xNN``/``\\uNNNN``; the rest as is."""
    out = []
    for ch in name:
        if ch == "\\" or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append("\\\\" if ch == "\\" else ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def normalize(text: str) -> str:
    """Unicode-normalise and fold typographic quotes, for matching (not for display)."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[SentenceSpan]:
    """Split ``text[start:end]`` into sentences; each span indexes ``text`` exactly.

    Spans are trimmed of surrounding whitespace and never cut inside a sentence
    (abbreviations such as "Dr." and initials do not end one).
    """
    end = len(text) if end is None else end
    segment = text[start:end]
    spans: list[SentenceSpan] = []
    cursor = 0
    for match in _BOUNDARY.finditer(segment):
        if match.group(1):
            before = segment[cursor : match.start(1)]
            # An abbreviation may open a bracket or a quotation: "(e.g. 3.5.3)" ends nothing.
            last = before.rsplit(None, 1)[-1].lower().rstrip(".").lstrip("([{\"'“‘") if before.strip() else ""
            # Only a single stop may be an abbreviation's: two are the abbreviation's and the
            # sentence's ("... Software in the Public Interest, Inc.. Originally ...").
            if match.group(1).rstrip("\"'”’)]") == "." and (last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
                # An initial is followed by a name ("J. Smith", "Richard M. Stallman"), never by a
                # capitalised function word: "... to build R. In the simplest case" ends at "R.".
                after = _WORD.match(segment, match.end())
                if not (
                    len(last) == 1 and after and after.group(0)[:1].isupper() and after.group(0).lower() in STOPWORDS
                    # "No." abbreviates "number" before a numeral ("No. 5"); first in its
                    # sentence and before a word, it is the reply: "A:  No. Use 7-Zip ...".
                    or last == "no"
                    and _REPLY_NO.fullmatch(before) is not None
                    and after is not None
                    and not after.group(0)[:1].isdigit()
                ):
                    continue
            following = segment[match.end() : match.end() + 1]
            if following and following.islower():
                continue
            cut = match.end(1)
        else:
            cut = match.start()
        _add(spans, text, start + cursor, start + cut)
        cursor = match.end()
    _add(spans, text, start + cursor, end)
    return spans


def _add(spans: list[SentenceSpan], text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a and any(ch.isalnum() for ch in text[a:b]):
        spans.append(SentenceSpan(start=a, end=b, text=text[a:b]))


def ends_as_question(text: str) -> bool:
    """Does ``text`` end with a question mark, before any closing quotes or brackets
    ("“Why is Python Installed on my Computer?”", "(see “How do I ...?”)")?"""
    return text.rstrip().rstrip("\"'”’»)]").endswith("?")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits, inner hyphens/apostrophes kept)."""
    if len(text) <= _CACHED_TEXT_CHARS:
        return list(_cached_tokens(text))
    return _tokenize(text)


# Answering tokenises the same sentences and passages many times per question (each
# sentence's features, its passage's context, the evidence over all passages); short
# texts are tokenised once. Long texts (whole documents at ingest) are not kept: a passage
# is at most a chunk (700 characters by default), and the cache holds at most about 12 MB.
_CACHED_TEXT_CHARS = 1200


def _tokenize(text: str) -> list[str]:
    return [t.lower().strip(".'’") for t in _WORD.findall(normalize(text))]


@lru_cache(maxsize=1024)
def _cached_tokens(text: str) -> tuple[str, ...]:
    return tuple(_tokenize(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stemmer, good enough to match inflections."""
    w = word.lower()
    if len(w) <= 3 or not any(c.isalpha() for c in w):
        return w  # a number ("3.11", "1,500") is no inflection of another
    w = w.removesuffix("'s")
    for suffix, repl in (
        ("ational", "ate"), ("ization", "ize"), ("ations", "ate"), ("ation", "ate"), ("nesses", ""),
        ("ments", ""), ("ment", ""), ("ities", ""), ("ity", ""), ("ously", "ous"), ("ively", "ive"),
        ("ingly", ""), ("edly", ""), ("ings", ""), ("ing", ""), ("ied", "y"), ("ies", "y"), ("ers", ""),
        ("er", ""), ("ed", ""), ("ly", ""), ("es", ""), ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


def content_terms(text: str) -> list[str]:
    """Stems of the non-stopword tokens of ``text``, in order, without repeats."""
    seen: dict[str, None] = {}
    for tok in tokens(text):
        if tok in STOPWORDS or len(tok) < 2 and not tok.isdigit():
            continue
        seen.setdefault(stem(tok), None)
    return list(seen)
