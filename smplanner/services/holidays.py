"""Each market's days off from the holidays package (its country and subdivision: public holidays, weekend, the years
its data covers) with the founder's corrections applied last; and whether a country's regions have holidays of
their own. (The region codes themselves are checked in `smplanner.domain.regions`.)

`market_days_off` is the one source of holiday truth: generation, warnings, the views, the exports, the summary and
the workload all take a market's days off from it. What a holiday then does to a post is
`smplanner.domain.market_days.DaysOff.place`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from smplanner.domain.market_days import SATURDAY_SUNDAY, DaysOff, HolidayOverride, apply_overrides
from smplanner.domain.plan import Market, Plan
from smplanner.domain.regions import check_region, has_holiday_data, regions_of
from smplanner.i18n import _, ngettext

HOLIDAY_NAME_LANGUAGE = "en_US"
REGION_SAMPLE_YEARS = (2026, 2027)
"""Years compared to tell whether a country's regions have holidays of their own (the hint to choose one)."""


def data_source() -> str:
    """The name and version of the holiday data, to show beside it."""
    from importlib.metadata import version

    return "holidays {version}".format(version=version("holidays"))


# --- regions ---------------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def regions_differ(country: str) -> bool:
    """Whether some region of the country has public holidays the country as a whole does not (DE, CH, ES, US, CA,
    GB, AU...): a market of the whole country then sees national holidays only."""
    regions = regions_of(country)
    if not regions:
        return False
    national = set(_calendar(country, None, REGION_SAMPLE_YEARS).keys())
    return any(set(_calendar(country, region, REGION_SAMPLE_YEARS).keys()) - national for region in regions)


def needs_region_hint(market: Market) -> bool:
    """Whether to tell the founder that a market of a whole country sees national holidays only."""
    return market.subdivision is None and regions_differ(market.country)


def holiday_data_notes(
    plan: Plan, first: date | None = None, last: date | None = None, *, named: bool = True, hints: bool = True
) -> dict[str, list[str]]:
    """Per market id, what the founder should know about its holiday data from first to last (the plan period by
    default): that there is none for some years or for the country at all, and that a whole federal country sees
    its national holidays only (unless `hints` is False). Each sentence starts with the market's name unless `named`
    is False (shown beside the market already). Markets with nothing to say are left out."""
    from smplanner.domain.workload import market_name

    first = first or plan.strategy.period_start
    last = last or plan.strategy.period_end
    years = tuple(range(first.year, last.year + 1)) if first <= last else ()
    notes: dict[str, list[str]] = {}
    for market in plan.markets:
        found: list[str] = []
        if not has_holiday_data(market.country):
            found.append(_("The holiday data does not cover this country; its public holidays are not known (add "
                           "them as your own corrections)."))
        else:
            missing = years_without_data(market.country, market.subdivision, years) if years else ()
            if missing:
                found.append(ngettext(
                    "No holiday data for {years}; its public holidays that year are not known.",
                    "No holiday data for {years}; its public holidays those years are not known.",
                    len(missing)).format(years=", ".join(str(year) for year in missing)))
            if hints and needs_region_hint(market):
                found.append(_("National holidays only: choose a region for regional ones."))
        if found:
            notes[market.id] = [
                _("{market}: {note}").format(market=market_name(market), note=note) if named else note
                for note in found
            ]
    return notes


# --- the holiday data ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _calendar(country: str, subdivision: str | None, years: tuple[int, ...], language: str | None = None) -> Any:
    """The package's calendar of the country and region for those years (names in `language`), or {} when it does
    not cover the country. An unknown region raises RegionError: it must never silently mean "no holidays"."""
    import holidays

    if not has_holiday_data(country):
        return {}
    check_region(country, subdivision, "subdivision")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # years out of the data's range: see years_without_data
        if language is not None:
            probe = holidays.country_holidays(country, subdiv=subdivision)
            language = _name_language(probe, language)
        return holidays.country_holidays(country, subdiv=subdivision, years=years, language=language)


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


