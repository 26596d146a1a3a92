"""The shipped marketing moments: every one sourced and well formed, and the dates its rules give are the known ones."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources

import pytest
from babel import Locale

from smplanner.domain.marketing_moments import (
    WIDELY_OBSERVED,
    MomentDataError,
    MomentEntry,
    moments_between,
    parse_moments,
    rule_day,
    shipped_moments,
)
from smplanner.i18n import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES


def document() -> dict:
    return json.loads((resources.files("smplanner.resources") / "marketing_moments.json").read_text("utf-8"))


def day_of(moment_id: str, country: str, year: int) -> date:
    found = [m.day for m in moments_between(country, date(year, 1, 1), date(year, 12, 31)) if m.moment_id == moment_id]
    assert len(found) == 1, (moment_id, country, year, found)
    return found[0]


# -- the data file ------------------------------------------------------------------------------------------

def test_every_moment_is_sourced_and_every_source_is_dated():
    raw = document()
    entries = shipped_moments()
    assert len(entries) == len(raw["moments"]) >= 30
    for source in raw["sources"].values():
        assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", source["as_of"]), source
        assert "2000-01" <= source["as_of"] <= date.today().strftime("%Y-%m"), source
        assert source["url"].startswith(("http://", "https://")) and source["title"].strip()
    cited = {entry.source.key for entry in entries} | {s.key for entry in entries for s in entry.see_also}
    assert cited == set(raw["sources"]), "a source nobody cites, or a moment citing an unknown one"


def test_countries_are_codes_babel_knows():
    territories = Locale("en").territories
    for entry in shipped_moments():
        for country in entry.countries:
            assert country == WIDELY_OBSERVED or country in territories, (entry.id, country)
        assert len(set(entry.countries)) == len(entry.countries), entry.id


def test_every_moment_has_a_name_in_every_ui_language_and_a_date_every_year():
    for entry in shipped_moments():
        for language in set(SUPPORTED_LANGUAGES) - {SOURCE_LANGUAGE}:
            assert entry.names.get(language, "").strip(), (entry.id, language)
        if entry.rule["kind"] == "dates":
            continue
        for year in range(2024, 2036):
            assert isinstance(entry.day_in(year), date), (entry.id, year)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["moments"][0].update(source="nowhere"), "no source"),
        (lambda d: d["moments"][0].update(countries=["France"]), "ISO codes"),
        (lambda d: d["moments"][0].update(countries=[]), "ISO codes"),
        (lambda d: d["moments"][0].update(rule={"kind": "lunar"}), "unknown rule kind"),
        (lambda d: d["moments"][0].update(rule={"kind": "fixed", "month": 2}), "needs"),
        (lambda d: d["moments"][0].update(rule={"kind": "nth_weekday", "month": 5, "weekday": 6, "n": 0}), "weekday"),
        (lambda d: d["moments"][0].update(rule={"kind": "chinese_lunar", "festival": "qixi"}), "festival"),
        (lambda d: d["moments"][0].update(rule={"kind": "fixed", "month": 2, "day": 1, "then_days": 7}), "together"),
        (lambda d: d["moments"].append(dict(d["moments"][0])), "twice"),
        (lambda d: next(iter(d["sources"].values())).update(as_of="2026"), "as_of"),
        (lambda d: next(iter(d["sources"].values())).update(url=""), "url"),
    ],
)
def test_a_malformed_file_is_refused(change, message):
    raw = document()
    change(raw)
    with pytest.raises(MomentDataError, match=message):
        parse_moments(raw)


# -- the dates ----------------------------------------------------------------------------------------------

def test_mothers_day_on_each_countrys_own_date():
    assert day_of("mothers-day-us", "US", 2027) == date(2027, 5, 9)  # second Sunday of May
    assert day_of("mothers-day-may-2", "JP", 2027) == date(2027, 5, 9)
    assert day_of("mothers-day-may-2", "BE", 2027) == date(2027, 5, 9)
    assert day_of("mothers-day-fr", "FR", 2027) == date(2027, 5, 30)  # last Sunday of May
    assert day_of("mothering-sunday", "GB", 2027) == date(2027, 3, 7)  # three weeks before Easter (28 March)
    assert day_of("mothering-sunday", "GB", 2028) == date(2028, 3, 26)
    assert day_of("mothers-day-may-1", "ES", 2027) == date(2027, 5, 2)  # first Sunday of May
    assert day_of("mothers-day-may-10", "MX", 2027) == date(2027, 5, 10)
    assert day_of("parents-day-kr", "KR", 2027) == date(2027, 5, 8)


def test_french_mothers_day_gives_way_to_pentecost():
    # 2023: Pentecost was the last Sunday of May (28 May), so Mother's Day was 4 June (Europe 1, Ouest-France).
    assert day_of("mothers-day-fr", "FR", 2023) == date(2023, 6, 4)
    assert day_of("mothers-day-fr", "FR", 2020) == date(2020, 6, 7)  # Aleteia: Pentecost on 31 May 2020
    assert day_of("mothers-day-fr", "FR", 2021) == date(2021, 5, 30)  # planet.fr


def test_fathers_day():
    assert day_of("fathers-day-june-3", "US", 2027) == date(2027, 6, 20)
    assert day_of("fathers-day-june-3", "FR", 2020) == date(2020, 6, 21)  # LCI
    assert day_of("fathers-day-st-joseph", "ES", 2027) == date(2027, 3, 19)
    assert day_of("fathers-day-de", "DE", 2027) == date(2027, 5, 6)  # Ascension Day
    assert day_of("fathers-day-september-1", "AU", 2026) == date(2026, 9, 6)


def test_the_thanksgiving_weekend():
    assert day_of("black-friday", "US", 2027) == date(2027, 11, 26)
    assert day_of("black-friday", "GB", 2027) == date(2027, 11, 26)
    assert day_of("black-friday", "US", 2015) == date(2015, 11, 27)  # IBTimes: Black Friday 2015 on 27 November
    assert day_of("black-friday", "US", 2024) == date(2024, 11, 29)  # when 1 November is a Friday
    assert day_of("small-business-saturday", "US", 2022) == date(2022, 11, 26)
    assert day_of("cyber-monday", "US", 2021) == date(2021, 11, 29)
    assert day_of("giving-tuesday", "US", 2025) == date(2025, 12, 2)


def test_china():
    assert day_of("singles-day", "CN", 2027) == date(2027, 11, 11)
    assert day_of("618", "CN", 2027) == date(2027, 6, 18)
    assert day_of("chinese-new-year", "CN", 2027) == date(2027, 2, 6)
    assert day_of("chinese-new-year", "CN", 2026) == date(2026, 2, 17)
    assert day_of("mid-autumn", "CN", 2027) == date(2027, 9, 15)
    assert day_of("golden-week-cn", "CN", 2027) == date(2027, 10, 1)


def test_french_sales_follow_the_rule_and_its_exceptions():
    assert day_of("soldes-hiver", "FR", 2023) == date(2023, 1, 11)  # TF1 Info
    assert day_of("soldes-hiver", "FR", 2022) == date(2022, 1, 12)  # the second Wednesday, the 12th itself
    assert day_of("soldes-hiver", "FR", 2020) == date(2020, 1, 8)
    assert day_of("soldes-hiver", "FR", 2027) == date(2027, 1, 6)  # the second Wednesday would be the 13th
    assert day_of("soldes-ete", "FR", 2023) == date(2023, 6, 28)  # TF1 Info: the last Wednesday, the 28th itself
    assert day_of("soldes-ete", "FR", 2027) == date(2027, 6, 23)  # the last Wednesday would be the 30th
    winter = next(m for m in moments_between("FR", date(2027, 1, 1), date(2027, 1, 31))
                  if m.moment_id == "soldes-hiver")
    assert (winter.days, winter.last_day) == (28, date(2027, 2, 2))


def test_a_moment_is_listed_while_it_lasts():
    during = moments_between("JP", date(2027, 5, 3), date(2027, 5, 3))
    assert [(m.moment_id, m.day, m.last_day) for m in during] == [
        ("golden-week-jp", date(2027, 4, 29), date(2027, 5, 5))
    ]
    assert moments_between("JP", date(2027, 5, 6), date(2027, 5, 8)) == []
    spanning = MomentEntry(id="x", name="Year end", names={}, countries=("FR",),
                           rule={"kind": "fixed", "month": 12, "day": 30}, source=shipped_moments()[0].source, days=5)
    (moment,) = moments_between("FR", date(2028, 1, 2), date(2028, 1, 2), entries=[spanning])
    assert moment.day == date(2027, 12, 30)


def test_countries_names_and_sources():
    in_cameroon = {m.moment_id for m in moments_between("CM", date(2027, 1, 1), date(2027, 12, 31))}
    assert in_cameroon == {"valentines-day", "womens-day"}  # only the widely observed ones
    assert moments_between("fr", date(2027, 5, 30), date(2027, 5, 30))[0].moment_id == "mothers-day-fr"
    (french,) = moments_between("FR", date(2027, 5, 30), date(2027, 5, 30), language="fr_BE")
    assert french.name == "Fête des mères" and french.source.url.startswith("https://")
    (english,) = moments_between("FR", date(2027, 5, 30), date(2027, 5, 30), language="ja")
    assert english.name == "Mother's Day"
    assert moments_between("FR", date(2027, 6, 1), date(2027, 5, 1)) == []
    assert [m.day for m in moments_between("US", date(2027, 1, 1), date(2027, 12, 31))] == sorted(
        m.day for m in moments_between("US", date(2027, 1, 1), date(2027, 12, 31)))


def test_explicit_dates_and_shifts():
    assert day_of("rentree-fr", "FR", 2026) == date(2026, 9, 1)
    assert not [m for m in moments_between("FR", date(2030, 1, 1), date(2030, 12, 31)) if m.moment_id == "rentree-fr"]
    rule = {"kind": "fixed", "month": 4, "day": 1, "unless": {"kind": "easter", "offset": 0}, "then_days": 1}
    assert rule_day(rule, 2029) == date(2029, 4, 2)  # Easter 2029 is on 1 April
    assert rule_day(rule, 2027) == date(2027, 4, 1)
