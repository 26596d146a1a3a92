"""Page 7: frequency and calendar — the plan period, each presence's cadences at good local hours, and the holidays."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.catalogue import SCHEDULING_LABELS, TIMES_BASIS_LABELS, PostingTimes, Scheduling, TimesBasis
from smplanner.domain.plan import CadenceRule, HolidayPolicy, LanguageMode, Presence
from smplanner.domain.strategy_draft import PageId, market_label
from smplanner.domain.strategy_review import HOLIDAY_POLICY_LABELS, weekday_list
from smplanner.domain.time_suggestions import suggest_days
from smplanner.i18n import _, ngettext
from smplanner.i18n.formatting import (
    format_date,
    format_number,
    format_time,
    format_time_range,
    language_name,
    week_order,
    weekday_name,
    zone_city,
)
from smplanner.services.holidays import corrected_holidays
from smplanner.ui.widgets.dates import DateEdit, TimeEdit
from smplanner.ui.widgets.hint_label import HintLabel
from smplanner.ui.widgets.pickers import CodeComboBox
from smplanner.ui.widgets.scrolling import vertical_scroll
from smplanner.ui.widgets.wrapped_rows import WrappedRows
from smplanner.ui.wizard.pages.base import DraftPage
from smplanner.ui.wizard.pages.language_page import chain_tab_order

MAX_TIMES_PER_DAY = 2
# A ticked day must stand out in every style and theme: the palette's highlight, not a fixed colour.
DAY_BUTTON_STYLE = (
    "QToolButton { padding: 2px 6px; }"
    "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text); "
    "border: 1px solid palette(dark); border-radius: 3px; }"
)
MAX_INTERVAL_WEEKS = 12


def posts_a_week(count: float) -> str:
    """ "3 posts a week", "0.5 posts a week": the count may be a fraction when a cadence skips weeks."""
    plural_count = int(count) if count == int(count) else int(count) + (1 if count > 1 else 0)
    return ngettext("{count} post a week", "{count} posts a week", plural_count).format(
        count=format_number(round(count, 2))
    )


def good_hours_text(times: PostingTimes) -> str:
    """The platform's good days and windows as one line, e.g. "Tue, Wed, Thu · 09:00–11:00, 13:00–14:00"."""
    if times.basis is TimesBasis.NO_PUBLISHED_DATA or not times.windows:
        return _("No good hours known for this platform")
    windows = ", ".join(format_time_range(start, end) for start, end in times.windows)
    if not times.days:
        return _("Good hours, local time: {windows}").format(windows=windows)
    return _("Good hours, local time: {days} \u00b7 {windows}").format(
        days=weekday_list(times.days), windows=windows
    )


