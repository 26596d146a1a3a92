"""The app's one signal of what changed in the open plan, and the helper that keeps a hidden view up to date.

How to use it (see `services/changes.py` for the whole flow):

- To change the plan, call the service (usually from an undo command) and hand what it returns to
  `change_signal.tell(changes)`. Never refresh another widget yourself.
- To show the plan, connect `change_signal.plan_changed` to a method that updates only what the view shows from
  the `Changes` it is handed. Wrap that method in `FollowWhenShown` when the view can be hidden (a tab, a dock): it
  applies changes at once while the view is visible, and merges them until it is shown otherwise.

`app.py` makes one `PlanChangeSignal` and hands it to the windows that need it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from smplanner.services.changes import Changes


class PlanChangeSignal(QObject):
    """Carries every `Changes` a command made to the open plan to every view that shows the plan."""

    plan_changed = Signal(object)  # a services.changes.Changes

    def tell(self, changes: Changes) -> None:
        """Tell every view what a command changed (nothing is told when nothing changed)."""
        if not changes.is_empty:
            self.plan_changed.emit(changes)


class FollowWhenShown(QObject):
    """Applies the plan's changes to a view while it is visible; while it is hidden, merges them and applies them
    the next time it is shown (so a hidden tab costs nothing per edit)."""

    def __init__(self, view: QWidget, apply: Callable[[Changes], None]) -> None:
        super().__init__(view)
        self._view = view
        self._apply = apply
        self._pending: Changes | None = None
        view.installEventFilter(self)

    def follow(self, changes: Changes) -> None:
        """Connect this to `PlanChangeSignal.plan_changed`."""
        if self._view.isVisible():
            self._apply(changes)
        else:
            self._pending = changes if self._pending is None else self._pending.merged(changes)

    def pending(self) -> Changes | None:
        """The changes kept while hidden, not yet applied."""
        return self._pending

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and watched is self._view and self._pending is not None:
            pending, self._pending = self._pending, None
            self._apply(pending)
        return False
