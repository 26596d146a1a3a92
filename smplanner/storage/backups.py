"""Automatic, verified backups of plan files with retention, and restoring from them."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from smplanner.domain.backup_retention import backups_to_delete
from smplanner.i18n import _
from smplanner.storage import sqlite_file
from smplanner.storage.places import default_data_folder
from smplanner.storage.errors import PlanFileError

if TYPE_CHECKING:
    from smplanner.storage.plan_file import PlanFile

STAMP_FORMAT = "%Y%m%d-%H%M%S"
_shelf_folders: set[Path] = set()


def default_backup_folder() -> Path:
    return default_data_folder() / "backups"


def backup_folders() -> set[Path]:
    """Every backup folder this process knows: the default one and those of the shelves it made."""
    return {default_backup_folder(), *_shelf_folders}


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str
    size: int


class BackupShelf:
    """Where the backups of every plan live (one folder per plan), and the policy for taking them."""

    def __init__(
        self,
        folder: Path,
        interval: timedelta = timedelta(minutes=30),
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.folder = Path(folder)
        _shelf_folders.add(self.folder)
        self.interval = interval
        self._clock = clock
        self._changes_at_last_backup: dict[Path, int] = {}

    def folder_for(self, plan_path: Path) -> Path:
        digest = hashlib.sha1(os.path.realpath(plan_path).encode("utf-8")).hexdigest()[:10]
        return self.folder / "{stem}-{digest}".format(stem=Path(plan_path).stem, digest=digest)

    def list(self, plan_path: Path) -> list[Backup]:
        """The backups of a plan, newest first."""
        folder = self.folder_for(plan_path)
        found: list[Backup] = []
        if not folder.is_dir():
            return found
        for entry in folder.glob("*.smplan"):
            parts = entry.stem.split("_", 2)
            if len(parts) < 2:
                continue
            try:
                taken_at = datetime.strptime(parts[0], STAMP_FORMAT)
            except ValueError:
                continue
            found.append(Backup(entry, taken_at, parts[1], entry.stat().st_size))
        found.sort(key=lambda backup: backup.taken_at, reverse=True)
        return found

    def take(
        self,
        source: PlanFile | sqlite3.Connection,
        reason: str = "auto",
        plan_path: Path | None = None,
        *,
        thin: bool = True,
    ) -> Backup:
        """Write a verified copy now (SQLite backup API), then (unless told not to) thin the older ones."""
        connection = source if isinstance(source, sqlite3.Connection) else source.connection
        if plan_path is not None:
            path = plan_path
        elif isinstance(source, sqlite3.Connection):
            path = Path(connection.execute("PRAGMA database_list").fetchone()[2])
        else:  # a read-only view is a private copy: only the PlanFile knows which file it shows
            path = source.path
        folder = self.folder_for(path)
        folder.mkdir(parents=True, exist_ok=True)
        now = self._clock().replace(microsecond=0)
        taken = self.list(path)
        while any(b.taken_at == now for b in taken):
            now += timedelta(seconds=1)
        destination = folder / "{stamp}_{reason}.smplan".format(stamp=now.strftime(STAMP_FORMAT), reason=reason)
        sqlite_file.copy_database(connection, destination)
        if not isinstance(source, sqlite3.Connection):
            self._changes_at_last_backup[path] = source.data_version()
        if thin:
            self.thin(path)
        return Backup(destination, now, reason, destination.stat().st_size)

    def take_if_due(self, plan_file: PlanFile) -> Backup | None:
        """Back up when the newest backup is older than the interval and the plan changed since (or has none)."""
        backups = self.list(plan_file.path)
        changed = self._changes_at_last_backup.get(plan_file.path) != plan_file.data_version()
        if backups and (self._clock() - backups[0].taken_at < self.interval or not changed):
            return None
        return self.take(plan_file, plan_path=plan_file.path)

    def thin(self, plan_path: Path) -> None:
        backups = self.list(plan_path)
        doomed = backups_to_delete([b.taken_at for b in backups], self._clock())
        for backup in backups:
            if backup.taken_at in doomed:
                backup.path.unlink(missing_ok=True)

    def newest_good(self, plan_path: Path) -> Backup | None:
        """The newest backup that passes SQLite's check and holds only values a plan may hold, for a plan found
        damaged (a backup taken after a bad value came in is passed over)."""
        from smplanner.storage.plan_file import PlanFile

        for backup in self.list(plan_path):
            try:
                with PlanFile.open(backup.path, read_only=True) as copy:
                    copy.check_content()
            except (sqlite3.Error, PlanFileError):
                continue
            return backup
        return None

    def restore(self, plan_file: PlanFile, backup: Backup) -> None:
        """Put a backup's content into the open plan, after backing up the current state (so this can be undone)."""
        # No thinning until the chosen backup has been read: thinning could otherwise delete it.
        self.take(plan_file, reason="before-restore", plan_path=plan_file.path, thin=False)
        plan_file.replace_content_from(backup.path)
        self.thin(plan_file.path)

    @staticmethod
    def restore_as_new(backup: Backup, destination: Path) -> None:
        """Write a backup out as a new plan file (used when the plan itself is damaged and kept aside)."""
        if destination.exists():
            raise PlanFileError(destination, _("a file with that name already exists."))
        source = sqlite_file.read_only_connection(backup.path)
        try:
            sqlite_file.copy_database(source, destination)
        finally:
            source.close()
