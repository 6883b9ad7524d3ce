"""BAOMI_AWS_DATA_CLASSIFICATION_TAG for CloudFormation: the rule of terraform/classification.py."""
from __future__ import annotations

from typing import Any

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.models.enums import CheckCategories, CheckResult

from baomi.checks.cloudformation.properties import prop, tag_map
from baomi.checks.terraform.classification import labelled
from baomi.checks.terraform.values import verdict
from baomi.settings import current

#: data-store types and the property holding their tags
_TAG_PROPERTY = {
    "AWS::S3::Bucket": "Tags", "AWS::RDS::DBInstance": "Tags", "AWS::RDS::DBCluster": "Tags",
    "AWS::DynamoDB::Table": "Tags", "AWS::EFS::FileSystem": "FileSystemTags", "AWS::Redshift::Cluster": "Tags",
    "AWS::DocDB::DBCluster": "Tags", "AWS::ElastiCache::ReplicationGroup": "Tags",
}


class ClassificationTag(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure AWS data stores carry a data-classification tag",
            id="BAOMI_AWS_DATA_CLASSIFICATION_TAG",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=tuple(_TAG_PROPERTY),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        keys = current().classification_tag_keys
        found = labelled(tag_map(prop(conf, _TAG_PROPERTY[self.entity_type])), keys)
        if found is False:
            self.details = [f"no tag named {' / '.join(keys)}"]
        elif found is None:
            self.details = [f"{_TAG_PROPERTY[self.entity_type]} could not be read: an intrinsic function or a value "
                            "known only at deploy time"]
        return verdict(None if found is None else not found)


check = ClassificationTag()
