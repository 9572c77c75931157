"""Files to documents: find the files of a corpus and turn each into a :class:`Document`.

This adapter is the only module that touches the file parsers (PyYAML, BeautifulSoup,
pypdf, python-docx). Its contract:

* :func:`discover` lists the files an ingest should read and says why it skipped the rest.
* :func:`load` returns a :class:`Document` or raises :class:`LoaderError` with one clear
  reason; no other exception escapes, whatever the bytes on disk.
* ``Document.text`` is what citation offsets index and quotes are sliced from, so it stays
  faithful to the file: Markdown and plain text keep their characters (newlines are
  normalised to ``\\n``), HTML, PDF and DOCX become readable paragraphs separated by blank
  lines.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import io
import logging
import math
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import LoaderError
from ..types import Document, MetaValue, PageSpan, SkippedFile

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "discover",
    "load",
    "source_name",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx"})
MAX_FILE_BYTES = 50 * 1024 * 1024
# A DOCX is a zip: refuse archives that would inflate far beyond any real document
# before python-docx decompresses them into memory.
_MAX_DOCX_UNCOMPRESSED = 400 * 1024 * 1024
# Real text has almost no control characters; random bytes decoded as cp1252/latin-1 have
# about one in nine.
_MAX_CONTROL_SHARE = 0.02
_TITLE_MAX_CHARS = 300

_FORMATS: Mapping[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
_SUPPORTED_LIST = ", ".join(sorted(SUPPORTED_SUFFIXES))

# pypdf logs every repair it makes to a broken file; without a handler of its own those
# lines would reach stderr through logging's last resort and bury the one-line LoaderError.
# Applications that configure logging still receive them through propagation.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

# Control characters other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?")
_SPACES = re.compile(r"\s+")


# --------------------------------------------------------------------------- discovery


def source_name(path: Path, corpus_dir: Path) -> str:
    """The name a document is known by: its posix path relative to ``corpus_dir``.

    Symlinks in ``path`` are not resolved, so a link inside the corpus keeps its own name.
    Files outside the corpus folder are named by their absolute posix path.
    """
    absolute = Path(os.path.abspath(path))
    for root in _corpus_roots(corpus_dir):
        if absolute.is_relative_to(root):
            return absolute.relative_to(root).as_posix()
    # The corpus may be reached through a symlinked parent (/tmp -> /private/tmp).
    try:
        via_real_parent = Path(os.path.realpath(absolute.parent)) / absolute.name
    except (OSError, ValueError):
        via_real_parent = absolute
    real_root = Path(os.path.realpath(corpus_dir))
    if via_real_parent.is_relative_to(real_root):
        return via_real_parent.relative_to(real_root).as_posix()
    return absolute.as_posix()


def discover(corpus_dir: Path, paths: Sequence[Path] | None = None) -> tuple[list[Path], list[SkippedFile]]:
    """The files to ingest (sorted, without duplicates) and the files skipped, with reasons.

    ``paths=None`` walks ``corpus_dir`` recursively; otherwise each given file or folder is
    used (a relative path is taken from the working directory, then from ``corpus_dir``).
    Skipped silently: hidden files and folders (a name starting with ``.``). Skipped with a
    reason: unsupported suffixes, symlinks whose target lies outside the corpus folder (or,
    for a folder given outside the corpus, outside that folder), broken symlinks, special
    files, and paths that do not exist. Symlinked folders are followed; a link back into one
    of its own ancestors is not, so cycles end.
    """
    corpus_dir = Path(os.path.abspath(corpus_dir))
    found: dict[str, Path] = {}
    skipped: dict[str, SkippedFile] = {}

    def skip(path: Path, reason: str, shown: str | None = None) -> None:
        name = shown or source_name(path, corpus_dir)
        skipped.setdefault(name, SkippedFile(source=name, reason=reason))

    def keep(path: Path) -> None:
        found.setdefault(os.path.abspath(path), path)

    if paths is None:
        if not corpus_dir.is_dir():
            skip(corpus_dir, "not found")
        else:
            _walk(corpus_dir, corpus_dir, keep, skip)
    else:
        for given in paths:
            _discover_one(Path(given), corpus_dir, keep, skip)

    files = sorted(found.values(), key=lambda p: source_name(p, corpus_dir))
    kept_names = {source_name(p, corpus_dir) for p in files}
    return files, sorted((s for s in skipped.values() if s.source not in kept_names), key=lambda s: s.source)


def _corpus_roots(corpus_dir: Path) -> list[Path]:
    roots = [Path(os.path.abspath(corpus_dir))]
    real = Path(os.path.realpath(corpus_dir))
    if real != roots[0]:
        roots.append(real)
    return roots


def _inside(real: str, roots: Iterable[Path]) -> bool:
    return any(Path(real).is_relative_to(root) for root in roots)


def _discover_one(
    given: Path, corpus_dir: Path, keep: Callable[[Path], None], skip: Callable[..., None]
) -> None:
    path = given
    if not given.is_absolute() and not os.path.lexists(given) and os.path.lexists(corpus_dir / given):
        path = corpus_dir / given
    path = Path(os.path.abspath(path))
    if not os.path.lexists(path):
        # Name a missing path as the caller wrote it: it exists nowhere to be relative to.
        skip(path, "not found", given.as_posix())
        return
    in_corpus = _inside(str(path), _corpus_roots(corpus_dir))
    if in_corpus:
        relative_parts = Path(source_name(path, corpus_dir)).parts
        if any(part.startswith(".") for part in relative_parts):
            skip(path, "hidden file or folder")
            return
        boundary = _corpus_roots(corpus_dir)
    else:
        # A folder named outside the corpus bounds its own symlinks; a named file is
        # taken as the caller's explicit choice.
        boundary = [Path(os.path.abspath(path)), Path(os.path.realpath(path))]
    if os.path.isdir(path):
        if path.is_symlink() and in_corpus and not _inside(os.path.realpath(path), boundary):
            skip(path, "symlink points outside the corpus folder")
            return
        _walk(path, corpus_dir, keep, skip, boundary=boundary)
    else:
        if path.is_symlink() and in_corpus and not _inside(os.path.realpath(path), boundary):
            skip(path, "symlink points outside the corpus folder")
            return
        _consider_file(path, keep, skip)


def _walk(
    top: Path,
    corpus_dir: Path,
    keep: Callable[[Path], None],
    skip: Callable[[Path, str], None],
    *,
    boundary: Sequence[Path] | None = None,
) -> None:
    roots = list(boundary) if boundary is not None else _corpus_roots(corpus_dir)
    # An explicit stack instead of recursion: deep trees cannot exhaust the call stack,
    # and each entry carries the real paths of its ancestors to stop symlink cycles.
    stack: list[tuple[Path, frozenset[str]]] = [(top, frozenset({os.path.realpath(top)}))]
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as entries:
                children = sorted(entries, key=lambda e: e.name, reverse=True)
        except OSError as exc:
            skip(folder, f"cannot list folder: {exc.strerror or exc}")
            continue
        for entry in children:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            is_link = entry.is_symlink()
            if is_link:
                real = os.path.realpath(path)
                if not os.path.exists(real):
                    skip(path, "broken symlink")
                    continue
                if not _inside(real, roots):
                    skip(path, "symlink points outside the corpus folder")
                    continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                real_dir = os.path.realpath(path)
                if real_dir in ancestors:
                    continue
                stack.append((path, ancestors | {real_dir}))
            else:
                _consider_file(path, keep, skip)


def _consider_file(path: Path, keep: Callable[[Path], None], skip: Callable[[Path, str], None]) -> None:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(no extension)"
        skip(path, f"unsupported file type {shown}; supported: {_SUPPORTED_LIST}")
        return
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        skip(path, "broken symlink" if path.is_symlink() else f"cannot read: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(mode):
        skip(path, "not a regular file")
        return
    keep(path)


# --------------------------------------------------------------------------- loading


def load(path: Path, *, corpus_dir: Path) -> Document:
    """Read one file into a :class:`Document` named by :func:`source_name`.

    Raises :class:`LoaderError` (and nothing else) when the file is missing, empty, larger
    than 50 MB, binary, undecodable, corrupt, encrypted, or has no extractable text.
    ``metadata`` always holds ``format`` and ``bytes``.
    """
    path = Path(path)
    source = source_name(path, corpus_dir)
    suffix = path.suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        raise _fail(
            source, f"unsupported file type {suffix or '(no extension)'}", f"supported: {_SUPPORTED_LIST}"
        )
    data = _read_bytes(path, source)
    try:
        title, text, metadata, pages = _PARSERS[fmt](data, path, source)
    except LoaderError:
        raise
    except Exception as exc:
        label = {"pdf": "PDF", "docx": "DOCX", "html": "HTML"}.get(fmt, "text")
        raise _fail(source, f"corrupt or unreadable {label} file ({_describe(exc)})") from exc
    if not text.strip():
        raise _fail(source, "no extractable text", _no_text_hint(fmt))
    clean: dict[str, MetaValue] = {k: v for k, v in metadata.items() if k not in {"format", "bytes"}}
    clean["format"] = fmt
    clean["bytes"] = len(data)
    return Document(
        source=source,
        title=_clean_title(title) or _title_from_stem(path),
        text=text,
        metadata=clean,
        pages=tuple(pages),
    )


_Parsed = tuple[str, str, dict[str, MetaValue], list[PageSpan]]


def _fail(source: str, reason: str, hint: str | None = None) -> LoaderError:
    return LoaderError(
        f"Cannot load {source}: {reason}", hint=hint or "fix or remove the file, then ingest again"
    )


def _describe(exc: BaseException) -> str:
    detail = _SPACES.sub(" ", str(exc)).strip()
    name = type(exc).__name__
    return f"{name}: {detail[:160]}" if detail else name


def _no_text_hint(fmt: str) -> str:
    if fmt == "pdf":
        return "the PDF may be scanned images; run OCR on it first"
    return "add text to the file or remove it"


def _read_bytes(path: Path, source: str) -> bytes:
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise _fail(source, "not found", "check the path") from exc
    except OSError as exc:
        raise _fail(source, f"cannot read the file ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise _fail(source, "not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise _fail(
            source,
            f"file too large ({info.st_size / 1048576:.1f} MB > {MAX_FILE_BYTES // 1048576} MB)",
            "split the file into smaller documents",
        )
    try:
        with open(path, "rb") as handle:
            # read(n) allocates n bytes up front, so ask for the size stat() reported plus
            # one byte; only a file that grew since then is read on, still bounded by the limit.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        raise _fail(source, f"cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise _fail(
            source,
            f"file too large (> {MAX_FILE_BYTES // 1048576} MB)",
            "split the file into smaller documents",
        )
    if not data.strip():
        raise _fail(source, "empty file", "add text to the file or remove it")
    return data


def _title_from_stem(path: Path) -> str:
    words = _SPACES.sub(" ", re.sub(r"[-_]+", " ", path.stem)).strip()
    return (words[:1].upper() + words[1:]) if words else path.name


def _clean_title(title: str | None) -> str:
    if not title:
        return ""
    title = _CONTROL.sub(" ", title)
    title = _SPACES.sub(" ", title).strip()
    if len(title) > _TITLE_MAX_CHARS:
        title = title[: _TITLE_MAX_CHARS - 1].rstrip() + "…"
    return title


# --------------------------------------------------------------------------- text decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode each byte that is not UTF-8 as cp1252 (latin-1 for its five unused bytes).

    Files mixing UTF-8 with a legacy Windows encoding, and plain cp1252 files, then read
    as their authors wrote them instead of failing or turning every accent into mojibake.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_cp1252_char(b) for b in bad), error.end


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


codecs.register_error("assistant-cp1252", _cp1252_fallback)


def _decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Bytes to text with newlines normalised; binary data raises :class:`LoaderError`.

    Order: a byte-order mark; the encoding the file declares (HTML); UTF-16 without a mark
    (recognised by its zero bytes); UTF-8 with cp1252 for any byte that is not UTF-8.
    """
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise _fail(
                    source,
                    f"undecodable text: the file starts with a {encoding} mark but is not {encoding}",
                    "re-save it as UTF-8",
                ) from exc
            break
    if text is None and declared:
        text = _decode_declared(data, declared)
    if text is None and b"\x00" in data:
        text = _decode_utf16_without_bom(data)
        if text is None:
            raise _fail(
                source, "binary data (contains NUL bytes), not text", "convert it to a supported format"
            )
    if text is None:
        text = data.decode("utf-8", errors="assistant-cp1252")
    if "\x00" in text:
        raise _fail(
            source, "binary data (contains NUL characters), not text", "convert it to a supported format"
        )
    controls = len(text) - len(_CONTROL.sub("", text))
    if controls and controls > _MAX_CONTROL_SHARE * len(text):
        raise _fail(
            source,
            "binary data (too many control characters), not text",
            "convert it to a supported format or re-save it as UTF-8",
        )
    return _NEWLINES.sub("\n", text)


