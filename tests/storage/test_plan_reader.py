"""The start-up reader (sqlite3 alone) returns exactly what the SQLAlchemy repository returns, and opening a plan
and showing its summary does not import SQLAlchemy (it is most of a start-up: tests/benchmarks)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from smplanner.services.plans import create_from_example, summarise
from smplanner.storage.plan_file import PlanFile

STARTS = (
    None,
    datetime(2020, 1, 1),
    datetime(2027, 1, 10, 11, 15),  # exactly the instant of a post: inclusive
    datetime(2027, 7, 7, 16, 0, 30, 250000),  # a post with microseconds
    datetime(2027, 10, 31, 0, 30),  # the first of the two 01:30s in London
    datetime(2027, 10, 31, 0, 30, 0, 1),
    datetime(2099, 1, 1),
)


def assert_reader_matches_repository(plan_file: PlanFile) -> None:
    reader, repository = plan_file.reader, plan_file.repository
    assert reader.load_plan() == repository.load_plan()
    assert reader.count_posts() == repository.count_posts()
    assert reader.last_post() == repository.last_post()
    assert reader.posts() == repository.posts()
    for start in STARTS:
        for limit in (None, 1, 3, 200):
            assert reader.posts(start_utc=start, limit=limit) == repository.posts(start_utc=start, limit=limit)
    for key in ("tzdata_version", "no such key"):
        assert reader.meta(key) == repository.meta(key)


def test_reader_reads_every_field_as_the_repository_does(plan_path):
    with PlanFile.open(plan_path) as plan_file:
        assert_reader_matches_repository(plan_file)


@pytest.mark.parametrize("name", ["confectioner", "consultancy", "training"])
def test_reader_matches_the_repository_on_the_examples(tmp_path, name):
    path = tmp_path / "example.smplan"
    create_from_example(path, name, date(2027, 3, 3))
    with PlanFile.open(path, read_only=True) as plan_file:
        assert_reader_matches_repository(plan_file)


def test_reader_reads_an_empty_plan(tmp_path):
    from smplanner.services.plans import create_empty

    path = tmp_path / "empty.smplan"
    create_empty(path, date(2027, 3, 3))
    with PlanFile.open(path) as plan_file:
        assert plan_file.reader.last_post() is None and plan_file.reader.posts(limit=1) == []
        assert_reader_matches_repository(plan_file)


def test_opening_and_summarising_a_plan_does_not_import_sqlalchemy(plan_path):
    script = (
        "import sys\n"
        "from datetime import datetime\n"
        "from pathlib import Path\n"
        "from smplanner.services.planning import PlanningService\n"
        "from smplanner.storage.backups import BackupShelf\n"
        "from smplanner.storage.plan_file import PlanFile\n"
        "folder = Path(sys.argv[1])\n"
        "service = PlanningService(PlanFile.open(folder / 'plan.smplan'), BackupShelf(folder / 'backups'))\n"
        "summary = service.summary()\n"
        "service.upcoming_posts(datetime(2027, 1, 1).astimezone())\n"
        "print(summary.post_count, sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(Path(plan_path).parent)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(" ", 1)[1].strip() == "[]"


def test_the_repository_still_comes_on_first_use(plan_path):
    with PlanFile.open(plan_path) as plan_file:
        assert plan_file.repository is plan_file.repository
        summary = summarise(plan_file)
        assert summary.post_count == plan_file.repository.count_posts() > 0
