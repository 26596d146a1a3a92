"""Every file smplanner writes goes through here: written whole or not at all, and never over one of its inputs.

The content goes to a temporary file in the target's own folder (so the final rename stays on one file system),
which is synced, given the mode of the file it replaces (or the umask's for a new one), renamed over the target,
and the folder synced. A target that is a symbolic link is written through: the file it points to is replaced,
the link stays. If anything fails (a full disk, a file-size limit, an error, Ctrl+C or a SIGTERM) the temporary
file is removed and the old file is exactly as it was. A process killed outright (SIGKILL, a power cut) cannot
remove its temporary file: while it writes, the file carries an advisory lock, and the next write to the same
target removes any such file no living process holds.

Before writing, a target is refused when it is a plan open in this process, a plan the command reads, one of
their SQLite companion files (the same file by `os.path.samefile`, so through links), or, unless the output is
itself a plan, a file in a backup folder or any smplanner plan at all.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from smplanner.i18n import _
from smplanner.storage.errors import OutputError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; a killed writer's temporary file stays until removed by hand
    fcntl = None  # type: ignore[assignment]

TEMPORARY_SUFFIX = ".part"
SQLITE_COMPANIONS = ("-journal", "-wal", "-shm")
STDOUT = "-"
"""The output name that means the standard output, for the commands that can write there."""


def _temporary_prefix(target: Path) -> str:
    return "." + target.name + "."


def _final_target(path: Path) -> Path:
    """The file a path names once symbolic links are followed (the link itself is never replaced)."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else Path(os.path.abspath(path))


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        return os.path.commonpath([os.path.realpath(path), os.path.realpath(folder)]) == os.path.realpath(folder)
    except ValueError:  # different drives
        return False


def check_not_an_input(path: Path, inputs: Iterable[Path] = (), *, plan_output: bool = False) -> None:
    """Raise OutputError when writing `target` would replace an input: see the module's docstring. A `plan_output`
    (a new plan, a copy, a backup) may replace a plan that is not open and be written among the backups."""
    from smplanner.storage import plan_file, sqlite_file
    from smplanner.storage.backups import backup_folders

    target = _final_target(path)
    if target.is_dir():
        raise OutputError(path, _("it is a folder; give a file name."))
    if not target.name:
        raise OutputError(path, _("give a file name."))
    plans = {Path(os.path.abspath(p)) for p in (*inputs, *plan_file.open_plan_paths())}
    for plan in plans:
        if _same_file(target, plan) or str(target) == os.path.realpath(plan):
            raise OutputError(path, _("it is the plan being read; choose another file."))
        for suffix in SQLITE_COMPANIONS:
            companion = Path(os.path.realpath(plan) + suffix)
            if str(target) == str(companion) or _same_file(target, companion):
                raise OutputError(path, _("it belongs to the plan being read; choose another file."))
    if not plan_output and any(_inside(target, folder) for folder in backup_folders()):
        raise OutputError(path, _("it is in smplanner's backup folder; choose another folder."))
    if not plan_output and target.is_file() and sqlite_file.is_plan_file(target):
        raise OutputError(path, _("it is a smplanner plan, which an export never replaces; choose another file."))


def _remove_abandoned_temporaries(target: Path) -> None:
    """Delete the temporary files of writers of this target that were killed (no living process holds their lock)."""
    if fcntl is None:
        return
    prefix = _temporary_prefix(target)
    with contextlib.suppress(OSError):
        for candidate in target.parent.iterdir():
            if not (candidate.name.startswith(prefix) and candidate.name.endswith(TEMPORARY_SUFFIX)):
                continue
            try:
                descriptor = os.open(candidate, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except OSError:
                continue
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a living writer
            finally:
                os.close(descriptor)
            candidate.unlink(missing_ok=True)


def _new_mode(target: Path) -> int:
    """The mode the written file gets: the one of the file it replaces, else what the umask leaves of 0o666."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def fsync_directory(path: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def output_path(path: Path, inputs: Iterable[Path] = (), *, plan_output: bool = False) -> Iterator[Path]:
    """A temporary path beside `path` to write the output into (it exists, empty); on leaving the block without an
    error it replaces `path` as the module's docstring says, otherwise it is removed and `path` is untouched.

    OSError on the way becomes an OutputError naming `path` and the reason.
    """
    target = _final_target(path)
    check_not_an_input(path, inputs, plan_output=plan_output)
    _remove_abandoned_temporaries(target)
    temporary = target.with_name(_temporary_prefix(target) + secrets.token_hex(4) + TEMPORARY_SUFFIX)
    try:
        descriptor = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as error:
        raise OutputError(path, _("it could not be written ({error}).").format(error=error.strerror)) from None
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # alive: see _remove_abandoned_temporaries
        yield temporary
        os.fsync(descriptor)
        if hasattr(os, "fchmod"):
            os.fchmod(descriptor, _new_mode(target))
        else:
            os.chmod(temporary, _new_mode(target))
        os.replace(temporary, target)
        fsync_directory(target.parent)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        reason = error.strerror or str(error)
        raise OutputError(path, _("it could not be written ({error}).").format(error=reason)) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        os.close(descriptor)


def write_output(path: Path, data: bytes, inputs: Iterable[Path] = ()) -> None:
    """Write bytes to a file whole or not at all, never over an input (see `output_path`)."""
    with output_path(path, inputs) as temporary, open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
