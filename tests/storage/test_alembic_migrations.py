"""The migrations build exactly the schema the models describe, and every revision upgrades the one before it.

Modelled on securedrop-client's test_alembic.py: one fixture per revision, made with its predecessor.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
import make_rev0002_fixture as rev0002
import make_rev0003_fixture as rev0003
import make_rev0004_fixture as rev0004
import make_rev0005_fixture as rev0005
import make_rev0006_fixture as rev0006
import make_rev0007_fixture as rev0007
from plan_factories import small_plan
from sqlalchemy import create_engine
from storage_support import (
    blank_plan_database,
    expect_rev0001_content,
    fingerprint,
    rev0001,
    revision_in_file,
    tables_in_file,
)

from smplanner.domain.catalogue import ChannelType, founder_platform, platform_to_dict
from smplanner.domain.plan import PostStatus, PostVersion, VersionStatus
from smplanner.storage import migrating
from smplanner.storage.backups import BackupShelf
from smplanner.storage.errors import PlanFileError, PlanTooNewError, PlanUpgradeError
from smplanner.storage.plan_file import PlanFile
from smplanner.storage.schema import Base


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# -- the models and the migrations agree ----------------------------------------------------------------


def schema_of(path: Path) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"
            " WHERE name NOT LIKE 'sqlite_%' AND name != 'alembic_version' ORDER BY type, name"
        ).fetchall()
    finally:
        connection.close()
    # Alembic and create_all may lay the same statement out differently; whitespace does not matter, nor do the
    # quotes SQLite puts around a table's name when a migration rebuilds the table and renames it back.
    return [(kind, name, table, " ".join((sql or "").replace('"', "").split())) for kind, name, table, sql in rows]


def test_alembic_head_builds_what_the_models_describe(tmp_path):
    from_migrations = tmp_path / "migrated.smplan"
    PlanFile.create(from_migrations, small_plan())
    from_models = tmp_path / "models.sqlite"
    engine = create_engine(f"sqlite:///{from_models}")
    Base.metadata.create_all(engine)
    engine.dispose()

    assert schema_of(from_migrations) == schema_of(from_models)
    assert len(schema_of(from_models)) >= len(Base.metadata.tables)

    engine = create_engine(f"sqlite:///{from_migrations}")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_head_and_known_revisions_match_the_scripts():
    assert migrating.head_of() == migrating.HEAD_REVISION
    assert migrating.revisions_of() == migrating.KNOWN_REVISIONS
    assert migrating.revisions_of()[-1] == migrating.HEAD_REVISION


# -- every revision upgrades a file made with its predecessor -------------------------------------------


def check_0002(path: Path) -> None:
    """0002 added holiday corrections and market events; the 0001 content must be as it was."""
    assert {"holiday_override", "market_event"} <= tables_in_file(path)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        assert connection.execute("SELECT name FROM firm").fetchone()[0] == rev0001.FIRM_NAME
        assert connection.execute("SELECT count(*) FROM post").fetchone()[0] == 3
        assert connection.execute("SELECT text FROM post WHERE id = ?", (rev0001.POST_TOKYO,)).fetchone()[0] == (
            rev0001.TOKYO_TEXT
        )
        # The new tables work, with their links to markets.
        connection.execute(
            "INSERT INTO holiday_override (id, market_id, day, action, name)"
            " VALUES ('h1', ?, '2027-05-03', 'add', 'x')",
            (rev0001.MARKET_GB,),
        )
        connection.execute(
            "INSERT INTO market_event (id, market_id, day, name) VALUES ('e1', ?, '2027-06-01', 'Fair')",
            (rev0001.MARKET_JP,),
        )
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(
                "INSERT INTO market_event (id, market_id, day, name) VALUES ('e2', 'nope', '2027-06-01', 'x')"
            )
        connection.execute("DELETE FROM market WHERE id = ?", (rev0001.MARKET_GB,))
        assert connection.execute("SELECT count(*) FROM holiday_override").fetchone()[0] == 0
        connection.rollback()
    finally:
        connection.close()


def check_0003(path: Path) -> None:
    """0003 added the founder's own platform entries; the 0002 content must be as it was."""
    assert "own_platform" in tables_in_file(path)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        assert connection.execute("SELECT name FROM firm").fetchone()[0] == rev0001.FIRM_NAME
        assert connection.execute("SELECT count(*) FROM post").fetchone()[0] == 3
        assert connection.execute("SELECT id, action FROM holiday_override").fetchall() == [
            (rev0002.HOLIDAY_OVERRIDE, "remove")]
        assert connection.execute("SELECT name FROM market_event").fetchall() == [(rev0002.EVENT_NAME,)]
        assert connection.execute("SELECT count(*) FROM own_platform").fetchone()[0] == 0
        # The new table works: one entry per platform id, kept as JSON text.
        connection.execute("INSERT INTO own_platform (id, position, entry) VALUES ('mastodon', 0, '{\"id\": 1}')")
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("INSERT INTO own_platform (id, position, entry) VALUES ('mastodon', 1, '{}')")
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("INSERT INTO own_platform (id, position, entry) VALUES ('x', 1, NULL)")
        connection.rollback()
    finally:
        connection.close()


