"""Translation functions that read a catalogue which can be swapped at run time (no builtins._)."""

from __future__ import annotations

import gettext
from importlib import resources
from io import BytesIO

SOURCE_LANGUAGE = "en"
SUPPORTED_LANGUAGES = ("en", "fr")

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


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
    """The language code of the catalogue in use, e.g. "fr"; also the babel locale of formatting."""
    return _language


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


def set_language(language: str) -> str:
    """Switch the catalogue; returns the language actually used (the source language when unknown)."""
    global _catalogue, _language
    base = language.replace("-", "_").split("_")[0].lower() if language else SOURCE_LANGUAGE
    if base not in SUPPORTED_LANGUAGES or base == SOURCE_LANGUAGE:
        _catalogue, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
        return _language
    loaded = _load_catalogue(base)
    _catalogue = loaded if loaded is not None else gettext.NullTranslations()
    _language = base if loaded is not None else SOURCE_LANGUAGE
    return _language


def system_language(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), or the source language."""
    import os

    env = os.environ if environ is None else environ
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key, "")
        for candidate in value.split(":"):
            code = candidate.split(".")[0].split("@")[0]
            if code and code not in ("C", "POSIX"):
                return code
    return SOURCE_LANGUAGE
