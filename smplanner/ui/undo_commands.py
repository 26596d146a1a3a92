"""Undoable edits: each redo/undo is one committed transaction through a service."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtGui import QUndoCommand

from smplanner.domain.plan import Firm, Post
from smplanner.i18n import _, ngettext
from smplanner.services.planning import Changes, PlanningService


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
