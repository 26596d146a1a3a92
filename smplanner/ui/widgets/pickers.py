"""Combo boxes for the things a founder picks from long lists: countries, zones, languages, currencies.

Names come from CLDR in the UI language (babel); each item carries its code as user data. Typing filters
the list by any part of the name, so "japon" finds "Japon" and "land" finds "Finlande".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from smplanner.domain.timezones import zone
from smplanner.i18n import _
from smplanner.i18n.formatting import country_name, language_name, ui_locale


class CodeComboBox(QComboBox):
    """A combo box of (code, shown name) items, searchable by any part of the name."""

    code_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, searchable: bool = True) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        if searchable:
            self.setEditable(True)
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = QCompleter(self.model(), self)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.setCompleter(completer)
        self.currentIndexChanged.connect(lambda _index: self.code_changed.emit(self.code() or ""))

    def set_items(self, items: Iterable[tuple[str, str]], placeholder: str | None = None) -> None:
        """Replace the items, keeping the current code when it is still there."""
        current = self.code()
        self.blockSignals(True)
        self.clear()
        if placeholder is not None:
            self.addItem(placeholder, "")
        for code, name in items:
            self.addItem(name, code)
        self.blockSignals(False)
        self.set_code(current or "")

    def code(self) -> str | None:
        data = self.currentData()
        return data or None

    def set_code(self, code: str | None) -> None:
        index = self.findData(code or "")
        self.setCurrentIndex(index if index >= 0 else (0 if self.count() else -1))


def sorted_by_name(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(pairs, key=lambda pair: pair[1].casefold())


def country_items(codes: Iterable[str]) -> list[tuple[str, str]]:
    return sorted_by_name((code, country_name(code)) for code in codes)


def language_items() -> list[tuple[str, str]]:
    """Every language CLDR names with a two- or three-letter code."""
    names = ui_locale().languages
    return sorted_by_name((code, language_name(code)) for code in names if code.isalpha() and len(code) <= 3)


def zone_item(zone_id: str, on: datetime) -> tuple[str, str]:
    """A zone shown with its current offset and city: "UTC+09:00 Asia/Tokyo"."""
    offset = datetime.combine(on.date(), on.time(), tzinfo=zone(zone_id)).strftime("%z")
    return zone_id, _("UTC{sign}{hours}:{minutes} \u2014 {zone}").format(
        sign=offset[0], hours=offset[1:3], minutes=offset[3:5], zone=zone_id.replace("_", " ")
    )


def currency_items() -> list[tuple[str, str]]:
    names = ui_locale().currencies
    return sorted_by_name((code, "{code} \u2014 {name}".format(code=code, name=name)) for code, name in names.items() if len(code) == 3)
