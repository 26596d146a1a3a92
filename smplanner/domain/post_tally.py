"""What the workload and the publishing log need of a plan's posts, counted rather than listed.

A ten-year plan holds some 220,000 posts. The workload (hours per week, silences) and the publishing log (planned vs
done) need only counts of them: per week and kind of post, per presence and week the days with a post that keeps
it alive, per presence and day what was planned, published and skipped. Storage answers them with aggregate queries
(`PlanReader.post_tally`); `tally_posts` counts posts in Python the same way (a test holds the two together); an
edit recounts only the week it touched (`PostTally.replaced`).

Days are market-local dates (a post's own wall-clock date), as ordinals; a week is `(ordinal - 1) // 7`, the weeks
starting on Mondays (day 1, 0001-01-01, is a Monday).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
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


@dataclass(frozen=True, slots=True)
class Span:
    """Posts in one bucket of days: how many, and the first and last day with one (ordinals)."""

    posts: int
    first: int
    last: int

    def merged(self, other: Span) -> Span:
        return Span(self.posts + other.posts, min(self.first, other.first), max(self.last, other.last))


@dataclass(frozen=True, slots=True)
class DayLog:
    """Posts of one day whose moment has passed: how many, and how many of them were published and skipped."""

    planned: int = 0
    published: int = 0
    skipped: int = 0

    def merged(self, other: DayLog) -> DayLog:
        return DayLog(self.planned + other.planned, self.published + other.published, self.skipped + other.skipped)


@dataclass(frozen=True)
class MarketTally:
    """One market's share of a `PostTally` (every key of which names its market): its posts' counts, and its
    published posts' slots, moments and zones (in `published_order`)."""

    weekly: Mapping[tuple[int, Kind], int] = field(default_factory=dict)
    alive: Mapping[tuple[int, Kind], int] = field(default_factory=dict)
    planned: Mapping[tuple[Slot, int], Span] = field(default_factory=dict)
    coming: Mapping[tuple[Slot, int], Span] = field(default_factory=dict)
    log: Mapping[tuple[Slot, date], DayLog] = field(default_factory=dict)
    published: tuple[tuple[Slot, datetime, str], ...] = ()

    def is_empty(self) -> bool:
        return not (self.weekly or self.log or self.published)


def _by_market(mapping: Mapping, market_of: Callable[[Any], str]) -> dict[str, dict]:
    found: dict[str, dict] = defaultdict(dict)
    for key, value in mapping.items():
        found[market_of(key)][key] = value
    return found


