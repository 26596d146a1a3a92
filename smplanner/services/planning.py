"""Working on an open plan: what the views and commands read, each change as one unit of work that says what it
changed, and the posts a plan's decisions generate. Making and opening plan files is `plan_files.py`'s."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from smplanner.domain.decisions import DECISIONS
from smplanner.domain.market_days import HolidayOverride
from smplanner.domain.plan import Firm, Plan, Post, PostStatus
from smplanner.i18n import _
from smplanner.services.changes import Changes
from smplanner.storage.backups import Backup, BackupShelf
from smplanner.storage.output_file import output_path

if TYPE_CHECKING:
    from smplanner.domain.cadence import Regeneration
    from smplanner.domain.calendar_filter import CalendarFilter, PostOrder, PostQuery
    from smplanner.domain.calendar_history import CalendarTarget, ExportedEvent
    from smplanner.domain.content_mix import MarketMix
    from smplanner.domain.market_days import DaysOff, MarketEvent
    from smplanner.domain.post_fixes import FixPlan, FixScope
    from smplanner.domain.post_tally import PostTally
    from smplanner.domain.post_warnings import PostAdvice, PostWarning, WarningContext
    from smplanner.domain.publishing import DuePost, PublishingLog
    from smplanner.domain.upkeep import Upkeep, UpkeepCache
    from smplanner.domain.workload import Finding, WorkloadReport, WorkloadSettings
    from smplanner.services.ics_export import CalendarWrite, CalendarWritten, IcsOptions
    from smplanner.services.post_csv import ImportChoices, ImportPreview
    from smplanner.storage.opening import OpenPlan
    from smplanner.storage.plan_file import PlanFile
    from smplanner.storage.server_address import ServerAddress
    from smplanner.storage.server_plan import ServerPlan


def posts_for(plan: Plan, corrections: Iterable[HolidayOverride] = (), start: date | None = None) -> list[Post]:
    """The posts every cadence rule of a plan generates over its period (or from `start` on), on each market's days
    as `market_days_off` gives them: the holiday data with the founder's `corrections` applied last."""
    # Imported here: dateutil is not needed to open and show a plan.
    from smplanner.domain.cadence import generate_posts
    from smplanner.services.holidays import HOLIDAY_NAME_LANGUAGE, market_days_off

    first, last = plan.strategy.period_start, plan.strategy.period_end
    days_off = market_days_off(plan, corrections, first, last, HOLIDAY_NAME_LANGUAGE)
    return generate_posts(plan, days_off.__getitem__, start=start)


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """What `smplanner info` and the main window's overview tell about a plan."""

    path: Path | ServerAddress
    plan: Plan
    post_count: int
    first_post: Post | None
    last_post: Post | None
    decisions_taken: tuple[str, ...]
    decisions_open: tuple[str, ...]
    schema_revision: str


def summarise(plan_file: OpenPlan) -> PlanSummary:
    repository = plan_file.reader  # sqlite3 alone: a summary is what start-up shows first
    plan = repository.load_plan()
    first = repository.posts(limit=1)
    last = repository.last_post()
    taken = tuple(d.key for d in DECISIONS if d.is_taken(plan))
    return PlanSummary(
        path=plan_file.path,
        plan=plan,
        post_count=repository.count_posts(),
        first_post=first[0] if first else None,
        last_post=last,
        decisions_taken=taken,
        decisions_open=tuple(d.key for d in DECISIONS if d.key not in taken),
        schema_revision=plan_file.revision,
    )


def _decisions_by_kind(plan: Plan) -> tuple:
    """Everything the wizard decides except the firm, independent of the order storage returns it in."""
    def by_id(items) -> dict:
        return {item.id: item for item in items}

    return (plan.strategy, by_id(plan.markets), by_id(plan.actors), by_id(plan.presences), by_id(plan.content_types),
            by_id(plan.cadence_rules), plan.own_platforms)


def _removal_touches_posts(old: Plan, new: Plan) -> bool:
    """Whether removing decisions changes stored posts through the file's links (deleted, or unlinked)."""
    for kind in ("markets", "presences", "content_types", "cadence_rules"):
        if {item.id for item in getattr(old, kind)} - {item.id for item in getattr(new, kind)}:
            return True
    return False


@dataclass(frozen=True)
class PostsImported:
    """What undoing an import needs: the posts it updated as they were, the ids of the posts it made, and every post
    it stored as it stored it (with its revision: undoing takes back only what is still as the import left it)."""

    updated: tuple[Post, ...]
    added_ids: tuple[str, ...]
    stored: tuple[Post, ...] = ()


@dataclass(frozen=True)
class DecisionsSnapshot:
    """What undoing a change of decisions needs: the decisions before it, the posts it removed or unlinked as they
    were, the posts it added, and the decisions as it stored them (their versions: undoing it never undoes someone
    else's change made since)."""

    plan: Plan
    posts: tuple[Post, ...]
    added: tuple[Post, ...]
    after: Plan

    @property
    def added_ids(self) -> tuple[str, ...]:
        return tuple(post.id for post in self.added)


def _changes_of(update) -> Changes:
    """A server plan's update (`server_plan.ServerUpdate`) as the changes the views apply."""
    from smplanner.services.changes import PostChange
    from smplanner.storage.repository import DECISIONS, EVERYTHING, FIRM, HOLIDAYS, POSTS_KIND, SETTINGS

    kinds = update.kinds
    return Changes(
        firm=FIRM in kinds, decisions=DECISIONS in kinds, settings=SETTINGS in kinds, holidays=HOLIDAYS in kinds,
        posts=POSTS_KIND in kinds and not update.posts_listed, everything=EVERYTHING in kinds,
        post_changes=tuple(PostChange(before, after) for before, after in update.posts if before != after),
    )


