"""Automatic backups: verified copies, taken when due, thinned, found when good, and restored."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from storage_support import (
    by_id,
    expect_rev0001_content,
    fingerprint,
    rev0001,
    revision_in_file,
    scribble_over_middle_pages,
    sorted_plan,
    tables_in_file,
)

from smplanner.domain import backup_retention
from smplanner.storage import migrating
from smplanner.storage.backups import BackupShelf
from smplanner.storage.plan_file import PlanFile


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2027, 3, 10, 14, 0, 0))


@pytest.fixture
def shelf(tmp_path, clock) -> BackupShelf:
    return BackupShelf(tmp_path / "backups", interval=timedelta(minutes=30), clock=clock)


def content(plan_file: PlanFile):
    return sorted_plan(plan_file.repository.load_plan()), by_id(plan_file.repository.posts())


def test_take_writes_a_verified_copy_that_opens_as_the_same_plan(plan_path, shelf, clock, rich):
    with PlanFile.open(plan_path) as plan_file:
        backup = shelf.take(plan_file, reason="manual")
        original = content(plan_file)
    assert backup.reason == "manual" and backup.taken_at == clock.now
    assert backup.path.parent == shelf.folder_for(plan_path) and backup.path.parent.parent == shelf.folder
    assert backup.size == backup.path.stat().st_size > 0
    assert shelf.list(plan_path) == [backup]
    with PlanFile.open(backup.path, read_only=True) as copy:
        copy.check_integrity()
        assert content(copy) == original
    assert content_of_file(backup.path) == (sorted_plan(rich[0]), by_id(rich[1]))
    assert not list(backup.path.parent.glob("*.partial"))


def content_of_file(path: Path):
    with PlanFile.open(path, read_only=True) as plan_file:
        return content(plan_file)


def test_two_backups_in_the_same_second_do_not_overwrite_each_other(plan_path, shelf):
    with PlanFile.open(plan_path) as plan_file:
        first = shelf.take(plan_file)
        second = shelf.take(plan_file)
    assert first.path != second.path and second.taken_at == first.taken_at + timedelta(seconds=1)
    assert len(shelf.list(plan_path)) == 2


def test_opening_with_a_shelf_takes_a_backup_when_there_is_none(plan_path, shelf):
    with PlanFile.open(plan_path, backups=shelf):
        pass
    assert [b.reason for b in shelf.list(plan_path)] == ["auto"]


def test_take_if_due(plan_path, shelf, clock, rich):
    _, posts = rich
    with PlanFile.open(plan_path, backups=shelf) as plan_file:
        assert len(shelf.list(plan_path)) == 1
        # Nothing changed and the newest backup is recent.
        assert shelf.take_if_due(plan_file) is None
        clock.advance(minutes=10)
        plan_file.repository.save_post(dataclasses.replace(posts[0], title="changed"))
        # Changed, but the newest backup is still recent.
        assert shelf.take_if_due(plan_file) is None
        clock.advance(minutes=25)
        # Changed and the newest backup is older than the interval.
        taken = shelf.take_if_due(plan_file)
        assert taken is not None and taken.taken_at == clock.now
        assert content_of_file(taken.path)[1][posts[0].id].title == "changed"
        clock.advance(hours=3)
        # Old backup, but nothing changed since it was taken: another copy would be the same.
        assert shelf.take_if_due(plan_file) is None
        plan_file.repository.set_meta("note", "x")
        assert shelf.take_if_due(plan_file) is not None
    assert len(shelf.list(plan_path)) == 3


def test_thinning_keeps_what_the_retention_policy_keeps(plan_path, shelf, clock):
    folder = shelf.folder_for(plan_path)
    folder.mkdir(parents=True)
    stamps = [clock.now - timedelta(hours=5 * n) for n in range(1, 24 * 60)]  # every 5 hours for 300 days
    for stamp in stamps:
        (folder / "{s}_auto.smplan".format(s=stamp.strftime("%Y%m%d-%H%M%S"))).write_bytes(b"")
    (folder / "notes.txt").write_text("not a backup")
    with PlanFile.open(plan_path) as plan_file:
        newest = shelf.take(plan_file)
    kept = {b.taken_at for b in shelf.list(plan_path)}
    every_stamp = [*stamps, newest.taken_at]
    expected = set(every_stamp) - backup_retention.backups_to_delete(every_stamp, clock.now)
    assert kept == expected
    assert newest.taken_at in kept
    assert {s for s in stamps if clock.now - s <= timedelta(days=1)} <= kept
    assert len(kept) <= 5 + backup_retention.DAILY + backup_retention.WEEKLY + backup_retention.MONTHLY
    assert len(kept) < len(stamps) // 10
    assert (folder / "notes.txt").exists()


def test_restore_puts_the_backup_back_after_backing_up_the_present(plan_path, shelf, clock, rich):
    plan, posts = rich
    with PlanFile.open(plan_path) as plan_file:
        backup = shelf.take(plan_file)
        clock.advance(hours=1)
        plan_file.repository.save_firm(dataclasses.replace(plan.firm, name="Edited after the backup"))
        plan_file.repository.delete_posts([p.id for p in posts[:3]])
        edited = content(plan_file)
        clock.advance(minutes=1)
        shelf.restore(plan_file, backup)
        assert content(plan_file) == (sorted_plan(plan), by_id(posts))
        plan_file.repository.set_meta("after restore", "still writable")
    with PlanFile.open(plan_path) as plan_file:
        assert content(plan_file) == (sorted_plan(plan), by_id(posts))
        assert plan_file.repository.meta("after restore") == "still writable"
    (before_restore,) = [b for b in shelf.list(plan_path) if b.reason == "before-restore"]
    assert content_of_file(before_restore.path) == edited


def test_restoring_a_backup_in_an_older_format_brings_it_up_to_date(tmp_path, shelf):
    path = rev0001.make(tmp_path / "old.smplan")
    with PlanFile.open(path, backups=shelf) as plan_file:
        (old,) = [b for b in shelf.list(path) if b.reason == "before-upgrade-0001"]
        plan_file.repository.set_meta("note", "after the upgrade")
        shelf.restore(plan_file, old)
        assert plan_file.revision == migrating.HEAD_REVISION
        expect_rev0001_content(plan_file)
        assert plan_file.repository.meta("note") is None
    assert revision_in_file(path) == migrating.HEAD_REVISION
    assert {"holiday_override", "market_event"} <= tables_in_file(path)


def test_newest_good_skips_a_damaged_backup(plan_path, shelf, clock):
    with PlanFile.open(plan_path) as plan_file:
        good = shelf.take(plan_file)
        clock.advance(hours=2)
        damaged = shelf.take(plan_file)
    assert shelf.list(plan_path)[0] == damaged
    scribble_over_middle_pages(damaged.path)
    before = fingerprint(damaged.path)
    assert shelf.newest_good(plan_path) == good
    assert fingerprint(damaged.path) == before


def test_newest_good_with_nothing_good(plan_path, shelf):
    assert shelf.newest_good(plan_path) is None
    with PlanFile.open(plan_path) as plan_file:
        backup = shelf.take(plan_file)
    backup.path.write_bytes(b"garbage" * 1000)
    assert shelf.newest_good(plan_path) is None


def test_restore_as_new_writes_a_plan_that_opens(tmp_path, plan_path, shelf, rich):
    with PlanFile.open(plan_path) as plan_file:
        backup = shelf.take(plan_file)
    # The plan itself is found damaged and set aside; its newest good backup becomes a new plan.
    scribble_over_middle_pages(plan_path)
    assert shelf.newest_good(plan_path) == backup
    restored = tmp_path / "restored.smplan"
    BackupShelf.restore_as_new(backup, restored)
    with PlanFile.open(restored) as plan_file:
        plan_file.check_integrity()
        assert content(plan_file) == (sorted_plan(rich[0]), by_id(rich[1]))


def test_backups_of_different_plans_with_the_same_name_are_kept_apart(tmp_path, shelf, rich):
    one, two = tmp_path / "a" / "plan.smplan", tmp_path / "b" / "plan.smplan"
    for path in (one, two):
        path.parent.mkdir()
        PlanFile.create(path, *rich)
    with PlanFile.open(one) as plan_file:
        shelf.take(plan_file)
    assert len(shelf.list(one)) == 1 and shelf.list(two) == []
    assert shelf.folder_for(one) != shelf.folder_for(two)


def test_a_read_only_view_is_backed_up_under_its_own_plan(plan_path, shelf):
    with PlanFile.open(plan_path, read_only=True) as view:
        backup = shelf.take(view)
    assert shelf.list(plan_path) == [backup]


def test_a_backup_copied_by_hand_is_found(plan_path, shelf, clock):
    with PlanFile.open(plan_path) as plan_file:
        backup = shelf.take(plan_file)
    copy = backup.path.with_name("20270101-000000_manual.smplan")
    shutil.copyfile(backup.path, copy)
    assert [b.reason for b in shelf.list(plan_path)] == ["auto", "manual"]


def test_a_failed_backup_at_opening_does_not_leave_the_plan_locked(tmp_path, plan_path, clock):
    blocked = tmp_path / "not a folder"
    blocked.write_text("a file where the backups folder should be")
    with pytest.raises(OSError):
        PlanFile.open(plan_path, backups=BackupShelf(blocked, clock=clock))
    with PlanFile.open(plan_path) as plan_file:
        assert plan_file.repository.count_posts() == 5
