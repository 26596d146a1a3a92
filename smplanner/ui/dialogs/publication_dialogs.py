"""Recording what happened to a post: published (when, in the founder's time, and where) or skipped (why).

Each dialog checks what is typed with the domain's own rules and says what is wrong under the field, in place; it
closes only with something the service will accept.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QEvent, QLocale, QTime
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.plan import Plan, Post, PostError
from smplanner.domain.publishing import checked_reason, checked_url, publication_moment
from smplanner.domain.timezones import resolve_local, zone
from smplanner.domain.validation import ADDRESS_LENGTH, NOTE_LENGTH
from smplanner.i18n import _
from smplanner.i18n.formatting import zone_label
from smplanner.ui.dialogs.post_dialog import date_and_time_edits, problem_label, show_problem
from smplanner.ui.widgets.text_limit import limit_length


class PublishDialog(QDialog):
    """When a post went out (the founder's time, now by default) and, optionally, the published post's address."""

    def __init__(self, plan: Plan, post: Post, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishDialog")
        self._plan = plan
        self._post = post
        self._now = now
        self._home = plan.firm.home_zone
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.date, self.time = date_and_time_edits()
        self.zone = QLabel()
        self.planned_button = QPushButton()
        self.now_button = QPushButton()
        self.url = QLineEdit()
        limit_length(self.url, ADDRESS_LENGTH)
        self.url.setPlaceholderText("https://")
        self.problem = problem_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        when = QHBoxLayout()
        for widget in (self.date, self.time, self.zone):
            when.addWidget(widget)
        when.addStretch(1)
        shortcuts = QHBoxLayout()
        shortcuts.addWidget(self.now_button)
        shortcuts.addWidget(self.planned_button)
        shortcuts.addStretch(1)
        self.form = QFormLayout()
        self.when_label = QLabel()
        self.when_label.setBuddy(self.date)
        self.url_label = QLabel()
        self.url_label.setBuddy(self.url)
        self.form.addRow(self.when_label, when)
        self.form.addRow("", shortcuts)
        self.form.addRow(self.url_label, self.url)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.now_button.clicked.connect(lambda: self.set_moment(self._now))
        self.planned_button.clicked.connect(lambda: self.set_moment(self._post.instant))
        self.planned_button.setEnabled(post.instant <= now)
        for signal in (self.date.dateChanged, self.time.timeChanged, self.url.textChanged):
            signal.connect(lambda *_args: show_problem(self.problem, ""))
        self.set_moment(post.published_at or now)
        self.url.setText(post.published_url)
        self.retranslate_ui()

    def set_moment(self, moment: datetime) -> None:
        at_home = moment.astimezone(zone(self._home))
        self.date.setDate(QDate(at_home.year, at_home.month, at_home.day))
        self.time.setTime(QTime(at_home.hour, at_home.minute))

    def moment(self) -> datetime:
        """The moment typed, in the founder's zone (a time a clock change skips moves to the first one after it)."""
        day, clock = self.date.date(), self.time.time()
        local = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
        resolved = resolve_local(local, self._home)
        return resolved.local.replace(tzinfo=zone(self._home), fold=resolved.fold)

    def problem_with(self) -> str:
        """What is wrong with the fields, or "" when the service will accept them."""
        try:
            publication_moment(self._plan, self._post, self.moment(), self._now)
            checked_url(self.url.text())
        except PostError as error:
            return str(error)
        return ""

    def result_values(self) -> tuple[datetime, str]:
        return self.moment(), self.url.text().strip()

    def accept(self) -> None:
        problem = self.problem_with()
        if problem:
            show_problem(self.problem, problem)
            return
        super().accept()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Mark as published"))
        self.what.setText(_("When did it go out, and where can it be seen?"))
        self.when_label.setText(_("Published &at:"))
        self.url_label.setText(_("&Link (optional):"))
        self.zone.setText(_("your time, {zone}").format(zone=zone_label(self._now.astimezone(zone(self._home)))))
        self.now_button.setText(_("&Now"))
        self.planned_button.setText(_("At the planned &time"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Mark as &published"))
        self.date.setLocale(QLocale())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "buttons"):
            self.retranslate_ui()
        super().changeEvent(event)

    @classmethod
    def ask(cls, parent: QWidget | None, plan: Plan, post: Post, now: datetime) -> tuple[datetime, str] | None:
        """The moment it went out and its link, or None when the founder cancels (tests replace this method)."""
        dialog = cls(plan, post, now, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.result_values()
        finally:
            dialog.deleteLater()


class SkipDialog(QDialog):
    """Why a post will not go out: the reason is kept in the publishing log."""

    def __init__(self, post: Post, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("skipDialog")
        self._post = post
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.reason = QLineEdit(post.skip_reason)
        limit_length(self.reason, NOTE_LENGTH)
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason)
        self.problem = problem_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.reason_label, self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(lambda _text: show_problem(self.problem, ""))
        self.retranslate_ui()
        self.resize(max(self.sizeHint().width(), 460), self.sizeHint().height())

    def accept(self) -> None:
        try:
            checked_reason(self.reason.text())
        except PostError as error:
            show_problem(self.problem, str(error))
            return
        super().accept()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Skip the post"))
        self.what.setText(_("It will not go out. The reason stays in the publishing log, so a gap is explained."))
        self.reason_label.setText(_("&Reason:"))
        self.reason.setPlaceholderText(_("A public holiday there, nothing ready, bad news that day\u2026"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Skip"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "buttons"):
            self.retranslate_ui()
        super().changeEvent(event)

    @classmethod
    def ask(cls, parent: QWidget | None, post: Post) -> str | None:
        """The reason, or None when the founder cancels (tests replace this method)."""
        dialog = cls(post, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.reason.text()
        finally:
            dialog.deleteLater()
