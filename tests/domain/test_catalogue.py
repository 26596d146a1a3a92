"""The shipped platform catalogue: every claim sourced and dated, the data consistent, and the loader's checks."""

from __future__ import annotations

import copy
import json
from datetime import date, time
from importlib import resources
from typing import Any

import babel
import pytest

from smplanner.domain.catalogue import (
    AS_OF_PATTERN,
    CatalogueError,
    ChannelType,
    CountryRole,
    OPTIONAL_CLAIMS,
    LengthUnit,
    PlatformInfo,
    Scheduling,
    Source,
    TimesBasis,
    founder_platform,
    parse_catalogue,
    parse_platform,
    platform_name,
    platform_to_dict,
    shipped_catalogue,
)
from smplanner.domain.examples import EXAMPLES

RAW: dict[str, Any] = json.loads(
    (resources.files("smplanner.resources") / "platforms.json").read_text(encoding="utf-8")
)
CATALOGUE = shipped_catalogue()
PLATFORMS = CATALOGUE.platforms
TERRITORIES = set(babel.Locale("en").territories)

# The local networks the issue names, besides the global ones.
NAMED_NETWORKS = {
    "facebook", "instagram", "linkedin", "x", "youtube", "line", "wechat", "weibo", "xiaohongshu",
    "whatsapp_business", "viadeo", "tiktok", "pinterest", "threads", "telegram", "vk", "odnoklassniki", "douyin",
    "kakaotalk", "naver_blog", "naver_band", "xing", "zalo", "bilibili", "dzen", "google_business_profile",
}
# Hosts of package registries: none of them is a source of facts about platforms.
REGISTRY_HOSTS = ("pypi.org", "npmjs.com", "unpkg.com", "pub.dev", "docs.rs", "crates.io", "hackage.haskell.org",
                  "rubygems.org", "packagist.org", "nuget.org", "hexdocs.pm", "jsdelivr")


def _claims(platform: PlatformInfo) -> list[tuple[str, Any]]:
    """Every sourced claim of an entry, named for the assertion messages."""
    claims: list[tuple[str, Any]] = [("channel", platform.channel), ("posting_times", platform.posting_times)]
    claims += [(key, getattr(platform, key)) for key in OPTIONAL_CLAIMS if getattr(platform, key) is not None]
    claims += [("length_limits." + limit.field, limit) for limit in platform.length_limits]
    claims += [("countries." + claim.country, claim) for claim in platform.countries]
    return claims


def _cited_keys(raw_platform: dict[str, Any]) -> set[str]:
    keys = {raw_platform["channel"]["source"], raw_platform["posting_times"]["source"]}
    keys |= {raw_platform[k]["source"] for k in OPTIONAL_CLAIMS if k in raw_platform}
    keys |= {item["source"] for item in raw_platform.get("length_limits", ())}
    keys |= {item["source"] for item in raw_platform.get("countries", ())}
    return keys


def _valid_as_of(text: str) -> bool:
    if not AS_OF_PATTERN.match(text):
        return False
    try:
        parsed = date.fromisoformat(text if len(text) == 10 else text + "-01")
    except ValueError:
        return False
    return parsed.year >= 2000


# --- the shipped file ---


def test_the_shipped_file_parses_with_enough_platforms_and_unique_ids() -> None:
    assert parse_catalogue(RAW).platforms == PLATFORMS
    assert len(PLATFORMS) >= 25
    ids = [p["id"] for p in RAW["platforms"]]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert all(p.name.strip() and not p.founder_entry for p in PLATFORMS)


def test_every_platform_an_example_plan_uses_is_in_the_catalogue() -> None:
    used = {presence.platform for example in EXAMPLES for presence in example.build(date(2027, 1, 4)).presences}
    assert used, "the example plans should use platforms"
    assert used <= {p.id for p in PLATFORMS}, used - {p.id for p in PLATFORMS}
    assert platform_name("x") == "X (Twitter)"
    assert platform_name("xiaohongshu") == "Xiaohongshu (RED)"
    assert platform_name("no-such-network") == "no-such-network"


