"""The dialog shown for an unexpected error: what happened, the details to copy, where the log is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smplanner.i18n import _


class ErrorDialog(QDialog):
    def __init__(self, details: str, log_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Unexpected error"))
        self.setMinimumWidth(560)
        self._log_folder = log_folder
        message = QLabel(
            _(
                "Something went wrong inside smplanner. Your plan is safe: every change you made before this "
                "was already saved, and the action that failed was not applied.\n\n"
                "The details below are also written to the log in {folder}."
            ).format(folder=log_folder)
        )
        message.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("Error details"))
        self.details.setMinimumHeight(180)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(_("Copy details"))
        self.log_button = QPushButton(_("Open log folder"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.log_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_details)
        self.log_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_folder))))
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.details)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())

    @classmethod
    def report(cls, details: str, log_folder: Path) -> None:
        """Show the dialog modally over the active window (tests replace this method)."""
        dialog = cls(details, log_folder, QApplication.activeWindow())
        dialog.exec()