class PageWarnings(QListWidget):
    """What the founder should weigh before going on; never blocks. Hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 8)
        self.setVisible(False)

    def show_warnings(self, texts: list[str]) -> None:
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        self.clear()
        for text in texts:
            self.addItem(QListWidgetItem(icon, text))
        self.setVisible(bool(texts))


class CadenceEditor(QFrame):
    """One cadence of a presence: days, local times, every N weeks, language, type of content, holiday policy."""

    def __init__(self, page: CalendarPage, rule_id: str) -> None:
        super().__init__()
        self.page = page
        self.rule_id = rule_id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.day_buttons: list[QToolButton] = []
        days = QHBoxLayout()
        days.setSpacing(2)
        for _day in range(7):  # by weekday, 0 = Monday; shown in the locale's week order
            button = QToolButton()
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setStyleSheet(DAY_BUTTON_STYLE)
            button.toggled.connect(self._on_days)
            self.day_buttons.append(button)
        for day in week_order():
            days.addWidget(self.day_buttons[day])
        days.addStretch(1)
        self.times_row = QHBoxLayout()
        self.times_row.setSpacing(4)
        self.time_edits: list[TimeEdit] = []
        self.remove_time_buttons: list[QToolButton] = []
        self.add_time_button = QToolButton()
        self.add_time_button.setText("+")
        self.add_time_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.add_time_button.clicked.connect(self.add_time)
        self.zone_label = HintLabel()
        self.zone_label.setWordWrap(False)
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(1, MAX_INTERVAL_WEEKS)
        self.interval_spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.interval_spin.valueChanged.connect(self._on_interval)
        self.language_combo = CodeComboBox(searchable=False)
        self.language_combo.setMinimumContentsLength(10)
        self.language_combo.code_changed.connect(self._on_language)
        self.type_combo = CodeComboBox(searchable=False)
        self.type_combo.setMinimumContentsLength(10)
        self.type_combo.currentIndexChanged.connect(self._on_type)
        self.holiday_combo = CodeComboBox(searchable=False)
        self.holiday_combo.setSizeAdjustPolicy(CodeComboBox.SizeAdjustPolicy.AdjustToContents)
        self.holiday_combo.code_changed.connect(self._on_holiday)
        self.suggest_button = QPushButton()
        self.suggest_button.clicked.connect(self.suggest_times)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.suggestion.setVisible(False)
        self.posts_label = QLabel()
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(lambda: self.page.remove_rule(self.rule_id))

        self.labels = [QLabel() for _label in range(6)]
        times = QHBoxLayout()
        times.addLayout(self.times_row)
        times.addWidget(self.add_time_button)
        times.addWidget(self.zone_label)
        times.addStretch(1)
        grid = QGridLayout(self)
        grid.addWidget(self.labels[0], 0, 0)
        grid.addLayout(days, 0, 1, 1, 3)
        grid.addWidget(self.labels[1], 1, 0)
        grid.addLayout(times, 1, 1, 1, 3)
        grid.addWidget(self.labels[2], 2, 0)
        grid.addWidget(self.language_combo, 2, 1)
        grid.addWidget(self.labels[3], 2, 2)
        grid.addWidget(self.interval_spin, 2, 3)
        grid.addWidget(self.labels[4], 3, 0)
        grid.addWidget(self.type_combo, 3, 1, 1, 3)
        grid.addWidget(self.labels[5], 4, 0)
        grid.addWidget(self.holiday_combo, 4, 1, 1, 3, Qt.AlignmentFlag.AlignLeft)
        actions = QHBoxLayout()
        actions.addWidget(self.suggest_button)
        actions.addWidget(self.posts_label, 1)
        actions.addWidget(self.remove_button)
        grid.addLayout(actions, 5, 0, 1, 4)
        grid.addWidget(self.suggestion, 6, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for label, buddy in zip(self.labels, (None, None, self.language_combo, self.interval_spin, self.type_combo,
                                              self.holiday_combo), strict=True):
            if buddy is not None:
                label.setBuddy(buddy)

    # --- the rule behind the widgets -------------------------------------------------------------------

    @property
    def rule(self) -> CadenceRule:
        return next(r for r in self.page.draft.rules if r.id == self.rule_id)

    @property
    def presence(self) -> Presence:
        return self.page.draft.presence(self.rule.presence_id)

    def _write(self, **changes: Any) -> None:
        if self.page.loading:
            return
        self.page.draft.replace_rule(replace(self.rule, **changes))
        self.posts_label.setText(posts_a_week(self.rule.posts_per_week))
        self.page.changed()

    # --- filling the widgets ---------------------------------------------------------------------------

    def load(self) -> None:
        rule = self.rule
        draft = self.page.draft
        market = draft.market(self.presence.market_id)
        for day, button in enumerate(self.day_buttons):
            button.setChecked(day in rule.weekdays)
        self._build_times(rule.times)
        self.zone_label.setText(_("{city} time").format(city=zone_city(market.zone)))
        self.zone_label.setToolTip(_("Local time of the market: {zone}").format(zone=market.zone))
        self.interval_spin.setValue(rule.interval_weeks)
        self._set_interval_suffix(rule.interval_weeks)
        if draft.strategy.language_mode is LanguageMode.ONE_FOR_ALL:
            languages = [draft.strategy.main_language]
        else:
            languages = list(market.languages) or [draft.strategy.main_language]
        if rule.language not in languages:
            languages.append(rule.language)
        self.language_combo.set_items([(code, language_name(code)) for code in languages])
        self.language_combo.set_code(rule.language)
        self.language_combo.setEnabled(len(languages) > 1)
        self.type_combo.set_items([(c.id, c.name or _("(no name yet)")) for c in draft.content_types],
                                  placeholder=_("Any type"))
        self.type_combo.set_code(rule.content_type_id)
        self.holiday_combo.set_code(rule.holiday_policy.value)
        self.posts_label.setText(posts_a_week(rule.posts_per_week))

    def _build_times(self, times: Sequence[time]) -> None:
        for widget in [*self.time_edits, *self.remove_time_buttons]:
            self.times_row.removeWidget(widget)
            widget.deleteLater()
        self.time_edits, self.remove_time_buttons = [], []
        for index, at in enumerate(times):
            edit = TimeEdit(at)
            edit.setAccessibleName(self._time_name(index))
            edit.timeChanged.connect(self._on_times)
            self.time_edits.append(edit)
            self.times_row.addWidget(edit)
            if index > 0:
                remove = QToolButton()
                remove.setText("\u00d7")
                remove.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                remove.setAccessibleName(_("Remove the time {time}").format(time=format_time(at)))
                remove.setToolTip(_("Remove this time"))
                remove.clicked.connect(lambda _checked=False, index=index: self.remove_time(index))
                self.remove_time_buttons.append(remove)
                self.times_row.addWidget(remove)
        self.add_time_button.setVisible(len(times) < MAX_TIMES_PER_DAY)

    def _time_name(self, index: int) -> str:
        label = self.page.presence_label(self.presence)
        if index == 0:
            return _("Local publishing time for {presence}").format(presence=label)
        return _("Second publishing time for {presence}").format(presence=label)

    def _set_interval_suffix(self, weeks: int) -> None:
        self.interval_spin.setSuffix(ngettext(" week", " weeks", weeks))

    # --- the founder's changes -------------------------------------------------------------------------

    def _on_days(self) -> None:
        self._write(weekdays=tuple(day for day, button in enumerate(self.day_buttons) if button.isChecked()))

    def _on_times(self) -> None:
        self._write(times=tuple(edit.clock() for edit in self.time_edits))

    def add_time(self) -> None:
        rule = self.rule
        if len(rule.times) >= MAX_TIMES_PER_DAY:
            return
        last = rule.times[-1] if rule.times else time(9, 0)
        added = time((last.hour + 6) % 24, last.minute)
        self._write(times=(*rule.times, added))
        self._build_times(self.rule.times)
        self.page.update_tab_order()
        self.time_edits[-1].setFocus()

    def remove_time(self, index: int) -> None:
        times = list(self.rule.times)
        if 0 < index < len(times):
            del times[index]
            self._write(times=tuple(times))
            self._build_times(self.rule.times)
            self.page.update_tab_order()
            self.add_time_button.setFocus()

    def _on_interval(self, weeks: int) -> None:
        self._set_interval_suffix(weeks)
        self._write(interval_weeks=weeks)

    def _on_language(self, code: str) -> None:
        if code:
            self._write(language=code)

    def _on_type(self, _index: int) -> None:
        self._write(content_type_id=self.type_combo.code())

    def _on_holiday(self, code: str) -> None:
        if code:
            self._write(holiday_policy=HolidayPolicy(code))

    def suggest_times(self) -> None:
        """The cadence's days moved onto the platform's good days (as many as it has) and its times suggested: the
        platform's good hours in the market, in the day of whoever posts, clear of the plan's other posts."""
        rule = self.rule
        platform = self.page.draft.catalogue.get(self.presence.platform)
        self._write(weekdays=suggest_days(platform, len(rule.weekdays) or 2))
        suggestion = self.page.draft.suggested_times(self.rule_id)
        self._write(times=suggestion.times)
        was_loading, self.page.loading = self.page.loading, True
        try:
            self.load()
        finally:
            self.page.loading = was_loading
        self.suggestion.setText(suggestion.note)
        self.suggestion.setVisible(True)
        self.page.update_tab_order()

    def focus_order(self) -> list[QWidget]:
        times: list[QWidget] = []
        for index, edit in enumerate(self.time_edits):
            times.append(edit)
            if index > 0:
                times.append(self.remove_time_buttons[index - 1])
        return [*self.day_buttons, *times, self.add_time_button, self.language_combo, self.interval_spin,
                self.type_combo, self.holiday_combo, self.suggest_button, self.remove_button]

    def retranslate_ui(self) -> None:
        label = self.page.presence_label(self.presence)
        texts = (_("Days:"), _("Local times:"), _("Language:"), _("Every:"), _("Type of content:"),
                 _("On a public holiday:"))
        for widget, text in zip(self.labels, texts, strict=True):
            widget.setText(text)
        for day, button in enumerate(self.day_buttons):
            full_name = weekday_name(day, "wide")
            button.setText(weekday_name(day))
            button.setToolTip(full_name)
            button.setAccessibleName(_("Post on {day} on {presence}").format(day=full_name, presence=label))
        for index, edit in enumerate(self.time_edits):
            edit.setAccessibleName(self._time_name(index))
        self.add_time_button.setToolTip(_("Add a second time of day"))
        self.add_time_button.setAccessibleName(_("Add a second time for {presence}").format(presence=label))
        self._set_interval_suffix(self.interval_spin.value())
        self.interval_spin.setAccessibleName(_("Every how many weeks, {presence}").format(presence=label))
        self.language_combo.setAccessibleName(_("Language of the posts on {presence}").format(presence=label))
        self.type_combo.setAccessibleName(_("Type of content on {presence}").format(presence=label))
        self.holiday_combo.set_items((p.value, _(text)) for p, text in HOLIDAY_POLICY_LABELS.items())
        self.holiday_combo.setAccessibleName(_("What to do on a public holiday, {presence}").format(presence=label))
        self.holiday_combo.setToolTip(_("What happens to a post that falls on a public holiday of the market"))
        self.suggest_button.setText(_("Suggest times"))
        self.suggest_button.setAccessibleName(_("Suggest days and times for {presence}").format(presence=label))
        self.suggest_button.setToolTip(_("The platform's good days and hours in the market's time, when you (or "
                                         "the partner abroad) can post, clear of your other posts"))
        self.remove_button.setText(_("Remove this cadence"))
        self.remove_button.setAccessibleName(_("Remove this cadence of {presence}").format(presence=label))
        if self.language_combo.count():  # already filled: names of languages and zones follow the UI language too
            self.load()


class PresenceCadenceBox(QGroupBox):
    """A presence, the platform's good hours, and its cadences."""

    def __init__(self, page: CalendarPage, presence_id: str) -> None:
        super().__init__()
        self.page = page
        self.presence_id = presence_id
        self.good_hours = QLabel()
        self.good_hours.setWordWrap(True)
        self.basis = HintLabel()
        self.scheduling = QLabel()
        self.scheduling.setWordWrap(True)
        self.editors: list[CadenceEditor] = []
        self.editors_layout = QVBoxLayout()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.page.add_rule(self.presence_id))
        self.posts_label = QLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_button)
        bottom.addStretch(1)
        bottom.addWidget(self.posts_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.good_hours)
        layout.addWidget(self.basis)
        layout.addWidget(self.scheduling)
        layout.addLayout(self.editors_layout)
        layout.addLayout(bottom)

    @property
    def presence(self) -> Presence:
        return self.page.draft.presence(self.presence_id)

    def load(self) -> None:
        for editor in self.editors:
            self.editors_layout.removeWidget(editor)
            editor.deleteLater()
        self.editors = []
        for rule in self.page.draft.rules_of(self.presence_id):
            editor = CadenceEditor(self.page, rule.id)
            editor.retranslate_ui()
            editor.load()
            self.editors.append(editor)
            self.editors_layout.addWidget(editor)
        self._show_good_hours()
        self.update_total()

    def _show_good_hours(self) -> None:
        draft = self.page.draft
        self.setTitle(self.page.presence_label(self.presence))
        platform = draft.catalogue.get(self.presence.platform)
        times = platform.posting_times if platform else None
        kind = platform.scheduling_kind if platform else Scheduling.NO_PUBLISHED_DATA
        self.scheduling.setText(_(SCHEDULING_LABELS[kind]))
        claim = platform.scheduling if platform else None
        scheduling_tip = ""
        if claim is not None:
            scheduling_tip = _("Source: {title}, as of {as_of}").format(title=claim.source.title,
                                                                       as_of=claim.source.as_of)
            if claim.note:
                scheduling_tip = f"{scheduling_tip}\n{claim.note}"
        self.scheduling.setToolTip(scheduling_tip)
        if times is None:
            self.good_hours.setText(_("No good hours known for this platform"))
            self.basis.setText(_(TIMES_BASIS_LABELS[TimesBasis.NO_PUBLISHED_DATA]))
            self.good_hours.setToolTip("")
            return
        self.good_hours.setText(good_hours_text(times))
        self.basis.setText(_(TIMES_BASIS_LABELS[times.basis]))
        tip = _("Source: {title}, as of {as_of}").format(title=times.source.title, as_of=times.source.as_of)
        if times.note:
            tip = f"{tip}\n{times.note}"
        self.good_hours.setToolTip(tip)
        self.basis.setToolTip(tip)

    def update_total(self) -> None:
        total = sum(r.posts_per_week for r in self.page.draft.rules_of(self.presence_id))
        self.posts_label.setText(
            _("In all: {posts}").format(posts=posts_a_week(total)) if len(self.editors) > 1 else "")

    def focus_order(self) -> list[QWidget]:
        return [widget for editor in self.editors for widget in editor.focus_order()] + [self.add_button]

    def retranslate_ui(self) -> None:
        self._show_good_hours()
        self.add_button.setText(_("Add a cadence"))
        self.add_button.setAccessibleName(
            _("Add a cadence to {presence}").format(presence=self.page.presence_label(self.presence)))
        for editor in self.editors:
            editor.retranslate_ui()
        self.update_total()


