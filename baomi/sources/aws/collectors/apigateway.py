"""API Gateway: the stages of every REST API, and the custom domain names."""
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


def domain_arn(scope: Scope, name: str) -> str:
    """The ARN of a public custom domain name (the same for the REST and the HTTP API's view of it)."""
    return f"arn:{scope.partition}:apigateway:{scope.region}::/domainnames/{name}"


@fact()
def domain_names(scope: Scope) -> tuple[Resource, ...]:
    """The account's own custom domain names (GetDomainNames), each with its ``securityPolicy``; a private
    custom domain name carries its own ARN (``domainNameArn``, with the domain name's ID)."""
    items = scope.api("apigateway").items("get_domain_names", "items")
    return tuple(Resource(d.get("domainNameArn") or domain_arn(scope, d["domainName"]), d["domainName"], scope.region,
                          d) for d in items)
