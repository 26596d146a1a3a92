"""Low-level SQLite handling of a plan file: identity checks, connection settings, locking, copies."""

from __future__ import annotations

import os
import sqlite3
import struct
from pathlib import Path

from smplanner.i18n import _
from smplanner.storage.errors import NotAPlanError, PlanAccessError, PlanDamagedError, PlanInUseError

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x534D504C  # "SMPL", at offset 68 of the file header
HEADER_SIZE = 100
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
BUSY_TIMEOUT_MS = 250
"""How long to wait for a lock before saying the plan is in use (Python's own default would be 5 s)."""


def in_use_error(path: Path) -> PlanInUseError:
    return PlanInUseError(path, _("it is already open in another smplanner window or program. Close it there first."))


def is_lock_error(error: sqlite3.Error) -> bool:
    """Whether SQLite failed because another connection holds the file, not because the file is bad."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def has_hot_journal(path: Path) -> bool:
    """Whether an interrupted write left a rollback journal that SQLite will play back when the plan is opened.

    Until it has, the file may legitimately be shorter than its header says (SQLite writes page 1 first at a
    commit); in exclusive locking mode a finished journal is kept with a zeroed header, which is not hot.
    """
    try:
        with open(str(path) + "-journal", "rb") as handle:
            return handle.read(len(JOURNAL_MAGIC)) == JOURNAL_MAGIC
    except OSError:
        return False


def read_header(path: Path, *, need_write: bool) -> bytes:
    """Check, without SQLite and without writing, that a path looks like a plan; return its header."""
    if not path.exists():
        raise NotAPlanError(path, _("the file does not exist."))
    if path.is_dir():
        raise NotAPlanError(path, _("it is a folder, not a plan file."))
    if not path.is_file():
        raise NotAPlanError(path, _("it is not a regular file."))
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except PermissionError:
        raise PlanAccessError(path, _("you do not have permission to read it.")) from None
    except OSError as error:
        raise PlanAccessError(path, _("it cannot be read ({error}).").format(error=error.strerror)) from None
    if not header:
        raise NotAPlanError(path, _("the file is empty."))
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        raise NotAPlanError(path, _("it is not a smplanner plan."))
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id != APPLICATION_ID:
        raise NotAPlanError(path, _("it is a database of another program, not a smplanner plan."))
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    (page_count,) = struct.unpack(">I", header[28:32])
    if page_count and path.stat().st_size < page_size * page_count and not has_hot_journal(path):
        raise PlanDamagedError(path, _("the file is truncated: part of it is missing."))
    if need_write:
        try:
            with path.open("r+b"):
                pass
        except PermissionError:
            raise PlanAccessError(path, _("you do not have permission to change it.")) from None
    return header


def configure(connection: sqlite3.Connection) -> None:
    """Settings of every connection to a plan file.

    A plan is a single-user document that may live in a synced folder (Dropbox, OneDrive, Nextcloud):
    the rollback journal (DELETE) keeps it one self-contained file at rest, with no -wal/-shm companions a
    sync client could separate from it, and WAL does not work on network file systems anyway.
    synchronous=FULL makes every committed edit durable before we report it done; a founder's edits are
    few and small, so the extra fsync costs nothing they can notice. The exclusive locking mode keeps the
    file locked for as long as it is open, so a second instance cannot write behind our back.
    """
    connection.execute("PRAGMA busy_timeout={ms}".format(ms=BUSY_TIMEOUT_MS))  # first: the next pragma may wait
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")


def connect(path: Path) -> sqlite3.Connection:
    """A locked read-write connection to an existing plan; PlanInUseError when someone else holds it."""
    connection = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        configure(connection)
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("COMMIT")
    except sqlite3.OperationalError as error:
        connection.close()
        if is_lock_error(error):
            raise in_use_error(path) from None
        raise PlanDamagedError(path, _("SQLite reports: {error}.").format(error=error)) from None
    except sqlite3.DatabaseError as error:
        connection.close()
        raise PlanDamagedError(path, _("SQLite reports: {error}.").format(error=error)) from None
    return connection


def check_integrity(connection: sqlite3.Connection, path: Path, *, thorough: bool = False) -> None:
    """Raise PlanDamagedError unless SQLite's own check passes."""
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        rows = connection.execute("PRAGMA {pragma}".format(pragma=pragma)).fetchall()
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as error:
        if is_lock_error(error):  # held by another program: in use, not damaged
            raise in_use_error(path) from None
        raise PlanDamagedError(path, _("the file is damaged ({error}).").format(error=error)) from None
    if rows != [("ok",)]:
        raise PlanDamagedError(path, _("the file is damaged ({detail}).").format(detail=rows[0][0]))
    if problems:
        raise PlanDamagedError(path, _("the file is damaged (broken links between its records)."))


def copy_database(source: sqlite3.Connection, destination: Path) -> None:
    """Write a consistent copy of an open database with SQLite's backup API, atomically replacing `destination`."""
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        target = sqlite3.connect(str(partial), isolation_level=None)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            check_integrity(target, destination)
        finally:
            target.close()
        fsync_file(partial)
        os.replace(partial, destination)
        fsync_directory(destination.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def fsync_directory(path: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def memory_copy(source: sqlite3.Connection) -> sqlite3.Connection:
    """A private in-memory snapshot of a database (read-only views, dry-run migrations)."""
    snapshot = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    source.backup(snapshot)
    return snapshot


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file; used to look at a plan without opening it for work."""
    uri = "file:{path}?mode=ro".format(path=path.resolve().as_posix().replace("?", "%3F").replace("#", "%23"))
    return sqlite3.connect(
        uri, uri=True, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
