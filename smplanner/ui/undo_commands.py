"""Undoable edits: each redo/undo is one committed transaction through a service."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtGui import QUndoCommand

from smplanner.domain.plan import Firm, Plan, Post
from smplanner.i18n import _, ngettext
from smplanner.services.changes import Changes
from smplanner.services.planning import DecisionsSnapshot, PlanningService, PostsImported
from smplanner.services.post_csv import ImportPreview


class EditFirmCommand(QUndoCommand):
    def __init__(self, service: PlanningService, before: Firm, after: Firm, notify: Callable[[Changes], None]) -> None:
        super().__init__(_("Rename the firm"))
        self._service = service
        self._before = before
        self._after = after
        self._notify = notify

    def redo(self) -> None:
        self._notify(self._service.set_firm(self._after))

    def undo(self) -> None:
        self._notify(self._service.set_firm(self._before))


class AddPostCommand(QUndoCommand):
    """A new post; undoing deletes it again."""

    def __init__(self, service: PlanningService, post: Post, notify: Callable[[Changes], None]) -> None:
        super().__init__(_("Add post"))
        self._service = service
        self._post = post
        self._notify = notify

    def redo(self) -> None:
        self._notify(self._service.add_post(self._post))

    def undo(self) -> None:
        changes, _deleted = self._service.delete_posts([self._post.id])
        self._notify(changes)


class EditPostCommand(QUndoCommand):
    """An edited post; undoing stores the post exactly as it was before, edited flag included."""

    def __init__(self, service: PlanningService, before: Post, after: Post, notify: Callable[[Changes], None]) -> None:
        super().__init__(_("Edit post"))
        self._service = service
        self._before = before
        self._after = after
        self._notify = notify

    def redo(self) -> None:
        self._notify(self._service.update_post(self._after))

    def undo(self) -> None:
        self._notify(self._service.restore_post(self._before))


class MovePostCommand(QUndoCommand):
    """A post moved to another wall-clock time in its own zone (a drag, or a date typed in)."""

    def __init__(
        self,
        service: PlanningService,
        before: Post,
        new_local: datetime,
        notify: Callable[[Changes], None],
        fold: int = 0,
    ) -> None:
        super().__init__(_("Move post"))
        self._service = service
        self._before = before
        self._new_local = new_local
        self._fold = fold
        self._notify = notify

    def redo(self) -> None:
        self._notify(self._service.move_post(self._before.id, self._new_local, self._fold))

    def undo(self) -> None:
        self._notify(self._service.restore_post(self._before))


class DeletePostsCommand(QUndoCommand):
    """Posts deleted together; undoing puts them back exactly as they were."""

    def __init__(self, service: PlanningService, post_ids: Iterable[str], notify: Callable[[Changes], None]) -> None:
        self._ids = list(dict.fromkeys(post_ids))
        count = len(self._ids)
        super().__init__(ngettext("Delete {count} post", "Delete {count} posts", count).format(count=count))
        self._service = service
        self._notify = notify
        self._deleted: list[Post] = []

    def redo(self) -> None:
        changes, self._deleted = self._service.delete_posts(self._ids)
        self._notify(changes)

    def undo(self) -> None:
        self._notify(self._service.add_posts(self._deleted))


class FixPostsCommand(QUndoCommand):
    """Posts a warning's fix moved, as one step; undoing puts every one back exactly as it was."""

    def __init__(self, service: PlanningService, moved: list[Post], label: str,
                 notify: Callable[[Changes], None]) -> None:
        super().__init__(label)
        self._service = service
        self._moved = moved
        self._before: list[Post] = []
        self._notify = notify

    def redo(self) -> None:
        changes, before = self._service.apply_fix(self._moved)
        self._before = self._before or before
        self._notify(changes)

    def undo(self) -> None:
        self._notify(self._service.restore_posts(self._before))


class ApplyDecisionsCommand(QUndoCommand):
    """Decisions changed and the calendar regenerated in one step (a workload option applied); undoing restores the
    decisions and every post the change touched, exactly as they were.

    The change is made before the command is pushed (so that a failure is told, not half-stacked): `changes` and
    `snapshot` are what it returned; the first redo only announces it.
    """

    def __init__(self, service: PlanningService, plan: Plan, label: str, now: Callable[[], datetime],
                 notify: Callable[[Changes], None], changes: Changes, snapshot: DecisionsSnapshot) -> None:
        super().__init__(label)
        self._service = service
        self._plan = plan
        self._now = now
        self._notify = notify
        self._done: Changes | None = changes
        self._snapshot = snapshot

    def redo(self) -> None:
        if self._done is not None:
            changes, self._done = self._done, None
        else:
            changes, self._snapshot = self._service.apply_decisions_undoably(self._plan, self._now())
        self._notify(changes)

    def undo(self) -> None:
        self._notify(self._service.restore_decisions(self._snapshot))


class RecordPublicationCommand(QUndoCommand):
    """A post marked published, skipped or due again (`record` calls the service and returns what changed and the
    post as it was); undoing stores that post exactly as it was."""

    def __init__(
        self,
        text: str,
        service: PlanningService,
        record: Callable[[], tuple[Changes, Post]],
        notify: Callable[[Changes], None],
    ) -> None:
        super().__init__(text)
        self._service = service
        self._record = record
        self._notify = notify
        self._before: Post | None = None

    def redo(self) -> None:
        changes, self._before = self._record()
        self._notify(changes)

    def undo(self) -> None:
        assert self._before is not None
        self._notify(self._service.restore_post(self._before))


class ImportPostsCommand(QUndoCommand):
    """Posts read from a CSV, stored in one transaction; undoing takes the new posts away and puts the updated ones
    back as they were, in one transaction."""

    def __init__(self, service: PlanningService, preview: ImportPreview, notify: Callable[[Changes], None]) -> None:
        super().__init__(_("Import posts"))
        self._service = service
        self._preview = preview
        self._notify = notify
        self._imported: PostsImported | None = None

    def redo(self) -> None:
        changes, self._imported = self._service.import_posts(self._preview)
        self._notify(changes)

    def undo(self) -> None:
        assert self._imported is not None
        self._notify(self._service.undo_import(self._imported))
