"""One locale on every screen: the date and time fields show what the lists show, the date pickers start weeks where
the views do, holidays are named in the UI language where the holidays package can, file sizes and counts too."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from screens import TODAY, main_window

from smplanner.domain.examples import example
from smplanner.domain.strategy_draft import PageId
from smplanner.i18n import set_language
from smplanner.i18n.formatting import first_weekday, format_date, format_file_size, format_time
from smplanner.ui.qt_i18n import apply_language
from smplanner.ui.view_actions import Tab
from smplanner.ui.widgets.dates import DateEdit, TimeEdit
from smplanner.ui.wizard.strategy_wizard import StrategyWizard

QT_DAYS = [Qt.DayOfWeek.Monday, Qt.DayOfWeek.Tuesday, Qt.DayOfWeek.Wednesday, Qt.DayOfWeek.Thursday,
           Qt.DayOfWeek.Friday, Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday]


@pytest.fixture(params=[("en", "en_US.UTF-8"), ("fr", "fr_BE.UTF-8"), ("nl", "nl_BE.UTF-8"), ("en", "C.UTF-8")],
                ids=["en_US", "fr_BE", "nl_BE", "en"])
def locale(request, monkeypatch: pytest.MonkeyPatch):
    language, lang = request.param
    monkeypatch.setenv("LANG", lang)
    apply_language(language)
    yield language
    monkeypatch.setenv("LANG", "C.UTF-8")
    apply_language("en")


def test_the_fields_show_dates_and_times_as_the_lists_do(qtbot, locale: str) -> None:
    day, clock = date(2027, 3, 1), time(21, 5)
    field, time_field = DateEdit(day), TimeEdit(clock)
    qtbot.addWidget(field)
    qtbot.addWidget(time_field)
    assert field.text() == format_date(day)
    assert time_field.text().replace("\u202f", " ") == format_time(clock).replace("\u202f", " ")
    assert field.calendar_popup().firstDayOfWeek() == QT_DAYS[first_weekday()]


def test_the_week_view_and_the_date_picker_start_on_the_same_day(qtbot, tmp_path: Path, locale: str) -> None:
    window = main_window(qtbot, tmp_path)
    window.calendar.show_tab(Tab.WEEK)
    window.calendar.go_to(date(2027, 1, 13))
    week = window.calendar.views[Tab.WEEK]._week
    assert week.week_start.weekday() == first_weekday()
    assert window.calendar.date_edit.calendar_popup().firstDayOfWeek() == QT_DAYS[week.week_start.weekday()]
    window.calendar.show_tab(Tab.MONTH)
    month = window.calendar.views[Tab.MONTH]._month
    assert month.first_weekday == first_weekday()


def test_holidays_are_named_in_the_ui_language_where_the_data_has_it(qtbot) -> None:
    set_language("fr")
    wizard = StrategyWizard(example("consultancy").build(date(2027, 1, 11)), TODAY)  # France, then Québec
    qtbot.addWidget(wizard)
    wizard.show()
    while wizard.currentId() != PageId.CALENDAR:
        wizard.next()
    page = wizard.currentPage()
    france = next(m for m in wizard.draft.markets if m.country == "FR")
    names = dict(page.celebration_names(france.id))
    assert "Fête du Travail" in names.values() and "Labor Day" not in names.values()
    set_language("en")
    page.retranslate_ui()
    assert "Labor Day" in dict(page.celebration_names(france.id)).values()


def test_a_country_without_names_in_the_ui_language_keeps_english_ones(qtbot) -> None:
    set_language("nl")
    wizard = StrategyWizard(example("confectioner").build(date(2027, 1, 11)), TODAY)  # with Japan
    qtbot.addWidget(wizard)
    wizard.show()
    while wizard.currentId() != PageId.CALENDAR:
        wizard.next()
    japan = next(m for m in wizard.draft.markets if m.country == "JP")
    assert "Coming of Age Day" in dict(wizard.currentPage().celebration_names(japan.id)).values()


def test_file_sizes_and_backup_dates_in_the_ui_language(qtbot, tmp_path: Path) -> None:
    from smplanner.storage.backups import Backup
    from smplanner.ui.dialogs.restore_backup_dialog import RestoreBackupDialog

    set_language("fr")
    backups = [Backup(tmp_path / "a.smplan", datetime(2027, 1, 5, 18, 0), "auto", 1_572_864)]
    dialog = RestoreBackupDialog(backups, "plan.smplan")
    qtbot.addWidget(dialog)
    row = [dialog.list.topLevelItem(0).text(column) for column in range(3)]
    assert row[0].startswith("mar. 5 janv. 2027") and "18:00" in row[0]
    assert row[2] == format_file_size(1_572_864) and row[2].endswith("Mo")
