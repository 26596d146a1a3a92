"""What may be wrong with a post (a holiday, bad hours, the founder's night or working hours when nobody can schedule it
ahead, too long a text), what the founder should merely know about it (schedule it in advance, a clock change), and
the presences that fall silent long enough to look abandoned.

Warnings and notes are kept apart everywhere, so that a count of warnings means what it says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter, sub

from smplanner.domain.catalogue import Catalogue, LengthLimit, PlatformInfo, TimesBasis
from smplanner.domain.market_days import NO_DAYS_OFF, DaysOff
from smplanner.domain.plan import Actor, ActorKind, CadenceRule, Plan, Post, Presence
from smplanner.domain.post_tally import Slot, Span, presence_of_slot
from smplanner.domain.text_length import text_length
from smplanner.domain.timezones import Adjustment, resolve_local, zone
from smplanner.i18n import N_


class PostWarning(StrEnum):
    """Something wrong with a post, which the founder should fix (most come with a fix, see `post_fixes`)."""

    HOLIDAY = "holiday"
    OUTSIDE_GOOD_HOURS = "outside_good_hours"
    FOUNDER_NIGHT = "founder_night"
    OUTSIDE_WORKING_HOURS = "outside_working_hours"
    TOO_LONG = "too_long"


class PostNote(StrEnum):
    """Something the founder should know about a post, which is not wrong."""

    SCHEDULE_AHEAD = "schedule_ahead"
    DST_ADJUSTED = "dst_adjusted"


WARNING_LABELS = {
    PostWarning.HOLIDAY: N_("On a public holiday of its market"),
    PostWarning.OUTSIDE_GOOD_HOURS: N_("Outside the platform's good hours in its market"),
    PostWarning.FOUNDER_NIGHT: N_("In your night, and the platform offers no way to schedule it in advance"),
    PostWarning.OUTSIDE_WORKING_HOURS: N_(
        "Outside your working hours, and the platform offers no way to schedule it in advance"),
    PostWarning.TOO_LONG: N_("Text longer than the platform allows"),
}
WARNING_SHORT_LABELS = {
    PostWarning.HOLIDAY: N_("holiday"),
    PostWarning.OUTSIDE_GOOD_HOURS: N_("off-hours"),
    PostWarning.FOUNDER_NIGHT: N_("your night"),
    PostWarning.OUTSIDE_WORKING_HOURS: N_("off your hours"),
    PostWarning.TOO_LONG: N_("too long"),
}
"""One or two words per warning, for narrow columns and the command line's table."""
NOTE_LABELS = {
    PostNote.SCHEDULE_AHEAD: N_("Outside your working hours: schedule it in advance on the platform"),
    PostNote.DST_ADJUSTED: N_("Moved or made unambiguous by a daylight-saving change"),
}
NOTE_SHORT_LABELS = {
    PostNote.SCHEDULE_AHEAD: N_("schedule ahead"),
    PostNote.DST_ADJUSTED: N_("clock change"),
}
"""One or two words per note, as WARNING_SHORT_LABELS."""

TITLE_FIELDS = ("title", "article_title")
"""Catalogue length-limit fields that a post's title is checked against."""
TEXT_FIELDS = ("post", "caption", "text", "description", "message", "body")
"""Catalogue length-limit fields that a post's text is checked against."""


@dataclass(frozen=True, slots=True)
class PostAdvice:
    """A post's warnings (in PostWarning's order) and notes (in PostNote's order)."""

    warnings: tuple[PostWarning, ...] = ()
    notes: tuple[PostNote, ...] = ()


NO_ADVICE = PostAdvice()


