"""What a plan may hold: the limits of every value, in one validation layer that every way into a plan shares.

One place per rule. `check(item)` checks a domain object (a firm, a market, a post...) and `check_plan` a whole
plan; every boundary calls them: the plan file reader on each row it reads, the strategy file reader on each
entry, and the repository on everything written (what the wizard, the dialogs and the services store), so that no
value out of range gets into a plan file or out of one. The wizard may hold unfinished values while the founder
types (a zone not chosen yet): its own list of problems keeps it from finishing. A value out of range raises
InvalidValue naming the field; each boundary says where that field came from (a table and row, a key in a
strategy file).

The limits are what a founder's plan needs with room to spare, and what keeps every later computation finite:
hours from 0 to 168 a week, money with at most two decimals up to MONEY_MAX, intervals of at least a week, text of
bounded length, a plan of at most ten years.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

from smplanner.domain.catalogue import PlatformInfo
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
    PostStatus,
    PostVersion,
    Presence,
    ProfileScope,
    Scenario,
    Strategy,
    Translator,
    VersionStatus,
)
from smplanner.domain.regions import country_codes, region_problem
from smplanner.i18n import _

NAME_LENGTH = 200
"""A firm's, actor's, content type's, event's or holiday's name; a sector."""
NOTE_LENGTH = 10_000
"""An editorial line, adaptation notes."""
TITLE_LENGTH = 500
POST_TEXT_LENGTH = 100_000
ADDRESS_LENGTH = 2_000
"""A web address (a platform's site, a published post's link)."""
ID_LENGTH = 64
CODE_LENGTH = 32
"""A platform id, a subdivision code."""
HOURS_PER_WEEK = 168.0
MONEY_MAX = Decimal("999999999.99")
MONEY_PLACES = 2
TEAM_SIZE = 1_000_000
ENTRY_ORDER = 1_000
SILENCE_DAYS = 3_650
INTERVAL_WEEKS = 52
PLAN_YEARS = 10
FIRST_YEAR, LAST_YEAR = 1970, 2199
"""The years a date in a plan may have: far enough either way for any plan, near enough for every zone's rules."""
PLATFORM_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*")


class InvalidValue(ValueError):
    """A value a plan cannot hold; `field` is the domain attribute, `problem` says why in the founder's words, and
    `subject` is the domain object the field belongs to when the check was made on a whole (a Plan)."""

    def __init__(self, field: str, problem: str, subject: object | None = None) -> None:
        super().__init__("{field}: {problem}".format(field=field, problem=problem))
        self.field = field
        self.problem = problem
        self.subject = subject


# -- reference data (CLDR through babel, tzdata through zoneinfo; countries and regions: domain/regions.py) -------


@lru_cache(maxsize=1)
def known_languages() -> frozenset[str]:
    """Every language code CLDR names (fr, ja, zh_Hans...)."""
    from babel import Locale

    return frozenset(str(code) for code in Locale("en").languages if code != "und")


@lru_cache(maxsize=1)
def known_currencies() -> frozenset[str]:
    from babel import Locale

    return frozenset(Locale("en").currencies)


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


# -- the checks --------------------------------------------------------------------------------------------------


def _shown(value: Any, limit: int = 40) -> str:
    text = str(value.value if isinstance(value, Enum) else value)
    return "\u201c{text}\u201d".format(text=text if len(text) <= limit else text[:limit] + "\u2026")


def text(field: str, value: Any, limit: int) -> None:
    if type(value) is str and len(value) <= limit:
        return
    if not isinstance(value, str):
        raise InvalidValue(field, _("{value} is not text").format(value=_shown(value)))
    if len(value) > limit:
        raise InvalidValue(field, _("the text is {length} characters long; at most {limit} fit").format(
            length=len(value), limit=limit))


def identifier(field: str, value: Any, *, optional: bool = False) -> None:
    if (value is None and optional) or (type(value) is str and 0 < len(value) <= ID_LENGTH and not value.isspace()):
        return
    if not isinstance(value, str) or not value.strip() or len(value) > ID_LENGTH:
        raise InvalidValue(field, _("{value} is not an id (text of 1 to {limit} characters)").format(
            value=_shown(value), limit=ID_LENGTH))


def platform_id(field: str, value: Any) -> None:
    if not isinstance(value, str) or len(value) > CODE_LENGTH or not PLATFORM_ID.fullmatch(value):
        raise InvalidValue(field, _("{value} is not a platform id such as linkedin (lower-case letters, digits "
                                    "and _ . -)").format(value=_shown(value)))


