"""The wizard's actors, resources and platforms pages, driven through their widgets against a real draft."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from smplanner.domain.catalogue import ChannelType, TimesBasis, founder_platform
from smplanner.domain.examples import example
from smplanner.domain.plan import (
    Actor,
    ActorKind,
    Firm,
    Market,
    Objective,
    Plan,
    ProfileScope,
    Strategy,
)
from smplanner.domain.strategy_draft import StrategyDraft
from smplanner.ui.wizard.pages.actors_page import ActorsPage
from smplanner.ui.wizard.pages.own_platform_dialog import OwnPlatformDialog, own_platform_id
from smplanner.ui.wizard.pages.platforms_page import PlatformsPage
from smplanner.ui.wizard.pages.resources_page import ResourcesPage

TODAY = date(2027, 1, 6)


def confectioner() -> StrategyDraft:
    return StrategyDraft.from_plan(example("confectioner").build(date(2027, 1, 4)))


def near_empty(home: str = "US", zone: str = "America/New_York", actors: tuple[Actor, ...] = ()) -> StrategyDraft:
    """A new plan: a firm, one market (Japan), perhaps some actors, nothing else."""
    plan = Plan(
        firm=Firm("Maple Tools", home, zone),
        strategy=Strategy(date(2027, 1, 4), date(2027, 12, 31)),
        markets=(Market("JP", "Asia/Tokyo", objectives=(Objective.VISIBILITY, Objective.OPPORTUNITIES),
                        languages=("ja",)),),
        actors=actors,
    )
    return StrategyDraft.from_plan(plan)


def open_page(qtbot, page_class, draft: StrategyDraft):
    page = page_class(draft, TODAY)
    qtbot.addWidget(page)
    page.initializePage()
    page.resize(1024, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def tick(qtbot, check: QCheckBox) -> None:
    """Click a check box on its box, as a person would."""
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))


def problem_text(page) -> str:
    return page.problem_line.text.text() if not page.problem_line.isHidden() else ""


def unnamed_inputs(page: QWidget) -> list[str]:
    """Inputs a screen reader could not name: no accessible name (or, for buttons, no text)."""
    missing = []
    for widget in page.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the editor inside a combo or spin box speaks for it
        if isinstance(widget, (QComboBox, QAbstractSpinBox, QLineEdit, QListWidget, QCheckBox)):
            if not widget.accessibleName():
                missing.append(type(widget).__name__ + " " + widget.objectName())
        elif isinstance(widget, QPushButton) and not (widget.text() or widget.accessibleName()):
            missing.append("button " + widget.objectName())
    return missing


# --- actors ------------------------------------------------------------------------------------------


def test_a_new_plan_shows_the_empty_state_and_suggests_the_founder(qtbot) -> None:
    draft = near_empty()
    page = open_page(qtbot, ActorsPage, draft)
    assert page.list_stack.currentWidget() is page.empty_state
    assert "Add yourself first" in page.empty_state.text()
    assert not page.add_me_button.isHidden()
    assert not page.isComplete()
    assert "the person who will run the presences" in problem_text(page)

    qtbot.mouseClick(page.add_me_button, Qt.MouseButton.LeftButton)
    assert [a.kind for a in draft.actors] == [ActorKind.FOUNDER]
    assert draft.actors[0].country == "US"
    assert page.list_stack.currentWidget() is page.actor_list
    assert page.add_me_button.isHidden()  # there is a founder now
    assert page.isComplete()

    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, "Ava Martin")
    assert draft.actors[0].name == "Ava Martin"
    assert page.actor_list.item(0).text() == "Ava Martin \u2014 Founder"


def test_adding_naming_and_removing_actors(qtbot) -> None:
    draft = near_empty(actors=(Actor("Ava Martin", ActorKind.FOUNDER, country="US"),))
    page = open_page(qtbot, ActorsPage, draft)
    assert page.isComplete()

    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert len(draft.actors) == 2 and draft.actors[1].kind is ActorKind.EMPLOYEE
    assert not page.isComplete()
    assert problem_text(page) == "Give every actor a name."
    qtbot.keyClicks(page.name_edit, "Ava Martin")
    assert "Two actors are called" in problem_text(page)
    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, "Kenji Sato")
    assert draft.actors[1].name == "Kenji Sato" and page.isComplete()

    # a partner abroad gets a country, the first market's by default, and can change it
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(ActorKind.PARTNER.value))
    assert draft.actors[1].kind is ActorKind.PARTNER and draft.actors[1].country == "JP"
    assert not page.country_combo.isHidden()
    page.country_combo.set_code("KR")
    assert draft.actors[1].country == "KR"
    assert page.actor_list.item(1).text() == "Kenji Sato \u2014 Partner or distributor abroad (South Korea)"
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(ActorKind.AGENCY.value))
    assert draft.actors[1].kind is ActorKind.AGENCY and draft.actors[1].country == "US"
    assert page.country_combo.isHidden()

    # the Delete key removes the selected actor, the Remove button too; the empty state comes back
    page.actor_list.setCurrentRow(1)
    qtbot.keyClick(page.actor_list, Qt.Key.Key_Delete)
    assert [a.name for a in draft.actors] == ["Ava Martin"]
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert draft.actors == []
    assert page.list_stack.currentWidget() is page.empty_state
    assert not page.remove_button.isEnabled() and page.form_widget.isHidden()
    assert not page.isComplete()


def test_who_runs_each_presence(qtbot) -> None:
    draft = confectioner()
    page = open_page(qtbot, ActorsPage, draft)
    assert page.runs_empty.isHidden()
    assert len(page.run_by_combos) == len(draft.presences) == 8
    wechat = next(p for p in draft.presences if p.platform == "wechat")
    combo = page.run_by_combos[wechat.id]
    assert combo.currentText() == "Shanghai importer \u2014 Partner or distributor abroad (China)"
    founder = next(a for a in draft.actors if a.kind is ActorKind.FOUNDER)
    combo.setCurrentIndex(combo.findData(founder.id))
    assert draft.presence(wechat.id).actor_id == founder.id

    # removing the actor leaves the presence to nobody, said in the combo (and blocking the platforms page)
    page.actor_list.setCurrentRow(0)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert draft.presence(wechat.id).actor_id is None
    assert page.run_by_combos[wechat.id].currentText() == "Nobody yet"


def test_without_presences_the_page_says_when_responsibilities_are_set(qtbot) -> None:
    page = open_page(qtbot, ActorsPage, near_empty())
    assert not page.runs_empty.isHidden()
    assert "once platforms are chosen" in page.runs_empty.text()
    assert "go to the founder" in page.runs_empty.text()
    assert page.run_by_combos == {}


# --- resources ---------------------------------------------------------------------------------------


def test_budgets_are_stored_as_decimals_and_hours_as_floats(qtbot) -> None:
    draft = confectioner()
    page = open_page(qtbot, ResourcesPage, draft)
    assert draft.strategy.currency == "EUR"  # a Belgian firm keeps the euro
    assert page.organic_spin.suffix() == " EUR" and page.organic_spin.value() == 300

    page.organic_spin.setValue(420.5)
    page.paid_spin.setValue(99.999)
    assert draft.strategy.budget_organic_month == Decimal("420.50")
    assert isinstance(draft.strategy.budget_organic_month, Decimal)
    assert draft.strategy.budget_paid_month == Decimal("100.00")

    founder = next(a for a in draft.actors if a.kind is ActorKind.FOUNDER)
    page.hours_spins[founder.id].setValue(7.5)
    assert draft.actor(founder.id).hours_per_week == 7.5
    assert isinstance(draft.actor(founder.id).hours_per_week, float)


def test_the_workload_line_reacts_to_the_hours(qtbot) -> None:
    draft = confectioner()
    page = open_page(qtbot, ResourcesPage, draft)
    text = page.workload_line.text.text()
    # The confectioner's rules: 752.5 minutes of posts a week (one version each: every market has one language),
    # + 8 x 45 community + 2 x 30 for the UK's and China's ads = 1172.5 minutes, 19.5 h.
    assert "needs about 19.5 h a week; your actors give 19 h" in text
    assert "first estimate" in text
    assert page.workload_line.over and "more than your actors give" in text

    founder = next(a for a in draft.actors if a.kind is ActorKind.FOUNDER)
    page.hours_spins[founder.id].setValue(10)
    text = page.workload_line.text.text()
    assert "your actors give 23 h" in text
    assert not page.workload_line.over and "more than your actors give" not in text


def test_hours_block_the_page_until_someone_has_time(qtbot) -> None:
    draft = near_empty(actors=(Actor("Ava Martin", ActorKind.FOUNDER, country="US"),))
    page = open_page(qtbot, ResourcesPage, draft)
    assert not page.isComplete()
    assert "without time, no presence stays alive" in problem_text(page)
    assert "No platform is chosen yet" in page.workload_line.text.text()
    with qtbot.waitSignal(page.completeChanged):
        page.hours_spins[draft.actors[0].id].setValue(4)
    assert page.isComplete() and page.problem_line.isHidden()


def test_the_home_currency_replaces_the_default_once(qtbot) -> None:
    draft = near_empty()
    page = open_page(qtbot, ResourcesPage, draft)
    assert draft.strategy.currency == "USD"
    assert page.currency_combo.code() == "USD" and page.paid_spin.suffix() == " USD"

    # the founder's own choice then stays, even when the page is entered again
    page.currency_combo.set_code("EUR")
    assert draft.strategy.currency == "EUR" and page.paid_spin.suffix() == " EUR"
    assert page.currency_hint.text() == "Your home country pays in USD."
    page.initializePage()
    assert draft.strategy.currency == "EUR"


def test_a_budget_already_in_the_default_currency_is_left_alone(qtbot) -> None:
    draft = near_empty()
    draft.strategy = Strategy(date(2027, 1, 4), date(2027, 12, 31), budget_organic_month=Decimal(200))
    open_page(qtbot, ResourcesPage, draft)
    assert draft.strategy.currency == "EUR"


def test_a_currency_without_cents_rounds_to_whole_units(qtbot) -> None:
    draft = near_empty(home="JP", zone="Asia/Tokyo")
    page = open_page(qtbot, ResourcesPage, draft)
    assert draft.strategy.currency == "JPY" and page.organic_spin.decimals() == 0
    page.organic_spin.setValue(30000)
    assert draft.strategy.budget_organic_month == Decimal(30000)


# --- platforms ---------------------------------------------------------------------------------------


def founder_with_hours() -> tuple[Actor, ...]:
    return (Actor("Ava Martin", ActorKind.FOUNDER, country="US", hours_per_week=6),)


def test_a_market_without_platform_blocks_the_page(qtbot) -> None:
    draft = near_empty(actors=founder_with_hours())
    page = open_page(qtbot, PlatformsPage, draft)
    assert not page.isComplete()
    assert problem_text(page) == "Choose at least one platform for Japan."
    assert page.tabs.count() == 1 and page.tabs.tabText(0) == "Japan"
    assert page.tabs.tabToolTip(0) == "No platform chosen yet"


def test_ticking_a_suggestion_adds_the_presence_and_its_cadence(qtbot) -> None:
    draft = near_empty(actors=founder_with_hours())
    page = open_page(qtbot, PlatformsPage, draft)
    tab = page.tab_of(draft.markets[0].id)
    line = tab.rows["line"]
    assert line.reasons.text() == "Local network in Japan"
    assert line.channel.text() == "Messaging broadcast / official account"
    assert line.details.isHidden()

    with qtbot.waitSignal(page.completeChanged):
        tick(qtbot, line.check)
    presence = draft.presence_on(draft.markets[0].id, "line")
    assert presence is not None and presence.actor_id == draft.actors[0].id  # new presences go to the founder
    assert presence.goal is Objective.VISIBILITY and presence.scope is ProfileScope.NATIONAL
    [rule] = draft.rules_of(presence.id)
    # Two posts a week at a suggested time: LINE has no published good hours, so an office morning in Tokyo,
    # and the founder (who runs it) posts from Brussels: LINE's business tool schedules it ahead.
    assert rule.language == "ja" and len(rule.weekdays) == 2 and len(rule.times) == 1
    assert rule.times == draft.suggested_times(rule.id).times
    assert page.isComplete() and page.problem_line.isHidden()
    assert not line.details.isHidden()
    assert "your actors give 6 h" in page.workload_line.text.text()

    # the presence's settings
    line.scope.setCurrentIndex(line.scope.findData(ProfileScope.SHARED.value))
    line.goal.setCurrentIndex(line.goal.findData(Objective.OPPORTUNITIES.value))
    presence = draft.presence(presence.id)
    assert presence.scope is ProfileScope.SHARED and presence.goal is Objective.OPPORTUNITIES
    assert [line.goal.itemText(i) for i in range(line.goal.count())] == [
        "Visibility and credibility", "Opportunities and risk reduction"]  # the market's objectives only

    # unticking removes the presence and its cadence; ticking again brings back the founder's settings
    tick(qtbot, line.check)
    assert draft.presences == [] and draft.rules == []
    assert not page.isComplete() and line.details.isHidden()
    tick(qtbot, line.check)
    assert draft.presence(presence.id).scope is ProfileScope.SHARED
    assert len(draft.rules_of(presence.id)) == 1


def test_who_runs_a_presence_is_chosen_on_its_row(qtbot) -> None:
    draft = confectioner()
    page = open_page(qtbot, PlatformsPage, draft)
    jp = next(m for m in draft.markets if m.country == "JP")
    row = page.tab_of(jp.id).rows["line"]
    assert row.actor.currentText() == "Tokyo distributor"
    founder = next(a for a in draft.actors if a.kind is ActorKind.FOUNDER)
    row.actor.setCurrentIndex(row.actor.findData(founder.id))
    assert draft.presence_on(jp.id, "line").actor_id == founder.id


def test_platforms_blocked_in_china_are_flagged_with_their_source(qtbot) -> None:
    draft = confectioner()
    page = open_page(qtbot, PlatformsPage, draft)
    cn = next(m for m in draft.markets if m.country == "CN")
    tab = page.tab_of(cn.id)
    page.tabs.setCurrentWidget(tab)
    facebook = tab.rows["facebook"]
    assert facebook.unavailable and not facebook.check.icon().isNull()
    assert facebook.reasons.text().startswith("Blocked in China (as of ")
    assert "Source: " in facebook.check.toolTip() and ", as of " in facebook.check.toolTip()
    assert not tab.rows["wechat"].unavailable and tab.rows["wechat"].check.icon().isNull()
    # blocked ones come after what is usable
    order = list(tab.rows)
    assert order.index("weibo") < order.index("facebook")

    tick(qtbot, facebook.check)
    assert draft.presence_on(cn.id, "facebook") is not None  # the wizard suggests, never forces
    assert "Facebook is blocked or restricted in China" in page.workload_line.text.text()
    assert page.workload_line.over


def test_too_many_presences_warn_about_abandoned_accounts(qtbot) -> None:
    draft = near_empty(actors=(Actor("Ava Martin", ActorKind.FOUNDER, country="US", hours_per_week=3),))
    page = open_page(qtbot, PlatformsPage, draft)
    tab = page.tab_of(draft.markets[0].id)
    tick(qtbot, tab.rows["line"].check)
    assert not page.workload_line.over
    for platform_id in ("instagram", "youtube"):
        tick(qtbot, tab.rows[platform_id].check)
    assert draft.workload().over
    assert page.workload_line.over
    assert "accounts that go silent harm the firm's image" in page.workload_line.text.text()


def test_another_catalogue_platform_can_be_added(qtbot) -> None:
    draft = near_empty(actors=founder_with_hours())
    page = open_page(qtbot, PlatformsPage, draft)
    tab = page.tab_of(draft.markets[0].id)
    assert "viadeo" not in tab.rows
    assert not tab.add_other_button.isEnabled()
    tab.other_combo.set_code("viadeo")
    assert tab.add_other_button.isEnabled()
    qtbot.mouseClick(tab.add_other_button, Qt.MouseButton.LeftButton)
    assert draft.presence_on(draft.markets[0].id, "viadeo") is not None
    row = tab.rows["viadeo"]
    assert row.check.isChecked()
    assert row.reasons.text() == "Chosen by you; not among the suggestions for Japan"
    assert tab.other_combo.findData("viadeo") < 0
    assert page.isComplete()


def test_an_own_platform_is_added_and_shown(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = near_empty(actors=founder_with_hours())
    page = open_page(qtbot, PlatformsPage, draft)
    tab = page.tab_of(draft.markets[0].id)
    asked = []

    def answer(parent, today, taken_ids, country=None):
        asked.append((today, country, "line" in taken_ids))
        return founder_platform("own-mixi", "mixi", ChannelType.FEED, today, days=(2, 4),
                                windows=((time(20, 0), time(22, 0)),), countries=(country,))

    monkeypatch.setattr(OwnPlatformDialog, "ask", classmethod(lambda cls, *args, **kwargs: answer(*args, **kwargs)))
    qtbot.mouseClick(tab.own_button, Qt.MouseButton.LeftButton)
    assert asked == [(TODAY, "JP", True)]
    assert [p.id for p in draft.own_platforms] == ["own-mixi"]
    presence = draft.presence_on(draft.markets[0].id, "own-mixi")
    assert presence is not None
    (suggested,) = draft.rules_of(presence.id)[0].times
    assert time(20, 0) <= suggested < time(22, 0)  # in its own good hours
    row = tab.rows["own-mixi"]
    assert row.check.text() == "mixi" and row.check.isChecked()
    assert row.reasons.text() == "Widely used in Japan"
    assert "Your own entry" in row.check.toolTip()
    assert page.isComplete()


def test_a_cancelled_own_platform_changes_nothing(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = near_empty(actors=founder_with_hours())
    page = open_page(qtbot, PlatformsPage, draft)
    monkeypatch.setattr(OwnPlatformDialog, "ask", classmethod(lambda cls, *args, **kwargs: None))
    qtbot.mouseClick(page.tab_of(draft.markets[0].id).own_button, Qt.MouseButton.LeftButton)
    assert draft.own_platforms == [] and draft.presences == []


def test_the_own_platform_dialog_builds_a_founder_entry(qtbot) -> None:
    dialog = OwnPlatformDialog(TODAY, taken_ids={"own-mixi"}, country="JP")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "Mixi")
    assert ok.isEnabled()
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData(ChannelType.PROFESSIONAL_NETWORK.value))
    # without good days the entry says nobody published good hours
    assert dialog.platform().posting_times.basis is TimesBasis.NO_PUBLISHED_DATA

    tick(qtbot, dialog.day_checks[1])
    tick(qtbot, dialog.day_checks[3])
    dialog.start_edit.setTime(QTime(12, 0))
    dialog.end_edit.setTime(QTime(11, 0))
    assert not ok.isEnabled() and dialog.error.text() == "The good hours must end after they start."
    dialog.end_edit.setTime(QTime(13, 30))
    assert ok.isEnabled() and dialog.error.isHidden()

    platform = dialog.platform()
    assert platform.id == "own-mixi-2"  # "own-mixi" is taken
    assert platform.name == "Mixi" and platform.founder_entry
    assert platform.channel_type is ChannelType.PROFESSIONAL_NETWORK
    assert platform.posting_times.basis is TimesBasis.FOUNDER
    assert platform.posting_times.days == (1, 3)
    assert platform.posting_times.windows == ((time(12, 0), time(13, 30)),)
    assert [c.country for c in platform.countries] == ["JP"]
    assert not unnamed_inputs(dialog)


def test_own_platform_ids_are_readable_and_unique() -> None:
    assert own_platform_id("Mixi", ()) == "own-mixi"
    assert own_platform_id("Naver Café", {"own-naver-cafe"}) == "own-naver-cafe-2"
    assert own_platform_id("微博", ()) == "own-platform"


# --- accessibility and keyboard ----------------------------------------------------------------------


@pytest.mark.parametrize("page_class", [ActorsPage, ResourcesPage, PlatformsPage])
def test_every_input_has_an_accessible_name(qtbot, page_class) -> None:
    page = open_page(qtbot, page_class, confectioner())
    assert not unnamed_inputs(page)


def test_tab_follows_the_rows_on_the_platforms_page(qtbot) -> None:
    draft = confectioner()
    page = open_page(qtbot, PlatformsPage, draft)
    tab = page.tab_of(draft.markets[0].id)
    first, second = list(tab.rows.values())[:2]
    chain, widget = [], first.check
    while len(chain) < 7:
        if widget.isVisibleTo(page) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled():
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == [first.check, first.scope, first.goal, first.actor, first.edit_button, second.check, second.scope]


@pytest.mark.parametrize("page_class", [ActorsPage, ResourcesPage, PlatformsPage])
def test_the_pages_fit_a_small_screen(qtbot, page_class) -> None:
    # the wizard adds its title and buttons around the page: keep well inside 1024 x 700
    page = open_page(qtbot, page_class, confectioner())
    hint = page.minimumSizeHint()
    assert hint.width() <= 900 and hint.height() <= 480


def test_switching_the_language_relabels_the_pages(qtbot) -> None:
    from smplanner.i18n import set_language

    draft = confectioner()
    pages = [open_page(qtbot, page_class, draft) for page_class in (ActorsPage, ResourcesPage, PlatformsPage)]
    set_language("fr")
    for page in pages:
        page.retranslate_ui()
        page.initializePage()
    assert pages[0].title() == "Étape 3 sur 9 · Acteurs et responsabilités"
    set_language("en")
    for page in pages:
        page.retranslate_ui()
    assert pages[0].title() == "Step 3 of 9 · Actors and responsibilities"
    assert pages[0].add_button.text() == "&Add an actor"
