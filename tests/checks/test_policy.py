"""baomi.checks.policy: one judgement of IAM JSON for Terraform, CloudFormation and live AWS.

A literal document (what the live account returns, and what IaC holds when nothing is left to resolve)
must get the same answer whichever source's syntax reads it; the IaC fixtures and the moto tests cover
what each source leaves unresolved.
"""
from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from baomi.checks import policy
from baomi.checks.cloudformation.properties import CLOUDFORMATION
from baomi.checks.terraform.policy_json import TERRAFORM

SYNTAXES = {"live": policy.LITERAL, "terraform": TERRAFORM, "cloudformation": CLOUDFORMATION}
_NO_TLS = {"Bool": {"aws:SecureTransport": "false"}}
_NO_MFA = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}


def _doc(**statement: Any) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [statement]}


CASES = [
    # (judgement, document, expected answer)
    ("requires_tls", _doc(Effect="Deny", Principal="*", Action="s3:*", Condition=_NO_TLS,
                          Resource=["arn:aws-cn:s3:::b", "arn:aws-cn:s3:::b/*"]), True),
    ("requires_tls", _doc(Effect="Deny", Principal={"AWS": ["*"]}, Action="*", Condition=_NO_TLS,
                          Resource="arn:aws:s3:::b/*"), True),
    ("requires_tls", _doc(Effect="Deny", Principal={"AWS": "arn:aws:iam::123456789012:role/app"}, Action="s3:*",
                          Condition=_NO_TLS, Resource="arn:aws:s3:::b/*"), False),
    ("requires_tls", _doc(Effect="Deny", Principal="*", Action="s3:*", Condition=_NO_TLS,
                          Resource="arn:aws:s3:::b/exports/*"), False),
    ("requires_tls", _doc(Effect="Deny", Principal="*", Action="s3:PutObject", Condition=_NO_TLS,
                          Resource="arn:aws:s3:::b/*"), False),
    ("requires_tls", _doc(Effect="Deny", Principal="*", Action="s3:*", Resource="arn:aws:s3:::b/*",
                          Condition={"NumericLessThan": {"s3:TlsVersion": "1.2"}}), False),
    ("grants_everything", _doc(Effect="Allow", Action="*", Resource="*"), True),
    ("grants_everything", _doc(Effect="Allow", NotAction=["iam:*", "organizations:*"], Resource="*"), True),
    ("grants_everything", _doc(Effect="Allow", Action="*", NotResource="arn:aws:s3:::audit/*"), True),
    ("grants_everything", _doc(Effect="Allow", Action="s3:*", Resource="*"), False),
    ("grants_everything", _doc(Effect="Deny", Action="*", Resource="*"), False),
    ("grants_everything", _doc(Effect="Allow", Action="*", Resource="arn:aws:s3:::reports/*"), False),
    ("enforces_mfa", _doc(Effect="Deny", NotAction=["iam:ListMFADevices"], Resource="*", Condition=_NO_MFA), True),
    ("enforces_mfa", _doc(Effect="Deny", Action="*", Resource="*", Condition=_NO_MFA), True),
    ("enforces_mfa", _doc(Effect="Deny", Action="s3:*", Resource="*", Condition=_NO_MFA), False),
    ("enforces_mfa", _doc(Effect="Deny", Action="*", Resource="arn:aws:s3:::b/*", Condition=_NO_MFA), False),
    ("enforces_mfa", _doc(Effect="Allow", Action="*", Resource="*", Condition=_NO_MFA), False),
]


@pytest.mark.parametrize(("judgement", "document", "expected"), CASES, ids=lambda v: v if isinstance(v, str) else "")
def test_literal_document_gets_one_answer_from_every_source(judgement: str, document: dict[str, Any],
                                                              expected: bool) -> None:
    judge = getattr(policy, judgement)
    assert {name: judge(document, syntax) for name, syntax in SYNTAXES.items()} == dict.fromkeys(SYNTAXES, expected)


