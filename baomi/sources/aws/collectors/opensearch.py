"""OpenSearch Service (and the Elasticsearch domains it also serves): domains, described five at a time."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact

#: DescribeDomains takes at most five names
_BATCH = 5


@fact()
def domains(scope: Scope) -> tuple[Resource, ...]:
    api = scope.api("opensearch")
    names = [d["DomainName"] for d in api.items("list_domain_names", "DomainNames")]
    out = []
    for start in range(0, len(names), _BATCH):
        for domain in api.items("describe_domains", "DomainStatusList", DomainNames=names[start:start + _BATCH]):
            out.append(Resource(domain["ARN"], domain["DomainName"], scope.region, domain))
    return tuple(out)
