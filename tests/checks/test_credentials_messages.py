"""The Terraform credential checks name attributes and kinds, never values: a value they could not read may
hold the very credential they look for (checks/terraform/credentials.py)."""
from __future__ import annotations

from pathlib import Path

from baomi.catalog import load_catalog
from baomi.model import Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.iac import IacSource

PLANTED = "hunter2-planted"
CHECKS = ("BAOMI_AWS_LAMBDA_ENV_SECRETS", "BAOMI_AWS_ECS_TASK_SECRETS", "BAOMI_AWS_INSTANCE_USER_DATA_SECRETS")

MAIN_TF = f"""
variable "env" {{
  type = map(string)
}}

variable "containers" {{
  type = list(any)
}}

variable "x" {{
  type = string
}}

variable "enabled" {{
  type = bool
}}

resource "aws_lambda_function" "merged" {{
  function_name = "app"
  role          = "arn:aws:iam::111122223333:role/app"
  environment {{
    variables = merge(var.env, {{ DB_PASSWORD = "{PLANTED}" }})
  }}
}}

resource "aws_ecs_task_definition" "concatenated" {{
  family = "app"
  container_definitions = jsonencode(concat(var.containers, [{{
    name        = "app"
    image       = "app:1"
    environment = [{{ name = "DB_PASSWORD", value = "{PLANTED}" }}]
  }}]))
}}

resource "aws_lambda_function" "conditional" {{
  function_name = "app"
  role          = "arn:aws:iam::111122223333:role/app"
  environment {{
    variables = var.enabled ? {{ DB_PASSWORD = "{PLANTED}" }} : var.env
  }}
}}

resource "aws_ecs_task_definition" "conditional" {{
  family                = "app"
  container_definitions = var.enabled ? jsonencode([{{
    name = "app", image = "app:1", environment = [{{ name = "DB_PASSWORD", value = "{PLANTED}" }}]
  }}]) : jsonencode(var.containers)
}}

resource "aws_instance" "conditional" {{
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = var.enabled ? "export DB_PASSWORD={PLANTED}" : var.x
}}

resource "aws_instance" "one_line" {{
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = "export DB_PASSWORD={PLANTED}; echo ${{var.x}}"
}}

resource "aws_instance" "templated" {{
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = templatefile("${{path.module}}/init.sh.tpl", {{ db_password = "{PLANTED}", x = var.x }})
}}

resource "aws_instance" "encoded" {{
  ami              = "ami-0abcdef1234567890"
  instance_type    = "t3.micro"
  user_data_base64 = base64encode("export DB_PASSWORD={PLANTED} ${{var.x}}")
}}
"""


def test_a_planted_credential_never_reaches_a_finding(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(MAIN_TF, encoding="utf-8")
    checks = [c for c in load_catalog().checks if c.id in CHECKS]
    findings = {(f.check_id, f.resource.rpartition(":")[2]): f for f in judge(IacSource((tmp_path,)), checks,
                                                                                 Settings())}
    assert {key: f.status for key, f in findings.items()} == {
        ("BAOMI_AWS_LAMBDA_ENV_SECRETS", "aws_lambda_function.merged"): Status.FAIL,  # checkov merges the literal
        ("BAOMI_AWS_ECS_TASK_SECRETS", "aws_ecs_task_definition.concatenated"): Status.FAIL,
        ("BAOMI_AWS_LAMBDA_ENV_SECRETS", "aws_lambda_function.conditional"): Status.ERROR,
        ("BAOMI_AWS_ECS_TASK_SECRETS", "aws_ecs_task_definition.conditional"): Status.ERROR,
        ("BAOMI_AWS_INSTANCE_USER_DATA_SECRETS", "aws_instance.conditional"): Status.ERROR,
        ("BAOMI_AWS_INSTANCE_USER_DATA_SECRETS", "aws_instance.one_line"): Status.FAIL,
        ("BAOMI_AWS_INSTANCE_USER_DATA_SECRETS", "aws_instance.templated"): Status.ERROR,
        ("BAOMI_AWS_INSTANCE_USER_DATA_SECRETS", "aws_instance.encoded"): Status.ERROR,
    }
    assert not [f.message for f in findings.values() if PLANTED in f.message or "hunter2" in f.message]
    messages = {key[1]: f.message for key, f in findings.items()}
    assert messages["aws_lambda_function.conditional"] == (
        "not evaluated: environment.variables is an expression checkov left unresolved")
    assert messages["aws_ecs_task_definition.conditional"] == (
        "not evaluated: container_definitions is an expression checkov left unresolved")
    assert messages["aws_instance.one_line"].endswith("user_data holds credentials in: line 1: DB_PASSWORD")
