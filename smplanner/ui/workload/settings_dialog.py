"""The workload settings: the minutes a post, a presence and a market's ads cost, and the money translation and an
agency cost, which the workload panel's figures are computed from."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.plan import ContentFormat
from smplanner.domain.workload import WorkloadSettings
from smplanner.i18n import N_, _
from smplanner.i18n.formatting import currency_symbol

MAX_MINUTES = 24 * 60
MAX_MONEY = 1_000_000
FORMAT_ROW_LABELS = {
    ContentFormat.TEXT: N_("Text post:"),
    ContentFormat.IMAGE: N_("Image post:"),
    ContentFormat.VIDEO: N_("Video post:"),
}


def _minutes_spin(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, MAX_MINUTES)
    spin.setSingleStep(5)
    spin.setValue(int(value))
    spin.setMinimumWidth(110)
    return spin


def _money_spin(value: Decimal, currency: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0, MAX_MONEY)
    spin.setDecimals(2)
    spin.setSingleStep(10)
    spin.setValue(float(value))
    spin.setSuffix("\u00a0" + currency_symbol(currency))
    spin.setMinimumWidth(110)
    return spin


class WorkloadSettingsDialog(QDialog):
    """Edits a copy of the workload settings; `settings()` is the edited copy."""

    def __init__(self, settings: WorkloadSettings, parent: QWidget | None = None, *, currency: str = "EUR") -> None:
        super().__init__(parent)
        self._original = settings
        self.format_spins = {
            fmt: _minutes_spin(settings.minutes_per_post.get(fmt, settings.default_minutes_per_post))
            for fmt in ContentFormat
        }
        self.default_spin = _minutes_spin(settings.default_minutes_per_post)
        self.adaptation_spin = _minutes_spin(settings.adaptation_minutes)
        self.language_spin = _minutes_spin(settings.language_version_minutes)
        self.community_spin = _minutes_spin(settings.community_minutes_per_presence)
        self.ads_spin = _minutes_spin(settings.ads_minutes_per_market)
        self.translation_spin = _money_spin(settings.translation_cost_per_version, currency)
        self.agency_spin = _money_spin(settings.agency_cost_month, currency)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.post_group = QGroupBox()
        self.post_form = QFormLayout(self.post_group)
        self.week_group = QGroupBox()
        self.week_form = QFormLayout(self.week_group)
        self.money_group = QGroupBox()
        self.money_form = QFormLayout(self.money_group)
        self.row_labels: dict[QWidget, QLabel] = {}
        rows = (
            *((self.post_form, spin) for spin in self.format_spins.values()),
            (self.post_form, self.default_spin),
            (self.post_form, self.adaptation_spin),
            (self.post_form, self.language_spin),
            (self.week_form, self.community_spin),
            (self.week_form, self.ads_spin),
            (self.money_form, self.translation_spin),
            (self.money_form, self.agency_spin),
        )
        for form, spin in rows:
            label = QLabel()
            label.setBuddy(spin)
            self.row_labels[spin] = label
            form.addRow(label, spin)
        for form in (self.post_form, self.week_form, self.money_form):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.post_group)
        layout.addWidget(self.week_group)
        layout.addWidget(self.money_group)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Workload settings"))
        self.intro.setText(_("The time and money the workload figures count. Change them to match how fast you "
                             "and your team really work."))
        self.post_group.setTitle(_("Minutes per post"))
        self.week_group.setTitle(_("Minutes per week"))
        self.money_group.setTitle(_("Money"))
        for fmt in ContentFormat:
            self.row_labels[self.format_spins[fmt]].setText(_(FORMAT_ROW_LABELS[fmt]))
        labels = (
            (self.default_spin, _("Post without a content type:")),
            (self.adaptation_spin, _("Adapting a post to a market's customs:")),
            (self.language_spin, _("Each further language version:")),
            (self.community_spin, _("Comments and messages, per presence:")),
            (self.ads_spin, _("Paid ads, per market that runs them:")),
            (self.translation_spin, _("Translation, per language version:")),
            (self.agency_spin, _("Agency, per month:")),
        )
        for spin, text in labels:
            self.row_labels[spin].setText(text)
        for spin in (*self.format_spins.values(), self.default_spin):
            spin.setSuffix(_("\u00a0min"))
        for spin in (self.adaptation_spin, self.language_spin):
            spin.setPrefix("+")
            spin.setSuffix(_("\u00a0min"))
        for spin in (self.community_spin, self.ads_spin):
            spin.setSuffix(_("\u00a0min"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def restore_defaults(self) -> None:
        self._show(WorkloadSettings())

    def _show(self, settings: WorkloadSettings) -> None:
        for fmt, spin in self.format_spins.items():
            spin.setValue(int(settings.minutes_per_post.get(fmt, settings.default_minutes_per_post)))
        self.default_spin.setValue(int(settings.default_minutes_per_post))
        self.adaptation_spin.setValue(int(settings.adaptation_minutes))
        self.language_spin.setValue(int(settings.language_version_minutes))
        self.community_spin.setValue(int(settings.community_minutes_per_presence))
        self.ads_spin.setValue(int(settings.ads_minutes_per_market))
        self.translation_spin.setValue(float(settings.translation_cost_per_version))
        self.agency_spin.setValue(float(settings.agency_cost_month))

    def settings(self) -> WorkloadSettings:
        """The settings as edited."""
        # replace(): any setting this dialog does not show keeps its value.
        return replace(
            self._original,
            minutes_per_post={fmt: spin.value() for fmt, spin in self.format_spins.items()},
            default_minutes_per_post=self.default_spin.value(),
            adaptation_minutes=self.adaptation_spin.value(),
            language_version_minutes=self.language_spin.value(),
            community_minutes_per_presence=self.community_spin.value(),
            ads_minutes_per_market=self.ads_spin.value(),
            translation_cost_per_version=Decimal(str(round(self.translation_spin.value(), 2))),
            agency_cost_month=Decimal(str(round(self.agency_spin.value(), 2))),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, settings: WorkloadSettings, *,
            currency: str | None = None) -> WorkloadSettings | None:
        """The edited settings, or None when the founder cancels (tests replace this method).

        Amounts are shown in `currency`, else in the parent's (a parent with a `currency()` method), else in euros.
        """
        if currency is None:
            currency_of = getattr(parent, "currency", None)
            currency = currency_of() if callable(currency_of) else "EUR"
        dialog = cls(settings, parent, currency=currency)
        return dialog.settings() if dialog.exec() == QDialog.DialogCode.Accepted else None
