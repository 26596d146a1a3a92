"""Helpers shared by the storage tests: a plan that uses every field, file fingerprints, damage, other users."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import random
import sqlite3
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import make_rev0001_fixture as rev0001

from smplanner.domain.plan import (
    Actor,
    ActorKind,
    Audience,
    CadenceRule,
    ContentFormat,
    ContentType,
    Firm,
    HolidayPolicy,
    LanguageMode,
    Market,
    Objective,
    Plan,
    Post,
    PostStatus,
    PostVersion,
    Presence,
    ProfileScope,
    Scenario,
    Strategy,
    Translator,
    VersionStatus,
)
from smplanner.storage import sqlite_file
from smplanner.storage.plan_file import PlanFile

AMBIGUOUS_LONDON = datetime(2027, 10, 31, 1, 30)
"""Clocks go back at 02:00 BST that night, so 01:30 happens twice in Europe/London."""
CJK_AND_EMOJI = "新年快乐 🎉 — 日本語のテキスト, 한국어, Ünïcödé \u200d👩\u200d💻"


def rich_plan() -> tuple[Plan, list[Post]]:
    """A plan that sets every field of every entity to something other than its default."""
    uk = Market(
        "GB", "Europe/London", subdivision="ENG",
        objectives=(Objective.VISIBILITY, Objective.RELATIONSHIPS), languages=("en", "cy"), entry_order=1,
        entry_date=date(2027, 3, 1), content_adapted=True, adaptation_notes="Tea-time humour 🍵",
        personal_share=20, paid_ads=True, ads_budget_month=Decimal("149.99"), translator=Translator.TRANSLATOR,
    )
    quebec = Market(
        "CA", "America/Toronto", subdivision="QC", objectives=(Objective.OPPORTUNITIES,), languages=("fr",),
        entry_order=2, entry_date=date(2027, 7, 5), personal_share=35, ads_budget_month=Decimal("0.10"),
        translator=Translator.PARTNER,
    )
    japan = Market("JP", "Asia/Tokyo", objectives=(Objective.VISIBILITY,), languages=("ja",), entry_order=3,
                   adaptation_notes=CJK_AND_EMOJI, ads_budget_month=Decimal("12345678.90"))
    founder = Actor("Lotte Van Damme", ActorKind.FOUNDER, country="BE", hours_per_week=5.5)
    agency = Actor("Agence Ça Va", ActorKind.AGENCY, country=None, hours_per_week=0.25)
    news = ContentType("Product news 新品", share_percent=60, format=ContentFormat.VIDEO)
    personal = ContentType("Personal", share_percent=40, format=ContentFormat.TEXT, personal=True)
    ig_uk = Presence(uk.id, "instagram", scope=ProfileScope.SHARED, goal=Objective.VISIBILITY, actor_id=agency.id)
    li_uk = Presence(uk.id, "linkedin", scope=ProfileScope.PERSONAL, goal=Objective.RELATIONSHIPS,
                     actor_id=founder.id)
    fb_qc = Presence(quebec.id, "facebook", scope=ProfileScope.NATIONAL, goal=Objective.OPPORTUNITIES)
    line_jp = Presence(japan.id, "line", actor_id=founder.id)
    rules = (
        CadenceRule(ig_uk.id, (1, 3, 5), (time(8, 30), time(17, 45)), interval_weeks=1, language="en",
                    content_type_id=news.id, holiday_policy=HolidayPolicy.SKIP),
        CadenceRule(li_uk.id, (0,), (time(7, 0),), interval_weeks=2, language="cy",
                    content_type_id=personal.id, holiday_policy=HolidayPolicy.FLAG),
        CadenceRule(fb_qc.id, (2, 4), (time(12, 0),), interval_weeks=3, language="fr"),
        CadenceRule(line_jp.id, (6,), (time(20, 15),), language="ja", content_type_id=news.id),
    )
    plan = Plan(
        firm=Firm("Čokoláda & 巧克力 Ltd 🍫", "BE", "Europe/Brussels", home_subdivision="VLG", sector="Sweets",
                  audience=Audience.BOTH, team_size=3, scenario=Scenario.PROGRESSIVE,
                  working_start=time(8, 15), working_end=time(17, 45), working_days=(0, 1, 2, 3, 5)),
        strategy=Strategy(date(2027, 1, 4), date(2027, 12, 31), currency="GBP",
                          budget_organic_month=Decimal("1234.56"), budget_paid_month=Decimal("0.01"),
                          language_mode=LanguageMode.ONE_FOR_ALL, main_language="fr",
                          editorial_line="Craft, colour — 手作り 🍬", silence_threshold_days=9),
        markets=(uk, quebec, japan),
        actors=(founder, agency),
        presences=(ig_uk, li_uk, fb_qc, line_jp),
        content_types=(news, personal),
        cadence_rules=rules,
    )
    posts = [
        # The same wall-clock time twice, an hour apart: only the fold tells them apart.
        Post(uk.id, "instagram", AMBIGUOUS_LONDON, "Europe/London", fold=0, presence_id=ig_uk.id,
             title="First 01:30", status=PostStatus.READY, rule_id=rules[0].id, content_type_id=news.id,
             versions=(PostVersion("en", "Ready to go", VersionStatus.READY),
                       PostVersion("cy", "", VersionStatus.TO_TRANSLATE))),
        Post(uk.id, "instagram", AMBIGUOUS_LONDON, "Europe/London", fold=1, presence_id=ig_uk.id,
             title="Second 01:30", status=PostStatus.DRAFT, edited=True,
             versions=(PostVersion("en", CJK_AND_EMOJI),)),
        Post(japan.id, "line", datetime(2027, 1, 10, 20, 15), "Asia/Tokyo", presence_id=line_jp.id,
             title="新年 🎍", status=PostStatus.PUBLISHED, rule_id=rules[3].id, content_type_id=news.id,
             versions=(PostVersion("ja", "お正月の特別なチョコレート\nline two\ttab", VersionStatus.READY),),
             published_at=datetime(2027, 1, 10, 11, 17, 5, tzinfo=UTC),
             published_url="https://line.me/R/home/public/post?id=1&postId=2"),
        Post(quebec.id, "facebook", datetime(2027, 7, 7, 12, 0, 30, 250000), "America/Toronto",
             presence_id=fb_qc.id, title="Québec « bonjour »", status=PostStatus.SKIPPED,
             skip_reason="Fête nationale: pas de pub ce jour-là", versions=(PostVersion("fr", ""),)),
        Post(uk.id, "linkedin", datetime(2027, 3, 28, 1, 30), "Europe/London", presence_id=None,
             title="Nonexistent hour kept as written",
             versions=(PostVersion("cy", "'; DROP TABLE post; --", VersionStatus.TO_TRANSLATE),)),
    ]
    return plan, posts


def sorted_plan(plan: Plan) -> Plan:
    """The plan with every collection in id order, so plans compare equal whatever order storage returns."""
    def by_id(items):
        return tuple(sorted(items, key=lambda item: item.id))

    return dataclasses.replace(
        plan,
        markets=by_id(plan.markets),
        actors=by_id(plan.actors),
        presences=by_id(plan.presences),
        content_types=by_id(plan.content_types),
        cadence_rules=by_id(plan.cadence_rules),
    )


def by_id(posts) -> dict[str, Post]:
    return {post.id: post for post in posts}


@dataclass(frozen=True)
class Fingerprint:
    """What 'left untouched' means: the same bytes, the same modification time, no new files beside it."""

    sha256: str | None
    mtime_ns: int | None
    neighbours: tuple[str, ...]


def fingerprint(path: Path) -> Fingerprint:
    path = Path(path)
    neighbours = tuple(sorted(p.name for p in path.parent.iterdir())) if path.parent.is_dir() else ()
    if not path.is_file():
        return Fingerprint(None, path.stat().st_mtime_ns if path.exists() else None, neighbours)
    return Fingerprint(hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns, neighbours)


def page_size_and_count(path: Path) -> tuple[int, int]:
    header = Path(path).read_bytes()[:100]
    (page_size,) = struct.unpack(">H", header[16:18])
    (page_count,) = struct.unpack(">I", header[28:32])
    return page_size, page_count


def scribble_over_middle_pages(path: Path, seed: int = 1) -> None:
    """Overwrite whole pages in the middle of a database with random bytes, as a failing disk might."""
    page_size, page_count = page_size_and_count(path)
    assert page_count >= 20, "need a plan with many pages"
    rng = random.Random(seed)
    with Path(path).open("r+b") as handle:
        for page in range(page_count // 3, page_count // 3 + 8):
            handle.seek(page * page_size)
            handle.write(rng.randbytes(page_size))


def revision_in_file(path: Path) -> str | None:
    connection = sqlite3.connect("file:{p}?mode=ro".format(p=Path(path).as_posix()), uri=True)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def tables_in_file(path: Path) -> set[str]:
    connection = sqlite3.connect("file:{p}?mode=ro".format(p=Path(path).as_posix()), uri=True)
    try:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()


def blank_plan_database(path: Path) -> sqlite3.Connection:
    """An empty SQLite file carrying the plan mark, as PlanFile.create starts one (for building old formats)."""
    connection = sqlite3.connect(str(path), isolation_level=None)
    connection.execute("PRAGMA application_id={id}".format(id=sqlite_file.APPLICATION_ID))
    connection.execute("PRAGMA journal_mode=DELETE")
    return connection


NOBODY = 65534


@contextlib.contextmanager
def world_readable_folder() -> Iterator[Path]:
    """A folder another user can enter (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="smplanner-perm-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for entry in folder.iterdir():
            entry.chmod(0o644)
            entry.unlink()
        folder.rmdir()


@contextlib.contextmanager
def as_ordinary_user() -> Iterator[None]:
    """Drop root's power to ignore file permissions for the duration (a no-op when not root)."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)


# -- the plan in the first file format (tests/fixtures/make_rev0001_fixture.py) --------------------------

FIXTURES = Path(__file__).parents[1] / "fixtures"


def expect_rev0001_content(plan_file: PlanFile) -> None:
    """What the 0001 fixture holds, read through today's repository."""
    plan = plan_file.repository.load_plan()
    assert plan.firm.name == rev0001.FIRM_NAME
    assert plan.firm.scenario is Scenario.BORN_GLOBAL and plan.firm.working_start == time(8, 30)
    assert plan.strategy.period_start == date(2027, 1, 4)
    assert plan.strategy.budget_organic_month == Decimal("250.75")
    gb, jp = plan.markets
    assert (gb.id, gb.code, gb.entry_date, gb.ads_budget_month) == (
        rev0001.MARKET_GB, "GB-ENG", date(2027, 2, 1), Decimal("99.99"))
    assert gb.objectives == (Objective.VISIBILITY, Objective.RELATIONSHIPS)
    assert (jp.id, jp.subdivision, jp.entry_date, jp.translator) == (rev0001.MARKET_JP, None, None, Translator.PARTNER)
    assert jp.adaptation_notes == "贈答文化" and jp.content_adapted is True
    assert [a.hours_per_week for a in plan.actors] == [4.5]
    assert {p.id: p.scope for p in plan.presences} == {
        rev0001.PRESENCE_GB: ProfileScope.SHARED, rev0001.PRESENCE_JP: ProfileScope.NATIONAL}
    (rule,) = plan.cadence_rules
    assert (rule.weekdays, rule.times, rule.interval_weeks) == ((1, 3), (time(12, 0),), 2)
    first_format = (rev0001.POST_TOKYO, rev0001.POST_FOLD_0, rev0001.POST_FOLD_1)
    posts = [post for post in plan_file.repository.posts() if post.id in first_format]  # later fixtures add posts
    assert [p.id for p in posts] == list(first_format)
    assert [p.fold for p in posts] == [0, 0, 1]
    assert posts[0].local == datetime(2027, 1, 1, 9, 0)
    # Each post's text became its version in the post's language (migration 0004); "scheduled" became "ready".
    assert posts[0].versions == (PostVersion("ja", rev0001.TOKYO_TEXT, VersionStatus.TO_WRITE),)
    assert posts[1].versions == (PostVersion("en", "", VersionStatus.TO_WRITE),)
    assert posts[1].status is PostStatus.READY and posts[2].edited is True
    assert [p.title for p in posts] == ["新年", "First", "Second"]
    assert all(p.published_at is None and not p.published_url and not p.skip_reason for p in posts)
