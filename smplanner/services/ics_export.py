"""The plan's posts as an iCalendar file (RFC 5545) for the founder's calendar program.

The calendar, its properties and its time zones are icalendar components. The events, thousands alike, are written
by a small writer of their own: icalendar takes about 3 s to serialise 10,000 bare events (tests/benchmarks/
bench_ics.py), and its TEXT escaping turns a literal backslash-N into a line break. The tests prove that icalendar
parses every event back to the post it came from, and serialises it again byte for byte as written here.
"""

from __future__ import annotations

import calendar as gregorian
import io
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from smplanner import __version__
from smplanner.domain.calendar_filter import CalendarFilter
from smplanner.domain.calendar_history import CalendarEvent, ExportedEvent, Reviser, Revision, StampedEvent
from smplanner.domain.plan import POST_STATUS_LABELS, VERSION_STATUS_LABELS, Plan, Post, PostStatus
from smplanner.domain.timezones import zone
from smplanner.i18n import _, ngettext

if TYPE_CHECKING:
    from icalendar import Timezone  # imported when used: the command line starts faster without it

PRODID = "-//smplanner//smplanner {version}//EN"
UID_DOMAIN = "smplanner"
HOLIDAY_EVENT_NAMESPACE = uuid.UUID("9b6f3a52-7c1e-4d0b-8f25-3e9a4c7d1b68")
"""The uuid5 namespace of holiday events' UIDs. Never change it: a re-import would duplicate every holiday."""

STATUS_BY_POST_STATUS = {
    PostStatus.IDEA: "TENTATIVE",
    PostStatus.DRAFT: "TENTATIVE",
    PostStatus.READY: "CONFIRMED",
    PostStatus.PUBLISHED: "CONFIRMED",
    PostStatus.SKIPPED: "CANCELLED",
}
SEPARATOR = " \u00b7 "  # "JP · LinkedIn · title"
_FOLD_OCTETS = 74  # icalendar's folding: at most 74 octets of content per physical line, plus the leading space


@dataclass(frozen=True, slots=True)
class IcsOptions:
    """How the calendar file is made: event length, holidays as all-day events, its name, the moment of the export,
    a reminder before each post, and whether it is a live file (see `write_calendar_ics`)."""

    duration_minutes: int = 15
    include_holidays: bool = False
    calendar_name: str | None = None  # the firm's name by default
    now: datetime | None = None  # the moment of the export (an aware instant; now by default)
    reminder_minutes: int | None = None  # a DISPLAY alarm this long before each post still to publish
    live: bool = False  # a file a calendar subscribes to: only current events, no cancelled ones

    def __post_init__(self) -> None:
        # Every event must end after it starts, and an alarm comes at most a week early (what the dialog and the
        # command line allow).
        if not 1 <= self.duration_minutes <= 24 * 60:
            raise ValueError("duration_minutes must be from 1 to 1440, not {value}".format(value=self.duration_minutes))
        if self.reminder_minutes is not None and not 0 <= self.reminder_minutes <= 7 * 24 * 60:
            raise ValueError("reminder_minutes must be from 0 to 10080, not {value}".format(
                value=self.reminder_minutes))


@dataclass(frozen=True, slots=True)
class CsvOptions:
    """How the CSV is made: with a byte order mark, which spreadsheets need to read it as UTF-8."""

    bom: bool = True


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What the founder asked to export: the posts the filter lets through from first to last (market-local dates,
    inclusive; None leaves that side open), and how to write them (IcsOptions for .ics, CsvOptions for .csv)."""

    filter: CalendarFilter
    first: date | None
    last: date | None
    options: IcsOptions | CsvOptions
    path: Path | None = None  # the live calendar file's (the others are asked for after the dialog)


# --- time zones ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ZoneState:
    offset: timedelta
    dst: timedelta  # negative in zones whose tzdata counts winter as "negative daylight saving" (Europe/Dublin)
    name: str


@dataclass(frozen=True, slots=True)
class _Transition:
    """A change of a zone's offset, daylight flag or abbreviation, at a UTC instant."""

    at: datetime
    before: _ZoneState
    after: _ZoneState

    @property
    def onset(self) -> datetime:
        """The wall-clock time it happens at, on the clock as it was before (RFC 5545's DTSTART of an observance)."""
        return (self.at + self.before.offset).replace(tzinfo=None)



