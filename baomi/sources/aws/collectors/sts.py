"""STS: who the credentials belong to, and temporary credentials for a role in another account."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from baomi.sources.aws.answers import Malformed
from baomi.sources.aws.clients import Api


@dataclass(frozen=True)
class Identity:
    account: str
    arn: str

    @property
    def partition(self) -> str:
        return self.arn.split(":")[1]


def caller_identity(api: Api) -> Identity:
    """Who the credentials are; Unreadable (Malformed) when the answer is not an account and an ARN."""
    response = api.call("get_caller_identity") or {}
    account, arn = response.get("Account"), response.get("Arn")
    if not account or not arn or len(arn.split(":")) < 6 or not arn.startswith("arn:"):
        raise Malformed(f"malformed answer on {api.action('get_caller_identity')}: no account ID and ARN")
    return Identity(account, arn)


def assume_role(api: Api, role_arn: str, external_id: str | None) -> Mapping[str, str]:
    """Temporary credentials as boto3.Session keyword arguments."""
    params = {"RoleArn": role_arn, "RoleSessionName": "baomi-scan"}
    if external_id:
        params["ExternalId"] = external_id
    response = api.call("assume_role", **params)
    if response is None:  # only "absent" codes answer None; none is given here
        raise Malformed(f"malformed answer on {api.action('assume_role')}: no credentials")
    creds = response["Credentials"]  # an Answer: a missing key is Malformed, naming the call
    return {"aws_access_key_id": creds["AccessKeyId"], "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"]}
