"""SQS: queues with the attributes that say how they are encrypted (asked once per queue)."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact

#: the only attributes read: a queue's other attributes (its policy, counts) are not needed
_ATTRIBUTES = ["QueueArn", "KmsMasterKeyId", "SqsManagedSseEnabled"]
#: a queue deleted between the listing and the question is simply gone
_GONE = ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")


@fact()
def queues(scope: Scope) -> tuple[Resource, ...]:
    api = scope.api("sqs")
    out = []
    for url in api.items("list_queues", "QueueUrls"):
        answer = api.call("get_queue_attributes", QueueUrl=url, AttributeNames=_ATTRIBUTES, absent=_GONE)
        if answer:
            attributes = answer["Attributes"]
            out.append(Resource(attributes["QueueArn"], url.rsplit("/", 1)[-1], scope.region, attributes))
    return tuple(out)
