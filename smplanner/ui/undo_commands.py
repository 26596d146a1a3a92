"""Undoable edits: each redo/undo is one committed transaction through a service."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from smplanner.domain.plan import Firm
from smplanner.i18n import _
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
