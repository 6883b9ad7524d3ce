"""The shared rules behind the exposure and credential checks, live and IaC alike: which accounts a resource
policy grants (checks/policy.py) and which variables or script lines hold credentials (checks/secrets.py)."""
from __future__ import annotations

import pytest

from baomi.checks.policy import Grants, granted, granted_accounts, untrusted
from baomi.checks.secrets import container_variables, holds_secret, script_secrets, secret_variables
from baomi.checks.terraform.credentials import unresolved


def _policy(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def test_granted_accounts_reads_ids_arns_and_canonical_users_of_allow_statements():
    policy = _policy(
        {"Effect": "Allow", "Principal": {"AWS": ["arn:aws-cn:iam::111122223333:role/app", "444455556666"]},
         "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eac"},
         "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject"},
        {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::777788889999:root"}, "Action": "*"},
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"})
    assert granted_accounts(policy) == (
        ["111122223333", "444455556666", "79a59df900b949e55d96a1e698fbacedfd6e09d98eac"], [])


def test_a_principal_whose_account_cannot_be_read_is_named_never_ignored():
    policy = _policy({"Effect": "Allow", "Principal": {"AWS": "AROAEXAMPLEUNIQUEID12"}, "Action": "kms:Decrypt"})
    assert granted_accounts(policy) == ([], ["AROAEXAMPLEUNIQUEID12"])
    assert granted_accounts({"Statement": "everything"}) is None
    assert untrusted(["111122223333", "444455556666"], "111122223333", ("444455556666",)) == []
    assert untrusted(["444455556666"], "111122223333", ()) == ["444455556666"]


def test_canonical_users_apart_and_cloudfront_identities_name_no_account():
    policy = _policy(
        {"Effect": "Allow", "Principal": {"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eac"},
         "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws-cn:iam::cloudfront:user/CloudFront Origin Access Identity "
                                                 "E2QWRUHAPOMQZL"}, "Action": "s3:GetObject", "Resource": "*"})
    assert granted(policy) == Grants([], ["79a59df900b949e55d96a1e698fbacedfd6e09d98eac"], [])


@pytest.mark.parametrize(("condition", "accounts"), [
    ({"StringEquals": {"kms:CallerAccount": "999999999999", "kms:ViaService": "s3.cn-north-1.amazonaws.com.cn"}},
     ["999999999999"]),
    ({"StringEquals": {"aws:PrincipalAccount": ["111122223333", "999999999999"]}}, ["111122223333", "999999999999"]),
    ({"ArnLike": {"aws:PrincipalArn": "arn:aws-cn:iam::999999999999:role/*"}}, ["999999999999"]),
    # keys are ANDed: only the account both admit
    ({"StringEquals": {"aws:PrincipalAccount": ["111122223333", "999999999999"]},
      "ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::999999999999:role/app"}}, ["999999999999"]),
])
def test_everyone_pinned_to_accounts_is_a_grant_to_those_accounts(condition, accounts):
    for principal in ("*", {"AWS": "*"}):
        policy = _policy({"Effect": "Allow", "Principal": principal, "Action": "kms:Decrypt", "Resource": "*",
                          "Condition": condition})
        assert granted(policy) == Grants(accounts, [], [])


