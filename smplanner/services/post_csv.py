"""The plan's posts as a CSV for a spreadsheet, and posts read back from one: our own CSV, or Hootsuite's bulk format.

Our CSV has one row per post, its language versions side by side (a "Text (ja)" and a "Version status (ja)" column
for each language the exported posts have), so that a spreadsheet counts, sorts and edits posts, not versions. A
stable "Post id" column lets an edited file update the posts it came from. Offsets are written "UTC+09:00", which
no spreadsheet turns into a time or a duration.

Reading a CSV never guesses: a date such as 03/04/2027 whose order the file does not settle needs the order said
(the app asks, the command line takes --date-format); a wall-clock time that happens twice needs its UTC offset; a
Hootsuite file, which has no market, platform or zone, needs them said. Every row is checked before anything is
written, and a file with a bad row is refused whole, each problem named by line and column.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, BinaryIO

from smplanner.domain.plan import (
    POST_STATUS_LABELS,
    VERSION_STATUS_LABELS,
    Market,
    Plan,
    Post,
    PostError,
    PostStatus,
    PostVersion,
    VersionStatus,
    new_id,
)
from smplanner.domain.timezones import zone
from smplanner.domain.validation import InvalidValue, check, check_version
from smplanner.i18n import N_, _, every_translation, ngettext

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet runs as a formula at the start of a cell (OWASP's list for CSV injection)."""

# The columns of our CSV, by key; the header shows each in the UI language, and reading accepts any UI language.
POST_ID, DATE, LOCAL_TIME, OFFSET, ZONE, UTC_TIME, MARKET, PLATFORM, CONTENT_TYPE, STATUS, TITLE, PUBLISHED, LINK, \
    REASON = ("post_id", "date", "local_time", "offset", "zone", "utc_time", "market", "platform", "content_type",
              "status", "title", "published", "link", "reason")
COLUMN_LABELS = {
    POST_ID: N_("Post id"),
    DATE: N_("Date"),
    LOCAL_TIME: N_("Local time"),
    OFFSET: N_("UTC offset"),
    ZONE: N_("Time zone"),
    UTC_TIME: N_("UTC time"),
    MARKET: N_("Market"),
    PLATFORM: N_("Platform"),
    CONTENT_TYPE: N_("Content type"),
    STATUS: N_("Status"),
    TITLE: N_("Title"),
    PUBLISHED: N_("Published (UTC)"),
    LINK: N_("Link"),
    REASON: N_("Reason skipped"),
}
BEFORE_VERSIONS = (POST_ID, DATE, LOCAL_TIME, OFFSET, ZONE, UTC_TIME, MARKET, PLATFORM, CONTENT_TYPE, STATUS, TITLE)
AFTER_VERSIONS = (PUBLISHED, LINK, REASON)
REQUIRED = (DATE, LOCAL_TIME, MARKET, PLATFORM)
TEXT_LABEL = N_("Text ({language})")
VERSION_STATUS_LABEL = N_("Version status ({language})")
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")


