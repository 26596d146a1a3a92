"""`smplanner summary PLAN -o FILE.pdf`: the one-page strategy summary of a plan file as a PDF, without a window
(Qt runs offscreen when there is no display); and the summary PDFs `smplanner demo` writes beside its examples."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from smplanner.i18n import _, set_language, system_language


def ensure_application():
    """The running QApplication, or a new one on Qt's offscreen platform: a headless command draws PDFs and shows
    nothing, so it never needs a display (none, or a broken one, is fine), and Qt's own chatter stays off its
    standard error, where a command's one line of error goes."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    application = QApplication.instance()
    if application is not None:
        return application
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

    def quiet(kind: QtMsgType, _context: object, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            sys.stderr.write("smplanner: error: {message}\n".format(message=message))

    qInstallMessageHandler(quiet)
    return QApplication(["smplanner"])


def write_plan_summary(plan_path: Path | str, pdf_path: Path, *, paper: str = "a4", today: date | None = None):
    """Write the summary of a plan (a file or a server plan, opened read-only) to a PDF, in the catalogue's language;
    returns how it was fitted on its page (a `SummaryFit`)."""
    from smplanner.services.planning import PlanningService
    from smplanner.services.summary import summary_for
    from smplanner.ui.printing.summary_document import write_summary_pdf

    ensure_application()
    with PlanningService.read_only(plan_path) as service:
        data = summary_for(service, today or date.today())
    return write_summary_pdf(data, pdf_path, paper, inputs=[plan_path] if isinstance(plan_path, Path) else [])


def demo_summary(plan_path: Path, today: date, out: TextIO) -> Path:
    """The summary PDF of a demo plan, written beside it as NAME-summary.pdf (for `smplanner demo`)."""
    pdf_path = plan_path.with_name(plan_path.stem + "-summary.pdf")
    write_plan_summary(plan_path, pdf_path, today=today)
    print(_("  {file}  its one-page strategy summary").format(file=pdf_path.name), file=out)
    return pdf_path


def main(argv: list[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run `smplanner summary …` (argv starts with "summary"); returns the exit status. Errors are one line."""
    from smplanner.cli import CommandError, build_parser, use_language
    from smplanner.storage.errors import PlanFileError

    set_language(system_language())
    try:
        args = build_parser().parse_args(argv)
        use_language(args.lang)
        if str(args.output) == "-":
            raise CommandError(_("a PDF cannot go to the standard output; give -o a file name such as summary.pdf"))
        fit = write_plan_summary(args.plan, args.output, paper=args.paper)
    except (CommandError, PlanFileError) as error:
        print("smplanner: error: {error}".format(error=" ".join(str(error).split())), file=err)
        return 1
    except OSError as error:
        reason = error.strerror or str(error)
        print("smplanner: error: {message}".format(message=_("Cannot write \u201c{path}\u201d: {reason}.").format(
            path=args.output, reason=reason)), file=err)
        return 1
    except KeyboardInterrupt:
        return 130
    print(_("Wrote the one-page summary to {path}.").format(path=args.output), file=out)
    if fit.missing:
        print(
            "smplanner: warning: {message}".format(message=_(
                "No shipped font has these characters; they print with a system font if there is one, else as "
                "boxes: {characters}"
            ).format(characters=" ".join(fit.missing))),
            file=err,
        )
    return 0
