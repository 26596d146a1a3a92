"""Which posts to export and how: to a calendar file (.ics) for a calendar program, or to a CSV for a spreadsheet."""

from __future__ import annotations

from datetime import date
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
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.calendar_filter import CalendarFilter
from smplanner.domain.plan import POST_STATUS_LABELS, Plan, PostStatus
from smplanner.i18n import _
from smplanner.i18n.formatting import country_name
from smplanner.services.ics_export import CsvOptions, ExportRequest, IcsOptions
from smplanner.ui.widgets.dates import DateEdit

__all__ = ["ExportDialog", "ExportRequest"]

ExportKind = Literal["ics", "csv"]
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
        if kind not in ("ics", "csv"):
            raise ValueError("kind must be 'ics' or 'csv', not {kind!r}".format(kind=kind))
        self.kind = kind
        catalogue = plan.catalogue()
        markets = sorted(plan.markets, key=lambda market: market.code)
        self.markets = _check_list([(market.id, market.code) for market in markets])
        self._market_countries = {market.id: (market.code, market.country) for market in markets}
        platforms = sorted({presence.platform for presence in plan.presences}, key=catalogue.name)
        self.platforms = _check_list([(platform, catalogue.name(platform)) for platform in platforms])
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
        self.bom = QCheckBox(self)
        self.bom.setChecked(CsvOptions().bom)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.markets_box, self.platforms_box, self.statuses_box = QGroupBox(), QGroupBox(), QGroupBox()
        for group, check_list in ((self.markets_box, self.markets), (self.platforms_box, self.platforms)):
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
        self.first_label, self.last_label, self.duration_label = QLabel(), QLabel(), QLabel(self)
        self.form = QFormLayout()
        self.form.addRow(self.first_label, self.first_edit)
        self.form.addRow(self.last_label, self.last_edit)
        if kind == "ics":
            self.form.addRow(self.duration_label, self.duration)
            self.form.addRow(self.holidays)
        else:
            self.form.addRow(self.bom)
        self.holidays.setVisible(kind == "ics")
        self.duration.setVisible(kind == "ics")
        self.duration_label.setVisible(kind == "ics")
        self.bom.setVisible(kind == "csv")
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(lists)
        layout.addWidget(self.statuses_box)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.markets.itemChanged.connect(self._update)
        self.platforms.itemChanged.connect(self._update)
        for box in self.statuses.values():
            box.toggled.connect(self._update)
        self.first_edit.dateChanged.connect(self._update)
        self.last_edit.dateChanged.connect(self._update)
        self.retranslate()

    def retranslate(self) -> None:
        if self.kind == "ics":
            self.setWindowTitle(_("Export the calendar"))
            self.explanation.setText(_(
                "A calendar file (.ics) is a copy of the posts that Outlook, Google Calendar, Apple Calendar or "
                "Thunderbird imports. It does not follow later changes by itself: after changing the plan, export "
                "again and import the new file. Each post keeps its identity from one export to the next, so your "
                "calendar updates its events instead of adding them twice."
            ))
        else:
            self.setWindowTitle(_("Export the posts as CSV"))
            self.explanation.setText(_(
                "A CSV file opens in any spreadsheet: one row per post with its date, local time, UTC offset, zone, "
                "market, platform, language, content type, status, title and text. Use it to review the calendar "
                "offline or to prepare a bulk upload in a scheduling tool."
            ))
        self.markets_box.setTitle(_("Markets"))
        self.platforms_box.setTitle(_("Platforms"))
        self.statuses_box.setTitle(_("Statuses"))
        for row in range(self.markets.count()):
            item = self.markets.item(row)
            code, country = self._market_countries[item.data(ID_ROLE)]
            item.setText(_("{code} \u2013 {country}").format(code=code, country=country_name(country)))
        for status, box in self.statuses.items():
            box.setText(_(POST_STATUS_LABELS[status]))
        self.first_label.setText(_("From:"))
        self.last_label.setText(_("To:"))
        self.duration_label.setText(_("Each post lasts:"))
        self.duration.setSuffix(_(" min"))
        self.holidays.setText(_("Add each market's public holidays as all-day events"))
        self.bom.setText(_("Start with a byte order mark (spreadsheets need it to read accents and other scripts)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Export\u2026"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "form"):
            self.retranslate()
        super().changeEvent(event)

    def problem_text(self) -> str:
        """Why the export cannot be made as set, or "" when it can."""
        if not _checked(self.markets) and self.markets.count():
            return _("Choose at least one market.")
        if not _checked(self.platforms) and self.platforms.count():
            return _("Choose at least one platform.")
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
        )
        if self.kind == "ics":
            options: IcsOptions | CsvOptions = IcsOptions(
                duration_minutes=self.duration.value(), include_holidays=self.holidays.isChecked()
            )
        else:
            options = CsvOptions(bom=self.bom.isChecked())
        return ExportRequest(export_filter, self.first_edit.day(), self.last_edit.day(), options)

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
