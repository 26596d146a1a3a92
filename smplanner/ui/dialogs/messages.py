"""Short modal messages, in one place so that tests can answer them instead of a person."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox, QPushButton, QWidget

from smplanner.i18n import _
from smplanner.ui.widgets.text_limit import limit_length


def tell_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def tell_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def text_box(parent: QWidget | None, title: str, label: str, text: str, limit: int) -> QInputDialog:
    """A one-line question (a name) whose field holds at most `limit` characters; not shown yet."""
    box = QInputDialog(parent)
    box.setWindowTitle(title)
    box.setLabelText(label)
    box.setInputMode(QInputDialog.InputMode.TextInput)
    box.setTextValue(text)
    field = box.findChild(QLineEdit)
    if field is not None:  # a text input's one field
        limit_length(field, limit)
    return box


def ask_text(parent: QWidget | None, title: str, label: str, text: str, limit: int) -> str | None:
    """The text the founder gave, stripped, or None when they cancel or leave it empty."""
    box = text_box(parent, title, label, text, limit)
    answer = box.textValue().strip() if box.exec() == QDialog.DialogCode.Accepted else ""
    box.deleteLater()
    return answer or None


def restore_damaged_box(
    parent: QWidget | None, text: str, question: str, details: str = ""
) -> tuple[QMessageBox, QPushButton]:
    """The message offering a damaged plan's newest good backup (what is wrong, the offer, and the technical
    details behind Show Details), and its Restore button; not shown yet."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("The plan cannot be opened"), text,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(question)
    if details:
        box.setDetailedText(details)
    restore = box.addButton(_("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(restore)
    return box, restore


def ask_restore_damaged(parent: QWidget | None, text: str, question: str, details: str = "") -> bool:
    """Offer to restore a damaged plan's newest good backup as a new file."""
    box, restore = restore_damaged_box(parent, text, question, details)
    box.exec()
    return box.clickedButton() is restore


def ask_discard_wizard(parent: QWidget | None) -> bool:
    """Ask before closing the strategy wizard with unsaved decisions; True to discard them."""
    answer = QMessageBox.question(
        parent,
        _("Discard the changes?"),
        _("The decisions changed in the wizard are not stored yet. Close it and discard them?"),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


def ask_replace_strategy(parent: QWidget | None, file_name: str) -> bool:
    """Confirm replacing the plan's decisions with an imported strategy file."""
    answer = QMessageBox.question(
        parent,
        _("Import the strategy?"),
        _(
            "Replace the decisions of this plan with those of \u201c{file}\u201d? Future generated posts follow the "
            "new cadences; posts you wrote or edited by hand are kept."
        ).format(file=file_name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_after_conflict(parent: QWidget | None, reason: str, can_apply_again: bool) -> bool:
    """Tell that an edit lost a race to someone else's; True to apply it again on what is stored now, False to reload
    the plan (which the window does either way first)."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Someone else changed it first"), reason, parent=parent)
    box.setInformativeText(
        _("Reload to see their change and leave yours, or apply your change again on theirs: what you changed is "
          "written, the rest of theirs is kept.") if can_apply_again else
        _("Reload to see their change; yours cannot be applied to what is there now."))
    reload = box.addButton(_("&Reload"), QMessageBox.ButtonRole.RejectRole)
    again = box.addButton(_("&Apply my change again"), QMessageBox.ButtonRole.AcceptRole) if can_apply_again else None
    box.setDefaultButton(reload)
    box.exec()
    return again is not None and box.clickedButton() is again


def ask_retry(parent: QWidget | None, title: str, text: str) -> bool:
    """Tell that the server could not be reached (the window stays as it is); True to try again."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    retry = box.addButton(_("&Try again"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry


def ask_open_copy(parent: QWidget | None, text: str) -> bool:
    """After copying the plan to a server: open the copy there now?"""
    answer = QMessageBox.question(parent, _("Copied to the server"), text,
                                  QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
                                  QMessageBox.StandardButton.Open)
    return answer == QMessageBox.StandardButton.Open
