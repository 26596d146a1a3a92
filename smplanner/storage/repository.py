"""Writing a plan's content through SQLAlchemy; every public method is one unit of work (one transaction).

Rows are made by the table descriptions in `tables.py`; reads go to the plain-sqlite3 PlanReader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, bindparam, delete, update
from sqlalchemy.orm import Session

from smplanner.domain.calendar_history import CalendarTarget, ExportedEvent, revised
from smplanner.domain.market_days import HolidayOverride, MarketEvent
from smplanner.domain.plan import Firm, Plan, Post
from smplanner.domain.validation import check_plan_platforms
from smplanner.storage import tables
from smplanner.storage.reading import PlanReader
from smplanner.storage.schema import ROW_CLASSES, core_table
from smplanner.storage.tables import Table

DELETE_CHUNK = 500
"""Ids per DELETE statement, well under SQLite's limit on bound parameters."""

POSTS = core_table(tables.POST)
VERSIONS = core_table(tables.POST_VERSION)
EXPORTED = core_table(tables.EXPORTED_EVENT)


def _merge(session: Session, table: Table, item: Any, **extra: Any) -> None:
    """Insert or update one domain object's row (by its primary key)."""
    session.merge(ROW_CLASSES[table.name](**table.stored_row(item, **extra)))


def _add_all(session: Session, table: Table, items: Iterable[Any]) -> None:
    rows = [table.stored_row(item) for item in items]
    if rows:
        session.execute(core_table(table).insert(), rows)


def _delete_posts(session: Session, post_ids: Iterable[str]) -> None:
    removed = list(post_ids)
    for first in range(0, len(removed), DELETE_CHUNK):
        session.execute(delete(POSTS).where(POSTS.c.id.in_(removed[first:first + DELETE_CHUNK])))


def _replace_market_days(
    session: Session,
    holiday_overrides: Iterable[HolidayOverride] | None,
    market_events: Iterable[MarketEvent] | None,
) -> None:
    """Replace every holiday correction and own event of the plan (None: leave them as they are)."""
    if holiday_overrides is not None:
        session.execute(delete(core_table(tables.HOLIDAY_OVERRIDE)))
        _add_all(session, tables.HOLIDAY_OVERRIDE, holiday_overrides)
    if market_events is not None:
        session.execute(delete(core_table(tables.MARKET_EVENT)))
        _add_all(session, tables.MARKET_EVENT, market_events)


def _add_versions(session: Session, posts: Iterable[Post]) -> None:
    rows = [
        tables.POST_VERSION.stored_row(version, post_id=post.id, position=position)
        for post in posts
        for position, version in enumerate(post.versions)
    ]
    if rows:
        session.execute(VERSIONS.insert(), rows)


def _add_posts(session: Session, posts: Iterable[Post]) -> None:
    """Insert posts and their versions."""
    posts = list(posts)
    _add_all(session, tables.POST, posts)
    _add_versions(session, posts)


