"""A sentence over an empty view that says what to do next (clicks go through to the view under it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from smplanner.i18n import N_

NO_POSTS_YET = N_("The plan has no posts yet. Choose markets, networks and cadences in the strategy wizard to have "
                  "them generated, or write one yourself.")
"""What a view says while the plan holds no post at all (translate it where shown)."""


class EmptyHint(QLabel):
    """Centred over its parent, as wide as a readable line, shown only while it has something to say."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("emptyHint")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAutoFillBackground(True)
        self.setMargin(12)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Base))
        self.setPalette(palette)
        self.setFrameShape(QLabel.Shape.StyledPanel)
        parent.installEventFilter(self)
        self.hide()

    def say(self, text: str) -> None:
        """Show this sentence (an empty one hides the hint)."""
        self.setText(text)
        self.setVisible(bool(text))
        self._place()
        self.raise_()

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(parent.width() - 40, self.fontMetrics().averageCharWidth() * 70)
        height = self.heightForWidth(width)
        self.setGeometry((parent.width() - width) // 2, max(0, (parent.height() - height) // 2), width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and not self.isHidden():
            self._place()
        return False
