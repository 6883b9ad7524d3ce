"""Answers for the few calls moto does not implement, given to one operation only.

moto has no Security Hub ``GetEnabledStandards``. Like botocore's Stubber, the hook below returns a
canned response validated against the service model, but only for that one operation: every other
call of the client (DescribeHub included) still goes to the moto server.

moto has no Redshift ``ModifyClusterParameterGroup`` (HTTP 500) and answers ``DescribeClusterParameters``
with the defaults (require_ssl false) whatever the group: :func:`required_ssl` answers that one operation
for the hardened estate's own group only; the default group is still asked of moto.

moto has no Macie ``ListFindings`` or ``GetFindings`` (HTTP 404): :func:`respond` answers one operation of a
JSON API from the request (tests/aws/test_macie_findings.py); EnableMacie, GetMacieSession and S3 stay moto's.

moto has no IAM Access Analyzer at all (HTTP 500 to every operation) and no Backup ``ListBackupSelections``,
``GetBackupSelection`` or ``DescribeRegionSettings`` (HTTP 500; ``CreateBackupSelection`` too, so a selection
cannot be seeded): :func:`answer_calls` answers one operation from the call's own parameters (any protocol: a
plan's ID travels in the URL path), and :func:`analyzers_and_backup_selections` gives the seeded estates their
analyzers, findings and the hardened plan's selection; ListBackupPlans and the stores stay moto's.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.validate import validate_parameters

from .estate import ANALYZER, HARDENED_ROLE, INSECURE_ROLE, REDSHIFT_SSL_GROUP


def answer(client: Any, operation: str, response: dict[str, Any]) -> None:
    """Make ``client`` answer ``operation`` with ``response`` (validated like Stubber.add_response)."""
    model = client.meta.service_model.operation_model(operation)
    validate_parameters(response, model.output_shape)
    event = f"before-call.{client.meta.service_model.service_id.hyphenize()}.{operation}"
    client.meta.events.register(event, lambda **_: (AWSResponse("", 200, {}, None), response))


def enabled_standards(account: str | None, region: str, service: str, client: Any) -> None:
    """Security Hub in the hardened estate has AWS Foundational Security Best Practices ready."""
    if service == "securityhub":
        partition = "aws-cn" if region.startswith("cn-") else "aws"
        answer(client, "GetEnabledStandards", {"StandardsSubscriptions": [{
            "StandardsSubscriptionArn": f"arn:{partition}:securityhub:{region}:{account}:subscription/"
                                        "aws-foundational-security-best-practices/v/1.0.0",
            "StandardsArn": f"arn:{partition}:securityhub:{region}::standards/"
                            "aws-foundational-security-best-practices/v/1.0.0",
            "StandardsInput": {}, "StandardsStatus": "READY"}]})


def answer_for(client: Any, operation: str, responses: Mapping[str | None, dict[str, Any]],
               parameter: str | None = None) -> None:
    """Make ``client`` answer ``operation`` with ``responses[value]``, ``value`` being the request's ``parameter``
    (None: every request, answered with ``responses[None]``); a request whose value is not a key still goes to the
    moto server. Each response is validated like Stubber.add_response. Registered after everything else on
    ``before-call``, so a Recorder still records the calls answered here (:func:`answer` hides them from it).
    For the query protocol (RDS, Redshift), whose request body is still a dict of parameters at ``before-call``."""
    model = client.meta.service_model.operation_model(operation)
    for response in responses.values():
        validate_parameters(response, model.output_shape)

    def reply(params: dict[str, Any], model: Any, **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        if model.name != operation:
            return None
        body = params.get("body")
        value = body.get(parameter) if parameter is not None and isinstance(body, dict) else None
        return (AWSResponse("", 200, {}, None), responses[value]) if value in responses else None

    client.meta.events.register_last("before-call", reply)


def redshift_parameters(**values: str) -> dict[str, Any]:
    """A DescribeClusterParameters answer of one page: ``values`` by parameter name, as a custom group lists them."""
    return {"Parameters": [{"ParameterName": name, "ParameterValue": value, "Source": "user", "DataType": "boolean",
                            "ApplyType": "static", "IsModifiable": True} for name, value in values.items()]}


def required_ssl(account: str | None, region: str, service: str, client: Any) -> None:
    """The hardened estate's Redshift group ``require-ssl`` sets require_ssl = true."""
    if service == "redshift":
        answer_for(client, "DescribeClusterParameters",
                   {REDSHIFT_SSL_GROUP: redshift_parameters(require_ssl="true", use_fips_ssl="false")},
                   parameter="ParameterGroupName")


