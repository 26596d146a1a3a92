"""The founder's corrections of holiday data are applied last: add and rename set a day's name, remove deletes it."""

from __future__ import annotations

from datetime import date

from smplanner.domain.market_days import HolidayOverride, MarketEvent, OverrideAction, apply_overrides

DATA = {date(2027, 1, 1): "New Year's Day", date(2027, 5, 3): "Early May Bank Holiday"}


def test_no_corrections_leave_the_data_as_it_is():
    result = apply_overrides(DATA, [])
    assert result == DATA and result is not DATA


def test_add_rename_and_remove():
    result = apply_overrides(DATA, [
        HolidayOverride("m", date(2027, 6, 14), OverrideAction.ADD, "Company day"),
        HolidayOverride("m", date(2027, 1, 1), OverrideAction.RENAME, "Nouvel An"),
        HolidayOverride("m", date(2027, 5, 3), OverrideAction.REMOVE),
        HolidayOverride("m", date(2027, 8, 15), OverrideAction.REMOVE),  # nothing there: nothing happens
    ])
    assert result == {date(2027, 1, 1): "Nouvel An", date(2027, 6, 14): "Company day"}
    assert DATA[date(2027, 5, 3)] == "Early May Bank Holiday"  # the data itself is not changed


def test_corrections_apply_in_order_and_a_rename_of_a_missing_day_adds_it():
    day = date(2027, 12, 27)
    assert apply_overrides(DATA, [
        HolidayOverride("m", day, OverrideAction.ADD, "Observed"),
        HolidayOverride("m", day, OverrideAction.REMOVE),
    ]) == DATA
    assert apply_overrides(DATA, [HolidayOverride("m", day, OverrideAction.RENAME, "Boxing Day (observed)")])[day] == (
        "Boxing Day (observed)")


def test_values_are_plain_and_comparable():
    override = HolidayOverride("m", date(2027, 1, 1), OverrideAction.REMOVE)
    assert override.name == "" and override.id and override != HolidayOverride("m", date(2027, 1, 1),
                                                                               OverrideAction.REMOVE)
    assert OverrideAction("rename") is OverrideAction.RENAME and str(OverrideAction.ADD) == "add"
    event = MarketEvent("m", date(2027, 2, 10), "FOODEX")
    assert event.id != MarketEvent("m", date(2027, 2, 10), "FOODEX").id