@dataclass(frozen=True)
class WarningContext:
    """What warnings need beside the post: the plan, its catalogue, and each market's days off.

    `days_off` maps a market id to its days off over the posts' dates; a market missing from it has none.
    """

    plan: Plan
    catalogue: Catalogue
    days_off: Mapping[str, DaysOff]
    _rules: Mapping[str, CadenceRule] = field(init=False, repr=False, compare=False)
    _presences: Mapping[str, Presence] = field(init=False, repr=False, compare=False)
    _by_slot: Mapping[tuple[str, str], Presence] = field(init=False, repr=False, compare=False)
    _actors: Mapping[str, Actor] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_rules", {rule.id: rule for rule in self.plan.cadence_rules})
        object.__setattr__(self, "_presences", {p.id: p for p in self.plan.presences})
        object.__setattr__(self, "_by_slot", {(p.market_id, p.platform): p for p in self.plan.presences})
        object.__setattr__(self, "_actors", {a.id: a for a in self.plan.actors})

    def rule(self, rule_id: str | None) -> CadenceRule | None:
        return None if rule_id is None else self._rules.get(rule_id)

    def days_off_of(self, market_id: str) -> DaysOff:
        return self.days_off.get(market_id, NO_DAYS_OFF)

    def holidays_of(self, market_id: str) -> Mapping[date, str]:
        return self.days_off_of(market_id).holidays

    def actor_of(self, post: Post) -> Actor | None:
        """Who runs the post's presence (for a post made by hand, the presence of its market and platform)."""
        presence = self._presences.get(post.presence_id) if post.presence_id else None
        presence = presence or self._by_slot.get((post.market_id, post.platform))
        return self._actors.get(presence.actor_id) if presence is not None and presence.actor_id else None


def advice_for(post: Post, context: WarningContext) -> PostAdvice:
    """The warnings and the notes of one post."""
    platform = context.catalogue.get(post.platform)
    warnings: list[PostWarning] = []
    notes: list[PostNote] = []
    if post.local.date() in context.holidays_of(post.market_id):
        warnings.append(PostWarning.HOLIDAY)
    if platform is not None and is_outside_good_hours(post.local, platform):
        warnings.append(PostWarning.OUTSIDE_GOOD_HOURS)
    if posted_from_home(context.actor_of(post)) and is_outside_working_hours(post, context.plan):
        if platform is not None and platform.schedules_ahead:
            notes.append(PostNote.SCHEDULE_AHEAD)
        elif is_in_founder_night(post, context.plan):
            warnings.append(PostWarning.FOUNDER_NIGHT)
        else:
            warnings.append(PostWarning.OUTSIDE_WORKING_HOURS)
    if platform is not None and is_too_long(post, platform):
        warnings.append(PostWarning.TOO_LONG)
    if is_dst_adjusted(post, context.rule(post.rule_id)):
        notes.append(PostNote.DST_ADJUSTED)
    return PostAdvice(tuple(warnings), tuple(notes))


def warnings_for(post: Post, context: WarningContext) -> tuple[PostWarning, ...]:
    """The warnings of one post, in PostWarning's order."""
    return advice_for(post, context).warnings


def posted_from_home(actor: Actor | None) -> bool:
    """Whether the person who posts works on the founder's clock: the founder, an employee or an agency at home, or
    nobody yet (the founder, then). A partner abroad posts in their own market's day, not the founder's."""
    return actor is None or actor.kind is not ActorKind.PARTNER


def _within(moment: time, start: time, end: time) -> bool:
    """Whether a wall time is in [start, end); a window whose end is before its start runs past midnight."""
    if start == end:
        return True  # the whole day
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def is_outside_good_hours(local: datetime, platform: PlatformInfo) -> bool:
    """Whether a market-local time misses the platform's good hours.

    Only when the catalogue gives good hours (a study's or the founder's; none when no data was published). A time
    is outside them when it is in none of the windows (each from its start, inclusive, to its end, exclusive), or
    when the catalogue names good days and the local day is not one of them: Saturday 10:00 is not a good time on a
    platform whose study found weekdays 9:00-12:00.
    """
    times = platform.posting_times
    if times.basis is TimesBasis.NO_PUBLISHED_DATA or not times.windows:
        return False
    if times.days and local.weekday() not in times.days:
        return True
    moment = local.time()
    return not any(_within(moment, start, end) for start, end in times.windows)


def founder_time(post: Post, plan: Plan) -> datetime:
    """The post's instant on the founder's clock (the firm's home zone)."""
    return post.instant.astimezone(zone(plan.firm.home_zone))