def check_0004(path: Path) -> None:
    """0004 added the founder's night to the firm, 22:00 to 07:00 for a plan written before; the rest is as it was."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        assert connection.execute("SELECT name, working_start, night_start, night_end FROM firm").fetchone() == (
            rev0001.FIRM_NAME, "08:30", "22:00", "07:00")
        assert connection.execute("SELECT count(*) FROM post").fetchone()[0] == 3
        assert connection.execute("SELECT id FROM own_platform").fetchall() == [(rev0003.OWN_PLATFORM,)]
        assert connection.execute("SELECT name FROM market_event").fetchall() == [(rev0002.EVENT_NAME,)]
        # The columns may not be empty, and no default is left behind: the app writes both.
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("UPDATE firm SET night_start = NULL")
        connection.rollback()
    finally:
        connection.close()


def check_0005(path: Path) -> None:
    """0005 moved each post's language and text into its versions and added the publishing log; nothing else moved."""
    assert "post_version" in tables_in_file(path)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        columns = [row[1] for row in connection.execute("PRAGMA table_info(post)")]
        assert "language" not in columns and "text" not in columns
        assert columns[-3:] == ["published_at", "published_url", "skip_reason"]
        versions = {
            post_id: (language, position, text, status)
            for post_id, language, position, text, status in connection.execute(
                "SELECT post_id, language, position, text, status FROM post_version")
        }
        assert versions == {
            rev0001.POST_FOLD_0: ("en", 0, "", "to_write"),
            rev0001.POST_FOLD_1: ("en", 0, "", "to_write"),
            rev0001.POST_TOKYO: ("ja", 0, rev0001.TOKYO_TEXT, "to_write"),
            rev0004.POST_SCHEDULED: ("en", 0, rev0004.SCHEDULED_TEXT, "ready"),
            rev0004.POST_PUBLISHED: ("ja", 0, rev0004.PUBLISHED_TEXT, "ready"),
            rev0004.POST_PUBLISHED_EMPTY: ("ja", 0, "", "to_write"),
            rev0004.POST_BLANK_DRAFT: ("en", 0, "  \n ", "to_write"),
        }
        posts = {
            row[0]: row[1:] for row in connection.execute(
                "SELECT id, status, published_at, published_url, skip_reason, title, utc_instant, edited FROM post")
        }
        assert posts[rev0001.POST_FOLD_0][:4] == ("ready", None, "", "")  # "scheduled" is "ready" now
        assert posts[rev0001.POST_FOLD_1][:4] == ("draft", None, "", "")
        # A post published before the log existed is taken as published at its planned moment.
        assert posts[rev0004.POST_PUBLISHED][:4] == ("published", "2027-01-12 11:00:00.000000", "", "")
        assert posts[rev0004.POST_PUBLISHED_EMPTY][1] == "2027-01-19 11:00:00.000000"
        assert posts[rev0001.POST_TOKYO][4:] == ("新年", "2027-01-01 00:00:00.000000", 0)
        # The post table's indexes came back, and the versions go with their post.
        indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'post'"
                                                        " AND type = 'index' AND sql IS NOT NULL")}
        assert indexes == {"ix_post_utc_instant", "ix_post_market_id_utc_instant", "ix_post_rule_id"}
        connection.execute("DELETE FROM post WHERE id = ?", (rev0004.POST_SCHEDULED,))
        assert connection.execute("SELECT count(*) FROM post_version WHERE post_id = ?",
                                  (rev0004.POST_SCHEDULED,)).fetchone()[0] == 0
        with pytest.raises(sqlite3.IntegrityError):  # one version per post and language
            connection.execute("INSERT INTO post_version VALUES (?, 'ja', 1, 'x', 'ready')", (rev0001.POST_TOKYO,))
        with pytest.raises(sqlite3.IntegrityError):  # a version belongs to a post
            connection.execute("INSERT INTO post_version VALUES ('nope', 'en', 0, 'x', 'ready')")
        # What 0002 to 0004 added is still there.
        assert connection.execute("SELECT count(*) FROM holiday_override").fetchone()[0] == 1
        assert connection.execute("SELECT id FROM own_platform").fetchall() == [(rev0004.rev0003.OWN_PLATFORM,)]
        assert connection.execute("SELECT night_start, night_end FROM firm").fetchone() == ("23:30", "06:15")
        connection.rollback()
    finally:
        connection.close()