@dataclass(frozen=True, slots=True)
class _Observance:
    """One STANDARD or DAYLIGHT component: its first onset and, when it recurs, its yearly rule."""

    daylight: bool
    onset: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    rule: tuple[tuple[str, object], ...] = ()


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
RULE_MARGIN_YEARS = 1
"""Years of transitions read on each side of the exported ones, so that a yearly rule shows as one."""


def _state(zone_name: str, instant: datetime) -> _ZoneState:
    local = instant.astimezone(zone(zone_name))
    return _ZoneState(local.utcoffset() or timedelta(), local.dst() or timedelta(), local.tzname() or "")


def _transition_at(zone_name: str, earlier: datetime, later: datetime) -> _Transition:
    """The one transition between two instants whose states differ (bisected to the second)."""
    low, high = earlier, later
    old = _state(zone_name, low)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if _state(zone_name, middle) == old:
            low = middle
        else:
            high = middle
    return _Transition(high, old, _state(zone_name, high))


def _transitions(zone_name: str, start: datetime, end: datetime) -> list[_Transition]:
    """The zone's transitions after start up to end (UTC), found day by day."""
    found = []
    day = timedelta(days=1)
    moment, state = start, _state(zone_name, start)
    while moment < end:
        step = min(moment + day, end)
        next_state = _state(zone_name, step)
        if next_state != state:
            found.append(_transition_at(zone_name, moment, step))
            if found[-1].after != next_state:  # two changes within the day: look again from the first
                step = found[-1].at
                next_state = found[-1].after
        moment, state = step, next_state
    return found


def _last_transition_before(zone_name: str, instant: datetime) -> _Transition | None:
    """The transition in effect at an instant, looked for back to 1970 (None: the zone has not changed since)."""
    state = _state(zone_name, instant)
    moment = instant
    while moment > _EPOCH:
        # a week at a time: a state lasting less than a week, long before the export, could only be skipped
        earlier = max(moment - timedelta(days=7), _EPOCH)
        if _state(zone_name, earlier) != state:
            return _transition_at(zone_name, earlier, moment)
        moment = earlier
    return None


