"""Data stores carry a data-classification label (a tag named in ``settings.classification_tag_keys``).

Classification decides which protection a store needs; an unlabelled store is an unmanaged one.
``labelled`` is shared with CloudFormation. For AWS, the provider's ``default_tags`` (through checkov's
graph) and a plan's ``tags_all`` count too, since Terraform applies them to every resource.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.terraform.graph import block_attributes
from baomi.checks.terraform.values import any_true, scalar, verdict
from baomi.settings import current


def labelled(tags: Any, keys: Iterable[str]) -> bool | None:
    """Does the tag map hold a classification key with a value? None if the map is unresolved."""
    if tags is None:
        return False
    if not isinstance(tags, Mapping):
        return None
    return any(tags.get(k) not in (None, "") for k in keys)


def _default_tags(graph: Any, provider_address: Any) -> Any:
    if not isinstance(provider_address, str):
        return None
    provider = block_attributes(graph, "provider", provider_address)
    default_tags = (provider or {}).get("default_tags")
    return default_tags.get("tags") if isinstance(default_tags, Mapping) else default_tags


class ClassificationTag(BaseResourceCheck):
    def __init__(self, check_id: str, cloud: str, resources: Iterable[str]) -> None:
        super().__init__(
            name=f"Ensure {cloud} data stores carry a data-classification tag",
            id=check_id,
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=tuple(resources),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        keys = current().classification_tag_keys
        sources = [scalar(conf, "tags"), scalar(conf, "tags_all")]
        if self.entity_type.startswith("aws_"):
            sources.append(_default_tags(self.graph, conf.get("__provider_address__")))
        found = any_true(labelled(tags, keys) for tags in sources)
        if found is False:
            self.details = [f"no tag named {' / '.join(keys)}"]
        return verdict(None if found is None else not found)


AWS_DATA_STORES = ("aws_s3_bucket", "aws_db_instance", "aws_rds_cluster", "aws_dynamodb_table",
                   "aws_efs_file_system", "aws_redshift_cluster", "aws_docdb_cluster",
                   "aws_elasticache_replication_group")
checks = (
    ClassificationTag("BAOMI_AWS_DATA_CLASSIFICATION_TAG", "AWS", AWS_DATA_STORES),
    ClassificationTag("BAOMI_ALI_DATA_CLASSIFICATION_TAG", "Alibaba Cloud",
                      ("alicloud_oss_bucket", "alicloud_db_instance", "alicloud_polardb_cluster",
                       "alicloud_kvstore_instance", "alicloud_mongodb_instance")),
    ClassificationTag("BAOMI_TC_DATA_CLASSIFICATION_TAG", "Tencent Cloud",
                      ("tencentcloud_cos_bucket", "tencentcloud_mysql_instance", "tencentcloud_postgresql_instance",
                       "tencentcloud_redis_instance", "tencentcloud_mongodb_instance")),
)
