"""Short modal messages, in one place so that tests can answer them instead of a person."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from smplanner.i18n import _


def tell_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def tell_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_restore_damaged(parent: QWidget | None, text: str) -> bool:
    """Offer to restore a damaged plan's newest good backup as a new file."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("The plan is damaged"), text, QMessageBox.StandardButton.Cancel, parent)
    restore = box.addButton(_("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore
