"""Plan files as documents: making them (empty, from an example, the default one), opening one for work with its
backups, and putting a damaged plan's newest good backup back as a new file. What is done with an open plan is
`planning.py`'s."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from smplanner.i18n import _

if TYPE_CHECKING:
    from smplanner.domain.plan import Plan, Post
    from smplanner.services.planning import PlanningService
    from smplanner.services.system_home import Home
    from smplanner.storage.backups import Backup, BackupShelf
    from smplanner.storage.server_address import ServerAddress

# The app makes a PlanFiles before its first paint: the plan, storage and service modules are imported on first use.

DEFAULT_PLAN_NAME = "My plan.smplan"


def example_plan(name: str, today: date) -> tuple[Plan, list[Post]]:
    """An example plan from the Monday after `today`, its first weeks of posts written (see `example_texts`)."""
    from smplanner.domain.example_texts import with_example_texts
    from smplanner.domain.examples import default_start, example
    from smplanner.services.planning import posts_for

    plan = example(name).build(default_start(today))
    return plan, with_example_texts(plan, posts_for(plan))


def create_from_example(
    path: Path | str, name: str, today: date, *, replace: bool = False, keep_digest: bool = False
) -> tuple[Plan, list[Post]]:
    from smplanner.storage.opening import create_plan

    plan, posts = example_plan(name, today)
    create_plan(path, plan, posts, replace=replace, keep_digest=keep_digest)
    return plan, posts


def is_untouched_example(path: Path) -> bool:
    """Whether a file is an example plan `smplanner demo` wrote that nobody has changed since (so it may be
    replaced by a fresh one); False for anything else, a damaged file included."""
    from smplanner.storage.errors import PlanFileError
    from smplanner.storage.plan_file import PlanFile

    try:
        with PlanFile.open(path, read_only=True) as plan_file:
            return plan_file.unchanged_since_creation()
    except PlanFileError:
        return False


def empty_plan(
    today: date, home_zone: str = "Europe/Brussels", home_country: str = "BE", main_language: str = "en"
) -> Plan:
    """A new plan with nothing decided yet: the firm gets a placeholder name, the period is the coming year."""
    from smplanner.domain.plan import Firm, Plan, Strategy

    start = today + timedelta(days=(7 - today.weekday()) % 7)
    return Plan(
        firm=Firm(name=_("My firm"), home_country=home_country, home_zone=home_zone),
        strategy=Strategy(period_start=start, period_end=start + timedelta(days=364), main_language=main_language),
    )


def create_empty(path: Path | str, today: date, home_zone: str = "Europe/Brussels", home_country: str = "BE", *,
                 main_language: str = "en", replace: bool = False) -> Plan:
    from smplanner.storage.opening import create_plan

    plan = empty_plan(today, home_zone, home_country, main_language)
    create_plan(path, plan, replace=replace)
    return plan


class PlanFiles:
    """Where the app makes and opens plans: the data folder (the default plan, and backups kept under it) and the
    clock backups are stamped with. `app.py` makes one and hands it to the window. A new plan's firm is at `home()`
    (the machine's zone, country and language; the app adds what the desktop says)."""

    def __init__(self, data_folder: Path, clock: Callable[[], datetime] = datetime.now,
                 home: Callable[[], Home] | None = None) -> None:
        self.data_folder = Path(data_folder)
        self._clock = clock
        self._home = home
        self._backups: BackupShelf | None = None

    @property
    def backups(self) -> BackupShelf:
        """The backup shelf, made on first use (start-up paints before importing the backups' code)."""
        if self._backups is None:
            from smplanner.storage.backups import BackupShelf

            self._backups = BackupShelf(self.data_folder / "backups", clock=self._clock)
        return self._backups

    def today(self) -> date:
        return self._clock().date()

    def default_path(self) -> Path:
        return self.data_folder / DEFAULT_PLAN_NAME

    def ensure_default(self) -> Path:
        """The default plan, created empty the first time."""
        path = self.default_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            self._create_empty(path)
        return path

    def create_empty(self, path: Path) -> None:
        """A new empty plan at `path`, replacing a file there (the founder confirmed it in the file dialog)."""
        self._create_empty(path, replace=path.exists())

    def _create_empty(self, path: Path, replace: bool = False) -> None:
        from smplanner.services.system_home import system_home

        home = self._home() if self._home is not None else system_home()
        create_empty(path, self.today(), home.zone, home.country, main_language=home.language, replace=replace)

    def create_from_example(self, path: Path, name: str) -> None:
        create_from_example(path, name, self.today(), replace=path.exists())

    def open(self, where: Path | ServerAddress) -> PlanningService:
        """Open a plan for work (a plan file, with its backups, or a server plan), every decision checked at once; a
        PlanFileError says why it cannot be (the plan is left as it was)."""
        from smplanner.services.planning import PlanningService
        from smplanner.storage.opening import open_plan

        backups = self.backups if isinstance(where, Path) else None
        plan_file = open_plan(where, backups=backups, backup_now=False)
        service = PlanningService(plan_file, backups)
        try:
            service.plan()  # a value no plan may hold is told now, not later
        except BaseException:
            plan_file.close()
            raise
        return service

    def newest_good_backup(self, path: Path) -> Backup | None:
        return self.backups.newest_good(path)

    def restored_path(self, path: Path, backup: Backup) -> Path:
        """A free name beside a damaged plan for its backup: "<name> (restored <stamp>).smplan"."""
        stamp = backup.taken_at.strftime("%Y-%m-%d %H.%M")
        target = path.with_name(_("{name} (restored {stamp}).smplan").format(name=path.stem, stamp=stamp))
        counter = 2
        while target.exists():
            target = path.with_name(
                _("{name} (restored {stamp}) {n}.smplan").format(name=path.stem, stamp=stamp, n=counter))
            counter += 1
        return target

    def restore_as_new(self, backup: Backup, target: Path) -> Path:
        """Write a backup as a new plan at `target`, or in the data folder when its folder cannot be written;
        returns where it went."""
        from smplanner.storage.errors import PlanFileError

        try:
            self.backups.restore_as_new(backup, target)
        except PlanFileError:
            target = self.data_folder / target.name
            self.backups.restore_as_new(backup, target)
        return target
