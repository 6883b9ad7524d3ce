"""BAOMI_AWS_LAMBDA_ENV_SECRETS, BAOMI_AWS_INSTANCE_USER_DATA_SECRETS, BAOMI_AWS_ECS_TASK_SECRETS: no credential
written into a Lambda function's environment, an instance's user data or an ECS container's environment.

The judgement is ``baomi.checks.secrets``, shared with the live AWS checks. What Terraform knows only at deploy
time (``var.db_password``, ``${var.token}`` inside a script) under a secret's name is unknown: it may be the
credential itself. A reference to a secret's ARN or ID (``aws_secretsmanager_secret.db.arn``) is not one.
Details name variables and lines, never values.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.secrets import container_variables, named, script_secrets, secret_variables
from baomi.checks.terraform.values import blocks, hidden, is_expression, scalar, verdict

#: a Terraform interpolation left unevaluated (``${var.x}``, ``${aws_db_instance.db.password}``), not a shell
#: expansion such as ``${HOME}``
_INTERPOLATION = re.compile(r"\$\{\s*[a-z][a-z0-9_]*\.[^}]*\}")
_ARN_OR_ID = re.compile(r"\.(arn|id)\}?\s*$")


def unresolved(value: str) -> bool:
    """Known only at deploy time, and not a reference to a secret's ARN or ID."""
    open_value = bool(_INTERPOLATION.search(value)) or (is_expression(value) and "${" not in value)
    return open_value and not _ARN_OR_ID.search(value)


class _CredentialsCheck(BaseResourceCheck):
    def found(self, secrets: list[str], unread: list[str], where: str) -> CheckResult:
        if secrets:
            self.details = [f"{where} holds credentials in: {named(secrets)}"]
            return verdict(True)
        if unread:
            self.details = [f"{where}: known only at deploy time under a secret's name: {named(unread)}"]
            return verdict(None)
        return verdict(False)

    def unknown(self, why: str) -> CheckResult:
        self.details = [why]
        return verdict(None)


class LambdaEnvironmentSecrets(_CredentialsCheck):
    def __init__(self) -> None:
        super().__init__(name="Ensure Lambda function environment variables hold no credentials",
                         id="BAOMI_AWS_LAMBDA_ENV_SECRETS", categories=(CheckCategories.SECRETS,),
                         supported_resources=("aws_lambda_function",))

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        if hidden(conf, "environment"):
            return self.unknown("the environment block is an expression or a dynamic block")
        environment = blocks(conf, "environment")
        if not environment:
            return verdict(False)
        variables = scalar(environment[0], "variables")
        if variables is None:
            return verdict(False)
        if not isinstance(variables, dict):
            return self.unknown(f"could not read environment.variables = {str(variables)[:80]}")
        return self.found(*secret_variables(variables, unresolved), "environment.variables")


class InstanceUserDataSecrets(_CredentialsCheck):
    def __init__(self) -> None:
        super().__init__(name="Ensure EC2 instance user data holds no credentials",
                         id="BAOMI_AWS_INSTANCE_USER_DATA_SECRETS", categories=(CheckCategories.SECRETS,),
                         supported_resources=("aws_instance",))

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        text, encoded = scalar(conf, "user_data"), scalar(conf, "user_data_base64")
        if text is None and encoded is not None:
            if not isinstance(encoded, str) or is_expression(encoded):
                return self.unknown(f"could not read user_data_base64 = {str(encoded)[:80]}")
            try:
                text = base64.b64decode(encoded, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return self.unknown("user_data_base64 is not base64 of UTF-8 text")
        if text is None:
            return verdict(False)
        if not isinstance(text, str) or (is_expression(text) and "\n" not in text):
            return self.unknown(f"could not read user_data = {str(text)[:80]}")  # file(), templatefile(), ...
        return self.found(*script_secrets(text, unresolved), "user_data")


class EcsTaskSecrets(_CredentialsCheck):
    def __init__(self) -> None:
        super().__init__(name="Ensure ECS task definition container environments hold no credentials",
                         id="BAOMI_AWS_ECS_TASK_SECRETS", categories=(CheckCategories.SECRETS,),
                         supported_resources=("aws_ecs_task_definition",))

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        definitions = scalar(conf, "container_definitions")
        if isinstance(definitions, str) and not is_expression(definitions):
            try:
                definitions = json.loads(definitions)
            except ValueError:
                return self.unknown("container_definitions is not JSON")
        read = container_variables(definitions)
        if read is None:
            return self.unknown(f"could not read container_definitions = {str(definitions)[:80]}")
        variables, unread = read
        secrets, open_values = secret_variables(variables, unresolved)
        return self.found(secrets, unread + open_values, "container environment")


lambda_check = LambdaEnvironmentSecrets()
instance_check = InstanceUserDataSecrets()
ecs_check = EcsTaskSecrets()
