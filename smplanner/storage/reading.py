"""Reading a plan file with the sqlite3 module alone: the app's one read path, fast enough for start-up.

Importing SQLAlchemy and mapping the schema takes about 0.3 s, most of a start-up (tests/benchmarks). So every
read goes through PlanReader, and PlanFile makes its SQLAlchemy repository (for writes) only on first use.

The reader names no column: it selects the columns of `tables.py` by name and turns each stored value into its
domain value with one decoder per stored type (how SQLAlchemy encodes that type in SQLite: ISO text for dates and
datetimes, JSON as text, booleans as 0/1, money as text) and the column's domain form.
tests/storage/test_plan_reader.py reads plans through this reader and through an independent path, field by field.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smplanner.domain.calendar_filter import RANKED_ORDERS, PostOrder, PostQuery
from smplanner.domain.calendar_history import CalendarTarget, ExportedEvent
from smplanner.domain.market_days import HolidayOverride, MarketEvent
from smplanner.domain.plan import DONE_STATUSES, Plan, Post, PostStatus, PostVersion
from smplanner.domain.post_tally import DayLog, MarketTally, Slot, Span, published_order
from smplanner.domain.validation import InvalidValue, check_plan_platforms
from smplanner.i18n import N_, _
from smplanner.storage import tables
from smplanner.storage.errors import PlanContentError, PlanDamagedError, PlanFileError
from smplanner.storage.sqlite_file import in_use_error, is_lock_error
from smplanner.storage.tables import Column, Stored, Table

if TYPE_CHECKING:
    from smplanner.storage.server_address import ServerAddress

SQLITE_DECODERS: dict[Stored, Callable[[Any], Any] | None] = {
    Stored.TEXT: None,
    Stored.STRING: None,
    Stored.INTEGER: None,
    Stored.FLOAT: float,  # a REAL column may hand back an int when the value was written as one
    Stored.BOOLEAN: bool,
    Stored.DATE: date.fromisoformat,
    Stored.DATETIME: datetime.fromisoformat,
    Stored.MONEY: Decimal,
    Stored.JSON: json.loads,
}
"""How each stored type comes out of SQLite, as SQLAlchemy's SQLite dialect writes it (None: as it is)."""


STORED_AS = {
    Stored.TEXT: N_("text"),
    Stored.STRING: N_("text"),
    Stored.INTEGER: N_("a whole number"),
    Stored.FLOAT: N_("a number"),
    Stored.BOOLEAN: N_("true or false"),
    Stored.DATE: N_("a date such as 2027-01-11"),
    Stored.DATETIME: N_("a date and time such as 2027-01-11 09:30:00"),
    Stored.MONEY: N_("an amount such as 120.50"),
    Stored.JSON: N_("a JSON value"),
}
"""What a stored type's values look like, for the message naming a value that is not one."""


def _shown(value: Any, limit: int = 40) -> str:
    text = str(value)
    return "\u201c{text}\u201d".format(text=text if len(text) <= limit else text[:limit] + "\u2026")


