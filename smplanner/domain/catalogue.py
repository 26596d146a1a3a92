"""The platform catalogue: what is known about each network, every claim with its source and "as of" date.

The shipped knowledge lives in `resources/platforms.json` (data, not code). A plan may add platforms or
override shipped ones with the founder's own entries; those are stored in the plan, never in the shipped file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from smplanner.i18n import N_

AS_OF_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")
FOUNDER_SOURCE_KEY = "founder"


class ChannelType(StrEnum):
    FEED = "feed"
    SHORT_VIDEO = "short_video"
    VIDEO = "video"
    MESSAGING_BROADCAST = "messaging_broadcast"
    PROFESSIONAL_NETWORK = "professional_network"
    BLOG_ARTICLE = "blog_article"


CHANNEL_LABELS = {
    ChannelType.FEED: N_("Feed"),
    ChannelType.SHORT_VIDEO: N_("Short video"),
    ChannelType.VIDEO: N_("Video"),
    ChannelType.MESSAGING_BROADCAST: N_("Messaging broadcast / official account"),
    ChannelType.PROFESSIONAL_NETWORK: N_("Professional network"),
    ChannelType.BLOG_ARTICLE: N_("Blog or article"),
}


class LengthUnit(StrEnum):
    """How a platform counts the length of a text."""

    CHARACTERS = "characters"
    WEIGHTED_CHARACTERS = "weighted_characters"  # X: CJK and emoji count twice
    UTF16_UNITS = "utf16_units"
    UTF8_BYTES = "utf8_bytes"


LENGTH_UNIT_LABELS = {
    LengthUnit.CHARACTERS: N_("characters"),
    LengthUnit.WEIGHTED_CHARACTERS: N_("weighted characters (CJK and emoji count double)"),
    LengthUnit.UTF16_UNITS: N_("UTF-16 units (emoji count double)"),
    LengthUnit.UTF8_BYTES: N_("bytes (CJK characters count triple)"),
}


class TimesBasis(StrEnum):
    """Where a platform's good publishing hours come from."""

    GENERIC_STUDY = "generic_study"  # a published study, generic and mostly measured on US audiences
    NO_PUBLISHED_DATA = "no_published_data"
    FOUNDER = "founder"


TIMES_BASIS_LABELS = {
    TimesBasis.GENERIC_STUDY: N_(
        "Generic published study, mostly measured on US audiences: check with your own figures"),
    TimesBasis.NO_PUBLISHED_DATA: N_("No published data on good hours: set your own"),
    TimesBasis.FOUNDER: N_("Your own hours"),
}


class Scheduling(StrEnum):
    """Whether a post can be scheduled in advance on a platform, so nobody has to be there when it goes out."""

    NATIVE = "native"  # in the platform's own composer
    BUSINESS_TOOL = "business_tool"  # with the platform's own tool for businesses (LINE Official Account Manager...)
    NOT_OFFERED = "not_offered"
    NO_PUBLISHED_DATA = "no_published_data"


SCHEDULING_LABELS = {
    Scheduling.NATIVE: N_("Can be scheduled in advance on the platform itself"),
    Scheduling.BUSINESS_TOOL: N_("Can be scheduled in advance with the platform's own business tool"),
    Scheduling.NOT_OFFERED: N_("Cannot be scheduled in advance: someone must be there to post"),
    Scheduling.NO_PUBLISHED_DATA: N_("No published data on scheduling in advance: count on being there to post"),
}
SCHEDULES_AHEAD = (Scheduling.NATIVE, Scheduling.BUSINESS_TOOL)


class CountryRole(StrEnum):
    WIDELY_USED = "widely_used"
    LOCAL_NETWORK = "local_network"
    BLOCKED = "blocked"
    RESTRICTED = "restricted"


class CatalogueError(ValueError):
    """A catalogue entry that breaks the schema; the message names the entry and the key."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a claim comes from, and when it was true."""

    key: str
    title: str
    as_of: str  # "YYYY-MM" or "YYYY-MM-DD"
    url: str = ""


@dataclass(frozen=True, slots=True)
class Sourced:
    """A yes/no or single-value claim with its source (and a remark, such as who may use a feature)."""

    value: Any
    source: Source
    note: str = ""


@dataclass(frozen=True, slots=True)
class LengthLimit:
    field: str
    limit: int
    unit: LengthUnit
    source: Source


