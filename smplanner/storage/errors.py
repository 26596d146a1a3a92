"""Why a plan file could not be opened, in words the founder understands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from smplanner.i18n import _, ngettext


def one_line(error: BaseException) -> str:
    """An error's message on one line, without the SQL a database layer may add (SQLAlchemy's `orig`)."""
    return " ".join(str(getattr(error, "orig", None) or error).split())


class PlanFileError(Exception):
    """A plan file (or a server plan) that cannot be used; the message names the file (or the address) and the reason.

    `path` is a Path for a plan file and a ServerAddress for a server plan (a text is taken as a file's path)."""

    def __init__(self, path: Any, reason: str) -> None:
        super().__init__(reason)
        self.path = Path(path) if isinstance(path, str) else path
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

    def __init__(self, path: Any, table: str, row: str | None, field: str | None, problem: str) -> None:
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


EDITED_TABLES = {
    "post": "posts",
    "post_version": "posts",
    "firm": "decisions",
    "strategy": "decisions",
    "market": "decisions",
    "actor": "decisions",
    "presence": "decisions",
    "content_type": "decisions",
    "cadence_rule": "decisions",
    "own_platform": "decisions",
    "plan_meta": "settings",
    "holiday_override": "holidays",
    "market_event": "holidays",
}
"""What the founder calls the rows of each table, for the message of an edit that lost a race."""


class EditConflict(PlanFileError):
    """An edit made on rows someone else changed or removed after they were read (a shared plan): nothing of it was
    stored. `table` and `row_ids` say which rows; a window offers to reload the plan or to apply the edit again."""

    def __init__(self, path: Any, table: str, row_ids: tuple[str, ...] = ()) -> None:
        what = EDITED_TABLES.get(table, "decisions")
        if what == "posts":
            reason = ngettext(
                "someone else changed or deleted this post after you read it; your change was not stored.",
                "someone else changed or deleted {count} of these posts after you read them; your change was not "
                "stored.", max(len(row_ids), 1)).format(count=len(row_ids))
        elif what == "settings":
            reason = _("someone else changed the workload settings after you read them; your change was not stored.")
        elif what == "holidays":
            reason = _("someone else changed the holiday corrections or events after you read them; your change was "
                       "not stored.")
        else:
            reason = _("someone else changed the strategy (the firm, markets, actors, platforms, content or cadence) "
                       "after you read it; your change was not stored.")
        super().__init__(path, reason)
        self.table = table
        self.row_ids = row_ids


class ServerUnreachableError(PlanAccessError):
    """A server plan whose server does not answer (down, unknown host, no network, a firewall)."""


class ServerLoginError(PlanAccessError):
    """A server that refused the login: a wrong or missing password, or a user it does not know."""


class ServerConnectionLost(PlanAccessError):
    """The connection to a server plan's server broke during a change: the change was not confirmed."""
