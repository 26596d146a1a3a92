"""Which posts to export and how: to a calendar file (.ics) for a calendar program, to a CSV for a spreadsheet, or to
a calendar file the app keeps up to date (a live file a calendar program subscribes to)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.calendar_filter import CalendarFilter
from smplanner.domain.plan import POST_STATUS_LABELS, Plan, PostStatus
from smplanner.domain.validation import ADDRESS_LENGTH
from smplanner.i18n import _
from smplanner.i18n.formatting import country_name
from smplanner.services.ics_export import CsvOptions, ExportRequest, IcsOptions
from smplanner.ui.widgets.dates import DateEdit
from smplanner.ui.widgets.text_limit import limit_length

__all__ = ["STOP", "ExportDialog", "ExportRequest"]
DEFAULT_REMINDER_MINUTES = 30

ExportKind = Literal["ics", "csv", "live"]
STOP = "stop"
"""What LiveCalendarDialog.ask returns when the founder stops keeping the file up to date."""
ID_ROLE = Qt.ItemDataRole.UserRole


def _check_list(entries: list[tuple[str, str]]) -> QListWidget:
    """A list of check boxes, all checked: (id, label) pairs."""
    widget = QListWidget()
    for entry_id, label in entries:
        item = QListWidgetItem(label)
        item.setData(ID_ROLE, entry_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        widget.addItem(item)
    widget.setMaximumHeight(max(60, min(160, 22 * widget.count() + 8)))
    return widget


def _checked(widget: QListWidget) -> list[str]:
    return [widget.item(row).data(ID_ROLE) for row in range(widget.count())
            if widget.item(row).checkState() == Qt.CheckState.Checked]


class ExportDialog(QDialog):
    """The filters of an export (markets, platforms, statuses, dates) and its options: holidays and event length for
    a calendar file, the byte order mark for a CSV."""

    def __init__(
        self,
        plan: Plan,
        kind: ExportKind,
        first: date | None = None,
        last: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if kind not in ("ics", "csv", "live"):
            raise ValueError("kind must be 'ics', 'csv' or 'live', not {kind!r}".format(kind=kind))
        self.kind = kind
        calendar = kind in ("ics", "live")
        catalogue = plan.catalogue()
        markets = sorted(plan.markets, key=lambda market: market.code)
        self.markets = _check_list([(market.id, market.code) for market in markets])
        self._market_countries = {market.id: (market.code, market.country) for market in markets}
        platforms = sorted({presence.platform for presence in plan.presences}, key=catalogue.name)
        self.platforms = _check_list([(platform, catalogue.name(platform)) for platform in platforms])
        self.actors = _check_list([(actor.id, actor.name) for actor in sorted(plan.actors, key=lambda a: a.name)])
        self.statuses = {status: QCheckBox() for status in PostStatus}
        for box in self.statuses.values():
            box.setChecked(True)
        first = first or plan.strategy.period_start
        last = last or plan.strategy.period_end
        self.first_edit, self.last_edit = DateEdit(first), DateEdit(last)
        self.holidays = QCheckBox(self)  # parented: the options of the other kind stay hidden, out of the layout
        self.duration = QSpinBox(self)
        self.duration.setRange(1, 24 * 60)
        self.duration.setValue(IcsOptions().duration_minutes)
        self.reminder = QCheckBox(self)
        self.reminder_minutes = QSpinBox(self)
        self.reminder_minutes.setRange(0, 7 * 24 * 60)
        self.reminder_minutes.setValue(DEFAULT_REMINDER_MINUTES)
        self.reminder_minutes.setEnabled(False)
        self.reminder.toggled.connect(self.reminder_minutes.setEnabled)
        self.bom = QCheckBox(self)
        self.bom.setChecked(CsvOptions().bom)
        self.path_edit = QLineEdit(self)
        limit_length(self.path_edit, ADDRESS_LENGTH)  # a file's path: an address, as long as a link may be
        self.path_button = QPushButton(self)
        self.path_button.clicked.connect(self._choose_path)
        self.path_edit.textChanged.connect(self._update)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.markets_box, self.platforms_box, self.statuses_box = QGroupBox(), QGroupBox(), QGroupBox()
        self.actors_box = QGroupBox()
        for group, check_list in ((self.markets_box, self.markets), (self.platforms_box, self.platforms),
                                  (self.actors_box, self.actors)):
            box_layout = QVBoxLayout(group)
            box_layout.addWidget(check_list)
            box_layout.addStretch(1)  # the shorter list at the top, beside the longer
        status_layout = QHBoxLayout(self.statuses_box)
        for box in self.statuses.values():
            status_layout.addWidget(box)
        status_layout.addStretch(1)
        lists = QHBoxLayout()
        lists.addWidget(self.markets_box)
        lists.addWidget(self.platforms_box)
        lists.addWidget(self.actors_box)
        self.actors_box.setVisible(bool(plan.actors))
        self.first_label, self.last_label, self.duration_label = QLabel(self), QLabel(self), QLabel(self)
        self.path_label = QLabel(self)
        self.form = QFormLayout()
        if kind == "live":
            path_row = QHBoxLayout()
            path_row.addWidget(self.path_edit, 1)
            path_row.addWidget(self.path_button)
            self.form.addRow(self.path_label, path_row)
        else:
            self.form.addRow(self.first_label, self.first_edit)
            self.form.addRow(self.last_label, self.last_edit)
        if calendar:
            self.form.addRow(self.duration_label, self.duration)
            reminder_row = QHBoxLayout()
            reminder_row.addWidget(self.reminder)
            reminder_row.addWidget(self.reminder_minutes)
            reminder_row.addStretch(1)
            self.form.addRow(reminder_row)
            self.form.addRow(self.holidays)
        else:
            self.form.addRow(self.bom)
        for widget in (self.holidays, self.duration, self.duration_label, self.reminder, self.reminder_minutes):
            widget.setVisible(calendar)
        for path_widget in (self.path_edit, self.path_button, self.path_label):
            path_widget.setVisible(kind == "live")
        for date_widget in (self.first_label, self.first_edit, self.last_label, self.last_edit):
            date_widget.setVisible(kind != "live")
        self.bom.setVisible(kind == "csv")
        self.stop_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.stop_button.setVisible(False)
        self.stop_button.clicked.connect(self._stop)
        self.stopped = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(lists)
        layout.addWidget(self.statuses_box)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.markets.itemChanged.connect(self._update)
        self.platforms.itemChanged.connect(self._update)
        self.actors.itemChanged.connect(self._update)
        for box in self.statuses.values():
            box.toggled.connect(self._update)
        self.first_edit.dateChanged.connect(self._update)
        self.last_edit.dateChanged.connect(self._update)
        self.retranslate()

    def retranslate(self) -> None:
        if self.kind == "live":
            self.setWindowTitle(_("Keep a calendar file up to date"))
            self.explanation.setText(_(
                "The app writes the posts to this calendar file after every change, so a calendar program that "
                "subscribes to it (Thunderbird, Apple Calendar, Outlook) follows every change and removal. Put it in "
                "a synced folder (Dropbox, OneDrive, iCloud Drive, Nextcloud) to follow it on other devices; Google "
                "Calendar only subscribes to a web address and refreshes it a few times a day."
            ))
        elif self.kind == "ics":
            self.setWindowTitle(_("Export the calendar"))
            self.explanation.setText(_(
                "A calendar file (.ics) is a copy of the posts that Outlook, Google Calendar, Apple Calendar or "
                "Thunderbird imports. After changing the plan, export again to the same file and import it: changed "
                "posts update their events, and posts removed since come as cancelled events. To follow every change "
                "without importing, use File \u203a Keep a calendar file up to date."
            ))
        else:
            self.setWindowTitle(_("Export the posts as CSV"))
            self.explanation.setText(_(
                "A CSV file opens in any spreadsheet: one row per post with its id, date, local time, UTC offset, "
                "zone, market, platform, content type, status, title and each language's text and status side by "
                "side. Edit it and bring the changes back with File \u203a Import posts."
            ))
        self.markets_box.setTitle(_("&Markets"))
        self.platforms_box.setTitle(_("&Platforms"))
        self.actors_box.setTitle(_("&Who runs them"))
        self.statuses_box.setTitle(_("Statuses"))
        for row in range(self.markets.count()):
            item = self.markets.item(row)
            code, country = self._market_countries[item.data(ID_ROLE)]
            item.setText(_("{code} \u2013 {country}").format(code=code, country=country_name(country)))
        for widget in (self.markets, self.platforms, self.actors):  # as wide as its longest name: no sideways scroll
            widget.setMinimumWidth(widget.sizeHintForColumn(0) + 2 * widget.frameWidth()
                                   + widget.verticalScrollBar().sizeHint().width())
        for status, box in self.statuses.items():
            box.setText(_(POST_STATUS_LABELS[status]))
        self.first_label.setText(_("&From:"))
        self.last_label.setText(_("&To:"))
        self.first_label.setBuddy(self.first_edit)
        self.last_label.setBuddy(self.last_edit)
        self.duration_label.setText(_("Each post &lasts:"))
        self.duration_label.setBuddy(self.duration)
        self.duration.setSuffix(_(" min"))
        self.reminder.setText(_("&Remind me before each post to publish:"))
        self.reminder_minutes.setSuffix(_(" min before"))
        self.holidays.setText(_("Add each market's public &holidays as all-day events"))
        self.bom.setText(_("Start with a &byte order mark (spreadsheets need it to read accents and other scripts)"))
        self.path_label.setText(_("&Calendar file:"))
        self.path_label.setBuddy(self.path_edit)
        self.path_button.setText(_("Ch&oose\u2026"))
        self.stop_button.setText(_("&Stop keeping it up to date"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Keep it up to date") if self.kind == "live" else _("&Export\u2026"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "form"):
            self.retranslate()
        super().changeEvent(event)

    def problem_text(self) -> str:
        """Why the export cannot be made as set, or "" when it can."""
        if self.kind == "live" and not self.path_edit.text().strip():
            return _("Choose the calendar file to keep up to date.")
        if self.kind == "live" and not self.path_edit.text().strip().lower().endswith(".ics"):
            return _("A calendar file's name ends in .ics.")
        if not _checked(self.markets) and self.markets.count():
            return _("Choose at least one market.")
        if not _checked(self.platforms) and self.platforms.count():
            return _("Choose at least one platform.")
        if not _checked(self.actors) and self.actors.count():
            return _("Choose at least one actor.")
        if not any(box.isChecked() for box in self.statuses.values()):
            return _("Choose at least one status.")
        if self.first_edit.date() > self.last_edit.date():
            return _("The first day is after the last day.")
        return ""

    def _update(self, *_args: object) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def request(self) -> ExportRequest:
        """The export as set: a list with everything checked filters nothing (posts of a platform without a
        presence any more are kept)."""
        def chosen(widget: QListWidget) -> frozenset[str]:
            checked = _checked(widget)
            return frozenset() if len(checked) == widget.count() else frozenset(checked)

        statuses = frozenset(status for status, box in self.statuses.items() if box.isChecked())
        export_filter = CalendarFilter(
            markets=chosen(self.markets),
            platforms=chosen(self.platforms),
            statuses=frozenset() if len(statuses) == len(self.statuses) else statuses,
            actors=chosen(self.actors),
        )
        if self.kind != "csv":
            options: IcsOptions | CsvOptions = IcsOptions(
                duration_minutes=self.duration.value(), include_holidays=self.holidays.isChecked(),
                reminder_minutes=self.reminder_minutes.value() if self.reminder.isChecked() else None,
                live=self.kind == "live",
            )
        else:
            options = CsvOptions(bom=self.bom.isChecked())
        if self.kind == "live":
            return ExportRequest(export_filter, None, None, options, Path(self.path_edit.text().strip()))
        return ExportRequest(export_filter, self.first_edit.day(), self.last_edit.day(), options)

    def show_settings(self, export_filter: CalendarFilter, options: IcsOptions, path: str | None = None) -> None:
        """Set the dialog to a filter and options (the live file's, as stored), with a way to stop it."""
        for widget, chosen in ((self.markets, export_filter.markets), (self.platforms, export_filter.platforms),
                               (self.actors, export_filter.actors)):
            for row in range(widget.count()):
                item = widget.item(row)
                on = not chosen or item.data(ID_ROLE) in chosen
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        for status, box in self.statuses.items():
            box.setChecked(not export_filter.statuses or status in export_filter.statuses)
        self.duration.setValue(options.duration_minutes)
        self.holidays.setChecked(options.include_holidays)
        self.reminder.setChecked(options.reminder_minutes is not None)
        if options.reminder_minutes is not None:
            self.reminder_minutes.setValue(options.reminder_minutes)
        if path is not None:
            self.path_edit.setText(path)
            self.stop_button.setVisible(True)

    def _choose_path(self) -> None:
        from smplanner.ui import file_dialogs

        text = self.path_edit.text().strip()
        current = Path(text).with_suffix(".ics") if text else Path.home() / "smplanner.ics"
        chosen = file_dialogs.ask_save_path(self, _("Keep a calendar file up to date"), current,
                                            _("Calendar files (*.ics)"))
        if chosen is not None:
            self.path_edit.setText(str(chosen))

    def _stop(self) -> None:
        self.stopped = True
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        plan: Plan,
        kind: ExportKind,
        default_first: date | None = None,
        default_last: date | None = None,
    ) -> ExportRequest | None:
        """The export the founder set, or None when they cancel (tests replace this method)."""
        dialog = cls(plan, kind, default_first, default_last, parent)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def ask_live(
        cls,
        parent: QWidget | None,
        plan: Plan,
        current: tuple[str, CalendarFilter, IcsOptions] | None,
        suggested: Path,
    ) -> ExportRequest | str | None:
        """The live calendar file the founder set (a request with its path), STOP when they stop keeping the
        current one up to date, or None when they cancel (tests replace this method)."""
        dialog = cls(plan, "live", parent=parent)
        if current is not None:
            path, export_filter, options = current
            dialog.show_settings(export_filter, options, path)
        else:
            dialog.path_edit.setText(str(suggested))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return STOP if dialog.stopped else dialog.request()
