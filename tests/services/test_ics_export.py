"""The calendar file and the CSV: parsed back with icalendar and the csv module, every instant checked against the
plan (daylight-saving days, zones without DST), escaping, folding, stable UIDs, time zones checked hour by hour
against zoneinfo, holidays, formula cells, and the files written whole through the planning service."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Timezone
from icalendar.parser import Contentline

from smplanner.domain.calendar_filter import CalendarFilter
from smplanner.domain.catalogue import ChannelType, founder_platform
from smplanner.domain.plan import (
    ContentType,
    Firm,
    Market,
    Plan,
    Post,
    PostStatus,
    PostVersion,
    Presence,
    Strategy,
    VersionStatus,
)
from smplanner.domain.timezones import known_zones, zone
from smplanner.services.ics_export import (
    IcsOptions,
    calendar_ics,
    fold,
    holiday_uid,
    vtimezone,
)
from smplanner.services.planning import PlanningService
from smplanner.storage.errors import OutputError
from smplanner.storage.plan_file import PlanFile

NOW = datetime(2027, 1, 6, 8, 0, tzinfo=UTC)
GOLDEN = Path(__file__).parent / "golden" / "calendar_export.ics"
NASTY_TITLE = 'Launch, "big"; day \\ part C:\\New, 50% off \u2014 caf\u00e9 \U0001F389'
NASTY_TEXT = ("First line, with a comma; a semicolon\nSecond line \\ backslash\n\n"
              "\u65b0\u5e74\u306e\u3054\u6328\u62f6 \U0001F38D\U0001F1EF\U0001F1F5")


def _market(code: str, zone_name: str, market_id: str, subdivision: str | None = None) -> Market:
    return Market(code, zone_name, id=market_id, subdivision=subdivision, languages=("en",))


def world_plan() -> Plan:
    """Markets in zones with and without daylight saving time, north and south, and a platform of the founder's
    whose name has a comma; fixed ids, so that files are the same in every run."""
    markets = (
        _market("JP", "Asia/Tokyo", "m-jp"),
        _market("BE", "Europe/Brussels", "m-be"),
        _market("CA", "America/Toronto", "m-qc", subdivision="QC"),
        _market("AU", "Australia/Sydney", "m-au"),
        _market("BR", "America/Sao_Paulo", "m-br"),
    )
    newsletter = founder_platform("letter", "Letter, weekly", ChannelType.BLOG_ARTICLE, date(2027, 1, 1))
    presences = tuple(Presence(m.id, "linkedin", id="p-" + m.id) for m in markets)
    return Plan(
        firm=Firm("Cuberdon & Co, S.A.", "BE", "Europe/Brussels"),
        strategy=Strategy(date(2027, 1, 1), date(2027, 12, 31)),
        markets=markets,
        presences=(*presences, Presence("m-be", "letter", id="p-letter")),
        content_types=(ContentType("Behind the scenes", id="c-bts"),),
        own_platforms=(newsletter,),
    )


def _post(number: int, market: str, zone_name: str, local: datetime, fold: int = 0, text: str = "",
          language: str = "en", **fields) -> Post:
    """A post with one version holding `text`; a published one went out at its planned moment."""
    post = Post(market, fields.pop("platform", "linkedin"), local, zone_name,
                id="00000000-0000-4000-8000-{n:012d}".format(n=number), fold=fold,
                versions=(PostVersion(language, text),))
    if fields.get("status") is PostStatus.PUBLISHED:
        fields.setdefault("published_at", post.instant)
    return dataclasses.replace(post, **fields)


def clock_change_posts() -> list[Post]:
    """Posts around the daylight-saving days of 2027, including both occurrences of repeated hours, a wall time
    inside a gap (02:30 on the day Brussels springs forward: the instant of 03:30), and posts in zones without DST."""
    be, qc, au = "Europe/Brussels", "America/Toronto", "Australia/Sydney"
    return [
        _post(1, "m-be", be, datetime(2027, 3, 28, 1, 50)),  # its 15 minutes end after the jump, at 03:05
        _post(2, "m-be", be, datetime(2027, 3, 28, 2, 30)),
        _post(3, "m-be", be, datetime(2027, 3, 28, 3, 30)),
        _post(4, "m-be", be, datetime(2027, 10, 31, 2, 30)),
        _post(5, "m-be", be, datetime(2027, 10, 31, 2, 30), fold=1),
        _post(6, "m-be", be, datetime(2027, 10, 31, 2, 55), fold=1),
        _post(7, "m-qc", qc, datetime(2027, 3, 14, 1, 59)),
        _post(8, "m-qc", qc, datetime(2027, 3, 14, 3, 0)),
        _post(9, "m-qc", qc, datetime(2027, 11, 7, 1, 30)),
        _post(10, "m-qc", qc, datetime(2027, 11, 7, 1, 30), fold=1),
        _post(11, "m-au", au, datetime(2027, 4, 4, 2, 30)),
        _post(12, "m-au", au, datetime(2027, 4, 4, 2, 30), fold=1),
        _post(13, "m-au", au, datetime(2027, 10, 3, 3, 15)),
        _post(14, "m-jp", "Asia/Tokyo", datetime(2027, 3, 28, 9, 0)),
        _post(15, "m-jp", "Asia/Tokyo", datetime(2027, 12, 31, 23, 50)),  # ends in 2028
        _post(16, "m-br", "America/Sao_Paulo", datetime(2027, 11, 7, 0, 30)),  # was a DST day until 2019
    ]


def nasty_posts() -> list[Post]:
    return [
        _post(20, "m-be", "Europe/Brussels", datetime(2027, 5, 4, 10, 0), title=NASTY_TITLE, text=NASTY_TEXT,
              content_type_id="c-bts", status=PostStatus.READY, language="fr"),
        _post(21, "m-jp", "Asia/Tokyo", datetime(2027, 5, 5, 10, 0), platform="letter", text="x" * 300,
              content_type_id="c-bts", status=PostStatus.DRAFT, language="ja"),
        _post(22, "m-jp", "Asia/Tokyo", datetime(2027, 5, 6, 10, 0), title="\u65e5\u672c" * 60,
              status=PostStatus.PUBLISHED, language="ja"),
    ]


def export(posts: list[Post], plan: Plan | None = None, **options) -> bytes:
    return calendar_ics(plan or world_plan(), posts, IcsOptions(now=NOW, **options))


def events_by_uid(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def unfolded_lines(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


# --- instants ---------------------------------------------------------------------------------------------------


def test_every_event_is_at_its_post_s_instant_and_lasts_the_duration() -> None:
    posts = clock_change_posts() + nasty_posts()
    events = events_by_uid(export(posts, duration_minutes=15))
    assert len(events) == len(posts)
    for post in posts:
        event = events[post.id + "@smplanner"]
        start, end = event.DTSTART, event.DTEND
        assert start.astimezone(UTC) == post.instant, post
        assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=15)
        local = post.instant.astimezone(zone(post.zone))
        in_repeated_hour = local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
        # the market's own zone, except where a wall time cannot say which of a repeated hour is meant
        assert str(start.tzinfo) == ("UTC" if in_repeated_hour else post.zone)


def test_a_wall_time_in_a_gap_is_written_as_the_time_it_means() -> None:
    (gap,) = [p for p in clock_change_posts() if p.local == datetime(2027, 3, 28, 2, 30)]
    lines = unfolded_lines(export([gap]))
    assert "DTSTART;TZID=Europe/Brussels:20270328T033000" in lines
    early = next(p for p in clock_change_posts() if p.local == datetime(2027, 3, 28, 1, 50))
    lines = unfolded_lines(export([early]))
    assert "DTSTART;TZID=Europe/Brussels:20270328T015000" in lines
    assert "DTEND;TZID=Europe/Brussels:20270328T030500" in lines


def test_both_occurrences_of_a_repeated_hour_are_written_in_utc() -> None:
    first, second = [p for p in clock_change_posts() if p.local == datetime(2027, 11, 7, 1, 30)]
    lines = unfolded_lines(export([first, second]))
    assert "DTSTART:20271107T053000Z" in lines  # the first 01:30 (EDT)
    assert "DTSTART:20271107T063000Z" in lines  # the second 01:30 (EST)
    assert not any(line.startswith("DTSTART;TZID=America/Toronto:20271107T01") for line in lines)


def test_an_end_in_a_repeated_hour_is_written_in_utc_after_its_start() -> None:
    # 01:50 EDT + 15 minutes is 01:05 EST: a local 01:05 would be read before the start by most programs
    start = _post(40, "m-qc", "America/Toronto", datetime(2027, 11, 7, 0, 55))
    late = _post(41, "m-qc", "America/Toronto", datetime(2027, 11, 7, 1, 50))
    lines = unfolded_lines(export([start, late], duration_minutes=15))
    assert "DTSTART;TZID=America/Toronto:20271107T005500" in lines
    assert "DTEND:20271107T051000Z" in lines  # 01:10 EDT
    assert "DTSTART:20271107T055000Z" in lines and "DTEND:20271107T060500Z" in lines


def test_a_duration_is_configurable() -> None:
    post = clock_change_posts()[13]
    event = events_by_uid(export([post], duration_minutes=90))[post.id + "@smplanner"]
    assert timedelta(minutes=90) == event.DTEND - event.DTSTART


# --- the calendar and its events ------------------------------------------------------------------------------


def test_calendar_properties() -> None:
    data = export(clock_change_posts())
    calendar = Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//smplanner//smplanner {v}//EN".format(v=__import__("smplanner").__version__)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert "METHOD" not in calendar  # a plain iCalendar object, not an iTIP message without an ORGANIZER
    lines = unfolded_lines(data)
    assert "X-WR-CALNAME:Cuberdon & Co\\, S.A." in lines and "NAME:Cuberdon & Co\\, S.A." in lines
    assert "X-WR-CALNAME:Posts\\; JP" in unfolded_lines(export([], calendar_name="Posts; JP"))
    assert {str(event["DTSTAMP"].to_ical().decode()) for event in calendar.walk("VEVENT")} == {"20270106T080000Z"}
    used = {post.zone for post in clock_change_posts()}
    assert sorted(tz.tz_name for tz in calendar.walk("VTIMEZONE")) == sorted(used)


def test_summary_description_categories_and_status() -> None:
    events = events_by_uid(export(nasty_posts()))
    launch, letter, japanese = (events[p.id + "@smplanner"] for p in nasty_posts())
    assert str(launch["SUMMARY"]) == "BE \u00b7 LinkedIn \u00b7 " + NASTY_TITLE
    assert str(launch["DESCRIPTION"]) == (
        "French (to write):\n" + NASTY_TEXT + "\n\nStatus: Ready\nContent type: Behind the scenes")
    assert [str(c) for c in launch.categories] == ["BE", "LinkedIn"]
    assert str(launch["STATUS"]) == "CONFIRMED"
    assert str(letter["SUMMARY"]) == "JP \u00b7 Letter, weekly \u00b7 Behind the scenes"  # no title: the content type
    assert [str(c) for c in letter.categories] == ["JP", "Letter, weekly"]
    assert str(letter["STATUS"]) == "TENTATIVE"
    assert str(japanese["DESCRIPTION"]) == "Japanese (to write):\n\nStatus: Published on 2027-05-06 01:00 UTC"
    assert str(japanese["STATUS"]) == "CONFIRMED"


def test_the_description_holds_every_version_and_the_publishing_log() -> None:
    base = _post(25, "m-qc", "America/Toronto", datetime(2027, 6, 2, 12, 0), title="Fête", language="fr",
                 text="Bonne fête!")
    versions = (PostVersion("fr", "Bonne fête!", VersionStatus.READY),
                PostVersion("en", "", VersionStatus.TO_TRANSLATE))
    published = dataclasses.replace(base, versions=versions, status=PostStatus.PUBLISHED,
                                    published_at=datetime(2027, 6, 2, 16, 5, tzinfo=UTC),
                                    published_url="https://www.linkedin.com/feed/update/urn:li:activity:1/")
    skipped = dataclasses.replace(base, id="00000000-0000-4000-8000-000000000026", versions=versions,
                                  status=PostStatus.SKIPPED, skip_reason="Strike; offices closed")
    events = events_by_uid(export([published, skipped]))
    assert str(events[published.id + "@smplanner"]["DESCRIPTION"]) == (
        "French (text ready):\nBonne fête!\n\nEnglish (to translate):\n\n"
        "Status: Published on 2027-06-02 16:05 UTC\nhttps://www.linkedin.com/feed/update/urn:li:activity:1/")
    cancelled = events[skipped.id + "@smplanner"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["DESCRIPTION"]).endswith("Status: Skipped\nSkipped because: Strike; offices closed")


def test_escaping_of_commas_semicolons_backslashes_newlines_and_emoji_round_trips() -> None:
    for title, text in ((NASTY_TITLE, NASTY_TEXT), ("\\N is not a line break, \\n neither", "a\\,b\\;c\\\\d"),
                        ("trailing backslash \\", ";;,,\\\\")):
        post = _post(30, "m-be", "Europe/Brussels", datetime(2027, 6, 1, 9, 0), title=title, text=text)
        event = events_by_uid(export([post]))[post.id + "@smplanner"]
        assert str(event["SUMMARY"]) == "BE \u00b7 LinkedIn \u00b7 " + title
        assert str(event["DESCRIPTION"]).startswith("English (to write):\n" + text + "\n\n")


def test_lines_are_folded_to_75_octets_between_characters() -> None:
    data = export(clock_change_posts() + nasty_posts())
    physical = data.split(b"\r\n")
    assert physical[-1] == b"" and data.endswith(b"END:VCALENDAR\r\n")
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical)
    for line in physical:
        line.decode("utf-8")  # never cut inside a character
    assert "SUMMARY:JP \u00b7 LinkedIn \u00b7 " + "\u65e5\u672c" * 60 in unfolded_lines(data)


@pytest.mark.parametrize("text", [
    "x" * 200, "\u00e9" * 100, "\u65e5" * 80, "\U0001F389" * 40, "a\\" * 60, "^" * 90, "ab" * 37 + "\\,",
    "DESCRIPTION:" + "\u00e9a" * 40 + "\\n" * 20, "x" * 74, "x" * 75, "x" * 73 + "\u00e9",
])
def test_folding_is_icalendar_s(text: str) -> None:
    assert fold(text.encode("utf-8")) == Contentline(text).to_ical()


def test_each_event_is_what_icalendar_writes_for_it() -> None:
    # Parsed and serialised again by icalendar, every event is the same bytes: the writer writes what the library
    # would, properties in its order (a literal \N aside, which icalendar itself turns into a line break).
    posts = [p for p in clock_change_posts() + nasty_posts() if "\\N" not in p.title + p.versions[0].text]
    holidays = {"m-jp": {date(2027, 1, 1): "New Year's Day"},
                "m-be": {date(2027, 7, 21): "F\u00eate nationale, \U0001F1E7\U0001F1EA"}}
    data = calendar_ics(world_plan(), posts, IcsOptions(now=NOW, include_holidays=True), holidays)
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == len(posts) + 2
    for event in events:
        assert event.to_ical() in data
    for component in calendar.walk("VTIMEZONE"):
        assert component.to_ical() in data


def test_uids_are_the_post_ids_and_stay_the_same_across_exports() -> None:
    posts = clock_change_posts() + nasty_posts()
    first = export(posts)
    later = calendar_ics(world_plan(), list(reversed(posts)), IcsOptions(now=NOW + timedelta(days=30)))
    assert set(events_by_uid(first)) == set(events_by_uid(later)) == {p.id + "@smplanner" for p in posts}
    assert export(posts) == first  # the same plan at the same DTSTAMP: the same bytes
    changed = [dataclasses.replace(p, title="Renamed") for p in posts]
    assert set(events_by_uid(export(changed))) == set(events_by_uid(first))


def test_golden_file() -> None:
    """A whole file, byte for byte (regenerate with SMPLANNER_UPDATE_GOLDEN=1 after a deliberate change)."""
    posts = clock_change_posts()[:6] + nasty_posts()[:2]
    holidays = {"m-be": {date(2027, 7, 21): "National Day"}}
    data = calendar_ics(world_plan(), posts, IcsOptions(now=NOW, include_holidays=True), holidays)
    if os.environ.get("SMPLANNER_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(data)
    assert data == GOLDEN.read_bytes()


# --- holidays -------------------------------------------------------------------------------------------------


def test_holidays_are_all_day_transparent_events_with_stable_uids() -> None:
    holidays = {"m-jp": {date(2027, 1, 1): "New Year's Day", date(2027, 1, 11): "Coming of Age Day"},
                "m-qc": {date(2027, 6, 24): "Saint John the Baptist Day"}}
    data = calendar_ics(world_plan(), [], IcsOptions(now=NOW, include_holidays=True), holidays)
    events = events_by_uid(data)
    assert len(events) == 3
    new_year = events[holiday_uid("m-jp", date(2027, 1, 1))]
    assert date(2027, 1, 1) == new_year.DTSTART and not isinstance(new_year.DTSTART, datetime)
    assert date(2027, 1, 2) == new_year.DTEND
    assert str(new_year["SUMMARY"]) == "JP \u00b7 Holiday \u00b7 New Year's Day"
    assert str(new_year["TRANSP"]) == "TRANSPARENT"
    assert "DTSTART;VALUE=DATE:20270101" in unfolded_lines(data)
    assert str(events[holiday_uid("m-qc", date(2027, 6, 24))]["SUMMARY"]).startswith("CA-QC \u00b7 Holiday")
    assert holiday_uid("m-jp", date(2027, 1, 1)) == holiday_uid("m-jp", date(2027, 1, 1))
    assert holiday_uid("m-jp", date(2027, 1, 1)) != holiday_uid("m-qc", date(2027, 1, 1))
    assert b"VTIMEZONE" not in data  # all-day events need no zone
    without = calendar_ics(world_plan(), [], IcsOptions(now=NOW), holidays)
    assert b"BEGIN:VEVENT" not in without


# --- time zones -------------------------------------------------------------------------------------------------


def zoneinfo_transitions(zone_name: str, start: datetime, end: datetime) -> list[datetime]:
    """The UTC instants (to the second) at which zoneinfo changes the zone's offset, found independently of the
    exporter: hour by hour, then bisected."""
    reference = zone(zone_name)
    found = []
    moment, offset = start, start.astimezone(reference).utcoffset()
    while moment < end:
        later = moment + timedelta(hours=1)
        if later.astimezone(reference).utcoffset() != offset:
            low, high = moment, later
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if middle.astimezone(reference).utcoffset() == offset else (low, middle)
            found.append(high)
            offset = later.astimezone(reference).utcoffset()
        moment = later
    return found


def assert_same_wall_clock_offset(parsed, reference, instant: datetime) -> None:
    """At an instant, the VTIMEZONE and zoneinfo give the wall-clock time (with its fold) the same offset."""
    wall = instant.astimezone(reference)
    assert wall.replace(tzinfo=parsed).utcoffset() == wall.utcoffset(), (str(reference), instant, wall)


def parse_vtimezone(zone_name: str, first_year: int, last_year: int):
    component = Timezone.from_ical(vtimezone(zone_name, first_year, last_year).to_ical())
    return component.to_tz(lookup_tzid=False)  # built from the component (dateutil), not looked up by its name


def assert_matches_zoneinfo(zone_name: str, first_year: int, last_year: int, from_utc: bool = True) -> None:
    """The VTIMEZONE, parsed back into a tzinfo, against zoneinfo over the period, every hour and every second
    around each transition: each instant's wall-clock time has the same offset, each wall-clock half hour that
    exists (both occurrences of a repeated one) means the same instant, and (from_utc) converting each hour from UTC
    gives the same offset. dateutil converts from UTC assuming a constant standard offset, so that last check is left
    out for zones whose standard offset itself changes in the period."""
    parsed, reference = parse_vtimezone(zone_name, first_year, last_year), zone(zone_name)
    start = datetime(first_year, 1, 1, tzinfo=UTC) - timedelta(hours=14)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC) + timedelta(hours=14)
    moment = start
    while moment < end:
        assert_same_wall_clock_offset(parsed, reference, moment)
        if from_utc:
            assert moment.astimezone(parsed).utcoffset() == moment.astimezone(reference).utcoffset(), moment
        moment += timedelta(hours=1)
    for transition in zoneinfo_transitions(zone_name, start, end):
        for instant in (transition - timedelta(seconds=1), transition, transition + timedelta(minutes=59)):
            assert_same_wall_clock_offset(parsed, reference, instant)
            if from_utc:
                assert instant.astimezone(parsed).utcoffset() == instant.astimezone(reference).utcoffset(), instant
    local = datetime(first_year, 1, 1)
    while local < datetime(last_year + 1, 1, 1):
        for fold_ in (0, 1):
            wanted = local.replace(tzinfo=reference, fold=fold_)
            if wanted.astimezone(UTC).astimezone(reference).replace(tzinfo=None) == local:  # it exists
                assert local.replace(tzinfo=parsed, fold=fold_).utcoffset() == wanted.utcoffset(), (local, fold_)
        local += timedelta(minutes=30)


@pytest.mark.parametrize("zone_name, first_year, last_year", [
    ("Europe/Brussels", 2027, 2029),
    ("America/Toronto", 2027, 2028),
    ("Australia/Sydney", 2026, 2028),  # southern hemisphere: summer time across the new year
    ("Asia/Tokyo", 2027, 2028),
    ("America/Sao_Paulo", 2027, 2028),  # no DST since 2019
    ("America/Sao_Paulo", 2017, 2020),  # its last rules, the last change, then none
    ("Europe/Dublin", 2027, 2028),  # tzdata's "negative" daylight saving time in winter
    ("Africa/Casablanca", 2026, 2027),  # no yearly rule: Ramadan moves
    ("Australia/Lord_Howe", 2027, 2027),  # a half-hour change
    ("America/New_York", 2006, 2008),  # a rule change: second Sunday of March from 2007
    ("Asia/Amman", 2020, 2023),  # east of UTC, a yearly rule that stops (permanent +03 from late 2022)
])
def test_vtimezone_matches_zoneinfo_hour_by_hour(zone_name: str, first_year: int, last_year: int) -> None:
    assert_matches_zoneinfo(zone_name, first_year, last_year)


@pytest.mark.parametrize("zone_name, first_year, last_year", [
    ("Africa/Sao_Tome", 2017, 2019),  # GMT for decades, a year of WAT, GMT again
    ("Europe/Volgograd", 2018, 2021),  # +03, +04, +03: standard time moved twice
])
def test_vtimezone_of_a_zone_whose_standard_offset_changes(zone_name: str, first_year: int, last_year: int) -> None:
    assert_matches_zoneinfo(zone_name, first_year, last_year, from_utc=False)


@settings(max_examples=40, deadline=None)
@given(zone_name=st.sampled_from(sorted(known_zones())), first_year=st.integers(1975, 2034), years=st.integers(0, 2))
def test_vtimezone_of_any_zone_matches_zoneinfo_at_noon_and_at_each_transition(
    zone_name: str, first_year: int, years: int
) -> None:
    last_year = first_year + years
    parsed, reference = parse_vtimezone(zone_name, first_year, last_year), zone(zone_name)
    start, end = datetime(first_year, 1, 1, 12, tzinfo=UTC), datetime(last_year + 1, 1, 1, tzinfo=UTC)
    day = start
    while day < end:  # between transitions the offset is constant: a day apart is enough
        assert_same_wall_clock_offset(parsed, reference, day)
        day += timedelta(days=1)
    for transition in zoneinfo_transitions(zone_name, start, end):
        for instant in (transition - timedelta(seconds=1), transition, transition + timedelta(minutes=59)):
            assert_same_wall_clock_offset(parsed, reference, instant)


def test_vtimezone_is_the_compact_form_outlook_reads() -> None:
    brussels = vtimezone("Europe/Brussels", 2027, 2029)
    assert [c.name for c in brussels.subcomponents] == ["STANDARD", "DAYLIGHT"]
    rules = {c.name: c["RRULE"].to_ical().decode() for c in brussels.subcomponents}
    assert rules == {"STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "DAYLIGHT": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"}
    assert b"RDATE" not in brussels.to_ical()
    toronto = {c.name: c["RRULE"].to_ical().decode() for c in vtimezone("America/Toronto", 2027, 2027).subcomponents}
    assert toronto == {"STANDARD": "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "DAYLIGHT": "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"}
    sydney = vtimezone("Australia/Sydney", 2027, 2027)
    assert {c.name for c in sydney.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert all("RRULE" in c for c in sydney.subcomponents)
    for name in ("Asia/Tokyo", "America/Sao_Paulo"):  # no daylight saving time: one STANDARD
        (standard,) = vtimezone(name, 2027, 2028).subcomponents
        assert standard.name == "STANDARD" and "RRULE" not in standard
        assert standard["TZOFFSETFROM"].td == standard["TZOFFSETTO"].td or name == "America/Sao_Paulo"
    dublin = {c.name: str(c["TZNAME"]) for c in vtimezone("Europe/Dublin", 2027, 2027).subcomponents}
    assert dublin == {"STANDARD": "GMT", "DAYLIGHT": "IST"}
    ended = vtimezone("America/Sao_Paulo", 2017, 2020).to_ical().decode()
    assert "UNTIL=" in ended  # Brazil's last yearly rule stops


def test_vtimezones_of_an_export_cover_its_events() -> None:
    posts = clock_change_posts()
    calendar = Calendar.from_ical(export(posts))
    for component in calendar.walk("VTIMEZONE"):
        parsed = component.to_tz(lookup_tzid=False)
        for post in (p for p in posts if p.zone == component.tz_name):
            assert post.instant.astimezone(parsed).utcoffset() == post.instant.astimezone(zone(post.zone)).utcoffset()


# --- through the planning service, on a plan file ----------------------------------------------------------------


@pytest.fixture
def service(tmp_path: Path):
    plan = world_plan()
    posts = clock_change_posts() + nasty_posts() + [
        _post(60, "m-jp", "Asia/Tokyo", datetime(2027, 3, 1, 8, 0)),  # Feb 28 in UTC: a March post in Tokyo
        _post(61, "m-qc", "America/Toronto", datetime(2027, 2, 28, 22, 0)),  # Mar 1 in UTC: a February post
    ]
    path = tmp_path / "world.smplan"
    PlanFile.create(path, plan, posts)
    service = PlanningService(PlanFile.open(path, read_only=True))
    yield service
    service.close()


def test_service_exports_everything_by_default(service: PlanningService, tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    count = service.export_ics(target, options=IcsOptions(now=NOW)).posts
    stored = service.posts_between(None, None)
    assert count == len(stored) == 21
    events = events_by_uid(target.read_bytes())
    assert {uid.removesuffix("@smplanner") for uid in events} == {p.id for p in stored}
    for post in stored:
        assert events[post.id + "@smplanner"].DTSTART.astimezone(UTC) == post.instant


def test_service_export_filters_by_market_platform_status_and_local_dates(service: PlanningService,
                                                                           tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    march = service.export_ics(target, None, date(2027, 3, 1), date(2027, 3, 31), IcsOptions(now=NOW)).posts
    ids = {uid.removesuffix("@smplanner") for uid in events_by_uid(target.read_bytes())}
    expected = {p.id for p in service.posts_between(None, None)
                if date(2027, 3, 1) <= p.local.date() <= date(2027, 3, 31)}
    assert march == len(ids) and ids == expected
    assert "00000000-0000-4000-8000-000000000060" in ids and "00000000-0000-4000-8000-000000000061" not in ids
    only = CalendarFilter(markets=frozenset({"m-jp"}), platforms=frozenset({"letter"}),
                          statuses=frozenset({PostStatus.DRAFT}))
    assert service.export_csv(tmp_path / "out.csv", only) == 1
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_bytes().decode("utf-8-sig"), newline="")))
    assert [(row["Market"], row["Platform"]) for row in rows] == [("JP", "Letter, weekly")]


def test_service_export_adds_the_holidays_of_the_markets_shown(service: PlanningService, tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    only_japan = CalendarFilter(markets=frozenset({"m-jp"}))
    service.export_ics(target, only_japan, date(2027, 1, 1), date(2027, 1, 31),
                       IcsOptions(now=NOW, include_holidays=True))
    events = events_by_uid(target.read_bytes())
    summaries = sorted(str(e["SUMMARY"]) for e in events.values() if str(e.get("TRANSP", "")) == "TRANSPARENT")
    assert summaries == ["JP \u00b7 Holiday \u00b7 Coming of Age Day", "JP \u00b7 Holiday \u00b7 New Year's Day"]
    assert holiday_uid("m-jp", date(2027, 1, 1)) in events


def test_service_export_replaces_a_file_whole_or_leaves_it(service: PlanningService, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(b"the previous export")
    service.export_ics(target, options=IcsOptions(now=NOW))
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    exported = target.read_bytes()

    def failing_replace(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputError, match="No space left on device"):
        service.export_csv(target)
    assert target.read_bytes() == exported
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ics", "world.smplan"]  # no temporary file left


def test_service_export_keeps_the_usual_file_permissions(service: PlanningService, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    service.export_csv(target)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_an_empty_export_is_a_valid_calendar(tmp_path: Path) -> None:
    data = calendar_ics(world_plan(), [], IcsOptions(now=NOW))
    calendar = Calendar.from_ical(data)
    assert calendar.walk("VEVENT") == [] and "METHOD" not in calendar


def test_time_zone_years_follow_each_zone_s_events() -> None:
    tokyo_new_year = clock_change_posts()[14]  # starts 2027-12-31 23:50, ends 2028-01-01 00:05
    data = export([tokyo_new_year])
    assert b"TZID:Asia/Tokyo" in data
    event = events_by_uid(data)[tokyo_new_year.id + "@smplanner"]
    assert event.DTEND.replace(tzinfo=None) == datetime(2028, 1, 1, 0, 5)
    assert event.DTSTART.time() == time(23, 50)


@pytest.mark.parametrize(("key", "value"), [("duration_minutes", 0), ("duration_minutes", 1441),
                                            ("reminder_minutes", -1), ("reminder_minutes", 10081)])
def test_options_no_calendar_could_use_are_refused_naming_the_key(key: str, value: int) -> None:
    with pytest.raises(ValueError, match=key):
        IcsOptions(**{key: value})
