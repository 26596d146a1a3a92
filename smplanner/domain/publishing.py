"""The daily loop: what is due to be published by hand, the checks on a publication, and the publishing log.

The app never publishes anything: the founder copies a post's text to the network and marks the post published (the
moment, and optionally its address) or skipped (with a reason). From those marks comes the publishing log of each
presence: when it last published, how many of its planned posts were published week by week and month by month, how
many days it has been silent, and how many of its posts are overdue (their moment has passed and they are neither
published nor skipped).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from smplanner.domain.catalogue import is_web_address
from smplanner.domain.plan import Plan, Post, PostError, PostStatus, Presence, VersionStatus, utc_instant
from smplanner.domain.post_tally import MarketTally, PostTally, Slot, Span, presence_of_slot
from smplanner.domain.timezones import zone
from smplanner.i18n import _

MAX_URL_LENGTH = 2000
MAX_REASON_LENGTH = 500
DEFAULT_DUE_DAYS = 3
"""How many days the Today list and `smplanner today` show by default: today and the next two."""


# --- checks on what the founder records -------------------------------------------------------------------------


def plan_start(plan: Plan, post: Post) -> datetime:
    """The first moment of the plan in the post's market: midnight of the period's first day there."""
    return datetime.combine(plan.strategy.period_start, time.min, tzinfo=zone(post.zone))


def publication_moment(plan: Plan, post: Post, at: datetime, now: datetime) -> datetime:
    """The moment a post went out, checked: not in the future, not before the plan; returned in UTC to the second."""
    if at.tzinfo is None:
        raise ValueError("at must be an aware moment")
    moment = utc_instant(at)
    if moment > now.astimezone(UTC):
        raise PostError(_("The publication time {at} is in the future.").format(at=_iso(at)))
    start = plan_start(plan, post)
    if moment < start:
        raise PostError(
            _("The publication time {at} is before the plan starts ({start}).").format(
                at=_iso(at), start=plan.strategy.period_start.isoformat()
            )
        )
    return moment


def checked_url(url: str) -> str:
    """A published post's address, trimmed; empty when none is given. Only web addresses are kept."""
    url = url.strip()
    if not url:
        return ""
    if not is_web_address(url):
        raise PostError(_("\u201c{url}\u201d is not a web address such as https://example.com/post/1.").format(url=url))
    if len(url) > MAX_URL_LENGTH:
        raise PostError(_("The link is longer than {count} characters.").format(count=MAX_URL_LENGTH))
    return url


def checked_reason(reason: str) -> str:
    """Why a post is skipped, trimmed: it cannot be empty."""
    reason = " ".join(reason.split())
    if not reason:
        raise PostError(_("Say why the post is skipped."))
    if len(reason) > MAX_REASON_LENGTH:
        raise PostError(_("The reason is longer than {count} characters.").format(count=MAX_REASON_LENGTH))
    return reason


def published(post: Post, moment: datetime, url: str = "") -> Post:
    """The post marked published at a checked moment, with its address if given."""
    return replace(post, status=PostStatus.PUBLISHED, published_at=moment, published_url=url, skip_reason="")


def skipped(post: Post, reason: str) -> Post:
    """The post marked skipped, with the reason."""
    return replace(post, status=PostStatus.SKIPPED, published_at=None, published_url="", skip_reason=reason)


def reopened(post: Post) -> Post:
    """A published or skipped post made due again, its log cleared: ready when every version is, a draft when one
    has a text, an idea otherwise."""
    versions = post.versions
    if versions and all(version.status is VersionStatus.READY for version in versions):
        status = PostStatus.READY
    elif any(version.text.strip() for version in versions):
        status = PostStatus.DRAFT
    else:
        status = PostStatus.IDEA
    return replace(post, status=status, published_at=None, published_url="", skip_reason="")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


# --- what is due ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DuePost:
    """A post in the Today list: overdue (its moment passed, not done), or on one of the days shown (home dates)."""

    post: Post
    overdue: bool
    day: date  # the founder's date of its moment


