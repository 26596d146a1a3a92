"""The agenda on real plan files: a valid model, sorting and search in storage, Delete and Enter, rows that move
with the posts a command changes, and 65,000 posts read a page at a time."""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

from smplanner.domain.calendar_filter import CalendarFilter, PostOrder, PostQuery
from smplanner.domain.examples import example
from smplanner.domain.plan import Plan, Post, PostStatus, PostVersion
from smplanner.domain.post_warnings import PostAdvice, WarningContext, advice_for
from smplanner.domain.timezones import zone
from smplanner.services.changes import Changes
from smplanner.services.holidays import market_days_off
from smplanner.services.planning import PlanningService, posts_for
from smplanner.storage.plan_file import PlanFile
from smplanner.ui.calendar.agenda_view import AgendaModel, AgendaView, Column, PostIdRole, _IdPages
from smplanner.ui.undo_commands import DeletePostsCommand, EditPostCommand, FixPostsCommand, MovePostCommand

START = date(2027, 1, 11)


@pytest.fixture(scope="module")
def confectioner() -> tuple[Plan, list[Post]]:
    plan = example("confectioner").build(START)
    return plan, posts_for(plan)


def warnings_of(plan: Plan, posts: list[Post]) -> dict[str, PostAdvice]:
    first, last = plan.strategy.period_start, plan.strategy.period_end
    context = WarningContext(plan, plan.catalogue(), market_days_off(plan, [], first, last, "en"))
    return {post.id: advice_for(post, context) for post in posts}


def open_service(folder: Path, plan: Plan, posts: list[Post]) -> PlanningService:
    path = folder / "agenda.smplan"
    PlanFile.create(path, plan, posts)
    return PlanningService(PlanFile.open(path))


@pytest.fixture
def service(tmp_path: Path, confectioner):
    plan, posts = confectioner
    opened = open_service(tmp_path, plan, posts)
    yield opened
    opened.close()


def agenda_on(qtbot, service: PlanningService) -> AgendaView:
    agenda = AgendaView(service)
    qtbot.addWidget(agenda)
    agenda.resize(1024, 700)
    agenda.show()
    qtbot.waitExposed(agenda)
    agenda.refresh()
    return agenda


@pytest.fixture
def view(qtbot, service: PlanningService) -> AgendaView:
    return agenda_on(qtbot, service)


def shown(view: AgendaView, column: Column = Column.LOCAL) -> list[str]:
    return [view.model.index(row, column).data() for row in range(view.model.rowCount())]


def shown_posts(view: AgendaView) -> list[Post]:
    return [view.model.post_at(row) for row in range(view.model.rowCount())]


class RowMirror:
    """The rows as the model's signals tell them: a list changed only by the rows inserted, removed and moved (a
    reset or a layout change reads it again). An inserted row's id is read when the rows are asked for, once the
    command is over: a model may be told the changes of a command one by one while storage already holds them all."""

    def __init__(self, model: AgendaModel) -> None:
        self.model = model
        self.ids: list[str | None] = list(model.post_ids())
        model.rowsInserted.connect(lambda _parent, first, last: self.ids.__setitem__(
            slice(first, first), [None] * (last - first + 1)))
        model.rowsRemoved.connect(lambda _parent, first, last: self.ids.__delitem__(slice(first, last + 1)))
        model.rowsMoved.connect(self._moved)
        for reread in (model.modelReset, model.layoutChanged):
            reread.connect(lambda *_args: setattr(self, "ids", list(model.post_ids())))

    def _moved(self, _parent, first: int, last: int, _destination, row: int) -> None:
        moving = self.ids[first:last + 1]
        del self.ids[first:last + 1]
        at = row if row < first else row - len(moving)
        self.ids[at:at] = moving

    def rows(self) -> list[str]:
        self.ids = [self.model.post_id(row) if post_id is None else post_id for row, post_id in enumerate(self.ids)]
        return [post_id for post_id in self.ids if post_id is not None]


# -- the model ----------------------------------------------------------------------------------------------------


