"""One model of a database server's configuration, whether read live or from its files.

Checks judge ``Facts`` only, so the same check function gives the same verdict on a live server and
on its configuration files. A fact is either known, missing for a stated reason (a lacking privilege:
the check becomes an ERROR finding) or out of reach of the source (files cannot show accounts: the
check is not evaluated at all).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from baomi.model import Location


class FactMissing(Exception):
    """A fact the check needs could not be read; the message says why (e.g. the privilege lacking)."""


class FactOutOfReach(Exception):
    """This kind of source cannot show the fact (e.g. accounts in a my.cnf): the check does not apply."""


@dataclass(frozen=True)
class Setting:
    """An effective setting and where its value comes from."""

    name: str
    value: str
    #: human words for the origin: "postgresql.conf:12", "server default", "command line" ...
    origin: str
    #: file and line when the value was read from a configuration file
    location: Location | None = None


@dataclass(frozen=True)
class Problem:
    """A part of the input that could not be read (an unparseable line, a missing include)."""

    message: str
    location: Location | None = None


@dataclass(frozen=True)
class Facts:
    """Everything one source knows about one server (live) or one set of configuration files."""

    #: the endpoint (``postgresql://user@host:port/db``) or the main configuration file
    resource: str
    #: settings by lower-case name; ``None`` when this source shows no settings at all
    settings: Mapping[str, Setting] | None
    #: engine defaults used for settings absent from ``settings``
    defaults: Mapping[str, str] = field(default_factory=dict)
    #: how an absent setting is described ("not set in the files: server default applies")
    default_origin: str = "server default"
    #: where a default is reported in files (the main file, without a line)
    default_location: Location | None = None
    #: why an absent setting may merely be invisible (live: a lacking privilege); None if it is not
    hidden_reason: str | None = None
    #: True for a live server: a setting it does not report at all is a fact missing, not out of reach
    live: bool = False
    #: other facts by name: "hba", "roles", "accounts", "plugins" ...
    tables: Mapping[str, Any] = field(default_factory=dict)
    #: facts by name that could not be read, with the reason
    missing: Mapping[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    #: settings whose value this source cannot tell (set only in a version-suffixed my.cnf group), with why
    uncertain: Mapping[str, str] = field(default_factory=dict)

    def setting(self, name: str) -> Setting:
        """The effective setting, its default when unset; raises FactMissing / FactOutOfReach."""
        if self.settings is None:
            raise FactOutOfReach(name)
        key = name.lower()
        if key in self.uncertain:
            raise FactMissing(self.uncertain[key])
        if key in self.settings:
            return self.settings[key]
        if self.hidden_reason is not None:
            raise FactMissing(f"setting {name} is not visible: {self.hidden_reason}")
        if key in self.defaults:
            return Setting(key, self.defaults[key], self.default_origin, self.default_location)
        if self.live:
            raise FactMissing(f"the server does not report setting {name}")
        raise FactOutOfReach(name)

    def table(self, name: str) -> Any:
        """A non-setting fact (hba rules, roles, accounts, plugins); raises FactMissing / FactOutOfReach."""
        if name in self.tables:
            return self.tables[name]
        if name in self.missing:
            raise FactMissing(self.missing[name])
        raise FactOutOfReach(name)


_MYSQL_TRUE = {"on", "true", "1"}
_MYSQL_FALSE = {"off", "false", "0"}


def as_bool(value: str) -> bool | None:
    """A PostgreSQL boolean setting: on/off, true/false, yes/no, 1/0, or a unique prefix of one of the words
    (``t``, ``of``; not ``o``), in any case; None when the text is not one."""
    text = value.strip().strip("'\"").lower()
    if text in ("1", "0"):
        return text == "1"
    if not text or text == "o":
        return None
    if "true".startswith(text) or "yes".startswith(text) or (len(text) >= 2 and "on".startswith(text)):
        return True
    if "false".startswith(text) or "no".startswith(text) or (len(text) >= 2 and "off".startswith(text)):
        return False
    return None


def as_mysql_bool(value: str) -> bool | None:
    """A MySQL / MariaDB boolean setting: ON/OFF, TRUE/FALSE, 1/0 in any case; None when the text is not one
    (the server sets such an option OFF with a warning: ``yes`` is no ON)."""
    text = value.strip().strip("'\"").lower()
    return True if text in _MYSQL_TRUE else False if text in _MYSQL_FALSE else None


@dataclass(frozen=True)
class RoleSetting:
    """A setting ALTER ROLE / ALTER DATABASE overrides for the sessions of a role, a database or both."""

    role: str | None  # None: every role (ALTER DATABASE ... SET, or ALTER ROLE ALL)
    database: str | None  # None: every database
    name: str
    value: str

    @property
    def scope(self) -> str:
        if self.role and self.database:
            return f"role {self.role!r} in database {self.database!r} (ALTER ROLE ... IN DATABASE ... SET)"
        if self.role:
            return f"role {self.role!r} (ALTER ROLE ... SET)"
        if self.database:
            return f"database {self.database!r} (ALTER DATABASE ... SET)"
        return "every role (ALTER ROLE ALL ... SET)"


@dataclass(frozen=True)
class PgRole:
    """A PostgreSQL role as pg_roles shows it."""

    name: str
    superuser: bool
    can_login: bool
    bootstrap: bool  # the role initdb created (OID 10)
    createrole: bool = False
    bypassrls: bool = False
    #: every role it is a member of, directly or through other roles (it may SET ROLE to each), by name
    member_of: tuple[str, ...] = ()

    @property
    def subject(self) -> str:
        return f"role {self.name!r}"

    @property
    def key(self) -> str:
        return self.subject

    @property
    def location(self) -> Location | None:
        return None  # roles live in the server, not in a file


@dataclass(frozen=True)
class PgPrivilege:
    """One privilege on a table, view, sequence, column or schema of the scanned database (aclexplode of its
    ACL); a column grant is a privilege on that column alone."""

    kind: str  # "table", "view", "sequence", "column", "schema" ...
    name: str  # schema-qualified for relations: "public.customers"; a column's: "public.customers.email"
    owner: str
    grantee: str  # "PUBLIC" for the pseudo-role
    privilege: str  # SELECT, INSERT, CREATE ...
    grantable: bool

    @property
    def subject(self) -> str:
        return f"{self.kind} {self.name}:"

    @property
    def key(self) -> str:
        return f"{self.kind} {self.name} to {self.grantee}"

    @property
    def location(self) -> Location | None:
        return None


@dataclass(frozen=True)
class PgFunction:
    """A SECURITY DEFINER function of a user schema (not part of an extension): it runs as its owner."""

    name: str  # schema-qualified, with its argument types
    owner: str

    @property
    def subject(self) -> str:
        return f"function {self.name}"

    @property
    def key(self) -> str:
        return self.subject

    @property
    def location(self) -> Location | None:
        return None


@dataclass(frozen=True)
class PgTable:
    """A table of a user schema with its row-level security state and its owner."""

    name: str  # schema-qualified: "public.customers"
    owner: str
    owner_can_login: bool
    row_security: bool  # ALTER TABLE ... ENABLE ROW LEVEL SECURITY
    forced: bool  # ALTER TABLE ... FORCE ROW LEVEL SECURITY: the owner is subject to the policies too
    policies: int

    @property
    def subject(self) -> str:
        return f"table {self.name}"

    @property
    def key(self) -> str:
        return self.subject

    @property
    def location(self) -> Location | None:
        return None


@dataclass(frozen=True)
class MysqlAccount:
    """A MySQL / MariaDB account as mysql.user shows it (never its password hash: only whether it has one)."""

    user: str
    host: str
    plugin: str
    has_password: bool
    locked: bool
    is_role: bool
    all_global_privileges: bool
    #: how it holds administrator rights, itself or through roles ("SUPER", "every global privilege ..."); ""
    admin_rights: str = ""
    #: why whether it holds administrator rights cannot be told (role grants unreadable); "" when it can
    admin_unknown: str = ""
    #: global privileges held (lower-case mysql.user columns: "file_priv"), its own and those of the roles it may
    #: switch on; for a role, its own
    privileges: frozenset[str] = frozenset()
    #: roles it may switch on whose privileges it holds
    roles: tuple[str, ...] = ()
    #: why the roles it may switch on are not known (role grants unreadable: only its default role counted); ""
    roles_unknown: str = ""
    #: role grants unreadable: (user, host) of every account or role that may be a role it can switch on, itself
    #: aside (MariaDB: the roles; MySQL: every account); one set shared by all accounts
    role_candidates: frozenset[tuple[str, str]] = frozenset()
    #: REQUIRE of the account: "" (none), "ANY" (SSL), "X509", "SPECIFIED" (a cipher, issuer or subject)
    ssl_type: str = ""
    #: whether it stores a password hash of mysql_native_password or mysql_old_password (computed by the server)
    sha1_hash: bool = False

    @property
    def name(self) -> str:
        return f"'{self.user}'@'{self.host}'"

    @property
    def subject(self) -> str:
        return f"account {self.name}"

    @property
    def key(self) -> str:
        return self.subject

    @property
    def location(self) -> Location | None:
        return None  # accounts live in the server, not in a file

    @property
    def can_log_in(self) -> bool:
        return not (self.locked or self.is_role)


@dataclass(frozen=True)
class TlsSession:
    """The scanning connection's own TLS (MySQL 8.4 dropped have_ssl): a cipher shows the server offers TLS."""

    cipher: str  # "" in plaintext
    #: whether the scan asked for TLS (every --db-sslmode but disable): plaintext then means none is offered
    asked: bool
