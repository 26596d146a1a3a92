"""Save a copy: a consistent second plan file, written while the plan stays open and usable."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from storage_support import by_id, fingerprint, sorted_plan

from smplanner.storage.errors import PlanFileError, PlanInUseError
from smplanner.storage.plan_file import PlanFile


def content(plan_file: PlanFile):
    return sorted_plan(plan_file.repository.load_plan()), by_id(plan_file.repository.posts())


def test_save_copy_writes_a_plan_that_opens_with_the_same_content(tmp_path, plan_path, rich):
    plan, posts = rich
    destination = tmp_path / "copies" / "copy.smplan"
    destination.parent.mkdir()
    with PlanFile.open(plan_path) as plan_file:
        edited = plan_file.repository.save_post(dataclasses.replace(posts[0], title="edited before the copy"))
        plan_file.save_copy(destination)
        expected = content(plan_file)
        # The original is still open and still takes edits; the copy does not follow them.
        with PlanFile.open(destination) as copy:
            copy.check_integrity()
            assert content(copy) == expected
        plan_file.repository.save_post(dataclasses.replace(edited, title="edited after the copy"))
        assert plan_file.repository.post(posts[0].id).title == "edited after the copy"
    with PlanFile.open(destination) as copy:
        assert copy.repository.post(posts[0].id).title == "edited before the copy"
    assert sorted(p.name for p in destination.parent.iterdir()) == ["copy.smplan"]


def test_save_copy_replaces_an_existing_file(tmp_path, plan_path, rich):
    destination = tmp_path / "old.smplan"
    destination.write_text("an old file")
    with PlanFile.open(plan_path) as plan_file:
        plan_file.save_copy(destination)
    with PlanFile.open(destination) as copy:
        assert copy.repository.count_posts() == len(rich[1])


@pytest.mark.parametrize("spelling", ["same", "roundabout", "symlink"])
def test_save_copy_refuses_the_plan_itself(tmp_path, plan_path, spelling):
    (tmp_path / "sub").mkdir()
    destination = {
        "same": plan_path,
        "roundabout": tmp_path / "sub" / ".." / plan_path.name,
        "symlink": tmp_path / "link.smplan",
    }[spelling]
    if spelling == "symlink":
        destination.symlink_to(plan_path)
    with PlanFile.open(plan_path) as plan_file:
        before = fingerprint(plan_path)
        with pytest.raises(PlanFileError) as raised:
            plan_file.save_copy(destination)
        assert "the plan itself" in str(raised.value)
        assert fingerprint(plan_path) == before
        assert plan_file.repository.count_posts() == 5


def test_save_copy_refuses_another_plan_open_here(tmp_path, plan_path, rich):
    other = tmp_path / "other.smplan"
    PlanFile.create(other, *rich)
    with PlanFile.open(plan_path) as plan_file, PlanFile.open(other):
        before = fingerprint(other)
        with pytest.raises(PlanInUseError):
            plan_file.save_copy(other)
        assert fingerprint(other) == before


def test_save_copy_refuses_a_plan_open_in_another_process(tmp_path, plan_path, rich):
    other = tmp_path / "other.smplan"
    PlanFile.create(other, *rich)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from smplanner.storage.plan_file import PlanFile; f = PlanFile.open(sys.argv[1]);"
         " print('ready', flush=True); sys.stdin.read()", str(other)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = fingerprint(other)
        with PlanFile.open(plan_path) as plan_file, pytest.raises(PlanInUseError):
            plan_file.save_copy(other)
        assert fingerprint(other) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_save_copy_into_a_missing_folder_is_a_plan_error(tmp_path, plan_path):
    destination = tmp_path / "no such folder" / "copy.smplan"
    with PlanFile.open(plan_path) as plan_file:
        with pytest.raises(PlanFileError) as raised:
            plan_file.save_copy(destination)
        assert str(destination) in str(raised.value)
    assert not destination.parent.exists()


def test_save_copy_onto_a_folder_is_a_plan_error(tmp_path, plan_path):
    destination = tmp_path / "folder.smplan"
    destination.mkdir()
    with PlanFile.open(plan_path) as plan_file:
        with pytest.raises(PlanFileError) as raised:
            plan_file.save_copy(destination)
        assert str(destination) in str(raised.value)
    assert destination.is_dir() and list(destination.iterdir()) == []
