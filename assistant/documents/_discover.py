"""Which files an ingest reads, and the source names documents are known by."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..types import SkippedFile
from ._common import SUPPORTED_SUFFIXES, _SUPPORTED_LIST


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