def _decode_declared(data: bytes, declared: str) -> str | None:
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None
    if codec in {"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252"}:
        # Browsers read latin-1/ascii labels as windows-1252; UTF-8 gets the mixed fallback.
        return (
            data.decode("utf-8", errors="assistant-cp1252")
            if codec == "utf-8"
            else data.decode("cp1252", errors="assistant-cp1252")
        )
    if codec.startswith(("utf-16", "utf-32")):
        return None  # no mark: fall through to the zero-byte heuristic
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a mark: mostly-ASCII text has a zero in every other byte."""
    if len(data) < 2 or len(data) % 2:
        return None
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    half = len(data) // 2
    if odd_zeros >= 0.4 * half and even_zeros < 0.1 * half:
        encoding = "utf-16-le"
    elif even_zeros >= 0.4 * half and odd_zeros < 0.1 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


# --------------------------------------------------------------------------- Markdown and text

_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE)
# Front matter starts with a key, a comment or its closing line; anything else after a
# leading "---" is a thematic break followed by prose, which YAML must not be asked to parse.
_FRONT_MATTER_FIRST_LINE = re.compile(
    r"""[ \t]*(?:\#|(?:[A-Za-z_][\w.-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?:[ \t]|$)|(?:---|\.\.\.)[ \t]*$)""",
    re.MULTILINE,
)
_MAX_FRONT_MATTER_CHARS = 64 * 1024
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
_ATX_H1 = re.compile(r"^[ ]{0,3}#[ \t]+([^\n]*)", re.MULTILINE)


