"""Data in flight between systems: SQS queues, SNS topics and Kinesis streams encrypted at rest.

Messages carry the same customer data as the stores they come from, and wait in these services for days."""
from __future__ import annotations

from baomi.checks.aws import aws_check
from baomi.checks.verdicts import failed, not_evaluated, passed, verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import kinesis, sns, sqs
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource


@aws_check("AWS_SQS_ENCRYPTED", sqs.queues)
def sqs_encrypted(scope: Scope, queue: Resource, settings: Settings) -> Verdict:
    """A KMS key (SSE-KMS) or SQS-managed keys (SSE-SQS, the default of new queues since 2022)."""
    key, managed = queue.data.get("KmsMasterKeyId"), queue.data.get("SqsManagedSseEnabled")
    if isinstance(key, str) and key:
        return passed(f"encrypted with KMS key {key}")
    if managed == "true":
        return passed("encrypted with SQS-managed keys (SSE-SQS)")
    if managed == "false":
        return failed("the queue is not encrypted (no KmsMasterKeyId, SqsManagedSseEnabled false)")
    return not_evaluated(f"the queue has no KmsMasterKeyId and SqsManagedSseEnabled is "
                         f"{'absent' if managed is None else repr(managed)}, expected true or false")


@aws_check("AWS_SNS_ENCRYPTED", sns.topics)
def sns_encrypted(scope: Scope, topic: Resource, settings: Settings) -> Verdict:
    """SNS encrypts a topic only with a KMS key named on it; without one messages are stored in clear."""
    key = topic.data.get("KmsMasterKeyId")
    if key is not None and not isinstance(key, str):
        return not_evaluated(f"KmsMasterKeyId is {type(key).__name__}, expected a key ID")
    return verdict(bool(key), f"encrypted with KMS key {key}", "the topic is not encrypted (no KmsMasterKeyId)")


@aws_check("AWS_KINESIS_ENCRYPTED", kinesis.streams)
def kinesis_encrypted(scope: Scope, stream: Resource, settings: Settings) -> Verdict:
    encryption = stream.data.get("EncryptionType")
    if encryption == "KMS":
        return passed(f"encrypted with KMS key {stream.data.get('KeyId')}")
    if encryption == "NONE":
        return failed("the stream is not encrypted (EncryptionType NONE)")
    return not_evaluated(f"EncryptionType is {'absent' if encryption is None else repr(encryption)}, "
                         "expected KMS or NONE")
