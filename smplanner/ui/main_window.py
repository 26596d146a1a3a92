"""The main window: menus, status bar, and the open plan in the centre.

The window keeps window concerns: its actions and menus, which plan is open and what the centre shows, its title,
language and status bar. What the menus do is `plan_commands.py`'s (plan files, the plan as a whole, exports) and
`post_commands.py`'s (edits from the calendar); plan files come from the `PlanFiles` that `app.py` hands it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget

from smplanner.domain.example_titles import EXAMPLE_TITLES
from smplanner.i18n import SUPPORTED_LANGUAGES, _, language_autonym
from smplanner.ui.change_signal import PlanChangeSignal
from smplanner.ui.dialogs import messages
from smplanner.ui.live_calendar import LiveCalendar
from smplanner.ui.plan_commands import PlanCommands
from smplanner.ui.post_commands import PostCommands
from smplanner.ui.shared_plan import SharedPlanWatch
from smplanner.ui.view_actions import CalendarActions, standard_shortcut
from smplanner.ui.widgets.elided_label import ElidedLabel
from smplanner.ui.widgets.screen_fit import open_fitted

if TYPE_CHECKING:
    from smplanner.services.changes import Changes
    from smplanner.services.plan_files import PlanFiles
    from smplanner.services.planning import PlanningService
    from smplanner.ui.calendar.calendar_area import CalendarArea
    from smplanner.ui.plan_overview import PlanOverviewView
    from smplanner.ui.settings import AppSettings
    from smplanner.ui.welcome_view import WelcomeView

PREFERRED_SIZE = QSize(1100, 720)  # on a smaller screen, as much as it shows (a saved geometry wins)
BACKUP_CHECK_MS = 5 * 60 * 1000


class MainWindow(QMainWindow):
    plan_opened = Signal(object)  # the Path, or None when the plan was closed

    def __init__(
        self,
        settings: AppSettings,
        plan_files: PlanFiles,
        change_signal: PlanChangeSignal,
        log_folder: Path,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.plan_files = plan_files
        self.change_signal = change_signal
        self.log_folder = log_folder
        self._clock = clock
        self.service: PlanningService | None = None
        self.undo_stack = QUndoStack(self)
        self.plan_commands = PlanCommands(self, plan_files)
        self.post_commands = PostCommands(self)
        self.shared = SharedPlanWatch(self)
        self._overview: PlanOverviewView | None = None
        self.calendar: CalendarArea | None = None
        self._welcome: WelcomeView | None = None
        self.setObjectName("mainWindow")
        self.setMinimumSize(800, 560)
        open_fitted(self, PREFERRED_SIZE)

        self.centre = QStackedWidget()
        self.loading = QLabel()
        self.centre.addWidget(self.loading)
        self.setCentralWidget(self.centre)
        self.status_plan = ElidedLabel()
        self.live_calendar = LiveCalendar(lambda: self.service, self._clock, self)
        self.statusBar().addPermanentWidget(self.live_calendar.status)
        self.statusBar().addPermanentWidget(self.shared.status_others)
        self.statusBar().addPermanentWidget(self.status_plan)

        self._build_actions()
        self._build_menus()
        self.retranslate_ui()
        geometry = settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.statusBar().setVisible(settings.status_bar_visible())
        self.change_signal.plan_changed.connect(self._on_plan_changed)
        self.change_signal.plan_changed.connect(self.live_calendar.on_plan_changed)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.backup_if_due)
        self.backup_timer.start()

    def now(self) -> datetime:
        """The present, as an aware UTC instant, on the window's clock."""
        return self._clock().astimezone(UTC)

    def today(self) -> date:
        return self._clock().date()

    # -- building ------------------------------------------------------------------------------------------

    def _action(self, triggered: Callable[[], object] | None = None,
                shortcut: list[QKeySequence] | None = None) -> QAction:
        action = QAction(self)
        if triggered is not None:
            action.triggered.connect(lambda _checked=False: triggered())
        if shortcut:
            action.setShortcuts(shortcut)
        return action

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        plan = self.plan_commands
        self.new_action = self._action(plan.new_plan, standard_shortcut(S.New, "Ctrl+N"))
        self.open_action = self._action(plan.open_plan_dialog, standard_shortcut(S.Open, "Ctrl+O"))
        self.open_server_action = self._action(plan.open_server_plan_dialog)
        self.save_copy_action = self._action(plan.save_copy, standard_shortcut(S.SaveAs, "Ctrl+Shift+S"))
        self.copy_to_server_action = self._action(plan.copy_to_server)
        self.restore_action = self._action(plan.restore_from_backup)
        self.close_action = self._action(self.close_plan, standard_shortcut(S.Close, "Ctrl+W"))
        self.quit_action = self._action(self.close, standard_shortcut(S.Quit, "Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcuts(standard_shortcut(S.Undo, "Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self)
        self.redo_action.setShortcuts(standard_shortcut(S.Redo, "Ctrl+Shift+Z"))
        self.status_bar_action = self._action()
        self.status_bar_action.setCheckable(True)
        self.status_bar_action.setChecked(self.settings.status_bar_visible())
        self.status_bar_action.toggled.connect(self._set_status_bar_visible)
        self.rename_firm_action = self._action(plan.rename_firm)
        self.wizard_action = self._action(plan.edit_strategy, [QKeySequence("Ctrl+Shift+G")])
        self.new_post_action = self._action(self.post_commands.new_post, [QKeySequence("Ctrl+Shift+N")])
        self.export_strategy_action = self._action(plan.export_strategy)
        self.print_summary_action = self._action(plan.print_summary, standard_shortcut(S.Print, "Ctrl+P"))
        self.export_pdf_action = self._action(plan.export_summary_pdf)
        self.export_ics_action = self._action(lambda: plan.export_calendar("ics"))
        self.export_csv_action = self._action(lambda: plan.export_calendar("csv"))
        self.import_strategy_action = self._action(plan.import_strategy)
        self.import_posts_action = self._action(plan.import_posts)
        self.live_calendar_action = self._action(plan.keep_calendar_file)
        self.check_action = self._action(plan.check_plan)
        self.about_action = self._action(self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.log_folder_action = self._action(self.open_log_folder)
        self.calendar_actions = CalendarActions(self)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        current = self.settings.language()
        for code in ("system", *SUPPORTED_LANGUAGES):
            action = self._action(partial(self.set_language, code))
            action.setCheckable(True)
            action.setChecked(code == current)
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.plan_actions = [self.new_post_action, self.save_copy_action, self.copy_to_server_action,
                             self.restore_action, self.close_action,
                             self.rename_firm_action, self.check_action, self.wizard_action,
                             self.export_strategy_action, self.import_strategy_action, self.print_summary_action,
                             self.export_pdf_action, self.export_ics_action, self.export_csv_action,
                             self.import_posts_action, self.live_calendar_action]
        for action in self.plan_actions:
            action.setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.new_action)
        self.examples_menu = self.file_menu.addMenu("")
        self.example_actions: dict[str, QAction] = {}
        for name, _title, _description in EXAMPLE_TITLES:
            action = self._action(partial(self.plan_commands.new_from_example, name))
            self.examples_menu.addAction(action)
            self.example_actions[name] = action
        self.file_menu.addAction(self.open_action)
        self.file_menu.addAction(self.open_server_action)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self.plan_commands.fill_recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.save_copy_action)
        self.file_menu.addAction(self.copy_to_server_action)
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_strategy_action)
        self.file_menu.addAction(self.export_strategy_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_posts_action)
        self.file_menu.addAction(self.export_ics_action)
        self.file_menu.addAction(self.live_calendar_action)
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
        self.calendar_actions.add_to(self.view_menu)
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
        self.open_server_action.setText(_("Open a s&erver plan\u2026"))
        self.save_copy_action.setText(_("Save a cop&y as file\u2026"))
        self.copy_to_server_action.setText(_("Copy to a &server\u2026"))
        self.restore_action.setText(_("Restore from &backup\u2026"))
        self.close_action.setText(_("Close p&lan"))
        self.quit_action.setText(_("&Quit"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.status_bar_action.setText(_("&Status bar"))
        self.calendar_actions.retranslate_ui()
        self.language_menu.setTitle(_("&Language"))
        self.language_actions["system"].setText(_("As the system"))
        for code in SUPPORTED_LANGUAGES:  # each language named in itself, so it can be found from any other
            self.language_actions[code].setText(language_autonym(code))
        self.plan_menu.setTitle(_("&Plan"))
        self.rename_firm_action.setText(_("&Firm name\u2026"))
        self.wizard_action.setText(_("Strategy &wizard\u2026"))
        self.new_post_action.setText(_("&New post\u2026"))
        self.import_strategy_action.setText(_("&Import strategy\u2026"))
        self.export_strategy_action.setText(_("Export s&trategy\u2026"))
        self.export_ics_action.setText(_("Export &calendar (.ics)\u2026"))
        self.export_csv_action.setText(_("Export calendar as CS&V\u2026"))
        self.import_posts_action.setText(_("I&mport posts (CSV)\u2026"))
        self.live_calendar_action.setText(_("&Keep a calendar file up to date\u2026"))
        self.live_calendar.show_status()
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
                self._show_plan()
        super().changeEvent(event)

    # -- the open plan -------------------------------------------------------------------------------------

    def open_initial(self, requested: Path | str | None) -> None:
        """At start-up: the plan given on the command line, else the last one, else the default plan."""
        from PySide6.QtCore import Qt

        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if requested is not None:
            if not self.open_plan(requested):
                self._show_welcome()
            return
        last = self.settings.last_plan()
        if last is not None and (not isinstance(last, Path) or last.is_file()) and self.open_plan(last, quiet=True):
            return
        if isinstance(last, str):
            self.statusBar().showMessage(_("The server of the plan you had open last cannot be reached."), 15000)
        try:
            default = self.plan_files.ensure_default()
        except Exception as error:  # noqa: BLE001 - shown to the founder, who can still open or create a plan
            messages.tell_error(self, _("Cannot create your plan"), str(error))
            self._show_welcome()
            return
        if not self.open_plan(default):
            self._show_welcome()

    def open_plan(self, path: Path | str, quiet: bool = False) -> bool:
        """Open a plan for work, a plan file or a server plan (its address); on failure say why (unless quiet) and
        keep the current plan open. A server that cannot be reached is offered again."""
        from smplanner.storage.errors import (
            PlanDamagedError,
            PlanFileError,
            ServerConnectionLost,
            ServerUnreachableError,
        )
        from smplanner.storage.opening import plan_address

        try:
            address = plan_address(path)
        except PlanFileError as error:
            if not quiet:
                messages.tell_error(self, _("Cannot open the plan"), str(error))
            return False
        if self.service is not None and self._is_open(address):
            return True
        while True:
            try:
                service = self.plan_files.open(address)
                break
            except PlanDamagedError as error:
                if not quiet:
                    self.plan_commands.offer_backup_of_damaged(error)
                return False
            except (ServerUnreachableError, ServerConnectionLost) as error:
                if quiet or not messages.ask_retry(self, _("Cannot reach the server"), str(error)):
                    return False
            except PlanFileError as error:
                if not quiet:
                    messages.tell_error(self, _("Cannot open the plan"), str(error))
                return False
        self._close_service()
        self.service = service
        self.undo_stack.clear()
        remembered = address if isinstance(address, Path) else str(address)  # never a password
        self.settings.add_recent_file(remembered)
        self.settings.set_last_plan(remembered)
        for action in self.plan_actions:
            action.setEnabled(True)
        self.calendar_actions.set_enabled(True)
        self.restore_action.setEnabled(not service.on_server)  # a server plan's backup is a copy saved as a file
        self._show_plan()
        self.plan_opened.emit(address)
        QTimer.singleShot(0, self.backup_if_due)  # the backup at open, once the plan is on screen
        self.live_calendar.follow()
        self.shared.start()
        QTimer.singleShot(0, service.plan_file.prepare_writing)
        return True

    def _is_open(self, address: object) -> bool:
        """Whether this plan (a path or a server plan's address) is the one open here."""
        assert self.service is not None
        current = self.service.path
        if isinstance(address, Path) and isinstance(current, Path):
            return address.resolve() == current.resolve()
        return str(address) == str(current)

    def plan_failed(self, error: Exception) -> None:
        """A value the open plan cannot hold turned up while it was shown (the exception hook sends it here): close
        the plan, say what is wrong, and offer its newest good backup."""
        self.close_plan()
        self.plan_commands.offer_backup_of_damaged(error)

    def close_plan(self) -> None:
        self._close_service()
        self.settings.set_last_plan(None)
        self._show_welcome()

    def _close_service(self) -> None:
        self.live_calendar.flush()
        self.shared.stop()
        if self.service is not None:
            self.service.close()
            self.service = None
        if self.calendar is not None:
            self.calendar.set_service(None)
        self.undo_stack.clear()
        for action in self.plan_actions:
            action.setEnabled(False)
        self.calendar_actions.set_enabled(False)
        self.plan_opened.emit(None)

    def backup_if_due(self) -> None:
        if self.service is not None:
            self.service.backup_if_due()

    def _show_welcome(self) -> None:
        if self._welcome is None:
            from smplanner.ui.welcome_view import WelcomeView

            self._welcome = WelcomeView()
            self._welcome.new_requested.connect(self.plan_commands.new_plan)
            self._welcome.open_requested.connect(self.plan_commands.open_plan_dialog)
            self._welcome.example_requested.connect(self.plan_commands.new_from_example)
            self.centre.addWidget(self._welcome)
        self.centre.setCurrentWidget(self._welcome)
        self._update_title()

    def _show_plan(self) -> None:
        """Show the open plan again (after opening, or a language change)."""
        assert self.service is not None
        if self.calendar is None:
            self._build_calendar()
        assert self.calendar is not None
        if self.calendar.service is not self.service:
            self.calendar.set_service(self.service)
        else:
            self.calendar.invalidate()
        self.centre.setCurrentWidget(self.calendar)
        self._update_title(self.calendar.plan().firm.name)

    def _build_calendar(self) -> None:
        from smplanner.ui.calendar.calendar_area import CalendarArea
        from smplanner.ui.plan_overview import PlanOverviewView

        plan, posts = self.plan_commands, self.post_commands
        self._overview = PlanOverviewView()
        self._overview.wizard_requested.connect(plan.edit_strategy)
        self.calendar = CalendarArea(self._overview, self._clock)
        self.change_signal.plan_changed.connect(self.calendar.on_plan_changed)
        for signal, command in ((self.calendar.post_activated, posts.edit_post),
                                (self.calendar.slot_activated, posts.create_post),
                                (self.calendar.post_moved, posts.move_post),
                                (self.calendar.delete_requested, posts.delete_posts),
                                (self.calendar.market_days_requested, posts.edit_market_days),
                                (self.calendar.workload_settings_changed, posts.set_workload_settings),
                                (self.calendar.wizard_requested, plan.edit_strategy),
                                (self.calendar.fix_requested, posts.fix_posts),
                                (self.calendar.option_applied, posts.apply_option),
                                (self.calendar.new_post_requested, posts.new_post)):
            signal.connect(command)
        from smplanner.ui.publishing_commands import PublishingCommands

        self.publishing = PublishingCommands(self, self.undo_stack, self.change_signal.tell,
                                             lambda: self._clock().astimezone(), lambda: self.service,
                                             self.shared.command_refused)
        self.calendar.publish_requested.connect(self.publishing.publish)
        self.calendar.skip_requested.connect(self.publishing.skip)
        self.calendar.reopen_requested.connect(self.publishing.reopen)
        self.centre.addWidget(self.calendar)
        self.calendar_actions.attach(self.calendar)

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
        if not isinstance(path, Path):  # a server plan
            self.setWindowFilePath("")
            self.setWindowTitle(_("{firm} \u2014 {plan} on a server \u2014 smplanner").format(
                firm=firm_name if firm_name is not None else path.name, plan=path.name))
            self.status_plan.setText(_("{address} \u00b7 shared on a server \u00b7 saved automatically").format(
                address=path))
            return
        self.setWindowFilePath(str(path))
        name = firm_name if firm_name is not None else path.stem
        self.setWindowTitle(_("{firm} \u2014 {file} \u2014 smplanner").format(firm=name, file=path.name))
        self.status_plan.setText(_("{path} \u00b7 saved automatically").format(path=path))

    # -- the window ----------------------------------------------------------------------------------------

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
        self.live_calendar.flush()
        self.shared.stop()
        if self.service is not None:
            self.service.close()
            self.service = None
        if self.calendar is not None:
            self.calendar.set_service(None)
        self.settings.sync()
        super().closeEvent(event)
