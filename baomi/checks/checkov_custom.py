"""Registering baomi's custom checks in checkov's global registries.

Each module below instantiates its checks at import, and a checkov check registers itself when it is
built; Python imports a module once per process, so calling ``register()`` again changes nothing.
"""
from __future__ import annotations

import importlib

#: every module that defines custom checks (Terraform and CloudFormation); the rules they share
#: (``baomi.checks.policy``, ``baomi.checks.ports``, ``terraform/network.py``, ``terraform/values.py``) define none
CUSTOM_CHECK_MODULES: tuple[str, ...] = (
    "baomi.checks.terraform.aws_security_group",
    "baomi.checks.terraform.alicloud_network",
    "baomi.checks.terraform.tencent_network",
    "baomi.checks.terraform.s3_tls_only",
    "baomi.checks.terraform.retention",
    "baomi.checks.terraform.classification",
    "baomi.checks.terraform.residency",
    "baomi.checks.terraform.alicloud_settings",
    "baomi.checks.terraform.db_subnets",
    "baomi.checks.terraform.admin_policy",
    "baomi.checks.terraform.aws_console_mfa",
    "baomi.checks.terraform.s3_public_policy",
    "baomi.checks.cloudformation.aws_security_group",
    "baomi.checks.cloudformation.s3_tls_only",
    "baomi.checks.cloudformation.retention",
    "baomi.checks.cloudformation.classification",
    "baomi.checks.cloudformation.s3_public_policy",
    "baomi.checks.cloudformation.rds_iam_auth",
)


def register() -> None:
    """Make every BAOMI_* check known to checkov's runners (idempotent)."""
    for module in CUSTOM_CHECK_MODULES:
        importlib.import_module(module)
