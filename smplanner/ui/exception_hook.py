"""Unexpected errors: logged, and shown in a dialog with the details to copy; the plan stays as it was."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

log = logging.getLogger("smplanner")


def setup_logging(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    log_file = folder / "smplanner.log"
    handler = RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return log_file


def install(log_folder: Path, on_plan_error: Callable[[Exception], None] | None = None) -> None:
    """Route uncaught exceptions (PySide6 prints those raised in slots and carries on) to the error dialog; a plan
    that turns out to hold a value it cannot (a PlanFileError) goes to `on_plan_error` instead, which says so."""
    from smplanner.storage.errors import PlanFileError

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        if on_plan_error is not None and isinstance(error, PlanFileError):
            log.warning("The open plan cannot be used: %s", error)
            on_plan_error(error)
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("Unexpected error\n%s", details)
        from smplanner.ui.dialogs.error_dialog import ErrorDialog

        ErrorDialog.report(details, log_folder)

    sys.excepthook = hook
