"""A new plan starts where the machine is: zone from TZ, /etc/localtime or the desktop, country from the zone or
the locale's territory, language from the locale; environments are given to the code, never read from this machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from smplanner.services.system_home import FALLBACK, Home, system_home, system_zone


@pytest.fixture
def no_localtime(tmp_path: Path) -> Path:
    return tmp_path / "etc" / "localtime"


@pytest.mark.parametrize(("environ", "expected"), [
    ({"TZ": "Asia/Tokyo", "LANG": "ja_JP.UTF-8"}, Home("JP", "Asia/Tokyo", "ja")),
    ({"TZ": ":America/Toronto", "LANG": "fr_CA.UTF-8"}, Home("CA", "America/Toronto", "fr")),
    ({"TZ": "/usr/share/zoneinfo/Europe/Amsterdam", "LANG": "nl_NL.UTF-8"}, Home("NL", "Europe/Amsterdam", "nl")),
    # many keep an American English locale wherever they live: the zone says where the firm is
    ({"TZ": "Europe/Brussels", "LANG": "en_US.UTF-8"}, Home("BE", "Europe/Brussels", "en")),
    # a machine on UTC: the locale's country and its main zone
    ({"TZ": "UTC", "LC_ALL": "de_DE.UTF-8"}, Home("DE", "Europe/Berlin", "de")),
    # nothing usable: Belgium, as in the research
    ({"TZ": "Etc/UTC", "LANG": "C.UTF-8"}, FALLBACK),
    ({"TZ": "CET-1CEST", "LANG": "POSIX"}, FALLBACK),
])
def test_the_home_comes_from_the_environment(environ: dict[str, str], expected: Home, no_localtime: Path) -> None:
    assert system_home(environ, no_localtime) == expected


def test_the_language_list_wins_for_the_language(no_localtime: Path) -> None:
    home = system_home({"TZ": "Europe/Brussels", "LANGUAGE": "nl:en", "LANG": "fr_BE.UTF-8"}, no_localtime)
    assert home == Home("BE", "Europe/Brussels", "nl")


def test_without_tz_the_localtime_link_then_the_desktop_say_the_zone(tmp_path: Path) -> None:
    etc = tmp_path / "etc"
    etc.mkdir()
    zoneinfo = tmp_path / "usr" / "share" / "zoneinfo" / "America"
    zoneinfo.mkdir(parents=True)
    (zoneinfo / "Sao_Paulo").write_bytes(b"TZif")
    (etc / "localtime").symlink_to(zoneinfo / "Sao_Paulo")
    assert system_zone({}, etc / "localtime") == "America/Sao_Paulo"
    assert system_home({"LANG": "pt_BR.UTF-8"}, etc / "localtime") == Home("BR", "America/Sao_Paulo", "pt")
    (etc / "localtime").unlink()
    (etc / "localtime").write_bytes(b"TZif")  # a copy names no zone
    assert system_zone({}, etc / "localtime") is None
    (etc / "timezone").write_text("Africa/Douala\n", encoding="utf-8")
    assert system_zone({}, etc / "localtime") == "Africa/Douala"
    (etc / "timezone").unlink()
    assert system_zone({}, etc / "localtime", desktop_zone="Asia/Shanghai") == "Asia/Shanghai"
    assert system_zone({"TZ": "UTC"}, etc / "localtime", desktop_zone="Asia/Shanghai") is None  # TZ overrides all
