"""What the wizard suggests about a country: its zones, languages, currency and subdivisions.

Country facts come from CLDR (through babel), tzdata's zone table and the holidays package; the one hand-made
table, which zone most of a country's people live in, is a sourced data file (resources/country_zones.json).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources

from smplanner.domain.timezones import known_zones


@lru_cache(maxsize=1)
def _zone_table() -> dict[str, list[tuple[str, str]]]:
    """Country code -> [(zone, tzdata's description)], in tzdata's order (most populous first where it can)."""
    text = (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    table: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        table.setdefault(fields[0], []).append((fields[2], fields[3] if len(fields) > 3 else ""))
    return table


def country_codes() -> list[str]:
    """Every country CLDR names (two-letter codes, no groupings such as "EU" or "001"), in code order."""
    from smplanner.domain.regions import country_codes as codes

    return sorted(codes())


def zones_of(country: str, subdivision: str | None = None) -> list[str]:
    """The country's time zones, tzdata's main one first; CLDR's list when tzdata's table lacks the country. A region
    whose zone tzdata files under its own code (Guam, Puerto Rico for the US) has that zone first."""
    from babel.core import get_global

    available = set(known_zones())
    listed = [zone for zone, _description in _zone_table().get(country, []) if zone in available]
    extra = [z for z in get_global("territory_zones").get(country, ()) if z in available and z not in listed]
    found = listed + extra
    own = _region_zone(country, subdivision)
    return [own, *found] if own in available and own not in found else found


@lru_cache(maxsize=1)
def _people_zones() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """resources/country_zones.json: the zone where most of a multi-zone country's people live (its capital's), and
    the zone of each of its regions."""
    import json

    data = json.loads((resources.files("smplanner.resources") / "country_zones.json").read_text(encoding="utf-8"))
    capitals = {country: entry["zone"] for country, entry in data["countries"].items()}
    return capitals, data["subdivisions"]


def _region_zone(country: str, subdivision: str | None) -> str | None:
    return _people_zones()[1].get(country, {}).get(subdivision) if subdivision else None


def main_zone(country: str, subdivision: str | None = None) -> str | None:
    """The zone to suggest, where most of the people live: the region's own zone when it has one, else the country's
    capital's zone (both from a sourced data set), else the country's only zone."""
    available = set(known_zones())
    found = _region_zone(country, subdivision) or _people_zones()[0].get(country)
    if found in available:
        return found
    zones = zones_of(country)
    return zones[0] if zones else None


def official_languages(country: str) -> list[str]:
    """CLDR's official languages of a country (regional ones after the national ones), de facto included."""
    from babel.languages import get_official_languages

    found = list(get_official_languages(country, regional=False, de_facto=True))
    found += [code for code in get_official_languages(country, regional=True, de_facto=True) if code not in found]
    return found


def currency_of(country: str, on: date) -> str | None:
    """The country's legal tender on a date (CLDR)."""
    from babel.numbers import get_territory_currencies

    codes = get_territory_currencies(country, on, tender=True)
    return codes[0] if codes else None


def subdivisions_of(country: str) -> list[str]:
    """The subdivisions the holidays package knows for a country (e.g. QC for CA)."""
    from smplanner.domain.regions import regions_of

    return list(regions_of(country))


@lru_cache(maxsize=64)
def subdivision_names(country: str) -> dict[str, tuple[str, ...]]:
    """Subdivision code -> the names the holidays package gives it (often English and a local name)."""
    import holidays

    from smplanner.domain.regions import has_holiday_data

    if not has_holiday_data(country):
        return {}
    calendar = holidays.country_holidays(country)
    names: dict[str, list[str]] = {}
    for name, code in getattr(calendar, "subdivisions_aliases", {}).items():
        names.setdefault(code, []).append(name)
    return {code: tuple(found) for code, found in names.items()}
