"""Which MySQL / MariaDB accounts hold administrator rights, directly or through roles.

An account is an administrator when the privileges it holds, or can take on, include SUPER or CREATE USER
(it can create and alter any account, its own grants included), or every global privilege but at most
one: "ALL but SHUTDOWN" is still an administrator. Roles count: a role granted to an account can be
switched on with ``SET ROLE`` at any time (the default role is on at login), and roles can be granted to
roles. Role grants are read from ``mysql.roles_mapping`` (MariaDB) or ``mysql.role_edges`` (MySQL); when
they cannot be read, an account that is not an administrator by itself or its default role cannot be
told apart from one that is, and says so (never a pass).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: privilege columns of mysql.user that global ALL does not set
NOT_IN_ALL = frozenset({"grant_priv", "proxy_priv"})

Key = tuple[str, str]  # (user, host); a MariaDB role has host ''


@dataclass(frozen=True)
class PrivilegeRow:
    user: str
    host: str
    is_role: bool
    default_role: str
    privileges: frozenset[str]  # lower-case privilege columns held: "super_priv", "select_priv" ...


@dataclass(frozen=True)
class AdminRights:
    held: str = ""  # how it holds administrator rights; "" when it does not
    unknown: str = ""  # why that cannot be told; "" when it can
    #: global privilege columns held, its own and those of every role it may switch on
    privileges: frozenset[str] = frozenset()
    #: the roles whose privileges are in ``privileges``
    roles: tuple[str, ...] = ()
    #: role grants unreadable: every account or role that may be a role this one can switch on (itself aside).
    #: One set shared by all accounts: the flagged roles (MariaDB), or every account (MySQL)
    candidates: frozenset[Key] = frozenset()


def admin_rights(held: frozenset[str], every: frozenset[str]) -> str:
    """How ``held`` amounts to administrator rights, "" when it does not."""
    lacking = every - held
    if every and not lacking:
        return "every global privilege"
    if every and len(lacking) == 1:
        return f"every global privilege but {_privilege_name(next(iter(lacking)))}"
    if "super_priv" in held:
        return "SUPER"
    if "create_user_priv" in held:
        return "CREATE USER (it can create and alter any account)"
    return ""


def resolve(rows: Sequence[PrivilegeRow], every: frozenset[str], grants: Iterable[tuple[Key, Key]] | None,
            grants_unreadable: str = "", roles_flagged: bool = True) -> dict[Key, AdminRights]:
    """Administrator rights of every account (not role), through the roles ``grants`` (grantee, role) give.

    ``grants`` None: the role grants could not be read (``grants_unreadable`` says why); then every flagged
    role may be granted to an account, or, ``roles_flagged`` False (MySQL 8, where a role is an account like
    any other and any account may be granted as one), every other account (``AdminRights.candidates``)."""
    by_key = {(r.user, r.host): r for r in rows}
    edges: dict[Key, list[Key]] = {}
    for grantee, role in grants or ():
        edges.setdefault(grantee, []).append(role)
    candidates: frozenset[Key] = frozenset()
    admin_candidates: list[tuple[Key, str]] = []
    if grants is None:  # computed once: only unreadable role grants need them
        candidates = frozenset(key for key, r in by_key.items() if r.is_role or not roles_flagged)
        admin_candidates = sorted(((key, by_key[key].user) for key in candidates
                                   if admin_rights(by_key[key].privileges, every)), key=lambda c: c[1])
    out: dict[Key, AdminRights] = {}
    for row in rows:
        if row.is_role:
            continue
        key = (row.user, row.host)
        default = [(row.default_role, "")] if row.default_role else []
        roles = default if grants is None else _reachable(key, edges)
        held = row.privileges.union(*(by_key[r].privileges for r in roles if r in by_key))
        rights = admin_rights(held, every)
        if rights and not admin_rights(row.privileges, every):
            named = ", ".join(repr(r[0]) + (" (its default role)" if r[0] == row.default_role else "")
                              for r in roles if r in by_key and by_key[r].privileges)
            rights = f"{rights} through role {named}"
        unknown = ""
        admins = [user for other, user in admin_candidates if other != key] if not rights else []
        if admins:
            exist = "exist" if roles_flagged else "may exist"
            unknown = (f"roles with administrator rights {exist} ({', '.join(map(repr, admins))}) and which ones "
                       f"this account may switch on cannot be told: {grants_unreadable}")
        out[key] = AdminRights(rights, unknown, held, tuple(r[0] for r in roles if r in by_key), candidates)
    return out


def _reachable(start: Key, edges: Mapping[Key, list[Key]]) -> list[Key]:
    """Roles granted to ``start``, directly or through other roles, each once (a grant cycle ends)."""
    seen: dict[Key, None] = {}
    stack = list(reversed(edges.get(start, [])))
    while stack:
        role = stack.pop()
        if role in seen:
            continue
        seen[role] = None
        stack.extend(reversed(edges.get(role, [])))
    return list(seen)


def _privilege_name(column: str) -> str:
    return column.removesuffix("_priv").replace("_", " ").upper()
