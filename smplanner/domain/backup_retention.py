"""Which automatic backups to keep: everything recent, then one a day, one a week, one a month (as Anki does)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

KEEP_ALL_FOR = timedelta(days=1)
DAILY = 12
WEEKLY = 10
MONTHLY = 9


def backups_to_delete(taken_at: Iterable[datetime], now: datetime) -> set[datetime]:
    """The backups that thinning removes; the newest one is always kept."""
    ordered = sorted(set(taken_at), reverse=True)
    keep: set[datetime] = set(ordered[:1])
    buckets: dict[tuple[str, object], datetime] = {}
    for stamp in ordered:
        age = now - stamp
        if age <= KEEP_ALL_FOR:
            keep.add(stamp)
            continue
        day = stamp.date()
        iso = day.isocalendar()
        for kind, key, limit in (
            ("day", day, DAILY),
            ("week", (iso.year, iso.week), WEEKLY),
            ("month", (day.year, day.month), MONTHLY),
        ):
            if (kind, key) in buckets:
                continue
            if sum(1 for k in buckets if k[0] == kind) >= limit:
                continue
            buckets[(kind, key)] = stamp  # the newest backup of that bucket, since we walk newest first
            keep.add(stamp)
            break
    return set(ordered) - keep
