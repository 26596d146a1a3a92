"""Combo boxes for the things a founder picks from long lists: countries, zones, languages, currencies.

Names come from CLDR in the UI language (babel); each item carries its code as user data. Typing filters
the list by any part of the name, so "japon" finds "Japon" and "land" finds "Finlande".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from smplanner.domain.timezones import zone
from smplanner.i18n import _
from smplanner.i18n.formatting import country_name, ui_locale, zone_city


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
            # In a search field the placeholder is a hint, not text the founder would have to delete first.
            line_edit = self.lineEdit()
            if line_edit is not None and placeholder:
                line_edit.setPlaceholderText(placeholder)
            self.addItem("" if line_edit is not None else placeholder, "")
        for code, name in items:
            self.addItem(name, code)
        self.blockSignals(False)
        self.set_code(current or "")

    def on_enter(self, add: Callable[[], object]) -> None:
        """Enter in the search field calls `add` and stays here: it does not also press the dialog's default button
        (in the wizard, Next). The completer's list, when open, first puts its choice in the field."""
        line_edit = self.lineEdit()
        assert line_edit is not None, "only a searchable combo box has a field to press Enter in"
        # Enter on a name chosen in the completer's list arrives this way too.
        line_edit.returnPressed.connect(self.choose_typed)
        line_edit.returnPressed.connect(add)
        line_edit.installEventFilter(_EnterStaysHere(line_edit))

    def choose_typed(self) -> None:
        """Make the item the founder typed the current one: the item of that name, else the only one it is part of."""
        typed = self.currentText().strip().casefold()
        if not typed:
            return
        names = [self.itemText(index).casefold() for index in range(self.count())]
        found = [index for index, name in enumerate(names) if name == typed] or [
            index for index, name in enumerate(names) if typed in name
        ]
        if len(found) == 1:
            self.setCurrentIndex(found[0])

    def code(self) -> str | None:
        data = self.currentData()
        return data or None

    def set_code(self, code: str | None) -> None:
        index = self.findData(code or "")
        self.setCurrentIndex(index if index >= 0 else (0 if self.count() else -1))


class _EnterStaysHere(QObject):
    """Enter in a line edit: "return pressed", and the key goes no further (a line edit passes it on to the dialog)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (isinstance(watched, QLineEdit) and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            watched.returnPressed.emit()
            return True
        return super().eventFilter(watched, event)


def sorted_by_name(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(pairs, key=lambda pair: pair[1].casefold())


def country_items(codes: Iterable[str]) -> list[tuple[str, str]]:
    return sorted_by_name((code, country_name(code)) for code in codes)


def language_items() -> list[tuple[str, str]]:
    """Every language CLDR names with a two- or three-letter code, by name in the UI language."""
    names = ui_locale().languages
    return sorted_by_name((code, name) for code, name in names.items() if code.isalpha() and len(code) <= 3)


def zone_item(zone_id: str, on: datetime) -> tuple[str, str]:
    """A zone shown with its current offset and its city in the UI language: "UTC+09:00 \u2014 Tokyo"."""
    offset = datetime.combine(on.date(), on.time(), tzinfo=zone(zone_id)).strftime("%z")
    return zone_id, _("UTC{sign}{hours}:{minutes} \u2014 {zone}").format(
        sign=offset[0], hours=offset[1:3], minutes=offset[3:5], zone=zone_city(zone_id)
    )


def currency_items() -> list[tuple[str, str]]:
    names = ui_locale().currencies
    return sorted_by_name((code, "{code} \u2014 {name}".format(code=code, name=name))
                          for code, name in names.items() if len(code) == 3)
