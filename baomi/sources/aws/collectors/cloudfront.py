"""CloudFront: distributions of the account (a global service, asked once in the home region)."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact(is_global=True)
def distributions(scope: Scope) -> tuple[Resource, ...]:
    """The listing carries each distribution's cache behaviours and viewer certificate: no call per distribution.
    Paged by hand: the items sit one level down (``DistributionList.Items``)."""
    api, marker, out = scope.api("cloudfront"), "", []
    while True:
        page = (api.call("list_distributions", **({"Marker": marker} if marker else {})) or {})["DistributionList"]
        out += [Resource(d["ARN"], d["Id"], None, d) for d in page.get("Items", [])]
        marker = page.get("NextMarker") or ""
        if not page.get("IsTruncated") or not marker:
            return tuple(out)
