"""Where a server plan lives: a libpq connection URI, and the schema that holds the plan.

A plan on a PostgreSQL server is addressed as libpq addresses a database, `postgresql://host/db?…` or
`postgresql:///?service=NAME` (a service file entry), so host, port, user, SSL and the password all come from
libpq's own mechanisms: the URI, a service file, `~/.pgpass`, the PG* environment variables. smplanner never
stores a password: what it remembers and shows of an address has any password taken out.

One plan per schema: the plan's tables live in one schema of the database, the connection's current schema (the
first of its search_path, `public` by default). A URI's fragment names another one, `postgresql://host/db#plan`,
which is short for `options=-csearch_path=plan` (in a service file, write that option). Several plans share a
database as several schemas; each has its own tables, format revision and permissions, and `pg_dump -n` backs up
one of them.

Nothing here imports the driver until an address is checked: a plan file never loads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from smplanner.i18n import _

SCHEMES = ("postgresql://", "postgres://")
SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
CONNECT_TIMEOUT_S = 10
"""How long to wait for a server that does not answer, when the address does not say."""


class AddressError(ValueError):
    """An address that is not a usable server plan address; the message says why."""


def is_server_address(text: object) -> bool:
    """Whether a plan argument names a server plan (a PostgreSQL URI) rather than a plan file."""
    return isinstance(text, str) and text.strip().lower().startswith(SCHEMES)


def _without_password(uri: str) -> str:
    parts = urlsplit(uri)
    netloc = parts.netloc
    if "@" in netloc:
        credentials, hosts = netloc.rsplit("@", 1)
        netloc = credentials.split(":", 1)[0] + "@" + hosts
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query) if key != "password"], safe="/%:")
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


@dataclass(frozen=True, slots=True)
class ServerAddress:
    """A server plan's address: the libpq URI (which may hold a password, never shown) and the plan's schema."""

    uri: str
    schema: str | None = None

    @classmethod
    def parse(cls, text: str) -> ServerAddress:
        """Check an address the founder typed; AddressError says what is wrong with it."""
        text = text.strip()
        if not is_server_address(text):
            raise AddressError(_("a server plan's address starts with postgresql://"))
        uri, _hash, fragment = text.partition("#")
        schema = unquote(fragment) or None
        if schema is not None and not SCHEMA_NAME.fullmatch(schema):
            raise AddressError(
                _("\u201c{schema}\u201d is not a schema name: use lower-case letters, digits and _ (at most 63), "
                  "starting with a letter").format(schema=schema))
        if schema is not None and schema.startswith("pg_"):
            raise AddressError(_("schema names starting with pg_ belong to PostgreSQL"))
        from psycopg import ProgrammingError
        from psycopg.conninfo import conninfo_to_dict

        try:
            settings = conninfo_to_dict(uri)
        except ProgrammingError as error:
            raise AddressError(str(error).strip()) from None
        if schema is not None and "search_path" in str(settings.get("options") or ""):
            raise AddressError(_("the schema is given twice: as the address's #fragment and in its options"))
        return cls(uri, schema)

    def conninfo(self) -> str:
        """What libpq connects with: the URI, the schema as the search_path, and our name in the server's lists."""
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        settings = conninfo_to_dict(self.uri)
        extra: dict[str, str] = {"application_name": "smplanner"}
        if "connect_timeout" not in settings:
            extra["connect_timeout"] = str(CONNECT_TIMEOUT_S)
        if self.schema is not None:
            options = str(settings.get("options") or "")
            extra["options"] = (options + " " if options else "") + "-csearch_path=" + self.schema
        return make_conninfo(self.uri, **extra)

    @property
    def name(self) -> str:
        """A short name for the plan: its schema, else its database, else its service (for titles and file names)."""
        if self.schema:
            return self.schema
        parts = urlsplit(self.uri)
        query = dict(parse_qsl(parts.query))
        return unquote(parts.path.lstrip("/")) or query.get("dbname") or query.get("service") or "plan"

    def __str__(self) -> str:
        """The address as it can be shown and remembered: with no password."""
        shown = _without_password(self.uri)
        return shown + ("#" + self.schema if self.schema else "")
