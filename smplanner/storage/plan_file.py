"""A plan as one SQLite document: create, open (checked, locked, migrated), copy, back up, restore, close."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import tzdata

from smplanner.domain.market_days import HolidayOverride, MarketEvent
from smplanner.domain.plan import Plan, Post
from smplanner.i18n import _
from smplanner.storage import migrating, sqlite_file
from smplanner.storage.backups import BackupShelf
from smplanner.storage.errors import (
    NotAPlanError,
    PlanAccessError,
    PlanDamagedError,
    PlanFileError,
    PlanInUseError,
    PlanTooNewError,
    PlanUpgradeError,
    one_line,
)
from smplanner.storage.reading import PlanReader

if TYPE_CHECKING:
    from smplanner.storage.repository import PlanRepository

PLAN_SUFFIX = ".smplan"
CREATED_DIGEST = "created_digest"
"""The plan_meta key of the content's digest as created, kept by the plans `smplanner demo` writes."""
_open_in_this_process: set[Path] = set()


def _head(script_location: Path) -> str:
    return migrating.HEAD_REVISION if script_location == migrating.MIGRATIONS else migrating.head_of(script_location)


def _key(path: Path) -> Path:
    return Path(os.path.realpath(path))


def open_plan_paths() -> frozenset[Path]:
    """The plan files this process has open for work."""
    return frozenset(_open_in_this_process)


class _CrashedWriter(Exception):
    """The plan has a hot journal that a read-only connection may not play back."""


