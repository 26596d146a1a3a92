"""Today, driven through the real main window with qtbot: a week of publishing from Today alone — copy the texts,
open the network, mark published, skip with a reason, undo, make due again — on a real plan file."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from smplanner.app import build_window
from smplanner.domain.plan import PostStatus
from smplanner.services.plan_files import create_from_example
from smplanner.ui.calendar.calendar_area import Tab
from smplanner.ui.dialogs.publication_dialogs import PublishDialog, SkipDialog
from smplanner.ui.main_window import MainWindow
from smplanner.ui.settings import AppSettings
from smplanner.ui.today_view import TodayView

START = date(2027, 1, 11)  # the confectioner example made on 6 January starts on Monday 11 January


class Clock:
    """The window's clock, moved on by the test (naive local time, as datetime.now gives it; tests run in UTC)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Browser(QObject):
    """What the desktop was asked to open (Qt's own hook for URLs: the test opens no browser)."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot("QUrl")
    def open(self, url) -> None:
        self.opened.append(url.toString())


@pytest.fixture
def browser():
    found = Browser()
    QDesktopServices.setUrlHandler("https", found, "open")
    yield found
    QDesktopServices.unsetUrlHandler("https")


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "confectioner.smplan"
    create_from_example(path, "confectioner", date(2027, 1, 6))
    return path


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2027, 1, 11, 9, 0))  # Monday morning of the plan's first week


@pytest.fixture
def window(qtbot, tmp_path: Path, plan_path: Path, clock: Clock) -> MainWindow:
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    main_window = build_window(settings, tmp_path / "data", tmp_path / "logs", clock=clock)
    qtbot.addWidget(main_window)
    main_window.resize(1024, 700)
    main_window.show()
    assert main_window.open_plan(plan_path)
    main_window.calendar.show_tab(Tab.TODAY)
    yield main_window
    main_window.close()


def today(window: MainWindow) -> TodayView:
    QApplication.processEvents()  # cards made again after a change are shown by the event loop
    view = window.calendar.views[Tab.TODAY]
    assert isinstance(view, TodayView) and view.isVisible()
    return view


def scroll_to_the_end(view: TodayView) -> None:
    """Scroll the list down as the founder would, until it makes no more cards."""
    bar = view.posts_scroll.verticalScrollBar()
    made = -1
    while made != len(view.cards):
        made = len(view.cards)
        bar.setValue(bar.maximum())
        for _round in range(3):
            QApplication.processEvents()


def stored(window: MainWindow):
    """The posts as the plan file holds them (read through the window's own connection: the plan is open)."""
    return {post.id: post for post in window.service.plan_file.reader.posts()}


def click(button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    button.click()


def test_today_shows_the_due_posts_with_their_texts_in_your_time_and_the_market_s(window: MainWindow) -> None:
    view = today(window)
    posts = [card.post for card in view.cards.values()]
    assert posts and all(p.instant.astimezone(UTC).date() >= date(2027, 1, 10) for p in posts)
    first = next(iter(view.cards.values()))
    assert first.when.text().endswith("CET")  # the founder's time
    assert " in " in first.there.text()  # the market's time beside it
    version = first.post.versions[0]
    assert first.texts[version.language].text() == version.text
    assert view.summary.text().startswith("Monday, January 11, 2027: ")
    view.days.setValue(1)
    assert all(card.post.instant.astimezone(UTC).date() <= date(2027, 1, 11) for card in view.cards.values())


def test_copy_puts_the_version_s_text_on_the_clipboard(window: MainWindow) -> None:
    card = next(c for c in today(window).cards.values() if c.post.versions and c.post.versions[0].text)
    language = card.post.versions[0].language
    click(card.copy_buttons[language])
    assert QGuiApplication.clipboard().text() == card.post.versions[0].text
    assert "copied" in card.feedback.text()


def test_open_the_network_hands_its_site_to_the_desktop(window: MainWindow, browser: Browser) -> None:
    card = next(iter(today(window).cards.values()))
    click(card.open_button)
    site = window.service.plan().catalogue().get(card.post.platform).site
    assert browser.opened == [site] and site.startswith("https://")


def test_a_week_of_publishing_from_today_alone(window: MainWindow, clock: Clock, plan_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Each day of the first week, at 18:00: publish every post due, a link now and then, skip the Saturday ones;
    by the end nothing is overdue and the log holds the week."""
    asked: list[datetime] = []

    def publish_answer(parent, plan, post, now):
        asked.append(now)
        return post.instant, "https://example.com/p/{id}".format(id=post.id[:8]) if post.local.day % 2 else ""

    monkeypatch.setattr(PublishDialog, "ask", classmethod(lambda cls, *args: publish_answer(*args)))
    monkeypatch.setattr(SkipDialog, "ask", classmethod(lambda cls, parent, post: "Weekend: nobody there"))
    published, skipped = set(), set()
    for offset in range(7):
        clock.now = datetime.combine(START + timedelta(days=offset), datetime.min.time()).replace(hour=18)
        window.calendar.invalidate()
        view = today(window)
        for post_id in [pid for pid, card in view.cards.items() if not card.post.is_done]:
            card = today(window).cards[post_id]
            if card.post.instant > clock.now.astimezone():
                continue  # later tonight: tomorrow's round
            if clock.now.weekday() == 5:
                click(card.skip_button)
                skipped.add(post_id)
            else:
                click(card.publish_button)
                published.add(post_id)
        assert not [c for c in today(window).cards.values() if c.post.instant < clock.now.astimezone()
                    and not c.post.is_done]
    assert len(published) > 10 and skipped and asked
    posts = stored(window)
    assert all(posts[i].status is PostStatus.PUBLISHED and posts[i].published_at == posts[i].instant
               for i in published)
    assert all(posts[i].status is PostStatus.SKIPPED and posts[i].skip_reason == "Weekend: nobody there"
               for i in skipped)
    # What is done stays in its day with what was recorded, and can be made due again.
    clock.now = datetime.combine(START + timedelta(days=5), datetime.min.time()).replace(hour=20)
    window.calendar.invalidate()
    done = [c for c in today(window).cards.values() if c.post.is_done]
    assert done and all(c.record.text() for c in done)
    log = window.service.publishing_log(clock.now.astimezone())
    assert log.in_use and sum(r.published for r in log.presences) == len(published)


def test_mark_published_skip_and_not_published_are_undoable(window: MainWindow, plan_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    view = today(window)
    card = next(c for c in view.cards.values() if not c.post.is_done)
    post = card.post
    at = datetime(2027, 1, 11, 8, 30, tzinfo=UTC)
    monkeypatch.setattr(PublishDialog, "ask", classmethod(lambda cls, parent, plan, p, now: (at, "")))
    click(card.publish_button)
    assert stored(window)[post.id].published_at == at
    assert window.undo_stack.undoText() == "Mark as published"
    # Today shows it done, at once (the change signal), with what was recorded.
    record = today(window).cards[post.id].record.text()
    assert record.startswith("\u2713 Published on") and "9:30" in record
    window.undo_stack.undo()
    assert stored(window)[post.id] == post
    assert not today(window).cards[post.id].post.is_done
    window.undo_stack.redo()
    assert stored(window)[post.id].status is PostStatus.PUBLISHED
    click(today(window).cards[post.id].reopen_button)
    assert stored(window)[post.id].status is post.status and stored(window)[post.id].published_at is None
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert stored(window)[post.id] == post
    monkeypatch.setattr(SkipDialog, "ask", classmethod(lambda cls, parent, p: "Strike at the printer"))
    click(today(window).cards[post.id].skip_button)
    assert stored(window)[post.id].skip_reason == "Strike at the printer"
    assert today(window).cards[post.id].record.text() == "Skipped: Strike at the printer"
    window.undo_stack.undo()
    assert stored(window)[post.id] == post


def test_a_cancelled_dialog_records_nothing(window: MainWindow, plan_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    card = next(c for c in today(window).cards.values() if not c.post.is_done)
    monkeypatch.setattr(PublishDialog, "ask", classmethod(lambda cls, *args: None))
    monkeypatch.setattr(SkipDialog, "ask", classmethod(lambda cls, *args: None))
    click(card.publish_button)
    click(today(window).cards[card.post.id].skip_button)
    assert stored(window)[card.post.id] == card.post and window.undo_stack.count() == 0


def test_the_dialogs_refuse_bad_input_in_place(qtbot, window: MainWindow) -> None:
    post = next(c for c in today(window).cards.values() if not c.post.is_done).post
    now = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
    dialog = PublishDialog(window.service.plan(), post, now, window)
    qtbot.addWidget(dialog)
    dialog.set_moment(now + timedelta(hours=2))
    dialog.accept()
    assert dialog.result() == 0 and dialog.problem.isVisibleTo(dialog) and "future" in dialog.problem.text()
    dialog.set_moment(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))
    dialog.accept()
    assert "before the plan starts" in dialog.problem.text()
    dialog.set_moment(now - timedelta(minutes=5))
    dialog.url.setText("linkedin.com/post")
    assert not dialog.problem.isVisibleTo(dialog)  # typing clears the message
    dialog.accept()
    assert "not a web address" in dialog.problem.text()
    dialog.url.setText("https://www.linkedin.com/feed/update/urn:li:activity:1/")
    dialog.accept()
    assert dialog.result() == 1
    moment, url = dialog.result_values()
    assert moment.astimezone(UTC) == now - timedelta(minutes=5)  # typed in the founder's zone, to the minute
    assert url == "https://www.linkedin.com/feed/update/urn:li:activity:1/"
    skip = SkipDialog(post, window)
    qtbot.addWidget(skip)
    skip.accept()
    assert skip.result() == 0 and "Say why" in skip.problem.text()
    skip.reason.setText("Holiday")
    skip.accept()
    assert skip.result() == 1


def test_empty_states_say_what_to_do_next(qtbot, tmp_path: Path) -> None:
    from smplanner.services.plan_files import create_empty

    path = tmp_path / "empty.smplan"
    create_empty(path, date(2027, 1, 6))
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = build_window(settings, tmp_path / "data", tmp_path / "logs", clock=lambda: datetime(2027, 1, 6, 9))
    qtbot.addWidget(window)
    window.show()
    assert window.open_plan(path)
    window.calendar.show_tab(Tab.TODAY)
    view = today(window)
    assert view.empty.isVisible() and "no posts yet" in view.empty.text()
    assert view.empty_wizard.isVisible() and view.empty_new.isVisible() and not view.posts_scroll.isVisible()
    window.close()


def test_today_fits_1024_by_700_and_is_photographed(window: MainWindow, tmp_path: Path) -> None:
    """SMPLANNER_SHOTS=/tmp/shots keeps the picture to look at."""
    QApplication.processEvents()
    view = today(window)
    assert view.width() <= 1024
    assert all(card.width() <= view.width() for card in view.cards.values())
    shots = Path(os.environ.get("SMPLANNER_SHOTS", str(tmp_path)))
    shots.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(shots / "today.png"))


def test_months_of_overdue_posts_show_the_latest_and_count_them_all(window: MainWindow, clock: Clock) -> None:
    from smplanner.ui.today_view import OVERDUE_SHOWN

    clock.now = datetime(2027, 6, 1, 9, 0)  # nothing marked since January
    window.calendar.invalidate()
    view = today(window)
    now = clock.now.astimezone()
    overdue = sorted((p for p in stored(window).values() if not p.is_done and p.instant < now),
                     key=lambda p: (p.instant, p.id))
    assert len(overdue) > OVERDUE_SHOWN
    shown = [due.post.id for due in view.listed() if due.post.instant < now]
    assert shown == [p.id for p in overdue[-OVERDUE_SHOWN:]]  # the latest, oldest first
    assert len(view.cards) < OVERDUE_SHOWN  # only the cards on screen and a screenful below are made
    scroll_to_the_end(view)
    assert [card.post.id for card in view.cards.values()] == [due.post.id for due in view.listed()]
    texts = [label.text() for label in view.findChildren(QLabel)]
    assert "Overdue: {n} posts".format(n=len(overdue)) in texts
    more = len(overdue) - OVERDUE_SHOWN
    assert "and {n} older overdue posts: the Agenda lists them all.".format(n=more) in texts
    assert "{n} overdue".format(n=len(overdue)) in view.summary.text()
    shots = Path(os.environ.get("SMPLANNER_SHOTS", "/nonexistent"))
    if shots.is_dir():
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the cards replaced are gone
        QApplication.processEvents()
        window.grab().save(str(shots / "today_overdue.png"))


def test_an_edit_makes_only_its_own_card_again(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from smplanner.ui.dialogs.post_dialog import PostDialog

    view = today(window)
    before = dict(view.cards)
    post_id = next(iter(before))
    place = view.list_layout.indexOf(before[post_id])
    monkeypatch.setattr(PostDialog, "ask", classmethod(
        lambda cls, parent, plan, post=None, **kw: dataclasses.replace(post, title="Cuberdon week")))
    window.calendar.post_activated.emit(post_id)
    after = today(window).cards
    assert list(after) == list(before)
    assert after[post_id] is not before[post_id] and after[post_id].post.title == "Cuberdon week"
    assert view.list_layout.indexOf(after[post_id]) == place  # where the card it replaces was
    assert after[post_id].where.text().endswith("Cuberdon week") and after[post_id].isVisible()
    assert all(after[other] is before[other] for other in before if other != post_id)
    window.undo_action.trigger()
    assert today(window).cards[post_id].post == before[post_id].post


def test_edits_patch_the_list_to_what_reading_it_again_gives(window: MainWindow, clock: Clock,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Today applies the posts an edit changed to the list it shows (reading the overdue posts again only when an
    edit touches one): after each kind of edit it lists what a fresh read lists, and counts the same."""
    from smplanner.ui.today_view import OVERDUE_SHOWN

    clock.now = datetime(2027, 6, 1, 9, 0)  # months of overdue posts, more than the list shows
    window.calendar.invalidate()
    now = clock.now.astimezone()
    monkeypatch.setattr(PublishDialog, "ask", classmethod(lambda cls, parent, plan, post, at: (post.instant, "")))

    def read_again() -> tuple[list[str], int]:
        due = window.service.due_posts(now, window.calendar.today_days, overdue_limit=OVERDUE_SHOWN)
        overdue = [d for d in due if d.overdue]
        return [d.post.id for d in overdue[-OVERDUE_SHOWN:] + [d for d in due if not d.overdue]], len(overdue)

    def check() -> None:
        view = today(window)
        assert [due.post.id for due in view.listed()] == read_again()[0]
        count = window.service.count_overdue(now)
        assert view.shown_as_of[2] == count and "{n} overdue".format(n=count) in view.summary.text()

    check()
    listed = today(window).listed()
    oldest_overdue, coming = listed[0].post, next(d.post for d in listed if not d.overdue)
    moves = [
        (oldest_overdue, now + timedelta(days=1)),  # an overdue post into the coming days
        (coming, coming.instant - timedelta(days=40)),  # a coming post into the past: overdue, among the older
        (coming, now - timedelta(hours=1)),  # ... and the latest overdue
        (coming, now + timedelta(days=30)),  # out of the list
    ]
    for post, target in moves:
        window.calendar.post_moved.emit(post.id, target)
        check()
        window.undo_action.trigger()
        check()
    click(today(window).cards[oldest_overdue.id].publish_button)  # no longer overdue: an older one shows
    check()
    assert oldest_overdue.id not in [due.post.id for due in today(window).listed()]
    window.undo_action.trigger()
    check()
