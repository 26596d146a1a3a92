"""The post editor: live counts in each network's own unit, the home-time line, clock changes, creating and editing."""

from __future__ import annotations

import dataclasses
import os
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTime
from PySide6.QtGui import QColor, QPalette, QUndoStack
from PySide6.QtWidgets import QApplication, QDialog

from smplanner.domain.plan import (
    Actor,
    ActorKind,
    CadenceRule,
    ContentType,
    Firm,
    Market,
    Plan,
    Post,
    PostStatus,
    PostVersion,
    Presence,
    Strategy,
    VersionStatus,
)
from smplanner.domain.post_warnings import PostWarning, WarningContext
from smplanner.services.changes import Changes
from smplanner.services.planning import PlanningService, posts_for
from smplanner.storage.plan_file import PlanFile
from smplanner.ui.dialogs.post_dialog import PostDialog
from smplanner.ui.undo_commands import AddPostCommand, DeletePostsCommand, EditPostCommand, MovePostCommand
from smplanner.ui.wizard.pages.resources_page import warning_colour

JAPAN = Market("JP", "Asia/Tokyo", languages=("ja",), entry_order=1)
GERMANY = Market("DE", "Europe/Berlin", languages=("de", "en"), entry_order=2)
FOUNDER = Actor("Founder", ActorKind.FOUNDER, country="BE")
NEWS = ContentType("Product news", share_percent=100)
LINKEDIN = Presence(JAPAN.id, "linkedin", actor_id=FOUNDER.id)
X = Presence(JAPAN.id, "x", actor_id=FOUNDER.id)
LINE = Presence(JAPAN.id, "line", actor_id=FOUNDER.id)
INSTAGRAM = Presence(GERMANY.id, "instagram", actor_id=FOUNDER.id)
RULE = CadenceRule(LINKEDIN.id, (1,), (time(9, 0),), language="ja", content_type_id=NEWS.id)


@pytest.fixture
def plan() -> Plan:
    return Plan(
        firm=Firm(name="Cuberdon & Co", home_country="BE", home_zone="Europe/Brussels"),
        strategy=Strategy(date(2027, 1, 4), date(2027, 12, 31)),
        markets=(JAPAN, GERMANY),
        actors=(FOUNDER,),
        presences=(LINKEDIN, X, LINE, INSTAGRAM),
        content_types=(NEWS,),
        cadence_rules=(RULE,),
    )


def opened(qtbot, plan: Plan, post: Post | None = None, **defaults) -> PostDialog:
    dialog = PostDialog(plan, post, **defaults)
    qtbot.addWidget(dialog)
    return dialog