def respond(client: Any, operation: str, reply: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Make ``client`` answer ``operation`` with ``reply(request)``, ``request`` being the parameters of a JSON body
    (the rest-json and json protocols: Macie), each answer validated like Stubber.add_response. Registered like
    :func:`answer_for`, so a Recorder still records the calls answered here."""
    shape = client.meta.service_model.operation_model(operation).output_shape

    def answer_request(params: dict[str, Any], model: Any, **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        if model.name != operation:
            return None
        response = reply(json.loads(params.get("body") or b"{}"))
        validate_parameters(response, shape)
        return AWSResponse("", 200, {}, None), response

    client.meta.events.register_last("before-call", answer_request)


_PARAMETERS = "baomi_test_parameters"


def answer_calls(client: Any, operation: str, reply: Callable[[Mapping[str, Any]], dict[str, Any] | None]) -> None:
    """Make ``client`` answer ``operation`` with ``reply(parameters)``, ``parameters`` being the keyword arguments
    of the call (kept at ``before-parameter-build``, whatever the protocol); None sends the request to the moto
    server. Each answer is validated like Stubber.add_response; registered like :func:`answer_for`, so a Recorder
    still records the calls answered here and a test's own before-send fault (faults.Inject) is never reached."""
    service = client.meta.service_model.service_id.hyphenize()
    shape = client.meta.service_model.operation_model(operation).output_shape

    def keep(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context[_PARAMETERS] = dict(params)

    def answer_call(model: Any, context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        if model.name != operation:
            return None
        response = reply(context.get(_PARAMETERS, {}))
        if response is None:
            return None
        validate_parameters(response, shape)
        return AWSResponse("", 200, {}, None), response

    client.meta.events.register(f"before-parameter-build.{service}.{operation}", keep)
    client.meta.events.register_last("before-call", answer_call)


_SEEN = datetime(2025, 1, 6, 3, 0, tzinfo=timezone.utc)


def analyzer(arn_prefix: str, name: str, kind: str = "ACCOUNT", status: str = "ACTIVE",
             reason: str | None = None) -> dict[str, Any]:
    """An AnalyzerSummary; ``arn_prefix`` is ``arn:<partition>:access-analyzer:<region>:<account>``."""
    return {"arn": f"{arn_prefix}:analyzer/{name}", "name": name, "type": kind, "createdAt": _SEEN, "status": status,
            **({"statusReason": {"code": reason}} if reason else {})}


def finding(resource: str, kind: str, public: bool | None, account: str, number: int = 1) -> dict[str, Any]:
    """An ACTIVE FindingSummary of external access to ``resource`` (``public`` None: isPublic left out)."""
    return {"id": f"finding-{number:04d}", "resource": resource, "resourceType": kind, "status": "ACTIVE",
            "principal": {"AWS": "*" if public else "999999999999"}, "action": ["*"], "condition": {},
            "createdAt": _SEEN, "analyzedAt": _SEEN, "updatedAt": _SEEN, "resourceOwnerAccount": account,
            **({} if public is None else {"isPublic": public})}


def selection(plan_id: str, name: str, **fields: Any) -> dict[str, Any]:
    """A GetBackupSelection answer: the selection ``name`` of the plan, with BackupSelection ``fields``."""
    return {"SelectionId": f"{name}-id", "BackupPlanId": plan_id, "BackupSelection": {
        "SelectionName": name, "IamRoleArn": "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole",
        **fields}}


def backup_selections(client: Any, by_plan: Mapping[str, list[dict[str, Any]]]) -> None:
    """Make a Backup client answer ListBackupSelections and GetBackupSelection for the plans of ``by_plan``
    (plan ID -> :func:`selection` answers); any other plan still goes to the moto server."""
    def listed(params: Mapping[str, Any]) -> dict[str, Any] | None:
        found = by_plan.get(params.get("BackupPlanId", ""))
        return None if found is None else {"BackupSelectionsList": [
            {"SelectionId": s["SelectionId"], "SelectionName": s["BackupSelection"]["SelectionName"],
             "BackupPlanId": s["BackupPlanId"], "IamRoleArn": s["BackupSelection"]["IamRoleArn"]} for s in found]}

    def got(params: Mapping[str, Any]) -> dict[str, Any] | None:
        found = by_plan.get(params.get("BackupPlanId", ""), [])
        return next((s for s in found if s["SelectionId"] == params.get("SelectionId")), None)

    answer_calls(client, "ListBackupSelections", listed)
    answer_calls(client, "GetBackupSelection", got)


_HARDENED, _INSECURE = HARDENED_ROLE.split(":")[4], INSECURE_ROLE.split(":")[4]


def analyzers_and_backup_selections(account: str | None, region: str, service: str, client: Any) -> None:
    """The seeded estates' Access Analyzer and Backup selections: the hardened estate has an active external-access
    analyzer without findings in each region, and its plan BACKUP_PLAN selects every RDS instance, DynamoDB table and
    EFS file system by resource type; the insecure estate has an analyzer in us-east-1 only, with public findings on
    what it made public there (and one grant to another account), and no backup plan."""
    partition = "aws-cn" if region.startswith("cn-") else "aws"
    prefix = f"arn:{partition}:access-analyzer:{region}:{account}"
    if service == "accessanalyzer":
        present = account == _HARDENED or (account, region) == (_INSECURE, "us-east-1")
        answer_for(client, "ListAnalyzers", {None: {"analyzers": [analyzer(prefix, ANALYZER)] if present else []}})
        findings = [] if account != _INSECURE else [
            finding("arn:aws:s3:::insecure-open-us-east-1", "AWS::S3::Bucket", True, _INSECURE, 1),
            finding("arn:aws:s3:::insecure-trail-us-east-1", "AWS::S3::Bucket", True, _INSECURE, 2),
            finding("arn:aws:s3:::insecure-trail-us-east-1", "AWS::S3::Bucket", False, _INSECURE, 3),
            finding(f"arn:aws:rds:us-east-1:{_INSECURE}:snapshot:legacy-mysql-shared", "AWS::RDS::DBSnapshot", True,
                    _INSECURE, 4)]
        respond(client, "ListFindings", lambda request: {"findings": findings})
    if service == "backup" and account == _HARDENED:
        def hardened_plan(params: Mapping[str, Any]) -> dict[str, Any] | None:
            return {"BackupSelectionsList": [{"SelectionId": "customer-data-id", "SelectionName": "customer-data",
                                              "BackupPlanId": params["BackupPlanId"]}]}

        def hardened_selection(params: Mapping[str, Any]) -> dict[str, Any] | None:
            return selection(params["BackupPlanId"], "customer-data", Resources=[
                f"arn:{partition}:rds:*:*:db:*", f"arn:{partition}:dynamodb:*:*:table/*",
                f"arn:{partition}:elasticfilesystem:*:*:file-system/*"])

        answer_calls(client, "ListBackupSelections", hardened_plan)
        answer_calls(client, "GetBackupSelection", hardened_selection)
