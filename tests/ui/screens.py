"""Every screen of the app built on a real plan, for the tests that walk them all: keyboard, small screens, contrast.

`wizard_pages` shows each page of the strategy wizard in turn; `dialogs` builds every dialog (never exec'd);
`main_window_tabs` shows each tab of the main window over an open example plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QStyleFactory,
    QTabBar,
    QToolButton,
    QWidget,
    QWizard,
)

from smplanner.domain.examples import example
from smplanner.domain.strategy_draft import PageId
from smplanner.ui.widgets.screen_fit import DECORATION

TODAY = date(2027, 1, 6)
NOW = datetime(2027, 1, 6, 10, 0)
SMALL_SCREEN = QSize(1024, 700)


def example_plan(name: str = "confectioner"):
    return example(name).build(date(2027, 1, 11))


def shown_active(qtbot, window: QWidget) -> QWidget:
    """Show a window and make it the active one: shortcuts, mnemonics and the focus work only there."""
    window.show()
    window.windowHandle().requestActivate()
    assert QTest.qWaitForWindowActive(window.windowHandle(), 2000), "the window never became active"
    return window


def wizard_pages(qtbot, plan=None, size: QSize | None = None) -> Iterator[tuple[PageId, QWizard]]:
    """The strategy wizard on each of its pages in turn, shown (at `size` when given)."""
    from smplanner.ui.wizard.strategy_wizard import StrategyWizard

    wizard = StrategyWizard(plan if plan is not None else example_plan(), TODAY)
    qtbot.addWidget(wizard)
    if size is not None:
        wizard.resize(size)
    wizard.show()
    for page_id in PageId:
        if wizard.currentId() != page_id:
            wizard.next()
        assert wizard.currentId() == page_id
        QApplication.processEvents()
        yield page_id, wizard


def _service(tmp_path: Path):
    from smplanner.services.plan_files import create_from_example
    from smplanner.services.planning import PlanningService
    from smplanner.storage.plan_file import PlanFile

    path = tmp_path / "screens.smplan"
    if not path.exists():
        create_from_example(path, "confectioner", TODAY)
    return PlanningService(PlanFile.open(path))


def dialog_builders(tmp_path: Path) -> dict[str, Callable[[], QWidget]]:
    """How to build every dialog of the app on a real plan, by name."""
    from smplanner.domain.workload import WorkloadSettings
    from smplanner.storage.backups import Backup
    from smplanner.ui.dialogs.about_dialog import AboutDialog
    from smplanner.ui.dialogs.error_dialog import ErrorDialog
    from smplanner.ui.dialogs.export_dialog import ExportDialog
    from smplanner.domain.validation import NAME_LENGTH
    from smplanner.ui.dialogs.market_days_dialog import DayAndNameDialog, MarketDaysDialog
    from smplanner.ui.dialogs.messages import text_box
    from smplanner.ui.dialogs.publication_dialogs import PublishDialog, SkipDialog
    from smplanner.ui.dialogs.post_dialog import PostDialog
    from smplanner.ui.dialogs.restore_backup_dialog import RestoreBackupDialog
    from smplanner.ui.dialogs.server_plan_dialog import ServerPlanDialog, ServerPlanPurpose
    from smplanner.ui.wizard.pages.own_platform_dialog import OwnPlatformDialog
    from smplanner.ui.workload.settings_dialog import WorkloadSettingsDialog

    plan = example_plan()
    services: list = []

    def market_days() -> QWidget:
        service = _service(tmp_path)
        services.append(service)
        market = next(m for m in service.plan().markets if m.code == "GB-ENG")
        return MarketDaysDialog(service, market.id, date(2027, 1, 1), date(2027, 12, 31))

    backups = [Backup(tmp_path / "b.smplan", datetime(2027, 1, 6, 9, 30), "auto", 52_224),
               Backup(tmp_path / "a.smplan", datetime(2027, 1, 5, 18, 0), "before-upgrade-0001", 1_572_864)]
    catalogue = plan.catalogue()
    return {
        "post_new": lambda: PostDialog(plan, None),
        "post_edit": lambda: PostDialog(plan, _a_post(plan)),
        "export_ics": lambda: ExportDialog(plan, "ics"),
        "export_csv": lambda: ExportDialog(plan, "csv"),
        "market_days": market_days,
        "day_and_name": lambda: DayAndNameDialog("Add a holiday", date(2027, 1, 1), date(2027, 12, 31), TODAY),
        "restore_backup": lambda: RestoreBackupDialog(backups, "plan.smplan"),
        "restore_no_backup": lambda: RestoreBackupDialog([], "plan.smplan"),
        "own_platform": lambda: OwnPlatformDialog(TODAY, [p.id for p in catalogue.platforms], "JP"),
        "own_platform_edit": lambda: OwnPlatformDialog(TODAY, [], "GB", base=catalogue.get("linkedin")),
        "workload_settings": lambda: WorkloadSettingsDialog(WorkloadSettings(), currency="EUR"),
        "publish": lambda: PublishDialog(plan, _a_post(plan), NOW.astimezone()),
        "skip": lambda: SkipDialog(_a_post(plan)),
        "rename_firm": lambda: text_box(None, "Firm name", "The name of your firm:", plan.firm.name, NAME_LENGTH),
        "about": AboutDialog,
        "error": lambda: ErrorDialog("Traceback (most recent call last):\n  ...\nValueError: x", tmp_path / "logs"),
        "server_plan_open": lambda: ServerPlanDialog(ServerPlanPurpose.OPEN,
                                                     ["postgresql://db.example.org/team#confectioner"]),
        "server_plan_copy": lambda: ServerPlanDialog(ServerPlanPurpose.COPY, [], "confectioner"),
    }


def _a_post(plan):
    from smplanner.services.planning import posts_for

    return posts_for(plan)[0]


def main_window(qtbot, tmp_path: Path):
    """The main window over an open example plan (the confectioner), shown."""
    from smplanner.app import build_window
    from smplanner.services.plan_files import create_from_example
    from smplanner.ui.settings import AppSettings

    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = build_window(settings, tmp_path / "data", tmp_path / "logs", clock=lambda: NOW)
    qtbot.addWidget(window)
    path = tmp_path / "window.smplan"
    create_from_example(path, "confectioner", TODAY)
    shown_active(qtbot, window)
    assert window.open_plan(path)
    return window


# -- fitting a small screen ------------------------------------------------------------------------------------------


def _container(widget: QWidget, window: QWidget) -> QWidget:
    """What clips the widget: the viewport of the scroll area it is in, else the window."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent is parent.parentWidget().viewport():
            return parent
        parent = parent.parentWidget()
    return window


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else widget.accessibleName()
    return "{kind} \u201c{text}\u201d".format(kind=type(widget).__name__, text=(shown or "")[:40])


