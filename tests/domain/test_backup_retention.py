"""Which automatic backups thinning keeps: the newest, everything from the last day, then daily, weekly, monthly."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from smplanner.domain.backup_retention import DAILY, KEEP_ALL_FOR, MONTHLY, WEEKLY, backups_to_delete

NOW = datetime(2027, 6, 15, 12, 0, 0)


def kept(stamps: list[datetime], now: datetime = NOW) -> set[datetime]:
    return set(stamps) - backups_to_delete(stamps, now)


def every(step: timedelta, span: timedelta, now: datetime = NOW) -> list[datetime]:
    count = int(span / step)
    return [now - step * n for n in range(count)]


def test_nothing_to_thin():
    assert backups_to_delete([], NOW) == set()


def test_a_lone_old_backup_is_kept():
    old = NOW - timedelta(days=400)
    assert backups_to_delete([old], NOW) == set()


def test_the_newest_is_kept_even_when_every_bucket_is_taken():
    stamps = every(timedelta(hours=6), timedelta(days=900), now=NOW - timedelta(days=3))
    assert max(stamps) in kept(stamps)


def test_everything_from_the_last_day_is_kept():
    recent = every(timedelta(minutes=10), KEEP_ALL_FOR)
    older = every(timedelta(hours=1), timedelta(days=3), now=NOW - KEEP_ALL_FOR - timedelta(minutes=1))
    result = kept(recent + older)
    assert set(recent) <= result
    assert len(result & set(older)) == 3  # one a day for the three older days


def test_one_a_day_for_twelve_days_then_one_a_week_then_one_a_month():
    stamps = every(timedelta(hours=6), timedelta(days=2 * 365))
    result = sorted(kept(stamps), reverse=True)
    recent = [s for s in result if NOW - s <= KEEP_ALL_FOR]
    older = [s for s in result if NOW - s > KEEP_ALL_FOR]
    assert len(recent) == 5  # four a day for the last 24 hours, both ends included
    assert len(older) == DAILY + WEEKLY + MONTHLY

    daily, weekly, monthly = older[:DAILY], older[DAILY:DAILY + WEEKLY], older[DAILY + WEEKLY:]
    assert len({s.date() for s in daily}) == DAILY
    assert daily[0].date() >= (NOW - timedelta(days=2)).date()
    assert daily[-1].date() >= (NOW - timedelta(days=DAILY + 2)).date()
    assert len({s.isocalendar()[:2] for s in weekly}) == WEEKLY
    assert all(a - b >= timedelta(days=1) for a, b in zip(weekly, weekly[1:], strict=False))
    assert len({(s.year, s.month) for s in monthly}) == MONTHLY
    # Roughly a year of history survives, not the whole two.
    assert NOW - older[-1] < timedelta(days=365)
    assert NOW - older[-1] > timedelta(days=200)


def test_within_a_day_bucket_the_newest_is_kept():
    day = NOW - timedelta(days=5)
    stamps = [NOW, day.replace(hour=8), day.replace(hour=20), day.replace(hour=14)]
    assert backups_to_delete(stamps, NOW) == {day.replace(hour=8), day.replace(hour=14)}


def test_duplicates_count_once():
    stamp = NOW - timedelta(days=3)
    assert backups_to_delete([stamp, stamp, NOW], NOW) == set()


stamps_strategy = st.lists(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 6, 15, 12, 0)), max_size=300
)


@settings(max_examples=200, deadline=None)
@given(stamps=stamps_strategy, later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)))
def test_property_newest_kept_and_count_bounded(stamps, later):
    now = NOW + later
    doomed = backups_to_delete(stamps, now)
    assert doomed <= set(stamps)
    survivors = set(stamps) - doomed
    if stamps:
        assert max(stamps) in survivors
    recent = {s for s in stamps if now - s <= KEEP_ALL_FOR}
    assert recent <= survivors
    assert len(survivors) <= len(recent) + 1 + DAILY + WEEKLY + MONTHLY


@settings(max_examples=100, deadline=None)
@given(stamps=stamps_strategy)
def test_property_thinning_twice_deletes_nothing_more(stamps):
    survivors = set(stamps) - backups_to_delete(stamps, NOW)
    assert backups_to_delete(survivors, NOW) == set()
