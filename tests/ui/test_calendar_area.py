"""The calendar in the main window: navigation, filters, and posts created, edited, moved and deleted with undo."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

from smplanner.domain.calendar_filter import CalendarFilter
from smplanner.domain.timezones import zone
from smplanner.ui import file_dialogs
from smplanner.ui.calendar.calendar_area import Tab
from smplanner.ui.dialogs.post_dialog import PostDialog
from smplanner.ui.main_window import MainWindow

NOW = datetime(2027, 1, 6, 10, 0)  # the clock of the `window` fixture (tests/ui/conftest.py)


def week_tiles(window: MainWindow):
    return window.calendar.views[Tab.WEEK]._week.tiles


def test_the_week_shows_this_weeks_posts_and_navigation_moves_it(opened: MainWindow) -> None:
    area = opened.calendar
    area.show_tab(Tab.WEEK)
    assert area.anchor == NOW.date()
    tiles = week_tiles(opened)
    assert tiles
    monday = NOW.date() - timedelta(days=NOW.weekday())
    reference = zone(opened.service.plan().firm.home_zone)
    for tile in tiles:
        instant = opened.service.post(tile.post_id).instant.astimezone(reference)
        assert monday <= instant.date() <= monday + timedelta(days=6)
    area.next_button.click()
    assert area.anchor == NOW.date() + timedelta(days=7)
    assert {t.post_id for t in week_tiles(opened)}.isdisjoint({t.post_id for t in tiles})
    area.today_button.click()
    assert area.anchor == NOW.date()
    assert "2027" in area.period_label.text() and area.period_label.text() != ""


def test_a_filter_applies_to_the_views(opened: MainWindow) -> None:
    area = opened.calendar
    area.show_tab(Tab.WEEK)
    japan = next(m for m in opened.service.plan().markets if m.country == "JP")
    area.set_filter(CalendarFilter(markets=frozenset({japan.id})))
    tiles = week_tiles(opened)
    assert tiles and {t.market_id for t in tiles} == {japan.id}
    assert area.filter_button.text() == "Filter (on)"
    area.show_tab(Tab.AGENDA)
    agenda = area.views[Tab.AGENDA]
    posts = opened.service.posts_by_id(agenda.model.post_ids())
    assert posts and {p.market_id for p in posts} == {japan.id}


def test_edit_move_delete_and_undo(opened: MainWindow, monkeypatch) -> None:
    area = opened.calendar
    area.show_tab(Tab.WEEK)
    post = opened.service.post(week_tiles(opened)[0].post_id)

    monkeypatch.setattr(PostDialog, "ask", classmethod(
        lambda cls, parent, plan, post=None, **kw: dataclasses.replace(post, title="Cherry blossom box")))
    area.post_activated.emit(post.id)
    assert opened.service.post(post.id).title == "Cherry blossom box"
    assert opened.service.post(post.id).edited

    later = post.instant.astimezone(zone(post.zone)) + timedelta(hours=2)
    area.post_moved.emit(post.id, later)
    assert opened.service.post(post.id).local == post.local + timedelta(hours=2)

    area.delete_requested.emit([post.id])
    assert opened.service.post(post.id) is None
    opened.undo_stack.undo()
    assert opened.service.post(post.id) is not None
    opened.undo_stack.undo()
    assert opened.service.post(post.id).local == post.local
    opened.undo_stack.undo()
    assert opened.service.post(post.id) == post


def test_double_clicking_an_empty_slot_creates_a_post(opened: MainWindow, monkeypatch) -> None:
    area = opened.calendar
    area.show_tab(Tab.WEEK)
    asked = {}

    def answer(cls, parent, plan, post=None, default_local=None, default_market_id=None, **editor):
        asked.update(local=default_local, market=default_market_id)
        from smplanner.domain.plan import Post

        market = plan.market(default_market_id)
        return Post(market_id=market.id, platform="instagram", local=default_local, zone=market.zone, title="New")

    monkeypatch.setattr(PostDialog, "ask", classmethod(answer))
    count = opened.service.summary().post_count
    when = datetime(2027, 1, 7, 10, 15, tzinfo=zone("Europe/Brussels"))
    area.slot_activated.emit(when)
    assert opened.service.summary().post_count == count + 1
    market = opened.service.plan().market(asked["market"])
    assert asked["local"] == when.astimezone(zone(market.zone)).replace(tzinfo=None)
    opened.undo_stack.undo()
    assert opened.service.summary().post_count == count


def test_the_workload_tab_shows_the_weekly_hours_and_stores_new_settings(opened: MainWindow) -> None:
    from smplanner.domain.workload import WorkloadSettings

    area = opened.calendar
    area.show_tab(Tab.WORKLOAD)
    panel = area.views[Tab.WORKLOAD]
    assert not area.toolbar.isVisible()
    assert panel.has_posts() and not panel.is_empty()
    needed = panel.chart.chart_layout().top_hours if hasattr(panel, "chart") else None
    changed = WorkloadSettings(community_minutes_per_presence=120)
    panel.settings_changed.emit(changed)
    assert opened.service.workload_settings() == changed
    if needed is not None:
        assert area.views[Tab.WORKLOAD].chart.chart_layout().top_hours >= needed


def test_file_menu_exports_the_calendar_and_the_summary(opened: MainWindow, tmp_path: Path, monkeypatch) -> None:
    import re
    import subprocess

    from icalendar import Calendar

    from smplanner.services.ics_export import ExportRequest, IcsOptions
    from smplanner.ui.dialogs.export_dialog import ExportDialog

    plan = opened.service.plan()
    request = ExportRequest(CalendarFilter(), plan.strategy.period_start, plan.strategy.period_end, IcsOptions())
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, *args, **kw: request))
    target = tmp_path / "calendar.ics"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda parent, title, suggested, filter_text: target)
    opened.export_ics_action.trigger()
    events = [c for c in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert len(events) == opened.service.summary().post_count

    pdf = tmp_path / "summary.pdf"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda parent, title, suggested, filter_text: pdf)
    opened.export_pdf_action.trigger()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)


def test_empty_views_say_where_the_posts_are(opened: MainWindow) -> None:
    from datetime import date

    area = opened.calendar
    area.show_tab(Tab.WEEK)
    hint = area._hints[Tab.WEEK]
    assert hint.isHidden()  # this week holds posts
    area.go_to(date(2029, 6, 4))
    assert not hint.isHidden() and "No post this week" in hint.text()
    summary = opened.service.summary()
    first = summary.first_post.instant.astimezone(zone(opened.service.plan().firm.home_zone)).date()
    assert str(first.year) in hint.text() and hint.geometry().intersects(area.views[Tab.WEEK].rect())
    area.show_tab(Tab.MONTH)
    assert "No post this month" in area._hints[Tab.MONTH].text() and not area._hints[Tab.MONTH].isHidden()
    area.go_today()
    assert area._hints[Tab.MONTH].isHidden()

    area.show_tab(Tab.AGENDA)
    agenda = area.views[Tab.AGENDA]
    assert area._hints[Tab.AGENDA].isHidden()
    agenda.search.setText("no post says this")
    agenda.apply_search()
    assert agenda.model.rowCount() == 0
    assert not area._hints[Tab.AGENDA].isHidden()
    assert "filter or the search" in area._hints[Tab.AGENDA].text()
    agenda.search.clear()
    agenda.apply_search()
    assert agenda.model.rowCount() and area._hints[Tab.AGENDA].isHidden()


def test_a_calendar_tab_is_painted_once_when_first_shown(opened: MainWindow, qtbot) -> None:
    """Its view is shown as it is built: the layout's own show comes after the first paint and paints it all again."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    painted: list[str] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and watched in opened.calendar.views.values():
                painted.append(type(watched).__name__)
            return False

    counter = Paints()
    QApplication.instance().installEventFilter(counter)
    qtbot.waitExposed(opened)
    for tab, view in ((Tab.MONTH, "MonthView"), (Tab.WEEK, "WeekView"), (Tab.CLOCKS, "MarketClocksView")):
        painted.clear()
        opened.calendar.show_tab(tab)
        qtbot.waitUntil(lambda: bool(painted))
        qtbot.wait(50)  # time for the layout's pass that would paint again
        assert painted == [view]
    QApplication.instance().removeEventFilter(counter)


def test_the_colours_menu_colours_the_week_and_the_month_and_says_its_choice(opened: MainWindow) -> None:
    from smplanner.ui.calendar import ColourBy

    area = opened.calendar
    area.show_tab(Tab.WEEK)
    assert area.colour_button.isVisibleTo(opened) and area.colour_button.toolTip() == "Colour by market"
    area.colour_actions[ColourBy.PLATFORM].trigger()
    assert area.views[Tab.WEEK].colour_by is ColourBy.PLATFORM
    assert area.colour_button.toolTip() == "Colour by platform"
    assert [action.isChecked() for action in area.colour_menu.actions()] == [False, True]
    area.show_tab(Tab.MONTH)
    assert area.views[Tab.MONTH].colour_by is ColourBy.PLATFORM
    area.show_tab(Tab.AGENDA)
    assert not area.colour_button.isVisibleTo(opened) and area.filter_button.isVisibleTo(opened)
