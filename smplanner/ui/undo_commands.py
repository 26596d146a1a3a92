"""Undoable edits: each redo/undo is one committed transaction through a service.

On a plan other people change too (a server plan), a command can be refused: its edit lost a race to someone else's
(EditConflict), or the server could not be reached. The command then stores nothing, leaves the stack (Qt drops an
obsolete command), and hands the refusal to `refused`, with which the window offers to reload the plan, to apply the
edit again on what is stored now (`again()`), or to retry. Undoing works on the posts as the command left them (their
versions): it never undoes someone else's later change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtGui import QUndoCommand

from smplanner.domain.plan import Firm, Plan, Post
from smplanner.domain.shared_edits import on_version, reapplied
from smplanner.i18n import _, ngettext
from smplanner.services.changes import Changes
from smplanner.services.planning import DecisionsSnapshot, PlanningService, PostsImported
from smplanner.services.post_csv import ImportPreview
from smplanner.storage.errors import EditConflict, PlanFileError

Refused = Callable[["SharedCommand", PlanFileError, bool], None]
"""Told of a refused command: the command, why, and whether it was undoing."""


def _ignore_refusal(_command: SharedCommand, error: PlanFileError, _undoing: bool) -> None:
    raise error


class SharedCommand(QUndoCommand):
    """An undoable command on a plan others may change at the same time (see the module's docstring)."""

    def __init__(self, text: str, service: PlanningService, notify: Callable[[Changes], None],
                 refused: Refused | None = None) -> None:
        super().__init__(text)
        self._service = service
        self._notify = notify
        self._refused = refused or _ignore_refusal
        self._stored: dict[str, Post] = {}  # the posts as this command's last redo or undo left them

    def _run(self, action: Callable[[], Changes], undoing: bool = False) -> None:
        try:
            changes = action()
        except PlanFileError as error:
            self.setObsolete(True)
            self._refused(self, error, undoing)
            return
        self._stored.update((change.post_id, change.after) for change in changes.post_changes if change.after)
        self._notify(changes)

    def _over(self, post: Post) -> Post:
        """The post as stored now, to undo or redo over, when it is still as this command left it (later commands
        undone since raised its version, not its content); EditConflict when someone else changed it since. A post
        this command has not stored yet is taken as given (storage checks its version)."""
        left = self._stored.get(post.id)
        if left is None:
            return post
        current = self._service.post(post.id)
        if current is None or current != left:
            raise EditConflict(self._service.plan_file.reader.where, "post", (post.id,))
        return current

    def again(self) -> SharedCommand | None:
        """The same edit made again on what is stored now (after it lost a race), or None when it cannot be."""
        return None

    def retried(self) -> SharedCommand | None:
        """The same command, to push again once the server is back (None: it cannot be made again)."""
        return None


class EditFirmCommand(SharedCommand):
    def __init__(self, service: PlanningService, before: Firm, after: Firm, notify: Callable[[Changes], None],
                 refused: Refused | None = None) -> None:
        super().__init__(_("Rename the firm"), service, notify, refused)
        self._before = before
        self._after = after
        self._left: Firm | None = None  # the firm as this command last left it

    def redo(self) -> None:
        self._run(lambda: self._set(self._after))

    def undo(self) -> None:
        self._run(lambda: self._set(self._before), undoing=True)

    def _set(self, firm: Firm) -> Changes:
        version = firm.revision
        if self._left is not None:  # over the firm as this command left it, or someone else changed it
            current = self._service.plan().firm
            if current != self._left:
                raise EditConflict(self._service.plan_file.reader.where, "firm")
            version = current.revision
        changes = self._service.set_firm(on_version(firm, version))
        self._left = self._service.plan().firm
        return changes

    def again(self) -> SharedCommand | None:
        current = self._service.plan().firm
        return EditFirmCommand(self._service, current, reapplied(self._before, self._after, current), self._notify,
                               self._refused)

    def retried(self) -> SharedCommand | None:
        return EditFirmCommand(self._service, self._before, self._after, self._notify, self._refused)


class AddPostCommand(SharedCommand):
    """A new post; undoing deletes it again (only as this command left it)."""

    def __init__(self, service: PlanningService, post: Post, notify: Callable[[Changes], None],
                 refused: Refused | None = None) -> None:
        super().__init__(_("Add post"), service, notify, refused)
        self._post = post

    def redo(self) -> None:
        self._run(lambda: self._service.add_post(self._post))

    def undo(self) -> None:
        self._run(lambda: self._service.delete_posts([self._post.id], expected=[self._over(self._post)])[0],
                  undoing=True)

    def retried(self) -> SharedCommand | None:
        return AddPostCommand(self._service, self._post, self._notify, self._refused)


class EditPostCommand(SharedCommand):
    """An edited post; undoing stores the post exactly as it was before, edited flag included."""

    def __init__(self, service: PlanningService, before: Post, after: Post, notify: Callable[[Changes], None],
                 refused: Refused | None = None) -> None:
        super().__init__(_("Edit post"), service, notify, refused)
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._run(lambda: self._service.update_post(on_version(self._after, self._over(self._after).revision)))

    def undo(self) -> None:
        self._run(lambda: self._service.restore_post(self._before, over=self._over(self._before)), undoing=True)

    def again(self) -> SharedCommand | None:
        current = self._service.post(self._after.id)
        if current is None:
            return None
        return EditPostCommand(self._service, current, reapplied(self._before, self._after, current), self._notify,
                               self._refused)

    def retried(self) -> SharedCommand | None:
        return EditPostCommand(self._service, self._before, self._after, self._notify, self._refused)


class MovePostCommand(SharedCommand):
    """A post moved to another wall-clock time in its own zone (a drag, or a date typed in)."""

    def __init__(
        self,
        service: PlanningService,
        before: Post,
        new_local: datetime,
        notify: Callable[[Changes], None],
        fold: int = 0,
        refused: Refused | None = None,
    ) -> None:
        super().__init__(_("Move post"), service, notify, refused)
        self._before = before
        self._new_local = new_local
        self._fold = fold

    def redo(self) -> None:
        self._run(lambda: self._service.move_post(self._before.id, self._new_local, self._fold))

    def undo(self) -> None:
        self._run(lambda: self._service.restore_post(self._before, over=self._over(self._before)), undoing=True)

    def again(self) -> SharedCommand | None:
        current = self._service.post(self._before.id)
        if current is None:
            return None
        return MovePostCommand(self._service, current, self._new_local, self._notify, self._fold, self._refused)

    def retried(self) -> SharedCommand | None:
        return MovePostCommand(self._service, self._before, self._new_local, self._notify, self._fold, self._refused)


class DeletePostsCommand(SharedCommand):
    """Posts deleted together; undoing puts them back exactly as they were."""

    def __init__(self, service: PlanningService, post_ids: Iterable[str], notify: Callable[[Changes], None],
                 refused: Refused | None = None) -> None:
        self._ids = list(dict.fromkeys(post_ids))
        count = len(self._ids)
        super().__init__(ngettext("Delete {count} post", "Delete {count} posts", count).format(count=count), service,
                         notify, refused)
        self._deleted: list[Post] = []

    def redo(self) -> None:
        def delete() -> Changes:
            changes, self._deleted = self._service.delete_posts(self._ids)
            return changes

        self._run(delete)

    def undo(self) -> None:
        self._run(lambda: self._service.add_posts(self._deleted), undoing=True)

    def again(self) -> SharedCommand | None:
        return DeletePostsCommand(self._service, self._ids, self._notify, self._refused)

    def retried(self) -> SharedCommand | None:
        return DeletePostsCommand(self._service, self._ids, self._notify, self._refused)


class FixPostsCommand(SharedCommand):
    """Posts a warning's fix moved, as one step; undoing puts every one back exactly as it was."""

    def __init__(self, service: PlanningService, moved: list[Post], label: str,
                 notify: Callable[[Changes], None], refused: Refused | None = None) -> None:
        super().__init__(label, service, notify, refused)
        self._label = label
        self._moved = moved
        self._before: list[Post] = []

    def redo(self) -> None:
        def fix() -> Changes:
            moved = [on_version(post, self._over(post).revision) for post in self._moved]
            changes, before = self._service.apply_fix(moved)
            self._before = self._before or before
            return changes

        self._run(fix)

    def undo(self) -> None:
        self._run(lambda: self._service.restore_posts(self._before, over=[self._over(p) for p in self._before]),
                  undoing=True)

    def again(self) -> SharedCommand | None:
        current = {post.id: post for post in self._service.posts_by_id(post.id for post in self._moved)}
        was = {post.id: post for post in self._before} if self._before else current
        moved = [reapplied(was.get(post.id, current[post.id]), post, current[post.id]) for post in self._moved
                 if post.id in current]
        return FixPostsCommand(self._service, moved, self._label, self._notify, self._refused) if moved else None

    def retried(self) -> SharedCommand | None:
        return FixPostsCommand(self._service, self._moved, self._label, self._notify, self._refused)


class ApplyDecisionsCommand(SharedCommand):
    """Decisions changed and the calendar regenerated in one step (a workload option applied); undoing restores the
    decisions and every post the change touched, exactly as they were (refused when someone else changed them since).

    The change is made before the command is pushed (so that a failure is told, not half-stacked): `changes` and
    `snapshot` are what it returned; the first redo only announces it. A later redo applies the same change again on
    the decisions stored then.
    """

    def __init__(self, service: PlanningService, plan: Plan, label: str, now: Callable[[], datetime],
                 notify: Callable[[Changes], None], changes: Changes, snapshot: DecisionsSnapshot,
                 refused: Refused | None = None) -> None:
        super().__init__(label, service, notify, refused)
        self._label = label
        self._plan = plan
        self._now = now
        self._done: Changes | None = changes
        self._snapshot = snapshot

    def redo(self) -> None:
        if self._done is not None:
            changes, self._done = self._done, None
            self._notify(changes)
            return

        def apply() -> Changes:
            from smplanner.domain.shared_edits import reapplied_plan

            plan = reapplied_plan(self._snapshot.plan, self._plan, self._service.plan())
            changes, self._snapshot = self._service.apply_decisions_undoably(plan, self._now())
            return changes

        self._run(apply)

    def undo(self) -> None:
        self._run(lambda: self._service.restore_decisions(self._snapshot), undoing=True)


class RecordPublicationCommand(SharedCommand):
    """A post marked published, skipped or due again (`record` calls the service and returns what changed and the
    post as it was); undoing stores that post exactly as it was (over the post as this command left it)."""

    def __init__(
        self,
        text: str,
        service: PlanningService,
        record: Callable[[], tuple[Changes, Post]],
        notify: Callable[[Changes], None],
        refused: Refused | None = None,
    ) -> None:
        super().__init__(text, service, notify, refused)
        self._text = text
        self._record = record
        self._before: Post | None = None

    def redo(self) -> None:
        def record() -> Changes:
            changes, self._before = self._record()
            return changes

        self._run(record)

    def undo(self) -> None:
        assert self._before is not None
        before = self._before
        self._run(lambda: self._service.restore_post(before, over=self._over(before)), undoing=True)

    def again(self) -> SharedCommand | None:
        return RecordPublicationCommand(self._text, self._service, self._record, self._notify, self._refused)


class ImportPostsCommand(SharedCommand):
    """Posts read from a CSV, stored in one transaction; undoing takes the new posts away and puts the updated ones
    back as they were, in one transaction, each only as the import left it (never over someone else's change)."""

    def __init__(self, service: PlanningService, preview: ImportPreview, notify: Callable[[Changes], None],
                 refused: Refused | None = None) -> None:
        super().__init__(_("Import posts"), service, notify, refused)
        self._preview = preview
        self._imported: PostsImported | None = None

    def redo(self) -> None:
        def store() -> Changes:
            # Made again after an undo: over the posts as the undo left them (their revisions moved on).
            changes, self._imported = self._service.import_posts(
                self._preview, over=self._over if self._imported is not None else None)
            return changes

        self._run(store)

    def undo(self) -> None:
        imported = self._imported
        assert imported is not None
        self._run(lambda: self._service.undo_import(imported), undoing=True)