def _own_platform_rows(plan: Plan) -> list[dict[str, Any]]:
    own = tables.OWN_PLATFORM
    return [own.stored_row(entry, position=position) for position, entry in enumerate(plan.own_platforms)]


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class PlanRepository:
    """The content of one open plan file, read as domain objects and written one transaction at a time.

    Every post written gets its revision and moment of change here (see `calendar_history.revised`): a stored change
    a calendar shows raises the revision, whatever the caller handed in, so calendar programs see every change
    (an undo too) as newer than the last.
    """

    def __init__(self, engine: Engine, reader: PlanReader, clock: Callable[[], datetime] = _now) -> None:
        self._engine = engine
        self._reader = reader
        self._clock = clock

    def _revised(self, posts: Iterable[Post]) -> list[Post]:
        """The posts as they will be stored over what the file holds now (read before the transaction changes it)."""
        posts = list(posts)
        stored = {post.id: post for post in self._reader.posts_with_ids([post.id for post in posts])}
        now = self._clock().astimezone(UTC).replace(microsecond=0)
        return [revised(stored.get(post.id), post, now) for post in posts]

    @contextmanager
    def _unit_of_work(self) -> Iterator[Session]:
        with Session(self._engine, expire_on_commit=False) as session, session.begin():
            yield session

    # -- reading (one read path for the whole app: the plain-sqlite3 reader) -----------------------------

    def load_plan(self) -> Plan:
        return self._reader.load_plan()

    def count_posts(self) -> int:
        return self._reader.count_posts()

    def count_hand_posts_by_market(self) -> dict[str, int]:
        return self._reader.count_hand_posts_by_market()

    def posts(
        self,
        start_utc: datetime | None = None,
        end_utc: datetime | None = None,
        market_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[Post]:
        """Posts ordered by instant, optionally from start (inclusive) to end (exclusive), as naive UTC bounds."""
        return self._reader.posts(start_utc, end_utc, market_ids, limit)

    def last_post(self) -> Post | None:
        return self._reader.last_post()

    def post(self, post_id: str) -> Post | None:
        return self._reader.post(post_id)

    def meta(self, key: str) -> str | None:
        return self._reader.meta(key)

    def content_digest(self) -> str:
        return self._reader.content_digest()

    # -- writing ----------------------------------------------------------------------------------------

    def write_plan(
        self,
        plan: Plan,
        posts: Iterable[Post] = (),
        holiday_overrides: Iterable[HolidayOverride] = (),
        market_events: Iterable[MarketEvent] = (),
    ) -> None:
        """Store a whole plan (firm, decisions, posts, the founder's holiday corrections and own events) in one
        transaction, replacing what was there."""
        check_plan_platforms(plan)
        with self._unit_of_work() as session:
            for table in (tables.POST_VERSION, tables.POST, tables.CADENCE_RULE, tables.PRESENCE,
                          tables.CONTENT_TYPE, tables.ACTOR,
                          tables.MARKET, tables.STRATEGY, tables.FIRM, tables.OWN_PLATFORM):
                session.execute(delete(core_table(table)))
            _merge(session, tables.FIRM, plan.firm)
            _merge(session, tables.STRATEGY, plan.strategy)
            _add_all(session, tables.MARKET, plan.markets)
            _add_all(session, tables.ACTOR, plan.actors)
            _add_all(session, tables.CONTENT_TYPE, plan.content_types)
            own = _own_platform_rows(plan)
            if own:
                session.execute(core_table(tables.OWN_PLATFORM).insert(), own)
            _add_all(session, tables.PRESENCE, plan.presences)
            _add_all(session, tables.CADENCE_RULE, plan.cadence_rules)
            _add_posts(session, self._revised(posts))
            _replace_market_days(session, holiday_overrides, market_events)

    def replace_decisions(
        self,
        plan: Plan,
        remove_post_ids: Iterable[str] = (),
        add_posts: Iterable[Post] = (),
        holiday_overrides: Iterable[HolidayOverride] | None = None,
        market_events: Iterable[MarketEvent] | None = None,
    ) -> None:
        """Store the plan's decisions exactly as given and change its posts, in one transaction.

        Posts are removed first and added last, so a post can be replaced under the same id. Decisions the
        plan no longer has are deleted before the others are written, with what the file's links take along:
        a removed market its presences, rules, holiday corrections, events and posts; a removed presence, rule,
        content type or actor only the link to it. A decision that names one the plan does not have fails
        the whole call, and nothing changes. Holiday corrections and own events, when given, replace the plan's.
        """
        check_plan_platforms(plan)
        add_posts = self._revised(add_posts)  # over the posts they replace, before those are removed
        with self._unit_of_work() as session:
            _delete_posts(session, remove_post_ids)
            kept: tuple[tuple[Table, Sequence[Any]], ...] = (
                (tables.CADENCE_RULE, plan.cadence_rules),
                (tables.PRESENCE, plan.presences),
                (tables.CONTENT_TYPE, plan.content_types),
                (tables.ACTOR, plan.actors),
                (tables.MARKET, plan.markets),
            )
            for table, decisions in kept:
                core = core_table(table)
                session.execute(delete(core).where(core.c.id.not_in([d.id for d in decisions])))
            session.execute(delete(core_table(tables.OWN_PLATFORM)))
            _merge(session, tables.FIRM, plan.firm)
            _merge(session, tables.STRATEGY, plan.strategy)
            for table, decisions in ((tables.MARKET, plan.markets), (tables.ACTOR, plan.actors),
                                     (tables.CONTENT_TYPE, plan.content_types)):
                for decision in decisions:
                    _merge(session, table, decision)
            own = _own_platform_rows(plan)
            if own:
                session.execute(core_table(tables.OWN_PLATFORM).insert(), own)
            session.flush()
            for presence in plan.presences:
                _merge(session, tables.PRESENCE, presence)
            session.flush()
            for rule in plan.cadence_rules:
                _merge(session, tables.CADENCE_RULE, rule)
            session.flush()
            _add_posts(session, add_posts)
            _replace_market_days(session, holiday_overrides, market_events)

    def save_firm(self, firm: Firm) -> None:
        with self._unit_of_work() as session:
            _merge(session, tables.FIRM, firm)

    def add_posts(self, posts: Iterable[Post]) -> None:
        posts = self._revised(posts)
        with self._unit_of_work() as session:
            _add_posts(session, posts)

    def save_post(self, post: Post) -> None:
        """Store a post and exactly its versions (replacing the ones it had)."""
        self.save_posts([post])

    def save_posts(self, posts: Iterable[Post]) -> None:
        """Store several posts exactly as given, versions included (replacing those with their ids), in one
        transaction."""
        posts = self._revised(posts)
        with self._unit_of_work() as session:
            for post in posts:
                _merge(session, tables.POST, post)
            ids = [post.id for post in posts]
            for first in range(0, len(ids), DELETE_CHUNK):
                session.execute(delete(VERSIONS).where(VERSIONS.c.post_id.in_(ids[first:first + DELETE_CHUNK])))
            _add_versions(session, posts)

    def delete_posts(self, post_ids: Iterable[str]) -> None:
        self._delete(tables.POST, list(post_ids))

    def set_meta(self, key: str, value: str) -> None:
        with self._unit_of_work() as session:
            session.merge(ROW_CLASSES[tables.PLAN_META.name](key=key, value=value))

    def recompute_instants(self, tzdata_version: str) -> int:
        """Derive every cached UTC instant again (after a time-zone database update); returns the count.

        The posts are read through the reader, so a value no plan may hold is a PlanContentError, not a crash."""
        updates = [{"pid": post.id, "utc": post.instant.replace(tzinfo=None)} for post in self._reader.posts()]
        with self._unit_of_work() as session:
            if updates:
                session.connection().execute(
                    update(POSTS).where(POSTS.c.id == bindparam("pid")).values(utc_instant=bindparam("utc")), updates
                )
            session.merge(ROW_CLASSES[tables.PLAN_META.name](key="tzdata_version", value=tzdata_version))
            return len(updates)

    def save_holiday_override(
        self, override: HolidayOverride, remove_post_ids: Iterable[str] = (), add_posts: Iterable[Post] = ()
    ) -> None:
        """Store a correction of a market's holiday data: one per market and day, so it replaces any other
        correction of that day (and the one with its id); and change the posts the correction regenerates, in the
        same transaction (removed first, added last)."""
        core = core_table(tables.HOLIDAY_OVERRIDE)
        add_posts = self._revised(add_posts)
        with self._unit_of_work() as session:
            _delete_posts(session, remove_post_ids)
            _add_posts(session, add_posts)
            session.execute(delete(core).where(core.c.market_id == override.market_id, core.c.day == override.day,
                                               core.c.id != override.id))
            _merge(session, tables.HOLIDAY_OVERRIDE, override)

    def delete_holiday_override(
        self, override_id: str, remove_post_ids: Iterable[str] = (), add_posts: Iterable[Post] = ()
    ) -> None:
        """Drop a correction and change the posts that regenerates, in one transaction."""
        core = core_table(tables.HOLIDAY_OVERRIDE)
        add_posts = self._revised(add_posts)
        with self._unit_of_work() as session:
            session.execute(delete(core).where(core.c.id == override_id))
            _delete_posts(session, remove_post_ids)
            _add_posts(session, add_posts)

    def save_market_event(self, event: MarketEvent) -> None:
        """Store one of the founder's dated events (replacing the one with its id)."""
        with self._unit_of_work() as session:
            _merge(session, tables.MARKET_EVENT, event)

    def delete_market_event(self, event_id: str) -> None:
        self._delete(tables.MARKET_EVENT, [event_id])

    # -- calendar files: what the plan last wrote to each ------------------------------------------------------

    def calendar_targets(self) -> list[CalendarTarget]:
        return self._reader.calendar_targets()

    def exported_events(self, target_id: str) -> dict[str, ExportedEvent]:
        return self._reader.exported_events(target_id)

    def save_calendar_target(self, target: CalendarTarget, remembered: Iterable[ExportedEvent] = ()) -> None:
        """Store a calendar file's settings and what it was just given of the events that changed (replacing what
        it had of them), in one transaction. A live file makes any other one an ordinary export's file."""
        remembered = list(remembered)
        with self._unit_of_work() as session:
            if target.live:
                targets = core_table(tables.CALENDAR_TARGET)
                session.execute(update(targets).where(targets.c.id != target.id).values(live=False))
            _merge(session, tables.CALENDAR_TARGET, target)
            uids = [event.uid for event in remembered]
            for first in range(0, len(uids), DELETE_CHUNK):
                session.execute(delete(EXPORTED).where(EXPORTED.c.target_id == target.id,
                                                       EXPORTED.c.uid.in_(uids[first:first + DELETE_CHUNK])))
            rows = [tables.EXPORTED_EVENT.stored_row(event, target_id=target.id) for event in remembered]
            if rows:
                session.execute(EXPORTED.insert(), rows)

    def delete_calendar_target(self, target_id: str) -> None:
        """Forget a calendar file and what it was given."""
        self._delete(tables.CALENDAR_TARGET, [target_id])

    def _delete(self, table: Table, ids: list[str]) -> None:
        core = core_table(table)
        with self._unit_of_work() as session:
            session.execute(delete(core).where(core.c.id.in_(ids)))
