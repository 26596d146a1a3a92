"""User preferences, window geometry and recent files, kept in QSettings (never plan data)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings()

    def recent_files(self) -> list[Path]:
        """Recent plans, newest first, without those that no longer exist."""
        stored = self._settings.value("recent_files", [], type=list) or []
        assert isinstance(stored, list)
        return [Path(p) for p in stored if Path(p).is_file()]

    def add_recent_file(self, path: Path) -> None:
        resolved = str(Path(path).resolve())
        paths = [resolved] + [str(p) for p in self.recent_files() if str(p) != resolved]
        self._settings.setValue("recent_files", paths[:MAX_RECENT])

    def clear_recent_files(self) -> None:
        self._settings.setValue("recent_files", [])

    def language(self) -> str:
        """"system" or a language code."""
        return str(self._settings.value("language", "system"))

    def set_language(self, language: str) -> None:
        self._settings.setValue("language", language)

    def geometry(self) -> QByteArray | None:
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._settings.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._settings.setValue("window/geometry", geometry)
        self._settings.setValue("window/state", state)

    def last_plan(self) -> Path | None:
        value = self._settings.value("last_plan", "", type=str)
        return Path(value) if isinstance(value, str) and value else None

    def set_last_plan(self, path: Path | None) -> None:
        self._settings.setValue("last_plan", str(path) if path else "")

    def status_bar_visible(self) -> bool:
        return bool(self._settings.value("view/status_bar", True, type=bool))

    def set_status_bar_visible(self, visible: bool) -> None:
        self._settings.setValue("view/status_bar", visible)

    def sync(self) -> None:
        self._settings.sync()
