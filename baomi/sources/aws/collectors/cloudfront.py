"""CloudFront: distributions of the account (a global service, asked once in the home region)."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact(is_global=True)
def distributions(scope: Scope) -> tuple[Resource, ...]:
    """The listing carries each distribution's cache behaviours and viewer certificate: no call per distribution.
    The items sit one level down (``DistributionList.Items``)."""
    items = scope.api("cloudfront").items("list_distributions", "DistributionList.Items")
    return tuple(Resource(d["ARN"], d["Id"], None, d) for d in items)
