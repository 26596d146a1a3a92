"""What a calendar file remembers of each event: SEQUENCE kept while nothing changes, raised past anything written
before when something does, removed events cancelled once within the export's dates, and posts' revisions raised
only by changes a calendar shows."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from smplanner.domain.calendar_history import CalendarEvent, ExportedEvent, revise, revised
from smplanner.domain.plan import Post, PostStatus, PostVersion

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(days=10)


def event(uid: str, text: str = "A", day: date = date(2027, 3, 5), revision: int = 0,
          modified: datetime | None = EARLIER) -> CalendarEvent:
    starts = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9)
    return CalendarEvent(uid, ("SUMMARY:" + text, "DTSTART:x", "DTEND:y", "UID:" + uid), day, starts,
                         starts + timedelta(minutes=15), text, revision, modified)


def remembered(found: CalendarEvent, sequence: int, cancelled: bool = False) -> ExportedEvent:
    return ExportedEvent(found.uid, sequence, found.fingerprint, found.day, found.starts, found.ends, found.summary,
                         EARLIER, cancelled)


def test_a_first_export_gives_each_event_its_revision_and_last_change() -> None:
    result = revise([event("a", revision=2), event("b", modified=None)], {}, NOW)
    assert [(e.event.uid, e.sequence, e.stamp) for e in result.events] == [("a", 2, EARLIER), ("b", 0, NOW)]
    assert result.cancelled == () and len(result.remembered) == 2


def test_an_unchanged_event_keeps_its_sequence_and_stamp_and_is_not_written_to_memory_again() -> None:
    same = event("a")
    result = revise([same], {"a": remembered(same, 3)}, NOW)
    assert [(e.sequence, e.stamp) for e in result.events] == [(3, EARLIER)]
    assert result.remembered == ()


def test_a_changed_event_goes_past_what_the_file_had_even_without_a_new_revision() -> None:
    before = event("a", "Old title")
    result = revise([event("a", "Renamed content type", revision=1)], {"a": remembered(before, 5)}, NOW)
    (stamped,) = result.events
    assert stamped.sequence == 6 and stamped.stamp == NOW  # the post's own change is older than the file's copy
    assert result.remembered[0].sequence == 6


def test_removed_events_are_cancelled_once_and_only_within_the_export_s_dates() -> None:
    kept, gone, gone_before_window, old_cancelled = (
        event("kept"), event("gone"), event("early", day=date(2027, 1, 5)), event("old"))
    history = {"kept": remembered(kept, 1), "gone": remembered(gone, 2),
               "early": remembered(gone_before_window, 0), "old": remembered(old_cancelled, 4, cancelled=True)}
    result = revise([kept], history, NOW, first=date(2027, 2, 1))
    assert [(gone.uid, gone.sequence, gone.cancelled) for gone in result.cancelled] == [("gone", 3, True)]
    assert {e.uid for e in result.remembered} == {"gone"}


def test_a_post_back_after_its_cancellation_is_newer_than_the_cancellation() -> None:
    back = event("a")
    result = revise([back], {"a": remembered(back, 7, cancelled=True)}, NOW)
    assert result.events[0].sequence == 8 and not result.remembered[0].cancelled


def _post(**fields) -> Post:
    post = Post("m", "linkedin", datetime(2027, 3, 5, 9), "Asia/Tokyo", id="p", versions=(PostVersion("ja", "x"),))
    return dataclasses.replace(post, **fields)


def test_the_moment_of_change_moves_only_with_what_a_calendar_shows() -> None:
    stored = revised(None, _post(), NOW)
    assert (stored.revision, stored.modified_at) == (0, NOW)
    later = NOW + timedelta(hours=1)
    assert revised(stored, dataclasses.replace(stored, edited=True, rule_id="r"), later).modified_at == NOW
    moved = revised(stored, dataclasses.replace(stored, local=datetime(2027, 3, 5, 10)), later)
    assert moved.modified_at == later
    # the revision is storage's version counter: kept as the edit carries it (the one it was made on)
    assert moved.revision == 0
    undone = revised(moved, stored, later + timedelta(hours=1))
    assert undone.modified_at == later + timedelta(hours=1)
    for change in ({"title": "T"}, {"status": PostStatus.READY}, {"versions": (PostVersion("ja", "y"),)},
                   {"content_type_id": "c"}, {"platform": "x"}):
        assert revised(stored, dataclasses.replace(stored, **change), later).modified_at == later, change
    # the same moment written another way (a time in a gap as stored, or as read back) is no change
    gap = _post(zone="Europe/Brussels", local=datetime(2027, 3, 28, 2, 30))
    assert revised(revised(None, gap, NOW), dataclasses.replace(gap, local=datetime(2027, 3, 28, 3, 30)),
                   later).modified_at == NOW


def test_a_post_stored_anew_in_place_of_another_goes_on_from_its_revision() -> None:
    stored = dataclasses.replace(_post(), revision=4, modified_at=NOW)
    regenerated = revised(stored, _post(), NOW + timedelta(hours=1), replacing=True)
    assert regenerated.revision == 5 and regenerated.modified_at == NOW  # shows the same: the same moment
    assert revised(stored, dataclasses.replace(_post(), revision=9), NOW, replacing=True).revision == 9


def test_an_unchanged_event_keeps_its_sequence_whatever_its_post_s_revision() -> None:
    """A post's revision also rises with changes a calendar does not show (its rule, an edit undone since the last
    export): the file's SEQUENCE moves only when the event does."""
    same = event("a", revision=12)
    result = revise([same], {"a": remembered(same, 3)}, NOW)
    assert [(e.sequence, e.stamp) for e in result.events] == [(3, EARLIER)] and result.remembered == ()
    changed = revise([event("a", "Renamed", revision=12)], {"a": remembered(same, 3)}, NOW)
    assert changed.events[0].sequence == 12
