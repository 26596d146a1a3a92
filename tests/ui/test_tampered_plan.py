"""A plan changed by another program to hold a value no plan may hold: the window says what and where, offers the
newest good backup, and never shows "Something went wrong" nor changes the file."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest

from smplanner.services.plan_files import create_from_example
from smplanner.storage.errors import PlanContentError
from smplanner.ui.main_window import MainWindow

TODAY = date(2027, 1, 6)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tamper(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute(sql)
        connection.commit()
    finally:
        connection.close()


@pytest.fixture
def plan(qtbot, window: MainWindow, tmp_path: Path) -> Path:
    """The confectioner's plan, opened once so that the window took a (good) backup of it, then closed."""
    path = tmp_path / "plans" / "confectioner.smplan"
    path.parent.mkdir()
    create_from_example(path, "confectioner", TODAY)
    assert window.open_plan(path)
    qtbot.waitUntil(lambda: len(window.service.list_backups()) == 1, timeout=3000)
    window.close_plan()
    return path


@pytest.fixture
def offers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the window offers, accepted by the test; an unexpected-error dialog fails the test."""
    from smplanner.ui.dialogs import error_dialog, messages

    offered: list[str] = []
    monkeypatch.setattr(messages, "ask_restore_damaged",
                        lambda parent, *texts: offered.append("\n".join(texts)) or True)

    def unexpected(details: str, log_folder: Path) -> None:
        raise AssertionError("the unexpected-error dialog was shown:\n" + details)

    monkeypatch.setattr(error_dialog.ErrorDialog, "report", staticmethod(unexpected))
    return offered


@pytest.mark.parametrize(("sql", "where"), [
    ("UPDATE market SET zone = 'Mars/Olympus_Mons' WHERE country = 'JP'", "the market table, row "),
    ("UPDATE strategy SET budget_paid_month = '1e400'", "the strategy table, row 1, field budget_paid_month"),
    ("UPDATE cadence_rule SET weekdays = '[\"mon\",'", "field weekdays"),
])
def test_opening_a_tampered_plan_offers_its_newest_good_backup(window, plan, offers, sql, where):
    tamper(plan, sql)
    tampered = digest(plan)
    assert not window.open_plan(plan)
    (text,) = offers
    assert where in text and "confectioner.smplan" in text and "good backup" in text
    assert digest(plan) == tampered
    # The backup was restored beside it as a new plan, and opened.
    assert window.service is not None and window.service.path.name.startswith("confectioner (restored ")
    assert window.service.plan().firm.name == "Cuberdon & Co"


def test_a_bad_value_met_while_the_plan_is_shown_closes_it_and_offers_the_backup(window, plan, offers, tmp_path):
    from smplanner.ui import exception_hook

    assert window.open_plan(plan)
    tamper_row = "UPDATE post SET status = 'someday' WHERE rowid = (SELECT max(rowid) FROM post)"
    window.service.plan_file.connection.execute(tamper_row)  # as if another program had done it behind our back
    previous = sys.excepthook
    try:
        exception_hook.install(tmp_path / "logs", on_plan_error=window.plan_failed)
        try:
            window.service.posts_between(None, None)
        except PlanContentError as error:
            sys.excepthook(type(error), error, error.__traceback__)  # what Qt does with an error in a slot
    finally:
        sys.excepthook = previous
    (text,) = offers
    assert "the post table" in text and "field status" in text and "someday" in text
    assert window.service.path.name.startswith("confectioner (restored ")


def test_without_a_good_backup_the_window_says_so(window, tmp_path, told, offers):
    path = tmp_path / "fresh.smplan"
    create_from_example(path, "training", TODAY)
    tamper(path, "UPDATE firm SET audience = 'everyone'")
    assert not window.open_plan(path)
    assert offers == []
    title, text = told[-1]
    assert title == "The plan cannot be opened"
    assert "the firm table, row 1, field audience" in text and "No good backup" in text
    assert window.service is None