def test_the_model_is_a_valid_qt_model(qtmodeltester, tmp_path: Path, confectioner) -> None:
    plan, posts = confectioner
    service = open_service(tmp_path, plan, posts[:300])
    model = AgendaModel()
    model.show_posts(service, plan, PostQuery())
    qtmodeltester.check(model)
    model.sort(Column.MARKET, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    service.close()


def test_each_row_shows_both_times_with_their_zones_and_the_post(service: PlanningService, confectioner) -> None:
    plan, posts = confectioner
    model = AgendaModel()
    model.show_posts(service, plan, PostQuery())
    assert model.rowCount() == len(posts) and model.columnCount() == len(Column)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Column] == [
        "Market time", "Your time", "Market", "Network", "Language", "Title", "Status", "Warnings", "Notes"]
    tokyo = next(row for row in range(model.rowCount()) if model.post_at(row).zone == "Asia/Tokyo")
    post = model.post_at(tokyo)
    texts = [model.index(tokyo, c).data() for c in Column]
    assert texts[Column.LOCAL].endswith("JST") and texts[Column.HOME].endswith(("CET", "CEST"))
    assert str(post.local.year) in texts[Column.LOCAL]
    assert texts[Column.MARKET] == "JP \u00b7 Japan"
    assert texts[Column.LANGUAGE] == "Japanese"
    assert texts[Column.STATUS] == "Idea"
    assert model.index(tokyo, Column.TITLE).data(PostIdRole) == post.id


def test_warnings_are_named_with_a_tooltip_and_an_icon(view: AgendaView) -> None:
    model = view.model
    row = next(r for r in range(model.rowCount()) if model.warnings_of(model.post_id(r)))
    index = model.index(row, Column.WARNINGS)
    assert index.data() and index.data(Qt.ItemDataRole.ToolTipRole)
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    calm = next(r for r in range(model.rowCount()) if not model.warnings_of(model.post_id(r)))
    assert model.index(calm, Column.WARNINGS).data() == ""


def test_notes_have_their_own_column_and_are_no_warnings(qtbot, tmp_path: Path) -> None:
    plan = example("confectioner").build(START)
    japan = next(m for m in plan.markets if m.country == "JP")
    line = next(p for p in plan.presences if p.market_id == japan.id and p.platform == "line")
    founder = next(a for a in plan.actors if a.kind.value == "founder")
    plan = dataclasses.replace(plan, presences=tuple(dataclasses.replace(p, actor_id=founder.id) if p.id == line.id
                                                     else p for p in plan.presences))
    night = Post(japan.id, "line", datetime(2027, 3, 3, 11, 0), japan.zone, presence_id=line.id, title="LINE")
    service = open_service(tmp_path, plan, [night])
    model = AgendaModel()
    model.show_posts(service, plan, PostQuery())
    assert model.index(0, Column.NOTES).data() == "schedule ahead"  # LINE's business tool can schedule it
    assert "schedule it in advance" in model.index(0, Column.NOTES).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, Column.WARNINGS).data() == "" and model.warnings_of(night.id) == ()
    service.close()


# -- sorting, search ------------------------------------------------------------------------------------------------


def test_posts_come_in_time_order_and_sort_back_and_forth(view: AgendaView) -> None:
    instants = [p.instant for p in shown_posts(view)]
    assert instants == sorted(instants)
    view.table.horizontalHeader().setSortIndicator(Column.LOCAL, Qt.SortOrder.DescendingOrder)
    assert [p.instant for p in shown_posts(view)] == sorted(instants, reverse=True)
    view.table.horizontalHeader().setSortIndicator(Column.HOME, Qt.SortOrder.AscendingOrder)
    assert [p.instant for p in shown_posts(view)] == sorted(instants)


def test_sorting_by_market_keeps_time_order_within_a_market(view: AgendaView, confectioner) -> None:
    plan, _posts = confectioner
    codes = {m.id: m.code for m in plan.markets}
    view.table.horizontalHeader().setSortIndicator(Column.MARKET, Qt.SortOrder.AscendingOrder)
    posts = shown_posts(view)
    keys = [(codes[p.market_id], p.instant) for p in posts]
    assert keys == sorted(keys)
    assert codes[posts[0].market_id] == "CN"


