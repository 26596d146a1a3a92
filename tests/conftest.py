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


# -- plans on a file and on a server: one parametrised fixture ------------------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster():
    """The tests' private PostgreSQL cluster (tests/pg_cluster.py), started once, with a database for plans."""
    from pg_cluster import PostgresCluster

    cluster = PostgresCluster().start()
    cluster.execute("CREATE DATABASE plans")
    yield cluster
    cluster.stop()


class PlanStore:
    """Where a test's plans live: files in its temporary folder, or schemas of the test cluster's `plans` database.

    Tests written against it (`address`, `create`, `open`) run against both kinds of plan."""

    def __init__(self, kind: str, folder, cluster=None) -> None:
        self.kind = kind
        self.folder = folder
        self.cluster = cluster

    @property
    def on_server(self) -> bool:
        return self.kind == "server"

    def address(self, name: str = "plan"):
        """A new plan's place: a file's path, or a server plan's address (a schema of its own)."""
        if self.cluster is None:
            return self.folder / (name + ".smplan")
        import uuid

        return self.cluster.uri("plans", schema="{name}_{token}".format(name=name, token=uuid.uuid4().hex[:10]))

    def create(self, plan, posts=(), name: str = "plan", **options):
        """A new plan holding these decisions and posts; returns its address."""
        from smplanner.storage.opening import create_plan

        address = self.address(name)
        create_plan(address, plan, posts, **options)
        return address

    def open(self, address, read_only: bool = False):
        from smplanner.storage.opening import open_plan

        return open_plan(address, read_only=read_only)


@pytest.fixture(params=["file", "server"])
def plan_store(request, tmp_path) -> PlanStore:
    """Plans on a file, then on a server: each test that takes it runs on both."""
    if request.param == "file":
        return PlanStore("file", tmp_path)
    return PlanStore("server", tmp_path, request.getfixturevalue("pg_cluster"))