def _parse_text(data: bytes, path: Path, source: str) -> _Parsed:
    text = _LEADING_BLANK_LINES.sub("", _decode(data, source))
    # A short first line without closing punctuation reads as a title; otherwise the
    # file name is a better one.
    first = text.split("\n", 1)[0].strip()
    title = first if 0 < len(first) <= 100 and first[-1] not in ".,;:!?" else ""
    return title, text, {}, []


def _parse_markdown(data: bytes, path: Path, source: str) -> _Parsed:
    text = _decode(data, source)
    metadata: dict[str, MetaValue] = {}
    body = text
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is not None and _FRONT_MATTER_FIRST_LINE.match(text, opening.end()):
        window = text[: opening.end() + _MAX_FRONT_MATTER_CHARS]
        close = _FRONT_MATTER_CLOSE.search(window, opening.end())
        if close is not None:
            parsed = _load_yaml(text[opening.end() : close.start()], source)
            if parsed is None or isinstance(parsed, Mapping):
                metadata = _flatten_metadata(parsed or {})
                body = text[close.end() :]
                if not body.strip():
                    raise _fail(
                        source, "no text after the front matter", "add the document's text below the --- line"
                    )
    body = _LEADING_BLANK_LINES.sub("", body)
    title = str(metadata.get("title", "")).strip()
    if not title:
        heading = _ATX_H1.search(body)
        title = _strip_closing_hashes(heading.group(1)[:1000]) if heading else ""
    return title, body, metadata, []


