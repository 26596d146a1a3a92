"""Applying the wizard's decisions to an open plan: only future generated posts the founder has not edited change."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from plan_factories import small_plan, stored_digest
from sqlalchemy.exc import IntegrityError

from smplanner.domain.catalogue import ChannelType, founder_platform
from smplanner.domain.plan import CadenceRule, Market, Plan, Post, PostStatus, Presence, PostVersion
from smplanner.services.planning import Changes, PlanningService
from smplanner.services.plan_files import create_from_example
from smplanner.services.planning import posts_for
from smplanner.storage.errors import EditConflict
from smplanner.storage.opening import open_plan
from smplanner.storage.plan_file import PlanFile

NOW = datetime(2027, 6, 1, 8, 0, tzinfo=UTC)


def two_market_plan() -> Plan:
    """small_plan's Japan (LinkedIn, Tuesdays and Thursdays at 09:00) and Germany (Instagram, Mondays at 12:00)."""
    plan = small_plan()
    germany = Market("DE", "Europe/Berlin", languages=("de",), entry_order=2)
    instagram = Presence(germany.id, "instagram", actor_id=plan.actors[0].id)
    rule = CadenceRule(instagram.id, (0,), (time(12, 0),), language="de")
    return dataclasses.replace(plan, markets=(*plan.markets, germany), presences=(*plan.presences, instagram),
                               cadence_rules=(*plan.cadence_rules, rule))


@pytest.fixture
def plan() -> Plan:
    return two_market_plan()


@pytest.fixture
def founder_posts(plan: Plan) -> dict[str, Post]:
    """The founder's own work, in the past and the future: edited generated posts and hand-made posts."""
    generated = posts_for(plan)
    japan, germany = plan.markets
    past = next(p for p in generated if p.instant < NOW and p.market_id == japan.id)
    future = [p for p in generated if p.instant >= NOW and p.market_id == japan.id]
    future_de = next(p for p in generated if p.instant >= NOW and p.market_id == germany.id)
    return {
        "edited_past": dataclasses.replace(past, title="Done 済み", status=PostStatus.PUBLISHED, edited=True,
                                           published_at=past.instant),
        "edited_future": dataclasses.replace(future[3], title="Launch 🚀", versions=(PostVersion("ja", "Draft"),),
                                             local=future[3].local + timedelta(hours=2), status=PostStatus.READY,
                                             edited=True),
        "edited_future_de": dataclasses.replace(future_de, title="Messe", edited=True),
        "hand_made_future": Post(japan.id, "linkedin", datetime(2027, 8, 3, 15, 0), "Asia/Tokyo", title="By hand",
                                 presence_id=plan.presences[0].id),
        "hand_made_past": Post(japan.id, "linkedin", datetime(2027, 2, 3, 15, 0), "Asia/Tokyo", title="Old"),
        "hand_made_de": Post(germany.id, "instagram", datetime(2027, 9, 9, 9, 0), "Europe/Berlin", title="Hand DE",
                             presence_id=plan.presences[1].id),
    }


def stored_plan(plan: Plan, founder_posts: dict[str, Post]) -> list[Post]:
    """The generated posts of `plan`, some of them edited, and some hand-made ones."""
    mine = {p.id: p for p in founder_posts.values()}
    return [mine.pop(p.id, p) for p in posts_for(plan)] + list(mine.values())


@pytest.fixture
def plan_path(plan_store, plan: Plan, founder_posts: dict[str, Post]) -> Path | str:
    """The plan with those posts, as a plan file and as a server plan."""
    return plan_store.create(plan, stored_plan(plan, founder_posts))


@pytest.fixture
def plan_file_path(tmp_path: Path, plan: Plan, founder_posts: dict[str, Post]) -> Path:
    """The plan with those posts as a plan file only (to make SQLite itself fail)."""
    path = tmp_path / "plan.smplan"
    PlanFile.create(path, plan, stored_plan(plan, founder_posts))
    return path


