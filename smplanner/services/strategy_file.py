"""Strategy files: a plan's decisions (not its posts) as a readable, commented TOML file, and back.

The same field lists drive the comments written into an exported file and the checks made on import, so what
the file says about a key is what the importer accepts.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import Enum, StrEnum, auto
from pathlib import Path
from typing import Any

from smplanner import __version__
from smplanner.domain.catalogue import (
    AS_OF_PATTERN,
    FOUNDER_SOURCE_KEY,
    OPTIONAL_CLAIMS,
    ChannelType,
    CountryClaim,
    CountryRole,
    LengthLimit,
    LengthUnit,
    PlatformInfo,
    PostingTimes,
    Scheduling,
    Source,
    Sourced,
    TimesBasis,
    is_web_address,
    shipped_catalogue,
)
from smplanner.domain.market_days import HolidayOverride, MarketEvent, OverrideAction
from smplanner.domain.plan import (
    Actor,
    ActorKind,
    Audience,
    CadenceRule,
    ContentFormat,
    ContentType,
    Firm,
    HolidayPolicy,
    LanguageMode,
    Market,
    Objective,
    Plan,
    Post,
    Presence,
    ProfileScope,
    Scenario,
    Strategy,
    Translator,
)
from smplanner.domain import validation as check
from smplanner.domain.regions import country_codes
from smplanner.i18n import N_, _

FORMAT_VERSION = 1
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")
_SYNTAX_POSITION = re.compile(r"^(?P<problem>.*?)\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$")


class StrategyFileError(ValueError):
    """A strategy file that cannot be imported: one line naming the line or the key, and the problem."""


@dataclass(frozen=True)
class StrategyDocument:
    """What a strategy file holds: a plan's decisions, and each market's holiday corrections and own dated events."""

    plan: Plan
    holiday_corrections: tuple[HolidayOverride, ...] = ()
    market_events: tuple[MarketEvent, ...] = ()


class Kind(Enum):
    """How a key's value is written in the file."""

    TEXT = auto()
    ID = auto()
    INT = auto()
    NUMBER = auto()
    BOOL = auto()
    DATE = auto()
    TIME = auto()
    MONEY = auto()
    ENUM = auto()
    ENUM_LIST = auto()
    WEEKDAYS = auto()
    TIMES = auto()
    COUNTRY = auto()
    ZONE = auto()
    LANGUAGE = auto()
    LANGUAGES = auto()
    CURRENCY = auto()
    REFERENCE = auto()  # the name of an actor or content type defined elsewhere in the file
    AS_OF = auto()
    WINDOWS = auto()


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a table: its kind, what it means (marked with N_) and its limits."""

    key: str
    kind: Kind
    help: str
    required: bool = False
    choices: type[StrEnum] | None = None
    minimum: int | None = None
    maximum: int | None = None
    attribute: str | None = None  # the domain attribute, when it is not named like the key

    @property
    def attr(self) -> str:
        return self.attribute or self.key


FIRM_FIELDS = (
    Field("name", Kind.TEXT, N_("the firm's name"), required=True),
    Field("home_country", Kind.COUNTRY, N_("two-letter code of the home country, such as BE"), required=True),
    Field("home_subdivision", Kind.TEXT, N_("region code for public holidays, such as BY for Bavaria (optional)")),
    Field("home_zone", Kind.ZONE, N_("the home time zone, such as Europe/Brussels"), required=True),
    Field("sector", Kind.TEXT, N_("what the firm does")),
    Field("audience", Kind.ENUM, N_("who the firm sells to"), choices=Audience),
    Field("team_size", Kind.INT, N_("how many people work in the firm"), minimum=1),
    Field("scenario", Kind.ENUM, N_("all markets at once, or one after the other"), choices=Scenario),
    Field("working_start", Kind.TIME, N_("when the working day starts, such as \"09:00\"")),
    Field("working_end", Kind.TIME, N_("when the working day ends, such as \"18:00\"")),
    Field("working_days", Kind.WEEKDAYS, N_("working days, such as [\"mon\", \"tue\"]"), minimum=1),
    Field("night_start", Kind.TIME, N_("when your night starts: no post should need you then, such as \"22:00\"")),
    Field("night_end", Kind.TIME, N_("when your night ends, such as \"07:00\"")),
)
STRATEGY_FIELDS = (
    Field("period_start", Kind.DATE, N_("first day of the plan, such as 2027-01-11"), required=True),
    Field("period_end", Kind.DATE, N_("last day of the plan, not before its first day"), required=True),
    Field("currency", Kind.CURRENCY, N_("three-letter currency code, such as EUR")),
    Field("budget_organic_month", Kind.MONEY, N_("monthly budget for organic posts, such as \"300.00\"")),
    Field("budget_paid_month", Kind.MONEY, N_("monthly budget for paid advertising, such as \"100.00\"")),
    Field("language_mode", Kind.ENUM, N_("one language for all markets, or each market's own"), choices=LanguageMode),
    Field("main_language", Kind.LANGUAGE, N_("language code of the main language, such as en")),
    Field("editorial_line", Kind.TEXT, N_("the editorial line in one or two sentences")),
    Field("silence_threshold_days", Kind.INT, N_("warn when a presence stays silent this many days"), minimum=1),
)
ACTOR_FIELDS = (
    Field("id", Kind.ID, N_("keeps the actor's identity on re-import (optional; made up when left out)")),
    Field("name", Kind.TEXT, N_("the actor's name, unique in the file"), required=True),
    Field("kind", Kind.ENUM, N_("who this is"), required=True, choices=ActorKind),
    Field("country", Kind.COUNTRY, N_("two-letter code of the country they work from (optional)")),
    Field("hours_per_week", Kind.NUMBER, N_("hours a week they give to social media"), minimum=0),
)
CONTENT_TYPE_FIELDS = (
    Field("id", Kind.ID, N_("keeps the content type's identity on re-import (optional)")),
    Field("name", Kind.TEXT, N_("the content type's name, unique in the file"), required=True),
    Field("share_percent", Kind.INT, N_("its share of all posts, 0 to 100"), minimum=0, maximum=100),
    Field("format", Kind.ENUM, N_("the usual format"), choices=ContentFormat),
    Field("personal", Kind.BOOL, N_("true when posted from a person's own profile")),
)
MARKET_FIELDS = (
    Field("id", Kind.ID, N_("keeps the market's identity on re-import (optional)")),
    Field("country", Kind.COUNTRY, N_("two-letter country code, such as JP"), required=True),
    Field("subdivision", Kind.TEXT, N_("a region for its public holidays, such as QC for Québec (optional)")),
    Field("zone", Kind.ZONE, N_("the market's time zone, such as Asia/Tokyo"), required=True),
    Field("objectives", Kind.ENUM_LIST, N_("what the firm wants there, a list"), choices=Objective),
    Field("languages", Kind.LANGUAGES, N_("language codes used there, such as [\"fr\", \"en\"]")),
    Field("entry_order", Kind.INT, N_("1 for the first markets entered, 2 for the next, and so on"), minimum=1),
    Field("entry_date", Kind.DATE, N_("when posting starts there, such as 2027-07-12 (optional)")),
    Field("content_adapted", Kind.BOOL, N_("true when the content is adapted to this market")),
    Field("adaptation_notes", Kind.TEXT, N_("how the content is adapted")),
    Field("personal_share", Kind.INT, N_("percentage of posts from personal profiles, 0 to 100"), minimum=0,
          maximum=100),
    Field("paid_ads", Kind.BOOL, N_("true when paying for advertising there")),
    Field("ads_budget_month", Kind.MONEY, N_("monthly advertising budget there, such as \"150.00\"")),
    Field("translator", Kind.ENUM, N_("who translates"), choices=Translator),
)
PRESENCE_FIELDS = (
    Field("id", Kind.ID, N_("keeps the presence's identity on re-import (optional)")),
    Field("platform", Kind.TEXT, N_("the platform's id, such as instagram, linkedin or wechat"), required=True),
    Field("scope", Kind.ENUM, N_("which profile"), choices=ProfileScope),
    Field("goal", Kind.ENUM, N_("what this presence is for"), choices=Objective),
    Field("actor", Kind.REFERENCE, N_("the name of the actor who runs it, from [[actors]] (optional)"),
          attribute="actor_id"),
)
CADENCE_FIELDS = (
    Field("id", Kind.ID, N_("keeps the rule's identity on re-import (optional)")),
    Field("weekdays", Kind.WEEKDAYS, N_("days to post, such as [\"tue\", \"thu\"]"), required=True, minimum=1),
    Field("times", Kind.TIMES, N_("local times in the market, such as [\"09:30\"]; left out, good hours are suggested"),
          minimum=1),
    Field("interval_weeks", Kind.INT, N_("1 for every week, 2 for every other week, and so on"), minimum=1),
    Field("language", Kind.LANGUAGE, N_("language code of the posts")),
    Field("content_type", Kind.REFERENCE, N_("the name of a content type, from [[content_types]] (optional)"),
          attribute="content_type_id"),
    Field("holiday_policy", Kind.ENUM, N_("what to do on a public holiday"), choices=HolidayPolicy),
)
PLATFORM_FIELDS = (
    Field("id", Kind.ID, N_("the platform's id, used by presences; a shipped id replaces that entry"), required=True),
    Field("name", Kind.TEXT, N_("the platform's name"), required=True),
    Field("founder_entry", Kind.BOOL, N_("true for an entry you wrote yourself")),
    Field("site", Kind.TEXT, N_("where you publish on it by hand, such as https://www.linkedin.com/ (optional)")),
)
MARKET_NESTED = ("presences", "holiday_corrections", "events")
"""The arrays of tables under each [[markets]]."""
HOLIDAY_CORRECTION_FIELDS = (
    Field("date", Kind.DATE, N_("the day corrected, such as 2027-01-06"), required=True, attribute="day"),
    Field("action", Kind.ENUM, N_("what the correction does"), required=True, choices=OverrideAction),
    Field("name", Kind.TEXT, N_("the holiday's name (required for add and rename)")),
)
EVENT_FIELDS = (
    Field("date", Kind.DATE, N_("the day of the event, such as 2027-03-10"), required=True, attribute="day"),
    Field("name", Kind.TEXT, N_("what happens, such as a trade fair"), required=True),
)
CHANNEL_FIELDS = (Field("value", Kind.ENUM, N_("the kind of channel"), required=True, choices=ChannelType),)
INTERNATIONAL_FIELDS = (
    Field("value", Kind.BOOL, N_("true when widely used across many countries (the table is optional)"), required=True),
)
SEARCH_VISIBILITY_FIELDS = (
    Field("value", Kind.BOOL, N_("true when it helps a firm be found by search engines (the table is optional)"),
          required=True),
)
SCHEDULING_FIELDS = (
    Field("value", Kind.ENUM, N_("whether posts can be scheduled in advance (the table is optional)"), required=True,
          choices=Scheduling),
    Field("note", Kind.TEXT, N_("a remark, such as who may use it")),
)
_CLAIMS = (
    ("international", INTERNATIONAL_FIELDS),
    ("search_visibility", SEARCH_VISIBILITY_FIELDS),
    ("scheduling", SCHEDULING_FIELDS),
)
"""The optional sourced claims of a platform entry, with the keys of each."""
SOURCE_FIELDS = (
    Field("key", Kind.TEXT, N_("a short name for the source (optional)")),
    Field("title", Kind.TEXT, N_("where the claim comes from"), required=True),
    Field("as_of", Kind.AS_OF, N_("when it was true, such as \"2027-01\""), required=True),
    Field("url", Kind.TEXT, N_("a web address (optional)")),
)
POSTING_TIMES_FIELDS = (
    Field("basis", Kind.ENUM, N_("where the good hours come from"), required=True, choices=TimesBasis),
    Field("days", Kind.WEEKDAYS, N_("good days, such as [\"tue\", \"wed\"]")),
    Field("windows", Kind.WINDOWS, N_("good hours, such as [[\"09:00\", \"11:00\"]]")),
    Field("note", Kind.TEXT, N_("a remark")),
)
LENGTH_LIMIT_FIELDS = (
    Field("field", Kind.TEXT, N_("which text is limited, such as caption"), required=True),
    Field("limit", Kind.INT, N_("the longest it may be"), required=True, minimum=1),
    Field("unit", Kind.ENUM, N_("how length is counted"), required=True, choices=LengthUnit),
)
COUNTRY_CLAIM_FIELDS = (
    Field("country", Kind.COUNTRY, N_("two-letter country code"), required=True),
    Field("role", Kind.ENUM, N_("the platform's standing there"), required=True, choices=CountryRole),
    Field("note", Kind.TEXT, N_("a remark")),
)

_EXPECTED = {
    Kind.TEXT: N_("text in quotes"),
    Kind.ID: N_("text in quotes"),
    Kind.REFERENCE: N_("a name in quotes"),
    Kind.INT: N_("a whole number"),
    Kind.NUMBER: N_("a number"),
    Kind.BOOL: N_("true or false"),
    Kind.DATE: N_("a date such as 2027-01-11"),
    Kind.ENUM: N_("text in quotes"),
    Kind.COUNTRY: N_("a country code in quotes, such as \"FR\""),
    Kind.ZONE: N_("a time zone in quotes, such as \"Europe/Paris\""),
    Kind.LANGUAGE: N_("a language code in quotes, such as \"fr\""),
    Kind.CURRENCY: N_("a currency code in quotes, such as \"EUR\""),
    Kind.AS_OF: N_("a date in quotes, such as \"2027-01\""),
    Kind.ENUM_LIST: N_("a list in square brackets"),
    Kind.WEEKDAYS: N_("a list of days, such as [\"mon\", \"thu\"]"),
    Kind.TIMES: N_("a list of times, such as [\"09:30\"]"),
    Kind.LANGUAGES: N_("a list of language codes, such as [\"fr\", \"en\"]"),
    Kind.WINDOWS: N_("a list of hour ranges, such as [[\"09:00\", \"11:00\"]]"),
}


# --- errors ----------------------------------------------------------------------------------------------


def _error(path: str, problem: str) -> StrategyFileError:
    return StrategyFileError(f"{path}: {problem}")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _item(path: str, number: int) -> str:
    """The path of the n-th entry of a list, counted from 1 as a founder counts."""
    return f"{path}[{number}]"


def _shown(value: Any) -> str:
    """A value as it looks in a TOML file, for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (int, float, date, time)):
        return value.isoformat() if isinstance(value, (date, time)) else str(value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a table")
    return str(value)


def _wrong_type(path: str, kind: Kind, value: Any) -> StrategyFileError:
    return _error(path, _("expected {expected}, found {found}").format(
        expected=_(_EXPECTED[kind]), found=_shown(value)))


# --- reference data --------------------------------------------------------------------------------------


_languages = check.known_languages
_currencies = check.known_currencies
_zones = check.known_zones


# --- reading one value -----------------------------------------------------------------------------------


def _text(value: Any, path: str, kind: Kind = Kind.TEXT) -> str:
    if not isinstance(value, str):
        raise _wrong_type(path, kind, value)
    return value


def _time(value: Any, path: str) -> time:
    if isinstance(value, time):  # a TOML local time, 09:30:00, is a time too
        return value
    match = _TIME_PATTERN.match(value) if isinstance(value, str) else None
    if match is None:
        raise _error(path, _("{value} is not a time such as 09:30").format(value=_shown(value)))
    hour, minute, second = match.groups()
    return time(int(hour), int(minute), int(second or 0))


def _list(value: Any, path: str, kind: Kind, minimum: int | None) -> list[Any]:
    if not isinstance(value, list):
        raise _wrong_type(path, kind, value)
    if minimum and len(value) < minimum:
        raise _error(path, _("the list must not be empty"))
    return value


def _no_repeats(values: Iterable[Any], path: str, shown: Callable[[Any], str] = _shown) -> None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise _error(path, _("{value} appears twice").format(value=shown(value)))
        seen.add(value)


def _choice(choices: type[StrEnum], value: Any, path: str) -> Any:
    if not isinstance(value, str):
        raise _wrong_type(path, Kind.ENUM, value)
    try:
        return choices(value)
    except ValueError:
        allowed = ", ".join(c.value for c in choices)
        raise _error(path, _("{value} is not one of {allowed}").format(value=_shown(value), allowed=allowed)) from None


def _code(value: Any, path: str, kind: Kind, known: frozenset[str], problem: str) -> str:
    code = _text(value, path, kind)
    if code not in known:
        raise _error(path, _(problem).format(value=_shown(code)))
    return code


def _weekday(value: Any, path: str) -> int:
    if not isinstance(value, str) or value.lower() not in WEEKDAY_NAMES:
        raise _error(path, _("{value} is not a day such as mon, tue … sun").format(value=_shown(value)))
    return WEEKDAY_NAMES.index(value.lower())


def _integer(field: Field, value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type(path, field.kind, value)
    _in_range(field, value, path)
    return value


def _in_range(field: Field, value: float, path: str) -> None:
    if field.minimum is not None and field.maximum is not None and not field.minimum <= value <= field.maximum:
        raise _error(path, _("{value} is not between {low} and {high}").format(
            value=_shown(value), low=field.minimum, high=field.maximum))
    if field.minimum is not None and value < field.minimum:
        raise _error(path, _("{value} is less than {low}").format(value=_shown(value), low=field.minimum))


def _money(value: Any, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _error(path, _("{value} is not an amount such as \"1500.00\"").format(value=_shown(value)))
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise _error(path, _("{value} is not an amount such as \"1500.00\"").format(value=_shown(value)))
    if amount < 0:
        raise _error(path, _("{value} is a negative amount").format(value=_shown(value)))
    return amount


def _date(value: Any, path: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _error(path, _("{value} is not a date such as 2027-01-11").format(value=_shown(value)))


def _as_of(value: Any, path: str) -> str:
    text = value.isoformat() if isinstance(value, date) and not isinstance(value, datetime) else value
    if not isinstance(text, str) or not AS_OF_PATTERN.match(text):
        raise _error(path, _("{value} is not a month or a day such as \"2027-01\" or \"2027-01-15\"").format(
            value=_shown(value)))
    return text


def _read_value(field: Field, value: Any, path: str) -> Any:
    kind = field.kind
    if kind in (Kind.TEXT, Kind.REFERENCE):
        return _text(value, path, kind)
    if kind is Kind.ID:
        if not _text(value, path, kind).strip():
            raise _error(path, _("an id cannot be empty; leave the key out to have one made up"))
        return value
    if kind is Kind.INT:
        return _integer(field, value, path)
    if kind is Kind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _wrong_type(path, kind, value)
        _in_range(field, value, path)
        return float(value)
    if kind is Kind.BOOL:
        if not isinstance(value, bool):
            raise _wrong_type(path, kind, value)
        return value
    if kind is Kind.DATE:
        return _date(value, path)
    if kind is Kind.TIME:
        return _time(value, path)
    if kind is Kind.MONEY:
        return _money(value, path)
    if kind is Kind.ENUM:
        assert field.choices is not None
        return _choice(field.choices, value, path)
    if kind is Kind.COUNTRY:
        return _code(value, path, kind, country_codes(),
                     N_("{value} is not a known two-letter country code, such as FR or JP"))
    if kind is Kind.ZONE:
        return _code(value, path, kind, _zones(), N_("{value} is not a known time zone, such as Europe/Paris"))
    if kind is Kind.LANGUAGE:
        return _code(value, path, kind, _languages(), N_("{value} is not a known language code, such as fr or ja"))
    if kind is Kind.CURRENCY:
        return _code(value, path, kind, _currencies(), N_("{value} is not a known currency code, such as EUR"))
    if kind is Kind.AS_OF:
        return _as_of(value, path)
    items = _list(value, path, kind, field.minimum)
    if kind is Kind.WINDOWS:
        return tuple(_window(v, path) for v in items)
    choices = field.choices or StrEnum  # only an ENUM_LIST reads it, and every ENUM_LIST field names its choices
    read_one: Callable[[Any], Any] = {
        Kind.ENUM_LIST: lambda v: _choice(choices, v, path),
        Kind.WEEKDAYS: lambda v: _weekday(v, path),
        Kind.TIMES: lambda v: _time(v, path),
        Kind.LANGUAGES: lambda v: _code(v, path, Kind.LANGUAGE, _languages(),
                                        N_("{value} is not a known language code, such as fr or ja")),
    }[kind]
    shown: Callable[[Any], str] = {
        Kind.WEEKDAYS: lambda day: _shown(WEEKDAY_NAMES[day]),
        Kind.TIMES: lambda at: _shown(_time_text(at)),
    }.get(kind, _shown)
    result = tuple(read_one(v) for v in items)
    _no_repeats(result, path, shown)
    return result


def _window(value: Any, path: str) -> tuple[time, time]:
    if not isinstance(value, list) or len(value) != 2:
        raise _wrong_type(path, Kind.WINDOWS, value)
    start, end = _time(value[0], path), _time(value[1], path)
    if end <= start:
        raise _error(path, _("the window {start}–{end} ends before it starts").format(
            start=_time_text(start), end=_time_text(end)))
    return start, end


# --- reading tables --------------------------------------------------------------------------------------


def _read_table(
    raw: Any, fields: tuple[Field, ...], path: str, nested: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The table's keys read and checked, named by domain attribute; unknown keys are refused."""
    if not isinstance(raw, dict):
        raise _error(path, _("expected a table of keys and values, found {found}").format(found=_shown(raw)))
    known = [f.key for f in fields] + list(nested)
    for key in raw:
        if key not in known:
            raise _error(_join(path, key), _("unknown key; the keys here are {keys}").format(keys=", ".join(known)))
    values: dict[str, Any] = {}
    for field in fields:
        where = _join(path, field.key)
        if field.key not in raw:
            if field.required:
                raise _error(where, _("this key is required but missing"))
            continue
        values[field.attr] = _read_value(field, raw[field.key], where)
    return values


def _made(make: Callable[..., Any], values: dict[str, Any], path: str, fields: tuple[Field, ...], **links: Any) -> Any:
    """The domain object of a table's values, checked by the validation layer (domain/validation.py): a value it
    refuses is a StrategyFileError naming the key in the file."""
    try:
        made = make(**links, **values)
        check.check(made)
    except check.InvalidValue as error:
        key = next((f.key for f in fields if f.attr == error.field), error.field)
        raise _error(_join(path, key), error.problem) from None
    return made


def _read_list(raw: Any, path: str) -> list[tuple[str, Any]]:
    """The entries of an array of tables, each with its path."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        raise _error(path, _("expected a list of tables, each one starting with [[{name}]]").format(
            name=_array_header(path)))
    return [(_item(path, number), entry) for number, entry in enumerate(raw, 1)]


def _array_header(path: str) -> str:
    """markets[2].presences -> markets.presences, as the header is written in the file."""
    return re.sub(r"\[\d+\]", "", path)


def _required_table(raw: dict[str, Any], key: str, path: str) -> Any:
    if key not in raw:
        raise _error(_join(path, key), _("this key is required but missing"))
    return raw[key]


def _unique(seen: dict[Any, str], value: Any, path: str, problem: str, owner: str | None = None) -> None:
    """Refuse a value its owner (an entry's path) shares with another; `problem` is an N_ message with {value},
    {other}."""
    if value in seen:
        raise _error(path, _(problem).format(value=_shown(value), other=seen[value]))
    seen[value] = owner or path


def _syntax_error(error: tomllib.TOMLDecodeError) -> StrategyFileError:
    message = str(error)
    found = _SYNTAX_POSITION.match(message)
    if found is None:
        return StrategyFileError(_("The file is not valid TOML: {problem}").format(problem=message))
    return StrategyFileError(
        _("line {line}, column {column}: the file is not valid TOML here ({problem})").format(
            line=found["line"], column=found["column"], problem=found["problem"]
        )
    )


def import_strategy(text: str) -> StrategyDocument:
    """The decisions written in a strategy file, all checked; raises StrategyFileError on the first problem."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(error) from None
    _check_format(document)  # first: a newer layout may well have sections this version does not know
    top = ("format", "firm", "strategy", "actors", "content_types", "markets", "platforms")
    for key in document:
        if key not in top:
            raise _error(key, _("unknown key; the sections are {keys}").format(keys=", ".join(top)))
    firm = _made(Firm, _read_table(_required_table(document, "firm", ""), FIRM_FIELDS, "firm"), "firm", FIRM_FIELDS)
    _check_region(firm.home_country, firm.home_subdivision, "firm.home_subdivision")
    strategy = _made(Strategy, _read_table(_required_table(document, "strategy", ""), STRATEGY_FIELDS, "strategy"),
                     "strategy", STRATEGY_FIELDS)
    actors = _read_named(document.get("actors"), "actors", ACTOR_FIELDS, Actor,
                         N_("{value} is already the name of {other}; names must be unique"))
    content_types = _read_named(document.get("content_types"), "content_types", CONTENT_TYPE_FIELDS, ContentType,
                                N_("{value} is already the name of {other}; names must be unique"))
    platforms = tuple(_read_platform(raw, path) for path, raw in _read_list(document.get("platforms"), "platforms"))
    _check_unique_ids(platforms, "platforms")
    platform_ids = {p.id for p in shipped_catalogue().with_entries(platforms).platforms}
    markets, presences, rules, corrections, events = _read_markets(document.get("markets"), actors, content_types,
                                                                   platform_ids)
    plan = Plan(
        firm=firm,
        strategy=strategy,
        markets=markets,
        actors=actors,
        presences=presences,
        content_types=content_types,
        cadence_rules=rules,
        own_platforms=platforms,
    )
    return StrategyDocument(_with_suggested_times(plan), corrections, events)


def _check_region(country: str, subdivision: str | None, key: str) -> None:
    from smplanner.domain.regions import RegionError, check_region

    try:
        check_region(country, subdivision, key)
    except RegionError as error:
        raise StrategyFileError(str(error)) from None


def _with_suggested_times(plan: Plan) -> Plan:
    """The plan with times suggested for the rules written without any (one a day, or as many as asked), one rule
    after the other so that each keeps clear of those before it."""
    from smplanner.domain.time_suggestions import suggest_times

    rules = list(plan.cadence_rules)
    for index, rule in enumerate(rules):
        if not rule.times:
            suggested = suggest_times(plan, rule, 1, others=[r for r in rules if r.times])
            rules[index] = replace(rule, times=suggested.times)
    return replace(plan, cadence_rules=tuple(rules))


def _check_format(document: dict[str, Any]) -> None:
    version = _required_table(document, "format", "")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _wrong_type("format", Kind.INT, version)
    if version != FORMAT_VERSION:
        raise _error("format", _("version {version} is not supported; this smplanner reads version {supported}").format(
            version=version, supported=FORMAT_VERSION))


def _check_unique_ids(entities: Iterable[Any], path: str) -> None:
    seen: dict[str, str] = {}
    for number, entity in enumerate(entities, 1):
        where = _item(path, number)
        _unique(seen, entity.id, _join(where, "id"), N_("{value} is already the id of {other}"), where)


def _read_named(raw: Any, path: str, fields: tuple[Field, ...], make: Callable[..., Any], duplicate: str) -> tuple:
    entities = []
    names: dict[str, str] = {}
    for where, entry in _read_list(raw, path):
        values = _read_table(entry, fields, where)
        _unique(names, values["name"], _join(where, "name"), duplicate, where)
        entities.append(_made(make, values, where, fields))
    _check_unique_ids(entities, path)
    return tuple(entities)


def _resolve(values: dict[str, Any], attribute: str, by_name: Mapping[str, str], path: str, section: str) -> None:
    """Replace a name reference by the id it names."""
    name = values.get(attribute)
    if name is None:
        return
    if name not in by_name:
        names = ", ".join(_shown(n) for n in by_name) or _("none")
        raise _error(path, _("nothing in [[{section}]] is named {name}; the names there are {names}").format(
            section=section, name=_shown(name), names=names))
    values[attribute] = by_name[name]


def _read_markets(
    raw: Any, actors: tuple[Actor, ...], content_types: tuple[ContentType, ...], platform_ids: set[str]
) -> tuple[tuple[Market, ...], tuple[Presence, ...], tuple[CadenceRule, ...], tuple[HolidayOverride, ...],
           tuple[MarketEvent, ...]]:
    actor_ids = {a.name: a.id for a in actors}
    content_type_ids = {c.name: c.id for c in content_types}
    markets: list[Market] = []
    presences: list[Presence] = []
    rules: list[CadenceRule] = []
    corrections: list[HolidayOverride] = []
    events: list[MarketEvent] = []
    codes: dict[str, str] = {}
    ids: dict[str, dict[str, str]] = {"markets": {}, "presences": {}, "cadence": {}}
    duplicate_id = N_("{value} is already the id of {other}")
    for market_path, market_raw in _read_list(raw, "markets"):
        market = _made(Market, _read_table(market_raw, MARKET_FIELDS, market_path, nested=MARKET_NESTED), market_path,
                       MARKET_FIELDS)
        _check_region(market.country, market.subdivision, _join(market_path, "subdivision"))
        _unique(codes, market.code, market_path,
                N_("the market {value} is already defined at {other}; each country or region may appear only once"))
        _unique(ids["markets"], market.id, _join(market_path, "id"), duplicate_id, market_path)
        markets.append(market)
        for presence_path, presence_raw in _read_list(market_raw.get("presences"), _join(market_path, "presences")):
            values = _read_table(presence_raw, PRESENCE_FIELDS, presence_path, nested=("cadence",))
            _resolve(values, "actor_id", actor_ids, _join(presence_path, "actor"), "actors")
            presence = _made(Presence, values, presence_path, PRESENCE_FIELDS, market_id=market.id)
            try:
                check.known_platform("platform", presence.platform, platform_ids)
            except check.InvalidValue as error:
                raise _error(_join(presence_path, "platform"), error.problem) from None
            _unique(ids["presences"], presence.id, _join(presence_path, "id"), duplicate_id, presence_path)
            presences.append(presence)
            for rule_path, rule_raw in _read_list(presence_raw.get("cadence"), _join(presence_path, "cadence")):
                values = _read_table(rule_raw, CADENCE_FIELDS, rule_path)
                _resolve(values, "content_type_id", content_type_ids, _join(rule_path, "content_type"),
                         "content_types")
                rule = _made(CadenceRule, {"times": (), **values}, rule_path, CADENCE_FIELDS, presence_id=presence.id)
                _unique(ids["cadence"], rule.id, _join(rule_path, "id"), duplicate_id, rule_path)
                rules.append(rule)
        corrections += _read_corrections(market_raw.get("holiday_corrections"), market, market_path)
        events += _read_events(market_raw.get("events"), market, market_path)
    return tuple(markets), tuple(presences), tuple(rules), tuple(corrections), tuple(events)


def _read_corrections(raw: Any, market: Market, market_path: str) -> list[HolidayOverride]:
    """A market's [[markets.holiday_corrections]]: one per day, a name for an added or renamed holiday."""
    found: list[HolidayOverride] = []
    days: dict[date, str] = {}
    for path, entry in _read_list(raw, _join(market_path, "holiday_corrections")):
        values = _read_table(entry, HOLIDAY_CORRECTION_FIELDS, path)
        name = values.get("name", "").strip()
        if values["action"] is not OverrideAction.REMOVE and not name:
            raise _error(_join(path, "name"), _("a name is required to {action} a holiday").format(
                action=values["action"].value))
        _unique(days, values["day"], _join(path, "date"),
                N_("{value} is already corrected at {other}; one correction a day"), path)
        found.append(_made(HolidayOverride, {**values, "name": name}, path, HOLIDAY_CORRECTION_FIELDS,
                           market_id=market.id))
    return found


def _read_events(raw: Any, market: Market, market_path: str) -> list[MarketEvent]:
    """A market's [[markets.events]]: the founder's own dated events there."""
    found: list[MarketEvent] = []
    for path, entry in _read_list(raw, _join(market_path, "events")):
        values = _read_table(entry, EVENT_FIELDS, path)
        if not values["name"].strip():
            raise _error(_join(path, "name"), _("an event needs a name"))
        found.append(_made(MarketEvent, {**values, "name": values["name"].strip()}, path, EVENT_FIELDS,
                           market_id=market.id))
    return found


def _read_source(raw: dict[str, Any], path: str) -> Source:
    where = _join(path, "source")
    values = _read_table(_required_table(raw, "source", path), SOURCE_FIELDS, where)
    return Source(key=values.get("key", FOUNDER_SOURCE_KEY), title=values["title"], as_of=values["as_of"],
                  url=values.get("url", ""))


def _read_claim(raw: Any, fields: tuple[Field, ...], path: str) -> Sourced:
    values = _read_table(raw, fields, path, nested=("source",))
    value = values["value"]
    value = value.value if isinstance(value, StrEnum) else value
    return Sourced(value, _read_source(raw, path), values.get("note", ""))


def _read_platform(raw: dict[str, Any], path: str) -> PlatformInfo:
    nested = ("channel", "posting_times", *OPTIONAL_CLAIMS, "length_limits", "countries")
    values = _read_table(raw, PLATFORM_FIELDS, path, nested=nested)
    channel = _read_claim(_required_table(raw, "channel", path), CHANNEL_FIELDS, _join(path, "channel"))
    times_path = _join(path, "posting_times")
    times_raw = _required_table(raw, "posting_times", path)
    times = _read_table(times_raw, POSTING_TIMES_FIELDS, times_path, nested=("source",))
    if times["basis"] is not TimesBasis.NO_PUBLISHED_DATA and not times.get("windows"):
        raise _error(_join(times_path, "windows"), _("good hours from a study or from you need at least one window"))
    posting_times = PostingTimes(times["basis"], _read_source(times_raw, times_path), times.get("days", ()),
                                 times.get("windows", ()), times.get("note", ""))
    claims = {key: _read_claim(raw[key], fields, _join(path, key)) for key, fields in _CLAIMS if key in raw}
    limits = []
    for where, entry in _read_list(raw.get("length_limits"), _join(path, "length_limits")):
        limit = _read_table(entry, LENGTH_LIMIT_FIELDS, where, nested=("source",))
        limits.append(LengthLimit(source=_read_source(entry, where), **limit))
    countries = []
    for where, entry in _read_list(raw.get("countries"), _join(path, "countries")):
        claim = _read_table(entry, COUNTRY_CLAIM_FIELDS, where, nested=("source",))
        countries.append(CountryClaim(source=_read_source(entry, where), **claim))
    values = {"founder_entry": False, **values, "site": _read_site(values.get("site", ""), _join(path, "site"))}
    return _made(PlatformInfo, values, path, PLATFORM_FIELDS, channel=channel, posting_times=posting_times,
                 length_limits=tuple(limits), countries=tuple(countries), **claims)


def _read_site(site: str, path: str) -> str:
    if site and not is_web_address(site):
        raise _error(path, _("not a web address such as https://www.linkedin.com/"))
    return site


# --- writing ---------------------------------------------------------------------------------------------


def _time_text(value: time) -> str:
    return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")


def _money_text(amount: Decimal) -> str:
    cents = Decimal("0.01")
    if amount == amount.quantize(cents):
        return f"{amount:.2f}"
    return format(amount, "f")  # more decimals than cents: kept exact


def _toml_value(field: Field, value: Any) -> Any:
    kind = field.kind
    if kind is Kind.TIME:
        return _time_text(value)
    if kind is Kind.TIMES:
        return [_time_text(t) for t in value]
    if kind is Kind.WEEKDAYS:
        return [WEEKDAY_NAMES[d] for d in value]
    if kind is Kind.MONEY:
        return _money_text(Decimal(value))
    if kind is Kind.NUMBER:
        return float(value)
    if kind is Kind.ENUM:
        return str(value.value if isinstance(value, StrEnum) else value)
    if kind is Kind.ENUM_LIST:
        return [str(v.value) for v in value]
    if kind is Kind.WINDOWS:
        return [[_time_text(a), _time_text(b)] for a, b in value]
    if isinstance(value, tuple):
        return list(value)
    return value


def _table(entity: Any, fields: tuple[Field, ...], references: Mapping[str, Mapping[str, str]] | None = None) -> Any:
    import tomlkit

    table = tomlkit.table()
    for field in fields:
        value = getattr(entity, field.attr)
        if field.kind is Kind.REFERENCE and value is not None:
            value = (references or {}).get(field.attr, {}).get(value)
        if value is None:
            continue
        table.add(field.key, _toml_value(field, value))
    return table


def _field_lines(fields: tuple[Field, ...], prefix: str = "", mark_required: bool = True) -> list[str]:
    lines = []
    for field in fields:
        text = _(field.help)
        if field.choices is not None:
            text = _("{help}; one of: {values}").format(help=text, values=", ".join(c.value for c in field.choices))
        if field.kind is Kind.WEEKDAYS:
            text = _("{help}; days are {days}").format(help=text, days=", ".join(WEEKDAY_NAMES))
        if field.required and mark_required:
            text = _("{help} (required)").format(help=text)
        lines.append(f"  {prefix + field.key:<24} {text}")
    return lines


_HEADER = N_(
    "smplanner strategy file: the decisions of a plan (firm, markets, actors, platforms, cadence), not its posts.\n"
    "Edit it in any text editor; lines starting with # are comments. Then make a plan from it with\n"
    "    smplanner new PLAN.smplan --strategy THIS-FILE.toml\n"
    "or, in the app, File > Import strategy. Posts are generated from the cadence rules, from today on.\n"
    "\n"
    "Actors and content types are referred to by their name elsewhere in this file: keep names unique.\n"
    "An \"id\" keeps an entry the same one when the file is imported again; leave it out for a new entry.\n"
    "Dates are written 2027-01-11, times \"09:30\" (24-hour clock), days \"mon\" to \"sun\",\n"
    "amounts of money in quotes, such as \"1500.00\". A key marked optional may be left out.\n"
    "Errors name an entry by its position, counted from 1: markets[2] is the second [[markets]]."
)
_FORMAT_HELP = N_("The version of this file's layout. Leave it as it is.")
_FIRM_HELP = N_("[firm] The firm itself.")
_STRATEGY_HELP = N_("[strategy] The plan-wide decisions: period, budgets, languages and editorial line.")
_ACTORS_HELP = N_("[[actors]] The people and firms who run the presences, one [[actors]] table each.")
_CONTENT_TYPES_HELP = N_("[[content_types]] The kinds of posts, one [[content_types]] table each.")
_MARKETS_HELP = N_(
    "[[markets]] The target markets, one [[markets]] table each. Under each market, one\n"
    "[[markets.presences]] table per profile on a platform, and under each presence one\n"
    "[[markets.presences.cadence]] table per posting rule."
)
_PRESENCES_HELP = N_("[[markets.presences]] keys:")
_CORRECTIONS_HELP = N_(
    "[[markets.holiday_corrections]] Your corrections of the market's public holidays, one table a day\n"
    "(the holiday data and you may disagree); they apply last. Keys:")
_EVENTS_HELP = N_("[[markets.events]] Your own dated events in the market, such as a trade fair. Keys:")
_CADENCE_HELP = N_("[[markets.presences.cadence]] keys:")
_PLATFORMS_HELP = N_(
    "[[platforms]] Your own platform entries, added to or replacing those shipped with smplanner.\n"
    "Each claim cites a source: source = { title = \"...\", as_of = \"2027-01\" }."
)


def _comment_block(document: Any, paragraphs: Iterable[str], *, first: bool = False) -> None:
    import tomlkit

    if not first:
        document.add(tomlkit.nl())
    for line in "\n".join(paragraphs).split("\n"):
        document.add(tomlkit.comment(line) if line.strip() else tomlkit.comment(""))


def _unique_names(entities: Iterable[Any], section: str) -> None:
    """Refuse to write a file that could not be read back: references by name need unique names."""
    seen: dict[str, str] = {}
    for number, entity in enumerate(entities, 1):
        where = _item(section, number)
        _unique(seen, entity.name, _join(where, "name"),
                N_("{value} is already the name of {other}; rename one before exporting"), where)


def export_strategy(
    plan: Plan, holiday_corrections: Iterable[HolidayOverride] = (), market_events: Iterable[MarketEvent] = ()
) -> str:
    """The plan's decisions (and each market's holiday corrections and own events) as a commented TOML document that
    import_strategy reads back."""
    import tomlkit

    _unique_names(plan.actors, "actors")
    _unique_names(plan.content_types, "content_types")
    codes: dict[str, str] = {}
    for number, market in enumerate(plan.markets, 1):
        _unique(codes, market.code, _item("markets", number),
                N_("the market {value} is already defined at {other}; each country or region may appear only once"))
    references = {
        "actor_id": {a.id: a.name for a in plan.actors},
        "content_type_id": {c.id: c.name for c in plan.content_types},
    }
    document = tomlkit.document()
    _comment_block(document, [_(_HEADER), _("Written by smplanner {version}.").format(version=__version__)],
                   first=True)
    _comment_block(document, [_(_FORMAT_HELP)])
    document.add("format", FORMAT_VERSION)
    _comment_block(document, [_(_FIRM_HELP), *_field_lines(FIRM_FIELDS)])
    document.add("firm", _table(plan.firm, FIRM_FIELDS))
    _comment_block(document, [_(_STRATEGY_HELP), *_field_lines(STRATEGY_FIELDS)])
    document.add("strategy", _table(plan.strategy, STRATEGY_FIELDS))
    _comment_block(document, [_(_ACTORS_HELP), *_field_lines(ACTOR_FIELDS)])
    _add_array(document, "actors", [_table(a, ACTOR_FIELDS) for a in plan.actors])
    _comment_block(document, [_(_CONTENT_TYPES_HELP), *_field_lines(CONTENT_TYPE_FIELDS)])
    _add_array(document, "content_types", [_table(c, CONTENT_TYPE_FIELDS) for c in plan.content_types])
    _comment_block(document, [
        _(_MARKETS_HELP), *_field_lines(MARKET_FIELDS), _(_PRESENCES_HELP), *_field_lines(PRESENCE_FIELDS),
        _(_CADENCE_HELP), *_field_lines(CADENCE_FIELDS), _(_CORRECTIONS_HELP), *_field_lines(HOLIDAY_CORRECTION_FIELDS),
        _(_EVENTS_HELP), *_field_lines(EVENT_FIELDS),
    ])
    corrections = sorted(holiday_corrections, key=lambda c: c.day)
    events = sorted(market_events, key=lambda e: (e.day, e.name))
    _add_array(document, "markets", [_market_table(plan, market, references, corrections, events)
                                     for market in plan.markets])
    _comment_block(document, [
        _(_PLATFORMS_HELP), *_field_lines(PLATFORM_FIELDS), *_field_lines(CHANNEL_FIELDS, "channel."),
        *_field_lines(INTERNATIONAL_FIELDS, "international.", mark_required=False),
        *_field_lines(SEARCH_VISIBILITY_FIELDS, "search_visibility.", mark_required=False),
        *_field_lines(SCHEDULING_FIELDS, "scheduling.", mark_required=False),
        *_field_lines(POSTING_TIMES_FIELDS, "posting_times."), *_field_lines(LENGTH_LIMIT_FIELDS, "length_limits."),
        *_field_lines(COUNTRY_CLAIM_FIELDS, "countries."),
    ])
    _add_array(document, "platforms", [_platform_table(p) for p in plan.own_platforms])
    return tomlkit.dumps(document)


def _add_array(container: Any, key: str, tables: list[Any]) -> None:
    import tomlkit

    if not tables:  # an empty array of tables cannot be written as [[key]]; the comment above still shows the keys
        return
    array = tomlkit.aot()
    for table in tables:
        array.append(table)
    container.add(key, array)


def _market_table(
    plan: Plan,
    market: Market,
    references: Mapping[str, Mapping[str, str]],
    corrections: Iterable[HolidayOverride] = (),
    events: Iterable[MarketEvent] = (),
) -> Any:
    table = _table(market, MARKET_FIELDS)
    presence_tables = []
    for presence in (p for p in plan.presences if p.market_id == market.id):
        presence_table = _table(presence, PRESENCE_FIELDS, references)
        rules = [_table(r, CADENCE_FIELDS, references) for r in plan.cadence_rules if r.presence_id == presence.id]
        if rules:
            _add_array(presence_table, "cadence", rules)
        presence_tables.append(presence_table)
    if presence_tables:
        _add_array(table, "presences", presence_tables)
    _add_array(table, "holiday_corrections", [_correction_table(c) for c in corrections if c.market_id == market.id])
    _add_array(table, "events", [_table(e, EVENT_FIELDS) for e in events if e.market_id == market.id])
    return table


def _correction_table(correction: HolidayOverride) -> Any:
    table = _table(correction, HOLIDAY_CORRECTION_FIELDS)
    if not correction.name and "name" in table:
        del table["name"]
    return table


def _source_table(source: Source) -> Any:
    import tomlkit

    table = tomlkit.inline_table()
    table.update({"key": source.key, "title": source.title, "as_of": source.as_of})
    if source.url:
        table["url"] = source.url
    return table


def _claim_table(claim: Sourced) -> Any:
    import tomlkit

    table = tomlkit.table()
    table.add("value", claim.value)
    if claim.note:
        table.add("note", claim.note)
    table.add("source", _source_table(claim.source))
    return table


def _platform_table(platform: PlatformInfo) -> Any:
    import tomlkit

    table = _table(platform, PLATFORM_FIELDS)
    table.add("channel", _claim_table(platform.channel))
    times = platform.posting_times
    times_table = _table(times, POSTING_TIMES_FIELDS)
    times_table.add("source", _source_table(times.source))
    table.add("posting_times", times_table)
    for key in OPTIONAL_CLAIMS:
        claim = getattr(platform, key)
        if claim is not None:
            table.add(key, _claim_table(claim))
    for key, entries, fields in (
        ("length_limits", platform.length_limits, LENGTH_LIMIT_FIELDS),
        ("countries", platform.countries, COUNTRY_CLAIM_FIELDS),
    ):
        tables = []
        for entry in entries:
            entry_table = _table(entry, fields)
            entry_table.add("source", _source_table(entry.source))
            tables.append(entry_table)
        if tables:
            array = tomlkit.aot()
            for entry_table in tables:
                array.append(entry_table)
            table.add(key, array)
    return table


# --- files -----------------------------------------------------------------------------------------------


def read_strategy_file(path: Path) -> StrategyDocument:
    """The decisions in a strategy file; StrategyFileError (prefixed with the file name) when they are not valid."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _error(Path(path).name, _("the file is not UTF-8 text; save it as UTF-8 and try again")) from None
    try:
        return import_strategy(text)
    except StrategyFileError as error:
        raise _error(Path(path).name, str(error)) from None


def create_from_strategy(path: Path | str, document: StrategyDocument, today: date) -> list[Post]:
    """Create a plan file with these decisions, holiday corrections and events, and the posts they generate from
    today on; returns the posts."""
    from smplanner.services.planning import posts_for
    from smplanner.storage.opening import create_plan

    posts = posts_for(document.plan, document.holiday_corrections, start=today)
    create_plan(path, document.plan, posts, holiday_overrides=document.holiday_corrections,
                market_events=document.market_events)
    return posts


def write_strategy_file(
    path: Path, plan: Plan, holiday_corrections: Iterable[HolidayOverride] = (),
    market_events: Iterable[MarketEvent] = (), inputs: Iterable[Path] = (),
) -> None:
    """Write the plan's strategy file whole or not at all (an interrupted export leaves the old file), never over
    one of `inputs` (the plan it comes from)."""
    from smplanner.storage.output_file import write_output

    write_output(Path(path), export_strategy(plan, holiday_corrections, market_events).encode("utf-8"), inputs)
