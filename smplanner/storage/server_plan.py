"""A plan on a PostgreSQL server that several people work on: opened, copied in, kept current, closed.

The same schema and the same Alembic chain as a plan file (`tables.py`, `migrations/`), one plan per schema (see
`server_address.py`). The plan is read through SQLAlchemy into a private in-memory SQLite copy, in one consistent
snapshot, and the app's one reader (`reading.py`) reads that copy exactly as it reads a plan file: every view, command
and query works the same on both, and reading never waits for the network. Writes go to the server through the
repository, each one transaction that:

- takes the plan's writers' turn first (a transaction-level advisory lock: writers of one plan follow each other,
  so the changes they record are numbered in the order they are committed);
- is checked row by row against the versions the edit was made on (`revision`): a change that lost a race to
  someone else's is refused (EditConflict), never written over theirs;
- records what it touched in `plan_change` and says so on the plan's notification channel (NOTIFY).

After each commit, and when a notification arrives (or every few seconds, in case one is missed), the copy catches up
with the server: it reads the changes recorded after the last one it saw, and reads again from the server the rows
they touched (whole tables when there are many, or when it has fallen too far behind). What other people changed is
handed back as a `ServerUpdate` for the window to show. Who has the plan open is kept in `plan_session`, refreshed
while it is open; it warns, never blocks.
"""

from __future__ import annotations

import getpass
import os
import socket
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smplanner.domain.plan import Post
from smplanner.i18n import _
from smplanner.storage import migrating, tables
from smplanner.storage.errors import (
    NotAPlanError,
    PlanAccessError,
    PlanFileError,
    PlanTooNewError,
    PlanUpgradeError,
    ServerConnectionLost,
    ServerLoginError,
    ServerUnreachableError,
    one_line,
)
from smplanner.storage.reading import PlanReader
from smplanner.storage.repository import DECISIONS, EVERYTHING, FIRM, HOLIDAYS, POSTS_KIND, SETTINGS, PlanRepository
from smplanner.storage.server_address import ServerAddress
from smplanner.storage.sqlite_file import APPLICATION_ID

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session

    from smplanner.domain.market_days import HolidayOverride, MarketEvent
    from smplanner.domain.plan import Plan

KEPT_CHANGES = 1000
"""How many recorded changes the server keeps: a window further behind reads the whole plan again."""
SEEN_FOR = timedelta(seconds=90)
"""How recently a window must have said it is there to count as having the plan open."""
FORGOTTEN_AFTER = timedelta(minutes=10)
"""A window not heard of for this long has gone (a crash, a lost connection): its presence row is removed."""
LISTED_POSTS = 2000
"""More posts than this in one catch-up, and the copy reads all the posts again rather than each by id."""

TABLES_OF_KIND: dict[str, tuple[tables.Table, ...]] = {
    FIRM: (tables.FIRM,),
    DECISIONS: (tables.STRATEGY, tables.MARKET, tables.ACTOR, tables.PRESENCE, tables.CONTENT_TYPE,
                tables.CADENCE_RULE, tables.OWN_PLATFORM),
    SETTINGS: (tables.PLAN_META, tables.CALENDAR_TARGET, tables.EXPORTED_EVENT),
    HOLIDAYS: (tables.HOLIDAY_OVERRIDE, tables.MARKET_EVENT),
    POSTS_KIND: (tables.POST, tables.POST_VERSION),
}
"""The tables to read again for each kind of change (everything: all of them)."""


@dataclass(frozen=True, slots=True)
class PlanSession:
    """Someone who has a server plan open: their login on their machine, since when, and last heard of when."""

    session: str
    user_name: str
    host: str
    opened_at: datetime
    seen_at: datetime

    @property
    def who(self) -> str:
        return _("{user} on {host}").format(user=self.user_name, host=self.host)


@dataclass(frozen=True, slots=True)
class ServerUpdate:
    """What other people changed on the server since the copy last caught up: the kinds of things (see
    `repository.FIRM`...), each post they changed as it was and as it is now when they listed them (None on a side:
    made or deleted), and who made the changes."""

    kinds: frozenset[str] = frozenset()
    posts: tuple[tuple[Post | None, Post | None], ...] = ()
    posts_listed: bool = True
    by: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.kinds


