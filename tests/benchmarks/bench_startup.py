"""Start-up benchmark: smplanner on a 10,000-post, 8-market plan beside a bare PySide6 QMainWindow.

Each figure is the median of several whole-process runs, interleaved (bare, app, bare, app, ...) after one
warm-up of each, all started the same way: `<python> -m smplanner PLAN` and `<python> bare_window.py`, with
QT_QPA_PLATFORM=offscreen, English, and fresh XDG config/data/state folders for every run. The processes
report their milestones through SMPLANNER_STARTUP_PROBE (see smplanner/app.py) and close themselves.

Targets (from the issue):
  1. main window shown          <= 1.5 x the bare window's time to first paint
  2. plan content ready         <= 4   x the bare window's time to first paint
  3. peak memory (max RSS)      <= 2.5 x the bare window's

    python tests/benchmarks/bench_startup.py [--runs 7] [--json bench-results-startup.json]

Exit status: 0 when every target is met, 1 when one is missed, 2 when a run failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, time as clock_time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BARE_SCRIPT = HERE / "bare_window.py"
PROBE = "SMPLANNER_STARTUP_PROBE"

TARGETS = {
    "window_shown": 1.5,
    "content_ready": 4.0,
    "peak_memory": 2.5,
}


# -- the plan -------------------------------------------------------------------------------------------------


def build_plan(start: date):
    """A Born-Global plan with 8 markets in different countries and zones; its rules give about 10,000 posts a year.

    Every market has three presences: two posting twice a day on working days and one twice a day on Tuesdays and
    Thursdays: 24 posts a week, about 1,250 a market over the 365-day period, 10,016 in all (holidays move posts).
    """
    from datetime import timedelta
    from decimal import Decimal

    from smplanner.domain.plan import (
        Actor,
        ActorKind,
        Audience,
        CadenceRule,
        ContentFormat,
        ContentType,
        Firm,
        HolidayPolicy,
        LanguageMode,
        Market,
        Objective,
        Plan,
        Presence,
        ProfileScope,
        Scenario,
        Strategy,
    )

    VIS, OPP, REL = Objective.VISIBILITY, Objective.OPPORTUNITIES, Objective.RELATIONSHIPS
    markets = (
        Market("GB", "Europe/London", subdivision="ENG", objectives=(VIS, REL), languages=("en",)),
        Market("JP", "Asia/Tokyo", objectives=(VIS, OPP), languages=("ja",), content_adapted=True),
        Market("ES", "Europe/Madrid", objectives=(VIS, REL), languages=("es",)),
        Market("CN", "Asia/Shanghai", objectives=(VIS, OPP), languages=("zh",), content_adapted=True),
        Market("FR", "Europe/Paris", objectives=(OPP, REL), languages=("fr",)),
        Market("CA", "America/Toronto", subdivision="QC", objectives=(VIS, OPP, REL), languages=("fr", "en"),
               entry_order=2),
        Market("CM", "Africa/Douala", objectives=(VIS, OPP, REL), languages=("fr", "en"), entry_order=2),
        Market("US", "America/New_York", objectives=(VIS, OPP), languages=("en",), entry_order=2, paid_ads=True,
               ads_budget_month=Decimal(300)),
    )
    platforms = {
        "CN": ("wechat", "xiaohongshu", "weibo"),
        "JP": ("instagram", "line", "x"),
    }
    founder = Actor("Founder", ActorKind.FOUNDER, country="BE", hours_per_week=8)
    agency = Actor("Home agency", ActorKind.AGENCY, country="BE", hours_per_week=20)
    news, stories = (
        ContentType("Product news", share_percent=60, format=ContentFormat.IMAGE),
        ContentType("Customer stories", share_percent=40, format=ContentFormat.VIDEO),
    )
    presences: list[Presence] = []
    rules: list[CadenceRule] = []
    weekdays, tue_thu = (0, 1, 2, 3, 4), (1, 3)
    for market in markets:
        networks = platforms.get(market.country, ("linkedin", "instagram", "facebook"))
        language = market.languages[0]
        for index, network in enumerate(networks):
            presence = Presence(market.id, network, scope=ProfileScope.NATIONAL, goal=market.objectives[0],
                                actor_id=agency.id if index else founder.id)
            presences.append(presence)
            days = weekdays if index < 2 else tue_thu
            rules.append(CadenceRule(presence.id, days, (clock_time(9, 0), clock_time(17, 30)), language=language,
                                     content_type_id=(news if index % 2 == 0 else stories).id,
                                     holiday_policy=HolidayPolicy.MOVE))
    return Plan(
        firm=Firm("Benchmark Exports", "BE", "Europe/Brussels", sector="Confectionery", audience=Audience.BOTH,
                  team_size=3, scenario=Scenario.BORN_GLOBAL),
        strategy=Strategy(start, start + timedelta(days=364), budget_organic_month=Decimal(800),
                          language_mode=LanguageMode.PER_MARKET, editorial_line="Craft, colour and people."),
        markets=markets,
        actors=(founder, agency),
        presences=tuple(presences),
        content_types=(news, stories),
        cadence_rules=tuple(rules),
    )


def write_plan(folder: Path) -> dict[str, object]:
    """Write the benchmark plan with the project's own code; returns its path, post count and market count."""
    from smplanner.domain.examples import default_start
    from smplanner.services.planning import posts_for
    from smplanner.storage.plan_file import PlanFile

    plan = build_plan(default_start(date.today()))
    posts = posts_for(plan)
    path = folder / "benchmark.smplan"
    PlanFile.create(path, plan, posts)
    return {"path": str(path), "posts": len(posts), "markets": len(plan.markets)}


