"""Translation functions that read a catalogue which can be swapped at run time (no builtins._)."""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import cache
from importlib import resources
from io import BytesIO

SOURCE_LANGUAGE = "en"
SUPPORTED_LANGUAGES = ("en", "fr", "nl")
"""The UI languages: the source language and every language with a catalogue in translations/."""

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE
_locale = SOURCE_LANGUAGE


def _(message: str) -> str:
    """Translate a message into the current UI language."""
    return _catalogue.gettext(message)


def N_(message: str) -> str:
    """Mark a module-level constant for extraction; translate it later with _()."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _catalogue.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    return _catalogue.pgettext(context, message)


def current_language() -> str:
    """The language code of the catalogue in use, e.g. "fr"."""
    return _language


def current_locale() -> str:
    """The babel locale of every date, time, number and name shown: the UI language with the system's territory
    when CLDR has that pair ("fr_BE", "en_BE"), else the language alone ("fr")."""
    return _locale


def _load_catalogue(language: str) -> gettext.NullTranslations | None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = resources.files("smplanner.translations") / language / "LC_MESSAGES" / "smplanner.po"
    if not po.is_file():
        return None
    with po.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@cache
def _catalogue_of(language: str) -> gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return _load_catalogue(language) or gettext.NullTranslations()


def every_translation(message: str) -> frozenset[str]:
    """A message in every UI language (to read back what the app wrote in any of them, such as a CSV's header)."""
    return frozenset(_catalogue_of(language).gettext(message) for language in SUPPORTED_LANGUAGES)


def set_language(language: str, territory: str | None = None) -> str:
    """Switch the catalogue and the formatting locale; returns the language actually used (the source language when
    unknown). The territory is the code's own ("fr_BE"), else `territory`, else the system's (see current_locale)."""
    global _catalogue, _language, _locale
    base = base_language(language) if language else SOURCE_LANGUAGE
    if base not in SUPPORTED_LANGUAGES or base == SOURCE_LANGUAGE:
        _catalogue, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
    else:
        loaded = _load_catalogue(base)
        _catalogue = loaded if loaded is not None else gettext.NullTranslations()
        _language = base if loaded is not None else SOURCE_LANGUAGE
    _locale = _locale_of(_language, territory_of(language) or territory or system_territory())
    return _language


def _locale_of(language: str, territory: str | None) -> str:
    from babel import localedata

    candidate = "{language}_{territory}".format(language=language, territory=territory) if territory else language
    return candidate if territory and localedata.exists(candidate) else language


def base_language(code: str) -> str:
    """The language of a locale code, lower case: "nl_BE.UTF-8" -> "nl", "fr-CA" -> "fr"."""
    return code.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()


def territory_of(code: str) -> str | None:
    """The territory of a locale code, upper case, if it names one: "nl_BE.UTF-8" -> "BE", "fr" -> None."""
    parts = code.split(".")[0].split("@")[0].replace("-", "_").split("_")
    return parts[1].upper() if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha() else None


def system_territory(environ: Mapping[str, str] | None = None) -> str | None:
    """The territory of the environment's formatting locale (LC_ALL, LC_TIME, LANG), e.g. "BE" for "fr_BE.UTF-8"."""
    import os

    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_TIME", "LANG"):  # the first one set is the locale in effect
        if env.get(key):
            return territory_of(env[key])
    return None


def language_autonym(code: str) -> str:
    """A UI language named in itself, as a language menu lists it: "Nederlands", "Fran\u00e7ais"."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), or the source language.

    LANGUAGE may list several ("de:nl:en"), before the locale in effect: the first one there is a catalogue for
    wins; a language without one is still returned when nothing better is listed (set_language() then falls back).
    """
    import os

    env = os.environ if environ is None else environ
    candidates = [code for code in env.get("LANGUAGE", "").split(":") if code]
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):  # the first one set is the locale in effect
        if env.get(key):
            candidates.append(env[key])
            break
    candidates = [code.split(".")[0].split("@")[0] for code in candidates]
    candidates = [code for code in candidates if code and code not in ("C", "POSIX")]
    for code in candidates:
        if base_language(code) in SUPPORTED_LANGUAGES:
            return code
    return candidates[0] if candidates else SOURCE_LANGUAGE
