"""The wizard's content pages — language, frequency and calendar, types of content — driven through their widgets."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QWidget,
    QWizard,
)

from smplanner.domain.examples import example
from smplanner.domain.market_days import HolidayOverride, OverrideAction
from smplanner.domain.plan import HolidayPolicy, LanguageMode, Translator
from smplanner.domain.strategy_draft import StrategyDraft
from smplanner.i18n import set_language
from smplanner.i18n.formatting import format_time, format_time_range
from smplanner.ui.wizard.pages.base import DraftPage
from smplanner.ui.wizard.pages.calendar_page import CadenceEditor, CalendarPage
from smplanner.ui.wizard.pages.content_page import ContentPage
from smplanner.ui.wizard.pages.language_page import LanguagePage, MarketLanguagesBox

START = date(2027, 1, 4)  # the confectioner's plan runs from 2027-01-04 to 2028-01-03
TODAY = date(2027, 1, 6)
MON, TUE, WED, THU, FRI, SAT = range(6)


def draft_of(name: str = "confectioner") -> StrategyDraft:
    return StrategyDraft.from_plan(example(name).build(START))


def entered(qtbot, page_class: type[DraftPage], draft: StrategyDraft) -> DraftPage:
    page = page_class(draft, TODAY)
    qtbot.addWidget(page)
    page.initializePage()
    return page


def market_id(draft: StrategyDraft, country: str) -> str:
    return next(m.id for m in draft.markets if m.country == country)


def presence_id(draft: StrategyDraft, country: str, platform: str) -> str:
    return next(p.id for p in draft.presences if p.platform == platform and p.market_id == market_id(draft, country))


def problems(page: DraftPage) -> str:
    return page.problem_line.text.text() if not page.problem_line.isHidden() else ""


def unnamed_inputs(page: QWidget) -> list[str]:
    """Inputs a screen reader would announce without a name."""
    kinds = (QAbstractButton, QComboBox, QAbstractSpinBox, QAbstractSlider, QLineEdit, QPlainTextEdit)
    missing = []
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, kinds) or isinstance(widget, QScrollBar):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the editor inside a combo or spin box: the box carries the name
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or text):
            missing.append(f"{type(widget).__name__} {widget.toolTip()}")
    return missing


def focus_chain(start: QWidget, stop: QWidget) -> list[QWidget]:
    chain, widget = [start], start.nextInFocusChain()
    while widget is not stop and widget is not start and len(chain) < 2000:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return [*chain, widget]


# --- language ---------------------------------------------------------------------------------------------


def language_box(page: LanguagePage, country: str) -> MarketLanguagesBox:
    return next(b for b in page.market_boxes if b.market.country == country)


def test_one_language_for_all_markets_sets_every_cadence(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, LanguagePage, draft)
    assert page.per_market_button.isChecked() and not page.main_combo.isEnabled()

    page.one_button.click()
    assert draft.strategy.language_mode is LanguageMode.ONE_FOR_ALL
    assert page.main_combo.isEnabled()
    assert {r.language for r in draft.rules} == {"en"}
    assert not language_box(page, "JP").language_boxes["ja"].isEnabled()

    page.main_combo.set_code("fr")
    assert draft.strategy.main_language == "fr"
    assert {r.language for r in draft.rules} == {"fr"}
    assert "French" in page.mode_help.text()
    assert page.isComplete()

    page.per_market_button.click()
    assert draft.strategy.language_mode is LanguageMode.PER_MARKET
    japan_rules = [r for r in draft.rules if draft.presence(r.presence_id).market_id == market_id(draft, "JP")]
    assert {r.language for r in japan_rules} == {"ja"}


def test_a_market_without_language_blocks_next_and_is_named(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, LanguagePage, draft)
    japan = language_box(page, "JP")
    assert japan.language_boxes["ja"].isChecked()

    japan.language_boxes["ja"].click()
    assert draft.market(market_id(draft, "JP")).languages == ()
    assert not page.isComplete()
    assert "Japan" in problems(page)

    japan.language_boxes["ja"].click()
    assert page.isComplete() and problems(page) == ""


def test_official_languages_are_suggested_and_any_other_can_be_added(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, LanguagePage, draft)
    spain = language_box(page, "ES")
    assert {"es", "ca", "eu", "gl"} <= set(spain.language_boxes)  # CLDR's official and regional languages

    spain.language_boxes["ca"].click()
    assert draft.market(market_id(draft, "ES")).languages == ("es", "ca")

    spain.other_combo.set_code("en")
    spain.add_button.click()
    assert draft.market(market_id(draft, "ES")).languages == ("es", "ca", "en")
    assert spain.language_boxes["en"].isChecked()
    assert spain.language_boxes["en"].text() == "English"


def test_who_translates(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, LanguagePage, draft)
    uk = language_box(page, "GB")
    assert uk.translator_combo.code() == "founder"
    uk.translator_combo.set_code("translator")
    assert draft.market(market_id(draft, "GB")).translator is Translator.TRANSLATOR


def test_language_page_is_named_and_tabs_in_reading_order(qtbot) -> None:
    page = entered(qtbot, LanguagePage, draft_of())
    assert unnamed_inputs(page) == []
    uk, japan = language_box(page, "GB"), language_box(page, "JP")
    chain = focus_chain(page.one_button, japan.translator_combo)
    positions = [chain.index(w) for w in (page.main_combo, uk.language_boxes["en"], uk.translator_combo,
                                          japan.language_boxes["ja"], japan.translator_combo)]
    assert positions == sorted(positions)


# --- frequency and calendar --------------------------------------------------------------------------------


def editor_of(page: CalendarPage, presence: str) -> CadenceEditor:
    box = next(b for b in page.presence_boxes if b.presence_id == presence)
    return box.editors[0]


def test_days_times_and_holiday_policy_update_the_cadence(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, CalendarPage, draft)
    instagram_uk = presence_id(draft, "GB", "instagram")
    editor = editor_of(page, instagram_uk)
    assert [b.isChecked() for b in editor.day_buttons] == [True, False, True, False, True, False, False]
    assert editor.day_buttons[WED].text() == "Wed"

    editor.day_buttons[TUE].click()
    assert draft.rules_of(instagram_uk)[0].weekdays == (MON, TUE, WED, FRI)
    editor.day_buttons[MON].setFocus()
    qtbot.keyClick(editor.day_buttons[MON], Qt.Key.Key_Space)  # keyboard only
    assert draft.rules_of(instagram_uk)[0].weekdays == (TUE, WED, FRI)
    assert editor.posts_label.text() == "3 posts a week"

    editor.time_edits[0].setTime(QTime(10, 15))
    assert draft.rules_of(instagram_uk)[0].times == (time(10, 15),)

    editor.holiday_combo.set_code(HolidayPolicy.SKIP.value)
    assert draft.rules_of(instagram_uk)[0].holiday_policy is HolidayPolicy.SKIP
    editor.interval_spin.setValue(2)
    assert draft.rules_of(instagram_uk)[0].interval_weeks == 2
    assert editor.posts_label.text() == "1.5 posts a week"
    assert editor.interval_spin.suffix() == " weeks"

    for button in editor.day_buttons:
        if button.isChecked():
            button.click()
    assert not page.isComplete()
    assert "Instagram in United Kingdom (ENG)" in problems(page)


def test_a_second_time_of_day(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, CalendarPage, draft)
    instagram_es = presence_id(draft, "ES", "instagram")
    editor = editor_of(page, instagram_es)
    editor.add_time_button.click()
    assert draft.rules_of(instagram_es)[0].times == (time(11, 0), time(17, 0))
    assert len(editor.time_edits) == 2 and editor.add_time_button.isHidden()
    assert editor.posts_label.text() == "4 posts a week"
    editor.time_edits[1].setTime(QTime(18, 30))
    assert draft.rules_of(instagram_es)[0].times == (time(11, 0), time(18, 30))
    editor.remove_time_buttons[0].click()
    assert draft.rules_of(instagram_es)[0].times == (time(11, 0),)


def test_suggest_times_puts_a_cadence_in_the_good_hours_and_days_when_someone_can_post(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, CalendarPage, draft)
    facebook_uk = presence_id(draft, "GB", "facebook")
    box = next(b for b in page.presence_boxes if b.presence_id == facebook_uk)
    assert format_time_range(time(8, 0), time(12, 0)) in box.good_hours.text()
    assert "US audiences" in box.basis.text()
    assert "as of 2025-08" in box.good_hours.toolTip()
    assert box.scheduling.text() == "Can be scheduled in advance on the platform itself"
    assert "as of" in box.scheduling.toolTip()
    def shown() -> list[str]:
        return [page.warnings.item(i).text() for i in range(page.warnings.count())]

    editor = box.editors[0]
    editor.time_edits[0].setTime(QTime(18, 0))
    editor.day_buttons[SAT].click()
    editor.day_buttons[WED].click()  # Saturday only: not one of Facebook's good days
    outside = "Facebook in United Kingdom (ENG) at {time} is outside the platform's usual good hours.".format(
        time=format_time(time(18, 0)))
    assert outside in shown()

    editor.suggest_button.click()
    rule = draft.rules_of(facebook_uk)[0]
    facebook = draft.catalogue.get("facebook").posting_times
    assert len(rule.weekdays) == 1 and set(rule.weekdays) <= set(facebook.days)  # as many days as before
    (at,) = rule.times
    assert any(start <= at < end for start, end in facebook.windows)
    assert editor.time_edits[0].time() == QTime(at.hour, at.minute)
    assert editor.day_buttons[rule.weekdays[0]].isChecked()
    assert outside not in shown() and not [text for text in shown() if "Facebook" in text]
    assert editor.suggestion.isVisibleTo(page) and "good hours" in editor.suggestion.text()
    # No published good hours (LINE): an office morning in the market, said as such.
    line_box = next(b for b in page.presence_boxes if b.presence_id == presence_id(draft, "JP", "line"))
    line_box.editors[0].suggest_button.click()
    assert "No published good hours for LINE" in line_box.editors[0].suggestion.text()
    assert line_box.scheduling.text() == "Can be scheduled in advance with the platform's own business tool"


def test_warnings_of_the_calendar_are_shown(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, CalendarPage, draft)
    assert page.warnings.count() == 0  # the example's cadences are at good hours, when someone can post
    xiaohongshu = presence_id(draft, "CN", "xiaohongshu")
    founder = next(a for a in draft.actors if a.kind.value == "founder")
    draft.replace_presence(replace(draft.presence(xiaohongshu), actor_id=founder.id))
    editor_of(page, xiaohongshu).time_edits[0].setTime(QTime(12, 0))
    shown = [page.warnings.item(i).text() for i in range(page.warnings.count())]
    assert shown == ["Xiaohongshu (RED) in China at {noon} is {five} at home, in your night, and the platform offers "
                     "no way to schedule it in advance.".format(noon=format_time(time(12, 0)),
                                                                five=format_time(time(5, 0)))]
    assert page.total_label.text() == "In all: 12 posts a week"


def test_cadences_can_be_added_and_removed(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, CalendarPage, draft)
    wechat = presence_id(draft, "CN", "wechat")
    box = next(b for b in page.presence_boxes if b.presence_id == wechat)
    box.add_button.click()
    assert len(draft.rules_of(wechat)) == 2 and len(box.editors) == 2
    added = draft.rules_of(wechat)[1]  # WeChat has no published good hours: Tuesday and Thursday at 09:00
    assert (added.weekdays, added.times, added.language) == ((TUE, THU), (time(9, 0),), "zh")
    assert box.editors[1].day_buttons[TUE].hasFocus() or not page.isVisible()
    box.editors[1].day_buttons[TUE].click()
    assert page.isComplete()
    assert box.posts_label.text() == "In all: 2 posts a week"
    while box.editors:
        box.editors[0].remove_button.click()
    assert draft.rules_of(wechat) == []
    assert "Give WeChat in China a cadence." in problems(page)


def test_the_plan_period_must_end_after_it_starts(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, CalendarPage, draft)
    assert page.isComplete()
    page.end_edit.setDate(QDate(2026, 12, 31))
    assert draft.strategy.period_end == date(2026, 12, 31)
    assert not page.isComplete()
    assert "The plan period must end after it starts." in problems(page)
    page.end_edit.setDate(QDate(2027, 6, 30))
    assert page.isComplete()


def test_celebrations_worth_planning_for(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, CalendarPage, draft)
    japan = page.celebration_names(market_id(draft, "JP"))
    assert (date(2028, 1, 1), "New Year's Day") in japan
    assert all(START <= day <= date(2028, 1, 3) for day, _name in japan)
    assert (date(2027, 12, 25), "Christmas Day") in page.celebration_names(market_id(draft, "GB"))

    page.start_edit.setDate(QDate(2026, 12, 1))  # the period grows: Japan's New Year's Day 2027 comes in
    assert (date(2027, 1, 1), "New Year's Day") in page.celebration_names(market_id(draft, "JP"))


def test_celebrations_are_the_holidays_as_the_founder_corrected_them(qtbot) -> None:
    draft = draft_of()
    japan = market_id(draft, "JP")
    draft.holiday_corrections = (
        HolidayOverride(japan, date(2027, 12, 31), OverrideAction.ADD, "Omisoka"),
        HolidayOverride(japan, date(2028, 1, 1), OverrideAction.RENAME, "Shogatsu"),
        HolidayOverride(japan, date(2027, 11, 3), OverrideAction.REMOVE),
        HolidayOverride(market_id(draft, "GB"), date(2027, 12, 24), OverrideAction.ADD, "Christmas Eve"),
    )
    uncorrected = draft_of()
    assert date(2027, 11, 3) in dict(entered(qtbot, CalendarPage, uncorrected).celebration_names(
        market_id(uncorrected, "JP")))
    page = entered(qtbot, CalendarPage, draft)
    shown = page.celebration_names(japan)
    assert (date(2027, 12, 31), "Omisoka") in shown and (date(2028, 1, 1), "Shogatsu") in shown
    assert date(2027, 11, 3) not in dict(shown) and (date(2028, 1, 1), "New Year's Day") not in shown
    assert [day for day, _name in shown] == sorted(day for day, _name in shown)
    assert (date(2027, 12, 24), "Christmas Eve") in page.celebration_names(market_id(draft, "GB"))
    assert date(2027, 12, 31) not in dict(page.celebration_names(market_id(draft, "GB")))
    top = page.celebrations.topLevelItem([page.celebrations.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                                          for i in range(page.celebrations.topLevelItemCount())].index(japan))
    assert top.text(0).endswith("{n} holidays".format(n=len(shown)))


def test_celebrations_are_named_in_the_ui_language(qtbot) -> None:
    draft = draft_of("consultancy")
    page = entered(qtbot, CalendarPage, draft)
    assert any(name == "Christmas Day" for _day, name in page.celebration_names(market_id(draft, "FR")))
    set_language("fr")
    page.retranslate_ui()
    assert any(name == "No\u00ebl" for _day, name in page.celebration_names(market_id(draft, "FR")))


def test_calendar_page_is_named_and_tabs_in_reading_order(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, CalendarPage, draft)
    assert unnamed_inputs(page) == []
    first = editor_of(page, presence_id(draft, "GB", "instagram"))
    last_box = page.presence_boxes[-1]
    chain = focus_chain(page.start_edit, page.celebrations)
    positions = [chain.index(w) for w in (page.end_edit, first.day_buttons[MON], first.time_edits[0],
                                          first.language_combo, first.interval_spin, first.type_combo,
                                          first.holiday_combo, first.suggest_button, last_box.add_button,
                                          page.celebrations)]
    assert positions == sorted(positions)


# --- types of content --------------------------------------------------------------------------------------


def test_content_types_add_remove_and_their_total(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, ContentPage, draft)
    assert page.isComplete() and page.total_label.text() == "Total: 100\u00a0%"
    personal = draft.content_types[3]
    assert any(r.content_type_id == personal.id for r in draft.rules)

    page.rows[3].remove_button.click()
    assert [c.name for c in draft.content_types] == ["Product news", "Behind the scenes", "Customer stories"]
    assert not any(r.content_type_id == personal.id for r in draft.rules)  # those cadences now take any type
    assert not page.isComplete()
    assert "add up to 90" in problems(page)
    assert page.total_label.text() == "Total: 90\u00a0% (should be 100\u00a0%)"

    page.add_button.click()
    assert len(page.rows) == 4 and page.rows[3].share_spin.value() == 10
    assert "Give every type of content a name." in problems(page)
    qtbot.keyClicks(page.rows[3].name_edit, "Recipes")
    assert draft.content_types[3].name == "Recipes"
    assert page.isComplete()

    page.rows[0].share_spin.setValue(50)
    assert draft.content_types[0].share_percent == 50
    assert page.total_label.text() == "Total: 110\u00a0% (should be 100\u00a0%)"
    page.rows[1].format_combo.set_code("text")
    page.rows[1].personal_box.click()
    assert draft.content_types[1].format.value == "text" and draft.content_types[1].personal


def test_the_usual_types_when_the_list_is_empty(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, ContentPage, draft)
    assert page.usual_button.isHidden()
    while page.rows:
        page.rows[0].remove_button.click()
    assert draft.content_types == []
    assert not page.usual_button.isHidden()
    assert "Add at least one type of content." in problems(page)

    page.usual_button.click()
    assert [c.name for c in draft.content_types] == [
        "Product news", "Behind the scenes", "Customer stories", "Expertise", "Personal posts",
    ]
    assert sum(c.share_percent for c in draft.content_types) == 100
    assert draft.content_types[-1].personal
    assert page.isComplete() and page.usual_button.isHidden()


def test_the_editorial_line(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, ContentPage, draft)
    page.editorial_edit.clear()
    assert "Write the editorial line in a sentence or two." in problems(page)
    qtbot.keyClicks(page.editorial_edit, "Craft sweets, told with humour.")
    assert draft.strategy.editorial_line == "Craft sweets, told with humour."
    assert page.isComplete()


def test_per_market_adaptation_personal_share_and_paid_ads(qtbot) -> None:
    draft = draft_of()
    page = entered(qtbot, ContentPage, draft)
    spain = next(b for b in page.market_boxes if b.market.country == "ES")
    japan = next(b for b in page.market_boxes if b.market.country == "JP")
    assert not spain.notes_edit.isEnabled()

    spain.adapted_box.click()
    assert draft.market(market_id(draft, "ES")).content_adapted and spain.notes_edit.isEnabled()
    qtbot.keyClicks(spain.notes_edit, "Lunch at 14:00")
    assert draft.market(market_id(draft, "ES")).adaptation_notes == "Lunch at 14:00"

    spain.personal_slider.setValue(45)
    assert draft.market(market_id(draft, "ES")).personal_share == 45
    assert spain.personal_spin.value() == 45
    assert "55\u00a0% professional" in spain.personal_label.text()
    spain.personal_spin.setValue(10)
    assert draft.market(market_id(draft, "ES")).personal_share == 10 and spain.personal_slider.value() == 10

    assert not japan.budget_spin.isEnabled()
    japan.ads_box.click()
    assert draft.market(market_id(draft, "JP")).paid_ads and japan.budget_spin.isEnabled()
    assert japan.budget_spin.suffix() == "\u00a0\u20ac"  # the plan's currency, EUR
    shown = [page.warnings.item(i).text() for i in range(page.warnings.count())]
    assert "Paid ads are on for Japan but have no budget." in shown
    japan.budget_spin.setValue(80)
    assert draft.market(market_id(draft, "JP")).ads_budget_month == Decimal(80)
    shown = [page.warnings.item(i).text() for i in range(page.warnings.count())]
    assert "Paid ads are on for Japan but have no budget." not in shown
    assert "The ads budgets of the markets exceed the paid budget per month." in shown  # 150 + 80 + 200 > 350


def test_content_page_is_named_and_tabs_in_reading_order(qtbot) -> None:
    page = entered(qtbot, ContentPage, draft_of())
    assert unnamed_inputs(page) == []
    chain = focus_chain(page.editorial_edit, page.market_boxes[-1].budget_spin)
    positions = [chain.index(w) for w in (page.rows[0].name_edit, page.rows[0].share_spin, page.rows[-1].remove_button,
                                          page.add_button, page.market_boxes[0].adapted_box,
                                          page.market_boxes[0].budget_spin, page.market_boxes[1].adapted_box)]
    assert positions == sorted(positions)


# --- how the pages look ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page_class", [LanguagePage, CalendarPage, ContentPage])
@pytest.mark.parametrize("size", [(1024, 700), (1280, 800)])
def test_pages_fit_and_are_photographed(qtbot, tmp_path: Path, page_class: type[DraftPage],
                                        size: tuple[int, int]) -> None:
    """Each page inside a wizard fits the window; SMPLANNER_SHOTS=/tmp/shots keeps the pictures to look at."""
    wizard = QWizard()
    qtbot.addWidget(wizard)
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
    page = page_class(draft_of(), TODAY)
    wizard.setPage(page.page_id, page)
    wizard.resize(*size)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.wait(50)  # let the scroll areas settle their scroll bars before the picture
    assert wizard.size().width() == size[0] and wizard.size().height() == size[1]
    assert wizard.minimumSizeHint().width() <= size[0] and wizard.minimumSizeHint().height() <= size[1]
    shots = Path(os.environ.get("SMPLANNER_SHOTS", str(tmp_path)))
    shots.mkdir(parents=True, exist_ok=True)
    picture = shots / f"{page_class.__name__}_{size[0]}x{size[1]}.png"
    assert wizard.grab().save(str(picture))


@pytest.mark.parametrize("page_class", [LanguagePage, CalendarPage, ContentPage])
def test_switching_the_ui_language_relabels_without_touching_the_draft(qtbot, page_class: type[DraftPage]) -> None:
    draft = draft_of()
    page = entered(qtbot, page_class, draft)
    before = draft.to_plan()
    set_language("fr")
    page.retranslate_ui()
    page.initializePage()
    assert draft.to_plan() == before
    assert page.isComplete()
    assert unnamed_inputs(page) == []
