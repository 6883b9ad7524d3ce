"""ECS: active task definitions with their container definitions (environment values are redacted in evidence)."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def task_definitions(scope: Scope) -> tuple[Resource, ...]:
    """Every ACTIVE task definition revision (any of them can be run), described once each."""
    api = scope.api("ecs")
    out = []
    for arn in api.items("list_task_definitions", "taskDefinitionArns", status="ACTIVE"):
        described = api.call("describe_task_definition", taskDefinition=arn)
        definition = described["taskDefinition"] if described else {}
        out.append(Resource(arn, arn.rsplit("/", 1)[-1], scope.region, definition))
    return tuple(out)
