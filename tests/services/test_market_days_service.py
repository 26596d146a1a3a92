"""Each market's days off from the data (holidays with its subdivision and names in the language asked for, the
country's weekend, the years the data covers), the founder's corrections applied last, the check of region codes,
and the planning service's calls that store corrections (regenerating the posts they concern) and events."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from smplanner.domain.market_days import HolidayOverride, MarketEvent, OverrideAction
from smplanner.domain.plan import CadenceRule, Firm, HolidayPolicy, Market, Plan, Presence, Strategy
from smplanner.domain.regions import RegionError, check_region, region_problem
from smplanner.i18n import set_language
from smplanner.services.holidays import (
    data_source,
    market_days_off,
    needs_region_hint,
    regions_differ,
)
from smplanner.services.plan_files import create_from_example
from smplanner.services.planning import Changes, PlanningService, posts_for
from smplanner.storage.plan_file import PlanFile

YEAR = (date(2027, 1, 1), date(2027, 12, 31))


@pytest.fixture
def service(plan_store):
    path = plan_store.address("consultancy")
    create_from_example(path, "consultancy", date(2027, 1, 6))
    planning = PlanningService(plan_store.open(path))
    yield planning
    planning.close()


def market(service: PlanningService, code: str):
    return next(m for m in service.plan().markets if m.code == code)


def holidays_by_market(plan, corrections, first, last, language):
    return {market_id: dict(days.holidays)
            for market_id, days in market_days_off(plan, corrections, first, last, language).items()}


def test_the_data_with_the_markets_subdivision_and_language(service):
    plan = service.plan()
    english = holidays_by_market(plan, [], *YEAR, "en")
    french = holidays_by_market(plan, [], *YEAR, "fr")
    france, quebec = market(service, "FR"), market(service, "CA-QC")
    assert set(english) == {m.id for m in plan.markets}
    assert english[france.id][date(2027, 7, 14)] == "National Day"
    assert french[france.id][date(2027, 7, 14)] == "Fête nationale"
    assert date(2027, 6, 24) in english[quebec.id]  # Québec's national holiday, not the rest of Canada's
    assert all(YEAR[0] <= day <= YEAR[1] for days in english.values() for day in days)


def test_corrections_are_applied_to_their_market_only_and_within_the_range(service):
    france, quebec = market(service, "FR"), market(service, "CA-QC")
    overrides = [
        HolidayOverride(france.id, date(2027, 5, 17), OverrideAction.REMOVE),  # Whit Monday, a working day for many
        HolidayOverride(france.id, date(2027, 7, 14), OverrideAction.RENAME, "Quatorze Juillet"),
        HolidayOverride(france.id, date(2027, 8, 16), OverrideAction.ADD, "Pont de l'Assomption"),
        HolidayOverride(france.id, date(2028, 1, 2), OverrideAction.ADD, "Outside the range"),
    ]
    before = holidays_by_market(service.plan(), [], *YEAR, "en")
    after = holidays_by_market(service.plan(), overrides, *YEAR, "en")
    assert date(2027, 5, 17) in before[france.id] and date(2027, 5, 17) not in after[france.id]
    assert after[france.id][date(2027, 7, 14)] == "Quatorze Juillet"
    assert after[france.id][date(2027, 8, 16)] == "Pont de l'Assomption"
    assert date(2028, 1, 2) not in after[france.id]
    assert after[quebec.id] == before[quebec.id]


def test_holidays_in_reads_the_stored_corrections_in_the_ui_language(service):
    france = market(service, "FR")
    assert service.holidays_in(*YEAR)[france.id][date(2027, 7, 14)] == "National Day"
    set_language("fr")
    assert service.holidays_in(*YEAR)[france.id][date(2027, 7, 14)] == "Fête nationale"
    assert service.holidays_in(*YEAR, language="en")[france.id][date(2027, 7, 14)] == "National Day"
    set_language("en")
    rename = HolidayOverride(france.id, date(2027, 7, 14), OverrideAction.RENAME, "Quatorze Juillet")
    assert service.set_holiday_override(rename) == Changes(holidays=True)  # still a holiday: no post moves
    assert service.holiday_overrides() == [rename]
    assert service.holidays_in(*YEAR)[france.id][date(2027, 7, 14)] == "Quatorze Juillet"
    assert service.remove_holiday_override(rename.id) == Changes(holidays=True)
    assert service.holiday_overrides() == []
    assert service.holidays_in(*YEAR)[france.id][date(2027, 7, 14)] == "National Day"


def test_a_new_correction_of_a_day_replaces_the_earlier_one(service):
    france = market(service, "FR")
    day = date(2027, 11, 11)
    service.set_holiday_override(HolidayOverride(france.id, day, OverrideAction.RENAME, "Armistice 1918"))
    remove = HolidayOverride(france.id, day, OverrideAction.REMOVE)
    service.set_holiday_override(remove)
    assert service.holiday_overrides() == [remove]
    assert day not in service.holidays_in(*YEAR)[france.id]


def test_market_events(service):
    quebec = market(service, "CA-QC")
    event = MarketEvent(quebec.id, date(2027, 3, 10), "Salon de l'export")
    assert service.save_market_event(event) == Changes(holidays=True)
    assert service.market_events() == [event]
    assert service.remove_market_event(event.id) == Changes(holidays=True)
    assert service.market_events() == []


def test_the_data_source_is_named_with_its_version():
    from importlib.metadata import version

    assert data_source() == "holidays {v}".format(v=version("holidays"))


def test_holiday_names_in_dutch_where_the_data_has_them_english_elsewhere(service):
    import dataclasses

    from smplanner.domain.plan import Market

    belgium, netherlands = Market("BE", "Europe/Brussels"), Market("NL", "Europe/Amsterdam")
    plan = service.plan()
    plan = dataclasses.replace(plan, markets=(*plan.markets, belgium, netherlands))
    dutch = holidays_by_market(plan, [], *YEAR, "nl")
    assert dutch[belgium.id][date(2027, 7, 21)] == "Nationale feestdag"
    assert dutch[netherlands.id][date(2027, 4, 27)] == "Koningsdag"
    assert dutch[market(service, "FR").id][date(2027, 7, 14)] == "National Day"  # no Dutch names for France


# --- the one source of holiday truth: weekends, data coverage, regions -------------------------------------------


def plan_of(*markets: Market, rules: tuple[tuple[int, ...], HolidayPolicy] | None = None) -> Plan:
    presences = tuple(Presence(m.id, "linkedin") for m in markets)
    weekdays, policy = rules or ((6, 0, 1, 2, 3), HolidayPolicy.MOVE)
    return Plan(
        firm=Firm("Cuberdon & Co", "BE", "Europe/Brussels"),
        strategy=Strategy(date(2027, 1, 4), date(2027, 12, 31)),
        markets=markets,
        presences=presences,
        cadence_rules=tuple(CadenceRule(p.id, weekdays, (time(10, 0),), holiday_policy=policy) for p in presences),
    )


def test_each_market_s_weekend_comes_from_the_holiday_data():
    sa, il, eg, be = (Market("SA", "Asia/Riyadh"), Market("IL", "Asia/Jerusalem"), Market("EG", "Africa/Cairo"),
                      Market("BE", "Europe/Brussels"))
    found = market_days_off(plan_of(sa, il, eg, be), [], date(2027, 1, 1), date(2027, 12, 31), "en")
    assert [found[m.id].weekend for m in (sa, il, eg, be)] == [frozenset({4, 5})] * 3 + [frozenset({5, 6})]
    # The United Arab Emirates moved their weekend to Saturday-Sunday in 2022.
    ae = Market("AE", "Asia/Dubai")
    old = market_days_off(plan_of(ae), [], date(2021, 1, 1), date(2022, 12, 31), "en")[ae.id]
    assert old.weekend_on(date(2021, 6, 1)) == frozenset({4, 5})
    assert old.weekend_on(date(2022, 6, 1)) == frozenset({5, 6})


def test_sunday_to_thursday_markets_never_get_posts_on_their_weekend():
    """A post moved off a Thursday holiday in Saudi Arabia, Israel or Egypt went to Friday, their weekend."""
    import holidays

    markets = (Market("SA", "Asia/Riyadh"), Market("IL", "Asia/Jerusalem"), Market("EG", "Africa/Cairo"))
    plan = plan_of(*markets)
    data = {m.id: holidays.country_holidays(m.country, years=2027) for m in markets}
    thursday_holidays = {m.code: [d for d in data[m.id] if d.weekday() == 3 and d >= date(2027, 1, 4)]
                         for m in markets}
    assert all(thursday_holidays.values()), thursday_holidays  # the test means something in each of them
    posts = posts_for(plan)
    assert posts
    on_weekend = [(p.market_id, p.local.date()) for p in posts if p.local.weekday() in (4, 5)]
    assert on_weekend == []
    on_holidays = [p for p in posts if p.local.date() in data[p.market_id]]
    assert on_holidays == []


def test_years_the_data_does_not_cover_are_named():
    lk, india, fr = Market("LK", "Asia/Colombo"), Market("IN", "Asia/Kolkata"), Market("FR", "Europe/Paris")
    nowhere = Market("IC", "Atlantic/Canary")  # a CLDR territory the holiday data does not cover
    found = market_days_off(plan_of(lk, india, fr, nowhere), [], date(2035, 1, 1), date(2036, 12, 31), "en")
    assert found[lk.id].years_without_data == (2035, 2036)  # Sri Lanka's data ends in 2026
    assert found[india.id].years_without_data == (2036,)  # India's Hindu holidays end in 2035
    assert found[fr.id].years_without_data == ()
    assert found[nowhere.id].years_without_data == (2035, 2036) and found[nowhere.id].holidays == {}
    assert found[india.id].lacks_data_on(date(2036, 3, 1)) and not found[india.id].lacks_data_on(date(2035, 3, 1))


def test_an_unknown_region_is_refused_naming_the_key_and_the_valid_codes():
    with pytest.raises(RegionError) as error:
        check_region("DE", "BAY", "markets[2].subdivision")
    message = str(error.value)
    assert message.startswith("markets[2].subdivision: \u201cBAY\u201d is not a region of Germany")
    assert "BY" in message and "\n" not in message
    assert "no regions for Mexico" in region_problem("MX", "CMX")
    assert "BRU" in region_problem("BE", "BRU") and "Flemish" in region_problem("BE", "BRU")
    assert region_problem("ZZ", None) is not None
    assert region_problem("DE", "BY") is None and region_problem("CA", "QC") is None
    assert region_problem("DE", None) is None and region_problem("IC", None) is None  # no data, still a country
    # Never again "no holidays at all" for a typo: the data refuses it.
    with pytest.raises(RegionError):
        market_days_off(plan_of(Market("DE", "Europe/Berlin", subdivision="BAY")), [], date(2027, 1, 1),
                        date(2027, 12, 31), "en")


def test_a_whole_federal_country_gets_the_hint_to_choose_a_region():
    assert regions_differ("DE") and regions_differ("CH") and regions_differ("US")
    assert not regions_differ("JP") and not regions_differ("BE")  # no regions, or communities with the same days
    assert needs_region_hint(Market("DE", "Europe/Berlin"))
    assert not needs_region_hint(Market("DE", "Europe/Berlin", subdivision="BY"))
    bavaria = market_days_off(plan_of(Market("DE", "Europe/Berlin", subdivision="BY")), [], date(2027, 1, 1),
                              date(2027, 12, 31), "en")
    assert any("Epiphany" in name for name in next(iter(bavaria.values())).holidays.values())


def test_removing_a_holiday_brings_back_the_post_a_skip_rule_left_out(tmp_path: Path):
    """Generation used the raw data: a holiday the founder removed still made a "skip" rule skip it."""
    france = Market("FR", "Europe/Paris")
    plan = plan_of(france, rules=((0,), HolidayPolicy.SKIP))  # Mondays
    whit_monday = date(2027, 5, 17)
    path = tmp_path / "skip.smplan"
    PlanFile.create(path, plan, posts_for(plan))
    now = datetime(2027, 1, 6, tzinfo=UTC)
    with PlanFile.open(path) as plan_file:
        service = PlanningService(plan_file)
        assert whit_monday not in {p.local.date() for p in service.posts_between(None, None)}
        correction = HolidayOverride(france.id, whit_monday, OverrideAction.REMOVE)
        service.set_holiday_override(correction)  # the plan lies ahead of the real clock too
        assert whit_monday in {p.local.date() for p in service.posts_between(None, None)}
        service.remove_holiday_override(correction.id)
        assert whit_monday not in {p.local.date() for p in service.posts_between(None, None)}
        changes = service.set_holiday_override(correction, now)
        assert changes == Changes(holidays=True, posts=True)
        assert whit_monday in {p.local.date() for p in service.posts_between(None, None)}
        # The founder's own day off, added: the Monday's post goes.
        company_day = HolidayOverride(france.id, date(2027, 6, 7), OverrideAction.ADD, "Company day")
        service.set_holiday_override(company_day, now)
        assert date(2027, 6, 7) not in {p.local.date() for p in service.posts_between(None, None)}
        # Taking the corrections back gives the data's days again.
        service.remove_holiday_override(correction.id, now)
        service.remove_holiday_override(company_day.id, now)
        days = {p.local.date() for p in service.posts_between(None, None)}
        assert whit_monday not in days and date(2027, 6, 7) in days
        # Deciding again (the wizard's Finish) keeps the stored corrections.
        service.set_holiday_override(correction, now)
        service.apply_decisions(dataclasses.replace(plan, firm=dataclasses.replace(plan.firm, name="Renamed")), now)
        assert whit_monday in {p.local.date() for p in service.posts_between(None, None)}
