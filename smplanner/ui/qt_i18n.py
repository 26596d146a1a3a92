"""Installing a UI language in Qt: our gettext catalogue, Qt's own qtbase catalogue, and the default QLocale."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from smplanner.i18n import SOURCE_LANGUAGE, current_locale, set_language, system_language

_qt_translator: QTranslator | None = None
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def system_ui_language() -> str:
    """The system's language: the environment's where it says one (Unix), else the desktop's (Windows, macOS)."""
    if any(os.environ.get(name) for name in _LOCALE_VARIABLES):
        return system_language()
    return system_language({"LANGUAGE": ":".join(QLocale.system().uiLanguages())})


def apply_language(preference: str) -> str:
    """Switch the whole UI to a language ("system" follows the system); returns the language used.

    Installing the translator makes Qt send LanguageChange to every widget, which re-label themselves.
    """
    global _qt_translator
    language = set_language(system_ui_language() if preference == "system" else preference)
    QLocale.setDefault(QLocale(current_locale()))  # Qt's own widgets format as babel does: the same locale
    app = QCoreApplication.instance()
    if app is None:
        return language
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
    # Qt's own strings (standard buttons, the wizard's Back and Next, text fields' context menus) from its qtbase
    # catalogue; an empty translator for English still makes Qt deliver LanguageChange, so switching back re-labels.
    _qt_translator = QTranslator(app)
    if language != SOURCE_LANGUAGE:
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        _qt_translator.load(QLocale(language), "qtbase", "_", folder)
    app.installTranslator(_qt_translator)
    return language
