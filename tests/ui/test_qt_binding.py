"""The Qt binding we install keeps Python's reference counts right (PySide6 6.12.0 did not, on Python 3.11)."""

import sys

from PySide6.QtWidgets import QLabel


def test_calls_returning_nothing_do_not_drop_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.setAccessibleName("y")
    # A few references may come and go with caches; a binding bug loses one per call (4000 here).
    assert sys.getrefcount(None) - before > -100
