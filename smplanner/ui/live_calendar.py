"""The live calendar file: written again a moment after each change to the open plan (a burst of edits writes it
once) and when the plan closes, the status bar saying when it was last written or why it could not be. Which file,
and with which filter and options, is stored with the plan (`PlanningService.live_calendar`); choosing it is
`PlanCommands.keep_calendar_file`'s."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from smplanner.i18n import _

if TYPE_CHECKING:
    from smplanner.services.changes import Changes
    from smplanner.services.planning import PlanningService

DELAY_MS = 1500
"""How long after the last change the file is written."""


class LiveCalendar(QObject):
    """Keeps the open plan's live calendar file up to date; `status` is its label in the status bar."""

    def __init__(self, service: Callable[[], PlanningService | None], clock: Callable[[], datetime],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._clock = clock
        self.status = QLabel()
        self.status.setVisible(False)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.write)
        self._path: str | None = None
        self._written: datetime | None = None
        self._problem = ""

    def follow(self) -> None:
        """A plan was opened: follow its live file, if it has one (written soon, so that the file catches up with
        whatever changed the plan while it was closed)."""
        service = self._service()
        live = None if service is None else service.live_calendar()
        self._set(None if live is None else live.path)
        if live is not None:
            self.timer.start()

    def flush(self) -> None:
        """The plan is about to close: write the file now if a change is waiting for it, then follow nothing."""
        if self.timer.isActive():
            self.timer.stop()
            self.write()
        self._set(None)

    def on_plan_changed(self, changes: Changes) -> None:
        if self._path is not None and (changes.touches_posts or changes.decisions or changes.holidays
                                       or changes.firm or changes.everything):
            self.timer.start()

    def written(self, path: str) -> None:
        """The file was just written (chosen, or written again)."""
        self._set(path)
        self._written = self._clock()
        self.show_status()

    def stopped(self) -> None:
        self.timer.stop()
        self._set(None)

    def write(self) -> None:
        """Write the file again (the status bar says when, or why it could not)."""
        from smplanner.storage.errors import PlanFileError

        service = self._service()
        if service is None or self._path is None:
            return
        try:
            written = service.write_live_calendar()
        except PlanFileError as error:  # the file could not be written (the plan itself is untouched)
            self._problem = _("Calendar file not written: {reason}").format(
                reason=getattr(error, "reason", None) or error)
            self.show_status()
            return
        if written is None:
            self._set(None)
        else:
            self.written(str(written.path))

    def _set(self, path: str | None) -> None:
        self._path, self._written, self._problem = path, None, ""
        self.show_status()

    def show_status(self) -> None:
        """The status bar's words for the file (again after a change of language)."""
        from smplanner.i18n.formatting import format_time

        label = self.status
        label.setVisible(self._path is not None)
        if self._path is None:
            label.setText("")
            return
        label.setToolTip(self._path)
        if self._problem:
            label.setText(self._problem)
        elif self._written is not None:
            label.setText(_("Calendar file written at {time}").format(time=format_time(self._written)))
        else:
            label.setText(_("Calendar file kept up to date"))
