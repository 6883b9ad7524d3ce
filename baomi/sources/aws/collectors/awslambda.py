"""Lambda: functions with their configuration (environment variables included: the evidence keeps their names only).

The module is not called ``lambda`` (a Python keyword); its facts are keyed ``lambda.*`` all the same, so a listing
that fails is reported on ``arn:...:lambda:<region>:<account>:*``."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Fact, Resource


def _functions(scope: Scope) -> tuple[Resource, ...]:
    items = scope.api("lambda").items("list_functions", "Functions")
    return tuple(Resource(f["FunctionArn"], f["FunctionName"], scope.region, f) for f in items)


functions = Fact("lambda.functions", _functions)
