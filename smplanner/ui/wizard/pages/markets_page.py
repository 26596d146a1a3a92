"""Page 2: the target markets — country, optional region, time zone, objectives, and order of entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.plan import OBJECTIVE_LABELS, Market, Objective, Scenario
from smplanner.domain.strategy_draft import PageId, market_label
from smplanner.i18n import N_, _
from smplanner.services import country_facts
from smplanner.ui.widgets.dates import DateEdit
from smplanner.ui.widgets.hint_label import HintLabel
from smplanner.ui.widgets.pickers import CodeComboBox, country_items, zone_item
from smplanner.ui.wizard.pages.base import DraftPage

REGION_HINT_WIDTH = 380

OBJECTIVE_HELP = {
    Objective.VISIBILITY: N_(
        "Be seen and credible there: an information channel, even while your website is incomplete or not in the "
        "market's language."
    ),
    Objective.OPPORTUNITIES: N_(
        "Find partners and customers and reduce their perceived risk: they check your profile, mutual contacts and "
        "recommendations before doing business."
    ),
    Objective.RELATIONSHIPS: N_(
        "Build relationships through the company page, the team's professional profiles and, if you wish, private ones."
    ),
}


class MarketsPage(DraftPage):
    page_id = PageId.MARKETS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_label = QLabel()
        self.country_combo = CodeComboBox()
        self.add_button = QPushButton()
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_label)
        add_row.addWidget(self.country_combo, 1)
        add_row.addWidget(self.add_button)

        self.market_list = QListWidget()
        self.market_list.setMinimumWidth(260)
        self.remove_button = QPushButton()
        self.up_button = QPushButton()
        self.down_button = QPushButton()
        list_buttons = QHBoxLayout()
        for button in (self.remove_button, self.up_button, self.down_button):
            list_buttons.addWidget(button)
        list_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.market_list, 1)
        left.addLayout(list_buttons)

        self.details = QGroupBox()
        self.subdivision_combo = CodeComboBox(searchable=False)
        self.region_hint = QLabel()
        self.region_hint.setWordWrap(True)
        self.region_hint.setMinimumWidth(REGION_HINT_WIDTH)
        self.region_hint.setVisible(False)
        region = QVBoxLayout()
        region.setSpacing(2)
        region.addWidget(self.subdivision_combo, 0, Qt.AlignmentFlag.AlignLeft)
        region.addWidget(self.region_hint)
        self.zone_combo = CodeComboBox()
        self.objective_boxes: dict[Objective, QCheckBox] = {}
        self.objective_help: dict[Objective, HintLabel] = {}
        objectives = QVBoxLayout()
        for objective in Objective:
            box = QCheckBox()
            help_label = HintLabel()
            help_label.setIndent(24)
            self.objective_boxes[objective] = box
            self.objective_help[objective] = help_label
            objectives.addWidget(box)
            objectives.addWidget(help_label)
        self.entry_box = QCheckBox()
        self.entry_edit = DateEdit()
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry_box)
        entry_row.addWidget(self.entry_edit)
        entry_row.addStretch(1)
        self.details_form = QFormLayout(self.details)
        self.details_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.details_labels = [QLabel() for _row in range(4)]
        fields: tuple[QWidget | QLayout, ...] = (region, self.zone_combo, objectives, entry_row)
        for label, field in zip(self.details_labels, fields, strict=True):
            if isinstance(field, QWidget):
                self.details_form.addRow(label, field)
            else:
                self.details_form.addRow(label, field)
        self.details_labels[0].setBuddy(self.subdivision_combo)
        self.details_labels[1].setBuddy(self.zone_combo)
        self.zone_combo.setMinimumContentsLength(34)
        for help_label in self.objective_help.values():
            help_label.setMinimumWidth(380)

        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty_label)
        self.right.addWidget(self.details)

        middle = QHBoxLayout()
        middle.addLayout(left, 2)
        middle.addWidget(self.right, 3)
        self.body.addLayout(add_row)
        self.body.addLayout(middle, 1)

        self.country_combo.set_items(country_items(country_facts.country_codes()), placeholder="")
        self.add_button.clicked.connect(self.add_market)
        self.country_combo.on_enter(self.add_market)
        self.remove_button.clicked.connect(self.remove_market)
        QShortcut(QKeySequence.StandardKey.Delete, self.market_list, self.remove_market,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.market_list.currentRowChanged.connect(self._show_market)
        self.subdivision_combo.code_changed.connect(self._on_subdivision)
        self.zone_combo.code_changed.connect(lambda code: self._update_market(zone=code))
        for box in self.objective_boxes.values():
            box.toggled.connect(self._on_objectives)
        self.entry_box.toggled.connect(self._on_entry)
        self.entry_edit.dateChanged.connect(self._on_entry)

    # --- the list ---------------------------------------------------------------------------------------

    def _ordered(self) -> list[Market]:
        return sorted(self.draft.markets, key=lambda m: m.entry_order)

    def _fill_list(self, select_id: str | None = None) -> None:
        progressive = self.draft.firm.scenario is Scenario.PROGRESSIVE
        self.market_list.blockSignals(True)
        self.market_list.clear()
        for market in self._ordered():
            text = market_label(market)
            if progressive:
                text = f"{market.entry_order}. {text}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, market.id)
            item.setToolTip(market.zone)
            self.market_list.addItem(item)
        self.market_list.blockSignals(False)
        ids = [m.id for m in self._ordered()]
        row = ids.index(select_id) if select_id in ids else (0 if ids else -1)
        self.market_list.setCurrentRow(row)
        self._show_market(row)

    def _current(self) -> Market | None:
        item = self.market_list.currentItem()
        if item is None:
            return None
        return self.draft.market(item.data(Qt.ItemDataRole.UserRole))

    def add_market(self) -> None:
        country = self.country_combo.code()
        if not country:
            return
        existing = next((m for m in self.draft.markets if m.country == country and m.subdivision is None), None)
        if existing is None:
            zone = country_facts.main_zone(country) or self.draft.firm.home_zone
            languages = tuple(country_facts.official_languages(country)[:1])
            market = Market(country=country, zone=zone, objectives=(Objective.VISIBILITY,), languages=languages)
            if self.draft.firm.scenario is Scenario.PROGRESSIVE and self.draft.markets:
                last = max((m.entry_date or self.draft.strategy.period_start) for m in self.draft.markets)
                market = replace(market, entry_date=last + timedelta(days=182))
            self.draft.add_market(market)
            existing = self.draft.markets[-1]
        self.country_combo.set_code(None)
        self._fill_list(existing.id)
        self.changed()

    def remove_market(self) -> None:
        market = self._current()
        if market is None:
            return
        row = self.market_list.currentRow()
        self.draft.remove_market(market.id)
        ordered = self._ordered()
        self._fill_list(ordered[min(row, len(ordered) - 1)].id if ordered else None)
        self.changed()

    def _move(self, step: int) -> None:
        market = self._current()
        if market is not None:
            self.draft.move_market(market.id, step)
            self._fill_list(market.id)
            self.changed()

    # --- the selected market's details -----------------------------------------------------------------

    def _show_market(self, _row: int) -> None:
        market = self._current()
        self.right.setCurrentWidget(self.details if market else self.empty_label)
        self.remove_button.setEnabled(market is not None)
        progressive = self.draft.firm.scenario is Scenario.PROGRESSIVE
        for button in (self.up_button, self.down_button):
            button.setVisible(progressive)
            button.setEnabled(market is not None and len(self.draft.markets) > 1)
        if market is None:
            return
        was_loading, self._loading = self._loading, True
        try:
            self.details.setTitle(market_label(market))
            subdivisions = [
                (code, self._subdivision_name(market.country, code))
                for code in country_facts.subdivisions_of(market.country)
            ]
            self.subdivision_combo.set_items(subdivisions, placeholder=_("Whole country"))
            self.subdivision_combo.setEnabled(bool(subdivisions))
            self.subdivision_combo.set_code(market.subdivision)
            self._show_region_hint(market)
            now = datetime.combine(self.today, datetime.min.time())
            self.zone_combo.set_items([zone_item(z, now) for z in country_facts.zones_of(market.country,
                                                                                         market.subdivision)])
            self.zone_combo.set_code(market.zone)
            self.zone_combo.setEnabled(self.zone_combo.count() > 1)
            for objective, box in self.objective_boxes.items():
                box.setChecked(objective in market.objectives)
            self.entry_box.setChecked(market.entry_date is not None)
            entry = market.entry_date or self.draft.strategy.period_start
            self.entry_edit.set_day(entry)
            self.entry_edit.setEnabled(market.entry_date is not None)
            self._set_entry_row_visible(progressive)
        finally:
            self._loading = was_loading

    def _show_region_hint(self, market: Market) -> None:
        """What the holiday data says of the market: national holidays only, or no data for the plan's years."""
        from smplanner.services.holidays import holiday_data_notes

        notes = holiday_data_notes(replace(self.draft.to_plan(), markets=(market,)), named=False).get(market.id, [])
        self.region_hint.setText("\n".join(notes))
        # a wrapped label nested in a form row gets too little height otherwise
        self.region_hint.setMinimumHeight(max(0, self.region_hint.heightForWidth(REGION_HINT_WIDTH)))
        self.region_hint.setVisible(bool(notes))

    def _set_entry_row_visible(self, visible: bool) -> None:
        self.details_form.setRowVisible(3, visible)

    @staticmethod
    def _subdivision_name(country: str, code: str) -> str:
        names = country_facts.subdivision_names(country).get(code)
        return f"{code} \u2014 {names[0]}" if names else code

    def _update_market(self, **changes: Any) -> None:
        market = self._current()
        if self._loading or market is None:
            return
        updated = replace(market, **changes)
        self.draft.replace_market(updated)
        if "subdivision" in changes:
            self._fill_list(updated.id)
        self.changed()

    def _on_subdivision(self, code: str) -> None:
        market = self._current()
        if self._loading or market is None:
            return
        zone = country_facts.main_zone(market.country, code or None) or market.zone
        self._update_market(subdivision=code or None, zone=zone)

    def _on_objectives(self) -> None:
        self._update_market(objectives=tuple(o for o, box in self.objective_boxes.items() if box.isChecked()))

    def _on_entry(self) -> None:
        self.entry_edit.setEnabled(self.entry_box.isChecked())
        self._update_market(entry_date=self.entry_edit.day() if self.entry_box.isChecked() else None)

    def load(self) -> None:
        current = self._current()
        self._fill_list(current.id if current else None)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setSubTitle(_("The countries you go to, and what you want from social networks in each (the "
                           "research's three uses)."))
        self.add_label.setText(_("&Add a country:"))
        self.add_label.setBuddy(self.country_combo)
        self.country_combo.setAccessibleName(_("Country to add"))
        search = self.country_combo.lineEdit()
        if search is not None:
            search.setPlaceholderText(_("Type to search, e.g. Japan"))
        self.add_button.setText(_("Add"))
        self.remove_button.setText(_("&Remove"))
        self.up_button.setText(_("Enter &earlier"))
        self.down_button.setText(_("Enter &later"))
        self.market_list.setAccessibleName(_("Target markets"))
        self.empty_label.setText(_("No market yet. Type a country above and press Add; you can add several."))
        labels = (_("Re&gion:"), _("Time &zone:"), _("Objectives:"), _("Entry:"))
        for label, text in zip(self.details_labels, labels, strict=True):
            label.setText(text)
        self.subdivision_combo.setAccessibleName(_("Region of the market"))
        self.zone_combo.setAccessibleName(_("Time zone of the market"))
        for objective, box in self.objective_boxes.items():
            box.setText(_(OBJECTIVE_LABELS[objective]))
            help_label = self.objective_help[objective]
            help_label.setText(_(OBJECTIVE_HELP[objective]))
            # a wrapped label nested in a form row gets too little height otherwise
            help_label.setMinimumHeight(help_label.heightForWidth(help_label.minimumWidth()))
        self.entry_box.setText(_("Enter this market on"))
        self.entry_edit.setAccessibleName(_("Entry date"))
        if self.wizard() is not None:
            current = self._current()
            self._fill_list(current.id if current is not None else None)

