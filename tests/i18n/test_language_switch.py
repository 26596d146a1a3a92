"""Switching the catalogue at run time: French when asked, English for a language there is no catalogue for."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from smplanner.i18n import _, current_language, ngettext, pgettext, set_language

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


def test_every_french_translation_is_served() -> None:
    set_language("fr")
    missing = []
    for message in _french():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or message.fuzzy or not all(forms):
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            # French: the first form for 0 and 1, the second from 2 on (Plural-Forms: n > 1).
            got = tuple(ngettext(singular, plural, n) for n in (0, 1, 2, 1000))
            if got != (message.string[0], message.string[0], message.string[1], message.string[1]):
                missing.append(singular)
        elif message.context:
            if pgettext(message.context, message.id) != message.string:
                missing.append(message.id)
        elif _(message.id) != message.string:
            missing.append(message.id)
    assert not missing, missing
