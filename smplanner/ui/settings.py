"""User preferences, window geometry and recent files, kept in QSettings (never plan data)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from smplanner.storage.server_address import is_server_address

MAX_RECENT = 10


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings()

    def recent_files(self) -> list[Path | str]:
        """Recent plans, newest first: plan files that still exist, and server plans' addresses (as text, never with
        a password)."""
        stored = self._settings.value("recent_files", [], type=list) or []
        assert isinstance(stored, list)
        return [p if is_server_address(p) else Path(p) for p in stored if is_server_address(p) or Path(p).is_file()]

    def add_recent_file(self, path: Path | str) -> None:
        resolved = str(path) if is_server_address(str(path)) else str(Path(path).resolve())
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

    def last_plan(self) -> Path | str | None:
        """The plan open when the app was last closed: a file's path, or a server plan's address."""
        value = self._settings.value("last_plan", "", type=str)
        if not isinstance(value, str) or not value:
            return None
        return value if is_server_address(value) else Path(value)

    def set_last_plan(self, path: Path | str | None) -> None:
        self._settings.setValue("last_plan", str(path) if path else "")

    def status_bar_visible(self) -> bool:
        return bool(self._settings.value("view/status_bar", True, type=bool))

    def set_status_bar_visible(self, visible: bool) -> None:
        self._settings.setValue("view/status_bar", visible)

    def sync(self) -> None:
        self._settings.sync()