def due_window(now: datetime, home_zone: str, days: int) -> tuple[datetime, datetime]:
    """From the start of the founder's today to the end of the last day shown, as aware instants."""
    if days < 1:
        raise ValueError("days must be at least 1")
    today = now.astimezone(zone(home_zone)).date()
    start = datetime.combine(today, time.min, tzinfo=zone(home_zone))
    end = datetime.combine(today + timedelta(days=days), time.min, tzinfo=zone(home_zone))
    return start, end


def due_posts(posts: Iterable[Post], now: datetime, home_zone: str, days: int = DEFAULT_DUE_DAYS) -> list[DuePost]:
    """The Today list: overdue posts first (oldest first), then the posts of today and the next days by moment.

    `posts` are those from the plan's start to the end of the window. A post whose moment has passed and that is
    neither published nor skipped is overdue, whatever its day; a post of the days shown that is done stays in its
    day, so the founder sees what was done and can undo it.
    """
    start, end = due_window(now, home_zone, days)
    home = zone(home_zone)
    overdue: list[DuePost] = []
    coming: list[DuePost] = []
    for post in posts:
        instant = post.instant
        if instant >= end:
            continue
        day = instant.astimezone(home).date()
        if not post.is_done and instant < now:
            overdue.append(DuePost(post, True, day))
        elif instant >= start:
            coming.append(DuePost(post, False, day))
    return sorted(overdue, key=_by_instant) + sorted(coming, key=_by_instant)


def _by_instant(due: DuePost) -> tuple[datetime, str]:
    return due.post.instant, due.post.id


# --- the publishing log ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tally:
    """Planned vs done over a week (starting on Monday) or a month (starting on the 1st): the posts planned in it,
    and how many of them were published and skipped (market-local dates)."""

    start: date
    planned: int = 0
    published: int = 0
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class PresenceRecord:
    """The publishing log of one presence, up to today."""

    presence_id: str
    last_published: datetime | None  # an aware UTC instant
    days_silent: int | None  # days since the last publication, or since the presence started; None before it starts
    planned: int  # posts whose moment has passed
    published: int
    skipped: int
    overdue: int  # posts whose moment has passed, neither published nor skipped
    weeks: tuple[Tally, ...]
    months: tuple[Tally, ...]


@dataclass(frozen=True, slots=True)
class PublishingLog:
    """Each presence's publishing log (in the plan's order), as of `now`."""

    now: datetime
    presences: tuple[PresenceRecord, ...]

    @property
    def in_use(self) -> bool:
        """Whether the founder records publications at all: one post published or skipped is enough."""
        return any(record.published or record.skipped for record in self.presences)

    @property
    def overdue(self) -> int:
        return sum(record.overdue for record in self.presences)

    def record(self, presence_id: str) -> PresenceRecord | None:
        return next((record for record in self.presences if record.presence_id == presence_id), None)


def presence_start(plan: Plan, market_id: str) -> date:
    """The first day a market's presences run: the plan's start, or the market's entry date when later."""
    market = next((m for m in plan.markets if m.id == market_id), None)
    first = plan.strategy.period_start
    return max(first, market.entry_date) if market is not None and market.entry_date else first


def _month(day: date) -> date:
    return day.replace(day=1)


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class LogCounts:
    """What one market's posts give a presence's publishing log: per week and per month, [planned, published,
    skipped] of its posts whose moment has passed; and the last moment it published."""

    weeks: dict[date, list[int]]
    months: dict[date, list[int]]
    last_published: datetime | None


def log_counts(plan: Plan, share: MarketTally) -> dict[str, LogCounts]:
    """Per presence, what one market's tally gives its publishing log (see `publishing_log`)."""
    of = presence_of_slot(plan)
    weeks: dict[str, dict[date, list[int]]] = defaultdict(dict)
    months: dict[str, dict[date, list[int]]] = defaultdict(dict)
    starts: dict[date, tuple[date, date]] = {}  # each day's week and month, worked out once
    for (slot, day), counted in share.log.items():
        presence_id = of(slot)
        if presence_id is None:
            continue
        week_month = starts.get(day)
        if week_month is None:
            week_month = starts[day] = (_week(day), _month(day))
        for periods, start in ((weeks[presence_id], week_month[0]), (months[presence_id], week_month[1])):
            counts = periods.get(start)
            if counts is None:
                counts = periods[start] = [0, 0, 0]
            counts[0] += counted.planned
            counts[1] += counted.published
            counts[2] += counted.skipped
    last_published: dict[str, datetime] = {}
    for slot, moment, _zone in share.published:
        presence_id = of(slot)
        if presence_id is not None and (presence_id not in last_published or moment > last_published[presence_id]):
            last_published[presence_id] = moment
    return {presence_id: LogCounts(weeks.get(presence_id, {}), months.get(presence_id, {}),
                                   last_published.get(presence_id))
            for presence_id in {*weeks, *last_published}}


