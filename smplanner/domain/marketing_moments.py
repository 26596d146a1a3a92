"""The marketing moments of each market (Singles' Day, Black Friday, Mother's Day on each country's own date...),
read from the sourced data file `resources/marketing_moments.json` and dated for a range of days."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from smplanner.domain.catalogue import Source

WIDELY_OBSERVED = "*"
LUNAR_FESTIVALS = ("lunar_new_year", "mid_autumn", "dragon_boat")
"""Festivals of the Chinese calendar whose dates the holidays package tabulates."""
_AS_OF = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class MomentDataError(ValueError):
    """The moments file does not say what this module expects (a bug in the shipped data, caught by its tests)."""


@dataclass(frozen=True, slots=True)
class Moment:
    """One marketing moment on its (first) day, with the name in the language asked for and where it comes from."""

    day: date
    name: str
    moment_id: str
    source: Source
    days: int = 1  # how many days it lasts (Golden Week: 7)
    see_also: tuple[Source, ...] = ()
    note: str = ""

    @property
    def last_day(self) -> date:
        return self.day + timedelta(days=self.days - 1)

    @property
    def sources(self) -> tuple[Source, ...]:
        return (self.source, *self.see_also)


@dataclass(frozen=True, slots=True)
class MomentEntry:
    """A moment as the data file describes it: when it falls, where, and its source."""

    id: str
    name: str
    names: Mapping[str, str]
    countries: tuple[str, ...]
    rule: Mapping[str, Any]
    source: Source
    days: int = 1
    see_also: tuple[Source, ...] = ()
    note: str = ""

    def name_in(self, language: str) -> str:
        base = language.replace("-", "_").split("_")[0].lower()
        return self.names.get(base, self.name)

    def observed_in(self, country: str) -> bool:
        return WIDELY_OBSERVED in self.countries or country.upper() in self.countries

    def day_in(self, year: int) -> date | None:
        """The moment's (first) day in that year, or None when the data has no date for that year."""
        return rule_day(self.rule, year)


# -- the date rules -----------------------------------------------------------------------------------------

def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-n - 1))


def _lunar(festival: str, year: int) -> date | None:
    # The holidays package keeps its Chinese calendar tables in a private class (holidays/calendars/chinese.py);
    # its tests pin the dates, and tests/domain/test_marketing_moments.py pins the ones used here.
    from holidays.calendars.chinese import _ChineseLunisolar

    day, _estimated = getattr(_ChineseLunisolar(), "{name}_date".format(name=festival))(year)
    return day


def rule_day(rule: Mapping[str, Any], year: int) -> date | None:
    """The day a rule of the data file gives in a year (None when it gives none)."""
    from dateutil.easter import easter

    kind = rule["kind"]
    day: date | None
    if kind == "fixed":
        day = date(year, rule["month"], rule["day"])
    elif kind == "nth_weekday":
        day = _nth_weekday(year, rule["month"], rule["weekday"], rule["n"])
        if "if_after_day" in rule and day.day > rule["if_after_day"]:
            day -= timedelta(days=7)
    elif kind == "easter":
        day = easter(year) + timedelta(days=rule["offset"])
    elif kind == "offset":
        base = rule_day(rule["base"], year)
        day = None if base is None else base + timedelta(days=rule["days"])
    elif kind == "chinese_lunar":
        day = _lunar(rule["festival"], year)
    elif kind == "dates":
        day = next((d for d in map(date.fromisoformat, rule["dates"]) if d.year == year), None)
    else:
        raise MomentDataError("unknown rule kind '{kind}'".format(kind=kind))
    if day is not None and "unless" in rule and rule_day(rule["unless"], year) == day:
        day += timedelta(days=rule["then_days"])
    return day


# -- reading the file ---------------------------------------------------------------------------------------

