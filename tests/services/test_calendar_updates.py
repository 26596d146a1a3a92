"""Calendar files that stay right after the first import: export, change a rule, export again to the same file, and
read both with icalendar (and the re-export with libical and ical.js): unchanged slots keep their UID and SEQUENCE,
moved slots' old events come back cancelled with a higher SEQUENCE, an edit raises SEQUENCE and LAST-MODIFIED, a
deletion is cancelled and an undo brings the post back newer still; nothing changed gives the same bytes; a live
file holds only what is current."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from independent_parsers import libical_reader, read_with_icaljs, read_with_libical
from plan_factories import small_plan

from smplanner.domain.calendar_filter import CalendarFilter
from smplanner.domain.plan import CadenceRule, Market, Plan, Presence, PostStatus
from smplanner.services.ics_export import IcsOptions
from smplanner.services.planning import PlanningService
from smplanner.services.planning import posts_for
from smplanner.storage.plan_file import PlanFile

FIRST = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
LATER = FIRST + timedelta(days=2)


def two_market_plan() -> Plan:
    plan = small_plan()
    germany = Market("DE", "Europe/Berlin", languages=("de",), entry_order=2)
    instagram = Presence(germany.id, "instagram", actor_id=plan.actors[0].id)
    rule = CadenceRule(instagram.id, (0,), (time(20, 0),), language="de")
    return dataclasses.replace(plan, markets=(*plan.markets, germany), presences=(*plan.presences, instagram),
                               cadence_rules=(*plan.cadence_rules, rule))


@pytest.fixture
def service(tmp_path: Path):
    plan = two_market_plan()
    path = tmp_path / "plan.smplan"
    PlanFile.create(path, plan, posts_for(plan))
    service = PlanningService(PlanFile.open(path))
    yield service
    service.close()


def events(path: Path) -> dict[str, object]:
    return {str(event["UID"]): event for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def test_a_changed_rule_cancels_its_moved_slots_and_keeps_every_other_uid(service: PlanningService,
                                                                         tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    first = service.export_ics(target, options=IcsOptions(now=FIRST))
    before = events(target)
    assert first.cancelled == 0 and len(before) == first.posts
    plan = service.plan()
    germany_rule = plan.cadence_rules[1]
    moved = dataclasses.replace(germany_rule, times=(time(19, 0),))  # 20:00 -> 19:00, as in the issue
    changes = service.apply_decisions(dataclasses.replace(plan, cadence_rules=(plan.cadence_rules[0], moved)), LATER)
    assert changes.posts_removed > 0
    second = service.export_ics(target, options=IcsOptions(now=LATER + timedelta(hours=1)))
    after = events(target)

    germany = plan.markets[1].id
    stored = {post.id + "@smplanner": post for post in service.posts_between(None, None)}
    cancelled = {uid: event for uid, event in after.items() if str(event["STATUS"]) == "CANCELLED"}
    assert second.cancelled == len(cancelled) == changes.posts_removed
    for uid, event in cancelled.items():
        assert uid not in stored and uid in before
        assert event["SEQUENCE"] == before[uid]["SEQUENCE"] + 1
        assert event.DTSTART.astimezone(UTC) == before[uid].DTSTART.astimezone(UTC)
        assert event.DTSTART.astimezone(UTC) >= LATER  # only future slots moved
    for uid, post in stored.items():
        assert uid in after and str(after[uid]["STATUS"]) != "CANCELLED"
        if post.market_id != germany or post.instant < LATER:  # the slots that did not change
            assert uid in before and after[uid]["SEQUENCE"] == before[uid]["SEQUENCE"]
            assert after[uid].to_ical() == before[uid].to_ical()
        else:
            assert uid not in before and post.local.time() == time(19, 0)
    assert set(before) <= set(after)  # every event the calendar has is either current or cancelled


def test_an_edit_raises_sequence_and_last_modified_and_nothing_changed_is_the_same_bytes(
        service: PlanningService, tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    service.export_ics(target, options=IcsOptions(now=FIRST))
    first_bytes = target.read_bytes()
    service.export_ics(target, options=IcsOptions(now=LATER))
    assert target.read_bytes() == first_bytes  # no change: no new SEQUENCE, no new DTSTAMP
    post = service.posts_between(None, None)[5]
    uid = post.id + "@smplanner"
    old = events(target)[uid]
    service.update_post(dataclasses.replace(post, title="Renamed", status=PostStatus.READY))
    service.export_ics(target, options=IcsOptions(now=LATER))
    new = events(target)[uid]
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1 == service.post(post.id).revision
    assert new["LAST-MODIFIED"].dt > old["LAST-MODIFIED"].dt and new["DTSTAMP"].dt == new["LAST-MODIFIED"].dt
    assert str(new["SUMMARY"]).endswith("Renamed") and str(new["STATUS"]) == "CONFIRMED"


def test_a_deleted_post_is_cancelled_and_an_undo_brings_it_back_newer(service: PlanningService,
                                                                       tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    service.export_ics(target, options=IcsOptions(now=FIRST))
    post = service.posts_between(None, None)[7]
    uid = post.id + "@smplanner"
    _changes, deleted = service.delete_posts([post.id])
    removed = service.export_ics(target, options=IcsOptions(now=LATER))
    assert removed.cancelled == 1
    cancelled = events(target)[uid]
    assert str(cancelled["STATUS"]) == "CANCELLED" and cancelled["SEQUENCE"] == 1
    again = service.export_ics(target, options=IcsOptions(now=LATER + timedelta(hours=1)))
    assert again.cancelled == 0 and uid not in events(target)  # cancelled once, not in every later file
    service.add_posts(deleted)  # the undo
    service.export_ics(target, options=IcsOptions(now=LATER + timedelta(hours=2)))
    back = events(target)[uid]
    assert str(back["STATUS"]) != "CANCELLED" and back["SEQUENCE"] == 2


def test_a_moving_date_range_does_not_cancel_the_past(service: PlanningService, tmp_path: Path) -> None:
    target = tmp_path / "from-today.ics"
    service.export_ics(target, first=date(2027, 3, 1), options=IcsOptions(now=FIRST))
    later = service.export_ics(target, first=date(2027, 4, 1), options=IcsOptions(now=LATER))
    assert later.cancelled == 0


def test_a_narrower_filter_cancels_what_the_file_no_longer_holds(service: PlanningService, tmp_path: Path) -> None:
    target = tmp_path / "partner.ics"
    everything = service.export_ics(target, options=IcsOptions(now=FIRST))
    japan = service.plan().markets[0].id
    only_japan = service.export_ics(target, CalendarFilter(markets=frozenset({japan})), options=IcsOptions(now=LATER))
    assert only_japan.cancelled == everything.posts - only_japan.posts > 0


def test_independent_parsers_read_the_re_export(service: PlanningService, tmp_path: Path,
                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    target = tmp_path / "calendar.ics"
    service.export_ics(target, options=IcsOptions(now=FIRST, reminder_minutes=20))
    post = service.posts_between(None, None)[3]
    service.delete_posts([post.id])
    service.export_ics(target, options=IcsOptions(now=LATER, reminder_minutes=20))
    program = libical_reader(tmp_path_factory.mktemp("libical"))
    libical, icaljs = read_with_libical(program, target), read_with_icaljs(target)
    assert libical.restrictions_pass and libical.problems == ()
    for read in (libical, icaljs):
        gone = read.events[post.id + "@smplanner"]
        assert (gone.status, gone.sequence, gone.alarms) == ("CANCELLED", 1, 0)
        assert all(event.alarms == 1 for uid, event in read.events.items() if event.status != "CANCELLED")


def test_a_live_file_holds_only_what_is_current(service: PlanningService, tmp_path: Path) -> None:
    target = tmp_path / "synced" / "live.ics"
    target.parent.mkdir()
    service.keep_calendar(target, CalendarFilter(), IcsOptions(now=FIRST, reminder_minutes=10))
    live = service.live_calendar()
    assert live is not None and live.path == str(target) and live.settings["reminder_minutes"] == 10
    post = service.posts_between(None, None)[2]
    service.delete_posts([post.id])
    written = service.write_live_calendar(LATER)
    assert written is not None and written.cancelled == 0
    found = events(target)
    assert post.id + "@smplanner" not in found and len(found) == written.posts
    assert all(len(event.walk("VALARM")) == 1 for event in found.values())
    service.stop_live_calendar()
    assert service.live_calendar() is None and service.write_live_calendar(LATER) is None


def test_a_plan_opened_read_only_exports_without_remembering(service: PlanningService, tmp_path: Path) -> None:
    path = service.path
    service.close()
    with PlanFile.open(path, read_only=True) as plan_file:
        written = PlanningService(plan_file).export_ics(tmp_path / "x.ics", options=IcsOptions(now=FIRST))
        assert not written.remembered and plan_file.reader.calendar_targets() == []
