"""A market's days over a range: its public holidays (with the founder's corrections), the founder's own events and
the marketing moments worth posting about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.market_days import HolidayOverride, MarketEvent, OverrideAction
from smplanner.domain.marketing_moments import Moment, moments_between
from smplanner.domain.validation import NAME_LENGTH
from smplanner.i18n import _, current_language
from smplanner.i18n.formatting import country_name, format_date
from smplanner.services.changes import Changes
from smplanner.services.holidays import data_source, named_holidays
from smplanner.services.planning import PlanningService
from smplanner.ui.dialogs import messages
from smplanner.ui.widgets.dates import DateEdit, qdate
from smplanner.ui.widgets.screen_fit import open_fitted
from smplanner.ui.widgets.text_limit import limit_length

ROW_ROLE = Qt.ItemDataRole.UserRole


class DayAndNameDialog(QDialog):
    """Asks for a day within a range and a name: a holiday the data lacks, or one of the founder's events."""

    def __init__(self, title: str, first: date, last: date, day: date, name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.day_edit = DateEdit(day)
        self.day_edit.setDateRange(qdate(first), qdate(last))
        self.name_edit = QLineEdit(name)
        limit_length(self.name_edit, NAME_LENGTH)
        self.name_edit.setMinimumWidth(280)
        form = QFormLayout()
        form.addRow(_("Day:"), self.day_edit)
        form.addRow(_("Name:"), self.name_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name_edit.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        ok.setEnabled(bool(name.strip()))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def answer(self) -> tuple[date, str]:
        return self.day_edit.day(), self.name_edit.text().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, first: date, last: date, day: date,
            name: str = "") -> tuple[date, str] | None:
        """The day and name the founder gave, or None (tests replace this method)."""
        dialog = cls(title, first, last, day, name, parent)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_name(parent: QWidget | None, title: str, label: str, name: str) -> str | None:
    """A new name, or None when the founder cancels or leaves it empty (tests replace this function)."""
    return messages.ask_text(parent, title, label, name, NAME_LENGTH)


@dataclass(frozen=True, slots=True)
class HolidayRow:
    """One day of the holiday list: what the data says and what the founder's correction of it says."""

    day: date
    data_name: str | None  # None: the data has no holiday that day
    override: HolidayOverride | None

    @property
    def removed(self) -> bool:
        return self.override is not None and self.override.action is OverrideAction.REMOVE

    @property
    def name(self) -> str:
        if self.override is not None and not self.removed:
            return self.override.name
        return self.data_name or ""

    def note(self) -> str:
        if self.override is None:
            return _("From the holiday data")
        if self.removed:
            return _("Removed by you") if self.data_name is not None else _("Removed by you (no longer in the data)")
        if self.data_name is None:
            return _("Added by you")
        return _("Renamed by you (the data says \u201c{name}\u201d)").format(name=self.data_name)


def holiday_rows(data: dict[date, str], overrides: list[HolidayOverride]) -> list[HolidayRow]:
    """The days of the data and of the corrections, each with its correction (the last one stored wins)."""
    by_day = {override.day: override for override in overrides}
    return [HolidayRow(day, data.get(day), by_day.get(day)) for day in sorted(set(data) | set(by_day))]


def _span(moment: Moment) -> str:
    if moment.days == 1:
        return format_date(moment.day)
    return _("{first} to {last}").format(first=format_date(moment.day), last=format_date(moment.last_day))


def _source_label(moment: Moment) -> str:
    """The source in short: who published it and when (the title starts with the publisher)."""
    publisher = moment.source.title.split(":", 1)[0]
    return _("{publisher}, {as_of}").format(publisher=publisher, as_of=moment.source.as_of)


def _source_tooltip(moment: Moment) -> str:
    lines = [_("Source: {title} ({as_of})").format(title=moment.source.title, as_of=moment.source.as_of),
             moment.source.url]
    for source in moment.see_also:
        lines.append(_("See also: {title} ({as_of})").format(title=source.title, as_of=source.as_of))
        lines.append(source.url)
    if moment.note:
        lines.insert(0, moment.note)
    return "\n".join(lines)


HOLIDAY_ROWS, EVENT_ROWS, MOMENT_ROWS = 7, 2, 3  # the rows each list shows at the least, holidays first
PREFERRED_SIZE = QSize(720, 660)
MINIMUM_WIDTH = 640


def _hold_lines(label: QLabel) -> None:
    """Give a wrapped label the height of its lines at the dialog's narrowest, and no height-for-width: in a group
    box, Qt's height-for-width layout gives the box less than its minimum and the list's buttons overlap it."""
    policy = label.sizePolicy()
    policy.setHeightForWidth(False)
    label.setSizePolicy(policy)
    label.setMinimumHeight(label.heightForWidth(MINIMUM_WIDTH - 48))


def _tree(columns: int, rows: int) -> QTreeWidget:
    """A list of days with `columns` columns, tall enough to show `rows` of them at the least."""
    tree = QTreeWidget()
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setColumnCount(columns)
    tree.setAlternatingRowColors(True)
    header = tree.header()
    header.setStretchLastSection(True)
    for column in range(columns - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    row = tree.fontMetrics().height() + 4
    tree.setMinimumHeight(header.sizeHint().height() + rows * row + 2 * tree.frameWidth() + 2)
    return tree


class MarketDaysDialog(QDialog):
    """Holidays, the founder's events and the marketing moments of one market from first to last (inclusive).

    Every correction and event is stored at once through the planning service; `changed` carries what changed.
    """

    changed = Signal(object)  # a services.planning.Changes

    def __init__(self, service: PlanningService, market_id: str, first: date, last: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.market = service.plan().market(market_id)
        self.first, self.last = first, last
        self.changes_made = False
        self._relabel_when_shown = False
        self.setMinimumWidth(MINIMUM_WIDTH)

        self.intro = QLabel()
        self.intro.setWordWrap(True)

        self.holidays_box = QGroupBox()
        self.holidays = _tree(3, HOLIDAY_ROWS)
        self.add_holiday_button = QPushButton()
        self.rename_button = QPushButton()
        self.remove_holiday_button = QPushButton()
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        holiday_buttons = QHBoxLayout()
        for button in (self.add_holiday_button, self.rename_button, self.remove_holiday_button):
            holiday_buttons.addWidget(button)
        holiday_buttons.addStretch(1)
        holidays_layout = QVBoxLayout(self.holidays_box)
        holidays_layout.addWidget(self.holidays)
        holidays_layout.addLayout(holiday_buttons)
        holidays_layout.addWidget(self.source_label)

        self.events_box = QGroupBox()
        self.events = _tree(2, EVENT_ROWS)
        self.add_event_button = QPushButton()
        self.remove_event_button = QPushButton()
        event_buttons = QHBoxLayout()
        event_buttons.addWidget(self.add_event_button)
        event_buttons.addWidget(self.remove_event_button)
        event_buttons.addStretch(1)
        events_layout = QVBoxLayout(self.events_box)
        events_layout.addWidget(self.events)
        events_layout.addLayout(event_buttons)

        self.moments_box = QGroupBox()
        self.moments = _tree(3, MOMENT_ROWS)
        self.moments_intro = QLabel()
        self.moments_intro.setWordWrap(True)
        moments_layout = QVBoxLayout(self.moments_box)
        moments_layout.addWidget(self.moments_intro)
        moments_layout.addWidget(self.moments)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.holidays_box, 5)
        layout.addWidget(self.events_box, 1)
        layout.addWidget(self.moments_box, 3)
        layout.addWidget(self.buttons)

        self.add_holiday_button.clicked.connect(self.add_holiday)
        self.rename_button.clicked.connect(self.rename_holiday)
        self.remove_holiday_button.clicked.connect(self.remove_or_restore_holiday)
        self.add_event_button.clicked.connect(self.add_event)
        self.remove_event_button.clicked.connect(self.remove_event)
        self.holidays.itemSelectionChanged.connect(self._update_buttons)
        self.events.itemSelectionChanged.connect(self._update_buttons)
        self.holidays.itemDoubleClicked.connect(lambda *_args: self.rename_holiday())

        self.retranslate()
        open_fitted(self, PREFERRED_SIZE)

    # -- showing ----------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        market = "{country} ({code})".format(country=country_name(self.market.country), code=self.market.code)
        self.setWindowTitle(_("Holidays and moments \u2014 {market}").format(market=market))
        self.intro.setText(_("{market}, from {first} to {last}.").format(
            market=market, first=format_date(self.first), last=format_date(self.last)))
        self.holidays_box.setTitle(_("Public holidays"))
        self.holidays.setHeaderLabels([_("Date"), _("Holiday"), _("Where it comes from")])
        self.holidays.setAccessibleName(_("Public holidays"))
        self.add_holiday_button.setText(_("Add holiday\u2026"))
        self.rename_button.setText(_("Rename\u2026"))
        self.source_label.setText(_(
            "Holiday data: {source}. Sources disagree on observed and regional days: your changes are stored in "
            "the plan and applied last."
        ).format(source=data_source()))
        self.events_box.setTitle(_("Your events"))
        self.events.setHeaderLabels([_("Date"), _("Event")])
        self.events.setAccessibleName(_("Your events"))
        self.add_event_button.setText(_("Add event\u2026"))
        self.remove_event_button.setText(_("Remove"))
        self.moments_box.setTitle(_("Marketing moments"))
        self.moments_intro.setText(_(
            "Opportunities to post about, not days to avoid. Hover over a moment to see its source."))
        self.moments.setHeaderLabels([_("Date"), _("Moment"), _("Source")])
        self.moments.setAccessibleName(_("Marketing moments"))
        for label in (self.intro, self.source_label, self.moments_intro):
            _hold_lines(label)
        self.refresh()

    def refresh(self) -> None:
        """Read the market's days again from the plan and the data, keeping the selected days selected."""
        language = current_language()
        kept_holiday = self._selected(self.holidays)
        kept_event = self._selected(self.events)
        plan = self.service.plan()
        market = next((m for m in plan.markets if m.id == self.market.id), self.market)
        data = dict(named_holidays(market, self.first, self.last, language))
        overrides = [o for o in self.service.holiday_overrides()
                     if o.market_id == self.market.id and self.first <= o.day <= self.last]
        self.holidays.clear()
        placeholder = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for row in holiday_rows(data, overrides):
            item = QTreeWidgetItem([format_date(row.day), row.name, row.note()])
            item.setData(0, ROW_ROLE, row)
            if row.override is not None:
                font = item.font(1)
                font.setItalic(True)
                font.setStrikeOut(row.removed)
                for column in range(3):
                    item.setFont(column, font)
                    if row.removed:
                        item.setForeground(column, placeholder)
            self.holidays.addTopLevelItem(item)
            if kept_holiday is not None and kept_holiday.day == row.day:
                self.holidays.setCurrentItem(item)

        self.events.clear()
        events = [e for e in self.service.market_events()
                  if e.market_id == self.market.id and self.first <= e.day <= self.last]
        for event in sorted(events, key=lambda e: (e.day, e.name)):
            item = QTreeWidgetItem([format_date(event.day), event.name])
            item.setData(0, ROW_ROLE, event)
            self.events.addTopLevelItem(item)
            if kept_event is not None and kept_event.id == event.id:
                self.events.setCurrentItem(item)

        self.moments.clear()
        for moment in moments_between(self.market.country, self.first, self.last, language):
            item = QTreeWidgetItem([_span(moment), moment.name, _source_label(moment)])
            item.setData(0, ROW_ROLE, moment)
            tooltip = _source_tooltip(moment)
            for column in range(3):
                item.setToolTip(column, tooltip)
            self.moments.addTopLevelItem(item)
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        # Closed, it may outlive its plan: it reads the plan again only when shown again.
        if event.type() == QEvent.Type.LanguageChange:
            if self.isVisible():
                self.retranslate()
            else:
                self._relabel_when_shown = True
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if self._relabel_when_shown:
            self._relabel_when_shown = False
            self.retranslate()
        super().showEvent(event)

    @staticmethod
    def _selected(tree: QTreeWidget):
        item = tree.currentItem()
        return item.data(0, ROW_ROLE) if item is not None and item.isSelected() else None

    def selected_holiday(self) -> HolidayRow | None:
        return self._selected(self.holidays)

    def selected_event(self) -> MarketEvent | None:
        return self._selected(self.events)

    def _update_buttons(self) -> None:
        row = self.selected_holiday()
        self.rename_button.setEnabled(row is not None)
        self.remove_holiday_button.setEnabled(row is not None)
        self.remove_holiday_button.setText(_("Restore") if row is not None and row.removed else _("Remove"))
        self.remove_event_button.setEnabled(self.selected_event() is not None)

    # -- changing, each change stored at once -----------------------------------------------------------------

    def _apply(self, changes: Changes) -> None:
        self.changes_made = self.changes_made or not changes.is_empty
        self.changed.emit(changes)
        self.refresh()

    def _default_day(self) -> date:
        row = self.selected_holiday()
        return row.day if row is not None else self.first

    def add_holiday(self) -> None:
        answer = DayAndNameDialog.ask(self, _("Add a holiday"), self.first, self.last, self._default_day())
        if answer is None:
            return
        day, name = answer
        row = next((r for r in self._rows() if r.day == day), None)
        self._set_name(row if row is not None else HolidayRow(day, None, None), name)

    def rename_holiday(self) -> None:
        row = self.selected_holiday()
        if row is None:
            return
        name = ask_name(self, _("Rename the holiday"), _("Name of the holiday on {day}:").format(
            day=format_date(row.day)), row.name)
        if name is not None:
            self._set_name(row, name)

    def _set_name(self, row: HolidayRow, name: str) -> None:
        if row.data_name == name:  # back to what the data says
            if row.override is not None:
                self._apply(self.service.remove_holiday_override(row.override.id))
            return
        action = OverrideAction.RENAME if row.data_name is not None else OverrideAction.ADD
        self._apply(self.service.set_holiday_override(HolidayOverride(self.market.id, row.day, action, name)))

    def remove_or_restore_holiday(self) -> None:
        row = self.selected_holiday()
        if row is None:
            return
        if row.override is not None and (row.removed or row.data_name is None):
            # Restoring a day the founder removed, or removing one they added: drop the correction itself.
            self._apply(self.service.remove_holiday_override(row.override.id))
        else:
            self._apply(self.service.set_holiday_override(
                HolidayOverride(self.market.id, row.day, OverrideAction.REMOVE)))

    def add_event(self) -> None:
        answer = DayAndNameDialog.ask(self, _("Add an event"), self.first, self.last, self.first)
        if answer is not None:
            day, name = answer
            self._apply(self.service.save_market_event(MarketEvent(self.market.id, day, name)))

    def remove_event(self) -> None:
        event = self.selected_event()
        if event is not None:
            self._apply(self.service.remove_market_event(event.id))

    def _rows(self) -> list[HolidayRow]:
        items = (self.holidays.topLevelItem(i) for i in range(self.holidays.topLevelItemCount()))
        return [item.data(0, ROW_ROLE) for item in items if item is not None]

    @classmethod
    def show_for(cls, parent: QWidget | None, service: PlanningService, market_id: str, first: date,
                 last: date) -> Changes:
        """Run the dialog modally; what it changed, for the app-wide signal (tests replace this method)."""
        dialog = cls(service, market_id, first, last, parent)
        try:
            dialog.exec()
            return Changes(holidays=True) if dialog.changes_made else Changes()
        finally:  # a dialog kept alive would re-read a plan that may be closed at the next language change
            dialog.deleteLater()
