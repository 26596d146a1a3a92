"""Switching the catalogue at run time: French or Dutch when asked or when the system speaks it, English for a
language there is no catalogue for."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from smplanner.i18n import (
    SOURCE_LANGUAGE,
    SUPPORTED_LANGUAGES,
    _,
    current_language,
    ngettext,
    pgettext,
    set_language,
    system_language,
)

FRENCH = Path(__file__).resolve().parents[2] / "translations" / "fr" / "LC_MESSAGES" / "smplanner.po"
# A message of the domain (an N_() constant in smplanner/domain/decisions.py), unlikely to change wording.
KNOWN = "Language"


def _french():
    with FRENCH.open("rb") as handle:
        return read_po(handle, locale="fr")


def test_known_message_is_in_the_french_catalogue() -> None:
    message = _french().get(KNOWN)
    assert message is not None and message.string, "{id!r} is not translated: pick another KNOWN".format(id=KNOWN)


def test_french_then_back_to_english() -> None:
    assert set_language("fr") == "fr"
    assert current_language() == "fr"
    assert _(KNOWN) == "Langue"
    assert set_language("en") == "en"
    assert _(KNOWN) == KNOWN


def test_a_region_of_a_known_language_uses_its_catalogue() -> None:
    assert set_language("fr_CA") == "fr"
    assert _(KNOWN) == "Langue"


def test_unknown_language_falls_back_to_english() -> None:
    set_language("fr")
    assert set_language("xx") == "en"
    assert current_language() == "en"
    assert _(KNOWN) == KNOWN


@pytest.mark.parametrize("language", [code for code in SUPPORTED_LANGUAGES if code != SOURCE_LANGUAGE])
def test_every_translation_is_served(language: str) -> None:
    with (FRENCH.parents[2] / language / "LC_MESSAGES" / "smplanner.po").open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    plural_form = gettext.c2py(catalogue.plural_expr)
    assert set_language(language) == language
    missing = []
    for message in catalogue:
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or message.fuzzy or not all(forms):
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            # The catalogue's own Plural-Forms rule: French's first form for 0 and 1, Dutch's for 1 only.
            counts = (0, 1, 2, 1000)
            got = tuple(ngettext(singular, plural, n) for n in counts)
            if got != tuple(message.string[plural_form(n)] for n in counts):
                missing.append(singular)
        elif message.context:
            if pgettext(message.context, message.id) != message.string:
                missing.append(message.id)
        elif _(message.id) != message.string:
            missing.append(message.id)
    assert not missing, missing


def test_dutch_then_french_then_back_to_english() -> None:
    assert set_language("nl_BE") == "nl"
    assert _(KNOWN) == "Taal"
    assert ngettext("{count} day", "{count} days", 1) == "{count} dag"
    assert ngettext("{count} day", "{count} days", 0) == "{count} dagen"
    assert set_language("fr") == "fr"
    assert _(KNOWN) == "Langue"
    assert set_language("en") == "en"
    assert _(KNOWN) == KNOWN


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "nl_BE.UTF-8"}, "nl"),
        ({"LANG": "nl_NL.UTF-8", "LANGUAGE": ""}, "nl"),
        ({"LC_ALL": "fr_BE.UTF-8", "LANG": "nl_BE.UTF-8"}, "fr"),
        ({"LC_MESSAGES": "nl_BE.UTF-8", "LANG": "en_GB.UTF-8"}, "nl"),
        ({"LANGUAGE": "de:nl:en", "LANG": "de_DE.UTF-8"}, "nl"),
        ({"LANGUAGE": "de", "LANG": "nl_BE.UTF-8"}, "nl"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": "C", "LANG": "nl_BE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_ui_follows_the_system_language(environment: dict[str, str], expected: str) -> None:
    assert set_language(system_language(environment)) == expected
