"""Dates and names come from babel (CLDR) in the UI language, without Qt."""

from __future__ import annotations

from datetime import date

from smplanner.i18n import set_language
from smplanner.i18n.formatting import country_name, format_date

EPIPHANY = date(2027, 1, 6)


def test_dates_in_french_use_french_month_names() -> None:
    set_language("fr")
    assert format_date(EPIPHANY, "long") == "6 janvier 2027"
    assert "janv." in format_date(EPIPHANY)


def test_dates_in_english() -> None:
    set_language("en")
    assert format_date(EPIPHANY, "long") == "January 6, 2027"


def test_country_names_follow_the_language() -> None:
    set_language("fr")
    assert country_name("JP") == "Japon"
    assert country_name("jp") == "Japon"
    set_language("en")
    assert country_name("JP") == "Japan"
