"""The strategy wizard: a page for each decision of the paper's Table 1, after the firm and its markets, then a
review."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from smplanner.domain.market_days import HolidayOverride
from smplanner.domain.plan import Plan
from smplanner.domain.strategy_draft import PageId, StrategyDraft
from smplanner.domain.workload import WorkloadSettings
from smplanner.i18n import _
from smplanner.ui.dialogs import messages
from smplanner.ui.widgets.screen_fit import open_fitted
from smplanner.ui.wizard.pages.actors_page import ActorsPage
from smplanner.ui.wizard.pages.base import DraftPage
from smplanner.ui.wizard.pages.calendar_page import CalendarPage
from smplanner.ui.wizard.pages.content_page import ContentPage
from smplanner.ui.wizard.pages.firm_page import FirmPage
from smplanner.ui.wizard.pages.language_page import LanguagePage
from smplanner.ui.wizard.pages.markets_page import MarketsPage
from smplanner.ui.wizard.pages.platforms_page import PlatformsPage
from smplanner.ui.wizard.pages.resources_page import ResourcesPage
from smplanner.ui.wizard.pages.review_page import ReviewPage

PREFERRED_SIZE = QSize(980, 680)
PAGE_CLASSES: dict[PageId, type[DraftPage]] = {
    PageId.FIRM: FirmPage,
    PageId.MARKETS: MarketsPage,
    PageId.ACTORS: ActorsPage,
    PageId.RESOURCES: ResourcesPage,
    PageId.PLATFORMS: PlatformsPage,
    PageId.LANGUAGE: LanguagePage,
    PageId.CALENDAR: CalendarPage,
    PageId.CONTENT: ContentPage,
    PageId.REVIEW: ReviewPage,
}


class StrategyWizard(QWizard):
    """Edits a copy of the plan's decisions; the caller stores `result_plan()` when the founder presses Finish."""

    def __init__(
        self,
        plan: Plan,
        today: date,
        parent: QWidget | None = None,
        hand_posts: dict[str, int] | None = None,
        workload_settings: WorkloadSettings | None = None,
        holiday_corrections: Sequence[HolidayOverride] = (),
    ) -> None:
        super().__init__(parent)
        self.original = plan
        self.hand_posts = hand_posts or {}  # market id -> posts written or edited by hand, to warn before removal
        self.today = today
        self.draft = StrategyDraft.from_plan(plan)
        self.draft.workload_settings = workload_settings  # the same figures as the workload panel
        self.draft.holiday_corrections = tuple(holiday_corrections)  # the holidays as the calendar shows them
        self.setObjectName("strategy_wizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, False)
        self.pages: dict[PageId, DraftPage] = {}
        for page_id, page_class in PAGE_CLASSES.items():
            page = page_class(self.draft, today)
            self.pages[page_id] = page
            self.setPage(page_id, page)
        self.setStartId(PageId.FIRM)
        self.pages[PageId.FIRM].completeChanged.connect(self._show_title)  # the title names the firm
        # after the switch: the new page is shown only then
        self.currentIdChanged.connect(lambda _id: QTimer.singleShot(0, self._focus_into_page))
        self.retranslate_ui()
        open_fitted(self, PREFERRED_SIZE)

    def _focus_into_page(self) -> None:
        """Keep the keyboard on the page just shown: Qt leaves the focus where it was when the page's remembered
        focus widget is hidden (the actors list before anyone is added), which is on the page left behind."""
        page = self.currentPage()
        focus = QApplication.focusWidget()
        on_a_page = focus is not None and any(p.isAncestorOf(focus) for p in self.pages.values())
        if page is None or (focus is not None and focus.window() is self
                            and (page.isAncestorOf(focus) or not on_a_page)):
            return  # on this page already, or on the wizard's own buttons
        widget = page.nextInFocusChain()
        while widget is not page and widget is not None:
            if (widget.isVisibleTo(page) and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and page.isAncestorOf(widget)):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return
            widget = widget.nextInFocusChain()

    def page_of(self, page_id: PageId) -> DraftPage:
        return self.pages[page_id]

    def result_plan(self) -> Plan:
        return self.draft.to_plan()

    def has_changes(self) -> bool:
        return self.result_plan() != self.original

    def reject(self) -> None:
        if self.has_changes() and not messages.ask_discard_wizard(self):
            return
        super().reject()

    def _show_title(self) -> None:
        self.setWindowTitle(_("Strategy wizard \u2014 {firm}").format(firm=self.draft.firm.name or _("new plan")))

    def retranslate_ui(self) -> None:
        self._show_title()
        # Ours rather than Qt's: Qt's Dutch "Vol&tooien" takes the T of "< &Terug" beside it on the last page.
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
        for page in self.pages.values():
            page.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        plan: Plan,
        today: date,
        hand_posts: dict[str, int] | None = None,
        workload_settings: WorkloadSettings | None = None,
        holiday_corrections: Sequence[HolidayOverride] = (),
    ) -> Plan | None:
        """Run the wizard modally; the new decisions, or None when the founder cancels."""
        wizard = cls(plan, today, parent, hand_posts, workload_settings, holiday_corrections)
        try:
            return wizard.result_plan() if wizard.exec() == QWizard.DialogCode.Accepted else None
        finally:  # not kept as the main window's child, to be re-labelled at every language change
            wizard.deleteLater()
