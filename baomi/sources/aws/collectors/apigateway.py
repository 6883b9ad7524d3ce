"""API Gateway: the stages of every REST API."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def rest_api_stages(scope: Scope) -> tuple[Resource, ...]:
    api = scope.api("apigateway")
    out = []
    for rest_api in api.items("get_rest_apis", "items"):
        for stage in api.items("get_stages", "item", restApiId=rest_api["id"]):
            path = f"/restapis/{rest_api['id']}/stages/{stage['stageName']}"
            out.append(Resource(f"arn:{scope.partition}:apigateway:{scope.region}::{path}",
                                f"{rest_api.get('name', rest_api['id'])}/{stage['stageName']}", scope.region, stage))
    return tuple(out)
