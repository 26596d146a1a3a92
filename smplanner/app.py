"""The composition root: QApplication, settings, language, logging, the main window and the plan it opens."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
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


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """Why Qt could not show a window on this Linux session, in one line; None when it can or we cannot tell.

    Qt aborts the whole process when its platform cannot start (exit 134 and its own text), so the app looks
    first. A remote X display is not checked: the app never connects to another machine.
    """
    environ = dict(os.environ if environ is None else environ)
    if not sys.platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    wayland = environ.get("WAYLAND_DISPLAY", "")
    if wayland and _socket_answers(os.path.join(environ.get("XDG_RUNTIME_DIR", "/"), wayland)):
        return None
    display = environ.get("DISPLAY", "")
    host, _colon, number = display.rpartition(":")
    if display and host not in ("", "unix"):
        return None
    socket_path = "/tmp/.X11-unix/X" + number.split(".")[0]
    if display and (_socket_answers(socket_path) or _socket_answers("\0" + socket_path)):
        return None
    from smplanner.i18n import _, set_language, system_language

    set_language(system_language())
    if not display and not wayland:
        reason = _("there is no display (DISPLAY is not set)")
    else:
        reason = _("the display {display} does not answer").format(display=display or wayland)
    return _("cannot show the window: {reason}. The commands (smplanner --help) work without one.").format(
        reason=reason)


def _socket_answers(path: str) -> bool:
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        try:
            probe.connect(path)
        except OSError:
            return False
    return True


def _quit_on_signals(app) -> list[int]:
    """Ctrl+C (SIGINT) and SIGTERM close the windows and end the app cleanly: every edit is already saved, and the
    open plan is closed (backed up if due) as on File > Quit. Returns the list the signal's number is put in."""
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    received: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        if not received:
            received.append(signum)
            QTimer.singleShot(0, QApplication.closeAllWindows)
            QTimer.singleShot(0, app.quit)

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, stop)
    # Python runs its signal handlers between bytecodes; Qt's event loop runs none while it waits, so wake it up.
    ticker = QTimer(app)
    ticker.timeout.connect(lambda: None)
    ticker.start(200)
    return received


def desktop_home():
    """Where the machine is, as the system and the desktop say (Qt knows the desktop's zone on every system)."""
    from PySide6.QtCore import QTimeZone

    from smplanner.services.system_home import system_home

    return system_home(desktop_zone=QTimeZone.systemTimeZoneId().data().decode())


def build_window(settings, data_folder: Path, log_folder: Path, clock: Callable[[], datetime] = datetime.now):
    """The main window and what it works with: the plan files of the data folder (and their backups) and the app's
    one change signal, made once here and handed to it."""
    from smplanner.services.plan_files import PlanFiles
    from smplanner.ui.change_signal import PlanChangeSignal
    from smplanner.ui.main_window import MainWindow

    change_signal = PlanChangeSignal()
    window = MainWindow(settings, PlanFiles(data_folder, clock, desktop_home), change_signal, log_folder, clock)
    change_signal.setParent(window)
    return window


def _plan_argument(text: str) -> Path | str:
    """The plan the command line names: a file's path, or a server plan's address as typed."""
    from smplanner.storage.server_address import is_server_address

    return text if is_server_address(text) else Path(text)


def run_app(requested_plan: str | None) -> int:
    """Show the window at once, then load the plan: the heavy imports come after the first paint."""
    problem = display_problem()
    if problem is not None:
        print("smplanner: error: " + problem, file=sys.stderr)
        return 1
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStandardPaths, QTimer
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_NAME)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QApplication.setDesktopFileName(APP_ID)
    from smplanner.storage.places import default_data_folder
    from smplanner.ui.qt_i18n import apply_language
    from smplanner.ui.settings import AppSettings

    data_folder = default_data_folder()  # the command line protects the backups in it without Qt
    log_folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)) / "logs"
    hook_installed = False

    def install_exception_hook() -> None:
        # After the first paint: importing the logging handlers costs a tenth of a bare window's start-up.
        nonlocal hook_installed
        if not hook_installed:
            hook_installed = True
            from smplanner.ui import exception_hook

            exception_hook.setup_logging(log_folder)
            exception_hook.install(log_folder, on_plan_error=lambda error: window.plan_failed(error))

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
    QApplication.setWindowIcon(_application_icon())

    window = build_window(settings, data_folder, log_folder)

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                _probe("window_shown")
                install_exception_hook()
                QTimer.singleShot(0, load_plan)
            return False

    def load_plan() -> None:
        window.open_initial(_plan_argument(requested_plan) if requested_plan else None)
        window.repaint()
        _probe("content_ready")
        _write_shown_texts(window)
        if os.environ.get(STARTUP_PROBE + "_EXIT"):
            QTimer.singleShot(0, window.close)

    first_paint = _FirstPaint(window)
    window.installEventFilter(first_paint)
    received = _quit_on_signals(app)
    window.show()
    status = app.exec()
    return 128 + received[0] if received else status
