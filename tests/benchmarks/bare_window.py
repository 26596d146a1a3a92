"""The start-up baseline: a bare PySide6 QMainWindow with a menu bar and a status bar, nothing else.

Started by bench_startup.py exactly as the app is (same interpreter, same environment). Like smplanner/app.py,
it appends "window_shown <time.time()>" to the file named by SMPLANNER_STARTUP_PROBE on the window's first
paint, and closes itself when SMPLANNER_STARTUP_PROBE_EXIT is set.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

PROBE = "SMPLANNER_STARTUP_PROBE"


def _probe(event: str) -> None:
    target = os.environ.get(PROBE)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write("{event} {at:.6f}\n".format(event=event, at=time.time()))


class _FirstPaint(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            _probe("window_shown")
            if os.environ.get(PROBE + "_EXIT"):
                QTimer.singleShot(0, self._window.close)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare window")
    window.resize(1100, 720)  # the size smplanner's main window opens at, so both paint the same area
    window.menuBar().addMenu("&File").addAction("&Quit", window.close)
    window.setCentralWidget(QLabel("bare"))
    window.statusBar().showMessage("ready")
    window.installEventFilter(_FirstPaint(window))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
