"""Which automatic backups to keep: everything recent, then one a day, one a week, one a month (as Anki does)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

KEEP_ALL_FOR = timedelta(days=1)
DAILY = 12
WEEKLY = 10
MONTHLY = 9


def backups_to_delete(taken_at: Iterable[datetime], now: datetime) -> set[datetime]:
    """The backups that thinning removes; the newest one is always kept.

    Walking from the newest: everything from the last day stays; then one backup per day for DAILY days, one
    per week for WEEKLY weeks, one per month for MONTHLY months, each from a day (week, month) older than any
    backup kept so far, so a busy day never keeps more than one and the allowances reach far back.
    """
    ordered = sorted(set(taken_at), reverse=True)
    keep: set[datetime] = set(ordered[:1])
    allowance = {"day": DAILY, "week": WEEKLY, "month": MONTHLY}
    last_kept: dict[str, tuple[int, ...]] = {}  # the day, week and month of the oldest backup kept so far
    for stamp in ordered:
        iso = stamp.isocalendar()
        periods = {
            "day": (stamp.year, stamp.month, stamp.day),
            "week": (iso.year, iso.week),
            "month": (stamp.year, stamp.month),
        }
        if now - stamp <= KEEP_ALL_FOR or stamp in keep:
            keep.add(stamp)
            last_kept = periods
            continue
        tier = next((t for t in ("day", "week", "month") if allowance[t] > 0), None)
        if tier is None:
            break
        if tier not in last_kept or periods[tier] < last_kept[tier]:
            allowance[tier] -= 1
            keep.add(stamp)
            last_kept = periods
    return set(ordered) - keep
