"""Writing a plan's content through SQLAlchemy; every public method is one unit of work (one transaction).

Rows are made by the table descriptions in `tables.py`; reads go to the plain-sqlite3 PlanReader.

Every edit says which version of each row it was made on (`revision`, plan.REVISION): storing it over a row that
has another version now, or that is gone, is refused with EditConflict and nothing of the transaction is stored. On a
plan file only the one program that has it open writes, so that never happens; on a server plan it is how a change
that lost a race to someone else's is told rather than written over theirs. What a write returns carries the new
versions. A server plan also records what each write touched (the `change_log`), in the same transaction.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import Engine, bindparam, delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from smplanner.domain.calendar_history import CalendarTarget, ExportedEvent, revised
from smplanner.domain.market_days import HolidayOverride, MarketEvent
from smplanner.domain.plan import REVISION, Firm, Plan, Post
from smplanner.domain.validation import check_plan_platforms
from smplanner.storage import tables
from smplanner.storage.errors import EditConflict
from smplanner.storage.reading import PlanReader
from smplanner.storage.schema import ROW_CLASSES, core_table
from smplanner.storage.tables import Table

DELETE_CHUNK = 500
"""Ids per DELETE statement, well under SQLite's limit on bound parameters."""
INSERT_CHUNK = 5000
"""Rows per batch of an INSERT of many rows: a batch's rows are made only when it is sent."""

POSTS = core_table(tables.POST)
VERSIONS = core_table(tables.POST_VERSION)
EXPORTED = core_table(tables.EXPORTED_EVENT)

FIRM, DECISIONS, SETTINGS, HOLIDAYS, POSTS_KIND, EVERYTHING = (
    "firm", "decisions", "settings", "holidays", "posts", "everything")
"""The kinds of things a write touches, as `services.changes.Changes` names them."""

Stored = TypeVar("Stored")


class ChangeLog(Protocol):
    """What a server plan does in each write: take the writers' turn first, record what was touched before the
    commit, and catch up with the server after it."""

    def begin(self, session: Session) -> None: ...

    def record(self, session: Session, kinds: frozenset[str], post_ids: tuple[str, ...] | None) -> None: ...

    def committed(self) -> None: ...


class _Conflict(Exception):
    """Raised inside a unit of work, told as EditConflict once the transaction is rolled back."""

    def __init__(self, table: str, row_ids: Iterable[object]) -> None:
        super().__init__(table)
        self.table = table
        self.row_ids = tuple(str(row_id) for row_id in row_ids)


def _key(table: Table, row: dict[str, Any]) -> Any:
    key = tuple(row[c.name] for c in table.columns if c.primary_key)
    return key[0] if len(key) == 1 else key


def _store(session: Session, table: Table, item: Any, *, checked: bool = True, touch: bool = False,
           **extra: Any) -> Any:
    """Insert or update one domain object's row (by its primary key); returns the ORM row, whose version is the
    stored one once flushed.

    `checked`: the row must still have the version the object carries (a row gone since is a conflict too, unless
    the object was never stored: version 0 and no row). Unchecked, the object replaces whatever is there. `touch`
    raises the version even when no column changed (a post whose language versions alone changed)."""
    row = table.stored_row(item, **extra)
    row_class = ROW_CLASSES[table.name]
    if REVISION not in row:
        session.merge(row_class(**row))
        return None
    expected = row.pop(REVISION)
    stored = session.get(row_class, _key(table, row))
    if stored is None:
        if checked and expected:
            raise _Conflict(table.name, [_key(table, row)])
        stored = row_class(**row)
        session.add(stored)
        return stored
    if checked and getattr(stored, REVISION) != expected:
        raise _Conflict(table.name, [_key(table, row)])
    for name, value in row.items():
        setattr(stored, name, value)
    if touch:
        flag_modified(stored, table.columns[1].name)
    return stored


