"""API Gateway beyond the estates (which pass and fail AWS_APIGATEWAY_DOMAIN_TLS and AWS_APIGATEWAYV2_ACCESS_LOGGING):
custom domain names of the REST and the v2 API, each judged once, a security policy the check does not know and
none at all; HTTP and WebSocket API stages; a refused listing. Everything is moto's (account 626262626262,
eu-west-1)."""
from __future__ import annotations

import pytest

from baomi.catalog import load_catalog
from baomi.model import Status
from tests.support.recording import Recorder

from .conftest import scan
from .estate import Estate, role_clients
from .faults import Inject

pytestmark = pytest.mark.aws
ACCOUNT, REGION = "626262626262", "eu-west-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/baomi-audit"
CERTIFICATE = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
DOMAINS = tuple(c for c in load_catalog().checks_for("aws") if c.id == "AWS_APIGATEWAY_DOMAIN_TLS")
V2_LOGS = tuple(c for c in load_catalog().checks_for("aws") if c.id == "AWS_APIGATEWAYV2_ACCESS_LOGGING")


@pytest.fixture(scope="module")
def estate(moto) -> Estate:
    client = role_clients(moto.url, ROLE)
    rest, v2 = client("apigateway", REGION), client("apigatewayv2", REGION)
    for name, policy in (("tls12", "TLS_1_2"), ("tls10", "TLS_1_0"), ("tls13", "SecurityPolicy_TLS13_1_3_2025_09"),
                         ("tls13-12", "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09"),
                         ("tls11", "SecurityPolicy_TLS11_2019"), ("unset", None), ("shared", "TLS_1_2")):
        rest.create_domain_name(domainName=f"{name}.rest.example.cn", regionalCertificateArn=CERTIFICATE,
                                endpointConfiguration={"types": ["REGIONAL"]},
                                **({"securityPolicy": policy} if policy else {}))
    for name, policy in (("tls12", "TLS_1_2"), ("tls10", "TLS_1_0")):
        v2.create_domain_name(DomainName=f"{name}.v2.example.cn", DomainNameConfigurations=[{
            "CertificateArn": CERTIFICATE, "EndpointType": "REGIONAL", "SecurityPolicy": policy}])
    # a name both APIs list (as AWS lists a regional domain name): judged once, by the REST API's answer
    v2.create_domain_name(DomainName="shared.rest.example.cn", DomainNameConfigurations=[{
        "CertificateArn": CERTIFICATE, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_0"}])
    estate = Estate(ACCOUNT, ROLE, (REGION,), "aws")
    http = v2.create_api(Name="payments-http", ProtocolType="HTTP")["ApiId"]
    v2.create_stage(ApiId=http, StageName="$default", AccessLogSettings={
        "DestinationArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:api-access", "Format": "$context.requestId"})
    socket = v2.create_api(Name="quotes-ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    v2.create_stage(ApiId=socket["ApiId"], StageName="prod")
    estate.arn.update(http=f"arn:aws:apigateway:{REGION}::/apis/{http}/stages/$default",
                      websocket=f"arn:aws:apigateway:{REGION}::/apis/{socket['ApiId']}/stages/prod")
    return estate


def test_domain_names_of_both_apis_by_security_policy(moto, estate):
    findings = scan(estate, moto, DOMAINS)
    passed = (Status.PASS, "clients need TLS 1.2 or later (security policy TLS_1_2)")
    failed = (Status.FAIL, "security policy TLS_1_0 still accepts TLS 1.0 and 1.1")
    unknown = ("not a security policy this check knows (TLS_1_2, TLS_1_0, SecurityPolicy_TLS12_*, "
               "SecurityPolicy_TLS13_*)")
    assert {f.resource.rpartition("/")[2]: (f.status, f.message) for f in findings} == {
        "tls12.rest.example.cn": passed,
        "tls10.rest.example.cn": failed,
        # the enhanced policies (named by the versions they accept) pass; a name outside AWS's scheme is an ERROR
        "tls13.rest.example.cn": (Status.PASS,
                                  "clients need TLS 1.2 or later (security policy SecurityPolicy_TLS13_1_3_2025_09)"),
        "tls13-12.rest.example.cn": (Status.PASS, "clients need TLS 1.2 or later (security policy "
                                                  "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09)"),
        "tls11.rest.example.cn": (Status.ERROR,
                                  f"not evaluated: securityPolicy 'SecurityPolicy_TLS11_2019': {unknown}"),
        "unset.rest.example.cn": (Status.ERROR, f"not evaluated: securityPolicy absent: {unknown}"),
        "shared.rest.example.cn": passed,
        "tls12.v2.example.cn": passed,
        "tls10.v2.example.cn": failed,
    }
    assert len(findings) == 9
    assert {f"arn:aws:apigateway:{REGION}::/domainnames/tls10.v2.example.cn",
            f"arn:aws:apigateway:{REGION}::/domainnames/tls10.rest.example.cn"} <= {f.resource for f in findings}


def test_http_and_websocket_stages_write_access_logs(moto, estate):
    findings = {f.resource: (f.status, f.message) for f in scan(estate, moto, V2_LOGS)}
    assert findings == {
        estate.arn["http"]: (Status.PASS, f"access logs go to arn:aws:logs:{REGION}:{ACCOUNT}:log-group:api-access"),
        estate.arn["websocket"]: (Status.FAIL, "the stage writes no access log (no AccessLogSettings.DestinationArn)")}


def test_a_refused_listing_is_an_error_naming_the_permission(moto, estate):
    refusal = Inject("apigatewayv2", "GetApis", 403, "AccessDeniedException", times=None)
    findings = scan(estate, moto, V2_LOGS, recorder=Recorder(extra=[refusal]))
    assert [(f.resource, f.status, f.message) for f in findings] == [
        (f"arn:aws:apigatewayv2:{REGION}:{ACCOUNT}:*", Status.ERROR,
         "not evaluated: AccessDeniedException on apigateway:GET")]
