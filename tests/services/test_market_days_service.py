"""Each market's holidays from the data (with its subdivision and names in the language asked for), the founder's
corrections applied last, and the planning service's calls that store corrections and events one at a time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from smplanner.domain.market_days import HolidayOverride, MarketEvent, OverrideAction
from smplanner.i18n import set_language
from smplanner.services.holidays import data_source, holidays_by_market
from smplanner.services.planning import Changes, PlanningService
from smplanner.services.plans import create_from_example
from smplanner.storage.plan_file import PlanFile

YEAR = (date(2027, 1, 1), date(2027, 12, 31))


@pytest.fixture
def service(tmp_path: Path):
    path = tmp_path / "consultancy.smplan"
    create_from_example(path, "consultancy", date(2027, 1, 6))
    planning = PlanningService(PlanFile.open(path))
    yield planning
    planning.close()


def market(service: PlanningService, code: str):
    return next(m for m in service.plan().markets if m.code == code)


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
    assert service.set_holiday_override(rename) == Changes(holidays=True)
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