def test_the_named_global_and_local_networks_are_present() -> None:
    assert {p.id for p in PLATFORMS} >= NAMED_NETWORKS, NAMED_NETWORKS - {p.id for p in PLATFORMS}


def test_every_claim_has_a_titled_and_dated_source() -> None:
    for platform in PLATFORMS:
        for name, claim in _claims(platform):
            source: Source = claim.source
            where = f"{platform.id}.{name}"
            assert source.key in RAW["sources"], where
            assert source.title.strip(), where
            assert _valid_as_of(source.as_of), (where, source.as_of)


def test_every_source_is_cited_at_least_once_and_has_a_usable_url() -> None:
    cited = set().union(*(_cited_keys(p) for p in RAW["platforms"]))
    assert cited <= set(RAW["sources"]), cited - set(RAW["sources"])
    assert set(RAW["sources"]) <= cited, set(RAW["sources"]) - cited
    for key, source in RAW["sources"].items():
        assert source["title"].strip() and _valid_as_of(source["as_of"]), key
        url = source.get("url", "")
        assert url == "" or url.startswith(("https://", "http://")), (key, url)
        assert not any(host in url for host in REGISTRY_HOSTS), (key, url)


def test_no_package_registry_is_named_anywhere_in_the_file() -> None:
    text = json.dumps(RAW).lower()
    assert not [host for host in REGISTRY_HOSTS if host in text]


def test_country_codes_are_territories_babel_knows() -> None:
    for platform in PLATFORMS:
        for claim in platform.countries:
            assert claim.country in TERRITORIES, (platform.id, claim.country)
            assert isinstance(claim.role, CountryRole)
        pairs = [(c.country, c.role) for c in platform.countries]
        assert len(pairs) == len(set(pairs)), platform.id


def test_posting_times_are_consistent_with_their_basis() -> None:
    for raw in RAW["platforms"]:
        assert all(isinstance(d, int) and 0 <= d <= 6 for d in raw["posting_times"].get("days", ())), raw["id"]
    for platform in PLATFORMS:
        times = platform.posting_times
        assert times.basis in (TimesBasis.GENERIC_STUDY, TimesBasis.NO_PUBLISHED_DATA), platform.id
        assert list(times.days) == sorted(set(times.days)), platform.id
        assert all(start < end for start, end in times.windows), platform.id
        if times.basis is TimesBasis.GENERIC_STUDY:
            assert times.days and times.windows, platform.id
            note = times.note.lower()
            assert "us audiences" in note and "own figures" in note, (platform.id, times.note)
        else:
            assert not times.windows and not times.days, platform.id
            assert times.first_hour is None


def test_published_studies_cover_the_big_global_networks() -> None:
    studied = {p.id for p in PLATFORMS if p.posting_times.basis is TimesBasis.GENERIC_STUDY}
    assert {"facebook", "instagram", "linkedin", "x", "tiktok", "youtube"} <= studied
    for local in ("wechat", "vk", "line", "xing", "weibo", "zalo", "kakaotalk"):
        assert CATALOGUE.get(local).posting_times.basis is TimesBasis.NO_PUBLISHED_DATA, local


def test_length_limits_are_positive_and_counted_in_the_right_unit() -> None:
    for platform in PLATFORMS:
        fields = [limit.field for limit in platform.length_limits]
        assert len(fields) == len(set(fields)), platform.id
        for limit in platform.length_limits:
            assert limit.limit > 0 and isinstance(limit.unit, LengthUnit), (platform.id, limit.field)

    def unit(platform_id: str, field: str) -> tuple[int, LengthUnit]:
        found = next(x for x in CATALOGUE.get(platform_id).length_limits if x.field == field)
        return found.limit, found.unit

    assert unit("x", "post") == (280, LengthUnit.WEIGHTED_CHARACTERS)
    assert unit("line", "message") == (5000, LengthUnit.UTF16_UNITS)
    assert unit("youtube", "description") == (5000, LengthUnit.UTF8_BYTES)
    assert unit("youtube", "title") == (100, LengthUnit.CHARACTERS)