@pytest.fixture
def service(plan_path: Path | str):
    plan_file = open_plan(plan_path)
    yield PlanningService(plan_file)
    plan_file.close()


def stored_posts(service: PlanningService) -> dict[str, Post]:
    return {p.id: p for p in service.plan_file.repository.posts()}


def content(service: PlanningService) -> tuple:
    """Everything a plan holds, independent of the order storage returns it in."""
    plan = service.plan()
    decisions = tuple(
        frozenset(getattr(plan, kind)) for kind in ("markets", "actors", "presences", "content_types", "cadence_rules")
    )
    return plan.firm, plan.strategy, decisions, plan.own_platforms, stored_posts(service)


def with_rule(plan: Plan, index: int, **changes) -> Plan:
    rules = list(plan.cadence_rules)
    rules[index] = dataclasses.replace(rules[index], **changes)
    return dataclasses.replace(plan, cadence_rules=tuple(rules))


def past(posts: dict[str, Post]) -> dict[str, Post]:
    return {i: p for i, p in posts.items() if p.instant < NOW}


def founders(posts: dict[str, Post]) -> dict[str, Post]:
    return {i: p for i, p in posts.items() if p.edited or p.rule_id is None}


# -- what changes and what does not --------------------------------------------------------------------------


def test_changing_a_cadence_changes_only_future_unedited_generated_posts(service, plan, founder_posts):
    before = stored_posts(service)
    japan_rule = plan.cadence_rules[0]
    changes = service.apply_decisions(with_rule(plan, 0, weekdays=(4,), times=(time(10, 0),)), NOW)
    after = stored_posts(service)

    assert changes.decisions and changes.posts and not changes.firm
    assert past(after) == past(before)  # every past post, generated or not, exactly as it was
    assert {i: after[i] for i in founders(before)} == founders(before)
    assert {p.id for p in founder_posts.values()} <= set(after)
    future_japan = [p for p in after.values() if p.instant >= NOW and p.rule_id == japan_rule.id and not p.edited]
    assert future_japan and all(p.local.weekday() == 4 and p.local.time() == time(10, 0) for p in future_japan)
    # Germany's rule did not change: its posts are the same posts, under the same ids.
    germany_rule = plan.cadence_rules[1]
    assert {i: p for i, p in after.items() if p.rule_id == germany_rule.id} == {
        i: p for i, p in before.items() if p.rule_id == germany_rule.id}
    assert changes.posts_added == len(future_japan)
    assert changes.posts_removed == len(
        [p for p in before.values() if p.instant >= NOW and p.rule_id == japan_rule.id and not p.edited])


def test_an_unchanged_rule_keeps_the_same_post_ids(service, plan):
    before = stored_posts(service)
    changes = service.apply_decisions(plan, NOW)
    assert stored_posts(service) == before
    assert changes == Changes()
    # Regenerated from scratch, the rule's future posts get the ids they were stored under.
    future = {p.id for p in posts_for(plan) if p.instant >= NOW}
    assert future <= set(before)


def test_applying_twice_is_idempotent(service, plan):
    changed = with_rule(plan, 0, weekdays=(0, 2), interval_weeks=2)
    changed = dataclasses.replace(changed, firm=dataclasses.replace(plan.firm, name="ACME International"))
    first = service.apply_decisions(changed, NOW)
    assert first.firm and first.decisions and first.posts
    after_first = content(service)
    assert service.apply_decisions(changed, NOW) == Changes()
    assert content(service) == after_first


def test_removing_a_rule_removes_its_future_generated_posts(service, plan, founder_posts):
    before = stored_posts(service)
    japan_rule = plan.cadence_rules[0]
    changes = service.apply_decisions(dataclasses.replace(plan, cadence_rules=plan.cadence_rules[1:]), NOW)
    after = stored_posts(service)
    assert changes.posts and changes.posts_added == 0
    gone = {i for i, p in before.items() if p.rule_id == japan_rule.id and not p.edited and p.instant >= NOW}
    assert gone and not gone & set(after) and changes.posts_removed == len(gone)
    # The rest stays; posts that came from the removed rule keep everything but the link to it.
    assert set(after) == set(before) - gone
    for post_id, post in after.items():
        expected = before[post_id]
        if expected.rule_id == japan_rule.id:
            expected = dataclasses.replace(expected, rule_id=None)
        assert post == expected
    assert after[founder_posts["edited_future"].id].title == "Launch 🚀"