@lru_cache(maxsize=256)
def years_without_data(country: str, subdivision: str | None, years: tuple[int, ...]) -> tuple[int, ...]:
    """Those of `years` the holiday data does not cover for the country and region: outside the years its calendar
    has (Sri Lanka's ends in 2026), years it warns about (India's Hindu holidays end in 2035), or years where a
    lunar calendar it uses has no date for a holiday it dates in other years (Nepal's end in 2032). A country the
    package does not cover lacks data every year."""
    import holidays

    if not has_holiday_data(country):
        return years
    check_region(country, subdivision, "subdivision")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        calendar = holidays.country_holidays(country, subdiv=subdivision)
    lookups: list[tuple[str, int, bool]] = []
    for name, value in list(vars(calendar).items()):
        lookup = getattr(value, "_get_holiday", None)
        if name.endswith("_calendar") and callable(lookup):
            value._get_holiday = _recording(lookup, lookups)
    missing: set[int] = set()
    for year in years:
        if not calendar.start_year <= year <= calendar.end_year:
            missing.add(year)
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _ = date(year, 6, 1) in calendar  # the calendar fills the year on first use
        if any(issubclass(warning.category, UserWarning) for warning in caught):
            missing.add(year)
    dated = {holiday for holiday, _year, found in lookups if found}
    missing.update(year for holiday, year, found in lookups if not found and holiday in dated and year in years)
    return tuple(sorted(missing))


def _recording(lookup: Any, into: list[tuple[str, int, bool]]) -> Any:
    """A lunar calendar's date lookup that also notes whether it found a date (its tables end in some year)."""
    def recorded(holiday: str, year: int, *args: Any, **kwargs: Any) -> Any:
        found = lookup(holiday, year, *args, **kwargs)
        day = found[0] if isinstance(found, tuple) else found
        into.append((holiday, year, bool(day)))
        return found

    return recorded


def _weekends(
    calendar: Any, years: tuple[int, ...]
) -> tuple[frozenset[int], dict[int, frozenset[int]], frozenset[date]]:
    """The data's weekend (now), its weekend in each year, and its weekend days made working days in those years."""
    weekend = frozenset(getattr(calendar, "weekend", SATURDAY_SUNDAY)) or SATURDAY_SUNDAY
    is_weekend = getattr(calendar, "is_weekend", None)
    by_year: dict[int, frozenset[int]] = {}
    for year in years:
        if is_weekend is None:
            by_year[year] = weekend
            continue
        monday = date(year, 7, 1) - timedelta(days=date(year, 7, 1).weekday())
        by_year[year] = frozenset(day for day in range(7) if is_weekend(monday + timedelta(days=day))) or weekend
    workdays = frozenset(d for d in getattr(calendar, "weekend_workdays", ()) if d.year in years)
    return weekend, by_year, workdays


def market_days_off(
    plan: Plan,
    corrections: Iterable[HolidayOverride],
    first: date,
    last: date,
    language: str | None = None,
) -> dict[str, DaysOff]:
    """Per market id, its days off from first to last inclusive: the holidays package's public holidays for the
    market's country and subdivision (named in `language`, the UI language by default, when the package has it,
    else in English), the weekend from the package's data for that country, and the founder's corrections of that
    market applied last."""
    from smplanner.i18n import current_language

    language = language or current_language()
    by_market: dict[str, list[HolidayOverride]] = {}
    for correction in corrections:
        if first <= correction.day <= last:
            by_market.setdefault(correction.market_id, []).append(correction)
    years = tuple(range(first.year, last.year + 1)) if first <= last else ()
    found: dict[str, DaysOff] = {}
    for market in plan.markets:
        calendar = _calendar(market.country, market.subdivision, years, language) if years else {}
        weekend, by_year, workdays = _weekends(calendar, years) if calendar else (SATURDAY_SUNDAY, {}, frozenset())
        found[market.id] = DaysOff(
            weekend=weekend,
            holidays=dict(corrected_holidays(market, first, last, by_market.get(market.id, ()), language)),
            weekend_workdays=workdays,
            years_without_data=years_without_data(market.country, market.subdivision, years) if years else (),
            weekend_by_year=by_year,
        )
    return found


def corrected_holidays(market: Market, first: date, last: date, corrections: Iterable[HolidayOverride],
                       language: str | None = None) -> list[tuple[date, str]]:
    """A market's public holidays from first to last inclusive as every holiday view shows them: the holiday data's
    (`named_holidays`) with the founder's corrections of that market applied last, in date order."""
    mine = [c for c in corrections if c.market_id == market.id and first <= c.day <= last]
    return sorted(apply_overrides(dict(named_holidays(market, first, last, language)), mine).items())


def named_holidays(market: Market, first: date, last: date, language: str | None = None) -> list[tuple[date, str]]:
    """The holiday data's public holidays of a market from first to last inclusive, without the founder's
    corrections, in date order (names as in `market_days_off`); what the founder's corrections are made against."""
    from smplanner.i18n import current_language

    if last < first:
        return []
    years = tuple(range(first.year, last.year + 1))
    calendar = _calendar(market.country, market.subdivision, years, language or current_language())
    return [(day, name) for day, name in sorted(calendar.items()) if first <= day <= last]