def check_0006(path: Path) -> None:
    """0006 gave each post a revision (0) and a moment of last change (the upgrade's), and tables for what each
    calendar file was given; every post, version and log entry is as it was, and the links still hold."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        posts = {row[0]: row[1:] for row in connection.execute(
            "SELECT id, title, status, published_at, published_url, skip_reason, fold, revision, modified_at"
            " FROM post")}
        assert set(posts) == {rev0005.POST_TWO_LANGUAGES, rev0005.POST_PUBLISHED, rev0005.POST_SKIPPED,
                              rev0005.POST_SECOND_0130}
        assert posts[rev0005.POST_PUBLISHED][:4] == ("Tasting night", "published", "2027-01-12 20:04:00.000000",
                                                    rev0005.PUBLISHED_URL)
        assert posts[rev0005.POST_SKIPPED][4] == rev0005.SKIP_REASON and posts[rev0005.POST_SECOND_0130][5] == 1
        assert {row[6] for row in posts.values()} == {0}
        upgraded = {datetime.fromisoformat(row[7]) for row in posts.values()}
        assert len(upgraded) == 1 and abs(upgraded.pop() - datetime.now(UTC).replace(tzinfo=None)).total_seconds() < 600
        assert connection.execute("SELECT language, text, status FROM post_version WHERE post_id = ? ORDER BY position",
                                  (rev0005.POST_TWO_LANGUAGES,)).fetchall() == [("ja", "春のエール 🍺", "ready"),
                                                                                ("en", "", "to_translate")]
        assert connection.execute("SELECT count(*) FROM calendar_target").fetchone()[0] == 0
        connection.execute("INSERT INTO calendar_target VALUES ('t1', '/tmp/a.ics', 0, '{}', NULL)")
        connection.execute("INSERT INTO exported_event VALUES ('t1', 'u@smplanner', 1, 'f', '2027-01-01', NULL, NULL,"
                           " 's', '2027-01-01 00:00:00.000000', 0)")
        connection.execute("DELETE FROM calendar_target")
        assert connection.execute("SELECT count(*) FROM exported_event").fetchone()[0] == 0
        connection.execute("DELETE FROM post WHERE id = ?", (rev0005.POST_TWO_LANGUAGES,))
        assert connection.execute("SELECT count(*) FROM post_version WHERE post_id = ?",
                                  (rev0005.POST_TWO_LANGUAGES,)).fetchone()[0] == 0
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("UPDATE post SET revision = NULL")
        connection.rollback()
    finally:
        connection.close()


VERSIONED_TABLES = ("plan_meta", "firm", "strategy", "market", "actor", "presence", "content_type", "cadence_rule",
                    "post", "holiday_override", "market_event")


def check_0007(path: Path) -> None:
    """0007 gave every editable row a revision (0 for the rows already there; posts keep theirs, from 0006) and added
    the tables of who has a server plan open and what changed; nothing else moved."""
    assert {"plan_session", "plan_change"} <= tables_in_file(path)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        for table in VERSIONED_TABLES:
            if table == "post":  # its revision is 0006's, kept (below)
                continue
            columns = [row[1] for row in connection.execute("PRAGMA table_info({table})".format(table=table))]
            assert columns[-1] == "revision", table
            assert connection.execute("SELECT DISTINCT revision FROM {table}".format(table=table)).fetchall() in (
                [(0,)], []), table
        assert "revision" not in [row[1] for row in connection.execute("PRAGMA table_info(post_version)")]
        assert connection.execute("SELECT count(*) FROM plan_session").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM plan_change").fetchone()[0] == 0
        posts = {row[0]: row[1:] for row in connection.execute(
            "SELECT id, status, published_url, skip_reason, fold FROM post")}
        assert posts[rev0006.rev0005.POST_PUBLISHED] == ("published", rev0006.rev0005.PUBLISHED_URL, "", 0)
        assert posts[rev0006.rev0005.POST_SKIPPED] == ("skipped", "", rev0006.rev0005.SKIP_REASON, 0)
        assert posts[rev0006.rev0005.POST_SECOND_0130][3] == 1
        assert dict(connection.execute("SELECT id, revision FROM post").fetchall()) == {
            post_id: revision for post_id, (revision, _at) in rev0006.POST_REVISIONS.items()}
        assert connection.execute("SELECT path, live FROM calendar_target").fetchall() == [(rev0006.TARGET_PATH, 1)]
        assert connection.execute("SELECT uid, sequence FROM exported_event").fetchall() == [(rev0006.UID, 7)]
        assert connection.execute(
            "SELECT language, text FROM post_version WHERE post_id = ? ORDER BY position",
            (rev0006.rev0005.POST_TWO_LANGUAGES,)).fetchall() == [("ja", "春のエール 🍺"), ("en", "")]
        # The indexes came back with their tables, and the links still hold and cascade.
        indexes = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
        assert {"ix_post_utc_instant", "ix_post_market_id_utc_instant", "ix_post_rule_id", "ix_presence_market_id",
                "ix_cadence_rule_presence_id", "ix_holiday_override_market_id", "ix_market_event_market_id"} <= indexes
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("INSERT INTO presence (id, market_id, platform, scope, goal, actor_id, revision)"
                               " VALUES ('p', 'nope', 'x', 'national', 'visibility', NULL, 0)")
        with pytest.raises(sqlite3.IntegrityError):  # no default is left behind: the app writes the version
            connection.execute("INSERT INTO plan_meta (key, value) VALUES ('k', 'v')")
        connection.execute("DELETE FROM market WHERE id = ?", (rev0001.MARKET_GB,))
        assert connection.execute("SELECT count(*) FROM post WHERE market_id = ?", (rev0001.MARKET_GB,)).fetchone()[
            0] == 0
        assert connection.execute("SELECT count(*) FROM holiday_override").fetchone()[0] == 0
        assert connection.execute("SELECT night_start, night_end FROM firm").fetchone() == ("23:30", "06:15")
        connection.rollback()
    finally:
        connection.close()


def rows_of(path: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(path)
    try:
        return {table: sorted(connection.execute("SELECT * FROM {table}".format(table=table)).fetchall(), key=repr)
                for table in sorted(tables_in_file(path)) if table != "alembic_version"}
    finally:
        connection.close()


def check_0008(path: Path) -> None:
    """0008 added the index the Workload tab counts posts from, whose columns the count reads alone; every row of
    every table is as the 0007 fixture has it."""
    expected = rev0007.make(path.with_name("expected.smplan"))
    assert rows_of(path) == rows_of(expected)
    connection = sqlite3.connect(path)
    try:
        assert [row[2] for row in connection.execute("PRAGMA index_info(ix_post_tally)")] == [
            "status", "market_id", "presence_id", "platform", "content_type_id", "local_time"]
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT status, market_id, presence_id, platform, content_type_id, count(*),"
            " max(local_time) FROM post GROUP BY status, market_id, presence_id, platform, content_type_id").fetchall()
        assert [row[3] for row in plan] == ["SCAN post USING COVERING INDEX ix_post_tally"]
        assert {row[0]: row[1] for row in connection.execute("SELECT id, revision FROM post")} == {
            post_id: revision for post_id, (revision, _at) in rev0007.rev0006.POST_REVISIONS.items()}
    finally:
        connection.close()


UPGRADE_CHECKS: dict[str, tuple[Callable[[sqlite3.Connection], None], Callable[[Path], None]]] = {
    # revision: (fill a file at its predecessor, check the file after upgrading to it)
    "0002": (rev0001.fill, check_0002),
    "0003": (rev0002.fill, check_0003),
    "0004": (rev0003.fill, check_0004),
    "0005": (rev0004.fill, check_0005),
    "0006": (rev0005.fill, check_0006),
    "0007": (rev0006.fill, check_0007),
    "0008": (rev0007.fill, check_0008),
}


def revision_pairs() -> list[tuple[str, str]]:
    revisions = migrating.revisions_of()
    return list(itertools.pairwise(revisions))


def test_every_revision_has_an_upgrade_test():
    assert {revision for _, revision in revision_pairs()} == set(UPGRADE_CHECKS)


@pytest.mark.parametrize(("predecessor", "revision"), revision_pairs())
def test_revision_upgrades_a_file_made_with_its_predecessor(tmp_path, predecessor, revision):
    fill, check = UPGRADE_CHECKS[revision]
    path = tmp_path / "old.smplan"
    connection = blank_plan_database(path)
    try:
        migrating.upgrade(connection, target=predecessor)
        fill(connection)
    finally:
        connection.close()
    assert revision_in_file(path) == predecessor

    connection = sqlite3.connect(str(path), isolation_level=None)
    try:
        migrating.upgrade(connection, target=revision)
    finally:
        connection.close()
    assert revision_in_file(path) == revision
    check(path)


def open_old_plan(path: Path, shelf_folder: Path) -> None:
    before = sha256(path)
    shelf = BackupShelf(shelf_folder)
    with PlanFile.open(path, backups=shelf) as plan_file:
        assert plan_file.revision == migrating.HEAD_REVISION
        expect_rev0001_content(plan_file)
        plan_file.check_integrity()
    assert revision_in_file(path) == migrating.HEAD_REVISION
    assert {"holiday_override", "market_event"} <= tables_in_file(path)

    backups = [b for b in shelf.list(path) if b.reason == "before-upgrade-0001"]
    assert len(backups) == 1, shelf.list(path)
    # The backup was taken before migrating: it is the original file's content, still in the old format.
    assert revision_in_file(backups[0].path) == "0001"
    assert "holiday_override" not in tables_in_file(backups[0].path)
    with PlanFile.open(backups[0].path, read_only=True) as old:
        expect_rev0001_content(old)
    # Nothing was left beside the plan.
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert sha256(path) != before


def test_opening_a_0001_plan_backs_it_up_then_upgrades_it(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    path = rev0001.make(folder / "old.smplan")
    open_old_plan(path, tmp_path / "backups")


def test_the_committed_0001_fixture_opens_and_upgrades(tmp_path):
    assert revision_in_file(rev0001.FIXTURE) == "0001"
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "fixture.smplan"
    shutil.copyfile(rev0001.FIXTURE, path)
    open_old_plan(path, tmp_path / "backups")


def test_the_committed_0002_fixture_opens_and_upgrades_and_keeps_own_platforms(tmp_path):
    assert revision_in_file(rev0002.FIXTURE) == "0002"
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "fixture.smplan"
    shutil.copyfile(rev0002.FIXTURE, path)
    shelf = BackupShelf(tmp_path / "backups")
    mastodon = founder_platform("mastodon", "Mastodon 🐘", ChannelType.FEED, date(2027, 2, 1),
                                countries=("DE",))
    with PlanFile.open(path, backups=shelf) as plan_file:
        assert plan_file.revision == migrating.HEAD_REVISION
        expect_rev0001_content(plan_file)
        plan = plan_file.repository.load_plan()
        assert plan.own_platforms == ()
        plan_file.repository.replace_decisions(dataclasses.replace(plan, own_platforms=(mastodon,)))
    (backup,) = [b for b in shelf.list(path) if b.reason == "before-upgrade-0002"]
    assert revision_in_file(backup.path) == "0002" and "own_platform" not in tables_in_file(backup.path)
    with PlanFile.open(path, read_only=True) as plan_file:
        expect_rev0001_content(plan_file)
        assert plan_file.reader.load_plan().own_platforms == (mastodon,)
    connection = sqlite3.connect(path)
    try:
        (entry,) = connection.execute("SELECT entry FROM own_platform").fetchone()
    finally:
        connection.close()
    assert json.loads(entry) == platform_to_dict(mastodon)


def test_the_committed_0003_fixture_opens_and_upgrades_with_the_founder_s_night(tmp_path):
    assert revision_in_file(rev0003.FIXTURE) == "0003"
    path = tmp_path / "fixture.smplan"
    shutil.copyfile(rev0003.FIXTURE, path)
    with PlanFile.open(path, backups=BackupShelf(tmp_path / "backups")) as plan_file:
        assert plan_file.revision == migrating.HEAD_REVISION
        expect_rev0001_content(plan_file)
        firm = plan_file.repository.load_plan().firm
        assert (firm.night_start.isoformat(), firm.night_end.isoformat()) == ("22:00:00", "07:00:00")
        assert [p.id for p in plan_file.repository.load_plan().own_platforms] == [rev0003.OWN_PLATFORM]
        plan_file.repository.save_firm(dataclasses.replace(firm, night_start=firm.night_start.replace(hour=23)))
    with PlanFile.open(path, read_only=True) as plan_file:
        assert plan_file.reader.load_plan().firm.night_start.hour == 23


def committed_copy(fixture_maker, revision: str, tmp_path: Path) -> tuple[Path, BackupShelf]:
    """A copy of a committed fixture plan (checked to be at its revision), and a backup shelf to open it with."""
    assert revision_in_file(fixture_maker.FIXTURE) == revision
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "fixture.smplan"
    shutil.copyfile(fixture_maker.FIXTURE, path)
    return path, BackupShelf(tmp_path / "backups")


def test_the_committed_0004_fixture_opens_with_versions_and_a_publishing_log(tmp_path):
    path, shelf = committed_copy(rev0004, "0004", tmp_path)
    with PlanFile.open(path, backups=shelf) as plan_file:
        assert plan_file.revision == migrating.HEAD_REVISION
        expect_rev0001_content(plan_file)
        scheduled = plan_file.reader.post(rev0004.POST_SCHEDULED)
        published = plan_file.reader.post(rev0004.POST_PUBLISHED)
        empty = plan_file.reader.post(rev0004.POST_PUBLISHED_EMPTY)
        assert [p.id for p in plan_file.reader.load_plan().own_platforms] == [rev0004.rev0003.OWN_PLATFORM]
    assert scheduled.status is PostStatus.READY and scheduled.title == "Spring ale"
    assert scheduled.versions == (PostVersion("en", rev0004.SCHEDULED_TEXT, VersionStatus.READY),)
    assert published.status is PostStatus.PUBLISHED
    assert published.published_at == datetime(2027, 1, 12, 11, 0, tzinfo=UTC) == published.instant
    assert published.versions == (PostVersion("ja", rev0004.PUBLISHED_TEXT, VersionStatus.READY),)
    assert empty.versions == (PostVersion("ja", "", VersionStatus.TO_WRITE),)
    (backup,) = [b for b in shelf.list(path) if b.reason == "before-upgrade-0004"]
    assert revision_in_file(backup.path) == "0004" and "post_version" not in tables_in_file(backup.path)


def test_the_committed_0005_fixture_opens_with_revisions(tmp_path):
    path, shelf = committed_copy(rev0005, "0005", tmp_path)
    with PlanFile.open(path, backups=shelf) as plan_file:
        assert plan_file.revision == migrating.HEAD_REVISION
        posts = {post.id: post for post in plan_file.reader.posts()}
        assert plan_file.reader.calendar_targets() == []
    two = posts[rev0005.POST_TWO_LANGUAGES]
    assert two.versions == (PostVersion("ja", "春のエール 🍺", VersionStatus.READY),
                            PostVersion("en", "", VersionStatus.TO_TRANSLATE))
    assert posts[rev0005.POST_PUBLISHED].published_url == rev0005.PUBLISHED_URL
    assert posts[rev0005.POST_SECOND_0130].instant == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert {post.revision for post in posts.values()} == {0}
    assert all(post.modified_at is not None and post.modified_at.tzinfo is UTC for post in posts.values())
    (backup,) = [b for b in shelf.list(path) if b.reason == "before-upgrade-0005"]
    assert revision_in_file(backup.path) == "0005" and "calendar_target" not in tables_in_file(backup.path)


def test_the_committed_0007_fixture_opens_with_its_revisions_and_the_tally_index(tmp_path):
    path, shelf = committed_copy(rev0007, "0007", tmp_path)
    with PlanFile.open(path, backups=shelf) as plan_file:
        assert plan_file.revision == migrating.HEAD_REVISION
        plan = plan_file.reader.load_plan()
        posts = {post.id: post for post in plan_file.reader.posts()}
    assert plan.firm.revision == rev0007.ROW_REVISIONS["firm"]
    assert {market.revision for market in plan.markets} == {rev0007.ROW_REVISIONS["market"]}
    assert {post_id: post.revision for post_id, post in posts.items()} == {
        post_id: revision for post_id, (revision, _at) in rev0007.rev0006.POST_REVISIONS.items()}
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ix_post_tally'").fetchone() == (1,)
    finally:
        connection.close()
    (backup,) = [b for b in shelf.list(path) if b.reason == "before-upgrade-0007"]
    assert revision_in_file(backup.path) == "0007"


def test_0005_goes_back_to_one_text_per_post(tmp_path):
    """Downgrading keeps each post's first version as its language and text."""
    path = tmp_path / "old.smplan"
    connection = blank_plan_database(path)
    try:
        migrating.upgrade(connection, target="0004")
        rev0004.fill(connection)
        migrating.upgrade(connection, target="0005")
        connection.execute("UPDATE post_version SET text = 'rewritten' WHERE post_id = ?", (rev0004.POST_SCHEDULED,))
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(migrating.MIGRATIONS))
        with migrating.engine_for(connection).connect() as sa_connection:
            config.attributes["connection"] = sa_connection
            command.downgrade(config, "0004")
            sa_connection.commit()
        rows = dict(connection.execute("SELECT id, language || '|' || text || '|' || status FROM post").fetchall())
    finally:
        connection.close()
    assert rows[rev0004.POST_SCHEDULED] == "en|rewritten|scheduled"
    assert rows[rev0001.POST_TOKYO] == "ja|{text}|idea".format(text=rev0001.TOKYO_TEXT)
    assert "post_version" not in tables_in_file(path)