def sqlite_datetime(value: datetime) -> str:
    """A naive datetime as SQLAlchemy's SQLite DATETIME stores it, so text comparison orders like time."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _naive_utc(value: datetime) -> datetime:
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


def _decoder(column: Column, *, domain: bool = True) -> Callable[[Any], Any] | None:
    """The one function turning a column's SQLite value (never None) into its domain value, or its stored value
    when `domain` is False; None when the value is already what is wanted."""
    stored = SQLITE_DECODERS[column.stored]
    form = column.form.to_domain if domain else None
    if stored is None or form is None:
        return stored or form
    return lambda value: form(stored(value))


class _RowReader:
    """The SELECT list of one table and how to make a domain object of each of its rows."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = table.read_columns
        self.select = "SELECT {names} FROM {table}".format(
            names=", ".join(c.name for c in self.columns), table=table.name)
        self.order = " ORDER BY " + ", ".join(table.order_by) if table.order_by else ""
        if table.build is None:  # keyword arguments of the domain class, by attribute
            self._fields = tuple((c.attribute or c.name, _decoder(c)) for c in self.columns)
        else:  # stored values by column name, for the table's own builder
            self._fields = tuple((c.name, _decoder(c, domain=False)) for c in self.columns)
        self._check = table.check
        names = [c.name for c in self.columns]
        self._id_at = names.index("id") if "id" in names else None

    def index(self, name: str) -> int:
        """Where a column (by its domain name) is in this reader's SELECT list."""
        return [field for field, _decode in self._fields].index(name)

    def make(self, row: Sequence[Any], **extra: Any) -> Any:
        """The domain object of one row, its values paired with the names it was selected by (`extra`: fields
        that come from elsewhere, such as a post's versions), checked by the validation layer.

        ValueError (InvalidValue from the checks, or a value that cannot be decoded) and TypeError go to
        `problem`, which finds the column at fault.
        """
        values = {
            name: value if decode is None or value is None else decode(value)
            for (name, decode), value in zip(self._fields, row, strict=True)
        }
        if self.table.build is not None:
            made = self.table.build(values)
        else:
            assert self.table.domain is not None
            made = self.table.domain(**values, **extra)
        if self._check is not None:
            self._check(made)
        return made

    def row_id(self, row: Sequence[Any]) -> str:
        return "1" if self._id_at is None else str(row[self._id_at])

    def problem(self, row: Sequence[Any], error: Exception) -> tuple[str | None, str]:
        """The column at fault in a row `make` refused, and what is wrong with its value, in the founder's words."""
        for column, value in zip(self.columns, row, strict=True):
            if value is None:
                continue
            stored = SQLITE_DECODERS[column.stored]
            try:
                decoded = value if stored is None else stored(value)
            except (ValueError, TypeError, ArithmeticError):
                what = _(STORED_AS[column.stored])
                return column.name, _("{value} is not {what}").format(value=_shown(value), what=what)
            try:
                column.domain_value(decoded)
            except InvalidValue as invalid:
                return column.name, invalid.problem
            except (ValueError, TypeError, KeyError, ArithmeticError):
                return column.name, _("{value} is not {what}").format(value=_shown(value), what=_(column.form.what))
        if self.table.build is not None:  # the whole object is in one JSON column
            return next(c.name for c in self.columns if c.stored is Stored.JSON), str(error)
        if isinstance(error, InvalidValue):
            by_field = {c.attribute: c.name for c in self.columns if c.attribute}
            return by_field.get(error.field, error.field), error.problem
        return None, str(error)


_READERS = {table.name: _RowReader(table) for table in tables.TABLES if table.build is not None or table.domain}


_RANKED_COLUMNS = {PostOrder.MARKET: "market_id", PostOrder.PLATFORM: "platform", PostOrder.LANGUAGE: "language",
                   PostOrder.STATUS: "status"}
_RANKED_SQL = {
    **_RANKED_COLUMNS,
    PostOrder.LANGUAGE: "(SELECT language FROM post_version WHERE post_id = post.id ORDER BY position LIMIT 1)",
}
"""Each ranked order's value in SQL, as `calendar_filter.ranked_value` gives it in Python."""

_LOCAL_DAY = "CAST(julianday(substr(local_time, 1, 10)) - 1721424.5 AS INTEGER)"
"""A post's market-local date as an ordinal (day 1 is 0001-01-01), as `date.toordinal` gives it."""


class _Ordinals(dict[str, int]):
    """ISO dates' ordinals, each worked out once (a plan has a few thousand days, and many posts on each)."""

    def __missing__(self, day: str) -> int:
        self[day] = ordinal = date.fromisoformat(day).toordinal()
        return ordinal


def _within(days: list[int], low: int, high: int) -> list[int]:
    """The sorted days from low to high."""
    if not days or (days[0] >= low and days[-1] <= high):
        return days
    return days[bisect_left(days, low):bisect_left(days, high + 1)]


def _logged(log: dict[tuple[Slot, date], DayLog], slot: Slot, status: str, days: list[int]) -> None:
    """Add the days of posts of one status whose moment has passed to a market's log."""
    published, skipped = status == PostStatus.PUBLISHED, status == PostStatus.SKIPPED
    for day, count in Counter(days).items():
        key = (slot, date.fromordinal(day))
        found = DayLog(count, count if published else 0, count if skipped else 0)
        log[key] = log[key].merged(found) if key in log else found


