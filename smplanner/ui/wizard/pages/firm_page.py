"""Page 1: the firm, its home, the founder's working hours and the internationalisation scenario."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.plan import SCENARIO_LABELS, Audience, Scenario
from smplanner.domain.strategy_draft import PageId
from smplanner.domain.validation import NAME_LENGTH
from smplanner.i18n import N_, _
from smplanner.i18n.formatting import week_order, weekday_name
from smplanner.services import country_facts
from smplanner.ui.widgets.dates import TimeEdit
from smplanner.ui.widgets.hint_label import HintLabel
from smplanner.ui.widgets.pickers import CodeComboBox, country_items, zone_item
from smplanner.ui.widgets.text_limit import limit_length
from smplanner.ui.wizard.pages.base import DraftPage

AUDIENCE_LABELS = {
    Audience.B2B: N_("Businesses (B2B)"),
    Audience.B2C: N_("Consumers (B2C)"),
    Audience.BOTH: N_("Both"),
}
SCENARIO_HELP = {
    Scenario.BORN_GLOBAL: N_("Several markets, even distant ones, at once from the start."),
    Scenario.PROGRESSIVE: N_("One market after another, close ones first; each market gets an entry date."),
}


class FirmPage(DraftPage):
    page_id = PageId.FIRM

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.name_edit = QLineEdit()
        limit_length(self.name_edit, NAME_LENGTH)
        self.country_combo = CodeComboBox()
        self.country_combo.set_items(country_items(country_facts.country_codes()))
        self.subdivision_combo = CodeComboBox(searchable=False)
        self.zone_combo = CodeComboBox()
        self.sector_edit = QLineEdit()
        limit_length(self.sector_edit, NAME_LENGTH)
        self.audience_combo = CodeComboBox(searchable=False)
        self.team_spin = QSpinBox()
        self.team_spin.setRange(1, 500)
        self.scenario_group = QButtonGroup(self)
        self.scenario_buttons: dict[Scenario, QRadioButton] = {}
        self.scenario_help: dict[Scenario, HintLabel] = {}
        scenario_box = QVBoxLayout()
        for scenario in Scenario:
            button = QRadioButton()
            self.scenario_group.addButton(button)
            self.scenario_buttons[scenario] = button
            help_label = HintLabel()
            help_label.setIndent(24)
            self.scenario_help[scenario] = help_label
            scenario_box.addWidget(button)
            scenario_box.addWidget(help_label)
        self.start_edit, self.hours_to, self.end_edit, hours_row = _time_range()
        self.night_start_edit, self.night_to, self.night_end_edit, night_row = _time_range()
        self.day_boxes = [QCheckBox() for _day in range(7)]  # by weekday, 0 = Monday; shown in the locale's order
        days_row = QHBoxLayout()
        for day in week_order():
            days_row.addWidget(self.day_boxes[day])
        days_row.addStretch(1)
        self.hours_help = HintLabel()

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        fields: tuple[QWidget | QLayout, ...] = (
            self.name_edit, self.country_combo, self.subdivision_combo, self.zone_combo, self.sector_edit,
            self.audience_combo, self.team_spin, scenario_box, hours_row, days_row, night_row,
        )
        self.form_labels = [QLabel() for _field in fields]
        for label, field in zip(self.form_labels, fields, strict=True):
            if isinstance(field, QWidget):
                self.form.addRow(label, field)
                label.setBuddy(field)
            else:
                self.form.addRow(label, field)
        self.form_labels[8].setBuddy(self.start_edit)
        self.form_labels[10].setBuddy(self.night_start_edit)
        self.form.addRow("", self.hours_help)
        self.hours_help.setMinimumWidth(520)
        self.zone_combo.setMinimumContentsLength(34)
        for help_label in self.scenario_help.values():
            help_label.setMinimumWidth(520)
        self.body.addWidget(self.intro)
        self.body.addLayout(self.form)
        self.body.addStretch(1)

        self.name_edit.textEdited.connect(self._on_name)
        self.country_combo.code_changed.connect(self._on_country)
        self.subdivision_combo.code_changed.connect(self._on_subdivision)
        self.zone_combo.code_changed.connect(self._on_zone)
        self.sector_edit.textEdited.connect(lambda text: self._set(sector=text))
        self.audience_combo.code_changed.connect(self._on_audience)
        self.team_spin.valueChanged.connect(lambda value: self._set(team_size=value))
        for scenario, button in self.scenario_buttons.items():
            button.toggled.connect(lambda on, scenario=scenario: self._on_scenario(scenario, on))
        self.start_edit.timeChanged.connect(lambda _t: self._set(working_start=self.start_edit.clock()))
        self.end_edit.timeChanged.connect(lambda _t: self._set(working_end=self.end_edit.clock()))
        self.night_start_edit.timeChanged.connect(lambda _t: self._set(night_start=self.night_start_edit.clock()))
        self.night_end_edit.timeChanged.connect(lambda _t: self._set(night_end=self.night_end_edit.clock()))
        for box in self.day_boxes:
            box.toggled.connect(self._on_days)

    def _set(self, **changes: Any) -> None:
        if self._loading:
            return
        self.draft.firm = replace(self.draft.firm, **changes)
        self.changed()

    def _on_audience(self, code: str) -> None:
        if code:
            self._set(audience=Audience(code))

    def _on_scenario(self, scenario: Scenario, on: bool) -> None:
        if on:
            self._set(scenario=scenario)

    def _on_name(self, text: str) -> None:
        self._set(name=text)  # the wizard's title names the firm: it follows the page's changes

    def _fill_country_choices(self, country: str) -> None:
        subdivisions = [(code, self._subdivision_name(country, code))
                        for code in country_facts.subdivisions_of(country)]
        self.subdivision_combo.set_items(subdivisions, placeholder=_("Whole country"))
        self.subdivision_combo.setEnabled(bool(subdivisions))
        now = datetime.combine(self.today, datetime.min.time())
        self.zone_combo.set_items([zone_item(z, now) for z in country_facts.zones_of(country)])

    @staticmethod
    def _subdivision_name(country: str, code: str) -> str:
        names = country_facts.subdivision_names(country).get(code)
        return f"{code} \u2014 {names[0]}" if names else code

    def _on_country(self, code: str) -> None:
        if self._loading or not code:
            return
        self._loading = True
        try:
            self._fill_country_choices(code)
            self.subdivision_combo.set_code(None)
            self.zone_combo.set_code(country_facts.main_zone(code))
        finally:
            self._loading = False
        self._set(home_country=code, home_subdivision=None, home_zone=self.zone_combo.code() or "")

    def _on_subdivision(self, code: str) -> None:
        if self._loading:
            return
        zone = country_facts.main_zone(self.draft.firm.home_country, code or None)
        self._loading = True
        self.zone_combo.set_code(zone)
        self._loading = False
        self._set(home_subdivision=code or None, home_zone=self.zone_combo.code() or "")

    def _on_zone(self, code: str) -> None:
        self._set(home_zone=code)

    def _on_days(self) -> None:
        self._set(working_days=tuple(i for i, box in enumerate(self.day_boxes) if box.isChecked()))

    def load(self) -> None:
        firm = self.draft.firm
        self.name_edit.setText(firm.name)
        self.country_combo.set_code(firm.home_country)
        self._fill_country_choices(firm.home_country)
        self.subdivision_combo.set_code(firm.home_subdivision)
        self.zone_combo.set_code(firm.home_zone)
        self.sector_edit.setText(firm.sector)
        self.audience_combo.set_code(firm.audience.value)
        self.team_spin.setValue(firm.team_size)
        self.scenario_buttons[firm.scenario].setChecked(True)
        self.start_edit.set_clock(firm.working_start)
        self.end_edit.set_clock(firm.working_end)
        self.night_start_edit.set_clock(firm.night_start)
        self.night_end_edit.set_clock(firm.night_end)
        for index, box in enumerate(self.day_boxes):
            box.setChecked(index in firm.working_days)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setSubTitle(_("Who you are and how you go abroad. Your working hours and your night let the calendar "
                           "flag the posts that would need you then."))
        self.intro.setText(
            _("Each page of this wizard takes one decision of the research model. Nothing is stored until you "
              "press Finish.")
        )
        labels = (
            _("&Firm name:"), _("Home &country:"), _("Re&gion:"), _("Home time &zone:"), _("&Sector:"),
            _("C&ustomers:"), _("People in the &team:"), _("Scenario:"), _("Your working &hours:"), _("Working days:"),
            _("Your n&ight:"),
        )
        for label, text in zip(self.form_labels, labels, strict=True):
            label.setText(text)
        accessible = {
            self.name_edit: _("Firm name"), self.country_combo: _("Home country"), self.subdivision_combo: _("Region"),
            self.zone_combo: _("Home time zone"), self.sector_edit: _("Sector"), self.audience_combo: _("Customers"),
            self.team_spin: _("People in the team"), self.start_edit: _("Working day starts"),
            self.end_edit: _("Working day ends"), self.night_start_edit: _("Your night starts"),
            self.night_end_edit: _("Your night ends"),
        }
        for widget, name in accessible.items():
            widget.setAccessibleName(name)
        self.sector_edit.setPlaceholderText(_("e.g. confectionery, consultancy, training"))
        self.audience_combo.set_items([(a.value, _(AUDIENCE_LABELS[a])) for a in Audience])
        for scenario, button in self.scenario_buttons.items():
            button.setText(_(SCENARIO_LABELS[scenario]))
            help_label = self.scenario_help[scenario]
            help_label.setText(_(SCENARIO_HELP[scenario]))
            help_label.setMinimumHeight(help_label.heightForWidth(help_label.minimumWidth()))
        self.hours_to.setText(_("to"))
        self.night_to.setText(_("to"))
        for day, box in enumerate(self.day_boxes):
            box.setText(weekday_name(day))
            box.setAccessibleName(weekday_name(day, "wide"))
        self.hours_help.setText(_("In your home time zone. A post due outside your working hours is flagged unless "
                                  "the platform lets you schedule it in advance; one in your night, more so."))


def _time_range() -> tuple[TimeEdit, QLabel, TimeEdit, QHBoxLayout]:
    """From one time to another, in a row: the start, the word between, the end."""
    start, between, end = TimeEdit(), QLabel(), TimeEdit()
    row = QHBoxLayout()
    for widget in (start, between, end):
        row.addWidget(widget)
    row.addStretch(1)
    return start, between, end, row
