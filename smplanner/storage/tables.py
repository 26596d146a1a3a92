"""The tables and columns of a plan file, described once: the ORM, the migrations' test and the fast reader use this.

Plain Python with no SQLAlchemy, so that opening a plan stays fast: `schema.py` builds the SQLAlchemy tables
from it (and so do the migrations' consistency test and Alembic's autogenerate), `reading.py` selects columns
by name from it with sqlite3 alone, and the repository writes rows made by it.

Every column has a portable stored type (`Stored`: what it is on any SQL back end, SQLite today, PostgreSQL
later) and a domain form (`Form`: how the stored value becomes the domain field and back). How a stored type is
encoded in SQLite is the SQLite adapter's business (`reading.py`), not this module's.

Adding a column: add it here (in the order the migration adds it), write one migration, add the field to the
domain class (and its limits to domain/validation.py), show it in the UI. Nothing else names columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from enum import Enum, StrEnum
from typing import Any

from smplanner.domain import validation as check
from smplanner.domain.calendar_history import CalendarTarget, ExportedEvent
from smplanner.domain.catalogue import parse_platform, platform_to_dict
from smplanner.domain.market_days import HolidayOverride, MarketEvent, OverrideAction
from smplanner.domain.plan import (
    REVISION,
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
    Post,
    PostStatus,
    PostVersion,
    Presence,
    ProfileScope,
    Scenario,
    Strategy,
    Translator,
    VersionStatus,
)
from smplanner.domain.timezones import to_utc
from smplanner.i18n import N_


class Stored(StrEnum):
    """A column's portable type: the Python value it holds in every back end (SQLAlchemy's meaning of the type)."""

    TEXT = "text"  # str, unbounded
    STRING = "string"  # str, with a declared length
    INTEGER = "integer"  # int
    FLOAT = "float"  # float
    BOOLEAN = "boolean"  # bool
    DATE = "date"  # datetime.date
    DATETIME = "datetime"  # naive datetime.datetime
    MONEY = "money"  # decimal.Decimal, kept exact as text
    JSON = "json"  # lists and dicts of JSON values


# -- domain forms: a stored value <-> a domain field ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Form:
    """How a stored value becomes a domain value (`to_domain`) and back (`to_stored`); None passes through.
    `what` says what a stored value of this form looks like (marked with N_), for the message about one that is not."""

    to_domain: Callable[[Any], Any] | None = None  # None: the stored value is the domain value
    to_stored: Callable[[Any], Any] | None = None
    what: str = N_("a value of this field")


AS_IS = Form()


def enum_form(kind: type[Enum]) -> Form:
    def member(value: Any) -> Any:
        try:
            return kind(value)
        except ValueError:
            check.choice("", value, kind)  # says which values there are
            raise

    return Form(member, lambda member: member.value)


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


HOUR_MINUTE = Form(time.fromisoformat, _hhmm, N_("a time such as 09:30"))
"""A wall-clock time as "HH:MM" text."""

UTC_INSTANT = Form(lambda naive: naive.replace(tzinfo=UTC), lambda aware: aware.astimezone(UTC).replace(tzinfo=None))
"""An aware instant in the domain, a naive UTC datetime in the file."""


def tuple_form(item: Form = AS_IS) -> Form:
    """A tuple in the domain, a JSON list in the file, each item in the given form."""
    read, write = item.to_domain, item.to_stored
    what = N_("a list in square brackets")
    if read is None or write is None:
        return Form(_json_list, list, what)
    return Form(lambda items: tuple(read(i) for i in _json_list(items)), lambda items: [write(i) for i in items], what)


def _json_list(value: Any) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return tuple(value)


# -- columns and tables ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its stored type, constraints, and the domain field it holds (or how it is derived)."""

    name: str
    stored: Stored
    length: int | None = None  # for STRING
    nullable: bool = False
    primary_key: bool = False
    references: str | None = None  # "table.column" of a foreign key
    on_delete: str | None = None  # CASCADE or SET NULL
    field: str | None = None  # the domain attribute; by default the column's own name
    form: Form = AS_IS
    derived: Callable[[Any], Any] | None = None  # a stored value computed from the domain object, not read back

    @property
    def attribute(self) -> str | None:
        """The domain attribute this column is read into, or None for a derived column."""
        if self.derived is not None:
            return None
        return self.field or self.name

    def stored_value(self, item: Any) -> Any:
        """This column's value for a domain object, as its stored type holds it."""
        if self.derived is not None:
            return self.derived(item)
        value = getattr(item, self.attribute or self.name)
        if value is None or self.form.to_stored is None:
            return value
        return self.form.to_stored(value)

    def domain_value(self, value: Any) -> Any:
        if value is None or self.form.to_domain is None:
            return value
        return self.form.to_domain(value)


