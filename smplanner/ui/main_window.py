"""The main window: menus, status bar, and the open plan in the centre."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMainWindow, QStackedWidget

from smplanner.domain.example_titles import EXAMPLE_TITLES
from smplanner.i18n import SUPPORTED_LANGUAGES, _, language_autonym, ngettext
from smplanner.ui.change_signal import PlanChangeSignal

if TYPE_CHECKING:
    from smplanner.domain.plan import Plan, Post
    from smplanner.services.changes import Changes
    from smplanner.services.planning import PlanningService
    from smplanner.services.strategy_file import StrategyDocument
    from smplanner.ui.calendar.calendar_area import CalendarArea
    from smplanner.ui.plan_overview import PlanOverviewView
    from smplanner.ui.settings import AppSettings
    from smplanner.ui.welcome_view import WelcomeView

PLAN_FILTER_MARK = "*.smplan"
BACKUP_CHECK_MS = 5 * 60 * 1000


def _shortcut(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's binding for a standard action, or a fallback where the platform has none (Quit on Linux)."""
    bindings = QKeySequence.keyBindings(standard)
    return bindings if bindings else [QKeySequence(fallback)]


class MainWindow(QMainWindow):
    plan_opened = Signal(object)  # the Path, or None when the plan was closed

    def __init__(
        self,
        settings: AppSettings,
        data_folder: Path,
        log_folder: Path,
        clock: Callable[[], datetime] = datetime.now,
        change_signal: PlanChangeSignal | None = None,
    ) -> None:
        super().__init__()
        self.change_signal = change_signal or PlanChangeSignal(self)
        self.settings = settings
        self.data_folder = data_folder
        self.log_folder = log_folder
        self._clock = clock
        self.service: PlanningService | None = None
        self.undo_stack = QUndoStack(self)
        self._overview: PlanOverviewView | None = None
        self.calendar: CalendarArea | None = None
        self._welcome: WelcomeView | None = None
        self.setObjectName("mainWindow")
        self.setMinimumSize(800, 560)
        self.resize(1100, 720)

        self.centre = QStackedWidget()
        self.loading = QLabel()
        self.centre.addWidget(self.loading)
        self.setCentralWidget(self.centre)
        self.status_plan = QLabel()
        self.statusBar().addPermanentWidget(self.status_plan)

        self._build_actions()
        self._build_menus()
        self.retranslate_ui()
        geometry = settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.statusBar().setVisible(settings.status_bar_visible())
        self.change_signal.plan_changed.connect(self._on_plan_changed)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.backup_if_due)
        self.backup_timer.start()

    # -- building ------------------------------------------------------------------------------------------

    def _action(self, triggered: Callable[[], object] | None = None, shortcut: list[QKeySequence] | None = None) -> QAction:
        action = QAction(self)
        if triggered is not None:
            action.triggered.connect(lambda _checked=False: triggered())
        if shortcut:
            action.setShortcuts(shortcut)
        return action

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        self.new_action = self._action(self.new_plan, _shortcut(S.New, "Ctrl+N"))
        self.open_action = self._action(self.open_plan_dialog, _shortcut(S.Open, "Ctrl+O"))
        self.save_copy_action = self._action(self.save_copy, _shortcut(S.SaveAs, "Ctrl+Shift+S"))
        self.restore_action = self._action(self.restore_from_backup)
        self.close_action = self._action(self.close_plan, _shortcut(S.Close, "Ctrl+W"))
        self.quit_action = self._action(self.close, _shortcut(S.Quit, "Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcuts(_shortcut(S.Undo, "Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self)
        self.redo_action.setShortcuts(_shortcut(S.Redo, "Ctrl+Shift+Z"))
        self.status_bar_action = self._action()
        self.status_bar_action.setCheckable(True)
        self.status_bar_action.setChecked(self.settings.status_bar_visible())
        self.status_bar_action.toggled.connect(self._set_status_bar_visible)
        self.rename_firm_action = self._action(self.rename_firm)
        self.wizard_action = self._action(self.edit_strategy, [QKeySequence("Ctrl+Shift+G")])
        self.new_post_action = self._action(self.new_post, [QKeySequence("Ctrl+Shift+N")])
        self.export_strategy_action = self._action(self.export_strategy)
        self.print_summary_action = self._action(self.print_summary, _shortcut(QKeySequence.StandardKey.Print, "Ctrl+P"))
        self.export_pdf_action = self._action(self.export_summary_pdf)
        self.export_ics_action = self._action(lambda: self.export_calendar("ics"))
        self.export_csv_action = self._action(lambda: self.export_calendar("csv"))
        self.import_strategy_action = self._action(self.import_strategy)
        self.check_action = self._action(self.check_plan)
        self.about_action = self._action(self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.log_folder_action = self._action(self.open_log_folder)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        current = self.settings.language()
        for code in ("system", *SUPPORTED_LANGUAGES):
            action = self._action(lambda code=code: self.set_language(code))
            action.setCheckable(True)
            action.setChecked(code == current)
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.plan_actions = [self.new_post_action, self.save_copy_action, self.restore_action, self.close_action,
                             self.rename_firm_action,
                             self.check_action, self.wizard_action, self.export_strategy_action,
                             self.import_strategy_action, self.print_summary_action, self.export_pdf_action,
                             self.export_ics_action, self.export_csv_action]
        for action in self.plan_actions:
            action.setEnabled(False)

    def _build_menus(self) -> None:

        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.new_action)
        self.examples_menu = self.file_menu.addMenu("")
        self.example_actions: dict[str, QAction] = {}
        for name, _title, _description in EXAMPLE_TITLES:
            action = self._action(lambda name=name: self.new_from_example(name))
            self.examples_menu.addAction(action)
            self.example_actions[name] = action
        self.file_menu.addAction(self.open_action)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.save_copy_action)
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_strategy_action)
        self.file_menu.addAction(self.export_strategy_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.export_ics_action)
        self.file_menu.addAction(self.export_csv_action)
        self.file_menu.addAction(self.export_pdf_action)
        self.file_menu.addAction(self.print_summary_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.close_action)
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.status_bar_action)
        self.language_menu = self.view_menu.addMenu("")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.plan_menu = bar.addMenu("")
        self.plan_menu.addAction(self.new_post_action)
        self.plan_menu.addSeparator()
        self.plan_menu.addAction(self.wizard_action)
        self.plan_menu.addAction(self.rename_firm_action)
        self.plan_menu.addSeparator()
        self.plan_menu.addAction(self.check_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.log_folder_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)

    def retranslate_ui(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.new_action.setText(_("&New plan\u2026"))
        self.examples_menu.setTitle(_("New from e&xample"))
        for name, title, _description in EXAMPLE_TITLES:
            self.example_actions[name].setText(_("{title}\u2026").format(title=_(title)))
        self.open_action.setText(_("&Open\u2026"))
        self.recent_menu.setTitle(_("Open &Recent"))
        self.save_copy_action.setText(_("Save a &copy as\u2026"))
        self.restore_action.setText(_("Restore from &backup\u2026"))
        self.close_action.setText(_("&Close plan"))
        self.quit_action.setText(_("&Quit"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.status_bar_action.setText(_("&Status bar"))
        self.language_menu.setTitle(_("&Language"))
        self.language_actions["system"].setText(_("As the system"))
        for code in SUPPORTED_LANGUAGES:  # each language named in itself, so it can be found from any other
            self.language_actions[code].setText(language_autonym(code))
        self.plan_menu.setTitle(_("&Plan"))
        self.rename_firm_action.setText(_("&Firm name\u2026"))
        self.wizard_action.setText(_("Strategy &wizard\u2026"))
        self.new_post_action.setText(_("&New post\u2026"))
        self.import_strategy_action.setText(_("&Import strategy\u2026"))
        self.export_strategy_action.setText(_("E&xport strategy\u2026"))
        self.export_ics_action.setText(_("Export &calendar (.ics)\u2026"))
        self.export_csv_action.setText(_("Export calendar as CS&V\u2026"))
        self.export_pdf_action.setText(_("Export summary as P&DF\u2026"))
        self.print_summary_action.setText(_("&Print summary\u2026"))
        self.check_action.setText(_("&Check the plan file"))
        self.help_menu.setTitle(_("&Help"))
        self.log_folder_action.setText(_("Open the &log folder"))
        self.about_action.setText(_("&About smplanner"))
        self.loading.setText(_("Opening the plan\u2026"))
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            if self.service is not None:
                self._refresh()
        super().changeEvent(event)

    # -- the open plan -------------------------------------------------------------------------------------

    def open_initial(self, requested: Path | None) -> None:
        """At start-up: the plan given on the command line, else the last one, else the default plan."""
        from PySide6.QtCore import Qt

        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if requested is not None:
            if not self.open_plan(requested):
                self._show_welcome()
            return
        last = self.settings.last_plan()
        if last is not None and last.is_file() and self.open_plan(last, quiet=True):
            return
        default = self.default_plan_path()
        if not default.exists():
            from smplanner.services.plans import create_empty

            try:
                default.parent.mkdir(parents=True, exist_ok=True)
                create_empty(default, self._clock().date())
            except Exception as error:  # noqa: BLE001 - shown to the founder, who can still open or create a plan
                from smplanner.ui.dialogs.messages import tell_error

                tell_error(self, _("Cannot create your plan"), str(error))
                self._show_welcome()
                return
        if not self.open_plan(default):
            self._show_welcome()

    def default_plan_path(self) -> Path:
        return self.data_folder / "My plan.smplan"

    def open_plan(self, path: Path, quiet: bool = False) -> bool:
        """Open a plan file for work; on failure say why (unless quiet) and keep the current plan open."""
        from smplanner.services.planning import PlanningService
        from smplanner.storage.backups import BackupShelf
        from smplanner.storage.errors import PlanDamagedError, PlanFileError
        from smplanner.storage.plan_file import PlanFile
        from smplanner.ui.dialogs.messages import tell_error

        path = Path(path)
        if self.service is not None and path.resolve() == self.service.path.resolve():
            return True
        shelf = BackupShelf(self.data_folder / "backups", clock=self._clock)
        try:
            plan_file = PlanFile.open(path, backups=shelf, backup_now=False)
            service = PlanningService(plan_file, shelf)
            try:
                service.plan()  # every decision checked now: a value no plan may hold is told here, not later
            except BaseException:
                plan_file.close()
                raise
        except PlanDamagedError as error:
            if not quiet:
                self._offer_backup_of_damaged(error, shelf)
            return False
        except PlanFileError as error:
            if not quiet:
                tell_error(self, _("Cannot open the plan"), str(error))
            return False
        self._close_service()
        self.service = service
        self.undo_stack.clear()
        self.settings.add_recent_file(path)
        self.settings.set_last_plan(path)
        for action in self.plan_actions:
            action.setEnabled(True)
        self._refresh()
        self.plan_opened.emit(path)
        QTimer.singleShot(0, self.backup_if_due)  # the backup at open, once the plan is on screen
        return True

    def plan_failed(self, error: Exception) -> None:
        """A value the open plan cannot hold turned up while it was shown (the exception hook sends it here): close
        the plan, say what is wrong, and offer its newest good backup."""
        from smplanner.storage.backups import BackupShelf

        shelf = self.service.backups if self.service is not None else None
        self.close_plan()
        self._offer_backup_of_damaged(error, shelf or BackupShelf(self.data_folder / "backups", clock=self._clock))

    def _offer_backup_of_damaged(self, error: Exception, shelf: object) -> None:
        from smplanner.i18n.formatting import format_datetime
        from smplanner.storage.backups import BackupShelf
        from smplanner.storage.errors import PlanContentError, PlanFileError
        from smplanner.ui.dialogs.messages import ask_restore_damaged, tell_error

        assert isinstance(shelf, BackupShelf)
        path = error.path  # type: ignore[attr-defined]
        details = ""
        if isinstance(error, PlanContentError):
            what = _(
                "\u201c{file}\u201d holds a value smplanner cannot use, so it cannot be shown. Another program "
                "changed it, or it is damaged; it is kept as it is."
            ).format(file=path.name)
            details = str(error)
        else:
            what = _("{error}\n\nThe damaged file is kept aside, untouched.").format(error=error)
        backup = shelf.newest_good(path)
        if backup is None:
            parts = (what, details, _("No good backup of it was found."))
            tell_error(self, _("The plan cannot be opened"), "\n\n".join(part for part in parts if part))
            return
        stamp = backup.taken_at.strftime("%Y-%m-%d %H.%M")
        target = path.with_name(_("{name} (restored {stamp}).smplan").format(name=path.stem, stamp=stamp))
        counter = 2
        while target.exists():
            target = path.with_name(
                _("{name} (restored {stamp}) {n}.smplan").format(name=path.stem, stamp=stamp, n=counter)
            )
            counter += 1
        question = _("A good backup from {when} exists: restore it as \u201c{target}\u201d and open it?").format(
            when=format_datetime(backup.taken_at, "short"), target=target.name)
        if not ask_restore_damaged(self, what, question, details):
            return
        try:
            shelf.restore_as_new(backup, target)
        except PlanFileError:  # the plan's folder may not be written: the data folder may
            target = self.data_folder / target.name
            shelf.restore_as_new(backup, target)
        self.open_plan(target)

    def close_plan(self) -> None:
        self._close_service()
        self.settings.set_last_plan(None)
        self._show_welcome()

    def _close_service(self) -> None:
        if self.service is not None:
            self.service.close()
            self.service = None
        if self.calendar is not None:
            self.calendar.set_service(None)
        self.undo_stack.clear()
        for action in self.plan_actions:
            action.setEnabled(False)
        self.plan_opened.emit(None)

    def _show_welcome(self) -> None:
        if self._welcome is None:
            from smplanner.ui.welcome_view import WelcomeView

            self._welcome = WelcomeView()
            self._welcome.new_requested.connect(self.new_plan)
            self._welcome.open_requested.connect(self.open_plan_dialog)
            self._welcome.example_requested.connect(self.new_from_example)
            self.centre.addWidget(self._welcome)
        self.centre.setCurrentWidget(self._welcome)
        self._update_title()

    def _refresh(self) -> None:
        """Show the open plan again (after opening, a restore, or a language change)."""
        assert self.service is not None
        if self._overview is None:
            from smplanner.ui.calendar.calendar_area import CalendarArea
            from smplanner.ui.plan_overview import PlanOverviewView

            self._overview = PlanOverviewView()
            self._overview.wizard_requested.connect(self.edit_strategy)
            self.calendar = CalendarArea(self._overview, self._clock)
            self.change_signal.plan_changed.connect(self.calendar.on_plan_changed)
            self.calendar.post_activated.connect(self.edit_post)
            self.calendar.slot_activated.connect(self.create_post)
            self.calendar.post_moved.connect(self.move_post)
            self.calendar.delete_requested.connect(self.delete_posts)
            self.calendar.market_days_requested.connect(self.edit_market_days)
            self.calendar.workload_settings_changed.connect(self.set_workload_settings)
            self.calendar.wizard_requested.connect(self.edit_strategy)
            self.calendar.fix_requested.connect(self.fix_posts)
            self.calendar.option_applied.connect(self.apply_option)
            from smplanner.ui.publishing_commands import PublishingCommands

            self.publishing = PublishingCommands(self, self.undo_stack, self.change_signal.tell,
                                                 lambda: self._clock().astimezone(), lambda: self.service)
            self.calendar.new_post_requested.connect(self.new_post)
            self.calendar.publish_requested.connect(self.publishing.publish)
            self.calendar.skip_requested.connect(self.publishing.skip)
            self.calendar.reopen_requested.connect(self.publishing.reopen)
            self.centre.addWidget(self.calendar)
        if self.calendar.service is not self.service:
            self.calendar.set_service(self.service)
        else:
            self.calendar.invalidate()
        self.centre.setCurrentWidget(self.calendar)
        self._update_title(self.calendar.plan().firm.name)

    def _on_plan_changed(self, changes: Changes) -> None:
        if self.service is not None and (changes.firm or changes.everything):
            self._update_title(self.service.plan().firm.name)

    def _update_title(self, firm_name: str | None = None) -> None:
        if self.service is None:
            self.setWindowTitle("smplanner")
            self.setWindowFilePath("")
            self.status_plan.setText(_("No plan open"))
            return
        path = self.service.path
        self.setWindowFilePath(str(path))
        name = firm_name if firm_name is not None else path.stem
        self.setWindowTitle(_("{firm} \u2014 {file} \u2014 smplanner").format(firm=name, file=path.name))
        self.status_plan.setText(_("{path} \u00b7 saved automatically").format(path=path))

    # -- commands ------------------------------------------------------------------------------------------

    def _ask_new_path(self, suggested: str) -> Path | None:
        """A path for a new plan file, chosen by the founder (tests replace this method)."""
        start = str(self.data_folder / suggested)
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Create a plan"), start, _("Plans ({pattern})").format(pattern=PLAN_FILTER_MARK))
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix == ".smplan" else path.with_name(path.name + ".smplan")

    def ask_open_path(self) -> Path | None:
        """A plan file chosen by the founder (tests replace this method)."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Open a plan"), str(self.data_folder), _("Plans ({pattern})").format(pattern=PLAN_FILTER_MARK)
        )
        return Path(chosen) if chosen else None

    def new_plan(self) -> None:
        from smplanner.services.plans import create_empty
        from smplanner.ui.dialogs.messages import tell_error

        path = self._ask_new_path(_("New plan.smplan"))
        if path is None:
            return
        try:
            replace = path.exists()
            create_empty(path, self._clock().date()) if not replace else self._replace_with_empty(path)
        except Exception as error:  # noqa: BLE001 - a PlanFileError or OSError, told to the founder
            tell_error(self, _("Cannot create the plan"), str(error))
            return
        self.open_plan(path)

    def _replace_with_empty(self, path: Path) -> None:
        from smplanner.services.plans import empty_plan
        from smplanner.storage.plan_file import PlanFile

        PlanFile.create(path, empty_plan(self._clock().date()), replace=True)

    def new_from_example(self, name: str) -> None:
        from smplanner.services.plans import create_from_example
        from smplanner.ui.dialogs.messages import tell_error

        path = self._ask_new_path(name + ".smplan")
        if path is None:
            return
        try:
            create_from_example(path, name, self._clock().date(), replace=path.exists())
        except Exception as error:  # noqa: BLE001 - a PlanFileError or OSError, told to the founder
            tell_error(self, _("Cannot create the plan"), str(error))
            return
        self.open_plan(path)

    def open_plan_dialog(self) -> None:
        path = self.ask_open_path()
        if path is not None:
            self.open_plan(path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for index, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction("&{n} {name}".format(n=index, name=path.name) if index < 10 else path.name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_plan(p))
        if not recent:
            empty = self.recent_menu.addAction(_("No recent plans"))
            empty.setEnabled(False)
            return
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction(_("Clear the list"))
        clear.triggered.connect(self.settings.clear_recent_files)

    def save_copy(self) -> None:
        from smplanner.storage.errors import PlanFileError
        from smplanner.ui.dialogs.messages import tell_error

        if self.service is None:
            return
        suggested = self.service.path.with_name(_("{name} copy").format(name=self.service.path.stem) + ".smplan")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save a copy as"), str(suggested), _("Plans ({pattern})").format(pattern=PLAN_FILTER_MARK)
        )
        if not chosen:
            return
        try:
            self.service.save_copy(Path(chosen))
        except PlanFileError as error:
            tell_error(self, _("Cannot save a copy"), str(error))
            return
        self.statusBar().showMessage(_("Copy saved as {path}").format(path=chosen), 5000)

    def restore_from_backup(self) -> None:
        from smplanner.ui.dialogs.restore_backup_dialog import RestoreBackupDialog

        if self.service is None:
            return
        backup = RestoreBackupDialog.ask(self.service.list_backups(), self.service.path.name, self)
        if backup is None:
            return
        changes = self.service.restore(backup)
        self.undo_stack.clear()
        self.change_signal.tell(changes)
        self.statusBar().showMessage(_("Plan restored from the backup."), 5000)

    def backup_if_due(self) -> None:
        if self.service is not None:
            self.service.backup_if_due()

    def rename_firm(self) -> None:
        if self.service is None:
            return
        before = self.service.plan().firm
        name, accepted = QInputDialog.getText(self, _("Firm name"), _("The name of your firm:"), text=before.name)
        if accepted:
            self.set_firm_name(name)

    def set_firm_name(self, name: str) -> None:
        from smplanner.ui.dialogs.messages import tell_error
        from smplanner.ui.undo_commands import EditFirmCommand

        assert self.service is not None
        name = name.strip()
        if not name:
            tell_error(self, _("Firm name"), _("The firm needs a name."))
            return
        before = self.service.plan().firm
        if name == before.name:
            return
        self.undo_stack.push(
            EditFirmCommand(self.service, before, dataclasses.replace(before, name=name), self.change_signal.tell)
        )

    # -- posts ----------------------------------------------------------------------------------------------

    def edit_post(self, post_id: str) -> None:
        from smplanner.ui.dialogs.post_dialog import PostDialog
        from smplanner.ui.undo_commands import EditPostCommand

        before = self.service.post(post_id) if self.service else None
        if before is None:
            return
        plan = self.service.plan()
        after = PostDialog.ask(self, plan, before, context_of=self._warning_context(plan),
                               on_delete=lambda post_id: self.delete_posts([post_id]), on_duplicate=self._add_post)
        if after is not None and after != before:
            self.undo_stack.push(EditPostCommand(self.service, before, after, self.change_signal.tell))

    def _warning_context(self, plan: Plan):
        """What the editor needs to show the warnings of a post dated from first to last (read when asked)."""
        service = self.service
        return lambda first, last: service.warning_context(first, last, plan)

    def _add_post(self, post: Post) -> None:
        from smplanner.ui.undo_commands import AddPostCommand

        self.undo_stack.push(AddPostCommand(self.service, post, self.change_signal.tell))

    def create_post(self, when: datetime) -> None:
        """A new post at this moment (aware), in the market the founder picks in the editor."""
        from smplanner.domain.timezones import zone
        from smplanner.ui.dialogs.post_dialog import PostDialog

        if self.service is None:
            return
        plan = self.service.plan()
        if not plan.markets:
            from smplanner.ui.dialogs.messages import tell_info

            tell_info(self, _("No market yet"), _("Add a target market with the strategy wizard first."))
            return
        market = plan.markets[0]
        local = when.astimezone(zone(market.zone)).replace(tzinfo=None)
        post = PostDialog.ask(self, plan, None, default_local=local, default_market_id=market.id,
                              context_of=self._warning_context(plan))
        if post is not None:
            self._add_post(post)

    def new_post(self) -> None:
        """A new post on the day the calendar shows (or the plan's first day, or today), at 09:00 market time."""
        from smplanner.domain.timezones import zone

        if self.service is None or self.calendar is None:
            return
        plan = self.service.plan()
        day = max(self.calendar.anchor, plan.strategy.period_start) if self.calendar.anchor else None
        home = plan.markets[0].zone if plan.markets else plan.firm.home_zone
        self.create_post(datetime.combine(day or self._clock().date(), time(9, 0), tzinfo=zone(home)))

    def move_post(self, post_id: str, when: datetime) -> None:
        from smplanner.domain.timezones import zone
        from smplanner.ui.undo_commands import MovePostCommand

        before = self.service.post(post_id) if self.service else None
        if before is None:
            return
        moved = when.astimezone(zone(before.zone))
        local = moved.replace(tzinfo=None)
        if local != before.local:
            self.undo_stack.push(MovePostCommand(self.service, before, local, self.change_signal.tell, fold=moved.fold))

    def delete_posts(self, post_ids: list) -> None:
        from smplanner.ui.undo_commands import DeletePostsCommand

        if self.service is not None and post_ids:
            self.undo_stack.push(DeletePostsCommand(self.service, post_ids, self.change_signal.tell))

    def fix_posts(self, post_id: str, warning: str, scope: str) -> None:
        """Apply a warning's fix to a post, or to every post with that warning in its market or rule, as one undoable
        step; what a fix refuses to do (out of the plan period, onto another post of its rule) is said."""
        from smplanner.domain.post_fixes import FIX_LABELS, FIX_OF, FixScope
        from smplanner.domain.post_warnings import PostWarning
        from smplanner.ui.dialogs.messages import tell_error
        from smplanner.ui.undo_commands import FixPostsCommand

        if self.service is None:
            return
        wanted = PostWarning(warning)
        fix_plan = self.service.plan_fix(post_id, wanted, FixScope(scope), self._clock().astimezone(UTC))
        if not fix_plan.moved:
            reason = fix_plan.refused[0].reason if fix_plan.refused else _("No post has this warning any more.")
            tell_error(self, _("Cannot fix this"), reason)
            return
        count = len(fix_plan.moved)
        label = ngettext("{fix} ({count} post)", "{fix} ({count} posts)", count).format(
            fix=_(FIX_LABELS[FIX_OF[wanted]]), count=count)
        self.undo_stack.push(FixPostsCommand(self.service, list(fix_plan.moved), label, self.change_signal.tell))
        message = ngettext("{count} post moved", "{count} posts moved", count).format(count=count)
        if fix_plan.refused:
            message = ngettext("{moved}; {count} left where it is: {reason}", "{moved}; {count} left where they are: "
                               "{reason}", len(fix_plan.refused)).format(
                moved=message, count=len(fix_plan.refused), reason=fix_plan.refused[0].reason)
        self.statusBar().showMessage(message, 8000)

    def apply_option(self, option: object) -> None:
        """Apply a workload finding's option (the plan as the option changes it) as one undoable step that stores
        the decisions and regenerates the calendar as the wizard's Finish does."""
        from smplanner.ui.dialogs.messages import tell_error
        from smplanner.ui.undo_commands import ApplyDecisionsCommand

        changed = getattr(option, "plan", None)
        if self.service is None or changed is None:
            return
        text = getattr(option, "text", "")

        def now() -> datetime:  # asked again on each redo
            return self._clock().astimezone(UTC)

        try:
            changes, snapshot = self.service.apply_decisions_undoably(changed, now())
        except Exception as error:  # noqa: BLE001 - the transaction rolled back: nothing stored, the founder is told
            tell_error(self, _("Cannot apply the option"), _("Nothing was changed. {reason}").format(reason=error))
            return
        self.undo_stack.push(ApplyDecisionsCommand(self.service, changed, text, now, self.change_signal.tell, changes, snapshot))
        self.statusBar().showMessage(
            _("Applied: {option}. Calendar regenerated: {added} posts added, {removed} removed.").format(
                option=text, added=changes.posts_added, removed=changes.posts_removed), 8000)

    def set_workload_settings(self, settings: object) -> None:
        if self.service is not None:
            self.change_signal.tell(self.service.set_workload_settings(settings))

    def edit_market_days(self, market_id: str) -> None:
        from smplanner.ui.dialogs.market_days_dialog import MarketDaysDialog

        if self.service is None:
            return
        strategy = self.service.plan().strategy
        changes = MarketDaysDialog.show_for(self, self.service, market_id, strategy.period_start, strategy.period_end)
        self.change_signal.tell(changes)

    # -- what the founder takes away -----------------------------------------------------------------------

    def _summary(self):
        from smplanner.services.summary import summary_for

        return summary_for(self.service, self._clock().date())

    def print_summary(self) -> None:
        """The one-page summary in a print preview, from which it prints."""
        from smplanner.ui.printing import print_preview

        if self.service is not None:
            print_preview(self, self._summary)

    def ask_save_path(self, title: str, suggested: Path, filter_text: str) -> Path | None:
        """Where to write an export, chosen by the founder (tests replace this method)."""
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(suggested), filter_text)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix == suggested.suffix else path.with_name(path.name + suggested.suffix)

    def export_summary_pdf(self) -> None:
        from smplanner.storage.errors import PlanFileError
        from smplanner.ui.dialogs.messages import tell_error
        from smplanner.ui.printing import default_paper, write_summary_pdf

        if self.service is None:
            return
        path = self.ask_save_path(_("Export the summary as PDF"), self.service.path.with_suffix(".pdf"),
                                  _("PDF files (*.pdf)"))
        if path is None:
            return
        try:
            write_summary_pdf(self._summary(), path, paper=default_paper(), inputs=[self.service.path])
        except PlanFileError as error:  # the output is an input, or could not be written
            tell_error(self, _("Cannot export the summary"), str(error))
            return
        self.statusBar().showMessage(_("Summary exported to {path}").format(path=path), 5000)

    def export_calendar(self, kind: str) -> None:
        """The calendar, or a filter of it, as an .ics file for calendar programs or a CSV for spreadsheets."""
        from smplanner.storage.errors import PlanFileError
        from smplanner.ui.dialogs.export_dialog import ExportDialog
        from smplanner.ui.dialogs.messages import tell_error

        if self.service is None:
            return
        plan = self.service.plan()
        request = ExportDialog.ask(self, plan, kind, plan.strategy.period_start, plan.strategy.period_end)
        if request is None:
            return
        suffix, filter_text = (".ics", _("Calendar files (*.ics)")) if kind == "ics" else (".csv", _("CSV files (*.csv)"))
        path = self.ask_save_path(_("Export the calendar"), self.service.path.with_suffix(suffix), filter_text)
        if path is None:
            return
        try:
            count = self._write_export(kind, path, request)
        except PlanFileError as error:  # the output is an input, or could not be written
            tell_error(self, _("Cannot export the calendar"), str(error))
            return
        self.statusBar().showMessage(
            ngettext("{count} post exported to {path}", "{count} posts exported to {path}", count).format(
                count=count, path=path), 5000)

    def _write_export(self, kind: str, path: Path, request) -> int:
        if kind == "ics":
            return self.service.export_ics(path, request.filter, request.first, request.last, request.options)
        return self.service.export_csv(path, request.filter, request.first, request.last, bom=request.options.bom)

    # -- the strategy ----------------------------------------------------------------------------------------

    def edit_strategy(self) -> None:
        """Open the strategy wizard on the plan's decisions; Finish stores them and regenerates the calendar."""
        from smplanner.ui.wizard.strategy_wizard import StrategyWizard

        if self.service is None:
            return
        decided = StrategyWizard.ask(
            self, self.service.plan(), self._clock().date(), self.service.hand_posts_by_market(),
            self.service.workload_settings(),
        )
        if decided is not None:
            self.apply_decisions(decided)

    def apply_decisions(self, plan: Plan, document: StrategyDocument | None = None) -> None:
        """Store decided decisions (and, from a strategy file's `document`, its holiday corrections and events)."""
        from smplanner.ui.dialogs.messages import tell_error

        assert self.service is not None
        corrections = document.holiday_corrections if document is not None else None
        events = document.market_events if document is not None else None
        try:
            changes = self.service.apply_decisions(plan, self._clock().astimezone(UTC), corrections, events)
        except Exception as error:  # noqa: BLE001 - the transaction rolled back: nothing stored, the founder is told
            tell_error(self, _("Cannot store the decisions"), _("Nothing was changed. {reason}").format(reason=error))
            return
        self.undo_stack.clear()  # the firm edits on the stack predate the stored decisions
        self.change_signal.tell(changes)
        self.statusBar().showMessage(
            _("Decisions stored; calendar regenerated: {added} posts added, {removed} removed.").format(
                added=changes.posts_added, removed=changes.posts_removed
            ),
            8000,
        )

    def ask_strategy_path(self, saving: bool) -> Path | None:
        """A strategy file chosen by the founder (tests replace this method)."""
        filter_text = _("Strategy files (*.toml)")
        if saving:
            assert self.service is not None
            start = str(self.service.path.with_suffix(".toml"))
            chosen, _filter = QFileDialog.getSaveFileName(self, _("Export the strategy"), start, filter_text)
            if chosen and not chosen.endswith(".toml"):
                chosen += ".toml"
        else:
            chosen, _filter = QFileDialog.getOpenFileName(self, _("Import a strategy"), str(self.data_folder), filter_text)
        return Path(chosen) if chosen else None

    def export_strategy(self) -> None:
        from smplanner.services.strategy_file import StrategyFileError
        from smplanner.storage.errors import PlanFileError
        from smplanner.ui.dialogs.messages import tell_error

        if self.service is None:
            return
        try:
            self.service.strategy_text()
        except StrategyFileError as error:  # e.g. two actors with one name: the file could not be read back
            tell_error(self, _("Cannot export the strategy"), str(error))
            return
        path = self.ask_strategy_path(saving=True)
        if path is None:
            return
        try:
            self.service.write_strategy(path)
        except (StrategyFileError, PlanFileError) as error:  # e.g. two actors with one name; a full disk
            tell_error(self, _("Cannot export the strategy"), str(error))
            return
        self.statusBar().showMessage(_("Strategy exported to {path}").format(path=path), 5000)

    def import_strategy(self) -> None:
        from smplanner.services.strategy_file import StrategyFileError, import_strategy
        from smplanner.ui.dialogs import messages

        if self.service is None:
            return
        path = self.ask_strategy_path(saving=False)
        if path is None:
            return
        try:
            document = import_strategy(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            messages.tell_error(self, _("Cannot import the strategy"), _("Cannot read \u201c{path}\u201d: {reason}.").format(
                path=path, reason=getattr(error, "strerror", None) or str(error)))
            return
        except StrategyFileError as error:
            messages.tell_error(self, _("Cannot import the strategy"), _("\u201c{file}\u201d: {problem}").format(
                file=path.name, problem=error))
            return
        if messages.ask_replace_strategy(self, path.name):
            self.apply_decisions(document.plan, document)

    def check_plan(self) -> None:
        from smplanner.storage.errors import PlanFileError
        from smplanner.ui.dialogs.messages import tell_error, tell_info

        if self.service is None:
            return
        try:
            self.service.check_integrity()
        except PlanFileError as error:
            tell_error(self, _("The plan file has a problem"), str(error))
            return
        tell_info(self, _("Check the plan file"), _("The plan file is in good health."))

    def set_language(self, code: str) -> None:
        from smplanner.ui.qt_i18n import apply_language

        self.settings.set_language(code)
        apply_language(code)

    def _set_status_bar_visible(self, visible: bool) -> None:
        self.statusBar().setVisible(visible)
        self.settings.set_status_bar_visible(visible)

    def show_about(self) -> None:
        from smplanner.ui.dialogs.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_folder)))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window(self.saveGeometry(), self.saveState())
        if self.service is not None:
            self.service.close()
            self.service = None
        if self.calendar is not None:
            self.calendar.set_service(None)
        self.settings.sync()
        super().closeEvent(event)
