"""The painted calendar views: they take the domain's layouts, map clicks back to posts and times, and say what the
founder asked for through their signals."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

from smplanner.domain.calendar_layout import market_clocks, month_layout, week_layout
from smplanner.domain.plan import Firm, Market, Plan, Post, Presence, Strategy
from smplanner.domain.post_warnings import PostAdvice, PostNote, PostWarning
from smplanner.domain.timezones import zone
from smplanner.ui.calendar import ColourBy, post_tooltip, text_on, tile_fill, utc_offset_text
from smplanner.ui.calendar.market_clocks_view import MarketClocksView
from smplanner.ui.calendar.month_view import MonthView
from smplanner.ui.calendar.week_view import WeekView
from smplanner.ui.colours import contrast

BRUSSELS = "Europe/Brussels"
MONDAY = date(2027, 1, 11)
NOW = datetime(2027, 1, 13, 9, 30, tzinfo=UTC)  # a Wednesday, 10:30 in Brussels

BE = Market("BE", BRUSSELS, id="be")
JP = Market("JP", "Asia/Tokyo", id="jp")
PLAN = Plan(
    firm=Firm("ACME", "BE", BRUSSELS),
    strategy=Strategy(date(2027, 1, 4), date(2027, 12, 31)),
    markets=(BE, JP),
    presences=(Presence("be", "linkedin"), Presence("jp", "instagram")),
)


def make_post(post_id: str, market: Market, local: datetime, platform: str = "linkedin") -> Post:
    return Post(market.id, platform, local, market.zone, id=post_id, title="Post " + post_id)


POSTS = [
    make_post("tue-a", BE, datetime(2027, 1, 12, 9, 0)),
    make_post("tue-b", BE, datetime(2027, 1, 12, 9, 0), "instagram"),  # same time: a second lane
    make_post("tue-jp", JP, datetime(2027, 1, 12, 19, 0), "instagram"),  # 11:00 in Brussels
    make_post("wed", BE, datetime(2027, 1, 13, 14, 0)),
    make_post("fri", BE, datetime(2027, 1, 15, 8, 0)),
]
WARNINGS = {"tue-jp": PostAdvice((PostWarning.OUTSIDE_GOOD_HOURS,), (PostNote.SCHEDULE_AHEAD,))}
HOLIDAYS = {"jp": {date(2027, 1, 11): "Coming of Age Day"}}


def send_mouse(widget, kind: QEvent.Type, pos: QPoint, button=Qt.MouseButton.LeftButton,
               buttons=Qt.MouseButton.LeftButton, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    point = QPointF(pos)
    event = QMouseEvent(kind, point, widget.mapToGlobal(point), button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e8e8e8"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#262626"),
                         (QPalette.ColorRole.Text, "#e8e8e8"), (QPalette.ColorRole.Highlight, "#3d8ee6")):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def week_view(qtbot) -> WeekView:
    view = WeekView(clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.set_layout(week_layout(POSTS, WARNINGS, PLAN, BRUSSELS, MONDAY, HOLIDAYS))
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_week_view_shows_the_layout_from_seven_in_the_morning(week_view: WeekView) -> None:
    assert week_view.week().week_start == MONDAY
    assert week_view.first_visible_minute() == pytest.approx(7 * 60, abs=1)
    for post in POSTS:
        assert week_view.rect().contains(week_view.tile_rect(post.id)), post.id
    assert week_view.tile_rect("nothing").isEmpty()
    assert not week_view.grab().isNull()


def test_a_click_selects_the_post_under_the_pointer_even_in_a_shared_slot(qtbot, week_view: WeekView) -> None:
    left, right = week_view.tile_rect("tue-a"), week_view.tile_rect("tue-b")
    assert left.right() < right.left() and left.top() == right.top()
    with qtbot.waitSignal(week_view.post_selected) as selected:
        qtbot.mouseClick(week_view, Qt.MouseButton.LeftButton, pos=right.center())
    assert selected.args == ["tue-b"] and week_view.selected_posts() == ["tue-b"]
    assert week_view.post_at(left.center()) == "tue-a"
    assert week_view.post_at(week_view.point_at(6, 12 * 60)) is None
    qtbot.mouseClick(week_view, Qt.MouseButton.LeftButton, pos=week_view.point_at(6, 12 * 60))
    assert week_view.selected_posts() == []


def test_a_tokyo_post_sits_at_its_brussels_time(week_view: WeekView) -> None:
    assert week_view.post_at(week_view.point_at(1, 11 * 60 + 10)) == "tue-jp"


def test_double_click_on_an_empty_slot_gives_its_quarter_hour_in_the_reference_zone(qtbot, week_view) -> None:
    week_view.scroll_to_minute(12 * 60)  # the afternoon in view
    with qtbot.waitSignal(week_view.slot_activated) as slot:
        qtbot.mouseDClick(week_view, Qt.MouseButton.LeftButton, pos=week_view.point_at(2, 16 * 60 + 40))
    (when,) = slot.args
    assert when == datetime(2027, 1, 13, 16, 30, tzinfo=zone(BRUSSELS))
    assert when.tzinfo is not None and when.astimezone(UTC).hour == 15


def test_double_click_on_a_post_activates_it(qtbot, week_view: WeekView) -> None:
    with qtbot.waitSignal(week_view.post_activated) as activated:
        qtbot.mouseDClick(week_view, Qt.MouseButton.LeftButton, pos=week_view.tile_rect("wed").center())
    assert activated.args == ["wed"]


def test_dragging_a_post_moves_it_on_a_quarter_hour(qtbot, week_view: WeekView) -> None:
    start = week_view.tile_rect("wed").center()
    # 47 minutes later, one day further: the post lands on the nearest quarter hour.
    target = week_view.point_at(3, 0)
    target.setY(start.y() + round(47 * week_view._hour_height / 60))
    with qtbot.waitSignal(week_view.post_moved) as moved:
        send_mouse(week_view, QEvent.Type.MouseButtonPress, start)
        send_mouse(week_view, QEvent.Type.MouseMove, start + QPoint(0, 20), Qt.MouseButton.NoButton)
        send_mouse(week_view, QEvent.Type.MouseMove, target, Qt.MouseButton.NoButton)
        send_mouse(week_view, QEvent.Type.MouseButtonRelease, target, buttons=Qt.MouseButton.NoButton)
    post_id, when = moved.args
    assert post_id == "wed"
    assert when == datetime(2027, 1, 14, 14, 45, tzinfo=zone(BRUSSELS))


def test_a_drag_back_to_where_it_started_moves_nothing(qtbot, week_view: WeekView) -> None:
    start = week_view.tile_rect("wed").center()
    with qtbot.assertNotEmitted(week_view.post_moved):
        send_mouse(week_view, QEvent.Type.MouseButtonPress, start)
        send_mouse(week_view, QEvent.Type.MouseMove, start + QPoint(0, 30), Qt.MouseButton.NoButton)
        send_mouse(week_view, QEvent.Type.MouseMove, start, Qt.MouseButton.NoButton)
        send_mouse(week_view, QEvent.Type.MouseButtonRelease, start, buttons=Qt.MouseButton.NoButton)


def test_delete_asks_to_delete_the_selection_in_time_order(qtbot, week_view: WeekView) -> None:
    qtbot.mouseClick(week_view, Qt.MouseButton.LeftButton, pos=week_view.tile_rect("fri").center())
    qtbot.mouseClick(week_view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     week_view.tile_rect("tue-a").center())
    with qtbot.waitSignal(week_view.delete_requested) as deleted:
        qtbot.keyClick(week_view, Qt.Key.Key_Delete)
    assert deleted.args == [["tue-a", "fri"]]


def test_the_keyboard_walks_the_posts_in_time_order(qtbot, week_view: WeekView) -> None:
    week_view.setFocus()
    qtbot.keyClick(week_view, Qt.Key.Key_Down)
    assert week_view.current_post() == "tue-a"
    qtbot.keyClick(week_view, Qt.Key.Key_Down)
    qtbot.keyClick(week_view, Qt.Key.Key_Tab)
    assert week_view.current_post() == "tue-jp"
    qtbot.keyClick(week_view, Qt.Key.Key_Up)
    assert week_view.current_post() == "tue-b"
    qtbot.keyClick(week_view, Qt.Key.Key_Right)  # the next day with posts, nearest in time of day
    assert week_view.current_post() == "wed"
    qtbot.keyClick(week_view, Qt.Key.Key_Right)
    assert week_view.current_post() == "fri" and week_view.selected_posts() == ["fri"]
    with qtbot.waitSignal(week_view.post_activated) as activated:
        qtbot.keyClick(week_view, Qt.Key.Key_Return)
    assert activated.args == ["fri"]


def test_selecting_a_post_scrolls_it_into_view(qtbot, week_view: WeekView) -> None:
    late = make_post("late", BE, datetime(2027, 1, 16, 23, 0))
    week_view.set_layout(week_layout([*POSTS, late], {}, PLAN, BRUSSELS, MONDAY))
    week_view.setFocus()
    qtbot.keyClick(week_view, Qt.Key.Key_Up)  # from nothing, Up goes to the last post
    assert week_view.current_post() == "late"
    assert week_view.rect().contains(week_view.tile_rect("late"))


def test_colours_follow_the_toggle_and_read_on_light_and_dark(week_view: WeekView) -> None:
    week_view.colour_by = "platform"
    assert week_view.colour_by == ColourBy.PLATFORM
    week_view.setPalette(dark_palette())
    assert not week_view.grab().isNull()
    for index in range(12):
        for dark in (False, True):
            fill = tile_fill(index, dark)
            assert contrast(fill, text_on(fill)) >= 4.5


def test_a_post_tooltip_gives_both_times_with_their_zones_and_the_warnings(week_view: WeekView) -> None:
    tile = week_view.week().tile("tue-jp")
    text = post_tooltip(tile.title, tile.platform_name, tile.market_code, "JP", tile.local, tile.home, tile.warnings)
    text = text.replace("\u202f", " ")  # CLDR puts a narrow no-break space before AM/PM
    assert "Post tue-jp" in text and "Instagram" in text and "Japan" in text
    assert "7:00 PM JST" in text and "11:00 AM CET" in text
    assert "Outside the platform's good hours" in text
    assert utc_offset_text(tile.local) == "UTC+9"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen platform, showing the tooltip
def test_hovering_a_post_or_a_holiday_shows_what_it_is(qtbot, week_view: WeekView) -> None:
    def tooltip_at(pos: QPoint) -> str:
        QApplication.sendEvent(week_view, QHelpEvent(QEvent.Type.ToolTip, pos, week_view.mapToGlobal(pos)))
        return QToolTip.text().replace("\u202f", " ")

    assert "7:00 PM JST" in tooltip_at(week_view.tile_rect("tue-jp").center())
    banner = QPoint(week_view.point_at(0, 0).x(), week_view._title_height + week_view._banner_height // 2)
    assert "Coming of Age Day" in tooltip_at(banner)
    QToolTip.hideText()


@pytest.fixture
def month_view(qtbot) -> MonthView:
    view = MonthView(clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.set_layout(month_layout(POSTS, WARNINGS, PLAN, BRUSSELS, date(2027, 1, 1), HOLIDAYS, first_weekday=0))
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_month_view_maps_clicks_to_posts_and_days(qtbot, month_view: MonthView) -> None:
    tile = month_view.tile_rect("tue-jp")
    assert month_view.cell_rect(date(2027, 1, 12)).contains(tile)
    assert month_view.day_at(tile.center()) == date(2027, 1, 12)
    with qtbot.waitSignal(month_view.post_selected) as selected:
        qtbot.mouseClick(month_view, Qt.MouseButton.LeftButton, pos=tile.center())
    assert selected.args == ["tue-jp"]
    with qtbot.waitSignal(month_view.post_activated) as activated:
        qtbot.mouseDClick(month_view, Qt.MouseButton.LeftButton, pos=month_view.tile_rect("wed").center())
    assert activated.args == ["wed"]
    empty = month_view.cell_rect(date(2027, 1, 14))
    with qtbot.waitSignal(month_view.slot_activated) as slot:
        qtbot.mouseDClick(month_view, Qt.MouseButton.LeftButton, pos=empty.center())
    assert slot.args == [datetime(2027, 1, 14, 9, 0, tzinfo=zone(BRUSSELS))]


def test_the_month_view_keyboard_and_delete(qtbot, month_view: MonthView) -> None:
    month_view.setFocus()
    qtbot.keyClick(month_view, Qt.Key.Key_Right)
    qtbot.keyClick(month_view, Qt.Key.Key_Right)
    assert month_view.current_post() == "tue-b"
    with qtbot.waitSignal(month_view.delete_requested) as deleted:
        qtbot.keyClick(month_view, Qt.Key.Key_Delete)
    assert deleted.args == [["tue-b"]]


def test_a_full_day_shows_more_and_asks_for_its_week(qtbot, month_view: MonthView) -> None:
    crowded = [make_post("p{n}".format(n=n), BE, datetime(2027, 1, 20, 8, 0) + timedelta(minutes=30 * n))
               for n in range(12)]
    month_view.set_layout(month_layout(crowded, {}, PLAN, BRUSSELS, date(2027, 1, 1), first_weekday=0))
    shown = [p.id for p in crowded if not month_view.tile_rect(p.id).isEmpty()]
    assert 0 < len(shown) < 12 and shown == [p.id for p in crowded[:len(shown)]]
    last = month_view.tile_rect(shown[-1])
    more = QPoint(last.center().x(), last.bottom() + last.height() // 2 + 1)
    with qtbot.waitSignal(month_view.day_requested) as requested:
        qtbot.mouseClick(month_view, Qt.MouseButton.LeftButton, pos=more)
    assert requested.args == [date(2027, 1, 20)]


def test_the_clocks_view_shows_a_row_per_market_and_finds_windows(qtbot) -> None:
    view = MarketClocksView()
    qtbot.addWidget(view)
    view.resize(1024, 700)
    rows = market_clocks(PLAN, date(2027, 1, 12))
    view.set_rows(rows)
    view.show()
    qtbot.waitExposed(view)
    assert [r.code for r in view.rows()] == ["", "BE", "JP"]
    for index in range(3):
        assert view.rect().contains(view.bar_rect(index))
    be_row = rows[1]
    window = be_row.windows[0]  # LinkedIn, 10:00-12:00 in Brussels
    x = view.bar_rect(1).left() + view.bar_rect(1).width() * (window.start_minute + 30) / (24 * 60)
    found = view.window_at(QPoint(round(x), view.bar_rect(1).center().y()))
    assert found is not None and found[1] == window
    assert "JP" in view.accessibleDescription() and "LinkedIn" in view.accessibleDescription()
    view.setPalette(dark_palette())
    assert not view.grab().isNull()


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_a_bar_without_good_hours_says_so_in_its_daytime_on_a_plate(qtbot, palette: str) -> None:
    """The sentence keeps off the night's shading and the midnight line, on the bar's own colour (SMPLANNER_SHOTS
    keeps the picture)."""
    plan = Plan(firm=Firm("ACME", "BE", BRUSSELS), strategy=Strategy(date(2027, 1, 4), date(2027, 3, 28)),
                markets=(JP, Market("US", "America/New_York", subdivision="NY", id="us")),
                presences=(Presence("jp", "line"), Presence("us", "threads")))  # no published good hours
    view = MarketClocksView()
    qtbot.addWidget(view)
    if palette == "dark":
        view.setPalette(dark_palette())
    view.resize(1016, 420)
    rows = market_clocks(plan, date(2027, 1, 12))
    view.set_rows(rows)
    view.show()
    qtbot.waitExposed(view)
    for row in rows[1:]:
        assert not row.windows
        start, end = view.longest_day(row)
        assert end - start >= 8 * 60  # Tokyo's and New York's whole day, 07:00 to 22:00 on their clocks
        assert all(not start < tick.minute < end for tick in row.ticks if tick.local.hour == 0)
        assert all(7 <= tick.local.hour < 22 for tick in row.ticks if start <= tick.minute < end)
    if "SMPLANNER_SHOTS" in os.environ:
        view.grab().save(str(Path(os.environ["SMPLANNER_SHOTS"]) / "clocks_no_good_hours_{palette}.png".format(
            palette=palette)))


@pytest.mark.parametrize("name", ["confectioner", "consultancy", "training"])
def test_the_example_plans_paint_in_every_view(qtbot, name: str) -> None:
    from smplanner.domain.examples import example
    from smplanner.services.holidays import named_holidays
    from smplanner.services.planning import posts_for

    plan = example(name).build(MONDAY)
    posts = posts_for(plan)
    holidays = {m.id: dict(named_holidays(m, MONDAY, MONDAY + timedelta(days=60), "en")) for m in plan.markets}
    week, month, clocks = WeekView(clock=lambda: NOW), MonthView(clock=lambda: NOW), MarketClocksView()
    for view in (week, month, clocks):
        qtbot.addWidget(view)
        view.resize(1024, 700)
    week.set_layout(week_layout(posts, {}, plan, plan.firm.home_zone, MONDAY, holidays))
    month.set_layout(month_layout(posts, {}, plan, plan.firm.home_zone, date(2027, 1, 1), holidays))
    clocks.set_rows(market_clocks(plan, MONDAY))
    assert week.week().tiles
    for view in (week, month, clocks):
        assert not view.grab().isNull()
        view.setPalette(dark_palette())
        assert not view.grab().isNull()


def test_narrow_days_give_each_half_hour_two_lines_the_title_on_the_second(qtbot, week_view: WeekView) -> None:
    tile = next(t for t in week_view.week().tiles if t.title and t.lanes == 1)
    week_view.scroll_to_minute(10 * 60)
    narrow = week_view.tile_text(tile.post_id).split("\n")
    assert len(narrow) == 2 and narrow[1].rstrip("\u2026") == tile.title[:len(narrow[1].rstrip("\u2026"))]
    narrow_hour = week_view.point_at(0, 11 * 60).y() - week_view.point_at(0, 10 * 60).y()
    week_view.resize(2600, 700)  # days wide enough for one line
    assert len(week_view.tile_text(tile.post_id).split("\n")) == 1
    assert week_view.point_at(0, 11 * 60).y() - week_view.point_at(0, 10 * 60).y() < narrow_hour
    assert week_view.first_visible_minute() == pytest.approx(10 * 60, abs=3)  # the same hours in view (to a pixel)