def test_sorting_keeps_the_selection_on_the_same_posts(view: AgendaView) -> None:
    chosen = [view.model.post_id(5), view.model.post_id(40)]
    view.select_posts(chosen)
    view.table.horizontalHeader().setSortIndicator(Column.TITLE, Qt.SortOrder.DescendingOrder)
    assert sorted(view.selected_post_ids()) == sorted(chosen)


def test_search_keeps_matching_titles_and_texts(qtbot, tmp_path: Path, confectioner) -> None:
    plan, posts = confectioner
    titled = [dataclasses.replace(p, title="Cuberdon tasting {n}".format(n=n)) if n % 10 == 0 else
              dataclasses.replace(p, versions=(*p.versions[:-1], dataclasses.replace(
                  p.versions[-1], text="Ghent's purple CUBERDON cône"))) if n % 25 == 1 else p
              for n, p in enumerate(posts)]
    view = agenda_on(qtbot, open_service(tmp_path, plan, titled))
    view.search.setText("cuberdon")
    view.apply_search()
    matching = [p for p in titled
                if "cuberdon" in "\n".join((p.title, *(v.text for v in p.versions))).casefold()]
    assert 0 < view.model.rowCount() == len(matching) < len(posts)
    assert {p.id for p in shown_posts(view)} == {p.id for p in matching}
    assert view.count.text() == "{n} of {total} posts".format(n=len(matching), total=len(posts))
    view.search.setText("TASTING 10")
    view.apply_search()
    assert [p.title for p in shown_posts(view)] == ["Cuberdon tasting 10", "Cuberdon tasting 100"]
    view.search.setText("CÔNE")  # any case, beyond ASCII
    view.apply_search()
    assert view.model.rowCount() == sum(1 for p in titled if any("cône" in v.text for v in p.versions))
    view.search.clear()
    view.apply_search()
    assert view.model.rowCount() == len(posts)
    assert view.count.text() == "{total} posts".format(total=len(posts))


def test_typing_filters_after_a_pause(qtbot, view: AgendaView) -> None:
    total = view.model.rowCount()
    qtbot.keyClicks(view.search, "zzz-nothing")
    assert view.model.rowCount() == total  # not yet: one search per pause, not per letter
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=2000)


# -- keys -------------------------------------------------------------------------------------------------------------


def test_delete_asks_to_delete_the_selected_posts(qtbot, view: AgendaView) -> None:
    chosen = [view.model.post_id(2), view.model.post_id(3), view.model.post_id(7)]
    view.select_posts(chosen)
    view.table.setFocus()
    with qtbot.waitSignal(view.delete_requested) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert blocker.args == [chosen]


def test_delete_with_nothing_selected_asks_nothing(qtbot, view: AgendaView) -> None:
    view.table.clearSelection()
    with qtbot.assertNotEmitted(view.delete_requested):
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)


def test_enter_and_double_click_open_the_current_post(qtbot, view: AgendaView) -> None:
    view.select_posts([view.model.post_id(4)])
    with qtbot.waitSignal(view.post_activated) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [view.model.post_id(4)]
    index = view.model.index(9, Column.TITLE)
    with qtbot.waitSignal(view.post_activated) as blocker:
        view.table.doubleClicked.emit(index)
    assert blocker.args == [view.model.post_id(9)]


def test_arrow_keys_move_between_posts(qtbot, view: AgendaView) -> None:
    view.select_posts([view.model.post_id(0)])
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.current_post_id() == view.model.post_id(1)


# -- with a plan file: the one-way flow ------------------------------------------------------------------------------


