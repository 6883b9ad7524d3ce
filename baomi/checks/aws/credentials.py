"""Credentials out of place: in Lambda environments, EC2 user data and ECS task definitions.

Judged by ``checks/secrets.py``, as the Terraform twins are; messages name variables and lines, never values."""
from __future__ import annotations

from baomi.checks.aws import aws_check
from baomi.checks.secrets import container_variables, named, script_secrets, secret_variables
from baomi.checks.verdicts import failed, not_evaluated, passed
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import awslambda, ec2, ecs
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource


def _variables_verdict(variables: object, unread_before: list[str], where: str) -> Verdict:
    if not isinstance(variables, dict):
        return not_evaluated(f"{where} is not a map of names to values")
    found, unread = secret_variables(variables)
    unread = unread_before + unread
    if found:
        return failed(f"{where} holds credentials in: {named(found)}")
    if unread:
        return not_evaluated(f"{where} has values that are not text: {named(unread)}")
    return passed(f"no credential in {where} ({len(variables)} variable(s))")


@aws_check("AWS_LAMBDA_ENV_SECRETS", awslambda.functions)
def lambda_environment(scope: Scope, function: Resource, settings: Settings) -> Verdict:
    """Lambda answers ``Environment.Error`` instead of ``Variables`` when it cannot decrypt them (its key disabled
    or not granted): what they hold is not known, so not evaluated; the code is named, never the Message, which
    may quote them."""
    environment = function.data.get("Environment") or {}
    if not isinstance(environment, dict):
        return not_evaluated("Environment is not an object")
    error = environment.get("Error")
    if error is not None:
        code = error.get("ErrorCode") if isinstance(error, dict) else None
        return not_evaluated(f"Lambda cannot read the function's environment variables (Environment.Error "
                             f"{code if isinstance(code, str) and code else 'without an ErrorCode'})")
    return _variables_verdict(environment.get("Variables") or {}, [], "the function's environment")


@aws_check("AWS_EC2_USER_DATA_SECRETS", ec2.instances)
def instance_user_data(scope: Scope, instance: Resource, settings: Settings) -> Verdict:
    raw = scope.get(ec2.user_data, instance.name)["UserData"]
    if raw is None:
        return passed("no user data")
    try:
        text = bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return not_evaluated("user data is not UTF-8 text (nor gzip of it)")
    found, _ = script_secrets(text)  # a live script is all literal: nothing is left unresolved
    return failed(f"user data holds credentials at {named(found)}") if found else passed("no credential in user data")


@aws_check("AWS_ECS_TASK_SECRETS", ecs.task_definitions)
def task_definition_environment(scope: Scope, task: Resource, settings: Settings) -> Verdict:
    read = container_variables(task.data.get("containerDefinitions"))
    if read is None:
        return not_evaluated("containerDefinitions is not a list of objects")
    variables, unread = read
    return _variables_verdict(variables, unread, "the containers' environment")
