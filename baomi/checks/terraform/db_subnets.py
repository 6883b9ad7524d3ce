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

from baomi.checks.terraform.resources import Resource, flat, referenced, resources_of
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


def _routes_to_internet(graph: Any, table: Resource) -> bool | None:
    inline = flat(table.get("route"))
    separate = [r.attributes for r in resources_of(graph, "aws_route")
                if table in referenced(graph, r.get("route_table_id"), table.base.partition(".")[0])[0]]
    return any_true(_to_internet_gateway(route) for route in [*inline, *separate])


def _tables_routing_to_internet(graph: Any, value: Any, table_type: str) -> bool | None:
    tables, unresolved = referenced(graph, value, table_type)
    return any_true([*(_routes_to_internet(graph, t) for t in tables), None if unresolved else False])


def _main_table_routes_to_internet(graph: Any, subnet: Resource) -> bool | None:
    """The VPC's main route table, where the configuration defines one; else AWS's local-only default."""
    defaults = resources_of(graph, "aws_default_route_table")
    associations = resources_of(graph, "aws_main_route_table_association")
    if not defaults and not associations:
        return False
    vpcs, unresolved = referenced(graph, subnet.get("vpc_id"), "aws_vpc")
    if unresolved:
        return None

    def same_vpc(value: Any) -> bool:
        return any(v in referenced(graph, value, "aws_vpc")[0] for v in vpcs)

    return any_true([
        *(_routes_to_internet(graph, d) for d in defaults if same_vpc(d.get("default_route_table_id"))),
        *(_tables_routing_to_internet(graph, a.get("route_table_id"), "aws_route_table")
          for a in associations if same_vpc(a.get("vpc_id"))),
    ])


def _is_public(graph: Any, subnet: Resource) -> bool | None:
    auto_ip = subnet.get("map_public_ip_on_launch")
    facts = [False if auto_ip is None else boolean(auto_ip)]
    associations = [a for a in resources_of(graph, "aws_route_table_association")
                    if subnet in referenced(graph, a.get("subnet_id"), "aws_subnet")[0]]
    facts += [_tables_routing_to_internet(graph, a.get("route_table_id"), "aws_route_table") for a in associations]
    if not associations:
        facts.append(_main_table_routes_to_internet(graph, subnet))
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
        subnets, unresolved = referenced(self.graph, conf.get("subnet_ids"), "aws_subnet")
        public = {s.address: _is_public(self.graph, s) for s in subnets}
        if any(public.values()):
            self.details = [f"public subnet(s): {', '.join(sorted(a for a, p in public.items() if p))}"]
        return verdict(any_true([*public.values(), None if unresolved or not subnets else False]))


check = DbSubnetsPrivate()