def _sqlstate(error: BaseException) -> str | None:
    return getattr(getattr(error, "orig", error), "sqlstate", None)


def server_error(address: ServerAddress, error: BaseException) -> PlanFileError:
    """The one-line reason a server did not do what was asked, in the founder's words (the driver's detail kept)."""
    detail = one_line(error)
    state = _sqlstate(error) or ""
    lowered = detail.lower()
    if state in ("28P01", "28000") or "password" in lowered or "authentication" in lowered:
        return ServerLoginError(address, _(
            "the server refused the login ({detail}). smplanner never stores a password: give it in ~/.pgpass, a "
            "service file or PGPASSWORD.").format(detail=detail))
    if state == "3D000" or ("database \"" in detail and "does not exist" in detail):
        return NotAPlanError(address, _("the server has no such database ({detail}).").format(detail=detail))
    if state == "42501":
        return PlanAccessError(address, _("the server does not allow this user to do that ({detail}).").format(
            detail=detail))
    if getattr(error, "connection_invalidated", False) or state.startswith(("08", "57P")):
        return ServerConnectionLost(address, _(
            "the connection to the server was lost ({detail}). What was not confirmed was not stored; the plan "
            "shows what the server has once it is back.").format(detail=detail))
    if state:
        return PlanAccessError(address, _("the server reports: {detail}.").format(detail=detail))
    return ServerUnreachableError(address, _("the server cannot be reached ({detail}).").format(detail=detail))


def make_engine(address: ServerAddress) -> Engine:
    """An SQLAlchemy engine for a server plan: psycopg, connections checked before use (so a broken one is replaced
    once the server is back), the address handed to libpq as it is."""
    import psycopg
    from sqlalchemy import create_engine

    conninfo = address.conninfo()
    return create_engine("postgresql+psycopg://", creator=lambda: psycopg.connect(conninfo), pool_pre_ping=True,
                         pool_size=2, max_overflow=3)


@contextmanager
def server_errors(address: ServerAddress) -> Iterator[None]:
    """Turn the driver's and SQLAlchemy's failures into the founder's one-line reasons (PlanFileError)."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as error:
        raise server_error(address, error) from None
    except psycopg.Error as error:
        raise server_error(address, error) from None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _take_turn(connection: Connection) -> None:
    """Wait for the plan's other writers: one at a time, until this transaction ends."""
    from sqlalchemy import text

    connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('smplanner:' || current_schema()))"))


def _current_schema(connection: Connection) -> str | None:
    from sqlalchemy import text

    return connection.execute(text("SELECT current_schema()")).scalar()


def identify(connection: Connection, address: ServerAddress) -> str:
    """The format revision of the plan the connection's schema holds; NotAPlanError or PlanTooNewError otherwise."""
    from sqlalchemy import text

    from smplanner.storage.copying import table_names

    schema = _current_schema(connection)
    if schema is None:
        raise NotAPlanError(address, _(
            "the database has no schema \u201c{schema}\u201d: there is no plan there.").format(
            schema=address.schema or "public"))
    found = table_names(connection)
    if not found:
        raise NotAPlanError(address, _("the schema \u201c{schema}\u201d is empty: there is no plan there yet (copy one "
                                       "there first).").format(schema=schema))
    if not {"alembic_version", "plan_meta", "firm", "post"} <= found:
        raise NotAPlanError(address, _("the schema \u201c{schema}\u201d holds tables of another program, not a "
                                       "smplanner plan.").format(schema=schema))
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision is None:
        raise NotAPlanError(address, _("the schema \u201c{schema}\u201d has the tables of a plan but no format "
                                       "revision.").format(schema=schema))
    if revision not in migrating.KNOWN_REVISIONS:
        raise PlanTooNewError(address, _(
            "it was saved by a newer version of smplanner (format {revision}). Install the newer version to open it; "
            "this one will not change it.").format(revision=revision))
    return str(revision)


