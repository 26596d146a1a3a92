"""The daily loop through the planning service, on real plan files: what is due, marking published and skipped,
undoing it, the log, and refusals that leave the plan exactly as it was."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from plan_factories import small_plan, stored_digest

from smplanner.domain.plan import (
    CadenceRule,
    Market,
    Plan,
    PostError,
    PostStatus,
    PostVersion,
    Presence,
    VersionStatus,
)
from smplanner.domain.workload import FindingKind
from smplanner.services.planning import PlanningService
from smplanner.services.planning import posts_for
from smplanner.storage.opening import open_plan
from smplanner.storage.plan_file import PlanFile

NOW = datetime(2027, 1, 12, 8, 0, tzinfo=UTC)  # Tuesday 09:00 in Brussels, 17:00 in Tokyo


def bilingual_plan() -> Plan:
    plan = small_plan()
    japan = dataclasses.replace(plan.markets[0], languages=("ja", "en"))
    return dataclasses.replace(plan, markets=(japan,))


@pytest.fixture
def service(plan_store):
    plan = bilingual_plan()
    service = PlanningService(plan_store.open(plan_store.create(plan, posts_for(plan))))
    yield service
    service.close()


digest = stored_digest


def test_due_posts_come_with_their_versions(service: PlanningService) -> None:
    due = service.due_posts(NOW, days=3)
    # Jan 5 and 7 are overdue; Jan 12 (today, 01:00 in Brussels) is overdue too; Jan 14 is within three days.
    assert [(d.post.local.date().isoformat(), d.overdue) for d in due] == [
        ("2027-01-05", True), ("2027-01-07", True), ("2027-01-12", True), ("2027-01-14", False)]
    assert due[-1].post.languages == ("ja", "en")
    assert [d.day.isoformat() for d in due] == ["2027-01-05", "2027-01-07", "2027-01-12", "2027-01-14"]


def test_marking_published_is_stored_and_undone_exactly(service: PlanningService) -> None:
    (first, *_rest) = service.due_posts(NOW)
    at = datetime(2027, 1, 5, 9, 4, 30, 123, tzinfo=first.post.instant.tzinfo)
    changes, before = service.mark_published(first.post.id, at, NOW, " https://www.linkedin.com/posts/x-1 ")
    assert before == first.post
    (change,) = changes.post_changes
    assert changes.only_posts and change.before == first.post and change.after == service.post(first.post.id)
    service.plan_file.close()
    service.plan_file = open_plan(service.path)
    stored = service.post(first.post.id)
    assert stored.status is PostStatus.PUBLISHED and stored.edited  # the founder's record: regeneration keeps it
    assert stored.published_at == datetime(2027, 1, 5, 9, 4, 30, tzinfo=UTC)
    assert stored.published_url == "https://www.linkedin.com/posts/x-1"
    assert stored.versions == first.post.versions
    service.restore_post(before, over=change.after)
    assert service.post(first.post.id) == first.post
    assert service.publishing_log(NOW).presences[0].published == 0


def test_skipping_needs_a_reason_and_is_undone_exactly(service: PlanningService) -> None:
    (first, *_rest) = service.due_posts(NOW)
    with pytest.raises(PostError, match="Say why"):
        service.skip_post(first.post.id, "   ")
    changes, before = service.skip_post(first.post.id, "Bank holiday in our office")
    assert [(c.before, c.after.status) for c in changes.post_changes] == [(first.post, PostStatus.SKIPPED)]
    assert service.post(first.post.id).skip_reason == "Bank holiday in our office"
    assert [d.post.id for d in service.due_posts(NOW) if d.overdue][0] != first.post.id
    service.restore_post(before, over=changes.post_changes[0].after)
    assert service.post(first.post.id) == first.post


@pytest.mark.parametrize(("post_id", "at", "url", "message"), [
    ("no-such-post", NOW, "", "No post \u201cno-such-post\u201d in this plan."),
    (None, NOW + timedelta(minutes=1), "", "in the future"),
    (None, datetime(2027, 1, 3, 12, 0, tzinfo=UTC), "", "before the plan starts"),
    (None, NOW, "www.example.com", "not a web address"),
])
def test_refusals_leave_the_plan_exactly_as_it_was(service: PlanningService, post_id, at, url, message) -> None:
    post = service.due_posts(NOW)[0].post
    service.plan_file.close()
    before = digest(service.path)
    service.plan_file = open_plan(service.path)
    with pytest.raises(PostError, match=message):
        service.mark_published(post_id or post.id, at, NOW, url)
    assert service.post(post.id) == post
    service.plan_file.close()
    assert digest(service.path) == before
    service.plan_file = open_plan(service.path)


def test_a_ready_version_without_text_is_refused_before_anything_is_stored(service: PlanningService) -> None:
    post = service.due_posts(NOW)[0].post
    with pytest.raises(PostError, match="en version is marked ready but has no text"):
        service.update_post(dataclasses.replace(post, versions=(post.versions[0], PostVersion(
            "en", "", VersionStatus.READY))))
    assert service.post(post.id) == post


def test_the_workload_findings_use_the_log(service: PlanningService) -> None:
    due = service.due_posts(NOW)
    service.mark_published(due[0].post.id, datetime(2027, 1, 5, 0, 3, tzinfo=UTC), NOW)
    now = datetime(2027, 2, 1, 8, 0, tzinfo=UTC)
    _report, found = service.workload(now=now)
    kinds = [f.kind for f in found]
    assert FindingKind.SILENT_PRESENCE in kinds and FindingKind.OVERDUE_POSTS in kinds
    silent = next(f for f in found if f.kind is FindingKind.SILENT_PRESENCE)
    assert "has been silent for 27 days" in silent.text
    record = service.publishing_log(now).presences[0]
    assert record.days_silent == 27 and record.published == 1 and record.overdue == 7


def test_the_content_mix_of_the_plan(service: PlanningService) -> None:
    (mix,) = service.content_mix()
    assert mix.posts == service.plan_file.reader.count_posts()
    assert [s.share for s in mix.shares] == [1.0]  # small_plan's one content type, named by its rule


def test_posts_of_a_market_entered_later_are_not_overdue_before_it(tmp_path: Path) -> None:
    plan = bilingual_plan()
    later = Market("DE", "Europe/Berlin", languages=("de",), entry_date=date(2027, 6, 1))
    xing = Presence(later.id, "xing")
    rule = CadenceRule(xing.id, (2,), (time(10, 0),), language="de")
    plan = dataclasses.replace(plan, markets=(*plan.markets, later), presences=(*plan.presences, xing),
                               cadence_rules=(*plan.cadence_rules, rule))
    path = tmp_path / "later.smplan"
    PlanFile.create(path, plan, posts_for(plan))
    with PlanFile.open(path, read_only=True) as plan_file:
        log = PlanningService(plan_file).publishing_log(datetime.combine(date(2027, 1, 20), time(12), tzinfo=UTC))
    assert [(r.days_silent, r.planned, r.overdue) for r in log.presences] == [(16, 5, 5), (None, 0, 0)]


def test_a_post_is_overdue_once_its_moment_has_passed_in_today_and_in_the_log_alike(service: PlanningService) -> None:
    # The Today list, the overdue count and the publishing log (workload) share one rule: strictly after the moment.
    post = service.due_posts(NOW)[0].post
    for now, overdue in ((post.instant, False), (post.instant + timedelta(seconds=1), True)):
        listed = {due.post.id for due in service.due_posts(now, days=1) if due.overdue}
        assert (post.id in listed) is overdue
        assert service.count_overdue(now) == len(listed) == service.publishing_log(now).overdue
