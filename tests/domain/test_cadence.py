"""Cadence rules produce posts on the right local days and times, honouring holidays and entry dates."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

from plan_factories import small_plan

from smplanner.domain.cadence import generate_posts, next_working_day, rule_dates
from smplanner.domain.plan import CadenceRule, HolidayPolicy
from smplanner.domain.timezones import zone

NO_HOLIDAYS = lambda market_id: frozenset()  # noqa: E731


def test_rule_dates_follow_weekdays_and_interval() -> None:
    rule = CadenceRule("p", (1, 3), (time(9),), interval_weeks=2)
    days = list(rule_dates(rule, date(2027, 1, 4), date(2027, 1, 31)))
    assert days == [date(2027, 1, 5), date(2027, 1, 7), date(2027, 1, 19), date(2027, 1, 21)]


def test_posts_are_at_the_local_time_the_rule_asks_for_across_dst() -> None:
    plan = small_plan()
    posts = generate_posts(plan, NO_HOLIDAYS)
    assert len(posts) == 104
    assert all(p.local.time() == time(9, 0) and p.local.weekday() in (1, 3) for p in posts)
    assert all(p.instant.astimezone(zone("Asia/Tokyo")).hour == 9 for p in posts)
    assert posts == sorted(posts, key=lambda p: p.instant)


def test_holiday_policies() -> None:
    plan = small_plan()
    holiday = date(2027, 1, 12)  # a Tuesday the rule posts on
    holidays = lambda market_id: frozenset({holiday, date(2027, 1, 13)})  # noqa: E731
    rule = plan.cadence_rules[0]

    def days(policy: HolidayPolicy) -> list[date]:
        changed = dataclasses.replace(plan, cadence_rules=(dataclasses.replace(rule, holiday_policy=policy),))
        return [p.local.date() for p in generate_posts(changed, holidays) if p.local.date() < date(2027, 1, 15)]

    assert days(HolidayPolicy.SKIP) == [date(2027, 1, 5), date(2027, 1, 7), date(2027, 1, 14)]
    assert days(HolidayPolicy.MOVE) == [date(2027, 1, 5), date(2027, 1, 7), date(2027, 1, 14), date(2027, 1, 14)]
    assert days(HolidayPolicy.FLAG) == [date(2027, 1, 5), date(2027, 1, 7), date(2027, 1, 12), date(2027, 1, 14)]


def test_next_working_day_skips_weekends_and_holidays() -> None:
    assert next_working_day(date(2027, 1, 8), frozenset()) == date(2027, 1, 11)
    assert next_working_day(date(2027, 1, 8), frozenset({date(2027, 1, 11)})) == date(2027, 1, 12)


def test_a_market_entered_later_gets_posts_only_from_its_entry_date() -> None:
    plan = small_plan()
    market = dataclasses.replace(plan.markets[0], entry_date=date(2027, 7, 1))
    posts = generate_posts(dataclasses.replace(plan, markets=(market,)), NO_HOLIDAYS)
    assert posts and min(p.local.date() for p in posts) >= date(2027, 7, 1)


def test_a_time_in_the_spring_gap_is_moved_and_stays_unambiguous() -> None:
    plan = small_plan()
    market = dataclasses.replace(plan.markets[0], zone="Europe/Brussels")
    rule = dataclasses.replace(plan.cadence_rules[0], weekdays=(6,), times=(time(2, 30),))
    posts = generate_posts(dataclasses.replace(plan, markets=(market,), cadence_rules=(rule,)), NO_HOLIDAYS)
    gap_day = [p for p in posts if p.local.date() == date(2027, 3, 28)]
    assert [p.local.time() for p in gap_day] == [time(3, 30)]
    assert all(p.instant.astimezone(zone("Europe/Brussels")).replace(tzinfo=None) == p.local for p in posts)


def test_examples_fill_a_year_and_take_every_decision() -> None:
    from smplanner.domain.decisions import DECISIONS
    from smplanner.domain.examples import EXAMPLES, default_start
    from smplanner.services.plans import posts_for

    for example in EXAMPLES:
        plan = example.build(default_start(date(2027, 1, 6)))
        assert all(d.is_taken(plan) for d in DECISIONS), example.name
        posts = posts_for(plan)
        span = posts[-1].instant - posts[0].instant
        assert span > timedelta(days=170), example.name
        assert {p.presence_id for p in posts} == {p.id for p in plan.presences}, example.name
        assert plan.strategy.period_end - plan.strategy.period_start == timedelta(days=364)
