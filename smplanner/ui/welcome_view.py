"""What the window shows when no plan is open: what to do next, in one click."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from smplanner.domain.example_titles import EXAMPLE_TITLES
from smplanner.i18n import _


class WelcomeView(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    example_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.new_button = QPushButton()
        self.open_button = QPushButton()
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.example_buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addSpacing(12)
        layout.addWidget(self.new_button)
        layout.addWidget(self.open_button)
        layout.addSpacing(12)
        self.examples_label = QLabel()
        layout.addWidget(self.examples_label)
        for name, _title, _description in EXAMPLE_TITLES:
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, name=name: self.example_requested.emit(name))
            self.example_buttons.append(button)
            layout.addWidget(button)
        self.setMaximumWidth(16777215)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.heading.setText(_("No plan is open"))
        self.text.setText(
            _("A plan is one file holding your firm, its target markets, every decision and the calendar of posts.")
        )
        self.new_button.setText(_("Create a new plan\u2026"))
        self.open_button.setText(_("Open a plan\u2026"))
        self.examples_label.setText(_("Or start from an example modelled on a real small firm:"))
        for button, (_name, title, description) in zip(self.example_buttons, EXAMPLE_TITLES, strict=True):
            button.setText(_(title))
            button.setToolTip(_(description))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
