"""Cadence rules turned into posts, in each market's own zone, honouring its holiday policy."""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from dateutil.rrule import WEEKLY, rrule

from smplanner.domain.content_mix import assign_content_types
from smplanner.domain.market_days import DaysOff
from smplanner.domain.plan import CadenceRule, Plan, Post, PostStatus
from smplanner.domain.timezones import resolve_local, zone

DaysOffLookup = Callable[[str], DaysOff]
"""Given a market id, its days off over the plan period (see `smplanner.services.holidays.market_days_off`)."""

GENERATED_POST_NAMESPACE = uuid.UUID("5f0d3c8e-2b7a-4e61-9a3f-8c1d6e2b4a70")
"""The uuid5 namespace of generated posts' ids. Never change it: the ids are the posts' ICS UIDs."""

GENERATED_FIELDS = ("market_id", "platform", "local", "zone", "fold", "presence_id", "languages", "content_type_id",
                    "rule_id")
"""What a rule decides about a post it makes (its versions' languages among it); the rest (title, the versions' texts
and statuses, the post's status and publishing log) is the founder's."""


def generated_post_id(rule_id: str, occurrence: datetime) -> str:
    """The stable id of the post a rule makes for one occurrence.

    `occurrence` is the local date and time the rule asks for, before a holiday moves it or a
    spring-forward gap shifts it, so regenerating an unchanged rule gives the same ids.
    """
    at = occurrence.replace(tzinfo=None).isoformat(timespec="minutes")
    return _uuid5_text("{rule}/{at}".format(rule=rule_id, at=at))


_NAMESPACE_BYTES = GENERATED_POST_NAMESPACE.bytes


def _uuid5_text(name: str) -> str:
    """str(uuid.uuid5(GENERATED_POST_NAMESPACE, name)), without building UUID objects (65,000 posts a plan)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return "{a}-{b}-{c}-{d}-{e}".format(a=text[:8], b=text[8:12], c=text[12:16], d=text[16:20], e=text[20:])


def rule_dates(rule: CadenceRule, start: date, end: date) -> Iterator[date]:
    """The days a rule publishes on, from start to end inclusive, weeks counted from start's week."""
    yield from _weekly_dates(tuple(sorted(set(rule.weekdays))), max(1, rule.interval_weeks), start, end)


@lru_cache(maxsize=256)
def _weekly_dates(weekdays: tuple[int, ...], interval: int, start: date, end: date) -> tuple[date, ...]:
    """Rules of a plan often share a pattern (every weekday, Tue/Thu...): compute each pattern once."""
    if not weekdays:
        return ()
    anchor = start - timedelta(days=start.weekday())
    recurrence = rrule(
        WEEKLY,
        interval=interval,
        byweekday=weekdays,
        dtstart=datetime.combine(anchor, datetime.min.time()),
        until=datetime.combine(end, datetime.min.time()),
    )
    return tuple(day for day in (occurrence.date() for occurrence in recurrence) if day >= start)


def generate_posts(
    plan: Plan,
    days_off_of: DaysOffLookup,
    rules: Iterable[CadenceRule] | None = None,
    start: date | None = None,
) -> list[Post]:
    """Posts for every rule (or the given ones) over the plan period, or only those on or after `start`.

    A post planned on a public holiday of its market goes where `DaysOff.place` says (skipped, moved to the
    market's next working day, or kept and flagged). Weeks are always counted from the period's start (or the
    market's entry date), so that a rule every other week keeps its weeks whatever `start` is. A rule that names
    no content type has one chosen for each of its posts so that each market meets its content mix (see
    `content_mix`), over the whole period, so the choice does not depend on `start`.
    """
    presences = {p.id: p for p in plan.presences}
    markets = {m.id: m for m in plan.markets}
    first_day = plan.strategy.period_start
    last_day = plan.strategy.period_end
    dated: list[tuple[datetime, Post, bool]] = []
    for rule in plan.cadence_rules if rules is None else rules:
        presence = presences[rule.presence_id]
        market = markets[presence.market_id]
        tz = zone(market.zone)
        market_start = max(first_day, market.entry_date) if market.entry_date else first_day
        days_off = days_off_of(market.id)
        versions = plan.new_versions(market, rule.language)  # immutable: every post of the rule shares them
        times = tuple(dict.fromkeys(rule.times))  # the same time twice would be the same post twice
        # one post per instant and rule: a day moved off a holiday, or a time moved out of a daylight-saving
        # gap, may land on a slot the rule already has; the rule's own slot (not moved) wins
        by_slot: dict[tuple[datetime, int], tuple[bool, datetime, Post, bool]] = {}
        for planned in rule_dates(rule, market_start, last_day):
            placed = days_off.place(planned, rule.holiday_policy)
            if placed is None or placed > last_day:
                continue
            day = placed
            wanted = start is None or day >= start
            for at in times:
                asked = datetime.combine(day, at)
                offset = asked.replace(tzinfo=tz).utcoffset()
                if offset is not None and offset == asked.replace(tzinfo=tz, fold=1).utcoffset():  # the usual case
                    local, fold = asked, 0
                    instant = (asked - offset).replace(tzinfo=UTC)
                else:
                    resolved = resolve_local(asked, market.zone)
                    local, fold = resolved.local, resolved.fold
                    instant = local.replace(tzinfo=tz, fold=fold).astimezone(UTC)
                moved = day != planned or local != asked
                kept = by_slot.get((local, fold))
                if kept is not None and not (kept[0] and not moved):
                    continue
                post = Post(
                    market_id=market.id,
                    platform=presence.platform,
                    local=local,
                    zone=market.zone,
                    id=generated_post_id(rule.id, datetime.combine(planned, at)),
                    fold=fold,
                    presence_id=presence.id,
                    content_type_id=rule.content_type_id,
                    status=PostStatus.IDEA,
                    rule_id=rule.id,
                    versions=versions,
                )
                by_slot[(local, fold)] = (moved, instant, post, wanted)
        dated.extend((instant, post, wanted) for _moved, instant, post, wanted in by_slot.values())
    dated.sort(key=lambda item: item[0])
    posts = [post for _instant, post, _wanted in dated]
    untyped = {rule.id for rule in plan.cadence_rules if rule.content_type_id is None}
    if plan.content_types and untyped:
        posts = assign_content_types(plan, posts, [post.rule_id in untyped for post in posts])
    if start is None:
        return posts
    return [post for post, (_instant, _post, wanted) in zip(posts, dated, strict=True) if wanted]


