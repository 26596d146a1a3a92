"""Changes flow one way: a command's Changes reach every view through one signal, and each view updates only what
it shows — at once when on screen, when next shown otherwise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QWidget

from smplanner.services.changes import Changes
from smplanner.ui.calendar.calendar_area import Tab
from smplanner.ui.change_signal import FollowWhenShown, PlanChangeSignal
from smplanner.ui.main_window import MainWindow

NOW = datetime(2027, 1, 6, 10, 0)  # the clock of the `window` fixture (tests/ui/conftest.py)


def test_nothing_changed_is_not_told(qtbot) -> None:
    signal = PlanChangeSignal()
    told: list[Changes] = []
    signal.plan_changed.connect(told.append)
    signal.tell(Changes())
    signal.tell(Changes(firm=True))
    assert told == [Changes(firm=True)]


def test_a_hidden_view_applies_the_merged_changes_when_shown(qtbot) -> None:
    view = QWidget()
    qtbot.addWidget(view)
    applied: list[Changes] = []
    follower = FollowWhenShown(view, applied.append)
    follower.follow(Changes(firm=True))
    follower.follow(Changes(settings=True))
    assert applied == [] and follower.pending() == Changes(firm=True, settings=True)
    view.show()
    assert applied == [Changes(firm=True, settings=True)] and follower.pending() is None
    follower.follow(Changes(holidays=True))
    assert applied[-1] == Changes(holidays=True)


def shown_posts(window: MainWindow) -> set[str]:
    return {tile.post_id for tile in window.calendar.views[Tab.WEEK].week().tiles}


def test_a_move_far_from_the_week_on_screen_leaves_it_alone(opened: MainWindow, qtbot) -> None:
    area = opened.calendar
    area.show_tab(Tab.WEEK)
    layout = area.views[Tab.WEEK].week()
    far = opened.service.posts_between(layout.columns[0].noon + timedelta(days=60), None)[0]
    area.post_moved.emit(far.id, far.instant + timedelta(days=1))
    assert opened.service.post(far.id).local == far.local + timedelta(days=1)
    assert area.views[Tab.WEEK].week() is layout  # neither the read nor the layout was done again

    shown = opened.service.post(min(shown_posts(opened)))
    later = shown.instant + timedelta(days=1, hours=2)
    area.post_moved.emit(shown.id, later)
    moved = area.views[Tab.WEEK].week()
    assert moved is not layout
    tile = next(tile for tile in moved.tiles if tile.post_id == shown.id)
    assert tile.instant == later
    opened.undo_stack.undo()
    assert next(t for t in area.views[Tab.WEEK].week().tiles if t.post_id == shown.id).instant == shown.instant


def test_hidden_tabs_catch_up_when_shown(opened: MainWindow, qtbot) -> None:
    area = opened.calendar
    area.show_tab(Tab.AGENDA)
    agenda = area.views[Tab.AGENDA]
    area.show_tab(Tab.WORKLOAD)
    panel = area.views[Tab.WORKLOAD]
    report = panel.chart.report()
    area.show_tab(Tab.WEEK)
    resets: list[int] = []
    agenda.model.modelReset.connect(lambda: resets.append(1))
    post = opened.service.post(min(shown_posts(opened)))
    area.post_moved.emit(post.id, post.instant + timedelta(days=8))  # into another week
    assert resets == [] and panel.chart.report() is report  # hidden: nothing recomputed yet

    area.show_tab(Tab.AGENDA)
    row = agenda.model.row_of(post.id)
    assert agenda.model.post_at(row) == opened.service.post(post.id)
    area.show_tab(Tab.WORKLOAD)
    assert panel.chart.report() is not report
    assert panel.chart.report() == opened.service.workload(now=NOW.astimezone(UTC))[0]  # as counting all again


def test_the_firm_name_reaches_the_title_and_the_overview(opened: MainWindow, qtbot) -> None:
    opened.plan_commands.set_firm_name("Pralines of Namur")
    assert opened.windowTitle().startswith("Pralines of Namur")
    assert opened.calendar.tabs.widget(Tab.OVERVIEW).title.text() == "Pralines of Namur"
    opened.undo_stack.undo()
    assert not opened.windowTitle().startswith("Pralines of Namur")


def test_the_publishing_log_is_laid_out_when_its_tab_is_shown(opened: MainWindow, qtbot) -> None:
    """An edit on the Workload tab lays out the publishing log only when the founder looks at it."""
    area = opened.calendar
    area.show_tab(Tab.WORKLOAD)
    panel = area.views[Tab.WORKLOAD]
    qtbot.waitUntil(panel.isVisible)  # a view made while its tab is on screen shows from the event loop
    table = panel.publishing
    assert not table.isVisible() and table.topLevelItemCount() == 0  # the totals are shown first

    def overdue_by_row() -> list[str]:
        return [table.topLevelItem(i).text(5) for i in range(table.topLevelItemCount())]

    def logged() -> list[str]:
        log = opened.service.publishing_log(NOW.astimezone())
        return [str(record.overdue) for record in log.presences]

    panel.views.setCurrentWidget(table)
    before = overdue_by_row()
    assert before == logged() and any(count != "0" for count in before)
    first_row = table.topLevelItem(0)
    panel.views.setCurrentIndex(0)
    past = opened.service.posts_between(None, NOW.astimezone())[-1]
    area.post_moved.emit(past.id, past.instant + timedelta(days=30))  # no longer overdue
    assert table.topLevelItem(0) is first_row  # hidden: laid out when shown
    panel.views.setCurrentWidget(table)
    assert overdue_by_row() == logged() != before