def neutralised(cell: str) -> str:
    """A cell a spreadsheet shows as text rather than runs as a formula: prefixed with a single quote when it starts
    with = + - @, a tab or a carriage return."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _plain(cell: str) -> str:
    """A neutralised cell as it was (the quote `neutralised` added taken away)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def utc_offset(moment: datetime) -> str:
    """The offset of an aware moment as "UTC+09:00", "UTC-03:30" or "UTC+00:00"."""
    offset = moment.utcoffset()
    assert offset is not None
    return _offset_text(offset)


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return "UTC{sign}{hours:02d}:{minutes:02d}".format(sign=sign, hours=abs(minutes) // 60, minutes=abs(minutes) % 60)


def csv_header(languages: Sequence[str]) -> list[str]:
    """The header row in the UI language: the post's columns, a text and a status column per language, the log."""
    versions = [label.format(language=code) for code in languages
                for label in (_(TEXT_LABEL), _(VERSION_STATUS_LABEL))]
    return [*(_(COLUMN_LABELS[key]) for key in BEFORE_VERSIONS), *versions,
            *(_(COLUMN_LABELS[key]) for key in AFTER_VERSIONS)]


def csv_export(plan: Plan, posts: Iterable[Post], bom: bool = True) -> bytes:
    """`write_csv` into bytes (for a table held in memory)."""
    out = io.BytesIO()
    write_csv(out, plan, posts, bom)
    return out.getvalue()


def write_csv(out: BinaryIO, plan: Plan, posts: Iterable[Post], bom: bool = True) -> int:
    """Write the posts as CSV, UTF-8 (with a byte order mark unless bom is False): a header, then one row per post,
    with a text and a status column for each language the posts' versions are in (in the order they first appear).
    Returns how many posts it wrote.

    Dates, times, offsets and instants are computed and never start a formula; the cells that come from the plan
    (market, platform, content type, statuses, title, texts, link, reason) are neutralised. Language codes ("ja") and
    statuses ("ready", "to_translate") are the stable values, whatever the UI language; the header is in the UI
    language (and read back in any).

    The posts are read once and never held: their rows go to a spool file while their languages are noted, then the
    header (which names those languages) is written, the rows after it.
    """
    catalogue = plan.catalogue()
    codes = {market.id: market.code for market in plan.markets}
    content_types = {content_type.id: content_type.name for content_type in plan.content_types}
    languages: dict[str, None] = {}
    count = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for post in posts:
            count += 1
            instant = post.instant
            local = instant.astimezone(zone(post.zone))
            what = [neutralised(cell) for cell in (
                codes.get(post.market_id, ""), catalogue.name(post.platform),
                content_types.get(post.content_type_id or "", ""), post.status.value, post.title)]
            cells = [post.id, local.date().isoformat(), "{:%H:%M}".format(local), utc_offset(local), post.zone,
                     "{:%Y-%m-%dT%H:%M:%SZ}".format(instant), *what]
            versions = {version.language: [neutralised(version.text), version.status.value]
                        for version in post.versions}
            languages.update(dict.fromkeys(versions))
            log = ["{:%Y-%m-%dT%H:%M:%SZ}".format(post.published_at) if post.published_at else "",
                   neutralised(post.published_url), neutralised(post.skip_reason)]
            spool.write(json.dumps([cells, versions, log]) + "\n")  # one line: JSON escapes line breaks
        if bom:
            out.write("\ufeff".encode())
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow(csv_header(list(languages)))
        spool.seek(0)
        for line in spool:
            cells, versions, log = json.loads(line)
            writer.writerow([*cells, *(cell for code in languages for cell in versions.get(code, ("", ""))), *log])
        text.flush()
        text.detach()  # the caller's stream stays open
    return count


# --- reading ------------------------------------------------------------------------------------------------------


class CsvFormat(StrEnum):
    OWN = "own"  # what csv_export writes (or a spreadsheet's edit of it)
    HOOTSUITE = "hootsuite"  # Hootsuite's bulk composer: date and time, message, link; no header


class DateOrder(StrEnum):
    """How a date written with slashes, dots or dashes orders its day and month."""

    DAY_FIRST = "day-first"  # 03/04/2027 is the 3rd of April
    MONTH_FIRST = "month-first"  # 03/04/2027 is the 4th of March


DATE_ORDER_LABELS = {
    DateOrder.DAY_FIRST: N_("day/month/year"),
    DateOrder.MONTH_FIRST: N_("month/day/year"),
}


class TimesIn(StrEnum):
    """The clock a Hootsuite file's times are on (the file does not say)."""

    MARKET = "market"
    HOME = "home"


class CsvFileError(ValueError):
    """A file that cannot be read as posts at all (not UTF-8, no rows, unknown or missing columns); the message says
    where and why."""


@dataclass(frozen=True, slots=True)
class ImportChoices:
    """What a file may leave open and the founder says: the order of its dates, and for a Hootsuite file the market,
    the platform and the clock its times are on."""

    date_order: DateOrder | None = None
    market_id: str | None = None
    platform: str | None = None
    times_in: TimesIn | None = None


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one cell of the file cannot be read: its line (1 is the first line of the file) and column."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Line {line}, column \u201c{column}\u201d: {problem}").format(
            line=self.line, column=self.column, problem=self.message)


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One row of the file read as a post: the post as it will be stored, and as it is now (None: a new post)."""

    line: int
    post: Post
    before: Post | None

    @property
    def changes(self) -> bool:
        return self.before is None or self.before != self.post


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What importing a file would do, before anything is written: the rows read, the problems found, what the
    founder must still say (`needs`: "date_order", "market", "platform", "times_in") and what the file allows."""

    format: CsvFormat
    rows: tuple[ImportRow, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    needs: tuple[str, ...] = ()
    date_orders: tuple[DateOrder, ...] = ()  # the orders the file's dates allow (both: ask)
    choices: ImportChoices = field(default_factory=ImportChoices)

    @property
    def ready(self) -> bool:
        """Whether it can be imported as it is: nothing to ask, no problem, something to import."""
        return not self.needs and not self.problems and bool(self.rows)

    @property
    def created(self) -> int:
        return sum(1 for row in self.rows if row.before is None)

    @property
    def updated(self) -> int:
        return sum(1 for row in self.rows if row.before is not None and row.changes)

    @property
    def unchanged(self) -> int:
        return sum(1 for row in self.rows if not row.changes)

    def summary(self) -> str:
        """What importing it does, in words: "1 new post, 3 updated, 619 unchanged"."""
        return _("{new}, {updated}, {same}").format(
            new=ngettext("{count} new post", "{count} new posts", self.created).format(count=self.created),
            updated=ngettext("{count} updated", "{count} updated", self.updated).format(count=self.updated),
            same=ngettext("{count} unchanged", "{count} unchanged", self.unchanged).format(count=self.unchanged))


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvFileError(_(
            "The file is not UTF-8 text; save it from the spreadsheet as \u201cCSV UTF-8\u201d.")) from None
    if "\x00" in text:
        raise CsvFileError(_("The file is not a CSV file."))
    return text


def _delimiter(text: str) -> str:
    """The separator of the first line: a comma, or the semicolon or tab some spreadsheets write instead."""
    first = text.split("\n", 1)[0]
    counts = {delimiter: len(next(csv.reader([first], delimiter=delimiter), [])) for delimiter in ",;\t"}
    return max(counts, key=lambda delimiter: (counts[delimiter], delimiter == ","))


def _records(text: str) -> list[tuple[int, list[str]]]:
    """The file's records, each with the line it starts on; blank records left out."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    records = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        raise CsvFileError(_("Line {line}: {problem}").format(line=reader.line_num, problem=error)) from None
    return records


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


_DATE = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")


def _date_parts(text: str) -> tuple[int, int, int] | None:
    match = _DATE.fullmatch(text.strip())
    return None if match is None else (int(match[1]), int(match[2]), int(match[3]))


def _orders_of(parts: tuple[int, int, int]) -> set[DateOrder | None]:
    """The orders a date's numbers allow; {None} for a year-first (ISO) date."""
    first, second, third = parts
    if first > 31:
        return {None}
    if third < 100 or third > 31:
        orders: set[DateOrder | None] = set()
        if 1 <= second <= 12 and 1 <= first <= 31:
            orders.add(DateOrder.DAY_FIRST)
        if 1 <= first <= 12 and 1 <= second <= 31:
            orders.add(DateOrder.MONTH_FIRST)
        return orders
    return set()


def _read_date(text: str, order: DateOrder | None) -> date:
    """A date as written: year first (2027-04-03, 2027/04/03), or day and month in the given order with a year of
    four digits or two (27 is 2027). ValueError says what is wrong."""
    parts = _date_parts(text)
    if parts is None:
        raise ValueError(_("\u201c{value}\u201d is not a date such as 2027-04-03.").format(value=text))
    first, second, third = parts
    try:
        if first > 31:
            return date(first, second, third)
        if order is None:
            raise ValueError(_("\u201c{value}\u201d could be day/month or month/day.").format(value=text))
        year = third + 2000 if third < 100 else third
        day, month = (first, second) if order is DateOrder.DAY_FIRST else (second, first)
        return date(year, month, day)
    except ValueError as error:
        if "could be" in str(error):
            raise
        raise ValueError(_("\u201c{value}\u201d is not a date.").format(value=text)) from None


def _read_time(text: str) -> time:
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ValueError(_("\u201c{value}\u201d is not a time such as 09:30.").format(value=text))
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            raise ValueError(_("\u201c{value}\u201d is not a time such as 09:30.").format(value=text))
        hour = hour % 12 + (12 if match[4].lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(_("\u201c{value}\u201d is not a time such as 09:30.").format(value=text))
    return time(hour, minute)


_OFFSET = re.compile(r"(?:UTC|GMT)?\s*(?:([+\-\u2212])(\d{1,2})(?::?(\d{2}))?)?")


def _read_offset(text: str) -> timedelta:
    match = _OFFSET.fullmatch(text.strip())
    if match is None or not text.strip():
        raise ValueError(_("\u201c{value}\u201d is not an offset such as UTC+09:00.").format(value=text))
    if match[1] is None:
        return timedelta(0)
    offset = timedelta(hours=int(match[2]), minutes=int(match[3] or 0))
    return -offset if match[1] in "-\u2212" else offset


def _local_instant(day: date, at: time, zone_name: str, offset: timedelta | None) -> tuple[datetime, int]:
    """A wall-clock time in a zone as the post's stored local time and fold. ValueError when it does not exist there,
    happens twice and no offset says which, or has an offset the zone does not have then."""
    local = datetime.combine(day, at)
    tz = zone(zone_name)
    first, second = local.replace(tzinfo=tz, fold=0), local.replace(tzinfo=tz, fold=1)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local:
        raise ValueError(_("{time} does not exist in {zone} on {date}: the clocks skip it.").format(
            time=at.strftime("%H:%M"), zone=zone_name, date=day.isoformat()))
    folds = [fold for fold, moment in ((0, first), (1, second)) if offset is None or moment.utcoffset() == offset]
    if not folds:
        raise ValueError(_("{time} in {zone} on {date} is not at {offset}.").format(
            time=at.strftime("%H:%M"), zone=zone_name, date=day.isoformat(),
            offset=_offset_text(offset or timedelta(0))))
    if first.utcoffset() != second.utcoffset() and len(folds) == 2:
        raise ValueError(_(
            "{time} happens twice in {zone} on {date}; give its UTC offset ({first} or {second})."
        ).format(
            time=at.strftime("%H:%M"), zone=zone_name, date=day.isoformat(), first=utc_offset(first),
            second=utc_offset(second)))
    return local, folds[0] if first.utcoffset() != second.utcoffset() else 0


class _Row:
    """One record being read: its cells by column key, and the problems found in it, each naming its column."""

    def __init__(self, line: int, cells: Mapping[str, str], names: Mapping[str, str]) -> None:
        self.line = line
        self.cells = cells
        self.names = names
        self.problems: list[RowProblem] = []

    def get(self, key: str) -> str:
        return self.cells.get(key, "").strip()

    def fail(self, key: str, message: str) -> None:
        self.problems.append(RowProblem(self.line, self.names.get(key, key), message))

    def read(self, key: str, reader: Callable[[str], object]) -> object | None:
        try:
            return reader(self.get(key))
        except ValueError as error:
            self.fail(key, str(error))
            return None


def _header_keys(header: Sequence[str]) -> tuple[dict[int, str], list[str], list[str]]:
    """Our CSV's columns by index (a key, or ("text"|"status", language) packed as "text:ja"), with the unknown
    column names and the missing required ones."""
    known: dict[str, str] = {}
    for key, label in COLUMN_LABELS.items():
        for name in every_translation(label):
            known[name.casefold()] = key
    patterns = []
    for kind, label in (("text", TEXT_LABEL), ("status", VERSION_STATUS_LABEL)):
        for name in every_translation(label):
            head, _sep, tail = name.partition("{language}")
            patterns.append((kind, head.casefold(), tail.casefold()))
    keys: dict[int, str] = {}
    unknown = []
    for index, name in enumerate(header):
        cell = name.strip().casefold()
        if cell in known:
            keys[index] = known[cell]
            continue
        for kind, head, tail in patterns:
            if cell.startswith(head) and cell.endswith(tail) and len(cell) > len(head) + len(tail):
                code = name.strip()[len(head):len(name.strip()) - len(tail)].strip()
                if LANGUAGE_CODE.fullmatch(code):
                    keys[index] = "{kind}:{code}".format(kind=kind, code=code)
                    break
        else:
            if cell:
                unknown.append(name.strip())
    missing = [_(COLUMN_LABELS[key]) for key in REQUIRED if key not in keys.values()]
    return keys, unknown, missing


def is_own_header(record: Sequence[str]) -> bool:
    """Whether a first record is our CSV's header (in any UI language): it names a date and a market column."""
    keys, _unknown, _missing = _header_keys(record)
    return {DATE, MARKET} <= set(keys.values())


def _by_name(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name.casefold(): key for key, name in items}


def _status_names() -> dict[str, PostStatus]:
    names = {status.value: status for status in PostStatus}
    for status, label in POST_STATUS_LABELS.items():
        for name in every_translation(label):
            names[name.casefold()] = status
    return names


def _version_status_names() -> dict[str, VersionStatus]:
    names = {status.value: status for status in VersionStatus}
    for status, label in VERSION_STATUS_LABELS.items():
        for name in every_translation(label):
            names[name.casefold()] = status
    return names


class _PlanNames:
    """The plan's markets, platforms and content types by the names a file may use for them (any case)."""

    def __init__(self, plan: Plan) -> None:
        catalogue = plan.catalogue()
        self.plan = plan
        self.markets = {market.code.casefold(): market for market in plan.markets}
        for market in plan.markets:  # a country code alone names the market when only one has it
            if sum(1 for other in plan.markets if other.country == market.country) == 1:
                self.markets.setdefault(market.country.casefold(), market)
        self.platforms: dict[str, str] = {}
        for info in catalogue.platforms:
            self.platforms[info.id.casefold()] = info.id
            self.platforms.setdefault(catalogue.name(info.id).casefold(), info.id)
        self.content_types = _by_name((c.id, c.name) for c in plan.content_types)
        self.presences = {(p.market_id, p.platform): p.id for p in plan.presences}

    def market(self, text: str) -> Market:
        market = self.markets.get(text.strip().casefold())
        if market is None:
            codes = ", ".join(sorted(m.code for m in self.plan.markets)) or _("none")
            raise ValueError(_("No market \u201c{code}\u201d in this plan; its markets are: {codes}.").format(
                code=text, codes=codes))
        return market

    def platform(self, text: str) -> str:
        platform = self.platforms.get(text.strip().casefold())
        if platform is None:
            raise ValueError(_("\u201c{name}\u201d is not a platform the plan knows.").format(name=text))
        return platform


def _own_row(row: _Row, names: _PlanNames, stored: Mapping[str, Post], order: DateOrder | None,
             statuses: Mapping[str, PostStatus], version_statuses: Mapping[str, VersionStatus],
             languages: Sequence[str]) -> Post | None:
    """A post from one row of our CSV (None when a cell cannot be read; the row holds the problems)."""
    post_id = row.get(POST_ID)
    before = stored.get(post_id) if post_id else None
    if post_id and before is None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,35}", post_id):
        row.fail(POST_ID, _("\u201c{value}\u201d is not a post id.").format(value=post_id))
    market = row.read(MARKET, names.market)
    platform = row.read(PLATFORM, names.platform)
    day = row.read(DATE, lambda text: _read_date(text, order))
    at = row.read(LOCAL_TIME, _read_time)
    offset = row.read(OFFSET, _read_offset) if row.get(OFFSET) else None
    offset_unread = bool(row.get(OFFSET)) and offset is None
    if isinstance(market, Market) and row.get(ZONE) and row.get(ZONE) != market.zone:
        row.fail(ZONE, _("{market} is on {zone} time, not \u201c{value}\u201d.").format(
            market=market.code, zone=market.zone, value=row.get(ZONE)))
    local = fold = None
    if isinstance(market, Market) and isinstance(day, date) and isinstance(at, time) and not offset_unread:
        try:
            local, fold = _local_instant(day, at, market.zone, offset)  # type: ignore[arg-type]
        except ValueError as error:
            row.fail(LOCAL_TIME, str(error))
    if local is not None and isinstance(market, Market) and row.get(UTC_TIME):
        written = row.read(UTC_TIME, lambda text: datetime.fromisoformat(text.replace("Z", "+00:00")))
        instant = local.replace(tzinfo=zone(market.zone), fold=fold or 0).astimezone(UTC)
        if isinstance(written, datetime) and (written.tzinfo is None or written != instant):
            row.fail(UTC_TIME, _("{value} is not {time} in {zone} ({instant}); correct one of them or empty this "
                                 "cell.").format(value=row.get(UTC_TIME), time=local.strftime("%Y-%m-%d %H:%M"),
                                                 zone=market.zone, instant=instant.strftime("%Y-%m-%dT%H:%M:%SZ")))
    content_type_id = None
    if row.get(CONTENT_TYPE):
        content_type_id = names.content_types.get(_plain(row.get(CONTENT_TYPE)).casefold())
        if content_type_id is None:
            row.fail(CONTENT_TYPE, _("\u201c{name}\u201d is not a content type of this plan.").format(
                name=row.get(CONTENT_TYPE)))
    status = before.status if before is not None else PostStatus.IDEA
    if row.get(STATUS):
        found = statuses.get(_plain(row.get(STATUS)).casefold())
        if found is None:
            row.fail(STATUS, _("\u201c{value}\u201d is not a status: {choices}.").format(
                value=row.get(STATUS), choices=", ".join(status.value for status in PostStatus)))
        else:
            status = found
    published_at = None
    if row.get(PUBLISHED):
        moment = row.read(PUBLISHED, lambda text: datetime.fromisoformat(text.replace("Z", "+00:00")))
        if isinstance(moment, datetime):
            if moment.tzinfo is None:
                row.fail(PUBLISHED, _("\u201c{value}\u201d needs its offset, such as Z for UTC.").format(
                    value=row.get(PUBLISHED)))
            else:
                published_at = moment.astimezone(UTC).replace(microsecond=0)
    versions = []
    for code in languages:
        text = _plain(row.cells.get("text:" + code, ""))
        written_status = row.get("status:" + code)
        if not text.strip() and not written_status:
            continue
        version_status = VersionStatus.READY if text.strip() else VersionStatus.TO_WRITE
        if written_status:
            found_status = version_statuses.get(_plain(written_status).casefold())
            if found_status is None:
                row.fail("status:" + code, _("\u201c{value}\u201d is not a version status: {choices}.").format(
                    value=written_status, choices=", ".join(s.value for s in VersionStatus)))
                continue
            version_status = found_status
        try:
            versions.append(PostVersion(code, text, version_status))
        except PostError as error:
            row.fail("status:" + code, str(error))
    if before is not None:  # the languages the post had first keep their place
        order_of = {version.language: index for index, version in enumerate(before.versions)}
        versions.sort(key=lambda version: order_of.get(version.language, len(order_of)))
    if row.problems or local is None:
        return None
    assert isinstance(market, Market) and isinstance(platform, str)
    presence_id = names.presences.get((market.id, platform))
    fields: dict[str, Any] = dict(
        market_id=market.id, platform=platform, local=local, zone=market.zone, fold=fold or 0,
        content_type_id=content_type_id, title=_plain(row.cells.get(TITLE, "")).strip(), status=status,
        versions=tuple(versions), published_at=published_at, published_url=_plain(row.get(LINK)),
        skip_reason=_plain(row.cells.get(REASON, "")).strip(),
    )
    for version in versions:
        try:
            check_version(version)
        except InvalidValue as error:
            row.fail(("text:" if error.field == "text" else "status:") + version.language, error.problem)
    if row.problems:
        return None
    try:
        if before is None:
            return _checked(row, Post(id=post_id or new_id(), presence_id=presence_id, **fields))
        if (before.market_id, before.platform) != (market.id, platform):
            fields["presence_id"] = presence_id
        if before.zone == market.zone and before.instant == replace(before, local=local, fold=fold or 0).instant:
            fields.update(local=before.local, fold=before.fold)  # the same moment, however it was stored
        return _checked(row, replace(before, **fields))
    except PostError as error:
        row.fail(STATUS, str(error))
        return None


_COLUMN_OF_FIELD = {"id": POST_ID, "local": LOCAL_TIME, "title": TITLE, "status": STATUS, "published_at": PUBLISHED,
                    "published_url": LINK, "skip_reason": REASON, "content_type_id": CONTENT_TYPE}


def _checked(row: _Row, post: Post) -> Post | None:
    """The post when it holds only values a plan may hold (the one validation layer), else None with the problem
    named on its column."""
    try:
        check(post)
    except InvalidValue as error:
        row.fail(_COLUMN_OF_FIELD.get(error.field, STATUS), error.problem)
        return None
    return post


def _hootsuite_layout(records: Sequence[tuple[int, list[str]]]) -> bool:
    """Whether the date and the time are two columns (A and B) rather than one cell ("03/04/2027 09:30")."""
    return all(len(record) > 2 and _TIME.fullmatch(record[1].strip()) for _line, record in records)


def _hootsuite_row(row: _Row, names: _PlanNames, choices: ImportChoices, plan: Plan) -> Post | None:
    """A post from one row of a Hootsuite bulk file: ready, with the message as the text of its first version."""
    when = row.get("when")
    day_text, _space, time_text = when.partition(" ")
    if row.get("time"):
        day_text, time_text = when, row.get("time")
    day = row.read("when", lambda _text: _read_date(day_text, choices.date_order))
    at = None
    if isinstance(day, date):
        try:
            at = _read_time(time_text)
        except ValueError as error:
            row.fail("time" if row.get("time") else "when", str(error))
    message = row.cells.get("message", "").strip()
    link = row.get("link")
    if not message and not link:
        row.fail("message", _("The message is empty."))
    if row.problems or at is None or choices.market_id is None or choices.platform is None:
        return None
    market = plan.market(choices.market_id)
    clock = market.zone if choices.times_in is TimesIn.MARKET else plan.firm.home_zone
    try:
        local, fold = _local_instant(day, at, clock, None)  # type: ignore[arg-type]
    except ValueError as error:
        row.fail("time" if row.get("time") else "when", str(error))
        return None
    if clock != market.zone:  # the founder's clock: the same instant on the market's
        there = local.replace(tzinfo=zone(clock), fold=fold).astimezone(zone(market.zone))
        local, fold = there.replace(tzinfo=None), there.fold
    text = message if not link or link in message else (message + "\n" + link).strip()
    versions = list(plan.new_versions(market))
    versions[0] = PostVersion(versions[0].language, text, VersionStatus.READY)
    title = text.splitlines()[0][:80] if text else ""
    post = Post(market.id, choices.platform, local, market.zone, fold=fold, presence_id=names.presences.get(
        (market.id, choices.platform)), title=title, status=PostStatus.READY, versions=tuple(versions))
    try:
        check(post)
    except InvalidValue as error:
        row.fail("message", error.problem)
        return None
    return post


def _date_order(texts: Iterable[str], chosen: DateOrder | None) -> tuple[tuple[DateOrder, ...], DateOrder | None,
                                                                        list[str]]:
    """The orders the dates allow, the order to read them in (the one chosen, or the only one they allow), and
    ["date_order"] when it must be asked."""
    orders, ambiguous_form = _date_orders(texts)
    if chosen is not None or not ambiguous_form:
        return orders, chosen, []
    if len(orders) == 1:
        return orders, orders[0], []
    return orders, None, ["date_order"] if len(orders) == 2 else []


def _date_orders(texts: Iterable[str]) -> tuple[tuple[DateOrder, ...], bool]:
    """The orders every day-and-month date among these allows, and whether there is any such date."""
    allowed = {DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST}
    any_ambiguous_form = False
    for text in texts:
        parts = _date_parts(text.strip().split(" ")[0])
        if parts is None:
            continue
        orders = _orders_of(parts)
        if orders == {None}:
            continue
        any_ambiguous_form = True
        allowed &= {order for order in orders if order is not None}
    return tuple(order for order in DateOrder if order in allowed), any_ambiguous_form


def read_posts_csv(
    data: bytes,
    plan: Plan,
    stored: Callable[[Iterable[str]], Mapping[str, Post]],
    choices: ImportChoices | None = None,
) -> ImportPreview:
    """What importing this CSV into the plan would do (nothing is written): our own CSV or a Hootsuite bulk file.

    `stored` gives the plan's posts among some ids (to update them). Raises CsvFileError for a file that is no CSV
    of posts at all; a problem in a row is in the preview's `problems`, every one of them, not only the first.
    """
    choices = choices or ImportChoices()
    records = _records(_decode(data))
    if not records:
        raise CsvFileError(_("The file holds no rows."))
    names = _PlanNames(plan)
    first_line, header = records[0]
    if is_own_header(header):
        return _read_own(records, plan, names, stored, choices)
    return _read_hootsuite(records, plan, names, choices)


def _read_own(records, plan, names, stored, choices) -> ImportPreview:
    first_line, header = records[0]
    keys, unknown, missing = _header_keys(header)
    if unknown:
        raise CsvFileError(_("Line {line}: unknown column \u201c{column}\u201d; the columns are those an export "
                             "writes.").format(line=first_line, column=unknown[0]))
    if missing:
        raise CsvFileError(_("Line {line}: the column \u201c{column}\u201d is missing.").format(
            line=first_line, column=missing[0]))
    column_names = {key: header[index].strip() for index, key in keys.items()}
    languages = list(dict.fromkeys(key.split(":", 1)[1] for key in keys.values() if ":" in key))
    rows = records[1:]
    date_index = next(index for index, key in keys.items() if key == DATE)
    orders, order, needs = _date_order(
        (record[date_index] for _line, record in rows if len(record) > date_index), choices.date_order)
    post_index = next((index for index, key in keys.items() if key == POST_ID), None)
    ids = [record[post_index].strip() for _line, record in rows if post_index is not None and len(record) > post_index]
    found = stored([post_id for post_id in ids if post_id])
    statuses, version_statuses = _status_names(), _version_status_names()
    problems: list[RowProblem] = []
    read: list[ImportRow] = []
    seen: dict[str, int] = {}
    for line, record in rows:
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header):]):
            problems.append(RowProblem(line, _column_letter(len(header)), _("A cell beyond the last column.")))
            continue
        cells = {key: record[index] if index < len(record) else "" for index, key in keys.items()}
        row = _Row(line, cells, column_names)
        post_id = row.get(POST_ID)
        if post_id and post_id in seen:
            row.fail(POST_ID, _("The same post is on line {line} already.").format(line=seen[post_id]))
        elif post_id:
            seen[post_id] = line
        post = _own_row(row, names, found, order or DateOrder.DAY_FIRST, statuses, version_statuses, languages)
        if "date_order" in needs:  # until the order is said, only the problems that do not depend on the date
            when = {column_names.get(key) for key in (DATE, LOCAL_TIME, UTC_TIME)}
            row.problems = [p for p in row.problems if p.column not in when]
            post = None
        problems += row.problems
        if post is not None:
            read.append(ImportRow(line, post, found.get(post.id)))
    return ImportPreview(CsvFormat.OWN, tuple(read), tuple(problems), tuple(needs), orders,
                         replace(choices, date_order=order))