class _ServerRepository(PlanRepository):
    """The repository of a server plan: the same writes, with the server's failures said in the founder's words."""

    def __init__(self, engine: Engine, reader: PlanReader, plan: ServerPlan) -> None:
        super().__init__(engine, reader, change_log=plan)
        self._address = plan.path

    @contextmanager
    def _unit_of_work(self, *kinds: str, post_ids: Any = None) -> Iterator[Session]:
        from sqlalchemy.exc import DBAPIError, IntegrityError

        try:
            with super()._unit_of_work(*kinds, post_ids=post_ids) as session:
                yield session
        except IntegrityError as error:
            if _sqlstate(error) == "23503":  # a link to something someone else removed meanwhile
                from smplanner.storage.errors import EditConflict

                raise EditConflict(self._address, "post" if POSTS_KIND in kinds else "market") from None
            raise server_error(self._address, error) from None
        except DBAPIError as error:
            raise server_error(self._address, error) from None


class ServerPlan:
    """One open server plan: its private copy (`reader`), its writes (`repository`) and who else has it open."""

    def __init__(self, address: ServerAddress, engine: Engine, mirror: sqlite3.Connection, *, revision: str,
                 read_only: bool) -> None:
        self.path = address
        self.revision = revision
        self.read_only = read_only
        self.session = str(uuid.uuid4())
        self.user_name = getpass.getuser()
        self.host = socket.gethostname()
        self._engine = engine
        self._mirror = mirror
        self.reader = PlanReader(mirror, address)
        self._repository: PlanRepository | None = None
        self._last_seq = 0
        self._listener: Any = None
        self._pending: list[ServerUpdate] = []

    # -- opening ------------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, address: ServerAddress, *, read_only: bool = False) -> ServerPlan:
        """Open a server plan for work (brought up to date, registered as open) or as a read-only snapshot (an older
        format is brought up to date in the private copy only; the server is not changed)."""
        engine = make_engine(address)
        try:
            with server_errors(address):
                with engine.connect() as connection:
                    revision = identify(connection, address)
                if revision != migrating.HEAD_REVISION and not read_only:
                    revision = cls._upgrade(engine, address)
                plan = cls(address, engine, _blank_mirror(revision), revision=revision, read_only=read_only)
                plan._load()
                if not read_only:
                    plan._register()
        except BaseException:
            engine.dispose()
            raise
        return plan

    @staticmethod
    def _upgrade(engine: Engine, address: ServerAddress) -> str:
        """Bring the server's plan up to this smplanner's format, in one transaction (PostgreSQL changes its schema in
        a transaction: the upgrade is whole or not at all)."""
        with engine.begin() as connection:
            _take_turn(connection)
            revision = identify(connection, address)
            if revision == migrating.HEAD_REVISION:
                return revision
            try:
                migrating.upgrade_connection(connection)
            except Exception as error:  # a migration script may raise anything
                raise PlanUpgradeError(address, _(
                    "it could not be brought up to date ({error}). It was left exactly as it was.").format(
                    error=one_line(error))) from error
        return migrating.HEAD_REVISION

    def _load(self) -> None:
        """Read the whole plan from the server into the private copy, in one consistent snapshot."""
        from sqlalchemy import func, select

        from smplanner.storage.copying import copy_rows
        from smplanner.storage.schema import core_table

        current = self.revision == migrating.HEAD_REVISION
        with self._snapshot() as source, _mirror_engine(self._mirror).begin() as target:
            copy_rows(source, target, current=current)
            if current:
                changes = core_table(tables.PLAN_CHANGE)
                self._last_seq = int(source.execute(select(func.coalesce(func.max(changes.c.seq), 0))).scalar_one())
        if not current:
            migrating.upgrade(self._mirror)  # the private copy only
            self.revision = migrating.HEAD_REVISION

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """A read-only transaction that sees the server's plan as of one moment."""
        with self._engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                yield connection

    # -- who has it open ------------------------------------------------------------------------------------------

    def _register(self) -> None:
        from smplanner.storage.schema import core_table

        sessions = core_table(tables.PLAN_SESSION)
        now = _now()
        with self._engine.begin() as connection:
            connection.execute(sessions.insert().values(
                session=self.session, user_name=self.user_name, host=self.host, process_id=os.getpid(),
                opened_at=now, seen_at=now))

    def others(self) -> list[PlanSession]:
        """Who else has the plan open now (their windows heard of lately), first opened first; this window's row is
        kept fresh and the rows of windows gone long ago are removed."""
        from sqlalchemy import delete, select, update

        from smplanner.storage.schema import core_table

        sessions = core_table(tables.PLAN_SESSION)
        now = _now()
        with server_errors(self.path), self._engine.begin() as connection:
            if not self.read_only:
                connection.execute(update(sessions).where(sessions.c.session == self.session).values(seen_at=now))
            connection.execute(delete(sessions).where(sessions.c.seen_at < now - FORGOTTEN_AFTER))
            rows = connection.execute(select(sessions).where(
                sessions.c.session != self.session, sessions.c.seen_at >= now - SEEN_FOR,
            ).order_by(sessions.c.opened_at)).mappings().all()
        return [PlanSession(row["session"], row["user_name"], row["host"], row["opened_at"], row["seen_at"])
                for row in rows]

    # -- writing: the repository's change log ---------------------------------------------------------------------

    @property
    def repository(self) -> PlanRepository:
        if self._repository is None:
            self._repository = _ServerRepository(self._engine, self.reader, self)
        return self._repository

    def begin(self, session: Session) -> None:
        _take_turn(session.connection())

    def record(self, session: Session, kinds: frozenset[str], post_ids: tuple[str, ...] | None) -> None:
        """Number what this transaction touched after the last change (writers take turns, so in commit order) and
        tell the plan's listeners once it is committed."""
        from sqlalchemy import delete, func, select, text

        from smplanner.storage.schema import core_table

        changes = core_table(tables.PLAN_CHANGE)
        connection = session.connection()
        seq = int(connection.execute(select(func.coalesce(func.max(changes.c.seq), 0))).scalar_one()) + 1
        listed = None if post_ids is None or len(post_ids) > LISTED_POSTS else list(post_ids)
        connection.execute(changes.insert().values(seq=seq, session=self.session, user_name=self.user_name,
                                                   changed_at=_now(), kinds=sorted(kinds), post_ids=listed))
        connection.execute(delete(changes).where(changes.c.seq <= seq - KEPT_CHANGES))
        connection.execute(text("SELECT pg_notify('smplanner:' || current_schema(), :seq)"), {"seq": str(seq)})

    def committed(self) -> None:
        """After a write: the private copy reads it back (and whatever others committed before it)."""
        update = self.catch_up()
        if not update.is_empty:
            self._pending.append(update)

    def others_changes(self) -> list[ServerUpdate]:
        """What other people changed that the copy took in while this window wrote (each told once)."""
        pending, self._pending = self._pending, []
        return pending

    # -- catching up ------------------------------------------------------------------------------------------------

    def catch_up(self) -> ServerUpdate:
        """Read what was changed on the server since the copy last caught up (this window's own writes included, but
        not told: their command tells them) and return what other people changed."""
        from sqlalchemy import select, text

        from smplanner.storage.schema import core_table

        changes = core_table(tables.PLAN_CHANGE)
        with server_errors(self.path), self._snapshot() as source:
            revision = source.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if revision != self.revision:
                raise PlanTooNewError(self.path, _(
                    "it was brought to another format (revision {revision}) by another smplanner while it was open "
                    "here. Close it and open it again (with that smplanner's version or newer).").format(
                    revision=revision))
            entries = source.execute(select(changes).where(changes.c.seq > self._last_seq)
                                     .order_by(changes.c.seq)).mappings().all()
            if not entries:
                return ServerUpdate()
            theirs = [entry for entry in entries if entry["session"] != self.session]
            everything = entries[0]["seq"] != self._last_seq + 1  # the server no longer has what came between
            kinds = set().union(*(set(entry["kinds"]) for entry in entries))
            all_posts = everything or EVERYTHING in kinds or any(
                POSTS_KIND in entry["kinds"] and entry["post_ids"] is None for entry in entries)
            post_ids = sorted({post_id for entry in entries for post_id in entry["post_ids"] or ()})
            if len(post_ids) > LISTED_POSTS:
                all_posts = True
            before = {} if all_posts else {post_id: self.reader.post(post_id) for post_id in post_ids}
            self._refresh(source, kinds, None if all_posts else post_ids, everything)
            self._last_seq = int(entries[-1]["seq"])
        if not theirs:
            return ServerUpdate()
        their_kinds = frozenset(kind for entry in theirs for kind in entry["kinds"]) | (
            frozenset({EVERYTHING}) if everything else frozenset())
        their_posts = sorted({post_id for entry in theirs for post_id in entry["post_ids"] or ()})
        listed = not all_posts and all(
            POSTS_KIND not in entry["kinds"] or entry["post_ids"] is not None for entry in theirs)
        posts = tuple((before.get(post_id), self.reader.post(post_id)) for post_id in their_posts) if listed else ()
        return ServerUpdate(their_kinds, posts, listed, tuple(dict.fromkeys(entry["user_name"] for entry in theirs)))

    def _refresh(self, source: Connection, kinds: set[str], post_ids: list[str] | None, everything: bool) -> None:
        """Read again from the server the tables (or the posts) the changes touched, into the private copy."""
        from sqlalchemy import delete

        from smplanner.storage.copying import copy_rows
        from smplanner.storage.schema import core_table

        whole: set[tables.Table] = set()
        if everything or EVERYTHING in kinds:
            whole.update(t for kind_tables in TABLES_OF_KIND.values() for t in kind_tables)
        for kind in kinds & set(TABLES_OF_KIND):
            if kind != POSTS_KIND:
                whole.update(TABLES_OF_KIND[kind])
        if post_ids is None and (POSTS_KIND in kinds or whole):
            whole.update(TABLES_OF_KIND[POSTS_KIND])
        with _mirror_engine(self._mirror).begin() as target:
            names = [t.name for t in tables.TABLES if t in whole]
            for name in names:
                target.execute(delete(core_table(_by_name(name))))
            copy_rows(source, target, names)
            if post_ids and tables.POST not in whole:
                _copy_posts(source, target, post_ids)

    # -- the rest of what a plan does ---------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.path.name

    def check_content(self) -> None:
        """Read everything the plan holds through the reader, so that a value no plan may hold raises now."""
        self.reader.load_plan()
        self.reader.posts()
        self.reader.holiday_overrides()
        self.reader.market_events()

    def check_integrity(self) -> None:
        """Read the whole plan from the server again and check every value (the server keeps its own data sound)."""
        fresh = _blank_mirror(self.revision)
        try:
            with server_errors(self.path), self._snapshot() as source, _mirror_engine(fresh).begin() as target:
                from smplanner.storage.copying import copy_rows

                copy_rows(source, target)
            checked = PlanReader(fresh, self.path)
            checked.load_plan()
            checked.posts()
            checked.holiday_overrides()
            checked.market_events()
        finally:
            fresh.close()

    def save_copy(self, destination: Path) -> None:
        """Write the plan as a plan file (a backup, or a copy to work on alone), checked once written."""
        from smplanner.storage.plan_copy import copy_plan

        copy_plan(self.path, Path(destination), replace=True)

    def prepare_writing(self) -> None:
        """Nothing to make ahead (`PlanFile.prepare_writing`): connecting to the server loaded SQLAlchemy already."""

    def close(self) -> None:
        if self._engine is None:
            return
        if not self.read_only:
            try:
                from sqlalchemy import delete

                from smplanner.storage.schema import core_table

                sessions = core_table(tables.PLAN_SESSION)
                with self._engine.begin() as connection:
                    connection.execute(delete(sessions).where(sessions.c.session == self.session))
            except Exception:  # noqa: BLE001 - a server gone away forgets the row by itself (FORGOTTEN_AFTER)
                pass
        self.stop_listening()
        self._engine.dispose()
        self._engine = None  # type: ignore[assignment]
        self._mirror.close()

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    @property
    def connection(self) -> sqlite3.Connection:
        """The private copy (what backups of a file would copy; a server plan's backup is a copy as a file)."""
        return self._mirror

    def data_version(self) -> int:
        return self._last_seq

    def __enter__(self) -> ServerPlan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- notifications: other people's changes, as soon as they are committed ------------------------------------

    def listen(self) -> int:
        """Start listening to the plan's notification channel; returns the socket to watch (its file descriptor)."""
        import psycopg

        if self._listener is None:
            with server_errors(self.path):
                listener = psycopg.connect(self.path.conninfo(), autocommit=True)
                row = listener.execute("SELECT current_schema()").fetchone()
                schema = row[0] if row is not None else "public"
                listener.execute('LISTEN "smplanner:{schema}"'.format(schema=schema))
            self._listener = listener
        return int(self._listener.fileno())

    def notified(self) -> bool:
        """Whether a change was announced since the last call (without waiting); False when not listening."""
        if self._listener is None:
            return False
        try:
            return bool(list(self._listener.notifies(timeout=0)))
        except Exception:  # noqa: BLE001 - a broken listening connection: polling keeps the copy current
            self.stop_listening()
            return True

    def stop_listening(self) -> None:
        if self._listener is not None:
            try:
                self._listener.close()
            finally:
                self._listener = None