def test_removing_a_presence_keeps_its_hand_made_and_edited_posts(service, plan, founder_posts):
    before = stored_posts(service)
    linkedin = plan.presences[0]
    reduced = dataclasses.replace(plan, presences=plan.presences[1:], cadence_rules=plan.cadence_rules[1:])
    service.apply_decisions(reduced, NOW)
    after = stored_posts(service)
    for key in ("hand_made_future", "edited_future", "edited_past"):
        post = founder_posts[key]
        assert after[post.id] == dataclasses.replace(post, presence_id=None, rule_id=None), key
    assert not [p for p in after.values() if p.presence_id == linkedin.id]
    # Its future generated posts went; its past ones stay, without the presence and rule that made them.
    future_japan = {i for i, p in after.items() if p.market_id == linkedin.market_id and p.instant >= NOW}
    assert future_japan == {founder_posts["hand_made_future"].id, founder_posts["edited_future"].id}
    assert past(after) == {i: dataclasses.replace(p, presence_id=None, rule_id=None)
                           if p.presence_id == linkedin.id else p for i, p in past(before).items()}
    assert service.plan().markets == plan.markets  # the market stays


def test_removing_a_market_takes_its_posts_and_the_count_says_how_many_were_the_founders(service, plan):
    japan, germany = plan.markets
    counts = service.hand_posts_by_market()
    assert counts == {japan.id: 4, germany.id: 2}  # edited or hand-made, past and future
    reduced = dataclasses.replace(plan, markets=(japan,), presences=plan.presences[:1],
                                  cadence_rules=plan.cadence_rules[:1])
    changes = service.apply_decisions(reduced, NOW)
    assert changes.decisions and changes.posts
    after = stored_posts(service)
    assert {p.market_id for p in after.values()} == {japan.id}
    assert service.hand_posts_by_market() == {japan.id: 4}


def test_a_changed_presence_platform_reaches_only_future_unedited_posts(service, plan, founder_posts):
    before = stored_posts(service)
    threads = dataclasses.replace(plan.presences[1], platform="threads")
    service.apply_decisions(dataclasses.replace(plan, presences=(plan.presences[0], threads)), NOW)
    after = stored_posts(service)
    assert set(after) == set(before)
    for post_id, post in after.items():
        if post.presence_id == threads.id and post.instant >= NOW and post.rule_id and not post.edited:
            assert post == dataclasses.replace(before[post_id], platform="threads")
        else:
            assert post == before[post_id]
    assert after[founder_posts["edited_future_de"].id].platform == "instagram"


def test_an_edited_post_is_not_doubled_when_its_occurrence_is_generated_again(tmp_path, plan):
    generated = posts_for(plan)
    target = next(p for p in generated if p.instant >= NOW)
    # An edit stored under an id no rule makes any more (ids were random before they were stable).
    edited = dataclasses.replace(target, id="legacy-id", title="Edited", edited=True)
    path = tmp_path / "legacy.smplan"
    PlanFile.create(path, plan, [p for p in generated if p.id != target.id] + [edited])
    with PlanFile.open(path) as plan_file:
        service = PlanningService(plan_file)
        service.apply_decisions(plan, NOW)
        same_day = [p for p in stored_posts(service).values()
                    if p.rule_id == target.rule_id and p.local.date() == target.local.date()]
    assert [p.id for p in same_day] == ["legacy-id"]