@dataclass(frozen=True, slots=True)
class Index:
    """An index named otherwise than ix_<table>_<columns>, a name PostgreSQL would cut (it keeps 63 characters)."""

    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """One table, the domain class a row is read into, and the order rows are read in."""

    name: str
    columns: tuple[Column, ...]
    domain: Callable[..., Any] | None = None  # called with the domain fields; None for tables read by key
    order_by: tuple[str, ...] = ()
    indexes: tuple[tuple[str, ...] | Index, ...] = ()  # columns named ix_<table>_<columns>, or an Index
    build: Callable[[Mapping[str, Any]], Any] | None = None  # instead of `domain`, from the stored values
    nested: tuple[tuple[str, str], ...] = ()  # (domain attribute, table): rows of another table, read with this one
    check: Callable[[Any], None] | None = None  # the domain's check of an object of this table (domain.validation)
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def read_columns(self) -> tuple[Column, ...]:
        """The columns a domain object is made of (derived columns are written, never read back)."""
        if self.build is not None:
            return self.columns
        return tuple(c for c in self.columns if c.attribute is not None)

    def stored_row(self, item: Any, **extra: Any) -> dict[str, Any]:
        """The stored values of a domain object's row, by column name (`extra` gives values the object lacks).

        The object is checked first (InvalidValue): nothing out of range is ever written."""
        if self.check is not None:
            self.check(item)
        row = {c.name: c.stored_value(item) for c in self.columns if c.name not in extra}
        row.update(extra)
        return row

    def domain_object(self, stored: Mapping[str, Any]) -> Any:
        """The domain object of a row, from its stored values by column name."""
        if self.build is not None:
            return self.build(stored)
        assert self.domain is not None, self.name
        return self.domain(**{c.attribute: c.domain_value(stored[c.name]) for c in self.read_columns if c.attribute})


def _text(name: str, **options: Any) -> Column:
    return Column(name, Stored.TEXT, **options)


def _string(name: str, length: int, **options: Any) -> Column:
    return Column(name, Stored.STRING, length=length, **options)


def _integer(name: str, **options: Any) -> Column:
    return Column(name, Stored.INTEGER, **options)


def _id(length: int = 36) -> Column:
    return _string("id", length, primary_key=True)


def _link(name: str, table: str, *, nullable: bool = False) -> Column:
    """A foreign key to another table's id: deleting that row takes this one along, or only the link when optional."""
    on_delete = "SET NULL" if nullable else "CASCADE"
    return _string(name, 36, nullable=nullable, references=table + ".id", on_delete=on_delete)


def _singleton_id() -> Column:
    """The firm and the strategy are one row each, with id 1; the domain objects have no id."""
    return _integer("id", primary_key=True, derived=lambda _item: 1)


def _revision() -> Column:
    """The stored row's revision (plan.REVISION), SQLAlchemy's version counter: raised by every update, checked by
    every update and delete, so that a change made on a row someone else has changed since is refused."""
    return _integer(REVISION)


def _naive_utc(post: Post) -> datetime:
    return to_utc(post.local, post.zone, post.fold).replace(tzinfo=None)


PLAN_META = Table(
    "plan_meta",
    (_string("key", 64, primary_key=True), _text("value"), _revision()),
)
"""Key/value facts about the file itself (e.g. the tzdata version the cached instants were computed with)."""

FIRM = Table(
    "firm",
    (
        _singleton_id(),
        _text("name"),
        _string("home_country", 2),
        _string("home_subdivision", 16, nullable=True),
        _string("home_zone", 64),
        _text("sector"),
        _string("audience", 8, form=enum_form(Audience)),
        _integer("team_size"),
        _string("scenario", 16, form=enum_form(Scenario)),
        _string("working_start", 5, form=HOUR_MINUTE),
        _string("working_end", 5, form=HOUR_MINUTE),
        Column("working_days", Stored.JSON, form=tuple_form()),
        _string("night_start", 5, form=HOUR_MINUTE),
        _string("night_end", 5, form=HOUR_MINUTE),
        _revision(),
    ),
    Firm,
    check=check.check_firm,
)

STRATEGY = Table(
    "strategy",
    (
        _singleton_id(),
        Column("period_start", Stored.DATE),
        Column("period_end", Stored.DATE),
        _string("currency", 3),
        Column("budget_organic_month", Stored.MONEY),
        Column("budget_paid_month", Stored.MONEY),
        _string("language_mode", 16, form=enum_form(LanguageMode)),
        _string("main_language", 16),
        _text("editorial_line"),
        _integer("silence_threshold_days"),
        _revision(),
    ),
    Strategy,
    check=check.check_strategy,
)