def _by_name(name: str) -> tables.Table:
    return next(t for t in tables.TABLES if t.name == name)


def _copy_posts(source: Connection, target: Connection, post_ids: list[str]) -> None:
    """Replace some posts (and their versions) in the private copy by the server's."""
    from sqlalchemy import delete, select

    from smplanner.storage.schema import core_table

    posts, versions = core_table(tables.POST), core_table(tables.POST_VERSION)
    for first in range(0, len(post_ids), 500):
        chunk = post_ids[first:first + 500]
        target.execute(delete(versions).where(versions.c.post_id.in_(chunk)))
        target.execute(delete(posts).where(posts.c.id.in_(chunk)))
        for table, column in ((posts, posts.c.id), (versions, versions.c.post_id)):
            rows = [dict(row) for row in source.execute(select(table).where(column.in_(chunk))).mappings()]
            if rows:
                target.execute(table.insert(), rows)


def _blank_mirror(revision: str) -> sqlite3.Connection:
    """An empty in-memory database in a plan's format (the current one made from the models, an older one by the
    migrations), for the private copy of a server plan."""
    mirror = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    mirror.execute("PRAGMA application_id={id}".format(id=APPLICATION_ID))  # a copy of it as a file is a plan file
    if revision == migrating.HEAD_REVISION:
        from smplanner.storage.schema import Base

        with _mirror_engine(mirror).begin() as connection:
            Base.metadata.create_all(connection)
        mirror.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        mirror.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    else:
        migrating.upgrade(mirror, target=revision)
    return mirror


def _mirror_engine(mirror: sqlite3.Connection) -> Engine:
    return migrating.engine_for(mirror)


def create_server_plan(
    address: ServerAddress,
    plan: Plan,
    posts: list[Post] | tuple[Post, ...] = (),
    holiday_overrides: list[HolidayOverride] | tuple[HolidayOverride, ...] = (),
    market_events: list[MarketEvent] | tuple[MarketEvent, ...] = (),
) -> None:
    """Make a new plan in the address's schema (made if missing; it must hold no plan), whole or not at all."""
    import tzdata

    mirror = _blank_mirror(migrating.HEAD_REVISION)
    try:
        repository = PlanRepository(_mirror_engine(mirror), PlanReader(mirror, address))
        repository.write_plan(plan, list(posts), list(holiday_overrides), list(market_events))
        repository.set_meta("tzdata_version", tzdata.IANA_VERSION)
        from smplanner.storage.plan_copy import copy_into_server

        copy_into_server(mirror, address)
    finally:
        mirror.close()
