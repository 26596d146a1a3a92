"""Fixtures of the storage tests: real plan files in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from storage_support import rich_plan

from smplanner.domain.plan import Plan, Post
from smplanner.storage.plan_file import PlanFile


@pytest.fixture
def rich() -> tuple[Plan, list[Post]]:
    return rich_plan()


@pytest.fixture
def plan_path(tmp_path: Path, rich: tuple[Plan, list[Post]]) -> Path:
    """A closed plan file holding the rich plan."""
    path = tmp_path / "plan.smplan"
    PlanFile.create(path, *rich)
    return path
