"""Page 8: types of content — the editorial line, the mix of content, and per market adaptation, tone and paid ads."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.plan import ContentFormat, ContentType, Market
from smplanner.domain.strategy_draft import PageId, market_label
from smplanner.domain.validation import NAME_LENGTH, NOTE_LENGTH
from smplanner.i18n import N_, _
from smplanner.i18n.formatting import currency_symbol
from smplanner.ui.widgets.hint_label import HintLabel
from smplanner.ui.widgets.pickers import CodeComboBox
from smplanner.ui.widgets.scrolling import vertical_scroll
from smplanner.ui.widgets.text_limit import limit_length
from smplanner.ui.wizard.pages.base import DraftPage
from smplanner.ui.wizard.pages.calendar_page import PageWarnings
from smplanner.ui.wizard.pages.language_page import chain_tab_order

FORMAT_LABELS = {
    ContentFormat.TEXT: N_("Text"),
    ContentFormat.IMAGE: N_("Image"),
    ContentFormat.VIDEO: N_("Video"),
}
# The usual mix for a small firm abroad: (name, share %, format, personal).
USUAL_CONTENT_TYPES = (
    (N_("Product news"), 30, ContentFormat.IMAGE, False),
    (N_("Behind the scenes"), 20, ContentFormat.VIDEO, False),
    (N_("Customer stories"), 20, ContentFormat.IMAGE, False),
    (N_("Expertise"), 20, ContentFormat.TEXT, False),
    (N_("Personal posts"), 10, ContentFormat.TEXT, True),
)
MAX_ADS_BUDGET = 1_000_000
EDITORIAL_LINES = 3


class ContentTypeRow:
    """The widgets of one type of content in the types grid: name, share, format, personal?, remove."""

    def __init__(self, page: ContentPage, content_type_id: str) -> None:
        self.page = page
        self.content_type_id = content_type_id
        self.name_edit = QLineEdit()
        limit_length(self.name_edit, NAME_LENGTH)
        self.share_spin = QSpinBox()
        self.share_spin.setRange(0, 100)
        self.share_spin.setSingleStep(5)
        self.share_spin.setSuffix("\u00a0%")
        self.format_combo = CodeComboBox(searchable=False)
        self.format_combo.setMinimumContentsLength(6)
        self.personal_box = QCheckBox()
        self.remove_button = QPushButton()
        self.name_edit.textEdited.connect(lambda text: self._write(name=text))
        self.share_spin.valueChanged.connect(lambda value: self._write(share_percent=value))
        self.format_combo.code_changed.connect(self._on_format)
        self.personal_box.toggled.connect(lambda on: self._write(personal=on))
        self.remove_button.clicked.connect(lambda: self.page.remove_content_type(self.content_type_id))

    @property
    def content_type(self) -> ContentType:
        return next(c for c in self.page.draft.content_types if c.id == self.content_type_id)

    def widgets(self) -> list[QWidget]:
        return [self.name_edit, self.share_spin, self.format_combo, self.personal_box, self.remove_button]

    def load(self) -> None:
        content_type = self.content_type
        self.name_edit.setText(content_type.name)
        self.share_spin.setValue(content_type.share_percent)
        self.format_combo.set_code(content_type.format.value)
        self.personal_box.setChecked(content_type.personal)

    def _on_format(self, code: str) -> None:
        if code:
            self._write(format=ContentFormat(code))

    def _write(self, **changes: Any) -> None:
        if self.page.loading:
            return
        self.page.draft.replace_content_type(replace(self.content_type, **changes))
        self.page.changed()

    def retranslate_ui(self, number: int) -> None:
        self.name_edit.setAccessibleName(_("Name of type of content {number}").format(number=number))
        self.name_edit.setPlaceholderText(_("e.g. Product news"))
        self.share_spin.setAccessibleName(_("Share of type of content {number}").format(number=number))
        self.format_combo.set_items((f.value, _(label)) for f, label in FORMAT_LABELS.items())
        self.format_combo.setAccessibleName(_("Format of type of content {number}").format(number=number))
        self.personal_box.setAccessibleName(_("Type of content {number} is personal").format(number=number))
        self.personal_box.setToolTip(_("Personal posts (the founder's or the team's voice) rather than the firm's"))
        self.remove_button.setText(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove type of content {number}").format(number=number))


class MarketContentBox(QGroupBox):
    """One market: content adapted to local customs, the personal/professional balance, and paid ads."""

    def __init__(self, page: ContentPage, market_id: str) -> None:
        super().__init__()
        self.page = page
        self.market_id = market_id
        self.adapted_box = QCheckBox()
        self.notes_edit = QPlainTextEdit()
        limit_length(self.notes_edit, NOTE_LENGTH)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 2 + 14)
        self.personal_label = QLabel()
        self.personal_label.setWordWrap(True)
        self.personal_slider = QSlider(Qt.Orientation.Horizontal)
        self.personal_slider.setRange(0, 100)
        self.personal_slider.setSingleStep(5)
        self.personal_slider.setPageStep(10)
        self.personal_slider.setTickInterval(25)
        self.personal_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.personal_spin = QSpinBox()
        self.personal_spin.setRange(0, 100)
        self.personal_spin.setSingleStep(5)
        self.personal_spin.setSuffix("\u00a0%")
        self.personal_label.setBuddy(self.personal_slider)
        self.ads_box = QCheckBox()
        self.budget_spin = QDoubleSpinBox()
        self.budget_spin.setDecimals(0)
        self.budget_spin.setRange(0, MAX_ADS_BUDGET)
        self.budget_spin.setSingleStep(10)
        self.budget_spin.setGroupSeparatorShown(True)
        self.budget_label = QLabel()
        self.budget_label.setBuddy(self.budget_spin)

        balance = QHBoxLayout()
        balance.addWidget(self.personal_slider, 1)
        balance.addWidget(self.personal_spin)
        budget = QHBoxLayout()  # under the tick, not beside it: two boxes side by side must fit a small screen
        budget.setContentsMargins(24, 0, 0, 0)
        budget.addWidget(self.budget_label)
        budget.addWidget(self.budget_spin)
        budget.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.adapted_box)
        layout.addWidget(self.notes_edit)
        layout.addWidget(self.personal_label)
        layout.addLayout(balance)
        layout.addWidget(self.ads_box)
        layout.addLayout(budget)

        self.adapted_box.toggled.connect(self._on_adapted)
        self.notes_edit.textChanged.connect(lambda: self._write(adaptation_notes=self.notes_edit.toPlainText()))
        self.personal_slider.valueChanged.connect(self._on_personal)
        self.personal_spin.valueChanged.connect(self._on_personal)
        self.ads_box.toggled.connect(self._on_ads)
        self.budget_spin.valueChanged.connect(lambda value: self._write(ads_budget_month=Decimal(round(value))))

    @property
    def market(self) -> Market:
        return self.page.draft.market(self.market_id)

    def load(self) -> None:
        market = self.market
        self.setTitle(market_label(market))
        self.adapted_box.setChecked(market.content_adapted)
        if self.notes_edit.toPlainText() != market.adaptation_notes:
            self.notes_edit.setPlainText(market.adaptation_notes)
        self.notes_edit.setEnabled(market.content_adapted)
        self._show_personal(market.personal_share)
        self.ads_box.setChecked(market.paid_ads)
        self.budget_spin.setValue(float(market.ads_budget_month))
        self.budget_spin.setEnabled(market.paid_ads)
        self.budget_label.setEnabled(market.paid_ads)
        self._show_currency()

    def _show_personal(self, share: int) -> None:
        for widget in (self.personal_slider, self.personal_spin):
            widget.blockSignals(True)
            widget.setValue(share)
            widget.blockSignals(False)
        self.personal_label.setText(
            _("Personal and professional content: {personal}\u00a0% personal, "
              "{professional}\u00a0% professional").format(
                personal=share, professional=100 - share
            )
        )

    def _show_currency(self) -> None:
        currency = self.page.draft.strategy.currency
        self.budget_spin.setSuffix("\u00a0" + currency_symbol(currency))

    def _write(self, **changes: Any) -> None:
        if self.page.loading:
            return
        self.page.draft.replace_market(replace(self.market, **changes))
        self.page.changed()

    def _on_adapted(self, on: bool) -> None:
        self.notes_edit.setEnabled(on)
        self._write(content_adapted=on)

    def _on_personal(self, value: int) -> None:
        self._show_personal(value)
        self._write(personal_share=value)

    def _on_ads(self, on: bool) -> None:
        self.budget_spin.setEnabled(on)
        self.budget_label.setEnabled(on)
        self._write(paid_ads=on)

    def focus_order(self) -> list[QWidget]:
        return [self.adapted_box, self.notes_edit, self.personal_slider, self.personal_spin, self.ads_box,
                self.budget_spin]

    def retranslate_ui(self) -> None:
        market = self.market
        label = market_label(market)
        self.setTitle(label)
        self.adapted_box.setText(_("Content adapted to local customs"))
        self.adapted_box.setAccessibleName(_("Content adapted to local customs in {market}").format(market=label))
        self.adapted_box.setToolTip(_("Each adapted market adds work: count it in your hours."))
        self.notes_edit.setPlaceholderText(_("What changes here: tone, seasons, gift customs, taboos, formats\u2026"))
        self.notes_edit.setAccessibleName(_("Adaptation notes for {market}").format(market=label))
        self.personal_slider.setAccessibleName(_("Share of personal content in {market}").format(market=label))
        self.personal_spin.setAccessibleName(
            _("Share of personal content in {market}, in percent").format(market=label))
        self.personal_slider.setToolTip(
            _("Personal profiles are often stronger than the company page, but cultures differ on what is fitting.")
        )
        self._show_personal(self.personal_spin.value())
        self.ads_box.setText(_("Paid ads targeted at this market"))
        self.ads_box.setAccessibleName(_("Paid ads targeted at {market}").format(market=label))
        self.budget_label.setText(_("Budget a month:"))
        self.budget_spin.setAccessibleName(_("Monthly ads budget for {market}").format(market=label))
        self._show_currency()


class ContentPage(DraftPage):
    page_id = PageId.CONTENT

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.editorial_label = QLabel()
        self.editorial_edit = QPlainTextEdit()
        limit_length(self.editorial_edit, NOTE_LENGTH)
        self.editorial_edit.setTabChangesFocus(True)
        self.editorial_edit.setFixedHeight(self.editorial_edit.fontMetrics().lineSpacing() * EDITORIAL_LINES + 14)
        self.editorial_label.setBuddy(self.editorial_edit)

        self.types_box = QGroupBox()
        self.types_grid = QGridLayout()
        self.header_labels = [QLabel() for _column in range(4)]
        for column, label in enumerate(self.header_labels):
            self.types_grid.addWidget(
                label, 0, column, Qt.AlignmentFlag.AlignCenter if column == 3 else Qt.AlignmentFlag(0))
        self.types_grid.setColumnStretch(0, 1)
        self.rows: list[ContentTypeRow] = []
        self.empty_label = HintLabel()
        self.add_button = QPushButton()
        self.usual_button = QPushButton()
        self.total_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.usual_button)
        buttons.addStretch(1)
        buttons.addWidget(self.total_label)
        types_layout = QVBoxLayout(self.types_box)
        types_layout.addLayout(self.types_grid)
        types_layout.addWidget(self.empty_label)
        types_layout.addLayout(buttons)

        self.markets_title = QLabel()
        self.markets_grid = QGridLayout()
        self.market_boxes: list[MarketContentBox] = []

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addWidget(self.editorial_label)
        layout.addWidget(self.editorial_edit)
        layout.addWidget(self.types_box)
        layout.addWidget(self.markets_title)
        layout.addLayout(self.markets_grid)
        layout.addStretch(1)
        self.types_scroll = vertical_scroll(content)
        self.warnings = PageWarnings()
        self.body.addWidget(self.types_scroll, 1)
        self.body.addWidget(self.warnings)

        self.editorial_edit.textChanged.connect(self._on_editorial)
        self.add_button.clicked.connect(self.add_content_type)
        self.usual_button.clicked.connect(self.add_usual_types)
        self.retranslate_ui()

    # `loading` lets the rows and boxes share the page's guard against writing while widgets are being filled.
    @property
    def loading(self) -> bool:
        return self._loading

    # --- writing to the draft ---------------------------------------------------------------------------

    def _on_editorial(self) -> None:
        if self._loading:
            return
        self.draft.strategy = replace(self.draft.strategy, editorial_line=self.editorial_edit.toPlainText())
        self.changed()

    def add_content_type(self) -> None:
        left = 100 - sum(c.share_percent for c in self.draft.content_types)
        self.draft.replace_content_type(ContentType(name="", share_percent=max(0, left)))
        self._reload_types()
        self.rows[-1].name_edit.setFocus()
        self.changed()

    def add_usual_types(self) -> None:
        if self.draft.content_types:
            return
        for name, share, content_format, personal in USUAL_CONTENT_TYPES:
            self.draft.replace_content_type(
                ContentType(name=_(name), share_percent=share, format=content_format, personal=personal)
            )
        self._reload_types()
        self.rows[0].name_edit.setFocus()
        self.changed()

    def remove_content_type(self, content_type_id: str) -> None:
        index = next(i for i, row in enumerate(self.rows) if row.content_type_id == content_type_id)
        self.draft.remove_content_type(content_type_id)
        self._reload_types()
        if self.rows:
            self.rows[min(index, len(self.rows) - 1)].name_edit.setFocus()
        else:
            self.usual_button.setFocus()
        self.changed()

    def changed(self) -> None:
        super().changed()
        if not self._loading:
            self._show_summary()

    # --- showing the draft ------------------------------------------------------------------------------

    def load(self) -> None:
        if self.editorial_edit.toPlainText() != self.draft.strategy.editorial_line:
            self.editorial_edit.setPlainText(self.draft.strategy.editorial_line)
        self._build_types()
        for box in self.market_boxes:
            self.markets_grid.removeWidget(box)
            box.deleteLater()
        self.market_boxes = []
        for index, market in enumerate(sorted(self.draft.markets, key=lambda m: m.entry_order)):
            box = MarketContentBox(self, market.id)
            box.retranslate_ui()
            box.load()
            self.market_boxes.append(box)
            self.markets_grid.addWidget(box, index // 2, index % 2)
        self.update_tab_order()

    def _reload_types(self) -> None:
        was_loading, self._loading = self._loading, True
        try:
            self._build_types()
        finally:
            self._loading = was_loading
        self.update_tab_order()

    def _build_types(self) -> None:
        for row in self.rows:
            for widget in row.widgets():
                self.types_grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []
        for number, content_type in enumerate(self.draft.content_types, start=1):
            row = ContentTypeRow(self, content_type.id)
            row.retranslate_ui(number)
            row.load()
            for column, widget in enumerate(row.widgets()):
                centred = widget is row.personal_box
                self.types_grid.addWidget(
                    widget, number, column, Qt.AlignmentFlag.AlignCenter if centred else Qt.AlignmentFlag(0))
            self.rows.append(row)
        empty = not self.rows
        for label in self.header_labels:
            label.setVisible(not empty)
        self.empty_label.setVisible(empty)
        self.usual_button.setVisible(empty)

    def _show_summary(self) -> None:
        total = sum(c.share_percent for c in self.draft.content_types)
        if self.draft.content_types and total != 100:
            self.total_label.setText(_("Total: {total}\u00a0% (should be 100\u00a0%)").format(total=total))
        else:
            self.total_label.setText(_("Total: {total}\u00a0%").format(total=total))
        self.warnings.show_warnings([w.text for w in self.draft.warnings() if w.page is PageId.CONTENT])

    def update_tab_order(self) -> None:
        widgets: list[QWidget] = [self.editorial_edit]
        for row in self.rows:
            widgets += row.widgets()
        widgets += [self.add_button, self.usual_button]
        for box in self.market_boxes:
            widgets += box.focus_order()
        widgets.append(self.warnings)
        chain_tab_order(widgets)

    def retranslate_ui(self) -> None:
        was_loading, self._loading = self._loading, True  # refilling the combo boxes is not the founder's choice
        try:
            self._retranslate()
        finally:
            self._loading = was_loading
        if self.rows or self.market_boxes:
            self._show_summary()

    def _retranslate(self) -> None:
        super().retranslate_ui()
        self.setSubTitle(_("What you post: the editorial line, the mix of content, and how each market gets it."))
        self.editorial_label.setText(_("&Editorial line for the firm and its products:"))
        self.editorial_edit.setAccessibleName(_("Editorial line"))
        self.editorial_edit.setPlaceholderText(_("In a sentence or two: what you talk about, in which tone, for whom."))
        self.types_box.setTitle(_("Types of content and their share of the posts"))
        for label, text in zip(self.header_labels, (_("Name"), _("Share"), _("Format"), _("Personal?")), strict=True):
            label.setText(text)
        self.empty_label.setText(_("No type of content yet: add your own, or start from the usual ones and adjust."))
        self.add_button.setText(_("&Add a type"))
        self.usual_button.setText(_("Add the &usual types"))
        self.usual_button.setToolTip(
            _("Product news, behind the scenes, customer stories, expertise and personal posts, with a starting "
              "share each")
        )
        self.total_label.setAccessibleName(_("Total of the shares"))
        self.markets_title.setText(_("Per market: local customs, personal and professional content, paid ads"))
        self.warnings.setAccessibleName(_("Worth checking in the content"))
        for number, row in enumerate(self.rows, start=1):
            row.retranslate_ui(number)
        for box in self.market_boxes:
            box.retranslate_ui()
