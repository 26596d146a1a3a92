"""Wizard page "Resources": the money per month and, above all, the hours per week the presences abroad get."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from decimal import Decimal

from babel.numbers import get_currency_precision
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.plan import Strategy
from smplanner.domain.strategy_draft import ACTOR_KIND_LABELS, PageId, StrategyDraft
from smplanner.domain.workload import (
    COMMUNITY_MINUTES_PER_PRESENCE,
    DEFAULT_MINUTES_PER_POST,
)
from smplanner.i18n import _
from smplanner.i18n.formatting import format_number
from smplanner.services.country_facts import currency_of
from smplanner.ui.widgets.pickers import CodeComboBox, currency_items
from smplanner.ui.widgets.scrolling import vertical_scroll
from smplanner.ui.wizard.pages.base import DraftPage

DEFAULT_CURRENCY = next(f.default for f in fields(Strategy) if f.name == "currency")
MAX_BUDGET = 10_000_000
MAX_HOURS = 80.0
# What one presence posting twice a week costs in the first estimate, to give a sense of scale before platforms exist.
GUIDE_HOURS_PER_PRESENCE = (2 * DEFAULT_MINUTES_PER_POST + COMMUNITY_MINUTES_PER_PRESENCE) / 60


def hours_text(value: float) -> str:
    return format_number(round(value, 1))


def money(value: float, currency: str) -> Decimal:
    """A spin box's float as the Decimal the strategy stores, rounded to the currency's usual digits."""
    digits = get_currency_precision(currency)
    return Decimal(str(round(value, digits))).quantize(Decimal(1).scaleb(-digits))


def warning_colour(palette: QPalette) -> QColor:
    """A red that stays readable on light and dark themes."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#f2b8b5") if dark else QColor("#b3261e")


