"""The README's two commands: exactly two, and CI runs the second one as written."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _try_it_blocks() -> list[str]:
    section = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("\n## Try it\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    return [block.split("\n```", 1)[0].strip() for block in section.split("```sh\n")[1:]]


def test_readme_holds_exactly_two_commands_one_for_the_app_and_one_for_the_tests() -> None:
    install_and_run, install_and_test = _try_it_blocks()
    assert "smplanner demo" in install_and_run
    assert "pytest" in install_and_test
    for command in (install_and_run, install_and_test):
        assert "\n" not in command, "each command is one line to copy and paste"


def test_ci_runs_the_readme_test_command_verbatim(tmp_path: Path) -> None:
    # Run .ci/run's extraction on a copy whose README's test command only prints a marker.
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci" / "run").write_text(ROOT.joinpath(".ci", "run").read_text(encoding="utf-8"), encoding="utf-8")
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    readme = readme.replace(_try_it_blocks()[1], "echo readme-test-command-ran && echo second-step")
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    result = subprocess.run(["bash", str(tmp_path / ".ci" / "run")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["readme-test-command-ran", "second-step"]
