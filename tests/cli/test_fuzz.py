"""Fuzzing every sub-command with tampered plans and strategy files, as real processes.

Hypothesis tampers with a real plan file (values of every column, their types, missing columns, rows and tables,
broken JSON, unknown enum values and zones, zero intervals, the file's own facts) or a real strategy file, then
runs one sub-command on it. The only acceptable outcomes: success, or exit 1 with one line on stderr; never a
traceback, and the plan byte for byte as it was.

The short run is part of every test run; the long one (marked `soak`, and `slow`) runs with
`.venv/bin/python -m pytest -q -m soak tests/cli/test_fuzz.py`. Either writes what it did to the JSON file named by
SMPLANNER_FUZZ_REPORT, when set.
"""

from __future__ import annotations

import atexit
import collections
import dataclasses
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import GUARD

from smplanner.services.plan_files import create_from_example, is_untouched_example
from smplanner.storage import tables

TODAY = date(2027, 1, 6)
NASTY = [
    None, "", " ", "x", "Instagram", "myspace", "Mars/Olympus_Mons", "[", '{"a":', "[1, 2", "[]", "{}", '"text"',
    "null", "2027-13-45", "25:99", "0001-01-01", "9999-12-31", "2027-01-06 25:00:00", "nan", "inf", "-1", "1e400",
    "9" * 60, "zh-Hans", "x" * 100_000, "日本語 🎉", "\x00", 0, -1, 1, 2, 7, 169, 10**6, 2**63 - 1, -(2**63), 0.5,
    -0.01, 1e308, float("inf"), float("-inf"), b"\x00\xff\xfe", b"",
]
ENUM_LIKE = ["b2x", "everyone", "VISIBILITY", "monthly", "later", "gif", "agency "]
COMMANDS = {
    "info": ["info", "{plan}"],
    "info --json": ["info", "{plan}", "--json"],
    "agenda": ["agenda", "{plan}", "--from", "2027-01-01", "--to", "2027-03-31"],
    "agenda --json": ["agenda", "{plan}", "--from", "2027-01-01", "--json"],
    "workload": ["workload", "{plan}"],
    "workload --json": ["workload", "{plan}", "--json"],
    "export-ics": ["export-ics", "{plan}", "-o", "{out}/calendar.ics", "--holidays"],
    "export-csv": ["export-csv", "{plan}", "-o", "{out}/calendar.csv"],
    "export-ics -o -": ["export-ics", "{plan}", "-o", "-"],
    "summary": ["summary", "{plan}", "-o", "{out}/summary.pdf"],
    "strategy export": ["strategy", "export", "{plan}"],
    "strategy export -o": ["strategy", "export", "{plan}", "-o", "{out}/strategy.toml"],
    "today": ["today", "{plan}", "--days", "30"],
    "today --json": ["today", "{plan}", "--json"],
    "publish (before the plan starts)": ["publish", "{plan}", "{post}", "--at", "2020-01-06T10:00"],
    "new --example over it": ["new", "{plan}", "--example", "training"],
    "demo over it": ["demo", "{folder}"],
    "the app's own plan argument, mistyped": ["infoo", "{plan}"],
}
STRATEGY_COMMANDS = {
    "new --strategy": ["new", "{out}/from-strategy.smplan", "--strategy", "{strategy}"],
}
outcomes: collections.Counter[tuple[str, str, str]] = collections.Counter()


def _report() -> None:
    target = os.environ.get("SMPLANNER_FUZZ_REPORT")
    if target and outcomes:
        rows = [{"tampering": k, "command": c, "outcome": o, "runs": n} for (k, c, o), n in sorted(outcomes.items())]
        Path(target).write_text(json.dumps(rows, indent=1), encoding="utf-8")


atexit.register(_report)


@dataclasses.dataclass(frozen=True)
class BasePlan:
    path: Path
    a_post: str  # the id of one of its posts, for publish


@pytest.fixture(scope="module")
def base_plan(tmp_path_factory: pytest.TempPathFactory) -> BasePlan:
    """The training example (named as the demo names it, so that demo meets it), made once."""
    path = tmp_path_factory.mktemp("base") / "training.smplan"
    _plan, posts = create_from_example(path, "training", TODAY, keep_digest=True)
    return BasePlan(path, posts[0].id)


@pytest.fixture(scope="module")
def base_strategy(base_plan: BasePlan) -> str:
    done = run(["strategy", "export", str(base_plan.path)])
    assert done.returncode == 0, done.stderr
    return done.stdout


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, LANG="C.UTF-8", LANGUAGE="en")
    environment.pop("QT_QPA_PLATFORM", None)  # the commands choose offscreen themselves
    environment.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-c", GUARD, *args], capture_output=True, text=True, timeout=180,
                          env=environment, check=False)


