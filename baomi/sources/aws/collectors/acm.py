"""Certificate Manager: certificates of every key type, with their status and validity from the listing."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact

#: ListCertificates returns RSA_2048 certificates only unless asked for the other key types
_KEY_TYPES = ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]


@fact()
def certificates(scope: Scope) -> tuple[Resource, ...]:
    items = scope.api("acm").items("list_certificates", "CertificateSummaryList", Includes={"keyTypes": _KEY_TYPES})
    return tuple(Resource(c["CertificateArn"], c.get("DomainName") or c["CertificateArn"], scope.region, c)
                 for c in items)
