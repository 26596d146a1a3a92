"""Dates, times, numbers and names formatted by babel (CLDR) in the UI locale: the one place their formats are chosen.

Every screen, export and printed page shows a date in one of two forms: the short one ("Mon, Jan 11, 2027",
"lun. 11 janv. 2027": the weekday matters when planning posts, and a named month is never ambiguous) or the long
one ("Monday, January 11, 2027"), and a time of day in the locale's short form ("9:00 AM", "09:00").
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

from babel import Locale, dates, numbers, units
from babel.core import UnknownLocaleError

from smplanner.i18n import current_locale

SHORT_DATE_SKELETON = "yMMMEd"
LONG_DATE_FORMAT = "full"
TIME_FORMAT = "short"
MONTH_SKELETON = "yMMMM"
DAY_SKELETON = "MMMEd"
RANGE_SKELETON = "yMMMd"


def ui_locale() -> Locale:
    return _locale(current_locale())


@lru_cache(maxsize=16)
def _locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


def short_date_pattern() -> str:
    """The CLDR pattern of the short date, e.g. "E, MMM d, y" (date editors show dates the same way)."""
    return _short_date_pattern(current_locale())


@lru_cache(maxsize=16)
def _short_date_pattern(identifier: str) -> str:
    locale = _locale(identifier)
    return str(locale.datetime_skeletons[SHORT_DATE_SKELETON].pattern)


def time_pattern() -> str:
    """The CLDR pattern of a time of day, e.g. "h:mm a" or "HH:mm" (time editors show times the same way)."""
    return str(ui_locale().time_formats[TIME_FORMAT].pattern)


def uses_12_hour_clock() -> bool:
    return "h" in time_pattern() or "K" in time_pattern()


def first_weekday() -> int:
    """The first day of the week in the UI locale, 0 = Monday (calendar views and date pickers start there)."""
    return ui_locale().first_week_day


def week_order() -> tuple[int, ...]:
    """The seven weekdays (0 = Monday) in the order the UI locale lists them, from its first day of the week."""
    first = first_weekday()
    return tuple((first + offset) % 7 for offset in range(7))


def weekday_name(weekday: int, width: str = "abbreviated") -> str:
    """A weekday's name (0 = Monday): "Mon", "lun."; width "wide" gives "Monday"."""
    return _weekday_name(weekday, width, current_locale())


@lru_cache(maxsize=256)
def _weekday_name(weekday: int, width: str, identifier: str) -> str:
    return str(_locale(identifier).days["format"][width][weekday])


def format_date(value: date) -> str:
    """The short date: "Mon, Jan 11, 2027", "lun. 11 janv. 2027"."""
    return _format_date(value, current_locale())


@lru_cache(maxsize=4096)
def _format_date(value: date, identifier: str) -> str:
    # Lists and views show many dates: each is formatted once per locale.
    return dates.format_date(value, _short_date_pattern(identifier), locale=_locale(identifier))


def format_long_date(value: date) -> str:
    """The long date: "Monday, January 11, 2027", "lundi 11 janvier 2027"."""
    return dates.format_date(value, format=LONG_DATE_FORMAT, locale=ui_locale())


def format_day(value: date) -> str:
    """A day without its year, where a heading gives the year: "Wed, Jan 6", "mer. 6 janv."."""
    return dates.format_skeleton(DAY_SKELETON, value, locale=ui_locale())


def format_month(value: date) -> str:
    """A month and its year: "January 2027", "janvier 2027"."""
    return dates.format_skeleton(MONTH_SKELETON, value, locale=ui_locale())


@lru_cache(maxsize=16)
def _datetime_glue(identifier: str) -> str:
    return str(_locale(identifier).datetime_formats["medium"])  # e.g. "{1}, {0}": the date, then the time


def format_time(value: time | datetime) -> str:
    """A time of day: "9:00 AM", "09:00" (an aware datetime is shown in its own zone)."""
    return _format_time(value.hour, value.minute, current_locale())


@lru_cache(maxsize=4096)
def _format_time(hour: int, minute: int, identifier: str) -> str:
    return dates.format_time(time(hour, minute), format=TIME_FORMAT, locale=_locale(identifier))


def format_datetime(value: datetime) -> str:
    """The short date and the time, in the locale's order; an aware value is shown in its own zone, zone named."""
    identifier = current_locale()
    stamp = _datetime_glue(identifier).replace("{1}", _format_date(value.date(), identifier)).replace(
        "{0}", _format_time(value.hour, value.minute, identifier))
    if value.tzinfo is None:
        return stamp
    return "{stamp} {zone}".format(stamp=stamp, zone=zone_label(value))


def format_time_range(start: time, end: time) -> str:
    """Two times of day as a range, as the UI locale writes it: "9:00 – 11:00 AM", "09:00–11:00"."""
    skeleton = "hm" if uses_12_hour_clock() else "Hm"
    return dates.format_interval(start, end, skeleton, locale=ui_locale())


def format_date_range(first: date, last: date) -> str:
    """A range of days as short as the UI locale writes it ("Mar 1 – 7, 2027", "1–7 mars 2027")."""
    return dates.format_interval(first, last, RANGE_SKELETON, locale=ui_locale())


def zone_label(value: datetime) -> str:
    """A short zone label for an aware datetime: the abbreviation when there is one, else its UTC offset."""
    name = value.tzname() or ""
    if name and name[0] not in "+-":
        return name
    return dates.get_timezone_gmt(value, width="short", locale=ui_locale())


def zone_city(zone_id: str) -> str:
    """A time zone named by its city in the UI language ("Londres" for Europe/London), as CLDR names it."""
    from smplanner.domain.timezones import zone

    try:
        return dates.get_timezone_location(zone(zone_id), locale=ui_locale(), return_city=True)
    except (LookupError, ValueError):
        return zone_id.rsplit("/", 1)[-1].replace("_", " ")


def format_number(value: int | float | Decimal) -> str:
    return numbers.format_decimal(value, locale=ui_locale())


def format_percent(share: float) -> str:
    """A share from 0 to 1 as a whole percentage, the UI language's way ("40 %", "40%")."""
    return numbers.format_percent(share, locale=ui_locale())


def format_file_size(size: int) -> str:
    """A file size with the unit's name in the UI language ("1.5 MB", "1,5 Mo")."""
    for unit, factor in (("digital-gigabyte", 1 << 30), ("digital-megabyte", 1 << 20), ("digital-kilobyte", 1 << 10)):
        if size >= factor:
            return units.format_unit(round(size / factor, 1), unit, length="short", locale=ui_locale())
    return units.format_unit(size, "digital-byte", length="short", locale=ui_locale())


def format_money(amount: Decimal, currency: str) -> str:
    """An amount in a currency, the UI locale's way (e.g. "1 500,00 €" in French)."""
    return numbers.format_currency(amount, currency, locale=ui_locale())


def currency_symbol(currency: str) -> str:
    return numbers.get_currency_symbol(currency, locale=ui_locale())


def country_name(code: str) -> str:
    return ui_locale().territories.get(code.upper(), code.upper())


def language_name(code: str) -> str:
    locale = ui_locale()
    named = locale.languages.get(code)
    if named:
        return named
    try:
        return Locale.parse(code).get_display_name(locale) or code
    except (ValueError, LookupError, UnknownLocaleError):  # a code CLDR has no locale for
        return code
