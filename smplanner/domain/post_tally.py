"""What the workload and the publishing log need of a plan's posts, counted rather than listed.

A ten-year plan holds some 220,000 posts. The workload (hours per week, silences) and the publishing log (planned vs
done) need only counts of them: per week and kind of post, per presence and week the days with a post that keeps
it alive, per presence and day what was planned, published and skipped. Storage counts them from one index
(`PlanReader.market_tallies`); `tally_posts` counts posts in Python the same way (a test holds the two together).
The counts are kept market by market: an edit recounts only the week of the market it touched
(`PostTally.replaced`), and the workload works out again only that market's share (`domain.upkeep`).

Days are market-local dates (a post's own wall-clock date), as ordinals; a week is `(ordinal - 1) // 7`, the weeks
starting on Mondays (day 1, 0001-01-01, is a Monday).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple
from datetime import UTC, date, datetime

from smplanner.domain.plan import Plan, Post, PostStatus

Kind = tuple[str | None, str, str, str | None]
"""A kind of post, as the workload prices it: presence id (None for a post made by hand), market id, platform id and
content type id."""
Slot = tuple[str | None, str, str]
"""Where a post goes out: presence id (None for a post made by hand), market id and platform id."""


EXACT_WEEKS_ABOVE = 4
"""A silence longer than this many days is always found from weeks' first and last posts (a gap inside a week is
at most 5 days); a shorter threshold needs buckets of one day."""


def week_of(ordinal: int) -> int:
    return (ordinal - 1) // 7


class Span(NamedTuple):
    """Posts in one bucket of days: how many, and the first and last day with one (ordinals). A tuple: a ten-year
    plan has some 30,000 of them."""

    posts: int
    first: int
    last: int

    def merged(self, other: Span) -> Span:
        return Span(self.posts + other.posts, min(self.first, other.first), max(self.last, other.last))


class DayLog(NamedTuple):
    """Posts of one day whose moment has passed: how many, and how many of them were published and skipped."""

    planned: int = 0
    published: int = 0
    skipped: int = 0

    def merged(self, other: DayLog) -> DayLog:
        return DayLog(self.planned + other.planned, self.published + other.published, self.skipped + other.skipped)


Weeks = Mapping[int, int]
"""Posts per week (see `week_of`)."""
Buckets = Mapping[int, Span]
"""Spans per bucket of days (see `PostTally.bucket`)."""


@dataclass(frozen=True)
class MarketTally:
    """One market's share of a `PostTally` (every kind and slot of it names its market): its posts' counts per kind
    and week and per slot and bucket, its log, and its published posts' slots, moments and zones (in
    `published_order`). No kind or slot maps to nothing."""

    weekly: Mapping[Kind, Weeks] = field(default_factory=dict)
    alive: Mapping[Kind, Weeks] = field(default_factory=dict)
    planned: Mapping[Slot, Buckets] = field(default_factory=dict)
    coming: Mapping[Slot, Buckets] = field(default_factory=dict)
    log: Mapping[tuple[Slot, date], DayLog] = field(default_factory=dict)
    published: tuple[tuple[Slot, datetime, str], ...] = ()

    def is_empty(self) -> bool:
        return not (self.weekly or self.log or self.published)


@dataclass(frozen=True)
class PostTally:
    """The counts of a plan's posts the workload and the publishing log read, market by market (`markets`: each
    market's `MarketTally`, markets without a post left out), so that an edit replaces one market's share and
    leaves the others the same objects.

    - `weekly`: per kind and week, the posts dated from `first` to `last`; `alive` the same without skipped posts;
    - `planned` and `coming`: per slot and bucket of `bucket_days` days, the posts dated from `first` to `last` that
      keep a presence alive — `planned` every post not skipped, by its planned day; `coming` those not skipped nor
      published whose moment is `now` or later (with a publishing log in use, the past counts by what went out);
    - `log`: per (slot, day), the posts whose moment has passed by `now`, whatever their date;
    - `published`: each published post's slot, moment (aware UTC) and zone.

    The tally's own `weekly`, `alive`, `planned`, `coming`, `log` and `published` put the markets' shares together,
    keyed flat (per (week, kind), per (slot, bucket)), for reading; the workload works market by market.
    Buckets of 7 days find every silence longer than `EXACT_WEEKS_ABOVE` days; the workload asks for buckets of one
    day when the plan's silence threshold is that or shorter.
    """

    first: date
    last: date
    now: datetime
    bucket_days: int = 7
    markets: Mapping[str, MarketTally] = field(default_factory=dict)

    @cached_property
    def weekly(self) -> dict[tuple[int, Kind], int]:
        return {(week, kind): count for share in self.markets.values() for kind, weeks in share.weekly.items()
                for week, count in weeks.items()}

    @cached_property
    def alive(self) -> dict[tuple[int, Kind], int]:
        return {(week, kind): count for share in self.markets.values() for kind, weeks in share.alive.items()
                for week, count in weeks.items()}

    @cached_property
    def planned(self) -> dict[tuple[Slot, int], Span]:
        return {(slot, bucket): span for share in self.markets.values() for slot, buckets in share.planned.items()
                for bucket, span in buckets.items()}

    @cached_property
    def coming(self) -> dict[tuple[Slot, int], Span]:
        return {(slot, bucket): span for share in self.markets.values() for slot, buckets in share.coming.items()
                for bucket, span in buckets.items()}

    @cached_property
    def log(self) -> dict[tuple[Slot, date], DayLog]:
        return {key: day for share in self.markets.values() for key, day in share.log.items()}

    @cached_property
    def published(self) -> tuple[tuple[Slot, datetime, str], ...]:
        return published_order(item for share in self.markets.values() for item in share.published)

    def bucket(self, ordinal: int) -> int:
        return (ordinal - 1) // self.bucket_days

    def mix(self) -> dict[tuple[str, str | None], int]:
        """Per market and content type, the posts not skipped (what goes out, for the content mix)."""
        found: dict[tuple[str, str | None], int] = {}
        for share in self.markets.values():
            found.update(market_mix(share))
        return found

    def replaced(self, market_id: str, first: date, last: date, part: MarketTally) -> PostTally:
        """This tally with a market's counts from first to last (whole weeks) taken from `part`, a tally of that
        market over those days (an edit recounts only the week it touched); the market's `published` comes from
        `part` (it is always counted over the whole plan). The other markets' shares stay the same objects, and so
        do the weeks and buckets of each kind and slot the days do not touch."""
        old = self.markets.get(market_id, MarketTally())
        low, high = first.toordinal(), last.toordinal()
        weeks = range(week_of(low), week_of(high) + 1)
        buckets = range(self.bucket(low), self.bucket(high) + 1)
        share = MarketTally(
            weekly=_kept(old.weekly, part.weekly, weeks), alive=_kept(old.alive, part.alive, weeks),
            planned=_kept(old.planned, part.planned, buckets), coming=_kept(old.coming, part.coming, buckets),
            log={**{key: day for key, day in old.log.items() if not first <= key[1] <= last}, **part.log},
            published=part.published)
        markets = {key: value for key, value in self.markets.items() if key != market_id}
        if not share.is_empty():
            markets[market_id] = share
        return PostTally(self.first, self.last, self.now, self.bucket_days, dict(sorted(markets.items())))


def _kept(counts: Mapping[Any, Mapping[int, Any]], fresh: Mapping[Any, Mapping[int, Any]],
          replaced: range) -> dict[Any, Mapping[int, Any]]:
    """Counts per kind or slot and week or bucket with those of the `replaced` weeks or buckets taken from `fresh`
    (a kind or slot they leave empty goes); what they do not touch stays the same objects."""
    found: dict[Any, Mapping[int, Any]] = {}
    for key, inner in counts.items():
        if any(number in inner for number in replaced):
            inner = {number: value for number, value in inner.items() if number not in replaced}
        if inner:
            found[key] = inner
    for key, inner in fresh.items():
        found[key] = dict(sorted({**found.get(key, {}), **inner}.items()))
    return found


def market_mix(share: MarketTally) -> dict[tuple[str, str | None], int]:
    """Per market and content type, one market's posts not skipped."""
    found: dict[tuple[str, str | None], int] = defaultdict(int)
    for (_presence, market_id, _platform, content_type_id), weeks in share.alive.items():
        found[(market_id, content_type_id)] += sum(weeks.values())
    return dict(found)