# -- tampering with a plan file --------------------------------------------------------------------------------------

COLUMNS = [(table.name, column.name) for table in tables.TABLES for column in table.columns]
JSON_COLUMNS = [(t.name, c.name) for t in tables.TABLES for c in t.columns if c.stored is tables.Stored.JSON]
ENUM_COLUMNS = [(t.name, c.name) for t in tables.TABLES for c in t.columns if c.form.to_stored is not None
                and c.stored is tables.Stored.STRING and c.name not in ("working_start", "working_end")]
ZONE_COLUMNS = [("firm", "home_zone"), ("market", "zone"), ("post", "zone")]
TABLE_NAMES = [t.name for t in tables.TABLES] + ["alembic_version"]


def set_value(table: str, column: str, value: object, rows: str) -> str:
    return "UPDATE {t} SET {c} = ? WHERE rowid IN (SELECT rowid FROM {t} ORDER BY rowid {rows})".format(
        t=table, c=column, rows=rows), value


tamperings = st.one_of(
    st.tuples(st.just("a value"), st.sampled_from(COLUMNS), st.sampled_from(NASTY)),
    st.tuples(st.just("broken JSON"), st.sampled_from(JSON_COLUMNS),
              st.sampled_from(['[', '{"id": ', '["visibility", 3]', '[[1]]', '{"id": "x"}', '"mon"', "[9, 9]"])),
    st.tuples(st.just("unknown enum"), st.sampled_from(ENUM_COLUMNS), st.sampled_from(ENUM_LIKE)),
    st.tuples(st.just("unknown zone"), st.sampled_from(ZONE_COLUMNS),
              st.sampled_from(["Mars/Olympus_Mons", "", "europe/paris", "UTC+1", "../../etc/passwd"])),
    st.tuples(st.just("interval"), st.just(("cadence_rule", "interval_weeks")), st.sampled_from([0, -1, 10**9])),
    st.tuples(st.just("a missing column"), st.sampled_from(COLUMNS), st.none()),
    st.tuples(st.just("missing rows"), st.sampled_from(TABLE_NAMES), st.sampled_from(["all", "some"])),
    st.tuples(st.just("a missing table"), st.sampled_from(TABLE_NAMES), st.none()),
    st.tuples(st.just("the file's facts"), st.sampled_from([("plan_meta", "tzdata_version"),
                                                             ("plan_meta", "workload_settings"),
                                                             ("alembic_version", "version_num")]),
              st.sampled_from(["1999a", "{", '{"hours_per_post": -1}', "0002", "9999", ""])),
)


def apply(path: Path, tampering: tuple) -> bool:
    """Change the plan file as another program could; False when SQLite refused the change."""
    kind, target, value = tampering
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys=OFF")
    try:
        if kind == "a missing column":
            table, column = target
            names = [row[1] for row in connection.execute("PRAGMA table_info({t})".format(t=table))]
            kept = ", ".join(n for n in names if n != column)
            connection.executescript(
                "BEGIN; CREATE TABLE tampered AS SELECT {kept} FROM {t}; DROP TABLE {t}; "
                "ALTER TABLE tampered RENAME TO {t}; COMMIT;".format(kept=kept, t=table))
        elif kind == "missing rows":
            condition = "" if value == "all" else " WHERE rowid % 2 = 0"
            connection.execute("DELETE FROM {t}{where}".format(t=target, where=condition))
        elif kind == "a missing table":
            connection.execute("DROP TABLE {t}".format(t=target))
        elif kind == "the file's facts":
            table, column = target
            if table == "plan_meta":
                connection.execute("INSERT OR REPLACE INTO plan_meta (key, value) VALUES (?, ?)", (column, value))
            else:
                connection.execute("UPDATE alembic_version SET version_num = ?", (value,))
        else:
            table, column = target
            rows = "LIMIT 1" if kind == "a value" and isinstance(value, int) else "LIMIT 3"
            sql, parameter = set_value(table, column, value, rows)
            connection.execute(sql, (parameter,))
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()
    return True


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_outcome(done: subprocess.CompletedProcess[str], where: str) -> str:
    assert "Traceback" not in done.stderr, where + "\n" + done.stderr[-3000:]
    if done.returncode == 0:
        return "success"
    lines = done.stderr.strip().splitlines()
    assert done.returncode in (1, 2) and len(lines) == 1 and lines[0].startswith("smplanner: error: "), (
        where + "\nexit {code}\n".format(code=done.returncode) + done.stderr[-3000:])
    return "exit {code}".format(code=done.returncode)


