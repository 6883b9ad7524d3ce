"""DynamoDB: tables (described once), their continuous backups and tags."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def tables(scope: Scope) -> tuple[Resource, ...]:
    api = scope.api("dynamodb")
    out = []
    for name in api.items("list_tables", "TableNames"):
        described = api.call("describe_table", TableName=name, absent=("ResourceNotFoundException",))
        if described:  # a table deleted between the two calls is simply gone
            table = described["Table"]
            out.append(Resource(table["TableArn"], name, scope.region, table))
    return tuple(out)


@fact()
def continuous_backups(scope: Scope, table: str) -> Mapping[str, Any]:
    response = scope.api("dynamodb").call("describe_continuous_backups", TableName=table)
    description: Mapping[str, Any] = (response or {}).get("ContinuousBackupsDescription", {})
    return description


@fact()
def tags(scope: Scope, arn: str) -> Mapping[str, str]:
    """A table's tags (DescribeTable has none): read only where a check needs them."""
    items = scope.api("dynamodb").items("list_tags_of_resource", "Tags", ResourceArn=arn)
    return {t["Key"]: t["Value"] for t in items}