def published_order(published: Iterable[tuple[Slot, datetime, str]]) -> tuple[tuple[Slot, datetime, str], ...]:
    """Published posts (slot, moment, zone) in one order, whoever counted them: by moment, then where."""
    return tuple(sorted(published, key=lambda item: (item[1], item[0][1], item[0][2], item[0][0] or "", item[2])))


def presence_of_slot(plan: Plan) -> Callable[[Slot], str | None]:
    """Which presence a slot's posts count for: their own, or for posts made by hand (or whose presence is gone)
    that of their market and platform."""
    known = {presence.id for presence in plan.presences}
    by_place = {(presence.market_id, presence.platform): presence.id for presence in plan.presences}

    found: dict[Slot, str | None] = {}

    def of(slot: Slot) -> str | None:
        if slot not in found:
            found[slot] = slot[0] if slot[0] in known else by_place.get((slot[1], slot[2]))
        return found[slot]

    return of


def tally_posts(posts: Iterable[Post], first: date, last: date, now: datetime | None = None,
                bucket_days: int = 7) -> PostTally:
    """The tally of these posts, counted in Python (what storage's aggregate queries count). Without `now`, nothing
    has passed yet: the log is empty and every post is still to come."""
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be an aware instant")
    now = datetime.min.replace(tzinfo=UTC) if now is None else now.astimezone(UTC)
    low, high = first.toordinal(), last.toordinal()
    found: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"weekly": {}, "alive": {}, "planned": {}, "coming": {}, "log": {}, "published": []})
    for post in sorted(posts, key=lambda post: post.local):  # weeks and buckets in order, as storage gives them
        slot: Slot = (post.presence_id, post.market_id, post.platform)
        share = found[post.market_id]
        day = post.local.toordinal()
        instant = post.instant
        if post.status is PostStatus.PUBLISHED and post.published_at is not None:
            share["published"].append((slot, post.published_at, post.zone))
        if instant < now:
            counted = DayLog(1, int(post.status is PostStatus.PUBLISHED), int(post.status is PostStatus.SKIPPED))
            key = (slot, post.local.date())
            share["log"][key] = share["log"][key].merged(counted) if key in share["log"] else counted
        if not low <= day <= high:
            continue
        kind = (*slot, post.content_type_id)
        _count(share["weekly"], kind, week_of(day))
        if post.status is PostStatus.SKIPPED:
            continue
        _count(share["alive"], kind, week_of(day))
        bucket = (day - 1) // bucket_days
        _span(share["planned"], slot, bucket, day)
        if post.status is not PostStatus.PUBLISHED and instant >= now:
            _span(share["coming"], slot, bucket, day)
    markets = {}
    for market_id in sorted(found):
        share = found[market_id]
        tallied = MarketTally(share["weekly"], share["alive"], share["planned"], share["coming"], share["log"],
                              published_order(share["published"]))
        if not tallied.is_empty():
            markets[market_id] = tallied
    return PostTally(first, last, now, bucket_days, markets)


def _count(counts: dict[Kind, dict[int, int]], kind: Kind, week: int) -> None:
    weeks = counts.setdefault(kind, {})
    weeks[week] = weeks.get(week, 0) + 1


def _span(spans: dict[Slot, dict[int, Span]], slot: Slot, bucket: int, day: int) -> None:
    buckets = spans.setdefault(slot, {})
    span = Span(1, day, day)
    buckets[bucket] = buckets[bucket].merged(span) if bucket in buckets else span