def fuzz_plan(base_plan: BasePlan, tampering_list: list[tuple], command: str) -> None:
    with tempfile.TemporaryDirectory(prefix="smplanner-fuzz-") as folder:
        plans, out = Path(folder) / "plans", Path(folder) / "out"
        plans.mkdir()
        out.mkdir()
        path = plans / base_plan.path.name
        shutil.copyfile(base_plan.path, path)
        applied = [t for t in tampering_list if apply(path, t)]
        before = sha256(path)
        replaceable = command == "demo over it" and is_untouched_example(path)  # demo may replace only that
        args = [part.format(plan=path, out=out, folder=plans, post=base_plan.a_post) for part in COMMANDS[command]]
        done = run(args)
        kinds = "+".join(sorted({t[0] for t in applied})) or "none (SQLite refused)"
        where = "{tamper} / {command}".format(tamper=applied, command=command)
        outcome = check_outcome(done, where)
        outcomes[(kinds, command, outcome)] += 1
        if not replaceable:
            assert sha256(path) == before, where + ": the plan changed"
        if command != "demo over it":
            assert sorted(p.name for p in plans.iterdir()) == [path.name], where  # no journal, no temporary


# -- tampering with a strategy file ----------------------------------------------------------------------------------

TOML_VALUES = ['""', '"x"', "0", "-1", "1e400", "inf", "nan", '"1e400"', '"' + "9" * 60 + '"', "[]", "{}", "true",
               "0001-01-01", "9999-12-31", '"25:99"', '"Instagram"', '"myspace"', '"Mars/Base"', '["mon", "mon"]',
               '"' + "x" * 300_000 + '"', "[[1]]", '"zh-Hans"', '"xx"']


def tamper_strategy(text: str, line_index: int, action: str, value: str) -> str:
    lines = text.splitlines()
    keyed = [i for i, line in enumerate(lines) if "=" in line and not line.lstrip().startswith("#")]
    index = keyed[line_index % len(keyed)]
    if action == "value":
        lines[index] = lines[index].split("=", 1)[0] + "= " + value
    elif action == "drop":
        del lines[index]
    elif action == "garbage":
        lines.insert(index, value + " = = [")
    else:  # cut the file short
        lines = lines[:index]
    return "\n".join(lines) + "\n"


def fuzz_strategy(base_strategy: str, line_index: int, action: str, value: str) -> None:
    with tempfile.TemporaryDirectory(prefix="smplanner-fuzz-") as folder:
        out = Path(folder)
        strategy = out / "tampered.toml"
        strategy.write_text(tamper_strategy(base_strategy, line_index, action, value), encoding="utf-8")
        done = run([part.format(out=out, strategy=strategy) for part in STRATEGY_COMMANDS["new --strategy"]])
        outcome = check_outcome(done, "strategy {action} {value!r} at {line}".format(
            action=action, value=value[:40], line=line_index))
        outcomes[("strategy file: " + action, "new --strategy", outcome)] += 1
        made = out / "from-strategy.smplan"
        if outcome == "success":  # what a strategy let in, every command must then read
            for command in ("info", "workload --json", "summary", "export-ics", "today"):
                args = [part.format(plan=made, out=out, folder=out, post="") for part in COMMANDS[command]]
                check_outcome(run(args), "after strategy {action}: {command}".format(action=action, command=command))
        else:
            assert not made.exists()
        assert sorted(p.name for p in out.iterdir() if p.name.endswith(".part")) == []


plan_examples = st.tuples(st.lists(tamperings, min_size=1, max_size=3), st.sampled_from(sorted(COMMANDS)))
strategy_examples = st.tuples(st.integers(0, 10_000), st.sampled_from(["value", "drop", "garbage", "cut"]),
                              st.sampled_from(TOML_VALUES))
QUICK = settings(max_examples=24, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
LONG = settings(max_examples=400, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@QUICK
@given(plan_examples)
def test_a_tampered_plan_never_crashes_a_command_nor_changes(base_plan, example):
    fuzz_plan(base_plan, *example)


@settings(QUICK, max_examples=8)
@given(strategy_examples)
def test_a_tampered_strategy_file_never_crashes_new(base_strategy, example):
    fuzz_strategy(base_strategy, *example)


@pytest.mark.slow
@pytest.mark.soak
@LONG
@given(plan_examples)
def test_long_a_tampered_plan_never_crashes_a_command_nor_changes(base_plan, example):
    fuzz_plan(base_plan, *example)


@pytest.mark.slow
@pytest.mark.soak
@settings(LONG, max_examples=150)
@given(strategy_examples)
def test_long_a_tampered_strategy_file_never_crashes_new(base_strategy, example):
    fuzz_strategy(base_strategy, *example)
