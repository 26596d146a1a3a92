"""The export dialog: its filters and options become the request the service exports, and nothing impossible can be
asked for. Never exec(): the window's tests replace ExportDialog.ask."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from plan_factories import small_plan
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from smplanner.domain.calendar_filter import CalendarFilter
from smplanner.domain.plan import Market, Plan, PostStatus, Presence
from smplanner.services.ics_export import CsvOptions, ExportRequest, IcsOptions
from smplanner.ui.dialogs.export_dialog import ExportDialog


@pytest.fixture
def plan() -> Plan:
    plan = small_plan("Cuberdon & Co")
    quebec = Market("CA", "America/Toronto", subdivision="QC", languages=("fr",))
    return dataclasses.replace(plan, markets=(*plan.markets, quebec),
                               presences=(*plan.presences, Presence(quebec.id, "facebook")))


def ok_button(dialog: ExportDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_everything_checked_exports_everything(qtbot, plan: Plan) -> None:
    dialog = ExportDialog(plan, "ics", date(2027, 3, 1), date(2027, 3, 31))
    qtbot.addWidget(dialog)
    assert dialog.request() == ExportRequest(CalendarFilter(), date(2027, 3, 1), date(2027, 3, 31), IcsOptions())
    assert ok_button(dialog).isEnabled()
    assert [dialog.markets.item(row).text() for row in range(dialog.markets.count())] == ["CA-QC \u2013 Canada",
                                                                                         "JP \u2013 Japan"]
    assert [dialog.platforms.item(row).text() for row in range(dialog.platforms.count())] == ["Facebook", "LinkedIn"]
    assert "export again to the same file" in dialog.explanation.text()
    assert "cancelled events" in dialog.explanation.text() and "Keep a calendar file up to date" in (
        dialog.explanation.text())
    assert not dialog.bom.isVisibleTo(dialog) and dialog.holidays.isVisibleTo(dialog)


def test_the_filters_and_options_become_the_request(qtbot, plan: Plan) -> None:
    dialog = ExportDialog(plan, "ics")
    qtbot.addWidget(dialog)
    assert (dialog.first_edit.date(), dialog.last_edit.date()) == (QDate(2027, 1, 4), QDate(2027, 12, 31))
    dialog.markets.item(0).setCheckState(Qt.CheckState.Unchecked)  # Québec out
    dialog.platforms.item(0).setCheckState(Qt.CheckState.Unchecked)  # Facebook out
    dialog.statuses[PostStatus.PUBLISHED].setChecked(False)
    dialog.holidays.setChecked(True)
    dialog.duration.setValue(30)
    dialog.first_edit.setDate(QDate(2027, 2, 1))
    request = dialog.request()
    japan = next(m.id for m in plan.markets if m.code == "JP")
    assert request.filter == CalendarFilter(
        markets=frozenset({japan}), platforms=frozenset({"linkedin"}),
        statuses=frozenset({PostStatus.IDEA, PostStatus.DRAFT, PostStatus.READY, PostStatus.SKIPPED}),
    )
    assert (request.first, request.last) == (date(2027, 2, 1), date(2027, 12, 31))
    assert request.options == IcsOptions(duration_minutes=30, include_holidays=True)


def test_csv_has_the_byte_order_mark_option(qtbot, plan: Plan) -> None:
    dialog = ExportDialog(plan, "csv")
    qtbot.addWidget(dialog)
    assert dialog.bom.isVisibleTo(dialog) and not dialog.holidays.isVisibleTo(dialog)
    assert dialog.request().options == CsvOptions(bom=True)
    dialog.bom.setChecked(False)
    assert dialog.request().options == CsvOptions(bom=False)
    assert "spreadsheet" in dialog.explanation.text()


def test_nothing_impossible_can_be_asked_for(qtbot, plan: Plan) -> None:
    dialog = ExportDialog(plan, "ics")
    qtbot.addWidget(dialog)
    for row in range(dialog.markets.count()):
        dialog.markets.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert not ok_button(dialog).isEnabled() and dialog.problem_text() == "Choose at least one market."
    dialog.markets.item(1).setCheckState(Qt.CheckState.Checked)
    assert ok_button(dialog).isEnabled()
    for box in dialog.statuses.values():
        box.setChecked(False)
    assert not ok_button(dialog).isEnabled()
    dialog.statuses[PostStatus.IDEA].setChecked(True)
    dialog.last_edit.setDate(QDate(2026, 1, 1))
    assert not ok_button(dialog).isEnabled() and "after" in dialog.problem_text()


def test_ask_can_be_replaced_by_tests(qtbot, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    wanted = ExportRequest(CalendarFilter(), None, None, CsvOptions(bom=False))
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, parent, plan, kind, first=None, last=None: wanted))
    assert ExportDialog.ask(None, plan, "csv", None, None) is wanted


def test_an_unknown_kind_is_refused(qtbot, plan: Plan) -> None:
    with pytest.raises(ValueError):
        ExportDialog(plan, "pdf")  # type: ignore[arg-type]
