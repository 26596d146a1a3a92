"""The README's two commands: exactly two, one line each, and CI runs the second one as written."""

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


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci_lines = ROOT.joinpath(".ci", "run").read_text(encoding="utf-8").splitlines()
    assert ci_lines[-1] == _try_it_blocks()[1], ".ci/run's last line must be the README's test command"
