"""The open plan in the main window: the overview, Today, then the week, month, agenda and market-clock views.

One toolbar drives the calendar views alike: previous / today / next, go to a date, the reference zone, colour
by market or platform, and a filter by market, platform, status and warnings. Each view is built the first time
it is shown. What a command changed (`on_plan_changed`, connected to the app's one change signal) is applied at
once to the view on screen, and only where it shows it (a week that neither held nor holds a moved post is left
alone); the other views keep the changes and apply them when next shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from importlib import import_module
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.calendar_filter import CalendarFilter
from smplanner.domain.plan import POST_STATUS_LABELS, Post, PostStatus
from smplanner.domain.publishing import DEFAULT_DUE_DAYS
from smplanner.domain.strategy_draft import market_label
from smplanner.domain.timezones import zone
from smplanner.i18n import _
from smplanner.i18n.formatting import first_weekday, format_date, format_date_range, format_month, zone_city
from smplanner.services.changes import Changes
from smplanner.ui.calendar import ColourBy
from smplanner.ui.view_actions import (
    NAVIGATING_TABS,
    TAB_LABELS,
    TODAY_SHORTCUT,
    Tab,
    next_shortcuts,
    previous_shortcuts,
    shortcut_text,
)
from smplanner.ui.widgets.dates import DateEdit
from smplanner.ui.widgets.empty_hint import NO_POSTS_YET, EmptyHint

if TYPE_CHECKING:
    from smplanner.domain.post_tally import PostTally
    from smplanner.services.planning import PlanningService
    from smplanner.ui.calendar.agenda_view import AgendaView
    from smplanner.ui.calendar.month_view import MonthView
    from smplanner.ui.calendar.week_view import WeekView
    from smplanner.ui.plan_overview import PlanOverviewView

POST_TABS = frozenset({Tab.OVERVIEW, Tab.TODAY, Tab.WEEK, Tab.MONTH, Tab.AGENDA, Tab.WORKLOAD})
"""The tabs that show posts (the market clocks show hours, not posts)."""
UPCOMING_POSTS = 200
"""How many of the next posts the overview lists."""
HOLIDAY_TABS = frozenset({Tab.WEEK, Tab.MONTH, Tab.AGENDA, Tab.CLOCKS})
"""The tabs that show holidays, or warnings that depend on them."""


def _load_workload_tab() -> None:
    """Import the Workload tab's modules (the tab itself is made when first shown)."""
    import_module("smplanner.ui.workload.upkeep_views")
    import_module("smplanner.domain.upkeep")


