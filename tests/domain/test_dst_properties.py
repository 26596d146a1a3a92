"""Property-based tests over every IANA zone and random cadences: every generated post exists once, round-trips
through UTC, and shows the local time its rule asked for, or is flagged as moved by a clock change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from smplanner.domain.cadence import generate_posts, generated_post_id
from smplanner.domain.market_days import NO_DAYS_OFF
from smplanner.domain.plan import CadenceRule, Firm, Market, Plan, Post, Presence, Strategy
from smplanner.domain.post_warnings import PostNote, WarningContext, advice_for
from smplanner.domain.timezones import Adjustment, known_zones, resolve_local, to_utc, zone

ZONES = sorted(known_zones())
FIRST_DAY = date(2026, 1, 1)
LAST_DAY = date(2029, 12, 31)


@cache
def transitions(zone_name: str) -> tuple[datetime, ...]:
    """The UTC instants (to the second) at which the zone's offset changes from 2026 to 2029."""
    tz = zone(zone_name)
    found: list[datetime] = []
    day = datetime.combine(FIRST_DAY, time(0), tzinfo=UTC)
    end = datetime.combine(LAST_DAY + timedelta(days=1), time(0), tzinfo=UTC)
    while day < end:
        following = day + timedelta(days=1)
        if day.astimezone(tz).utcoffset() != following.astimezone(tz).utcoffset():
            low, high = day, following  # the offset changes in (low, high]: narrow it down to the second
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(tz).utcoffset() == low.astimezone(tz).utcoffset():
                    low = middle
                else:
                    high = middle
            found.append(high.replace(microsecond=0))
        day = following
    return tuple(found)


def changes_clocks(zone_name: str) -> bool:
    """Whether the zone's offset changes from 2026 to 2029; a weekly sample is enough to tell (and fast)."""
    tz = zone(zone_name)
    start = datetime.combine(FIRST_DAY, time(0), tzinfo=UTC)
    return len({(start + timedelta(days=day)).astimezone(tz).utcoffset() for day in range(0, 4 * 366, 7)}) > 1


ZONES_WITH_CHANGES = [name for name in ZONES if changes_clocks(name)]


def test_the_zones_cover_the_interesting_cases() -> None:
    assert len(ZONES) > 400 and len(ZONES_WITH_CHANGES) > 100
    assert all(transitions(name) for name in ZONES_WITH_CHANGES[::10])
    for name in ("Europe/Brussels", "America/Santiago", "Australia/Lord_Howe", "America/Toronto"):
        assert name in ZONES_WITH_CHANGES  # including a zone whose clocks move by half an hour
    assert "Asia/Tokyo" not in ZONES_WITH_CHANGES


weekdays = st.sets(st.integers(0, 6), min_size=1, max_size=7).map(lambda days: tuple(sorted(days)))
any_time = st.builds(time, st.integers(0, 23), st.integers(0, 59))


def plan_for(zone_name: str, rule_weekdays: tuple[int, ...], times: tuple[time, ...], interval: int,
             first: date, last: date) -> tuple[Plan, CadenceRule]:
    market = Market("BE", zone_name)
    presence = Presence(market.id, "x")
    rule = CadenceRule(presence.id, rule_weekdays, times, interval_weeks=interval)
    plan = Plan(
        firm=Firm(name="Firm", home_country="BE", home_zone="Europe/Brussels"),
        strategy=Strategy(first, last),
        markets=(market,),
        presences=(presence,),
        cadence_rules=(rule,),
    )
    return plan, rule


def asked_times(plan: Plan, rule: CadenceRule) -> dict[str, datetime]:
    """Post id -> the local date and time the rule asked for, over the plan period and the day after it."""
    first, last = plan.strategy.period_start, plan.strategy.period_end + timedelta(days=1)
    return {
        generated_post_id(rule.id, datetime.combine(first + timedelta(days=n), at)): datetime.combine(
            first + timedelta(days=n), at
        )
        for n in range((last - first).days + 1)
        for at in rule.times
    }