def test_a_0001_plan_opened_read_only_is_upgraded_in_a_private_copy_only(tmp_path):
    path = rev0001.make(tmp_path / "old.smplan")
    before = fingerprint(path)
    with PlanFile.open(path, read_only=True) as plan_file:
        expect_rev0001_content(plan_file)
        assert plan_file.read_only
    assert fingerprint(path) == before


# -- failures leave the file exactly as it was -------------------------------------------------------------

FAILING = f"{int(migrating.HEAD_REVISION) + 1:04d}"
FAILING_REVISION = '''"""A migration that fails half-way, after changing the schema."""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("DELETE FROM post")
    raise RuntimeError("migration {revision} failed on purpose")


def downgrade() -> None:
    pass
'''


@pytest.fixture
def failing_scripts(tmp_path) -> Path:
    """A copy of the real migrations with one more revision that fails."""
    scripts = tmp_path / "scripts"
    (scripts / "versions").mkdir(parents=True)
    for name in ("env.py", "script.py.mako"):
        shutil.copyfile(migrating.MIGRATIONS / name, scripts / name)
    for revision in (migrating.MIGRATIONS / "versions").glob("[0-9]*.py"):
        shutil.copyfile(revision, scripts / "versions" / revision.name)
    (scripts / "versions" / (FAILING + "_fails.py")).write_text(
        FAILING_REVISION.format(revision=FAILING, down=migrating.HEAD_REVISION), encoding="utf-8"
    )
    assert migrating.head_of(scripts) == FAILING
    return scripts


