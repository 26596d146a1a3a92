"""The workload chart's layout: stacked bars per actor, the capacity line, the weeks over capacity, the axes and the
legend, checked as geometry on hand-made reports (no pixels)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest

from smplanner.domain.plan import Actor, ActorKind, Firm, Plan, Strategy
from smplanner.domain.workload import WeekLoad, WorkloadReport
from smplanner.domain.workload_chart import (
    NOBODY_COLOUR,
    LegendKind,
    chart_layout,
    hours_label,
    nice_step,
    rough_measure,
)

ANN = Actor("Ann", ActorKind.FOUNDER, id="ann", hours_per_week=4)
BOB = Actor("Bob", ActorKind.EMPLOYEE, id="bob", hours_per_week=2)
PLAN = Plan(
    firm=Firm("ACME", "BE", "Europe/Brussels"),
    strategy=Strategy(date(2027, 1, 4), date(2027, 12, 31)),
    actors=(ANN, BOB),
)
MONDAY = date(2027, 1, 4)


def week(index: int, ann: float, bob: float, nobody: float | None = None, posts: int = 3) -> WeekLoad:
    """A week's load, in hours (the report keeps minutes)."""
    minutes: dict[str | None, float] = {"ann": ann * 60, "bob": bob * 60}
    if nobody is not None:
        minutes[None] = nobody * 60
    return WeekLoad(MONDAY + timedelta(weeks=index), minutes, posts)


def report(weeks: list[WeekLoad], capacity: dict[str, float] | None = None) -> WorkloadReport:
    """A report as `analyse` would make it, from weeks and hours per actor (4 and 2 unless told)."""
    capacity_minutes = {k: v * 60 for k, v in (capacity if capacity is not None else {"ann": 4, "bob": 2}).items()}
    total_capacity = sum(capacity_minutes.values())
    over = tuple(w.start for w in weeks if w.total_minutes > total_capacity)
    over_by_actor = {a: tuple(w.start for w in weeks if w.minutes_by_actor.get(a, 0) > limit)
                     for a, limit in capacity_minutes.items()}
    keys = list(weeks[0].minutes_by_actor) if weeks else []
    needed = {k: sum(w.minutes_by_actor[k] for w in weeks) / max(1, len(weeks)) / 60 for k in keys}
    return WorkloadReport(
        weeks=tuple(weeks),
        capacity_minutes_by_actor=capacity_minutes,
        needed_hours_by_actor=needed,
        total_needed_hours=sum(needed.values()),
        total_capacity_hours=total_capacity / 60,
        over_weeks=over,
        budget_needed_month=(),
        budget_allocated_month=Decimal(0),
        currency="EUR",
        over_weeks_by_actor=over_by_actor,
    )


THREE_WEEKS = report([week(0, 3, 1), week(1, 5, 1, nobody=1.5), week(2, 2, 2.5)])


@pytest.mark.parametrize(
    ("rough", "step"),
    [(0.1, 0.5), (0.5, 0.5), (0.7, 1), (1.0, 1), (1.2, 2), (2.5, 5), (5.01, 10), (13, 20), (45, 50), (160, 200)],
)
def test_the_hour_steps_are_round(rough: float, step: float) -> None:
    assert nice_step(rough) == step


