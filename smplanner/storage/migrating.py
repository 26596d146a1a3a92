"""Bringing a plan written by an older smplanner up to the current format, with Alembic."""

from __future__ import annotations

import sqlite3
from pathlib import Path

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD_REVISION = "0008"
"""The newest revision, known without importing Alembic (a test checks it matches the scripts)."""
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")


def engine_for(connection: sqlite3.Connection):  # -> Engine
    """An SQLAlchemy engine over one already-open sqlite3 connection, with explicit BEGIN."""
    from sqlalchemy import create_engine, event  # here, not at the top: opening a plan does not need SQLAlchemy
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # the sqlite3 module's implicit transactions are turned off (isolation_level=None)
        conn.exec_driver_sql("BEGIN")

    return engine


def revision_of(connection: sqlite3.Connection) -> str | None:
    """The Alembic revision stored in a plan, or None when it has none."""
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def upgrade(connection: sqlite3.Connection, script_location: Path = MIGRATIONS, target: str = "head") -> None:
    """Run the migrations on a plan file's connection, with foreign keys off as batch operations require."""
    connection.execute("PRAGMA foreign_keys=OFF")
    engine = engine_for(connection)
    with engine.connect() as sa_connection:
        upgrade_connection(sa_connection, script_location, target)
        sa_connection.commit()


def upgrade_connection(sa_connection, script_location: Path = MIGRATIONS, target: str = "head") -> None:
    """Run the migrations on an SQLAlchemy connection, within the transaction it is in (a server plan's: PostgreSQL
    changes its schema in a transaction, so an upgrade is whole or not at all)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["connection"] = sa_connection
    command.upgrade(config, target)


def head_of(script_location: Path = MIGRATIONS) -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(script_location))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def revisions_of(script_location: Path = MIGRATIONS) -> tuple[str, ...]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(script_location))
    return tuple(reversed([s.revision for s in ScriptDirectory.from_config(config).walk_revisions()]))
