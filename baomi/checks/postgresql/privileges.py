"""Who can read customer data (IAM-PRIVILEGE): grants to PUBLIC, CREATE on schemas for PUBLIC, grant options
held outside administrators, SECURITY DEFINER functions owned by superusers, role attributes and memberships
that amount to administrator rights, row-level security on the tables marked as customer data.

Grants, functions and tables belong to one database: a live scan judges the database its DSN names (scan
each database that holds customer data). None of these facts is in a configuration file: on files these
checks are not evaluated (no finding, never a pass). An administrator is a superuser or a role named in
``db_admin_accounts``."""
from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase

from baomi.checks.database import per_item
from baomi.checks.postgresql import REGISTRY
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import FactMissing, Facts, PgFunction, PgPrivilege, PgRole, PgTable

#: predefined roles that read or write every table, or reach the server's files and programs
POWERFUL_PREDEFINED = ("pg_read_all_data", "pg_write_all_data", "pg_read_server_files", "pg_write_server_files",
                       "pg_execute_server_program")
_RELATION_KINDS = {"table", "view", "materialized view", "sequence", "foreign table", "column"}


def _superusers(facts: Facts) -> set[str]:
    roles: Sequence[PgRole] = facts.table("roles")
    return {r.name for r in roles if r.superuser}


def _admins(facts: Facts, settings: Settings) -> set[str]:
    return _superusers(facts) | set(settings.db_admin_accounts)


def _grants(facts: Facts) -> list[PgPrivilege]:
    return list(facts.table("privileges"))


def _grouped(grants: Sequence[PgPrivilege]) -> list[tuple[PgPrivilege, list[str]]]:
    """Grants of one object to one grantee together: one finding per (object, grantee) with its privileges."""
    out: dict[tuple[str, str, str], tuple[PgPrivilege, list[str]]] = {}
    for g in grants:
        out.setdefault((g.kind, g.name, g.grantee), (g, []))[1].append(g.privilege)
    return list(out.values())


@REGISTRY.register("PG_NO_PUBLIC_GRANTS")
def no_public_grants(facts: Facts, settings: Settings) -> list[Verdict]:
    """Every role, present and future, holds what PUBLIC holds: no table, view, sequence or column of a user
    schema may be granted to it."""
    public = [g for g in _grants(facts) if g.grantee == "PUBLIC" and g.kind in _RELATION_KINDS]
    failures = [Verdict(Status.FAIL, f"{g.subject} {', '.join(privileges)} granted to PUBLIC: every role can use it",
                        item=g.key) for g, privileges in _grouped(public)]
    return failures or [Verdict(Status.PASS, "no table, view, sequence or column of a user schema is granted to "
                                "PUBLIC in this database")]


@REGISTRY.register("PG_PUBLIC_SCHEMA_CREATE")
def public_schema_create(facts: Facts, settings: Settings) -> list[Verdict]:
    """CREATE on a schema for PUBLIC lets any role plant objects (functions, operators) that others resolve
    through their search_path: PostgreSQL 15 revoked it from the public schema by default."""
    creating = [g for g in _grants(facts) if g.grantee == "PUBLIC" and g.kind == "schema" and g.privilege == "CREATE"]
    failures = [Verdict(Status.FAIL, f"schema {g.name}: CREATE granted to PUBLIC: any role can create objects in it "
                        "that other roles' queries may pick up", item=f"schema {g.name}") for g in creating]
    return failures or [Verdict(Status.PASS, "PUBLIC may create objects in no schema of this database")]


@REGISTRY.register("PG_NO_GRANT_OPTION")
def no_grant_option(facts: Facts, settings: Settings) -> list[Verdict]:
    """A privilege held WITH GRANT OPTION can be passed on without an administrator: only owners and
    administrators should hold them."""
    admins = _admins(facts, settings)
    grantable = [g for g in _grants(facts) if g.grantable and g.grantee not in admins and g.grantee != g.owner]
    failures = [Verdict(Status.FAIL, f"{g.subject} role {g.grantee!r} holds {', '.join(privileges)} WITH GRANT "
                        "OPTION: it can pass them on to any role", item=g.key) for g, privileges in _grouped(grantable)]
    return failures or [Verdict(Status.PASS, "no role but owners and administrators holds a grant option in this "
                                "database")]


