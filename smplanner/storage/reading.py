"""Reading a plan file with the sqlite3 module alone: the app's one read path, fast enough for start-up.

Importing SQLAlchemy and mapping the schema takes about 0.3 s, most of a start-up (tests/benchmarks). So every
read goes through PlanReader, and PlanFile makes its SQLAlchemy repository (for writes) only on first use.

The reader names no column: it selects the columns of `tables.py` by name and turns each stored value into its
domain value with one decoder per stored type (how SQLAlchemy encodes that type in SQLite: ISO text for dates and
datetimes, JSON as text, booleans as 0/1, money as text) and the column's domain form.
tests/storage/test_plan_reader.py reads plans through this reader and through an independent path, field by field.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from smplanner.domain.market_days import HolidayOverride, MarketEvent
from smplanner.domain.plan import Plan, Post, PostVersion
from smplanner.storage import tables
from smplanner.storage.tables import Column, Stored, Table

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


def sqlite_datetime(value: datetime) -> str:
    """A naive datetime as SQLAlchemy's SQLite DATETIME stores it, so text comparison orders like time."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


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
        columns = table.read_columns
        self.select = "SELECT {names} FROM {table}".format(names=", ".join(c.name for c in columns), table=table.name)
        self.order = " ORDER BY " + ", ".join(table.order_by) if table.order_by else ""
        if table.build is None:  # keyword arguments of the domain class, by attribute
            self._fields = tuple((c.attribute or c.name, _decoder(c)) for c in columns)
        else:  # stored values by column name, for the table's own builder
            self._fields = tuple((c.name, _decoder(c, domain=False)) for c in columns)

    def index(self, name: str) -> int:
        """Where a column (by its domain name) is in this reader's SELECT list."""
        return [field for field, _decode in self._fields].index(name)

    def make(self, row: Sequence[Any], **extra: Any) -> Any:
        """The domain object of one row, its values paired with the names it was selected by (`extra`: fields
        that come from elsewhere, such as a post's versions)."""
        values = {
            name: value if decode is None or value is None else decode(value)
            for (name, decode), value in zip(self._fields, row, strict=True)
        }
        if self.table.build is not None:
            return self.table.build(values)
        assert self.table.domain is not None
        return self.table.domain(**values, **extra)


_READERS = {table.name: _RowReader(table) for table in tables.TABLES if table.build is not None or table.domain}


class PlanReader:
    """Read-only queries on an open plan connection (no transaction of their own: each is one SELECT)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def _read(self, table: Table, where: str = "", parameters: Sequence[object] = (), *, order: str | None = None,
              limit: int | None = None) -> list[Any]:
        reader = _READERS[table.name]
        sql = reader.select + where + (reader.order if order is None else order)
        if limit is not None:
            sql += " LIMIT ?"
            parameters = (*parameters, limit)
        return [reader.make(row) for row in self._connection.execute(sql, tuple(parameters))]

    def _read_posts(self, where: str = "", parameters: Sequence[object] = (), *, order: str | None = None,
                    limit: int | None = None) -> list[Post]:
        """Posts with their versions: the posts' rows, and the versions of the same posts in a second SELECT."""
        posts = _READERS[tables.POST.name]
        sql = posts.select + where + (posts.order if order is None else order)
        if limit is not None:
            sql += " LIMIT ?"
            parameters = (*parameters, limit)
        rows = self._connection.execute(sql, tuple(parameters)).fetchall()
        if not rows:
            return []
        chosen = "SELECT id FROM post" + where + (posts.order if order is None else order)
        if limit is not None:
            chosen += " LIMIT ?"
        versions = self._versions(" WHERE post_id IN ({chosen})".format(chosen=chosen), parameters)
        at = posts.index("id")
        return [posts.make(row, versions=versions.get(row[at], ())) for row in rows]

    def _versions(self, where: str, parameters: Sequence[object]) -> dict[str, tuple[PostVersion, ...]]:
        reader = _READERS[tables.POST_VERSION.name]  # its SELECT list leaves out post_id, which the version lacks
        sql = reader.select.replace("SELECT ", "SELECT post_id, ", 1) + where + reader.order
        found: dict[str, list[PostVersion]] = {}
        for row in self._connection.execute(sql, tuple(parameters)):
            found.setdefault(row[0], []).append(reader.make(row[1:]))
        return {post_id: tuple(versions) for post_id, versions in found.items()}

    def meta(self, key: str) -> str | None:
        row = self._connection.execute("SELECT value FROM plan_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def load_plan(self) -> Plan:
        firms = self._read(tables.FIRM, " WHERE id = 1")
        strategies = self._read(tables.STRATEGY, " WHERE id = 1")
        if not firms or not strategies:
            raise LookupError("plan has no firm or strategy")
        return Plan(
            firm=firms[0],
            strategy=strategies[0],
            markets=tuple(self._read(tables.MARKET)),
            actors=tuple(self._read(tables.ACTOR)),
            presences=tuple(self._read(tables.PRESENCE)),
            content_types=tuple(self._read(tables.CONTENT_TYPE)),
            cadence_rules=tuple(self._read(tables.CADENCE_RULE)),
            own_platforms=tuple(self._read(tables.OWN_PLATFORM)),
        )

    def count_posts(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM post").fetchone()[0])

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

    def last_post(self) -> Post | None:
        found = self._read_posts(order=" ORDER BY utc_instant DESC", limit=1)
        return found[0] if found else None

    def holiday_overrides(self) -> list[HolidayOverride]:
        """The founder's corrections of holiday data, every market's, by market then day."""
        return self._read(tables.HOLIDAY_OVERRIDE)

    def market_events(self) -> list[MarketEvent]:
        """The founder's own dated events, every market's, by market then day."""
        return self._read(tables.MARKET_EVENT)
