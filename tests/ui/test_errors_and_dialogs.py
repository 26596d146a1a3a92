"""Unexpected exceptions reach the founder as a dialog and the log; each dialog renders."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from smplanner.ui import exception_hook
from smplanner.ui.dialogs.about_dialog import AboutDialog
from smplanner.ui.dialogs.error_dialog import ErrorDialog
from smplanner.ui.dialogs.restore_backup_dialog import RestoreBackupDialog


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_the_error_dialog_and_is_logged(qtbot, tmp_path: Path, monkeypatch) -> None:
    reported: list[str] = []
    monkeypatch.setattr(ErrorDialog, "report", classmethod(lambda cls, details, folder: reported.append(details)))
    previous = sys.excepthook
    log_file = exception_hook.setup_logging(tmp_path / "logs")
    try:
        exception_hook.install(tmp_path / "logs")

        def broken_slot() -> None:
            raise RuntimeError("boom in a slot")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: bool(reported), timeout=2000)
    finally:
        sys.excepthook = previous
        for handler in list(exception_hook.log.handlers):
            handler.close()
            exception_hook.log.removeHandler(handler)
    assert "RuntimeError: boom in a slot" in reported[0]
    assert "boom in a slot" in log_file.read_text(encoding="utf-8")


def test_error_dialog_copies_its_details(qtbot, tmp_path: Path) -> None:
    dialog = ErrorDialog("Traceback …\nValueError: x", tmp_path)
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QLabel

    assert QGuiApplication.clipboard().text() == "Traceback …\nValueError: x"
    assert any(str(tmp_path) in label.text() for label in dialog.findChildren(QLabel))


def test_about_names_the_data_versions(qtbot) -> None:
    import tzdata

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QLabel

    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert tzdata.IANA_VERSION in texts and "holidays" in texts and "never connects to the network" in texts


def test_restore_dialog_lists_backups_and_explains_when_there_are_none(qtbot, tmp_path: Path) -> None:
    from datetime import datetime

    from smplanner.storage.backups import Backup

    backups = [Backup(tmp_path / "b.smplan", datetime(2027, 1, 6, 9, 30), "auto", 52_224),
               Backup(tmp_path / "a.smplan", datetime(2027, 1, 5, 18, 0), "before-upgrade-0001", 40_960)]
    dialog = RestoreBackupDialog(backups, "plan.smplan")
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 2
    assert dialog.list.topLevelItem(1).text(1) == "Before the format upgrade"
    assert dialog.restore_button.isEnabled() and dialog.selected() == backups[0]
    empty = RestoreBackupDialog([], "plan.smplan")
    qtbot.addWidget(empty)
    assert not empty.restore_button.isEnabled() and empty.selected() is None