def choice(field: str, value: Any, kind: type[Enum]) -> None:
    if not isinstance(value, kind):
        raise InvalidValue(field, _("{value} is not one of {allowed}").format(
            value=_shown(value), allowed=", ".join(str(member.value) for member in kind)))


def flag(field: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidValue(field, _("{value} is not true or false").format(value=_shown(value)))


def whole_number(field: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidValue(field, _("{value} is not a whole number from {low} to {high}").format(
            value=_shown(value), low=low, high=high))


def number(field: str, value: Any, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or not (
            low <= value <= high):
        raise InvalidValue(field, _("{value} is not a number from {low} to {high}").format(
            value=_shown(value), low=low, high=high))


def money(field: str, value: Any) -> None:
    if (not isinstance(value, Decimal) or not value.is_finite() or not 0 <= value <= MONEY_MAX
            or value.as_tuple().exponent < -MONEY_PLACES):  # type: ignore[operator]
        raise InvalidValue(field, _("{value} is not an amount from 0 to {high} with at most two decimals").format(
            value=_shown(value), high=MONEY_MAX))


def code(field: str, value: Any, known: frozenset[str], example: str) -> None:
    """A code from reference data (a country, a language, a currency, a time zone); `example` is shown."""
    if not isinstance(value, str) or value not in known:
        raise InvalidValue(field, _("{value} is not a known code, such as {example}").format(
            value=_shown(value), example=example))


def country(field: str, value: Any, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    code(field, value, country_codes(), "FR")


def subdivision(field: str, value: Any) -> None:
    """The form of a region code (its place in the holiday data is checked where that data is used)."""
    if value is not None and (not isinstance(value, str) or not value.strip() or len(value) > CODE_LENGTH):
        raise InvalidValue(field, _("{value} is not a region code such as QC").format(value=_shown(value)))


def zone(field: str, value: Any) -> None:
    code(field, value, known_zones(), "Europe/Paris")


def language(field: str, value: Any) -> None:
    code(field, value, known_languages(), "fr")


def a_date(field: str, value: Any, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, date) or isinstance(value, datetime) or not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidValue(field, _("{value} is not a date from {first} to {last}").format(
            value=_shown(value), first=FIRST_YEAR, last=LAST_YEAR))


def wall_clock(field: str, value: Any) -> None:
    """A date and time as a clock on the wall shows it: naive, within the years a plan may have."""
    if not isinstance(value, datetime) or value.tzinfo is not None or not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidValue(field, _("{value} is not a local date and time from {first} to {last}").format(
            value=_shown(value), first=FIRST_YEAR, last=LAST_YEAR))


def instant(field: str, value: Any) -> None:
    """An aware moment (a post's publication), within the years a plan may have."""
    if not isinstance(value, datetime) or value.tzinfo is None or not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidValue(field, _("{value} is not a moment with its time zone from {first} to {last}").format(
            value=_shown(value), first=FIRST_YEAR, last=LAST_YEAR))


def minute(field: str, value: Any) -> None:
    """A time of day in whole minutes (how a plan stores them)."""
    if not isinstance(value, time) or value.tzinfo is not None or value.second or value.microsecond:
        raise InvalidValue(field, _("{value} is not a time in whole minutes, such as 09:30").format(
            value=_shown(value)))


def weekdays(field: str, values: Any) -> None:
    """Days of the week, 0 (Monday) to 6, each at most once."""
    if (not isinstance(values, tuple) or len(set(values)) != len(values)
            or any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in values)):
        raise InvalidValue(field, _("{value} is not a list of different weekdays").format(value=_shown(values)))


def minutes(field: str, values: Any) -> None:
    """Times of day (a time given twice means one post: see smplanner.domain.cadence)."""
    if not isinstance(values, tuple) or len(values) > 24 * 60:
        raise InvalidValue(field, _("{value} is not a list of times").format(value=_shown(values)))
    for value in values:
        minute(field, value)


def members(field: str, values: Any, kind: type[Enum]) -> None:
    if not isinstance(values, tuple) or len(set(values)) != len(values):
        raise InvalidValue(field, _("{value} is not a list without repeats").format(value=_shown(values)))
    for value in values:
        choice(field, value, kind)


def languages(field: str, values: Any) -> None:
    if not isinstance(values, tuple) or len(set(values)) != len(values):
        raise InvalidValue(field, _("{value} is not a list without repeats").format(value=_shown(values)))
    for value in values:
        language(field, value)


def period(start: date, end: date) -> None:
    """A plan's period: a first and a last day, at most PLAN_YEARS years apart."""
    a_date("period_start", start)
    a_date("period_end", end)
    if end < start:
        raise InvalidValue("period_end", _("the plan ends on {end}, before it starts on {start}").format(
            end=end.isoformat(), start=start.isoformat()))
    try:
        latest = start.replace(year=start.year + PLAN_YEARS)
    except ValueError:  # 29 February
        latest = start.replace(year=start.year + PLAN_YEARS, day=28)
    if end > latest:
        raise InvalidValue("period_end", _("a plan lasts at most {years} years; this one ends on {end}, after "
                                           "{latest}").format(years=PLAN_YEARS, end=end.isoformat(),
                                                              latest=latest.isoformat()))


def known_platform(field: str, value: Any, platform_ids: Iterable[str]) -> None:
    """A platform the plan can use: one of the shipped catalogue's or of the plan's own entries."""
    ids = sorted(platform_ids)
    if value not in ids:
        raise InvalidValue(field, _("{value} is not a platform of the catalogue or of this plan; the platforms are: "
                                    "{ids}").format(value=_shown(value), ids=", ".join(ids)))


# -- the checks of each domain object ------------------------------------------------------------------------


def check_firm(firm: Firm) -> None:
    text("name", firm.name, NAME_LENGTH)
    country("home_country", firm.home_country)
    zone("home_zone", firm.home_zone)
    subdivision("home_subdivision", firm.home_subdivision)
    text("sector", firm.sector, NAME_LENGTH)
    choice("audience", firm.audience, Audience)
    whole_number("team_size", firm.team_size, 1, TEAM_SIZE)
    choice("scenario", firm.scenario, Scenario)
    minute("working_start", firm.working_start)
    minute("working_end", firm.working_end)
    weekdays("working_days", firm.working_days)
    minute("night_start", firm.night_start)
    minute("night_end", firm.night_end)


def check_market(market: Market) -> None:
    country("country", market.country)
    zone("zone", market.zone)
    identifier("id", market.id)
    subdivision("subdivision", market.subdivision)
    members("objectives", market.objectives, Objective)
    languages("languages", market.languages)
    whole_number("entry_order", market.entry_order, 1, ENTRY_ORDER)
    a_date("entry_date", market.entry_date, optional=True)
    flag("content_adapted", market.content_adapted)
    text("adaptation_notes", market.adaptation_notes, NOTE_LENGTH)
    whole_number("personal_share", market.personal_share, 0, 100)
    flag("paid_ads", market.paid_ads)
    money("ads_budget_month", market.ads_budget_month)
    choice("translator", market.translator, Translator)


def check_actor(actor: Actor) -> None:
    text("name", actor.name, NAME_LENGTH)
    choice("kind", actor.kind, ActorKind)
    identifier("id", actor.id)
    country("country", actor.country, optional=True)
    number("hours_per_week", actor.hours_per_week, 0, HOURS_PER_WEEK)


def check_presence(presence: Presence) -> None:
    identifier("market_id", presence.market_id)
    platform_id("platform", presence.platform)
    identifier("id", presence.id)
    choice("scope", presence.scope, ProfileScope)
    choice("goal", presence.goal, Objective)
    identifier("actor_id", presence.actor_id, optional=True)


def check_content_type(content_type: ContentType) -> None:
    text("name", content_type.name, NAME_LENGTH)
    identifier("id", content_type.id)
    whole_number("share_percent", content_type.share_percent, 0, 100)
    choice("format", content_type.format, ContentFormat)
    flag("personal", content_type.personal)


def check_rule(rule: CadenceRule) -> None:
    identifier("presence_id", rule.presence_id)
    weekdays("weekdays", rule.weekdays)
    minutes("times", rule.times)
    identifier("id", rule.id)
    whole_number("interval_weeks", rule.interval_weeks, 1, INTERVAL_WEEKS)
    language("language", rule.language)
    identifier("content_type_id", rule.content_type_id, optional=True)
    choice("holiday_policy", rule.holiday_policy, HolidayPolicy)


def check_strategy(strategy: Strategy) -> None:
    period(strategy.period_start, strategy.period_end)
    code("currency", strategy.currency, known_currencies(), "EUR")
    money("budget_organic_month", strategy.budget_organic_month)
    money("budget_paid_month", strategy.budget_paid_month)
    choice("language_mode", strategy.language_mode, LanguageMode)
    language("main_language", strategy.main_language)
    text("editorial_line", strategy.editorial_line, NOTE_LENGTH)
    whole_number("silence_threshold_days", strategy.silence_threshold_days, 1, SILENCE_DAYS)


def check_post(post: Post) -> None:
    identifier("market_id", post.market_id)
    platform_id("platform", post.platform)
    wall_clock("local", post.local)
    zone("zone", post.zone)
    identifier("id", post.id)
    if post.fold not in (0, 1) or isinstance(post.fold, bool):
        whole_number("fold", post.fold, 0, 1)
    identifier("presence_id", post.presence_id, optional=True)
    identifier("content_type_id", post.content_type_id, optional=True)
    text("title", post.title, TITLE_LENGTH)
    choice("status", post.status, PostStatus)
    identifier("rule_id", post.rule_id, optional=True)
    flag("edited", post.edited)
    if type(post.versions) is not tuple:
        raise InvalidValue("versions", _("{value} is not a list").format(value=_shown(post.versions)))
    for version in post.versions:
        check_version(version)
    if post.published_at is not None:
        instant("published_at", post.published_at)
    text("published_url", post.published_url, ADDRESS_LENGTH)
    text("skip_reason", post.skip_reason, NOTE_LENGTH)


def check_version(version: PostVersion) -> None:
    language("language", version.language)
    text("text", version.text, POST_TEXT_LENGTH)
    choice("status", version.status, VersionStatus)


def check_override(override: HolidayOverride) -> None:
    identifier("market_id", override.market_id)
    a_date("day", override.day)
    choice("action", override.action, OverrideAction)
    text("name", override.name, NAME_LENGTH)
    identifier("id", override.id)


def check_event(event: MarketEvent) -> None:
    identifier("market_id", event.market_id)
    a_date("day", event.day)
    text("name", event.name, NAME_LENGTH)
    identifier("id", event.id)


def check_entry(entry: PlatformInfo) -> None:
    platform_id("id", entry.id)
    text("name", entry.name, NAME_LENGTH)
    text("site", entry.site, ADDRESS_LENGTH)


def check_plan(plan: Plan) -> None:
    """Every decision of a plan, and the platforms its presences use (the catalogue's or the plan's own)."""
    check_firm(plan.firm)
    check_strategy(plan.strategy)
    decisions: tuple[Any, ...] = (*plan.markets, *plan.actors, *plan.presences, *plan.content_types,
                                  *plan.cadence_rules, *plan.own_platforms)
    for item in decisions:
        try:
            check(item)
        except InvalidValue as error:
            error.subject = item
            raise
    check_plan_platforms(plan)


def check_regions(plan: Plan) -> None:
    """The firm's and the markets' countries and regions are ones the holiday data knows (domain/regions.py).

    Apart from check_plan because the holiday data takes a quarter of a second to load: this runs where that data
    is used (PlanningService.days_off), not on every read of a plan."""
    problem = region_problem(plan.firm.home_country, plan.firm.home_subdivision)
    if problem is not None:
        raise InvalidValue("home_subdivision", problem, plan.firm)
    for market in plan.markets:
        problem = region_problem(market.country, market.subdivision)
        if problem is not None:
            raise InvalidValue("subdivision", problem, market)


def check_plan_platforms(plan: Plan) -> None:
    """The platforms the plan's presences use are the catalogue's or the plan's own."""
    if plan.presences:
        known = {p.id for p in plan.catalogue().platforms}
        for presence in plan.presences:
            if presence.platform not in known:
                try:
                    known_platform("platform", presence.platform, known)
                except InvalidValue as error:
                    error.subject = presence
                    raise


CHECKS: dict[type, Any] = {
    Firm: check_firm, Strategy: check_strategy, Market: check_market, Actor: check_actor, Presence: check_presence,
    ContentType: check_content_type, CadenceRule: check_rule, Post: check_post, HolidayOverride: check_override,
    MarketEvent: check_event, PlatformInfo: check_entry, PostVersion: check_version,
}


def check(item: Any) -> None:
    """Check one domain object of a plan (InvalidValue naming the field of the first value out of range)."""
    CHECKS[type(item)](item)
