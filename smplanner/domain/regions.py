"""Country and region codes, checked once for every boundary that takes them (strategy files, the command line, the
plan file reader, the wizard): countries are CLDR's, regions those the holidays package knows for the country."""

from __future__ import annotations

from functools import lru_cache

from smplanner.i18n import _

NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
"""CLDR "territories" that are not countries a firm can target."""


class RegionError(ValueError):
    """A country or region code the data does not know; the message is one line that names the valid codes."""


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Every country CLDR names (two-letter codes, no groupings such as "EU" or "001")."""
    from babel import Locale

    return frozenset(code for code in Locale("en").territories
                     if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES)


@lru_cache(maxsize=1)
def _regions() -> dict[str, tuple[str, ...]]:
    """Country code -> its region codes, as the holidays package lists them (only the countries it covers)."""
    import holidays

    return {country: tuple(regions) for country, regions in holidays.list_supported_countries().items()}


def regions_of(country: str) -> tuple[str, ...]:
    """The region codes the holiday data knows for a country (QC for CA, BY for DE); none for most countries."""
    return _regions().get(country, ())


def has_holiday_data(country: str) -> bool:
    return country in _regions()


def region_problem(country: str, subdivision: str | None) -> str | None:
    """Why a country and region cannot be a market's or the firm's home, in one sentence naming the codes that can;
    None when they can. A country the holiday data does not cover is still a country (its views say it has no
    holiday data); a region must be one the holiday data knows, never silently "no holidays at all"."""
    from smplanner.i18n.formatting import country_name

    if country not in country_codes():
        return _("\u201c{code}\u201d is not a two-letter country code such as FR or JP").format(code=country)
    if subdivision is None:
        return None
    regions = regions_of(country)
    if subdivision in regions:
        return None
    if not regions:
        return _("\u201c{code}\u201d is not a region of {country} in the holiday data, which has no regions for "
                 "{country}: leave the region out").format(code=subdivision, country=country_name(country))
    return _("\u201c{code}\u201d is not a region of {country} in the holiday data; the codes for {country_code} are "
             "{codes}").format(code=subdivision, country=country_name(country), country_code=country,
                               codes=", ".join(regions))


def check_region(country: str, subdivision: str | None, key: str) -> None:
    """Raise RegionError ("{key}: {problem}") unless the country is one and the holiday data knows its region (see
    `region_problem`)."""
    problem = region_problem(country, subdivision)
    if problem is not None:
        raise RegionError("{key}: {problem}".format(key=key, problem=problem))