@REGISTRY.register("PG_SECURITY_DEFINER_SUPERUSER")
def security_definer_superuser(facts: Facts, settings: Settings) -> list[Verdict]:
    """A SECURITY DEFINER function runs with its owner's rights: owned by a superuser, a flaw in it (or a
    search_path it does not pin) gives its callers superuser rights. Functions of extensions are left out."""
    functions: Sequence[PgFunction] = facts.table("definer_functions")
    superusers = _superusers(facts)
    return per_item(functions, lambda f: f"is SECURITY DEFINER and owned by superuser {f.owner!r}: it runs with "
                    "superuser rights for whoever may call it" if f.owner in superusers else None,
                    "no SECURITY DEFINER function of a user schema is owned by a superuser",
                    "SECURITY DEFINER functions")


@REGISTRY.register("PG_ROLE_ATTRIBUTES_LIMITED")
def role_attributes_limited(facts: Facts, settings: Settings) -> list[Verdict]:
    """CREATEROLE can create and alter other roles (grant itself any non-superuser role's rights); BYPASSRLS
    reads every row whatever the row-level security policies say. Either is an administrator's right."""
    roles: Sequence[PgRole] = facts.table("roles")
    admins = set(settings.db_admin_accounts)

    def offence(role: PgRole) -> str | None:
        held = [name for name, has in (("CREATEROLE", role.createrole), ("BYPASSRLS", role.bypassrls)) if has]
        if not held or role.superuser or role.name in admins or role.name.startswith("pg_"):
            return None
        return f"has {' and '.join(held)} but is neither a superuser nor a configured administrator (db_admin_accounts)"

    return per_item(roles, offence, "no role but superusers and configured administrators has CREATEROLE or "
                    "BYPASSRLS", "roles")


@REGISTRY.register("PG_ADMIN_ROLE_MEMBERSHIP")
def admin_role_membership(facts: Facts, settings: Settings) -> list[Verdict]:
    """Membership passes rights on: a member of a superuser role may SET ROLE to it and is a superuser then;
    a member of pg_read_all_data reads every table, of pg_execute_server_program runs programs on the host."""
    roles: Sequence[PgRole] = facts.table("roles")
    superusers = _superusers(facts)
    admins = _admins(facts, settings)

    def offence(role: PgRole) -> str | None:
        if role.name in admins or role.name.startswith("pg_"):
            return None
        through = [f"superuser role {name!r}" for name in role.member_of if name in superusers]
        through += [repr(name) for name in role.member_of if name in POWERFUL_PREDEFINED]
        if not through:
            return None
        return (f"is a member of {', '.join(through)} (directly or through other roles) but is not a configured "
                "administrator (db_admin_accounts)")

    return per_item(roles, offence, "no role but administrators is a member of a superuser role or of "
                    f"{', '.join(POWERFUL_PREDEFINED)}", "roles")


def _customer_table(table: PgTable, patterns: Sequence[str]) -> bool:
    bare = table.name.partition(".")[2]
    return any(fnmatchcase(table.name, p) if "." in p else fnmatchcase(bare, p) for p in patterns)


@REGISTRY.register("PG_RLS_CUSTOMER_TABLES")
def rls_customer_tables(facts: Facts, settings: Settings) -> list[Verdict]:
    """Row-level security on the tables ``customer_data_tables`` names, so that each session sees only the
    rows its policies allow. Not forced, the table's owner bypasses the policies: a FAIL when the owner can
    log in (an application connecting as the owner reads every row)."""
    patterns = settings.customer_data_tables
    unset = Verdict(Status.NOT_APPLICABLE, "no customer data tables are configured (customer_data_tables)")
    try:
        tables: Sequence[PgTable] = facts.table("user_tables")  # files: out of reach, no finding at all
    except FactMissing:
        if not patterns:
            return [unset]
        raise
    if not patterns:
        return [unset]
    marked = [t for t in tables if _customer_table(t, patterns)]
    if not marked:
        return [Verdict(Status.NOT_APPLICABLE, f"no table of this database matches customer_data_tables "
                        f"({', '.join(patterns)})")]

    def offence(table: PgTable) -> str | None:
        if not table.row_security:
            return "holds customer data and has no row-level security: every role granted the table reads every row"
        if not table.forced and table.owner_can_login:
            return (f"has row-level security, but not forced, and its owner {table.owner!r} can log in: sessions "
                    "of the owner read every row (ALTER TABLE ... FORCE ROW LEVEL SECURITY)")
        return None

    return per_item(marked, offence, "row-level security is on for every customer data table", "tables")
