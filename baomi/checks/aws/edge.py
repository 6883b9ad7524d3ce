"""TLS at the edge, where customers connect: certificates close to expiry, CloudFront viewer protocols and TLS
versions, API Gateway custom domain names' security policies, and the access logs of API Gateway stages (REST,
HTTP and WebSocket APIs)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from baomi.checks.aws import aws_check
from baomi.checks.records import shown
from baomi.checks.secrets import named
from baomi.checks.verdicts import failed, not_evaluated, passed, verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import acm, apigateway, apigatewayv2, cloudfront
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource

#: statuses of a certificate that can no longer serve: judged only when something still uses it
_DEAD = ("EXPIRED", "REVOKED")
#: statuses of a certificate that never served: being requested or validated, not issued, or failed
_IDLE = ("PENDING_VALIDATION", "INACTIVE", "VALIDATION_TIMED_OUT", "FAILED")


@aws_check("AWS_ACM_CERT_EXPIRY", acm.certificates)
def certificate_expiry(scope: Scope, certificate: Resource, settings: Settings) -> Verdict | None:
    """Issued certificates valid for at least ``min_certificate_validity_days``; an expired or revoked one still
    in use fails. Certificates being requested, validated or that failed serve nothing: not applicable. Another
    status (absent, or one AWS adds) is not judged: an ERROR naming it."""
    status, in_use = certificate.data.get("Status"), certificate.data.get("InUse")
    if status in _DEAD:
        if not isinstance(in_use, bool):
            return not_evaluated(f"a certificate {status} has InUse {in_use!r}, expected true or false")
        return failed(f"certificate {status.lower()} and still in use") if in_use else None
    if status in _IDLE:
        return None
    if status != "ISSUED":
        return not_evaluated(f"the certificate's Status is {'absent' if status is None else repr(status)}, not one "
                             "this check knows (ISSUED, EXPIRED, REVOKED, PENDING_VALIDATION, INACTIVE, "
                             "VALIDATION_TIMED_OUT, FAILED)")
    not_after = certificate.data.get("NotAfter")
    if not isinstance(not_after, dt.datetime) or not_after.tzinfo is None:
        return not_evaluated(f"the issued certificate's NotAfter is {not_after!r}, expected a time")
    days = (not_after - dt.datetime.now(dt.timezone.utc)).days
    until = f"{not_after.astimezone(dt.timezone.utc):%Y-%m-%d}"
    if days < settings.min_certificate_validity_days:
        renewal = (" (ACM renews the certificates it issues 60 days before expiry: this renewal has not happened)"
                   if certificate.data.get("Type") == "AMAZON_ISSUED" else "")
        return failed(f"expires on {until}, in {max(days, 0)} days: under the {settings.min_certificate_validity_days} "
                      f"days of min_certificate_validity_days{renewal}")
    return passed(f"valid until {until} ({days} days)")


_HTTPS_POLICIES = ("redirect-to-https", "https-only")


@aws_check("AWS_CLOUDFRONT_VIEWER_HTTPS", cloudfront.distributions)
def cloudfront_viewer_https(scope: Scope, distribution: Resource, settings: Settings) -> Verdict:
    """Every cache behaviour (the default one and each path pattern) redirects viewers to HTTPS or requires it."""
    default = distribution.data.get("DefaultCacheBehavior") or {}
    behaviours = [("default", default.get("ViewerProtocolPolicy"))] + [
        (b.get("PathPattern"), b.get("ViewerProtocolPolicy"))
        for b in (distribution.data.get("CacheBehaviors") or {}).get("Items") or []]
    unknown = [f"{path}: {policy!r}" for path, policy in behaviours
               if policy not in (*_HTTPS_POLICIES, "allow-all")]
    if unknown:
        return not_evaluated(f"ViewerProtocolPolicy not understood for {named(unknown)}")
    plain = [str(path) for path, policy in behaviours if policy == "allow-all"]
    return verdict(not plain, "every cache behaviour serves viewers over HTTPS only",
                   f"cache behaviour(s) {named(plain)} serve viewers over plain HTTP (allow-all)")


#: MinimumProtocolVersion values that still accept TLS 1.1 or older (the TLSv1.2_* and TLSv1.3_* ones do not)
_OLD_PROTOCOLS = ("SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016")


@aws_check("AWS_CLOUDFRONT_MIN_TLS", cloudfront.distributions)
def cloudfront_min_tls(scope: Scope, distribution: Resource, settings: Settings) -> Verdict:
    certificate = distribution.data.get("ViewerCertificate") or {}
    if certificate.get("CloudFrontDefaultCertificate") is True:
        return failed("the default *.cloudfront.net certificate accepts TLS 1.0 whatever MinimumProtocolVersion "
                      "says: use an own certificate with TLSv1.2_2021")
    version = certificate.get("MinimumProtocolVersion")
    if isinstance(version, str) and version.startswith(("TLSv1.2_", "TLSv1.3_")):
        return passed(f"viewers need TLS 1.2 or later ({version})")
    if version in _OLD_PROTOCOLS:
        return failed(f"viewers may connect with TLS older than 1.2 ({version})")
    return not_evaluated(f"ViewerCertificate.MinimumProtocolVersion {version!r} is not a security policy this "
                         "check knows")


def _access_logs(log_settings: object, key: str, attribute: str) -> Verdict:
    """A stage's access logs by the destination ``key`` of its access-log settings (REST and v2 APIs spell it
    differently); ``attribute`` names it in a message."""
    destination = log_settings.get(key) if isinstance(log_settings, Mapping) else None
    if destination is not None and not isinstance(destination, str):
        return not_evaluated(f"{attribute} is {type(destination).__name__}, expected an ARN")
    return verdict(bool(destination), f"access logs go to {destination}",
                   f"the stage writes no access log (no {attribute})")


@aws_check("AWS_APIGATEWAY_ACCESS_LOGGING", apigateway.rest_api_stages)
def apigateway_access_logging(scope: Scope, stage: Resource, settings: Settings) -> Verdict:
    return _access_logs(stage.data.get("accessLogSettings"), "destinationArn", "accessLogSettings.destinationArn")


@aws_check("AWS_APIGATEWAYV2_ACCESS_LOGGING", apigatewayv2.stages)
def apigatewayv2_access_logging(scope: Scope, stage: Resource, settings: Settings) -> Verdict:
    """The stages of HTTP and WebSocket APIs, judged as REST API stages are."""
    return _access_logs(stage.data.get("AccessLogSettings"), "DestinationArn", "AccessLogSettings.DestinationArn")


#: API Gateway's legacy security policies for custom domain names (the same for the REST and the v2 API):
#: TLS_1_2 accepts TLS 1.2 and later only, TLS_1_0 accepts TLS 1.0 and 1.1 too
_LEGACY_POLICIES = {"TLS_1_2": True, "TLS_1_0": False}
#: the enhanced policies (2025): AWS names each by the TLS versions it accepts, SecurityPolicy_TLS12_… (TLS 1.2
#: and 1.3), SecurityPolicy_TLS13_1_2_… (1.3 down to 1.2), SecurityPolicy_TLS13_1_3_… and SecurityPolicy_TLS13_…
#: (1.3 only); none accepts TLS 1.0 or 1.1. Another name is not guessed at.
_ENHANCED_POLICY = re.compile(r"SecurityPolicy_TLS1[23]_[A-Z0-9_]+")


def _tls12_or_later(policy: object) -> bool | None:
    """Whether the security policy refuses TLS below 1.2 (None: a policy this check does not know)."""
    if isinstance(policy, str) and _ENHANCED_POLICY.fullmatch(policy):
        return True
    return _LEGACY_POLICIES.get(policy) if isinstance(policy, str) else None


@aws_check("AWS_APIGATEWAY_DOMAIN_TLS", apigateway.domain_names, apigatewayv2.domain_names)
def apigateway_domain_tls(scope: Scope, domain: Resource, settings: Settings) -> Verdict:
    """A custom domain name's security policy accepts TLS 1.2 or later only: the REST API's ``securityPolicy``, or
    every ``DomainNameConfigurations[].SecurityPolicy`` of a name only the v2 API lists (HTTP and WebSocket APIs)."""
    if "domainName" in domain.data:  # the REST API's answer (the v2 API's spells it DomainName)
        policies = [("securityPolicy", domain.data.get("securityPolicy"))]
    else:
        configurations = domain.data.get("DomainNameConfigurations")
        if not isinstance(configurations, list) or not configurations:
            return not_evaluated("DomainNameConfigurations is absent or empty: the domain name's security policy is "
                                 "not known")
        policies = [(f"DomainNameConfigurations[{i}].SecurityPolicy",
                     c.get("SecurityPolicy") if isinstance(c, Mapping) else c) for i, c in enumerate(configurations)]
    unknown = [f"{attribute} {'absent' if policy is None else repr(shown(policy))}" for attribute, policy in policies
               if _tls12_or_later(policy) is None]
    if unknown:
        return not_evaluated(f"{named(unknown)}: not a security policy this check knows (TLS_1_2, TLS_1_0, "
                             "SecurityPolicy_TLS12_*, SecurityPolicy_TLS13_*)")
    old = sorted({str(policy) for _, policy in policies if not _tls12_or_later(policy)})
    used = ", ".join(sorted({str(policy) for _, policy in policies}))
    return verdict(not old, f"clients need TLS 1.2 or later (security policy {used})",
                   f"security policy {', '.join(old)} still accepts TLS 1.0 and 1.1")
