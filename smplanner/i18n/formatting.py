"""Dates, times, numbers and names formatted by babel (CLDR) in the current UI language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.core import UnknownLocaleError
from babel import Locale, dates, numbers

from smplanner.i18n import current_language


def ui_locale() -> Locale:
    return Locale.parse(current_language())


def format_date(value: date, style: str = "medium") -> str:
    return dates.format_date(value, format=style, locale=ui_locale())


def format_datetime(value: datetime, style: str = "medium") -> str:
    """A date and time; an aware value is shown in its own zone, with the zone named."""
    if value.tzinfo is None:
        return dates.format_datetime(value, format=style, locale=ui_locale())
    stamp = dates.format_datetime(value, format=style, tzinfo=value.tzinfo, locale=ui_locale())
    return "{stamp} {zone}".format(stamp=stamp, zone=zone_label(value))


def format_time(value: datetime, style: str = "short") -> str:
    return dates.format_time(value, format=style, tzinfo=value.tzinfo, locale=ui_locale())


def zone_label(value: datetime) -> str:
    """A short zone label for an aware datetime: the abbreviation when there is one, else its UTC offset."""
    name = value.tzname() or ""
    if name and name[0] not in "+-":
        return name
    return dates.get_timezone_gmt(value, width="short", locale=ui_locale())


def format_number(value: int | float | Decimal) -> str:
    return numbers.format_decimal(value, locale=ui_locale())


def format_percent(share: float) -> str:
    """A share from 0 to 1 as a whole percentage, the UI language's way ("40 %", "40%")."""
    return numbers.format_percent(share, locale=ui_locale())


def format_file_size(size: int) -> str:
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= factor:
            return "{n} {unit}".format(n=numbers.format_decimal(round(size / factor, 1), locale=ui_locale()), unit=unit)
    return "{n} B".format(n=numbers.format_decimal(size, locale=ui_locale()))


def country_name(code: str) -> str:
    return ui_locale().territories.get(code.upper(), code.upper())


def language_name(code: str) -> str:
    locale = ui_locale()
    try:
        return Locale.parse(code).get_display_name(locale) or code
    except (ValueError, LookupError, UnknownLocaleError):  # a language CLDR names but has no locale for
        return locale.languages.get(code, code)

def format_money(amount: Decimal, currency: str) -> str:
    """An amount in a currency, the UI locale's way (e.g. "1 500,00 €" in French)."""
    return numbers.format_currency(amount, currency, locale=ui_locale())


def format_date_range(first: date, last: date) -> str:
    """A range of days as short as the UI locale writes it ("Mar 1 – 7, 2027", "1–7 mars 2027")."""
    return dates.format_interval(first, last, "yMMMd", locale=ui_locale())