@contextmanager
def _in_bulk() -> Iterator[None]:
    """Without the cyclic garbage collector: counting a long plan makes some 100,000 small objects that hold no
    cycles, and the collector, woken by them, would scan the app's whole heap several times over meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


class PlanningService:
    """Use cases on one open plan, a plan file or a server plan (the service never asks which); every change is
    committed before the call returns."""

    def __init__(self, plan_file: OpenPlan, backups: BackupShelf | None = None) -> None:
        self.plan_file = plan_file
        self.backups = backups
        self._upkeep: UpkeepCache | None = None  # each market's share of the Workload tab, kept between edits

    @classmethod
    def read_only(cls, path: Path | str) -> PlanningService:
        """A service over a private snapshot of a plan (a file's path or a server plan's address), for the commands
        that only read it (the plan is never changed; it may be open in the app meanwhile). Use it in a `with`
        block, which closes it."""
        from smplanner.storage.opening import open_plan

        return cls(open_plan(path, read_only=True))

    @classmethod
    def for_writing(cls, path: Path | str) -> PlanningService:
        """A service over a plan opened for writing (a plan file is refused while it is open elsewhere; a server plan
        takes the change as one of its users), for the commands that change it. Use it in a `with` block, which
        closes it."""
        from smplanner.storage.opening import open_plan

        return cls(open_plan(path))

    def __enter__(self) -> PlanningService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path | ServerAddress:
        """Where the plan is: a plan file's path, or a server plan's address."""
        return self.plan_file.path

    @property
    def inputs(self) -> list[Path]:
        """The files an output must never be written over: the plan file (a server plan has none)."""
        return [self.plan_file.path] if isinstance(self.plan_file.path, Path) else []

    @property
    def on_server(self) -> bool:
        """Whether the plan lives on a server (several people may be changing it)."""
        return not isinstance(self.plan_file.path, Path)

    def plan(self) -> Plan:
        return self.plan_file.reader.load_plan()  # plain sqlite3: SQLAlchemy is imported on the first write

    def summary(self) -> PlanSummary:
        return summarise(self.plan_file)

    def count_posts(self) -> int:
        return self.plan_file.reader.count_posts()

    def upcoming_posts(self, now: datetime, limit: int = 200) -> list[Post]:
        """The next posts from `now` on, by instant."""
        start = now.astimezone(UTC).replace(tzinfo=None)
        return self.plan_file.reader.posts(start_utc=start, limit=limit)  # no SQLAlchemy at start-up

    def apply_decisions(
        self,
        plan: Plan,
        now: datetime,
        holiday_corrections: Sequence[HolidayOverride] | None = None,
        market_events: Sequence[MarketEvent] | None = None,
        base: Plan | None = None,
    ) -> Changes:
        """Store the wizard's decisions in the open plan and regenerate its future posts, in one transaction.

        `now` is an aware instant. Only future posts a rule made and the founder has not edited change:
        past posts, edited posts and hand-made posts stay as they are (a removed presence leaves its posts
        without one; a removed market takes its posts along, see `hand_posts_by_market`). Holiday corrections and
        own events, when given (a strategy file's), replace the plan's. If anything fails, the plan is left
        exactly as it was.

        `base` is the plan the decisions were made from (the wizard's, as it opened): when someone else changed the
        decisions since, nothing is stored and EditConflict says so. Without it, the decisions replace the plan's.
        """
        return self._store_decisions(plan, now, holiday_corrections, market_events, base=base)[0]

    def apply_decisions_undoably(self, plan: Plan, now: datetime) -> tuple[Changes, DecisionsSnapshot]:
        """apply_decisions, also returning what `restore_decisions` needs to undo it exactly (a workload option
        applied from its finding is one undoable step)."""
        changes, snapshot = self._store_decisions(plan, now, None, None, snapshot=True,
                                                  base=self.plan_file.reader.load_plan())
        assert snapshot is not None
        return changes, snapshot

    def restore_decisions(self, snapshot: DecisionsSnapshot) -> Changes:
        """Put back the decisions and the posts as they were before the change the snapshot was taken for, in one
        transaction: the posts it added go, the posts it removed or unlinked come back as they were."""
        from smplanner.domain.shared_edits import rebased

        repository = self.plan_file.repository
        before = repository.load_plan()
        remove = [*snapshot.posts, *snapshot.added]  # a post regenerated in place: as it was added
        repository.replace_decisions(rebased(snapshot.plan, snapshot.after), remove, snapshot.posts,
                                     base=snapshot.after)
        return Changes(firm=before.firm != snapshot.plan.firm,
                       decisions=_decisions_by_kind(before) != _decisions_by_kind(snapshot.plan),
                       posts=bool(remove), posts_added=len(snapshot.posts), posts_removed=len(snapshot.added))

    def _store_decisions(
        self,
        plan: Plan,
        now: datetime,
        holiday_corrections: Sequence[HolidayOverride] | None,
        market_events: Sequence[MarketEvent] | None,
        snapshot: bool = False,
        base: Plan | None = None,
    ) -> tuple[Changes, DecisionsSnapshot | None]:
        if now.tzinfo is None:
            raise ValueError("now must be an aware instant")
        repository = self.plan_file.repository
        before = repository.load_plan()
        corrections = self.plan_file.reader.holiday_overrides() if holiday_corrections is None else holiday_corrections
        stored = repository.posts()
        regeneration, removed, added = self._regeneration(plan, corrections, now, stored)
        touched: tuple[Post, ...] = ()
        if snapshot:
            gone = {kind: {item.id for item in getattr(before, kind)} - {item.id for item in getattr(plan, kind)}
                    for kind in ("markets", "presences", "content_types", "cadence_rules")}
            removed_ids = set(regeneration.remove_ids)
            touched = tuple(
                post for post in stored
                if post.id in removed_ids or post.market_id in gone["markets"] or post.presence_id in gone["presences"]
                or post.content_type_id in gone["content_types"] or post.rule_id in gone["cadence_rules"]
            )
        repository.replace_decisions(plan, removed, added, holiday_corrections, market_events, base=base)
        taken = DecisionsSnapshot(before, touched, tuple(added), repository.load_plan()) if snapshot else None
        changes = self._decision_changes(before, plan, regeneration)
        if holiday_corrections is not None or market_events is not None:
            changes = dataclasses.replace(changes, holidays=True)
        return changes, taken

    def _regeneration(self, plan: Plan, corrections: Iterable[HolidayOverride], now: datetime,
                      stored: list[Post] | None = None) -> tuple[Regeneration, list[Post], list[Post]]:
        """What regenerating the plan's future posts (`stored`: as read already) with these decisions and holiday
        corrections changes, with the stored posts it removes and the posts it adds, each on the version it is made
        on (a post regenerated under its own id is a change of that post: its version goes on from the stored one)."""
        # Imported here: dateutil is not needed to open and show a plan.
        from smplanner.domain.cadence import regenerate

        posts = {post.id: post for post in (self.plan_file.reader.posts() if stored is None else stored)}
        regeneration = regenerate(list(posts.values()), posts_for(plan, corrections), now)
        removed = [posts[post_id] for post_id in regeneration.remove_ids if post_id in posts]
        added = [dataclasses.replace(post, revision=posts[post.id].revision + 1) if post.id in posts else post
                 for post in regeneration.add]
        return regeneration, removed, added

    @staticmethod
    def _decision_changes(before: Plan, plan: Plan, regeneration: Regeneration) -> Changes:
        added, removed = {post.id for post in regeneration.add}, set(regeneration.remove_ids)
        return Changes(
            firm=before.firm != plan.firm,
            decisions=_decisions_by_kind(before) != _decisions_by_kind(plan),
            posts=regeneration.changes_posts or _removal_touches_posts(before, plan),
            posts_added=len(added - removed),  # an id in both is a post updated in place
            posts_removed=len(removed - added),
        )

    def hand_posts_by_market(self) -> dict[str, int]:
        """Per market id, the posts made by hand or edited, which removing that market would delete with it."""
        return self.plan_file.reader.count_hand_posts_by_market()

    def set_firm(self, firm: Firm) -> Changes:
        """Store the firm as edited (on the version it carries: EditConflict when someone else changed it since)."""
        self.plan_file.repository.save_firm(firm)
        return Changes(firm=True)

    def rename_firm(self, name: str) -> Changes:
        firm = self.plan().firm
        return self.set_firm(dataclasses.replace(firm, name=name))

    def backup_if_due(self) -> Backup | None:
        return None if self.backups is None else self.backups.take_if_due(cast("PlanFile", self.plan_file))

    def list_backups(self) -> list[Backup]:
        return [] if self.backups is None else self.backups.list(cast("Path", self.plan_file.path))

    def restore(self, backup: Backup) -> Changes:
        assert self.backups is not None
        self.backups.restore(cast("PlanFile", self.plan_file), backup)
        return Changes(everything=True)

    def save_copy(self, destination: Path) -> None:
        self.plan_file.save_copy(destination)

    def check_integrity(self) -> None:
        self.plan_file.check_integrity()

    # -- a plan others work on too (a server plan): what they changed, and who they are -----------------------------

    def catch_up(self) -> tuple[Changes, tuple[str, ...]]:
        """What other people changed in the plan since it was last read (nothing for a plan file), and who they are."""
        if not self.on_server:
            return Changes(), ()
        server = cast("ServerPlan", self.plan_file)
        updates = [*server.others_changes(), server.catch_up()]
        changes, by = Changes(), list[str]()
        for update in updates:
            if update.is_empty:
                continue
            by.extend(update.by)
            changes = changes.merged(_changes_of(update))
        return changes, tuple(dict.fromkeys(by))

    def others(self) -> list:
        """Who else has the plan open now (see `server_plan.PlanSession`; never anyone for a plan file)."""
        return cast("ServerPlan", self.plan_file).others() if self.on_server else []

    def close(self) -> None:
        if self.plan_file.is_open:
            if self.backups is not None:
                self.backups.take_if_due(cast("PlanFile", self.plan_file))
            self.plan_file.close()

    # -- posts: what the calendar views show, and the founder's edits ---------------------------------------

    def post(self, post_id: str) -> Post | None:
        return self.plan_file.reader.post(post_id)

    def posts_by_id(self, post_ids: Iterable[str]) -> list[Post]:
        """The stored posts among these ids, by instant then id; ids no longer stored are left out."""
        found = self.plan_file.reader.posts_with_ids(list(dict.fromkeys(post_ids)))
        return sorted(found, key=lambda post: (post.instant, post.id))

    def posts_with_ids(self, post_ids: Sequence[str]) -> list[Post]:
        """The stored posts among these ids, in the order of the ids (a page of the agenda)."""
        return self.plan_file.reader.posts_with_ids(post_ids)

    def post_ids(self, query: PostQuery, plan: Plan | None = None) -> list[str]:
        """The ids of the posts a query finds, in its order: storage answers, unless the query needs each post's
        warnings (the warnings-only filter, the orders by warnings or notes); then the posts are read a chunk at a
        time and only their sort keys are kept."""
        reader = self.plan_file.reader
        if not query.needs_advice:
            return reader.post_ids(query)
        plan = plan or self.plan()
        keys: list[tuple] = []
        chunk: list[Post] = []

        def take_chunk() -> None:
            advice = self.advice_of(chunk, plan)
            for post in chunk:
                found = advice[post.id]
                if query.filter.matches(post, found.warnings):
                    keys.append(query.key(post, (found.warnings, found.notes)))
            chunk.clear()

        for post in reader.found_posts(query):
            chunk.append(post)
            if len(chunk) == 2000:
                take_chunk()
        take_chunk()
        keys.sort(reverse=query.descending)
        return [key[-1] for key in keys]

    def pages_cheaply(self, query: PostQuery) -> bool:
        """Whether storage reads the posts a query finds a page at a time at little cost (`post_id_page`)."""
        return self.plan_file.reader.pages_cheaply(query)

    def post_id_page(self, query: PostQuery, first: int, limit: int, found: int) -> list[str]:
        """`limit` ids of the posts a query finds (`found` of them), from the `first`, in its order."""
        return self.plan_file.reader.post_ids(query, first, limit, found)

    def count_ahead(self, query: PostQuery, post: Post, leaving_out: Sequence[str] = ()) -> int:
        """How many posts a query storage pages cheaply finds ahead of this one (itself and `leaving_out` aside)."""
        return self.plan_file.reader.count_ahead(query, post, leaving_out)

    def ranked_values(self, order: PostOrder) -> list[str]:
        """The distinct values the posts hold for an order by ranked values (markets, networks, languages...)."""
        return self.plan_file.reader.ranked_values(order)

    def count_found(self, query: PostQuery) -> int:
        """How many posts a query finds, its warnings-only filter aside."""
        return self.plan_file.reader.count_found(query)

    def advice_of(self, posts: Sequence[Post], plan: Plan | None = None) -> dict[str, PostAdvice]:
        """Each post's warnings and notes, by post id."""
        from smplanner.domain.post_warnings import advice_for

        if not posts:
            return {}
        dates = [post.local.date() for post in posts]
        context = self.warning_context(min(dates), max(dates), plan)
        return {post.id: advice_for(post, context) for post in posts}

    def posts_between(
        self,
        start_utc: datetime | None,
        end_utc: datetime | None,
        filter: CalendarFilter | None = None,
    ) -> list[Post]:
        """Posts from start (inclusive) to end (exclusive) by instant, as the filter lets them through.

        Bounds are aware instants or naive UTC; None leaves that side open.
        """
        def naive_utc(value: datetime | None) -> datetime | None:
            return value if value is None or value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)

        markets = sorted(filter.markets) if filter is not None and filter.markets else None
        posts = self.plan_file.reader.posts(naive_utc(start_utc), naive_utc(end_utc), markets)
        if filter is None or filter.is_empty:
            return posts
        if filter.warnings_only:
            return [post for post, _advice in self.posts_with_advice(start_utc, end_utc, filter)]
        actor_of = self.plan().actor_of() if filter.actors else None
        return [post for post in posts if filter.matches(post, actor_of=actor_of)]

    def posts_with_advice(
        self,
        start_utc: datetime | None,
        end_utc: datetime | None,
        filter: CalendarFilter | None = None,
        plan: Plan | None = None,
    ) -> list[tuple[Post, PostAdvice]]:
        """posts_between's posts, each with its warnings and notes; warnings_only keeps those with a warning (a note
        is no warning). `plan` saves reading the plan again when the caller has it."""
        from smplanner.domain.post_warnings import advice_for

        loose = None if filter is None else dataclasses.replace(filter, warnings_only=False)
        posts = self.posts_between(start_utc, end_utc, loose)
        if not posts:
            return []
        dates = [post.local.date() for post in posts]
        context = self.warning_context(min(dates), max(dates), plan)
        found = [(post, advice_for(post, context)) for post in posts]
        if filter is not None and filter.warnings_only:
            return [(post, advice) for post, advice in found if advice.warnings]
        return found

    def warning_context(self, first: date, last: date, plan: Plan | None = None) -> WarningContext:
        """What computing the warnings of posts dated from first to last (market dates, inclusive) needs."""
        from smplanner.domain.post_warnings import WarningContext

        plan = plan or self.plan()
        return WarningContext(plan=plan, catalogue=plan.catalogue(), days_off=self.days_off(first, last, plan=plan))

    def add_post(self, post: Post) -> Changes:
        """Store a new post; a wall-clock time that does not exist moves to the first valid one after it."""
        post = self._existing_time(post)
        self.plan_file.repository.add_posts([post])
        return Changes.of_posts([None], [post])

    def add_posts(self, posts: Sequence[Post]) -> Changes:
        """Store posts exactly as given, in one transaction (undoing a deletion puts them back this way)."""
        self.plan_file.repository.add_posts(posts)
        return Changes.of_posts([None] * len(posts), posts)

    def update_post(self, post: Post) -> Changes:
        """Store the founder's edit of a post; a post a rule made is marked edited, so regenerating keeps it."""
        stored = self.plan_file.reader.post(post.id)
        if stored is None:
            raise LookupError("no post {id}".format(id=post.id))
        post = self._existing_time(post)
        if post == stored:
            return Changes()
        if post.rule_id is not None and post != dataclasses.replace(stored, edited=post.edited):
            post = dataclasses.replace(post, edited=True)
        return Changes.of_posts([stored], [self.plan_file.repository.save_post(post)])

    def restore_post(self, post: Post, over: Post | None = None) -> Changes:
        """Store a post exactly as given, edited flag included (undoing an edit or a move), over `over`, the post as
        the undone command left it: EditConflict when someone else changed it since (without `over`, on the version
        the post carries)."""
        return self.restore_posts([post], None if over is None else [over])

    def move_post(self, post_id: str, new_local: datetime, fold: int = 0) -> Changes:
        """Move a post to a naive wall-clock time in its own zone.

        A time that does not exist moves to the first valid instant after it; `fold` picks the occurrence of a
        repeated hour (0 = the first). A post a rule made is marked edited.
        """
        from smplanner.domain.timezones import Adjustment, resolve_local

        if new_local.tzinfo is not None:
            raise ValueError("new_local must be a naive wall-clock time in the post's zone")
        stored = self.plan_file.reader.post(post_id)
        if stored is None:
            raise LookupError("no post {id}".format(id=post_id))
        resolved = resolve_local(new_local, stored.zone)
        moved = dataclasses.replace(
            stored,
            local=resolved.local,
            fold=fold if resolved.adjustment is Adjustment.AMBIGUOUS else resolved.fold,
            edited=stored.edited or stored.rule_id is not None,
        )
        if moved == stored:
            return Changes()
        return Changes.of_posts([stored], [self.plan_file.repository.save_post(moved)])

    def plan_fix(
        self, post_id: str, warning: PostWarning, scope: FixScope, now: datetime | None = None
    ) -> FixPlan:
        """What fixing `warning` does: on the one post, or on every post with that warning in its market or its rule
        that is still to come and not published. Nothing is stored; `apply_fix` stores the moves."""
        from smplanner.domain.post_fixes import FixPlan, FixScope, plan_fix
        from smplanner.domain.post_warnings import advice_for

        post = self.plan_file.reader.post(post_id)
        if post is None:
            raise LookupError("no post {id}".format(id=post_id))
        plan = self.plan()
        if scope is FixScope.POST:
            candidates = [post]
        else:
            moment = self._now(now).astimezone(UTC).replace(tzinfo=None)
            candidates = [
                other for other in self.plan_file.reader.posts(start_utc=moment, market_ids=[post.market_id])
                if other.status is not PostStatus.PUBLISHED
                and (scope is FixScope.MARKET or (post.rule_id is not None and other.rule_id == post.rule_id))
            ]
            if post not in candidates and scope is FixScope.RULE and post.rule_id is None:
                candidates = [post]
        if not candidates:
            return FixPlan()
        first, last = plan.strategy.period_start, plan.strategy.period_end
        dates = [c.local.date() for c in candidates]
        margin = timedelta(days=7)  # the fix looks a few days either way
        context = self.warning_context(min([first, *dates]) - margin, max([last, *dates]) + margin, plan)
        having = [c for c in candidates if warning in advice_for(c, context).warnings]
        rules = {c.rule_id for c in having if c.rule_id is not None}
        rule_posts = [p for p in self.plan_file.reader.posts(market_ids=[post.market_id]) if p.rule_id in rules]
        return plan_fix(having, warning, context, rule_posts, first, last)

    def apply_fix(self, moved: Sequence[Post]) -> tuple[Changes, list[Post]]:
        """Store posts a fix moved, in one transaction; returns what changed and the posts as they were (to undo
        with `restore_posts`)."""
        before = self.posts_by_id(post.id for post in moved)
        if not moved:
            return Changes(), []
        return self._stored_over(before, self.plan_file.repository.save_posts(moved)), before

    def restore_posts(self, posts: Sequence[Post], over: Sequence[Post] | None = None) -> Changes:
        """Store posts exactly as given, edited flags included, in one transaction (undoing a fix), over the posts as
        the undone command left them (see `restore_post`)."""
        from smplanner.domain.shared_edits import on_version

        if over is not None:
            versions = {post.id: post.revision for post in over}
            posts = [on_version(post, versions.get(post.id, post.revision)) for post in posts]
        before = self.posts_by_id(post.id for post in posts)
        return self._stored_over(before, self.plan_file.repository.save_posts(posts))

    @staticmethod
    def _stored_over(before: Sequence[Post], after: Sequence[Post]) -> Changes:
        """The change of posts stored over these (a post not among `before` is new)."""
        was = {post.id: post for post in before}
        return Changes.of_posts([was.get(post.id) for post in after], after)

    def delete_posts(self, post_ids: Iterable[str],
                     expected: Sequence[Post] | None = None) -> tuple[Changes, list[Post]]:
        """Delete posts in one transaction, each only as it was read, or as `expected` has it (undoing the command
        that made them): EditConflict when someone else changed one since. Returns what changed and the posts as
        they were (to undo with add_posts)."""
        posts = self.posts_by_id(post_ids)
        if not posts:
            return Changes(), []
        if expected is not None:
            versions = {post.id: post.revision for post in expected}
            checked = [dataclasses.replace(post, revision=versions.get(post.id, post.revision)) for post in posts]
        else:
            checked = posts
        self.plan_file.repository.delete_posts(checked)
        return Changes.of_posts(posts, [None] * len(posts)), posts

    # -- the daily loop: what is due, and what the founder published or skipped -----------------------------------

    def due_posts(self, now: datetime, days: int | None = None, overdue_limit: int | None = None) -> list[DuePost]:
        """The Today list: overdue posts first, then those of the founder's today and the next days (see
        `domain.publishing.due_posts`); `now` is an aware instant. `overdue_limit` keeps only the latest overdue
        posts (`count_overdue` counts them all)."""
        from smplanner.domain.publishing import DEFAULT_DUE_DAYS, due_posts, due_window

        plan = self.plan()
        days = DEFAULT_DUE_DAYS if days is None else days
        start, end = due_window(now, plan.firm.home_zone, days)
        reader = self.plan_file.reader
        window = reader.posts(_naive_utc(start), _naive_utc(end))
        shown = {post.id for post in window}
        _count, overdue = reader.overdue_posts(_naive_utc(now), overdue_limit)
        return due_posts([*window, *(post for post in overdue if post.id not in shown)], now, plan.firm.home_zone,
                         days)

    def count_overdue(self, now: datetime) -> int:
        """How many posts are neither published nor skipped though their moment has passed (`now` is aware)."""
        count, _latest = self.overdue_posts(now, limit=0)
        return count

    def overdue_posts(self, now: datetime, limit: int | None = None) -> tuple[int, list[Post]]:
        """How many posts are overdue at `now` (aware), and the latest `limit` of them (all by default), oldest
        first."""
        return self.plan_file.reader.overdue_posts(_naive_utc(now), limit)

    def mark_published(self, post_id: str, at: datetime, now: datetime, url: str = "") -> tuple[Changes, Post]:
        """Record that a post went out at `at` (aware; not in the future, not before the plan), with its address if
        given; returns what changed and the post as it was (to undo with restore_post). Raises PostError."""
        from smplanner.domain.publishing import checked_url, publication_moment, published

        before = self._post_or_error(post_id)
        after = published(before, publication_moment(self.plan(), before, at, now), checked_url(url))
        return self._record(before, after), before

    def skip_post(self, post_id: str, reason: str) -> tuple[Changes, Post]:
        """Record that a post will not go out, and why; returns what changed and the post as it was."""
        from smplanner.domain.publishing import checked_reason, skipped

        before = self._post_or_error(post_id)
        return self._record(before, skipped(before, checked_reason(reason))), before

    def reopen_post(self, post_id: str) -> tuple[Changes, Post]:
        """Make a published or skipped post due again (its log cleared); returns what changed and the post as it was."""
        from smplanner.domain.publishing import reopened

        before = self._post_or_error(post_id)
        return self._record(before, reopened(before)), before

    def publishing_log(self, now: datetime) -> PublishingLog:
        """Each presence's publishing log as of `now` (an aware instant)."""
        from smplanner.domain.post_tally import PostTally
        from smplanner.domain.publishing import publishing_log

        plan = self.plan()
        now = now.astimezone(UTC)
        markets = self.plan_file.reader.market_tallies(now)
        return publishing_log(plan, PostTally(plan.strategy.period_start, plan.strategy.period_end, now,
                                              markets=markets))

    def content_mix(self) -> list[MarketMix]:
        """Per market, each content type's target share against the share of the posts the calendar holds."""
        from smplanner.domain.content_mix import content_mix_of

        plan = self.plan()
        return content_mix_of(plan, self.post_tally(plan=plan).mix())

    def _post_or_error(self, post_id: str) -> Post:
        from smplanner.domain.plan import PostError

        post = self.plan_file.reader.post(post_id)
        if post is None:
            raise PostError(_("No post \u201c{id}\u201d in this plan.").format(id=post_id))
        return post

    def _record(self, before: Post, after: Post) -> Changes:
        if after == before:
            return Changes()
        if after.rule_id is not None:
            after = dataclasses.replace(after, edited=True)  # the founder's record: regenerating keeps it
        return Changes.of_posts([before], [self.plan_file.repository.save_post(after)])

    def _existing_time(self, post: Post) -> Post:
        """The post with a wall-clock time that exists exactly once in its zone (fold kept only where it matters)."""
        from smplanner.domain.timezones import Adjustment, resolve_local

        resolved = resolve_local(post.local, post.zone)
        if resolved.adjustment is Adjustment.AMBIGUOUS:
            return post
        if resolved.local != post.local or post.fold:
            return dataclasses.replace(post, local=resolved.local, fold=0)
        return post

    # -- holidays and the founder's own dated events of each market ---------------------------------------------

    def days_off(
        self, first: date, last: date, language: str | None = None, plan: Plan | None = None
    ) -> dict[str, DaysOff]:
        """Per market id, its days off from first to last inclusive (see `market_days_off`): holidays named in
        `language` (the UI language by default) where the data has it, the founder's corrections applied last."""
        from smplanner.domain.validation import InvalidValue, check_regions
        from smplanner.services.holidays import market_days_off

        plan = plan or self.plan()
        try:
            check_regions(plan)  # here, where the holiday data is loaded anyway (a plan file may name any region)
        except InvalidValue as error:
            raise self.plan_file.reader.content_error(error) from None
        return market_days_off(plan, self.plan_file.reader.holiday_overrides(), first, last, language)

    def holidays_in(
        self, first: date, last: date, language: str | None = None, plan: Plan | None = None
    ) -> dict[str, dict[date, str]]:
        """Per market id, its public holidays from first to last inclusive as {date: name}, from `days_off`."""
        days_off = self.days_off(first, last, language, plan)
        return {market_id: dict(days.holidays) for market_id, days in days_off.items()}

    def holiday_overrides(self) -> list[HolidayOverride]:
        """The founder's corrections of holiday data, every market's, by market then day."""
        return self.plan_file.reader.holiday_overrides()

    def set_holiday_override(self, override: HolidayOverride, now: datetime | None = None) -> Changes:
        """Store a correction of a market's holidays (it replaces any earlier correction of that market's day) and
        regenerate the future posts it moves, skips or brings back, in one transaction."""
        kept = [c for c in self.holiday_overrides()
                if c.id != override.id and (c.market_id, c.day) != (override.market_id, override.day)]
        regeneration, removed, added = self._regeneration(self.plan(), [*kept, override], self._now(now))
        self.plan_file.repository.save_holiday_override(override, removed, added)
        return Changes(holidays=True, posts=regeneration.changes_posts)

    def remove_holiday_override(self, override_id: str, now: datetime | None = None) -> Changes:
        """Drop a correction, so the holiday data of that day shows as it is again, and regenerate the future posts
        that changes, in one transaction."""
        corrections = self.holiday_overrides()
        kept = [c for c in corrections if c.id != override_id]
        regeneration, removed, added = self._regeneration(self.plan(), kept, self._now(now))
        dropped = next((c for c in corrections if c.id == override_id), override_id)
        self.plan_file.repository.delete_holiday_override(dropped, removed, added)
        return Changes(holidays=True, posts=regeneration.changes_posts)

    @staticmethod
    def _now(now: datetime | None) -> datetime:
        if now is None:
            return datetime.now(UTC)
        if now.tzinfo is None:
            raise ValueError("now must be an aware instant")
        return now

    def market_events(self) -> list[MarketEvent]:
        """The founder's own dated events, every market's, by market then day."""
        return self.plan_file.reader.market_events()

    def save_market_event(self, event: MarketEvent) -> Changes:
        self.plan_file.repository.save_market_event(event)
        return Changes(holidays=True)

    def remove_market_event(self, event_id: str) -> Changes:
        event = next((e for e in self.market_events() if e.id == event_id), event_id)
        self.plan_file.repository.delete_market_event(event)
        return Changes(holidays=True)

    # -- workload: the hours and the money the plan costs, against what its actors and budget give ---------------

    def workload_settings(self) -> WorkloadSettings:
        """The founder's minutes and prices of the workload model, stored in the plan (the defaults until changed)."""
        from smplanner.domain.workload import WorkloadSettings

        return WorkloadSettings.from_json(self.plan_file.reader.meta("workload_settings"))

    def set_workload_settings(self, settings: WorkloadSettings,
                              base: WorkloadSettings | None = None) -> Changes:
        """Store the workload settings; with `base` (the settings the change was made on), only while they are still
        those (EditConflict when someone else changed them since)."""
        from smplanner.storage.errors import EditConflict

        version = None
        if base is not None:
            if self.workload_settings() != base:
                raise EditConflict(self.plan_file.reader.where, "plan_meta", ("workload_settings",))
            version = self.plan_file.reader.meta_version("workload_settings")
        self.plan_file.repository.set_meta("workload_settings", settings.to_json(), checked=base is not None,
                                           version=version)
        return Changes(settings=True)

    def workload(
        self, first: date | None = None, last: date | None = None, now: datetime | None = None
    ) -> tuple[WorkloadReport, list[Finding]]:
        """The weekly workload and the sustainability findings from first to last (market-local dates, inclusive;
        the plan period by default), from the stored posts counted (never listed); silences and overdue posts as of
        `now` (an aware instant, the present by default) from the publishing log."""
        upkeep = self.upkeep(first, last, now)
        return upkeep.report, upkeep.findings

    def upkeep(self, first: date | None = None, last: date | None = None, now: datetime | None = None) -> Upkeep:
        """What the Workload tab shows: the workload and its findings (see `workload`), each presence's publishing
        log as of `now`, and each market's content mix."""
        return self.upkeep_of(self.post_tally(first, last, now))

    def upkeep_of(self, tally: PostTally, plan: Plan | None = None) -> Upkeep:
        """The upkeep of a tally of the posts (see `post_tally`) and of the plan's decisions (read now unless given):
        each market's share is worked out once and kept while the tally holds the same counts of it (see
        `domain.upkeep`)."""
        from smplanner.domain.upkeep import UpkeepCache

        if self._upkeep is None:
            self._upkeep = UpkeepCache()
        with _in_bulk():
            return self._upkeep.upkeep(plan or self.plan(), self.workload_settings(), tally)

    def post_tally(self, first: date | None = None, last: date | None = None, now: datetime | None = None,
                   plan: Plan | None = None) -> PostTally:
        """The posts dated from first to last (the plan period by default) counted for the workload, and the
        publishing log as of `now` (the present by default), by aggregate queries: a ten-year plan is never read
        post by post."""
        from smplanner.domain.post_tally import EXACT_WEEKS_ABOVE, PostTally

        plan = plan or self.plan()
        first = first or plan.strategy.period_start
        last = last or plan.strategy.period_end
        now = (now or datetime.now(UTC)).astimezone(UTC)
        buckets = 7 if plan.strategy.silence_threshold_days > EXACT_WEEKS_ABOVE else 1
        with _in_bulk():
            markets = self.plan_file.reader.market_tallies(now, buckets, (first, last))
        return PostTally(first, last, now, buckets, markets)

    def recount(self, tally: PostTally, changes: Changes) -> PostTally:
        """The tally after posts changed one by one: only the weeks of a market they left or joined are counted
        again, and only that market's share of the tally is new."""
        from smplanner.domain.post_tally import MarketTally

        reader = self.plan_file.reader
        weeks = {(post.market_id, post.local.date() - timedelta(days=post.local.weekday()))
                 for change in changes.post_changes for post in change.posts}
        # A market's published posts are read again only when a post that is or was published changed there.
        sent = {post.market_id for change in changes.post_changes for post in change.posts
                if post.status is PostStatus.PUBLISHED}
        for market_id, monday in sorted(weeks):
            sunday = monday + timedelta(days=6)
            counted = (max(monday, tally.first), min(sunday, tally.last))
            part = reader.market_tallies(tally.now, tally.bucket_days, counted, (monday, sunday), market_id,
                                         sent=market_id in sent).get(market_id, MarketTally())
            if market_id not in sent:
                part = dataclasses.replace(part, published=tally.markets.get(market_id, MarketTally()).published)
            tally = tally.replaced(market_id, monday, sunday, part)
        return tally

    # -- exports: the calendar as an .ics file for calendar programs, or as a .csv for spreadsheets --------------
    # Each file is written whole or not at all.

    def write_ics(
        self,
        out: BinaryIO,
        filter: CalendarFilter | None = None,
        first: date | None = None,
        last: date | None = None,
        options: IcsOptions | None = None,
        history: Mapping[str, ExportedEvent] | None = None,
    ) -> CalendarWrite:
        """Write the posts the filter lets through, dated from first to last (market-local dates, inclusive; None
        leaves that side open), as an iCalendar file, with each market's holidays as all-day events when
        options.include_holidays, for a file that was given `history` before (see `export_ics`); returns how many
        posts it holds and what the file is given. The posts are streamed, never held."""
        from smplanner.services.ics_export import IcsOptions, write_calendar_ics

        options = options or IcsOptions()
        plan = self.plan()

        def holidays(low: date | None, high: date | None) -> dict[str, dict[date, str]]:
            """Over the dates asked for; an open side runs to the plan period, or further if posts lie beyond it."""
            start = first or min(day for day in (plan.strategy.period_start, low) if day is not None)
            stop = last or max(day for day in (plan.strategy.period_end, high) if day is not None)
            return self._holidays_to_export(plan, filter, start, stop)

        return write_calendar_ics(out, plan, self.posts_to_export(filter, first, last), options, holidays, history,
                                  first, last)

    def write_csv(
        self,
        out: BinaryIO,
        filter: CalendarFilter | None = None,
        first: date | None = None,
        last: date | None = None,
        bom: bool = True,
    ) -> int:
        """Write the posts write_ics would write as a CSV file (UTF-8, with a byte order mark unless bom is False);
        returns how many posts it holds. The posts are streamed, never held."""
        from smplanner.services.post_csv import write_csv

        return write_csv(out, self.plan(), self.posts_to_export(filter, first, last), bom)

    def export_ics(
        self,
        path: Path,
        filter: CalendarFilter | None = None,
        first: date | None = None,
        last: date | None = None,
        options: IcsOptions | None = None,
    ) -> CalendarWritten:
        """Write the posts the filter lets through, dated from first to last (market-local dates, inclusive; None
        leaves that side open), to an iCalendar file, with each market's holidays as all-day events when
        options.include_holidays.

        The plan remembers what it gave this file (its target, by its real path): the next export to the same file
        raises the SEQUENCE of what changed and writes what was removed since as cancelled events (see
        `domain/calendar_history.py`). A plan opened read-only writes the file and remembers nothing.
        """
        from smplanner.domain.calendar_filter import CalendarFilter
        from smplanner.services.ics_export import CalendarWritten, IcsOptions, target_settings

        options = options or IcsOptions()
        filter = filter or CalendarFilter()
        target = self._calendar_target(path)
        history = self.plan_file.reader.exported_events(target.id) if target.written_at is not None else {}
        with output_path(Path(path), inputs=self.inputs) as temporary, open(temporary, "wb") as handle:
            written = self.write_ics(handle, filter, first, last, options, history)
        remembered = not self.plan_file.read_only
        if remembered:
            stamp = (options.now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
            self.plan_file.repository.save_calendar_target(
                dataclasses.replace(target, live=options.live, settings=target_settings(filter, options),
                                    written_at=stamp),
                written.revision.remembered)
        return CalendarWritten(Path(path), written.posts, 0 if options.live else written.cancelled, remembered)

    def _calendar_target(self, path: Path) -> CalendarTarget:
        """The calendar file at a path as the plan knows it (by its real path), or a new one."""
        import os

        from smplanner.domain.calendar_history import CalendarTarget

        real = os.path.realpath(path)
        return next((target for target in self.plan_file.reader.calendar_targets() if target.path == real),
                    None) or CalendarTarget(real)

    def calendar_targets(self) -> list[CalendarTarget]:
        """The calendar files the plan was written to, by path."""
        return self.plan_file.reader.calendar_targets()

    def live_calendar(self) -> CalendarTarget | None:
        """The calendar file the app keeps up to date after every change, if the founder chose one."""
        return next((target for target in self.calendar_targets() if target.live), None)

    def keep_calendar(self, path: Path, filter: CalendarFilter, options: IcsOptions) -> CalendarWritten:
        """Make `path` the plan's live calendar file (the only one), written now with this filter and options and
        again, the same way, by `write_live_calendar` after every change."""
        return self.export_ics(path, filter, None, None, dataclasses.replace(options, live=True))

    def write_live_calendar(self, now: datetime | None = None) -> CalendarWritten | None:
        """Write the live calendar file again with its stored filter and options (None: the plan has none)."""
        from smplanner.services.ics_export import settings_filter, settings_options

        target = self.live_calendar()
        if target is None:
            return None
        options = dataclasses.replace(settings_options(target.settings, live=True), now=now)
        return self.export_ics(Path(target.path), settings_filter(target.settings), None, None, options)

    def stop_live_calendar(self) -> None:
        """Stop keeping the live calendar file up to date (the file stays as it was last written)."""
        target = self.live_calendar()
        if target is not None:
            self.plan_file.repository.save_calendar_target(dataclasses.replace(target, live=False))

    def export_csv(
        self,
        path: Path,
        filter: CalendarFilter | None = None,
        first: date | None = None,
        last: date | None = None,
        bom: bool = True,
    ) -> int:
        """write_csv to a file, whole or not at all and never over the plan; returns how many posts."""
        with output_path(Path(path), inputs=self.inputs) as temporary, open(temporary, "wb") as handle:
            return self.write_csv(handle, filter, first, last, bom)

    def strategy_text(self) -> str:
        """The plan's decisions, holiday corrections and own events as a strategy file's text.

        StrategyFileError when they could not be read back from it (two actors with one name)."""
        from smplanner.services.strategy_file import export_strategy

        return export_strategy(self.plan(), self.holiday_overrides(), self.market_events())

    def write_strategy(self, path: Path) -> None:
        """Write strategy_text to a file, whole or not at all and never over the plan."""
        from smplanner.services.strategy_file import write_strategy_file

        write_strategy_file(Path(path), self.plan(), self.holiday_overrides(), self.market_events(),
                            inputs=self.inputs)

    def posts_dated(self, first: date, last: date, filter: CalendarFilter | None = None) -> list[Post]:
        """The posts dated from first to last (market-local dates, inclusive) the filter lets through (its
        warnings-only part aside), by instant."""
        from smplanner.domain.calendar_filter import CalendarFilter, PostQuery

        chosen = dataclasses.replace(filter or CalendarFilter(), warnings_only=False)
        return list(self.plan_file.reader.found_posts(PostQuery(chosen, first_day=first, last_day=last)))

    # -- importing posts from a CSV: our own, or Hootsuite's bulk format ------------------------------------------
    # As above, some annotations name types imported inside the methods.

    def preview_csv(self, data: bytes, choices: ImportChoices | None = None) -> ImportPreview:
        """What importing a CSV would do (see `post_csv.read_posts_csv`); nothing is written. Raises CsvFileError."""
        from smplanner.services.post_csv import read_posts_csv

        def stored(post_ids: Iterable[str]) -> dict[str, Post]:
            return {post.id: post for post in self.posts_by_id(post_ids)}

        return read_posts_csv(data, self.plan(), stored, choices)

    def import_posts(self, preview: ImportPreview,
                     over: Callable[[Post], Post] | None = None) -> tuple[Changes, PostsImported]:
        """Store a ready preview's posts in one transaction: the rows with a known id update their post (a post a
        rule made is then marked edited, so regenerating keeps it), the others are new posts; each update only while
        its post is as the preview read it (on a shared plan: EditConflict when someone else changed it since), or,
        with `over`, as `over` gives it (an import made again after its undo). Returns what changed and what
        `undo_import` needs."""
        from smplanner.domain.shared_edits import on_version

        if not preview.ready:
            raise ValueError("only a ready preview is imported")
        changed = [row for row in preview.rows if row.changes]
        after = []
        for row in changed:
            post = row.post
            if row.before is not None and post.rule_id is not None and post != row.before:
                post = dataclasses.replace(post, edited=True)
            if row.before is not None:
                post = on_version(post, (over(row.before) if over is not None else row.before).revision)
            after.append(post)
        stored = self.plan_file.repository.save_posts(after) if after else []
        before = [row.before for row in changed]
        imported = PostsImported(tuple(post for post in before if post is not None),
                                 tuple(post.id for post, was in zip(after, before, strict=True) if was is None),
                                 tuple(stored))
        return Changes.of_posts(before, stored), imported

    def undo_import(self, imported: PostsImported) -> Changes:
        """Take an import back in one transaction: the posts it made go, the posts it updated are as they were; each
        only while it is as the import left it (EditConflict when someone else changed one since: nothing changes)."""
        left = {post.id: post for post in imported.stored}
        now = self.posts_by_id([*imported.added_ids, *(post.id for post in imported.updated)])
        # A post that still says what the import stored is taken as it is now (commands undone since raised its
        # revision, not its content); one that says something else is expected as the import left it: refused.
        expected = [post if left.get(post.id, post) == post else left[post.id] for post in now]
        repository = self.plan_file.repository
        plan = repository.load_plan()
        repository.replace_decisions(plan, expected, imported.updated, base=plan)
        was = {post.id: post for post in imported.updated}
        return Changes.of_posts(now, [was.get(post.id) for post in now])

    def posts_to_export(
        self,
        filter: CalendarFilter | None = None,
        first: date | None = None,
        last: date | None = None,
    ) -> Iterator[Post]:
        """The posts the filter lets through dated from first to last (market-local dates, inclusive), by instant,
        read a chunk at a time."""
        from smplanner.domain.calendar_filter import CalendarFilter, PostQuery

        chosen = filter or CalendarFilter()
        query = PostQuery(dataclasses.replace(chosen, warnings_only=False, actors=frozenset()), first_day=first,
                          last_day=last)
        actor_of = self.plan().actor_of() if chosen.actors else None  # who runs a post: the plan says, not storage
        chunk: list[Post] = []
        for post in self.plan_file.reader.found_posts(query):
            if actor_of is not None and actor_of(post) not in chosen.actors:
                continue
            chunk.append(post)
            if len(chunk) == 2000:
                yield from self._with_warnings_if_asked(chunk, chosen)
                chunk = []
        yield from self._with_warnings_if_asked(chunk, chosen)

    def _with_warnings_if_asked(self, posts: list[Post], chosen: CalendarFilter) -> list[Post]:
        if not chosen.warnings_only or not posts:
            return posts
        advice = self.advice_of(posts)
        return [post for post in posts if advice[post.id].warnings]

    def _holidays_to_export(
        self, plan: Plan, filter: CalendarFilter | None, first: date, last: date
    ) -> dict[str, dict[date, str]]:
        """The holidays of the markets the filter shows, from first to last (inclusive)."""
        holidays = self.holidays_in(first, last, plan=plan)
        if filter is not None and filter.markets:
            holidays = {market_id: days for market_id, days in holidays.items() if market_id in filter.markets}
        return holidays