class CalendarArea(QWidget):
    """The plan's views under one toolbar. It reads through the service and hands each view a computed layout."""

    post_activated = Signal(str)  # open this post in the editor
    slot_activated = Signal(object)  # create a post at this aware datetime
    post_moved = Signal(str, object)  # post id, new aware datetime
    delete_requested = Signal(list)  # post ids
    market_days_requested = Signal(str)  # a market id: its holidays and events
    workload_settings_changed = Signal(object)  # new WorkloadSettings to store
    wizard_requested = Signal()
    fix_requested = Signal(str, str, str)  # a post id, the PostWarning to fix, the FixScope
    option_applied = Signal(object)  # a workload Option to apply to the plan
    publish_requested = Signal(str)  # mark this post published (Today)
    skip_requested = Signal(str)
    reopen_requested = Signal(str)  # make a published or skipped post due again
    new_post_requested = Signal()

    def __init__(self, overview: PlanOverviewView, clock: Callable[[], datetime], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.service: PlanningService | None = None
        self.overview = overview
        self._clock = clock
        self.anchor: date = clock().date()
        self.reference_zone: str | None = None
        self.calendar_filter = CalendarFilter()
        self._dirty: set[Tab] = set(Tab)  # tabs to fill again entirely when next shown
        self._pending: dict[Tab, Changes] = {}  # changes of listed posts each built tab has not applied yet
        self._workload_tally: PostTally | None = None  # the posts as the workload tab last counted them
        self._plan = None
        self._holiday_notes: list[str] = []  # what the holiday data does not know about the markets
        self._period_texts: dict[Tab, str] = {}

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(overview, "")
        for _tab in (Tab.TODAY, Tab.WEEK, Tab.MONTH, Tab.AGENDA, Tab.CLOCKS, Tab.WORKLOAD):
            placeholder = QWidget()
            placeholder.setLayout(QVBoxLayout())
            self.tabs.addTab(placeholder, "")
        self.views: dict[Tab, QWidget] = {}
        self._hints: dict[Tab, EmptyHint] = {}  # the empty-state sentence over each view that may show no post
        self.today_days = DEFAULT_DUE_DAYS
        self.previous_button = QToolButton()
        self.today_button = QPushButton()
        self.next_button = QToolButton()
        self.previous_button.setArrowType(self.previous_button.arrowType().LeftArrow)
        self.next_button.setArrowType(self.next_button.arrowType().RightArrow)
        self.date_edit = DateEdit()
        self.period_label = QLabel()
        self.zone_label = QLabel()
        self.zone_combo = QComboBox()
        self.zone_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.colour_by = ColourBy.MARKET
        self.colour_button = QToolButton()  # a menu, not a box: the row beside the period has no room for a box
        self.colour_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.colour_menu = QMenu(self)
        colours = QActionGroup(self)
        self.colour_actions: dict[ColourBy, QAction] = {}
        for colour_by in ColourBy:
            action = self.colour_menu.addAction("")
            action.setCheckable(True)
            action.setChecked(colour_by is self.colour_by)
            action.triggered.connect(lambda _checked, colour_by=colour_by: self._colour_chosen(colour_by))
            colours.addAction(action)
            self.colour_actions[colour_by] = action
        self.colour_button.setMenu(self.colour_menu)
        self.filter_button = QToolButton()
        self.filter_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.filter_menu = QMenu(self)
        self.filter_button.setMenu(self.filter_menu)
        self.days_button = QToolButton()
        self.days_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.days_menu = QMenu(self)
        self.days_button.setMenu(self.days_menu)
        self.toolbar = QWidget()  # where the views go: the period, and the zone their times are in
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(8, 4, 8, 4)
        for widget in (self.previous_button, self.today_button, self.next_button, self.date_edit, self.period_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        for right in (self.zone_label, self.zone_combo, self.colour_button):
            bar.addWidget(right)
        # What every calendar view shows sits beside the tabs, where the row has room for these two buttons: with
        # the colours too, the tabs would scroll at 1024 pixels in French.
        self.view_tools = QWidget()
        tools = QHBoxLayout(self.view_tools)
        tools.setContentsMargins(0, 0, 8, 2)
        for tool in (self.filter_button, self.days_button):
            tools.addWidget(tool)
        self.tabs.setCornerWidget(self.view_tools, Qt.Corner.TopRightCorner)

        self.holiday_data_note = QLabel()
        self.holiday_data_note.setObjectName("holidayDataNote")
        self.holiday_data_note.setWordWrap(True)
        self.holiday_data_note.setContentsMargins(8, 2, 8, 2)
        self.holiday_data_note.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.holiday_data_note)
        layout.addWidget(self.tabs, 1)

        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.go_today)
        self.date_edit.dateChanged.connect(lambda _d: self.go_to(self.date_edit.day()))
        self.zone_combo.currentIndexChanged.connect(self._zone_chosen)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._show_anchor()
        self.retranslate_ui()
        self._tab_changed(self.tabs.currentIndex())

    def _show_anchor(self) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.set_day(self.anchor)
        self.date_edit.blockSignals(False)

    # -- the plan -----------------------------------------------------------------------------------------

    def set_service(self, service) -> None:
        """Show this open plan (a PlanningService), or nothing."""
        self.service = service
        self._plan = None
        self.anchor = self.first_day()
        self._show_anchor()
        self.calendar_filter = CalendarFilter()
        self.reference_zone = None
        self._fill_choices()
        self.invalidate()
        if service is not None:
            # The Workload tab's code loads once the plan is on screen (as writing's does, see MainWindow): some
            # 50 ms of modules its first show would otherwise wait for.
            QTimer.singleShot(0, _load_workload_tab)

    def first_day(self) -> date:
        """Where the calendar opens: today, or the plan's first day when it starts later."""
        today = self._clock().date()
        if self.service is None:
            return today
        return max(today, self._open_plan.plan().strategy.period_start)

    def invalidate(self) -> None:
        """Show everything again: the view on screen now, the others when next shown."""
        self._plan = None
        self._dirty = set(Tab)
        self._pending.clear()
        self._show_holiday_data_note()
        self.refresh()

    def on_plan_changed(self, changes: Changes) -> None:
        """What a command changed: the view on screen updates what it shows of it now, the others when next shown."""
        if self.service is None:
            return
        whole: set[Tab] = set()
        if changes.everything or changes.firm or changes.decisions:
            whole = set(Tab)
            self._plan = None
            self._fill_choices()
            self._show_holiday_data_note()
        if changes.holidays:
            whole |= HOLIDAY_TABS
        if changes.settings:
            whole.add(Tab.WORKLOAD)
        if changes.posts:
            whole |= POST_TABS
        self._dirty |= whole
        for tab in whole:
            self._pending.pop(tab, None)
        if changes.post_changes:
            listed = Changes(post_changes=changes.post_changes)
            for tab in POST_TABS - self._dirty:
                earlier = self._pending.get(tab)
                self._pending[tab] = listed if earlier is None else earlier.merged(listed)
        self.refresh()

    def _show_holiday_data_note(self) -> None:
        """Where the holiday data knows nothing of a market's years, the calendar says so instead of showing none."""
        from smplanner.services.holidays import holiday_data_notes

        notes: list[str] = [] if self.service is None else [
            note for found in holiday_data_notes(self.plan(), hints=False).values() for note in found]
        self._holiday_notes = notes
        self.holiday_data_note.setText("\n".join("\u2139 " + note for note in notes))
        self.holiday_data_note.setVisible(bool(notes) and self.toolbar.isVisibleTo(self))

    def current_tab(self) -> Tab:
        return Tab(self.tabs.currentIndex())

    def show_tab(self, tab: Tab) -> None:
        self.tabs.setCurrentIndex(tab)

    @property
    def _open_plan(self) -> PlanningService:
        """The open plan's service: the views are filled only while a plan is open."""
        assert self.service is not None
        return self.service

    def plan(self):
        """The open plan's decisions, read once per change of the plan."""
        if self._plan is None:
            self._plan = self._open_plan.plan()
        return self._plan

    def _plan_zone(self) -> str:
        assert self.service is not None
        return self.reference_zone or self.plan().firm.home_zone

    def _fill_choices(self) -> None:
        self.zone_combo.blockSignals(True)
        self.zone_combo.clear()
        self.filter_menu.clear()
        self.days_menu.clear()
        if self.service is not None:
            plan = self._open_plan.plan()
            home = plan.firm.home_zone
            self.zone_combo.addItem(_("Home \u2014 {zone}").format(zone=zone_city(home)), home)
            seen = {plan.firm.home_zone}
            for market in plan.markets:
                action = self.days_menu.addAction(market_label(market))
                action.triggered.connect(lambda _checked=False, market_id=market.id:
                                         self.market_days_requested.emit(market_id))
                if market.zone not in seen:
                    seen.add(market.zone)
                    text = "{market} \u2014 {zone}".format(market=market_label(market), zone=zone_city(market.zone))
                    self.zone_combo.addItem(text, market.zone)
            self._fill_filter_menu(plan)
        self.zone_combo.blockSignals(False)

    def _fill_filter_menu(self, plan) -> None:
        catalogue = plan.catalogue()
        self.filter_menu.addSection(_("Markets"))
        for market in plan.markets:
            self._filter_action(market_label(market), "markets", market.id)
        self.filter_menu.addSection(_("Platforms"))
        for platform_id in sorted({p.platform for p in plan.presences}, key=lambda p: catalogue.name(p).casefold()):
            self._filter_action(catalogue.name(platform_id), "platforms", platform_id)
        self.filter_menu.addSection(_("Status"))
        for status in PostStatus:
            self._filter_action(_(POST_STATUS_LABELS[status]), "statuses", status)
        self.filter_menu.addSeparator()
        warnings_only = self.filter_menu.addAction(_("Only posts with warnings"))
        warnings_only.setCheckable(True)
        warnings_only.toggled.connect(self._warnings_only)
        self.filter_menu.addSeparator()
        self.filter_menu.addAction(_("Show everything"), self.clear_filter)

    def _filter_action(self, text: str, field: str, value: object) -> None:
        action = self.filter_menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(value in getattr(self.calendar_filter, field))
        action.toggled.connect(lambda on, field=field, value=value: self._toggle_filter(field, value, on))

    def _toggle_filter(self, field: str, value: object, on: bool) -> None:
        from dataclasses import replace

        chosen = set(getattr(self.calendar_filter, field))
        chosen.add(value) if on else chosen.discard(value)
        values: dict[str, Any] = {field: frozenset(chosen)}
        self.set_filter(replace(self.calendar_filter, **values))

    def _warnings_only(self, on: bool) -> None:
        from dataclasses import replace

        self.set_filter(replace(self.calendar_filter, warnings_only=on))

    def set_filter(self, calendar_filter: CalendarFilter) -> None:
        self.calendar_filter = calendar_filter
        self._update_filter_text()
        self.invalidate()

    def clear_filter(self) -> None:
        self.calendar_filter = CalendarFilter()
        if self.service is not None:
            self.filter_menu.clear()
            self._fill_filter_menu(self._open_plan.plan())
        self._update_filter_text()
        self.invalidate()

    def _update_filter_text(self) -> None:
        self.filter_button.setText(_("Filter") if self.calendar_filter.is_empty else _("Filter (on)"))

    # -- navigation -----------------------------------------------------------------------------------------

    def step(self, direction: int) -> None:
        tab = self.current_tab()
        if tab is Tab.MONTH:
            month = self.anchor.replace(day=1)
            target = (month + timedelta(days=32 * direction if direction > 0 else -1)).replace(day=1)
            self.go_to(target)
        elif tab is Tab.CLOCKS:
            self.go_to(self.anchor + timedelta(days=direction))
        else:
            self.go_to(self.anchor + timedelta(days=7 * direction))

    def go_today(self) -> None:
        self.go_to(self._clock().date())

    def go_to(self, day: date) -> None:
        if day == self.anchor and self.date_edit.day() == day:
            return
        self.anchor = day
        self._show_anchor()
        self._dirty |= {Tab.WEEK, Tab.MONTH, Tab.CLOCKS}
        self.refresh()

    def _zone_chosen(self, _index: int) -> None:
        self.reference_zone = self.zone_combo.currentData()
        self._dirty |= {Tab.WEEK, Tab.MONTH, Tab.CLOCKS}
        self.refresh()

    def _colour_chosen(self, colour_by: ColourBy) -> None:
        self.colour_by = colour_by
        self.colour_actions[colour_by].setChecked(True)
        self.colour_button.setToolTip(self.colour_actions[colour_by].text())
        for tab in (Tab.WEEK, Tab.MONTH):
            if tab in self.views:
                self._painted(tab).set_colour_by(colour_by)

    def _tab_changed(self, index: int) -> None:
        calendar = Tab(index) not in (Tab.OVERVIEW, Tab.TODAY, Tab.WORKLOAD)
        # the agenda shows each post's market time and the founder's: no period, no reference zone
        self.toolbar.setVisible(Tab(index) in NAVIGATING_TABS)
        self.view_tools.setVisible(calendar)
        self.holiday_data_note.setVisible(calendar and bool(self._holiday_notes))
        self.colour_button.setVisible(Tab(index) in (Tab.WEEK, Tab.MONTH))
        self.refresh()
        self.period_label.setText(self._period_texts.get(Tab(index), ""))

    # -- building and filling the views ----------------------------------------------------------------------

    def _view(self, tab: Tab) -> QWidget:
        view = self.views.get(tab)
        if view is None:
            view = self._build(tab)
            holder = self.tabs.widget(tab)
            layout = holder.layout() if holder is not None else None
            assert layout is not None, "every tab holds its view in a layout"
            shown = view
            if tab is Tab.CLOCKS:
                shown = QScrollArea()
                shown.setWidgetResizable(True)
                shown.setWidget(view)
            layout.addWidget(shown)
            shown.show()  # now: the layout would show it after the first paint, and all would be painted again
            layout.setContentsMargins(0, 0, 0, 0)
            self.views[tab] = view
        return view

    def _build(self, tab: Tab) -> QWidget:
        """A tab's view, its signals relayed."""
        if tab in (Tab.WEEK, Tab.MONTH):
            return self._build_painted(tab)
        if tab is Tab.AGENDA:
            from smplanner.ui.calendar.agenda_view import AgendaView

            agenda = AgendaView()
            self._relay_post_requests(agenda)
            self._hints[tab] = EmptyHint(agenda.table.viewport())
            for signal in (agenda.model.modelReset, agenda.model.rowsInserted, agenda.model.rowsRemoved,
                           agenda.model.layoutChanged):
                signal.connect(lambda *_args: self._hint_agenda())
            return agenda
        if tab is Tab.TODAY:
            from smplanner.ui.today_view import TodayView

            today = TodayView(self.today_days)
            for signal, relay in ((today.publish_requested, self.publish_requested),
                                  (today.skip_requested, self.skip_requested),
                                  (today.reopen_requested, self.reopen_requested),
                                  (today.post_activated, self.post_activated),
                                  (today.new_post_requested, self.new_post_requested),
                                  (today.wizard_requested, self.wizard_requested)):
                signal.connect(relay)
            today.days_changed.connect(self._today_days_changed)
            today.stale.connect(lambda: self._refill(Tab.TODAY))
            return today
        if tab is Tab.WORKLOAD:
            from smplanner.ui.workload.workload_panel import WorkloadPanel

            panel = WorkloadPanel()
            panel.settings_changed.connect(self.workload_settings_changed)
            panel.wizard_requested.connect(self.wizard_requested)
            panel.option_applied.connect(self.option_applied)
            return panel
        from smplanner.ui.calendar.market_clocks_view import MarketClocksView

        return MarketClocksView()

    def _build_painted(self, tab: Tab) -> WeekView | MonthView:
        view: WeekView | MonthView
        if tab is Tab.WEEK:
            from smplanner.ui.calendar.week_view import WeekView

            view = WeekView(clock=self._clock)
            view.post_moved.connect(self.post_moved)
        else:
            from smplanner.ui.calendar.month_view import MonthView

            view = MonthView(clock=self._clock)
            view.day_requested.connect(self._open_week_of)
        self._relay_post_requests(view)
        view.slot_activated.connect(self.slot_activated)
        view.set_colour_by(self.colour_by)
        self._hints[tab] = EmptyHint(view)
        return view

    def _relay_post_requests(self, view: WeekView | MonthView | AgendaView) -> None:
        view.post_activated.connect(self.post_activated)
        view.delete_requested.connect(self.delete_requested)
        view.fix_requested.connect(self.fix_requested)

    def _painted(self, tab: Tab) -> WeekView | MonthView:
        """The week's or the month's view, once built."""
        return cast("WeekView | MonthView", self.views[tab])

    def _agenda(self) -> AgendaView:
        return cast("AgendaView", self.views[Tab.AGENDA])

    def _today_days_changed(self, days: int) -> None:
        self.today_days = days
        self._refill(Tab.TODAY)

    def _refill(self, tab: Tab) -> None:
        """Fill a tab again from the plan (now if it is on screen, else when next shown)."""
        self._dirty.add(tab)
        self.refresh()

    def _open_week_of(self, day: date) -> None:
        self.anchor = day
        self.show_tab(Tab.WEEK)
        self.go_to(day)

    def refresh(self) -> None:
        """Bring the view on screen up to date: fill it again, or apply the changes it has not seen."""
        tab = self.current_tab()
        if self.service is None:
            return
        pending = self._pending.pop(tab, None)
        if tab not in self._dirty:
            if pending is not None:
                self._apply_post_changes(tab, pending)
            return
        self._dirty.discard(tab)
        if tab is Tab.OVERVIEW:
            self._fill_overview()
            return
        view = self._view(tab)
        if tab is Tab.TODAY:
            self._fill_today(view)
        elif tab is Tab.WEEK:
            self._fill_week(view)
        elif tab is Tab.MONTH:
            self._fill_month(view)
        elif tab is Tab.WORKLOAD:
            self._workload_tally = self._open_plan.post_tally(now=self._clock().astimezone(UTC), plan=self.plan())
            self._show_workload(view)
        elif tab is Tab.AGENDA:
            self._agenda().set_service(self.service, self.calendar_filter)
            self._hint_agenda()
        else:
            self._fill_clocks(view)

    def _apply_post_changes(self, tab: Tab, changes: Changes) -> None:
        """Update one built tab for posts changed one by one: only where it shows them."""
        if tab is Tab.OVERVIEW:
            if self._overview_shows(changes):
                self._fill_overview(posts_only=True)
        elif tab in (Tab.WEEK, Tab.MONTH):
            self._patch_calendar(tab, changes)
        elif tab is Tab.AGENDA:
            self._agenda().on_plan_changed(changes)
        elif tab is Tab.TODAY:
            self._patch_today(self.views[tab], changes)
        elif tab is Tab.WORKLOAD and self._workload_tally is not None:
            self._workload_tally = self._open_plan.recount(self._workload_tally, changes)
            self._show_workload(self.views[tab])

    def _show_workload(self, view) -> None:
        """The workload of the posts as last counted (only the weeks an edit touched are counted again)."""
        assert self._workload_tally is not None
        plan = self.plan()
        upkeep = self._open_plan.upkeep_of(self._workload_tally, plan)
        view.set_report(plan, upkeep.report, upkeep.findings, self._open_plan.workload_settings(), upkeep.log,
                        upkeep.mix)

    def _patch_calendar(self, tab: Tab, changes: Changes) -> None:
        """Put the changed posts where they now fall in the week or month shown (only the days they left and
        joined are laid out and painted again); a week or month they never touch is left alone."""
        from smplanner.domain.calendar_layout import month_with_posts, week_with_posts

        first, last = self._shown_days(tab)
        touched = [change for change in changes.post_changes
                   if any(self._in_days(instant, first, last) for instant in change.instants)]
        if not touched:
            return
        plan = self.plan()
        added = [change.after for change in touched if change.after is not None]
        advice = self._open_plan.advice_of(added, plan)
        added = [post for post in added if self.calendar_filter.matches(post, advice[post.id].warnings)]
        removed = {change.post_id for change in touched}
        view: Any = self.views[tab]  # the week's or the month's, each patched on its own layout the same way
        layout = view.week() if tab is Tab.WEEK else view.month()
        patch: Callable[..., Any] = week_with_posts if tab is Tab.WEEK else month_with_posts
        patched = None if layout is None else patch(layout, removed, added, advice, plan, plan.catalogue())
        if patched is None:
            self._dirty.add(tab)
            self.refresh()
        else:
            view.set_layout(*patched)
            self._hints[tab].say(self._empty_text(len(patched[0].tiles), tab))

    def _shown_days(self, tab: Tab) -> tuple[date, date]:
        """The reference-zone days the week or month view shows."""
        if tab is Tab.WEEK:
            week_start = self.anchor - timedelta(days=(self.anchor.weekday() - first_weekday()) % 7)
            return week_start, week_start + timedelta(days=6)
        from smplanner.domain.calendar_layout import MONTH_WEEKS, month_grid_start

        grid_start = month_grid_start(self.anchor, first_weekday())
        return grid_start, grid_start + timedelta(weeks=MONTH_WEEKS, days=-1)

    def _in_days(self, instant: datetime, first: date, last: date) -> bool:
        return first <= instant.astimezone(zone(self._plan_zone())).date() <= last

    def _overview_shows(self, changes: Changes) -> bool:
        """Whether posts changed one by one change what the overview shows: its next posts, or the posts' count."""
        if any(change.before is None or change.after is None for change in changes.post_changes):
            return True
        shown = self.overview.posts_model.posts()
        now = self._clock().astimezone()
        horizon = shown[-1].instant if len(shown) >= UPCOMING_POSTS else None
        return any(now <= instant and (horizon is None or instant <= horizon)
                   for change in changes.post_changes for instant in change.instants)

    def _fill_overview(self, posts_only: bool = False) -> None:
        overview = self.overview
        summary = self._open_plan.summary()
        upcoming = self._open_plan.upcoming_posts(self._clock().astimezone(), limit=UPCOMING_POSTS)
        if posts_only:
            overview.show_posts(summary, upcoming)
        else:
            overview.show_plan(summary, upcoming)

    def _empty_text(self, shown: int, tab: Tab) -> str:
        """What an empty view says: how to get posts into a plan without any, or where the plan's posts are."""
        if shown:
            return ""
        summary = self._open_plan.summary()
        if summary.post_count == 0:
            return _(NO_POSTS_YET)
        if tab is Tab.AGENDA:
            return _("No post here: the filter or the search leaves none. Show everything to see the plan's "
                     "{count} posts.").format(count=summary.post_count)
        assert summary.first_post is not None and summary.last_post is not None
        home = zone(self._plan_zone())
        first, last = (summary.first_post.instant.astimezone(home).date(),
                       summary.last_post.instant.astimezone(home).date())
        if tab is Tab.WEEK:
            text = _("No post this week. The plan's posts run from {first} to {last}.")
        else:
            text = _("No post this month. The plan's posts run from {first} to {last}.")
        if not self.calendar_filter.is_empty:
            text = _("{text} The filter is on.").format(text=text)
        return text.format(first=format_date(first), last=format_date(last))

    def _hint_agenda(self) -> None:
        if Tab.AGENDA in self.views and self.service is not None:
            self._hints[Tab.AGENDA].say(self._empty_text(self._agenda().model.rowCount(), Tab.AGENDA))

    def _fill_today(self, view) -> None:
        from smplanner.domain.publishing import due_window
        from smplanner.ui.today_view import OVERDUE_SHOWN

        plan = self.plan()
        now = self._clock().astimezone()
        due = self._open_plan.due_posts(now, self.today_days, overdue_limit=OVERDUE_SHOWN)
        _start, end = due_window(now, plan.firm.home_zone, self.today_days)
        following = self._open_plan.upcoming_posts(end, limit=1)
        view.set_due(plan, due, now, following[0] if following else None, self._open_plan.count_posts(),
                     overdue_count=self._open_plan.count_overdue(now))

    def _patch_today(self, view, changes: Changes) -> None:
        """Today for posts changed one by one, as of the moment it was last read: the changed posts leave the list
        and join it where they now belong; the overdue posts are read again only when a change touches them."""
        from smplanner.domain.publishing import due_posts, due_window
        from smplanner.ui.today_view import OVERDUE_SHOWN

        plan = self.plan()
        shown_plan, now, overdue_count = view.shown_as_of
        if now is None or shown_plan is not plan:
            self._refill(Tab.TODAY)
            return
        start, end = due_window(now, plan.firm.home_zone, self.today_days)

        def overdue(post: Post | None) -> bool:
            return post is not None and not post.is_done and post.instant < now

        def listed(post: Post | None) -> bool:
            return post is not None and (overdue(post) or start <= post.instant < end)

        touched = [change for change in changes.post_changes if listed(change.before) or listed(change.after)]
        if not touched:
            return
        changed = {change.post_id for change in touched}
        posts = {due.post.id: due.post for due in view.listed() if due.post.id not in changed}
        if any(overdue(post) for change in touched for post in change.posts):
            overdue_count, latest = self._open_plan.overdue_posts(now, OVERDUE_SHOWN)
            posts = {post_id: post for post_id, post in posts.items() if not overdue(post)}
            posts.update((post.id, post) for post in latest)
        posts.update((change.post_id, change.after) for change in touched
                     if change.after is not None and start <= change.after.instant < end)
        due = due_posts(posts.values(), now, plan.firm.home_zone, self.today_days)
        if not due:
            self._refill(Tab.TODAY)  # the list says when the next post is: read it
            return
        view.set_due(plan, due, now, None, self._open_plan.count_posts(), overdue_count=overdue_count)

    def _set_period(self, tab: Tab, text: str) -> None:
        self._period_texts[tab] = text
        if self.current_tab() is tab:
            self.period_label.setText(text)

    def _posts(self, first: date, last: date):
        """Posts whose instant falls from first to last (reference-zone dates): those the week or month lays out."""
        reference = zone(self._plan_zone())
        start = datetime.combine(first, time(), tzinfo=reference)
        end = datetime.combine(last + timedelta(days=1), time(), tzinfo=reference)
        found = self._open_plan.posts_with_advice(start, end, self.calendar_filter, self.plan())
        return [post for post, _advice in found], {post.id: advice for post, advice in found}

    def _fill_week(self, view) -> None:
        from smplanner.domain.calendar_layout import week_layout

        plan = self.plan()
        week_start, last = self._shown_days(Tab.WEEK)
        posts, advice = self._posts(week_start, last)
        holidays = self._open_plan.holidays_in(week_start - timedelta(days=1), last + timedelta(days=1), plan=plan)
        layout = week_layout(posts, advice, plan, self._plan_zone(), week_start, holidays, catalogue=plan.catalogue())
        view.set_layout(layout)
        self._hints[Tab.WEEK].say(self._empty_text(len(layout.tiles), Tab.WEEK))
        self._set_period(Tab.WEEK, format_date_range(week_start, last))

    def _fill_month(self, view) -> None:
        from smplanner.domain.calendar_layout import month_layout

        plan = self.plan()
        month = self.anchor.replace(day=1)
        first, last = self._shown_days(Tab.MONTH)
        posts, advice = self._posts(first, last)
        holidays = self._open_plan.holidays_in(first, last, plan=plan)
        layout = month_layout(posts, advice, plan, self._plan_zone(), month, holidays, catalogue=plan.catalogue())
        view.set_layout(layout)
        self._hints[Tab.MONTH].say(self._empty_text(len(layout.tiles), Tab.MONTH))
        self._set_period(Tab.MONTH, format_month(month))

    def _fill_clocks(self, view) -> None:
        from smplanner.domain.calendar_layout import market_clocks

        plan = self.plan()
        view.set_rows(market_clocks(plan, self.anchor, self._plan_zone(), catalogue=plan.catalogue()))
        self._set_period(Tab.CLOCKS, "")  # the view's own title gives the day, in full

    # -- words ----------------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        for tab, text in TAB_LABELS.items():
            self.tabs.setTabText(tab, _(text))
        self.previous_button.setToolTip(
            _("Previous ({shortcut})").format(shortcut=shortcut_text(previous_shortcuts())))
        self.previous_button.setAccessibleName(_("Previous"))
        self.next_button.setToolTip(_("Next ({shortcut})").format(shortcut=shortcut_text(next_shortcuts())))
        today = shortcut_text([QKeySequence(TODAY_SHORTCUT)])
        self.today_button.setToolTip(_("Today ({shortcut})").format(shortcut=today))
        self.next_button.setAccessibleName(_("Next"))
        self.today_button.setText(_("&Today"))
        self.date_edit.setAccessibleName(_("Go to date"))
        self.date_edit.setToolTip(_("Go to date"))
        self.zone_label.setText(_("Times in:"))
        self.zone_label.setBuddy(self.zone_combo)
        self.zone_combo.setAccessibleName(_("Reference time zone"))
        self.colour_actions[ColourBy.MARKET].setText(_("Colour by market"))
        self.colour_actions[ColourBy.PLATFORM].setText(_("Colour by platform"))
        self.colour_button.setText(_("Colours"))
        self.colour_button.setToolTip(self.colour_actions[self.colour_by].text())
        self.colour_button.setAccessibleName(_("Colour of the posts"))
        self._update_filter_text()
        self.filter_button.setAccessibleName(_("Filter the posts"))
        self.days_button.setText(_("Holidays and events"))
        self.days_button.setToolTip(_("See and correct a market's public holidays; add your own dated events."))
        if self.service is not None:
            self._fill_choices()
        self._dirty = set(Tab)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