def test_new_generated_posts_start_now_in_each_market(service, plan):
    germany_rule = plan.cadence_rules[1]
    twice = with_rule(plan, 1, times=(time(12, 0), time(18, 0)))
    service.apply_decisions(twice, NOW)
    evenings = [p for p in stored_posts(service).values() if p.rule_id == germany_rule.id and p.local.hour == 18]
    assert evenings and min(p.instant for p in evenings) >= NOW
    # NOW is Tuesday 2027-06-01 08:00 UTC: the first evening post is Monday 7 June, in Berlin time.
    assert min(p.local for p in evenings) == datetime(2027, 6, 7, 18, 0)


def test_own_platforms_round_trip_through_the_file(service, plan, plan_path):
    mastodon = founder_platform("mastodon", "Mastodon", ChannelType.FEED, date(2027, 5, 1), days=(1,),
                                windows=((time(9, 0), time(11, 0)),), countries=("DE",))
    changes = service.apply_decisions(dataclasses.replace(plan, own_platforms=(mastodon,)), NOW)
    assert changes.decisions and not changes.posts
    service.plan_file.close()
    with open_plan(plan_path, read_only=True) as plan_file:
        assert plan_file.reader.load_plan().own_platforms == (mastodon,)
        assert plan_file.reader.load_plan().catalogue().name("mastodon") == "Mastodon"


def test_an_example_plan_takes_a_new_cadence(tmp_path, today):
    path = tmp_path / "example.smplan"
    plan, _ = create_from_example(path, "consultancy", today)
    now = datetime.combine(plan.strategy.period_start + timedelta(days=100), time(0, 0), tzinfo=UTC)
    with PlanFile.open(path) as plan_file:
        service = PlanningService(plan_file)
        before = stored_posts(service)
        changed = with_rule(plan, 0, times=(time(7, 45),))
        changes = service.apply_decisions(changed, now)
        after = stored_posts(service)
        assert service.apply_decisions(changed, now) == Changes()
    assert changes.posts and changes.posts_added == changes.posts_removed > 0
    assert {i: p for i, p in after.items() if p.instant < now} == {i: p for i, p in before.items() if p.instant < now}


# -- all or nothing ------------------------------------------------------------------------------------------


sha256 = stored_digest


def test_a_plan_that_cannot_be_stored_changes_nothing(plan_path, plan):
    with open_plan(plan_path) as plan_file:
        service = PlanningService(plan_file)
        before = content(service)
    file_before = sha256(plan_path)
    # Everything else would change (firm, a cadence, a market gone), but one presence names a market that is not there.
    broken = with_rule(plan, 0, weekdays=(4,))
    broken = dataclasses.replace(broken, firm=dataclasses.replace(plan.firm, name="Never"), markets=plan.markets[:1],
                                 presences=(plan.presences[0], Presence("no-such-market", "x")),
                                 cadence_rules=broken.cadence_rules[:1])
    with open_plan(plan_path) as plan_file:
        service = PlanningService(plan_file)
        with pytest.raises((IntegrityError, EditConflict)):
            service.apply_decisions(broken, NOW)
        assert content(service) == before
    assert sha256(plan_path) == file_before


def test_a_failure_after_posts_were_removed_changes_nothing(plan_file_path, plan):
    plan_path = plan_file_path
    # A real failure of the file after the old posts are deleted: SQLite refuses every new post.
    connection = sqlite3.connect(plan_path)
    connection.execute("CREATE TRIGGER refuse BEFORE INSERT ON post BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    connection.commit()
    connection.close()
    with PlanFile.open(plan_path) as plan_file:
        before = content(PlanningService(plan_file))
    file_before = sha256(plan_path)

    with PlanFile.open(plan_path) as plan_file:
        service = PlanningService(plan_file)
        with pytest.raises(IntegrityError, match="disk full"):
            service.apply_decisions(with_rule(plan, 0, weekdays=(4,)), NOW)
        assert content(service) == before
    assert sha256(plan_path) == file_before


def test_now_must_be_an_aware_instant(service, plan):
    with pytest.raises(ValueError, match="aware"):
        service.apply_decisions(plan, datetime(2027, 6, 1))
