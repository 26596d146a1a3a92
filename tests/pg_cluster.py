"""A private PostgreSQL cluster for the tests: made in a temporary folder, reached through a Unix socket only.

Debian's server programs (`apt-get install postgresql`, as the README's test command does) are found under
/usr/lib/postgresql/<version>/bin. The cluster listens on no TCP address at all (`listen_addresses=''`): its socket
is in its own folder, so the tests' network guard (AF_UNIX only) holds. `initdb` refuses to run as root, so when
the tests run as root (CI does) the server runs as Debian's `postgres` user (or `nobody`), which owns the folder.

Durability is turned off (fsync, full_page_writes): a test cluster lives for one run.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "smplanner"
PORT = 5432


def server_programs() -> Path:
    """The folder of initdb, pg_ctl and postgres: the newest Debian version, else wherever pg_ctl is on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    raise RuntimeError("PostgreSQL's server programs are not installed (apt-get install postgresql; see the README)")


def _server_user() -> str | None:
    """The account the server runs as when the tests run as root (None: as the tests' own user)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root, and there is no postgres or nobody account to run PostgreSQL as")


class PostgresCluster:
    """One running test cluster; `uri()` addresses a database in it."""

    def __init__(self) -> None:
        self.programs = server_programs()
        self.user = _server_user()
        self.folder = Path(tempfile.mkdtemp(prefix="smplanner-pg-"))
        self.data = self.folder / "data"
        self.socket_folder = self.folder  # short: a Unix socket's path has a length limit
        self.log = self.folder / "server.log"
        self._running = False
        if self.user is not None:
            record = pwd.getpwnam(self.user)
            os.chown(self.folder, record.pw_uid, record.pw_gid)

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        argv = [str(self.programs / command[0]), *command[1:]]
        if self.user is not None:
            argv = ["runuser", "-u", self.user, "--", *argv]
        return subprocess.run(argv, capture_output=True, text=True, check=False, cwd=self.folder)

    def start(self) -> PostgresCluster:
        made = self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                         "--locale=C", "--no-instructions", "--no-sync")
        if made.returncode != 0:
            raise RuntimeError("initdb failed: " + made.stderr.strip())
        # The superuser comes in without a password; every other role must give its password (wrong-password tests).
        (self.data / "pg_hba.conf").write_text(
            "local all {superuser} trust\nlocal all all scram-sha-256\n".format(superuser=SUPERUSER), encoding="utf-8"
        )
        options = " ".join((
            "-c listen_addresses=''",
            "-c unix_socket_directories='{folder}'".format(folder=self.socket_folder),
            "-c port={port}".format(port=PORT),
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off",
            "-c max_connections=100 -c shared_buffers=32MB",
        ))
        started = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options,
                            "start")
        if started.returncode != 0:
            log = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
            raise RuntimeError("PostgreSQL did not start: " + started.stderr.strip() + "\n" + log[-2000:])
        self._running = True
        atexit.register(self.stop)
        return self

    def stop(self) -> None:
        if self._running:
            self._running = False
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def uri(self, database: str = "postgres", user: str = SUPERUSER, schema: str | None = None,
            password: str | None = None) -> str:
        """A libpq URI of a database in this cluster, through its socket (and a plan's schema as the fragment)."""
        credentials = quote(user) + (":" + quote(password) if password is not None else "")
        uri = "postgresql://{credentials}@/{database}?host={socket}&port={port}".format(
            credentials=credentials, database=database, socket=quote(str(self.socket_folder), safe=""), port=PORT)
        return uri + ("#" + schema if schema else "")

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run SQL as the superuser, outside a transaction (CREATE DATABASE cannot run inside one)."""
        import psycopg

        with psycopg.connect(self.conninfo(database), autocommit=True) as connection:
            connection.execute(sql)

    def conninfo(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return "host={socket} port={port} dbname={database} user={user}".format(
            socket=self.socket_folder, port=PORT, database=database, user=user)