@dataclass(frozen=True, slots=True)
class PostingTimes:
    """Good publishing days (0 = Monday) and local-time windows, or the statement that nobody published any."""

    basis: TimesBasis
    source: Source
    days: tuple[int, ...] = ()
    windows: tuple[tuple[time, time], ...] = ()
    note: str = ""

    @property
    def first_hour(self) -> time | None:
        return self.windows[0][0] if self.windows else None


@dataclass(frozen=True, slots=True)
class CountryClaim:
    country: str
    role: CountryRole
    source: Source
    note: str = ""


@dataclass(frozen=True, slots=True)
class PlatformInfo:
    """One network and what is known about it."""

    id: str
    name: str
    channel: Sourced  # value: ChannelType
    posting_times: PostingTimes
    international: Sourced | None = None  # value: bool, widely used across many countries
    search_visibility: Sourced | None = None  # value: bool, helps a firm be found by search engines
    scheduling: Sourced | None = None  # value: Scheduling, whether posts can be scheduled in advance
    length_limits: tuple[LengthLimit, ...] = ()
    countries: tuple[CountryClaim, ...] = ()
    founder_entry: bool = False
    site: str = ""  # where the founder publishes on it by hand, opened in their browser ("" when unknown)

    @property
    def channel_type(self) -> ChannelType:
        return ChannelType(self.channel.value)

    @property
    def is_international(self) -> bool:
        return bool(self.international and self.international.value)

    @property
    def helps_search(self) -> bool:
        return bool(self.search_visibility and self.search_visibility.value)

    @property
    def scheduling_kind(self) -> Scheduling:
        return Scheduling(self.scheduling.value) if self.scheduling else Scheduling.NO_PUBLISHED_DATA

    @property
    def schedules_ahead(self) -> bool:
        """Whether a post can be scheduled in advance (natively or with the platform's business tool), so that
        nobody has to be there when it goes out; False without published data."""
        return self.scheduling_kind in SCHEDULES_AHEAD

    def roles_in(self, country: str) -> tuple[CountryClaim, ...]:
        return tuple(c for c in self.countries if c.country == country)

    def sources(self) -> tuple[Source, ...]:
        """Every distinct source this entry cites, in order of first use."""
        found: dict[tuple[str, str], Source] = {}
        claims: list[Any] = [self.channel, self.posting_times, self.international, self.search_visibility,
                             self.scheduling]
        claims += [*self.length_limits, *self.countries]
        for claim in claims:
            if claim is not None:
                found.setdefault((claim.source.key, claim.source.as_of), claim.source)
        return tuple(found.values())


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The shipped platforms, overlaid with a plan's own entries."""

    platforms: tuple[PlatformInfo, ...]
    _by_id: dict[str, PlatformInfo] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {p.id: p for p in self.platforms})

    def get(self, platform_id: str) -> PlatformInfo | None:
        return self._by_id.get(platform_id)

    def name(self, platform_id: str) -> str:
        found = self._by_id.get(platform_id)
        return found.name if found else platform_id

    def with_entries(self, entries: Iterable[PlatformInfo]) -> Catalogue:
        """This catalogue with the founder's entries added, or replacing shipped ones of the same id."""
        own = {e.id: e for e in entries}
        merged = [own.pop(p.id, p) for p in self.platforms]
        return Catalogue(tuple(merged) + tuple(own.values()))


def founder_source(today: date) -> Source:
    """The source of what the founder writes in their own entries."""
    return Source(key=FOUNDER_SOURCE_KEY, title="Your own entry", as_of=today.isoformat())


def founder_platform(
    platform_id: str,
    name: str,
    channel: ChannelType,
    today: date,
    days: Iterable[int] = (),
    windows: Iterable[tuple[time, time]] = (),
    countries: Iterable[str] = (),
    base: PlatformInfo | None = None,
    site: str | None = None,
) -> PlatformInfo:
    """An entry written by the founder: a new platform, or their version of a shipped one (`base`); its web
    address is `site`, or the shipped one's when not given."""
    source = founder_source(today)
    days, windows = tuple(sorted(set(days))), tuple(windows)
    times = (
        PostingTimes(TimesBasis.FOUNDER, source, days, windows)
        if windows
        else (base.posting_times if base else PostingTimes(TimesBasis.NO_PUBLISHED_DATA, source))
    )
    shipped_countries = tuple(
        c for c in base.countries if c.role in (CountryRole.BLOCKED, CountryRole.RESTRICTED)) if base else ()
    own_countries = tuple(CountryClaim(c, CountryRole.WIDELY_USED, source) for c in countries)
    entry = PlatformInfo(
        id=platform_id,
        name=name,
        channel=Sourced(channel.value, source),
        posting_times=times,
        countries=shipped_countries + own_countries,
        founder_entry=True,
        site=site if site is not None else base.site if base else "",
    )
    if base is not None:
        entry = replace(entry, international=base.international, search_visibility=base.search_visibility,
                        scheduling=base.scheduling, length_limits=base.length_limits)
    return entry


