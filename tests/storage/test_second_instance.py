"""A plan open for work in one smplanner cannot be opened for work in another, nor twice in the same one; read-only
commands read it all the same, and it stays one file at rest (smplanner/storage/sqlite_file.py explains the locks)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from storage_support import fingerprint

from smplanner.storage.errors import PlanInUseError
from smplanner.storage.plan_file import PlanFile

HOLDER = textwrap.dedent(
    """
    import sys, time
    from smplanner.storage.plan_file import PlanFile

    plan_file = PlanFile.open(sys.argv[1])
    print("ready", flush=True)
    for line in sys.stdin:  # hold the plan until the test closes our stdin; "edit" commits a change
        if line.strip() == "edit":
            plan_file.repository.set_meta("probe", "edited while a reader looked")
            print("edited", flush=True)
    plan_file.close()
    """
)
IN_USE = "already open in another smplanner window or program"


@pytest.fixture
def held_plan(plan_path):
    """The plan, held open by another process for as long as the test runs."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(plan_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield plan_path, holder
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait(timeout=10)


def release(holder: subprocess.Popen) -> None:
    holder.stdin.close()
    assert holder.wait(timeout=10) == 0


def test_a_second_writer_is_refused(held_plan):
    path, holder = held_plan
    with pytest.raises(PlanInUseError) as raised:
        PlanFile.open(path)
    assert str(path) in str(raised.value) and IN_USE in str(raised.value)
    release(holder)
    with PlanFile.open(path) as plan_file:
        assert plan_file.repository.count_posts() == 5


def test_a_reader_reads_while_the_writer_has_the_plan_open(held_plan):
    path, holder = held_plan
    with PlanFile.open(path, read_only=True) as view:
        assert view.reader.count_posts() == 5
        assert view.reader.meta("probe") is None
    holder.stdin.write("edit\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "edited"
    with PlanFile.open(path, read_only=True) as view:  # the writer's committed change, and all of it
        assert view.reader.meta("probe") == "edited while a reader looked"
        assert view.reader.count_posts() == 5
    # One file at rest, even while open: no journal, no -wal/-shm, no lock file beside it.
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    with pytest.raises(PlanInUseError):
        PlanFile.open(path)
    release(holder)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_the_refusal_leaves_the_file_as_the_holder_left_it(held_plan):
    path, holder = held_plan
    before = fingerprint(path)
    with pytest.raises(PlanInUseError):
        PlanFile.open(path)
    PlanFile.open(path, read_only=True).close()
    assert fingerprint(path) == before
    release(holder)


def test_ensure_not_in_use_sees_the_other_process(held_plan):
    path, holder = held_plan
    with pytest.raises(PlanInUseError):
        PlanFile.ensure_not_in_use(path)
    release(holder)
    PlanFile.ensure_not_in_use(path)


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
def test_opening_the_same_plan_twice_in_one_process_is_refused(plan_path, read_only):
    with PlanFile.open(plan_path) as plan_file:
        with pytest.raises(PlanInUseError) as raised:
            PlanFile.open(plan_path, read_only=read_only)
        assert "already open in this window" in str(raised.value)
        # Another spelling of the same path is the same plan.
        with pytest.raises(PlanInUseError):
            PlanFile.open(plan_path.parent / ".." / plan_path.parent.name / plan_path.name)
        assert plan_file.repository.count_posts() == 5
    with PlanFile.open(plan_path) as plan_file:
        assert plan_file.is_open
    assert not plan_file.is_open


def test_a_symlink_to_an_open_plan_is_the_same_plan(plan_path, tmp_path):
    link = tmp_path / "link.smplan"
    link.symlink_to(plan_path)
    with PlanFile.open(plan_path), pytest.raises(PlanInUseError):
        PlanFile.open(link)


def test_closing_a_read_only_view_does_not_release_the_open_plan(plan_path):
    view = PlanFile.open(plan_path, read_only=True)
    with PlanFile.open(plan_path) as plan_file:
        view.close()
        with pytest.raises(PlanInUseError) as raised:
            PlanFile.open(plan_path)
        assert "already open in this window" in str(raised.value)
        assert plan_file.repository.count_posts() == 5


def test_a_plan_open_here_cannot_be_replaced_by_create(plan_path):
    from plan_factories import small_plan

    with PlanFile.open(plan_path):
        before = fingerprint(plan_path)
        with pytest.raises(PlanInUseError):
            PlanFile.create(plan_path, small_plan(), replace=True)
        assert fingerprint(plan_path) == before


def test_a_read_only_view_reads_a_private_copy_on_disk_that_goes_when_it_closes(plan_path, tmp_path, monkeypatch):
    import tempfile

    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    before = fingerprint(plan_path)
    view = PlanFile.open(plan_path, read_only=True)
    copy = view.connection.execute("PRAGMA database_list").fetchone()[2]
    assert copy.startswith(str(temporary)) and copy != str(plan_path)  # on disk, not the plan, not in memory
    assert view.repository.count_posts() == 5
    view.close()
    assert list(temporary.iterdir()) == []
    assert fingerprint(plan_path) == before


def test_a_read_only_command_leaves_nothing_in_the_temporary_folder(plan_path, tmp_path):
    import os

    temporary = tmp_path / "temporary"
    temporary.mkdir()
    for command in (["info", str(plan_path)], ["export-csv", str(plan_path), "-o", str(tmp_path / "posts.csv")]):
        done = subprocess.run([sys.executable, "-m", "smplanner", *command], capture_output=True, text=True,
                              env=dict(os.environ, TMPDIR=str(temporary)))
        assert done.returncode == 0, done.stderr
        assert list(temporary.iterdir()) == []


def test_a_read_only_view_without_room_in_the_temporary_folder_reads_a_copy_in_memory(plan_path, tmp_path,
                                                                                         monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no such folder"))
    with PlanFile.open(plan_path, read_only=True) as view:
        assert view.connection.execute("PRAGMA database_list").fetchone()[2] == ""
        assert view.repository.count_posts() == 5
