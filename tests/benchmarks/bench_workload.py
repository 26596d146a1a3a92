"""Workload benchmark: the whole analysis (weekly hours, budget, findings with their priced options) of the
calendar benchmark's plan, 10 markets x 6 platforms x 3 years of daily posts (about 65,000 posts).

The figure is the median of several runs in this process, beside a baseline measured in the same run:
  1. analyse + findings                        target < 300 ms   baseline: one pass over the posts computing
                                                                 nothing but each post's week key

The posts are generated in memory (no plan file): reading them from a file is the calendar's figure, not this one.

    python tests/benchmarks/bench_workload.py [--runs 15] [--json bench-results-workload.json]

Exit status: 0 when the target is met, 1 when it is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time as clock
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_MS = 300.0


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

    from bench_calendar import MARKETS, PLATFORMS, build_plan

    from smplanner.domain.cadence import generate_posts
    from smplanner.domain.market_days import NO_DAYS_OFF
    from smplanner.domain.post_tally import tally_posts
    from smplanner.domain.workload import WorkloadSettings, analyse, findings
    from smplanner.i18n import set_language

    set_language("en")
    plan = build_plan(date(2027, 1, 4))
    first, last = plan.strategy.period_start, plan.strategy.period_end
    posts = generate_posts(plan, lambda _market_id: NO_DAYS_OFF)
    settings = WorkloadSettings()
    print("plan: {m} markets x {p} platforms, {n:,} posts over 3 years".format(
        m=len(MARKETS), p=len(PLATFORMS), n=len(posts)))

    def whole_analysis() -> None:
        counted = tally_posts(posts, first, last)
        report = analyse(plan, counted, settings)
        whole_analysis.found = findings(plan, counted, report, settings)
        whole_analysis.report = report

    def week_keys() -> None:
        week_keys.keys = [(post.local.toordinal() - 1) // 7 for post in posts]

    whole_analysis()  # warm up: babel's locale data, the catalogue, the lazily imported modules
    samples = timed(whole_analysis, args.runs)
    baseline = timed(week_keys, args.runs)
    report, found = whole_analysis.report, whole_analysis.found
    print("{w} weeks, {h:.1f} h a week needed, {c:.1f} h capacity, {f} findings, {o} options".format(
        w=len(report.weeks), h=report.total_needed_hours, c=report.total_capacity_hours, f=len(found),
        o=sum(len(finding.options) for finding in found)))

    value, base = median_ms(samples), median_ms(baseline)
    ok = value < TARGET_MS
    label = "analyse + findings, {n:,} posts".format(n=len(posts))
    baseline_label = "week key of every post"
    print()
    print("{:<46}{:>10}{:>22}{:>10}{:>9}{:>8}".format("figure", "median", "baseline", "ratio", "target", "result"))
    print("-" * 105)
    print("{:<46}{:>7.1f} ms{:>12.1f} ms {:<7}{:>7.2f}x{:>6.0f} ms{:>8}".format(
        label, value, base, "", value / base if base else float("inf"), TARGET_MS, "PASS" if ok else "MISS"))
    print("    baseline: {b}".format(b=baseline_label))
    if args.json:
        results = {"workload": {"median_ms": round(value, 2), "baseline": baseline_label, "baseline_ms": round(base, 2),
                                "target_ms": TARGET_MS, "runs": len(samples)}}
        args.json.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
