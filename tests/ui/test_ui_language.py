"""The UI language: every language listed in View › Language, Dutch switched to live (Qt's own strings too), and the
system's language followed at first start."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from smplanner.i18n import current_language
from smplanner.services.plan_files import create_from_example
from smplanner.ui.main_window import MainWindow
from smplanner.ui.qt_i18n import apply_language
from smplanner.ui.settings import AppSettings

TODAY = date(2027, 1, 6)


def menu_texts(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


@pytest.fixture(autouse=True)
def _back_to_english():
    yield
    apply_language("en")


def test_the_language_menu_lists_every_language_in_itself(window: MainWindow) -> None:
    texts = [action.text() for action in window.language_menu.actions()]
    assert texts == ["As the system", "English", "Fran\u00e7ais", "Nederlands"]
    window.language_actions["nl"].trigger()
    QApplication.processEvents()
    assert window.language_actions["nl"].isChecked()
    assert [action.text() for action in window.language_menu.actions()][0] == "Zoals het systeem"
    assert window.settings.language() == "nl"


def test_dutch_relabels_the_open_window_live(window: MainWindow, tmp_path: Path) -> None:
    plan = tmp_path / "confectioner.smplan"
    create_from_example(plan, "confectioner", TODAY)
    window.open_plan(plan)
    window.set_language("nl")
    QApplication.processEvents()
    assert current_language() == "nl"
    assert menu_texts(window) == ["&Bestand", "Bewe&rken", "Beel&d", "&Plan", "&Help"]
    assert window._overview.markets.headerItem().text(0) == "Markt"
    window.set_language("en")
    QApplication.processEvents()
    assert menu_texts(window)[0] == "&File"


def test_qt_s_own_strings_follow_in_dutch(qtbot) -> None:
    apply_language("nl")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuleren"
    apply_language("en")
    QApplication.processEvents()  # Qt posts LanguageChange
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


@pytest.mark.parametrize(
    ("environment", "expected"), [("nl_BE.UTF-8", "nl"), ("fr_BE.UTF-8", "fr"), ("de_DE.UTF-8", "en")]
)
def test_at_first_start_the_ui_follows_the_system(
    monkeypatch: pytest.MonkeyPatch, settings: AppSettings, environment: str, expected: str
) -> None:
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", environment)
    assert settings.language() == "system"
    assert apply_language(settings.language()) == expected
    assert current_language() == expected


def test_switching_after_the_holidays_dialog_and_closing_the_plan(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A closed dialog must not linger as the window's child and re-read a closed plan when the language changes."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from smplanner.ui.dialogs.market_days_dialog import MarketDaysDialog

    plan = tmp_path / "confectioner.smplan"
    create_from_example(plan, "confectioner", TODAY)
    window.open_plan(plan)
    monkeypatch.setattr(MarketDaysDialog, "exec", lambda self: 0)
    market = window.service.plan().markets[0]
    strategy = window.service.plan().strategy
    MarketDaysDialog.show_for(window, window.service, market.id, strategy.period_start, strategy.period_end)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what the event loop does next
    assert not window.findChildren(MarketDaysDialog)
    window.close_action.trigger()
    window.set_language("nl")
    QApplication.processEvents()
    assert menu_texts(window)[0] == "&Bestand"


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_the_wizard_buttons_have_distinct_mnemonics_in_every_language(qtbot, language: str) -> None:
    """Qt's own Dutch wizard labels both Back and Finish on T; ours says "Vo&ltooien"."""
    from PySide6.QtWidgets import QWizard

    from smplanner.services.plan_files import example_plan
    from smplanner.ui.wizard.strategy_wizard import StrategyWizard

    apply_language(language)
    plan, _posts = example_plan("confectioner", TODAY)
    wizard = StrategyWizard(plan, TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    while wizard.currentId() != max(wizard.pageIds()):
        wizard.next()
    buttons = [wizard.button(which) for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton)]
    assert all(button.isVisible() for button in buttons)
    letters = [button.text().split("&")[1][0].lower() for button in buttons]
    assert letters[0] != letters[1], [button.text() for button in buttons]