OPTIONAL_CLAIMS = ("international", "search_visibility", "scheduling")
"""The sourced single-value claims an entry may make besides its channel."""


# --- reading and writing the JSON form (the shipped file, and the founder's entries stored in a plan) ---


def _require(mapping: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise CatalogueError("{where}: missing key '{key}'".format(where=where, key=key))
    return mapping[key]


def _parse_source(raw: Any, sources: Mapping[str, Source], where: str) -> Source:
    if isinstance(raw, str):
        if raw not in sources:
            raise CatalogueError("{where}: unknown source '{key}'".format(where=where, key=raw))
        return sources[raw]
    if isinstance(raw, Mapping):
        return _parse_source_entry(str(raw.get("key", FOUNDER_SOURCE_KEY)), raw, where)
    raise CatalogueError("{where}: 'source' must name a source".format(where=where))


def _parse_source_entry(key: str, raw: Mapping[str, Any], where: str) -> Source:
    title = _require(raw, "title", where)
    as_of = str(_require(raw, "as_of", where))
    if not AS_OF_PATTERN.match(as_of):
        raise CatalogueError("{where}: 'as_of' must be YYYY-MM or YYYY-MM-DD, not '{v}'".format(where=where, v=as_of))
    return Source(key=key, title=str(title), as_of=as_of, url=str(raw.get("url", "")))


def _parse_hhmm(text: str, where: str) -> time:
    try:
        return time.fromisoformat(text)
    except (TypeError, ValueError):
        raise CatalogueError("{where}: '{t}' is not a time such as 09:30".format(where=where, t=text)) from None


def _enum(kind: type[StrEnum], value: Any, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(v.value for v in kind)
        raise CatalogueError("{where}: '{v}' is not one of {a}".format(where=where, v=value, a=allowed)) from None


def _parse_sourced(raw: Any, sources: Mapping[str, Source], where: str) -> Sourced:
    if not isinstance(raw, Mapping):
        raise CatalogueError("{where}: expected a table with 'value' and 'source'".format(where=where))
    return Sourced(_require(raw, "value", where), _parse_source(_require(raw, "source", where), sources, where),
                   str(raw.get("note", "")))


def parse_platform(raw: Mapping[str, Any], sources: Mapping[str, Source] | None = None) -> PlatformInfo:
    """One platform entry; claims cite a source by key (shipped file) or inline (the founder's entries)."""
    try:
        return _parse_platform(raw, sources or {})
    except CatalogueError:
        raise
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as error:
        where = "platform '{id}'".format(id=raw.get("id", "?") if isinstance(raw, Mapping) else "?")
        raise CatalogueError("{where}: malformed entry ({error})".format(where=where, error=error)) from None


def _parse_platform(raw: Mapping[str, Any], sources: Mapping[str, Source]) -> PlatformInfo:
    where = "platform '{id}'".format(id=raw.get("id", "?"))
    platform_id = str(_require(raw, "id", where))
    channel = _parse_sourced(_require(raw, "channel", where), sources, where + ".channel")
    _enum(ChannelType, channel.value, where + ".channel")
    times_raw = _require(raw, "posting_times", where)
    times_where = where + ".posting_times"
    basis = _enum(TimesBasis, _require(times_raw, "basis", times_where), times_where)
    days = tuple(int(d) for d in times_raw.get("days", ()))
    if any(not 0 <= d <= 6 for d in days):
        raise CatalogueError("{where}: days are 0 (Monday) to 6 (Sunday)".format(where=times_where))
    windows = tuple(
        (_parse_hhmm(w[0], times_where), _parse_hhmm(w[1], times_where)) for w in times_raw.get("windows", ())
    )
    if basis is not TimesBasis.NO_PUBLISHED_DATA and not windows:
        raise CatalogueError(
            "{where}: hours from a study or the founder need at least one window".format(where=times_where))
    posting_times = PostingTimes(
        basis, _parse_source(_require(times_raw, "source", times_where), sources, times_where), days, windows,
        str(times_raw.get("note", "")),
    )
    limits = tuple(
        LengthLimit(
            field=str(_require(item, "field", where + ".length_limits")),
            limit=int(_require(item, "limit", where + ".length_limits")),
            unit=_enum(LengthUnit, _require(item, "unit", where + ".length_limits"), where + ".length_limits"),
            source=_parse_source(_require(item, "source", where + ".length_limits"), sources, where + ".length_limits"),
        )
        for item in raw.get("length_limits", ())
    )
    countries = tuple(
        CountryClaim(
            country=str(_require(item, "country", where + ".countries")),
            role=_enum(CountryRole, _require(item, "role", where + ".countries"), where + ".countries"),
            source=_parse_source(_require(item, "source", where + ".countries"), sources, where + ".countries"),
            note=str(item.get("note", "")),
        )
        for item in raw.get("countries", ())
    )
    optional = {
        key: _parse_sourced(raw[key], sources, "{w}.{k}".format(w=where, k=key))
        for key in OPTIONAL_CLAIMS
        if key in raw
    }
    if "scheduling" in optional:
        _enum(Scheduling, optional["scheduling"].value, where + ".scheduling")
    return PlatformInfo(
        id=platform_id,
        name=str(_require(raw, "name", where)),
        channel=channel,
        posting_times=posting_times,
        length_limits=limits,
        countries=countries,
        founder_entry=bool(raw.get("founder_entry", False)),
        site=_parse_site(raw.get("site", ""), where),
        **optional,
    )


def is_web_address(text: str) -> bool:
    """Whether a text is an http or https address with a host and no spaces (what a browser can open)."""
    parts = urlsplit(text)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in text)


def _parse_site(value: Any, where: str) -> str:
    """A platform's web address: empty, or an http(s) address."""
    site = str(value).strip()
    if site and not is_web_address(site):
        raise CatalogueError("{where}: 'site' must be a web address such as https://example.com/".format(where=where))
    return site


def _source_dict(source: Source) -> dict[str, str]:
    out = {"key": source.key, "title": source.title, "as_of": source.as_of}
    if source.url:
        out["url"] = source.url
    return out


def platform_to_dict(platform: PlatformInfo) -> dict[str, Any]:
    """A platform entry with its sources inline: how a plan stores the founder's entries."""
    times = platform.posting_times
    out: dict[str, Any] = {
        "id": platform.id,
        "name": platform.name,
        "channel": {"value": platform.channel.value, "source": _source_dict(platform.channel.source)},
        "posting_times": {
            "basis": times.basis.value,
            "source": _source_dict(times.source),
            "days": list(times.days),
            "windows": [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in times.windows],
            "note": times.note,
        },
        "length_limits": [
            {"field": x.field, "limit": x.limit, "unit": x.unit.value, "source": _source_dict(x.source)}
            for x in platform.length_limits
        ],
        "countries": [
            {"country": c.country, "role": c.role.value, "source": _source_dict(c.source), "note": c.note}
            for c in platform.countries
        ],
        "founder_entry": platform.founder_entry,
    }
    if platform.site:
        out["site"] = platform.site
    for key in OPTIONAL_CLAIMS:
        claim: Sourced | None = getattr(platform, key)
        if claim is not None:
            out[key] = {"value": claim.value, "source": _source_dict(claim.source)}
            if claim.note:
                out[key]["note"] = claim.note
    return out


def parse_catalogue(document: Mapping[str, Any]) -> Catalogue:
    """The whole shipped catalogue: a `sources` table of citations and the `platforms` that cite them by key."""
    sources = {
        key: _parse_source_entry(key, raw, "source '{key}'".format(key=key))
        for key, raw in _require(document, "sources", "catalogue").items()
    }
    platforms = tuple(parse_platform(raw, sources) for raw in _require(document, "platforms", "catalogue"))
    seen: set[str] = set()
    for platform in platforms:
        if platform.id in seen:
            raise CatalogueError("platform '{id}' appears twice".format(id=platform.id))
        seen.add(platform.id)
    return Catalogue(platforms)


@lru_cache(maxsize=1)
def shipped_catalogue() -> Catalogue:
    """The catalogue shipped with the app, read once."""
    text = (resources.files("smplanner.resources") / "platforms.json").read_text(encoding="utf-8")
    return parse_catalogue(json.loads(text))


def platform_name(platform_id: str) -> str:
    """The platform's own (untranslated) name, or its id when the shipped catalogue does not know it."""
    return shipped_catalogue().name(platform_id)