def _cut(days: list[int], buckets: list[int]) -> tuple[list[int], list[int], list[int], list[int]]:
    """Sorted days and their buckets cut into runs: the buckets with a day, how many days each has, and each one's
    first and last day (in bulk: a ten-year plan has some 220,000 days with a post)."""
    counts = Counter(buckets)  # the buckets in order, as the days are
    numbers = list(counts.values())
    ends = list(accumulate(numbers))
    return list(counts), numbers, [days[end - number] for end, number in zip(ends, numbers, strict=True)], [
        days[end - 1] for end in ends]


def _added(counts: dict[Any, dict[int, int]], key: Any, more: dict[int, int]) -> None:
    had = counts.get(key)
    if had is None:
        counts[key] = more
    else:
        for number, count in more.items():
            had[number] = had.get(number, 0) + count


def _spans(cut: tuple[list[int], ...]) -> dict[int, Span]:
    """The spans per bucket of a run of days cut by `_cut`."""
    return dict(zip(cut[0], map(Span, cut[1], cut[2], cut[3]), strict=True))


def _spanned(spans: dict[Any, dict[int, Span]], slot: Any, more: dict[int, Span]) -> None:
    """Add spans per bucket to a slot's."""
    had = spans.get(slot)
    if had is None:
        spans[slot] = dict(more)
    else:
        for bucket, span in more.items():
            had[bucket] = had[bucket].merged(span) if bucket in had else span


def _market_days(first: date | None, last: date | None) -> tuple[list[str], list[object]]:
    """The conditions on posts dated (market-local) from first to last, inclusive (None leaves a side open).

    A market's local date is its wall-clock time's date; its UTC date can be a day either side of it, so the
    instant is bounded a day wider first (the index on instants finds the rows), then the local date exactly.
    """
    conditions: list[str] = []
    parameters: list[object] = []
    if first is not None:
        conditions += ["utc_instant >= ?", "local_time >= ?"]
        parameters += [(first - timedelta(days=1)).isoformat(), first.isoformat()]
    if last is not None:
        conditions += ["utc_instant < ?", "local_time < ?"]
        parameters += [(last + timedelta(days=2)).isoformat(), (last + timedelta(days=1)).isoformat()]
    return conditions, parameters


IDS_CHUNK = 500
"""Ids per `IN (...)` list, well under SQLite's limit on bound parameters."""


def _casefold(value: str | None) -> str | None:
    return None if value is None else value.casefold()


