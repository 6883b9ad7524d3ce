"""API Gateway v2: the stages of every HTTP and WebSocket API, and the custom domain names the v2 API lists."""
from __future__ import annotations

from baomi.sources.aws.collectors import apigateway
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def stages(scope: Scope) -> tuple[Resource, ...]:
    """Every stage of every HTTP and WebSocket API (GetApis, then GetStages per API)."""
    api = scope.api("apigatewayv2")
    out = []
    for http_api in api.items("get_apis", "Items"):
        for stage in api.items("get_stages", "Items", ApiId=http_api["ApiId"]):
            path = f"/apis/{http_api['ApiId']}/stages/{stage['StageName']}"
            out.append(Resource(f"arn:{scope.partition}:apigateway:{scope.region}::{path}",
                                f"{http_api.get('Name', http_api['ApiId'])}/{stage['StageName']}", scope.region, stage))
    return tuple(out)


@fact()
def domain_names(scope: Scope) -> tuple[Resource, ...]:
    """The custom domain names of the v2 API (GetDomainNames), with their ``DomainNameConfigurations``, less those
    the REST API's GetDomainNames lists: a regional custom domain name serves REST and HTTP APIs alike and is one
    resource, which both APIs may list; it is judged once, by the REST API's answer."""
    listed = {d.name for d in scope.get(apigateway.domain_names)}
    items = scope.api("apigatewayv2").items("get_domain_names", "Items")
    return tuple(Resource(apigateway.domain_arn(scope, d["DomainName"]), d["DomainName"], scope.region, d)
                 for d in items if d["DomainName"] not in listed)
