"""Wall-clock times in IANA zones: existence, ambiguity and the UTC instant they denote."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo, available_timezones


class Adjustment(StrEnum):
    NONE = "none"
    NONEXISTENT = "nonexistent"  # inside a spring-forward gap: moved to the first valid instant after it
    AMBIGUOUS = "ambiguous"  # inside a fall-back overlap: the first occurrence is meant


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def to_utc(local: datetime, zone_name: str, fold: int = 0) -> datetime:
    """The UTC instant of a naive wall-clock time in a zone (fold=1 picks the second of a repeated hour)."""
    return local.replace(tzinfo=zone(zone_name), fold=fold).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class ResolvedTime:
    """A wall-clock time made unambiguous: the local time to store, its fold, and what had to be done."""

    local: datetime
    fold: int
    adjustment: Adjustment


def resolve_local(local: datetime, zone_name: str) -> ResolvedTime:
    """Make a requested wall-clock time exist exactly once.

    A time in a spring-forward gap moves to the first valid instant after it, as RFC 5545 and calendar
    programs read it (02:30 becomes 03:30); a time in a fall-back overlap means its first occurrence.
    """
    tz = zone(zone_name)
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return ResolvedTime(local, 0, Adjustment.NONE)
    round_trip = first.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != local:
        return ResolvedTime(round_trip.replace(tzinfo=None), 0, Adjustment.NONEXISTENT)
    return ResolvedTime(local, 0, Adjustment.AMBIGUOUS)
