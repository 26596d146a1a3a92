"""The one kind of scroll area the app's pages and panels use around their content."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget


class _KeepContentWidth(QObject):
    """Keeps the area at least as wide as its content needs, each time the content's layout changes."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self._area = area

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.follow()
        return super().eventFilter(watched, event)

    def follow(self) -> None:
        content = self._area.widget()
        if content is not None:
            bar = self._area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            frame = 2 * self._area.frameWidth()
            self._area.setMinimumWidth(content.minimumSizeHint().width() + bar + frame)


def vertical_scroll(content: QWidget) -> QScrollArea:
    """A frameless area that scrolls `content` up and down only. It is never narrower than the content needs, so
    nothing is cut at the right (the window grows instead, and a test checks that it fits a small screen). It takes
    no focus of its own: Tab goes straight to the fields inside, and the area scrolls to show the one with it."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    keeper = _KeepContentWidth(area)
    content.installEventFilter(keeper)
    keeper.follow()
    return area
