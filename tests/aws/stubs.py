"""Answers for the few calls moto does not implement, given to one operation only.

moto has no Security Hub ``GetEnabledStandards``. Like botocore's Stubber, the hook below returns a
canned response validated against the service model, but only for that one operation: every other
call of the client (DescribeHub included) still goes to the moto server.
"""
from __future__ import annotations

from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.validate import validate_parameters


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
