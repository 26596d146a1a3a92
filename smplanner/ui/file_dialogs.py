"""The file choosers the window asks the founder with: a plan to create or open, where to write an export, a
strategy file to import or write, a CSV of posts to import. Tests replace these functions (they never open a dialog)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from smplanner.i18n import _

PLAN_SUFFIX = ".smplan"


def _plans_filter() -> str:
    return _("Plans ({pattern})").format(pattern="*" + PLAN_SUFFIX)


def _with_suffix(chosen: str, suffix: str) -> Path | None:
    """The chosen path (None when the founder cancelled), with the suffix added when they left it out."""
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix == suffix else path.with_name(path.name + suffix)


def ask_new_plan_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to create a new plan."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, _("Create a plan"), str(suggested), _plans_filter())
    return _with_suffix(chosen, PLAN_SUFFIX)


def ask_open_plan_path(parent: QWidget | None, folder: Path) -> Path | None:
    """A plan file to open."""
    chosen, _filter = QFileDialog.getOpenFileName(parent, _("Open a plan"), str(folder), _plans_filter())
    return Path(chosen) if chosen else None


def ask_copy_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to save a copy of the open plan."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, _("Save a copy as a file"), str(suggested),
                                                  _plans_filter())
    return _with_suffix(chosen, PLAN_SUFFIX)


def ask_save_path(parent: QWidget | None, title: str, suggested: Path, filter_text: str) -> Path | None:
    """Where to write an export (the suggested name's suffix is added when the founder leaves it out)."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), filter_text)
    return _with_suffix(chosen, suggested.suffix)


def ask_strategy_path(parent: QWidget | None, saving: bool, start: Path) -> Path | None:
    """A strategy file to write (`saving`, starting from a suggested name) or to import (starting in a folder)."""
    filter_text = _("Strategy files (*.toml)")
    if saving:
        chosen, _filter = QFileDialog.getSaveFileName(parent, _("Export the strategy"), str(start), filter_text)
        return _with_suffix(chosen, ".toml")
    chosen, _filter = QFileDialog.getOpenFileName(parent, _("Import a strategy"), str(start), filter_text)
    return Path(chosen) if chosen else None


def ask_import_path(parent: QWidget | None, folder: Path) -> Path | None:
    """A CSV file of posts to import."""
    chosen, _filter = QFileDialog.getOpenFileName(parent, _("Import posts"), str(folder),
                                                  _("CSV files (*.csv);;All files (*)"))
    return Path(chosen) if chosen else None
