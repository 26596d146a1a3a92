"""Where smplanner keeps its own files, known without Qt (the command line protects the backups there) and cheap to
import (the app asks before its first paint)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_data_folder() -> Path:
    """Where smplanner keeps its own files (the default plan, the backups), as Qt's AppDataLocation names it:
    $XDG_DATA_HOME/smplanner/smplanner on Linux, Application Support on macOS, %APPDATA% on Windows."""
    from smplanner import APP_NAME, ORGANISATION

    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share"
    return base / ORGANISATION / APP_NAME
