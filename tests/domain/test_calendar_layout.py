"""The calendar geometry: lanes, zone offsets across daylight saving, good-hour bands, the month grid, the clocks."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time

from babel import Locale

from smplanner.domain.post_warnings import PostAdvice, PostNote, PostWarning
from smplanner.domain.calendar_layout import (
    MINUTES_PER_DAY,
    WindowFit,
    good_hour_spans,
    market_clocks,
    month_layout,
    nearest_index,
    time_order,
    week_layout,
)
from smplanner.domain.catalogue import shipped_catalogue
from smplanner.domain.plan import Firm, Market, Plan, Post, Presence, Strategy
from smplanner.i18n import set_language

BRUSSELS = "Europe/Brussels"
MONDAY = date(2027, 1, 11)


def plan_with(*markets: tuple[Market, tuple[str, ...]], home: str = BRUSSELS, **firm: object) -> Plan:
    presences = tuple(Presence(m.id, platform) for m, platforms in markets for platform in platforms)
    return Plan(
        firm=Firm("ACME", "BE", home, **firm),
        strategy=Strategy(date(2027, 1, 4), date(2027, 12, 31)),
        markets=tuple(m for m, _ in markets),
        presences=presences,
    )


def post(market: Market, local: datetime, platform: str = "linkedin", post_id: str | None = None) -> Post:
    return Post(market.id, platform, local, market.zone, id=post_id or local.isoformat() + market.code, title="T")


def test_overlapping_posts_share_lanes_and_separate_ones_do_not() -> None:
    be = Market("BE", BRUSSELS)
    plan = plan_with((be, ("linkedin",)))
    posts = [
        post(be, datetime(2027, 1, 12, 9, 0), post_id="a"),
        post(be, datetime(2027, 1, 12, 9, 15), post_id="b"),
        post(be, datetime(2027, 1, 12, 9, 30), post_id="c"),
        post(be, datetime(2027, 1, 12, 11, 0), post_id="d"),
        post(be, datetime(2027, 1, 13, 9, 0), post_id="e"),
    ]
    advice = {"b": PostAdvice((PostWarning.HOLIDAY,), (PostNote.SCHEDULE_AHEAD,))}
    layout = week_layout(posts, advice, plan, BRUSSELS, MONDAY, slot_minutes=30)
    lanes = {t.post_id: (t.column, t.start_minute, t.end_minute, t.lane, t.lanes) for t in layout.tiles}
    assert lanes == {
        "a": (1, 540, 570, 0, 2),
        "b": (1, 555, 585, 1, 2),
        "c": (1, 570, 600, 0, 2),  # starts as a ends: back in the first lane, beside b
        "d": (1, 660, 690, 0, 1),
        "e": (2, 540, 570, 0, 1),
    }
    assert layout.tile("b").warnings == ("holiday",) and layout.tile("b").notes == ("schedule_ahead",)
    assert layout.tile("a").warnings == () and layout.tile("a").notes == ()
    assert time_order(layout.tiles) == ["a", "b", "c", "d", "e"]


def test_posts_outside_the_week_are_left_out_and_a_late_post_is_clipped_to_its_day() -> None:
    be = Market("BE", BRUSSELS)
    plan = plan_with((be, ()))
    posts = [post(be, datetime(2027, 1, 10, 23, 59), post_id="before"),
             post(be, datetime(2027, 1, 17, 23, 45), post_id="last"),
             post(be, datetime(2027, 1, 18, 0, 0), post_id="after")]
    layout = week_layout(posts, {}, plan, BRUSSELS, MONDAY)
    assert [(t.post_id, t.column, t.start_minute, t.end_minute) for t in layout.tiles] == [("last", 6, 1425, 1440)]


def test_a_tokyo_post_is_placed_at_its_brussels_time() -> None:
    jp = Market("JP", "Asia/Tokyo")
    plan = plan_with((jp, ("linkedin",)))
    posts = [post(jp, datetime(2027, 1, 12, 9, 0), post_id="morning"),
             post(jp, datetime(2027, 1, 13, 7, 0), post_id="early")]
    layout = week_layout(posts, {}, plan, BRUSSELS, MONDAY)
    morning, early = layout.tile("morning"), layout.tile("early")
    assert (morning.column, morning.start_minute) == (1, 60)  # 09:00 JST is 01:00 CET the same day
    assert (early.column, early.start_minute) == (1, 23 * 60)  # 07:00 JST is the evening before in Brussels
    assert morning.local.hour == 9 and morning.local.tzname() == "JST"
    assert morning.home.hour == 1 and morning.home.tzname() == "CET"
    assert morning.market_code == "JP" and morning.platform_name == "LinkedIn"
    assert {d.offset_hours for d in layout.offsets_of(jp.id)} == {8.0}
    # LinkedIn's good hours (10:00-12:00 on Tuesdays and Wednesdays, Tokyo time) are 02:00-04:00 in Brussels.
    assert [(b.column, b.start_minute, b.end_minute) for b in layout.bands] == [(1, 120, 240), (2, 120, 240)]
    assert [r.zone for r in layout.rulers] == ["Asia/Tokyo"]
    assert [(m.hour, m.local.hour, m.day_shift) for m in layout.rulers[0].marks[0][15:17]] == [(15, 23, 0), (16, 0, 1)]


def test_offsets_follow_daylight_saving_in_the_week_of_28_march_2027() -> None:
    jp, ca, gb, fr = (Market("JP", "Asia/Tokyo"), Market("CA", "America/Toronto", subdivision="QC"),
                      Market("GB", "Europe/London"), Market("FR", "Europe/Paris"))
    plan = plan_with((jp, ()), (ca, ()), (gb, ()), (fr, ()))
    posts = [post(ca, datetime(2027, 3, 22, 9, 0), post_id="toronto"),  # Toronto already on summer time
             post(jp, datetime(2027, 3, 28, 18, 0), post_id="tokyo")]  # Brussels on summer time since 03:00
    layout = week_layout(posts, {}, plan, BRUSSELS, date(2027, 3, 22))

    def offsets(market: Market) -> list[float]:
        return [d.offset_hours for d in layout.offsets_of(market.id)]

    assert offsets(ca) == [-5.0] * 6 + [-6.0]
    assert offsets(jp) == [8.0] * 6 + [7.0]
    assert offsets(gb) == [-1.0] * 7  # London and Brussels change at the same instant
    sunday = layout.offsets_of(jp.id)[6]
    assert (sunday.offset_at_start, sunday.offset_at_end, sunday.offset_changes) == (8.0, 7.0, True)
    assert [c.hours for c in layout.columns] == [24.0] * 6 + [23.0]
    assert [c.noon.tzname() for c in layout.columns] == ["CET"] * 6 + ["CEST"]
    assert (layout.tile("toronto").column, layout.tile("toronto").start_minute) == (0, 14 * 60)
    assert (layout.tile("tokyo").column, layout.tile("tokyo").start_minute) == (6, 11 * 60)
    assert layout.reference_codes == ("FR",)  # Paris reads like Brussels: no ruler of its own
    rulers = {r.zone: r for r in layout.rulers}
    assert set(rulers) == {"Asia/Tokyo", "America/Toronto", "Europe/London"}
    assert rulers["America/Toronto"].offset_changes and not rulers["Europe/London"].offset_changes
    assert rulers["America/Toronto"].market_codes == ("CA-QC",)


def test_a_good_hour_window_that_wraps_midnight_is_split() -> None:
    catalogue = shipped_catalogue()
    night_owl = dataclasses.replace(
        catalogue.get("instagram"),
        posting_times=dataclasses.replace(catalogue.get("instagram").posting_times, days=(),
                                          windows=((time(22), time(2)),)),
    )
    be = Market("BE", BRUSSELS)
    plan = dataclasses.replace(plan_with((be, ("instagram",))), own_platforms=(night_owl,))
    layout = week_layout([], {}, plan, BRUSSELS, MONDAY)
    monday = [(b.start_minute, b.end_minute) for b in layout.bands if b.column == 0]
    assert monday == [(0, 120), (22 * 60, MINUTES_PER_DAY)]


def test_the_offset_pushes_a_window_across_the_reference_midnight() -> None:
    # YouTube: 15:00-21:00 on Fridays to Sundays in Toronto is 21:00-03:00 in Brussels.
    spans = [good_hour_spans(shipped_catalogue(), ("youtube",), "America/Toronto", BRUSSELS, date(2027, 1, d))
             for d in (14, 15, 16, 17, 18)]
    assert [[(s.start, s.end) for s in day] for day in spans] == [
        [], [(21 * 60, 1440)], [(0, 180), (21 * 60, 1440)], [(0, 180), (21 * 60, 1440)], [(0, 180)],
    ]


def test_windows_of_several_platforms_merge_into_one_band_per_market() -> None:
    be = Market("BE", BRUSSELS)
    plan = plan_with((be, ("facebook", "instagram")))
    tuesday = [b for b in week_layout([], {}, plan, BRUSSELS, MONDAY).bands if b.column == 1]
    assert [(b.start_minute, b.end_minute, b.platforms) for b in tuesday] == [
        (8 * 60, 13 * 60, ("Facebook", "Instagram")), (15 * 60, 17 * 60, ("Facebook",)),
    ]


def test_holiday_banners_sit_on_the_column_of_the_holiday_date() -> None:
    jp, gb = Market("JP", "Asia/Tokyo"), Market("GB", "Europe/London")
    plan = plan_with((jp, ()), (gb, ()))
    holidays = {jp.id: {date(2027, 1, 11): "Coming of Age Day"}, gb.id: {date(2027, 1, 11): "Test day"}}
    layout = week_layout([], {}, plan, BRUSSELS, MONDAY, holidays)
    assert [(b.column, b.row, b.holiday.market_code, b.holiday.name) for b in layout.banners] == [
        (0, 0, "JP", "Coming of Age Day"), (0, 1, "GB", "Test day"),
    ]
    assert layout.banner_rows == 2


def test_slots_snap_to_a_quarter_of_an_hour_in_the_reference_zone() -> None:
    layout = week_layout([], {}, plan_with(), BRUSSELS, MONDAY)
    assert layout.slot_at(2, 9 * 60 + 14) == datetime(2027, 1, 13, 9, 0, tzinfo=layout.columns[0].noon.tzinfo)
    assert layout.slot_at(2, 9 * 60 + 14).astimezone(UTC) == datetime(2027, 1, 13, 8, 0, tzinfo=UTC)
    assert layout.moved_to(3, 9 * 60 + 8).hour == 9 and layout.moved_to(3, 9 * 60 + 8).minute == 15
    assert layout.moved_to(9, 1439).date() == date(2027, 1, 17)
    assert layout.moved_to(9, 1439).time() == time(23, 45)


def test_month_grid_starts_on_the_locales_first_weekday() -> None:
    be = Market("BE", BRUSSELS)
    plan = plan_with((be, ()))
    english = month_layout([], {}, plan, BRUSSELS, date(2027, 1, 1))
    assert english.first_weekday == Locale.parse("en").first_week_day  # babel's rule for the UI's "en"
    set_language("fr")
    french = month_layout([], {}, plan, BRUSSELS, date(2027, 1, 1))
    assert french.first_weekday == 0 and french.first_day == date(2026, 12, 28)
    assert len(french.cells) == 42 and french.cells[4].day == date(2027, 1, 1) and french.cells[4].in_month
    assert not french.cells[0].in_month and french.cells[-1].day == date(2027, 2, 7)
    sunday_first = month_layout([], {}, plan, BRUSSELS, date(2027, 1, 1), first_weekday=6)
    assert sunday_first.first_day == date(2026, 12, 27) and sunday_first.weekdays[:2] == (6, 0)


def test_month_cells_hold_their_posts_in_time_order_with_market_time_and_holidays() -> None:
    jp, be = Market("JP", "Asia/Tokyo"), Market("BE", BRUSSELS)
    plan = plan_with((jp, ()), (be, ()))
    posts = [post(be, datetime(2027, 1, 12, 9, 0), post_id="be"),
             post(jp, datetime(2027, 1, 12, 9, 0), post_id="jp"),  # 01:00 in Brussels: first
             post(jp, datetime(2027, 1, 13, 7, 0), post_id="late")]  # 23:00 on the 12th in Brussels
    holidays = {jp.id: {date(2027, 1, 11): "Coming of Age Day"}}
    layout = month_layout(posts, {"jp": PostAdvice((PostWarning.HOLIDAY,))}, plan, BRUSSELS, date(2027, 1, 1),
                          holidays, first_weekday=0)
    tuesday = layout.cell_of(date(2027, 1, 12))
    assert [t.post_id for t in tuesday.tiles] == ["jp", "be", "late"]
    assert [(t.local.hour, t.local.tzname(), t.market_code, t.day_shift) for t in tuesday.tiles] == [
        (9, "JST", "JP", 0), (9, "CET", "BE", 0), (7, "JST", "JP", 1),
    ]
    assert tuesday.tiles[0].warnings == ("holiday",)
    monday = layout.cell_of(date(2027, 1, 11))
    assert [(h.market_code, h.name) for h in monday.holidays] == [("JP", "Coming of Age Day")]
    assert (monday.row, monday.column) == (2, 0)
    assert layout.slot_at(date(2027, 1, 12)).astimezone(UTC) == datetime(2027, 1, 12, 8, 0, tzinfo=UTC)


def test_clocks_for_a_founder_in_toronto_with_a_market_already_on_tomorrow() -> None:
    jp, gb, india = (Market("JP", "Asia/Tokyo"), Market("GB", "Europe/London"), Market("IN", "Asia/Kolkata"))
    plan = plan_with((jp, ("linkedin", "facebook")), (gb, ("facebook",)), (india, ()), home="America/Toronto",
                     working_start=time(9), working_end=time(17))
    founder, tokyo, london, kolkata = market_clocks(plan, date(2027, 1, 12))
    assert founder.is_founder and founder.zone == "America/Toronto" and founder.working == ((540, 1020),)
    assert founder.offset_hours == 0 and founder.utc_offset_hours == -5 and not founder.date_differs
    assert tokyo.offset_hours == 14 and tokyo.utc_offset_hours == 9 and tokyo.sample.tzname() == "JST"
    assert tokyo.local_dates == (date(2027, 1, 12), date(2027, 1, 13)) and tokyo.date_differs
    assert [(t.minute, t.local.date()) for t in tokyo.date_changes] == [(600, date(2027, 1, 13))]
    assert (tokyo.ticks[0].minute, tokyo.ticks[0].local.hour) == (0, 14)
    assert [(w.start_minute, w.end_minute, w.platforms, w.fit) for w in tokyo.windows] == [
        (60, 180, ("Facebook",), WindowFit.OUTSIDE),  # 15:00-17:00 on the 12th in Tokyo: Toronto's night
        (1080, 1320, ("Facebook", "LinkedIn"), WindowFit.OUTSIDE),  # the 13th's morning in Tokyo: Toronto's evening
    ]
    assert tokyo.windows[1].local_start.date() == date(2027, 1, 13) and tokyo.windows[1].local_start.hour == 8
    assert [(w.start_minute, w.end_minute, w.fit) for w in london.windows] == [
        (180, 420, WindowFit.OUTSIDE), (600, 720, WindowFit.INSIDE),
    ]
    assert kolkata.offset_hours == 10.5 and kolkata.ticks[0].minute == 30 and kolkata.windows == ()


def test_clocks_on_a_day_off_have_no_working_hours_and_windows_partly_inside() -> None:
    gb = Market("GB", "Europe/London")
    plan = plan_with((gb, ("facebook",)), working_start=time(10), working_end=time(16))
    _, london = market_clocks(plan, date(2027, 1, 12))
    # Facebook's 08:00-12:00 and 15:00-17:00 in London are 09:00-13:00 and 16:00-18:00 in Brussels.
    assert [(w.start_minute, w.fit) for w in london.windows] == [(540, WindowFit.PARTLY), (960, WindowFit.OUTSIDE)]
    saturday_founder, saturday_london = market_clocks(plan, date(2027, 1, 16))
    assert saturday_founder.working == () and saturday_london.windows == ()


def test_nearest_index() -> None:
    assert nearest_index([60, 600, 900], 500) == 1
    assert nearest_index([60, 600, 900], 0) == 0
    assert nearest_index([60, 600, 900], 2000) == 2