def is_in_founder_night(post: Post, plan: Plan) -> bool:
    """Whether the post goes out in the founder's night, on their own clock: from night_start (inclusive) to
    night_end (exclusive), 22:00 to 07:00 unless the founder says otherwise.

    Only the hours count, not the working days: a Saturday-morning post is not in the founder's night, and B2C
    markets are often meant to be served at weekends.
    """
    firm = plan.firm
    return firm.night_start != firm.night_end and _within(founder_time(post, plan).time(), firm.night_start,
                                                           firm.night_end)


def is_outside_working_hours(post: Post, plan: Plan) -> bool:
    """Whether the post goes out outside the founder's working hours (working_start inclusive to working_end
    exclusive, past midnight when the end is before the start), on their own clock."""
    return not _within(founder_time(post, plan).time(), plan.firm.working_start, plan.firm.working_end)


def is_dst_adjusted(post: Post, rule: CadenceRule | None = None) -> bool:
    """Whether a clock change shaped the post's time.

    Either its stored local time occurs twice in its zone (fall back: the first occurrence, or the one its fold
    names, is meant, which the founder should know), or the post is a generated, unedited one of `rule` whose
    local time is not one of the rule's times because that time did not exist that day (spring forward: it was
    moved to the first valid instant after the gap).
    """
    if resolve_local(post.local, post.zone).adjustment is not Adjustment.NONE:
        return True
    if rule is None or post.rule_id != rule.id or post.edited or not _clock_changes_near(post.zone, post.local.date()):
        return False
    # A gap at midnight can push a rule's late-evening time into the next day, hence the day before too.
    moved_here = [
        datetime.combine(day, at)
        for day in (post.local.date(), post.local.date() - timedelta(days=1))
        for at in rule.times
        if _moved_by_gap(datetime.combine(day, at), post.zone) == post.local
    ]
    if not moved_here:
        return False
    if post.local.time() not in rule.times:
        return True
    # Rare: the gap moved one of the rule's times onto another (02:30 and 03:30 on a spring-forward day). The
    # post's id, made from the time the rule asked for, tells which one this post is.
    from smplanner.domain.cadence import generated_post_id  # imported here: it brings dateutil's recurrence

    return any(post.id == generated_post_id(rule.id, asked) for asked in moved_here)


@lru_cache(maxsize=8192)
def _clock_changes_near(zone_name: str, day: date) -> bool:
    """Whether the zone's UTC offset changes between the day before `day` and the day after it (a cheap filter)."""
    tz = zone(zone_name)
    before = datetime.combine(day - timedelta(days=1), time(0), tzinfo=tz).utcoffset()
    after = datetime.combine(day + timedelta(days=1), time(23, 59), tzinfo=tz).utcoffset()
    return before != after


def _moved_by_gap(local: datetime, zone_name: str) -> datetime | None:
    """Where a spring-forward gap moves a wall time to, or None when the time exists."""
    resolved = resolve_local(local, zone_name)
    return resolved.local if resolved.adjustment is Adjustment.NONEXISTENT else None


def _first_limit(platform: PlatformInfo, fields: Sequence[str]) -> LengthLimit | None:
    return next((limit for limit in platform.length_limits if limit.field in fields), None)


def title_limit(platform: PlatformInfo) -> LengthLimit | None:
    """The length limit a post's title is held to: the platform's first "title"-like limit, if any."""
    return _first_limit(platform, TITLE_FIELDS)


def text_limit(platform: PlatformInfo) -> LengthLimit | None:
    """The length limit a post's text is held to: the platform's first text-like limit ("post", "caption",
    "text", "description", "message", "body"), in catalogue order.

    Only the first counts, as the platform's main field: Telegram's 1,024-character caption of a photo does not
    hold back a 4,096-character message, and Snapchat's Spotlight and WeChat's digest are other fields.
    """
    return _first_limit(platform, TEXT_FIELDS)


def is_too_long(post: Post, platform: PlatformInfo) -> bool:
    """Whether the title or the text of one of its versions is over the platform's limit for it, counted in the
    limit's own unit."""
    text = text_limit(platform)
    checks = [(title_limit(platform), post.title), *((text, version.text) for version in post.versions)]
    return any(limit is not None and value and text_length(value, limit.unit) > limit.limit for limit, value in checks)


