"""CloudWatch Logs: log groups with retention and KMS key."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def log_groups(scope: Scope) -> tuple[Resource, ...]:
    groups = scope.api("logs").items("describe_log_groups", "logGroups")
    return tuple(Resource(g.get("arn", scope.arn("logs", f"log-group:{g['logGroupName']}")).removesuffix(":*"),
                          g["logGroupName"], scope.region, g) for g in groups)
