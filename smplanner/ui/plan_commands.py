"""What the File and Plan menus do: make, open and copy plan files, open a server plan and copy a plan to a server,
restore a backup, offer a damaged plan's backup, check the file, rename the firm, run the strategy wizard, import and
export strategy files, take the calendar and the summary away (ICS, CSV, PDF, print), keep a calendar file up to
date, and import posts from a CSV. Posts edited one at a time are `post_commands.py`'s."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from smplanner.domain.validation import NAME_LENGTH
from smplanner.i18n import _, ngettext
from smplanner.ui import file_dialogs
from smplanner.ui.dialogs import messages

if TYPE_CHECKING:
    from smplanner.domain.plan import Plan
    from smplanner.services.plan_files import PlanFiles
    from smplanner.services.strategy_file import StrategyDocument
    from smplanner.ui.main_window import MainWindow


class PlanCommands:
    """The window's commands on plan files and on the open plan as a whole. Each asks what it needs (a file, a
    confirmation), calls the plan files or the open plan's service, and tells what changed through the app's one
    change signal; failures are told, never raised."""

    def __init__(self, window: MainWindow, plan_files: PlanFiles) -> None:
        self._window = window
        self._files = plan_files

    @property
    def _service(self):
        return self._window.service

    def _status(self, text: str, milliseconds: int = 5000) -> None:
        self._window.statusBar().showMessage(text, milliseconds)

    def output_path(self, suffix: str, name: str | None = None) -> Path:
        """Where an output of the open plan is first suggested: beside a plan file, in the documents folder for a
        server plan."""
        path = self._service.path
        if isinstance(path, Path):
            return path.with_name((name or path.stem) + suffix)
        from PySide6.QtCore import QStandardPaths

        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents or Path.home()) / ((name or path.name) + suffix)

    # -- plan files --------------------------------------------------------------------------------------------

    def new_plan(self) -> None:
        path = file_dialogs.ask_new_plan_path(self._window, self._files.data_folder / _("New plan.smplan"))
        if path is not None and self._made(lambda: self._files.create_empty(path)):
            self._window.open_plan(path)

    def new_from_example(self, name: str) -> None:
        path = file_dialogs.ask_new_plan_path(self._window, self._files.data_folder / (name + ".smplan"))
        if path is not None and self._made(lambda: self._files.create_from_example(path, name)):
            self._window.open_plan(path)

    def _made(self, make) -> bool:
        try:
            make()
        except Exception as error:  # noqa: BLE001 - a PlanFileError or OSError, told to the founder
            messages.tell_error(self._window, _("Cannot create the plan"), str(error))
            return False
        return True

    def open_plan_dialog(self) -> None:
        path = file_dialogs.ask_open_plan_path(self._window, self._files.data_folder)
        if path is not None:
            self._window.open_plan(path)

    def fill_recent_menu(self) -> None:
        menu, settings = self._window.recent_menu, self._window.settings
        menu.clear()
        recent = settings.recent_files()
        for index, path in enumerate(recent, start=1):
            name = path.name if isinstance(path, Path) else _("{plan} (on a server)").format(
                plan=_server_plan_name(path))
            action = menu.addAction("&{n} {name}".format(n=index, name=name) if index < 10 else name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self._window.open_plan(p))
        if not recent:
            menu.addAction(_("No recent plans")).setEnabled(False)
            return
        menu.addSeparator()
        menu.addAction(_("Clear the list")).triggered.connect(settings.clear_recent_files)

    def save_copy(self) -> None:
        """Save a copy of the plan as a plan file: for a server plan, its backup (checked once written)."""
        from smplanner.storage.errors import PlanFileError

        service = self._service
        if service is None:
            return
        name = service.path.stem if isinstance(service.path, Path) else service.path.name
        path = file_dialogs.ask_copy_path(self._window, self.output_path(".smplan", _("{name} copy").format(name=name)))
        if path is None:
            return
        try:
            service.save_copy(path)
        except PlanFileError as error:
            messages.tell_error(self._window, _("Cannot save a copy"), str(error))
            return
        self._status(_("Copy saved as {path}").format(path=path))

    def _recent_servers(self) -> list[str]:
        return [str(path) for path in self._window.settings.recent_files() if not isinstance(path, Path)]

    def open_server_plan_dialog(self) -> None:
        from smplanner.ui.dialogs.server_plan_dialog import ServerPlanDialog, ServerPlanPurpose

        address = ServerPlanDialog.ask(self._window, ServerPlanPurpose.OPEN, self._recent_servers())
        if address is not None:
            self._window.open_plan(address)

    def copy_to_server(self) -> None:
        """Copy the open plan to a server (checked once copied), then offer to work on the copy there."""
        from smplanner.storage.errors import PlanFileError, ServerConnectionLost, ServerUnreachableError
        from smplanner.storage.opening import plan_address
        from smplanner.storage.plan_copy import copy_plan
        from smplanner.storage.server_address import SCHEMA_NAME
        from smplanner.ui.dialogs.server_plan_dialog import ServerPlanDialog, ServerPlanPurpose

        service = self._service
        if service is None:
            return
        stem = service.path.stem if isinstance(service.path, Path) else service.path.name
        suggested = "".join(c if c.isalnum() and c.isascii() else "_" for c in stem.lower()).strip("_")
        suggested = suggested if SCHEMA_NAME.fullmatch(suggested) else ""
        address = ServerPlanDialog.ask(self._window, ServerPlanPurpose.COPY, self._recent_servers(), suggested)
        if address is None:
            return
        while True:
            try:
                report = copy_plan(service.path, address, opened=service.plan_file)
                break
            except (ServerUnreachableError, ServerConnectionLost) as error:
                if not messages.ask_retry(self._window, _("Cannot reach the server"), str(error)):
                    return
            except PlanFileError as error:
                messages.tell_error(self._window, _("Cannot copy the plan to the server"), str(error))
                return
        self._window.settings.add_recent_file(str(plan_address(address)))  # never a password
        if messages.ask_open_copy(self._window, ngettext(
                "The plan was copied to the server and checked: {count} post, every table the same. Work on the "
                "copy on the server now? (This plan stays as it is.)",
                "The plan was copied to the server and checked: {count} posts, every table the same. Work on the "
                "copy on the server now? (This plan stays as it is.)", report.posts).format(count=report.posts)):
            self._window.open_plan(address)

    def restore_from_backup(self) -> None:
        from smplanner.ui.dialogs.restore_backup_dialog import RestoreBackupDialog

        service = self._service
        if service is None:
            return
        backup = RestoreBackupDialog.ask(service.list_backups(), service.path.name, self._window)
        if backup is None:
            return
        changes = service.restore(backup)
        self._window.undo_stack.clear()
        self._window.change_signal.tell(changes)
        self._status(_("Plan restored from the backup."))

    def offer_backup_of_damaged(self, error: Exception) -> None:
        """A plan that cannot be shown: say why, and offer its newest good backup as a new file to open."""
        from smplanner.i18n.formatting import format_datetime
        from smplanner.storage.errors import PlanContentError

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
        backup = self._files.newest_good_backup(path)
        if backup is None:
            parts = (what, details, _("No good backup of it was found."))
            messages.tell_error(self._window, _("The plan cannot be opened"), "\n\n".join(p for p in parts if p))
            return
        target = self._files.restored_path(path, backup)
        question = _("A good backup from {when} exists: restore it as \u201c{target}\u201d and open it?").format(
            when=format_datetime(backup.taken_at), target=target.name)
        if messages.ask_restore_damaged(self._window, what, question, details):
            self._window.open_plan(self._files.restore_as_new(backup, target))

    def check_plan(self) -> None:
        from smplanner.storage.errors import PlanFileError

        if self._service is None:
            return
        try:
            self._service.check_integrity()
        except PlanFileError as error:
            messages.tell_error(self._window, _("The plan file has a problem"), str(error))
            return
        messages.tell_info(self._window, _("Check the plan file"), _("The plan file is in good health."))

    # -- the firm and the strategy -----------------------------------------------------------------------------

    def rename_firm(self) -> None:
        if self._service is None:
            return
        before = self._service.plan().firm
        name = messages.ask_text(self._window, _("Firm name"), _("The name of your firm:"), before.name, NAME_LENGTH)
        if name is not None:
            self.set_firm_name(name)

    def set_firm_name(self, name: str) -> None:
        from smplanner.ui.undo_commands import EditFirmCommand

        service = self._service
        assert service is not None
        name = name.strip()
        if not name:
            messages.tell_error(self._window, _("Firm name"), _("The firm needs a name."))
            return
        before = service.plan().firm
        if name != before.name:
            self._window.undo_stack.push(EditFirmCommand(service, before, dataclasses.replace(before, name=name),
                                                         self._window.change_signal.tell,
                                                         self._window.shared.command_refused))

    def edit_strategy(self) -> None:
        """Open the strategy wizard on the plan's decisions; Finish stores them and regenerates the calendar."""
        from smplanner.ui.wizard.strategy_wizard import StrategyWizard

        service = self._service
        if service is None:
            return
        opened = service.plan()
        decided = StrategyWizard.ask(self._window, opened, self._window.today(),
                                     service.hand_posts_by_market(), service.workload_settings(),
                                     service.holiday_overrides())
        if decided is not None:
            self.apply_decisions(decided, base=opened)

    def apply_decisions(self, plan: Plan, document: StrategyDocument | None = None, base: Plan | None = None) -> None:
        """Store decided decisions (and, from a strategy file's `document`, its holiday corrections and events).

        `base` is the plan the wizard opened on: when someone else changed the decisions since, the founder is told,
        and may apply the wizard's changes again on theirs (what the wizard changed is written, the rest of theirs
        kept) or reload."""
        from smplanner.domain.shared_edits import reapplied_plan
        from smplanner.storage.errors import EditConflict

        service = self._service
        assert service is not None
        corrections = document.holiday_corrections if document is not None else None
        events = document.market_events if document is not None else None
        try:
            changes = service.apply_decisions(plan, self._window.now(), corrections, events, base)
        except EditConflict as conflict:
            self._window.shared.catch_up()
            reason = conflict.reason[:1].upper() + conflict.reason[1:]
            if base is not None and messages.ask_after_conflict(self._window, reason, True):
                current = service.plan()
                self.apply_decisions(reapplied_plan(base, plan, current), document, current)
            return
        except Exception as error:  # noqa: BLE001 - the transaction rolled back: nothing stored, the founder is told
            messages.tell_error(self._window, _("Cannot store the decisions"),
                                _("Nothing was changed. {reason}").format(reason=error))
            return
        self._window.undo_stack.clear()  # the firm edits on the stack predate the stored decisions
        self._window.change_signal.tell(changes)
        self._status(_("Decisions stored; calendar regenerated: {added} posts added, {removed} removed.").format(
            added=changes.posts_added, removed=changes.posts_removed), 8000)

    def export_strategy(self) -> None:
        from smplanner.services.strategy_file import StrategyFileError
        from smplanner.storage.errors import PlanFileError

        service = self._service
        if service is None:
            return
        try:
            service.strategy_text()
        except StrategyFileError as error:  # e.g. two actors with one name: the file could not be read back
            messages.tell_error(self._window, _("Cannot export the strategy"), str(error))
            return
        path = file_dialogs.ask_strategy_path(self._window, True, self.output_path(".toml"))
        if path is None:
            return
        try:
            service.write_strategy(path)
        except (StrategyFileError, PlanFileError) as error:  # e.g. a full disk
            messages.tell_error(self._window, _("Cannot export the strategy"), str(error))
            return
        self._status(_("Strategy exported to {path}").format(path=path))

    def import_strategy(self) -> None:
        from smplanner.services.strategy_file import StrategyFileError, import_strategy

        if self._service is None:
            return
        path = file_dialogs.ask_strategy_path(self._window, False, self._files.data_folder)
        if path is None:
            return
        try:
            document = import_strategy(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            messages.tell_error(self._window, _("Cannot import the strategy"),
                                _("Cannot read \u201c{path}\u201d: {reason}.").format(
                                    path=path, reason=getattr(error, "strerror", None) or str(error)))
            return
        except StrategyFileError as error:
            messages.tell_error(self._window, _("Cannot import the strategy"),
                                _("\u201c{file}\u201d: {problem}").format(file=path.name, problem=error))
            return
        if messages.ask_replace_strategy(self._window, path.name):
            self.apply_decisions(document.plan, document)

    # -- what the founder takes away -----------------------------------------------------------------------------

    def _summary(self):
        from smplanner.services.summary import summary_for

        return summary_for(self._service, self._window.today())

    def print_summary(self) -> None:
        """The one-page summary in a print preview, from which it prints."""
        from smplanner.ui.printing import print_preview

        if self._service is not None:
            print_preview(self._window, self._summary)

    def export_summary_pdf(self) -> None:
        from smplanner.storage.errors import PlanFileError
        from smplanner.ui.printing import default_paper, write_summary_pdf

        service = self._service
        if service is None:
            return
        path = file_dialogs.ask_save_path(self._window, _("Export the summary as PDF"),
                                          self.output_path(".pdf"), _("PDF files (*.pdf)"))
        if path is None:
            return
        try:
            write_summary_pdf(self._summary(), path, paper=default_paper(), inputs=service.inputs)
        except PlanFileError as error:  # the output is an input, or could not be written
            messages.tell_error(self._window, _("Cannot export the summary"), str(error))
            return
        self._status(_("Summary exported to {path}").format(path=path))

    def export_calendar(self, kind: Literal["ics", "csv"]) -> None:
        """The calendar, or a filter of it, as an .ics file for calendar programs or a CSV for spreadsheets."""
        from smplanner.services.ics_export import CsvOptions
        from smplanner.storage.errors import PlanFileError
        from smplanner.ui.dialogs.export_dialog import ExportDialog

        service = self._service
        if service is None:
            return
        plan = service.plan()
        request = ExportDialog.ask(self._window, plan, kind, plan.strategy.period_start, plan.strategy.period_end)
        if request is None:
            return
        suffix, filter_text = ((".ics", _("Calendar files (*.ics)")) if kind == "ics"
                               else (".csv", _("CSV files (*.csv)")))
        path = file_dialogs.ask_save_path(self._window, _("Export the calendar"), self.output_path(suffix),
                                          filter_text)
        if path is None:
            return
        csv_options = request.options if isinstance(request.options, CsvOptions) else CsvOptions()
        try:
            if kind == "ics":
                written = service.export_ics(path, request.filter, request.first, request.last, request.options)
                count, cancelled = written.posts, written.cancelled
            else:
                count = service.export_csv(path, request.filter, request.first, request.last,
                                           bom=csv_options.bom)
                cancelled = 0
        except PlanFileError as error:  # the output is an input, or could not be written
            messages.tell_error(self._window, _("Cannot export the calendar"), str(error))
            return
        message = ngettext("{count} post exported to {path}", "{count} posts exported to {path}", count).format(
            count=count, path=path)
        if cancelled:
            from smplanner.services.ics_export import cancelled_message

            message += " \u2014 " + cancelled_message(cancelled)
        self._status(message, 10000)

    def keep_calendar_file(self) -> None:
        """Choose (or change, or stop) the calendar file the app writes after every change (see `LiveCalendar`)."""
        from smplanner.services.ics_export import settings_filter, settings_options
        from smplanner.storage.errors import PlanFileError
        from smplanner.ui.dialogs.export_dialog import ExportDialog

        service = self._service
        if service is None:
            return
        live = service.live_calendar()
        current = None if live is None else (live.path, settings_filter(live.settings),
                                              settings_options(live.settings))
        request = ExportDialog.ask_live(self._window, service.plan(), current, self.output_path(".ics"))
        if request is None:
            return
        if isinstance(request, str):  # STOP, the one word it answers with
            service.stop_live_calendar()
            self._window.live_calendar.stopped()
            self._status(_("The calendar file is no longer kept up to date."))
            return
        try:
            written = service.keep_calendar(request.path, request.filter, request.options)
        except PlanFileError as error:  # the file is the plan or a backup, or could not be written
            messages.tell_error(self._window, _("Cannot keep the calendar file up to date"), str(error))
            return
        self._window.live_calendar.written(str(written.path))

    # -- posts from a CSV ----------------------------------------------------------------------------------------

    def import_posts(self) -> None:
        """Posts from our own CSV or Hootsuite's bulk format, previewed before anything is stored; one undo step."""
        from smplanner.services.post_csv import CsvFileError
        from smplanner.ui.dialogs.import_dialog import ImportPostsDialog
        from smplanner.ui.undo_commands import ImportPostsCommand

        service = self._service
        if service is None:
            return
        path = file_dialogs.ask_import_path(self._window, self._files.data_folder)
        if path is None:
            return
        try:
            data = path.read_bytes()
            preview = service.preview_csv(data)
        except OSError as error:
            messages.tell_error(self._window, _("Cannot import posts"),
                                _("Cannot read \u201c{path}\u201d: {reason}.").format(
                                    path=path, reason=error.strerror or error))
            return
        except CsvFileError as error:
            messages.tell_error(self._window, _("Cannot import posts"),
                                _("\u201c{file}\u201d: {problem}").format(file=path.name, problem=error))
            return
        preview = ImportPostsDialog.ask(self._window, service, data, path.name, preview)
        if preview is None:
            return
        self._window.undo_stack.push(ImportPostsCommand(service, preview, self._window.change_signal.tell,
                                                         self._window.shared.command_refused))
        self._status(_("Imported from {file}: {summary}.").format(file=path.name, summary=preview.summary()), 8000)


def _server_plan_name(address: str) -> str:
    """A remembered server plan's short name (its schema, else its database)."""
    from smplanner.storage.server_address import ServerAddress

    uri, _hash, schema = address.partition("#")
    return ServerAddress(uri, schema or None).name
