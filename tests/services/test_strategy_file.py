"""Strategy files: export and import give back the same decisions; every mistake in a file is one clear line."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest

from smplanner.domain.catalogue import (
    ChannelType,
    CountryClaim,
    CountryRole,
    LengthLimit,
    LengthUnit,
    PlatformInfo,
    PostingTimes,
    Source,
    Sourced,
    Scheduling,
    TimesBasis,
    founder_platform,
)
from smplanner.domain.examples import EXAMPLES
from smplanner.domain.market_days import HolidayOverride, MarketEvent, OverrideAction
from smplanner.domain.plan import (
    Actor,
    ActorKind,
    Audience,
    ContentFormat,
    HolidayPolicy,
    Objective,
    ProfileScope,
    Scenario,
    Translator,
)
from smplanner.services import strategy_file
from smplanner.services.strategy_file import (
    StrategyFileError,
    export_strategy,
    import_strategy,
    read_strategy_file,
    write_strategy_file,
)

START = date(2027, 1, 11)

# A file as a founder might write it by hand: only what matters, no ids, defaults left out.
MINIMAL = """\
format = 1

[firm]
name = "Atelier Nord"
home_country = "BE"
home_zone = "Europe/Brussels"

[strategy]
period_start = 2027-01-11
period_end = 2027-12-31
budget_paid_month = "100.50"

[[actors]]
name = "Eva"
kind = "founder"

[[actors]]
name = "Agency"
kind = "agency"

[[content_types]]
name = "News"

[[markets]]
country = "FR"
zone = "Europe/Paris"
objectives = ["visibility"]
languages = ["fr"]

[[markets.presences]]
platform = "linkedin"
actor = "Eva"

[[markets.presences.cadence]]
weekdays = ["tue"]
times = ["09:00"]
content_type = "News"

[[markets]]
country = "JP"
zone = "Asia/Tokyo"

[[markets.presences]]
platform = "instagram"
actor = "Agency"

