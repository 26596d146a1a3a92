"""Issue 10's failures, each reproduced with the shipped command line as a real process, and what happens now.

Full disks are a file-size limit (RLIMIT_FSIZE) in the child; crashes are real SIGKILLs; the app is the real app,
on Qt's offscreen platform. Every refusal is one line on stderr, and the plan is left byte for byte as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import re
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from test_cli import GUARD, one_line_error, smplanner

from smplanner.services.plan_files import create_from_example
from smplanner.storage.errors import PlanInUseError
from smplanner.storage.plan_file import PlanFile
from smplanner.storage.sqlite_file import JOURNAL_MAGIC

TODAY = date(2027, 1, 6)
FIRM = "Cuberdon & Co"


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "cuberdon.smplan"
    create_from_example(path, "confectioner", TODAY)
    return path


def file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", ".creating", ".partial")))


# -- 1. an output path equal to the plan ---------------------------------------------------------------------------

WRITERS = {
    "export-ics": ("export-ics", "{plan}", "-o", "{out}"),
    "export-csv": ("export-csv", "{plan}", "-o", "{out}"),
    "summary": ("summary", "{plan}", "-o", "{out}"),
    "strategy export": ("strategy", "export", "{plan}", "-o", "{out}"),
}


def command(name: str, plan: Path, out: Path | str) -> list[str]:
    return [part.format(plan=plan, out=out) for part in WRITERS[name]]


OUTPUT_IS_INPUT = [(writer, "the plan") for writer in WRITERS] + [
    ("export-ics", "a symlink to it"), ("export-ics", "a hard link to it"), ("export-csv", "its backup"),
    ("summary", "a hard link to it"), ("strategy export", "a symlink to it"),
]


@pytest.mark.parametrize(("writer", "spelling"), OUTPUT_IS_INPUT)
def test_an_output_that_is_the_plan_is_refused_and_the_plan_kept(plan, tmp_path, writer, spelling):
    if spelling == "its backup":
        from smplanner.storage.backups import BackupShelf, default_backup_folder

        with PlanFile.open(plan) as plan_file:  # where the app keeps them, as the command finds it (XDG_DATA_HOME)
            out = BackupShelf(default_backup_folder()).take(plan_file).path
    else:
        out = {"the plan": plan, "a symlink to it": tmp_path / "link.out",
               "a hard link to it": tmp_path / "hard.out"}[spelling]
        if spelling == "a symlink to it":
            out.symlink_to(plan)
        if spelling == "a hard link to it":
            os.link(plan, out)
    before, out_before = sha256(plan), sha256(out)
    line = one_line_error(smplanner(*command(writer, plan, out)))
    assert str(out) in line and ("plan being read" in line or "backup folder" in line), line
    assert sha256(plan) == before and sha256(out) == out_before
    assert temporaries(plan.parent) == []


# -- 2. reading after a crash mid-commit --------------------------------------------------------------------------

CRASH_MID_COMMIT = textwrap.dedent(
    """
    import sys, time
    from smplanner.storage.plan_file import PlanFile

    plan_file = PlanFile.open(sys.argv[1])
    connection = plan_file.connection
    connection.execute("PRAGMA cache_size=2")  # changed pages spill into the file before the commit
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE post SET title = 'never committed ' || id")
    connection.execute("UPDATE firm SET name = 'Never committed'")
    print("mid-commit", flush=True)
    time.sleep(120)
    """
)


def crash_mid_commit(plan: Path) -> None:
    """A writer killed (SIGKILL) in the middle of a commit: SQLite's own hot journal is left beside the plan."""
    before = sha256(plan)
    writer = subprocess.Popen([sys.executable, "-c", CRASH_MID_COMMIT, str(plan)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "mid-commit"
    writer.kill()
    writer.wait(timeout=30)
    journal = Path(str(plan) + "-journal")
    assert journal.read_bytes()[:8] == JOURNAL_MAGIC, "no hot journal"
    assert sha256(plan) != before, "the uncommitted change did not reach the file"


READERS = {
    "info": ("info", "{plan}", "--json"),
    "agenda": ("agenda", "{plan}", "--from", "2027-02-01", "--json"),
    "workload": ("workload", "{plan}", "--json"),
    # to the standard output: an export to a file notes in the plan what the file was given (a writer, then)
    "export-ics": ("export-ics", "{plan}", "-o", "-"),
    "export-csv": ("export-csv", "{plan}", "-o", "{out}.csv"),
    "summary": ("summary", "{plan}", "-o", "{out}.pdf"),
    "strategy export": ("strategy", "export", "{plan}"),
}


def test_read_only_commands_read_a_plan_a_crashed_writer_left(plan, tmp_path):
    crash_mid_commit(plan)
    journal = Path(str(plan) + "-journal")
    plan_bytes, journal_bytes = sha256(plan), sha256(journal)
    for name, parts in READERS.items():
        args = [part.format(plan=plan, out=tmp_path / "out") for part in parts]
        done = smplanner(*args)
        assert done.returncode == 0, (name, done.stderr)
        assert "never committed" not in done.stdout.lower(), name
    assert FIRM in json.loads(smplanner("info", str(plan), "--json").stdout)["firm"]["name"]
    assert "never committed" not in (tmp_path / "out.csv").read_text(encoding="utf-8-sig").lower()
    # A read-only command never changes the file: the plan and its journal are exactly as the crash left them.
    assert (sha256(plan), sha256(journal)) == (plan_bytes, journal_bytes)
    # Opening it for work plays the journal back.
    with PlanFile.open(plan) as plan_file:
        assert plan_file.reader.load_plan().firm.name == FIRM
    assert not journal.exists()


# -- 3. a full disk ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("writer", ["summary", "export-ics", "export-csv", "strategy export"])
def test_an_output_on_a_full_disk_fails_and_keeps_the_old_file(plan, tmp_path, writer):
    out = tmp_path / "out.file"
    assert smplanner(*command(writer, plan, out)).returncode == 0
    good = out.read_bytes()
    limit = len(good) // 2
    line = one_line_error(smplanner(*command(writer, plan, out), preexec_fn=file_size_limit(limit)))
    assert str(out) in line and "File too large" in line
    assert out.read_bytes() == good
    assert temporaries(tmp_path) == []


# -- 4. tampered content: one line naming the table, the row and the field (the fuzz test tries many more) ---------

TAMPERINGS = {
    "unknown enum": ("UPDATE firm SET audience = 'everyone'", "firm", "audience"),
    "broken JSON": ("UPDATE market SET objectives = '[\"visibility\",' WHERE entry_order = 1", "market", "objectives"),
    "dropped column": ("ALTER TABLE market DROP COLUMN translator", "market", "translator"),
    "unknown zone": ("UPDATE post SET zone = 'Mars/Olympus_Mons'", "post", "zone"),
    "zero interval": ("UPDATE cadence_rule SET interval_weeks = 0", "cadence_rule", "interval_weeks"),
    "infinite hours": ("UPDATE actor SET hours_per_week = 9e999", "actor", "hours_per_week"),
    "ten-year-plus period": ("UPDATE strategy SET period_end = '2099-01-01'", "strategy", "period_end"),
    "unknown platform": ("UPDATE presence SET platform = 'myspace'", "presence", "platform"),
    "missing firm": ("DELETE FROM firm", "firm", None),
}


def tamper(plan: Path, sql: str) -> None:
    import sqlite3

    connection = sqlite3.connect(plan)
    try:
        connection.execute(sql)
        connection.commit()
    finally:
        connection.close()


@pytest.mark.parametrize("kind", list(TAMPERINGS))
def test_tampered_content_is_one_line_naming_table_row_and_field(plan, tmp_path, kind):
    sql, table, field = TAMPERINGS[kind]
    tamper(plan, sql)
    before = sha256(plan)
    for args in (("info", str(plan)), ("export-csv", str(plan), "-o", str(tmp_path / "out.csv"))):
        line = one_line_error(smplanner(*args))
        assert "the {table} table".format(table=table) in line, line
        if field is not None:
            assert "field " + field in line, line
    assert sha256(plan) == before
    assert not (tmp_path / "out.csv").exists()


def test_a_region_the_holiday_data_does_not_know_is_one_line_where_holidays_are_used(plan, tmp_path):
    tamper(plan, "UPDATE market SET subdivision = 'XYZ' WHERE country = 'GB'")
    before = sha256(plan)
    for args in (("agenda", str(plan)), ("summary", str(plan), "-o", str(tmp_path / "s.pdf"))):
        line = one_line_error(smplanner(*args))
        assert "the market table, row" in line and "field subdivision" in line and "ENG" in line, line
    assert sha256(plan) == before


# -- 5. new and demo: missing folders, bad names, full disks, signals ---------------------------------------------


@pytest.mark.parametrize(("name", "reason"), [
    ("missing/folder/p.smplan", "does not exist"), (".", "not a file name"), ("", "not a file name"),
    ("..", "not a file name"),
])
def test_new_with_a_bad_path_is_one_line(tmp_path, name, reason):
    line = one_line_error(smplanner("new", name, "--example", "training", cwd=tmp_path))
    assert reason in line
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_new_into_a_folder_it_may_not_write_is_one_line(tmp_path):
    from smplanner.cli import CommandError, run

    assert run(["new", str(tmp_path / "warm.smplan"), "--example", "training"], io.StringIO(), TODAY) == 0
    folder = Path(tempfile.mkdtemp(prefix="smplanner-locked-"))
    folder.chmod(0o555)
    try:
        if os.geteuid() == 0:  # root may write anywhere: be somebody who may not (in this process: see above)
            os.seteuid(65534)
        try:
            with pytest.raises(CommandError) as raised:
                run(["new", str(folder / "p.smplan"), "--example", "training"], io.StringIO(), TODAY)
        finally:
            if os.getuid() == 0:
                os.seteuid(0)
        assert "p.smplan" in str(raised.value) and "Permission denied" in str(raised.value)
        assert list(folder.iterdir()) == []
    finally:
        folder.rmdir()


def test_new_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path):
    line = one_line_error(smplanner("new", str(tmp_path / "p.smplan"), "--example", "training",
                                    preexec_fn=file_size_limit(64 * 1024)))
    assert "p.smplan" in line and "could not be written" in line
    assert list(tmp_path.iterdir()) == []


def test_demo_on_a_full_disk_leaves_no_half_written_folder(tmp_path):
    line = one_line_error(smplanner("demo", str(tmp_path / "demo"), preexec_fn=file_size_limit(200 * 1024)))
    assert "could not be written" in line
    assert list(tmp_path.iterdir()) == []


def test_demo_stopped_half_way_removes_what_it_wrote(tmp_path):
    demo = tmp_path / "demo"
    environment = dict(os.environ, LANG="C.UTF-8", LANGUAGE="en", QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "-c", GUARD, "demo", str(demo)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=environment)
    deadline = time.monotonic() + 60
    while not (demo.is_dir() and any(p.suffix == ".ics" for p in demo.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=60) == 128 + signal.SIGTERM
    assert "Traceback" not in child.stderr.read()
    assert list(tmp_path.iterdir()) == []


def test_a_signal_while_qt_loads_ends_the_command_once_it_has_loaded():
    """Qt's bindings crash when a signal's exception interrupts their import (the stopped demo above ended in a
    segmentation fault now and then): the signal is held until the import is done."""
    from smplanner.__main__ import _signals_held, _stop_on_signal

    handlers = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)}
    _stop_on_signal()
    finished = False
    try:
        with pytest.raises(SystemExit) as stopped, _signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            finished = True
        assert finished and stopped.value.code == 128 + signal.SIGTERM
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def test_sigterm_during_new_leaves_nothing(tmp_path):
    strategy = tmp_path / "long.toml"
    plan = tmp_path / "long.smplan"
    # A strategy of ten years with many cadences: creating its plan takes a while.
    export = smplanner("strategy", "export", str(make_example(tmp_path)))
    text = export.stdout.replace("period_end = 2027-12-06", "period_end = 2036-12-01")
    strategy.write_text(text, encoding="utf-8")
    environment = dict(os.environ, LANG="C.UTF-8", LANGUAGE="en")
    child = subprocess.Popen([sys.executable, "-c", GUARD, "new", str(plan), "--strategy", str(strategy)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    deadline = time.monotonic() + 60
    while not temporaries(tmp_path) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert temporaries(tmp_path), "new finished before it could be interrupted"
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=60) == 128 + signal.SIGTERM
    assert "Traceback" not in child.stderr.read()
    assert not plan.exists() and temporaries(tmp_path) == []


def make_example(folder: Path) -> Path:
    path = folder / "example.smplan"
    create_from_example(path, "confectioner", TODAY)
    return path


# -- 6. strategy files with values that would break the plan later -------------------------------------------------

BAD_STRATEGIES = {
    "money 1e400": ('budget_organic_month = "300.00"', 'budget_organic_month = "1e400"', "budget_organic_month"),
    "money of 60 digits": ('budget_organic_month = "300.00"', 'budget_organic_month = "' + "9" * 60 + '"',
                           "budget_organic_month"),
    "money in thousandths": ('budget_organic_month = "300.00"', 'budget_organic_month = "300.001"',
                             "budget_organic_month"),
    "infinite hours": ("hours_per_week = ", "hours_per_week = inf #", "hours_per_week"),
    "hours that are not a number": ("hours_per_week = ", "hours_per_week = nan #", "hours_per_week"),
    "a week of 200 hours": ("hours_per_week = ", "hours_per_week = 200 #", "hours_per_week"),
    "years 1 to 9999": (r"period_start = \S+\nperiod_end = \S+", "period_start = 0001-01-01\nperiod_end = 9999-12-31",
                        "period_"),
    "eleven years": (r"period_end = \S+", "period_end = 2038-12-31", "period_end"),
    "a 10 MB firm name": ('name = "Cuberdon & Co"', 'name = "' + "x" * 10_000_000 + '"', "firm.name"),
    "platform myspace": ('platform = "instagram"', 'platform = "myspace"', "platform"),
    "platform empty": ('platform = "instagram"', 'platform = ""', "platform"),
    "platform Instagram": ('platform = "instagram"', 'platform = "Instagram"', "platform"),
    "zero interval": ("interval_weeks = 1", "interval_weeks = 0", "interval_weeks"),
}


@pytest.fixture
def strategy_text(tmp_path: Path) -> str:
    done = smplanner("strategy", "export", str(make_example(tmp_path)))
    assert done.returncode == 0
    return done.stdout


@pytest.mark.parametrize("kind", list(BAD_STRATEGIES))
def test_a_strategy_file_with_a_value_out_of_range_is_refused_naming_the_key(tmp_path, strategy_text, kind):
    old, new, key = BAD_STRATEGIES[kind]
    changed = re.sub(old if old.startswith("period") else re.escape(old), lambda _match: new, strategy_text, count=1)
    assert changed != strategy_text, kind
    strategy = tmp_path / "bad.toml"
    strategy.write_text(changed, encoding="utf-8")
    line = one_line_error(smplanner("new", str(tmp_path / "p.smplan"), "--strategy", str(strategy), timeout=60))
    assert key in line and len(line) < 2000, line[:300]
    if "platform" in kind:
        assert "linkedin" in line  # the platforms there are
    assert not (tmp_path / "p.smplan").exists()


# -- 7. no display -------------------------------------------------------------------------------------------------

NO_DISPLAY = {"DISPLAY": None, "WAYLAND_DISPLAY": None, "QT_QPA_PLATFORM": None}
BROKEN_DISPLAY = {"DISPLAY": ":97", "WAYLAND_DISPLAY": None, "QT_QPA_PLATFORM": None}


@pytest.mark.parametrize("display", [NO_DISPLAY, BROKEN_DISPLAY], ids=["no display", "a display that is gone"])
def test_headless_commands_need_no_display(plan, tmp_path, display):
    done = smplanner("summary", str(plan), "-o", str(tmp_path / "s.pdf"), env=display)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    done = smplanner("demo", str(tmp_path / "demo"), env=display)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    line = one_line_error(smplanner("sumary", env=display))
    assert "did you mean summary" in line
    assert smplanner("sumary", env=display).returncode == 2
    line = one_line_error(smplanner(str(plan), env=display))  # the app itself says why it cannot show
    assert "cannot show the window" in line


def start_app(plan: Path, tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    probe = tmp_path / "probe.txt"
    environment = dict(os.environ, LANG="C.UTF-8", LANGUAGE="en", QT_QPA_PLATFORM="offscreen",
                       SMPLANNER_STARTUP_PROBE=str(probe))
    app = subprocess.Popen([sys.executable, "-c", GUARD, str(plan)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, env=environment)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and app.poll() is None:
        if probe.exists() and "content_ready" in probe.read_text():
            return app, probe
        time.sleep(0.05)
    app.kill()
    raise AssertionError("the app did not show the plan: " + app.stderr.read())


def test_ctrl_c_ends_the_app_cleanly(plan, tmp_path):
    app, _probe = start_app(plan, tmp_path)
    app.send_signal(signal.SIGINT)
    assert app.wait(timeout=30) == 128 + signal.SIGINT
    assert "Traceback" not in app.stderr.read()
    assert sorted(p.name for p in plan.parent.iterdir()) == [plan.name]
    with PlanFile.open(plan) as plan_file:  # closed: free for work again
        assert plan_file.reader.load_plan().firm.name == FIRM


# -- 8. the smaller ones ---------------------------------------------------------------------------------------------


def test_re_exporting_keeps_the_mode_and_writes_through_a_symlink(plan, tmp_path):
    private = tmp_path / "private.csv"
    assert smplanner("export-csv", str(plan), "-o", str(private)).returncode == 0
    private.chmod(0o600)
    assert smplanner("export-csv", str(plan), "-o", str(private)).returncode == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    link = tmp_path / "link.ics"
    link.symlink_to(tmp_path / "real.ics")
    assert smplanner("export-ics", str(plan), "-o", str(link)).returncode == 0
    assert link.is_symlink() and (tmp_path / "real.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize(("args", "start"), [
    (("export-ics", "{plan}", "-o", "-"), "BEGIN:VCALENDAR"),
    (("export-csv", "{plan}", "-o", "-", "--no-bom"), "Post id,Date"),
    (("strategy", "export", "{plan}", "-o", "-"), "# smplanner strategy file"),
])
def test_dash_writes_to_the_standard_output(plan, tmp_path, args, start):
    done = smplanner(*(part.format(plan=plan) for part in args), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(start) and done.stderr == ""
    assert not (tmp_path / "-").exists()


def test_demo_never_replaces_a_plan_the_founder_changed(tmp_path):
    demo = tmp_path / "demo"
    assert smplanner("demo", str(demo)).returncode == 0
    assert smplanner("demo", str(demo)).returncode == 0  # untouched examples are replaced
    with PlanFile.open(demo / "consultancy.smplan") as plan_file:
        plan_file.repository.set_meta("probe", "x")  # not content: still the example as written
    assert smplanner("demo", str(demo)).returncode == 0
    with PlanFile.open(demo / "training.smplan") as plan_file:
        firm = plan_file.reader.load_plan().firm
        plan_file.repository.save_firm(dataclasses.replace(firm, name="My own firm"))
    before = {p.name: sha256(p) for p in demo.iterdir()}
    line = one_line_error(smplanner("demo", str(demo)))
    assert "training.smplan" in line and "changed" in line
    assert {p.name: sha256(p) for p in demo.iterdir()} == before


def test_commands_read_the_plan_while_the_app_has_it_open(plan, tmp_path):
    app, _probe = start_app(plan, tmp_path)
    try:
        for name, parts in READERS.items():
            done = smplanner(*(part.format(plan=plan, out=tmp_path / "out") for part in parts))
            assert done.returncode == 0, (name, done.stderr)
        assert FIRM in smplanner("info", str(plan)).stdout
        with pytest.raises(PlanInUseError, match="already open in another smplanner window or program"):
            PlanFile.open(plan)  # a second writer is still refused
        assert sorted(p.name for p in plan.parent.iterdir()) == [plan.name]  # one file, even while open
    finally:
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=30) == 128 + signal.SIGTERM
    assert "Traceback" not in app.stderr.read()
