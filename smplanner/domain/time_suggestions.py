"""Times to suggest for a cadence rule: the platform's good hours in the market's local time, preferring those in the
founder's working hours (or their partner's day abroad), spread so that the founder's day is not one pile; a sensible
default, said as such, where nobody published good hours."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from smplanner.domain.catalogue import PlatformInfo, TimesBasis
from smplanner.domain.plan import Actor, CadenceRule, Plan
from smplanner.domain.post_warnings import posted_from_home
from smplanner.domain.timezones import zone
from smplanner.i18n import _
from smplanner.i18n.formatting import format_time

SLOT_MINUTES = 30
"""Suggested times fall on the hour or the half hour."""
MIN_GAP_MINUTES = 120
"""Two times of one rule on the same day are at least this far apart."""
CROWD_MINUTES = 45
"""Two posts of the plan closer than this on the founder's clock make a pile."""
PARTNER_DAY = (time(9, 0), time(18, 0))
"""The working day assumed for a partner abroad, on their market's clock."""
OFFICE_MORNING = (time(9, 0), time(12, 0))
"""Where nobody published good hours: the market's office morning, when people read their feeds at their desks."""


@dataclass(frozen=True, slots=True)
class TimeSuggestion:
    """Suggested local times for a rule, and a sentence saying what they rest on."""

    times: tuple[time, ...]
    note: str
    from_published_hours: bool


def _within(moment: time, start: time, end: time) -> bool:
    if start == end:
        return True
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def _sample_days(plan: Plan, weekdays: Iterable[int]) -> list[date]:
    """A day the rule posts on near the plan's start, and the same weekday half a year later (the other side of the
    daylight-saving year), to convert times between the market's clock and the founder's."""
    days = sorted(set(weekdays)) or [1]
    start = plan.strategy.period_start
    first = next(start + timedelta(days=n) for n in range(7) if (start + timedelta(days=n)).weekday() in days)
    return [first, first + timedelta(weeks=26)]


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def suggest_times(
    plan: Plan,
    rule: CadenceRule,
    count: int | None = None,
    others: Iterable[CadenceRule] | None = None,
) -> TimeSuggestion:
    """`count` times (the rule's own number by default, at least one) for a rule of the plan, in its market's local
    time. `others` are the rules whose times are settled (the plan's other rules by default): the suggestion keeps
    clear of their posts on the founder's clock."""
    presence = plan.presence(rule.presence_id)
    market = plan.market(presence.market_id)
    catalogue = plan.catalogue()
    platform = catalogue.get(presence.platform)
    actor = next((a for a in plan.actors if a.id == presence.actor_id), None)
    count = max(1, count if count is not None else len(rule.times))
    others = [r for r in (plan.cadence_rules if others is None else others) if r.id != rule.id]
    samples = _sample_days(plan, rule.weekdays)
    market_zone, home_zone = zone(market.zone), zone(plan.firm.home_zone)
    busy: list[list[int]] = [[] for _ in samples]  # the other rules' posts, in minutes of the founder's day
    for other in others:
        try:
            other_market = plan.market(plan.presence(other.presence_id).market_id)
        except StopIteration:
            continue
        for index, day in enumerate(samples):
            for at in other.times:
                local = datetime.combine(day, at, tzinfo=zone(other_market.zone))
                busy[index].append(_minutes(local.astimezone(home_zone)))
    published = platform is not None and platform.posting_times.basis is not TimesBasis.NO_PUBLISHED_DATA
    windows = platform.posting_times.windows if platform is not None and published else ()

    def score(at: time) -> float:
        value = 0.0
        if windows:
            value += 100 if any(_within(at, start, end) for start, end in windows) else 0
        elif _within(at, *OFFICE_MORNING):
            value += 20
        for index, day in enumerate(samples):
            home = datetime.combine(day, at, tzinfo=market_zone).astimezone(home_zone)
            value += _people_score(plan, actor, platform, at, home.time()) / len(samples)
            for other in busy[index]:
                gap = min(abs(other - _minutes(home)), 24 * 60 - abs(other - _minutes(home)))
                if gap < CROWD_MINUTES:
                    value -= 15 / len(samples)
        return value + (1 if at.minute == 0 else 0)

    candidates = [time(minute // 60, minute % 60) for minute in range(0, 24 * 60, SLOT_MINUTES)]
    ranked = sorted(candidates, key=lambda at: (-score(at), at))
    chosen: list[time] = []
    for at in ranked:
        minutes = at.hour * 60 + at.minute
        if all(abs(minutes - (c.hour * 60 + c.minute)) >= MIN_GAP_MINUTES for c in chosen):
            chosen.append(at)
        if len(chosen) == count:
            break
    times = tuple(sorted(chosen))
    return TimeSuggestion(times, _note(market.code, platform, presence.platform, times, bool(windows)),
                          bool(windows))


def _people_score(plan: Plan, actor: Actor | None, platform: PlatformInfo | None, local: time, home: time) -> float:
    """How well a time suits whoever has to be there: the founder's side (working hours, never the night unless the
    platform can be scheduled ahead), or a partner abroad (their own office day)."""
    if not posted_from_home(actor):
        return 50 if _within(local, *PARTNER_DAY) else -30
    firm = plan.firm
    ahead = platform is not None and platform.schedules_ahead
    if _within(home, firm.working_start, firm.working_end):
        return 50
    if firm.night_start != firm.night_end and _within(home, firm.night_start, firm.night_end):
        return -20 if ahead else -80
    return -5 if ahead else -30


def _note(code: str, platform: PlatformInfo | None, platform_id: str, times: tuple[time, ...],
          published: bool) -> str:
    shown = ", ".join(format_time(at) for at in times)
    name = platform.name if platform else platform_id
    if published:
        return _("{platform} in {market}: {times} local time, in the platform's good hours").format(
            platform=name, market=code, times=shown)
    return _("No published good hours for {platform}: {times} local time in {market} suggested (an office "
             "morning); change it if you know better").format(platform=name, times=shown, market=code)


def suggest_days(platform: PlatformInfo | None, count: int) -> tuple[int, ...]:
    """`count` posting days (0 = Monday) among the platform's good days, spread over its week (Tuesday and Thursday
    where nobody published good days)."""
    good = sorted(platform.posting_times.days) if platform is not None and platform.posting_times.days else []
    count = max(1, count)
    if not good:
        return tuple(sorted({1, 3, 0, 2, 4}))[:count] if count > 2 else (1, 3)[:count]
    if count >= len(good):
        return tuple(good)
    if count == 1:
        return (good[len(good) // 2],)
    return tuple(sorted({good[round(i * (len(good) - 1) / (count - 1))] for i in range(count)}))
