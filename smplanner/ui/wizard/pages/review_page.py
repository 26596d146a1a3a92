"""Page 9: every decision in one readable view, with every warning, before Finish stores them."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QTextBrowser

from smplanner.domain.strategy_draft import PageId, market_label
from smplanner.domain.strategy_review import review_sections
from smplanner.i18n import _, ngettext
from smplanner.ui.wizard.pages.base import DraftPage


class ReviewPage(DraftPage):
    page_id = PageId.REVIEW

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.body.addWidget(self.headline)
        self.body.addWidget(self.view, 1)
        self.setFinalPage(True)

    def removed_market_notes(self) -> list[str]:
        """Markets dropped in the wizard that carry posts the founder wrote or edited by hand."""
        from smplanner.ui.wizard.strategy_wizard import StrategyWizard

        wizard = self.wizard()
        if not isinstance(wizard, StrategyWizard):
            return []
        kept = {m.id for m in self.draft.markets}
        notes = []
        for market in wizard.original.markets:
            count = wizard.hand_posts.get(market.id, 0)
            if market.id not in kept and count:
                notes.append(
                    ngettext(
                        "Removing {market} also deletes {n} post you wrote or edited by hand.",
                        "Removing {market} also deletes {n} posts you wrote or edited by hand.",
                        count,
                    ).format(market=market_label(market), n=count)
                )
        return notes

    def review_html(self) -> str:
        parts = []
        removed = self.removed_market_notes()
        if removed:
            parts.append("<p><b>{items}</b></p>".format(items="<br>".join(escape(text) for text in removed)))
        for section in review_sections(self.draft):
            parts.append(f"<h3>{escape(section.title)}</h3>")
            if section.lines:
                parts.append("<ul>{items}</ul>".format(items="".join(f"<li>{escape(x)}</li>" for x in section.lines)))
            else:
                parts.append("<p><i>{text}</i></p>".format(text=escape(_("Nothing decided yet."))))
            for warning in section.warnings:
                parts.append(f"<p>\u26a0 {escape(warning)}</p>")
            if section.page is PageId.MARKETS:
                for note in self.holiday_notes():
                    parts.append(f"<p>\u2139 {escape(note)}</p>")
        return "\n".join(parts)

    def holiday_notes(self) -> list[str]:
        """What the holiday data says of the markets over the plan period: no data, or national holidays only."""
        from smplanner.services.holidays import holiday_data_notes

        return [note for notes in holiday_data_notes(self.draft.to_plan()).values() for note in notes]

    def load(self) -> None:
        warnings = len(self.draft.warnings())
        self.headline.setText(
            ngettext(
                "Check your decisions. {n} point deserves a second look (marked \u26a0). "
                "Finish stores the plan and generates the calendar; posts you edited by hand are kept.",
                "Check your decisions. {n} points deserve a second look (marked \u26a0). "
                "Finish stores the plan and generates the calendar; posts you edited by hand are kept.",
                warnings,
            ).format(n=warnings)
            if warnings
            else _("Check your decisions. Finish stores the plan and generates the calendar; posts you edited by "
                   "hand are kept.")
        )
        self.view.setHtml(self.review_html())

    def isComplete(self) -> bool:
        return not self.draft.all_problems()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setSubTitle(_("Every decision in one view."))
        self.view.setAccessibleName(_("Review of the decisions"))