class CalendarPage(DraftPage):
    page_id = PageId.CALENDAR

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.period_label = QLabel()
        self.start_edit = DateEdit()
        self.to_label = QLabel()
        self.end_edit = DateEdit()
        self.period_label.setBuddy(self.start_edit)
        self.total_label = QLabel()
        period_row = QHBoxLayout()
        period_row.addWidget(self.period_label)
        period_row.addWidget(self.start_edit)
        period_row.addWidget(self.to_label)
        period_row.addWidget(self.end_edit)
        period_row.addStretch(1)
        period_row.addWidget(self.total_label)

        self.presences_widget = QWidget()
        self.presences_layout = QVBoxLayout(self.presences_widget)
        self.presences_layout.setContentsMargins(0, 0, 4, 0)
        self.presences_layout.addStretch(1)
        self.presences_scroll = vertical_scroll(self.presences_widget)
        self.presence_boxes: list[PresenceCadenceBox] = []

        self.celebrations_title = QLabel()
        self.celebrations_help = HintLabel()
        self.celebrations = QTreeWidget()
        self.celebrations.setColumnCount(2)
        self.celebrations.setRootIsDecorated(True)
        self.celebrations.setIndentation(12)
        self.celebrations_rows = WrappedRows(self.celebrations, (1,))  # long holiday names wrap
        self.celebrations.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.celebrations.header().setStretchLastSection(True)
        self.celebrations_title.setBuddy(self.celebrations)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 0, 0)
        side_layout.addWidget(self.celebrations_title)
        side_layout.addWidget(self.celebrations, 1)
        side_layout.addWidget(self.celebrations_help)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.presences_scroll)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 360])
        self.warnings = PageWarnings()

        self.body.addLayout(period_row)
        self.body.addWidget(self.splitter, 1)
        self.body.addWidget(self.warnings)

        self.start_edit.dateChanged.connect(self._on_period)
        self.end_edit.dateChanged.connect(self._on_period)
        self.retranslate_ui()

    # `loading` lets the cadence editors share the page's guard against writing while widgets are being filled.
    @property
    def loading(self) -> bool:
        return self._loading

    @loading.setter
    def loading(self, value: bool) -> None:
        self._loading = value

    def presence_label(self, presence: Presence) -> str:
        return _("{platform} in {market}").format(
            platform=self.draft.catalogue.name(presence.platform),
            market=market_label(self.draft.market(presence.market_id)),
        )

    # --- writing to the draft ---------------------------------------------------------------------------

    def _on_period(self) -> None:
        if self._loading:
            return
        self.draft.strategy = replace(
            self.draft.strategy,
            period_start=self.start_edit.day(),
            period_end=self.end_edit.day(),
        )
        self._fill_celebrations()
        self.changed()

    def add_rule(self, presence_id: str) -> None:
        presence = self.draft.presence(presence_id)
        market = self.draft.market(presence.market_id)
        existing = self.draft.rules_of(presence_id)
        language = existing[0].language if existing else (
            self.draft.strategy.main_language
            if self.draft.strategy.language_mode is LanguageMode.ONE_FOR_ALL or not market.languages
            else market.languages[0]
        )
        self.draft.replace_rule(self.draft.new_cadence(presence_id, language))
        box = self._box(presence_id)
        self._reload_box(box)
        box.editors[-1].day_buttons[0].setFocus()  # the new cadence's first input
        self.changed()

    def remove_rule(self, rule_id: str) -> None:
        presence_id = next(r.presence_id for r in self.draft.rules if r.id == rule_id)
        self.draft.remove_rule(rule_id)
        box = self._box(presence_id)
        self._reload_box(box)
        box.add_button.setFocus()
        self.changed()

    def _box(self, presence_id: str) -> PresenceCadenceBox:
        return next(b for b in self.presence_boxes if b.presence_id == presence_id)

    def _reload_box(self, box: PresenceCadenceBox) -> None:
        was_loading, self._loading = self._loading, True
        try:
            box.load()
        finally:
            self._loading = was_loading
        self.update_tab_order()

    def changed(self) -> None:
        super().changed()
        if not self._loading:
            self._show_summary()

    # --- showing the draft ------------------------------------------------------------------------------

    def load(self) -> None:
        strategy = self.draft.strategy
        for edit, day in ((self.start_edit, strategy.period_start), (self.end_edit, strategy.period_end)):
            edit.set_day(day)
        for box in self.presence_boxes:
            self.presences_layout.removeWidget(box)
            box.deleteLater()
        self.presence_boxes = []
        order = {m.id: m.entry_order for m in self.draft.markets}
        ids = [m.id for m in self.draft.markets]
        presences = sorted(self.draft.presences, key=lambda p: (order.get(p.market_id, 0), ids.index(p.market_id)))
        for index, presence in enumerate(presences):
            box = PresenceCadenceBox(self, presence.id)
            box.retranslate_ui()
            box.load()
            self.presence_boxes.append(box)
            self.presences_layout.insertWidget(index, box)
        self._fill_celebrations()
        self.update_tab_order()

    def _show_summary(self) -> None:
        total = sum(r.posts_per_week for r in self.draft.rules)
        self.total_label.setText(_("In all: {posts}").format(posts=posts_a_week(total)))
        for box in self.presence_boxes:
            box.update_total()
        self.warnings.show_warnings([w.text for w in self.draft.warnings() if w.page is PageId.CALENDAR])

    def _fill_celebrations(self) -> None:
        strategy = self.draft.strategy
        self.celebrations.clear()
        for market in sorted(self.draft.markets, key=lambda m: m.entry_order):
            found = corrected_holidays(market, strategy.period_start, strategy.period_end,
                                       self.draft.holiday_corrections)
            count = ngettext("{count} holiday", "{count} holidays", len(found)).format(count=len(found))
            # The market's row spans both columns, so that the dates' column is as wide as the dates alone.
            top = QTreeWidgetItem(["{market} \u00b7 {count}".format(market=market_label(market), count=count)])
            top.setData(0, Qt.ItemDataRole.UserRole, market.id)
            for day, name in found:
                item = QTreeWidgetItem([format_date(day), name])
                item.setData(0, Qt.ItemDataRole.UserRole, day)
                item.setToolTip(1, name)
                top.addChild(item)
            self.celebrations.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # only once the item is in the tree
            top.setExpanded(True)
        self.celebrations_rows.fit()

    def celebration_names(self, market_id: str) -> list[tuple[date, str]]:
        """What the celebrations list shows for a market: (date, name) pairs."""
        for index in range(self.celebrations.topLevelItemCount()):
            top = self.celebrations.topLevelItem(index)
            if top is not None and top.data(0, Qt.ItemDataRole.UserRole) == market_id:
                days = (top.child(i) for i in range(top.childCount()))
                return [(day.data(0, Qt.ItemDataRole.UserRole), day.text(1)) for day in days if day is not None]
        return []

    def update_tab_order(self) -> None:
        widgets: list[QWidget] = [self.start_edit, self.end_edit]
        for box in self.presence_boxes:
            widgets += box.focus_order()
        widgets += [self.celebrations, self.warnings]
        chain_tab_order(widgets)

    def retranslate_ui(self) -> None:
        was_loading, self._loading = self._loading, True  # refilling the combo boxes is not the founder's choice
        try:
            self._retranslate()
        finally:
            self._loading = was_loading
        if self.presence_boxes:
            self._fill_celebrations()
            self._show_summary()

    def _retranslate(self) -> None:
        super().retranslate_ui()
        self.setSubTitle(
            _("How often each presence posts, at which local hours, and how the calendar meets each market's holidays.")
        )
        self.period_label.setText(_("&Plan period: from"))
        self.to_label.setText(_("to"))
        self.start_edit.setAccessibleName(_("First day of the plan"))
        self.end_edit.setAccessibleName(_("Last day of the plan"))
        self.celebrations_title.setText(_("&Celebrations worth planning for"))
        self.celebrations.setHeaderLabels([_("Date"), _("Public holiday")])
        self.celebrations.setAccessibleName(_("Celebrations worth planning for"))
        self.celebrations_help.setText(
            _("Each market's public holidays in the plan period, from the holidays package with your corrections: "
              "a chance for a seasonal post, and a day when your cadence follows its holiday rule.")
        )
        self.warnings.setAccessibleName(_("Worth checking in the calendar"))
        for box in self.presence_boxes:
            box.retranslate_ui()
