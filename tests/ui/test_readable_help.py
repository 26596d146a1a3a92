"""Help and hint texts are readable: enabled labels (never announced as disabled) in the normal text colour or a
secondary one of at least 4.5:1 contrast, measured on a light and a dark palette, on every wizard page, dialog and
tab of the window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from screens import PALETTES, SMALL_SCREEN, TODAY, dialog_builders, main_window, wizard_pages

from smplanner.domain.examples import example
from smplanner.services.plan_files import empty_plan
from smplanner.ui.colours import READABLE_CONTRAST, contrast
from smplanner.ui.widgets.hint_label import HintLabel


@pytest.fixture(params=sorted(PALETTES))
def palette(request, qapp):
    before = QPalette(qapp.palette())
    qapp.setPalette(PALETTES[request.param]())
    yield request.param
    qapp.setPalette(before)


def text_contrast(label: QLabel) -> float:
    palette = label.palette()
    return contrast(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText),
                    palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Window))


def drawn_contrast(label: QLabel) -> float:
    """The contrast actually painted: the strongest text pixel against the label's background (its corner)."""
    image = label.grab().toImage()
    ground = QColor(image.pixel(0, 0))
    best = 1.0
    for y in range(0, image.height(), 1):
        for x in range(0, image.width(), 2):
            best = max(best, contrast(QColor(image.pixel(x, y)), ground))
    return best


def unreadable(window: QWidget) -> list[str]:
    """Labels shown in the window that are disabled without a disabled field beside them, or hard to read."""
    found = []
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text().strip() or label.window() is not window:
            continue
        name = "{kind} \u201c{text}\u201d".format(kind=type(label).__name__, text=label.text()[:50])
        buddy = label.buddy()
        if not label.isEnabled() and (buddy is None or buddy.isEnabled()):
            found.append(name + " is drawn disabled")
        elif label.isEnabled() and text_contrast(label) < READABLE_CONTRAST:
            found.append("{name} has a contrast of {ratio:.1f}:1".format(name=name, ratio=text_contrast(label)))
    return found


@pytest.mark.parametrize("plan_name", ["confectioner", "empty"])
def test_every_wizard_page_shows_its_help_readably(qtbot, palette: str, plan_name: str) -> None:
    plan = empty_plan(TODAY) if plan_name == "empty" else example(plan_name).build(date(2027, 1, 11))
    problems, hints = {}, 0
    for page_id, wizard in wizard_pages(qtbot, plan, SMALL_SCREEN):
        if unreadable(wizard):
            problems[page_id.name] = unreadable(wizard)
        shown = [h for h in wizard.currentPage().findChildren(HintLabel) if h.isVisibleTo(wizard) and h.text()]
        hints += len(shown)
        for hint in shown:
            assert drawn_contrast(hint) >= READABLE_CONTRAST, (page_id.name, hint.text())
        if plan_name == "empty" and page_id.name == "MARKETS":
            break
    assert problems == {}
    assert hints >= 3  # the scenario, objective and working-hours help at least


def test_every_dialog_shows_its_text_readably(qtbot, tmp_path: Path, palette: str) -> None:
    problems = {}
    for name, build in dialog_builders(tmp_path).items():
        dialog = build()
        qtbot.addWidget(dialog)
        dialog.show()
        if unreadable(dialog):
            problems[name] = unreadable(dialog)
    assert problems == {}


def test_every_tab_of_the_window_shows_its_text_readably(qtbot, tmp_path: Path, palette: str) -> None:
    from smplanner.ui.view_actions import Tab

    window = main_window(qtbot, tmp_path)
    problems = {}
    for tab in Tab:
        window.calendar.show_tab(tab)
        QApplication.processEvents()
        if unreadable(window):
            problems[tab.name] = unreadable(window)
    assert problems == {}


def test_a_hint_follows_a_change_of_theme(qtbot, qapp) -> None:
    before = QPalette(qapp.palette())
    holder = QWidget()
    qtbot.addWidget(holder)
    hint = HintLabel("In your home time zone.", holder)
    try:
        for name in ("light", "dark", "light"):
            qapp.setPalette(PALETTES[name]())
            QApplication.processEvents()
            assert READABLE_CONTRAST <= text_contrast(hint) < contrast(
                hint.palette().color(QPalette.ColorRole.Window),
                qapp.palette().color(QPalette.ColorRole.WindowText)) + 0.01, name
    finally:
        qapp.setPalette(before)
