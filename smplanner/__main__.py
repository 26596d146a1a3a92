"""Entry point: `smplanner [PLAN]` opens the app; the sub-commands (`smplanner demo|new|info|strategy|agenda|workload|
export-ics|export-csv|today|publish …`) run headless."""

from __future__ import annotations

import sys

COMMANDS = ("demo", "new", "info", "strategy", "agenda", "workload", "export-ics", "export-csv", "today", "publish")
"""The headless sub-commands (smplanner/cli.py builds their parsers; named here so that starting the app does not
import the CLI)."""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "summary":  # the one-page summary needs Qt, which the headless commands do not load
        from smplanner.ui.printing.summary_command import main as summary_main

        return summary_main(args)
    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version")):
        return _run_command(args)
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("smplanner: error: usage: smplanner [PLAN] | smplanner {{{commands}}} ...".format(
            commands=",".join(COMMANDS)), file=sys.stderr)
        return 2
    from smplanner.app import run_app

    return run_app(args[0] if args else None)


def _run_command(args: list[str]) -> int:
    import smplanner.cli
    from smplanner.cli import CommandError, run
    from smplanner.i18n import set_language, system_language

    smplanner.cli.summary_writer = _demo_summary  # demo writes each example's summary PDF
    set_language(system_language())
    try:
        return run(args)
    except CommandError as error:
        print(f"smplanner: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly, as Unix tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _demo_summary(plan_path, today, out):
    """Write a demo plan's one-page summary PDF beside it; Qt is loaded only now."""
    from smplanner.ui.printing.summary_command import demo_summary

    return demo_summary(plan_path, today, out)


if __name__ == "__main__":
    sys.exit(main())
