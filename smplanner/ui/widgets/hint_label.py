"""Help and hint sentences: enabled labels (a screen reader announces a disabled one as unavailable) in a secondary
text colour that keeps a readable contrast on light and dark palettes."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from smplanner.ui.colours import secondary_text


class HintLabel(QLabel):
    """A word-wrapped sentence that explains rather than labels, drawn in `secondary_text()` of the palette."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._colouring = False
        self._colour()

    def _colour(self) -> None:
        """Take the surrounding palette's colours (never our own, already changed) and fade the text."""
        if self._colouring:
            return
        self._colouring = True
        try:
            parent = self.parentWidget()
            around = parent.palette() if parent is not None else QApplication.palette()
            palette = QPalette(around)
            colour = secondary_text(around)
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                palette.setColor(group, QPalette.ColorRole.WindowText, colour)
            self.setPalette(palette)
        finally:
            self._colouring = False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ParentChange):
            self._colour()
        super().changeEvent(event)
