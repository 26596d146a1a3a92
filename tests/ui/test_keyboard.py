"""The keyboard: no Alt+key taken twice on any page, dialog or menu; Enter in an "add" field adds and stays; the View
menu's shortcuts; a visible way into each calendar grid; and the whole wizard done with key presses alone."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QTableView, QWidget, QWizard
from screens import (
    SMALL_SCREEN,
    TODAY,
    all_menus,
    dialog_builders,
    duplicates,
    example_plan,
    main_window,
    menu_mnemonics,
    shown_active,
    window_mnemonics,
    wizard_pages,
)

from smplanner.domain.strategy_draft import PageId
from smplanner.services.plan_files import empty_plan
from smplanner.ui.qt_i18n import apply_language
from smplanner.ui.view_actions import Tab
from smplanner.ui.wizard.strategy_wizard import StrategyWizard

LANGUAGES = ("en", "fr", "nl")
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(params=LANGUAGES)
def language(request):
    apply_language(request.param)
    yield request.param
    apply_language("en")


def progressive_plan():
    """The consultancy going to France, then Québec: entry dates and the buttons that reorder markets."""
    return example("consultancy").build(date(2027, 1, 11))


def example(name: str):
    from smplanner.domain.examples import example as build

    return build(name)


# -- mnemonics ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("plan_name", ["confectioner", "consultancy", "empty"])
def test_no_alt_key_is_taken_twice_on_any_wizard_page(qtbot, language: str, plan_name: str) -> None:
    plan = empty_plan(TODAY) if plan_name == "empty" else example(plan_name).build(date(2027, 1, 11))
    clashes = {}
    for page_id, wizard in wizard_pages(qtbot, plan, SMALL_SCREEN):
        found = window_mnemonics(wizard)
        assert found, page_id  # at least Next or Finish
        if duplicates(found):
            clashes[page_id.name] = duplicates(found)
        if plan_name == "empty" and page_id is PageId.MARKETS:
            break  # an empty plan cannot go further without choices
    assert clashes == {}


def test_alt_n_presses_next_from_the_firm_name(qtbot) -> None:
    wizard = StrategyWizard(example_plan(), TODAY)
    qtbot.addWidget(wizard)
    shown_active(qtbot, wizard)
    firm = wizard.currentPage()
    firm.name_edit.setFocus()
    QTest.keyClick(firm.name_edit, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.MARKETS)  # a button's shortcut clicks it after a moment


def test_no_alt_key_is_taken_twice_in_any_dialog(qtbot, tmp_path: Path, language: str) -> None:
    clashes = {}
    for name, build in dialog_builders(tmp_path).items():
        dialog = build()
        qtbot.addWidget(dialog)
        dialog.show()
        if duplicates(window_mnemonics(dialog)):
            clashes[name] = duplicates(window_mnemonics(dialog))
    assert clashes == {}


def test_no_alt_key_is_taken_twice_in_the_window_or_a_menu(qtbot, tmp_path: Path, language: str) -> None:
    window = main_window(qtbot, tmp_path)
    clashes = {}
    for tab in Tab:
        window.calendar.show_tab(tab)
        if duplicates(window_mnemonics(window)):
            clashes[tab.name] = duplicates(window_mnemonics(window))
    menus = all_menus(window)
    assert len(menus) >= 8  # File, examples, recent, Edit, View, language, Plan, Help
    for menu in menus:
        if duplicates(menu_mnemonics(menu)):
            clashes[menu.title()] = duplicates(menu_mnemonics(menu))
    assert clashes == {}


# -- Enter in an "add" field --------------------------------------------------------------------------------------


def test_enter_in_add_a_country_adds_it_and_stays_on_the_page(qtbot) -> None:
    wizard = StrategyWizard(empty_plan(TODAY), TODAY)
    qtbot.addWidget(wizard)
    shown_active(qtbot, wizard)
    wizard.next()
    page = wizard.currentPage()
    field = page.country_combo.lineEdit()
    field.setFocus()
    QTest.keyClicks(field, "Japan")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert [m.country for m in wizard.draft.markets] == ["JP"]
    assert wizard.currentId() == PageId.MARKETS
    assert field.text() == ""  # ready for the next one
    QTest.keyClicks(field, "Spain")
    QTest.keyClick(field, Qt.Key.Key_Enter)
    assert [m.country for m in wizard.draft.markets] == ["JP", "ES"]
    assert wizard.currentId() == PageId.MARKETS


def test_enter_in_other_language_and_other_platform_adds_and_stays(qtbot) -> None:
    wizard = StrategyWizard(example_plan(), TODAY)
    qtbot.addWidget(wizard)
    shown_active(qtbot, wizard)
    while wizard.currentId() != PageId.PLATFORMS:
        wizard.next()
    tab = wizard.currentPage().market_tabs()[0]
    field = tab.other_combo.lineEdit()
    QTest.keyClicks(field, "Threads")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.PLATFORMS
    assert wizard.draft.presence_on(tab.market_id, "threads") is not None
    wizard.next()
    assert wizard.currentId() == PageId.LANGUAGE
    page = wizard.currentPage()
    page.per_market_button.click()
    box = page.market_boxes[0]
    field = box.other_combo.lineEdit()
    QTest.keyClicks(field, "Welsh")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.LANGUAGE
    assert "cy" in box.market.languages


# -- the View menu's shortcuts -----------------------------------------------------------------------------------


def test_each_view_previous_today_and_next_have_shortcuts_listed_in_the_view_menu(qtbot, tmp_path: Path) -> None:
    window = main_window(qtbot, tmp_path)
    view_menu = window.view_menu.actions()
    actions = window.calendar_actions
    for tab, action in actions.view_actions.items():
        assert action in view_menu and not action.shortcut().isEmpty(), tab
        QTest.keySequence(window, action.shortcut())
        assert window.calendar.current_tab() is tab
    for action in (actions.previous_action, actions.today_action, actions.next_action):
        assert action in view_menu and not action.shortcut().isEmpty()
    window.calendar.show_tab(Tab.WEEK)
    start = window.calendar.anchor
    QTest.keySequence(window, actions.next_action.shortcut())
    assert window.calendar.anchor == start + timedelta(days=7)
    QTest.keySequence(window, actions.previous_action.shortcut())
    QTest.keySequence(window, actions.previous_action.shortcut())
    assert window.calendar.anchor == start - timedelta(days=7)
    QTest.keySequence(window, actions.today_action.shortcut())
    assert window.calendar.anchor == TODAY
    window.calendar.show_tab(Tab.AGENDA)
    assert not actions.next_action.isEnabled()  # the agenda has no period to step through
    assert actions.view_actions[Tab.AGENDA].isChecked()
    assert "Alt+Right" in window.calendar.next_button.toolTip() or "\u2192" in window.calendar.next_button.toolTip()


# -- a way into each calendar grid --------------------------------------------------------------------------------


def tab_until(window: QWidget, wanted, limit: int = 60) -> QWidget:
    """Press Tab until the focus is on a widget `wanted` accepts; fail when it never gets there."""
    for _press in range(limit):
        focus = QApplication.focusWidget()
        if focus is not None and wanted(focus):
            return focus
        QTest.keyClick(focus or window, Qt.Key.Key_Tab)
    raise AssertionError("Tab never reached the widget; focus is on {w!r}".format(w=QApplication.focusWidget()))


@pytest.mark.parametrize("tab", [Tab.WEEK, Tab.MONTH, Tab.CLOCKS, Tab.AGENDA])
def test_tab_leads_into_each_calendar_grid_and_the_focus_shows(qtbot, tmp_path: Path, tab: Tab) -> None:
    window = main_window(qtbot, tmp_path)
    window.calendar.show_tab(tab)
    window.calendar.go_to(date(2027, 1, 13))  # a week with posts
    QApplication.processEvents()  # a view built on demand is shown by the event loop
    window.calendar.today_button.setFocus()
    view = window.calendar.views[tab]
    grid = tab_until(window, lambda w: w is view or (tab is Tab.AGENDA and isinstance(w, QTableView)
                                                     and view.isAncestorOf(w)))
    before = grid.grab().toImage()
    assert grid.hasFocus()
    if tab is Tab.AGENDA:
        assert grid.currentIndex().isValid()
        return
    assert view.focus_marker().isValid(), "the focused grid shows where the focus is"
    grid.clearFocus()
    assert not grid.hasFocus()
    assert before != grid.grab().toImage(), "focus changes what is drawn"
    grid.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(grid, Qt.Key.Key_Down)
    assert view.focus_marker().isValid()


# -- the whole wizard with the keyboard alone ----------------------------------------------------------------------


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where a real one goes: to an open pop-up list, else to the widget with the focus."""
    popup = QApplication.activePopupWidget()
    window = focused().window()
    QTest.keyClick(popup or focused(), k, modifier)
    if popup is not None and QApplication.activePopupWidget() is None:
        # A desktop gives the window back its activation when a pop-up closes; the offscreen platform does not.
        window.windowHandle().requestActivate()
        assert QTest.qWaitForWindowActive(window.windowHandle(), 2000)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def press_mnemonic(letter: Qt.Key) -> None:
    """Alt+letter; a button it presses is clicked a moment later (Qt shows it pressed first), so wait for that."""
    QTest.keyClick(focused(), letter, ALT)
    QTest.qWait(150)


