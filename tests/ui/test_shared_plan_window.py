"""Two windows on one server plan: they see each other's edits, who else has the plan open, and a race refused cleanly.

Real windows (pytest-qt) on a real server plan in the tests' private PostgreSQL cluster; every question the windows
ask is answered by the test.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from smplanner.services.plan_files import create_from_example
from smplanner.storage.opening import open_plan
from smplanner.app import build_window
from smplanner.ui import file_dialogs
from smplanner.ui.dialogs import messages
from smplanner.ui.dialogs.server_plan_dialog import ServerPlanDialog, ServerPlanPurpose
from smplanner.ui.main_window import MainWindow
from smplanner.ui.settings import AppSettings
from smplanner.ui.undo_commands import EditPostCommand

NOW = datetime(2027, 1, 6, 10, 0)


@pytest.fixture
def address(pg_cluster) -> str:
    """The confectioner example as a server plan of its own."""
    uri = pg_cluster.uri("plans", schema="shared_" + uuid.uuid4().hex[:10])
    create_from_example(uri, "confectioner", date(2026, 12, 21))
    return uri


@pytest.fixture
def asked(told: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The messages the windows show, answered by the test (a conflict: reload unless the test says otherwise)."""
    monkeypatch.setattr(messages, "ask_after_conflict", lambda parent, reason, again: told.append(
        ("conflict", reason)) or False)
    monkeypatch.setattr(messages, "ask_retry", lambda parent, title, text: told.append((title, text)) or False)
    return told


