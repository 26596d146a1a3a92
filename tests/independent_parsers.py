"""Calendar parsers nobody here wrote, reading our calendar files: libical (Evolution's engine, through a small C
program built with the machine's compiler), ical.js (Thunderbird's parser, through Node.js), vobject and icalendar.

Each reader gives every event's UID, start and end (aware UTC instants; a date for an all-day event), STATUS,
SEQUENCE and alarms, so that a test can hold what each program understood against the plan. The README's test
command installs what they need (libical-dev and pkg-config from Debian, ical.js from the npm registry into
tests/parsers/node_modules, vobject as a test extra); a reader that cannot run fails the test, it never skips it.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

PARSERS = Path(__file__).parent / "parsers"


@dataclass(frozen=True)
class ReadEvent:
    uid: str
    start: datetime | date
    end: datetime | date | None
    status: str | None
    sequence: int
    alarms: int
    trigger_seconds: int | None


@dataclass(frozen=True)
class ReadCalendar:
    events: dict[str, ReadEvent]
    problems: tuple[str, ...]
    restrictions_pass: bool


def _moment(text: str) -> datetime | date | None:
    if text == "-":
        return None
    if len(text) == 8:  # YYYYMMDD: an all-day event (instants from 2001 to 2286 have 10 digits)
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return datetime.fromtimestamp(int(text), UTC)


def _parse_lines(output: str) -> ReadCalendar:
    events: dict[str, ReadEvent] = {}
    problems: list[str] = []
    passed = False
    for line in output.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "EVENT":
            uid, start, end, status, sequence, alarms, trigger = rest.split(" ")
            events[uid] = ReadEvent(uid, _moment(start), _moment(end), None if status == "-" else status,
                                    int(sequence), int(alarms), None if trigger == "-" else int(trigger))
        elif kind == "PROBLEM":
            problems.append(rest)
        elif kind == "CHECK":
            passed = rest.strip() == "1"
    return ReadCalendar(events, tuple(problems), passed)


def libical_reader(build_folder: Path) -> Path:
    """The libical reader program, built once into `build_folder` (gcc and pkg-config's flags for libical)."""
    source = PARSERS / "libical_read.c"
    program = build_folder / ("libical_read_" + hashlib.sha256(source.read_bytes()).hexdigest()[:12])
    if not program.exists():
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libical"], capture_output=True, text=True,
                               check=True).stdout.split()
        subprocess.run(["gcc", "-O1", "-o", str(program), str(source), *flags], check=True)
    return program


def read_with_libical(program: Path, path: Path) -> ReadCalendar:
    result = subprocess.run([str(program), str(path)], capture_output=True, text=True, check=True)
    return _parse_lines(result.stdout)


def read_with_icaljs(path: Path) -> ReadCalendar:
    if not (PARSERS / "node_modules" / "ical.js").is_dir():
        raise AssertionError("ical.js is not installed: run `npm ci --prefix tests/parsers` (see the README)")
    result = subprocess.run(["node", str(PARSERS / "icaljs_read.mjs"), str(path)], capture_output=True, text=True,
                            check=True, cwd=PARSERS)
    return _parse_lines(result.stdout)


def _utc(value: datetime | date) -> datetime | date:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, value
        return value.astimezone(UTC)
    return value


def read_with_vobject(data: bytes) -> ReadCalendar:
    import vobject

    calendar = vobject.readOne(data.decode("utf-8"))
    events = {}
    for event in getattr(calendar, "vevent_list", []):
        alarms = getattr(event, "valarm_list", [])
        trigger = alarms[0].trigger.value if alarms else None
        events[event.uid.value] = ReadEvent(
            event.uid.value, _utc(event.dtstart.value), _utc(event.dtend.value) if hasattr(event, "dtend") else None,
            event.status.value if hasattr(event, "status") else None,
            int(event.sequence.value) if hasattr(event, "sequence") else 0, len(alarms),
            int(trigger.total_seconds()) if trigger is not None else None)
    return ReadCalendar(events, (), True)


def read_with_icalendar(data: bytes) -> ReadCalendar:
    from icalendar import Calendar

    events = {}
    for event in Calendar.from_ical(data).walk("VEVENT"):
        alarms = event.walk("VALARM")
        trigger = alarms[0]["TRIGGER"].dt if alarms else None
        events[str(event["UID"])] = ReadEvent(
            str(event["UID"]), _utc(event.DTSTART), _utc(event.DTEND) if "DTEND" in event else None,
            str(event["STATUS"]) if "STATUS" in event else None, int(event.get("SEQUENCE", 0)), len(alarms),
            int(trigger.total_seconds()) if trigger is not None else None)
    return ReadCalendar(events, (), True)
