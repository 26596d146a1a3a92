"""Our calendar files read by parsers nobody here wrote (libical, ical.js, vobject, icalendar): every post at the
agenda's instant in every zone with daylight saving time, around every clock change of two years (in the gap, both
occurrences of the repeated hour, ends after the change), no event ending before it starts, libical's restriction
checks passed, reminders, SEQUENCE and cancelled events read as written."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from independent_parsers import (
    ReadCalendar,
    libical_reader,
    read_with_icalendar,
    read_with_icaljs,
    read_with_libical,
    read_with_vobject,
)

from smplanner.domain.calendar_history import ExportedEvent
from smplanner.domain.plan import Firm, Plan, Post, PostStatus, PostVersion, Strategy
from smplanner.domain.timezones import known_zones, resolve_local, zone
from smplanner.services.ics_export import IcsOptions, _transitions, calendar_ics

NOW = datetime(2027, 1, 6, 8, 0, tzinfo=UTC)
FIRST_YEAR, LAST_YEAR = 2027, 2028


@pytest.fixture(scope="module")
def libical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return libical_reader(tmp_path_factory.mktemp("libical"))


def _plan() -> Plan:
    return Plan(Firm("Cuberdon & Co", "BE", "Europe/Brussels"), Strategy(date(2027, 1, 1), date(2028, 12, 31)))


def _dst_zones() -> list[str]:
    """The zones whose clocks change in the two years (canonical names: links read the same)."""
    found = []
    for name in sorted(known_zones()):
        if name.startswith(("Etc/", "SystemV/", "posix/", "right/")) or "/" not in name:
            continue
        tz = zone(name)
        offsets = {datetime(year, month, 15, tzinfo=UTC).astimezone(tz).utcoffset()
                   for year in (FIRST_YEAR, LAST_YEAR) for month in range(1, 13)}
        if len(offsets) > 1:
            found.append(name)
    return found


DST_ZONES = _dst_zones()


def _post(number: int, zone_name: str, local: datetime, fold: int = 0) -> Post:
    return Post("m", "linkedin", local, zone_name, id="00000000-0000-4000-8000-{n:012d}".format(n=number), fold=fold,
                versions=(PostVersion("en", "Text {n}".format(n=number)),), title="Post {n}".format(n=number))


def _stored(zone_name: str, local: datetime, fold: int) -> tuple[datetime, int]:
    """A wall-clock time as the app stores it: a time in a gap moves after it; a repeated time keeps its fold."""
    resolved = resolve_local(local, zone_name)
    return resolved.local, fold if resolved.adjustment.value == "ambiguous" else 0


def clock_change_posts() -> list[Post]:
    """Around every clock change of every DST zone in the two years: ten minutes before (its event ends after the
    change), in the middle of a gap or of both occurrences of a repeated hour, and at the change itself."""
    posts: list[Post] = []
    start = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    end = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)
    for name in DST_ZONES:
        for transition in _transitions(name, start, end):
            jump = transition.after.offset - transition.before.offset
            if not jump:
                continue  # a change of name only
            before = transition.onset  # the wall-clock time of the change, on the clock as it was
            wanted = [(before - timedelta(minutes=10), 0), (before, 0), (before + jump / 2, 0)]
            if jump < timedelta(0):  # a repeated hour: its middle, first and second time
                middle = before + jump / 2
                wanted = [(before - timedelta(minutes=10), 0), (middle, 0), (middle, 1), (before + jump, 1)]
            for local, fold in wanted:
                local, fold = _stored(name, local.replace(second=0, microsecond=0), fold)
                posts.append(_post(len(posts) + 1, name, local, fold))
    return posts


def _check_instants(posts: list[Post], duration: timedelta, read: ReadCalendar, parser: str) -> None:
    wrong = []
    for post in posts:
        event = read.events[post.id + "@smplanner"]
        if event.start != post.instant or event.end != post.instant + duration:
            wrong.append("{parser}: {zone} {local} fold {fold}: read {start} to {end}, the plan says {instant}".format(
                parser=parser, zone=post.zone, local=post.local, fold=post.fold, start=event.start, end=event.end,
                instant=post.instant))
        assert event.end > event.start
    assert not wrong, "\n".join(wrong[:20])


def _read_everywhere(data: bytes, path: Path, libical: Path) -> dict[str, ReadCalendar]:
    path.write_bytes(data)
    return {
        "libical": read_with_libical(libical, path),
        "ical.js": read_with_icaljs(path),
        "vobject": read_with_vobject(data),
        "icalendar": read_with_icalendar(data),
    }


def test_the_dst_zones_are_many() -> None:
    assert len(DST_ZONES) > 100 and "Australia/Lord_Howe" in DST_ZONES and "Europe/Dublin" in DST_ZONES


@pytest.mark.parametrize("minutes", [15, 120])
def test_every_clock_change_of_every_zone_reads_at_the_agenda_s_instant_everywhere(
    minutes: int, libical: Path, tmp_path: Path
) -> None:
    posts = clock_change_posts()
    assert len(posts) > 1000
    data = calendar_ics(_plan(), posts, IcsOptions(now=NOW, duration_minutes=minutes))
    for parser, read in _read_everywhere(data, tmp_path / "changes.ics", libical).items():
        assert len(read.events) == len(posts), parser
        _check_instants(posts, timedelta(minutes=minutes), read, parser)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=st.lists(
    st.tuples(st.sampled_from(DST_ZONES), st.datetimes(datetime(FIRST_YEAR, 1, 1), datetime(LAST_YEAR, 12, 31)),
              st.integers(0, 1), st.integers(1, 24 * 60)),
    min_size=1, max_size=40))
def test_any_wall_clock_time_in_any_dst_zone_reads_the_same_everywhere(
    drawn: list[tuple[str, datetime, int, int]], libical: Path, tmp_path: Path
) -> None:
    # one duration per file: the drawn duration of the first post
    duration = timedelta(minutes=drawn[0][3])
    posts = []
    for name, local, fold, _minutes in drawn:
        local, fold = _stored(name, local.replace(second=0, microsecond=0), fold)
        posts.append(_post(len(posts) + 1, name, local, fold))
    data = calendar_ics(_plan(), posts, IcsOptions(now=NOW, duration_minutes=drawn[0][3]))
    for parser, read in _read_everywhere(data, tmp_path / "drawn.ics", libical).items():
        _check_instants(posts, duration, read, parser)


def test_libical_s_restriction_checks_pass(libical: Path, tmp_path: Path) -> None:
    posts = clock_change_posts()[:50]
    published = dataclasses.replace(posts[0], status=PostStatus.PUBLISHED, published_at=posts[0].instant)
    gone = ExportedEvent("gone@smplanner", 3, "x", date(2027, 5, 1), datetime(2027, 5, 1, 7, tzinfo=UTC),
                         datetime(2027, 5, 1, 7, 15, tzinfo=UTC), "JP · LinkedIn · gone", NOW)
    data = calendar_ics(_plan(), [published, *posts[1:]], IcsOptions(now=NOW, reminder_minutes=30),
                        {"m": {date(2027, 7, 21): "National Day"}}, history={gone.uid: gone})
    path = tmp_path / "checked.ics"
    path.write_bytes(data)
    read = read_with_libical(libical, path)
    assert read.restrictions_pass and read.problems == ()


def test_reminders_sequences_and_cancellations_read_the_same_everywhere(libical: Path, tmp_path: Path) -> None:
    posts = clock_change_posts()[:6]
    done = dataclasses.replace(posts[1], status=PostStatus.PUBLISHED, published_at=posts[1].instant)
    revised = dataclasses.replace(posts[2], revision=4, modified_at=NOW - timedelta(days=1))
    gone = ExportedEvent("gone@smplanner", 3, "x", date(2027, 5, 1), datetime(2027, 5, 1, 7, tzinfo=UTC),
                         datetime(2027, 5, 1, 7, 15, tzinfo=UTC), "JP · LinkedIn · gone", NOW - timedelta(days=3))
    data = calendar_ics(_plan(), [posts[0], done, revised, *posts[3:]], IcsOptions(now=NOW, reminder_minutes=45),
                        history={gone.uid: gone})
    for parser, read in _read_everywhere(data, tmp_path / "revised.ics", libical).items():
        assert read.events[posts[0].id + "@smplanner"].alarms == 1, parser
        assert read.events[posts[0].id + "@smplanner"].trigger_seconds == -45 * 60, parser
        assert read.events[done.id + "@smplanner"].alarms == 0, parser  # published: nothing to remind
        assert read.events[revised.id + "@smplanner"].sequence == 4, parser
        assert read.events[posts[0].id + "@smplanner"].sequence == 0, parser
        cancelled = read.events["gone@smplanner"]
        assert (cancelled.status, cancelled.sequence) == ("CANCELLED", 4), parser
        assert cancelled.start == gone.starts and cancelled.end == gone.ends, parser
