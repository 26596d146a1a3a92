"""Test setup: offscreen Qt unless --onscreen, English and isolated settings, and no network, ever."""

from __future__ import annotations

import os
import socket
import sys
import time

import pytest

_ALLOWED_FAMILIES = {getattr(socket, "AF_UNIX", None)}
network_attempts: list[str] = []


def _network_guard(event: str, args: tuple) -> None:
    # Any attempt to reach the network from the test process is recorded and refused.
    if event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"):
        sock = args[0]
        if getattr(sock, "family", None) not in _ALLOWED_FAMILIES:
            network_attempts.append("{event} {address}".format(event=event, address=args[1] if len(args) > 1 else ""))
            raise ConnectionRefusedError("smplanner tests must not use the network: " + event)
    elif event == "socket.getaddrinfo":
        network_attempts.append("getaddrinfo {host}".format(host=args[0]))
        raise ConnectionRefusedError("smplanner tests must not use the network: getaddrinfo")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--onscreen", action="store_true", default=False, help="show windows on the real display")


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("--onscreen"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["LANG"] = "C.UTF-8"
    # A clock with no place (a new plan then starts in Belgium): tests never read the machine's own zone.
    os.environ["TZ"] = "UTC"
    time.tzset()
    os.environ["LANGUAGE"] = "en"
    os.environ.pop("LC_ALL", None)
    os.environ.pop("LC_MESSAGES", None)
    os.environ["SMPLANNER_NO_NETWORK_TEST"] = "1"
    sys.addaudithook(_network_guard)


@pytest.fixture(autouse=True)
def _english_and_isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in English, with its own settings and data folders."""
    from smplanner.i18n import set_language

    time.tzset()  # a test that set TZ may have left the C library (and datetime.astimezone) on its zone
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    set_language("en")
    yield
    set_language("en")
    assert not network_attempts, "a test tried to use the network: {attempts}".format(attempts=network_attempts)


@pytest.fixture
def today():
    """A fixed 'today' so example plans are the same in every run."""
    from datetime import date

    return date(2027, 1, 6)
