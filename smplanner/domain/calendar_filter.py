"""Which posts the week, month and agenda views show: one filter, shared by the three."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from smplanner.domain.plan import Post, PostStatus


@dataclass(frozen=True, slots=True)
class CalendarFilter:
    """Markets (ids), platforms (ids) and statuses to show; an empty set means all of them."""

    markets: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    statuses: frozenset[PostStatus] = frozenset()
    warnings_only: bool = False

    @property
    def is_empty(self) -> bool:
        """Whether the filter lets every post through."""
        return not (self.markets or self.platforms or self.statuses or self.warnings_only)

    def matches(self, post: Post, warnings: Collection[object] = ()) -> bool:
        """Whether the post is shown, given the warnings computed for it (only read when `warnings_only`)."""
        if self.markets and post.market_id not in self.markets:
            return False
        if self.platforms and post.platform not in self.platforms:
            return False
        if self.statuses and post.status not in self.statuses:
            return False
        return not self.warnings_only or bool(warnings)