def cut_off(window: QWidget) -> list[str]:
    """What the window does not show whole at its present size: a horizontal scroll bar, content wider than its
    scroll area, a label, button or box narrower than its text, a widget past the right edge of what clips it, a tab
    bar that scrolls its tabs."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if isinstance(widget, QTabBar):
            hidden = [widget.tabText(i).replace("&", "") for i in range(widget.count()) if widget.isTabVisible(i)
                      and not widget.rect().contains(widget.tabRect(i))]
            if hidden or any(button.isVisible() for button in widget.findChildren(QToolButton)):
                found.append("the tab bar scrolls its tabs: {hidden} not shown whole".format(
                    hidden=", ".join(hidden) or "a tab"))
        if widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget, QAbstractScrollArea):
            if widget.horizontalScrollBar().isVisible():
                found.append(_name(widget) + " scrolls sideways")
            inner = widget.widget() if isinstance(widget, QScrollArea) else None
            if inner is not None and inner.minimumSizeHint().width() > widget.viewport().width():
                found.append("{name} holds content {needed} px wide in {width} px".format(
                    name=_name(widget), needed=inner.minimumSizeHint().width(), width=widget.viewport().width()))
            continue
        wrapped = isinstance(widget, QLabel) and widget.wordWrap()
        text_widget = isinstance(widget, (QLabel, QAbstractButton)) and widget.text() and not wrapped
        if text_widget and widget.width() < widget.minimumSizeHint().width():
            found.append("{name} is {width} px wide for {needed} px of text".format(
                name=_name(widget), width=widget.width(), needed=widget.minimumSizeHint().width()))
        container = _container(widget, window)
        right = widget.mapTo(container, widget.rect().topRight()).x()
        if right > container.width() + 1 and widget.width() > 0:
            found.append("{name} ends at {right} px, past {width} px".format(
                name=_name(widget), right=right, width=container.width()))
    return found


def fits(window: QWidget, screen: QSize = SMALL_SCREEN) -> list[str]:
    """What stops the window from fitting the screen (less its frame and title bar), then what it cuts off."""
    room = screen - DECORATION
    found = []
    for what, size in (("minimum size", window.minimumSize()), ("minimum size hint", window.minimumSizeHint()),
                       ("size", window.size())):
        if size.width() > room.width() or size.height() > room.height():
            found.append("{what} {w}x{h} is larger than {rw}x{rh}".format(
                what=what, w=size.width(), h=size.height(), rw=room.width(), rh=room.height()))
    return found + cut_off(window)


# -- palettes -----------------------------------------------------------------------------------------------------

DARK_COLOURS = {
    QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6", QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#2f2f2f", QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#353535", QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.ToolTipBase: "#3a3a3a", QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.Light: "#4a4a4a", QPalette.ColorRole.Midlight: "#3e3e3e", QPalette.ColorRole.Mid: "#2a2a2a",
    QPalette.ColorRole.Dark: "#1a1a1a", QPalette.ColorRole.Shadow: "#000000", QPalette.ColorRole.Link: "#7ab4ff",
}


def light_palette() -> QPalette:
    """The Fusion style's own light palette, as on a default desktop."""
    return QStyleFactory.create("Fusion").standardPalette()


