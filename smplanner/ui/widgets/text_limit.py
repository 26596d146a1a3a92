"""Text fields that hold no more than a plan may: each limit is the validation layer's (domain/validation.py), the one
place that says how long a name, a note or an address may be."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QToolTip

from smplanner.i18n import _
from smplanner.i18n.formatting import format_number


def limit_length(edit: QLineEdit | QPlainTextEdit, limit: int) -> None:
    """Let the field hold at most `limit` characters: typing past the limit does nothing and a longer paste is cut
    there, with a tip beside the text cursor that says how much fits."""
    if isinstance(edit, QLineEdit):
        # Qt counts UTF-16 units, never fewer than the characters the validation layer counts: never too long.
        edit.setMaxLength(limit)
        edit.textEdited.connect(lambda text: _tell(edit, limit) if len(text) >= limit else None)
        return

    def trim() -> None:
        text = edit.toPlainText()
        excess = len(text) - limit
        if excess <= 0:
            return
        # What came in last sits just before the cursor (typed or pasted): take the excess off there; text set
        # from code leaves the cursor at the start, so that is cut at the end. Qt's positions count UTF-16 units.
        cursor = edit.textCursor()
        end = cursor.position()
        before = text.encode("utf-16-le")[:2 * end].decode("utf-16-le", errors="ignore")
        if end == 0 or len(before) < excess:
            before, end = text, _units(text)
        cursor.setPosition(end - _units(before[-excess:]))
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        edit.setTextCursor(cursor)
        _tell(edit, limit)

    edit.textChanged.connect(trim)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _tell(edit: QLineEdit | QPlainTextEdit, limit: int) -> None:
    corner = edit.cursorRect().bottomLeft()
    target = edit.viewport() if isinstance(edit, QPlainTextEdit) else edit
    QToolTip.showText(target.mapToGlobal(corner), _("At most {limit} characters fit here.").format(
        limit=format_number(limit)), edit)
