"""Cached UTC instants are derived again when the plan was last written with another time-zone database."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
import tzdata
from storage_support import fingerprint

from smplanner.storage.plan_file import PlanFile

WRONG = "1999-01-01 00:00:00.000000"


def spoil(path, post_id: str, tzdata_version: str) -> None:
    """What a plan written with an older tzdata looks like: a stale version mark and a stale instant."""
    connection = sqlite3.connect(path)
    connection.execute("UPDATE plan_meta SET value = ? WHERE key = 'tzdata_version'", (tzdata_version,))
    connection.execute("UPDATE post SET utc_instant = ? WHERE id = ?", (WRONG, post_id))
    connection.commit()
    connection.close()


def stored_instant(connection: sqlite3.Connection, post_id: str) -> str:
    return connection.execute("SELECT utc_instant FROM post WHERE id = ?", (post_id,)).fetchone()[0]


def test_a_new_plan_records_the_tzdata_version(plan_path):
    with PlanFile.open(plan_path) as plan_file:
        assert plan_file.repository.meta("tzdata_version") == tzdata.IANA_VERSION


def test_reopening_after_a_tzdata_change_recomputes_instants(plan_path, rich):
    _, posts = rich
    second_0130 = posts[1]  # the fold=1 post: 2027-10-31 01:30 GMT
    spoil(plan_path, second_0130.id, "old")
    with PlanFile.open(plan_path) as plan_file:
        assert plan_file.repository.meta("tzdata_version") == tzdata.IANA_VERSION
        assert stored_instant(plan_file.connection, second_0130.id).startswith("2027-10-31 01:30:00")
        found = plan_file.repository.posts(datetime(2027, 10, 31, 1, 30), datetime(2027, 10, 31, 1, 31))
        assert [p.id for p in found] == [second_0130.id]
        assert plan_file.repository.posts(datetime(1999, 1, 1), datetime(2000, 1, 1)) == []
    # The repair was saved in the file.
    connection = sqlite3.connect(plan_path)
    try:
        assert stored_instant(connection, second_0130.id).startswith("2027-10-31 01:30:00")
        assert connection.execute("SELECT value FROM plan_meta WHERE key = 'tzdata_version'").fetchone()[0] == (
            tzdata.IANA_VERSION
        )
    finally:
        connection.close()


def test_instants_are_left_alone_when_the_tzdata_version_is_the_same(plan_path, rich):
    _, posts = rich
    spoil(plan_path, posts[2].id, tzdata.IANA_VERSION)
    with PlanFile.open(plan_path) as plan_file:
        assert stored_instant(plan_file.connection, posts[2].id) == WRONG


def test_a_read_only_view_recomputes_in_memory_and_leaves_the_file_alone(plan_path, rich):
    _, posts = rich
    tokyo = posts[2]  # 2027-01-10 20:15 in Tokyo is 11:15 UTC
    spoil(plan_path, tokyo.id, "old")
    before = fingerprint(plan_path)
    with PlanFile.open(plan_path, read_only=True) as view:
        assert stored_instant(view.connection, tokyo.id).startswith("2027-01-10 11:15:00")
        start = tokyo.instant.replace(tzinfo=None)
        assert [p.id for p in view.repository.posts(start, start + timedelta(minutes=1))] == [tokyo.id]
    assert fingerprint(plan_path) == before


@pytest.mark.parametrize("missing", ["row", "table value"])
def test_a_plan_without_a_tzdata_mark_gets_one(plan_path, rich, missing):
    _, posts = rich
    connection = sqlite3.connect(plan_path)
    connection.execute("DELETE FROM plan_meta WHERE key = 'tzdata_version'")
    connection.execute("UPDATE post SET utc_instant = ? WHERE id = ?", (WRONG, posts[0].id))
    connection.commit()
    connection.close()
    with PlanFile.open(plan_path) as plan_file:
        assert plan_file.repository.meta("tzdata_version") == tzdata.IANA_VERSION
        assert stored_instant(plan_file.connection, posts[0].id).startswith("2027-10-31 00:30:00")
