"""Public holidays of each market from the holidays package (with its subdivision) and the founder's corrections."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from smplanner.domain.market_days import HolidayOverride, apply_overrides
from smplanner.domain.plan import Market, Plan

HOLIDAY_NAME_LANGUAGE = "en_US"


@lru_cache(maxsize=256)
def _holiday_dates(country: str, subdivision: str | None, years: tuple[int, ...]) -> frozenset[date]:
    import holidays

    try:
        calendar = holidays.country_holidays(
            country, subdiv=subdivision, years=years, language=HOLIDAY_NAME_LANGUAGE
        )
    except NotImplementedError:  # a country the package does not cover: no public holidays known
        return frozenset()
    return frozenset(calendar.keys())


def holiday_dates(market: Market, first: date, last: date) -> frozenset[date]:
    """The dates of the market's public holidays from first to last inclusive."""
    years = tuple(range(first.year, last.year + 1))
    return frozenset(d for d in _holiday_dates(market.country, market.subdivision, years) if first <= d <= last)


def data_source() -> str:
    """The name and version of the holiday data, to show beside it."""
    from importlib.metadata import version

    return "holidays {version}".format(version=version("holidays"))



def _name_language(calendar: object, wanted: str) -> str | None:
    """The package's language closest to the UI language ("fr" -> "fr", "en" -> "en_GB" for the UK), else English
    (a founder may not read the country's own script), else the package's default."""
    supported = tuple(getattr(calendar, "supported_languages", ()))
    default = getattr(calendar, "default_language", None)
    if wanted in supported:
        return wanted
    base = wanted.replace("-", "_").split("_")[0].lower()
    candidates = [code for code in supported if code.split("_")[0].lower() == base]
    if default in candidates:
        return default
    american = f"{base}_US"
    if candidates:
        return american if american in candidates else candidates[0]
    if base != "en":
        return _name_language(calendar, "en")
    return default


@lru_cache(maxsize=64)
def _named_holidays(country: str, subdivision: str | None, years: tuple[int, ...], wanted: str) -> tuple[tuple[date, str], ...]:
    import holidays

    try:
        probe = holidays.country_holidays(country, subdiv=subdivision)
        calendar = holidays.country_holidays(
            country, subdiv=subdivision, years=years, language=_name_language(probe, wanted)
        )
    except NotImplementedError:  # a country the package does not cover: no public holidays known
        return ()
    return tuple(sorted(calendar.items()))


def named_holidays(market: Market, first: date, last: date, language: str | None = None) -> list[tuple[date, str]]:
    """The market's public holidays from first to last inclusive, with their names, in date order.

    Names are in `language` (the UI language by default) when the holidays package has it, else in English when
    it has that, else in the package's default language for the country.
    """
    from smplanner.i18n import current_language

    if last < first:
        return []
    years = tuple(range(first.year, last.year + 1))
    found = _named_holidays(market.country, market.subdivision, years, language or current_language())
    return [(day, name) for day, name in found if first <= day <= last]


def holidays_by_market(
    plan: Plan, overrides: Iterable[HolidayOverride], first: date, last: date, language: str
) -> dict[str, dict[date, str]]:
    """Per market id, its public holidays from first to last inclusive as {date: name}: the holidays package's data
    for the market's country and subdivision (names in `language` when the package has it, else English), with the
    founder's corrections of that market applied last."""
    by_market: dict[str, list[HolidayOverride]] = {}
    for override in overrides:
        if first <= override.day <= last:
            by_market.setdefault(override.market_id, []).append(override)
    return {
        market.id: apply_overrides(dict(named_holidays(market, first, last, language)), by_market.get(market.id, ()))
        for market in plan.markets
    }