@pytest.mark.parametrize("condition", [
    {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
    {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
    {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
    {"StringLike": {"aws:PrincipalAccount": "9999*"}},
])
def test_everyone_pinned_otherwise_is_unread_never_silence(condition):
    policy = _policy({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "*",
                      "Condition": condition})
    found = granted(policy)
    assert found is not None and found.accounts == [] and len(found.unread) == 1


@pytest.mark.parametrize(("name", "value", "held"), [
    ("DB_PASSWORD", "hunter2-not-real", True),
    ("DB_PASSWORD", "", False),  # set to nothing
    ("DB_PASSWORD_ARN", "arn:aws:secretsmanager:cn-north-1:111122223333:secret:db", False),
    ("DB_PASSWORD", "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/db", False),
    ("DB_PASSWORD", "{{resolve:secretsmanager:db}}", False),
    ("PASSWORD_MIN_LENGTH", "14", False),  # about a password, not one
    ("UPSTREAM", "AKIABAOMIFIXTURE0001", True),  # an access key ID, whatever the name
    ("DATABASE_URL", "postgresql://app:pw-not-real@db.internal/app", True),
    ("DATABASE_URL", "postgresql://db.internal/app", False),
    ("JDBC", "jdbc:mysql://db/app?user=app&password=pw-not-real", True),
    ("TLS_KEY", "-----BEGIN EC PRIVATE KEY-----\nMHc...", True),
    ("RETRIES", 3, False),
    ("API_KEY", ["a", "list"], None),  # not text: cannot be judged
])
def test_holds_secret(name, value, held):
    assert holds_secret(name, value) is held


def test_terraform_values_known_only_at_deploy_time_are_unknown_unless_they_name_a_secret_s_arn():
    assert holds_secret("DB_PASSWORD", "var.db_password", unresolved) is None
    assert holds_secret("DB_PASSWORD", "aws_secretsmanager_secret.db.arn", unresolved) is False
    assert holds_secret("LOG_LEVEL", "var.level", unresolved) is False
    assert secret_variables({"A_TOKEN": "var.t", "PASSWORD": "x-not-real", "PORT": "80"}, unresolved) == (
        ["PASSWORD"], ["A_TOKEN"])


def test_script_secrets_name_lines_and_variables_never_values():
    script = ("#!/bin/bash\n"
              "export DB_PASSWORD=pw-not-real\n"
              "export API_TOKEN=$(aws ssm get-parameter --name api --with-decryption)\n"
              "echo ${HOME}\n"
              "aws configure set aws_access_key_id AKIABAOMIFIXTURE0001\n"
              "psql postgresql://app:pw-not-real@db/app\n")
    found, unread = script_secrets(script)
    assert (found, unread) == (["line 2: DB_PASSWORD", "line 5: an AWS access key ID",
                                "line 6: a URL with a password"], [])
    assert "pw-not-real" not in " ".join(found)


def test_container_variables_read_environment_pairs_and_refuse_other_shapes():
    definitions = [{"name": "app", "environment": [{"name": "API_TOKEN", "value": "t"}, {"value": "nameless"}]},
                   {"environment": "not a list"}]
    assert container_variables(definitions) == ({"app.API_TOKEN": "t"}, ["app.environment", "container 2.environment"])
    assert container_variables({"name": "app"}) is None


def test_script_secrets_read_the_lines_checkov_glued_together():
    # checkov deletes a heredoc's line breaks: "cd /opt\nDB_PASSWORD=...\nAPI_KEY=..." arrives as one line
    glued = '#!/bin/bashcd /optDB_PASSWORD=pw-not-realAPI_KEY="key-not-real"export A=bSESSION_TOKEN=tok-not-real'
    assert script_secrets(glued) == (["line 1: DB_PASSWORD", "line 1: API_KEY", "line 1: SESSION_TOKEN"], [])
    assert script_secrets("cd /optDB_PASSWORD=${var.db_password}./start.sh", unresolved) == (
        [], ["line 1: DB_PASSWORD"])


@pytest.mark.parametrize("script", [
    'psql "password=${PGPASSWORD:-} dbname=app"',  # a shell expansion with a default, not an assignment
    "requirePassword=true",  # about a password: only an all-capitals glued tail is taken for a name
    "echo $DB_PASSWORD:done",
])
def test_script_secrets_take_no_expansion_or_setting_about_a_secret_for_one(script):
    assert script_secrets(script) == ([], [])


def test_whole_expressions_are_told_from_scripts_with_interpolations():
    from baomi.checks.terraform.credentials import whole_expression

    assert whole_expression('${templatefile("${path.module}/init.sh", {a = "}"})}')
    assert whole_expression('templatefile("init.sh", { x = var.x })')
    assert whole_expression('var.enabled ? "a" : var.x')
    assert not whole_expression("${var.header}echo DB_HOST=${var.host}")
    assert not whole_expression("#!/bin/bashcd /opt && ./start.sh ${var.x}")