def write_plan_in_child(python: str, folder: Path) -> dict[str, object]:
    """Write the plan in another process, so that this one stays small.

    A child's ru_maxrss counts the memory it had before exec, which is this process's own (fork, vfork): were
    smplanner and SQLAlchemy loaded here, every child would seem to peak at this process's size at least.
    """
    done = subprocess.run([python, str(Path(__file__).resolve()), "--write-plan", str(folder)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError("writing the plan failed:\n" + done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- running one process --------------------------------------------------------------------------------------


@dataclass
class Run:
    kind: str  # "bare" or "app"
    milestones: dict[str, float]  # seconds from just before Popen
    max_rss_kib: int
    wall: float
    returncode: int


@dataclass
class Series:
    kind: str
    runs: list[Run] = field(default_factory=list)

    def values(self, key: str) -> list[float]:
        if key == "peak_memory":
            return [r.max_rss_kib / 1024 for r in self.runs]
        return [r.milestones[key] for r in self.runs]


def child_environment(home: Path, lang: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMPLANNER_", "LC_", "QT_"))}
    env.pop("LANGUAGE", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8" if lang == "en" else "{lang}.UTF-8".format(lang=lang),
        LANGUAGE=lang,
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
    )
    (home / "runtime").mkdir(parents=True, exist_ok=True, mode=0o700)
    return env


def run_once(kind: str, command: list[str], work: Path, index: int, lang: str, timeout: float) -> Run:
    home = work / "{kind}-{index}".format(kind=kind, index=index)
    home.mkdir()
    probe = home / "probe.txt"
    env = child_environment(home, lang)
    env[PROBE] = str(probe)
    env[PROBE + "_EXIT"] = "1"
    log_path = home / "output.txt"
    with log_path.open("wb") as log:
        t0 = time.time()
        process = subprocess.Popen(command, env=env, cwd=home, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        wall = time.time() - t0
        process.returncode = os.waitstatus_to_exitcode(status)
    milestones: dict[str, float] = {}
    if probe.exists():
        for line in probe.read_text(encoding="utf-8").splitlines():
            name, _, at = line.partition(" ")
            milestones.setdefault(name, float(at) - t0)
    expected = ("window_shown",) if kind == "bare" else ("window_shown", "content_ready")
    if process.returncode != 0 or any(name not in milestones for name in expected):
        output = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(
            "{kind} run {index} failed (exit {code}, milestones {found}):\n{output}".format(
                kind=kind, index=index, code=process.returncode, found=sorted(milestones), output=output
            )
        )
    return Run(kind, milestones, usage.ru_maxrss, wall, process.returncode)


# -- the report -----------------------------------------------------------------------------------------------


def summarise(bare: Series, app: Series) -> list[dict[str, object]]:
    base_time = statistics.median(bare.values("window_shown"))
    base_memory = statistics.median(bare.values("peak_memory"))
    rows = []
    for key, label, unit, baseline in (
        ("window_shown", "main window shown", "s", base_time),
        ("content_ready", "plan content painted and interactive", "s", base_time),
        ("peak_memory", "peak memory (max RSS)", "MiB", base_memory),
    ):
        values = app.values(key)
        median = statistics.median(values)
        ratio = median / baseline
        rows.append(
            {
                "figure": key,
                "label": label,
                "unit": unit,
                "app_median": round(median, 4),
                "app_runs": [round(v, 4) for v in values],
                "bare_median": round(baseline, 4),
                "bare_runs": [round(v, 4)
                              for v in bare.values("peak_memory" if key == "peak_memory" else "window_shown")],
                "ratio": round(ratio, 3),
                "target": TARGETS[key],
                "passed": ratio <= TARGETS[key],
            }
        )
    return rows


def print_table(rows: list[dict[str, object]], posts: int, markets: int, runs: int) -> None:
    print()
    print("smplanner start-up: {posts:,} posts over {markets} markets, median of {runs} runs each".format(
        posts=posts, markets=markets, runs=runs))
    header = "{:<38} {:>12} {:>12} {:>7} {:>7}  {}".format("figure", "smplanner", "bare window", "ratio", "target",
                                                           "result")
    print(header)
    print("-" * len(header))
    for row in rows:
        fmt = "{:.3f} s" if row["unit"] == "s" else "{:.1f} MiB"
        print(
            "{:<38} {:>12} {:>12} {:>6.2f}x {:>6.1f}x  {}".format(
                str(row["label"]),
                fmt.format(row["app_median"]),
                fmt.format(row["bare_median"]),
                row["ratio"],
                row["target"],
                "PASS" if row["passed"] else "FAIL",
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each process (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs of each first (default 1)")
    parser.add_argument("--json", type=Path, default=Path("bench-results-startup.json"),
                        help="where to write the results (default ./bench-results-startup.json)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter to start both with")
    parser.add_argument("--lang", default="en", help="UI language of the runs (default en)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (plan, probes, outputs)")
    parser.add_argument("--write-plan", type=Path, metavar="FOLDER", help=argparse.SUPPRESS)  # the child's job
    args = parser.parse_args(argv)
    if args.write_plan is not None:
        print(json.dumps(write_plan(args.write_plan)))
        return 0

    work = Path(tempfile.mkdtemp(prefix="smplanner-bench-"))
    try:
        started = time.perf_counter()
        written = write_plan_in_child(args.python, work)
        plan_path, post_count, market_count = Path(str(written["path"])), int(written["posts"]), int(written["markets"])
        print("plan: {posts:,} posts over {markets} markets, written in {s:.1f} s to {path}".format(
            posts=post_count, markets=market_count, s=time.perf_counter() - started, path=plan_path))
        commands = {
            "bare": [args.python, str(BARE_SCRIPT)],
            "app": [args.python, "-m", "smplanner", str(plan_path)],
        }
        series = {kind: Series(kind) for kind in commands}
        total = args.warmup + args.runs
        for index in range(total):
            measured = index >= args.warmup
            for kind, command in commands.items():
                run = run_once(kind, command, work, index, args.lang, args.timeout)
                if measured:
                    series[kind].runs.append(run)
                print("  {tag:<7} {kind:<4}  {ms}  max RSS {rss:6.1f} MiB  exit after {wall:.3f} s".format(
                    tag="warm-up" if not measured else "run {n}".format(n=index - args.warmup + 1),
                    kind=kind,
                    ms="  ".join("{k} {v:.3f} s".format(k=k, v=v) for k, v in sorted(run.milestones.items(),
                                                                                   key=lambda kv: kv[1])),
                    rss=run.max_rss_kib / 1024,
                    wall=run.wall,
                ), flush=True)
        rows = summarise(series["bare"], series["app"])
        print_table(rows, post_count, market_count, args.runs)
        floor_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print("(peak memory of this benchmark process, a floor under every child's: {m:.1f} MiB)".format(m=floor_mib))
        if min(min(s.values("peak_memory")) for s in series.values()) < 1.2 * floor_mib:
            print("warning: a child's peak memory is close to this process's own; the memory figure may be wrong",
                  file=sys.stderr)
        result = {
            "benchmark": "startup",
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
            "plan": {"posts": post_count, "markets": market_count},
            "benchmark_process_max_rss_mib": round(floor_mib, 1),
            "runs": args.runs,
            "warmup": args.warmup,
            "language": args.lang,
            "commands": {"bare": ["python", "tests/benchmarks/bare_window.py"],
                         "app": ["python", "-m", "smplanner", "PLAN"]},
            "figures": rows,
            "passed": all(row["passed"] for row in rows),
            "raw": {kind: [vars(run) for run in s.runs] for kind, s in series.items()},
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print("\nresults written to {path}".format(path=args.json.resolve()))
        return 0 if result["passed"] else 1
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print("kept {work}".format(work=work))
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
