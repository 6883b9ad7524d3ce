"""CKV_AWS_161 on CloudFormation, with the engine compared as CloudFormation compares it.

checkov's CloudFormation version of CKV_AWS_161 recognises ``Engine: mysql`` and ``postgres`` only as
written in lower case, and answers UNKNOWN for ``Engine: MySQL``, which CloudFormation accepts: a
database that supports IAM authentication was left unjudged. This class takes the check's place
under the same ID (users' skips and waivers name it), judging the engine case-insensitively; engines
without IAM authentication are declared not applicable in the catalog (``not_applicable_when``).
"""
from __future__ import annotations

from typing import Any

from checkov.cloudformation.checks.resource.aws.RDSIAMAuthentication import RDSIAMAuthentication
from checkov.cloudformation.checks.resource.registry import cfn_registry
from checkov.common.models.enums import CheckResult

from baomi.checks.cloudformation.properties import prop
from baomi.checks.terraform.values import keyword

_IAM_ENGINES = ("mysql", "postgres", "mariadb")


class RdsIamAuthentication(RDSIAMAuthentication):
    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if keyword(prop(conf, "Engine"), _IAM_ENGINES) is None:
            return CheckResult.UNKNOWN
        return super(RDSIAMAuthentication, self).scan_resource_conf(conf)  # the value check, engine aside


def _replace_builtin() -> RdsIamAuthentication:
    for checks in cfn_registry.checks.values():
        checks[:] = [c for c in checks if c.id != "CKV_AWS_161"]
    return RdsIamAuthentication()


check = _replace_builtin()