def _yearly_rule(onsets: Sequence[datetime]) -> tuple[tuple[str, object], ...] | None:
    """The RRULE giving exactly these onsets, one a year in consecutive years, or None.

    Outlook reads BYDAY=-1SU and BYDAY=2SU; a weekday on or after a day of the month ("Friday from the 23rd") needs
    BYMONTHDAY as well, which is valid RFC 5545 but used only where nothing simpler fits.
    """
    first = onsets[0]
    if any(o.year != first.year + i or (o.month, o.weekday(), o.time()) != (first.month, first.weekday(), first.time())
           for i, o in enumerate(onsets)):
        return None
    weekday = _WEEKDAYS[first.weekday()]
    days = [o.day for o in onsets]
    base = (("FREQ", "YEARLY"), ("BYMONTH", first.month))
    if all(o.day + 7 > gregorian.monthrange(o.year, o.month)[1] for o in onsets):
        return (*base, ("BYDAY", "-1" + weekday))
    nths = {(day - 1) // 7 + 1 for day in days}
    if len(nths) == 1 and nths <= {1, 2, 3, 4}:
        return (*base, ("BYDAY", "{n}{day}".format(n=nths.pop(), day=weekday)))
    low = min(days)
    if max(days) - low <= 6 and low + 6 <= 28:
        return (*base, ("BYDAY", weekday), ("BYMONTHDAY", tuple(range(low, low + 7))))
    return None


@lru_cache(maxsize=64)
def _observances(zone_name: str, first_year: int, last_year: int) -> tuple[_Observance, ...]:
    start = datetime(first_year - RULE_MARGIN_YEARS, 1, 1, tzinfo=UTC) - timedelta(days=1)
    end = datetime(last_year + RULE_MARGIN_YEARS + 1, 1, 1, tzinfo=UTC) + timedelta(days=1)
    transitions = _transitions(zone_name, start, end)
    initial = _last_transition_before(zone_name, start)
    if initial is None:  # unchanged from 1970 to the years read: an observance from 1970-01-01 00:00 on
        state = _state(zone_name, start)
        initial = _Transition(_EPOCH - state.offset, state, state)
    transitions.insert(0, initial)
    # Where tzdata counts winter as negative daylight saving time, winter is STANDARD and summer DAYLIGHT, as
    # calendar programs (and tzdata's own "rearguard" format) expect.
    summer = {t.after.offset - t.after.dst for t in transitions if t.after.dst < timedelta(0)}

    def daylight(state: _ZoneState) -> bool:
        return state.dst > timedelta(0) or (state.dst == timedelta(0) and state.offset in summer)

    by_key: dict[tuple, list[_Transition]] = {}
    for transition in transitions:
        key = (daylight(transition.after), transition.before.offset, transition.after.offset, transition.after.name)
        by_key.setdefault(key, []).append(transition)
    observances = []
    for occurrences in by_key.values():
        runs: list[list[_Transition]] = []
        for transition in occurrences:  # consecutive years that one yearly rule describes
            if runs and _yearly_rule([t.onset for t in (*runs[-1], transition)]) is not None:
                runs[-1].append(transition)
            else:
                runs.append([transition])
        for index, run in enumerate(runs):
            rule = _yearly_rule([t.onset for t in run]) if len(run) > 1 else None
            if rule is not None and (index < len(runs) - 1 or run[-1].at.year < end.year - 1):
                # The rule stops within the years read. UNTIL is a day after the last onset: RFC 5545 wants UTC,
                # dateutil (and so icalendar) reads it as local time; a day later is right both ways, and still
                # nearly a year before the next onset the rule would give.
                rule = (*rule, ("UNTIL", run[-1].at + timedelta(days=1)))
            for transition in run if rule is None else run[:1]:  # no yearly rule: one observance per transition
                observances.append(_Observance(
                    daylight(transition.after), transition.onset, transition.before.offset, transition.after.offset,
                    transition.after.name, rule or ()))
    return tuple(sorted(observances, key=lambda o: o.onset))


def vtimezone(zone_name: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE (icalendar Timezone) for an IANA zone, exact from first_year to last_year inclusive.

    Derived from the zone's transitions: one STANDARD and one DAYLIGHT observance with a yearly RRULE where the zone
    follows a yearly rule (the compact form Outlook reads, rather than icalendar's lists of RDATEs); one STANDARD
    for a zone without daylight saving time; one observance per transition where no yearly rule fits.
    """
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard
    from icalendar.prop import vRecur

    component = Timezone()
    component.add("TZID", zone_name)
    for observance in _observances(zone_name, first_year, last_year):
        part = TimezoneDaylight() if observance.daylight else TimezoneStandard()
        part.add("DTSTART", observance.onset)
        part.add("TZOFFSETFROM", observance.offset_from)
        part.add("TZOFFSETTO", observance.offset_to)
        if observance.name:
            part.add("TZNAME", observance.name)
        if observance.rule:
            part.add("RRULE", vRecur(dict(observance.rule)))
        component.add_component(part)
    return component


# --- events ----------------------------------------------------------------------------------------------------


def escape_text(text: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 says (line breaks of any kind become \\n)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: bytes) -> bytes:
    """A content line folded as icalendar folds it: at most 75 octets a line, never inside a UTF-8 character,
    never right after a backslash or a caret (some programs misread an escape split over two lines)."""
    if len(line) <= _FOLD_OCTETS:
        return line
    parts = []
    start = 0
    while len(line) - start > _FOLD_OCTETS:
        end = start + _FOLD_OCTETS
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        if line[end - 1] in b"\\^" and end - start > 1:
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return "{:%Y%m%dT%H%M%SZ}".format(moment.astimezone(UTC))


class _ZoneYears(dict):
    """The first and last year each zone's local times are written in."""

    def note(self, zone_name: str, year: int) -> None:
        first, last = self.get(zone_name, (year, year))
        self[zone_name] = (min(first, year), max(last, year))


def _date_time(name: str, instant: datetime, zone_name: str, years: _ZoneYears) -> str:
    """DTSTART or DTEND as the wall-clock time in the zone (TZID), or in UTC where that wall-clock time happens twice
    (a repeated hour): RFC 5545 reads such a local time as its first occurrence, but libical, ical.js, node-ical and
    khal read it as the second, so neither occurrence can be named by its local time in every program."""
    local = instant.astimezone(zone(zone_name))
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return "{name}:{at}".format(name=name, at=_stamp(instant))
    years.note(zone_name, local.year)
    return "{name};TZID={zone}:{at:%Y%m%dT%H%M%S}".format(name=name, zone=zone_name, at=local)


def _description(post: Post, names: _Names, content_type: str | None) -> str:
    """Each version first (what the founder copies): its language and status on a line, its text below; then the
    post's status, its publishing log and its content type."""
    blocks = []
    for version in post.versions:
        head = _("{language} ({status}):").format(language=names.language(version.language),
                                                  status=_(VERSION_STATUS_LABELS[version.status]).lower())
        blocks.append(head + ("\n" + version.text if version.text else ""))
    status = _(POST_STATUS_LABELS[post.status])
    if post.published_at is not None:
        status = _("{status} on {at} UTC").format(status=status, at="{:%Y-%m-%d %H:%M}".format(post.published_at))
    lines = [_("Status: {status}").format(status=status)]
    if post.published_url:
        lines.append(post.published_url)
    if post.skip_reason:
        lines.append(_("Skipped because: {reason}").format(reason=post.skip_reason))
    if content_type:
        lines.append(_("Content type: {name}").format(name=content_type))
    blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


class _Names:
    """Language names in the UI language, each looked up once (an export may hold tens of thousands of posts)."""

    def __init__(self) -> None:
        self._languages: dict[str, str] = {}

    def language(self, code: str) -> str:
        from smplanner.i18n.formatting import language_name

        name = self._languages.get(code)
        if name is None:
            name = self._languages[code] = language_name(code)
        return name


def _alarm(post: Post, summary: str, minutes: int) -> list[str]:
    """A DISPLAY alarm `minutes` before the post, saying what to publish: the summary, then the first version's text
    (the one written first, the one the others are translated from)."""
    text = next((version.text for version in post.versions if version.text.strip()), "")
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:" + escape_text(summary + ("\n\n" + text if text else "")),
        "TRIGGER:-PT{minutes}M".format(minutes=minutes),
        "END:VALARM",
    ]


def _post_event(post: Post, market: str, platform: str, names: _Names, content_type: str | None,
                options: IcsOptions, years: _ZoneYears) -> CalendarEvent:
    """A post's VEVENT: its content lines in icalendar's order (SUMMARY, DTSTART, DTEND, UID, then the other
    properties by name, then the alarm), less DTSTAMP, SEQUENCE and LAST-MODIFIED."""
    instant = post.instant
    end = instant + timedelta(minutes=options.duration_minutes)
    summary = SEPARATOR.join(part for part in (market, platform, post.title or content_type) if part)
    lines = [
        "SUMMARY:" + escape_text(summary),
        _date_time("DTSTART", instant, post.zone, years),
        _date_time("DTEND", end, post.zone, years),
        "UID:" + escape_text("{id}@{domain}".format(id=post.id, domain=UID_DOMAIN)),
        "CATEGORIES:" + ",".join(escape_text(category) for category in (market, platform) if category),
        "DESCRIPTION:" + escape_text(_description(post, names, content_type)),
        "STATUS:" + STATUS_BY_POST_STATUS[post.status],
    ]
    if options.reminder_minutes is not None and not post.is_done:
        lines += _alarm(post, summary, options.reminder_minutes)
    return CalendarEvent("{id}@{domain}".format(id=post.id, domain=UID_DOMAIN), tuple(lines), post.local.date(),
                         instant, end, summary, post.revision, post.modified_at)


def holiday_uid(market_id: str, day: date) -> str:
    """A holiday event's UID, the same in every export (uuid5 of the market and the day)."""
    name = "{market}/{day}".format(market=market_id, day=day.isoformat())
    return "{id}@{domain}".format(id=uuid.uuid5(HOLIDAY_EVENT_NAMESPACE, name), domain=UID_DOMAIN)


def _holiday_event(market_id: str, market: str, day: date, name: str) -> CalendarEvent:
    holiday = _("Holiday")
    summary = SEPARATOR.join((market, holiday, name))
    lines = (
        "SUMMARY:" + escape_text(summary),
        "DTSTART;VALUE=DATE:{:%Y%m%d}".format(day),
        "DTEND;VALUE=DATE:{:%Y%m%d}".format(day + timedelta(days=1)),
        "UID:" + holiday_uid(market_id, day),
        "CATEGORIES:" + ",".join(escape_text(category) for category in (market, holiday)),
        "TRANSP:TRANSPARENT",
    )
    return CalendarEvent(holiday_uid(market_id, day), lines, day, None, None, summary)


def _property_name(line: str) -> str:
    return line.split(":", 1)[0].split(";", 1)[0]


def _stamped_lines(stamped: StampedEvent) -> list[str]:
    """The whole VEVENT: DTSTAMP after DTEND, SEQUENCE after UID, LAST-MODIFIED among the other properties by name,
    where icalendar writes them."""
    lines = stamped.event.lines
    stamp = _stamp(stamped.stamp)
    components = next((index for index, line in enumerate(lines) if line.startswith("BEGIN:")), len(lines))
    rest = sorted([*lines[4:components], "LAST-MODIFIED:" + stamp], key=_property_name)
    return ["BEGIN:VEVENT", *lines[:3], "DTSTAMP:" + stamp, lines[3],
            "SEQUENCE:{n}".format(n=stamped.sequence), *rest, *lines[components:], "END:VEVENT"]


def _date_or_utc(name: str, moment: datetime | None, day: date, days: int) -> str:
    if moment is None:
        return "{name};VALUE=DATE:{day:%Y%m%d}".format(name=name, day=day + timedelta(days=days))
    return "{name}:{at}".format(name=name, at=_stamp(moment))


def _cancelled_lines(gone: ExportedEvent) -> list[str]:
    """A removed event as a cancellation: its last summary and time (in UTC, which needs no time zone), a higher
    SEQUENCE, STATUS:CANCELLED."""
    stamp = _stamp(gone.stamped_at)
    return [
        "BEGIN:VEVENT",
        "SUMMARY:" + escape_text(gone.summary),
        _date_or_utc("DTSTART", gone.starts, gone.day, 0),
        _date_or_utc("DTEND", gone.ends, gone.day, 1),
        "DTSTAMP:" + stamp,
        "UID:" + escape_text(gone.uid),
        "SEQUENCE:{n}".format(n=gone.sequence),
        "LAST-MODIFIED:" + stamp,
        "STATUS:CANCELLED",
        "END:VEVENT",
    ]


@dataclass(frozen=True, slots=True)
class CalendarWrite:
    """What writing a calendar file gave: how many posts it holds, and the revision it writes (what its target
    remembers from now on)."""

    posts: int
    revision: Revision

    @property
    def cancelled(self) -> int:
        """How many removed events it carries as cancelled."""
        return len(self.revision.cancelled)


def calendar_ics(
    plan: Plan,
    posts: Iterable[Post],
    options: IcsOptions | None = None,
    holidays: Mapping[str, Mapping[date, str]] | None = None,
    history: Mapping[str, ExportedEvent] | None = None,
) -> bytes:
    """`write_calendar_ics` into bytes (for a calendar held in memory)."""
    out = io.BytesIO()
    write_calendar_ics(out, plan, posts, options, None if holidays is None else lambda _first, _last: holidays,
                       history)
    return out.getvalue()


def write_calendar_ics(
    out: BinaryIO,
    plan: Plan,
    posts: Iterable[Post],
    options: IcsOptions | None = None,
    holidays: Callable[[date | None, date | None], Mapping[str, Mapping[date, str]]] | None = None,
    history: Mapping[str, ExportedEvent] | None = None,
    first: date | None = None,
    last: date | None = None,
) -> CalendarWrite:
    """Write the posts as an iCalendar file for a target that was given `history` before (nothing: a new file).

    One VEVENT per post (its UID stays the same across exports, so a re-import updates instead of duplicating), with
    the SEQUENCE, DTSTAMP and LAST-MODIFIED the `Reviser` gives it; when options.include_holidays, each market's
    holidays as all-day events (`holidays` is asked for them, per market id {date: name}, with the first and last
    date of the posts written); the events the target had, dated from first to last, that the posts no longer hold,
    as cancelled events (unless options.live: a file a calendar subscribes to holds only what is current); the
    VTIMEZONE of each zone used.

    No METHOD: the file is a plain iCalendar object, not an iTIP message (RFC 5546), which would need an ORGANIZER
    with an e-mail address and makes some programs treat each event as an invitation.

    The posts are read once and never held: their events go to a spool file while the zones they use are noted,
    then the calendar's head (which lists those zones) is written, the events after it.
    """
    from icalendar import Calendar
    from icalendar.prop import vUnknown

    options = options or IcsOptions()
    now = (options.now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    reviser = Reviser(history or {}, now, first, last)
    catalogue = plan.catalogue()
    codes = {market.id: market.code for market in plan.markets}
    content_types = {content_type.id: content_type.name for content_type in plan.content_types}
    platforms: dict[str, str] = {}
    names = _Names()
    years = _ZoneYears()
    count = 0
    low: date | None = None
    high: date | None = None
    with tempfile.TemporaryFile() as spool:

        def spooled(lines: list[str]) -> None:
            spool.write(b"".join(fold(line.encode("utf-8")) + b"\r\n" for line in lines))

        for post in posts:
            platform = platforms.get(post.platform)
            if platform is None:
                platform = platforms[post.platform] = catalogue.name(post.platform)
            event = _post_event(post, codes.get(post.market_id, ""), platform, names,
                                content_types.get(post.content_type_id or ""), options, years)
            spooled(_stamped_lines(reviser.stamp(event)))
            count += 1
            day = event.day
            low = day if low is None or day < low else low
            high = day if high is None or day > high else high
        if options.include_holidays and holidays is not None:
            found = holidays(low, high)
            for market_id, days in sorted(found.items(), key=lambda item: codes.get(item[0], item[0])):
                for day, name in sorted(days.items()):
                    event = _holiday_event(market_id, codes.get(market_id, ""), day, name)
                    spooled(_stamped_lines(reviser.stamp(event)))
        revision = reviser.finish()
        if not options.live:
            for gone in revision.cancelled:
                spooled(_cancelled_lines(gone))

        calendar = Calendar()
        calendar.add("PRODID", PRODID.format(version=__version__))
        calendar.add("VERSION", "2.0")
        calendar.add("CALSCALE", "GREGORIAN")
        # Escaped here: icalendar writes NAME as it is ("Smith, Jones" unescaped) and vText reads a literal \N as a
        # break.
        name = vUnknown(escape_text(options.calendar_name or plan.firm.name))
        calendar.add("NAME", name)  # RFC 7986
        calendar.add("X-WR-CALNAME", name)  # what Outlook, Apple Calendar and Google Calendar read
        for zone_name, (first_year, last_year) in sorted(years.items()):
            calendar.add_component(vtimezone(zone_name, first_year, last_year))
        end = b"END:VCALENDAR\r\n"
        head = calendar.to_ical()
        assert head.endswith(end)
        out.write(head[: -len(end)])
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        out.write(end)
    return CalendarWrite(count, revision)


# --- what a calendar file is written with, as a target remembers it -----------------------------------------------


def target_settings(filter: CalendarFilter, options: IcsOptions) -> dict[str, object]:
    """A calendar file's filter and options as JSON values (stored with its target; a live file is written with
    them after every change)."""
    return {
        "markets": sorted(filter.markets),
        "platforms": sorted(filter.platforms),
        "statuses": sorted(status.value for status in filter.statuses),
        "actors": sorted(filter.actors),
        "duration_minutes": options.duration_minutes,
        "include_holidays": options.include_holidays,
        "reminder_minutes": options.reminder_minutes,
    }


def settings_filter(settings: Mapping[str, object]) -> CalendarFilter:
    """The filter `target_settings` stored (a key it lacks lets everything through)."""
    def ids(key: str) -> frozenset[str]:
        value = settings.get(key, ())
        return frozenset(str(item) for item in value) if isinstance(value, list) else frozenset()

    statuses = frozenset(PostStatus(value) for value in ids("statuses") if value in set(PostStatus))
    return CalendarFilter(ids("markets"), ids("platforms"), statuses, actors=ids("actors"))


def settings_options(settings: Mapping[str, object], live: bool = False) -> IcsOptions:
    """The options `target_settings` stored (the defaults for what it lacks)."""
    default = IcsOptions()
    duration = settings.get("duration_minutes")
    reminder = settings.get("reminder_minutes")
    return IcsOptions(
        duration_minutes=duration if isinstance(duration, int) and 1 <= duration <= 1440 else default.duration_minutes,
        include_holidays=settings.get("include_holidays") is True,
        reminder_minutes=reminder if isinstance(reminder, int) and 0 <= reminder <= 7 * 24 * 60 else None,
        live=live,
    )


def cancelled_message(count: int) -> str:
    """What an export to a file that had them says of the posts removed since (written there as cancelled)."""
    from smplanner.i18n.formatting import format_number

    return ngettext(
        "{count} post removed since the last export to this file is in it as cancelled, so your calendar removes it.",
        "{count} posts removed since the last export to this file are in it as cancelled, so your calendar removes "
        "them.", count,
    ).format(count=format_number(count))


@dataclass(frozen=True, slots=True)
class CalendarWritten:
    """What writing a calendar file did: how many posts it holds and how many removed events it cancels."""

    path: Path
    posts: int
    cancelled: int = 0
    remembered: bool = True  # False: the plan could not record what the file was given (opened read-only)