def _strip_closing_hashes(heading: str) -> str:
    """``# Title ##`` -> ``Title`` (string operations: regexes backtrack on long space runs)."""
    heading = heading.strip()
    without = heading.rstrip("#")
    if without != heading and (not without or without[-1] in " \t"):
        heading = without.strip()
    return heading


def _load_yaml(block: str, source: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise _fail(
            source, f"invalid YAML front matter{where}: {problem}", "fix the block between the --- lines"
        ) from exc


def _flatten_metadata(raw: Mapping[Any, Any]) -> dict[str, MetaValue]:
    """Front matter to flat metadata: scalars kept, lists joined with "; ", dates as ISO."""
    out: dict[str, MetaValue] = {}
    for key, value in raw.items():
        if key is None:
            continue
        scalar = _scalar(value)
        if scalar is None and isinstance(value, (list, tuple, set)):
            items = [s for s in (_scalar(v) for v in value) if s is not None and str(s).strip()]
            scalar = "; ".join(str(s).strip() for s in items) if items else None
        if scalar is not None:
            out[str(key).strip()] = scalar.strip() if isinstance(scalar, str) else scalar
    if "authors" not in out and "author" in out:
        out["authors"] = out["author"]
    return out


def _scalar(value: Any) -> MetaValue | None:
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return None


# --------------------------------------------------------------------------- HTML

_HTML_DROP = frozenset(
    {"script", "style", "nav", "header", "footer", "noscript", "template", "head", "svg", "iframe"}
)
# ARIA landmarks that stand for the same page furniture as <nav>, <header> and <footer>.
_HTML_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
_HTML_META: Mapping[str, str] = {"author": "authors", "description": "description", "date": "date"}
_HTML_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "option",
        "legend",
    ]
)


