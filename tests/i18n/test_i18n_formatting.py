"""Dates, times, numbers and names come from babel (CLDR) in one UI locale, without Qt: the UI language with the
system's territory, the two date forms and the time form defined once."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from smplanner.domain.timezones import zone
from smplanner.i18n import current_locale, set_language, system_territory
from smplanner.i18n.formatting import (
    country_name,
    first_weekday,
    format_date,
    format_datetime,
    format_file_size,
    format_long_date,
    format_money,
    format_month,
    format_number,
    format_time,
    format_time_range,
    week_order,
    zone_city,
)

EPIPHANY = date(2027, 1, 6)


def plain(text: str) -> str:
    """CLDR puts narrow, thin or no-break spaces before AM/PM, around dashes and in French numbers: compare with
    plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ").replace("\u2009", " ")


def test_the_short_and_the_long_date_in_french() -> None:
    set_language("fr")
    assert format_date(EPIPHANY) == "mer. 6 janv. 2027"
    assert format_long_date(EPIPHANY) == "mercredi 6 janvier 2027"
    assert format_month(EPIPHANY) == "janvier 2027"


def test_the_short_and_the_long_date_in_english() -> None:
    set_language("en")
    assert format_date(EPIPHANY) == "Wed, Jan 6, 2027"
    assert format_long_date(EPIPHANY) == "Wednesday, January 6, 2027"


def test_times_follow_the_locale_clock() -> None:
    set_language("en")
    assert plain(format_time(time(21, 5))) == "9:05 PM"
    assert plain(format_time_range(time(9), time(11))) == "9:00 – 11:00 AM"
    set_language("fr")
    assert format_time(time(21, 5)) == "21:05"
    assert plain(format_time_range(time(9), time(11))) == "09:00 – 11:00"


def test_a_date_and_time_names_its_zone() -> None:
    set_language("fr")
    moment = datetime(2027, 1, 6, 9, 30, tzinfo=zone("Asia/Tokyo"))
    assert format_datetime(moment) == "mer. 6 janv. 2027, 09:30 JST"


def test_the_systems_territory_shapes_the_english_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    set_language("en")
    assert current_locale() == "en_BE"
    assert format_date(EPIPHANY) == "Wed, 6 Jan 2027"
    assert format_time(time(21, 5)) == "21:05"
    assert first_weekday() == 0


def test_lc_all_wins_over_lang_and_a_code_carries_its_own_territory(monkeypatch: pytest.MonkeyPatch) -> None:
    assert system_territory({"LC_ALL": "nl_BE.UTF-8", "LANG": "en_US.UTF-8"}) == "BE"
    assert system_territory({"LANG": "C.UTF-8"}) is None
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    set_language("fr_CA")
    assert current_locale() == "fr_CA"
    set_language("en")
    assert current_locale() == "en_US"
    assert first_weekday() == 6  # weeks start on Sunday in the United States
    assert week_order() == (6, 0, 1, 2, 3, 4, 5)


def test_a_pair_cldr_does_not_know_falls_back_to_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "xx_QQ.UTF-8")
    set_language("fr")
    assert current_locale() == "fr"


def test_numbers_money_and_file_sizes_in_the_ui_language() -> None:
    set_language("fr")
    assert plain(format_number(1234.5)) == "1 234,5"
    assert plain(format_money(Decimal(1500), "EUR")) == "1 500,00 €"
    assert plain(format_file_size(1_572_864)) == "1,5 Mo"
    set_language("en")
    assert format_file_size(1_572_864) == "1.5 MB"
    assert format_file_size(12 * 1024) == "12 kB"


def test_country_and_zone_names_follow_the_language() -> None:
    set_language("fr")
    assert country_name("JP") == "Japon"
    assert country_name("jp") == "Japon"
    assert zone_city("Europe/London") == "Londres"
    set_language("en")
    assert country_name("JP") == "Japan"
    assert zone_city("Europe/London") == "London"
