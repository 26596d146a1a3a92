"""A 1024×700 screen shows every screen whole, in every UI language: the main window opens small enough, and no
wizard page or dialog needs a horizontal scroll bar or cuts a label, a button or a column off."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont
from screens import SMALL_SCREEN, dialog_builders, example_plan, fits, main_window, wizard_pages

from smplanner.i18n import SUPPORTED_LANGUAGES
from smplanner.services.plan_files import empty_plan
from smplanner.ui.qt_i18n import apply_language
from smplanner.ui.view_actions import Tab
from smplanner.ui.widgets.screen_fit import fitted_size

SCREENS = (SMALL_SCREEN, QSize(1280, 800))


@pytest.fixture(params=SUPPORTED_LANGUAGES)
def language(request):
    apply_language(request.param)
    yield request.param
    apply_language("en")


@pytest.fixture
def font_size(qapp):
    """10 points, common on Linux desktops (KDE; GNOME's 11-point Cantarell is as wide): wider than the offscreen
    platform's 9 points, so a window that fits with it fits with the smaller one too."""
    before = QFont(qapp.font())
    font = QFont(before)
    font.setPointSize(10)
    qapp.setFont(font)
    yield 10
    qapp.setFont(before)


def test_a_window_opens_no_larger_than_the_screen_shows() -> None:
    assert fitted_size(QSize(1280, 800), SMALL_SCREEN) == QSize(1016, 664)
    assert fitted_size(QSize(900, 500), SMALL_SCREEN) == QSize(900, 500)


@pytest.mark.parametrize("plan_name", ["confectioner", "empty"])
def test_every_wizard_page_fits_a_small_screen(qtbot, language: str, font_size: int, plan_name: str) -> None:
    from datetime import date

    from smplanner.domain.examples import example

    plan = empty_plan(date(2027, 1, 6)) if plan_name == "empty" else example(plan_name).build(date(2027, 1, 11))
    problems = {}
    for page_id, wizard in wizard_pages(qtbot, plan, fitted_size(QSize(1280, 800), SMALL_SCREEN)):
        if fits(wizard):
            problems[page_id.name] = fits(wizard)
        if plan_name == "empty" and page_id.name == "MARKETS":
            break
    assert problems == {}


def test_the_wizard_opens_at_a_size_the_screen_shows(qtbot) -> None:
    from smplanner.ui.wizard.strategy_wizard import StrategyWizard

    wizard = StrategyWizard(example_plan(), example_plan().strategy.period_start)
    qtbot.addWidget(wizard)
    available = wizard.screen().availableGeometry().size()
    assert wizard.width() <= available.width() - 8 and wizard.height() <= available.height() - 36


def test_every_dialog_fits_a_small_screen(qtbot, tmp_path: Path, language: str, font_size: int) -> None:
    problems = {}
    for name, build in dialog_builders(tmp_path).items():
        dialog = build()
        qtbot.addWidget(dialog)
        dialog.resize(dialog.size().boundedTo(fitted_size(dialog.size(), SMALL_SCREEN)))
        dialog.show()
        if fits(dialog):
            problems[name] = fits(dialog)
    assert problems == {}


def test_the_main_window_fits_a_small_screen_on_every_tab(
    qtbot, tmp_path: Path, language: str, font_size: int
) -> None:
    window = main_window(qtbot, tmp_path)
    window.resize(fitted_size(QSize(1280, 800), SMALL_SCREEN))
    problems = {}
    for tab in Tab:
        window.calendar.show_tab(tab)
        qtbot.wait(10)
        if fits(window):
            problems[tab.name] = fits(window)
    assert problems == {}


def test_the_wizard_says_where_you_are(qtbot, language: str) -> None:
    from smplanner.i18n import _

    titles = [wizard.currentPage().title() for _page, wizard in wizard_pages(qtbot, example_plan())]
    assert len(titles) == 9
    assert titles[0].startswith(_("Step {number} of {count} \u00b7 {title}").format(number=1, count=9, title="")[:6])
    assert all("9" in title and str(number) in title for number, title in enumerate(titles, start=1))


def test_the_main_window_opens_at_a_size_a_small_screen_shows(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from smplanner.app import build_window
    from smplanner.ui.main_window import PREFERRED_SIZE
    from smplanner.ui.settings import AppSettings

    window = build_window(AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)), tmp_path,
                          tmp_path)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry().size()
    assert window.size() == fitted_size(PREFERRED_SIZE, available).expandedTo(window.minimumSize())
    on_small = fitted_size(PREFERRED_SIZE, SMALL_SCREEN)
    assert on_small == QSize(1016, 664) and on_small.expandedTo(window.minimumSize()) == on_small


