"""Why a plan file could not be opened, in words the founder understands."""

from __future__ import annotations

from pathlib import Path

from smplanner.i18n import _


def one_line(error: BaseException) -> str:
    """An error's message on one line, without the SQL a database layer may add (SQLAlchemy's `orig`)."""
    return " ".join(str(getattr(error, "orig", None) or error).split())


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


class OutputError(PlanFileError):
    """A file that could not be written, or may not be (it is an input); whatever was there is left as it was."""

    def __str__(self) -> str:
        return _("Cannot write \u201c{path}\u201d: {reason}").format(path=self.path, reason=self.reason)


class PlanContentError(PlanDamagedError):
    """A plan file holding a value no plan may hold (changed by another program, or by hand); it is left untouched.

    The reason names the table, the row (its id) and the field, so that the value can be found.
    """

    def __init__(self, path: Path | str, table: str, row: str | None, field: str | None, problem: str) -> None:
        if field is None and row is None:
            reason = _("the {table} table: {problem}.").format(table=table, problem=problem)
        elif field is None:
            reason = _("the {table} table, row {row}: {problem}.").format(table=table, row=row, problem=problem)
        elif row is None:
            reason = _("the {table} table, field {field}: {problem}.").format(table=table, field=field, problem=problem)
        else:
            reason = _("the {table} table, row {row}, field {field}: {problem}.").format(
                table=table, row=row, field=field, problem=problem)
        super().__init__(path, reason)
        self.table = table
        self.row = row
        self.field = field