[[markets.presences.cadence]]
weekdays = ["mon", "thu"]
times = ["09:30", "19:00"]
language = "ja"
"""


def _edited(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


def _source() -> Source:
    return Source(key="founder", title="Your own entry", as_of="2027-01-06")


def _own_platforms() -> tuple[PlatformInfo, ...]:
    study = Source(key="study", title="A published study", as_of="2026-11", url="https://example.org/study")
    shipped_like = PlatformInfo(
        id="mastodon",
        name="Mastodon",
        channel=Sourced(ChannelType.FEED.value, study),
        posting_times=PostingTimes(TimesBasis.GENERIC_STUDY, study, (1, 3), ((time(9, 0), time(11, 0)),), "mornings"),
        international=Sourced(True, study),
        search_visibility=Sourced(False, study),
        length_limits=(LengthLimit("post", 500, LengthUnit.CHARACTERS, study),),
        countries=(CountryClaim("DE", CountryRole.WIDELY_USED, study, "strong in Germany"),),
    )
    own = founder_platform("mastodon", "Mastodon (ours)", ChannelType.FEED, date(2027, 1, 6),
                           days=(2,), windows=((time(18, 0), time(19, 30)),), countries=("FR",), base=shipped_like)
    new = founder_platform("newsletter", "Newsletter", ChannelType.BLOG_ARTICLE, date(2027, 1, 6),
                           site="https://newsletter.example.com/compose")
    return own, new


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_export_then_import_gives_the_same_plan(example) -> None:
    plan = example.build(START)
    assert import_strategy(export_strategy(plan)).plan == plan


def test_the_founders_own_platforms_survive_the_round_trip() -> None:
    plan = replace(EXAMPLES[0].build(START), own_platforms=_own_platforms())
    text = export_strategy(plan)
    assert import_strategy(text).plan == plan
    assert '[[platforms]]' in text and 'days = ["wed"]' in text
    assert 'site = "https://newsletter.example.com/compose"' in text
    broken = text.replace("https://newsletter.example.com/compose", "newsletter.example.com")
    with pytest.raises(StrategyFileError, match="site"):
        import_strategy(broken)


def test_the_exported_file_is_plain_toml_with_readable_values() -> None:
    plan = EXAMPLES[1].build(START)  # the consultancy: a second market entering on a later date
    text = export_strategy(plan)
    document = tomllib.loads(text)
    assert document["format"] == 1
    assert document["strategy"]["period_start"] == START
    assert document["strategy"]["budget_organic_month"] == "150.00"
    assert document["firm"]["working_days"] == ["mon", "tue", "wed", "thu", "fri"]
    quebec = document["markets"][1]
    assert (quebec["country"], quebec["subdivision"], quebec["entry_date"]) == ("CA", "QC", date(2027, 7, 12))
    first_rule = document["markets"][0]["presences"][0]["cadence"][0]
    assert first_rule["weekdays"] == ["tue", "wed"] and first_rule["times"] == ["10:30"]
    assert first_rule["content_type"] == "Expertise articles"
    assert document["markets"][0]["presences"][0]["actor"] == "Marc Dubois"


def test_the_exported_file_explains_itself() -> None:
    text = export_strategy(EXAMPLES[0].build(START))
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert text.startswith("# ")
    header = "\n".join(comments[:12])
    assert "smplanner new PLAN.smplan --strategy" in header and "File > Import strategy" in header
    for section in ("[firm]", "[strategy]", "[[actors]]", "[[content_types]]", "[[markets]]",
                    "[[markets.presences]]", "[[markets.presences.cadence]]", "[[markets.holiday_corrections]]",
                    "[[markets.events]]", "[[platforms]]"):
        assert any(line.startswith("# " + section) for line in comments), section
    enums = (Audience, Scenario, ActorKind, ContentFormat, Objective, Translator, ProfileScope, HolidayPolicy,
             ChannelType, TimesBasis, LengthUnit, CountryRole, OverrideAction, Scheduling)
    for enum in enums:
        listing = ", ".join(member.value for member in enum)
        assert any(listing in line for line in comments), enum.__name__


def test_a_hand_written_file_with_defaults_and_no_ids() -> None:
    plan = import_strategy(MINIMAL).plan
    assert plan.firm.name == "Atelier Nord" and plan.firm.audience is Audience.B2B and plan.firm.team_size == 1
    assert plan.strategy.budget_paid_month == Decimal("100.50") and plan.strategy.currency == "EUR"
    assert [m.code for m in plan.markets] == ["FR", "JP"]
    eva, agency = plan.actors
    assert (eva.name, eva.kind, agency.kind) == ("Eva", ActorKind.FOUNDER, ActorKind.AGENCY)
    linkedin, instagram = plan.presences
    assert (linkedin.market_id, linkedin.actor_id) == (plan.markets[0].id, eva.id)
    assert (instagram.market_id, instagram.actor_id, instagram.scope) == (plan.markets[1].id, agency.id,
                                                                         ProfileScope.NATIONAL)
    tuesday, japan = plan.cadence_rules
    assert (tuesday.presence_id, tuesday.weekdays, tuesday.times) == (linkedin.id, (1,), (time(9, 0),))
    assert tuesday.content_type_id == plan.content_types[0].id
    assert (japan.weekdays, japan.times, japan.language, japan.content_type_id) == (
        (0, 3), (time(9, 30), time(19, 0)), "ja", None)
    ids = [e.id for e in (*plan.markets, *plan.actors, *plan.presences, *plan.content_types, *plan.cadence_rules)]
    assert len(set(ids)) == len(ids) and all(ids)
    assert import_strategy(export_strategy(plan)).plan == plan  # ids made up once are then kept


def test_an_edited_id_is_kept_so_a_reimport_keeps_identity() -> None:
    plan = import_strategy(_edited('name = "Eva"\n', 'id = "eva-1"\nname = "Eva"\n')).plan
    assert plan.actors[0].id == "eva-1" and plan.presences[0].actor_id == "eva-1"


ERRORS = [
    # (what to change in MINIMAL, what the message must say)
    pytest.param('name = "Atelier Nord"', 'name = "Atelier Nord', ("line 4", "not valid TOML"), id="syntax"),
    pytest.param("[strategy]", "[strategy]\n[strategy]", ("line 9", "not valid TOML"), id="syntax-repeated-table"),
    pytest.param('name = "Atelier Nord"\n', "", ("firm.name:", "required"), id="missing-key"),
    pytest.param("format = 1\n", "", ("format:", "required"), id="missing-format"),
    pytest.param('[firm]\n', '[firm]\nteam_size = "two"\n',
                 ("firm.team_size:", "expected a whole number", '"two"'), id="wrong-type-int"),
    pytest.param('budget_paid_month = "100.50"', 'budget_paid_month = "lots"',
                 ("strategy.budget_paid_month:", '"lots" is not an amount'), id="wrong-type-money"),
    pytest.param('kind = "founder"', 'kind = true', ("actors[1].kind:", "expected text", "true"), id="wrong-type-enum"),
    pytest.param('[firm]\n', '[firm]\naudience = "b2x"\n',
                 ("firm.audience:", '"b2x" is not one of b2b, b2c, both'), id="unknown-enum"),
    pytest.param('objectives = ["visibility"]', 'objectives = ["fame"]',
                 ("markets[1].objectives:", '"fame" is not one of visibility, opportunities, relationships'),
                 id="unknown-enum-in-list"),
    pytest.param('country = "JP"', 'country = "XX"', ("markets[2].country:", '"XX"', "country code"),
                 id="unknown-country"),
    pytest.param('country = "JP"', 'country = "ZZ"', ("markets[2].country:", '"ZZ"', "country code"),
                 id="unknown-region-is-no-country"),
    pytest.param('zone = "Europe/Paris"', 'zone = "Europe/Pariss"',
                 ("markets[1].zone:", '"Europe/Pariss" is not a known time zone'), id="unknown-zone"),
    pytest.param('"19:00"', '"25:00"',
                 ('markets[2].presences[1].cadence[1].times: "25:00" is not a time such as 09:30',), id="bad-time"),
    pytest.param('weekdays = ["tue"]', 'weekdays = ["tuesday"]',
                 ("markets[1].presences[1].cadence[1].weekdays:", '"tuesday" is not a day'), id="bad-weekday"),
    pytest.param('weekdays = ["tue"]', 'weekdays = []',
                 ("markets[1].presences[1].cadence[1].weekdays:", "must not be empty"), id="no-weekday"),
    pytest.param('language = "ja"', 'language = "jp"',
                 ("markets[2].presences[1].cadence[1].language:", '"jp" is not a known language code'),
                 id="unknown-language"),
    pytest.param('actor = "Agency"', 'actor = "Agencyy"',
                 ("markets[2].presences[1].actor:", '"Agencyy"', "[[actors]]", '"Eva", "Agency"'),
                 id="unknown-actor"),
    pytest.param('content_type = "News"', 'content_type = "Newz"',
                 ("markets[1].presences[1].cadence[1].content_type:", '"Newz"', "[[content_types]]"),
                 id="unknown-content-type"),
    pytest.param('country = "JP"', 'country = "FR"',
                 ("markets[2]:", 'market "FR" is already defined at markets[1]'), id="duplicate-market"),
    pytest.param('name = "Agency"', 'name = "Eva"',
                 ("actors[2].name:", '"Eva" is already the name of actors[1];'), id="duplicate-actor"),
    pytest.param('name = "News"\n', 'name = "News"\n\n[[content_types]]\nname = "News"\n',
                 ("content_types[2].name:", '"News" is already the name'), id="duplicate-content-type"),
    pytest.param("period_end = 2027-12-31", "period_end = 2026-12-31",
                 ("strategy.period_end:", "ends on 2026-12-31, before it starts on 2027-01-11"), id="end-before-start"),
    pytest.param("period_end = 2027-12-31", 'period_end = "soon"',
                 ("strategy.period_end:", '"soon" is not a date'), id="bad-date"),
    pytest.param("format = 1", "format = 2", ("format:", "version 2 is not supported", "version 1"),
                 id="newer-format"),
    pytest.param('zone = "Europe/Paris"', 'zoen = "Europe/Paris"', ("markets[1].zoen:", "unknown key"),
                 id="unknown-key-typo"),
    pytest.param('times = ["09:00"]', 'times = ["09:00"]\nrepeat = 2',
                 ("markets[1].presences[1].cadence[1].repeat:", "unknown key"), id="unknown-nested-key"),
    pytest.param("format = 1\n", 'format = 1\ntheme = "dark"\n', ("theme:", "unknown key"), id="unknown-section"),
    pytest.param("[[content_types]]", "[content_types]",
                 ("content_types:", "list of tables", "[[content_types]]"), id="table-instead-of-list"),
    pytest.param("[[content_types]]\nname = \"News\"\n", "[[content_types]]\nname = \"News\"\nshare_percent = 150\n",
                 ("content_types[1].share_percent:", "150 is not between 0 and 100"), id="out-of-range"),
    pytest.param('times = ["09:30", "19:00"]', 'times = ["09:30", "09:30"]',
                 ("markets[2].presences[1].cadence[1].times:", '"09:30" appears twice'), id="repeated-time"),
    # regions: an unknown one named with the valid codes, never silently "no holidays at all"
    pytest.param('country = "FR"', 'country = "DE"\nsubdivision = "BAY"',
                 ("markets[1].subdivision:", "\u201cBAY\u201d is not a region of Germany", "BW, BY,"), id="BAY"),
    pytest.param('country = "JP"', 'country = "MX"\nsubdivision = "CMX"',
                 ("markets[2].subdivision:", "no regions for Mexico"), id="region-of-a-country-without-regions"),
    pytest.param('home_country = "BE"', 'home_country = "BE"\nhome_subdivision = "FLANDERS"',
                 ("firm.home_subdivision:", "\u201cFLANDERS\u201d", "Flemish, French, German"), id="home-region"),
    # the founder's holiday corrections and own events
    pytest.param('languages = ["fr"]\n', 'languages = ["fr"]\n\n[[markets.holiday_corrections]]\ndate = 2027-01-06\n'
                 'action = "add"\n', ("markets[1].holiday_corrections[1].name:", "a name is required to add"),
                 id="correction-without-name"),
    pytest.param('languages = ["fr"]\n', 'languages = ["fr"]\n\n[[markets.holiday_corrections]]\ndate = 2027-01-06\n'
                 'action = "cancel"\n', ("markets[1].holiday_corrections[1].action:", '"cancel" is not one of add, '
                                          'remove, rename'), id="correction-action"),
    pytest.param('languages = ["fr"]\n', 'languages = ["fr"]\n\n[[markets.holiday_corrections]]\ndate = "soon"\n'
                 'action = "remove"\n', ("markets[1].holiday_corrections[1].date:", '"soon" is not a date'),
                 id="correction-date"),
    pytest.param('languages = ["fr"]\n', 'languages = ["fr"]\n\n[[markets.holiday_corrections]]\ndate = 2027-05-17\n'
                 'action = "remove"\n\n[[markets.holiday_corrections]]\ndate = 2027-05-17\naction = "rename"\n'
                 'name = "Pentecôte"\n', ("markets[1].holiday_corrections[2].date:", "2027-05-17 is already corrected"),
                 id="correction-twice"),
    pytest.param('languages = ["fr"]\n', 'languages = ["fr"]\n\n[[markets.holiday_corrections]]\ndate = 2027-05-17\n'
                 'action = "remove"\nwhy = "open"\n', ("markets[1].holiday_corrections[1].why:", "unknown key"),
                 id="correction-unknown-key"),
    pytest.param('languages = ["fr"]\n', 'languages = ["fr"]\n\n[[markets.events]]\ndate = 2027-03-10\n',
                 ("markets[1].events[1].name:", "required"), id="event-without-name"),
    pytest.param('languages = ["fr"]\n', 'languages = ["fr"]\n\n[[markets.events]]\ndate = 2027-03-10\nname = " "\n',
                 ("markets[1].events[1].name:", "an event needs a name"), id="event-blank-name"),
    pytest.param('languages = ["fr"]\n', 'languages = ["fr"]\nholiday_corrections = "none"\n',
                 ("markets[1].holiday_corrections:", "list of tables"), id="corrections-not-a-list"),
    pytest.param('[firm]\n', '[firm]\nnight_start = "late"\n', ("firm.night_start:", '"late" is not a time'),
                 id="night"),
]


@pytest.mark.parametrize("old, new, expected", ERRORS)
def test_every_mistake_is_one_line_naming_the_line_or_key(old: str, new: str, expected: tuple[str, ...]) -> None:
    with pytest.raises(StrategyFileError) as caught:
        import_strategy(_edited(old, new))
    message = str(caught.value)
    assert "\n" not in message
    for fragment in expected:
        assert fragment in message, (fragment, message)
    assert isinstance(caught.value, ValueError)


def test_a_syntax_error_names_line_and_column() -> None:
    with pytest.raises(StrategyFileError, match=r"^line 4, column \d+: the file is not valid TOML"):
        import_strategy(_edited('name = "Atelier Nord"', 'name = Atelier Nord'))


def test_duplicate_ids_are_refused() -> None:
    text = _edited('name = "Eva"\n', 'id = "same"\nname = "Eva"\n').replace(
        'name = "Agency"\n', 'id = "same"\nname = "Agency"\n')
    with pytest.raises(StrategyFileError, match=r'^actors\[2\]\.id: "same" is already the id of actors\[1\]$'):
        import_strategy(text)


def test_a_platform_entry_is_checked_like_the_rest() -> None:
    plan = replace(EXAMPLES[0].build(START), own_platforms=_own_platforms())
    text = export_strategy(plan).replace('basis = "no_published_data"', 'basis = "rumour"')
    with pytest.raises(StrategyFileError, match=r'^platforms\[2\]\.posting_times\.basis: "rumour" is not one of'):
        import_strategy(text)
    typo = export_strategy(plan).replace("founder_entry = true", "founder_entry = true\nfounder_entyr = true", 1)
    with pytest.raises(StrategyFileError, match=r"^platforms\[1\]\.founder_entyr: unknown key"):
        import_strategy(typo)


def test_export_refuses_a_plan_it_could_not_read_back() -> None:
    plan = EXAMPLES[0].build(START)
    twins = replace(plan, actors=(*plan.actors, Actor(plan.actors[0].name, ActorKind.EMPLOYEE)))
    with pytest.raises(StrategyFileError, match=r"^actors\[5\]\.name: .* rename one before exporting"):
        export_strategy(twins)


CORRECTED = MINIMAL.replace('languages = ["fr"]\n', '''languages = ["fr"]

[[markets.holiday_corrections]]
date = 2027-05-17
action = "remove"

[[markets.holiday_corrections]]
date = 2027-01-06
action = "add"
name = "Company day"

[[markets.holiday_corrections]]
date = 2027-07-14
action = "rename"
name = "Quatorze Juillet"

[[markets.events]]
date = 2027-03-10
name = "Salon de l'export"
''', 1)


def test_holiday_corrections_and_events_travel_in_the_file_exactly_as_written() -> None:
    document = import_strategy(CORRECTED)
    france = document.plan.markets[0]
    assert [(c.market_id, c.day, c.action, c.name) for c in document.holiday_corrections] == [
        (france.id, date(2027, 5, 17), OverrideAction.REMOVE, ""),
        (france.id, date(2027, 1, 6), OverrideAction.ADD, "Company day"),
        (france.id, date(2027, 7, 14), OverrideAction.RENAME, "Quatorze Juillet"),
    ]
    assert [(e.market_id, e.day, e.name) for e in document.market_events] == [
        (france.id, date(2027, 3, 10), "Salon de l'export")]
    text = export_strategy(document.plan, document.holiday_corrections, document.market_events)
    again = import_strategy(text)
    assert again.plan == document.plan

    def key(c):
        return c.market_id, c.day, c.action, c.name

    assert sorted(map(key, again.holiday_corrections)) == sorted(map(key, document.holiday_corrections))
    assert [(e.market_id, e.day, e.name) for e in again.market_events] == [(france.id, date(2027, 3, 10),
                                                                         "Salon de l'export")]
    written = tomllib.loads(text)["markets"][0]
    assert written["holiday_corrections"][0] == {"date": date(2027, 1, 6), "action": "add", "name": "Company day"}
    assert {"date": date(2027, 5, 17), "action": "remove"} in written["holiday_corrections"]  # no name to remove
    assert "holiday_corrections" not in tomllib.loads(text)["markets"][1]


def test_an_example_with_corrections_survives_export_and_import() -> None:
    plan = EXAMPLES[1].build(START)
    france, quebec = plan.markets
    corrections = (HolidayOverride(quebec.id, date(2027, 6, 24), OverrideAction.RENAME, "Fête nationale"),)
    events = (MarketEvent(france.id, date(2027, 9, 20), "Salon des entrepreneurs"),)
    again = import_strategy(export_strategy(plan, corrections, events))
    assert again.plan == plan
    assert [(c.market_id, c.day, c.action, c.name) for c in again.holiday_corrections] == [
        (quebec.id, date(2027, 6, 24), OverrideAction.RENAME, "Fête nationale")]
    assert [(e.market_id, e.day, e.name) for e in again.market_events] == [
        (france.id, date(2027, 9, 20), "Salon des entrepreneurs")]


def test_a_rule_without_times_gets_the_platform_s_good_hours_in_its_market() -> None:
    text = _edited('weekdays = ["tue"]\ntimes = ["09:00"]\n', 'weekdays = ["tue"]\n')
    plan = import_strategy(text).plan
    linkedin = plan.catalogue().get("linkedin").posting_times
    (suggested,) = plan.cadence_rules[0].times
    assert any(start <= suggested < end for start, end in linkedin.windows)
    assert plan.cadence_rules[1].times == (time(9, 30), time(19, 0))  # a rule with times keeps them


def test_night_hours_travel_in_the_file() -> None:
    plan = import_strategy(_edited('[firm]\n', '[firm]\nnight_start = "23:30"\nnight_end = "06:00"\n')).plan
    assert (plan.firm.night_start, plan.firm.night_end) == (time(23, 30), time(6, 0))
    assert import_strategy(export_strategy(plan)).plan.firm == plan.firm


def test_a_platform_s_scheduling_claim_travels_in_the_file() -> None:
    shipped = EXAMPLES[0].build(START).catalogue().get("reddit")
    own = founder_platform("reddit", "Reddit (ours)", ChannelType.FEED, date(2027, 1, 6), base=shipped)
    plan = replace(EXAMPLES[0].build(START), own_platforms=(own,))
    text = export_strategy(plan)
    assert import_strategy(text).plan.own_platforms == (own,)
    broken = text.replace('value = "native"', 'value = "sometimes"', 1)
    with pytest.raises(StrategyFileError, match=r'^platforms\[1\]\.scheduling\.value: "sometimes" is not one of'):
        import_strategy(broken)


def test_files_on_disk(tmp_path: Path) -> None:
    plan = EXAMPLES[2].build(START)
    path = tmp_path / "training.toml"
    write_strategy_file(path, plan)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["training.toml"]
    assert read_strategy_file(path).plan == plan
    path.write_text(MINIMAL.replace('"Europe/Paris"', '"Mars/Olympus"'), encoding="utf-8")
    with pytest.raises(StrategyFileError, match=r"^training\.toml: markets\[1\]\.zone: .*Mars/Olympus"):
        read_strategy_file(path)
    path.write_bytes(MINIMAL.replace("Atelier", "Caf\u00e9").encode("latin-1"))
    with pytest.raises(StrategyFileError, match=r"^training\.toml: the file is not UTF-8 text"):
        read_strategy_file(path)


def test_the_field_lists_match_the_domain() -> None:
    # A key the domain gains (or loses) must appear in the file's field lists too, or exports would drop it.
    from dataclasses import fields

    from smplanner.domain.plan import (
        REVISION,
        CadenceRule,
        ContentType,
        Firm,
        Market,
        Presence,
        Strategy,
    )

    specs = {
        Firm: (strategy_file.FIRM_FIELDS, set()),
        Strategy: (strategy_file.STRATEGY_FIELDS, set()),
        Actor: (strategy_file.ACTOR_FIELDS, set()),
        ContentType: (strategy_file.CONTENT_TYPE_FIELDS, set()),
        Market: (strategy_file.MARKET_FIELDS, set()),
        Presence: (strategy_file.PRESENCE_FIELDS, {"market_id"}),
        CadenceRule: (strategy_file.CADENCE_FIELDS, {"presence_id"}),
    }
    for kind, (spec, implied) in specs.items():
        # The stored row's version is the plan's business, never a strategy file's.
        assert {f.name for f in fields(kind)} - {REVISION} == {f.attr for f in spec} | implied, kind.__name__
