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


# --- zones where the people are --------------------------------------------------------------------------------------

def _people_zones() -> dict:
    import json
    from importlib import resources

    return json.loads((resources.files("smplanner.resources") / "country_zones.json").read_text(encoding="utf-8"))


def test_the_suggested_zone_is_where_most_people_live_not_tzdata_s_first_entry():
    """Brazil got America/Noronha (an archipelago, UTC-2), Russia Kaliningrad, Canada Halifax, Mexico Monterrey."""
    assert country_facts.main_zone("BR") == "America/Sao_Paulo"
    assert country_facts.main_zone("RU") == "Europe/Moscow"
    assert country_facts.main_zone("CA") == "America/Toronto"
    assert country_facts.main_zone("MX") == "America/Mexico_City"
    assert country_facts.main_zone("AR") == "America/Argentina/Buenos_Aires"
    assert country_facts.main_zone("AU") == "Australia/Sydney"
    assert country_facts.main_zone("JP") == "Asia/Tokyo"  # one zone: that one
    assert country_facts.main_zone("BE") == "Europe/Brussels"


def test_every_country_with_more_than_one_zone_has_a_sourced_capital_zone_of_its_own():
    data = _people_zones()
    assert data["sources"] and all(s["title"] and s["url"].startswith("https://") and s["as_of"]
                                   for s in data["sources"])
    several = {country for country, zones in country_facts._zone_table().items() if len(zones) > 1}
    assert len(several) >= 25
    missing = several - set(data["countries"])
    assert not missing, missing
    for country in sorted(several):
        expected = data["countries"][country]["zone"]
        assert expected in country_facts.zones_of(country), country  # one of the country's own zones
        assert country_facts.main_zone(country) == expected, country
        assert data["countries"][country]["capital"], country


def test_a_region_gets_its_own_zone_for_every_multi_zone_country_with_regions():
    data = _people_zones()
    several = {country for country, zones in country_facts._zone_table().items() if len(zones) > 1}
    for country in sorted(several):
        regions = set(country_facts.subdivisions_of(country))
        if not regions:
            continue
        assert set(data["subdivisions"].get(country, {})) == regions, country
        for region in regions:
            zone = country_facts.main_zone(country, region)
            assert zone == data["subdivisions"][country][region], (country, region)
            assert zone in country_facts.zones_of(country, region), (country, region)  # the wizard offers it
    assert country_facts.main_zone("CA", "BC") == "America/Vancouver"
    assert country_facts.main_zone("US", "CA") == "America/Los_Angeles"
    assert country_facts.main_zone("AU", "WA") == "Australia/Perth"
    assert country_facts.main_zone("BR", "AM") == "America/Manaus"
    assert country_facts.main_zone("ES", "CN") == "Atlantic/Canary"
    assert country_facts.main_zone("PT", "30") == "Atlantic/Madeira"
    assert country_facts.main_zone("US", "GU") == "Pacific/Guam" == country_facts.zones_of("US", "GU")[0]
