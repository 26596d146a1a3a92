"""Cadence rules produce posts on the right local days and times, honouring holidays and entry dates."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, time, timedelta

from plan_factories import small_plan

from smplanner.domain.cadence import (
    GENERATED_POST_NAMESPACE,
    generate_posts,
    generated_post_id,
    regenerate,
    rule_dates,
)
from smplanner.domain.market_days import DaysOff
from smplanner.domain.plan import CadenceRule, HolidayPolicy, PostStatus
from smplanner.domain.timezones import zone


def holidays_on(*days: date, weekend: frozenset[int] = frozenset({5, 6})):
    """A days-off lookup that gives every market the same holidays and weekend."""
    days_off = DaysOff(weekend=weekend, holidays={day: "Holiday" for day in days})

    def days_off_of(market_id: str) -> DaysOff:
        return days_off

    return days_off_of


NO_HOLIDAYS = holidays_on()


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
    holidays = holidays_on(holiday, date(2027, 1, 13))
    rule = plan.cadence_rules[0]

    def days(policy: HolidayPolicy) -> list[date]:
        changed = dataclasses.replace(plan, cadence_rules=(dataclasses.replace(rule, holiday_policy=policy),))
        return [p.local.date() for p in generate_posts(changed, holidays) if p.local.date() < date(2027, 1, 15)]

    assert days(HolidayPolicy.SKIP) == [date(2027, 1, 5), date(2027, 1, 7), date(2027, 1, 14)]
    # moved to Thursday, where the rule already posts: one post there, not two at the same instant
    assert days(HolidayPolicy.MOVE) == [date(2027, 1, 5), date(2027, 1, 7), date(2027, 1, 14)]
    assert days(HolidayPolicy.FLAG) == [date(2027, 1, 5), date(2027, 1, 7), date(2027, 1, 12), date(2027, 1, 14)]


def test_next_working_day_skips_the_market_s_weekend_and_holidays() -> None:
    assert DaysOff().next_working_day(date(2027, 1, 8)) == date(2027, 1, 11)
    assert DaysOff(holidays={date(2027, 1, 11): "H"}).next_working_day(date(2027, 1, 8)) == date(2027, 1, 12)
    friday_saturday = DaysOff(weekend=frozenset({4, 5}))
    assert friday_saturday.next_working_day(date(2027, 1, 7)) == date(2027, 1, 10)  # Thursday -> Sunday
    assert DaysOff(weekend=frozenset({5, 6}), weekend_workdays=frozenset({date(2027, 1, 9)})).next_working_day(
        date(2027, 1, 8)) == date(2027, 1, 9)  # a make-up working Saturday
    by_year = DaysOff(weekend=frozenset({5, 6}), weekend_by_year={2021: frozenset({4, 5})})
    assert by_year.next_working_day(date(2021, 6, 3)) == date(2021, 6, 6)
    assert by_year.next_working_day(date(2022, 6, 3)) == date(2022, 6, 6)


def test_a_holiday_moves_a_post_to_its_market_s_next_working_day_never_onto_its_weekend() -> None:
    plan = small_plan()
    rule = dataclasses.replace(plan.cadence_rules[0], weekdays=(6, 0, 1, 2, 3), holiday_policy=HolidayPolicy.MOVE)
    plan = dataclasses.replace(plan, cadence_rules=(rule,))
    thursday = date(2027, 1, 14)
    posts = generate_posts(plan, holidays_on(thursday, weekend=frozenset({4, 5})))
    assert not [p for p in posts if p.local.weekday() in (4, 5)]
    assert thursday not in {p.local.date() for p in posts}


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
    from smplanner.services.planning import posts_for

    for example in EXAMPLES:
        plan = example.build(default_start(date(2027, 1, 6)))
        assert all(d.is_taken(plan) for d in DECISIONS), example.name
        posts = posts_for(plan)
        span = posts[-1].instant - posts[0].instant
        assert span > timedelta(days=170), example.name
        assert {p.presence_id for p in posts} == {p.id for p in plan.presences}, example.name
        assert plan.strategy.period_end - plan.strategy.period_start == timedelta(days=364)


# -- stable ids: the same rule and occurrence always give the same post id (its ICS UID) --------------------


def test_generated_ids_are_uuid5_of_the_rule_and_the_occurrence() -> None:
    plan = small_plan()
    rule = plan.cadence_rules[0]
    first = generate_posts(plan, NO_HOLIDAYS)[0]
    assert first.local == datetime(2027, 1, 5, 9, 0)
    expected = uuid.uuid5(GENERATED_POST_NAMESPACE, f"{rule.id}/2027-01-05T09:00")
    assert first.id == str(expected) == generated_post_id(rule.id, datetime(2027, 1, 5, 9, 0))
    assert uuid.UUID(first.id).version == 5


def test_regenerating_the_same_rule_gives_the_same_ids() -> None:
    plan = small_plan()
    once, again = generate_posts(plan, NO_HOLIDAYS), generate_posts(plan, NO_HOLIDAYS)
    assert [p.id for p in once] == [p.id for p in again]
    assert len({p.id for p in once}) == len(once)
    # Another rule on the same days and times makes other posts; a rule added beside it leaves the ids alone.
    twin = dataclasses.replace(plan.cadence_rules[0], id="another rule")
    both = generate_posts(dataclasses.replace(plan, cadence_rules=(*plan.cadence_rules, twin)), NO_HOLIDAYS)
    assert {p.id for p in once} < {p.id for p in both}
    assert len({p.id for p in both}) == len(both) == 2 * len(once)


def test_ids_come_from_the_occurrence_before_a_holiday_moves_it() -> None:
    plan = small_plan()
    rule = dataclasses.replace(plan.cadence_rules[0], holiday_policy=HolidayPolicy.MOVE)
    plan = dataclasses.replace(plan, cadence_rules=(rule,))
    (on_the_13th,) = [p for p in generate_posts(plan, holidays_on(date(2027, 1, 12)))
                      if p.local.date() == date(2027, 1, 13)]
    assert on_the_13th.id == generated_post_id(rule.id, datetime(2027, 1, 12, 9, 0))
    # The moved post keeps its id whether or not the day is still a holiday: it is the same occurrence.
    unmoved = {p.local.date(): p.id for p in generate_posts(plan, NO_HOLIDAYS)}
    assert unmoved[date(2027, 1, 12)] == on_the_13th.id


def test_a_post_moved_onto_a_slot_the_rule_has_gives_way_to_it() -> None:
    plan = small_plan()
    rule = dataclasses.replace(plan.cadence_rules[0], holiday_policy=HolidayPolicy.MOVE)
    plan = dataclasses.replace(plan, cadence_rules=(rule,))
    on_the_14th = [p for p in generate_posts(plan, holidays_on(date(2027, 1, 12), date(2027, 1, 13)))
                   if p.local.date() == date(2027, 1, 14)]
    assert [p.id for p in on_the_14th] == [generated_post_id(rule.id, datetime(2027, 1, 14, 9, 0))]


def test_ids_come_from_the_time_asked_for_before_a_spring_gap_moves_it() -> None:
    plan = small_plan()
    market = dataclasses.replace(plan.markets[0], zone="Europe/Brussels")
    rule = dataclasses.replace(plan.cadence_rules[0], weekdays=(6,), times=(time(2, 30), time(2, 30)))
    posts = generate_posts(dataclasses.replace(plan, markets=(market,), cadence_rules=(rule,)), NO_HOLIDAYS)
    (gap_post,) = [p for p in posts if p.local.date() == date(2027, 3, 28)]
    assert gap_post.local.time() == time(3, 30)
    assert gap_post.id == generated_post_id(rule.id, datetime(2027, 3, 28, 2, 30))


def test_a_start_date_keeps_the_weeks_of_a_rule_every_other_week() -> None:
    plan = small_plan()
    rule = dataclasses.replace(plan.cadence_rules[0], interval_weeks=2, holiday_policy=HolidayPolicy.MOVE)
    plan = dataclasses.replace(plan, cadence_rules=(rule,))
    holidays = holidays_on(date(2027, 3, 2))  # a Tuesday, moved to Wednesday
    whole = generate_posts(plan, holidays)
    for start in (date(2027, 3, 3), date(2027, 3, 8), date(2027, 3, 15)):
        assert generate_posts(plan, holidays, start=start) == [p for p in whole if p.local.date() >= start]


# -- regenerating: only future, unedited generated posts change ---------------------------------------------

NOW = datetime(2027, 6, 1, tzinfo=UTC)


def test_regenerate_leaves_past_edited_and_hand_made_posts_alone() -> None:
    plan = small_plan()
    old = generate_posts(plan, NO_HOLIDAYS)
    past = [p for p in old if p.instant < NOW]
    future = [p for p in old if p.instant >= NOW]
    edited = dataclasses.replace(future[0], title="Mine", edited=True)
    hand_made = dataclasses.replace(future[1], id="hand", rule_id=None)
    stored = [*past, edited, hand_made, *future[1:]]
    # The rule now posts on Fridays instead: every fresh future post is new, every old unedited one goes.
    friday = dataclasses.replace(plan, cadence_rules=(dataclasses.replace(plan.cadence_rules[0], weekdays=(4,)),))
    fresh = generate_posts(friday, NO_HOLIDAYS)
    result = regenerate(stored, fresh, NOW)
    assert set(result.remove_ids) == {p.id for p in future[1:]}
    assert all(p.instant >= NOW and p.local.weekday() == 4 for p in result.add)
    assert len(result.add) == len([p for p in fresh if p.instant >= NOW])
    assert regenerate(stored, old, NOW).changes_posts is False


def test_regenerate_updates_what_the_rule_decides_and_keeps_the_rest() -> None:
    plan = small_plan()
    old = [dataclasses.replace(p, status=PostStatus.DRAFT, title="t") for p in generate_posts(plan, NO_HOLIDAYS)]
    in_french = dataclasses.replace(plan, cadence_rules=(dataclasses.replace(plan.cadence_rules[0], language="fr"),))
    result = regenerate(old, generate_posts(in_french, NO_HOLIDAYS), NOW)
    future_ids = [p.id for p in old if p.instant >= NOW]
    assert sorted(result.remove_ids) == sorted(future_ids) and [p.id for p in result.add] == future_ids
    assert all(p.languages == ("fr", "ja") and p.status is PostStatus.DRAFT and p.title == "t" for p in result.add)


def test_an_edited_post_keeps_its_slot_when_its_occurrence_got_a_new_id() -> None:
    plan = small_plan()
    fresh = generate_posts(plan, NO_HOLIDAYS)
    target = next(p for p in fresh if p.instant >= NOW)
    # An edit stored under an id the rule no longer makes (say, from before ids were stable), moved to 10:30.
    edited = dataclasses.replace(target, id="old random id", local=target.local.replace(hour=10, minute=30),
                                 edited=True)
    result = regenerate([edited], fresh, NOW)
    assert target.id not in {p.id for p in result.add}
    assert len(result.add) == len([p for p in fresh if p.instant >= NOW]) - 1
    # A hand-made post on that day takes no slot.
    hand_made = dataclasses.replace(edited, rule_id=None)
    assert target.id in {p.id for p in regenerate([hand_made], fresh, NOW).add}
