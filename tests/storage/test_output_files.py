"""Every file smplanner writes goes through one helper: whole or not at all, never over an input (output_file.py).

Failures are real ones: a file-size limit (RLIMIT_FSIZE) in a child process stands for a full disk, and children
are killed with SIGKILL or ended with SIGTERM while they write.
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from smplanner.storage.backups import BackupShelf, default_backup_folder
from smplanner.storage.errors import OutputError
from smplanner.storage.output_file import TEMPORARY_SUFFIX, output_path, write_output
from smplanner.storage.plan_file import PlanFile

OLD = b"the file as it was\n" * 100


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMPORARY_SUFFIX))


def test_an_output_replaces_the_file_whole_and_keeps_its_mode(tmp_path):
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    target.chmod(0o600)
    write_output(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


def test_a_new_output_gets_the_mode_the_umask_gives(tmp_path):
    umask = os.umask(0o027)
    try:
        write_output(tmp_path / "new.csv", b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


def test_a_symbolic_link_is_written_through(tmp_path):
    real = tmp_path / "real" / "calendar.ics"
    real.parent.mkdir()
    real.write_bytes(OLD)
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    write_output(link, b"through the link")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"through the link"
    assert leftovers(tmp_path) == [] and leftovers(real.parent) == []


def test_a_dangling_link_writes_the_file_it_names(tmp_path):
    link = tmp_path / "link.ics"
    link.symlink_to(tmp_path / "made.ics")
    write_output(link, b"made")
    assert link.is_symlink() and (tmp_path / "made.ics").read_bytes() == b"made"


def test_an_error_while_writing_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(OLD)
    with pytest.raises(ZeroDivisionError), output_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise ZeroDivisionError
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


# -- never over an input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["itself", "symlink", "hard link", "journal"])
def test_an_output_that_is_the_plan_being_read_is_refused(tmp_path, plan_path, spelling):
    before = plan_path.read_bytes()
    target = {
        "itself": plan_path,
        "symlink": tmp_path / "link.ics",
        "hard link": tmp_path / "hard.ics",
        "journal": Path(str(plan_path) + "-journal"),
    }[spelling]
    if spelling == "symlink":
        target.symlink_to(plan_path)
    if spelling == "hard link":
        os.link(plan_path, target)
    with pytest.raises(OutputError) as raised:
        write_output(target, b"BEGIN:VCALENDAR", inputs=[plan_path])
    assert "plan being read" in str(raised.value) and str(target) in str(raised.value)
    assert plan_path.read_bytes() == before
    assert not Path(str(plan_path) + "-journal").exists()


def test_an_open_plan_is_refused_without_being_named(plan_path):
    before = plan_path.read_bytes()
    with PlanFile.open(plan_path), pytest.raises(OutputError, match="plan being read"):
        write_output(plan_path, b"x")
    assert plan_path.read_bytes() == before


def test_an_export_never_replaces_any_plan(tmp_path, plan_path):
    other = tmp_path / "other.smplan"
    other.write_bytes(plan_path.read_bytes())
    with pytest.raises(OutputError, match="is a smplanner plan"):
        write_output(other, b"x")
    assert other.read_bytes() == plan_path.read_bytes()


def test_backups_are_refused_as_outputs(tmp_path, plan_path):
    shelf = BackupShelf(tmp_path / "shelf")
    with PlanFile.open(plan_path) as plan_file:
        backup = shelf.take(plan_file)
    before = backup.path.read_bytes()
    for target in (backup.path, backup.path.with_name("beside.ics")):
        with pytest.raises(OutputError, match="backup folder"):
            write_output(target, b"x")
    assert backup.path.read_bytes() == before
    default = default_backup_folder()  # the one the command line protects without a shelf
    default.mkdir(parents=True)
    with pytest.raises(OutputError, match="backup folder"):
        write_output(default / "x.csv", b"x")


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(OutputError, match="folder"):
        write_output(tmp_path, b"x")


# -- real failures in a child process ------------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from smplanner.__main__ import _stop_on_signal
    from smplanner.storage.errors import OutputError
    from smplanner.storage.output_file import output_path, write_output

    target, mode = Path(sys.argv[1]), sys.argv[2]
    if mode == "full":
        try:
            write_output(target, b"x" * 400_000)
        except OutputError as error:
            print(error)
            sys.exit(1)
    else:
        _stop_on_signal()  # what every command does: SIGTERM ends it as Ctrl+C would
        with output_path(target) as temporary, open(temporary, "wb") as handle:
            handle.write(b"half of it")
            handle.flush()
            print("writing", flush=True)
            time.sleep(60)
    """
)


def file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_leaves_the_old_file(tmp_path):
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    done = subprocess.run([sys.executable, "-c", WRITER, str(target), "full"], capture_output=True, text=True,
                          timeout=60, preexec_fn=file_size_limit(100_000))
    assert done.returncode == 1, done.stderr
    assert "could not be written" in done.stdout and "File too large" in done.stdout
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


def start_writer(target: Path) -> subprocess.Popen:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target), "slow"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "writing"
    return writer


def test_a_terminated_writer_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(OLD)
    writer = start_writer(target)
    assert len(leftovers(tmp_path)) == 1
    writer.send_signal(signal.SIGTERM)
    assert writer.wait(timeout=30) == 128 + signal.SIGTERM
    assert "Traceback" not in writer.stderr.read()
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


def test_a_killed_writer_leaves_the_old_file_and_its_temporary_goes_with_the_next_write(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(OLD)
    writer = start_writer(target)
    other = start_writer(target)  # a living writer of the same file: its temporary must survive
    writer.kill()
    writer.wait(timeout=30)
    assert target.read_bytes() == OLD and len(leftovers(tmp_path)) == 2
    write_output(target, b"after the crash")
    assert target.read_bytes() == b"after the crash"
    assert len(leftovers(tmp_path)) == 1  # the killed writer's is gone, the living one's is kept
    other.kill()
    other.wait(timeout=30)
