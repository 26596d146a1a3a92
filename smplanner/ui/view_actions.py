"""The calendar's views and the View menu's commands over them: one per view, and previous / today / next, each with
its shortcut.

A table of commands and a small owner of their actions, so that whichever window builds the menus adds them with
one call and hands over the calendar area once it exists.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from smplanner.i18n import N_, _

if TYPE_CHECKING:
    from smplanner.ui.calendar.calendar_area import CalendarArea


class Tab(IntEnum):
    OVERVIEW = 0
    TODAY = 1
    WEEK = 2
    MONTH = 3
    AGENDA = 4
    CLOCKS = 5
    WORKLOAD = 6


TAB_LABELS = {
    Tab.OVERVIEW: N_("&Overview"),
    Tab.TODAY: N_("To&day"),
    Tab.WEEK: N_("&Week"),
    Tab.MONTH: N_("&Month"),
    Tab.AGENDA: N_("&Agenda"),
    Tab.CLOCKS: N_("Market &clocks"),
    Tab.WORKLOAD: N_("Wor&kload"),
}
NAVIGATING_TABS = frozenset({Tab.WEEK, Tab.MONTH, Tab.CLOCKS})  # the views that show a period: previous, today, next
VIEW_SHORTCUTS = {tab: "Ctrl+{n}".format(n=tab + 1) for tab in Tab}
TODAY_SHORTCUT = "Ctrl+T"  # as in GNOME Calendar and Apple's Calendar


def standard_shortcut(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's binding for a standard action, or a fallback where the platform has none (Quit on Linux)."""
    bindings = QKeySequence.keyBindings(standard)
    return bindings if bindings else [QKeySequence(fallback)]


def previous_shortcuts() -> list[QKeySequence]:
    """Back in time as browsers go back: the platform's Back binding, else Alt+Left."""
    return standard_shortcut(QKeySequence.StandardKey.Back, "Alt+Left")


def next_shortcuts() -> list[QKeySequence]:
    """Forward in time: the platform's Forward binding, else Alt+Right."""
    return standard_shortcut(QKeySequence.StandardKey.Forward, "Alt+Right")


def shortcut_text(sequences: list[QKeySequence]) -> str:
    return sequences[0].toString(QKeySequence.SequenceFormat.NativeText) if sequences else ""


class CalendarActions(QObject):
    """The actions of the View menu that drive the calendar area (disabled until a plan is shown)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.area: CalendarArea | None = None
        self.view_group = QActionGroup(self)
        self.view_actions: dict[Tab, QAction] = {}
        for tab, shortcut in VIEW_SHORTCUTS.items():
            action = QAction(self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _checked=False, tab=tab: self._show(tab))
            self.view_group.addAction(action)
            self.view_actions[tab] = action
        self.previous_action = QAction(self)
        self.previous_action.setShortcuts(previous_shortcuts())
        self.previous_action.triggered.connect(lambda: self._step(-1))
        self.today_action = QAction(self)
        self.today_action.setShortcut(QKeySequence(TODAY_SHORTCUT))
        self.today_action.triggered.connect(self._today)
        self.next_action = QAction(self)
        self.next_action.setShortcuts(next_shortcuts())
        self.next_action.triggered.connect(lambda: self._step(1))
        self.set_enabled(False)

    def actions(self) -> list[QAction]:
        return [*self.view_actions.values(), self.previous_action, self.today_action, self.next_action]

    def add_to(self, menu: QMenu) -> None:
        for action in self.view_actions.values():
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.previous_action, self.today_action, self.next_action):
            menu.addAction(action)
        menu.addSeparator()

    def attach(self, area: CalendarArea) -> None:
        """Drive this calendar area from now on."""
        self.area = area
        area.tabs.currentChanged.connect(lambda _index: self._follow())
        self._follow()

    def set_enabled(self, enabled: bool) -> None:
        self.view_group.setEnabled(enabled)
        self._follow(enabled)

    def _follow(self, enabled: bool | None = None) -> None:
        """Tick the view on screen; previous / today / next only where the view has a period."""
        enabled = self.view_group.isEnabled() if enabled is None else enabled
        tab = self.area.current_tab() if self.area is not None else None
        if tab is not None:
            self.view_actions[tab].setChecked(True)
        for action in (self.previous_action, self.today_action, self.next_action):
            action.setEnabled(enabled and tab in NAVIGATING_TABS)

    def _show(self, tab: Tab) -> None:
        if self.area is not None:
            self.area.show_tab(tab)

    def _step(self, direction: int) -> None:
        if self.area is not None:
            self.area.step(direction)

    def _today(self) -> None:
        if self.area is not None:
            self.area.go_today()

    def retranslate_ui(self) -> None:
        for tab, action in self.view_actions.items():
            action.setText(_(TAB_LABELS[tab]))
        self.previous_action.setText(_("&Previous"))
        self.previous_action.setToolTip(_("The previous week, month or day"))
        self.today_action.setText(_("Go to &today"))
        self.next_action.setText(_("&Next"))
        self.next_action.setToolTip(_("The next week, month or day"))
