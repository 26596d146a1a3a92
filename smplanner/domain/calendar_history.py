"""What the plan last wrote to each calendar file, so that the next file a calendar program reads updates and removes
its events instead of duplicating them or leaving them behind.

A calendar program keeps the version of an event with the highest SEQUENCE (RFC 5545 3.8.7.4; RFC 5546 2.1.5), and
removes or strikes an event it reads as STATUS:CANCELLED. So for each file (a *target*) the plan remembers, per
event UID, the SEQUENCE it last wrote, a fingerprint of what the event said, its day and its time. The next export to
the same file then gives:

- an event that did not change the same SEQUENCE and DTSTAMP (the file reads the same, byte for byte);
- an event that changed a higher SEQUENCE than the file ever had for it, and the moment of the change as DTSTAMP
  and LAST-MODIFIED;
- an event the file had but the export no longer holds (a post deleted, moved to another slot by a rule change,
  filtered out) a cancelled event with a higher SEQUENCE, once; it stays remembered as cancelled, so that a post
  coming back later gets a higher SEQUENCE again. Events dated outside the export's date range are left as they
  were: a range moving with the weeks does not cancel the past.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from smplanner.domain.plan import Post, new_id


def _shown(post: Post) -> tuple[object, ...]:
    """What of a post a calendar shows: everything but how it is stored and where it came from (its id, its revision,
    the edited mark, its presence and rule)."""
    return (post.market_id, post.platform, post.instant, post.zone, post.content_type_id, post.title, post.status,
            post.versions, post.published_at, post.published_url, post.skip_reason)


def revised(before: Post | None, after: Post, now: datetime, *, replacing: bool = False) -> Post:
    """A post as it is stored over `before` (None: a new post) at `now`: its moment of change `now` when a calendar
    would show the change, else as it was. Its revision is storage's version counter, raised by every stored change
    (see plan.REVISION): kept as the caller carries it (the revision the edit was made on, which storage checks, or
    a deleted post's put back by an undo), or, `replacing` (stored anew in place of `before`), at least one above
    `before`'s."""
    if before is None:
        return replace(after, modified_at=after.modified_at or now)
    if replacing:
        after = replace(after, revision=max(after.revision, before.revision + 1))
    if _shown(before) == _shown(after):
        return replace(after, modified_at=before.modified_at or now)
    return replace(after, modified_at=now)


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One event of a calendar file as written, less its DTSTAMP, SEQUENCE and LAST-MODIFIED (which depend on what
    the file had before): its UID, its content lines in order, its day (the market's date), its time (aware UTC
    instants; None for an all-day event), its summary, and the revision and last change of what it shows (the post's;
    0 and None for a holiday)."""

    uid: str
    lines: tuple[str, ...]
    day: date
    starts: datetime | None
    ends: datetime | None
    summary: str
    revision: int = 0
    modified: datetime | None = None
    fingerprint: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256("\n".join(self.lines).encode("utf-8")).hexdigest()[:32]
        object.__setattr__(self, "fingerprint", digest)


@dataclass(frozen=True, slots=True)
class ExportedEvent:
    """What a calendar file was last given of one event: its SEQUENCE, a fingerprint of its content, its day, time and
    summary (to cancel it later), when it was stamped (DTSTAMP), and whether it was given as cancelled."""

    uid: str
    sequence: int
    fingerprint: str
    day: date
    starts: datetime | None
    ends: datetime | None
    summary: str
    stamped_at: datetime
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class CalendarTarget:
    """A calendar file the plan writes to: its absolute path, whether the app keeps it up to date after every change
    (a live file), the filter and options it is written with (what a dialog last used), and when it was last written."""

    path: str
    id: str = field(default_factory=new_id)
    live: bool = False
    settings: Mapping[str, object] = field(default_factory=dict)
    written_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StampedEvent:
    """An event with the SEQUENCE and DTSTAMP (also its LAST-MODIFIED) it is written with."""

    event: CalendarEvent
    sequence: int
    stamp: datetime


@dataclass(frozen=True, slots=True)
class Revision:
    """One export to a target: the events with their SEQUENCE and stamp (when they are held together), the events
    newly cancelled (as remembered, with their new SEQUENCE), and what the target remembers from now on of every
    event that changed."""

    events: tuple[StampedEvent, ...]
    cancelled: tuple[ExportedEvent, ...]
    remembered: tuple[ExportedEvent, ...]


def _in_window(day: date, first: date | None, last: date | None) -> bool:
    return (first is None or first <= day) and (last is None or day <= last)


class Reviser:
    """Stamps the events written to a target that was given `history` before, one at a time as they are written (so
    that a calendar file is streamed, never held), then says which of the target's events to write as cancelled:
    those it had, not cancelled, dated from first to last (None: open) and not among the events stamped. `now`
    (aware) stamps what changed without a moment of its own."""

    def __init__(self, history: Mapping[str, ExportedEvent], now: datetime, first: date | None = None,
                 last: date | None = None) -> None:
        self._history = history
        self._now = now
        self._first = first
        self._last = last
        self._written: set[str] = set()
        self._remembered: list[ExportedEvent] = []

    def stamp(self, event: CalendarEvent) -> StampedEvent:
        """The SEQUENCE and stamp the event is written with."""
        self._written.add(event.uid)
        before = self._history.get(event.uid)
        if before is None:
            sequence, stamp = event.revision, event.modified or self._now
        elif not before.cancelled and before.fingerprint == event.fingerprint:
            # what the file has: its SEQUENCE and stamp kept (the post's revision also rises with changes a calendar
            # does not show, and with a change undone since the last export)
            sequence, stamp = before.sequence, before.stamped_at
        else:
            sequence = max(before.sequence + 1, event.revision)
            changed = event.modified
            stamp = changed if changed is not None and changed > before.stamped_at else self._now
        after = ExportedEvent(event.uid, sequence, event.fingerprint, event.day, event.starts, event.ends,
                              event.summary, stamp)
        if after != before:
            self._remembered.append(after)
        return StampedEvent(event, sequence, stamp)

    def finish(self, events: tuple[StampedEvent, ...] = ()) -> Revision:
        """The export as a whole, once every event is stamped: the events to cancel (by day and time) and what the
        target remembers from now on."""
        now = self._now
        cancelled = [
            ExportedEvent(gone.uid, gone.sequence + 1, gone.fingerprint, gone.day, gone.starts, gone.ends,
                          gone.summary, max(now, gone.stamped_at), cancelled=True)
            for gone in self._history.values()
            if not gone.cancelled and gone.uid not in self._written and _in_window(gone.day, self._first, self._last)
        ]
        cancelled.sort(key=lambda gone: (gone.day, gone.starts or datetime.min.replace(tzinfo=now.tzinfo), gone.uid))
        return Revision(events, tuple(cancelled), (*self._remembered, *cancelled))


def revise(
    events: Iterable[CalendarEvent],
    history: Mapping[str, ExportedEvent],
    now: datetime,
    first: date | None = None,
    last: date | None = None,
) -> Revision:
    """`Reviser` over events held together: each with its SEQUENCE and stamp, the events to cancel, what the target
    remembers."""
    reviser = Reviser(history, now, first, last)
    return reviser.finish(tuple(reviser.stamp(event) for event in events))
