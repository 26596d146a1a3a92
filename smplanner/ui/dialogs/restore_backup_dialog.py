"""Choosing an automatic backup to restore the open plan from."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smplanner.i18n import N_, _
from smplanner.i18n.formatting import format_datetime, format_file_size
from smplanner.storage.backups import Backup

REASONS = {
    "auto": N_("Automatic"),
    "before-restore": N_("Before a restore"),
}


def reason_label(reason: str) -> str:
    if reason.startswith("before-upgrade"):
        return _("Before the format upgrade")
    return _(REASONS.get(reason, "Automatic"))


class RestoreBackupDialog(QDialog):
    def __init__(self, backups: Sequence[Backup], plan_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore from backup"))
        self.setMinimumSize(560, 360)
        self._backups = list(backups)
        intro = QLabel(
            _(
                "Choose the state of \u201c{plan}\u201d to go back to. The plan as it is now is backed up first, "
                "so a restore can itself be undone."
            ).format(plan=plan_name)
        )
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setAccessibleName(_("Backups"))
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([_("Date"), _("Why"), _("Size")])
        for backup in self._backups:
            item = QTreeWidgetItem(
                [format_datetime(backup.taken_at), reason_label(backup.reason), format_file_size(backup.size)])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        empty = QLabel(_("There is no backup of this plan yet. One is made each time you open it and every half "
                         "hour of work."))
        empty.setWordWrap(True)
        empty.setVisible(not self._backups)
        self.list.setVisible(bool(self._backups))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(_("Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemSelectionChanged.connect(lambda: self.restore_button.setEnabled(self.selected() is not None))
        self.list.itemDoubleClicked.connect(lambda *_args: self.accept())
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(empty)
        if not self._backups:
            self.setMinimumSize(480, 0)
            layout.addStretch(1)
        layout.addWidget(self.buttons)

    def selected(self) -> Backup | None:
        current = self.list.currentItem()
        index = self.list.indexOfTopLevelItem(current) if current is not None else -1
        return self._backups[index] if index >= 0 else None

    @classmethod
    def ask(cls, backups: Sequence[Backup], plan_name: str, parent: QWidget | None = None) -> Backup | None:
        """The backup the founder chose, or None (tests replace this method)."""
        dialog = cls(backups, plan_name, parent)
        return dialog.selected() if dialog.exec() == QDialog.DialogCode.Accepted else None
