"""Secrets Manager: secrets and whether they rotate (metadata only, never secret values)."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def secrets(scope: Scope) -> tuple[Resource, ...]:
    return tuple(Resource(s["ARN"], s["Name"], scope.region, s)
                 for s in scope.api("secretsmanager").items("list_secrets", "SecretList"))
