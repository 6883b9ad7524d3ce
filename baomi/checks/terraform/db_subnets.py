"""BAOMI_AWS_DB_SUBNETS_PRIVATE: a DB subnet group holds only private subnets.

A database in a public subnet is one security-group rule or one ``publicly_accessible`` away from the
internet; keeping it in subnets without a route to an internet gateway is the network layer of
segmentation. AWS calls a subnet public when its route table has a route to an internet gateway; one
that gives instances public IPs (``map_public_ip_on_launch``) is treated as public too. A subnet
without an explicit route table association uses its VPC's main route table: the one an
``aws_default_route_table`` or ``aws_main_route_table_association`` defines, otherwise AWS's default,
which has only the local route. checkov has no such check.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.terraform.graph import Resource, Scope, scope_of
from baomi.checks.terraform.resources import flat, referenced, referrers
from baomi.checks.terraform.values import any_true, boolean, verdict

_IGW_REFERENCE = "aws_internet_gateway."


def _to_internet_gateway(route: Any) -> bool | None:
    if not isinstance(route, Mapping):
        return None
    gateway = route.get("gateway_id")
    if gateway in (None, "", []):
        return False
    if not isinstance(gateway, str):
        return None
    if _IGW_REFERENCE in gateway or gateway.startswith("igw-"):
        return True
    if gateway == "local" or gateway.startswith("vgw-") or "aws_vpn_gateway." in gateway:
        return False
    return None


def _routes_to_internet(scope: Scope, table: Resource) -> bool | None:
    inline = flat(table.get("route"))
    separate = [r.attributes for r in
                referrers(scope, "aws_route", "route_table_id", table.base.partition(".")[0]).get(table, [])]
    return any_true(_to_internet_gateway(route) for route in [*inline, *separate])


def _tables_routing_to_internet(scope: Scope, value: Any, table_type: str) -> bool | None:
    tables, unresolved = referenced(scope, value, table_type)
    return any_true([*(_routes_to_internet(scope, t) for t in tables), None if unresolved else False])


def _main_table_routes_to_internet(scope: Scope, subnet: Resource) -> bool | None:
    """The VPC's main route table, where the configuration defines one; else AWS's local-only default."""
    if not scope.resources("aws_default_route_table") and not scope.resources("aws_main_route_table_association"):
        return False
    vpcs, unresolved = referenced(scope, subnet.get("vpc_id"), "aws_vpc")
    if unresolved:
        return None

    def of_same_vpc(resource_type: str, attribute: str) -> list[Resource]:
        by_vpc = referrers(scope, resource_type, attribute, "aws_vpc")
        return list(dict.fromkeys(r for v in vpcs for r in by_vpc.get(v, [])))

    return any_true([
        *(_routes_to_internet(scope, d) for d in of_same_vpc("aws_default_route_table", "default_route_table_id")),
        *(_tables_routing_to_internet(scope, a.get("route_table_id"), "aws_route_table")
          for a in of_same_vpc("aws_main_route_table_association", "vpc_id")),
    ])


def _is_public(scope: Scope, subnet: Resource) -> bool | None:
    auto_ip = subnet.get("map_public_ip_on_launch")
    facts = [False if auto_ip is None else boolean(auto_ip)]
    associations = referrers(scope, "aws_route_table_association", "subnet_id", "aws_subnet").get(subnet, [])
    facts += [_tables_routing_to_internet(scope, a.get("route_table_id"), "aws_route_table") for a in associations]
    if not associations:
        facts.append(_main_table_routes_to_internet(scope, subnet))
    return any_true(facts)


class DbSubnetsPrivate(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure DB subnet groups contain only private subnets (no route to an internet gateway)",
            id="BAOMI_AWS_DB_SUBNETS_PRIVATE",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("aws_db_subnet_group",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        scope = scope_of(self.graph, conf)
        subnets, unresolved = referenced(scope, conf.get("subnet_ids"), "aws_subnet")
        public = {s.address: _is_public(scope, s) for s in subnets}
        if any(public.values()):
            self.details = [f"public subnet(s): {', '.join(sorted(a for a, p in public.items() if p))}"]
        return verdict(any_true([*public.values(), None if unresolved or not subnets else False]))


check = DbSubnetsPrivate()
