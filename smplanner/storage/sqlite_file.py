"""Low-level SQLite handling of a plan file: identity checks, connection settings, locking, copies.

How a plan is shared. A plan is a single-user document that may live in a synced folder (Dropbox, OneDrive,
Nextcloud), so at rest it must be one self-contained file: SQLite's rollback journal (journal_mode=DELETE) exists
only while a change is being committed, and there are never -wal/-shm companions a sync client could separate
from it (WAL does not work on network file systems anyway).

One writer, any number of readers:
- The program that has a plan open for work (the app) holds an advisory lock on the whole file, `flock(LOCK_EX)`,
  from opening to closing (`WriterLock`). A second writer asks for the same lock without waiting and is refused
  with "already open in another smplanner window or program". The kernel drops the lock when the holder dies,
  so a crash never leaves a plan locked, and no lock file is left beside the plan.
- SQLite itself runs in its NORMAL locking mode: the writer holds SQLite's locks only while it reads or commits
  (milliseconds), so read-only commands (`info`, `agenda`, `workload`, the exports, `summary`) can take SQLite's
  shared lock in between and copy a consistent snapshot of the plan with the backup API, while the app is open.
  They never take the advisory lock, except for a moment to recover a crashed writer's journal (see
  `PlanFile._open_snapshot`).
- flock and SQLite's POSIX record locks are independent on Linux and macOS, and closing some other descriptor
  of the file does not drop a flock (it would drop a POSIX lock). Where the system or the file system has no
  flock (Windows, some network shares), the writer falls back to SQLite's EXCLUSIVE locking mode, as before:
  one program at a time, readers included.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import tempfile
import weakref
from collections.abc import Iterable
from pathlib import Path

from smplanner.i18n import _
from smplanner.storage.errors import NotAPlanError, PlanAccessError, PlanDamagedError, PlanFileError, PlanInUseError

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x534D504C  # "SMPL", at offset 68 of the file header
HEADER_SIZE = 100
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
BUSY_TIMEOUT_MS = 250
"""How long a writer waits for SQLite's lock before saying the plan is in use (Python's own default would be 5 s)."""
SQLITE_READONLY_ROLLBACK = 8 | (3 << 8)
READER_TIMEOUT_MS = 5000
"""How long a reader waits for the writer to finish committing a change."""

try:
    import fcntl
except ImportError:
    fcntl = None  # type: ignore[assignment]


def in_use_error(path: Path) -> PlanInUseError:
    return PlanInUseError(path, _("it is already open in another smplanner window or program. Close it there first."))


def is_lock_error(error: sqlite3.Error) -> bool:
    """Whether SQLite failed because another connection holds the file, not because the file is bad."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def needs_journal_recovery(error: sqlite3.Error, path: Path) -> bool:
    """Whether a read-only connection failed because a crashed writer left a journal it may not play back."""
    code = getattr(error, "sqlite_errorcode", None)
    if code == SQLITE_READONLY_ROLLBACK:
        return True
    readonly = code is not None and code & 0xFF == sqlite3.SQLITE_READONLY
    return (readonly or "readonly database" in str(error)) and has_hot_journal(path)


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


def configure(connection: sqlite3.Connection, *, exclusive: bool) -> None:
    """Settings of the writer's connection to a plan file: `exclusive` when it holds no advisory lock (see the
    module's docstring for the locking).

    synchronous=FULL makes every committed edit durable before we report it done; a founder's edits are few and
    small, so the extra fsync costs nothing they can notice.
    """
    connection.execute("PRAGMA busy_timeout={ms}".format(ms=BUSY_TIMEOUT_MS))  # first: the next pragma may wait
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA locking_mode={mode}".format(mode="EXCLUSIVE" if exclusive else "NORMAL"))


class WriterLock:
    """The advisory lock that makes a program the one writer of a plan (see the module's docstring)."""

    def __init__(self, descriptor: int | None) -> None:
        self._descriptor = descriptor

    @property
    def held(self) -> bool:
        """False where the system or the file system has no advisory locks: SQLite's exclusive mode stands in."""
        return self._descriptor is not None

    @classmethod
    def take(cls, path: Path) -> WriterLock:
        """Take the lock without waiting; PlanInUseError when another program holds it."""
        if fcntl is None:
            return cls(None)
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except PermissionError:
            raise PlanAccessError(path, _("you do not have permission to read it.")) from None
        except OSError as error:
            raise PlanAccessError(path, _("it cannot be read ({error}).").format(error=error.strerror)) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise in_use_error(path) from None
        except OSError:  # a file system without locks: SQLite's own locks are all there is
            os.close(descriptor)
            return cls(None)
        return cls(descriptor)

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing the descriptor drops the lock
            self._descriptor = None


