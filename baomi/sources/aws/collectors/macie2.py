"""Amazon Macie: the account's Macie session in a region (sensitive-data discovery on S3)."""
from __future__ import annotations

import functools

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import fact

#: AWS answers AccessDeniedException "Macie is not enabled" (moto: ResourceNotFoundException) where the
#: account has no Macie session; any other AccessDeniedException is a missing permission
_NOT_ENABLED = (("AccessDeniedException", "Macie is not enabled"), "ResourceNotFoundException")


@functools.cache
def _regions(partition: str) -> frozenset[str]:
    import botocore.session

    return frozenset(botocore.session.get_session().get_available_regions("macie2", partition_name=partition))


def offered(scope: Scope) -> bool:
    """Whether AWS offers Macie in the scope's region, by botocore's endpoint data (the China regions have
    none: there is nothing to enable, and the endpoint's name does not resolve)."""
    return scope.region in _regions(scope.partition)


@fact()
def session_status(scope: Scope) -> str | None:
    """The session's status (ENABLED or PAUSED); None when Macie is not enabled in the region."""
    session = scope.api("macie2").call("get_macie_session", absent=_NOT_ENABLED)
    return None if session is None else str(session.get("status", ""))
