"""The SQLAlchemy side of the plan tables: Core tables and ORM row classes built from `tables.py`.

The ORM never leaves storage/. Nothing here names a column: the description in `tables.py` is the only place that does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from smplanner.domain.plan import REVISION
from smplanner.storage.tables import TABLES, Index, Stored, Table

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DecimalText(sa.TypeDecorator[Decimal]):
    """A Decimal stored as text, so money keeps its exact value in SQLite."""

    impl = sa.String(32)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value)


def _sql_type(stored: Stored, length: int | None) -> Any:
    """The portable SQLAlchemy type of a stored type (Float, not Double: migration 0001 made REAL columns)."""
    if stored is Stored.STRING:
        return sa.String(length)
    return {
        Stored.TEXT: sa.Text,
        Stored.INTEGER: sa.Integer,
        Stored.FLOAT: sa.Float,
        Stored.BOOLEAN: sa.Boolean,
        Stored.DATE: sa.Date,
        Stored.DATETIME: sa.DateTime,
        Stored.MONEY: DecimalText,
        Stored.JSON: sa.JSON,
    }[stored]()


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def _core_table(table: Table) -> sa.Table:
    columns: list[sa.Column[Any]] = []
    for column in table.columns:
        links = []
        if column.references is not None:
            links.append(sa.ForeignKey(column.references, ondelete=column.on_delete))
        columns.append(
            sa.Column(
                column.name,
                _sql_type(column.stored, column.length),
                *links,
                primary_key=column.primary_key,
                nullable=column.nullable,
            )
        )
    name = table.name
    indexes = [
        sa.Index(index.name, *index.columns) if isinstance(index, Index)
        else sa.Index("ix_{table}_{columns}".format(table=name, columns="_".join(index)), *index)
        for index in table.indexes
    ]
    return sa.Table(name, Base.metadata, *columns, *indexes)


def _next_version(version: int | None) -> int:
    """A row is stored at version 0 (as every row written before versions existed), and each change raises it."""
    return 0 if version is None else version + 1


def _row_class(table: Table) -> type[Base]:
    """An ORM class mapped onto the table, for `Session.merge` (an insert-or-update on every back end), with the row's
    version as SQLAlchemy's version counter where the table has one."""
    class_name = "".join(part.title() for part in table.name.split("_")) + "Row"
    core = _core_table(table)
    attributes: dict[str, Any] = {"__table__": core}
    if REVISION in core.c:
        attributes["__mapper_args__"] = {"version_id_col": core.c[REVISION], "version_id_generator": _next_version}
    return type(class_name, (Base,), attributes)


ROW_CLASSES: dict[str, type[Base]] = {table.name: _row_class(table) for table in TABLES}
"""The ORM class of each table, by table name."""


def core_table(table: Table) -> sa.Table:
    """The SQLAlchemy Core table of a described table."""
    return Base.metadata.tables[table.name]
