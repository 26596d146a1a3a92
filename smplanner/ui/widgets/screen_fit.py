"""Windows that open at a size the screen can show: a preferred size, shrunk to the screen's free area less what the
window manager adds around a window (title bar and frame), so that a 1024×700 screen shows all of it."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

DECORATION = QSize(8, 36)
"""Room for a window's frame and title bar, which the window's own size does not include."""


def fitted_size(preferred: QSize, available: QSize) -> QSize:
    """The preferred size, no larger than the available area less the decoration."""
    return preferred.boundedTo(available - DECORATION)


def open_fitted(window: QWidget, preferred: QSize) -> None:
    """Give a window its opening size: the preferred one, or what its screen can show of it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    size = fitted_size(preferred, screen.availableGeometry().size()) if screen is not None else preferred
    window.resize(size.expandedTo(window.minimumSize()))