def _stored(item: Stored, row: Any) -> Stored:
    """The domain object as stored: with the version its row has now."""
    return dataclasses.replace(item, revision=getattr(row, REVISION))  # type: ignore[type-var]


def _load(session: Session, table: Table, ids: Sequence[str]) -> None:
    """Read rows into the session in a few statements, so that storing many objects does not read them one by one."""
    row_class = ROW_CLASSES[table.name]
    key = core_table(table).c.id
    for first in range(0, len(ids), DELETE_CHUNK):
        session.execute(select(row_class).where(key.in_(ids[first:first + DELETE_CHUNK]))).all()


def _add_all(session: Session, table: Table, items: Iterable[Any]) -> None:
    rows = [table.stored_row(item) for item in items]
    if rows:
        session.execute(core_table(table).insert(), rows)


def _delete_checked(session: Session, table: Table, items: Iterable[Any]) -> None:
    """Delete rows: each domain object's only while its row has the version it carries (a text is an id, deleted
    whatever its version). A row already gone is no conflict: the outcome is the one wanted."""
    core = core_table(table)
    items = list(items)
    expected = {item.id: item.revision for item in items if not isinstance(item, str)}
    ids = [item if isinstance(item, str) else item.id for item in items]
    for first in range(0, len(ids), DELETE_CHUNK):
        chunk = ids[first:first + DELETE_CHUNK]
        if expected:
            moved = [row_id for row_id, version in session.execute(
                select(core.c.id, core.c[REVISION]).where(core.c.id.in_(chunk)))
                if row_id in expected and expected[row_id] != version]
            if moved:
                raise _Conflict(table.name, moved)
        session.execute(delete(core).where(core.c.id.in_(chunk)))


def _delete_posts(session: Session, posts: Iterable[Post | str]) -> None:
    _delete_checked(session, tables.POST, posts)


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


def _post_ids(posts: Iterable[Post | str]) -> list[str]:
    return [post if isinstance(post, str) else post.id for post in posts]


