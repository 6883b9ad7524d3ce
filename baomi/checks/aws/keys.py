"""Keys and secrets: KMS customer keys rotate, Secrets Manager secrets rotate."""
from __future__ import annotations

from typing import Literal

from baomi.checks.aws import aws_check
from baomi.checks.verdicts import not_evaluated, verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import kms, secretsmanager
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource


def key_manager(key: Resource) -> Literal["AWS", "CUSTOMER"] | Verdict:
    """Who manages a KMS key (DescribeKey's ``KeyManager``): AWS or the customer; any other value, or none, is
    not understood, so the ERROR naming it that a check returns rather than taking the key for either."""
    manager = key.data.get("KeyManager")
    if manager == "AWS" or manager == "CUSTOMER":
        return "AWS" if manager == "AWS" else "CUSTOMER"
    return not_evaluated(f"the key's KeyManager is {'absent' if manager is None else repr(manager)}, expected "
                         "CUSTOMER or AWS")


@aws_check("AWS_KMS_KEY_ROTATION", kms.keys)
def key_rotation(scope: Scope, key: Resource, settings: Settings) -> Verdict | None:
    meta = key.data
    if meta.get("KeyState") != "Enabled":
        return None  # a disabled key, or one pending deletion, encrypts nothing new
    manager = key_manager(key)
    if not isinstance(manager, str):
        return manager
    rotatable = (manager == "CUSTOMER"
                 and meta.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
                 and meta.get("Origin", "AWS_KMS") == "AWS_KMS")
    if not rotatable:
        return None  # AWS-managed, disabled, asymmetric or imported keys cannot use automatic rotation
    return verdict(scope.get(kms.rotation_enabled, key.name), "automatic rotation on", "automatic rotation off")


@aws_check("AWS_SECRETSMANAGER_ROTATION", secretsmanager.secrets)
def secret_rotation(scope: Scope, secret: Resource, settings: Settings) -> Verdict:
    return verdict(bool(secret.data.get("RotationEnabled")), "rotation on", "secret never rotates")