class PlanFile:
    """One open plan file. Every edit through `repository` is committed at once: nothing is ever unsaved."""

    def __init__(self, path: Path, connection: sqlite3.Connection, *, read_only: bool, revision: str) -> None:
        self.path = path
        self.read_only = read_only
        self.revision = revision
        self._connection = connection
        self._writer_lock: sqlite_file.WriterLock | None = None
        self.reader = PlanReader(connection, path)  # what opening and showing the plan read, with sqlite3 alone
        self._repository: PlanRepository | None = None

    @property
    def repository(self) -> PlanRepository:
        """Writes through SQLAlchemy (reads go to the reader); made on first use, as importing SQLAlchemy is slow."""
        if self._repository is None:
            from smplanner.storage.repository import PlanRepository

            self._repository = PlanRepository(migrating.engine_for(self._connection), self.reader)
        return self._repository

    def prepare_writing(self) -> None:
        """Make the writer now, while the plan is only looked at, so that the first edit does not wait for it."""
        if self.is_open and not self.read_only and self._repository is None:
            self._repository = self.repository

    # -- making and opening ---------------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        plan: Plan,
        posts: Iterable[Post] = (),
        *,
        replace: bool = False,
        holiday_overrides: Iterable[HolidayOverride] = (),
        market_events: Iterable[MarketEvent] = (),
        inputs: Iterable[Path] = (),
        keep_digest: bool = False,
    ) -> None:
        """Write a new plan file atomically: it appears complete or not at all, never over one of `inputs` (with the
        founder's holiday corrections and own events, if any).

        With `keep_digest`, the file records the digest of its content as created (see `unchanged_since_creation`).
        """
        path = Path(path)
        if not path.name or path.name in (".", ".."):
            raise PlanFileError(path, _("give the plan a file name."))
        if path.is_dir():
            raise NotAPlanError(path, _("it is a folder, not a plan file."))
        if path.exists() and not replace:
            raise PlanFileError(path, _("a file with that name already exists."))
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise PlanFileError(path, _("the folder \u201c{folder}\u201d does not exist.").format(folder=folder))
        if _key(path) in _open_in_this_process:
            raise PlanInUseError(path, _("it is the plan open in this window."))
        if replace and path.exists():
            cls.ensure_not_in_use(path)
        from smplanner.storage.output_file import output_path

        with output_path(path, inputs, plan_output=True) as partial:
            try:
                cls._build(partial, path, plan, posts, holiday_overrides, market_events, keep_digest)
            except sqlite3.Error as error:
                raise PlanFileError(path, _("it could not be written ({error}).").format(error=error)) from None

    @staticmethod
    def _build(
        partial: Path,
        path: Path,
        plan: Plan,
        posts: Iterable[Post],
        holiday_overrides: Iterable[HolidayOverride],
        market_events: Iterable[MarketEvent],
        keep_digest: bool,
    ) -> None:
        """Make the plan's database in a private file that nobody else sees until it is complete.

        A failure of SQLite (a full disk) is raised as the sqlite3 error, whichever layer met it."""
        from sqlalchemy.exc import DBAPIError

        from smplanner.storage.repository import PlanRepository

        connection = sqlite3.connect(str(partial), isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA application_id={id}".format(id=sqlite_file.APPLICATION_ID))
            # No journal and no syncing while it is being built: the file is synced once, before it is renamed.
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            migrating.upgrade(connection)
            connection.execute("PRAGMA foreign_keys=ON")
            repository = PlanRepository(migrating.engine_for(connection), PlanReader(connection, path))
            repository.write_plan(plan, posts, holiday_overrides, market_events)
            repository.set_meta("tzdata_version", tzdata.IANA_VERSION)
            if keep_digest:
                repository.set_meta(CREATED_DIGEST, repository.content_digest())
            connection.execute("PRAGMA journal_mode=DELETE")
            sqlite_file.check_integrity(connection, path)
        except DBAPIError as error:
            if isinstance(error.orig, sqlite3.Error):
                raise error.orig from None
            raise
        finally:
            connection.close()

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        read_only: bool = False,
        backups: BackupShelf | None = None,
        backup_now: bool = True,
        script_location: Path = migrating.MIGRATIONS,
    ) -> PlanFile:
        """Open a plan for work (locked, checked, brought up to date) or as a read-only snapshot.

        With a backup shelf, a backup is taken before any format upgrade and, unless `backup_now` is False
        (the window takes it once the plan is on screen), when the plan opens.

        Anything that is not a usable plan raises a PlanFileError naming the file and the reason, and the
        file is left exactly as it was.
        """
        path = Path(path)
        if _key(path) in _open_in_this_process:
            raise PlanInUseError(path, _("it is already open in this window."))
        sqlite_file.read_header(path, need_write=not read_only)
        if read_only:
            return cls._open_snapshot(path, script_location)
        connection, lock = sqlite_file.connect(path)
        try:
            sqlite_file.check_integrity(connection, path)
            revision = cls._check_revision(connection, path, script_location)
            if revision != _head(script_location):
                revision = cls._upgrade_in_place(connection, path, revision, backups, script_location)
            connection.execute("PRAGMA foreign_keys=ON")
            plan_file = cls(path, connection, read_only=False, revision=revision)
            plan_file._writer_lock = lock
            plan_file._refresh_derived_instants()
        except BaseException:
            connection.close()
            lock.release()
            raise
        _open_in_this_process.add(_key(path))
        if backups is not None and backup_now:
            try:
                backups.take_if_due(plan_file)
            except BaseException:  # nobody gets the PlanFile to close: do not leave the plan locked and claimed
                plan_file.close()
                raise
        return plan_file

    @classmethod
    def _open_snapshot(cls, path: Path, script_location: Path) -> PlanFile:
        try:
            snapshot, revision = cls._snapshot(path, script_location)
        except _CrashedWriter:
            snapshot, revision = cls._recovered_snapshot(path, script_location)
        try:
            if revision != _head(script_location):
                migrating.upgrade(snapshot, script_location)
            plan_file = cls(path, snapshot, read_only=True, revision=revision)
            plan_file._refresh_derived_instants()  # in the private copy only: the file is not touched
        except Exception as error:
            snapshot.close()
            raise PlanUpgradeError(
                path,
                _("it could not be brought up to date ({error}). It was left exactly as it was.").format(
                    error=one_line(error)),
            ) from error
        return plan_file

    @classmethod
    def _snapshot(cls, path: Path, script_location: Path) -> tuple[sqlite3.Connection, str]:
        """A private copy of the plan as its last commit left it, and its format revision."""
        try:
            source = sqlite_file.read_only_connection(path)
        except sqlite3.Error as error:
            raise PlanDamagedError(path, _("SQLite reports: {error}.").format(error=error)) from None
        try:
            sqlite_file.check_integrity(source, path)
            revision = cls._check_revision(source, path, script_location)
            return sqlite_file.private_copy(source), revision
        except sqlite3.OperationalError as error:
            if sqlite_file.needs_journal_recovery(error, path):
                raise _CrashedWriter from None
            if sqlite_file.is_lock_error(error):
                raise sqlite_file.in_use_error(path) from None
            raise PlanDamagedError(path, _("SQLite reports: {error}.").format(error=error)) from None
        finally:
            source.close()

    @classmethod
    def _recovered_snapshot(cls, path: Path, script_location: Path) -> tuple[sqlite3.Connection, str]:
        """The snapshot of a plan whose writer crashed in the middle of a commit, leaving a hot journal.

        A read-only command never changes the file: the plan and its journal are copied into a private folder,
        where SQLite plays the journal back, so the snapshot is the plan as its last commit left it (the writer
        does the same to the file itself when it next opens the plan). No writer may start meanwhile: the copy is
        made holding the writer's lock, without waiting for it (if a writer has it, it is recovering the plan,
        and reading again after it is the answer).
        """
        try:
            lock = sqlite_file.WriterLock.take(path)
        except PlanInUseError:
            try:
                return cls._snapshot(path, script_location)
            except _CrashedWriter:
                raise sqlite_file.in_use_error(path) from None
        try:
            with tempfile.TemporaryDirectory(prefix="smplanner-recovery-") as folder:
                copy = Path(folder) / "plan.smplan"
                real = Path(os.path.realpath(path))
                try:
                    shutil.copyfile(real, copy)
                    shutil.copyfile(str(real) + "-journal", str(copy) + "-journal")
                except OSError as error:
                    raise PlanAccessError(
                        path, _("it cannot be read ({error}).").format(error=error.strerror or error)
                    ) from None
                connection = sqlite3.connect(str(copy), isolation_level=None, check_same_thread=False)
                try:
                    sqlite_file.check_integrity(connection, path)  # the first read plays the journal back
                    revision = cls._check_revision(connection, path, script_location)
                    return sqlite_file.private_copy(connection), revision
                except sqlite3.DatabaseError as error:
                    raise PlanDamagedError(path, _("SQLite reports: {error}.").format(error=error)) from None
                finally:
                    connection.close()
        finally:
            lock.release()

    @staticmethod
    def _check_revision(connection: sqlite3.Connection, path: Path, script_location: Path) -> str:
        try:
            revision = migrating.revision_of(connection)
        except sqlite3.DatabaseError as error:
            raise PlanDamagedError(path, _("SQLite reports: {error}.").format(error=error)) from None
        shipped = script_location == migrating.MIGRATIONS
        known = migrating.KNOWN_REVISIONS if shipped else migrating.revisions_of(script_location)
        if revision is None:
            raise NotAPlanError(path, _("it has the mark of a smplanner plan but none of its content."))
        if revision not in known:
            raise PlanTooNewError(
                path,
                _(
                    "it was saved by a newer version of smplanner (format {revision}). "
                    "Install the newer version to open it; this one will not change it."
                ).format(revision=revision),
            )
        return revision

    @staticmethod
    def _upgrade_in_place(
        connection: sqlite3.Connection,
        path: Path,
        revision: str,
        backups: BackupShelf | None,
        script_location: Path,
    ) -> str:
        """Back up, migrate a private copy, verify it, then copy it over the original in one SQLite transaction.

        Alembic cannot make SQLite DDL atomic, so the original is never migrated directly: if anything fails,
        it is still exactly as it was.
        """
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        if backups is not None:
            backups.take(connection, reason="before-upgrade-" + revision)
        else:
            sqlite_file.copy_database(
                connection,
                path.with_name("{name}.before-upgrade-{rev}-{stamp}.smplan".format(
                    name=path.stem, rev=revision, stamp=stamp)),
            )
        working = sqlite_file.private_copy(connection)
        try:
            migrating.upgrade(working, script_location)
            working.execute("PRAGMA foreign_keys=ON")
            sqlite_file.check_integrity(working, path, thorough=True)
            upgraded = migrating.revision_of(working) or revision
            working.backup(connection)
        except PlanFileError:
            raise
        except Exception as error:  # a failing migration script may raise anything
            raise PlanUpgradeError(
                path,
                _("it could not be brought up to date ({error}). It was left exactly as it was.").format(
                    error=one_line(error)),
            ) from error
        finally:
            working.close()
        return upgraded

    @classmethod
    def ensure_not_in_use(cls, path: Path) -> None:
        """Raise PlanInUseError when another program holds the plan open."""
        if _key(path) in _open_in_this_process:
            raise PlanInUseError(path, _("it is already open in this window."))
        try:
            sqlite_file.WriterLock.take(path).release()
        except PlanAccessError:  # not readable, so not a plan anyone here has open
            return
        try:
            probe = sqlite3.connect(str(path), isolation_level=None, timeout=0.1)
        except sqlite3.Error:  # not something SQLite can open, so not a plan anyone has open
            return
        try:
            probe.execute("BEGIN EXCLUSIVE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise PlanInUseError(
                    path, _("it is already open in another smplanner window or program. Close it there first.")
                ) from None
        except sqlite3.DatabaseError:
            pass
        finally:
            probe.close()

    # -- working with an open plan ------------------------------------------------------------------------

    def _refresh_derived_instants(self) -> None:
        """Derive UTC instants again when the time-zone database differs from the one that computed them."""
        if self.reader.meta("tzdata_version") != tzdata.IANA_VERSION:
            self.check_content()  # a plan holding a value no plan may hold is refused before anything is written
            self.repository.recompute_instants(tzdata.IANA_VERSION)

    def save_copy(self, destination: Path) -> None:
        """Write a consistent copy of the plan elsewhere (SQLite's backup API, never a file copy of a live file)."""
        destination = Path(destination)
        if _key(destination) == _key(self.path):
            raise PlanFileError(destination, _("that is the plan itself; choose another name."))
        if destination.is_dir():
            raise NotAPlanError(destination, _("it is a folder, not a plan file."))
        if destination.exists():
            PlanFile.ensure_not_in_use(destination)
        try:
            sqlite_file.copy_database(self._connection, destination, inputs=[self.path])
        except sqlite3.Error as error:  # SQLite could not write the copy (a full disk)
            raise PlanFileError(destination, _("it could not be written ({error}).").format(error=error)) from None

    def replace_content_from(self, source_path: Path) -> None:
        """Replace everything in this plan with the content of another plan file, in one transaction.

        The content is brought up to date first (a backup taken before an upgrade is in the older format), in a
        private copy, so the open plan keeps the format this smplanner works with.
        """
        source = sqlite_file.read_only_connection(source_path)
        try:
            sqlite_file.check_integrity(source, source_path)
            revision = self._check_revision(source, source_path, migrating.MIGRATIONS)
            working = sqlite_file.private_copy(source)
        finally:
            source.close()
        try:
            if revision != migrating.HEAD_REVISION:
                try:
                    migrating.upgrade(working)
                except Exception as error:  # a migration script may raise anything
                    raise PlanUpgradeError(
                        source_path,
                        _("it could not be brought up to date ({error}). It was left exactly as it was.").format(
                            error=one_line(error)
                        ),
                    ) from error
            working.backup(self._connection)
        finally:
            working.close()
        self.revision = migrating.revision_of(self._connection) or self.revision
        self._refresh_derived_instants()

    def unchanged_since_creation(self) -> bool:
        """Whether the content is exactly as it was created with `keep_digest` (False when it was not)."""
        return self.reader.meta(CREATED_DIGEST) == self.reader.content_digest()

    def check_content(self) -> None:
        """Read everything the plan holds through the reader, so that a value no plan may hold raises
        PlanContentError now (opening reads only what is shown first)."""
        self.reader.load_plan()
        self.reader.posts()
        self.reader.holiday_overrides()
        self.reader.market_events()

    def check_integrity(self) -> None:
        """The full SQLite integrity check (slower than the one done at every open)."""
        sqlite_file.check_integrity(self._connection, self.path, thorough=True)

    def data_version(self) -> int:
        """The number of rows changed through this connection since it opened; backups skip when it has not moved."""
        return int(self._connection.execute("SELECT total_changes()").fetchone()[0])

    def close(self) -> None:
        if self._connection is None:
            return
        self._connection.close()
        self._connection = None  # type: ignore[assignment]
        if self._writer_lock is not None:
            self._writer_lock.release()
        if not self.read_only:  # a read-only view never claimed the path; a window may still hold it
            _open_in_this_process.discard(_key(self.path))

    @property
    def is_open(self) -> bool:
        return self._connection is not None

    @property
    def connection(self) -> sqlite3.Connection:
        return self._connection

    def __enter__(self) -> PlanFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