def connect(path: Path) -> tuple[sqlite3.Connection, WriterLock]:
    """The writer's connection to an existing plan and its lock; PlanInUseError when another program holds either.

    Connecting plays back a journal a crashed writer left (SQLite does it on the first read).
    """
    lock = WriterLock.take(path)
    try:
        connection = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as error:
        lock.release()
        raise PlanDamagedError(path, _("SQLite reports: {error}.").format(error=error)) from None
    try:
        configure(connection, exclusive=not lock.held)
        # An older smplanner holds SQLite's exclusive lock for as long as it has the plan open: refuse it too.
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("COMMIT")
    except sqlite3.OperationalError as error:
        connection.close()
        lock.release()
        if is_lock_error(error):
            raise in_use_error(path) from None
        raise PlanDamagedError(path, _("SQLite reports: {error}.").format(error=error)) from None
    except sqlite3.DatabaseError as error:
        connection.close()
        lock.release()
        raise PlanDamagedError(path, _("SQLite reports: {error}.").format(error=error)) from None
    return connection, lock


def check_integrity(connection: sqlite3.Connection, path: Path, *, thorough: bool = False) -> None:
    """Raise PlanDamagedError unless SQLite's own check passes."""
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        rows = connection.execute("PRAGMA {pragma}".format(pragma=pragma)).fetchall()
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as error:
        if is_lock_error(error):  # held by another program: in use, not damaged
            raise in_use_error(path) from None
        if needs_journal_recovery(error, path):  # interrupted, not damaged: the caller recovers it
            raise
        raise PlanDamagedError(path, _("the file is damaged ({error}).").format(error=error)) from None
    if rows != [("ok",)]:
        raise PlanDamagedError(path, _("the file is damaged ({detail}).").format(detail=rows[0][0]))
    if problems:
        raise PlanDamagedError(path, _("the file is damaged (broken links between its records)."))


def copy_database(source: sqlite3.Connection, destination: Path, inputs: Iterable[Path] = ()) -> None:
    """Write a consistent copy of an open database with SQLite's backup API, atomically replacing `destination`."""
    from smplanner.storage.output_file import output_path

    with output_path(destination, inputs, plan_output=True) as partial:
        try:
            target = sqlite3.connect(str(partial), isolation_level=None)
        except sqlite3.Error as error:
            raise PlanFileError(destination, _("it could not be written ({error}).").format(error=error)) from None
        try:
            target.execute("PRAGMA journal_mode=OFF")  # a private file, renamed into place only when complete
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            check_integrity(target, destination)
        finally:
            target.close()


def is_plan_file(path: Path) -> bool:
    """Whether a file starts like a smplanner plan (SQLite, with the plan's application id)."""
    try:
        with Path(path).open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError:
        return False
    return len(header) == HEADER_SIZE and header.startswith(SQLITE_MAGIC) and header[68:72] == struct.pack(
        ">I", APPLICATION_ID)


class _PrivateCopy(sqlite3.Connection):
    """A connection to a private copy of a plan in a folder of its own, which goes when the connection is closed
    (or, failing that, when the program ends)."""

    folder: str

    def close(self) -> None:
        super().close()
        shutil.rmtree(self.folder, ignore_errors=True)


def private_copy(source: sqlite3.Connection) -> sqlite3.Connection:
    """A private snapshot of a database (read-only views, migrations tried before they touch the file).

    It is a file in the system's temporary folder, so that a ten-year plan's snapshot does not hold the whole plan
    (160 MB) in memory; where that folder has no room for it, it is in memory. Its changes are never meant to last:
    no journal file, no syncing."""
    try:
        return _copy_on_disk(source)
    except (OSError, sqlite3.Error):
        snapshot = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        source.backup(snapshot)
        return snapshot


def _copy_on_disk(source: sqlite3.Connection) -> sqlite3.Connection:
    folder = tempfile.mkdtemp(prefix="smplanner-copy-")
    try:
        snapshot = sqlite3.connect(os.path.join(folder, "plan.smplan"), isolation_level=None,
                                   check_same_thread=False, factory=_PrivateCopy)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    snapshot.folder = folder
    weakref.finalize(snapshot, shutil.rmtree, folder, ignore_errors=True)
    try:
        snapshot.execute("PRAGMA journal_mode=MEMORY")
        snapshot.execute("PRAGMA synchronous=OFF")
        source.backup(snapshot)
    except BaseException:
        snapshot.close()
        raise
    return snapshot


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file; used to look at a plan without opening it for work."""
    uri = "file:{path}?mode=ro".format(path=path.resolve().as_posix().replace("?", "%3F").replace("#", "%23"))
    return sqlite3.connect(
        uri, uri=True, isolation_level=None, check_same_thread=False, timeout=READER_TIMEOUT_MS / 1000
    )