@dataclass(frozen=True, slots=True)
class Regeneration:
    """What regenerating a plan's posts changes: the posts to remove (by id), then the posts to add."""

    remove_ids: tuple[str, ...] = ()
    add: tuple[Post, ...] = ()

    @property
    def changes_posts(self) -> bool:
        return bool(self.remove_ids or self.add)


def _is_replaceable(post: Post, now: datetime) -> bool:
    """A future post a rule made and the founder has not touched: the only kind regenerating may change."""
    return post.rule_id is not None and not post.edited and post.instant >= now


def _same_generated_fields(a: Post, b: Post) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in GENERATED_FIELDS)


def _keeping_the_founders_part(fresh: Post, old: Post) -> Post:
    """A freshly generated post that replaces an old one: the old title, status and log, and the old text and status
    of each language the fresh post still has."""
    versions = tuple(old.version(version.language) or version for version in fresh.versions)
    return replace(fresh, title=old.title, status=old.status, versions=versions, published_at=old.published_at,
                   published_url=old.published_url, skip_reason=old.skip_reason)


def regenerate(existing: Iterable[Post], fresh: Iterable[Post], now: datetime) -> Regeneration:
    """Bring the future generated posts in line with freshly generated ones; leave every other post alone.

    `existing` are the plan's stored posts, `fresh` what its rules generate over the whole period, `now` an
    aware instant. Past posts, edited posts and hand-made posts (no rule) never change. A future unedited
    generated post goes when no fresh post has its id, and takes the rule's current values when one has; a
    fresh future post whose id is new is added, unless an edited post of the same rule on the same local
    date already stands for it (an edit made before the occurrence's id changed).
    """
    stored = {post.id: post for post in existing}
    fresh_by_id = {post.id: post for post in fresh}
    remove: list[str] = [
        post.id for post in stored.values() if _is_replaceable(post, now) and post.id not in fresh_by_id
    ]
    add: list[Post] = []
    new: list[Post] = []
    for post in fresh_by_id.values():
        if post.instant < now:
            continue
        old = stored.get(post.id)
        if old is None:
            new.append(post)
        elif _is_replaceable(old, now) and not _same_generated_fields(old, post):
            remove.append(old.id)
            add.append(_keeping_the_founders_part(post, old))
    # Edited posts no fresh post has the id of: each takes the slot of the nearest new occurrence of its rule that day.
    taken: dict[tuple[str | None, date], list[datetime]] = defaultdict(list)
    for post in stored.values():
        if post.edited and post.rule_id is not None and post.id not in fresh_by_id:
            taken[(post.rule_id, post.local.date())].append(post.local)
    candidates: dict[tuple[str | None, date], list[Post]] = defaultdict(list)
    for post in new:
        candidates[(post.rule_id, post.local.date())].append(post)
    for slot, posts in candidates.items():
        for local in sorted(taken.get(slot, ())):
            if not posts:
                break
            _gap, nearest = min((abs(post.local - local), index) for index, post in enumerate(posts))
            del posts[nearest]
        add.extend(posts)
    add.sort(key=lambda post: post.instant)
    return Regeneration(tuple(remove), tuple(add))
