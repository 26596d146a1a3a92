"""The founder's holiday corrections and own events survive closing the plan, and go with a removed market."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from smplanner.domain.market_days import HolidayOverride, MarketEvent, OverrideAction
from smplanner.storage.plan_file import PlanFile


def markets(plan_path) -> dict[str, str]:
    with PlanFile.open(plan_path) as plan_file:
        return {m.code: m.id for m in plan_file.repository.load_plan().markets}


def test_corrections_and_events_round_trip(plan_path):
    ids = markets(plan_path)
    uk, jp = ids["GB-ENG"], ids["JP"]
    corrections = [
        HolidayOverride(uk, date(2027, 5, 3), OverrideAction.REMOVE),
        HolidayOverride(uk, date(2027, 6, 14), OverrideAction.ADD, "Company day 🎉"),
        HolidayOverride(jp, date(2027, 1, 1), OverrideAction.RENAME, "お正月 — New Year"),
    ]
    events = [
        MarketEvent(jp, date(2027, 2, 10), "FOODEX 食品展 '; DROP TABLE market; --"),
        MarketEvent(uk, date(2027, 9, 1), "Launch"),
    ]
    with PlanFile.open(plan_path) as plan_file:
        for correction in corrections:
            plan_file.repository.save_holiday_override(correction)
        for event in events:
            plan_file.repository.save_market_event(event)
    with PlanFile.open(plan_path) as plan_file:
        stored = plan_file.reader.holiday_overrides()
        stored_events = plan_file.reader.market_events()
    assert sorted(stored, key=lambda o: o.id) == sorted(corrections, key=lambda o: o.id)
    assert sorted(stored_events, key=lambda e: e.id) == sorted(events, key=lambda e: e.id)
    assert all(isinstance(o.action, OverrideAction) and isinstance(o.day, date) for o in stored)


def test_saving_again_replaces_and_delete_removes(plan_path):
    uk = markets(plan_path)["GB-ENG"]
    rename = HolidayOverride(uk, date(2027, 12, 27), OverrideAction.RENAME, "Boxing Day (observed)")
    event = MarketEvent(uk, date(2027, 3, 1), "Trade fair")
    with PlanFile.open(plan_path) as plan_file:
        repository = plan_file.repository
        repository.save_holiday_override(rename)
        repository.save_holiday_override(dataclasses.replace(rename, name="Boxing Day, moved"))
        repository.save_market_event(event)
        repository.save_market_event(dataclasses.replace(event, day=date(2027, 3, 2)))
        assert plan_file.reader.holiday_overrides() == [dataclasses.replace(rename, name="Boxing Day, moved")]
        assert plan_file.reader.market_events() == [dataclasses.replace(event, day=date(2027, 3, 2))]
        repository.delete_holiday_override(rename.id)
        repository.delete_market_event(event.id)
        repository.delete_market_event("no such event")  # nothing to delete is not an error
        assert plan_file.reader.holiday_overrides() == [] and plan_file.reader.market_events() == []


def test_one_correction_per_market_and_day(plan_path):
    ids = markets(plan_path)
    uk, jp = ids["GB-ENG"], ids["JP"]
    day = date(2027, 5, 31)
    with PlanFile.open(plan_path) as plan_file:
        repository = plan_file.repository
        repository.save_holiday_override(HolidayOverride(uk, day, OverrideAction.RENAME, "Spring bank holiday"))
        repository.save_holiday_override(HolidayOverride(jp, day, OverrideAction.ADD, "Not the same market"))
        last = HolidayOverride(uk, day, OverrideAction.REMOVE)
        repository.save_holiday_override(last)
        stored = plan_file.reader.holiday_overrides()
    assert len(stored) == 2 and last in stored
    assert {(o.market_id, o.action) for o in stored} == {(uk, OverrideAction.REMOVE), (jp, OverrideAction.ADD)}


def test_deleting_a_market_takes_its_corrections_and_events_along(plan_path):
    ids = markets(plan_path)
    uk, jp = ids["GB-ENG"], ids["JP"]
    with PlanFile.open(plan_path) as plan_file:
        repository = plan_file.repository
        repository.save_holiday_override(HolidayOverride(uk, date(2027, 8, 30), OverrideAction.REMOVE))
        repository.save_holiday_override(HolidayOverride(jp, date(2027, 8, 30), OverrideAction.ADD, "Kept"))
        repository.save_market_event(MarketEvent(uk, date(2027, 4, 1), "Gone with the market"))
        repository.save_market_event(MarketEvent(jp, date(2027, 4, 1), "Kept too"))
        plan = repository.load_plan()
        uk_presences = {p.id for p in plan.presences if p.market_id == uk}
        repository.replace_decisions(dataclasses.replace(
            plan, markets=tuple(m for m in plan.markets if m.id != uk),
            presences=tuple(p for p in plan.presences if p.market_id != uk),
            cadence_rules=tuple(r for r in plan.cadence_rules if r.presence_id not in uk_presences)))
    with PlanFile.open(plan_path) as plan_file:
        assert [o.market_id for o in plan_file.reader.holiday_overrides()] == [jp]
        assert [e.name for e in plan_file.reader.market_events()] == ["Kept too"]


def test_a_correction_needs_a_market_of_the_plan(plan_path):
    with PlanFile.open(plan_path) as plan_file:
        with pytest.raises(IntegrityError):
            plan_file.repository.save_holiday_override(
                HolidayOverride("no-such-market", date(2027, 1, 1), OverrideAction.ADD, "x"))
        with pytest.raises(IntegrityError):
            plan_file.repository.save_market_event(MarketEvent("no-such-market", date(2027, 1, 1), "x"))
        assert plan_file.reader.holiday_overrides() == [] and plan_file.reader.market_events() == []