def _parse_html(data: bytes, path: Path, source: str) -> _Parsed:
    from bs4 import BeautifulSoup
    from bs4.dammit import EncodingDetector
    from bs4.element import Tag

    declared = EncodingDetector.find_declared_encoding(
        data[:4096], is_html=True, search_entire_document=False
    )
    soup = BeautifulSoup(_decode(data, source, declared), "html.parser")

    title = ""
    first_h1: Tag | None = None
    main: Tag | None = None
    metadata: dict[str, MetaValue] = {}
    dropped: list[Tag] = []
    # One pass over the tags: every find() would walk the whole tree again.
    for tag in soup.find_all(True):
        name = tag.name
        if name == "title" and not title:
            title = tag.get_text(" ")
        elif name == "meta":
            key = _HTML_META.get(str(tag.get("name") or "").strip().lower())
            content = tag.get("content")
            if key and key not in metadata and isinstance(content, str) and content.strip():
                metadata[key] = _SPACES.sub(" ", content).strip()
        elif name == "h1" and first_h1 is None:
            first_h1 = tag
        role = str(tag.get("role") or "").strip().lower()
        if main is None and (name == "main" or role == "main"):
            main = tag
        # Sphinx and similar generators end every heading with a "¶" permalink.
        headerlink = name == "a" and "headerlink" in (tag.get("class") or ())
        if name in _HTML_DROP or role in _HTML_DROP_ROLES or headerlink:
            dropped.append(tag)
    for tag in dropped:
        if not tag.decomposed:  # a dropped ancestor already took it
            tag.decompose()
    if not title and first_h1 is not None and not first_h1.decomposed:
        title = first_h1.get_text(" ")

    # The page's main landmark, when it has text, is the document; the rest is chrome.
    root = main if main is not None and not main.decomposed and main.get_text().strip() else soup
    paragraphs = _html_paragraphs(root)
    return title, "\n\n".join(paragraphs), metadata, []