def _read_hootsuite(records, plan, names, choices) -> ImportPreview:
    first_line, first = records[0]
    if first and _date_parts(first[0].strip().split(" ")[0]) is None and not any(ch.isdigit() for ch in first[0]):
        records = records[1:]  # a header row ("Date", "Message"...), which Hootsuite's own files do not have
    if not records:
        raise CsvFileError(_("The file holds no rows."))
    split = _hootsuite_layout(records)
    columns = ("when", "time", "message", "link") if split else ("when", "message", "link")
    letters = {key: _column_letter(index) for index, key in enumerate(columns)}
    orders, order, needs = _date_order((record[0] for _line, record in records), choices.date_order)
    if choices.market_id is None:
        needs.append("market")
    if choices.platform is None:
        needs.append("platform")
    if choices.times_in is None:
        needs.append("times_in")
    settled = replace(choices, date_order=order)
    problems: list[RowProblem] = []
    read: list[ImportRow] = []
    for line, record in records:
        if len(record) > len(columns) and any(cell.strip() for cell in record[len(columns):]):
            problems.append(RowProblem(line, _column_letter(len(columns)), _("A cell beyond the last column.")))
            continue
        cells = {key: record[index] if index < len(record) else "" for index, key in enumerate(columns)}
        row = _Row(line, cells, letters)
        post = _hootsuite_row(row, names, settled if "date_order" not in needs else replace(
            settled, date_order=DateOrder.DAY_FIRST), plan)
        if "date_order" in needs:  # until the order is said, only the problems that do not depend on the date
            row.problems = [p for p in row.problems if p.column not in (letters["when"], letters.get("time"))]
            post = None
        problems += row.problems
        if post is not None and not needs:
            read.append(ImportRow(line, post, None))
    return ImportPreview(CsvFormat.HOOTSUITE, tuple(read), tuple(problems), tuple(needs), orders, settled)
