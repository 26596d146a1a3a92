"""The import contracts of pyproject.toml ([tool.importlinter]) hold: no Qt below the UI, layers point down."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    # lint-imports is installed beside the interpreter running the tests (the .venv of the README's command).
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.exists(), "{path} is missing: install the test extra, pip install -e '.[test]'".format(
        path=lint_imports
    )
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],  # no cache: it would leave .import_linter_cache/ in the tree
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
