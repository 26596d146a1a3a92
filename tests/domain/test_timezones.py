"""Wall-clock times in IANA zones: gaps, overlaps, and round trips over every zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from smplanner.domain.timezones import Adjustment, known_zones, resolve_local, to_utc, zone

ZONES = sorted(known_zones())


def test_zones_come_from_the_shipped_tzdata_package() -> None:
    import zoneinfo

    import smplanner  # noqa: F401 - importing the package pins the zone database

    assert zoneinfo.TZPATH == ()
    assert "Asia/Tokyo" in ZONES and "America/Toronto" in ZONES and len(ZONES) > 400


def test_spring_forward_gap_moves_to_the_first_valid_instant() -> None:
    resolved = resolve_local(datetime(2027, 3, 28, 2, 30), "Europe/Brussels")
    assert resolved.adjustment is Adjustment.NONEXISTENT
    assert resolved.local == datetime(2027, 3, 28, 3, 30)
    assert to_utc(resolved.local, "Europe/Brussels", resolved.fold) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


def test_fall_back_overlap_means_the_first_occurrence_and_fold_picks_the_second() -> None:
    resolved = resolve_local(datetime(2027, 10, 31, 2, 30), "Europe/Brussels")
    assert resolved.adjustment is Adjustment.AMBIGUOUS and resolved.fold == 0
    first = to_utc(resolved.local, "Europe/Brussels", 0)
    second = to_utc(resolved.local, "Europe/Brussels", 1)
    assert first == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert second - first == timedelta(hours=1)


def test_ordinary_times_are_left_alone() -> None:
    resolved = resolve_local(datetime(2027, 3, 2, 9, 0), "Asia/Tokyo")
    assert resolved.adjustment is Adjustment.NONE and resolved.local == datetime(2027, 3, 2, 9, 0)
    assert to_utc(resolved.local, "Asia/Tokyo") == datetime(2027, 3, 2, 0, 0, tzinfo=UTC)


@settings(max_examples=400, deadline=None)
@given(
    zone_name=st.sampled_from(ZONES),
    local=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31)),
)
def test_every_resolved_time_exists_once_and_round_trips(zone_name: str, local: datetime) -> None:
    resolved = resolve_local(local.replace(microsecond=0), zone_name)
    instant = to_utc(resolved.local, zone_name, resolved.fold)
    shown = instant.astimezone(zone(zone_name))
    assert shown.replace(tzinfo=None) == resolved.local  # the stored local time is what the market sees
    if resolved.adjustment is Adjustment.NONE:
        assert resolved.local == local.replace(microsecond=0)
    if resolved.adjustment is Adjustment.NONEXISTENT:
        assert resolved.local > local.replace(microsecond=0)