def test_bars_stack_each_actor_in_the_plans_order_with_nobody_on_top() -> None:
    layout = chart_layout(THREE_WEEKS, PLAN, 600, 300)
    assert [s.label for s in layout.series] == ["Ann", "Bob", "Nobody responsible"]
    assert [s.colour_index for s in layout.series] == [0, 1, NOBODY_COLOUR]
    assert [s.capacity_hours for s in layout.series] == [4, 2, 0]
    assert [s.peak_hours for s in layout.series] == [5, 2.5, 1.5]
    middle = layout.weeks[1]
    assert [s.series for s in middle.segments] == [0, 1, 2]
    assert [s.hours for s in middle.segments] == [5, 1, 1.5]
    assert middle.hours == 7.5 and middle.posts == 3
    # Each segment sits on the one below; together they are the bar, on the plot's baseline.
    assert middle.segments[0].box.bottom == pytest.approx(layout.plot.bottom)
    for lower, upper in pairwise(middle.segments):
        assert upper.box.bottom == pytest.approx(lower.box.y)
    assert middle.bar.y == pytest.approx(middle.segments[-1].box.y)
    assert middle.bar.bottom == pytest.approx(layout.plot.bottom)
    # Heights are to scale: hours over the axis' top times the plot's height.
    for segment in middle.segments:
        assert segment.box.height == pytest.approx(segment.hours / layout.top_hours * layout.plot.height)
    # A week nobody's hours are missing from has no grey segment.
    assert [s.series for s in layout.weeks[0].segments] == [0, 1]


def test_weeks_sit_side_by_side_inside_the_plot() -> None:
    layout = chart_layout(THREE_WEEKS, PLAN, 600, 300)
    assert [w.start for w in layout.weeks] == [MONDAY, MONDAY + timedelta(weeks=1), MONDAY + timedelta(weeks=2)]
    columns = [w.column for w in layout.weeks]
    assert columns[0].x == pytest.approx(layout.plot.x)
    assert columns[-1].right == pytest.approx(layout.plot.right)
    for left, right in pairwise(columns):
        assert right.x == pytest.approx(left.right)
    for bar in layout.weeks:
        assert bar.column.x <= bar.bar.x and bar.bar.right <= bar.column.right
        assert bar.bar.width > 0.5 * bar.column.width


def test_the_capacity_line_is_the_hours_all_actors_give() -> None:
    layout = chart_layout(THREE_WEEKS, PLAN, 600, 300)
    capacity = layout.capacity
    assert capacity.hours == 6
    assert capacity.y == pytest.approx(layout.y_of(6))
    assert (capacity.x1, capacity.x2) == (layout.plot.x, layout.plot.right)
    assert capacity.label == "Capacity 6 h a week"
    box = capacity.label_box
    assert layout.plot.x <= box.x and box.right <= layout.plot.right + 0.01
    assert layout.plot.y <= box.y and box.bottom <= layout.plot.bottom
    assert box.bottom <= capacity.y  # above the line when there is room


def test_the_capacity_label_goes_under_the_line_when_the_line_is_at_the_top() -> None:
    flat = report([week(0, 4, 2), week(1, 4, 2)])
    layout = chart_layout(flat, PLAN, 600, 300)
    box = layout.capacity.label_box
    assert box.y >= layout.plot.y
    assert box.bottom <= layout.plot.bottom


def test_a_plan_whose_actors_give_no_hours_has_no_capacity_line() -> None:
    layout = chart_layout(report([week(0, 1, 1)], capacity={}), PLAN, 600, 300)
    assert layout.capacity is None
    assert LegendKind.CAPACITY not in {e.kind for e in layout.legend}
    assert layout.weeks[0].over is True  # any hour is over no hours at all: the report says so, the chart shows it


def test_the_team_view_marks_only_the_weeks_the_team_needs_more_than_it_has() -> None:
    layout = chart_layout(THREE_WEEKS, PLAN, 600, 300)
    # Week 1 is over in total (7.5 h > 6 h) and for Ann; week 2 only for Bob (2.5 h > 2 h), under in total:
    # the team's chart marks week 1 only, never a week below its capacity line.
    assert [w.over for w in layout.weeks] == [False, True, False]
    assert layout.over_weeks == THREE_WEEKS.over_weeks == (MONDAY + timedelta(weeks=1),)
    assert all(w.bar.y < layout.capacity.y for w in layout.weeks if w.over)
    assert layout.weeks[1].bar.y < layout.capacity.y < layout.weeks[2].bar.y
    assert layout.actor_id is None


