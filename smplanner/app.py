"""The composition root: QApplication, settings, language, logging, the main window and the plan it opens."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType

from smplanner import APP_ID, APP_NAME, ORGANISATION

STARTUP_PROBE = "SMPLANNER_STARTUP_PROBE"
"""Environment variable naming a file where start-up milestones are written (benchmarks only)."""
SHOWN_TEXTS_PROBE = "SMPLANNER_SHOWN_TEXTS"
"""Environment variable naming a file where the window, once its plan is shown, writes what it shows as JSON (its
title, its menus and a button text of Qt's own catalogue): how a test of the frozen program sees its language."""


def _probe(event: str) -> None:
    target = os.environ.get(STARTUP_PROBE)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write("{event} {at:.6f}\n".format(event=event, at=time.time()))


def _write_shown_texts(window) -> None:
    target = os.environ.get(SHOWN_TEXTS_PROBE)
    if target:
        import json

        from PySide6.QtCore import QCoreApplication

        texts = {
            "title": window.windowTitle(),
            "menus": [action.text() for action in window.menuBar().actions()],
            "qt_cancel": QCoreApplication.translate("QPlatformTheme", "Cancel"),
        }
        Path(target).write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")


def _application_icon():  # -> QIcon
    """The window icon, from the PNG rendered for each size, 16 to 512 px (16 px has a drawing of its own)."""
    from importlib import resources

    from PySide6.QtGui import QIcon

    icon = QIcon()
    for png in sorted((Path(str(resources.files("smplanner.resources"))) / "icons").glob("smplanner-*.png")):
        icon.addFile(str(png))
    return icon


def run_app(requested_plan: str | None) -> int:
    """Show the window at once, then load the plan: the heavy imports come after the first paint."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStandardPaths, QTimer
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_NAME)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QApplication.setDesktopFileName(APP_ID)
    from smplanner.ui.main_window import MainWindow
    from smplanner.ui.qt_i18n import apply_language
    from smplanner.ui.settings import AppSettings

    data_folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    log_folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)) / "logs"
    hook_installed = False

    def install_exception_hook() -> None:
        # After the first paint: importing the logging handlers costs a tenth of a bare window's start-up.
        nonlocal hook_installed
        if not hook_installed:
            hook_installed = True
            from smplanner.ui import exception_hook

            exception_hook.setup_logging(log_folder)
            exception_hook.install(log_folder)

    def early_hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        # An error before the first paint is logged and shown all the same.
        try:
            install_exception_hook()
        finally:
            hook = sys.excepthook if sys.excepthook is not early_hook else sys.__excepthook__
            hook(kind, error, tb)

    sys.excepthook = early_hook
    settings = AppSettings()
    apply_language(settings.language())
    app.setWindowIcon(_application_icon())

    window = MainWindow(settings, data_folder, log_folder)

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                _probe("window_shown")
                install_exception_hook()
                QTimer.singleShot(0, load_plan)
            return False

    def load_plan() -> None:
        window.open_initial(Path(requested_plan) if requested_plan else None)
        window.repaint()
        _probe("content_ready")
        _write_shown_texts(window)
        if os.environ.get(STARTUP_PROBE + "_EXIT"):
            QTimer.singleShot(0, window.close)

    first_paint = _FirstPaint(window)
    window.installEventFilter(first_paint)
    window.show()
    return app.exec()
