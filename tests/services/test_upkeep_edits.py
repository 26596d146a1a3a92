"""The Workload tab's upkeep kept between edits (each market's share worked out once per market tally, see
`domain/upkeep.py`) is the upkeep worked out from scratch, field by field, after any edits and their undos, on a
plan file and on a server plan."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smplanner.domain.content_mix import content_mix_of
from smplanner.domain.plan import PostStatus
from smplanner.domain.post_tally import tally_posts
from smplanner.domain.publishing import publishing_log, published, skipped
from smplanner.domain.upkeep import Upkeep, UpkeepCache
from smplanner.domain.workload import analyse, findings
from smplanner.services.plan_files import example_plan
from smplanner.services.planning import PlanningService

NOW = datetime(2027, 2, 10, 9, 30, tzinfo=UTC)

EDITS = ("move", "publish", "skip", "reopen", "retitle", "delete")


def assert_same_upkeep(expected: Upkeep, actual: Upkeep) -> None:
    for name in ("weeks", "capacity_minutes_by_actor", "needed_hours_by_actor", "total_needed_hours",
                 "total_capacity_hours", "over_weeks", "budget_needed_month", "budget_allocated_month", "currency",
                 "first", "last", "over_weeks_by_actor"):
        assert getattr(actual.report, name) == getattr(expected.report, name), name
    assert actual.findings == expected.findings
    assert actual.log.now == expected.log.now
    for expected_record, record in zip(expected.log.presences, actual.log.presences, strict=True):
        assert record == expected_record, record.presence_id
    assert actual.mix == expected.mix


def fresh(service: PlanningService) -> Upkeep:
    """The upkeep of the stored posts counted again by storage, worked out with nothing kept."""
    return UpkeepCache().upkeep(service.plan(), service.workload_settings(), service.post_tally(now=NOW))


def from_scratch(service: PlanningService) -> Upkeep:
    """The upkeep of the stored posts counted in Python, by the domain's functions alone."""
    plan = service.plan()
    settings_ = service.workload_settings()
    tally = tally_posts(service.plan_file.reader.posts(), plan.strategy.period_start, plan.strategy.period_end, NOW,
                        7 if plan.strategy.silence_threshold_days > 4 else 1)
    report = analyse(plan, tally, settings_)
    log = publishing_log(plan, tally)
    return Upkeep(report, findings(plan, tally, report, settings_, log), log, content_mix_of(plan, tally.mix()))


def edit(service: PlanningService, kind: str, post_id: str):
    """One edit of a post as the app makes it; returns its changes and the post as it was (to undo it)."""
    post = service.post(post_id)
    assert post is not None
    if kind == "move":
        return service.move_post(post.id, post.local + timedelta(days=9, hours=3)), post
    if kind == "publish":
        return service.restore_post(published(post, NOW - timedelta(days=3))), post
    if kind == "skip":
        return service.restore_post(skipped(post, "Trade fair")), post
    if kind == "reopen":
        return service.restore_post(dataclasses.replace(post, status=PostStatus.READY, published_at=None,
                                                        published_url="", skip_reason="")), post
    if kind == "retitle":
        return service.restore_post(dataclasses.replace(post, title=post.title + " (edited)")), post
    return service.delete_posts([post.id])[0], post


@pytest.mark.parametrize("threshold", [14, 3])
@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 10_000), st.booleans()), min_size=1, max_size=6))
def test_the_upkeep_kept_between_edits_is_the_upkeep_from_scratch(plan_store, threshold, edits) -> None:
    plan, posts = example_plan("confectioner", date(2026, 12, 21))
    plan = dataclasses.replace(plan, strategy=dataclasses.replace(plan.strategy, silence_threshold_days=threshold))
    name = "plan_" + uuid.uuid4().hex[:8]  # a plan of its own for each example
    with PlanningService(plan_store.open(plan_store.create(plan, posts, name=name))) as service:
        tally = service.post_tally(now=NOW)
        service.upkeep_of(tally)  # each market's share worked out, then kept
        around = service.posts_between(datetime(2027, 1, 25, tzinfo=UTC), datetime(2027, 2, 25, tzinfo=UTC))
        for kind, pick, undo in edits:
            post_id = around[pick % len(around)].id
            if service.post(post_id) is None:
                continue
            changes, before = edit(service, kind, post_id)
            tally = service.recount(tally, changes)
            assert_same_upkeep(fresh(service), service.upkeep_of(tally))
            if undo:
                now_stored = service.post(post_id)
                changes = (service.add_posts([before]) if now_stored is None
                           else service.restore_posts([before], [now_stored]))
                tally = service.recount(tally, changes)
                assert_same_upkeep(fresh(service), service.upkeep_of(tally))
        assert_same_upkeep(from_scratch(service), service.upkeep_of(tally))
        kept = service.upkeep_of(tally)
    with PlanningService(plan_store.open(service.path, read_only=True)) as reopened:
        assert_same_upkeep(reopened.upkeep(now=NOW), kept)
