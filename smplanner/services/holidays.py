"""Public holidays of each market from the holidays package, with the market's subdivision."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from smplanner.domain.plan import Market

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
