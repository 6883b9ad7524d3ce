"""EFS: file systems."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def file_systems(scope: Scope) -> tuple[Resource, ...]:
    items = scope.api("efs").items("describe_file_systems", "FileSystems")
    return tuple(Resource(f["FileSystemArn"], f["FileSystemId"], scope.region, f) for f in items)