def _html_paragraphs(soup: Any) -> list[str]:
    """Text grouped by its nearest block element; one paragraph per run of the same block.

    Walks ``descendants`` (iterative in bs4) rather than recursing, so deeply nested
    markup cannot exhaust the stack. Inside ``<pre>`` whitespace is kept; elsewhere it is
    collapsed, with ``<br>`` kept as a line break.
    """
    from bs4.element import NavigableString, PreformattedString, Tag

    nearest: dict[int, Any] = {}

    def block_of(node: Any) -> Any:
        chain = []
        current = node
        while current is not None and id(current) not in nearest:
            if isinstance(current, Tag) and current.name in _HTML_BLOCKS:
                nearest[id(current)] = current
                break
            chain.append(current)
            current = current.parent
        found = nearest.get(id(current)) if current is not None else None
        for item in chain:
            nearest[id(item)] = found
        return found

    def in_pre(block: Any) -> bool:
        return getattr(block, "name", None) == "pre"

    paragraphs: list[str] = []
    current_block: Any = object()
    lines: list[list[str]] = [[]]

    def flush() -> None:
        nonlocal lines
        if in_pre(current_block):
            text = "".join("".join(parts) for parts in lines).strip("\n")
            text = text if text.strip() else ""
        else:
            collapsed = [_SPACES.sub(" ", "".join(parts)).strip() for parts in lines]
            text = "\n".join(line for line in collapsed if line)
        if text:
            paragraphs.append(text)
        lines = [[]]

    for node in soup.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                block = block_of(node)
                if block is not current_block:
                    flush()
                    current_block = block
                lines.append([])
            continue
        if not isinstance(node, NavigableString) or isinstance(node, PreformattedString):
            continue
        block = block_of(node)
        if block is not current_block:
            flush()
            current_block = block
        lines[-1].append(str(node))
    flush()
    return paragraphs


# --------------------------------------------------------------------------- PDF


def _parse_pdf(data: bytes, path: Path, source: str) -> _Parsed:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    if b"%PDF-" not in data[:1024]:
        raise _fail(source, "not a PDF file (no %PDF header)", "check the file's type and extension")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise _fail(source, f"corrupt PDF ({_describe(exc)})") from exc

    if reader.is_encrypted:
        try:
            unlocked = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise _fail(
                source,
                "encrypted PDF that cannot be decrypted here",
                "save an unencrypted copy and ingest that",
            ) from exc
        if not unlocked:
            raise _fail(
                source, "encrypted PDF (needs a password)", "save an unencrypted copy and ingest that"
            )

    try:
        page_list = list(reader.pages)
    except FileNotDecryptedError as exc:
        raise _fail(
            source, "encrypted PDF (needs a password)", "save an unencrypted copy and ingest that"
        ) from exc
    except Exception as exc:
        raise _fail(source, f"corrupt PDF: cannot read its pages ({_describe(exc)})") from exc

    pieces: list[str] = []
    spans: list[PageSpan] = []
    failures: list[BaseException] = []
    offset = 0
    for number, page in enumerate(page_list, start=1):
        try:
            raw = page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - one broken page should not lose the others
            failures.append(exc)
            continue
        text = _clean_pdf_text(raw)
        if not text:
            continue
        if pieces:
            offset += 2  # the "\n\n" joining this page to the previous one
        spans.append(PageSpan(page=number, start=offset, end=offset + len(text)))
        pieces.append(text)
        offset += len(text)
    if not pieces and failures:
        raise _fail(source, f"corrupt PDF: no page could be read ({_describe(failures[0])})") from failures[0]

    text = "\n\n".join(pieces)
    metadata: dict[str, MetaValue] = {"pages": len(page_list)}
    if failures:
        metadata["unreadable_pages"] = len(failures)
    title = ""
    try:
        info = reader.metadata
        if info is not None:
            title = _strip_office_prefix(str(info.title or ""))
            if info.author:
                metadata["authors"] = _SPACES.sub(" ", str(info.author)).strip()
            if info.subject:
                metadata["subject"] = _SPACES.sub(" ", str(info.subject)).strip()
    except Exception:  # noqa: BLE001, S110 - a broken info dictionary only costs the title
        pass
    if not _clean_title(title) and text:
        title = text.lstrip().split("\n", 1)[0]
    return title, text, metadata, spans


