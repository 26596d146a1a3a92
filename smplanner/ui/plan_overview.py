"""The main window's centre until the calendar arrives: the firm, its markets, the decisions, the next posts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHeaderView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.decisions import DECISIONS
from smplanner.domain.plan import OBJECTIVE_LABELS, OBJECTIVE_SHORT_LABELS, SCENARIO_LABELS, Post
from smplanner.i18n import _, ngettext
from smplanner.i18n.formatting import country_name, format_date, format_number, language_name, zone_city
from smplanner.services.planning import PlanSummary
from smplanner.ui.models.upcoming_posts_model import UpcomingPostsModel


class PlanOverviewView(QWidget):
    """Shows a plan summary; it is handed the data, it never reads storage itself."""

    wizard_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._summary: PlanSummary | None = None
        self._upcoming: list[Post] = []
        self.title = QLabel()
        self.title.setObjectName("planTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setFrameShape(QFrame.Shape.StyledPanel)
        self.hint.setMargin(8)
        self.wizard_button = QPushButton()
        self.wizard_button.clicked.connect(self.wizard_requested)

        self.markets_heading = QLabel()
        self.markets = QTreeWidget()
        self.markets.setRootIsDecorated(False)
        self.markets.setAlternatingRowColors(True)
        self.markets.header().setStretchLastSection(True)
        self.decisions_heading = QLabel()
        self.decisions = QTreeWidget()
        self.decisions.setRootIsDecorated(False)
        self.decisions.setHeaderHidden(True)
        self.decisions.setMaximumWidth(340)
        self.posts_heading = QLabel()
        self.posts_model = UpcomingPostsModel(self)
        self.posts = QTableView()
        self.posts.setModel(self.posts_model)
        self.posts.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.posts.setAlternatingRowColors(True)
        self.posts.verticalHeader().hide()
        self.posts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.posts.horizontalHeader().setStretchLastSection(True)
        # Size the columns from the rows in view, not all of them: measuring every row costs start-up time.
        self.posts.horizontalHeader().setResizeContentsPrecision(0)
        for heading in (self.markets_heading, self.decisions_heading, self.posts_heading):
            heading_font = heading.font()
            heading_font.setBold(True)
            heading.setFont(heading_font)
            heading.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        top = QWidget()
        grid = QGridLayout(top)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.markets_heading, 0, 0)
        grid.addWidget(self.decisions_heading, 0, 1)
        grid.addWidget(self.markets, 1, 0)
        grid.addWidget(self.decisions, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.posts_heading)
        bottom_layout.addWidget(self.posts)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.hint, 1)
        hint_row.addWidget(self.wizard_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(hint_row)
        layout.addWidget(splitter, 1)
        self.retranslate_ui()

    def show_plan(self, summary: PlanSummary, upcoming: Sequence[Post]) -> None:
        self._summary = summary
        self._upcoming = list(upcoming)
        self._fill()

    def show_posts(self, summary: PlanSummary, upcoming: Sequence[Post]) -> None:
        """Show the posts again (after posts changed one by one: the firm and the decisions are as shown)."""
        self._summary = summary
        self._upcoming = list(upcoming)
        self._fill_posts()

    def retranslate_ui(self) -> None:
        self.markets.setHeaderLabels([_("Market"), _("Time zone"), _("Languages"), _("Networks"), _("Objectives")])
        self.markets.setAccessibleName(_("Target markets"))
        self.decisions.setAccessibleName(_("Decisions of the strategy"))
        self.posts.setAccessibleName(_("Next posts"))
        self.markets_heading.setText(_("Target markets"))
        self.decisions_heading.setText(_("Decisions"))
        self.posts_model.retranslate()
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _fill(self) -> None:
        summary = self._summary
        if summary is None:
            return
        plan = summary.plan
        firm = plan.firm
        self.title.setText(firm.name)
        self.subtitle.setText(
            _("{scenario} \u00b7 {sector} \u00b7 home: {country}, {zone} \u00b7 plan from {start} to {end}").format(
                scenario=_(SCENARIO_LABELS[firm.scenario]),
                sector=firm.sector or _("sector not set"),
                country=country_name(firm.home_country),
                zone=zone_city(firm.home_zone),
                start=format_date(plan.strategy.period_start),
                end=format_date(plan.strategy.period_end),
            )
        )
        self.wizard_button.setText(_("Start the strategy wizard") if not plan.markets else _("Strategy wizard\u2026"))
        if not plan.markets:
            self.hint.setText(
                _(
                    "This plan has no target market yet. Add your markets and decisions with the strategy "
                    "wizard, or look at a complete plan first: File \u203a New from example."
                )
            )
        else:
            self.hint.setText(
                _("All changes are saved as you make them. {open}").format(
                    open=ngettext(
                        "{count} decision of the strategy is still open.",
                        "{count} decisions of the strategy are still open.",
                        len(summary.decisions_open),
                    ).format(count=len(summary.decisions_open))
                    if summary.decisions_open
                    else _("Every decision of the strategy is taken.")
                )
            )
        self.markets.clear()
        catalogue = plan.catalogue()
        for market in plan.markets:
            networks = sorted(catalogue.name(p.platform) for p in plan.presences if p.market_id == market.id)
            item = QTreeWidgetItem(
                [
                    "{code} \u00b7 {country}".format(code=market.code, country=country_name(market.country)),
                    zone_city(market.zone),
                    ", ".join(language_name(code) for code in market.languages),
                    ", ".join(networks),
                    ", ".join(_(OBJECTIVE_SHORT_LABELS[o]) for o in market.objectives),
                ]
            )
            item.setToolTip(1, market.zone)
            item.setToolTip(4, "\n".join(_(OBJECTIVE_LABELS[o]) for o in market.objectives))
            self.markets.addTopLevelItem(item)
        for column in range(4):
            self.markets.resizeColumnToContents(column)
        self.decisions.clear()
        for decision in DECISIONS:
            taken = decision.key in summary.decisions_taken
            item = QTreeWidgetItem(
                ["{mark}  {label}".format(mark="\u2713" if taken else "\u25cb", label=_(decision.label))])
            item.setToolTip(0, _("Taken") if taken else _("Still open"))
            self.decisions.addTopLevelItem(item)
        self._fill_posts()

    def _fill_posts(self) -> None:
        summary = self._summary
        assert summary is not None
        self.posts_heading.setText(
            _("Next posts ({count} in the plan)").format(count=format_number(summary.post_count))
        )
        self.posts_model.set_posts(summary.plan, self._upcoming)