class WorkloadLine(QWidget):
    """An icon and the sentence comparing the hours the plan needs with the hours its actors give."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.over = False

    def show_text(self, text: str, over: bool) -> None:
        self.over = over
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon = QStyle.StandardPixmap.SP_MessageBoxWarning if over else QStyle.StandardPixmap.SP_MessageBoxInformation
        self.icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        self.text.setText(text)
        palette = self.text.palette()
        colour = warning_colour(self.palette()) if over else self.palette().color(QPalette.ColorRole.WindowText)
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.text.setPalette(palette)


class ResourcesPage(DraftPage):
    """Budget per month and hours per week per actor, with the first estimate of what the plan needs."""

    page_id = PageId.RESOURCES

    def __init__(self, draft: StrategyDraft, today: date, parent: QWidget | None = None) -> None:
        super().__init__(draft, today, parent)
        self._currency_suggested = False

        self.budget_box = QGroupBox()
        self.currency_combo = CodeComboBox()
        self.currency_combo.set_items(currency_items())
        self.organic_spin = self._money_spin()
        self.paid_spin = self._money_spin()
        self.currency_label = QLabel()
        self.currency_label.setBuddy(self.currency_combo)
        self.organic_label = QLabel()
        self.organic_label.setBuddy(self.organic_spin)
        self.paid_label = QLabel()
        self.paid_label.setBuddy(self.paid_spin)
        self.currency_hint = QLabel()
        self.currency_hint.setWordWrap(True)
        budget_form = QFormLayout(self.budget_box)
        budget_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        budget_form.addRow(self.currency_label, self.currency_combo)
        budget_form.addRow("", self.currency_hint)
        budget_form.addRow(self.organic_label, self.organic_spin)
        budget_form.addRow(self.paid_label, self.paid_spin)

        self.hours_box = QGroupBox()
        self.hours_intro = QLabel()
        self.hours_intro.setWordWrap(True)
        self.hours_form = QFormLayout()
        self.hours_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.no_actors = QLabel()
        self.no_actors.setWordWrap(True)
        hours_layout = QVBoxLayout(self.hours_box)
        hours_layout.addWidget(self.hours_intro)
        hours_layout.addWidget(self.no_actors)
        hours_layout.addLayout(self.hours_form)
        self.hours_spins: dict[str, QDoubleSpinBox] = {}

        self.workload_line = WorkloadLine()

        # one scroll area for the whole page: a firm with many actors still fits a small screen
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.budget_box)
        content_layout.addWidget(self.hours_box)
        content_layout.addWidget(self.workload_line)
        content_layout.addStretch(1)
        scroll = vertical_scroll(content)
        self.body.addWidget(scroll, 1)

        self.currency_combo.code_changed.connect(self._currency_chosen)
        self.organic_spin.valueChanged.connect(self._budgets_changed)
        self.paid_spin.valueChanged.connect(self._budgets_changed)
        self.retranslate_ui()

    @staticmethod
    def _money_spin() -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0, MAX_BUDGET)
        spin.setSingleStep(50)
        spin.setGroupSeparatorShown(True)
        spin.setMinimumWidth(160)
        return spin

    # --- filling from the draft ------------------------------------------------------------------------

    def load(self) -> None:
        self._suggest_home_currency()
        strategy = self.draft.strategy
        self.currency_combo.set_code(strategy.currency)
        self._show_currency(strategy.currency)
        self.organic_spin.setValue(float(strategy.budget_organic_month))
        self.paid_spin.setValue(float(strategy.budget_paid_month))
        self._fill_hours()
        self._show_workload()

    def _suggest_home_currency(self) -> None:
        """Once per wizard, replace the default currency by the home country's when nothing was spent in it yet."""
        if self._currency_suggested:
            return
        self._currency_suggested = True
        strategy = self.draft.strategy
        untouched = (strategy.currency == DEFAULT_CURRENCY and not strategy.budget_organic_month
                     and not strategy.budget_paid_month)
        home = currency_of(self.draft.firm.home_country, self.today) if self.draft.firm.home_country else None
        if untouched and home and home != strategy.currency:
            self.draft.strategy = replace(strategy, currency=home)

    def _fill_hours(self) -> None:
        while self.hours_form.rowCount():
            self.hours_form.removeRow(0)
        self.hours_spins.clear()
        self.no_actors.setVisible(not self.draft.actors)
        for actor in self.draft.actors:
            spin = QDoubleSpinBox()
            spin.setRange(0, MAX_HOURS)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setSuffix(" " + _("h a week"))
            spin.setMinimumWidth(140)
            spin.setValue(actor.hours_per_week)
            name = actor.name.strip() or _("(no name yet)")
            spin.setAccessibleName(_("Hours per week of {name}").format(name=name))
            spin.valueChanged.connect(lambda value, actor_id=actor.id: self._hours_changed(actor_id, value))
            label = QLabel(_("{name} ({kind}):").format(name=name, kind=_(ACTOR_KIND_LABELS[actor.kind])))
            label.setBuddy(spin)
            self.hours_form.addRow(label, spin)
            self.hours_spins[actor.id] = spin

    def _show_currency(self, code: str | None) -> None:
        suffix = " " + code if code else ""
        for spin in (self.organic_spin, self.paid_spin):
            spin.setSuffix(suffix)
            spin.setDecimals(get_currency_precision(code) if code else 2)
        home = currency_of(self.draft.firm.home_country, self.today) if self.draft.firm.home_country else None
        self.currency_hint.setVisible(bool(home and code and home != code))
        if home:
            self.currency_hint.setText(_("Your home country pays in {currency}.").format(currency=home))

    def _show_workload(self) -> None:
        load = self.draft.workload()
        needed, available = hours_text(load.needed_hours), hours_text(load.available_hours)
        if not load.presences:
            text = _(
                "No platform is chosen yet (next page), so the plan needs no hours so far; your actors give "
                "{available} h a week. As a guide, a presence with two posts a week takes about {guide} h a week."
            ).format(available=available, guide=hours_text(GUIDE_HOURS_PER_PRESENCE))
        else:
            text = _(
                "The plan as it stands needs about {needed} h a week; your actors give {available} h. "
                "A first estimate: it changes with the platforms, cadences and languages you choose next."
            ).format(needed=needed, available=available)
            if load.over:
                text += "\n" + _(
                    "That is more than your actors give: accounts that go silent harm the firm's image. "
                    "Add hours or plan fewer presences."
                )
        self.workload_line.show_text(text, load.over and bool(load.presences))

    # --- writing to the draft --------------------------------------------------------------------------

    def _currency_chosen(self, code: str) -> None:
        if self._loading or not code:
            return
        self.draft.strategy = replace(self.draft.strategy, currency=code)
        self._show_currency(code)
        self._budgets_changed()

    def _budgets_changed(self, _value: float = 0.0) -> None:
        if self._loading:
            return
        currency = self.draft.strategy.currency
        self.draft.strategy = replace(
            self.draft.strategy,
            budget_organic_month=money(self.organic_spin.value(), currency),
            budget_paid_month=money(self.paid_spin.value(), currency),
        )
        self.changed()

    def _hours_changed(self, actor_id: str, value: float) -> None:
        if self._loading:
            return
        actor = self.draft.actor(actor_id)
        if actor is None:
            return
        self.draft.replace_actor(replace(actor, hours_per_week=float(value)))
        self._show_workload()
        self.changed()

    # --- language --------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setSubTitle(_("What the presences abroad can cost: money each month and, above all, time each week. "
                           "Time is what keeps a profile alive."))
        self.budget_box.setTitle(_("Budget per month"))
        self.currency_label.setText(_("&Currency:"))
        self.currency_combo.setAccessibleName(_("Currency of the budget"))
        self.organic_label.setText(_("&Organic budget:"))
        self.organic_spin.setAccessibleName(_("Organic budget per month"))
        self.organic_spin.setToolTip(_("Photos, design, translation, tools: what the posts themselves cost."))
        self.paid_label.setText(_("&Paid advertising:"))
        self.paid_spin.setAccessibleName(_("Paid advertising budget per month"))
        self.paid_spin.setToolTip(_("Ads targeted by country; you split it between markets on the content page."))
        self.hours_box.setTitle(_("Hours per week"))
        self.hours_intro.setText(_("How many hours a week each actor can give to the presences abroad, regularly."))
        self.no_actors.setText(_("No actor yet: add who runs the presences on the previous page."))
