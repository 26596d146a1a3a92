"""Calendar benchmark: a plan of 10 markets x 6 platforms x 3 years of daily posts (about 65,000 posts).

Each figure is the median of several runs in this process, beside a baseline measured in the same run:
  1. generating the posts                      target < 1 s      baseline: the holidays package's own lookups
  2. painting the week view (~500 posts)       target < 16 ms    baseline: as many bare QPainter rectangles
  3. moving to the next week (read, warnings,  target < 50 ms    baseline: painting the bare rectangles
     layout, paint)
  4. sorting the agenda by time (in storage)   target < 200 ms   baseline: Python's sorted() on the same keys

    python tests/benchmarks/bench_calendar.py [--runs 15] [--json bench-results-calendar.json]

Exit status: 0 when every target is met, 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANGUAGE"] = "en"

MARKETS = (("JP", None, "Asia/Tokyo"), ("DE", None, "Europe/Berlin"), ("CA", "QC", "America/Toronto"),
           ("US", None, "America/New_York"), ("BR", None, "America/Sao_Paulo"), ("CN", None, "Asia/Shanghai"),
           ("IN", None, "Asia/Kolkata"), ("AU", None, "Australia/Sydney"), ("FR", None, "Europe/Paris"),
           ("GB", None, "Europe/London"))
PLATFORMS = ("linkedin", "facebook", "instagram", "x", "youtube", "tiktok")
TARGETS_MS = {"generate": 1000.0, "week_paint": 16.0, "next_week": 50.0, "agenda_sort": 200.0}


def build_plan(start: date, days: int = 3 * 365):
    """The benchmark plan: 10 markets x 6 platforms, a post a day on each, over `days` days from start."""
    from smplanner.domain.plan import (
        Actor, ActorKind, CadenceRule, Firm, HolidayPolicy, Market, Objective, Plan, Presence, Strategy,
    )

    founder = Actor("Founder", ActorKind.FOUNDER, hours_per_week=40)
    markets, presences, rules = [], [], []
    for index, (country, subdivision, zone_name) in enumerate(MARKETS):
        market = Market(country, zone_name, subdivision=subdivision, objectives=(Objective.VISIBILITY,),
                        languages=("en",), entry_order=index + 1)
        markets.append(market)
        for offset, platform in enumerate(PLATFORMS):
            presence = Presence(market.id, platform, actor_id=founder.id)
            presences.append(presence)
            rules.append(CadenceRule(presence.id, tuple(range(7)), (time(8 + offset, 0),),
                                     holiday_policy=HolidayPolicy.FLAG))
    return Plan(
        firm=Firm("Benchmark & Co", "BE", "Europe/Brussels"),
        strategy=Strategy(period_start=start, period_end=start + timedelta(days=days - 1)),
        markets=tuple(markets), actors=(founder,), presences=tuple(presences), cadence_rules=tuple(rules),
    )


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(function, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        began = clock.perf_counter()
        function()
        samples.append(clock.perf_counter() - began)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from smplanner.domain.cadence import generate_posts
    from smplanner.domain.calendar_filter import PostQuery
    from smplanner.services.holidays import market_days_off
    from smplanner.services.planning import PlanningService
    from smplanner.storage.plan_file import PlanFile
    from smplanner.ui.calendar.agenda_view import AgendaModel, Column
    from smplanner.ui.calendar.calendar_area import CalendarArea, Tab

    app = QApplication.instance() or QApplication([])
    start = date(2027, 1, 4)
    plan = build_plan(start)
    first, last = plan.strategy.period_start, plan.strategy.period_end
    lookups = market_days_off(plan, (), first, last)  # also warms the holidays package's lazy imports

    def holiday_lookups() -> None:
        from smplanner.services import holidays as holiday_service

        holiday_service._calendar.cache_clear()
        market_days_off(plan, (), first, last)

    generate_samples = timed(lambda: generate_posts(plan, lambda market_id: lookups[market_id]), max(3, args.runs // 3))
    baseline_holidays = timed(holiday_lookups, max(3, args.runs // 3))
    posts = generate_posts(plan, lambda market_id: lookups[market_id])
    print("plan: {m} markets x {p} platforms, {n:,} posts over 3 years".format(
        m=len(MARKETS), p=len(PLATFORMS), n=len(posts)))

    # 80 posts made by hand in the week shown first, so that it has the 500 posts
    from smplanner.domain.plan import Post

    shown_monday = date(2027, 6, 7)
    extra = [
        Post(market_id=plan.markets[i % 10].id, platform=PLATFORMS[i % 6], zone=plan.markets[i % 10].zone,
             local=datetime.combine(shown_monday + timedelta(days=i % 7), time(19, (i * 7) % 60)), title="Extra")
        for i in range(80)
    ]
    folder = Path(tempfile.mkdtemp())
    PlanFile.create(folder / "bench.smplan", plan, posts + extra)
    service = PlanningService(PlanFile.open(folder / "bench.smplan"))
    now = datetime(2027, 6, 9, 10, 0)
    from smplanner.ui.plan_overview import PlanOverviewView

    area = CalendarArea(PlanOverviewView(), lambda: now)
    area.resize(1280, 760)
    area.show()
    area.set_service(service)
    area.show_tab(Tab.WEEK)
    app.processEvents()
    week = area.views[Tab.WEEK]
    visible = len(week._week.tiles)
    canvas = QPixmap(week.size())

    def paint_week() -> None:
        week.render(canvas)

    week_samples = timed(paint_week, args.runs)
    rectangles = [QRect(10 + (i * 37) % (canvas.width() - 80), 10 + (i * 53) % (canvas.height() - 30), 70, 18)
                  for i in range(visible)]

    def paint_rectangles() -> None:
        painter = QPainter(canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for rect in rectangles:
            painter.setBrush(QColor(120, 160, 220))
            painter.setPen(Qt.PenStyle.SolidLine)
            painter.drawRoundedRect(rect, 3, 3)
            painter.drawText(rect, "JP 9:00 AM JST")
        painter.end()

    rectangle_samples = timed(paint_rectangles, args.runs)

    def next_week() -> None:  # to the next week and back, so every move lands on a week as full as the first
        area.step(1 if next_week.forward else -1)
        next_week.forward = not next_week.forward
        week.render(canvas)

    next_week.forward = True

    next_samples = timed(next_week, args.runs)

    model = AgendaModel()
    all_posts = service.posts_between(None, None)
    model.show_posts(service, service.plan(), PostQuery())

    def sort_agenda() -> None:
        model.sort(Column.MARKET, Qt.SortOrder.AscendingOrder)
        began = clock.perf_counter()
        model.sort(Column.LOCAL, Qt.SortOrder.AscendingOrder)
        sort_agenda.last = clock.perf_counter() - began

    sort_samples = []
    for _ in range(max(3, args.runs // 3)):
        sort_agenda()
        sort_samples.append(sort_agenda.last)
    keys = [(p.instant, p.id) for p in all_posts]
    baseline_sort = timed(lambda: sorted(keys, key=lambda k: (k[1], k[0])) and sorted(keys), max(3, args.runs // 3))
    service.close()

    rows = [
        ("generate", "generating {n:,} posts".format(n=len(posts)), generate_samples, "holidays lookups",
         baseline_holidays),
        ("week_paint", "week view paint, {n} posts visible".format(n=visible), week_samples,
         "{n} bare rectangles".format(n=visible), rectangle_samples),
        ("next_week", "next week (read, warnings, layout, paint)", next_samples,
         "{n} bare rectangles".format(n=visible), rectangle_samples),
        ("agenda_sort", "agenda sorted by time, {n:,} rows".format(n=len(all_posts)), sort_samples,
         "sorted() on the keys", baseline_sort),
    ]
    print()
    print("{:<46}{:>10}{:>22}{:>10}{:>9}{:>8}".format("figure", "median", "baseline", "ratio", "target", "result"))
    print("-" * 105)
    failed = False
    results = {}
    for key, label, samples, baseline_label, baseline in rows:
        value, base = median_ms(samples), median_ms(baseline)
        ok = value < TARGETS_MS[key]
        failed |= not ok
        results[key] = {"median_ms": round(value, 2), "baseline": baseline_label, "baseline_ms": round(base, 2),
                        "target_ms": TARGETS_MS[key], "runs": len(samples)}
        print("{:<46}{:>7.1f} ms{:>12.1f} ms {:<7}{:>7.2f}x{:>6.0f} ms{:>8}".format(
            label, value, base, "", value / base if base else float("inf"), TARGETS_MS[key], "PASS" if ok else "MISS"))
        print("    baseline: {b}".format(b=baseline_label))
    if args.json:
        args.json.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
