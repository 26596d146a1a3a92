"""A new plan's firm is at home where the machine is (time zone, country, language, set here through the
environment), and the wizard can change all three."""

from __future__ import annotations

from pathlib import Path

import pytest

from smplanner.domain.strategy_draft import PageId
from smplanner.ui.wizard.strategy_wizard import StrategyWizard


@pytest.fixture
def in_tokyo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    monkeypatch.setenv("LANGUAGE", "ja")


def test_a_new_plan_starts_at_the_machines_home_and_the_wizard_changes_it(
    window, tmp_path: Path, in_tokyo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smplanner.ui import file_dialogs

    path = tmp_path / "new.smplan"
    monkeypatch.setattr(file_dialogs, "ask_new_plan_path", lambda parent, suggested: path)
    window.plan_commands.new_plan()
    plan = window.service.plan()
    assert (plan.firm.home_country, plan.firm.home_zone, plan.strategy.main_language) == ("JP", "Asia/Tokyo", "ja")

    wizard = StrategyWizard(plan, plan.strategy.period_start)
    firm = wizard.page_of(PageId.FIRM)
    wizard.show()
    assert firm.country_combo.code() == "JP" and firm.zone_combo.code() == "Asia/Tokyo"
    firm.country_combo.set_code("BE")
    assert (wizard.draft.firm.home_country, wizard.draft.firm.home_zone) == ("BE", "Europe/Brussels")
    while wizard.currentId() != PageId.LANGUAGE:
        wizard.next()
    language = wizard.page_of(PageId.LANGUAGE)
    assert language.main_combo.code() == "ja"
    language.main_combo.set_code("nl")
    assert wizard.result_plan().strategy.main_language == "nl"
    wizard.close()


def test_the_default_plan_at_first_start_is_at_home_too(window, tmp_path: Path, in_tokyo) -> None:
    window.open_initial(None)
    assert window.service.plan().firm.home_zone == "Asia/Tokyo"
