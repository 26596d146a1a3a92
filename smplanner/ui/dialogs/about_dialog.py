"""About smplanner: version, the data it relies on (time zones, holidays) and the libraries."""

from __future__ import annotations

from importlib.metadata import version

import tzdata
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from smplanner import __version__
from smplanner.i18n import _


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About smplanner"))
        title = QLabel("<h2>smplanner {version}</h2>".format(version=__version__))
        text = QLabel(
            _(
                "Plan the social-media side of taking a small firm international: a strategy you decide, "
                "a calendar that respects every market's time zone and public holidays, and a one-page summary.\n\n"
                "It works offline and never connects to the network."
            )
        )
        text.setWordWrap(True)
        facts = QLabel(
            "\n".join(
                [
                    _("Time-zone database: IANA {version} (shipped with the app)").format(version=tzdata.IANA_VERSION),
                    _("Public holidays: holidays {version}").format(version=version("holidays")),
                    _("Qt for Python {version}").format(version=pyside_version),
                ]
            )
        )
        facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addWidget(facts)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