_STALE_TABLE = re.compile(r"table '(\w+)'")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class PlanRepository:
    """The content of one open plan, read as domain objects and written one transaction at a time.

    Every post written gets its moment of change here (see `calendar_history.revised`), and a post stored anew in
    place of one with its id (a regenerated post) a revision above the one it replaces: calendar programs see every
    change (an undo too) as newer than the last, and an edit made on the post as it was is refused.
    """

    def __init__(self, engine: Engine, reader: PlanReader, change_log: ChangeLog | None = None,
                 clock: Callable[[], datetime] = _now) -> None:
        self._engine = engine
        self._reader = reader
        self._change_log = change_log
        self._clock = clock

    def _revised(self, posts: Iterable[Post], *, replacing: bool = False) -> list[Post]:
        """The posts as they will be stored over what the plan holds now (read before the transaction changes it):
        with their moment of change, and, `replacing` (stored anew once the row of their id is removed), a revision
        above the stored one."""
        posts = list(posts)
        stored = {post.id: post for post in self._reader.posts_with_ids([post.id for post in posts])}
        now = self._clock().astimezone(UTC).replace(microsecond=0)
        return [revised(stored.get(post.id), post, now, replacing=replacing) for post in posts]

    @contextmanager
    def _unit_of_work(self, *kinds: str, post_ids: Iterable[str] | None = None) -> Iterator[Session]:
        """One transaction; an edit made on rows that moved on since is rolled back and raised as EditConflict.
        `kinds` and `post_ids` (None: posts not listed) say what it touches, for a server plan's change log."""
        try:
            with Session(self._engine, expire_on_commit=False) as session, session.begin():
                if self._change_log is not None:
                    self._change_log.begin(session)
                yield session
                session.flush()
                if self._change_log is not None:
                    listed = None if post_ids is None else tuple(dict.fromkeys(post_ids))
                    self._change_log.record(session, frozenset(kinds), listed)
        except _Conflict as conflict:
            raise EditConflict(self._reader.where, conflict.table, conflict.row_ids) from None
        except StaleDataError as error:  # a row changed between reading and writing it (within the same moment)
            found = _STALE_TABLE.search(str(error))
            raise EditConflict(self._reader.where, found.group(1) if found else tables.POST.name) from None
        if self._change_log is not None:
            self._change_log.committed()

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
        with self._unit_of_work(EVERYTHING) as session:
            for table in (tables.POST_VERSION, tables.POST, tables.CADENCE_RULE, tables.PRESENCE,
                          tables.CONTENT_TYPE, tables.ACTOR,
                          tables.MARKET, tables.STRATEGY, tables.FIRM, tables.OWN_PLATFORM):
                session.execute(delete(core_table(table)))
            _add_all(session, tables.FIRM, [plan.firm])
            _add_all(session, tables.STRATEGY, [plan.strategy])
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
        remove_posts: Iterable[Post | str] = (),
        add_posts: Iterable[Post] = (),
        holiday_overrides: Iterable[HolidayOverride] | None = None,
        market_events: Iterable[MarketEvent] | None = None,
        base: Plan | None = None,
    ) -> None:
        """Store the plan's decisions exactly as given and change its posts, in one transaction.

        Posts are removed first and added last, so a post can be replaced under the same id (a post given as a
        Post only while it has the version it carries). Decisions the plan no longer has are deleted before the
        others are written, with what the file's links take along: a removed market its presences, rules, holiday
        corrections, events and posts; a removed presence, rule, content type or actor only the link to it. A
        decision that names one the plan does not have fails the whole call, and nothing changes. Holiday
        corrections and own events, when given, replace the plan's.

        `base` is the plan these decisions were made from (a wizard's, as it opened): every decision must still be
        as it was then (its version), no decision may have been added since, and the own platforms must be the
        same; otherwise EditConflict, and nothing changes. Without a base, the decisions replace whatever is there
        (a strategy file, a new plan).
        """
        check_plan_platforms(plan)
        checked = base is not None
        add_posts = self._revised(add_posts, replacing=True)  # over the posts they replace, before those are removed
        with self._unit_of_work(FIRM, DECISIONS, HOLIDAYS, POSTS_KIND) as session:
            _delete_posts(session, remove_posts)
            kept: tuple[tuple[Table, Sequence[Any], Sequence[Any]], ...] = tuple(
                (table, getattr(plan, kind), getattr(base, kind) if base is not None else ())
                for table, kind in ((tables.CADENCE_RULE, "cadence_rules"), (tables.PRESENCE, "presences"),
                                    (tables.CONTENT_TYPE, "content_types"), (tables.ACTOR, "actors"),
                                    (tables.MARKET, "markets"))
            )
            for table, decisions, seen in kept:
                core = core_table(table)
                going = core.c.id.not_in([d.id for d in decisions])
                if checked:
                    was = {d.id: d.revision for d in seen}
                    moved = [row_id for row_id, version in session.execute(
                        select(core.c.id, core.c[REVISION]).where(going)) if was.get(row_id) != version]
                    if moved:
                        raise _Conflict(table.name, moved)
                session.execute(delete(core).where(going))
            own = core_table(tables.OWN_PLATFORM)
            if checked and base is not None:
                stored = [row.entry for row in session.execute(select(own.c.entry).order_by(own.c.position))]
                if stored != [row["entry"] for row in _own_platform_rows(base)]:
                    raise _Conflict(tables.OWN_PLATFORM.name, [])
            session.execute(delete(own))
            _store(session, tables.FIRM, plan.firm, checked=checked)
            _store(session, tables.STRATEGY, plan.strategy, checked=checked)
            for table, decisions in ((tables.MARKET, plan.markets), (tables.ACTOR, plan.actors),
                                     (tables.CONTENT_TYPE, plan.content_types)):
                for decision in decisions:
                    _store(session, table, decision, checked=checked)
            rows = _own_platform_rows(plan)
            if rows:
                session.execute(own.insert(), rows)
            session.flush()
            for presence in plan.presences:
                _store(session, tables.PRESENCE, presence, checked=checked)
            session.flush()
            for rule in plan.cadence_rules:
                _store(session, tables.CADENCE_RULE, rule, checked=checked)
            session.flush()
            _add_posts(session, add_posts)
            _replace_market_days(session, holiday_overrides, market_events)

    def _save(self, table: Table, item: Stored, *kinds: str) -> Stored:
        with self._unit_of_work(*kinds) as session:
            row = _store(session, table, item)
        return _stored(item, row)

    def save_firm(self, firm: Firm) -> Firm:
        return self._save(tables.FIRM, firm, FIRM)

    def add_posts(self, posts: Iterable[Post]) -> None:
        posts = self._revised(posts)
        with self._unit_of_work(POSTS_KIND, post_ids=[post.id for post in posts]) as session:
            _add_posts(session, posts)

    def save_post(self, post: Post) -> Post:
        """Store a post and exactly its versions (replacing the ones it had); returns it as stored."""
        return self.save_posts([post])[0]

    def save_posts(self, posts: Iterable[Post]) -> list[Post]:
        """Store several posts exactly as given, versions included (replacing those with their ids), in one
        transaction; returns them as stored (each with its new revision)."""
        posts = self._revised(posts)
        ids = [post.id for post in posts]
        with self._unit_of_work(POSTS_KIND, post_ids=ids) as session:
            _load(session, tables.POST, ids)
            rows = [_store(session, tables.POST, post, touch=True) for post in posts]
            for first in range(0, len(ids), DELETE_CHUNK):
                session.execute(delete(VERSIONS).where(VERSIONS.c.post_id.in_(ids[first:first + DELETE_CHUNK])))
            _add_versions(session, posts)
        return [_stored(post, row) for post, row in zip(posts, rows, strict=True)]

    def delete_posts(self, posts: Iterable[Post | str]) -> None:
        """Delete posts in one transaction: a Post only while it has the version it carries, an id whatever its
        version."""
        posts = list(posts)
        with self._unit_of_work(POSTS_KIND, post_ids=_post_ids(posts)) as session:
            _delete_posts(session, posts)

    def set_meta(self, key: str, value: str, *, checked: bool = False, version: int | None = None) -> int:
        """Store a fact about the plan (the workload settings...). `checked`: only while its row has `version` (None:
        while there is no such row yet). Returns the revision it has now."""
        row_class = ROW_CLASSES[tables.PLAN_META.name]
        with self._unit_of_work(SETTINGS) as session:
            stored: Any = session.get(row_class, key)  # a row class made from tables.py: its columns are not typed
            if checked and (None if stored is None else getattr(stored, REVISION)) != version:
                raise _Conflict(tables.PLAN_META.name, [key])
            if stored is None:
                stored = row_class(key=key, value=value)
                session.add(stored)
            else:
                stored.value = value
        return getattr(stored, REVISION)

    def meta_version(self, key: str) -> int | None:
        """The version of a fact's row (None when the plan has no such fact)."""
        return self._reader.meta_version(key)

    def recompute_instants(self, tzdata_version: str) -> int:
        """Derive every cached UTC instant again (after a time-zone database update); returns the count.

        The posts are read through the reader, so a value no plan may hold is a PlanContentError, not a crash. The
        instants are derived data: their versions do not change."""
        updates = [{"pid": post.id, "utc": post.instant.replace(tzinfo=None)} for post in self._reader.posts()]
        with self._unit_of_work(POSTS_KIND) as session:
            if updates:
                session.connection().execute(
                    update(POSTS).where(POSTS.c.id == bindparam("pid")).values(utc_instant=bindparam("utc")), updates
                )
            session.merge(ROW_CLASSES[tables.PLAN_META.name](key="tzdata_version", value=tzdata_version))
            return len(updates)

    def save_holiday_override(
        self, override: HolidayOverride, remove_posts: Iterable[Post | str] = (), add_posts: Iterable[Post] = ()
    ) -> HolidayOverride:
        """Store a correction of a market's holiday data: one per market and day, so it replaces any other
        correction of that day (and the one with its id); and change the posts the correction regenerates, in the
        same transaction (removed first, added last). Returns the correction as stored."""
        core = core_table(tables.HOLIDAY_OVERRIDE)
        remove_posts, add_posts = list(remove_posts), self._revised(add_posts, replacing=True)
        touched = [*_post_ids(remove_posts), *(post.id for post in add_posts)]
        with self._unit_of_work(HOLIDAYS, POSTS_KIND, post_ids=touched) as session:
            _delete_posts(session, remove_posts)
            _add_posts(session, add_posts)
            session.execute(delete(core).where(core.c.market_id == override.market_id, core.c.day == override.day,
                                               core.c.id != override.id))
            row = _store(session, tables.HOLIDAY_OVERRIDE, override)
        return _stored(override, row)

    def delete_holiday_override(
        self, override: HolidayOverride | str, remove_posts: Iterable[Post | str] = (), add_posts: Iterable[Post] = ()
    ) -> None:
        """Drop a correction and change the posts that regenerates, in one transaction."""
        remove_posts, add_posts = list(remove_posts), self._revised(add_posts, replacing=True)
        touched = [*_post_ids(remove_posts), *(post.id for post in add_posts)]
        with self._unit_of_work(HOLIDAYS, POSTS_KIND, post_ids=touched) as session:
            _delete_checked(session, tables.HOLIDAY_OVERRIDE, [override])
            _delete_posts(session, remove_posts)
            _add_posts(session, add_posts)

    def save_market_event(self, event: MarketEvent) -> MarketEvent:
        """Store one of the founder's dated events (replacing the one with its id); returns it as stored."""
        return self._save(tables.MARKET_EVENT, event, HOLIDAYS)

    def delete_market_event(self, event: MarketEvent | str) -> None:
        with self._unit_of_work(HOLIDAYS) as session:
            _delete_checked(session, tables.MARKET_EVENT, [event])

    # -- calendar files: what the plan last wrote to each ------------------------------------------------------

    def calendar_targets(self) -> list[CalendarTarget]:
        return self._reader.calendar_targets()

    def exported_events(self, target_id: str) -> dict[str, ExportedEvent]:
        return self._reader.exported_events(target_id)

    def save_calendar_target(self, target: CalendarTarget, remembered: Iterable[ExportedEvent] = ()) -> None:
        """Store a calendar file's settings and what it was just given of the events that changed (replacing what
        it had of them), in one transaction. A live file makes any other one an ordinary export's file."""
        remembered = list(remembered)
        with self._unit_of_work(SETTINGS) as session:
            if target.live:
                targets = core_table(tables.CALENDAR_TARGET)
                session.execute(update(targets).where(targets.c.id != target.id).values(live=False))
            _store(session, tables.CALENDAR_TARGET, target)
            uids = [event.uid for event in remembered]
            for first in range(0, len(uids), DELETE_CHUNK):
                session.execute(delete(EXPORTED).where(EXPORTED.c.target_id == target.id,
                                                       EXPORTED.c.uid.in_(uids[first:first + DELETE_CHUNK])))
            for first in range(0, len(remembered), INSERT_CHUNK):  # a ten-year plan's rows are never built all at once
                session.execute(EXPORTED.insert(), [tables.EXPORTED_EVENT.stored_row(event, target_id=target.id)
                                                    for event in remembered[first:first + INSERT_CHUNK]])

    def delete_calendar_target(self, target_id: str) -> None:
        """Forget a calendar file and what it was given."""
        with self._unit_of_work(SETTINGS) as session:
            _delete_checked(session, tables.CALENDAR_TARGET, [target_id])
