"""Cadence rules turned into posts, in each market's own zone, honouring its holiday policy."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta

from dateutil.rrule import WEEKLY, rrule

from smplanner.domain.plan import CadenceRule, HolidayPolicy, Plan, Post, PostStatus
from smplanner.domain.timezones import resolve_local

WEEKEND = (5, 6)
HolidayLookup = Callable[[str], frozenset[date]]
"""Given a market id, the dates of its public holidays over the plan period."""


def rule_dates(rule: CadenceRule, start: date, end: date) -> Iterator[date]:
    """The days a rule publishes on, from start to end inclusive, weeks counted from start's week."""
    if not rule.weekdays:
        return
    anchor = start - timedelta(days=start.weekday())
    recurrence = rrule(
        WEEKLY,
        interval=max(1, rule.interval_weeks),
        byweekday=sorted(set(rule.weekdays)),
        dtstart=datetime.combine(anchor, datetime.min.time()),
        until=datetime.combine(end, datetime.min.time()),
    )
    for occurrence in recurrence:
        if occurrence.date() >= start:
            yield occurrence.date()


def next_working_day(day: date, holidays: frozenset[date]) -> date:
    candidate = day + timedelta(days=1)
    while candidate.weekday() in WEEKEND or candidate in holidays:
        candidate += timedelta(days=1)
    return candidate


def generate_posts(
    plan: Plan,
    holidays_of: HolidayLookup,
    rules: Iterable[CadenceRule] | None = None,
    start: date | None = None,
) -> list[Post]:
    """Posts for every rule (or the given ones) over the plan period, or from `start` on."""
    presences = {p.id: p for p in plan.presences}
    markets = {m.id: m for m in plan.markets}
    first_day = max(plan.strategy.period_start, start) if start else plan.strategy.period_start
    last_day = plan.strategy.period_end
    posts: list[Post] = []
    for rule in plan.cadence_rules if rules is None else rules:
        presence = presences[rule.presence_id]
        market = markets[presence.market_id]
        market_start = max(first_day, market.entry_date) if market.entry_date else first_day
        holidays = holidays_of(market.id)
        for day in rule_dates(rule, market_start, last_day):
            if day in holidays:
                if rule.holiday_policy is HolidayPolicy.SKIP:
                    continue
                if rule.holiday_policy is HolidayPolicy.MOVE:
                    day = next_working_day(day, holidays)
                    if day > last_day:
                        continue
            for at in rule.times:
                resolved = resolve_local(datetime.combine(day, at), market.zone)
                posts.append(
                    Post(
                        market_id=market.id,
                        platform=presence.platform,
                        local=resolved.local,
                        zone=market.zone,
                        fold=resolved.fold,
                        presence_id=presence.id,
                        language=rule.language,
                        content_type_id=rule.content_type_id,
                        status=PostStatus.IDEA,
                        rule_id=rule.id,
                    )
                )
    posts.sort(key=lambda post: post.instant)
    return posts