def test_the_whole_wizard_with_the_keyboard_alone(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    monkeypatch.setenv("TZ", "Europe/Brussels")
    apply_language("en")
    wizard = StrategyWizard(empty_plan(TODAY), TODAY)
    qtbot.addWidget(wizard)
    shown_active(qtbot, wizard)
    wizard.activateWindow()
    QApplication.processEvents()
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    def go_next(page_id: PageId) -> None:
        assert wizard.currentId() == page_id
        assert next_button.isEnabled(), wizard.currentPage().problem_line.text.text()
        press_mnemonic(Qt.Key.Key_N)
        assert wizard.currentId() == page_id + 1

    # 1. The firm: its name (the rest comes from the system: Belgium, Brussels).
    press_mnemonic(Qt.Key.Key_F)
    assert focused() is wizard.currentPage().name_edit
    key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("Atelier Clavier")
    go_next(PageId.FIRM)
    assert wizard.draft.firm.name == "Atelier Clavier"

    # 2. Markets: type a country and press Enter, twice; the first objective is ticked already.
    press_mnemonic(Qt.Key.Key_A)
    type_text("Japan")
    key(Qt.Key.Key_Return)
    type_text("Germany")
    key(Qt.Key.Key_Return)
    assert [m.country for m in wizard.draft.markets] == ["JP", "DE"]
    go_next(PageId.MARKETS)

    # 3. Actors: Alt+M adds the founder.
    press_mnemonic(Qt.Key.Key_M)
    assert wizard.draft.actors
    go_next(PageId.ACTORS)

    # 4. Resources: ten hours a week for the founder.
    tab_until(wizard, lambda w: w.accessibleName().startswith("Hours per week of"))
    key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("10")
    go_next(PageId.RESOURCES)
    assert wizard.draft.actors[0].hours_per_week == 10

    # 5. Platforms: tick the first suggestion in each market's tab (Ctrl+Tab goes to the next market).
    page = wizard.currentPage()
    for index in range(len(wizard.draft.markets)):
        tab_until(wizard, lambda w: isinstance(w, QAbstractButton) and w.isCheckable()
                  and w.accessibleName().startswith("Keep a presence on"))
        key(Qt.Key.Key_Space)
        if index + 1 < len(wizard.draft.markets):
            tab_until(wizard, lambda w: w is page.tabs.tabBar())
            key(Qt.Key.Key_Right)
    assert all(wizard.draft.presences_of(m.id) for m in wizard.draft.markets)
    go_next(PageId.PLATFORMS)

    # 6 and 7. Language and calendar: the suggestions stand.
    go_next(PageId.LANGUAGE)
    go_next(PageId.CALENDAR)

    # 8. Content: Alt+E goes to the editorial line; Alt+U adds the usual types of content.
    press_mnemonic(Qt.Key.Key_E)
    type_text("Hand-made keyboards, told by the people who make them.")
    press_mnemonic(Qt.Key.Key_U)
    assert wizard.draft.content_types and wizard.draft.strategy.editorial_line
    go_next(PageId.CONTENT)

    # 9. Review: Enter presses Finish.
    assert wizard.currentId() == PageId.REVIEW
    key(Qt.Key.Key_Return)
    assert wizard.result() == QWizard.DialogCode.Accepted
    plan = wizard.result_plan()
    assert plan.firm.name == "Atelier Clavier" and len(plan.markets) == 2 and plan.content_types
