"""Where a new plan's firm is at home, read from the machine's settings: its time zone (TZ, /etc/localtime, or what
the desktop says), its country (the locale's territory, else the zone's country) and its language."""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from smplanner.i18n import base_language, system_language, system_territory

ZONEINFO_MARK = "zoneinfo/"
# Zones that say where a clock is set, not where anyone lives (servers, containers, CI): no home to be read there.
PLACELESS_ZONES = frozenset({"UTC", "GMT", "UCT", "Universal", "Zulu", "Greenwich", "Etc/UTC", "Etc/GMT", "Etc/UCT",
                             "Etc/Universal", "Etc/Zulu", "Etc/Greenwich", "Factory", "localtime"})


@dataclass(frozen=True, slots=True)
class Home:
    country: str
    zone: str
    language: str


FALLBACK = Home(country="BE", zone="Europe/Brussels", language="en")
"""Where the research paper's firms are, for a machine that says nothing usable."""


def _zone_of(text: str) -> str | None:
    """A zone id from TZ's value or a path into a zoneinfo folder: ":Europe/Paris", "/usr/share/zoneinfo/Asia/Tokyo"."""
    text = text.strip().lstrip(":")
    if ZONEINFO_MARK in text:
        text = text.split(ZONEINFO_MARK, 1)[1]
    return text or None


def _usable(zone: str | None) -> str | None:
    from smplanner.domain.timezones import known_zones

    if zone is None or zone in PLACELESS_ZONES or zone.startswith("Etc/") or zone not in known_zones():
        return None
    return zone


def system_zone(environ: Mapping[str, str], localtime: Path, desktop_zone: str | None = None) -> str | None:
    """The machine's time zone when it names a place: TZ when set (it overrides the rest, as for every program),
    else the zone /etc/localtime links to, else /etc/timezone's, else the desktop's (Qt's, on any system)."""
    if "TZ" in environ:
        return _usable(_zone_of(environ["TZ"]))
    candidates: list[str | None] = []
    with suppress(OSError):  # not a link: a copy of the zone's file, which names no zone
        candidates.append(_zone_of(os.readlink(localtime)))
    with suppress(OSError):  # Debian's own record of the zone, when there is one
        candidates.append(_zone_of((localtime.parent / "timezone").read_text(encoding="utf-8")))
    candidates.append(desktop_zone)
    return next((zone for zone in map(_usable, candidates) if zone is not None), None)


def countries_of_zone(zone: str) -> list[str]:
    """The countries a zone is used in (tzdata's zone table, then CLDR's): one, almost always."""
    from smplanner.services import country_facts

    return [code for code in country_facts.country_codes() if zone in country_facts.zones_of(code)]


def system_home(
    environ: Mapping[str, str] | None = None, localtime: Path = Path("/etc/localtime"), desktop_zone: str | None = None
) -> Home:
    """The firm's home as the machine knows it. The zone's country wins over the locale's territory (many people
    keep an American or British English locale wherever they live); a machine on UTC gives its locale's country
    and that country's main zone; nothing usable gives Belgium, as in the research."""
    from smplanner.services import country_facts

    env = os.environ if environ is None else environ
    language = _language(env)
    zone = system_zone(env, localtime, desktop_zone)
    territory = system_territory(env)
    if zone is not None:
        countries = countries_of_zone(zone)
        if countries:
            return Home(territory if territory in countries else countries[0], zone, language)
    if territory in country_facts.country_codes():
        main = country_facts.main_zone(territory)
        if main is not None:
            return Home(territory, main, language)
    return Home(FALLBACK.country, FALLBACK.zone, language)


def _language(environ: Mapping[str, str]) -> str:
    from babel.localedata import exists

    code = base_language(system_language(dict(environ)))
    return code if code and exists(code) else FALLBACK.language
