"""Date and time editors that show what every other screen shows: the UI locale's short date and time of day, and a
calendar pop-up whose weeks start on the locale's first day, as the calendar views do."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, QTime
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QTimeEdit, QWidget

from smplanner.i18n import current_locale
from smplanner.i18n.formatting import first_weekday, short_date_pattern, time_pattern

# CLDR pattern letters and what Qt's display formats call them (by the length of the run of letters).
_QT_FIELDS = {
    "y": lambda n: "yy" if n == 2 else "yyyy",
    "M": lambda n: "M" * min(n, 4),
    "L": lambda n: "M" * min(n, 4),
    "d": lambda n: "d" * min(n, 2),
    "E": lambda n: "dddd" if n == 4 else "ddd",
    "c": lambda n: "dddd" if n == 4 else "ddd",
    "h": lambda n: "h" * min(n, 2),
    "K": lambda n: "h" * min(n, 2),
    "H": lambda n: "H" * min(n, 2),
    "k": lambda n: "H" * min(n, 2),
    "m": lambda n: "mm",
    "s": lambda n: "ss",
    "a": lambda n: "Ap",
}


def qt_format(pattern: str) -> str:
    """A CLDR date or time pattern ("E, MMM d, y", "h:mm a") as a Qt display format ("ddd, MMM d, yyyy", "h:mm Ap")."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "'":
            end = pattern.find("'", index + 1)
            end = len(pattern) if end < 0 else end
            out.append(pattern[index:end + 1] if end > index + 1 else "''")
            index = end + 1
            continue
        run = index
        while run < len(pattern) and pattern[run] == char:
            run += 1
        if char.isalpha():
            convert = _QT_FIELDS.get(char)
            out.append(convert(run - index) if convert else "")
        else:
            out.append(pattern[index:run])
        index = run
    return "".join(out).strip()


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _ui_qlocale() -> QLocale:
    return QLocale(current_locale())


class DateEdit(QDateEdit):
    """A date field showing the app's short date, with a calendar pop-up starting weeks where the views do.

    The pop-up is built when first opened (it is a whole calendar widget), then follows the UI locale.
    """

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self._calendar_ready = False
        self.apply_locale()
        if value is not None:
            self.setDate(qdate(value))

    def day(self) -> date:
        chosen = self.date().toPython()
        assert isinstance(chosen, date)
        return chosen

    def set_day(self, value: date) -> None:
        self.setDate(qdate(value))

    def calendar_popup(self) -> QCalendarWidget:
        """The pop-up calendar, set to the UI locale and its first day of the week."""
        calendar = self.calendarWidget()
        calendar.setLocale(_ui_qlocale())
        calendar.setFirstDayOfWeek(Qt.DayOfWeek(first_weekday() + 1))
        self._calendar_ready = True
        return calendar

    def apply_locale(self) -> None:
        self.setLocale(_ui_qlocale())
        self.setDisplayFormat(qt_format(short_date_pattern()))
        if self._calendar_ready:
            self.calendar_popup()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._calendar_ready:
            self.calendar_popup()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._calendar_ready:
            self.calendar_popup()
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.apply_locale()
        super().changeEvent(event)


class TimeEdit(QTimeEdit):
    """A time-of-day field in the UI locale's clock ("9:00 AM" or "09:00"), minutes only."""

    def __init__(self, value: time | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.apply_locale()
        if value is not None:
            self.setTime(qtime(value))

    def clock(self) -> time:
        chosen = self.time().toPython()
        assert isinstance(chosen, time)
        return chosen.replace(second=0, microsecond=0)

    def set_clock(self, value: time) -> None:
        self.setTime(qtime(value))

    def apply_locale(self) -> None:
        self.setLocale(_ui_qlocale())
        self.setDisplayFormat(qt_format(time_pattern()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.apply_locale()
        super().changeEvent(event)