def test_deleting_from_the_agenda_is_undoable(qtbot, service: PlanningService) -> None:
    view = AgendaView(service)
    qtbot.addWidget(view)
    view.refresh()
    total = view.model.rowCount()
    stack = QUndoStack()
    told: list[Changes] = []

    def notify(changes: Changes) -> None:  # the window's plan_changed.emit
        told.append(changes)
        view.on_plan_changed(changes)

    view.delete_requested.connect(lambda ids: stack.push(DeletePostsCommand(service, ids, notify)))
    chosen = [view.model.post_id(row) for row in (1, 2, 3)]
    view.select_posts(chosen)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert stack.undoText() == "Delete 3 posts"
    assert view.model.rowCount() == total - 3 and told[-1].touches_posts
    assert all(service.post(i) is None for i in chosen)
    stack.undo()
    assert view.model.rowCount() == total
    assert all(service.post(i) is not None for i in chosen)
    stack.redo()
    assert view.model.rowCount() == total - 3


@pytest.mark.parametrize("column", list(Column))
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_rows_follow_the_posts_a_command_changes_in_every_order(qtbot, service: PlanningService, column: Column,
                                                                  order: Qt.SortOrder) -> None:
    view = agenda_on(qtbot, service)
    view.table.horizontalHeader().setSortIndicator(column, order)
    stack = QUndoStack()
    resets: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(1))
    ids = view.model.post_ids()
    told = RowMirror(view.model)
    kept = [ids[10], ids[len(ids) // 2]]
    view.select_posts(kept, kept[0])

    def fresh() -> list[str]:
        return service.post_ids(view.model.query())

    def follows() -> bool:
        return view.model.post_ids() == told.rows() == fresh()

    for row in (3, len(ids) // 3, len(ids) - 2):
        post = view.model.post_at(row)
        later = post.local + timedelta(days=40, hours=5)  # far down the time order, over a clock change
        stack.push(MovePostCommand(service, post, later, view.on_plan_changed))
        assert follows()
        changed = service.post(post.id)
        stack.push(EditPostCommand(service, changed, dataclasses.replace(changed, title="Zz " + post.title,
                                                                         status=PostStatus.DRAFT),
                                   view.on_plan_changed))
        assert follows()
        assert view.model.post_at(view.model.row_of(post.id)).title == "Zz " + post.title
    stack.push(DeletePostsCommand(service, [ids[0], ids[5], ids[len(ids) // 2 + 1]], view.on_plan_changed))
    assert follows()
    while stack.canUndo():
        stack.undo()
        assert follows()
    assert view.model.post_ids() == ids and resets == []  # rows moved, came and went: never a reset
    assert sorted(view.selected_post_ids()) == sorted(kept) and view.current_post_id() == kept[0]
    assert view.count.text() == "{n} posts".format(n=len(ids))


def test_a_changed_post_joins_or_leaves_a_search_and_the_count_says_so(qtbot, service: PlanningService) -> None:
    view = agenda_on(qtbot, service)
    view.search.setText("Cuberdon")
    view.apply_search()
    total = view.model.total()
    assert view.model.rowCount() == 0 and view.count.text() == "0 of {n} posts".format(n=total)
    post = service.posts_between(None, None)[7]
    stack = QUndoStack()
    stack.push(EditPostCommand(service, post, dataclasses.replace(post, title="Cuberdon day"), view.on_plan_changed))
    assert view.model.post_ids() == [post.id] and view.model.total() == total
    stack.push(DeletePostsCommand(service, [post.id], view.on_plan_changed))
    assert view.model.rowCount() == 0 and view.model.total() == total - 1
    stack.undo()
    stack.undo()
    assert view.model.rowCount() == 0 and view.model.total() == total


def test_a_post_joins_a_search_by_the_text_of_any_of_its_language_versions(qtbot, service: PlanningService) -> None:
    view = agenda_on(qtbot, service)
    view.search.setText("YUZU")
    view.apply_search()
    assert view.model.rowCount() == 0
    post = next(p for p in service.posts_between(None, None) if p.market_id == service.plan().markets[2].id)
    versions = (*post.versions, PostVersion("ca", "El nostre bombó de iuzu i yuzu"))
    assert "yuzu" not in post.title.casefold() and "yuzu" not in versions[0].text.casefold()
    stack = QUndoStack()
    stack.push(EditPostCommand(service, post, dataclasses.replace(post, versions=versions), view.on_plan_changed))
    assert view.model.post_ids() == [post.id]  # placed by the change itself
    view.refresh()
    assert view.model.post_ids() == [post.id]  # and found again by storage's search
    stack.undo()
    assert view.model.rowCount() == 0


def test_the_shared_filter_and_a_range_narrow_the_agenda(qtbot, service: PlanningService, confectioner) -> None:
    plan, posts = confectioner
    view = AgendaView(service)
    qtbot.addWidget(view)
    view.refresh()
    japan = next(m for m in plan.markets if m.country == "JP")
    view.set_filter(CalendarFilter(markets=frozenset({japan.id})))
    assert view.model.rowCount() == sum(p.market_id == japan.id for p in posts)
    view.set_filter(CalendarFilter(warnings_only=True))
    assert view.model.rowCount() and all(view.model.warnings_of(view.model.post_id(r))
                                         for r in range(view.model.rowCount()))
    view.set_filter(CalendarFilter(statuses=frozenset({PostStatus.PUBLISHED})))
    assert view.model.rowCount() == 0
    view.set_filter(CalendarFilter())
    first = posts[0].instant
    view.set_range(first, first + timedelta(days=7))
    assert 0 < view.model.rowCount() < len(posts)


def test_the_agenda_relabels_itself_in_french(qtbot, view: AgendaView) -> None:
    from PySide6.QtCore import QEvent

    from smplanner.i18n import set_language

    set_language("fr")
    QApplication.sendEvent(view, QEvent(QEvent.Type.LanguageChange))
    assert view.model.headerData(Column.MARKET, Qt.Orientation.Horizontal) == "Marché"
    assert "JP \u00b7 Japon" in shown(view, Column.MARKET)
    assert set(shown(view, Column.STATUS)) == {"Idée"}
    assert "janv." in shown(view)[0]


# -- pages: the list in time order read a page at a time ----------------------------------------------------------


@pytest.fixture
def small_pages(monkeypatch) -> int:
    """Pages of 7 ids, 3 kept: the confectioner's 621 posts make 89 pages."""
    monkeypatch.setattr(_IdPages, "SIZE", 7)
    monkeypatch.setattr(_IdPages, "KEPT", 3)
    return 7


@pytest.mark.parametrize("descending", [False, True])
def test_storage_reads_any_page_of_the_posts_in_time_order_from_either_end(service: PlanningService,
                                                                          descending: bool) -> None:
    reader = service.plan_file.reader
    japan = service.plan().markets[1].id
    for query in (PostQuery(descending=descending),
                  PostQuery(filter=CalendarFilter(markets=frozenset({japan})), descending=descending)):
        every = reader.post_ids(query)
        found = reader.count_found(query)
        assert found == len(every) and reader.pages_cheaply(query)
        for first in (0, 1, 13, found // 2 - 5, found // 2, found - 20, found - 7, found - 1):
            assert reader.post_ids(query, first, 10, found) == every[first:first + 10], first
        posts = {post.id: post for post in service.posts_with_ids(every)}
        for row in (0, 1, 57, found // 2, found - 2, found - 1):
            assert reader.count_ahead(query, posts[every[row]]) == row
        leaving_out = every[:5:2]  # three of the first five, ahead of all the others
        assert reader.count_ahead(query, posts[every[40]], leaving_out) == 40 - 3
    shared = Counter(post.instant for post in service.posts_between(None, None))
    assert max(shared.values()) > 1  # posts at one instant, told apart by their ids


def test_searches_and_other_orders_are_no_page_walk(service: PlanningService) -> None:
    reader = service.plan_file.reader
    assert not reader.pages_cheaply(PostQuery(search="praline"))
    assert not reader.pages_cheaply(PostQuery(order=PostOrder.TITLE))
    assert not reader.pages_cheaply(PostQuery(filter=CalendarFilter(warnings_only=True)))
    with pytest.raises(ValueError, match="time order"):
        reader.count_ahead(PostQuery(order=PostOrder.MARKET), service.posts_between(None, None)[0])


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_a_list_read_in_pages_shows_every_post_and_scrolls_to_its_end(qtbot, service: PlanningService,
                                                                      small_pages: int, order) -> None:
    view = agenda_on(qtbot, service)
    view.table.horizontalHeader().setSortIndicator(Column.LOCAL, order)
    every = service.post_ids(view.model.query())
    assert view.model.rowCount() == len(every) == 621
    view.table.scrollToBottom()
    QApplication.processEvents()
    last = view.table.rowAt(view.table.viewport().height() - 1)
    assert last == len(every) - 1
    assert view.model.index(last, Column.TITLE).data(PostIdRole) == every[-1]
    assert view.model.post_at(last).id == every[-1]
    assert len(view.model._ids._pages) <= 3  # the pages on screen, never every id
    assert [view.model.index(row, Column.TITLE).data(PostIdRole) for row in range(len(every))] == every
    view.table.scrollToTop()
    QApplication.processEvents()
    assert view.model.post_id(0) == every[0]


def test_an_edit_moves_a_post_across_pages_and_the_rows_follow(qtbot, service: PlanningService,
                                                               small_pages: int) -> None:
    view = agenda_on(qtbot, service)
    told = RowMirror(view.model)
    every = service.post_ids(view.model.query())
    stack = QUndoStack()
    # from the first page to the last, from the last to the first, within a page, onto the instant of another post
    first, last = service.post(every[2]), service.post(every[-3])
    beside = service.post(every[300])
    moves = [(first, last.local + timedelta(hours=1)), (last, first.local - timedelta(days=1)),
             (service.post(every[100]), service.post(every[101]).local),
             (service.post(every[500]), beside.local.astimezone(zone(beside.zone)).replace(tzinfo=None))]
    view.model.post_id(len(every) - 1)  # the last page read, then moved across
    for post, local in moves:
        stack.push(MovePostCommand(service, post, local, view.on_plan_changed))
        assert view.model.post_ids() == told.rows() == service.post_ids(view.model.query())
    # one command moving several posts to the top of the list, on screen: the rows are told one by one
    early = service.post(every[0]).local - timedelta(days=2)
    moved = [dataclasses.replace(post, local=early + timedelta(hours=hour))
             for hour, post in enumerate(service.posts_with_ids([every[400], every[30], every[610]]))]
    stack.push(FixPostsCommand(service, moved, "Move", view.on_plan_changed))
    assert view.model.post_ids() == told.rows() == service.post_ids(view.model.query())
    assert set(view.model.post_ids()[:3]) == {every[400], every[30], every[610]}
    view.select_posts([every[250], every[251]], every[250])
    stack.push(DeletePostsCommand(service, [every[0], every[251], every[-1]], view.on_plan_changed))
    assert told.rows() == service.post_ids(view.model.query())
    assert view.selected_post_ids() == [every[250]]
    while stack.canUndo():
        stack.undo()
        assert view.model.post_ids() == told.rows() == service.post_ids(view.model.query())
    assert told.rows() == every and view.count.text() == "621 posts"


def test_sorting_from_pages_to_a_list_and_back_keeps_the_selection(qtbot, service: PlanningService,
                                                                    small_pages: int) -> None:
    view = agenda_on(qtbot, service)
    chosen = [view.model.post_id(5), view.model.post_id(400), view.model.post_id(612)]
    view.select_posts(chosen, chosen[1])
    header = view.table.horizontalHeader()
    header.setSortIndicator(Column.TITLE, Qt.SortOrder.AscendingOrder)  # a list of every id, sorted by storage
    assert sorted(view.selected_post_ids()) == sorted(chosen) and view.current_post_id() == chosen[1]
    header.setSortIndicator(Column.LOCAL, Qt.SortOrder.DescendingOrder)  # pages again, none read yet
    assert sorted(view.selected_post_ids()) == sorted(chosen) and view.current_post_id() == chosen[1]
    assert view.model.post_ids() == service.post_ids(view.model.query())
    assert view.model.row_of(chosen[0]) == 621 - 1 - 5


# -- scale ------------------------------------------------------------------------------------------------------------


def synthetic_posts(plan: Plan, count: int) -> list[Post]:
    """Posts every 25 minutes across the plan's markets and a few platforms, about 65,000 over three years."""
    platforms = ("linkedin", "instagram", "x", "facebook", "youtube", "line")
    start = datetime(2027, 1, 11, 0, 5)
    posts = []
    for n in range(count):
        market = plan.markets[n % len(plan.markets)]
        status = (PostStatus.IDEA, PostStatus.DRAFT, PostStatus.READY, PostStatus.SKIPPED)[n % 4]
        posts.append(Post(market.id, platforms[n % len(platforms)], start + timedelta(minutes=25 * n), market.zone,
                          title="Post {n}".format(n=n), status=status,
                          skip_reason="Holiday" if status is PostStatus.SKIPPED else ""))
    return posts


def test_65000_posts_are_read_a_page_at_a_time_sorted_and_searched_in_storage(qtbot, tmp_path: Path,
                                                                             confectioner) -> None:
    plan, _posts = confectioner
    posts = synthetic_posts(plan, 65_000)
    service = open_service(tmp_path, plan, posts)
    view = agenda_on(qtbot, service)
    QApplication.processEvents()
    assert view.model.rowCount() == 65_000
    assert view.table.indexWidget(view.model.index(0, 0)) is None
    assert len(view.findChildren(QWidget)) < 40  # the widgets of one table and a search box, not of rows
    assert view.table.verticalHeader().sectionResizeMode(0).name == "Fixed"
    assert len(view.model._rows) <= AgendaModel.KEPT_ROWS  # formatted: the rows on screen, not all of them
    assert len(view.model._ids._pages) == 1  # in time order, the ids of the rows on screen: no list of every id
    view.table.horizontalHeader().setSortIndicator(Column.LOCAL, Qt.SortOrder.DescendingOrder)
    QApplication.processEvents()
    assert view.model.post_at(0).instant == max(p.instant for p in posts)
    view.table.scrollToBottom()
    QApplication.processEvents()
    assert view.model.post_at(64_999).instant == min(p.instant for p in posts)
    assert len(view.model._rows) <= AgendaModel.KEPT_ROWS and len(view.model._ids._pages) <= 2
    view.search.setText("Post 6499")
    view.apply_search()
    assert view.model.rowCount() == 11  # 6499 and 64990 to 64999
    assert view.count.text() == "11 of 65,000 posts"
    service.close()


# -- pictures ---------------------------------------------------------------------------------------------------------


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#2b2b2e"), (roles.WindowText, "#e6e6e6"), (roles.Base, "#1f1f22"),
                         (roles.AlternateBase, "#2a2a2e"), (roles.Text, "#e6e6e6"), (roles.Button, "#333337"),
                         (roles.ButtonText, "#e6e6e6"), (roles.Highlight, "#3d6fb6"),
                         (roles.HighlightedText, "#ffffff"), (roles.ToolTipBase, "#333337"),
                         (roles.ToolTipText, "#e6e6e6"), (roles.PlaceholderText, "#9a9a9a"), (roles.Mid, "#4a4a4f"),
                         (roles.Dark, "#18181a"), (roles.Light, "#4a4a4f"), (roles.Midlight, "#3c3c40")):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def themed(request):
    app = QApplication.instance()
    before = app.palette()
    if request.param == "dark":
        app.setPalette(dark_palette())
    yield request.param
    app.setPalette(before)


def test_the_agenda_is_photographed(qtbot, tmp_path: Path, service: PlanningService, themed: str) -> None:
    """SMPLANNER_SHOTS=/tmp/shots keeps the pictures to look at."""
    view = agenda_on(qtbot, service)
    view.select_posts([view.model.post_id(3)])
    qtbot.wait(50)
    shots = Path(os.environ.get("SMPLANNER_SHOTS", str(tmp_path)))
    shots.mkdir(parents=True, exist_ok=True)
    assert view.grab().save(str(shots / "agenda_confectioner_{theme}.png".format(theme=themed)))
