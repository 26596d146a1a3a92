"""Installing a UI language in Qt: our gettext catalogue, Qt's own qtbase catalogue, and the default QLocale."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from smplanner.i18n import set_language, system_language

_qt_translator: QTranslator | None = None


def apply_language(preference: str) -> str:
    """Switch the whole UI to a language ("system" follows the environment); returns the language used.

    Installing the translator makes Qt send LanguageChange to every widget, which re-label themselves.
    """
    global _qt_translator
    language = set_language(system_language() if preference == "system" else preference)
    QLocale.setDefault(QLocale(language))
    app = QCoreApplication.instance()
    if app is None:
        return language
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != "en" and translator.load(QLocale(language), "qtbase", "_", path):
        _qt_translator = translator
        app.installTranslator(translator)
    else:
        # An empty translator still makes Qt deliver LanguageChange, so switching back to English re-labels too.
        _qt_translator = translator
        app.installTranslator(translator)
    return language
