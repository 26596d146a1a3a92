"""What the holiday data cannot say is said: no data for a market's years in the calendar, the review page and the
summary; national holidays only for a whole federal country in the wizard and the review; the founder's night on
the firm page; holiday corrections and events through File › Import strategy."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, time
from pathlib import Path

from PySide6.QtCore import QTime

from smplanner.domain.examples import example
from smplanner.domain.market_days import HolidayOverride, MarketEvent, OverrideAction
from smplanner.domain.plan import Market, Objective
from smplanner.domain.strategy_draft import StrategyDraft
from smplanner.services.plan_files import create_from_example
from smplanner.services.planning import PlanningService, posts_for
from smplanner.services.summary import summary_data
from smplanner.storage.plan_file import PlanFile
from smplanner.ui import file_dialogs
from smplanner.ui.calendar.calendar_area import Tab
from smplanner.ui.dialogs import messages
from smplanner.ui.main_window import MainWindow
from smplanner.ui.wizard.pages.firm_page import FirmPage
from smplanner.ui.wizard.pages.markets_page import MarketsPage
from smplanner.ui.wizard.pages.review_page import ReviewPage

TODAY = date(2027, 1, 6)
START = date(2027, 1, 11)
SRI_LANKA = Market("LK", "Asia/Colombo", objectives=(Objective.VISIBILITY,), languages=("si",))


def with_sri_lanka(plan):
    return replace(plan, markets=(*plan.markets, SRI_LANKA))


def page(qtbot, page_class, draft: StrategyDraft):
    shown = page_class(draft, TODAY)
    qtbot.addWidget(shown)
    shown.initializePage()
    return shown


def test_the_calendar_says_which_market_the_holiday_data_knows_nothing_of(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "lk.smplan"
    plan = with_sri_lanka(example("consultancy").build(START))
    PlanFile.create(path, plan, posts_for(plan))
    window.open_plan(path)
    window.calendar.show_tab(Tab.MONTH)
    note = window.calendar.holiday_data_note
    assert note.isVisible()
    assert note.text() == ("\u2139 Sri Lanka: No holiday data for 2027, 2028; its public holidays those years are not "
                           "known.")
    window.calendar.show_tab(Tab.WORKLOAD)
    assert not note.isVisible()
    window.calendar.show_tab(Tab.AGENDA)
    assert note.isVisible()


def test_a_plan_with_full_holiday_data_shows_no_note(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "c.smplan"
    create_from_example(path, "consultancy", TODAY)
    window.open_plan(path)
    window.calendar.show_tab(Tab.WEEK)
    assert not window.calendar.holiday_data_note.isVisible()


def test_the_summary_names_the_gap_beside_the_market() -> None:
    plan = with_sri_lanka(example("consultancy").build(START))
    data = summary_data(plan, posts_for(plan), TODAY)
    row = next(m for m in data.markets if m.code == "LK")
    assert row.holiday_note == "No holiday data for 2027, 2028; its public holidays those years are not known."
    assert all(not m.holiday_note for m in data.markets if m.code != "LK")


def test_the_markets_page_hints_at_a_region_and_says_what_data_is_missing(qtbot) -> None:
    draft = StrategyDraft.from_plan(example("consultancy").build(START))
    draft.add_market(Market("DE", "Europe/Berlin", objectives=(Objective.VISIBILITY,)))
    draft.add_market(SRI_LANKA)
    markets = page(qtbot, MarketsPage, draft)

    def select(code: str) -> None:
        row = next(i for i in range(markets.market_list.count())
                   if markets.market_list.item(i).text().startswith(code) or code in markets.market_list.item(i).text())
        markets.market_list.setCurrentRow(row)

    select("Germany")
    assert markets.region_hint.isVisibleTo(markets)
    assert markets.region_hint.text() == "National holidays only: choose a region for regional ones."
    markets.subdivision_combo.set_code("BY")
    select("Germany (BY)")
    assert not markets.region_hint.isVisibleTo(markets)
    assert markets.zone_combo.code() == "Europe/Berlin"
    select("Sri Lanka")
    assert "No holiday data for 2027, 2028" in markets.region_hint.text()


def test_the_review_page_lists_the_hints_and_the_gaps(qtbot) -> None:
    draft = StrategyDraft.from_plan(example("consultancy").build(START))
    draft.add_market(Market("DE", "Europe/Berlin", objectives=(Objective.VISIBILITY,)))
    draft.add_market(SRI_LANKA)
    review = page(qtbot, ReviewPage, draft)
    notes = review.holiday_notes()
    assert "Germany: National holidays only: choose a region for regional ones." in notes
    assert any(note.startswith("Sri Lanka: No holiday data for 2027") for note in notes)
    html = review.review_html()
    assert "Germany: National holidays only" in html


def test_an_unknown_region_blocks_the_markets_page(qtbot) -> None:
    draft = StrategyDraft.from_plan(example("consultancy").build(START))
    draft.add_market(Market("DE", "Europe/Berlin", subdivision="BAY", objectives=(Objective.VISIBILITY,)))
    markets = page(qtbot, MarketsPage, draft)
    assert not markets.isComplete()
    assert any("\u201cBAY\u201d is not a region of Germany" in problem for problem in draft.problems(markets.page_id))


def test_the_founder_s_night_is_set_on_the_firm_page(qtbot) -> None:
    draft = StrategyDraft.from_plan(example("consultancy").build(START))
    firm = page(qtbot, FirmPage, draft)
    firm.retranslate_ui()  # as the wizard does
    assert firm.night_start_edit.time() == QTime(22, 0) and firm.night_end_edit.time() == QTime(7, 0)
    firm.night_start_edit.setTime(QTime(23, 30))
    firm.night_end_edit.setTime(QTime(6, 0))
    assert (draft.firm.night_start, draft.firm.night_end) == (time(23, 30), time(6, 0))
    assert firm.night_start_edit.accessibleName() == "Your night starts"


def test_importing_a_strategy_brings_its_holiday_corrections_and_events(window: MainWindow, tmp_path: Path,
                                                                       monkeypatch) -> None:
    source = tmp_path / "source.smplan"
    create_from_example(source, "consultancy", TODAY)
    with PlanFile.open(source) as plan_file:
        service = PlanningService(plan_file)
        france = service.plan().markets[0]
        service.set_holiday_override(HolidayOverride(france.id, date(2027, 5, 17), OverrideAction.REMOVE))
        service.save_market_event(MarketEvent(france.id, date(2027, 9, 20), "Salon des entrepreneurs"))
    window.open_plan(source)
    target = tmp_path / "strategy.toml"
    monkeypatch.setattr(file_dialogs, "ask_strategy_path", lambda parent, saving, start: target)
    window.export_strategy_action.trigger()
    written = tomllib.loads(target.read_text(encoding="utf-8"))["markets"][0]
    assert written["holiday_corrections"] == [{"date": date(2027, 5, 17), "action": "remove"}]
    assert written["events"] == [{"date": date(2027, 9, 20), "name": "Salon des entrepreneurs"}]

    other = tmp_path / "other.smplan"
    create_from_example(other, "training", TODAY)
    window.open_plan(other)
    monkeypatch.setattr(messages, "ask_replace_strategy", lambda parent, name: True)
    window.import_strategy_action.trigger()
    france = window.service.plan().markets[0]
    assert [(o.market_id, o.day, o.action) for o in window.service.holiday_overrides()] == [
        (france.id, date(2027, 5, 17), OverrideAction.REMOVE)]
    assert [(e.market_id, e.name) for e in window.service.market_events()] == [(france.id, "Salon des entrepreneurs")]
    assert date(2027, 5, 17) not in window.service.holidays_in(date(2027, 5, 1), date(2027, 5, 31))[france.id]