# --- silences -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Silence:
    """Days on end without a post on a presence, from start to end inclusive: the profile would look abandoned."""

    presence_id: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def find_silences(
    plan: Plan, spans: Mapping[Slot, Mapping[int, Span]], first: date, last: date, threshold_days: int | None = None
) -> list[Silence]:
    """Per presence, the runs of days from first to last (inclusive) without a post, when longer than the threshold.

    `spans` are the posts that keep a presence alive, per slot and bucket of days (see `post_tally`; buckets
    of a week find every silence longer than 4 days, `day_spans` gives buckets of a day). A run of n silent days is a
    silence when n > threshold (the strategy's silence threshold by default). Days are the market's local dates;
    posts outside first..last are ignored; a presence's days start no earlier than its market's entry date. A post
    counts for its presence, or, when it has none (made by hand), for the presence of its market and platform.
    Silences come presence by presence (in the plan's order), then by date.
    """
    threshold = plan.strategy.silence_threshold_days if threshold_days is None else threshold_days
    runs = presence_runs(plan, spans, first, last)
    silences: list[Silence] = []
    for presence in plan.presences:
        silences += presence_silences(plan, presence, runs.get(presence.id, ()), first, last, threshold)
    return silences


def presence_runs(
    plan: Plan, spans: Mapping[Slot, Mapping[int, Span]], first: date, last: date
) -> dict[str, list[Span]]:
    """Per presence (those with a post), the spans of `spans` within first..last (cut to them), by their first day
    (what `presence_silences` reads)."""
    of = presence_of_slot(plan)
    low, high = first.toordinal(), last.toordinal()
    runs: dict[str, list[Span]] = {}
    for slot, buckets in spans.items():
        presence_id = of(slot)
        if presence_id is None or not buckets:
            continue
        found = list(buckets.values())
        if min(map(_FIRST, found)) < low or max(map(_LAST, found)) > high:
            found = [Span(span.posts, max(span.first, low), min(span.last, high)) for span in found
                     if span.last >= low and span.first <= high]
        runs.setdefault(presence_id, []).extend(found)
    for found in runs.values():
        found.sort(key=_FIRST_LAST)
    return {presence_id: found for presence_id, found in runs.items() if found}


_FIRST, _LAST, _FIRST_LAST = itemgetter(1), itemgetter(2), itemgetter(1, 2)


def presence_silences(
    plan: Plan, presence: Presence, runs: Sequence[Span], first: date, last: date, threshold: int
) -> list[Silence]:
    """One presence's silences (see `find_silences`) from its spans of posts within first..last, by their first day
    (see `presence_runs`)."""
    market = next((m for m in plan.markets if m.id == presence.market_id), None)
    start = max(first, market.entry_date) if market and market.entry_date else first
    if start > last:
        return []
    high, start_day = last.toordinal(), start.toordinal()
    if runs and runs[0].first >= start_day:
        # Most presences have no silence: the widest gap, found in bulk (a ten-year plan has 500 weeks of each),
        # says so.
        firsts = list(map(_FIRST, runs))
        reach = list(accumulate(map(_LAST, runs), max))
        widest = max(map(sub, firsts[1:], reach), default=1) - 1
        if firsts[0] - start_day <= threshold and widest <= threshold and high - reach[-1] <= threshold:
            return []
    silences: list[Silence] = []
    previous = start_day - 1  # an imaginary post the day before, so a silence may start on `start`
    for _posts, begin, end in [*runs, Span(0, high + 1, high + 1)]:
        if end < start_day:
            continue
        begin = max(begin, start_day)
        if begin - previous - 1 > threshold:
            silences.append(Silence(presence.id, date.fromordinal(previous + 1), date.fromordinal(begin - 1)))
        previous = max(previous, end)
    return silences


def day_spans(posts: Iterable[Post]) -> dict[Slot, dict[int, Span]]:
    """Posts as spans of one day each, per slot (for `find_silences` when the posts are in hand)."""
    spans: dict[Slot, dict[int, Span]] = {}
    for post in posts:
        day = post.local.toordinal()
        buckets = spans.setdefault((post.presence_id, post.market_id, post.platform), {})
        buckets[day] = buckets[day].merged(Span(1, day, day)) if day in buckets else Span(1, day, day)
    return spans