@dataclass(frozen=True)
class PostTally:
    """The counts of a plan's posts the workload and the publishing log read, market by market (`markets`: each
    market's `MarketTally`, markets without a post left out), so that an edit replaces one market's share and
    leaves the others the same objects.

    - `weekly`: per (week, kind), the posts dated from `first` to `last`; `alive` the same without skipped posts;
    - `planned` and `coming`: per (slot, bucket of `bucket_days` days), the posts dated from `first` to `last` that
      keep a presence alive — `planned` every post not skipped, by its planned day; `coming` those not skipped nor
      published whose moment is `now` or later (with a publishing log in use, the past counts by what went out);
    - `log`: per (slot, day), the posts whose moment has passed by `now`, whatever their date;
    - `published`: each published post's slot, moment (aware UTC) and zone.

    Those six are the markets' shares put together (for reading; the workload works market by market).
    Buckets of 7 days find every silence longer than `EXACT_WEEKS_ABOVE` days; the workload asks for buckets of one
    day when the plan's silence threshold is that or shorter.
    """

    first: date
    last: date
    now: datetime
    bucket_days: int = 7
    markets: Mapping[str, MarketTally] = field(default_factory=dict)

    @classmethod
    def of(cls, first: date, last: date, now: datetime, bucket_days: int = 7, *,
           weekly: Mapping[tuple[int, Kind], int] | None = None, alive: Mapping[tuple[int, Kind], int] | None = None,
           planned: Mapping[tuple[Slot, int], Span] | None = None,
           coming: Mapping[tuple[Slot, int], Span] | None = None,
           log: Mapping[tuple[Slot, date], DayLog] | None = None,
           published: Iterable[tuple[Slot, datetime, str]] = ()) -> PostTally:
        """A tally from counts of every market together, shared out by market."""
        kinds = [_by_market(counts or {}, lambda key: key[1][1]) for counts in (weekly, alive)]
        spans = [_by_market(counts or {}, lambda key: key[0][1]) for counts in (planned, coming, log)]
        sent: dict[str, list[tuple[Slot, datetime, str]]] = defaultdict(list)
        for item in published:
            sent[item[0][1]].append(item)
        markets = {}
        for market_id in sorted({*kinds[0], *kinds[1], *spans[0], *spans[1], *spans[2], *sent}):
            share = MarketTally(kinds[0].get(market_id, {}), kinds[1].get(market_id, {}), spans[0].get(market_id, {}),
                                spans[1].get(market_id, {}), spans[2].get(market_id, {}),
                                published_order(sent.get(market_id, ())))
            if not share.is_empty():
                markets[market_id] = share
        return cls(first, last, now, bucket_days, markets)

    def _joined(self, name: str) -> dict:
        joined: dict = {}
        for share in self.markets.values():
            joined.update(getattr(share, name))
        return joined

    @cached_property
    def weekly(self) -> Mapping[tuple[int, Kind], int]:
        return self._joined("weekly")

    @cached_property
    def alive(self) -> Mapping[tuple[int, Kind], int]:
        return self._joined("alive")

    @cached_property
    def planned(self) -> Mapping[tuple[Slot, int], Span]:
        return self._joined("planned")

    @cached_property
    def coming(self) -> Mapping[tuple[Slot, int], Span]:
        return self._joined("coming")

    @cached_property
    def log(self) -> Mapping[tuple[Slot, date], DayLog]:
        return self._joined("log")

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
        `part` (it is always counted over the whole plan). The other markets' shares stay the same objects."""
        old = self.markets.get(market_id, MarketTally())
        low, high = first.toordinal(), last.toordinal()
        weeks = (week_of(low), week_of(high))
        buckets = (self.bucket(low), self.bucket(high))

        def kept(mapping: Mapping, fresh: Mapping, inside: Callable[[Any], bool]) -> dict:
            found = {key: value for key, value in mapping.items() if not inside(key)}
            found.update(fresh)
            return found

        def in_weeks(key: tuple) -> bool:
            return weeks[0] <= key[0] <= weeks[1]

        def in_buckets(key: tuple) -> bool:
            return buckets[0] <= key[1] <= buckets[1]

        share = MarketTally(
            weekly=kept(old.weekly, part.weekly, in_weeks), alive=kept(old.alive, part.alive, in_weeks),
            planned=kept(old.planned, part.planned, in_buckets), coming=kept(old.coming, part.coming, in_buckets),
            log=kept(old.log, part.log, lambda key: first <= key[1] <= last), published=part.published)
        markets = {key: value for key, value in self.markets.items() if key != market_id}
        if not share.is_empty():
            markets[market_id] = share
        return PostTally(self.first, self.last, self.now, self.bucket_days, dict(sorted(markets.items())))


def market_mix(share: MarketTally) -> dict[tuple[str, str | None], int]:
    """Per market and content type, one market's posts not skipped."""
    found: dict[tuple[str, str | None], int] = defaultdict(int)
    for (_week, (_presence, market_id, _platform, content_type_id)), count in share.alive.items():
        found[(market_id, content_type_id)] += count
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
    weekly: defaultdict[tuple[int, Kind], int] = defaultdict(int)
    alive: defaultdict[tuple[int, Kind], int] = defaultdict(int)
    planned: dict[tuple[Slot, int], Span] = {}
    coming: dict[tuple[Slot, int], Span] = {}
    log: dict[tuple[Slot, date], DayLog] = {}
    published: list[tuple[Slot, datetime, str]] = []
    for post in posts:
        slot: Slot = (post.presence_id, post.market_id, post.platform)
        day = post.local.toordinal()
        instant = post.instant
        if post.status is PostStatus.PUBLISHED and post.published_at is not None:
            published.append((slot, post.published_at, post.zone))
        if instant < now:
            found = DayLog(1, int(post.status is PostStatus.PUBLISHED), int(post.status is PostStatus.SKIPPED))
            key = (slot, post.local.date())
            log[key] = log[key].merged(found) if key in log else found
        if not low <= day <= high:
            continue
        kind = (week_of(day), (*slot, post.content_type_id))
        weekly[kind] += 1
        if post.status is PostStatus.SKIPPED:
            continue
        alive[kind] += 1
        span = Span(1, day, day)
        bucket = (slot, (day - 1) // bucket_days)
        planned[bucket] = planned[bucket].merged(span) if bucket in planned else span
        if post.status is not PostStatus.PUBLISHED and instant >= now:
            coming[bucket] = coming[bucket].merged(span) if bucket in coming else span
    return PostTally.of(first, last, now, bucket_days, weekly=weekly, alive=alive, planned=planned, coming=coming,
                        log=log, published=published)
