"""Page 6: the language policy — one language for all markets, or several adapted to each — and who translates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QWidget,
)

from smplanner.domain.plan import LanguageMode, Market, Translator
from smplanner.domain.strategy_draft import PageId, market_label
from smplanner.domain.strategy_review import TRANSLATOR_LABELS
from smplanner.i18n import _
from smplanner.i18n.formatting import language_name
from smplanner.services import country_facts
from smplanner.ui.widgets.hint_label import HintLabel
from smplanner.ui.widgets.pickers import CodeComboBox, language_items
from smplanner.ui.widgets.scrolling import vertical_scroll
from smplanner.ui.wizard.pages.base import DraftPage

LANGUAGE_COLUMNS = 3


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Make Tab visit the widgets in this order (widgets built later would otherwise come last)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


class MarketLanguagesBox(QGroupBox):
    """One market: the languages its posts are written in (CLDR's official ones suggested) and who translates."""

    def __init__(self, page: LanguagePage, market_id: str) -> None:
        super().__init__()
        self.page = page
        self.market_id = market_id
        self.language_boxes: dict[str, QCheckBox] = {}
        self.languages_widget = QWidget()
        self.languages_grid = QGridLayout(self.languages_widget)
        self.languages_grid.setContentsMargins(0, 0, 0, 0)
        self.other_combo = CodeComboBox()
        self.other_combo.setMinimumContentsLength(12)
        self.add_button = QPushButton()
        other_row = QHBoxLayout()
        other_row.addWidget(self.other_combo, 1)
        other_row.addWidget(self.add_button)
        self.translator_combo = CodeComboBox(searchable=False)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.addRow(QLabel(), self.languages_widget)
        self.form.addRow(QLabel(), other_row)
        self.form.addRow(QLabel(), self.translator_combo)
        self.add_button.clicked.connect(self.add_other_language)
        self.other_combo.on_enter(self.add_other_language)
        self.translator_combo.code_changed.connect(self._on_translator)

    @property
    def market(self) -> Market:
        return self.page.draft.market(self.market_id)

    def load(self) -> None:
        market = self.market
        self.setTitle(market_label(market))
        self._fill_languages(market)
        self.translator_combo.set_code(market.translator.value)
        self._set_mode_enabled()

    def _fill_languages(self, market: Market) -> None:
        for box in self.language_boxes.values():
            self.languages_grid.removeWidget(box)
            box.deleteLater()
        self.language_boxes = {}
        suggested = country_facts.official_languages(market.country)
        codes = suggested + [code for code in market.languages if code not in suggested]
        for index, code in enumerate(codes):
            box = QCheckBox(language_name(code))
            box.setChecked(code in market.languages)
            box.setAccessibleName(_("{language} for {market}").format(language=language_name(code),
                                                                      market=market_label(market)))
            if code in suggested:
                box.setToolTip(_("An official language of {country} (CLDR)").format(country=market_label(market)))
            box.toggled.connect(lambda on, code=code: self._on_language(code, on))
            self.language_boxes[code] = box
            self.languages_grid.addWidget(box, index // LANGUAGE_COLUMNS, index % LANGUAGE_COLUMNS)

    def _set_mode_enabled(self) -> None:
        per_market = self.page.draft.strategy.language_mode is LanguageMode.PER_MARKET
        for box in self.language_boxes.values():
            box.setEnabled(per_market)
        self.other_combo.setEnabled(per_market)
        self.add_button.setEnabled(per_market)

    def _on_language(self, code: str, on: bool) -> None:
        market = self.market
        languages = [c for c in market.languages if c != code] + ([code] if on else [])
        self.page.write_market(replace(market, languages=tuple(languages)))

    def add_other_language(self) -> None:
        code = self.other_combo.code()
        if not code:
            return
        market = self.market
        if code not in market.languages:
            market = replace(market, languages=(*market.languages, code))
            self.page.write_market(market)
        if code not in self.language_boxes:
            self._fill_languages(market)
            self.page.update_tab_order()
        self.language_boxes[code].setChecked(True)
        self.other_combo.set_code(None)
        self.other_combo.setFocus()

    def _on_translator(self, code: str) -> None:
        if code:
            self.page.write_market(replace(self.market, translator=Translator(code)))

    def focus_order(self) -> list[QWidget]:
        return [*self.language_boxes.values(), self.other_combo, self.add_button, self.translator_combo]

    def retranslate_ui(self) -> None:
        market = self.market
        self.setTitle(market_label(market))
        for code, box in self.language_boxes.items():
            box.setText(language_name(code))
            box.setAccessibleName(_("{language} for {market}").format(language=language_name(code),
                                                                      market=market_label(market)))
        labels = (_("Languages:"), _("Other language:"), _("Who translates:"))
        for row, text in enumerate(labels):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = label.widget() if label is not None else None
            if isinstance(widget, QLabel):
                widget.setText(text)
        self.other_combo.set_items(language_items(), placeholder="")
        field = self.other_combo.lineEdit()
        if field is not None:
            field.setPlaceholderText(_("Type to search, e.g. Dutch"))
        self.other_combo.setAccessibleName(_("Other language for {market}").format(market=market_label(market)))
        self.add_button.setText(_("Add"))
        self.add_button.setAccessibleName(_("Add the language for {market}").format(market=market_label(market)))
        self.translator_combo.set_items((t.value, _(label)) for t, label in TRANSLATOR_LABELS.items())
        self.translator_combo.setAccessibleName(_("Who translates for {market}").format(market=market_label(market)))
        self.translator_combo.setToolTip(_("Who writes or translates the posts in this market's languages"))


class LanguagePage(DraftPage):
    page_id = PageId.LANGUAGE

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.one_button = QRadioButton()
        self.per_market_button = QRadioButton()
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.one_button)
        self.mode_group.addButton(self.per_market_button)
        self.main_combo = CodeComboBox()
        one_row = QHBoxLayout()
        one_row.addWidget(self.one_button)
        one_row.addWidget(self.main_combo)
        one_row.addStretch(1)
        self.mode_help = HintLabel()

        self.markets_widget = QWidget()
        self.markets_grid = QGridLayout(self.markets_widget)
        self.markets_grid.setContentsMargins(0, 0, 0, 0)
        self.markets_scroll = vertical_scroll(self.markets_widget)
        self.market_boxes: list[MarketLanguagesBox] = []

        self.body.addWidget(self.intro)
        self.body.addLayout(one_row)
        self.body.addWidget(self.per_market_button)
        self.body.addWidget(self.mode_help)
        self.body.addWidget(self.markets_scroll, 1)

        self.one_button.toggled.connect(self._on_mode)
        self.main_combo.code_changed.connect(self._on_main_language)
        self.retranslate_ui()

    # --- writing to the draft ---------------------------------------------------------------------------

    def write_market(self, market: Market) -> None:
        if self._loading:
            return
        self.draft.replace_market(market)
        self.draft.apply_language_policy()
        self.changed()

    def _on_mode(self, one_for_all: bool) -> None:
        if self._loading:
            return
        mode = LanguageMode.ONE_FOR_ALL if one_for_all else LanguageMode.PER_MARKET
        self.draft.strategy = replace(self.draft.strategy, language_mode=mode)
        self.draft.apply_language_policy()
        self._show_mode()
        self.changed()

    def _on_main_language(self, code: str) -> None:
        if self._loading or not code:
            return
        self.draft.strategy = replace(self.draft.strategy, main_language=code)
        self.draft.apply_language_policy()
        self._show_mode()
        self.changed()

    # --- showing the draft ------------------------------------------------------------------------------

    def load(self) -> None:
        strategy = self.draft.strategy
        one = strategy.language_mode is LanguageMode.ONE_FOR_ALL
        self.one_button.setChecked(one)
        self.per_market_button.setChecked(not one)
        self.main_combo.set_code(strategy.main_language)
        self._build_market_boxes()
        self._show_mode()

    def _build_market_boxes(self) -> None:
        for box in self.market_boxes:
            self.markets_grid.removeWidget(box)
            box.deleteLater()
        self.market_boxes = []
        ordered = sorted(self.draft.markets, key=lambda m: m.entry_order)
        for index, market in enumerate(ordered):
            box = MarketLanguagesBox(self, market.id)
            box.retranslate_ui()
            box.load()
            self.market_boxes.append(box)
            self.markets_grid.addWidget(box, index // 2, index % 2)
        self.markets_grid.setRowStretch(self.markets_grid.rowCount(), 1)
        self.update_tab_order()

    def _show_mode(self) -> None:
        strategy = self.draft.strategy
        one = strategy.language_mode is LanguageMode.ONE_FOR_ALL
        self.main_combo.setEnabled(one)
        for box in self.market_boxes:
            box._set_mode_enabled()
        if one:
            self.mode_help.setText(
                _("Every market gets its posts in {language}; the languages below are kept for later.").format(
                    language=language_name(strategy.main_language)
                )
            )
        else:
            self.mode_help.setText(
                _("Each market gets its posts in the languages ticked below; every extra language is one more "
                  "version of each post to write or have translated.")
            )

    def update_tab_order(self) -> None:
        widgets: list[QWidget] = [self.one_button, self.main_combo, self.per_market_button]
        for box in self.market_boxes:
            widgets += box.focus_order()
        chain_tab_order(widgets)

    def retranslate_ui(self) -> None:
        was_loading, self._loading = self._loading, True  # refilling the combo boxes is not the founder's choice
        try:
            self._retranslate()
        finally:
            self._loading = was_loading

    def _retranslate(self) -> None:
        super().retranslate_ui()
        self.setSubTitle(_("One language for all your markets, or several adapted to each market."))
        self.intro.setText(
            _("The research found both choices among small firms going abroad. A post in the market's language reaches "
              "more people there, but each language multiplies the writing or the translation.")
        )
        self.one_button.setText(_("&One language for all markets:"))
        self.per_market_button.setText(_("&Several languages, adapted to the markets"))
        self.main_combo.set_items(language_items())
        self.main_combo.set_code(self.draft.strategy.main_language)
        self.main_combo.setAccessibleName(_("Language for all markets"))
        self.markets_widget.setAccessibleName(_("Languages per market"))
        for box in self.market_boxes:
            box.retranslate_ui()
        if self.market_boxes:
            self._show_mode()