@pytest.mark.parametrize(("statement", "public"), [
    ({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}, True),
    ({"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject"}, True),
    ({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
      "Condition": {"IpAddress": {"aws:SourceIp": ["0.0.0.0/0"]}}}, True),
    ({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
      "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}}}, False),
    ({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject"}, False),
])
def test_public_statements_agree_across_sources(statement: dict[str, Any], public: bool) -> None:
    document = {"Statement": [{"Sid": "Reports", **statement}]}
    expected = (public, ["Reports"] if public else [])
    assert {name: policy.public_statements(document, syntax) for name, syntax in SYNTAXES.items()} == \
        dict.fromkeys(SYNTAXES, expected)


def test_unreadable_documents_are_not_judged() -> None:
    for judge in (policy.requires_tls, policy.grants_everything, policy.enforces_mfa):
        assert judge(None) is None
        assert judge({"Version": "2012-10-17"}) is None
        assert judge({"Statement": "not a list"}) is None


def test_policy_rules_import_no_checkov() -> None:
    """The live AWS checks use these rules; importing them must not pull checkov in."""
    code = "import sys, baomi.checks.policy; print(sorted(m for m in sys.modules if m.split('.')[0] == 'checkov'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(("principal", "everyone"), [
    ({"Ref": "TrustedPrincipal"}, None),  # a template parameter: the deployer may pass "*"
    ({"AWS": {"Ref": "TrustedPrincipal"}}, None),
    ({"AWS": {"Fn::Sub": "${TrustedPrincipal}"}}, None),
    ({"AWS": [{"Ref": "TrustedPrincipal"}, "arn:aws:iam::111122223333:root"]}, None),
    ({"Ref": "AWS::AccountId"}, False),  # a pseudo parameter: this account
    ({"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}}, False),
    ({"AWS": {"Fn::GetAtt": ["AppRole", "Arn"]}}, False),  # one role of the template
    # what another stack exports, a mapping holds, a list or a condition picks may be "*" (found by hypothesis)
    ({"Fn::ImportValue": "shared-principal"}, None),
    ({"AWS": {"Fn::FindInMap": ["Principals", "prod", "reader"]}}, None),
    ({"AWS": {"Fn::Select": [0, {"Ref": "Readers"}]}}, None),
    ({"AWS": {"Fn::If": ["Open", "*", {"Ref": "AWS::NoValue"}]}}, None),
    ({"AWS": {"Fn::Join": ["", [{"Ref": "TrustedPrincipal"}]]}}, None),
    ({"AWS": {"Fn::Join": ["", ["arn:aws:iam::", {"Ref": "AWS::AccountId"}, ":root"]]}}, False),
])
def test_a_cloudformation_parameter_as_principal_is_never_taken_for_one_principal(principal: Any,
                                                                                   everyone: bool | None) -> None:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": "*"}
    assert policy.is_everyone(principal, CLOUDFORMATION) is everyone
    assert policy.allows_everyone(statement, CLOUDFORMATION) is everyone


@pytest.mark.parametrize(("resource", "all_objects"), [
    ({"Fn::Sub": "arn:${AWS::Partition}:s3:::${LogsBucket}/*"}, True),
    # a literal key prefix before the placeholder: only the objects under it (ELB access-log templates)
    ({"Fn::Sub": "arn:${AWS::Partition}:s3:::${LogsBucket}/Logs/AWSLogs/${AWS::AccountId}/*"}, False),
    ({"Fn::Sub": "arn:${AWS::Partition}:s3:::${LogsBucket}/${Prefix}/*"}, None),  # the prefix may be empty
    ({"Fn::Sub": "arn:${AWS::Partition}:s3:::${LogsBucket}/*/${Prefix}"}, None),
])
def test_a_tls_deny_on_a_key_prefix_does_not_cover_the_bucket(resource: Any, all_objects: bool | None) -> None:
    statement = {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": resource,
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    assert policy.denies_plain_http(statement, CLOUDFORMATION) is all_objects
