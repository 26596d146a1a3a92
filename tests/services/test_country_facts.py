"""Country facts come from CLDR, tzdata and the holidays package."""

from datetime import date

from smplanner.services import country_facts


def test_zones_and_the_main_one():
    assert country_facts.zones_of("JP") == ["Asia/Tokyo"]
    assert country_facts.main_zone("US") == "America/New_York"
    assert country_facts.main_zone("CA", "QC") == "America/Toronto"
    assert "America/Vancouver" in country_facts.zones_of("CA")


def test_languages_currency_and_subdivisions():
    assert country_facts.official_languages("CM")[:2] == ["fr", "en"]
    assert country_facts.currency_of("JP", date(2027, 1, 1)) == "JPY"
    assert "QC" in country_facts.subdivisions_of("CA")
    assert "CT" in country_facts.subdivisions_of("ES")
    assert "Quebec" in country_facts.subdivision_names("CA")["QC"]


def test_country_codes_are_countries_only():
    codes = country_facts.country_codes()
    assert {"BE", "JP", "CN", "CM"} <= set(codes)
    assert not {"EU", "UN", "001", "ZZ"} & set(codes)