def make_window(qtbot, tmp_path: Path, name: str) -> MainWindow:
    settings = AppSettings(QSettings(str(tmp_path / (name + ".ini")), QSettings.Format.IniFormat))
    window = build_window(settings, tmp_path / name, tmp_path / (name + "-logs"), clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    return window


def first_post(window: MainWindow):
    return window.service.plan_file.reader.posts()[0]


def test_two_windows_see_each_other_s_edits_and_a_race_is_refused_cleanly(qtbot, tmp_path, address, asked) -> None:
    anne = make_window(qtbot, tmp_path, "anne")
    assert anne.open_plan(address)
    bob = make_window(qtbot, tmp_path, "bob")
    assert bob.open_plan(address)
    # Bob is told that Anne has the plan open, and both status bars say who else is there.
    assert any("also have this plan open" in text for _title, text in asked)
    anne.shared.update_others()
    assert "Also open by" in anne.shared.status_others.text() and "Also open by" in bob.shared.status_others.text()
    assert "on a server" in anne.windowTitle()

    # Anne edits a post: Bob's window shows it without doing anything (the notification, or the next reading).
    post = first_post(anne)
    seen: list = []
    bob.change_signal.plan_changed.connect(seen.append)
    anne.undo_stack.push(EditPostCommand(anne.service, post, dataclasses.replace(post, title="Anne's title"),
                                         anne.change_signal.tell, anne.shared.command_refused))
    qtbot.waitUntil(lambda: bob.service.post(post.id).title == "Anne's title", timeout=15000)
    assert any(change.post_id == post.id for changes in seen for change in changes.post_changes)

    # Both edit the same post from the same version: Anne's is stored, Bob's is refused and he is asked.
    current = anne.service.post(post.id)
    anne.undo_stack.push(EditPostCommand(anne.service, current, dataclasses.replace(current, title="Anne again"),
                                         anne.change_signal.tell, anne.shared.command_refused))
    bob.undo_stack.push(EditPostCommand(bob.service, current, dataclasses.replace(current, title="Bob's title"),
                                        bob.change_signal.tell, bob.shared.command_refused))
    qtbot.waitUntil(lambda: any(title == "conflict" for title, _text in asked), timeout=15000)
    assert bob.undo_stack.count() == 0  # the refused edit left the stack: nothing to undo, nothing half-done
    qtbot.waitUntil(lambda: bob.service.post(post.id).title == "Anne again", timeout=15000)  # Bob reloaded
    with open_plan(address, read_only=True) as stored:
        assert stored.reader.post(post.id).title == "Anne again"
    anne.close()
    bob.close()


def test_a_refused_edit_applied_again_keeps_both_changes(qtbot, tmp_path, address, asked, monkeypatch) -> None:
    monkeypatch.setattr(messages, "ask_after_conflict", lambda parent, reason, again: again)  # apply again
    anne = make_window(qtbot, tmp_path, "anne")
    assert anne.open_plan(address)
    with open_plan(address) as bob:  # someone else, in another program, changes the post's title first
        post = bob.reader.posts()[0]
        bob.repository.save_post(dataclasses.replace(post, title="Bob's title"))
    anne.shared.stop()  # Anne's window has not caught up yet: her edit is made on the old version
    before = anne.service.post(post.id)
    assert before.title != "Bob's title"
    edited = dataclasses.replace(before, skip_reason="", published_url="", title=before.title,
                                 fold=before.fold, local=before.local.replace(hour=before.local.hour % 23 + 1))
    anne.undo_stack.push(EditPostCommand(anne.service, before, edited, anne.change_signal.tell,
                                         anne.shared.command_refused))
    qtbot.waitUntil(lambda: anne.undo_stack.count() == 1, timeout=15000)  # applied again, on Bob's change
    with open_plan(address, read_only=True) as stored:
        result = stored.reader.post(post.id)
    assert result.title == "Bob's title" and result.local == edited.local  # his title, her new time
    anne.undo_stack.undo()  # her own change only, on top of his
    with open_plan(address, read_only=True) as stored:
        assert stored.reader.post(post.id).title == "Bob's title"
        assert stored.reader.post(post.id).local == before.local
    anne.close()


def test_undo_never_undoes_someone_else_s_change(qtbot, tmp_path, address, asked) -> None:
    anne = make_window(qtbot, tmp_path, "anne")
    assert anne.open_plan(address)
    post = first_post(anne)
    anne.undo_stack.push(EditPostCommand(anne.service, post, dataclasses.replace(post, title="Anne"),
                                         anne.change_signal.tell, anne.shared.command_refused))
    with open_plan(address) as bob:
        bob.repository.save_post(dataclasses.replace(bob.reader.post(post.id), title="Bob, after Anne"))
    anne.undo_stack.undo()
    qtbot.waitUntil(lambda: any(title == "Cannot undo" for title, _text in asked), timeout=15000)
    with open_plan(address, read_only=True) as stored:
        assert stored.reader.post(post.id).title == "Bob, after Anne"
    assert anne.service.post(post.id).title == "Bob, after Anne"  # and the window shows it
    anne.close()


def test_an_unreachable_server_is_offered_again_and_the_window_stays(qtbot, tmp_path, address, asked,
                                                                      monkeypatch) -> None:
    window = make_window(qtbot, tmp_path, "anne")
    assert window.open_plan(address)
    tries: list[str] = []
    monkeypatch.setattr(messages, "ask_retry", lambda parent, title, text: tries.append(text) or len(tries) < 2)
    assert not window.open_plan("postgresql:///plans?host=/nonexistent/folder&port=5432#x")
    assert len(tries) == 2 and "cannot be reached" in tries[0]
    assert window.service is not None and window.service.path.schema in address  # the plan that was open stays
    window.close()


def test_a_lost_connection_during_an_edit_is_told_and_retried(qtbot, tmp_path, address, asked, pg_cluster,
                                                               monkeypatch) -> None:
    from smplanner.storage.errors import ServerConnectionLost

    window = make_window(qtbot, tmp_path, "anne")
    assert window.open_plan(address)
    post = first_post(window)
    real = window.service.update_post
    cuts = []

    def cut_once(edited):
        if not cuts:
            cuts.append(edited)
            pg_cluster.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'plans' "
                               "AND pid <> pg_backend_pid()")
            raise ServerConnectionLost(window.service.path, "the connection to the server was lost (test).")
        return real(edited)

    monkeypatch.setattr(window.service, "update_post", cut_once)
    retried: list[str] = []
    monkeypatch.setattr(messages, "ask_retry", lambda parent, title, text: retried.append(title) or True)
    window.undo_stack.push(EditPostCommand(window.service, post, dataclasses.replace(post, title="Kept"),
                                           window.change_signal.tell, window.shared.command_refused))
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1, timeout=15000)
    assert retried == ["The change was not stored"]
    with open_plan(address, read_only=True) as stored:
        assert stored.reader.post(post.id).title == "Kept"
    window.close()


