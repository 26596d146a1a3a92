"""A plan written to a file and read back is the same plan; every repository write survives closing the file."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from storage_support import AMBIGUOUS_LONDON, CJK_AND_EMOJI, by_id, sorted_plan

from smplanner.domain.catalogue import (
    ChannelType,
    CountryClaim,
    CountryRole,
    LengthLimit,
    LengthUnit,
    PlatformInfo,
    PostingTimes,
    Source,
    Sourced,
    TimesBasis,
    founder_platform,
)
from smplanner.domain.decisions import DECISIONS
from smplanner.domain.examples import EXAMPLES
from smplanner.domain.plan import (
    Actor,
    ActorKind,
    CadenceRule,
    ContentFormat,
    ContentType,
    HolidayPolicy,
    Market,
    Objective,
    Post,
    PostStatus,
    PostVersion,
    Presence,
    ProfileScope,
    Translator,
    VersionStatus,
)
from smplanner.services.plan_files import example_plan
from smplanner.storage import migrating
from smplanner.storage.errors import EditConflict
from smplanner.storage.opening import open_plan
from smplanner.storage.plan_file import PlanFile


@pytest.fixture
def plan_at(plan_store, rich):
    """The rich plan, stored as a plan file and as a server plan."""
    return plan_store.create(*rich)


def reopened(path: Path | str) -> PlanFile:
    return open_plan(path)


def test_every_entity_round_trips(plan_at, rich):
    plan, posts = rich
    with reopened(plan_at) as plan_file:
        assert plan_file.revision == migrating.HEAD_REVISION
        loaded = plan_file.repository.load_plan()
        stored_posts = plan_file.repository.posts()
    assert sorted_plan(loaded) == sorted_plan(plan)
    assert by_id(stored_posts) == by_id(posts)
    assert len(stored_posts) == len(posts)


def test_values_keep_their_exact_types(plan_at, rich):
    plan, _ = rich
    with reopened(plan_at) as plan_file:
        loaded = plan_file.repository.load_plan()
    uk = next(m for m in loaded.markets if m.country == "GB")
    assert uk.subdivision == "ENG" and uk.code == "GB-ENG"
    assert uk.entry_date == date(2027, 3, 1)
    assert isinstance(uk.ads_budget_month, Decimal) and str(uk.ads_budget_month) == "149.99"
    assert str(loaded.strategy.budget_paid_month) == "0.01"
    assert str(next(m for m in loaded.markets if m.country == "JP").ads_budget_month) == "12345678.90"
    assert loaded.firm.name == plan.firm.name and loaded.firm.working_start == time(8, 15)
    assert all(isinstance(o, Objective) for o in uk.objectives)


def test_markets_come_back_in_entry_order(plan_at):
    with reopened(plan_at) as plan_file:
        markets = plan_file.repository.load_plan().markets
    assert [m.code for m in markets] == ["GB-ENG", "CA-QC", "JP"]


def test_fold_tells_the_repeated_hour_apart(plan_at, rich):
    _, posts = rich
    first, second = posts[0], posts[1]
    with reopened(plan_at) as plan_file:
        repository = plan_file.repository
        assert repository.post(second.id) == second
        assert repository.post(second.id).fold == 1
        assert repository.post(first.id).fold == 0
        # 01:30 BST is 00:30 UTC; the second 01:30 (GMT) is 01:30 UTC.
        in_second_hour = repository.posts(datetime(2027, 10, 31, 1, 0), datetime(2027, 10, 31, 2, 0))
        in_first_hour = repository.posts(datetime(2027, 10, 31, 0, 0), datetime(2027, 10, 31, 1, 0))
        stored = dict(plan_file.connection.execute("SELECT id, utc_instant FROM post").fetchall())
    assert [p.id for p in in_second_hour] == [second.id]
    assert [p.id for p in in_first_hour] == [first.id]
    assert second.instant == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert stored[second.id].startswith("2027-10-31 01:30:00")
    assert stored[first.id].startswith("2027-10-31 00:30:00")
    assert second.local == AMBIGUOUS_LONDON


def test_posts_come_back_in_time_order_and_filtered(plan_at, rich):
    plan, posts = rich
    japan = next(m for m in plan.markets if m.country == "JP")
    with reopened(plan_at) as plan_file:
        repository = plan_file.repository
        ordered = repository.posts()
        assert [p.instant for p in ordered] == sorted(p.instant for p in posts)
        assert [p.id for p in repository.posts(market_ids=[japan.id])] == [
            p.id for p in posts if p.market_id == japan.id
        ]
        assert repository.posts(limit=2) == ordered[:2]
        assert repository.last_post() == ordered[-1]
        assert repository.count_posts() == len(posts)
        assert repository.post("no such id") is None


def test_text_is_stored_verbatim(plan_at, rich):
    _, posts = rich
    with reopened(plan_at) as plan_file:
        texts = {p.id: (p.title, *(v.text for v in p.versions)) for p in plan_file.repository.posts()}
    assert texts[posts[1].id] == ("Second 01:30", CJK_AND_EMOJI)
    assert texts[posts[2].id] == ("新年 🎍", "お正月の特別なチョコレート\nline two\ttab")
    assert texts[posts[4].id][1] == "'; DROP TABLE post; --"
    assert texts[posts[0].id] == ("First 01:30", "Ready to go", "")  # the versions in their order


# -- every repository write, each one committed and still there after closing ---------------------------


def after_reopening(path: Path | str, edit) -> PlanFile:
    with open_plan(path) as plan_file:
        edit(plan_file.repository)
    return open_plan(path)


def test_save_firm(plan_at, rich):
    plan, _ = rich
    firm = dataclasses.replace(plan.firm, name="Renamed ✓", working_days=(1, 2), working_end=time(19, 0))
    with after_reopening(plan_at, lambda r: r.save_firm(firm)) as plan_file:
        assert plan_file.repository.load_plan().firm == firm


def test_replace_decisions_stores_every_kind_of_decision_changed_and_added(plan_at, rich):
    plan, _ = rich
    strategy = dataclasses.replace(plan.strategy, budget_organic_month=Decimal("99.95"), editorial_line="Autre")
    market = dataclasses.replace(plan.markets[0], entry_date=None, translator=Translator.FOUNDER,
                                 ads_budget_month=Decimal("7.5"))
    new_market = Market("DE", "Europe/Berlin", subdivision="BY", entry_order=4, entry_date=date(2027, 9, 1),
                        ads_budget_month=Decimal("0.05"), languages=("de",))
    actor = dataclasses.replace(plan.actors[0], hours_per_week=12.75, country="FR")
    new_actor = Actor("Partner in Osaka", ActorKind.PARTNER, country="JP", hours_per_week=1.5)
    presence = dataclasses.replace(plan.presences[2], actor_id=plan.actors[1].id, scope=ProfileScope.SHARED)
    new_presence = Presence(plan.markets[2].id, "x", scope=ProfileScope.PERSONAL, goal=Objective.OPPORTUNITIES)
    content_type = dataclasses.replace(plan.content_types[0], share_percent=10, format=ContentFormat.IMAGE)
    new_content_type = ContentType("Recettes", share_percent=5, format=ContentFormat.TEXT, personal=True)
    rule = dataclasses.replace(plan.cadence_rules[0], weekdays=(6,), times=(time(23, 59),),
                               holiday_policy=HolidayPolicy.MOVE, content_type_id=None)
    new_rule = CadenceRule(plan.presences[3].id, (0, 1, 2, 3, 4, 5, 6), (time(0, 0), time(12, 0)), interval_weeks=5)

    def replaced(items, changed, added):
        return tuple(changed if item.id == changed.id else item for item in items) + (added,)

    decided = dataclasses.replace(
        plan, strategy=strategy, markets=replaced(plan.markets, market, new_market),
        actors=replaced(plan.actors, actor, new_actor), presences=replaced(plan.presences, presence, new_presence),
        content_types=replaced(plan.content_types, content_type, new_content_type),
        cadence_rules=replaced(plan.cadence_rules, rule, new_rule),
    )
    with after_reopening(plan_at, lambda r: r.replace_decisions(decided)) as plan_file:
        loaded = plan_file.repository.load_plan()
    assert loaded.strategy == strategy
    for kind in ("markets", "actors", "presences", "content_types", "cadence_rules"):
        assert by_id(getattr(loaded, kind)) == by_id(getattr(decided, kind)), kind


def test_a_market_the_decisions_drop_takes_its_presences_rules_and_posts_along(plan_at, rich):
    plan, posts = rich
    uk = plan.markets[0]
    uk_presences = {p.id for p in plan.presences if p.market_id == uk.id}
    without_uk = dataclasses.replace(
        plan, markets=tuple(m for m in plan.markets if m.id != uk.id),
        presences=tuple(p for p in plan.presences if p.market_id != uk.id),
        cadence_rules=tuple(r for r in plan.cadence_rules if r.presence_id not in uk_presences))
    with after_reopening(plan_at, lambda r: r.replace_decisions(without_uk)) as plan_file:
        loaded = plan_file.repository.load_plan()
        left = plan_file.repository.posts()
    assert uk.id not in {m.id for m in loaded.markets}
    assert not uk_presences & {p.id for p in loaded.presences}
    assert all(r.presence_id not in uk_presences for r in loaded.cadence_rules)
    assert len(loaded.cadence_rules) == len(plan.cadence_rules) - 2
    assert {p.id for p in left} == {p.id for p in posts if p.market_id != uk.id}


def test_add_save_and_delete_posts(plan_at, rich):
    plan, posts = rich
    japan = plan.markets[2]
    new = [Post(japan.id, "line", datetime(2027, 5, 5, 9, 0) + timedelta(hours=i), "Asia/Tokyo", title=str(i))
           for i in range(3)]
    retitled = dataclasses.replace(posts[1], title="Retitled 二", status=PostStatus.PUBLISHED, fold=1,
                                   published_at=datetime(2027, 10, 31, 1, 0, tzinfo=UTC),
                                   versions=(PostVersion("cy", "Newydd", VersionStatus.READY), *posts[1].versions))
    moved = dataclasses.replace(posts[2], local=datetime(2027, 2, 2, 2, 2), zone="Pacific/Chatham")

    def edit(repository):
        repository.add_posts(new)
        repository.save_post(retitled)
        repository.save_post(moved)
        repository.delete_posts([posts[3].id, new[0].id])

    with after_reopening(plan_at, edit) as plan_file:
        stored = by_id(plan_file.repository.posts())
        moved_instant = plan_file.repository.posts(
            moved.instant.replace(tzinfo=None), moved.instant.replace(tzinfo=None) + timedelta(seconds=1)
        )
    assert stored[retitled.id] == retitled
    assert stored[moved.id] == moved
    assert [p.id for p in moved_instant] == [moved.id]
    assert new[1].id in stored and new[2].id in stored
    assert posts[3].id not in stored and new[0].id not in stored
    assert len(stored) == len(posts) + len(new) - 2


def test_set_meta(plan_at):
    def edit(repository):
        repository.set_meta("note", "first")
        repository.set_meta("note", "second ✓")

    with after_reopening(plan_at, edit) as plan_file:
        assert plan_file.repository.meta("note") == "second ✓"
        assert plan_file.repository.meta("absent") is None


def test_write_plan_replaces_everything(plan_at, rich):
    from plan_factories import small_plan

    other = small_plan("Other firm")
    post = Post(other.markets[0].id, "linkedin", datetime(2027, 6, 1, 9, 0), "Asia/Tokyo")
    with after_reopening(plan_at, lambda r: r.write_plan(other, [post])) as plan_file:
        assert sorted_plan(plan_file.repository.load_plan()) == sorted_plan(other)
        assert plan_file.repository.posts() == [post]


def test_foreign_keys_are_enforced_and_a_failed_write_leaves_nothing(plan_at, rich):
    plan, _ = rich
    orphan = Presence("no-such-market", "instagram")
    with open_plan(plan_at) as plan_file:
        with pytest.raises((IntegrityError, EditConflict)):  # on a server: a link to what is gone
            plan_file.repository.replace_decisions(dataclasses.replace(plan, presences=(*plan.presences, orphan)))
        with pytest.raises((IntegrityError, EditConflict)):  # on a server: a link to what is gone
            plan_file.repository.add_posts([
                Post(plan.markets[0].id, "x", datetime(2027, 1, 5, 9), "Europe/London"),
                Post("no-such-market", "x", datetime(2027, 1, 5, 9), "Europe/London"),
            ])
        assert plan_file.repository.count_posts() == 5
    with open_plan(plan_at) as plan_file:
        assert orphan.id not in {p.id for p in plan_file.repository.load_plan().presences}
        assert plan_file.repository.count_posts() == 5


SHIPPED_LINE = PlatformInfo(
    # A shipped entry written out here, so that these tests do not depend on what the shipped file says today.
    id="line",
    name="LINE",
    channel=Sourced("messaging_broadcast", Source("line-biz", "LINE for Business", "2025-06", "https://example.org/line")),
    posting_times=PostingTimes(TimesBasis.NO_PUBLISHED_DATA, Source("none", "No study", "2025-06"), note="—"),
    international=Sourced(False, Source("line-biz", "LINE for Business", "2025-06")),
    search_visibility=Sourced(False, Source("seo", "Search study", "2024-11-30")),
    length_limits=(LengthLimit("message", 5000, LengthUnit.UTF16_UNITS, Source("line-api", "LINE API", "2025-01")),),
    countries=(CountryClaim("CN", CountryRole.BLOCKED, Source("gfw", "Blocked in China", "2025-03"), note="VPN"),),
)


def own_platforms() -> tuple[PlatformInfo, ...]:
    """A new platform and the founder's version of a shipped one, with hours, countries and text in any script."""
    today = date(2027, 2, 3)
    mastodon = founder_platform("mastodon", "Mastodon 🐘", ChannelType.FEED, today, days=(4, 1),
                                windows=((time(7, 30), time(9, 0)), (time(18, 0), time(20, 15))),
                                countries=("DE", "FR"))
    line = founder_platform("line", "LINE 公式アカウント", ChannelType.MESSAGING_BROADCAST, today, base=SHIPPED_LINE,
                            countries=("JP", "TW"))
    return (mastodon, line)


