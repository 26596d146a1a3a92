"""Copying a plan's rows from one database to another through SQLAlchemy: a file to a server, a server to a file, a
server plan into the private copy a window reads.

Rows go table by table, parents first, as SQLAlchemy reads and writes each portable type on either back end, so a
copy holds the same values whatever the two back ends are. The tables of a server plan's users (who has it open,
what changed) are left out: they are not the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, MetaData, Table, func, select

from smplanner.storage import tables
from smplanner.storage.schema import core_table

COPIED: tuple[tables.Table, ...] = tuple(t for t in tables.TABLES if t not in tables.SERVER_TABLES)
"""The tables a copy of a plan holds: its content and its own facts (plan_meta)."""
CHUNK = 5000
"""Rows read and written at a time."""


def _table(name: str, source: Connection, reflected: MetaData | None) -> Table:
    if reflected is None:
        return core_table(tables.TABLES[[t.name for t in tables.TABLES].index(name)])
    return reflected.tables[name]


def copy_rows(source: Connection, target: Connection, names: Iterable[str] | None = None, *,
              current: bool = True) -> dict[str, int]:
    """Copy every row of the plan's tables (or of those named) from one connection to the other, within the
    transactions they are in; returns the rows copied per table.

    `current`: both databases are in the format this smplanner writes (the tables are taken from `tables.py`);
    otherwise the source's tables are read as they are (an older format), and the target must have the same."""
    reflected = None
    wanted = [t.name for t in COPIED] if names is None else list(names)
    if not current:
        reflected = MetaData()
        reflected.reflect(source, only=[name for name in wanted if name in _table_names(source)])
        wanted = [name for name in wanted if name in reflected.tables]
    counts: dict[str, int] = {}
    for name in wanted:
        table = _table(name, source, reflected)
        counts[name] = 0
        write = _sqlite_writer(table, target) if target.dialect.name == "sqlite" else None
        result = source.execute(select(table))
        while rows := result.fetchmany(CHUNK):
            if write is not None:
                write(rows)
            else:
                target.execute(table.insert(), [dict(row._mapping) for row in rows])
            counts[name] += len(rows)
    return counts


def _sqlite_writer(table: Table, target: Connection) -> Callable[[Sequence[Any]], None]:
    """Rows into a SQLite table through the driver's executemany, each value made as SQLAlchemy's SQLite dialect
    makes it (its bind processors): the same stored values as `table.insert()`, without building a statement's
    parameters row by row (a server plan's whole copy is read this way when it opens)."""
    dialect = target.dialect
    processors = [column.type.dialect_impl(dialect).bind_processor(dialect) for column in table.columns]
    statement = "INSERT INTO {table} ({columns}) VALUES ({marks})".format(
        table=dialect.identifier_preparer.format_table(table),
        columns=", ".join(dialect.identifier_preparer.format_column(column) for column in table.columns),
        marks=", ".join("?" for _column in table.columns))
    driver = target.connection.driver_connection
    assert driver is not None  # an open connection
    cursor = driver.cursor()

    def write(rows: Sequence[Any]) -> None:
        cursor.executemany(statement, [
            tuple(value if process is None else process(value)
                  for value, process in zip(row, processors, strict=True))
            for row in rows])

    return write


def row_counts(connection: Connection, names: Iterable[str] | None = None) -> dict[str, int]:
    """How many rows each of the plan's tables holds."""
    wanted = [t.name for t in COPIED] if names is None else list(names)
    return {name: int(connection.execute(select(func.count()).select_from(_table(name, connection, None))).scalar_one())
            for name in wanted}


def _table_names(connection: Connection) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(connection).get_table_names())


def table_names(connection: Connection) -> set[str]:
    """The tables the connection's database (its current schema) holds."""
    return _table_names(connection)


def rows_of(connection: Connection, table: tables.Table, where: Any = None) -> list[dict[str, Any]]:
    """The stored rows of a table (those `where` lets through), by column name."""
    core = core_table(table)
    statement = select(core) if where is None else select(core).where(where)
    return [dict(row) for row in connection.execute(statement).mappings()]
