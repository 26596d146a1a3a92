"""Which posts the week, month and agenda views show, and which posts an export writes: one filter for all; and the
agenda's query."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from smplanner.domain.plan import Post, PostStatus


@dataclass(frozen=True, slots=True)
class CalendarFilter:
    """Markets (ids), platforms (ids), statuses and actors (ids: the posts of the presences they run) to show; an
    empty set means all of them."""

    markets: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    statuses: frozenset[PostStatus] = frozenset()
    warnings_only: bool = False
    actors: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        """Whether the filter lets every post through."""
        return not (self.markets or self.platforms or self.statuses or self.warnings_only or self.actors)

    def matches(
        self,
        post: Post,
        warnings: Collection[object] = (),
        actor_of: Callable[[Post], str | None] | None = None,
    ) -> bool:
        """Whether the post is shown, given the warnings computed for it (only read when `warnings_only`) and who runs
        it (`actor_of`, such as `Plan.actor_of`; needed when the filter names actors)."""
        if self.markets and post.market_id not in self.markets:
            return False
        if self.platforms and post.platform not in self.platforms:
            return False
        if self.statuses and post.status not in self.statuses:
            return False
        if self.actors:
            if actor_of is None:
                raise ValueError("a filter by actor needs to know who runs each post")
            if actor_of(post) not in self.actors:
                return False
        return not self.warnings_only or bool(warnings)


class PostOrder(StrEnum):
    """What the agenda's posts are sorted by; ties go to the earlier instant, then the post id."""

    TIME = "time"
    MARKET = "market"
    PLATFORM = "platform"
    LANGUAGE = "language"
    TITLE = "title"
    STATUS = "status"
    WARNINGS = "warnings"
    NOTES = "notes"


RANKED_ORDERS = frozenset({PostOrder.MARKET, PostOrder.PLATFORM, PostOrder.LANGUAGE, PostOrder.STATUS})
"""The orders by a value the caller ranks (by its name in the UI language): a post's market, network, first
language (the one its first version is in) or status."""


def ranked_value(order: PostOrder, post: Post) -> str | None:
    """The value of a post a ranked order sorts it by (None: a post without versions has no language)."""
    if order is PostOrder.MARKET:
        return post.market_id
    if order is PostOrder.PLATFORM:
        return post.platform
    if order is PostOrder.LANGUAGE:
        return post.languages[0] if post.languages else None
    return str(post.status)


@dataclass(frozen=True, slots=True)
class PostQuery:
    """The posts the agenda lists, and their order: a range of instants or of market-local dates, the calendar filter,
    a search in titles and texts, and a sort. Storage answers it (`PlanReader.post_ids`); `matches` and `key` say the
    same of one post, so that a view can place a changed post without asking again.

    `ranks` gives the place of each value (a market id, a platform id, a language code, a status) for the ranked
    orders (`ranked_value`); a value it does not name comes after all the others. The search looks in the title and
    in every version's text.
    Orders by warnings or notes, and the warnings-only filter, need each post's advice: they are answered in Python.
    """

    filter: CalendarFilter = CalendarFilter()
    start_utc: datetime | None = None  # aware or naive UTC; inclusive
    end_utc: datetime | None = None  # exclusive
    first_day: date | None = None  # the market-local dates of the posts, inclusive
    last_day: date | None = None
    search: str = ""
    order: PostOrder = PostOrder.TIME
    ranks: tuple[tuple[str, int], ...] = ()
    descending: bool = False

    @property
    def folded_search(self) -> str:
        return self.search.strip().casefold()

    @property
    def needs_advice(self) -> bool:
        """Whether answering needs each post's warnings and notes (which storage does not hold)."""
        return self.filter.warnings_only or self.order in (PostOrder.WARNINGS, PostOrder.NOTES)

    def in_range(self, post: Post) -> bool:
        instant, day = post.instant, post.local.date()
        return (self.start_utc is None or _aware(self.start_utc) <= instant) and (
            self.end_utc is None or instant < _aware(self.end_utc)) and (
            self.first_day is None or self.first_day <= day) and (self.last_day is None or day <= self.last_day)

    def found_by_search(self, post: Post) -> bool:
        needle = self.folded_search
        return not needle or needle in post.title.casefold() or any(
            needle in version.text.casefold() for version in post.versions)

    def matches(self, post: Post, warnings: Collection[object] = ()) -> bool:
        """Whether the post is listed (its warnings are only read for the warnings-only filter)."""
        return self.in_range(post) and self.filter.matches(post, warnings) and self.found_by_search(post)

    def key(self, post: Post, advice: tuple[tuple[object, ...], tuple[object, ...]] = ((), ())) -> tuple:
        """The post's place in the order (descending reverses it whole); `advice` is its (warnings, notes), only read
        for the orders by them."""
        instant = post.instant
        if self.order is PostOrder.TIME:
            return (instant, post.id)
        if self.order is PostOrder.TITLE:
            return (post.title.casefold(), instant, post.id)
        if self.order in RANKED_ORDERS:
            value = ranked_value(self.order, post)
            rank = len(self.ranks) if value is None else dict(self.ranks).get(value, len(self.ranks))
            return (rank, instant, post.id)
        found = tuple(advice[0] if self.order is PostOrder.WARNINGS else advice[1])
        return (len(found), tuple(str(item) for item in found), instant, post.id)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
