"""Anything that is not a usable plan is refused with one clear error, and left exactly as it was."""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from plan_factories import small_plan
from storage_support import (
    as_ordinary_user,
    fingerprint,
    scribble_over_middle_pages,
    world_readable_folder,
)

from smplanner.domain.plan import Post, PostVersion
from smplanner.storage import sqlite_file
from smplanner.storage.errors import (
    NotAPlanError,
    PlanAccessError,
    PlanDamagedError,
    PlanFileError,
)
from smplanner.storage.plan_file import PlanFile

OPEN_MODES = pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])


@pytest.fixture(scope="module")
def big_plan(tmp_path_factory) -> Path:
    """A plan with thousands of posts, so that it spans hundreds of pages (made once, copied by each test)."""
    path = tmp_path_factory.mktemp("big") / "big.smplan"
    plan = small_plan()
    market = plan.markets[0]
    start = datetime(2027, 1, 4, 9, 0)
    posts = [
        Post(market.id, "linkedin", start + timedelta(hours=7 * i), market.zone, title="Post {n}".format(n=i),
             versions=(PostVersion("ja", "テキスト {n} ".format(n=i) * 8),))
        for i in range(4000)
    ]
    PlanFile.create(path, plan, posts)
    return path


@pytest.fixture
def good_plan(tmp_path, big_plan) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "plan.smplan"
    shutil.copyfile(big_plan, path)
    return path


def refused(path: Path, read_only: bool, expected: type[PlanFileError], reason: str) -> PlanFileError:
    """Open must raise exactly `expected`, name the file and the reason, and change nothing on disk."""
    before = fingerprint(path)
    with pytest.raises(PlanFileError) as raised:
        PlanFile.open(path, read_only=read_only)
    error = raised.value
    assert type(error) is expected, repr(error)
    message = str(error)
    assert str(path) in message, message
    assert reason in message, message
    assert fingerprint(path) == before
    return error


@OPEN_MODES
def test_a_text_file(tmp_path, read_only):
    path = tmp_path / "notes.smplan"
    path.write_text("Ideas for Japan:\n- cherry blossom\n" * 20, encoding="utf-8")
    refused(path, read_only, NotAPlanError, "not a smplanner plan")


@OPEN_MODES
def test_a_png_image(tmp_path, read_only):
    path = tmp_path / "logo.smplan"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(range(256)) * 8)
    refused(path, read_only, NotAPlanError, "not a smplanner plan")


@OPEN_MODES
def test_an_empty_file(tmp_path, read_only):
    path = tmp_path / "empty.smplan"
    path.touch()
    refused(path, read_only, NotAPlanError, "empty")


@OPEN_MODES
def test_a_short_file_that_starts_like_sqlite(tmp_path, read_only):
    path = tmp_path / "stub.smplan"
    path.write_bytes(sqlite_file.SQLITE_MAGIC + b"\x10\x00")
    refused(path, read_only, NotAPlanError, "not a smplanner plan")


@OPEN_MODES
def test_a_database_of_another_program(tmp_path, read_only):
    path = tmp_path / "contacts.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contact (name TEXT)")
    connection.execute("INSERT INTO contact VALUES ('Ada')")
    connection.commit()
    connection.close()
    refused(path, read_only, NotAPlanError, "database of another program")


@OPEN_MODES
def test_a_file_with_the_plan_mark_but_no_plan_inside(tmp_path, read_only):
    path = tmp_path / "hollow.smplan"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id={id}".format(id=sqlite_file.APPLICATION_ID))
    connection.execute("CREATE TABLE something (x)")
    connection.commit()
    connection.close()
    refused(path, read_only, NotAPlanError, "none of its content")


@OPEN_MODES
def test_a_truncated_plan(good_plan, read_only):
    size = good_plan.stat().st_size
    with good_plan.open("r+b") as handle:
        handle.truncate(size // 2)
    refused(good_plan, read_only, PlanDamagedError, "truncated")


@OPEN_MODES
def test_a_corrupted_plan(good_plan, read_only):
    scribble_over_middle_pages(good_plan)
    refused(good_plan, read_only, PlanDamagedError, "damaged")


def test_quick_check_is_what_finds_the_corruption(good_plan):
    """The header of a scribbled plan is intact: only SQLite's own check can tell."""
    scribble_over_middle_pages(good_plan)
    sqlite_file.read_header(good_plan, need_write=True)
    connection = sqlite_file.read_only_connection(good_plan)
    try:
        with pytest.raises(PlanDamagedError):
            sqlite_file.check_integrity(connection, good_plan)
    finally:
        connection.close()


@OPEN_MODES
def test_a_folder(tmp_path, read_only):
    path = tmp_path / "folder.smplan"
    path.mkdir()
    refused(path, read_only, NotAPlanError, "folder")


@OPEN_MODES
def test_a_missing_file(tmp_path, read_only):
    refused(tmp_path / "nowhere.smplan", read_only, NotAPlanError, "does not exist")
    assert list(tmp_path.iterdir()) == []


def refused_to_an_ordinary_user(path: Path, read_only: bool, expected: type[PlanFileError], reason: str) -> None:
    before = fingerprint(path)
    with pytest.raises(PlanFileError) as raised, as_ordinary_user():
        PlanFile.open(path, read_only=read_only)
    assert type(raised.value) is expected, repr(raised.value)
    assert str(path) in str(raised.value) and reason in str(raised.value)
    assert fingerprint(path) == before


@OPEN_MODES
def test_a_plan_without_read_permission(big_plan, read_only):
    with world_readable_folder() as folder:
        path = folder / "secret.smplan"
        shutil.copyfile(big_plan, path)
        path.chmod(0o200 if os.geteuid() != 0 else 0o000)
        refused_to_an_ordinary_user(path, read_only, PlanAccessError, "permission to read")


def test_a_plan_without_write_permission_cannot_be_opened_for_work(big_plan):
    with world_readable_folder() as folder:
        path = folder / "locked.smplan"
        shutil.copyfile(big_plan, path)
        path.chmod(0o444)
        refused_to_an_ordinary_user(path, False, PlanAccessError, "permission to change")


def test_a_plan_without_write_permission_can_be_looked_at(big_plan):
    with world_readable_folder() as folder:
        path = folder / "locked.smplan"
        shutil.copyfile(big_plan, path)
        path.chmod(0o444)
        before = fingerprint(path)
        with as_ordinary_user(), PlanFile.open(path, read_only=True) as plan_file:
            assert plan_file.repository.count_posts() == 4000
        assert fingerprint(path) == before


@pytest.mark.parametrize(
    "error",
    [NotAPlanError, PlanAccessError, PlanDamagedError],
)
def test_every_error_names_the_file_and_the_reason(error):
    message = str(error(Path("/plans/mine.smplan"), "because."))
    assert "/plans/mine.smplan" in message and "because." in message