def test_channel_types() -> None:
    assert all(isinstance(p.channel_type, ChannelType) for p in PLATFORMS)
    for platform_id in ("linkedin", "xing", "viadeo"):
        assert CATALOGUE.get(platform_id).channel_type is ChannelType.PROFESSIONAL_NETWORK, platform_id
    for platform_id in ("wechat", "line", "kakaotalk", "zalo", "telegram", "whatsapp_business"):
        assert CATALOGUE.get(platform_id).channel_type is ChannelType.MESSAGING_BROADCAST, platform_id
    assert CATALOGUE.get("tiktok").channel_type is ChannelType.SHORT_VIDEO
    assert CATALOGUE.get("naver_blog").channel_type is ChannelType.BLOG_ARTICLE


def _roles(country: str, role: CountryRole) -> set[str]:
    return {p.id for p in PLATFORMS if any(c.role is role for c in p.roles_in(country))}


def test_blocks_and_local_networks_in_china_and_russia() -> None:
    assert {"facebook", "instagram", "x", "youtube", "google_business_profile"} <= _roles("CN", CountryRole.BLOCKED)
    assert {"facebook", "instagram", "x", "linkedin"} <= _roles("RU", CountryRole.BLOCKED)
    wechat_roles = {c.role for c in CATALOGUE.get("wechat").roles_in("CN")}
    assert wechat_roles & {CountryRole.WIDELY_USED, CountryRole.LOCAL_NETWORK}
    assert "vk" in _roles("RU", CountryRole.LOCAL_NETWORK)
    assert "kakaotalk" in _roles("KR", CountryRole.LOCAL_NETWORK)
    assert "line" in _roles("JP", CountryRole.LOCAL_NETWORK)
    assert "zalo" in _roles("VN", CountryRole.LOCAL_NETWORK)
    for platform in PLATFORMS:  # a platform is never both usable and blocked in one country
        for country in {c.country for c in platform.countries}:
            roles = {c.role for c in platform.roles_in(country)}
            assert not (CountryRole.BLOCKED in roles and roles & {CountryRole.WIDELY_USED, CountryRole.LOCAL_NETWORK})


def test_search_visibility_and_international_flags() -> None:
    assert {"youtube", "google_business_profile", "linkedin", "pinterest", "naver_blog"} <= {
        p.id for p in PLATFORMS if p.helps_search
    }
    assert {"facebook", "instagram", "youtube", "whatsapp_business", "linkedin"} <= {
        p.id for p in PLATFORMS if p.is_international
    }
    assert not CATALOGUE.get("wechat").is_international


def test_every_platform_says_whether_posts_can_be_scheduled_in_advance_with_a_dated_source() -> None:
    for raw in RAW["platforms"]:
        assert "scheduling" in raw, raw["id"]
        Scheduling(raw["scheduling"]["value"])
        assert raw["scheduling"]["source"] in RAW["sources"], raw["id"]
    assert {p.id for p in PLATFORMS if p.schedules_ahead} >= {
        "facebook", "instagram", "linkedin", "x", "youtube", "tiktok", "telegram", "line", "wechat"}
    assert CATALOGUE.get("line").scheduling_kind is Scheduling.BUSINESS_TOOL
    assert CATALOGUE.get("whatsapp_business").scheduling_kind is Scheduling.NOT_OFFERED
    assert not CATALOGUE.get("whatsapp_business").schedules_ahead
    # Where no source was found, the catalogue says so instead of guessing, and nobody counts on scheduling.
    unknown = CATALOGUE.get("xiaohongshu")
    assert unknown.scheduling_kind is Scheduling.NO_PUBLISHED_DATA and not unknown.schedules_ahead
    assert unknown.scheduling.source.key == "scheduling-research-notes"
    assert CATALOGUE.get("reddit").scheduling.note  # who may use it: the moderators
    # A founder's version of a shipped platform keeps the claim; a platform of their own has none.
    mine = founder_platform("linkedin", "LinkedIn", ChannelType.PROFESSIONAL_NETWORK, date(2027, 1, 4),
                            base=CATALOGUE.get("linkedin"))
    assert mine.schedules_ahead and parse_platform(platform_to_dict(mine)) == mine
    assert not founder_platform("own", "Own", ChannelType.FEED, date(2027, 1, 4)).schedules_ahead