def test_own_platforms_round_trip_in_their_order(tmp_path, rich):
    plan, posts = rich
    plan = dataclasses.replace(plan, own_platforms=own_platforms())
    path = tmp_path / "own.smplan"
    PlanFile.create(path, plan, posts)
    with reopened(path) as plan_file:
        loaded = plan_file.repository.load_plan()
    assert loaded.own_platforms == plan.own_platforms
    assert [p.id for p in loaded.own_platforms] == ["mastodon", "line"]
    line = loaded.own_platforms[1]
    assert line.length_limits == SHIPPED_LINE.length_limits and line.countries[0] == SHIPPED_LINE.countries[0]
    assert line.search_visibility == SHIPPED_LINE.search_visibility and line.founder_entry


def test_replace_decisions_stores_the_plan_as_given(plan_at, rich):
    plan, posts = rich
    uk, quebec, _ = plan.markets
    ig_uk, _, fb_qc, _ = plan.presences
    germany = Market("DE", "Europe/Berlin", entry_order=4, languages=("de",))
    changed = dataclasses.replace(
        plan,
        firm=dataclasses.replace(plan.firm, name="Neu GmbH"),
        markets=(dataclasses.replace(uk, ads_budget_month=Decimal("1.10")), quebec, germany),  # Japan goes
        presences=(ig_uk, fb_qc, Presence(germany.id, "mastodon")),  # LinkedIn UK goes
        cadence_rules=(plan.cadence_rules[0], plan.cadence_rules[2]),
        actors=(plan.actors[1],),  # the founder ran LinkedIn UK and LINE Japan only
        own_platforms=own_platforms()[:1],
    )
    added = Post(germany.id, "mastodon", datetime(2027, 5, 5, 9), "Europe/Berlin")
    with after_reopening(plan_at, lambda r: r.replace_decisions(changed, [posts[0].id], [added])) as plan_file:
        loaded = plan_file.repository.load_plan()
        stored = by_id(plan_file.repository.posts())
    assert sorted_plan(loaded) == sorted_plan(changed)
    assert loaded.own_platforms == own_platforms()[:1]
    # Japan's posts went with it, the removed post is gone, the added one is there; LinkedIn UK's post stays.
    assert set(stored) == {posts[1].id, posts[3].id, posts[4].id, added.id}
    assert stored[posts[4].id] == posts[4]


