"""The calendar hand-off in the app: the export dialog's actors and reminder, the live calendar file (chosen in a
dialog, written after each change, named in the status bar, stopped), and File › Import posts with its preview
(choices asked, rows in error, Import only when everything can be imported) as one undoable step."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from plan_factories import small_plan
from PySide6.QtWidgets import QDialogButtonBox

from smplanner.domain.calendar_filter import CalendarFilter
from smplanner.domain.plan import Actor, ActorKind, Market, Plan, Presence
from smplanner.services.ics_export import ExportRequest, IcsOptions
from smplanner.services.post_csv import DateOrder, TimesIn
from smplanner.ui import file_dialogs
from smplanner.ui.dialogs.export_dialog import STOP, ExportDialog
from smplanner.ui.dialogs.import_dialog import ImportPostsDialog
from smplanner.ui.main_window import MainWindow


@pytest.fixture
def plan() -> Plan:
    plan = small_plan("Cuberdon & Co")
    partner = Actor("Marie", ActorKind.PARTNER, country="CA")
    quebec = Market("CA", "America/Toronto", subdivision="QC", languages=("fr",))
    return dataclasses.replace(plan, markets=(*plan.markets, quebec), actors=(*plan.actors, partner),
                               presences=(*plan.presences, Presence(quebec.id, "facebook", actor_id=partner.id)))


def test_the_export_dialog_filters_by_actor_and_adds_reminders(qtbot, plan: Plan) -> None:
    dialog = ExportDialog(plan, "ics", date(2027, 3, 1), date(2027, 3, 31))
    qtbot.addWidget(dialog)
    assert [dialog.actors.item(row).text() for row in range(dialog.actors.count())] == ["Founder", "Marie"]
    assert dialog.request().filter == CalendarFilter() and dialog.request().options.reminder_minutes is None
    dialog.actors.item(0).setCheckState(dialog.actors.item(0).checkState().Unchecked)
    dialog.reminder.setChecked(True)
    dialog.reminder_minutes.setValue(45)
    request = dialog.request()
    assert request.filter == CalendarFilter(actors=frozenset({plan.actors[1].id}))
    assert request.options == IcsOptions(reminder_minutes=45)
    dialog.actors.item(1).setCheckState(dialog.actors.item(1).checkState().Unchecked)
    assert dialog.problem_text() == "Choose at least one actor."
    csv_dialog = ExportDialog(plan, "csv")
    qtbot.addWidget(csv_dialog)
    assert not csv_dialog.reminder.isVisibleTo(csv_dialog) and csv_dialog.actors_box.isVisibleTo(csv_dialog)


def test_the_live_dialog_asks_for_an_ics_path_and_can_stop(qtbot, plan: Plan, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ExportDialog(plan, "live")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "Choose the calendar file" in dialog.problem_text()
    assert not dialog.first_edit.isVisibleTo(dialog) and not dialog.stop_button.isVisibleTo(dialog)
    dialog.path_edit.setText(str(tmp_path / "live.txt"))
    assert not ok.isEnabled() and ".ics" in dialog.problem_text()
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: tmp_path / "synced" / "live.ics")
    dialog.path_button.click()
    assert ok.isEnabled()
    request = dialog.request()
    assert request.path == tmp_path / "synced" / "live.ics" and request.options == IcsOptions(live=True)
    assert (request.first, request.last) == (None, None)
    dialog.show_settings(CalendarFilter(markets=frozenset({plan.markets[0].id})), IcsOptions(reminder_minutes=10),
                         str(tmp_path / "old.ics"))
    assert dialog.stop_button.isVisibleTo(dialog) and dialog.reminder_minutes.value() == 10
    assert dialog.request().filter == CalendarFilter(markets=frozenset({plan.markets[0].id}))
    dialog.stop_button.click()
    assert dialog.stopped


def test_the_live_calendar_file_follows_every_change(opened: MainWindow, tmp_path: Path, qtbot,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "synced" / "plan.ics"
    target.parent.mkdir()
    request = ExportRequest(CalendarFilter(), None, None, IcsOptions(live=True, reminder_minutes=15), target)
    monkeypatch.setattr(ExportDialog, "ask_live", classmethod(lambda cls, *args, **kw: request))
    opened.live_calendar_action.trigger()
    first = {str(e["UID"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert len(first) == opened.service.summary().post_count
    status = opened.live_calendar.status
    assert status.isVisible() and status.text().startswith("Calendar file written at")
    post = opened.service.posts_between(None, None)[0]
    opened.post_commands.delete_posts([post.id])
    qtbot.waitUntil(lambda: post.id + "@smplanner" not in target.read_text(encoding="utf-8"), timeout=5000)
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert {str(e["UID"]) for e in events} == first - {post.id + "@smplanner"}
    assert all(str(e["STATUS"]) != "CANCELLED" or e.get("SEQUENCE", 0) == 0 for e in events)
    # the setting is stored with the plan: opened again, the window keeps the file up to date
    path = opened.service.path
    opened.close_plan()
    assert not opened.live_calendar.status.isVisible()
    assert opened.open_plan(path)
    assert opened.live_calendar.status.isVisible()
    monkeypatch.setattr(ExportDialog, "ask_live", classmethod(lambda cls, *args, **kw: STOP))
    opened.live_calendar_action.trigger()
    assert opened.service.live_calendar() is None and not opened.live_calendar.status.isVisible()


def test_a_live_file_that_cannot_be_written_is_said_in_the_status_bar(opened: MainWindow, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "live" / "plan.ics"
    target.parent.mkdir()
    request = ExportRequest(CalendarFilter(), None, None, IcsOptions(live=True), target)
    monkeypatch.setattr(ExportDialog, "ask_live", classmethod(lambda cls, *args, **kw: request))
    opened.live_calendar_action.trigger()
    target.unlink()
    target.mkdir()  # something else took the name: a folder cannot be replaced by the file
    opened.live_calendar.write()
    assert opened.live_calendar.status.text().startswith("Calendar file not written")


def _exported_rows(window: MainWindow, tmp_path: Path) -> list[list[str]]:
    target = tmp_path / "posts.csv"
    window.service.export_csv(target)
    return list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))


def _write(rows: list[list[str]], path: Path) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_import_posts_is_previewed_then_one_undoable_step(opened: MainWindow, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _exported_rows(opened, tmp_path)
    rows[1][10] = "Edited in a spreadsheet"
    path = _write(rows, tmp_path / "edited.csv")
    count = opened.service.summary().post_count
    monkeypatch.setattr(file_dialogs, "ask_import_path", lambda *args: path)
    seen = []

    def preview(cls, parent, service, data, name, found):
        seen.append(found)
        return found

    monkeypatch.setattr(ImportPostsDialog, "ask", classmethod(preview))
    opened.import_posts_action.trigger()
    assert seen[0].updated == 1 and seen[0].created == 0
    assert opened.service.post(rows[1][0]).title == "Edited in a spreadsheet"
    assert opened.service.summary().post_count == count
    opened.undo_stack.undo()
    assert opened.service.post(rows[1][0]).title != "Edited in a spreadsheet"
    opened.undo_stack.redo()
    assert opened.service.post(rows[1][0]).title == "Edited in a spreadsheet"


def test_a_file_that_is_no_csv_of_posts_is_told(opened: MainWindow, tmp_path: Path, told,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("Date,Local time,Market,Platform,Colour\n", encoding="utf-8")
    monkeypatch.setattr(file_dialogs, "ask_import_path", lambda *args: path)
    opened.import_posts_action.trigger()
    assert told == [("Cannot import posts", "\u201cwrong.csv\u201d: Line 1: unknown column \u201cColour\u201d; the "
                     "columns are those an export writes.")]


HOOTSUITE = b"03/04/2027 09:30,Spring is here,https://example.com/\n04/04/2027 10:00,Second,\n"


def test_the_preview_asks_what_a_hootsuite_file_does_not_say(opened: MainWindow, qtbot) -> None:
    service = opened.service
    dialog = ImportPostsDialog(service, HOOTSUITE, "bulk.csv", service.preview_csv(HOOTSUITE))
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    for field in (dialog.date_order, dialog.market, dialog.platform, dialog.times_in):
        assert field.isVisible()
    assert dialog.table.rowCount() == 0 and "Hootsuite" in dialog.explanation.text()
    dialog.date_order.setCurrentIndex(dialog.date_order.findData(DateOrder.DAY_FIRST))
    dialog.market.setCurrentIndex(dialog.market.findText("JP"))
    dialog.platform.setCurrentIndex(0)
    assert not ok.isEnabled()
    dialog.times_in.setCurrentIndex(dialog.times_in.findData(TimesIn.MARKET))
    assert ok.isEnabled() and dialog.table.rowCount() == 2
    assert dialog.table.item(0, 2).text() == "Sat, Apr 3, 2027, 9:30\u202fAM JST"  # 3 April, at the market's time
    assert dialog.table.item(0, 3).text() == "Sat, Apr 3, 2027, 2:30\u202fAM CEST"  # and the founder's
    assert dialog.summary.text() == "2 new posts, 0 updated, 0 unchanged"


def test_the_preview_lists_every_row_in_error_and_refuses_to_import(opened: MainWindow, qtbot,
                                                                     tmp_path: Path) -> None:
    rows = _exported_rows(opened, tmp_path)
    rows[2][6] = "XX"
    rows[3][2] = "9h"
    data = _write(rows, tmp_path / "bad.csv").read_bytes()
    service = opened.service
    dialog = ImportPostsDialog(service, data, "bad.csv", service.preview_csv(data))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert [dialog.problems.item(i).text()[:28] for i in range(dialog.problems.count())] == [
        "Line 3, column \u201cMarket\u201d: No ", "Line 4, column \u201cLocal time\u201d:"]
    assert dialog.summary.text().startswith("2 problems in the file")


def _mnemonics(dialog) -> list[str]:
    """The Alt+letters of the dialog's visible labels with a buddy, buttons, check boxes and group boxes."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    texts = [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None and label.isVisible()]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton) if button.isVisible()]
    texts += [box.title() for box in dialog.findChildren(QGroupBox) if box.isVisible()]
    return [text.replace("&&", "").split("&", 1)[1][0].lower() for text in texts if "&" in text.replace("&&", "")]


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_the_dialogs_fit_1024_by_700_with_one_alt_key_each(qtbot, plan: Plan, opened: MainWindow,
                                                           language: str) -> None:
    from smplanner.ui.qt_i18n import apply_language

    apply_language(language)
    dialogs = []
    for kind in ("ics", "csv", "live"):
        dialog = ExportDialog(plan, kind)
        if kind == "live":
            dialog.show_settings(CalendarFilter(), IcsOptions(), "/home/founder/Dropbox/calendar.ics")
        dialogs.append(dialog)
    service = opened.service
    dialogs.append(ImportPostsDialog(service, HOOTSUITE, "bulk.csv", service.preview_csv(HOOTSUITE)))
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        letters = _mnemonics(dialog)
        assert len(letters) == len(set(letters)), (language, dialog.windowTitle(), letters)
        assert dialog.minimumSizeHint().width() <= 1024 and dialog.minimumSizeHint().height() <= 700
        assert dialog.sizeHint().width() <= 1024, (language, dialog.windowTitle())


def test_a_live_file_that_is_the_plan_is_refused_and_the_plan_is_untouched(opened: MainWindow, told,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    plan_path = opened.service.path
    before = hashlib.sha256(plan_path.read_bytes()).hexdigest()
    request = ExportRequest(CalendarFilter(), None, None, IcsOptions(live=True), plan_path)
    monkeypatch.setattr(ExportDialog, "ask_live", classmethod(lambda cls, *args, **kw: request))
    opened.live_calendar_action.trigger()
    assert told and told[0][0] == "Cannot keep the calendar file up to date" and "plan" in told[0][1]
    assert opened.service.live_calendar() is None and not opened.live_calendar.status.isVisible()
    opened.close_plan()
    assert hashlib.sha256(plan_path.read_bytes()).hexdigest() == before