def choose(combo, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def set_when(dialog: PostDialog, day: date, at: time) -> None:
    dialog.date.setDate(QDate(day.year, day.month, day.day))
    dialog.time.setTime(QTime(at.hour, at.minute))


# -- the live count -------------------------------------------------------------------------------------------------


def test_x_weighs_japanese_double_and_a_link_23(qtbot, plan: Plan) -> None:
    dialog = opened(qtbot, plan, default_market_id=JAPAN.id, default_local=datetime(2027, 3, 2, 9, 0))
    choose(dialog.platform, "x")
    (japanese,) = dialog.panels
    japanese.text.setPlainText("新製品を発売しました！ https://example.com/a/very/long/path?x=1")
    assert japanese.count.text() == "46 / 280 weighted characters (CJK and emoji count double, links 23)"
    assert not dialog.is_over_limit()
    assert japanese.count.palette().color(QPalette.ColorRole.WindowText) != warning_colour(dialog.palette())
    japanese.text.setPlainText("抹" * 141)
    assert japanese.count.text().startswith("282 / 280 weighted characters")
    assert japanese.count.text().endswith("\u2014 2 too many")
    assert dialog.is_over_limit()
    assert japanese.count.palette().color(QPalette.ColorRole.WindowText) == warning_colour(dialog.palette())


def test_line_counts_utf16_units_so_an_emoji_counts_double(qtbot, plan: Plan) -> None:
    dialog = opened(qtbot, plan, default_market_id=JAPAN.id)
    choose(dialog.platform, "line")
    dialog.panels[0].text.setPlainText("こんにちは👋🏽")
    assert dialog.panels[0].count.text() == "9 / 5,000 UTF-16 units (emoji count double)"


def test_the_count_follows_the_network_chosen(qtbot, plan: Plan) -> None:
    dialog = opened(qtbot, plan, default_market_id=JAPAN.id)
    count = dialog.panels[0].count
    dialog.panels[0].text.setPlainText("抹茶🍵")
    choose(dialog.platform, "youtube")
    assert count.text() == "10 / 5,000 bytes (CJK characters count triple, emoji four times)"
    assert dialog.title_count.isVisibleTo(dialog)  # YouTube limits titles too
    dialog.title.setText("T" * 101)
    assert dialog.title_count.text() == "101 / 100 characters \u2014 1 too many" and dialog.is_over_limit()
    choose(dialog.platform, "linkedin")
    assert count.text() == "3 / 3,000 characters"
    assert not dialog.title_count.isVisibleTo(dialog) and not dialog.is_over_limit()
    choose(dialog.platform, "kakaotalk")
    assert count.text() == "3 characters \u2014 no known limit on KakaoTalk (Kakao Channel)"


# -- lists ------------------------------------------------------------------------------------------------------------


def languages(dialog: PostDialog) -> list[str]:
    return [panel.language for panel in dialog.panels]


def test_the_markets_own_networks_and_a_version_per_language_come_first(qtbot, plan: Plan) -> None:
    dialog = opened(qtbot, plan, default_market_id=JAPAN.id)
    assert [dialog.platform.itemData(i) for i in range(3)] == ["line", "linkedin", "x"]
    assert dialog.platform.itemData(3) is None  # a separator before every other network
    assert dialog.platform.count() > 20
    assert languages(dialog) == ["ja"] and dialog.panels[0].version_status() is VersionStatus.TO_WRITE
    choose(dialog.market, GERMANY.id)
    assert dialog.platform.itemData(0) == "instagram"
    assert languages(dialog) == ["de", "en"]  # a version in each of Germany's languages
    assert [p.version_status() for p in dialog.panels] == [VersionStatus.TO_WRITE, VersionStatus.TO_TRANSLATE]
    dialog.version_panel("en").text.setPlainText("Hello Berlin")
    choose(dialog.content_type, NEWS.id)
    choose(dialog.market, JAPAN.id)
    assert languages(dialog) == ["ja", "en"]  # what was written stays, whatever the market speaks
    assert dialog.version_panel("en").text.toPlainText() == "Hello Berlin"
    assert dialog.content_type.currentData() == NEWS.id
    assert [dialog.add_language.itemData(i) for i in range(1)] == [""]  # "Add a language…" first


# -- times ------------------------------------------------------------------------------------------------------------


def test_the_same_moment_is_shown_at_home_and_follows_every_change(qtbot, plan: Plan) -> None:
    dialog = opened(qtbot, plan, default_market_id=JAPAN.id, default_local=datetime(2027, 3, 2, 9, 0))
    assert dialog.zone.text() == "JST (Asia/Tokyo)"
    assert dialog.home_time.text() == "Your time: Tue, Mar 2, 2027, 1:00\u202fAM CET (Europe/Brussels)"
    set_when(dialog, date(2027, 3, 2), time(7, 0))
    assert "Mon, Mar 1, 2027, 11:00\u202fPM CET" in dialog.home_time.text()  # the day before, at home
    set_when(dialog, date(2027, 7, 2), time(9, 0))
    assert "2:00\u202fAM CEST" in dialog.home_time.text()
    choose(dialog.market, GERMANY.id)
    assert dialog.zone.text() == "CEST (Europe/Berlin)"
    assert "9:00\u202fAM CEST" in dialog.home_time.text()
    assert not dialog.time_warning.isVisibleTo(dialog)


def test_a_time_the_clocks_skip_is_flagged_and_moved(qtbot, plan: Plan) -> None:
    dialog = opened(qtbot, plan, default_market_id=GERMANY.id, default_local=datetime(2027, 3, 28, 2, 30))
    assert dialog.time_warning.isVisibleTo(dialog)
    assert "does not exist" in dialog.time_warning.text() and "3:30\u202fAM CEST" in dialog.time_warning.text()
    assert dialog.post().local == datetime(2027, 3, 28, 3, 30)


def test_a_time_that_happens_twice_is_flagged_and_means_the_first(qtbot, plan: Plan) -> None:
    dialog = opened(qtbot, plan, default_market_id=GERMANY.id, default_local=datetime(2027, 10, 31, 2, 30))
    assert dialog.time_warning.isVisibleTo(dialog)
    assert "happens twice" in dialog.time_warning.text() and "2:30\u202fAM CEST" in dialog.time_warning.text()
    post = dialog.post()
    assert (post.local, post.fold) == (datetime(2027, 10, 31, 2, 30), 0)
    second = dataclasses.replace(post, fold=1)
    again = opened(qtbot, plan, second)
    assert again.post().fold == 1 and "2:30\u202fAM CET" in again.time_warning.text()  # the founder's choice kept


# -- creating and editing ---------------------------------------------------------------------------------------------


def test_creating_a_post(qtbot, plan: Plan) -> None:
    dialog = opened(qtbot, plan, default_market_id=JAPAN.id, default_local=datetime(2027, 3, 2, 9, 0))
    assert dialog.windowTitle() == "New post"
    choose(dialog.platform, "x")
    choose(dialog.content_type, NEWS.id)
    dialog.title.setText("  Spring matcha box  ")
    dialog.panels[0].text.setPlainText("桜の季節 🌸")
    choose(dialog.status, PostStatus.DRAFT.value)
    post = dialog.post()
    assert post == Post(JAPAN.id, "x", datetime(2027, 3, 2, 9, 0), "Asia/Tokyo", id=post.id, presence_id=X.id,
                        content_type_id=NEWS.id, title="Spring matcha box", status=PostStatus.DRAFT,
                        versions=(PostVersion("ja", "桜の季節 🌸"),))
    choose(dialog.platform, "threads")
    assert dialog.post().presence_id is None  # no profile on that network in Japan


def test_editing_a_post_keeps_what_the_fields_do_not_show(qtbot, plan: Plan) -> None:
    post = posts_for(plan)[0]
    dialog = opened(qtbot, plan, post)
    assert dialog.windowTitle() == "Edit post"
    assert dialog.post() == post  # opened and closed unchanged: the same post
    dialog.title.setText("Kyoto fair")
    set_when(dialog, post.local.date(), time(11, 45))
    edited = dialog.post()
    assert edited == dataclasses.replace(post, title="Kyoto fair", local=datetime.combine(post.local.date(),
                                                                                          time(11, 45)))
    assert edited.rule_id == RULE.id and edited.presence_id == LINKEDIN.id


def test_a_plan_without_markets_cannot_take_a_post(qtbot) -> None:
    empty = Plan(firm=Firm("New", "BE", "Europe/Brussels"), strategy=Strategy(date(2027, 1, 4), date(2027, 12, 31)))
    dialog = opened(qtbot, empty)
    from PySide6.QtWidgets import QDialogButtonBox

    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_ask_returns_the_post_or_none(qtbot, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PostDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert PostDialog.ask(None, plan, default_market_id=JAPAN.id) is None
    monkeypatch.setattr(PostDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    post = PostDialog.ask(None, plan, default_local=datetime(2027, 5, 4, 18, 0), default_market_id=GERMANY.id)
    assert (post.market_id, post.platform, post.local, post.zone) == (
        GERMANY.id, "instagram", datetime(2027, 5, 4, 18, 0), "Europe/Berlin")
    assert post.languages == ("de", "en")


def test_the_french_dialog(qtbot, plan: Plan) -> None:
    from PySide6.QtCore import QEvent

    from smplanner.i18n import set_language

    dialog = opened(qtbot, plan, default_market_id=JAPAN.id, default_local=datetime(2027, 3, 2, 9, 0))
    set_language("fr")
    QApplication.sendEvent(dialog, QEvent(QEvent.Type.LanguageChange))
    assert dialog.market.itemText(0) == "JP \u00b7 Japon"
    assert dialog.status.itemText(0) == "Idée"
    assert "mars 2027" in dialog.home_time.text()


# -- the undoable edits, on a plan file ------------------------------------------------------------------------------


@pytest.fixture
def service(tmp_path: Path, plan: Plan):
    path = tmp_path / "plan.smplan"
    PlanFile.create(path, plan, posts_for(plan))
    opened_service = PlanningService(PlanFile.open(path))
    yield opened_service
    opened_service.close()


def test_add_edit_move_and_delete_are_undoable(qtbot, plan: Plan, service: PlanningService) -> None:
    stack = QUndoStack()
    told: list[Changes] = []
    dialog = opened(qtbot, plan, default_market_id=JAPAN.id, default_local=datetime(2027, 3, 2, 9, 0))
    dialog.title.setText("Launch")
    new = dialog.post()

    stack.push(AddPostCommand(service, new, told.append))
    assert stack.undoText() == "Add post" and service.post(new.id) == new
    stack.undo()
    assert service.post(new.id) is None
    stack.redo()
    assert service.post(new.id) == new

    generated = service.posts_between(None, None)[0]
    edited = dataclasses.replace(generated, title="Kyoto fair", status=PostStatus.READY)
    stack.push(EditPostCommand(service, generated, edited, told.append))
    assert stack.undoText() == "Edit post"
    assert service.post(generated.id) == dataclasses.replace(edited, edited=True)
    stack.undo()
    assert service.post(generated.id) == generated  # not even marked edited any more

    stack.push(MovePostCommand(service, generated, datetime.combine(generated.local.date(), time(14, 0)), told.append))
    assert stack.undoText() == "Move post"
    assert service.post(generated.id).local.time() == time(14, 0) and service.post(generated.id).edited
    stack.undo()
    assert service.post(generated.id) == generated

    stack.push(DeletePostsCommand(service, [new.id], told.append))
    assert stack.undoText() == "Delete 1 post" and service.post(new.id) is None
    stack.undo()
    assert service.post(new.id) == new
    assert all(changes.post_changes and changes.only_posts for changes in told)


# -- pictures ---------------------------------------------------------------------------------------------------------


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#2b2b2e"), (roles.WindowText, "#e6e6e6"), (roles.Base, "#1f1f22"),
                         (roles.AlternateBase, "#2a2a2e"), (roles.Text, "#e6e6e6"), (roles.Button, "#333337"),
                         (roles.ButtonText, "#e6e6e6"), (roles.Highlight, "#3d6fb6"),
                         (roles.HighlightedText, "#ffffff"), (roles.PlaceholderText, "#9a9a9a"),
                         (roles.Mid, "#4a4a4f"), (roles.Dark, "#18181a"), (roles.Light, "#4a4a4f")):
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


def test_the_dialog_fits_and_is_photographed(qtbot, tmp_path: Path, plan: Plan, themed: str) -> None:
    """SMPLANNER_SHOTS=/tmp/shots keeps the pictures to look at."""
    post = dataclasses.replace(posts_for(plan)[0], platform="x", presence_id=X.id, title="Spring matcha box",
                               versions=(PostVersion("ja", "桜の季節の抹茶ボックス、本日発売！ 🌸 "
                                                     "https://cuberdon.example/jp/sakura " + "抹茶" * 60),))
    dialog = opened(qtbot, plan, post)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 1024 and dialog.height() <= 700
    shots = Path(os.environ.get("SMPLANNER_SHOTS", str(tmp_path)))
    shots.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(shots / "post_dialog_{theme}.png".format(theme=themed)))
    set_when(dialog, date(2027, 3, 28), time(2, 30))
    choose(dialog.market, GERMANY.id)
    choose(dialog.platform, "line")
    qtbot.wait(20)
    assert dialog.grab().save(str(shots / "post_dialog_clock_change_{theme}.png".format(theme=themed)))


# -- what a plan may hold ---------------------------------------------------------------------------------------------


def test_the_fields_hold_no_more_than_a_plan_may(qtbot, plan: Plan) -> None:
    from smplanner.domain.validation import POST_TEXT_LENGTH, TITLE_LENGTH

    dialog = opened(qtbot, plan, default_local=datetime(2027, 3, 2, 9, 0), default_market_id=JAPAN.id)
    dialog.title.setText("t" * (TITLE_LENGTH + 50))
    assert len(dialog.title.text()) == TITLE_LENGTH  # the field takes no more
    dialog.panels[0].text.setPlainText("x" * (POST_TEXT_LENGTH + 1))
    assert len(dialog.panels[0].text.toPlainText()) == POST_TEXT_LENGTH
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


# -- versions, warnings and fixes, good hours, delete and duplicate ---------------------------------------------------


def test_a_version_marked_ready_without_text_is_refused_in_place(qtbot, plan: Plan) -> None:
    dialog = opened(qtbot, plan, default_market_id=GERMANY.id, default_local=datetime(2027, 5, 4, 18, 0))
    german, english = dialog.panels
    german.text.setPlainText("Frühlingscuberdons!")
    german.set_version_status(VersionStatus.READY)
    english.set_version_status(VersionStatus.READY)
    dialog.accept()
    assert dialog.result() == 0 and dialog.problem.isVisibleTo(dialog)
    assert dialog.problem.text() == "The en version is marked ready but has no text."
    english.text.setPlainText("Spring cuberdons!")
    assert not dialog.problem.isVisibleTo(dialog)
    # Every version ready: the post is ready too, unless the founder says otherwise.
    assert dialog.status.currentData() == PostStatus.READY.value
    dialog.accept()
    assert dialog.result() == 1
    assert [v.status for v in dialog.post().versions] == [VersionStatus.READY, VersionStatus.READY]


def test_languages_are_added_and_left_out(qtbot, plan: Plan) -> None:
    dialog = opened(qtbot, plan, default_market_id=JAPAN.id)
    index = dialog.add_language.findData("en")
    dialog.add_language.activated.emit(index)
    assert languages(dialog) == ["ja", "en"]
    assert dialog.version_panel("en").version_status() is VersionStatus.TO_TRANSLATE
    assert dialog.add_language.findData("en") == -1 and dialog.add_language.currentIndex() == 0
    dialog.version_panel("ja").remove_button.click()
    assert languages(dialog) == ["en"] and dialog.post().languages == ("en",)
    assert dialog.add_language.findData("ja") == 1  # the market's language comes first again, before a separator
    assert dialog.add_language.itemData(2) is None


def context_of(plan: Plan) -> WarningContext:
    return WarningContext(plan, plan.catalogue(), {})


def test_the_post_s_warnings_come_with_their_fix_and_the_network_s_good_hours(qtbot, plan: Plan) -> None:
    # LinkedIn's good hours in Japan are in the working morning; 06:00 is before them.
    dialog = opened(qtbot, plan, default_market_id=JAPAN.id, default_local=datetime(2027, 3, 2, 6, 0),
                    context_of=lambda first, last: context_of(plan))
    choose(dialog.platform, "linkedin")
    assert dialog.good_hours.text().startswith("Good hours on LinkedIn: ")
    assert "JST in JP; your time" in dialog.good_hours.text() and "CET" in dialog.good_hours.text()
    assert PostWarning.OUTSIDE_GOOD_HOURS in dialog.fix_buttons
    dialog.fix_buttons[PostWarning.OUTSIDE_GOOD_HOURS].click()
    fixed = dialog.post()
    assert fixed.local.date() == date(2027, 3, 2) and fixed.local.time() > time(6, 0)
    assert PostWarning.OUTSIDE_GOOD_HOURS not in dialog.fix_buttons
    # A network without published good hours says so.
    no_hours = next(p for p in plan.catalogue().platforms if not p.posting_times.windows)
    choose(dialog.platform, no_hours.id)
    assert dialog.good_hours.text() == "No known good hours for {name}.".format(name=no_hours.name)


def test_delete_and_duplicate_go_through_the_callbacks(qtbot, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    post = posts_for(plan)[0]
    deleted: list[str] = []
    duplicated: list[Post] = []
    monkeypatch.setattr(PostDialog, "exec", lambda self: self.delete_button.click() or self.result())
    assert PostDialog.ask(None, plan, post, on_delete=deleted.append, on_duplicate=duplicated.append) is None
    assert deleted == [post.id] and duplicated == []

    def duplicate(self):
        self.title.setText("Kyoto fair")
        self.duplicate_button.click()
        return self.result()

    monkeypatch.setattr(PostDialog, "exec", duplicate)
    edited = PostDialog.ask(None, plan, post, on_delete=deleted.append, on_duplicate=duplicated.append)
    assert edited == dataclasses.replace(post, title="Kyoto fair")
    (copy,) = duplicated
    assert copy.id != post.id and copy.rule_id is None and not copy.edited and copy.title == "Kyoto fair"
    assert copy.local == post.local + timedelta(days=7) and copy.versions == post.versions


def test_delete_and_duplicate_from_the_window_are_undoable(opened, monkeypatch: pytest.MonkeyPatch) -> None:
    window = opened
    service = window.service
    post = service.posts_between(None, None)[5]
    count = service.count_posts()

    def delete(cls, parent, plan, before, *args, on_delete=None, **kwargs):
        on_delete(before.id)

    monkeypatch.setattr(PostDialog, "ask", classmethod(delete))
    window.post_commands.edit_post(post.id)
    assert service.post(post.id) is None and window.undo_stack.undoText() == "Delete 1 post"
    window.undo_stack.undo()
    assert service.post(post.id) == post

    def duplicate(cls, parent, plan, before, *args, on_duplicate=None, **kwargs):
        on_duplicate(dataclasses.replace(before, id="copy-of-" + before.id[:8], rule_id=None))
        return before

    monkeypatch.setattr(PostDialog, "ask", classmethod(duplicate))
    window.post_commands.edit_post(post.id)
    assert service.count_posts() == count + 1 and window.undo_stack.undoText() == "Add post"
    window.undo_stack.undo()
    assert service.count_posts() == count