def test_the_workload_totals_show_every_name_and_detail_whole_at_1024_pixels(
    qtbot, tmp_path: Path, language: str, font_size: int
) -> None:
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFontMetrics

    window = main_window(qtbot, tmp_path)
    window.resize(fitted_size(QSize(1280, 800), SMALL_SCREEN))
    window.calendar.show_tab(Tab.WORKLOAD)
    qtbot.wait(10)
    totals = window.calendar.views[Tab.WORKLOAD].totals
    assert sum(totals.columnWidth(column) for column in range(4)) <= totals.viewport().width()
    cut = []
    for index in range(totals.topLevelItemCount()):
        item = totals.topLevelItem(index)
        if item.isFirstColumnSpanned():
            continue
        for column in (0, 3):  # the name and the details, wrapped in their columns
            width = totals.columnWidth(column) - 6  # less the text's margins
            needed = QFontMetrics(item.font(column)).boundingRect(
                QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, item.text(column))
            if needed.height() > totals.visualItemRect(item).height() or needed.width() > width:
                cut.append(item.text(column))
    assert cut == []


@pytest.mark.parametrize("tab", [Tab.WEEK, Tab.MONTH])
def test_week_and_month_tiles_show_their_titles_at_1024_pixels(
    qtbot, tmp_path: Path, language: str, font_size: int, tab: Tab
) -> None:
    """Where a tile is too narrow for its market, network and title, it keeps the market code and the start of
    the title (the post it is), and leaves the network to its colour and tooltip."""
    from datetime import date

    window = main_window(qtbot, tmp_path)
    window.resize(fitted_size(QSize(1280, 800), SMALL_SCREEN))
    window.calendar.show_tab(tab)
    window.calendar.go_to(date(2027, 1, 13))
    qtbot.wait(10)
    view = window.calendar.views[tab]
    if tab is Tab.WEEK:
        tiles = [t for t in view.week().tiles if t.lanes == 1]
    else:
        tiles = [t for cell in view.month().cells for t in cell.tiles if view.tile_text(t.post_id)]
    titled = [t for t in tiles if t.title]
    assert len(titled) >= 5
    without = {t.title: view.tile_text(t.post_id) for t in titled
               if t.market_code not in view.tile_text(t.post_id) or t.title[:3] not in view.tile_text(t.post_id)}
    assert without == {}


def test_the_wizards_holiday_list_shows_whole_names_on_a_small_screen(qtbot, language: str, font_size: int) -> None:
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFontMetrics

    from smplanner.domain.strategy_draft import PageId

    pages = wizard_pages(qtbot, example_plan(), fitted_size(QSize(1280, 800), SMALL_SCREEN))
    wizard = next(wizard for page_id, wizard in pages if page_id is PageId.CALENDAR)
    qtbot.wait(10)
    tree = wizard.currentPage().celebrations
    width = tree.columnWidth(1) - 6  # less the text's margins
    rows = [tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
            for j in range(tree.topLevelItem(i).childCount())]
    assert len(rows) > 20
    cut = []
    for row in rows:
        bounds = QRect(0, 0, width, 10_000)
        needed = QFontMetrics(row.font(1)).boundingRect(bounds, Qt.TextFlag.TextWordWrap, row.text(1))
        if needed.width() > width or needed.height() > tree.visualItemRect(row).height():
            cut.append(row.text(1))
        date_cell = tree.visualRect(tree.indexFromItem(row, 0))
        if QFontMetrics(row.font(0)).horizontalAdvance(row.text(0)) + 6 > date_cell.width():
            cut.append(row.text(0))
    assert cut == []


def test_a_long_plan_address_is_shortened_in_its_middle_in_the_status_bar(qtbot, tmp_path: Path, language: str,
                                                                          font_size: int) -> None:
    deep = tmp_path.joinpath("international-launch-of-the-chocolate-boxes", "plans-shared-with-the-agency-in-tokyo",
                             "second-quarter-after-the-fair-in-osaka-and-the-tasting-tour")
    deep.mkdir(parents=True)
    window = main_window(qtbot, deep)
    window.resize(fitted_size(QSize(1280, 800), SMALL_SCREEN))
    qtbot.wait(10)
    status = window.status_plan
    assert str(deep / "window.smplan") in status.text() and status.toolTip() == status.text()
    shown = status.shown_text()
    assert "\u2026" in shown and status.fontMetrics().horizontalAdvance(shown) <= status.contentsRect().width()
    head, tail = shown.split("\u2026")
    assert status.text().startswith(head) and status.text().endswith(tail) and len(tail) > 4
    assert fits(window) == []
