"""Moving a plan between a file and a server, either way, checked once copied.

The source is read as a snapshot (a plan file that may be open in the app meanwhile, or a server plan others are
working on) and brought up to this smplanner's format in that private copy. A plan file is written whole beside its
final name and renamed into place; a server plan is made in one transaction (its schema, the migrations, every
row), so it appears complete or not at all. Then the copy is read back and compared with the source: the rows of
every table, and the plan itself (the decisions, every post with its versions, the holiday corrections and events,
the settings). A copy that differs is removed, and the error says so.
"""

from __future__ import annotations

import sqlite3
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from smplanner.i18n import _
from smplanner.storage import migrating, tables
from smplanner.storage.errors import NotAPlanError, PlanFileError
from smplanner.storage.opening import open_plan, plan_address
from smplanner.storage.server_address import ServerAddress

if TYPE_CHECKING:
    from smplanner.storage.opening import OpenPlan


@dataclass(frozen=True, slots=True)
class CopyReport:
    """What a copy holds: the firm, its posts, and the rows of every table (the same on both sides: checked)."""

    firm: str
    posts: int
    rows: dict[str, int]


def _content(plan: OpenPlan) -> tuple:
    """Everything a plan says, as domain objects with their stored versions, and its facts; equal for equal plans."""
    reader = plan.reader
    posts = reader.posts()
    return (
        reader.load_plan(),
        [(post, post.revision) for post in posts],
        [(override, override.revision) for override in reader.holiday_overrides()],
        [(event, event.revision) for event in reader.market_events()],
        {key: reader.meta(key) for key in ("workload_settings", "tzdata_version")},
    )


def _row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """The rows of every copied table of a plan's SQLite database (a file's snapshot or a server plan's copy)."""
    from smplanner.storage.copying import COPIED

    return {table.name: int(connection.execute("SELECT count(*) FROM {table}".format(table=table.name)).fetchone()[0])
            for table in COPIED}


def copy_plan(source: str | Path | ServerAddress, target: str | Path | ServerAddress, *,
              replace: bool = False, opened: OpenPlan | None = None) -> CopyReport:
    """Copy a plan from a file or a server to a file or a server, then check the copy (see the module's docstring).

    A target file that exists is replaced only with `replace` (and never while someone has it open); a target
    server schema must hold nothing yet. `opened` is the source when this program has it open already (a window's
    plan): it is read as it is, not opened again.
    """
    source_address, target_address = plan_address(source), plan_address(target)
    if str(source_address) == str(target_address) or (
            isinstance(source_address, Path) and isinstance(target_address, Path)
            and target_address.exists() and source_address.resolve() == target_address.resolve()):
        raise PlanFileError(target_address, _("that is the plan itself; choose another name."))
    with nullcontext(opened) if opened is not None else open_plan(source_address, read_only=True) as original:
        expected = _content(original)
        counts = _row_counts(original.connection)
        if isinstance(target_address, ServerAddress):
            copy_into_server(original.connection, target_address)
        else:
            _copy_into_file(original.connection, target_address, replace, source_address)
        try:
            with open_plan(target_address, read_only=True) as copy:
                found, copied = _content(copy), _row_counts(copy.connection)
        except PlanFileError:
            _remove(target_address)
            raise
        if found != expected or copied != counts:
            _remove(target_address)
            differing = sorted(name for name in counts if counts[name] != copied.get(name))
            raise PlanFileError(target_address, _(
                "the copy did not read back as the plan ({tables}); it was removed.").format(
                tables=", ".join(differing) or _("the same rows, other values")))
    return CopyReport(expected[0].firm.name, counts[tables.POST.name], counts)


def _copy_into_file(connection: sqlite3.Connection, path: Path, replace: bool, source: Path | ServerAddress) -> None:
    from smplanner.storage import sqlite_file
    from smplanner.storage.plan_file import PlanFile

    if path.is_dir():
        raise NotAPlanError(path, _("it is a folder, not a plan file."))
    if path.exists():
        if not replace:
            raise PlanFileError(path, _("a file with that name already exists."))
        PlanFile.ensure_not_in_use(path)
    inputs = [source] if isinstance(source, Path) else []
    try:
        sqlite_file.copy_database(connection, path, inputs=inputs)
    except sqlite3.Error as error:
        raise PlanFileError(path, _("it could not be written ({error}).").format(error=error)) from None


def copy_into_server(connection: sqlite3.Connection, address: ServerAddress) -> None:
    """Make a server plan from a plan's SQLite database (in this smplanner's format), in one transaction: the schema
    (when the address names one the database lacks), the migrations, then every row. The schema must hold nothing."""
    from sqlalchemy import text

    from smplanner.storage.copying import copy_rows, table_names
    from smplanner.storage.server_plan import _take_turn, make_engine, server_errors

    engine = make_engine(address)
    try:
        with server_errors(address), engine.begin() as target:
            if address.schema is not None:
                target.execute(text('CREATE SCHEMA IF NOT EXISTS "{schema}"'.format(schema=address.schema)))
            schema = target.execute(text("SELECT current_schema()")).scalar()
            if schema is None:
                raise NotAPlanError(address, _("the database has no schema to hold the plan: name one after # in the "
                                               "address."))
            _take_turn(target)
            present = table_names(target)
            if present:
                what = _("a plan") if "alembic_version" in present and "firm" in present else _("other tables")
                raise PlanFileError(address, _(
                    "the schema \u201c{schema}\u201d already holds {what}; copy into an empty schema (name a new one "
                    "after # in the address).").format(schema=schema, what=what))
            migrating.upgrade_connection(target)
            with migrating.engine_for(connection).connect() as source:
                copy_rows(source, target)
    finally:
        engine.dispose()


def _remove(address: Path | ServerAddress) -> None:
    """Take away a copy that did not check out (it was made by this copy: nothing else is lost)."""
    if isinstance(address, Path):
        address.unlink(missing_ok=True)
        return
    from sqlalchemy import text

    from smplanner.storage.copying import table_names
    from smplanner.storage.server_plan import make_engine

    engine = make_engine(address)
    try:
        with engine.begin() as connection:
            for name in ["alembic_version", *reversed([t.name for t in tables.TABLES])]:
                if name in table_names(connection):
                    connection.execute(text('DROP TABLE "{name}" CASCADE'.format(name=name)))
    finally:
        engine.dispose()
