"""Wizard page "Platforms per market": the networks suggested for each market, why, and who runs each chosen one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.catalogue import CHANNEL_LABELS, PlatformInfo, Source
from smplanner.domain.plan import (
    OBJECTIVE_LABELS,
    CadenceRule,
    Market,
    Objective,
    Presence,
    ProfileScope,
)
from smplanner.domain.platform_suggestions import (
    REASON_LABELS,
    Reason,
    Suggestion,
    suggest_platforms,
)
from smplanner.domain.strategy_draft import (
    PROFILE_SCOPE_LABELS,
    PageId,
    StrategyDraft,
    market_label,
)
from smplanner.i18n import _
from smplanner.i18n.formatting import country_name
from smplanner.ui.widgets.pickers import CodeComboBox
from smplanner.ui.widgets.scrolling import vertical_scroll
from smplanner.ui.wizard.pages.actors_page import actor_text
from smplanner.ui.wizard.pages.base import DraftPage
from smplanner.ui.wizard.pages.own_platform_dialog import OwnPlatformDialog
from smplanner.ui.wizard.pages.resources_page import WorkloadLine, hours_text

DETAIL_CHOICE_LENGTH = 12  # characters a profile, goal or actor choice shows at the least
# Presences the founder unticked during this visit, by (market id, platform id): ticking again restores their settings.
RemovedPresences = dict[tuple[str, str], tuple[Presence, list[CadenceRule]]]


def reason_sources(suggestion: Suggestion) -> list[Source]:
    """The sources behind the reasons given for a suggestion, each once."""
    platform = suggestion.platform
    found = [claim.source for claim in suggestion.claims]
    if Reason.PROFESSIONAL in suggestion.reasons:
        found.append(platform.channel.source)
    if Reason.SEARCH in suggestion.reasons and platform.search_visibility:
        found.append(platform.search_visibility.source)
    if Reason.INTERNATIONAL in suggestion.reasons and platform.international:
        found.append(platform.international.source)
    return list({(s.key, s.as_of): s for s in found}.values())


def reasons_text(suggestion: Suggestion, country: str) -> str:
    """The reasons as a sentence fragment each: "Widely used in Japan · Helps search visibility"."""
    texts = []
    for reason in suggestion.reasons:
        text = _(REASON_LABELS[reason]).format(country=country_name(country))
        if reason in (Reason.BLOCKED, Reason.RESTRICTED):
            claim = next((c for c in suggestion.claims if c.role.value == reason.value), None)
            if claim is not None:
                text = _("{reason} (as of {as_of})").format(reason=text, as_of=claim.source.as_of)
                if claim.note:
                    text = _("{reason}: {note}").format(reason=text, note=claim.note)
        texts.append(text)
    return " \u00b7 ".join(texts)


def sources_tooltip(sources: list[Source]) -> str:
    lines = []
    for source in sources:
        lines.append(_("Source: {title}, as of {as_of}").format(title=source.title, as_of=source.as_of))
        if source.url:
            lines.append(source.url)
    return "\n".join(lines)


class PresenceRow:
    """The widgets of one platform in one market's list: the tick, what it is, why, and the chosen presence's
    settings."""

    def __init__(self, draft: StrategyDraft, market: Market, platform_id: str, suggestion: Suggestion | None) -> None:
        self.draft = draft
        self.market = market
        self.platform_id = platform_id
        name = draft.catalogue.name(platform_id)
        platform: PlatformInfo | None = draft.catalogue.get(platform_id)
        self.unavailable = suggestion is not None and suggestion.unavailable
        where = _("{platform} in {market}").format(platform=name, market=market_label(market))

        self.check = QCheckBox(name)
        self.check.setAccessibleName(_("Keep a presence on {platform} in {market}").format(
            platform=name, market=market_label(market)))
        self.channel = QLabel(_(CHANNEL_LABELS[platform.channel_type]) if platform else "")
        self.channel.setWordWrap(True)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        if suggestion is not None:
            self.reasons.setText(reasons_text(suggestion, market.country))
            tooltip = sources_tooltip(reason_sources(suggestion))
        elif platform is not None and platform.founder_entry:
            self.reasons.setText(_("Your own entry"))
            tooltip = sources_tooltip([platform.channel.source])
        else:
            self.reasons.setText(_("Chosen by you; not among the suggestions for {country}").format(
                country=country_name(market.country)))
            tooltip = sources_tooltip(list(platform.sources())) if platform else ""
        for widget in (self.check, self.channel, self.reasons):
            widget.setToolTip(tooltip)
        self.check.setAccessibleDescription(self.reasons.text())
        if self.unavailable:
            self.check.setIcon(self.check.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))

        # the chosen presence's settings, shown under the row while it is ticked
        self.details = QWidget()
        self.scope_label = QLabel(_("Profile:"))
        self.scope = QComboBox()
        self.scope.setAccessibleName(_("Profile for {presence}").format(presence=where))
        for scope, label in PROFILE_SCOPE_LABELS.items():
            self.scope.addItem(_(label), scope.value)
        self.goal_label = QLabel(_("Goal:"))
        self.goal = QComboBox()
        self.goal.setAccessibleName(_("Goal of {presence}").format(presence=where))
        for objective in market.objectives or tuple(Objective):
            self.goal.addItem(_(OBJECTIVE_LABELS[objective]), objective.value)
        self.actor_label = QLabel(_("Run by:"))
        self.actor = QComboBox()
        self.actor.setAccessibleName(_("Who runs {presence}").format(presence=where))
        for caption, combo in ((self.scope_label, self.scope), (self.goal_label, self.goal),
                               (self.actor_label, self.actor)):
            caption.setBuddy(combo)
            # The three share the row's width (a long choice is shortened, its list shows it whole): at their
            # natural widths they push "Edit…" off a 1024-pixel screen in Dutch.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(DETAIL_CHOICE_LENGTH)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit_button = QPushButton(_("Edit\u2026"))
        self.edit_button.setAccessibleName(_("Edit what the catalogue says about {platform}").format(platform=name))
        self.edit_button.setToolTip(_("Your own name, type and good hours for this platform, kept in this plan only."))
        layout = QHBoxLayout(self.details)
        layout.setContentsMargins(24, 0, 0, 6)
        for part in (self.scope_label, self.scope, self.goal_label, self.goal, self.actor_label, self.actor):
            layout.addWidget(part, 1 if isinstance(part, QComboBox) else 0)
            if isinstance(part, QComboBox):
                layout.addSpacing(8)
        layout.addWidget(self.edit_button)

    def focus_chain(self) -> list[QWidget]:
        return [self.check, self.scope, self.goal, self.actor, self.edit_button]

    def show_presence(self, presence: Presence | None) -> None:
        for combo in (self.check, self.scope, self.goal, self.actor):
            combo.blockSignals(True)
        self.check.setChecked(presence is not None)
        self.details.setVisible(presence is not None)
        if presence is not None:
            self.scope.setCurrentIndex(self.scope.findData(presence.scope.value))
            self.goal.setCurrentIndex(max(self.goal.findData(presence.goal.value), 0))
            self.actor.clear()
            if self.draft.actor(presence.actor_id) is None:
                self.actor.addItem(_("Nobody yet"), "")
            for actor in self.draft.actors:
                self.actor.addItem(actor.name.strip() or _("(no name yet)"), actor.id)
                self.actor.setItemData(self.actor.count() - 1, actor_text(actor), Qt.ItemDataRole.ToolTipRole)
            self.actor.setCurrentIndex(max(self.actor.findData(presence.actor_id or ""), 0))
        for combo in (self.check, self.scope, self.goal, self.actor):
            combo.blockSignals(False)


class MarketPlatformsTab(QWidget):
    """One market's platforms: the suggestions and any other the founder chose, then ways to add more."""

    presences_changed = Signal()

    def __init__(self, draft: StrategyDraft, market_id: str, today: date, removed: RemovedPresences,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.market_id = market_id
        self.today = today
        self.removed = removed
        self.rows: dict[str, PresenceRow] = {}

        self.rows_widget = QWidget()
        self.grid = QGridLayout()
        self.grid.setColumnStretch(2, 1)
        self.grid.setHorizontalSpacing(16)
        rows_layout = QVBoxLayout(self.rows_widget)
        rows_layout.addLayout(self.grid)
        rows_layout.addStretch(1)
        scroll = vertical_scroll(self.rows_widget)

        self.other_label = QLabel(_("&Other platform:"))
        self.other_combo = CodeComboBox()
        self.other_combo.setAccessibleName(_("Other platform for {market}").format(market=self.market_name()))
        self.other_label.setBuddy(self.other_combo)
        self.add_other_button = QPushButton(_("A&dd"))
        self.add_other_button.setAccessibleName(
            _("Add the other platform to {market}").format(market=self.market_name()))
        self.own_button = QPushButton(_("Add your o&wn platform\u2026"))
        self.own_button.setToolTip(_("A network the catalogue does not know, with your own good days and hours."))
        adding = QHBoxLayout()
        adding.addWidget(self.other_label)
        adding.addWidget(self.other_combo)
        adding.addWidget(self.add_other_button)
        adding.addStretch(1)
        adding.addWidget(self.own_button)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(adding)

        self.other_combo.code_changed.connect(lambda code: self.add_other_button.setEnabled(bool(code)))
        self.add_other_button.clicked.connect(self.add_other)
        self.other_combo.on_enter(self.add_other)
        self.own_button.clicked.connect(self.add_own)
        self.fill()

    def market(self) -> Market:
        return self.draft.market(self.market_id)

    def market_name(self) -> str:
        return market_label(self.market())

    # --- filling from the draft ------------------------------------------------------------------------

    def fill(self, focus_platform: str | None = None) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows.clear()
        market = self.market()
        headings = (_("Platform"), _("Type"), _("Why it is suggested"))
        for column, text in enumerate(headings):
            heading = QLabel(text)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.grid.addWidget(heading, 0, column)
        suggestions = suggest_platforms(self.draft.catalogue, market)
        suggested = {s.platform.id for s in suggestions}
        others = [p.platform for p in self.draft.presences_of(self.market_id) if p.platform not in suggested]
        entries = [(s.platform.id, s) for s in suggestions] + [
            (platform_id, None) for platform_id in dict.fromkeys(others)]
        # what the founder chose comes first, in the suggestions' order
        chosen = {p.platform for p in self.draft.presences_of(self.market_id)}
        entries.sort(key=lambda entry: entry[0] not in chosen)
        for index, (platform_id, suggestion) in enumerate(entries):
            row = PresenceRow(self.draft, market, platform_id, suggestion)
            self.grid.addWidget(row.check, 1 + 2 * index, 0)
            self.grid.addWidget(row.channel, 1 + 2 * index, 1)
            self.grid.addWidget(row.reasons, 1 + 2 * index, 2)
            self.grid.addWidget(row.details, 2 + 2 * index, 0, 1, 3)
            row.show_presence(self.draft.presence_on(self.market_id, platform_id))
            row.check.toggled.connect(lambda on, r=row: self._ticked(r, on))
            row.scope.currentIndexChanged.connect(lambda _i, r=row: self._settings_chosen(r))
            row.goal.currentIndexChanged.connect(lambda _i, r=row: self._settings_chosen(r))
            row.actor.currentIndexChanged.connect(lambda _i, r=row: self._settings_chosen(r))
            row.edit_button.clicked.connect(lambda _checked=False, r=row: self.edit_platform(r.platform_id))
            self.rows[platform_id] = row
        listed = set(self.rows)
        self.other_combo.set_items(
            sorted(((p.id, p.name) for p in self.draft.catalogue.platforms if p.id not in listed),
                   key=lambda item: item[1].casefold()),
            placeholder=_("Choose\u2026"),
        )
        self.other_combo.set_code(None)
        self.add_other_button.setEnabled(False)
        chain = [w for row in self.rows.values() for w in row.focus_chain()]
        chain += [self.other_combo, self.add_other_button, self.own_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        if focus_platform in self.rows:
            self.rows[focus_platform].check.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- writing to the draft --------------------------------------------------------------------------

    def _ticked(self, row: PresenceRow, on: bool) -> None:
        key = (self.market_id, row.platform_id)
        existing = self.draft.presence_on(*key)
        if on and existing is None:
            if key in self.removed:
                self.draft.restore_presence(*self.removed.pop(key))
            if self.draft.presence_on(*key) is None:
                self.draft.add_presence(*key)
        elif not on and existing is not None:
            self.removed[key] = (existing, self.draft.rules_of(existing.id))
            self.draft.remove_presence(existing.id)
        row.show_presence(self.draft.presence_on(*key))
        self.presences_changed.emit()

    def _settings_chosen(self, row: PresenceRow) -> None:
        presence = self.draft.presence_on(self.market_id, row.platform_id)
        if presence is None:
            return
        presence = replace(
            presence,
            scope=ProfileScope(row.scope.currentData()),
            goal=Objective(row.goal.currentData()),
            actor_id=row.actor.currentData() or None,
        )
        self.draft.replace_presence(presence)
        if presence.actor_id and row.actor.itemData(0) == "":
            row.actor.blockSignals(True)
            row.actor.removeItem(0)  # "Nobody yet" goes once someone runs it
            row.actor.blockSignals(False)
        self.presences_changed.emit()

    def add_other(self) -> None:
        platform_id = self.other_combo.code()
        if platform_id and self.draft.presence_on(self.market_id, platform_id) is None:
            self.draft.add_presence(self.market_id, platform_id)
            self.fill(focus_platform=platform_id)
            self.presences_changed.emit()

    def edit_platform(self, platform_id: str) -> None:
        """The founder's own version of a catalogue entry (their hours, name or type), stored in the plan."""
        base = self.draft.catalogue.get(platform_id)
        if base is None:
            return
        edited = OwnPlatformDialog.ask(self, self.today, (), self.market().country, base=base)
        if edited is not None:
            self.draft.save_own_platform(edited)
            self.fill(focus_platform=platform_id)
            self.presences_changed.emit()

    def add_own(self) -> None:
        taken = [p.id for p in self.draft.catalogue.platforms]
        platform = OwnPlatformDialog.ask(self, self.today, taken, self.market().country)
        if platform is None:
            return
        self.draft.save_own_platform(platform)
        if self.draft.presence_on(self.market_id, platform.id) is None:
            self.draft.add_presence(self.market_id, platform.id)
        self.fill(focus_platform=platform.id)
        self.presences_changed.emit()


class PlatformsPage(DraftPage):
    """The networks that matter in each market, suggested with their reasons; the founder ticks the ones to keep
    alive."""

    page_id = PageId.PLATFORMS

    def __init__(self, draft: StrategyDraft, today: date, parent: QWidget | None = None) -> None:
        super().__init__(draft, today, parent)
        self.removed: RemovedPresences = {}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.no_markets = QLabel()
        self.no_markets.setWordWrap(True)
        self.workload_line = WorkloadLine()
        self.body.addWidget(self.no_markets)
        self.body.addWidget(self.tabs, 1)
        self.body.addWidget(self.workload_line)
        self.retranslate_ui()

    def market_tabs(self) -> list[MarketPlatformsTab]:
        return [tab for i in range(self.tabs.count()) if isinstance(tab := self.tabs.widget(i), MarketPlatformsTab)]

    def tab_of(self, market_id: str) -> MarketPlatformsTab:
        return next(tab for tab in self.market_tabs() if tab.market_id == market_id)

    def load(self) -> None:
        current = self.tabs.currentWidget()
        current_market = current.market_id if isinstance(current, MarketPlatformsTab) else None
        while self.tabs.count():
            old = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if old is not None:
                old.deleteLater()
        markets = sorted(self.draft.markets, key=lambda m: m.entry_order)
        for market in markets:
            tab = MarketPlatformsTab(self.draft, market.id, self.today, self.removed)
            tab.presences_changed.connect(self._presences_changed)
            self.tabs.addTab(tab, market_label(market))
            if market.id == current_market:
                self.tabs.setCurrentWidget(tab)
        self.no_markets.setVisible(not markets)
        self._show_state()

    def _presences_changed(self) -> None:
        self._show_state()
        self.changed()

    def _show_state(self) -> None:
        """Mark markets without a platform, and say what the chosen presences cost and what to watch."""
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index, tab in enumerate(self.market_tabs()):
            empty = not self.draft.presences_of(tab.market_id)
            ticked = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
            self.tabs.setTabIcon(index, warning if empty else ticked)
            self.tabs.setTabText(index, tab.market_name())
            self.tabs.setTabToolTip(index, _("No platform chosen yet") if empty else "")
        load = self.draft.workload()
        warnings = [w.text for w in self.draft.warnings() if w.page is PageId.PLATFORMS]
        lines = list(warnings)
        if load.presences and not load.over:
            lines.insert(0, _(
                "These presences need about {needed} h a week; your actors give {available} h (a first estimate)."
            ).format(needed=hours_text(load.needed_hours), available=hours_text(load.available_hours)))
        self.workload_line.show_text("\n".join(lines), bool(warnings))
        self.workload_line.setVisible(bool(lines))

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setSubTitle(_("The networks that matter in each market, and why. Tick only those you can keep alive: "
                           "an account opened and then abandoned harms the firm's image."))
        self.tabs.setAccessibleName(_("Markets"))
        self.no_markets.setText(_("No target market yet: add markets on page 2 first."))