def test_replace_decisions_fails_whole(plan_at, rich):
    plan, posts = rich
    broken = dataclasses.replace(plan, firm=dataclasses.replace(plan.firm, name="Never stored"),
                                 markets=plan.markets[:2], presences=(*plan.presences, Presence("nowhere", "x")))
    with open_plan(plan_at) as plan_file, pytest.raises((IntegrityError, EditConflict)):
        plan_file.repository.replace_decisions(broken, [p.id for p in posts], [])
    with open_plan(plan_at) as plan_file:
        assert sorted_plan(plan_file.repository.load_plan()) == sorted_plan(plan)
        assert by_id(plan_file.repository.posts()) == by_id(posts)


def test_create_refuses_an_existing_file_unless_replacing(plan_path, rich):
    from plan_factories import small_plan

    from smplanner.storage.errors import PlanFileError

    with pytest.raises(PlanFileError, match="already exists"):
        PlanFile.create(plan_path, small_plan())
    PlanFile.create(plan_path, small_plan("Replaced"), replace=True)
    with PlanFile.open(plan_path) as plan_file:
        assert plan_file.repository.load_plan().firm.name == "Replaced"
    assert sorted(p.name for p in plan_path.parent.iterdir()) == ["plan.smplan"]


def test_created_file_carries_the_plan_mark_and_format(plan_path):
    connection = sqlite3.connect(plan_path)
    try:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == 0x534D504C
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrating.HEAD_REVISION
    finally:
        connection.close()


# -- the three example plans ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [e.name for e in EXAMPLES])
def test_example_plan_round_trips_and_takes_every_decision(tmp_path, name):
    plan, posts = example_plan(name, date(2027, 1, 6))
    path = tmp_path / (name + ".smplan")
    PlanFile.create(path, plan, posts)
    with open_plan(path) as plan_file:
        loaded = plan_file.repository.load_plan()
        stored = plan_file.repository.posts()
    assert sorted_plan(loaded) == sorted_plan(plan)
    assert by_id(stored) == by_id(posts)
    assert [d.key for d in DECISIONS if not d.is_taken(loaded)] == []

    first, last = stored[0].local, stored[-1].local
    assert plan.strategy.period_start <= first.date() < plan.strategy.period_start + timedelta(days=14)
    assert plan.strategy.period_end - timedelta(days=14) < last.date() <= plan.strategy.period_end
    months = {(p.local.year, p.local.month) for p in stored}
    assert len(months) >= 12
    assert len(stored) > 200