def test_an_actor_s_own_view_shows_their_hours_against_their_own() -> None:
    bob = chart_layout(THREE_WEEKS, PLAN, 600, 300, actor_id="bob")
    assert [s.label for s in bob.series] == ["Bob"] and bob.actor_id == "bob"
    assert [w.hours for w in bob.weeks] == [1, 1, 2.5]
    assert [[seg.series for seg in w.segments] for w in bob.weeks] == [[0], [0], [0]]
    assert bob.capacity.hours == 2 and bob.capacity.label == "Bob: 2 h a week"
    assert [w.over for w in bob.weeks] == [False, False, True]  # week 2: 2.5 h of his 2 h
    assert bob.weeks[2].bar.y < bob.capacity.y
    assert bob.axis_title == "Hours Bob needs per week"
    assert [(e.kind, e.label) for e in bob.legend] == [
        (LegendKind.SERIES, "Bob"), (LegendKind.CAPACITY, "Capacity (the hours Bob gives)"),
        (LegendKind.OVER, "Week over Bob's hours")]
    ann = chart_layout(THREE_WEEKS, PLAN, 600, 300, actor_id="ann")
    assert [w.over for w in ann.weeks] == [False, True, False]


def test_the_hours_axis_has_round_steps_from_zero_above_everything() -> None:
    layout = chart_layout(THREE_WEEKS, PLAN, 600, 300)
    values = [round((layout.plot.bottom - t.position) / layout.plot.height * layout.top_hours, 6)
              for t in layout.hour_ticks]
    assert values[0] == 0 and layout.hour_ticks[0].position == pytest.approx(layout.plot.bottom)
    assert layout.hour_ticks[-1].position == pytest.approx(layout.plot.y)
    assert all(b - a == pytest.approx(layout.step_hours) for a, b in pairwise(values))
    assert layout.step_hours in (0.5, 1, 2, 5, 10)
    assert layout.top_hours >= 7.5  # the busiest week
    assert [t.label for t in layout.hour_ticks][:2] == ["0 h", hours_label(layout.step_hours)]
    # Labels do not crowd: at least two lines apart.
    gaps = [a.position - b.position for a, b in pairwise(layout.hour_ticks)]
    assert min(gaps) >= 2 * 16
    assert layout.plot.x >= max(rough_measure(t.label) for t in layout.hour_ticks)


def test_a_short_chart_has_fewer_hour_ticks() -> None:
    tall = chart_layout(THREE_WEEKS, PLAN, 600, 600)
    short = chart_layout(THREE_WEEKS, PLAN, 600, 200)
    assert len(short.hour_ticks) < len(tall.hour_ticks)
    assert short.step_hours > tall.step_hours


def test_an_idle_plan_still_gets_an_axis() -> None:
    layout = chart_layout(report([week(0, 0, 0), week(1, 0, 0)], capacity={}), PLAN, 400, 240)
    assert layout.top_hours >= 1
    assert all(w.segments == () and w.bar.height == 0 for w in layout.weeks)


def year_report(weeks: int = 52) -> WorkloadReport:
    return report([week(i, 3, 1) for i in range(weeks)])


def test_months_are_labelled_where_they_start_the_year_said_once() -> None:
    layout = chart_layout(year_report(), PLAN, 1000, 300)
    labels = [t.label for t in layout.month_ticks]
    # The chart opens on Monday 4 January: January is named at the left edge, with its year.
    assert labels[:3] == ["Jan 2027", "Feb", "Mar"]
    # The last week (from Monday 27 December) holds New Year's Day: the new year is named.
    assert labels[-2:] == ["Dec", "Jan 2028"]
    assert layout.month_ticks[0].position == layout.plot.x
    # February starts on a Monday, in week 4: its label starts there.
    assert layout.month_ticks[1].position == pytest.approx(layout.weeks[4].column.x)


