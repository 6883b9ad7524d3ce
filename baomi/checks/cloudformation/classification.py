"""BAOMI_AWS_DATA_CLASSIFICATION_TAG for CloudFormation: the rule of terraform/classification.py (a
classification tag whose value is a level of the scheme, judged by ``checks/records.py``)."""
from __future__ import annotations

from typing import Any

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.models.enums import CheckCategories, CheckResult

from baomi.checks.cloudformation.properties import CLOUDFORMATION, prop, tag_map
from baomi.checks.records import Unread, classification, labels
from baomi.checks.terraform.values import verdict
from baomi.settings import current

#: data-store types and the property holding their tags
_TAG_PROPERTY = {
    "AWS::S3::Bucket": "Tags", "AWS::RDS::DBInstance": "Tags", "AWS::RDS::DBCluster": "Tags",
    "AWS::DynamoDB::Table": "Tags", "AWS::EFS::FileSystem": "FileSystemTags", "AWS::Redshift::Cluster": "Tags",
    "AWS::DocDB::DBCluster": "Tags", "AWS::ElastiCache::ReplicationGroup": "Tags",
}
_DEPLOY_TIME = "an intrinsic function or a value known only at deploy time"


class ClassificationTag(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure AWS data stores carry a data-classification tag with a level of the scheme",
            id="BAOMI_AWS_DATA_CLASSIFICATION_TAG",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=tuple(_TAG_PROPERTY),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        settings, attribute = current(), _TAG_PROPERTY[self.entity_type]
        found = labels([tag_map(prop(conf, attribute))], settings.classification_tag_keys)
        # a tag list or map behind an intrinsic function is named as such, not quoted
        found = {k: Unread(_DEPLOY_TIME) if isinstance(v, Unread) else v for k, v in found.items()}
        judgement = classification(found, settings, CLOUDFORMATION.unresolved, attribute)
        self.details = [judgement.message]
        return verdict(None if judgement.ok is None else not judgement.ok)


check = ClassificationTag()