class PlanReader:
    """Read-only queries on an open plan connection (no transaction of their own: each is one SELECT).

    A value that no plan may hold raises PlanContentError naming the table, the row and the field.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path | ServerAddress) -> None:
        self._connection = connection
        self._path = Path(path) if isinstance(path, str) else path  # a server plan's reader: its address
        # Searching and sorting by title compare case-folded text, as Python does (SQLite's lower() knows ASCII only).
        connection.create_function("casefold", 1, _casefold, deterministic=True)

    def _read(self, table: Table, where: str = "", parameters: Sequence[object] = (), *, order: str | None = None,
              limit: int | None = None) -> list[Any]:
        reader = _READERS[table.name]
        sql = reader.select + where + (reader.order if order is None else order)
        if limit is not None:
            sql += " LIMIT ?"
            parameters = (*parameters, limit)
        return [self._made(reader, row) for row in self._rows(table, sql, parameters)]

    def _rows(self, table: Table, sql: str, parameters: Sequence[object]) -> list[Any]:
        try:
            return self._connection.execute(sql, tuple(parameters)).fetchall()
        except sqlite3.OperationalError as error:
            raise self._schema_error(table, error) from None

    def _made(self, reader: _RowReader, row: Sequence[Any], row_id: str | None = None, **extra: Any) -> Any:
        """The domain object of a row; PlanContentError naming the table, row and field when it holds a value no
        plan may hold."""
        try:
            return reader.make(row, **extra)
        except (ValueError, TypeError, KeyError, ArithmeticError) as error:
            column, problem = reader.problem(row, error)
            raise PlanContentError(self._path, reader.table.name, row_id or reader.row_id(row), column,
                                   problem) from None

    def _read_posts(self, where: str = "", parameters: Sequence[object] = (), *, order: str | None = None,
                    limit: int | None = None) -> list[Post]:
        """Posts with their versions: the posts' rows, and the versions of the same posts in a second SELECT."""
        posts = _READERS[tables.POST.name]
        sql = posts.select + where + (posts.order if order is None else order)
        if limit is not None:
            sql += " LIMIT ?"
            parameters = (*parameters, limit)
        rows = self._rows(tables.POST, sql, parameters)
        if not rows:
            return []
        chosen = "SELECT id FROM post" + where + (posts.order if order is None else order)
        if limit is not None:
            chosen += " LIMIT ?"
        versions = self._versions(" WHERE post_id IN ({chosen})".format(chosen=chosen), parameters)
        at = posts.index("id")
        return [self._made(posts, row, versions=versions.get(row[at], ())) for row in rows]

    def _versions(self, where: str, parameters: Sequence[object]) -> dict[str, tuple[PostVersion, ...]]:
        reader = _READERS[tables.POST_VERSION.name]  # its SELECT list leaves out post_id, which the version lacks
        sql = reader.select.replace("SELECT ", "SELECT post_id, ", 1) + where + reader.order
        found: dict[str, list[PostVersion]] = {}
        for row in self._rows(tables.POST_VERSION, sql, parameters):
            found.setdefault(row[0], []).append(self._made(reader, row[1:], row_id=str(row[0])))
        return {post_id: tuple(versions) for post_id, versions in found.items()}

    def _schema_error(self, table: Table, error: sqlite3.OperationalError) -> PlanFileError:
        """A table or a column the plan should have and has not (or another failure of SQLite)."""
        message = str(error)
        if message.startswith("no such column: "):
            column = message.removeprefix("no such column: ")
            return PlanContentError(self._path, table.name, None, column, _("the column is missing"))
        if message.startswith("no such table: "):
            return PlanContentError(self._path, table.name, None, None, _("the table is missing"))
        if is_lock_error(error):
            return in_use_error(Path(str(self._path)))
        return PlanDamagedError(self._path, _("SQLite reports: {error}.").format(error=error))

    @property
    def where(self) -> Any:
        """The plan file's path (or the server plan's address) that error messages name."""
        return self._path

    def meta(self, key: str) -> str | None:
        row = self._connection.execute("SELECT value FROM plan_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def meta_version(self, key: str) -> int | None:
        """The version of a fact's row (None when the plan has no such fact)."""
        row = self._connection.execute("SELECT revision FROM plan_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def load_plan(self) -> Plan:
        firms = self._read(tables.FIRM, " WHERE id = 1")
        strategies = self._read(tables.STRATEGY, " WHERE id = 1")
        for table, found in ((tables.FIRM, firms), (tables.STRATEGY, strategies)):
            if not found:
                raise PlanContentError(self._path, table.name, None, None, _("its one row is missing"))
        plan = Plan(
            firm=firms[0],
            strategy=strategies[0],
            markets=tuple(self._read(tables.MARKET)),
            actors=tuple(self._read(tables.ACTOR)),
            presences=tuple(self._read(tables.PRESENCE)),
            content_types=tuple(self._read(tables.CONTENT_TYPE)),
            cadence_rules=tuple(self._read(tables.CADENCE_RULE)),
            own_platforms=tuple(self._read(tables.OWN_PLATFORM)),
        )
        try:
            check_plan_platforms(plan)
        except InvalidValue as error:  # a check of the whole plan, on one of its decisions
            raise self.content_error(error) from None
        return plan

    def content_error(self, error: InvalidValue) -> PlanContentError:
        """The PlanContentError of a value a check of the whole plan refused in one of its decisions (the subject)."""
        table = next(t for t in tables.TABLES if t.domain is type(error.subject))
        row = "1" if table in (tables.FIRM, tables.STRATEGY) else getattr(error.subject, "id", None)
        column = next((c.name for c in table.columns if c.attribute == error.field), error.field)
        return PlanContentError(self._path, table.name, row, column, error.problem)

    def content_digest(self) -> str:
        """A SHA-256 of every row of every table but the file's own facts (plan_meta) and a server plan's users: equal
        digests, equal plans."""
        import hashlib

        digest = hashlib.sha256()
        for table in tables.TABLES:
            if table is tables.PLAN_META or table in tables.SERVER_TABLES:
                continue
            keys = ", ".join(c.name for c in table.columns if c.primary_key)
            sql = "SELECT {names} FROM {table} ORDER BY {keys}".format(
                names=", ".join(table.column_names), table=table.name, keys=keys)
            digest.update(table.name.encode("utf-8"))
            try:
                rows = self._connection.execute(sql).fetchall()
            except sqlite3.OperationalError as error:
                raise self._schema_error(table, error) from None
            for row in rows:
                digest.update(repr(row).encode("utf-8"))
        return digest.hexdigest()

    def count_posts(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM post").fetchone()[0])

    def overdue_posts(self, now_utc: datetime, limit: int | None = None) -> tuple[int, list[Post]]:
        """How many posts are neither published nor skipped though their moment (naive UTC) has passed, and the
        latest `limit` of them (all by default), by instant."""
        where = " WHERE status NOT IN (?, ?) AND utc_instant < ?"
        parameters = [str(status) for status in sorted(DONE_STATUSES)] + [sqlite_datetime(now_utc)]
        count = int(self._connection.execute("SELECT count(*) FROM post" + where, parameters).fetchone()[0])
        latest = self._read_posts(where, parameters, order=" ORDER BY utc_instant DESC, id DESC", limit=limit)
        return count, latest[::-1]

    def count_hand_posts_by_market(self) -> dict[str, int]:
        """Per market id, the posts the founder made by hand or edited: what removing the market would lose."""
        rows = self._connection.execute(
            "SELECT market_id, count(*) FROM post WHERE rule_id IS NULL OR edited GROUP BY market_id"
        ).fetchall()
        return {market_id: int(count) for market_id, count in rows}

    def posts(
        self,
        start_utc: datetime | None = None,
        end_utc: datetime | None = None,
        market_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[Post]:
        """Posts ordered by instant, optionally from start (inclusive) to end (exclusive), as naive UTC bounds."""
        conditions: list[str] = []
        parameters: list[object] = []
        if start_utc is not None:
            conditions.append("utc_instant >= ?")
            parameters.append(sqlite_datetime(start_utc))
        if end_utc is not None:
            conditions.append("utc_instant < ?")
            parameters.append(sqlite_datetime(end_utc))
        if market_ids is not None:
            conditions.append("market_id IN ({marks})".format(marks=", ".join("?" * len(market_ids))))
            parameters.extend(market_ids)
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        return self._read_posts(where, parameters, limit=limit)

    def post(self, post_id: str) -> Post | None:
        found = self._read_posts(" WHERE id = ?", (post_id,), order="")
        return found[0] if found else None

    def posts_with_ids(self, post_ids: Sequence[str]) -> list[Post]:
        """The stored posts among these ids, in the order of the ids (ids no longer stored are left out)."""
        found: dict[str, Post] = {}
        for first in range(0, len(post_ids), IDS_CHUNK):
            chunk = post_ids[first:first + IDS_CHUNK]
            where = " WHERE id IN ({marks})".format(marks=", ".join("?" * len(chunk)))
            found.update((post.id, post) for post in self._read_posts(where, chunk, order=""))
        return [found[post_id] for post_id in post_ids if post_id in found]

    def post_ids(self, query: PostQuery, first: int = 0, limit: int | None = None, found: int | None = None
                 ) -> list[str]:
        """The ids of the posts a query finds, in its order (not for the orders by advice: see `PostQuery`): all of
        them, or `limit` from the `first`. Given how many it finds (`found`), a page nearer the end is read from the
        end, in the reverse order: SQLite steps over the rows an offset skips one by one."""
        if limit is not None and found is not None and first + limit // 2 > found // 2:
            last = min(first + limit, found)
            backwards = dataclasses.replace(query, descending=not query.descending)
            return self.post_ids(backwards, found - last, last - first)[::-1]
        where, parameters = self._query_where(query)
        sql = "SELECT id FROM post{where} ORDER BY {order}".format(where=where, order=self._query_order(query,
                                                                                                     parameters))
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            parameters += [limit, first]
        return [row[0] for row in self._connection.execute(sql, parameters)]

    @staticmethod
    def pages_cheaply(query: PostQuery) -> bool:
        """Whether a page of the posts a query finds costs a walk along the index of instants, not a search or a sort
        of every post: in time order, without a search or the warnings (see `post_ids` and `count_ahead`)."""
        return query.order is PostOrder.TIME and not query.folded_search and not query.needs_advice

    def count_ahead(self, query: PostQuery, post: Post, leaving_out: Sequence[str] = ()) -> int:
        """How many posts a query in time order finds ahead of this post (itself and `leaving_out` not counted):
        its row, when it is found."""
        if not self.pages_cheaply(query):
            raise ValueError("storage counts ahead in time order only, not by {order}".format(order=query.order))
        where, parameters = self._query_where(query)
        others = [post.id, *leaving_out]
        conditions = ["(utc_instant, id) {op} (?, ?)".format(op=">" if query.descending else "<"),
                      "id NOT IN ({marks})".format(marks=", ".join("?" * len(others)))]
        parameters += [sqlite_datetime(_naive_utc(post.instant)), post.id, *others]
        sql = "SELECT count(*) FROM post{where}{joint}{conditions}".format(
            where=where, joint=" AND " if where else " WHERE ", conditions=" AND ".join(conditions))
        return int(self._connection.execute(sql, parameters).fetchone()[0])

    def ranked_values(self, order: PostOrder) -> list[str]:
        """The distinct values the posts hold for a ranked order (see `calendar_filter.ranked_value`)."""
        if order not in RANKED_ORDERS:
            raise ValueError("not an order by ranked values: {order}".format(order=order))
        source = "post_version" if order is PostOrder.LANGUAGE else "post"
        return [row[0] for row in self._connection.execute(
            "SELECT DISTINCT {column} FROM {source}".format(column=_RANKED_COLUMNS[order], source=source))]

    def count_found(self, query: PostQuery) -> int:
        """How many posts a query finds (its warnings-only filter aside)."""
        where, parameters = self._query_where(query)
        return int(self._connection.execute("SELECT count(*) FROM post" + where, parameters).fetchone()[0])

    def found_posts(self, query: PostQuery, chunk: int = 2000) -> Iterator[Post]:
        """The posts a query finds by instant (its warnings-only filter aside), read a chunk at a time."""
        where, parameters = self._query_where(query)
        reader = _READERS[tables.POST.name]
        cursor = self._connection.execute(reader.select + where + " ORDER BY utc_instant, id", parameters)
        at = reader.index("id")
        while rows := cursor.fetchmany(chunk):
            ids = [row[at] for row in rows]
            versions: dict[str, tuple[PostVersion, ...]] = {}
            for first in range(0, len(ids), IDS_CHUNK):
                part = ids[first:first + IDS_CHUNK]
                versions.update(self._versions(" WHERE post_id IN ({marks})".format(marks=", ".join("?" * len(part))),
                                               part))
            yield from (self._made(reader, row, versions=versions.get(row[at], ())) for row in rows)

    @staticmethod
    def _query_where(query: PostQuery) -> tuple[str, list[object]]:
        conditions: list[str] = []
        parameters: list[object] = []
        if query.start_utc is not None:
            conditions.append("utc_instant >= ?")
            parameters.append(sqlite_datetime(_naive_utc(query.start_utc)))
        if query.end_utc is not None:
            conditions.append("utc_instant < ?")
            parameters.append(sqlite_datetime(_naive_utc(query.end_utc)))
        if query.first_day is not None or query.last_day is not None:
            days, day_values = _market_days(query.first_day, query.last_day)
            conditions += days
            parameters += day_values
        for column, values in (("market_id", query.filter.markets), ("platform", query.filter.platforms),
                               ("status", query.filter.statuses)):
            if values:
                conditions.append("{column} IN ({marks})".format(column=column, marks=", ".join("?" * len(values))))
                parameters.extend(sorted(str(value) for value in values))
        needle = query.folded_search
        if needle:
            # The versions found in one pass (not looked up post by post): three times faster on a long plan.
            conditions.append("(instr(casefold(title), ?) > 0 OR id IN (SELECT post_id FROM post_version"
                              " WHERE instr(casefold(text), ?) > 0))")
            parameters += [needle, needle]
        return (" WHERE " + " AND ".join(conditions) if conditions else ""), parameters

    @staticmethod
    def _query_order(query: PostQuery, parameters: list[object]) -> str:
        """The ORDER BY of a query (its bound values appended to `parameters`), as `PostQuery.key` orders."""
        if query.order is PostOrder.TITLE:
            keys = ["casefold(title)"]
        elif query.order in RANKED_ORDERS:
            if query.ranks:
                keys = ["CASE {value} {whens} ELSE ? END".format(
                    value=_RANKED_SQL[query.order], whens=" ".join("WHEN ? THEN ?" for _rank in query.ranks))]
                for value, rank in query.ranks:
                    parameters += [value, rank]
                parameters.append(len(query.ranks))
            else:
                keys = []
        elif query.order is PostOrder.TIME:
            keys = []
        else:
            raise ValueError("storage cannot order posts by {order}".format(order=query.order))
        direction = " DESC" if query.descending else ""
        return ", ".join(key + direction for key in (*keys, "utc_instant", "id"))

    # -- counts for the workload and the publishing log (see domain/post_tally.py) ---------------------------------

    def market_tallies(self, now: datetime, bucket_days: int = 7, counted: tuple[date, date] | None = None,
                       logged: tuple[date, date] | None = None, market_id: str | None = None,
                       sent: bool = True) -> dict[str, MarketTally]:
        """Each market's `MarketTally` (of one market, or all): the posts dated (market-local) within `counted`
        counted per week and kind and per slot and bucket; the log of those dated within `logged` (all posts when
        None) whose moment has passed by `now`; and when `sent`, the market's published posts, whatever their
        date."""
        found: dict[str, dict[str, Any]] = defaultdict(dict)
        for name, per_market in zip(("weekly", "alive", "planned", "coming", "log"),
                                    self._post_days(now, bucket_days, counted, logged, market_id), strict=True):
            for market, mapping in per_market.items():
                found[market][name] = mapping
        if sent:
            for market, published in self._published(market_id).items():
                found[market]["published"] = published
        tallies = {key: MarketTally(**found[key]) for key in sorted(found)}
        return {key: share for key, share in tallies.items() if not share.is_empty()}

    def _post_days(self, now: datetime, bucket_days: int, counted: tuple[date, date] | None,
                   logged: tuple[date, date] | None, market_id: str | None) -> tuple[dict[str, dict], ...]:
        """Per market, `MarketTally`'s weekly, alive, planned and coming counts of the posts dated within `counted`,
        and its log of those dated within `logged` (all when None).

        Each post's day comes out of SQL in one list per status and kind of post: for the whole plan from
        ix_post_tally alone (no sorting, no table row), which a ten-year plan needs; the counts per week and bucket
        are cut from those sorted lists. Whether a post's moment has passed by `now` is in question only a day
        either side of `now`'s date (in UTC): those posts are asked for one by one.
        """
        if market_id is not None:  # one market's week, through its instants
            asked = logged or counted
            assert asked is not None, "one market's posts are counted over some days"
            where, parameters = self._local_days(*asked, market_id)
        else:  # the whole plan from ix_post_tally alone: every post (cut to the days asked below)
            where, parameters = "", []
        sql = ("SELECT status, market_id, presence_id, platform, content_type_id,"
               " group_concat(substr(local_time, 1, 10)) FROM post{where}"
               " GROUP BY status, market_id, presence_id, platform, content_type_id").format(where=where)
        low, high = (counted[0].toordinal(), counted[1].toordinal()) if counted else (1, 0)
        logged_low, logged_high = (logged[0].toordinal(), logged[1].toordinal()) if logged else (
            1, date.max.toordinal())
        today = now.astimezone(UTC).date()
        # A post dated two days or more after `now`'s date (in UTC) is still to come in any zone; one dated two days
        # or more before it has passed.
        passed_before, coming_from = (today - timedelta(days=1)).toordinal(), (today + timedelta(days=2)).toordinal()
        near: dict[tuple, tuple[list[int], list[int]]] = {}  # (passed, still to come) per status and kind
        near_where, near_parameters = self._local_days(today - timedelta(days=1), today + timedelta(days=1), market_id)
        for status, *kind, day, passed in self._connection.execute(
                "SELECT status, market_id, presence_id, platform, content_type_id, {day}, utc_instant < ?"
                " FROM post{where}".format(day=_LOCAL_DAY, where=near_where),
                [sqlite_datetime(_naive_utc(now)), *near_parameters]):
            near.setdefault((status, *kind), ([], []))[0 if passed else 1].append(day)
        ordinals = _Ordinals()
        skipped, published = str(PostStatus.SKIPPED), str(PostStatus.PUBLISHED)
        weekly: dict[str, dict] = defaultdict(dict)
        alive_weekly: dict[str, dict] = defaultdict(dict)
        planned: dict[str, dict] = defaultdict(dict)
        coming_spans: dict[str, dict] = defaultdict(dict)
        logs: dict[str, dict] = defaultdict(dict)
        for status, market, presence_id, platform, content_type_id, listed in self._connection.execute(sql, parameters):
            every = sorted(map(ordinals.__getitem__, listed.split(",")))
            group = (status, market, presence_id, platform, content_type_id)
            kind = (presence_id, market, platform, content_type_id)
            slot = kind[:3]
            near_passed, near_coming = near.get(group, ((), ()))
            # The log: the days before `now`'s but one, and those near it whose moment has passed.
            past = [*_within(every[:bisect_left(every, passed_before)], logged_low, logged_high),
                    *(day for day in near_passed if logged_low <= day <= logged_high)]
            if past:
                _logged(logs[market], slot, status, past)
            days = _within(every, low, high)
            if not days:
                continue
            weeks = [(day - 1) // 7 for day in days]
            cut = _cut(days, weeks)
            _added(weekly[market], kind, dict(zip(cut[0], cut[1], strict=True)))
            if status == skipped:
                continue
            _added(alive_weekly[market], kind, dict(zip(cut[0], cut[1], strict=True)))
            buckets = weeks if bucket_days == 7 else [(day - 1) // bucket_days for day in days]
            spans = _spans(cut if bucket_days == 7 else _cut(days, buckets))
            _spanned(planned[market], slot, spans)
            if status == published:
                continue
            # Still to come: the days after `now`'s but one, whose buckets but the first are as planned, and those
            # near it whose moment is `now` or later.
            after = bisect_left(days, coming_from)
            border = buckets[after] if after < len(days) else None
            still = [*sorted(day for day in near_coming if low <= day <= high),
                     *(day for day in days[after:after + bucket_days] if (day - 1) // bucket_days == border)]
            coming = {bucket: span for bucket, span in spans.items() if border is not None and bucket > border}
            if still:
                coming.update(_spans(_cut(still, [(day - 1) // bucket_days for day in still])))
            if coming:
                _spanned(coming_spans[market], slot, dict(sorted(coming.items())))
        return weekly, alive_weekly, planned, coming_spans, logs

    def _published(self, market_id: str | None) -> dict[str, tuple[tuple[Slot, datetime, str], ...]]:
        """Per market (of one market, or all), its published posts' slots, moments and zones."""
        moment = _decoder(tables.POST.by_name["published_at"])
        assert moment is not None  # a stored instant is text, read into a datetime
        published: dict[str, list] = defaultdict(list)
        for presence_id, market, platform, at, zone_name in self._connection.execute(
                "SELECT presence_id, market_id, platform, published_at, zone FROM post WHERE status = ?"
                " AND published_at IS NOT NULL" + (" AND market_id = ?" if market_id is not None else ""),
                (str(PostStatus.PUBLISHED), *([market_id] if market_id is not None else []))):
            published[market].append(((presence_id, market, platform), moment(at), zone_name))
        return {market: published_order(found) for market, found in sorted(published.items())}

    @staticmethod
    def _local_days(first: date, last: date, market_id: str | None) -> tuple[str, list[object]]:
        """The WHERE of posts dated (market-local) from first to last, of one market or all."""
        conditions, parameters = _market_days(first, last)
        if market_id is not None:
            conditions.append("market_id = ?")
            parameters.append(market_id)
        return " WHERE " + " AND ".join(conditions), parameters

    def last_post(self) -> Post | None:
        found = self._read_posts(order=" ORDER BY utc_instant DESC", limit=1)
        return found[0] if found else None

    def holiday_overrides(self) -> list[HolidayOverride]:
        """The founder's corrections of holiday data, every market's, by market then day."""
        return self._read(tables.HOLIDAY_OVERRIDE)

    def market_events(self) -> list[MarketEvent]:
        """The founder's own dated events, every market's, by market then day."""
        return self._read(tables.MARKET_EVENT)

    def calendar_targets(self) -> list[CalendarTarget]:
        """The calendar files the plan was written to, by path."""
        return self._read(tables.CALENDAR_TARGET)

    def exported_events(self, target_id: str) -> dict[str, ExportedEvent]:
        """What one calendar file was last given of each event, by UID."""
        return {event.uid: event for event in self._read(tables.EXPORTED_EVENT, " WHERE target_id = ?", (target_id,))}
