"""Killing smplanner at any moment loses no edit it reported as saved, and leaves a plan that opens."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from edit_stream import edit_number
from storage_support import page_size_and_count, rich_plan

from smplanner.storage import sqlite_file
from smplanner.storage.plan_file import PlanFile

EDIT_STREAM = Path(__file__).with_name("edit_stream.py")
TRIALS = 26


@pytest.fixture(scope="module")
def base_plan(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "base.smplan"
    PlanFile.create(path, *rich_plan())
    return path


def reported_edits(lines: list[str]) -> list[list[str]]:
    """Complete lines only: a line cut short by the kill was not reported."""
    return [line.split() for line in lines if line.endswith("\n") and line.startswith(("add ", "title "))]


def check_plan_after_kill(path: Path, edits: list[list[str]]) -> None:
    with PlanFile.open(path) as plan_file:
        plan_file.check_integrity()
        stored = {post.id: post for post in plan_file.repository.posts()}
        rows = plan_file.connection.execute("PRAGMA integrity_check").fetchall()
    assert rows == [("ok",)]
    last_title_edit: dict[str, int] = {}
    for kind, number, *ids in edits:
        if kind == "add":
            missing = [post_id for post_id in ids if post_id not in stored]
            assert not missing, "edit {n} was reported saved but {m} posts are missing".format(n=number, m=len(missing))
        last_title_edit[ids[0]] = int(number)
    for post_id, number in last_title_edit.items():
        found = edit_number(stored[post_id].title)
        # A later edit may have been saved without being reported yet, never an earlier one.
        assert found is not None and found >= number, (post_id, stored[post_id].title, number)
    assert not Path(str(path) + "-journal").exists() or not sqlite_file.has_hot_journal(path)


@pytest.mark.slow
def test_killing_the_process_loses_no_reported_edit(tmp_path, base_plan):
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    reported = 0
    for trial in range(TRIALS):
        path = tmp_path / "plan{n}.smplan".format(n=trial)
        shutil.copyfile(base_plan, path)
        lines = run_and_kill_lines(path, rng.randrange(2**31), rng)
        edits = reported_edits(lines)
        reported += len(edits)
        try:
            check_plan_after_kill(path, edits)
        except Exception as error:
            raise AssertionError("trial {t} of run seed {s} failed: {e!r}".format(t=trial, s=seed, e=error)) from error
    assert reported > TRIALS, "too few edits were reported for the test to mean anything"


def run_and_kill_lines(path: Path, seed: int, rng: random.Random) -> list[str]:
    """Start the edit stream, SIGKILL it after some reported edits or after a random delay; all complete lines."""
    stream = subprocess.Popen(
        [sys.executable, str(EDIT_STREAM), str(path), str(seed)], stdout=subprocess.PIPE, text=True
    )
    lines: list[str] = []
    try:
        if rng.random() < 0.5:
            wanted = rng.randint(1, 60)
            for line in stream.stdout:
                lines.append(line)
                if line.startswith(("add ", "title ")):
                    wanted -= 1
                    if wanted == 0:
                        break
        else:
            time.sleep(rng.uniform(0.0, 0.9))  # may land while the plan is still being opened
        stream.send_signal(signal.SIGKILL)
        lines.extend(stream.stdout.read().splitlines(keepends=True))
    finally:
        if stream.poll() is None:
            stream.kill()
        stream.wait(timeout=10)
    assert stream.returncode == -signal.SIGKILL, stream.returncode
    return lines


def test_a_plan_left_with_a_hot_journal_opens_with_its_last_committed_content(tmp_path, base_plan):
    """The state a kill can leave in the middle of a commit that grows the file: SQLite must play the journal back.

    SQLite writes page 1 (which records the new page count) before the pages it adds, so until the journal is
    played back the file can be shorter than its header says. That is not a truncated plan.
    """
    path = tmp_path / "plan.smplan"
    shutil.copyfile(base_plan, path)
    with PlanFile.open(path) as plan_file:
        committed = {post.id: post for post in plan_file.repository.posts()}
    original_size = path.stat().st_size

    # A writer that spills a big uncommitted transaction to the file; we photograph the file and its journal.
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA cache_size=5")
    writer.execute("BEGIN")
    writer.executemany(
        "INSERT INTO plan_meta (key, value, revision) VALUES (?, ?, 0)",
        [("filler{n}".format(n=n), "x" * 3000) for n in range(400)],
    )
    crashed = tmp_path / "crashed.smplan"
    shutil.copyfile(path, crashed)
    shutil.copyfile(str(path) + "-journal", str(crashed) + "-journal")
    writer.execute("ROLLBACK")
    writer.close()
    assert sqlite_file.has_hot_journal(crashed)
    page_size, _ = page_size_and_count(crashed)
    grown_pages = crashed.stat().st_size // page_size + 50
    with crashed.open("r+b") as handle:  # page 1 as the interrupted commit wrote it: more pages than are there
        handle.seek(28)
        handle.write(grown_pages.to_bytes(4, "big"))

    with PlanFile.open(crashed) as plan_file:
        plan_file.check_integrity()
        assert {post.id: post for post in plan_file.repository.posts()} == committed
        assert plan_file.repository.meta("filler0") is None
    assert crashed.stat().st_size == original_size
    assert not Path(str(crashed) + "-journal").exists()

