"""A small dialog where the founder describes a platform the catalogue does not know, with its good days and hours."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import date, time

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.catalogue import (
    CHANNEL_LABELS,
    ChannelType,
    PlatformInfo,
    founder_platform,
)
from smplanner.domain.validation import NAME_LENGTH
from smplanner.i18n import _
from smplanner.i18n.formatting import format_time, week_order, weekday_name
from smplanner.ui.widgets.dates import TimeEdit
from smplanner.ui.widgets.text_limit import limit_length


def own_platform_id(name: str, taken: Collection[str]) -> str:
    """A readable id for the founder's platform ("own-mixi"), different from every id already in use."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "platform"
    candidate, number = "own-" + slug, 2
    while candidate in taken:
        candidate, number = f"own-{slug}-{number}", number + 1
    return candidate


class OwnPlatformDialog(QDialog):
    """Name, kind, good days and one good-hours window of a platform the founder adds to this plan."""

    def __init__(
        self,
        today: date,
        taken_ids: Collection[str],
        country: str | None = None,
        parent: QWidget | None = None,
        base: PlatformInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.base = base  # editing this entry (shipped or the founder's) rather than adding one
        self.today = today
        self.taken_ids = set(taken_ids)
        self.country = country
        self.setObjectName("own_platform_dialog")

        self.name_edit = QLineEdit()
        limit_length(self.name_edit, NAME_LENGTH)
        self.channel_combo = QComboBox()
        for channel, label in CHANNEL_LABELS.items():
            self.channel_combo.addItem(_(label), channel.value)
        self.name_label = QLabel()
        self.name_label.setBuddy(self.name_edit)
        self.channel_label = QLabel()
        self.channel_label.setBuddy(self.channel_combo)

        self.day_checks = [QCheckBox() for _day in range(7)]  # by weekday, 0 = Monday
        days = QGridLayout()
        for position, day in enumerate(week_order()):
            days.addWidget(self.day_checks[day], position // 4, position % 4)
        self.days_label = QLabel()

        self.start_edit = TimeEdit(time(9, 0))
        self.end_edit = TimeEdit(time(12, 0))
        self.hours_label = QLabel()
        self.hours_label.setBuddy(self.start_edit)
        self.to_label = QLabel()
        self.to_label.setBuddy(self.end_edit)
        hours = QHBoxLayout()
        hours.addWidget(self.start_edit)
        hours.addWidget(self.to_label)
        hours.addWidget(self.end_edit)
        hours.addStretch(1)

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.channel_label, self.channel_combo)
        form.addRow(self.days_label, days)
        form.addRow(self.hours_label, hours)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.name_edit.textChanged.connect(self._check)
        self.start_edit.timeChanged.connect(self._check)
        self.end_edit.timeChanged.connect(self._check)
        for check in self.day_checks:
            check.toggled.connect(self._check)
        if base is not None:
            self._show(base)
        self.retranslate_ui()
        self._check()

    def _show(self, base: PlatformInfo) -> None:
        self.name_edit.setText(base.name)
        self.channel_combo.setCurrentIndex(max(self.channel_combo.findData(base.channel_type.value), 0))
        times = base.posting_times
        for day, check in enumerate(self.day_checks):
            check.setChecked(day in times.days)
        if times.windows:
            start, end = times.windows[0]
            self.start_edit.set_clock(start)
            self.end_edit.set_clock(end)

    def good_days(self) -> list[int]:
        return [day for day, check in enumerate(self.day_checks) if check.isChecked()]

    def _window(self) -> tuple[time, time]:
        return self.start_edit.clock(), self.end_edit.clock()

    def problem(self) -> str | None:
        if not self.name_edit.text().strip():
            return _("Give the platform a name.")
        start, end = self._window()
        if self.good_days() and end <= start:
            return _("The good hours must end after they start.")
        return None

    def _check(self) -> None:
        problem = self.problem()
        # the empty name is obvious from the disabled OK button; say only what is not
        self.error.setText(problem if problem and self.name_edit.text().strip() else "")
        self.error.setVisible(bool(self.error.text()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def platform(self) -> PlatformInfo:
        """The entry as written: good hours only when the founder ticked at least one good day."""
        name = self.name_edit.text().strip()
        days = self.good_days()
        if self.base is not None:
            countries = [c.country for c in self.base.countries if c.role.value in ("widely_used", "local_network")]
            return founder_platform(
                self.base.id, name, ChannelType(self.channel_combo.currentData()), self.today,
                days=days, windows=[self._window()] if days else [], countries=countries, base=self.base,
            )
        return founder_platform(
            own_platform_id(name, self.taken_ids),
            name,
            ChannelType(self.channel_combo.currentData()),
            self.today,
            days=days,
            windows=[self._window()] if days else [],
            countries=[self.country] if self.country else [],
        )

    def accept(self) -> None:
        if self.problem() is None:
            super().accept()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(
            _("Your version of {platform}").format(platform=self.base.name) if self.base else _("Add your own platform")
        )
        self.name_label.setText(_("&Name:"))
        self.name_edit.setAccessibleName(_("Name of the platform"))
        self.channel_label.setText(_("&Type:"))
        self.channel_combo.setAccessibleName(_("Type of platform"))
        self.days_label.setText(_("Good days:"))
        for day, check in enumerate(self.day_checks):
            check.setText(weekday_name(day, "wide"))
            check.setAccessibleName(_("Good day: {day}").format(day=check.text()))
        self.hours_label.setText(_("Good &hours, from:"))
        self.start_edit.setAccessibleName(_("Good hours start"))
        self.to_label.setText(_("t&o"))
        self.end_edit.setAccessibleName(_("Good hours end"))
        self.hint.setText(_("Local time in the market. Leave every day unticked if you do not know yet: the calendar "
                            "then uses {time} and you can change it later.").format(time=format_time(time(9, 0))))

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        today: date,
        taken_ids: Collection[str],
        country: str | None = None,
        base: PlatformInfo | None = None,
    ) -> PlatformInfo | None:
        """The platform the founder described (or their version of `base`), or None when they cancel."""
        dialog = cls(today, taken_ids, country, parent, base)
        return dialog.platform() if dialog.exec() == QDialog.DialogCode.Accepted else None