MARKET = Table(
    "market",
    (
        _id(),
        _string("country", 2),
        _string("subdivision", 16, nullable=True),
        _string("zone", 64),
        Column("objectives", Stored.JSON, form=tuple_form(enum_form(Objective))),
        Column("languages", Stored.JSON, form=tuple_form()),
        _integer("entry_order"),
        Column("entry_date", Stored.DATE, nullable=True),
        Column("content_adapted", Stored.BOOLEAN),
        _text("adaptation_notes"),
        _integer("personal_share"),
        Column("paid_ads", Stored.BOOLEAN),
        Column("ads_budget_month", Stored.MONEY),
        _string("translator", 16, form=enum_form(Translator)),
        _revision(),
    ),
    Market,
    order_by=("entry_order", "country"),
    check=check.check_market,
)

ACTOR = Table(
    "actor",
    (
        _id(),
        _text("name"),
        _string("kind", 16, form=enum_form(ActorKind)),
        _string("country", 2, nullable=True),
        Column("hours_per_week", Stored.FLOAT),
        _revision(),
    ),
    Actor,
    order_by=("name",),
    check=check.check_actor,
)

PRESENCE = Table(
    "presence",
    (
        _id(),
        _link("market_id", "market"),
        _string("platform", 32),
        _string("scope", 16, form=enum_form(ProfileScope)),
        _string("goal", 16, form=enum_form(Objective)),
        _link("actor_id", "actor", nullable=True),
        _revision(),
    ),
    Presence,
    order_by=("platform",),
    indexes=(("market_id",),),
    check=check.check_presence,
)

CONTENT_TYPE = Table(
    "content_type",
    (
        _id(),
        _text("name"),
        _integer("share_percent"),
        _string("format", 8, form=enum_form(ContentFormat)),
        Column("personal", Stored.BOOLEAN),
        _revision(),
    ),
    ContentType,
    order_by=("name",),
    check=check.check_content_type,
)

CADENCE_RULE = Table(
    "cadence_rule",
    (
        _id(),
        _link("presence_id", "presence"),
        Column("weekdays", Stored.JSON, form=tuple_form()),
        Column("times", Stored.JSON, form=tuple_form(HOUR_MINUTE)),
        _integer("interval_weeks"),
        _string("language", 16),
        _link("content_type_id", "content_type", nullable=True),
        _string("holiday_policy", 8, form=enum_form(HolidayPolicy)),
        _revision(),
    ),
    CadenceRule,
    indexes=(("presence_id",),),
    check=check.check_rule,
)

POST = Table(
    "post",
    (
        _id(),
        _link("market_id", "market"),
        _link("presence_id", "presence", nullable=True),
        _string("platform", 32),
        # The source of truth: the market's wall-clock time, its IANA zone, and the fold of a repeated hour.
        Column("local_time", Stored.DATETIME, field="local"),
        _string("zone", 64),
        _integer("fold"),
        # Derived from the three above for sorting and range queries; recomputed when the tzdata version changes.
        Column("utc_instant", Stored.DATETIME, derived=_naive_utc),
        _link("content_type_id", "content_type", nullable=True),
        _text("title"),
        _string("status", 16, form=enum_form(PostStatus)),
        _link("rule_id", "cadence_rule", nullable=True),
        Column("edited", Stored.BOOLEAN),
        # The publishing log: when the founder published it by hand (UTC) and where, or why it was skipped.
        Column("published_at", Stored.DATETIME, nullable=True, form=UTC_INSTANT),
        _text("published_url"),
        _text("skip_reason"),
        # Raised by every stored change (the row's revision, see _revision), so by every change a calendar shows too
        # (its SEQUENCE goes on from it); and the moment of the last change a calendar shows (its LAST-MODIFIED). Set
        # by the repository, never by a caller.
        _revision(),
        Column("modified_at", Stored.DATETIME, form=UTC_INSTANT),
    ),
    Post,
    order_by=("utc_instant",),
    # ix_post_tally: the workload counts every post by status and kind in date order from this index alone.
    indexes=(("utc_instant",), ("market_id", "utc_instant"), ("rule_id",),
             Index("ix_post_tally",
                   ("status", "market_id", "presence_id", "platform", "content_type_id", "local_time"))),
    nested=(("versions", "post_version"),),
    check=check.check_post,
)
"""A post's versions are rows of POST_VERSION, read with it (see `reading.py`)."""

POST_VERSION = Table(
    "post_version",
    (
        _string("post_id", 36, primary_key=True, references="post.id", on_delete="CASCADE",
                derived=lambda _version: None),  # given when written: the version does not know its post
        _string("language", 16, primary_key=True),
        _integer("position", derived=lambda _version: 0),  # the version's place in its post: given when written
        _text("text"),
        _string("status", 16, form=enum_form(VersionStatus)),
    ),
    PostVersion,
    order_by=("post_id", "position"),
    check=check.check_version,
)
"""A post in one language: one row per post and language."""

