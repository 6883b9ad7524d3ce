"""BAOMI_AWS_LAMBDA_ENV_SECRETS, BAOMI_AWS_INSTANCE_USER_DATA_SECRETS, BAOMI_AWS_ECS_TASK_SECRETS: no credential
written into a Lambda function's environment, an instance's user data or an ECS container's environment.

The judgement is ``baomi.checks.secrets``, shared with the live AWS checks. What Terraform knows only at deploy
time (``var.db_password``, ``${var.token}`` inside a script) under a secret's name is unknown: it may be the
credential itself. A reference to a secret's ARN or ID (``aws_secretsmanager_secret.db.arn``) is not one.
Details name variables and lines, never values.
"""
from __future__ import annotations

import base64
import json
import re
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.secrets import ARN_OR_ID, container_variables, named, script_secrets, secret_variables
from baomi.checks.terraform.values import blocks, hidden, is_expression, scalar, verdict

#: a Terraform interpolation left unevaluated (``${var.x}``, ``${aws_db_instance.db.password}``), not a shell
#: expansion such as ``${HOME}``
_INTERPOLATION = re.compile(r"\$\{\s*[a-z][a-z0-9_]*\.[^}]*\}")
_ARN_OR_ID = re.compile(ARN_OR_ID)


#: a value that is one Terraform expression from its first character: a reference or a function call
_LEADING_EXPRESSION = re.compile(r"^((var|local|module|data|each|count|self|path)\.|[a-z][a-z0-9]*_[a-z0-9_]*\."
                                 r"[A-Za-z0-9_-]+|[A-Za-z_][A-Za-z0-9_]*\(|!|[\[{]\s*for\s)")
_CLOSING = {"(": ")", "[": "]", "{": "}"}


def _closing(text: str, start: int) -> int:
    """Where the bracket opened at ``start`` closes (-1 if it does not), skipping quoted strings."""
    expected: list[str] = []
    quoted = False
    for index in range(start, len(text)):
        char = text[index]
        if quoted:
            quoted = char != '"' or text[index - 1] == "\\"
        elif char == '"':
            quoted = True
        elif char in _CLOSING:
            expected.append(_CLOSING[char])
        elif expected and char == expected[-1]:
            expected.pop()
            if not expected:
                return index
    return -1


def whole_expression(text: str) -> bool:
    """Is the whole value one expression checkov left as text (``templatefile(...)``, ``${file("a.sh")}``,
    ``var.script``)? Then nothing of it can be read. A script with interpolations in it (``DB_HOST=${var.h}``)
    is not one: its literal lines are read."""
    stripped = text.strip()
    if stripped.startswith("${"):
        return _closing(stripped, 1) == len(stripped) - 1
    return bool(_LEADING_EXPRESSION.match(stripped))


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "an expression checkov left unresolved" if is_expression(value) else "text"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a map"
    return "a list" if isinstance(value, list) else "a value of another kind"


def unreadable(attribute: str, value: Any, wanted: str) -> str:
    """Why ``attribute`` could not be read, by the kind of value it holds: never the value, which may hold the
    very credential the check looks for (``merge(var.env, {DB_PASSWORD = "..."})``)."""
    kind = _kind(value)
    return f"{attribute} is {kind}" + ("" if kind.startswith("an expression") else f", not {wanted}")


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
            return self.unknown(unreadable("environment.variables", variables, "a map"))
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
                return self.unknown(unreadable("user_data_base64", encoded, "text"))
            try:
                text = base64.b64decode(encoded, validate=True).decode("utf-8")
            except ValueError:  # not base64 (binascii.Error), not ASCII, not UTF-8 (UnicodeDecodeError)
                return self.unknown("user_data_base64 is not base64 of UTF-8 text")
        if text is None:
            return verdict(False)
        if not isinstance(text, str) or whole_expression(text):  # file(), templatefile(), var.script, ...
            return self.unknown(unreadable("user_data", text, "text"))
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
            return self.unknown(unreadable("container_definitions", definitions, "a list of containers"))
        variables, unread = read
        secrets, open_values = secret_variables(variables, unresolved)
        return self.found(secrets, unread + open_values, "container environment")


lambda_check = LambdaEnvironmentSecrets()
instance_check = InstanceUserDataSecrets()
ecs_check = EcsTaskSecrets()
