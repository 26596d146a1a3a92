"""Opening a plan wherever it lives: a plan file's path, or a server plan's address (a PostgreSQL URI).

Both kinds of open plan offer the same things to the services (`reader`, `repository`, `path`, `revision`,
`read_only`, `save_copy`, `check_integrity`, `check_content`, `close`); the services never ask which one they have.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from smplanner.storage.server_address import AddressError, ServerAddress, is_server_address

if TYPE_CHECKING:
    from smplanner.storage.backups import BackupShelf
    from smplanner.storage.plan_file import PlanFile
    from smplanner.storage.server_plan import ServerPlan

    OpenPlan = PlanFile | ServerPlan


def plan_address(where: str | Path | ServerAddress) -> Path | ServerAddress:
    """A plan file's path, or a server plan's checked address; PlanFileError for an address that is not one."""
    if isinstance(where, ServerAddress | Path):
        return where
    if is_server_address(where):
        try:
            return ServerAddress.parse(where)
        except AddressError as error:
            from smplanner.storage.errors import PlanFileError

            raise PlanFileError(ServerAddress(where.partition("#")[0]), str(error)) from None
    return Path(where)


def open_plan(
    where: str | Path | ServerAddress,
    *,
    read_only: bool = False,
    backups: BackupShelf | None = None,
    backup_now: bool = True,
) -> OpenPlan:
    """Open a plan for work, or as a read-only snapshot; a file's backups are taken on `backups` (a server plan's
    backup is a copy as a file)."""
    address = plan_address(where)
    if isinstance(address, ServerAddress):
        from smplanner.storage.server_plan import ServerPlan

        return ServerPlan.open(address, read_only=read_only)
    from smplanner.storage.plan_file import PlanFile

    return PlanFile.open(address, read_only=read_only, backups=backups, backup_now=backup_now)


def create_plan(where: str | Path | ServerAddress, plan, posts=(), *, replace: bool = False, keep_digest: bool = False,
                holiday_overrides=(), market_events=()) -> None:
    """Make a new plan: a plan file (see `PlanFile.create`), or a server plan in an empty schema (which `replace`
    cannot be: a plan others may have open is never replaced)."""
    address = plan_address(where)
    if isinstance(address, ServerAddress):
        from smplanner.storage.server_plan import create_server_plan

        create_server_plan(address, plan, list(posts), list(holiday_overrides), list(market_events))
        return
    from smplanner.storage.plan_file import PlanFile

    PlanFile.create(address, plan, posts, replace=replace, keep_digest=keep_digest,
                    holiday_overrides=holiday_overrides, market_events=market_events)
