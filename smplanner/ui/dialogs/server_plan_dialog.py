"""Where a server plan is: the server's address and the plan's name there, to open it or to copy a plan to it."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain import validation as check
from smplanner.i18n import _
from smplanner.storage.server_address import SCHEMA_NAME, AddressError, ServerAddress


class ServerPlanPurpose(Enum):
    OPEN = "open"
    COPY = "copy"


class ServerPlanDialog(QDialog):
    """The server (a libpq URI or service) and the plan's name on it (its schema); the address it makes is checked
    before the dialog closes. No password is asked for: libpq finds it (~/.pgpass, a service file, PGPASSWORD)."""

    def __init__(self, purpose: ServerPlanPurpose, recent: Sequence[str] = (), plan_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.purpose = purpose
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.server = QComboBox()
        self.server.setEditable(True)
        self.server.setMinimumContentsLength(40)
        self._server_edit().setMaxLength(check.ADDRESS_LENGTH)
        self.server.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for address in recent:
            self.server.addItem(address)
        self.server.setCurrentIndex(-1)
        self.server.currentTextChanged.connect(self._split_plan_name)
        self.plan = QLineEdit(plan_name)
        self.plan.setMaxLength(check.NAME_LENGTH)  # a schema name has at most 63: the check says so when accepted
        self.server_label = QLabel()
        self.server_label.setBuddy(self.server)
        self.plan_label = QLabel()
        self.plan_label.setBuddy(self.plan)
        self.plan_hint = QLabel()
        self.plan_hint.setWordWrap(True)
        self.password_note = QLabel()
        self.password_note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: palette(highlighted-text); background: #b3261e; padding: 4px;")
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.server_label, self.server)
        form.addRow(self.plan_label, self.plan)
        form.addRow("", self.plan_hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.password_note)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.resize(620, self.sizeHint().height())

    def retranslate(self) -> None:
        opening = self.purpose is ServerPlanPurpose.OPEN
        self.setWindowTitle(_("Open a server plan") if opening else _("Copy the plan to a server"))
        self.intro.setText(
            _("Open a plan that lives on a PostgreSQL server, to work on it together with your team. Every change "
              "is stored on the server at once; the others see it within seconds.") if opening else
            _("Copy this plan to a PostgreSQL server, where your team can work on it together. This plan stays as it "
              "is; the copy is checked once made."))
        self.server_label.setText(_("&Server:"))
        self._server_edit().setPlaceholderText(_("postgresql://host/database or postgresql:///?service=name"))
        self.plan_label.setText(_("&Plan name:"))
        self.plan.setPlaceholderText(_("such as confectioner"))
        self.plan_hint.setText(
            _("Several plans can share one database, each under its own name (a schema). Leave it empty for the "
              "database's own.") if opening else
            _("A new name: the copy makes it on the server. Lower-case letters, digits and _."))
        self.password_note.setText(_("smplanner never asks for nor stores a password: the server's password comes "
                                     "from your ~/.pgpass file, a service file or the PGPASSWORD variable."))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Open") if opening else _("&Copy"))

    def _server_edit(self) -> QLineEdit:
        edit = self.server.lineEdit()
        assert edit is not None  # an editable combo box has one
        return edit

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _split_plan_name(self, text: str) -> None:
        """A remembered address carries its plan's name after #: it goes to its own field."""
        server, hash_sign, name = text.partition("#")
        if hash_sign:
            self.server.setEditText(server)
            self.plan.setText(name)

    def address(self) -> str:
        """The address the two fields make (the plan's name as the URI's fragment)."""
        server = self.server.currentText().strip().partition("#")[0]
        name = self.plan.text().strip()
        return server + ("#" + name if name else "")

    def problem_with_address(self) -> str | None:
        if not self.server.currentText().strip():
            return _("Give the server's address.")
        if self.purpose is ServerPlanPurpose.COPY and not self.plan.text().strip():
            return _("Give the plan a name on the server.")
        name = self.plan.text().strip()
        if name and not SCHEMA_NAME.fullmatch(name):
            return _("\u201c{name}\u201d cannot be a plan's name on a server: use lower-case letters, digits and _, "
                     "starting with a letter.").format(name=name)
        try:
            ServerAddress.parse(self.address())
        except AddressError as error:
            return str(error)
        return None

    def accept(self) -> None:
        problem = self.problem_with_address()
        if problem is not None:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, purpose: ServerPlanPurpose, recent: Sequence[str] = (),
            plan_name: str = "") -> str | None:
        """The address of the server plan to open or copy to, or None when cancelled (tests replace this method)."""
        dialog = cls(purpose, recent, plan_name, parent)
        try:
            return dialog.address() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
