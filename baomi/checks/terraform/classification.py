"""Data stores carry a data-classification label: a tag named in ``settings.classification_tag_keys`` whose
value is a level of the institution's scheme (``settings.classification_values``, ``checks/records.py``).

Classification decides which protection a store needs; an unlabelled store is an unmanaged one, and a label
outside the scheme ("confidential" where the scheme has levels 1 to 5) decides nothing. For AWS, the
provider's ``default_tags`` (through checkov's graph) count too, overridden key by key by the resource's own
tags, since Terraform applies them to every resource; a plan's ``tags_all`` is the merged result.
``resource_labels`` is shared with the lifecycle checks, which apply to the stores marked as holding
customer data.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.records import classification, labels
from baomi.checks.terraform.graph import block_attributes
from baomi.checks.terraform.values import is_expression, scalar, verdict
from baomi.settings import current


def _default_tags(graph: Any, provider_address: Any) -> Any:
    if not isinstance(provider_address, str):
        return None
    provider = block_attributes(graph, "provider", provider_address)
    default_tags = (provider or {}).get("default_tags")
    return default_tags.get("tags") if isinstance(default_tags, Mapping) else default_tags


def resource_labels(check: BaseResourceCheck, conf: Mapping[str, Any]) -> dict[str, Any]:
    """The classification tags of the resource ``check`` is judging (``records.labels``): the AWS provider's
    default tags, then the resource's ``tags``, then a plan's ``tags_all`` when it could be read."""
    layers = []
    if check.entity_type.startswith("aws_"):
        layers.append(_default_tags(check.graph, conf.get("__provider_address__")))
    layers.append(scalar(conf, "tags"))
    tags_all = scalar(conf, "tags_all")
    if isinstance(tags_all, Mapping):
        layers.append(tags_all)
    return labels(layers, current().classification_tag_keys)


class ClassificationTag(BaseResourceCheck):
    def __init__(self, check_id: str, cloud: str, resources: Iterable[str]) -> None:
        super().__init__(
            name=f"Ensure {cloud} data stores carry a data-classification tag with a level of the scheme",
            id=check_id,
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=tuple(resources),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        judgement = classification(resource_labels(self, conf), current(), is_expression)
        self.details = [judgement.message]
        return verdict(None if judgement.ok is None else not judgement.ok)


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
