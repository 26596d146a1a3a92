"""Run-time hook of the frozen program: where Qt finds its plugins, without loading Qt.

It stands in for PyInstaller's own PySide6 hook, which imports QtCore at start-up to check for a qt.conf that the
PySide6 wheels already embed when they are imported; that import cost every headless command (--version, demo, info)
a third of its start-up, where only the window and the summary need Qt.
"""

import os
import sys

os.environ["QT_PLUGIN_PATH"] = os.path.join(sys._MEIPASS, "PySide6", "Qt", "plugins")