def test_copy_to_a_server_and_save_a_copy_as_a_file_from_the_window(qtbot, tmp_path, pg_cluster, asked,
                                                                      monkeypatch) -> None:
    window = make_window(qtbot, tmp_path, "anne")
    path = tmp_path / "confectioner.smplan"
    create_from_example(path, "confectioner", date(2026, 12, 21))
    assert window.open_plan(path)
    target = pg_cluster.uri("plans", schema="copied_" + uuid.uuid4().hex[:10])
    suggested: list[str] = []
    monkeypatch.setattr(ServerPlanDialog, "ask", classmethod(
        lambda cls, parent, purpose, recent=(), plan_name="": suggested.append(plan_name) or target))
    monkeypatch.setattr(messages, "ask_open_copy", lambda parent, text: asked.append(("copied", text)) or True)
    window.plan_commands.copy_to_server()
    assert suggested == ["confectioner"]
    assert any(title == "copied" and "checked" in text for title, text in asked)
    assert str(window.service.path).endswith(target.rpartition("#")[2])  # now working on the server plan
    backup = tmp_path / "backup.smplan"
    monkeypatch.setattr(file_dialogs, "ask_copy_path", lambda parent, suggested: backup)
    window.plan_commands.save_copy()
    with open_plan(backup, read_only=True) as copy, open_plan(path, read_only=True) as original:
        assert copy.reader.load_plan() == original.reader.load_plan()
        assert copy.reader.posts() == original.reader.posts()
    assert str(target.rpartition("#")[2]) in " ".join(str(p) for p in window.settings.recent_files())
    window.close()


def test_the_server_plan_dialog_checks_the_address(qtbot) -> None:
    dialog = ServerPlanDialog(ServerPlanPurpose.COPY, ["postgresql://db.example.org/team#confectioner"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.server.setCurrentIndex(0)
    assert dialog.server.currentText() == "postgresql://db.example.org/team" and dialog.plan.text() == "confectioner"
    dialog.plan.setText("Not a name")
    dialog.accept()
    assert dialog.problem.isVisible() and "lower-case" in dialog.problem.text() and dialog.isVisible()
    dialog.plan.setText("")
    dialog.accept()
    assert "name" in dialog.problem.text()
    dialog.server.setEditText("http://example.org")
    dialog.plan.setText("confectioner")
    dialog.accept()
    assert "postgresql://" in dialog.problem.text()
    dialog.server.setEditText("postgresql://db.example.org/team")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.address() == "postgresql://db.example.org/team#confectioner"


def test_opening_a_server_plan_through_its_dialog_remembers_it_without_password(qtbot, tmp_path, address, asked,
                                                                                 monkeypatch) -> None:
    window = make_window(qtbot, tmp_path, "anne")
    monkeypatch.setattr(ServerPlanDialog, "ask", classmethod(lambda cls, parent, purpose, recent=(), plan_name="":
                                                              address))
    window.plan_commands.open_server_plan_dialog()
    assert window.service is not None and window.service.on_server
    assert window.settings.last_plan() == str(window.service.path)
    window.close()
    again = make_window(qtbot, tmp_path, "anne")
    again.open_initial(None)  # the last plan, on the server, is opened again
    assert again.service is not None and again.service.on_server
    again.close()