def test_an_unknown_scheduling_value_is_refused_naming_the_key() -> None:
    document = _document()
    document["platforms"][0]["scheduling"] = {"value": "sometimes", "source": "study"}
    with pytest.raises(CatalogueError, match=r"p1'\.scheduling: 'sometimes' is not one of native"):
        parse_catalogue(document)


# --- the loader's errors ---


def _document() -> dict[str, Any]:
    return {
        "sources": {"study": {"title": "A study", "url": "https://example.org/study", "as_of": "2025-03"}},
        "platforms": [
            {
                "id": "p1",
                "name": "Network One",
                "channel": {"value": "feed", "source": "study"},
                "posting_times": {"basis": "generic_study", "source": "study", "days": [1],
                                  "windows": [["09:00", "12:00"]], "note": "US audiences"},
                "length_limits": [{"field": "post", "limit": 500, "unit": "characters", "source": "study"}],
                "countries": [{"country": "FR", "role": "widely_used", "source": "study"}],
            }
        ],
    }


def test_the_hand_made_document_is_valid() -> None:
    catalogue = parse_catalogue(_document())
    assert [p.id for p in catalogue.platforms] == ["p1"]
    assert catalogue.get("p1").posting_times.first_hour == time(9, 0)


def _broken(change: Any) -> dict[str, Any]:
    document = copy.deepcopy(_document())
    change(document, document["platforms"][0])
    return document


@pytest.mark.parametrize(
    ("change", "names"),
    [
        (lambda d, p: p["channel"].pop("source"), ("platform 'p1'", "'source'")),
        (lambda d, p: p["posting_times"].pop("source"), ("platform 'p1'", "posting_times", "'source'")),
        (lambda d, p: p["countries"][0].pop("source"), ("platform 'p1'", "countries", "'source'")),
        (lambda d, p: p["channel"].update(source="nowhere"), ("platform 'p1'", "'nowhere'")),
        (lambda d, p: p["length_limits"][0].update(source="nowhere"), ("platform 'p1'", "length_limits", "'nowhere'")),
        (lambda d, p: p["channel"].update(source={"title": "Mine", "as_of": "2025-13"}), ("platform 'p1'", "as_of")),
        (lambda d, p: d["sources"]["study"].update(as_of="March 2025"), ("source 'study'", "as_of")),
        (lambda d, p: p["channel"].update(value="podcast"), ("platform 'p1'", "channel", "'podcast'")),
        (lambda d, p: p["countries"][0].update(role="banned"), ("platform 'p1'", "countries", "'banned'")),
        (lambda d, p: d["platforms"].append(copy.deepcopy(p)), ("platform 'p1'", "twice")),
    ],
    ids=["missing-channel-source", "missing-times-source", "missing-country-source", "unknown-source",
         "unknown-limit-source", "bad-inline-as-of", "bad-table-as-of", "bad-channel", "bad-role", "duplicate-id"],
)
def test_the_loader_names_the_entry_and_the_key_in_its_errors(change: Any, names: tuple[str, ...]) -> None:
    with pytest.raises(CatalogueError) as raised:
        parse_catalogue(_broken(change))
    message = str(raised.value)
    assert all(name in message for name in names), message


def test_study_hours_without_a_window_are_refused() -> None:
    document = _broken(lambda d, p: p["posting_times"].update(windows=[]))
    with pytest.raises(CatalogueError, match="platform 'p1'.posting_times"):
        parse_catalogue(document)


