"""The founder's edits of posts and of the workload, from the calendar views: each one is pushed on the window's undo
stack (or stored at once where there is no undo) and what it changed goes to the app's one change signal."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from smplanner.i18n import _, ngettext

if TYPE_CHECKING:
    from smplanner.domain.plan import Plan, Post
    from smplanner.ui.main_window import MainWindow


class PostCommands:
    """Edit, create, move, delete and fix posts; apply a workload option; store the workload settings; correct a
    market's days. The window hands each of them the open plan's service, its undo stack and the change signal."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    @property
    def _service(self):
        return self._window.service

    def _push(self, command) -> None:
        self._window.undo_stack.push(command)

    @property
    def _refused(self):
        """Told of a command a shared plan refused (see undo_commands.SharedCommand)."""
        return self._window.shared.command_refused

    def edit_post(self, post_id: str) -> None:
        from smplanner.ui.dialogs.post_dialog import PostDialog
        from smplanner.ui.undo_commands import EditPostCommand

        service = self._service
        before = service.post(post_id) if service else None
        if before is None:
            return
        plan = service.plan()
        after = PostDialog.ask(self._window, plan, before, context_of=self._warning_context(plan),
                               on_delete=lambda post_id: self.delete_posts([post_id]), on_duplicate=self._add_post)
        if after is not None and after != before:
            self._push(EditPostCommand(service, before, after, self._window.change_signal.tell, self._refused))

    def _warning_context(self, plan: Plan):
        """What the editor needs to show the warnings of a post dated from first to last (read when asked)."""
        service = self._service
        return lambda first, last: service.warning_context(first, last, plan)

    def _add_post(self, post: Post) -> None:
        from smplanner.ui.undo_commands import AddPostCommand

        self._push(AddPostCommand(self._service, post, self._window.change_signal.tell, self._refused))

    def create_post(self, when: datetime) -> None:
        """A new post at this moment (aware), in the market the founder picks in the editor."""
        from smplanner.domain.timezones import zone
        from smplanner.ui.dialogs.post_dialog import PostDialog

        service = self._service
        if service is None:
            return
        plan = service.plan()
        if not plan.markets:
            from smplanner.ui.dialogs.messages import tell_info

            tell_info(self._window, _("No market yet"), _("Add a target market with the strategy wizard first."))
            return
        market = plan.markets[0]
        local = when.astimezone(zone(market.zone)).replace(tzinfo=None)
        post = PostDialog.ask(self._window, plan, None, default_local=local, default_market_id=market.id,
                              context_of=self._warning_context(plan))
        if post is not None:
            self._add_post(post)

    def new_post(self) -> None:
        """A new post on the day the calendar shows (or the plan's first day, or today), at 09:00 market time."""
        from smplanner.domain.timezones import zone

        calendar = self._window.calendar
        if self._service is None or calendar is None:
            return
        plan = self._service.plan()
        day = max(calendar.anchor, plan.strategy.period_start) if calendar.anchor else None
        home = plan.markets[0].zone if plan.markets else plan.firm.home_zone
        self.create_post(datetime.combine(day or self._window.today(), time(9, 0), tzinfo=zone(home)))

    def move_post(self, post_id: str, when: datetime) -> None:
        """A post dropped at an aware moment: it moves to that moment's wall-clock time in its own zone."""
        from smplanner.domain.timezones import zone
        from smplanner.ui.undo_commands import MovePostCommand

        service = self._service
        before = service.post(post_id) if service else None
        if before is None:
            return
        moved = when.astimezone(zone(before.zone))
        local = moved.replace(tzinfo=None)
        if local != before.local:
            self._push(MovePostCommand(service, before, local, self._window.change_signal.tell, fold=moved.fold,
                                       refused=self._refused))

    def delete_posts(self, post_ids: list) -> None:
        from smplanner.ui.undo_commands import DeletePostsCommand

        if self._service is not None and post_ids:
            self._push(DeletePostsCommand(self._service, post_ids, self._window.change_signal.tell, self._refused))

    def fix_posts(self, post_id: str, warning: str, scope: str) -> None:
        """Apply a warning's fix to a post, or to every post with that warning in its market or rule, as one undoable
        step; what a fix refuses to do (out of the plan period, onto another post of its rule) is said."""
        from smplanner.domain.post_fixes import FIX_LABELS, FIX_OF, FixScope
        from smplanner.domain.post_warnings import PostWarning
        from smplanner.ui.dialogs.messages import tell_error
        from smplanner.ui.undo_commands import FixPostsCommand

        service = self._service
        if service is None:
            return
        wanted = PostWarning(warning)
        fix_plan = service.plan_fix(post_id, wanted, FixScope(scope), self._window.now())
        if not fix_plan.moved:
            reason = fix_plan.refused[0].reason if fix_plan.refused else _("No post has this warning any more.")
            tell_error(self._window, _("Cannot fix this"), reason)
            return
        count = len(fix_plan.moved)
        label = ngettext("{fix} ({count} post)", "{fix} ({count} posts)", count).format(
            fix=_(FIX_LABELS[FIX_OF[wanted]]), count=count)
        self._push(FixPostsCommand(service, list(fix_plan.moved), label, self._window.change_signal.tell,
                                   self._refused))
        message = ngettext("{count} post moved", "{count} posts moved", count).format(count=count)
        if fix_plan.refused:
            message = ngettext("{moved}; {count} left where it is: {reason}", "{moved}; {count} left where they are: "
                               "{reason}", len(fix_plan.refused)).format(
                moved=message, count=len(fix_plan.refused), reason=fix_plan.refused[0].reason)
        self._window.statusBar().showMessage(message, 8000)

    def apply_option(self, option: object) -> None:
        """Apply a workload finding's option (the plan as the option changes it) as one undoable step that stores
        the decisions and regenerates the calendar as the wizard's Finish does."""
        from smplanner.ui.dialogs.messages import tell_error
        from smplanner.ui.undo_commands import ApplyDecisionsCommand

        service = self._service
        changed = getattr(option, "plan", None)
        if service is None or changed is None:
            return
        text = getattr(option, "text", "")
        try:
            changes, snapshot = service.apply_decisions_undoably(changed, self._window.now())
        except Exception as error:  # noqa: BLE001 - the transaction rolled back: nothing stored, the founder is told
            self._window.shared.catch_up()  # someone else's change, if that was why
            tell_error(self._window, _("Cannot apply the option"),
                       _("Nothing was changed. {reason}").format(reason=getattr(error, "reason", error)))
            return
        self._push(ApplyDecisionsCommand(service, changed, text, self._window.now, self._window.change_signal.tell,
                                         changes, snapshot, self._refused))
        self._window.statusBar().showMessage(
            _("Applied: {option}. Calendar regenerated: {added} posts added, {removed} removed.").format(
                option=text, added=changes.posts_added, removed=changes.posts_removed), 8000)

    def set_workload_settings(self, settings: object) -> None:
        from smplanner.storage.errors import PlanFileError
        from smplanner.ui.dialogs.messages import tell_error

        if self._service is not None:
            try:
                self._window.change_signal.tell(self._service.set_workload_settings(settings))
            except PlanFileError as error:  # the server could not be reached: nothing stored
                tell_error(self._window, _("The change was not stored"), str(error))

    def edit_market_days(self, market_id: str) -> None:
        from smplanner.ui.dialogs.market_days_dialog import MarketDaysDialog

        service = self._service
        if service is None:
            return
        strategy = service.plan().strategy
        changes = MarketDaysDialog.show_for(self._window, service, market_id, strategy.period_start,
                                            strategy.period_end)
        self._window.change_signal.tell(changes)

