"""The open plan as the UI sees it: read what to show, change one thing at a time, say what changed."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from smplanner.domain.plan import Firm, Plan, Post
from smplanner.services.plans import PlanSummary, summarise
from smplanner.storage.backups import Backup, BackupShelf
from smplanner.storage.plan_file import PlanFile


@dataclass(frozen=True, slots=True)
class Changes:
    """What a command changed, so that each view refreshes only what it shows."""

    firm: bool = False
    decisions: bool = False
    posts: bool = False
    everything: bool = False


class PlanningService:
    """Use cases on one open plan file; every change is committed before the call returns."""

    def __init__(self, plan_file: PlanFile, backups: BackupShelf | None = None) -> None:
        self.plan_file = plan_file
        self.backups = backups

    @property
    def path(self) -> Path:
        return self.plan_file.path

    def plan(self) -> Plan:
        return self.plan_file.repository.load_plan()

    def summary(self) -> PlanSummary:
        return summarise(self.plan_file)

    def upcoming_posts(self, now: datetime, limit: int = 200) -> list[Post]:
        """The next posts from `now` on, by instant."""
        start = now.astimezone(UTC).replace(tzinfo=None)
        return self.plan_file.reader.posts(start_utc=start, limit=limit)  # no SQLAlchemy at start-up

    def set_firm(self, firm: Firm) -> Changes:
        self.plan_file.repository.save_firm(firm)
        return Changes(firm=True)

    def rename_firm(self, name: str) -> Changes:
        firm = self.plan().firm
        return self.set_firm(dataclasses.replace(firm, name=name))

    def backup_if_due(self) -> Backup | None:
        return None if self.backups is None else self.backups.take_if_due(self.plan_file)

    def list_backups(self) -> list[Backup]:
        return [] if self.backups is None else self.backups.list(self.plan_file.path)

    def restore(self, backup: Backup) -> Changes:
        assert self.backups is not None
        self.backups.restore(self.plan_file, backup)
        return Changes(everything=True)

    def save_copy(self, destination: Path) -> None:
        self.plan_file.save_copy(destination)

    def check_integrity(self) -> None:
        self.plan_file.check_integrity()

    def close(self) -> None:
        if self.plan_file.is_open:
            if self.backups is not None:
                self.backups.take_if_due(self.plan_file)
            self.plan_file.close()
