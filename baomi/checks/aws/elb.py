"""Load balancers: listeners speak HTTPS/TLS, with policies that refuse TLS below 1.2."""
from __future__ import annotations

from baomi.checks.aws import aws_check
from baomi.checks.verdicts import passed, verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import elbv2
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource

_ENCRYPTED = ("HTTPS", "TLS")
_WEAK_PROTOCOLS = ("SSLv3", "TLSv1", "TLSv1.1")


def _redirects_to_https(listener: Resource) -> bool:
    actions = listener.data.get("DefaultActions", [])
    return bool(actions) and all(a.get("Type") == "redirect" and a.get("RedirectConfig", {}).get("Protocol") == "HTTPS"
                                 for a in actions)


@aws_check("AWS_ELB_LISTENER_ENCRYPTED", elbv2.listeners)
def listener_encrypted(scope: Scope, listener: Resource, settings: Settings) -> Verdict | None:
    protocol = listener.data.get("Protocol", "")
    if protocol in _ENCRYPTED:
        return passed(f"{protocol} listener")
    if protocol == "HTTP":
        return verdict(_redirects_to_https(listener), "HTTP listener only redirects to HTTPS",
                       "HTTP listener serves traffic in clear text")
    return None  # TCP/UDP/GENEVE pass bytes through: the application decides about TLS


@aws_check("AWS_ELB_TLS_POLICY", elbv2.listeners)
def tls_policy(scope: Scope, listener: Resource, settings: Settings) -> Verdict | None:
    policy = listener.data.get("SslPolicy")
    if listener.data.get("Protocol") not in _ENCRYPTED or not policy:
        return None
    weak = [p for p in scope.get(elbv2.ssl_policy_protocols, policy) if p in _WEAK_PROTOCOLS]
    return verdict(not weak, f"{policy} allows TLS 1.2 and later only", f"{policy} allows {', '.join(weak)}")