def test_a_failing_migration_leaves_the_plan_untouched(tmp_path, plan_path, rich, failing_scripts):
    _, posts = rich
    before = sha256(plan_path)
    mtime = plan_path.stat().st_mtime_ns
    shelf = BackupShelf(tmp_path / "backups")
    with pytest.raises(PlanUpgradeError) as raised:
        PlanFile.open(plan_path, backups=shelf, script_location=failing_scripts)
    message = str(raised.value)
    assert str(plan_path) in message and f"migration {FAILING} failed on purpose" in message
    assert sha256(plan_path) == before
    assert plan_path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in plan_path.parent.iterdir()) == ["backups", "plan.smplan", "scripts"]
    # The backup taken before trying is a good copy of the untouched plan.
    (backup,) = shelf.list(plan_path)
    assert backup.reason == "before-upgrade-" + migrating.HEAD_REVISION
    with PlanFile.open(backup.path, read_only=True) as copy:
        assert copy.repository.count_posts() == len(posts)

    with PlanFile.open(plan_path) as plan_file:
        assert plan_file.revision == migrating.HEAD_REVISION
        assert plan_file.repository.count_posts() == len(posts)
    assert "half_done" not in tables_in_file(plan_path)
    # And it fails the same way again, still without harm.
    before = sha256(plan_path)
    with pytest.raises(PlanUpgradeError):
        PlanFile.open(plan_path, backups=shelf, script_location=failing_scripts)
    assert sha256(plan_path) == before


def test_a_failing_migration_on_a_read_only_open_is_a_plan_error(plan_path, failing_scripts):
    before = fingerprint(plan_path)
    with pytest.raises(PlanFileError) as raised:
        PlanFile.open(plan_path, read_only=True, script_location=failing_scripts)
    assert str(plan_path) in str(raised.value)
    assert fingerprint(plan_path) == before


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
def test_a_plan_from_a_newer_smplanner_is_refused_untouched(tmp_path, plan_path, read_only):
    connection = sqlite3.connect(plan_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = fingerprint(plan_path)
    shelf = BackupShelf(tmp_path / "backups")
    with pytest.raises(PlanTooNewError) as raised:
        PlanFile.open(plan_path, read_only=read_only, backups=shelf)
    assert str(plan_path) in str(raised.value) and "newer version" in str(raised.value)
    assert fingerprint(plan_path) == before
    assert not (tmp_path / "backups").exists()