# --- the founder's own entries ---


def test_a_founder_version_of_a_shipped_platform_round_trips() -> None:
    base = CATALOGUE.get("line")
    entry = founder_platform("line", "LINE", ChannelType.MESSAGING_BROADCAST, date(2026, 11, 26), days=[4, 0, 4],
                             windows=[(time(12, 0), time(13, 30))], countries=["TH"], base=base)
    assert entry.founder_entry and entry.posting_times.basis is TimesBasis.FOUNDER
    assert entry.posting_times.days == (0, 4)
    assert entry.length_limits == base.length_limits
    blocked = [c for c in base.countries if c.role is CountryRole.BLOCKED]
    assert blocked and set(blocked) <= set(entry.countries)
    assert any(c.country == "TH" and c.role is CountryRole.WIDELY_USED for c in entry.countries)
    stored = json.loads(json.dumps(platform_to_dict(entry)))
    assert parse_platform(stored) == entry


def test_a_new_founder_platform_round_trips() -> None:
    entry = founder_platform("mastodon", "Mastodon", ChannelType.FEED, date(2026, 11, 26))
    assert entry.posting_times.basis is TimesBasis.NO_PUBLISHED_DATA
    assert parse_platform(json.loads(json.dumps(platform_to_dict(entry)))) == entry


def test_with_entries_overlays_a_shipped_id_and_adds_a_new_one() -> None:
    own_line = founder_platform("line", "LINE (ours)", ChannelType.MESSAGING_BROADCAST, date(2026, 11, 26),
                                base=CATALOGUE.get("line"))
    new = founder_platform("mastodon", "Mastodon", ChannelType.FEED, date(2026, 11, 26))
    merged = CATALOGUE.with_entries([own_line, new])
    assert merged.get("line") is own_line and merged.name("line") == "LINE (ours)"
    assert merged.get("mastodon") is new
    assert len(merged.platforms) == len(PLATFORMS) + 1
    assert [p.id for p in merged.platforms][:-1] == [p.id for p in PLATFORMS]
    assert CATALOGUE.get("line").founder_entry is False


def test_every_shipped_platform_says_where_to_publish_on_it() -> None:
    """Today's "Open the network" opens this address in the founder's browser (the app itself connects nowhere)."""
    for platform in CATALOGUE.platforms:
        assert platform.site.startswith("https://") and platform.site.endswith("/"), platform.id
    assert CATALOGUE.get("linkedin").site == "https://www.linkedin.com/"
    assert CATALOGUE.get("wechat").site == "https://mp.weixin.qq.com/"  # the official accounts' platform


@pytest.mark.parametrize("site", ["www.linkedin.com", "ftp://example.com/", "https://", "https://a b.com/",
                                  "javascript:alert(1)"])
def test_a_platform_s_site_must_be_a_web_address(site: str) -> None:
    raw = copy.deepcopy(RAW["platforms"][0])
    raw["site"] = site
    with pytest.raises(CatalogueError, match="'site' must be a web address"):
        parse_platform(raw, {key: Source(key, "t", "2025-01") for key in RAW["sources"]})


def test_a_founder_entry_keeps_its_own_site_or_the_shipped_one() -> None:
    shipped = CATALOGUE.get("line")
    mine = founder_platform("line", "LINE OA", ChannelType.MESSAGING_BROADCAST, date(2027, 1, 4), base=shipped)
    assert mine.site == shipped.site
    moved = founder_platform("line", "LINE OA", ChannelType.MESSAGING_BROADCAST, date(2027, 1, 4), base=shipped,
                             site="https://manager.line.biz/account/@acme/")
    assert parse_platform(platform_to_dict(moved)).site == "https://manager.line.biz/account/@acme/"
    assert "site" not in platform_to_dict(founder_platform("mine", "Mine", ChannelType.FEED, date(2027, 1, 4)))
