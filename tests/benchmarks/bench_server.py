"""Server plans beside plan files: start-up and edits on the same 10,000-post plan, as a file and on PostgreSQL.

The plan is bench_startup.py's (8 markets, about 10,000 posts). It is written as a plan file, then copied to a server
plan in a private PostgreSQL cluster started for the run (tests/pg_cluster.py: Debian's server programs, a Unix socket
in a temporary folder, durability settings of a test cluster). Every figure is the median of several runs, the file's
and the server's interleaved, and each server figure is given as a ratio to the file's in the same run.

  1. the app's start-up, whole process (`python -m smplanner PLAN`, offscreen): main window shown, plan content
     ready (the milestones of bench_startup.py);
  2. opening the plan for work in this process (checked, locked or registered, the first screen's reads);
  3. an edit: a post's title changed through the service and read back (what an edit in the window costs before the
     views update), and its undo;
  4. another window seeing it: from the commit in one server plan to the change read by a second one (its
     notification arrives, it catches up).

    python tests/benchmarks/bench_server.py [--runs 7] [--json bench-results-server.json]

The server here is on the same machine, through a Unix socket: a server over a network adds its round trips (a
change is about five: the writers' turn, the row read and checked, the write, the change record, the commit).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_startup import run_once, write_plan  # noqa: E402 - the benchmarks are plain scripts beside each other
from pg_cluster import PostgresCluster  # noqa: E402 - the tests' cluster helper, beside this folder


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def open_for_work(where: str | Path) -> float:
    from smplanner.services.planning import PlanningService
    from smplanner.storage.opening import open_plan

    started = time.perf_counter()
    plan = open_plan(where)
    service = PlanningService(plan)
    service.plan()
    service.summary()
    elapsed = time.perf_counter() - started
    service.close()
    return elapsed


def edits(where: str | Path, count: int) -> tuple[list[float], list[float]]:
    """The time of each edit (a title changed) and of its undo, on one open plan."""
    from smplanner.services.planning import PlanningService
    from smplanner.storage.opening import open_plan

    service = PlanningService(open_plan(where))
    posts = service.plan_file.reader.posts()[:count]
    edited, undone = [], []
    try:
        for post in posts:
            started = time.perf_counter()
            after = service.update_post(dataclasses.replace(post, title="Edited")).post_changes[0].after
            edited.append(time.perf_counter() - started)
            started = time.perf_counter()
            service.restore_post(post, over=after)
            undone.append(time.perf_counter() - started)
    finally:
        service.close()
    return edited, undone


def seen_by_another(address: str, count: int) -> list[float]:
    """From one server plan's commit to a second one having read the change (notified, then caught up)."""
    import select

    from smplanner.services.planning import PlanningService
    from smplanner.storage.opening import open_plan

    writer, reader = PlanningService(open_plan(address)), PlanningService(open_plan(address))
    socket = reader.plan_file.listen()
    delays = []
    try:
        for post in writer.plan_file.reader.posts()[:count]:
            started = time.perf_counter()
            writer.update_post(dataclasses.replace(post, title="Seen?"))
            while True:
                select.select([socket], [], [], 5)
                if reader.plan_file.notified():
                    break
            changes, _people = reader.catch_up()
            assert any(change.post_id == post.id for change in changes.post_changes)
            delays.append(time.perf_counter() - started)
    finally:
        writer.close()
        reader.close()
    return delays


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from smplanner.storage.plan_copy import copy_plan

    cluster = PostgresCluster().start()
    rows: list[dict[str, object]] = []
    try:
        cluster.execute("CREATE DATABASE bench")
        with tempfile.TemporaryDirectory(prefix="smplanner-bench-server-") as folder:
            work = Path(folder)
            facts = write_plan(work)
            plan_path = Path(str(facts["path"]))
            address = cluster.uri("bench", schema="plan_" + uuid.uuid4().hex[:8])
            started = time.perf_counter()
            report = copy_plan(plan_path, address)
            copy_seconds = time.perf_counter() - started
            print("Plan: {posts:,} posts, {markets} markets; copied to the server and checked in {s:.1f} s".format(
                posts=report.posts, markets=facts["markets"], s=copy_seconds))

            shown = {"file": [], "server": []}
            ready = {"file": [], "server": []}
            opened = {"file": [], "server": []}
            python = sys.executable
            for kind, where in (("file", str(plan_path)), ("server", address)):  # warm-up
                run_once(kind, [python, "-m", "smplanner", where], work, 0, "en", 120)
                open_for_work(where if kind == "server" else plan_path)
            for index in range(1, args.runs + 1):
                for kind, where in (("file", str(plan_path)), ("server", address)):
                    run = run_once(kind, [python, "-m", "smplanner", where], work, index, "en", 120)
                    shown[kind].append(run.milestones["window_shown"])
                    ready[kind].append(run.milestones["content_ready"])
                    opened[kind].append(open_for_work(where if kind == "server" else plan_path))
            edited, undone = {}, {}
            for kind, where in (("file", plan_path), ("server", address)):
                edited[kind], undone[kind] = edits(where, args.edits)
            seen = seen_by_another(address, args.edits)
    finally:
        cluster.stop()

    def row(name: str, file_values: list[float], server_values: list[float]) -> dict[str, object]:
        file_ms, server_ms = median_ms(file_values), median_ms(server_values)
        return {"figure": name, "file_ms": round(file_ms, 1), "server_ms": round(server_ms, 1),
                "ratio": round(server_ms / file_ms, 2)}

    rows = [
        row("app: main window shown", shown["file"], shown["server"]),
        row("app: plan content ready", ready["file"], ready["server"]),
        row("open for work (in process)", opened["file"], opened["server"]),
        row("edit a post (stored, read back)", edited["file"], edited["server"]),
        row("undo that edit", undone["file"], undone["server"]),
    ]
    print("\n{:<36} {:>10} {:>10} {:>7}".format("median of {n} runs".format(n=args.runs), "file", "server", "ratio"))
    for item in rows:
        print("{figure:<36} {file_ms:>8.1f}ms {server_ms:>8.1f}ms {ratio:>6.2f}x".format(**item))
    print("{:<36} {:>10} {:>8.1f}ms".format("seen by another window", "", median_ms(seen)))
    if args.json is not None:
        args.json.write_text(json.dumps({"rows": rows, "seen_by_another_ms": round(median_ms(seen), 1),
                                         "copy_s": round(copy_seconds, 2), "posts": report.posts}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