def _clean_pdf_text(raw: str) -> str:
    text = _NEWLINES.sub("\n", raw)
    # Extraction leaves stray control characters (unmapped glyphs) that would only add noise.
    text = _CONTROL.sub(" ", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


def _strip_office_prefix(title: str) -> str:
    title = title.strip()
    for prefix in ("Microsoft Word - ", "Microsoft PowerPoint - "):
        title = title.removeprefix(prefix)
    if title.lower() in {"untitled", "untitled document", "title"}:
        return ""
    return title


# --------------------------------------------------------------------------- DOCX


def _parse_docx(data: bytes, path: Path, source: str) -> _Parsed:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not data.startswith(b"PK"):
        raise _fail(source, "not a DOCX file (not a zip archive)", "check the file's type and extension")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _fail(source, f"corrupt DOCX (broken zip archive: {_describe(exc)})") from exc
    if "word/document.xml" not in names:
        if "EncryptedPackage" in names:
            raise _fail(source, "encrypted DOCX", "save an unencrypted copy and ingest that")
        raise _fail(source, "not a Word document (word/document.xml is missing)")
    if inflated > _MAX_DOCX_UNCOMPRESSED:
        raise _fail(
            source,
            f"DOCX unpacks to {inflated / 1048576:.0f} MB, more than {_MAX_DOCX_UNCOMPRESSED // 1048576} MB",
            "split the document",
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise _fail(source, f"corrupt DOCX ({_describe(exc)})") from exc

    paragraphs: list[str] = []
    first_heading = ""
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = _docx_paragraph_text(block.text)
            if not text:
                continue
            style = _style_name(block)
            if not first_heading and (style == "title" or style.startswith("heading")):
                first_heading = text
            paragraphs.append(text)
        elif isinstance(block, Table):
            paragraphs.extend(_docx_table_rows(block))

    metadata: dict[str, MetaValue] = {}
    title = ""
    try:
        props = document.core_properties
        title = props.title or ""
        if props.author:
            metadata["authors"] = _SPACES.sub(" ", props.author).strip()
        if props.subject:
            metadata["subject"] = _SPACES.sub(" ", props.subject).strip()
        if props.created is not None:
            metadata["date"] = props.created.date().isoformat()
    except Exception:  # noqa: BLE001, S110 - broken document properties only cost metadata
        pass
    return title or first_heading, "\n\n".join(paragraphs), metadata, []


def _style_name(paragraph: Any) -> str:
    try:
        name = paragraph.style.name if paragraph.style is not None else ""
    except Exception:  # noqa: BLE001 - a dangling style reference is not worth failing over
        return ""
    return (name or "").strip().lower()


def _docx_paragraph_text(text: str) -> str:
    text = _CONTROL.sub(" ", _NEWLINES.sub("\n", text))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _docx_table_rows(table: Any) -> Iterator[str]:
    """One line per row, cells joined by " | "; a merged cell counts once."""
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat the same element
                continue
            seen.add(id(cell._tc))
            text = _SPACES.sub(" ", _docx_paragraph_text(cell.text)).strip()
            if text:
                cells.append(text)
        if cells:
            yield " | ".join(cells)


_PARSERS: Mapping[str, Callable[[bytes, Path, str], _Parsed]] = {
    "md": _parse_markdown,
    "txt": _parse_text,
    "html": _parse_html,
    "pdf": _parse_pdf,
    "docx": _parse_docx,
}
