"""Tree rows as tall as their wrapped text: a tree view sizes each row for one line of text unless told, so long
names and details would be cut instead of wrapped in a narrow window."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QTreeWidget, QTreeWidgetItemIterator


class WrappedRows(QObject):
    """Wraps the text of a tree's `columns` and keeps every row as tall as that text needs at the columns' present
    widths (again after each resize), `spacing` pixels below each. Call `fit()` after filling the tree; `widen`,
    when given, sets the columns' widths first each time. The height goes on the last of `columns` (as its size
    hint, at its present width): let that column stretch or have a set width, not fit its contents."""

    def __init__(self, tree: QTreeWidget, columns: Sequence[int], spacing: int = 0,
                 widen: Callable[[], None] | None = None) -> None:
        super().__init__(tree)
        self._tree = tree
        self._columns = tuple(columns)
        self._spacing = spacing
        self._widen = widen
        tree.setWordWrap(True)
        tree.setUniformRowHeights(False)
        self._timer = QTimer(self)  # once the header has settled after a resize
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        tree.header().sectionResized.connect(
            lambda column, _old, _new: self._timer.start() if column in self._columns else None)

    def fit(self) -> None:
        tree = self._tree
        if self._widen is not None:
            self._widen()
        margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
        widths = {column: max(1, tree.columnWidth(column) - 2 * margin) for column in self._columns}
        iterator = QTreeWidgetItemIterator(tree)
        while (item := iterator.value()) is not None:
            iterator += 1
            if item.isFirstColumnSpanned():
                continue
            needed = 0
            for column, width in widths.items():
                if column == 0:  # the first column is narrower by the item's indentation
                    width = max(1, width - tree.indentation() * (_depth(item) + tree.rootIsDecorated()))
                bounds = QRect(0, 0, width, 1 << 20)
                needed = max(needed, QFontMetrics(item.font(column)).boundingRect(
                    bounds, Qt.TextFlag.TextWordWrap, item.text(column)).height())
            holder = self._columns[-1]
            hint = QSize(tree.columnWidth(holder), needed + self._spacing)
            if item.sizeHint(holder) != hint:
                item.setSizeHint(holder, hint)


def _depth(item) -> int:
    depth = 0
    while (item := item.parent()) is not None:
        depth += 1
    return depth
