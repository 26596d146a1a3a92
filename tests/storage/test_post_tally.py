"""The workload's counts of the posts: storage's aggregate queries count exactly what counting the posts in Python
counts (on the examples and on drawn plans), and an edit's recount of its weeks equals counting everything again."""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_factories import example_service
from test_plan_reader import stored_plans, write_plan

from smplanner.domain.plan import Post, PostStatus
from smplanner.domain.post_tally import PostTally, tally_posts
from smplanner.domain.publishing import published, skipped
from smplanner.services.planning import PlanningService
from smplanner.storage.plan_file import PlanFile


def counted_in_python(service: PlanningService, tally: PostTally) -> PostTally:
    posts = service.plan_file.reader.posts()
    return tally_posts(posts, tally.first, tally.last, tally.now, tally.bucket_days)


def assert_same_tally(expected: PostTally, actual: PostTally) -> None:
    for name in ("first", "last", "now", "bucket_days", "weekly", "planned", "coming", "log", "published"):
        assert getattr(actual, name) == getattr(expected, name), name
    assert actual.markets == expected.markets


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(stored_plans(), st.datetimes(datetime(2026, 1, 1), datetime(2031, 12, 31), timezones=st.just(UTC)))
def test_storage_counts_what_python_counts_on_any_plan(stored, now) -> None:
    plan, posts, overrides, events = stored
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "drawn.smplan"
        write_plan(path, plan, posts, overrides, events)
        with PlanFile.open(path, read_only=True) as plan_file:
            service = PlanningService(plan_file)
            tally = service.post_tally(now=now)
            assert_same_tally(counted_in_python(service, tally), tally)
            assert tally.bucket_days == (7 if plan.strategy.silence_threshold_days > 4 else 1)


@pytest.fixture
def service(tmp_path: Path):
    with example_service(tmp_path, "confectioner", date(2026, 12, 21)) as opened:
        yield opened


NOW = datetime(2027, 2, 10, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("threshold", [14, 3])
def test_an_edit_recounts_its_weeks_as_counting_everything_again_would(service: PlanningService, threshold) -> None:
    plan = service.plan()
    service.apply_decisions(dataclasses.replace(plan, strategy=dataclasses.replace(
        plan.strategy, silence_threshold_days=threshold)), datetime(2026, 12, 21, tzinfo=UTC))
    tally = service.post_tally(now=NOW)
    assert_same_tally(counted_in_python(service, tally), tally)
    posts = service.posts_between(datetime(2027, 2, 1, tzinfo=UTC), datetime(2027, 2, 20, tzinfo=UTC))
    first, second, third, fourth = posts[0], posts[5], posts[9], posts[14]
    japan = next(market for market in plan.markets if market.country == "JP")
    edits = [
        lambda: service.move_post(first.id, first.local + timedelta(days=9, hours=3)),  # to another week
        lambda: service.restore_post(published(second, NOW - timedelta(days=2))),
        lambda: service.restore_post(skipped(third, "Trade fair")),
        lambda: service.delete_posts([fourth.id])[0],
        lambda: service.add_post(Post(japan.id, "x", datetime(2027, 2, 3, 21, 0), japan.zone, title="By hand")),
        lambda: service.update_post(dataclasses.replace(service.post(second.id), status=PostStatus.READY,
                                                        published_at=None, published_url="")),
    ]
    for edit in edits:
        changes = edit()
        tally = service.recount(tally, changes)
        assert_same_tally(service.post_tally(now=NOW), tally)
