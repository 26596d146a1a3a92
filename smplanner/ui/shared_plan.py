"""A window on a server plan that others work on too: their changes as they come, who else has it open, and what is
done when a change of ours was refused (someone else's came first, or the server could not be reached)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QLabel

from smplanner.i18n import _
from smplanner.ui.dialogs import messages

if TYPE_CHECKING:
    from smplanner.ui.main_window import MainWindow

CATCH_UP_MS = 3000
"""How often a server plan's window reads what others changed, when no notification came (one may be lost)."""
PRESENCE_MS = 30_000
"""How often a server plan's window says it is there and reads who else is."""


def _sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:]


class SharedPlanWatch(QObject):
    """Follows the server plan open in a window: listens for the server's word of a change (and reads what changed
    every few seconds all the same), shows other people's changes through the app's change signal, and says who
    else has the plan open in the status bar (`status_others`): it warns, it never blocks. Does nothing for a plan
    file."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.status_others = QLabel()
        self._others: list = []
        self._notifier: QSocketNotifier | None = None
        self.catch_up_timer = QTimer(self)
        self.catch_up_timer.setInterval(CATCH_UP_MS)
        self.catch_up_timer.timeout.connect(self.catch_up)
        self.presence_timer = QTimer(self)
        self.presence_timer.setInterval(PRESENCE_MS)
        self.presence_timer.timeout.connect(self.update_others)

    @property
    def _service(self):
        service = self._window.service
        return service if service is not None and service.on_server else None

    def start(self) -> None:
        """Follow the plan just opened (when it is a server plan)."""
        from smplanner.storage.errors import PlanFileError

        service = self._service
        if service is None:
            return
        try:
            socket = service.plan_file.listen()
        except PlanFileError:
            socket = None  # reading what changed every few seconds still keeps the window current
        if socket is not None:
            self._notifier = QSocketNotifier(socket, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._notified)
        self.catch_up_timer.start()
        self.presence_timer.start()
        self.update_others(warn=True)

    def stop(self) -> None:
        self.catch_up_timer.stop()
        self.presence_timer.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        self._others = []
        self.status_others.setText("")

    def _notified(self) -> None:
        if self._service is not None and self._service.plan_file.notified():
            self.catch_up()

    def catch_up(self) -> None:
        """Show what other people changed since the plan was last read; a server that cannot be reached is said in
        the status bar, and the window goes on showing the plan as last read."""
        from smplanner.storage.errors import PlanFileError, PlanTooNewError

        service = self._service
        if service is None:
            return
        try:
            changes, people = service.catch_up()
        except PlanTooNewError as error:
            self.stop()
            messages.tell_error(self._window, _("The plan changed format"), str(error))
            return
        except PlanFileError:
            self.status_others.setText(_("The server cannot be reached: the plan is shown as last read"))
            return
        if not changes.is_empty:
            self._window.change_signal.tell(changes)
            if people:
                self._window.statusBar().showMessage(
                    _("Changes by {people} are shown.").format(people=", ".join(people)), 8000)
        elif not self._others:
            self.status_others.setText("")

    def update_others(self, warn: bool = False) -> None:
        """Say who else has the plan open (in the status bar, and, with `warn`, in a message)."""
        from smplanner.storage.errors import PlanFileError

        service = self._service
        if service is None:
            return
        try:
            others = service.others()
        except PlanFileError:
            self.status_others.setText(_("The server cannot be reached: the plan is shown as last read"))
            return
        self._others = others
        names = ", ".join(dict.fromkeys(other.who for other in others))
        self.status_others.setText(_("Also open by {people}").format(people=names) if others else "")
        self.status_others.setToolTip(names)
        if warn and others:
            messages.tell_info(self._window, _("Others have this plan open"), _(
                "{people} also have this plan open. You can all work on it: every change is stored at once and "
                "shown to the others. If two of you change the same thing, the second change is refused and you "
                "choose what to do.").format(people=names))

    # -- a change of ours that was refused ------------------------------------------------------------------------

    def command_refused(self, command: object, error: Exception, undoing: bool) -> None:
        """A command on a shared plan was refused (see undo_commands.SharedCommand): once it has left the stack, say
        why and offer what can be done."""
        QTimer.singleShot(0, lambda: self._tell_refused(command, error, undoing))

    def _tell_refused(self, command: object, error: Exception, undoing: bool) -> None:
        from smplanner.storage.errors import EditConflict

        window = self._window
        if window.service is None:
            return
        again = getattr(command, "again", lambda: None)
        if isinstance(error, EditConflict):
            self.catch_up()  # their change, on screen
            if undoing:
                messages.tell_error(window, _("Cannot undo"), _(
                    "{reason} Undoing your change now would undo theirs too, so it was left as it is.").format(
                    reason=_sentence(error.reason)))
                return
            redone = again()
            if messages.ask_after_conflict(window, _sentence(error.reason), redone is not None) and redone is not None:
                window.undo_stack.push(redone)
            return
        if messages.ask_retry(window, _("The change was not stored"), str(error)):
            self.catch_up()
            redone = again()
            if redone is not None:
                window.undo_stack.push(redone)

    def conflict_after(self, error: Exception) -> bool:
        """After a change that was not stored: show someone else's change if that was why; True when it was."""
        from smplanner.storage.errors import EditConflict

        self.catch_up()
        return isinstance(error, EditConflict)
