"""The wizard's and the dialogs' free-text fields hold no more than a plan may keep, as the validation layer says:
typing stops at the limit, a longer paste is cut there (where it came in), and what was kept is saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from screens import TODAY, dialog_builders, example_plan, wizard_pages

from smplanner.domain import validation as check
from smplanner.domain.strategy_draft import PageId
from smplanner.ui.widgets.text_limit import limit_length

LIMITS = {check.NAME_LENGTH, check.NOTE_LENGTH, check.TITLE_LENGTH, check.POST_TEXT_LENGTH, check.ADDRESS_LENGTH}


def _free_text_fields(window: QWidget) -> list[QLineEdit | QPlainTextEdit]:
    """The fields a founder types text into (not the line edits inside spin boxes and combo boxes, nor read-only
    ones such as the error dialog's details)."""
    found = []
    for edit in window.findChildren(QLineEdit) + window.findChildren(QPlainTextEdit):
        parent = edit.parentWidget()
        if isinstance(parent, (QAbstractSpinBox, QComboBox)) or edit.isReadOnly():
            continue
        found.append(edit)
    return found


def _held(edit: QLineEdit | QPlainTextEdit, text: str) -> str:
    """Put `text` in at the end of the field, as a paste does, and return what the field then holds."""
    if isinstance(edit, QLineEdit):
        edit.end(False)
        edit.insert(text)
        return edit.text()
    cursor = edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    edit.setTextCursor(cursor)
    edit.insertPlainText(text)
    return edit.toPlainText()


def _limit_of(edit: QLineEdit | QPlainTextEdit) -> int:
    if isinstance(edit, QLineEdit):
        return edit.maxLength()
    before = edit.toPlainText()
    edit.selectAll()
    held = _held(edit, "x" * (check.POST_TEXT_LENGTH + 1))
    edit.setPlainText(before)
    return len(held)


def test_every_free_text_field_of_the_wizard_is_limited_as_the_validation_layer_says(qtbot) -> None:
    limits = {}
    for page_id, wizard in wizard_pages(qtbot, example_plan()):
        for edit in _free_text_fields(wizard.currentPage()):
            limits[(page_id.name, edit.objectName() or type(edit).__name__, id(edit))] = _limit_of(edit)
    assert limits, "the wizard has free-text fields"
    assert {key: limit for key, limit in limits.items() if limit not in LIMITS} == {}


def test_every_free_text_field_of_the_dialogs_is_limited(qtbot, tmp_path: Path) -> None:
    unlimited = {}
    for name, build in dialog_builders(tmp_path).items():
        dialog = build()
        qtbot.addWidget(dialog)
        for edit in _free_text_fields(dialog):
            if _limit_of(edit) not in LIMITS:
                unlimited.setdefault(name, []).append(type(edit).__name__)
    assert unlimited == {}


def test_the_wizard_keeps_what_fits_of_a_long_paste_and_finishes(qtbot) -> None:
    from smplanner.ui.wizard.strategy_wizard import StrategyWizard

    wizard = StrategyWizard(example_plan(), TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    firm = wizard.page_of(PageId.FIRM)
    firm.name_edit.selectAll()
    firm.name_edit.insert("Maison Dubois " * 40)  # a paste over the whole name
    assert firm.name_edit.text() == ("Maison Dubois " * 40)[:check.NAME_LENGTH]
    while wizard.currentId() != PageId.CONTENT:
        wizard.next()
    content = wizard.page_of(PageId.CONTENT)
    content.editorial_edit.setPlainText("Short and sweet. ")
    held = _held(content.editorial_edit, "y" * check.NOTE_LENGTH)
    assert held == "Short and sweet. " + "y" * (check.NOTE_LENGTH - len("Short and sweet. "))
    plan = wizard.result_plan()
    check.check_plan(plan)  # raises InvalidValue on a value out of range
    assert len(plan.firm.name) == check.NAME_LENGTH
    assert plan.strategy.editorial_line == held
    wizard.close()


def test_a_paste_is_cut_where_it_came_in_and_a_character_is_never_split(qtbot) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    limit_length(edit, 10)
    edit.setPlainText("abcdef")
    cursor = edit.textCursor()
    cursor.setPosition(3)
    edit.setTextCursor(cursor)
    edit.insertPlainText("\U0001F600" * 6)  # six emoji, two UTF-16 units each
    assert edit.toPlainText() == "abc" + "\U0001F600" * 4 + "def"
    assert edit.textCursor().position() == 3 + 8  # right after what was kept
    edit.setPlainText("z" * 25)  # set from code: the cursor is at the start, the end goes
    assert edit.toPlainText() == "z" * 10
