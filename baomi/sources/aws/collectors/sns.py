"""SNS: topics with their attributes (asked once per topic)."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def topics(scope: Scope) -> tuple[Resource, ...]:
    api = scope.api("sns")
    out = []
    for topic in api.items("list_topics", "Topics"):
        arn = topic["TopicArn"]
        answer = api.call("get_topic_attributes", TopicArn=arn, absent=("NotFound",))
        if answer:  # a topic deleted between the two calls is simply gone
            out.append(Resource(arn, arn.rsplit(":", 1)[-1], scope.region, answer["Attributes"]))
    return tuple(out)
