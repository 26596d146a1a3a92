"""Export benchmark: 10,000 posts of bench_calendar's plan (10 markets in 10 zones x 6 platforms), spread over its
three years, each with a title and a text of a few hundred characters (commas, accents, emoji, line breaks).

Each figure is the median of several runs in this process, beside a baseline measured in the same run:
  1. calendar_ics: the .ics bytes (time zones     target < 1 s   baseline: icalendar serialising the same events
     derived afresh each run)                                      bare (a Calendar of minimal VEVENTs, to_ical)
  2. export_ics through the service: read the      target < 1 s   baseline: the same, bare, as in 1
     posts from the plan file, write the file
     and remember what it was given (a new file)
  3. export_ics again to the same file: its       target < 1 s   baseline: the same, bare, as in 1
     history read and compared, nothing changed
  4. csv_export: the .csv bytes                   target < 1 s   baseline: csv.writer on the same cells

    python tests/benchmarks/bench_ics.py [--runs 5] [--json bench-results-ics.json]

Exit status: 0 when every target is met, 1 when one is missed.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import statistics
import sys
import tempfile
import time as clock
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_calendar import build_plan  # also sets the offscreen platform and English

POSTS = 10_000
TARGETS_MS = {"calendar_ics": 1000.0, "service_ics": 1000.0, "service_ics_again": 1000.0, "csv": 1000.0}
TEXT = (
    "Nos cuberdons arrivent \u00e0 Tokyo, Madrid et Montr\u00e9al; d\u00e9gustation gratuite ce week-end, "
    "de 10 h \u00e0 18 h.\nOur cuberdons reach Tokyo, Madrid and Montreal: free tasting this weekend, "
    "10 am to 6 pm \U0001F36C\U0001F389\n\u65b0\u5e74\u306e\u3054\u6328\u62f6\u3001\u304a\u5f85\u3061\u3057\u3066"
    "\u304a\u308a\u307e\u3059\u3002 #cuberdon #Belgium"
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


def bare_icalendar(plan, posts, now: datetime) -> bytes:
    """The same events built minimally with icalendar and serialised by it (no VTIMEZONE, no lookups)."""
    from icalendar import Calendar, Event

    from smplanner.domain.timezones import zone

    codes = {m.id: m.code for m in plan.markets}
    catalogue = plan.catalogue()
    calendar = Calendar()
    calendar.add("PRODID", "-//bench//bench//EN")
    calendar.add("VERSION", "2.0")
    for post in posts:
        start = post.instant.astimezone(zone(post.zone))
        event = Event()
        event.add("SUMMARY", "{m} \u00b7 {p} \u00b7 {t}".format(
            m=codes[post.market_id], p=catalogue.name(post.platform), t=post.title))
        event.add("DTSTART", start)
        event.add("DTEND", start + timedelta(minutes=15))
        event.add("DTSTAMP", now)
        event.add("UID", post.id + "@smplanner")
        event.add("CATEGORIES", [codes[post.market_id], catalogue.name(post.platform)])
        event.add("DESCRIPTION", (post.versions[0].text if post.versions else "") + "\n\nLanguage: English")
        event.add("STATUS", "TENTATIVE")
        calendar.add_component(event)
    return calendar.to_ical()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from smplanner.domain.cadence import generate_posts
    from smplanner.domain.market_days import NO_DAYS_OFF
    from smplanner.services import ics_export
    from smplanner.domain.plan import PostVersion
    from smplanner.services.ics_export import IcsOptions, calendar_ics
    from smplanner.services.post_csv import csv_export
    from smplanner.services.planning import PlanningService
    from smplanner.storage.plan_file import PlanFile

    plan = build_plan(date(2027, 1, 4))
    every = generate_posts(plan, lambda market_id: NO_DAYS_OFF)
    step = len(every) / POSTS
    posts = [
        dataclasses.replace(every[int(i * step)], title="Cuberdons, week {n}".format(n=i % 52 + 1),
                            versions=(PostVersion(every[int(i * step)].languages[0] if every[int(i * step)].versions
                                                  else "en", TEXT),))
        for i in range(POSTS)
    ]
    now = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    options = IcsOptions(now=now)
    zones = len({post.zone for post in posts})
    print("plan: {m} markets x {p} platforms; {n:,} posts from {first} to {last}, in {z} zones".format(
        m=len(plan.markets), p=len({pr.platform for pr in plan.presences}), n=len(posts),
        first=posts[0].local.date(), last=posts[-1].local.date(), z=zones))

    def ours() -> None:
        ics_export._observances.cache_clear()  # the time zones derived afresh each run
        ours.data = calendar_ics(plan, posts, options)

    ics_samples = timed(ours, args.runs)
    bare_samples = timed(lambda: bare_icalendar(plan, posts, now), max(1, args.runs // 2 + 1))
    print("file: {size:,} bytes, {events:,} events".format(
        size=len(ours.data), events=ours.data.count(b"BEGIN:VEVENT")))

    folder = Path(tempfile.mkdtemp())
    PlanFile.create(folder / "bench.smplan", plan, posts)
    service = PlanningService(PlanFile.open(folder / "bench.smplan"))
    runs = iter(range(10_000))

    def through_service() -> None:  # a new file each run: nothing remembered yet
        ics_export._observances.cache_clear()
        service.export_ics(folder / "bench-{n}.ics".format(n=next(runs)), options=options)

    service_samples = timed(through_service, args.runs)

    def again() -> None:  # the same file: what it was given read back and compared
        ics_export._observances.cache_clear()
        service.export_ics(folder / "bench-0.ics", options=options)

    again_samples = timed(again, args.runs)
    service.close()

    csv_samples = timed(lambda: csv_export(plan, posts), args.runs)
    cells = [row for row in csv.reader(io.StringIO(csv_export(plan, posts).decode("utf-8-sig")))]

    def bare_csv() -> None:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(cells)

    bare_csv_samples = timed(bare_csv, args.runs)

    rows = [
        ("calendar_ics", "calendar_ics, {n:,} posts".format(n=len(posts)), ics_samples,
         "icalendar, the same events bare", bare_samples),
        ("service_ics", "export_ics: read the plan, write a new file", service_samples,
         "icalendar, the same events bare", bare_samples),
        ("service_ics_again", "export_ics again to the same file", again_samples,
         "icalendar, the same events bare", bare_samples),
        ("csv", "csv_export, {n:,} posts".format(n=len(posts)), csv_samples, "csv.writer on the same cells",
         bare_csv_samples),
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
        args.json.write_text(json.dumps({"python": sys.version.split()[0], "posts": len(posts), "results": results},
                                        indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
