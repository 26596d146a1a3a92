"""--lang on every command that writes for a person: messages, headers and texts in English, French or Dutch."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import icalendar
import pytest

from smplanner.cli import run
from smplanner.i18n import current_language
from smplanner.services.plan_files import create_from_example

TODAY = date(2027, 1, 6)


@pytest.fixture
def consultancy(tmp_path: Path) -> Path:
    path = tmp_path / "consultancy.smplan"
    create_from_example(path, "consultancy", TODAY)
    return path


def output_of(*args: str) -> str:
    out = io.StringIO()
    assert run(list(args), out=out, today=TODAY) == 0
    return out.getvalue()


def test_info_and_agenda_in_dutch(consultancy: Path) -> None:
    info = output_of("info", str(consultancy), "--lang", "nl")
    assert "Bedrijf:" in info and "Markten:" in info and "Frankrijk" in info
    assert current_language() == "nl"
    agenda = output_of("agenda", str(consultancy), "--from", "2027-05-01", "--to", "2027-05-31", "--lang", "nl")
    assert agenda.startswith("Agenda van ")
    assert "Feestdagen:" in agenda and "Lokale tijd" in agenda
    assert "Agenda of" not in agenda


def test_workload_in_french_and_dutch(consultancy: Path) -> None:
    assert "Charge de travail" in output_of("workload", str(consultancy), "--lang", "fr")
    assert "Werklast van" in output_of("workload", str(consultancy), "--lang", "nl_BE")


def test_the_csv_headers_and_the_ics_texts_in_dutch(consultancy: Path, tmp_path: Path) -> None:
    output_of("export-csv", str(consultancy), "-o", str(tmp_path / "posts.csv"), "--lang", "nl")
    with (tmp_path / "posts.csv").open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert {"Datum", "Lokale tijd", "Markt", "Platform", "Titel", "Tekst (fr)", "Status van de versie (fr)"} <= set(
        header)
    output_of("export-ics", str(consultancy), "-o", str(tmp_path / "posts.ics"), "--holidays", "--lang", "nl")
    calendar = icalendar.Calendar.from_ical((tmp_path / "posts.ics").read_bytes())
    descriptions = [str(event.get("DESCRIPTION", "")) for event in calendar.walk("VEVENT")]
    assert any("Status: Idee" in text and "(te schrijven):" in text for text in descriptions)
    assert not any("Status: Idea" in text or "(to write):" in text for text in descriptions)


def test_strategy_export_comments_in_dutch(consultancy: Path) -> None:
    text = output_of("strategy", "export", str(consultancy), "--lang", "nl")
    assert "smplanner-strategiebestand" in text


def cli(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG=lang, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "smplanner", *args], capture_output=True, text=True, timeout=120,
                          env=env, check=False)


def test_a_language_without_a_catalogue_is_one_line_naming_the_languages(consultancy: Path) -> None:
    result = cli("info", str(consultancy), "--lang", "xx")
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("smplanner: error: ") and "xx" in lines[0]
    assert "en, fr, nl" in lines[0]


def test_without_lang_the_cli_speaks_the_system_language(consultancy: Path) -> None:
    result = cli("info", str(consultancy), lang="nl_BE.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "Bedrijf:" in result.stdout
    assert "Entreprise" in cli("info", str(consultancy), "--lang", "fr", lang="nl_BE.UTF-8").stdout
