"""The open plan as the UI sees it: read what to show, change one thing at a time, say what changed."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from smplanner.domain.plan import Firm, Plan, Post
from smplanner.services.plans import PlanSummary, posts_for, summarise
from smplanner.storage.backups import Backup, BackupShelf
from smplanner.storage.plan_file import PlanFile


@dataclass(frozen=True, slots=True)
class Changes:
    """What a command changed, so that each view refreshes only what it shows."""

    firm: bool = False
    decisions: bool = False
    posts: bool = False
    everything: bool = False
    posts_added: int = 0  # how many posts regenerating added and removed, for a status message
    posts_removed: int = 0  # (not counting those a removed market took along)


def _decisions_by_kind(plan: Plan) -> tuple:
    """Everything the wizard decides except the firm, independent of the order storage returns it in."""
    def by_id(items) -> dict:
        return {item.id: item for item in items}

    return (plan.strategy, by_id(plan.markets), by_id(plan.actors), by_id(plan.presences), by_id(plan.content_types),
            by_id(plan.cadence_rules), plan.own_platforms)


def _removal_touches_posts(old: Plan, new: Plan) -> bool:
    """Whether removing decisions changes stored posts through the file's links (deleted, or unlinked)."""
    for kind in ("markets", "presences", "content_types", "cadence_rules"):
        if {item.id for item in getattr(old, kind)} - {item.id for item in getattr(new, kind)}:
            return True
    return False


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

    def apply_decisions(self, plan: Plan, now: datetime) -> Changes:
        """Store the wizard's decisions in the open plan and regenerate its future posts, in one transaction.

        `now` is an aware instant. Only future posts a rule made and the founder has not edited change:
        past posts, edited posts and hand-made posts stay as they are (a removed presence leaves its posts
        without one; a removed market takes its posts along, see `hand_posts_by_market`). If anything
        fails, the plan is left exactly as it was.
        """
        # Imported here: dateutil is not needed to open and show a plan.
        from smplanner.domain.cadence import regenerate

        if now.tzinfo is None:
            raise ValueError("now must be an aware instant")
        repository = self.plan_file.repository
        before = repository.load_plan()
        regeneration = regenerate(repository.posts(), posts_for(plan), now)
        repository.replace_decisions(plan, regeneration.remove_ids, regeneration.add)
        added, removed = {post.id for post in regeneration.add}, set(regeneration.remove_ids)
        return Changes(
            firm=before.firm != plan.firm,
            decisions=_decisions_by_kind(before) != _decisions_by_kind(plan),
            posts=regeneration.changes_posts or _removal_touches_posts(before, plan),
            posts_added=len(added - removed),  # an id in both is a post updated in place
            posts_removed=len(removed - added),
        )

    def hand_posts_by_market(self) -> dict[str, int]:
        """Per market id, the posts made by hand or edited, which removing that market would delete with it."""
        return self.plan_file.reader.count_hand_posts_by_market()

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
