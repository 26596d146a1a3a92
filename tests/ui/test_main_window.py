"""The application shell driven through qtbot: menus, opening plans, recent files, undo/redo, backups, errors."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from smplanner.app import build_window
from smplanner.services.plan_files import create_from_example
from smplanner.storage.errors import PlanInUseError
from smplanner.storage.plan_file import PlanFile
from smplanner.ui import file_dialogs
from smplanner.ui.main_window import MainWindow

TODAY = date(2027, 1, 6)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def confectioner(tmp_path: Path) -> Path:
    path = tmp_path / "plans" / "confectioner.smplan"
    path.parent.mkdir()
    create_from_example(path, "confectioner", TODAY)
    return path


def menu_texts(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_menus_and_standard_shortcuts(window: MainWindow) -> None:
    assert menu_texts(window) == ["&File", "&Edit", "&View", "&Plan", "&Help"]
    file_actions = [a.text() for a in window.file_menu.actions() if a.text()]
    for expected in ("&New plan…", "New from e&xample", "&Open…", "Open &Recent", "Save a cop&y as file…",
                     "Copy to a &server…", "Open a s&erver plan…",
                     "Restore from &backup…", "Close p&lan", "&Quit"):
        assert expected in file_actions
    assert window.new_action.shortcut() == QKeySequence("Ctrl+N")
    assert window.open_action.shortcut() == QKeySequence("Ctrl+O")
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert window.undo_action.shortcut() == QKeySequence("Ctrl+Z")
    assert window.undo_action in window.edit_menu.actions() and window.redo_action in window.edit_menu.actions()
    assert len(window.examples_menu.actions()) == 3
    assert [a.text() for a in window.help_menu.actions() if a.text()][-1] == "&About smplanner"


def test_first_start_creates_the_default_plan_and_opens_it(window: MainWindow, tmp_path: Path) -> None:
    window.open_initial(None)
    default = tmp_path / "data" / "My plan.smplan"
    assert default.is_file()
    assert window.service is not None and window.service.path == default
    assert window.centre.currentWidget() is window.calendar
    assert window.calendar.tabs.currentWidget() is window._overview
    assert "My firm" in window.windowTitle()
    with pytest.raises(PlanInUseError):
        PlanFile.open(default)  # held open by the window


def test_opening_a_plan_shows_it(window: MainWindow, confectioner: Path) -> None:
    assert window.open_plan(confectioner)
    overview = window._overview
    assert overview is not None
    assert overview.title.text() == "Cuberdon & Co"
    assert overview.markets.topLevelItemCount() == 4
    assert overview.posts_model.rowCount() == 200
    assert "Cuberdon & Co" in window.windowTitle()
    assert all(action.isEnabled() for action in window.plan_actions)


def test_bad_file_gives_a_clear_message_and_keeps_the_current_plan(
    window: MainWindow, confectioner: Path, tmp_path: Path, told: list
) -> None:
    window.open_plan(confectioner)
    not_a_plan = tmp_path / "notes.smplan"
    not_a_plan.write_text("shopping list\n")
    before = digest(not_a_plan)
    assert not window.open_plan(not_a_plan)
    assert told and "notes.smplan" in told[-1][1] and "not a smplanner plan" in told[-1][1]
    assert digest(not_a_plan) == before
    assert window.service is not None and window.service.path == confectioner


def test_a_plan_open_in_another_process_is_refused(window: MainWindow, confectioner: Path, told: list) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys,time; from smplanner.storage.plan_file import PlanFile; "
         "p = PlanFile.open(sys.argv[1]); print('ready', flush=True); time.sleep(30)", str(confectioner)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert not window.open_plan(confectioner)
        assert "already open" in told[-1][1]
    finally:
        holder.kill()
        holder.wait()
    assert window.open_plan(confectioner)


def test_recent_files_newest_first_and_missing_ones_dropped(window: MainWindow, tmp_path: Path) -> None:
    first, second = tmp_path / "a.smplan", tmp_path / "b.smplan"
    create_from_example(first, "consultancy", TODAY)
    create_from_example(second, "training", TODAY)
    window.open_plan(first)
    window.open_plan(second)
    window.plan_commands.fill_recent_menu()
    names = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert names[:2] == ["&1 b.smplan", "&2 a.smplan"]
    window.recent_menu.actions()[1].trigger()  # open a.smplan from the menu
    assert window.service.path == first
    window.close_plan()
    second.unlink()
    window.plan_commands.fill_recent_menu()
    assert [a.text() for a in window.recent_menu.actions() if a.text()][0] == "&1 a.smplan"
    clear = [a for a in window.recent_menu.actions() if a.text() == "Clear the list"][0]
    clear.trigger()
    window.plan_commands.fill_recent_menu()
    assert [a.text() for a in window.recent_menu.actions()] == ["No recent plans"]


def test_undo_and_redo_go_through_the_stored_plan(window: MainWindow, confectioner: Path) -> None:
    window.open_plan(confectioner)
    assert not window.undo_action.isEnabled()
    window.plan_commands.set_firm_name("Cuberdon International")
    assert window.service.plan().firm.name == "Cuberdon International"
    assert window._overview.title.text() == "Cuberdon International"
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert window.service.plan().firm.name == "Cuberdon & Co"
    assert window._overview.title.text() == "Cuberdon & Co"
    window.redo_action.trigger()
    assert window.service.plan().firm.name == "Cuberdon International"
    window.close_plan()
    with PlanFile.open(confectioner, read_only=True) as plan_file:
        assert plan_file.repository.load_plan().firm.name == "Cuberdon International"
    assert not window.undo_action.isEnabled()


def test_an_empty_firm_name_is_refused(window: MainWindow, confectioner: Path, told: list) -> None:
    window.open_plan(confectioner)
    window.plan_commands.set_firm_name("   ")
    assert told[-1] == ("Firm name", "The firm needs a name.")
    assert window.service.plan().firm.name == "Cuberdon & Co"
    assert window.undo_stack.count() == 0


def test_new_plan_and_new_from_example(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "fresh"
    monkeypatch.setattr(file_dialogs, "ask_new_plan_path", lambda parent, suggested: target.with_suffix(".smplan"))
    window.plan_commands.new_plan()
    assert window.service.path == target.with_suffix(".smplan")
    assert "no target market yet" in window._overview.hint.text()
    example_target = tmp_path / "example.smplan"
    monkeypatch.setattr(file_dialogs, "ask_new_plan_path", lambda parent, suggested: example_target)
    window.example_actions["training"].trigger()
    assert window.service.path == example_target
    assert window._overview.title.text() == "Training&Go"


def test_cancelled_new_plan_changes_nothing(window: MainWindow, confectioner: Path, monkeypatch) -> None:
    window.open_plan(confectioner)
    monkeypatch.setattr(file_dialogs, "ask_new_plan_path", lambda parent, suggested: None)
    window.plan_commands.new_plan()
    assert window.service.path == confectioner


def test_restore_from_backup(qtbot, window: MainWindow, confectioner: Path, monkeypatch) -> None:
    from smplanner.ui.dialogs.restore_backup_dialog import RestoreBackupDialog

    window.open_plan(confectioner)  # opening takes a backup, once the plan is on screen
    qtbot.waitUntil(lambda: len(window.service.list_backups()) == 1, timeout=3000)
    backups = window.service.list_backups()
    assert len(backups) == 1
    window.plan_commands.set_firm_name("Renamed")
    offered: list = []
    monkeypatch.setattr(RestoreBackupDialog, "ask",
                        classmethod(lambda cls, b, name, parent=None: offered.extend(b) or b[0]))
    window.restore_action.trigger()
    assert offered == backups
    assert window.service.plan().firm.name == "Cuberdon & Co"
    assert window._overview.title.text() == "Cuberdon & Co"
    assert window.undo_stack.count() == 0
    reasons = sorted(b.reason for b in window.service.list_backups())
    assert reasons == ["auto", "before-restore"]


def test_damaged_plan_is_kept_aside_and_its_backup_offered(
    qtbot, window: MainWindow, confectioner: Path, monkeypatch
) -> None:
    from smplanner.ui.dialogs import messages

    window.open_plan(confectioner)
    qtbot.waitUntil(lambda: len(window.service.list_backups()) == 1, timeout=3000)
    window.close_plan()
    data = bytearray(confectioner.read_bytes())
    page = 4096
    data[page * 3 : page * 6] = b"\xde\xad\xbe\xef" * (page * 3 // 4)
    confectioner.write_bytes(bytes(data))
    damaged = digest(confectioner)
    offers: list[str] = []
    monkeypatch.setattr(messages, "ask_restore_damaged", lambda parent, *texts: offers.append("\n".join(texts)) or True)
    assert not window.open_plan(confectioner)
    assert offers and "damaged" in offers[0]
    assert digest(confectioner) == damaged
    assert window.service is not None
    assert window.service.path.name.startswith("confectioner (restored ")
    assert window.service.plan().firm.name == "Cuberdon & Co"


def test_check_plan_reports_good_health(window: MainWindow, confectioner: Path, told: list) -> None:
    window.open_plan(confectioner)
    window.check_action.trigger()
    assert told[-1] == ("Check the plan file", "The plan file is in good health.")


def test_close_saves_geometry_and_releases_the_plan(qtbot, tmp_path: Path, settings, confectioner: Path) -> None:
    main_window = build_window(settings, tmp_path / "data", tmp_path / "logs")
    qtbot.addWidget(main_window)
    main_window.show()
    main_window.open_plan(confectioner)
    main_window.close()
    assert settings.geometry() is not None
    with PlanFile.open(confectioner) as plan_file:
        assert plan_file.repository.load_plan().firm.name == "Cuberdon & Co"
    assert settings.last_plan() == confectioner


def test_close_plan_shows_the_welcome_view(window: MainWindow, confectioner: Path) -> None:
    window.open_plan(confectioner)
    window.close_action.trigger()
    assert window.service is None
    assert window.centre.currentWidget() is window._welcome
    assert not any(action.isEnabled() for action in window.plan_actions)
    assert window.windowTitle() == "smplanner"


def test_language_switch_relabels_the_window(window: MainWindow, confectioner: Path) -> None:
    window.open_plan(confectioner)
    window.set_language("fr")
    QApplication.processEvents()
    assert menu_texts(window)[0] == "&Fichier"
    assert window._overview.markets.headerItem().text(0) == "Marché"
    window.set_language("en")
    QApplication.processEvents()
    assert menu_texts(window)[0] == "&File"


def test_upcoming_posts_model_is_a_valid_qt_model(qtmodeltester, window: MainWindow, confectioner: Path) -> None:
    window.open_plan(confectioner)
    model = window._overview.posts_model
    qtmodeltester.check(model)
    first = model.index(0, 0).data()
    assert "JST" in first or "CST" in first or "GMT" in first or "CET" in first
