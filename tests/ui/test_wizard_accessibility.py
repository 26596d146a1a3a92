"""Every input of every wizard page has a name a screen reader can say, and can be reached with the keyboard."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from smplanner.domain.examples import example
from smplanner.domain.strategy_draft import PageId
from smplanner.ui.wizard.strategy_wizard import StrategyWizard

INPUTS = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QListWidget, QPlainTextEdit)


def named(widget: QWidget, buddies: set[int]) -> bool:
    if widget.accessibleName().strip() or id(widget) in buddies:
        return True
    return isinstance(widget, QAbstractButton) and bool(widget.text().replace("&", "").strip())


def test_every_input_on_every_page_is_named_and_reachable(qtbot):
    wizard = StrategyWizard(example("confectioner").build(date(2027, 1, 11)), date(2027, 1, 6))
    qtbot.addWidget(wizard)
    wizard.resize(1024, 700)
    wizard.show()
    for page_id in PageId:
        if wizard.currentId() != page_id:
            wizard.next()
        assert wizard.currentId() == page_id
        page = wizard.currentPage()
        buddies = {id(label.buddy()) for label in page.findChildren(QLabel) if label.buddy() is not None}
        nameless = []
        for widget in page.findChildren(QWidget):
            if not isinstance(widget, INPUTS) or not widget.isVisibleTo(page):
                continue
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
                continue  # the editor inside a combo or spin box: the box carries the name
            if widget.objectName().startswith("qt_"):
                continue  # Qt's own parts (scroll bars' buttons, tab bar scrollers)
            if not named(widget, buddies):
                nameless.append("{cls} {text}".format(
                    cls=type(widget).__name__, text=getattr(widget, "text", lambda: "")()))
            assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus or not widget.isEnabled() or isinstance(
                widget, QListWidget
            ), widget
        assert nameless == [], (page_id.name, nameless)