def dark_palette() -> QPalette:
    """A dark palette like a desktop's dark theme, disabled text dimmed as themes do."""
    palette = QPalette()
    for role, colour in DARK_COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


PALETTES = {"light": light_palette, "dark": dark_palette}


# -- mnemonics ------------------------------------------------------------------------------------------------


def mnemonic(text: str) -> str:
    """The Alt+key a label, button or menu text gives ("&Next" -> "Alt+N"), or ""."""
    return QKeySequence.mnemonic(text).toString()


def _shown_in(widget: QWidget, window: QWidget) -> bool:
    return widget.window() is window and widget.isVisibleTo(window)


def window_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Every Alt+key the window offers at once (labels, buttons, group boxes, tabs, the menu bar), with its texts."""
    found: dict[str, list[str]] = {}

    def add(text: str) -> None:
        key = mnemonic(text)
        if key:
            found.setdefault(key, []).append(text)

    for widget in window.findChildren(QWidget):
        if not _shown_in(widget, window):
            continue
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None and widget.buddy().isVisibleTo(window)
        if labelled or isinstance(widget, QAbstractButton) and widget.isEnabled():
            add(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            add(widget.title())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index) and widget.isTabEnabled(index):
                    add(widget.tabText(index))
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.isVisible():
                add(action.text())
    return found


def menu_mnemonics(menu: QMenu) -> dict[str, list[str]]:
    """Every Alt+key (accelerator) of a menu's items, with their texts."""
    found: dict[str, list[str]] = {}
    for action in menu.actions():
        if action.isVisible() and not action.isSeparator():
            key = mnemonic(action.text())
            if key:
                found.setdefault(key, []).append(action.text())
    return found


def duplicates(found: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: texts for key, texts in found.items() if len(texts) > 1}


def all_menus(window: QMainWindow) -> list[QMenu]:
    """The menu bar's menus and their submenus (the recent-files menu filled as when it opens)."""
    menus: list[QMenu] = []
    pending = [action.menu() for action in window.menuBar().actions() if action.menu() is not None]
    while pending:
        menu = pending.pop(0)
        menu.aboutToShow.emit()
        menus.append(menu)
        pending += [action.menu() for action in menu.actions() if action.menu() is not None]
    return menus
