"""Why a plan file could not be opened, in words the founder understands."""

from __future__ import annotations

from pathlib import Path

from smplanner.i18n import _


class PlanFileError(Exception):
    """A plan file that cannot be used; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(reason)
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return _("Cannot use \u201c{path}\u201d: {reason}").format(path=self.path, reason=self.reason)


class NotAPlanError(PlanFileError):
    """Something that is not a smplanner plan: another kind of file, a folder, an empty file."""


class PlanAccessError(PlanFileError):
    """The file exists but may not be read or changed."""


class PlanDamagedError(PlanFileError):
    """The file is ours but damaged (truncated or corrupted); it is left untouched."""


class PlanTooNewError(PlanFileError):
    """Written by a newer version of smplanner; opening it here could lose what that version stored."""


class PlanInUseError(PlanFileError):
    """Another smplanner window or program has the plan open."""


class PlanUpgradeError(PlanFileError):
    """Bringing an older plan up to date failed; the original was kept as it was."""