def _check_rule(rule: Mapping[str, Any], where: str) -> None:
    kinds = {
        "fixed": ("month", "day"),
        "nth_weekday": ("month", "weekday", "n"),
        "easter": ("offset",),
        "offset": ("base", "days"),
        "chinese_lunar": ("festival",),
        "dates": ("dates",),
    }
    kind = rule.get("kind")
    if kind not in kinds:
        raise MomentDataError("{where}: unknown rule kind {kind!r}".format(where=where, kind=kind))
    missing = [key for key in kinds[kind] if key not in rule]
    if missing:
        raise MomentDataError("{where}: rule {kind} needs {keys}".format(where=where, kind=kind, keys=missing))
    if kind == "nth_weekday" and (rule["n"] == 0 or not -5 <= rule["n"] <= 5 or not 0 <= rule["weekday"] <= 6):
        raise MomentDataError("{where}: no such weekday of the month".format(where=where))
    if kind == "chinese_lunar" and rule["festival"] not in LUNAR_FESTIVALS:
        raise MomentDataError("{where}: unknown festival {f!r}".format(where=where, f=rule["festival"]))
    if kind == "offset":
        _check_rule(rule["base"], where)
    if kind == "dates":
        for text in rule["dates"]:
            date.fromisoformat(text)
    if ("unless" in rule) != ("then_days" in rule):
        raise MomentDataError("{where}: 'unless' and 'then_days' go together".format(where=where))
    if "unless" in rule:
        _check_rule(rule["unless"], where)


def parse_moments(document: Mapping[str, Any]) -> tuple[MomentEntry, ...]:
    """The moments of a data file's document, checked: every one sourced, every source dated."""
    sources: dict[str, Source] = {}
    for key, raw in document["sources"].items():
        if not _AS_OF.match(raw.get("as_of", "")) or not raw.get("title") or not raw.get("url"):
            raise MomentDataError("source {key}: needs a title, a url and as_of YYYY-MM".format(key=key))
        sources[key] = Source(key=key, title=raw["title"], as_of=raw["as_of"], url=raw["url"])

    def source(key: str, where: str) -> Source:
        if key not in sources:
            raise MomentDataError("{where}: no source {key!r}".format(where=where, key=key))
        return sources[key]

    entries: list[MomentEntry] = []
    for raw in document["moments"]:
        where = "moment {id}".format(id=raw.get("id"))
        countries = tuple(raw["countries"])
        if not countries or not all(c == WIDELY_OBSERVED or _COUNTRY.match(c) for c in countries):
            raise MomentDataError("{where}: countries must be ISO codes or '*'".format(where=where))
        _check_rule(raw["rule"], where)
        if raw.get("days", 1) < 1:
            raise MomentDataError("{where}: lasts at least a day".format(where=where))
        entries.append(MomentEntry(
            id=raw["id"],
            name=raw["name"],
            names=dict(raw.get("names", {})),
            countries=countries,
            rule=raw["rule"],
            source=source(raw["source"], where),
            days=raw.get("days", 1),
            see_also=tuple(source(key, where) for key in raw.get("see_also", ())),
            note=raw.get("note", ""),
        ))
    ids = [entry.id for entry in entries]
    if len(ids) != len(set(ids)):
        raise MomentDataError("a moment id appears twice")
    return tuple(entries)


@lru_cache(maxsize=1)
def shipped_moments() -> tuple[MomentEntry, ...]:
    """The moments shipped with the app, read once."""
    text = (resources.files("smplanner.resources") / "marketing_moments.json").read_text(encoding="utf-8")
    return parse_moments(json.loads(text))


def moments_between(
    country: str, first: date, last: date, language: str = "en", entries: Sequence[MomentEntry] | None = None
) -> list[Moment]:
    """The marketing moments of a country (ISO code) that fall, or last, from first to last inclusive, by day.

    Names are in `language` where the data has them, else in English.
    """
    found: list[Moment] = []
    if last < first:
        return found
    for entry in shipped_moments() if entries is None else entries:
        if not entry.observed_in(country):
            continue
        for year in range(first.year - 1, last.year + 1):  # a moment of the year before may last into the range
            day = entry.day_in(year)
            if day is None or day > last or day + timedelta(days=entry.days - 1) < first:
                continue
            found.append(Moment(day=day, name=entry.name_in(language), moment_id=entry.id, source=entry.source,
                                days=entry.days, see_also=entry.see_also, note=entry.note))
    return sorted(found, key=lambda moment: (moment.day, moment.name, moment.moment_id))
