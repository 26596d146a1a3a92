"""Every UI language has a catalogue that is complete (no untranslated or fuzzy entry, in step with the template),
compiles, and keeps the {named} placeholders of each message."""

from __future__ import annotations

import gettext
import string
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from smplanner.i18n import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
TEMPLATE = TRANSLATIONS / "smplanner.pot"
CATALOGUES = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/smplanner.po"))


def language_of(po: Path) -> str:
    return po.parent.parent.name


each_catalogue = pytest.mark.parametrize("catalogue_path", CATALOGUES, ids=[language_of(po) for po in CATALOGUES])


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, abort_invalid=True)


def _fields(text: str) -> set[tuple[str, str, str]]:
    """The replacement fields of a str.format() string, as (name, conversion, format spec)."""
    return {
        (name, conversion or "", spec or "")
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


def _forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _translated(catalogue: Catalog) -> list[Message]:
    """The messages whose translation is used: not the header, not fuzzy, not empty."""
    return [message for message in catalogue if message.id and not message.fuzzy and any(_forms(message))]


def _key(message: Message) -> tuple[str | None, str | tuple[str, ...]]:
    return message.context, message.id


def test_every_ui_language_has_a_catalogue_and_every_catalogue_is_a_ui_language() -> None:
    # A catalogue the app does not offer would never be seen; a language it offers without one would show English.
    assert sorted(language_of(po) for po in CATALOGUES) == sorted(set(SUPPORTED_LANGUAGES) - {SOURCE_LANGUAGE})
    assert {"fr", "nl"} <= {language_of(po) for po in CATALOGUES}


@each_catalogue
def test_catalogue_is_complete(catalogue_path: Path) -> None:
    """CI fails on an untranslated or fuzzy entry, and on a catalogue not merged with the current template."""
    catalogue = _read(catalogue_path, language_of(catalogue_path))
    template = {_key(message) for message in _read(TEMPLATE) if message.id}
    present = {_key(message) for message in catalogue if message.id}
    untranslated = [message.id for message in catalogue if message.id and not all(_forms(message))]
    fuzzy = [message.id for message in catalogue if message.id and message.fuzzy]
    assert not untranslated, "untranslated in {po}: {ids}".format(
        po=catalogue_path.parent.parent.name, ids=untranslated)
    assert not fuzzy, "fuzzy (check, then remove the flag) in {po}: {ids}".format(
        po=catalogue_path.parent.parent.name, ids=fuzzy
    )
    assert present == template, (
        "{po} is not merged with translations/smplanner.pot: run translations/update.sh, then translate.\n"
        "missing: {missing}\nnot in the template: {extra}".format(
            po=language_of(catalogue_path), missing=sorted(map(str, template - present)),
            extra=sorted(map(str, present - template)),
        )
    )


@each_catalogue
def test_catalogue_compiles(catalogue_path: Path) -> None:
    catalogue = _read(catalogue_path, language_of(catalogue_path))
    problems = ["{id!r}: {errors}".format(id=message.id, errors=errors) for message, errors in catalogue.check()]
    assert not problems, "\n".join(problems)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    translations = gettext.GNUTranslations(compiled)
    assert translations.info()["language"] == language_of(catalogue_path)


def test_french_plural_rule_is_the_usual_one() -> None:
    # Babel proposes CLDR's three French forms; gettext's two (n > 1) are what French translators expect.
    catalogue = _read(TRANSLATIONS / "fr" / "LC_MESSAGES" / "smplanner.po")
    assert catalogue.num_plurals == 2
    assert catalogue.plural_expr.replace(" ", "") == "(n>1)"


def test_dutch_plural_rule_is_the_usual_one() -> None:
    catalogue = _read(TRANSLATIONS / "nl" / "LC_MESSAGES" / "smplanner.po")
    assert catalogue.num_plurals == 2
    assert catalogue.plural_expr.replace(" ", "") == "(n!=1)"


def test_template_messages_use_named_placeholders() -> None:
    problems = []
    for message in _read(TEMPLATE):
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            for name, _conversion, _spec in _fields(text):
                if not name or name.isdigit():
                    problems.append("{text!r}: name its placeholders, e.g. {{count}}, {{path}}".format(text=text))
    assert not problems, "\n".join(problems)


@each_catalogue
def test_translations_keep_the_placeholders(catalogue_path: Path) -> None:
    problems = []
    for message in _translated(_read(catalogue_path, language_of(catalogue_path))):
        try:
            if isinstance(message.id, tuple):
                singular, plural = (_fields(text) for text in message.id)
                forms = [_fields(text) for text in message.string]
                # A singular form may say "one" instead of {count}, but may not invent a placeholder;
                # the last form stands for every larger number and needs all of msgid_plural's.
                wrong = [form for form in forms if not form <= singular | plural]
                if wrong or forms[-1] != plural:
                    problems.append("{id!r}: {forms}".format(id=message.id[1], forms=message.string))
            elif _fields(message.string) != _fields(message.id):
                problems.append(
                    "{id!r} has {expected}, its translation {string!r} has {found}".format(
                        id=message.id, expected=sorted(_fields(message.id)), string=message.string,
                        found=sorted(_fields(message.string)),
                    )
                )
        except ValueError as error:  # an unmatched brace: str.format() would raise at run time
            problems.append("{id!r}: {error}".format(id=message.id, error=error))
    assert not problems, "\n".join(problems)
