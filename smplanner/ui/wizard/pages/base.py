"""What every page of the strategy wizard shares: the draft it edits and the line saying what blocks Next."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget, QWizardPage

from smplanner.domain.strategy_draft import PAGE_TITLES, PageId, StrategyDraft
from smplanner.i18n import _


class ProblemLine(QWidget):
    """A warning icon and the sentence saying why the founder cannot go on yet (hidden when nothing blocks)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName(_("What is missing"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.icon, 0)
        layout.addWidget(self.text, 1)

    def show_problems(self, problems: list[str]) -> None:
        self.text.setText("\n".join(problems))
        self.setVisible(bool(problems))


class DraftPage(QWizardPage):
    """A wizard page over one part of the draft. Subclasses build widgets, `load()` from and write to the draft."""

    page_id: PageId

    def __init__(self, draft: StrategyDraft, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.today = today
        self.body = QVBoxLayout()
        self.problem_line = ProblemLine()
        outer = QVBoxLayout(self)
        outer.addLayout(self.body, 1)
        outer.addWidget(self.problem_line, 0)
        self._loading = False

    # Qt calls initializePage each time the page is entered with Next: the draft is the truth.
    def initializePage(self) -> None:
        self._loading = True
        try:
            self.load()
        finally:
            self._loading = False
        self.changed()

    def load(self) -> None:
        """Fill the widgets from the draft."""

    def changed(self) -> None:
        """Call after writing to the draft: updates what blocks Next."""
        if self._loading:
            return
        self.problem_line.show_problems(self.draft.problems(self.page_id))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.draft.problems(self.page_id)

    def retranslate_ui(self) -> None:
        # Where the founder is in the wizard: "Step 3 of 9 · Actors and responsibilities".
        self.setTitle(_("Step {number} of {count} \u00b7 {title}").format(
            number=self.page_id + 1, count=len(PageId), title=_(PAGE_TITLES[self.page_id])))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            if self.wizard() is not None and self.wizard().currentPage() is self:
                self.initializePage()
        super().changeEvent(event)
