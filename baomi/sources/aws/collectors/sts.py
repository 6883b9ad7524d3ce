"""STS: who the credentials belong to, and temporary credentials for a role in another account."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Identity:
    account: str
    arn: str

    @property
    def partition(self) -> str:
        return self.arn.split(":")[1]


def caller_identity(client: Any) -> Identity:
    response = client.get_caller_identity()
    return Identity(response["Account"], response["Arn"])


def assume_role(client: Any, role_arn: str, external_id: str | None) -> Mapping[str, str]:
    """Temporary credentials as boto3.Session keyword arguments."""
    params = {"RoleArn": role_arn, "RoleSessionName": "baomi-scan"}
    if external_id:
        params["ExternalId"] = external_id
    creds = client.assume_role(**params)["Credentials"]
    return {"aws_access_key_id": creds["AccessKeyId"], "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"]}
