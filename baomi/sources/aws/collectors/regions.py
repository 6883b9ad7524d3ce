"""Regions: the ones enabled for an account, and a probe that tells whether a region answers."""
from __future__ import annotations

from baomi.sources.aws.clients import Api


def enabled_regions(api: Api) -> tuple[str, ...]:
    """Regions enabled for the account (opt-in regions that were not opted into are left out)."""
    regions = api.items("describe_regions", "Regions")
    return tuple(sorted(r["RegionName"] for r in regions
                        if r.get("OptInStatus", "opt-in-not-required") != "not-opted-in"))


def probe(api: Api) -> None:
    """One cheap call; raises Unreadable when the region cannot be used."""
    api.call("describe_availability_zones")
