"""The founder's edits of single posts, on real plan files: add, edit, move, delete, and what the views read."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest
from plan_factories import small_plan

from smplanner.domain.calendar_filter import CalendarFilter
from smplanner.domain.plan import CadenceRule, Market, Plan, Post, PostStatus, PostVersion, Presence, VersionStatus
from smplanner.domain.post_warnings import PostWarning, WarningContext, warnings_for
from smplanner.domain.shared_edits import on_version
from smplanner.services.changes import Changes, PostChange
from smplanner.services.planning import PlanningService, posts_for
from smplanner.storage.errors import EditConflict
from smplanner.storage.opening import open_plan


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
def service(plan_store, plan: Plan):
    """The plan open for work, as a plan file and as a server plan."""
    service = PlanningService(plan_store.open(plan_store.create(plan, posts_for(plan))))
    yield service
    service.close()


def stored(service: PlanningService) -> dict[str, Post]:
    return {p.id: p for p in service.plan_file.repository.posts()}


def generated(service: PlanningService, market: Market) -> Post:
    return next(p for p in service.plan_file.repository.posts() if p.market_id == market.id and p.rule_id)


def reopened(service: PlanningService) -> dict[str, Post]:
    """The posts as the plan holds them once closed and opened again: what was committed."""
    service.plan_file.close()
    service.plan_file = open_plan(service.path)
    return stored(service)


# -- adding ----------------------------------------------------------------------------------------------------


def test_adding_a_post_commits_it(service: PlanningService, plan: Plan) -> None:
    japan = plan.markets[0]
    post = Post(japan.id, "x", datetime(2027, 3, 2, 20, 0), japan.zone, title="新製品 launch",
                versions=(PostVersion("ja", "🎉"), PostVersion("en", "", VersionStatus.TO_TRANSLATE)),
                status=PostStatus.DRAFT)
    before = stored(service)
    changes = service.add_post(post)
    assert changes == Changes(post_changes=(PostChange(None, post),)) and changes.only_posts
    after = reopened(service)
    assert after[post.id] == post
    assert set(after) - set(before) == {post.id}


def test_a_new_post_in_a_spring_forward_gap_moves_to_the_first_valid_time(service: PlanningService, plan: Plan) -> None:
    germany = plan.markets[1]
    post = Post(germany.id, "instagram", datetime(2027, 3, 28, 2, 30), germany.zone, fold=1)
    service.add_post(post)
    assert service.post(post.id).local == datetime(2027, 3, 28, 3, 30)
    assert service.post(post.id).fold == 0


# -- editing ---------------------------------------------------------------------------------------------------


def test_editing_a_generated_post_marks_it_edited(service: PlanningService, plan: Plan) -> None:
    post = generated(service, plan.markets[0])
    assert not post.edited
    edited = dataclasses.replace(post, title="Kyoto fair", status=PostStatus.READY,
                                 versions=(PostVersion("ja", "Booth 12", VersionStatus.READY),))
    changes = service.update_post(edited)
    assert changes == Changes(post_changes=(PostChange(post, dataclasses.replace(edited, edited=True)),))
    assert reopened(service)[post.id] == dataclasses.replace(edited, edited=True)


def test_editing_a_hand_made_post_does_not_mark_it(service: PlanningService, plan: Plan) -> None:
    japan = plan.markets[0]
    post = Post(japan.id, "linkedin", datetime(2027, 5, 6, 10, 0), japan.zone, title="By hand")
    service.add_post(post)
    service.update_post(dataclasses.replace(post, title="By hand, again"))
    assert reopened(service)[post.id] == dataclasses.replace(post, title="By hand, again", edited=False)


def test_an_edit_that_changes_nothing_changes_nothing(service: PlanningService, plan: Plan) -> None:
    post = generated(service, plan.markets[0])
    assert service.update_post(post) == Changes()
    assert not service.post(post.id).edited


def test_editing_a_post_that_is_gone_fails(service: PlanningService, plan: Plan) -> None:
    japan = plan.markets[0]
    with pytest.raises(LookupError):
        service.update_post(Post(japan.id, "x", datetime(2027, 3, 2, 20, 0), japan.zone))


def test_restoring_a_post_stores_it_exactly(service: PlanningService, plan: Plan) -> None:
    post = generated(service, plan.markets[0])
    changed = service.update_post(dataclasses.replace(post, title="Changed")).post_changes[0].after
    assert changed.revision == post.revision + 1
    # Undoing stores the post as it was over the post as the edit left it (so it never undoes someone else's change).
    assert service.restore_post(post, over=changed) == Changes(post_changes=(PostChange(changed, post),))
    assert reopened(service)[post.id] == post  # edited flag back to False too
    assert reopened(service)[post.id].revision == changed.revision + 1


def test_an_edit_made_on_an_older_version_is_refused_and_stores_nothing(service: PlanningService, plan: Plan) -> None:
    post = generated(service, plan.markets[0])
    service.update_post(dataclasses.replace(post, title="First"))
    with pytest.raises(EditConflict) as refused:
        service.update_post(dataclasses.replace(post, title="Second, made on what the first one changed"))
    assert refused.value.table == "post" and refused.value.row_ids == (post.id,)
    with pytest.raises(EditConflict):
        service.restore_post(post)
    with pytest.raises(EditConflict):  # undoing an edit never undoes someone else's later change
        service.restore_post(post, over=on_version(post, post.revision))
    with pytest.raises(EditConflict):
        service.plan_file.repository.delete_posts([post])
    assert reopened(service)[post.id].title == "First"


# -- moving ----------------------------------------------------------------------------------------------------


def test_moving_a_post_changes_its_local_time_and_instant(service: PlanningService, plan: Plan) -> None:
    post = generated(service, plan.markets[0])
    new_local = datetime.combine(post.local.date(), time(15, 15))
    changes = service.move_post(post.id, new_local)
    moved = reopened(service)[post.id]
    assert changes == Changes(post_changes=(PostChange(post, moved),))
    assert changes.post_changes[0].days == {post.local.date()} and post.local.date() == moved.local.date()
    assert moved.local == new_local and moved.zone == "Asia/Tokyo" and moved.edited
    assert moved.instant == datetime.combine(post.local.date(), time(6, 15), tzinfo=UTC)
    assert service.posts_between(datetime(2027, 1, 1, tzinfo=UTC), None)[0].instant <= moved.instant


def test_moving_into_a_gap_lands_after_it_and_an_overlap_keeps_the_fold(service: PlanningService, plan: Plan) -> None:
    post = generated(service, plan.markets[1])
    service.move_post(post.id, datetime(2027, 3, 28, 2, 15))
    assert service.post(post.id).local == datetime(2027, 3, 28, 3, 15)
    service.move_post(post.id, datetime(2027, 10, 31, 2, 30), fold=1)
    second = service.post(post.id)
    assert (second.local, second.fold) == (datetime(2027, 10, 31, 2, 30), 1)
    assert second.instant == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # the second 02:30, in CET
    service.move_post(post.id, datetime(2027, 11, 2, 9, 0), fold=1)
    assert service.post(post.id).fold == 0  # a fold only where the hour repeats


def test_moving_needs_a_naive_wall_clock_time(service: PlanningService, plan: Plan) -> None:
    post = generated(service, plan.markets[0])
    with pytest.raises(ValueError):
        service.move_post(post.id, datetime(2027, 3, 2, 9, 0, tzinfo=UTC))


# -- deleting --------------------------------------------------------------------------------------------------


def test_deleting_returns_the_posts_and_adding_them_back_restores_the_plan(service: PlanningService) -> None:
    before = stored(service)
    doomed = list(before)[3:8] + ["not-a-post"]
    changes, deleted = service.delete_posts(doomed)
    assert changes == Changes(post_changes=tuple(PostChange(post, None) for post in deleted))
    assert {p.id for p in deleted} == set(doomed[:-1])
    assert set(reopened(service)) == set(before) - set(doomed)
    assert service.add_posts(deleted) == Changes(post_changes=tuple(PostChange(None, post) for post in deleted))
    assert reopened(service) == before


def test_deleting_more_posts_than_one_statement_binds(
    service: PlanningService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smplanner.storage import repository

    before, decisions = stored(service), service.plan()
    assert len(before) > 100
    monkeypatch.setattr(repository, "DELETE_CHUNK", 10)  # the path of tens of thousands, with this small plan
    changes, deleted = service.delete_posts(list(before))
    assert len(changes.post_changes) == len(deleted) == len(before)
    assert reopened(service) == {}
    assert service.plan() == decisions
    service.add_posts(deleted)
    assert reopened(service) == before


def test_deleting_nothing_changes_nothing(service: PlanningService) -> None:
    assert service.delete_posts([]) == (Changes(), [])
    assert service.delete_posts(["gone"]) == (Changes(), [])


# -- reading for the views -------------------------------------------------------------------------------------


def test_posts_between_takes_aware_or_naive_utc_bounds(service: PlanningService) -> None:
    start, end = datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC)
    aware = service.posts_between(start, end)
    naive = service.posts_between(start.replace(tzinfo=None), end.replace(tzinfo=None))
    assert aware == naive and aware
    assert all(start <= p.instant < end for p in aware)
    assert [p.instant for p in aware] == sorted(p.instant for p in aware)
    assert len(service.posts_between(None, None)) == len(stored(service))


def test_the_filter_keeps_markets_platforms_and_statuses(service: PlanningService, plan: Plan) -> None:
    japan, germany = plan.markets
    every = service.posts_between(None, None)
    only_japan = service.posts_between(None, None, CalendarFilter(markets=frozenset({japan.id})))
    assert only_japan and {p.market_id for p in only_japan} == {japan.id}
    assert len(only_japan) == sum(p.market_id == japan.id for p in every)
    instagram = service.posts_between(None, None, CalendarFilter(platforms=frozenset({"instagram"})))
    assert {p.market_id for p in instagram} == {germany.id}
    post = every[0]
    service.update_post(dataclasses.replace(post, status=PostStatus.PUBLISHED, published_at=post.instant))
    published = service.posts_between(None, None, CalendarFilter(statuses=frozenset({PostStatus.PUBLISHED})))
    assert [p.id for p in published] == [post.id]
    assert service.posts_between(None, None, CalendarFilter()) == service.posts_between(None, None)


def test_warnings_only_keeps_the_posts_with_warnings(service: PlanningService, plan: Plan) -> None:
    japan = plan.markets[0]
    night = Post(japan.id, "linkedin", datetime(2027, 3, 3, 3, 0), japan.zone, title="3 a.m. in Tokyo")
    service.add_post(night)
    flagged = service.posts_between(None, None, CalendarFilter(warnings_only=True))
    assert night.id in {p.id for p in flagged}
    context = service.warning_context(date(2027, 1, 1), date(2027, 12, 31))
    assert all(warnings_for(p, context) for p in flagged)
    rest = {p.id for p in service.posts_between(None, None)} - {p.id for p in flagged}
    assert all(not warnings_for(service.post(i), context) for i in rest)


def test_the_warning_context_knows_each_markets_holidays(service: PlanningService, plan: Plan) -> None:
    japan, germany = plan.markets
    context = service.warning_context(date(2027, 1, 1), date(2027, 12, 31))
    assert isinstance(context, WarningContext)
    assert date(2027, 1, 1) in context.holidays_of(japan.id)
    assert date(2027, 10, 3) in context.holidays_of(germany.id)  # German Unity Day
    assert all(date(2027, 1, 1) <= d <= date(2027, 12, 31) for d in context.holidays_of(japan.id))
    new_year = Post(japan.id, "linkedin", datetime(2027, 1, 1, 10, 0), japan.zone)
    assert PostWarning.HOLIDAY in warnings_for(new_year, context)


def test_posts_by_id_reads_few_or_many(service: PlanningService, plan: Plan) -> None:
    japan = plan.markets[0]
    service.add_posts([Post(japan.id, "x", datetime(2027, 2, 1, 8, 0) + timedelta(hours=n), japan.zone)
                       for n in range(300)])
    every = sorted(service.posts_between(None, None), key=lambda p: (p.instant, p.id))
    assert len(every) > 400  # the second read below takes the path for many ids
    few = service.posts_by_id([every[5].id, every[2].id, "gone"])
    assert few == [every[2], every[5]]
    assert service.posts_by_id(p.id for p in every) == every
    assert service.posts_by_id([p.id for p in every[::2]] + ["gone"]) == every[::2]


def test_warnings_use_the_founders_holiday_corrections(service: PlanningService, plan: Plan) -> None:
    from smplanner.domain.market_days import HolidayOverride, OverrideAction

    japan = plan.markets[0]
    fair = Post(japan.id, "linkedin", datetime(2027, 6, 15, 10, 0), japan.zone, title="Before the fair")
    service.add_post(fair)
    assert PostWarning.HOLIDAY not in dict(service.posts_with_advice(None, None))[fair].warnings
    service.set_holiday_override(HolidayOverride(japan.id, date(2027, 6, 15), OverrideAction.ADD, "Company day"))
    assert PostWarning.HOLIDAY in dict(service.posts_with_advice(None, None))[fair].warnings
    service.set_holiday_override(HolidayOverride(japan.id, date(2027, 1, 1), OverrideAction.REMOVE))
    context = service.warning_context(date(2027, 1, 1), date(2027, 1, 31))
    assert date(2027, 1, 1) not in context.holidays_of(japan.id)


def test_an_empty_filter_set_means_all_and_warnings_only_needs_some() -> None:
    post = Post("m1", "x", datetime(2027, 3, 2, 9, 0), "Asia/Tokyo", status=PostStatus.DRAFT)
    assert CalendarFilter().matches(post) and CalendarFilter().is_empty
    assert CalendarFilter(markets=frozenset({"m1", "m2"}), platforms=frozenset({"x"}),
                          statuses=frozenset({PostStatus.DRAFT})).matches(post)
    assert not CalendarFilter(markets=frozenset({"m2"})).matches(post)
    assert not CalendarFilter(platforms=frozenset({"line"})).matches(post)
    assert not CalendarFilter(statuses=frozenset({PostStatus.IDEA})).matches(post)
    assert not CalendarFilter(warnings_only=True).matches(post, ())
    assert CalendarFilter(warnings_only=True).matches(post, (PostWarning.FOUNDER_NIGHT,))
