"""The fix each warning of a post offers: move it to its market's next working day, or to the nearest good hour. A
fix that would take a post out of the plan period or onto another post of its rule is refused, with the reason."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from smplanner.domain.plan import Post, PostStatus
from smplanner.domain.post_warnings import PostWarning, WarningContext, advice_for
from smplanner.domain.timezones import Adjustment, resolve_local
from smplanner.i18n import N_, _


class FixKind(StrEnum):
    NEXT_WORKING_DAY = "next_working_day"
    NEAREST_GOOD_HOUR = "nearest_good_hour"


FIX_OF = {
    PostWarning.HOLIDAY: FixKind.NEXT_WORKING_DAY,
    PostWarning.OUTSIDE_GOOD_HOURS: FixKind.NEAREST_GOOD_HOUR,
    PostWarning.FOUNDER_NIGHT: FixKind.NEAREST_GOOD_HOUR,
    PostWarning.OUTSIDE_WORKING_HOURS: FixKind.NEAREST_GOOD_HOUR,
}
"""The fix each warning offers; a text too long has none (only the founder can shorten it)."""
FIX_LABELS = {
    FixKind.NEXT_WORKING_DAY: N_("Move to the market's next working day"),
    FixKind.NEAREST_GOOD_HOUR: N_("Move to the nearest good hour"),
}
TIME_WARNINGS = frozenset(
    {PostWarning.HOLIDAY, PostWarning.OUTSIDE_GOOD_HOURS, PostWarning.FOUNDER_NIGHT, PostWarning.OUTSIDE_WORKING_HOURS}
)
"""What a moved post must no longer have for a move to the nearest good hour to count as one."""
STEP = timedelta(minutes=15)
SEARCH_DAYS = 3
"""How far, either way, the nearest good hour is looked for."""


class FixScope(StrEnum):
    """Which posts a fix applies to: the one post, or every post with the same warning in its market or rule."""

    POST = "post"
    MARKET = "market"
    RULE = "rule"


@dataclass(frozen=True, slots=True)
class Refusal:
    post: Post
    reason: str


@dataclass(frozen=True, slots=True)
class FixPlan:
    """What a fix does: the posts as it would move them (in the posts' order), and the posts it would not move."""

    moved: tuple[Post, ...] = ()
    refused: tuple[Refusal, ...] = ()


class _Slots:
    """The local times each rule already has, kept up to date as a batch of fixes moves posts."""

    def __init__(self, posts: Iterable[Post]) -> None:
        self._taken: dict[str, dict[tuple[datetime, int], str]] = {}
        for post in posts:
            if post.rule_id is not None:
                self._taken.setdefault(post.rule_id, {})[(post.local, post.fold)] = post.id

    def taken_by_another(self, post: Post, local: datetime, fold: int) -> bool:
        holder = self._taken.get(post.rule_id or "", {}).get((local, fold)) if post.rule_id else None
        return holder is not None and holder != post.id

    def move(self, before: Post, after: Post) -> None:
        if before.rule_id is None:
            return
        slots = self._taken.setdefault(before.rule_id, {})
        if slots.get((before.local, before.fold)) == before.id:
            del slots[(before.local, before.fold)]
        slots[(after.local, after.fold)] = after.id


def plan_fix(
    posts: Sequence[Post],
    warning: PostWarning,
    context: WarningContext,
    rule_posts: Iterable[Post],
    first: date,
    last: date,
) -> FixPlan:
    """The fix of `warning` applied to each post that has it, one after the other (a post moved earlier in the batch
    takes its new slot). `rule_posts` are the stored posts of the same rules, to keep each rule to one post a slot;
    `first` and `last` the plan period, as market-local dates, which no post may leave."""
    kind = FIX_OF.get(warning)
    slots = _Slots(rule_posts)
    moved: list[Post] = []
    refused: list[Refusal] = []
    for post in posts:
        if kind is None:
            refused.append(Refusal(post, _("No fix can do this for you: shorten the text.")))
            continue
        if post.status is PostStatus.PUBLISHED:
            refused.append(Refusal(post, _("Already published: it stays where it went out.")))
            continue
        if kind is FixKind.NEXT_WORKING_DAY:
            result = _next_working_day(post, context, slots, first, last)
        else:
            result = _nearest_good_hour(post, context, slots, first, last)
        if isinstance(result, Refusal):
            refused.append(result)
        else:
            slots.move(post, result)
            moved.append(result)
    return FixPlan(tuple(moved), tuple(refused))


def _moved(post: Post, local: datetime) -> Post | None:
    """The post at another wall-clock time of its zone, or None when that time does not exist there."""
    resolved = resolve_local(local, post.zone)
    if resolved.adjustment is Adjustment.NONEXISTENT:
        return None
    return replace(post, local=resolved.local, fold=0, edited=post.edited or post.rule_id is not None)


def _outside_period() -> str:
    return _("It would move the post outside the plan period.")


def _next_working_day(post: Post, context: WarningContext, slots: _Slots, first: date, last: date) -> Post | Refusal:
    day = context.days_off_of(post.market_id).next_working_day(post.local.date())
    if not first <= day <= last:
        return Refusal(post, _outside_period())
    moved = _moved(post, datetime.combine(day, post.local.time()))
    if moved is None:
        return Refusal(post, _("That time does not exist on the market's next working day (a clock change)."))
    if slots.taken_by_another(post, moved.local, moved.fold):
        return Refusal(post, _("Its rule already has a post on the market's next working day at that time."))
    return moved


def _nearest_good_hour(post: Post, context: WarningContext, slots: _Slots, first: date, last: date) -> Post | Refusal:
    """The nearest quarter hour, either way, at which the post has none of the time warnings: in the platform's good
    hours and days, on a working day of its market, and when the founder can post (or schedule it in advance)."""
    start = post.local.replace(minute=post.local.minute - post.local.minute % 15, second=0, microsecond=0)
    blocked_by_period = blocked_by_rule = False
    for step in range(SEARCH_DAYS * 24 * 4 + 1):
        for local in (start + step * STEP, start - step * STEP) if step else (start,):
            moved = _moved(post, local)
            if moved is None or moved == post or TIME_WARNINGS & set(advice_for(moved, context).warnings):
                continue
            if not first <= local.date() <= last:
                blocked_by_period = True
            elif slots.taken_by_another(post, moved.local, moved.fold):
                blocked_by_rule = True
            else:
                return moved
    if blocked_by_rule:
        return Refusal(post, _("Every good hour nearby is taken by another post of its rule."))
    if blocked_by_period:
        return Refusal(post, _("The nearest good hour lies outside the plan period."))
    return Refusal(post, _("No good hour within three days either way: change the rule's times or days instead."))
