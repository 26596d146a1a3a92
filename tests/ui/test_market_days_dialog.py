"""The market days dialog on a real plan file: the holiday data with the founder's corrections marked, each change
stored at once, the founder's events, and the sourced marketing moments."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from plan_factories import example_service
from PySide6.QtCore import Qt

from smplanner.domain.market_days import HolidayOverride, OverrideAction
from smplanner.services.holidays import data_source
from smplanner.services.planning import Changes, PlanningService
from smplanner.ui.dialogs import market_days_dialog
from smplanner.ui.dialogs.market_days_dialog import DayAndNameDialog, MarketDaysDialog

FIRST, LAST = date(2027, 1, 1), date(2027, 12, 31)
CHRISTMAS, EARLY_MAY = date(2027, 12, 25), date(2027, 5, 3)


@pytest.fixture
def service(tmp_path: Path):
    with example_service(tmp_path, "confectioner", date(2027, 1, 6)) as opened:
        yield opened


@pytest.fixture
def uk(service: PlanningService) -> str:
    return next(m.id for m in service.plan().markets if m.code == "GB-ENG")


@pytest.fixture
def dialog(qtbot, service, uk) -> MarketDaysDialog:
    shown = MarketDaysDialog(service, uk, FIRST, LAST)
    qtbot.addWidget(shown)
    return shown


@pytest.fixture
def answers(monkeypatch):
    """What the founder types into the small prompts, in order; None cancels."""
    given: dict[str, list] = {"day_and_name": [], "name": []}
    monkeypatch.setattr(DayAndNameDialog, "ask", classmethod(lambda cls, *args, **kwargs: given["day_and_name"].pop(0)))
    monkeypatch.setattr(market_days_dialog, "ask_name", lambda *args: given["name"].pop(0))
    return given


def rows(tree) -> list[list[str]]:
    return [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())] for i in range(tree.topLevelItemCount())]


def select_day(dialog: MarketDaysDialog, day: date) -> None:
    for i in range(dialog.holidays.topLevelItemCount()):
        item = dialog.holidays.topLevelItem(i)
        if item.data(0, Qt.ItemDataRole.UserRole).day == day:
            dialog.holidays.setCurrentItem(item)
            return
    raise AssertionError("no row for {day}".format(day=day))


def holiday_row(dialog: MarketDaysDialog, day: date) -> list[str] | None:
    return next((row for row in rows(dialog.holidays) if row[0] == market_days_dialog.format_date(day)), None)


def test_it_shows_the_data_the_source_and_the_moments(dialog):
    assert "United Kingdom" in dialog.windowTitle() and "GB-ENG" in dialog.windowTitle()
    christmas = holiday_row(dialog, CHRISTMAS)
    assert christmas is not None and christmas[1] == "Christmas Day" and christmas[2] == "From the holiday data"
    assert data_source() in dialog.source_label.text()
    moments = {row[1]: row for row in rows(dialog.moments)}
    assert moments["Mothering Sunday"][0] == market_days_dialog.format_date(date(2027, 3, 7))
    assert "Black Friday" in moments and "Singles' Day (Double 11)" not in moments  # the UK's moments only
    item = next(dialog.moments.topLevelItem(i) for i in range(dialog.moments.topLevelItemCount())
                if dialog.moments.topLevelItem(i).text(1) == "Mothering Sunday")
    assert "https://www.pairfum.com/mothering-sunday/" in item.toolTip(1) and "Source:" in item.toolTip(0)
    assert rows(dialog.events) == []
    assert not dialog.rename_button.isEnabled() and not dialog.remove_holiday_button.isEnabled()


def test_add_rename_remove_and_restore_holidays(dialog, service, uk, answers):
    changes: list[Changes] = []
    dialog.changed.connect(changes.append)

    answers["day_and_name"].append((date(2027, 6, 14), "Company day"))
    dialog.add_holiday_button.click()
    (added,) = service.holiday_overrides()
    assert (added.market_id, added.action, added.name) == (uk, OverrideAction.ADD, "Company day")
    assert holiday_row(dialog, date(2027, 6, 14))[1:] == ["Company day", "Added by you"]

    select_day(dialog, CHRISTMAS)
    answers["name"].append("Christmas")
    dialog.rename_button.click()
    assert holiday_row(dialog, CHRISTMAS)[1:] == [
        "Christmas", "Renamed by you (the data says \u201cChristmas Day\u201d)"]
    assert dialog.selected_holiday().day == CHRISTMAS  # the selection stays on the day
    answers["name"].append("Christmas Day")  # back to the data's own name: the correction goes
    dialog.rename_button.click()
    assert holiday_row(dialog, CHRISTMAS)[2] == "From the holiday data"
    assert [o.day for o in service.holiday_overrides()] == [date(2027, 6, 14)]

    select_day(dialog, EARLY_MAY)
    assert dialog.remove_holiday_button.text() == "Remove"
    dialog.remove_holiday_button.click()
    assert holiday_row(dialog, EARLY_MAY)[2] == "Removed by you"
    assert EARLY_MAY not in service.holidays_in(FIRST, LAST)[uk]
    item = dialog.holidays.currentItem()
    assert item.font(1).strikeOut() and dialog.remove_holiday_button.text() == "Restore"
    dialog.remove_holiday_button.click()
    assert holiday_row(dialog, EARLY_MAY)[2] == "From the holiday data"
    assert EARLY_MAY in service.holidays_in(FIRST, LAST)[uk]

    select_day(dialog, date(2027, 6, 14))
    dialog.remove_holiday_button.click()  # removing a day the founder added drops the correction itself
    assert service.holiday_overrides() == [] and holiday_row(dialog, date(2027, 6, 14)) is None
    # Every correction is a change of holidays; removing Early May also brings back the posts it held off.
    assert changes and all(c.holidays and not c.decisions for c in changes)
    assert any(c.posts for c in changes)
    assert dialog.changes_made


def test_adding_a_holiday_on_a_day_the_data_has_renames_it(dialog, service, answers):
    answers["day_and_name"].append((CHRISTMAS, "Noël"))
    dialog.add_holiday_button.click()
    (override,) = service.holiday_overrides()
    assert (override.day, override.action, override.name) == (CHRISTMAS, OverrideAction.RENAME, "Noël")


def test_cancelled_prompts_change_nothing(dialog, service, answers):
    answers["day_and_name"].extend([None, None])
    answers["name"].append(None)
    dialog.add_holiday_button.click()
    dialog.add_event_button.click()
    select_day(dialog, CHRISTMAS)
    dialog.rename_button.click()
    assert service.holiday_overrides() == [] and service.market_events() == [] and not dialog.changes_made


def test_a_correction_of_a_day_the_data_no_longer_has_can_be_dropped(qtbot, service, uk):
    service.set_holiday_override(HolidayOverride(uk, date(2027, 8, 2), OverrideAction.REMOVE))
    dialog = MarketDaysDialog(service, uk, FIRST, LAST)
    qtbot.addWidget(dialog)
    assert holiday_row(dialog, date(2027, 8, 2))[2] == "Removed by you (no longer in the data)"
    select_day(dialog, date(2027, 8, 2))
    dialog.remove_holiday_button.click()
    assert service.holiday_overrides() == []


def test_the_founders_events(dialog, service, uk, answers):
    answers["day_and_name"].append((date(2027, 9, 13), "London Coffee Festival stand"))
    dialog.add_event_button.click()
    (event,) = service.market_events()
    assert (event.market_id, event.day, event.name) == (uk, date(2027, 9, 13), "London Coffee Festival stand")
    assert rows(dialog.events) == [[market_days_dialog.format_date(date(2027, 9, 13)), "London Coffee Festival stand"]]
    assert not dialog.remove_event_button.isEnabled()
    dialog.events.setCurrentItem(dialog.events.topLevelItem(0))
    dialog.remove_event_button.click()
    assert service.market_events() == [] and rows(dialog.events) == []


def test_the_day_and_name_prompt(qtbot):
    prompt = DayAndNameDialog("Add an event", FIRST, LAST, date(2027, 3, 1))
    qtbot.addWidget(prompt)
    ok = prompt.buttons.button(prompt.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    prompt.name_edit.setText("  Trade fair ")
    assert ok.isEnabled() and prompt.answer() == (date(2027, 3, 1), "Trade fair")
    prompt.day_edit.setDate(prompt.day_edit.minimumDate().addDays(-10))  # clamped to the range
    assert prompt.answer()[0] == FIRST


def test_show_for_runs_it_and_says_what_changed(qtbot, service, uk, answers, monkeypatch):
    answers["day_and_name"].append((date(2027, 4, 1), "Launch"))
    monkeypatch.setattr(MarketDaysDialog, "exec", lambda self: (self.add_event_button.click(), 0)[1])
    assert MarketDaysDialog.show_for(None, service, uk, FIRST, LAST) == Changes(holidays=True)
    monkeypatch.setattr(MarketDaysDialog, "exec", lambda self: 0)
    assert MarketDaysDialog.show_for(None, service, uk, FIRST, LAST) == Changes()


def test_screenshot(qtbot, service, uk, tmp_path):
    """SMPLANNER_SHOTS=/tmp/shots keeps the picture to look at."""
    from smplanner.domain.market_days import MarketEvent

    service.set_holiday_override(HolidayOverride(uk, EARLY_MAY, OverrideAction.REMOVE))
    service.set_holiday_override(HolidayOverride(uk, CHRISTMAS, OverrideAction.RENAME, "Christmas (shop closed)"))
    service.set_holiday_override(HolidayOverride(uk, date(2027, 6, 14), OverrideAction.ADD, "Company day"))
    service.save_market_event(MarketEvent(uk, date(2027, 9, 13), "London Coffee Festival stand"))
    dialog = MarketDaysDialog(service, uk, FIRST, LAST)
    qtbot.addWidget(dialog)
    dialog.resize(820, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    select_day(dialog, EARLY_MAY)
    shots = Path(os.environ.get("SMPLANNER_SHOTS", str(tmp_path)))
    shots.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(shots / "market_days.png"))
