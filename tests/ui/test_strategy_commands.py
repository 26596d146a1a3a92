"""The strategy from the main window: the wizard from the Plan menu and the overview, strategy files in File."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date
from pathlib import Path

import pytest

from smplanner.domain.market_days import HolidayOverride, OverrideAction
from smplanner.services.plan_files import create_empty, create_from_example
from smplanner.services.strategy_file import export_strategy
from smplanner.ui import file_dialogs
from smplanner.ui.dialogs import messages
from smplanner.ui.main_window import MainWindow
from smplanner.ui.wizard.strategy_wizard import StrategyWizard

TODAY = date(2027, 1, 6)


@pytest.fixture
def confectioner(tmp_path: Path) -> Path:
    path = tmp_path / "confectioner.smplan"
    create_from_example(path, "confectioner", TODAY)
    return path


def test_the_plan_menu_and_a_new_plan_offer_the_wizard(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "empty.smplan"
    create_empty(path, TODAY)
    window.open_plan(path)
    assert window.wizard_action in window.plan_menu.actions()
    assert window.wizard_action.isEnabled()
    overview = window._overview
    assert overview.wizard_button.isVisible()
    assert overview.wizard_button.text() == "Start the strategy wizard"
    opened = []
    monkeypatch.setattr(StrategyWizard, "ask", classmethod(
        lambda cls, parent, plan, today, hand=None, settings=None, corrections=(): opened.append(plan) or None))
    overview.wizard_button.click()
    assert len(opened) == 1 and opened[0].markets == ()


def test_finishing_the_wizard_stores_the_decisions_and_regenerates(window: MainWindow, confectioner: Path,
                                                                    monkeypatch) -> None:
    window.open_plan(confectioner)
    before = window.service.plan()
    count_before = window.service.summary().post_count
    rule = before.cadence_rules[0]
    doubled = dataclasses.replace(rule, weekdays=tuple(sorted(set(rule.weekdays) | {0, 1, 2, 3, 4})))
    decided = dataclasses.replace(
        before, cadence_rules=tuple(doubled if r.id == rule.id else r for r in before.cadence_rules)
    )
    seen = {}

    def answer(cls, parent, plan, today, hand_posts=None, workload_settings=None, holiday_corrections=()):
        seen["hand_posts"] = hand_posts
        seen["corrections"] = holiday_corrections
        return decided

    japan = next(market for market in before.markets if market.country == "JP")
    window.service.set_holiday_override(HolidayOverride(japan.id, date(2027, 12, 31), OverrideAction.ADD, "Omisoka"))
    monkeypatch.setattr(StrategyWizard, "ask", classmethod(answer))
    window.wizard_action.trigger()
    assert seen["hand_posts"] == {}
    assert [c.name for c in seen["corrections"]] == ["Omisoka"]  # the wizard lists the holidays as corrected
    assert {r.id: r for r in window.service.plan().cadence_rules} == {r.id: r for r in decided.cadence_rules}
    assert window.service.summary().post_count > count_before
    assert "regenerated" in window.statusBar().currentMessage()


def test_export_then_import_strategy(window: MainWindow, confectioner: Path, tmp_path: Path, monkeypatch) -> None:
    window.open_plan(confectioner)
    target = tmp_path / "strategy.toml"
    monkeypatch.setattr(file_dialogs, "ask_strategy_path", lambda parent, saving, start: target)
    window.export_strategy_action.trigger()
    assert tomllib.loads(target.read_text(encoding="utf-8"))["firm"]["name"] == window.service.plan().firm.name

    other = tmp_path / "other.smplan"
    create_empty(other, TODAY)
    window.open_plan(other)
    monkeypatch.setattr(messages, "ask_replace_strategy", lambda parent, name: True)
    window.import_strategy_action.trigger()
    imported = window.service.plan()
    assert len(imported.markets) == 4
    assert window.service.summary().post_count > 0
    assert export_strategy(imported) == target.read_text(encoding="utf-8")


def test_a_bad_strategy_file_is_named_and_nothing_changes(
    window: MainWindow, confectioner: Path, tmp_path: Path, monkeypatch, told: list
) -> None:
    window.open_plan(confectioner)
    before = window.service.plan()
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\n[firm\nname = 'x'\n", encoding="utf-8")
    monkeypatch.setattr(file_dialogs, "ask_strategy_path", lambda parent, saving, start: bad)
    window.import_strategy_action.trigger()
    assert len(told) == 1
    title, text = told[0]
    assert title == "Cannot import the strategy"
    assert "bad.toml" in text and "line 2" in text
    assert window.service.plan() == before


def test_the_wizard_counts_hours_with_the_plans_own_workload_settings(window: MainWindow, confectioner: Path,
                                                                       monkeypatch) -> None:
    from smplanner.domain.workload import WorkloadSettings, estimate

    window.open_plan(confectioner)
    settings = WorkloadSettings(community_minutes_per_presence=180)
    window.post_commands.set_workload_settings(settings)
    seen = {}

    def answer(cls, parent, plan, today, hand_posts=None, workload_settings=None, holiday_corrections=()):
        wizard = cls(plan, today, parent, hand_posts, workload_settings, holiday_corrections)
        seen["hours"] = wizard.draft.workload().needed_hours
        return None

    monkeypatch.setattr(StrategyWizard, "ask", classmethod(answer))
    window.wizard_action.trigger()
    plan = window.service.plan()
    assert seen["hours"] == estimate(plan, settings).needed_hours
    assert seen["hours"] > estimate(plan).needed_hours
