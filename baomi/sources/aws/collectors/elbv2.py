"""Elastic Load Balancing v2: listeners of every load balancer and the TLS versions of SSL policies."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def listeners(scope: Scope) -> tuple[Resource, ...]:
    """Listeners, each carrying its load balancer's type under ``LoadBalancerType``."""
    api = scope.api("elbv2")
    out = []
    for lb in api.items("describe_load_balancers", "LoadBalancers"):
        for listener in api.items("describe_listeners", "Listeners", LoadBalancerArn=lb["LoadBalancerArn"]):
            data = {**listener, "LoadBalancerType": lb.get("Type", "application")}
            out.append(Resource(listener["ListenerArn"], f"{lb['LoadBalancerName']}:{listener.get('Port')}",
                                scope.region, data))
    return tuple(out)


@fact()
def ssl_policy_protocols(scope: Scope, policy_name: str) -> tuple[str, ...]:
    """Protocols an SSL policy allows (asked once per policy name and region)."""
    policies = scope.api("elbv2").items("describe_ssl_policies", "SslPolicies", Names=[policy_name])
    return tuple(p for policy in policies for p in policy.get("SslProtocols", []))

