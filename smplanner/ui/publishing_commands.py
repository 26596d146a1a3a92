"""What the founder records from Today, as undoable commands: a post published, skipped, or made due again.

Each asks what it needs (the moment and the link, or the reason) in a dialog that checks it, then pushes one command
on the window's undo stack; the command tells the app's change signal what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from smplanner.i18n import _
from smplanner.services.changes import Changes
from smplanner.services.planning import PlanningService


class PublishingCommands:
    """Mark as published, Skip and Not published/skipped, for the window that owns the undo stack."""

    def __init__(
        self,
        parent: QWidget,
        undo_stack: QUndoStack,
        tell: Callable[[Changes], None],
        now: Callable[[], datetime],
        service: Callable[[], PlanningService | None],
        refused: Callable | None = None,
    ) -> None:
        self._parent = parent
        self._refused = refused  # told of a command a shared plan refused (see undo_commands.SharedCommand)
        self._stack = undo_stack
        self._tell = tell
        self._now = now  # an aware instant
        self._service = service

    def publish(self, post_id: str) -> None:
        from smplanner.ui.dialogs.publication_dialogs import PublishDialog
        from smplanner.ui.undo_commands import RecordPublicationCommand

        service = self._service()
        post = service.post(post_id) if service is not None else None
        if service is None or post is None:
            return
        now = self._now()
        answer = PublishDialog.ask(self._parent, service.plan(), post, now)
        if answer is None:
            return
        at, url = answer
        self._stack.push(RecordPublicationCommand(
            _("Mark as published"), service, lambda: service.mark_published(post_id, at, now, url), self._tell,
            self._refused))

    def skip(self, post_id: str) -> None:
        from smplanner.ui.dialogs.publication_dialogs import SkipDialog
        from smplanner.ui.undo_commands import RecordPublicationCommand

        service = self._service()
        post = service.post(post_id) if service is not None else None
        if service is None or post is None:
            return
        reason = SkipDialog.ask(self._parent, post)
        if reason is None:
            return
        self._stack.push(RecordPublicationCommand(
            _("Skip the post"), service, lambda: service.skip_post(post_id, reason), self._tell, self._refused))

    def reopen(self, post_id: str) -> None:
        from smplanner.ui.undo_commands import RecordPublicationCommand

        service = self._service()
        if service is None or service.post(post_id) is None:
            return
        self._stack.push(RecordPublicationCommand(
            _("Make the post due again"), service, lambda: service.reopen_post(post_id), self._tell, self._refused))
