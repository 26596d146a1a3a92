"""Fixtures for the UI tests: a main window on isolated settings, folders and a fixed clock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from smplanner.app import build_window
from smplanner.ui.main_window import MainWindow
from smplanner.ui.settings import AppSettings

NOW = datetime(2027, 1, 6, 10, 0)


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, tmp_path: Path, settings: AppSettings) -> MainWindow:
    main_window = build_window(settings, tmp_path / "data", tmp_path / "logs", clock=lambda: NOW)
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    main_window.close()


@pytest.fixture
def opened(window: MainWindow, tmp_path: Path) -> MainWindow:
    """The main window on the confectioner example, made three weeks before the fixed clock's day."""
    from datetime import date

    from smplanner.services.plan_files import create_from_example

    path = tmp_path / "confectioner.smplan"
    create_from_example(path, "confectioner", date(2026, 12, 21))
    assert window.open_plan(path)
    return window


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Error and information messages the window shows, answered by the test instead of a person."""
    from smplanner.ui.dialogs import messages

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "tell_error", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(messages, "tell_info", lambda parent, title, text: shown.append((title, text)))
    return shown


@pytest.fixture(autouse=True)
def discard_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a wizard with changes asks first; at teardown nobody is there to answer."""
    from smplanner.ui.dialogs import messages

    monkeypatch.setattr(messages, "ask_discard_wizard", lambda parent: True)
