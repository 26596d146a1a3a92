"""The geometry of the weekly workload chart as plain data: stacked bars per actor, the capacity line, the weeks
over capacity, the axes and the legend, in the units of the surface it is painted on (pixels or printer points).

The chart shows the team (every actor's hours stacked, against what the team has together) or one actor (their
hours against their own): a week is marked over capacity for what the chart shows, never for something it does not.

The painted view (and the printed summary) map these boxes to their surface and nothing else; text widths come
from the `measure` function they pass, so the layout never needs a font.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from babel import dates

from smplanner.domain.plan import Plan
from smplanner.domain.workload import WorkloadReport
from smplanner.i18n import _
from smplanner.i18n.formatting import format_number, ui_locale

NOBODY_COLOUR = -1
"""The colour index of the hours no actor is responsible for (painted grey and hatched, never an actor's hue)."""

Measure = Callable[[str], float]


def rough_measure(text: str) -> float:
    """A text width good enough where no font is at hand (tests, plain-text output): seven units a character."""
    return 7.0 * len(text)


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.right and self.y <= y < self.bottom


@dataclass(frozen=True, slots=True)
class Series:
    """One actor of the chart (or nobody, `actor_id` None), with its colour and hours."""

    actor_id: str | None
    label: str
    colour_index: int
    capacity_hours: float  # per week; 0 for nobody
    peak_hours: float  # the most one week asks of this actor


@dataclass(frozen=True, slots=True)
class Segment:
    """An actor's share of one week's bar."""

    series: int  # index into ChartLayout.series
    hours: float
    box: Box


@dataclass(frozen=True, slots=True)
class WeekBar:
    start: date
    hours: float
    posts: int
    over: bool  # the report counts this week over capacity
    segments: tuple[Segment, ...]  # bottom up, in the order of the series
    bar: Box  # the whole stack (zero height when the week costs nothing)
    column: Box  # the week's full-height slot: the over-capacity band and where its tooltip answers

    def hours_of(self, series: int) -> float:
        return sum(s.hours for s in self.segments if s.series == series)


@dataclass(frozen=True, slots=True)
class Tick:
    """A labelled value on an axis: hours on the y axis, a month start on the x axis."""

    position: float  # y for the hours axis, x (the label's left edge) for the months
    label: str


@dataclass(frozen=True, slots=True)
class CapacityLine:
    hours: float  # per week, all actors together
    y: float
    x1: float
    x2: float
    label: str
    label_box: Box


class LegendKind(StrEnum):
    SERIES = "series"
    CAPACITY = "capacity"
    OVER = "over"


@dataclass(frozen=True, slots=True)
class LegendEntry:
    kind: LegendKind
    label: str
    colour_index: int  # the series colour; NOBODY_COLOUR also for the capacity and over-capacity marks
    swatch: Box
    text: Box


@dataclass(frozen=True, slots=True)
class ChartLayout:
    width: float
    height: float
    plot: Box
    axis_title: str
    axis_title_box: Box
    top_hours: float  # the value at the top of the plot
    step_hours: float
    series: tuple[Series, ...]
    weeks: tuple[WeekBar, ...]
    hour_ticks: tuple[Tick, ...]
    month_ticks: tuple[Tick, ...]
    month_label_y: float
    capacity: CapacityLine | None  # None when the plan's actors give no hours at all
    legend: tuple[LegendEntry, ...]
    over_weeks: tuple[date, ...]
    actor_id: str | None = None  # the one actor the chart shows; None: the team

    def y_of(self, hours: float) -> float:
        if self.top_hours <= 0:
            return self.plot.bottom
        return self.plot.bottom - hours / self.top_hours * self.plot.height

    def week_at(self, x: float, y: float) -> WeekBar | None:
        """The week whose slot holds a point, for tooltips."""
        if not self.plot.contains(x, y) or not self.weeks:
            return None
        index = int((x - self.plot.x) / (self.plot.width / len(self.weeks)))
        return self.weeks[max(0, min(len(self.weeks) - 1, index))]


def nice_step(rough: float) -> float:
    """The round step (1, 2 or 5 times a power of ten, never under half an hour) at least `rough`."""
    if rough <= 0.5:
        return 0.5
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough - 1e-9:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def hours_label(hours: float) -> str:
    """An axis value: "0 h", "2.5 h", in the UI locale's digits."""
    return _("{hours} h").format(hours=format_number(round(hours, 1)))


def _series(report: WorkloadReport, plan: Plan, only: str | None = None) -> list[Series]:
    minutes: dict[str | None, list[float]] = {}
    for week in report.weeks:
        for actor_id, value in week.minutes_by_actor.items():
            minutes.setdefault(actor_id, []).append(value)
    capacity = report.capacity_minutes_by_actor
    names = {a.id: a.name for a in plan.actors}
    ordered: list[str | None] = [a.id for a in plan.actors if a.id in minutes or capacity.get(a.id, 0) > 0]
    ordered += sorted(k for k in set(minutes) | set(capacity) if k is not None and k not in ordered)
    if any(v > 0 for v in minutes.get(None, ())):
        ordered.append(None)
    if only is not None:
        ordered = [only]
    result: list[Series] = []
    for actor_id in ordered:
        if actor_id is None:
            label, colour = _("Nobody responsible"), NOBODY_COLOUR
        else:
            label = names.get(actor_id) or _("Unknown actor")
            colour = next((i for i, a in enumerate(plan.actors) if a.id == actor_id), len(plan.actors) + len(result))
        peak = max(minutes.get(actor_id, [0.0])) / 60
        result.append(Series(actor_id, label, colour, capacity.get(actor_id, 0.0) / 60 if actor_id else 0.0, peak))
    return result


def _legend(
    series: Sequence[Series], has_capacity: bool, has_over: bool, width: float, line: float, measure: Measure,
    one_actor: bool = False,
) -> tuple[list[tuple[LegendKind, str, int, float, int, float]], int]:
    """Legend entries flowed into rows: (kind, label, colour, x, row, text width), and the number of rows."""
    entries = [(LegendKind.SERIES, s.label, s.colour_index) for s in series]
    if has_capacity:
        text = (_("Capacity (the hours {actor} gives)").format(actor=series[0].label) if one_actor and series
                else _("Capacity (hours the team has)"))
        entries.append((LegendKind.CAPACITY, text, NOBODY_COLOUR))
    if has_over:
        text = (_("Week over {actor}'s hours").format(actor=series[0].label) if one_actor and series
                else _("Week the team needs more than it has"))
        entries.append((LegendKind.OVER, text, NOBODY_COLOUR))
    swatch = line * 1.2
    placed = []
    x, row = 0.0, 0
    for kind, label, colour in entries:
        text_width = min(measure(label) + 1, max(20.0, width - swatch - 6))
        needed = swatch + 6 + text_width
        if x > 0 and x + needed > width:
            x, row = 0.0, row + 1
        placed.append((kind, label, colour, x, row, text_width))
        x += needed + line * 1.2
    return placed, (row + 1 if entries else 0)


def _month_ticks(weeks: Sequence[date], left: float, right: float, slot: float, measure: Measure) -> list[Tick]:
    """A label under each week holding a month's first day; every second, third or sixth month when they crowd.

    The month the chart opens in is named at the left edge too when its label fits before the next one.
    """
    starts: list[tuple[float, date]] = []
    for index, start in enumerate(weeks):
        for offset in range(7):
            day = start + timedelta(days=offset)
            if day.day == 1:
                starts.append((left + (index + offset / 7) * slot, day))
    locale = ui_locale()

    said: dict[tuple[date, bool], str] = {}  # a ten-year chart tries 120 months, then every second...

    def label(day: date, with_year: bool) -> str:
        key = (day, with_year or day.month == 1)
        if key not in said:
            said[key] = dates.format_skeleton("yMMM" if key[1] else "MMM", day, locale=locale)
        return said[key]

    lead = weeks[0] if weeks and (not starts or starts[0][1] != weeks[0]) else None
    ticks: list[tuple[float, date, str]] = []
    for every in (1, 2, 3, 6, 12):
        chosen = [d for i, (_x, d) in enumerate(starts) if i % every == 0]
        xs = [x for i, (x, _d) in enumerate(starts) if i % every == 0]
        texts = [label(d, i == 0) for i, d in enumerate(chosen)]
        # A label near the right edge is pulled back inside rather than cut.
        xs = [max(left, min(x, right - measure(t))) for x, t in zip(xs, texts, strict=True)]
        fits = all(xs[i] + measure(texts[i]) + 8 <= xs[i + 1] for i in range(len(xs) - 1))
        if fits or every == 12:
            ticks = list(zip(xs, chosen, texts, strict=True))
            break
    if lead is not None:
        text = label(lead, True)
        if not ticks:
            return [Tick(left, text)]
        x, day, _text = ticks[0]
        if left + measure(text) + 8 <= x:
            # The year is said once, by the leading label, unless the next month starts another year.
            ticks = [(left, lead, text), (x, day, label(day, day.year != lead.year)), *ticks[1:]]
    return [Tick(x, text) for x, _day, text in ticks]


def chart_layout(
    report: WorkloadReport,
    plan: Plan,
    width: float,
    height: float,
    *,
    line_height: float = 16.0,
    measure: Measure = rough_measure,
    padding: float = 8.0,
    actor_id: str | None = None,
) -> ChartLayout:
    """Lay the weekly workload of a `WorkloadReport` out on a surface of `width` by `height`.

    For the team (`actor_id` None), bars stack each actor's hours in the plan's order of actors, the hours nobody
    is responsible for on top; the capacity line is the weekly hours all actors give together, and the weeks the
    team needs more are marked. For one actor, the bars are that actor's hours, the line their own hours, and the
    weeks marked those they need more than they give.
    """
    series = _series(report, plan, actor_id)
    owners = [s.actor_id for s in series]
    if actor_id is None:
        capacity_hours = sum(report.capacity_minutes_by_actor.values()) / 60
        over = set(report.over_weeks)
    else:
        capacity_hours = report.capacity_minutes_by_actor.get(actor_id, 0.0) / 60
        over = set(report.over_weeks_by_actor.get(actor_id, ()))
    inner_width = max(0.0, width - 2 * padding)
    legend_rows_placed, legend_rows = _legend(series, capacity_hours > 0, bool(over), inner_width, line_height,
                                              measure, actor_id is not None)
    row_height = line_height + 6
    legend_height = legend_rows * row_height
    title_height = line_height + 6
    month_height = line_height + 6
    top = padding + title_height
    plot_height = max(1.0, height - top - month_height - legend_height - padding - (4 if legend_rows else 0))

    def shown_minutes(week) -> float:
        return week.total_minutes if actor_id is None else week.minutes_by_actor.get(actor_id, 0.0)

    totals = [shown_minutes(w) / 60 for w in report.weeks]
    peak = max([*totals, capacity_hours, 0.0])
    wanted_ticks = max(2, int(plot_height // (line_height * 2.2)))
    step = nice_step(max(peak * 1.05, 1.0) / wanted_ticks)
    top_hours = step * max(1, math.ceil(max(peak * 1.05, 1.0) / step - 1e-9))
    tick_values = [i * step for i in range(round(top_hours / step) + 1)]
    tick_labels = [hours_label(v) for v in tick_values]
    axis_width = max(measure(t) for t in tick_labels) + 8
    plot = Box(padding + axis_width, top, max(1.0, inner_width - axis_width), plot_height)

    def y_of(hours: float) -> float:
        return plot.bottom - hours / top_hours * plot.height

    hour_ticks = tuple(Tick(y_of(v), t) for v, t in zip(tick_values, tick_labels, strict=True))
    slot = plot.width / len(report.weeks) if report.weeks else plot.width
    gap = min(slot * 0.25, 6.0) if slot >= 4 else 0.0
    weeks = []
    for index, week in enumerate(report.weeks):
        x = plot.x + index * slot + gap / 2
        bottom = plot.bottom
        segments = []
        for number, owner in enumerate(owners):  # stacked in the series' order
            minutes = week.minutes_by_actor.get(owner, 0.0)
            if minutes <= 0:
                continue
            hours = minutes / 60
            box_height = hours / top_hours * plot.height
            segments.append(Segment(number, hours, Box(x, bottom - box_height, slot - gap, box_height)))
            bottom -= box_height
        bar = Box(x, bottom, slot - gap, plot.bottom - bottom)
        column = Box(plot.x + index * slot, plot.y, slot, plot.height)
        weeks.append(WeekBar(week.start, shown_minutes(week) / 60, week.posts, week.start in over, tuple(segments),
                             bar, column))

    capacity = None
    if capacity_hours > 0:
        label = _("Capacity {hours} h a week").format(hours=format_number(round(capacity_hours, 1)))
        if actor_id is not None and series:
            label = _("{actor}: {hours} h a week").format(actor=series[0].label,
                                                          hours=format_number(round(capacity_hours, 1)))
        label_width = measure(label) + 8
        y = y_of(capacity_hours)
        # Above the line when there is room under the plot's top, else below it; at the right end either way.
        label_y = y - line_height - 2 if y - line_height - 2 >= plot.y else y + 2
        capacity = CapacityLine(capacity_hours, y, plot.x, plot.right, label,
                                Box(max(plot.x, plot.right - label_width - 2), label_y, min(label_width, plot.width),
                                    line_height))

    swatch = line_height * 1.2
    legend_top = plot.bottom + month_height + 4
    legend = tuple(
        LegendEntry(kind, label, colour,
                    Box(padding + x, legend_top + row * row_height + (line_height - swatch * 0.6) / 2 + 1, swatch,
                        swatch * 0.6),
                    Box(padding + x + swatch + 6, legend_top + row * row_height, text_width, line_height + 2))
        for kind, label, colour, x, row, text_width in legend_rows_placed
    )
    axis_title = (_("Hours {actor} needs per week").format(actor=series[0].label) if actor_id is not None and series
                  else _("Hours needed per week"))
    return ChartLayout(
        width=width,
        height=height,
        plot=plot,
        axis_title=axis_title,
        axis_title_box=Box(padding, padding, inner_width, line_height + 2),
        top_hours=top_hours,
        step_hours=step,
        series=tuple(series),
        weeks=tuple(weeks),
        hour_ticks=hour_ticks,
        month_ticks=tuple(_month_ticks([w.start for w in report.weeks], plot.x, plot.right, slot, measure)),
        month_label_y=plot.bottom + 4,
        capacity=capacity,
        legend=legend,
        over_weeks=tuple(sorted(over)),
        actor_id=actor_id,
    )