def check_generated_posts(plan: Plan, rule: CadenceRule) -> list[Post]:
    """The rule's posts, each checked; returns them with the time each was asked for."""
    posts = generate_posts(plan, lambda market_id: NO_DAYS_OFF)
    context = WarningContext(plan, plan.catalogue(), {})
    asked_by_id = asked_times(plan, rule)
    for post in posts:
        # The stored wall time exists and means one instant: never inside a gap, the first of a repeated hour.
        assert resolve_local(post.local, post.zone).adjustment in (Adjustment.NONE, Adjustment.AMBIGUOUS)
        assert post.fold == 0
        # It round-trips through UTC to the same wall time and fold.
        instant = to_utc(post.local, post.zone, post.fold)
        assert instant == post.instant and instant.tzinfo is UTC
        shown = instant.astimezone(zone(post.zone))
        assert (shown.replace(tzinfo=None), shown.fold) == (post.local, post.fold)
        # It shows the time the rule asked for, or says that a clock change moved it.
        asked = asked_by_id[post.id]
        if post.local != asked:
            assert resolve_local(asked, post.zone).adjustment is Adjustment.NONEXISTENT
            assert post.local > asked
            assert PostNote.DST_ADJUSTED in advice_for(post, context).notes
        if resolve_local(post.local, post.zone).adjustment is Adjustment.AMBIGUOUS:
            assert PostNote.DST_ADJUSTED in advice_for(post, context).notes
    assert_one_post_per_instant(posts, asked_by_id)
    return posts


def assert_one_post_per_instant(posts: list[Post], asked_by_id: dict[str, datetime]) -> None:
    """No two posts of the rule at one instant, even when a gap moves one of its times onto another."""
    instants = [post.instant for post in posts]
    assert len(instants) == len(set(instants))


@settings(max_examples=300, deadline=None)
@given(
    zone_name=st.sampled_from(ZONES),
    rule_weekdays=weekdays,
    times=st.lists(any_time, min_size=1, max_size=3, unique=True).map(tuple),
    interval=st.integers(1, 4),
    first=st.dates(FIRST_DAY, LAST_DAY),
    length=st.integers(0, 200),
)
def test_generated_posts_in_any_zone_exist_round_trip_and_keep_their_time(
    zone_name: str, rule_weekdays: tuple[int, ...], times: tuple[time, ...], interval: int, first: date, length: int
) -> None:
    last = min(first + timedelta(days=length), LAST_DAY)
    plan, rule = plan_for(zone_name, rule_weekdays, times, interval, first, last)
    posts = check_generated_posts(plan, rule)
    assert all(first <= post.local.date() <= last + timedelta(days=1) for post in posts)


@st.composite
def around_a_clock_change(draw: st.DrawFn) -> tuple[str, datetime, tuple[time, ...]]:
    """A zone, one of its clock changes, and rule times close to the wall time at which the clocks move."""
    zone_name = draw(st.sampled_from(ZONES_WITH_CHANGES))
    change = draw(st.sampled_from(transitions(zone_name)))
    before = (change - timedelta(seconds=1)).astimezone(zone(zone_name)) + timedelta(seconds=1)
    wall = before.replace(tzinfo=None)  # the wall time the clocks leave, e.g. 02:00 when they jump to 03:00
    offsets = st.lists(st.integers(-90, 150), min_size=1, max_size=3, unique=True)
    times = tuple(dict.fromkeys((wall + timedelta(minutes=m)).time() for m in draw(offsets)))
    return zone_name, change, times


@settings(max_examples=400, deadline=None)
@given(case=around_a_clock_change(), rule_weekdays=weekdays, interval=st.integers(1, 2), days_before=st.integers(0, 6))
def test_posts_around_every_clock_change_are_moved_or_kept_and_flagged(
    case: tuple[str, datetime, tuple[time, ...]], rule_weekdays: tuple[int, ...], interval: int, days_before: int
) -> None:
    zone_name, change, times = case
    local_day = change.astimezone(zone(zone_name)).date()
    first = max(FIRST_DAY, local_day - timedelta(days=days_before))
    last = min(LAST_DAY, local_day + timedelta(days=7))
    with_that_day = tuple(sorted({*rule_weekdays, local_day.weekday()}))  # the rule publishes on the change's day
    plan, rule = plan_for(zone_name, with_that_day, times, interval, first, last)
    check_generated_posts(plan, rule)


def test_every_clock_change_day_is_covered_in_brussels() -> None:
    """The composite strategy's arithmetic, checked on a zone whose changes are known."""
    changes = transitions("Europe/Brussels")
    assert changes[:2] == (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), datetime(2026, 10, 25, 1, 0, tzinfo=UTC))
    assert len(changes) == 8


def test_no_two_posts_of_one_rule_share_an_instant_even_when_a_gap_moves_one_time_onto_another() -> None:
    plan, _rule = plan_for("Europe/Brussels", (6,), (time(2, 30), time(3, 30)), 1, date(2027, 3, 22), date(2027, 3, 28))
    posts = generate_posts(plan, lambda market_id: NO_DAYS_OFF)
    instants = [post.instant for post in posts]
    assert len(instants) == len(set(instants))