def test_month_labels_thin_out_rather_than_overlap() -> None:
    wide = chart_layout(year_report(), PLAN, 1000, 300)
    narrow = chart_layout(year_report(), PLAN, 380, 300)
    assert len(narrow.month_ticks) < len(wide.month_ticks)
    for layout in (wide, narrow):
        ticks = layout.month_ticks
        for left, right in pairwise(ticks):
            assert left.position + rough_measure(left.label) < right.position
        assert ticks[-1].position + rough_measure(ticks[-1].label) <= layout.plot.right + 0.01


def test_a_new_year_inside_the_chart_is_named() -> None:
    late = report([WeekLoad(date(2027, 10, 4) + timedelta(weeks=i), {"ann": 60, "bob": 60}, 1) for i in range(20)])
    labels = [t.label for t in chart_layout(late, PLAN, 1000, 300).month_ticks]
    assert labels[0] == "Oct 2027"
    assert "Jan 2028" in labels


def test_the_legend_names_the_actors_then_the_capacity_and_the_weeks_over() -> None:
    layout = chart_layout(THREE_WEEKS, PLAN, 900, 300)
    assert [(e.kind, e.label) for e in layout.legend] == [
        (LegendKind.SERIES, "Ann"),
        (LegendKind.SERIES, "Bob"),
        (LegendKind.SERIES, "Nobody responsible"),
        (LegendKind.CAPACITY, "Capacity (hours the team has)"),
        (LegendKind.OVER, "Week the team needs more than it has"),
    ]
    assert len({e.text.y for e in layout.legend}) == 1  # one row when it fits
    assert all(e.text.y > layout.month_label_y for e in layout.legend)


def test_the_legend_wraps_inside_a_narrow_chart() -> None:
    layout = chart_layout(THREE_WEEKS, PLAN, 300, 320)
    rows = sorted({e.text.y for e in layout.legend})
    assert len(rows) > 1
    for entry in layout.legend:
        assert entry.swatch.x >= 0 and entry.text.right <= layout.width
        assert entry.text.bottom <= layout.height
    by_row = {}
    for entry in layout.legend:
        by_row.setdefault(entry.text.y, []).append(entry)
    for entries in by_row.values():
        for left, right in pairwise(entries):
            assert left.text.right < right.swatch.x


def test_no_legend_for_weeks_over_when_there_are_none() -> None:
    calm = report([week(0, 1, 1), week(1, 2, 1)])
    assert LegendKind.OVER not in {e.kind for e in chart_layout(calm, PLAN, 900, 300).legend}


def test_everything_fits_the_surface() -> None:
    for width, height in ((1024, 420), (600, 300), (320, 240)):
        layout = chart_layout(year_report(), PLAN, width, height, line_height=18, measure=lambda t: 8.0 * len(t))
        assert layout.plot.x > 0 and layout.plot.right <= width
        assert layout.axis_title_box.bottom <= layout.plot.y
        assert layout.plot.bottom < layout.month_label_y
        assert all(e.text.bottom <= height for e in layout.legend)


def test_a_week_is_found_under_a_point() -> None:
    layout = chart_layout(THREE_WEEKS, PLAN, 600, 300)
    middle = layout.weeks[1].column
    assert layout.week_at(middle.x + middle.width / 2, middle.y + 5).start == MONDAY + timedelta(weeks=1)
    assert layout.week_at(layout.plot.right - 1, layout.plot.bottom - 1).start == MONDAY + timedelta(weeks=2)
    assert layout.week_at(layout.plot.x - 5, layout.plot.y + 5) is None
    assert layout.week_at(layout.plot.x + 5, layout.plot.bottom + 5) is None


def test_an_actor_missing_from_the_plan_is_named_as_unknown() -> None:
    odd = report([WeekLoad(MONDAY, {"ann": 60, "bob": 0, "gone": 90}, 2)], capacity={"ann": 4, "bob": 2})
    layout = chart_layout(odd, PLAN, 600, 300)
    assert [s.label for s in layout.series] == ["Ann", "Bob", "Unknown actor"]
    assert layout.series[2].colour_index not in (0, 1, NOBODY_COLOUR)
