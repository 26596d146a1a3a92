"""What a command changed in the open plan: the one value every service call that changes the plan returns.

Changes flow one way (the model is Anki's `qt/aqt/operations`):

1. A widget asks for a change: it pushes an undo command (`ui/undo_commands.py`) or calls the service.
2. The service commits one transaction and returns a `Changes` saying what it changed: each post it added,
   edited, moved or deleted as it was and as it is (a `PostChange`), or, for changes too broad to list (a
   regenerated calendar, a restored backup), a flag saying which kind of thing to read again.
3. The caller hands it to the window's one signal, `PlanChangeSignal.tell(changes)` (`ui/change_signal.py`).
4. Every view connected to that signal updates only what it shows: a calendar view lays out again only when a
   changed post was or is in its range; the agenda moves, inserts or removes just those rows; the workload
   recounts the weeks the posts left and joined. A view that is not on screen keeps the changes and applies
   them when it is shown. No widget reaches into another one to refresh it.

A new kind of stored thing gets a field here (a flag, or items like `PostChange`), set by the services that
change it and read by the views that show it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from smplanner.domain.plan import Post


@dataclass(frozen=True, slots=True)
class PostChange:
    """One post a command touched: as it was (None when the command made it) and as it is (None when deleted)."""

    before: Post | None
    after: Post | None

    @property
    def post_id(self) -> str:
        post = self.after or self.before
        assert post is not None
        return post.id

    @property
    def posts(self) -> tuple[Post, ...]:
        """The post as it was and as it is, whichever exist."""
        return tuple(post for post in (self.before, self.after) if post is not None)

    @property
    def days(self) -> frozenset[date]:
        """The market-local days the post left and joined."""
        return frozenset(post.local.date() for post in self.posts)

    @property
    def instants(self) -> tuple[datetime, ...]:
        """The UTC instants the post left and joined."""
        return tuple(post.instant for post in self.posts)


@dataclass(frozen=True, slots=True)
class Changes:
    """What one command changed, so that each view updates only what it shows.

    `post_changes` lists posts changed one by one; `posts` says that posts changed in a way not listed (so views
    showing posts read them again). The other flags name what else changed: the firm (name, home zone), the
    decisions (markets, actors, presences, content types, cadence rules, the strategy), the workload settings, the
    markets' holidays and own events.
    `everything` means the whole plan was replaced (a restored backup).
    """

    firm: bool = False
    decisions: bool = False
    settings: bool = False
    holidays: bool = False
    posts: bool = False
    post_changes: tuple[PostChange, ...] = ()
    everything: bool = False
    posts_added: int = 0  # how many posts regenerating added and removed, for a status message
    posts_removed: int = 0  # (not counting those a removed market took along)

    @classmethod
    def of_posts(cls, before: Iterable[Post | None], after: Iterable[Post | None]) -> Changes:
        """The change of posts stored one by one: `before` and `after` pair up (None: no post on that side)."""
        changed = tuple(PostChange(old, new) for old, new in zip(before, after, strict=True) if old != new)
        return cls(post_changes=changed)

    @property
    def is_empty(self) -> bool:
        return self == _NOTHING

    @property
    def touches_posts(self) -> bool:
        """Whether any post may have changed (listed or not)."""
        return self.posts or self.everything or bool(self.post_changes)

    @property
    def posts_listed(self) -> bool:
        """Whether the posts that changed are all in `post_changes` (so a view can patch what it shows)."""
        return not (self.posts or self.everything)

    @property
    def only_posts(self) -> bool:
        """Whether nothing but the listed posts changed: what a view shows of the plan itself is still true."""
        return self.posts_listed and self == Changes(post_changes=self.post_changes)

    def merged(self, later: Changes) -> Changes:
        """These changes followed by later ones, as one (a post changed twice keeps its first `before`)."""
        by_id: dict[str, PostChange] = {change.post_id: change for change in self.post_changes}
        for change in later.post_changes:
            earlier = by_id.get(change.post_id)
            by_id[change.post_id] = change if earlier is None else PostChange(earlier.before, change.after)
        return Changes(
            firm=self.firm or later.firm,
            decisions=self.decisions or later.decisions,
            settings=self.settings or later.settings,
            holidays=self.holidays or later.holidays,
            posts=self.posts or later.posts,
            post_changes=tuple(change for change in by_id.values() if change.before != change.after),
            everything=self.everything or later.everything,
            posts_added=self.posts_added + later.posts_added,
            posts_removed=self.posts_removed + later.posts_removed,
        )


_NOTHING = Changes()
