"""translations/smplanner.pot holds exactly the messages of the code: catches a forgotten translations/update.sh."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

REPOSITORY = Path(__file__).resolve().parents[2]
TEMPLATE = REPOSITORY / "translations" / "smplanner.pot"


def _keys(catalogue: Catalog) -> set[tuple[str | None, str | tuple[str, ...]]]:
    return {(message.context, message.id) for message in catalogue if message.id}


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _extract(output: Path) -> Catalog:
    # The same extraction as translations/update.sh.
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract",
            "--mapping-file=pyproject.toml",
            "--ignore-dirs=.* _* build dist venv tests",
            "--add-comments=TRANSLATORS:",
            "--output-file=" + str(output),
            ".",
        ],
        cwd=REPOSITORY,
        check=True,
        timeout=120,
    )
    return _read(output)


def test_template_is_up_to_date(tmp_path: Path) -> None:
    extracted = _keys(_extract(tmp_path / "fresh.pot"))
    recorded = _keys(_read(TEMPLATE))
    new, gone = sorted(map(str, extracted - recorded)), sorted(map(str, recorded - extracted))
    assert not new and not gone, (
        "translations/smplanner.pot is out of date: run translations/update.sh, then translate.\n"
        "new in the code: {new}\nno longer in the code: {gone}".format(new=new, gone=gone)
    )


def test_no_message_uses_percent_placeholders(tmp_path: Path) -> None:
    # Babel flags a message "python-format" when it holds %s, %d or %(name)s: use {name} instead.
    flagged = [message.id for message in _extract(tmp_path / "fresh.pot") if "python-format" in message.flags]
    assert not flagged, flagged


def test_update_script_is_valid_bash() -> None:
    script = REPOSITORY / "translations" / "update.sh"
    assert script.stat().st_mode & 0o111, "translations/update.sh must be executable"
    subprocess.run(["bash", "-n", str(script)], check=True)
