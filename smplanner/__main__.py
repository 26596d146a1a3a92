"""Entry point: `smplanner [PLAN]` opens the app; the sub-commands (`smplanner demo|new|info|strategy|agenda|workload|
export-ics|export-csv|import-csv|today|publish|copy|summary …`) run headless (no display needed)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

COMMANDS = ("demo", "new", "info", "strategy", "agenda", "workload", "export-ics", "export-csv", "import-csv", "today",
            "publish", "copy")
"""The headless sub-commands (smplanner/cli.py builds their parsers; named here so that starting the app does not
import the CLI). `summary` runs on its own path, through Qt's offscreen printer."""
EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in (*COMMANDS, "summary") or args[0] in ("-h", "--help", "--version")):
        return _run_command(args)
    problem = _usage_problem(args)
    if problem is not None:
        print("smplanner: error: " + problem, file=sys.stderr)
        return EXIT_USAGE
    from smplanner.app import run_app

    return run_app(args[0] if args else None)


def _usage_problem(args: list[str]) -> str | None:
    """Why the arguments are neither a plan to open nor a command, in one line; None when they are fine."""
    usage = len(args) > 1 or bool(args and args[0].startswith("-"))
    mistyped = bool(args) and not usage and _looks_like_a_command(args[0])
    if not (usage or mistyped):
        return None  # the app: no catalogue to load before its first paint
    from smplanner.i18n import _, set_language, system_language

    set_language(system_language())
    commands = ", ".join((*COMMANDS, "summary"))
    if usage:
        return _("usage: smplanner [PLAN] | smplanner {{{commands}}} ... (see smplanner --help)").format(
            commands=commands)
    import difflib

    close = difflib.get_close_matches(args[0], (*COMMANDS, "summary"), n=1)
    if close:
        return _("\u201c{word}\u201d is not a command; did you mean {command}? (see smplanner --help)").format(
            word=args[0], command=close[0])
    return _("\u201c{word}\u201d is neither a plan file nor a command; the commands are: {commands}").format(
        word=args[0], commands=commands)


def _looks_like_a_command(word: str) -> bool:
    """A bare word that names no file: a mistyped command rather than a plan to open (plans end in .smplan)."""
    return not Path(word).exists() and Path(word).suffix == "" and os.sep not in word and "/" not in word


def _stop_on_signal() -> None:
    """SIGTERM and SIGHUP end a command the way Ctrl+C does: what it was writing is removed, nothing is half-done."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, stop)


QT_MODULES = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtPrintSupport")
"""What the commands that draw PDFs (summary, demo) load of Qt."""


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl+C, SIGTERM and SIGHUP wait until the block is done, then end the command as they would have: Qt's
    bindings crash (a segmentation fault, not a clean stop) when a signal's exception interrupts their import."""
    held: list[int] = []
    numbers = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {number: signal.signal(number, lambda signum, _frame: held.append(signum)) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if held:
        signal.raise_signal(held[0])


def _load_qt() -> None:
    import importlib

    with _signals_held():
        for module in QT_MODULES:
            importlib.import_module(module)


def _run_command(args: list[str]) -> int:
    from smplanner.i18n import set_language, system_language

    _stop_on_signal()
    set_language(system_language())
    if args[0] == "summary":  # the one-page summary needs Qt (offscreen), which the other commands do not load
        _load_qt()
        from smplanner.ui.printing.summary_command import main as summary_main

        return summary_main(args)
    import smplanner.cli
    from smplanner.cli import CommandError, run

    smplanner.cli.summary_writer = _demo_summary  # demo writes each example's summary PDF
    try:
        return run(args)
    except CommandError as error:
        print("smplanner: error: {error}".format(error=" ".join(str(error).split())), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _demo_summary(plan_path, today, out):
    """Write a demo plan's one-page summary PDF beside it; Qt is loaded only now."""
    _load_qt()
    from smplanner.ui.printing.summary_command import demo_summary

    return demo_summary(plan_path, today, out)


if __name__ == "__main__":
    sys.exit(main())