def presence_record(plan: Plan, presence: Presence, counted: Sequence[LogCounts], now: datetime) -> PresenceRecord:
    """A presence's publishing log as of `now`, from what each market's posts give it (see `log_counts`)."""
    market = next((m for m in plan.markets if m.id == presence.market_id), None)
    tz = zone(market.zone) if market is not None else UTC
    today = now.astimezone(tz).date()
    start = presence_start(plan, presence.market_id)
    end = min(today, plan.strategy.period_end)
    its_weeks: dict[date, list[int]] = {}
    its_months: dict[date, list[int]] = {}
    for part in counted:
        for periods, more in ((its_weeks, part.weeks), (its_months, part.months)):
            for key, counts in more.items():
                had = periods.get(key)
                periods[key] = list(counts) if had is None else [a + b for a, b in zip(had, counts, strict=True)]
    week = _week(start)
    while week <= end:  # every week and month from the start to today, posts or none
        its_weeks.setdefault(week, [0, 0, 0])
        week += timedelta(days=7)
    month = _month(start)
    while month <= end:
        its_months.setdefault(month, [0, 0, 0])
        month = _month(month + timedelta(days=31))
    planned, done, dropped = (sum(counts[i] for counts in its_months.values()) for i in range(3))
    last = max((part.last_published for part in counted if part.last_published is not None), default=None)
    if last is not None:
        days_silent: int | None = max(0, (today - last.astimezone(tz).date()).days)
    else:
        days_silent = (today - start).days if today >= start else None
    return PresenceRecord(
        presence_id=presence.id,
        last_published=last,
        days_silent=days_silent,
        planned=planned,
        published=done,
        skipped=dropped,
        overdue=planned - done - dropped,
        weeks=tuple(Tally(key, *its_weeks[key]) for key in sorted(its_weeks)),
        months=tuple(Tally(key, *its_months[key]) for key in sorted(its_months)),
    )


def publishing_log(plan: Plan, tally: PostTally) -> PublishingLog:
    """The publishing log of every presence from the posts whose moment has passed by the tally's `now` (and the
    moments of those published ahead of it). Weeks and months run from the presence's start to the one holding
    today, in the market's dates."""
    parts = [log_counts(plan, share) for share in tally.markets.values()]
    return PublishingLog(tally.now, tuple(
        presence_record(plan, presence, [part[presence.id] for part in parts if presence.id in part], tally.now)
        for presence in plan.presences))


def activity(tally: PostTally, log_in_use: bool) -> dict[Slot, Mapping[int, Span]]:
    """The spans of posts that keep a presence alive, for finding silences (see `market_activity`), of every
    market."""
    spans: dict[Slot, Mapping[int, Span]] = {}
    for share in tally.markets.values():
        spans.update(market_activity(share, log_in_use, tally))
    return spans


def market_activity(share: MarketTally, log_in_use: bool, tally: PostTally) -> Mapping[Slot, Mapping[int, Span]]:
    """The spans of one market's posts that keep a presence alive, per slot and bucket (dated within the tally's
    days, in its buckets): a skipped post never does; with a publishing log in use, a past post counts only if it
    was published, and on the day it went out; posts still to come count where they are planned."""
    if not log_in_use:
        return share.planned
    spans = dict(share.coming)
    low, high = tally.first.toordinal(), tally.last.toordinal()
    for slot, moment, zone_name in share.published:
        day = moment.astimezone(zone(zone_name)).date().toordinal()
        if low <= day <= high:
            buckets = spans[slot] = dict(spans.get(slot, {}))
            bucket = tally.bucket(day)
            buckets[bucket] = buckets[bucket].merged(Span(1, day, day)) if bucket in buckets else Span(1, day, day)
    return spans