HOLIDAY_OVERRIDE = Table(
    "holiday_override",
    (
        _id(),
        _link("market_id", "market"),
        Column("day", Stored.DATE),
        _string("action", 8, form=enum_form(OverrideAction)),
        _text("name"),
        _revision(),
    ),
    HolidayOverride,
    order_by=("market_id", "day", "id"),
    indexes=(("market_id",),),
    check=check.check_override,
)
"""The founder's correction of a market's holiday data: add, remove or rename a day (applied last)."""

MARKET_EVENT = Table(
    "market_event",
    (
        _id(),
        _link("market_id", "market"),
        Column("day", Stored.DATE),
        _text("name"),
        _revision(),
    ),
    MarketEvent,
    order_by=("market_id", "day", "id"),
    indexes=(("market_id",),),
    check=check.check_event,
)
"""A dated moment the founder wants to plan for in a market (a trade fair, a launch, a local celebration)."""

OWN_PLATFORM = Table(
    "own_platform",
    (
        _id(64),
        _integer("position", derived=lambda _entry: 0),  # the order the founder made them in: given when written
        Column("entry", Stored.JSON, derived=platform_to_dict),
    ),
    build=lambda stored: parse_platform(stored["entry"]),
    order_by=("position",),
    check=check.check_entry,
)
"""One of the founder's own platform catalogue entries, in the catalogue's JSON form with its sources inline."""

CALENDAR_TARGET = Table(
    "calendar_target",
    (
        _id(),
        _text("path"),
        Column("live", Stored.BOOLEAN),
        Column("settings", Stored.JSON, form=Form(dict, dict)),
        Column("written_at", Stored.DATETIME, nullable=True, form=UTC_INSTANT),
    ),
    CalendarTarget,
    order_by=("path",),
)
"""A calendar file the plan is written to (an export's file, or the live file kept up to date), with the filter and
options it was last written with."""

EXPORTED_EVENT = Table(
    "exported_event",
    (
        _string("target_id", 36, primary_key=True, references="calendar_target.id", on_delete="CASCADE",
                derived=lambda _event: None),  # given when written: the event does not know its file
        _string("uid", 255, primary_key=True),
        _integer("sequence"),
        _string("fingerprint", 32),
        Column("day", Stored.DATE),
        Column("starts", Stored.DATETIME, nullable=True, form=UTC_INSTANT),
        Column("ends", Stored.DATETIME, nullable=True, form=UTC_INSTANT),
        _text("summary"),
        Column("stamped_at", Stored.DATETIME, form=UTC_INSTANT),
        Column("cancelled", Stored.BOOLEAN),
    ),
    ExportedEvent,
    order_by=("target_id", "uid"),
)
"""What a calendar file was last given of each event (see `domain/calendar_history.py`)."""

PLAN_SESSION = Table(
    "plan_session",
    (
        _string("session", 36, primary_key=True),
        _text("user_name"),
        _text("host"),
        _integer("process_id"),
        Column("opened_at", Stored.DATETIME),
        Column("seen_at", Stored.DATETIME),
    ),
)
"""The presence table: who has a server plan open (one row per window or command, naive UTC times), kept fresh while
it is open, so that the others are told who else is working on the plan. It warns, never blocks (a file has one
writer and keeps no rows here)."""

PLAN_CHANGE = Table(
    "plan_change",
    (
        _integer("seq", primary_key=True),
        _string("session", 36),
        _text("user_name"),
        Column("changed_at", Stored.DATETIME),
        Column("kinds", Stored.JSON),
        Column("post_ids", Stored.JSON, nullable=True),
    ),
)
"""What each change to a server plan touched, in the order they were made: who made it, the kinds of things (as
`Changes` names them) and the posts listed one by one (null: posts not listed). Open windows read what came after
the last change they saw, so that other people's changes reach them; only the recent ones are kept."""

SERVER_TABLES: tuple[Table, ...] = (PLAN_SESSION, PLAN_CHANGE)
"""Tables about a server plan's users, not its content: a copy of a plan leaves them out."""

TABLES: tuple[Table, ...] = (
    PLAN_META, FIRM, STRATEGY, MARKET, ACTOR, PRESENCE, CONTENT_TYPE, CADENCE_RULE, POST, HOLIDAY_OVERRIDE,
    MARKET_EVENT, OWN_PLATFORM, POST_VERSION, CALENDAR_TARGET, EXPORTED_EVENT, PLAN_SESSION, PLAN_CHANGE,
)
"""Every table, parents before the tables that link to them."""
