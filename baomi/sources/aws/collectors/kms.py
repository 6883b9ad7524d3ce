"""KMS: keys with their metadata, rotation status and key policy of customer-managed keys."""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def keys(scope: Scope) -> tuple[Resource, ...]:
    api = scope.api("kms")
    out = []
    for key in api.items("list_keys", "Keys"):
        described = api.call("describe_key", KeyId=key["KeyId"])
        metadata = described["KeyMetadata"] if described else {}
        out.append(Resource(key["KeyArn"], key["KeyId"], scope.region, metadata))
    return tuple(out)


@fact()
def rotation_enabled(scope: Scope, key_id: str) -> bool:
    response = scope.api("kms").call("get_key_rotation_status", KeyId=key_id)
    return bool((response or {}).get("KeyRotationEnabled"))


@fact()
def key_policy(scope: Scope, key_id: str) -> Mapping[str, Any]:
    """The key policy (a key has one, named "default")."""
    response = scope.api("kms").call("get_key_policy", KeyId=key_id, PolicyName="default")
    return dict(json.loads(response["Policy"])) if response else {}
